//! Colours and styles in one place.

use crate::i18n::prelude::*;
use ratatui::style::{Color, Modifier, Style};

pub fn title() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}
pub fn footer() -> Style {
    Style::new().fg(Color::Black).bg(Color::Gray)
}
pub fn selected() -> Style {
    Style::new()
        .bg(Color::Blue)
        .fg(Color::White)
        .add_modifier(Modifier::BOLD)
}
pub fn header() -> Style {
    Style::new().add_modifier(Modifier::BOLD).fg(Color::Yellow)
}
pub fn label() -> Style {
    Style::new().fg(Color::Gray)
}
pub fn focused_label() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}
pub fn input() -> Style {
    Style::new().bg(Color::Rgb(40, 40, 40))
}
pub fn input_focused() -> Style {
    Style::new().bg(Color::Rgb(30, 50, 80)).fg(Color::White)
}
pub fn error() -> Style {
    Style::new()
        .fg(Color::LightRed)
        .add_modifier(Modifier::BOLD)
}
pub fn ok() -> Style {
    Style::new().fg(Color::LightGreen)
}
pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}
pub fn draft() -> Style {
    Style::new().fg(Color::Yellow)
}
/// A value changed in amendment mode and not saved yet.
pub fn changed() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}
/// The banner that says amendment mode is on.
pub fn amend_banner() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}
pub fn flag() -> Style {
    Style::new().fg(Color::LightRed)
}
pub fn grade(id: Option<&str>) -> Style {
    match id {
        Some("excellent") => Style::new()
            .fg(Color::LightGreen)
            .add_modifier(Modifier::BOLD),
        Some("good") => Style::new().fg(Color::Green),
        Some("pass") => Style::new().fg(Color::Yellow),
        Some(_) => Style::new()
            .fg(Color::LightRed)
            .add_modifier(Modifier::BOLD),
        None => dim(),
    }
}

/// Width of the status column: the widest status label in the current language.
pub fn status_width() -> u16 {
    use crate::domain::model::EvalStatus;
    use unicode_width::UnicodeWidthStr;
    EvalStatus::ALL
        .iter()
        .map(|s| s.label().width())
        .chain([
            crate::i18n::t("list.status.absent").width(),
            crate::i18n::t("list.status.unscored").width(),
            // and its heading, never cut
            crate::i18n::t("list.col.status").width(),
        ])
        .max()
        .unwrap_or(4) as u16
}

/// Width of the grade column: the widest grade label of the rubric.
pub fn grade_width(rubric: &crate::domain::rubric::Rubric) -> u16 {
    use unicode_width::UnicodeWidthStr;
    rubric
        .grades
        .iter()
        .map(|g| g.label().width())
        .max()
        .unwrap_or(6)
        .max(2) as u16
}
