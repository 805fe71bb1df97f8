//! The details as CSV: UTF-8 with a BOM (so Excel opens Chinese correctly), one row per evaluation.

use super::columns::{self, Row};
use std::io::Write;

pub fn header(w: &mut impl Write, dims: &[(String, String)]) -> std::io::Result<()> {
    w.write_all("\u{feff}".as_bytes())?;
    let cols = columns::detail_headers(dims);
    line(w, cols.iter().map(String::as_str))
}

pub fn row(w: &mut impl Write, r: &Row) -> std::io::Result<()> {
    line(w, r.cells.iter().map(|c| c.text.as_ref()))
}

fn line<'a>(w: &mut impl Write, cells: impl Iterator<Item = &'a str>) -> std::io::Result<()> {
    let mut first = true;
    for c in cells {
        // a cell never starts a formula (OWASP CSV injection)
        let c = crate::domain::text::csv_cell(c);
        let c = c.as_ref();
        if !first {
            w.write_all(b",")?;
        }
        first = false;
        if c.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
            w.write_all(b"\"")?;
            w.write_all(c.replace('"', "\"\"").as_bytes())?;
            w.write_all(b"\"")?;
        } else {
            w.write_all(c.as_bytes())?;
        }
    }
    w.write_all(b"\r\n")
}
