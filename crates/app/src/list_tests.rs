//! The hearings list at scale, on demo data: its kept count, keyset pages, and the unclaimed
//! appearances. (Here, beside the demo generator, since the store cannot depend on it; what the
//! store does not offer is done through a connection of its own to the same file.)

use crate::domain::model::*;
use crate::domain::rubric::Rubric;
use crate::store::*;

pub(crate) fn input(case: &str, date: &str, time: &str) -> HearingInput {
    HearingInput {
        case_number: case.into(),
        cause: "不服行政处罚决定".into(),
        act_kind: Some(ActKind::Penalty),
        court: "合肥市蜀山区人民法院".into(),
        judge: "王审判".into(),
        clerk: "李书记".into(),
        date: date.into(),
        start_time: time.into(),
        ..Default::default()
    }
}

/// A store with demo data, hearings that tie on date and time, and hearings without agencies.
fn listed(dir: &std::path::Path) -> Store {
    let mut s = Store::open(&dir.join("tp.db")).unwrap();
    let rubric = Rubric::default_rubric();
    crate::demo::generate(
        &mut s,
        &rubric,
        &crate::demo::Options::new(
            90,
            5,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        ),
    )
    .unwrap();
    for n in 0..4 {
        let agencies: Vec<String> = (0..n).map(|k| format!("合肥市第{k}局")).collect();
        s.insert_hearing(
            &input(
                &format!("（2026）皖0104行初{}号", 900 + n),
                "2026-11-27",
                "09:00",
            ),
            &agencies,
        )
        .unwrap();
    }
    s.insert_hearing(
        &input("（2026）皖0104行初950号", "2026-06-01", "15:00"),
        &[],
    )
    .unwrap();
    s
}

fn all(s: &Store) -> Vec<ListRow> {
    let total = s.list_count().unwrap();
    let rows = s.list_first(total + 10).unwrap();
    assert_eq!(rows.len(), total, "the kept count is the list's length");
    rows
}

#[test]
fn the_kept_count_stays_exact_through_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = listed(dir.path());
    assert!(s.kept_agree().unwrap());
    let check = |s: &Store| {
        assert!(s.kept_agree().unwrap());
        all(s);
    };
    let empty = s
        .insert_hearing(
            &input("（2026）皖0104行初960号", "2026-11-01", "10:00"),
            &[],
        )
        .unwrap();
    check(&s);
    // its first agency takes the place of its row without one; a second adds a row
    let a1 = s.add_defendant(empty, "合肥市公安局").unwrap();
    check(&s);
    let a2 = s.add_defendant(empty, "合肥市税务局").unwrap();
    check(&s);
    // the same agency again changes nothing
    s.add_defendant(empty, "合肥市税务局").unwrap();
    check(&s);
    assert!(s.remove_defendant(a2).unwrap());
    check(&s);
    // the last one leaves the hearing's row without one
    s.delete_appearance(a1, "录入错误").unwrap();
    check(&s);
    let two = s
        .insert_hearing(
            &input("（2026）皖0104行初961号", "2026-11-02", "10:00"),
            &["合肥市公安局".into(), "合肥市税务局".into()],
        )
        .unwrap();
    check(&s);
    s.delete_hearing(two, "录入错误").unwrap();
    check(&s);
    s.delete_hearing(empty, "录入错误").unwrap();
    check(&s);
    // a hearing deleted with its appearances by the cascade alone (no store method does it so)
    let three = s
        .insert_hearing(
            &input("（2026）皖0104行初962号", "2026-11-03", "10:00"),
            &["合肥市公安局".into(), "合肥市税务局".into()],
        )
        .unwrap();
    sql(&s)
        .execute("DELETE FROM hearings WHERE id = ?1", [three])
        .unwrap();
    check(&s);
}

#[test]
fn keyset_pages_walk_the_whole_list_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let s = listed(dir.path());
    let all = all(&s);
    let total = all.len();
    assert!(total > 100);
    assert_eq!(s.list_first(10).unwrap(), all[..10]);
    assert_eq!(s.list_last(10).unwrap(), all[total - 10..]);
    assert_eq!(s.list_first(total + 5).unwrap(), all);
    assert_eq!(s.list_last(total + 5).unwrap(), all);
    // forward from the first page, in pages of 7
    let mut walked = s.list_first(7).unwrap();
    loop {
        let next = s.list_after(&walked.last().unwrap().cursor(), 7).unwrap();
        if next.is_empty() {
            break;
        }
        assert!(next.len() <= 7);
        walked.extend(next);
    }
    assert_eq!(walked, all);
    // backward from the last page
    let mut walked = s.list_last(6).unwrap();
    loop {
        let before = s.list_before(&walked[0].cursor(), 6).unwrap();
        if before.is_empty() {
            break;
        }
        walked.splice(0..0, before);
    }
    assert_eq!(walked, all);
    // from every row, each way
    for i in 0..total {
        let c = all[i].cursor();
        let after = s.list_after(&c, 5).unwrap();
        assert_eq!(
            after,
            all[(i + 1).min(total)..(i + 6).min(total)],
            "after {i}"
        );
        let before = s.list_before(&c, 5).unwrap();
        assert_eq!(before, all[i.saturating_sub(5)..i], "before {i}");
        let at = s.list_at(&c, 3).unwrap();
        assert_eq!(at, all[i..(i + 3).min(total)], "at {i}");
    }
}

#[test]
fn a_cursor_holds_when_its_row_goes() {
    let dir = tempfile::tempdir().unwrap();
    let s = listed(dir.path());
    let before = all(&s);
    let i = before.len() / 2;
    let gone = before[i].clone();
    // (a finalized hearing cannot be deleted by the store: gone by hand, with its records)
    sql(&s)
        .execute("DELETE FROM hearings WHERE id = ?1", [gone.hearing_id])
        .unwrap();
    assert!(s.kept_agree().unwrap());
    let now = all(&s);
    // the rows after and before the place it held
    let after: Vec<ListRow> = before[i + 1..]
        .iter()
        .filter(|r| r.hearing_id != gone.hearing_id)
        .take(4)
        .cloned()
        .collect();
    assert_eq!(s.list_after(&gone.cursor(), 4).unwrap(), after);
    assert_eq!(s.list_at(&gone.cursor(), 4).unwrap(), after);
    let earlier: Vec<ListRow> = before[..i]
        .iter()
        .filter(|r| r.hearing_id != gone.hearing_id)
        .cloned()
        .collect();
    assert_eq!(
        s.list_before(&gone.cursor(), 4).unwrap(),
        earlier[earlier.len() - 4..]
    );
    assert!(now.iter().all(|r| r.hearing_id != gone.hearing_id));
}

#[test]
fn the_unclaimed_appearances_follow_the_claims() {
    let dir = tempfile::tempdir().unwrap();
    let s = listed(dir.path());
    let unclaimed = |s: &Store| -> i64 {
        sql(s)
            .query_row("SELECT count(*) FROM unclaimed", [], |r| r.get(0))
            .unwrap()
    };
    let appearances: i64 = sql(&s)
        .query_row("SELECT count(*) FROM appearances", [], |r| r.get(0))
        .unwrap();
    assert_eq!(unclaimed(&s), appearances);
    sql(&s)
        .execute_batch(
            "INSERT INTO batches(id, kind, period_from, period_to, court, court_code, created_at)
               VALUES ('2026-10', 'month', '2026-10-01', '2026-10-31', '法院', '皖0104', 'now');
             INSERT INTO batch_items(batch_id, appearance_id) SELECT '2026-10', id FROM appearances WHERE id % 3 = 0;",
        )
        .unwrap();
    assert!(s.kept_agree().unwrap());
    assert!(unclaimed(&s) < appearances);
    // a claim undone (as a test or a repair would) returns them
    sql(&s)
        .execute("DELETE FROM batch_items WHERE appearance_id % 2 = 0", [])
        .unwrap();
    assert!(s.kept_agree().unwrap());
    sql(&s)
        .execute("UPDATE batch_items SET appearance_id = appearance_id + 1 WHERE appearance_id = 3 AND NOT EXISTS (SELECT 1 FROM batch_items WHERE appearance_id = 4)", [])
        .unwrap();
    assert!(s.kept_agree().unwrap());
}

#[test]
fn a_version_7_file_gets_its_kept_count_and_unclaimed_appearances() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let s = listed(dir.path());
        // back to version 7 (before the kept count), as an earlier tingping left it
        let triggers: Vec<String> = sql(&s)
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND (name LIKE 'list_rows%' OR name LIKE 'unclaimed%')")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(triggers.len(), 10);
        for t in triggers {
            sql(&s).execute_batch(&format!("DROP TRIGGER {t}")).unwrap();
        }
        sql(&s)
            .execute_batch(
                "INSERT INTO batches(id, kind, period_from, period_to, court, court_code, created_at)
                   VALUES ('2026-10', 'month', '2026-10-01', '2026-10-31', '法院', '皖0104', 'now');
                 INSERT INTO batch_items(batch_id, appearance_id) SELECT '2026-10', id FROM appearances WHERE id % 3 = 0;
                 INSERT INTO hearings(case_number, cause, act_kind, court, judge, clerk, date, start_time, created_at, updated_at)
                   VALUES ('（2026）皖0104行初970号', '不服', 'penalty', '法院', '王', '李', '2026-11-05', '09:00', 'x', 'x');
                 DROP TABLE list_rows; DROP TABLE unclaimed;
                 DROP INDEX imported_by_appearance_alone; DROP INDEX imported_by_appearance; ALTER TABLE imported_records DROP COLUMN appearance;
                 DROP TABLE trusted_keys; ALTER TABLE imported_batches DROP COLUMN chain_head;
                 ALTER TABLE imported_batches DROP COLUMN signed_by;
                 ALTER TABLE evaluations DROP COLUMN events_digest; DROP TABLE suggestion_appearances; DROP TABLE suggestions; ALTER TABLE agencies DROP COLUMN superior; DROP TABLE satisfaction; DROP TABLE reviews; DROP TABLE sample_items; DROP TABLE samples;
                 PRAGMA user_version = 7;",
            )
            .unwrap();
        drop(s);
        std::fs::rename(dir.path().join("tp.db"), &path).unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::LATEST);
    assert!(s.kept_agree().unwrap());
    all(&s);
    // and the step runs again on a file that has its tables already
    let c = sql(&s);
    c.execute_batch("BEGIN").unwrap();
    c.execute_batch(schema::MIGRATIONS[7])
        .expect("step 8 runs again");
    c.execute_batch("COMMIT").unwrap();
    assert!(s.kept_agree().unwrap());
}

/// A connection of its own to the store's file: what no store method does (a deletion by hand).
fn sql(s: &Store) -> rusqlite::Connection {
    rusqlite::Connection::open(s.path()).unwrap()
}
