//! Names offered while a name is typed (the judges of `[people] judges`): only once something is
//! typed, only those that match, and only into the field when the user asks — Tab takes the
//! highlighted (or first) match, ↑↓ move the highlight. Nothing is ever filled in beforehand.
//!
//! Names remembered (an agency's earlier people, recent judges and clerks) may also be offered
//! before anything is typed ([`Offers::remembered`]): then ↓ highlights one, and Enter or Tab takes
//! the one highlighted — Tab alone, with nothing typed and nothing highlighted, moves on.

use super::text_field::TextField;
use crate::keymap::{Action, Keymap, Section};
use crate::theme;
use crossterm::event::KeyEvent;
use ratatui::text::{Line, Span};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Offers {
    names: Vec<String>,
    /// how each name is shown (the name itself unless given)
    labels: Vec<String>,
    /// offered before anything is typed
    when_empty: bool,
    highlight: Option<usize>,
    /// the index (into the names) of the one taken last
    taken: Option<usize>,
}

impl Offers {
    pub fn new(names: Vec<String>) -> Offers {
        Offers {
            labels: names.clone(),
            names,
            ..Offers::default()
        }
    }

    /// Names remembered, each with how it is shown, offered before anything is typed too.
    pub fn remembered(names: Vec<(String, String)>) -> Offers {
        let (names, labels) = names.into_iter().unzip();
        Offers {
            names,
            labels,
            when_empty: true,
            ..Offers::default()
        }
    }

    /// The indices of the names that match what is typed: those starting with it first, then those
    /// holding it (case does not matter), then those it names by pinyin; while nothing is typed,
    /// none — or every one, when remembered names are offered.
    fn matching_at(&self, typed: &str) -> Vec<usize> {
        let typed = typed.trim().to_lowercase();
        if typed.is_empty() {
            return if self.when_empty {
                (0..self.names.len()).collect()
            } else {
                Vec::new()
            };
        }
        let lower = |i: &usize| self.names[*i].to_lowercase();
        let all = 0..self.names.len();
        let mut out: Vec<usize> = all
            .clone()
            .filter(|i| lower(i).starts_with(&typed))
            .collect();
        out.extend(
            all.clone()
                .filter(|i| !lower(i).starts_with(&typed) && lower(i).contains(&typed)),
        );
        // then by pinyin, the better match first (`wsp` or `wangs` finds 王审判)
        let mut by_pinyin: Vec<(crate::domain::pinyin_match::Quality, usize)> = all
            .filter(|i| !out.contains(i))
            .filter_map(|i| {
                crate::domain::pinyin_match::matches(&typed, &self.names[i]).map(|q| (q, i))
            })
            .collect();
        by_pinyin.sort();
        out.extend(by_pinyin.into_iter().map(|(_, i)| i));
        out
    }

    /// The names that match what is typed (see [`Offers::matching_at`]).
    pub fn matching(&self, typed: &str) -> Vec<&str> {
        self.matching_at(typed)
            .into_iter()
            .map(|i| self.names[i].as_str())
            .collect()
    }

    /// The keys of `keymap`'s `[offers]` (Tab, ↑ and ↓ while names match, Enter with one
    /// highlighted): returns true when the key was used for the offers.
    pub fn handle_key(&mut self, key: &KeyEvent, field: &mut TextField, keymap: &Keymap) -> bool {
        // those shown: a field holding the only match is offered nothing
        let n = self.shown(field.value()).0.len();
        let typed = !field.value().trim().is_empty();
        match keymap.action(Section::Offers, key) {
            Some(Action::Pick) => self.take(field),
            Some(Action::Complete) if n > 0 && (typed || self.highlight.is_some()) => {
                self.take_or_first(field)
            }
            Some(Action::Down) if n > 0 => {
                self.highlight = Some(self.highlight.map_or(0, |h| (h + 1).min(n - 1)));
                true
            }
            Some(Action::Up) if self.highlight.is_some() => {
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
        let at = self
            .matching_at(field.value())
            .get(self.highlight.unwrap_or(0))
            .copied();
        self.highlight = None;
        match at {
            Some(i) => {
                field.set(&self.names[i]);
                self.taken = Some(i);
                true
            }
            None => false,
        }
    }

    /// The index (among the names given) of the name taken last, once: a form fills in what
    /// belongs with it.
    pub fn taken(&mut self) -> Option<usize> {
        self.taken.take()
    }

    /// Whether a name is highlighted.
    pub fn highlighted(&self) -> bool {
        self.highlight.is_some()
    }

    /// The field was edited: the highlight no longer points at anything typed.
    pub fn edited(&mut self) {
        self.highlight = None;
    }

    /// The labels of the names that match, and which of them is highlighted; nothing when the only
    /// match is what is typed.
    pub fn shown(&self, typed: &str) -> (Vec<&str>, Option<usize>) {
        let m = self.matching_at(typed);
        if m.len() == 1 && self.names[m[0]] == typed.trim() {
            return (Vec::new(), None);
        }
        (
            m.into_iter().map(|i| self.labels[i].as_str()).collect(),
            self.highlight,
        )
    }

    /// "Tab: 王审判  王法官" with the highlighted name marked ("↓ 选择：" while nothing is typed);
    /// None when nothing matches, or the only match is what is typed.
    pub fn line(&self, typed: &str, keymap: &Keymap) -> Option<Line<'static>> {
        self.line_fit(typed, usize::MAX, keymap)
    }

    /// [`Offers::line`] in `width` display columns: whole names only (from the highlighted one
    /// when it would not fit), "…" when some are left out.
    pub fn line_fit(&self, typed: &str, width: usize, keymap: &Keymap) -> Option<Line<'static>> {
        use unicode_width::UnicodeWidthStr;
        let (labels, highlight) = self.shown(typed);
        if labels.is_empty() {
            return None;
        }
        let lead = if typed.trim().is_empty() {
            let key = keymap.key(Section::Offers, Action::Down);
            crate::i18n::tf("offers.down", &[("key", &key)])
        } else {
            let key = keymap.key(Section::Offers, Action::Complete);
            crate::i18n::tf("offers.tab", &[("key", &key)])
        };
        let mut used = lead.width();
        let mut spans = vec![Span::styled(lead, theme::dim())];
        // from the highlighted name when the names before it would push it out
        let fits = |from: usize| {
            let mut w = used;
            labels[from..=highlight.unwrap_or(0).max(from)]
                .iter()
                .all(|l| {
                    w += l.width() + 1;
                    w < width
                })
        };
        let start = (0..labels.len()).find(|&i| fits(i)).unwrap_or(0);
        if start > 0 {
            spans.push(Span::styled("… ", theme::dim()));
            used += 2;
        }
        for (i, name) in labels.iter().enumerate().skip(start) {
            // room for the name, a space before it, and "…" after it when others follow
            let more = usize::from(i + 1 < labels.len());
            if used + usize::from(i > start) + name.width() + more > width {
                spans.push(Span::styled("…", theme::dim()));
                break;
            }
            if i > start {
                spans.push(Span::raw(" "));
                used += 1;
            }
            used += name.width();
            let style = if Some(i) == highlight {
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
    use crossterm::event::{KeyCode, KeyModifiers};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn names_are_offered_only_once_typed_and_taken_only_when_asked() {
        let km = Keymap::default_keymap();
        let mut o = Offers::new(vec!["王审判".into(), "李法官".into(), "王法官".into()]);
        let mut f = TextField::default();
        assert!(o.matching("").is_empty(), "nothing offered before typing");
        assert!(!o.handle_key(&key(KeyCode::Tab), &mut f, &km));
        assert_eq!(f.value(), "");
        f.set("王");
        assert_eq!(o.matching("王"), vec!["王审判", "王法官"]);
        assert_eq!(o.matching("法官"), vec!["李法官", "王法官"]);
        // ↓↓ then Enter takes the second; Enter again is left to confirm
        assert!(o.handle_key(&key(KeyCode::Down), &mut f, &km));
        assert!(o.handle_key(&key(KeyCode::Down), &mut f, &km));
        assert!(o.take(&mut f));
        assert_eq!(f.value(), "王法官");
        assert!(!o.take(&mut f));
        // Tab takes the first match
        f.set("李");
        assert!(o.handle_key(&key(KeyCode::Tab), &mut f, &km));
        assert_eq!(f.value(), "李法官");
        assert!(
            o.line("李法官", &km).is_none(),
            "the only match is what is typed"
        );
    }

    #[test]
    fn remembered_names_are_offered_before_typing_and_taken_only_when_asked() {
        let km = Keymap::default_keymap();
        let mut o = Offers::remembered(vec![
            ("张建国".into(), "张建国 副局长".into()),
            ("刘芳".into(), "刘芳 局长".into()),
        ]);
        let mut f = TextField::default();
        assert_eq!(o.matching(""), vec!["张建国", "刘芳"]);
        // Tab with nothing typed and nothing highlighted moves on (not used here)
        assert!(!o.handle_key(&key(KeyCode::Tab), &mut f, &km));
        assert_eq!(f.value(), "");
        // ↓↓ Enter takes the second, and says which
        assert!(o.handle_key(&key(KeyCode::Down), &mut f, &km));
        assert!(o.handle_key(&key(KeyCode::Down), &mut f, &km));
        assert!(o.take(&mut f));
        assert_eq!((f.value(), o.taken()), ("刘芳", Some(1)));
        assert_eq!(o.taken(), None, "told once");
        // typed: those that match, shown with their labels
        f.set("张");
        assert_eq!(o.shown("张").0, vec!["张建国 副局长"]);
        assert!(o.handle_key(&key(KeyCode::Tab), &mut f, &km));
        assert_eq!((f.value(), o.taken()), ("张建国", Some(0)));
    }

    #[test]
    fn names_are_found_by_pinyin_too() {
        let o = Offers::new(vec!["王审判".into(), "李法官".into(), "王法官".into()]);
        assert_eq!(o.matching("wsp"), vec!["王审判"]);
        assert_eq!(o.matching("lifg"), vec!["李法官"]);
        // typed Chinese still comes first, pinyin after
        assert_eq!(o.matching("王"), vec!["王审判", "王法官"]);
        assert_eq!(o.matching("wang"), vec!["王审判", "王法官"]);
    }
}
