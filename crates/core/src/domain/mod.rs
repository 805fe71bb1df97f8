//! The domain: case numbers, the rubric, scoring, and the records' kinds. No I/O here.

pub mod amend;
pub mod batch;
pub mod bureau;
pub mod case_number;
pub mod directory;
pub mod followup;
pub mod indicators;
pub mod interchange;
pub mod live;
pub mod marking;
pub mod model;
pub mod notice;
pub mod performance;
pub mod period;
pub mod pinyin_match;
pub mod rubric;
pub mod schedule;
pub mod scope;
pub mod scoring;
pub mod session;
pub mod sheet;
pub mod suggestion;
pub mod text;
pub mod trend;
pub mod validate;
