//! A case's history from the audit log, newest last: who, when, what, old → new, why and who
//! confirmed it. Scrolls; Esc returns to the screen it was opened from, as that screen was.

use crate::i18n::tf;
use crate::report::history::Described;
use crate::tui::keymap::{Action, Keymap, Section};
use crate::tui::theme;
use crate::tui::widgets::wrap;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use std::cell::Cell;

#[derive(Clone, Debug)]
pub struct HistoryView {
    pub case_number: String,
    pub entries: Vec<Described>,
    /// the first line shown; None: the end (the newest entry) is in view
    top: Option<usize>,
    /// lines and rows of the last frame, so a key knows how far it may scroll
    shape: Cell<(usize, usize)>,
}

impl HistoryView {
    pub fn new(case_number: String, entries: Vec<Described>) -> HistoryView {
        HistoryView {
            case_number,
            entries,
            top: None,
            shape: Cell::new((0, 0)),
        }
    }

    /// The keys its box offers, and the footer's while it is open.
    pub const COMMANDS: &[Action] = &[
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Back,
    ];

    /// Keys of the keymap's `[history]`; returns false when the view closes.
    pub fn handle_key(&mut self, key: &KeyEvent, keymap: &Keymap) -> bool {
        let (lines, rows) = self.shape.get();
        let last = lines.saturating_sub(rows);
        let top = self.top.unwrap_or(last).min(last);
        let page = rows.saturating_sub(1).max(1);
        let top = match keymap.action(Section::History, key) {
            Some(Action::Back) => return false,
            Some(Action::Up) => top.saturating_sub(1),
            Some(Action::Down) => top + 1,
            Some(Action::PageUp) => top.saturating_sub(page),
            Some(Action::PageDown) => top + page,
            Some(Action::Top) => 0,
            Some(Action::Bottom) => last,
            _ => top,
        };
        self.top = (top < last).then_some(top);
        true
    }

    /// Every entry as lines of at most `width` columns: the change on the first, why on the next.
    fn lines(&self, width: usize) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        for e in &self.entries {
            let mut head = format!("#{:<4} {}  {}  {}", e.seq, e.at, e.operator, e.what);
            if let Some(c) = &e.change {
                head.push_str("  ");
                head.push_str(c);
            }
            // continued lines under the text, clear of the entry's number
            let first = wrap(&head, width);
            let rest: String = first.iter().skip(1).map(String::as_str).collect();
            let rest = rest.trim_start();
            out.extend(first.into_iter().take(1).map(Line::from));
            if !rest.is_empty() {
                for part in wrap(rest, width.saturating_sub(6)) {
                    out.push(Line::from(format!("      {part}")));
                }
            }
            let why = e.why.trim_start_matches(['；', ';', ' ']);
            if !why.is_empty() {
                for part in wrap(why, width.saturating_sub(6)) {
                    out.push(Line::from(vec![
                        Span::raw("      "),
                        Span::styled(part, theme::changed()),
                    ]));
                }
            }
        }
        out
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, keymap: &Keymap) {
        super::clear(frame, area);
        let keys = keymap.hints(Section::History, Self::COMMANDS);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(
                tf(
                    "history.title",
                    &[("case", &self.case_number), ("n", &self.entries.len())],
                ),
                theme::header(),
            ))
            .title_bottom(Span::styled(format!(" {keys} "), theme::dim()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let lines = self.lines(inner.width as usize);
        let rows = inner.height as usize;
        let last = lines.len().saturating_sub(rows);
        let top = self.top.unwrap_or(last).min(last);
        self.shape.set((lines.len(), rows));
        let shown: Vec<Line> = lines.into_iter().skip(top).take(rows).collect();
        frame.render_widget(Paragraph::new(shown), inner);
    }
}
