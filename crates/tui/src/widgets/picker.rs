//! Type to filter, pick from suggestions (agencies already known), or keep what was typed.

use super::text_field::TextField;
use crate::keymap::Keymap;
use crate::theme;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState};

#[derive(Clone, Debug, Default)]
pub struct Picker {
    pub input: TextField,
    pub suggestions: Vec<String>,
    /// the row Enter takes: a name found, or (one past them) the new agency's row
    pub highlight: Option<usize>,
    /// whether a row "新增机关：<typed>" is offered below the names found (a defendant may be a
    /// new agency; the agency another is merged into may not)
    pub offers_new: bool,
}

/// What Enter in the picker takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pick {
    /// an agency found
    Known(String),
    /// the typed name, as a new agency's (its row chosen)
    New(String),
    Nothing,
}

impl Picker {
    /// A picker that offers a new agency's row below the names found.
    pub fn offering_new() -> Picker {
        Picker {
            offers_new: true,
            ..Picker::default()
        }
    }

    /// Up/Down move through the rows; other keys edit. Returns true when the text changed.
    pub fn handle_key(&mut self, key: &KeyEvent, keymap: &Keymap) -> bool {
        use crate::keymap::{Action, Section};
        let rows = self.rows();
        match keymap.action(Section::Prompt, key) {
            Some(Action::Down) if rows > 0 => {
                self.highlight = Some(self.highlight.map_or(0, |h| (h + 1).min(rows - 1)));
                false
            }
            Some(Action::Up) if rows > 0 => {
                self.highlight = Some(self.highlight.map_or(0, |h| h.saturating_sub(1)));
                false
            }
            _ => {
                let before = self.input.value().to_string();
                self.input.handle_key(key, keymap);
                before != self.input.value()
            }
        }
    }

    /// The names found for what is typed: the first is highlighted, so Enter takes it; the new
    /// agency's row is highlighted only when nothing was found.
    pub fn set_suggestions(&mut self, s: Vec<String>) {
        self.suggestions = s;
        self.highlight = (self.rows() > 0).then_some(0);
    }

    /// The name a new agency's row offers: what is typed, when it is Chinese (pinyin is a
    /// search, never a name) and not a name found.
    pub fn new_name(&self) -> Option<&str> {
        let typed = self.input.value().trim();
        (self.offers_new
            && !typed.is_empty()
            && !self.is_pinyin()
            && !self.suggestions.iter().any(|s| s == typed))
        .then_some(typed)
    }

    /// The rows shown: the names found, then the new agency's.
    pub fn rows(&self) -> usize {
        self.suggestions.len() + usize::from(self.new_name().is_some())
    }

    /// What Enter takes: the highlighted row. A new agency is only ever its own row, chosen.
    pub fn pick(&self) -> Pick {
        match self.highlight {
            Some(h) if h < self.suggestions.len() => Pick::Known(self.suggestions[h].clone()),
            Some(h) if h == self.suggestions.len() => match self.new_name() {
                Some(n) => Pick::New(n.to_string()),
                None => Pick::Nothing,
            },
            _ => match self.suggestions.first() {
                Some(first) => Pick::Known(first.clone()),
                None => Pick::Nothing,
            },
        }
    }

    /// The question a new agency of the name `name` needs first, if any: a near-miss of a known
    /// agency's name (`蜀山区城管局` with 蜀山区城市管理局 found), or Chinese that does not read as
    /// an agency's full name.
    pub fn ask_new(&self, name: &str) -> Option<String> {
        use crate::domain::directory::{looks_like_agency_name, near_miss};
        use crate::i18n::tf;
        if let Some(known) = self.suggestions.iter().find(|k| near_miss(name, k)) {
            return Some(tf(
                "picker.ask_near_miss",
                &[("typed", &name), ("known", known)],
            ));
        }
        (!looks_like_agency_name(name)).then(|| tf("picker.ask_not_a_name", &[("typed", &name)]))
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
        let mut items: Vec<ListItem> = self
            .suggestions
            .iter()
            .map(|s| ListItem::new(Line::from(s.as_str())))
            .collect();
        if let Some(name) = self.new_name() {
            items.push(ListItem::new(Line::from(Span::styled(
                crate::i18n::tf("picker.new_row", &[("typed", &name)]),
                theme::label(),
            ))));
        }
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

    fn picker(typed: &str, found: &[&str]) -> Picker {
        let mut p = Picker::offering_new();
        p.input.set(typed);
        p.set_suggestions(found.iter().map(|s| s.to_string()).collect());
        p
    }

    #[test]
    fn enter_takes_the_highlighted_name_found_and_a_new_agency_only_its_own_row() {
        crate::i18n::set_lang(crate::i18n::Lang::Zh);
        let down = KeyEvent::from(crossterm::event::KeyCode::Down);
        let keymap = Keymap::default_keymap();
        // pinyin: the first found; none found: nothing, and no new agency's row
        let p = picker("gaj", &["合肥市公安局", "蜀山区公安分局"]);
        assert_eq!(p.pick(), Pick::Known("合肥市公安局".into()));
        let p = picker("ssq", &[]);
        assert_eq!((p.pick(), p.rows()), (Pick::Nothing, 0));
        // a Chinese name with one near match shown: Enter takes the match
        let mut p = picker("蜀山区城管局", &["蜀山区城市管理局"]);
        assert_eq!(p.pick(), Pick::Known("蜀山区城市管理局".into()));
        // the new agency's row, moved to, is the typed name; near a known one, it asks
        assert_eq!(p.rows(), 2);
        p.handle_key(&down, &keymap);
        p.handle_key(&down, &keymap);
        assert_eq!(p.pick(), Pick::New("蜀山区城管局".into()));
        let q = p.ask_new("蜀山区城管局").unwrap();
        assert!(q.contains("蜀山区城市管理局"), "{q}");
        // nothing found: the new agency's row is the one shown, highlighted; a full name that
        // is near no known one is not asked about, a partial one is
        let p = picker("合肥市数据资源局", &[]);
        assert_eq!(p.pick(), Pick::New("合肥市数据资源局".into()));
        assert_eq!(p.ask_new("合肥市数据资源局"), None);
        assert!(p.ask_new("数据资源").is_some());
        // the typed name found as it is: no new row
        assert_eq!(picker("合肥市公安局", &["合肥市公安局"]).rows(), 1);
        // a merge target is never a new agency
        let mut p = picker("合肥市数据资源局", &[]);
        p.offers_new = false;
        assert_eq!((p.pick(), p.rows()), (Pick::Nothing, 0));
    }
}
