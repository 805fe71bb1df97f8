//! Keystroke latency in live mode: key → event committed to SQLite (synchronous=FULL), and key →
//! frame rendered (80×24), on a database filled by `tingping demo --hearings N`.
//!
//!     cargo bench --bench live_latency                # 100 000 and 1 000 hearings
//!     cargo bench --bench live_latency -- 20000       # another size
//!
//! Prints median, p99 and max per size. Not a test: nothing here asserts a time.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use std::time::Instant;
use tingping::domain::model::AppearCategory;
use tingping::store::{HearingInput, Store};
use tingping::tui::app::{App, Cmd, Screen};

const PRESSES: usize = 3000;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn run(hearings: usize) {
    let dir = std::env::temp_dir().join(format!("tingping-bench-{hearings}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("tp.db");
    let loaded = tingping::config::load(None, None).unwrap();
    let mut store = Store::open(&db).unwrap();
    let t = Instant::now();
    tingping::demo::generate(
        &mut store,
        &loaded.rubric,
        &tingping::demo::Options::new(hearings, 1),
    )
    .unwrap();
    let fill = t.elapsed();
    let input = HearingInput {
        case_number: "（2026）皖0104行初99999号".into(),
        cause: "不服行政处罚决定".into(),
        court: "合肥市蜀山区人民法院".into(),
        judge: "王审判".into(),
        clerk: "李书记".into(),
        date: "2026-11-28".into(),
        start_time: "09:30".into(),
        ..Default::default()
    };
    let h = store
        .insert_hearing(&input, &["合肥市市场监督管理局".into()])
        .unwrap();
    let mut a = store.appearances(h).unwrap().remove(0);
    a.person = "周明".into();
    a.category = AppearCategory::Deputy;
    store.update_appearance(&a).unwrap();
    // the list: counting, the first page, and the last page (End key)
    let t = Instant::now();
    let total = store.list_count().unwrap();
    let count_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    store.list_page(0, 200).unwrap();
    let first_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    store.list_page(total.saturating_sub(100), 200).unwrap();
    let last_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "{hearings:>7} hearings, list of {total} rows: count {count_ms:.1} ms, first page {first_ms:.1} ms, last page {last_ms:.1} ms"
    );
    let size: u64 = ["tp.db", "tp.db-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
        .map(|m| m.len())
        .sum();
    let mut app = App::new(store, loaded.rubric, loaded.keymap, loaded.config).unwrap();
    app.run(Cmd::LiveStart(h, None));
    assert!(matches!(app.screen, Screen::Live(_)));
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    tingping::tui::draw(&mut term, &mut app).unwrap();

    let keys = ['p', 'a', 'm', 's', 'l', 'x', 'v', 'u'];
    let mut commit = Vec::with_capacity(PRESSES);
    let mut frame = Vec::with_capacity(PRESSES);
    let mut seed = 7u64;
    for _ in 0..PRESSES {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let key = keys[(seed >> 33) as usize % keys.len()];
        let t0 = Instant::now();
        app.on_key(KeyEvent::new(KeyCode::Char(key), KeyModifiers::NONE));
        let t1 = t0.elapsed();
        tingping::tui::draw(&mut term, &mut app).unwrap();
        let t2 = t0.elapsed();
        commit.push(t1.as_secs_f64() * 1000.0);
        frame.push(t2.as_secs_f64() * 1000.0);
    }
    let Screen::Live(live) = &app.screen else {
        panic!("left live mode: {:?}", app.status)
    };
    let events = live.slot().recent.last().map(|e| e.seq).unwrap_or(0);
    assert!(
        events as usize >= PRESSES * 7 / 8,
        "every press was recorded ({events})"
    );
    commit.sort_by(f64::total_cmp);
    frame.sort_by(f64::total_cmp);
    println!(
        "{hearings:>7} hearings ({:.0} MB, filled in {:.1} s), {PRESSES} presses: key→committed median {:.3} ms, p99 {:.3} ms, max {:.3} ms; key→frame median {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        size as f64 / 1e6,
        fill.as_secs_f64(),
        percentile(&commit, 0.5),
        percentile(&commit, 0.99),
        commit.last().unwrap(),
        percentile(&frame, 0.5),
        percentile(&frame, 0.99),
        frame.last().unwrap(),
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100_000, 1_000]
    } else {
        sizes
    };
    for n in sizes {
        run(n);
    }
}
