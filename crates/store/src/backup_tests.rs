//! Backups: a copy holds the same rows, rotation keeps what it promises and nothing else goes, a
//! restore refuses what it must and keeps the file it replaces.

use crate::i18n::Render as _;

use super::*;
use crate::HearingInput;
use crate::domain::model::*;
use crate::domain::rubric::Rubric;
use crate::i18n::{Lang, set_lang};

fn hearing(store: &mut Store, rubric: &Rubric, case: &str) -> i64 {
    let input = HearingInput {
        case_number: case.into(),
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
    let e = store.evaluation_for(a.id, rubric).unwrap().id;
    store.set_mark(e, "phone", 1).unwrap();
    e
}

/// A database with `n` scored hearings.
fn with_hearings(path: &Path, n: usize) -> Store {
    let rubric = Rubric::default_rubric();
    let mut s = Store::open(path).unwrap();
    s.remember_rubric(&rubric).unwrap();
    for i in 1..=n {
        hearing(&mut s, &rubric, &format!("（2026）皖0104行初{i}号"));
    }
    s
}

/// What a database holds, table by table, read without changing it.
fn rows(path: &Path) -> Vec<(String, i64)> {
    let c = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get("name"))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let n = c
                .query_row(&format!("SELECT count(*) AS n FROM \"{t}\""), [], |r| {
                    r.get("n")
                })
                .unwrap();
            (t, n)
        })
        .collect()
}

fn count(rows: &[(String, i64)], table: &str) -> i64 {
    rows.iter().find(|(t, _)| t == table).unwrap().1
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_backup_holds_the_same_rows_as_one_file_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let s = with_hearings(&db, 3);
    let copy = dir.path().join("copy.db");
    assert_eq!(s.backup_to(&copy).unwrap(), copy);
    assert_eq!(rows(&copy), rows(&db));
    assert_eq!(count(&rows(&copy), "evaluations"), 3);
    // a whole database without a -wal: bytes 18 and 19 say "rollback journal"
    let bytes = std::fs::read(&copy).unwrap();
    assert_eq!((bytes[18], bytes[19]), (1, 1));
    let c = Connection::open(&copy).unwrap();
    assert!(matches!(
        audit::verify(&c).unwrap(),
        audit::Verified::Ok { .. }
    ));
    let check: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get("integrity_check"))
        .unwrap();
    assert_eq!(check, "ok");
    drop(c);
    // nothing left beside it but the database's own files
    assert_eq!(
        names(dir.path()),
        ["copy.db", "tp.db", "tp.db-shm", "tp.db-wal"]
    );
    #[cfg(unix)]
    assert_eq!(mode(&copy), 0o600);
}

#[test]
fn a_backup_never_overwrites_a_file_and_names_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let s = with_hearings(&dir.path().join("tp.db"), 1);
    let mine = dir.path().join("mine.txt");
    std::fs::write(&mine, "我的文件").unwrap();
    set_lang(Lang::Zh);
    let err = s.backup_to(&mine).unwrap_err().text();
    assert!(err.contains("mine.txt") && err.contains("已存在"), "{err}");
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "我的文件");
    let err = s.backup_to(dir.path()).unwrap_err().text();
    assert!(
        err.contains("文件夹") && err.contains("tp-manual-"),
        "{err}"
    );
    // a folder that is not there is named with the reason
    let err = s
        .backup_to(&dir.path().join("no/such/copy.db"))
        .unwrap_err()
        .text();
    assert!(err.contains("no/such/copy.db"), "{err}");
}

#[cfg(unix)]
#[test]
fn backups_are_their_owner_s_or_the_group_s_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let s = with_hearings(&db, 1);
    let made = s.backup_now().unwrap();
    assert_eq!(made.parent().unwrap(), dir.path().join("backups"));
    assert_eq!(mode(&made), 0o600);
    assert_eq!(mode(&dir.path().join("backups")), 0o700);
    drop(s);
    let shared = dir.path().join("court/tp.db");
    let s = Store::open_with(&shared, Sharing::Group).unwrap();
    let made = s.daily_backup().unwrap();
    assert_eq!(made.len(), 2, "the day's and the month's");
    for p in &made {
        assert_eq!(mode(p), 0o660, "{}", p.display());
    }
    assert_eq!(mode(&dir.path().join("court/backups")), 0o2770);
}

#[test]
fn names_are_read_back_exactly_and_nothing_else_is_a_backup() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let at = day.and_hms_opt(10, 0, 0).unwrap();
    for kind in [
        Kind::Daily(day),
        Kind::Monthly(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()),
        Kind::Before(Reason::Claim, at, 1),
        Kind::Before(Reason::Migration, at, 3),
        Kind::Before(Reason::Restore, at, 12),
        Kind::Manual(at, 1),
        Kind::Manual(at, 2),
    ] {
        let name = name_of("tingping", kind);
        assert_eq!(kind_of("tingping", &name), Some(kind), "{name}");
        assert_eq!(kind_of("tp", &name), None, "another database's: {name}");
    }
    assert_eq!(
        name_of("tingping", Kind::Daily(day)),
        "tingping-2026-11-29.db"
    );
    assert_eq!(
        name_of("tingping", Kind::Before(Reason::Claim, at, 1)),
        "tingping-before-claim-2026-11-29T10-00-00.db"
    );
    for foreign in [
        "tingping-2026-11-29.db.bak",
        "tingping-2026-11-9.db",
        "tingping-2026-13-01.db",
        "tingping-2026-11-29",
        "tingping-before-lunch-2026-11-29T10-00-00.db",
        "tingping-before-claim-2026-11-29T10-00-00-1.db",
        "tingping-before-claim-2026-11-29T10-00-00-02.db",
        "tingping-manual-2026-11-29.db",
        "tingping-2026-2026-11-29.db",
        "tingping.db",
        "tingping.db.v3.bak",
        "notes.txt",
    ] {
        assert_eq!(kind_of("tingping", foreign), None, "{foreign}");
    }
}

#[test]
fn rotation_keeps_seven_days_and_twelve_months_and_never_a_foreign_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let s = with_hearings(&db, 1);
    let folder = dir.path().join("backups");
    std::fs::create_dir(&folder).unwrap();
    let first = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let day = |n: u64| first.checked_add_days(chrono::Days::new(n)).unwrap();
    // old backups, as earlier runs left them: 40 days in 2025, 20 months, 15 before-claims, manual
    for n in 0..40 {
        std::fs::write(folder.join(name_of("tp", Kind::Daily(day(n)))), "d").unwrap();
    }
    for m in 0..20u32 {
        let d = NaiveDate::from_ymd_opt(2024 + (m / 12) as i32, m % 12 + 1, 1).unwrap();
        std::fs::write(folder.join(name_of("tp", Kind::Monthly(d))), "m").unwrap();
    }
    for n in 0..15 {
        let at = day(n).and_hms_opt(9, 0, 0).unwrap();
        let k = Kind::Before(Reason::Claim, at, 1);
        std::fs::write(folder.join(name_of("tp", k)), "c").unwrap();
    }
    let manual = folder.join(name_of(
        "tp",
        Kind::Manual(day(0).and_hms_opt(8, 0, 0).unwrap(), 1),
    ));
    std::fs::write(&manual, "x").unwrap();
    // what is not a backup of this database stays, whatever its name
    let foreign = [
        "notes.txt",
        "tp-2024-13-01.db",
        "tp-2025-01-01.db.bak",
        "other-2025-01-01.db",
        "tingping-2025-01-01.db",
    ];
    for f in foreign {
        std::fs::write(folder.join(f), "mine").unwrap();
    }
    std::fs::create_dir(folder.join("tp-2024-12-31.db")).unwrap();

    let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let made = s.daily_backup_on(today).unwrap();
    assert_eq!(
        made,
        [
            folder.join("tp-2026-11-29.db"),
            folder.join("tp-2026-11.db")
        ]
    );
    let kept = list_backups(&db).unwrap();
    let daily: Vec<_> = kept
        .iter()
        .filter_map(|b| match b.kind {
            Kind::Daily(d) => Some(d),
            _ => None,
        })
        .collect();
    assert_eq!(daily.len(), KEEP_DAILY);
    assert_eq!(daily[0], today);
    assert_eq!(daily[1], day(39), "then the newest of the old ones");
    let monthly: Vec<_> = kept
        .iter()
        .filter_map(|b| match b.kind {
            Kind::Monthly(d) => Some(d),
            _ => None,
        })
        .collect();
    assert_eq!(monthly.len(), KEEP_MONTHLY);
    assert_eq!(monthly[0], NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
    assert_eq!(monthly[1], NaiveDate::from_ymd_opt(2025, 8, 1).unwrap());
    let claims = kept
        .iter()
        .filter(|b| matches!(b.kind, Kind::Before(Reason::Claim, ..)))
        .count();
    assert_eq!(claims, KEEP_BEFORE);
    assert!(manual.exists(), "a backup asked for is never removed");
    for f in foreign {
        assert_eq!(std::fs::read_to_string(folder.join(f)).unwrap(), "mine");
    }
    assert!(folder.join("tp-2024-12-31.db").is_dir());
    // the day's is there: nothing more that day
    assert!(s.daily_backup_on(today).unwrap().is_empty());
    // the made ones are real copies
    assert_eq!(rows(&folder.join("tp-2026-11-29.db")), rows(&db));
}

#[test]
fn day_after_day_seven_days_stay_and_each_month_its_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tingping.db");
    let s = with_hearings(&db, 1);
    let first = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    for n in 0..20 {
        let day = first.checked_add_days(chrono::Days::new(n)).unwrap();
        assert!(!s.daily_backup_on(day).unwrap().is_empty());
    }
    let names = names(&dir.path().join("backups"));
    assert_eq!(
        names,
        [
            "tingping-2026-11.db",
            "tingping-2026-12-03.db",
            "tingping-2026-12-04.db",
            "tingping-2026-12-05.db",
            "tingping-2026-12-06.db",
            "tingping-2026-12-07.db",
            "tingping-2026-12-08.db",
            "tingping-2026-12-09.db",
            "tingping-2026-12.db",
        ]
    );
}

#[test]
fn backups_before_a_change_are_numbered_within_a_second_and_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let s = with_hearings(&db, 1);
    let made: Vec<_> = (0..KEEP_BEFORE + 3)
        .map(|_| s.backup_before(Reason::Restore).unwrap())
        .collect();
    let kept = list_backups(&db).unwrap();
    assert_eq!(kept.len(), KEEP_BEFORE);
    // the newest kept, whatever the seconds did
    let last = made.last().unwrap();
    assert!(kept.iter().any(|b| &b.path == last));
    assert!(!made[0].exists());
}

/// A backup of a database with three hearings, in a folder of its own.
fn good_backup(dir: &Path) -> PathBuf {
    let s = with_hearings(&dir.join("source/tp.db"), 3);
    let copy = dir.join("good.db");
    s.backup_to(&copy).unwrap();
    copy
}

/// Expects `restore` of `from` into a database of one hearing to be refused with a message that
/// holds `says`, and the database to be as it was, with nothing kept.
fn refused(dir: &Path, from: &Path, says: &[&str]) {
    let db = dir.join("current/tp.db");
    if !db.exists() {
        drop(with_hearings(&db, 1));
    }
    let before = rows(&db);
    let backups = list_backups(&db).unwrap();
    set_lang(Lang::Zh);
    let err = restore(&db, from, Sharing::Private).unwrap_err();
    let msg = err.text();
    assert!(matches!(err, StoreError::Restore(..)), "{err:?}");
    assert!(msg.contains(&from.display().to_string()), "{msg}");
    assert!(msg.contains("未作任何改动"), "{msg}");
    for s in says {
        assert!(msg.contains(s), "{s} in {msg}");
    }
    assert_eq!(rows(&db), before);
    assert_eq!(list_backups(&db).unwrap(), backups, "nothing kept");
}

#[test]
fn restore_refuses_what_is_not_a_tingping_database() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = d.join("notes.txt");
    std::fs::write(&text, "这不是数据库".repeat(20)).unwrap();
    refused(d, &text, &["不是 SQLite"]);
    let other = d.join("places.sqlite");
    Connection::open(&other)
        .unwrap()
        .execute_batch("PRAGMA application_id = 7; CREATE TABLE t(x);")
        .unwrap();
    refused(d, &other, &["不是庭评数据库"]);
    let empty = d.join("empty.db");
    std::fs::write(&empty, "").unwrap();
    refused(d, &empty, &["不是庭评数据库"]);
    refused(d, &d.join("missing.db"), &["不存在"]);
    refused(d, d, &["文件夹"]);
    // the database itself
    refused(d, &d.join("current/tp.db"), &["当前的数据库文件本身"]);
}

#[test]
fn restore_refuses_a_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_backup(dir.path());
    let mut bytes = std::fs::read(&good).unwrap();
    let page = 4096;
    assert!(bytes.len() > 4 * page);
    // every page but the first (the header and the schema) overwritten in the middle
    for p in 1..bytes.len() / page {
        for b in &mut bytes[p * page + 8..p * page + 2048] {
            *b = 0x5A;
        }
    }
    let bad = dir.path().join("damaged.db");
    std::fs::write(&bad, bytes).unwrap();
    refused(dir.path(), &bad, &["已损坏"]);
}

#[test]
fn restore_refuses_a_broken_audit_chain_naming_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_backup(dir.path());
    let bad = dir.path().join("edited.db");
    std::fs::copy(&good, &bad).unwrap();
    Connection::open(&bad)
        .unwrap()
        .execute_batch(
            "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
             UPDATE audit_log SET new = '李四' WHERE seq = 2;",
        )
        .unwrap();
    refused(dir.path(), &bad, &["审计日志第 2 条", "内容与其哈希不符"]);
    // a record changed behind the log's back
    let bad = dir.path().join("record.db");
    std::fs::copy(&good, &bad).unwrap();
    Connection::open(&bad)
        .unwrap()
        .execute_batch("UPDATE appearances SET person = '王五' WHERE id = 1")
        .unwrap();
    refused(dir.path(), &bad, &["审计日志第", "与记录的现状不符"]);
}

#[test]
fn restore_refuses_a_file_of_a_newer_version() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_backup(dir.path());
    let newer = dir.path().join("newer.db");
    std::fs::copy(&good, &newer).unwrap();
    let v = schema::LATEST + 1;
    Connection::open(&newer)
        .unwrap()
        .execute_batch(&format!("PRAGMA user_version = {v}"))
        .unwrap();
    refused(dir.path(), &newer, &["更新版本", &format!("结构版本 {v}")]);
}

#[test]
fn restore_round_trip_keeps_the_file_it_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let rubric = Rubric::default_rubric();
    let mut s = with_hearings(&db, 2);
    let copy = dir.path().join("Nov.db");
    s.backup_to(&copy).unwrap();
    let at_backup = rows(&db);
    // work goes on after the backup
    hearing(&mut s, &rubric, "（2026）皖0104行初9号");
    let later = rows(&db);
    assert_eq!(count(&later, "hearings"), 3);
    drop(s);

    let r = restore(&db, &copy, Sharing::Private).unwrap();
    assert_eq!(r.version, schema::LATEST);
    assert!(r.entries.is_some_and(|n| n > 0));
    assert_eq!(rows(&db), at_backup);
    let kept = r.kept.expect("the database it replaced");
    assert!(
        matches!(
            kind_of("tp", kept.file_name().unwrap().to_str().unwrap()),
            Some(Kind::Before(Reason::Restore, ..))
        ),
        "{}",
        kept.display()
    );
    assert_eq!(rows(&kept), later, "the replaced file, whole");
    #[cfg(unix)]
    {
        assert_eq!(mode(&kept), 0o600);
        assert_eq!(mode(&db), 0o600);
    }
    // the restored database opens, verifies and takes new work
    let mut s = Store::open(&db).unwrap();
    assert!(matches!(s.verify().unwrap(), audit::Verified::Ok { .. }));
    hearing(&mut s, &rubric, "（2026）皖0104行初10号");
    assert_eq!(count(&rows(&db), "hearings"), 3);
    drop(s);
    // and back again: the kept file restores what was replaced
    restore(&db, &kept, Sharing::Private).unwrap();
    assert_eq!(rows(&db), later);
}

#[test]
fn a_store_open_on_the_database_sees_the_restored_records() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let rubric = Rubric::default_rubric();
    let mut s = with_hearings(&db, 1);
    let copy = dir.path().join("one.db");
    s.backup_to(&copy).unwrap();
    hearing(&mut s, &rubric, "（2026）皖0104行初7号");
    assert_eq!(count(&rows(&db), "hearings"), 2);
    // (another program still has it open)
    restore(&db, &copy, Sharing::Private).unwrap();
    assert!(!s.is_empty().unwrap());
    let n: i64 = s
        .conn
        .query_row("SELECT count(*) AS n FROM hearings", [], |r| r.get("n"))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn restore_into_a_new_place_keeps_nothing_and_an_older_file_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    // a version-1 database, as an early tingping left it
    let old = dir.path().join("old.db");
    {
        let c = Connection::open(&old).unwrap();
        crate::migrate_conn(&c, 0, 1).unwrap();
        c.execute_batch("INSERT INTO agencies(id, name) VALUES (1, '合肥市公安局');")
            .unwrap();
    }
    let db = dir.path().join("new/tp.db");
    let r = restore(&db, &old, Sharing::Private).unwrap();
    assert_eq!((r.version, r.entries, r.kept), (1, None, None));
    let s = Store::open(&db).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::LATEST);
    assert!(matches!(s.verify().unwrap(), audit::Verified::Ok { .. }));
    assert_eq!(count(&rows(&db), "agencies"), 1);
}

#[test]
fn restoring_an_old_backup_never_prunes_the_file_restored_from() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let s = with_hearings(&db, 1);
    let made: Vec<_> = (0..KEEP_BEFORE)
        .map(|_| s.backup_before(Reason::Restore).unwrap())
        .collect();
    drop(s);
    // the oldest of a full set: the next one would prune it
    let oldest = &made[0];
    restore(&db, oldest, Sharing::Private).unwrap();
    assert!(oldest.exists());
    assert_eq!(rows(&db), rows(oldest));
}

#[test]
fn restore_refuses_a_file_that_cannot_be_migrated_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = good_backup(dir.path());
    // says it is an older version, but holds the newer tables: migrating it fails
    Connection::open(&bad)
        .unwrap()
        .execute_batch("PRAGMA user_version = 5")
        .unwrap();
    refused(dir.path(), &bad, &["already exists"]);
    let left: Vec<_> = std::fs::read_dir(dir.path().join("current"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".restore-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn restore_refuses_a_log_whose_guards_were_removed() {
    let dir = tempfile::tempdir().unwrap();
    let bad = good_backup(dir.path());
    Connection::open(&bad)
        .unwrap()
        .execute_batch("DROP TRIGGER audit_log_no_update")
        .unwrap();
    refused(dir.path(), &bad, &["触发器"]);
}

/// A backup made before schema step 14 (no events digest) restores: its log is checked once it
/// is migrated, not with this version's reading of an older file.
#[test]
fn a_backup_from_an_older_schema_is_checked_once_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let old = good_backup(dir.path());
    Connection::open(&old)
        .unwrap()
        .execute_batch(
            "ALTER TABLE evaluations DROP COLUMN events_digest; DROP TABLE suggestion_appearances; DROP TABLE suggestions; ALTER TABLE agencies DROP COLUMN superior; DROP TABLE satisfaction; DROP TABLE reviews; DROP TABLE sample_items; DROP TABLE samples; PRAGMA user_version = 13;",
        )
        .unwrap();
    let db = dir.path().join("current/tp.db");
    drop(with_hearings(&db, 1));
    let r = restore(&db, &old, Sharing::Private).unwrap();
    assert_eq!(r.version, 13);
    assert!(r.entries.is_some_and(|n| n > 0), "{:?}", r.entries);
    assert_eq!(
        Store::open(&db).unwrap().schema_version().unwrap(),
        schema::LATEST
    );
    // and an older file whose log was changed is still refused, after its migration
    let bad = dir.path().join("bad.db");
    std::fs::copy(&old, &bad).unwrap();
    Connection::open(&bad)
        .unwrap()
        .execute_batch("UPDATE hearings SET cause = '改过'")
        .unwrap();
    refused(dir.path(), &bad, &["审计"]);
}
