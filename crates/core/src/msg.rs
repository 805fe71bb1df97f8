//! What the core has to say, as data: a message key of the catalog (`config/messages.toml`) and its
//! arguments. The core never renders one: the edges (the terminal, the command line, the
//! documents) put it into the user's language (`tingping-i18n`), and tests match its key.

use std::borrow::Cow;
use std::fmt;

/// A language the catalog holds. Plain data: which one is in use is the edges' business.
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
    /// The zh or en one of a pair of labels carried in data (the rubric, a directory's levels).
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// One argument of a message: a value as it is shown, or another message said in its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Msg(Msg),
    /// messages said one after another, with the language's list separator between them
    List(Vec<Msg>),
    /// a label carried in data in both languages (a rubric's item, grade, option)
    Pair(String, String),
}

/// A message: its catalog key and its named arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub key: Cow<'static, str>,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub fn new(key: impl Into<Cow<'static, str>>) -> Msg {
        Msg {
            key: key.into(),
            args: Vec::new(),
        }
    }
    /// Text shown as it is, in every language (an id, a name typed by someone).
    pub fn verbatim(text: impl fmt::Display) -> Msg {
        Msg::new("common.verbatim").arg("v", text)
    }
    /// A label carried in data in both languages.
    pub fn pair(zh: &str, en: &str) -> Msg {
        let mut m = Msg::new("common.verbatim");
        m.args
            .push(("v", Arg::Pair(zh.to_string(), en.to_string())));
        m
    }
    /// A value shown as it is (a number, a date, a name typed by someone).
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Msg {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }
    /// Another message, said in the user's language in this one's place.
    pub fn nest(mut self, name: &'static str, value: Msg) -> Msg {
        self.args.push((name, Arg::Msg(value)));
        self
    }
    /// Messages said as a list ("集体土地征收、政府信息公开").
    pub fn list(mut self, name: &'static str, values: Vec<Msg>) -> Msg {
        self.args.push((name, Arg::List(values)));
        self
    }
    /// The value of argument `name`, when it is shown as it is.
    pub fn text_arg(&self, name: &str) -> Option<&str> {
        self.args.iter().find_map(|(n, a)| match a {
            Arg::Text(s) if *n == name => Some(s.as_str()),
            _ => None,
        })
    }
}

/// A message with arguments shown as they are: `msg("case.err.year")`, `msgf("period.err", &[("value", &s)])`.
pub fn msg(key: impl Into<Cow<'static, str>>) -> Msg {
    Msg::new(key)
}

pub fn msgf(key: impl Into<Cow<'static, str>>, args: &[(&'static str, &dyn fmt::Display)]) -> Msg {
    let mut m = Msg::new(key);
    for (n, v) in args {
        m = m.arg(n, v);
    }
    m
}

/// Not the user's words: the key and its arguments, for logs and tests. (No `Display`: a message
/// is never shown as it is by mistake — an edge says it, or it is nested with [`Msg::nest`].)
impl Msg {
    pub fn plain(&self) -> String {
        let mut f = String::new();
        self.write_plain(&mut f);
        f
    }
    fn write_plain(&self, f: &mut String) {
        use std::fmt::Write;
        f.push_str(&self.key);
        for (i, (n, a)) in self.args.iter().enumerate() {
            f.push_str(if i == 0 { "(" } else { ", " });
            match a {
                Arg::Text(s) => {
                    let _ = write!(f, "{n}={s:?}");
                }
                Arg::Pair(zh, _) => {
                    let _ = write!(f, "{n}={zh:?}");
                }
                Arg::Msg(m) => {
                    let _ = write!(f, "{n}=");
                    m.write_plain(f);
                }
                Arg::List(ms) => {
                    let _ = write!(f, "{n}=[");
                    for (i, m) in ms.iter().enumerate() {
                        if i > 0 {
                            f.push_str(", ");
                        }
                        m.write_plain(f);
                    }
                    f.push(']');
                }
            }
        }
        if !self.args.is_empty() {
            f.push(')');
        }
    }
}

/// A kind whose label is a catalog key (`appear.head`): the edges say it.
pub trait Keyed: Copy {
    fn label_key(self) -> &'static str;
}

/// A label carried in data in both languages (a rubric's dimension, item, grade, option).
pub trait Bilingual {
    fn zh(&self) -> &str;
    fn en(&self) -> &str;
    fn label_in(&self, lang: Lang) -> &str {
        lang.pick(self.zh(), self.en())
    }
    fn label_msg(&self) -> Msg {
        Msg::pair(self.zh(), self.en())
    }
}

/// The catalog's words for a key in a language, handed to the core by an edge that reads input
/// written in words (a schedule's 重点案件 column, a directory's 层级 in either language).
pub trait Words {
    fn word(&self, lang: Lang, key: &str) -> Option<&str>;
}

/// A language and the catalog's words: what turns a [`Msg`] into text. The edges make one (the
/// user's language, the compiled-in catalog) and hand it to the few core functions whose result
/// is text by nature (an indicator's label, an event in words); nothing in the core keeps one.
#[derive(Clone, Copy)]
pub struct Voice<'a> {
    pub lang: Lang,
    pub words: &'a dyn Words,
}

impl<'a> Voice<'a> {
    /// The text of a key (the key itself when the catalog lacks it, which a test forbids).
    pub fn t<'k>(&self, key: &'k str) -> &'k str
    where
        'a: 'k,
    {
        self.words.word(self.lang, key).unwrap_or(key)
    }
    /// A message in this language.
    pub fn say(&self, m: &Msg) -> String {
        let args: Vec<(&str, String)> = m
            .args
            .iter()
            .map(|(n, a)| {
                let v = match a {
                    Arg::Text(s) => s.clone(),
                    Arg::Pair(zh, en) => self.lang.pick(zh, en).to_string(),
                    Arg::Msg(inner) => self.say(inner),
                    Arg::List(ms) => {
                        let sep = self.t("common.list_sep");
                        ms.iter().map(|m| self.say(m)).collect::<Vec<_>>().join(sep)
                    }
                };
                (*n, v)
            })
            .collect();
        let dyn_args: Vec<(&str, &dyn fmt::Display)> = args
            .iter()
            .map(|(n, v)| (*n, v as &dyn fmt::Display))
            .collect();
        fill(self.t(&m.key), &dyn_args)
    }
}

/// A template with its `{name}` placeholders filled in, in one pass: a value is never read again
/// as a template, so a name typed as "{period}" stays as it was typed.
pub fn fill(template: &str, args: &[(&str, &dyn fmt::Display)]) -> String {
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

/// Something the edges can put into words.
pub trait Told {
    fn told(&self) -> Msg;
}

impl Told for Msg {
    fn told(&self) -> Msg {
        self.clone()
    }
}

/// The compiled-in catalog for the core's own tests (the edges' copy is `tingping-i18n`'s).
#[cfg(test)]
pub(crate) mod test_words {
    use super::{Lang, Voice, Words};
    use std::collections::HashMap;
    use std::sync::OnceLock;

    pub struct Catalog {
        pub zh: HashMap<String, String>,
        pub en: HashMap<String, String>,
    }
    impl Words for Catalog {
        fn word(&self, lang: Lang, key: &str) -> Option<&str> {
            let t = if lang == Lang::Zh { &self.zh } else { &self.en };
            t.get(key).map(String::as_str)
        }
    }
    pub fn catalog() -> &'static Catalog {
        static C: OnceLock<Catalog> = OnceLock::new();
        C.get_or_init(|| {
            #[derive(serde::Deserialize)]
            struct Raw {
                zh: HashMap<String, String>,
                en: HashMap<String, String>,
            }
            let r: Raw = toml::from_str(include_str!("../../../config/messages.toml")).unwrap();
            Catalog { zh: r.zh, en: r.en }
        })
    }
    pub fn zh() -> Voice<'static> {
        Voice {
            lang: Lang::Zh,
            words: catalog(),
        }
    }
    thread_local! {
        static LANG: std::cell::Cell<Lang> = const { std::cell::Cell::new(Lang::Zh) };
    }
    /// The language the tests of this thread read messages in (Chinese unless set).
    pub fn set_lang(lang: Lang) {
        LANG.with(|l| l.set(lang));
    }
    /// A message as the test's reader reads it.
    pub fn say(m: &super::Msg) -> String {
        Voice {
            lang: LANG.with(|l| l.get()),
            words: catalog(),
        }
        .say(m)
    }
    /// `.text()` in tests, as the edges' `Render` gives it.
    pub trait Text {
        fn text(&self) -> String;
    }
    impl<T: super::Told> Text for T {
        fn text(&self) -> String {
            say(&self.told())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_keeps_its_key_and_arguments() {
        let m = msgf("period.err", &[("value", &"2026-13")]).nest("why", msg("field.err.date"));
        assert_eq!(m.key, "period.err");
        assert_eq!(m.text_arg("value"), Some("2026-13"));
        assert_eq!(
            m.plain(),
            "period.err(value=\"2026-13\", why=field.err.date)"
        );
    }
}
