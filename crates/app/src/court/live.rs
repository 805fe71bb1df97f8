//! Live scoring during the hearing: each key press an event in the log.

use super::*;

impl Court {
    /// The last `n` events of an evaluation's log, newest first (live mode's list).
    pub fn recent_events(&self, eval_id: i64, n: usize) -> Result<Vec<Event>> {
        self.store.recent_events(eval_id, n)
    }

    pub fn events(&self, eval_id: i64) -> Result<Vec<Event>> {
        self.store.events(eval_id)
    }

    pub fn events_for_case(&self, case_number: &str) -> Result<Vec<(String, Event)>> {
        self.store.events_for_case(case_number)
    }

    pub fn record_mark(
        &mut self,
        eval_id: i64,
        item_id: &str,
        m: &Moment,
    ) -> Result<(Event, Score)> {
        self.store.record_mark(eval_id, item_id, m)
    }

    pub fn record_note(&mut self, eval_id: i64, text: &str, m: &Moment) -> Result<Event> {
        self.store.record_note(eval_id, text, m)
    }

    pub fn record_stage(&mut self, eval_id: i64, stage: Stage, m: &Moment) -> Result<Event> {
        self.store.record_stage(eval_id, stage, m)
    }

    pub fn record_undo(&mut self, eval_id: i64, m: &Moment) -> Result<Option<(Event, Score)>> {
        self.store.record_undo(eval_id, m)
    }

    pub fn start_live(&mut self, hearing_id: i64, now_ms: i64) -> Result<(i64, Option<Stage>)> {
        self.store.start_live(hearing_id, now_ms)
    }
}
