//! One file per screen: state, key handling (to `Cmd`), and drawing.

pub mod agencies;
pub mod appearance_form;
pub mod batch;
pub mod dashboard;
pub mod followups;
pub mod hearing;
pub mod hearing_form;
pub mod list;
pub mod live;
pub mod live_items;
pub mod scoring;
pub mod scoring_amend;
pub mod spotcheck;
pub mod suggestions;
