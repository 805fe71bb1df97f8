//! A hearing schedule from its file to the records — the one path that `tingping schedule import`
//! and the TUI's import (`i` on the list) share: [`read`] reads and checks the file (hostile until
//! checked: see [`crate::import`] and [`crate::domain::schedule`]), [`apply`] applies the rows that
//! are right, or in a dry run says what it would do, and gives the [`Report`] both show.

use crate::domain::schedule::Schedule;
use crate::domain::scope::Scope;
use crate::domain::sheet::{Place, RowError};
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::store::{ScheduleOutcome, Store};
use std::path::Path;

/// What a line of the report is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// a wrong cell: the file is refused, unless the wrong rows are skipped
    Wrong,
    /// a row not imported that does not make the file wrong (another court's case, a repeat)
    Note,
    /// a hearing updated
    Updated,
    /// a change not made (the hearing is scored, or it is unclear which hearing is meant)
    Held,
}

/// What an import did, or in a dry run would do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// rows not imported: wrong, noted, or held
    pub refused: usize,
    /// wrong cells
    pub wrong: usize,
    /// every line of the report, by row and column
    pub lines: Vec<(LineKind, RowError)>,
    pub dry_run: bool,
    /// false when nothing was applied: the file has wrong cells and they were not to be skipped
    pub applied: bool,
    /// the defendant agencies the directory does not know (by name or short name): the import
    /// makes them, and says so first
    pub new_agencies: Vec<String>,
}

impl Report {
    /// "新增 N 条，更新 N 条，未变 N 条，未导入 N 条".
    pub fn counts(&self) -> String {
        tf(
            "schedule.summary",
            &[
                ("new", &self.new),
                ("updated", &self.updated),
                ("unchanged", &self.unchanged),
                ("refused", &self.refused),
            ],
        )
    }

    /// "将新增 3 个机关：…" when the import makes agencies the directory does not know.
    pub fn agencies_line(&self) -> Option<String> {
        (!self.new_agencies.is_empty()).then(|| {
            tf(
                "schedule.new_agencies",
                &[
                    ("n", &self.new_agencies.len()),
                    (
                        "names",
                        &crate::domain::text::shown(
                            &self.new_agencies.join(crate::i18n::t("common.list_sep")),
                        ),
                    ),
                ],
            )
        })
    }

    /// The counts, after "（试运行，未写入）" in a dry run.
    pub fn summary(&self) -> String {
        let dry = if self.dry_run {
            t("schedule.dry_run")
        } else {
            ""
        };
        format!("{dry}{}", self.counts())
    }

    /// The lines about rows not imported (wrong, noted or held), in order.
    pub fn refusals(&self) -> impl Iterator<Item = &RowError> {
        self.lines
            .iter()
            .filter(|(k, _)| *k != LineKind::Updated)
            .map(|(_, e)| e)
    }
}

/// Reads and checks a schedule file (`sheet`: an xlsx sheet's name; default the first). A refusal
/// names the file.
pub fn read(path: &Path, sheet: Option<&str>, scope: &Scope) -> Result<Schedule, String> {
    let rows = super::read_rows(path, sheet)?;
    crate::domain::schedule::read(&rows, scope, &crate::i18n::WORDS)
        .map_err(|why| super::at(path, why.text()))
}

/// Applies a schedule read by [`read`] (`court`: the court's name for new hearings). With wrong
/// cells, nothing is applied unless `skip_invalid` (or `dry_run`, which applies nothing anyway).
pub fn apply(
    store: &mut Store,
    schedule: &Schedule,
    court: &str,
    dry_run: bool,
    skip_invalid: bool,
) -> anyhow::Result<Report> {
    let wrong: Vec<(LineKind, RowError)> = schedule
        .errors
        .iter()
        .map(|e| (LineKind::Wrong, e.clone()))
        .collect();
    if !wrong.is_empty() && !skip_invalid && !dry_run {
        return Ok(Report {
            wrong: wrong.len(),
            lines: wrong,
            ..Report::default()
        });
    }
    // the agencies it will make, found before anything is written
    let mut new_agencies: Vec<String> = Vec::new();
    for e in &schedule.entries {
        for a in &e.agencies {
            let a = a.trim();
            if !a.is_empty()
                && !new_agencies.iter().any(|x| x == a)
                && store.find_agency(a)?.is_none()
            {
                new_agencies.push(a.to_string());
            }
        }
    }
    let outcomes = store.import_schedule(&schedule.entries, court, dry_run)?;
    let mut r = Report {
        wrong: wrong.len(),
        lines: wrong,
        dry_run,
        applied: true,
        new_agencies,
        ..Report::default()
    };
    r.lines
        .extend(schedule.notes.iter().map(|e| (LineKind::Note, e.clone())));
    let line = |kind, at: &Place, why| {
        (
            kind,
            RowError {
                at: at.clone(),
                why,
            },
        )
    };
    let mut held = 0;
    for (e, o) in schedule.entries.iter().zip(&outcomes) {
        match o {
            ScheduleOutcome::New => r.new += 1,
            ScheduleOutcome::Unchanged => r.unchanged += 1,
            ScheduleOutcome::Updated(fields) => {
                r.updated += 1;
                r.lines.push(line(
                    LineKind::Updated,
                    &e.at,
                    crate::i18n::Msg::new("schedule.updated").list("fields", fields.clone()),
                ));
            }
            ScheduleOutcome::Scored(fields) => {
                held += 1;
                r.lines.push(line(
                    LineKind::Held,
                    &e.at,
                    crate::i18n::Msg::new("schedule.scored").list("fields", fields.clone()),
                ));
            }
            ScheduleOutcome::Ambiguous(n) => {
                held += 1;
                r.lines.push(line(
                    LineKind::Held,
                    &e.at,
                    crate::i18n::msgf("schedule.ambiguous", &[("n", n), ("time", &e.start_time)]),
                ));
            }
        }
    }
    r.lines.sort_by_key(|(_, l)| (l.at.row, l.at.col));
    r.refused = schedule.errors.len() + schedule.notes.len() + held;
    Ok(r)
}
