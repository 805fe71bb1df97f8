pub mod big_clock;
pub mod columns;
pub mod form;
pub mod offers;
pub mod path_complete;
pub mod picker;
pub mod text_field;

use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
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

/// `s` in lines of at most `width` display columns. Chinese breaks between any two characters (it
/// has no spaces to break at), a Latin word only at a space unless it is longer than a line, and a
/// wide character is never split. A line does not begin with the space it was broken at.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines = vec![String::new()];
    let mut used = 0;
    for unit in units(s) {
        let w = unit.width();
        if used + w > width && used > 0 {
            if let Some(last) = lines.last_mut() {
                last.truncate(last.trim_end_matches(' ').len());
            }
            lines.push(String::new());
            used = 0;
            if unit == " " {
                continue;
            }
        }
        if w > width {
            // a word longer than a line: cut between its characters
            for c in unit.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > width {
                    lines.push(String::new());
                    used = 0;
                }
                if let Some(last) = lines.last_mut() {
                    last.push(c);
                }
                used += cw;
            }
            continue;
        }
        if let Some(last) = lines.last_mut() {
            last.push_str(unit);
        }
        used += w;
    }
    lines
}

/// Styled text wrapped as [`wrap`] wraps a string, each piece keeping its style: what a
/// `Paragraph` shows instead of its own wrapping, which breaks Chinese only at ASCII spaces.
pub fn wrap_text<'a>(text: impl Into<Text<'a>>, width: u16) -> Vec<Line<'static>> {
    let width = (width as usize).max(2);
    let mut out = Vec::new();
    for line in text.into().lines {
        let (style, alignment) = (line.style, line.alignment);
        let mut spans: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        let finish = |spans: &mut Vec<Span<'static>>, out: &mut Vec<Line<'static>>| {
            if let Some(last) = spans.last_mut() {
                let kept = last.content.trim_end_matches(' ').to_string();
                last.content = kept.into();
            }
            let mut l = Line::from(std::mem::take(spans)).style(style);
            l.alignment = alignment;
            out.push(l);
        };
        let put = |piece: &str, st: Style, spans: &mut Vec<Span<'static>>| match spans.last_mut() {
            Some(last) if last.style == st => last.content.to_mut().push_str(piece),
            _ => spans.push(Span::styled(piece.to_string(), st)),
        };
        for span in &line.spans {
            for unit in units(&span.content) {
                let w = unit.width();
                if used + w > width && used > 0 {
                    finish(&mut spans, &mut out);
                    used = 0;
                    if unit == " " {
                        continue;
                    }
                }
                if w > width {
                    for c in unit.chars() {
                        let cw = c.width().unwrap_or(0);
                        if used + cw > width {
                            finish(&mut spans, &mut out);
                            used = 0;
                        }
                        put(c.encode_utf8(&mut [0; 4]), span.style, &mut spans);
                        used += cw;
                    }
                    continue;
                }
                put(unit, span.style, &mut spans);
                used += w;
            }
        }
        finish(&mut spans, &mut out);
    }
    out
}

/// The pieces a line may break between: each wide (CJK) character, each space, and each run of
/// other characters (a Latin word, a number, "（200" stays with nothing: "（" is wide).
fn units(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let alone = c == ' ' || c.width().unwrap_or(0) > 1;
        if alone {
            if let Some(st) = start.take() {
                out.push(&s[st..i]);
            }
            out.push(&s[i..i + c.len_utf8()]);
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push(&s[st..]);
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

    #[test]
    fn wrap_breaks_by_display_width() {
        assert_eq!(
            super::wrap("理由：笔录核对", 7),
            vec!["理由：", "笔录核", "对"]
        );
        assert_eq!(super::wrap("abc", 10), vec!["abc"]);
        // Latin words break at spaces, Chinese anywhere, numbers stay whole
        assert_eq!(
            super::wrap("Backspace Delete back", 12),
            vec!["Backspace", "Delete back"]
        );
        assert_eq!(
            super::wrap("已生成演示数据（200 场庭审）", 16),
            vec!["已生成演示数据（", "200 场庭审）"]
        );
        assert_eq!(super::wrap("abcdefgh", 4), vec!["abcd", "efgh"]);
        // styled: each piece keeps its style
        let bold = ratatui::style::Style::default().bold();
        let lines = super::wrap_text(
            ratatui::text::Line::from(vec![
                ratatui::text::Span::styled("理由：", bold),
                ratatui::text::Span::raw("笔录核对 done"),
            ]),
            7,
        );
        let shown: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(shown, vec!["理由：", "笔录核", "对 done"]);
        assert_eq!(lines[0].spans[0].style, bold);
    }
}
