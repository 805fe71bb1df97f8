//! 庭评's writers: a batch's workbook (xlsx, with its charts), details (csv), data (json, the
//! interchange format an upper court imports) and notices (docx, as 公文 after GB/T 9704). Records
//! in, bytes out: no database, no configuration files, no terminal.

use tingping_core::domain;
use tingping_i18n as i18n;

pub mod charts;
pub mod columns;
pub mod csv;
pub mod docx;
pub mod gongwen;
pub mod json;
pub mod scorecard;
pub mod sheet;
pub mod suggestion;
pub mod xlsx;

/// Who receives which files: the main notice (the court's same-level government and its justice
/// bureau, every agency) or an extract (函, one other government's agencies only).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Recipient {
    pub government: String,
    pub bureau: String,
    pub extract: bool,
    pub files: Vec<String>,
}
