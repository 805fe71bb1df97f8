//! A clock in large digits: a 3×5 pixel font drawn with half blocks, three rows tall, or twice as
//! large (each pixel two cells of a full block) where there is room: five rows tall.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

const FONT: [[u8; 5]; 11] = [
    [0b111, 0b101, 0b101, 0b101, 0b111], // 0
    [0b010, 0b110, 0b010, 0b010, 0b111], // 1
    [0b111, 0b001, 0b111, 0b100, 0b111], // 2
    [0b111, 0b001, 0b111, 0b001, 0b111], // 3
    [0b101, 0b101, 0b111, 0b001, 0b001], // 4
    [0b111, 0b100, 0b111, 0b001, 0b111], // 5
    [0b111, 0b100, 0b111, 0b101, 0b111], // 6
    [0b111, 0b001, 0b001, 0b001, 0b001], // 7
    [0b111, 0b101, 0b111, 0b101, 0b111], // 8
    [0b111, 0b101, 0b111, 0b001, 0b111], // 9
    [0b000, 0b010, 0b000, 0b010, 0b000], // :
];

/// The three text rows of `text` (digits and colons) in large type.
pub fn rows(text: &str) -> [String; 3] {
    let mut out = [String::new(), String::new(), String::new()];
    for (i, c) in text.chars().enumerate() {
        let glyph = match c {
            '0'..='9' => FONT[(c as u8 - b'0') as usize],
            ':' => FONT[10],
            _ => continue,
        };
        for (r, row) in out.iter_mut().enumerate() {
            if i > 0 {
                row.push(' ');
            }
            for bit in (0..3).rev() {
                let top = glyph[2 * r] >> bit & 1 == 1;
                let bottom = 2 * r + 1 < 5 && glyph[2 * r + 1] >> bit & 1 == 1;
                row.push(match (top, bottom) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                });
            }
        }
    }
    out
}

/// The five text rows of `text` in the large type: each pixel two cells wide, one row high.
pub fn large_rows(text: &str) -> [String; 5] {
    let mut out: [String; 5] = Default::default();
    for (i, c) in text.chars().enumerate() {
        let glyph = match c {
            '0'..='9' => FONT[(c as u8 - b'0') as usize],
            ':' => FONT[10],
            _ => continue,
        };
        for (r, row) in out.iter_mut().enumerate() {
            if i > 0 {
                row.push_str("  ");
            }
            for bit in (0..3).rev() {
                row.push_str(if glyph[r] >> bit & 1 == 1 {
                    "██"
                } else {
                    "  "
                });
            }
        }
    }
    out
}

/// The width of `text` in the large type.
pub fn large_width(text: &str) -> u16 {
    large_rows(text)[0].chars().count() as u16
}

/// `text` in the large type when `area` has its five rows and its width, else in three rows.
pub fn render(frame: &mut Frame, area: Rect, text: &str, style: Style) {
    let lines: Vec<Line> = if area.height >= 5 && area.width >= large_width(text) {
        large_rows(text).into_iter().map(Line::from).collect()
    } else {
        rows(text).into_iter().map(Line::from).collect()
    };
    frame.render_widget(Paragraph::new(lines).style(style), area);
}

#[cfg(test)]
mod tests {
    #[test]
    fn draws_digits() {
        let r = super::rows("10:");
        assert_eq!(r[0], "▄█  █▀█  ▄ ");
        assert_eq!(r[2], "▀▀▀ ▀▀▀    ");
    }

    #[test]
    fn draws_large_digits() {
        let r = super::large_rows("1:");
        assert_eq!(r[0], "  ██          ");
        assert_eq!(r[1], "████      ██  ");
        assert_eq!(r[4], "██████        ");
        assert_eq!(super::large_width("00:00:00"), 8 * 6 + 7 * 2);
    }
}
