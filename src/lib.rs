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
pub mod cli_bureau;
pub mod cli_followups;
pub mod cli_keys;
pub mod cli_records;
pub mod cli_schedule;
pub mod cli_suggestions;
pub use tingping_app::{Court, Error, config, demo, import, records, report, said, sign};
pub use tingping_core::domain;
pub use tingping_i18n as i18n;

pub mod report_cli;
#[cfg(feature = "tui")]
pub use tingping_tui as tui;
