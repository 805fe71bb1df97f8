//! Reporting periods: a month (2026-11), a quarter (2026-Q4), or a date range with a topic.

use crate::i18n::tf;
use chrono::{Datelike, NaiveDate};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// batch id and folder stem: 2026-11, 2026-Q4, 2026-11-01_2026-11-15
    pub id: String,
    pub kind: PeriodKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub topic: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    Month,
    Quarter,
    Topic,
}

impl PeriodKind {
    pub fn id(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Topic => "topic",
        }
    }
    pub fn from_id(s: &str) -> Option<PeriodKind> {
        [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Topic]
            .into_iter()
            .find(|k| k.id() == s)
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
    /// "2026-11" or "2026-Q4".
    pub fn parse(text: &str) -> Result<Period, String> {
        let s = text.trim();
        let err = || tf("period.err", &[("value", &s)]);
        let (y, rest) = s.split_once('-').ok_or_else(err)?;
        let year: i32 = y.parse().map_err(|_| err())?;
        if !(1990..=2100).contains(&year) {
            return Err(err());
        }
        if let Some(q) = rest.strip_prefix('Q').or_else(|| rest.strip_prefix('q')) {
            let q: u32 = q.parse().map_err(|_| err())?;
            if !(1..=4).contains(&q) {
                return Err(err());
            }
            let from = NaiveDate::from_ymd_opt(year, 3 * q - 2, 1).ok_or_else(err)?;
            let to = last_day(year, 3 * q).ok_or_else(err)?;
            return Ok(Period {
                id: format!("{year}-Q{q}"),
                kind: PeriodKind::Quarter,
                from,
                to,
                topic: String::new(),
            });
        }
        let m: u32 = rest.parse().map_err(|_| err())?;
        let from = NaiveDate::from_ymd_opt(year, m, 1).ok_or_else(err)?;
        let to = last_day(year, m).ok_or_else(err)?;
        Ok(Period {
            id: format!("{year}-{m:02}"),
            kind: PeriodKind::Month,
            from,
            to,
            topic: String::new(),
        })
    }

    /// A date range with a topic title, for a special notice.
    pub fn range(from: &str, to: &str, topic: &str) -> Result<Period, String> {
        let d = |s: &str| {
            super::validate::date(s)
                .ok()
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        };
        let from_d = d(from).ok_or_else(|| tf("period.err", &[("value", &from)]))?;
        let to_d = d(to).ok_or_else(|| tf("period.err", &[("value", &to)]))?;
        if to_d < from_d {
            return Err(tf("period.err_order", &[("from", &from_d), ("to", &to_d)]));
        }
        if topic.trim().is_empty() {
            return Err(tf("period.err_topic", &[]));
        }
        Ok(Period {
            id: format!("{from_d}_{to_d}"),
            kind: PeriodKind::Topic,
            from: from_d,
            to: to_d,
            topic: topic.trim().to_string(),
        })
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

    /// Month ↔ quarter, keeping the start.
    pub fn toggle_quarter(&self) -> Period {
        match self.kind {
            PeriodKind::Quarter => Period::month_of(self.from),
            _ => Period::quarter_of(self.from),
        }
    }

    /// 2026年11月 / 2026年第四季度 / the topic.
    pub fn title(&self) -> String {
        match self.kind {
            PeriodKind::Month => tf(
                "period.month",
                &[("y", &self.from.year()), ("m", &self.from.month())],
            ),
            PeriodKind::Quarter => tf(
                "period.quarter",
                &[
                    ("y", &self.from.year()),
                    ("q", &(self.from.month().div_ceil(3))),
                ],
            ),
            PeriodKind::Topic => tf(
                "period.topic",
                &[
                    ("topic", &self.topic),
                    ("from", &self.from),
                    ("to", &self.to),
                ],
            ),
        }
    }
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
    }

    #[test]
    fn shifting_and_toggling() {
        let p = Period::parse("2026-12").unwrap();
        assert_eq!(p.shift(1).id, "2027-01");
        assert_eq!(p.shift(-12).id, "2025-12");
        assert_eq!(p.toggle_quarter().id, "2026-Q4");
        assert_eq!(Period::parse("2026-Q1").unwrap().shift(-1).id, "2025-Q4");
        assert_eq!(
            Period::parse("2026-Q3").unwrap().toggle_quarter().id,
            "2026-07"
        );
    }

    #[test]
    fn ranges_need_order_and_a_topic() {
        let p = Period::range("2026-11-01", "2026/11/15", "生态环境案件专题").unwrap();
        assert_eq!(p.id, "2026-11-01_2026-11-15");
        assert!(Period::range("2026-11-15", "2026-11-01", "x").is_err());
        assert!(Period::range("2026-11-01", "2026-11-15", " ").is_err());
    }
}
