//! Live mode's event log. Each event is committed, with the mark it changes and the evaluation's
//! cached score, in one transaction before the caller may show it as counted.

use super::audit::{Action, Change, Entity};
use super::evaluations::recompute;
use super::types::RowKinds;
use super::{Result, Store};
use crate::domain::live::{Event, EventKind, Stage, pressed};
use crate::domain::scoring::Score;
use crate::domain::session::{FormDraft, ResumePoint};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// When an event happened: since the hearing's live start, and on the wall clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moment {
    pub elapsed_ms: i64,
    pub at: String,
}

const EVENT_COLS: &str = "seq, elapsed_ms, at, stage, kind, item_id, note, value, prev, target_seq";

/// An event from its [`EVENT_COLS`], read by their names.
fn event_from(r: &Row) -> rusqlite::Result<Event> {
    Ok(Event {
        seq: r.get("seq")?,
        elapsed_ms: r.get("elapsed_ms")?,
        at: r.get("at")?,
        stage: r.get("stage")?,
        kind: r.kind("kind")?,
        item: r.get("item_id")?,
        note: r.get("note")?,
        value: r.get("value")?,
        prev: r.get("prev")?,
        target: r.get("target_seq")?,
    })
}

fn stage_of_eval(conn: &Connection, eval_id: i64) -> rusqlite::Result<String> {
    conn.prepare_cached(
        "SELECT h.stage FROM evaluations e JOIN appearances a ON a.id = e.appearance_id JOIN hearings h ON h.id = a.hearing_id WHERE e.id = ?1",
    )?
    .query_row([eval_id], |r| r.get("stage"))
}

/// What an event records beyond its moment.
struct Entry<'a> {
    kind: EventKind,
    item: &'a str,
    note: &'a str,
    value: i64,
    prev: i64,
    target: Option<i64>,
}

impl<'a> Entry<'a> {
    fn new(kind: EventKind) -> Self {
        Entry {
            kind,
            item: "",
            note: "",
            value: 0,
            prev: 0,
            target: None,
        }
    }
}

fn insert_event(conn: &Connection, eval_id: i64, m: &Moment, e: Entry) -> Result<Event> {
    let stage = stage_of_eval(conn, eval_id)?;
    let seq: i64 = conn
        // (the first event of an evaluation is 1)
        .prepare_cached(
            "SELECT coalesce(max(seq), 0) + 1 AS seq FROM events WHERE evaluation_id = ?1",
        )?
        .query_row([eval_id], |r| r.get("seq"))?;
    let event = Event {
        seq,
        elapsed_ms: m.elapsed_ms,
        at: m.at.clone(),
        stage,
        kind: e.kind,
        item: e.item.to_string(),
        note: e.note.to_string(),
        value: e.value,
        prev: e.prev,
        target: e.target,
    };
    write_event(conn, eval_id, &event)?;
    Ok(event)
}

/// Writes one event of an evaluation's log as it is (its number and stage included): the row
/// live mode writes for each key, and a bulk load for each event of a log it replays.
pub(super) fn write_event(conn: &Connection, eval_id: i64, e: &Event) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO events(evaluation_id, seq, elapsed_ms, at, stage, kind, item_id, note, value, prev, target_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![eval_id, e.seq, e.elapsed_ms, e.at, e.stage, e.kind.id(), e.item, e.note, e.value, e.prev, e.target])?;
    super::audit::link_event(conn, eval_id, e.seq)
}

pub(crate) fn set_value(
    conn: &Connection,
    eval_id: i64,
    item: &str,
    value: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO marks(evaluation_id, item_id, value) VALUES (?1, ?2, ?3)
         ON CONFLICT(evaluation_id, item_id) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![eval_id, item, value])?;
    Ok(())
}

pub(crate) fn events_of(conn: &Connection, eval_id: i64) -> Result<Vec<Event>> {
    EventsOf::new(conn)?.of(eval_id)
}

/// The events of evaluation after evaluation through one statement (an export reads every
/// record's).
pub struct EventsOf<'c>(rusqlite::CachedStatement<'c>);

impl<'c> EventsOf<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Result<EventsOf<'c>> {
        Ok(EventsOf(conn.prepare_cached(&format!(
            "SELECT {EVENT_COLS} FROM events WHERE evaluation_id = ?1 ORDER BY seq"
        ))?))
    }

    /// An evaluation's events, in order.
    pub fn of(&mut self, eval_id: i64) -> Result<Vec<Event>> {
        let rows = self.0.query_map([eval_id], event_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A mark's press or undo, in the audit log (its event is part of the evaluation's state, so
/// every press is logged, a press that leaves the value as it was too).
fn log_mark(
    operator: &str,
    tx: &Connection,
    eval_id: i64,
    item: &str,
    old: i64,
    new: i64,
) -> Result<()> {
    super::log(
        operator,
        tx,
        Change::new(Action::Mark, Entity::Evaluation, eval_id).field(
            item,
            &old.to_string(),
            &new.to_string(),
        ),
    )?;
    Ok(())
}

const RESUME: &str = "resume";
const DRAFT: &str = "form_draft";

/// Sets an app value in the caller's connection or transaction (the one statement that does).
pub(crate) fn put_app_value(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO app_state(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value")?
        .execute([key, value])?;
    Ok(())
}

impl Store {
    /// The hearing's live start (set on first use) and its current stage.
    pub fn start_live(&mut self, hearing_id: i64, now_ms: i64) -> Result<(i64, Option<Stage>)> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE hearings SET live_started_ms = ?2 WHERE id = ?1 AND live_started_ms IS NULL",
            params![hearing_id, now_ms],
        )?;
        let (started, stage): (i64, super::types::StageColumn) = tx.query_row(
            "SELECT live_started_ms, stage FROM hearings WHERE id = ?1",
            [hearing_id],
            |r| Ok((r.get("live_started_ms")?, r.get("stage")?)),
        )?;
        tx.commit()?;
        Ok((started, stage.0))
    }

    /// One press of an item's live key.
    pub fn record_mark(
        &mut self,
        eval_id: i64,
        item_id: &str,
        m: &Moment,
    ) -> Result<(Event, Score)> {
        let tx = self.conn.transaction()?;
        Self::ensure_draft(&tx, eval_id)?;
        let kind = super::evaluations::item_kind(&tx, &self.rubrics, eval_id, item_id)?;
        let prev = super::evaluations::mark_of(&tx, eval_id, item_id)?;
        let value = pressed(&kind, prev);
        let event = insert_event(
            &tx,
            eval_id,
            m,
            Entry {
                item: item_id,
                value,
                prev,
                ..Entry::new(EventKind::Mark)
            },
        )?;
        set_value(&tx, eval_id, item_id, value)?;
        let score = recompute(&tx, &self.rubrics, eval_id)?;
        log_mark(&self.operator, &tx, eval_id, item_id, prev, value)?;
        tx.commit()?;
        Ok((event, score))
    }

    /// Reverts the last mark event not yet undone; the undo is itself an event. None when nothing is left.
    pub fn record_undo(&mut self, eval_id: i64, m: &Moment) -> Result<Option<(Event, Score)>> {
        let tx = self.conn.transaction()?;
        Self::ensure_draft(&tx, eval_id)?;
        // (each mark's undo found through the index of undos, schema step 7)
        let target: Option<(i64, String, i64, i64)> = tx
            .prepare_cached(
                "SELECT seq, item_id, value, prev FROM events e WHERE evaluation_id = ?1 AND kind = 'mark'
                 AND NOT EXISTS (SELECT 1 FROM events u WHERE u.evaluation_id = e.evaluation_id AND u.kind = 'undo' AND u.target_seq = e.seq)
                 ORDER BY seq DESC LIMIT 1",
            )?
            .query_row([eval_id], |r| {
                Ok((
                    r.get("seq")?,
                    r.get("item_id")?,
                    r.get("value")?,
                    r.get("prev")?,
                ))
            })
            .optional()?;
        let Some((seq, item, value, prev)) = target else {
            return Ok(None);
        };
        let event = insert_event(
            &tx,
            eval_id,
            m,
            Entry {
                item: &item,
                value: prev,
                prev: value,
                target: Some(seq),
                ..Entry::new(EventKind::Undo)
            },
        )?;
        set_value(&tx, eval_id, &item, prev)?;
        let score = recompute(&tx, &self.rubrics, eval_id)?;
        log_mark(&self.operator, &tx, eval_id, &item, value, prev)?;
        tx.commit()?;
        Ok(Some((event, score)))
    }

    /// A one-line note attached to a moment of the hearing.
    pub fn record_note(&mut self, eval_id: i64, text: &str, m: &Moment) -> Result<Event> {
        let text = &super::text_in("scoring.note", text, crate::domain::text::TEXT_MAX)?;
        let tx = self.conn.transaction()?;
        Self::ensure_draft(&tx, eval_id)?;
        let event = insert_event(
            &tx,
            eval_id,
            m,
            Entry {
                note: text,
                ..Entry::new(EventKind::Note)
            },
        )?;
        super::log(
            &self.operator,
            &tx,
            Change::new(Action::Edit, Entity::Evaluation, eval_id).field("live.note", "", text),
        )?;
        tx.commit()?;
        Ok(event)
    }

    /// The hearing enters a stage; recorded in the log of the evaluation being scored.
    pub fn record_stage(&mut self, eval_id: i64, stage: Stage, m: &Moment) -> Result<Event> {
        let tx = self.conn.transaction()?;
        Self::ensure_draft(&tx, eval_id)?;
        tx.execute(
            "UPDATE hearings SET stage = ?2 WHERE id = (SELECT a.hearing_id FROM evaluations e JOIN appearances a ON a.id = e.appearance_id WHERE e.id = ?1)",
            params![eval_id, stage.id()],
        )?;
        let event = insert_event(
            &tx,
            eval_id,
            m,
            Entry {
                note: stage.id(),
                ..Entry::new(EventKind::Stage)
            },
        )?;
        super::log(
            &self.operator,
            &tx,
            Change::new(Action::Edit, Entity::Evaluation, eval_id).field(
                "live.stage",
                "",
                stage.id(),
            ),
        )?;
        tx.commit()?;
        Ok(event)
    }

    pub fn events(&self, eval_id: i64) -> Result<Vec<Event>> {
        events_of(&self.conn, eval_id)
    }

    /// The last `n` events, oldest first.
    pub fn recent_events(&self, eval_id: i64, n: usize) -> Result<Vec<Event>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {EVENT_COLS} FROM events WHERE evaluation_id = ?1 ORDER BY seq DESC LIMIT ?2"
        ))?;
        let mut rows = st
            .query_map(params![eval_id, n as i64], event_from)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.reverse();
        Ok(rows)
    }

    /// Every event of every evaluation of the hearings with this case number: (agency, event).
    pub fn events_for_case(&self, case_number: &str) -> Result<Vec<(String, Event)>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT g.name AS agency, {} FROM events v JOIN evaluations e ON e.id = v.evaluation_id JOIN appearances a ON a.id = e.appearance_id
             JOIN agencies g ON g.id = a.agency_id JOIN hearings h ON h.id = a.hearing_id
             WHERE h.case_number = ?1 ORDER BY h.id, a.id, v.seq",
            EVENT_COLS.split(", ").map(|c| format!("v.{c}")).collect::<Vec<_>>().join(", ")
        ))?;
        let rows = st.query_map([case_number], |r| {
            Ok((r.get::<_, String>("agency")?, event_from(r)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Where the app should return after a crash (None: the list; also for a point it cannot read).
    pub fn resume_point(&self) -> Result<Option<ResumePoint>> {
        // (a point kept by another version of the app is not an error: the app starts at the
        // list, as its API says; it is where to return, not a record)
        Ok(self.app_value(RESUME)?.and_then(|t| ResumePoint::parse(&t)))
    }

    /// A form not saved yet, kept as it is typed (None: none, or one it cannot read).
    pub fn form_draft(&self) -> Result<Option<FormDraft>> {
        // (likewise: a draft that cannot be read is none, as its API says — typing, not a record)
        Ok(self.app_value(DRAFT)?.and_then(|t| FormDraft::parse(&t)))
    }

    pub fn set_form_draft(&mut self, draft: Option<&FormDraft>) -> Result<()> {
        match draft {
            Some(d) => self.set_app_value(DRAFT, &d.to_text()),
            None => self.clear_app_value(DRAFT),
        }
    }

    /// A remembered UI value (the export folder).
    pub fn app_value(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM app_state WHERE key = ?1")?
            .query_row([key], |r| r.get("value"))
            .optional()?)
    }

    pub fn set_app_value(&mut self, key: &str, value: &str) -> Result<()> {
        put_app_value(&self.conn, key, value)
    }

    pub fn clear_app_value(&mut self, key: &str) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM app_state WHERE key = ?1")?
            .execute([key])?;
        Ok(())
    }

    pub fn set_resume_point(&mut self, point: Option<ResumePoint>) -> Result<()> {
        match point {
            Some(p) => self.set_app_value(RESUME, &p.to_text()),
            None => self.clear_app_value(RESUME),
        }
    }
}
