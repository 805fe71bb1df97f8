//! A hearing schedule imported into the records, in one transaction: each entry is a new hearing,
//! an update of the hearing it already is, or nothing. The same hearing is the same case number on
//! the same date (see `domain::schedule`); when a case has several hearings that day, the one at
//! the same start time. An update changes only what the schedule says (案由, 审判长, 书记员, start
//! time, courtroom, key category when the schedule has that column, defendants added — none is
//! taken away), and only while nothing of the hearing is scored: once one of its appearances has an
//! evaluation (or a batch claimed it) the change is reported, never made. Every change is logged.

use super::audit::{self, Action, Change, Entity};
use super::hearings::{self, HearingInput, find_agency_id};
use super::types::RowKinds;
use super::{Result, Store};
use crate::domain::model::Hearing;
use crate::domain::schedule::ScheduleEntry;
use crate::domain::text::NAME_MAX;
use rusqlite::{Connection, params};
use tingping_core::msg::{Msg, msg};

/// What importing one entry did (or, in a dry run, would do).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleOutcome {
    New,
    /// the fields changed, by their labels
    Updated(Vec<Msg>),
    Unchanged,
    /// the schedule changes these fields, but the hearing is scored: not changed
    Scored(Vec<Msg>),
    /// the case has this many hearings that day, none at the entry's time: not changed
    Ambiguous(usize),
}

fn hearing_of(conn: &Connection, id: i64) -> Result<(Hearing, String)> {
    let h = conn.query_row(
        "SELECT id, case_number, cause, act_kind, court, judge, clerk, date, start_time, end_time, sitting, online, key_category, room
         FROM hearings WHERE id = ?1",
        [id],
        |r| {
            Ok((
                Hearing {
                    id: r.get("id")?,
                    case_number: r.get("case_number")?,
                    cause: r.get("cause")?,
                    act_kind: r.kind("act_kind")?,
                    court: r.get("court")?,
                    judge: r.get("judge")?,
                    clerk: r.get("clerk")?,
                    date: r.date("date")?,
                    start_time: r.get("start_time")?,
                    end_time: r.get("end_time")?,
                    sitting: r.get("sitting")?,
                    online: r.get("online")?,
                    key_category: r.kind("key_category")?,
                },
                r.get("room")?,
            ))
        },
    )?;
    Ok(h)
}

/// Sets a hearing's courtroom, logged as a change of its field `room`.
fn set_room(conn: &Connection, operator: &str, id: i64, old: &str, room: &str) -> Result<()> {
    conn.prepare_cached("UPDATE hearings SET room = ?2 WHERE id = ?1")?
        .execute(params![id, room])?;
    audit::record(
        conn,
        operator,
        Change::new(Action::Edit, Entity::Hearing, id).field("room", old, room),
    )?;
    Ok(())
}

impl Store {
    /// Imports the entries of a schedule (`court`: the court's name for new hearings). One outcome
    /// per entry, in order. With `dry_run` nothing is changed.
    pub fn import_schedule(
        &mut self,
        entries: &[ScheduleEntry],
        court: &str,
        dry_run: bool,
    ) -> Result<Vec<ScheduleOutcome>> {
        let court = super::text_in("field.court", court, NAME_MAX)?;
        let tx = self.conn.transaction()?;
        let op = self.operator.clone();
        let mut out = Vec::with_capacity(entries.len());
        for e in entries {
            out.push(import_one(&tx, &op, e, &court)?);
        }
        let count = |f: &dyn Fn(&ScheduleOutcome) -> bool| out.iter().filter(|o| f(o)).count();
        let new = count(&|o| *o == ScheduleOutcome::New);
        let updated = count(&|o| matches!(o, ScheduleOutcome::Updated(_)));
        if !dry_run && new + updated > 0 {
            let summary = serde_json::json!({
                "entries": entries.len(), "new": new, "updated": updated,
            })
            .to_string();
            audit::record(
                &tx,
                &op,
                Change::new(Action::Import, Entity::Import, 0).field("schedule", "", &summary),
            )?;
        }
        if !dry_run {
            tx.commit()?;
        }
        Ok(out)
    }
}

fn import_one(
    tx: &Connection,
    op: &str,
    e: &ScheduleEntry,
    court: &str,
) -> Result<ScheduleOutcome> {
    let text = |key: &'static str, s: &str| super::text_in(key, s, NAME_MAX);
    let input = HearingInput {
        case_number: e.case_number.clone(),
        cause: e.cause.clone(),
        act_kind: None,
        court: court.to_string(),
        judge: e.judge.clone(),
        clerk: e.clerk.clone(),
        date: e.date.clone(),
        start_time: e.start_time.clone(),
        end_time: String::new(),
        online: false,
        key_category: e.key_category,
    }
    .checked()?;
    let room = text("field.room", &e.room)?;
    let agencies = e
        .agencies
        .iter()
        .map(|a| text("field.defendants", a))
        .collect::<Result<Vec<_>>>()?;
    let same_day: Vec<(i64, String)> = tx
        .prepare_cached(
            "SELECT id, start_time FROM hearings WHERE case_number = ?1 AND date = ?2 ORDER BY id",
        )?
        .query_map(params![input.case_number, input.date], |r| {
            Ok((r.get("id")?, r.get("start_time")?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let id = match same_day.as_slice() {
        [] => {
            let id = hearings::insert_hearing_tx(tx, op, &input, &agencies)?;
            if !room.is_empty() {
                set_room(tx, op, id, "", &room)?;
            }
            return Ok(ScheduleOutcome::New);
        }
        [(id, _)] => *id,
        many => match many.iter().find(|(_, time)| *time == input.start_time) {
            Some((id, _)) => *id,
            None => return Ok(ScheduleOutcome::Ambiguous(many.len())),
        },
    };
    let (h, old_room) = hearing_of(tx, id)?;
    let mut changed: Vec<Msg> = Vec::new();
    let mut differs = |key: &'static str, a: &str, b: &str| {
        if a != b {
            changed.push(msg(key));
        }
    };
    differs("field.cause", &h.cause, &input.cause);
    differs("field.judge", &h.judge, &input.judge);
    differs("field.clerk", &h.clerk, &input.clerk);
    differs("field.start_time", &h.start_time, &input.start_time);
    differs("field.room", &old_room, &room);
    if let Some(k) = input.key_category {
        differs("field.key_category", h.key_category.id(), k.id());
    }
    let present: Vec<i64> = tx
        .prepare_cached("SELECT agency_id FROM appearances WHERE hearing_id = ?1")?
        .query_map([id], |r| r.get("agency_id"))?
        .collect::<rusqlite::Result<_>>()?;
    let mut added = Vec::new();
    for a in &agencies {
        match find_agency_id(tx, a)? {
            Some(aid) if present.contains(&aid) => {}
            _ => added.push(a.clone()),
        }
    }
    if !added.is_empty() {
        changed.push(msg("field.defendants"));
    }
    if changed.is_empty() {
        return Ok(ScheduleOutcome::Unchanged);
    }
    let scored: bool = tx
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM appearances a WHERE a.hearing_id = ?1 AND
                (EXISTS (SELECT 1 FROM evaluations e WHERE e.appearance_id = a.id) OR {})) AS scored",
            hearings::SETTLED
        ))?
        .query_row([id], |r| r.get("scored"))?;
    if scored {
        return Ok(ScheduleOutcome::Scored(changed));
    }
    let merged = HearingInput {
        act_kind: Some(h.act_kind),
        court: h.court.clone(),
        end_time: h.end_time.clone(),
        online: h.online,
        key_category: Some(input.key_category.unwrap_or(h.key_category)),
        ..input
    };
    let before = audit::state(tx, Entity::Hearing, id)?;
    hearings::write_hearing(tx, id, &merged)?;
    audit::record_edit(
        tx,
        op,
        Change::new(Action::Edit, Entity::Hearing, id),
        before.as_deref(),
    )?;
    if room != old_room {
        set_room(tx, op, id, &old_room, &room)?;
    }
    for a in &added {
        let aid = hearings::agency_id(tx, op, a)?;
        let inserted = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO appearances(hearing_id, agency_id) VALUES (?1, ?2)",
            )?
            .execute(params![id, aid])?;
        if inserted > 0 {
            let appearance = tx.last_insert_rowid();
            audit::record_created(tx, op, Action::Create, Entity::Appearance, appearance)?;
        }
    }
    Ok(ScheduleOutcome::Updated(changed))
}
