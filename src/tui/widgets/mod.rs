pub mod big_clock;
pub mod form;
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

#[cfg(test)]
mod tests {
    #[test]
    fn ellipsis_cuts_by_display_width() {
        assert_eq!(super::ellipsis("负责人出庭率", 20), "负责人出庭率");
        assert_eq!(super::ellipsis("负责人出庭率", 7), "负责人…");
        assert_eq!(super::ellipsis("负责人出庭率", 6), "负责…");
        assert_eq!(super::ellipsis("Heads appeared", 6), "Heads…");
    }
}
