//! Reading a batch's records, streaming: what a month claimed (or would claim now), a report's
//! records, and the batches imported from the courts below — decoded into indicator records and
//! the details the writers need. The SQL that says which records a batch or a report covers lives
//! here too, so the claim (in `batch`) and the reading can never disagree.

use super::counted::Counted;
use super::evaluations::load_rubric;
use super::hearings::split_flags;
use super::types::{ABSENCES, RowKinds, Sql, columns};
use super::{Result, StoreError};
use crate::domain::indicators::{
    EvalFacts, Pending, Record, commendable, items_counted, mark_facts,
};
use crate::domain::interchange::Detail;
use crate::domain::model::{AppearCategory, art12_flags};
use crate::domain::performance;
use crate::domain::period::{Filter, Period};
use crate::domain::rubric::Rubric;
use crate::domain::scope::Scope;
use crate::domain::scoring::{DimScore, DimStatus, Marks};
use chrono::NaiveDate;
use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::LazyLock;

/// Which appearances to read.
#[derive(Clone, Debug)]
pub enum Source {
    /// those a batch claimed
    Batch(String),
    /// those a new batch for the period would claim now
    Candidates(Period),
    /// a report (quarter, half-year, year, topic): every reportable record whose hearing lies in
    /// the period, whichever batch claimed it, with performance outcomes applied; claims nothing
    Report(Period),
    /// these appearances (by stable id) as they are now, with any recorded outcome applied, late
    /// as their batch reported them: what a correction states
    Uids(Vec<String>),
    /// these appearances (by stable id) as a batch reads them: its claims and follow-ups, each
    /// with the outcomes that batch reported and no later one
    Stated(String, Vec<String>),
    /// these appearances (by stable id) as the notices last told them: as their batch reported
    /// them, amended since, with every judgment outcome a batch has reported (a later event told
    /// once is not told again)
    Told(Vec<String>),
}

/// An SQL string literal (quotes doubled): for the scope's codes and a topic's filter words.
pub(super) fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The hearings (`h`) a scope counts: its court's, of the counted case types.
pub(super) fn in_scope(scope: &Scope) -> String {
    let types: Vec<String> = scope.counted.iter().map(|c| lit(c)).collect();
    let mut sql = format!("h.case_type IN ({})", types.join(", "));
    if !scope.court_code.is_empty() {
        sql.push_str(&format!(" AND h.court_code = {}", lit(&scope.court_code)));
    }
    sql
}

impl super::Store {
    /// The month a court's next batch is for, before `this_month` (its first day): the month
    /// after its latest month's batch (the months before that are claimed: what they left went
    /// into a later batch as 补报), or, with no batch yet, the earliest month whose hearings have
    /// appearances in scope. None when that is not before `this_month`. (One seek by date.)
    pub fn next_batch_month(
        &self,
        this_month: chrono::NaiveDate,
    ) -> super::Result<Option<crate::domain::period::Period>> {
        use crate::domain::period::Period;
        let latest: Option<String> = self.conn.query_row(
            "SELECT max(period_to) AS t FROM batches WHERE kind = 'month'",
            [],
            |r| r.get("t"),
        )?;
        let next = match latest.and_then(|t| t.parse::<chrono::NaiveDate>().ok()) {
            Some(to) => Some(Period::month_of(to + chrono::Days::new(1))),
            None => {
                let first: Option<String> = self.conn.query_row(
                    &format!(
                        "SELECT min(h.date) AS d FROM hearings h
                         WHERE h.date < ?1 AND {}
                           AND EXISTS (SELECT 1 FROM appearances a WHERE a.hearing_id = h.id)",
                        in_scope(&self.scope)
                    ),
                    params![this_month.to_string()],
                    |r| r.get("d"),
                )?;
                first
                    .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
                    .map(Period::month_of)
            }
        };
        Ok(next.filter(|m| m.from < this_month))
    }
}

/// The records (`h`, `g`) a topic's filter covers; an agency with no government recorded reports
/// to the court's own.
pub(super) fn in_filter(f: &Filter, scope: &Scope) -> String {
    let mut parts = vec!["1".to_string()];
    if let Some(k) = &f.key_category {
        parts.push(format!("h.key_category = {}", lit(k)));
    }
    if let Some(c) = &f.cause {
        parts.push(format!("instr(h.cause, {}) > 0", lit(c)));
    }
    if let Some(a) = &f.agency {
        parts.push(format!("g.name = {}", lit(a)));
    }
    if let Some(g) = &f.government {
        parts.push(format!(
            "coalesce(nullif(trim(g.government), ''), {}) = {}",
            lit(&scope.government),
            lit(g)
        ));
    }
    parts.join(" AND ")
}

/// A hearing held (`h`): its day has passed, or it is today and its start time has come. A
/// hearing scheduled for later is neither held nor unfinished.
pub(super) const HELD: &str =
    "(h.date < date('now', 'localtime') OR (h.date = date('now', 'localtime')
    AND coalesce(nullif(h.start_time, ''), '00:00') <= strftime('%H:%M', 'now', 'localtime')))";

/// An appearance (`a`, `e`) whose evaluation is unfinished: someone appeared (an absence needs no
/// score) and it is not scored yet or still a draft.
pub(super) static UNFINISHED: Sql = Sql(LazyLock::new(|| {
    format!("(a.category NOT IN {ABSENCES} AND (e.id IS NULL OR e.status = 'draft'))")
}));

/// The unfinished appearances at hearings held from ?1 to ?2 in scope (`h`, `a`, `e`, `g`).
pub(super) fn pending_where(scope: &Scope) -> String {
    format!(
        "h.date BETWEEN ?1 AND ?2 AND {} AND {HELD} AND {UNFINISHED}",
        in_scope(scope)
    )
}

/// An appearance that can be reported: a finalized (or reported) evaluation, or an absence
/// (nobody or only a lawyer). Drafts never.
pub(super) static REPORTABLE: Sql = Sql(LazyLock::new(|| {
    format!("(a.category IN {ABSENCES} OR e.status IN ('final', 'reported'))")
}));

/// Where the appearances a batch may claim are read from (`a`, `h`): those no batch has claimed
/// (kept by triggers, schema step 7), so a month's batch and its statistics read the month's rows
/// and the few left from before, not every appearance ever. `claimable` still checks each.
pub(super) const CLAIMABLE_FROM: &str =
    "unclaimed u CROSS JOIN appearances a ON a.id = u.appearance_id
    JOIN hearings h ON h.id = a.hearing_id";

/// Appearances a batch for a period up to `to` may claim: reportable, in scope, not claimed before.
pub(super) fn claimable(scope: &Scope) -> String {
    format!(
        "h.date <= ?1 AND {}
    AND NOT EXISTS (SELECT 1 FROM batch_items b WHERE b.appearance_id = a.id)
    AND (a.category IN {ABSENCES} OR e.status = 'final')",
        in_scope(scope)
    )
}

/// A record's columns, read by their names ([`RecordCols`]); each query adds two more, `late` and
/// `followup`. (Their order is part of an export's digest: see [`hash_row`].)
pub(super) const RECORD_SELECT: &str = "SELECT h.id AS hearing_id, h.case_number, h.date AS hearing_date,
        h.key_category, g.name AS agency, g.government,
        a.notified, a.category, a.absence_reason, a.reason_accepted, a.absent_after_postponement,
        a.person, a.title, e.id AS evaluation_id, e.rubric_hash, e.flags AS eval_flags, e.dims AS eval_dims,
        e.total_tenths AS eval_total_tenths, e.grade AS eval_grade, e.comment, e.finalized_by, e.finalized_at,
        o.value AS outcome, o.recorded_on, o.recorded_by, o.flags AS outcome_flags, o.dims AS outcome_dims,
        o.total_tenths AS outcome_total_tenths, o.grade AS outcome_grade,
        a.uid, h.case_type, h.court_code";

columns!(
    /// Where a row of [`RECORD_SELECT`] (with `late` and `followup`) has each column.
    RecordCols {
        hearing_id, case_number, hearing_date, key_category, agency, government,
        notified, category, absence_reason, reason_accepted, absent_after_postponement,
        person, title, evaluation_id, rubric_hash, eval_flags, eval_dims,
        eval_total_tenths, eval_grade, comment, finalized_by, finalized_at,
        outcome, recorded_on, recorded_by, outcome_flags, outcome_dims,
        outcome_total_tenths, outcome_grade,
        uid, case_type, court_code, late, followup,
    }
);

/// Judgment performance outcomes a batch for a period up to `to` may claim: recorded by then, not
/// reported before, on an evaluation in scope that an earlier batch reported or this one claims.
pub(super) fn outcome_claimable(scope: &Scope) -> String {
    format!(
        "o.recorded_on <= ?1 AND {}
    AND NOT EXISTS (SELECT 1 FROM batch_outcomes bo WHERE bo.evaluation_id = o.evaluation_id)
    AND (EXISTS (SELECT 1 FROM batch_items bi WHERE bi.appearance_id = a.id) OR (h.date <= ?1 AND e.status = 'final'))",
        in_scope(scope)
    )
}

pub(super) const RECORD_JOINS: &str =
    "JOIN appearances a ON a.id = e.appearance_id JOIN hearings h ON h.id = a.hearing_id
    JOIN agencies g ON g.id = a.agency_id";

/// The outcomes (`o`) with their evaluation, appearance, hearing and agency, read from the
/// outcomes (a few thousand), never from the hearings (a million): the planner, which has no
/// statistics, would otherwise start from the hearings' scope index.
pub(super) const OUTCOME_FROM: &str =
    "performance_outcomes o CROSS JOIN evaluations e ON e.id = o.evaluation_id
    CROSS JOIN appearances a ON a.id = e.appearance_id CROSS JOIN hearings h ON h.id = a.hearing_id
    JOIN agencies g ON g.id = a.agency_id";

pub(super) const ORDER: &str = "ORDER BY h.date, h.start_time, h.id, a.id";

/// The order of a period's unfinished appearances, whether read as candidates or as a batch kept
/// them (`batch_pending`, by hearing and appearance): the same, so their digests agree.
const PENDING_ORDER: &str = "ORDER BY h.id, a.id";

/// The cached dimension scores as the store writes them — `[["speech",35,35,"applicable"],…]`,
/// ids and statuses plain words — read into `dims` (its entries reused) without a general JSON
/// parser (a record's most frequent parse); false for anything else, which serde_json reads.
fn plain_dims_into(text: &str, dims: &mut Vec<DimScore>) -> bool {
    let parse = |dims: &mut Vec<DimScore>| -> Option<()> {
        let mut rest = text.strip_prefix('[')?.strip_suffix(']')?;
        let word =
            |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        let mut n = 0;
        while !rest.is_empty() {
            let end = rest.find(']')?;
            let (dim, after) = (rest.strip_prefix("[\"")?, &rest[end + 1..]);
            let dim = &dim[..end - 2];
            let mut parts = dim.splitn(4, ',');
            let id = parts.next()?.strip_suffix('"')?;
            let score = parts.next()?.parse().ok()?;
            let max = parts.next()?.parse().ok()?;
            let status = parts.next()?.strip_prefix('"')?.strip_suffix('"')?;
            if !word(id) {
                return None;
            }
            let status = match status {
                "applicable" => DimStatus::Applicable,
                "pending" => DimStatus::Pending,
                "not_applicable" => DimStatus::NotApplicable,
                _ => return None,
            };
            if n == dims.len() {
                dims.push(DimScore {
                    id: String::new(),
                    score: 0,
                    max: 0,
                    status,
                });
            }
            let d = &mut dims[n];
            d.id.clear();
            d.id.push_str(id);
            (d.score, d.max, d.status) = (score, max, status);
            n += 1;
            rest = match after.strip_prefix(',') {
                Some(r) if !r.is_empty() => r,
                Some(_) => return None,
                None if after.is_empty() => after,
                None => return None,
            };
        }
        dims.truncate(n);
        Some(())
    };
    parse(dims).is_some()
}

/// An evaluation's marks into `marks`, whose entries are reused: the keys it had keep their
/// strings when the evaluation has them too.
fn read_marks(st: &mut rusqlite::CachedStatement, eval_id: i64, marks: &mut Marks) -> Result<()> {
    // (no mark is ever i64::MIN: it stands for "not among this evaluation's")
    for v in marks.values_mut() {
        *v = i64::MIN;
    }
    let mut rows = st.query([eval_id])?;
    while let Some(m) = rows.next()? {
        let item = m
            .get_ref("item_id")?
            .as_str()
            .map_err(|e| StoreError::from(rusqlite::Error::from(e)))?;
        let value: i64 = m.get("value")?;
        match marks.get_mut(item) {
            Some(v) => *v = value,
            None => {
                marks.insert(item.to_string(), value);
            }
        }
    }
    marks.retain(|_, v| *v != i64::MIN);
    Ok(())
}

/// A lean read (see [`Reader::for_each_counted`]): the marks it fetches, and where a report's
/// unfinished appearances go.
type Lean<'a> = (&'a Counted, &'a mut dyn FnMut(&Pending));

/// Reads a batch's (or a period's candidate) records, streaming.
pub struct Reader<'a> {
    pub(super) conn: &'a Connection,
    pub(super) rubrics: &'a RefCell<HashMap<String, Rc<Rubric>>>,
    pub(super) scope: &'a Scope,
    pub(super) court: String,
    pub(super) source: Source,
    /// include batches imported from the courts below whose period lies within this one
    pub(super) imported: Option<(NaiveDate, NaiveDate)>,
    /// a digest of every row `for_each` reads, when asked for (an export's snapshot)
    pub(super) digest: RefCell<Option<Sha256>>,
    /// the rubric of the last record read, by its hash (a period's records share one or two)
    pub(super) last_rubric: RefCell<Option<(String, Rc<Rubric>)>>,
}

/// Adds every column of a row to a digest.
pub(super) fn hash_row(h: &mut Sha256, r: &rusqlite::Row, columns: usize) -> rusqlite::Result<()> {
    use rusqlite::types::ValueRef;
    for i in 0..columns {
        match r.get_ref(i)? {
            ValueRef::Null => h.update([0]),
            ValueRef::Integer(v) => {
                h.update([1]);
                h.update(v.to_le_bytes());
            }
            ValueRef::Real(v) => {
                h.update([2]);
                h.update(v.to_le_bytes());
            }
            ValueRef::Text(b) | ValueRef::Blob(b) => {
                h.update([3]);
                h.update((b.len() as u64).to_le_bytes());
                h.update(b);
            }
        }
    }
    Ok(())
}

impl<'a> Reader<'a> {
    /// A reader with nothing to read yet, for [`Reader::of`].
    pub(super) fn plain(
        conn: &'a Connection,
        rubrics: &'a RefCell<HashMap<String, Rc<Rubric>>>,
        scope: &'a Scope,
    ) -> Reader<'a> {
        Reader {
            conn,
            rubrics,
            scope,
            court: String::new(),
            source: Source::Uids(Vec::new()),
            imported: None,
            digest: RefCell::new(None),
            last_rubric: RefCell::new(None),
        }
    }

    /// A reader of other records of the same database (no imported records, no digest).
    pub fn of(&self, source: Source) -> Reader<'a> {
        Reader {
            conn: self.conn,
            rubrics: self.rubrics,
            scope: self.scope,
            court: self.court.clone(),
            source,
            imported: None,
            digest: RefCell::new(None),
            last_rubric: RefCell::new(None),
        }
    }

    /// What this reader reads.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The query of the unfinished appearances at the hearings held in the period, with its
    /// arguments: those a batch found at its claim, those a new month or a report finds now.
    fn pending_query(&self) -> Option<(String, Vec<String>)> {
        const SELECT: &str = "SELECT h.id AS hearing_id, g.government FROM appearances a JOIN hearings h ON h.id = a.hearing_id
             JOIN agencies g ON g.id = a.agency_id LEFT JOIN evaluations e ON e.appearance_id = a.id";
        match &self.source {
            // as the claim found them: their hearing and government then, whatever came after
            Source::Batch(id) => Some((
                "SELECT hearing_id, government FROM batch_pending WHERE batch_id = ?1
                 ORDER BY hearing_id, appearance_id"
                    .to_string(),
                vec![id.clone()],
            )),
            // (in the order the claim keeps them, `batch_pending`'s: the digest of what a month
            // would claim is checked against what it claimed)
            Source::Candidates(p) => Some((
                format!(
                    "{SELECT} WHERE {} {PENDING_ORDER}",
                    pending_where(self.scope)
                ),
                vec![p.from.to_string(), p.to.to_string()],
            )),
            Source::Report(p) => Some((
                format!(
                    "{SELECT} WHERE {} AND {} {PENDING_ORDER}",
                    pending_where(self.scope),
                    in_filter(&p.filter, self.scope)
                ),
                vec![p.from.to_string(), p.to.to_string()],
            )),
            Source::Uids(_) | Source::Stated(..) | Source::Told(_) => None,
        }
    }

    /// A report's records that moved since a monthly notice reported them: amended after it, or
    /// with a judgment performance outcome that notice did not carry. 0 for anything else.
    pub fn moved_since_reported(&self) -> Result<u64> {
        let Source::Report(p) = &self.source else {
            return Ok(0);
        };
        Ok(self.conn.query_row(
            &format!(
                "SELECT count(*) AS n FROM appearances a JOIN hearings h ON h.id = a.hearing_id
                 JOIN agencies g ON g.id = a.agency_id JOIN batch_items bi ON bi.appearance_id = a.id
                 LEFT JOIN evaluations e ON e.appearance_id = a.id
                 WHERE h.date BETWEEN ?1 AND ?2 AND {} AND {} AND {REPORTABLE} AND (
                   EXISTS (SELECT 1 FROM amendments m WHERE m.reported_in <> ''
                     AND (m.appearance_id = a.id OR (m.appearance_id IS NULL AND m.hearing_id = a.hearing_id)))
                   OR EXISTS (SELECT 1 FROM performance_outcomes o WHERE o.evaluation_id = e.id
                     AND NOT EXISTS (SELECT 1 FROM batch_outcomes bo WHERE bo.evaluation_id = o.evaluation_id
                       AND bo.batch_id = bi.batch_id)))",
                in_scope(self.scope),
                in_filter(&p.filter, self.scope)
            ),
            params![p.from.to_string(), p.to.to_string()],
            |r| r.get::<_, i64>("n"),
        )? as u64)
    }

    /// Calls `f` for every unfinished appearance at a hearing held in the period: what counts
    /// toward 开庭件次 and the drafts a notice states, before the records (`for_each`).
    pub fn for_each_pending(
        &self,
        mut f: impl FnMut(&crate::domain::indicators::Pending),
    ) -> Result<()> {
        let Some((sql, args)) = self.pending_query() else {
            return Ok(());
        };
        let mut st = self.conn.prepare(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
        let mut digest = self.digest.borrow_mut();
        let mut p = crate::domain::indicators::Pending {
            court: self.court.clone(),
            ..Default::default()
        };
        while let Some(r) = rows.next()? {
            if let Some(h) = digest.as_mut() {
                hash_row(h, r, 2)?;
            }
            p.hearing_id = r.get("hearing_id")?;
            let government: String = r.get("government")?;
            p.government.clear();
            p.government.push_str(self.scope.government_of(&government));
            f(&p);
        }
        if let Some(h) = digest.as_mut() {
            h.update([5]);
        }
        Ok(())
    }

    /// What a batch claimed (its records, then its follow-up outcomes on records an earlier batch
    /// reported), `extra` narrowing the appearances (`a`).
    fn batch_queries(&self, select: &str, order: &str, extra: &str) -> Vec<String> {
        vec![
            format!(
                "{select}, b.late, 0 AS followup FROM batch_items b JOIN appearances a ON a.id = b.appearance_id JOIN hearings h ON h.id = a.hearing_id
                 JOIN agencies g ON g.id = a.agency_id LEFT JOIN evaluations e ON e.appearance_id = a.id
                 LEFT JOIN performance_outcomes o ON o.evaluation_id = e.id
                   AND EXISTS (SELECT 1 FROM batch_outcomes bo WHERE bo.evaluation_id = e.id AND bo.batch_id = ?1)
                 WHERE b.batch_id = ?1 AND {} {extra} {order}",
                in_scope(self.scope)
            ),
            format!(
                "{select}, bo.late, 1 AS followup FROM batch_outcomes bo JOIN performance_outcomes o ON o.evaluation_id = bo.evaluation_id
                 JOIN evaluations e ON e.id = bo.evaluation_id {RECORD_JOINS}
                 WHERE bo.batch_id = ?1 AND {} {extra}
                   AND NOT EXISTS (SELECT 1 FROM batch_items bi WHERE bi.appearance_id = a.id AND bi.batch_id = ?1) {order}",
                in_scope(self.scope)
            ),
        ]
    }

    /// The queries of the appearances and of the follow-up outcomes (on evaluations an earlier
    /// batch reported), with their arguments.
    fn queries(&self) -> (Vec<String>, Vec<String>) {
        self.queries_of(RECORD_SELECT, ORDER, false)
    }

    /// [`Reader::queries`] with `select` in place of [`RECORD_SELECT`] and `order` of [`ORDER`]
    /// (a counting read's: in no order, which spares SQLite sorting a year of rows).
    /// A report's query `with_pending` reads the unfinished appearances of `for_each_pending`
    /// too, marked `pending` (one pass over the period, not two).
    fn queries_of(
        &self,
        select: &str,
        order: &str,
        with_pending: bool,
    ) -> (Vec<String>, Vec<String>) {
        match &self.source {
            Source::Batch(id) => (self.batch_queries(select, order, ""), vec![id.clone()]),
            Source::Told(uids) => (
                vec![format!(
                    "{select}, b.late, 0 AS followup FROM batch_items b JOIN appearances a ON a.id = b.appearance_id
                     JOIN hearings h ON h.id = a.hearing_id JOIN agencies g ON g.id = a.agency_id
                     LEFT JOIN evaluations e ON e.appearance_id = a.id
                     LEFT JOIN performance_outcomes o ON o.evaluation_id = e.id
                       AND EXISTS (SELECT 1 FROM batch_outcomes bo WHERE bo.evaluation_id = e.id)
                     WHERE a.uid IN (SELECT value FROM json_each(?1)) AND {} {order}",
                    in_scope(self.scope)
                )],
                vec![serde_json::to_string(uids).unwrap_or_default()],
            ),
            Source::Stated(id, uids) => (
                self.batch_queries(select, order, "AND a.uid IN (SELECT value FROM json_each(?2))"),
                vec![id.clone(), serde_json::to_string(uids).unwrap_or_default()],
            ),
            Source::Candidates(p) => (
                [
                    format!(
                        "{select}, h.date < ?2 AS late, 0 AS followup FROM {CLAIMABLE_FROM}
                         JOIN agencies g ON g.id = a.agency_id LEFT JOIN evaluations e ON e.appearance_id = a.id
                         LEFT JOIN performance_outcomes o ON o.evaluation_id = e.id AND o.recorded_on <= ?1
                         WHERE {} {order}",
                        claimable(self.scope)
                    ),
                    format!(
                        "{select}, o.recorded_on < ?2 AS late, 1 AS followup FROM {OUTCOME_FROM}
                         WHERE {}
                           AND EXISTS (SELECT 1 FROM batch_items bi WHERE bi.appearance_id = a.id) {order}",
                        outcome_claimable(self.scope)
                    ),
                ]
                .to_vec(),
                vec![p.to.to_string(), p.from.to_string()],
            ),
            Source::Report(p) => (
                vec![format!(
                    "{select}, 0 AS late, 0 AS followup{} FROM appearances a JOIN hearings h ON h.id = a.hearing_id
                     JOIN agencies g ON g.id = a.agency_id LEFT JOIN evaluations e ON e.appearance_id = a.id
                     LEFT JOIN performance_outcomes o ON o.evaluation_id = e.id
                     WHERE h.date BETWEEN ?2 AND ?1 AND {} AND {} AND {} {order}",
                    match with_pending {
                        true => format!(", {UNFINISHED} AS pending"),
                        false => String::new(),
                    },
                    in_scope(self.scope),
                    in_filter(&p.filter, self.scope),
                    match with_pending {
                        // (the rows of `for_each_pending`'s query: `pending_where`'s, the dates aside)
                        true => format!("({REPORTABLE} OR ({HELD} AND {UNFINISHED}))"),
                        false => REPORTABLE.to_string(),
                    },
                )],
                vec![p.to.to_string(), p.from.to_string()],
            ),
            Source::Uids(uids) => (
                vec![format!(
                    "{select}, coalesce((SELECT bi.late FROM batch_items bi WHERE bi.appearance_id = a.id), 0) AS late,
                       0 AS followup
                     FROM appearances a JOIN hearings h ON h.id = a.hearing_id
                     JOIN agencies g ON g.id = a.agency_id LEFT JOIN evaluations e ON e.appearance_id = a.id
                     LEFT JOIN performance_outcomes o ON o.evaluation_id = e.id
                     WHERE a.uid IN (SELECT value FROM json_each(?1)) AND {} AND {REPORTABLE} {order}",
                    in_scope(self.scope)
                )],
                vec![serde_json::to_string(uids).unwrap_or_default()],
            ),
        }
    }

    /// One row of `queries` into `record` and `detail`, the previous row's: their text is
    /// overwritten in place (a record's twenty strings are not made anew for every row).
    fn decode_into(
        &self,
        r: &rusqlite::Row,
        c: &RecordCols,
        marks_st: &mut rusqlite::CachedStatement,
        counted: Option<(&Counted, usize)>,
        record: &mut Record,
        detail: &mut Detail,
    ) -> Result<()> {
        let text = |i: usize| -> Result<&str> {
            r.get_ref(i)?
                .as_str()
                .map_err(|e| StoreError::from(rusqlite::Error::from(e)))
        };
        let set = |dst: &mut String, i: usize| -> Result<()> {
            let s = text(i)?;
            dst.clear();
            dst.push_str(s);
            Ok(())
        };
        let followup: bool = r.get(c.followup)?;
        record.flags.clear();
        let category = r.kind::<AppearCategory, _>(c.category)?;
        if !followup {
            record.flags.extend(art12_flags(
                r.get(c.notified)?,
                category,
                r.kind(c.absence_reason)?,
                r.get(c.reason_accepted)?,
                r.get(c.absent_after_postponement)?,
            ));
        }
        let eval_id: Option<i64> = r.get(c.evaluation_id)?;
        detail.evaluation_id = eval_id;
        set(&mut detail.absence_reason, c.absence_reason)?;
        detail.reason_accepted = r.get(c.reason_accepted)?;
        detail.performance_recorded = None;
        let mut rubric_of = None;
        let facts = record.eval.take();
        record.eval = match eval_id {
            Some(id) if category.scorable() => {
                set(&mut detail.rubric_hash, c.rubric_hash)?;
                let rubric = self.rubric(&detail.rubric_hash)?;
                match counted {
                    Some((k, col)) => k.unpack(r.get(col)?, &mut detail.marks),
                    None => read_marks(marks_st, id, &mut detail.marks)?,
                }
                // a performance outcome this batch reports replaces the finalized score
                let outcome: Option<i64> = r.get(c.outcome)?;
                if let (Some(value), Some((item, _))) = (outcome, performance::level_item(&rubric))
                {
                    detail.marks.insert(item.id.clone(), value);
                }
                let locked_flags = split_flags(text(c.eval_flags)?);
                let mark_facts = mark_facts(&rubric, &detail.marks, &locked_flags);
                let (eval_flags, dims, total, grade) = match outcome {
                    Some(_) => {
                        detail.performance_recorded =
                            Some((r.get(c.recorded_on)?, r.get(c.recorded_by)?));
                        let now_flags = split_flags(text(c.outcome_flags)?);
                        let eval_flags = if followup {
                            // only what the outcome raised: the rest was reported with the evaluation
                            now_flags
                                .into_iter()
                                .filter(|f| !locked_flags.contains(f))
                                .collect()
                        } else {
                            now_flags
                        };
                        (
                            eval_flags,
                            text(c.outcome_dims)?,
                            r.get(c.outcome_total_tenths)?,
                            r.get(c.outcome_grade)?,
                        )
                    }
                    None => (
                        locked_flags,
                        text(c.eval_dims)?,
                        r.get(c.eval_total_tenths)?,
                        r.get(c.eval_grade)?,
                    ),
                };
                for f in eval_flags {
                    if !record.flags.contains(&f) {
                        record.flags.push(f);
                    }
                }
                // (the previous record's facts, their dims reused, or new ones for the first)
                let mut facts = facts.unwrap_or_else(|| EvalFacts {
                    dims: Vec::new(),
                    total_tenths: None,
                    grade: None,
                    spoke: true,
                    view_given: false,
                    settled: false,
                    commitment: false,
                    performance: None,
                });
                if !plain_dims_into(dims, &mut facts.dims) {
                    // (unreadable cached scores are an error naming them, never "no dimensions")
                    let parsed: Vec<(String, i64, i64, DimStatus)> = serde_json::from_str(dims)
                        .map_err(|e| {
                            StoreError::Unreadable(
                                format!("evaluations {id} dims").into(),
                                e.to_string(),
                            )
                        })?;
                    facts.dims = parsed
                        .into_iter()
                        .map(|(id, score, max, status)| DimScore {
                            id,
                            score,
                            max,
                            status,
                        })
                        .collect();
                }
                facts.total_tenths = total;
                facts.grade = grade;
                facts.spoke = mark_facts.spoke;
                facts.view_given = mark_facts.view_given;
                facts.settled = mark_facts.settled;
                facts.commitment = mark_facts.commitment;
                facts.performance = mark_facts.performance;
                set(&mut detail.comment, c.comment)?;
                set(&mut detail.finalized_by, c.finalized_by)?;
                set(&mut detail.finalized_at, c.finalized_at)?;
                rubric_of = Some(rubric);
                Some(facts)
            }
            _ => {
                detail.rubric_hash.clear();
                detail.marks.clear();
                detail.comment.clear();
                detail.finalized_by.clear();
                detail.finalized_at.clear();
                None
            }
        };
        record.flags.sort();
        set(&mut record.id, c.uid)?;
        if record.court != self.court {
            record.court.clear();
            record.court.push_str(&self.court);
        }
        set(&mut record.court_code, c.court_code)?;
        set(&mut record.case_type, c.case_type)?;
        record.commended = false;
        record.hearing_id = r.get(c.hearing_id)?;
        set(&mut record.case_number, c.case_number)?;
        set(&mut record.hearing_date, c.hearing_date)?;
        record.key_case = text(c.key_category)? != "none";
        set(&mut record.agency, c.agency)?;
        let government = self.scope.government_of(text(c.government)?);
        record.government.clear();
        record.government.push_str(government);
        record.notified = r.get(c.notified)?;
        record.category = category;
        set(&mut record.person, c.person)?;
        set(&mut record.title, c.title)?;
        record.late = r.get(c.late)?;
        record.followup = followup;
        let top_grade = rubric_of
            .as_ref()
            .and_then(|r: &Rc<Rubric>| r.grades.first())
            .map(|g| g.id.as_str());
        record.commended = commendable(record, top_grade);
        Ok(())
    }

    /// The rubric of `hash`: the last record's again, or loaded (once per reader and hash).
    fn rubric(&self, hash: &str) -> Result<Rc<Rubric>> {
        let mut last = self.last_rubric.borrow_mut();
        if let Some((h, r)) = last.as_ref()
            && h == hash
        {
            return Ok(r.clone());
        }
        let r = load_rubric(self.conn, self.rubrics, hash)?;
        *last = Some((hash.to_string(), r.clone()));
        Ok(r)
    }

    /// About how many records `for_each` reads, cheaply, for a progress bar: a batch's claimed rows
    /// as recorded (without the scope, which a batch made before its scope changed may no longer
    /// meet in full), otherwise [`Reader::count`].
    pub fn estimate(&self) -> Result<u64> {
        // a report: the appearances at its hearings, from the indexes alone (reading every record
        // to count them took a quarter of a csv export's time)
        if let Source::Report(p) = &self.source
            && p.filter.is_empty()
        {
            let own: i64 = self.conn.query_row(
                &format!(
                    "SELECT count(*) AS n FROM hearings h JOIN appearances a ON a.hearing_id = h.id
                     WHERE h.date BETWEEN ?1 AND ?2 AND {}",
                    in_scope(self.scope)
                ),
                params![p.from.to_string(), p.to.to_string()],
                |r| r.get("n"),
            )?;
            return Ok((own + self.imported_count()?) as u64);
        }
        let Source::Batch(id) = &self.source else {
            return self.count();
        };
        let own: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM batch_items WHERE batch_id = ?1)
                  + (SELECT count(*) FROM batch_outcomes bo WHERE bo.batch_id = ?1 AND NOT EXISTS
                       (SELECT 1 FROM evaluations e JOIN batch_items bi ON bi.appearance_id = e.appearance_id
                        WHERE e.id = bo.evaluation_id AND bi.batch_id = ?1)) AS n",
            [id],
            |r| r.get("n"),
        )?;
        let imported = self.imported_count()?;
        Ok((own + imported) as u64)
    }

    /// How many imported records (of the courts below) this reader takes.
    fn imported_count(&self) -> Result<i64> {
        Ok(match self.imported {
            Some((from, to)) => self.conn.query_row(
                &format!(
                    "SELECT count(*) AS n FROM imported_records r JOIN imported_batches b USING (court_code, batch_id) WHERE {}",
                    self.imported_where()
                ),
                params![from.to_string(), to.to_string()],
                |r| r.get("n"),
            )?,
            None => 0,
        })
    }

    /// How many records `for_each` reads.
    pub fn count(&self) -> Result<u64> {
        let n: i64 = match &self.source {
            // what the batch claimed (in scope: a batch made before a row fell out of it), without
            // reading the records
            Source::Batch(id) => self.conn.query_row(
                &format!(
                    "SELECT (SELECT count(*) FROM batch_items b JOIN appearances a ON a.id = b.appearance_id
                             JOIN hearings h ON h.id = a.hearing_id WHERE b.batch_id = ?1 AND {scope})
                      + (SELECT count(*) FROM batch_outcomes bo JOIN evaluations e ON e.id = bo.evaluation_id
                         JOIN appearances a ON a.id = e.appearance_id JOIN hearings h ON h.id = a.hearing_id
                         WHERE bo.batch_id = ?1 AND {scope} AND NOT EXISTS
                           (SELECT 1 FROM batch_items bi WHERE bi.appearance_id = e.appearance_id AND bi.batch_id = ?1)) AS n",
                    scope = in_scope(self.scope)
                ),
                [id],
                |r| r.get("n"),
            )?,
            Source::Candidates(_)
            | Source::Report(_)
            | Source::Uids(_)
            | Source::Stated(..)
            | Source::Told(_) => {
                let (sqls, args) = self.queries();
                let mut n = 0;
                for sql in &sqls {
                    n += self.conn.query_row(
                        &format!("SELECT count(*) AS n FROM ({sql})"),
                        rusqlite::params_from_iter(args.iter()),
                        |r| r.get::<_, i64>("n"),
                    )?;
                }
                n
            }
        };
        let imported = self.imported_count()?;
        Ok((n + imported) as u64)
    }

    /// Which imported records this reader takes (?1, ?2: its dates); only monthly batches are ever
    /// imported (a report claims nothing, so importing one would count its records twice). A month
    /// takes the courts' monthly batches of its dates, as they reported them; a report the records whose hearing lies
    /// in its dates, whichever batch brought them, none of them late (follow-ups on evaluations
    /// reported before stay with their months).
    fn imported_where(&self) -> &'static str {
        match self.source {
            Source::Report(_) => {
                "r.hearing_date BETWEEN ?1 AND ?2
                 AND coalesce(json_extract(r.record, '$.followup'), 0) = 0"
            }
            _ => "b.period_from >= ?1 AND b.period_to <= ?2",
        }
    }

    /// The live-mode events of an evaluation.
    pub fn events(&self, eval_id: i64) -> Result<Vec<crate::domain::live::Event>> {
        super::live::events_of(self.conn, eval_id)
    }

    /// [`Reader::events`] of one evaluation after another, through one statement.
    pub fn events_of(&self) -> Result<super::live::EventsOf<'a>> {
        super::live::EventsOf::new(self.conn)
    }

    /// The query of the imported records this reader takes (?1, ?2: its dates).
    fn imported_sql(&self) -> String {
        format!(
            "SELECT r.record FROM imported_records r JOIN imported_batches b USING (court_code, batch_id)
             WHERE {} ORDER BY r.court_code, r.batch_id, r.seq",
            self.imported_where()
        )
    }

    /// Calls `f` for every record, this court's first, then the imported ones; stops at the first
    /// error, the reader's or `f`'s own (a writer's names its file).
    pub fn for_each<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(&Record, &Detail) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.for_each_mut(|r, d| f(r, d))
    }

    /// [`Reader::for_each`], lending each record and its detail mutably: a writer may take what
    /// it keeps or converts (`std::mem::take`), copying nothing. What it leaves is reused for the
    /// next record.
    pub fn for_each_mut<E: From<StoreError>>(
        &self,
        f: impl FnMut(&mut Record, &mut Detail) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.read(None, f)
    }

    /// Calls `f` for every record as the indicators count it — everything `for_each` gives but
    /// the text they never read (the person, title, comment, who finalized, the stable id) and
    /// the marks they do not read (only `items_counted`'s, packed by SQLite into one integer per
    /// evaluation): a report's reading, about three times faster than `for_each`. A reader that
    /// keeps a digest reads in full.
    ///
    /// The unfinished appearances go to `pending` (see `for_each_pending`): a report reads them
    /// in the same pass as its records, in no particular order among them.
    pub fn for_each_counted<E: From<StoreError>>(
        &self,
        pending: impl FnMut(&Pending),
        mut f: impl FnMut(&Record) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.lean(false, pending, |r, _| f(r))
    }

    /// Every record and its detail as [`Reader::for_each_mut`] lends them, in its order — but,
    /// unless `all_marks`, the detail's marks only those the indicators read (`items_counted`'s,
    /// packed by SQLite: a csv, a workbook and a notice print none) — and the unfinished
    /// appearances to `pending`: a report's in the same pass. A reader that keeps a digest reads
    /// as `for_each_mut`.
    pub fn for_each_lean<E: From<StoreError>>(
        &self,
        all_marks: bool,
        pending: impl FnMut(&Pending),
        f: impl FnMut(&mut Record, &mut Detail) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        if all_marks {
            self.for_each_pending(pending)?;
            return self.for_each_mut(f);
        }
        self.lean(true, pending, f)
    }

    /// The one lean read of [`Reader::for_each_counted`] and [`Reader::for_each_lean`]: only the
    /// marks the indicators read, every text column (`text`, in order) or only those they read
    /// (in no order); a report's unfinished appearances in the same pass, another source's
    /// before. In full where the marks do not fit or a digest is kept.
    fn lean<E: From<StoreError>>(
        &self,
        text: bool,
        mut pending: impl FnMut(&Pending),
        f: impl FnMut(&mut Record, &mut Detail) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        match self.counted()? {
            Some(mut counted) if self.digest.borrow().is_none() => {
                counted.text = text;
                if matches!(self.source, Source::Report(_)) {
                    return self.read(Some((&counted, &mut pending)), f);
                }
                self.for_each_pending(pending)?;
                let mut none = |_: &Pending| {};
                self.read(Some((&counted, &mut none)), f)
            }
            _ => {
                self.for_each_pending(pending)?;
                self.for_each_mut(f)
            }
        }
    }

    /// The marks a counting read fetches: `items_counted` of every rubric the database holds;
    /// None when they do not fit one integer (a byte each).
    fn counted(&self) -> Result<Option<Counted>> {
        Counted::of(self.conn, self.rubrics, items_counted)
    }

    /// Every record to `f`; counting (`counted`), a report's unfinished appearances to its
    /// `pending`.
    fn read<E: From<StoreError>>(
        &self,
        counted: Option<Lean<'_>>,
        mut f: impl FnMut(&mut Record, &mut Detail) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let db = |e: rusqlite::Error| E::from(StoreError::from(e));
        let mut digest = self.digest.borrow_mut();
        let (sqls, args) = match &counted {
            Some((k, _)) => self.queries_of(&k.select(), if k.text { ORDER } else { "" }, true),
            None => self.queries(),
        };
        let (counted, mut pending) = match counted {
            Some((k, p)) => (Some(k), Some(p)),
            None => (None, None),
        };
        let mut one = Pending {
            court: self.court.clone(),
            ..Default::default()
        };
        let mut marks_st = self
            .conn
            .prepare_cached("SELECT item_id, value FROM marks WHERE evaluation_id = ?1")
            .map_err(db)?;
        // one record and detail, overwritten row after row
        let mut record = Record {
            id: String::new(),
            court: String::new(),
            court_code: String::new(),
            case_type: String::new(),
            hearing_id: 0,
            case_number: String::new(),
            hearing_date: String::new(),
            key_case: false,
            agency: String::new(),
            government: String::new(),
            notified: false,
            category: AppearCategory::Nobody,
            person: String::new(),
            title: String::new(),
            flags: Vec::new(),
            late: false,
            followup: false,
            commended: false,
            eval: None,
        };
        let mut detail = Detail::default();
        for sql in &sqls {
            let mut st = self.conn.prepare(sql).map_err(db)?;
            let columns = st.column_count();
            let cols = RecordCols::of(&st).map_err(db)?;
            let counted = match counted {
                Some(k) => Some((k, st.column_index("marks_packed").map_err(db)?)),
                None => None,
            };
            let pending_col = st.column_index("pending").ok();
            let mut rows = st
                .query(rusqlite::params_from_iter(args.iter()))
                .map_err(db)?;
            while let Some(r) = rows.next().map_err(db)? {
                if let Some(h) = digest.as_mut() {
                    hash_row(h, r, columns).map_err(db)?;
                }
                if let (Some(col), Some(pending)) = (pending_col, pending.as_mut())
                    && r.get::<_, bool>(col).map_err(db)?
                {
                    one.hearing_id = r.get(cols.hearing_id).map_err(db)?;
                    let government: &str = r
                        .get_ref(cols.government)
                        .and_then(|v| Ok(v.as_str()?))
                        .map_err(db)?;
                    one.government.clear();
                    one.government
                        .push_str(self.scope.government_of(government));
                    pending(&one);
                    continue;
                }
                self.decode_into(r, &cols, &mut marks_st, counted, &mut record, &mut detail)?;
                f(&mut record, &mut detail)?;
            }
            if let Some(h) = digest.as_mut() {
                h.update([4]);
            }
        }
        if let Some((from, to)) = self.imported {
            let mut st = self.conn.prepare(&self.imported_sql()).map_err(db)?;
            let report = matches!(self.source, Source::Report(_));
            let mut rows = st
                .query(params![from.to_string(), to.to_string()])
                .map_err(db)?;
            while let Some(r) = rows.next().map_err(db)? {
                if let Some(h) = digest.as_mut() {
                    hash_row(h, r, 1).map_err(db)?;
                }
                let text: String = r.get("record").map_err(db)?;
                let (mut record, mut detail) = crate::domain::interchange::record_from_json(&text)
                    .map_err(|e| StoreError::Unreadable("imported_records".into(), e.plain()))?;
                record.late &= !report;
                f(&mut record, &mut detail)?;
            }
        }
        Ok(())
    }

    /// The digest of what `for_each` read, if this reader kept one.
    pub(super) fn take_digest(&self) -> Option<Vec<u8>> {
        self.digest
            .borrow_mut()
            .take()
            .map(|h| h.finalize().to_vec())
    }

    /// The digest `for_each` would keep, without decoding the records.
    pub(super) fn digest_rows(&self) -> Result<Vec<u8>> {
        let mut h = Sha256::new();
        // the pending appearances first, as `for_each_pending` reads them before the records
        if let Some((sql, args)) = self.pending_query() {
            let mut st = self.conn.prepare(&sql)?;
            let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
            while let Some(r) = rows.next()? {
                hash_row(&mut h, r, 2)?;
            }
            h.update([5]);
        }
        let (sqls, args) = self.queries();
        for sql in &sqls {
            let mut st = self.conn.prepare(sql)?;
            let columns = st.column_count();
            let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
            while let Some(r) = rows.next()? {
                hash_row(&mut h, r, columns)?;
            }
            h.update([4]);
        }
        if let Some((from, to)) = self.imported {
            let mut st = self.conn.prepare(&self.imported_sql())?;
            let mut rows = st.query(params![from.to_string(), to.to_string()])?;
            while let Some(r) = rows.next()? {
                hash_row(&mut h, r, 1)?;
            }
        }
        Ok(h.finalize().to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_dims_read_as_serde_reads_them_and_leave_the_rest_to_it() {
        let read =
            |text: &str, dims: &mut Vec<DimScore>| -> Option<Vec<(String, i64, i64, DimStatus)>> {
                plain_dims_into(text, dims).then(|| {
                    dims.iter()
                        .map(|d| (d.id.clone(), d.score, d.max, d.status))
                        .collect()
                })
            };
        let text = r#"[["discipline",17,20,"applicable"],["speech",0,35,"applicable"],["resolution",-3,30,"pending"],["performance",15,15,"not_applicable"]]"#;
        let want: Vec<(String, i64, i64, DimStatus)> = serde_json::from_str(text).unwrap();
        let mut dims = Vec::new();
        assert_eq!(read(text, &mut dims), Some(want.clone()));
        // reused: fewer, then as many again
        assert_eq!(
            read(r#"[["speech",1,35,"applicable"]]"#, &mut dims)
                .unwrap()
                .len(),
            1
        );
        assert_eq!(read(text, &mut dims), Some(want));
        assert_eq!(read("[]", &mut dims), Some(Vec::new()));
        for other in [
            r#"[["disci\"pline",17,20,"applicable"]]"#,
            r#"[["a",1,2,"applicable"],]"#,
            r#"[["a", 1,2,"applicable"]]"#,
            r#"[["a",1,2,"maybe"]]"#,
            r#"[["a",1,2]]"#,
            r#"[["a",1,2,"applicable"]"#,
            "",
        ] {
            assert_eq!(read(other, &mut dims), None, "{other}");
        }
    }

    #[test]
    fn marks_read_into_a_map_in_use_are_the_evaluations_own() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE marks(evaluation_id INTEGER, item_id TEXT, value INTEGER);
             INSERT INTO marks VALUES (1, 'late', 1), (1, 'phone', 2), (2, 'phone', 3), (2, 'settled', 1);",
        )
        .unwrap();
        let mut st = conn
            .prepare_cached("SELECT item_id, value FROM marks WHERE evaluation_id = ?1")
            .unwrap();
        let mut marks = Marks::new();
        read_marks(&mut st, 1, &mut marks).unwrap();
        assert_eq!(
            marks,
            Marks::from([("late".into(), 1), ("phone".into(), 2)])
        );
        read_marks(&mut st, 2, &mut marks).unwrap();
        assert_eq!(
            marks,
            Marks::from([("phone".into(), 3), ("settled".into(), 1)])
        );
        read_marks(&mut st, 3, &mut marks).unwrap();
        assert!(marks.is_empty());
    }
}
