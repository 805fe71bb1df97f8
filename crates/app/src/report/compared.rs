//! A report's 环比 and 同比: the totals of the period before and of the same period a year
//! earlier, read with the report itself (`with_comparison`). They are past periods, whose records rarely change once the months are reported, so
//! each one's totals are kept in the app's state with the audit log's position when they were
//! counted (as the dashboard keeps its months), and counted again only when the log says the
//! records of one of its months changed since (`Store::months_changed_since`), the directory or
//! the scope changed (`Store::figures_fingerprint`), or the app is a new version.

use super::{Report, docx, reports, source_for};
use crate::domain::indicators::Indicators;
use crate::domain::period::Period;
use crate::store::batch::Source;
use crate::store::dashboard::Changed;
use crate::store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What kept totals were made by: a new version of the app counts them anew.
const KEPT: &str = concat!("compared/", env!("CARGO_PKG_VERSION"), "/1");

#[derive(Serialize, Deserialize)]
struct KeptTotal {
    key: String,
    seq: i64,
    total: Indicators,
}

/// A report's main rates a period earlier (环比) and a year earlier (同比), where there was data;
/// None for a month's batch.
pub fn comparison(
    store: &Store,
    court: &str,
    period: &Period,
    today: chrono::NaiveDate,
) -> Result<Option<docx::Comparison>, crate::store::StoreError> {
    if period.kind.claims() {
        return Ok(None);
    }
    let (_, totals) = read(store, court, &[], &compared_periods(period, today))?;
    Ok(Some(compared_from(totals.into_iter())))
}

/// The periods a report compares with, each once (a year's period before is the year before).
fn compared_periods(period: &Period, today: chrono::NaiveDate) -> Vec<Period> {
    let (previous, year_before) = compared(period, today);
    let mut periods = vec![previous.clone()];
    if year_before != previous {
        periods.push(year_before);
    }
    periods
}

/// 环比 and 同比 from the totals of the period before and (unless it is the same) a year
/// before; a period with no appearance compares as none.
fn compared_from(mut read: impl Iterator<Item = Indicators>) -> docx::Comparison {
    let of = |t: Option<Indicators>| t.filter(|t| t.appearances > 0);
    let previous = of(read.next());
    let year_before = match read.next() {
        Some(t) => of(Some(t)),
        None => previous.clone(),
    };
    docx::Comparison {
        previous,
        year_before,
    }
}

/// A period's report with (`compare`) its 环比 and 同比 (None for a month's batch), all read at
/// once over two threads (see [`reports`]).
pub fn with_comparison(
    store: &Store,
    court: &str,
    period: &Period,
    today: chrono::NaiveDate,
    compare: bool,
) -> Result<(Report, Option<docx::Comparison>), crate::store::StoreError> {
    let source = source_for(store, period)?;
    if period.kind.claims() || !compare {
        return Ok((reports(store, court, &[source])?.remove(0), None));
    }
    let periods = compared_periods(period, today);
    let (mut read, totals) = read(store, court, &[source], &periods)?;
    Ok((read.remove(0), Some(compared_from(totals.into_iter()))))
}

/// The periods a report compares with (环比, 同比): the same days of each when the report is made
/// before its period ends.
pub fn compared(period: &Period, today: chrono::NaiveDate) -> (Period, Period) {
    (
        period.same_days(&period.previous(), today),
        period.same_days(&period.year_before(), today),
    )
}

/// The reports of `sources` (the period itself first), and the totals of `compared` — each
/// kept, or counted with the sources over two threads (see [`reports`]) and kept.
pub fn read(
    store: &Store,
    court: &str,
    sources: &[Source],
    compared: &[Period],
) -> Result<(Vec<Report>, Vec<Indicators>), StoreError> {
    let key = format!("{KEPT}/{court}/{}", store.figures_fingerprint()?);
    let seq = store.audit_seq()?;
    let mut changed: HashMap<i64, Changed> = HashMap::new();
    let mut totals: Vec<Option<Indicators>> = vec![None; compared.len()];
    let mut to_read: Vec<usize> = Vec::new();
    let today = chrono::Local::now().date_naive();
    for (i, p) in compared.iter().enumerate() {
        // a period still running (or to come) is read each time: its hearings become held, and
        // nothing in the log says so
        if p.to >= today {
            to_read.push(i);
            continue;
        }
        let kept = store
            .app_value(&name(p))?
            .and_then(|t| serde_json::from_str::<KeptTotal>(&t).ok());
        match kept {
            Some(k) if k.key == key && k.seq <= seq => {
                if k.seq < seq && !changed.contains_key(&k.seq) {
                    changed.insert(k.seq, store.months_changed_since(k.seq)?);
                }
                let holds = k.seq == seq || !months(p).any(|m| changed[&k.seq].touches(&m));
                match holds {
                    true => totals[i] = Some(k.total),
                    false => to_read.push(i),
                }
            }
            _ => to_read.push(i),
        }
    }
    let mut all: Vec<Source> = sources.to_vec();
    all.extend(to_read.iter().map(|&i| Source::Report(compared[i].clone())));
    let mut read = reports(store, court, &all)?;
    let counted = read.split_off(sources.len());
    let mut writes = Vec::new();
    for (i, report) in to_read.into_iter().zip(counted) {
        if compared[i].to >= today {
            totals[i] = Some(report.total);
            continue;
        }
        let kept = KeptTotal {
            key: key.clone(),
            seq,
            total: report.total,
        };
        writes.push((
            name(&compared[i]),
            serde_json::to_string(&kept).unwrap_or_default(),
        ));
        totals[i] = Some(kept.total);
    }
    // (keeping is a saving of time, not a record: a database that cannot be written now, or is
    // busy with another writer, leaves it for next time)
    if !writes.is_empty() {
        let _ = store
            .reading()
            .open()
            .and_then(|mut s| s.set_app_values(&writes));
    }
    Ok((
        read,
        totals.into_iter().map(Option::unwrap_or_default).collect(),
    ))
}

/// Where a period's totals are kept: by its days and a topic's filter.
fn name(p: &Period) -> String {
    format!(
        "{KEPT}/{}_{}/{}",
        p.from,
        p.to,
        serde_json::to_string(&p.filter).unwrap_or_default()
    )
}

/// The months (2026-11) a period's days fall in.
fn months(p: &Period) -> impl Iterator<Item = String> + '_ {
    let mut m = Period::month_of(p.from);
    std::iter::from_fn(move || {
        (m.from <= p.to).then(|| {
            let id = m.id.clone();
            m = m.shift(1);
            id
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_that_has_not_ended_is_never_kept() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("tp.db")).unwrap();
        let ended = Period::parse("2025-Q1").unwrap();
        let running = Period::parse("2099").unwrap();
        read(
            &s,
            "合肥市蜀山区人民法院",
            &[],
            &[ended.clone(), running.clone()],
        )
        .unwrap();
        assert!(s.app_value(&name(&ended)).unwrap().is_some());
        assert!(s.app_value(&name(&running)).unwrap().is_none());
    }
}
