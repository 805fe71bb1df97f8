//! Table columns sized from their content and the width there is: each column gets what its
//! widest visible cell needs when there is room, no more (a wide terminal does not stretch one
//! column to the edge); when there is not, the columns that want most give up most, down to their
//! minimum. Cells are then cut to their column with an ellipsis, never in a wide character, and
//! numbers are aligned right.

use super::ellipsis;
use unicode_width::UnicodeWidthStr;

/// One column: the least it may get, whether its cells align right (numbers), and whether it is
/// never cut (a case number cut is a different case).
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub min: usize,
    pub right: bool,
    pub whole: bool,
}

impl Column {
    pub const fn left(min: usize) -> Column {
        Column {
            min,
            right: false,
            whole: false,
        }
    }

    pub const fn right(min: usize) -> Column {
        Column {
            min,
            right: true,
            whole: false,
        }
    }

    /// A column that gets its widest cell whatever the room.
    pub const fn whole() -> Column {
        Column {
            min: 0,
            right: false,
            whole: true,
        }
    }
}

/// The widths of `columns` in `width` display columns with `spacing` between them, for a header
/// and rows of cells (the text each cell will show).
pub fn fit<S: AsRef<str>>(
    columns: &[Column],
    header: &[S],
    rows: &[Vec<String>],
    width: usize,
    spacing: usize,
) -> Vec<usize> {
    let want: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let widest = rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|s| s.width())
                .chain(header.get(i).map(|h| h.as_ref().width()))
                .max()
                .unwrap_or(0);
            widest.max(c.min)
        })
        .collect();
    let columns: Vec<Column> = columns
        .iter()
        .zip(&want)
        .map(|(c, &w)| Column {
            min: if c.whole { w } else { c.min },
            ..*c
        })
        .collect();
    share(
        &columns,
        &want,
        width.saturating_sub(spacing * columns.len().saturating_sub(1)),
    )
}

/// Widths within `room`: all of `want` when it fits; otherwise the room left above the minimums
/// is filled level, so the column that wants most is the one cut.
fn share(columns: &[Column], want: &[usize], room: usize) -> Vec<usize> {
    if want.iter().sum::<usize>() <= room {
        return want.to_vec();
    }
    let mut widths: Vec<usize> = columns.iter().map(|c| c.min).collect();
    let mut left = room.saturating_sub(widths.iter().sum());
    // water filling: one column at a time to each column still short, the smallest first
    while left > 0 {
        let Some(i) = (0..widths.len())
            .filter(|&i| widths[i] < want[i])
            .min_by_key(|&i| widths[i])
        else {
            break;
        };
        widths[i] += 1;
        left -= 1;
    }
    widths
}

/// `text` as a cell of `width` columns: cut with "…" when longer, padded on the left when right
/// aligned.
pub fn cell(text: &str, width: usize, right: bool) -> String {
    let cut = ellipsis(text, width);
    if right {
        format!("{}{cut}", " ".repeat(width.saturating_sub(cut.width())))
    } else {
        cut
    }
}

/// A number for a right-aligned column of numbers with one decimal: a whole one ("88", "100")
/// is padded where its decimals would be, so its digits stand under the other rows' ("89.4").
pub fn decimal(text: &str) -> String {
    if text.is_empty() || text.contains('.') || !text.chars().all(|c| c.is_ascii_digit()) {
        text.to_string()
    } else {
        format!("{text}  ")
    }
}

/// A worklist's table: its columns fitted to `area` (see [`fit`]), the header styled, each row
/// with `row_style(i)` (`i`: its place among `texts`) and a cell with its own style where
/// `cell_style(i, k)` gives one.
pub fn render_table<S: AsRef<str>>(
    frame: &mut ratatui::Frame,
    area: ratatui::layout::Rect,
    cols: &[Column],
    header: &[S],
    texts: &[Vec<String>],
    row_style: impl Fn(usize) -> ratatui::style::Style,
    cell_style: impl Fn(usize, usize) -> Option<ratatui::style::Style>,
) {
    use ratatui::layout::{Constraint, Flex};
    use ratatui::text::Span;
    use ratatui::widgets::{Cell, Row, Table};
    let widths = fit(cols, header, texts, area.width as usize, 1);
    let head = Row::new(
        header
            .iter()
            .enumerate()
            .map(|(k, h)| Cell::from(cell(h.as_ref(), widths[k], cols[k].right))),
    )
    .style(crate::theme::header());
    let rows: Vec<Row> = texts
        .iter()
        .enumerate()
        .map(|(i, cells)| {
            Row::new(cells.iter().enumerate().map(|(k, text)| {
                let text = cell(text, widths[k], cols[k].right);
                match cell_style(i, k) {
                    Some(s) => Cell::from(Span::styled(text, s)),
                    None => Cell::from(text),
                }
            }))
            .style(row_style(i))
        })
        .collect();
    frame.render_widget(
        Table::new(rows, widths.iter().map(|&w| Constraint::Length(w as u16)))
            .header(head)
            .column_spacing(1)
            .flex(Flex::Start),
        area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn room_enough_gives_each_what_it_needs_and_no_more() {
        let cols = [Column::left(4), Column::left(4), Column::right(4)];
        let rows = [row(&["合肥市城乡建设局", "韩勇 分管", "97.6"])];
        let w = fit(&cols, &["被告机关", "出庭人", "总分"], &rows, 160, 1);
        assert_eq!(w, vec![16, 9, 4]);
    }

    #[test]
    fn when_short_the_widest_gives_way_first() {
        let cols = [Column::left(6), Column::left(6), Column::right(4)];
        let rows = [row(&["合肥市住房保障和房产管理局", "罗志强 正职", "92.9"])];
        let w = fit(&cols, &["被告机关", "出庭人", "总分"], &rows, 30, 1);
        assert_eq!(w.iter().sum::<usize>(), 28);
        assert_eq!(w, vec![13, 11, 4]);
        // a whole column is never cut
        let whole = [Column::whole(), Column::left(6), Column::right(4)];
        let w = fit(&whole, &["被告机关", "出庭人", "总分"], &rows, 30, 1);
        assert_eq!(w, vec![26, 6, 4]);
        // and never below a minimum
        let w = fit(&cols, &["", "", ""], &rows, 10, 1);
        assert_eq!(w, vec![6, 6, 4]);
    }

    #[test]
    fn cells_are_cut_with_an_ellipsis_and_numbers_align_right() {
        assert_eq!(cell("合肥市蜀山区人民政府", 11, false), "合肥市蜀山…");
        assert_eq!(cell("80", 4, true), "  80");
        assert_eq!(cell("91.8", 4, true), "91.8");
        // whole numbers keep their digits under the others'
        assert_eq!(cell(&decimal("88"), 5, true), " 88  ");
        assert_eq!(cell(&decimal("100"), 5, true), "100  ");
        assert_eq!(cell(&decimal("89.4"), 5, true), " 89.4");
        assert_eq!(decimal("—"), "—");
    }
}
