//! The frame: title bar, the current screen, status line, key hints, overlays, and the notice
//! shown instead when the terminal is smaller than 80×24.

use super::app::{App, Screen};
use super::overlay::Overlay;
use super::theme;
use crate::i18n::{t, tf};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = vec![
            Line::from(Span::styled(t("small.title"), theme::error())),
            Line::from(tf(
                "small.body",
                &[
                    ("w", &area.width),
                    ("h", &area.height),
                    ("mw", &MIN_WIDTH),
                    ("mh", &MIN_HEIGHT),
                ],
            )),
        ];
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: true }).centered(),
            area,
        );
        return;
    }
    let [title, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let section = app.screen.section();
    let screen_name = match &app.screen {
        Screen::List(l) => tf("title.list", &[("n", &l.total)]),
        Screen::Hearing(h) => h.hearing.case_number.clone(),
        Screen::HearingForm(_) => t("screen.form").to_string(),
        Screen::Appearance(_) => t("screen.appearance").to_string(),
        Screen::Scoring(_) => t("screen.scoring").to_string(),
        Screen::Live(_) => t("screen.live").to_string(),
        Screen::Batch(_) => t("screen.batch").to_string(),
        Screen::Followups(s) => tf(
            "title.followups",
            &[("n", &s.rows.len()), ("o", &s.overdue())],
        ),
        Screen::Agencies(s) => s.title(),
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(format!(" {} ", t("app.name"))),
            Span::raw("│ "),
            Span::raw(screen_name),
        ]))
        .style(theme::title()),
        title,
    );
    // who is at the keyboard (recorded on every change), out of the way at the right
    let operator = format!(
        "{} ",
        tf("app.operator", &[("name", &app.store.operator())])
    );
    if operator.width() + 40 < title.width as usize {
        frame.render_widget(
            Paragraph::new(operator)
                .style(theme::title())
                .alignment(ratatui::layout::Alignment::Right),
            Rect {
                x: title.x + title.width / 2,
                width: title.width - title.width / 2,
                ..title
            },
        );
    }
    match &app.screen {
        Screen::List(s) => s.render(frame, body, &app.rubric),
        Screen::Hearing(s) => s.render(frame, body, &app.rubric),
        Screen::HearingForm(s) => s.render(frame, body),
        Screen::Appearance(s) => s.render(frame, body),
        Screen::Scoring(s) => s.render(frame, body),
        Screen::Live(s) => s.render(frame, body, (app.now_ms)(), &app.keymap),
        Screen::Batch(s) => s.render(frame, body, &app.keymap),
        Screen::Followups(s) => s.render(frame, body),
        Screen::Agencies(s) => s.render(frame, body),
    }
    if let Some((msg, _)) = &app.status {
        // a message longer than the line ends in "…", never in half a character
        let msg = super::widgets::ellipsis(&format!(" {msg}"), status.width as usize);
        frame.render_widget(
            Paragraph::new(Span::styled(msg, app.status_style())),
            status,
        );
    }
    // as many hints as fit whole, in the screen's order
    let mut hint_line = String::new();
    for h in app
        .screen
        .commands()
        .iter()
        .filter_map(|a| app.keymap.hint(section, *a))
    {
        if hint_line.width() + 2 + h.width() > footer.width as usize {
            continue;
        }
        hint_line.push_str("  ");
        hint_line.push_str(&h);
    }
    frame.render_widget(Paragraph::new(hint_line).style(theme::footer()), footer);
    if let Some(o) = &app.overlay {
        let r = match o {
            // the history takes the screen below the title bar, its own keys in place of the footer
            Overlay::History(_) => Rect {
                y: area.y + 1,
                height: area.height - 1,
                ..area
            },
            _ => Rect {
                height: area.height - 1,
                ..area
            },
        };
        o.render(frame, r, &app.keymap);
    }
}
