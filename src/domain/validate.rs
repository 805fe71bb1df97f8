//! Field validation for dates, times and required text: lenient on input, canonical on output.

use crate::i18n::t;
use chrono::{NaiveDate, NaiveTime};

/// Accepts 2026-11-28, 2026/11/28, 2026.11.28, 20261128 and 2026年11月28日; returns YYYY-MM-DD.
pub fn date(input: &str) -> Result<String, String> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Err(t("field.err.required").to_string());
    }
    let s = s.replace(['年', '月', '/', '.'], "-").replace('日', "");
    let parsed = if s.len() == 8 && s.chars().all(|c| c.is_ascii_digit()) {
        NaiveDate::parse_from_str(&s, "%Y%m%d")
    } else {
        NaiveDate::parse_from_str(&s, "%Y-%m-%d")
    };
    match parsed {
        Ok(d) if (1990..=2100).contains(&chrono::Datelike::year(&d)) => {
            Ok(d.format("%Y-%m-%d").to_string())
        }
        _ => Err(t("field.err.date").to_string()),
    }
}

/// Optional date: empty is fine (unknown).
pub fn optional_date(input: &str) -> Result<Option<NaiveDate>, String> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    let d = date(input)?;
    NaiveDate::parse_from_str(&d, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| t("field.err.date").to_string())
}

/// Accepts 09:30, 9:30, 0930, 9点30, 9时30分; returns HH:MM.
pub fn time(input: &str) -> Result<String, String> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Err(t("field.err.required").to_string());
    }
    let s = s.replace(['点', '时', '：'], ":").replace('分', "");
    let s = if s.ends_with(':') {
        format!("{s}00")
    } else {
        s
    };
    let parsed = if s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) {
        NaiveTime::parse_from_str(&s, "%H%M")
    } else {
        NaiveTime::parse_from_str(&s, "%H:%M")
    };
    parsed
        .map(|t| t.format("%H:%M").to_string())
        .map_err(|_| t("field.err.time").to_string())
}

/// Optional time: empty is fine.
pub fn optional_time(input: &str) -> Result<String, String> {
    if input.trim().is_empty() {
        Ok(String::new())
    } else {
        time(input)
    }
}

pub fn required(input: &str) -> Result<String, String> {
    let s = input.trim();
    if s.is_empty() {
        Err(t("field.err.required").to_string())
    } else {
        Ok(s.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dates() {
        assert_eq!(date("2026-11-28").unwrap(), "2026-11-28");
        assert_eq!(date("2026/1/5").unwrap(), "2026-01-05");
        assert_eq!(date("20261128").unwrap(), "2026-11-28");
        assert_eq!(date("2026年11月28日").unwrap(), "2026-11-28");
        assert!(date("2026-02-30").is_err());
        assert!(date("").is_err());
        assert!(date("明天").is_err());
        assert_eq!(optional_date(" ").unwrap(), None);
        assert_eq!(
            optional_date("2026/1/5").unwrap(),
            NaiveDate::from_ymd_opt(2026, 1, 5)
        );
        assert!(optional_date("2026-02-30").is_err());
    }

    #[test]
    fn times() {
        assert_eq!(time("9:30").unwrap(), "09:30");
        assert_eq!(time("0930").unwrap(), "09:30");
        assert_eq!(time("14点").unwrap(), "14:00");
        assert_eq!(time("9时30分").unwrap(), "09:30");
        assert!(time("25:00").is_err());
        assert_eq!(optional_time(" ").unwrap(), "");
    }

    proptest! {
        #[test]
        fn never_panic(s in ".{0,20}") {
            let _ = date(&s);
            let _ = time(&s);
        }

        #[test]
        fn canonical_dates_round_trip(y in 1990i32..2100, m in 1u32..=12, d in 1u32..=28) {
            let text = format!("{y:04}-{m:02}-{d:02}");
            prop_assert_eq!(date(&text).unwrap(), text);
        }
    }
}
