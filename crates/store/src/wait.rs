//! Waiting for a busy database. Every write transaction begins IMMEDIATE, so a write that finds
//! another process writing waits here (SQLite calls [`busy`] again and again) instead of failing;
//! after [`LIMIT`] it gives up and the change is not made (the caller says so, nothing is
//! acknowledged). Past [`ANNOUNCE_AFTER`] the hook the program set is told how long it has waited,
//! once and then every second: the TUI draws a line on screen, the command line prints one to stderr.

use std::cell::Cell;
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// How long a write waits for another process's write transaction before it gives up.
pub const LIMIT: Duration = Duration::from_secs(30);
/// How long a wait lasts before the user is told about it.
pub const ANNOUNCE_AFTER: Duration = Duration::from_millis(200);

/// Told, on the waiting thread, how long the current statement has waited so far.
pub type Hook = fn(Duration);

static HOOK: RwLock<Option<Hook>> = RwLock::new(None);

/// Sets (or, with `None`, removes) what is told about a long wait.
pub fn set_hook(hook: Option<Hook>) {
    if let Ok(mut h) = HOOK.write() {
        *h = hook;
    }
}

thread_local! {
    /// when the current statement began to wait, and how long it had waited when last announced
    static SINCE: Cell<Option<(Instant, Option<Duration>)>> = const { Cell::new(None) };
    /// the limit on this thread (tests shorten it)
    static THREAD_LIMIT: Cell<Duration> = const { Cell::new(LIMIT) };
}

#[cfg(test)]
pub(crate) fn set_thread_limit(limit: Duration) {
    THREAD_LIMIT.set(limit);
}

/// SQLite's busy handler: `count` is how many times it was called for this statement (0 the first
/// time). True: try again; false: give up with SQLITE_BUSY.
pub(crate) fn busy(count: i32) -> bool {
    let now = Instant::now();
    let (since, announced) = match SINCE.get() {
        Some(s) if count > 0 => s,
        _ => (now, None),
    };
    let waited = now - since;
    if waited >= THREAD_LIMIT.get() {
        SINCE.set(None);
        return false;
    }
    let announced = announce_if_due(waited, announced);
    SINCE.set(Some((since, announced)));
    pause(count);
    true
}

/// Tells the hook how long the wait has lasted, past [`ANNOUNCE_AFTER`] and then every second;
/// returns when it was last told.
fn announce_if_due(waited: Duration, announced: Option<Duration>) -> Option<Duration> {
    if waited < ANNOUNCE_AFTER || announced.is_some_and(|a| waited < a + Duration::from_secs(1)) {
        return announced;
    }
    let hook = HOOK.read().ok().and_then(|h| *h);
    if let Some(hook) = hook {
        hook(waited);
    }
    Some(waited)
}

/// Soon at first (a writer usually finishes within milliseconds), then at most 50 ms late.
fn pause(count: i32) {
    const STEPS: [u64; 6] = [1, 2, 5, 10, 20, 50];
    let ms = STEPS[(count.max(0) as usize).min(STEPS.len() - 1)];
    std::thread::sleep(Duration::from_millis(ms));
}

/// Runs `f` again while it fails with SQLITE_BUSY that SQLite did not wait on itself (a read
/// that must become a write), up to the same limit, telling the hook as [`busy`] does.
pub(crate) fn retrying<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let since = Instant::now();
    let mut announced = None;
    let mut count = 0;
    loop {
        match f() {
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && since.elapsed() < THREAD_LIMIT.get() =>
            {
                announced = announce_if_due(since.elapsed(), announced);
                pause(count);
                count = count.saturating_add(1);
            }
            other => return other,
        }
    }
}
