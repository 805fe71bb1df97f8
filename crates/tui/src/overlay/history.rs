//! A case's history from the audit log, newest last: who, when, what, old → new, why and who
//! confirmed it. Scrolls; Esc returns to the screen it was opened from, as that screen was.

use crate::i18n::tf;
use crate::keymap::{Action, Keymap, Section};
use crate::report::history::Described;
use crate::theme;
use crate::widgets::wrap;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::{DEFAULT_KEYMAP, KeySpec};
    use ratatui::{Terminal, backend::TestBackend};

    fn key(s: &str) -> KeyEvent {
        let k = KeySpec::parse(s).unwrap();
        KeyEvent::new(k.code, k.mods)
    }

    #[test]
    fn a_user_keymap_rebinding_the_history_s_scroll_takes_effect_in_its_keys_and_its_line() {
        let entries = (1..=30)
            .map(|seq| Described {
                seq,
                at: "2026-01-01 09:00:00".into(),
                operator: "李书记".into(),
                what: format!("修改 {seq}"),
                change: None,
                why: String::new(),
            })
            .collect();
        let mut h = HistoryView::new("（2026）皖0104行初1号".into(), entries);
        let user = "[history]\ndown = \"n\"\nup = \"p\"\n";
        let km = Keymap::load(DEFAULT_KEYMAP, Some(("keymap.toml", user))).unwrap();
        let mut term = Terminal::new(TestBackend::new(60, 10)).unwrap();
        term.draw(|f| h.render(f, f.area(), &km)).unwrap();
        // its line of keys is the keymap's: the new keys, not the old arrows
        let bottom: String = (0..60)
            .map(|x| term.backend().buffer()[(x, 9)].symbol().to_string())
            .collect();
        assert!(
            bottom.contains(" p ") && bottom.contains("  n "),
            "{bottom}"
        );
        assert!(!bottom.contains('↓'), "{bottom}");
        assert!(h.handle_key(&key("Home"), &km));
        assert_eq!(h.top, Some(0));
        assert!(h.handle_key(&key("n"), &km));
        assert_eq!(h.top, Some(1));
        // the old keys no longer scroll; the ways out are the default's
        assert!(h.handle_key(&key("j"), &km));
        assert!(h.handle_key(&key("Down"), &km));
        assert_eq!(h.top, Some(1));
        assert!(h.handle_key(&key("p"), &km));
        assert_eq!(h.top, Some(0));
        assert!(!h.handle_key(&key("q"), &km));
        assert!(!h.handle_key(&key("Ctrl-c"), &km));
    }
}
