//! The audit log (审计日志): every change to the records is appended in the transaction that makes
//! it — who, when, what, old and new — and each entry carries the SHA-256 of the previous entry and
//! of its own canonical content, together with the digest of the state of the record it changed.
//! `verify` recomputes the chain and checks that every hearing, appearance and evaluation is what
//! the log's last entry about it says.

use super::now;
use super::types::{columns, unreadable};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who changed the records when nobody is at the keyboard (a migration).
pub const SYSTEM: &str = "tingping";

macro_rules! ids {
    ($(#[$m:meta])* $name:ident { $($var:ident = $id:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($var),* }
        impl $name {
            pub const ALL: &[$name] = &[$($name::$var),*];
            pub fn id(self) -> &'static str { match self { $($name::$var => $id),* } }
            pub fn from_id(s: &str) -> Option<Self> { match s { $($id => Some($name::$var),)* _ => None } }
        }
    };
}

ids!(
    /// What a change did (`migrate`: a record that existed before the log began).
    Action {
        Create = "create",
        Edit = "edit",
        Mark = "mark",
        Finalize = "finalize",
        Amend = "amend",
        Perform = "perform",
        Export = "export",
        Import = "import",
        Delete = "delete",
        Migrate = "migrate",
        Trust = "trust",
        Revoke = "revoke",
    }
);

ids!(
    /// What a change was made to.
    Entity {
        Hearing = "hearing",
        Appearance = "appearance",
        Evaluation = "evaluation",
        Batch = "batch",
        Import = "import",
        Agency = "agency",
        Key = "key",
        Suggestion = "suggestion",
        Sample = "sample",
        Review = "review",
        Satisfaction = "satisfaction",
    }
);

impl Entity {
    /// The records whose state the log follows (a batch or an import is logged, not followed).
    /// The agency directory is followed too: an agency's name and government decide which notice
    /// and which extract name whom.
    pub const RECORDS: &[Entity] = &[
        Entity::Hearing,
        Entity::Appearance,
        Entity::Evaluation,
        Entity::Agency,
        Entity::Suggestion,
        Entity::Review,
    ];
}

/// The agencies a case's history names by id: of its appearances and evaluations (by their
/// ids), and agencies by theirs.
#[derive(Clone, Debug, Default)]
pub struct Names {
    pub appearances: std::collections::HashMap<i64, String>,
    pub evaluations: std::collections::HashMap<i64, String>,
    pub agencies: std::collections::HashMap<i64, String>,
}

impl Names {
    /// The agency an entry is about: its appearance's or its evaluation's.
    pub fn agency_of(&self, e: &Entry) -> Option<&str> {
        match e.entity.as_str() {
            "appearance" => self.appearances.get(&e.entity_id),
            "evaluation" => self.evaluations.get(&e.entity_id),
            _ => None,
        }
        .map(String::as_str)
    }
}

/// One change, as a store method describes it.
#[derive(Clone, Copy, Debug)]
pub struct Change<'a> {
    pub action: Action,
    pub entity: Entity,
    pub id: i64,
    pub field: &'a str,
    pub old: &'a str,
    pub new: &'a str,
    pub reason: &'a str,
    /// the judge who confirmed it (finalize, amend) or recorded it (perform)
    pub by: &'a str,
}

impl<'a> Change<'a> {
    pub fn new(action: Action, entity: Entity, id: i64) -> Change<'a> {
        Change {
            action,
            entity,
            id,
            field: "",
            old: "",
            new: "",
            reason: "",
            by: "",
        }
    }

    pub fn field(self, field: &'a str, old: &'a str, new: &'a str) -> Change<'a> {
        Change {
            field,
            old,
            new,
            ..self
        }
    }
}

/// An entry as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub seq: i64,
    pub at: String,
    pub operator: String,
    pub action: String,
    pub entity: String,
    pub entity_id: i64,
    pub case_number: String,
    pub field: String,
    pub old: String,
    pub new: String,
    pub reason: String,
    pub by: String,
    /// SHA-256 of the record's canonical state after the change ("" when it is gone)
    pub state: String,
    pub prev: String,
    pub hash: String,
}

impl Entry {
    /// The canonical content its hash covers (every field but `prev` and `hash`, in order).
    fn content(&self) -> String {
        serde_json::json!([
            self.seq,
            self.at,
            self.operator,
            self.action,
            self.entity,
            self.entity_id,
            self.case_number,
            self.field,
            self.old,
            self.new,
            self.reason,
            self.by,
            self.state
        ])
        .to_string()
    }

    /// SHA-256 of the previous entry's hash and this entry's canonical content.
    pub fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.prev.as_bytes());
        h.update(b"\n");
        h.update(self.content().as_bytes());
        hex(&h.finalize())
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    // (twice per live key press: a digit pair each, not a formatted string each)
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

const ENTRY_COLS: &str = "seq, at, operator, action, entity, entity_id, case_number, field, old, new, reason, by_name, state, prev, hash";

columns!(
    /// Where a row of [`ENTRY_COLS`] has each column (found once: `verify` reads every entry).
    EntryCols {
        seq, at, operator, action, entity, entity_id, case_number, field, old, new, reason,
        by_name, state, prev, hash,
    }
);

fn entry_from(r: &rusqlite::Row, c: &EntryCols) -> rusqlite::Result<Entry> {
    Ok(Entry {
        seq: r.get(c.seq)?,
        at: r.get(c.at)?,
        operator: r.get(c.operator)?,
        action: r.get(c.action)?,
        entity: r.get(c.entity)?,
        entity_id: r.get(c.entity_id)?,
        case_number: r.get(c.case_number)?,
        field: r.get(c.field)?,
        old: r.get(c.old)?,
        new: r.get(c.new)?,
        reason: r.get(c.reason)?,
        by: r.get(c.by_name)?,
        state: r.get(c.state)?,
        prev: r.get(c.prev)?,
        hash: r.get(c.hash)?,
    })
}

/// The canonical state of a record (a JSON array of its columns, in a fixed order), None when it
/// does not exist. Derived columns (cached scores, live clock) are not part of it.
pub fn state(conn: &Connection, entity: Entity, id: i64) -> rusqlite::Result<Option<String>> {
    Ok(one(conn, entity, id)?.map(|(_, state)| state))
}

/// The query of records of a kind: each row its id (`record_id`), its case number
/// (`record_case`), then its state columns, each named as [`fields`] names it; `cond` picks the
/// rows (`x.id` is the record's id).
fn records_sql(entity: Entity, cond: &str) -> Option<String> {
    Some(match entity {
        Entity::Hearing => format!(
            "SELECT x.id AS record_id, x.case_number AS record_case, x.case_number, x.cause, x.act_kind, x.court, x.judge, x.clerk, x.date,
                    x.start_time, x.end_time, x.sitting, x.online, x.key_category
             FROM hearings x WHERE {cond}"
        ),
        Entity::Appearance => format!(
            "SELECT x.id AS record_id, h.case_number AS record_case, x.uid, x.hearing_id AS hearing,
                    g.name AS agency, x.notified, x.person, x.title, x.category,
                    x.absence_reason, x.reason_accepted, x.absent_after_postponement, x.judgment_effective,
                    x.performance_deadline
             FROM appearances x JOIN agencies g ON g.id = x.agency_id JOIN hearings h ON h.id = x.hearing_id
             WHERE {cond}"
        ),
        // (a batch's claim turns final into reported: the export's entry and batch_items record
        // that, so the state does not tell them apart)
        Entity::Evaluation => format!(
            "SELECT x.id AS record_id, h.case_number AS record_case, x.appearance_id AS appearance,
                    x.rubric_hash AS rubric, CASE x.status WHEN 'reported' THEN 'final' ELSE x.status END AS status,
                    x.comment, x.finalized_by, x.finalized_at,
                    (SELECT json_group_array(json_array(item_id, value, note)) FROM
                        (SELECT item_id, value, note FROM marks WHERE evaluation_id = x.id ORDER BY item_id)) AS marks,
                    (SELECT json_array(option, value, recorded_on, recorded_by) FROM performance_outcomes WHERE evaluation_id = x.id) AS performance,
                    x.events_digest AS events
             FROM evaluations x JOIN appearances a ON a.id = x.appearance_id JOIN hearings h ON h.id = a.hearing_id
             WHERE {cond}"
        ),
        // (an agency names no case: its "case number" is empty)
        Entity::Agency => format!(
            "SELECT x.id AS record_id, '' AS record_case, x.name, x.level, x.region, x.government,
                    coalesce((SELECT group_concat(alias, char(10)) FROM
                        (SELECT alias FROM agency_aliases WHERE agency_id = x.id ORDER BY alias)), '') AS short_names,
                    x.superior
             FROM agencies x WHERE {cond}"
        ),
        // (a suggestion names the case of its first appearance; its appearances by their uids)
        Entity::Suggestion => format!(
            "SELECT x.id AS record_id,
                    coalesce((SELECT h.case_number FROM suggestion_appearances s JOIN appearances a ON a.id = s.appearance_id
                              JOIN hearings h ON h.id = a.hearing_id WHERE s.suggestion_id = x.id
                              ORDER BY h.date, h.case_number, a.id LIMIT 1), '') AS record_case,
                    x.agency_id AS agency, x.recipient_kind, x.recipient, x.cc,
                    coalesce((SELECT group_concat(uid, char(10)) FROM (SELECT a.uid FROM suggestion_appearances s
                              JOIN appearances a ON a.id = s.appearance_id WHERE s.suggestion_id = x.id ORDER BY a.uid)), '') AS appearances,
                    x.facts, x.problem, x.cause, x.suggestion, x.drafted_by, x.drafted_on, x.status, x.number,
                    x.sent_on, x.sent_by, x.deadline, x.replied_on, x.reply
             FROM suggestions x WHERE {cond}"
        ),
        Entity::Review => format!(
            "SELECT x.id AS record_id, x.case_number AS record_case, x.court_code, x.uid, x.agency,
                    x.rubric_hash AS rubric, x.scores, x.note, x.reviewer, x.status, x.finalized_at
             FROM reviews x WHERE {cond}"
        ),
        Entity::Batch
        | Entity::Import
        | Entity::Key
        | Entity::Sample
        | Entity::Satisfaction => return None,
    })
}

/// Where a statement of [`records_sql`] has a kind's state columns, in the order of [`fields`].
fn state_columns(st: &rusqlite::Statement, entity: Entity) -> rusqlite::Result<Vec<usize>> {
    fields(entity).iter().map(|f| st.column_index(f)).collect()
}

/// A row of [`records_sql`]: (id, case number, canonical state), the state's columns where
/// [`state_columns`] found them.
fn record_row(
    r: &rusqlite::Row,
    at: &[usize],
    entity: Entity,
) -> rusqlite::Result<(i64, String, String)> {
    let mut out = Vec::with_capacity(at.len());
    for &i in at {
        out.push(match r.get_ref(i)? {
            ValueRef::Null => serde_json::Value::Null,
            ValueRef::Integer(v) => v.into(),
            ValueRef::Real(v) => v.into(),
            ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned().into(),
        });
    }
    // a field added by a later schema step (the evaluation's live events, step 14) is left out
    // while it is empty: the state of a record it does not touch is the state logged before it,
    // so an older database's log stands
    // (the same for an agency's 上一级行政机关, step 15)
    if matches!(entity, Entity::Evaluation | Entity::Agency)
        && out.last().is_some_and(|v| v.as_str() == Some(""))
    {
        out.pop();
    }
    Ok((
        r.get("record_id")?,
        r.get("record_case")?,
        serde_json::Value::Array(out).to_string(),
    ))
}

/// One record: its case number and canonical state (None when it does not exist).
fn one(conn: &Connection, entity: Entity, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    let Some(sql) = records_sql(entity, "x.id = ?1") else {
        return Ok(None);
    };
    let mut st = conn.prepare_cached(&sql)?;
    let at = state_columns(&st, entity)?;
    st.query_row([id], |r| record_row(r, &at, entity))
        .optional()
        .map(|o| o.map(|(_, case, state)| (case, state)))
}

fn digest(state: &str) -> String {
    hex(&Sha256::digest(state.as_bytes()))
}

/// The names of a record's state columns, in the order of [`state`].
pub fn fields(entity: Entity) -> &'static [&'static str] {
    match entity {
        Entity::Hearing => &[
            "case_number",
            "cause",
            "act_kind",
            "court",
            "judge",
            "clerk",
            "date",
            "start_time",
            "end_time",
            "sitting",
            "online",
            "key_category",
        ],
        Entity::Appearance => &[
            "uid",
            "hearing",
            "agency",
            "notified",
            "person",
            "title",
            "category",
            "absence_reason",
            "reason_accepted",
            "absent_after_postponement",
            "judgment_effective",
            "performance_deadline",
        ],
        Entity::Evaluation => &[
            "appearance",
            "rubric",
            "status",
            "comment",
            "finalized_by",
            "finalized_at",
            "marks",
            "performance",
            // the live events (the evidence a batch carries), as their running digest: verify
            // computes it again from the events (schema step 14 logged each evaluation's)
            "events",
        ],
        Entity::Agency => &[
            "name",
            "level",
            "region",
            "government",
            "short_names",
            "superior",
        ],
        Entity::Suggestion => &[
            "agency",
            "recipient_kind",
            "recipient",
            "cc",
            "appearances",
            "facts",
            "problem",
            "cause",
            "suggestion",
            "drafted_by",
            "drafted_on",
            "status",
            "number",
            "sent_on",
            "sent_by",
            "deadline",
            "replied_on",
            "reply",
        ],
        Entity::Review => &[
            "court_code",
            "uid",
            "agency",
            "rubric",
            "scores",
            "note",
            "reviewer",
            "status",
            "finalized_at",
        ],
        Entity::Batch | Entity::Import | Entity::Key | Entity::Sample | Entity::Satisfaction => &[],
    }
}

/// A state value as the log shows it (text without quotes, null as "").
fn shown(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        v => v.to_string(),
    }
}

/// Appends one entry per field that changed between `before` (the record's [`state`] read before
/// the change) and now, in the caller's transaction. Nothing when nothing changed.
pub fn record_edit(
    conn: &Connection,
    operator: &str,
    c: Change,
    before: Option<&str>,
) -> rusqlite::Result<Vec<i64>> {
    record_fields(conn, operator, c, before, false)
}

/// [`record_edit`] for a record's first entry by a person (an appearance's form saved for the
/// first time): what it held before were defaults nobody chose, so a field set is logged as set
/// (old "") and not as a change from the default.
pub fn record_first_entry(
    conn: &Connection,
    operator: &str,
    c: Change,
    before: Option<&str>,
) -> rusqlite::Result<Vec<i64>> {
    record_fields(conn, operator, c, before, true)
}

fn record_fields(
    conn: &Connection,
    operator: &str,
    c: Change,
    before: Option<&str>,
    first: bool,
) -> rusqlite::Result<Vec<i64>> {
    let after = state(conn, c.entity, c.id)?;
    // (no state: the record does not exist, before a creation or after a deletion; a state that
    // is no JSON array is an error naming it)
    let parse = |s: Option<&str>| -> rusqlite::Result<Vec<serde_json::Value>> {
        match s {
            None => Ok(Vec::new()),
            Some(s) => serde_json::from_str(s).map_err(|_| unreadable(0, "state", s.to_string())),
        }
    };
    let (old, new) = (parse(before)?, parse(after.as_deref())?);
    let mut seqs = Vec::new();
    for (i, name) in fields(c.entity).iter().enumerate() {
        let (o, n) = (old.get(i), new.get(i));
        if o != n {
            // (a field of a record that does not exist is "")
            let (o, n) = (
                o.filter(|_| !first).map(shown).unwrap_or_default(),
                n.map(shown).unwrap_or_default(),
            );
            seqs.push(record(conn, operator, c.field(name, &o, &n))?);
        }
    }
    Ok(seqs)
}

/// SHA-256 of a record's canonical state ("" when it does not exist).
pub fn state_digest(conn: &Connection, entity: Entity, id: i64) -> rusqlite::Result<String> {
    Ok(one(conn, entity, id)?
        .map(|(_, st)| digest(&st))
        .unwrap_or_default())
}

/// The last entry's number and hash (0 and [`GENESIS`] for an empty log).
pub fn head(conn: &Connection) -> rusqlite::Result<(i64, String)> {
    Ok(conn
        .prepare_cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get("seq")?, r.get("hash")?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string())))
}

/// Appends a change, in the caller's transaction, after the change was made (a deletion: before,
/// with `case_number` read while the record still exists — see [`record_deletion`]). Returns the
/// entry's number.
pub fn record(conn: &Connection, operator: &str, c: Change) -> rusqlite::Result<i64> {
    // (a record that does not exist (a batch, an import) names no case and has no state)
    let (case_number, state) = one(conn, c.entity, c.id)?
        .map(|(case, st)| (case, digest(&st)))
        .unwrap_or_default();
    append(conn, operator, c, case_number, state)
}

/// Appends the deletion of a record: call it before deleting (the entry names the case), then
/// delete in the same transaction. The entry's state is "" (the record is gone).
pub fn record_deletion(conn: &Connection, operator: &str, c: Change) -> rusqlite::Result<i64> {
    let case_number = one(conn, c.entity, c.id)?
        .map(|(case, _)| case)
        .unwrap_or_default();
    append(conn, operator, c, case_number, String::new())
}

fn append(
    conn: &Connection,
    operator: &str,
    c: Change,
    case_number: String,
    state: String,
) -> rusqlite::Result<i64> {
    let (seq, prev) = head(conn)?;
    insert(
        conn,
        &mut Entry {
            seq: seq + 1,
            at: now(),
            operator: operator.to_string(),
            action: c.action.id().to_string(),
            entity: c.entity.id().to_string(),
            entity_id: c.id,
            case_number,
            field: c.field.to_string(),
            old: c.old.to_string(),
            new: c.new.to_string(),
            reason: c.reason.to_string(),
            by: c.by.to_string(),
            state,
            prev,
            hash: String::new(),
        },
    )
}

const INSERT: &str = "INSERT INTO audit_log(seq, at, operator, action, entity, entity_id, case_number, field, old, new, reason, by_name, state, prev, hash)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

fn insert(conn: &Connection, e: &mut Entry) -> rusqlite::Result<i64> {
    let mut st = conn.prepare_cached(INSERT)?;
    insert_with(&mut st, e)
}

/// Hashes the entry (its `prev` set) and appends it with `st` (a prepared [`INSERT`]).
fn insert_with(st: &mut rusqlite::Statement<'_>, e: &mut Entry) -> rusqlite::Result<i64> {
    e.hash = e.compute_hash();
    st.execute(params![
        e.seq,
        e.at,
        e.operator,
        e.action,
        e.entity,
        e.entity_id,
        e.case_number,
        e.field,
        e.old,
        e.new,
        e.reason,
        e.by,
        e.state,
        e.prev,
        e.hash
    ])?;
    Ok(e.seq)
}

/// A record created (its state's digest is the entry's `state`; the values themselves are the
/// record's, and each later change names its field).
pub fn record_created(
    conn: &Connection,
    operator: &str,
    action: Action,
    entity: Entity,
    id: i64,
) -> rusqlite::Result<i64> {
    record(conn, operator, Change::new(action, entity, id))
}

/// The first entries of a log begun on existing records (the migration that adds the log): one
/// per hearing, appearance and evaluation, as they are.
pub fn log_existing(conn: &Connection) -> rusqlite::Result<()> {
    // (the agencies from schema step 11 on: see `log_existing_agencies`)
    log_after(conn, SYSTEM, Action::Migrate, &[0, 0, 0])
}

/// The entries of the agencies as they are (the migration that has the log follow the directory):
/// an agency already logged is not logged again.
pub fn log_existing_agencies(conn: &Connection) -> rusqlite::Result<()> {
    let logged: i64 = conn.query_row(
        "SELECT count(*) AS n FROM audit_log WHERE entity = 'agency' AND state <> ''",
        [],
        |r| r.get("n"),
    )?;
    if logged > 0 {
        return Ok(());
    }
    log_after(
        conn,
        SYSTEM,
        Action::Migrate,
        &[i64::MAX, i64::MAX, i64::MAX, 0],
    )
}

/// An event as its digest covers it: its columns as SQLite writes them in a JSON array.
const EVENT_JSON: &str =
    "json_array(seq, elapsed_ms, at, stage, kind, item_id, note, value, prev, target_seq)";

/// The digest of an evaluation's events after one more: SHA-256 of the digest before it and the
/// event's [`EVENT_JSON`].
fn event_link(before: &str, event: &str) -> String {
    let mut h = Sha256::new();
    h.update(before.as_bytes());
    h.update(b"\n");
    h.update(event.as_bytes());
    hex(&h.finalize())
}

/// An event just written goes into its evaluation's running digest (in the writer's transaction).
pub fn link_event(conn: &Connection, eval_id: i64, seq: i64) -> rusqlite::Result<()> {
    let (before, event): (String, String) = conn
        .prepare_cached(&format!(
            "SELECT x.events_digest AS before, (SELECT {EVENT_JSON} FROM events WHERE evaluation_id = ?1 AND seq = ?2) AS event
             FROM evaluations x WHERE x.id = ?1"
        ))?
        .query_row(rusqlite::params![eval_id, seq], |r| {
            Ok((r.get("before")?, r.get("event")?))
        })?;
    conn.prepare_cached("UPDATE evaluations SET events_digest = ?2 WHERE id = ?1")?
        .execute(rusqlite::params![eval_id, event_link(&before, &event)])?;
    Ok(())
}

/// Every evaluation's events digest computed again from its events (evaluations without events
/// are not in it).
fn event_digests(conn: &Connection) -> rusqlite::Result<std::collections::HashMap<i64, String>> {
    let mut st = conn.prepare(&format!(
        "SELECT evaluation_id, {EVENT_JSON} AS event FROM events ORDER BY evaluation_id, seq"
    ))?;
    let mut rows = st.query([])?;
    let mut out = std::collections::HashMap::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get("evaluation_id")?;
        let event: String = r.get("event")?;
        let d = out.entry(id).or_insert_with(String::new);
        *d = event_link(d, &event);
    }
    Ok(out)
}

/// Schema step 14: each evaluation's events digest computed, and each evaluation that has events
/// logged as it is now (its state from then on covers its events).
pub fn log_existing_events(conn: &Connection) -> rusqlite::Result<()> {
    let digests = event_digests(conn)?;
    let mut ids: Vec<&i64> = digests.keys().collect();
    ids.sort();
    let mut set = conn.prepare("UPDATE evaluations SET events_digest = ?2 WHERE id = ?1")?;
    for id in ids {
        set.execute(rusqlite::params![id, digests[id]])?;
        record(
            conn,
            SYSTEM,
            Change::new(Action::Migrate, Entity::Evaluation, *id),
        )?;
    }
    Ok(())
}

/// The last id of each of [`Entity::RECORDS`] (before a bulk load).
pub fn last_ids(conn: &Connection) -> rusqlite::Result<Vec<i64>> {
    Entity::RECORDS
        .iter()
        .map(|e| {
            conn.query_row(
                // (an empty table: 0, before every id)
                &format!("SELECT coalesce(max(id), 0) AS id FROM {}", table_of(*e)),
                [],
                |r| r.get("id"),
            )
        })
        .collect()
}

/// One `create` entry per record a bulk load added (ids after `before`, see [`last_ids`]).
pub fn log_added(conn: &Connection, operator: &str, before: &[i64]) -> rusqlite::Result<()> {
    log_after(conn, operator, Action::Create, before)
}

fn log_after(
    conn: &Connection,
    operator: &str,
    action: Action,
    before: &[i64],
) -> rusqlite::Result<()> {
    // one pass per kind, the chain's head kept here: the load holds the write lock throughout
    let (mut seq, mut prev) = head(conn)?;
    let at = now();
    let mut ins = conn.prepare(INSERT)?;
    for (&entity, &after) in Entity::RECORDS.iter().zip(before) {
        let Some(sql) = records_sql(entity, "x.id > ?1 ORDER BY x.id") else {
            continue;
        };
        let mut st = conn.prepare(&sql)?;
        let cols = state_columns(&st, entity)?;
        let mut rows = st.query([after])?;
        while let Some(r) = rows.next()? {
            let (id, case_number, state) = record_row(r, &cols, entity)?;
            seq += 1;
            let mut e = Entry {
                seq,
                at: at.clone(),
                operator: operator.to_string(),
                action: action.id().to_string(),
                entity: entity.id().to_string(),
                entity_id: id,
                case_number,
                field: String::new(),
                old: String::new(),
                new: String::new(),
                reason: String::new(),
                by: String::new(),
                state: digest(&state),
                prev: std::mem::take(&mut prev),
                hash: String::new(),
            };
            insert_with(&mut ins, &mut e)?;
            prev = e.hash;
        }
    }
    Ok(())
}

fn table_of(entity: Entity) -> &'static str {
    match entity {
        Entity::Hearing => "hearings",
        Entity::Appearance => "appearances",
        Entity::Evaluation => "evaluations",
        Entity::Batch => "batches",
        Entity::Import => "imported_batches",
        Entity::Key => "trusted_keys",
        Entity::Agency => "agencies",
        Entity::Suggestion => "suggestions",
        Entity::Sample => "samples",
        Entity::Review => "reviews",
        Entity::Satisfaction => "satisfaction",
    }
}

/// What `verify` found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Verified {
    /// the chain holds and every record is what the log says
    Ok { entries: i64, head: String },
    /// the first broken entry (`seq`), or a record the log does not know (`seq` 0)
    Broken {
        seq: i64,
        problem: Problem,
        entity: String,
        entity_id: i64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// the entry's number is not the one after the previous entry's
    Sequence,
    /// the entry does not carry the previous entry's hash
    Chain,
    /// the entry's content does not match its hash
    Content,
    /// the record is not what the log's last entry about it says
    Record,
    /// the record exists, but the log's last entry about it deleted it
    Deleted,
    /// a record the log never recorded
    Unlogged,
    /// the log's guards against change (its triggers) were removed
    Unprotected,
    /// entries after the last one were removed (a batch names a later head, or its export entry
    /// is gone)
    Truncated,
    /// an entry a batch's chain head names is gone though the log goes on past the batch's
    /// export: entries at or before it were rewritten and the chain computed again after them
    Rewritten,
    /// the entry's time is before the previous entry's (by more than a clock's correction), or
    /// is no time at all: rewritten, and the chain computed again after it
    Time,
}

/// How far an entry's time may go back from the one before it: a computer's clock set right
/// (NTP) steps back by seconds; an entry rewritten into another year does not pass.
pub const CLOCK_SLACK: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

/// An evaluation's events digest as stored.
fn stored_events(conn: &Connection, id: i64) -> rusqlite::Result<String> {
    conn.prepare_cached("SELECT events_digest FROM evaluations WHERE id = ?1")?
        .query_row([id], |r| r.get("events_digest"))
}

/// Recomputes the chain from the first entry and checks every record against the log.
pub fn verify(conn: &Connection) -> rusqlite::Result<Verified> {
    let mut st = conn.prepare(&format!("SELECT {ENTRY_COLS} FROM audit_log ORDER BY seq"))?;
    let c = EntryCols::of(&st)?;
    let mut rows = st.query([])?;
    let (mut expect_seq, mut prev) = (1i64, GENESIS.to_string());
    let mut last_at: Option<chrono::DateTime<chrono::FixedOffset>> = None;
    while let Some(r) = rows.next()? {
        let e = entry_from(r, &c)?;
        let broken = |problem| Verified::Broken {
            seq: e.seq,
            problem,
            entity: e.entity.clone(),
            entity_id: e.entity_id,
        };
        if e.seq != expect_seq {
            return Ok(broken(Problem::Sequence));
        }
        if e.prev != prev {
            return Ok(broken(Problem::Chain));
        }
        if e.compute_hash() != e.hash {
            return Ok(broken(Problem::Content));
        }
        // times go forward along the chain
        match chrono::DateTime::parse_from_rfc3339(&e.at) {
            Ok(at) if last_at.is_none_or(|l| at >= l - CLOCK_SLACK) => {
                last_at = Some(last_at.map_or(at, |l| l.max(at)));
            }
            _ => return Ok(broken(Problem::Time)),
        }
        prev = e.hash;
        expect_seq += 1;
    }
    let entries = expect_seq - 1;
    // every record against the log's last entry about it (both walked in id order)
    let mut first: Option<Verified> = None;
    let events = event_digests(conn)?;
    for &entity in Entity::RECORDS {
        let mut logged = conn.prepare(
            "SELECT entity_id, max(seq) AS seq, state FROM audit_log WHERE entity = ?1 GROUP BY entity_id ORDER BY entity_id",
        )?;
        let logged: Vec<(i64, i64, String)> = logged
            .query_map([entity.id()], |r| {
                Ok((r.get("entity_id")?, r.get("seq")?, r.get("state")?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut ids = conn.prepare(&format!("SELECT id FROM {} ORDER BY id", table_of(entity)))?;
        let ids: Vec<i64> = ids
            .query_map([], |r| r.get("id"))?
            .collect::<rusqlite::Result<_>>()?;
        let mut log = logged.iter().peekable();
        let mut found = |seq: i64, problem, id: i64| {
            let b = Verified::Broken {
                seq,
                problem,
                entity: entity.id().to_string(),
                entity_id: id,
            };
            // the earliest entry named wins; an unlogged record only when no entry is broken
            match &first {
                Some(Verified::Broken { seq: s, .. }) if *s != 0 && (seq == 0 || *s <= seq) => {}
                _ => first = Some(b),
            }
        };
        for id in ids {
            while log.peek().is_some_and(|(lid, _, _)| *lid < id) {
                let (lid, seq, st) = log.next().expect("peeked");
                if !st.is_empty() {
                    // the log says it exists, and it is gone
                    found(*seq, Problem::Record, *lid);
                }
            }
            match log.peek() {
                Some((lid, seq, st)) if *lid == id => {
                    if st.is_empty() {
                        found(*seq, Problem::Deleted, id);
                    } else if *st != state_digest(conn, entity, id)?
                        || (entity == Entity::Evaluation
                            && stored_events(conn, id)?
                                != events.get(&id).map(String::as_str).unwrap_or_default())
                    {
                        found(*seq, Problem::Record, id);
                    }
                    log.next();
                }
                _ => found(0, Problem::Unlogged, id),
            }
        }
        for (lid, seq, st) in log {
            if !st.is_empty() {
                found(*seq, Problem::Record, *lid);
            }
        }
    }
    if let Some(b) = first {
        return Ok(b);
    }
    // the log refuses to be changed: its triggers are there (said last: a broken entry, found
    // above, says more)
    let guards: i64 = conn.query_row(
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name IN ('audit_log_no_update', 'audit_log_no_delete')",
        [],
        |r| r.get("n"),
    )?;
    if guards != 2 {
        return Ok(Verified::Broken {
            seq: 0,
            problem: Problem::Unprotected,
            entity: "audit_log".into(),
            entity_id: 0,
        });
    }
    let (_, head) = head(conn)?;
    Ok(Verified::Ok { entries, head })
}

/// Every entry about a case (its hearings, appearances and evaluations), oldest first.
pub fn history(conn: &Connection, case_number: &str) -> rusqlite::Result<Vec<Entry>> {
    // (also the entries of its records made under another number, before the case number was
    // amended to this one)
    let mut st = conn.prepare(&format!(
        "SELECT {ENTRY_COLS} FROM audit_log WHERE case_number = ?1
            OR (entity = 'hearing' AND entity_id IN (SELECT id FROM hearings WHERE case_number = ?1))
            OR (entity = 'appearance' AND entity_id IN (SELECT a.id FROM appearances a JOIN hearings h ON h.id = a.hearing_id WHERE h.case_number = ?1))
            OR (entity = 'evaluation' AND entity_id IN (SELECT e.id FROM evaluations e JOIN appearances a ON a.id = e.appearance_id
                                                        JOIN hearings h ON h.id = a.hearing_id WHERE h.case_number = ?1))
         ORDER BY seq"
    ))?;
    let c = EntryCols::of(&st)?;
    let rows = st.query_map([case_number], |r| entry_from(r, &c))?;
    rows.collect()
}
