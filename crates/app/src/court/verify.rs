//! Accountability: the audit log checked, and a case's history.

use super::*;

impl Court {
    /// The audit log's head: its last entry's number and hash (what a backup or a court's IT
    /// notes down to tell later that nothing was rewritten).
    pub fn chain_head(&self) -> Result<(i64, String)> {
        self.store.chain_head()
    }

    pub fn history(&self, case_number: &str) -> Result<Vec<audit::Entry>> {
        self.store.history(case_number)
    }

    /// The agencies a case's history names by id (see `Store::history_names`).
    pub fn history_names(
        &self,
        case_number: &str,
        entries: &[audit::Entry],
    ) -> Result<audit::Names> {
        self.store.history_names(case_number, entries)
    }

    pub fn verify(&self) -> Result<audit::Verified> {
        self.store.verify()
    }
}
