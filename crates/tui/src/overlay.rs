//! Overlays see keys before the screen: help, a yes/no question, a one-line prompt (a judge's name
//! with names offered), the agency picker, saving an amendment, a case's history.

use crate::i18n::prelude::*;
pub mod amend;
pub mod history;
pub mod import;

use super::keymap::{Action, Keymap, Section};
use super::theme;
use super::widgets::offers::Offers;
use super::widgets::picker::{Pick, Picker};
use super::widgets::text_field::TextField;
use crate::cmd::Cmd;
use crate::domain::performance;
use crate::domain::rubric::Rubric;
use crate::i18n::{t, tf};
use amend::AmendSave;
use crossterm::event::KeyEvent;
use history::HistoryView;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub use crate::cmd::PromptPurpose;

impl PromptPurpose {
    fn title(&self) -> String {
        match self {
            PromptPurpose::Comment => t("prompt.comment").to_string(),
            PromptPurpose::Note(_) => t("prompt.note").to_string(),
            PromptPurpose::Finalize => t("prompt.finalize").to_string(),
            PromptPurpose::LiveNote(_) => t("prompt.live_note").to_string(),
            PromptPurpose::ExportFolder => t("prompt.export_folder").to_string(),
            PromptPurpose::Performance { outcome, .. } => {
                tf("prompt.performance_by", &[("outcome", outcome)])
            }
            PromptPurpose::PerformanceDeadline { outcome, .. } => {
                tf("prompt.performance_deadline", &[("outcome", outcome)])
            }
            PromptPurpose::AmendText(f) => {
                format!(
                    " {} ",
                    tf(
                        "prompt.amend_text",
                        &[("field", &t(&format!("field.{}", f.id())))]
                    )
                )
            }
            PromptPurpose::DeleteHearing(_, what) | PromptPurpose::RemoveDefendant(_, what) => {
                format!(" {} ", tf("prompt.delete_reason", &[("what", what)]))
            }
            PromptPurpose::ScheduleFile => t("prompt.schedule_file").to_string(),
            PromptPurpose::SuggestionDrafter(..) => t("prompt.suggestion_drafter").to_string(),
            PromptPurpose::SuggestionSender(_) => t("prompt.suggestion_sender").to_string(),
            PromptPurpose::ReviewFinalizer(_) => t("prompt.review_finalizer").to_string(),
            PromptPurpose::MergeReason { from, into } => tf(
                "agencies.merge_reason",
                &[
                    ("from", &super::widgets::ellipsis(from, 20)),
                    ("into", &super::widgets::ellipsis(into, 20)),
                ],
            ),
            PromptPurpose::RenameReason { from, to, .. } => tf(
                "agencies.rename_reason",
                &[
                    ("from", &super::widgets::ellipsis(from, 20)),
                    ("to", &super::widgets::ellipsis(to, 20)),
                ],
            ),
        }
    }

    /// A judge confirms by typing a name: the prompt starts empty and offers `[people] judges`.
    pub fn is_judge(&self) -> bool {
        matches!(
            self,
            PromptPurpose::Finalize
                | PromptPurpose::SuggestionDrafter(..)
                | PromptPurpose::SuggestionSender(_)
                | PromptPurpose::ReviewFinalizer(_)
        )
    }
}

/// The outcomes a pending judgment performance may be recorded as, each asking who records it
/// (`by`: the name the prompt starts with).
pub fn outcome_options(rubric: &Rubric, eval: i64, by: &str) -> Vec<(String, Cmd)> {
    performance::choices(rubric)
        .into_iter()
        .map(|o| {
            (
                o.label().to_string(),
                Cmd::Prompt(
                    PromptPurpose::Performance {
                        eval,
                        option: o.id.clone(),
                        outcome: o.label().to_string(),
                    },
                    by.to_string(),
                ),
            )
        })
        .collect()
}

/// What the agency picker picks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickFor {
    /// a defendant agency of this hearing
    Defendant(i64),
    /// the agency that this one (by name) is merged into
    MergeInto(String),
}

pub enum Overlay {
    /// a screen's keys: its section's, less those that do not apply in its mode
    Help(Section, Vec<Action>),
    Confirm {
        message: String,
        yes: Cmd,
    },
    Prompt {
        purpose: PromptPurpose,
        field: TextField,
        /// names offered while typing (a judge's name)
        offers: Option<Offers>,
    },
    Picker {
        target: PickFor,
        picker: Picker,
    },
    /// one of a few choices: ↑↓ and Enter, or its number
    Choice {
        title: String,
        options: Vec<(String, Cmd)>,
        selected: usize,
    },
    /// the reason and the judge's name that save an amendment
    AmendSave(AmendSave),
    History(HistoryView),
    /// a schedule's dry run, asking whether to import it
    Import(import::ImportPreview),
}

impl Overlay {
    pub fn prompt(purpose: PromptPurpose, initial: &str) -> Overlay {
        Overlay::Prompt {
            purpose,
            field: TextField::new(initial),
            offers: None,
        }
    }
    /// A judge's name: typed into an empty field, the configured judges offered as it is typed.
    pub fn judge_prompt(purpose: PromptPurpose, judges: Vec<String>) -> Overlay {
        Overlay::Prompt {
            purpose,
            field: TextField::default().with_max(crate::domain::text::NAME_MAX),
            offers: Some(Offers::new(judges)),
        }
    }
    pub fn picker(target: PickFor) -> Overlay {
        // a defendant may be a new agency (its own row); the agency merged into is a known one
        let picker = match target {
            PickFor::Defendant(_) => Picker::offering_new(),
            PickFor::MergeInto(_) => Picker::default(),
        };
        Overlay::Picker { target, picker }
    }

    pub fn paste(&mut self, text: &str) {
        match self {
            Overlay::Prompt { field, .. } => field.insert_str(text),
            Overlay::Picker { picker, .. } => picker.input.insert_str(text),
            Overlay::AmendSave(f) => f.paste(text),
            _ => {}
        }
    }

    pub fn set_suggestions(&mut self, mut names: Vec<String>) {
        if let Overlay::Picker { target, picker } = self {
            // an agency is never merged into itself
            if let PickFor::MergeInto(from) = target {
                names.retain(|n| n != from);
            }
            picker.set_suggestions(names);
        }
    }

    /// The keys this pop-up offers, in its box and in the footer while it is open (None: help,
    /// which any key closes). Its keys are those of the section's in the keymap.
    pub fn commands(&self) -> Option<(Section, &'static [Action])> {
        Some(match self {
            Overlay::Help(..) => return None,
            Overlay::Confirm { .. } => (Section::Confirm, &[Action::Yes, Action::No]),
            Overlay::Prompt { .. } => (Section::Prompt, &[Action::Submit, Action::Cancel]),
            Overlay::Picker { .. } => (
                Section::Prompt,
                &[Action::Up, Action::Down, Action::Submit, Action::Cancel],
            ),
            Overlay::Choice { .. } => (
                Section::Choice,
                &[Action::Up, Action::Down, Action::Pick, Action::Cancel],
            ),
            Overlay::AmendSave(_) => (Section::AmendSave, AmendSave::COMMANDS),
            Overlay::History(_) => (Section::History, HistoryView::COMMANDS),
            Overlay::Import(p) => (Section::Import, p.commands()),
        })
    }

    /// The line of keys its box shows: the same as the footer's.
    fn keys(&self, keymap: &Keymap) -> String {
        self.commands()
            .map(|(section, actions)| keymap.hints(section, actions))
            .unwrap_or_default()
    }

    /// Returns the overlay to keep open (if any) and a command to run.
    pub fn handle_key(self, key: KeyEvent, keymap: &Keymap) -> (Option<Overlay>, Option<Cmd>) {
        match self {
            Overlay::Help(..) => {
                // any key closes help; the help key itself too
                (None, None)
            }
            Overlay::Confirm { message, yes } => match keymap.action(Section::Confirm, &key) {
                Some(Action::Yes) => (None, Some(yes)),
                Some(Action::No) => (None, None),
                _ => (Some(Overlay::Confirm { message, yes }), None),
            },
            Overlay::Prompt {
                purpose,
                mut field,
                mut offers,
            } => {
                let action = keymap.action(Section::Prompt, &key);
                let offered = offers
                    .as_mut()
                    .is_some_and(|o| o.handle_key(&key, &mut field, keymap));
                match action {
                    _ if offered => {}
                    Some(Action::Submit) => {
                        let text = field.value().trim().to_string();
                        return (None, Some(Cmd::Submit(purpose, text)));
                    }
                    // a file's path is completed from its folder, as a shell does
                    Some(Action::Complete) if matches!(purpose, PromptPurpose::ScheduleFile) => {
                        let (text, names) = crate::widgets::path_complete::complete(field.value());
                        field.set(&text);
                        let said = (names.len() > 1).then(|| {
                            let shown: Vec<String> = names
                                .iter()
                                .take(8)
                                .map(|n| crate::domain::text::shown(n).into_owned())
                                .collect();
                            Cmd::Message(tf(
                                "prompt.path_matches",
                                &[("n", &names.len()), ("names", &shown.join("  "))],
                            ))
                        });
                        return (
                            Some(Overlay::Prompt {
                                purpose,
                                field,
                                offers,
                            }),
                            said,
                        );
                    }
                    Some(Action::Cancel) => return (None, None),
                    _ => {
                        if field.handle_key(&key, keymap)
                            && let Some(o) = &mut offers
                        {
                            o.edited();
                        }
                    }
                }
                (
                    Some(Overlay::Prompt {
                        purpose,
                        field,
                        offers,
                    }),
                    None,
                )
            }
            Overlay::AmendSave(mut f) => {
                let (keep, cmd) = f.handle_key(&key, keymap);
                (keep.then_some(Overlay::AmendSave(f)), cmd)
            }
            Overlay::History(mut h) => {
                let keep = h.handle_key(&key, keymap);
                (keep.then_some(Overlay::History(h)), None)
            }
            Overlay::Choice {
                title,
                mut options,
                mut selected,
            } => {
                // a choice is also picked by its number, typed
                let typed = super::keymap::typed(&key);
                let pick = match (keymap.action(Section::Choice, &key), typed) {
                    (Some(Action::Cancel), _) => return (None, None),
                    (Some(Action::Pick), _) => Some(selected),
                    (Some(Action::Up), _) => {
                        selected = selected.saturating_sub(1);
                        None
                    }
                    (Some(Action::Down), _) => {
                        selected = (selected + 1).min(options.len().saturating_sub(1));
                        None
                    }
                    (_, Some(c)) => c
                        .to_digit(10)
                        .and_then(|d| (d as usize).checked_sub(1))
                        .filter(|i| *i < options.len()),
                    _ => None,
                };
                match pick {
                    Some(i) if i < options.len() => (None, Some(options.swap_remove(i).1)),
                    _ => (
                        Some(Overlay::Choice {
                            title,
                            options,
                            selected,
                        }),
                        None,
                    ),
                }
            }
            Overlay::Import(p) => {
                let (keep, cmd) = p.handle_key(&key, keymap);
                (keep.map(Overlay::Import), cmd)
            }
            Overlay::Picker { target, mut picker } => match keymap.action(Section::Prompt, &key) {
                Some(Action::Submit) => match (picker.pick(), &target) {
                    (Pick::Known(name), PickFor::Defendant(hearing)) => {
                        (None, Some(Cmd::AddDefendant(*hearing, name)))
                    }
                    // a new agency: its own row, chosen; near a known one, asked about first
                    (Pick::New(name), PickFor::Defendant(hearing)) => {
                        let add = Cmd::AddDefendant(*hearing, name.clone());
                        match picker.ask_new(&name) {
                            Some(q) => (None, Some(Cmd::Confirm(q, Box::new(add)))),
                            None => (None, Some(add)),
                        }
                    }
                    (Pick::Known(into), PickFor::MergeInto(from)) => (
                        None,
                        Some(Cmd::AskMergeReason {
                            from: from.clone(),
                            into,
                        }),
                    ),
                    // Chinese that finds no agency to merge into: refused by name (not in the
                    // directory, or the agency itself)
                    (Pick::Nothing, PickFor::MergeInto(from))
                        if !picker.is_pinyin() && !picker.input.value().trim().is_empty() =>
                    {
                        (
                            None,
                            Some(Cmd::AskMergeReason {
                                from: from.clone(),
                                into: picker.input.value().trim().to_string(),
                            }),
                        )
                    }
                    // pinyin that finds nothing names no agency: said, the picker kept
                    (_, _) if picker.is_pinyin() => {
                        let typed = picker.input.value().trim().to_string();
                        (
                            Some(Overlay::Picker { target, picker }),
                            Some(Cmd::Message(tf(
                                "picker.pinyin_none",
                                &[("typed", &crate::domain::text::shown(&typed))],
                            ))),
                        )
                    }
                    _ => (Some(Overlay::Picker { target, picker }), None),
                },
                Some(Action::Cancel) => (None, None),
                _ => {
                    let changed = picker.handle_key(&key, keymap);
                    let text = picker.input.value().to_string();
                    (
                        Some(Overlay::Picker { target, picker }),
                        changed.then_some(Cmd::SearchAgencies(text)),
                    )
                }
            },
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, keymap: &Keymap) {
        match self {
            Overlay::Help(section, hidden) => render_help(frame, area, keymap, *section, hidden),
            Overlay::Confirm { message, .. } => {
                // room for a long question (the award items not scored, say): wrapped lines + 4
                let lines = super::widgets::wrap(message, 56).len() as u16;
                let r = centered(area, 60, lines.max(2) + 5);
                clear(frame, r);
                // a column of room inside each border: the question never touches it
                let b = Block::default()
                    .borders(Borders::ALL)
                    .padding(ratatui::widgets::Padding::horizontal(1))
                    .title(Span::styled(t("confirm.title"), theme::header()));
                let lines = vec![
                    Line::from(message.as_str()),
                    Line::from(""),
                    Line::from(Span::styled(self.keys(keymap), theme::dim())),
                ];
                frame.render_widget(
                    Paragraph::new(crate::widgets::wrap_text(lines, r.width.saturating_sub(4)))
                        .block(b),
                    r,
                );
            }
            Overlay::Prompt {
                purpose,
                field,
                offers,
            } => {
                let r = centered(area, 72, 5);
                clear(frame, r);
                let b = Block::default()
                    .borders(Borders::ALL)
                    .title(Span::styled(purpose.title(), theme::header()));
                let inner = b.inner(r);
                frame.render_widget(b, r);
                let [input, hint] =
                    Layout::vertical([Constraint::Length(1), Constraint::Length(2)]).areas(inner);
                frame.render_widget(Block::default().style(theme::input_focused()), input);
                field.render(frame, input, theme::input_focused(), true);
                if let Some(line) = offers.as_ref().and_then(|o| o.line(field.value(), keymap)) {
                    frame.render_widget(line, Rect { height: 1, ..hint });
                }
                frame.render_widget(
                    Paragraph::new(Span::styled(self.keys(keymap), theme::dim())),
                    Rect {
                        y: hint.y + 1,
                        height: 1,
                        ..hint
                    },
                );
            }
            Overlay::Choice {
                title,
                options,
                selected,
            } => {
                // wide enough for its keys line (English is longer), and its number
                let keys = format!(" {} ", tf("choice.keys", &[("keys", &self.keys(keymap))]));
                let r = centered(
                    area,
                    48.max(unicode_width::UnicodeWidthStr::width(keys.as_str()) as u16 + 4),
                    options.len() as u16 + 4,
                );
                clear(frame, r);
                let b = Block::default()
                    .borders(Borders::ALL)
                    .title(Span::styled(format!(" {title} "), theme::header()))
                    .title_bottom(Span::styled(keys, theme::dim()));
                let lines: Vec<Line> = options
                    .iter()
                    .enumerate()
                    .map(|(i, (label, _))| {
                        if i == *selected {
                            Line::from(Span::styled(
                                format!("›{}. {label}", i + 1),
                                theme::selected(),
                            ))
                        } else {
                            Line::from(format!(" {}. {label}", i + 1))
                        }
                    })
                    .collect();
                frame.render_widget(
                    Paragraph::new(lines).block(b.padding(ratatui::widgets::Padding::vertical(1))),
                    r,
                );
            }
            Overlay::AmendSave(f) => f.render(frame, area, keymap),
            Overlay::History(h) => h.render(frame, area, keymap),
            Overlay::Import(p) => p.render(frame, area, keymap),
            Overlay::Picker { target, picker } => {
                let keys = self.keys(keymap);
                let (title, keys) = match target {
                    PickFor::Defendant(_) => (
                        t("picker.title").to_string(),
                        tf("picker.keys", &[("keys", &keys)]),
                    ),
                    PickFor::MergeInto(from) => (
                        tf(
                            "agencies.merge_title",
                            &[("from", &super::widgets::ellipsis(from, 36))],
                        ),
                        tf("agencies.merge_keys", &[("keys", &keys)]),
                    ),
                };
                // wide enough for its line of keys
                let keys_w = unicode_width::UnicodeWidthStr::width(keys.as_str()) as u16;
                let r = centered(area, 56.max(keys_w + 4), 11);
                clear(frame, r);
                let b = Block::default()
                    .borders(Borders::ALL)
                    .title(Span::styled(title, theme::header()));
                let inner = b.inner(r);
                frame.render_widget(b, r);
                let [input, list, hint] = Layout::vertical([
                    Constraint::Length(1),
                    Constraint::Fill(1),
                    Constraint::Length(1),
                ])
                .areas(inner);
                frame.render_widget(Block::default().style(theme::input_focused()), input);
                picker
                    .input
                    .render(frame, input, theme::input_focused(), true);
                picker.render_suggestions(
                    frame,
                    Rect {
                        y: list.y + 1,
                        height: list.height.saturating_sub(1),
                        ..list
                    },
                );
                frame.render_widget(Paragraph::new(Span::styled(keys, theme::dim())), hint);
            }
        }
    }
}

/// Clears the area an overlay covers. A wide character just left of it whose second half the
/// overlay covers is blanked too: left alone, the terminal would draw it across the border.
pub fn clear(frame: &mut Frame, r: Rect) {
    use unicode_width::UnicodeWidthStr;
    frame.render_widget(Clear, r);
    if r.x == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    for y in r.top()..r.bottom() {
        let cell = &mut buf[(r.x - 1, y)];
        if cell.symbol().width() > 1 {
            cell.set_symbol(" ");
        }
    }
}

pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The help overlay, generated from the keymap: the current screen's keys, then those of the
/// pop-ups and text fields, in as many columns as the width takes (80 columns: two).
fn render_help(
    frame: &mut Frame,
    area: Rect,
    keymap: &Keymap,
    section: Section,
    hidden: &[Action],
) {
    use crate::widgets::ellipsis;
    use unicode_width::UnicodeWidthStr;
    let entry = |a: &Action, keys: &[crate::keymap::KeySpec]| {
        let keys: Vec<String> = keys.iter().take(3).map(|k| k.label()).collect();
        (keys.join(" / "), a.description())
    };
    let entries: Vec<(String, String)> = keymap
        .bindings(section)
        .iter()
        .filter(|(a, _)| !hidden.contains(a))
        .map(|(a, k)| entry(a, k))
        .collect();
    let inner = area.width.saturating_sub(2) as usize;
    // each column as wide as its own keys and descriptions: as many columns as fit whole (up to
    // four); when fewer would fit than descriptions of 12 allow, that many, the widest cut with …
    let widths = |cols: usize| -> Vec<(usize, usize)> {
        let rows = entries.len().div_ceil(cols).max(1);
        entries
            .chunks(rows)
            .map(|c| {
                let k = c.iter().map(|(k, _)| k.width()).max().unwrap_or(0).min(18);
                let d = c.iter().map(|(_, d)| d.width()).max().unwrap_or(0);
                (k, d)
            })
            .collect()
    };
    let total = |w: &[(usize, usize)]| -> usize { w.iter().map(|(k, d)| k + 1 + d + 2).sum() };
    let key_max = entries
        .iter()
        .map(|(k, _)| k.width())
        .max()
        .unwrap_or(4)
        .min(18);
    let least = (inner / (key_max + 1 + 12 + 2)).clamp(1, 4);
    let whole = (1..=4).rev().find(|&c| total(&widths(c)) <= inner + 2);
    let mut cols_w = match whole {
        Some(c) if c >= least => widths(c),
        _ => widths(least),
    };
    // cut the widest descriptions until the columns fit
    while total(&cols_w) > inner + 2 {
        let Some(widest) = (0..cols_w.len()).max_by_key(|&i| cols_w[i].1) else {
            break;
        };
        if cols_w[widest].1 <= 4 {
            break;
        }
        cols_w[widest].1 -= 1;
    }
    let cols = cols_w.len().max(1);
    let width = total(&cols_w).saturating_sub(2).max(20).min(inner);
    // the screen's keys fill their rows column by column
    let mut lines: Vec<Line> = Vec::new();
    let rows = entries.len().div_ceil(cols);
    for r in 0..rows {
        let mut spans = Vec::new();
        for (c, &(key_w, desc_w)) in cols_w.iter().enumerate() {
            let Some((k, d)) = entries.get(c * rows + r) else {
                continue;
            };
            let k = ellipsis(k, key_w);
            let d = ellipsis(d, desc_w);
            spans.push(Span::styled(
                format!("{k}{} ", " ".repeat(key_w - k.width())),
                theme::focused_label(),
            ));
            let gap = if c + 1 < cols { 2 } else { 0 };
            spans.push(Span::raw(format!(
                "{d}{}",
                " ".repeat(desc_w - d.width() + gap)
            )));
        }
        lines.push(Line::from(spans));
    }
    // what is typed rather than bound: an award's points are its digits
    if section == Section::Scoring && !hidden.contains(&Action::Increase) {
        for l in crate::widgets::wrap(t("help.award_digits"), width) {
            lines.push(Line::from(Span::styled(l, theme::dim())));
        }
    }
    // then the pop-ups' and fields' keys, a line or two each: their first key and what it does
    lines.push(Line::from(Span::styled(t("help.widgets"), theme::header())));
    // (the pop-ups this screen opens first)
    for w in section.popups().iter().chain(Section::WIDGETS) {
        let text = keymap
            .bindings(*w)
            .iter()
            // a key and what it does stay on one line (no-break spaces inside)
            .filter_map(|(a, k)| {
                let entry = format!("{} {}", k.first()?.label(), a.description());
                Some(entry.replace(' ', "\u{a0}"))
            })
            .collect::<Vec<_>>()
            .join("  ");
        let text = format!(
            "{}{}{text}",
            t(&format!("screen.{}", w.name())),
            t("common.colon")
        );
        for l in crate::widgets::wrap(&text, width) {
            lines.push(Line::from(l));
        }
    }
    let width = (width + 2) as u16;
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = centered(area, width, h);
    clear(frame, r);
    let title = format!(
        " {} — {} ",
        t("help.title"),
        t(&format!("screen.{}", section.name()))
    );
    let b = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme::header()))
        .title_bottom(Span::styled(t("help.close"), theme::dim()));
    frame.render_widget(Paragraph::new(lines).block(b), r);
}
