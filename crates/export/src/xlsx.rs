//! The batch as an Excel workbook, streamed with rust_xlsxwriter's constant-memory mode: summary
//! per government, agency ranking, all evaluations, the roll call of absences and flags,
//! corrections, and (for an upper court) a summary per court.

use super::columns;
use crate::domain::batch::BatchMeta;
use crate::domain::indicators::{Indicators, Kind, Report, Value};
use crate::domain::interchange::Corrections;
use crate::domain::rubric::Rubric;
use crate::i18n::prelude::*;
use crate::i18n::t;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use std::io::Write;
use std::path::Path;

fn io(e: XlsxError) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

struct Styles {
    header: Format,
    title: Format,
    percent: Format,
    score: Format,
}

fn styles() -> Styles {
    let base = Format::new().set_font_name("宋体");
    Styles {
        header: base
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center),
        title: base.clone().set_bold().set_font_size(14),
        percent: base.clone().set_num_format("0.0%"),
        score: base.set_num_format("0.0"),
    }
}

fn header_row(
    ws: &mut Worksheet,
    row: u32,
    headers: &[String],
    widths: &[f64],
    s: &Styles,
) -> Result<(), XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, h, &s.header)?;
        if let Some(w) = widths.get(c) {
            ws.set_column_width(c as u16, *w)?;
        }
    }
    ws.set_freeze_panes(row + 1, 0)?;
    Ok(())
}

fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: &Value,
    s: &Styles,
) -> Result<(), XlsxError> {
    match (v.kind, v.value) {
        (_, None) => ws.write_string(row, col, "—")?,
        (Kind::Count, Some(x)) => ws.write_number(row, col, x)?,
        (Kind::Rate, Some(x)) => ws.write_number_with_format(row, col, x, &s.percent)?,
        // the average as the notice prints it: rounded half up to a tenth
        (Kind::Average, Some(_)) => ws.write_number_with_format(
            row,
            col,
            v.text().parse::<f64>().unwrap_or_default(),
            &s.score,
        )?,
    };
    Ok(())
}

/// A rate or an average of the ranking, written as `write_value` writes indicators.
fn rank_value(kind: Kind, numerator: i64, denominator: i64) -> Value {
    Value {
        id: String::new(),
        label: String::new(),
        kind,
        numerator,
        denominator: Some(denominator),
        value: (denominator > 0).then(|| numerator as f64 / denominator as f64),
        provision: String::new(),
    }
}

/// Indicators as rows, one column per group (total first).
fn summary_sheet(
    ws: &mut Worksheet,
    title: &str,
    groups: &[(String, &Indicators)],
    rubric: &Rubric,
    s: &Styles,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, columns::safe(title), &s.title)?;
    let mut headers = vec![t("col.indicator").to_string()];
    headers.extend(groups.iter().map(|(g, _)| columns::safe(g)));
    let mut widths = vec![34.0];
    widths.extend(std::iter::repeat_n(18.0, groups.len()));
    header_row(ws, 2, &headers, &widths, s)?;
    let table: Vec<Vec<Value>> = groups.iter().map(|(_, i)| i.values(rubric)).collect();
    for (r, v) in table[0].iter().enumerate() {
        let row = 3 + r as u32;
        ws.write_string(row, 0, &v.label)?;
        for (c, col) in table.iter().enumerate() {
            write_value(ws, row, 1 + c as u16, &col[r], s)?;
        }
    }
    Ok(())
}

/// 指标说明: every indicator with its id, what it counts and the provision it rests on.
fn definitions_sheet(ws: &mut Worksheet, values: &[Value], s: &Styles) -> Result<(), XlsxError> {
    let headers: Vec<String> = [
        "col.indicator_id",
        "col.indicator",
        "col.definition",
        "col.provision",
    ]
    .iter()
    .map(|k| t(k).to_string())
    .collect();
    header_row(ws, 0, &headers, &[24.0, 44.0, 16.0, 60.0], s)?;
    for (r, v) in values.iter().enumerate() {
        let row = 1 + r as u32;
        ws.write_string(row, 0, &v.id)?;
        ws.write_string(row, 1, &v.label)?;
        ws.write_string(row, 2, t(&format!("kind.{}", kind_id(v.kind))))?;
        ws.write_string(row, 3, &v.provision)?;
    }
    Ok(())
}

/// 更正: each amendment of something an earlier batch reported (case, agency, field, old → new,
/// reason, confirmed by, date, the batch that reported it), then each earlier statement now wrong
/// and each indicator it changes.
fn corrections_sheet(
    ws: &mut Worksheet,
    c: &Corrections,
    rubric: &Rubric,
    s: &Styles,
) -> Result<(), XlsxError> {
    let headers: Vec<String> = [
        "col.case",
        "col.agency",
        "col.corrected",
        "col.old",
        "col.new",
        "col.reason",
        "col.amended_by",
        "col.amended_at",
        "col.reported_in",
    ]
    .iter()
    .map(|k| t(k).to_string())
    .collect();
    header_row(
        ws,
        0,
        &headers,
        &[24.0, 26.0, 20.0, 24.0, 24.0, 40.0, 12.0, 12.0, 12.0],
        s,
    )?;
    if c.is_empty() {
        ws.write_string(1, 0, t("xlsx.no_corrections"))?;
        return Ok(());
    }
    let mut row = 1u32;
    let mut put = |cells: [String; 9]| -> Result<(), XlsxError> {
        for (col, text) in cells.iter().enumerate() {
            ws.write_string(row, col as u16, columns::safe(text))?;
        }
        row += 1;
        Ok(())
    };
    use crate::domain::amend::{Field, value_label};
    for x in &c.corrections {
        let field = Field::parse(rubric, &x.field)
            .map(|f| f.label(rubric).text())
            .unwrap_or_else(|_| x.field.clone());
        put([
            x.case_number.clone(),
            x.agency.clone(),
            field,
            value_label(rubric, &x.field, &x.old).text(),
            value_label(rubric, &x.field, &x.new).text(),
            x.reason.clone(),
            x.by.clone(),
            x.at.get(..10).unwrap_or(&x.at).to_string(),
            x.reported_in.clone(),
        ])?;
    }
    for r in &c.restatements {
        put([
            r.case_number.clone(),
            r.agency.clone(),
            t(if r.later {
                "col.later"
            } else {
                "col.statement"
            })
            .to_string(),
            columns::statement_text(&r.was, rubric),
            columns::statement_text(&r.now, rubric),
            columns::why_text(&r.why, rubric),
            String::new(),
            String::new(),
            r.reported_in.clone(),
        ])?;
    }
    for i in &c.indicators {
        put([
            String::new(),
            String::new(),
            i.label.clone(),
            i.was.clone(),
            i.now.clone(),
            String::new(),
            String::new(),
            String::new(),
            i.batch.clone(),
        ])?;
    }
    Ok(())
}

fn kind_id(k: Kind) -> &'static str {
    match k {
        Kind::Count => "count",
        Kind::Rate => "rate",
        Kind::Average => "average",
    }
}

/// Rows of one of the streamed sheets (details, roll call, performance), written as SpreadsheetML
/// while the records pass — cells without a style, text inline, as rust_xlsxwriter's constant-memory
/// mode writes them — into an unnamed temporary file in the export's private folder. `finish` puts
/// them into the workbook rust_xlsxwriter makes around them (see [`splice`]). Written here, a cell
/// costs a few bytes of copying instead of a cell object, a sorted row map and a formatted write.
struct Rows {
    out: std::io::BufWriter<std::fs::File>,
    /// the row being built (written whole, and only if it has a cell)
    line: Vec<u8>,
    /// the next row's index (0-based; row 0, the header, is the frame's)
    next: u32,
    /// the last row and column a data cell took
    last: Option<(u32, u16)>,
}

/// Excel's limit on a cell's text, in UTF-16 units (rust_xlsxwriter refuses longer text).
const MAX_CELL_UTF16: usize = 32_767;

/// How hard the streamed sheets are compressed: zlib's level 1 writes them in a fraction of level
/// 6's time for a file about a third larger (the rest of the workbook keeps rust_xlsxwriter's 6).
const SHEET_LEVEL: i64 = 1;

impl Rows {
    fn new(dir: &Path) -> std::io::Result<Rows> {
        Ok(Rows {
            out: std::io::BufWriter::with_capacity(1 << 16, tempfile::tempfile_in(dir)?),
            line: Vec::with_capacity(2048),
            next: 1,
            last: None,
        })
    }

    /// A row of cells; numbers as numbers only when `numbers` (the roll call is all text).
    fn row(&mut self, cells: &[columns::Cell], numbers: bool) -> std::io::Result<()> {
        let row = self.next;
        self.next += 1;
        self.line.clear();
        let mut digits = itoa(u64::from(row) + 1);
        let r = digits.as_str().to_owned();
        let mut last_col = None;
        for (c, cell) in cells.iter().enumerate() {
            let col = c as u16;
            match cell.number.filter(|n| numbers && n.is_finite()) {
                Some(n) => {
                    self.cell_start(col, &r);
                    self.line.extend_from_slice(b"\"><v>");
                    number(&mut self.line, n, &mut digits);
                    self.line.extend_from_slice(b"</v></c>");
                }
                // an empty text is no cell (as rust_xlsxwriter writes it)
                None if cell.text.is_empty() => continue,
                None => {
                    let text = cell.text.as_ref();
                    if text.len() > MAX_CELL_UTF16 && text.encode_utf16().count() > MAX_CELL_UTF16 {
                        return Err(io(XlsxError::MaxStringLengthExceeded));
                    }
                    self.cell_start(col, &r);
                    self.line.extend_from_slice(b"\" t=\"inlineStr\"><is><t");
                    let ws = ['\t', '\n', ' '];
                    if text.starts_with(ws) || text.ends_with(ws) {
                        self.line.extend_from_slice(b" xml:space=\"preserve\"");
                    }
                    self.line.push(b'>');
                    escape(&mut self.line, text);
                    self.line.extend_from_slice(b"</t></is></c>");
                }
            }
            last_col = Some(col);
        }
        if let Some(col) = last_col {
            self.out.write_all(b"<row r=\"")?;
            self.out.write_all(r.as_bytes())?;
            self.out.write_all(b"\">")?;
            self.out.write_all(&self.line)?;
            self.out.write_all(b"</row>")?;
            let widest = self.last.map_or(col, |(_, c)| c.max(col));
            self.last = Some((row, widest));
        }
        Ok(())
    }

    /// `<c r="B12` (the caller closes the attribute).
    fn cell_start(&mut self, col: u16, row: &str) {
        self.line.extend_from_slice(b"<c r=\"");
        column_name(&mut self.line, col);
        self.line.extend_from_slice(row.as_bytes());
    }
}

/// A column's letters: A … Z, AA …
fn column_name(out: &mut Vec<u8>, col: u16) {
    let mut n = u32::from(col) + 1;
    let mut letters = [0u8; 4];
    let mut i = letters.len();
    while n > 0 {
        let rem = (n - 1) % 26;
        i -= 1;
        letters[i] = b'A' + rem as u8;
        n = (n - 1) / 26;
    }
    out.extend_from_slice(&letters[i..]);
}

/// Decimal digits of `n`.
struct Digits {
    buf: [u8; 20],
    at: usize,
}

impl Digits {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[self.at..]).unwrap_or_default()
    }
}

fn itoa(mut n: u64) -> Digits {
    let mut d = Digits {
        buf: [0; 20],
        at: 20,
    };
    loop {
        d.at -= 1;
        d.buf[d.at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return d;
        }
    }
}

/// A finite number as a cell value: a whole number in digits, any other the shortest text that
/// reads back as the same number.
fn number(out: &mut Vec<u8>, n: f64, digits: &mut Digits) {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        if n < 0.0 {
            out.push(b'-');
        }
        *digits = itoa(n.abs() as u64);
        out.extend_from_slice(digits.as_str().as_bytes());
    } else {
        out.extend_from_slice(n.to_string().as_bytes());
    }
}

/// Text for an element's content: `&`, `<` and `>` escaped, and a literal `_xHHHH_` kept literal
/// (Excel reads `_xHHHH_` as a character code, so its underscore is written `_x005F`), as
/// rust_xlsxwriter escapes it. (The cells carry no control characters: see `columns::safe`.)
fn escape(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let with: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'_' if is_char_escape(&bytes[i..]) => b"_x005F_",
            _ => continue,
        };
        out.extend_from_slice(&bytes[from..i]);
        out.extend_from_slice(with);
        from = i + 1;
    }
    out.extend_from_slice(&bytes[from..]);
}

/// `_xHHHH_` at the start of `s`.
fn is_char_escape(s: &[u8]) -> bool {
    s.len() >= 7 && s[1] == b'x' && s[6] == b'_' && s[2..6].iter().all(u8::is_ascii_hexdigit)
}

/// Writes to `path` the workbook `frame` (as rust_xlsxwriter saved it to memory, the streamed
/// sheets holding their header row only), each streamed sheet's rows put in before the end of its
/// `<sheetData>` and its dimension widened to them. The other parts are copied as they are
/// (compressed, with their fixed dates); the streamed sheets are compressed at [`SHEET_LEVEL`],
/// dated 1980-01-01 as rust_xlsxwriter dates its parts: the same records make the same bytes.
fn splice(frame: Vec<u8>, path: &Path, sheets: Vec<(usize, Rows)>) -> std::io::Result<()> {
    use std::io::{Read, Seek};
    let zerr = |e: zip::result::ZipError| std::io::Error::other(e.to_string());
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(frame)).map_err(zerr)?;
    let mut sheets: Vec<(String, Rows)> = sheets
        .into_iter()
        .map(|(n, rows)| (format!("xl/worksheets/sheet{n}.xml"), rows))
        .collect();
    let file = std::fs::File::create(path)?;
    let mut out = zip::ZipWriter::new(std::io::BufWriter::with_capacity(1 << 16, file));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(SHEET_LEVEL))
        .unix_permissions(0o600)
        .last_modified_time(zip::DateTime::default());
    for i in 0..src.len() {
        let name = src
            .by_index_raw(i)
            .map_err(zerr)?
            .name()
            .map_err(zerr)?
            .to_string();
        let Some(at) = sheets.iter().position(|(n, _)| *n == name) else {
            out.raw_copy_file(src.by_index_raw(i).map_err(zerr)?)
                .map_err(zerr)?;
            continue;
        };
        let (_, rows) = sheets.swap_remove(at);
        let mut xml = String::new();
        src.by_index(i).map_err(zerr)?.read_to_string(&mut xml)?;
        let end = xml
            .rfind("</sheetData>")
            .ok_or_else(|| std::io::Error::other(format!("{name}: no <sheetData>")))?;
        let (head, tail) = xml.split_at(end);
        let head = match rows.last {
            Some((row, col)) => widen(head, row, col),
            None => head.to_string(),
        };
        out.start_file(name.as_str(), options).map_err(zerr)?;
        out.write_all(head.as_bytes())?;
        let mut file = rows.out.into_inner().map_err(|e| e.into_error())?;
        file.rewind()?;
        std::io::copy(&mut file, &mut out)?;
        out.write_all(tail.as_bytes())?;
    }
    out.finish().map_err(zerr)?.flush()
}

/// A sheet's `<dimension ref="A1:S1"/>` widened to take in the last data row and column.
fn widen(head: &str, row: u32, col: u16) -> String {
    const AT: &str = "<dimension ref=\"";
    let Some(start) = head.find(AT).map(|i| i + AT.len()) else {
        return head.to_string();
    };
    let Some(len) = head[start..].find('"') else {
        return head.to_string();
    };
    let header_last = head[start..start + len]
        .rsplit(':')
        .next()
        .map(|cell| cell.trim_end_matches(|c: char| c.is_ascii_digit()))
        .map(|letters| {
            letters
                .bytes()
                .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
                .saturating_sub(1) as u16
        })
        .unwrap_or(0);
    let mut range = b"A1:".to_vec();
    column_name(&mut range, col.max(header_last));
    range.extend_from_slice(itoa(u64::from(row) + 1).as_str().as_bytes());
    format!(
        "{}{}{}",
        &head[..start],
        String::from_utf8_lossy(&range),
        &head[start + len..]
    )
}

/// A workbook written while the records stream by: the details, the roll call and the performance
/// sheet fill during the pass (see [`Rows`]); the rest, which needs the finished indicators, is
/// made at the end, and the sheets placed in their order.
pub struct Writer<'a> {
    details: Rows,
    rollcall: Rows,
    performance: Rows,
    dims: Vec<(String, String)>,
    rubric: &'a Rubric,
}

/// Where the streamed sheets stand in the workbook (rust_xlsxwriter names a sheet's part by its
/// place: `xl/worksheets/sheet3.xml`); `finish` pushes the sheets in this order.
const DETAILS_AT: usize = 3;
const ROLLCALL_AT: usize = 4;
const PERFORMANCE_AT: usize = 5;

impl<'a> Writer<'a> {
    /// A workbook whose streamed rows wait in `dir` (the export's private folder) until `finish`.
    pub fn new(rubric: &'a Rubric, dir: &Path) -> std::io::Result<Writer<'a>> {
        Ok(Writer {
            details: Rows::new(dir)?,
            rollcall: Rows::new(dir)?,
            performance: Rows::new(dir)?,
            dims: columns::dims(rubric),
            rubric,
        })
    }

    pub fn add(
        &mut self,
        r: &crate::domain::indicators::Record,
        d: &crate::domain::interchange::Detail,
    ) -> std::io::Result<()> {
        if let Some(row) = columns::detail_row(r, d, &self.dims, self.rubric) {
            self.details.row(&row.cells, true)?;
        }
        if let Some(row) = columns::performance_row(r, d, self.rubric) {
            self.performance.row(&row.cells, true)?;
        }
        if let Some(row) = columns::rollcall_row(r, d) {
            self.rollcall.row(&row.cells, false)?;
        }
        Ok(())
    }

    pub fn finish(
        self,
        path: &Path,
        meta: &BatchMeta,
        report: &Report,
        corrections: &Corrections,
        months: &[super::charts::MonthRates],
    ) -> std::io::Result<()> {
        let Writer {
            details: detail_rows,
            rollcall: rollcall_rows,
            performance: performance_rows,
            dims,
            rubric,
        } = self;
        let s = styles();
        let mut wb = Workbook::new();
        // the streamed sheets' frames: their header row, widths and frozen pane
        let mut details = wb.new_worksheet_with_constant_memory().map_err(io)?;
        let mut rollcall = wb.new_worksheet_with_constant_memory().map_err(io)?;
        let mut performance = wb.new_worksheet_with_constant_memory().map_err(io)?;
        details.set_name(t("sheet.details")).map_err(io)?;
        rollcall.set_name(t("sheet.rollcall")).map_err(io)?;
        performance.set_name(t("sheet.performance")).map_err(io)?;
        header_row(
            &mut performance,
            0,
            &columns::performance_headers(),
            columns::PERFORMANCE_WIDTHS,
            &s,
        )
        .map_err(io)?;
        header_row(
            &mut details,
            0,
            &columns::detail_headers(&dims),
            &columns::detail_widths(dims.len()),
            &s,
        )
        .map_err(io)?;
        header_row(
            &mut rollcall,
            0,
            &columns::rollcall_headers(),
            &[24.0, 11.0, 22.0, 26.0, 18.0, 16.0, 16.0, 28.0, 40.0, 6.0],
            &s,
        )
        .map_err(io)?;
        // the batch's own time, so a re-export is byte for byte the same
        let created = chrono::DateTime::parse_from_rfc3339(&meta.created_at)
            .map(|d| d.naive_utc())
            .unwrap_or_default();
        let created =
            ExcelDateTime::parse_from_str(&created.format("%Y-%m-%dT%H:%M:%S").to_string())
                .map_err(io)?;
        wb.set_properties(
            &DocProperties::new()
                .set_title(t("xlsx.title"))
                .set_author(&meta.court)
                .set_creation_datetime(&created),
        );
        let period = meta.period().title();
        // 1. summary: total and per recipient government
        let mut summary = wb.new_worksheet_with_constant_memory().map_err(io)?;
        summary.set_name(t("sheet.summary")).map_err(io)?;
        let mut groups = vec![(t("col.total_all").to_string(), &report.total)];
        groups.extend(report.by_government.iter().map(|(g, i)| (g.clone(), i)));
        summary_sheet(
            &mut summary,
            &format!("{} {}", meta.court, period.text()),
            &groups,
            rubric,
            &s,
        )
        .map_err(io)?;
        // 2. agencies, grouped by the government they report to, best first
        let mut ranking = wb.new_worksheet_with_constant_memory().map_err(io)?;
        ranking.set_name(t("sheet.ranking")).map_err(io)?;
        let headers: Vec<String> = [
            "col.government",
            "col.rank",
            "col.agency",
            "col.appearances",
            "col.evaluations",
            "col.average",
            "col.heads_rate",
            "col.flagged",
        ]
        .iter()
        .map(|k| t(k).to_string())
        .collect();
        header_row(
            &mut ranking,
            0,
            &headers,
            &[20.0, 6.0, 28.0, 10.0, 10.0, 10.0, 12.0, 10.0],
            &s,
        )
        .map_err(io)?;
        let mut row = 1;
        for (gov, ind) in &report.by_government {
            for (n, a) in ind.ranking.iter().enumerate() {
                ranking
                    .write_string(row, 0, columns::safe(gov))
                    .map_err(io)?;
                ranking.write_number(row, 1, (n + 1) as f64).map_err(io)?;
                ranking
                    .write_string(row, 2, columns::safe(&a.agency))
                    .map_err(io)?;
                ranking
                    .write_number(row, 3, a.appearances as f64)
                    .map_err(io)?;
                ranking
                    .write_number(row, 4, a.evaluations as f64)
                    .map_err(io)?;
                let average = a.average_tenths.unwrap_or_default();
                let scored = i64::from(a.average_tenths.is_some()) * 10;
                write_value(
                    &mut ranking,
                    row,
                    5,
                    &rank_value(Kind::Average, average, scored),
                    &s,
                )
                .map_err(io)?;
                let rate = a.heads_appeared;
                write_value(
                    &mut ranking,
                    row,
                    6,
                    &rank_value(Kind::Rate, rate.num as i64, rate.den as i64),
                    &s,
                )
                .map_err(io)?;
                ranking.write_number(row, 7, a.flagged as f64).map_err(io)?;
                row += 1;
            }
        }
        // 5. corrections: the amendments of what earlier batches reported, then what earlier
        //    notices stated that is no longer true
        let mut sheet = wb.new_worksheet_with_constant_memory().map_err(io)?;
        sheet.set_name(t("sheet.corrections")).map_err(io)?;
        corrections_sheet(&mut sheet, corrections, rubric, &s).map_err(io)?;
        // (in the places DETAILS_AT, ROLLCALL_AT and PERFORMANCE_AT say)
        wb.push_worksheet(summary);
        wb.push_worksheet(ranking);
        wb.push_worksheet(details);
        wb.push_worksheet(rollcall);
        wb.push_worksheet(performance);
        wb.push_worksheet(sheet);
        // 7. what every indicator means and the provision it rests on
        let mut definitions = wb.new_worksheet_with_constant_memory().map_err(io)?;
        definitions.set_name(t("sheet.definitions")).map_err(io)?;
        definitions_sheet(&mut definitions, &report.total.values(rubric), &s).map_err(io)?;
        wb.push_worksheet(definitions);
        // 6. an upper court's batch: one column per reporting court
        if report.by_court.len() > 1 {
            let mut courts = wb.new_worksheet_with_constant_memory().map_err(io)?;
            courts.set_name(t("sheet.courts")).map_err(io)?;
            let mut groups = vec![(t("col.total_all").to_string(), &report.total)];
            groups.extend(report.by_court.iter().map(|(g, i)| (g.clone(), i)));
            summary_sheet(
                &mut courts,
                &format!("{} {}", t("sheet.courts"), period.text()),
                &groups,
                rubric,
                &s,
            )
            .map_err(io)?;
            wb.push_worksheet(courts);
        }
        // 8. 图表: the rates by month, the grades, per government, as native charts (a plain
        //    sheet: a chart's cached values are read from its cells)
        let mut charts = Worksheet::new();
        let name = t("sheet.charts");
        charts.set_name(name).map_err(io)?;
        super::charts::sheet(
            &mut charts,
            name,
            &format!("{} {}", meta.court, period.text()),
            months,
            report,
            rubric,
        )
        .map_err(io)?;
        wb.push_worksheet(charts);
        let frame = wb.save_to_buffer().map_err(io)?;
        splice(
            frame,
            path,
            vec![
                (DETAILS_AT, detail_rows),
                (ROLLCALL_AT, rollcall_rows),
                (PERFORMANCE_AT, performance_rows),
            ],
        )
    }
}
