//! The notice says nothing the records do not show (issue 20). A hand-built October with every
//! figure and sentence worked out by hand in the comments below, exported after a September whose
//! notice later events and amendments touch; then the same figures from `stats --json`, the csv,
//! the json, the workbook's 汇总 and 更正 sheets, the notice and the extract.
//!
//! The court is 皖0104; 蜀山区人民政府 (MAIN) gets the notice and covers agencies A and B; 合肥市
//! 人民政府 (CITY) gets an extract (函) on C and D.
//!
//! Scores (dimensions 20 + 35 + 30 + 15; 判决履行 pending leaves 85 to rescale to 100):
//!   nothing marked: 20 + 35 + 0 = 55 → 64.7 合格
//!   silent or refused to explain (speech → 0): 20 → 23.5 不合格 (and a flag)
//!   left mid-hearing (discipline → 0): 35 → 41.2 不合格 (flag art 12(4))
//!   settled or a commitment (+10): 65 → 76.5 良好; both: 75 → 88.2 良好
//!   coordination 10 + stance 10 + settled or commitment 10: 85 → 100 优秀

#[allow(unused_imports)]
use tingping::i18n::prelude::*;
mod common;

use common::docs::{docx_text, ind, stats, tp};
use std::path::Path;
use tingping::domain::model::{AbsenceReason, AppearCategory, KeyCategory};
use tingping::domain::rubric::Rubric;
use tingping::domain::scope::Scope;
use tingping::report;
use tingping_store::{HearingInput, Store};

use AppearCategory::*;

const A: &str = "蜀山区城市管理局";
const B: &str = "蜀山区住房和城乡建设局";
const C: &str = "合肥市生态环境局";
const D: &str = "合肥市公安局";
const MAIN: &str = "蜀山区人民政府";
const CITY: &str = "合肥市人民政府";
const TODAY: Option<chrono::NaiveDate> = chrono::NaiveDate::from_ymd_opt(2027, 1, 15);
const ISSUER: report::Issuer = common::docs::SHUSHAN;

const VIEW: (&str, i64) = ("resolution_view", 1);
const TOP: &[(&str, i64)] = &[
    ("pretrial_coordination", 10),
    ("in_court_stance", 10),
    ("resolution_view", 1),
];

/// One appearance.
struct Ap {
    agency: &'static str,
    category: AppearCategory,
    notified: bool,
    reason: AbsenceReason,
    accepted: bool,
    marks: &'static [(&'static str, i64)],
    finalize: bool,
}

const fn ap(
    agency: &'static str,
    category: AppearCategory,
    marks: &'static [(&'static str, i64)],
) -> Ap {
    Ap {
        agency,
        category,
        notified: true,
        reason: AbsenceReason::NotGiven,
        accepted: false,
        marks,
        finalize: true,
    }
}

fn store(path: &Path) -> Store {
    tingping::i18n::set_lang(tingping::i18n::Lang::Zh);
    let mut s = Store::open(path).unwrap();
    s.set_scope(Scope {
        court_code: "皖0104".into(),
        government: MAIN.into(),
        ..Scope::default()
    });
    s.remember_rubric(&Rubric::default_rubric()).unwrap();
    s
}

/// A hearing of case `n` on `date` with its appearances; returns each appearance's (id, evaluation).
fn hearing(s: &mut Store, n: u32, date: &str, aps: &[Ap]) -> Vec<(i64, Option<i64>)> {
    let rubric = Rubric::default_rubric();
    let input = HearingInput {
        case_number: format!("（2026）皖0104行初{n}号"),
        cause: "不服行政处罚决定".into(),
        court: "第一法庭".into(),
        judge: "王审判".into(),
        clerk: "李书记".into(),
        date: date.into(),
        start_time: "09:30".into(),
        key_category: Some(KeyCategory::None),
        ..Default::default()
    };
    let h = s
        .insert_hearing(&input, &[aps[0].agency.to_string()])
        .unwrap();
    for x in &aps[1..] {
        s.add_defendant(h, x.agency).unwrap();
    }
    let mut out = Vec::new();
    for x in aps {
        let mut a = s
            .appearances(h)
            .unwrap()
            .into_iter()
            .find(|a| a.agency_name == x.agency)
            .unwrap();
        let gov = if [A, B].contains(&x.agency) {
            MAIN
        } else {
            CITY
        };
        s.set_agency_government(a.agency_id, gov).unwrap();
        a.notified = x.notified;
        a.category = x.category;
        a.absence_reason = x.reason;
        a.reason_accepted = x.accepted;
        if x.category.scorable() {
            a.person = "张建国".into();
            a.title = "局长".into();
        }
        s.update_appearance(&a).unwrap();
        let mut eval = None;
        if x.category.scorable() {
            let e = s.evaluation_for(a.id, &rubric).unwrap().id;
            for (item, v) in x.marks {
                s.set_mark(e, item, *v).unwrap();
            }
            if x.finalize {
                s.finalize(e, "王审判").unwrap();
            }
            eval = Some(e);
        }
        out.push((a.id, eval));
    }
    out
}

fn export(s: &mut Store, period: &str, out: &Path) -> report::Exported {
    common::docs::try_export_as(s, &ISSUER, period, out, TODAY).unwrap()
}

/// September, exported; then what happens to it after its notice; then October.
fn build(db: &Path, out: &Path) -> report::Exported {
    let mut s = store(db);
    // S1: a principal, 100 优秀, commended in September's notice (a commitment, not settled)
    let s1 = hearing(
        &mut s,
        101,
        "2026-09-08",
        &[ap(
            A,
            Principal,
            &[
                ("pretrial_coordination", 10),
                ("in_court_stance", 10),
                ("commitment", 10),
                VIEW,
            ],
        )],
    );
    // S2: a deputy, performance pending at finalizing
    let s2 = hearing(&mut s, 102, "2026-09-09", &[ap(B, Deputy, &[VIEW])]);
    // S3: a principal heard in September, still a draft when September is exported
    let s3 = hearing(
        &mut s,
        103,
        "2026-09-10",
        &[Ap {
            finalize: false,
            ..ap(A, Principal, &[VIEW])
        }],
    );
    export(&mut s, "2026-09", out);

    // after September's notice: S1 amended (an error: the video shows the head did not speak) —
    // 优秀 → 不合格, no longer commended
    s.amend(
        s1[0].0,
        &[("silent".into(), "1".into())],
        "复核庭审录像：负责人未发言",
        "王审判",
    )
    .unwrap();
    // S2's judgment: the agency refused to perform, recorded 15 October — a later event
    s.record_performance(
        s2[0].1.unwrap(),
        "refused",
        "李书记",
        chrono::NaiveDate::from_ymd_opt(2026, 10, 15).unwrap(),
    )
    .unwrap();
    // S3 finalized in October with its judgment performed on time: reported late (补报)
    let e3 = s3[0].1.unwrap();
    s.set_mark(e3, "outcome", 2).unwrap();
    s.finalize(e3, "王审判").unwrap();

    // October: 13 hearings
    let duty = AbsenceReason::OfficialDuty;
    // H1 A principal, settled: 100 优秀, commended
    hearing(
        &mut s,
        201,
        "2026-10-08",
        &[ap(
            A,
            Principal,
            &[
                ("pretrial_coordination", 10),
                ("in_court_stance", 10),
                ("settled", 10),
                VIEW,
            ],
        )],
    );
    // H2 B principal NOT notified, a view: 64.7
    hearing(
        &mut s,
        202,
        "2026-10-09",
        &[Ap {
            notified: false,
            ..ap(B, Principal, &[VIEW])
        }],
    );
    // H3 C other head refused to explain (art 12(5)) though a view was marked: 23.5
    hearing(
        &mut s,
        203,
        "2026-10-10",
        &[ap(C, OtherHead, &[("refused_to_explain", 1), VIEW])],
    );
    // H4 D deputy walked out (art 12(4)), a view marked: 41.2
    hearing(
        &mut s,
        204,
        "2026-10-12",
        &[ap(D, Deputy, &[("left_midway", 1), VIEW])],
    );
    // H5 two defendants under two governments: A's deputy settled the case (76.5), C's
    // principal gave a view (64.7) — the case is settled for both governments
    hearing(
        &mut s,
        205,
        "2026-10-13",
        &[
            ap(A, Deputy, &[("settled", 10), VIEW]),
            ap(C, Principal, &[VIEW]),
        ],
    );
    // H6 B deputy committed to perform, case not settled: 76.5
    hearing(
        &mut s,
        206,
        "2026-10-14",
        &[ap(B, Deputy, &[("commitment", 10), VIEW])],
    );
    // H7 C principal settled and committed: 88.2
    hearing(
        &mut s,
        207,
        "2026-10-15",
        &[ap(
            C,
            Principal,
            &[("settled", 10), ("commitment", 10), VIEW],
        )],
    );
    // H8 D staff, the head's official duty accepted (lawful substitution): 64.7
    hearing(
        &mut s,
        208,
        "2026-10-16",
        &[Ap {
            reason: duty,
            accepted: true,
            ..ap(D, Staff, &[])
        }],
    );
    // H9 A lawyer only, no reason: art 12(1), 12(3)
    hearing(&mut s, 209, "2026-10-19", &[ap(A, LawyerOnly, &[])]);
    // H10 B nobody: art 12(1), 12(3)
    hearing(&mut s, 210, "2026-10-20", &[ap(B, Nobody, &[])]);
    // H11 C principal, no view recorded either way: 64.7, not counted as a view
    hearing(&mut s, 211, "2026-10-21", &[ap(C, Principal, &[])]);
    // H12 D deputy, still a draft: the hearing was held, its appearance is not reported yet
    hearing(
        &mut s,
        212,
        "2026-10-22",
        &[Ap {
            finalize: false,
            ..ap(D, Deputy, TOP)
        }],
    );
    // H13 A principal silent: 23.5, flag
    hearing(
        &mut s,
        213,
        "2026-10-23",
        &[ap(A, Principal, &[("silent", 1)])],
    );
    export(&mut s, "2026-10", out)
}

/// October's figures, by hand (the month's own 13 hearings; S3 is reported late, apart).
const OCTOBER: &[(&str, i64, Option<i64>)] = &[
    // 13 held, H12's only appearance a draft among them
    ("hearings", 13, None),
    ("drafts", 1, None),
    // H1 H2 H3 H4 H5×2 H6 H7 H8 H9 H10 H11 H13
    ("appearances", 13, None),
    // all but H2
    ("notified", 12, None),
    // notified heads: H1 H3 H4 H5A H5C H6 H7 H11 H13
    ("heads_appeared", 9, Some(12)),
    // H2 came without notice
    ("heads_unnotified", 1, None),
    // principals among the notified: H1 H5C H7 H11 H13
    ("principal_appeared", 5, Some(12)),
    ("lawful_substitution", 1, None),
    ("absent_without_reason", 2, None),
    ("staff_only", 1, None),
    ("lawyer_only", 1, None),
    ("nobody", 1, None),
    // all but H9, H10 (absences) and H12 (draft)
    ("evaluations", 11, None),
    // 10 heads evaluated (9 notified + H2); H13 silent
    ("heads_spoke", 9, Some(10)),
    // views recorded: H1 H2 H5A H5C H6 H7 — not H3 (art 12(5)), H4 (art 12(4)), H11 (none
    // recorded), H13 (silent)
    ("heads_view_given", 6, Some(10)),
    // 12 cases (H12's is a draft); settled 201, 205, 207
    ("cases_settled", 3, Some(12)),
    ("commitments", 2, None),
    // H3 H4 H9 H10
    ("art12", 4, None),
    ("commended", 1, None),
    ("late_items", 1, None),
    ("grade.excellent", 1, None),
    ("grade.good", 3, None),
    ("grade.pass", 4, None),
    ("grade.fail", 3, None),
    // 100 + 64.7 + 23.5 + 41.2 + 76.5 + 64.7 + 76.5 + 88.2 + 64.7 + 64.7 + 23.5 = 688.2 over 11
    ("average.total", 6882, Some(110)),
];

fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(path).unwrap();
    wb.worksheet_range(name)
        .unwrap()
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn the_notice_says_only_what_the_records_show() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let conf = dir.path().join("config");
    std::fs::create_dir(&conf).unwrap();
    let out = dir.path().join("out");
    let oct = build(&db, &out);
    let folder = &oct.folder;

    // stats --json and the batch json agree with the figures worked out by hand
    let s = stats(&conf, &db, &["--period", "2026-10"]);
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(folder.join("tongbao-2026-10.json")).unwrap(),
    )
    .unwrap();
    for (id, n, d) in OCTOBER {
        assert_eq!(ind(&s["indicators"], id), (*n, *d), "stats: {id}");
        assert_eq!(ind(&json["indicators"], id), (*n, *d), "json: {id}");
    }
    // per government: MAIN H1 H2 H5 H6 H9 H10 H13 (7 hearings, 7 cases, 201 and 205 settled);
    // CITY H3 H4 H5 H7 H8 H11 H12 (7 hearings, one a draft; cases 203 204 205 207 208 211:
    // 205 settled by A's deputy and 207)
    let main = &s["by_government"][MAIN];
    let city = &s["by_government"][CITY];
    assert_eq!(ind(main, "hearings"), (7, None));
    assert_eq!(ind(city, "hearings"), (7, None));
    assert_eq!(ind(main, "drafts"), (0, None));
    assert_eq!(ind(city, "drafts"), (1, None));
    assert_eq!(ind(main, "cases_settled"), (2, Some(7)));
    assert_eq!(ind(city, "cases_settled"), (2, Some(6)));
    // the 补报 section: S3, judgment performed on time
    assert_eq!(ind(&s["late"], "performance.on_time"), (1, None));
    // S2's refusal, recorded 15 October, is a follow-up October reports
    assert_eq!(ind(&s["indicators"], "performance.refused"), (1, None));

    // the csv: one row per evaluation October claims — its 11 and S3 late
    let csv = std::fs::read_to_string(folder.join("tongbao-2026-10.csv")).unwrap();
    let rows = csv.split("\r\n").filter(|l| !l.is_empty()).count();
    assert_eq!(rows, 1 + 11 + 1, "{csv}");
    assert!(!csv.contains("行初212号"), "a draft is not in the csv");

    // the workbook's 汇总 says the same
    let xlsx = folder.join("tongbao-2026-10.xlsx");
    let summary = sheet(&xlsx, "汇总");
    let cell = |label: &str| -> String {
        summary
            .iter()
            .find(|r| r[0] == label)
            .unwrap_or_else(|| panic!("{label}: {summary:?}"))[1]
            .clone()
    };
    assert_eq!(cell("开庭件次"), "13");
    assert_eq!(
        cell("评议未定稿人次（已开庭，不计入其他数据，定稿后补报）"),
        "1"
    );
    assert_eq!(cell("未经通知到庭的负责人（不计入出庭率）"), "1");
    // the extract's workbook: CITY's agencies, its case 205 settled
    let han_xlsx = folder.join("tongbao-2026-10-han-1.xlsx");
    let han_summary = sheet(&han_xlsx, "汇总");
    let settled = han_summary
        .iter()
        .find(|r| r[0].starts_with("争议化解率"))
        .unwrap()[1]
        .parse::<f64>()
        .unwrap();
    assert!((settled - 2.0 / 6.0).abs() < 1e-12, "{settled}");

    // the notice, sentence by sentence
    let notice = docx_text(&folder.join("tongbao-2026-10-notice.docx"));
    for needle in [
        // 1. every hearing held, the draft stated beside
        "开庭审理行政机关为被告的行政诉讼案件13件次，被诉行政机关应诉13人次（另有1人次的评议尚未定稿，不计入本通报数据，定稿后补报）",
        // 2. the head figures reconcile: 9 notified heads + 1 without notice = 10 evaluated
        "负责人出庭9人次，负责人出庭率75.0%",
        "另有1人次负责人未经本院通知到庭，不计入负责人出庭率。",
        "其中出庭负责人10人次（含未经通知到庭的1人次）",
        // 3. only views recorded, never for art 12(4)/(5)
        "经记录就实质性化解行政争议发表意见6人次，占60.0%",
        // 4. the case, one answer
        "涉及案件12件，经协调和解或原告撤诉3件，争议化解率25.0%",
        // 5. what is recorded, no 当庭, no 另有
        "记录行政机关作出履行承诺2人次，单独统计，不计入争议化解。",
        // 8. outcomes per evaluation, and the 补报 outcomes stated
        "本期报送判决履行情况1人次，其中按期履行0人次，逾期履行0人次，经强制执行履行0人次，拒不履行1人次。",
        "补报事项中，判决履行情况1人次：按期履行1人次",
        // 6. an error corrected (the amendment, with its reason) ...
        "经复核，本院此前通报中下列内容有误，现予更正：",
        // (S1 with 出庭不出声: 20 + 0 + 30 = 50 of 85 → 58.8)
        "2026年9月通报中，蜀山区城市管理局张建国（（2026）皖0104行初101号）：原为优秀（100分），无应予通报情形，列为表现突出的负责人，现更正为不合格（58.8分），存在出庭不出声情形。更正原因：复核庭审录像：负责人未发言。",
        // ... and September's figures it changes: 优秀 and 表扬 each one fewer
        "2026年9月通报中“通报表扬的负责人”为1，现更正为0。",
        "2026年9月通报中“等级人次：优秀”为1，现更正为0。",
        // ... one record amended, counted once
        "本期共修订此前已通报的记录1人次",
        // ... and a later event said as one, with its date
        "通报后的情况变化",
        "下列事项在此前通报后发生变化（原通报所载属实），现予通报：",
        "2026年9月通报的蜀山区住房和城乡建设局张建国（（2026）皖0104行初102号）：此后于2026年10月15日登记判决履行情况为“拒不履行”",
        // 10. citations
        "第十二条第一款第（五）项",
    ] {
        assert!(
            notice.contains(needle),
            "the notice lacks {needle}\n{notice}"
        );
    }
    for bad in [
        "当庭作出履行承诺",
        "另有2人次",
        "与实际不符",
        "第十二条第五项",
        "12件次",
        "本院此前通报中下列内容有误，现予更正：1. 2026年9月通报中，蜀山区住房",
    ] {
        assert!(!notice.contains(bad), "the notice says {bad}\n{notice}");
    }
    // the indicator restatement moves with the record listed: September's 优秀 and 表扬 each
    // lose one (S1), and nothing of S2's later refusal is restated as September's error
    let sep_corrections: Vec<(String, String)> = json["indicator_corrections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["now"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        sep_corrections.contains(&("grade.excellent".into(), "0".into())),
        "{sep_corrections:?}"
    );
    assert!(
        sep_corrections.contains(&("commended".into(), "0".into())),
        "{sep_corrections:?}"
    );
    assert!(
        !sep_corrections
            .iter()
            .any(|(id, _)| id == "performance.refused"),
        "{sep_corrections:?}"
    );
    // the 更正 sheet lists the amendment, the corrected statement and the later event apart
    let corr = sheet(&xlsx, "更正");
    assert!(
        corr.iter()
            .any(|r| r[2] == "通报所述" && r[0].contains("101号")),
        "{corr:?}"
    );
    assert!(
        corr.iter()
            .any(|r| r[2] == "通报后情况变化" && r[0].contains("102号")),
        "{corr:?}"
    );

    // 9. the extract to 合肥市人民政府 is a letter
    let han = docx_text(&folder.join("tongbao-2026-10-han-1.docx"));
    for needle in [
        "合肥市人民政府、合肥市司法局：",
        "开庭审理合肥市人民政府及其所属行政机关为被告的行政诉讼案件7件次",
        // its case 205 settled by the other government's agency counts as settled
        "涉及案件6件，经协调和解或原告撤诉2件，争议化解率33.3%",
        "对本函所列情况",
    ] {
        assert!(han.contains(needle), "the extract lacks {needle}\n{han}");
    }
    assert!(!han.contains("本通报"), "{han}");

    // the draft's appearance, removed after October's notice (an unfinished one may be): October
    // still says what it said — its 13 hearings and its draft, as the claim found them
    {
        let mut s = store(&db);
        let (draft, _, _) = s.appearances_of_case("（2026）皖0104行初212号").unwrap()[0].clone();
        s.delete_appearance(draft, "录入错误").unwrap();
    }
    // S2, whose refusal October told as a later event, amended in November (its comment): the
    // refusal is not told again, and nothing it changes is an error of an earlier notice
    {
        let mut s = store(&db);
        let (s2, _, _) = s.appearances_of_case("（2026）皖0104行初102号").unwrap()[0].clone();
        s.amend(
            s2,
            &[("comment".into(), "复核后补充点评".into())],
            "补充点评",
            "王审判",
        )
        .unwrap();
        let nov = export(&mut s, "2026-11", &out);
        let text = docx_text(&nov.folder.join("tongbao-2026-11-notice.docx"));
        assert!(!text.contains("通报后的情况变化"), "{text}");
        assert!(!text.contains("拒不履行”，原为"), "{text}");
        assert!(text.contains("本期共修订此前已通报的记录1人次"), "{text}");
    }
    let again = stats(&conf, &db, &["--period", "2026-10"]);
    assert_eq!(ind(&again["indicators"], "hearings"), (13, None));
    assert_eq!(ind(&again["indicators"], "drafts"), (1, None));
    assert_eq!(ind(&again["by_government"][CITY], "drafts"), (1, None));
}

#[test]
fn a_report_before_its_period_ends_says_so_and_compares_like_with_like() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let conf = dir.path().join("config");
    std::fs::create_dir(&conf).unwrap();
    let today = chrono::Local::now().date_naive();
    let day = |n: i64| (today + chrono::Duration::days(n)).to_string();
    let mut s = store(&db);
    // two hearings held in the last three weeks, a draft among them, and one scheduled for
    // next week (neither held nor unfinished)
    hearing(&mut s, 301, &day(-10), &[ap(A, Principal, &[VIEW])]);
    hearing(
        &mut s,
        302,
        &day(-5),
        &[Ap {
            finalize: false,
            ..ap(B, Deputy, &[])
        }],
    );
    hearing(
        &mut s,
        303,
        &day(7),
        &[Ap {
            finalize: false,
            ..ap(C, Principal, &[])
        }],
    );
    // the same days of the period before: one hearing inside them, one after them
    hearing(&mut s, 304, &day(-40), &[ap(C, Deputy, &[VIEW])]);
    hearing(&mut s, 305, &day(-25), &[ap(D, Deputy, &[VIEW])]);
    drop(s);
    let from = day(-20);
    let to = day(10);
    let s = stats(
        &conf,
        &db,
        &["--from", &from, "--to", &to, "--topic", "近期专题"],
    );
    assert_eq!(ind(&s["indicators"], "hearings"), (2, None));
    assert_eq!(ind(&s["indicators"], "drafts"), (1, None));
    assert_eq!(s["period"]["as_of"], today.to_string());
    // the period before has 31 days, compared up to its 21st (today is the report's 21st day)
    assert_eq!(s["compare"]["previous"]["from"], day(-51));
    assert_eq!(s["compare"]["previous"]["to"], day(-31));
    let previous = &s["compare"]["previous"]["indicators"];
    assert_eq!(
        ind(previous, "appearances"),
        (1, None),
        "day -40 is inside the same days, day -25 after them"
    );

    // exported: the title and text say 截至, the warning comes first, no 本期报送
    let out = dir.path().join("out");
    let run = tp(&conf, &db)
        .args([
            "export",
            "--from",
            &from,
            "--to",
            &to,
            "--topic",
            "近期专题",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("尚未结束，报告按截至"), "{err}");
    let notice = std::fs::read_dir(&out)
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("-notice.docx"))
        .unwrap();
    let text = docx_text(&notice);
    use chrono::Datelike;
    let as_of = format!("（截至{}月{}日）", today.month(), today.day());
    assert!(text.contains(&as_of), "{as_of}: {text}");
    assert!(text.contains("上期、上年同期均按相同天数比较"), "{text}");
    assert!(
        text.contains("（另有1人次的评议尚未定稿，未计入本报告）"),
        "{text}"
    );
    assert!(!text.contains("本期报送"), "{text}");
}
