//! Colours and styles in one place.

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
