//! Keys as data: `config/keymap.toml` compiled in, merged with the user's file; one `Action` enum.
//! The help overlay and the footer hints are generated from this table.

use crate::config::{FileError, Loaded, line_of, toml_error};
use crate::i18n::t;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

pub const DEFAULT_KEYMAP: &str = include_str!("../../../config/keymap.toml");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    List,
    Hearing,
    Form,
    Scoring,
    Live,
    Batch,
    Followups,
    /// the judicial suggestion worklist (司法建议书)
    Suggestions,
    /// a justice bureau's video spot checks
    Spotcheck,
    Agencies,
    /// a yes/no question
    Confirm,
    /// a line to type (a path, a reason, a note)
    Prompt,
    /// one of a few choices, and the pickers
    Choice,
    /// editing any text field
    Text,
    Dashboard,
    /// a case's history (审计记录), scrolled
    History,
    /// a hearing schedule's dry run, asking whether to import it
    Import,
    /// saving an amendment: its reason and the confirming judge's name
    AmendSave,
    /// names offered under a name being typed
    Offers,
}

impl Section {
    /// The sections of pop-ups and fields, shown in every screen's help after its own keys.
    pub const WIDGETS: &[Section] = &[
        Section::Confirm,
        Section::Prompt,
        Section::Choice,
        Section::Offers,
        Section::Text,
    ];
    pub const ALL: &[Section] = &[
        Section::List,
        Section::Hearing,
        Section::Form,
        Section::Scoring,
        Section::Live,
        Section::Batch,
        Section::Followups,
        Section::Suggestions,
        Section::Spotcheck,
        Section::Agencies,
        Section::Confirm,
        Section::Prompt,
        Section::Choice,
        Section::Text,
        Section::Dashboard,
        Section::History,
        Section::Import,
        Section::AmendSave,
        Section::Offers,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Section::List => "list",
            Section::Hearing => "hearing",
            Section::Form => "form",
            Section::Scoring => "scoring",
            Section::Live => "live",
            Section::Batch => "batch",
            Section::Followups => "followups",
            Section::Suggestions => "suggestions",
            Section::Spotcheck => "spotcheck",
            Section::Agencies => "agencies",
            Section::Confirm => "confirm",
            Section::Prompt => "prompt",
            Section::Choice => "choice",
            Section::Text => "text",
            Section::Dashboard => "dashboard",
            Section::History => "history",
            Section::Import => "import",
            Section::AmendSave => "amend_save",
            Section::Offers => "offers",
        }
    }

    /// The pop-ups a screen opens that have keys of their own, shown in its help after its own
    /// keys (those of every screen's pop-ups and fields, [`Section::WIDGETS`], follow).
    pub fn popups(self) -> &'static [Section] {
        match self {
            Section::List => &[Section::Import],
            Section::Hearing => &[Section::History],
            Section::Scoring => &[Section::History, Section::AmendSave],
            Section::Form => &[Section::AmendSave],
            _ => &[],
        }
    }
}

macro_rules! actions {
    ($($var:ident = $name:literal),* $(,)?) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($var),* }
        impl Action {
            pub const ALL: &[Action] = &[$(Action::$var),*];
            pub fn name(self) -> &'static str { match self { $(Action::$var => $name),* } }
            pub fn from_name(s: &str) -> Option<Action> { match s { $($name => Some(Action::$var),)* _ => None } }
        }
    };
}

actions! {
    Help = "help", Quit = "quit", NewHearing = "new_hearing", Open = "open", EditHearing = "edit_hearing",
    Score = "score", Up = "up", Down = "down", PageUp = "page_up", PageDown = "page_down", Top = "top",
    Bottom = "bottom", Refresh = "refresh", Back = "back", AddAgency = "add_agency", RemoveAgency = "remove_agency",
    EditAppearance = "edit_appearance", Save = "save", Cancel = "cancel", NextField = "next_field",
    PrevField = "prev_field", Toggle = "toggle", Increase = "increase", Decrease = "decrease",
    NextDimension = "next_dimension", PrevDimension = "prev_dimension", Note = "note", Comment = "comment",
    Finalize = "finalize", Live = "live", Undo = "undo", NextStage = "next_stage", PrevStage = "prev_stage",
    SwitchAgency = "switch_agency", EndLive = "end_live", Batch = "batch", PrevPeriod = "prev_period",
    NextPeriod = "next_period", Quarter = "quarter", Topic = "topic", Export = "export", Draft = "draft",
    Performance = "performance", Followups = "followups", JudgmentDates = "judgment_dates",
    Amend = "amend", History = "history", DeleteHearing = "delete_hearing", PrintSheet = "print_sheet",
    Suggestions = "suggestions", DraftSuggestion = "draft_suggestion", SendSuggestion = "send_suggestion",
    RecordReply = "record_reply", PrintSuggestion = "print_suggestion", DeleteSuggestion = "delete_suggestion",
    Details = "details", ReviewVideo = "review_video",
    Agencies = "agencies", ImportSchedule = "import_schedule", Today = "today", Search = "search",
    EditAgency = "edit_agency", MergeAgency = "merge_agency", Dashboard = "dashboard", Drill = "drill",
    Yes = "yes", No = "no", Submit = "submit", Pick = "pick",
    CursorLeft = "cursor_left", CursorRight = "cursor_right", LineStart = "line_start", LineEnd = "line_end",
    DeleteBack = "delete_back", DeleteForward = "delete_forward", DeleteToStart = "delete_to_start",
    DeleteToEnd = "delete_to_end",
    Accept = "accept", NextOption = "next_option", PrevOption = "prev_option", SetYes = "set_yes",
    SetNo = "set_no", RemoveLast = "remove_last", Import = "import", SkipWrong = "skip_wrong",
    Complete = "complete",
}

/// The character a key types (no Ctrl or Alt held): text typed into a field, a search, a rubric
/// item's live key, the digits of points or of a choice's number. What a character means there is
/// data (the rubric's, the field's), not an action of the keymap.
pub fn typed(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    }
}

impl Action {
    pub fn description(self) -> String {
        t(&format!("action.{}", self.name())).to_string()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeySpec {
    pub fn parse(s: &str) -> Option<KeySpec> {
        let (mods, rest) = if let Some(r) = s.strip_prefix("Ctrl-") {
            (KeyModifiers::CONTROL, r)
        } else if let Some(r) = s.strip_prefix("Alt-") {
            (KeyModifiers::ALT, r)
        } else {
            (KeyModifiers::NONE, s)
        };
        let code = match rest {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "BackTab" => KeyCode::BackTab,
            "Backspace" => KeyCode::Backspace,
            "Delete" => KeyCode::Delete,
            "Insert" => KeyCode::Insert,
            "Space" => KeyCode::Char(' '),
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "PageUp" => KeyCode::PageUp,
            "PageDown" => KeyCode::PageDown,
            f if f.len() > 1
                && f.starts_with('F')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCode::F(f[1..].parse().ok()?)
            }
            c => {
                let mut chars = c.chars();
                match (chars.next(), chars.next()) {
                    (Some(ch), None) if !ch.is_control() => {
                        KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) {
                            ch.to_ascii_lowercase()
                        } else {
                            ch
                        })
                    }
                    _ => return None,
                }
            }
        };
        Some(KeySpec { code, mods })
    }

    /// Normalises a key press: Shift is part of the character, not a modifier.
    pub fn from_event(k: &KeyEvent) -> KeySpec {
        let mut mods = k.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match k.code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            c => c,
        };
        KeySpec { code, mods }
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Insert => "Ins".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

type RawKeymap = BTreeMap<String, BTreeMap<String, Spanned<OneOrMany>>>;

#[derive(Clone, Debug, Default)]
pub struct Keymap {
    /// Per section: the actions in file order with their keys.
    sections: BTreeMap<Section, Vec<(Action, Vec<KeySpec>)>>,
}

struct Binding {
    keys: Vec<KeySpec>,
    file: String,
    line: usize,
}

impl Keymap {
    /// The default keymap, merged with the user's (file name, text) if given.
    pub fn load(default: &str, user: Option<(&str, &str)>) -> Result<Keymap, FileError> {
        let mut merged: BTreeMap<Section, Vec<(Action, Binding)>> = BTreeMap::new();
        let sources = std::iter::once(("config/keymap.toml", default)).chain(user);
        for (file, text) in sources {
            let raw: RawKeymap = toml::from_str(text).map_err(|e| {
                let mut err = toml_error(file, text, &e);
                // serde's words for the shape of a binding mean nothing to a user
                if err.reason.plain().contains("OneOrMany")
                    || err.reason.plain().contains("untagged")
                {
                    err.reason = crate::i18n::msgf("keymap.err.shape", &[]);
                }
                err
            })?;
            for (section_name, actions) in raw {
                let Some(section) = Section::ALL
                    .iter()
                    .copied()
                    .find(|s| s.name() == section_name)
                else {
                    let line = text
                        .find(&format!("[{section_name}]"))
                        .map(|o| line_of(text, o))
                        .unwrap_or(1);
                    return Err(FileError {
                        file: file.into(),
                        line,
                        reason: crate::i18n::msgf(
                            "keymap.err.section",
                            &[("section", &echo(&section_name))],
                        ),
                    });
                };
                let entry = merged.entry(section).or_default();
                for (name, value) in actions {
                    let line = line_of(text, value.span().start);
                    let action = Action::from_name(&name).ok_or_else(|| FileError {
                        file: file.into(),
                        line,
                        reason: crate::i18n::msgf(
                            "keymap.err.action",
                            &[("action", &echo(&name)), ("section", &echo(&section_name))],
                        ),
                    })?;
                    let strings = match value.into_inner() {
                        OneOrMany::One(s) => vec![s],
                        OneOrMany::Many(v) => v,
                    };
                    let mut keys = Vec::new();
                    for s in strings {
                        keys.push(KeySpec::parse(&s).ok_or_else(|| FileError {
                            file: file.into(),
                            line,
                            reason: crate::i18n::msgf("keymap.err.key", &[("key", &echo(&s))]),
                        })?);
                    }
                    let binding = Binding {
                        keys,
                        file: file.to_string(),
                        line,
                    };
                    match entry.iter_mut().find(|(a, _)| *a == action) {
                        Some((_, b)) => *b = binding,
                        None => entry.push((action, binding)),
                    }
                }
            }
        }
        // every screen keeps a way out: quit, back, cancel and end live mode need a key
        for (section, bindings) in &merged {
            for (action, b) in bindings {
                let way_out = matches!(
                    action,
                    Action::Quit | Action::Back | Action::Cancel | Action::EndLive | Action::No
                );
                if way_out && b.keys.is_empty() {
                    return Err(FileError {
                        file: b.file.clone(),
                        line: b.line,
                        reason: crate::i18n::msgf(
                            "keymap.err.no_way_out",
                            &[("action", &action.name()), ("section", &section.name())],
                        ),
                    });
                }
            }
        }
        // a key bound twice in one screen is refused, naming the later binding
        for (section, bindings) in &merged {
            let mut seen: BTreeMap<String, Action> = BTreeMap::new();
            let mut ordered: Vec<&(Action, Binding)> = bindings.iter().collect();
            ordered.sort_by_key(|(_, b)| (b.file != "config/keymap.toml", b.line));
            for (action, b) in ordered {
                for k in &b.keys {
                    if let Some(other) = seen.insert(k.label(), *action)
                        && other != *action
                    {
                        return Err(FileError {
                            file: b.file.clone(),
                            line: b.line,
                            reason: crate::i18n::msgf(
                                "keymap.err.twice",
                                &[
                                    ("key", &k.label()),
                                    ("section", &section.name()),
                                    ("a", &other.name()),
                                    ("b", &action.name()),
                                ],
                            ),
                        });
                    }
                }
            }
        }
        Ok(Keymap {
            sections: merged
                .into_iter()
                .map(|(s, v)| {
                    // help lists actions in the order they are declared, not alphabetically
                    let mut v: Vec<_> = v.into_iter().map(|(a, b)| (a, b.keys)).collect();
                    v.sort_by_key(|(a, _)| *a);
                    (s, v)
                })
                .collect(),
        })
    }

    /// The default keymap merged with the user's keymap.toml that `config::load` found, and the
    /// rubric's live keys checked against live mode's own: errors name the file and line.
    pub fn for_loaded(loaded: &Loaded) -> Result<Keymap, FileError> {
        let user = loaded
            .user_keymap
            .as_ref()
            .map(|u| (u.file.as_str(), u.text.as_str()));
        let keymap = Keymap::load(DEFAULT_KEYMAP, user)?;
        loaded.check_live_keys(&keymap.live_chars())?;
        Ok(keymap)
    }

    pub fn default_keymap() -> Keymap {
        Keymap::load(DEFAULT_KEYMAP, None).expect("the default keymap is valid (tested)")
    }

    pub fn action(&self, section: Section, key: &KeyEvent) -> Option<Action> {
        let spec = KeySpec::from_event(key);
        self.sections
            .get(&section)?
            .iter()
            .find(|(_, keys)| keys.contains(&spec))
            .map(|(a, _)| *a)
    }

    pub fn bindings(&self, section: Section) -> &[(Action, Vec<KeySpec>)] {
        self.sections
            .get(&section)
            .map(|v| v.as_slice())
            .unwrap_or(&[])
    }

    /// The characters live mode's own actions use; rubric items may not use them as live keys.
    pub fn live_chars(&self) -> Vec<char> {
        self.bindings(Section::Live)
            .iter()
            .flat_map(|(_, keys)| keys.iter())
            .filter_map(|k| match k.code {
                KeyCode::Char(c) if k.mods.is_empty() => Some(c),
                _ => None,
            })
            .collect()
    }

    /// The first key of `action` in `section`, as shown ("" when it has none).
    pub fn key(&self, section: Section, action: Action) -> String {
        self.bindings(section)
            .iter()
            .find(|(a, _)| *a == action)
            .and_then(|(_, keys)| keys.first())
            .map(|k| k.label())
            .unwrap_or_default()
    }

    /// Every key of `action` in `section` (three at most), as shown: "Enter/p".
    pub fn keys(&self, section: Section, action: Action) -> String {
        self.bindings(section)
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, keys)| {
                let labels: Vec<String> = keys.iter().take(3).map(|k| k.label()).collect();
                labels.join("/")
            })
            .unwrap_or_default()
    }

    /// The hints of `actions` in `section`, in their order: a pop-up's line of keys, from the
    /// same declaration as the footer it shows.
    pub fn hints(&self, section: Section, actions: &[Action]) -> String {
        actions
            .iter()
            .filter_map(|a| self.hint(section, *a))
            .collect::<Vec<_>>()
            .join("  ")
    }

    /// "n 新建" style hint for the footer.
    pub fn hint(&self, section: Section, action: Action) -> Option<String> {
        let (_, keys) = self.bindings(section).iter().find(|(a, _)| *a == action)?;
        Some(format!(
            "{} {}",
            keys.first()?.label(),
            action.description()
        ))
    }
}

/// A name or key from the user's keymap.toml as a message repeats it: control characters shown
/// as escapes, and cut to 40 characters (a line of 100 000 is not printed back whole).
fn echo(s: &str) -> String {
    let shown = crate::domain::text::shown(s);
    crate::domain::text::cut(&shown, 40, "…").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Render as _;

    #[test]
    fn pop_up_and_field_keys_are_the_keymap_s() {
        let key = |c| KeyEvent::from(KeyCode::Char(c));
        let km = Keymap::default_keymap();
        assert_eq!(km.action(Section::Confirm, &key('y')), Some(Action::Yes));
        assert_eq!(km.action(Section::Confirm, &key('是')), Some(Action::Yes));
        assert_eq!(
            km.action(Section::Prompt, &KeyEvent::from(KeyCode::Esc)),
            Some(Action::Cancel)
        );
        // a user's keymap changes them: "o" answers yes, and a text field's line start moves
        let user = "[confirm]\nyes = \"o\"\n[text]\nline_start = \"F5\"\n";
        let km = Keymap::load(DEFAULT_KEYMAP, Some(("keymap.toml", user))).unwrap();
        assert_eq!(km.action(Section::Confirm, &key('o')), Some(Action::Yes));
        assert_eq!(km.action(Section::Confirm, &key('y')), None);
        let mut f = crate::widgets::text_field::TextField::new("庭审");
        assert!(f.handle_key(&KeyEvent::from(KeyCode::F(5)), &km));
        f.handle_key(&key('开'), &km);
        assert_eq!(f.value(), "开庭审");
        // a pop-up's way out cannot be unbound
        let user = "[confirm]\nno = []\n";
        assert!(Keymap::load(DEFAULT_KEYMAP, Some(("keymap.toml", user))).is_err());
    }

    /// Every key the app acts on comes from the keymap: outside this file no code matches a
    /// `KeyCode` or a `KeyModifiers` (a text field's typing goes through [`typed`], its editing
    /// keys are the keymap's `[text]`). Tests, after `#[cfg(test)]`, build key events as they like.
    #[test]
    fn no_key_is_matched_outside_the_keymap() {
        // the only files allowed to name a key code in the app's code
        const ALLOWED: &[&str] = &["src/keymap.rs"];
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        walk(&root.join("src"), &mut files);
        assert!(files.len() > 20, "{files:?}");
        let mut found = Vec::new();
        for f in files {
            let rel = f
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if ALLOWED.contains(&rel.as_str()) {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for (i, line) in code.lines().enumerate() {
                if line.contains("KeyCode::") || line.contains("KeyModifiers::") {
                    found.push(format!("{rel}:{}: {}", i + 1, line.trim()));
                }
            }
        }
        assert!(
            found.is_empty(),
            "keys matched outside the keymap (bind them in config/keymap.toml):\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn a_user_keymap_rebinds_the_forms_choices() {
        use crate::widgets::form::{Field, Form};
        let user = "[form]\nset_yes = \"1\"\nnext_option = \"+\"\n";
        let km = Keymap::load(DEFAULT_KEYMAP, Some(("keymap.toml", user))).unwrap();
        let mut form = Form::new(vec![
            Field::toggle("notified", "field.notified", false),
            Field::choice(
                "x",
                "field.x",
                vec![("a".into(), "a".into()), ("b".into(), "b".into())],
                "a",
            ),
        ]);
        // y no longer says yes; 1 does
        assert!(!form.handle_key(&KeyEvent::from(KeyCode::Char('y')), &km).0);
        assert!(!form.toggle("notified"));
        assert!(form.handle_key(&KeyEvent::from(KeyCode::Char('1')), &km).0);
        assert!(form.toggle("notified"));
        form.next();
        assert!(!form.handle_key(&KeyEvent::from(KeyCode::Char(' ')), &km).0);
        assert!(form.handle_key(&KeyEvent::from(KeyCode::Char('+')), &km).0);
        assert_eq!(form.choice("x"), "b");
    }

    #[test]
    fn default_keymap_loads_and_describes_every_action() {
        let k = Keymap::default_keymap();
        let ev = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(k.action(Section::List, &ev), Some(Action::NewHearing));
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(k.action(Section::List, &shift_g), Some(Action::Bottom));
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(k.action(Section::Form, &ctrl_s), Some(Action::Save));
        for a in Action::ALL {
            assert!(
                crate::i18n::catalog()
                    .zh
                    .contains_key(&format!("action.{}", a.name())),
                "{}",
                a.name()
            );
        }
    }

    #[test]
    fn user_keys_override_and_twice_bound_keys_are_refused() {
        let k = Keymap::load(
            DEFAULT_KEYMAP,
            Some(("my.toml", "[list]\nnew_hearing = \"a\"\n")),
        )
        .unwrap();
        let a = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
        assert_eq!(k.action(Section::List, &a), Some(Action::NewHearing));
        let n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(k.action(Section::List, &n), None);

        let e = Keymap::load(
            DEFAULT_KEYMAP,
            Some(("my.toml", "[list]\n\nnew_hearing = \"q\"\n")),
        )
        .unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("my.toml", 3));
        assert!(e.reason.text().contains('q'));
    }

    #[test]
    fn the_config_folders_keymap_is_merged_and_checked_against_the_rubric() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("keymap.toml"),
            "[list]\nnew_hearing = \"a\"\n",
        )
        .unwrap();
        let loaded = crate::config::load(Some(dir.path()), None).unwrap();
        let k = Keymap::for_loaded(&loaded).unwrap();
        let a = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
        assert_eq!(k.action(Section::List, &a), Some(Action::NewHearing));
        // a keymap that takes a key of the built-in rubric's live items is blamed, not the rubric
        std::fs::write(dir.path().join("keymap.toml"), "[live]\n\nundo = \"p\"\n").unwrap();
        let loaded = crate::config::load(Some(dir.path()), None).unwrap();
        let e = Keymap::for_loaded(&loaded).unwrap_err();
        assert!(e.file.ends_with("keymap.toml"), "{e:?}");
        assert_eq!(e.line, 3);
        // and a broken keymap names its own line
        std::fs::write(dir.path().join("keymap.toml"), "[list]\n\nfly = \"z\"\n").unwrap();
        let loaded = crate::config::load(Some(dir.path()), None).unwrap();
        let e = Keymap::for_loaded(&loaded).unwrap_err();
        assert!(e.file.ends_with("keymap.toml"), "{e:?}");
        assert_eq!(e.line, 3);
    }

    #[test]
    fn bad_keymaps_name_file_and_line() {
        let e =
            Keymap::load(DEFAULT_KEYMAP, Some(("my.toml", "[list]\nfly = \"z\"\n"))).unwrap_err();
        assert_eq!(e.line, 2);
        let e = Keymap::load(
            DEFAULT_KEYMAP,
            Some(("my.toml", "[list]\nquit = \"Hyper-q\"\n")),
        )
        .unwrap_err();
        assert_eq!(e.line, 2);
        let e =
            Keymap::load(DEFAULT_KEYMAP, Some(("my.toml", "[lst]\nquit = \"q\"\n"))).unwrap_err();
        assert_eq!(e.line, 1);
        let e = Keymap::load(DEFAULT_KEYMAP, Some(("my.toml", "[list\n"))).unwrap_err();
        assert_eq!(e.line, 1);
        // a binding of the wrong shape says what a binding looks like, not serde's words
        crate::i18n::set_lang(crate::i18n::Lang::Zh);
        let e =
            Keymap::load(DEFAULT_KEYMAP, Some(("my.toml", "[list]\n\nquit = 3\n"))).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(
            !e.reason.text().contains("OneOrMany") && e.reason.text().contains("按键列表"),
            "{:?}",
            e.reason
        );
        // no way to quit is refused
        let e = Keymap::load(DEFAULT_KEYMAP, Some(("my.toml", "[list]\nquit = []\n"))).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("my.toml", 2));
        assert!(e.reason.text().contains("quit"), "{:?}", e.reason);
        // a key of 100 000 characters with a terminal escape is said cut, its escape shown
        let key = format!("\\u001b]0;pwn\\u0007{}", "x".repeat(100_000));
        let e = Keymap::load(
            DEFAULT_KEYMAP,
            Some(("my.toml", &format!("[list]\nquit = \"{key}\"\n"))),
        )
        .unwrap_err();
        let said = e.reason.text();
        assert!(
            said.chars().count() < 100,
            "{} characters",
            said.chars().count()
        );
        assert!(
            !said.contains('\u{1b}') && !said.contains('\u{7}'),
            "{said:?}"
        );
    }
}
