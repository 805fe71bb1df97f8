//! The agency directory (机关名录): each agency once, with its short names (简称), level, region and
//! government; a directory imported from a spreadsheet; two rows that are one agency merged; the
//! pickers' search (names and short names, by pinyin too, most used and most recently used first);
//! and the people the court has seen before (an agency's heads, judges, clerks).
//!
//! Every change to the directory is logged (entity `agency`, logged, not followed: the records'
//! states name agencies by name, and a merge logs each appearance it moves).

use super::audit::{self, Action, Change, Entity};
use super::hearings::{agency_from, find_agency_id};
use super::types::{Kind, RowKinds};
use super::{Result, Store, StoreError};
use crate::domain::directory::DirectoryEntry;
use crate::domain::model::{Agency, AgencyLevel, AppearCategory};
use crate::domain::pinyin_match::{self, Quality};
use crate::domain::sheet::RowError;
use crate::domain::text::{NAME_MAX, TEXT_MAX};
use rusqlite::{Connection, OptionalExtension, params};
use tingping_core::msg::{msg, msgf};

/// How many names `recent_judges` and `recent_clerks` give.
pub const RECENT_MAX: usize = 20;

/// An agency as the directory lists it: how often and how lately it appeared before the court.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectoryRow {
    pub agency: Agency,
    pub aliases: Vec<String>,
    /// appearances (one per hearing it was a defendant in)
    pub uses: i64,
    /// the date and time of its latest hearing ("" when none)
    pub last_used: String,
}

/// What importing one row of a directory did (or would do).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirOutcome {
    New,
    Updated,
    Unchanged,
}

/// What a merge did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    pub from: String,
    pub into: String,
    /// appearances moved
    pub moved: usize,
}

/// An agency's particulars as the directory's form edits them. Its name is corrected on its own
/// (`Store::rename_agency`, with a reason); two names of one agency are merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgencyEdit {
    pub aliases: Vec<String>,
    pub level: AgencyLevel,
    pub region: String,
    pub government: String,
}

/// Someone who appeared for an agency before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub title: String,
    pub category: AppearCategory,
    /// the date of the latest hearing they appeared in
    pub last_date: String,
    pub times: i64,
}

/// (an appearance counts once its hearing has been held and someone appeared: not a hearing
/// still scheduled, not 无人出庭)
static DIRECTORY_SELECT: super::types::Sql = super::types::Sql(std::sync::LazyLock::new(|| {
    let nobody = AppearCategory::Nobody.id();
    format!("SELECT g.id, g.name, g.level, g.region, g.government,
        (SELECT count(*) FROM appearances a JOIN hearings h ON h.id = a.hearing_id
          WHERE a.agency_id = g.id AND a.category <> '{nobody}' AND h.date <= :today) AS uses,
        coalesce((SELECT max(h.date || ' ' || h.start_time) FROM appearances a JOIN hearings h ON h.id = a.hearing_id
                  WHERE a.agency_id = g.id AND a.category <> '{nobody}' AND h.date <= :today), '') AS last_used,
        coalesce((SELECT group_concat(alias, char(10)) FROM (SELECT alias FROM agency_aliases s
                  WHERE s.agency_id = g.id ORDER BY alias)), '') AS aliases
    FROM agencies g")
}));

fn directory_row(r: &rusqlite::Row) -> rusqlite::Result<DirectoryRow> {
    let aliases: String = r.get("aliases")?;
    Ok(DirectoryRow {
        agency: agency_from(r)?,
        aliases: aliases
            .split('\n')
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect(),
        uses: r.get("uses")?,
        last_used: r.get("last_used")?,
    })
}

/// The name of the agency other than `id` that `name` (a name or short name) names, if any.
fn other_owner(conn: &Connection, name: &str, id: i64) -> rusqlite::Result<Option<String>> {
    match find_agency_id(conn, name)?.filter(|owner| *owner != id) {
        Some(owner) => Ok(agency_by_id(conn, owner)?.map(|a| a.name)),
        None => Ok(None),
    }
}

/// The agency with this id, if there is one.
fn agency_by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<Agency>> {
    conn.query_row(
        "SELECT id, name, level, region, government FROM agencies WHERE id = ?1",
        [id],
        agency_from,
    )
    .optional()
}

/// Logs one change to the directory.
fn log_agency(conn: &Connection, operator: &str, c: Change) -> Result<()> {
    audit::record(conn, operator, c)?;
    Ok(())
}

/// A change to agency `id`'s `field`.
fn agency_change<'a>(
    action: Action,
    id: i64,
    field: &'a str,
    old: &'a str,
    new: &'a str,
) -> Change<'a> {
    Change::new(action, Entity::Agency, id).field(field, old, new)
}

impl Store {
    /// Every agency of the directory, in pinyin order of its name, with its appearances held by
    /// `today`.
    pub fn directory(&self, today: chrono::NaiveDate) -> Result<Vec<DirectoryRow>> {
        let mut st = self.conn.prepare(&DIRECTORY_SELECT.0)?;
        let rows = st.query_map(
            rusqlite::named_params! {":today": today.to_string()},
            directory_row,
        )?;
        let mut rows: Vec<DirectoryRow> = rows.collect::<rusqlite::Result<_>>()?;
        rows.sort_by_cached_key(|r| {
            (
                crate::domain::pinyin_match::collation_key(&r.agency.name),
                r.agency.name.clone(),
            )
        });
        Ok(rows)
    }

    /// Corrects an agency's name (a typo, a renamed bureau): the old name stays a short name of
    /// it, so what was typed before still finds it; its appearances (whose state names it) and
    /// the name are logged with the reason, in one transaction. A name that is another agency's
    /// (its name or a short name) is refused: two names of one agency are merged, not renamed.
    /// Returns how many appearances were logged with it.
    pub fn rename_agency(&mut self, id: i64, name: &str, reason: &str) -> Result<usize> {
        let name = super::text_in("field.agency_name", name, NAME_MAX)?;
        let reason = super::text_in("field.reason", reason, TEXT_MAX)?;
        if name.is_empty() {
            return Err(StoreError::Refused(msg("agencies.err.empty_name")));
        }
        if reason.is_empty() {
            return Err(StoreError::Refused(msg("agencies.err.rename_reason")));
        }
        let tx = self.conn.transaction()?;
        let op = self.operator.clone();
        let agency =
            agency_by_id(&tx, id)?.ok_or_else(|| StoreError::NotFound(format!("agency {id}")))?;
        if agency.name == name {
            return Ok(0);
        }
        if let Some(other) = other_owner(&tx, &name, id)? {
            return Err(StoreError::Refused(msgf(
                "agencies.err.rename_taken",
                &[("name", &name), ("agency", &other)],
            )));
        }
        let ids: Vec<i64> = tx
            .prepare("SELECT id FROM appearances WHERE agency_id = ?1 ORDER BY id")?
            .query_map([id], |r| r.get("id"))?
            .collect::<rusqlite::Result<_>>()?;
        let before: Vec<Option<String>> = ids
            .iter()
            .map(|&a| audit::state(&tx, Entity::Appearance, a))
            .collect::<rusqlite::Result<_>>()?;
        // (the new name was a short name of it: it is the name now)
        tx.execute(
            "DELETE FROM agency_aliases WHERE agency_id = ?1 AND alias = ?2",
            params![id, name],
        )?;
        tx.execute(
            "UPDATE agencies SET name = ?2 WHERE id = ?1",
            params![id, name],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO agency_aliases(alias, agency_id) VALUES (?1, ?2)",
            params![agency.name, id],
        )?;
        log_agency(
            &tx,
            &op,
            Change {
                reason: &reason,
                ..agency_change(Action::Edit, id, "name", &agency.name, &name)
            },
        )?;
        for (&a, before) in ids.iter().zip(&before) {
            audit::record_edit(
                &tx,
                &op,
                Change {
                    reason: &reason,
                    ..Change::new(Action::Edit, Entity::Appearance, a)
                },
                before.as_deref(),
            )?;
        }
        tx.commit()?;
        Ok(ids.len())
    }

    /// The agency a name or short name names.
    pub fn find_agency(&self, name: &str) -> Result<Option<Agency>> {
        match find_agency_id(&self.conn, name)? {
            Some(id) => Ok(Some(self.agency(id)?)),
            None => Ok(None),
        }
    }

    /// Known agencies a picker's text names — by a name or a short name, as written or by pinyin
    /// (full, initials, mixed with Chinese; see `domain::pinyin_match`) — at most `limit`. Unbroken
    /// matches come first; within them (and within the rest) the most used, then the most recently
    /// used, then the better match, then by name.
    pub fn search_agencies(&self, text: &str, limit: usize) -> Result<Vec<Agency>> {
        let text = crate::domain::text::clean(text);
        if text.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let mut st = self.conn.prepare_cached(&DIRECTORY_SELECT.0)?;
        let mut hits: Vec<(bool, i64, String, Quality, DirectoryRow)> = Vec::new();
        // (ranked by how often it was chosen: its scheduled hearings count too)
        let mut rows = st.query(rusqlite::named_params! {":today": "9999-12-31"})?;
        while let Some(r) = rows.next()? {
            let row = directory_row(r)?;
            let best = std::iter::once(&row.agency.name)
                .chain(row.aliases.iter())
                .filter_map(|n| pinyin_match::matches(&text, n))
                .min();
            if let Some(q) = best {
                hits.push((q.gaps > 0, row.uses, row.last_used.clone(), q, row));
            }
        }
        hits.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.cmp(&a.1))
                .then(b.2.cmp(&a.2))
                .then(a.3.cmp(&b.3))
                .then(a.4.agency.name.cmp(&b.4.agency.name))
        });
        Ok(hits.into_iter().take(limit).map(|h| h.4.agency).collect())
    }

    /// Imports an agency directory: each row's agency is found by its name (created when new), its
    /// level, region and government set where the row gives them, its short names added (a short
    /// name is never taken away: one a merge kept stays). A name that is another agency's short
    /// name, or a short name that names another agency, refuses its row; any refusal changes
    /// nothing. With `dry_run` nothing is changed either way.
    pub fn import_directory(
        &mut self,
        entries: &[DirectoryEntry],
        dry_run: bool,
    ) -> Result<std::result::Result<Vec<DirOutcome>, Vec<RowError>>> {
        let tx = self.conn.transaction()?;
        let op = self.operator.clone();
        let mut outcomes = Vec::with_capacity(entries.len());
        let mut errors = Vec::new();
        for e in entries {
            let name = super::text_in("field.agency_name", &e.name, NAME_MAX)?;
            let region = super::text_in("field.region", &e.region, NAME_MAX)?;
            let government = super::text_in("field.government", &e.government, NAME_MAX)?;
            let superior = super::text_in("suggestion.field.superior", &e.superior, NAME_MAX)?;
            let existing: Option<Agency> = tx
                .query_row(
                    "SELECT id, name, level, region, government FROM agencies WHERE name = ?1",
                    [&name],
                    agency_from,
                )
                .optional()?;
            let (agency, mut changed, new) = match existing {
                Some(a) => (a, false, false),
                None => {
                    if let Some(owner) = alias_owner(&tx, &name)? {
                        errors.push(RowError {
                            at: e.at.clone(),
                            why: msgf(
                                "directory.err.is_alias",
                                &[("name", &name), ("agency", &owner.1)],
                            ),
                        });
                        continue;
                    }
                    tx.execute("INSERT INTO agencies(name) VALUES (?1)", [&name])?;
                    let id = tx.last_insert_rowid();
                    log_agency(
                        &tx,
                        &op,
                        agency_change(Action::Create, id, "name", "", &name),
                    )?;
                    let a = agency_by_id(&tx, id)?
                        .ok_or_else(|| StoreError::NotFound(format!("agency {id}")))?;
                    (a, false, true)
                }
            };
            let id = agency.id;
            if let Some(level) = e.level
                && level != agency.level
            {
                tx.execute(
                    "UPDATE agencies SET level = ?2 WHERE id = ?1",
                    params![id, Kind(level)],
                )?;
                log_agency(
                    &tx,
                    &op,
                    agency_change(Action::Edit, id, "level", agency.level.id(), level.id()),
                )?;
                changed = true;
            }
            let superior_now: String =
                tx.query_row("SELECT superior FROM agencies WHERE id = ?1", [id], |r| {
                    r.get("superior")
                })?;
            for (field, now, given) in [
                ("region", &agency.region, &region),
                ("government", &agency.government, &government),
                ("superior", &superior_now, &superior),
            ] {
                if !given.is_empty() && given != now {
                    tx.execute(
                        &format!("UPDATE agencies SET {field} = ?2 WHERE id = ?1"),
                        params![id, given],
                    )?;
                    log_agency(&tx, &op, agency_change(Action::Edit, id, field, now, given))?;
                    changed = true;
                }
            }
            for alias in &e.aliases {
                let alias = super::text_in("field.aliases", alias, NAME_MAX)?;
                if alias.is_empty() || alias == name {
                    continue;
                }
                match find_agency_id(&tx, &alias)? {
                    Some(owner) if owner == id => {}
                    Some(owner) => {
                        let other: String = tx.query_row(
                            "SELECT name FROM agencies WHERE id = ?1",
                            [owner],
                            |r| r.get("name"),
                        )?;
                        errors.push(RowError {
                            at: e.aliases_at.clone(),
                            why: msgf(
                                "directory.err.alias_taken",
                                &[("alias", &alias), ("agency", &other)],
                            ),
                        });
                    }
                    None => {
                        tx.execute(
                            "INSERT INTO agency_aliases(alias, agency_id) VALUES (?1, ?2)",
                            params![alias, id],
                        )?;
                        log_agency(
                            &tx,
                            &op,
                            agency_change(Action::Edit, id, "alias", "", &alias),
                        )?;
                        changed = true;
                    }
                }
            }
            outcomes.push(if new {
                DirOutcome::New
            } else if changed {
                DirOutcome::Updated
            } else {
                DirOutcome::Unchanged
            });
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| (e.at.row, e.at.col));
            return Ok(Err(errors));
        }
        if !dry_run {
            tx.commit()?;
        }
        Ok(Ok(outcomes))
    }

    /// Merges two rows of the directory that are one agency: every appearance of `from` becomes
    /// one of `into` (each logged as an edit of its agency, with the reason), `from`'s short names
    /// become `into`'s, `from`'s name is kept as one of them, and `from` is removed. Both are found
    /// by name or short name. Refused, changing nothing, when they are one row already, when the
    /// reason is empty, or when both are defendants in one hearing (naming it).
    /// Whether `from` may be merged into `into`: both known, not one agency already, and never
    /// both defendants of one hearing (refused naming the case). Asked before a reason is.
    pub fn merge_check(&self, from: &str, into: &str) -> Result<(Agency, Agency)> {
        let find = |name: &str| -> Result<Agency> {
            let name = super::text_in("field.agency_name", name, NAME_MAX)?;
            self.find_agency(&name)?.ok_or_else(|| {
                StoreError::Refused(msgf("agencies.err.unknown", &[("name", &name)]))
            })
        };
        let (from, into) = (find(from)?, find(into)?);
        if from.id == into.id {
            return Err(StoreError::Refused(msgf(
                "agencies.err.same",
                &[("from", &from.name), ("into", &into.name)],
            )));
        }
        let both: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT h.case_number, h.date FROM appearances a
                 JOIN appearances b ON b.hearing_id = a.hearing_id AND b.agency_id = ?2
                 JOIN hearings h ON h.id = a.hearing_id
                 WHERE a.agency_id = ?1 ORDER BY h.date, h.id LIMIT 1",
                params![from.id, into.id],
                |r| Ok((r.get("case_number")?, r.get("date")?)),
            )
            .optional()?;
        if let Some((case, date)) = both {
            return Err(StoreError::Refused(msgf(
                "agencies.err.both",
                &[
                    ("from", &from.name),
                    ("into", &into.name),
                    ("case", &case),
                    ("date", &date),
                ],
            )));
        }
        Ok((from, into))
    }

    pub fn merge_agencies(&mut self, from: &str, into: &str, reason: &str) -> Result<Merged> {
        let reason = super::text_in("field.reason", reason, TEXT_MAX)?;
        if reason.is_empty() {
            return Err(StoreError::Refused(msg("agencies.err.reason")));
        }
        let (from, into) = self.merge_check(from, into)?;
        let tx = self.conn.transaction()?;
        let op = self.operator.clone();
        let ids: Vec<i64> = tx
            .prepare("SELECT id FROM appearances WHERE agency_id = ?1 ORDER BY id")?
            .query_map([from.id], |r| r.get("id"))?
            .collect::<rusqlite::Result<_>>()?;
        for &id in &ids {
            let before = audit::state(&tx, Entity::Appearance, id)?;
            tx.execute(
                "UPDATE appearances SET agency_id = ?2 WHERE id = ?1",
                params![id, into.id],
            )?;
            audit::record_edit(
                &tx,
                &op,
                Change {
                    reason: &reason,
                    ..Change::new(Action::Edit, Entity::Appearance, id)
                },
                before.as_deref(),
            )?;
        }
        tx.execute(
            "UPDATE agency_aliases SET agency_id = ?2 WHERE agency_id = ?1",
            params![from.id, into.id],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO agency_aliases(alias, agency_id) VALUES (?1, ?2)",
            params![from.name, into.id],
        )?;
        log_agency(
            &tx,
            &op,
            Change {
                reason: &reason,
                ..agency_change(Action::Edit, into.id, "alias", "", &from.name)
            },
        )?;
        audit::record_deletion(
            &tx,
            &op,
            Change {
                reason: &reason,
                ..agency_change(Action::Delete, from.id, "merge", &from.name, &into.name)
            },
        )?;
        // its judicial suggestions go with its appearances, each logged
        let suggested: Vec<i64> = tx
            .prepare("SELECT id FROM suggestions WHERE agency_id = ?1 ORDER BY id")?
            .query_map([from.id], |r| r.get("id"))?
            .collect::<rusqlite::Result<_>>()?;
        for id in suggested {
            let before = audit::state(&tx, Entity::Suggestion, id)?;
            tx.execute(
                "UPDATE suggestions SET agency_id = ?2 WHERE id = ?1",
                params![id, into.id],
            )?;
            audit::record_edit(
                &tx,
                &op,
                Change {
                    reason: &reason,
                    ..Change::new(Action::Edit, Entity::Suggestion, id)
                },
                before.as_deref(),
            )?;
        }
        tx.execute("DELETE FROM agencies WHERE id = ?1", [from.id])?;
        tx.commit()?;
        Ok(Merged {
            from: from.name,
            into: into.name,
            moved: ids.len(),
        })
    }

    /// Edits an agency of the directory: its short names (those no longer given are taken away,
    /// new ones added), level, region and government, each change logged. A short name that names
    /// another agency (its name or one of its short names) refuses the edit, changing nothing.
    /// Returns how many changes were made.
    pub fn edit_agency(&mut self, id: i64, e: &AgencyEdit) -> Result<usize> {
        let region = super::text_in("field.region", &e.region, NAME_MAX)?;
        let government = super::text_in("field.government", &e.government, NAME_MAX)?;
        let mut aliases: Vec<String> = Vec::new();
        for a in &e.aliases {
            let a = super::text_in("field.aliases", a, NAME_MAX)?;
            if !a.is_empty() && !aliases.contains(&a) {
                aliases.push(a);
            }
        }
        let tx = self.conn.transaction()?;
        let op = self.operator.clone();
        let agency =
            agency_by_id(&tx, id)?.ok_or_else(|| StoreError::NotFound(format!("agency {id}")))?;
        aliases.retain(|a| *a != agency.name);
        let mut changes = 0;
        if e.level != agency.level {
            tx.execute(
                "UPDATE agencies SET level = ?2 WHERE id = ?1",
                params![id, Kind(e.level)],
            )?;
            log_agency(
                &tx,
                &op,
                agency_change(Action::Edit, id, "level", agency.level.id(), e.level.id()),
            )?;
            changes += 1;
        }
        for (field, now, given) in [
            ("region", &agency.region, &region),
            ("government", &agency.government, &government),
        ] {
            if given != now {
                tx.execute(
                    &format!("UPDATE agencies SET {field} = ?2 WHERE id = ?1"),
                    params![id, given],
                )?;
                log_agency(&tx, &op, agency_change(Action::Edit, id, field, now, given))?;
                changes += 1;
            }
        }
        let current: Vec<String> = tx
            .prepare("SELECT alias FROM agency_aliases WHERE agency_id = ?1 ORDER BY alias")?
            .query_map([id], |r| r.get("alias"))?
            .collect::<rusqlite::Result<_>>()?;
        for alias in aliases.iter().filter(|a| !current.contains(a)) {
            if let Some(other) = other_owner(&tx, alias, id)? {
                return Err(StoreError::Refused(msgf(
                    "directory.err.alias_taken",
                    &[("alias", alias), ("agency", &other)],
                )));
            }
            tx.execute(
                "INSERT INTO agency_aliases(alias, agency_id) VALUES (?1, ?2)",
                params![alias, id],
            )?;
            log_agency(
                &tx,
                &op,
                agency_change(Action::Edit, id, "alias", "", alias),
            )?;
            changes += 1;
        }
        for alias in current.iter().filter(|a| !aliases.contains(a)) {
            tx.execute("DELETE FROM agency_aliases WHERE alias = ?1", [alias])?;
            log_agency(
                &tx,
                &op,
                agency_change(Action::Edit, id, "alias", alias, ""),
            )?;
            changes += 1;
        }
        tx.commit()?;
        Ok(changes)
    }

    /// The people who appeared for an agency before (heads and entrusted staff, as recorded), the
    /// most recent first.
    pub fn people_of_agency(&self, agency_id: i64) -> Result<Vec<Person>> {
        // (who can be scored: the core's rule, as the store spells it once)
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT a.person, a.title, a.category, max(h.date) AS last, count(*) AS times
             FROM appearances a JOIN hearings h ON h.id = a.hearing_id
             WHERE a.agency_id = ?1 AND a.person <> ''
               AND a.category NOT IN {}
             GROUP BY a.person, a.title, a.category
             ORDER BY last DESC, max(a.id) DESC LIMIT 50",
            super::types::ABSENCES
        ))?;
        let rows = st.query_map([agency_id], |r| {
            Ok(Person {
                name: r.get("person")?,
                title: r.get("title")?,
                category: r.kind("category")?,
                last_date: r.get("last")?,
                times: r.get("times")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The presiding judges of earlier hearings, the most recent first.
    pub fn recent_judges(&self) -> Result<Vec<String>> {
        self.recent("judge")
    }

    /// The clerks of earlier hearings, the most recent first.
    pub fn recent_clerks(&self) -> Result<Vec<String>> {
        self.recent("clerk")
    }

    fn recent(&self, column: &str) -> Result<Vec<String>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {column} FROM hearings WHERE {column} <> ''
             GROUP BY {column} ORDER BY max(date || ' ' || start_time) DESC, max(id) DESC LIMIT ?1"
        ))?;
        let rows = st.query_map([RECENT_MAX as i64], |r| r.get(column))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The agency whose short name `alias` is: its id and name.
fn alias_owner(conn: &Connection, alias: &str) -> Result<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT g.id, g.name FROM agency_aliases s JOIN agencies g ON g.id = s.agency_id WHERE s.alias = ?1",
            [alias],
            |r| Ok((r.get("id")?, r.get("name")?)),
        )
        .optional()?)
}
