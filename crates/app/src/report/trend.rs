//! The dashboard's figures, read from the store and built by the domain: a period's month and the
//! 12 before it (every reportable record by its hearing's date, whichever batch claimed it, as a
//! report reads them, with the batches imported from the courts below), and the work still open.
//!
//! Per-month aggregates: each month's report, drafts and pending follow-ups are kept in the app's
//! state with the audit log's position when they were made, and read again only for the months
//! whose records the log says changed since (see `Store::months_changed_since`) — so the first
//! frame does not wait for a year of records at a million evaluations.

use crate::domain::indicators::{Record, Report};
use crate::domain::period::Period;
use crate::domain::trend::{self, Dashboard};
use crate::store::batch::Source;
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// What a kept month was made by: a new version of the app makes them anew.
/// (2: a month's report counts its unfinished appearances, as every report does)
const KEPT: &str = concat!("dashboard/", env!("CARGO_PKG_VERSION"), "/2");

#[derive(Serialize, Deserialize)]
struct KeptMonth {
    key: String,
    seq: i64,
    report: Report,
    drafts: i64,
}

#[derive(Serialize, Deserialize)]
struct KeptFollowups {
    key: String,
    seq: i64,
    /// the deadline of each pending follow-up of the month's hearings, 2026-11-25 (None: not
    /// entered)
    deadlines: Vec<Option<String>>,
}

/// Whether what was kept at `kept_seq` under `kept_key` still holds for `month`.
struct Validity<'a> {
    key: String,
    seq: i64,
    changed: HashMap<i64, crate::store::dashboard::Changed>,
    store: &'a Store,
    read: Read,
    /// some month's figures are as kept, not as they are now
    stale: bool,
}

impl Validity<'_> {
    fn holds(&mut self, kept_key: &str, kept_seq: i64, month: &str) -> Result<bool, StoreError> {
        if kept_key != self.key || kept_seq > self.seq {
            return Ok(false);
        }
        if kept_seq == self.seq {
            return Ok(true);
        }
        if !self.changed.contains_key(&kept_seq) {
            let c = self.store.months_changed_since(kept_seq)?;
            self.changed.insert(kept_seq, c);
        }
        Ok(!self.changed[&kept_seq].touches(month))
    }
}

fn months_between(from: NaiveDate, to: NaiveDate) -> Vec<Period> {
    let mut out = Vec::new();
    let mut m = Period::month_of(from);
    while m.from <= to {
        out.push(m.clone());
        m = m.shift(1);
    }
    out
}

/// How much a dashboard reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Read {
    /// only what is kept, as it was kept (the first frame: no record is read; a month whose
    /// records changed shows its kept figures, one never kept shows none, and the dashboard says
    /// it is `stale`)
    Kept,
    /// the months no longer kept read again, and kept
    Fresh,
}

/// The dashboard of the month holding `period`'s end, as of `today`.
pub fn dashboard(
    store: &mut Store,
    court: &str,
    period: &Period,
    today: NaiveDate,
    read: Read,
) -> Result<Dashboard, StoreError> {
    let months = trend::months_ending(period);
    let mut writes = Vec::new();
    let (reports, overdue, stale) = {
        let mut v = Validity {
            key: format!("{KEPT}/{court}/{}", store.figures_fingerprint()?),
            seq: store.audit_seq()?,
            changed: HashMap::new(),
            store,
            read,
            stale: false,
        };
        // the follow-ups' deadlines of the months no longer kept are read on a connection of
        // their own while the months' reports are (a first read goes over every year's
        // follow-ups: about as long as the months themselves at a million evaluations)
        let (mut deadlines, stale_months) = kept_deadlines(&mut v)?;
        let reading = v.store.reading();
        let span = stale_months
            .first()
            .zip(stale_months.last())
            .map(|(a, b)| (a.from, b.to));
        let (reports, fresh) = std::thread::scope(|scope| {
            let other = span.map(|(from, to)| {
                scope.spawn(move || -> Result<Vec<(String, NaiveDate)>, StoreError> {
                    let store = reading.open()?;
                    store.map(true);
                    store.pending_deadlines_between(from, to)
                })
            });
            let reports = month_reports(&mut v, court, &months, &mut writes);
            let fresh = match other {
                Some(t) => t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                None => Ok(Vec::new()),
            };
            (reports, fresh)
        });
        let reports = reports?;
        let overdue = overdue(&v, stale_months, fresh?, &mut deadlines, today, &mut writes);
        (reports, overdue, v.stale)
    };
    // (keeping is a saving of time, not a record: a database busy with another writer's long
    // transaction leaves it for next time rather than fail the dashboard)
    let _ = store.set_app_values(&writes);
    // (a handful of rows: read each time, never kept)
    let overdue_suggestions = store.overdue_suggestions(today)?;
    let n = reports.len();
    let drafts = reports.last().map_or(0, |(_, _, d)| *d);
    let drafts_before = reports[..n.saturating_sub(1)]
        .iter()
        .map(|(_, _, d)| d)
        .sum();
    Ok(Dashboard {
        period: months.last().cloned(),
        months: reports.into_iter().map(|(m, r, _)| (m, r)).collect(),
        drafts,
        drafts_before,
        overdue,
        overdue_suggestions,
        stale,
    })
}

/// Each month's report and drafts: kept, or read in one pass over the months no longer kept.
fn month_reports(
    v: &mut Validity,
    court: &str,
    months: &[Period],
    writes: &mut Vec<(String, String)>,
) -> Result<Vec<(String, Report, i64)>, StoreError> {
    let mut have: BTreeMap<String, (Report, i64)> = BTreeMap::new();
    let mut stale = Vec::new();
    for m in months {
        let kept = v
            .store
            .app_value(&format!("{KEPT}/month/{}", m.id))?
            .and_then(|t| serde_json::from_str::<KeptMonth>(&t).ok());
        match kept {
            Some(k) if v.holds(&k.key, k.seq, &m.id)? => {
                have.insert(m.id.clone(), (k.report, k.drafts));
            }
            kept => {
                if v.read == Read::Kept {
                    let (report, drafts) = kept.map(|k| (k.report, k.drafts)).unwrap_or_default();
                    have.insert(m.id.clone(), (report, drafts));
                    v.stale = true;
                }
                stale.push(m.clone())
            }
        }
    }
    if v.read == Read::Kept {
        stale.clear();
    }
    if let (Some(first), Some(last)) = (stale.first(), stale.last()) {
        // each month as a report reads it, the months over two threads (see `report::reports`)
        let sources: Vec<Source> = stale.iter().map(|m| Source::Report(m.clone())).collect();
        let read = crate::report::reports(v.store, court, &sources)?;
        let drafts = v.store.drafts_by_month(first.from, last.to)?;
        for (m, report) in stale.iter().map(|m| m.id.clone()).zip(read) {
            let d = drafts.get(&m).copied().unwrap_or(0);
            let kept = KeptMonth {
                key: v.key.clone(),
                seq: v.seq,
                report,
                drafts: d,
            };
            writes.push((
                format!("{KEPT}/month/{m}"),
                serde_json::to_string(&kept).unwrap_or_default(),
            ));
            have.insert(m, (kept.report, d));
        }
    }
    Ok(have.into_iter().map(|(m, (r, d))| (m, r, d)).collect())
}

/// The pending follow-ups' deadlines kept for every month with hearings, and the months whose
/// deadlines are no longer kept (to be read: see [`overdue`]).
fn kept_deadlines(v: &mut Validity) -> Result<(Vec<Option<String>>, Vec<Period>), StoreError> {
    let Some((first, last)) = v.store.hearing_span()? else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut deadlines: Vec<Option<String>> = Vec::new();
    let mut stale = Vec::new();
    for m in months_between(first, last) {
        let kept = v
            .store
            .app_value(&format!("{KEPT}/followups/{}", m.id))?
            .and_then(|t| serde_json::from_str::<KeptFollowups>(&t).ok());
        match kept {
            Some(k) if v.holds(&k.key, k.seq, &m.id)? => deadlines.extend(k.deadlines),
            kept if v.read == Read::Kept => {
                deadlines.extend(kept.map(|k| k.deadlines).unwrap_or_default());
                v.stale = true;
            }
            _ => stale.push(m),
        }
    }
    Ok((deadlines, stale))
}

/// Follow-ups past their deadline as of `today`: the kept months' deadlines with those read
/// (`fresh`, each with its hearing's date) for the `stale` months, which are kept anew.
fn overdue(
    v: &Validity,
    stale: Vec<Period>,
    fresh: Vec<(String, NaiveDate)>,
    deadlines: &mut Vec<Option<String>>,
    today: NaiveDate,
    writes: &mut Vec<(String, String)>,
) -> usize {
    let mut by_month: BTreeMap<String, Vec<Option<String>>> =
        stale.iter().map(|m| (m.id.clone(), Vec::new())).collect();
    for (date, deadline) in fresh {
        if let Some(list) = date.get(..7).and_then(|m| by_month.get_mut(m)) {
            list.push(Some(deadline.to_string()));
        }
    }
    for (m, list) in by_month {
        deadlines.extend(list.iter().cloned());
        let kept = KeptFollowups {
            key: v.key.clone(),
            seq: v.seq,
            deadlines: list,
        };
        writes.push((
            format!("{KEPT}/followups/{m}"),
            serde_json::to_string(&kept).unwrap_or_default(),
        ));
    }
    // the last day itself is not overdue (as the worklist says)
    let today = today.to_string();
    deadlines
        .iter()
        .filter(|d| d.as_deref().is_some_and(|d| d < today.as_str()))
        .count()
}

/// Whose appearances a drill-in lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Whose {
    Government(String),
    Agency(String),
    Court(String),
}

impl Whose {
    pub fn name(&self) -> &str {
        match self {
            Whose::Government(n) | Whose::Agency(n) | Whose::Court(n) => n,
        }
    }
    fn takes(&self, r: &Record) -> bool {
        match self {
            Whose::Government(g) => r.government == *g,
            Whose::Agency(a) => r.agency == *a,
            Whose::Court(c) => r.court == *c,
        }
    }
}

/// The appearances of one government, agency or court in `month` that its figures count, in
/// hearing order.
pub fn drill(
    store: &Store,
    court: &str,
    month: &Period,
    whose: &Whose,
) -> Result<Vec<Record>, StoreError> {
    let mut out = Vec::new();
    store
        .reader(Source::Report(month.clone()), court, true)
        .for_each(|r, _| -> Result<(), StoreError> {
            if whose.takes(r) {
                out.push(r.clone());
            }
            Ok(())
        })?;
    Ok(out)
}
