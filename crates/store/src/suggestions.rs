//! Judicial suggestions (司法建议书) kept: drafted for appearances with an art 12 situation, sent
//! (numbered in their own yearly sequence, a reply deadline set), their replies recorded. Every
//! change is one transaction with its audit entries; only a draft may change its texts or go.

use super::audit::{self, Action, Change, Entity};
use super::{Result, Store, StoreError, bad_value, now, stored_date};
use crate::domain::model::EvalStatus;
use crate::domain::suggestion::{
    self as sg, Concerned, RecipientKind, Status, Suggestion, Tally, Texts,
};
use crate::domain::text::{NAME_MAX, TEXT_MAX};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use tingping_core::msg::msgf;

/// What a new draft holds (its texts composed by the caller from the court's template).
#[derive(Clone, Debug)]
pub struct NewSuggestion {
    pub appearances: Vec<i64>,
    pub recipient_kind: RecipientKind,
    pub recipient: String,
    pub cc: Vec<String>,
    pub texts: Texts,
    pub drafted_by: String,
    pub drafted_on: NaiveDate,
}

/// The most appearances one suggestion is about, and the longest of its texts.
pub const CONCERNED_MAX: usize = 200;
pub const SUGGESTION_TEXT_MAX: usize = 20_000;

/// The art 12 situations of an appearance as the records show them: those of who appeared and
/// why not, and those its evaluation raised once finalized (a draft's may still change).
pub(crate) fn situations_of(
    conn: &Connection,
    store: &Store,
    appearance: i64,
) -> Result<Vec<String>> {
    let a = store.appearance(appearance)?;
    let mut flags = a.derived_flags();
    let eval: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, status FROM evaluations WHERE appearance_id = ?1",
            [appearance],
            |r| Ok((r.get("id")?, r.get("status")?)),
        )
        .optional()?;
    if let Some((id, status)) = eval
        && status != EvalStatus::Draft.id()
        && a.category.scorable()
    {
        flags.extend(store.score_of(id)?.flags);
    }
    Ok(sg::situations(&flags))
}

impl Store {
    /// The art 12 situations of an appearance (see [`situations_of`]).
    pub fn situations(&self, appearance: i64) -> Result<Vec<String>> {
        situations_of(&self.conn, self, appearance)
    }

    /// The suggestion an appearance is already in, if any (its id).
    pub fn suggestion_of_appearance(&self, appearance: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT suggestion_id FROM suggestion_appearances WHERE appearance_id = ?1 LIMIT 1",
                [appearance],
                |r| r.get("suggestion_id"),
            )
            .optional()?)
    }

    /// A new draft for appearances of one agency, each with an art 12 situation and in no other
    /// suggestion; returns its id.
    pub fn draft_suggestion(&mut self, n: &NewSuggestion) -> Result<i64> {
        if n.appearances.is_empty() || n.appearances.len() > CONCERNED_MAX {
            return Err(StoreError::Refused(msgf(
                "suggestion.err.appearances",
                &[("n", &n.appearances.len()), ("max", &CONCERNED_MAX)],
            )));
        }
        let recipient = super::text_in("suggestion.field.recipient", &n.recipient, NAME_MAX)?;
        if recipient.trim().is_empty() {
            return Err(StoreError::Refused(tingping_core::msg::msg(
                "suggestion.err.no_recipient",
            )));
        }
        let cc = checked_cc(&n.cc)?;
        let texts = checked_texts(&n.texts)?;
        let by = super::text_in("suggestion.field.drafted_by", &n.drafted_by, NAME_MAX)?;
        let mut agency = None;
        for &a in &n.appearances {
            let app = self.appearance(a)?;
            match agency {
                None => agency = Some((app.agency_id, app.agency_name.clone())),
                Some((id, ref name)) if id != app.agency_id => {
                    return Err(StoreError::Refused(msgf(
                        "suggestion.err.agencies",
                        &[("a", name), ("b", &app.agency_name)],
                    )));
                }
                Some(_) => {}
            }
            let case = self.hearing(app.hearing_id)?.case_number;
            if self.situations(a)?.is_empty() {
                return Err(StoreError::Refused(msgf(
                    "suggestion.err.no_situation",
                    &[("case", &case), ("agency", &app.agency_name)],
                )));
            }
            if let Some(other) = self.suggestion_of_appearance(a)? {
                return Err(StoreError::Refused(msgf(
                    "suggestion.err.already",
                    &[
                        ("case", &case),
                        ("agency", &app.agency_name),
                        ("id", &other),
                    ],
                )));
            }
        }
        let (agency_id, _) = agency.expect("at least one appearance");
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO suggestions(agency_id, recipient_kind, recipient, cc, facts, problem, cause,
                 suggestion, drafted_by, drafted_on, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                agency_id,
                n.recipient_kind.id(),
                recipient,
                cc,
                texts.facts,
                texts.problem,
                texts.cause,
                texts.suggestion,
                by,
                n.drafted_on.to_string(),
                now()
            ],
        )?;
        let id = tx.last_insert_rowid();
        for a in &n.appearances {
            tx.execute(
                "INSERT OR IGNORE INTO suggestion_appearances(suggestion_id, appearance_id) VALUES (?1, ?2)",
                params![id, a],
            )?;
        }
        audit::record_first_entry(
            &tx,
            &self.operator,
            Change::new(Action::Create, Entity::Suggestion, id),
            None,
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// A draft's texts, recipient and copies changed (a sent suggestion is what it was sent as).
    pub fn edit_suggestion(
        &mut self,
        id: i64,
        recipient: Option<(RecipientKind, String)>,
        cc: Option<Vec<String>>,
        texts: &Texts,
    ) -> Result<()> {
        let s = self.suggestion(id)?;
        if s.status != Status::Draft {
            return Err(not_draft(&s));
        }
        let texts = checked_texts(texts)?;
        let (kind, recipient) = match recipient {
            Some((k, r)) => (
                k,
                super::text_in("suggestion.field.recipient", &r, NAME_MAX)?,
            ),
            None => (s.recipient_kind, s.recipient.clone()),
        };
        if recipient.trim().is_empty() {
            return Err(StoreError::Refused(tingping_core::msg::msg(
                "suggestion.err.no_recipient",
            )));
        }
        let cc = match cc {
            Some(cc) => checked_cc(&cc)?,
            None => s.cc.join("\n"),
        };
        self.logged_update(
            Entity::Suggestion,
            id,
            "UPDATE suggestions SET recipient_kind = ?2, recipient = ?3, cc = ?4, facts = ?5,
                 problem = ?6, cause = ?7, suggestion = ?8 WHERE id = ?1",
            params![
                id,
                kind.id(),
                recipient,
                cc,
                texts.facts,
                texts.problem,
                texts.cause,
                texts.suggestion
            ],
        )
    }

    /// One change to a record: `sql` run with `args` in a transaction that logs each field it
    /// changed (the record's state before and after).
    fn logged_update(
        &mut self,
        entity: Entity,
        id: i64,
        sql: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let before = audit::state(&tx, entity, id)?
            .ok_or_else(|| StoreError::NotFound(format!("{} {id}", entity.id())))?;
        tx.execute(sql, args)?;
        audit::record_edit(
            &tx,
            &self.operator,
            Change::new(Action::Edit, entity, id),
            Some(&before),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A draft discarded (logged; a sent suggestion stays).
    pub fn delete_suggestion(&mut self, id: i64) -> Result<()> {
        let s = self.suggestion(id)?;
        if s.status != Status::Draft {
            return Err(not_draft(&s));
        }
        let tx = self.conn.transaction()?;
        audit::record_deletion(
            &tx,
            &self.operator,
            Change::new(Action::Delete, Entity::Suggestion, id),
        )?;
        tx.execute("DELETE FROM suggestions WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    /// A draft sent on `on` by `by`, its reply due on `deadline`: it takes the next number of
    /// the year it is sent in, written by `pattern` ({year}, {n}). Returns its number.
    pub fn send_suggestion(
        &mut self,
        id: i64,
        on: NaiveDate,
        deadline: NaiveDate,
        by: &str,
        pattern: &str,
        today: NaiveDate,
    ) -> Result<String> {
        let s = self.suggestion(id)?;
        sg::check_send(&s, on, deadline, today).map_err(StoreError::Refused)?;
        let by = super::text_in("suggestion.field.sent_by", by, NAME_MAX)?;
        if by.trim().is_empty() {
            return Err(StoreError::Refused(tingping_core::msg::msg(
                "suggestion.err.no_sender",
            )));
        }
        let tx = self.conn.transaction()?;
        let year = i64::from(chrono::Datelike::year(&on));
        let seq: i64 = tx.query_row(
            "SELECT coalesce(max(seq), 0) + 1 AS n FROM suggestions WHERE year = ?1",
            [year],
            |r| r.get("n"),
        )?;
        let number = tingping_core::msg::fill(pattern, &[("year", &year), ("n", &seq)]);
        let number = crate::domain::text::shown(&number).into_owned();
        let before = audit::state(&tx, Entity::Suggestion, id)?;
        // (only a draft: another terminal may have sent it since it was read)
        let sent = tx.execute(
            "UPDATE suggestions SET status = 'sent', year = ?2, seq = ?3, number = ?4, sent_on = ?5,
                 sent_by = ?6, deadline = ?7 WHERE id = ?1 AND status = 'draft'",
            params![
                id,
                year,
                seq,
                number,
                on.to_string(),
                by,
                deadline.to_string()
            ],
        )?;
        if sent == 0 {
            let now: String =
                tx.query_row("SELECT number FROM suggestions WHERE id = ?1", [id], |r| {
                    r.get("number")
                })?;
            return Err(not_draft_of(id, &now));
        }
        audit::record_edit(
            &tx,
            &self.operator,
            Change::new(Action::Edit, Entity::Suggestion, id),
            before.as_deref(),
        )?;
        tx.commit()?;
        Ok(number)
    }

    /// The reply to a sent suggestion recorded (or corrected): its day and a summary.
    pub fn record_reply(
        &mut self,
        id: i64,
        on: NaiveDate,
        summary: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let s = self.suggestion(id)?;
        sg::check_reply(&s, on, summary, today).map_err(StoreError::Refused)?;
        let summary = super::text_in("suggestion.field.reply", summary.trim(), TEXT_MAX)?;
        self.logged_update(
            Entity::Suggestion,
            id,
            "UPDATE suggestions SET status = 'replied', replied_on = ?2, reply = ?3 WHERE id = ?1",
            params![id, on.to_string(), summary],
        )
    }

    /// One suggestion, with the appearances it is about.
    pub fn suggestion(&self, id: i64) -> Result<Suggestion> {
        let mut st = self
            .conn
            .prepare_cached(&format!("{SELECT} WHERE x.id = ?1"))?;
        let row = st
            .query_row([id], raw_from)
            .optional()?
            .ok_or_else(|| StoreError::Refused(msgf("suggestion.err.not_found", &[("id", &id)])))?;
        self.built(row)
    }

    /// Every suggestion in the worklist's order as of `today` (overdue first).
    pub fn suggestions(&self, today: NaiveDate) -> Result<Vec<Suggestion>> {
        let rows: Vec<Raw> = self
            .conn
            .prepare(SELECT)?
            .query_map([], raw_from)?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = rows
            .into_iter()
            .map(|r| self.built(r))
            .collect::<Result<Vec<_>>>()?;
        sg::sort(&mut out, today);
        Ok(out)
    }

    /// How many sent suggestions await a reply past their deadline as of `today`.
    pub fn overdue_suggestions(&self, today: NaiveDate) -> Result<u64> {
        Ok(self.conn.query_row(
            "SELECT count(*) AS n FROM suggestions WHERE status = 'sent' AND deadline <> '' AND deadline < ?1",
            [today.to_string()],
            |r| r.get("n"),
        )?)
    }

    /// An agency's 上一级行政机关 as the directory holds it ("" when not entered).
    pub fn agency_superior(&self, agency: i64) -> Result<String> {
        self.conn
            .query_row(
                "SELECT superior FROM agencies WHERE id = ?1",
                [agency],
                |r| r.get("superior"),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("agency {agency}")))
    }

    /// Sets an agency's 上一级行政机关 ("" clears it), logged.
    pub fn set_agency_superior(&mut self, agency: i64, superior: &str) -> Result<()> {
        let superior = super::text_in("suggestion.field.superior", superior.trim(), NAME_MAX)?;
        self.logged_update(
            Entity::Agency,
            agency,
            "UPDATE agencies SET superior = ?2 WHERE id = ?1",
            params![agency, superior],
        )
    }

    fn built(&self, r: Raw) -> Result<Suggestion> {
        let status = Status::from_id(&r.status)
            .ok_or_else(|| bad_value("suggestions", r.id, "status", &r.status))?;
        let recipient_kind = RecipientKind::from_id(&r.recipient_kind)
            .ok_or_else(|| bad_value("suggestions", r.id, "recipient_kind", &r.recipient_kind))?;
        let mut concerned = Vec::new();
        let ids: Vec<(i64, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT a.id, h.case_number, h.date FROM suggestion_appearances s
                 JOIN appearances a ON a.id = s.appearance_id JOIN hearings h ON h.id = a.hearing_id
                 WHERE s.suggestion_id = ?1 ORDER BY h.date, h.case_number, a.id",
            )?
            .query_map([r.id], |x| {
                Ok((x.get("id")?, x.get("case_number")?, x.get("date")?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (id, case_number, hearing_date) in ids {
            concerned.push(Concerned {
                appearance_id: id,
                case_number,
                hearing_date,
                situations: self.situations(id)?,
            });
        }
        let d = |field: &str, s: &str| stored_date("suggestions", r.id, field, s);
        Ok(Suggestion {
            id: r.id,
            status,
            number: r.number,
            agency_id: r.agency_id,
            agency: r.agency,
            government: r.government,
            recipient_kind,
            recipient: r.recipient,
            cc: r
                .cc
                .split('\n')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect(),
            concerned,
            texts: Texts {
                facts: r.facts,
                problem: r.problem,
                cause: r.cause,
                suggestion: r.suggestion,
            },
            drafted_by: r.drafted_by,
            drafted_on: d("drafted_on", &r.drafted_on)?
                .ok_or_else(|| bad_value("suggestions", r.id, "drafted_on", ""))?,
            sent_on: d("sent_on", &r.sent_on)?,
            sent_by: r.sent_by,
            deadline: d("deadline", &r.deadline)?,
            replied_on: d("replied_on", &r.replied_on)?,
            reply: r.reply,
        })
    }
}

fn not_draft(s: &Suggestion) -> StoreError {
    not_draft_of(s.id, &s.number)
}

fn not_draft_of(id: i64, number: &str) -> StoreError {
    StoreError::Refused(msgf(
        "suggestion.err.not_draft",
        &[("number", &number), ("id", &id)],
    ))
}

fn checked_cc(cc: &[String]) -> Result<String> {
    let mut out = Vec::new();
    for c in cc.iter().take(20) {
        let c = super::text_in("suggestion.field.cc", c.trim(), NAME_MAX)?;
        if !c.is_empty() {
            out.push(c);
        }
    }
    Ok(out.join("\n"))
}

fn checked_texts(t: &Texts) -> Result<Texts> {
    // (a text keeps its paragraphs: each line cleaned, the empty ones dropped)
    let one = |key: &'static str, s: &str| -> Result<String> {
        let lines: Vec<String> = s
            .lines()
            .map(crate::domain::text::clean)
            .filter(|l| !l.is_empty())
            .collect();
        let text = lines.join("\n");
        let n = text.chars().count();
        if n > SUGGESTION_TEXT_MAX {
            return Err(StoreError::Refused(
                tingping_core::msg::Msg::new("text.err.too_long")
                    .nest("field", tingping_core::msg::msg(key))
                    .arg("max", SUGGESTION_TEXT_MAX)
                    .arg("n", n),
            ));
        }
        Ok(text)
    };
    Ok(Texts {
        facts: one("suggestion.field.facts", &t.facts)?,
        problem: one("suggestion.field.problem", &t.problem)?,
        cause: one("suggestion.field.cause", &t.cause)?,
        suggestion: one("suggestion.field.suggestion", &t.suggestion)?,
    })
}

const SELECT: &str = "SELECT x.id, x.status, x.number, x.agency_id, g.name AS agency, g.government,
        x.recipient_kind, x.recipient, x.cc, x.facts, x.problem, x.cause, x.suggestion,
        x.drafted_by, x.drafted_on, x.sent_on, x.sent_by, x.deadline, x.replied_on, x.reply
    FROM suggestions x JOIN agencies g ON g.id = x.agency_id";

/// A row as stored, before its values are checked.
struct Raw {
    id: i64,
    status: String,
    number: String,
    agency_id: i64,
    agency: String,
    government: String,
    recipient_kind: String,
    recipient: String,
    cc: String,
    facts: String,
    problem: String,
    cause: String,
    suggestion: String,
    drafted_by: String,
    drafted_on: String,
    sent_on: String,
    sent_by: String,
    deadline: String,
    replied_on: String,
    reply: String,
}

fn raw_from(r: &rusqlite::Row) -> rusqlite::Result<Raw> {
    Ok(Raw {
        id: r.get("id")?,
        status: r.get("status")?,
        number: r.get("number")?,
        agency_id: r.get("agency_id")?,
        agency: r.get("agency")?,
        government: r.get("government")?,
        recipient_kind: r.get("recipient_kind")?,
        recipient: r.get("recipient")?,
        cc: r.get("cc")?,
        facts: r.get("facts")?,
        problem: r.get("problem")?,
        cause: r.get("cause")?,
        suggestion: r.get("suggestion")?,
        drafted_by: r.get("drafted_by")?,
        drafted_on: r.get("drafted_on")?,
        sent_on: r.get("sent_on")?,
        sent_by: r.get("sent_by")?,
        deadline: r.get("deadline")?,
        replied_on: r.get("replied_on")?,
        reply: r.get("reply")?,
    })
}

impl super::batch::Reader<'_> {
    /// The judicial suggestions sent or replied in the period this reader reads (a batch's, a
    /// month's or a report's; none for a set of records), for its report's counts
    /// (`Report::add_suggestions`): a topic's only those about an appearance its filter covers,
    /// each under its agency's government as the records count it.
    pub fn suggestion_tally(&self) -> Result<Vec<Tally>> {
        use super::records::Source;
        let period = match &self.source {
            Source::Report(p) | Source::Candidates(p) => p.clone(),
            Source::Batch(id) => match super::batch::meta_from(self.conn, id)? {
                Some(meta) => meta.period(),
                None => return Ok(Vec::new()),
            },
            Source::Uids(_) | Source::Stated(..) | Source::Told(_) => return Ok(Vec::new()),
        };
        let filter = if period.filter.is_empty() {
            String::new()
        } else {
            format!(
                "AND EXISTS (SELECT 1 FROM suggestion_appearances s
                   JOIN appearances a ON a.id = s.appearance_id
                   JOIN hearings h ON h.id = a.hearing_id JOIN agencies g ON g.id = a.agency_id
                   WHERE s.suggestion_id = x.id AND {})",
                super::records::in_filter(&period.filter, self.scope)
            )
        };
        let mut st = self.conn.prepare(&format!(
            "SELECT g.government, x.sent_on BETWEEN ?1 AND ?2 AS sent,
                    x.replied_on <> '' AND x.replied_on BETWEEN ?1 AND ?2 AS replied
             FROM suggestions x JOIN agencies g ON g.id = x.agency_id
             WHERE x.status <> 'draft'
               AND (x.sent_on BETWEEN ?1 AND ?2 OR x.replied_on BETWEEN ?1 AND ?2) {filter}"
        ))?;
        let rows = st
            .query_map([period.from.to_string(), period.to.to_string()], |r| {
                let government: String = r.get("government")?;
                Ok(Tally {
                    government: self.scope.government_of(&government).to_string(),
                    sent: r.get("sent")?,
                    replied: r.get("replied")?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

/// Refused when one of these appearances is in a judicial suggestion (it names the facts the
/// suggestion states): say which, before anything is deleted.
pub(crate) fn refuse_if_suggested(conn: &Connection, appearances: &[i64]) -> Result<()> {
    let mut st = conn.prepare_cached(
        "SELECT suggestion_id FROM suggestion_appearances WHERE appearance_id = ?1 LIMIT 1",
    )?;
    for a in appearances {
        if let Some(id) = st
            .query_row([a], |r| r.get::<_, i64>("suggestion_id"))
            .optional()?
        {
            return Err(StoreError::Refused(msgf(
                "suggestion.err.in_use",
                &[("id", &id)],
            )));
        }
    }
    Ok(())
}
