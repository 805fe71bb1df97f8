//! Live mode survives SIGKILL: press a random sequence of item keys (with undo and Chinese notes),
//! kill the real binary at random points, reopen, and compare the stored events with what the screen
//! had acknowledged.

#[allow(unused_imports)]
use tingping::i18n::prelude::*;
mod common;
use common::{Tmux, bin};
use std::path::Path;
use tingping::domain::model::AppearCategory;
use tingping_store::{HearingInput, Store};

const CASE: &str = "（2026）皖0104行初777号";
/// (key, item, counted)
const KEYS: &[(char, &str, bool)] = &[
    ('p', "phone", true),
    ('a', "off_point", true),
    ('m', "misstatement", true),
    ('s', "unpermitted_speech", true),
    ('l', "late", false),
    ('x', "admonished", false),
    ('v', "no_resolution_view", false),
    ('b', "reads_script", false),
];
const NOTES: &[&str] = &[
    "负责人称将协调",
    "答非所问",
    "照本宣科，未回应焦点",
    "同意庭后沟通",
];

/// What the stored log should hold: (kind, item, note, value).
#[derive(Default)]
struct Model {
    events: Vec<(String, String, String, i64)>,
    marks: std::collections::HashMap<String, i64>,
    /// (index of a mark event, value before it) not yet undone
    live_marks: Vec<(String, i64)>,
}

impl Model {
    fn press(&mut self, item: &str, counted: bool) {
        let prev = *self.marks.get(item).unwrap_or(&0);
        let value = if counted {
            prev + 1
        } else {
            i64::from(prev == 0)
        };
        self.marks.insert(item.into(), value);
        self.live_marks.push((item.into(), prev));
        self.events
            .push(("mark".into(), item.into(), String::new(), value));
    }
    fn undo(&mut self) {
        if let Some((item, prev)) = self.live_marks.pop() {
            self.marks.insert(item.clone(), prev);
            self.events.push(("undo".into(), item, String::new(), prev));
        }
    }
    fn note(&mut self, text: &str) {
        self.events
            .push(("note".into(), String::new(), text.into(), 0));
    }
    /// Cuts the model back to the first `n` events (the rest were never acknowledged nor stored).
    fn truncate(&mut self, n: usize) {
        let kept: Vec<_> = self.events.drain(..).take(n).collect();
        *self = Model::default();
        for (kind, item, note, _) in kept {
            match kind.as_str() {
                "mark" => self.press(&item, KEYS.iter().find(|k| k.1 == item).unwrap().2),
                "undo" => self.undo(),
                _ => self.note(&note),
            }
        }
    }
}

struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn stored(db: &Path) -> Vec<(String, String, String, i64)> {
    let out = std::process::Command::new(bin())
        .args(["--db", db.to_str().unwrap(), "events", "--json", CASE])
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
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["kind"].as_str().unwrap().to_string(),
                v["item"].as_str().unwrap().to_string(),
                v["note"].as_str().unwrap().to_string(),
                v["value"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn shown_count(screen: &str) -> usize {
    let i = screen
        .find("记录（共 ")
        .expect("the log header is on screen");
    let rest = &screen[i + "记录（共 ".len()..];
    rest[..rest.find(' ').unwrap()].parse().unwrap()
}

/// A database with one hearing, its agency's deputy head appeared.
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
fn fifty_kills_lose_nothing_that_was_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    one_hearing(&db);
    let args = ["--db", db.to_str().unwrap()];
    let Some(mut t) = Tmux::start_or_skip(&bin(), &args, 100, 30) else {
        return;
    };
    t.wait_for(CASE);
    t.send(&["l"]);
    t.wait_for("记录（共 0 条）");

    let seed = 20261128;
    let mut rng = Lcg(seed);
    let mut model = Model::default();
    let mut kills = 0;
    while kills < 50 {
        let burst = rng.below(2) == 0;
        let presses = 1 + rng.below(6);
        for _ in 0..presses {
            let r = rng.below(20);
            if r < 15 {
                let (key, item, counted) = KEYS[rng.below(KEYS.len() as u64) as usize];
                t.send(&[&key.to_string()]);
                model.press(item, counted);
            } else if r < 18 {
                t.send(&["u"]);
                model.undo();
            } else {
                let note = NOTES[rng.below(NOTES.len() as u64) as usize];
                t.send(&["/"]);
                t.wait_for("备注（记在按键时刻）");
                t.type_text(note);
                t.send(&["Enter"]);
                model.note(note);
            }
            if !burst {
                t.wait_for(&format!("记录（共 {} 条）", model.events.len()));
            }
        }
        // what the screen acknowledges right before the kill
        let acknowledged = shown_count(&t.screen());
        t.kill_app();
        kills += 1;
        let got = stored(&db);
        assert!(
            got.len() >= acknowledged,
            "kill {kills} (seed {seed}): the screen showed {acknowledged} events, {} stored",
            got.len()
        );
        assert!(
            got.len() <= model.events.len(),
            "kill {kills}: more stored than pressed"
        );
        assert_eq!(
            got,
            model.events[..got.len()],
            "kill {kills} (seed {seed}): stored events differ from the keys pressed"
        );
        if !burst {
            assert_eq!(
                got, model.events,
                "kill {kills} (seed {seed}): every acknowledged event is stored, exactly"
            );
        }
        model.truncate(got.len());
        // reopen: the app returns to live mode on the same appearance with the same log
        drop(t);
        t = Tmux::start(&bin(), &args, 100, 30);
        let screen = t.wait_for(&format!("记录（共 {} 条）", got.len()));
        // killed before a note's Enter was read: its prompt is back with the text (see the test
        // below); this run counts it as never written, so it is dropped
        if screen.contains("已恢复上次未写完的证据备注") {
            t.send(&["Escape"]);
        }
    }
    t.send(&["Escape"]);
    t.wait_for("[草稿]");
    assert!(
        model.events.len() > 50,
        "the run pressed enough keys: {}",
        model.events.len()
    );
}

#[test]
fn a_half_typed_note_comes_back_after_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    one_hearing(&db);
    let args = ["--db", db.to_str().unwrap()];
    let Some(t) = Tmux::start_or_skip(&bin(), &args, 80, 24) else {
        return;
    };
    t.wait_for(CASE);
    t.send(&["l"]);
    t.wait_for("记录（共 0 条）");
    t.send(&["p"]);
    t.wait_for("记录（共 1 条）");
    t.send(&["/"]);
    t.wait_for("备注（记在按键时刻）");
    t.type_text("负责人称愿意");
    t.wait_for("负责人称愿意");
    t.kill_app();
    drop(t);
    // reopened: live mode, the prompt with what was typed
    let t = Tmux::start(&bin(), &args, 80, 24);
    t.wait_for("已恢复上次未写完的证据备注");
    let screen = t.wait_for("备注（记在按键时刻）");
    assert!(screen.contains("负责人称愿意"), "{screen}");
    t.type_text("协调");
    t.send(&["Enter"]);
    t.wait_for("记录（共 2 条）");
    let got = stored(&db);
    assert_eq!(
        got.last().unwrap(),
        &(
            "note".to_string(),
            String::new(),
            "负责人称愿意协调".to_string(),
            0
        )
    );
}

/// A restore while the terminal app scores live is refused, saying why; every mark shown stays,
/// and the app goes on numbering its events where it was.
#[test]
fn a_restore_while_live_is_refused_and_no_mark_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    one_hearing(&db);
    let backup = dir.path().join("before.db");
    let ok = std::process::Command::new(bin())
        .args(["--db", db.to_str().unwrap(), "backup", "--to"])
        .arg(&backup)
        .status()
        .unwrap();
    assert!(ok.success());
    let args = ["--db", db.to_str().unwrap()];
    let Some(t) = Tmux::start_or_skip(&bin(), &args, 100, 30) else {
        return;
    };
    t.wait_for(CASE);
    t.send(&["l"]);
    t.wait_for("记录（共 0 条）");
    for (i, key) in "pamspamspa".chars().enumerate() {
        t.send(&[&key.to_string()]);
        t.wait_for(&format!("记录（共 {} 条）", i + 1));
    }
    let restore = std::process::Command::new(bin())
        .args(["--db", db.to_str().unwrap(), "restore"])
        .arg(&backup)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&restore.stderr);
    assert!(
        !restore.status.success(),
        "the restore went through: {said}"
    );
    assert!(said.contains("另一个庭评程序正在使用该数据库"), "{said}");
    // the app goes on where it was: the next key is the eleventh event
    t.send(&["p"]);
    t.wait_for("记录（共 11 条）");
    t.kill_app();
    let got = stored(&db);
    assert_eq!(got.len(), 11, "{got:?}");
    let seqs: Vec<i64> = rusqlite::Connection::open(&db)
        .unwrap()
        .prepare("SELECT seq FROM events ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get("seq"))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(seqs, (1..=11).collect::<Vec<i64>>());
    let verify = std::process::Command::new(bin())
        .args(["--db", db.to_str().unwrap(), "verify"])
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}
