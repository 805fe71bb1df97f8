//! What the tables hold, in one place: the detail columns (CSV and the xlsx detail sheet) and the
//! indicator rows (stats, the xlsx summary, the notice).

use crate::domain::indicators::Record;
use crate::domain::interchange::Detail;
use crate::domain::model::AbsenceReason;
use crate::domain::rubric::Rubric;
use crate::domain::scoring::{DimStatus, Score, format_tenths};
use crate::i18n::flag_label;
use crate::i18n::prelude::*;
use crate::i18n::t;
use std::borrow::Cow;

pub struct Cell<'a> {
    /// the text as written (borrowed from the record when it needs no change)
    pub text: Cow<'a, str>,
    /// set when the cell is a number (written as a number in xlsx)
    pub number: Option<f64>,
}

/// The most a spreadsheet cell holds (Excel's limit), in characters.
pub const CELL_MAX: usize = 32_767;

/// Text for a cell of any file: unsafe characters shown as "�", cut to a cell's size with a marker.
pub fn safe(s: &str) -> String {
    safe_cow(s).into_owned()
}

/// [`safe`], borrowing the text when it needs no change (nearly always).
pub fn safe_cow(s: &str) -> Cow<'_, str> {
    // the common case, without a lookup: nothing to show otherwise, and short enough (a
    // character takes at least a byte)
    if s.len() <= CELL_MAX && !crate::domain::text::has_unsafe(s) {
        return Cow::Borrowed(s);
    }
    let shown = crate::domain::text::shown(s);
    Cow::Owned(crate::domain::text::cut(&shown, CELL_MAX, crate::i18n::t("cell.cut")).into_owned())
}

impl<'a> Cell<'a> {
    fn text(s: &'a str) -> Cell<'a> {
        Cell {
            text: safe_cow(s),
            number: None,
        }
    }
    fn owned(s: String) -> Cell<'a> {
        Cell {
            text: match safe_cow(&s) {
                Cow::Borrowed(_) => Cow::Owned(s),
                Cow::Owned(o) => Cow::Owned(o),
            },
            number: None,
        }
    }
    fn num(v: f64, text: String) -> Cell<'a> {
        Cell {
            text: Cow::Owned(text),
            number: Some(v),
        }
    }
}

pub struct Row<'a> {
    pub cells: Vec<Cell<'a>>,
}

/// (dimension id, label) of the rubric in force, for the score columns.
pub fn dims(rubric: &Rubric) -> Vec<(String, String)> {
    rubric
        .dimensions
        .iter()
        .map(|d| (d.id.clone(), d.label().to_string()))
        .collect()
}

pub fn detail_headers(dims: &[(String, String)]) -> Vec<String> {
    let mut h: Vec<String> = [
        "col.case",
        "col.date",
        "col.court",
        "col.agency",
        "col.government",
        "col.key_case",
        "col.person",
        "col.title",
        "col.category",
    ]
    .iter()
    .map(|k| t(k).to_string())
    .collect();
    h.extend(dims.iter().map(|(_, l)| l.clone()));
    h.extend(
        [
            "col.total",
            "col.grade",
            "col.flags",
            "col.late",
            "col.finalized_by",
            "col.comment",
        ]
        .iter()
        .map(|k| t(k).to_string()),
    );
    h
}

pub fn detail_widths(dims: usize) -> Vec<f64> {
    let mut w = vec![24.0, 11.0, 22.0, 26.0, 18.0, 8.0, 10.0, 12.0, 16.0];
    w.extend(std::iter::repeat_n(10.0, dims));
    w.extend([8.0, 8.0, 30.0, 6.0, 10.0, 50.0]);
    w
}

pub fn flags_text(flags: &[String]) -> String {
    flags
        .iter()
        .map(|f| flag_label(f))
        .collect::<Vec<_>>()
        .join("；")
}

/// What a roll-call row or the notice names of a record: its flags, and whether it is a judgment
/// performance follow-up on an evaluation reported before.
pub fn situations(r: &Record) -> String {
    let mut text = flags_text(&r.flags);
    if r.followup {
        text.push_str(t("perf.followup_mark"));
    }
    text
}

/// What a notice stated about an appearance, in words: "良好（85.0分）", its situations, its
/// commendation.
pub fn statement_text(st: &crate::domain::interchange::Statement, rubric: &Rubric) -> String {
    let mut parts = Vec::new();
    let grade = grade_label(rubric, st.grade.as_deref());
    if !grade.is_empty() {
        parts.push(crate::i18n::tf(
            "correction.grade",
            &[
                ("grade", &grade),
                ("total", &format_tenths(st.total_tenths)),
            ],
        ));
    }
    if st.flags.is_empty() {
        parts.push(t("correction.no_flags").to_string());
    } else {
        parts.push(crate::i18n::tf(
            "correction.flags",
            &[("flags", &flags_text(&st.flags))],
        ));
    }
    if st.commended {
        parts.push(t("correction.commended").to_string());
    }
    parts.join("，")
}

/// Why a statement changed: the amendments' reasons; a judgment performance outcome by its label.
pub fn why_text(why: &str, rubric: &Rubric) -> String {
    why.split('；')
        .map(|w| match w.strip_prefix("performance:") {
            // "performance:refused:2026-11-20": the outcome and the day it was recorded
            Some(o) => match o.split_once(':') {
                Some((o, day)) => crate::i18n::tf(
                    "correction.performance_on",
                    &[
                        (
                            "outcome",
                            &(crate::domain::performance::label(rubric, o)).text(),
                        ),
                        (
                            "date",
                            &chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                                .map(|d| crate::domain::period::day_text(d).text())
                                .unwrap_or_else(|_| day.to_string()),
                        ),
                    ],
                ),
                None => crate::i18n::tf(
                    "correction.performance",
                    &[(
                        "outcome",
                        &(crate::domain::performance::label(rubric, o)).text(),
                    )],
                ),
            },
            None => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// A grade's label as the rubric has it (None for none, or a grade the rubric does not know).
fn grade_of<'a>(rubric: &'a Rubric, id: Option<&str>) -> Option<&'a str> {
    match id {
        None => Some(""),
        Some(g) => rubric.grade(g).map(|x| x.label()),
    }
}

pub fn grade_label(rubric: &Rubric, id: Option<&str>) -> String {
    id.map(|g| {
        rubric
            .grade(g)
            .map(|x| x.label().to_string())
            .unwrap_or_else(|| g.to_string())
    })
    .unwrap_or_default()
}

/// A detail row of an evaluation (None for an appearance without one).
pub fn detail_row<'a>(
    r: &'a Record,
    d: &'a Detail,
    dims: &[(String, String)],
    rubric: &'a Rubric,
) -> Option<Row<'a>> {
    if r.followup {
        return None;
    }
    let e = r.eval.as_ref()?;
    let mut cells = vec![
        Cell::text(&r.case_number),
        Cell::text(&r.hearing_date),
        Cell::text(&r.court),
        Cell::text(&r.agency),
        Cell::text(&r.government),
        Cell::text(if r.key_case {
            t("common.yes")
        } else {
            t("common.no")
        }),
        Cell::text(&r.person),
        Cell::text(&r.title),
        Cell::text(r.category.label()),
    ];
    for (id, _) in dims {
        cells.push(match e.dims.iter().find(|x| &x.id == id) {
            Some(x) if x.status == DimStatus::Applicable => {
                Cell::num(x.score as f64, x.score.to_string())
            }
            Some(x) if x.status == DimStatus::Pending => Cell::text(t("scoring.pending")),
            Some(_) => Cell::text(t("scoring.not_applicable")),
            None => Cell::text(""),
        });
    }
    cells.push(match e.total_tenths {
        Some(tt) => Cell::num(tt as f64 / 10.0, format_tenths(Some(tt))),
        None => Cell::text("—"),
    });
    cells.push(match grade_of(rubric, e.grade.as_deref()) {
        Some(label) => Cell::text(label),
        None => Cell::owned(grade_label(rubric, e.grade.as_deref())),
    });
    cells.push(if r.flags.is_empty() {
        Cell::text("")
    } else {
        Cell::owned(flags_text(&r.flags))
    });
    cells.push(Cell::text(if r.late { t("common.yes") } else { "" }));
    cells.push(Cell::text(&d.finalized_by));
    cells.push(Cell::text(&d.comment));
    Some(Row { cells })
}

/// A row of the roll-call sheet: every absence and every flagged appearance, by case.
pub fn rollcall_row<'a>(r: &'a Record, d: &'a Detail) -> Option<Row<'a>> {
    if r.flags.is_empty() && r.category.scorable() {
        return None;
    }
    let reason = if r.category.is_head() {
        String::new()
    } else {
        let reason = AbsenceReason::from_id(&d.absence_reason)
            .map(|x| x.label())
            .unwrap_or("");
        format!(
            "{reason}（{}）",
            if d.reason_accepted {
                t("appearance.accepted")
            } else {
                t("appearance.not_accepted")
            }
        )
    };
    let mut cells = case_cells(r);
    cells.extend([
        Cell::text(r.category.label()),
        Cell::owned(if r.person.is_empty() {
            String::new()
        } else {
            format!("{} {}", r.person, r.title)
        }),
        Cell::owned(reason),
        Cell::owned(situations(r)),
        Cell::text(if r.late { t("common.yes") } else { "" }),
    ]);
    Some(Row { cells })
}

pub fn rollcall_headers() -> Vec<String> {
    [
        "col.case",
        "col.date",
        "col.court",
        "col.agency",
        "col.government",
        "col.category",
        "col.person",
        "col.absence_reason",
        "col.flags",
        "col.late",
    ]
    .iter()
    .map(|k| t(k).to_string())
    .collect()
}

/// "Judgment performance recorded: <outcome>; total <t>, <grade>…" for the app and the CLI.
pub fn performance_recorded(rubric: &Rubric, option: &str, score: &Score) -> String {
    crate::i18n::tf(
        "msg.performance_recorded",
        &[
            (
                "outcome",
                &(crate::domain::performance::label(rubric, option)).text(),
            ),
            ("total", &format_tenths(score.total_tenths)),
            ("grade", &grade_label(rubric, score.grade.as_deref())),
        ],
    )
}

/// A row of the performance sheet: every judgment performance outcome the batch reports.
pub fn performance_row<'a>(r: &'a Record, d: &'a Detail, rubric: &'a Rubric) -> Option<Row<'a>> {
    let (on, by) = d.performance_recorded.as_ref()?;
    let e = r.eval.as_ref()?;
    let label =
        crate::domain::performance::label(rubric, e.performance.as_deref().unwrap_or_default());
    let yes = |b: bool| Cell::text(if b { t("common.yes") } else { "" });
    let mut cells = case_cells(r);
    cells.extend([
        Cell::owned(label.text()),
        Cell::text(on),
        Cell::text(by),
        match e.total_tenths {
            Some(tt) => Cell::num(tt as f64 / 10.0, format_tenths(Some(tt))),
            None => Cell::text("—"),
        },
        Cell::owned(grade_label(rubric, e.grade.as_deref())),
        yes(r.followup),
        yes(r.late),
    ]);
    Some(Row { cells })
}

/// The cells that say which case: number, date, court, agency, the government it reports to.
fn case_cells(r: &Record) -> Vec<Cell<'_>> {
    vec![
        Cell::text(&r.case_number),
        Cell::text(&r.hearing_date),
        Cell::text(&r.court),
        Cell::text(&r.agency),
        Cell::text(&r.government),
    ]
}

pub fn performance_headers() -> Vec<String> {
    [
        "col.case",
        "col.date",
        "col.court",
        "col.agency",
        "col.government",
        "col.performance",
        "col.recorded_on",
        "col.recorded_by",
        "col.total",
        "col.grade",
        "col.followup",
        "col.late",
    ]
    .iter()
    .map(|k| t(k).to_string())
    .collect()
}

pub const PERFORMANCE_WIDTHS: &[f64] = &[
    24.0, 11.0, 22.0, 26.0, 18.0, 12.0, 11.0, 10.0, 8.0, 8.0, 8.0, 6.0,
];
