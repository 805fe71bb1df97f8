//! 庭评's use cases: what a clerk, a judge or a statistics officer does with the records, above
//! the store and below the terminal and the command line. Files from outside (configs, schedules,
//! directories, batches) are read here, through one hostile-file reader; the month-end export
//! claims through the store and writes through the writers.

pub use court::{Court, Error, Result};
pub use tingping_core::domain;
pub use tingping_i18n as i18n;
pub use tingping_store as store;

/// The records' types the use cases take and give, as the terminal and the command line see
/// them; the store itself stays behind the [`Court`].
pub mod records {
    pub use tingping_store::audit::{Entry, Problem, Verified};
    pub use tingping_store::backup::Restored;
    pub use tingping_store::batch::{ImportOutcome, Preview, Reader, Source};
    pub use tingping_store::{
        AgencyEdit, Amendment, CaseEvaluation, DirOutcome, DirectoryRow, Evaluation, ExportRow,
        HearingInput, ListCursor, ListRow, Merged, Moment, PerformanceRecord, Person,
        ScheduleOutcome, Sharing, StoreError, protect_folder, wait,
    };
}

pub mod config;
pub mod court;
pub mod demo;
#[cfg(test)]
mod demo_tests;
pub mod import;
#[cfg(test)]
mod list_tests;
pub mod report;
pub mod sign;

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
