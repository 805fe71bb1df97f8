//! Batches imported from the courts below: stored once per (court, batch), replaced by a newer
//! re-export, unchanged by the same content twice.

use super::{Result, Store, now};
use rusqlite::{OptionalExtension, params};

impl Store {
    /// Stores a batch imported from a lower court, and says whether it was new, replaced an older
    /// export, was already there, or is older than the one there.
    pub fn import_batch(
        &mut self,
        b: &ImportedBatch,
        records: &[(String, String)],
    ) -> Result<ImportOutcome> {
        let ImportedBatch {
            court_code,
            batch_id,
            court,
            from,
            to,
            created_at,
            content_sha,
        } = b;
        let period = (from, to);
        let tx = self.conn.transaction()?;
        let existing: Option<(String, String)> = tx
            .query_row("SELECT content_sha, created_at FROM imported_batches WHERE court_code = ?1 AND batch_id = ?2", params![court_code, batch_id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let outcome = match existing {
            Some((sha, _)) if &sha == content_sha => return Ok(ImportOutcome::Unchanged),
            Some((_, at)) if at.as_str() > created_at.as_str() => return Ok(ImportOutcome::Older),
            Some(_) => ImportOutcome::Replaced,
            None => ImportOutcome::Added,
        };
        tx.execute(
            "DELETE FROM imported_batches WHERE court_code = ?1 AND batch_id = ?2",
            params![court_code, batch_id],
        )?;
        tx.execute(
            "INSERT INTO imported_batches(court_code, batch_id, court, period_from, period_to, created_at, content_sha, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![court_code, batch_id, court, period.0, period.1, created_at, content_sha, now()],
        )?;
        {
            let mut st = tx.prepare("INSERT INTO imported_records(court_code, batch_id, seq, hearing_date, record) VALUES (?1, ?2, ?3, ?4, ?5)")?;
            for (i, (date, json)) in records.iter().enumerate() {
                st.execute(params![court_code, batch_id, i as i64, date, json])?;
            }
        }
        tx.commit()?;
        Ok(outcome)
    }

    pub fn imported_batches(&self) -> Result<Vec<(String, String, String, String)>> {
        let mut st = self.conn.prepare("SELECT court, batch_id, created_at, content_sha FROM imported_batches ORDER BY court_code, batch_id")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A lower court's batch as its manifest and json describe it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedBatch {
    pub court_code: String,
    pub batch_id: String,
    pub court: String,
    pub from: String,
    pub to: String,
    pub created_at: String,
    pub content_sha: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    Added,
    Replaced,
    Unchanged,
    Older,
}
