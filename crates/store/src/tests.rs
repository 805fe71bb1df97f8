use super::*;
use crate::domain::model::*;
use crate::domain::rubric::Rubric;
use crate::i18n::Render as _;

fn input(case: &str, date: &str) -> HearingInput {
    HearingInput {
        case_number: case.into(),
        cause: "不服行政处罚决定".into(),
        act_kind: Some(ActKind::Penalty),
        court: "合肥市蜀山区人民法院".into(),
        judge: "王审判".into(),
        clerk: "李书记".into(),
        date: date.into(),
        start_time: "09:30".into(),
        end_time: String::new(),
        online: false,
        key_category: Some(KeyCategory::Environment),
    }
}

fn scored(store: &mut Store, rubric: &Rubric, case: &str) -> (i64, i64) {
    let h = store
        .insert_hearing(&input(case, "2026-11-20"), &["合肥市生态环境局".into()])
        .unwrap();
    let mut a = store.appearances(h).unwrap().remove(0);
    a.person = "张建国".into();
    a.title = "副局长".into();
    a.category = AppearCategory::Deputy;
    store.update_appearance(&a).unwrap();
    let e = store.evaluation_for(a.id, rubric).unwrap();
    (a.id, e.id)
}

#[test]
fn a_write_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/tp.db");
    let rubric = Rubric::default_rubric();
    {
        let mut s = Store::open(&path).unwrap();
        let (_, e) = scored(&mut s, &rubric, "（2026）皖0104行初1号");
        let score = s.set_mark(e, "off_point", 2).unwrap();
        assert_eq!(score.dims[1].score, 25);
        s.set_comment(e, "发言围绕争议焦点").unwrap();
    }
    let s = Store::open(&path).unwrap();
    let mut rows = Vec::new();
    s.for_each_appearance(|r| {
        rows.push(r);
        Ok(())
    })
    .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].case_number, "（2026）皖0104行初1号");
    assert_eq!(
        (rows[0].court_code.as_str(), rows[0].case_type.as_str()),
        ("皖0104", "行初")
    );
    assert_eq!(rows[0].id.len(), 32);
    let score = &rows[0].scored.as_ref().unwrap().0;
    assert_eq!(score.dims[1].score, 25);
    // 20 + 25 + 0 of 85 → 52.9
    assert_eq!(score.total_tenths, Some(529));
    let journal: String = s
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get("journal_mode"))
        .unwrap();
    assert_eq!(journal, "wal");
    let fk: i64 = s
        .conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get("foreign_keys"))
        .unwrap();
    assert_eq!(fk, 1);
    assert_eq!(s.schema_version().unwrap(), schema::LATEST);
}

#[test]
fn agencies_are_one_row_each_and_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
    s.insert_hearing(
        &input("（2026）皖0104行初1号", "2026-11-01"),
        &["合肥市公安局".into(), "蜀山区人民政府".into()],
    )
    .unwrap();
    let h2 = s
        .insert_hearing(
            &input("（2026）皖0104行初2号", "2026-11-02"),
            &["合肥市公安局".into()],
        )
        .unwrap();
    s.add_defendant(h2, " 蜀山区人民政府 ").unwrap();
    let n: i64 = s
        .conn
        .query_row("SELECT count(*) AS n FROM agencies", [], |r| r.get("n"))
        .unwrap();
    assert_eq!(n, 2);
    let found = s.search_agencies("公安", 5).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name, "合肥市公安局");
    assert_eq!(s.appearances(h2).unwrap().len(), 2);
}

#[test]
fn the_same_case_gets_the_next_sitting_number() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
    let a = s
        .insert_hearing(&input("（2026）皖0104行初1号", "2026-11-01"), &[])
        .unwrap();
    let b = s
        .insert_hearing(&input("（2026）皖0104行初1号", "2026-11-08"), &[])
        .unwrap();
    assert_eq!(s.hearing(a).unwrap().sitting, 1);
    assert_eq!(s.hearing(b).unwrap().sitting, 2);
}

#[test]
fn finalized_evaluations_are_locked() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
    let rubric = Rubric::default_rubric();
    let (_, e) = scored(&mut s, &rubric, "（2026）皖0104行初1号");
    s.set_mark(e, "late", 1).unwrap();
    s.finalize(e, "王审判").unwrap();
    assert!(matches!(s.set_mark(e, "late", 0), Err(StoreError::Locked)));
    assert!(matches!(s.set_comment(e, "x"), Err(StoreError::Locked)));
    let ev = s.evaluation(e).unwrap();
    assert_eq!(ev.status, EvalStatus::Final);
    assert_eq!(ev.finalized_by, "王审判");
    assert_eq!(ev.marks.get("late"), Some(&1));
}

#[test]
fn a_finalized_appearance_and_its_hearing_are_locked_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
    let rubric = Rubric::default_rubric();
    let (aid, e) = scored(&mut s, &rubric, "（2026）皖0104行初1号");
    let a = s.appearance(aid).unwrap();
    let h = a.hearing_id;
    // a draft: both can still be edited
    assert!(!s.appearance_locked(aid).unwrap() && !s.hearing_locked(h).unwrap());
    s.update_appearance(&a).unwrap();
    s.update_hearing(h, &input("（2026）皖0104行初1号", "2026-11-21"))
        .unwrap();
    s.finalize(e, "王审判").unwrap();
    // finalized: the score depends on who appeared and on the hearing, so neither changes in place
    let mut staff = a.clone();
    staff.category = AppearCategory::Staff;
    assert!(matches!(
        s.update_appearance(&staff),
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        s.update_hearing(h, &input("（2026）皖0104行初1号", "2026-11-22")),
        Err(StoreError::Refused(_))
    ));
    assert_eq!(s.appearance(aid).unwrap().category, AppearCategory::Deputy);
    assert_eq!(s.hearing(h).unwrap().date.to_string(), "2026-11-21");
    // another agency of the same hearing can still be added and recorded
    let other = s.add_defendant(h, "蜀山区人民政府").unwrap();
    assert!(!s.appearance_locked(other).unwrap());
}

#[test]
fn appearance_changes_update_the_cached_flags() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
    let rubric = Rubric::default_rubric();
    let (aid, e) = scored(&mut s, &rubric, "（2026）皖0104行初1号");
    let mut a = s.appearance(aid).unwrap();
    a.category = AppearCategory::Staff;
    s.update_appearance(&a).unwrap();
    let score = s.score_of(e).unwrap();
    assert_eq!(score.flags, vec!["art12_1".to_string()]);
    let row = s.list_first(10).unwrap().remove(0);
    assert_eq!(row.flags, vec!["art12_1".to_string()]);
    assert_eq!(row.grade.as_deref(), Some("fail"));
}

#[test]
fn old_scores_keep_the_rubric_they_were_scored_with() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
    let old = Rubric::default_rubric();
    let (_, e1) = scored(&mut s, &old, "（2026）皖0104行初1号");
    s.set_mark(e1, "late", 1).unwrap();
    // a court doubles the lateness deduction
    let text = crate::domain::rubric::DEFAULT_RUBRIC.replacen(
        "points = 3\n  zh = \"迟到\"",
        "points = 6\n  zh = \"迟到\"",
        1,
    );
    let new = Rubric::parse(&text, "rubric.toml", &[]).unwrap();
    assert_ne!(new.hash, old.hash);
    let (_, e2) = scored(&mut s, &new, "（2026）皖0104行初2号");
    s.set_mark(e2, "late", 1).unwrap();
    assert_eq!(s.score_of(e1).unwrap().dims[0].score, 17);
    assert_eq!(s.score_of(e2).unwrap().dims[0].score, 14);
    assert_eq!(s.rubric_versions().unwrap().len(), 2);
}

#[test]
fn migrates_a_version_1_file_and_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        migrate_conn(&conn, 0, 1).unwrap();
        let rubric = Rubric::default_rubric();
        conn.execute(
            "INSERT INTO rubric_versions VALUES (?1, ?2, 'then')",
            params![rubric.hash, rubric.source],
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO agencies(id, name) VALUES (1, '合肥市公安局');
             INSERT INTO hearings(id, case_number, cause, act_kind, court, judge, clerk, date, start_time, created_at, updated_at)
               VALUES (1, '（2025）皖0104行初9号', '不服行政处罚', 'penalty', '蜀山法院', '王', '李', '2025-03-01', '09:00', 'x', 'x');
             INSERT INTO appearances(id, hearing_id, agency_id, person, category) VALUES (1, 1, 1, '赵局长', 'principal');",
        )
        .unwrap();
        conn.execute(
            "INSERT INTO evaluations(id, appearance_id, rubric_hash, created_at, updated_at) VALUES (1, 1, ?1, 'x', 'x')",
            [rubric.hash],
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO marks(evaluation_id, item_id, value) VALUES (1, 'phone', 2);",
        )
        .unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get("user_version"))
            .unwrap();
        assert_eq!(v, 1);
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::LATEST);
    // a copy of version 1 in the backups folder
    let kept = backup::list_backups(&path).unwrap();
    assert_eq!(kept.len(), 1);
    assert!(matches!(
        kept[0].kind,
        backup::Kind::Before(backup::Reason::Migration, ..)
    ));
    let v: i64 = rusqlite::Connection::open(&kept[0].path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get("user_version"))
        .unwrap();
    assert_eq!(v, 1);
    assert!(!backup_path(&path, 1).exists(), "no longer beside it");
    let ev = s.evaluation(1).unwrap();
    assert_eq!(ev.marks.get("phone"), Some(&2));
    // the new column works
    s.set_mark_note(1, "phone", "09:41 笔录第3页").unwrap();
    assert_eq!(
        s.evaluation(1)
            .unwrap()
            .notes
            .get("phone")
            .map(String::as_str),
        Some("09:41 笔录第3页")
    );
}

fn digest(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn foreign_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "这不是数据库").unwrap();
    assert!(matches!(Store::open(&text), Err(StoreError::NotSqlite(_))));
    assert_eq!(digest(&text), "这不是数据库".as_bytes());

    let other = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = digest(&other);
    let err = Store::open(&other).err().unwrap();
    assert!(matches!(err, StoreError::Foreign(_)));
    assert_eq!(digest(&other), before);
    assert!(!dir.path().join("other.db-wal").exists());
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    assert!(err.text().contains("不是庭评数据库"), "{err}");
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tp.db");
    Store::open(&path).unwrap();
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("PRAGMA user_version = 99").unwrap();
    }
    assert!(matches!(Store::open(&path), Err(StoreError::Newer(_, 99))));
}

/// Records imported before the store knew which appearance each is learn it when it opens, the
/// follow-ups (sequels, no appearances of their own) and unreadable rows none.
#[test]
fn imported_records_learn_their_appearance_when_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tp.db");
    let record = |followup: bool| {
        format!(
            r#"{{"court":"合肥市蜀山区人民法院","hearing_id":7,"case_number":"（2026）皖0104行初1号","hearing_date":"2026-10-01","agency":"合肥市 市场监督管理局","government":"合肥市人民政府","category":"nobody","person":"","title":"","followup":{followup},"evaluation":null}}"#
        )
    };
    {
        let mut s = Store::open(&path).unwrap();
        let b = super::batch::ImportedBatch {
            court_code: "皖0104".into(),
            batch_id: "2026-10".into(),
            court: "合肥市蜀山区人民法院".into(),
            from: "2026-10-01".into(),
            to: "2026-10-31".into(),
            created_at: "2026-11-01T09:00:00+08:00".into(),
            content_sha: "x".into(),
            chain_head: String::new(),
            signed_by: String::new(),
        };
        s.import_batch(&b, false, |ins| -> std::result::Result<(), StoreError> {
            ins.add("2026-10-01", &record(false), "")?;
            ins.add("2026-10-01", &record(true), "")?;
            ins.add("2026-10-01", "not a record", "")?;
            Ok(())
        })
        .unwrap();
    }
    let c = rusqlite::Connection::open(&path).unwrap();
    let appearances = |c: &rusqlite::Connection| -> Vec<String> {
        let mut st = c
            .prepare("SELECT appearance FROM imported_records ORDER BY seq")
            .unwrap();
        st.query_map([], |r| r.get("appearance"))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let want = vec![
        "（2026）皖0104行初1号\u{1f}2026-10-01\u{1f}合肥市市场监督管理局".to_string(),
        String::new(),
        String::new(),
    ];
    assert_eq!(appearances(&c), want);
    c.execute_batch(
        "UPDATE imported_records SET appearance = ''; DROP INDEX imported_by_appearance_alone; DROP INDEX imported_by_appearance;
         ALTER TABLE imported_records DROP COLUMN appearance;
         DROP TABLE trusted_keys; ALTER TABLE imported_batches DROP COLUMN chain_head;
         ALTER TABLE imported_batches DROP COLUMN signed_by;
         ALTER TABLE evaluations DROP COLUMN events_digest; DROP TABLE suggestion_appearances; DROP TABLE suggestions; ALTER TABLE agencies DROP COLUMN superior; DROP TABLE satisfaction; DROP TABLE reviews; DROP TABLE sample_items; DROP TABLE samples; PRAGMA user_version = 11;",
    )
    .unwrap();
    drop(c);
    Store::open(&path).unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(appearances(&c), want);
}

#[test]
fn two_connections_on_one_file_both_work() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tp.db");
    let rubric = Rubric::default_rubric();
    let mut a = Store::open(&path).unwrap();
    let b = Store::open(&path).unwrap();
    let (_, e) = scored(&mut a, &rubric, "（2026）皖0104行初1号");
    a.set_mark(e, "phone", 1).unwrap();
    assert_eq!(b.list_count().unwrap(), 1);
    assert_eq!(b.score_of(e).unwrap().dims[0].score, 17);
}

mod live {
    use super::*;
    use crate::domain::live::{EventKind, Stage};

    fn at(ms: i64) -> Moment {
        Moment {
            elapsed_ms: ms,
            at: format!("2026-11-28T09:{:02}:00.000+08:00", ms / 60_000),
        }
    }

    #[test]
    fn marks_undos_notes_and_stages_are_kept_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tp.db");
        let rubric = Rubric::default_rubric();
        let e;
        {
            let mut s = Store::open(&path).unwrap();
            let (aid, eid) = scored(&mut s, &rubric, "（2026）皖0104行初1号");
            e = eid;
            let hid = s.appearance(aid).unwrap().hearing_id;
            assert_eq!(s.start_live(hid, 1_000).unwrap(), (1_000, None));
            assert_eq!(
                s.start_live(hid, 9_000).unwrap().0,
                1_000,
                "the clock starts once"
            );
            s.record_stage(e, Stage::Investigation, &at(5_000)).unwrap();
            let (ev, score) = s.record_mark(e, "phone", &at(60_000)).unwrap();
            assert_eq!(
                (ev.seq, ev.value, ev.stage.as_str()),
                (2, 1, "investigation")
            );
            assert_eq!(score.dims[0].score, 17);
            s.record_mark(e, "phone", &at(61_000)).unwrap();
            s.record_mark(e, "late", &at(62_000)).unwrap();
            s.record_note(e, "负责人称将协调", &at(63_000)).unwrap();
            let (undo, score) = s.record_undo(e, &at(64_000)).unwrap().unwrap();
            assert_eq!(
                (undo.kind, undo.target, undo.item.as_str(), undo.value),
                (EventKind::Undo, Some(4), "late", 0)
            );
            assert_eq!(score.dims[0].score, 14);
            let (undo2, _) = s.record_undo(e, &at(65_000)).unwrap().unwrap();
            assert_eq!((undo2.target, undo2.value), (Some(3), 1));
        }
        let mut s = Store::open(&path).unwrap();
        let events = s.events(e).unwrap();
        let kinds: Vec<_> = events.iter().map(|e| e.kind.id()).collect();
        assert_eq!(
            kinds,
            ["stage", "mark", "mark", "mark", "note", "undo", "undo"]
        );
        assert_eq!(
            events.iter().map(|e| e.seq).collect::<Vec<_>>(),
            (1..=7).collect::<Vec<_>>()
        );
        assert_eq!(s.evaluation(e).unwrap().marks.get("phone"), Some(&1));
        assert_eq!(s.evaluation(e).unwrap().marks.get("late"), Some(&0));
        // the third undo reverts the first phone mark; then nothing is left
        s.record_undo(e, &at(66_000)).unwrap().unwrap();
        assert!(s.record_undo(e, &at(67_000)).unwrap().is_none());
        assert_eq!(s.score_of(e).unwrap().dims[0].score, 20);
        let by_case = s.events_for_case("（2026）皖0104行初1号").unwrap();
        assert_eq!(by_case.len(), 8);
        assert_eq!(by_case[0].0, "合肥市生态环境局");
        assert_eq!(
            s.recent_events(e, 2)
                .unwrap()
                .iter()
                .map(|e| e.seq)
                .collect::<Vec<_>>(),
            vec![7, 8]
        );
    }

    #[test]
    fn finalized_evaluations_take_no_events() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
        let rubric = Rubric::default_rubric();
        let (_, e) = scored(&mut s, &rubric, "（2026）皖0104行初1号");
        s.finalize(e, "王审判").unwrap();
        assert!(matches!(
            s.record_mark(e, "late", &at(1)),
            Err(StoreError::Locked)
        ));
        assert!(matches!(
            s.record_note(e, "x", &at(1)),
            Err(StoreError::Locked)
        ));
    }

    #[test]
    fn the_resume_point_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tp.db");
        Store::open(&path)
            .unwrap()
            .set_resume_point(Some(crate::domain::session::ResumePoint::Live {
                hearing: 3,
                appearance: 7,
            }))
            .unwrap();
        assert_eq!(
            Store::open(&path).unwrap().resume_point().unwrap(),
            Some(crate::domain::session::ResumePoint::Live {
                hearing: 3,
                appearance: 7
            })
        );
        // a point written by an earlier version still reads; one it cannot read is no point
        let mut s = Store::open(&path).unwrap();
        s.set_app_value("resume", "review:9").unwrap();
        assert_eq!(
            s.resume_point().unwrap(),
            Some(crate::domain::session::ResumePoint::Review { appearance: 9 })
        );
        s.set_app_value("resume", "live:x").unwrap();
        assert_eq!(s.resume_point().unwrap(), None);
        let mut s = Store::open(&path).unwrap();
        s.set_resume_point(None).unwrap();
        assert_eq!(s.resume_point().unwrap(), None);
    }

    #[test]
    fn synchronous_full_is_on() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("tp.db")).unwrap();
        let sync: i64 = s
            .conn
            .query_row("PRAGMA synchronous", [], |r| r.get("synchronous"))
            .unwrap();
        assert_eq!(
            sync, 2,
            "FULL: each commit is on disk before the screen shows it"
        );
    }
}

#[test]
fn an_unknown_stored_kind_is_an_error_not_a_default() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
    let h = s
        .insert_hearing(
            &input("（2026）皖0104行初7号", "2026-11-20"),
            &["合肥市公安局".into()],
        )
        .unwrap();
    let a = s.appearances(h).unwrap().remove(0);
    s.conn
        .execute(
            "UPDATE appearances SET category = 'boss' WHERE id = ?1",
            [a.id],
        )
        .unwrap();
    let e = s.appearance(a.id).unwrap_err().text();
    assert!(e.contains("boss"), "{e}");
    assert!(s.appearances(h).is_err());
}

#[test]
fn stored_dates_statuses_and_cached_scores_that_cannot_be_are_errors_not_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
    let rubric = Rubric::default_rubric();
    let (_, e) = scored(&mut s, &rubric, "（2026）皖0104行初8号");
    s.finalize(e, "王审判").unwrap();
    // a status no kind knows: recording an outcome refuses, naming it (it was read as a draft)
    s.conn
        .execute("UPDATE evaluations SET status = 'lost' WHERE id = ?1", [e])
        .unwrap();
    let err = s
        .record_performance(
            e,
            "on_time",
            "李书记",
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        )
        .unwrap_err()
        .text();
    assert!(err.contains("lost"), "{err}");
    // a batch whose dates are not dates (it was read as 1970-01-01)
    s.conn
        .execute_batch(
            "INSERT INTO batches(id, kind, period_from, period_to, court, court_code, created_at)
               VALUES ('2026-10', 'month', 'soon', '2026-10-31', '法院', '皖0104', 'now')",
        )
        .unwrap();
    let err = s.batch("2026-10").unwrap_err().text();
    assert!(err.contains("soon"), "{err}");
}

#[test]
fn stored_json_that_cannot_be_read_is_an_error_not_an_empty_value() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
    let rubric = Rubric::default_rubric();
    let (_, e) = scored(&mut s, &rubric, "（2026）皖0104行初9号");
    s.finalize(e, "王审判").unwrap();
    // an evaluation's cached dimensions (they were read as none)
    s.conn
        .execute("UPDATE evaluations SET dims = '[[' WHERE id = ?1", [e])
        .unwrap();
    let err = s.for_each_appearance(|_| Ok(())).unwrap_err().to_string();
    assert!(err.contains("[["), "{err}");
    // a batch's filter, its statement and its restatements (read as none)
    s.conn
        .execute_batch(
            "INSERT INTO batches(id, kind, period_from, period_to, court, court_code, created_at, filter)
               VALUES ('2026-T1', 'topic', '2026-10-01', '2026-10-31', '法院', '皖0104', '2026-11-01', '{oops')",
        )
        .unwrap();
    let err = s.batch("2026-T1").unwrap_err().to_string();
    assert!(err.contains("{oops"), "{err}");
    s.conn
        .execute_batch(
            "UPDATE batches SET filter = '', stated = 'nope', restated = 'nope either' WHERE id = '2026-T1'",
        )
        .unwrap();
    assert!(s.batch("2026-T1").unwrap().unwrap().filter.is_empty());
    let reader = s.reader(crate::batch::Source::Batch("2026-T1".into()), "法院", false);
    let err = corrections::batch_statement(&reader, "2026-T1")
        .unwrap_err()
        .to_string();
    assert!(err.contains("nope"), "{err}");
    let Err(err) = corrections::corrections(&reader, Some("2026-T1")) else {
        panic!("an unreadable restatement is an error");
    };
    let err = err.to_string();
    assert!(err.contains("nope either"), "{err}");
    // "" is none, as ever
    s.conn
        .execute_batch("UPDATE batches SET stated = '', restated = '' WHERE id = '2026-T1'")
        .unwrap();
    let reader = s.reader(crate::batch::Source::Batch("2026-T1".into()), "法院", false);
    assert_eq!(
        corrections::batch_statement(&reader, "2026-T1").unwrap(),
        None
    );
    assert!(corrections::corrections(&reader, Some("2026-T1")).is_ok());
}

#[test]
fn a_stored_date_that_is_no_date_is_an_error_not_no_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
    assert_eq!(s.hearing_span().unwrap(), None, "no hearing: no span");
    let h = s
        .insert_hearing(
            &input("（2026）皖0104行初10号", "2026-11-20"),
            &["合肥市公安局".into()],
        )
        .unwrap();
    assert!(s.hearing_span().unwrap().is_some());
    // (it read as "no hearing at all")
    s.conn
        .execute("UPDATE hearings SET date = 'someday' WHERE id = ?1", [h])
        .unwrap();
    let err = s.hearing_span().unwrap_err().to_string();
    assert!(err.contains("someday"), "{err}");
}

#[test]
fn a_stored_number_kept_as_text_that_is_none_is_an_error_not_0() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(&dir.path().join("tp.db")).unwrap();
    // no number given yet this year: 0
    assert_eq!(
        crate::batch::last_number(&s.conn, "doc_number", "2026").unwrap(),
        0
    );
    s.conn
        .execute_batch("INSERT INTO app_state(key, value) VALUES ('doc_number/2026', '12')")
        .unwrap();
    assert_eq!(
        crate::batch::last_number(&s.conn, "doc_number", "2026").unwrap(),
        12
    );
    // (it read as 0: the next notice would have taken number 1 again)
    s.conn
        .execute_batch("UPDATE app_state SET value = 'twelve' WHERE key = 'doc_number/2026'")
        .unwrap();
    let err = crate::batch::last_number(&s.conn, "doc_number", "2026")
        .unwrap_err()
        .to_string();
    assert!(err.contains("twelve"), "{err}");
}

#[test]
fn an_amendment_value_that_is_not_one_is_refused_not_taken_as_0() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
    let rubric = Rubric::default_rubric();
    let (a, e) = scored(&mut s, &rubric, "（2026）皖0104行初11号");
    s.finalize(e, "王审判").unwrap();
    let before = s.evaluation(e).unwrap();
    for (field, value) in [("category", "boss"), ("notified", "maybe")] {
        let err = s
            .amend(a, &[(field.into(), value.into())], "更正", "王审判")
            .unwrap_err();
        assert!(matches!(err, StoreError::Refused(_)), "{field}: {err}");
        assert!(err.to_string().contains(value), "{err}");
    }
    let item = rubric
        .dimensions
        .iter()
        .flat_map(|d| d.items.iter())
        .find(|i| matches!(i.kind, crate::domain::rubric::ItemKind::Award { .. }))
        .map(|i| i.id.clone());
    if let Some(item) = item {
        let err = s
            .amend(a, &[(item, "many".into())], "更正", "王审判")
            .unwrap_err();
        assert!(matches!(err, StoreError::Refused(_)), "{err}");
    }
    assert_eq!(s.evaluation(e).unwrap(), before, "nothing changed");
    assert_eq!(s.appearance(a).unwrap().category, AppearCategory::Deputy);
}

/// What SQLite says of a database it may not write is said in the user's words: read-only, and
/// nothing changed (the folder's rights cannot be taken from root here: SQLite's own read-only
/// switch gives the same refusal).
#[test]
fn a_database_that_cannot_be_written_is_said_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
    s.conn.execute_batch("PRAGMA query_only = 1").unwrap();
    match s.set_app_value("k", "v") {
        Err(StoreError::Refused(m)) => assert_eq!(m.key, "store.err.cannot_write"),
        other => panic!("{other:?}"),
    }
}
