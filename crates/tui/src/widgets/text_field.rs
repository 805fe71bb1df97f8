//! A one-line text field for Chinese text: the caret moves by grapheme, widths come from
//! unicode-width, the view scrolls so the caret stays visible, and the terminal cursor is put at the
//! caret so an input method's candidate window opens where the user types.
//! (tui-input moves its cursor by `char`, which splits flags and combined emoji; hence this file.)

use crate::keymap::Keymap;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextField {
    value: String,
    /// caret position, in graphemes
    cursor: usize,
    /// the most characters it takes; typing or pasting beyond is cut there
    max: usize,
}

impl Default for TextField {
    fn default() -> Self {
        TextField {
            value: String::new(),
            cursor: 0,
            max: crate::domain::text::TEXT_MAX,
        }
    }
}

impl TextField {
    pub fn new(value: &str) -> TextField {
        let mut f = TextField::default();
        f.set(value);
        f
    }

    /// The field holding `value`.
    pub fn with_value(mut self, value: &str) -> TextField {
        self.set(value);
        self
    }

    /// A field that takes at most `max` characters (a name: `text::NAME_MAX`).
    pub fn with_max(mut self, max: usize) -> TextField {
        self.max = max;
        self
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn set(&mut self, value: &str) {
        self.value = value.to_string();
        self.cursor = self.len();
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn len(&self) -> usize {
        self.value.graphemes(true).count()
    }

    fn byte_at(&self, grapheme: usize) -> usize {
        self.value
            .grapheme_indices(true)
            .nth(grapheme)
            .map(|(i, _)| i)
            .unwrap_or(self.value.len())
    }

    /// Inserts text at the caret (typed, or pasted: line breaks become spaces, control characters
    /// and bidi overrides are dropped, and nothing beyond the field's limit is taken).
    pub fn insert_str(&mut self, text: &str) {
        let room = self.max.saturating_sub(self.value.chars().count());
        let clean: String = text
            .chars()
            .map(|c| {
                if c == '\n' || c == '\r' || c == '\t' {
                    ' '
                } else {
                    c
                }
            })
            .filter(|c| !crate::domain::text::is_unsafe(*c))
            .take(room)
            .collect();
        let at = self.byte_at(self.cursor);
        let before = self.len();
        self.value.insert_str(at, &clean);
        // graphemes may merge with neighbours (combining marks); recount rather than assume
        self.cursor += self.len() - before;
    }

    /// The caret after the last character.
    pub fn to_end(&mut self) {
        self.cursor = self.len();
    }

    /// Handles an editing key (`keymap`'s `[text]`), or inserts the character typed; returns
    /// true if the key was used.
    pub fn handle_key(&mut self, key: &KeyEvent, keymap: &Keymap) -> bool {
        use crate::keymap::{Action, Section, typed};
        if let Some(c) = typed(key) {
            self.insert_str(c.encode_utf8(&mut [0; 4]));
            return true;
        }
        match keymap.action(Section::Text, key) {
            Some(Action::LineStart) => self.cursor = 0,
            Some(Action::LineEnd) => self.cursor = self.len(),
            Some(Action::DeleteToStart) => {
                let at = self.byte_at(self.cursor);
                self.value.replace_range(..at, "");
                self.cursor = 0;
            }
            Some(Action::DeleteToEnd) => {
                let at = self.byte_at(self.cursor);
                self.value.truncate(at);
            }
            Some(Action::DeleteBack) if self.cursor > 0 => {
                let (a, b) = (self.byte_at(self.cursor - 1), self.byte_at(self.cursor));
                self.value.replace_range(a..b, "");
                self.cursor -= 1;
            }
            Some(Action::DeleteForward) if self.cursor < self.len() => {
                let (a, b) = (self.byte_at(self.cursor), self.byte_at(self.cursor + 1));
                self.value.replace_range(a..b, "");
            }
            Some(Action::CursorLeft) if self.cursor > 0 => self.cursor -= 1,
            Some(Action::CursorRight) if self.cursor < self.len() => self.cursor += 1,
            // at an end: the key is the field's all the same
            Some(
                Action::DeleteBack
                | Action::DeleteForward
                | Action::CursorLeft
                | Action::CursorRight,
            ) => {}
            _ => return false,
        }
        true
    }

    /// Draws the field in `area` (one line); when focused, places the terminal cursor at the caret.
    pub fn render(&self, frame: &mut Frame, area: Rect, style: Style, focused: bool) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let width = area.width as usize;
        let graphemes: Vec<&str> = self.value.graphemes(true).collect();
        let caret_col: usize = graphemes[..self.cursor].iter().map(|g| g.width()).sum();
        // scroll so that the caret (plus one cell for it) fits
        let mut start = 0;
        let mut skipped = 0;
        while caret_col - skipped + 1 > width && start < graphemes.len() {
            skipped += graphemes[start].width();
            start += 1;
        }
        let mut shown = String::new();
        let mut used = 0;
        for g in &graphemes[start..] {
            let w = g.width();
            if used + w > width {
                break;
            }
            shown.push_str(g);
            used += w;
        }
        frame.render_widget(Line::from(Span::styled(shown, style)), area);
        if focused {
            let x = area.x + (caret_col - skipped).min(width.saturating_sub(1)) as u16;
            frame.set_cursor_position(Position::new(x, area.y));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn moves_and_deletes_by_grapheme() {
        let km = Keymap::default_keymap();
        let mut f = TextField::new("你好🇨🇦🦀");
        assert_eq!(f.cursor(), 4);
        f.handle_key(&key(KeyCode::Left), &km);
        f.handle_key(&key(KeyCode::Backspace), &km);
        assert_eq!(f.value(), "你好🦀");
        f.handle_key(&key(KeyCode::Home), &km);
        f.handle_key(&key(KeyCode::Delete), &km);
        assert_eq!(f.value(), "好🦀");
        f.handle_key(&key(KeyCode::Char('张')), &km);
        assert_eq!(f.value(), "张好🦀");
        assert_eq!(f.cursor(), 1);
    }

    #[test]
    fn paste_inserts_at_caret_and_flattens_lines() {
        let km = Keymap::default_keymap();
        let mut f = TextField::new("合肥市局");
        f.handle_key(&key(KeyCode::Left), &km);
        f.insert_str("自然资源\n和规划");
        assert_eq!(f.value(), "合肥市自然资源 和规划局");
        assert_eq!(f.cursor(), 11);
    }

    #[test]
    fn caret_is_placed_after_wide_characters_and_view_scrolls() {
        use ratatui::{Terminal, backend::TestBackend};
        let mut term = Terminal::new(TestBackend::new(10, 1)).unwrap();
        // pasted escapes and bidi overrides never get in; nothing beyond the limit
        let mut g = TextField::default().with_max(5);
        g.insert_str("合\u{1b}]0;x\u{7}\u{202e}肥市蜀山区");
        assert_eq!(g.value(), "合]0;x");
        let f = TextField::new("一二三四五六七");
        term.draw(|fr| f.render(fr, fr.area(), Style::default(), true))
            .unwrap();
        // 14 cells of text do not fit in 10: the view scrolls, no wide char is split
        let line: String = term
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(line.contains("七"), "{line}");
        assert!(!line.contains("一"), "{line}");
        let pos = term.get_cursor_position().unwrap();
        assert!(pos.x <= 9);
    }
}
