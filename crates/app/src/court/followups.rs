//! Judgment performance (判决履行): the worklist, its dates and outcomes.

use super::*;

impl Court {
    /// What was recorded of an evaluation's judgment performance: the outcome, by whom, when.
    pub fn performance(&self, eval_id: i64) -> Result<Option<tingping_store::PerformanceRecord>> {
        self.store.performance(eval_id)
    }

    pub fn clear_performance(&mut self, eval_id: i64) -> Result<()> {
        self.store.clear_performance(eval_id)
    }

    pub fn finalized_of_case(&self, case_number: &str) -> Result<Vec<CaseEvaluation>> {
        self.store.finalized_of_case(case_number)
    }

    pub fn followups(&self, today: NaiveDate, overdue_only: bool) -> Result<Vec<Followup>> {
        self.store.followups(today, overdue_only)
    }

    pub fn judgment_dates(
        &self,
        appearance_id: i64,
    ) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
        self.store.judgment_dates(appearance_id)
    }

    pub fn record_performance(
        &mut self,
        eval_id: i64,
        option: &str,
        by: &str,
        on: NaiveDate,
    ) -> Result<Score> {
        self.store.record_performance(eval_id, option, by, on)
    }

    pub fn set_judgment_dates(
        &mut self,
        appearance_id: i64,
        effective: Option<NaiveDate>,
        deadline: Option<NaiveDate>,
    ) -> Result<()> {
        self.store
            .set_judgment_dates(appearance_id, effective, deadline)
    }
}
