//! 案号: `（年度）法院代字[专门审判代字]类型代字编号号`, e.g. `（2024）皖0102行初123号`.
//! Parsing accepts half-width parentheses (and the other brackets people type for the year), full-width
//! digits and stray spaces, and yields the canonical full-width form.

use crate::msg::{Msg, msg, msgf};
use std::fmt;

/// The one-character codes of the 31 provincial-level high courts as courts write them (内 for
/// 内蒙古, 黔 for 贵州), plus 兵 (新疆生产建设兵团). The Supreme People's Court writes [`SUPREME`].
const PROVINCES: &[char] = &[
    '京', '津', '冀', '晋', '内', '辽', '吉', '黑', '沪', '苏', '浙', '皖', '闽', '赣', '鲁', '豫',
    '鄂', '湘', '粤', '桂', '琼', '渝', '川', '黔', '云', '藏', '陕', '甘', '青', '宁', '新', '兵',
];

/// The Supreme People's Court's code; no digits follow it.
pub const SUPREME: &str = "最高法";

/// Province short names that courts do not write, with the message naming the code they do write.
fn look_alike(c: char) -> Option<&'static str> {
    match c {
        '蒙' => Some("case.err.court_inner_mongolia"),
        '贵' => Some("case.err.court_guizhou"),
        _ => None,
    }
}

/// Specialised-trial codes that may stand between the court code and the type code (知识产权, 环境资源).
const SPECIAL_TRIAL: &[&str] = &["知", "环"];

/// Administrative type codes with the instance they mean; longest first so 行审复 wins over 行审.
const TYPE_CODES: &[(&str, Instance)] = &[
    ("行赔初", Instance::CompensationFirst),
    ("行赔终", Instance::CompensationSecond),
    ("行赔监", Instance::CompensationSupervision),
    ("行赔申", Instance::CompensationRetrialReview),
    ("行赔抗", Instance::CompensationProtest),
    ("行赔再", Instance::CompensationRetrial),
    ("行赔他", Instance::CompensationOther),
    ("行审复", Instance::NonLitigationReconsideration),
    ("行初", Instance::First),
    ("行终", Instance::Second),
    ("行监", Instance::Supervision),
    ("行申", Instance::RetrialReview),
    ("行抗", Instance::Protest),
    ("行再", Instance::Retrial),
    ("行审", Instance::NonLitigationReview),
    ("行他", Instance::Other),
    ("行辖", Instance::Jurisdiction),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Instance {
    First,
    Second,
    Supervision,
    RetrialReview,
    Protest,
    Retrial,
    NonLitigationReview,
    NonLitigationReconsideration,
    Other,
    Jurisdiction,
    CompensationFirst,
    CompensationSecond,
    CompensationSupervision,
    CompensationRetrialReview,
    CompensationProtest,
    CompensationRetrial,
    CompensationOther,
}

impl Instance {
    pub fn key(self) -> &'static str {
        match self {
            Instance::First => "instance.first",
            Instance::Second => "instance.second",
            Instance::Supervision => "instance.supervision",
            Instance::RetrialReview => "instance.retrial_review",
            Instance::Protest => "instance.protest",
            Instance::Retrial => "instance.retrial",
            Instance::NonLitigationReview => "instance.nonlit_review",
            Instance::NonLitigationReconsideration => "instance.nonlit_reconsideration",
            Instance::Other => "instance.other",
            Instance::Jurisdiction => "instance.jurisdiction",
            Instance::CompensationFirst => "instance.comp_first",
            Instance::CompensationSecond => "instance.comp_second",
            Instance::CompensationSupervision => "instance.comp_supervision",
            Instance::CompensationRetrialReview => "instance.comp_retrial_review",
            Instance::CompensationProtest => "instance.comp_protest",
            Instance::CompensationRetrial => "instance.comp_retrial",
            Instance::CompensationOther => "instance.comp_other",
        }
    }
    pub fn label_key(self) -> &'static str {
        self.key()
    }
}

impl crate::msg::Keyed for Instance {
    fn label_key(self) -> &'static str {
        self.key()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CourtLevel {
    Supreme,
    High,
    Intermediate,
    Basic,
    Specialised,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseNumber {
    pub year: u16,
    pub court: String,
    pub court_level: CourtLevel,
    pub special: Option<String>,
    pub type_code: &'static str,
    pub number: u32,
}

impl CaseNumber {
    pub fn instance(&self) -> Instance {
        TYPE_CODES
            .iter()
            .find(|(c, _)| *c == self.type_code)
            .map(|(_, i)| *i)
            .unwrap_or(Instance::Other)
    }
    pub fn canonical(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "（{}）{}{}{}{}号",
            self.year,
            self.court,
            self.special.as_deref().unwrap_or(""),
            self.type_code,
            self.number
        )
    }
}

/// What is wrong with the case's own number, the digits after the type code: said with what was
/// typed, since a form offers the case number up to its type code (`（2026）皖0104行初`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberProblem {
    /// nothing between the type code and 号 (or the end)
    Missing {
        code: String,
    },
    /// something other than digits after the type code (`第12号`, `x`)
    NotDigits {
        code: String,
        found: String,
    },
    LeadingZero {
        digits: String,
    },
    TooLong {
        digits: String,
    },
}

/// Which part of a case number is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CaseNumberError {
    #[error("empty")]
    Empty,
    #[error("year")]
    Year,
    #[error("court")]
    Court,
    /// A province short name that courts do not write in place of the one they do (蒙 for 内).
    #[error("court look-alike: {0}")]
    CourtLookAlike(char),
    #[error("not administrative: {0}")]
    NotAdministrative(String),
    #[error("type code")]
    TypeCode,
    #[error("number")]
    Number(NumberProblem),
    #[error("suffix")]
    Suffix,
    #[error("trailing: {0}")]
    Trailing(String),
}

impl CaseNumberError {
    /// A message in the user's language that names the wrong part.
    pub fn message(&self) -> Msg {
        match self {
            CaseNumberError::Empty => msg("case.err.empty"),
            CaseNumberError::Year => msg("case.err.year"),
            CaseNumberError::Court => msg("case.err.court"),
            CaseNumberError::CourtLookAlike(c) => msg(look_alike(*c).unwrap_or("case.err.court")),
            CaseNumberError::NotAdministrative(code) => {
                msgf("case.err.not_admin", &[("code", &super::text::shown(code))])
            }
            CaseNumberError::TypeCode => msg("case.err.type"),
            CaseNumberError::Number(p) => match p {
                NumberProblem::Missing { code } => {
                    msgf("case.err.number_missing", &[("code", code)])
                }
                NumberProblem::NotDigits { code, found } => msgf(
                    "case.err.number_digits",
                    &[("code", code), ("found", &super::text::shown(found))],
                ),
                NumberProblem::LeadingZero { digits } => {
                    msgf("case.err.number_zero", &[("digits", digits)])
                }
                NumberProblem::TooLong { digits } => {
                    msgf("case.err.number_long", &[("digits", digits)])
                }
            },
            CaseNumberError::Suffix => msg("case.err.suffix"),
            CaseNumberError::Trailing(rest) => {
                msgf("case.err.trailing", &[("rest", &super::text::shown(rest))])
            }
        }
    }
}

fn normalise(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            // the brackets people type for the year: ( ) [ ] 〔 〕 【 】
            '(' | '[' | '〔' | '【' => '（',
            ')' | ']' | '〕' | '】' => '）',
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn take_digits(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.split_at(end)
}

/// Splits the court code off the front of `s`: the code, its level, and what follows it.
fn split_court(s: &str) -> Result<(String, CourtLevel, &str), CaseNumberError> {
    if let Some(rest) = s.strip_prefix(SUPREME) {
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(CaseNumberError::Court);
        }
        return Ok((SUPREME.to_string(), CourtLevel::Supreme, rest));
    }
    let first = s.chars().next().ok_or(CaseNumberError::Court)?;
    if look_alike(first).is_some() {
        return Err(CaseNumberError::CourtLookAlike(first));
    }
    if !PROVINCES.contains(&first) {
        return Err(CaseNumberError::Court);
    }
    let (digits, rest) = take_digits(&s[first.len_utf8()..]);
    let level = match digits.len() {
        0 => CourtLevel::High,
        2 | 4 => {
            let lead: u32 = digits[..2].parse().map_err(|_| CaseNumberError::Court)?;
            if lead == 0 {
                return Err(CaseNumberError::Court);
            }
            if lead >= 71 {
                CourtLevel::Specialised
            } else if digits.len() == 2 {
                CourtLevel::Intermediate
            } else {
                if &digits[2..] == "00" {
                    return Err(CaseNumberError::Court);
                }
                CourtLevel::Basic
            }
        }
        _ => return Err(CaseNumberError::Court),
    };
    Ok((format!("{first}{digits}"), level, rest))
}

/// The level of a court code on its own (`皖0104`, `沪72`, `最高法`), as in a case number.
pub fn court_level(code: &str) -> Result<CourtLevel, CaseNumberError> {
    match split_court(code.trim())? {
        (_, level, "") => Ok(level),
        _ => Err(CaseNumberError::Court),
    }
}

/// A case number as a clerk types it into a field that starts with the court's prefix: a whole
/// number typed after the prefix (`（2026）皖0104行初（2026）皖0104行初12号`) is that number, and
/// one whose digits end it without 号 (`…行初12`, a second input method for one character) gets
/// its 号. Anything else is read as [`parse`] reads it.
pub fn parse_typed(input: &str) -> Result<CaseNumber, CaseNumberError> {
    let mut s = normalise(input);
    // the last year that opens a whole number: what was typed after the prefix
    if let Some(at) = s.rmatch_indices('（').map(|(i, _)| i).find(|&i| {
        i > 0 && {
            let rest = &s[i + '（'.len_utf8()..];
            let (digits, after) = take_digits(rest);
            digits.len() == 4 && after.starts_with('）')
        }
    }) {
        s = s[at..].to_string();
    }
    if s.ends_with(|c: char| c.is_ascii_digit()) {
        s.push('号');
    }
    parse(&s)
}

pub fn parse(input: &str) -> Result<CaseNumber, CaseNumberError> {
    let s = normalise(input);
    if s.is_empty() {
        return Err(CaseNumberError::Empty);
    }
    // (year)
    let rest = s.strip_prefix('（').ok_or(CaseNumberError::Year)?;
    let (digits, rest) = take_digits(rest);
    let rest = rest.strip_prefix('）').ok_or(CaseNumberError::Year)?;
    if digits.len() != 4 {
        return Err(CaseNumberError::Year);
    }
    let year: u16 = digits.parse().map_err(|_| CaseNumberError::Year)?;
    if !(1990..=2100).contains(&year) {
        return Err(CaseNumberError::Year);
    }
    let (court, court_level, rest) = split_court(rest)?;
    // optional specialised-trial code
    let (special, rest) = match SPECIAL_TRIAL.iter().find(|c| rest.starts_with(**c)) {
        Some(code) => (Some(code.to_string()), &rest[code.len()..]),
        None => (None, rest),
    };
    // type code: longest match first
    let Some((type_code, _)) = TYPE_CODES.iter().find(|(c, _)| rest.starts_with(c)) else {
        let head: String = rest.chars().take_while(|c| !c.is_ascii_digit()).collect();
        if head.is_empty() {
            return Err(CaseNumberError::TypeCode);
        }
        if head.starts_with('行') {
            // 行保 and other 行x codes that are not administrative litigation codes
            let code: String = head.chars().take(2).collect();
            return Err(CaseNumberError::NotAdministrative(code));
        }
        let code: String = head.chars().take(3).collect();
        return Err(CaseNumberError::NotAdministrative(code));
    };
    let rest = &rest[type_code.len()..];
    // number
    let (digits, rest) = take_digits(rest);
    let code = type_code.to_string();
    if digits.is_empty() {
        let found: String = rest.chars().take_while(|c| *c != '号').take(8).collect();
        return Err(CaseNumberError::Number(if found.is_empty() {
            NumberProblem::Missing { code }
        } else {
            NumberProblem::NotDigits { code, found }
        }));
    }
    if digits.starts_with('0') {
        let digits = digits.to_string();
        return Err(CaseNumberError::Number(NumberProblem::LeadingZero {
            digits,
        }));
    }
    let too_long = || {
        CaseNumberError::Number(NumberProblem::TooLong {
            digits: digits.to_string(),
        })
    };
    if digits.len() > 7 {
        return Err(too_long());
    }
    let number: u32 = digits.parse().map_err(|_| too_long())?;
    // 号
    let rest = rest.strip_prefix('号').ok_or(CaseNumberError::Suffix)?;
    if !rest.is_empty() {
        return Err(CaseNumberError::Trailing(rest.to_string()));
    }
    Ok(CaseNumber {
        year,
        court,
        court_level,
        special,
        type_code,
        number,
    })
}

/// All type codes, for generators and documentation.
pub fn type_codes() -> impl Iterator<Item = &'static str> {
    TYPE_CODES.iter().map(|(c, _)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::test_words::Text;
    use proptest::prelude::*;

    #[test]
    fn parses_a_basic_court_first_instance() {
        let c = parse("（2024）皖0102行初123号").unwrap();
        assert_eq!(c.year, 2024);
        assert_eq!(c.court, "皖0102");
        assert_eq!(c.court_level, CourtLevel::Basic);
        assert_eq!(c.type_code, "行初");
        assert_eq!(c.number, 123);
        assert_eq!(c.instance(), Instance::First);
    }

    #[test]
    fn accepts_half_width_parentheses_and_spaces() {
        let c = parse(" (2024) 皖01 行终 7 号 ").unwrap();
        assert_eq!(c.canonical(), "（2024）皖01行终7号");
        assert_eq!(c.court_level, CourtLevel::Intermediate);
        assert_eq!(c.instance(), Instance::Second);
        for typed in [
            "〔2024〕皖01行终7号",
            "[2024]皖01行终7号",
            "【2024】皖01行终７号",
        ] {
            assert_eq!(
                parse(typed).unwrap().canonical(),
                "（2024）皖01行终7号",
                "{typed}"
            );
        }
    }

    #[test]
    fn longest_type_code_wins() {
        assert_eq!(
            parse("（2023）皖0104行审复3号").unwrap().instance(),
            Instance::NonLitigationReconsideration
        );
        assert_eq!(
            parse("（2023）皖0104行审3号").unwrap().instance(),
            Instance::NonLitigationReview
        );
        assert_eq!(
            parse("（2023）皖行赔初3号").unwrap().instance(),
            Instance::CompensationFirst
        );
        assert_eq!(
            parse("（2023）皖行申3号").unwrap().instance(),
            Instance::RetrialReview
        );
        assert_eq!(
            parse("（2023）皖行再3号").unwrap().instance(),
            Instance::Retrial
        );
    }

    #[test]
    fn court_levels() {
        assert_eq!(
            parse("（2023）皖行终1号").unwrap().court_level,
            CourtLevel::High
        );
        assert_eq!(
            parse("（2023）皖71行初1号").unwrap().court_level,
            CourtLevel::Specialised
        );
        assert_eq!(
            parse("（2023）皖8601行初1号").unwrap().court_level,
            CourtLevel::Specialised
        );
        assert_eq!(
            parse("（2023）最高法知行终1号").unwrap().court_level,
            CourtLevel::Supreme
        );
        assert_eq!(
            parse("（2023）最高法知行终1号").unwrap().special.as_deref(),
            Some("知")
        );
    }

    /// One real-looking case number per court code courts write: every high court, 兵, 最高法,
    /// and specialised courts (71–99: railway transport, maritime, intellectual property, finance).
    const EVERY_COURT: &[(&str, &str, CourtLevel)] = &[
        ("（2023）京0105行初512号", "京0105", CourtLevel::Basic),
        ("（2022）津01行终88号", "津01", CourtLevel::Intermediate),
        ("（2023）冀0102行初45号", "冀0102", CourtLevel::Basic),
        ("（2021）晋行申301号", "晋", CourtLevel::High),
        ("（2018）内0102行初88号", "内0102", CourtLevel::Basic),
        ("（2024）辽02行终210号", "辽02", CourtLevel::Intermediate),
        ("（2023）吉0104行初67号", "吉0104", CourtLevel::Basic),
        ("（2022）黑01行初133号", "黑01", CourtLevel::Intermediate),
        ("（2024）沪0115行初902号", "沪0115", CourtLevel::Basic),
        ("（2023）苏01行终1024号", "苏01", CourtLevel::Intermediate),
        ("（2024）浙0106行初377号", "浙0106", CourtLevel::Basic),
        ("（2024）皖0102行初123号", "皖0102", CourtLevel::Basic),
        ("（2023）闽02行终156号", "闽02", CourtLevel::Intermediate),
        ("（2022）赣0111行初58号", "赣0111", CourtLevel::Basic),
        ("（2024）鲁行再12号", "鲁", CourtLevel::High),
        ("（2023）豫0105行初444号", "豫0105", CourtLevel::Basic),
        ("（2024）鄂01行终673号", "鄂01", CourtLevel::Intermediate),
        ("（2023）湘0104行初219号", "湘0104", CourtLevel::Basic),
        ("（2024）粤0304行初1288号", "粤0304", CourtLevel::Basic),
        ("（2022）桂01行终301号", "桂01", CourtLevel::Intermediate),
        ("（2023）琼0108行初77号", "琼0108", CourtLevel::Basic),
        ("（2024）渝0103行初165号", "渝0103", CourtLevel::Basic),
        ("（2023）川01行终988号", "川01", CourtLevel::Intermediate),
        ("（2024）黔0304行审57号", "黔0304", CourtLevel::Basic),
        ("（2022）云01行初96号", "云01", CourtLevel::Intermediate),
        ("（2021）藏01行终9号", "藏01", CourtLevel::Intermediate),
        ("（2024）陕01行终456号", "陕01", CourtLevel::Intermediate),
        ("（2023）甘0102行初31号", "甘0102", CourtLevel::Basic),
        ("（2022）青01行终17号", "青01", CourtLevel::Intermediate),
        ("（2023）宁0104行初52号", "宁0104", CourtLevel::Basic),
        ("（2024）新行终140号", "新", CourtLevel::High),
        ("（2023）兵08行终6号", "兵08", CourtLevel::Intermediate),
        ("（2024）最高法行申123号", "最高法", CourtLevel::Supreme),
        ("（2023）最高法知行终45号", "最高法", CourtLevel::Supreme),
        ("（2023）沪72行初5号", "沪72", CourtLevel::Specialised),
        ("（2024）沪74行终3号", "沪74", CourtLevel::Specialised),
        (
            "（2024）京7101行初1200号",
            "京7101",
            CourtLevel::Specialised,
        ),
        ("（2023）京73行初8765号", "京73", CourtLevel::Specialised),
        (
            "（2022）陕7102行初1523号",
            "陕7102",
            CourtLevel::Specialised,
        ),
        ("（2023）粤71行终2046号", "粤71", CourtLevel::Specialised),
    ];

    #[test]
    fn every_court_code_courts_write_parses() {
        for (text, court, level) in EVERY_COURT {
            let c = parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(
                (c.court.as_str(), c.court_level),
                (*court, *level),
                "{text}"
            );
            assert_eq!(c.canonical(), *text);
            assert_eq!(court_level(court), Ok(*level), "{court}");
        }
        // the table covers every high-court code
        for p in PROVINCES {
            assert!(
                EVERY_COURT
                    .iter()
                    .any(|(_, court, _)| court.starts_with(*p)),
                "no case number for {p}"
            );
        }
        assert_eq!(PROVINCES.len(), 32);
    }

    #[test]
    fn look_alikes_are_refused_naming_the_code_courts_write() {
        let cases = [
            (
                "（2018）蒙0102行初88号",
                '蒙',
                "内蒙古的法院代字为“内”",
                "Inner Mongolia's court code is 内",
            ),
            (
                "（2024）贵0304行审57号",
                '贵',
                "贵州的法院代字为“黔”",
                "Guizhou's court code is 黔",
            ),
            (
                "（2024）蒙行终3号",
                '蒙',
                "内蒙古的法院代字为“内”",
                "Inner Mongolia's court code is 内",
            ),
        ];
        for (text, c, zh, en) in cases {
            let e = parse(text).unwrap_err();
            assert_eq!(e, CaseNumberError::CourtLookAlike(c), "{text}");
            crate::msg::test_words::set_lang(crate::msg::Lang::Zh);
            assert!(e.message().text().contains(zh), "{}", e.message().text());
            crate::msg::test_words::set_lang(crate::msg::Lang::En);
            assert!(e.message().text().contains(en), "{}", e.message().text());
        }
        crate::msg::test_words::set_lang(crate::msg::Lang::Zh);
    }

    #[test]
    fn a_wrong_court_code_is_told_what_one_looks_like() {
        for text in [
            "（2024）X0102行初1号",
            "（2024）最高法01行申1号",
            "（2024）最高行申1号",
            "（2024）皖00行初1号",
        ] {
            assert_eq!(parse(text), Err(CaseNumberError::Court), "{text}");
        }
        crate::msg::test_words::set_lang(crate::msg::Lang::Zh);
        let m = CaseNumberError::Court.message().text();
        assert!(
            m.contains("皖0102") && m.contains("沪72") && m.contains("最高法"),
            "{m}"
        );
        crate::msg::test_words::set_lang(crate::msg::Lang::En);
        let m = CaseNumberError::Court.message().text();
        assert!(
            m.contains("皖0102") && m.contains("沪72") && m.contains("最高法"),
            "{m}"
        );
        crate::msg::test_words::set_lang(crate::msg::Lang::Zh);
        assert_eq!(court_level("皖0104"), Ok(CourtLevel::Basic));
        assert_eq!(court_level("皖0104行"), Err(CaseNumberError::Court));
        assert_eq!(
            court_level("蒙01"),
            Err(CaseNumberError::CourtLookAlike('蒙'))
        );
    }

    #[test]
    fn each_wrong_part_is_named() {
        assert_eq!(parse(""), Err(CaseNumberError::Empty));
        assert_eq!(parse("2024皖0102行初1号"), Err(CaseNumberError::Year));
        assert_eq!(parse("（24）皖0102行初1号"), Err(CaseNumberError::Year));
        assert_eq!(parse("（2024）X0102行初1号"), Err(CaseNumberError::Court));
        assert_eq!(parse("（2024）皖012行初1号"), Err(CaseNumberError::Court));
        assert_eq!(
            parse("（2024）皖0102行保1号"),
            Err(CaseNumberError::NotAdministrative("行保".into()))
        );
        assert_eq!(
            parse("（2024）皖0102民初1号"),
            Err(CaseNumberError::NotAdministrative("民初".into()))
        );
        let number = |p| Err(CaseNumberError::Number(p));
        let code = || "行初".to_string();
        assert_eq!(
            parse("（2024）皖0102行初号"),
            number(NumberProblem::Missing { code: code() })
        );
        assert_eq!(
            parse("（2024）皖0102行初012号"),
            number(NumberProblem::LeadingZero {
                digits: "012".into()
            })
        );
        // what a clerk types after the offered （2024）皖0102行初: each told what is wrong
        assert_eq!(
            parse("（2024）皖0102行初x"),
            number(NumberProblem::NotDigits {
                code: code(),
                found: "x".into()
            })
        );
        assert_eq!(
            parse("（2024）皖0102行初第12号"),
            number(NumberProblem::NotDigits {
                code: code(),
                found: "第12".into()
            })
        );
        assert_eq!(
            parse("（2024）皖0102行初行初号"),
            number(NumberProblem::NotDigits {
                code: code(),
                found: "行初".into()
            })
        );
        assert_eq!(
            parse("（2024）皖0102行初12345678号"),
            number(NumberProblem::TooLong {
                digits: "12345678".into()
            })
        );
        let shown = parse("（2024）皖0102行初第12号")
            .unwrap_err()
            .message()
            .text();
        assert!(
            shown.contains("“第12”") && shown.contains("行初12号"),
            "{shown}"
        );
        assert_eq!(parse("（2024）皖0102行初12"), Err(CaseNumberError::Suffix));
        assert_eq!(
            parse("（2024）皖0102行初12号之一"),
            Err(CaseNumberError::Trailing("之一".into()))
        );
    }

    #[test]
    fn a_number_typed_after_the_prefix_or_without_its_hao_is_read() {
        let want = parse("（2026）皖0104行初12号").unwrap();
        for typed in [
            "（2026）皖0104行初12",
            "（2026）皖0104行初（2026）皖0104行初12号",
            "（2026）皖0104行初(2026)皖0104行初12",
            "（2026）皖0104行初12号",
        ] {
            assert_eq!(parse_typed(typed), Ok(want.clone()), "{typed}");
        }
        // what is wrong stays wrong, named as before
        assert_eq!(
            parse_typed("（2026）皖0104行初12号之一"),
            Err(CaseNumberError::Trailing("之一".into()))
        );
        assert_eq!(
            parse_typed("（2026）皖0104行初"),
            parse("（2026）皖0104行初")
        );
    }

    #[test]
    fn messages_name_the_part_in_both_languages() {
        crate::msg::test_words::set_lang(crate::msg::Lang::Zh);
        assert!(
            CaseNumberError::NotAdministrative("行保".into())
                .message()
                .text()
                .contains("行保")
        );
        crate::msg::test_words::set_lang(crate::msg::Lang::En);
        assert!(
            CaseNumberError::Year
                .message()
                .text()
                .to_lowercase()
                .contains("year")
        );
        crate::msg::test_words::set_lang(crate::msg::Lang::Zh);
    }

    fn arb_case() -> impl Strategy<Value = CaseNumber> {
        let p = || proptest::sample::select(PROVINCES);
        let courts = prop_oneof![
            Just((SUPREME.to_string(), CourtLevel::Supreme)),
            p().prop_map(|p| (p.to_string(), CourtLevel::High)),
            (p(), 1u32..=70).prop_map(|(p, n)| (format!("{p}{n:02}"), CourtLevel::Intermediate)),
            (p(), 1u32..=70, 1u32..=99)
                .prop_map(|(p, a, b)| (format!("{p}{a:02}{b:02}"), CourtLevel::Basic)),
            (p(), 71u32..=99).prop_map(|(p, n)| (format!("{p}{n}"), CourtLevel::Specialised)),
        ];
        let codes: Vec<&'static str> = type_codes().collect();
        (
            1990u16..=2100,
            courts,
            proptest::option::of(prop_oneof![Just("知"), Just("环")]),
            proptest::sample::select(codes),
            1u32..=9_999_999,
        )
            .prop_map(|(year, (court, court_level), special, type_code, number)| {
                CaseNumber {
                    year,
                    court,
                    court_level,
                    special: special.map(str::to_string),
                    type_code,
                    number,
                }
            })
    }

    proptest! {
        #[test]
        fn canonical_forms_round_trip(c in arb_case()) {
            let text = c.canonical();
            prop_assert_eq!(parse(&text).unwrap(), c.clone());
            let loose = text.replace('（', "( ").replace('）', " )");
            prop_assert_eq!(parse(&loose).unwrap().canonical(), text);
        }

        #[test]
        fn never_panics(s in ".{0,40}") {
            let _ = parse(&s);
        }

        #[test]
        fn never_panics_on_near_misses(s in "[（()）0-9皖行初终审复赔保号 ]{0,24}") {
            if let Ok(c) = parse(&s) {
                prop_assert_eq!(parse(&c.canonical()).unwrap(), c);
            }
        }
    }
}
