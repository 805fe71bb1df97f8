//! The judicial suggestion worklist (司法建议书), beside the judgment follow-ups: overdue replies
//! first, then those awaiting a reply, drafts, those replied. `Enter` shows the selected one's
//! texts, `s` sends a draft (a judge's name), `r` records the reply (its day and a summary), `p`
//! prints it, `D` discards a draft; a suggestion is drafted with `J` from the hearing or review
//! screen of an appearance with an art 12 situation.

use crate::cmd::Cmd;
use crate::domain::suggestion::{Standing, Status, Suggestion};
use crate::domain::validate;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::keymap::{Action, Keymap, Section};
use crate::theme;
use crate::widgets::columns::{self, Column};
use crate::widgets::ellipsis;
use crate::widgets::form::{Field, Form, Step};
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// Rows PageUp and PageDown move by.
const PAGE: usize = 10;

/// The reply to a sent suggestion, being entered: its day and a summary.
pub struct ReplyForm {
    pub id: i64,
    pub number: String,
    pub form: Form,
}

pub struct SuggestionsScreen {
    /// the day the worklist is as of
    pub today: NaiveDate,
    pub rows: Vec<Suggestion>,
    pub selected: usize,
    /// the selected one's texts shown under the list
    pub detail: bool,
    /// the reply form, open over the list
    pub replying: Option<ReplyForm>,
}

impl SuggestionsScreen {
    pub fn new(today: NaiveDate, rows: Vec<Suggestion>) -> Self {
        SuggestionsScreen {
            today,
            rows,
            selected: 0,
            detail: false,
            replying: None,
        }
    }

    /// The actions the footer offers: the reply form's while it is open.
    pub fn commands(&self) -> &'static [Action] {
        if self.replying.is_some() {
            &[
                Action::Save,
                Action::NextField,
                Action::Cancel,
                Action::Help,
            ]
        } else {
            &[
                Action::Details,
                Action::SendSuggestion,
                Action::RecordReply,
                Action::PrintSuggestion,
                Action::DeleteSuggestion,
                Action::Followups,
                Action::Back,
                Action::Help,
            ]
        }
    }

    /// Whether `action` acts on the selected suggestion (sending a draft, the reply to a sent one).
    pub fn enabled(&self, action: Action) -> bool {
        let status = self.selected_row().map(|s| s.status);
        match action {
            Action::SendSuggestion | Action::DeleteSuggestion => status == Some(Status::Draft),
            Action::RecordReply => matches!(status, Some(Status::Sent | Status::Replied)),
            Action::Details | Action::PrintSuggestion => status.is_some(),
            _ => true,
        }
    }

    pub fn section(&self) -> Section {
        if self.replying.is_some() {
            Section::Form
        } else {
            Section::Suggestions
        }
    }

    pub fn overdue(&self) -> usize {
        self.count(Standing::Overdue)
    }

    fn count(&self, s: Standing) -> usize {
        self.rows
            .iter()
            .filter(|x| x.standing(self.today) == s)
            .count()
    }

    /// New rows (after a change), keeping the selected suggestion (or selecting `select`).
    pub fn set_rows(&mut self, today: NaiveDate, rows: Vec<Suggestion>, select: Option<i64>) {
        let was = select.or_else(|| self.selected_row().map(|s| s.id));
        self.today = today;
        self.rows = rows;
        self.selected = was
            .and_then(|id| self.rows.iter().position(|s| s.id == id))
            .unwrap_or(self.selected)
            .min(self.rows.len().saturating_sub(1));
    }

    pub fn selected_row(&self) -> Option<&Suggestion> {
        self.rows.get(self.selected)
    }

    fn open_reply(&mut self) {
        let Some(s) = self.selected_row() else {
            return;
        };
        let on = s.replied_on.unwrap_or(self.today).to_string();
        let form = Form::new(vec![
            Field::text("replied_on", "suggestion.form.replied_on", &on),
            Field::text("summary", "suggestion.form.summary", &s.reply),
        ]);
        self.replying = Some(ReplyForm {
            id: s.id,
            number: s.number.clone(),
            form,
        });
    }

    /// The reply typed, its day checked; None (with the error shown) when it is not a date.
    fn reply(r: &mut ReplyForm) -> Option<Cmd> {
        let on = validate::date(&r.form.text("replied_on"));
        r.form
            .set_error("replied_on", on.clone().err().map(|m| m.text()));
        if let Some(i) = r.form.first_error() {
            r.form.focus = i;
            return None;
        }
        let on = NaiveDate::parse_from_str(&on.ok()?, "%Y-%m-%d").ok()?;
        Some(Cmd::SaveSuggestionReply {
            id: r.id,
            on,
            summary: r.form.text("summary"),
        })
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(r) = &mut self.replying {
            r.form.paste(text);
        }
    }

    pub fn handle_key(
        &mut self,
        key: &KeyEvent,
        action: Option<Action>,
        keymap: &Keymap,
    ) -> Option<Cmd> {
        if let Some(r) = &mut self.replying {
            match r.form.step(key, action, keymap) {
                // a day that is not one is shown in the form, which stays open
                Step::Submit => return Self::reply(r),
                Step::Cancel => self.replying = None,
                Step::Stay => {}
            }
            return None;
        }
        let action = action?;
        if !self.enabled(action) {
            return None;
        }
        let id = self.selected_row().map(|s| s.id);
        match action {
            Action::Back => return Some(Cmd::OpenList),
            Action::Followups => return Some(Cmd::OpenFollowups),
            Action::Refresh => return Some(Cmd::OpenSuggestions(None)),
            Action::Details => self.detail = !self.detail,
            Action::SendSuggestion => return id.map(Cmd::AskSendSuggestion),
            Action::RecordReply => self.open_reply(),
            Action::PrintSuggestion => return id.map(Cmd::PrintSuggestion),
            Action::DeleteSuggestion => return id.map(Cmd::AskDeleteSuggestion),
            a => {
                crate::widgets::moved(&mut self.selected, a, self.rows.len(), PAGE);
            }
        }
        None
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        if self.rows.is_empty() {
            crate::widgets::render_empty(frame, area, t("suggestion.empty"), t("suggestion.rule"));
            return;
        }
        let [summary, rule, body] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(area);
        frame.render_widget(
            Paragraph::new(Span::styled(
                ellipsis(
                    &tf(
                        "suggestion.summary",
                        &[
                            ("today", &self.today),
                            ("o", &self.count(Standing::Overdue)),
                            ("a", &self.count(Standing::Awaiting)),
                            ("d", &self.count(Standing::Draft)),
                            ("r", &self.count(Standing::Replied)),
                        ],
                    ),
                    summary.width as usize,
                ),
                theme::label(),
            )),
            summary,
        );
        frame.render_widget(
            Paragraph::new(Span::styled(
                ellipsis(t("suggestion.rule"), rule.width as usize),
                theme::dim(),
            )),
            rule,
        );
        if self.detail {
            let [table, detail] =
                Layout::vertical([Constraint::Percentage(40), Constraint::Fill(1)]).areas(body);
            self.render_table(frame, table);
            self.render_detail(frame, detail);
        } else {
            self.render_table(frame, body);
        }
        if let Some(r) = &self.replying {
            render_reply(frame, area, r);
        }
    }

    fn render_table(&self, frame: &mut Frame, area: Rect) {
        let height = (area.height as usize).saturating_sub(1).max(1);
        let scroll = self.selected.saturating_sub(height - 1);
        let narrow = area.width < 120;
        let dated = |d: Option<NaiveDate>| {
            d.map(|d| {
                let s = d.to_string();
                if narrow { s[5..].to_string() } else { s }
            })
            .unwrap_or_else(|| "—".to_string())
        };
        // at 80 columns the recipient and the day sent are left to the details (Enter): the
        // number, the state, the case (never cut) and the deadline stay
        let mut header = vec![
            t("suggestion.col.number"),
            t("suggestion.col.state"),
            t("suggestion.col.agency"),
            t("suggestion.col.recipient"),
            t("list.col.case"),
            t("suggestion.col.sent"),
            t("suggestion.col.deadline"),
        ];
        let mut cols = vec![
            Column::whole(),
            Column::whole(),
            Column::left(6),
            Column::left(6),
            Column::whole(),
            Column::whole(),
            Column::whole(),
        ];
        let keep = |k: usize| !narrow || !matches!(k, 3 | 5);
        header = header
            .into_iter()
            .enumerate()
            .filter(|(k, _)| keep(*k))
            .map(|(_, h)| h)
            .collect();
        cols = cols
            .into_iter()
            .enumerate()
            .filter(|(k, _)| keep(*k))
            .map(|(_, c)| c)
            .collect();
        let visible: Vec<(usize, &Suggestion)> = self
            .rows
            .iter()
            .enumerate()
            .skip(scroll)
            .take(height)
            .collect();
        let texts: Vec<Vec<String>> = visible
            .iter()
            .map(|(_, s)| {
                let cases = s.cases();
                let case = match cases.len() {
                    0 => String::new(),
                    1 => cases[0].to_string(),
                    n => tf("suggestion.cases", &[("case", &cases[0]), ("n", &n)]),
                };
                let all = [
                    if s.number.is_empty() {
                        "—".to_string()
                    } else {
                        s.number.clone()
                    },
                    s.standing_text(self.today).text(),
                    s.agency.clone(),
                    s.recipient.clone(),
                    case,
                    dated(s.sent_on),
                    dated(s.deadline),
                ];
                all.into_iter()
                    .enumerate()
                    .filter(|(k, _)| keep(*k))
                    .map(|(_, c)| c)
                    .collect()
            })
            .collect();
        let today = self.today;
        columns::render_table(
            frame,
            area,
            &cols,
            &header,
            &texts,
            |i| {
                let (at, s) = visible[i];
                if at == self.selected {
                    theme::selected()
                } else if s.standing(today) == Standing::Overdue {
                    theme::flag()
                } else {
                    Style::default()
                }
            },
            |i, k| {
                let (at, s) = visible[i];
                (k == 1).then(|| match (at == self.selected, s.standing(today)) {
                    (true, _) => Style::default(),
                    (_, Standing::Overdue) => theme::error(),
                    (_, Standing::Awaiting | Standing::Draft) => theme::draft(),
                    (_, Standing::Replied) => theme::dim(),
                })
            },
        );
    }

    /// The selected suggestion's recipient, copies and texts, wrapped.
    fn render_detail(&self, frame: &mut Frame, area: Rect) {
        let Some(s) = self.selected_row() else {
            return;
        };
        let shown = |x: &str| crate::domain::text::shown(x).into_owned();
        let label = |key: &str| tf("suggestion.detail.label", &[("label", &t(key))]);
        let mut lines = vec![Line::from(vec![
            Span::styled(label("suggestion.col.recipient"), theme::label()),
            Span::raw(tf(
                "suggestion.detail.recipient",
                &[
                    ("recipient", &shown(&s.recipient)),
                    ("kind", &s.recipient_kind.label().text()),
                ],
            )),
            Span::raw("  "),
            Span::styled(label("suggestion.col.cc"), theme::label()),
            Span::raw(shown(&s.cc.join("、"))),
        ])];
        let mut section = |key: &str, text: &str| {
            if text.trim().is_empty() {
                return;
            }
            lines.push(Line::from(Span::styled(
                tf("suggestion.detail.section", &[("label", &t(key))]),
                theme::label(),
            )));
            for l in text.lines() {
                lines.push(Line::from(shown(l)));
            }
        };
        section("suggestion.field.facts", &s.texts.facts);
        section("suggestion.field.problem", &s.texts.problem);
        section("suggestion.field.cause", &s.texts.cause);
        section("suggestion.field.suggestion", &s.texts.suggestion);
        if let Some(on) = s.replied_on {
            section("suggestion.col.reply", &format!("{on} {}", s.reply));
        }
        let block = Block::default().borders(Borders::TOP);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(
            Paragraph::new(crate::widgets::wrap_text(lines, inner.width)),
            inner,
        );
    }
}

/// The reply form, in a box over the list.
fn render_reply(frame: &mut Frame, area: Rect, r: &ReplyForm) {
    let title = tf("suggestion.form_title", &[("number", &r.number)]);
    r.form
        .render_boxed(frame, area, &title, t("suggestion.form_help"));
}
