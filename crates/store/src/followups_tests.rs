//! The judgment performance worklist on a real SQLite file: what it lists, in which order, the
//! overdue filter, and the judgment dates — checked, and logged.

use crate::i18n::Render as _;

use super::audit::Verified;
use super::*;
use crate::domain::model::*;
use crate::domain::rubric::Rubric;
use chrono::NaiveDate;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

struct Db {
    _dir: tempfile::TempDir,
    s: Store,
    rubric: Rubric,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
        s.set_operator("书记员甲").unwrap();
        s.set_scope(crate::domain::scope::Scope {
            court_code: "皖0104".into(),
            ..Default::default()
        });
        Db {
            _dir: dir,
            s,
            rubric: Rubric::default_rubric(),
        }
    }

    /// A hearing of `case` on `date` with one agency whose deputy head appeared, scored (with
    /// `marks`), finalized unless `draft`: (appearance, evaluation).
    fn scored(&mut self, case: &str, date: &str, marks: &[(&str, i64)], draft: bool) -> (i64, i64) {
        let h = self
            .s
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
                &["合肥市生态环境局".into()],
            )
            .unwrap();
        let mut a = self.s.appearances(h).unwrap().remove(0);
        a.person = "张建国".into();
        a.category = AppearCategory::Deputy;
        self.s.update_appearance(&a).unwrap();
        let e = self.s.evaluation_for(a.id, &self.rubric).unwrap().id;
        for (item, v) in marks {
            self.s.set_mark(e, item, *v).unwrap();
        }
        if !draft {
            self.s.finalize(e, "王审判").unwrap();
        }
        (a.id, e)
    }

    fn dates(&mut self, appearance: i64, effective: Option<&str>, deadline: Option<&str>) {
        self.s
            .set_judgment_dates(appearance, effective.map(day), deadline.map(day))
            .unwrap();
    }

    fn cases(&self, today: &str, overdue_only: bool) -> Vec<String> {
        self.s
            .followups(day(today), overdue_only)
            .unwrap()
            .into_iter()
            .map(|f| f.case_number)
            .collect()
    }
}

#[test]
fn the_worklist_lists_pending_performance_overdue_first() {
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    let mut db = Db::new();
    let (a1, _) = db.scored("（2026）皖0104行初1号", "2026-09-01", &[], false);
    db.dates(a1, Some("2026-09-20"), Some("2026-10-01")); // 50 days overdue
    let (a2, _) = db.scored("（2026）皖0104行初2号", "2026-09-10", &[], false);
    db.dates(a2, Some("2026-10-10"), Some("2026-11-10")); // 10 days overdue
    db.scored("（2026）皖0104行初3号", "2026-08-01", &[], false); // no dates
    let (a4, _) = db.scored("（2026）皖0104行初4号", "2026-10-01", &[], false);
    db.dates(a4, Some("2026-11-01"), Some("2026-12-31")); // due in 41 days
    let (a5, _) = db.scored("（2026）皖0104行初5号", "2026-07-15", &[], false);
    db.dates(a5, Some("2026-08-10"), None); // effective, no deadline: with the undated
    let (a6, _) = db.scored("（2026）皖0104行初6号", "2026-10-05", &[], false);
    db.dates(a6, None, Some("2026-11-20")); // the last day: not overdue yet

    // not on the worklist: a draft, an outcome recorded, an outcome known when finalized, a
    // non-litigation review, another court's case
    let (d, _) = db.scored("（2026）皖0104行初7号", "2026-09-01", &[], true);
    db.dates(d, None, Some("2026-09-30"));
    let (_, recorded) = db.scored("（2026）皖0104行初8号", "2026-09-01", &[], false);
    db.s.record_performance(recorded, "late", "李书记", day("2026-11-01"))
        .unwrap();
    db.scored(
        "（2026）皖0104行初9号",
        "2026-09-01",
        &[("outcome", 2)],
        false,
    );
    db.scored("（2026）皖0104行审10号", "2026-09-01", &[], false);
    db.scored("（2026）皖0111行初11号", "2026-09-01", &[], false);

    assert_eq!(
        db.cases("2026-11-20", false),
        [
            "（2026）皖0104行初1号",
            "（2026）皖0104行初2号",
            "（2026）皖0104行初6号",
            "（2026）皖0104行初4号",
            "（2026）皖0104行初5号",
            "（2026）皖0104行初3号",
        ]
    );
    assert_eq!(
        db.cases("2026-11-20", true),
        ["（2026）皖0104行初1号", "（2026）皖0104行初2号"]
    );
    // a day later the last day has passed too
    assert_eq!(
        db.cases("2026-11-21", true),
        [
            "（2026）皖0104行初1号",
            "（2026）皖0104行初2号",
            "（2026）皖0104行初6号",
        ]
    );
    let rows = db.s.followups(day("2026-11-20"), false).unwrap();
    let first = &rows[0];
    assert_eq!(
        (
            first.hearing_date.as_str(),
            first.agency.as_str(),
            first.person.as_str(),
            first.judgment_effective,
            first.deadline,
            first.overdue_days()
        ),
        (
            "2026-09-01",
            "合肥市生态环境局",
            "张建国",
            Some(day("2026-09-20")),
            Some(day("2026-10-01")),
            Some(50)
        )
    );
    // no deadline is inferred from the effective date
    assert_eq!(rows[4].deadline, None);
    assert_eq!(rows[4].overdue_days(), None);

    // recording the outcome takes a row off the list
    db.s.record_performance(first.evaluation_id, "on_time", "李书记", day("2026-11-20"))
        .unwrap();
    assert_eq!(db.cases("2026-11-20", true), ["（2026）皖0104行初2号"]);
}

#[test]
fn judgment_dates_are_checked_and_logged() {
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    let mut db = Db::new();
    let (a, _) = db.scored("（2026）皖0104行初1号", "2026-10-09", &[], false);
    let (seq, head) = db.s.chain_head().unwrap();
    let refused = |db: &mut Db, e: &str, d: &str| {
        db.s.set_judgment_dates(a, Some(day(e)), Some(day(d)))
            .unwrap_err()
            .text()
    };
    let e = refused(&mut db, "2026-10-30", "2026-10-29");
    assert!(
        e.contains("履行期限 2026-10-29 早于判决生效日期 2026-10-30"),
        "{e}"
    );
    let e = refused(&mut db, "2026-10-08", "2026-12-08");
    assert!(
        e.contains("判决生效日期 2026-10-08 早于开庭日期 2026-10-09"),
        "{e}"
    );
    let e =
        db.s.set_judgment_dates(a, None, Some(day("2026-10-01")))
            .unwrap_err()
            .text();
    assert!(
        e.contains("履行期限 2026-10-01 早于开庭日期 2026-10-09"),
        "{e}"
    );
    // nothing changed, nothing logged
    assert_eq!(db.s.judgment_dates(a).unwrap(), (None, None));
    assert_eq!(db.s.chain_head().unwrap(), (seq, head));

    // on a finalized evaluation: an edit of the appearance, field by field, by the operator
    db.dates(a, Some("2026-10-30"), Some("2026-12-29"));
    assert_eq!(
        db.s.judgment_dates(a).unwrap(),
        (Some(day("2026-10-30")), Some(day("2026-12-29")))
    );
    let log = db.s.history("（2026）皖0104行初1号").unwrap();
    let edits: Vec<_> = log.iter().filter(|e| e.seq > seq).collect();
    assert_eq!(edits.len(), 2, "{edits:#?}");
    for (e, (field, new)) in edits.iter().zip([
        ("judgment_effective", "2026-10-30"),
        ("performance_deadline", "2026-12-29"),
    ]) {
        assert_eq!(
            (
                e.action.as_str(),
                e.entity.as_str(),
                e.entity_id,
                e.field.as_str(),
                e.old.as_str(),
                e.new.as_str(),
                e.operator.as_str()
            ),
            ("edit", "appearance", a, field, "", new, "书记员甲")
        );
    }
    // clearing the deadline (unknown again) is one more entry; the same dates again, none
    db.dates(a, Some("2026-10-30"), None);
    db.dates(a, Some("2026-10-30"), None);
    let log = db.s.history("（2026）皖0104行初1号").unwrap();
    let last = log.last().unwrap();
    assert_eq!(log.iter().filter(|e| e.seq > seq).count(), 3);
    assert_eq!(
        (last.field.as_str(), last.old.as_str(), last.new.as_str()),
        ("performance_deadline", "2026-12-29", "")
    );
    assert!(matches!(db.s.verify().unwrap(), Verified::Ok { .. }));

    // a reported evaluation takes them too: they are follow-up facts, not amendments
    db.s.conn
        .execute("UPDATE evaluations SET status = 'reported'", [])
        .unwrap();
    db.dates(a, Some("2026-10-30"), Some("2027-01-30"));
    assert_eq!(db.s.judgment_dates(a).unwrap().1, Some(day("2027-01-30")));

    // an appearance that does not exist is named
    assert!(matches!(
        db.s.set_judgment_dates(9999, None, None),
        Err(StoreError::NotFound(_))
    ));
}

/// 逾期履行, 经强制执行 and 拒不履行 say the deadline passed: none is recorded on or before the
/// deadline entered (the December notice would have said 拒不履行 a month early).
#[test]
fn an_outcome_that_says_the_deadline_passed_waits_for_it() {
    let mut db = Db::new();
    let (a, e) = db.scored("（2026）皖0104行初1号", "2026-10-09", &[], false);
    db.dates(a, Some("2026-11-06"), Some("2027-01-06"));
    for (option, on) in [
        ("refused", "2026-12-07"),
        ("late", "2027-01-06"),
        ("enforced", "2026-11-10"),
    ] {
        match db.s.record_performance(e, option, "李书记", day(on)) {
            Err(StoreError::Refused(m)) => assert_eq!(m.key, "perf.err.before_deadline"),
            other => panic!("{option} on {on}: {other:?}"),
        }
    }
    assert!(db.s.performance(e).unwrap().is_none(), "nothing recorded");
    // performed on time may be recorded any day; refused, once the deadline has passed
    db.s.record_performance(e, "refused", "李书记", day("2027-01-07"))
        .unwrap();
}
