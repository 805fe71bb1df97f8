//! Month-end batches: which appearances a batch claims (each at most once, ever), reading them back
//! as indicator records (with the batches imported from the courts below, see `imports`).

pub use super::imports::{ImportOutcome, ImportedBatch, Inserter};
pub use super::records::{Reader, Source};
pub use crate::domain::batch::{BatchMeta, FileEntry};
pub use crate::domain::interchange::Detail;

use super::records::*;
use super::types::{ABSENCES, RowKinds, RowValues, unreadable};

use super::{Result, Store, StoreError, now};
use crate::domain::period::{Filter, Period};
use crate::domain::rubric::Rubric;
use crate::domain::scope::Scope;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// The files an export wrote (in `value`, its own handle on them), before they are claimed: the
/// batch folder's name and each file's checksum.
pub struct Written<T> {
    pub value: T,
    pub folder: String,
    pub files: Vec<FileEntry>,
    /// what a new month's notice states, kept in its claim's transaction (None for the rest)
    pub statement: Option<Statement>,
}

/// What a new month's notice states, kept with its claim: its indicators (to tell later which a
/// correction changes), the indicator corrections it makes, and each corrected batch's figures as
/// now stated (a later notice corrects only what changes after).
#[derive(Clone, Debug, Default)]
pub struct Statement {
    pub values: Vec<crate::domain::indicators::Value>,
    pub corrected: Vec<crate::domain::interchange::IndicatorCorrection>,
    pub restated: Vec<(String, Vec<crate::domain::indicators::Value>)>,
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

pub(super) fn meta_from(conn: &Connection, id: &str) -> Result<Option<BatchMeta>> {
    let meta = conn
        .query_row(
            "SELECT id, kind, period_from, period_to, topic, court, court_code, created_at, folder, appearances, evaluations, late, outcomes, drafts, filter, doc_number, han_first, corrections, chain_head FROM batches WHERE id = ?1",
            [id],
            |r| {
                Ok(BatchMeta {
                    id: r.get("id")?,
                    kind: r.kind("kind")?,
                    from: r.date("period_from")?,
                    to: r.date("period_to")?,
                    topic: r.get("topic")?,
                    court: r.get("court")?,
                    court_code: r.get("court_code")?,
                    created_at: r.get("created_at")?,
                    folder: r.get("folder")?,
                    appearances: r.get("appearances")?,
                    evaluations: r.get("evaluations")?,
                    late: r.get("late")?,
                    outcomes: r.get("outcomes")?,
                    drafts: r.get("drafts")?,
                    filter: filter_of(r)?,
                    doc_number: r.get("doc_number")?,
                    han_first: r.get("han_first")?,
                    corrections: r.get("corrections")?,
                    chain_head: r.get("chain_head")?,
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
                name: r.get("name")?,
                sha256: r.get("sha256")?,
                bytes: r.get::<_, i64>("bytes")? as u64,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(meta))
}

/// A batch's stored filter: "" for none (`Filter::to_json`), JSON that is no filter an error naming
/// it — never "no filter", which would widen a topic to every record.
fn filter_of(r: &rusqlite::Row) -> rusqlite::Result<Filter> {
    Ok(r.json_opt("filter", "filter")?.unwrap_or_default())
}

/// The year of a stored timestamp (`created_at`): its first four digits; anything else is an error
/// naming it, never the year "".
fn year_of(created_at: &str) -> Result<&str> {
    match created_at.get(..4) {
        Some(y) if y.bytes().all(|b| b.is_ascii_digit()) => Ok(y),
        _ => Err(unreadable(0, "created_at", created_at.to_string()).into()),
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
pub(crate) fn last_number(tx: &Connection, name: &str, year: &str) -> Result<i64> {
    let kept: Option<i64> = tx
        .query_row(
            "SELECT value FROM app_state WHERE key = ?1",
            [format!("{name}/{year}")],
            |r| r.parsed_opt("value", "number"),
        )
        .optional()?
        .flatten();
    // (no number given yet this year: 0; a kept one that is not a number is an error)
    Ok(kept.unwrap_or(0))
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
    let year = year_of(created)?;
    // (no notice yet this year: 0)
    let earlier: i64 = tx.query_row(
        "SELECT coalesce(max(doc_number), 0) AS n FROM batches WHERE substr(created_at, 1, 4) = ?1",
        [year],
        |r| r.get("n"),
    )?;
    let n = last_number(tx, "doc_number", year)?.max(earlier) + 1;
    Ok((n, last_number(tx, "han_number", year)? + 1))
}

/// A new batch row, as its files state it: its date, its numbers (taken now) and its filter.
fn insert_batch(tx: &Connection, m: &BatchMeta) -> Result<()> {
    let year = year_of(&m.created_at)?;
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
            "SELECT count(*) AS n FROM appearances a JOIN hearings h ON h.id = a.hearing_id
             LEFT JOIN evaluations e ON e.appearance_id = a.id
             WHERE {}",
            pending_where(scope)
        ),
        params![m.from.to_string(), m.to.to_string()],
        |r| r.get("n"),
    )?)
}

/// A report's counts: its records, and the appearances of its dates still drafts or unscored
/// (left out).
fn report_counts(conn: &Connection, scope: &Scope, m: &mut BatchMeta) -> Result<()> {
    let (appearances, evaluations, drafts): (i64, i64, i64) = conn.query_row(
        &format!(
            "SELECT count(CASE WHEN {REPORTABLE} THEN 1 END) AS appearances,
                    count(CASE WHEN {REPORTABLE} AND e.id IS NOT NULL AND a.category NOT IN {ABSENCES} THEN 1 END) AS evaluations,
                    count(CASE WHEN {HELD} AND {UNFINISHED} THEN 1 END) AS drafts
             FROM appearances a JOIN hearings h ON h.id = a.hearing_id {}
             LEFT JOIN evaluations e ON e.appearance_id = a.id
             WHERE h.date BETWEEN ?2 AND ?1 AND {} AND {}",
            // (the agencies only where a topic's filter reads them: a seek per record saved)
            match m.filter.is_empty() {
                true => "",
                false => "JOIN agencies g ON g.id = a.agency_id",
            },
            in_scope(scope),
            in_filter(&m.filter, scope)
        ),
        params![m.to.to_string(), m.from.to_string()],
        |r| Ok((r.get("appearances")?, r.get("evaluations")?, r.get("drafts")?)),
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
        last_rubric: RefCell::new(None),
    }
}

/// What exporting `p` does, as `conn` reads it now; a new batch made at `created`.
fn plan(
    conn: &Connection,
    rubrics: &RefCell<HashMap<String, Rc<Rubric>>>,
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
                let year = year_of(&m.created_at)?;
                m.han_first = last_number(conn, "han_number", year)? + 1;
            }
            // amended since: its files cannot be made again as they were issued
            if super::corrections::amended_since(conn, &m.id, &m.created_at)? {
                return Err(StoreError::Refused(tingping_core::msg::msgf(
                    "export.err.amended",
                    &[("batch", &m.id)],
                )));
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
                corrections: 0,
                chain_head: String::new(),
                // a report made anew replaces its earlier export, whose files are these (none for a
                // new one)
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
        Step::Claim => {
            meta.drafts = claim_drafts(conn, scope, &meta)?;
            meta.corrections =
                super::corrections::pending_count(&Reader::plain(conn, rubrics, scope))?;
        }
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
        chain_head: String::new(),
        ..m.clone()
    };
    if step == Step::Claim {
        (m.appearances, m.evaluations, m.late, m.outcomes) = (0, 0, 0, 0);
    }
    if step != Step::Claim {
        m.corrections = 0;
    }
    m
}

/// Records a plan in the write transaction: the batch row (with the claims of a new month), its
/// folder and files, and the extract numbers taken. Returns the batch as stored.
/// What an export's audit entry says: its files and their checksums, its counts.
fn export_summary(m: &BatchMeta) -> String {
    serde_json::json!({
        "folder": m.folder,
        "appearances": m.appearances,
        "corrections": m.corrections,
        "files": m.files.iter().map(|f| serde_json::json!([f.name, f.sha256])).collect::<Vec<_>>(),
    })
    .to_string()
}

#[allow(clippy::too_many_arguments)]
fn claim(
    tx: &Connection,
    rubrics: &RefCell<HashMap<String, Rc<Rubric>>>,
    scope: &Scope,
    plan: &Plan,
    folder: &str,
    files: &[FileEntry],
    chain_head: &str,
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
            // the corrections of earlier batches it reports, as its files read them: before its
            // own claims and outcomes, which are not yet told
            super::corrections::claim(&Reader::plain(tx, rubrics, scope), &meta.id)?;
            tx.execute(
                &format!(
                    "INSERT INTO batch_items(batch_id, appearance_id, late)
                     SELECT ?3, a.id, h.date < ?2 FROM {CLAIMABLE_FROM}
                     LEFT JOIN evaluations e ON e.appearance_id = a.id WHERE {}",
                    claimable(scope)
                ),
                params![to, from, meta.id],
            )?;
            tx.execute(
                &format!(
                    "INSERT INTO batch_outcomes(batch_id, evaluation_id, late)
                     SELECT ?3, o.evaluation_id, o.recorded_on < ?2 FROM {OUTCOME_FROM}
                     WHERE {}",
                    outcome_claimable(scope)
                ),
                params![to, from, meta.id],
            )?;
            // the month's own appearances that this batch leaves for the next (drafts, unscored)
            tx.execute(
                &format!(
                    "INSERT INTO batch_pending(batch_id, appearance_id, hearing_id, government)
                     SELECT ?3, a.id, h.id, g.government FROM appearances a JOIN hearings h ON h.id = a.hearing_id
                       JOIN agencies g ON g.id = a.agency_id
                       LEFT JOIN evaluations e ON e.appearance_id = a.id
                     WHERE {}",
                    pending_where(scope)
                ),
                params![from, to, meta.id],
            )?;
            tx.execute(
                "UPDATE batches SET drafts = (SELECT count(*) FROM batch_pending WHERE batch_id = ?1)
                 WHERE id = ?1",
                params![meta.id],
            )?;
            tx.execute(
                "UPDATE evaluations SET status = 'reported' WHERE appearance_id IN (SELECT appearance_id FROM batch_items WHERE batch_id = ?1) AND status = 'final'",
                [&meta.id],
            )?;
            tx.execute(
                &format!("UPDATE batches SET appearances = (SELECT count(*) FROM batch_items WHERE batch_id = ?1),
                    late = (SELECT count(*) FROM batch_items WHERE batch_id = ?1 AND late)
                         + (SELECT count(*) FROM batch_outcomes bo JOIN evaluations e ON e.id = bo.evaluation_id
                            WHERE bo.batch_id = ?1 AND bo.late AND NOT EXISTS
                              (SELECT 1 FROM batch_items bi WHERE bi.appearance_id = e.appearance_id AND bi.batch_id = ?1)),
                    outcomes = (SELECT count(*) FROM batch_outcomes WHERE batch_id = ?1),
                    evaluations = (SELECT count(*) FROM batch_items b JOIN evaluations e ON e.appearance_id = b.appearance_id
                                   JOIN appearances a ON a.id = b.appearance_id WHERE b.batch_id = ?1 AND a.category NOT IN {ABSENCES})
                 WHERE id = ?1"),
                [&meta.id],
            )?;
        }
    }
    tx.execute(
        "UPDATE batches SET folder = ?2, chain_head = CASE WHEN chain_head = '' THEN ?3 ELSE chain_head END WHERE id = ?1",
        params![meta.id, folder, chain_head],
    )?;
    // the extracts took the numbers from han_first on: none of them is given again
    let extracts = files
        .iter()
        .filter(|f| f.name.contains("-han-") && f.name.ends_with(".docx"))
        .count() as i64;
    if extracts > 0 {
        let year = year_of(&meta.created_at)?;
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

/// The page cache (KiB) while an export reads its snapshot, twice the store's own: SQLite sorts in
/// memory up to the cache's size (beyond it, the sort spills into a temporary file), and a month
/// of ~100 000 records in their order takes ~45 MB to sort.
const EXPORT_CACHE_KIB: i64 = 65_536;

/// A larger page cache while an export reads; the store's own again when dropped.
struct ExportCache<'a>(&'a Connection, i64);

impl<'a> ExportCache<'a> {
    fn on(conn: &'a Connection) -> Result<ExportCache<'a>> {
        let was: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get("cache_size"))?;
        conn.execute_batch(&format!("PRAGMA cache_size = -{EXPORT_CACHE_KIB}"))?;
        Ok(ExportCache(conn, was))
    }
}

impl Drop for ExportCache<'_> {
    fn drop(&mut self) {
        let _ = self
            .0
            .execute_batch(&format!("PRAGMA cache_size = {}", self.1));
    }
}

impl Store {
    pub fn reader(&self, source: Source, court: &str, with_imports: bool) -> Reader<'_> {
        let imported = match &source {
            Source::Candidates(p) => with_imports.then_some((p.from, p.to)),
            // imported records are whole batches: a topic's filter cannot be applied to them
            Source::Report(p) => (with_imports && p.filter.is_empty()).then_some((p.from, p.to)),
            // an exported month reads the imported batches of its dates, as its export did
            // (a batch that cannot be read is an error when it is read: `reader` cannot say so)
            Source::Batch(id) => match with_imports {
                true => meta_from(&self.conn, id)
                    .ok()
                    .flatten()
                    .map(|m| (m.from, m.to)),
                false => None,
            },
            Source::Uids(_) | Source::Stated(..) | Source::Told(_) => None,
        };
        Reader {
            conn: &self.conn,
            rubrics: &self.rubrics,
            scope: &self.scope,
            court: court.to_string(),
            source,
            imported,
            digest: RefCell::new(None),
            last_rubric: RefCell::new(None),
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
            last_rubric: RefCell::new(None),
        }
    }

    pub fn preview(&self, p: &Period) -> Result<Preview> {
        let existing = meta_from(&self.conn, &p.id)?;
        let (claim, evaluations, late): (i64, i64, i64) = self.conn.query_row(
            &format!(
                "SELECT count(*) AS claim, count(e.id) AS evaluations, coalesce(sum(h.date < ?2), 0) AS late FROM {CLAIMABLE_FROM}
                 LEFT JOIN evaluations e ON e.appearance_id = a.id AND e.status = 'final' WHERE {}",
                claimable(&self.scope)
            ),
            params![p.to.to_string(), p.from.to_string()],
            |r| Ok((r.get("claim")?, r.get("evaluations")?, r.get("late")?)),
        )?;
        let scope = in_scope(&self.scope);
        let drafts: i64 = self.conn.query_row(
            &format!("SELECT count(*) AS n FROM evaluations e JOIN appearances a ON a.id = e.appearance_id JOIN hearings h ON h.id = a.hearing_id
             WHERE e.status = 'draft' AND h.date <= ?1 AND a.category NOT IN {ABSENCES} AND {scope} AND {HELD}"),
            [p.to.to_string()],
            |r| r.get("n"),
        )?;
        let unscored: i64 = self.conn.query_row(
            &format!(
                "SELECT count(*) AS n FROM appearances a JOIN hearings h ON h.id = a.hearing_id
             WHERE h.date <= ?1 AND a.category NOT IN {ABSENCES} AND {scope} AND {HELD}
             AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.appearance_id = a.id)"
            ),
            [p.to.to_string()],
            |r| r.get("n"),
        )?;
        let outcomes: i64 = self.conn.query_row(
            &format!(
                "SELECT count(*) AS n FROM {OUTCOME_FROM}
                 WHERE {}",
                outcome_claimable(&self.scope)
            ),
            [p.to.to_string()],
            |r| r.get("n"),
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
            .query_map([], |r| r.get("id"))?
            .collect::<rusqlite::Result<_>>()?;
        ids.iter()
            .filter_map(|id| meta_from(&self.conn, id).transpose())
            .collect()
    }

    /// A period's documents as a draft (草稿): what [`Store::export_batch`] would write now,
    /// read from one snapshot, with nothing claimed, numbered or logged (`write` is given the
    /// batch with no 发文字号 and no chain head).
    pub fn draft_batch<T, E: From<StoreError>>(
        &mut self,
        p: &Period,
        court: &str,
        court_code: &str,
        write: impl FnOnce(&Reader, &BatchMeta) -> std::result::Result<T, E>,
    ) -> std::result::Result<(BatchMeta, T), E> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Deferred)
            .map_err(StoreError::from)?;
        let _read_only = QueryOnly::on(&tx)?;
        let _cache = ExportCache::on(&tx)?;
        let planned = plan(
            &tx,
            &self.rubrics,
            &self.scope,
            p,
            court,
            court_code,
            &now(),
        )?;
        let reader = reader_of(&tx, &self.rubrics, &self.scope, &planned.meta, planned.step);
        // no number is given and no chain head stated: a draft is not issued
        let meta = BatchMeta {
            doc_number: 0,
            han_first: 0,
            chain_head: String::new(),
            ..planned.meta.clone()
        };
        let value = write(&reader, &meta)?;
        Ok((meta, value))
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
    /// times. A failure claims nothing; `place` runs only right before the commit. A new month's
    /// claim takes a backup of the database first (`backups/…-before-claim-…`). (Debug builds
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
            Ok(c.query_row("PRAGMA data_version", [], |r| r.get("data_version"))?)
        };
        let mut backed_up = false;
        for _ in 0..EXPORT_ATTEMPTS {
            let created = now();
            // one snapshot: what the batch is and claims, and its files, with no lock held
            let (planned, version, read, written, head) = {
                let tx = self
                    .conn
                    .transaction_with_behavior(Deferred)
                    .map_err(StoreError::from)?;
                let _read_only = QueryOnly::on(&tx)?;
                let _cache = ExportCache::on(&tx)?;
                let planned = plan(
                    &tx,
                    &self.rubrics,
                    &self.scope,
                    p,
                    court,
                    court_code,
                    &created,
                )?;
                let version = data_version(&tx)?;
                let reader =
                    reader_of(&tx, &self.rubrics, &self.scope, &planned.meta, planned.step);
                // the files carry the audit log's head as this snapshot reads it
                // (a month exported before keeps the head its first export stated: its files
                // are reproduced byte for byte)
                let (head_seq, head) = match (&planned.step, planned.meta.chain_head.as_str()) {
                    (Step::Again { .. }, h) if !h.is_empty() => (None, h.to_string()),
                    _ => {
                        let (seq, head) = super::audit::head(&tx).map_err(StoreError::from)?;
                        (Some(seq), head)
                    }
                };
                let meta = BatchMeta {
                    chain_head: head.clone(),
                    ..planned.meta.clone()
                };
                let written = write(&reader, &meta)?;
                (
                    planned,
                    version,
                    reader.take_digest(),
                    written,
                    (head_seq, head),
                )
            };
            let Written {
                mut value,
                folder,
                files,
                statement,
            } = written;
            // a new month's claim is kept from first: a backup, made before the write lock is
            // taken (once, however many attempts); if it cannot be made nothing is claimed
            if planned.step == Step::Claim && !backed_up {
                self.backup_before(super::backup::Reason::Claim)?;
                backed_up = true;
            }
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
                    &self.rubrics,
                    &self.scope,
                    p,
                    court,
                    court_code,
                    &planned.meta.created_at,
                )? != planned
            {
                continue;
            }
            let (head_seq, head) = &head;
            // (where the head stands, for the next batch's check of it: `heads_not_in_log`)
            if let Some(seq) = head_seq.filter(|_| planned.meta.kind.claims()) {
                super::keys::remember_chain_seq(&tx, head, seq)?;
            }
            let stored = claim(
                &tx,
                &self.rubrics,
                &self.scope,
                &planned,
                &folder,
                &files,
                head,
            )?;
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
            // the claim, what its notice states and the log's entry: one transaction
            if planned.step == Step::Claim
                && let Some(st) = &statement
            {
                super::corrections::keep_statement(&tx, &stored.id, st)?;
            }
            super::log(
                &self.operator,
                &tx,
                super::audit::Change::new(
                    super::audit::Action::Export,
                    super::audit::Entity::Batch,
                    0,
                )
                .field(&stored.id, "", &export_summary(&stored)),
            )?;
            place(&mut value)?;
            tx.commit().map_err(StoreError::from)?;
            return Ok((stored, value));
        }
        Err(StoreError::Refused(tingping_core::msg::msgf(
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
            c.query_row("PRAGMA data_version", [], |r| r.get("data_version"))
                .unwrap()
        };
        for other_writes in [false, true] {
            conn.execute_batch("BEGIN").unwrap();
            let _: i64 = conn
                .query_row("SELECT count(*) AS n FROM t", [], |r| r.get("n"))
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
