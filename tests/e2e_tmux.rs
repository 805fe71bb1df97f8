//! The real binary in a real terminal (tmux): create a hearing, score it, get killed, reopen.

#[allow(unused_imports)]
use tingping::i18n::prelude::*;
mod common;
use common::{Tmux, bin};
use std::path::Path;
use std::process::Command;

fn list_json(db: &Path) -> Vec<serde_json::Value> {
    let out = Command::new(bin())
        .args(["--db", db.to_str().unwrap(), "list", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// On an empty database: declines the demo data, records a hearing （2026）皖0104行初{n}号 with
/// one agency, and who appeared for it (张建国, 副局长); ends on the hearing screen.
fn new_hearing(t: &Tmux, n: &str) {
    t.wait_for("数据库是空的");
    t.send(&["n"]); // no demo data
    t.wait_for("还没有庭审记录");
    t.send(&["n"]);
    t.wait_for("新建庭审");
    t.send(&["C-u"]);
    t.type_text(&format!("(2026) 皖0104 行初 {n} 号"));
    t.send(&["Tab"]);
    t.type_text("不服行政处罚决定");
    t.send(&["Tab", "Tab", "Tab"]);
    t.type_text("王审判");
    t.send(&["Tab"]);
    t.type_text("李书记");
    t.send(&["Tab", "C-u"]);
    t.type_text("2026-11-20");
    t.send(&["Tab", "C-u"]);
    t.type_text("9:30");
    for _ in 0..4 {
        t.send(&["Tab"]);
    }
    t.type_text("合肥市生态环境局");
    t.send(&["Enter"]);
    t.send(&["C-s"]);
    t.wait_for(&format!("（2026）皖0104行初{n}号  一审"));
    // who appeared
    t.send(&["Enter"]);
    t.wait_for("出庭人类别");
    t.send(&["Tab", "Right", "Tab"]);
    t.type_text("张建国");
    t.send(&["Tab"]);
    t.type_text("副局长");
    t.send(&["C-s"]);
    t.wait_for("张建国 副局长");
}

#[test]
fn create_score_kill_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    let Some(t) = Tmux::start_or_skip(&bin(), &["--db", dbs], 80, 24) else {
        return;
    };
    new_hearing(&t, "321");
    // score: late (-3), then two answers off the point (-10)
    t.send(&["s"]);
    t.wait_for("遵守法庭纪律  20/20");
    t.send(&["Space"]);
    t.wait_for("遵守法庭纪律  17/20");
    for _ in 0..11 {
        t.send(&["Down"]);
    }
    t.send(&["+", "+"]);
    t.wait_for("庭审发言  25/35");
    // killed mid-work: what was on screen is in the database
    t.kill_app();
    let rows = list_json(&db);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["dimensions"]["discipline"]["score"], 17);
    assert_eq!(rows[0]["dimensions"]["speech"]["score"], 25);
    assert_eq!(rows[0]["person"], "张建国");
    assert_eq!(rows[0]["category"], "deputy");
    assert_eq!(rows[0]["status"], "draft");
    drop(t);

    // reopen: the list shows the draft with its total; scoring shows the marks
    let t = Tmux::start(&bin(), &["--db", dbs], 80, 24);
    // (waiting for the total: a frame may be caught half drawn)
    let s = t.wait_for("49.4");
    assert!(
        s.contains("（2026）皖0104行初321号") && s.contains("草稿"),
        "{s}"
    );
    t.send(&["s"]);
    t.wait_for("遵守法庭纪律  17/20");
    // comment with Chinese text, then the judge finalizes
    t.send(&["c"]);
    t.wait_for("点评");
    t.type_text("发言照本宣科较多");
    t.send(&["Enter"]);
    t.wait_for("点评已保存");
    score_awards_then_finalize(&t);
    // the name is typed: nothing is filled in, and an empty one is refused
    t.send(&["Enter"]);
    t.wait_for("定稿须填写审判长姓名");
    t.type_text("王审判");
    t.send(&["Enter"]);
    t.wait_for("已定稿（王审判）");
    t.send(&["Space"]);
    t.wait_for("不能直接修改");
    // the judgment's deadline passes: the clerk records the outcome on the finalized evaluation
    t.send(&["o"]);
    t.wait_for("1. 按期履行");
    t.send(&["1"]);
    t.wait_for("记录人姓名");
    t.send(&["Enter"]);
    t.wait_for("已记录判决履行情况：按期履行；总分 57");
    // Esc returns where scoring was opened from: the list (`s` was pressed there)
    t.send(&["Escape"]);
    t.wait_for("庭审列表");
    // killed, not quit: everything was committed when it was made
    t.kill_app();
    let rows = list_json(&db);
    assert_eq!(rows[0]["status"], "final");
    assert_eq!(rows[0]["total"], 57.0);
    assert_eq!(rows[0]["dimensions"]["performance"]["status"], "applicable");
}

/// `F` leads to each award item not scored yet (庭前协调 …), a digit scores it (0 here), and
/// then asks for the judge's name.
fn score_awards_then_finalize(t: &Tmux) {
    for award in [
        "庭前协调",
        "庭上对协调、和解的态度",
        "案件和解或撤诉",
        "作出履行承诺",
    ] {
        t.send(&["F"]);
        t.wait_for(&format!("下一步：为“{award}”评分"));
        t.send(&["0"]);
    }
    t.send(&["F"]);
    t.wait_for("定稿：请审判长输入姓名确认");
}

#[test]
fn finalize_then_amend_with_a_reason_and_a_judge() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    // where the exports (and the evaluation sheets) go: inside the test's folder
    let out = dir.path().join("exports");
    tingping_store::Store::open(&db)
        .unwrap()
        .set_app_value("export_dir", out.to_str().unwrap())
        .unwrap();
    let Some(t) = Tmux::start_or_skip(&bin(), &["--db", dbs, "--operator", "李书记"], 80, 24)
    else {
        return;
    };
    new_hearing(&t, "322");
    t.send(&["s"]);
    t.wait_for("遵守法庭纪律  20/20");
    t.send(&["Space"]);
    t.wait_for("遵守法庭纪律  17/20");
    score_awards_then_finalize(&t);
    t.type_text("王审判");
    t.send(&["Enter"]);
    t.wait_for("已定稿（王审判）");
    // amendment mode: the late mark taken back, nothing written until saved
    t.send(&["A"]);
    t.wait_for("修订模式 — 原记录保留");
    // (from the last award scored, two dimensions back: 迟到, the first item)
    t.send(&["PageUp", "PageUp", "Space"]);
    t.wait_for("迟到：是 → 否");
    assert_eq!(list_json(&db)[0]["version"], 1);
    t.send(&["C-s"]);
    t.wait_for("保存修订");
    t.type_text("核对庭审录像，负责人准时到庭");
    t.send(&["Enter"]);
    t.type_text("王审判");
    t.send(&["Enter"]);
    let s = t.wait_for("已保存修订 1 项");
    assert!(
        s.contains("修订×1") && s.contains("遵守法庭纪律  20/20"),
        "{s}"
    );
    // the history on screen, then on the command line
    t.send(&["H"]);
    t.wait_for("审计记录 — （2026）皖0104行初322号");
    // (the entry names the agency: at 80 columns the change wraps after its arrow)
    t.wait_for("修订 评议（合肥市生态环境局）  迟到：是 →");
    t.send(&["Escape"]);
    t.wait_for("修订×1");
    // the evaluation sheet for the case file, amendment and all
    t.send(&["p"]);
    t.wait_for("已写入评议表 pingyibiao-");
    t.kill_app();
    let sheets: Vec<_> = std::fs::read_dir(out.join("pingyibiao"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(sheets.len(), 1, "{sheets:?}");
    let sheet = common::docs::docx_text(&sheets[0]);
    for want in [
        "（2026）皖0104行初322号",
        "迟到：是 → 否（理由：核对庭审录像，负责人准时到庭；王审判确认，",
        "王审判，",
    ] {
        assert!(sheet.contains(want), "{want} in {sheet}");
    }
    let rows = list_json(&db);
    assert_eq!(rows[0]["amended"], true);
    assert_eq!(rows[0]["version"], 2);
    assert_eq!(rows[0]["status"], "final");
    assert_eq!(rows[0]["dimensions"]["discipline"]["score"], 20);
    let out = Command::new(bin())
        .args(["--db", dbs, "history", "（2026）皖0104行初322号"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let history = String::from_utf8(out.stdout).unwrap();
    let amend = history
        .lines()
        .find(|l| l.contains("修订 评议"))
        .unwrap_or_else(|| panic!("{history}"));
    assert!(
        amend.contains("迟到：是 → 否")
            && amend.contains("理由：核对庭审录像，负责人准时到庭")
            && amend.contains("确认：王审判")
            && amend.contains("李书记"),
        "{amend}"
    );
}

#[test]
fn a_form_typed_but_not_saved_survives_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    let Some(t) = Tmux::start_or_skip(&bin(), &["--db", dbs], 80, 24) else {
        return;
    };
    t.wait_for("数据库是空的");
    t.send(&["n"]);
    t.wait_for("还没有庭审记录");
    t.send(&["n"]);
    t.wait_for("新建庭审");
    t.send(&["C-u"]);
    t.type_text("(2026)皖0104行初88号");
    t.send(&["Tab"]);
    t.type_text("房屋征收补偿决定");
    t.wait_for("房屋征收补偿决定");
    t.kill_app();
    let t = Tmux::start(&bin(), &["--db", dbs], 80, 24);
    let s = t.wait_for("已恢复上次未保存的表单内容");
    assert!(
        s.contains("(2026)皖0104行初88号") && s.contains("房屋征收补偿决定"),
        "{s}"
    );
    // finish it: the restored form (focus where it was, on 案由) saves like any other
    t.send(&["Tab", "Tab", "Tab"]);
    t.type_text("王审判");
    t.send(&["Tab"]);
    t.type_text("李书记");
    for _ in 0..6 {
        t.send(&["Tab"]);
    }
    t.type_text("合肥市自然资源和规划局");
    t.send(&["Enter", "C-s"]);
    t.wait_for("（2026）皖0104行初88号  一审");
    t.kill_app();
    let t = Tmux::start(&bin(), &["--db", dbs], 80, 24);
    let s = t.wait_for("庭审列表");
    assert!(!s.contains("已恢复"), "{s}");
    t.send(&["q"]);
}

#[test]
fn english_and_a_small_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let Some(t) = Tmux::start_or_skip(
        &bin(),
        &["--lang", "en", "--db", db.to_str().unwrap()],
        70,
        20,
    ) else {
        return;
    };
    t.wait_for("Terminal too small");
    t.resize(100, 30);
    t.wait_for("The database is empty");
    t.send(&["y"]);
    t.wait_for("Demo data loaded: 200 hearings");
    // the batch screen opens at once and its figures follow from their thread, without a key
    t.send(&["b"]);
    t.wait_for("Month-end batch");
    t.wait_for("Claims ");
    t.send(&["Escape", "q"]);
}

#[test]
fn a_schedule_imported_from_the_list_then_today_live() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let today = chrono::Local::now().date_naive();
    let tomorrow = today.succ_opt().unwrap();
    // a clerk's spreadsheet saved as GBK: today's hearing and tomorrow's
    let csv = [
        "案号,案由,开庭日期,开庭时间,审判长,书记员,被告,法庭".to_string(),
        format!(
            "（2026）皖0104行初1201号,不服行政处罚,{},9:30,王审判,李书记,合肥市公安局,第三法庭",
            today.format("%Y-%m-%d")
        ),
        format!(
            "（2026）皖0104行初1202号,房屋征收补偿,{},9:30,赵审判,周书记,蜀山区人民政府,第一法庭",
            tomorrow.format("%Y/%m/%d")
        ),
    ]
    .join("\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&csv);
    let file = dir.path().join("排期.csv");
    std::fs::write(&file, &gbk).unwrap();
    let Some(t) = Tmux::start_or_skip(&bin(), &["--db", db.to_str().unwrap()], 80, 24) else {
        return;
    };
    t.wait_for("数据库是空的");
    t.send(&["n"]); // no demo data
    t.wait_for("还没有庭审记录");
    // i: the path, then the dry run's summary; y imports
    t.send(&["i"]);
    t.wait_for("导入开庭排期：文件路径");
    t.type_text(file.to_str().unwrap());
    t.send(&["Enter"]);
    t.wait_for("试运行，尚未写入");
    t.wait_for("新增 2 件，更新 0 件，未变 0 件，未导入 0 行");
    assert!(list_json(&db).is_empty(), "the dry run wrote nothing");
    // the agencies it makes are named, and asked about once more before anything is written
    t.send(&["y"]);
    t.wait_for("导入将在机关名录中新增以上");
    assert!(list_json(&db).is_empty(), "asked, not imported");
    t.send(&["y"]);
    t.wait_for("已导入开庭排期：新增 2 件");
    assert_eq!(list_json(&db).len(), 2);
    // t: today's hearing selected (tomorrow's is above it); Enter opens it
    t.send(&["t"]);
    t.wait_for(&format!("今天（{}）的庭审：1 条", today.format("%Y-%m-%d")));
    t.send(&["Enter"]);
    t.wait_for("（2026）皖0104行初1201号  一审");
    // who appeared, then l: live mode for this case
    t.send(&["Enter"]);
    t.wait_for("出庭人类别");
    t.send(&["Tab", "Right", "Tab"]);
    t.type_text("张建国");
    t.send(&["Tab"]);
    t.type_text("副局长");
    t.send(&["C-s"]);
    t.wait_for("张建国 副局长");
    t.send(&["l"]);
    // (the hearing's footer names 现场评分 too: wait for the live screen's own stage line)
    let s = t.wait_for("阶段");
    let s = if s.contains("（2026）皖0104行初1201号") {
        s
    } else {
        t.wait_for("（2026）皖0104行初1201号")
    };
    assert!(
        s.contains("合肥市公安局") && s.contains("张建国") && s.contains("阶段"),
        "{s}"
    );
    t.send(&["Escape"]);
    t.wait_for("遵守法庭纪律");
    t.kill_app();
    let rows = list_json(&db);
    let live = rows
        .iter()
        .find(|r| r["case_number"] == "（2026）皖0104行初1201号")
        .unwrap();
    assert_eq!(live["person"], "张建国");
    assert_eq!(live["status"], "draft");
}

/// The clerk's reproductions of issue 11 on a demo database at 80×24: `l` on a row that cannot
/// be scored live leaves the list as it was; the help fits with the pop-ups' keys; a new
/// hearing's pop-up keeps its border over Chinese text; Esc returns where scoring was opened.
#[test]
fn the_clerks_day_reproductions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    let demo = Command::new(bin())
        .args(["--db", dbs, "demo", "--hearings", "40"])
        .output()
        .unwrap();
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let Some(t) = Tmux::start_or_skip(&bin(), &["--db", dbs], 80, 24) else {
        return;
    };
    t.wait_for("庭审列表");
    // the help: the screen's keys and the pop-ups', inside 80×24
    t.send(&["?"]);
    let s = t.wait_for("弹窗与输入框");
    assert!(s.contains("编辑文字"), "{s}");
    t.send(&["x"]);
    // the oldest rows are finalized: `l` says why and the list stays
    t.send(&["G"]);
    t.send(&["l"]);
    let s = t.wait_for("没有可现场评分");
    assert!(s.contains("（20") && !s.contains("还没有庭审记录"), "{s}");
    // scoring opened from the list returns to the list
    t.send(&["s"]);
    t.wait_for("按键说明");
    t.wait_for("定稿");
    t.send(&["Escape"]);
    t.wait_for("庭审列表");
    // ... and from the hearing, to the hearing
    t.send(&["Enter"]);
    t.wait_for("审判长：");
    t.send(&["s"]);
    t.wait_for("得分");
    t.send(&["Escape"]);
    t.wait_for("审判长：");
    t.send(&["Escape"]);
    t.wait_for("庭审列表");
    // a pop-up over Chinese text keeps its left border on every row
    t.send(&["n"]);
    t.wait_for("新建庭审");
    t.type_text("x");
    t.send(&["Escape"]);
    let s = t.wait_for("放弃尚未保存");
    let boxed: Vec<&str> = s
        .lines()
        .filter(|l| l.contains('│') && l.contains("┐") || l.contains("│放弃"))
        .collect();
    assert!(!boxed.is_empty(), "{s}");
    t.send(&["y"]);
    t.wait_for("庭审列表");
}

/// A judicial suggestion drafted on the command line is sent, answered and printed in the
/// terminal app, which is then killed: each step was in the database the moment it was made.
#[test]
fn a_judicial_suggestion_sent_and_answered_in_the_app_survives_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(bin())
            .args(["--db", dbs])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["demo", "--hearings", "60", "--seed", "5"]);
    let absent = list_json(&db)
        .into_iter()
        .filter(|r| r["status"] == "absent" && !r["flags"].as_array().unwrap().is_empty())
        .max_by_key(|r| r["hearing_date"].as_str().unwrap().to_string())
        .unwrap();
    run(&[
        "suggest",
        absent["case_number"].as_str().unwrap(),
        "--agency",
        absent["agency"].as_str().unwrap(),
        "--by",
        "王审判",
    ]);
    let out = dir.path().join("exports");
    tingping_store::Store::open(&db)
        .unwrap()
        .set_app_value("export_dir", out.to_str().unwrap())
        .unwrap();
    let Some(t) = Tmux::start_or_skip(&bin(), &["--db", dbs, "--operator", "李书记"], 80, 24)
    else {
        return;
    };
    t.wait_for("庭审列表");
    t.send(&["J"]);
    t.wait_for("草稿 1 份");
    t.send(&["s"]);
    t.wait_for("发出司法建议：请审判员输入姓名");
    t.type_text("王审判");
    t.send(&["Enter"]);
    t.wait_for("已发出，文号 蜀法建〔");
    t.send(&["r"]);
    t.wait_for("登记回复：蜀法建〔");
    t.send(&["Tab"]);
    t.type_text("已约谈负责人并建立台账");
    t.send(&["Enter"]);
    t.wait_for("已登记司法建议 1 的回复");
    t.send(&["p"]);
    t.wait_for("已写入司法建议书 sifajianyi-1.docx");
    t.kill_app();
    let listed: serde_json::Value =
        serde_json::from_str(run(&["suggestions", "--json"]).lines().next().unwrap()).unwrap();
    assert_eq!(listed["status"], "replied");
    assert_eq!(listed["sent_by"], "王审判");
    assert_eq!(listed["reply"], "已约谈负责人并建立台账");
    let text = common::docs::docx_text(&out.join("sifajianyi").join("sifajianyi-1.docx"));
    assert!(
        text.contains("司法建议书") && text.contains(absent["case_number"].as_str().unwrap()),
        "{text}"
    );
    let history = run(&["history", absent["case_number"].as_str().unwrap()]);
    assert!(
        history.contains("修改 司法建议 状态：已发出 → 已回复") && history.contains("李书记"),
        "{history}"
    );
    run(&["verify"]);
}
