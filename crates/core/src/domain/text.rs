//! Text from outside — typed, pasted, given on the command line, read from a config or an imported
//! batch — is hostile until cleaned: no control character (C0, DEL, C1) and no bidirectional
//! override or isolate ever reaches a terminal or a file, a field has a length limit, and a CSV
//! cell never starts a formula.

use crate::msg::Msg;
use std::borrow::Cow;

/// The longest name (agency, person, title, court, government, judge, clerk, cause…), in characters.
pub const NAME_MAX: usize = 100;
/// The longest free text (comment, evidence note, reason), in characters.
pub const TEXT_MAX: usize = 2000;

/// A character that must never reach a terminal or a file: a control character, or one that
/// reorders what is shown (bidi embeddings, overrides, isolates and marks).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// Whether `s` holds an unsafe character ([`is_unsafe`]); nearly all text is answered from its
/// bytes, without decoding it. The unsafe characters are the controls (below 0x20, 0x7F, and
/// U+0080–U+009F, which UTF-8 writes C2 80 – C2 9F) and the marks U+061C (D8 9C) and
/// U+200E–U+2069 (E2 80 8E – E2 81 A9): a text with no byte below 0x20 and none of 7F, C2, D8
/// and E2 has none of them.
pub fn has_unsafe(s: &str) -> bool {
    // every byte looked at, without stopping early: a loop the compiler runs many bytes at a time
    let suspect = s.bytes().fold(false, |seen, b| {
        seen | (b < 0x20) | (b == 0x7F) | (b == 0xC2) | (b == 0xD8) | (b == 0xE2)
    });
    suspect && s.chars().any(is_unsafe)
}

/// Input made safe: line breaks and tabs become spaces, every other unsafe character is dropped,
/// and the ends are trimmed.
pub fn clean(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if is_unsafe(c) => None,
            c => Some(c),
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Output made safe: each unsafe character is shown as "�", so a name from an imported batch can
/// neither move the cursor nor retitle the window.
pub fn shown(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_unsafe) {
        Cow::Owned(
            s.chars()
                .map(|c| if is_unsafe(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// A field's text, cleaned and within `max` characters; the message names the field and the limit.
pub fn bounded(field: Msg, s: &str, max: usize) -> Result<String, Msg> {
    let s = clean(s);
    let n = s.chars().count();
    if n > max {
        return Err(Msg::new("text.err.too_long")
            .nest("field", field)
            .arg("max", max)
            .arg("n", n));
    }
    Ok(s)
}

/// Full-width ASCII (Ａ-Ｚ, ０-９, （）, ：…) and the ideographic space as their half-width forms,
/// as people type them with a Chinese input method.
pub fn half_width(s: &str) -> String {
    s.chars().map(half_width_char).collect()
}

pub fn half_width_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// A CSV cell that a spreadsheet would read as a formula (=, +, -, @, or a tab or return first)
/// gets a leading apostrophe (OWASP); numbers stay numbers.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err();
    if risky {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// `s` cut to `max` characters, ending with a marker that says it was cut (for a spreadsheet
/// cell's 32 767-character limit).
pub fn cut<'a>(s: &'a str, max: usize, marker: &str) -> Cow<'a, str> {
    if s.chars().count() <= max {
        return Cow::Borrowed(s);
    }
    let keep = max.saturating_sub(marker.chars().count());
    Cow::Owned(s.chars().take(keep).chain(marker.chars()).collect())
}

/// A stored time (RFC 3339) as people read it beside Chinese text: `2026-12-07 23:55`.
pub fn minute(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::test_words::Text;
    use proptest::prelude::*;

    #[test]
    fn escapes_never_pass() {
        let evil = "合肥\u{1b}]0;pwned\u{7}市\u{1b}[2J\u{9b}31m\u{202e}局\u{2066}";
        assert_eq!(clean(evil), "合肥]0;pwned市[2J31m局");
        assert!(!shown(evil).chars().any(is_unsafe));
        assert_eq!(clean("  张三\n李四\t "), "张三 李四");
        assert_eq!(shown("合肥市"), Cow::Borrowed("合肥市"));
    }

    #[test]
    fn formulas_are_neutralised_numbers_kept() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("+86"), "+86");
        assert_eq!(csv_cell("+86 138"), "'+86 138");
        assert_eq!(csv_cell("-3"), "-3");
        assert_eq!(csv_cell("-cmd"), "'-cmd");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("合肥"), "合肥");
    }

    #[test]
    fn lengths_are_bounded_with_a_message() {
        crate::msg::test_words::set_lang(crate::msg::Lang::Zh);
        assert!(bounded(Msg::verbatim("出庭人姓名"), &"张".repeat(100), NAME_MAX).is_ok());
        let e = bounded(Msg::verbatim("出庭人姓名"), &"张".repeat(101), NAME_MAX)
            .unwrap_err()
            .text();
        assert!(e.contains("出庭人姓名") && e.contains("100"), "{e}");
        assert_eq!(cut(&"x".repeat(10), 6, "…"), "xxxxx…");
        assert_eq!(cut("短", 6, "…"), "短");
    }

    proptest! {
        #[test]
        fn nothing_unsafe_survives(s in any::<String>()) {
            prop_assert_eq!(has_unsafe(&s), s.chars().any(is_unsafe));
            prop_assert!(!clean(&s).chars().any(is_unsafe));
            prop_assert!(!shown(&s).chars().any(is_unsafe));
            let c = csv_cell(&s);
            prop_assert!(!c.starts_with(['=', '+', '@']) || c.parse::<f64>().is_ok());
        }
    }
}
