//! A hearing schedule's dry run, before anything is imported: how many rows are new, updated,
//! unchanged and not imported, and the first refusals (`第N行 第M列（列名）：原因`). `y` imports the
//! rows as read (the file is not read again); a file with wrong cells imports only once the user
//! chose to skip them (`s`); `n` or Esc imports nothing.

use crate::cmd::Cmd;
use crate::domain::schedule::Schedule;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::import::schedule::Report;
use crate::keymap::{Action, Keymap, Section};
use crate::theme;
use crate::widgets::ellipsis;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph};
use unicode_width::UnicodeWidthStr;

pub struct ImportPreview {
    /// the file, as it may be shown
    pub file: String,
    /// the file's folder (the next import starts there once this one is imported)
    pub folder: Option<String>,
    /// the rows read, imported as they are when the user says yes
    pub schedule: Schedule,
    /// the dry run's report
    pub report: Report,
    /// import the rows that are right, skipping the wrong ones
    pub skip_invalid: bool,
    /// yes was said to a file with wrong cells not to be skipped
    refused: bool,
    /// yes was said once to an import that makes agencies: it is asked again, naming them
    agencies_asked: bool,
}

impl ImportPreview {
    pub fn new(file: String, schedule: Schedule, report: Report) -> Self {
        ImportPreview {
            file,
            folder: None,
            schedule,
            report,
            skip_invalid: false,
            refused: false,
            agencies_asked: false,
        }
    }

    /// The keys its box offers, and the footer's while it is open: skipping the wrong rows only
    /// when there are some.
    pub fn commands(&self) -> &'static [Action] {
        if self.report.wrong > 0 {
            &[Action::Import, Action::SkipWrong, Action::Cancel]
        } else {
            &[Action::Import, Action::Cancel]
        }
    }

    /// Keys of the keymap's `[import]`: returns itself while it stays open, and the command to run.
    pub fn handle_key(mut self, key: &KeyEvent, keymap: &Keymap) -> (Option<Self>, Option<Cmd>) {
        let wrong = self.report.wrong > 0;
        match keymap.action(Section::Import, key) {
            Some(Action::Import) => {
                if wrong && !self.skip_invalid {
                    self.refused = true;
                    return (Some(self), None);
                }
                // agencies the directory does not have are made only when asked a second time
                if !self.report.new_agencies.is_empty() && !self.agencies_asked {
                    self.agencies_asked = true;
                    return (Some(self), None);
                }
                let cmd = Cmd::ImportSchedule {
                    schedule: Box::new(self.schedule),
                    skip_invalid: self.skip_invalid,
                    folder: self.folder,
                };
                (None, Some(cmd))
            }
            Some(Action::SkipWrong) if wrong => {
                self.skip_invalid = !self.skip_invalid;
                self.refused = false;
                (Some(self), None)
            }
            Some(Action::Cancel) => (None, Some(Cmd::Message(t("import.cancelled").to_string()))),
            _ => (Some(self), None),
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, keymap: &Keymap) {
        let r = &self.report;
        let refusals: Vec<String> = r.refusals().map(|e| e.text()).collect();
        let wrong = r.wrong > 0;
        // file, counts, a blank line; the refusals' heading and as many as fit; the choice
        let fixed = 3 + 1 + if wrong { 3 } else { 0 } + if self.agencies_asked { 4 } else { 0 };
        let room = (area.height as usize).saturating_sub(fixed + 2 + 2).max(1);
        // as wide as the longest refusal needs (100 columns at least, where there are), each
        // refusal wrapped whole rather than cut; as many as fit
        let widest = refusals.iter().map(|l| l.width()).max().unwrap_or(0);
        let width = area.width.min((widest as u16 + 4).max(100));
        let w = width.saturating_sub(4) as usize;
        let wrapped: Vec<Vec<String>> = refusals
            .iter()
            .map(|l| crate::widgets::wrap(l, w))
            .collect();
        let mut used = 0;
        let listed = wrapped
            .iter()
            .take_while(|l| {
                used += l.len();
                used <= room
            })
            .count()
            .max(usize::from(!refusals.is_empty()));
        let shown_lines: usize = wrapped.iter().take(listed).map(Vec::len).sum();
        let height = (fixed + shown_lines.min(room) + 2) as u16;
        let rect = super::centered(area, width, height);
        super::clear(frame, rect);
        let keys = keymap.hints(Section::Import, self.commands());
        let skip = keymap.key(Section::Import, Action::SkipWrong);
        let block = Block::default()
            .borders(Borders::ALL)
            .padding(Padding::horizontal(1))
            .title(Span::styled(t("import.title"), theme::header()))
            .title_bottom(Span::styled(format!(" {keys} "), theme::dim()));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let w = inner.width as usize;
        let mut lines = vec![
            Line::from({
                let label = tf("import.file", &[("file", &"")]);
                let room = w.saturating_sub(label.width());
                tf(
                    "import.file",
                    &[("file", &crate::widgets::ellipsis_front(&self.file, room))],
                )
            }),
            Line::from(Span::styled(ellipsis(&r.counts(), w), theme::label())),
            // the agencies the import will make, said before it makes them
            Line::from(match r.agencies_line() {
                Some(l) => Span::styled(ellipsis(&l, w), theme::draft()),
                None => Span::raw(""),
            }),
        ];
        if refusals.is_empty() {
            lines.push(Line::from(Span::styled(
                t("import.no_refusals"),
                theme::ok(),
            )));
        } else {
            lines.push(Line::from(Span::styled(
                ellipsis(
                    &tf(
                        "import.refusals",
                        &[("n", &listed), ("total", &refusals.len())],
                    ),
                    w,
                ),
                theme::label(),
            )));
            for part in wrapped.iter().take(listed).flatten().take(room) {
                lines.push(Line::from(part.clone()));
            }
        }
        if wrong {
            lines.push(Line::from(""));
            let (text, style) = if self.refused {
                (
                    tf("import.err.wrong", &[("n", &r.wrong), ("key", &skip)]),
                    theme::error(),
                )
            } else {
                (tf("import.wrong", &[("n", &r.wrong)]), theme::flag())
            };
            lines.push(Line::from(Span::styled(ellipsis(&text, w), style)));
            let x = if self.skip_invalid { "x" } else { " " };
            lines.push(Line::from(ellipsis(
                &tf("import.skip", &[("x", &x), ("key", &skip)]),
                w,
            )));
        }
        if self.agencies_asked {
            lines.push(Line::from(""));
            let text = tf(
                "import.agencies_ask",
                &[
                    ("n", &r.new_agencies.len()),
                    ("yes", &keymap.key(Section::Import, Action::Import)),
                    ("no", &keymap.key(Section::Import, Action::Cancel)),
                ],
            );
            for l in crate::widgets::wrap_text(Span::styled(text, theme::flag()), w as u16) {
                lines.push(l);
            }
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_path_keeps_its_end() {
        assert_eq!(
            crate::widgets::ellipsis_front("/tmp/排期.csv", 40),
            "/tmp/排期.csv"
        );
        assert_eq!(
            crate::widgets::ellipsis_front("/very/long/排期.csv", 10),
            "…/排期.csv"
        );
    }
}
