//! The real binary in a real terminal (tmux): create a hearing, score it, get killed, reopen.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn start(bin: &Path, args: &[&str], w: u16, h: u16) -> Tmux {
        assert!(
            Command::new("tmux").arg("-V").output().is_ok(),
            "tmux is needed for this test (.ci/run installs it)"
        );
        let socket = format!("tp-{}-{}", std::process::id(), rand_suffix());
        let mut cmd = vec![bin.display().to_string()];
        cmd.extend(args.iter().map(|a| a.to_string()));
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-s",
                "tp",
                "-x",
                &w.to_string(),
                "-y",
                &h.to_string(),
            ])
            .args(["-e", "LANG=C.UTF-8"])
            .arg(cmd.join(" "))
            .status()
            .unwrap();
        assert!(status.success());
        Tmux { socket }
    }

    pub fn send(&self, keys: &[&str]) {
        let st = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "tp"])
            .args(keys)
            .status()
            .unwrap();
        assert!(st.success());
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Types text literally (Chinese included), as an input method would deliver it.
    pub fn type_text(&self, text: &str) {
        let st = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "tp", "-l", text])
            .status()
            .unwrap();
        assert!(st.success());
        std::thread::sleep(Duration::from_millis(60));
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "tp"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text` (fails with the screen after 10 s).
    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!("waited for {text:?}; the screen shows:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    pub fn pid(&self) -> i32 {
        let out = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "list-panes",
                "-t",
                "tp",
                "-F",
                "#{pane_pid}",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    }

    pub fn kill_app(&self) {
        let pid = self.pid();
        Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .unwrap();
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tingping"))
}

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

#[test]
fn create_score_kill_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let dbs = db.to_str().unwrap();
    let t = Tmux::start(&bin(), &["--db", dbs], 80, 24);
    t.wait_for("数据库是空的");
    t.send(&["n"]); // no demo data
    t.wait_for("还没有庭审记录");
    t.send(&["n"]);
    t.wait_for("新建庭审");
    t.send(&["C-u"]);
    t.type_text("(2026) 皖0104 行初 321 号");
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
    t.wait_for("（2026）皖0104行初321号  一审");
    // who appeared
    t.send(&["Enter"]);
    t.wait_for("出庭人类别");
    t.send(&["Tab", "Right", "Tab"]);
    t.type_text("张建国");
    t.send(&["Tab"]);
    t.type_text("副局长");
    t.send(&["C-s"]);
    t.wait_for("张建国 副局长");
    // score: late (-3), then two answers off the point (-10)
    t.send(&["s"]);
    t.wait_for("遵守法庭纪律  20/20");
    t.send(&["Space"]);
    t.wait_for("遵守法庭纪律  17/20");
    for _ in 0..10 {
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
    let s = t.wait_for("（2026）皖0104行初321号");
    assert!(s.contains("草稿") && s.contains("49.4"), "{s}");
    t.send(&["s"]);
    t.wait_for("遵守法庭纪律  17/20");
    // comment with Chinese text, then the judge finalizes
    t.send(&["c"]);
    t.wait_for("点评");
    t.type_text("发言照本宣科较多");
    t.send(&["Enter"]);
    t.wait_for("点评已保存");
    t.send(&["F"]);
    t.wait_for("定稿：请审判长输入姓名确认");
    t.send(&["Enter"]);
    t.wait_for("已定稿（王审判）");
    t.send(&["Space"]);
    t.wait_for("不能直接修改");
    t.send(&["Escape"]);
    t.wait_for("审判长：王审判");
    t.send(&["Escape"]);
    t.wait_for("庭审列表");
    t.send(&["q"]);
    std::thread::sleep(Duration::from_millis(300));
    let rows = list_json(&db);
    assert_eq!(rows[0]["status"], "final");
    assert_eq!(rows[0]["total"], 49.4);
}

#[test]
fn english_and_a_small_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let t = Tmux::start(
        &bin(),
        &["--lang", "en", "--db", db.to_str().unwrap()],
        70,
        20,
    );
    t.wait_for("Terminal too small");
    Command::new("tmux")
        .args([
            "-L",
            &t.socket,
            "resize-window",
            "-t",
            "tp",
            "-x",
            "100",
            "-y",
            "30",
        ])
        .status()
        .unwrap();
    t.wait_for("The database is empty");
    t.send(&["y"]);
    t.wait_for("Demo data loaded: 200 hearings");
    t.send(&["q"]);
}
