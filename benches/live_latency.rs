//! Keystroke latency in live mode: key → event committed to SQLite (synchronous=FULL), and key →
//! frame rendered (80×24), on a database filled by `tingping demo --hearings N` — beside the floor
//! measured in the same run: a bare commit (BEGIN IMMEDIATE, one INSERT, COMMIT) into a scratch
//! table of the same database file, from a second connection with the same settings, one after
//! each key press. And the hearings list: its first frame and the End key.
//!
//!     cargo bench --bench live_latency                      # 1 000, 100 000 and 1 000 000 hearings
//!     cargo bench --bench live_latency -- 20000             # another size
//!     cargo bench --bench live_latency -- --list DB         # the list of an existing database
//!     cargo bench --bench live_latency -- --live DB         # live mode on an existing database
//!                                                           # (it gets a hearing and its events)
//!
//! Prints median, p99 and max per size, and the ratio of the p99s. Not a test: nothing here asserts
//! a time.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use std::path::Path;
use std::time::Instant;
use tingping::domain::model::AppearCategory;
use tingping::tui::app::{App, Cmd, Screen};
use tingping_store::{HearingInput, Store};

const PRESSES: usize = 3000;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// The median of `n` timings of `f` (ms).
fn median_of(n: usize, mut f: impl FnMut() -> f64) -> f64 {
    let mut v: Vec<f64> = (0..n).map(|_| f()).collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn app(store: Store) -> App {
    let loaded = tingping::config::load(None, None).unwrap();
    let keymap = tingping::tui::keymap::Keymap::for_loaded(&loaded).unwrap();
    App::new(
        tingping::Court::from(store),
        loaded.rubric,
        keymap,
        loaded.config,
    )
    .unwrap()
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// The list of the database at `db`: the store's keyset pages, and the screen as it is drawn.
fn list(db: &Path) {
    let store = Store::open(db).unwrap();
    let t = Instant::now();
    let total = store.list_count().unwrap();
    let count_ms = ms(t);
    let first = median_of(5, || {
        let t = Instant::now();
        store.list_first(200).unwrap();
        ms(t)
    });
    let last = median_of(5, || {
        let t = Instant::now();
        store.list_last(200).unwrap();
        ms(t)
    });
    let page = store.list_first(200).unwrap();
    let next = median_of(5, || {
        let t = Instant::now();
        store.list_after(&page[199].cursor(), 200).unwrap();
        ms(t)
    });
    drop(store);
    println!(
        "list of {total} rows (store): count {count_ms:.2} ms, first 200 rows {first:.2} ms, last 200 rows {last:.2} ms, the 200 after a row {next:.2} ms"
    );
    // the screen: opening the app on the list until its first frame, then End, Home, PageDown
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let open = median_of(5, || {
        let t = Instant::now();
        let mut a = app(Store::open(db).unwrap());
        tingping::tui::draw(&mut term, &mut a).unwrap();
        ms(t)
    });
    let mut a = app(Store::open(db).unwrap());
    tingping::tui::draw(&mut term, &mut a).unwrap();
    let mut press = |a: &mut App, code| {
        let t = Instant::now();
        key(a, code);
        tingping::tui::draw(&mut term, a).unwrap();
        ms(t)
    };
    let end = median_of(5, || {
        let took = press(&mut a, KeyCode::End);
        press(&mut a, KeyCode::Home);
        took
    });
    press(&mut a, KeyCode::End);
    let home = press(&mut a, KeyCode::Home);
    let page_down = press(&mut a, KeyCode::PageDown);
    assert!(matches!(a.screen, Screen::List), "not on the list");
    let l = a.list();
    let first = a.court.list_first(1).unwrap();
    assert!(l.total == total && l.selected_row() != first.first());
    println!(
        "list screen, 80×24: first frame with rows {open:.2} ms (opening the store and the app), End {end:.2} ms, Home {home:.2} ms, PageDown {page_down:.2} ms"
    );
}

/// Fills a database of `hearings` hearings, then measures its list and live mode (and removes it).
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
        &tingping::demo::Options::new(hearings, 1, chrono::Local::now().date_naive()),
    )
    .unwrap();
    let fill = t.elapsed();
    drop(store);
    list(&db);
    live(&db, &format!("{hearings:>7} hearings"), Some(fill));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Live mode on the database at `db` (which gets a hearing of its own, its events, and the scratch
/// table of the floor).
fn live(db: &Path, label: &str, fill: Option<std::time::Duration>) {
    let mut store = Store::open(db).unwrap();
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
    drop(store);
    let size: u64 = [db.to_path_buf(), db.with_extension("db-wal")]
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let mut app = app(Store::open(db).unwrap());
    app.run(Cmd::LiveStartEarly(h, None));
    assert!(matches!(app.screen, Screen::Live(_)));
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    tingping::tui::draw(&mut term, &mut app).unwrap();
    // the floor: a bare commit into a scratch table of the same file, as the store commits
    let floor = rusqlite::Connection::open(db).unwrap();
    floor
        .execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;
             CREATE TABLE IF NOT EXISTS bench_floor(n INTEGER)",
        )
        .unwrap();
    let mut insert = floor
        .prepare("INSERT INTO bench_floor(n) VALUES (?1)")
        .unwrap();

    let keys = ['p', 'a', 'm', 's', 'l', 'x', 'v', 'u'];
    let mut commit = Vec::with_capacity(PRESSES);
    let mut frame = Vec::with_capacity(PRESSES);
    let mut bare = Vec::with_capacity(PRESSES);
    let mut seed = 7u64;
    for i in 0..PRESSES {
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
        let t = Instant::now();
        floor.execute_batch("BEGIN IMMEDIATE").unwrap();
        insert.execute([i as i64]).unwrap();
        floor.execute_batch("COMMIT").unwrap();
        bare.push(ms(t));
    }
    let Screen::Live(live) = &app.screen else {
        panic!("left live mode: {:?}", app.status)
    };
    let events = live.slot().recent.last().map(|e| e.seq).unwrap_or(0);
    assert!(
        events as usize >= PRESSES * 7 / 8,
        "every press was recorded ({events})"
    );
    for v in [&mut commit, &mut frame, &mut bare] {
        v.sort_by(f64::total_cmp);
    }
    let line = |v: &[f64]| {
        format!(
            "median {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            percentile(v, 0.5),
            percentile(v, 0.99),
            v.last().unwrap()
        )
    };
    let filled = fill
        .map(|f| format!(", filled in {:.1} s", f.as_secs_f64()))
        .unwrap_or_default();
    println!(
        "{label} ({:.0} MB{filled}), {PRESSES} presses: key→committed {}; key→frame {}; bare commit {}; p99 key→committed / bare commit {:.2}",
        size as f64 / 1e6,
        line(&commit),
        line(&frame),
        line(&bare),
        percentile(&commit, 0.99) / percentile(&bare, 0.99),
    );
    drop(insert);
    floor.execute_batch("DROP TABLE bench_floor").unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(at) = args.iter().position(|a| a == "--list") {
        list(Path::new(&args[at + 1]));
        return;
    }
    if let Some(at) = args.iter().position(|a| a == "--live") {
        let db = Path::new(&args[at + 1]);
        let rows = Store::open(db).unwrap().list_count().unwrap();
        live(db, &format!("{} ({rows} list rows)", db.display()), None);
        return;
    }
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 100_000, 1_000_000]
    } else {
        sizes
    };
    for n in sizes {
        run(n);
    }
}
