//! The judgment performance worklist (判决履行待办): finalized evaluations whose performance is
//! still pending, overdue first, with the judgment's dates; `o` records the outcome, `e` enters the
//! dates in a small form over the list.

use crate::cmd::Cmd;
use crate::domain::followup::{Followup, Standing, standing};
use crate::domain::validate;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::keymap::{Action, Keymap, Section};
use crate::theme;
use crate::widgets::columns::{self, Column};
use crate::widgets::ellipsis;
use crate::widgets::form::{Field, Form, Step};
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Rows PageUp and PageDown move by.
const PAGE: usize = 10;

/// The judgment dates of one row, being entered.
pub struct DatesForm {
    pub appearance_id: i64,
    pub case_number: String,
    pub agency: String,
    pub form: Form,
}

pub struct FollowupsScreen {
    /// the day the worklist is as of
    pub today: NaiveDate,
    pub rows: Vec<Followup>,
    pub selected: usize,
    /// the dates form, open over the list
    pub editing: Option<DatesForm>,
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

impl FollowupsScreen {
    pub fn new(today: NaiveDate, rows: Vec<Followup>) -> Self {
        FollowupsScreen {
            today,
            rows,
            selected: 0,
            editing: None,
        }
    }

    /// The actions the footer offers: the date form's while it is open.
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
                Action::Performance,
                Action::JudgmentDates,
                Action::Suggestions,
                Action::Back,
                Action::Help,
            ]
        }
    }

    /// The keys in use: the form's while it is open.
    pub fn section(&self) -> Section {
        if self.editing.is_some() {
            Section::Form
        } else {
            Section::Followups
        }
    }

    pub fn overdue(&self) -> usize {
        self.rows.iter().filter(|f| f.overdue()).count()
    }

    /// New rows (after a change), keeping the selected evaluation when it is still there.
    pub fn set_rows(&mut self, today: NaiveDate, rows: Vec<Followup>) {
        let was = self.rows.get(self.selected).map(|f| f.evaluation_id);
        self.today = today;
        self.rows = rows;
        self.selected = was
            .and_then(|id| self.rows.iter().position(|f| f.evaluation_id == id))
            .unwrap_or(self.selected)
            .min(self.rows.len().saturating_sub(1));
    }

    pub fn selected_row(&self) -> Option<&Followup> {
        self.rows.get(self.selected)
    }

    fn open_form(&mut self) {
        let Some(f) = self.selected_row() else {
            return;
        };
        let form = Form::new(vec![
            Field::text(
                "effective",
                "field.judgment_effective",
                &date_text(f.judgment_effective),
            ),
            Field::text(
                "deadline",
                "field.performance_deadline",
                &date_text(f.deadline),
            ),
        ]);
        self.editing = Some(DatesForm {
            appearance_id: f.appearance_id,
            case_number: f.case_number.clone(),
            agency: f.agency.clone(),
            form,
        });
    }

    /// The dates typed, checked field by field; None (with the errors shown) when one is not a date.
    fn dates(e: &mut DatesForm) -> Option<Cmd> {
        let effective = validate::optional_date(&e.form.text("effective"));
        let deadline = validate::optional_date(&e.form.text("deadline"));
        e.form
            .set_error("effective", effective.clone().err().map(|m| m.text()));
        e.form
            .set_error("deadline", deadline.clone().err().map(|m| m.text()));
        if let Some(i) = e.form.first_error() {
            e.form.focus = i;
            return None;
        }
        Some(Cmd::SaveJudgmentDates {
            appearance: e.appearance_id,
            effective: effective.ok().flatten(),
            deadline: deadline.ok().flatten(),
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
                // a date that is not one is shown in the form, which stays open
                Step::Submit => return Self::dates(e),
                Step::Cancel => self.editing = None,
                Step::Stay => {}
            }
            return None;
        }
        match action? {
            Action::Back => return Some(Cmd::OpenList),
            Action::Refresh => return Some(Cmd::OpenFollowups),
            Action::Suggestions => return Some(Cmd::OpenSuggestions(None)),
            Action::Performance => {
                return self
                    .selected_row()
                    .map(|f| Cmd::ChooseOutcome(f.evaluation_id));
            }
            Action::JudgmentDates => self.open_form(),
            a => {
                crate::widgets::moved(&mut self.selected, a, self.rows.len(), PAGE);
            }
        }
        None
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        if self.rows.is_empty() {
            crate::widgets::render_empty(frame, area, t("followups.empty"), t("followups.rule"));
            return;
        }
        let count = |s: Standing| self.rows.iter().filter(|f| standing(f) == s).count();
        let [summary, rule, table] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(area);
        frame.render_widget(
            Paragraph::new(Line::from(vec![Span::styled(
                tf(
                    "followups.summary",
                    &[
                        ("today", &self.today),
                        ("o", &count(Standing::Overdue)),
                        ("d", &count(Standing::Due)),
                        ("u", &count(Standing::NoDeadline)),
                    ],
                ),
                theme::label(),
            )])),
            summary,
        );
        frame.render_widget(
            Paragraph::new(Span::styled(
                ellipsis(t("followups.rule"), rule.width as usize),
                theme::dim(),
            )),
            rule,
        );
        self.render_table(frame, table);
        if let Some(e) = &self.editing {
            render_form(frame, area, e);
        }
    }

    fn render_table(&self, frame: &mut Frame, area: Rect) {
        let height = (area.height as usize).saturating_sub(1).max(1); // the header row
        // the selection stays in view; no state is kept while drawing
        let scroll = self.selected.saturating_sub(height - 1);
        // at 80 columns hearing and effective dates lose their year, the deadline keeps it (it
        // may fall in the next one)
        let narrow = area.width < 120;
        let short = |d: String| -> String {
            if narrow {
                d.get(5..).map(str::to_string).unwrap_or(d)
            } else {
                d
            }
        };
        let dated = |d: Option<NaiveDate>| {
            d.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| "—".to_string())
        };
        // the columns from what the visible rows hold (cut with …, never a case number); at 80
        // columns the effective date is headed short
        let header = [
            t("list.col.case"),
            t("list.col.date"),
            t("list.col.agency"),
            t("followups.col.person"),
            t(if narrow {
                "followups.col.effective_short"
            } else {
                "followups.col.effective"
            }),
            t("followups.col.deadline"),
            t("followups.col.standing"),
        ];
        let cols = [
            Column::whole(),
            Column::whole(),
            Column::left(8),
            Column::left(4),
            Column::whole(),
            Column::whole(),
            Column::whole(),
        ];
        let visible: Vec<(usize, &Followup)> = self
            .rows
            .iter()
            .enumerate()
            .skip(scroll)
            .take(height)
            .collect();
        let texts: Vec<Vec<String>> = visible
            .iter()
            .map(|(_, f)| {
                vec![
                    f.case_number.clone(),
                    short(f.hearing_date.clone()),
                    f.agency.clone(),
                    f.person.clone(),
                    match f.judgment_effective {
                        Some(_) => short(dated(f.judgment_effective)),
                        None => dated(None),
                    },
                    dated(f.deadline),
                    f.standing_text().text(),
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
                let (at, f) = visible[i];
                if at == self.selected {
                    theme::selected()
                } else if f.overdue() {
                    theme::flag()
                } else {
                    Style::default()
                }
            },
            |i, k| {
                let (at, f) = visible[i];
                (k == 6).then(|| match (at == self.selected, standing(f)) {
                    (true, _) => Style::default(),
                    (_, Standing::Overdue) => theme::error(),
                    (_, Standing::Due) => theme::draft(),
                    (_, Standing::NoDeadline) => theme::dim(),
                })
            },
        );
    }
}

/// The dates form, in a box over the list.
fn render_form(frame: &mut Frame, area: Rect, e: &DatesForm) {
    let title = tf(
        "followups.form_title",
        &[("case", &e.case_number), ("agency", &e.agency)],
    );
    e.form
        .render_boxed(frame, area, &title, t("followups.form_help"));
}
