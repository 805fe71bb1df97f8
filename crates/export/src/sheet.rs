//! The evaluation sheet (评议表) of an appearance, for the case file: one A4 page each (longer only
//! when the notes need it), in the court's 公文 fonts — the title in 小标宋, the facts and the
//! marks in a ruled table in 仿宋, headings in 黑体 — and the signature lines of 审判长 and 书记员.
//! Several sheets (a month's, for archiving) go into one document, each on a page of its own.
//!
//! Plain data in, one file out: every text arrives in the reader's language, made by the app's
//! use case from the records; [`write`] only lays it out (every run through `gongwen::run`, which
//! passes it through `xml_safe`).

// (A4 with GB/T 9704's margins, in the 公文 writer's fonts)
use crate::gongwen::{FANGSONG, HEITI, MARGIN, PAGE, XIAOBIAOSONG, fonts, run};
use docx_rs::{
    AlignmentType, BorderType, Docx, PageMargin, Paragraph, Table, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableRow, WidthType,
};

/// One appearance's sheet, every text as printed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sheet {
    /// the court's name, over the title
    pub court: String,
    /// 行政机关负责人出庭应诉评议表
    pub title: String,
    /// （草稿） for a draft; empty otherwise
    pub mark: String,
    /// the facts: case, cause, date and courtroom, judge and clerk, agency, person, title and
    /// category, notification and reason — label and value
    pub facts: Vec<(String, String)>,
    /// a heading over the dimensions' table ("评议内容"); empty for an absence (no scores)
    pub marks_heading: String,
    /// the table's column heads: item, as marked, points, evidence
    pub columns: [String; 4],
    pub dimensions: Vec<Dimension>,
    /// the closing facts: total and grade, flags with their provisions, comment, performance,
    /// amendments, who finalized, the rubric — label and value
    pub closing: Vec<(String, String)>,
    /// "审判长：", "书记员：", "日期：" — each followed by a line to sign on
    pub signatures: Vec<String>,
}

/// A dimension with its items as marked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dimension {
    /// "庭审发言（35 分）"
    pub name: String,
    /// "得分 33" / "不适用（不计入）"
    pub score: String,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Item {
    pub label: String,
    /// "2 次", "是", "5 分"
    pub marked: String,
    /// "−4", "+5", "否决"
    pub points: String,
    /// the evidence: each live event and note ("00:12:35 法庭调查 记录：…")
    pub evidence: Vec<String>,
}

/// 小二, 小四, 五号 in half-points
const XIAOER: usize = 36;
const XIAOSI: usize = 24;
const WUHAO: usize = 21;
const WIDTH: usize = (PAGE.0 as i32 - MARGIN.2 - MARGIN.3) as usize;

fn para(text: &str, font: &str, size: usize) -> Paragraph {
    Paragraph::new().add_run(run(text, font, size))
}

fn centred(text: &str, font: &str, size: usize) -> Paragraph {
    para(text, font, size).align(AlignmentType::Center)
}

/// A cell of lines (each a paragraph), `width` twips wide, spanning `span` columns.
fn cell(lines: &[String], font: &str, width: usize, span: usize) -> TableCell {
    let mut c = TableCell::new().width(width, WidthType::Dxa);
    if span > 1 {
        c = c.grid_span(span);
    }
    if lines.is_empty() {
        return c.add_paragraph(para("", font, WUHAO));
    }
    lines
        .iter()
        .fold(c, |c, l| c.add_paragraph(para(l, font, WUHAO)))
}

fn ruled(rows: Vec<TableRow>, grid: Vec<usize>) -> Table {
    let border = |p| TableBorder::new(p).border_type(BorderType::Single).size(4);
    let borders = [
        TableBorderPosition::Top,
        TableBorderPosition::Bottom,
        TableBorderPosition::Left,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::new(), |b, p| b.set(border(p)));
    Table::new(rows)
        .set_grid(grid)
        .set_borders(borders)
        .width(WIDTH, WidthType::Dxa)
}

/// Label and value pairs, two to a row (a long value takes its row alone).
fn facts(pairs: &[(String, String)]) -> Table {
    // (a label of six characters on one line)
    let l = WIDTH * 2 / 9;
    let v = WIDTH / 2 - l;
    let mut rows = Vec::new();
    let mut i = 0;
    while i < pairs.len() {
        let (a, av) = &pairs[i];
        let next = pairs.get(i + 1);
        let long = |s: &str| s.chars().count() > 12;
        match next {
            Some((b, bv)) if !long(av) && !long(bv) => {
                rows.push(TableRow::new(vec![
                    cell(std::slice::from_ref(a), HEITI, l, 1),
                    cell(std::slice::from_ref(av), FANGSONG, v, 1),
                    cell(std::slice::from_ref(b), HEITI, l, 1),
                    cell(std::slice::from_ref(bv), FANGSONG, v, 1),
                ]));
                i += 2;
            }
            _ => {
                rows.push(TableRow::new(vec![
                    cell(std::slice::from_ref(a), HEITI, l, 1),
                    cell(std::slice::from_ref(av), FANGSONG, WIDTH - l, 3),
                ]));
                i += 1;
            }
        }
    }
    ruled(rows, vec![l, v, l, v])
}

/// The dimensions and their items: item, as marked, points, evidence.
fn marks(sheet: &Sheet) -> Table {
    let grid = vec![
        WIDTH * 7 / 25,
        WIDTH * 3 / 25,
        WIDTH * 2 / 25,
        WIDTH * 13 / 25,
    ];
    let mut rows = vec![TableRow::new(
        sheet
            .columns
            .iter()
            .zip(&grid)
            .map(|(h, w)| cell(std::slice::from_ref(h), HEITI, *w, 1))
            .collect(),
    )];
    for d in &sheet.dimensions {
        rows.push(TableRow::new(vec![
            cell(std::slice::from_ref(&d.name), HEITI, grid[0] + grid[1], 2),
            cell(std::slice::from_ref(&d.score), HEITI, grid[2] + grid[3], 2),
        ]));
        for it in &d.items {
            rows.push(TableRow::new(vec![
                cell(std::slice::from_ref(&it.label), FANGSONG, grid[0], 1),
                cell(std::slice::from_ref(&it.marked), FANGSONG, grid[1], 1),
                cell(std::slice::from_ref(&it.points), FANGSONG, grid[2], 1),
                cell(&it.evidence, FANGSONG, grid[3], 1),
            ]));
        }
    }
    ruled(rows, grid)
}

fn build(sheets: &[Sheet]) -> Docx {
    let (top, bottom, left, right) = MARGIN;
    let mut docx = Docx::new()
        .page_size(PAGE.0, PAGE.1)
        .page_margin(
            PageMargin::new()
                .top(top)
                .bottom(bottom)
                .left(left)
                .right(right),
        )
        .default_fonts(fonts(FANGSONG))
        .default_size(XIAOSI);
    for (n, s) in sheets.iter().enumerate() {
        let mut court = centred(&s.court, HEITI, XIAOSI);
        if n > 0 {
            court = court.page_break_before(true);
        }
        docx = docx
            .add_paragraph(court)
            .add_paragraph(centred(&s.title, XIAOBIAOSONG, XIAOER));
        if !s.mark.is_empty() {
            docx = docx.add_paragraph(centred(&s.mark, HEITI, XIAOSI));
        }
        docx = docx.add_table(facts(&s.facts));
        if !s.marks_heading.is_empty() {
            docx = docx
                .add_paragraph(para(&s.marks_heading, HEITI, XIAOSI))
                .add_table(marks(s));
        }
        docx = docx
            .add_paragraph(para("", FANGSONG, WUHAO))
            .add_table(facts(&s.closing))
            .add_paragraph(para("", FANGSONG, WUHAO));
        let signing: Vec<String> = s
            .signatures
            .iter()
            .map(|l| format!("{l}＿＿＿＿＿＿"))
            .collect();
        docx = docx.add_paragraph(para(&signing.join("　　"), FANGSONG, XIAOSI));
    }
    docx
}

/// Writes `sheets` into `file` as one .docx, each sheet from a new page (the caller opens the
/// file: where, and who may read it).
pub fn write(file: std::fs::File, sheets: &[Sheet]) -> std::io::Result<()> {
    build(sheets)
        .build()
        .pack(file)
        .map_err(|e| std::io::Error::other(e.to_string()))
}
