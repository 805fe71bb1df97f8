//! Type to filter, pick from suggestions (agencies already known), or keep what was typed.

use super::text_field::TextField;
use crate::keymap::Keymap;
use crate::theme;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{List, ListItem, ListState};

#[derive(Clone, Debug, Default)]
pub struct Picker {
    pub input: TextField,
    pub suggestions: Vec<String>,
    pub highlight: Option<usize>,
}

impl Picker {
    /// Up/Down move through the suggestions; other keys edit. Returns true when the text changed.
    pub fn handle_key(&mut self, key: &KeyEvent, keymap: &Keymap) -> bool {
        use crate::keymap::{Action, Section};
        match keymap.action(Section::Prompt, key) {
            Some(Action::Down) if !self.suggestions.is_empty() => {
                self.highlight = Some(
                    self.highlight
                        .map_or(0, |h| (h + 1).min(self.suggestions.len() - 1)),
                );
                false
            }
            Some(Action::Up) if self.highlight.is_some() => {
                self.highlight = self.highlight.and_then(|h| h.checked_sub(1));
                false
            }
            _ => {
                let before = self.input.value().to_string();
                self.input.handle_key(key, keymap);
                before != self.input.value()
            }
        }
    }

    pub fn set_suggestions(&mut self, s: Vec<String>) {
        self.suggestions = s;
        self.highlight = None;
    }

    /// The highlighted suggestion, else the one suggestion a pinyin query found, else the typed
    /// text (trimmed), if any. Pinyin (letters typed) is a search, never an agency's name: with
    /// names found it is the first of them, with none it is nothing.
    pub fn chosen(&self) -> Option<String> {
        if let Some(h) = self.highlight {
            return self.suggestions.get(h).cloned();
        }
        let typed = self.input.value().trim();
        if self.is_pinyin() {
            return self.suggestions.first().cloned();
        }
        // a search that found exactly one agency is that agency: pinyin (never an agency's
        // name), or Chinese that does not read as a full name (`自然`); a full name typed may be
        // a new agency's
        if let [only] = &self.suggestions[..]
            && (typed.contains(|c: char| c.is_ascii_alphabetic())
                || !crate::domain::directory::looks_like_agency_name(typed))
        {
            return Some(only.clone());
        }
        (!typed.is_empty()).then(|| typed.to_string())
    }

    /// Whether what is typed reads as pinyin (letters, no Chinese): a search, not a name.
    pub fn is_pinyin(&self) -> bool {
        let typed = self.input.value().trim();
        typed.contains(|c: char| c.is_ascii_alphabetic())
            && !typed
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    pub fn clear(&mut self) {
        self.input.set("");
        self.suggestions.clear();
        self.highlight = None;
    }

    pub fn render_suggestions(&self, frame: &mut Frame, area: Rect) {
        let items: Vec<ListItem> = self
            .suggestions
            .iter()
            .map(|s| ListItem::new(Line::from(s.as_str())))
            .collect();
        let mut state = ListState::default().with_selected(self.highlight);
        frame.render_stateful_widget(
            List::new(items).highlight_style(theme::selected()),
            area,
            &mut state,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enter_on_a_pinyin_query_with_one_match_picks_it() {
        let mut p = Picker::default();
        p.input.set("gaj");
        p.set_suggestions(vec!["合肥市公安局".into()]);
        assert_eq!(p.chosen().as_deref(), Some("合肥市公安局"));
        // several: the first found (pinyin is a search, never a new agency's name)
        p.set_suggestions(vec!["合肥市公安局".into(), "蜀山区公安分局".into()]);
        assert_eq!(p.chosen().as_deref(), Some("合肥市公安局"));
        // none found: nothing (ssq + Enter makes no agency named ssq)
        p.input.set("ssq");
        p.set_suggestions(Vec::new());
        assert_eq!(p.chosen(), None);
        // Chinese that does not read as a full name is a search: `自然` + Enter is the one match
        p.input.set("自然");
        p.set_suggestions(vec!["合肥市自然资源和规划局".into()]);
        assert_eq!(p.chosen().as_deref(), Some("合肥市自然资源和规划局"));
        // a full name typed may be a new agency's: kept as typed
        p.input.set("合肥市公安局");
        p.set_suggestions(vec!["合肥市公安局蜀山分局".into()]);
        assert_eq!(p.chosen().as_deref(), Some("合肥市公安局"));
    }
}
