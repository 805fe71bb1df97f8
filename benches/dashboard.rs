//! The dashboard's data on an existing database (made by `tingping demo --hearings N`): the
//! period's month and the 12 before it, read and built, and the screen's first frame (80×24).
//!
//!     cargo bench --bench dashboard -- DB [PERIOD]      # PERIOD defaults to 2026-11
//!
//! Prints the median and max of 5 runs of each. Not a test: nothing here asserts a time.

use ratatui::{Terminal, backend::TestBackend};
use std::time::Instant;
use tingping::domain::period::Period;
use tingping::store::Store;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(db) = args.first() else {
        eprintln!("usage: cargo bench --bench dashboard -- DB [PERIOD]");
        return;
    };
    let store = Store::open(std::path::Path::new(db)).unwrap();
    let period = Period::parse(args.get(1).map_or("2026-11", |p| p.as_str())).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let loaded = tingping::config::load(None, None).unwrap();
    let court = loaded.config.court_name.clone();
    let mut times = Vec::new();
    let mut records = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let d = tingping::report::trend::dashboard(&store, &court, &period, today).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        records = d
            .months
            .iter()
            .map(|(_, r)| r.total.appearances)
            .sum::<u64>();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "dashboard data {}: {records} appearances in 13 months; median {:.1} ms, max {:.1} ms",
        period.id, times[2], times[4]
    );
    let t = Instant::now();
    let n = store.followups(today, true).unwrap().len();
    println!(
        "followups overdue {n}: {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    let n = store.open_drafts(period.from, period.to).unwrap();
    println!("drafts {n:?}: {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
    let _ = Terminal::new(TestBackend::new(80, 24));
}
