//! A second program on the same database, hostile files and who may read them: run as users would.

#[allow(unused_imports)]
use tingping::i18n::prelude::*;
mod common;
use assert_cmd::Command;
use common::{Tmux, bin};
use predicates::prelude::*;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tingping::domain::model::AppearCategory;
use tingping_store::{HearingInput, Store};

fn tp() -> Command {
    let mut c = Command::cargo_bin("tingping").unwrap();
    c.env_remove("TINGPING_DB");
    c
}

/// Another program's write transaction on `db`, held until `committing` is set and committed
/// after `hold`.
fn hold_the_write_lock(
    db: &Path,
    hold: Duration,
) -> (Arc<AtomicBool>, std::thread::JoinHandle<()>) {
    let db = db.to_path_buf();
    let committing = Arc::new(AtomicBool::new(false));
    let flag = committing.clone();
    let (held_tx, held_rx) = std::sync::mpsc::channel();
    let t = std::thread::spawn(move || {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(
            "BEGIN IMMEDIATE; INSERT OR REPLACE INTO app_state(key, value) VALUES ('other', 'x');",
        )
        .unwrap();
        held_tx.send(()).unwrap();
        std::thread::sleep(hold);
        flag.store(true, Ordering::SeqCst);
        c.execute_batch("COMMIT").unwrap();
    });
    held_rx.recv().unwrap();
    (committing, t)
}

#[test]
fn perform_waits_for_another_program_s_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    tp().args(["--db", dbs, "demo", "--hearings", "80", "--seed", "3"])
        .assert()
        .success();
    let out = tp().args(["--db", dbs, "list", "--json"]).output().unwrap();
    let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let case = rows
        .iter()
        .find(|r| {
            r["status"] == "final"
                && r["dimensions"]["performance"]["status"] == "pending"
                && rows
                    .iter()
                    .filter(|x| x["case_number"] == r["case_number"])
                    .count()
                    == 1
        })
        .expect("a pending performance in the demo data")["case_number"]
        .as_str()
        .unwrap()
        .to_string();

    let (committing, other) = hold_the_write_lock(&db, Duration::from_secs(2));
    tp().args([
        "--db",
        dbs,
        "perform",
        &case,
        "--outcome",
        "late",
        "--by",
        "李书记",
    ])
    .assert()
    .success()
    .stderr(predicate::str::contains("等待数据库"));
    assert!(
        committing.load(Ordering::SeqCst),
        "perform wrote only after the other program committed"
    );
    other.join().unwrap();
    let out = tp().args(["--db", dbs, "list", "--json"]).output().unwrap();
    let row: serde_json::Value = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|r| r["case_number"] == case.as_str())
        .unwrap();
    assert_eq!(row["dimensions"]["performance"]["applicable"], true);
}

const CASE: &str = "（2026）皖0104行初778号";

fn one_hearing(db: &Path) {
    let mut s = Store::open(db).unwrap();
    let input = HearingInput {
        case_number: CASE.into(),
        cause: "不服行政处罚决定".into(),
        court: "合肥市蜀山区人民法院".into(),
        judge: "王审判".into(),
        clerk: "李书记".into(),
        date: "2026-11-28".into(),
        start_time: "09:30".into(),
        ..Default::default()
    };
    let h = s
        .insert_hearing(&input, &["合肥市市场监督管理局".into()])
        .unwrap();
    let mut a = s.appearances(h).unwrap().remove(0);
    a.person = "周明".into();
    a.title = "副局长".into();
    a.category = AppearCategory::Deputy;
    s.update_appearance(&a).unwrap();
}

#[test]
fn a_live_mark_waits_on_screen_while_another_program_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    one_hearing(&db);
    let args = ["--db", db.to_str().unwrap()];
    let Some(t) = Tmux::start_or_skip(&bin(), &args, 100, 30) else {
        return;
    };
    t.wait_for(CASE);
    t.send(&["l"]);
    t.wait_for("记录（共 0 条）");

    // another program holds the write lock until this test lets go
    let other = rusqlite::Connection::open(&db).unwrap();
    other
        .execute_batch(
            "BEGIN IMMEDIATE; INSERT OR REPLACE INTO app_state(key, value) VALUES ('other', 'x');",
        )
        .unwrap();
    t.send(&["p"]);
    let screen = t.wait_for("等待数据库");
    assert!(
        screen.contains("记录（共 0 条）"),
        "a mark not yet written is not counted:\n{screen}"
    );
    // a second press while waiting is kept too, in order
    t.send(&["a"]);
    other.execute_batch("COMMIT").unwrap();
    let screen = t.wait_for("记录（共 2 条）");
    assert!(
        !screen.contains("等待数据库"),
        "the wait line is gone once written:\n{screen}"
    );
    t.send(&["Escape"]);
    t.wait_for("[草稿]");
    drop(t);

    let out = tp()
        .args(["--db", args[1], "events", "--json", CASE])
        .output()
        .unwrap();
    assert!(out.status.success());
    let items: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["item"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(items, ["phone", "off_point"]);
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
#[test]
fn the_platform_data_folder_and_database_are_the_owner_s_only() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    // an earlier version made the folder readable by all
    let data = home.path().join("share/tingping");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    tp().env("XDG_DATA_HOME", home.path().join("share"))
        .env("HOME", home.path())
        .args(["demo", "--hearings", "3"])
        .assert()
        .success();
    let db = data.join("tingping.db");
    assert!(db.exists());
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&db), 0o600);
}

#[cfg(unix)]
#[test]
fn shared_group_makes_a_court_host_s_files_group_readable() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir(&config).unwrap();
    std::fs::write(
        config.join("default.toml"),
        "[storage]\nshared_group = true\n",
    )
    .unwrap();
    let db = dir.path().join("srv/tingping/tingping.db");
    tp().args([
        "--config",
        config.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "demo",
        "--hearings",
        "3",
    ])
    .assert()
    .success();
    assert_eq!(mode(&db), 0o660);
    assert_eq!(mode(db.parent().unwrap()), 0o2770);
    // without the setting, the same database is the owner's only again
    tp().args(["--db", db.to_str().unwrap(), "list"])
        .assert()
        .success();
    assert_eq!(mode(&db), 0o600);
}

#[test]
fn a_folder_given_as_the_database_is_named_as_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    tp().args(["--db", d, "list"]).assert().code(2).stderr(
        predicate::str::contains("是一个文件夹")
            .and(predicate::str::contains(format!("{d}/tingping.db")))
            .and(predicate::str::contains("不是庭评数据库").not()),
    );
    tp().args(["--lang", "en", "--db", d, "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a folder, not a database file"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_foreign_sqlite_file_and_a_newer_database_are_named_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("places.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("PRAGMA application_id = 7;")
        .unwrap();
    let before = std::fs::read(&other).unwrap();
    tp().args(["--db", other.to_str().unwrap(), "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("其他程序的 SQLite 数据库"));
    tp().args(["--lang", "en", "--db", other.to_str().unwrap(), "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "another program's SQLite database",
        ));
    assert_eq!(std::fs::read(&other).unwrap(), before);

    let newer = dir.path().join("tp.db");
    drop(Store::open(&newer).unwrap());
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA journal_mode=DELETE; PRAGMA user_version = 42;")
        .unwrap();
    let before = std::fs::read(&newer).unwrap();
    tp().args(["--db", newer.to_str().unwrap(), "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("更新版本的庭评").and(predicate::str::contains("42")));
    tp().args(["--lang", "en", "--db", newer.to_str().unwrap(), "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("newer tingping"));
    assert_eq!(std::fs::read(&newer).unwrap(), before);
    let names = common::file_names(dir.path());
    assert_eq!(
        names,
        ["places.sqlite", "tp.db"],
        "no -wal or -shm left beside"
    );
}

#[test]
fn a_config_folder_that_is_a_file_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    std::fs::write(&file, "lang = \"en\"\n").unwrap();
    let db = dir.path().join("tp.db");
    tp().args([
        "--config",
        file.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "list",
    ])
    .assert()
    .code(2)
    .stderr(
        predicate::str::contains("不是文件夹")
            .and(predicate::str::contains(file.to_str().unwrap()))
            .and(predicate::str::contains("不存在").not()),
    );
    tp().args(["--lang", "en", "--config", file.to_str().unwrap(), "list"])
        .env("TINGPING_DB", &db)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a folder"));
    // the platform config folder, when a file stands there, the same
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("tingping"), "").unwrap();
    tp().env("XDG_CONFIG_HOME", home.path())
        .args(["--db", db.to_str().unwrap(), "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("不是文件夹"));
    assert!(!db.exists(), "nothing is created when the start is refused");
    // a folder that does not exist is still said not to exist
    tp().args(["--config", "/nonexistent/tp-config", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("不存在"));
}

/// A FIFO or a device where a config file should be stops the start at once, naming the file:
/// nothing waits for a writer, and no database is made.
#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_in_place_of_a_config_file_is_refused_at_once() {
    for name in ["default.toml", "keymap.toml", "rubric.toml", "notice.toml"] {
        for device in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(name);
            if device {
                std::os::unix::fs::symlink("/dev/null", &path).unwrap();
            } else {
                let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
                assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
            }
            let db = dir.path().join("tp.db");
            let started = std::time::Instant::now();
            tp().args(["--config", dir.path().to_str().unwrap(), "--lang", "en"])
                .args(["--db", db.to_str().unwrap(), "list"])
                .timeout(Duration::from_secs(20))
                .assert()
                .code(2)
                .stderr(
                    predicate::str::contains(format!("{}:1:", path.display()))
                        .and(predicate::str::contains("not a regular file")),
                );
            assert!(started.elapsed() < Duration::from_secs(15), "{name}");
            assert!(!db.exists(), "{name}: nothing is made");
        }
    }
}

/// `export --out DIR` where DIR itself is a symlink (to a folder, or dangling) is refused, naming
/// it: nothing is claimed and nothing is written where it points.
#[cfg(unix)]
#[test]
fn an_export_folder_that_is_a_symlink_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    tp().args(["--db", dbs, "demo", "--hearings", "40"])
        .assert()
        .success();
    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    for (link, to) in [
        (dir.path().join("out"), real.clone()),
        (dir.path().join("dangling"), dir.path().join("nowhere")),
    ] {
        std::os::unix::fs::symlink(&to, &link).unwrap();
        tp().args(["--lang", "en", "--db", dbs, "export", "--period", "2026-10"])
            .args(["--out", link.to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains(link.display().to_string())
                    .and(predicate::str::contains("symbolic link")),
            );
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert!(!dir.path().join("nowhere").exists());
    }
    assert_eq!(std::fs::read_dir(&real).unwrap().count(), 0);
    let batches: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM batches", [], |r| r.get(0))
        .unwrap();
    assert_eq!(batches, 0, "nothing is claimed");
    // the folder itself, not a link: exported
    tp().args(["--db", dbs, "export", "--period", "2026-10"])
        .args(["--out", real.to_str().unwrap()])
        .assert()
        .success();
}

/// A database its owner made read-only (0400) is refused, saying so: never chmod'ed writable,
/// never written, its bytes and mode as they were.
#[cfg(unix)]
#[test]
fn a_database_its_owner_made_read_only_is_refused_and_left_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    tp().args(["--db", dbs, "demo", "--hearings", "5"])
        .assert()
        .success();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o400)).unwrap();
    let before = std::fs::read(&db).unwrap();
    let listing = common::file_names;
    let names = listing(dir.path());
    for args in [&["list"][..], &["backup"][..]] {
        tp().args(["--lang", "en", "--db", dbs])
            .args(args)
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains(dbs)
                    .and(predicate::str::contains("read-only"))
                    .and(predicate::str::contains("0400")),
            );
        let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o400);
        assert_eq!(std::fs::read(&db).unwrap(), before);
        assert_eq!(listing(dir.path()), names);
    }
}

/// The full-size temporary copies a backup, a restore or an export's backup before its claim
/// leaves when it is killed outright are removed at the next start, once their process is gone;
/// a running process's, another name's and a link are left.
#[cfg(unix)]
#[test]
fn copies_a_killed_backup_or_restore_left_are_removed_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    tp().args(["--db", dbs, "demo", "--hearings", "5"])
        .assert()
        .success();
    tp().args(["--db", dbs, "backup"]).assert().success();
    let backups = dir.path().join("backups");
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    // this test's own process: running, and not the program's
    let live = std::process::id();
    let make = |p: std::path::PathBuf| {
        std::fs::write(&p, "a copy of the records").unwrap();
        p
    };
    let stale = [
        make(dir.path().join(format!("tp.db.restore-{dead}"))),
        make(dir.path().join(format!("tp.db.restore-{dead}-wal"))),
        make(dir.path().join(format!(".restore-source-{dead}-Ab3dE9"))),
        make(backups.join(format!("tp-manual-2026-10-31-180000.db.tmp-{dead}-0"))),
        make(backups.join(format!(
            "tp-before-claim-2026-10-31-180000.db.tmp-{dead}-4-journal"
        ))),
    ];
    let kept = [
        make(dir.path().join(format!("tp.db.restore-{live}"))),
        make(backups.join(format!("tp-2026-10-31.db.tmp-{live}-1"))),
        make(dir.path().join(format!("other.db.restore-{dead}"))),
        make(dir.path().join(format!("notes-{dead}.txt"))),
    ];
    let target = make(dir.path().join("linked"));
    let link = dir.path().join(format!(".restore-source-{dead}-link"));
    std::os::unix::fs::symlink(&target, &link).unwrap();
    tp().args(["--db", dbs, "list"]).assert().success();
    for p in &stale {
        assert!(!p.exists(), "{} is left", p.display());
    }
    for p in kept.iter().chain([&target]) {
        assert!(p.exists(), "{} is removed", p.display());
    }
    assert!(link.symlink_metadata().is_ok(), "a link is left");
}
