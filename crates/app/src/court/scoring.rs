//! Scoring an appearance on the rubric: marks, notes, the comment, finalizing.

use super::*;

impl Court {
    pub fn evaluation(&self, id: i64) -> Result<Evaluation> {
        self.store.evaluation(id)
    }

    pub fn evaluation_for(&mut self, appearance_id: i64, rubric: &Rubric) -> Result<Evaluation> {
        self.store.evaluation_for(appearance_id, rubric)
    }

    pub fn evaluation_id_of(&self, appearance_id: i64) -> Result<Option<(i64, EvalStatus)>> {
        self.store.evaluation_id_of(appearance_id)
    }

    pub fn finalize(&mut self, eval_id: i64, judge: &str) -> Result<()> {
        self.judge_may(judge)?;
        self.store.finalize(eval_id, judge)
    }

    pub fn score_of(&self, eval_id: i64) -> Result<Score> {
        self.store.score_of(eval_id)
    }

    pub fn set_comment(&mut self, eval_id: i64, comment: &str) -> Result<()> {
        self.store.set_comment(eval_id, comment)
    }

    pub fn set_mark(&mut self, eval_id: i64, item_id: &str, value: i64) -> Result<Score> {
        self.store.set_mark(eval_id, item_id, value)
    }

    pub fn set_mark_note(&mut self, eval_id: i64, item_id: &str, note: &str) -> Result<()> {
        self.store.set_mark_note(eval_id, item_id, note)
    }

    pub fn rubric_of_evaluation(&self, eval_id: i64) -> Result<Rc<Rubric>> {
        self.store.rubric_of_evaluation(eval_id)
    }
}
