//! Judgment performance outcomes recorded after an evaluation was finalized. The evaluation's own
//! marks stay locked (a batch that reported it re-exports the same numbers); the outcome and the
//! score it leads to live beside it until a batch reports them, and are locked from then on.

use super::audit::{Action, Change, Entity};
use super::evaluations::{appearance_flags, encode_dims, marks_of, rubric_of};
use super::{Result, Store, StoreError, now};
use crate::domain::performance;
use crate::domain::rubric::Rubric;
use crate::domain::scoring::{self, Marks, Score};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use tingping_core::msg::{Msg, msg, msgf};

/// A recorded outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerformanceRecord {
    /// the rubric option chosen (on_time, late, enforced, refused, not_applicable)
    pub option: String,
    /// the level item's mark value for that option
    pub value: i64,
    /// the day the outcome became known (the day it is entered, from the app)
    pub recorded_on: String,
    pub recorded_by: String,
    pub recorded_at: String,
    /// the batch that reported it; from then on it is locked
    pub batch: Option<String>,
}

/// A finalized evaluation of a case: which agency, which hearing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseEvaluation {
    pub agency: String,
    pub hearing_date: String,
    pub evaluation_id: i64,
    pub appearance_id: i64,
}

pub(crate) fn record_of(conn: &Connection, eval_id: i64) -> Result<Option<PerformanceRecord>> {
    Ok(conn
        .query_row(
            "SELECT o.option, o.value, o.recorded_on, o.recorded_by, o.recorded_at, b.batch_id
             FROM performance_outcomes o LEFT JOIN batch_outcomes b ON b.evaluation_id = o.evaluation_id
             WHERE o.evaluation_id = ?1",
            [eval_id],
            |r| {
                Ok(PerformanceRecord {
                    option: r.get("option")?,
                    value: r.get("value")?,
                    recorded_on: r.get("recorded_on")?,
                    recorded_by: r.get("recorded_by")?,
                    recorded_at: r.get("recorded_at")?,
                    batch: r.get("batch_id")?,
                })
            },
        )
        .optional()?)
}

/// The marks with a recorded outcome laid over the locked performance mark.
pub(crate) fn overlay(
    conn: &Connection,
    cache: &RefCell<HashMap<String, Rc<Rubric>>>,
    eval_id: i64,
    marks: &mut Marks,
) -> Result<Option<PerformanceRecord>> {
    let rec = record_of(conn, eval_id)?;
    if let Some(rec) = &rec {
        let rubric = rubric_of(conn, cache, eval_id)?;
        if let Some((item, _)) = performance::level_item(&rubric) {
            marks.insert(item.id.clone(), rec.value);
        }
    }
    Ok(rec)
}

/// What the notices said about the evaluation's appearance before an outcome changes it.
fn remember(
    conn: &Connection,
    cache: &RefCell<HashMap<String, Rc<Rubric>>>,
    scope: &crate::domain::scope::Scope,
    eval_id: i64,
) -> Result<()> {
    let appearance: i64 = conn.query_row(
        "SELECT appearance_id FROM evaluations WHERE id = ?1",
        [eval_id],
        |r| r.get("appearance_id"),
    )?;
    let reader = super::records::Reader::plain(conn, cache, scope);
    super::corrections::remember_statement(&reader, appearance)
}

/// Recomputes the cached score of an evaluation's recorded outcome (after an amendment).
pub(crate) fn refresh(
    conn: &Connection,
    cache: &RefCell<HashMap<String, Rc<Rubric>>>,
    eval_id: i64,
) -> Result<()> {
    let (mut marks, _) = marks_of(conn, eval_id)?;
    if overlay(conn, cache, eval_id, &mut marks)?.is_none() {
        return Ok(());
    }
    let rubric = rubric_of(conn, cache, eval_id)?;
    let (flags, head) = appearance_flags(conn, eval_id)?;
    let score = scoring::score(&rubric, &marks, &flags, head);
    conn.execute(
        "UPDATE performance_outcomes SET total_tenths = ?2, grade = ?3, flags = ?4, dims = ?5 WHERE evaluation_id = ?1",
        params![eval_id, score.total_tenths, score.grade, score.flags.join(","), encode_dims(&score)],
    )?;
    Ok(())
}

/// Refuses when a batch has reported the evaluation's outcome: from then on it is locked.
fn ensure_unreported(conn: &Connection, eval_id: i64) -> Result<()> {
    match record_of(conn, eval_id)?.and_then(|r| r.batch) {
        Some(batch) => Err(StoreError::Refused(msgf(
            "perf.err.reported",
            &[("batch", &batch)],
        ))),
        None => Ok(()),
    }
}

impl Store {
    /// The recorded outcome of an evaluation, if any.
    pub fn performance(&self, eval_id: i64) -> Result<Option<PerformanceRecord>> {
        record_of(&self.conn, eval_id)
    }

    /// Records (or, until a batch reports it, changes) the judgment performance outcome of a
    /// finalized evaluation whose performance was left pending. Returns the score it leads to.
    pub fn record_performance(
        &mut self,
        eval_id: i64,
        option: &str,
        by: &str,
        on: NaiveDate,
    ) -> Result<Score> {
        let by = &super::text_in("col.recorded_by", by, crate::domain::text::NAME_MAX)?;
        if by.is_empty() {
            return Err(StoreError::Refused(msg("perf.err.by")));
        }
        let tx = self.conn.transaction()?;
        let status = super::evaluations::eval_status(&tx, eval_id)?;
        let rubric = rubric_of(&tx, &self.rubrics, eval_id)?;
        let (marks, _) = marks_of(&tx, eval_id)?;
        let record = record_of(&tx, eval_id)?;
        let recorded = record.as_ref().map(|r| r.batch.as_deref());
        performance::may_record(status, recorded, &rubric, &marks)
            .map_err(|why| StoreError::Refused(why.message()))?;
        remember(&tx, &self.rubrics, &self.scope, eval_id)?;
        let (with, value) = performance::apply(&rubric, &marks, option)
            .ok_or_else(|| StoreError::Refused(msgf("perf.err.option", &[("value", &option)])))?;
        let hearing_date: String = tx.query_row(
            "SELECT h.date FROM evaluations e JOIN appearances a ON a.id = e.appearance_id
             JOIN hearings h ON h.id = a.hearing_id WHERE e.id = ?1",
            [eval_id],
            |r| r.get("date"),
        )?;
        if on.to_string() < hearing_date {
            return Err(StoreError::Refused(msgf(
                "perf.err.before_hearing",
                &[("on", &on), ("date", &hearing_date)],
            )));
        }
        if !performance::awaiting(&rubric, &marks) {
            return Err(StoreError::Refused(msg("perf.err.not_pending")));
        }
        // an outcome that says the deadline passed (performed late, enforced, refused) is not
        // recorded on or before the deadline entered for it
        if performance::says_deadline_passed(option) {
            let deadline: Option<String> = tx.query_row(
                "SELECT a.performance_deadline AS deadline FROM evaluations e
                 JOIN appearances a ON a.id = e.appearance_id WHERE e.id = ?1",
                [eval_id],
                |r| r.get("deadline"),
            )?;
            if let Some(d) = deadline.filter(|d| !d.is_empty())
                && on.to_string() <= d
            {
                return Err(StoreError::Refused(
                    Msg::new("perf.err.before_deadline")
                        .nest("outcome", performance::label(&rubric, option))
                        .arg("on", on)
                        .arg("deadline", d),
                ));
            }
        }
        let (flags, head) = appearance_flags(&tx, eval_id)?;
        let score = scoring::score(&rubric, &with, &flags, head);
        let before = record_of(&tx, eval_id)?
            .map(|r| r.option)
            .or_else(|| performance::option_of(&rubric, &marks))
            // ("": a rubric without a level item has no option to name)
            .unwrap_or_default();
        tx.execute(
            "INSERT INTO performance_outcomes(evaluation_id, option, value, recorded_on, recorded_by, recorded_at, total_tenths, grade, flags, dims)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT(evaluation_id) DO UPDATE SET option = excluded.option, value = excluded.value,
               recorded_on = excluded.recorded_on, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at,
               total_tenths = excluded.total_tenths, grade = excluded.grade, flags = excluded.flags, dims = excluded.dims",
            params![
                eval_id,
                option,
                value,
                on.to_string(),
                by,
                now(),
                score.total_tenths,
                score.grade,
                score.flags.join(","),
                encode_dims(&score)
            ],
        )?;
        let c = Change {
            by,
            ..Change::new(Action::Perform, Entity::Evaluation, eval_id).field(
                "performance",
                &before,
                option,
            )
        };
        super::log(&self.operator, &tx, c)?;
        tx.commit()?;
        Ok(score)
    }

    /// The finalized evaluations of a case (canonical number), oldest hearing first.
    pub fn finalized_of_case(&self, case_number: &str) -> Result<Vec<CaseEvaluation>> {
        let mut st = self.conn.prepare(
            "SELECT g.name AS agency, h.date AS hearing_date, e.id AS evaluation_id, a.id AS appearance_id
             FROM evaluations e JOIN appearances a ON a.id = e.appearance_id
             JOIN agencies g ON g.id = a.agency_id JOIN hearings h ON h.id = a.hearing_id
             WHERE h.case_number = ?1 AND e.status <> 'draft' ORDER BY h.date, h.id, a.id",
        )?;
        let rows = st.query_map([case_number], |r| {
            Ok(CaseEvaluation {
                agency: r.get("agency")?,
                hearing_date: r.get("hearing_date")?,
                evaluation_id: r.get("evaluation_id")?,
                appearance_id: r.get("appearance_id")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The rubric an evaluation was scored with.
    pub fn rubric_of_evaluation(&self, eval_id: i64) -> Result<Rc<Rubric>> {
        rubric_of(&self.conn, &self.rubrics, eval_id)
    }

    /// Takes back an outcome recorded by mistake, while no batch has reported it.
    pub fn clear_performance(&mut self, eval_id: i64) -> Result<()> {
        let tx = self.conn.transaction()?;
        ensure_unreported(&tx, eval_id)?;
        remember(&tx, &self.rubrics, &self.scope, eval_id)?;
        // ("": nothing recorded, and then nothing is taken back or logged)
        let before = record_of(&tx, eval_id)?
            .map(|r| r.option)
            .unwrap_or_default();
        let n = tx.execute(
            "DELETE FROM performance_outcomes WHERE evaluation_id = ?1",
            [eval_id],
        )?;
        if n > 0 {
            super::log(
                &self.operator,
                &tx,
                Change::new(Action::Perform, Entity::Evaluation, eval_id).field(
                    "performance",
                    &before,
                    "",
                ),
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}
