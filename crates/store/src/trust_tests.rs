//! A busy database, foreign files and file modes: what another process or another user would do.
use crate::i18n::Render as _;

use super::*;
use crate::domain::live::EventKind;
use crate::domain::model::*;
use crate::domain::rubric::Rubric;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

const CASE: &str = "（2026）皖0104行初1号";

fn scored(store: &mut Store, rubric: &Rubric) -> i64 {
    let input = HearingInput {
        case_number: CASE.into(),
        cause: "不服行政处罚决定".into(),
        act_kind: Some(ActKind::Penalty),
        court: "合肥市蜀山区人民法院".into(),
        judge: "王审判".into(),
        clerk: "李书记".into(),
        date: "2026-11-20".into(),
        start_time: "09:30".into(),
        ..Default::default()
    };
    let h = store
        .insert_hearing(&input, &["合肥市生态环境局".into()])
        .unwrap();
    let mut a = store.appearances(h).unwrap().remove(0);
    a.person = "张建国".into();
    a.title = "副局长".into();
    a.category = AppearCategory::Deputy;
    store.update_appearance(&a).unwrap();
    store.evaluation_for(a.id, rubric).unwrap().id
}

fn moment() -> Moment {
    Moment {
        elapsed_ms: 61_000,
        at: now(),
    }
}

/// Another process holding the write lock: a second connection to the same file that has begun
/// `BEGIN IMMEDIATE` and written a row. It commits when `release` is called, or rolls back when
/// `abandon`ed; `committing` is set just before its COMMIT, so whoever gets the lock after it sees
/// it set.
struct Writer {
    go: std::sync::mpsc::Sender<bool>,
    committing: Arc<AtomicBool>,
    done: std::thread::JoinHandle<()>,
}

impl Writer {
    fn hold(path: &Path) -> Writer {
        let path = path.to_path_buf();
        let (held_tx, held_rx) = std::sync::mpsc::channel();
        let (go, go_rx) = std::sync::mpsc::channel::<bool>();
        let committing = Arc::new(AtomicBool::new(false));
        let flag = committing.clone();
        let done = std::thread::spawn(move || {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(
                "BEGIN IMMEDIATE; INSERT OR REPLACE INTO app_state(key, value) VALUES ('other', 'was here');",
            )
            .unwrap();
            held_tx.send(()).unwrap();
            if go_rx.recv().unwrap_or(false) {
                flag.store(true, Ordering::SeqCst);
                c.execute_batch("COMMIT").unwrap();
            } else {
                c.execute_batch("ROLLBACK").unwrap();
            }
        });
        held_rx.recv().unwrap();
        Writer {
            go,
            committing,
            done,
        }
    }

    /// Commits after `after`, from the writer's thread.
    fn release_after(&self, after: Duration) {
        let go = self.go.clone();
        std::thread::spawn(move || {
            std::thread::sleep(after);
            let _ = go.send(true);
        });
    }

    fn abandon(self) {
        self.go.send(false).unwrap();
        self.done.join().unwrap();
    }

    fn join(self) -> bool {
        self.done.join().unwrap();
        self.committing.load(Ordering::SeqCst)
    }
}

#[test]
fn a_live_mark_waits_for_another_writer_and_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tp.db");
    let rubric = Rubric::default_rubric();
    let mut s = Store::open(&path).unwrap();
    let e = scored(&mut s, &rubric);
    s.record_mark(e, "phone", &moment()).unwrap();

    // the other process holds the write lock for two seconds while the clerk presses a key
    let other = Writer::hold(&path);
    other.release_after(Duration::from_secs(2));
    let committing = other.committing.clone();
    let (event, score) = s
        .record_mark(e, "off_point", &moment())
        .expect("the mark waits instead of failing");
    assert!(
        committing.load(Ordering::SeqCst),
        "the mark was written only after the other process committed"
    );
    assert!(other.join());
    assert_eq!(
        (event.kind, event.item.as_str()),
        (EventKind::Mark, "off_point")
    );
    assert_eq!(score, s.score_of(e).unwrap());

    // both the mark and the other process's write are in the file
    drop(s);
    let s = Store::open(&path).unwrap();
    let events = s.events(e).unwrap();
    assert_eq!(
        events.iter().map(|e| e.item.as_str()).collect::<Vec<_>>(),
        ["phone", "off_point"]
    );
    assert_eq!(s.evaluation(e).unwrap().marks.get("off_point"), Some(&1));
    let other: String = s
        .conn
        .query_row("SELECT value FROM app_state WHERE key = 'other'", [], |r| {
            r.get("value")
        })
        .unwrap();
    assert_eq!(other, "was here");
}

#[test]
fn every_kind_of_write_waits_for_another_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tp.db");
    let rubric = Rubric::default_rubric();
    let mut s = Store::open(&path).unwrap();
    let e = scored(&mut s, &rubric);
    type Write = Box<dyn Fn(&mut Store) -> Result<()>>;
    let writes: Vec<(&str, Write)> = vec![
        (
            "undo",
            Box::new(move |s| s.record_undo(e, &moment()).map(|_| ())),
        ),
        (
            "note",
            Box::new(move |s| s.record_note(e, "负责人称将协调", &moment()).map(|_| ())),
        ),
        (
            "mark in review",
            Box::new(move |s| s.set_mark(e, "phone", 1).map(|_| ())),
        ),
        (
            "comment",
            Box::new(move |s| s.set_comment(e, "发言围绕争议焦点")),
        ),
        (
            "resume point",
            Box::new(|s| {
                s.set_resume_point(Some(crate::domain::session::ResumePoint::Live {
                    hearing: 1,
                    appearance: 1,
                }))
            }),
        ),
    ];
    for (what, write) in writes {
        let other = Writer::hold(&path);
        other.release_after(Duration::from_millis(700));
        let committing = other.committing.clone();
        write(&mut s).unwrap_or_else(|err| panic!("{what}: {err}"));
        assert!(committing.load(Ordering::SeqCst), "{what} waited");
        other.join();
    }
    // a bulk load (as demo data makes, which only an empty database takes): a second file
    let path = dir.path().join("empty.db");
    let mut s = Store::open(&path).unwrap();
    let other = Writer::hold(&path);
    other.release_after(Duration::from_millis(700));
    let committing = other.committing.clone();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let bulk = s.bulk_into_empty().unwrap();
    bulk.remember_rubric(&rubric).unwrap();
    let hearing = HearingInput {
        case_number: CASE.into(),
        date: today.to_string(),
        ..Default::default()
    };
    bulk.hearing(&hearing, 1).unwrap();
    bulk.commit()
        .unwrap_or_else(|err| panic!("bulk (demo data): {err}"));
    assert!(committing.load(Ordering::SeqCst), "bulk (demo data) waited");
    other.join();
}

static TOLD: AtomicUsize = AtomicUsize::new(0);

#[test]
fn a_write_that_waits_too_long_changes_nothing_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tp.db");
    let rubric = Rubric::default_rubric();
    let mut s = Store::open(&path).unwrap();
    let e = scored(&mut s, &rubric);
    // the limit is 30 s; this thread gives up sooner, and is told of the wait after 200 ms
    wait::set_thread_limit(Duration::from_millis(1500));
    wait::set_hook(Some(|w| {
        assert!(w >= wait::ANNOUNCE_AFTER);
        TOLD.fetch_add(1, Ordering::SeqCst);
    }));
    let other = Writer::hold(&path);
    let err = s.record_mark(e, "phone", &moment()).unwrap_err();
    wait::set_hook(None);
    wait::set_thread_limit(wait::LIMIT);
    other.abandon();
    assert!(matches!(err, StoreError::Waited), "{err:?}");
    assert!(TOLD.load(Ordering::SeqCst) >= 1, "the wait was announced");
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    assert!(err.text().contains("未保存"), "{err}");
    assert!(s.events(e).unwrap().is_empty(), "nothing half-written");
    // the next press, with nobody else writing, goes through at once
    s.record_mark(e, "phone", &moment()).unwrap();
    assert_eq!(s.events(e).unwrap().len(), 1);
}

#[test]
fn programs_migrating_an_old_file_at_once_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let c = Connection::open(&path).unwrap();
        migrate_conn(&c, 0, 1).unwrap();
    }
    // started together: each reads version 1, each would back it up and make every step
    let start = Arc::new(std::sync::Barrier::new(4));
    let programs: Vec<_> = (0..4)
        .map(|_| {
            let (p, start) = (path.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                Store::open(&p).map(|s| s.schema_version().unwrap())
            })
        })
        .collect();
    for t in programs {
        match t.join().unwrap() {
            Ok(v) => assert_eq!(v, schema::LATEST),
            Err(e) => panic!("{e:?}"),
        }
    }
    // whole backups of version 1 only (each program that read version 1 may have made one; one
    // that found it migrated made none), nothing else left beside
    let kept = backup::list_backups(&path).unwrap();
    assert!(!kept.is_empty());
    for b in &kept {
        let v: i64 = Connection::open(&b.path)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get("user_version"))
            .unwrap();
        assert_eq!(v, 1, "{}", b.path.display());
    }
    let names: Vec<String> = listing(dir.path()).into_iter().map(|(n, _)| n).collect();
    assert!(
        names.iter().all(|n| (n.starts_with("old.db")
            || n == "backups/"
            || n.starts_with("backups/old-before-migration-"))
            && !n.contains(".tmp-")),
        "{names:?}"
    );
}

/// Every name under `dir` with its bytes (folders by their own listing), to compare before and after.
fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let meta = std::fs::symlink_metadata(&p).unwrap();
        if meta.is_dir() {
            out.push((format!("{name}/"), Vec::new()));
            out.extend(
                listing(&p)
                    .into_iter()
                    .map(|(n, b)| (format!("{name}/{n}"), b)),
            );
        } else if meta.is_file() {
            out.push((name, std::fs::read(&p).unwrap()));
        } else {
            out.push((format!("{name}|"), Vec::new()));
        }
    }
    out
}

/// Opens `file`, expects the refusal `is`, and checks the folder is exactly as it was.
fn refused_untouched(file: &Path, is: fn(&StoreError) -> bool) -> StoreError {
    let dir = file.parent().unwrap();
    let before = listing(dir);
    let err = match Store::open(file) {
        Ok(_) => panic!("{} was opened", file.display()),
        Err(e) => e,
    };
    assert!(is(&err), "{}: {err:?}", file.display());
    assert_eq!(
        listing(dir),
        before,
        "{}: the folder changed",
        file.display()
    );
    err
}

fn sqlite_file(path: &Path, sql: &str) {
    let c = Connection::open(path).unwrap();
    c.execute_batch(sql).unwrap();
}

#[test]
fn a_folder_is_named_as_a_folder_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("data");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("keep.txt"), "x").unwrap();
    let err = refused_untouched(&folder, |e| matches!(e, StoreError::Directory(_)));
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    let msg = err.text();
    assert!(msg.contains("是一个文件夹"), "{msg}");
    assert!(
        msg.contains(&folder.join("tingping.db").display().to_string()),
        "{msg}"
    );
}

#[test]
fn other_programs_sqlite_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    // tables, no application id (most SQLite files)
    let tables = dir.path().join("tables.db");
    sqlite_file(&tables, "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
    // another program's label, no tables yet: once migrated and relabelled
    let labelled = dir.path().join("labelled.db");
    sqlite_file(&labelled, "PRAGMA application_id = 1234;");
    assert!(std::fs::metadata(&labelled).unwrap().len() > 0);
    // no label, no tables, but a version of its own
    let versioned = dir.path().join("versioned.db");
    sqlite_file(&versioned, "PRAGMA user_version = 7;");
    // in WAL mode: a read-only look would have left -wal and -shm files beside it
    let wal = dir.path().join("wal.db");
    sqlite_file(
        &wal,
        "PRAGMA journal_mode=WAL; CREATE TABLE t(x); INSERT INTO t VALUES (1);",
    );
    // only an index, a view or a trigger is something too
    let view = dir.path().join("view.db");
    sqlite_file(&view, "CREATE VIEW v AS SELECT 1;");
    for f in [&tables, &labelled, &versioned, &wal, &view] {
        let err = refused_untouched(f, |e| matches!(e, StoreError::Foreign(_)));
        crate::i18n::set_lang(crate::i18n::Lang::Zh);
        assert!(err.text().contains("其他程序的 SQLite 数据库"), "{err}");
    }
    assert!(!dir.path().join("wal.db-wal").exists());
    assert!(!dir.path().join("wal.db-shm").exists());
}

#[test]
fn a_newer_tingping_database_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tp.db");
    Store::open(&path).unwrap();
    // a newer tingping, in rollback-journal mode: it used to be switched to WAL before the refusal
    sqlite_file(
        &path,
        "PRAGMA journal_mode=DELETE; PRAGMA user_version = 99;",
    );
    assert!(!dir.path().join("tp.db-wal").exists());
    let err = refused_untouched(&path, |e| matches!(e, StoreError::Newer(_, 99)));
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    assert!(err.text().contains("更新版本的庭评"), "{err}");
    // and in WAL mode, the same
    sqlite_file(&path, "PRAGMA journal_mode=WAL;");
    refused_untouched(&path, |e| matches!(e, StoreError::Newer(_, 99)));
}

#[test]
fn files_that_are_not_sqlite_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "这不是数据库").unwrap();
    let xlsx = dir.path().join("report.xlsx");
    std::fs::write(&xlsx, b"PK\x03\x04 not a database").unwrap();
    // the right first bytes, then nothing
    let cut = dir.path().join("cut.db");
    std::fs::write(&cut, b"SQLite format 3\0\x10\x00").unwrap();
    for f in [&text, &xlsx, &cut] {
        let err = refused_untouched(f, |e| matches!(e, StoreError::NotSqlite(_)));
        crate::i18n::set_lang(crate::i18n::Lang::Zh);
        assert!(err.text().contains("不是任何 SQLite 数据库"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn a_pipe_is_refused_without_waiting_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("tp.db");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let err = refused_untouched(&fifo, |e| matches!(e, StoreError::NotRegular(_)));
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    assert!(err.text().contains("不是普通文件"), "{err}");
}

#[test]
fn an_empty_sqlite_file_becomes_a_tingping_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    sqlite_file(&path, "PRAGMA page_size = 4096; VACUUM;");
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 4096);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::LATEST);
    let id: i32 = s
        .conn
        .query_row("PRAGMA application_id", [], |r| r.get("application_id"))
        .unwrap();
    assert_eq!(id, schema::APPLICATION_ID);
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

/// Every file and folder under `dir` with its mode.
#[cfg(unix)]
fn modes(dir: &Path) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        out.push((
            p.file_name().unwrap().to_string_lossy().into_owned(),
            mode(&p),
        ));
        if p.is_dir() {
            out.extend(modes(&p));
        }
    }
    out.sort();
    out
}

#[cfg(unix)]
#[test]
fn the_database_and_its_folders_are_readable_by_their_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data/tingping/tp.db");
    let rubric = Rubric::default_rubric();
    let mut s = Store::open(&path).unwrap();
    let e = scored(&mut s, &rubric);
    s.record_mark(e, "phone", &moment()).unwrap();
    // while it is open, SQLite's -wal and -shm are there too
    let wal = files::beside(&path, "-wal");
    let shm = files::beside(&path, "-shm");
    assert!(wal.exists() && shm.exists());
    for f in [&path, &wal, &shm] {
        assert_eq!(mode(f), 0o600, "{}", f.display());
    }
    assert_eq!(mode(&dir.path().join("data")), 0o700);
    assert_eq!(mode(&dir.path().join("data/tingping")), 0o700);
    drop(s);
    let all = modes(&dir.path().join("data"));
    assert!(
        all.iter()
            .all(|(n, m)| *m == 0o600 || (*m == 0o700 && n == "tingping")),
        "{:?}",
        all.iter()
            .map(|(n, m)| format!("{n} {m:o}"))
            .collect::<Vec<_>>()
    );
}

#[cfg(unix)]
#[test]
fn a_court_host_shares_the_files_with_their_group() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("court/tp.db");
    let rubric = Rubric::default_rubric();
    let mut s = Store::open_with(&path, Sharing::Group).unwrap();
    let e = scored(&mut s, &rubric);
    s.record_mark(e, "phone", &moment()).unwrap();
    for f in [
        path.clone(),
        files::beside(&path, "-wal"),
        files::beside(&path, "-shm"),
    ] {
        assert_eq!(mode(&f), 0o660, "{}", f.display());
    }
    // setgid: files made in it take the folder's group, the court's
    assert_eq!(mode(&dir.path().join("court")), 0o2770);
    drop(s);
    // the same file opened privately again is the owner's only
    drop(Store::open(&path).unwrap());
    assert_eq!(mode(&path), 0o600);
}

#[cfg(unix)]
#[test]
fn older_files_and_migration_backups_are_made_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let c = Connection::open(&path).unwrap();
        migrate_conn(&c, 0, 1).unwrap();
    }
    // as an earlier version left it: readable by all, with a backup of an older version beside it
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let earlier = backup_path(&path, 2);
    assert_eq!(earlier, dir.path().join("old.db.v2.bak"));
    std::fs::copy(&path, &earlier).unwrap();
    std::fs::set_permissions(&earlier, std::fs::Permissions::from_mode(0o644)).unwrap();

    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::LATEST);
    let v1 = backup::list_backups(&path).unwrap().remove(0).path;
    assert_eq!(mode(&v1), 0o600, "the backup made by this migration");
    assert_eq!(mode(&dir.path().join("backups")), 0o700, "its folder");
    assert_eq!(mode(&earlier), 0o600, "a backup left by an earlier run");
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&files::beside(&path, "-wal")), 0o600);
    assert_eq!(mode(&files::beside(&path, "-shm")), 0o600);
    let all = modes(dir.path());
    assert!(
        all.iter()
            .all(|(n, m)| *m == 0o600 || (n == "backups" && *m == 0o700)),
        "{all:?}"
    );
    // the backup is a real copy of version 1
    let b = Connection::open(&v1).unwrap();
    let v: i64 = b
        .query_row("PRAGMA user_version", [], |r| r.get("user_version"))
        .unwrap();
    assert_eq!(v, 1);
}

/// A database its owner made read-only is refused with its mode as it was; a backup its owner
/// made read-only keeps that mode when the database is opened (only the group's and others'
/// rights follow the sharing).
#[cfg(unix)]
#[test]
fn modes_the_owner_set_tighter_are_never_widened() {
    use std::os::unix::fs::PermissionsExt;
    crate::i18n::set_lang(crate::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tp.db");
    drop(Store::open(&path).unwrap());
    let set = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    set(&path, 0o400).unwrap();
    let e = Store::open(&path).err().expect("refused");
    assert!(matches!(e, StoreError::ReadOnly(_, 0o400)), "{e:?}");
    assert!(
        e.text().contains("read-only") && e.text().contains("0400"),
        "{e}"
    );
    assert_eq!(mode(&path), 0o400);
    set(&path, 0o444).unwrap();
    assert!(Store::open_with(&path, Sharing::Group).is_err());
    assert_eq!(mode(&path), 0o444);
    set(&path, 0o644).unwrap();
    let old = backup_path(&path, 1);
    std::fs::write(&old, b"an old copy").unwrap();
    set(&old, 0o444).unwrap();
    drop(Store::open(&path).unwrap());
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&old), 0o400, "its owner's rights stay as they were");
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
}
