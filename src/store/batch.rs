//! Month-end batches: which appearances a batch claims (each at most once, ever), reading them back
//! as indicator records (with the batches imported from the courts below, see `imports`).

pub use super::imports::{ImportOutcome, ImportedBatch, Inserter};

use super::evaluations::load_rubric;
use super::hearings::{flags_at, split_flags};
use super::{Result, Store, StoreError, now};
use crate::domain::indicators::{
    EvalFacts, FLAG_SILENT, ITEM_COMMITMENT, ITEM_NO_VIEW, ITEM_SETTLED, Record, commendable,
};
use crate::domain::model::AppearCategory;
use crate::domain::performance;
use crate::domain::period::{Filter, Period, PeriodKind};
use crate::domain::rubric::Rubric;
use crate::domain::scope::Scope;
use crate::domain::scoring::{DimScore, DimStatus, Marks};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchMeta {
    pub id: String,
    pub kind: PeriodKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub topic: String,
    pub court: String,
    pub court_code: String,
    pub created_at: String,
    pub folder: String,
    pub appearances: i64,
    pub evaluations: i64,
    pub late: i64,
    /// judgment performance outcomes reported (recorded after their evaluation was finalized)
    pub outcomes: i64,
    /// the month's own appearances still drafts or unscored when the batch was made (next batch)
    pub drafts: i64,
    /// a topic report's filter
    pub filter: Filter,
    /// the notice's number within its year (发文字号)
    pub doc_number: i64,
    /// the number of its first extract (函) within the year; the others follow
    pub han_first: i64,
    pub files: Vec<FileEntry>,
}

impl BatchMeta {
    pub fn period(&self) -> Period {
        Period {
            id: self.id.clone(),
            kind: self.kind,
            from: self.from,
            to: self.to,
            topic: self.topic.clone(),
            filter: self.filter.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEntry {
    pub name: String,
    pub sha256: String,
    pub bytes: u64,
}

/// The files an export wrote (in `value`, its own handle on them), before they are claimed: the
/// batch folder's name and each file's checksum.
pub struct Written<T> {
    pub value: T,
    pub folder: String,
    pub files: Vec<FileEntry>,
}

/// What exporting a period would do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    /// appearances the batch would claim (evaluations and absences)
    pub claim: i64,
    pub evaluations: i64,
    pub absences: i64,
    /// of those, from earlier periods
    pub late: i64,
    /// drafts in or before the period, not included
    pub drafts: i64,
    /// appearances not scored yet, not included
    pub unscored: i64,
    /// judgment performance outcomes recorded after finalizing, reported with the batch
    pub outcomes: i64,
    pub existing: Option<BatchMeta>,
}

pub use crate::domain::interchange::Detail;

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
}

/// An SQL string literal (quotes doubled): for the scope's codes and a topic's filter words.
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The hearings (`h`) a scope counts: its court's, of the counted case types.
fn in_scope(scope: &Scope) -> String {
    let types: Vec<String> = scope.counted.iter().map(|c| lit(c)).collect();
    let mut sql = format!("h.case_type IN ({})", types.join(", "));
    if !scope.court_code.is_empty() {
        sql.push_str(&format!(" AND h.court_code = {}", lit(&scope.court_code)));
    }
    sql
}

/// The records (`h`, `g`) a topic's filter covers; an agency with no government recorded reports
/// to the court's own.
fn in_filter(f: &Filter, scope: &Scope) -> String {
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

/// An appearance that can be reported: a finalized (or reported) evaluation, or an absence
/// (nobody or only a lawyer). Drafts never.
const REPORTABLE: &str =
    "(a.category IN ('lawyer_only', 'nobody') OR e.status IN ('final', 'reported'))";

/// Appearances a batch for a period up to `to` may claim: reportable, in scope, not claimed before.
fn claimable(scope: &Scope) -> String {
    format!(
        "h.date <= ?1 AND {}
    AND NOT EXISTS (SELECT 1 FROM batch_items b WHERE b.appearance_id = a.id)
    AND (a.category IN ('lawyer_only', 'nobody') OR e.status = 'final')",
        in_scope(scope)
    )
}

const RECORD_SELECT: &str = "SELECT h.id, h.case_number, h.date, h.key_category, g.name, g.government,
        a.notified, a.category, a.absence_reason, a.reason_accepted, a.absent_after_postponement,
        a.person, a.title, e.id, e.rubric_hash, e.flags, e.dims, e.total_tenths, e.grade, e.comment, e.finalized_by, e.finalized_at,
        o.value, o.recorded_on, o.recorded_by, o.flags, o.dims, o.total_tenths, o.grade,
        a.uid, h.case_type, h.court_code";

/// Judgment performance outcomes a batch for a period up to `to` may claim: recorded by then, not
/// reported before, on an evaluation in scope that an earlier batch reported or this one claims.
fn outcome_claimable(scope: &Scope) -> String {
    format!(
        "o.recorded_on <= ?1 AND {}
    AND NOT EXISTS (SELECT 1 FROM batch_outcomes bo WHERE bo.evaluation_id = o.evaluation_id)
    AND (EXISTS (SELECT 1 FROM batch_items bi WHERE bi.appearance_id = a.id) OR (h.date <= ?1 AND e.status = 'final'))",
        in_scope(scope)
    )
}

const RECORD_JOINS: &str =
    "JOIN appearances a ON a.id = e.appearance_id JOIN hearings h ON h.id = a.hearing_id
    JOIN agencies g ON g.id = a.agency_id";

const ORDER: &str = "ORDER BY h.date, h.start_time, h.id, a.id";

fn meta_from(conn: &Connection, id: &str) -> Result<Option<BatchMeta>> {
    let meta = conn
        .query_row(
            "SELECT id, kind, period_from, period_to, topic, court, court_code, created_at, folder, appearances, evaluations, late, outcomes, drafts, filter, doc_number, han_first FROM batches WHERE id = ?1",
            [id],
            |r| {
                let d = |s: String| NaiveDate::parse_from_str(&s, "%Y-%m-%d").unwrap_or_default();
                Ok(BatchMeta {
                    id: r.get(0)?,
                    kind: PeriodKind::from_id(&r.get::<_, String>(1)?).unwrap_or(PeriodKind::Month),
                    from: d(r.get(2)?),
                    to: d(r.get(3)?),
                    topic: r.get(4)?,
                    court: r.get(5)?,
                    court_code: r.get(6)?,
                    created_at: r.get(7)?,
                    folder: r.get(8)?,
                    appearances: r.get(9)?,
                    evaluations: r.get(10)?,
                    late: r.get(11)?,
                    outcomes: r.get(12)?,
                    drafts: r.get(13)?,
                    filter: Filter::from_json(&r.get::<_, String>(14)?),
                    doc_number: r.get(15)?,
                    han_first: r.get(16)?,
                    files: Vec::new(),
                })
            },
        )
        .optional()?;
    let Some(mut meta) = meta else {
        return Ok(None);
    };
    let mut st = conn
        .prepare("SELECT name, sha256, bytes FROM batch_files WHERE batch_id = ?1 ORDER BY name")?;
    meta.files = st
        .query_map([id], |r| {
            Ok(FileEntry {
                name: r.get(0)?,
                sha256: r.get(1)?,
                bytes: r.get::<_, i64>(2)? as u64,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(meta))
}

/// Reads a batch's (or a period's candidate) records, streaming.
pub struct Reader<'a> {
    conn: &'a Connection,
    rubrics: &'a RefCell<HashMap<String, Rc<Rubric>>>,
    scope: &'a Scope,
    court: String,
    source: Source,
    /// include batches imported from the courts below whose period lies within this one
    imported: Option<(NaiveDate, NaiveDate)>,
    /// a digest of every row `for_each` reads, when asked for (an export's snapshot)
    digest: RefCell<Option<Sha256>>,
}

/// Adds every column of a row to a digest.
fn hash_row(h: &mut Sha256, r: &rusqlite::Row, columns: usize) -> rusqlite::Result<()> {
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

impl Reader<'_> {
    /// The queries of the appearances and of the follow-up outcomes (on evaluations an earlier
    /// batch reported), with their arguments.
    fn queries(&self) -> (Vec<String>, Vec<String>) {
        match &self.source {
            Source::Batch(id) => (
                [
                    format!(
                        "{RECORD_SELECT}, b.late, 0 FROM batch_items b JOIN appearances a ON a.id = b.appearance_id JOIN hearings h ON h.id = a.hearing_id
                         JOIN agencies g ON g.id = a.agency_id LEFT JOIN evaluations e ON e.appearance_id = a.id
                         LEFT JOIN performance_outcomes o ON o.evaluation_id = e.id
                           AND EXISTS (SELECT 1 FROM batch_outcomes bo WHERE bo.evaluation_id = e.id AND bo.batch_id = ?1)
                         WHERE b.batch_id = ?1 AND {} {ORDER}",
                        in_scope(self.scope)
                    ),
                    format!(
                        "{RECORD_SELECT}, bo.late, 1 FROM batch_outcomes bo JOIN performance_outcomes o ON o.evaluation_id = bo.evaluation_id
                         JOIN evaluations e ON e.id = bo.evaluation_id {RECORD_JOINS}
                         WHERE bo.batch_id = ?1 AND {}
                           AND NOT EXISTS (SELECT 1 FROM batch_items bi WHERE bi.appearance_id = a.id AND bi.batch_id = ?1) {ORDER}",
                        in_scope(self.scope)
                    ),
                ]
                .to_vec(),
                vec![id.clone()],
            ),
            Source::Candidates(p) => (
                [
                    format!(
                        "{RECORD_SELECT}, h.date < ?2, 0 FROM appearances a JOIN hearings h ON h.id = a.hearing_id
                         JOIN agencies g ON g.id = a.agency_id LEFT JOIN evaluations e ON e.appearance_id = a.id
                         LEFT JOIN performance_outcomes o ON o.evaluation_id = e.id AND o.recorded_on <= ?1
                         WHERE {} {ORDER}",
                        claimable(self.scope)
                    ),
                    format!(
                        "{RECORD_SELECT}, o.recorded_on < ?2, 1 FROM performance_outcomes o
                         JOIN evaluations e ON e.id = o.evaluation_id {RECORD_JOINS}
                         WHERE {}
                           AND EXISTS (SELECT 1 FROM batch_items bi WHERE bi.appearance_id = a.id) {ORDER}",
                        outcome_claimable(self.scope)
                    ),
                ]
                .to_vec(),
                vec![p.to.to_string(), p.from.to_string()],
            ),
            Source::Report(p) => (
                vec![format!(
                    "{RECORD_SELECT}, 0, 0 FROM appearances a JOIN hearings h ON h.id = a.hearing_id
                     JOIN agencies g ON g.id = a.agency_id LEFT JOIN evaluations e ON e.appearance_id = a.id
                     LEFT JOIN performance_outcomes o ON o.evaluation_id = e.id
                     WHERE h.date BETWEEN ?2 AND ?1 AND {} AND {} AND {REPORTABLE} {ORDER}",
                    in_scope(self.scope),
                    in_filter(&p.filter, self.scope)
                )],
                vec![p.to.to_string(), p.from.to_string()],
            ),
        }
    }

    /// One row of `queries` as a record and its detail.
    fn decode(
        &self,
        r: &rusqlite::Row,
        marks_st: &mut rusqlite::CachedStatement,
    ) -> Result<(Record, Detail)> {
        let followup: bool = r.get(33)?;
        let appearance_flags = flags_at(r, 6)?;
        let mut flags = if followup {
            Vec::new()
        } else {
            appearance_flags
        };
        let eval_id: Option<i64> = r.get(13)?;
        let category =
            AppearCategory::from_id(&r.get::<_, String>(7)?).unwrap_or(AppearCategory::Nobody);
        let mut detail = Detail {
            evaluation_id: eval_id,
            absence_reason: r.get(8)?,
            reason_accepted: r.get(9)?,
            ..Default::default()
        };
        let mut top_grade = None;
        let eval = match eval_id {
            Some(id) if category.scorable() => {
                let hash: String = r.get(14)?;
                let rubric = load_rubric(self.conn, self.rubrics, &hash)?;
                let mut marks: Marks = marks_st
                    .query_map([id], |m| Ok((m.get::<_, String>(0)?, m.get::<_, i64>(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                let locked_flags = split_flags(&r.get::<_, String>(15)?);
                let spoke = !locked_flags.iter().any(|f| f == FLAG_SILENT);
                // a performance outcome this batch reports replaces the finalized score
                let outcome: Option<i64> = r.get(22)?;
                let (eval_flags, dims, total, grade) = match outcome {
                    Some(value) => {
                        if let Some((item, _)) = performance::level_item(&rubric) {
                            marks.insert(item.id.clone(), value);
                        }
                        detail.performance_recorded = Some((r.get(23)?, r.get(24)?));
                        let now_flags = split_flags(&r.get::<_, String>(25)?);
                        let eval_flags = if followup {
                            // only what the outcome raised: the rest was reported with the evaluation
                            now_flags
                                .into_iter()
                                .filter(|f| !locked_flags.contains(f))
                                .collect()
                        } else {
                            now_flags
                        };
                        (eval_flags, r.get::<_, String>(26)?, r.get(27)?, r.get(28)?)
                    }
                    None => (locked_flags, r.get(16)?, r.get(17)?, r.get(18)?),
                };
                for f in eval_flags {
                    if !flags.contains(&f) {
                        flags.push(f);
                    }
                }
                let dims: Vec<(String, i64, i64, DimStatus)> =
                    serde_json::from_str(&dims).unwrap_or_default();
                let facts = EvalFacts {
                    dims: dims
                        .into_iter()
                        .map(|(id, score, max, status)| DimScore {
                            id,
                            score,
                            max,
                            status,
                        })
                        .collect(),
                    total_tenths: total,
                    grade,
                    spoke,
                    view_given: spoke && marks.get(ITEM_NO_VIEW).copied().unwrap_or(0) == 0,
                    settled: marks.get(ITEM_SETTLED).copied().unwrap_or(0) > 0,
                    commitment: marks.get(ITEM_COMMITMENT).copied().unwrap_or(0) > 0,
                    performance: performance::option_of(&rubric, &marks),
                };
                detail.rubric_hash = hash;
                detail.comment = r.get(19)?;
                detail.finalized_by = r.get(20)?;
                detail.finalized_at = r.get(21)?;
                detail.marks = marks;
                top_grade = rubric.grades.first().map(|g| g.id.clone());
                Some(facts)
            }
            _ => None,
        };
        flags.sort();
        let mut record = Record {
            id: r.get(29)?,
            court: self.court.clone(),
            court_code: r.get(31)?,
            case_type: r.get(30)?,
            commended: false,
            hearing_id: r.get(0)?,
            case_number: r.get(1)?,
            hearing_date: r.get(2)?,
            key_case: r.get::<_, String>(3)? != "none",
            agency: r.get(4)?,
            government: self
                .scope
                .government_of(&r.get::<_, String>(5)?)
                .to_string(),
            notified: r.get(6)?,
            category,
            person: r.get(11)?,
            title: r.get(12)?,
            flags,
            late: r.get(32)?,
            followup,
            eval,
        };
        record.commended = commendable(&record, top_grade.as_deref());
        Ok((record, detail))
    }

    pub fn count(&self) -> Result<u64> {
        let n: i64 = match &self.source {
            // what the batch claimed, without reading the records
            // what the batch claimed (in scope: a batch made before a row fell out of it), without
            // reading the records
            Source::Batch(id) => self.conn.query_row(
                &format!(
                    "SELECT (SELECT count(*) FROM batch_items b JOIN appearances a ON a.id = b.appearance_id
                             JOIN hearings h ON h.id = a.hearing_id WHERE b.batch_id = ?1 AND {scope})
                      + (SELECT count(*) FROM batch_outcomes bo JOIN evaluations e ON e.id = bo.evaluation_id
                         JOIN appearances a ON a.id = e.appearance_id JOIN hearings h ON h.id = a.hearing_id
                         WHERE bo.batch_id = ?1 AND {scope} AND NOT EXISTS
                           (SELECT 1 FROM batch_items bi WHERE bi.appearance_id = e.appearance_id AND bi.batch_id = ?1))",
                    scope = in_scope(self.scope)
                ),
                [id],
                |r| r.get(0),
            )?,
            Source::Candidates(_) | Source::Report(_) => {
                let (sqls, args) = self.queries();
                let mut n = 0;
                for sql in &sqls {
                    n += self.conn.query_row(
                        &format!("SELECT count(*) FROM ({sql})"),
                        rusqlite::params_from_iter(args.iter()),
                        |r| r.get::<_, i64>(0),
                    )?;
                }
                n
            }
        };
        let imported: i64 = match self.imported {
            Some((from, to)) => self.conn.query_row(
                &format!(
                    "SELECT count(*) FROM imported_records r JOIN imported_batches b USING (court_code, batch_id) WHERE {}",
                    self.imported_where()
                ),
                params![from.to_string(), to.to_string()],
                |r| r.get(0),
            )?,
            None => 0,
        };
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
        let db = |e: rusqlite::Error| E::from(StoreError::from(e));
        let mut digest = self.digest.borrow_mut();
        let (sqls, args) = self.queries();
        let mut marks_st = self
            .conn
            .prepare_cached("SELECT item_id, value FROM marks WHERE evaluation_id = ?1")
            .map_err(db)?;
        for sql in &sqls {
            let mut st = self.conn.prepare(sql).map_err(db)?;
            let columns = st.column_count();
            let mut rows = st
                .query(rusqlite::params_from_iter(args.iter()))
                .map_err(db)?;
            while let Some(r) = rows.next().map_err(db)? {
                if let Some(h) = digest.as_mut() {
                    hash_row(h, r, columns).map_err(db)?;
                }
                let (record, detail) = self.decode(r, &mut marks_st)?;
                f(&record, &detail)?;
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
                let text: String = r.get(0).map_err(db)?;
                let (mut record, detail) = crate::domain::interchange::record_from_json(&text)
                    .map_err(|e| StoreError::Unreadable("imported_records".into(), e))?;
                record.late &= !report;
                f(&record, &detail)?;
            }
        }
        Ok(())
    }

    /// The digest of what `for_each` read, if this reader kept one.
    fn take_digest(&self) -> Option<Vec<u8>> {
        self.digest
            .borrow_mut()
            .take()
            .map(|h| h.finalize().to_vec())
    }

    /// The digest `for_each` would keep, without decoding the records.
    fn digest_rows(&self) -> Result<Vec<u8>> {
        let mut h = Sha256::new();
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

/// What a stored batch reads: its claims (a month), or its period (a report).
fn source_of(meta: &BatchMeta) -> Source {
    if meta.kind.claims() {
        Source::Batch(meta.id.clone())
    } else {
        Source::Report(meta.period())
    }
}

/// A new batch row, numbered after the court's last notice of the same year (发文字号).
/// The last number given in `year` from the counter `name` (发文字号 of notices, of extracts):
/// kept apart from the batches, so a number is never given twice, even when a report is made anew.
fn last_number(tx: &Connection, name: &str, year: &str) -> Result<i64> {
    let kept: Option<String> = tx
        .query_row(
            "SELECT value FROM app_state WHERE key = ?1",
            [format!("{name}/{year}")],
            |r| r.get(0),
        )
        .optional()?;
    Ok(kept.and_then(|v| v.parse().ok()).unwrap_or(0))
}

fn set_last_number(tx: &Connection, name: &str, year: &str, n: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO app_state(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![format!("{name}/{year}"), n.to_string()],
    )?;
    Ok(())
}

/// The notice number (发文字号) a batch made at `created` takes in its year, and the first number
/// its extracts (函) take.
fn next_numbers(tx: &Connection, created: &str) -> Result<(i64, i64)> {
    let year = created.get(..4).unwrap_or_default();
    let earlier: i64 = tx.query_row(
        "SELECT coalesce(max(doc_number), 0) FROM batches WHERE substr(created_at, 1, 4) = ?1",
        [year],
        |r| r.get(0),
    )?;
    let n = last_number(tx, "doc_number", year)?.max(earlier) + 1;
    Ok((n, last_number(tx, "han_number", year)? + 1))
}

/// A new batch row, as its files state it: its date, its numbers (taken now) and its filter.
fn insert_batch(tx: &Connection, m: &BatchMeta) -> Result<()> {
    let year = m.created_at.get(..4).unwrap_or_default();
    set_last_number(tx, "doc_number", year, m.doc_number)?;
    tx.execute(
        "INSERT INTO batches(id, kind, period_from, period_to, topic, court, court_code, created_at, filter, doc_number, han_first)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![m.id, m.kind.id(), m.from.to_string(), m.to.to_string(), m.topic, m.court, m.court_code, m.created_at, m.filter.to_json(), m.doc_number, m.han_first],
    )?;
    Ok(())
}

/// How many times an export writes its files again when its records changed meanwhile.
pub const EXPORT_ATTEMPTS: usize = 5;

/// What an export does, as one snapshot reads it: the batch its files state (its date, numbers,
/// drafts left out) and what it does to the records. The claim goes ahead only if the write
/// transaction reads the same plan, and claims the same rows the files were written from.
#[derive(Debug, PartialEq)]
struct Plan {
    /// the batch as its files state it (its folder and claim counts are recorded at the claim);
    /// its `files` are those of its earlier export, if any
    meta: BatchMeta,
    step: Step,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// a month exported before: re-produced, claiming nothing (its extracts numbered now if they
    /// never were)
    Again { number_extracts: bool },
    /// a new month: claims what it reads
    Claim,
    /// a report: made anew, replacing its earlier row if there is one
    Report { replaces: bool },
}

/// The month's own appearances a new batch leaves for the next (drafts, unscored), as its claim
/// records them.
fn claim_drafts(conn: &Connection, scope: &Scope, m: &BatchMeta) -> Result<i64> {
    Ok(conn.query_row(
        &format!(
            "SELECT count(*) FROM appearances a JOIN hearings h ON h.id = a.hearing_id
             LEFT JOIN evaluations e ON e.appearance_id = a.id
             WHERE h.date BETWEEN ?1 AND ?2 AND {} AND a.category NOT IN ('lawyer_only', 'nobody')
               AND (e.id IS NULL OR e.status = 'draft')",
            in_scope(scope)
        ),
        params![m.from.to_string(), m.to.to_string()],
        |r| r.get(0),
    )?)
}

/// A report's counts: its records, and the appearances of its dates still drafts or unscored
/// (left out).
fn report_counts(conn: &Connection, scope: &Scope, m: &mut BatchMeta) -> Result<()> {
    let (appearances, evaluations, drafts): (i64, i64, i64) = conn.query_row(
        &format!(
            "SELECT count(CASE WHEN {REPORTABLE} THEN 1 END),
                    count(CASE WHEN {REPORTABLE} AND e.id IS NOT NULL AND a.category NOT IN ('lawyer_only', 'nobody') THEN 1 END),
                    count(CASE WHEN a.category NOT IN ('lawyer_only', 'nobody') AND (e.id IS NULL OR e.status = 'draft') THEN 1 END)
             FROM appearances a JOIN hearings h ON h.id = a.hearing_id JOIN agencies g ON g.id = a.agency_id
             LEFT JOIN evaluations e ON e.appearance_id = a.id
             WHERE h.date BETWEEN ?2 AND ?1 AND {} AND {}",
            in_scope(scope),
            in_filter(&m.filter, scope)
        ),
        params![m.to.to_string(), m.from.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    m.appearances = appearances;
    m.evaluations = evaluations;
    m.drafts = drafts;
    Ok(())
}

/// The reader of what a plan's files hold: the batch's claims, what a new month claims, or a
/// report's records; with the batches imported from the courts below (not for a topic).
fn reader_of<'a>(
    conn: &'a Connection,
    rubrics: &'a RefCell<HashMap<String, Rc<Rubric>>>,
    scope: &'a Scope,
    meta: &BatchMeta,
    step: Step,
) -> Reader<'a> {
    Reader {
        conn,
        rubrics,
        scope,
        court: meta.court.clone(),
        source: match step {
            Step::Claim => Source::Candidates(meta.period()),
            _ => source_of(meta),
        },
        imported: Some((meta.from, meta.to)).filter(|_| meta.filter.is_empty()),
        // what a new month's files were written from, to compare with what it claims
        digest: RefCell::new((step == Step::Claim).then(Sha256::new)),
    }
}

/// What exporting `p` does, as `conn` reads it now; a new batch made at `created`.
fn plan(
    conn: &Connection,
    scope: &Scope,
    p: &Period,
    court: &str,
    court_code: &str,
    created: &str,
) -> Result<Plan> {
    let (mut meta, step) = match meta_from(conn, &p.id)? {
        Some(mut m) if p.kind.claims() => {
            // (its files stay: what its earlier export wrote, which alone may be replaced)
            m.folder.clear();
            // a batch made before extracts were numbered: their numbers start now
            let number_extracts = m.han_first == 0;
            if number_extracts {
                let year = m.created_at.get(..4).unwrap_or_default();
                m.han_first = last_number(conn, "han_number", year)? + 1;
            }
            (m, Step::Again { number_extracts })
        }
        previous => {
            let (doc_number, han_first) = next_numbers(conn, created)?;
            let meta = BatchMeta {
                id: p.id.clone(),
                kind: p.kind,
                from: p.from,
                to: p.to,
                topic: p.topic.clone(),
                court: court.to_string(),
                court_code: court_code.to_string(),
                created_at: created.to_string(),
                folder: String::new(),
                appearances: 0,
                evaluations: 0,
                late: 0,
                outcomes: 0,
                drafts: 0,
                filter: p.filter.clone(),
                doc_number,
                han_first,
                // a report made anew replaces its earlier export, whose files are these
                files: previous
                    .as_ref()
                    .map(|m| m.files.clone())
                    .unwrap_or_default(),
            };
            if p.kind.claims() {
                (meta, Step::Claim)
            } else {
                let replaces = previous.is_some();
                (meta, Step::Report { replaces })
            }
        }
    };
    match step {
        Step::Claim => meta.drafts = claim_drafts(conn, scope, &meta)?,
        Step::Report { .. } => report_counts(conn, scope, &mut meta)?,
        Step::Again { .. } => {}
    }
    Ok(Plan { meta, step })
}

/// What a batch's files state, to compare a stored batch with its plan: not its folder, files or
/// claim counts (those come from the claim itself).
fn stated(m: &BatchMeta, step: Step) -> BatchMeta {
    let mut m = BatchMeta {
        folder: String::new(),
        files: Vec::new(),
        ..m.clone()
    };
    if step == Step::Claim {
        (m.appearances, m.evaluations, m.late, m.outcomes) = (0, 0, 0, 0);
    }
    m
}

/// Records a plan in the write transaction: the batch row (with the claims of a new month), its
/// folder and files, and the extract numbers taken. Returns the batch as stored.
fn claim(
    tx: &Connection,
    scope: &Scope,
    plan: &Plan,
    folder: &str,
    files: &[FileEntry],
) -> Result<BatchMeta> {
    let meta = &plan.meta;
    let (to, from) = (meta.to.to_string(), meta.from.to_string());
    match plan.step {
        Step::Again { number_extracts } => {
            if number_extracts {
                tx.execute(
                    "UPDATE batches SET han_first = ?2 WHERE id = ?1",
                    params![meta.id, meta.han_first],
                )?;
            }
        }
        Step::Report { replaces } => {
            // a report: a row to find its files and number by, no claim; made anew at each
            // export (new number, date and counts), since it reads the records as they are now
            if replaces {
                tx.execute("DELETE FROM batch_files WHERE batch_id = ?1", [&meta.id])?;
                tx.execute("DELETE FROM batches WHERE id = ?1", [&meta.id])?;
            }
            insert_batch(tx, meta)?;
            tx.execute(
                "UPDATE batches SET appearances = ?2, evaluations = ?3, drafts = ?4 WHERE id = ?1",
                params![meta.id, meta.appearances, meta.evaluations, meta.drafts],
            )?;
        }
        Step::Claim => {
            insert_batch(tx, meta)?;
            tx.execute(
                &format!(
                    "INSERT INTO batch_items(batch_id, appearance_id, late)
                     SELECT ?3, a.id, h.date < ?2 FROM appearances a JOIN hearings h ON h.id = a.hearing_id
                     LEFT JOIN evaluations e ON e.appearance_id = a.id WHERE {}",
                    claimable(scope)
                ),
                params![to, from, meta.id],
            )?;
            tx.execute(
                &format!(
                    "INSERT INTO batch_outcomes(batch_id, evaluation_id, late)
                     SELECT ?3, o.evaluation_id, o.recorded_on < ?2 FROM performance_outcomes o
                     JOIN evaluations e ON e.id = o.evaluation_id {RECORD_JOINS}
                     WHERE {}",
                    outcome_claimable(scope)
                ),
                params![to, from, meta.id],
            )?;
            // the month's own appearances that this batch leaves for the next (drafts, unscored)
            tx.execute(
                &format!(
                    "UPDATE batches SET drafts = (SELECT count(*) FROM appearances a JOIN hearings h ON h.id = a.hearing_id
                       LEFT JOIN evaluations e ON e.appearance_id = a.id
                       WHERE h.date BETWEEN ?2 AND ?3 AND {} AND a.category NOT IN ('lawyer_only', 'nobody')
                         AND (e.id IS NULL OR e.status = 'draft'))
                     WHERE id = ?1",
                    in_scope(scope)
                ),
                params![meta.id, from, to],
            )?;
            tx.execute(
                "UPDATE evaluations SET status = 'reported' WHERE appearance_id IN (SELECT appearance_id FROM batch_items WHERE batch_id = ?1) AND status = 'final'",
                [&meta.id],
            )?;
            tx.execute(
                "UPDATE batches SET appearances = (SELECT count(*) FROM batch_items WHERE batch_id = ?1),
                    late = (SELECT count(*) FROM batch_items WHERE batch_id = ?1 AND late)
                         + (SELECT count(*) FROM batch_outcomes bo JOIN evaluations e ON e.id = bo.evaluation_id
                            WHERE bo.batch_id = ?1 AND bo.late AND NOT EXISTS
                              (SELECT 1 FROM batch_items bi WHERE bi.appearance_id = e.appearance_id AND bi.batch_id = ?1)),
                    outcomes = (SELECT count(*) FROM batch_outcomes WHERE batch_id = ?1),
                    evaluations = (SELECT count(*) FROM batch_items b JOIN evaluations e ON e.appearance_id = b.appearance_id
                                   JOIN appearances a ON a.id = b.appearance_id WHERE b.batch_id = ?1 AND a.category NOT IN ('lawyer_only', 'nobody'))
                 WHERE id = ?1",
                [&meta.id],
            )?;
        }
    }
    tx.execute(
        "UPDATE batches SET folder = ?2 WHERE id = ?1",
        params![meta.id, folder],
    )?;
    // the extracts took the numbers from han_first on: none of them is given again
    let extracts = files
        .iter()
        .filter(|f| f.name.contains("-han-") && f.name.ends_with(".docx"))
        .count() as i64;
    if extracts > 0 {
        let year = meta.created_at.get(..4).unwrap_or_default();
        let last = last_number(tx, "han_number", year)?;
        set_last_number(
            tx,
            "han_number",
            year,
            last.max(meta.han_first + extracts - 1),
        )?;
    }
    tx.execute("DELETE FROM batch_files WHERE batch_id = ?1", [&meta.id])?;
    for f in files {
        tx.execute(
            "INSERT INTO batch_files(batch_id, name, sha256, bytes) VALUES (?1, ?2, ?3, ?4)",
            params![meta.id, f.name, f.sha256, f.bytes as i64],
        )?;
    }
    Ok(meta_from(tx, &meta.id)?.expect("just recorded"))
}

/// Turns a connection read-only while an export reads its snapshot and writes its files: nothing
/// it does then can take the write lock.
struct QueryOnly<'a>(&'a Connection);

impl<'a> QueryOnly<'a> {
    fn on(conn: &'a Connection) -> Result<QueryOnly<'a>> {
        conn.execute_batch("PRAGMA query_only = ON")?;
        Ok(QueryOnly(conn))
    }
}

impl Drop for QueryOnly<'_> {
    fn drop(&mut self) {
        let _ = self.0.execute_batch("PRAGMA query_only = OFF");
    }
}

impl Store {
    pub fn reader(&self, source: Source, court: &str, with_imports: bool) -> Reader<'_> {
        let imported = match &source {
            Source::Candidates(p) => with_imports.then_some((p.from, p.to)),
            // imported records are whole batches: a topic's filter cannot be applied to them
            Source::Report(p) => (with_imports && p.filter.is_empty()).then_some((p.from, p.to)),
            // an exported month reads the imported batches of its dates, as its export did
            Source::Batch(id) => match with_imports {
                true => meta_from(&self.conn, id)
                    .ok()
                    .flatten()
                    .map(|m| (m.from, m.to)),
                false => None,
            },
        };
        Reader {
            conn: &self.conn,
            rubrics: &self.rubrics,
            scope: &self.scope,
            court: court.to_string(),
            source,
            imported,
            digest: RefCell::new(None),
        }
    }

    /// A reader of a batch that also takes the imported batches of its period.
    pub fn batch_reader(&self, meta: &BatchMeta) -> Reader<'_> {
        Reader {
            conn: &self.conn,
            rubrics: &self.rubrics,
            scope: &self.scope,
            court: meta.court.clone(),
            source: source_of(meta),
            imported: Some((meta.from, meta.to)),
            digest: RefCell::new(None),
        }
    }

    pub fn preview(&self, p: &Period) -> Result<Preview> {
        let existing = meta_from(&self.conn, &p.id)?;
        let (claim, evaluations, late): (i64, i64, i64) = self.conn.query_row(
            &format!(
                "SELECT count(*), count(e.id), coalesce(sum(h.date < ?2), 0) FROM appearances a JOIN hearings h ON h.id = a.hearing_id
                 LEFT JOIN evaluations e ON e.appearance_id = a.id AND e.status = 'final' WHERE {}",
                claimable(&self.scope)
            ),
            params![p.to.to_string(), p.from.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let scope = in_scope(&self.scope);
        let drafts: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM evaluations e JOIN appearances a ON a.id = e.appearance_id JOIN hearings h ON h.id = a.hearing_id
             WHERE e.status = 'draft' AND h.date <= ?1 AND a.category NOT IN ('lawyer_only', 'nobody') AND {scope}"),
            [p.to.to_string()],
            |r| r.get(0),
        )?;
        let unscored: i64 = self.conn.query_row(
            &format!(
                "SELECT count(*) FROM appearances a JOIN hearings h ON h.id = a.hearing_id
             WHERE h.date <= ?1 AND a.category NOT IN ('lawyer_only', 'nobody') AND {scope}
             AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.appearance_id = a.id)"
            ),
            [p.to.to_string()],
            |r| r.get(0),
        )?;
        let outcomes: i64 = self.conn.query_row(
            &format!(
                "SELECT count(*) FROM performance_outcomes o JOIN evaluations e ON e.id = o.evaluation_id {RECORD_JOINS}
                 WHERE {}",
                outcome_claimable(&self.scope)
            ),
            [p.to.to_string()],
            |r| r.get(0),
        )?;
        Ok(Preview {
            outcomes,
            claim,
            evaluations,
            absences: claim - evaluations,
            late,
            drafts,
            unscored,
            existing,
        })
    }

    pub fn batch(&self, id: &str) -> Result<Option<BatchMeta>> {
        meta_from(&self.conn, id)
    }

    pub fn batches(&self) -> Result<Vec<BatchMeta>> {
        let ids: Vec<String> = self
            .conn
            .prepare("SELECT id FROM batches ORDER BY created_at, id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.iter()
            .filter_map(|id| meta_from(&self.conn, id).transpose())
            .collect()
    }

    /// Exports the batch of `p`: a new month claims its appearances (each at most once, ever), a
    /// month exported before is re-produced, a report is made anew.
    ///
    /// `write` writes the files from one snapshot, with no write lock held (so the other courtrooms
    /// go on marking). The claim then takes the write lock briefly (`BEGIN IMMEDIATE`, waiting for
    /// another writer): if another connection committed anything since the snapshot, it checks
    /// that the plan still holds (the same batch, numbers and drafts) and, after claiming with the
    /// same SQL as ever, that the rows claimed are the rows the files were written from (a digest
    /// of every column); then it runs `place` (moving the files into place) and commits. If
    /// something changed, the files are dropped and written again, at most [`EXPORT_ATTEMPTS`]
    /// times. A failure claims nothing; `place` runs only right before the commit. (Debug builds
    /// check every time, so the tests compare every export's files with its claim.)
    pub fn export_batch<T, E: From<StoreError>>(
        &mut self,
        p: &Period,
        court: &str,
        court_code: &str,
        mut write: impl FnMut(&Reader, &BatchMeta) -> std::result::Result<Written<T>, E>,
        mut place: impl FnMut(&mut T) -> std::result::Result<(), E>,
    ) -> std::result::Result<(BatchMeta, T), E> {
        use rusqlite::TransactionBehavior::{Deferred, Immediate};
        let data_version = |c: &Connection| -> Result<i64> {
            Ok(c.query_row("PRAGMA data_version", [], |r| r.get(0))?)
        };
        for _ in 0..EXPORT_ATTEMPTS {
            let created = now();
            // one snapshot: what the batch is and claims, and its files, with no lock held
            let (planned, version, read, written) = {
                let tx = self
                    .conn
                    .transaction_with_behavior(Deferred)
                    .map_err(StoreError::from)?;
                let _read_only = QueryOnly::on(&tx)?;
                let planned = plan(&tx, &self.scope, p, court, court_code, &created)?;
                let version = data_version(&tx)?;
                let reader =
                    reader_of(&tx, &self.rubrics, &self.scope, &planned.meta, planned.step);
                let written = write(&reader, &planned.meta)?;
                (planned, version, reader.take_digest(), written)
            };
            let Written {
                mut value,
                folder,
                files,
            } = written;
            // the claim: short, and only if the snapshot still holds
            let tx = self
                .conn
                .transaction_with_behavior(Immediate)
                .map_err(|e| super::busy_or(&self.path, e))?;
            // another connection committed since the snapshot (see the store's tests)
            let changed = data_version(&tx)? != version;
            let check = changed || cfg!(debug_assertions);
            // (dropping `tx` rolls back; dropping `value` removes the files written)
            if check
                && plan(
                    &tx,
                    &self.scope,
                    p,
                    court,
                    court_code,
                    &planned.meta.created_at,
                )? != planned
            {
                continue;
            }
            let stored = claim(&tx, &self.scope, &planned, &folder, &files)?;
            if let Some(read) = read.filter(|_| check) {
                let claimed = reader_of(
                    &tx,
                    &self.rubrics,
                    &self.scope,
                    &planned.meta,
                    Step::Again {
                        number_extracts: false,
                    },
                );
                if claimed.digest_rows()? != read {
                    continue;
                }
            }
            if stated(&stored, planned.step) != stated(&planned.meta, planned.step) {
                continue;
            }
            place(&mut value)?;
            tx.commit().map_err(StoreError::from)?;
            return Ok((stored, value));
        }
        Err(StoreError::Refused(crate::i18n::tf(
            "export.err.changing",
            &[("n", &EXPORT_ATTEMPTS)],
        ))
        .into())
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    /// What an export's claim relies on to skip its checks: a connection's `PRAGMA data_version`
    /// stays the same from its snapshot to its next write transaction if and only if no other
    /// connection committed in between.
    #[test]
    fn data_version_tells_whether_another_connection_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tp.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA journal_mode=WAL; CREATE TABLE t(x);")
            .unwrap();
        let other = Connection::open(&path).unwrap();
        let version = |c: &Connection| -> i64 {
            c.query_row("PRAGMA data_version", [], |r| r.get(0))
                .unwrap()
        };
        for other_writes in [false, true] {
            conn.execute_batch("BEGIN").unwrap();
            let _: i64 = conn
                .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
                .unwrap();
            let snapshot = version(&conn);
            if other_writes {
                other.execute("INSERT INTO t VALUES (1)", []).unwrap();
            }
            assert_eq!(version(&conn), snapshot, "a snapshot does not move");
            conn.execute_batch("COMMIT; BEGIN IMMEDIATE").unwrap();
            assert_eq!(version(&conn) != snapshot, other_writes);
            conn.execute_batch("COMMIT").unwrap();
        }
    }
}
