//! The keyring of an upper court: the public keys of the courts below whose signed batches it
//! accepts. Trusting and revoking a key are each one audited change; a revoked key stays, dated,
//! so what was accepted under it can still be shown.

use super::audit::{Action, Change, Entity};
use super::{Result, Store, now};
use rusqlite::{OptionalExtension, params};

/// A court's public key as the keyring keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustedKey {
    pub court_code: String,
    pub court: String,
    /// the SEC1 point, in hex
    pub public_key: String,
    pub fingerprint: String,
    pub trusted_at: String,
    /// when it was revoked ("" while it is trusted)
    pub revoked_at: String,
}

fn key_from(r: &rusqlite::Row) -> rusqlite::Result<TrustedKey> {
    Ok(TrustedKey {
        court_code: r.get("court_code")?,
        court: r.get("court")?,
        public_key: r.get("public_key")?,
        fingerprint: r.get("fingerprint")?,
        trusted_at: r.get("trusted_at")?,
        revoked_at: r.get("revoked_at")?,
    })
}

const KEY_COLUMNS: &str = "court_code, court, public_key, fingerprint, trusted_at, revoked_at";

impl Store {
    /// The key kept for a court (trusted or revoked), if any.
    pub fn trusted_key(&self, court_code: &str) -> Result<Option<TrustedKey>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {KEY_COLUMNS} FROM trusted_keys WHERE court_code = ?1"),
                params![court_code],
                key_from,
            )
            .optional()?)
    }

    /// Every key kept, by court code.
    pub fn trusted_keys(&self) -> Result<Vec<TrustedKey>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {KEY_COLUMNS} FROM trusted_keys ORDER BY court_code"
        ))?;
        let rows = st.query_map([], key_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Trusts `key` for its court (replacing the court's earlier key, trusted or revoked), logged
    /// with the fingerprint it replaces.
    pub fn trust_key(
        &mut self,
        court_code: &str,
        court: &str,
        public_key: &str,
        fingerprint: &str,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let was: Option<String> = tx
            .query_row(
                "SELECT fingerprint FROM trusted_keys WHERE court_code = ?1",
                params![court_code],
                |r| r.get("fingerprint"),
            )
            .optional()?;
        tx.execute(
            "INSERT OR REPLACE INTO trusted_keys(court_code, court, public_key, fingerprint, trusted_at, revoked_at) VALUES (?1, ?2, ?3, ?4, ?5, '')",
            params![court_code, court, public_key, fingerprint, now()],
        )?;
        super::log(
            &self.operator,
            &tx,
            Change::new(Action::Trust, Entity::Key, 0).field(
                court_code,
                was.as_deref().unwrap_or_default(),
                fingerprint,
            ),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Revokes the court's key (false: no trusted key of that court).
    pub fn revoke_key(&mut self, court_code: &str) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let fingerprint: Option<String> = tx
            .query_row(
                "SELECT fingerprint FROM trusted_keys WHERE court_code = ?1 AND revoked_at = ''",
                params![court_code],
                |r| r.get("fingerprint"),
            )
            .optional()?;
        let Some(fingerprint) = fingerprint else {
            return Ok(false);
        };
        tx.execute(
            "UPDATE trusted_keys SET revoked_at = ?2 WHERE court_code = ?1",
            params![court_code, now()],
        )?;
        super::log(
            &self.operator,
            &tx,
            Change::new(Action::Revoke, Entity::Key, 0).field(court_code, &fingerprint, ""),
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Logs that this court's own signing key was made (its fingerprint), in its own transaction.
    pub fn note_own_key(&mut self, court_code: &str, fingerprint: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        super::log(
            &self.operator,
            &tx,
            Change::new(Action::Create, Entity::Key, 0).field(court_code, "", fingerprint),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The audit chain head each batch imported from a court carried (batch id, head, when the
    /// batch was made), for the batches whose manifest carried one.
    pub fn imported_heads(&self, court_code: &str) -> Result<Vec<(String, String, String)>> {
        let mut st = self.conn.prepare(
            "SELECT batch_id, chain_head, created_at FROM imported_batches WHERE court_code = ?1 AND chain_head <> '' ORDER BY batch_id",
        )?;
        let rows = st.query_map(params![court_code], |r| {
            Ok((
                r.get("batch_id")?,
                r.get("chain_head")?,
                r.get("created_at")?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The batches imported without a signature whose months overlap `from..=to` (court, batch).
    pub fn unsigned_imports(&self, from: &str, to: &str) -> Result<Vec<(String, String)>> {
        let mut st = self.conn.prepare(
            "SELECT court, batch_id FROM imported_batches WHERE signed_by = '' AND period_from <= ?2 AND period_to >= ?1 ORDER BY court_code, batch_id",
        )?;
        let rows = st.query_map(params![from, to], |r| {
            Ok((r.get("court")?, r.get("batch_id")?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Of these audit chain heads, those no entry of this database's log has (a log rewritten
    /// since a batch stated its head).
    ///
    /// Where each head stood in the log is remembered (`chain_seq/<head>`, written when a batch
    /// takes it, or when a scan found it): a head is then checked by its entry alone, one seek.
    /// A log rewritten since changes the hash at that entry, so the head is not found there, and
    /// the log is scanned for it as for a head never placed (one pass for them all: the log has
    /// no index by hash).
    pub fn heads_not_in_log(&self, heads: &[&str]) -> Result<Vec<String>> {
        let mut unplaced: Vec<&str> = Vec::new();
        for head in heads {
            let at: Option<i64> = self
                .app_value(&chain_seq_key(head))?
                .and_then(|v| v.parse().ok());
            let there: Option<String> = match at {
                Some(seq) => self
                    .conn
                    .prepare_cached("SELECT hash FROM audit_log WHERE seq = ?1")?
                    .query_row([seq], |r| r.get("hash"))
                    .optional()?,
                None => None,
            };
            if there.as_deref() != Some(*head) {
                unplaced.push(head);
            }
        }
        if unplaced.is_empty() {
            return Ok(Vec::new());
        }
        let marks = vec!["?"; unplaced.len()].join(", ");
        let mut st = self.conn.prepare(&format!(
            "SELECT min(seq) AS seq, hash FROM audit_log WHERE hash IN ({marks}) GROUP BY hash"
        ))?;
        let found: std::collections::HashMap<String, i64> = st
            .query_map(rusqlite::params_from_iter(unplaced.iter()), |r| {
                Ok((r.get("hash")?, r.get("seq")?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        // (remembering is a saving of time: a database busy with another writer keeps it for
        // the next export)
        for (hash, seq) in &found {
            let _ = remember_chain_seq(&self.conn, hash, *seq);
        }
        Ok(unplaced
            .iter()
            .filter(|h| !found.contains_key(**h))
            .map(|h| h.to_string())
            .collect())
    }

    /// The key that signed a batch imported before ("" for one taken unsigned), if it was.
    pub fn imported_signed_by(&self, court_code: &str, batch_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT signed_by FROM imported_batches WHERE court_code = ?1 AND batch_id = ?2",
                params![court_code, batch_id],
                |r| r.get("signed_by"),
            )
            .optional()?)
    }
}

/// Where a batch's chain head is remembered to stand in the log (see `heads_not_in_log`).
fn chain_seq_key(head: &str) -> String {
    format!("chain_seq/{head}")
}

/// Remembers that the log's entry `seq` has the hash `head` (a batch took it as its chain head).
pub(crate) fn remember_chain_seq(conn: &rusqlite::Connection, head: &str, seq: i64) -> Result<()> {
    super::live::put_app_value(conn, &chain_seq_key(head), &seq.to_string())
}
