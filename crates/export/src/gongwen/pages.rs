//! Where a 公文's text ends, counted the way Word and LibreOffice set it, so the writer can put the
//! 版记 on an even page (GB/T 9704-2012 §5.2: the last face of a sheet printed on both sides).
//!
//! A .docx cannot ask for "the next even page" in a way both programs honour: Word starts a
//! `w:type="evenPage"` section on an even page, LibreOffice 7.4 takes it for a plain next page. So
//! the writer reckons the pages itself and writes ordinary page breaks, which both honour. The
//! reckoning can be close because the 公文 leaves little to chance: every body line is a fixed
//! 28 pt, every character a fixed advance (a full-width character one em, a narrow one half an em,
//! both less the tracking, and 0.22 em where Chinese meets Latin), no widow or orphan
//! control, and only headings and the closing lines kept with what follows, whole. What is
//! modelled of line breaking: narrow characters (digits, Latin) break only at spaces, 、。，． may
//! hang past the margin, other closing marks never start a line and opening marks never end one
//! (the character before or after goes down with them).
//!
//! It is a model: fonts other than the 公文's own (仿宋_GB2312 and its kin, half-width digits) or
//! another program's line breaking can set a line more or fewer, and then the 版记 may land a page
//! off. The 版记 is the only thing that depends on it.

use super::TRACKING;

/// A paragraph as the page counter sees it, in twips.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Para {
    pub before: i32,
    pub lines: usize,
    pub line: i32,
    pub after: i32,
    /// its last line stays on the page of the next paragraph's first line
    pub keep_next: bool,
}

/// Where the last line ends: the page (from 1), and how far down that page's text block, in twips.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct End {
    pub page: usize,
    pub used: i32,
    /// the height of that page's text block
    pub room: i32,
}

/// Sets `paras` on pages whose text blocks are `first` twips tall (the first page) and `rest`
/// twips tall (every other page), and tells where the last line ends. A line goes down when its
/// bottom would pass the block's; a paragraph kept with the next is kept whole and with the next
/// one's first line, and such a run goes down whole, unless it already starts a page (then it
/// breaks where it must, as Word and LibreOffice do).
pub fn end(paras: &[Para], first: i32, rest: i32) -> End {
    // every line: its height with any spacing before, its spacing after, whether it is kept with
    // the line after it
    let mut lines: Vec<(i32, i32, bool)> = Vec::new();
    for p in paras {
        for i in 0..p.lines {
            let before = if i == 0 { p.before } else { 0 };
            let after = if i + 1 == p.lines { p.after } else { 0 };
            lines.push((before + p.line, after, p.keep_next));
        }
    }
    let height = |set: &[(i32, i32, bool)]| set.iter().map(|l| l.0 + l.1).sum::<i32>();
    let mut page = 1;
    let mut room = first;
    // the lines set on this page, in order
    let mut set: Vec<(i32, i32, bool)> = Vec::new();
    for line in lines {
        // spacing after may run past the block's foot, a line may not
        if height(&set) + line.0 > room && !set.is_empty() {
            // the run of lines kept with this one goes down with it, unless it fills the page
            let kept = set.iter().rev().take_while(|l| l.2).count();
            let stay = if kept < set.len() {
                set.len() - kept
            } else {
                set.len()
            };
            set = set.split_off(stay);
            page += 1;
            room = rest;
        }
        set.push(line);
    }
    End {
        page,
        used: height(&set).min(room),
        room,
    }
}

/// Closing marks that may hang past the right margin (Word's "allow punctuation to overflow the
/// margin", LibreOffice's hanging punctuation, both on by default).
const HANGS: &str = "、。，．,.";
/// Closing marks no line may start with.
const NOT_FIRST: &str = "、。，．,.：；？！:;?!）》」』”’〕】〗〉)]}%…—·";
/// Opening marks no line may end with.
const NOT_LAST: &str = "（《「『“‘〔【〖〈([{";

/// What one breakable piece of text is: its advance in twips and how it may stand at a line's ends.
struct Piece {
    text: String,
    width: i32,
    first_ok: bool,
    last_ok: bool,
    hangs: bool,
}

/// How many half-em cells `c` takes: two for a full-width character, one for a narrow one. The
/// East Asian ambiguous characters (“”…—·) are full-width in the 公文 fonts.
pub fn halves(c: char) -> i32 {
    unicode_width::UnicodeWidthChar::width_cjk(c).map_or(0, |w| w as i32)
}

/// The advance of `c` at `size` half-points, in twips: an em (size × 10) for a full-width
/// character, half an em for a narrow one, less the tracking.
fn advance(c: char, size: usize) -> i32 {
    match halves(c) {
        0 => 0,
        h => h * size as i32 * 5 + TRACKING,
    }
}

/// Whether `c` is a Chinese character (not a punctuation mark), or a narrow letter, digit or
/// sign: between the two Word and LibreOffice put a little space (Word's autoSpaceDE and
/// autoSpaceDN, on unless turned off; LibreOffice ignores them and always does it).
fn script(c: char) -> Option<bool> {
    match halves(c) {
        2 if c.is_alphanumeric() => Some(true),
        1 if !c.is_whitespace() => Some(false),
        _ => None,
    }
}

/// The space put where Chinese meets Latin at `size` half-points: 0.22 em, as LibreOffice sets it
/// (measured: 3.5 pt at 三号, 4.7 pt at 二号).
fn autospace(size: usize) -> i32 {
    size as i32 * 11 / 5
}

/// `text` in pieces no line break may fall inside: a Chinese character or mark, a run of narrow
/// characters up to a space; each as wide as it is set, the space where Chinese meets Latin
/// counted in the piece after it.
fn pieces(text: &str, size: usize) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    // whether the last piece is a narrow word still open to more narrow characters
    let mut open_word = false;
    // the script of the last character, across characters that have none of their own
    let mut last = None;
    for c in text.chars() {
        let w = advance(c, size);
        if w == 0 {
            continue;
        }
        let now = script(c);
        let gap = match (last, now) {
            (Some(a), Some(b)) if a != b => autospace(size),
            _ => 0,
        };
        last = now;
        if c == ' ' {
            if let Some(piece) = out.last_mut() {
                piece.width += w;
                piece.text.push(c);
            }
            open_word = false;
            continue;
        }
        let narrow = halves(c) == 1;
        if narrow
            && open_word
            && !NOT_LAST.contains(c)
            && let Some(piece) = out.last_mut()
        {
            piece.width += w + gap;
            piece.last_ok = true;
            piece.text.push(c);
            continue;
        }
        out.push(Piece {
            text: c.to_string(),
            width: w + gap,
            first_ok: !NOT_FIRST.contains(c),
            last_ok: !NOT_LAST.contains(c),
            hangs: HANGS.contains(c),
        });
        open_word = narrow && !NOT_LAST.contains(c);
    }
    out
}

/// Width of `text` in twips as set at `size` half-points, on one line.
pub fn width(text: &str, size: usize) -> i32 {
    pieces(text, size)
        .iter()
        .fold(0i32, |sum, p| sum.saturating_add(p.width))
}

/// How many lines `text` takes at `size` half-points in a column `width` twips wide whose first
/// line starts `first` twips further in (negative: hangs out).
pub fn lines(text: &str, size: usize, width: i32, first: i32) -> usize {
    broken(text, size, width, first).len()
}

/// `text` broken into lines as [`lines`] counts them.
fn broken(text: &str, size: usize, width: i32, first: i32) -> Vec<String> {
    let mut done: Vec<Vec<Piece>> = Vec::new();
    let mut room = width - first;
    let mut line: Vec<Piece> = Vec::new();
    for p in pieces(text, size) {
        let used: i32 = line.iter().map(|l| l.width).sum();
        if used + p.width <= room || line.is_empty() || (p.hangs && used <= room) {
            line.push(p);
            continue;
        }
        // a new line; a piece that may not start it takes the one before down with it, and a
        // piece that may not end the line above goes down too
        let mut carried = Vec::new();
        if !p.first_ok && line.len() > 1 {
            carried.extend(line.pop());
        }
        while line.len() > 1 && line.last().is_some_and(|l| !l.last_ok) {
            carried.extend(line.pop());
        }
        carried.reverse();
        done.push(std::mem::replace(&mut line, carried));
        room = width;
        line.push(p);
    }
    done.push(line);
    done.iter()
        .map(|l| l.iter().map(|p| p.text.as_str()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: i32 = 8844;

    #[test]
    fn a_line_holds_28_characters_and_punctuation_hangs() {
        let row = "一".repeat(28);
        assert_eq!(lines(&row, 32, W, 0), 1);
        assert_eq!(lines(&format!("{row}一"), 32, W, 0), 2);
        // two characters in on the first line: 26 there
        assert_eq!(lines(&row, 32, W, 640), 2);
        assert_eq!(lines(&"一".repeat(26), 32, W, 640), 1);
        // a full stop after the 28th hangs; a closing bracket takes the 28th down with it
        assert_eq!(lines(&format!("{row}。"), 32, W, 0), 1);
        assert_eq!(lines(&format!("{row}）"), 32, W, 0), 2);
        // an opening bracket at the end goes down
        assert_eq!(lines(&format!("{}（一", "一".repeat(27)), 32, W, 0), 2);
        // digits are half an em and break as a word: 25 characters, 4 digits and the space
        // between fit (8565 twips), a 26th does not
        assert_eq!(lines(&format!("{}2026", "一".repeat(25)), 32, W, 0), 1);
        assert_eq!(lines(&format!("{}2026", "一".repeat(26)), 32, W, 0), 2);
        assert_eq!(lines("", 32, W, 0), 1);
        // 0.22 em where Chinese meets digits: 26 characters and 4 digits would fit (8810
        // twips), not with the two spaces (8950)
        let both = format!("{}2026{}", "一".repeat(13), "一".repeat(13));
        assert_eq!(lines(&both, 32, W, 0), 2);
        assert_eq!(width("2026年12月1日", 32), 7 * 155 + 3 * 315 + 5 * 70);
        assert_eq!(width("“出庭又出声”，", 32), 8 * 315);
    }

    /// Two paragraphs of the notice as LibreOffice 7.4 set them (in fonts of the 公文 fonts'
    /// metrics), line for line.
    #[test]
    fn breaks_lines_where_libreoffice_does() {
        let measured = [
            [
                "为贯彻落实《最高人民法院关于行政机关负责人出庭应诉若",
                "干问题的规定》（法释〔2020〕3号，以下简称《规定》）和",
                "《关于进一步提升行政机关负责人出庭应诉效果推动行政争议实",
                // the comma hangs past the margin
                "质性化解的意见》（皖司发〔2022〕9号，以下简称《意见》），",
                // 定 goes down with the 》 that may not start a line
                "推动行政机关负责人“出庭又出声、出庭又出解”，依据《规",
                "定》第十四条、《意见》有关规定，现将2026年11月本院审理",
                "的行政诉讼案件中行政机关负责人出庭应诉情况通报如下。",
            ]
            .as_slice(),
            [
                "本期评议53人次，其中出庭负责人44人次。出庭负责人中，",
                // 意 would fit but for the 0.22 em at 言|43, 43|人 and 率|97.7%
                "当庭发言43人次，出声率97.7%；就实质性化解行政争议发表",
                "意见37人次，占84.1%。涉及案件50件，经协调和解或原告撤",
                "诉27件，争议化解率54.0%（按案件计）；另有22人次当庭作",
                "出履行承诺，单独统计，不计入争议化解。评议平均得分75.4",
                "分。",
            ]
            .as_slice(),
        ];
        for lines in measured {
            let text = lines.concat();
            assert_eq!(broken(&text, 32, W, 640), lines);
        }
    }

    #[test]
    fn kept_lines_go_down_together() {
        let p = |lines, keep_next| Para {
            before: 0,
            lines,
            line: 560,
            after: 0,
            keep_next,
        };
        // 22 lines of 28 pt to a page
        let page = 12756;
        let at = |page, lines| End {
            page,
            used: lines * 560,
            room: 12756,
        };
        assert_eq!(end(&[p(22, false)], page, page), at(1, 22));
        assert_eq!(end(&[p(23, false)], page, page), at(2, 1));
        // a heading on the last line goes down with the first line of its paragraph
        let e = end(&[p(21, false), p(1, true), p(3, false)], page, page);
        assert_eq!(e, at(2, 4));
        // two headings and a paragraph that fits one line: no gap
        let e = end(
            &[p(19, false), p(1, true), p(1, true), p(3, false)],
            page,
            page,
        );
        assert_eq!(e, at(2, 2));
        // a paragraph kept with the next goes down whole: 19 + 3 lines, then 2 more
        let e = end(&[p(19, false), p(3, true), p(2, false)], page, page);
        assert_eq!(e, at(2, 5));
        // a kept run longer than a page breaks where it must
        let mut run = vec![p(1, true); 30];
        run.push(p(1, false));
        assert_eq!(end(&run, page, page), at(2, 9));
        // a shorter first page
        assert_eq!(end(&[p(10, false)], 8 * 560 + 100, page), at(2, 2));
    }
}
