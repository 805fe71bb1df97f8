//! New or edited hearing: validated fields, defendant agencies picked from those already known.
//! 审判长 and 书记员 offer the names of earlier hearings (the most recent first); a new hearing
//! starts with the previous hearing's.
//! A settled hearing opens in amendment mode: the same fields, changes listed old → new and saved
//! together with a reason and a judge's name.

use crate::cmd::Cmd;
use crate::config::Config;
use crate::domain::model::{ActKind, Hearing, KeyCategory};
use crate::domain::rubric::Rubric;
use crate::domain::scope::Scope;
use crate::domain::validate;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::keymap::{Action, Keymap, Section};
use crate::overlay::amend::Pending;
use crate::records::HearingInput;
use crate::theme;
use crate::widgets::form::{Field, FieldKind, Form, LABEL_WIDTH};
use crate::widgets::offers::Offers;
use crate::widgets::picker::Pick;
use crate::widgets::text_field::TextField;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

pub struct HearingFormScreen {
    pub id: Option<i64>,
    pub form: Form,
    /// the court and case types this database records
    scope: Scope,
    /// amendment mode: the hearing as it is
    pub amend: Option<HearingAmend>,
    /// the presiding judges and clerks of earlier hearings, offered in their fields
    judges: Offers,
    clerks: Offers,
}

pub struct HearingAmend {
    pub original: Hearing,
    /// a settled appearance of the hearing, through which its fields are amended
    pub appearance: i64,
    rubric: std::rc::Rc<Rubric>,
}

/// The hearing's fields an amendment may change, as the form holds them.
const AMENDABLE: &[&str] = &[
    "case_number",
    "cause",
    "act_kind",
    "court",
    "judge",
    "clerk",
    "date",
    "start_time",
    "end_time",
    "online",
    "key_category",
];

fn options<T: Copy>(
    all: &[T],
    id: fn(T) -> &'static str,
    key: fn(T) -> String,
) -> Vec<(String, String)> {
    all.iter().map(|x| (id(*x).to_string(), key(*x))).collect()
}

impl HearingFormScreen {
    fn build(h: &Hearing, defendants: Option<Vec<String>>) -> Form {
        let mut fields = vec![
            Field::text("case_number", "field.case_number", &h.case_number),
            Field::text("cause", "field.cause", &h.cause),
            Field::choice(
                "act_kind",
                "field.act_kind",
                options(ActKind::ALL, ActKind::id, ActKind::key),
                h.act_kind.id(),
            ),
            Field::text("court", "field.court", &h.court),
            Field::text("judge", "field.judge", &h.judge),
            Field::text("clerk", "field.clerk", &h.clerk),
            Field::text("date", "field.date", &h.date.to_string()),
            Field::text("start_time", "field.start_time", &h.start_time),
            Field::text("end_time", "field.end_time", &h.end_time),
            Field::toggle("online", "field.online_hearing", h.online),
            Field::choice(
                "key_category",
                "field.key_category",
                options(KeyCategory::ALL, KeyCategory::id, KeyCategory::key),
                h.key_category.id(),
            ),
        ];
        let mut list = Field::list(
            "defendants",
            "field.defendants",
            defendants.clone().unwrap_or_default(),
        );
        list.hidden = defendants.is_none();
        fields.push(list);
        Form::new(fields)
    }

    pub fn new_hearing(config: &Config, now: chrono::NaiveDateTime) -> Self {
        let h = Hearing {
            id: 0,
            case_number: String::new(),
            cause: String::new(),
            act_kind: ActKind::Penalty,
            court: config.court_name.clone(),
            judge: String::new(),
            clerk: String::new(),
            date: now.date(),
            start_time: now.format("%H:%M").to_string(),
            end_time: String::new(),
            sitting: 1,
            online: false,
            key_category: KeyCategory::None,
        };
        let mut form = Self::build(&h, Some(Vec::new()));
        if !config.court_code.is_empty()
            && let FieldKind::Text(f) = &mut form.get_mut("case_number").kind
        {
            f.set(&format!(
                "（{}）{}行初",
                now.format("%Y"),
                config.court_code
            ));
        }
        HearingFormScreen {
            id: None,
            form,
            scope: config.scope(),
            amend: None,
            judges: Offers::default(),
            clerks: Offers::default(),
        }
    }

    pub fn edit(h: &Hearing, config: &Config) -> Self {
        HearingFormScreen {
            id: Some(h.id),
            form: Self::build(h, None),
            scope: config.scope(),
            amend: None,
            judges: Offers::default(),
            clerks: Offers::default(),
        }
    }

    /// A settled hearing's form in amendment mode: nothing is written until the changes are
    /// saved with a reason and a judge's name.
    pub fn amend(
        h: &Hearing,
        config: &Config,
        appearance: i64,
        rubric: std::rc::Rc<Rubric>,
    ) -> Self {
        HearingFormScreen {
            amend: Some(HearingAmend {
                original: h.clone(),
                appearance,
                rubric,
            }),
            ..Self::edit(h, config)
        }
    }

    /// Offers the judges and clerks of earlier hearings (the most recent first) in their fields;
    /// with `fill`, empty fields start with the most recent (the previous hearing's).
    pub fn remember(&mut self, judges: Vec<String>, clerks: Vec<String>, fill: bool) {
        for (id, names) in [("judge", &judges), ("clerk", &clerks)] {
            if let (true, Some(first), FieldKind::Text(f)) =
                (fill, names.first(), &mut self.form.get_mut(id).kind)
                && f.value().is_empty()
            {
                f.set(first);
            }
        }
        let offered = |names: Vec<String>| {
            Offers::remembered(names.into_iter().map(|n| (n.clone(), n)).collect())
        };
        self.judges = offered(judges);
        self.clerks = offered(clerks);
    }

    /// The offers of the focused field, with its text: 审判长's or 书记员's.
    fn offers_of_focused(&mut self) -> Option<(&mut Offers, &mut TextField)> {
        let id = self.form.focused().id;
        let offers = match id {
            "judge" => &mut self.judges,
            "clerk" => &mut self.clerks,
            _ => return None,
        };
        match &mut self.form.get_mut(id).kind {
            FieldKind::Text(f) => Some((offers, f)),
            _ => None,
        }
    }

    /// ↓↑ choose among the names offered, Enter or Tab take one: true when the key was used.
    fn offer_key(&mut self, key: &KeyEvent, keymap: &Keymap) -> bool {
        let id = self.form.focused().id;
        let Some((offers, field)) = self.offers_of_focused() else {
            return false;
        };
        let used = offers.handle_key(key, field, keymap);
        if offers.taken().is_some() {
            self.form.set_error(id, None);
            self.form.dirty = true;
        }
        used
    }

    /// A field's value as the store keeps it: the hearing's, or the form's (canonical when valid).
    fn value(&self, h: Option<&Hearing>, id: &str) -> String {
        if let Some(h) = h {
            return match id {
                "case_number" => h.case_number.clone(),
                "cause" => h.cause.clone(),
                "act_kind" => h.act_kind.id().to_string(),
                "court" => h.court.clone(),
                "judge" => h.judge.clone(),
                "clerk" => h.clerk.clone(),
                "date" => h.date.to_string(),
                "start_time" => h.start_time.clone(),
                "end_time" => h.end_time.clone(),
                "online" => i64::from(h.online).to_string(),
                "key_category" => h.key_category.id().to_string(),
                _ => String::new(),
            };
        }
        let f = &self.form;
        let text = f.text(id).trim().to_string();
        match id {
            "case_number" => self
                .scope
                .check(&text)
                .map(|c| c.canonical())
                .unwrap_or(text),
            "date" => validate::date(&text).unwrap_or(text),
            "start_time" => validate::time(&text).unwrap_or(text),
            "end_time" => validate::optional_time(&text).unwrap_or(text),
            "act_kind" | "key_category" => f.choice(id),
            "online" => i64::from(f.toggle(id)).to_string(),
            _ => text,
        }
    }

    /// Amendment mode: what the form changes, old → new.
    pub fn changes(&self) -> Vec<Pending> {
        let Some(m) = &self.amend else {
            return Vec::new();
        };
        AMENDABLE
            .iter()
            .filter_map(|id| {
                let (old, new) = (self.value(Some(&m.original), id), self.value(None, id));
                (old != new).then(|| Pending {
                    field: id.to_string(),
                    shown: crate::report::history::change(&m.rubric, id, &old, &new),
                    value: new,
                })
            })
            .collect()
    }

    /// Amendment mode: the changes under the fields (above the error lines).
    fn render_changes(&self, frame: &mut Frame, area: Rect) {
        let changes = self.changes();
        let rows = area.height.saturating_sub(3) as usize;
        if rows == 0 {
            return;
        }
        let mut lines = vec![Line::from(Span::styled(
            tf("amend.pending", &[("n", &changes.len())]),
            theme::label(),
        ))];
        for c in changes.iter().take(rows.saturating_sub(1)) {
            lines.push(Line::from(Span::styled(
                format!("* {}", c.shown),
                theme::changed(),
            )));
        }
        let area = Rect {
            x: area.x + 1,
            y: area.y + 1,
            width: area.width.saturating_sub(2),
            height: rows as u16,
        };
        frame.render_widget(Paragraph::new(lines), area);
    }

    /// A new agency's name, added to the defendants once asked about (see `Picker::ask_new`).
    pub fn add_new_defendant(&mut self, name: String) {
        if let FieldKind::List { picker, items } = &mut self.form.get_mut("defendants").kind {
            if !items.contains(&name) {
                items.push(name);
            }
            picker.clear();
            self.form.dirty = true;
        }
    }

    pub fn set_suggestions(&mut self, names: Vec<String>) {
        if let FieldKind::List { picker, .. } = &mut self.form.get_mut("defendants").kind {
            picker.set_suggestions(names);
        }
    }

    fn check(&mut self, id: &str) {
        let text = self.form.text(id);
        let result = match id {
            "case_number" => self.scope.check(&text).map(|c| c.canonical()),
            "date" => validate::date(&text),
            "start_time" => validate::time(&text),
            "end_time" => validate::end_time(&self.form.text("start_time"), &text),
            "cause" | "court" | "judge" | "clerk" => validate::required(&text),
            _ => return,
        };
        self.form.set_error(id, result.err().map(|m| m.text()));
    }

    /// Validates every field; on success the input to save, else the first wrong field gets focus.
    pub fn validate(&mut self, keymap: &Keymap) -> Option<(HearingInput, Vec<String>)> {
        for id in [
            "case_number",
            "cause",
            "court",
            "judge",
            "clerk",
            "date",
            "start_time",
            "end_time",
        ] {
            self.check(id);
        }
        let defendants = self.form.items("defendants");
        let pending = match &self.form.get("defendants").kind {
            FieldKind::List { picker, .. } => picker.input.value().trim().to_string(),
            _ => String::new(),
        };
        if self.id.is_none() && defendants.is_empty() {
            let msg = if pending.is_empty() {
                t("field.err.defendants").to_string()
            } else {
                let key = keymap.key(Section::Form, Action::Accept);
                tf("field.err.defendants_enter", &[("key", &key)])
            };
            self.form.set_error("defendants", Some(msg));
        }
        if let Some(i) = self.form.first_error() {
            self.form.focus = i;
            return None;
        }
        let f = &self.form;
        let input = HearingInput {
            case_number: self.scope.check(&f.text("case_number")).ok()?.canonical(),
            cause: f.text("cause").trim().to_string(),
            act_kind: ActKind::from_id(&f.choice("act_kind")),
            court: f.text("court").trim().to_string(),
            judge: f.text("judge").trim().to_string(),
            clerk: f.text("clerk").trim().to_string(),
            date: validate::date(&f.text("date")).ok()?,
            start_time: validate::time(&f.text("start_time")).ok()?,
            end_time: validate::end_time(&f.text("start_time"), &f.text("end_time")).ok()?,
            online: f.toggle("online"),
            key_category: KeyCategory::from_id(&f.choice("key_category")),
        };
        Some((input, defendants))
    }

    fn leave_field(&mut self) {
        let id = self.form.focused().id;
        if !self.form.text(id).trim().is_empty() {
            self.check(id);
        }
    }

    fn back(&self) -> Cmd {
        match self.id {
            Some(id) => Cmd::OpenHearing(id),
            None => Cmd::OpenList,
        }
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
        if !matches!(action, Some(Action::Save | Action::Cancel)) && self.offer_key(key, keymap) {
            return None;
        }
        let in_picker = matches!(&self.form.focused().kind, FieldKind::List { picker, .. } if picker.rows() > 0);
        // a new agency near a known one's name, or not reading as a full name: asked first
        if action == Some(Action::Accept)
            && let FieldKind::List { picker, .. } = &self.form.focused().kind
            && let Pick::New(name) = picker.pick()
            && let Some(question) = picker.ask_new(&name)
        {
            return Some(Cmd::Confirm(question, Box::new(Cmd::AddNewDefendant(name))));
        }
        // ↑↓ move among the agencies found (the picker's keys) rather than between the fields
        let picker_nav = in_picker
            && matches!(
                keymap.action(Section::Prompt, key),
                Some(Action::Up | Action::Down)
            );
        match action {
            Some(Action::Save) if self.amend.is_some() => {
                if self.validate(keymap).is_none() {
                    return Some(Cmd::Error(
                        self.form.focused().error.clone().unwrap_or_default(),
                    ));
                }
                let changes = self.changes();
                return Some(match &self.amend {
                    Some(m) if !changes.is_empty() => Cmd::AskAmend {
                        appearance: m.appearance,
                        changes,
                    },
                    _ => Cmd::Error(t("amend.err.unchanged").to_string()),
                });
            }
            Some(Action::Cancel) if self.amend.is_some() => {
                return Some(if self.changes().is_empty() {
                    Cmd::DropAmend
                } else {
                    Cmd::Confirm(
                        t("amend.confirm_drop").to_string(),
                        Box::new(Cmd::DropAmend),
                    )
                });
            }
            Some(Action::Save) => {
                return match self.validate(keymap) {
                    Some((input, defendants)) => Some(Cmd::SaveHearing {
                        id: self.id,
                        input,
                        defendants,
                    }),
                    None => Some(Cmd::Error(
                        self.form.focused().error.clone().unwrap_or_default(),
                    )),
                };
            }
            Some(Action::Cancel) => {
                return Some(if self.form.dirty {
                    Cmd::Confirm(t("confirm.discard").to_string(), Box::new(self.back()))
                } else {
                    self.back()
                });
            }
            Some(Action::NextField) if !picker_nav => {
                self.leave_field();
                self.form.next();
                return None;
            }
            Some(Action::PrevField) if !picker_nav => {
                self.leave_field();
                self.form.prev();
                return None;
            }
            _ => {}
        }
        let is_list = matches!(self.form.focused().kind, FieldKind::List { .. });
        if action == Some(Action::Accept) && !is_list {
            self.leave_field();
            self.form.next();
            return None;
        }
        let (used, changed) = self.form.handle_key(key, keymap);
        if used && let Some((offers, _)) = self.offers_of_focused() {
            offers.edited();
        }
        if changed && let FieldKind::List { picker, .. } = &self.form.get("defendants").kind {
            {
                return Some(Cmd::SearchAgencies(picker.input.value().to_string()));
            }
        }
        None
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, keymap: &Keymap) {
        let title = if self.amend.is_some() {
            t("form.amend_hearing")
        } else if self.id.is_some() {
            t("form.edit_hearing")
        } else {
            t("form.new_hearing")
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(format!(" {title} "), theme::header()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let visible = self.form.fields.iter().filter(|f| !f.hidden).count() as u16;
        let banner_h = u16::from(self.amend.is_some()) * 2;
        let [banner, fields, rest] = Layout::vertical([
            Constraint::Length(banner_h),
            Constraint::Length(visible),
            Constraint::Fill(1),
        ])
        .areas(inner);
        if self.amend.is_some() {
            frame.render_widget(
                Paragraph::new(format!(" {} ", t("amend.banner"))).style(theme::amend_banner()),
                Rect {
                    height: 1,
                    ..banner
                },
            );
        }
        self.form.render(frame, fields);
        self.form.render_focused_error(frame, inner);
        self.render_offers(frame, fields, keymap);
        if self.amend.is_some() {
            self.render_changes(frame, rest);
            return;
        }
        if let FieldKind::List { picker, items } = &self.form.get("defendants").kind {
            if self.id.is_some() {
                return;
            }
            let x = rest.x + LABEL_WIDTH + 1;
            let w = rest.width.saturating_sub(LABEL_WIDTH + 1);
            let chosen = if items.is_empty() {
                let hint = tf(
                    "form.defendants_hint",
                    &[
                        ("add", &keymap.key(Section::Form, Action::Accept)),
                        ("up", &keymap.key(Section::Prompt, Action::Up)),
                        ("down", &keymap.key(Section::Prompt, Action::Down)),
                        ("remove", &keymap.key(Section::Form, Action::RemoveLast)),
                    ],
                );
                Line::from(Span::styled(hint, theme::dim()))
            } else {
                Line::from(
                    items
                        .iter()
                        .enumerate()
                        // (no-break spaces: an agency's name is never wrapped inside)
                        .map(|(i, n)| {
                            let chip = format!("{}. {n}", i + 1).replace(' ', "\u{a0}");
                            Span::styled(format!("{chip}  "), theme::ok())
                        })
                        .collect::<Vec<_>>(),
                )
            };
            // (a column kept free before the form's border; more than two lines end in …)
            let chips = Rect::new(x, rest.y, w.saturating_sub(1), 2.min(rest.height));
            frame.render_widget(
                Paragraph::new(crate::widgets::wrap_clipped(
                    chosen,
                    chips.width,
                    chips.height as usize,
                )),
                chips,
            );
            if self.form.focused().id == "defendants" && picker.rows() > 0 && rest.height > 3 {
                let sug = Rect::new(
                    x,
                    rest.y + 2,
                    w.min(44),
                    (rest.height - 2).min(picker.rows() as u16 + 2),
                );
                let b = Block::default()
                    .borders(Borders::ALL)
                    .title(t("form.known_agencies"));
                let inner = b.inner(sug);
                frame.render_widget(b, sug);
                picker.render_suggestions(frame, inner);
            }
        }
    }

    /// The names offered for the focused field (审判长, 书记员), to the right of its value.
    fn render_offers(&self, frame: &mut Frame, fields: Rect, keymap: &Keymap) {
        let focused = self.form.focused();
        let offers = match focused.id {
            "judge" => &self.judges,
            "clerk" => &self.clerks,
            _ => return,
        };
        if focused.error.is_some() {
            return;
        }
        let row = self
            .form
            .fields
            .iter()
            .take(self.form.focus)
            .filter(|f| !f.hidden)
            .count() as u16;
        // where the form draws a field's error
        let value_width = (fields.width.saturating_sub(LABEL_WIDTH + 1) / 2).min(44);
        let x = fields.x + LABEL_WIDTH + 1 + value_width + 1;
        if x >= fields.right() || row >= fields.height {
            return;
        }
        let area = Rect::new(x, fields.y + row, fields.right() - x, 1);
        if let Some(line) =
            offers.line_fit(&self.form.text(focused.id), area.width as usize, keymap)
        {
            frame.render_widget(line, area);
        }
    }
}
