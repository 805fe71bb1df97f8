//! Amendments (修订) of settled records, and deleting what was entered by mistake before it settled.
//! An amendment keeps the original in the audit log and in `amendments` (old, new, reason, the
//! judge who confirmed it); one of something a batch already reported goes out as a correction
//! (更正) with the next month's batch.

use super::audit::{self, Action, Change, Entity};
use super::evaluations::{mark_of, recompute};
use super::types::RowKinds;
use super::{Result, Store, StoreError, text_in};
use crate::domain::amend::{self, AppearanceField, Field, HearingField};
use crate::domain::model::AppearCategory;
use crate::domain::performance;
use crate::domain::rubric::{ItemKind, Rubric};
use crate::domain::text::{NAME_MAX, TEXT_MAX};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::rc::Rc;
use tingping_core::msg::{Msg, msg};

/// An amendment as kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Amendment {
    pub id: i64,
    /// stable across courts: the upper court applies a correction once
    pub uid: String,
    pub case_number: String,
    pub hearing_date: String,
    /// the agency, "" for a hearing's field
    pub agency: String,
    /// the appearance's stable id ("" for a hearing's field)
    pub appearance_uid: String,
    /// hearing, appearance or evaluation
    pub target: String,
    pub field: String,
    pub old: String,
    pub new: String,
    pub reason: String,
    pub by: String,
    pub operator: String,
    pub at: String,
    /// the audit entry that records it
    pub audit_seq: i64,
    /// the batch that had reported what it changes ("" when nothing was reported yet)
    pub reported_in: String,
    /// the batch that reported the correction
    pub corrected_in: Option<String>,
}

pub(crate) const AMENDMENT_SELECT: &str = "SELECT m.id, m.uid, h.case_number, h.date AS hearing_date,
        coalesce(g.name, '') AS agency, coalesce(a.uid, '') AS appearance_uid, m.target, m.field,
        m.old, m.new, m.reason, m.by_name, m.operator, m.at, m.audit_seq, m.reported_in, m.corrected_in, m.hearing_id, m.appearance_id
     FROM amendments m JOIN hearings h ON h.id = m.hearing_id
     LEFT JOIN appearances a ON a.id = m.appearance_id LEFT JOIN agencies g ON g.id = a.agency_id";

pub(crate) fn amendment_from(r: &rusqlite::Row) -> rusqlite::Result<Amendment> {
    Ok(Amendment {
        id: r.get("id")?,
        uid: r.get("uid")?,
        case_number: r.get("case_number")?,
        hearing_date: r.get("hearing_date")?,
        agency: r.get("agency")?,
        appearance_uid: r.get("appearance_uid")?,
        target: r.get("target")?,
        field: r.get("field")?,
        old: r.get("old")?,
        new: r.get("new")?,
        reason: r.get("reason")?,
        by: r.get("by_name")?,
        operator: r.get("operator")?,
        at: r.get("at")?,
        audit_seq: r.get("audit_seq")?,
        reported_in: r.get("reported_in")?,
        corrected_in: r.get("corrected_in")?,
    })
}

/// A column's value as text (a number as its digits, null as "").
fn text_of(v: ValueRef) -> String {
    match v {
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
    }
}

/// The batch that reported an appearance (its claim, or its judgment performance outcome), if any.
fn reported_in(conn: &Connection, appearance_id: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT batch_id FROM batch_items WHERE appearance_id = ?1
         UNION ALL SELECT o.batch_id FROM batch_outcomes o JOIN evaluations e ON e.id = o.evaluation_id WHERE e.appearance_id = ?1
         LIMIT 1",
        [appearance_id],
        |r| r.get("batch_id"),
    )
    .optional()
}

/// Recomputes an evaluation's cached score, and that of its recorded performance outcome.
fn rescore(
    conn: &Connection,
    rubrics: &std::cell::RefCell<std::collections::HashMap<String, Rc<Rubric>>>,
    eval_id: i64,
) -> Result<()> {
    recompute(conn, rubrics, eval_id)?;
    super::performance::refresh(conn, rubrics, eval_id)
}

impl Store {
    /// Amends settled records of an appearance — its evaluation's marks and comment, its own
    /// fields, its hearing's fields — each `(field, value)` in `sets` as the amendment command
    /// names them. Refused unless the appearance is finalized or reported (before that it is
    /// edited in place), without a reason, or without the judge's name. Returns what changed (a
    /// value that stays the same is not an amendment).
    pub fn amend(
        &mut self,
        appearance_id: i64,
        sets: &[(String, String)],
        reason: &str,
        by: &str,
    ) -> Result<Vec<Amendment>> {
        let reason = text_in("amend.reason", reason, TEXT_MAX)?;
        let by = text_in("field.judge", by, NAME_MAX)?;
        let (reason, by) = (reason.trim(), by.trim());
        if reason.is_empty() {
            return Err(StoreError::Refused(msg("amend.err.reason")));
        }
        if by.is_empty() {
            return Err(StoreError::Refused(msg("store.err.judge_name")));
        }
        if sets.is_empty() {
            return Err(StoreError::Refused(msg("amend.err.nothing")));
        }
        let tx = self.conn.transaction()?;
        let (hearing_id, eval): (i64, Option<i64>) = tx
            .query_row(
                "SELECT a.hearing_id, e.id AS evaluation_id FROM appearances a LEFT JOIN evaluations e ON e.appearance_id = a.id WHERE a.id = ?1",
                [appearance_id],
                |r| Ok((r.get("hearing_id")?, r.get("evaluation_id")?)),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("appearance {appearance_id}")))?;
        if !super::hearings::settled(&tx, appearance_id)? {
            return Err(StoreError::Refused(msg("amend.err.not_settled")));
        }
        let rubric = match eval {
            Some(e) => Some(super::evaluations::rubric_of(&tx, &self.rubrics, e)?),
            None => None,
        };
        // (an absence has no evaluation: the fields are named as the built-in rubric names them)
        let parse_rubric = rubric
            .clone()
            .unwrap_or_else(|| Rc::new(Rubric::default_rubric()));
        let reported = reported_in(&tx, appearance_id)?;
        // a hearing's field is reported with every appearance of the hearing a batch reported
        let hearing_reported: Option<String> = tx
            .query_row(
                "SELECT b.batch_id FROM batch_items b JOIN appearances a ON a.id = b.appearance_id
                 WHERE a.hearing_id = ?1 ORDER BY b.batch_id LIMIT 1",
                [hearing_id],
                |r| r.get("batch_id"),
            )
            .optional()?;
        // what the notices said before this change, for the next batch's 更正说明
        let affected: Vec<i64> = if sets
            .iter()
            .any(|(f, _)| HearingField::from_id(f.trim()).is_some())
        {
            tx.prepare("SELECT id FROM appearances WHERE hearing_id = ?1")?
                .query_map([hearing_id], |r| r.get("id"))?
                .collect::<rusqlite::Result<_>>()?
        } else {
            vec![appearance_id]
        };
        {
            let reader = super::records::Reader::plain(&tx, &self.rubrics, &self.scope);
            for id in affected {
                super::corrections::remember_statement(&reader, id)?;
            }
        }
        let mut done = Vec::new();
        for (name, input) in sets {
            let field = Field::parse(&parse_rubric, name).map_err(StoreError::Refused)?;
            // a name (person, title, cause, court, judge, clerk) is as long as the forms allow
            let max = match &field {
                Field::Comment => TEXT_MAX,
                _ => NAME_MAX,
            };
            let input = text_in("amend.value", input, max)?;
            let value = amend::value(&parse_rubric, &field, &input).map_err(StoreError::Refused)?;
            // what `amend::value` gave is checked again where it is taken as a number or a kind:
            // one that is not is refused, never taken as 0 or as what was there
            let refuse = |why: Msg| {
                StoreError::Refused(
                    Msg::new("amend.err.value")
                        .arg("field", field.id())
                        .arg("value", &value)
                        .nest("why", why),
                )
            };
            let (entity, id, old, new) = match &field {
                Field::Item(item) => {
                    let (Some(e), Some(rubric)) = (eval, &rubric) else {
                        return Err(StoreError::Refused(msg("amend.err.no_evaluation")));
                    };
                    let n = value.parse().map_err(|_| refuse(msg("amend.err.number")))?;
                    let (old, new) = set_item(&tx, rubric, e, item, n)?;
                    (Entity::Evaluation, e, old, new)
                }
                Field::Comment => {
                    let Some(e) = eval else {
                        return Err(StoreError::Refused(msg("amend.err.no_evaluation")));
                    };
                    let old = set_column(&tx, "evaluations", "comment", e, &value)?;
                    (Entity::Evaluation, e, old, value)
                }
                Field::Appearance(f) => {
                    if *f == AppearanceField::Category {
                        // whether someone appeared decides whether there is an evaluation: that
                        // cannot change on a settled record
                        let now: AppearCategory = tx.query_row(
                            "SELECT category FROM appearances WHERE id = ?1",
                            [appearance_id],
                            |r| r.kind("category"),
                        )?;
                        let to = AppearCategory::from_id(&value).ok_or_else(|| {
                            let ids: Vec<&str> =
                                AppearCategory::ALL.iter().map(|c| c.id()).collect();
                            refuse(Msg::new("amend.err.one_of").arg("ids", ids.join(", ")))
                        })?;
                        if now.scorable() != to.scorable() {
                            return Err(StoreError::Refused(msg("amend.err.absence")));
                        }
                    }
                    let old = set_column(&tx, "appearances", f.id(), appearance_id, &value)?;
                    (Entity::Appearance, appearance_id, old, value)
                }
                Field::Hearing(f) => {
                    // a held hearing's date is corrected, not moved: never to a day that has not
                    // come, and a reported one never out of the month its notice reported it in
                    if *f == HearingField::Date {
                        let to = chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d")
                            .map_err(|_| StoreError::Refused(msg("field.err.date")))?;
                        let today = chrono::Local::now().date_naive();
                        if to > today {
                            return Err(StoreError::Refused(
                                Msg::new("amend.err.date_future")
                                    .arg("date", to)
                                    .arg("today", today),
                            ));
                        }
                        let reported: Option<(String, String, String)> = tx
                            .query_row(
                                "SELECT b.id AS id, b.period_from AS period_from, b.period_to AS period_to
                                 FROM batch_items i JOIN batches b ON b.id = i.batch_id
                                 JOIN appearances a ON a.id = i.appearance_id
                                 WHERE a.hearing_id = ?1 AND b.kind = 'month' LIMIT 1",
                                [hearing_id],
                                |r| Ok((r.get("id")?, r.get("period_from")?, r.get("period_to")?)),
                            )
                            .optional()?;
                        if let Some((batch, from, to_day)) = reported
                            && !(from.as_str()..=to_day.as_str()).contains(&value.as_str())
                        {
                            return Err(StoreError::Refused(
                                Msg::new("amend.err.date_out_of_batch")
                                    .arg("date", to)
                                    .arg("batch", batch),
                            ));
                        }
                    }
                    if *f == HearingField::CaseNumber {
                        self.scope.check(&value).map_err(StoreError::Refused)?;
                        let (case_type, court_code) = super::schema::case_parts(&value);
                        tx.execute(
                            "UPDATE hearings SET case_type = ?2, court_code = ?3 WHERE id = ?1",
                            params![hearing_id, case_type, court_code],
                        )?;
                    }
                    let old = set_column(&tx, "hearings", f.id(), hearing_id, &value)?;
                    (Entity::Hearing, hearing_id, old, value)
                }
            };
            if let Some(e) = eval {
                rescore(&tx, &self.rubrics, e)?;
            }
            if old == new {
                continue;
            }
            let seq = audit::record(
                &tx,
                &self.operator,
                Change {
                    reason,
                    by,
                    ..Change::new(Action::Amend, entity, id).field(field.id(), &old, &new)
                },
            )?;
            tx.execute(
                "INSERT INTO amendments(uid, hearing_id, appearance_id, target, field, old, new, reason, by_name, operator, at, audit_seq, reported_in)
                 VALUES (lower(hex(randomblob(16))), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    hearing_id,
                    (entity != Entity::Hearing).then_some(appearance_id),
                    entity.id(),
                    field.id(),
                    old,
                    new,
                    reason,
                    by,
                    self.operator,
                    super::now(),
                    seq,
                    if entity == Entity::Hearing {
                        hearing_reported.clone().or_else(|| reported.clone())
                    } else {
                        reported.clone()
                    }
                    // ("": nothing reported yet)
                    .unwrap_or_default()
                ],
            )?;
            let id = tx.last_insert_rowid();
            done.push(tx.query_row(
                &format!("{AMENDMENT_SELECT} WHERE m.id = ?1"),
                [id],
                amendment_from,
            )?);
        }
        if done.is_empty() {
            return Err(StoreError::Refused(msg("amend.err.same")));
        }
        tx.commit()?;
        Ok(done)
    }

    /// The amendments of an appearance and of its hearing, oldest first.
    pub fn amendments_of(&self, appearance_id: i64) -> Result<Vec<Amendment>> {
        let mut st = self.conn.prepare(&format!(
            "{AMENDMENT_SELECT} WHERE m.appearance_id = ?1
                OR (m.appearance_id IS NULL AND m.hearing_id = (SELECT hearing_id FROM appearances WHERE id = ?1))
             ORDER BY m.id"
        ))?;
        let rows = st.query_map([appearance_id], amendment_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The appearances of a case (canonical number): (appearance id, agency, hearing date).
    pub fn appearances_of_case(&self, case_number: &str) -> Result<Vec<(i64, String, String)>> {
        let mut st = self.conn.prepare(
            "SELECT a.id, g.name, h.date FROM appearances a JOIN hearings h ON h.id = a.hearing_id
             JOIN agencies g ON g.id = a.agency_id WHERE h.case_number = ?1 ORDER BY h.date, h.id, a.id",
        )?;
        let rows = st.query_map([case_number], |r| {
            Ok((r.get("id")?, r.get("name")?, r.get("date")?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Deletes an appearance entered by mistake, with its draft evaluation: refused once it is
    /// settled (an amendment then), and without a reason when it has marks. Its records leave the
    /// lists; the audit log keeps what they were.
    pub fn delete_appearance(&mut self, appearance_id: i64, reason: &str) -> Result<()> {
        let reason = text_in("amend.reason", reason, TEXT_MAX)?;
        let tx = self.conn.transaction()?;
        delete_appearance_in(&tx, &self.operator, appearance_id, reason.trim())?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes a hearing entered by mistake, with its appearances and draft evaluations (see
    /// [`Store::delete_appearance`]).
    pub fn delete_hearing(&mut self, hearing_id: i64, reason: &str) -> Result<()> {
        let reason = text_in("amend.reason", reason, TEXT_MAX)?;
        let reason = reason.trim();
        let tx = self.conn.transaction()?;
        let ids: Vec<i64> = tx
            .prepare("SELECT id FROM appearances WHERE hearing_id = ?1 ORDER BY id")?
            .query_map([hearing_id], |r| r.get("id"))?
            .collect::<rusqlite::Result<_>>()?;
        if audit::state(&tx, Entity::Hearing, hearing_id)?.is_none() {
            return Err(StoreError::NotFound(format!("hearing {hearing_id}")));
        }
        for id in ids {
            delete_appearance_in(&tx, &self.operator, id, reason)?;
        }
        // (it exists: checked above)
        let before = audit::state(&tx, Entity::Hearing, hearing_id)?.unwrap_or_default();
        audit::record_deletion(
            &tx,
            &self.operator,
            Change {
                reason,
                ..Change::new(Action::Delete, Entity::Hearing, hearing_id).field("", &before, "")
            },
        )?;
        tx.execute("DELETE FROM hearings WHERE id = ?1", [hearing_id])?;
        tx.commit()?;
        Ok(())
    }

    /// Whether deleting an appearance needs a reason (its evaluation has marks or a live log).
    pub fn appearance_has_marks(&self, appearance_id: i64) -> Result<bool> {
        Ok(has_marks(&self.conn, appearance_id)?)
    }

    /// Whether deleting a hearing needs a reason (one of its evaluations has marks).
    pub fn hearing_has_marks(&self, hearing_id: i64) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM appearances a JOIN evaluations e ON e.appearance_id = a.id
                WHERE a.hearing_id = ?1 AND (EXISTS (SELECT 1 FROM marks m WHERE m.evaluation_id = e.id AND (m.value <> 0 OR m.note <> ''))
                    OR EXISTS (SELECT 1 FROM events v WHERE v.evaluation_id = e.id) OR e.comment <> '')) AS marked",
            [hearing_id],
            |r| r.get("marked"),
        )?)
    }
}

fn has_marks(conn: &Connection, appearance_id: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM evaluations e WHERE e.appearance_id = ?1
            AND (EXISTS (SELECT 1 FROM marks m WHERE m.evaluation_id = e.id AND (m.value <> 0 OR m.note <> ''))
                 OR EXISTS (SELECT 1 FROM events v WHERE v.evaluation_id = e.id) OR e.comment <> '')) AS marked",
        [appearance_id],
        |r| r.get("marked"),
    )
}

fn delete_appearance_in(
    tx: &Connection,
    operator: &str,
    appearance_id: i64,
    reason: &str,
) -> Result<()> {
    if audit::state(tx, Entity::Appearance, appearance_id)?.is_none() {
        return Err(StoreError::NotFound(format!("appearance {appearance_id}")));
    }
    if super::hearings::settled(tx, appearance_id)? {
        return Err(StoreError::Refused(msg("delete.err.settled")));
    }
    super::suggestions::refuse_if_suggested(tx, &[appearance_id])?;
    if reason.is_empty() && has_marks(tx, appearance_id)? {
        return Err(StoreError::Refused(msg("delete.err.reason")));
    }
    let eval: Option<i64> = tx
        .query_row(
            "SELECT id FROM evaluations WHERE appearance_id = ?1",
            [appearance_id],
            |r| r.get("id"),
        )
        .optional()?;
    if let Some(e) = eval {
        // (it exists: just read)
        let before = audit::state(tx, Entity::Evaluation, e)?.unwrap_or_default();
        audit::record_deletion(
            tx,
            operator,
            Change {
                reason,
                ..Change::new(Action::Delete, Entity::Evaluation, e).field("", &before, "")
            },
        )?;
        tx.execute("DELETE FROM evaluations WHERE id = ?1", [e])?;
    }
    // (it exists: checked above)
    let before = audit::state(tx, Entity::Appearance, appearance_id)?.unwrap_or_default();
    audit::record_deletion(
        tx,
        operator,
        Change {
            reason,
            ..Change::new(Action::Delete, Entity::Appearance, appearance_id).field("", &before, "")
        },
    )?;
    tx.execute("DELETE FROM appearances WHERE id = ?1", [appearance_id])?;
    Ok(())
}

/// Sets a column of a settled record (the amendment's caller checked the field); returns its old
/// value as text.
fn set_column(tx: &Connection, table: &str, column: &str, id: i64, value: &str) -> Result<String> {
    let old: String = tx.query_row(
        &format!("SELECT {column} FROM {table} WHERE id = ?1"),
        [id],
        |r| Ok(text_of(r.get_ref(column)?)),
    )?;
    let numeric = matches!(
        column,
        "notified" | "reason_accepted" | "absent_after_postponement" | "online"
    );
    if numeric {
        tx.execute(
            &format!("UPDATE {table} SET {column} = ?2 WHERE id = ?1"),
            params![
                id,
                value.parse::<i64>().map_err(|_| StoreError::Refused(
                    Msg::new("amend.err.value")
                        .arg("field", column)
                        .arg("value", value)
                        .nest("why", msg("amend.err.yes_no"))
                ))?
            ],
        )?;
    } else {
        tx.execute(
            &format!("UPDATE {table} SET {column} = ?2 WHERE id = ?1"),
            params![id, value],
        )?;
    }
    Ok(old)
}

/// Sets an item's mark on a settled evaluation; the level item (判决履行) goes to its recorded
/// outcome when there is one. Returns (old, new) as shown: an option's id for the level item.
fn set_item(
    tx: &Connection,
    rubric: &Rubric,
    eval_id: i64,
    item: &str,
    value: i64,
) -> Result<(String, String)> {
    let (_, it) = rubric
        .item(item)
        .ok_or_else(|| StoreError::NotFound(format!("item {item}")))?;
    if let ItemKind::Level { options } = &it.kind {
        // a mark past the item's options (one stored, one given) is an error naming it, never ""
        let option = |v: i64| -> Result<String> {
            if v <= 0 {
                Ok("pending".to_string())
            } else {
                options
                    .get(v as usize - 1)
                    .map(|o| o.id.clone())
                    .ok_or_else(|| {
                        StoreError::Unreadable(
                            format!("evaluations {eval_id} {item}").into(),
                            v.to_string(),
                        )
                    })
            }
        };
        let new = option(value)?;
        let outcome: Option<(String, i64)> = tx
            .query_row(
                "SELECT option, value FROM performance_outcomes WHERE evaluation_id = ?1",
                [eval_id],
                |r| Ok((r.get("option")?, r.get("value")?)),
            )
            .optional()?;
        // an outcome a batch reported is its own record: corrected only by a new one; one not
        // recorded yet is recorded as a follow-up (tingping perform), not amended into the
        // evaluation
        let reported: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM batch_outcomes WHERE evaluation_id = ?1) AS reported",
            [eval_id],
            |r| r.get("reported"),
        )?;
        if reported {
            return Err(StoreError::Refused(msg("amend.err.outcome_reported")));
        }
        if outcome.is_none()
            && performance::awaiting(rubric, &super::evaluations::marks_of(tx, eval_id)?.0)
            && performance::choices(rubric).iter().any(|o| o.id == new)
        {
            return Err(StoreError::Refused(msg("amend.err.outcome_perform")));
        }
        if let Some((old, _)) = outcome {
            if performance::choices(rubric).iter().all(|o| o.id != new) {
                // back to pending: the outcome recorded goes, the evaluation's own mark stays
                tx.execute(
                    "DELETE FROM performance_outcomes WHERE evaluation_id = ?1",
                    [eval_id],
                )?;
                super::live::set_value(tx, eval_id, item, value)?;
            } else {
                tx.execute(
                    "UPDATE performance_outcomes SET option = ?2, value = ?3 WHERE evaluation_id = ?1",
                    params![eval_id, new, value],
                )?;
            }
            return Ok((old, new));
        }
        let old = mark_of(tx, eval_id, item)?;
        super::live::set_value(tx, eval_id, item, value)?;
        return Ok((option(old)?, new));
    }
    let old = mark_of(tx, eval_id, item)?;
    super::live::set_value(tx, eval_id, item, value)?;
    Ok((old.to_string(), value.to_string()))
}
