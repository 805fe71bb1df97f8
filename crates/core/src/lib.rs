//! 庭评's core: what the numbers mean. The domain's kinds, case numbers, the rubric and scoring,
//! lifecycle rules, the indicators registry, the interchange format and the notice's template —
//! pure, with no database, no terminal and no file I/O. The message catalog lives here for now
//! (the domain's labels and errors read it); the architecture issue moves it to the edges.

pub mod domain;
pub mod i18n;
