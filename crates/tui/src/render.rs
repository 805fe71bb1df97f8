//! The frame: title bar, the current screen, status line, key hints, overlays, and the notice
//! shown instead when the terminal is smaller than 80×24.

use super::app::{App, Screen};
use super::keymap::{Action, Section};
use super::overlay::Overlay;
use super::theme;
use crate::i18n::{t, tf};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// The rows a screen has in a terminal `rows` high: less the title bar, the status line and the
/// footer (as `draw` lays them out).
pub fn body_height(rows: u16) -> u16 {
    rows.saturating_sub(3)
}

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
            Paragraph::new(super::widgets::wrap_text(text, area.width)).centered(),
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
        Screen::List => tf("title.list", &[("n", &app.list().total)]),
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
        Screen::Suggestions(s) => tf(
            "title.suggestions",
            &[("n", &s.rows.len()), ("o", &s.overdue())],
        ),
        Screen::Spotcheck(_) => tf("title.spotcheck", &[("org", &app.config.org_name)]),
        Screen::Agencies(s) => s.title(),
        Screen::Dashboard(s) => s.title(),
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
        tf("app.operator", &[("name", &app.court.operator())])
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
        Screen::List => app.list().render(frame, body, &app.rubric, &app.keymap),
        Screen::Hearing(s) => s.render(frame, body, &app.rubric, &app.keymap),
        Screen::HearingForm(s) => s.render(frame, body, &app.keymap),
        Screen::Appearance(s) => s.render(frame, body, &app.keymap),
        Screen::Scoring(s) => s.render(frame, body, &app.keymap),
        Screen::Live(s) => s.render(frame, body, (app.now_ms)(), &app.keymap),
        Screen::Batch(s) => s.render(frame, body, &app.keymap),
        Screen::Followups(s) => s.render(frame, body),
        Screen::Suggestions(s) => s.render(frame, body),
        Screen::Spotcheck(s) => s.render(frame, body),
        Screen::Agencies(s) => s.render(frame, body, &app.keymap),
        Screen::Dashboard(s) => s.render(frame, body, &app.rubric),
    }
    if let Some((msg, _)) = &app.status {
        // a message longer than the line ends in "…", never in half a character
        let msg = super::widgets::ellipsis(&format!(" {msg}"), status.width as usize);
        frame.render_widget(
            Paragraph::new(Span::styled(msg, app.status_style())),
            status,
        );
    }
    // the pop-up's keys while one is open, else the screen's
    let (section, commands) = app
        .overlay
        .as_ref()
        .and_then(|o| o.commands())
        .unwrap_or((section, app.commands()));
    let commands: Vec<Action> = if app.overlay.as_ref().and_then(|o| o.commands()).is_some() {
        commands.to_vec()
    } else {
        commands
            .iter()
            .copied()
            .filter(|a| app.enabled(*a))
            .collect()
    };
    let hint_line = hints(app, section, &commands, footer.width as usize);
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
    // an export running on its thread: its progress over whatever is shown
    if let Some((ratio, file)) = app.exporting() {
        // (the files are more than the estimate counts when there are extracts: never past 100%)
        let ratio = ratio.clamp(0.0, 1.0);
        let label = if file.is_empty() {
            format!("{:.0}%", ratio * 100.0)
        } else {
            format!("{:.0}%  {file}", ratio * 100.0)
        };
        let r = super::overlay::centered(area, 60, 3);
        super::overlay::clear(frame, r);
        let gauge = ratatui::widgets::Gauge::default()
            .block(ratatui::widgets::Block::bordered().title(t("batch.exporting")))
            .gauge_style(theme::ok())
            .ratio(ratio.clamp(0.0, 1.0))
            .label(label);
        frame.render_widget(gauge, r);
    }
}

/// As many of `commands`' hints as fit in `width`, in their order; the ways out (help, back,
/// quit, cancel) always among them, so a narrow or English footer never drops `q 退出`.
fn hints(app: &App, section: Section, commands: &[Action], width: usize) -> String {
    let always = |a: &Action| {
        matches!(
            a,
            Action::Help
                | Action::Quit
                | Action::Back
                | Action::Cancel
                | Action::No
                | Action::EndLive
        )
    };
    let hint = |a: &Action| app.keymap.hint(section, *a);
    let mut room = width.saturating_sub(
        commands
            .iter()
            .filter(|a| always(a))
            .filter_map(hint)
            .map(|h| h.width() + 2)
            .sum(),
    );
    let mut line = String::new();
    for a in commands {
        let Some(h) = hint(a) else { continue };
        if !always(a) {
            if h.width() + 2 > room {
                continue;
            }
            room -= h.width() + 2;
        }
        line.push_str("  ");
        line.push_str(&h);
    }
    line
}
