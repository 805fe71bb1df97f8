//! A vertical form of labelled fields (text, choice, yes/no, list with picker) with inline errors.

use super::picker::{Pick, Picker};
use super::text_field::TextField;
use crate::domain::session::DraftValue;
use crate::i18n::{labelled, t};
use crate::keymap::{Action, Keymap, Section, typed};
use crate::theme;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use std::collections::BTreeMap;
use unicode_width::UnicodeWidthStr;

#[derive(Clone, Debug)]
pub enum FieldKind {
    Text(TextField),
    /// (id, catalog key of the label)
    Choice {
        options: Vec<(String, String)>,
        index: usize,
    },
    Toggle(bool),
    /// A list of names with a picker to add more (defendant agencies).
    List {
        picker: Picker,
        items: Vec<String>,
    },
}

#[derive(Clone, Debug)]
pub struct Field {
    pub id: &'static str,
    /// catalog key of the label
    pub label: &'static str,
    pub kind: FieldKind,
    pub error: Option<String>,
    pub hidden: bool,
    /// a label written as it is (a rubric's dimension), in place of the catalog's
    pub caption: Option<String>,
}

impl Field {
    /// The field labelled `caption` as it is, not from the catalog.
    pub fn captioned(mut self, caption: String) -> Field {
        self.caption = Some(caption);
        self
    }
    pub fn text(id: &'static str, label: &'static str, value: &str) -> Field {
        Field {
            id,
            label,
            kind: FieldKind::Text(
                TextField::default()
                    .with_max(crate::domain::text::NAME_MAX)
                    .with_value(value),
            ),
            error: None,
            hidden: false,
            caption: None,
        }
    }
    pub fn choice(
        id: &'static str,
        label: &'static str,
        options: Vec<(String, String)>,
        selected: &str,
    ) -> Field {
        let index = options.iter().position(|(o, _)| o == selected).unwrap_or(0);
        Field {
            id,
            label,
            kind: FieldKind::Choice { options, index },
            error: None,
            hidden: false,
            caption: None,
        }
    }
    pub fn toggle(id: &'static str, label: &'static str, on: bool) -> Field {
        Field {
            id,
            label,
            kind: FieldKind::Toggle(on),
            error: None,
            hidden: false,
            caption: None,
        }
    }
    pub fn list(id: &'static str, label: &'static str, items: Vec<String>) -> Field {
        Field {
            id,
            label,
            kind: FieldKind::List {
                picker: Picker::offering_new(),
                items,
            },
            error: None,
            hidden: false,
            caption: None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    pub dirty: bool,
}

pub const LABEL_WIDTH: u16 = 16;

impl Form {
    pub fn new(fields: Vec<Field>) -> Form {
        Form {
            fields,
            focus: 0,
            dirty: false,
        }
    }

    pub fn get(&self, id: &str) -> &Field {
        self.fields
            .iter()
            .find(|f| f.id == id)
            .expect("field ids are fixed in code")
    }
    pub fn get_mut(&mut self, id: &str) -> &mut Field {
        self.fields
            .iter_mut()
            .find(|f| f.id == id)
            .expect("field ids are fixed in code")
    }
    /// The text of the field at `i` (fields of one id: a rubric's dimensions).
    pub fn text_at(&self, i: usize) -> String {
        match &self.fields[i].kind {
            FieldKind::Text(t) => t.value().to_string(),
            _ => String::new(),
        }
    }
    pub fn text(&self, id: &str) -> String {
        match &self.get(id).kind {
            FieldKind::Text(t) => t.value().to_string(),
            _ => String::new(),
        }
    }
    pub fn choice(&self, id: &str) -> String {
        match &self.get(id).kind {
            FieldKind::Choice { options, index } => options[*index].0.clone(),
            _ => String::new(),
        }
    }
    pub fn toggle(&self, id: &str) -> bool {
        matches!(self.get(id).kind, FieldKind::Toggle(true))
    }
    pub fn items(&self, id: &str) -> Vec<String> {
        match &self.get(id).kind {
            FieldKind::List { items, .. } => items.clone(),
            _ => Vec::new(),
        }
    }
    /// What the fields hold, to keep a form that is not saved yet.
    pub fn draft_fields(&self) -> BTreeMap<String, DraftValue> {
        self.fields
            .iter()
            .map(|f| {
                let v = match &f.kind {
                    FieldKind::Text(t) => DraftValue::Text(t.value().to_string()),
                    FieldKind::Choice { options, index } => {
                        DraftValue::Text(options[*index].0.clone())
                    }
                    FieldKind::Toggle(on) => DraftValue::Toggle(*on),
                    FieldKind::List { picker, items } => DraftValue::List {
                        items: items.clone(),
                        typing: picker.input.value().to_string(),
                    },
                };
                (f.id.to_string(), v)
            })
            .collect()
    }

    /// The field that has the focus.
    pub fn focus(&self) -> usize {
        self.focus
    }

    /// Puts back what a draft kept; fields it does not know, or of another kind, keep their value.
    pub fn restore(&mut self, fields: &BTreeMap<String, DraftValue>, focus: usize) {
        for f in &mut self.fields {
            let Some(x) = fields.get(f.id) else {
                continue;
            };
            match (&mut f.kind, x) {
                (FieldKind::Text(t), DraftValue::Text(v)) => t.set(v),
                (FieldKind::Choice { options, index }, DraftValue::Text(v)) => {
                    if let Some(i) = options.iter().position(|(o, _)| o == v) {
                        *index = i;
                    }
                }
                (FieldKind::Toggle(on), DraftValue::Toggle(v)) => *on = *v,
                (FieldKind::List { picker, items }, DraftValue::List { items: i, typing }) => {
                    *items = i.clone();
                    picker.input.set(typing);
                }
                _ => {}
            }
        }
        self.focus = focus.min(self.fields.len().saturating_sub(1));
        self.dirty = true;
    }

    pub fn set_error(&mut self, id: &str, error: Option<String>) {
        self.get_mut(id).error = error;
    }
    pub fn first_error(&self) -> Option<usize> {
        self.fields
            .iter()
            .position(|f| f.error.is_some() && !f.hidden)
    }
    pub fn focused(&self) -> &Field {
        &self.fields[self.focus]
    }

    pub fn next(&mut self) {
        for _ in 0..self.fields.len() {
            self.focus = (self.focus + 1) % self.fields.len();
            if !self.fields[self.focus].hidden {
                break;
            }
        }
    }
    pub fn prev(&mut self) {
        for _ in 0..self.fields.len() {
            self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
            if !self.fields[self.focus].hidden {
                break;
            }
        }
    }

    pub fn paste(&mut self, text: &str) {
        match &mut self.fields[self.focus].kind {
            FieldKind::Text(f) => f.insert_str(text),
            FieldKind::List { picker, .. } => picker.input.insert_str(text),
            _ => return,
        }
        self.dirty = true;
    }

    /// Keys for the focused field, by `keymap`: a text field's editing keys (its `[text]`), a
    /// choice's and a yes/no field's and the agency list's (`[form]`). Returns (used, picker text
    /// changed).
    pub fn handle_key(&mut self, key: &KeyEvent, keymap: &Keymap) -> (bool, bool) {
        let field = &mut self.fields[self.focus];
        let mut picker_changed = false;
        let mut pinyin_none: Option<String> = None;
        let action = keymap.action(Section::Form, key);
        let used = match &mut field.kind {
            FieldKind::Text(f) => f.handle_key(key, keymap),
            FieldKind::Choice { options, index } => match action {
                Some(Action::NextOption) => {
                    *index = (*index + 1) % options.len();
                    true
                }
                Some(Action::PrevOption) => {
                    *index = (*index + options.len() - 1) % options.len();
                    true
                }
                _ => false,
            },
            FieldKind::Toggle(on) => match action {
                Some(Action::NextOption | Action::PrevOption) => {
                    *on = !*on;
                    true
                }
                Some(Action::SetYes) => {
                    *on = true;
                    true
                }
                Some(Action::SetNo) => {
                    *on = false;
                    true
                }
                _ => false,
            },
            FieldKind::List { picker, items } => match action {
                Some(Action::Accept) => {
                    // the highlighted row: a name found, or the new agency's row (asked about
                    // first, where it needs asking, by the screen)
                    if let Pick::Known(name) | Pick::New(name) = picker.pick() {
                        if !items.contains(&name) {
                            items.push(name);
                        }
                        picker.clear();
                        picker_changed = true;
                    } else if picker.is_pinyin() {
                        // pinyin that finds nothing names no agency: said under the field
                        pinyin_none = Some(crate::i18n::tf(
                            "picker.pinyin_none",
                            &[(
                                "typed",
                                &crate::domain::text::shown(picker.input.value().trim()),
                            )],
                        ));
                    }
                    true
                }
                Some(Action::RemoveLast) if picker.input.value().is_empty() => {
                    items.pop().is_some()
                }
                _ => {
                    picker_changed = picker.handle_key(key, keymap);
                    // typed, or the field's editing keys, or moving among the names found
                    let moved = matches!(
                        keymap.action(Section::Prompt, key),
                        Some(Action::Up | Action::Down)
                    );
                    typed(key).is_some()
                        || keymap.action(Section::Text, key).is_some()
                        || (moved && picker.rows() > 0)
                }
            },
        };
        if used {
            field.error = pinyin_none;
            self.dirty = true;
        }
        (used, picker_changed)
    }

    /// An error in full on the last two lines of `area` (the inline one may be cut): the focused
    /// field's, else the first field's that has one (focus moved on from a wrong field).
    pub fn render_focused_error(&self, frame: &mut Frame, area: Rect) {
        let area = Rect {
            y: area.bottom().saturating_sub(2),
            height: 2.min(area.height),
            ..area
        };
        let field = match self.focused().error {
            Some(_) => Some(self.focused()),
            None => self.first_error().map(|i| &self.fields[i]),
        };
        if let Some(f) = field
            && let Some(e) = &f.error
        {
            let text = format!("✗{}{e}", labelled(f.label));
            frame.render_widget(
                ratatui::widgets::Paragraph::new(super::wrap_text(
                    Span::styled(text, theme::error()),
                    area.width,
                )),
                area,
            );
        }
    }

    /// Draws one row per visible field: label, value, and the error to the right of the value.
    pub fn render(&self, frame: &mut Frame, area: Rect) {
        // the value takes what the row has but room for the start of an error beside it (the
        // error in full is on the form's last lines)
        let value_width = area
            .width
            .saturating_sub(LABEL_WIDTH + 1 + 18)
            .clamp(20, 56);
        let mut y = area.y;
        for (i, f) in self.fields.iter().enumerate() {
            if f.hidden || y >= area.bottom() {
                continue;
            }
            let focused = i == self.focus;
            let label = f.caption.as_deref().unwrap_or_else(|| t(f.label));
            let style = if focused {
                theme::focused_label()
            } else {
                theme::label()
            };
            let pad = (LABEL_WIDTH as usize).saturating_sub(label.width());
            frame.render_widget(
                Line::from(Span::styled(format!("{}{label}", " ".repeat(pad)), style)),
                Rect::new(area.x, y, LABEL_WIDTH, 1),
            );
            let vx = area.x + LABEL_WIDTH + 1;
            let varea = Rect::new(vx, y, value_width, 1);
            let vstyle = if focused {
                theme::input_focused()
            } else {
                theme::input()
            };
            match &f.kind {
                FieldKind::Text(tf) => {
                    frame.render_widget(ratatui::widgets::Block::default().style(vstyle), varea);
                    tf.render(frame, varea, vstyle, focused);
                }
                FieldKind::Choice { options, index } => {
                    // the arrows stay: a long choice is cut inside them
                    let room = (varea.width as usize).saturating_sub(4);
                    let text = format!("‹ {} ›", super::ellipsis(t(&options[*index].1), room));
                    frame.render_widget(Line::from(Span::styled(text, vstyle)), varea);
                }
                FieldKind::Toggle(on) => {
                    let text = format!(
                        "[{}] {}",
                        if *on { "x" } else { " " },
                        if *on { t("common.yes") } else { t("common.no") }
                    );
                    frame.render_widget(Line::from(Span::styled(text, vstyle)), varea);
                }
                FieldKind::List { picker, .. } => {
                    frame.render_widget(ratatui::widgets::Block::default().style(vstyle), varea);
                    picker.input.render(frame, varea, vstyle, focused);
                }
            }
            if let Some(e) = &f.error {
                let ex = vx + value_width + 1;
                if ex < area.right() {
                    let room = (area.right() - ex) as usize;
                    frame.render_widget(
                        Line::from(Span::styled(
                            super::ellipsis(&format!("✗ {e}"), room),
                            theme::error(),
                        )),
                        Rect::new(ex, y, area.right() - ex, 1),
                    );
                }
            }
            y += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_choice_is_cut_inside_its_arrows() {
        let form = Form::new(vec![Field::choice(
            "key_category",
            "field.key_category",
            vec![("public_concern".into(), "keycat.public_concern".into())],
            "public_concern",
        )]);
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(50, 3)).unwrap();
        term.draw(|f| form.render(f, f.area())).unwrap();
        let line: String = (0..50)
            .map(|x| term.backend().buffer()[(x, 0)].symbol().to_string())
            .collect();
        assert!(
            line.contains('‹') && line.contains('›') && line.contains('…'),
            "{line}"
        );
    }
}

/// What a key does to a small form over a list (the judgment dates, a suggestion's reply).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// save it (`Save`, or `Accept` on its last field)
    Submit,
    /// close it
    Cancel,
    /// the key moved between its fields or edited one
    Stay,
}

impl Form {
    /// The keys of a small form over a list: `Save` (or `Accept` on the last field) submits,
    /// `Cancel` closes, `NextField`/`PrevField`/`Accept` move, the rest edit the focused field.
    pub fn step(&mut self, key: &KeyEvent, action: Option<Action>, keymap: &Keymap) -> Step {
        match action {
            Some(Action::Save) => return Step::Submit,
            Some(Action::Cancel) => return Step::Cancel,
            Some(Action::NextField) => self.next(),
            Some(Action::PrevField) => self.prev(),
            Some(Action::Accept) => {
                if self.focus + 1 == self.fields.len() {
                    return Step::Submit;
                }
                self.next();
            }
            _ => {
                self.handle_key(key, keymap);
            }
        }
        Step::Stay
    }

    /// The form in a box over `area`: its title, its two fields, a line of help, and the
    /// focused field's error.
    pub fn render_boxed(&self, frame: &mut Frame, area: Rect, title: &str, help: &str) {
        self.render_boxed_sized(frame, area, title, help, 9);
    }

    /// [`Form::render_boxed`] in a box `height` rows tall (its fields one row each).
    pub fn render_boxed_sized(
        &self,
        frame: &mut Frame,
        area: Rect,
        title: &str,
        help: &str,
        height: u16,
    ) {
        use ratatui::layout::{Constraint, Layout};
        use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph};
        let r = crate::overlay::centered(area, 76, height);
        frame.render_widget(Clear, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .padding(Padding::horizontal(1))
            .title(Span::styled(
                format!(
                    " {} ",
                    super::ellipsis(title, r.width.saturating_sub(4) as usize)
                ),
                theme::header(),
            ));
        let inner = block.inner(r);
        frame.render_widget(block, r);
        let rows = self.fields.iter().filter(|f| !f.hidden).count() as u16;
        let [fields, help_area, _] = Layout::vertical([
            Constraint::Length(rows + 1),
            Constraint::Length(2),
            Constraint::Fill(1),
        ])
        .areas(inner);
        self.render(
            frame,
            Rect {
                y: fields.y + 1,
                height: rows,
                ..fields
            },
        );
        frame.render_widget(
            Paragraph::new(super::wrap_text(
                Span::styled(help.to_string(), theme::dim()),
                help_area.width,
            )),
            help_area,
        );
        self.render_focused_error(frame, inner);
    }
}
