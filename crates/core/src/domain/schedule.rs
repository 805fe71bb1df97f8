//! A hearing schedule (开庭排期表) as courts keep it in a spreadsheet: one row per hearing, columns
//! found by their Chinese headers. Each row becomes a [`ScheduleEntry`] (the case number canonical,
//! the date YYYY-MM-DD, the time HH:MM) or refusals naming its cells. A case this database does not
//! count (another court's, or a type that is not litigation) is noted, not imported; a row that
//! repeats an earlier one is noted too. No I/O here: the file was read by `crate::import`.
//!
//! The same hearing is the same case number on the same date: a schedule lists a case once per
//! sitting day, and the date is what a court would never change without it being another sitting.

use super::case_number;
use super::model::KeyCategory;
use super::scope::Scope;
use super::sheet::{self, Columns, GridRow, Place, RowError, Spec};
use super::text::{NAME_MAX, half_width};
use crate::msg::{Lang, Msg, Words, msg, msgf};
use chrono::{Datelike, NaiveDate};

/// The most defendant agencies one row may name.
pub const AGENCIES_MAX: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Case,
    Cause,
    Date,
    Time,
    Judge,
    Clerk,
    Defendants,
    Room,
    Key,
}

/// The headers each column may have; the first is the one named in messages.
pub const SPECS: &[Spec<Field>] = &[
    Spec {
        field: Field::Case,
        names: &["案号", "案件号", "案件编号"],
        required: true,
    },
    Spec {
        field: Field::Cause,
        names: &["案由"],
        required: true,
    },
    Spec {
        field: Field::Date,
        names: &["开庭日期", "日期", "庭审日期"],
        required: true,
    },
    Spec {
        field: Field::Time,
        names: &["开庭时间", "时间", "庭审时间"],
        required: true,
    },
    Spec {
        field: Field::Judge,
        names: &["审判长", "承办法官", "主审法官", "承办人"],
        required: true,
    },
    Spec {
        field: Field::Clerk,
        names: &["书记员"],
        required: true,
    },
    Spec {
        field: Field::Defendants,
        names: &["被告", "被告机关", "被申请人", "被告单位", "被上诉人"],
        required: true,
    },
    Spec {
        field: Field::Room,
        names: &["法庭", "地点", "开庭地点", "审判庭"],
        required: true,
    },
    Spec {
        field: Field::Key,
        names: &["重点案件类型", "重点案件", "重点类型"],
        required: false,
    },
];

/// One hearing of the schedule, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleEntry {
    /// the case number's cell (where a note about the row points)
    pub at: Place,
    /// canonical (（2026）皖0104行初12号)
    pub case_number: String,
    pub cause: String,
    /// YYYY-MM-DD
    pub date: String,
    /// HH:MM
    pub start_time: String,
    pub judge: String,
    pub clerk: String,
    /// the courtroom (法庭/地点)
    pub room: String,
    /// None when the schedule has no such column (a hearing's own category is then kept)
    pub key_category: Option<KeyCategory>,
    pub agencies: Vec<String>,
}

/// What a schedule holds: the rows to import, the refusals that make it wrong, and the notes
/// (rows not imported that do not make it wrong: cases not counted here, repeated rows).
#[derive(Clone, Debug, Default)]
pub struct Schedule {
    pub entries: Vec<ScheduleEntry>,
    pub errors: Vec<RowError>,
    pub notes: Vec<RowError>,
}

/// Reads the rows of a schedule. Refused whole (the message names the header row and columns)
/// when its header row cannot be found or lacks a column.
pub fn read(rows: &[GridRow], scope: &Scope, words: &dyn Words) -> Result<Schedule, Msg> {
    let cols = sheet::find_columns(rows, SPECS, Field::Case)?;
    let mut out = Schedule::default();
    // (case, date) → the row that gave it, and its entry's index
    let mut seen: std::collections::HashMap<(String, String), (usize, usize)> =
        std::collections::HashMap::new();
    for row in rows.iter().filter(|r| r.n > cols.row && !r.is_blank()) {
        // a case number of another kind of case (民初, 执…): not this database's, noted
        if let Ok(text) = cols.cell(row, Field::Case)
            && let Err(e @ case_number::CaseNumberError::NotAdministrative(_)) =
                case_number::parse(&super::text::clean(text))
        {
            out.notes.push(RowError {
                at: cols.place(Field::Case, row.n),
                why: Msg::new("schedule.note.outside").nest("why", e.message()),
            });
            continue;
        }
        match entry(&cols, row, words) {
            Ok(e) => {
                let key = (e.case_number.clone(), e.date.clone());
                if let Some(&(first, i)) = seen.get(&key) {
                    let same = out.entries.get(i).is_some_and(|f| same_content(f, &e));
                    let err = RowError {
                        at: e.at.clone(),
                        why: msgf(
                            if same {
                                "schedule.err.repeated"
                            } else {
                                "schedule.err.conflicting"
                            },
                            &[("row", &first), ("date", &e.date)],
                        ),
                    };
                    if same {
                        out.notes.push(err);
                    } else {
                        out.errors.push(err);
                    }
                    continue;
                }
                seen.insert(key, (row.n, out.entries.len()));
                out.entries.push(e);
            }
            Err(mut errs) => out.errors.append(&mut errs),
        }
    }
    // a case this database does not count: noted, not imported
    let (keep, outside): (Vec<_>, Vec<_>) = out
        .entries
        .into_iter()
        .partition(|e| scope.check(&e.case_number).is_ok());
    for e in outside {
        let Err(why) = scope.check(&e.case_number) else {
            continue;
        };
        out.notes.push(RowError {
            at: e.at.clone(),
            why: Msg::new("schedule.note.outside").nest("why", why),
        });
    }
    out.entries = keep;
    out.notes.sort_by_key(|n| n.at.row);
    out.errors.sort_by_key(|n| (n.at.row, n.at.col));
    Ok(out)
}

fn same_content(a: &ScheduleEntry, b: &ScheduleEntry) -> bool {
    let strip = |e: &ScheduleEntry| ScheduleEntry {
        at: b.at.clone(),
        ..e.clone()
    };
    strip(a) == strip(b)
}

/// One row: an entry, or every wrong cell of it.
fn entry(
    cols: &Columns<Field>,
    row: &GridRow,
    words: &dyn Words,
) -> Result<ScheduleEntry, Vec<RowError>> {
    let mut errs = Vec::new();
    let mut get = |field: Field, parse: &dyn Fn(&str) -> Result<String, Msg>| -> String {
        match cols.cell(row, field) {
            Ok(text) => match parse(text) {
                Ok(v) => v,
                Err(why) => {
                    errs.push(RowError {
                        at: cols.place(field, row.n),
                        why,
                    });
                    String::new()
                }
            },
            Err(e) => {
                errs.push(e);
                String::new()
            }
        }
    };
    let case_number = get(Field::Case, &|s| {
        let s = super::text::clean(s);
        if s.is_empty() {
            return Err(msg("field.err.required"));
        }
        case_number::parse(&s)
            .map(|c| c.canonical())
            .map_err(|e| e.message())
    });
    let cause = get(Field::Cause, &|s| name(s, true));
    let date = get(Field::Date, &date);
    let start_time = get(Field::Time, &time);
    let judge = get(Field::Judge, &|s| name(s, true));
    let clerk = get(Field::Clerk, &|s| name(s, false));
    let room = get(Field::Room, &|s| name(s, false));
    let key = get(Field::Key, &|s| {
        key_category(s, words).map(|k| k.id().to_string())
    });
    let defendants = get(Field::Defendants, &|s| {
        let names = sheet::split_names(s);
        if names.is_empty() {
            return Err(msg("field.err.defendants"));
        }
        if names.len() > AGENCIES_MAX {
            return Err(msgf(
                "schedule.err.agencies_many",
                &[("n", &names.len()), ("max", &AGENCIES_MAX)],
            ));
        }
        for n in &names {
            name(n, true)?;
        }
        Ok(names.join("\n"))
    });
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(ScheduleEntry {
        at: cols.place(Field::Case, row.n),
        case_number,
        cause,
        date,
        start_time,
        judge,
        clerk,
        room,
        key_category: cols
            .get(Field::Key)
            .map(|_| KeyCategory::from_id(&key).unwrap_or(KeyCategory::None)),
        agencies: defendants.split('\n').map(str::to_string).collect(),
    })
}

/// A name or short text: cleaned (a line break becomes a space), at most NAME_MAX characters.
fn name(s: &str, required: bool) -> Result<String, Msg> {
    let s = super::text::clean(s);
    if required && s.is_empty() {
        return Err(msg("field.err.required"));
    }
    let n = s.chars().count();
    if n > NAME_MAX {
        return Err(msgf("schedule.err.long", &[("max", &NAME_MAX), ("n", &n)]));
    }
    Ok(s)
}

/// A key category by its label (Chinese or English) or id; empty, 无, 否 or 非重点案件: none.
pub fn key_category(s: &str, words: &dyn Words) -> Result<KeyCategory, Msg> {
    let s = super::text::clean(s);
    if s.is_empty() || matches!(s.as_str(), "无" | "否" | "-" | "—" | "/") {
        return Ok(KeyCategory::None);
    }
    KeyCategory::ALL
        .iter()
        .copied()
        .find(|k| {
            s == k.id()
                || Some(s.as_str()) == words.word(Lang::Zh, k.label_key())
                || words
                    .word(Lang::En, k.label_key())
                    .is_some_and(|w| s.eq_ignore_ascii_case(w))
        })
        .ok_or_else(|| {
            let known: Vec<Msg> = KeyCategory::ALL
                .iter()
                .filter(|k| **k != KeyCategory::None)
                .map(|k| msg(k.label_key()))
                .collect();
            Msg::new("schedule.err.key_category")
                .arg("value", &s)
                .list("known", known)
        })
}

/// The Excel serial day number of a date cell (days since 1899-12-30, the fraction the time of
/// day), as a spreadsheet stores a date that was not typed as text.
fn serial(s: &str) -> Option<f64> {
    let int = s.split('.').next()?;
    if !(int.len() == 5 && int.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A hearing date as people write it — 2026-11-03, 2026/11/3, 2026.11.3, 2026年11月3日, 20261103,
/// with full-width digits, a weekday after it in brackets or a time after a space — or as an Excel
/// serial number (46329); returns YYYY-MM-DD in 2000..=2100.
pub fn date(input: &str) -> Result<String, Msg> {
    let s = half_width(&super::text::clean(input));
    if s.is_empty() {
        return Err(msg("field.err.required"));
    }
    let bad = || msgf("schedule.err.date", &[("value", &s)]);
    // a weekday in brackets, a time after the date
    let s2 = s.split(['(', '（']).next().unwrap_or("").trim();
    let s2 = s2.split([' ', 'T']).next().unwrap_or("").trim();
    let d = if let Some(v) = serial(s2) {
        NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|base| base.checked_add_days(chrono::Days::new(v.floor() as u64)))
            .ok_or_else(bad)?
    } else {
        let text = super::validate::date(s2).map_err(|_| bad())?;
        NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| bad())?
    };
    if !(2000..=2100).contains(&d.year()) {
        return Err(bad());
    }
    Ok(d.format("%Y-%m-%d").to_string())
}

/// A start time as people write it — 9:30, 09:30, 9:30:00, 9点30, 9点半, 9时30分, 0930, 上午9:30,
/// 下午2点, a range (9:30-11:30: its start), with full-width digits — or as a spreadsheet's
/// fraction of a day (0.395833…, also after a serial date); returns HH:MM.
pub fn time(input: &str) -> Result<String, Msg> {
    let s = half_width(&super::text::clean(input)).to_lowercase();
    if s.is_empty() {
        return Err(msg("field.err.required"));
    }
    let bad = || msgf("schedule.err.time", &[("value", &s)]);
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    // a fraction of a day (a time cell), or a serial date-time
    if !s.contains(':')
        && s.contains('.')
        && let Ok(v) = s.parse::<f64>()
        && v.is_finite()
        && v >= 0.0
    {
        let minutes = ((v.fract() * 1440.0).round() as u32).min(1439);
        return Ok(format!("{:02}:{:02}", minutes / 60, minutes % 60));
    }
    super::validate::time(&s).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::test_words::Text;

    use crate::domain::sheet::grid;

    const HEAD: &[&str] = &[
        "案号",
        "案由",
        "开庭日期",
        "开庭时间",
        "审判长",
        "书记员",
        "被告",
        "法庭",
    ];

    fn scope() -> Scope {
        Scope {
            court_code: "皖0104".into(),
            ..Scope::default()
        }
    }

    #[test]
    fn dates_as_people_write_them() {
        crate::msg::test_words::set_lang(Lang::Zh);
        for s in [
            "2026-11-03",
            "2026/11/3",
            "2026.11.3",
            "2026年11月3日",
            "20261103",
            "２０２６年１１月３日",
            "46329",
            "46329.395833",
            "2026-11-03 00:00:00",
            "2026年11月3日（星期二）",
        ] {
            assert_eq!(date(s).as_deref(), Ok("2026-11-03"), "{s}");
        }
        for s in ["2026-11-31", "明天", "11/3", "1999-01-01", "12345"] {
            let e = date(s).unwrap_err().text();
            assert!(e.contains("2026-11-03"), "{s}: {e}");
        }
        assert!(date(" ").is_err());
    }

    #[test]
    fn times_as_people_write_them() {
        for (s, want) in [
            ("9:30", "09:30"),
            ("09:30", "09:30"),
            ("9:30:00", "09:30"),
            ("9点30", "09:30"),
            ("9点30分", "09:30"),
            ("9点半", "09:30"),
            ("9时", "09:00"),
            ("９：３０", "09:30"),
            ("0930", "09:30"),
            ("9", "09:00"),
            ("下午2点", "14:00"),
            ("下午2:30", "14:30"),
            ("上午9点半", "09:30"),
            ("9:30-11:30", "09:30"),
            ("0.395833333", "09:30"),
            ("46329.625", "15:00"),
        ] {
            assert_eq!(time(s).as_deref(), Ok(want), "{s}");
        }
        for s in ["25:00", "9点99", "早", "abc"] {
            assert!(time(s).is_err(), "{s}");
        }
    }

    #[test]
    fn rows_become_entries_with_canonical_values() {
        crate::msg::test_words::set_lang(Lang::Zh);
        let g = grid(&[
            &["2026年11月开庭排期表"],
            HEAD,
            &[
                "(2026)皖0104行初１２号",
                "不服行政处罚",
                "46329",
                "9点半",
                "张法官",
                "李书记",
                "合肥市公安局、蜀山区人民政府",
                "第三法庭",
            ],
            &["", "", "", "", "", "", "", ""],
        ]);
        let s = read(&g, &scope(), crate::msg::test_words::catalog()).unwrap();
        assert!(s.errors.is_empty() && s.notes.is_empty(), "{:?}", s.errors);
        let e = &s.entries[0];
        assert_eq!(e.case_number, "（2026）皖0104行初12号");
        assert_eq!(
            (e.date.as_str(), e.start_time.as_str()),
            ("2026-11-03", "09:30")
        );
        assert_eq!(e.agencies, vec!["合肥市公安局", "蜀山区人民政府"]);
        assert_eq!(e.key_category, None);
        assert_eq!(e.at.row, 3);
    }

    #[test]
    fn every_wrong_cell_is_named_and_outside_cases_are_noted() {
        crate::msg::test_words::set_lang(Lang::Zh);
        let row = |case: &str, date: &str, time: &str| -> Vec<String> {
            [case, "案由", date, time, "张", "李", "合肥市公安局", "一庭"]
                .iter()
                .map(|s| s.to_string())
                .collect()
        };
        let mut g = grid(&[HEAD]);
        for (i, r) in [
            row("（2026）皖0104行初1号", "2026-11-31", "9点99"),
            row("（2026）皖0111行初2号", "2026-11-03", "9:00"),
            row("（2026）皖0104行审3号", "2026-11-03", "9:00"),
            row("（2026）皖0104行初4号", "2026-11-03", "9:00"),
            row("（2026）皖0104行初4号", "2026-11-03", "9:00"),
            row("（2026）皖0104行初4号", "2026-11-03", "10:00"),
        ]
        .into_iter()
        .enumerate()
        {
            g.push(GridRow { n: i + 2, cells: r });
        }
        let s = read(&g, &scope(), crate::msg::test_words::catalog()).unwrap();
        let errors: Vec<String> = s.errors.iter().map(|e| e.text()).collect();
        assert!(
            errors[0].starts_with("第2行 第3列（开庭日期）："),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with("第2行 第4列（开庭时间）："),
            "{errors:?}"
        );
        assert!(
            errors[2].starts_with("第7行 第1列（案号）：") && errors[2].contains("第5行"),
            "{errors:?}"
        );
        assert_eq!(errors.len(), 3);
        let notes: Vec<String> = s.notes.iter().map(|e| e.text()).collect();
        assert!(
            notes[0].starts_with("第3行 第1列（案号）") && notes[0].contains("皖0111"),
            "{notes:?}"
        );
        assert!(
            notes[1].starts_with("第4行") && notes[1].contains("行审"),
            "{notes:?}"
        );
        assert!(
            notes[2].starts_with("第6行") && notes[2].contains("第5行"),
            "{notes:?}"
        );
        assert_eq!(s.entries.len(), 1);
    }
}
