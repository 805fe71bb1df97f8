//! A typed Chinese official document (公文) written as .docx after GB/T 9704-2012: A4 with the
//! standard's margins, 22 lines of 28 characters (三号 仿宋 on a fixed 28 pt line), the red
//! 发文机关标志 and 发文字号 over a red 分隔线 (or, for a 函, the 信函格式's header: see [`Form`]),
//! 标题, 主送, the body with its three heading
//! levels, 附件说明, 署名 and 成文日期, the 版记 between its rules at the foot of the last page,
//! an even one (see `pages`), and the page number "— N —" (odd pages right, even pages left,
//! one character in).
//!
//! Plain data in, one file out: [`write`] is the only function that touches the disk. Every text
//! is passed through [`xml_safe`], so no content can make the file invalid.

use docx_rs::{
    AlignmentType, BorderType, DocGrid, Docx, FieldCharType, Footer, Header, InstrPAGE, InstrText,
    LineSpacing, LineSpacingType, PageMargin, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Run, RunFonts, SpecialIndentType, Tab, TabValueType, Table, TableCell,
    TableCellMargins, TablePositionProperty, TableRow, WidthType,
};
use pages::Para;
use std::path::Path;

mod pages;

/// Which of GB/T 9704's forms a document takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Form {
    /// 文件格式, as for a 通报: the mark 35 mm under the 版心's top, the 发文字号 centred over a red
    /// line, page numbers from the first page, the 版记 between its rules.
    #[default]
    File,
    /// 信函格式 (§10.1), as for a 函: the mark 30 mm from the page's top over a red double line,
    /// the 发文字号 flush right under it, a red double line 20 mm from the first page's foot and
    /// no page number there, and a 版记 of 抄送 alone, without rules, 印发机关 or 印发日期.
    Letter,
}

/// One document; an empty field leaves its element out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Gongwen {
    pub form: Form,
    /// 发文机关标志, e.g. "合肥市蜀山区人民法院": red 小标宋, centered, sized to fit one line.
    pub issuer_mark: String,
    /// 发文字号, e.g. "蜀法〔2026〕3号": centered two lines under the mark, over the red line (in a
    /// letter: flush right under the double line).
    pub doc_number: String,
    /// 标题: 二号 小标宋, centered, two lines under the red line.
    pub title: String,
    /// 主送机关, e.g. "蜀山区人民政府、蜀山区司法局：": flush left, one line under the title.
    pub main_recipients: String,
    pub body: Vec<Block>,
    /// 附件说明, one name each: "附件：1.…" and the next numbers under the first.
    pub attachments: Vec<String>,
    /// 发文机关署名, 右空四字.
    pub signature: String,
    /// 成文日期, e.g. "2026年12月1日", 右空四字 on the line after the signature.
    pub date: String,
    /// 版记: 抄送机关, written "抄送：A，B。".
    pub cc: Vec<String>,
    /// 版记: 印发机关, left (左空一字); not in a letter.
    pub printer: String,
    /// 版记: 印发日期 as printed, e.g. "2026年12月1日印发", right (右空一字) on the printer's line;
    /// not in a letter.
    pub print_date: String,
}

/// A paragraph of the body; each is indented two characters on its first line.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// 一级标题 "一、…": 黑体.
    H1(String),
    /// 二级标题 "（一）…": 楷体.
    H2(String),
    /// 三级标题 "1.…": bold 仿宋.
    H3(String),
    /// 正文: 仿宋, justified.
    Para(String),
}

pub(crate) const FANGSONG: &str = "仿宋_GB2312";
pub(crate) const HEITI: &str = "黑体";
const KAITI: &str = "楷体_GB2312";
pub(crate) const XIAOBIAOSONG: &str = "方正小标宋简体";
const SONGTI: &str = "宋体";
const RED: &str = "FF0000";

/// Font sizes in half-points: 二号, 三号, 四号, and the largest 发文机关标志 (初号).
const ERHAO: usize = 44;
const SANHAO: usize = 32;
const SIHAO: usize = 28;
const MARK_MAX: usize = 84;

/// Page geometry in twips: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the text
/// width between them; the footer 22 mm from the bottom edge, so "— N —" starts 7 mm under the
/// text block.
pub(crate) const PAGE: (u32, u32) = (11906, 16838);
pub(crate) const MARGIN: (i32, i32, i32, i32) = (2098, 1984, 1588, 1474);
const TEXT_WIDTH: i32 = PAGE.0 as i32 - MARGIN.2 - MARGIN.3;
const FOOTER_DISTANCE: i32 = 1247;
/// `n` millimetres in twips (1440 to the inch of 25.4 mm), rounded.
const fn mm(n: i32) -> i32 {
    (n * 14400 + 127) / 254
}
/// §7.2.4: the 发文机关标志's top edge 35 mm under the 版心's top edge (of a 下行文 or 平行文).
const MARK_GAP: i32 = mm(35);
/// 信函格式 (§10.1): the mark's top edge 30 mm from the page's top (the first page's header is
/// set that far down), the red double lines 170 mm long (7 mm past the 156 mm 版心 on each
/// side), the first 4 mm under the mark (11 pt: a border's spacing is whole points), the second
/// 20 mm from the page's foot (the footer's distance), each a 2.25 pt thick line over or under a
/// thin one (LibreOffice draws the pair 4 pt tall, measured); the 发文字号 7/8 of a 三号
/// character (14 pt) under the first.
const LETTER_TOP: i32 = mm(30);
const LETTER_FOOT: i32 = mm(20);
const OVERHANG: i32 = mm(7);
const LETTER_GAP: usize = 11;
const DOUBLE: usize = 18;
const DOUBLE_HEIGHT: i32 = 80;
const SEVEN_EIGHTHS: i32 = 280;
/// The height of the text block, 225 mm: 22 lines of 28 pt and 436 twips to spare.
const BLOCK: i32 = PAGE.1 as i32 - MARGIN.0 - MARGIN.1;
/// The title's exact line (二号 on 35 pt), and the 1 pt line of an empty paragraph that only holds
/// a rule, a table's anchor or a page break.
const TITLE_LINE: i32 = 700;
const HAIRLINE: i32 = 20;
/// The fixed 28 pt line, one 三号 and one 四号 character.
const LINE: i32 = 560;
const CHAR: i32 = 320;
const SMALL_CHAR: i32 = 280;
/// −0.25 pt between characters, so 28 三号 characters fill the 156 mm line (27 would otherwise).
const TRACKING: i32 = -5;
/// Rule widths in eighths of a point: the red line, and the thick and thin 版记 rules (0.35 mm
/// and 0.25 mm in the standard).
const RED_RULE: usize = 12;
const THICK: usize = 8;
const THIN: usize = 6;

/// `text` without the characters XML 1.0 forbids (controls other than tab and newline, U+FFFE,
/// U+FFFF). docx-rs then drops the newlines itself.
pub fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
                || c >= '\u{10000}'
        })
        .collect()
}

/// `name` for East Asian and Latin text alike.
pub(crate) fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(name)
        .ascii(name)
        .hi_ansi(name)
        .hint("eastAsia")
}

/// A run of `text` in `font` at `size` half-points.
pub(crate) fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new()
        .add_text(xml_safe(text))
        .size(size)
        .fonts(fonts(font))
}

fn exact(twips: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(twips)
}

/// An empty line.
fn blank() -> Laid {
    (line("", FANGSONG, SANHAO), on_lines("", SANHAO, 0, 0, 0))
}

/// A paragraph of one run on the fixed 28 pt line.
fn line(text: &str, font: &str, size: usize) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, font, size))
        .line_spacing(exact(LINE))
}

/// `p` kept on the page of the next paragraph, and whole. LibreOffice never splits a paragraph it
/// keeps with the next (its whole text goes down with it); Word would, unless told to keep its
/// lines together: told so, both set the same pages.
fn kept((p, at): Laid) -> Laid {
    let at = Para {
        keep_next: true,
        ..at
    };
    (p.keep_next(true).keep_lines(true), at)
}

/// Indents in twips; a negative `first` hangs the first line out by that much.
fn indent(p: Paragraph, left: i32, first: i32, right: i32) -> Paragraph {
    let first = if first < 0 {
        SpecialIndentType::Hanging(-first)
    } else {
        SpecialIndentType::FirstLine(first)
    };
    p.indent(Some(left), Some(first), Some(right), None)
}

/// `p` with a single rule `space` points under its text and no other border.
fn rule_under(p: Paragraph, size: usize, space: usize, color: &str) -> Paragraph {
    border_under(p, BorderType::Single, size, space, color)
}

/// `p` with a rule of `style` `space` points under its text and no other border.
fn border_under(
    mut p: Paragraph,
    style: BorderType,
    size: usize,
    space: usize,
    color: &str,
) -> Paragraph {
    let border = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
        .val(style)
        .size(size)
        .space(space)
        .color(color);
    // `set_border` would start from a box of four thin lines
    let borders = ParagraphBorders::with_empty().set(border);
    p.property = p.property.set_borders(borders);
    p
}

/// Width of `text` in twips as printed at 三号: 315 twips a full-width character, 155 a narrow
/// one, 70 where Chinese meets Latin.
fn width(text: &str) -> i32 {
    pages::width(&xml_safe(text), SANHAO)
}

/// A paragraph of the body, and what the page counter needs of it.
type Laid = (Paragraph, Para);

/// What the page counter needs of a paragraph of `text` at `size` half-points on the 28 pt line,
/// `left` and `right` twips in, its first line `first` further in.
fn on_lines(text: &str, size: usize, left: i32, first: i32, right: i32) -> Para {
    let width = TEXT_WIDTH - left - right;
    Para {
        before: 0,
        lines: pages::lines(&xml_safe(text), size, width, first),
        line: LINE,
        after: 0,
        keep_next: false,
    }
}

/// The 发文机关标志's size: as large as fits on one line, up to 初号.
fn mark_size(mark: &str) -> usize {
    let cells: i32 = mark.chars().map(pages::halves).sum();
    let chars = ((cells + 1) / 2).max(1) as usize;
    (TEXT_WIDTH as usize / 10 / chars).clamp(SANHAO, MARK_MAX)
}

/// The 发文机关标志: red, centred, as large as fits, on a line exactly as tall as its characters
/// (an em: size / 2 pt = size × 10 twips), so the line's top is the characters' top; and the em.
fn mark(text: &str) -> (Paragraph, i32) {
    let size = mark_size(text);
    let em = size as i32 * 10;
    let p = Paragraph::new()
        .add_run(run(text, XIAOBIAOSONG, size).color(RED))
        .line_spacing(exact(em))
        .align(AlignmentType::Center);
    (p, em)
}

/// How tall a rule of `size` eighths of a point is, in twips.
fn rule_height(size: usize) -> i32 {
    size as i32 * 20 / 8
}

/// The 版头: mark, number over the red line (in a letter, the first page's header holds them),
/// title and 主送.
fn head(doc: &Gongwen) -> Vec<Laid> {
    let mut out = Vec::new();
    let file = doc.form == Form::File;
    if file && !doc.issuer_mark.is_empty() {
        // its top edge 35 mm under the 版心's top edge (the top margin, 37 mm): 35 mm = 1984 twips
        // of spacing before its line, which is one em tall, so the characters' top is 37 + 35 =
        // 72 mm from the page's top; the 发文字号 two lines under it
        let (mark, em) = mark(&doc.issuer_mark);
        let mark = mark.line_spacing(exact(em).before(MARK_GAP as u32).after(2 * LINE as u32));
        let at = Para {
            before: MARK_GAP,
            lines: 1,
            line: em,
            after: 2 * LINE,
            keep_next: false,
        };
        out.push((mark, at));
    }
    if file && (!doc.issuer_mark.is_empty() || !doc.doc_number.is_empty()) {
        let number = line(&doc.doc_number, FANGSONG, SANHAO).align(AlignmentType::Center);
        // the rule 6 pt under the line and its own width under that
        let at = Para {
            after: 6 * 20 + rule_height(RED_RULE),
            ..on_lines(&doc.doc_number, SANHAO, 0, 0, 0)
        };
        out.push((rule_under(number, RED_RULE, 6, RED), at));
    }
    if !doc.title.is_empty() {
        let title = Paragraph::new()
            .add_run(run(&doc.title, XIAOBIAOSONG, ERHAO))
            .line_spacing(exact(TITLE_LINE).before(2 * LINE as u32).after(LINE as u32));
        let at = Para {
            before: 2 * LINE,
            lines: pages::lines(&xml_safe(&doc.title), ERHAO, TEXT_WIDTH, 0),
            line: TITLE_LINE,
            after: LINE,
            keep_next: false,
        };
        out.push((title.align(AlignmentType::Center), at));
    }
    if !doc.main_recipients.is_empty() {
        let at = on_lines(&doc.main_recipients, SANHAO, 0, 0, 0);
        out.push((line(&doc.main_recipients, FANGSONG, SANHAO), at));
    }
    out
}

/// A letter's 版头 in its first page's header, set 30 mm from the page's top: the mark on a line
/// one em tall (its top edge the header's top), the red double line (thick over thin) 4 mm under
/// it, the 发文字号 flush with the 版心's right edge 14 pt under the line, on a line one 三号 em
/// tall. With how far down the page the header ends, in twips: the body starts there.
fn letter_head(doc: &Gongwen) -> Option<(Header, i32)> {
    let mut header = Header::new();
    let mut bottom = LETTER_TOP;
    if doc.issuer_mark.is_empty() && doc.doc_number.is_empty() {
        return None;
    }
    if !doc.issuer_mark.is_empty() {
        let (mark, em) = mark(&doc.issuer_mark);
        let mark = border_under(mark, BorderType::ThickThinSmallGap, DOUBLE, LETTER_GAP, RED);
        header = header.add_paragraph(indent(mark, -OVERHANG, 0, -OVERHANG));
        bottom += em + LETTER_GAP as i32 * 20 + DOUBLE_HEIGHT;
    }
    if !doc.doc_number.is_empty() {
        let number = Paragraph::new()
            .add_run(run(&doc.doc_number, FANGSONG, SANHAO))
            .line_spacing(exact(CHAR).before(SEVEN_EIGHTHS as u32))
            .align(AlignmentType::Right);
        header = header.add_paragraph(number);
        bottom += SEVEN_EIGHTHS + CHAR;
    }
    Some((header, bottom))
}

/// A letter's first footer: the red double line (thin over thick) 20 mm from the page's foot,
/// 170 mm long, and no page number.
fn letter_foot() -> Footer {
    let p = Paragraph::new()
        .add_run(run("", FANGSONG, 2))
        .line_spacing(exact(HAIRLINE));
    let p = border_under(p, BorderType::ThinThickSmallGap, DOUBLE, 0, RED);
    Footer::new().add_paragraph(indent(p, -OVERHANG, 0, -OVERHANG))
}

/// A body paragraph, two characters in; headings keep with what follows them.
fn block(b: &Block) -> Laid {
    let (p, text) = match b {
        Block::H1(t) => (line(t, HEITI, SANHAO), t),
        Block::H2(t) => (line(t, KAITI, SANHAO), t),
        Block::H3(t) => (
            Paragraph::new()
                .add_run(run(t, FANGSONG, SANHAO).bold())
                .line_spacing(exact(LINE)),
            t,
        ),
        Block::Para(t) => (line(t, FANGSONG, SANHAO), t),
    };
    let p = indent(p, 0, 2 * CHAR, 0).align(AlignmentType::Justified);
    let laid = (p, on_lines(text, SANHAO, 0, 2 * CHAR, 0));
    match b {
        Block::Para(_) => laid,
        _ => kept(laid),
    }
}

/// 附件说明 after a blank line: "附件：1.名称", the next numbers under the first, wrapped lines
/// under the first character of the name; a single attachment has no number.
fn attachments(names: &[String]) -> Vec<Laid> {
    let label = width("附件：");
    let items = names.iter().enumerate().map(|(i, name)| {
        let number = match names.len() {
            1 => String::new(),
            _ => format!("{}.", i + 1),
        };
        let (prefix, hang) = match i {
            0 => ("附件：", label + width(&number)),
            _ => ("", width(&number)),
        };
        let text = format!("{prefix}{number}{name}");
        let left = 2 * CHAR + label + width(&number);
        let p = indent(line(&text, FANGSONG, SANHAO), left, -hang, 0);
        (p, on_lines(&text, SANHAO, left, -hang, 0))
    });
    std::iter::once(blank()).chain(items).collect()
}

/// The right indents of 署名 and 成文日期 on a sealed document (§7.3.5.1): the date 右空四字, the
/// signature centred over it — its centre, TEXT_WIDTH − right − width / 2, the date's — so its
/// right indent is the date's plus half of what the date is wider. A signature too long for that
/// stays inside the text block.
fn signature_indents(signature: &str, date: &str) -> (i32, i32) {
    let date_right = 4 * CHAR;
    if date.is_empty() {
        return (date_right, date_right);
    }
    let centred = date_right + (width(date) - width(signature)) / 2;
    (centred.max(0), date_right)
}

/// Two blank lines (room for the seal), then 署名 centred over 成文日期, which is 右空四字, kept
/// together. The date is not kept with what follows: the 版记 finds its own page.
fn signature(doc: &Gongwen) -> Vec<Laid> {
    let (signature_right, date_right) = signature_indents(&doc.signature, &doc.date);
    let lines = [(&doc.signature, signature_right), (&doc.date, date_right)]
        .into_iter()
        .filter(|(t, _)| !t.is_empty())
        .map(|(t, right)| {
            let p = indent(line(t, FANGSONG, SANHAO), 0, 0, right).align(AlignmentType::Right);
            (p, on_lines(t, SANHAO, 0, 0, right))
        });
    let mut out: Vec<Laid> = [blank(), blank()].into_iter().chain(lines).collect();
    let date = out.pop();
    out.into_iter().map(kept).chain(date).collect()
}

/// The 版记 (四号): a thick rule, "抄送：…。", a thin rule, printer and print date on one line,
/// a thick rule. The rules are hairline paragraphs with a bottom border, so they span the text
/// width while the text keeps its one-character margins. All of it sits in a borderless one-cell
/// table floating at the foot of the text block, so its last rule is the page's last line. With
/// the table, its height in twips.
fn imprint(doc: &Gongwen) -> Option<(Table, i32)> {
    if doc.form == Form::Letter {
        return letter_imprint(doc);
    }
    if doc.cc.is_empty() && doc.printer.is_empty() && doc.print_date.is_empty() {
        return None;
    }
    // a hairline is 1 pt and its rule, sz eighths of a point, under it
    let hairline = |size| {
        let p = Paragraph::new()
            .add_run(run("", FANGSONG, 2))
            .line_spacing(exact(HAIRLINE));
        rule_under(p, size, 0, "000000")
    };
    let rule = |size: usize| HAIRLINE + rule_height(size);
    let mut cell = TableCell::new().add_paragraph(hairline(THICK));
    let mut height = rule(THICK);
    if !doc.cc.is_empty() {
        let (cc, lines) = cc(doc);
        height += lines as i32 * LINE + rule(THIN);
        cell = cell.add_paragraph(cc).add_paragraph(hairline(THIN));
    }
    height += LINE + rule(THICK);
    let printed = Paragraph::new()
        .add_run(run(&format!("　{}", doc.printer), FANGSONG, SIHAO))
        .add_run(Run::new().add_tab())
        .add_run(run(&format!("{}　", doc.print_date), FANGSONG, SIHAO))
        .add_tab(Tab::new().val(TabValueType::Right).pos(TEXT_WIDTH as usize))
        .line_spacing(exact(LINE));
    let cell = cell
        .add_paragraph(printed)
        .add_paragraph(hairline(THICK))
        .width(TEXT_WIDTH as usize, WidthType::Dxa);
    Some((at_foot(cell), height))
}

/// A letter's 版记: "抄送：…。" alone, without rules, at the foot of the last page (§10.1).
fn letter_imprint(doc: &Gongwen) -> Option<(Table, i32)> {
    if doc.cc.is_empty() {
        return None;
    }
    let (cc, lines) = cc(doc);
    let cell = TableCell::new()
        .add_paragraph(cc)
        .width(TEXT_WIDTH as usize, WidthType::Dxa);
    Some((at_foot(cell), lines as i32 * LINE))
}

/// "　抄送：A，B。" in 四号, wrapped lines under the first name; and how many lines it takes.
fn cc(doc: &Gongwen) -> (Paragraph, usize) {
    let text = format!("　抄送：{}。", doc.cc.join("，"));
    let (left, first, right) = (4 * SMALL_CHAR, -4 * SMALL_CHAR, SMALL_CHAR);
    let p = indent(line(&text, FANGSONG, SIHAO), left, first, right);
    (p, on_lines(&text, SIHAO, left, first, right).lines)
}

/// A borderless one-cell table holding `cell`, floating at the foot of the text block. It is
/// placed from the page's left edge: LibreOffice keeps a table as wide as the text inline unless
/// it is positioned relative to the page.
fn at_foot(cell: TableCell) -> Table {
    let position = TablePositionProperty::new()
        .horizontal_anchor("page")
        .position_x(MARGIN.2)
        .vertical_anchor("margin")
        .position_y_alignment("bottom");
    Table::without_borders(vec![TableRow::new(vec![cell])])
        .set_grid(vec![TEXT_WIDTH as usize])
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
        .position(position)
}

/// How many page breaks go before the 版记 so that it stands at the foot of an even page, the
/// back of the last sheet when printed on both sides (§5.2): none when the text ends on an
/// even page with room under it for the 版记 (and its 1 pt anchor), one when the text ends on an
/// odd page (the 版记 then stands alone on the even page after it), two when it ends on an even
/// page too full for it (a blank odd page, then the 版记). Left alone, the floating 版记 would
/// stand at the foot of the text's last page when it fits there, else on the next.
fn breaks_before_imprint(end: pages::End, height: i32) -> usize {
    let fits = end.used + HAIRLINE + height <= end.room;
    match (end.page.is_multiple_of(2), fits) {
        (true, true) => 0,
        (false, _) => 1,
        (true, false) => 2,
    }
}

/// "— N —" in 四号 宋体, one character in from the right (odd pages) or left (even pages),
/// `lift` twips over the footer's foot.
fn page_number(odd: bool, lift: i32) -> Footer {
    let field = Run::new()
        .size(SIHAO)
        .fonts(fonts(SONGTI))
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    let mut p = Paragraph::new()
        .add_run(run("— ", SONGTI, SIHAO))
        .add_run(field)
        .add_run(run(" —", SONGTI, SIHAO));
    if lift > 0 {
        p = p.line_spacing(LineSpacing::new().after(lift as u32));
    }
    Footer::new().add_paragraph(if odd {
        indent(p, 0, 0, SMALL_CHAR).align(AlignmentType::Right)
    } else {
        indent(p, SMALL_CHAR, 0, 0).align(AlignmentType::Left)
    })
}

/// The document's paragraphs before the 版记: 版头, body, 附件说明, signature and date.
fn text(doc: &Gongwen) -> Vec<Laid> {
    let mut paragraphs = head(doc);
    paragraphs.extend(doc.body.iter().map(block));
    if !doc.attachments.is_empty() {
        paragraphs.extend(attachments(&doc.attachments));
    }
    if !doc.signature.is_empty() || !doc.date.is_empty() {
        // the seal's top must be within a line of the text (§7.3.5.1), so the last paragraph of
        // text (an attachment's name, or a closing sentence: a line or two) goes with the
        // signature: no page of a signature alone
        if let Some(last) = paragraphs.pop() {
            paragraphs.push(kept(last));
        }
        paragraphs.extend(signature(doc));
    }
    paragraphs
}

fn build(doc: &Gongwen) -> Docx {
    let (top, bottom, left, right) = MARGIN;
    let letter = match doc.form {
        Form::Letter => letter_head(doc),
        Form::File => None,
    };
    // a letter's first footer is 20 mm from the foot, for its red line; the page numbers then sit
    // 2 mm over it, where they are in a 文件格式
    let (footer, lift) = match doc.form {
        Form::Letter => (LETTER_FOOT, FOOTER_DISTANCE - LETTER_FOOT),
        Form::File => (FOOTER_DISTANCE, 0),
    };
    let margins = PageMargin::new()
        .top(top)
        .bottom(bottom)
        .left(left)
        .right(right)
        .header(if letter.is_some() { LETTER_TOP } else { 851 })
        .footer(footer);
    let mut docx = Docx::new()
        .page_size(PAGE.0, PAGE.1)
        .page_margin(margins)
        .default_fonts(fonts(FANGSONG))
        .default_size(SANHAO)
        .default_spacing(TRACKING)
        .footer(page_number(true, lift))
        .even_footer(page_number(false, lift));
    // the text of a letter's first page starts under its header (Word and LibreOffice both push
    // it down when a header runs past the top margin)
    let mut first_page = BLOCK;
    if doc.form == Form::Letter {
        docx = docx.first_footer(letter_foot());
        if let Some((header, end)) = letter {
            docx = docx.first_header(header);
            first_page -= (end - top).max(0);
        }
    }
    // no document grid: LibreOffice would snap every line to its rows
    docx.document = docx.document.doc_grid(DocGrid::with_empty());
    let (paragraphs, laid): (Vec<Paragraph>, Vec<Para>) = text(doc).into_iter().unzip();
    // no widow or orphan control: a page holds its 22 lines, 撑满版心 (§5.2), and a paragraph
    // breaks wherever the page ends. (Without w:widowControl LibreOffice keeps two lines together
    // at either end of a page, which with the headings kept with their paragraph left three to
    // five empty lines at the foot of a page.)
    docx = paragraphs
        .into_iter()
        .map(|p| p.widow_control(false))
        .fold(docx, Docx::add_paragraph);
    if let Some((table, height)) = imprint(doc) {
        // empty paragraphs that start a page: both programs honour them, and the table after
        // them floats to the foot of the page they start (a break inside the paragraph before
        // the table would leave it on the old page in LibreOffice)
        let end = pages::end(&laid, first_page, BLOCK);
        for _ in 0..breaks_before_imprint(end, height) {
            let page = Paragraph::new()
                .line_spacing(exact(HAIRLINE))
                .page_break_before(true);
            docx = docx.add_paragraph(page);
        }
        // the table's anchor; a body ends with a paragraph anyway
        let anchor = Paragraph::new().line_spacing(exact(HAIRLINE));
        docx = docx.add_table(table).add_paragraph(anchor);
    }
    docx
}

/// Writes `doc` to `path` as .docx.
pub fn write(path: &Path, doc: &Gongwen) -> std::io::Result<()> {
    write_to(std::fs::File::create(path)?, doc)
}

/// Writes `doc` as .docx into a file opened by the caller (made with its modes).
pub fn write_to(file: std::fs::File, doc: &Gongwen) -> std::io::Result<()> {
    build(doc)
        .build()
        .pack(file)
        .map_err(|e| std::io::Error::other(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// Three pages and a half: headings of each level, paragraphs, two attachments, the 版记.
    fn sample() -> Gongwen {
        let text = "本院对辖区内行政机关负责人出庭应诉情况进行了统计和评查。各单位高度重视，负责人出庭率\
                    稳步提高，出庭、出声、出效果的要求逐步落实，依法行政水平不断提升，但仍有个别单位存在\
                    出庭不出声、委托他人代为出庭等情况，需要进一步加以改进。";
        let p = |n: usize| Block::Para(format!("第{n}段：{text}"));
        let control = "控制字符\u{1}\u{b}\u{1f}与\u{fffe}\u{ffff}去除，<标记>与&照常。";
        let mut body = vec![
            Block::H1("一、总体情况".into()),
            p(1),
            Block::H2("（一）出庭应诉情况".into()),
        ];
        body.extend([
            p(2),
            Block::H3("1.负责人出庭率".into()),
            Block::Para(control.into()),
            p(3),
        ]);
        body.push(Block::H1("二、存在问题".into()));
        body.extend((4..=9).map(p));
        body.push(Block::H1("三、工作要求".into()));
        body.extend((10..=11).map(p));
        let s = |t: &str| t.to_string();
        Gongwen {
            form: Form::File,
            issuer_mark: s("合肥市蜀山区人民法院"),
            doc_number: s("蜀法〔2026〕3号"),
            title: s("关于2026年第四季度行政机关负责人出庭应诉情况的通报"),
            main_recipients: s("蜀山区人民政府、蜀山区司法局："),
            body,
            attachments: vec![
                s("2026年第四季度行政机关负责人出庭应诉情况统计表"),
                s("评查细则"),
            ],
            signature: s("合肥市蜀山区人民法院"),
            date: s("2026年12月1日"),
            cc: vec![s("合肥市中级人民法院"), s("蜀山区人大常委会")],
            printer: s("合肥市蜀山区人民法院办公室"),
            print_date: s("2026年12月1日印发"),
        }
    }

    /// The XML parts of the .docx at `path`, by name.
    fn parts(path: &Path) -> Vec<(String, String)> {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut s = String::new();
                f.read_to_string(&mut s).unwrap();
                (f.name().unwrap().to_string(), s)
            })
            .filter(|(n, _)| n.ends_with(".xml"))
            .collect()
    }

    /// The sample's document.xml.
    fn document(doc: &Gongwen) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gongwen.docx");
        write(&path, doc).unwrap();
        let xml = parts(&path);
        xml.into_iter()
            .find(|(n, _)| n == "word/document.xml")
            .unwrap()
            .1
    }

    /// The body's paragraphs, each from its `<w:p` to its `</w:p>`.
    fn paragraphs(xml: &str) -> Vec<&str> {
        xml.split("<w:p ")
            .skip(1)
            .map(|p| p.split("</w:p>").next().unwrap())
            .collect()
    }

    /// `text` as document.xml holds it.
    fn escaped(text: &str) -> String {
        xml_safe(text)
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }

    /// The paragraph that holds `text`.
    fn holding<'a>(xml: &'a str, text: &str) -> &'a str {
        let t = format!(">{text}</w:t>");
        paragraphs(xml)
            .into_iter()
            .find(|p| p.contains(&t))
            .unwrap()
    }

    #[test]
    fn the_mark_stands_35_mm_under_the_text_blocks_top() {
        let xml = document(&sample());
        // 35 mm = 1984 twips before it, on a line of one em (初号, 42 pt = 840 twips), so the
        // characters' top is the line's: 37 + 35 = 72 mm from the page's top
        let mark = holding(&xml, "合肥市蜀山区人民法院");
        assert!(
            mark.contains(
                r#"<w:spacing w:before="1984" w:after="1120" w:line="840" w:lineRule="exact" />"#
            ),
            "{mark}"
        );
        assert!(mark.contains(r#"<w:sz w:val="84" />"#));
        assert!(xml.contains(r#"w:top="2098""#));
        assert_eq!(MARK_GAP, 1984);
    }

    #[test]
    fn the_signature_is_centred_over_the_date() {
        let xml = document(&sample());
        // "2026年12月1日": 7 narrow characters of 155 twips, 3 full of 315 and 5 changes from
        // digits to Chinese or back of 70 = 2380 twips, 右空四字 (1280): its centre
        // 8844 − 1280 − 1190 = 6374 twips from the left margin. "合肥市蜀山区人民法院":
        // 10 × 315 = 3150; centred there, its right indent is 8844 − 6374 − 1575 = 895.
        assert_eq!(width("2026年12月1日"), 2380);
        assert_eq!(width("合肥市蜀山区人民法院"), 3150);
        let date = holding(&xml, "2026年12月1日");
        assert!(date.contains(r#"<w:ind w:left="0" w:right="1280" w:firstLine="0" />"#));
        let signature = paragraphs(&xml)
            .into_iter()
            .filter(|p| p.contains(">合肥市蜀山区人民法院</w:t>"))
            .nth(1)
            .unwrap();
        assert!(
            signature.contains(r#"<w:ind w:left="0" w:right="895" w:firstLine="0" />"#),
            "{signature}"
        );
        assert!(signature.contains(r#"<w:jc w:val="right" />"#));
        // a signature wider than the date by more than 右空四字 twice over stays in the block
        let (right, _) = signature_indents(&"长".repeat(27), "2026年1月1日");
        assert_eq!(right, 0);
    }

    #[test]
    fn only_headings_and_the_closing_lines_keep_with_the_next() {
        let doc = sample();
        let xml = document(&doc);
        let kept = |text: &str| {
            let p = holding(&xml, text);
            let (next, lines) = (p.contains("<w:keepNext />"), p.contains("<w:keepLines />"));
            assert_eq!(next, lines, "{p}");
            next
        };
        for b in &doc.body {
            match b {
                Block::Para(t) => assert!(!kept(&escaped(t)), "{t}"),
                Block::H1(t) | Block::H2(t) | Block::H3(t) => assert!(kept(t), "{t}"),
            }
        }
        // the last attachment line (the text the seal touches), the blank lines and the
        // signature go with the date; the date goes with nothing, so the 版记 never drags them
        assert!(kept("2.评查细则"));
        assert!(!kept(
            "附件：1.2026年第四季度行政机关负责人出庭应诉情况统计表"
        ));
        assert!(!kept("2026年12月1日"));
        let blanks = paragraphs(&xml)
            .into_iter()
            .filter(|p| {
                p.contains(r#"<w:t xml:space="preserve"></w:t>"#) && p.contains("<w:keepNext />")
            })
            .count();
        assert_eq!(blanks, 2);
        // no widow or orphan control anywhere in the body
        let body = xml.split("<w:tbl>").next().unwrap();
        for p in paragraphs(body) {
            assert!(p.contains(r#"<w:widowControl w:val="0" />"#), "{p}");
        }
    }

    /// A document of `n` one-line paragraphs (26 characters after the two-character indent), a
    /// signature and date, and a 版记 with one line of 抄送: with no 版头, a page holds 22 lines.
    fn lines_long(n: usize) -> Gongwen {
        Gongwen {
            body: vec![Block::Para("一".repeat(26)); n],
            signature: "合肥市蜀山区人民法院".into(),
            date: "2026年12月1日".into(),
            cc: vec!["合肥市中级人民法院".into()],
            printer: "合肥市蜀山区人民法院办公室".into(),
            print_date: "2026年12月1日印发".into(),
            ..Gongwen::default()
        }
    }

    /// The page breaks written before the 版记's table.
    fn breaks_before_imprint_in(doc: &Gongwen) -> usize {
        let xml = document(doc);
        let before = xml.split("<w:tbl>").next().unwrap();
        paragraphs(before)
            .iter()
            .filter(|p| p.contains("<w:pageBreakBefore />"))
            .count()
    }

    #[test]
    fn the_imprint_stands_on_an_even_page() {
        // the text, two blank lines, signature and date (4 lines) end on page 1, line 14: the
        // 版记 goes alone to page 2
        assert_eq!(breaks_before_imprint_in(&lines_long(10)), 1);
        // 26 + 4 lines end on page 2, line 8, with room under them for the 版记 (2 lines and a
        // little): it stands at the foot of page 2
        assert_eq!(breaks_before_imprint_in(&lines_long(26)), 0);
        // 39 + 4 end on page 2, line 21: no room, so a blank page 3 and the 版记 on page 4
        assert_eq!(breaks_before_imprint_in(&lines_long(39)), 2);
        // 41 + 4 would end on page 3, line 1: the signature takes the last line of text and
        // the blank lines with it (page 3, line 5), and the 版记 goes to page 4
        assert_eq!(breaks_before_imprint_in(&lines_long(41)), 1);
        let laid: Vec<Para> = text(&lines_long(41)).into_iter().map(|l| l.1).collect();
        let end = pages::end(&laid, BLOCK, BLOCK);
        assert_eq!((end.page, end.used), (3, 5 * LINE));
        // no 版记, no breaks
        let mut bare = lines_long(10);
        bare.cc.clear();
        bare.printer.clear();
        bare.print_date.clear();
        assert!(!document(&bare).contains("<w:pageBreakBefore />"));
    }

    #[test]
    fn a_letter_takes_the_letter_form() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("han.docx");
        let doc = Gongwen {
            form: Form::Letter,
            doc_number: "蜀法函〔2026〕1号".into(),
            ..sample()
        };
        write(&path, &doc).unwrap();
        let xml = parts(&path);
        let doc_xml = &xml
            .iter()
            .find(|(n, _)| n == "word/document.xml")
            .unwrap()
            .1;
        let with = |piece: &str| -> Vec<&str> {
            xml.iter()
                .filter(|(n, x)| n.starts_with("word/") && x.contains(piece))
                .map(|(_, x)| x.as_str())
                .collect()
        };
        // the mark and the number in the first page's header, 30 mm (1701 twips) from the top
        let header = with("蜀法函〔2026〕1号");
        assert_eq!(header.len(), 1);
        let header = header[0];
        assert!(header.starts_with("<?xml") && header.contains("<w:hdr"));
        assert!(header.contains(">合肥市蜀山区人民法院</w:t>"));
        assert!(doc_xml.contains(r#"w:header="1701""#) && doc_xml.contains("<w:titlePg />"));
        assert!(doc_xml.contains(r#"<w:headerReference w:type="first""#));
        // the red double line thick over thin, 4 mm (11 pt) under the mark, 170 mm long
        assert!(header.contains(
            r#"<w:bottom w:val="thickThinSmallGap" w:space="11" w:sz="18" w:color="FF0000" />"#
        ));
        assert!(header.contains(r#"w:left="-397" w:right="-397""#));
        // the number flush right, 14 pt (7/8 of a 三号 character) under the line, on an em line
        assert!(header.contains(r#"<w:jc w:val="right" /><w:spacing w:before="280" w:line="320" w:lineRule="exact" />"#), "{header}");
        // the first page's footer: the red double line thin over thick 20 mm from the foot,
        // and no page number
        let first = with("thinThickSmallGap");
        assert_eq!(first.len(), 1);
        assert!(!first[0].contains("PAGE"));
        assert!(doc_xml.contains(r#"w:footer="1134""#));
        assert!(doc_xml.contains(r#"<w:footerReference w:type="first""#));
        // the other pages' numbers 2 mm over the footer's foot: where a 文件格式 has them
        for f in with("<w:instrText>PAGE</w:instrText>") {
            assert!(f.contains(r#"<w:spacing w:after="113" />"#), "{f}");
        }
        // the body starts with the title; the 版记 is 抄送 alone, without rules
        let body = doc_xml.split("<w:tbl>").next().unwrap();
        assert!(paragraphs(body)[0].contains(">关于2026年第四季度"));
        let imprint = doc_xml.split("<w:tbl>").nth(1).unwrap();
        assert!(imprint.contains("抄送：合肥市中级人民法院，蜀山区人大常委会。"));
        assert!(!imprint.contains("印发") && !imprint.contains("<w:pBdr>"));
        // the 文件格式 has none of it
        let file = document(&sample());
        assert!(!file.contains("<w:titlePg />") && file.contains(r#"w:header="851""#));
    }

    /// Writes the sample and reads its XML back; GONGWEN_SAMPLE=path also keeps a copy to look at.
    #[test]
    fn writes_every_element_and_nothing_xml_forbids() {
        assert_eq!(
            xml_safe("a\u{0}b\u{7}\t\n\u{fffe}\u{ffff}蜀法〔2026〕"),
            "ab\t\n蜀法〔2026〕"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tongbao.docx");
        write(&path, &sample()).unwrap();
        let xml = parts(&path);
        let part = |name: &str| xml.iter().find(|(n, _)| n == name).unwrap().1.as_str();
        let doc = part("word/document.xml");
        for piece in [
            "合肥市蜀山区人民法院",
            "蜀法〔2026〕3号",
            "蜀山区人民政府、蜀山区司法局：",
            "控制字符与去除，&lt;标记&gt;与&amp;照常。",
            "附件：1.2026年",
            "2.评查细则",
            "抄送：合肥市中级人民法院，蜀山区人大常委会。",
            "2026年12月1日印发",
            r#"w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312""#,
            r#"w:eastAsia="黑体""#,
            r#"w:eastAsia="楷体_GB2312""#,
            r#"w:eastAsia="方正小标宋简体""#,
            r#"<w:bottom w:val="single" w:space="6" w:sz="12" w:color="FF0000" />"#,
            r#"<w:bottom w:val="single" w:space="0" w:sz="8" w:color="000000" />"#,
            r#"<w:bottom w:val="single" w:space="0" w:sz="6" w:color="000000" />"#,
            r#"<w:pgSz w:w="11906" w:h="16838" />"#,
            r#"w:top="2098" w:right="1474" w:bottom="1984" w:left="1588""#,
            r#"<w:spacing w:line="560" w:lineRule="exact" />"#,
            r#"w:vertAnchor="margin" w:horzAnchor="page" w:tblpYSpec="bottom" w:tblpX="1588""#,
            r#"<w:footerReference w:type="even""#,
        ] {
            assert!(doc.contains(piece), "document.xml lacks {piece}");
        }
        assert!(!doc.contains(r#"<w:left w:val="single""#) && !doc.contains("<w:top w:val"));
        assert!(part("word/settings.xml").contains("<w:evenAndOddHeaders />"));
        for f in ["word/footer1.xml", "word/footer2.xml"].map(part) {
            assert!(f.contains("<w:t xml:space=\"preserve\">— </w:t>") && f.contains(" —</w:t>"));
            assert!(
                f.contains("<w:instrText>PAGE</w:instrText>") && f.contains(r#"w:eastAsia="宋体""#)
            );
        }
        let forbidden =
            |c: char| c < ' ' && !"\t\n\r".contains(c) || ('\u{fffe}'..'\u{10000}').contains(&c);
        assert!(xml.iter().all(|(_, text)| !text.contains(forbidden)));
        let empty = dir.path().join("empty.docx");
        write(&empty, &Gongwen::default()).unwrap();
        assert!(
            parts(&empty)
                .iter()
                .any(|(n, x)| n == "word/document.xml" && !x.contains("<w:tbl>"))
        );
        if let Ok(keep) = std::env::var("GONGWEN_SAMPLE") {
            write(Path::new(&keep), &sample()).unwrap();
        }
    }
}
