//! Who appeared for one defendant agency, or why no one did. The person field offers the people
//! who appeared for the agency before, the most recent first: taking one (↓, then Enter or Tab)
//! fills in the name, the title and the category.

use crate::cmd::Cmd;
use crate::domain::model::{AbsenceReason, AppearCategory, Appearance, Hearing};
use crate::domain::validate;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::keymap::{Action, Keymap, Section};
use crate::records::Person;
use crate::theme;
use crate::widgets::ellipsis;
use crate::widgets::form::{Field, FieldKind, Form, LABEL_WIDTH};
use crate::widgets::offers::Offers;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

pub struct AppearanceScreen {
    pub case_number: String,
    pub appearance: Appearance,
    pub form: Form,
    /// the people who appeared for the agency before, the most recent first
    pub people: Vec<Person>,
    offers: Offers,
}

/// "张建国　副局长　副职负责人": how a person remembered is offered.
fn person_label(p: &Person) -> String {
    [p.name.as_str(), p.title.as_str(), p.category.label()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("　")
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
            people: Vec::new(),
            offers: Offers::default(),
        }
    }

    /// Offers the people who appeared for the agency before (the most recent first).
    pub fn with_people(mut self, people: Vec<Person>) -> Self {
        self.offers = Offers::remembered(
            people
                .iter()
                .map(|p| (p.name.clone(), person_label(p)))
                .collect(),
        );
        self.people = people;
        self
    }

    /// The person field's keys for the offers (↓↑ choose, Enter or Tab take): true when used. A
    /// person taken fills in the title and the category too.
    fn offer_key(&mut self, key: &KeyEvent, keymap: &Keymap) -> bool {
        if self.form.focused().id != "person" {
            return false;
        }
        let FieldKind::Text(field) = &mut self.form.get_mut("person").kind else {
            return false;
        };
        let used = self.offers.handle_key(key, field, keymap);
        if let Some(p) = self.offers.taken().and_then(|i| self.people.get(i)) {
            if let FieldKind::Text(f) = &mut self.form.get_mut("title").kind {
                f.set(&p.title);
            }
            if let FieldKind::Choice { options, index } = &mut self.form.get_mut("category").kind
                && let Some(i) = options.iter().position(|(id, _)| id == p.category.id())
            {
                *index = i;
            }
            self.form.set_error("person", None);
            self.form.dirty = true;
        }
        used
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
        self.form.set_error("government", gov_err.map(|m| m.text()));
        let err = if a.category.scorable() {
            validate::required(&a.person).err()
        } else {
            None
        };
        self.form.set_error("person", err.map(|m| m.text()));
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

    pub fn handle_key(
        &mut self,
        key: &KeyEvent,
        action: Option<Action>,
        keymap: &Keymap,
    ) -> Option<Cmd> {
        let back = Cmd::Leave(self.appearance.hearing_id);
        if !matches!(action, Some(Action::Save | Action::Cancel)) && self.offer_key(key, keymap) {
            return None;
        }
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
        if action == Some(Action::Accept) {
            if self.form.focus + 1 == self.form.fields.len() {
                let government = self.form.text("government").trim().to_string();
                return self.validate().map(|a| Cmd::SaveAppearance(a, government));
            }
            self.form.next();
            return None;
        }
        if self.form.handle_key(key, keymap).0 {
            self.offers.edited();
        }
        None
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, keymap: &Keymap) {
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
                format!("⚑ {}", crate::i18n::flag_label(&f)),
                theme::flag(),
            )));
        }
        lines.push(Line::from(""));
        let key = |a| keymap.key(Section::Form, a);
        let options = format!(
            "{}/{}",
            key(Action::PrevOption),
            keymap.keys(Section::Form, Action::NextOption)
        );
        let help = tf(
            "appearance.help",
            &[
                ("options", &options),
                ("accept", &key(Action::Accept)),
                ("save", &key(Action::Save)),
                ("cancel", &key(Action::Cancel)),
            ],
        );
        lines.push(Line::from(Span::styled(help, theme::dim())));
        // while the person is chosen, the people remembered take the preview's place
        if self.form.focused().id == "person" && self.render_offers(frame, fields, flags, keymap) {
            return;
        }
        frame.render_widget(
            Paragraph::new(crate::widgets::wrap_text(lines, flags.width)),
            flags,
        );
    }

    /// The people remembered, under the person field; false when none are offered.
    fn render_offers(&self, frame: &mut Frame, fields: Rect, below: Rect, keymap: &Keymap) -> bool {
        let (labels, highlight) = self.offers.shown(&self.form.text("person"));
        if labels.is_empty() || below.height < 3 {
            return false;
        }
        let x = fields.x + LABEL_WIDTH + 1;
        let width = fields.right().saturating_sub(x).min(60);
        let height = (labels.len() as u16 + 2).min(below.height);
        let r = Rect::new(x, below.y, width, height);
        let key = |a| keymap.key(Section::Offers, a);
        let keys = tf(
            "offers.people_keys",
            &[
                ("down", &key(Action::Down)),
                ("up", &key(Action::Up)),
                ("pick", &key(Action::Pick)),
                ("complete", &key(Action::Complete)),
            ],
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(
                ellipsis(t("offers.people"), width.saturating_sub(2) as usize),
                theme::label(),
            ))
            .title_bottom(Span::styled(
                ellipsis(&keys, width.saturating_sub(2) as usize),
                theme::dim(),
            ));
        let inner = block.inner(r);
        frame.render_widget(block, r);
        let w = inner.width as usize;
        // the highlighted one stays in view
        let rows = inner.height.max(1) as usize;
        let skip = highlight.map_or(0, |h| (h + 1).saturating_sub(rows));
        let lines: Vec<Line> = labels
            .iter()
            .enumerate()
            .skip(skip)
            .take(rows)
            .map(|(i, l)| {
                let style = if Some(i) == highlight {
                    theme::selected()
                } else {
                    theme::focused_label()
                };
                Line::from(Span::styled(ellipsis(l, w), style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
        true
    }
}
