//! What the dashboard asks the store besides the records: the work still open per month, and
//! which months' figures changed since a point of the audit log (so that the months it keeps need
//! not be read again).

use super::types::RowKinds;
use super::{Result, Store};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use std::collections::{BTreeMap, BTreeSet};

/// Which months' records changed since a point of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Changed {
    /// any month may have (a hearing's date edited or a hearing deleted, an import, many changes)
    All,
    /// these months (YYYY-MM), by the hearings of the cases the log names
    Months(BTreeSet<String>),
}

impl Changed {
    pub fn touches(&self, month: &str) -> bool {
        match self {
            Changed::All => true,
            Changed::Months(m) => m.contains(month),
        }
    }
}

/// Beyond this many entries since a point, every month is read again (a bulk load).
const MANY: i64 = 20_000;

impl Store {
    /// Appearances still drafts or not scored (absences need no score), per month of their
    /// hearings from `from` to `to`.
    pub fn drafts_by_month(&self, from: NaiveDate, to: NaiveDate) -> Result<BTreeMap<String, i64>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT substr(h.date, 1, 7) AS month, count(*) AS n
             FROM hearings h JOIN appearances a ON a.hearing_id = h.id
             LEFT JOIN evaluations e ON e.appearance_id = a.id
             WHERE {}
             GROUP BY 1",
            super::records::pending_where(&self.scope)
        ))?;
        let rows = st.query_map(params![from.to_string(), to.to_string()], |r| {
            Ok((r.get("month")?, r.get("n")?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The last entry of the audit log (0 for none).
    pub fn audit_seq(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT coalesce(max(seq), 0) AS seq FROM audit_log",
            [],
            |r| r.get("seq"),
        )?)
    }

    /// The first and last day with a hearing, if any.
    pub fn hearing_span(&self) -> Result<Option<(NaiveDate, NaiveDate)>> {
        // (no hearing: NULL, none; a stored date that is no date is an error naming it)
        let day = |r: &rusqlite::Row, name: &str| -> rusqlite::Result<Option<NaiveDate>> {
            match r.get_ref(name)? {
                rusqlite::types::ValueRef::Null => Ok(None),
                _ => r.date(name).map(Some),
            }
        };
        let span: Option<(Option<NaiveDate>, Option<NaiveDate>)> = self
            .conn
            // (two subqueries: each is one step along the date index; min and max in one query
            // read every hearing)
            .query_row(
                "SELECT (SELECT min(date) FROM hearings) AS first, (SELECT max(date) FROM hearings) AS last",
                [],
                |r| Ok((day(r, "first")?, day(r, "last")?)),
            )
            .optional()?;
        Ok(span.and_then(|(a, b)| Some((a?, b?))))
    }

    /// A fingerprint of what every month's figures depend on besides the records: the agency
    /// directory (names and the governments they report to change without a record's entry in
    /// the log) and what this database counts.
    pub fn figures_fingerprint(&self) -> Result<String> {
        let agencies: String = self.conn.query_row(
            "SELECT coalesce(group_concat(id || char(31) || name || char(31) || government, char(30)), '') AS agencies
             FROM (SELECT id, name, government FROM agencies ORDER BY id)",
            [],
            |r| r.get("agencies"),
        )?;
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(agencies.as_bytes());
        h.update(format!("{:?}", self.scope).as_bytes());
        Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Which months' records changed after audit entry `seq`: the months of the hearings of the
    /// cases its entries name; every month after an import, a hearing edited or deleted (its date
    /// may have moved), an entry without a case, or a great many entries. Batches change no
    /// figure of a month (the dashboard reads records by hearing date, whichever batch claimed
    /// them); the agency directory is in [`Store::figures_fingerprint`].
    pub fn months_changed_since(&self, seq: i64) -> Result<Changed> {
        let (all, many): (i64, i64) = self.conn.query_row(
            "SELECT count(CASE WHEN NOT (
                        entity IN ('batch', 'agency')
                        OR (entity IN ('appearance', 'evaluation') AND case_number <> '')
                        OR (entity = 'hearing' AND action = 'create' AND case_number <> ''))
                    THEN 1 END) AS all_months,
                    count(*) AS n
             FROM audit_log WHERE seq > ?1",
            [seq],
            |r| Ok((r.get("all_months")?, r.get("n")?)),
        )?;
        if all > 0 || many > MANY {
            return Ok(Changed::All);
        }
        let mut st = self.conn.prepare(
            "SELECT DISTINCT substr(h.date, 1, 7) AS month FROM audit_log l
             JOIN hearings h ON h.case_number = l.case_number
             WHERE l.seq > ?1 AND l.case_number <> ''",
        )?;
        let months = st.query_map([seq], |r| r.get("month"))?;
        Ok(Changed::Months(months.collect::<rusqlite::Result<_>>()?))
    }
}

impl Store {
    /// Keeps several values of the app's state at once (one transaction, one sync).
    pub fn set_app_values(&mut self, values: &[(String, String)]) -> Result<()> {
        if values.is_empty() {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        for (k, v) in values {
            super::live::put_app_value(&tx, k, v)?;
        }
        tx.commit()?;
        Ok(())
    }
}
