//! What the dashboard asks the store besides the records: the work still open.

use super::records::in_scope;
use super::{Result, Store};
use chrono::NaiveDate;
use rusqlite::params;

impl Store {
    /// Appearances still drafts or not scored (absences need no score): of the hearings from
    /// `from` to `to`, and of those before `from`.
    pub fn open_drafts(&self, from: NaiveDate, to: NaiveDate) -> Result<(i64, i64)> {
        Ok(self.conn.query_row(
            &format!(
                "SELECT coalesce(sum(h.date >= ?1), 0), coalesce(sum(h.date < ?1), 0)
                 FROM hearings h JOIN appearances a ON a.hearing_id = h.id
                 LEFT JOIN evaluations e ON e.appearance_id = a.id
                 WHERE h.date <= ?2 AND {} AND a.category NOT IN ('lawyer_only', 'nobody')
                   AND (e.id IS NULL OR e.status = 'draft')",
                in_scope(&self.scope)
            ),
            params![from.to_string(), to.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }
}
