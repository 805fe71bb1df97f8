//! 庭评's core: what the numbers mean. The domain's kinds, case numbers, the rubric and scoring,
//! lifecycle rules, the indicators registry, the interchange format and the notice's template —
//! pure, with no database, no terminal, no file I/O and no words: what it has to say is a
//! [`msg::Msg`] (a catalog key and its arguments), put into the user's language at the edges.

pub mod domain;
pub mod msg;
