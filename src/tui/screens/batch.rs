//! The month-end batch: pick a period, see what it would claim and what stays out, preview the
//! indicators, export, and see the batches exported so far with their files and checksums.

use crate::domain::indicators::Report;
use crate::domain::period::{Period, PeriodKind};
use crate::domain::rubric::Rubric;
use crate::i18n::{labelled, t, tf};
use crate::store::batch::{BatchMeta, Preview};
use crate::tui::app::Cmd;
use crate::tui::keymap::Action;
use crate::tui::overlay::PromptPurpose;
use crate::tui::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};
use unicode_width::UnicodeWidthStr;

pub struct BatchScreen {
    pub period: Period,
    pub preview: Preview,
    pub report: Report,
    pub batches: Vec<BatchMeta>,
    pub selected: usize,
    pub out: String,
    /// the day it is: no period after it is offered, a month not ended is exported after a warning
    pub today: chrono::NaiveDate,
}

impl BatchScreen {
    /// What the footer offers.
    pub fn commands(&self) -> &'static [Action] {
        &[
            Action::PrevPeriod,
            Action::NextPeriod,
            Action::Quarter,
            Action::Topic,
            Action::Export,
            Action::Back,
            Action::Help,
        ]
    }

    pub fn handle_key(&mut self, action: Option<Action>) -> Option<Cmd> {
        match action? {
            Action::Back => Some(Cmd::OpenList),
            Action::PrevPeriod => Some(Cmd::BatchPeriod(self.period.shift(-1))),
            Action::NextPeriod => {
                let next = self.period.shift(1);
                Some(if next.begun(self.today) {
                    Cmd::BatchPeriod(next)
                } else {
                    Cmd::Message(tf("batch.no_future", &[("period", &next.title())]))
                })
            }
            Action::Quarter => Some(Cmd::BatchPeriod(self.period.toggle_quarter(self.today))),
            Action::Topic => Some(Cmd::Prompt(
                PromptPurpose::Topic,
                format!("{} {} ", self.period.from, self.period.to),
            )),
            Action::Export => {
                let ask = Cmd::Prompt(PromptPurpose::ExportFolder, self.out.clone());
                // a month not over yet: what is scored later this month goes to the next batch
                Some(
                    if self.period.kind.claims() && !self.period.ended(self.today) {
                        Cmd::Confirm(
                            tf(
                                "batch.not_ended",
                                &[("period", &self.period.title()), ("today", &self.today)],
                            ),
                            Box::new(ask),
                        )
                    } else {
                        ask
                    },
                )
            }
            Action::Up => {
                self.selected = self.selected.saturating_sub(1);
                None
            }
            Action::Down => {
                self.selected = (self.selected + 1).min(self.batches.len().saturating_sub(1));
                None
            }
            _ => None,
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, rubric: &Rubric) {
        let [head, body, past] = Layout::vertical([
            Constraint::Length(5),
            Constraint::Fill(1),
            Constraint::Length(7),
        ])
        .areas(area);
        let p = &self.preview;
        let kind = match self.period.kind {
            PeriodKind::Month => t("batch.kind.month"),
            PeriodKind::Quarter => t("batch.kind.quarter"),
            PeriodKind::Half => t("batch.kind.half"),
            PeriodKind::Year => t("batch.kind.year"),
            PeriodKind::Topic => t("batch.kind.topic"),
        };
        let mut lines = vec![Line::from(vec![
            Span::styled(labelled("batch.period"), theme::label()),
            Span::styled(self.period.title(), theme::header()),
            Span::styled(
                format!("  {kind}  {} — {}", self.period.from, self.period.to),
                theme::dim(),
            ),
        ])];
        match &p.existing {
            Some(b) => lines.push(Line::from(Span::styled(
                tf(
                    "batch.existing",
                    &[
                        ("at", &b.created_at.get(..16).unwrap_or(&b.created_at)),
                        ("n", &b.appearances),
                    ],
                ),
                theme::draft(),
            ))),
            // a report claims nothing: it covers every reportable record of its dates
            None if !self.period.kind.claims() => lines.push(Line::from(tf(
                "batch.report",
                &[
                    ("n", &self.report.total.appearances),
                    ("e", &self.report.total.evaluations),
                ],
            ))),
            None => lines.push(Line::from(tf(
                "batch.claim",
                &[
                    ("n", &p.claim),
                    ("e", &p.evaluations),
                    ("a", &p.absences),
                    ("l", &p.late),
                    ("o", &p.outcomes),
                ],
            ))),
        }
        if p.existing.is_none() && self.period.kind.claims() && p.drafts + p.unscored > 0 {
            lines.push(Line::from(Span::styled(
                format!(
                    "⚠ {}",
                    tf("batch.left_out", &[("d", &p.drafts), ("u", &p.unscored)])
                ),
                theme::error(),
            )));
        }
        lines.push(Line::from(Span::styled(
            tf("batch.out", &[("dir", &self.out)]),
            theme::dim(),
        )));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), head);

        // the indicators, in two columns
        let rows = self.report.total.values(rubric);
        let block = Block::default()
            .borders(Borders::TOP)
            .title(Span::styled(t("batch.indicators"), theme::dim()));
        let inner = block.inner(body);
        frame.render_widget(block, body);
        let half = rows.len().div_ceil(2);
        let cols = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).split(inner);
        for (c, chunk) in rows.chunks(half).enumerate() {
            let lines: Vec<Line> = chunk
                .iter()
                .take(inner.height as usize)
                .map(|v| {
                    // the value always shows; the label gives way, cut with an ellipsis
                    let value = v.text();
                    let room = (cols[c].width as usize).saturating_sub(value.width() + 2);
                    Line::from(vec![
                        Span::styled(
                            format!("{} ", crate::tui::widgets::ellipsis(&v.label, room)),
                            theme::label(),
                        ),
                        Span::raw(value),
                    ])
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), cols[c]);
        }

        let block = Block::default()
            .borders(Borders::TOP)
            .title(Span::styled(t("batch.past"), theme::dim()));
        let inner = block.inner(past);
        frame.render_widget(block, past);
        if self.batches.is_empty() {
            frame.render_widget(
                Paragraph::new(Span::styled(t("batch.none"), theme::dim())),
                inner,
            );
            return;
        }
        let [list, files] =
            Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(inner);
        let id_width = self
            .batches
            .iter()
            .map(|b| b.id.width() as u16)
            .max()
            .unwrap_or(7);
        let rows: Vec<Row> = self
            .batches
            .iter()
            .enumerate()
            .map(|(i, b)| {
                Row::new(vec![
                    Cell::from(b.id.clone()),
                    Cell::from(b.created_at.get(..10).unwrap_or("").to_string()),
                    Cell::from(tf(
                        "batch.row",
                        &[("n", &b.appearances), ("l", &b.late), ("o", &b.outcomes)],
                    )),
                ])
                .style(if i == self.selected {
                    theme::selected()
                } else {
                    Default::default()
                })
            })
            .collect();
        frame.render_widget(
            Table::new(
                rows,
                [
                    Constraint::Length(id_width),
                    Constraint::Length(10),
                    Constraint::Fill(1),
                ],
            ),
            list,
        );
        if let Some(b) = self.batches.get(self.selected) {
            let mut lines = vec![Line::from(Span::styled(b.folder.clone(), theme::label()))];
            lines.extend(
                b.files
                    .iter()
                    .map(|f| Line::from(format!("{} {}", &f.sha256[..12], f.name))),
            );
            frame.render_widget(Paragraph::new(lines), files);
        }
    }
}
