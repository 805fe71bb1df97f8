//! The one message catalog, and the edges' language. Every user-visible string is looked up here
//! by key; the texts live in `config/messages.toml` (compiled in), with a `[zh]` and an `[en]`
//! table that must hold the same keys (a test checks it, and another checks that every key used in
//! the workspace's sources exists). The core and the store say what they mean as a [`Msg`] (a key
//! and its arguments); only the edges — the terminal, the command line, the documents — put it
//! into words here, in the language chosen at start ([`set_lang`]).

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Display;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

pub const CATALOG_TOML: &str = include_str!("../../../config/messages.toml");

pub use tingping_core::msg::{
    Arg, Bilingual, Keyed, Lang, Msg, Told, Voice, Words, fill, msg, msgf,
};

static GLOBAL: AtomicU8 = AtomicU8::new(0);
thread_local! {
    static LOCAL: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// Sets the language for the whole process (and this thread, which tests rely on).
pub fn set_lang(lang: Lang) {
    GLOBAL.store(lang as u8, Ordering::Relaxed);
    LOCAL.with(|l| l.set(Some(lang)));
}

pub fn lang() -> Lang {
    LOCAL
        .with(|l| l.get())
        .unwrap_or(match GLOBAL.load(Ordering::Relaxed) {
            1 => Lang::En,
            _ => Lang::Zh,
        })
}

/// FNV-1a: the catalog's keys are short and trusted (compiled in), and a lookup runs for every
/// label of every row an export writes.
#[derive(Default)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub type Texts = HashMap<String, String, std::hash::BuildHasherDefault<Fnv>>;

pub struct Catalog {
    pub zh: Texts,
    pub en: Texts,
}

pub fn catalog() -> &'static Catalog {
    static CAT: OnceLock<Catalog> = OnceLock::new();
    CAT.get_or_init(|| {
        #[derive(serde::Deserialize)]
        struct Raw {
            zh: Texts,
            en: Texts,
        }
        let raw: Raw =
            toml::from_str(CATALOG_TOML).expect("config/messages.toml is checked by tests");
        Catalog {
            zh: raw.zh,
            en: raw.en,
        }
    })
}

/// The text for `key` in the current language (the key itself if it is missing, which a test forbids).
pub fn t(key: &str) -> &'static str {
    t_in(lang(), key)
}

pub fn t_in(lang: Lang, key: &str) -> &'static str {
    match WORDS.word(lang, key) {
        Some(s) => s,
        None => Box::leak(key.to_string().into_boxed_str()),
    }
}

/// The text for `key` with `{name}` placeholders filled in.
pub fn tf(key: &str, args: &[(&str, &dyn Display)]) -> String {
    fill(t(key), args)
}

/// "案号：" / "Case number: " — a label followed by the language's colon.
pub fn labelled(key: &str) -> String {
    format!("{}{}", t(key), t("common.colon"))
}

/// Picks the zh or en variant of a pair of labels carried in data (the rubric).
pub fn pick<'a>(zh: &'a str, en: &'a str) -> &'a str {
    lang().pick(zh, en)
}

/// The compiled-in catalog, as the core asks for words.
pub struct CatalogWords;

impl Words for CatalogWords {
    fn word(&self, lang: Lang, key: &str) -> Option<&str> {
        let cat = catalog();
        let table = match lang {
            Lang::Zh => &cat.zh,
            Lang::En => &cat.en,
        };
        table.get(key).map(String::as_str)
    }
}

pub static WORDS: CatalogWords = CatalogWords;

/// The user's language and the catalog: what the core's text-making functions are handed.
pub fn voice() -> Voice<'static> {
    Voice {
        lang: lang(),
        words: &WORDS,
    }
}

pub fn voice_in(lang: Lang) -> Voice<'static> {
    Voice {
        lang,
        words: &WORDS,
    }
}

/// A message in the user's language.
pub fn say(m: &Msg) -> String {
    voice().say(m)
}

pub fn say_in(lang: Lang, m: &Msg) -> String {
    voice_in(lang).say(m)
}

/// A kind's label in the user's language: `category.label()`.
pub trait KeyLabel {
    fn label(self) -> &'static str;
}

impl<T: Keyed> KeyLabel for T {
    fn label(self) -> &'static str {
        t(self.label_key())
    }
}

/// A label carried in data in the user's language: `dimension.label()`.
pub trait Label {
    fn label(&self) -> &str;
}

impl<T: Bilingual> Label for T {
    fn label(&self) -> &str {
        self.label_in(lang())
    }
}

/// The label of a flag id, from the catalog when it has one (a rubric's own flag: its id).
pub fn flag_label(id: &str) -> String {
    let key = tingping_core::domain::model::flag_key(id);
    match WORDS.word(lang(), &key) {
        Some(text) => text.to_string(),
        None => id.to_string(),
    }
}

/// Every indicator with its label and provision in the user's language.
pub trait Values {
    fn values(
        &self,
        rubric: &tingping_core::domain::rubric::Rubric,
    ) -> Vec<tingping_core::domain::indicators::Value>;
}

impl Values for tingping_core::domain::indicators::Indicators {
    fn values(
        &self,
        rubric: &tingping_core::domain::rubric::Rubric,
    ) -> Vec<tingping_core::domain::indicators::Value> {
        self.values_in(rubric, voice())
    }
}

/// What the edges import to say things: `use crate::i18n::prelude::*`.
pub mod prelude {
    pub use super::{KeyLabel, Label, Render, Values};
}

/// Anything the core or the store tells, put into the user's language: `err.text()`.
pub trait Render {
    fn text(&self) -> String;
}

impl<T: Told + ?Sized> Render for T {
    fn text(&self) -> String {
        say(&self.told())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn a_value_is_never_read_as_a_template() {
        let name = "{period}张三";
        assert_eq!(
            fill(
                "{name}（{period}）{unknown}",
                &[("name", &name), ("period", &"2026年8月")]
            ),
            "{period}张三（2026年8月）{unknown}"
        );
        assert_eq!(fill("{n}{n}", &[("n", &1), ("n", &2)]), "11");
    }

    #[test]
    fn both_languages_have_the_same_keys_and_no_empty_text() {
        let cat = catalog();
        let zh: BTreeSet<_> = cat.zh.keys().collect();
        let en: BTreeSet<_> = cat.en.keys().collect();
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(only_zh.is_empty(), "missing in [en]: {only_zh:?}");
        assert!(only_en.is_empty(), "missing in [zh]: {only_en:?}");
        for (k, v) in cat.zh.iter().chain(cat.en.iter()) {
            assert!(!v.trim().is_empty(), "empty text for {k}");
        }
    }

    #[test]
    fn every_key_used_in_the_source_exists() {
        let mut missing = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut stack = vec![root.join("src")];
        for c in std::fs::read_dir(root.join("crates")).unwrap() {
            stack.push(c.unwrap().path().join("src"));
        }
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for pat in [
                    "t(\"",
                    "tf(\"",
                    "msg(\"",
                    "msgf(\"",
                    "Msg::new(\"",
                    "t_in(Lang::Zh, \"",
                    "t_in(Lang::En, \"",
                    "t_in(lang, \"",
                ] {
                    for (i, _) in text.match_indices(pat) {
                        let before = text[..i].chars().next_back();
                        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                            continue;
                        }
                        let rest = &text[i + pat.len()..];
                        let key = &rest[..rest.find('"').unwrap()];
                        if key.contains('{') || key.is_empty() || key.contains(' ') {
                            continue;
                        }
                        if !catalog().zh.contains_key(key) {
                            missing.push(format!("{}: {key}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys used but not in config/messages.toml: {missing:#?}"
        );
    }

    #[test]
    fn every_entity_the_audit_log_names_has_a_label() {
        // the records' kinds, and what `verify` names besides them (an amendment, the log itself)
        for e in [
            "hearing",
            "appearance",
            "evaluation",
            "agency",
            "batch",
            "import",
            "amendment",
            "audit_log",
        ] {
            let key = format!("audit.entity.{e}");
            assert!(catalog().zh.contains_key(&key), "{key}");
        }
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert_eq!(
            fill("第{line}行：{why}", &[("line", &3), ("why", &"错")]),
            "第3行：错"
        );
    }
}
