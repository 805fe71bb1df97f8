//! The rubric (评分细则) as data: dimensions, items and grade bands loaded from TOML and validated.

use crate::msg::{Msg, msgf};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use toml::Spanned;

pub const DEFAULT_RUBRIC: &str = include_str!("../../../../config/rubric.toml");

/// The largest total, dimension maximum and item points a rubric may have.
pub const LIMIT: i64 = 1000;

#[derive(Clone, Debug, PartialEq)]
pub struct Rubric {
    pub total: i64,
    pub grades: Vec<Grade>,
    pub dimensions: Vec<Dimension>,
    /// SHA-256 (hex) of the exact text the rubric was loaded from.
    pub hash: String,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Grade {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub min: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Dimension {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub max: i64,
    pub start: i64,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub key: Option<char>,
    pub kind: ItemKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ItemKind {
    Deduction {
        points: i64,
        counted: bool,
        cap: i64,
    },
    Award {
        max: i64,
        step: i64,
    },
    Veto {
        flag: String,
        /// the flag speaks of a 负责人 (法释〔2020〕3号 art 12(4)/(5)): raised for heads only; for
        /// entrusted staff the dimension still goes to 0
        heads_only: bool,
    },
    Level {
        options: Vec<LevelOption>,
    },
    /// a fact recorded once, worth no points: a positive act the notice counts only where it was
    /// recorded (法释〔2020〕3号 art 11: the head's view on substantive resolution)
    Fact,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exclude {
    Pending,
    NotApplicable,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LevelOption {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub points: i64,
    pub exclude: Option<Exclude>,
    pub flag: Option<String>,
}

impl crate::msg::Bilingual for Grade {
    fn zh(&self) -> &str {
        &self.zh
    }
    fn en(&self) -> &str {
        &self.en
    }
}
impl crate::msg::Bilingual for Dimension {
    fn zh(&self) -> &str {
        &self.zh
    }
    fn en(&self) -> &str {
        &self.en
    }
}
impl crate::msg::Bilingual for Item {
    fn zh(&self) -> &str {
        &self.zh
    }
    fn en(&self) -> &str {
        &self.en
    }
}
impl crate::msg::Bilingual for LevelOption {
    fn zh(&self) -> &str {
        &self.zh
    }
    fn en(&self) -> &str {
        &self.en
    }
}

impl Rubric {
    pub fn default_rubric() -> Rubric {
        Rubric::parse(DEFAULT_RUBRIC, "config/rubric.toml", &[])
            .expect("the default rubric is valid (tested)")
    }

    pub fn item(&self, id: &str) -> Option<(&Dimension, &Item)> {
        self.dimensions
            .iter()
            .find_map(|d| d.items.iter().find(|i| i.id == id).map(|i| (d, i)))
    }

    pub fn item_by_key(&self, key: char) -> Option<(&Dimension, &Item)> {
        self.dimensions
            .iter()
            .find_map(|d| d.items.iter().find(|i| i.key == Some(key)).map(|i| (d, i)))
    }

    pub fn grade(&self, id: &str) -> Option<&Grade> {
        self.grades.iter().find(|g| g.id == id)
    }

    /// Parses and validates rubric text. `reserved` are keys that live mode uses itself.
    pub fn parse(text: &str, file: &str, reserved: &[char]) -> Result<Rubric, RubricError> {
        let raw: RawRubric = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
            RubricError {
                file: file.to_string(),
                line,
                reason: Msg::verbatim(e.message().trim()),
            }
        })?;
        unsafe_text(text, file)?;
        validate(raw, text, file, reserved)
    }
}

/// Refuses a TOML file (a rubric, a notice template) any of whose texts — values and keys — holds
/// a control character (C0, DEL, C1) or a bidirectional mark, override or isolate
/// ([`super::text::is_unsafe`]): such a label would reach a terminal or a document as it is. The
/// error names the file, the line and the field. (A file TOML cannot read is left to its parser.)
pub fn unsafe_text(text: &str, file: &str) -> Result<(), RubricError> {
    let Ok(doc) = toml::from_str::<Node>(text) else {
        return Ok(());
    };
    let mut found = None;
    doc.find("", 0..0, &mut found);
    match found {
        None => Ok(()),
        Some((field, span, c)) => Err(RubricError {
            file: file.to_string(),
            line: line_of(text, span.start),
            reason: msgf(
                "config.err.unsafe_char",
                &[("field", &field), ("code", &format!("{:04X}", c as u32))],
            ),
        }),
    }
}

/// A TOML value with the place of each of its values, for [`unsafe_text`].
enum Node {
    Text(String),
    List(Vec<Spanned<Node>>),
    Table(Vec<(String, Spanned<Node>)>),
    Other,
}

impl Node {
    /// The first unsafe character in this value (at `path`, written at `span`) or below it.
    fn find(
        &self,
        path: &str,
        span: std::ops::Range<usize>,
        found: &mut Option<(String, std::ops::Range<usize>, char)>,
    ) {
        if found.is_some() {
            return;
        }
        let first = |s: &str| s.chars().find(|c| super::text::is_unsafe(*c));
        match self {
            Node::Text(s) => {
                if let Some(c) = first(s) {
                    *found = Some((path.to_string(), span, c));
                }
            }
            Node::List(items) => {
                for (i, v) in items.iter().enumerate() {
                    v.get_ref()
                        .find(&format!("{path}[{}]", i + 1), v.span(), found);
                }
            }
            Node::Table(entries) => {
                for (k, v) in entries {
                    let at = if path.is_empty() {
                        super::text::shown(k).into_owned()
                    } else {
                        format!("{path}.{}", super::text::shown(k))
                    };
                    if let Some(c) = first(k) {
                        *found = Some((at, v.span(), c));
                        return;
                    }
                    v.get_ref().find(&at, v.span(), found);
                }
            }
            Node::Other => {}
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a TOML value")
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Text(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Node, E> {
                Ok(Node::Text(v))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(v) = a.next_element()? {
                    items.push(v);
                }
                Ok(Node::List(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = a.next_entry::<String, Spanned<Node>>()? {
                    entries.push((k, v));
                }
                Ok(Node::Table(entries))
            }
        }
        d.deserialize_any(Visit)
    }
}

/// The line (from 1) of byte `offset` in `text`: where a file's error is.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        + 1
}

/// A TOML file's parse error as a file error: the file, the line, and TOML's reason — in the
/// user's words where serde would name one of our types (`expected struct RawCourt`).
pub fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> RubricError {
    let said = e.message().trim();
    let reason = match said.split_once("expected struct ") {
        Some((_, _)) => Msg::new("config.err.table"),
        None => Msg::verbatim(said),
    };
    RubricError {
        file: file.to_string(),
        line: e.span().map(|s| line_of(text, s.start)).unwrap_or(1),
        reason,
    }
}

/// A rubric that cannot be used: which file, which line, and why (in the user's language).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RubricError {
    pub file: String,
    pub line: usize,
    pub reason: Msg,
}

impl crate::msg::Told for RubricError {
    fn told(&self) -> Msg {
        Msg::new("common.file_line_why")
            .arg("file", &self.file)
            .arg("line", self.line)
            .nest("why", self.reason.clone())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRubric {
    total: Spanned<i64>,
    #[serde(rename = "grade")]
    grades: Vec<RawGrade>,
    #[serde(rename = "dimension")]
    dimensions: Vec<RawDimension>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    id: Spanned<String>,
    zh: String,
    en: String,
    min: Spanned<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDimension {
    id: Spanned<String>,
    zh: String,
    en: String,
    max: Spanned<i64>,
    start: Option<Spanned<i64>>,
    #[serde(rename = "item", default)]
    items: Vec<RawItem>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum RawKind {
    Deduction,
    Award,
    Veto,
    Level,
    Fact,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: Spanned<String>,
    kind: Spanned<RawKind>,
    zh: String,
    en: String,
    key: Option<Spanned<String>>,
    points: Option<Spanned<i64>>,
    counted: Option<bool>,
    cap: Option<Spanned<i64>>,
    max: Option<Spanned<i64>>,
    step: Option<Spanned<i64>>,
    flag: Option<String>,
    heads_only: Option<bool>,
    #[serde(rename = "option", default)]
    options: Vec<RawOption>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    id: Spanned<String>,
    zh: String,
    en: String,
    points: Option<Spanned<i64>>,
    exclude: Option<Spanned<String>>,
    flag: Option<String>,
}

fn validate(
    raw: RawRubric,
    text: &str,
    file: &str,
    reserved: &[char],
) -> Result<Rubric, RubricError> {
    let err = |span: std::ops::Range<usize>,
               key: &'static str,
               args: &[(&'static str, &dyn std::fmt::Display)]| {
        RubricError {
            file: file.to_string(),
            line: line_of(text, span.start),
            reason: msgf(key, args),
        }
    };
    let mut ids: HashMap<String, ()> = HashMap::new();
    let mut keys: HashMap<char, String> = HashMap::new();
    let mut dimensions = Vec::new();
    let mut max_sum = 0;
    if raw.dimensions.is_empty() {
        return Err(err(raw.total.span(), "rubric.err.no_dimensions", &[]));
    }
    for d in raw.dimensions {
        let did = d.id.get_ref().clone();
        if did.trim().is_empty() {
            return Err(err(d.id.span(), "rubric.err.empty_id", &[]));
        }
        if ids.insert(did.clone(), ()).is_some() {
            return Err(err(d.id.span(), "rubric.err.duplicate_id", &[("id", &did)]));
        }
        let max = *d.max.get_ref();
        // bounded, so every sum and product of scores stays far inside i64
        if !(1..=LIMIT).contains(&max) {
            return Err(err(d.max.span(), "rubric.err.bad_max", &[("id", &did)]));
        }
        max_sum += max;
        let start = match &d.start {
            Some(s) => {
                if !(0..=max).contains(s.get_ref()) {
                    return Err(err(
                        s.span(),
                        "rubric.err.bad_start",
                        &[("id", &did), ("max", &max)],
                    ));
                }
                *s.get_ref()
            }
            None => max,
        };
        let mut items = Vec::new();
        for it in d.items {
            let iid = it.id.get_ref().clone();
            if iid.trim().is_empty() {
                return Err(err(it.id.span(), "rubric.err.empty_id", &[]));
            }
            if ids.insert(iid.clone(), ()).is_some() {
                return Err(err(
                    it.id.span(),
                    "rubric.err.duplicate_id",
                    &[("id", &iid)],
                ));
            }
            let key = match &it.key {
                None => None,
                Some(k) => {
                    let mut chars = k.get_ref().chars();
                    let (Some(c), None) = (chars.next(), chars.next()) else {
                        return Err(err(
                            k.span(),
                            "rubric.err.bad_key",
                            &[("id", &iid), ("key", k.get_ref())],
                        ));
                    };
                    if !c.is_ascii_graphic() {
                        return Err(err(
                            k.span(),
                            "rubric.err.bad_key",
                            &[("id", &iid), ("key", k.get_ref())],
                        ));
                    }
                    if reserved.contains(&c) {
                        return Err(err(
                            k.span(),
                            "rubric.err.reserved_key",
                            &[("id", &iid), ("key", &c)],
                        ));
                    }
                    if let Some(other) = keys.insert(c, iid.clone()) {
                        return Err(err(
                            k.span(),
                            "rubric.err.duplicate_key",
                            &[("id", &iid), ("key", &c), ("other", &other)],
                        ));
                    }
                    Some(c)
                }
            };
            let points_in = |p: &Spanned<i64>| -> Result<i64, RubricError> {
                let v = *p.get_ref();
                if v < 0 || v > max {
                    Err(err(
                        p.span(),
                        "rubric.err.points_range",
                        &[("id", &iid), ("max", &max)],
                    ))
                } else {
                    Ok(v)
                }
            };
            let has_options = !it.options.is_empty();
            let kind = match it.kind.get_ref() {
                RawKind::Deduction => {
                    let Some(p) = &it.points else {
                        return Err(err(
                            it.kind.span(),
                            "rubric.err.missing_points",
                            &[("id", &iid)],
                        ));
                    };
                    let points = points_in(p)?;
                    if points == 0 {
                        return Err(err(
                            p.span(),
                            "rubric.err.points_range",
                            &[("id", &iid), ("max", &max)],
                        ));
                    }
                    let counted = it.counted.unwrap_or(false);
                    let cap = match &it.cap {
                        Some(c) => {
                            let v = points_in(c)?;
                            if v < points {
                                return Err(err(
                                    c.span(),
                                    "rubric.err.cap_below_points",
                                    &[("id", &iid)],
                                ));
                            }
                            v
                        }
                        None => max,
                    };
                    ItemKind::Deduction {
                        points,
                        counted,
                        cap,
                    }
                }
                RawKind::Award => {
                    let Some(m) = &it.max else {
                        return Err(err(
                            it.kind.span(),
                            "rubric.err.missing_max",
                            &[("id", &iid)],
                        ));
                    };
                    let amax = points_in(m)?;
                    let step = match &it.step {
                        Some(s) => {
                            let v = *s.get_ref();
                            if v <= 0 || amax % v != 0 {
                                return Err(err(s.span(), "rubric.err.bad_step", &[("id", &iid)]));
                            }
                            v
                        }
                        None => 1,
                    };
                    ItemKind::Award { max: amax, step }
                }
                RawKind::Fact => ItemKind::Fact,
                RawKind::Veto => ItemKind::Veto {
                    flag: it.flag.clone().unwrap_or_else(|| iid.clone()),
                    heads_only: it.heads_only.unwrap_or(false),
                },
                RawKind::Level => {
                    if it.options.is_empty() {
                        return Err(err(
                            it.kind.span(),
                            "rubric.err.no_options",
                            &[("id", &iid)],
                        ));
                    }
                    let mut options = Vec::new();
                    for o in it.options {
                        let oid = o.id.get_ref().clone();
                        if oid.trim().is_empty() {
                            return Err(err(o.id.span(), "rubric.err.empty_id", &[]));
                        }
                        if options.iter().any(|x: &LevelOption| x.id == oid) {
                            return Err(err(
                                o.id.span(),
                                "rubric.err.duplicate_id",
                                &[("id", &oid)],
                            ));
                        }
                        let exclude = match &o.exclude {
                            None => None,
                            Some(e) => match e.get_ref().as_str() {
                                "pending" => Some(Exclude::Pending),
                                "na" => Some(Exclude::NotApplicable),
                                other => {
                                    return Err(err(
                                        e.span(),
                                        "rubric.err.bad_exclude",
                                        &[("id", &oid), ("value", &other)],
                                    ));
                                }
                            },
                        };
                        let points = match &o.points {
                            Some(p) => points_in(p)?,
                            None if exclude.is_some() => 0,
                            None => {
                                return Err(err(
                                    o.id.span(),
                                    "rubric.err.missing_points",
                                    &[("id", &oid)],
                                ));
                            }
                        };
                        options.push(LevelOption {
                            id: oid,
                            zh: o.zh,
                            en: o.en,
                            points,
                            exclude,
                            flag: o.flag,
                        });
                    }
                    ItemKind::Level { options }
                }
            };
            if !matches!(kind, ItemKind::Level { .. }) && has_options {
                return Err(err(
                    it.id.span(),
                    "rubric.err.options_not_level",
                    &[("id", &iid)],
                ));
            }
            items.push(Item {
                id: iid,
                zh: it.zh,
                en: it.en,
                key,
                kind,
            });
        }
        dimensions.push(Dimension {
            id: did,
            zh: d.zh,
            en: d.en,
            max,
            start,
            items,
        });
    }
    let total = *raw.total.get_ref();
    if !(1..=LIMIT).contains(&total) {
        return Err(err(
            raw.total.span(),
            "rubric.err.bad_total",
            &[("limit", &LIMIT)],
        ));
    }
    if max_sum != total {
        return Err(err(
            raw.total.span(),
            "rubric.err.total_mismatch",
            &[("total", &total), ("sum", &max_sum)],
        ));
    }
    let mut grades = Vec::new();
    for g in raw.grades {
        let gid = g.id.get_ref().clone();
        if gid.trim().is_empty() {
            return Err(err(g.id.span(), "rubric.err.empty_id", &[]));
        }
        if grades.iter().any(|x: &Grade| x.id == gid) {
            return Err(err(g.id.span(), "rubric.err.duplicate_id", &[("id", &gid)]));
        }
        if !(0..=total).contains(g.min.get_ref()) {
            return Err(err(
                g.min.span(),
                "rubric.err.grade_range",
                &[("id", &gid), ("total", &total)],
            ));
        }
        grades.push(Grade {
            id: gid,
            zh: g.zh,
            en: g.en,
            min: *g.min.get_ref(),
        });
    }
    grades.sort_by_key(|g| std::cmp::Reverse(g.min));
    if grades.last().map(|g| g.min) != Some(0) {
        return Err(err(raw.total.span(), "rubric.err.no_zero_grade", &[]));
    }
    Ok(Rubric {
        total,
        grades,
        dimensions,
        hash: content_hash(text),
        source: text.to_string(),
    })
}

pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::test_words::Text;

    #[test]
    fn default_rubric_loads() {
        let r = Rubric::default_rubric();
        assert_eq!(r.dimensions.len(), 4);
        assert_eq!(r.dimensions.iter().map(|d| d.max).sum::<i64>(), 100);
        assert_eq!(r.item_by_key('a').unwrap().1.id, "off_point");
        assert_eq!(r.hash.len(), 64);
        assert_eq!(r.grades[0].id, "excellent");
    }

    fn bad(text: &str) -> RubricError {
        crate::msg::test_words::set_lang(crate::msg::Lang::En);
        Rubric::parse(text, "rubric.toml", &['u']).unwrap_err()
    }

    const HEAD: &str = "total = 20\n[[grade]]\nid = \"fail\"\nzh = \"不合格\"\nen = \"Fail\"\nmin = 0\n[[dimension]]\nid = \"d\"\nzh = \"维度\"\nen = \"D\"\nmax = 20\n";

    #[test]
    fn unknown_kind_names_the_line() {
        let e = bad(&format!(
            "{HEAD}[[dimension.item]]\nid = \"x\"\nkind = \"bonus\"\nzh = \"x\"\nen = \"x\"\n"
        ));
        assert_eq!(e.line, 14, "{e:?}");
        assert!(
            e.reason.text().contains("bonus") || e.reason.text().contains("variant"),
            "{e:?}"
        );
    }

    #[test]
    fn duplicate_ids_and_keys_are_refused() {
        let item = |id: &str, key: &str| {
            format!(
                "[[dimension.item]]\nid = \"{id}\"\nkind = \"deduction\"\npoints = 2\nzh = \"x\"\nen = \"x\"\nkey = \"{key}\"\n"
            )
        };
        let e = bad(&format!("{HEAD}{}{}", item("a", "q"), item("a", "w")));
        assert_eq!(e.line, 20);
        assert!(e.reason.text().contains("a"));
        let e = bad(&format!("{HEAD}{}{}", item("a", "q"), item("b", "q")));
        assert_eq!(e.line, 25);
        assert!(e.reason.text().contains("q"));
        let e = bad(&format!("{HEAD}{}", item("a", "u")));
        assert!(e.reason.text().contains("u"), "{e:?}");
    }

    #[test]
    fn points_that_cannot_add_up_are_refused() {
        let e = bad(&HEAD.replace("total = 20", "total = 100"));
        assert_eq!(e.line, 1);
        let e = bad(&format!(
            "{HEAD}[[dimension.item]]\nid = \"x\"\nkind = \"deduction\"\npoints = 25\nzh = \"x\"\nen = \"x\"\n"
        ));
        assert_eq!(e.line, 15);
        let e = bad(&format!(
            "{HEAD}[[dimension.item]]\nid = \"x\"\nkind = \"award\"\nmax = 10\nstep = 3\nzh = \"x\"\nen = \"x\"\n"
        ));
        assert_eq!(e.line, 16);
    }

    #[test]
    fn huge_numbers_are_refused_before_they_overflow() {
        let e = bad(&HEAD
            .replace("total = 20", "total = 1000000000000000000")
            .replace("max = 20", "max = 1000000000000000000"));
        assert!(e.reason.text().contains("1000"), "{:?}", e.reason);
        let e = bad(&HEAD.replace("max = 20", "max = 1000000000000000000"));
        assert!(e.reason.text().contains("1000"), "{:?}", e.reason);
    }

    #[test]
    fn toml_errors_name_the_line() {
        let e = bad(&format!("{HEAD}[[dimension.item]\n"));
        assert_eq!(e.line, 12);
        assert_eq!(e.file, "rubric.toml");
    }

    #[test]
    fn hash_follows_the_content() {
        let a = content_hash(DEFAULT_RUBRIC);
        let b = content_hash(&format!("{DEFAULT_RUBRIC}\n# changed"));
        assert_ne!(a, b);
        assert_eq!(a, Rubric::default_rubric().hash);
    }
}
