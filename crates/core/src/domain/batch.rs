//! A batch (通报批次) or report as it is made and numbered: its period, court, counts, numbers
//! and files. Plain data, written by the store and read by the writers.

use super::period::{Filter, Period, PeriodKind};
use chrono::NaiveDate;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEntry {
    pub name: String,
    pub sha256: String,
    pub bytes: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchMeta {
    pub id: String,
    pub kind: PeriodKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub topic: String,
    pub court: String,
    pub court_code: String,
    pub created_at: String,
    pub folder: String,
    pub appearances: i64,
    pub evaluations: i64,
    pub late: i64,
    /// judgment performance outcomes reported (recorded after their evaluation was finalized)
    pub outcomes: i64,
    /// the month's own appearances still drafts or unscored when the batch was made (next batch)
    pub drafts: i64,
    /// a topic report's filter
    pub filter: Filter,
    /// the notice's number within its year (发文字号)
    pub doc_number: i64,
    /// the number of its first extract (函) within the year; the others follow
    pub han_first: i64,
    /// corrections of earlier batches it reports (amendments, and statements no longer true)
    pub corrections: i64,
    /// the audit log's head when its files were written (their manifest carries it)
    pub chain_head: String,
    pub files: Vec<FileEntry>,
}

impl BatchMeta {
    pub fn period(&self) -> Period {
        Period {
            id: self.id.clone(),
            kind: self.kind,
            from: self.from,
            to: self.to,
            topic: self.topic.clone(),
            filter: self.filter.clone(),
        }
    }
}
