//! The month-end batch: exactly once, atomic, re-exported identically, read back, imported.

use std::path::{Path, PathBuf};
use tingping::domain::model::{AppearCategory, KeyCategory};
use tingping::domain::period::Period;
use tingping::domain::rubric::Rubric;
#[allow(unused_imports)]
use tingping::i18n::prelude::*;
use tingping::report::{self, Format, Options, docx::Template};
use tingping_store::batch::Source;
use tingping_store::{HearingInput, Store};

const COURT: (&str, &str) = ("合肥市蜀山区人民法院", "皖0104");
/// The day the tests run on, whatever the clock says: every month they export has begun.
const TODAY: Option<chrono::NaiveDate> = chrono::NaiveDate::from_ymd_opt(2027, 1, 15);

/// A court's signing key, the same in every run.
fn signer(code: &str) -> tingping::sign::Signer {
    tingping::sign::Signer::from_seed(code, "", code)
}

const ISSUER: report::Issuer = report::Issuer {
    name: COURT.0,
    code: COURT.1,
    government: "蜀山区人民政府",
};

struct Court {
    store: Store,
    rubric: Rubric,
    n: u32,
    _dir: tempfile::TempDir,
}

impl Court {
    fn new() -> Court {
        tingping::i18n::set_lang(tingping::i18n::Lang::Zh);
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("tp.db")).unwrap();
        store.set_scope(tingping::domain::scope::Scope {
            government: ISSUER.government.into(),
            ..Default::default()
        });
        // (as an upper court, it trusts the keys of the courts the tests export from)
        for code in [COURT.1, "皖0111"] {
            let k = signer(code).public;
            store
                .trust_key(code, "", &k.public_key, &k.fingerprint)
                .unwrap();
        }
        Court {
            store,
            rubric: Rubric::default_rubric(),
            n: 0,
            _dir: dir,
        }
    }

    /// A court with `hearings` hearings of demo data.
    fn with_demo(hearings: usize, seed: u64) -> Court {
        let mut c = Court::new();
        tingping::demo::generate(
            &mut c.store,
            &c.rubric,
            &tingping::demo::Options::new(
                hearings,
                seed,
                chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            ),
        )
        .unwrap();
        c
    }

    /// A hearing on `date` with one agency; `category` appeared; scored and finalized when `finalize`.
    fn hearing(
        &mut self,
        date: &str,
        agency: &str,
        category: AppearCategory,
        marks: &[(&str, i64)],
        finalize: bool,
    ) -> (i64, i64) {
        self.n += 1;
        add_hearing(
            &mut self.store,
            &self.rubric,
            self.n,
            date,
            agency,
            category,
            marks,
            finalize,
        )
    }

    fn export(
        &mut self,
        period: &str,
        out: &Path,
        fail_after: Option<Format>,
    ) -> Result<report::Exported, report::ExportError> {
        self.export_with(period, out, Format::ALL, fail_after, None)
    }

    /// An export of `formats`, with `hook` run after the files are written and before the claim.
    fn export_with(
        &mut self,
        period: &str,
        out: &Path,
        formats: &[Format],
        fail_after: Option<Format>,
        hook: Option<&mut dyn FnMut()>,
    ) -> Result<report::Exported, report::ExportError> {
        let period = Period::parse(period).unwrap();
        let done = report::export(
            &mut self.store,
            &ISSUER,
            &self.rubric,
            &Template::default_template(),
            &period,
            Options {
                out: out.to_path_buf(),
                formats: formats.to_vec(),
                progress: &mut |_| {},
                fail_after,
                today: TODAY,
                shared_group: false,
                draft: false,
                before_claim: hook.map(|h| -> &mut dyn FnMut() { h }),
            },
            Some(&signer(ISSUER.code)),
        );
        // what the triggers keep (the unclaimed appearances a claim reads) agrees with the claims
        assert!(self.store.kept_agree().unwrap());
        done
    }
}

/// A hearing numbered `n` on `date` with one agency, in `store`; `category` appeared; scored and
/// finalized when `finalize`.
#[allow(clippy::too_many_arguments)]
fn add_hearing(
    store: &mut Store,
    rubric: &Rubric,
    n: u32,
    date: &str,
    agency: &str,
    category: AppearCategory,
    marks: &[(&str, i64)],
    finalize: bool,
) -> (i64, i64) {
    let input = HearingInput {
        case_number: format!("（2026）皖0104行初{n}号"),
        cause: "不服行政处罚决定".into(),
        court: COURT.0.into(),
        judge: "王审判".into(),
        clerk: "李书记".into(),
        date: date.into(),
        start_time: "09:30".into(),
        key_category: Some(KeyCategory::Environment),
        ..Default::default()
    };
    let h = store.insert_hearing(&input, &[agency.to_string()]).unwrap();
    let mut a = store.appearances(h).unwrap().remove(0);
    a.category = category;
    if category.scorable() {
        a.person = "张建国".into();
        a.title = "局长".into();
    }
    store.update_appearance(&a).unwrap();
    let mut eval = 0;
    if category.scorable() {
        eval = store.evaluation_for(a.id, rubric).unwrap().id;
        for (item, v) in marks {
            store.set_mark(eval, item, *v).unwrap();
        }
        if finalize {
            store.finalize(eval, "王审判").unwrap();
        }
    }
    (a.id, eval)
}

fn json_records(folder: &Path) -> Vec<serde_json::Value> {
    let json = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json") && !p.ends_with("manifest.json"))
        .unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    assert_eq!(v["schema"], "tingping.batch/2");
    v["records"].as_array().unwrap().clone()
}

fn files(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_case_once_and_only_once_across_periods() {
    let mut c = Court::new();
    let out = tempfile::tempdir().unwrap();
    c.hearing(
        "2026-10-09",
        "合肥市生态环境局",
        AppearCategory::Principal,
        &[("pretrial_coordination", 10)],
        true,
    );
    let (_, draft) = c.hearing(
        "2026-10-15",
        "蜀山区人民政府",
        AppearCategory::Deputy,
        &[("late", 1)],
        false,
    );
    c.hearing(
        "2026-10-20",
        "南岗镇人民政府",
        AppearCategory::Nobody,
        &[],
        false,
    );
    c.hearing(
        "2026-11-03",
        "合肥市公安局",
        AppearCategory::Staff,
        &[],
        true,
    );

    let preview = c.store.preview(&Period::parse("2026-10").unwrap()).unwrap();
    assert_eq!(
        (
            preview.claim,
            preview.evaluations,
            preview.absences,
            preview.drafts
        ),
        (2, 1, 1, 1)
    );
    let oct = c.export("2026-10", out.path(), None).unwrap();
    assert_eq!(
        (oct.meta.appearances, oct.meta.evaluations, oct.meta.late),
        (2, 1, 0)
    );
    let first = files(&oct.folder);

    // the draft is finalized after the October batch: November claims it, marked late
    c.store.finalize(draft, "王审判").unwrap();
    let nov = c.export("2026-11", out.path(), None).unwrap();
    assert_eq!(
        (nov.meta.appearances, nov.meta.evaluations, nov.meta.late),
        (2, 2, 1)
    );
    let late: Vec<_> = json_records(&nov.folder)
        .iter()
        .filter(|r| r["late"] == true)
        .map(|r| r["agency"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(late, vec!["蜀山区人民政府"]);

    // exporting October again re-produces it byte for byte and claims nothing
    let again = c.export("2026-10", out.path(), None).unwrap();
    assert_eq!(again.meta.appearances, 2);
    assert_eq!(files(&again.folder), first);
    // re-exporting one format keeps the batch's other files, and the manifest is the same
    let period = Period::parse("2026-10").unwrap();
    let csv_only = report::export(
        &mut c.store,
        &ISSUER,
        &c.rubric,
        &Template::default_template(),
        &period,
        Options {
            out: out.path().to_path_buf(),
            formats: vec![Format::Csv],
            progress: &mut |_| {},
            fail_after: None,
            today: TODAY,
            shared_group: false,
            draft: false,
            before_claim: None,
        },
        Some(&signer(ISSUER.code)),
    )
    .unwrap();
    assert_eq!(files(&csv_only.folder), first);
    let nothing_left = c.store.preview(&Period::parse("2026-12").unwrap()).unwrap();
    assert_eq!(nothing_left.claim, 0);

    // every appearance is in exactly one batch
    let mut cases: Vec<String> = [&oct.folder, &nov.folder]
        .iter()
        .flat_map(|f| json_records(f))
        .map(|r| r["case_number"].as_str().unwrap().to_string())
        .collect();
    cases.sort();
    let before = cases.len();
    cases.dedup();
    assert_eq!((before, cases.len()), (4, 4));
    assert_eq!(c.store.batches().unwrap().len(), 2);
}

fn docx_text(folder: &Path) -> String {
    let mut docs = String::new();
    for p in std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "docx"))
    {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&p).unwrap()).unwrap();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut docs)
            .unwrap();
    }
    docs
}

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn a_performance_outcome_recorded_later_is_reported_once() {
    use tingping_store::StoreError;
    let mut c = Court::new();
    let out = tempfile::tempdir().unwrap();
    let marks = [("pretrial_coordination", 10), ("in_court_stance", 10)];
    let (_, a) = c.hearing(
        "2026-10-09",
        "合肥市生态环境局",
        AppearCategory::Principal,
        &marks,
        true,
    );
    let (_, d) = c.hearing(
        "2026-10-12",
        "合肥市公安局",
        AppearCategory::Deputy,
        &marks,
        true,
    );
    // settled at finalizing: nothing to follow up
    let (_, settled) = c.hearing(
        "2026-10-14",
        "蜀山区人民政府",
        AppearCategory::Principal,
        &[("outcome", 2)],
        true,
    );
    let (_, draft) = c.hearing(
        "2026-10-16",
        "合肥市自然资源和规划局",
        AppearCategory::Staff,
        &[],
        false,
    );

    let oct = c.export("2026-10", out.path(), None).unwrap();
    assert_eq!(oct.report.total.performance.get("pending"), Some(&2));
    let oct_files = files(&oct.folder);

    // what may not be recorded, and why
    let refused = |r: Result<_, StoreError>| match r {
        Err(StoreError::Refused(why)) => tingping::i18n::say(&why),
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert!(
        refused(
            c.store
                .record_performance(draft, "on_time", "李书记", day("2026-11-01"))
        )
        .contains("尚未定稿")
    );
    assert!(
        refused(
            c.store
                .record_performance(settled, "late", "李书记", day("2026-11-01"))
        )
        .contains("修订")
    );
    assert!(
        refused(
            c.store
                .record_performance(a, "pending", "李书记", day("2026-11-01"))
        )
        .contains("pending")
    );
    assert!(
        refused(
            c.store
                .record_performance(a, "on_time", "  ", day("2026-11-01"))
        )
        .contains("记录人")
    );

    // a refuses to perform the judgment: 0 points and a flag; recorded in November
    let score = c
        .store
        .record_performance(a, "refused", "李书记", day("2026-11-12"))
        .unwrap();
    assert_eq!(score.grade.as_deref(), Some("fail"));
    assert!(score.flags.contains(&"refused_performance".to_string()));
    // first chosen wrongly, then corrected before any batch reported it
    c.store
        .record_performance(d, "enforced", "李书记", day("2026-11-13"))
        .unwrap();
    c.store.clear_performance(d).unwrap();
    assert_eq!(c.store.performance(d).unwrap(), None);
    // the evaluation's own marks stay locked
    assert!(matches!(
        c.store.set_mark(a, "outcome", 2),
        Err(StoreError::Locked)
    ));
    assert_eq!(c.store.score_of(a).unwrap().grade.as_deref(), Some("fail"));

    // a November hearing whose outcome is known before the November batch: reported with it
    let (_, n) = c.hearing(
        "2026-11-03",
        "合肥市市场监督管理局",
        AppearCategory::Principal,
        &marks,
        true,
    );
    c.store
        .record_performance(n, "on_time", "李书记", day("2026-11-20"))
        .unwrap();

    let preview = c.store.preview(&Period::parse("2026-11").unwrap()).unwrap();
    assert_eq!((preview.claim, preview.outcomes), (1, 2));
    let nov = c.export("2026-11", out.path(), None).unwrap();
    assert_eq!((nov.meta.appearances, nov.meta.outcomes), (1, 2));
    let t = &nov.report.total;
    assert_eq!(
        (t.appearances, t.evaluations, t.followups, t.hearings),
        (1, 1, 1, 1)
    );
    assert_eq!(t.performance.get("refused"), Some(&1));
    assert_eq!(t.performance.get("on_time"), Some(&1));
    assert_eq!(t.performance.get("pending"), None);
    let records = json_records(&nov.folder);
    let follow: Vec<_> = records.iter().filter(|r| r["followup"] == true).collect();
    assert_eq!(follow.len(), 1);
    assert_eq!(follow[0]["agency"], "合肥市生态环境局");
    assert_eq!(
        follow[0]["flags"],
        serde_json::json!(["refused_performance"])
    );
    assert_eq!(follow[0]["evaluation"]["performance"], "refused");
    assert_eq!(
        follow[0]["evaluation"]["performance_recorded"]["by"],
        "李书记"
    );
    let merged = records.iter().find(|r| r["followup"] == false).unwrap();
    assert_eq!(merged["evaluation"]["performance"], "on_time");
    assert_eq!(merged["evaluation"]["total"], 90.0);
    // the notice names the refusal by case and agency and counts the outcomes
    let docs = docx_text(&nov.folder);
    assert!(
        docs.contains("（2026）皖0104行初1号") && docs.contains("拒不履行"),
        "{docs}"
    );
    assert!(docs.contains("本期报送判决履行情况2人次"), "{docs}");
    // the CSV holds this batch's evaluations only; the follow-up is on the performance sheet
    let csv = std::fs::read_to_string(nov.folder.join("tongbao-2026-11.csv")).unwrap();
    assert_eq!(csv.lines().count(), 2);
    {
        use calamine::{Reader, Xlsx, open_workbook};
        let mut wb: Xlsx<_> = open_workbook(nov.folder.join("tongbao-2026-11.xlsx")).unwrap();
        let sheet = wb.worksheet_range("判决履行").unwrap();
        assert_eq!(sheet.rows().count(), 3);
    }

    // reported: locked from now on
    assert!(
        refused(
            c.store
                .record_performance(a, "on_time", "李书记", day("2026-11-30"))
        )
        .contains("2026-11")
    );
    assert!(matches!(
        c.store.clear_performance(a),
        Err(StoreError::Refused(_))
    ));
    assert_eq!(
        c.store.performance(a).unwrap().unwrap().batch.as_deref(),
        Some("2026-11")
    );

    // an outcome recorded in November after the November batch goes into December, marked late
    c.store
        .record_performance(d, "late", "李书记", day("2026-11-28"))
        .unwrap();
    let dec = c.export("2026-12", out.path(), None).unwrap();
    assert_eq!(
        (dec.meta.appearances, dec.meta.outcomes, dec.meta.late),
        (0, 1, 1)
    );
    assert_eq!(
        (dec.report.total.followups, dec.report.total.late_items),
        (1, 1)
    );

    // re-exports reproduce each batch: October still shows a pending, November the refusal
    let again = c.export("2026-10", out.path(), None).unwrap();
    assert_eq!(files(&again.folder), oct_files);
    let nov_files = files(&nov.folder);
    let again = c.export("2026-11", out.path(), None).unwrap();
    assert_eq!(files(&again.folder), nov_files);
    assert_eq!(
        c.store
            .preview(&Period::parse("2027-01").unwrap())
            .unwrap()
            .outcomes,
        0
    );

    // an upper court importing November counts the follow-up as the lower court did
    let mut upper = Court::new();
    report::import::import(&mut upper.store, &nov.folder, Default::default()).unwrap();
    let merged = report::indicators(&upper.store.reader(
        Source::Candidates(Period::parse("2026-11").unwrap()),
        "安徽省合肥市中级人民法院",
        true,
    ))
    .unwrap();
    assert_eq!(merged.total, nov.report.total);
}

/// A month whose drafts were entered out of date order (a later hearing first, as a schedule
/// imported in another order leaves them) is claimed: what the claim keeps of them reads back in
/// the order the candidates were read in, so the export's check of its own snapshot holds (it
/// failed as "records kept changing" five times over, whatever the court did).
#[test]
fn drafts_entered_out_of_date_order_are_claimed() {
    let mut c = Court::new();
    let out = tempfile::tempdir().unwrap();
    c.hearing(
        "2026-10-20",
        "合肥市生态环境局",
        AppearCategory::Principal,
        &[],
        false,
    );
    c.hearing(
        "2026-10-09",
        "合肥市公安局",
        AppearCategory::Deputy,
        &[],
        false,
    );
    c.hearing(
        "2026-10-15",
        "蜀山区人民政府",
        AppearCategory::Principal,
        &[],
        true,
    );
    let done = c
        .export("2026-10", out.path(), None)
        .expect("the month is claimed");
    assert_eq!(done.meta.appearances, 1);
    assert_eq!(done.report.total.drafts, 2);
    // and claimed again (a re-export), it says the same
    let again = c.export("2026-10", out.path(), None).expect("re-exported");
    assert_eq!(again.report.total.drafts, 2);
}

#[test]
fn a_failed_export_claims_nothing_and_leaves_nothing() {
    let mut c = Court::new();
    let out = tempfile::tempdir().unwrap();
    c.hearing(
        "2026-10-09",
        "合肥市生态环境局",
        AppearCategory::Principal,
        &[],
        true,
    );
    c.hearing(
        "2026-10-10",
        "南岗镇人民政府",
        AppearCategory::LawyerOnly,
        &[],
        false,
    );
    let folder = out.path().join("tingping-0104-2026-10");
    for (fail, name) in [
        (Format::Json, "tongbao-2026-10.json"),
        (Format::Csv, "tongbao-2026-10.csv"),
        (Format::Xlsx, "tongbao-2026-10.xlsx"),
        (Format::Docx, "tongbao-2026-10-notice.docx"),
    ] {
        let err = c
            .export("2026-10", out.path(), Some(fail))
            .err()
            .expect("the export fails");
        // the file being written and why, in the user's language (not "cannot open the database")
        let msg = err.to_string();
        assert!(
            msg.contains(&folder.join(name).display().to_string()),
            "{msg}"
        );
        assert!(msg.contains("磁盘已满"), "{msg}");
        assert!(!msg.contains("数据库"), "{msg}");
        assert!(c.store.batch("2026-10").unwrap().is_none());
        assert_eq!(
            c.store
                .preview(&Period::parse("2026-10").unwrap())
                .unwrap()
                .claim,
            2
        );
        assert_eq!(
            std::fs::read_dir(out.path()).unwrap().count(),
            0,
            "no partial folder, no temporary folder"
        );
    }
    tingping::i18n::set_lang(tingping::i18n::Lang::En);
    let msg = c
        .export("2026-10", out.path(), Some(Format::Csv))
        .err()
        .expect("the export fails")
        .to_string();
    tingping::i18n::set_lang(tingping::i18n::Lang::Zh);
    assert!(msg.contains("tongbao-2026-10.csv"), "{msg}");
    assert!(msg.contains("the disk is full"), "{msg}");
    assert!(!msg.contains("database"), "{msg}");
    // an output path that is a file: refused, nothing claimed
    let file = out.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    assert!(c.export("2026-10", &file, None).is_err());
    assert!(c.store.batch("2026-10").unwrap().is_none());
    // and then it works
    let ok = c.export("2026-10", out.path(), None).unwrap();
    assert_eq!(ok.meta.appearances, 2);
}

#[test]
fn the_files_read_back_agree_with_the_stats() {
    use calamine::{DataType, Reader, Xlsx, open_workbook};
    let mut c = Court::with_demo(300, 9);
    let out = tempfile::tempdir().unwrap();
    let period = Period::parse("2026-09").unwrap();
    // stats before exporting = what the export reports
    let stats = report::indicators(&c.store.reader(
        Source::Candidates(period.clone()),
        COURT.0,
        true,
    ))
    .unwrap();
    let ex = c.export("2026-09", out.path(), None).unwrap();
    assert_eq!(ex.report.total, stats.total);
    let after = report::indicators(&c.store.reader(
        Source::Batch("2026-09".into()),
        COURT.0,
        false,
    ))
    .unwrap();
    assert_eq!(after.total, stats.total);
    let total = &stats.total;

    // xlsx: the summary's numbers are the stats' numbers, the details hold every evaluation
    let path = ex.folder.join("tongbao-2026-09.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let names = wb.sheet_names();
    assert_eq!(
        names[..6],
        [
            "汇总",
            "机关排名",
            "评议明细",
            "逐案点名",
            "判决履行",
            "更正"
        ]
    );
    let summary = wb.worksheet_range("汇总").unwrap();
    let find = |label: &str| -> calamine::Data {
        let row = summary
            .rows()
            .find(|r| r[0] == label)
            .unwrap_or_else(|| panic!("{label} in the summary"));
        row[1].clone()
    };
    assert_eq!(
        find("评议人次（含委托工作人员）").as_f64(),
        Some(total.evaluations as f64)
    );
    assert_eq!(find("开庭件次").as_f64(), Some(total.hearings as f64));
    assert!(
        (find("负责人出庭率（负责人出庭人次／应出庭人次）")
            .as_f64()
            .unwrap()
            - total.heads_appeared.value().unwrap())
        .abs()
            < 1e-12
    );
    assert!(
        (find("平均总分").as_f64().unwrap() - total.total_average.tenths().unwrap() as f64 / 10.0)
            .abs()
            < 1e-9
    );
    let details = wb.worksheet_range("评议明细").unwrap();
    // every evaluation the batch claims: the month's own and the late ones from earlier months
    let late = &ex.report.late;
    assert!(late.evaluations > 0);
    assert_eq!(
        details.rows().count() as u64,
        total.evaluations + late.evaluations + 1
    );
    assert_eq!(details.rows().next().unwrap()[0].to_string(), "案号");
    let rollcall = wb.worksheet_range("逐案点名").unwrap();
    assert!(rollcall.rows().count() as u64 > total.nobody + total.lawyer_only);

    // csv: a BOM, a header, one row per evaluation with as many fields as the header
    let csv = std::fs::read(ex.folder.join("tongbao-2026-09.csv")).unwrap();
    assert_eq!(&csv[..3], b"\xEF\xBB\xBF");
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len() as u64, total.evaluations + late.evaluations + 1);
    let width = lines[0].split(',').count();
    assert!(
        lines
            .iter()
            .all(|l| !l.contains('"') && l.split(',').count() == width)
    );
    assert!(lines[0].starts_with("案号,开庭日期"));

    // docx: one notice per government; each names every absence and flag of its agencies
    let records = json_records(&ex.folder);
    let mut docs = String::new();
    for p in std::fs::read_dir(&ex.folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "docx"))
    {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&p).unwrap()).unwrap();
        let mut part = |name: &str| {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut xml).unwrap();
            xml
        };
        let xml = part("word/document.xml");
        assert!(xml.contains("仿宋_GB2312"));
        let main = p.ends_with("tongbao-2026-09-notice.docx");
        // the notice's 发文字号 in its 版头, or an extract's from the 函 sequence in the first
        // page's header (信函格式)
        if main {
            assert!(xml.contains("蜀法〔2"));
        } else {
            assert!(!xml.contains("蜀法函〔2") && part("word/header1.xml").contains("蜀法函〔2"));
        }
        let title = if main {
            "行政机关负责人出庭应诉情况的通报"
        } else {
            "所属行政机关负责人出庭应诉情况的函"
        };
        assert!(xml.contains(title), "{}", p.display());
        if main {
            docs.push_str(&xml);
        }
    }
    // the main notice to the court's government, an extract (函) to each other government
    assert_eq!(
        1 + stats
            .by_government
            .keys()
            .filter(|g| g.as_str() != ISSUER.government)
            .count(),
        std::fs::read_dir(&ex.folder)
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "docx"))
            .count()
    );
    let absences: Vec<_> = records
        .iter()
        .filter(|r| r["category"] == "nobody" || r["category"] == "lawyer_only")
        .collect();
    assert!(!absences.is_empty());
    for r in absences {
        let needle = format!(
            "{}，{}",
            r["case_number"].as_str().unwrap(),
            r["agency"].as_str().unwrap()
        );
        assert!(docs.contains(&needle), "the notice names {needle}");
    }

    // the manifest's checksums are the files'
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ex.folder.join("manifest.json")).unwrap())
            .unwrap();
    for f in manifest["files"].as_array().unwrap() {
        let bytes = std::fs::read(ex.folder.join(f["name"].as_str().unwrap())).unwrap();
        let sha: String = <sha2::Sha256 as sha2::Digest>::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(f["sha256"].as_str().unwrap(), sha);
    }
}

fn court_batch(seed: u64, court: (&str, &str), out: &Path) -> PathBuf {
    let mut c = Court::new();
    tingping::demo::generate(
        &mut c.store,
        &c.rubric,
        &tingping::demo::Options {
            court: (court.0.to_string(), court.1.to_string()),
            ..tingping::demo::Options::new(
                120,
                seed,
                chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            )
        },
    )
    .unwrap();
    let period = Period::parse("2026-10").unwrap();
    report::export(
        &mut c.store,
        &report::Issuer {
            name: court.0,
            code: court.1,
            government: "合肥市人民政府",
        },
        &c.rubric,
        &Template::default_template(),
        &period,
        Options {
            out: out.to_path_buf(),
            formats: vec![Format::Json, Format::Csv],
            progress: &mut |_| {},
            fail_after: None,
            today: TODAY,
            shared_group: false,
            draft: false,
            before_claim: None,
        },
        Some(&signer(court.1)),
    )
    .unwrap()
    .folder
}

/// What an upper court's October holds, its imports included.
fn october_at(upper: &Court) -> tingping::domain::indicators::Report {
    report::indicators(&upper.store.reader(
        Source::Candidates(Period::parse("2026-10").unwrap()),
        "安徽省合肥市中级人民法院",
        true,
    ))
    .unwrap()
}

#[test]
fn an_upper_court_merges_batches_once_and_refuses_tampering() {
    use tingping_store::batch::ImportOutcome;
    let out = tempfile::tempdir().unwrap();
    let a = court_batch(1, ("合肥市蜀山区人民法院", "皖0104"), &out.path().join("a"));
    let b = court_batch(2, ("合肥市包河区人民法院", "皖0111"), &out.path().join("b"));
    let mut upper = Court::new();
    let ia = report::import::import(&mut upper.store, &a, Default::default()).unwrap();
    assert_eq!(ia.outcome, ImportOutcome::Added);
    let ib = report::import::import(
        &mut upper.store,
        &b.join("manifest.json"),
        Default::default(),
    )
    .unwrap();
    assert_eq!(ib.outcome, ImportOutcome::Added);
    // the same batch again changes nothing
    assert_eq!(
        report::import::import(&mut upper.store, &a, Default::default())
            .unwrap()
            .outcome,
        ImportOutcome::Unchanged
    );
    let merged = october_at(&upper);
    // the month's own appearances, and apart from them the late items from earlier months
    assert_eq!(
        (merged.total.appearances + merged.total.late_items) as usize,
        ia.records + ib.records
    );
    assert!(merged.total.late_items > 0 && merged.late.appearances == merged.total.late_items);
    assert_eq!(merged.by_court.len(), 2);
    // a modified file is refused with the reason, and nothing changes
    let csv = std::fs::read_dir(&b)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "csv"))
        .unwrap();
    let mut bytes = std::fs::read(&csv).unwrap();
    bytes.push(b'\n');
    std::fs::write(&csv, bytes).unwrap();
    let err = report::import::import(&mut upper.store, &b, Default::default()).unwrap_err();
    assert!(err.contains("已被修改"), "{err}");
    assert_eq!(upper.store.imported_batches().unwrap().len(), 2);
    // the upper court's own export carries a summary per court
    let ex = upper
        .export("2026-10", &out.path().join("upper"), None)
        .unwrap();
    assert_eq!(ex.report.by_court.len(), 2);
    // (both came signed: the notice says nothing of signatures)
    assert!(!docx_text(&ex.folder).contains("未经签名核验"));
    let path = std::fs::read_dir(&ex.folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.extension().is_some_and(|x| x == "xlsx") && !p.to_string_lossy().contains("-han-")
        })
        .unwrap();
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert!(calamine::Reader::sheet_names(&wb).contains(&"各法院汇总".to_string()));
}

#[test]
fn a_version_1_batch_still_imports() {
    // a batch as the first version wrote it: schema 1, no ids, court codes, case types or heads
    let out = tempfile::tempdir().unwrap();
    let folder = court_batch(
        4,
        ("合肥市包河区人民法院", "皖0111"),
        &out.path().join("v1"),
    );
    let json = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json") && !p.ends_with("manifest.json"))
        .unwrap();
    let text = std::fs::read_to_string(&json).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[0] = lines[0].replace("tingping.batch/2", "tingping.batch/1");
    for l in lines.iter_mut().skip(1) {
        let body = l.trim_end_matches(',');
        if let Ok(mut v) = serde_json::from_str::<serde_json::Value>(body) {
            for k in ["id", "court_code", "case_type", "head", "commended"] {
                v.as_object_mut().unwrap().remove(k);
            }
            let comma = if l.ends_with(',') { "," } else { "" };
            *l = format!("{v}{comma}");
        }
    }
    let old = lines.join("\n") + "\n";
    std::fs::write(&json, &old).unwrap();
    // its manifest, version 1, with the new checksum
    let mpath = folder.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&mpath).unwrap()).unwrap();
    manifest["schema"] = "tingping.manifest/1".into();
    manifest.as_object_mut().unwrap().remove("recipients");
    let name = json.file_name().unwrap().to_str().unwrap().to_string();
    for f in manifest["files"].as_array_mut().unwrap() {
        if f["name"] == name.as_str() {
            let sha: String = <sha2::Sha256 as sha2::Digest>::digest(old.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            f["sha256"] = sha.into();
            f["bytes"] = old.len().into();
        }
    }
    std::fs::write(&mpath, serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
    // (an earlier version signed nothing: taken when asked, as `--unsigned`)
    std::fs::remove_file(folder.join(tingping::sign::SIGNATURE_FILE)).unwrap();
    let mut upper = Court::new();
    let unsigned = report::import::How {
        unsigned: true,
        ..Default::default()
    };
    let imported = report::import::import(&mut upper.store, &folder, unsigned).unwrap();
    assert!(imported.records > 0);
    let merged = october_at(&upper);
    assert_eq!(
        (merged.total.appearances + merged.total.late_items) as usize,
        imported.records
    );
    // the upper court's notice of the month says which batch it took unsigned
    let ex = upper
        .export("2026-10", &out.path().join("upper"), None)
        .unwrap();
    let text = docx_text(&ex.folder);
    assert!(
        text.contains("未经签名核验") && text.contains(&format!("{}（2026-10）", imported.court)),
        "{}",
        &text[..text.len().min(2000)]
    );
}

#[test]
fn a_full_disk_while_the_records_stream_names_the_file() {
    let mut c = Court::with_demo(300, 9);
    let out = tempfile::tempdir().unwrap();
    // more than a write buffer of records: the failure comes while they are read and written
    for (fail, name) in [
        (Format::Json, "tongbao-2026-10.json"),
        (Format::Csv, "tongbao-2026-10.csv"),
    ] {
        let msg = c
            .export("2026-10", out.path(), Some(fail))
            .err()
            .expect("the export fails")
            .to_string();
        assert!(msg.contains(name), "{msg}");
        assert!(msg.contains("磁盘已满"), "{msg}");
        assert!(!msg.contains("数据库"), "{msg}");
        assert!(c.store.batch("2026-10").unwrap().is_none());
        assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
    }
}

/// The names in a folder, sorted.
fn names(folder: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The two October appearances every trust test exports.
fn october() -> Court {
    let mut c = Court::new();
    c.hearing(
        "2026-10-09",
        "合肥市生态环境局",
        AppearCategory::Principal,
        &[("pretrial_coordination", 10)],
        true,
    );
    c.hearing(
        "2026-10-20",
        "南岗镇人民政府",
        AppearCategory::Nobody,
        &[],
        false,
    );
    c
}

fn claimable(c: &Court, period: &str) -> i64 {
    c.store
        .preview(&Period::parse(period).unwrap())
        .unwrap()
        .claim
}

#[test]
fn an_export_writes_only_its_own_files() {
    let mut c = october();
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("tingping-0104-2026-10");
    // a folder of that name that no export made: refused, named, left as it was, nothing claimed
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("tongbao-2026-10.xlsx"), "planted").unwrap();
    let err = c
        .export("2026-10", out.path(), None)
        .err()
        .expect("refused");
    assert!(
        err.to_string().contains(&folder.display().to_string()),
        "{err}"
    );
    assert!(c.store.batch("2026-10").unwrap().is_none());
    assert_eq!(claimable(&c, "2026-10"), 2);
    assert_eq!(
        std::fs::read(folder.join("tongbao-2026-10.xlsx")).unwrap(),
        b"planted"
    );
    assert_eq!(names(out.path()), vec!["tingping-0104-2026-10"]);
    std::fs::remove_dir_all(&folder).unwrap();

    // the batch's own files, each listed in its manifest
    let first = c.export("2026-10", out.path(), None).unwrap();
    let exported = files(&first.folder);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("manifest.json")).unwrap()).unwrap();
    let mut listed: Vec<String> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .chain(["manifest.json".to_string(), "manifest.sig".to_string()])
        .collect();
    listed.sort();
    assert_eq!(names(&folder), listed);

    // a file planted in the batch's folder: neither copied nor listed; the re-export is refused,
    // naming it, whether it writes every format or one, and the folder stays as it was
    let planted = folder.join("tongbao-2026-10-han-9.xlsx");
    std::fs::write(&planted, "not ours").unwrap();
    for formats in [Format::ALL, &[Format::Csv][..]] {
        let err = c
            .export_with("2026-10", out.path(), formats, None, None)
            .err()
            .expect("refused");
        assert!(
            err.to_string().contains(&planted.display().to_string()),
            "{err}"
        );
        assert_eq!(names(&folder).len(), exported.len() + 1);
        assert_eq!(std::fs::read(&planted).unwrap(), b"not ours");
    }
    assert_eq!(names(out.path()), vec!["tingping-0104-2026-10"]);
    // nor when a forged manifest lists it with its right checksum: that manifest is not the one the
    // database recorded for the batch
    let manifest_path = folder.join("manifest.json");
    let genuine = std::fs::read(&manifest_path).unwrap();
    let mut forged: serde_json::Value = serde_json::from_slice(&genuine).unwrap();
    let sha: String = <sha2::Sha256 as sha2::Digest>::digest(b"not ours")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    forged["files"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "name": "tongbao-2026-10-han-9.xlsx", "sha256": sha, "bytes": 8
        }));
    std::fs::write(&manifest_path, serde_json::to_vec_pretty(&forged).unwrap()).unwrap();
    for formats in [Format::ALL, &[Format::Csv][..]] {
        let err = c
            .export_with("2026-10", out.path(), formats, None, None)
            .err()
            .expect("refused");
        assert!(
            err.to_string().contains(&folder.display().to_string()),
            "{err}"
        );
        assert_eq!(std::fs::read(&planted).unwrap(), b"not ours");
    }
    std::fs::write(&manifest_path, &genuine).unwrap();
    std::fs::remove_file(&planted).unwrap();

    // a listed file changed in place, its size kept: a re-export of other formats does not vouch
    // for it
    let json = folder.join("tongbao-2026-10.json");
    let original_json = std::fs::read(&json).unwrap();
    let mut changed = original_json.clone();
    *changed.last_mut().unwrap() = b' ';
    std::fs::write(&json, &changed).unwrap();
    let err = c
        .export_with("2026-10", out.path(), &[Format::Csv], None, None)
        .err()
        .expect("refused");
    assert!(
        err.to_string().contains(&json.display().to_string()),
        "{err}"
    );
    assert_eq!(std::fs::read(&json).unwrap(), changed);
    std::fs::write(&json, &original_json).unwrap();

    // a listed file changed since: a re-export of other formats does not vouch for it
    let xlsx = folder.join("tongbao-2026-10.xlsx");
    let original = std::fs::read(&xlsx).unwrap();
    std::fs::write(&xlsx, "changed").unwrap();
    let err = c
        .export_with("2026-10", out.path(), &[Format::Csv], None, None)
        .err()
        .expect("refused");
    assert!(
        err.to_string().contains(&xlsx.display().to_string()),
        "{err}"
    );
    assert_eq!(std::fs::read(&xlsx).unwrap(), b"changed");
    // nor for a listed name that is now a link to another file
    #[cfg(unix)]
    {
        let secret = out.path().join("secret.txt");
        std::fs::write(&secret, "personal data").unwrap();
        std::fs::remove_file(&xlsx).unwrap();
        std::os::unix::fs::symlink(&secret, &xlsx).unwrap();
        let err = c
            .export_with("2026-10", out.path(), &[Format::Csv], None, None)
            .err()
            .expect("refused");
        assert!(
            err.to_string().contains(&xlsx.display().to_string()),
            "{err}"
        );
        // not even to be written anew: a batch folder holds only regular files
        let err = c
            .export("2026-10", out.path(), None)
            .err()
            .expect("refused");
        assert!(
            err.to_string().contains(&xlsx.display().to_string()),
            "{err}"
        );
        assert_eq!(std::fs::read(&secret).unwrap(), b"personal data");
        std::fs::remove_file(&xlsx).unwrap();
        std::fs::remove_file(&secret).unwrap();
    }
    // writing every format again makes it anew, byte for byte
    let again = c.export("2026-10", out.path(), None).unwrap();
    assert_eq!(files(&again.folder), exported);
    assert_eq!(std::fs::read(&xlsx).unwrap(), original);

    // another batch's folder under this batch's name: refused, nothing claimed
    c.hearing(
        "2026-11-03",
        "合肥市公安局",
        AppearCategory::Staff,
        &[],
        true,
    );
    let november = out.path().join("tingping-0104-2026-11");
    std::fs::create_dir(&november).unwrap();
    for (name, bytes) in &exported {
        std::fs::write(november.join(name), bytes).unwrap();
    }
    let err = c
        .export("2026-11", out.path(), None)
        .err()
        .expect("refused");
    assert!(
        err.to_string().contains(&november.display().to_string()),
        "{err}"
    );
    assert!(c.store.batch("2026-11").unwrap().is_none());
    assert_eq!(claimable(&c, "2026-11"), 1);
    assert_eq!(files(&november), exported);
}

#[cfg(unix)]
#[test]
fn a_batch_folder_that_is_a_link_is_refused() {
    let mut c = october();
    let out = tempfile::tempdir().unwrap();
    let a = out.path().join("a");
    let b = out.path().join("b");
    std::fs::create_dir(&b).unwrap();
    let exported = c.export("2026-10", &a, None).unwrap();
    let before = files(&exported.folder);
    // even to an earlier export of the same batch: the link is refused, both left as they were
    let link = b.join("tingping-0104-2026-10");
    std::os::unix::fs::symlink(&exported.folder, &link).unwrap();
    let err = c.export("2026-10", &b, None).err().expect("refused");
    assert!(
        err.to_string().contains(&link.display().to_string()),
        "{err}"
    );
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(files(&exported.folder), before);
    assert_eq!(names(&b), vec!["tingping-0104-2026-10"]);
    // a new batch's folder that is a link elsewhere: refused, nothing claimed, nothing written there
    c.hearing(
        "2026-11-03",
        "合肥市公安局",
        AppearCategory::Staff,
        &[],
        true,
    );
    let elsewhere = out.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let link = b.join("tingping-0104-2026-11");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let err = c.export("2026-11", &b, None).err().expect("refused");
    assert!(
        err.to_string().contains(&link.display().to_string()),
        "{err}"
    );
    assert!(c.store.batch("2026-11").unwrap().is_none());
    assert_eq!(claimable(&c, "2026-11"), 1);
    assert!(names(&elsewhere).is_empty());
}

#[cfg(unix)]
#[test]
fn temporary_folders_of_dead_processes_are_removed() {
    let mut c = october();
    let out = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let live = std::os::unix::process::parent_id();
    let make = |name: &str| {
        let d = out.path().join(name);
        std::fs::create_dir(&d).unwrap();
        std::fs::write(d.join("tongbao-2026-10.csv"), "half").unwrap();
        d
    };
    let stale = [
        make(&format!(".tingping-0104-2026-10.tmp-{dead}")),
        make(&format!(".tingping-0104-2026-09.tmp-{dead}-3")),
    ];
    let running = make(&format!(".tingping-0104-2026-10.tmp-{live}-0"));
    let other = make(&format!(".other.tmp-{dead}"));
    // a link with such a name is not followed: what it points to stays
    let target = make("kept");
    let link = out
        .path()
        .join(format!(".tingping-0104-2026-08.tmp-{dead}"));
    std::os::unix::fs::symlink(&target, &link).unwrap();
    c.export("2026-10", out.path(), None).unwrap();
    for d in &stale {
        assert!(!d.exists(), "{} is left", d.display());
    }
    assert!(
        running.join("tongbao-2026-10.csv").exists(),
        "a live process's folder is left alone"
    );
    assert!(other.exists());
    assert!(target.join("tongbao-2026-10.csv").exists());
}

#[cfg(unix)]
#[test]
fn exports_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| p.metadata().unwrap().permissions().mode() & 0o7777;
    let mut c = october();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("new");
    let ex = c.export("2026-10", &dir, None).unwrap();
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&ex.folder), 0o700);
    for name in names(&ex.folder) {
        assert_eq!(mode(&ex.folder.join(&name)), 0o600, "{name}");
    }
    // a court host shared by a group: the group too
    let period = Period::parse("2026-10").unwrap();
    let shared = out.path().join("shared");
    let ex = report::export(
        &mut c.store,
        &ISSUER,
        &c.rubric,
        &Template::default_template(),
        &period,
        Options {
            out: shared.clone(),
            formats: Format::ALL.to_vec(),
            progress: &mut |_| {},
            fail_after: None,
            today: TODAY,
            shared_group: true,
            draft: false,
            before_claim: None,
        },
        Some(&signer(ISSUER.code)),
    )
    .unwrap();
    assert_eq!(mode(&shared) & 0o777, 0o770);
    assert_eq!(mode(&ex.folder) & 0o777, 0o770);
    for name in names(&ex.folder) {
        assert_eq!(mode(&ex.folder.join(&name)), 0o660, "{name}");
    }
}

#[test]
fn another_connection_writes_while_the_files_are_written() {
    let mut c = october();
    let out = tempfile::tempdir().unwrap();
    let db = c.store.path().to_path_buf();
    let rubric = c.rubric.clone();
    let (_, draft) = c.hearing(
        "2026-10-15",
        "蜀山区人民政府",
        AppearCategory::Deputy,
        &[("late", 1)],
        false,
    );
    // the draft is finalized on another connection while the files are being written: it succeeds
    // at once, and the export, seeing its records changed, writes them again and claims them all
    let mut calls = 0;
    let mut finalize = || {
        calls += 1;
        if calls == 1 {
            let mut other = Store::open(&db).unwrap();
            other.finalize(draft, "王审判").unwrap();
        }
    };
    let ex = c
        .export_with(
            "2026-10",
            out.path(),
            Format::ALL,
            None,
            Some(&mut finalize),
        )
        .unwrap();
    assert_eq!(calls, 2, "written again after the change");
    assert_eq!(ex.meta.appearances, 3);
    assert_eq!(json_records(&ex.folder).len(), 3);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ex.folder.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["counts"]["appearances"], 3);
    assert_eq!(claimable(&c, "2026-10"), 0);
    // and it re-exports the same bytes
    let first = files(&ex.folder);
    let again = c.export("2026-10", out.path(), None).unwrap();
    assert_eq!(files(&again.folder), first);

    // a write elsewhere (a November mark) changes nothing the batch reads: written once
    let (_, nov_draft) = c.hearing(
        "2026-11-03",
        "合肥市公安局",
        AppearCategory::Staff,
        &[],
        false,
    );
    c.hearing(
        "2026-11-04",
        "合肥市公安局",
        AppearCategory::Staff,
        &[],
        true,
    );
    let mut calls = 0;
    let mut mark = || {
        calls += 1;
        let mut other = Store::open(&db).unwrap();
        other.set_mark(nov_draft, "late", 1).unwrap();
    };
    let ex = c
        .export_with("2026-11", out.path(), Format::ALL, None, Some(&mut mark))
        .unwrap();
    assert_eq!((calls, ex.meta.appearances), (1, 1));

    // another process holding the write lock when the claim comes: the export waits for it
    c.hearing(
        "2026-09-03",
        "合肥市公安局",
        AppearCategory::Staff,
        &[],
        true,
    );
    let mut holder = None;
    let mut hold = || {
        if holder.is_some() {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let db = db.clone();
        holder = Some(std::thread::spawn(move || {
            let conn = rusqlite::Connection::open(&db).unwrap();
            conn.execute_batch("BEGIN IMMEDIATE").unwrap();
            conn.execute("INSERT INTO app_state(key, value) VALUES ('held', '1')", [])
                .unwrap();
            tx.send(()).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(500));
            conn.execute_batch("COMMIT").unwrap();
        }));
        rx.recv().unwrap();
    };
    let ex = c
        .export_with("2026-09", out.path(), Format::ALL, None, Some(&mut hold))
        .unwrap();
    holder.take().unwrap().join().unwrap();
    assert_eq!(ex.meta.appearances, 1);

    // records that keep changing: given up after a few tries, nothing claimed, nothing left
    let mut n = 100;
    let mut busy = || {
        n += 1;
        let mut other = Store::open(&db).unwrap();
        add_hearing(
            &mut other,
            &rubric,
            n,
            "2026-08-05",
            "合肥市公安局",
            AppearCategory::Nobody,
            &[],
            false,
        );
    };
    let err = c
        .export_with("2026-08", out.path(), Format::ALL, None, Some(&mut busy))
        .err()
        .expect("given up");
    assert!(err.to_string().contains("变动"), "{err}");
    assert!(c.store.batch("2026-08").unwrap().is_none());
    assert!(!out.path().join("tingping-0104-2026-08").exists());
    assert!(
        names(out.path()).iter().all(|n| !n.starts_with('.')),
        "{:?}",
        names(out.path())
    );
}
