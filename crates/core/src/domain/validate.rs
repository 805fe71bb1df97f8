//! Field validation for dates, times and required text: lenient on input, canonical on output.

use crate::msg::{Msg, msg};
use chrono::{NaiveDate, NaiveTime};

/// Accepts 2026-11-28, 2026/11/28, 2026.11.28, 20261128 and 2026年11月28日; returns YYYY-MM-DD.
pub fn date(input: &str) -> Result<String, Msg> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Err(msg("field.err.required"));
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
        _ => Err(msg("field.err.date")),
    }
}

/// Optional date: empty is fine (unknown).
pub fn optional_date(input: &str) -> Result<Option<NaiveDate>, Msg> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    let d = date(input)?;
    NaiveDate::parse_from_str(&d, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| msg("field.err.date"))
}

/// A time as people write it — 9:30, 09:30, 9:30:00, 9点30, 9点半, 9时30分, 0930, 9点, 上午9:30,
/// 下午2点, full-width digits, or a range (9:30-11:30: its start); returns HH:MM. The one reading of
/// a time, for the forms and the schedule import alike.
pub fn time(input: &str) -> Result<String, Msg> {
    let s: String = super::text::clean(input)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect::<String>()
        .to_lowercase();
    if s.is_empty() {
        return Err(msg("field.err.required"));
    }
    let bad = || msg("field.err.time");
    let start = s
        .split(['-', '~', '—', '–', '至', '到'])
        .next()
        .unwrap_or("");
    let (pm, rest) = if let Some(r) = start
        .strip_prefix("下午")
        .or_else(|| start.strip_prefix("晚上"))
        .or_else(|| start.strip_prefix("pm"))
    {
        (true, r)
    } else if let Some(r) = start.strip_prefix("中午") {
        (false, r)
    } else {
        (
            false,
            start
                .strip_prefix("上午")
                .or_else(|| start.strip_prefix("早上"))
                .or_else(|| start.strip_prefix("am"))
                .unwrap_or(start),
        )
    };
    let rest = rest.replace("点半", ":30").replace("时半", ":30");
    // seconds are dropped: 9:30:00
    let rest = match rest.matches(':').count() {
        2 => rest
            .rsplit_once(':')
            .map(|(a, _)| a.to_string())
            .unwrap_or(rest),
        _ => rest,
    };
    let rest = if rest.chars().all(|c| c.is_ascii_digit()) && rest.len() <= 2 {
        format!("{rest}:00")
    } else {
        rest
    };
    let hhmm = clock(&rest).ok_or_else(bad)?;
    let (h, m) = hhmm.split_once(':').ok_or_else(bad)?;
    let mut h: u32 = h.parse().map_err(|_| bad())?;
    if pm && h < 12 {
        h += 12;
    }
    Ok(format!("{h:02}:{m}"))
}

/// 09:30, 9:30, 0930, 9点30, 9时30分 as HH:MM.
fn clock(s: &str) -> Option<String> {
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
    parsed.ok().map(|t| t.format("%H:%M").to_string())
}

/// An end time, if any, after the start.
pub fn end_time(start: &str, end: &str) -> Result<String, Msg> {
    let end = optional_time(end)?;
    match time(start) {
        Ok(start) if !end.is_empty() && end <= start => Err(crate::msg::msgf(
            "field.err.end_before_start",
            &[("start", &start)],
        )),
        _ => Ok(end),
    }
}

/// Optional time: empty is fine.
pub fn optional_time(input: &str) -> Result<String, Msg> {
    if input.trim().is_empty() {
        Ok(String::new())
    } else {
        time(input)
    }
}

pub fn required(input: &str) -> Result<String, Msg> {
    let s = input.trim();
    if s.is_empty() {
        Err(msg("field.err.required"))
    } else {
        Ok(s.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::test_words::Text;
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
        // as the schedule reads them: the forms read them the same way
        assert_eq!(time("9点半").unwrap(), "09:30");
        assert_eq!(time("下午2点").unwrap(), "14:00");
        assert_eq!(time("９：３０").unwrap(), "09:30");
        assert_eq!(time("9:30-11:30").unwrap(), "09:30");
    }

    #[test]
    fn an_end_time_comes_after_the_start() {
        assert_eq!(end_time("9:30", "11点").unwrap(), "11:00");
        assert_eq!(end_time("9:30", "").unwrap(), "");
        let e = end_time("14:00", "9:30").unwrap_err().text();
        assert!(e.contains("14:00"), "{e}");
        assert!(end_time("14:00", "14:00").is_err());
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
