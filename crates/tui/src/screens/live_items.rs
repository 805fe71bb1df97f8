//! Live mode's item keys laid out in columns: one column a dimension where there is room, else
//! columns filled top to bottom (a dimension's title never left alone at a column's foot). Every
//! width is a display width: labels are cut with an ellipsis to what their column leaves them, and a
//! column keeps a space before the next.

use crate::widgets::ellipsis;
use unicode_width::UnicodeWidthStr;

/// One row of the item panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// a dimension's title
    Header(String),
    /// an item: its key, its value ("○", "×2", "3/10"), its label, what it does to the score
    /// ("-3", empty when nothing), and whether it is marked
    Item {
        key: char,
        value: String,
        label: String,
        effect: String,
        marked: bool,
    },
}

impl Entry {
    /// Its width uncut, its value given `value_w` columns.
    fn natural(&self, value_w: usize) -> usize {
        match self {
            Entry::Header(l) => l.width(),
            Entry::Item { label, effect, .. } => {
                2 + value_w + 1 + label.width() + effect_room(effect)
            }
        }
    }
}

fn effect_room(effect: &str) -> usize {
    if effect.is_empty() {
        0
    } else {
        1 + effect.width()
    }
}

/// A column: its rows and the width of its values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub entries: Vec<Entry>,
    pub value_w: usize,
}

impl Column {
    fn new(entries: Vec<Entry>) -> Column {
        let value_w = entries
            .iter()
            .filter_map(|e| match e {
                Entry::Item { value, .. } => Some(value.width()),
                Entry::Header(_) => None,
            })
            .max()
            .unwrap_or(0)
            .max(3);
        Column { entries, value_w }
    }

    /// Its width uncut, with the space kept before the next column.
    pub fn natural(&self) -> usize {
        self.entries
            .iter()
            .map(|e| e.natural(self.value_w))
            .max()
            .unwrap_or(0)
            + 1
    }

    /// Its rows as text, each at most `width - 1` columns wide (a space left before the next
    /// column): (the key and value, the label and effect, marked).
    pub fn lines(&self, width: usize) -> Vec<Line> {
        let width = width.saturating_sub(1);
        self.entries
            .iter()
            .map(|e| match e {
                Entry::Header(l) => Line::Header(ellipsis(l, width)),
                Entry::Item {
                    key,
                    value,
                    label,
                    effect,
                    marked,
                } => {
                    let head = format!(
                        "{key} {value}{} ",
                        " ".repeat(self.value_w.saturating_sub(value.width()))
                    );
                    let room = width.saturating_sub(head.width());
                    // the effect stays whole while it fits; the label gives way
                    let effect = if effect_room(effect) <= room / 2 {
                        effect.as_str()
                    } else {
                        ""
                    };
                    let label = ellipsis(label, room.saturating_sub(effect_room(effect)));
                    let tail = if effect.is_empty() {
                        String::new()
                    } else {
                        format!(" {effect}")
                    };
                    Line::Item {
                        head: ellipsis(&head, width),
                        label,
                        effect: tail,
                        marked: *marked,
                    }
                }
            })
            .collect()
    }
}

/// A row ready to draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    Header(String),
    Item {
        head: String,
        label: String,
        effect: String,
        marked: bool,
    },
}

/// How the item panel is laid out: its rows, and whether a column holds a dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    pub rows: usize,
    pub by_dimension: bool,
}

/// The dimensions' entries (each a title and its items) in columns of at most `plan.rows` rows:
/// one column a dimension, or filled top to bottom with a title never the last row of a column.
pub fn columns(dims: &[Vec<Entry>], plan: Plan) -> Vec<Column> {
    let rows = plan.rows.max(2);
    if plan.by_dimension && dims.iter().all(|d| d.len() <= rows) {
        return dims.iter().map(|d| Column::new(d.clone())).collect();
    }
    let mut out: Vec<Vec<Entry>> = vec![Vec::new()];
    for entry in dims.iter().flatten() {
        let current = out.last().map(Vec::len).unwrap_or(0);
        let header = matches!(entry, Entry::Header(_));
        // a title at a column's foot goes to the next column with its first item
        if current == rows || (header && current > 0 && current + 1 >= rows) {
            out.push(Vec::new());
        }
        if let Some(c) = out.last_mut() {
            c.push(entry.clone());
        }
    }
    out.into_iter()
        .filter(|c| !c.is_empty())
        .map(Column::new)
        .collect()
}

/// The item panel's plan, its rows between `least` and `most`: a column a dimension when that
/// fits `width` uncut, else the fewest rows whose filled columns fit it uncut; `most` rows filled
/// when none do (labels are then cut).
pub fn plan(dims: &[Vec<Entry>], width: usize, least: usize, most: usize) -> Plan {
    let least = least.max(2);
    let most = most.max(least);
    let fits = |p: Plan| columns(dims, p).iter().map(Column::natural).sum::<usize>() <= width;
    let by_dimension = Plan {
        rows: dims.iter().map(Vec::len).max().unwrap_or(0).max(least),
        by_dimension: true,
    };
    if by_dimension.rows <= most && fits(by_dimension) {
        return by_dimension;
    }
    let filled = |rows| Plan {
        rows,
        by_dimension: false,
    };
    (least..=most)
        .map(filled)
        .find(|p| fits(*p))
        .unwrap_or(filled(most))
}

/// Each column's width: what it needs when all fit in `width`, else `width` shared alike.
pub fn widths(columns: &[Column], width: usize) -> Vec<usize> {
    let needs: Vec<usize> = columns.iter().map(Column::natural).collect();
    if needs.iter().sum::<usize>() <= width {
        needs
    } else {
        let n = columns.len().max(1);
        (0..columns.len())
            .map(|i| width / n + usize::from(i < width % n))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(key: char, label: &str, effect: &str) -> Entry {
        Entry::Item {
            key,
            value: "○".into(),
            label: label.into(),
            effect: effect.into(),
            marked: !effect.is_empty(),
        }
    }

    fn dims() -> Vec<Vec<Entry>> {
        vec![
            vec![
                Entry::Header("遵守法庭纪律".into()),
                item('l', "迟到", ""),
                item('p', "使用手机", "-3"),
                item('r', "私自录音录像拍照", ""),
            ],
            vec![
                Entry::Header("庭审发言".into()),
                item('v', "未就实质性化解争议发表意见", ""),
                item('f', "仅在最后陈述阶段发言", ""),
            ],
            vec![
                Entry::Header("争议化解".into()),
                item('h', "案件和解或撤诉", ""),
            ],
        ]
    }

    fn filled(rows: usize) -> Plan {
        Plan {
            rows,
            by_dimension: false,
        }
    }

    fn by_dimension(rows: usize) -> Plan {
        Plan {
            rows,
            by_dimension: true,
        }
    }

    fn text(line: &Line) -> String {
        match line {
            Line::Header(h) => h.clone(),
            Line::Item {
                head,
                label,
                effect,
                ..
            } => format!("{head}{label}{effect}"),
        }
    }

    #[test]
    fn a_column_a_dimension_where_each_fits() {
        let c = columns(
            &dims(),
            Plan {
                rows: 4,
                by_dimension: true,
            },
        );
        assert_eq!(c.len(), 3);
        assert_eq!(c[1].entries[0], Entry::Header("庭审发言".into()));
    }

    #[test]
    fn filled_columns_never_end_in_a_title() {
        for rows in 2..8 {
            for c in columns(&dims(), filled(rows)) {
                assert!(c.entries.len() <= rows, "{rows}");
                assert!(
                    !matches!(c.entries.last(), Some(Entry::Header(_))),
                    "{rows}: {c:?}"
                );
            }
        }
    }

    #[test]
    fn lines_keep_a_space_before_the_next_column_and_cut_labels_by_display_width() {
        for width in [8, 12, 17, 20, 26, 40] {
            for c in columns(&dims(), filled(3)) {
                for line in c.lines(width) {
                    let t = text(&line);
                    assert!(t.width() < width, "{width}: {t:?} is {}", t.width());
                }
            }
        }
        let c = &columns(&dims(), by_dimension(4))[1];
        let lines = c.lines(16);
        assert_eq!(text(&lines[1]), "v ○   未就实质…");
        // the effect stays whole, the label gives way
        let lines = columns(&dims(), by_dimension(4))[0].lines(14);
        assert_eq!(text(&lines[2]), "p ○   使… -3");
    }

    #[test]
    fn the_fewest_rows_that_show_every_label_whole() {
        let d = dims();
        let natural = |p: Plan| columns(&d, p).iter().map(Column::natural).sum::<usize>();
        assert_eq!(
            plan(&d, 200, 2, 20),
            by_dimension(4),
            "a column a dimension"
        );
        // too narrow for a column a dimension: filled columns, as few rows as fit
        let p = plan(&d, 50, 2, 20);
        assert!(!p.by_dimension && p.rows > 4, "{p:?}");
        assert!(natural(p) <= 50);
        assert!(natural(filled(p.rows - 1)) > 50);
        // too narrow for any: as many rows as allowed
        assert_eq!(plan(&d, 10, 2, 6), filled(6));
        let w = widths(&columns(&d, filled(6)), 30);
        assert_eq!(w.iter().sum::<usize>(), 30);
    }
}
