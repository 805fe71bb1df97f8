//! Judicial suggestions on a real SQLite file: drafted only for an art 12 situation, numbered in
//! their own yearly sequence when sent, a reply recorded, every change logged and verified.

use crate::i18n::Render as _;

use super::audit::Verified;
use super::*;
use crate::domain::model::*;
use crate::domain::suggestion::{RecipientKind, Standing, Status, Texts};
use chrono::NaiveDate;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn db() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
    s.set_operator("书记员甲").unwrap();
    (dir, s)
}

/// A hearing of `case` on `date` where the agency's appearance is `category` (notified).
fn appearance(
    s: &mut Store,
    case: &str,
    date: &str,
    agency: &str,
    category: AppearCategory,
) -> i64 {
    let h = s
        .insert_hearing(
            &HearingInput {
                case_number: case.into(),
                cause: "不服行政处罚决定".into(),
                court: "合肥市蜀山区人民法院".into(),
                judge: "王审判".into(),
                clerk: "李书记".into(),
                date: date.into(),
                start_time: "09:30".into(),
                ..Default::default()
            },
            &[agency.into()],
        )
        .unwrap();
    let mut a = s.appearances(h).unwrap().remove(0);
    a.category = category;
    s.update_appearance(&a).unwrap();
    a.id
}

fn new(appearances: Vec<i64>) -> NewSuggestion {
    NewSuggestion {
        appearances,
        recipient_kind: RecipientKind::Superior,
        recipient: "蜀山区人民政府".into(),
        cc: vec!["合肥市中级人民法院".into()],
        texts: Texts {
            facts: "1. 2026年11月3日……\n\n2. 2026年11月5日……".into(),
            problem: "未出庭。".into(),
            cause: "重视不够。".into(),
            suggestion: "一是……".into(),
        },
        drafted_by: "王审判".into(),
        drafted_on: day("2026-11-10"),
    }
}

#[test]
fn a_suggestion_is_drafted_sent_numbered_and_replied_each_step_logged() {
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    let (_d, mut s) = db();
    let agency = "合肥市蜀山区自然资源局";
    let a1 = appearance(
        &mut s,
        "（2026）皖0104行初101号",
        "2026-11-03",
        agency,
        AppearCategory::Nobody,
    );
    let a2 = appearance(
        &mut s,
        "（2026）皖0104行初102号",
        "2026-11-05",
        agency,
        AppearCategory::LawyerOnly,
    );
    assert_eq!(s.situations(a1).unwrap(), ["art12_1", "art12_3"]);
    let id = s.draft_suggestion(&new(vec![a2, a1])).unwrap();
    let d = s.suggestion(id).unwrap();
    assert_eq!(d.status, Status::Draft);
    assert_eq!(d.number, "");
    assert_eq!(d.agency, agency);
    assert_eq!(
        d.cases(),
        ["（2026）皖0104行初101号", "（2026）皖0104行初102号"]
    );
    // paragraphs kept, empty lines dropped
    assert_eq!(d.texts.facts, "1. 2026年11月3日……\n2. 2026年11月5日……");
    assert_eq!(d.cc, ["合肥市中级人民法院"]);

    // an appearance is in one suggestion only
    let again = s
        .draft_suggestion(&new(vec![a1]))
        .unwrap_err()
        .told()
        .text();
    assert!(
        again.contains("行初101号") && again.contains(&id.to_string()),
        "{again}"
    );

    // a draft's texts may change; the change is logged
    let texts = Texts {
        suggestion: "一是落实负责人出庭应诉制度。".into(),
        ..d.texts.clone()
    };
    s.edit_suggestion(id, None, None, &texts).unwrap();
    let today = day("2026-12-08");
    // not before the last hearing it is about (11-05)
    let e = s.send_suggestion(
        id,
        day("2026-11-04"),
        day("2027-01-08"),
        "王审判",
        "蜀法建〔{year}〕{n}号",
        today,
    );
    let e = e.unwrap_err().told().text();
    assert!(e.contains("2026-11-04") && e.contains("2026-11-05"), "{e}");
    let number = s
        .send_suggestion(
            id,
            day("2026-11-12"),
            day("2027-01-11"),
            "王审判",
            "蜀法建〔{year}〕{n}号",
            today,
        )
        .unwrap();
    assert_eq!(number, "蜀法建〔2026〕1号");
    let sent = s.suggestion(id).unwrap();
    assert_eq!(
        (sent.status, sent.sent_on, sent.deadline),
        (
            Status::Sent,
            Some(day("2026-11-12")),
            Some(day("2027-01-11"))
        )
    );
    assert_eq!(sent.texts.suggestion, "一是落实负责人出庭应诉制度。");
    // a sent one is what it was sent as
    let e = s
        .edit_suggestion(id, None, None, &texts)
        .unwrap_err()
        .told()
        .text();
    assert!(e.contains("蜀法建〔2026〕1号"), "{e}");
    assert!(s.delete_suggestion(id).is_err());
    assert_eq!(s.overdue_suggestions(day("2027-01-11")).unwrap(), 0);
    assert_eq!(s.overdue_suggestions(day("2027-01-12")).unwrap(), 1);
    assert_eq!(
        s.suggestion(id).unwrap().standing(day("2027-01-12")),
        Standing::Overdue
    );

    // the next one of the year is 2; the first of the next year is 1 again
    let a3 = appearance(
        &mut s,
        "（2026）皖0104行初103号",
        "2026-11-20",
        agency,
        AppearCategory::Nobody,
    );
    let a4 = appearance(
        &mut s,
        "（2026）皖0104行初104号",
        "2026-11-21",
        agency,
        AppearCategory::Nobody,
    );
    let second = s.draft_suggestion(&new(vec![a3])).unwrap();
    let third = s.draft_suggestion(&new(vec![a4])).unwrap();
    let n2 = s
        .send_suggestion(
            second,
            day("2026-12-01"),
            day("2027-01-30"),
            "王审判",
            "蜀法建〔{year}〕{n}号",
            today,
        )
        .unwrap();
    assert_eq!(n2, "蜀法建〔2026〕2号");
    let n3 = s
        .send_suggestion(
            third,
            day("2027-01-04"),
            day("2027-03-05"),
            "王审判",
            "蜀法建〔{year}〕{n}号",
            day("2027-01-04"),
        )
        .unwrap();
    assert_eq!(n3, "蜀法建〔2027〕1号");

    // the reply: not before it was sent, not without a summary
    assert!(
        s.record_reply(id, day("2026-11-11"), "已整改", today)
            .is_err()
    );
    assert!(s.record_reply(id, day("2026-12-01"), " ", today).is_err());
    s.record_reply(
        id,
        day("2026-12-01"),
        "区政府已约谈该局负责人并建立出庭应诉台账。",
        today,
    )
    .unwrap();
    let r = s.suggestion(id).unwrap();
    assert_eq!(
        (r.status, r.replied_on),
        (Status::Replied, Some(day("2026-12-01")))
    );

    // the notice's tally: sent in November (1), sent and replied in December (1 and 1)
    let month = |m: &str| {
        let p = crate::domain::period::Period::parse(m).unwrap();
        s.reader(super::records::Source::Report(p), "", false)
            .suggestion_tally()
            .unwrap()
    };
    let nov = month("2026-11");
    assert_eq!(nov.iter().filter(|t| t.sent).count(), 1);
    assert_eq!(nov.iter().filter(|t| t.replied).count(), 0);
    let dec = month("2026-12");
    assert_eq!(
        (
            dec.iter().filter(|t| t.sent).count(),
            dec.iter().filter(|t| t.replied).count()
        ),
        (1, 1)
    );

    // every step is in the log, and the log holds
    let log = s.history("（2026）皖0104行初101号").unwrap();
    let fields: Vec<(&str, &str)> = log
        .iter()
        .filter(|e| e.entity == "suggestion")
        .map(|e| (e.action.as_str(), e.field.as_str()))
        .collect();
    for want in [
        ("create", "recipient"),
        ("edit", "suggestion"),
        ("edit", "number"),
        ("edit", "deadline"),
        ("edit", "reply"),
        ("edit", "status"),
    ] {
        assert!(fields.contains(&want), "{want:?} in {fields:?}");
    }
    assert!(matches!(s.verify().unwrap(), Verified::Ok { .. }));
}

#[test]
fn only_an_art_12_situation_of_one_agency_takes_a_suggestion() {
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    let (_d, mut s) = db();
    let head = appearance(
        &mut s,
        "（2026）皖0104行初201号",
        "2026-11-03",
        "合肥市蜀山区自然资源局",
        AppearCategory::Principal,
    );
    let e = s
        .draft_suggestion(&new(vec![head]))
        .unwrap_err()
        .told()
        .text();
    assert!(e.contains("行初201号") && e.contains("第十二条"), "{e}");
    let a = appearance(
        &mut s,
        "（2026）皖0104行初202号",
        "2026-11-03",
        "合肥市蜀山区自然资源局",
        AppearCategory::Nobody,
    );
    let b = appearance(
        &mut s,
        "（2026）皖0104行初203号",
        "2026-11-03",
        "合肥市蜀山区城市管理局",
        AppearCategory::Nobody,
    );
    let e = s
        .draft_suggestion(&new(vec![a, b]))
        .unwrap_err()
        .told()
        .text();
    assert!(e.contains("城市管理局") && e.contains("自然资源局"), "{e}");
    let mut n = new(vec![a]);
    n.recipient = " ".into();
    assert!(s.draft_suggestion(&n).is_err());
    // nothing was written by a refusal
    assert!(s.suggestions(day("2026-12-08")).unwrap().is_empty());
    // a draft may go, logged
    let id = s.draft_suggestion(&new(vec![a])).unwrap();
    s.delete_suggestion(id).unwrap();
    assert!(s.suggestion(id).is_err());
    assert!(matches!(s.verify().unwrap(), Verified::Ok { .. }));
}

#[test]
fn an_agencys_superior_is_kept_and_logged_and_an_agency_without_one_keeps_its_state() {
    let (_d, mut s) = db();
    let a = appearance(
        &mut s,
        "（2026）皖0104行初301号",
        "2026-11-03",
        "合肥市蜀山区自然资源局",
        AppearCategory::Nobody,
    );
    let agency = s.appearance(a).unwrap().agency_id;
    let before = audit::state(&s.conn, audit::Entity::Agency, agency)
        .unwrap()
        .unwrap();
    assert!(!before.contains("superior"));
    s.set_agency_superior(agency, "合肥市自然资源和规划局")
        .unwrap();
    assert_eq!(s.agency_superior(agency).unwrap(), "合肥市自然资源和规划局");
    s.set_agency_superior(agency, "").unwrap();
    assert_eq!(
        audit::state(&s.conn, audit::Entity::Agency, agency)
            .unwrap()
            .unwrap(),
        before
    );
    assert!(matches!(s.verify().unwrap(), Verified::Ok { .. }));
    let n: i64 = s
        .conn
        .query_row(
            "SELECT count(*) AS n FROM audit_log WHERE entity = 'agency' AND field = 'superior'",
            [],
            |r| r.get("n"),
        )
        .unwrap();
    assert_eq!(n, 2);
}

/// An agency renamed or merged keeps its suggestions (the log holds); an appearance a suggestion
/// states is not deleted.
#[test]
fn a_suggestions_agency_renamed_or_merged_and_its_appearances_kept() {
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    let (_d, mut s) = db();
    let a = appearance(
        &mut s,
        "（2026）皖0104行初401号",
        "2026-11-03",
        "蜀山区自然资源局",
        AppearCategory::Nobody,
    );
    let id = s.draft_suggestion(&new(vec![a])).unwrap();
    let agency = s.appearance(a).unwrap().agency_id;
    s.rename_agency(agency, "合肥市蜀山区自然资源局", "名称有误")
        .unwrap();
    assert!(matches!(s.verify().unwrap(), Verified::Ok { .. }));
    assert_eq!(s.suggestion(id).unwrap().agency, "合肥市蜀山区自然资源局");
    let b = appearance(
        &mut s,
        "（2026）皖0104行初402号",
        "2026-11-04",
        "蜀山区自规局",
        AppearCategory::Principal,
    );
    let other = s.appearance(b).unwrap().agency_id;
    s.merge_agencies("合肥市蜀山区自然资源局", "蜀山区自规局", "同一机关")
        .unwrap();
    let moved = s.suggestion(id).unwrap();
    assert_eq!(
        (moved.agency_id, moved.agency.as_str()),
        (other, "蜀山区自规局")
    );
    assert!(matches!(s.verify().unwrap(), Verified::Ok { .. }));
    let e = s
        .delete_appearance(a, "录入错误")
        .unwrap_err()
        .told()
        .text();
    assert!(e.contains(&format!("司法建议 {id}")), "{e}");
    assert!(s.appearance(a).is_ok());
}
