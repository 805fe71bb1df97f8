//! The evaluation sheet (评议表) of an appearance, for the case file: its facts read from the
//! records — the hearing, the appearance, each dimension with the items as marked and the live
//! events and notes behind them, the scores, the flags in words with their provisions, the
//! comment, the judgment performance outcome, the amendments, who finalized and the rubric — put
//! into the reader's language and handed to the writer (`tingping_export::sheet`).

use super::sheet_doc::{Dimension, Item, Sheet};
use crate::domain::live::{self, EventKind, Stage};
use crate::domain::rubric::ItemKind;
use crate::domain::scoring::{DimStatus, format_tenths, item_effect};
use crate::i18n::prelude::*;
use crate::i18n::{flag_label, t, tf, voice};
use crate::store::{Store, StoreError};
use std::path::{Path, PathBuf};
use tingping_core::msg::Bilingual;

/// The sheets of these appearances, in their order.
pub fn sheets(store: &Store, court: &str, appearances: &[i64]) -> Result<Vec<Sheet>, StoreError> {
    appearances
        .iter()
        .map(|a| sheet(store, court, *a))
        .collect()
}

/// The most sheets one document holds (a month's of a court: tens to hundreds); more are refused
/// with their number, and a month is then printed agency by agency.
pub const SHEETS_MAX: usize = 2000;

/// The appearances of the hearings held from `from` to `to` (a month's, for archiving), of
/// `agency` only when named, in the hearings' order.
pub fn appearances_between(
    store: &Store,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    agency: Option<&str>,
) -> Result<Vec<i64>, StoreError> {
    let mut out = Vec::new();
    for h in store.hearing_ids_between(from, to)? {
        out.extend(
            store
                .appearances(h)?
                .into_iter()
                .filter(|a| agency.is_none_or(|x| a.agency_name == x.trim()))
                .map(|a| a.id),
        );
    }
    Ok(out)
}

/// Writes `sheets` as one document into `dir`, named after `stem`; returns its path (see
/// [`super::stage::write_document`]).
pub fn write(
    dir: &Path,
    stem: &str,
    sheets: &[Sheet],
    shared_group: bool,
) -> Result<PathBuf, super::ExportError> {
    super::stage::write_document(
        dir,
        &format!("{stem}.docx"),
        shared_group,
        ("evalsheet.err.io", "evalsheet.err.link"),
        |file| super::sheet_doc::write(file, sheets),
    )
}

fn yes_no(b: bool) -> String {
    t(if b { "common.yes" } else { "common.no" }).to_string()
}

fn sheet(store: &Store, court: &str, appearance: i64) -> Result<Sheet, StoreError> {
    let a = store.appearance(appearance)?;
    let h = store.hearing(a.hearing_id)?;
    let agency = store.agency(a.agency_id)?;
    let mut facts = vec![
        (t("field.case_number").to_string(), h.case_number.clone()),
        (t("field.cause").to_string(), h.cause.clone()),
        (
            t("field.date").to_string(),
            format!("{} {}", h.date, h.start_time).trim().to_string(),
        ),
        (t("field.room").to_string(), store.hearing_room(h.id)?),
        (t("field.judge").to_string(), h.judge.clone()),
        (t("field.clerk").to_string(), h.clerk.clone()),
        (t("field.defendants").to_string(), agency.name.clone()),
        // (an agency with none recorded reports to the court's own government)
        (
            t("field.government").to_string(),
            store.scope().government_of(&agency.government).to_string(),
        ),
        (t("field.person").to_string(), a.person.clone()),
        (t("field.title").to_string(), a.title.clone()),
        (
            t("field.category").to_string(),
            a.category.label().to_string(),
        ),
        (t("field.notified").to_string(), yes_no(a.notified)),
    ];
    // no head appeared: why, and whether the court accepted it (arts 8–10, 12)
    if !a.category.is_head() {
        facts.push((
            t("field.absence_reason").to_string(),
            a.absence_reason.label().to_string(),
        ));
        facts.push((
            t("field.reason_accepted").to_string(),
            yes_no(a.reason_accepted),
        ));
    }
    let mut s = Sheet {
        court: court.to_string(),
        title: t("evalsheet.title").to_string(),
        facts,
        columns: [
            t("evalsheet.col.item").to_string(),
            t("evalsheet.col.marked").to_string(),
            t("evalsheet.col.points").to_string(),
            t("evalsheet.col.evidence").to_string(),
        ],
        signatures: vec![
            t("evalsheet.sign.judge").to_string(),
            t("evalsheet.sign.clerk").to_string(),
            t("evalsheet.sign.date").to_string(),
        ],
        ..Default::default()
    };
    // the appearance's own art 12 situations (those its scores raised come after them)
    let mut flags = crate::domain::model::art12_flags(
        a.notified,
        a.category,
        a.absence_reason,
        a.reason_accepted,
        a.absent_after_postponement,
    );
    let evaluation = store.evaluation_id_of(appearance)?;
    let scored = a.category.scorable();
    let Some((eval_id, status)) = evaluation.filter(|_| scored) else {
        // someone who can be scored appeared and is not scored yet: said, never a blank sheet
        if scored {
            s.mark = t("evalsheet.unscored").to_string();
        }
        // an absence: the appearance's facts and the art 12 situation, no scores
        s.closing
            .push((t("evalsheet.flags").to_string(), flags_words(&flags)));
        closing_amendments(store, appearance, None, &mut s)?;
        return Ok(s);
    };
    if status == crate::domain::model::EvalStatus::Draft {
        s.mark = t("evalsheet.draft").to_string();
    }
    let e = store.evaluation(eval_id)?;
    let rubric = store.rubric_of_evaluation(eval_id)?;
    let score = store.score_of(eval_id)?;
    let events = store.events(eval_id)?;
    let v = voice();
    let at = |ev: &live::Event| {
        let stage =
            Stage::from_id(&ev.stage).map_or(String::new(), |st| t(st.label_key()).to_string());
        format!("{} {stage}", live::clock(ev.elapsed_ms))
            .trim()
            .to_string()
    };
    s.marks_heading = t("evalsheet.marks").to_string();
    for (d, ds) in rubric.dimensions.iter().zip(&score.dims) {
        let mut dim = Dimension {
            name: tf(
                "evalsheet.dimension",
                &[("name", &d.label_in(v.lang)), ("max", &d.max)],
            ),
            score: match ds.status {
                DimStatus::Applicable => {
                    tf("evalsheet.score", &[("score", &ds.score), ("max", &ds.max)])
                }
                DimStatus::Pending => t("scoring.pending").to_string(),
                DimStatus::NotApplicable => t("scoring.not_applicable").to_string(),
            },
            items: Vec::new(),
        };
        for item in &d.items {
            let value = e.marks.get(&item.id).copied().unwrap_or(0);
            let mut evidence: Vec<String> = events
                .iter()
                .filter(|ev| {
                    ev.item == item.id && matches!(ev.kind, EventKind::Mark | EventKind::Undo)
                })
                .map(|ev| format!("{} {}", at(ev), live::describe(ev, &rubric, v)))
                .collect();
            if let Some(note) = e.notes.get(&item.id).filter(|n| !n.trim().is_empty()) {
                evidence.push(tf("evalsheet.note", &[("note", note)]));
            }
            if value == 0 && evidence.is_empty() {
                continue;
            }
            let (marked, points) = match &item.kind {
                ItemKind::Deduction { counted: true, .. } => (
                    tf("evalsheet.times", &[("n", &value)]),
                    signed(item_effect(&item.kind, value)),
                ),
                ItemKind::Deduction { .. } | ItemKind::Fact => {
                    (yes_no(value > 0), signed(item_effect(&item.kind, value)))
                }
                ItemKind::Award { .. } => (
                    tf("evalsheet.points", &[("n", &value)]),
                    signed(item_effect(&item.kind, value)),
                ),
                ItemKind::Veto { .. } => (yes_no(value > 0), t("evalsheet.veto").to_string()),
                ItemKind::Level { options } => {
                    let chosen = usize::try_from(value - 1).ok().and_then(|i| options.get(i));
                    (
                        chosen.map_or_else(
                            || t("scoring.pending").to_string(),
                            |o| o.label_in(v.lang).to_string(),
                        ),
                        chosen.map_or(String::new(), |o| signed(o.points)),
                    )
                }
            };
            dim.items.push(Item {
                label: item.label_in(v.lang).to_string(),
                marked,
                points,
                evidence,
            });
        }
        if dim.items.is_empty() {
            dim.items.push(Item {
                label: t("evalsheet.nothing").to_string(),
                ..Default::default()
            });
        }
        s.dimensions.push(dim);
    }
    // the notes taken in the hearing on no item
    let notes: Vec<String> = events
        .iter()
        .filter(|ev| ev.kind == EventKind::Note)
        .map(|ev| format!("{} {}", at(ev), ev.note))
        .collect();
    if !notes.is_empty() {
        s.dimensions.push(Dimension {
            name: t("evalsheet.hearing_notes").to_string(),
            score: String::new(),
            items: vec![Item {
                evidence: notes,
                ..Default::default()
            }],
        });
    }
    s.closing.push((
        t("evalsheet.total").to_string(),
        match score.total_tenths {
            Some(_) => format_tenths(score.total_tenths),
            None => "—".to_string(),
        },
    ));
    s.closing.push((
        t("evalsheet.grade").to_string(),
        super::columns::grade_label(&rubric, score.grade.as_deref()),
    ));
    for f in &score.flags {
        if !flags.contains(f) {
            flags.push(f.clone());
        }
    }
    s.closing
        .push((t("evalsheet.flags").to_string(), flags_words(&flags)));
    s.closing.push((
        t("evalsheet.comment").to_string(),
        words_or_none(&e.comment),
    ));
    s.closing.push((
        t("evalsheet.performance").to_string(),
        match &e.performance {
            Some(p) => tf(
                "evalsheet.performance_text",
                &[
                    ("option", &option_label(&rubric, &p.option)),
                    ("on", &p.recorded_on),
                    ("by", &p.recorded_by),
                ],
            ),
            None => match crate::domain::performance::option_of(&rubric, &e.marks) {
                Some(o) => option_label(&rubric, &o),
                None => t("evalsheet.nothing").to_string(),
            },
        },
    ));
    closing_amendments(store, appearance, Some(&rubric), &mut s)?;
    s.closing.push((
        t("evalsheet.finalized").to_string(),
        match e.finalized_by.is_empty() {
            true => t("evalsheet.not_finalized").to_string(),
            false => format!(
                "{}，{}",
                e.finalized_by,
                e.finalized_at
                    .get(..16)
                    .unwrap_or(&e.finalized_at)
                    .replace('T', " ")
            ),
        },
    ));
    s.closing.push((
        t("evalsheet.rubric").to_string(),
        e.rubric_hash
            .get(..12)
            .unwrap_or(&e.rubric_hash)
            .to_string(),
    ));
    Ok(s)
}

/// "−4" / "+5" / "0".
fn signed(n: i64) -> String {
    match n {
        n if n > 0 => format!("+{n}"),
        n if n < 0 => format!("−{}", -n),
        _ => "0".to_string(),
    }
}

fn words_or_none(s: &str) -> String {
    match s.trim() {
        "" => t("evalsheet.nothing").to_string(),
        s => s.to_string(),
    }
}

fn flags_words(flags: &[String]) -> String {
    match flags.is_empty() {
        true => t("evalsheet.nothing").to_string(),
        false => flags
            .iter()
            .map(|f| flag_label(f))
            .collect::<Vec<_>>()
            .join("；"),
    }
}

fn option_label(rubric: &crate::domain::rubric::Rubric, id: &str) -> String {
    crate::domain::performance::level_item(rubric)
        .and_then(|(_, options)| options.iter().find(|o| o.id == id))
        .map_or_else(|| id.to_string(), |o| o.label_in(voice().lang).to_string())
}

/// The amendments of an appearance, each "field: old → new (reason; who confirmed, when)", in
/// the words of the rubric its evaluation was scored with (the default's for an absence).
fn closing_amendments(
    store: &Store,
    appearance: i64,
    rubric: Option<&crate::domain::rubric::Rubric>,
    s: &mut Sheet,
) -> Result<(), StoreError> {
    let default;
    let rubric = match rubric {
        Some(r) => r,
        None => {
            default = crate::domain::rubric::Rubric::default_rubric();
            &default
        }
    };
    let lines: Vec<String> = store
        .amendments_of(appearance)?
        .iter()
        .map(|m| {
            use crate::domain::amend::{Field, value_label};
            let field = Field::parse(rubric, &m.field)
                .map(|f| f.label(rubric).text())
                .unwrap_or_else(|_| m.field.clone());
            tf(
                "evalsheet.amendment",
                &[
                    ("field", &field),
                    ("old", &value_label(rubric, &m.field, &m.old).text()),
                    ("new", &value_label(rubric, &m.field, &m.new).text()),
                    ("reason", &m.reason),
                    ("by", &m.by),
                    ("at", &m.at.get(..16).unwrap_or(&m.at).replace('T', " ")),
                ],
            )
        })
        .collect();
    s.closing.push((
        t("evalsheet.amendments").to_string(),
        match lines.is_empty() {
            true => t("evalsheet.nothing").to_string(),
            false => lines.join("；"),
        },
    ));
    Ok(())
}

#[cfg(test)]
#[path = "sheet_tests.rs"]
pub(crate) mod tests;
