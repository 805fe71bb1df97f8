//! The dashboard's figures, read from the store and built by the domain: a period's month and the
//! 12 before it in one pass over their records (every reportable record by its hearing's date,
//! whichever batch claimed it, as a report reads them, with the batches imported from the courts
//! below), and the work still open.

use crate::domain::indicators::Record;
use crate::domain::period::Period;
use crate::domain::trend::{self, Dashboard, MonthSplit};
use crate::store::batch::Source;
use crate::store::{Store, StoreError};
use chrono::NaiveDate;

/// The dashboard of the month holding `period`'s end, as of `today`.
pub fn dashboard(
    store: &Store,
    court: &str,
    period: &Period,
    today: NaiveDate,
) -> Result<Dashboard, StoreError> {
    let months = trend::months_ending(period);
    let mut split = MonthSplit::new(&months);
    store
        .reader(Source::Report(trend::span(&months)), court, true)
        .for_each(|r, _| -> Result<(), StoreError> {
            split.add(r);
            Ok(())
        })?;
    let month = months.last().cloned();
    let (drafts, drafts_before) = match &month {
        Some(m) => store.open_drafts(m.from, m.to)?,
        None => (0, 0),
    };
    Ok(Dashboard {
        period: month,
        months: split.finish(),
        drafts,
        drafts_before,
        overdue: store.followups(today, true)?.len(),
    })
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
