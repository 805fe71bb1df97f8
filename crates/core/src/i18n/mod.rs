//! The one message catalog. Every user-visible string is looked up here by key; the texts live in
//! `config/messages.toml` (compiled in), with a `[zh]` and an `[en]` table that must hold the same
//! keys (a test checks it, and another checks that every key used in `src/` exists).

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Display;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

pub const CATALOG_TOML: &str = include_str!("../../../../config/messages.toml");

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh_cn" | "cn" | "中文" => Some(Lang::Zh),
            "en" | "en-us" | "en_us" | "english" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

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
    let cat = catalog();
    let table = match lang {
        Lang::Zh => &cat.zh,
        Lang::En => &cat.en,
    };
    match table.get(key) {
        Some(s) => s.as_str(),
        None => Box::leak(key.to_string().into_boxed_str()),
    }
}

/// The text for `key` with `{name}` placeholders filled in.
pub fn tf(key: &str, args: &[(&str, &dyn Display)]) -> String {
    fill(t(key), args)
}

pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    // one pass over the template: a value is never read again as a template, so a name typed as
    // "{period}" stays as it was typed
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if args.iter().any(|(n, _)| *n == &after[..close]) => {
                let name = &after[..close];
                if let Some((_, v)) = args.iter().find(|(n, _)| *n == name) {
                    out.push_str(&v.to_string());
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// "案号：" / "Case number: " — a label followed by the language's colon.
pub fn labelled(key: &str) -> String {
    format!("{}{}", t(key), t("common.colon"))
}

/// Picks the zh or en variant of a pair of labels carried in data (the rubric).
pub fn pick<'a>(zh: &'a str, en: &'a str) -> &'a str {
    match lang() {
        Lang::Zh => zh,
        Lang::En => en,
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
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
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
    fn fill_replaces_placeholders() {
        assert_eq!(
            fill("第{line}行：{why}", &[("line", &3), ("why", &"错")]),
            "第3行：错"
        );
    }
}
