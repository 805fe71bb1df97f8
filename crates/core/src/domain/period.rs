//! Reporting periods. A month (2026-11) is a regular batch: it claims what it reports, exactly
//! once. A quarter (2026-Q4), a half-year (2026-H1), a year (2026) and a topic (a date range with a
//! filter) are reports: computed over every reportable record whose hearing lies in the range,
//! whichever batch claimed it; they never claim.

use crate::msg::{Msg, msgf};
use chrono::{Datelike, NaiveDate};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// batch id and folder stem: 2026-11, 2026-Q4, 2026-H1, 2026, 2026-11-01_2026-11-15_1a2b3c4d
    pub id: String,
    pub kind: PeriodKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub topic: String,
    /// a topic's filter (empty for the other kinds)
    pub filter: Filter,
}

/// Which records a topic covers besides its dates; every part that is set must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Filter {
    /// a key category id (food_drug, environment, …)
    pub key_category: Option<String>,
    /// text the 案由 contains
    pub cause: Option<String>,
    /// the agency's exact name
    pub agency: Option<String>,
    /// the government the agency reports to
    pub government: Option<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }
    /// As stored with a report ("" for none).
    pub fn to_json(&self) -> String {
        if self.is_empty() {
            String::new()
        } else {
            serde_json::to_string(self).unwrap_or_default()
        }
    }
    pub fn from_json(text: &str) -> Filter {
        serde_json::from_str(text).unwrap_or_default()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    Month,
    Quarter,
    Half,
    Year,
    Topic,
}

impl PeriodKind {
    pub const ALL: &[PeriodKind] = &[
        PeriodKind::Month,
        PeriodKind::Quarter,
        PeriodKind::Half,
        PeriodKind::Year,
        PeriodKind::Topic,
    ];
    pub fn id(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Half => "half",
            PeriodKind::Year => "year",
            PeriodKind::Topic => "topic",
        }
    }
    pub fn from_id(s: &str) -> Option<PeriodKind> {
        PeriodKind::ALL.iter().copied().find(|k| k.id() == s)
    }
    /// A regular batch claims; every other kind is a report.
    pub fn claims(self) -> bool {
        self == PeriodKind::Month
    }
}

fn last_day(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

impl Period {
    /// "2026-11", "2026-Q4", "2026-H1" or "2026".
    pub fn parse(text: &str) -> Result<Period, Msg> {
        let s = text.trim();
        let err = || msgf("period.err", &[("value", &s)]);
        let (y, rest) = s.split_once('-').unwrap_or((s, ""));
        let year: i32 = y.parse().map_err(|_| err())?;
        if !(1990..=2100).contains(&year) || y.len() != 4 {
            return Err(err());
        }
        let span = |id: String, kind, m0: u32, m1: u32| -> Result<Period, Msg> {
            Ok(Period {
                id,
                kind,
                from: NaiveDate::from_ymd_opt(year, m0, 1).ok_or_else(err)?,
                to: last_day(year, m1).ok_or_else(err)?,
                topic: String::new(),
                filter: Filter::default(),
            })
        };
        if rest.is_empty() {
            return span(format!("{year}"), PeriodKind::Year, 1, 12);
        }
        match rest {
            "H1" | "h1" => return span(format!("{year}-H1"), PeriodKind::Half, 1, 6),
            "H2" | "h2" => return span(format!("{year}-H2"), PeriodKind::Half, 7, 12),
            _ => {}
        }
        if let Some(q) = rest.strip_prefix('Q').or_else(|| rest.strip_prefix('q')) {
            let q: u32 = q.parse().map_err(|_| err())?;
            if !(1..=4).contains(&q) {
                return Err(err());
            }
            return span(
                format!("{year}-Q{q}"),
                PeriodKind::Quarter,
                3 * q - 2,
                3 * q,
            );
        }
        let m: u32 = rest.parse().map_err(|_| err())?;
        if !(1..=12).contains(&m) {
            return Err(err());
        }
        span(format!("{year}-{m:02}"), PeriodKind::Month, m, m)
    }

    /// The period of the same kind just before (环比) and a year earlier (同比); a topic compares
    /// with the range of the same length just before it, and the same dates a year earlier.
    pub fn previous(&self) -> Period {
        match self.kind {
            PeriodKind::Month => self.shift(-1),
            PeriodKind::Quarter => self.shift(-1),
            PeriodKind::Half | PeriodKind::Year | PeriodKind::Topic => {
                let days = (self.to - self.from).num_days() + 1;
                // whole calendar months (a half-year, a year, or a topic over whole months) compare
                // with the same number of months before; other ranges with as many days before
                let whole = self.from.day() == 1
                    && last_day(self.to.year(), self.to.month()) == Some(self.to);
                let span = (self.to.year() - self.from.year()) * 12 + self.to.month() as i32
                    - self.from.month() as i32
                    + 1;
                let months = match self.kind {
                    PeriodKind::Half => Some(6),
                    PeriodKind::Year => Some(12),
                    _ if whole => Some(span as u32),
                    _ => None,
                };
                match months {
                    Some(m) => {
                        let from = self.from - chrono::Months::new(m);
                        let to = self.from.pred_opt().unwrap_or(self.from);
                        self.with_dates(from, to)
                    }
                    None => {
                        let to = self.from.pred_opt().unwrap_or(self.from);
                        self.with_dates(to - chrono::Duration::days(days - 1), to)
                    }
                }
            }
        }
    }

    /// `earlier` cut to as many days as this period has run by `as_of` (a report made before its
    /// period ends compares like with like); `earlier` itself when this period has ended.
    pub fn same_days(&self, earlier: &Period, as_of: NaiveDate) -> Period {
        if as_of >= self.to || as_of < self.from {
            return earlier.clone();
        }
        let days = (as_of - self.from).num_days();
        let to = (earlier.from + chrono::Duration::days(days)).min(earlier.to);
        Period {
            to,
            ..earlier.clone()
        }
    }

    /// Whether a report of this period made on `today` covers only part of it.
    pub fn partial_on(&self, today: NaiveDate) -> bool {
        !self.kind.claims() && today < self.to && today >= self.from
    }

    pub fn year_before(&self) -> Period {
        let back = |d: NaiveDate| d - chrono::Months::new(12);
        match self.kind {
            PeriodKind::Month => self.shift(-12),
            PeriodKind::Quarter => self.shift(-4),
            _ => {
                // the same span a year earlier (29 February becomes 28 February)
                let to = if self.to.month() == 2 && self.to.day() >= 28 {
                    last_day(self.to.year() - 1, 2).unwrap_or(back(self.to))
                } else {
                    back(self.to)
                };
                self.with_dates(back(self.from), to)
            }
        }
    }

    fn with_dates(&self, from: NaiveDate, to: NaiveDate) -> Period {
        let id = match self.kind {
            PeriodKind::Half => {
                format!("{}-H{}", from.year(), if from.month() <= 6 { 1 } else { 2 })
            }
            PeriodKind::Year => format!("{}", from.year()),
            _ => {
                return Period {
                    from,
                    to,
                    ..self.clone()
                }
                .with_filter(self.filter.clone());
            }
        };
        Period {
            id,
            from,
            to,
            ..self.clone()
        }
    }

    /// A date range with a topic title, for a special notice.
    pub fn range(from: &str, to: &str, topic: &str) -> Result<Period, Msg> {
        let d = |s: &str| {
            super::validate::date(s)
                .ok()
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        };
        let from_d = d(from).ok_or_else(|| msgf("period.err", &[("value", &from)]))?;
        let to_d = d(to).ok_or_else(|| msgf("period.err", &[("value", &to)]))?;
        if to_d < from_d {
            return Err(msgf(
                "period.err_order",
                &[("from", &from_d), ("to", &to_d)],
            ));
        }
        if topic.trim().is_empty() {
            return Err(msgf("period.err_topic", &[]));
        }
        Ok(Period {
            id: String::new(),
            kind: PeriodKind::Topic,
            from: from_d,
            to: to_d,
            topic: topic.trim().to_string(),
            filter: Filter::default(),
        }
        .with_filter(Filter::default()))
    }

    /// A topic with its filter. Its id names the dates and a short digest of the title and the
    /// filter, so two topics over the same dates are two reports, not one.
    pub fn with_filter(self, filter: Filter) -> Period {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(format!("{}\n{}", self.topic, filter.to_json()));
        let short: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
        Period {
            id: format!("{}_{}_{short}", self.from, self.to),
            filter,
            ..self
        }
    }

    /// The month holding `date` (the default period).
    pub fn month_of(date: NaiveDate) -> Period {
        Period::parse(&format!("{}-{:02}", date.year(), date.month())).expect("a valid month")
    }

    /// The month or quarter `n` steps away (a topic period moves as the month of its start).
    pub fn shift(&self, n: i32) -> Period {
        let months = if self.kind == PeriodKind::Quarter {
            3 * n
        } else {
            n
        };
        let start = self.from.with_day(1).unwrap_or(self.from);
        let m0 = start.year() * 12 + start.month0() as i32 + months;
        let date = NaiveDate::from_ymd_opt(m0.div_euclid(12), m0.rem_euclid(12) as u32 + 1, 1)
            .unwrap_or(start);
        match self.kind {
            PeriodKind::Quarter => Period::quarter_of(date),
            _ => Period::month_of(date),
        }
    }

    pub fn quarter_of(date: NaiveDate) -> Period {
        Period::parse(&format!("{}-Q{}", date.year(), date.month0() / 3 + 1))
            .expect("a valid quarter")
    }

    /// Month ↔ quarter: a month goes to its quarter, a quarter back to its last month that has
    /// begun by `today` (November from 2026年第四季度 on 29 November, not October).
    pub fn toggle_quarter(&self, today: NaiveDate) -> Period {
        match self.kind {
            PeriodKind::Quarter => {
                let last = self.to.min(today).max(self.from);
                Period::month_of(last)
            }
            _ => Period::quarter_of(self.from),
        }
    }

    /// Whether the period has begun by `today` (a later one has nothing of its own yet).
    pub fn begun(&self, today: NaiveDate) -> bool {
        self.from <= today
    }

    /// Whether the period has ended before `today`.
    pub fn ended(&self, today: NaiveDate) -> bool {
        self.to < today
    }

    /// 2026年11月 / 2026年第四季度 / the topic.
    pub fn title(&self) -> Msg {
        match self.kind {
            PeriodKind::Month => msgf(
                "period.month",
                &[
                    ("y", &self.from.year()),
                    ("m", &self.from.month()),
                    // (2026-08 in English, as an ISO month reads)
                    ("mm", &format!("{:02}", self.from.month())),
                ],
            ),
            PeriodKind::Quarter => {
                let q = self.from.month().div_ceil(3);
                let numeral = ["一", "二", "三", "四"][(q as usize - 1).min(3)];
                msgf(
                    "period.quarter",
                    &[("y", &self.from.year()), ("q", &q), ("qn", &numeral)],
                )
            }
            PeriodKind::Half => msgf(
                if self.from.month() <= 6 {
                    "period.half1"
                } else {
                    "period.half2"
                },
                &[("y", &self.from.year())],
            ),
            PeriodKind::Year => msgf("period.year", &[("y", &self.from.year())]),
            PeriodKind::Topic => {
                let cn = |d: NaiveDate| format!("{}年{}月{}日", d.year(), d.month(), d.day());
                msgf(
                    "period.topic",
                    &[
                        ("topic", &self.topic),
                        ("from", &self.from),
                        ("to", &self.to),
                        ("from_cn", &cn(self.from)),
                        ("to_cn", &cn(self.to)),
                    ],
                )
            }
        }
    }
}

/// A day in the user's language: "2026年10月15日", "2026-10-15".
pub fn day_text(d: NaiveDate) -> Msg {
    msgf(
        "common.day",
        &[
            ("y", &d.year()),
            ("m", &d.month()),
            ("d", &d.day()),
            ("iso", &d),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_quarters() {
        let p = Period::parse("2026-11").unwrap();
        assert_eq!(
            (p.from.to_string(), p.to.to_string(), p.id.as_str()),
            ("2026-11-01".into(), "2026-11-30".into(), "2026-11")
        );
        let p = Period::parse("2026-2").unwrap();
        assert_eq!(p.to.to_string(), "2026-02-28");
        let p = Period::parse("2026-Q4").unwrap();
        assert_eq!(
            (p.from.to_string(), p.to.to_string()),
            ("2026-10-01".into(), "2026-12-31".into())
        );
        assert!(Period::parse("2026-13").is_err());
        assert!(Period::parse("2026-Q5").is_err());
        assert!(Period::parse("November").is_err());
        let p = Period::parse("2026-H2").unwrap();
        assert_eq!(
            (p.kind, p.from.to_string(), p.to.to_string()),
            (PeriodKind::Half, "2026-07-01".into(), "2026-12-31".into())
        );
        let p = Period::parse("2026").unwrap();
        assert_eq!(
            (p.kind, p.from.to_string(), p.to.to_string()),
            (PeriodKind::Year, "2026-01-01".into(), "2026-12-31".into())
        );
        assert!(!p.kind.claims() && Period::parse("2026-11").unwrap().kind.claims());
        assert!(Period::parse("26").is_err());
        assert!(Period::parse("2026-H3").is_err());
    }

    #[test]
    fn the_periods_a_report_compares_with() {
        let ids = |p: &str| {
            let p = Period::parse(p).unwrap();
            (p.previous().id, p.year_before().id)
        };
        assert_eq!(ids("2026-01"), ("2025-12".into(), "2025-01".into()));
        assert_eq!(ids("2026-Q1"), ("2025-Q4".into(), "2025-Q1".into()));
        assert_eq!(ids("2026-H1"), ("2025-H2".into(), "2025-H1".into()));
        assert_eq!(ids("2026"), ("2025".into(), "2025".into()));
        // a topic over a whole month compares with the month before, not 31 days before
        let m = Period::range("2026-10-01", "2026-10-31", "专题").unwrap();
        assert!(m.previous().id.starts_with("2026-09-01_2026-09-30_"));
        let t = Period::range("2026-11-01", "2026-11-10", "专题").unwrap();
        assert!(t.previous().id.starts_with("2026-10-22_2026-10-31_"));
        assert!(t.year_before().id.starts_with("2025-11-01_2025-11-10_"));
    }

    #[test]
    fn shifting_and_toggling() {
        let p = Period::parse("2026-12").unwrap();
        assert_eq!(p.shift(1).id, "2027-01");
        assert_eq!(p.shift(-12).id, "2025-12");
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        assert_eq!(p.toggle_quarter(day(12, 5)).id, "2026-Q4");
        assert_eq!(Period::parse("2026-Q1").unwrap().shift(-1).id, "2025-Q4");
        // a quarter goes back to its last month that has begun: m m is where one started
        let nov = Period::parse("2026-11").unwrap();
        let q4 = nov.toggle_quarter(day(11, 29));
        assert_eq!(q4.id, "2026-Q4");
        assert_eq!(q4.toggle_quarter(day(11, 29)).id, "2026-11");
        assert_eq!(
            Period::parse("2026-Q3")
                .unwrap()
                .toggle_quarter(day(11, 29))
                .id,
            "2026-09"
        );
        assert!(nov.begun(day(11, 1)) && !nov.begun(day(10, 31)));
        assert!(!nov.ended(day(11, 30)) && nov.ended(day(12, 1)));
    }

    #[test]
    fn ranges_need_order_and_a_topic() {
        let p = Period::range("2026-11-01", "2026/11/15", "生态环境案件专题").unwrap();
        assert!(p.id.starts_with("2026-11-01_2026-11-15_"), "{}", p.id);
        // another topic, or the same with a filter, over the same dates is another report
        let q = Period::range("2026-11-01", "2026-11-15", "食药专题").unwrap();
        let f = p.clone().with_filter(Filter {
            key_category: Some("environment".into()),
            ..Filter::default()
        });
        assert!(p.id != q.id && p.id != f.id && q.id != f.id);
        assert_eq!(p.id, p.clone().with_filter(Filter::default()).id);
        assert!(Period::range("2026-11-15", "2026-11-01", "x").is_err());
        assert!(Period::range("2026-11-01", "2026-11-15", " ").is_err());
    }
}
