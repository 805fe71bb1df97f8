//! Corrections (更正): an amendment of something a batch reported goes out with the next batch —
//! in its workbook, its notice and its json — and the court above applies it once.

use tingping::i18n::prelude::*;
#[allow(unused_imports)]
use tingping::report::import::How;
mod common;

use std::path::Path;
use tingping::domain::model::{AppearCategory, KeyCategory};
use tingping::domain::period::Period;
use tingping::domain::rubric::Rubric;
use tingping::report;
use tingping_store::batch::Source;
use tingping_store::{HearingInput, Store};

const TODAY: Option<chrono::NaiveDate> = chrono::NaiveDate::from_ymd_opt(2027, 1, 15);
const ISSUER: report::Issuer = common::docs::SHUSHAN;
const UPPER: &str = "安徽省合肥市中级人民法院";
const TOP: &[(&str, i64)] = &[
    ("pretrial_coordination", 10),
    ("in_court_stance", 10),
    ("settled", 10),
];

fn store(dir: &Path, name: &str) -> Store {
    tingping::i18n::set_lang(tingping::i18n::Lang::Zh);
    let mut s = Store::open(&dir.join(name)).unwrap();
    s.set_scope(tingping::domain::scope::Scope {
        government: ISSUER.government.into(),
        ..Default::default()
    });
    s
}

/// A finalized hearing of case `n` on `date`: the agency's head appeared and was scored `marks`.
fn hearing(s: &mut Store, n: u32, date: &str, agency: &str, marks: &[(&str, i64)]) -> (i64, i64) {
    let input = HearingInput {
        case_number: format!("（2026）皖0104行初{n}号"),
        cause: "不服行政处罚决定".into(),
        court: "第一法庭".into(),
        judge: "王审判".into(),
        clerk: "李书记".into(),
        date: date.into(),
        start_time: "09:30".into(),
        key_category: Some(KeyCategory::Environment),
        ..Default::default()
    };
    let h = s.insert_hearing(&input, &[agency.to_string()]).unwrap();
    let mut a = s.appearances(h).unwrap().remove(0);
    a.category = AppearCategory::Principal;
    a.person = "张建国".into();
    a.title = "局长".into();
    s.update_appearance(&a).unwrap();
    let e = s
        .evaluation_for(a.id, &Rubric::default_rubric())
        .unwrap()
        .id;
    for (item, v) in marks {
        s.set_mark(e, item, *v).unwrap();
    }
    s.finalize(e, "王审判").unwrap();
    (a.id, e)
}

fn export(s: &mut Store, period: &str, out: &Path) -> report::Exported {
    try_export(s, period, out).unwrap()
}

fn try_export(
    s: &mut Store,
    period: &str,
    out: &Path,
) -> Result<report::Exported, report::ExportError> {
    common::docs::try_export_as(s, &ISSUER, period, out, TODAY)
}

fn batch_json(folder: &Path) -> serde_json::Value {
    let p = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json") && !p.ends_with("manifest.json"))
        .unwrap();
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// The text of the main notice (its document.xml, tags stripped).
fn notice_text(folder: &Path) -> String {
    let p = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("-notice.docx"))
        .unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(p).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// The rows of the workbook's 更正 sheet.
fn corrections_sheet(folder: &Path) -> Vec<Vec<String>> {
    use calamine::{Reader, open_workbook_auto};
    let p = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".xlsx") && !p.to_string_lossy().contains("-han-"))
        .unwrap();
    let mut wb = open_workbook_auto(p).unwrap();
    let range = wb.worksheet_range("更正").unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

fn indicator(r: &tingping::domain::indicators::Report, id: &str) -> String {
    let rubric = Rubric::default_rubric();
    r.total
        .values(&rubric)
        .into_iter()
        .find(|v| v.id == id)
        .unwrap()
        .text()
}

fn august_at(upper: &Store) -> tingping::domain::indicators::Report {
    report::indicators(&upper.reader(
        Source::Candidates(Period::parse("2026-08").unwrap()),
        UPPER,
        true,
    ))
    .unwrap()
}

#[test]
fn an_amendment_goes_out_with_the_next_batch_and_the_court_above_applies_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut s = store(dir.path(), "court.db");
    let (a, _) = hearing(&mut s, 1, "2026-08-10", "合肥市生态环境局", TOP);
    hearing(&mut s, 2, "2026-08-12", "合肥市公安局", &[("late", 1)]);
    let aug = export(&mut s, "2026-08", out.path());
    let aug_json = batch_json(&aug.folder);
    assert_eq!(aug_json["corrections"].as_array().unwrap().len(), 0);
    assert!(corrections_sheet(&aug.folder)[1][0].contains("本期无更正"));
    let heads_aug = indicator(&aug.report, "heads_appeared");

    // the court above imports August
    let mut upper = store(dir.path(), "upper.db");
    common::docs::trust_lower(&mut upper, &s, &ISSUER);
    report::import::import(&mut upper, &aug.folder, How::default()).unwrap();
    assert_eq!(indicator(&august_at(&upper), "heads_appeared"), heads_aug);

    // in September the judge finds that not the head but a staff member appeared
    let done = s
        .amend(
            a,
            &[("category".into(), "staff".into())],
            "核对庭审笔录：实为工作人员出庭",
            "王审判",
        )
        .unwrap();
    assert_eq!(done[0].reported_in, "2026-08");
    hearing(&mut s, 3, "2026-09-03", "合肥市公安局", &[]);
    let sep = export(&mut s, "2026-09", out.path());

    // the json carries the correction with the record as it is now
    let sep_json = batch_json(&sep.folder);
    let c = &sep_json["corrections"].as_array().unwrap()[0];
    assert_eq!(
        (
            c["field"].as_str(),
            c["old"].as_str(),
            c["new"].as_str(),
            c["reported_in"].as_str()
        ),
        (
            Some("category"),
            Some("principal"),
            Some("staff"),
            Some("2026-08")
        )
    );
    assert_eq!(c["record"]["category"], "staff");
    assert_eq!(c["by"], "王审判");
    // the workbook's 更正 sheet lists it: case, agency, field, old → new, reason, by, date, batch
    let sheet = corrections_sheet(&sep.folder);
    let row = &sheet[1];
    assert_eq!(row[0], "（2026）皖0104行初1号");
    assert_eq!(row[1], "合肥市生态环境局");
    assert_eq!(
        (row[2].as_str(), row[3].as_str(), row[4].as_str()),
        (
            "出庭人类别",
            AppearCategory::Principal.label(),
            AppearCategory::Staff.label()
        )
    );
    assert_eq!(
        (row[5].as_str(), row[6].as_str(), row[8].as_str()),
        ("核对庭审笔录：实为工作人员出庭", "王审判", "2026-08")
    );
    // the notice says what August stated wrongly: the commendation, and the rate of that month
    let notice = notice_text(&sep.folder);
    assert!(notice.contains("更正说明"), "{notice}");
    assert!(
        notice.contains("2026年8月通报中，合肥市生态环境局张建国"),
        "{notice}"
    );
    assert!(notice.contains("列为表现突出的负责人"), "{notice}");
    let restated = &sep_json["restatements"].as_array().unwrap()[0];
    assert_eq!(restated["was"]["commended"], true);
    assert_eq!(restated["now"]["commended"], false);
    let ind = &sep_json["indicator_corrections"].as_array().unwrap();
    assert!(
        ind.iter()
            .any(|i| i["id"] == "heads_appeared" && i["was"].as_str() == Some(heads_aug.as_str())),
        "{ind:?}"
    );
    assert!(notice.contains("更正为"), "{notice}");
    // the manifest carries the audit log's head
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(sep.folder.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["chain_head"].as_str().unwrap().len(), 64);

    // the court above applies it: its August changes; the same correction twice changes nothing
    report::import::import(&mut upper, &sep.folder, How::default()).unwrap();
    let corrected = indicator(&august_at(&upper), "heads_appeared");
    assert_ne!(corrected, heads_aug);
    report::import::import(&mut upper, &sep.folder, How::default()).unwrap();
    report::import::import(&mut upper, &sep.folder, How::replacing()).unwrap();
    assert_eq!(indicator(&august_at(&upper), "heads_appeared"), corrected);
    // August imported again (a replaced copy) keeps the correction
    report::import::import(&mut upper, &aug.folder, How::replacing()).unwrap();
    assert_eq!(indicator(&august_at(&upper), "heads_appeared"), corrected);

    // the correction went out once: October reports none; re-exporting September reproduces it
    let oct = export(&mut s, "2026-10", out.path());
    assert_eq!(
        batch_json(&oct.folder)["corrections"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let again = export(&mut s, "2026-09", out.path());
    assert_eq!(
        batch_json(&again.folder)["corrections"],
        sep_json["corrections"]
    );
    // a quarter always reads the corrected values
    let q3 = report::indicators(&s.reader(
        Source::Report(Period::parse("2026-Q3").unwrap()),
        ISSUER.name,
        false,
    ))
    .unwrap();
    // hearings 2 and 3 had their heads; hearing 1 no longer counts as one
    assert_eq!(
        (q3.total.appearances, q3.total.heads_appeared.num),
        (3, 2),
        "Q3 reads the corrected category"
    );
    assert!(matches!(
        s.verify().unwrap(),
        tingping_store::audit::Verified::Ok { .. }
    ));
}

#[test]
fn a_commendation_withdrawn_when_the_judgment_is_refused_later() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut s = store(dir.path(), "court.db");
    let (_, e) = hearing(&mut s, 1, "2026-08-10", "合肥市生态环境局", TOP);
    let aug = export(&mut s, "2026-08", out.path());
    let rec = &batch_json(&aug.folder)["records"][0];
    assert_eq!(rec["commended"], true, "August commends the head: {rec}");
    assert!(notice_text(&aug.folder).contains("表现突出"));

    // September: the agency refused to perform the judgment
    s.record_performance(
        e,
        "refused",
        "李书记",
        chrono::NaiveDate::from_ymd_opt(2026, 9, 20).unwrap(),
    )
    .unwrap();
    let sep = export(&mut s, "2026-09", out.path());
    let json = batch_json(&sep.folder);
    let r = &json["restatements"].as_array().unwrap()[0];
    assert_eq!(
        (
            r["was"]["commended"].as_bool(),
            r["now"]["commended"].as_bool()
        ),
        (Some(true), Some(false))
    );
    assert_eq!(r["reported_in"], "2026-08");
    // a later event, not an error of August's notice: said as what it is, with its date
    assert_eq!(r["later"], true);
    let notice = notice_text(&sep.folder);
    assert!(!notice.contains("更正说明"), "{notice}");
    assert!(notice.contains("通报后的情况变化"), "{notice}");
    assert!(
        notice.contains("此后于2026年9月20日登记判决履行情况为“拒不履行”"),
        "{notice}"
    );
    let sheet = corrections_sheet(&sep.folder);
    assert!(
        sheet
            .iter()
            .any(|row| row[2] == "通报后情况变化" && row[3].contains("列为表现突出的负责人")),
        "{sheet:?}"
    );
    // said once: October has nothing to correct
    let oct = export(&mut s, "2026-10", out.path());
    assert!(
        batch_json(&oct.folder)["restatements"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(!notice_text(&oct.folder).contains("通报后的情况变化"));
}

fn export_err(s: &mut Store, period: &str, out: &Path) -> String {
    match try_export(s, period, out) {
        Ok(_) => panic!("the export of {period} went ahead"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_follow_up_on_an_earlier_month_imports_in_any_order_and_a_correction_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut s = store(dir.path(), "court.db");
    let (a, e) = hearing(&mut s, 1, "2026-08-10", "合肥市生态环境局", TOP);
    hearing(&mut s, 2, "2026-08-11", "合肥市公安局", &[]);
    let aug = export(&mut s, "2026-08", out.path());
    // September: the judgment is performed late (a follow-up), and a name is amended, typed with
    // what looks like a placeholder of the notice
    s.record_performance(
        e,
        "late",
        "李书记",
        chrono::NaiveDate::from_ymd_opt(2026, 9, 20).unwrap(),
    )
    .unwrap();
    s.amend(
        a,
        &[
            ("person".into(), "张{period}国".into()),
            ("category".into(), "deputy".into()),
        ],
        "笔录核对",
        "王审判",
    )
    .unwrap();
    // August cannot be made again as it was issued
    let e = export_err(&mut s, "2026-08", out.path());
    assert!(e.contains("不能再按原内容重新生成"), "{e}");
    let sep = export(&mut s, "2026-09", out.path());
    let notice = notice_text(&sep.folder);
    assert!(
        notice.contains("张{period}国"),
        "a name stays as typed: {notice}"
    );
    assert!(
        notice.contains("本期共修订此前已通报的记录1人次"),
        "{notice}"
    );
    let sep_json = batch_json(&sep.folder);
    assert!(
        sep_json["indicator_corrections"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == "principal_appeared"),
        "{}",
        sep_json["indicator_corrections"]
    );
    // a later amendment that changes no figure: October corrects it, and says nothing again of
    // August's figures that September already corrected
    s.amend(
        a,
        &[("title".into(), "副局长".into())],
        "笔录核对",
        "王审判",
    )
    .unwrap();
    let oct = export(&mut s, "2026-10", out.path());
    let oct_json = batch_json(&oct.folder);
    assert_eq!(oct_json["corrections"].as_array().unwrap().len(), 1);
    assert_eq!(oct_json["indicator_corrections"], serde_json::json!([]));
    // the court above takes both months, in either order, and counts the follow-up once
    for order in [[&aug, &sep], [&sep, &aug]] {
        let name = format!("upper-{}.db", order[0].meta.id);
        let mut upper = store(dir.path(), &name);
        common::docs::trust_lower(&mut upper, &s, &ISSUER);
        for b in order {
            report::import::import(&mut upper, &b.folder, How::default())
                .unwrap_or_else(|e| panic!("{} refused: {e}", b.meta.id));
        }
        let aug_at = august_at(&upper);
        assert_eq!(aug_at.total.appearances, 2);
        let sep_at = report::indicators(&upper.reader(
            Source::Candidates(Period::parse("2026-09").unwrap()),
            UPPER,
            true,
        ))
        .unwrap();
        assert_eq!(
            sep_at.total.followups, 1,
            "the follow-up counted in September"
        );
    }
}

#[test]
fn what_an_amendment_cannot_change() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut s = store(dir.path(), "court.db");
    let (a, _) = hearing(&mut s, 1, "2026-08-10", "合肥市生态环境局", TOP);
    export(&mut s, "2026-08", out.path());
    let refused = |s: &mut Store, field: &str, value: &str| -> String {
        s.amend(a, &[(field.into(), value.into())], "理由", "王审判")
            .unwrap_err()
            .text()
    };
    // whether anyone appeared decides whether there is an evaluation
    assert!(refused(&mut s, "category", "nobody").contains("出庭与缺席"));
    // a held hearing's date is corrected, never moved to a day that has not come, nor out of
    // the month its batch reported it in
    let future = refused(&mut s, "date", "2030-01-01");
    assert!(
        future.contains("尚未到来") && future.contains("2030-01-01"),
        "{future}"
    );
    let moved = refused(&mut s, "date", "2026-09-10");
    assert!(
        moved.contains("2026-08") && moved.contains("2026-09-10"),
        "{moved}"
    );
    // an outcome is recorded as a follow-up, not amended in
    assert!(refused(&mut s, "outcome", "refused").contains("tingping perform"));
    // a name is as long as the forms allow
    assert!(refused(&mut s, "person", &"张".repeat(101)).contains("100"));
    assert!(matches!(
        s.verify().unwrap(),
        tingping_store::audit::Verified::Ok { .. }
    ));
}

#[test]
fn verify_finds_what_the_figures_rest_on_changed_outside_tingping() {
    use tingping_store::audit::{Problem, Verified};
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let path = dir.path().join("court.db");
    let mut s = store(dir.path(), "court.db");
    let (a, _) = hearing(&mut s, 1, "2026-08-10", "合肥市生态环境局", TOP);
    export(&mut s, "2026-08", out.path());
    s.amend(
        a,
        &[("title".into(), "副局长".into())],
        "笔录核对",
        "王审判",
    )
    .unwrap();
    assert!(matches!(s.verify().unwrap(), Verified::Ok { .. }));
    let problem = |s: &Store| match s.verify().unwrap() {
        Verified::Broken {
            problem, entity, ..
        } => (problem, entity),
        ok => panic!("{ok:?}"),
    };
    let sql = |q: &str| {
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(q)
            .unwrap()
    };
    // a hearing's case type, which decides what counts
    sql("UPDATE hearings SET case_type = '行审'");
    assert_eq!(problem(&s), (Problem::Record, "hearing".to_string()));
    sql("UPDATE hearings SET case_type = '行初'");
    // an amendment, which the next batch reports as a correction
    sql("UPDATE amendments SET new = '局长'");
    assert_eq!(problem(&s), (Problem::Record, "amendment".to_string()));
    sql("UPDATE amendments SET new = '副局长'");
    assert!(matches!(s.verify().unwrap(), Verified::Ok { .. }));
    // the log's end cut off, its guards put back: the records are as the log left them, but the
    // batch's export entry is gone
    let path = dir.path().join("second.db");
    let mut s = store(dir.path(), "second.db");
    hearing(&mut s, 1, "2026-08-10", "合肥市生态环境局", TOP);
    let out = tempfile::tempdir().unwrap();
    export(&mut s, "2026-08", out.path());
    let sql = |q: &str| {
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(q)
            .unwrap()
    };
    sql("DROP TRIGGER audit_log_no_delete;
         DELETE FROM audit_log WHERE seq >= (SELECT seq FROM audit_log WHERE action = 'export');
         CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;");
    assert_eq!(problem(&s), (Problem::Truncated, "batch".to_string()));
}
