//! The audit log: every change appended and chained; `verify` finds a changed record or entry.

use super::audit::{Problem, Verified};
use super::*;
use crate::domain::model::*;
use crate::domain::rubric::Rubric;

/// A hearing of `case` with `agency` its one defendant, and the evaluation of its appearance.
fn evaluation(s: &mut Store, case: &str, agency: &str) -> i64 {
    let h = s.insert_hearing(&input(case), &[agency.into()]).unwrap();
    let a = s.appearances(h).unwrap().remove(0);
    s.evaluation_for(a.id, &Rubric::default_rubric())
        .unwrap()
        .id
}

fn input(case: &str) -> HearingInput {
    HearingInput {
        case_number: case.into(),
        cause: "不服行政处罚决定".into(),
        act_kind: Some(ActKind::Penalty),
        court: "第一法庭".into(),
        judge: "王审判".into(),
        clerk: "李书记".into(),
        date: "2026-11-20".into(),
        start_time: "09:30".into(),
        ..Default::default()
    }
}

/// A hearing with one appearance, scored and finalized: (store, hearing, appearance, evaluation).
fn finalized(dir: &std::path::Path) -> (Store, i64, i64, i64) {
    let mut s = Store::open(&dir.join("tp.db")).unwrap();
    s.set_operator("clerk1").unwrap();
    let rubric = Rubric::default_rubric();
    let h = s
        .insert_hearing(
            &input("（2026）皖0104行初1号"),
            &["合肥市生态环境局".into()],
        )
        .unwrap();
    let mut a = s.appearances(h).unwrap().remove(0);
    a.person = "张建国".into();
    a.category = AppearCategory::Deputy;
    s.update_appearance(&a).unwrap();
    let e = s.evaluation_for(a.id, &rubric).unwrap().id;
    s.set_mark(e, "off_point", 2).unwrap();
    s.set_comment(e, "发言围绕争议焦点").unwrap();
    s.finalize(e, "王审判").unwrap();
    (s, h, a.id, e)
}

fn broken(v: Verified) -> (i64, Problem, String) {
    match v {
        Verified::Broken {
            seq,
            problem,
            entity,
            ..
        } => (seq, problem, entity),
        ok => panic!("expected a broken log, got {ok:?}"),
    }
}

#[test]
fn every_change_is_logged_with_who_and_what() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _, _, _) = finalized(dir.path());
    let h = s.history("（2026）皖0104行初1号").unwrap();
    let what: Vec<(&str, &str, &str, &str, &str)> = h
        .iter()
        .map(|e| {
            (
                e.action.as_str(),
                e.entity.as_str(),
                e.field.as_str(),
                e.old.as_str(),
                e.new.as_str(),
            )
        })
        .filter(|w| w.0 != "create")
        .collect();
    assert_eq!(
        what,
        vec![
            ("edit", "appearance", "person", "", "张建国"),
            // (the form's first save: its default 正职 was nobody's choice, not a change from it)
            ("edit", "appearance", "category", "", "deputy"),
            ("mark", "evaluation", "off_point", "0", "2"),
            ("edit", "evaluation", "comment", "", "发言围绕争议焦点"),
            ("finalize", "evaluation", "status", "draft", "final"),
        ]
    );
    assert_eq!(h.iter().filter(|e| e.action == "create").count(), 3);
    assert!(h.iter().all(|e| e.operator == "clerk1"));
    assert_eq!(h.last().unwrap().by, "王审判");
    match s.verify().unwrap() {
        Verified::Ok { entries, head } => {
            // (and the agency's creation, which names no case)
            assert_eq!(entries, 9);
            assert_eq!(head, s.chain_head().unwrap().1);
        }
        b => panic!("{b:?}"),
    }
}

#[test]
fn a_record_changed_behind_the_apps_back_names_its_last_entry() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _, _, e) = finalized(dir.path());
    let last: i64 = s
        .conn
        .query_row(
            "SELECT max(seq) AS seq FROM audit_log WHERE entity = 'evaluation' AND entity_id = ?1",
            [e],
            |r| r.get("seq"),
        )
        .unwrap();
    s.conn
        .execute("UPDATE marks SET value = 0 WHERE evaluation_id = ?1", [e])
        .unwrap();
    assert_eq!(
        broken(s.verify().unwrap()),
        (last, Problem::Record, "evaluation".into())
    );
}

#[test]
fn a_changed_or_removed_entry_breaks_the_chain_there() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _, _, _) = finalized(dir.path());
    // the triggers keep the app (and a careless script) from changing the log
    assert!(
        s.conn
            .execute("UPDATE audit_log SET new = 'x' WHERE seq = 4", [])
            .is_err()
    );
    s.conn
        .execute_batch(
            "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
             UPDATE audit_log SET new = '李四' WHERE seq = 4;",
        )
        .unwrap();
    assert_eq!(broken(s.verify().unwrap()).0, 4);
    assert_eq!(broken(s.verify().unwrap()).1, Problem::Content);
    let dir = tempfile::tempdir().unwrap();
    let (s, _, _, _) = finalized(dir.path());
    s.conn
        .execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 5;")
        .unwrap();
    assert_eq!(broken(s.verify().unwrap()).0, 6);
}

/// Every entry from `from` on read back, `at` set on entry `from`, and the chain computed again
/// after it, as someone who rewrote the log would: only the times show it.
fn rewrite_time(s: &Store, from: i64, at: &str) {
    let c = &s.conn;
    let mut st = c
        .prepare(
            "SELECT seq, at, operator, action, entity, entity_id, case_number, field, old, new,
                    reason, by_name, state, prev, hash FROM audit_log WHERE seq >= ?1 ORDER BY seq",
        )
        .unwrap();
    let mut entries: Vec<audit::Entry> = st
        .query_map([from], |r| {
            Ok(audit::Entry {
                seq: r.get("seq")?,
                at: r.get("at")?,
                operator: r.get("operator")?,
                action: r.get("action")?,
                entity: r.get("entity")?,
                entity_id: r.get("entity_id")?,
                case_number: r.get("case_number")?,
                field: r.get("field")?,
                old: r.get("old")?,
                new: r.get("new")?,
                reason: r.get("reason")?,
                by: r.get("by_name")?,
                state: r.get("state")?,
                prev: r.get("prev")?,
                hash: r.get("hash")?,
            })
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    entries[0].at = at.to_string();
    let mut prev = entries[0].prev.clone();
    // (the guard taken off for the rewrite and put back after it, as a careful forger would)
    let guard: String = c
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_update'",
            [],
            |r| r.get("sql"),
        )
        .unwrap();
    c.execute_batch("DROP TRIGGER audit_log_no_update").unwrap();
    for e in &mut entries {
        e.prev = prev.clone();
        e.hash = e.compute_hash();
        c.execute(
            "UPDATE audit_log SET at = ?2, prev = ?3, hash = ?4 WHERE seq = ?1",
            rusqlite::params![e.seq, e.at, e.prev, e.hash],
        )
        .unwrap();
        prev = e.hash.clone();
    }
    c.execute_batch(&guard).unwrap();
}

#[test]
fn an_entry_dated_back_and_the_chain_computed_again_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _, _, _) = finalized(dir.path());
    // a clock set right by a few minutes is not a rewrite
    let at: String = s
        .conn
        .query_row("SELECT at FROM audit_log WHERE seq = 3", [], |r| {
            r.get("at")
        })
        .unwrap();
    let back = chrono::DateTime::parse_from_rfc3339(&at).unwrap() - chrono::TimeDelta::minutes(5);
    rewrite_time(&s, 4, &back.to_rfc3339());
    assert!(matches!(
        audit::verify(&s.conn).unwrap(),
        Verified::Ok { .. }
    ));
    // an amendment moved to 2020 with the chain computed again after it
    rewrite_time(&s, 5, "2020-03-01T10:00:00+08:00");
    assert_eq!(
        broken(audit::verify(&s.conn).unwrap()),
        (5, Problem::Time, broken(audit::verify(&s.conn).unwrap()).2)
    );
    // and a time that is none
    let dir = tempfile::tempdir().unwrap();
    let (s, _, _, _) = finalized(dir.path());
    rewrite_time(&s, 4, "yesterday");
    assert_eq!(broken(audit::verify(&s.conn).unwrap()).1, Problem::Time);
}

#[test]
fn a_record_added_behind_the_apps_back_is_unlogged() {
    let dir = tempfile::tempdir().unwrap();
    let (s, h, _, _) = finalized(dir.path());
    s.conn
        .execute(
            "INSERT INTO appearances(hearing_id, agency_id) SELECT ?1, id FROM agencies",
            [h],
        )
        .ok();
    s.conn
        .execute("INSERT INTO agencies(name) VALUES ('某局')", [])
        .unwrap();
    s.conn
        .execute(
            "INSERT INTO appearances(hearing_id, agency_id) SELECT ?1, id FROM agencies WHERE name = '某局'",
            [h],
        )
        .unwrap();
    // both the agency and the appearance were added by hand; the agency directory is followed
    // too, so its row is named (the last kind verify walks)
    let (seq, problem, entity) = broken(s.verify().unwrap());
    assert_eq!(
        (seq, problem, entity.as_str()),
        (0, Problem::Unlogged, "agency")
    );
}

#[test]
fn a_database_from_before_the_log_starts_it_with_its_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut s = Store::open(&path).unwrap();
        s.insert_hearing(&input("（2026）皖0104行初2号"), &["合肥市公安局".into()])
            .unwrap();
    }
    // take the file back to version 5, log (and what came after it) gone, as an older tingping
    // left it
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "DROP TABLE agency_aliases; DROP INDEX appearances_by_agency; ALTER TABLE hearings DROP COLUMN room;
             DROP TABLE audit_log; DROP TABLE amendments; DROP TABLE imported_corrections; DROP INDEX batch_items_restated;
             ALTER TABLE batch_items DROP COLUMN stated; ALTER TABLE batches DROP COLUMN stated;
             ALTER TABLE batches DROP COLUMN chain_head; ALTER TABLE batches DROP COLUMN corrections; ALTER TABLE batches DROP COLUMN restated;
             DROP INDEX appearances_with_deadline; ALTER TABLE appearances DROP COLUMN judgment_effective; ALTER TABLE appearances DROP COLUMN performance_deadline;
             DROP INDEX imported_by_appearance_alone; DROP INDEX imported_by_appearance; ALTER TABLE imported_records DROP COLUMN appearance;
             DROP TABLE trusted_keys; ALTER TABLE imported_batches DROP COLUMN chain_head;
             ALTER TABLE imported_batches DROP COLUMN signed_by;
             ALTER TABLE evaluations DROP COLUMN events_digest; DROP TABLE suggestion_appearances; DROP TABLE suggestions; ALTER TABLE agencies DROP COLUMN superior; DROP TABLE satisfaction; DROP TABLE reviews; DROP TABLE sample_items; DROP TABLE samples;
             PRAGMA user_version = 5;",
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    let h = s.history("（2026）皖0104行初2号").unwrap();
    assert_eq!(
        h.iter()
            .map(|e| (e.action.as_str(), e.entity.as_str(), e.operator.as_str()))
            .collect::<Vec<_>>(),
        vec![
            ("migrate", "hearing", "tingping"),
            ("migrate", "appearance", "tingping")
        ]
    );
    // and the agency, logged as it is when the log begins to follow the directory
    assert!(matches!(
        s.verify().unwrap(),
        Verified::Ok { entries: 3, .. }
    ));
}

#[test]
fn a_cached_score_changed_behind_the_apps_back_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _, _, e) = finalized(dir.path());
    assert!(matches!(s.verify().unwrap(), Verified::Ok { .. }));
    s.conn
        .execute(
            "UPDATE evaluations SET grade = 'excellent', total_tenths = 990 WHERE id = ?1",
            [e],
        )
        .unwrap();
    let (seq, problem, entity) = broken(s.verify().unwrap());
    assert_eq!((problem, entity.as_str()), (Problem::Record, "evaluation"));
    assert!(seq > 0);
}

#[test]
fn an_agency_changed_behind_the_apps_back_is_found() {
    // its government decides which notice and which extract name it; its name is printed
    for sql in [
        "UPDATE agencies SET government = '某某市人民政府'",
        "UPDATE agencies SET name = name || '（改）'",
        "UPDATE agencies SET level = 'province'",
        "INSERT INTO agency_aliases(alias, agency_id) SELECT '某简称', id FROM agencies",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (mut s, _, _, _) = finalized(dir.path());
        let id: i64 = s
            .conn
            .query_row("SELECT id FROM agencies", [], |r| r.get("id"))
            .unwrap();
        // a change through the store is logged: verify holds
        s.set_agency_government(id, "合肥市人民政府").unwrap();
        assert!(matches!(s.verify().unwrap(), Verified::Ok { .. }), "{sql}");
        s.conn.execute(sql, []).unwrap();
        let (seq, problem, entity) = broken(s.verify().unwrap());
        // (a renamed agency changes its appearances' state too: the earliest entry is named)
        let expected = if sql.contains("SET name") {
            "appearance"
        } else {
            "agency"
        };
        assert_eq!(
            (problem, entity.as_str()),
            (Problem::Record, expected),
            "{sql}"
        );
        assert!(seq > 0, "{sql}");
    }
}

#[test]
fn a_live_event_changed_or_removed_behind_the_apps_back_is_found() {
    // the events are the evidence a batch carries: each is in its evaluation's logged state
    let at = |ms: i64| super::live::Moment {
        elapsed_ms: ms,
        at: format!("2026-11-20T09:3{}:00+08:00", ms / 1000),
    };
    for sql in [
        "UPDATE events SET note = '改过的记录' WHERE kind = 'note'",
        "UPDATE events SET item_id = 'interrupt' WHERE kind = 'mark' AND seq = (SELECT min(seq) FROM events WHERE kind = 'mark')",
        "UPDATE events SET elapsed_ms = elapsed_ms + 60000",
        "DELETE FROM events WHERE seq = (SELECT max(seq) FROM events)",
        "DELETE FROM events",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
        let e = evaluation(&mut s, "（2026）皖0104行初2号", "合肥市生态环境局");
        s.record_mark(e, "off_point", &at(1000)).unwrap();
        s.record_mark(e, "off_point", &at(2000)).unwrap();
        s.record_note(e, "负责人当庭表示愿意协调", &at(3000))
            .unwrap();
        s.record_undo(e, &at(4000)).unwrap();
        assert!(matches!(s.verify().unwrap(), Verified::Ok { .. }), "{sql}");
        s.conn.execute(sql, []).unwrap();
        let (seq, problem, entity) = broken(s.verify().unwrap());
        assert_eq!(
            (problem, entity.as_str()),
            (Problem::Record, "evaluation"),
            "{sql}"
        );
        assert!(seq > 0, "{sql}");
    }
}

#[test]
fn a_database_from_before_events_were_followed_is_logged_as_it_is_when_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tp.db");
    let at = super::live::Moment {
        elapsed_ms: 1000,
        at: "2026-11-20T09:30:00+08:00".into(),
    };
    {
        let mut s = Store::open(&path).unwrap();
        let e = evaluation(&mut s, "（2026）皖0104行初3号", "合肥市生态环境局");
        s.record_note(e, "记录", &at).unwrap();
        // and one scored without live mode: its state has no events field, as at step 13
        let e = evaluation(&mut s, "（2026）皖0104行初4号", "合肥市公安局");
        s.set_mark(e, "off_point", 1).unwrap();
        // its state is the 8 fields step 13 logged; one with events has the 9th
        let fields = |id: i64| -> usize {
            let st = audit::state(&s.conn, audit::Entity::Evaluation, id)
                .unwrap()
                .unwrap();
            serde_json::from_str::<Vec<serde_json::Value>>(&st)
                .unwrap()
                .len()
        };
        assert_eq!((fields(e), fields(e - 1)), (8, 9));
    }
    // as step 13 left it: the events were not part of the logged state
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "PRAGMA user_version = 13; DELETE FROM audit_log WHERE action = 'migrate';
             ALTER TABLE evaluations DROP COLUMN events_digest; DROP TABLE suggestion_appearances; DROP TABLE suggestions; ALTER TABLE agencies DROP COLUMN superior; DROP TABLE satisfaction; DROP TABLE reviews; DROP TABLE sample_items; DROP TABLE samples;",
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert!(matches!(s.verify().unwrap(), Verified::Ok { .. }));
    let migrated: i64 = s
        .conn
        .query_row(
            "SELECT count(*) AS n FROM audit_log WHERE action = 'migrate' AND entity = 'evaluation'",
            [],
            |r| r.get("n"),
        )
        .unwrap();
    assert_eq!(migrated, 1);
}

#[test]
fn a_log_rewritten_before_a_batch_and_chained_again_is_found_at_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _, _, _) = finalized(dir.path());
    // a batch claimed at the log's head, its export entry after it
    let (head_seq, head) = audit::head(&s.conn).unwrap();
    s.conn
        .execute(
            "INSERT INTO batches(id, kind, period_from, period_to, court, court_code, created_at, chain_head)
             VALUES ('2026-11', 'month', '2026-11-01', '2026-11-30', '法院', '皖0104', '2026-12-01T09:00:00+08:00', ?1)",
            [head],
        )
        .unwrap();
    super::log(
        "clerk1",
        &s.conn,
        audit::Change::new(audit::Action::Export, audit::Entity::Batch, 0)
            .field("2026-11", "", "{}"),
    )
    .unwrap();
    assert!(matches!(s.verify().unwrap(), Verified::Ok { .. }));
    // an entry before it rewritten (a minute earlier: no clock rule broken) and the chain
    // computed again: the log reads on, but the head the batch was made at is gone
    let at: String = s
        .conn
        .query_row("SELECT at FROM audit_log WHERE seq = 2", [], |r| {
            r.get("at")
        })
        .unwrap();
    let back = chrono::DateTime::parse_from_rfc3339(&at).unwrap() - chrono::TimeDelta::minutes(1);
    rewrite_time(&s, 2, &back.to_rfc3339());
    assert_eq!(
        broken(s.verify().unwrap()),
        (head_seq + 1, Problem::Rewritten, "batch".to_string())
    );
}
