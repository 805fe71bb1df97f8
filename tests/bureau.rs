//! A justice bureau from an empty database: it imports two courts' month batches, draws a
//! reproducible sample, reviews three drawn appearances, imports a satisfaction file with one
//! wrong row, and makes the scorecard — each figure worked out again here, by hand, from the
//! batch files, the scores entered and the responses.

#[allow(unused_imports)]
use tingping::i18n::prelude::*;
mod common;
use assert_cmd::Command;
use predicates::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn tp() -> Command {
    let mut c = Command::cargo_bin("tingping").unwrap();
    c.env_remove("TINGPING_DB");
    c
}

fn out(c: &mut Command) -> String {
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The month before this one (its batch can be made: it has ended).
fn last_month() -> String {
    use chrono::Datelike;
    let today = chrono::Local::now().date_naive();
    let first = today.with_day(1).unwrap() - chrono::Days::new(1);
    format!("{}-{:02}", first.year(), first.month())
}

/// A court with demo data: its month batch (json only) exported into `out`, its public key
/// written to `key`; returns the batch folder.
fn court(dir: &Path, name: &str, code: &str, seed: &str, month: &str) -> std::path::PathBuf {
    let cfg = dir.join(format!("cfg-{seed}"));
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(
        cfg.join("default.toml"),
        format!("[court]\nname = \"{name}\"\ncode = \"{code}\"\n"),
    )
    .unwrap();
    let db = dir.join(format!("court-{seed}.db"));
    let base = |c: &mut Command| {
        c.arg("--db").arg(&db).arg("--config").arg(&cfg);
    };
    let mut c = tp();
    base(&mut c);
    out(c.args(["demo", "--hearings", "80", "--seed", seed]));
    let exports = dir.join(format!("exports-{seed}"));
    let mut c = tp();
    base(&mut c);
    out(c
        .args(["export", "--period", month, "--format", "json", "--out"])
        .arg(&exports));
    let mut c = tp();
    base(&mut c);
    let key = out(c.args(["keys", "export"]));
    std::fs::write(dir.join(format!("key-{seed}.json")), key).unwrap();
    std::fs::read_dir(&exports)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
}

/// The two courts of these tests (their keys are trusted by seed, 5 and 9): their month batches.
fn two_courts(dir: &Path, month: &str) -> [std::path::PathBuf; 2] {
    [
        court(dir, "合肥市蜀山区人民法院", "皖0104", "5", month),
        court(dir, "合肥市包河区人民法院", "皖0111", "9", month),
    ]
}

/// A bureau's database, its keyring trusting both courts, both batches imported.
fn bureau(dir: &Path, name: &str, batches: &[std::path::PathBuf]) -> impl Fn() -> Command + use<> {
    let cfg = dir.join("bureau-cfg");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(
        cfg.join("default.toml"),
        "[org]\nkind = \"bureau\"\nname = \"合肥市司法局\"\n",
    )
    .unwrap();
    let db = dir.join(name);
    let run = move || {
        let mut c = tp();
        c.arg("--db").arg(&db).arg("--config").arg(&cfg);
        c
    };
    for seed in ["5", "9"] {
        out(run()
            .args(["keys", "trust"])
            .arg(dir.join(format!("key-{seed}.json"))));
    }
    for b in batches {
        out(run().arg("import").arg(b));
    }
    run
}

#[derive(Default, Debug)]
struct Hand {
    notified: f64,
    heads_notified: f64,
    principal: f64,
    heads_evaluated: f64,
    spoke: f64,
    cases: BTreeSet<String>,
    art12: u64,
    reviews: Vec<i64>,
    ratings: Vec<f64>,
}

#[test]
fn a_bureau_imports_draws_reviews_surveys_and_scores_each_figure_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let month = last_month();
    let [b1, b2] = two_courts(d, &month);
    let run = bureau(d, "bureau.db", &[b1.clone(), b2.clone()]);

    // a court's command is refused on a bureau's database, and a bureau's on a court's
    run()
        .args(["demo"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("demo 是法院的命令"));
    tp().arg("--db")
        .arg(d.join("court-5.db"))
        .args(["sample", "--period", &month, "--size", "3", "--seed", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("司法行政机关的命令"));

    // the draw: stratified, reproducible, logged; a second only with a reason
    let drawn = json_lines(&out(run().args([
        "sample", "--period", &month, "--size", "6", "--seed", "2026", "--json",
    ])));
    assert_eq!(drawn.len(), 6);
    let agencies: BTreeSet<&str> = drawn
        .iter()
        .map(|r| r["agency"].as_str().unwrap())
        .collect();
    assert_eq!(
        agencies.len(),
        6,
        "one per agency before a second: {drawn:?}"
    );
    run()
        .args(["sample", "--period", &month, "--size", "6", "--seed", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--reason"));
    let again = bureau(d, "bureau2.db", &[b1.clone(), b2.clone()]);
    let redrawn = json_lines(&out(again().args([
        "sample", "--period", &month, "--size", "6", "--seed", "2026", "--json",
    ])));
    let key = |v: &[serde_json::Value]| -> Vec<(String, String)> {
        v.iter()
            .map(|r| (r["court_code"].to_string(), r["uid"].to_string()))
            .collect()
    };
    assert_eq!(key(&drawn), key(&redrawn), "the same seed, the same draw");
    let logged: String = rusqlite::Connection::open(d.join("bureau.db"))
        .unwrap()
        .query_row(
            "SELECT new FROM audit_log WHERE entity = 'sample'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(logged.contains("seed=2026") && logged.contains(drawn[0]["uid"].as_str().unwrap()));

    // three reviews, finalized (the third amended with a reason)
    let scores = [[18, 25, 20, 20], [20, 30, 30, 20], [10, 15, 10, 20]];
    for (n, s) in scores.iter().enumerate() {
        let n = (n + 1).to_string();
        let mut c = run();
        c.args([
            "review",
            "--period",
            &month,
            "set",
            &n,
            "--by",
            "司法局李明",
        ]);
        for (dim, v) in ["manner", "statement", "resolution", "discipline"]
            .iter()
            .zip(s)
        {
            c.arg("--score").arg(format!("{dim}={v}"));
        }
        out(&mut c);
        out(run().args([
            "review",
            "--period",
            &month,
            "finalize",
            &n,
            "--by",
            "司法局李明",
        ]));
    }
    run()
        .args([
            "review",
            "--period",
            &month,
            "set",
            "3",
            "--score",
            "manner=25",
            "--by",
            "李明",
            "--reason",
            "复核",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("0 至 20"));

    // the satisfaction file: four responses about drawn appearances, one wrong rating, one case
    // the bureau never imported
    let case = |i: usize| drawn[i]["case_number"].as_str().unwrap().to_string();
    let agency = |i: usize| drawn[i]["agency"].as_str().unwrap().to_string();
    let csv = format!(
        "案号,被告机关,评价,意见\n{},{},满意,\n{},{},满意,\n{},{},基本满意,\n{},{},不满意,\n{},{},一般,\n（2026）皖0104行初99999号,{},满意,\n",
        case(0),
        agency(0),
        case(0),
        agency(0),
        case(1),
        agency(1),
        case(3),
        agency(3),
        case(2),
        agency(2),
        agency(4)
    );
    std::fs::write(d.join("survey.csv"), csv).unwrap();
    run()
        .args(["satisfaction", "import"])
        .arg(d.join("survey.csv"))
        .assert()
        .code(2)
        .stdout(predicate::str::contains("第6行 第3列（评价）"));
    let said = out(run()
        .args(["satisfaction", "import", "--skip-invalid"])
        .arg(d.join("survey.csv")));
    assert!(
        said.contains("第7行") && said.contains("计入 4 条"),
        "{said}"
    );
    let said = out(run()
        .args(["satisfaction", "import", "--skip-invalid"])
        .arg(d.join("survey.csv")));
    assert!(said.contains("此前已导入 4 条"), "{said}");
    // the same file under another name is the same file
    std::fs::copy(d.join("survey.csv"), d.join("满意度(1).csv")).unwrap();
    let said = out(run()
        .args(["satisfaction", "import", "--skip-invalid"])
        .arg(d.join("满意度(1).csv")));
    assert!(
        said.contains("计入 0 条") && said.contains("此前已导入 4 条"),
        "{said}"
    );
    run()
        .args([
            "sample", "--period", &month, "--size", "0", "--seed", "1", "--reason", "x",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("至少为 1"));

    // the scorecard
    let card: serde_json::Value = serde_json::from_str(&out(run().args([
        "scorecard",
        "--period",
        &month,
        "--json",
    ])))
    .unwrap();

    // by hand: the records of the month (not reported late) from both batch files
    let mut hand: BTreeMap<String, Hand> = BTreeMap::new();
    let mut settled: BTreeSet<String> = BTreeSet::new();
    for b in [&b1, &b2] {
        let file = std::fs::read_dir(b)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "json") && !p.ends_with("manifest.json"))
            .unwrap();
        let batch: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        for r in batch["records"].as_array().unwrap() {
            if r["late"] == true
                || r["followup"] == true
                || !r["hearing_date"].as_str().unwrap().starts_with(&month)
            {
                continue;
            }
            let h = hand
                .entry(r["agency"].as_str().unwrap().to_string())
                .or_default();
            let head = r["head"] == true;
            if r["notified"] == true {
                h.notified += 1.0;
                h.heads_notified += f64::from(u8::from(head));
                h.principal += f64::from(u8::from(r["category"] == "principal"));
            }
            h.cases
                .insert(r["case_number"].as_str().unwrap().to_string());
            if r["flags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f.as_str().unwrap().starts_with("art12"))
            {
                h.art12 += 1;
            }
            if let Some(e) = r["evaluation"].as_object() {
                if head {
                    h.heads_evaluated += 1.0;
                    h.spoke += f64::from(u8::from(e["spoke"] == true));
                }
                if e["settled"] == true {
                    settled.insert(r["case_number"].as_str().unwrap().to_string());
                }
            }
        }
    }
    for (i, s) in scores.iter().enumerate() {
        hand.get_mut(&agency(i))
            .unwrap()
            .reviews
            .push(s.iter().sum());
    }
    // 满意 counts 1, 基本满意 ½, 不满意 0 (the row about the third drawn was the wrong one)
    for (i, v) in [(0, 1.0), (0, 1.0), (1, 0.5), (3, 0.0)] {
        hand.get_mut(&agency(i)).unwrap().ratings.push(v);
    }
    let lines = card["lines"].as_array().unwrap();
    assert_eq!(lines.len(), hand.len());
    let weights = [30.0, 10.0, 20.0, 20.0, 10.0, 10.0];
    for l in lines {
        let a = l["agency"].as_str().unwrap();
        let h = &hand[a];
        let part = |name: &str| {
            (
                l[name]["num"].as_f64().unwrap(),
                l[name]["den"].as_f64().unwrap(),
            )
        };
        assert_eq!(part("appearance"), (h.heads_notified, h.notified), "{a}");
        assert_eq!(part("principal"), (h.principal, h.notified), "{a}");
        assert_eq!(part("spoke"), (h.spoke, h.heads_evaluated), "{a}");
        let cases = h.cases.len() as f64;
        let done = h.cases.iter().filter(|c| settled.contains(*c)).count() as f64;
        assert_eq!(part("resolution"), (done, cases), "{a}");
        assert_eq!(l["art12"], h.art12, "{a}");
        let spot: f64 = h.reviews.iter().sum::<i64>() as f64;
        assert_eq!(
            part("spot_check"),
            (spot, 100.0 * h.reviews.len() as f64),
            "{a}"
        );
        let sat: f64 = h.ratings.iter().sum();
        assert_eq!(part("satisfaction"), (sat, h.ratings.len() as f64), "{a}");
        // the composite: the weighted values with data, rescaled to 100, less 2 per situation
        let values = [
            (h.heads_notified, h.notified),
            (h.principal, h.notified),
            (h.spoke, h.heads_evaluated),
            (done, cases),
            (spot, 100.0 * h.reviews.len() as f64),
            (sat, h.ratings.len() as f64),
        ];
        let (mut sum, mut used) = (0.0, 0.0);
        for ((n, d), w) in values.iter().zip(weights) {
            if *d > 0.0 {
                sum += n / d * w;
                used += w;
            }
        }
        let expected = (used > 0.0)
            .then(|| ((sum * 100.0 / used - 2.0 * h.art12 as f64).max(0.0) * 10.0).round() / 10.0);
        assert_eq!(l["composite"].as_f64(), expected, "{a}");
        // traceable: the appearances counted, the reviews and the responses, by id
        assert_eq!(
            l["records"].as_array().unwrap().len() as u64,
            l["appearances"].as_u64().unwrap(),
            "{a}"
        );
        assert_eq!(
            l["review_ids"].as_array().unwrap().len(),
            h.reviews.len(),
            "{a}"
        );
        assert_eq!(
            l["response_ids"].as_array().unwrap().len(),
            h.ratings.len(),
            "{a}"
        );
    }
    // ranked by the composite
    let ranked: Vec<f64> = lines
        .iter()
        .map(|l| l["composite"].as_f64().unwrap_or(-1.0))
        .collect();
    assert!(ranked.windows(2).all(|w| w[0] >= w[1]), "{ranked:?}");

    // the workbook and the notice, numbered in the bureau's own sequence
    let folder = d.join("kaohe");
    out(run()
        .args(["scorecard", "--period", &month, "--out"])
        .arg(&folder));
    let notice = common::docs::docx_text(&folder.join(format!("tongbao-kaohe-{month}.docx")));
    assert!(
        notice.contains("合肥市司法局")
            && notice.contains("合司通〔")
            && notice.contains("综合得分计算方法"),
        "{notice}"
    );
    let top = lines[0]["agency"].as_str().unwrap();
    assert!(notice.contains(&format!("1. {top}：综合得分")), "{notice}");
    {
        // the workbook as a spreadsheet program reads it: the table in rank order, the formula
        use calamine::{Data, Reader, Xlsx, open_workbook};
        let mut wb: Xlsx<_> = open_workbook(folder.join(format!("kaohe-{month}.xlsx"))).unwrap();
        let sheet = wb.worksheet_range("考核").unwrap();
        let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(3, 1), Data::String(top.to_string()));
        assert_eq!(
            cell(3, 11),
            Data::String(format!("{:.1}", lines[0]["composite"].as_f64().unwrap()))
        );
        let below = 4 + lines.len() as u32;
        assert!(
            matches!(cell(below, 0), Data::String(s) if s.starts_with("综合得分 =")),
            "{:?}",
            cell(below, 0)
        );
    }
    out(run().arg("verify"));
}

/// The bureau's terminal: three drawn appearances scored and finalized with keys, a wrong score
/// kept in its form, the marked difference from the court's evaluation on screen.
#[test]
fn a_bureau_scores_three_drawn_appearances_in_the_terminal() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use tingping::tui::app::{App, Cmd, Screen};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let month = last_month();
    let run = bureau(d, "bureau.db", &two_courts(d, &month));
    out(run().args(["sample", "--period", &month, "--size", "5", "--seed", "11"]));
    for (lang, w, h) in [
        (tingping::i18n::Lang::Zh, 80, 24),
        (tingping::i18n::Lang::En, 80, 24),
        (tingping::i18n::Lang::Zh, 160, 48),
    ] {
        let db = d.join(format!("bureau-{}-{w}.db", lang.code()));
        std::fs::copy(d.join("bureau.db"), &db).unwrap();
        let loaded = tingping::config::load(Some(&d.join("bureau-cfg")), Some(lang)).unwrap();
        let keymap = tingping::tui::keymap::Keymap::for_loaded(&loaded).unwrap();
        let mut app = App::new(
            tingping::Court::open(&db).unwrap(),
            loaded.rubric,
            keymap,
            loaded.config,
        )
        .unwrap();
        app.bureau_rubric = loaded.bureau_rubric;
        app.resized((w, h));
        app.run(Cmd::OpenSpotcheck(None));
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
        let key = |app: &mut App, k: KeyCode| {
            app.on_key(KeyEvent::new(k, KeyModifiers::NONE));
        };
        let text = |app: &mut App, s: &str| {
            for c in s.chars() {
                app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            }
        };
        let scores = ["18", "25", "20", "20"];
        for n in 0..3 {
            key(&mut app, KeyCode::Enter);
            for (i, s) in scores.iter().enumerate() {
                // the first appearance's last score first typed wrong: the form stays open
                let s = if n == 0 && i == 3 { "99" } else { s };
                text(&mut app, s);
                key(&mut app, KeyCode::Tab);
            }
            text(&mut app, "发言清楚");
            key(&mut app, KeyCode::Tab);
            text(&mut app, "司法局李明");
            app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
            if n == 0 {
                let Screen::Spotcheck(s) = &app.screen else {
                    panic!()
                };
                assert!(s.editing.is_some(), "a wrong score keeps the form");
                app.on_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
                text(&mut app, "20");
                app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
            }
            key(&mut app, KeyCode::Char('F'));
            text(&mut app, "司法局李明");
            key(&mut app, KeyCode::Enter);
            key(&mut app, KeyCode::Down);
        }
        let Screen::Spotcheck(s) = &app.screen else {
            panic!()
        };
        let done: Vec<i64> = s
            .rows
            .iter()
            .filter_map(|r| r.review.as_ref().filter(|v| v.finalized).map(|v| v.total()))
            .collect();
        assert_eq!(done, [83, 83, 83], "{:?}", app.status);
        term.draw(|f| app.render(f)).unwrap();
        // (the demo data follow today's date: the screen is checked by what it must say, not
        // by a snapshot)
        common::screen::check_wide(term.backend().buffer());
        let shown = common::screen::text_of(term.backend().buffer());
        let (head, final_) = match lang {
            tingping::i18n::Lang::Zh => ("抽查 5 件，已定稿 3 件", "定稿 83"),
            tingping::i18n::Lang::En => ("5 drawn, 3 finalized", "final, 83"),
        };
        assert!(shown.contains(head), "{shown}");
        assert_eq!(shown.matches(final_).count(), 3, "{shown}");
        assert!(shown.contains("合肥市司法局"), "{shown}");
    }
}

/// The real binary in a terminal (tmux): a bureau scores a drawn appearance, finalizes it and is
/// killed; the review is in its database, and the audit log holds.
#[test]
fn a_bureau_review_in_the_real_terminal_survives_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let month = last_month();
    let run = bureau(d, "bureau.db", &two_courts(d, &month));
    out(run().args(["sample", "--period", &month, "--size", "3", "--seed", "5"]));
    let db = d.join("bureau.db");
    let cfg = d.join("bureau-cfg");
    let Some(t) = common::Tmux::start_or_skip(
        &common::bin(),
        &[
            "--db",
            db.to_str().unwrap(),
            "--config",
            cfg.to_str().unwrap(),
        ],
        80,
        24,
    ) else {
        return;
    };
    t.wait_for("合肥市司法局 · 视频抽查");
    t.wait_for("抽查 3 件，已定稿 0 件");
    t.send(&["Enter"]);
    t.wait_for("视频评查：");
    for s in ["20", "30", "25", "20"] {
        t.type_text(s);
        t.send(&["Tab"]);
    }
    t.type_text("陈述清楚，提出化解方案");
    t.send(&["Tab"]);
    t.type_text("司法局李明");
    t.send(&["C-s"]);
    t.wait_for("已保存评查（95 分）");
    t.send(&["F"]);
    t.wait_for("定稿：请评查人输入姓名");
    t.type_text("司法局李明");
    t.send(&["Enter"]);
    t.wait_for("评查已定稿（95 分）");
    t.kill_app();
    let rows = json_lines(&out(run().args(["review", "--period", &month, "--json"])));
    let review = &rows[0]["review"];
    assert_eq!(review["finalized"], true, "{rows:?}");
    assert_eq!(review["total"], 95);
    assert_eq!(review["note"], "陈述清楚，提出化解方案");
    out(run().arg("verify"));
}
