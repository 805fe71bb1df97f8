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

/// `s` cut at the front to `width` display columns, starting with "…" when cut: where what tells
/// one from another is at the end (a file's name at the end of its path, "-han-1.docx" at the end
/// of a batch's file names).
pub fn ellipsis_front(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 1;
    for c in s.chars().rev() {
        let cw = c.width().unwrap_or(0);
        if used + cw > width {
            break;
        }
        used += cw;
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
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
        // a line begins with no space it was broken at (nor the next of two)
        if unit == " " && used == 0 && lines.len() > 1 {
            continue;
        }
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
        // this line was broken: the next piece begins with no space
        let mut broken = false;
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
                if unit == " " && used == 0 && broken {
                    continue;
                }
                if used + w > width && used > 0 {
                    finish(&mut spans, &mut out);
                    used = 0;
                    broken = true;
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
                            broken = true;
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

/// Styled text wrapped as [`wrap_text`] wraps it, in at most `max` lines: when there is more, the
/// last line kept ends in "…" (so a cut is always seen).
pub fn wrap_clipped<'a>(text: impl Into<Text<'a>>, width: u16, max: usize) -> Vec<Line<'static>> {
    let mut lines = wrap_text(text, width);
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            *last = ellipsis_line(std::mem::take(last), width as usize, true);
        }
    }
    lines
}

/// A styled line cut to `width` columns, ending in "…" when cut (or when `more` says text
/// follows it); each piece keeps its style.
pub fn ellipsis_line(line: Line<'static>, width: usize, more: bool) -> Line<'static> {
    if !more && line.width() <= width {
        return line;
    }
    let (style, alignment) = (line.style, line.alignment);
    let mut room = width.saturating_sub(1);
    let mut spans = Vec::new();
    for span in line.spans {
        if room == 0 {
            break;
        }
        let mut kept = String::new();
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            if w > room {
                room = 0;
                break;
            }
            kept.push(c);
            room -= w;
        }
        spans.push(Span::styled(kept, span.style));
    }
    let end = spans.last().map(|s| s.style).unwrap_or_default();
    if let Some(last) = spans.last_mut() {
        let trimmed = last.content.trim_end().to_string();
        last.content = trimmed.into();
    }
    if width > 0 {
        spans.push(Span::styled("…", end));
    }
    let mut l = Line::from(spans).style(style);
    l.alignment = alignment;
    l
}

/// Punctuation a line never begins with (closing marks, as Chinese typesetting keeps them on the
/// line before), and punctuation it never ends with (opening marks).
/// (ASCII marks already stay with the word they touch.)
const NO_START: &str = "。，、；：？！）」』》〉】〕…’”·";
const NO_END: &str = "（「『《〈【〔‘“";

/// The pieces a line may break between: each wide (CJK) character, each space, and each run of
/// other characters (a Latin word, a number); a closing mark stays with the piece before it and an
/// opening mark with the piece after it, so no line begins with "。" or ends with "（".
fn units(s: &str) -> Vec<&str> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let alone =
            c == ' ' || c.width().unwrap_or(0) > 1 || NO_START.contains(c) || NO_END.contains(c);
        if alone {
            if let Some(st) = start.take() {
                spans.push((st, i));
            }
            spans.push((i, i + c.len_utf8()));
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        spans.push((st, s.len()));
    }
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut open = false; // the last piece ends with an opening mark: the next one joins it
    for (a, b) in spans {
        let piece = &s[a..b];
        let first = piece.chars().next().unwrap_or(' ');
        let joins = match out.last() {
            Some(_) if piece == " " => false,
            // a no-break space glues what it joins up to the next space ("End\u{a0}移到行尾")
            Some(&(pa, pb)) => {
                let before = &s[pa..pb];
                (open || NO_START.contains(first) || before.contains('\u{a0}') || first == '\u{a0}')
                    && before != " "
                    && pb == a
            }
            None => false,
        };
        if joins {
            if let Some(last) = out.last_mut() {
                last.1 = b;
            }
        } else {
            out.push((a, b));
        }
        open = piece.chars().last().is_some_and(|c| NO_END.contains(c));
    }
    out.into_iter().map(|(a, b)| &s[a..b]).collect()
}

/// A worklist's selection moved by a key (↑↓, `page` rows, the first, the last) among `len`
/// rows; false when the key is none of these.
pub fn moved(selected: &mut usize, action: crate::keymap::Action, len: usize, page: usize) -> bool {
    use crate::keymap::Action;
    let last = len.saturating_sub(1);
    *selected = match action {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (*selected + 1).min(last),
        Action::PageUp => selected.saturating_sub(page),
        Action::PageDown => (*selected + page).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return false,
    };
    true
}

/// What a worklist shows with nothing in it: that it is empty, and the rule of its order.
pub fn render_empty(
    frame: &mut ratatui::Frame,
    area: ratatui::layout::Rect,
    empty: &str,
    rule: &str,
) {
    let text = vec![
        Line::from(""),
        Line::from(empty.to_string()),
        Line::from(""),
        Line::from(Span::styled(rule.to_string(), crate::theme::dim())),
    ];
    frame.render_widget(
        ratatui::widgets::Paragraph::new(wrap_text(text, area.width)).centered(),
        area,
    );
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
            vec!["已生成演示数据", "（200 场庭审）"]
        );
        assert_eq!(super::wrap("abcdefgh", 4), vec!["abcd", "efgh"]);
        assert_eq!(super::wrap("ab  cd", 3), vec!["ab", "cd"]);
        // no line begins with a closing mark or ends with an opening one
        assert_eq!(
            super::wrap("已有第1次开庭。", 13),
            vec!["已有第1次开", "庭。"]
        );
        assert_eq!(super::wrap("出庭人（正职）", 8), vec!["出庭人", "（正职）"]);
        assert_eq!(super::wrap("共 3.5 分。", 6), vec!["共 3.5", "分。"]);
        // a no-break space keeps a key with what it does
        assert_eq!(
            super::wrap("Home\u{a0}移到行首  End\u{a0}移到行尾", 20),
            vec!["Home\u{a0}移到行首", "End\u{a0}移到行尾"]
        );
        for w in 8..30 {
            for line in super::wrap("导出（3 人次）。重复开庭？请确认，再按 y。", w)
            {
                assert!(!line.starts_with(['。', '，', '）', '？']), "{w}: {line}");
                assert!(!line.ends_with('（'), "{w}: {line}");
            }
        }
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
        // a line's own indent stays; only a break drops the spaces it was made at
        let shown: Vec<String> = super::wrap_text(
            ratatui::text::Text::from(vec!["ab  cd".into(), "  ef".into()]),
            4,
        )
        .iter()
        .map(|l| l.to_string())
        .collect();
        assert_eq!(shown, vec!["ab", "cd", "  ef"]);
        // at most so many lines, the last ending in … when there was more
        let shown: Vec<String> = super::wrap_clipped(
            "负责人和工作人员均未出庭（第十二条第一款第（三）项）",
            20,
            2,
        )
        .iter()
        .map(|l| l.to_string())
        .collect();
        assert_eq!(shown, vec!["负责人和工作人员均未", "出庭（第十二条第一…"]);
    }
}
