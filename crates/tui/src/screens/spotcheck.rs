//! A justice bureau's video spot checks (随机查看出庭应诉视频): the appearances drawn for a period
//! (`←→` another month), each with the court's total and the bureau's review. `Enter` opens the
//! review form — a score for each of the rubric's dimensions, a note, the reviewer (and, once
//! finalized, the reason for a change) — `F` finalizes the selected review with the reviewer's
//! name. Where the bureau's total and the court's differ by more than the rubric's margin, both
//! are shown and marked.

use crate::cmd::Cmd;
use crate::domain::bureau::{BureauRubric, differs};
use crate::domain::period::Period;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::keymap::{Action, Keymap, Section};
use crate::theme;
use crate::widgets::columns::{self, Column};
use crate::widgets::ellipsis;
use crate::widgets::form::{Field, Form, Step};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use std::collections::BTreeMap;
use tingping_app::court::Sampled;

const PAGE: usize = 10;

/// A review being entered.
pub struct ReviewForm {
    pub court_code: String,
    pub uid: String,
    pub title: String,
    pub finalized: bool,
    pub form: Form,
}

pub struct SpotcheckScreen {
    pub period: Period,
    pub rows: Vec<Sampled>,
    pub selected: usize,
    pub rubric: BureauRubric,
    pub editing: Option<ReviewForm>,
}

impl SpotcheckScreen {
    pub fn new(period: Period, rows: Vec<Sampled>, rubric: BureauRubric) -> Self {
        SpotcheckScreen {
            period,
            rows,
            selected: 0,
            rubric,
            editing: None,
        }
    }

    pub fn commands(&self) -> &'static [Action] {
        if self.editing.is_some() {
            &[
                Action::Save,
                Action::NextField,
                Action::Cancel,
                Action::Help,
            ]
        } else {
            &[
                Action::ReviewVideo,
                Action::Finalize,
                Action::PrevPeriod,
                Action::NextPeriod,
                Action::Help,
                Action::Quit,
            ]
        }
    }

    pub fn section(&self) -> Section {
        if self.editing.is_some() {
            Section::Form
        } else {
            Section::Spotcheck
        }
    }

    /// Whether `action` acts on the selected row: a review to finalize needs a draft.
    pub fn enabled(&self, action: Action) -> bool {
        let row = self.rows.get(self.selected);
        match action {
            Action::ReviewVideo => row.is_some(),
            Action::Finalize => row
                .and_then(|r| r.review.as_ref())
                .is_some_and(|v| !v.finalized),
            _ => true,
        }
    }

    /// New rows (after a change), the selected appearance kept.
    pub fn set_rows(&mut self, period: Period, rows: Vec<Sampled>) {
        let was = self
            .rows
            .get(self.selected)
            .map(|r| (r.court_code.clone(), r.record.id.clone()));
        let same = period == self.period;
        self.period = period;
        self.rows = rows;
        self.selected = was
            .filter(|_| same)
            .and_then(|(c, u)| {
                self.rows
                    .iter()
                    .position(|r| r.court_code == c && r.record.id == u)
            })
            .unwrap_or(0)
            .min(self.rows.len().saturating_sub(1));
    }

    fn open_form(&mut self) {
        let Some(s) = self.rows.get(self.selected) else {
            return;
        };
        let lang = crate::i18n::lang();
        let review = s.review.as_ref();
        let mut fields: Vec<Field> = Vec::new();
        for d in &self.rubric.dimensions {
            let value = review
                .and_then(|r| r.scores.get(&d.id))
                .map(|v| v.to_string())
                .unwrap_or_default();
            fields.push(
                Field::text("score", "bureau.form.score", &value).captioned(tf(
                    "bureau.form.dimension",
                    &[("name", &d.label_in(lang)), ("max", &d.max)],
                )),
            );
        }
        fields.push(Field::text(
            "note",
            "bureau.field.note",
            &review.map(|r| r.note.clone()).unwrap_or_default(),
        ));
        fields.push(Field::text(
            "reviewer",
            "bureau.field.reviewer",
            &review.map(|r| r.reviewer.clone()).unwrap_or_default(),
        ));
        let finalized = review.is_some_and(|r| r.finalized);
        if finalized {
            fields.push(Field::text("reason", "bureau.form.reason", ""));
        }
        self.editing = Some(ReviewForm {
            court_code: s.court_code.clone(),
            uid: s.record.id.clone(),
            title: tf(
                "bureau.form.title",
                &[
                    ("case", &s.record.case_number),
                    ("agency", &s.record.agency),
                ],
            ),
            finalized,
            form: Form::new(fields),
        });
    }

    /// The scores typed, each a number within its dimension (an empty one is not scored yet);
    /// None, the errors shown, when one is not.
    fn review(rubric: &BureauRubric, e: &mut ReviewForm) -> Option<Cmd> {
        let mut scores = BTreeMap::new();
        let mut bad = Vec::new();
        for (i, d) in rubric.dimensions.iter().enumerate() {
            let text = e.form.text_at(i);
            let error = match text.trim() {
                "" => None,
                v => match v.parse::<i64>() {
                    Ok(n) if (0..=d.max).contains(&n) => {
                        scores.insert(d.id.clone(), n);
                        None
                    }
                    _ => Some(tf(
                        "bureau.form.bad_score",
                        &[("value", &v), ("max", &d.max)],
                    )),
                },
            };
            if error.is_some() {
                bad.push(i);
            }
            e.form.fields[i].error = error;
        }
        let reason = e.finalized.then(|| e.form.text("reason"));
        if reason.as_ref().is_some_and(|r| r.trim().is_empty()) {
            let at = e.form.fields.len() - 1;
            e.form.fields[at].error = Some(t("bureau.form.reason_needed").to_string());
            bad.push(at);
        }
        if let Some(first) = bad.first() {
            e.form.focus = *first;
            return None;
        }
        Some(Cmd::SaveReview {
            court_code: e.court_code.clone(),
            uid: e.uid.clone(),
            scores,
            note: e.form.text("note"),
            reviewer: e.form.text("reviewer"),
            reason,
        })
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(e) = &mut self.editing {
            e.form.paste(text);
        }
    }

    pub fn handle_key(
        &mut self,
        key: &KeyEvent,
        action: Option<Action>,
        keymap: &Keymap,
    ) -> Option<Cmd> {
        if let Some(e) = &mut self.editing {
            match e.form.step(key, action, keymap) {
                Step::Submit => return Self::review(&self.rubric, e),
                Step::Cancel => self.editing = None,
                Step::Stay => {}
            }
            return None;
        }
        let action = action?;
        if !self.enabled(action) {
            return None;
        }
        match action {
            Action::Quit => return Some(Cmd::Quit),
            Action::ReviewVideo => self.open_form(),
            Action::Finalize => {
                return self
                    .rows
                    .get(self.selected)
                    .and_then(|r| r.review.as_ref())
                    .map(|v| Cmd::AskFinalizeReview(v.id));
            }
            Action::PrevPeriod => return Some(Cmd::OpenSpotcheck(Some(self.period.previous()))),
            Action::NextPeriod => {
                // the month after (never one that has not begun)
                let next = Period::month_of(self.period.to + chrono::Days::new(1));
                if next.from <= chrono::Local::now().date_naive() {
                    return Some(Cmd::OpenSpotcheck(Some(next)));
                }
            }
            Action::Refresh => return Some(Cmd::OpenSpotcheck(Some(self.period.clone()))),
            a => {
                crate::widgets::moved(&mut self.selected, a, self.rows.len(), PAGE);
            }
        }
        None
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let [head, rule, body] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(area);
        let done = self
            .rows
            .iter()
            .filter(|r| r.review.as_ref().is_some_and(|v| v.finalized))
            .count();
        frame.render_widget(
            Paragraph::new(Span::styled(
                ellipsis(
                    &tf(
                        "bureau.screen.head",
                        &[
                            ("period", &self.period.title().text()),
                            ("n", &self.rows.len()),
                            ("done", &done),
                        ],
                    ),
                    head.width as usize,
                ),
                theme::label(),
            )),
            head,
        );
        frame.render_widget(
            Paragraph::new(Span::styled(
                ellipsis(
                    &tf("bureau.screen.rule", &[("margin", &self.rubric.margin)]),
                    rule.width as usize,
                ),
                theme::dim(),
            )),
            rule,
        );
        if self.rows.is_empty() {
            crate::widgets::render_empty(
                frame,
                body,
                &tf("bureau.screen.empty", &[("period", &self.period.id)]),
                t("bureau.screen.how"),
            );
        } else {
            self.render_table(frame, body);
        }
        if let Some(e) = &self.editing {
            let height = (e.form.fields.len() as u16 + 6).min(area.height);
            e.form
                .render_boxed_sized(frame, area, &e.title, t("bureau.form.help"), height);
        }
    }

    fn render_table(&self, frame: &mut Frame, area: Rect) {
        let height = (area.height as usize).saturating_sub(1).max(1);
        let scroll = self.selected.saturating_sub(height - 1);
        let header = [
            t("bureau.col.n"),
            t("list.col.case"),
            t("list.col.date"),
            t("list.col.agency"),
            t("bureau.col.person"),
            t("bureau.col.court"),
            t("bureau.col.bureau"),
        ];
        let cols = [
            Column::whole(),
            Column::whole(),
            Column::whole(),
            Column::left(6),
            Column::left(4),
            Column::whole(),
            Column::whole(),
        ];
        let visible: Vec<(usize, &Sampled)> = self
            .rows
            .iter()
            .enumerate()
            .skip(scroll)
            .take(height)
            .collect();
        let marked = |s: &Sampled| -> bool {
            let court = s.record.eval.as_ref().and_then(|e| e.total_tenths);
            match (court, &s.review) {
                (Some(c), Some(v)) => differs(c, v.total(), self.rubric.margin),
                _ => false,
            }
        };
        let texts: Vec<Vec<String>> = visible
            .iter()
            .map(|(_, s)| {
                let r = &s.record;
                let court = r
                    .eval
                    .as_ref()
                    .and_then(|e| e.total_tenths)
                    .map_or("—".to_string(), |t| format!("{:.1}", t as f64 / 10.0));
                let bureau = match &s.review {
                    None => t("bureau.review.none").to_string(),
                    Some(v) if v.finalized => tf("bureau.review.final", &[("total", &v.total())]),
                    Some(v) => tf("bureau.review.draft", &[("total", &v.total())]),
                };
                let bureau = if marked(s) {
                    format!("⚑ {bureau}")
                } else {
                    bureau
                };
                vec![
                    s.seq.to_string(),
                    r.case_number.clone(),
                    r.hearing_date.get(5..).unwrap_or_default().to_string(),
                    r.agency.clone(),
                    format!("{} {}", r.person, r.title),
                    court,
                    bureau,
                ]
            })
            .collect();
        columns::render_table(
            frame,
            area,
            &cols,
            &header,
            &texts,
            |i| {
                let (at, s) = visible[i];
                if at == self.selected {
                    theme::selected()
                } else if marked(s) {
                    theme::flag()
                } else {
                    Style::default()
                }
            },
            |_, _| None,
        );
    }
}
