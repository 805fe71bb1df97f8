//! Accountability from the command line: amend, history, verify, delete — run as a user would.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;
#[allow(unused_imports)]
use tingping::i18n::prelude::*;

fn tp(db: &Path) -> Command {
    let mut c = Command::cargo_bin("tingping").unwrap();
    c.env_remove("TINGPING_DB")
        .env_remove("TINGPING_OPERATOR")
        .args(["--db", db.to_str().unwrap()]);
    c
}

/// A demo database and one of its finalized appearances: (case number, agency).
fn demo(db: &Path) -> (String, String) {
    tp(db)
        .args(["demo", "--hearings", "40", "--seed", "3"])
        .assert()
        .success();
    let out = tp(db).args(["list", "--json"]).output().unwrap();
    let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // a case with one appearance, finalized
    let r = rows
        .iter()
        .find(|r| {
            r["status"] == "final"
                && r["category"] == "principal"
                && rows
                    .iter()
                    .filter(|x| x["case_number"] == r["case_number"])
                    .count()
                    == 1
        })
        .expect("a finalized appearance in the demo");
    (
        r["case_number"].as_str().unwrap().to_string(),
        r["agency"].as_str().unwrap().to_string(),
    )
}

fn row_of(db: &Path, case: &str) -> serde_json::Value {
    let out = tp(db).args(["list", "--json"]).output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|r| r["case_number"] == case)
        .unwrap()
}

/// With `[people] judges` set, only those judges finalize and amend: another name is refused,
/// naming the list, and nothing changes.
#[test]
fn only_the_configured_judges_amend() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let (case, _) = demo(&db);
    let conf = dir.path().join("conf");
    std::fs::create_dir(&conf).unwrap();
    std::fs::write(
        conf.join("default.toml"),
        "[people]\njudges = [\"王法官\", \"李法官\"]\n",
    )
    .unwrap();
    let amend = |by: &str| {
        let mut c = tp(&db);
        c.args(["--config", conf.to_str().unwrap(), "amend", &case])
            .args(["--set", "late=1", "--reason", "核对庭审笔录", "--by", by]);
        c
    };
    amend("路人甲").assert().code(2).stderr(
        predicate::str::contains("路人甲")
            .and(predicate::str::contains("王法官、李法官"))
            .and(predicate::str::contains("未作任何改动")),
    );
    assert_eq!(row_of(&db, &case)["version"], 1);
    amend("李法官").assert().success();
    assert_eq!(row_of(&db, &case)["version"], 2);
}

#[test]
fn an_amendment_is_made_logged_and_shown() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let (case, agency) = demo(&db);
    assert_eq!(row_of(&db, &case)["version"], 1);
    // the half-width form of the case number is fine
    let typed = case.replace('（', "(").replace('）', ")");
    tp(&db)
        .args([
            "--operator",
            "书记员甲",
            "amend",
            &typed,
            "--set",
            "category=deputy",
            "--set",
            "late=1",
        ])
        .args(["--reason", "核对庭审笔录", "--by", "王法官"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "出庭人类别 正职（主要负责人） → 副职负责人",
        ))
        .stdout(predicate::str::contains(agency.as_str()));
    let row = row_of(&db, &case);
    assert_eq!(
        (row["version"].as_i64(), row["amended"].as_bool()),
        (Some(3), Some(true))
    );
    assert_eq!(row["category"], "deputy");
    // the history says who, what, why and who confirmed
    tp(&db)
        .args(["history", &typed])
        .assert()
        .success()
        .stdout(predicate::str::contains("书记员甲\t修订 出庭记录（合肥市市场监督管理局） 出庭人类别：正职（主要负责人） → 副职负责人；理由：核对庭审笔录；确认：王法官"));
    let out = tp(&db).args(["history", &case, "--json"]).output().unwrap();
    let entries: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let last = entries.last().unwrap();
    assert_eq!(
        (
            last["action"].as_str(),
            last["field"].as_str(),
            last["by"].as_str()
        ),
        (Some("amend"), Some("late"), Some("王法官"))
    );
    assert_eq!(last["hash"].as_str().unwrap().len(), 64);
    tp(&db)
        .arg("verify")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok "));
}

#[test]
fn an_amendment_without_reason_or_judge_or_of_a_draft_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let (case, _) = demo(&db);
    let before = row_of(&db, &case);
    for args in [
        vec![
            "--set",
            "category=deputy",
            "--reason",
            " ",
            "--by",
            "王法官",
        ],
        vec!["--set", "category=deputy", "--reason", "笔录", "--by", ""],
        vec![
            "--set",
            "category=boss",
            "--reason",
            "笔录",
            "--by",
            "王法官",
        ],
        vec![
            "--set",
            "grade=excellent",
            "--reason",
            "笔录",
            "--by",
            "王法官",
        ],
        vec!["--set", "category", "--reason", "笔录", "--by", "王法官"],
    ] {
        tp(&db)
            .arg("amend")
            .arg(&case)
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("错误"));
    }
    tp(&db)
        .args([
            "--lang", "en", "amend", &case, "--set", "grade=x", "--reason", "r", "--by", "j",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "there is no field “grade” to amend",
        ));
    assert_eq!(row_of(&db, &case), before);
    // a draft is changed in place, never amended
    let out = tp(&db).args(["list", "--json"]).output().unwrap();
    let draft = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|r| r["status"] == "draft")
        .expect("a draft in the demo");
    tp(&db)
        .args([
            "amend",
            draft["case_number"].as_str().unwrap(),
            "--agency",
            draft["agency"].as_str().unwrap(),
        ])
        .args(["--hearing", draft["hearing_date"].as_str().unwrap()])
        .args(["--set", "late=1", "--reason", "笔录", "--by", "王法官"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("尚未定稿"));
}

#[test]
fn verify_names_the_entry_a_change_behind_the_apps_back_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let (case, _) = demo(&db);
    let out = tp(&db).arg("verify").output().unwrap();
    let first = String::from_utf8(out.stdout).unwrap();
    let n: i64 = first.split_whitespace().nth(1).unwrap().parse().unwrap();
    assert!(n > 40, "{first}");
    // a person's name changed with another SQLite tool
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (id, last): (i64, i64) = conn
        .query_row(
            "SELECT a.id, (SELECT max(seq) FROM audit_log l WHERE l.entity = 'appearance' AND l.entity_id = a.id)
             FROM appearances a JOIN hearings h ON h.id = a.hearing_id WHERE h.case_number = ?1",
            [&case],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    conn.execute("UPDATE appearances SET person = '李四' WHERE id = ?1", [id])
        .unwrap();
    drop(conn);
    tp(&db)
        .arg("verify")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!("broken at entry {last}")))
        .stdout(predicate::str::contains("在本程序之外被改动"));
    // the json says the same
    let out = tp(&db).args(["verify", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            v["result"].as_str(),
            v["seq"].as_i64(),
            v["problem"].as_str()
        ),
        (Some("broken"), Some(last), Some("record"))
    );
}

#[test]
fn a_hearing_entered_by_mistake_is_deleted_with_confirmation_and_stays_in_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let (case, _) = demo(&db);
    // a settled one cannot be deleted
    tp(&db)
        .args(["delete", &case, "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("只能修订"));
    // a new hearing, entered by mistake: asks for --yes, then goes; its history stays
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM hearings", [], |r| r.get(0))
        .unwrap();
    drop(conn);
    let mut s = tingping_store::Store::open(&db).unwrap();
    let input = tingping_store::HearingInput {
        case_number: "（2026）皖0104行初999号".into(),
        cause: "不服行政处罚".into(),
        court: "第一法庭".into(),
        judge: "王法官".into(),
        clerk: "李书记".into(),
        date: "2026-11-02".into(),
        start_time: "09:00".into(),
        ..Default::default()
    };
    s.insert_hearing(&input, &["合肥市公安局".into()]).unwrap();
    drop(s);
    let case = "（2026）皖0104行初999号";
    tp(&db)
        .args(["delete", case])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes"));
    tp(&db)
        .args(["delete", case, "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("已删除"));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let after: i64 = conn
        .query_row("SELECT count(*) FROM hearings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, n);
    drop(conn);
    tp(&db)
        .args(["history", case])
        .assert()
        .success()
        .stdout(predicate::str::contains("删除 庭审"))
        .stdout(predicate::str::contains("删除 出庭记录"));
    tp(&db).arg("verify").assert().success();
}
