//! Hearings, agencies and appearances, and the paged list of the main screen.

use super::audit::{self, Action, Change, Entity};
use super::types::RowKinds;
use super::{Result, Store, StoreError, now};
use crate::domain::model::*;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use tingping_core::msg::msg;

/// What the hearing form produces: validated fields (the case number already canonical).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HearingInput {
    pub case_number: String,
    pub cause: String,
    pub act_kind: Option<ActKind>,
    pub court: String,
    pub judge: String,
    pub clerk: String,
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub online: bool,
    pub key_category: Option<KeyCategory>,
}

impl HearingInput {
    /// The same input with every text cleaned and within its limit (refused naming the field).
    pub fn checked(&self) -> Result<HearingInput> {
        use crate::domain::text::NAME_MAX;
        let f = |key: &'static str, s: &str| super::text_in(key, s, NAME_MAX);
        Ok(HearingInput {
            case_number: f("field.case_number", &self.case_number)?,
            cause: f("field.cause", &self.cause)?,
            court: f("field.court", &self.court)?,
            judge: f("field.judge", &self.judge)?,
            clerk: f("field.clerk", &self.clerk)?,
            date: f("field.date", &self.date)?,
            start_time: f("field.start_time", &self.start_time)?,
            end_time: f("field.end_time", &self.end_time)?,
            ..self.clone()
        })
    }
}

/// One row of the hearings list: a hearing and one of its defendant agencies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListRow {
    pub hearing_id: i64,
    pub appearance_id: Option<i64>,
    pub evaluation_id: Option<i64>,
    pub case_number: String,
    pub date: String,
    pub start_time: String,
    pub agency: Option<String>,
    pub person: String,
    pub category: Option<AppearCategory>,
    pub status: Option<EvalStatus>,
    pub total_tenths: Option<i64>,
    pub grade: Option<String>,
    pub flags: Vec<String>,
    pub events: i64,
    /// 1 + the amendments of the appearance and of its hearing (as `list --json` counts them)
    pub version: i64,
    /// a batch has claimed the appearance (reported it: an absence too, which has no evaluation)
    pub reported: bool,
}

impl ListRow {
    /// Where this row stands in the list, for [`Store::list_after`] and [`Store::list_before`].
    pub fn cursor(&self) -> ListCursor {
        ListCursor {
            date: self.date.clone(),
            start_time: self.start_time.clone(),
            hearing_id: self.hearing_id,
            appearance_id: self.appearance_id,
        }
    }
}

/// A position in the hearings list, which is ordered by its hearing's date, start time and id
/// (newest first), then by appearance id (a hearing without appearances has one row, `None`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ListCursor {
    pub date: String,
    pub start_time: String,
    pub hearing_id: i64,
    pub appearance_id: Option<i64>,
}

impl ListCursor {
    /// The place just before a day's first row (its latest hearing): [`Store::list_at`] from
    /// it reads the day's rows, then the days before it.
    pub fn day_start(date: &str) -> ListCursor {
        ListCursor {
            date: date.to_string(),
            // after every time of day (text compares byte by byte), and every id
            start_time: char::MAX.to_string(),
            hearing_id: i64::MAX,
            appearance_id: None,
        }
    }
}

/// The columns of a list row (`h`: a page of hearings, joined with [`LIST_JOINS`]).
const LIST_COLS: &str = "h.id AS hearing_id, a.id AS appearance_id, e.id AS evaluation_id, h.case_number, h.date,
    h.start_time, g.name AS agency, a.person, a.category, e.status,
    coalesce(o.total_tenths, e.total_tenths) AS total_tenths, coalesce(o.grade, e.grade) AS grade,
    coalesce(o.flags, e.flags) AS flags,
    a.notified, a.absence_reason, a.reason_accepted, a.absent_after_postponement,
    (SELECT count(*) FROM events v WHERE v.evaluation_id = e.id) AS events,
    1 + (SELECT count(*) FROM amendments m WHERE m.appearance_id = a.id)
      + (SELECT count(*) FROM amendments m WHERE m.hearing_id = h.id AND m.appearance_id IS NULL) AS version,
    EXISTS (SELECT 1 FROM batch_items b WHERE b.appearance_id = a.id) AS reported";

const LIST_JOINS: &str = "LEFT JOIN appearances a ON a.hearing_id = h.id
    LEFT JOIN agencies g ON g.id = a.agency_id
    LEFT JOIN evaluations e ON e.appearance_id = a.id
    LEFT JOIN performance_outcomes o ON o.evaluation_id = e.id";

fn list_row(r: &Row) -> rusqlite::Result<ListRow> {
    // (a hearing without defendants has a row with no appearance, an appearance not yet scored no
    // evaluation: their person and flags are NULL, no one and none)
    let category: Option<AppearCategory> = r.kind_opt("category")?;
    let mut flags = split_flags(&r.get::<_, Option<String>>("flags")?.unwrap_or_default());
    if category.is_some() {
        for f in art12_of(r)? {
            if !flags.contains(&f) {
                flags.push(f);
            }
        }
    }
    Ok(ListRow {
        hearing_id: r.get("hearing_id")?,
        appearance_id: r.get("appearance_id")?,
        evaluation_id: r.get("evaluation_id")?,
        case_number: r.get("case_number")?,
        date: r.get("date")?,
        start_time: r.get("start_time")?,
        agency: r.get("agency")?,
        person: r.get::<_, Option<String>>("person")?.unwrap_or_default(),
        category,
        status: r.kind_opt("status")?,
        total_tenths: r.get("total_tenths")?,
        grade: r.get("grade")?,
        flags,
        events: r.get("events")?,
        version: r.get("version")?,
        reported: r.get("reported")?,
    })
}

pub(crate) fn split_flags(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}

/// Art. 12 flags from an appearance's five columns, read by their names: notified, category,
/// absence_reason, reason_accepted, absent_after_postponement.
pub(crate) fn art12_of(r: &Row) -> rusqlite::Result<Vec<String>> {
    Ok(art12_flags(
        r.get("notified")?,
        r.kind("category")?,
        r.kind("absence_reason")?,
        r.get("reason_accepted")?,
        r.get("absent_after_postponement")?,
    ))
}

const HEARING_COLS: &str = "id, case_number, cause, act_kind, court, judge, clerk, date, start_time, end_time, sitting, online, key_category";

fn hearing_from(r: &Row) -> rusqlite::Result<Hearing> {
    Ok(Hearing {
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
    })
}

const APPEARANCE_SELECT: &str = "SELECT a.id, a.hearing_id, a.agency_id, g.name, a.notified, a.person, a.title, a.category, a.absence_reason, a.reason_accepted, a.absent_after_postponement FROM appearances a JOIN agencies g ON g.id = a.agency_id";

fn appearance_from(r: &Row) -> rusqlite::Result<Appearance> {
    Ok(Appearance {
        id: r.get("id")?,
        hearing_id: r.get("hearing_id")?,
        agency_id: r.get("agency_id")?,
        agency_name: r.get("name")?,
        notified: r.get("notified")?,
        person: r.get("person")?,
        title: r.get("title")?,
        category: r.kind("category")?,
        absence_reason: r.kind("absence_reason")?,
        reason_accepted: r.get("reason_accepted")?,
        absent_after_postponement: r.get("absent_after_postponement")?,
    })
}

pub(crate) fn agency_from(r: &Row) -> rusqlite::Result<Agency> {
    Ok(Agency {
        id: r.get("id")?,
        name: r.get("name")?,
        level: r.kind("level")?,
        region: r.get("region")?,
        government: r.get("government")?,
    })
}

/// The agency a name or a short name (简称) names, if the directory knows it.
pub(crate) fn find_agency_id(conn: &Connection, name: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached(
        "SELECT id FROM agencies WHERE name = ?1
         UNION ALL SELECT agency_id FROM agency_aliases WHERE alias = ?1 LIMIT 1",
    )?
    .query_row([name.trim()], |r| r.get("id"))
    .optional()
}

/// The agency's row id, creating it on first use (one row per agency, reused by its name or a
/// short name of it).
pub(crate) fn agency_id(
    conn: &rusqlite::Connection,
    operator: &str,
    name: &str,
) -> rusqlite::Result<i64> {
    let name = name.trim();
    if let Some(id) = find_agency_id(conn, name)? {
        return Ok(id);
    }
    conn.execute("INSERT INTO agencies(name) VALUES (?1)", [name])?;
    let id = conn.last_insert_rowid();
    audit::record(
        conn,
        operator,
        Change::new(Action::Create, Entity::Agency, id).field("name", "", name),
    )?;
    Ok(id)
}

/// An appearance (`a`) whose evaluation is finalized or that a batch reported.
pub(crate) const SETTLED: &str =
    "(EXISTS (SELECT 1 FROM evaluations e WHERE e.appearance_id = a.id AND e.status <> 'draft')
    OR EXISTS (SELECT 1 FROM batch_items b WHERE b.appearance_id = a.id))";

/// Writes a hearing's fields (its case type and court code follow its case number).
pub(crate) fn write_hearing(conn: &Connection, id: i64, h: &HearingInput) -> Result<()> {
    let (case_type, court_code) = super::schema::case_parts(&h.case_number);
    let n = conn.execute(
        "UPDATE hearings SET case_number=?2, cause=?3, act_kind=?4, court=?5, judge=?6, clerk=?7, date=?8, start_time=?9, end_time=?10, online=?11, key_category=?12, updated_at=?13, case_type=?14, court_code=?15 WHERE id=?1",
        params![
            id, h.case_number, h.cause, h.act_kind.unwrap_or(ActKind::Other).id(), h.court, h.judge, h.clerk, h.date,
            h.start_time, h.end_time, h.online, h.key_category.unwrap_or(KeyCategory::None).id(), now(), case_type, court_code
        ],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("hearing {id}")));
    }
    Ok(())
}

/// Writes who appeared and why not; the evaluation's cached score follows.
pub(crate) fn write_appearance(
    conn: &Connection,
    rubrics: &std::cell::RefCell<
        std::collections::HashMap<String, std::rc::Rc<crate::domain::rubric::Rubric>>,
    >,
    a: &Appearance,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE appearances SET notified=?2, person=?3, title=?4, category=?5, absence_reason=?6, reason_accepted=?7, absent_after_postponement=?8 WHERE id=?1",
        params![a.id, a.notified, a.person, a.title, a.category.id(), a.absence_reason.id(), a.reason_accepted, a.absent_after_postponement],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("appearance {}", a.id)));
    }
    let eval: Option<i64> = conn
        .query_row(
            "SELECT id FROM evaluations WHERE appearance_id=?1",
            [a.id],
            |r| r.get("id"),
        )
        .optional()?;
    if let Some(eid) = eval {
        super::evaluations::recompute(conn, rubrics, eid)?;
    }
    Ok(())
}

/// Whether an appearance is settled (see [`SETTLED`]).
pub(crate) fn settled(conn: &Connection, appearance_id: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        &format!(
            "SELECT EXISTS (SELECT 1 FROM appearances a WHERE a.id = ?1 AND {SETTLED}) AS settled"
        ),
        [appearance_id],
        |r| r.get("settled"),
    )
}

/// Inserts a hearing (checked) and its defendants in the caller's transaction, each logged.
pub(crate) fn insert_hearing_tx(
    tx: &Connection,
    operator: &str,
    h: &HearingInput,
    agencies: &[String],
) -> Result<i64> {
    let ts = now();
    let (case_type, court_code) = super::schema::case_parts(&h.case_number);
    tx.execute(
        "INSERT INTO hearings(case_number, cause, act_kind, court, judge, clerk, date, start_time, end_time, online, key_category, created_at, updated_at, sitting, case_type, court_code)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12,
                 1 + (SELECT count(*) FROM hearings WHERE case_number = ?1), ?13, ?14)",
        params![
            h.case_number, h.cause, h.act_kind.unwrap_or(ActKind::Other).id(), h.court, h.judge, h.clerk, h.date,
            h.start_time, h.end_time, h.online, h.key_category.unwrap_or(KeyCategory::None).id(), ts, case_type, court_code
        ],
    )?;
    let id = tx.last_insert_rowid();
    audit::record_created(tx, operator, Action::Create, Entity::Hearing, id)?;
    for name in agencies {
        let aid = agency_id(tx, operator, name)?;
        if tx.execute(
            "INSERT OR IGNORE INTO appearances(hearing_id, agency_id) VALUES (?1, ?2)",
            params![id, aid],
        )? > 0
        {
            let appearance = tx.last_insert_rowid();
            audit::record_created(tx, operator, Action::Create, Entity::Appearance, appearance)?;
        }
    }
    Ok(id)
}

impl Store {
    pub fn insert_hearing(&mut self, h: &HearingInput, agencies: &[String]) -> Result<i64> {
        let h = &h.checked()?;
        let agencies = agencies
            .iter()
            .map(|a| super::text_in("field.defendants", a, crate::domain::text::NAME_MAX))
            .collect::<Result<Vec<_>>>()?;
        let tx = self.conn.transaction()?;
        let id = insert_hearing_tx(&tx, &self.operator, h, &agencies)?;
        tx.commit()?;
        Ok(id)
    }

    /// Whether a hearing is settled: one of its evaluations is finalized, or a batch reported one of
    /// its appearances. A change then is an amendment, not an edit.
    pub fn hearing_locked(&self, id: i64) -> Result<bool> {
        Ok(self.conn.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM appearances a WHERE a.hearing_id = ?1 AND {SETTLED}) AS settled"
            ),
            [id],
            |r| r.get("settled"),
        )?)
    }

    /// Whether an appearance is settled: its evaluation is finalized, or a batch reported it.
    pub fn appearance_locked(&self, id: i64) -> Result<bool> {
        Ok(settled(&self.conn, id)?)
    }

    pub fn update_hearing(&mut self, id: i64, h: &HearingInput) -> Result<()> {
        let h = &h.checked()?;
        if self.hearing_locked(id)? {
            return Err(StoreError::Refused(msg("store.err.hearing_locked")));
        }
        let tx = self.conn.transaction()?;
        let before = audit::state(&tx, Entity::Hearing, id)?;
        write_hearing(&tx, id, h)?;
        audit::record_edit(
            &tx,
            &self.operator,
            Change::new(Action::Edit, Entity::Hearing, id),
            before.as_deref(),
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn hearing(&self, id: i64) -> Result<Hearing> {
        self.conn
            .query_row(
                &format!("SELECT {HEARING_COLS} FROM hearings WHERE id = ?1"),
                [id],
                hearing_from,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("hearing {id}")))
    }

    /// The courtroom a hearing is held in (法庭; "" when none was given).
    pub fn hearing_room(&self, id: i64) -> Result<String> {
        Ok(self
            .conn
            .prepare_cached("SELECT room FROM hearings WHERE id = ?1")?
            .query_row([id], |r| r.get("room"))?)
    }

    /// The hearings held from `from` to `to` in this database's scope, in their order (day, time).
    pub fn hearing_ids_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<i64>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT h.id FROM hearings h WHERE h.date BETWEEN ?1 AND ?2 AND {}
             ORDER BY h.date, h.start_time, h.id",
            super::records::in_scope(&self.scope)
        ))?;
        let ids = st
            .query_map(params![from.to_string(), to.to_string()], |r| r.get("id"))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    pub fn hearings_by_case(&self, case_number: &str) -> Result<Vec<Hearing>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {HEARING_COLS} FROM hearings WHERE case_number = ?1 ORDER BY id"
        ))?;
        let rows = st.query_map([case_number], hearing_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn agency(&self, id: i64) -> Result<Agency> {
        self.conn
            .query_row(
                "SELECT id, name, level, region, government FROM agencies WHERE id = ?1",
                [id],
                agency_from,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("agency {id}")))
    }

    /// The same-level government an agency reports to (decides which notice it appears in).
    pub fn set_agency_government(&mut self, id: i64, government: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        set_government_tx(&tx, &self.operator, id, government)?;
        tx.commit()?;
        Ok(())
    }

    pub fn appearances(&self, hearing_id: i64) -> Result<Vec<Appearance>> {
        let mut st = self.conn.prepare(&format!(
            "{APPEARANCE_SELECT} WHERE a.hearing_id = ?1 ORDER BY a.id"
        ))?;
        let rows = st.query_map([hearing_id], appearance_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn appearance(&self, id: i64) -> Result<Appearance> {
        self.conn
            .query_row(
                &format!("{APPEARANCE_SELECT} WHERE a.id = ?1"),
                [id],
                appearance_from,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("appearance {id}")))
    }

    /// Adds a defendant agency to a hearing (creating the agency if new); returns the appearance id.
    pub fn add_defendant(&mut self, hearing_id: i64, agency_name: &str) -> Result<i64> {
        let agency_name = &super::text_in(
            "field.defendants",
            agency_name,
            crate::domain::text::NAME_MAX,
        )?;
        let tx = self.conn.transaction()?;
        let aid = agency_id(&tx, &self.operator, agency_name)?;
        let added = tx.execute(
            "INSERT OR IGNORE INTO appearances(hearing_id, agency_id) VALUES (?1, ?2)",
            params![hearing_id, aid],
        )? > 0;
        if added {
            let id = tx.last_insert_rowid();
            audit::record_created(&tx, &self.operator, Action::Create, Entity::Appearance, id)?;
        }
        let id = tx.query_row(
            "SELECT id FROM appearances WHERE hearing_id=?1 AND agency_id=?2",
            params![hearing_id, aid],
            |r| r.get("id"),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Removes a defendant agency that has no evaluation yet.
    pub fn remove_defendant(&mut self, appearance_id: i64) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let unscored: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM appearances WHERE id = ?1) AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.appearance_id = ?1) AS unscored",
            [appearance_id],
            |r| r.get("unscored"),
        )?;
        if !unscored {
            return Ok(false);
        }
        super::suggestions::refuse_if_suggested(&tx, &[appearance_id])?;
        // (it exists: `unscored` says so)
        let before = audit::state(&tx, Entity::Appearance, appearance_id)?.unwrap_or_default();
        audit::record_deletion(
            &tx,
            &self.operator,
            Change::new(Action::Delete, Entity::Appearance, appearance_id).field("", &before, ""),
        )?;
        tx.execute("DELETE FROM appearances WHERE id = ?1", [appearance_id])?;
        tx.commit()?;
        Ok(true)
    }

    /// Saves who appeared and why not; the evaluation's cached score follows in the same transaction.
    pub fn update_appearance(&mut self, a: &Appearance) -> Result<()> {
        self.save_appearance(a, None)
    }

    /// Who appeared for an agency, and (from the same form) the government the agency reports
    /// to: one transaction, each change with its audit entry, so neither is ever kept without
    /// the other.
    pub fn save_appearance(&mut self, a: &Appearance, government: Option<&str>) -> Result<()> {
        let a = &Appearance {
            person: super::text_in("field.person", &a.person, crate::domain::text::NAME_MAX)?,
            title: super::text_in("field.title", &a.title, crate::domain::text::NAME_MAX)?,
            ..a.clone()
        };
        if self.appearance_locked(a.id)? {
            return Err(StoreError::Refused(msg("store.err.appearance_locked")));
        }
        // who appeared not entered yet (the form never saved): what it holds are the defaults
        // it was created with, which nobody chose
        let was = self.appearance(a.id)?;
        let first = was.category.scorable() && was.person.trim().is_empty();
        let tx = self.conn.transaction()?;
        let before = audit::state(&tx, Entity::Appearance, a.id)?;
        write_appearance(&tx, &self.rubrics, a)?;
        let change = Change::new(Action::Edit, Entity::Appearance, a.id);
        if first {
            audit::record_first_entry(&tx, &self.operator, change, before.as_deref())?;
        } else {
            audit::record_edit(&tx, &self.operator, change, before.as_deref())?;
        }
        if let Some(g) = government {
            set_government_tx(&tx, &self.operator, a.agency_id, g)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// How many rows the hearings list has (one per appearance, one per hearing without any):
    /// exact, kept by triggers in the transaction of every change (schema step 7), read in O(1).
    pub fn list_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT n FROM list_rows WHERE id = 1")?
            .query_row([], |r| r.get("n"))?;
        Ok(n as usize)
    }

    /// How many rows of the hearings list a day's hearings have (a hearing has a row per
    /// defendant agency, at least one): read through the index by date, O(the day's rows).
    pub fn list_rows_on_day(&self, date: &str) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT coalesce(sum(max(1, (SELECT count(*) FROM appearances a WHERE a.hearing_id = h.id))), 0) AS n
                 FROM hearings h WHERE h.date = ?1",
            )?
            .query_row([date], |r| r.get("n"))?;
        Ok(n as usize)
    }

    /// Whether what the triggers keep agrees with the records: the list's row count, and the
    /// appearances no batch has claimed. A full read (tests; a check after a repair by hand).
    pub fn kept_agree(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT (SELECT n FROM list_rows WHERE id = 1) =
                    (SELECT count(*) FROM appearances)
                    + (SELECT count(*) FROM hearings h WHERE NOT EXISTS (SELECT 1 FROM appearances a WHERE a.hearing_id = h.id))
                AND NOT EXISTS (SELECT 1 FROM unclaimed u
                    WHERE NOT EXISTS (SELECT 1 FROM appearances a WHERE a.id = u.appearance_id)
                       OR EXISTS (SELECT 1 FROM batch_items b WHERE b.appearance_id = u.appearance_id))
                AND NOT EXISTS (SELECT 1 FROM appearances a
                    WHERE NOT EXISTS (SELECT 1 FROM batch_items b WHERE b.appearance_id = a.id)
                      AND NOT EXISTS (SELECT 1 FROM unclaimed u WHERE u.appearance_id = a.id)) AS agree",
            [],
            |r| r.get("agree"),
        )?)
    }

    /// The first `limit` rows of the hearings list (the newest).
    pub fn list_first(&self, limit: usize) -> Result<Vec<ListRow>> {
        self.list_rows(
            &format!(
                "SELECT {LIST_COLS}
                 FROM (SELECT * FROM hearings ORDER BY date DESC, start_time DESC, id DESC LIMIT ?1) h
                 {LIST_JOINS}
                 ORDER BY h.date DESC, h.start_time DESC, h.id DESC, a.id LIMIT ?2"
            ),
            params![limit as i64, limit as i64],
            false,
        )
    }

    /// The last `limit` rows of the hearings list (the oldest), in list order: the last row last.
    pub fn list_last(&self, limit: usize) -> Result<Vec<ListRow>> {
        self.list_rows(
            &format!(
                "SELECT {LIST_COLS}
                 FROM (SELECT * FROM hearings ORDER BY date, start_time, id LIMIT ?1) h
                 {LIST_JOINS}
                 ORDER BY h.date, h.start_time, h.id, a.id DESC LIMIT ?2"
            ),
            params![limit as i64, limit as i64],
            true,
        )
    }

    /// Up to `limit` rows that come after `cursor` in the list (older), in list order. The cursor
    /// is a position, not a row: it holds after its row changed or went.
    pub fn list_after(&self, cursor: &ListCursor, limit: usize) -> Result<Vec<ListRow>> {
        self.list_from(cursor, limit, false)
    }

    /// `cursor`'s row (if it is still there) and up to `limit - 1` rows after it, in list order:
    /// what a refreshed view shows from a row on.
    pub fn list_at(&self, cursor: &ListCursor, limit: usize) -> Result<Vec<ListRow>> {
        self.list_from(cursor, limit, true)
    }

    fn list_from(&self, c: &ListCursor, limit: usize, inclusive: bool) -> Result<Vec<ListRow>> {
        // the cursor's hearing (its rows after the cursor, or from it), then the hearings after
        // it: `limit + 1` hearings hold at least `limit` rows
        let cmp = if inclusive { "<" } else { "<=" };
        self.list_rows(
            &format!(
                "SELECT {LIST_COLS}
                 FROM (SELECT * FROM hearings WHERE (date, start_time, id) <= (?1, ?2, ?3)
                       ORDER BY date DESC, start_time DESC, id DESC LIMIT ?5) h
                 {LIST_JOINS}
                 WHERE NOT (h.date = ?1 AND h.start_time = ?2 AND h.id = ?3 AND coalesce(a.id, 0) {cmp} ?4)
                 ORDER BY h.date DESC, h.start_time DESC, h.id DESC, a.id LIMIT ?6"
            ),
            params![
                c.date,
                c.start_time,
                c.hearing_id,
                c.appearance_id.unwrap_or(0),
                limit as i64 + 1,
                limit as i64
            ],
            false,
        )
    }

    /// Up to `limit` rows that come before `cursor` in the list (newer), in list order: the row
    /// right before the cursor last.
    pub fn list_before(&self, c: &ListCursor, limit: usize) -> Result<Vec<ListRow>> {
        self.list_rows(
            &format!(
                "SELECT {LIST_COLS}
                 FROM (SELECT * FROM hearings WHERE (date, start_time, id) >= (?1, ?2, ?3)
                       ORDER BY date, start_time, id LIMIT ?5) h
                 {LIST_JOINS}
                 WHERE NOT (h.date = ?1 AND h.start_time = ?2 AND h.id = ?3 AND coalesce(a.id, 0) >= ?4)
                 ORDER BY h.date, h.start_time, h.id, a.id DESC LIMIT ?6"
            ),
            params![
                c.date,
                c.start_time,
                c.hearing_id,
                c.appearance_id.unwrap_or(0),
                limit as i64 + 1,
                limit as i64
            ],
            true,
        )
    }

    /// Rows of a list query; `reversed`: it reads them backwards (they are turned to list order).
    fn list_rows(
        &self,
        sql: &str,
        args: impl rusqlite::Params,
        reversed: bool,
    ) -> Result<Vec<ListRow>> {
        let mut st = self.conn.prepare_cached(sql)?;
        let mut rows = st
            .query_map(args, list_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if reversed {
            rows.reverse();
        }
        Ok(rows)
    }
}

/// An agency's government set in the caller's transaction, with its audit entry (unchanged: no
/// entry).
fn set_government_tx(tx: &Connection, operator: &str, id: i64, government: &str) -> Result<()> {
    let government = super::text_in(
        "field.government",
        government,
        crate::domain::text::NAME_MAX,
    )?;
    let before = audit::state(tx, Entity::Agency, id)?;
    tx.execute(
        "UPDATE agencies SET government = ?2 WHERE id = ?1",
        params![id, government.trim()],
    )?;
    audit::record_edit(
        tx,
        operator,
        Change::new(Action::Edit, Entity::Agency, id),
        before.as_deref(),
    )?;
    Ok(())
}
