//! What a counting read fetches of each evaluation's marks: only those the indicators read
//! (`items_counted` of every rubric the database holds), packed by SQLite into one integer, a
//! byte each — instead of a query of its marks per record.

use super::Result;
use super::evaluations::load_rubric;
use super::records::{RECORD_SELECT, lit};
use crate::domain::indicators::COUNTED_MAX;
use crate::domain::rubric::Rubric;
use crate::domain::scoring::Marks;
use rusqlite::Connection;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// A counting read's marks (see `Reader::for_each_counted`): the ids it fetches and the column
/// that has them, SQLite packing each evaluation's into one integer, a byte per id.
pub(crate) struct Counted {
    ids: Vec<String>,
    /// every column of [`RECORD_SELECT`] read, in its order (a writer's reading)
    pub(super) text: bool,
}

impl Counted {
    /// Ids that fit one integer, a byte each, with its sign bit left alone.
    const MAX_ITEMS: usize = 7;

    /// The marks `items` names of each rubric the database holds; None when they do not fit one
    /// integer.
    pub(super) fn of(
        conn: &Connection,
        rubrics: &RefCell<HashMap<String, Rc<Rubric>>>,
        items: impl Fn(&Rubric) -> Vec<&str>,
    ) -> Result<Option<Counted>> {
        let hashes: Vec<String> = conn
            .prepare_cached("SELECT hash FROM rubric_versions ORDER BY hash")?
            .query_map([], |r| r.get("hash"))?
            .collect::<rusqlite::Result<_>>()?;
        let mut ids: Vec<String> = Vec::new();
        for hash in hashes {
            // (a stored rubric that cannot be read: the full read, which names it if a record
            // needs it)
            let Ok(rubric) = load_rubric(conn, rubrics, &hash) else {
                return Ok(None);
            };
            for id in items(&rubric) {
                if !ids.iter().any(|i| i == id) {
                    ids.push(id.to_string());
                }
            }
        }
        Ok((ids.len() <= Counted::MAX_ITEMS).then_some(Counted { ids, text: false }))
    }

    /// The subquery packing an evaluation's (`e`) marks of these ids, `AS marks_packed`.
    pub(super) fn packed(&self) -> String {
        // (a database with no rubric yet — an upper court's, of imports only — has no marks)
        if self.ids.is_empty() {
            return "NULL AS marks_packed".to_string();
        }
        let parts: Vec<String> = self
            .ids
            .iter()
            .enumerate()
            .map(|(k, id)| {
                format!(
                    "WHEN {} THEN min(max(m.value, 0), {COUNTED_MAX}) << {}",
                    lit(id),
                    8 * k
                )
            })
            .collect();
        format!(
            "(SELECT sum(CASE m.item_id {} ELSE 0 END) FROM marks m WHERE m.evaluation_id = e.id) AS marks_packed",
            parts.join(" ")
        )
    }

    /// [`RECORD_SELECT`] for counting: the same columns, '' for the text the indicators never
    /// read, and `marks_packed`.
    pub(super) fn select(&self) -> String {
        let packed = self.packed();
        let mut select = RECORD_SELECT.to_string();
        if self.text {
            return format!("{select}, {packed}");
        }
        for col in [
            "a.person",
            "a.title",
            "e.comment",
            "e.finalized_by",
            "e.finalized_at",
            "o.recorded_by",
            "a.uid",
        ] {
            let name = col.split('.').nth(1).unwrap_or(col);
            select = select.replacen(col, &format!("'' AS {name}"), 1);
        }
        format!("{select}, {packed}")
    }

    /// The packed marks of one evaluation into `marks`, whose entries are reused.
    pub(super) fn unpack(&self, packed: Option<i64>, marks: &mut Marks) {
        let packed = packed.unwrap_or(0) as u64;
        marks.retain(|k, _| self.ids.contains(k));
        for (k, id) in self.ids.iter().enumerate() {
            match ((packed >> (8 * k)) & 0xff) as i64 {
                0 => {
                    marks.remove(id);
                }
                v => match marks.get_mut(id) {
                    Some(m) => *m = v,
                    None => {
                        marks.insert(id.clone(), v);
                    }
                },
            }
        }
    }
}
