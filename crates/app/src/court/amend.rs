//! Amending what is settled (修订), and deleting what is not.

use super::*;

impl Court {
    pub fn amend(
        &mut self,
        appearance_id: i64,
        sets: &[(String, String)],
        reason: &str,
        by: &str,
    ) -> Result<Vec<Amendment>> {
        self.judge_may(by)?;
        self.store.amend(appearance_id, sets, reason, by)
    }

    pub fn amendments_of(&self, appearance_id: i64) -> Result<Vec<Amendment>> {
        self.store.amendments_of(appearance_id)
    }

    pub fn appearance_has_marks(&self, appearance_id: i64) -> Result<bool> {
        self.store.appearance_has_marks(appearance_id)
    }

    pub fn hearing_has_marks(&self, hearing_id: i64) -> Result<bool> {
        self.store.hearing_has_marks(hearing_id)
    }

    pub fn appearances_of_case(&self, case_number: &str) -> Result<Vec<(i64, String, String)>> {
        self.store.appearances_of_case(case_number)
    }

    /// The evaluation sheets (评议表) of these appearances (see `report::sheet`).
    pub fn sheets(
        &self,
        court: &str,
        appearances: &[i64],
    ) -> Result<Vec<crate::report::sheet_doc::Sheet>> {
        crate::report::sheet::sheets(&self.store, court, appearances)
    }

    /// The appearances of the hearings held from `from` to `to` (of `agency` only, when named),
    /// in the hearings' order.
    pub fn appearances_between(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        agency: Option<&str>,
    ) -> Result<Vec<i64>> {
        crate::report::sheet::appearances_between(&self.store, from, to, agency)
    }

    pub fn delete_appearance(&mut self, appearance_id: i64, reason: &str) -> Result<()> {
        self.store.delete_appearance(appearance_id, reason)
    }

    pub fn delete_hearing(&mut self, hearing_id: i64, reason: &str) -> Result<()> {
        self.store.delete_hearing(hearing_id, reason)
    }
}
