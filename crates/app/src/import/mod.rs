//! Spreadsheets people give the court — a hearing schedule, an agency directory — read as hostile
//! files: a regular file only (no symlink, FIFO or device is opened), at most [`FILE_MAX`] bytes,
//! at most [`ROWS_MAX`] rows of at most [`COLS_MAX`] cells; a `.csv` in UTF-8 (with or without a
//! BOM), UTF-16 with a BOM, or GB18030 (which GBK and GB2312 are part of), comma- or tab-separated;
//! an `.xlsx` whose parts unpack to at most [`UNPACKED_MAX`] bytes, its first sheet or the one
//! named. The rows come out as text, numbered as the spreadsheet numbers them; what they mean is
//! the domain's business (`domain::schedule`, `domain::directory`). Every refusal names the file.

pub mod hostile;
pub mod schedule;

use crate::domain::sheet::{self, GridRow};
use crate::i18n::tf;
use std::path::Path;

/// The largest file read, in bytes.
pub const FILE_MAX: u64 = 32 << 20;
/// The most rows read (blank ones included): the most rows of data a table may have below its
/// header ([`sheet::ROWS_MAX`], which the domain checks once it has found the header), and the
/// header and the title rows above it.
pub const ROWS_MAX: usize = sheet::ROWS_MAX + 1 + sheet::HEADER_SCAN;
/// The most cells in one row.
pub const COLS_MAX: usize = 200;
/// The most an xlsx's parts may unpack to, together, in bytes.
pub const UNPACKED_MAX: u64 = 512 << 20;

/// A refusal, in the user's language, naming the file.
type Refusal = String;

pub(crate) fn at(path: &Path, why: impl std::fmt::Display) -> Refusal {
    tf(
        "sheet.err.file",
        &[
            (
                "path",
                &crate::domain::text::shown(&path.display().to_string()),
            ),
            ("why", &why),
        ],
    )
}

/// The rows of a `.csv` or `.xlsx` file (`sheet`: an xlsx sheet's name; default the first).
pub fn read_rows(path: &Path, sheet: Option<&str>) -> Result<Vec<GridRow>, Refusal> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if !matches!(ext.as_str(), "csv" | "txt" | "xlsx") {
        return Err(at(path, tf("sheet.err.kind", &[])));
    }
    let bytes = read_bounded(path)?;
    let rows = if ext == "xlsx" {
        xlsx_rows(bytes, sheet).map_err(|why| at(path, why))?
    } else {
        if sheet.is_some() {
            return Err(at(path, tf("sheet.err.csv_sheet", &[])));
        }
        let text = decode(&bytes).map_err(|why| at(path, why))?;
        csv_rows(&text).map_err(|why| at(path, why))?
    };
    Ok(rows)
}

/// The file's bytes: a regular file of at most [`FILE_MAX`] bytes, opened once and read from the
/// handle that was checked (what it names cannot be swapped in between).
fn read_bounded(path: &Path) -> Result<Vec<u8>, Refusal> {
    let shown = || crate::domain::text::shown(&path.display().to_string()).into_owned();
    let refused = |e: hostile::Refused| match e {
        hostile::Refused::NotFile => tf("import.err.not_file", &[("path", &shown())]),
        hostile::Refused::TooBig(max) => {
            tf("import.err.too_big", &[("path", &shown()), ("max", &max)])
        }
        hostile::Refused::Io(e) => at(path, e),
    };
    hostile::HostileFile::open(path, FILE_MAX)
        .and_then(|mut f| f.bytes())
        .map_err(refused)
}

/// Text of a CSV: UTF-8 (a BOM dropped), UTF-16 with its BOM, else GB18030 — strictly: bytes that
/// are none of these refuse the file rather than become replacement characters.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(|s| s.into_owned())
            .ok_or_else(|| tf("sheet.err.encoding", &[]));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| s.into_owned())
        .ok_or_else(|| tf("sheet.err.encoding", &[]))
}

/// The rows of a CSV text: comma-separated, or tab-separated when its first line has more tabs
/// than commas (what a spreadsheet's "text" export writes).
pub fn csv_rows(text: &str) -> Result<Vec<GridRow>, String> {
    // line ends as a spreadsheet counts rows: CRLF (Excel, WPS) and a lone CR read as one LF, so
    // a row's number is its row in the spreadsheet (CRLF counted twice numbered rows double)
    let text = &if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut n = 0;
    loop {
        let before = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                return Err(tf("sheet.err.csv", &[("line", &line), ("why", &e)]));
            }
        }
        // the reader passes over blank lines before a record, which a spreadsheet counts as rows:
        // the lines it read less the record's own
        let at = reader.position();
        let read = at.line().saturating_sub(before);
        let ended = at.byte() > 0 && text.as_bytes().get(at.byte() as usize - 1) == Some(&b'\n');
        let own = u64::from(ended)
            + record
                .iter()
                .map(|f| f.matches('\n').count() as u64)
                .sum::<u64>();
        n += 1 + read.saturating_sub(own) as usize;
        if n > ROWS_MAX {
            return Err(tf("sheet.err.rows", &[("max", &sheet::ROWS_MAX)]));
        }
        if record.len() > COLS_MAX {
            return Err(tf("sheet.err.cols", &[("row", &n), ("max", &COLS_MAX)]));
        }
        rows.push(GridRow {
            n,
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    Ok(rows)
}

/// The rows of an xlsx sheet. A date or time cell is given as its serial number (days since
/// 1899-12-30, the time a fraction), which the domain reads as a date or a time.
fn xlsx_rows(bytes: Vec<u8>, sheet: Option<&str>) -> Result<Vec<GridRow>, String> {
    use calamine::{DataRef, Reader, Xlsx};
    // what its parts say they unpack to, before anything is unpacked
    let (mut formulas, mut merged) = (false, false);
    {
        let mut zip = zip4::ZipArchive::new(std::io::Cursor::new(&bytes))
            .map_err(|_| tf("sheet.err.xlsx", &[]))?;
        let mut total: u64 = 0;
        for i in 0..zip.len() {
            let f = zip.by_index_raw(i).map_err(|_| tf("sheet.err.xlsx", &[]))?;
            total = total.saturating_add(f.size());
        }
        if total > UNPACKED_MAX {
            return Err(tf("sheet.err.unpacked", &[("max", &UNPACKED_MAX)]));
        }
        // and what they do unpack to, counted as it comes: a part that says 5 000 bytes and
        // inflates to gigabytes is stopped one byte past what it said; a sheet's part is looked
        // through for formulas and merged cells on the way (read again only when it has some)
        for i in 0..zip.len() {
            let f = zip.by_index(i).map_err(|_| tf("sheet.err.xlsx", &[]))?;
            let said = f.size();
            let is_sheet = f.name().starts_with("xl/worksheets/");
            let mut counted = std::io::Read::take(f, said.saturating_add(1));
            let mut seen = Tags::default();
            let n = if is_sheet {
                std::io::copy(&mut counted, &mut seen)
            } else {
                std::io::copy(&mut counted, &mut std::io::sink())
            }
            .map_err(|_| tf("sheet.err.xlsx", &[]))?;
            if n > said {
                return Err(tf("sheet.err.unpacked", &[("max", &UNPACKED_MAX)]));
            }
            (formulas, merged) = (formulas || seen.formula, merged || seen.merged);
        }
    }
    let mut book: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| tf("sheet.err.xlsx", &[]))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                tf(
                    "sheet.err.no_sheet",
                    &[
                        ("sheet", &crate::domain::text::shown(s)),
                        ("sheets", &crate::domain::text::shown(&names.join("、"))),
                    ],
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| tf("sheet.err.xlsx", &[]))?,
    };
    let mut cells = book
        .worksheet_cells_reader(&name)
        .map_err(|_| tf("sheet.err.xlsx", &[]))?;
    let mut rows: Vec<GridRow> = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(|_| tf("sheet.err.xlsx", &[]))? {
        let (r, c) = cell.get_position();
        let (r, c) = (r as usize + 1, c as usize);
        if r > ROWS_MAX {
            return Err(tf("sheet.err.rows", &[("max", &sheet::ROWS_MAX)]));
        }
        if c >= COLS_MAX {
            return Err(tf("sheet.err.cols", &[("row", &r), ("max", &COLS_MAX)]));
        }
        let text = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::SharedString(s) => s.to_string(),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
            DataRef::Int(i) => i.to_string(),
            DataRef::Float(f) => number(*f),
            DataRef::Bool(b) => b.to_string(),
            DataRef::DateTime(d) => number(d.as_f64()),
            DataRef::Error(e) => format!("#{e:?}"),
        };
        // cells come row by row, left to right; rows without cells are blank rows
        if rows.last().is_none_or(|l| l.n != r) {
            rows.push(GridRow {
                n: r,
                cells: Vec::new(),
            });
        }
        let row = rows.last_mut().expect("pushed");
        if row.cells.len() <= c {
            row.cells.resize(c + 1, String::new());
        }
        row.cells[c] = text;
    }
    drop(cells);
    rows.sort_by_key(|r| r.n);
    // a formula the file keeps no result of (written by a program that does not compute): its
    // cell would read as empty
    if formulas {
        let mut cells = book
            .worksheet_cells_reader(&name)
            .map_err(|_| tf("sheet.err.xlsx", &[]))?;
        while let Some(cell) = cells
            .next_formula()
            .map_err(|_| tf("sheet.err.xlsx", &[]))?
        {
            let (r, c) = cell.get_position();
            let (r, c) = (r as usize + 1, c as usize);
            let empty = rows
                .binary_search_by_key(&r, |row| row.n)
                .ok()
                .and_then(|i| rows[i].cells.get(c))
                .is_none_or(|t| t.is_empty());
            if !cell.get_value().is_empty() && empty {
                return Err(tf("sheet.err.formula", &[("row", &r), ("col", &(c + 1))]));
            }
        }
    }
    // a merged area reads as its first cell's value in each of its cells (a date merged over the
    // day's hearings is each hearing's date)
    if merged {
        let areas = book
            .worksheet_merge_cells(&name)
            .transpose()
            .map_err(|_| tf("sheet.err.xlsx", &[]))?
            .unwrap_or_default();
        for area in areas {
            let (r0, c0) = (area.start.0 as usize + 1, area.start.1 as usize);
            let (r1, c1) = (area.end.0 as usize + 1, area.end.1 as usize);
            if r1 > ROWS_MAX || c1 >= COLS_MAX || r1 < r0 || c1 < c0 {
                return Err(tf("sheet.err.xlsx", &[]));
            }
            let value = rows
                .binary_search_by_key(&r0, |row| row.n)
                .ok()
                .and_then(|i| rows[i].cells.get(c0).cloned())
                .unwrap_or_default();
            if value.is_empty() {
                continue;
            }
            for r in r0..=r1 {
                let i = match rows.binary_search_by_key(&r, |row| row.n) {
                    Ok(i) => i,
                    Err(i) => {
                        rows.insert(
                            i,
                            GridRow {
                                n: r,
                                cells: Vec::new(),
                            },
                        );
                        i
                    }
                };
                let row = &mut rows[i];
                if row.cells.len() <= c1 {
                    row.cells.resize(c1 + 1, String::new());
                }
                for cell in &mut row.cells[c0..=c1] {
                    if cell.is_empty() {
                        cell.clone_from(&value);
                    }
                }
            }
        }
    }
    Ok(rows)
}

/// What a sheet's XML holds, seen as it is unpacked: a formula (`<f>`), a merged area
/// (`<mergeCell `). (The XML escapes `<` in text, so a tag is what these are.)
#[derive(Default)]
struct Tags {
    formula: bool,
    merged: bool,
    /// the end of the bytes before, for a tag cut between two of them
    tail: Vec<u8>,
}

impl std::io::Write for Tags {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        const KEEP: usize = 11;
        let mut seen = std::mem::take(&mut self.tail);
        seen.extend_from_slice(buf);
        let has = |pat: &[u8]| seen.windows(pat.len()).any(|w| w == pat);
        self.formula = self.formula || has(b"<f>") || has(b"<f ");
        self.merged = self.merged || has(b"<mergeCell ");
        self.tail = seen[seen.len().saturating_sub(KEEP)..].to_vec();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A number as a spreadsheet shows it: whole numbers without a decimal point.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_told_apart() {
        let text = "案号,被告\n（2026）皖0104行初1号,合肥市公安局\n";
        assert_eq!(decode(text.as_bytes()).unwrap(), text);
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap(), text);
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode(&gbk).unwrap(), text);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16).unwrap(), text);
        // a byte sequence that is neither UTF-8 nor GB18030
        assert!(decode(b"\x81\x20\xff").is_err());
    }

    /// Rows are numbered as the spreadsheet numbers them, whatever the line ends: CRLF (what
    /// Excel and WPS write), LF or CR, and however many line breaks a quoted cell holds.
    #[test]
    fn rows_keep_their_numbers_whatever_the_line_ends() {
        let lf = "a,b\n\n\"x\ny\",z\n\n\nq\nr,s\n";
        let numbers =
            |text: &str| -> Vec<usize> { csv_rows(text).unwrap().iter().map(|r| r.n).collect() };
        let want = numbers(lf);
        assert_eq!(want, vec![1, 3, 6, 7]);
        assert_eq!(numbers(&lf.replace('\n', "\r\n")), want, "CRLF");
        assert_eq!(numbers(&lf.replace('\n', "\r")), want, "CR");
    }

    #[test]
    fn csv_rows_keep_their_numbers_and_tabs_are_found() {
        let rows = csv_rows("a,b\n\n\"x\ny\",z\n\n\nq").unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].cells, vec!["x\ny", "z"]);
        // a cell of two lines is one row
        assert_eq!((rows[0].n, rows[1].n, rows[2].n), (1, 3, 6));
        assert_eq!(csv_rows("a\n\nb\n").unwrap()[1].n, 3);
        let rows = csv_rows("案号\t被告\n1\t2\n").unwrap();
        assert_eq!(rows[0].cells, vec!["案号", "被告"]);
        assert_eq!(number(46329.0), "46329");
        assert_eq!(number(0.5), "0.5");
    }

    /// A schedule of exactly the most data rows is read whole, below a title and its header; one
    /// row more is refused, naming the limit.
    #[test]
    fn a_schedule_of_the_most_rows_is_read_and_one_more_is_refused() {
        crate::i18n::set_lang(crate::i18n::Lang::Zh);
        let dir = tempfile::tempdir().unwrap();
        let csv = |rows: usize| {
            let mut s = String::from(
                "开庭排期表,,,,,,,\n案号,案由,开庭日期,开庭时间,审判长,书记员,被告,法庭\n",
            );
            for i in 1..=rows {
                s.push_str(&format!(
                    "（2026）皖0104行初{i}号,不服行政处罚,2026-11-03,09:00,王法官,李书记,合肥市公安局,第三法庭\n"
                ));
            }
            s
        };
        let path = dir.path().join("排期.csv");
        std::fs::write(&path, csv(sheet::ROWS_MAX)).unwrap();
        let scope = crate::domain::scope::Scope::default();
        let read = schedule::read(&path, None, &scope).unwrap();
        assert_eq!(read.entries.len() + read.errors.len(), sheet::ROWS_MAX);
        assert!(read.errors.is_empty(), "{:?}", read.errors.first());
        std::fs::write(&path, csv(sheet::ROWS_MAX + 1)).unwrap();
        let e = schedule::read(&path, None, &scope).err().unwrap();
        assert!(
            e.contains("超过 100000 行") && e.contains("排期.csv"),
            "{e}"
        );
    }
}
