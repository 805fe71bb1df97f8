//! The notice's numbers on a hand-built month whose every indicator is worked out by hand below:
//! 31 appearances covering each category, notified or not, reasons accepted or not, counted and
//! uncounted case types, another court's case, every flag, a late item and a draft. The same
//! numbers must come out of `stats --json`, the xlsx, the csv and the docx.

#[allow(unused_imports)]
use tingping::i18n::prelude::*;
mod common;

use common::docs::{docx_text, ind, stats, tp};
use std::path::Path;
use tingping::domain::model::{AbsenceReason, AppearCategory, KeyCategory};
use tingping::domain::rubric::Rubric;
use tingping::domain::scope::Scope;
use tingping_store::{HearingInput, Store};

use AppearCategory::*;

const A: &str = "蜀山区城市管理局";
const B: &str = "蜀山区人民政府";
const C: &str = "合肥市生态环境局";
const D: &str = "合肥市公安局";
const MAIN: &str = "蜀山区人民政府";
const CITY: &str = "合肥市人民政府";

/// One appearance of the fixture.
struct Row {
    case: &'static str,
    date: &'static str,
    key: bool,
    agency: &'static str,
    category: AppearCategory,
    notified: bool,
    reason: AbsenceReason,
    accepted: bool,
    postponed: bool,
    marks: &'static [(&'static str, i64)],
    finalize: bool,
}

const fn row(
    case: &'static str,
    agency: &'static str,
    category: AppearCategory,
    marks: &'static [(&'static str, i64)],
) -> Row {
    Row {
        case,
        date: "2026-09-10",
        key: false,
        agency,
        category,
        notified: true,
        reason: AbsenceReason::NotGiven,
        accepted: false,
        postponed: false,
        marks,
        finalize: true,
    }
}

const EXCELLENT: &[(&str, i64)] = &[
    ("pretrial_coordination", 10),
    ("in_court_stance", 10),
    ("settled", 10),
];

/// The month: 2026-09 at 皖0104, plus what must never be counted, a late item and a draft.
fn fixture() -> Vec<Row> {
    let duty = AbsenceReason::OfficialDuty;
    vec![
        // H1 principal, key case, settled → 100 优秀, commended
        Row {
            key: true,
            ..row("（2026）皖0104行初1号", A, Principal, EXCELLENT)
        },
        // H2 principal silent → speech 0, 23.5, flag 出庭不出声
        row("（2026）皖0104行初2号", B, Principal, &[("silent", 1)]),
        // H3 deputy, key, no view on resolution → 52.9
        Row {
            key: true,
            ..row(
                "（2026）皖0104行初3号",
                C,
                Deputy,
                &[("no_resolution_view", 1)],
            )
        },
        // H4 deputy with a commitment to perform → 100 优秀, commended, not settled
        row(
            "（2026）皖0104行初4号",
            D,
            Deputy,
            &[
                ("commitment", 10),
                ("pretrial_coordination", 10),
                ("in_court_stance", 10),
            ],
        ),
        // H5 other head left mid-hearing → art 12(4), 64.7 but 不合格
        row(
            "（2026）皖0104行初5号",
            A,
            OtherHead,
            &[
                ("left_midway", 1),
                ("pretrial_coordination", 10),
                ("in_court_stance", 10),
            ],
        ),
        // H6 other head refused to explain → art 12(5), 23.5
        row(
            "（2026）皖0104行初6号",
            B,
            OtherHead,
            &[("refused_to_explain", 1)],
        ),
        // H7 staff, valid reason accepted (lawful substitution), left mid-hearing: no flag for
        // staff; settled → 76.5
        Row {
            reason: duty,
            accepted: true,
            ..row(
                "（2026）皖0104行初7号",
                C,
                Staff,
                &[
                    ("left_midway", 1),
                    ("settled", 10),
                    ("pretrial_coordination", 10),
                    ("in_court_stance", 10),
                ],
            )
        },
        // H8 staff, reason not accepted → art 12(1); silent → 23.5
        Row {
            reason: duty,
            ..row("（2026）皖0104行初8号", D, Staff, &[("silent", 1)])
        },
        // H9 staff, no reason → art 12(1); 64.7 but 不合格
        row("（2026）皖0104行初9号", A, Staff, &[]),
        // H10 lawyer only, force majeure accepted → art 12(3) only
        Row {
            reason: AbsenceReason::ForceMajeure,
            accepted: true,
            ..row("（2026）皖0104行初10号", B, LawyerOnly, &[])
        },
        // H11 lawyer only, no reason → art 12(1), 12(3)
        row("（2026）皖0104行初11号", C, LawyerOnly, &[]),
        // H12 nobody → art 12(1), 12(3)
        row("（2026）皖0104行初12号", D, Nobody, &[]),
        // H13 nobody, still absent after postponement → art 12(1), 12(2), 12(3)
        Row {
            postponed: true,
            ..row("（2026）皖0104行初13号", A, Nobody, &[])
        },
        // H14 principal, not notified → 64.7
        Row {
            notified: false,
            ..row("（2026）皖0104行初14号", B, Principal, &[])
        },
        // H15 staff, not notified, settled → 100 but never commended (not a head)
        Row {
            notified: false,
            ..row("（2026）皖0104行初15号", C, Staff, EXCELLENT)
        },
        // H16 lawyer only, not notified → art 12(3)
        Row {
            notified: false,
            ..row("（2026）皖0104行初16号", D, LawyerOnly, &[])
        },
        // H17 appeal, principal, key, settled → 76.5
        Row {
            key: true,
            ..row("（2026）皖0104行终1号", A, Principal, &[("settled", 10)])
        },
        // H18 one appeal, two agencies: deputy settled (76.5), principal (64.7): one case
        row("（2026）皖0104行终2号", B, Deputy, &[("settled", 10)]),
        row("（2026）皖0104行终2号", C, Principal, &[]),
        // H19 compensation, deputy → 64.7
        row("（2026）皖0104行赔初1号", D, Deputy, &[]),
        // H20 compensation, key, staff with a valid reason accepted → 64.7
        Row {
            key: true,
            reason: AbsenceReason::Accident,
            accepted: true,
            ..row("（2026）皖0104行赔初2号", A, Staff, &[])
        },
        // H21 principal, key → 100 优秀, commended
        Row {
            key: true,
            ..row("（2026）皖0104行初17号", B, Principal, EXCELLENT)
        },
        // H22 other head → 70.6
        row(
            "（2026）皖0104行初18号",
            C,
            OtherHead,
            &[("pretrial_coordination", 5)],
        ),
        // H23 principal, key → 64.7
        Row {
            key: true,
            ..row("（2026）皖0104行初19号", D, Principal, &[])
        },
        // H24 deputy, not notified, commitment → 76.5
        Row {
            notified: false,
            ..row("（2026）皖0104行赔初3号", A, Deputy, &[("commitment", 10)])
        },
        // never counted, named or flagged: non-litigation review, its reconsideration, a retrial
        // petition, and another court's case
        row("（2026）皖0104行审1号", A, Nobody, &[]),
        row("（2026）皖0104行审复1号", B, Principal, EXCELLENT),
        row("（2026）皖0104行申1号", D, Principal, &[("silent", 1)]),
        row("（2026）皖0111行初1号", C, Nobody, &[]),
        // finalized after August's hearing: reported late (补报) in September, apart
        Row {
            date: "2026-08-20",
            ..row("（2026）皖0104行初20号", B, LawyerOnly, &[])
        },
        // still a draft: not in the figures, counted as left for the next batch
        Row {
            date: "2026-09-28",
            finalize: false,
            ..row("（2026）皖0104行初21号", C, Deputy, &[])
        },
    ]
}

fn build(db: &Path) {
    let mut s = Store::open(db).unwrap();
    s.set_scope(Scope {
        court_code: "皖0104".into(),
        government: MAIN.into(),
        ..Scope::default()
    });
    let rubric = Rubric::default_rubric();
    s.remember_rubric(&rubric).unwrap();
    let mut hearings: Vec<(&str, i64)> = Vec::new();
    for (n, r) in fixture().into_iter().enumerate() {
        let hid = match hearings.iter().find(|(c, _)| *c == r.case) {
            Some((_, h)) => {
                s.add_defendant(*h, r.agency).unwrap();
                *h
            }
            None => {
                let input = HearingInput {
                    case_number: r.case.into(),
                    cause: "不服行政处罚决定".into(),
                    court: "合肥市蜀山区人民法院".into(),
                    judge: "王审判".into(),
                    clerk: "李书记".into(),
                    date: r.date.into(),
                    start_time: format!("{:02}:00", 8 + n % 9),
                    key_category: Some(if r.key {
                        KeyCategory::Environment
                    } else {
                        KeyCategory::None
                    }),
                    ..Default::default()
                };
                let h = s.insert_hearing(&input, &[r.agency.to_string()]).unwrap();
                hearings.push((r.case, h));
                h
            }
        };
        let mut a = s
            .appearances(hid)
            .unwrap()
            .into_iter()
            .find(|a| a.agency_name == r.agency)
            .unwrap();
        let gov = if [A, B].contains(&r.agency) {
            MAIN
        } else {
            CITY
        };
        s.set_agency_government(a.agency_id, gov).unwrap();
        a.notified = r.notified;
        a.category = r.category;
        a.absence_reason = r.reason;
        a.reason_accepted = r.accepted;
        a.absent_after_postponement = r.postponed;
        if r.category.scorable() {
            a.person = "张建国".into();
            a.title = "局长".into();
        }
        s.update_appearance(&a).unwrap();
        if r.category.scorable() {
            let e = s.evaluation_for(a.id, &rubric).unwrap().id;
            for (item, v) in r.marks {
                s.set_mark(e, item, *v).unwrap();
            }
            // a view on resolution recorded for every head not marked silent or "no view" (H5
            // and H6 too: walking out and refusing to explain leave it uncounted)
            if r.category.is_head()
                && !r
                    .marks
                    .iter()
                    .any(|(i, _)| *i == "silent" || *i == "no_resolution_view")
            {
                s.set_mark(e, "resolution_view", 1).unwrap();
            }
            if r.finalize {
                s.finalize(e, "王审判").unwrap();
            }
        }
    }
}

/// Every indicator of the month, worked out by hand from the fixture's comments.
const EXPECTED: &[(&str, i64, Option<i64>)] = &[
    // 24 with reported appearances, and the draft's (行初21号): held, so counted
    ("hearings", 25, None),
    ("drafts", 1, None),
    // H14 and H24 came without notice
    ("heads_unnotified", 2, None),
    ("appearances", 25, None),
    // H14, H15, H16, H24 were not notified
    ("notified", 21, None),
    // heads among the notified: H1 H2 H3 H4 H5 H6 H17 H18×2 H19 H21 H22 H23
    ("heads_appeared", 13, Some(21)),
    // principals: H1 H2 H17 H18 H21 H23
    ("principal_appeared", 6, Some(21)),
    // key cases notified: H1 H3 H17 H20 H21 H23; principals H1 H17 H21 H23
    ("key_case_principal", 4, Some(6)),
    // staff with a valid reason accepted: H7 H20
    ("lawful_substitution", 2, None),
    // art 12(1): H8 H9 H11 H12 H13
    ("absent_without_reason", 5, None),
    ("staff_only", 5, None),
    ("lawyer_only", 3, None),
    ("nobody", 2, None),
    ("evaluations", 20, None),
    // 15 heads evaluated (13 notified, H14, H24); H2 silent
    ("heads_spoke", 14, Some(15)),
    // views recorded for all but H2 (silent) and H3 (no view); H5 (walked out) and H6 (refused
    // to explain) are never counted
    ("heads_view_given", 11, Some(15)),
    // 24 cases (H18's two agencies are one case); settled H1 H7 H15 H17 H18 H21
    ("cases_settled", 6, Some(24)),
    ("commitments", 2, None),
    ("art12", 9, None),
    // H1, H4, H21 — never H15 (staff)
    ("commended", 3, None),
    ("late_items", 1, None),
    ("grade.excellent", 4, None),
    ("grade.good", 4, None),
    ("grade.pass", 6, None),
    ("grade.fail", 6, None),
    // totals 4×100 + 3×23.5 + 52.9 + 7×64.7 + 4×76.5 + 70.6 = 1352.9 over 20 → 67.6
    ("average.total", 13529, Some(200)),
];

#[test]
fn the_hand_built_month_reads_the_same_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let conf = dir.path().join("config");
    std::fs::create_dir(&conf).unwrap();
    build(&db);

    let s = stats(&conf, &db, &["--period", "2026-09"]);
    for (id, n, d) in EXPECTED {
        assert_eq!(ind(&s["indicators"], id), (*n, *d), "{id}");
    }
    // per recipient government: 蜀山区 7/11 (A 3/6, B 4/5), 合肥市 6/10 (C 3/5, D 3/5)
    assert_eq!(
        ind(&s["by_government"][MAIN], "heads_appeared"),
        (7, Some(11))
    );
    assert_eq!(
        ind(&s["by_government"][CITY], "heads_appeared"),
        (6, Some(10))
    );
    assert_eq!(s["by_government"].as_object().unwrap().len(), 2);
    // the late item is a section of its own
    assert_eq!(ind(&s["late"], "appearances"), (1, None));
    let provision = s["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == "heads_appeared")
        .unwrap()["provision"]
        .clone();
    assert!(provision.as_str().unwrap().contains("法释〔2020〕3号"));

    // export the month
    let out = dir.path().join("out");
    tp(&conf, &db)
        .args([
            "export",
            "--period",
            "2026-09",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let folder = out.join("tingping-0104-2026-09");

    // xlsx: the summary's total column
    use calamine::{DataType, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(folder.join("tongbao-2026-09.xlsx")).unwrap();
    let summary = wb.worksheet_range("汇总").unwrap();
    let cell = |label: &str| -> f64 {
        summary
            .rows()
            .find(|r| r[0] == label)
            .unwrap_or_else(|| panic!("{label}"))[1]
            .as_f64()
            .unwrap()
    };
    assert_eq!(cell("开庭件次"), 25.0);
    assert_eq!(cell("通知负责人出庭人次（应出庭人次）"), 21.0);
    assert!((cell("负责人出庭率（负责人出庭人次／应出庭人次）") - 13.0 / 21.0).abs() < 1e-12);
    assert!((cell("负责人出声率（出庭发言的负责人／受评议负责人）") - 14.0 / 15.0).abs() < 1e-12);
    assert!((cell("争议化解率（和解、撤诉案件／案件数）") - 0.25).abs() < 1e-12);
    assert_eq!(cell("通报表扬的负责人"), 3.0);
    assert_eq!(cell("平均总分"), 67.6);
    // 指标说明 names every indicator's provision
    let defs = wb.worksheet_range("指标说明").unwrap();
    assert!(
        defs.rows()
            .any(|r| r[0] == "heads_appeared" && r[3].to_string().contains("第二条、第四条"))
    );
    // the 合肥市 extract's workbook holds its agencies' rows only
    let mut han: Xlsx<_> = open_workbook(folder.join("tongbao-2026-09-han-1.xlsx")).unwrap();
    let details = han.worksheet_range("评议明细").unwrap();
    assert!(details.rows().skip(1).all(|r| r[3] == C || r[3] == D));
    assert_eq!(details.rows().count(), 1 + 9);

    // csv: one row per evaluation the batch claims (the month's 20, none late or uncounted)
    let csv = std::fs::read_to_string(folder.join("tongbao-2026-09.csv")).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + 20);
    for bad in ["行审", "行申", "皖0111", "行初21号"] {
        assert!(!csv.contains(bad), "{bad} in the csv");
    }

    // docx: the main notice says the numbers, names the heads it commends, never staff
    let text = docx_text(&folder.join("tongbao-2026-09-notice.docx"));
    for needle in [
        "蜀法〔2026〕1号",
        "蜀山区人民政府、蜀山区司法局：",
        "开庭审理行政机关为被告的行政诉讼案件25件次，被诉行政机关应诉25人次（另有1人次的评议尚未定稿，不计入本通报数据，定稿后补报）",
        "另有2人次负责人未经本院通知到庭，不计入负责人出庭率。",
        "其中出庭负责人15人次（含未经通知到庭的2人次）",
        "本院通知负责人出庭21人次",
        "负责人出庭13人次，负责人出庭率61.9%",
        "正职负责人出庭6人次，占通知出庭人次的28.6%",
        "有正当理由不能出庭并委托相应工作人员出庭2人次",
        "无正当理由不出庭或理由不成立5人次",
        "发言14人次，出声率93.3%",
        "发表意见11人次，占73.3%",
        "涉及案件24件，经协调和解或原告撤诉6件，争议化解率25.0%",
        "记录行政机关作出履行承诺2人次，单独统计，不计入争议化解。",
        "评议平均得分67.6分",
        "一、总体情况",
        "（一）出庭情况",
        "（二）出庭表现",
        "二、应予通报的情形",
        "三、表现突出的负责人",
        "四、补报及待报情况",
        "五、工作要求",
        "（2026）皖0104行初20号，蜀山区人民政府",
        "尚有1人次的评议未定稿",
        "抄送：合肥市中级人民法院",
    ] {
        assert!(text.contains(needle), "the notice lacks {needle}");
    }
    // commended: H1, H4, H21; H15's staff member never
    for case in [
        "（2026）皖0104行初1号",
        "（2026）皖0104行初4号",
        "（2026）皖0104行初17号",
    ] {
        assert!(text.contains(&format!("（{case}）")), "commends {case}");
    }
    assert!(!text.contains("（（2026）皖0104行初15号）"));
    for bad in ["行审", "行申", "皖0111"] {
        assert!(!text.contains(bad), "{bad} in the notice");
    }
    // the extract to 合肥市人民政府 covers its agencies only: 3/5 + 3/5
    let han = docx_text(&folder.join("tongbao-2026-09-han-1.docx"));
    assert!(han.contains("合肥市人民政府、合肥市司法局："));
    assert!(han.contains("负责人出庭6人次，负责人出庭率60.0%"), "{han}");
    assert!(!han.contains(A) && !han.contains("蜀山区城市管理局"));
}

#[test]
fn reports_cover_their_dates_whoever_claimed_and_claim_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let conf = dir.path().join("config");
    std::fs::create_dir(&conf).unwrap();
    build(&db);
    let out = dir.path().join("out");
    // August, then September: each month claims its own
    for m in ["2026-08", "2026-09"] {
        tp(&conf, &db)
            .args(["export", "--period", m, "--out", out.to_str().unwrap()])
            .assert()
            .success();
    }
    let aug = stats(&conf, &db, &["--period", "2026-08"]);
    assert_eq!(ind(&aug["indicators"], "appearances"), (1, None));
    let sep = stats(&conf, &db, &["--period", "2026-09"]);
    // the late item went out with August now, so September has none
    assert_eq!(ind(&sep["indicators"], "late_items"), (0, None));
    // (the draft's hearing among them)
    assert_eq!(ind(&sep["indicators"], "hearings"), (25, None));

    // a quarter exported after its months still says what happened in it
    let q = stats(&conf, &db, &["--period", "2026-Q3"]);
    assert_eq!(ind(&q["indicators"], "hearings"), (26, None));
    assert_eq!(ind(&q["indicators"], "appearances"), (26, None));
    assert_eq!(ind(&q["indicators"], "heads_appeared"), (13, Some(22)));
    assert_eq!(q["period"]["kind"], "quarter");
    tp(&conf, &db)
        .args([
            "export",
            "--period",
            "2026-Q3",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let after = stats(&conf, &db, &["--period", "2026-Q3"]);
    assert_eq!(after["indicators"], q["indicators"]);
    // the year and the half-year hold the same records
    let h2 = stats(&conf, &db, &["--period", "2026-H2"]);
    assert_eq!(h2["indicators"], q["indicators"]);

    // a topic is a filter: the key cases of September — H1 H3 H17 H20 H21 H23
    let topic = stats(
        &conf,
        &db,
        &[
            "--period",
            "2026-09",
            "--topic",
            "生态环境案件专题",
            "--key-category",
            "environment",
        ],
    );
    assert_eq!(ind(&topic["indicators"], "hearings"), (6, None));
    assert_eq!(ind(&topic["indicators"], "heads_appeared"), (5, Some(6)));
    assert_eq!(topic["period"]["kind"], "topic");
    // exporting it claims nothing: a month not yet exported still has everything it had
    let before = stats(&conf, &db, &["--period", "2026-10"]);
    tp(&conf, &db)
        .args([
            "export",
            "--period",
            "2026-09",
            "--topic",
            "生态环境案件专题",
            "--key-category",
            "environment",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    assert_eq!(stats(&conf, &db, &["--period", "2026-10"]), before);
    let reexported = stats(&conf, &db, &["--period", "2026-09"]);
    assert_eq!(reexported["indicators"], sep["indicators"]);
}

#[test]
fn a_case_number_of_another_court_or_type_is_refused_with_the_reason() {
    let s = Scope {
        court_code: "皖0104".into(),
        ..Scope::default()
    };
    tingping::i18n::set_lang(tingping::i18n::Lang::Zh);
    let e = s.check("（2026）皖0104行审1号").unwrap_err().text();
    assert!(e.contains("法释〔2020〕3号第一条"), "{e}");
    let e = s.check("（2026）皖0111行初1号").unwrap_err().text();
    assert!(e.contains("皖0111") && e.contains("皖0104"), "{e}");
}
