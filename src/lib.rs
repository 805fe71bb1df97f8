//! tingping (庭评): record and score how heads of administrative agencies perform when they appear
//! in court (行政机关负责人出庭应诉), keep it in SQLite, and report it.

/// A line on stdout for the command line: an error (a closed pipe, as `| head` leaves it) is
/// returned, not a panic.
macro_rules! say {
    ($($t:tt)*) => {
        std::io::Write::write_fmt(&mut std::io::stdout().lock(), format_args!("{}\n", format_args!($($t)*)))?
    };
}

pub mod cli;
pub mod cli_backup;
pub mod cli_followups;
pub mod cli_records;
pub mod cli_schedule;
pub mod config;
pub mod demo;
pub use tingping_core::domain;
pub use tingping_i18n as i18n;

/// An error as the user reads it: each cause in turn, the store's and the core's said in the
/// user's language (their `Display` is the message key, for logs), joined as `{e:#}` joins them.
pub fn said(e: &anyhow::Error) -> String {
    use crate::i18n::Render;
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let part = if let Some(s) = cause.downcast_ref::<store::StoreError>() {
            s.text()
        } else {
            cause.to_string()
        };
        // a wrapper that shows its cause already (`{0}`) adds nothing of its own
        if parts.last().is_some_and(|p: &String| p.ends_with(&part)) {
            continue;
        }
        parts.push(part);
    }
    parts.join(": ")
}
pub mod import;
pub mod report;
pub mod report_cli;
pub use tingping_store as store;
#[cfg(test)]
mod demo_tests;
#[cfg(test)]
mod list_tests;
#[cfg(feature = "tui")]
pub mod tui;
