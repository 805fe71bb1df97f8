//! Reads that run on a thread of their own, with a connection of their own (the dashboard's
//! months, the batch screen's figures), so the keys are answered while they read: one way to
//! start them and one way to take what they say.

use std::sync::mpsc::{Receiver, TryRecvError};

/// `read` on a thread of its own; what it gives comes on the receiver. `what` and `period` name
/// it in the log, with how long it took (ids only).
pub fn spawn<T: Send + 'static>(
    what: &'static str,
    period: String,
    read: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> Receiver<anyhow::Result<T>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let started = std::time::Instant::now();
        let result = read();
        tracing::info!(
            period,
            ms = started.elapsed().as_millis() as u64,
            ok = result.is_ok(),
            "{what} read"
        );
        // (the app may have gone on: nobody waits for this any more)
        let _ = tx.send(result);
    });
    rx
}

/// What a read says now (or, with `wait`, when it ends): None while it runs; `Some(None)` when
/// its thread ended without a word.
pub fn take<T>(rx: &Receiver<T>, wait: bool) -> Option<Option<T>> {
    if wait {
        return Some(rx.recv().ok());
    }
    match rx.try_recv() {
        Ok(r) => Some(Some(r)),
        Err(TryRecvError::Empty) => None,
        Err(TryRecvError::Disconnected) => Some(None),
    }
}
