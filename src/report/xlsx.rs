//! The batch as an Excel workbook, streamed with rust_xlsxwriter's constant-memory mode: summary
//! per government, agency ranking, all evaluations, the roll call of absences and flags,
//! corrections, and (for an upper court) a summary per court.

use super::columns;
use crate::domain::indicators::{Indicators, Kind, Report, Value};
use crate::domain::interchange::Corrections;
use crate::domain::rubric::Rubric;
use crate::i18n::t;
use crate::store::batch::BatchMeta;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
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

/// A row of cells: numbers as numbers, the rest as text.
fn write_row(ws: &mut Worksheet, row: u32, cells: &columns::Row) -> std::io::Result<()> {
    for (c, cell) in cells.cells.iter().enumerate() {
        match cell.number {
            Some(n) => ws.write_number(row, c as u16, n),
            None => ws.write_string(row, c as u16, &cell.text),
        }
        .map_err(io)?;
    }
    Ok(())
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
            .map(|f| f.label(rubric))
            .unwrap_or_else(|_| x.field.clone());
        put([
            x.case_number.clone(),
            x.agency.clone(),
            field,
            value_label(rubric, &x.field, &x.old),
            value_label(rubric, &x.field, &x.new),
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
            t("col.statement").to_string(),
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

/// A workbook written while the records stream by: the details and the roll call fill during the
/// pass; the summary sheets, which need the finished indicators, are added at the end and placed
/// first.
pub struct Writer<'a> {
    wb: Workbook,
    details: Worksheet,
    rollcall: Worksheet,
    performance: Worksheet,
    rows: (u32, u32, u32),
    dims: Vec<(String, String)>,
    rubric: &'a Rubric,
    styles: Styles,
}

impl<'a> Writer<'a> {
    pub fn new(rubric: &'a Rubric) -> std::io::Result<Writer<'a>> {
        let s = styles();
        let mut wb = Workbook::new();
        let dims = columns::dims(rubric);
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
        Ok(Writer {
            wb,
            details,
            rollcall,
            performance,
            rows: (1, 1, 1),
            dims,
            rubric,
            styles: s,
        })
    }

    pub fn add(
        &mut self,
        r: &crate::domain::indicators::Record,
        d: &crate::store::batch::Detail,
    ) -> std::io::Result<()> {
        if let Some(row) = columns::detail_row(r, d, &self.dims, self.rubric) {
            write_row(&mut self.details, self.rows.0, &row)?;
            self.rows.0 += 1;
        }
        if let Some(row) = columns::performance_row(r, d, self.rubric) {
            write_row(&mut self.performance, self.rows.2, &row)?;
            self.rows.2 += 1;
        }
        if let Some(cells) = columns::rollcall_row(r, d) {
            for (c, cell) in cells.cells.iter().enumerate() {
                self.rollcall
                    .write_string(self.rows.1, c as u16, &cell.text)
                    .map_err(io)?;
            }
            self.rows.1 += 1;
        }
        Ok(())
    }

    pub fn finish(
        self,
        path: &Path,
        meta: &BatchMeta,
        report: &Report,
        corrections: &Corrections,
    ) -> std::io::Result<()> {
        let Writer {
            mut wb,
            details,
            rollcall,
            performance,
            rubric,
            styles: s,
            ..
        } = self;
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
            &format!("{} {period}", meta.court),
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
                &format!("{} {period}", t("sheet.courts")),
                &groups,
                rubric,
                &s,
            )
            .map_err(io)?;
            wb.push_worksheet(courts);
        }
        wb.save(path).map_err(io)
    }
}
