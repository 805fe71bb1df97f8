pub mod big_clock;
pub mod form;
pub mod offers;
pub mod picker;
pub mod text_field;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `s` cut to `width` display columns, ending in "…" when cut; a wide character is never split.
pub fn ellipsis(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + c.width().unwrap_or(0) + 1 > width {
            break;
        }
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `s` in lines of at most `width` display columns, broken between characters (Chinese has no
/// spaces to break at); a wide character is never split.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines = vec![String::new()];
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            lines.push(String::new());
            used = 0;
        }
        if let Some(last) = lines.last_mut() {
            last.push(c);
        }
        used += w;
    }
    lines
}

#[cfg(test)]
mod tests {
    #[test]
    fn ellipsis_cuts_by_display_width() {
        assert_eq!(super::ellipsis("负责人出庭率", 20), "负责人出庭率");
        assert_eq!(super::ellipsis("负责人出庭率", 7), "负责人…");
        assert_eq!(super::ellipsis("负责人出庭率", 6), "负责…");
        assert_eq!(super::ellipsis("Heads appeared", 6), "Heads…");
    }

    #[test]
    fn wrap_breaks_by_display_width() {
        assert_eq!(
            super::wrap("理由：笔录核对", 7),
            vec!["理由：", "笔录核", "对"]
        );
        assert_eq!(super::wrap("abc", 10), vec!["abc"]);
    }
}
