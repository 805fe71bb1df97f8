//! Batches imported from the courts below: stored once per (court, batch), replaced by a newer
//! re-export, unchanged by the same content twice.

use super::{Result, Store, StoreError, now};
use crate::domain::interchange::appearance_of;
use rusqlite::{OptionalExtension, params};

impl Store {
    /// Stores a batch imported from a lower court, its records fed by `fill` one at a time
    /// (streamed: nothing is held in memory), all in one transaction: any error from `fill`
    /// leaves the database as it was. The same content twice changes nothing; other content for a
    /// batch already imported replaces it only when `replace` is asked.
    pub fn import_batch<E: From<StoreError>>(
        &mut self,
        b: &ImportedBatch,
        replace: bool,
        fill: impl FnOnce(&mut Inserter) -> std::result::Result<(), E>,
    ) -> std::result::Result<ImportOutcome, E> {
        let ImportedBatch {
            court_code,
            batch_id,
            court,
            from,
            to,
            created_at,
            content_sha,
            chain_head,
            signed_by,
        } = b;
        let tx = self.conn.transaction().map_err(StoreError::from)?;
        let existing: Option<(String, String)> = tx
            .query_row(
                "SELECT content_sha, created_at FROM imported_batches WHERE court_code = ?1 AND batch_id = ?2",
                params![court_code, batch_id],
                |r| Ok((r.get("content_sha")?, r.get("created_at")?)),
            )
            .optional()
            .map_err(StoreError::from)?;
        let outcome = match existing {
            Some((sha, _)) if &sha == content_sha => return Ok(ImportOutcome::Unchanged),
            Some(_) if !replace => return Ok(ImportOutcome::Different),
            Some((_, was)) if made_before(created_at, &was) => {
                return Ok(ImportOutcome::Older(was));
            }
            Some(_) => ImportOutcome::Replaced,
            None => ImportOutcome::Added,
        };
        tx.execute(
            "DELETE FROM imported_batches WHERE court_code = ?1 AND batch_id = ?2",
            params![court_code, batch_id],
        )
        .map_err(StoreError::from)?;
        tx.execute(
            "INSERT INTO imported_batches(court_code, batch_id, court, period_from, period_to, created_at, content_sha, imported_at, chain_head, signed_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![court_code, batch_id, court, from, to, created_at, content_sha, now(), chain_head, signed_by],
        )
        .map_err(StoreError::from)?;
        {
            let mut ins = Inserter {
                insert: tx.prepare("INSERT INTO imported_records(court_code, batch_id, seq, hearing_date, record, uid, appearance) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)").map_err(StoreError::from)?,
                corrected: tx.prepare("SELECT hearing_date, record FROM imported_corrections WHERE court_code = ?1 AND record_uid = ?2 AND record <> '' ORDER BY made_at DESC, applied_at DESC LIMIT 1").map_err(StoreError::from)?,
                note_correction: tx.prepare("INSERT OR IGNORE INTO imported_corrections(court_code, uid, batch_id, record_uid, hearing_date, record, applied_at, made_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)").map_err(StoreError::from)?,
                apply_correction: tx.prepare("UPDATE imported_records SET hearing_date = ?3, record = ?4, appearance = ?6 WHERE court_code = ?1 AND uid = ?2 AND uid <> ''
                   AND NOT EXISTS (SELECT 1 FROM imported_corrections c WHERE c.court_code = ?1 AND c.record_uid = ?2 AND c.made_at > ?5 AND c.record <> '')").map_err(StoreError::from)?,
                corrections: 0,
                same_appearance: tx.prepare("SELECT batch_id FROM imported_records WHERE court_code = ?1 AND appearance = ?2 AND appearance <> '' AND batch_id <> ?3 LIMIT 1").map_err(StoreError::from)?,
                elsewhere: tx.prepare("SELECT court_code, batch_id FROM imported_records WHERE uid = ?1 AND uid <> '' AND NOT (court_code = ?2 AND batch_id = ?3) LIMIT 1").map_err(StoreError::from)?,
                court_code: court_code.clone(),
                batch_id: batch_id.clone(),
                seq: 0,
            };
            fill(&mut ins)?;
            let summary = serde_json::json!({
                "court": court, "from": from, "to": to, "sha256": content_sha,
                "records": ins.seq, "corrections": ins.corrections,
                "chain_head": chain_head, "signed_by": signed_by,
            })
            .to_string();
            drop(ins);
            super::log(
                &self.operator,
                &tx,
                super::audit::Change::new(
                    super::audit::Action::Import,
                    super::audit::Entity::Import,
                    0,
                )
                .field(&format!("{court_code}/{batch_id}"), "", &summary),
            )?;
        }
        tx.commit().map_err(StoreError::from)?;
        Ok(outcome)
    }

    pub fn imported_batches(&self) -> Result<Vec<(String, String, String, String)>> {
        let mut st = self.conn.prepare("SELECT court, batch_id, created_at, content_sha FROM imported_batches ORDER BY court_code, batch_id")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get("court")?,
                r.get("batch_id")?,
                r.get("created_at")?,
                r.get("content_sha")?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Whether the export made at `a` was made before the one made at `b` (RFC 3339, any offsets; a
/// time that does not read is before any other).
fn made_before(a: &str, b: &str) -> bool {
    let at = |t: &str| chrono::DateTime::parse_from_rfc3339(t).ok();
    match (at(a), at(b)) {
        (Some(a), Some(b)) => a < b,
        (None, _) => true,
        (Some(_), None) => false,
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
    /// the court's audit chain head its manifest carried ("" when it carried none)
    pub chain_head: String,
    /// the fingerprint of the key that signed it ("" when imported unsigned)
    pub signed_by: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    Added,
    Replaced,
    Unchanged,
    /// imported before with other content; not replaced unless asked
    Different,
    /// imported before from a later export (made at this time): an earlier one never replaces it
    Older(String),
}

/// Adds an imported batch's records, one at a time, inside the import's transaction.
pub struct Inserter<'a> {
    insert: rusqlite::Statement<'a>,
    corrected: rusqlite::Statement<'a>,
    note_correction: rusqlite::Statement<'a>,
    apply_correction: rusqlite::Statement<'a>,
    /// corrections applied by this import
    pub corrections: usize,
    elsewhere: rusqlite::Statement<'a>,
    same_appearance: rusqlite::Statement<'a>,
    court_code: String,
    batch_id: String,
    seq: i64,
}

impl Inserter<'_> {
    /// Where a record with this id was imported already (another court's or another batch's),
    /// if anywhere.
    pub fn imported_elsewhere(&mut self, uid: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .elsewhere
            .query_row(params![uid, self.court_code, self.batch_id], |r| {
                Ok((r.get("court_code")?, r.get("batch_id")?))
            })
            .optional()?)
    }

    /// The batch of this court's already imported (another batch than this one) that holds this
    /// appearance ([`appearance_of`]), if any.
    pub fn imported_appearance(&mut self, appearance: &str) -> Result<Option<String>> {
        Ok(self
            .same_appearance
            .query_row(params![self.court_code, appearance, self.batch_id], |r| {
                r.get("batch_id")
            })
            .optional()?)
    }

    /// Applies a correction of a record imported before (from this court's earlier batch): the
    /// record is replaced by its corrected form. Once per correction, ever: the same correction
    /// again (a batch imported twice, or replaced) changes nothing. A correction of a record not
    /// imported yet is kept, and applied when its batch arrives. Returns whether it was new.
    pub fn correct(
        &mut self,
        uid: &str,
        record_uid: &str,
        hearing_date: &str,
        record: &str,
        made_at: &str,
    ) -> Result<bool> {
        let new = self.note_correction.execute(params![
            self.court_code,
            uid,
            self.batch_id,
            record_uid,
            hearing_date,
            record,
            now(),
            made_at
        ])? > 0;
        if new && !record.is_empty() {
            // (a correction made later, applied before, stands)
            self.apply_correction.execute(params![
                self.court_code,
                record_uid,
                hearing_date,
                record,
                made_at,
                appearance_of(record)
            ])?;
            self.corrections += 1;
        }
        Ok(new)
    }

    pub fn add(&mut self, hearing_date: &str, record: &str, uid: &str) -> Result<()> {
        // a correction that arrived before the record it corrects
        let corrected: Option<(String, String)> = if uid.is_empty() {
            None
        } else {
            self.corrected
                .query_row(params![self.court_code, uid], |r| {
                    Ok((r.get("hearing_date")?, r.get("record")?))
                })
                .optional()?
        };
        let (hearing_date, record) = match &corrected {
            Some((d, r)) => (d.as_str(), r.as_str()),
            None => (hearing_date, record),
        };
        self.insert.execute(params![
            self.court_code,
            self.batch_id,
            self.seq,
            hearing_date,
            record,
            uid,
            appearance_of(record)
        ])?;
        self.seq += 1;
        Ok(())
    }
}
