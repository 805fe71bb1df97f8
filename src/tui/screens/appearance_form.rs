//! Who appeared for one defendant agency, or why no one did.

use crate::domain::model::{AbsenceReason, AppearCategory, Appearance, Hearing};
use crate::domain::validate;
use crate::i18n::{t, tf};
use crate::tui::app::Cmd;
use crate::tui::keymap::Action;
use crate::tui::theme;
use crate::tui::widgets::form::{Field, Form};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub struct AppearanceScreen {
    pub case_number: String,
    pub appearance: Appearance,
    pub form: Form,
}

impl AppearanceScreen {
    pub fn new(h: &Hearing, a: Appearance, government: &str) -> Self {
        let cats = AppearCategory::ALL
            .iter()
            .map(|c| (c.id().to_string(), c.key()))
            .collect();
        let reasons = AbsenceReason::ALL
            .iter()
            .map(|c| (c.id().to_string(), c.key()))
            .collect();
        let form = Form::new(vec![
            Field::toggle("notified", "field.notified", a.notified),
            Field::choice("category", "field.category", cats, a.category.id()),
            Field::text("person", "field.person", &a.person),
            Field::text("title", "field.title", &a.title),
            Field::choice(
                "absence_reason",
                "field.absence_reason",
                reasons,
                a.absence_reason.id(),
            ),
            Field::toggle(
                "reason_accepted",
                "field.reason_accepted",
                a.reason_accepted,
            ),
            Field::toggle(
                "postponed",
                "field.absent_after_postponement",
                a.absent_after_postponement,
            ),
            Field::text("government", "field.government", government),
        ]);
        AppearanceScreen {
            case_number: h.case_number.clone(),
            appearance: a,
            form,
        }
    }

    fn current(&self) -> Appearance {
        let f = &self.form;
        Appearance {
            notified: f.toggle("notified"),
            person: f.text("person").trim().to_string(),
            title: f.text("title").trim().to_string(),
            category: AppearCategory::from_id(&f.choice("category"))
                .unwrap_or(AppearCategory::Nobody),
            absence_reason: AbsenceReason::from_id(&f.choice("absence_reason"))
                .unwrap_or(AbsenceReason::NotGiven),
            reason_accepted: f.toggle("reason_accepted"),
            absent_after_postponement: f.toggle("postponed"),
            ..self.appearance.clone()
        }
    }

    pub fn validate(&mut self) -> Option<Appearance> {
        let a = self.current();
        let gov_err = crate::domain::validate::required(&self.form.text("government")).err();
        self.form.set_error("government", gov_err);
        let err = if a.category.scorable() {
            validate::required(&a.person).err()
        } else {
            None
        };
        self.form.set_error("person", err);
        if let Some(i) = self.form.first_error() {
            self.form.focus = i;
            return None;
        }
        Some(a)
    }

    /// What the footer offers.
    pub fn commands(&self) -> &'static [Action] {
        &[
            Action::Save,
            Action::NextField,
            Action::Cancel,
            Action::Help,
        ]
    }

    pub fn handle_key(&mut self, key: &KeyEvent, action: Option<Action>) -> Option<Cmd> {
        let back = Cmd::OpenHearing(self.appearance.hearing_id);
        match action {
            Some(Action::Save) => {
                return match self.validate() {
                    Some(a) => Some(Cmd::SaveAppearance(
                        a,
                        self.form.text("government").trim().to_string(),
                    )),
                    None => Some(Cmd::Error(
                        self.form.focused().error.clone().unwrap_or_default(),
                    )),
                };
            }
            Some(Action::Cancel) => {
                return Some(if self.form.dirty {
                    Cmd::Confirm(t("confirm.discard").to_string(), Box::new(back))
                } else {
                    back
                });
            }
            Some(Action::NextField) => {
                self.form.next();
                return None;
            }
            Some(Action::PrevField) => {
                self.form.prev();
                return None;
            }
            _ => {}
        }
        if key.code == KeyCode::Enter {
            if self.form.focus + 1 == self.form.fields.len() {
                let government = self.form.text("government").trim().to_string();
                return self.validate().map(|a| Cmd::SaveAppearance(a, government));
            }
            self.form.next();
            return None;
        }
        self.form.handle_key(key);
        None
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let title = tf(
            "form.appearance",
            &[
                ("agency", &self.appearance.agency_name),
                ("case", &self.case_number),
            ],
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(format!(" {title} "), theme::header()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [fields, _, flags] = Layout::vertical([
            Constraint::Length(8),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(inner);
        self.form.render(frame, fields);
        self.form.render_focused_error(frame, inner);
        // what the current answers mean under art. 12, before saving
        let a = self.current();
        let derived = a.derived_flags();
        let mut lines = vec![Line::from(Span::styled(
            t("appearance.flags_preview"),
            theme::label(),
        ))];
        if derived.is_empty() {
            lines.push(Line::from(Span::styled(
                t("appearance.no_flags"),
                theme::ok(),
            )));
        }
        for f in derived {
            lines.push(Line::from(Span::styled(
                format!("⚑ {}", crate::domain::model::flag_label(&f)),
                theme::flag(),
            )));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(t("appearance.help"), theme::dim())));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), flags);
    }
}
