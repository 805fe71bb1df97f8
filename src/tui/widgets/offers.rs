//! Names offered while a name is typed (the judges of `[people] judges`): only once something is
//! typed, only those that match, and only into the field when the user asks — Tab takes the
//! highlighted (or first) match, ↑↓ move the highlight. Nothing is ever filled in beforehand.

use super::text_field::TextField;
use crate::tui::theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::{Line, Span};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Offers {
    names: Vec<String>,
    highlight: Option<usize>,
}

impl Offers {
    pub fn new(names: Vec<String>) -> Offers {
        Offers {
            names,
            highlight: None,
        }
    }

    /// The names that match what is typed: those starting with it first, then those holding it
    /// (case does not matter); none while nothing is typed.
    pub fn matching(&self, typed: &str) -> Vec<&str> {
        let typed = typed.trim().to_lowercase();
        if typed.is_empty() {
            return Vec::new();
        }
        let lower = |n: &str| n.to_lowercase();
        let mut out: Vec<&str> = self
            .names
            .iter()
            .filter(|n| lower(n).starts_with(&typed))
            .map(String::as_str)
            .collect();
        out.extend(
            self.names
                .iter()
                .filter(|n| !lower(n).starts_with(&typed) && lower(n).contains(&typed))
                .map(String::as_str),
        );
        out
    }

    /// Tab, ↑ and ↓ while names match: returns true when the key was used for the offers.
    pub fn handle_key(&mut self, key: &KeyEvent, field: &mut TextField) -> bool {
        let n = self.matching(field.value()).len();
        match key.code {
            KeyCode::Tab if n > 0 => self.take_or_first(field),
            KeyCode::Down if n > 0 => {
                self.highlight = Some(self.highlight.map_or(0, |h| (h + 1).min(n - 1)));
                true
            }
            KeyCode::Up if self.highlight.is_some() => {
                self.highlight = self.highlight.and_then(|h| h.checked_sub(1));
                true
            }
            _ => false,
        }
    }

    /// Enter with a name highlighted puts it in the field (true); else Enter confirms the field.
    pub fn take(&mut self, field: &mut TextField) -> bool {
        self.highlight.is_some() && self.take_or_first(field)
    }

    fn take_or_first(&mut self, field: &mut TextField) -> bool {
        let name = {
            let m = self.matching(field.value());
            m.get(self.highlight.unwrap_or(0)).map(|s| s.to_string())
        };
        self.highlight = None;
        match name {
            Some(name) => {
                field.set(&name);
                true
            }
            None => false,
        }
    }

    /// The field was edited: the highlight no longer points at anything typed.
    pub fn edited(&mut self) {
        self.highlight = None;
    }

    /// "Tab: 王审判  王法官" with the highlighted name marked; None when nothing matches, or the
    /// only match is what is typed.
    pub fn line(&self, typed: &str) -> Option<Line<'static>> {
        let m = self.matching(typed);
        if m.is_empty() || (m.len() == 1 && m[0] == typed.trim()) {
            return None;
        }
        let mut spans = vec![Span::styled(
            crate::i18n::t("offers.tab").to_string(),
            theme::dim(),
        )];
        for (i, name) in m.iter().enumerate() {
            if i > 0 {
                spans.push(Span::raw(" "));
            }
            let style = if Some(i) == self.highlight {
                theme::selected()
            } else {
                theme::focused_label()
            };
            spans.push(Span::styled(name.to_string(), style));
        }
        Some(Line::from(spans))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn names_are_offered_only_once_typed_and_taken_only_when_asked() {
        let mut o = Offers::new(vec!["王审判".into(), "李法官".into(), "王法官".into()]);
        let mut f = TextField::default();
        assert!(o.matching("").is_empty(), "nothing offered before typing");
        assert!(!o.handle_key(&key(KeyCode::Tab), &mut f));
        assert_eq!(f.value(), "");
        f.set("王");
        assert_eq!(o.matching("王"), vec!["王审判", "王法官"]);
        assert_eq!(o.matching("法官"), vec!["李法官", "王法官"]);
        // ↓↓ then Enter takes the second; Enter again is left to confirm
        assert!(o.handle_key(&key(KeyCode::Down), &mut f));
        assert!(o.handle_key(&key(KeyCode::Down), &mut f));
        assert!(o.take(&mut f));
        assert_eq!(f.value(), "王法官");
        assert!(!o.take(&mut f));
        // Tab takes the first match
        f.set("李");
        assert!(o.handle_key(&key(KeyCode::Tab), &mut f));
        assert_eq!(f.value(), "李法官");
        assert!(
            o.line("李法官").is_none(),
            "the only match is what is typed"
        );
    }
}
