//! Saving an amendment: one form that lists what changes (old → new), then asks for the reason and
//! the confirming judge's name — both typed, neither filled in — and sends every change at once.

use crate::cmd::Cmd;
use crate::domain::text::{NAME_MAX, TEXT_MAX};
use crate::i18n::{labelled, t, tf};
use crate::keymap::{Action, Keymap, Section};
use crate::theme;
use crate::widgets::offers::Offers;
use crate::widgets::text_field::TextField;
use crate::widgets::{ellipsis, wrap};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

pub use crate::cmd::Pending;

/// The changes as `Store::amend` takes them.
pub fn sets(changes: &[Pending]) -> Vec<(String, String)> {
    changes
        .iter()
        .map(|c| (c.field.clone(), c.value.clone()))
        .collect()
}

#[derive(Clone, Debug)]
pub struct AmendSave {
    pub appearance: i64,
    pub changes: Vec<Pending>,
    pub reason: TextField,
    pub judge: TextField,
    offers: Offers,
    /// 0: the reason, 1: the judge's name
    focus: usize,
    pub error: Option<String>,
}

/// The most changes listed; the rest are counted.
const LISTED: usize = 8;

impl AmendSave {
    pub fn new(appearance: i64, changes: Vec<Pending>, judges: Vec<String>) -> AmendSave {
        AmendSave {
            appearance,
            changes,
            reason: TextField::default().with_max(TEXT_MAX),
            judge: TextField::default().with_max(NAME_MAX),
            offers: Offers::new(judges),
            focus: 0,
            error: None,
        }
    }

    /// The same form again after the store refused it, with what was typed and why.
    pub fn refused(
        appearance: i64,
        changes: Vec<Pending>,
        judges: Vec<String>,
        (reason, by): (&str, &str),
        error: String,
    ) -> AmendSave {
        let mut f = AmendSave::new(appearance, changes, judges);
        f.reason.set(reason);
        f.judge.set(by);
        f.focus = 1;
        f.error = Some(error);
        f
    }

    pub fn paste(&mut self, text: &str) {
        self.field().insert_str(text);
    }

    fn field(&mut self) -> &mut TextField {
        if self.focus == 0 {
            &mut self.reason
        } else {
            &mut self.judge
        }
    }

    /// The keys its box offers, and the footer's while it is open.
    pub const COMMANDS: &[Action] = &[
        Action::Submit,
        Action::NextField,
        Action::PrevField,
        Action::Cancel,
    ];

    /// Keys of the keymap's `[amend_save]` (the judge's name takes one of the names offered
    /// first): returns false when the form closes, with the command to run, if any.
    pub fn handle_key(&mut self, key: &KeyEvent, keymap: &Keymap) -> (bool, Option<Cmd>) {
        if self.focus == 1 && self.offers.handle_key(key, &mut self.judge, keymap) {
            return (true, None);
        }
        match keymap.action(Section::AmendSave, key) {
            Some(Action::Cancel) => return (false, None),
            Some(Action::Submit) if self.focus == 0 => {
                if self.reason.value().trim().is_empty() {
                    self.error = Some(t("amend.err.reason").to_string());
                } else {
                    self.error = None;
                    self.focus = 1;
                }
            }
            Some(Action::Submit) => return self.submit(),
            // two fields: the next after the judge's name is the reason again
            Some(Action::NextField) => self.focus = 1 - self.focus,
            Some(Action::PrevField) => self.focus = 0,
            _ => {
                if self.field().handle_key(key, keymap) {
                    self.offers.edited();
                    self.error = None;
                }
            }
        }
        (true, None)
    }

    fn submit(&mut self) -> (bool, Option<Cmd>) {
        let reason = self.reason.value().trim().to_string();
        let by = self.judge.value().trim().to_string();
        if reason.is_empty() {
            self.focus = 0;
            self.error = Some(t("amend.err.reason").to_string());
            return (true, None);
        }
        if by.is_empty() {
            self.error = Some(t("store.err.judge_name").to_string());
            return (true, None);
        }
        (
            false,
            Some(Cmd::Amend {
                appearance: self.appearance,
                changes: self.changes.clone(),
                reason,
                by,
            }),
        )
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, keymap: &Keymap) {
        let width = 72.min(area.width);
        let inner_w = width.saturating_sub(2) as usize;
        let mut lines: Vec<Line> = vec![Line::from(Span::styled(
            tf("amend.save.what", &[("n", &self.changes.len())]),
            theme::label(),
        ))];
        for c in self.changes.iter().take(LISTED) {
            for (i, part) in wrap(&c.shown, inner_w.saturating_sub(4))
                .into_iter()
                .enumerate()
            {
                let lead = if i == 0 { "  * " } else { "    " };
                lines.push(Line::from(vec![
                    Span::styled(lead, theme::changed()),
                    Span::raw(part),
                ]));
            }
        }
        if self.changes.len() > LISTED {
            lines.push(Line::from(Span::styled(
                tf("amend.save.more", &[("n", &(self.changes.len() - LISTED))]),
                theme::dim(),
            )));
        }
        lines.push(Line::from(""));
        let fields_at = lines.len();
        // the two fields' rows: label, then the input drawn over the rest of the row
        lines.push(Line::from(""));
        lines.push(Line::from(""));
        let offers = (self.focus == 1)
            .then(|| self.offers.line(self.judge.value(), keymap))
            .flatten();
        lines.push(offers.unwrap_or_default());
        match &self.error {
            Some(e) => lines.push(Line::from(Span::styled(format!("✗ {e}"), theme::error()))),
            None => lines.push(Line::from("")),
        }
        lines.push(Line::from(Span::styled(
            keymap.hints(Section::AmendSave, Self::COMMANDS),
            theme::dim(),
        )));
        let height = (lines.len() as u16 + 2).min(area.height);
        let r = super::centered(area, width, height);
        super::clear(frame, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(t("amend.save.title"), theme::header()));
        let inner = block.inner(r);
        frame.render_widget(block, r);
        frame.render_widget(Paragraph::new(lines), inner);
        let label_w = [t("amend.save.reason"), t("amend.save.judge")]
            .iter()
            .map(|l| labelled_width(l))
            .max()
            .unwrap_or(10) as u16;
        for (i, (key, field)) in [
            ("amend.save.reason", &self.reason),
            ("amend.save.judge", &self.judge),
        ]
        .into_iter()
        .enumerate()
        {
            let y = inner.y + (fields_at + i) as u16;
            if y >= inner.bottom() {
                break;
            }
            let focused = self.focus == i;
            let label = ellipsis(&labelled(key), label_w as usize);
            frame.render_widget(
                Line::from(Span::styled(
                    label,
                    if focused {
                        theme::focused_label()
                    } else {
                        theme::label()
                    },
                )),
                Rect::new(inner.x, y, label_w, 1),
            );
            let input = Rect::new(inner.x + label_w, y, inner.width.saturating_sub(label_w), 1);
            let style = if focused {
                theme::input_focused()
            } else {
                theme::input()
            };
            frame.render_widget(Block::default().style(style), input);
            field.render(frame, input, style, focused);
        }
    }
}

fn labelled_width(key_text: &str) -> usize {
    format!("{key_text}{}", t("common.colon")).width()
}
