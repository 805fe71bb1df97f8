//! The figures of a period beside the 12 months before it, for the dashboard and the workbook's
//! charts: each month's indicators built by the same accumulator as a notice's (`indicators::Split`)
//! and read through the same registry (`Indicators::values_in`) — no second definition of any rate.
//! Pure: the records come from the store, streamed in hearing order.

use super::indicators::{Indicators, Record, Report, Split, Value};
use super::period::{Period, PeriodKind};
use super::rubric::Rubric;
use crate::msg::Voice;
use std::collections::BTreeMap;

/// How many months a trend shows: the period's own and the 12 before it.
pub const MONTHS: usize = 13;

/// The registry ids of the rates a trend draws per month (出庭率, 正职出庭率).
pub const RATES: [&str; 2] = ["heads_appeared", "principal_appeared"];

/// The months of a trend ending with the month of `to`, oldest first.
pub fn months_ending(to: &Period) -> Vec<Period> {
    let last = Period::month_of(to.to);
    (0..MONTHS as i32)
        .rev()
        .map(|back| last.shift(-back))
        .collect()
}

/// The date range a trend reads: from the first month's first day to the period's last.
pub fn span(months: &[Period]) -> Period {
    let from = months.first().map(|p| p.from).unwrap_or_default();
    let to = months.last().map(|p| p.to).unwrap_or_default();
    Period {
        id: format!("{from}_{to}"),
        kind: PeriodKind::Topic,
        from,
        to,
        topic: String::new(),
        filter: Default::default(),
    }
}

/// Records in, one report per month out (by the hearing's month; a record of another month is
/// left out). Records of one hearing come one after another, as the store reads them.
pub struct MonthSplit {
    months: BTreeMap<String, Split>,
}

impl MonthSplit {
    pub fn new(months: &[Period]) -> MonthSplit {
        MonthSplit {
            months: months
                .iter()
                .map(|p| (p.id.clone(), Split::default()))
                .collect(),
        }
    }

    pub fn add(&mut self, r: &Record) {
        if let Some(split) = r.hearing_date.get(..7).and_then(|m| self.months.get_mut(m)) {
            split.add(r);
        }
    }

    /// Each month's report, oldest first.
    pub fn finish(self) -> Vec<(String, Report)> {
        self.months
            .into_iter()
            .map(|(m, s)| (m, s.finish()))
            .collect()
    }
}

/// One indicator of the registry by its id (a rate, a count, an average or a grade).
pub fn value(ind: &Indicators, id: &str, rubric: &Rubric, voice: Voice) -> Option<Value> {
    ind.values_in(rubric, voice)
        .into_iter()
        .find(|v| v.id == id)
}

/// A rate in permille for a bar's height (0 for 0/0, which is drawn as "—").
pub fn permille(v: &Value) -> u64 {
    v.value.map_or(0, |x| (x * 1000.0).round() as u64)
}

/// An agency that pulls the figures down: notified appearances where no head appeared, and
/// appearances with a flag (both from the ranking the notice prints).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trouble {
    pub agency: String,
    pub government: String,
    /// notified appearances without a head (出庭率's denominator less its numerator)
    pub absent: u64,
    pub flagged: u64,
    pub notified: u64,
}

/// The agencies with the most flags and absences, worst first (then by name); none with neither.
pub fn troubles(ind: &Indicators) -> Vec<Trouble> {
    let mut out: Vec<Trouble> = ind
        .ranking
        .iter()
        .map(|a| Trouble {
            agency: a.agency.clone(),
            government: a.government.clone(),
            absent: a.heads_appeared.den - a.heads_appeared.num,
            flagged: a.flagged,
            notified: a.heads_appeared.den,
        })
        .filter(|t| t.absent + t.flagged > 0)
        .collect();
    out.sort_by(|a, b| {
        (b.absent + b.flagged)
            .cmp(&(a.absent + a.flagged))
            .then(b.flagged.cmp(&a.flagged))
            .then_with(|| a.agency.cmp(&b.agency))
    });
    out
}

/// What the dashboard shows of a period: its month's report (per government, per court, the
/// ranking) with the 12 months before it, and the work still open.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dashboard {
    /// the month shown
    pub period: Option<Period>,
    /// (month id, its report), oldest first; the last is the period's
    pub months: Vec<(String, Report)>,
    /// appearances of the period's hearings still drafts or not scored (reported in a later batch)
    pub drafts: i64,
    /// of the hearings before the period, still drafts or not scored
    pub drafts_before: i64,
    /// judgment performance follow-ups past their deadline, as of today
    pub overdue: usize,
    /// judicial suggestions sent whose reply is past its deadline (逾期未复), as of today
    pub overdue_suggestions: u64,
    /// some figures are as they were kept, being read again (the first frame shows them at once)
    pub stale: bool,
}

impl Dashboard {
    /// The period's own report (the last month's).
    pub fn report(&self) -> Option<&Report> {
        self.months.last().map(|(_, r)| r)
    }

    /// A registry indicator per month, oldest first.
    pub fn series(&self, id: &str, rubric: &Rubric, voice: Voice) -> Vec<(String, Option<Value>)> {
        self.months
            .iter()
            .map(|(m, r)| (m.clone(), value(&r.total, id, rubric, voice)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::AppearCategory;
    use crate::msg::test_words::Text;

    fn record(date: &str, hearing: i64, category: AppearCategory) -> Record {
        Record {
            id: format!("u{hearing}"),
            court: "法院".into(),
            court_code: "皖0104".into(),
            case_type: "行初".into(),
            hearing_id: hearing,
            case_number: format!("（2026）皖0104行初{hearing}号"),
            hearing_date: date.into(),
            key_case: false,
            agency: "合肥市公安局".into(),
            government: "蜀山区人民政府".into(),
            notified: true,
            category,
            person: String::new(),
            title: String::new(),
            flags: Vec::new(),
            late: false,
            followup: false,
            commended: false,
            eval: None,
        }
    }

    #[test]
    fn thirteen_months_end_with_the_period_and_cross_the_year() {
        let m = months_ending(&Period::parse("2026-02").unwrap());
        assert_eq!(m.len(), MONTHS);
        assert_eq!(m[0].id, "2025-02");
        assert_eq!(m[11].id, "2026-01");
        assert_eq!(m[12].id, "2026-02");
        let s = span(&m);
        assert_eq!(
            (s.from.to_string(), s.to.to_string()),
            ("2025-02-01".into(), "2026-02-28".into())
        );
        // a quarter's trend ends with its last month
        assert_eq!(
            months_ending(&Period::parse("2026-Q1").unwrap())[12].id,
            "2026-03"
        );
    }

    #[test]
    fn each_month_counts_its_own_hearings_through_the_registry() {
        let rubric = Rubric::default_rubric();
        let months = months_ending(&Period::parse("2026-11").unwrap());
        let mut split = MonthSplit::new(&months);
        split.add(&record("2026-10-09", 1, AppearCategory::Principal));
        split.add(&record("2026-11-03", 2, AppearCategory::Deputy));
        split.add(&record("2026-11-04", 3, AppearCategory::Nobody));
        split.add(&record("2026-11-05", 4, AppearCategory::Principal));
        // outside the 13 months: left out
        split.add(&record("2025-10-31", 5, AppearCategory::Principal));
        let d = Dashboard {
            months: split.finish(),
            ..Default::default()
        };
        let heads = d.series("heads_appeared", &rubric, crate::msg::test_words::zh());
        assert_eq!(heads.len(), MONTHS);
        let last = heads[12].1.as_ref().unwrap();
        assert_eq!((last.numerator, last.denominator), (2, Some(3)));
        assert_eq!(permille(last), 667);
        assert_eq!(permille(heads[11].1.as_ref().unwrap()), 1000);
        // a month without hearings is 0/0: no value, no bar
        assert_eq!(heads[0].1.as_ref().unwrap().value, None);
        let principal = d.series("principal_appeared", &rubric, crate::msg::test_words::zh());
        assert_eq!(
            principal[12].1.as_ref().unwrap().text(),
            value(
                &d.report().unwrap().total,
                "principal_appeared",
                &rubric,
                crate::msg::test_words::zh()
            )
            .unwrap()
            .text()
        );
        let t = troubles(&d.report().unwrap().total);
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].absent, t[0].flagged, t[0].notified), (1, 0, 3));
    }
}
