//! A table people made in a spreadsheet (a hearing schedule, an agency directory), after its file
//! was read: rows of text cells, numbered as the spreadsheet numbers them. Here its columns are
//! found by their headers (in any order, under the names people give them, below any title rows),
//! and every cell a reader uses is checked: no control character but a line break or a tab, no
//! cell longer than [`CELL_MAX`]. Every refusal names the row, the column and its header.

use crate::msg::{Msg, Told, msgf};

/// The longest cell read, in characters.
pub const CELL_MAX: usize = 1000;
/// How many non-blank rows from the top may stand above the header row (titles, notes).
pub const HEADER_SCAN: usize = 10;
/// The most rows of data below the header row (blank ones included).
pub const ROWS_MAX: usize = 100_000;

/// One row of a table: its number in the file (1 for the first) and its cells, left to right.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GridRow {
    pub n: usize,
    pub cells: Vec<String>,
}

impl GridRow {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// A cell: its row, its column (1 for A) and the header of that column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub row: usize,
    pub col: usize,
    pub header: String,
}

/// A refusal of a cell, said as `第N行 第M列（列名）：原因` / `row N, column M (NAME): reason`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub at: Place,
    pub why: Msg,
}

impl crate::msg::Told for RowError {
    fn told(&self) -> Msg {
        Msg::new("sheet.row_err")
            .arg("row", self.at.row)
            .arg("col", self.at.col)
            .arg("name", super::text::shown(&self.at.header))
            .nest("why", self.why.clone())
    }
}

/// A column a reader looks for: the names its header may have (the first is the one shown), and
/// whether a table without it is refused.
pub struct Spec<F: 'static> {
    pub field: F,
    pub names: &'static [&'static str],
    pub required: bool,
}

/// A column found: which field, where, and the header as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column<F> {
    pub field: F,
    pub index: usize,
    pub header: String,
}

/// The columns of a table, found in its header row.
#[derive(Clone, Debug)]
pub struct Columns<F> {
    /// the header row's number
    pub row: usize,
    pub found: Vec<Column<F>>,
}

impl<F: Copy + PartialEq> Columns<F> {
    pub fn get(&self, field: F) -> Option<&Column<F>> {
        self.found.iter().find(|c| c.field == field)
    }

    /// Where `field` stands in row `row` (its first column when the table has no such column).
    pub fn place(&self, field: F, row: usize) -> Place {
        match self.get(field) {
            Some(c) => Place {
                row,
                col: c.index + 1,
                header: c.header.clone(),
            },
            None => Place {
                row,
                col: 1,
                header: String::new(),
            },
        }
    }

    /// The cell of `field` in `row`, checked ("" when the table has no such column or the row is
    /// short).
    pub fn cell<'a>(&self, row: &'a GridRow, field: F) -> Result<&'a str, RowError> {
        let Some(c) = self.get(field) else {
            return Ok("");
        };
        let text = row.cells.get(c.index).map(String::as_str).unwrap_or("");
        check_cell(text).map_err(|why| RowError {
            at: self.place(field, row.n),
            why,
        })?;
        Ok(text)
    }
}

/// A cell's text as a header: without spaces, a required-marker `*`, a trailing colon or a
/// parenthesised note (`开庭日期（年/月/日）`).
fn header_key(s: &str) -> String {
    let s: String = super::text::half_width(s)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect();
    let s = s.trim_end_matches(':');
    match s.find('(') {
        Some(i) if i > 0 && s.ends_with(')') => s[..i].to_string(),
        _ => s.to_string(),
    }
}

/// Why a cell cannot be read: a control character other than a line break or a tab (it is never
/// cleaned away silently: the file is wrong and the user should see where), or its length.
pub fn check_cell(text: &str) -> Result<(), Msg> {
    if let Some(c) = text
        .chars()
        .find(|c| super::text::is_unsafe(*c) && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(msgf(
            "sheet.err.control",
            &[("code", &format!("U+{:04X}", c as u32))],
        ));
    }
    let n = text.chars().count();
    if n > CELL_MAX {
        return Err(msgf(
            "sheet.err.cell_long",
            &[("max", &CELL_MAX), ("n", &n)],
        ));
    }
    Ok(())
}

/// Finds the header row among the first [`HEADER_SCAN`] non-blank rows: the first one that names
/// the `key` column and at least one other known column. Refused when there is none, when a
/// required column is missing (naming every one missing), when two columns name one field, or when
/// more than [`ROWS_MAX`] rows follow the header.
pub fn find_columns<F: Copy + PartialEq>(
    rows: &[GridRow],
    specs: &[Spec<F>],
    key: F,
) -> Result<Columns<F>, Msg> {
    let known = |cell: &str| -> Option<F> {
        let k = header_key(cell);
        specs
            .iter()
            .find(|s| s.names.iter().any(|n| *n == k))
            .map(|s| s.field)
    };
    let header = rows
        .iter()
        .filter(|r| !r.is_blank())
        .take(HEADER_SCAN)
        .find(|r| {
            let fields: Vec<F> = r.cells.iter().filter_map(|c| known(c)).collect();
            fields.contains(&key) && fields.iter().any(|f| *f != key)
        });
    let Some(header) = header else {
        let expected: Vec<&str> = specs
            .iter()
            .filter(|s| s.required)
            .map(|s| s.names[0])
            .collect();
        return Err(msgf(
            "sheet.err.no_header",
            &[("n", &HEADER_SCAN), ("expected", &expected.join("、"))],
        ));
    };
    let mut found: Vec<Column<F>> = Vec::new();
    for (index, cell) in header.cells.iter().enumerate() {
        let Some(field) = known(cell) else { continue };
        let at = Place {
            row: header.n,
            col: index + 1,
            header: super::text::clean(cell),
        };
        if let Some(first) = found.iter().find(|c| c.field == field) {
            return Err(RowError {
                at,
                why: msgf(
                    "sheet.err.dup_column",
                    &[("col", &(first.index + 1)), ("name", &first.header)],
                ),
            }
            .told());
        }
        found.push(Column {
            field,
            index,
            header: at.header,
        });
    }
    let missing: Vec<&str> = specs
        .iter()
        .filter(|s| s.required && !found.iter().any(|c| c.field == s.field))
        .map(|s| s.names[0])
        .collect();
    if !missing.is_empty() {
        return Err(msgf(
            "sheet.err.missing",
            &[("row", &header.n), ("names", &missing.join("、"))],
        ));
    }
    // the rows below the header (a title above it takes none of them)
    let last = rows.last().map_or(header.n, |r| r.n);
    if last.saturating_sub(header.n) > ROWS_MAX {
        return Err(msgf("sheet.err.rows", &[("max", &ROWS_MAX)]));
    }
    Ok(Columns {
        row: header.n,
        found,
    })
}

/// A cell holding several names separated by 、，,；; or line breaks: each trimmed, none empty,
/// none twice.
pub fn split_names(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in text.split(['、', '，', ',', '；', ';', '\n', '\r']) {
        let name = super::text::clean(part);
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Rows of cells numbered from 1, as a file would give them (tests).
#[cfg(test)]
pub fn grid(rows: &[&[&str]]) -> Vec<GridRow> {
    rows.iter()
        .enumerate()
        .map(|(i, r)| GridRow {
            n: i + 1,
            cells: r.iter().map(|s| s.to_string()).collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::test_words::Text;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum F {
        Name,
        Short,
        Level,
    }

    const SPECS: &[Spec<F>] = &[
        Spec {
            field: F::Name,
            names: &["名称", "机关名称"],
            required: true,
        },
        Spec {
            field: F::Short,
            names: &["简称"],
            required: true,
        },
        Spec {
            field: F::Level,
            names: &["层级"],
            required: false,
        },
    ];

    fn row(n: usize, cells: &[&str]) -> GridRow {
        GridRow {
            n,
            cells: cells.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn headers_below_a_title_in_any_order_with_variants() {
        crate::msg::test_words::set_lang(crate::msg::Lang::Zh);
        let rows = vec![
            row(1, &["合肥市行政机关名录", "", ""]),
            row(2, &["", "", ""]),
            row(3, &["备注", "简 称", "机关名称（全称）", "层级*"]),
        ];
        let c = find_columns(&rows, SPECS, F::Name).unwrap();
        assert_eq!(c.row, 3);
        assert_eq!(c.get(F::Name).unwrap().index, 2);
        assert_eq!(c.get(F::Short).unwrap().index, 1);
        assert_eq!(c.get(F::Level).unwrap().index, 3);
        assert_eq!(c.place(F::Name, 7).col, 3);
    }

    #[test]
    fn missing_duplicate_and_absent_headers_are_named() {
        crate::msg::test_words::set_lang(crate::msg::Lang::Zh);
        let e = find_columns(&[row(1, &["名称", "层级"])], SPECS, F::Name)
            .unwrap_err()
            .text();
        assert!(e.contains("第1行") && e.contains("简称"), "{e}");
        let e = find_columns(&[row(4, &["名称", "简称", "机关名称"])], SPECS, F::Name)
            .unwrap_err()
            .text();
        assert!(
            e.starts_with("第4行 第3列（机关名称）") && e.contains("第1列"),
            "{e}"
        );
        let e = find_columns(&[row(1, &["a", "b"])], SPECS, F::Name)
            .unwrap_err()
            .text();
        assert!(e.contains("名称、简称"), "{e}");
    }

    #[test]
    fn cells_with_controls_or_too_long_are_refused() {
        assert!(check_cell("合肥\n市\t局").is_ok());
        let e = check_cell("合肥\u{1b}[2J").unwrap_err().text();
        assert!(e.contains("U+001B"), "{e}");
        assert!(check_cell("\u{202e}局").is_err());
        assert!(check_cell(&"局".repeat(CELL_MAX)).is_ok());
        assert!(check_cell(&"局".repeat(CELL_MAX + 1)).is_err());
    }

    #[test]
    fn names_split_on_the_separators_people_use() {
        assert_eq!(
            split_names(
                "合肥市公安局、合肥市民政局，蜀山区人民政府;\n包河区人民政府；合肥市公安局 , "
            ),
            vec![
                "合肥市公安局",
                "合肥市民政局",
                "蜀山区人民政府",
                "包河区人民政府"
            ]
        );
        assert!(split_names(" 、 ").is_empty());
    }
}
