//! The dashboard on an existing database (made by `tingping demo --hearings N`): its data for a
//! month and the 12 before it — with nothing kept (the first time), with every month kept, and
//! after a change to one of the month's appearances (that month read again) — and the screen's
//! first frame (80×24) from the list's key, kept months.
//!
//!     cargo bench --bench dashboard -- DB [PERIOD] [TODAY]    # default 2026-11, 2026-11-29
//!
//! Prints median and max of the runs. Not a test: nothing here asserts a time. It writes to the
//! database what the dashboard keeps, and one appearance's judgment dates.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use std::time::Instant;
use tingping::domain::period::Period;
use tingping::report::trend::Read::Fresh;
use tingping_store::Store;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn report(what: &str, mut v: Vec<f64>) {
    v.sort_by(f64::total_cmp);
    println!(
        "{what}: median {:.1} ms, max {:.1} ms ({} runs)",
        v[v.len() / 2],
        v[v.len() - 1],
        v.len()
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(db) = args.first() else {
        eprintln!("usage: cargo bench --bench dashboard -- DB [PERIOD] [TODAY]");
        return;
    };
    let db = std::path::Path::new(db);
    let period = Period::parse(args.get(1).map_or("2026-11", |p| p.as_str())).unwrap();
    let today = chrono::NaiveDate::parse_from_str(
        args.get(2).map_or("2026-11-29", |p| p.as_str()),
        "%Y-%m-%d",
    )
    .unwrap();
    let loaded = tingping::config::load(None, None).unwrap();
    let court = loaded.config.court_name.clone();
    let forget = || {
        let c = rusqlite::Connection::open(db).unwrap();
        c.execute("DELETE FROM app_state WHERE key LIKE 'dashboard/%'", [])
            .unwrap();
    };
    let mut store = Store::open(db).unwrap();
    store.set_scope(loaded.config.scope());

    let mut cold = Vec::new();
    let mut records = 0;
    for _ in 0..3 {
        forget();
        let t = Instant::now();
        let d =
            tingping::report::trend::dashboard(&mut store, &court, &period, today, Fresh).unwrap();
        cold.push(ms(t));
        records = d
            .months
            .iter()
            .map(|(_, r)| r.total.appearances)
            .sum::<u64>();
    }
    println!("{records} appearances in the 13 months to {}", period.id);
    report("data, nothing kept", cold);
    let warm = (0..9)
        .map(|_| {
            let t = Instant::now();
            tingping::report::trend::dashboard(&mut store, &court, &period, today, Fresh).unwrap();
            ms(t)
        })
        .collect();
    report("data, every month kept", warm);
    // an appearance of the month changes (its judgment dates, logged with its case)
    let aid: i64 = rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT a.id FROM appearances a JOIN hearings h ON h.id = a.hearing_id
             WHERE h.date BETWEEN ?1 AND ?2 ORDER BY a.id LIMIT 1",
            [period.from.to_string(), period.to.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    let changed = (0..5)
        .map(|i| {
            let day = period.to + chrono::Duration::days(30 + i);
            store
                .set_judgment_dates(aid, Some(period.to), Some(day))
                .unwrap();
            let t = Instant::now();
            tingping::report::trend::dashboard(&mut store, &court, &period, today, Fresh).unwrap();
            ms(t)
        })
        .collect();
    report("data, after a change in the month", changed);

    // the screen: d from the list, the first frame drawn (what is kept), then the months that
    // changed read again and drawn
    let keymap = tingping::tui::keymap::Keymap::for_loaded(&loaded).unwrap();
    let mut app = tingping::tui::app::App::new(
        tingping::Court::from(store),
        loaded.rubric,
        keymap,
        loaded.config,
    )
    .unwrap();
    app.overlay = None;
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::NONE);
    let frames = (0..9)
        .map(|_| {
            app.run(tingping::tui::app::Cmd::OpenList);
            let t = Instant::now();
            app.on_key(d);
            tingping::tui::draw(&mut term, &mut app).unwrap();
            ms(t)
        })
        .collect();
    report("first frame (d → drawn, 80×24), nothing changed", frames);
    let (mut first, mut fresh) = (Vec::new(), Vec::new());
    for i in 0..5 {
        app.run(tingping::tui::app::Cmd::OpenList);
        let day = period.to + chrono::Duration::days(60 + i);
        app.court
            .set_judgment_dates(aid, Some(period.to), Some(day))
            .unwrap();
        let t = Instant::now();
        app.on_key(d);
        term.draw(|f| app.render(f)).unwrap();
        first.push(ms(t));
        let t = Instant::now();
        tingping::tui::draw(&mut term, &mut app).unwrap();
        fresh.push(ms(t));
    }
    report(
        "first frame after a change in the month (kept figures)",
        first,
    );
    report("  then the month read again and drawn", fresh);

    // keys while long work runs on a thread of its own, each key handled and its frame drawn
    // (80×24): `?` and `Esc` in turn on the list, then `q` (quit asked) — first while the
    // dashboard's first read runs (nothing kept), then while the period's batch is exported
    let press =
        |app: &mut tingping::tui::app::App, term: &mut Terminal<TestBackend>, k: KeyCode| {
            let t = Instant::now();
            app.on_key(KeyEvent::new(k, KeyModifiers::NONE));
            tingping::tui::draw(term, app).unwrap();
            ms(t)
        };
    forget();
    app.run(tingping::tui::app::Cmd::OpenList);
    app.on_key(d);
    let started = Instant::now();
    tingping::tui::draw(&mut term, &mut app).unwrap();
    let mut during = vec![press(&mut app, &mut term, KeyCode::Esc)];
    let mut n = 0;
    while app.dashboard_reading() && n < 2000 {
        for k in [KeyCode::Char('?'), KeyCode::Esc] {
            during.push(press(&mut app, &mut term, k));
        }
        n += 1;
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let read_for = ms(started);
    report(
        &format!("keys while the first read runs ({read_for:.0} ms of reading)"),
        during,
    );
    let out = tempfile::tempdir().unwrap();
    app.run(tingping::tui::app::Cmd::BatchPeriod(period.clone()));
    app.start_export(out.path().to_path_buf(), false);
    let started = Instant::now();
    let mut during = Vec::new();
    while app.exporting().is_some() && during.len() < 4000 {
        for k in [KeyCode::Char('?'), KeyCode::Esc] {
            during.push(press(&mut app, &mut term, k));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let export_for = ms(started);
    report(
        &format!("keys while the batch is exported ({export_for:.0} ms of exporting)"),
        during,
    );
    println!("status after the export: {:?}", app.status);
}
