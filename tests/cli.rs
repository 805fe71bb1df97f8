//! The command line, run as a user would.

mod common;
use assert_cmd::Command;
use predicates::prelude::*;
#[allow(unused_imports)]
use tingping::i18n::prelude::*;

fn tp() -> Command {
    let mut c = Command::cargo_bin("tingping").unwrap();
    c.env_remove("TINGPING_DB");
    c
}

#[test]
fn demo_then_list_json_has_the_promised_fields() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    tp().args([
        "--db",
        db.to_str().unwrap(),
        "demo",
        "--hearings",
        "60",
        "--seed",
        "5",
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains("60"));
    let out = tp()
        .args(["--db", db.to_str().unwrap(), "list", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(rows.len() >= 50, "{}", rows.len());
    assert!(rows.iter().any(|r| r["status"] == "absent"));
    let mut ids = std::collections::HashSet::new();
    for r in &rows {
        for k in [
            "id",
            "case_number",
            "court_code",
            "case_type",
            "hearing_date",
            "agency",
            "person",
            "category",
            "head",
            "status",
            "flags",
            "events",
        ] {
            assert!(r.get(k).is_some(), "{k} missing in {r}");
        }
        assert!(
            ids.insert(r["id"].as_str().unwrap().to_string()),
            "ids are unique"
        );
        // one court, litigation only
        assert_eq!(r["court_code"], "皖0104");
        assert!(
            ["行初", "行赔初", "行再"].contains(&r["case_type"].as_str().unwrap()),
            "{r}"
        );
        let head = ["principal", "deputy", "other_head"].contains(&r["category"].as_str().unwrap());
        assert_eq!(r["head"], head);
        if ["lawyer_only", "nobody"].contains(&r["category"].as_str().unwrap()) {
            // an absence is listed, with its art 12 flags and no scores
            assert_eq!(r["status"], "absent");
            assert!(r.get("dimensions").is_none() && !r["flags"].as_array().unwrap().is_empty());
            continue;
        }
        for k in ["dimensions", "total", "grade"] {
            assert!(r.get(k).is_some(), "{k} missing in {r}");
        }
        let dims = r["dimensions"].as_object().unwrap();
        assert_eq!(dims.len(), 4);
        for d in dims.values() {
            assert!(d["score"].as_i64().unwrap() <= d["max"].as_i64().unwrap());
            assert!(d["applicable"].is_boolean());
        }
        assert!(r["case_number"].as_str().unwrap().starts_with('（'));
        // the total is the applicable dimensions rescaled to 100
        let (sum, max) = dims
            .values()
            .filter(|d| d["applicable"].as_bool().unwrap())
            .fold((0, 0), |a, d| {
                (
                    a.0 + d["score"].as_i64().unwrap(),
                    a.1 + d["max"].as_i64().unwrap(),
                )
            });
        let total = r["total"].as_f64().unwrap();
        assert!(
            (total - sum as f64 * 100.0 / max as f64).abs() <= 0.05 + 1e-9,
            "{r}"
        );
    }
    // the same seed gives the same data
    let dir2 = tempfile::tempdir().unwrap();
    let db2 = dir2.path().join("tp.db");
    tp().args([
        "--db",
        db2.to_str().unwrap(),
        "demo",
        "--hearings",
        "60",
        "--seed",
        "5",
    ])
    .assert()
    .success();
    let again = tp()
        .args(["--db", db2.to_str().unwrap(), "list", "--json"])
        .output()
        .unwrap();
    // the same records; only the appearances' unique ids differ (made when each is created)
    let without_ids = |t: &str| -> Vec<serde_json::Value> {
        t.lines()
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                v.as_object_mut().unwrap().remove("id");
                v
            })
            .collect()
    };
    assert_eq!(
        without_ids(&String::from_utf8(again.stdout).unwrap()),
        without_ids(&text)
    );
}

#[test]
fn demo_data_is_refused_into_a_database_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    tp().args(["--db", dbs, "demo", "--hearings", "5"])
        .assert()
        .success();
    let before = tp().args(["--db", dbs, "list"]).output().unwrap().stdout;
    // a second load, in either language: refused with the catalog's words, nothing added
    tp().args(["--db", dbs, "demo", "--hearings", "5", "--seed", "2"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("演示数据只能载入空数据库"));
    tp().args(["--lang", "en", "--db", dbs, "demo"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "demo data goes only into an empty database",
        ));
    let after = tp().args(["--db", dbs, "list"]).output().unwrap().stdout;
    assert_eq!(before, after);
}

#[test]
fn plain_list_has_a_chinese_header_and_english_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    tp().args(["--db", db.to_str().unwrap(), "demo", "--hearings", "5"])
        .assert()
        .success();
    tp().args(["--db", db.to_str().unwrap(), "list"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("案号\t"));
    tp().args(["--lang", "en", "--db", db.to_str().unwrap(), "list"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Case\t"));
}

#[test]
fn the_database_path_comes_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.db");
    tp().env("TINGPING_DB", &db)
        .args(["demo", "--hearings", "3"])
        .assert()
        .success();
    assert!(db.exists());
}

#[test]
fn a_foreign_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("report.xlsx");
    std::fs::write(&f, b"PK\x03\x04 not a database").unwrap();
    tp().args(["--db", f.to_str().unwrap(), "list"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("不是庭评数据库").and(predicate::str::contains("report.xlsx")),
        );
    tp().args(["--lang", "en", "--db", f.to_str().unwrap(), "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a tingping database"));
    assert_eq!(std::fs::read(&f).unwrap(), b"PK\x03\x04 not a database");
}

#[test]
fn a_broken_rubric_stops_the_start_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = tingping::domain::rubric::DEFAULT_RUBRIC.replacen(
        "kind = \"award\"",
        "kind = \"bonus\"",
        1,
    );
    std::fs::write(dir.path().join("rubric.toml"), &rubric).unwrap();
    let line = rubric
        .lines()
        .position(|l| l.contains("\"bonus\""))
        .unwrap()
        + 1;
    let db = dir.path().join("tp.db");
    tp().args([
        "--config",
        dir.path().to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "list",
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains(format!("rubric.toml:{line}:")));
    assert!(!db.exists(), "nothing is created when the start is refused");
}

#[test]
fn a_key_bound_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("keymap.toml"),
        "[scoring]\n\nnote = \"c\"\n",
    )
    .unwrap();
    tp().args([
        "--config",
        dir.path().to_str().unwrap(),
        "--lang",
        "en",
        "list",
    ])
    .env("TINGPING_DB", dir.path().join("tp.db"))
    .assert()
    .code(2)
    .stderr(predicate::str::contains("keymap.toml:3:").and(predicate::str::contains("\"c\"")));
}

#[test]
fn a_rubric_live_key_clashing_with_live_mode_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = tingping::domain::rubric::DEFAULT_RUBRIC.replacen("key = \"l\"", "key = \"u\"", 1);
    std::fs::write(dir.path().join("rubric.toml"), &rubric).unwrap();
    tp().args(["--config", dir.path().to_str().unwrap(), "list"])
        .env("TINGPING_DB", dir.path().join("tp.db"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("现场模式"));
}

#[test]
fn the_user_config_sets_the_language() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("default.toml"), "lang = \"en\"\n").unwrap();
    tp().args(["--config", dir.path().to_str().unwrap(), "list"])
        .env("TINGPING_DB", dir.path().join("tp.db"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Case\t"));
}

#[test]
fn a_missing_config_folder_is_named() {
    tp().args(["--config", "/nonexistent/tp-config", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/tp-config"));
}

#[test]
fn export_stats_batches_import_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    let out = dir.path().join("out");
    tp().args(["--db", dbs, "demo", "--hearings", "150"])
        .assert()
        .success();
    let stats = tp()
        .args(["--db", dbs, "stats", "--period", "2026-10", "--json"])
        .output()
        .unwrap();
    assert!(stats.status.success());
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    // not a terminal: plain progress lines on stderr
    tp().args([
        "--db",
        dbs,
        "export",
        "--period",
        "2026-10",
        "--out",
        out.to_str().unwrap(),
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains("批次 2026-10"))
    .stderr(predicate::str::contains("正在写入 tongbao-2026-10.xlsx"));
    let folder = out.join("tingping-0104-2026-10");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("manifest.json")).unwrap())
            .unwrap();
    let ind = |v: &serde_json::Value, id: &str| -> serde_json::Value {
        v["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id)
            .unwrap_or_else(|| panic!("indicator {id}"))["numerator"]
            .clone()
    };
    assert_eq!(
        manifest["counts"]["evaluations"],
        ind(&stats, "evaluations")
    );
    assert_eq!(
        manifest["counts"]["appearances"],
        ind(&stats, "appearances")
    );
    assert_eq!(manifest["counts"]["late"], ind(&stats, "late_items"));
    // the batch's stats stay what was exported
    let again = tp()
        .args(["--db", dbs, "stats", "--period", "2026-10", "--json"])
        .output()
        .unwrap();
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again["indicators"], stats["indicators"]);
    let batches = tp()
        .args(["--db", dbs, "batches", "--json"])
        .output()
        .unwrap();
    let b: serde_json::Value = serde_json::from_str(
        String::from_utf8(batches.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(b["id"], "2026-10");
    assert!(b["files"].as_array().unwrap().len() >= 5);

    // an upper court imports it; twice changes nothing; a tampered copy is refused
    let upper = dir.path().join("upper.db");
    let ups = upper.to_str().unwrap();
    // the upper court is another court: a court never imports its own batches
    let upconf = dir.path().join("upper-config");
    std::fs::create_dir(&upconf).unwrap();
    std::fs::write(
        upconf.join("default.toml"),
        "[court]\nname = \"合肥市中级人民法院\"\ncode = \"皖01\"\ngovernment = \"合肥市人民政府\"\n",
    )
    .unwrap();
    let ups_conf = upconf.to_str().unwrap();
    let up = || {
        let mut c = tp();
        c.args(["--db", ups, "--config", ups_conf]);
        c
    };
    // a court's batch is taken only once the upper court trusts its key: refused before,
    // naming the court
    up().args(["import", folder.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("未经本院信任"))
        .stderr(predicate::str::contains("皖0104"));
    // the court's key was made at its first export, beside its database, owner only
    let key_path = dir.path().join("tp.db.key");
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(&key_path).unwrap().permissions()
        ) & 0o777,
        0o600
    );
    let key = tp().args(["--db", dbs, "keys", "export"]).output().unwrap();
    assert!(key.status.success());
    let told = String::from_utf8(key.stderr).unwrap();
    let public: serde_json::Value = serde_json::from_slice(&key.stdout).unwrap();
    let fingerprint = public["fingerprint"].as_str().unwrap().to_string();
    assert!(told.contains(&fingerprint), "{told}");
    assert!(!String::from_utf8_lossy(&key.stdout).contains("secret"));
    let key_file = dir.path().join("shushan-key.json");
    std::fs::write(&key_file, &key.stdout).unwrap();
    up().args(["keys", "trust"])
        .arg(&key_file)
        .assert()
        .success()
        .stdout(predicate::str::contains("已信任"))
        .stdout(predicate::str::contains(fingerprint.as_str()));
    up().args(["keys", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("皖0104"))
        .stdout(predicate::str::contains(fingerprint.as_str()));
    up().args(["import", folder.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("已导入"));
    up().args(["import", folder.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("内容相同"));
    // the upper court's own October, once exported, still counts what it imported
    let upper_stats = || -> serde_json::Value {
        let out = up()
            .args(["stats", "--period", "2026-10", "--json"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let before = upper_stats();
    up().args(["export", "--period", "2026-10", "--out"])
        .arg(dir.path().join("upper-out"))
        .assert()
        .success();
    let after = upper_stats();
    assert!(
        before["by_court"]
            .as_object()
            .unwrap()
            .contains_key("合肥市蜀山区人民法院")
    );
    assert_eq!(after["by_court"], before["by_court"]);
    let json = folder.join("tongbao-2026-10.json");
    let text = std::fs::read_to_string(&json)
        .unwrap()
        .replacen("合肥市", "合月市", 1);
    std::fs::write(&json, text).unwrap();
    up().args(["import", folder.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("已被修改"));
    let merged = up()
        .args(["stats", "--period", "2026-10", "--json"])
        .output()
        .unwrap();
    let merged: serde_json::Value = serde_json::from_slice(&merged.stdout).unwrap();
    assert_eq!(
        merged["indicators"]["appearances"],
        stats["indicators"]["appearances"]
    );
}

#[test]
fn the_supreme_people_s_court_exports_into_an_ascii_folder() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir(&config).unwrap();
    std::fs::write(
        config.join("default.toml"),
        "[court]\nname = \"最高人民法院\"\ncode = \"最高法\"\n",
    )
    .unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    let cfg = config.to_str().unwrap();
    tp().args(["--db", dbs, "demo", "--hearings", "150"])
        .assert()
        .success();
    let out = dir.path().join("out");
    tp().args([
        "--db", dbs, "--config", cfg, "export", "--period", "2026-10",
    ])
    .args(["--out", out.to_str().unwrap(), "--format", "json"])
    .assert()
    .success();
    let folder = out.join("tingping-spc-2026-10");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["court"]["code"], "最高法", "{manifest}");
    let upper = dir.path().join("upper.db");
    let key = tp()
        .args(["--db", dbs, "--config", cfg, "keys", "export"])
        .output()
        .unwrap();
    std::fs::write(dir.path().join("spc.json"), &key.stdout).unwrap();
    tp().args(["--db", upper.to_str().unwrap(), "keys", "trust"])
        .arg(dir.path().join("spc.json"))
        .assert()
        .success();
    tp().args(["--db", upper.to_str().unwrap(), "import"])
        .arg(&folder)
        .assert()
        .success()
        .stdout(predicate::str::contains("已导入 最高人民法院"));
}

#[test]
fn bad_export_arguments_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    tp().args(["--db", dbs, "export", "--period", "2026-13", "--out", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2026-13"));
    tp().args([
        "--db", dbs, "export", "--period", "2026-10", "--out", "x", "--format", "pdf",
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("pdf"));
    tp().args([
        "--lang",
        "en",
        "--db",
        dbs,
        "export",
        "--from",
        "2026-11-15",
        "--to",
        "2026-11-01",
        "--topic",
        "t",
        "--out",
        "x",
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("reversed"));
    assert!(!dir.path().join("x").exists());
}

#[test]
fn a_performance_outcome_is_recorded_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    tp().args(["--db", dbs, "demo", "--hearings", "80", "--seed", "3"])
        .assert()
        .success();
    let list = |args: &[&str]| -> Vec<serde_json::Value> {
        let out = tp()
            .args(["--db", dbs, "list", "--json"])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let perform = |args: &[&str]| {
        let mut c = tp();
        c.args(["--db", dbs, "perform"]).args(args);
        c.assert()
    };
    let rows = list(&[]);
    // a finalized evaluation of a one-agency case whose judgment performance is still pending
    let pending = rows
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
        .expect("a pending performance in the demo data");
    let case = pending["case_number"].as_str().unwrap().to_string();
    // half-width parentheses are fine, as everywhere
    let typed = case.replace('（', "(").replace('）', ")");

    // bad input is named and changes nothing
    perform(&[&typed, "--outcome", "maybe", "--by", "李书记"])
        .failure()
        .stderr(predicate::str::contains("maybe"));
    perform(&[
        &typed,
        "--outcome",
        "refused",
        "--by",
        "李书记",
        "--on",
        "2026-13-01",
    ])
    .failure()
    .stderr(predicate::str::contains("2026-13-01"));
    perform(&[
        "（2026）皖0104行初99999号",
        "--outcome",
        "late",
        "--by",
        "李书记",
    ])
    .failure()
    .stderr(predicate::str::contains("没有已定稿的评议"));
    assert_eq!(list(&[]), rows);

    perform(&[
        &typed,
        "--outcome",
        "refused",
        "--by",
        "李书记",
        "--on",
        "2026-11-28",
    ])
    .success()
    .stdout(predicate::str::contains("拒不履行").and(predicate::str::contains("不合格")));
    let after = list(&[]);
    let row = after
        .iter()
        .find(|r| r["case_number"] == case.as_str())
        .unwrap();
    assert_eq!(row["grade"], "fail");
    assert_eq!(row["dimensions"]["performance"]["applicable"], true);
    assert!(
        row["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "refused_performance")
    );

    // in English too
    tp().args([
        "--db",
        dbs,
        "--lang",
        "en",
        "perform",
        &typed,
        "--outcome",
        "pending",
        "--by",
        "Li",
    ])
    .assert()
    .failure()
    .stderr(predicate::str::contains(
        "not a judgment performance outcome",
    ));
}

#[test]
fn perform_picks_one_of_a_case_s_hearings_and_checks_the_date() {
    use tingping::domain::model::AppearCategory;
    use tingping_store::{HearingInput, Store};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    {
        let mut store = Store::open(&db).unwrap();
        let rubric = tingping::domain::rubric::Rubric::default_rubric();
        // the same case heard twice (a second sitting), the same agency both times
        for date in ["2026-10-09", "2026-10-20"] {
            let h = store
                .insert_hearing(
                    &HearingInput {
                        case_number: "（2026）皖0104行初9号".into(),
                        cause: "不服行政处罚决定".into(),
                        court: "合肥市蜀山区人民法院".into(),
                        judge: "王审判".into(),
                        clerk: "李书记".into(),
                        date: date.into(),
                        start_time: "09:30".into(),
                        ..Default::default()
                    },
                    &["合肥市生态环境局".to_string()],
                )
                .unwrap();
            let mut a = store.appearances(h).unwrap().remove(0);
            a.category = AppearCategory::Principal;
            a.person = "张建国".into();
            store.update_appearance(&a).unwrap();
            let e = store.evaluation_for(a.id, &rubric).unwrap().id;
            store.finalize(e, "王审判").unwrap();
        }
    }
    let perform = |args: &[&str]| {
        let mut c = tp();
        c.args([
            "--db",
            dbs,
            "perform",
            "(2026)皖0104行初9号",
            "--by",
            "李书记",
        ])
        .args(args);
        c.assert()
    };
    // two finalized evaluations: the message lists them by agency and date
    perform(&["--outcome", "on_time", "--agency", "合肥市生态环境局"])
        .failure()
        .stderr(predicate::str::contains(
            "合肥市生态环境局（2026-10-09）、合肥市生态环境局（2026-10-20）",
        ));
    // a day before the hearing, or after today, is refused
    perform(&[
        "--outcome",
        "on_time",
        "--hearing",
        "2026-10-20",
        "--on",
        "2026-10-19",
    ])
    .failure()
    .stderr(predicate::str::contains("早于开庭日期 2026-10-20"));
    perform(&[
        "--outcome",
        "on_time",
        "--hearing",
        "2026-10-20",
        "--on",
        "2999-01-01",
    ])
    .failure()
    .stderr(predicate::str::contains("晚于今天"));
    perform(&[
        "--outcome",
        "on_time",
        "--hearing",
        "2026-10-20",
        "--on",
        "2026-11-02",
    ])
    .success()
    .stdout(predicate::str::contains("按期履行"));
}

/// Temporary folders of an export (`.tingping-….tmp-PID…`) in `out`.
#[cfg(unix)]
fn temporary(out: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(out)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".tingping") && n.contains(".tmp-"))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(unix)]
#[test]
fn a_signal_during_an_export_leaves_no_temporary_folder() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    let out = dir.path().join("out");
    tp().args(["--db", dbs, "demo", "--hearings", "3000"])
        .assert()
        .success();
    let bin = assert_cmd::cargo::cargo_bin("tingping");
    for signal in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
        // the export is stopped while its temporary folder exists (tried again if it finished first)
        let mut stopped = false;
        for _ in 0..20 {
            let mut child = std::process::Command::new(&bin)
                .args(["--db", dbs, "export", "--period", "2026-10", "--out"])
                .arg(&out)
                .env_remove("TINGPING_DB")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let status = loop {
                if let Some(status) = child.try_wait().unwrap() {
                    break status;
                }
                if !temporary(&out).is_empty() {
                    unsafe { libc::kill(child.id() as libc::pid_t, signal) };
                    break child.wait().unwrap();
                }
                std::thread::yield_now();
            };
            assert!(temporary(&out).is_empty(), "{:?}", temporary(&out));
            if status.signal() == Some(signal) {
                stopped = true;
                break;
            }
            assert!(status.success(), "{status:?}");
        }
        assert!(stopped, "signal {signal} never came during an export");
    }
    // what is left is consistent: the batch, if claimed, exports again
    tp().args(["--db", dbs, "export", "--period", "2026-10", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(temporary(&out).is_empty());
}

/// The files in the backups folder beside `db` whose names start with `prefix`.
fn backups(db: &std::path::Path, prefix: &str) -> Vec<std::path::PathBuf> {
    let dir = db.parent().unwrap().join("backups");
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().path())
                .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn batch_lines(db: &str) -> usize {
    let out = tp()
        .args(["--db", db, "batches", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().lines().count()
}

#[test]
fn backup_then_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    tp().args(["--db", dbs, "demo", "--hearings", "60"])
        .assert()
        .success();
    let copy = dir.path().join("before-export.db");
    tp().args(["--db", dbs, "backup", "--to", copy.to_str().unwrap()])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("已备份到")
                .and(predicate::str::contains(copy.to_str().unwrap())),
        );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // a month's claim is backed up first, once; a month exported again claims nothing
    let out = dir.path().join("out");
    for _ in 0..2 {
        tp().args(["--db", dbs, "export", "--period", "2026-10"])
            .args(["--out", out.to_str().unwrap()])
            .assert()
            .success();
    }
    assert_eq!(backups(&db, "tp-before-claim-").len(), 1);
    assert_eq!(batch_lines(dbs), 1);
    // a report claims nothing, and is not backed up
    tp().args(["--db", dbs, "export", "--period", "2026-Q3"])
        .args(["--out", out.to_str().unwrap(), "--format", "json"])
        .assert()
        .success();
    assert_eq!(backups(&db, "tp-before-claim-").len(), 1);

    let done = tp()
        .args(["--db", dbs, "restore", copy.to_str().unwrap()])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("已用")
                .and(predicate::str::contains(copy.to_str().unwrap()))
                .and(predicate::str::contains("核验无误"))
                .and(predicate::str::contains("被替换的数据库已保留在")),
        );
    let text = String::from_utf8(done.get_output().stdout.clone()).unwrap();
    assert_eq!(batch_lines(dbs), 0, "as it was before the export");
    let kept = backups(&db, "tp-before-restore-");
    assert_eq!(kept.len(), 1);
    assert!(text.contains(kept[0].to_str().unwrap()), "{text}");
    // the kept file is the database it replaced: the month and the report
    let n: i64 = rusqlite::Connection::open(&kept[0])
        .unwrap()
        .query_row("SELECT count(*) FROM batches", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
    tp().args([
        "--lang",
        "en",
        "--db",
        dbs,
        "restore",
        copy.to_str().unwrap(),
    ])
    .assert()
    .success()
    .stdout(
        predicate::str::contains("Restored the database").and(predicate::str::contains(
            "The database it replaced is kept at",
        )),
    );

    // `backup` alone: a new file in the backups folder, never one that is there
    tp().args(["--db", dbs, "backup"])
        .assert()
        .success()
        .stdout(predicate::str::contains("tp-manual-"));
    assert_eq!(backups(&db, "tp-manual-").len(), 1);
    tp().args(["--db", dbs, "backup", "--to", copy.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("已存在")
                .and(predicate::str::contains(copy.to_str().unwrap())),
        );
    tp().args(["--lang", "en", "--db", dbs, "backup", "--to"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a folder"));
}

/// A demo database of `hearings` hearings in a folder of its own, and a backup of it written by
/// `tingping backup --to NAME` beside it: (the folder, the database, the backup).
fn demo_and_backup(
    hearings: &str,
    name: &str,
) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    tp().args(["--db", dbs, "demo", "--hearings", hearings])
        .assert()
        .success();
    let backup = dir.path().join(name);
    tp().args(["--db", dbs, "backup", "--to", backup.to_str().unwrap()])
        .assert()
        .success();
    (dir, db, backup)
}

/// A restore never replaces the records under a running app (live mode's marks would vanish
/// from under it): while one has the database open it is refused; once it quits, it restores.
#[test]
fn restore_waits_for_the_app_to_quit() {
    let (_dir, db, good) = demo_and_backup("20", "good.db");
    let dbs = db.to_str().unwrap();
    let running = tingping::Court::open(&db).unwrap();
    tp().args(["--db", dbs, "restore", good.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("正在使用该数据库")
                .and(predicate::str::contains("未作任何改动")),
        );
    drop(running);
    tp().args(["--db", dbs, "restore", good.to_str().unwrap()])
        .assert()
        .success();
}

#[test]
fn restore_refuses_a_file_naming_it_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    tp().args(["--db", dbs, "demo", "--hearings", "30"])
        .assert()
        .success();
    let list = || {
        tp().args(["--db", dbs, "list", "--json"])
            .output()
            .unwrap()
            .stdout
    };
    let before = list();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "不是数据库，".repeat(40)).unwrap();
    tp().args(["--db", dbs, "restore", notes.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(notes.to_str().unwrap())
                .and(predicate::str::contains("不是 SQLite 数据库文件"))
                .and(predicate::str::contains("未作任何改动")),
        );
    tp().args(["--lang", "en", "--db", dbs, "restore"])
        .arg(dir.path().join("missing.db"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("missing.db")
                .and(predicate::str::contains("there is no such file")),
        );
    // a backup whose audit log was edited
    let edited = dir.path().join("edited.db");
    tp().args(["--db", dbs, "backup", "--to", edited.to_str().unwrap()])
        .assert()
        .success();
    rusqlite::Connection::open(&edited)
        .unwrap()
        .execute_batch(
            "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
             UPDATE audit_log SET at = '2020-01-01' WHERE seq = 3;",
        )
        .unwrap();
    tp().args(["--db", dbs, "restore", edited.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(edited.to_str().unwrap())
                .and(predicate::str::contains("审计日志第 3 条")),
        );
    // a backup read as the hostile file it may be: a link to a good backup is not followed, a
    // FIFO is not waited on, and no copy is left beside the database
    #[cfg(unix)]
    {
        let good = dir.path().join("good.db");
        tp().args(["--db", dbs, "backup", "--to", good.to_str().unwrap()])
            .assert()
            .success();
        let link = dir.path().join("link.db");
        std::os::unix::fs::symlink(&good, &link).unwrap();
        tp().args(["--db", dbs, "restore", link.to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("link.db").and(predicate::str::contains("未作任何改动")),
            );
        let fifo = dir.path().join("fifo.db");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        tp().args(["--db", dbs, "restore", fifo.to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("fifo.db"));
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".restore"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
    assert_eq!(list(), before);
    assert!(backups(&db, "tp-before-restore-").is_empty());
}

#[test]
fn followups_list_the_pending_performance_overdue_first_and_take_dates() {
    use chrono::NaiveDate;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    // (seed 4: a demo whose follow-ups are overdue, due and undated as of the day below)
    tp().args(["--db", dbs, "demo", "--hearings", "80", "--seed", "4"])
        .assert()
        .success();
    let as_of = "2026-11-18";
    let today = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
    let json = |args: &[&str]| -> Vec<serde_json::Value> {
        let out = tp()
            .args(["--db", dbs, "followups", "--json", "--as-of", as_of])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let rows = json(&[]);
    let date = |v: &serde_json::Value| {
        v.as_str()
            .map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    };
    for r in &rows {
        for field in [
            "case_number",
            "hearing_date",
            "agency",
            "person",
            "judgment_effective",
            "deadline",
            "overdue_days",
            "evaluation_id",
        ] {
            assert!(r.get(field).is_some(), "{field} in {r}");
        }
        // days overdue follow the deadline; no deadline is inferred
        match date(&r["deadline"]) {
            Some(d) => assert_eq!(r["overdue_days"], (today - d).num_days().max(0)),
            None => assert!(r["overdue_days"].is_null(), "{r}"),
        }
    }
    // the worklist's order: overdue (most first), then by deadline, then undated by hearing
    let group = |r: &serde_json::Value| match r["overdue_days"].as_i64() {
        Some(n) if n > 0 => 0,
        Some(_) => 1,
        None => 2,
    };
    let key = |r: &serde_json::Value| {
        (
            group(r),
            if group(r) < 2 {
                date(&r["deadline"])
            } else {
                None
            },
            r["hearing_date"].as_str().unwrap().to_string(),
        )
    };
    assert!(
        rows.windows(2).all(|w| key(&w[0]) <= key(&w[1])),
        "{rows:#?}"
    );
    for g in 0..3 {
        assert!(
            rows.iter().any(|r| group(r) == g),
            "group {g} in the demo: {rows:#?}"
        );
    }
    // --overdue: the same rows, only those overdue
    let overdue: Vec<_> = rows.iter().filter(|r| group(r) == 0).cloned().collect();
    assert_eq!(json(&["--overdue"]), overdue);

    // the table, in the user's language
    tp().args(["--db", dbs, "followups", "--as-of", as_of])
        .assert()
        .success()
        .stdout(predicate::str::contains("履行期限").and(predicate::str::contains("逾期")));
    tp().args([
        "--db",
        dbs,
        "--lang",
        "en",
        "followups",
        "--as-of",
        as_of,
        "--overdue",
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains("Deadline").and(predicate::str::contains("d overdue")));

    // dates for the oldest undated row: a deadline before the judgment took effect is refused
    let undated = rows.iter().find(|r| group(r) == 2).unwrap().clone();
    let hearing = date(&undated["hearing_date"]).unwrap();
    let (effective, deadline) = (
        hearing + chrono::Duration::days(20),
        hearing + chrono::Duration::days(25),
    );
    let case = undated["case_number"]
        .as_str()
        .unwrap()
        .replace('（', "(")
        .replace('）', ")");
    let set = |args: &[&str]| {
        let mut c = tp();
        c.args(["--db", dbs, "followups", "set", &case])
            .args(["--agency", undated["agency"].as_str().unwrap()])
            .args(["--hearing", undated["hearing_date"].as_str().unwrap()])
            .args(args);
        c.assert()
    };
    set(&[
        "--effective",
        &effective.to_string(),
        "--deadline",
        &(effective - chrono::Duration::days(1)).to_string(),
    ])
    .failure()
    .stderr(predicate::str::contains("早于判决生效日期"));
    set(&["--effective", "明天"])
        .failure()
        .stderr(predicate::str::contains("明天"));
    set(&[])
        .failure()
        .stderr(predicate::str::contains("--deadline"));
    assert_eq!(json(&[]), rows);
    set(&["--effective", &effective.to_string()])
        .success()
        .stdout(
            predicate::str::contains(effective.to_string()).and(predicate::str::contains("未录入")),
        );
    // the deadline alone keeps the effective date entered before
    set(&["--deadline", &deadline.to_string()])
        .success()
        .stdout(
            predicate::str::contains(effective.to_string())
                .and(predicate::str::contains(deadline.to_string())),
        );
    let now = json(&["--overdue"]);
    let row = now
        .iter()
        .find(|r| r["evaluation_id"] == undated["evaluation_id"])
        .expect("overdue now");
    assert_eq!(row["judgment_effective"], effective.to_string());
    assert_eq!(row["overdue_days"], (today - deadline).num_days());

    // recording the outcome takes it off the worklist
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
    .args(["--agency", undated["agency"].as_str().unwrap()])
    .args(["--hearing", undated["hearing_date"].as_str().unwrap()])
    .assert()
    .success();
    assert!(
        json(&[])
            .iter()
            .all(|r| r["evaluation_id"] != undated["evaluation_id"])
    );
}

/// A backup of another court (its batches', else most of its hearings' court code) does not
/// replace this court's database: refused naming both codes, nothing changed, no copy left.
#[test]
fn restore_refuses_a_backup_of_another_court_naming_both() {
    let (dir, db, backup) = demo_and_backup("30", "backup-0104.db");
    let dbs = db.to_str().unwrap();
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(
        other.join("default.toml"),
        "[court]\nname = \"合肥市瑶海区人民法院\"\ncode = \"皖0102\"\n",
    )
    .unwrap();
    let other_db = other.join("tp.db");
    let before = std::fs::read(&db).unwrap();
    let names = common::file_names;
    let listed = names(dir.path());
    // the other court's configuration, over its own database or this one
    for target in [&other_db, &db] {
        tp().args(["--config", other.to_str().unwrap(), "--db"])
            .arg(target)
            .args(["restore", backup.to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("皖0104")
                    .and(predicate::str::contains("皖0102"))
                    .and(predicate::str::contains(backup.to_str().unwrap()))
                    .and(predicate::str::contains("未作任何改动")),
            );
    }
    assert!(!other_db.exists());
    assert_eq!(names(&other), vec!["default.toml"]);
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert_eq!(names(dir.path()), listed);
    // this court's own backup restores
    tp().args(["--db", dbs, "restore", backup.to_str().unwrap()])
        .assert()
        .success();
}

/// A draft (`--draft`) is read before it is issued: no 发文字号 used, nothing claimed or logged,
/// marked 草稿 with its number blank, in a folder of its own that no import takes for a batch.
#[test]
fn a_draft_uses_no_number_and_claims_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    tp().args(["--db", dbs, "demo", "--hearings", "120"])
        .assert()
        .success();
    let head = || {
        let out = tp().args(["--db", dbs, "verify"]).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let before = head();
    let out = dir.path().join("out");
    for _ in 0..2 {
        tp().args([
            "--db", dbs, "export", "--period", "2026-Q3", "--draft", "--format", "docx",
        ])
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("草稿已写入"));
    }
    // a month's draft claims nothing either
    tp().args([
        "--db",
        dbs,
        "export",
        "--period",
        "2026-10",
        "--draft",
        "--format",
        "docx,xlsx",
    ])
    .arg("--out")
    .arg(&out)
    .assert()
    .success();
    assert_eq!(head(), before, "a draft changes nothing");
    let batches = tp().args(["--db", dbs, "batches"]).output().unwrap();
    assert!(String::from_utf8_lossy(&batches.stdout).trim().is_empty());
    let drafts = common::file_names(&out);
    assert_eq!(drafts.len(), 3, "{drafts:?}");
    for d in &drafts {
        assert!(d.contains("-draft-"), "{d}");
        let names = common::file_names(&out.join(d));
        assert!(!names.contains(&"manifest.json".to_string()), "{names:?}");
    }
    let q3 = drafts.iter().find(|d| d.contains("2026-Q3")).unwrap();
    let text = common::docs::docx_text(&out.join(q3).join("tongbao-2026-Q3-notice.docx"));
    assert!(
        text.contains("（草稿）") && text.contains("〔2026〕\u{3000}\u{3000}号"),
        "{text}"
    );
    // a draft folder is no batch
    tp().args(["--db", dbs, "import"])
        .arg(out.join(q3))
        .assert()
        .code(2);
    // the report issued after two drafts takes the first number of the year
    let issued = dir.path().join("issued");
    tp().args([
        "--db", dbs, "export", "--period", "2026-Q3", "--format", "docx",
    ])
    .arg("--out")
    .arg(&issued)
    .assert()
    .success();
    let folder = issued.join(&common::file_names(&issued)[0]);
    let text = common::docs::docx_text(&folder.join("tongbao-2026-Q3-notice.docx"));
    assert!(
        text.contains("〔2026〕1号") && !text.contains("草稿"),
        "{text}"
    );
}

#[test]
fn sheet_prints_an_appearance_and_a_month_and_says_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let db = db.to_str().unwrap();
    tp().args(["--db", db, "demo", "--hearings", "60", "--seed", "5"])
        .assert()
        .success();
    let out = tp().args(["--db", db, "list", "--json"]).output().unwrap();
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let case = first["case_number"].as_str().unwrap().to_string();
    let agency = first["agency"].as_str().unwrap().to_string();
    let month = &first["hearing_date"].as_str().unwrap()[..7];
    let folder = dir.path().join("sheets");
    // the case typed with half-width parentheses, its agency named
    let typed = case.replace('（', "(").replace('）', ")");
    tp().args(["--db", db, "sheet", &typed, "--agency", &agency, "--out"])
        .arg(&folder)
        .assert()
        .success()
        .stdout(predicate::str::contains("已写入评议表").and(predicate::str::contains("（1份）")));
    let one = std::fs::read_dir(&folder)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = common::docs::docx_text(&one);
    assert!(text.contains("行政机关负责人出庭应诉评议表"), "{text}");
    assert!(text.contains(&case) && text.contains(&agency), "{text}");
    // a month, one document
    tp().args(["--db", db, "sheet", "--period", month, "--out"])
        .arg(&folder)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("pingyibiao-{month}.docx")));
    // a month of one agency: its sheets only, in a document of its own
    let month_all = common::docs::docx_text(&folder.join(format!("pingyibiao-{month}.docx")))
        .matches("行政机关负责人出庭应诉评议表")
        .count();
    tp().args([
        "--db", db, "sheet", "--period", month, "--agency", &agency, "--out",
    ])
    .arg(&folder)
    .assert()
    .success();
    let month_one =
        common::docs::docx_text(&folder.join(format!("pingyibiao-{month}-{agency}.docx")));
    let n = month_one.matches("行政机关负责人出庭应诉评议表").count();
    assert!(n >= 1 && n < month_all, "{n} of {month_all}");
    // what is wrong, in words, and nothing written
    tp().args(["--db", db, "sheet", "--period", "2026-Q4", "--out"])
        .arg(&folder)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--period 应为月份"));
    tp().args([
        "--db",
        db,
        "--lang",
        "en",
        "sheet",
        "(2026)皖0104行初99999号",
        "--out",
    ])
    .arg(&folder)
    .assert()
    .code(2);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 3);
}

/// A second store of the same file in this process (a job's, a report's thread) never drops the
/// first one's locks: another program opening and closing the database then still sees it in use
/// and leaves its write-ahead log alone (it would otherwise checkpoint and delete the log this
/// process is still using — the corruption "database disk image is malformed" that followed).
#[test]
fn a_second_store_in_the_process_keeps_the_first_ones_locks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let mut first = tingping_store::Store::open(&db).unwrap();
    first.set_app_value("held", "1").unwrap();
    let wal = dir.path().join("tp.db-wal");
    assert!(wal.exists());
    for _ in 0..3 {
        drop(tingping_store::Store::open(&db).unwrap());
    }
    // another program comes and goes
    tp().args(["--db", db.to_str().unwrap(), "verify"])
        .assert()
        .success();
    assert!(
        wal.exists(),
        "the log of an open database was deleted by another program"
    );
    first.set_app_value("held", "2").unwrap();
    assert_eq!(first.app_value("held").unwrap().as_deref(), Some("2"));
}

/// A judge drafts a judicial suggestion for an absence (an art 12 situation), sends it, records
/// the reply and finds both counted in the month's notice; what cannot be done is said and
/// changes nothing.
#[test]
fn a_judicial_suggestion_is_drafted_sent_replied_printed_and_counted_in_the_notice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let db = db.to_str().unwrap();
    tp().args(["--db", db, "demo", "--hearings", "60", "--seed", "5"])
        .assert()
        .success();
    let out = tp().args(["--db", db, "list", "--json"]).output().unwrap();
    let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let flagged = |r: &&serde_json::Value| {
        r["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f.as_str().unwrap().starts_with("art12"))
    };
    // the latest absence with an art 12 situation, and a head who appeared without any flag
    let absent = rows
        .iter()
        .filter(flagged)
        .filter(|r| r["status"] == "absent")
        .max_by_key(|r| r["hearing_date"].as_str().unwrap().to_string())
        .unwrap();
    let clean = rows
        .iter()
        .find(|r| r["flags"].as_array().unwrap().is_empty() && r["head"] == true)
        .unwrap();
    let (case, agency, date) = (
        absent["case_number"].as_str().unwrap(),
        absent["agency"].as_str().unwrap(),
        absent["hearing_date"].as_str().unwrap(),
    );
    let month = &date[..7];
    tp().args([
        "--db",
        db,
        "suggest",
        case,
        "--agency",
        agency,
        "--by",
        "王审判",
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains("已起草司法建议 1"));
    // once per appearance; never for an appearance without a situation
    tp().args([
        "--db",
        db,
        "suggest",
        case,
        "--agency",
        agency,
        "--by",
        "王审判",
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("已在司法建议 1 中"));
    tp().args([
        "--db",
        db,
        "suggest",
        clean["case_number"].as_str().unwrap(),
        "--agency",
        clean["agency"].as_str().unwrap(),
        "--by",
        "王审判",
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains(
        "没有《规定》第十二条第一款所列情形",
    ));
    tp().args([
        "--db",
        db,
        "suggest",
        case,
        "--to",
        "court",
        "--by",
        "王审判",
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("不是主送类别"));
    // sent on the hearing's day: numbered, the reply due 60 days later
    tp().args([
        "--db",
        db,
        "suggestions",
        "send",
        "1",
        "--by",
        "王审判",
        "--on",
        date,
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains(format!(
        "蜀法建〔{}〕1号",
        &date[..4]
    )));
    tp().args(["--db", db, "suggestions", "send", "1", "--by", "王审判"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("已发出"));
    let json = |args: &[&str]| -> Vec<serde_json::Value> {
        let out = tp()
            .args(["--db", db, "suggestions", "--json"])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let listed = json(&[]);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["status"], "sent");
    let due = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap() + chrono::Days::new(60);
    assert_eq!(listed[0]["deadline"], due.to_string());
    let late = (due + chrono::Days::new(3)).to_string();
    let overdue = json(&["--overdue", "--as-of", &late]);
    assert_eq!(overdue[0]["overdue_days"], 3);
    // the reply: not without a summary, then recorded
    tp().args([
        "--db",
        db,
        "suggestions",
        "reply",
        "1",
        "--on",
        date,
        "--summary",
        " ",
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("回复内容摘要"));
    tp().args([
        "--db",
        db,
        "suggestions",
        "reply",
        "1",
        "--on",
        date,
        "--summary",
        "已约谈该机关负责人并整改",
    ])
    .assert()
    .success();
    assert!(json(&["--overdue", "--as-of", &late]).is_empty());
    // printed, and counted in the month's notice
    let folder = dir.path().join("jianyi");
    tp().args(["--db", db, "suggestions", "print", "1", "--out"])
        .arg(&folder)
        .assert()
        .success();
    let text = common::docs::docx_text(&folder.join("sifajianyi-1.docx"));
    assert!(
        text.contains("司法建议书") && text.contains(case) && text.contains(agency),
        "{text}"
    );
    let exports = dir.path().join("exports");
    tp().args([
        "--db", db, "export", "--period", month, "--format", "docx", "--out",
    ])
    .arg(&exports)
    .assert()
    .success();
    let notice = std::fs::read_dir(&exports)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
        .join(format!("tongbao-{month}-notice.docx"));
    let notice = common::docs::docx_text(&notice);
    assert!(
        notice.contains("发出司法建议1份，收到被建议单位回复1份"),
        "{notice}"
    );
    tp().args(["--db", db, "verify"]).assert().success();
}
