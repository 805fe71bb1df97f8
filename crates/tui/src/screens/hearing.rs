//! One hearing: its particulars and, per defendant agency, who appeared and how they were scored.

use crate::cmd::Cmd;
use crate::domain::case_number;
use crate::domain::model::{Appearance, EvalStatus, Hearing, KeyCategory};
use crate::domain::scoring::{Score, format_tenths};
use crate::i18n::flag_label;
use crate::i18n::prelude::*;
use crate::i18n::{labelled, t, tf};
use crate::keymap::{Action, Keymap, Section};
use crate::theme;
use crate::widgets::columns::{self, Column};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row as TableRow, Table};

/// A defendant agency's row: who appeared, the evaluation's status and score, the record's
/// version (1 + its amendments and its hearing's), and whether it is settled (finalized, or
/// claimed by a batch: an absence has no evaluation to say so).
pub type Row = (Appearance, Option<(EvalStatus, Score)>, usize, bool);

pub struct HearingScreen {
    pub hearing: Hearing,
    pub rows: Vec<Row>,
    pub selected: usize,
}

impl HearingScreen {
    pub fn new(hearing: Hearing, rows: Vec<Row>) -> Self {
        HearingScreen {
            hearing,
            rows,
            selected: 0,
        }
    }

    /// What the footer offers.
    pub fn commands(&self) -> &'static [Action] {
        // live mode first: the key a clerk needs most at the hearing
        &[
            Action::Live,
            Action::Score,
            Action::EditAppearance,
            Action::AddAgency,
            Action::EditHearing,
            Action::History,
            Action::PrintSheet,
            Action::DraftSuggestion,
            Action::DeleteHearing,
            Action::Back,
            Action::Help,
        ]
    }

    /// Whether `action` does something now: live mode needs an appearance that can be scored live
    /// (or one still to enter, whose form it opens), scoring and the appearance an agency.
    pub fn enabled(&self, action: Action) -> bool {
        match action {
            Action::Live => self.rows.iter().any(|(a, ev, _, _)| {
                let status = ev.as_ref().map(|(s, _)| *s);
                crate::domain::marking::live_eligible(a.category, &a.person, status)
                    || (a.category.scorable() && a.person.trim().is_empty())
            }),
            // who appeared can be changed until the evaluation is finalized (then: an amendment)
            Action::EditAppearance => self
                .rows
                .get(self.selected)
                .is_some_and(|(_, _, _, settled)| !settled),
            // an absence, or a lawyer alone, is not scored
            Action::Score => self.current().is_some_and(|a| a.category.scorable()),
            Action::RemoveAgency | Action::PrintSheet | Action::DraftSuggestion => {
                self.current().is_some()
            }
            _ => true,
        }
    }

    pub fn select_appearance(&mut self, id: i64) {
        if let Some(i) = self.rows.iter().position(|(a, ..)| a.id == id) {
            self.selected = i;
        }
    }

    fn current(&self) -> Option<&Appearance> {
        self.rows.get(self.selected).map(|(a, ..)| a)
    }

    pub fn handle_key(&mut self, action: Option<Action>) -> Option<Cmd> {
        match action? {
            Action::Back => Some(Cmd::LeaveHearing),
            Action::EditHearing => Some(Cmd::EditHearing(self.hearing.id)),
            Action::AddAgency => Some(Cmd::PickAgency(self.hearing.id)),
            Action::RemoveAgency => self.current().map(|a| Cmd::AskRemoveDefendant(a.id)),
            Action::DeleteHearing => Some(Cmd::AskDeleteHearing(self.hearing.id)),
            Action::History => Some(Cmd::History(self.hearing.case_number.clone())),
            Action::PrintSheet => self.current().map(|a| Cmd::PrintSheet(a.id)),
            Action::DraftSuggestion => self.current().map(|a| Cmd::DraftSuggestion(a.id)),
            Action::EditAppearance => self.current().map(|a| Cmd::EditAppearance(a.id)),
            Action::Score => self.current().map(|a| Cmd::Score(a.id)),
            Action::Live => Some(Cmd::LiveStart(
                self.hearing.id,
                self.current().map(|a| a.id),
            )),
            Action::Up => {
                self.selected = self.selected.saturating_sub(1);
                None
            }
            Action::Down => {
                self.selected = (self.selected + 1).min(self.rows.len().saturating_sub(1));
                None
            }
            _ => None,
        }
    }

    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        rubric: &crate::domain::rubric::Rubric,
        keymap: &Keymap,
    ) {
        let h = &self.hearing;
        let [info, table, detail] = Layout::vertical([
            Constraint::Length(7),
            Constraint::Fill(1),
            Constraint::Length(4),
        ])
        .areas(area);
        let instance = case_number::parse(&h.case_number)
            .map(|c| c.instance().label())
            .unwrap_or("");
        let kv = |k: &str, v: String| vec![Span::styled(labelled(k), theme::label()), Span::raw(v)];
        let mut l1 = kv(
            "field.case_number",
            format!("{}  {}", h.case_number, instance),
        );
        l1.extend([Span::raw("   ")]);
        l1.extend(kv(
            "field.sitting",
            tf("hearing.sitting_n", &[("n", &h.sitting)]),
        ));
        let mut l2 = kv("field.cause", h.cause.clone());
        l2.push(Span::raw("   "));
        l2.extend(kv("field.act_kind", h.act_kind.label().to_string()));
        let mut l3 = kv("field.court", h.court.clone());
        l3.push(Span::raw("   "));
        l3.extend(kv("field.judge", h.judge.clone()));
        l3.push(Span::raw("   "));
        l3.extend(kv("field.clerk", h.clerk.clone()));
        let time = if h.end_time.is_empty() {
            h.start_time.clone()
        } else {
            format!("{}–{}", h.start_time, h.end_time)
        };
        let mut l4 = kv("field.date", format!("{} {}", h.date, time));
        l4.push(Span::raw("   "));
        l4.extend(kv(
            "field.online",
            if h.online {
                t("hearing.online")
            } else {
                t("hearing.in_person")
            }
            .to_string(),
        ));
        let key_style = if h.key_category == KeyCategory::None {
            theme::dim()
        } else {
            theme::flag()
        };
        let l5 = vec![
            Span::styled(labelled("field.key_category"), theme::label()),
            Span::styled(h.key_category.label(), key_style),
        ];
        let lines: Vec<Line> = [l1, l2, l3, l4, l5].into_iter().map(Line::from).collect();
        frame.render_widget(
            Paragraph::new(lines).block(Block::default().borders(Borders::BOTTOM)),
            info,
        );

        if self.rows.is_empty() {
            frame.render_widget(
                Paragraph::new(tf(
                    "hearing.no_agencies",
                    &[("key", &keymap.key(Section::Hearing, Action::AddAgency))],
                ))
                .style(theme::dim()),
                table,
            );
        } else {
            let header = [
                "hearing.col.agency",
                "hearing.col.person",
                "hearing.col.category",
                "list.col.status",
                "list.col.total",
                "list.col.grade",
            ]
            .map(t);
            let cells: Vec<([String; 6], Style, Style)> =
                self.rows.iter().map(|row| cells_of(row, rubric)).collect();
            let texts: Vec<Vec<String>> = cells.iter().map(|(c, _, _)| c.to_vec()).collect();
            let cols = [
                Column::left(8),
                Column::left(6),
                Column::left(4),
                Column::left(theme::status_width() as usize),
                Column::right(4),
                Column::left(theme::grade_width(rubric) as usize),
            ];
            let widths = columns::fit(&cols, &header, &texts, table.width as usize, 1);
            let rows: Vec<TableRow> = cells
                .iter()
                .enumerate()
                .map(|(i, (c, status_style, grade_style))| {
                    TableRow::new(c.iter().enumerate().map(|(k, text)| {
                        let text = columns::cell(text, widths[k], cols[k].right);
                        match k {
                            3 => Cell::from(Span::styled(text, *status_style)),
                            5 => Cell::from(Span::styled(text, *grade_style)),
                            _ => Cell::from(text),
                        }
                    }))
                    .style(if i == self.selected {
                        theme::selected()
                    } else {
                        Default::default()
                    })
                })
                .collect();
            let header = TableRow::new(
                header
                    .iter()
                    .enumerate()
                    .map(|(k, h)| Cell::from(columns::cell(h, widths[k], cols[k].right))),
            )
            .style(theme::header());
            frame.render_widget(
                Table::new(rows, widths.iter().map(|&w| Constraint::Length(w as u16)))
                    .header(header)
                    .column_spacing(1),
                table,
            );
        }
        // the selected appearance in words: absence reason and flags
        if let Some((a, ev, ..)) = self.rows.get(self.selected) {
            let mut flags = a.derived_flags();
            if let Some((_, sc)) = ev {
                flags = sc.flags.clone();
            }
            let mut lines = vec![Line::from(vec![
                Span::styled(labelled("field.notified"), theme::label()),
                Span::raw(if a.notified {
                    t("common.yes")
                } else {
                    t("common.no")
                }),
                Span::raw("   "),
                Span::styled(labelled("field.absence_reason"), theme::label()),
                Span::raw(if a.category.is_head() {
                    "—".to_string()
                } else {
                    format!(
                        "{}（{}）",
                        a.absence_reason.label(),
                        if a.reason_accepted {
                            t("appearance.accepted")
                        } else {
                            t("appearance.not_accepted")
                        }
                    )
                }),
            ])];
            if !flags.is_empty() {
                let text = flags
                    .iter()
                    .map(|f| flag_label(f))
                    .collect::<Vec<_>>()
                    .join("；");
                // wrapped in the lines there are, a cut ending in …
                lines.extend(crate::widgets::wrap_clipped(
                    Line::from(Span::styled(format!("⚑ {text}"), theme::flag())),
                    detail.width,
                    detail.height.saturating_sub(2) as usize,
                ));
            }
            let lines: Vec<Line> = lines
                .into_iter()
                .enumerate()
                .map(|(i, l)| {
                    if i == 0 {
                        crate::widgets::ellipsis_line(l, detail.width as usize, false)
                    } else {
                        l
                    }
                })
                .collect();
            frame.render_widget(
                Paragraph::new(lines).block(Block::default().borders(Borders::TOP)),
                detail,
            );
        }
    }
}

/// A defendant agency's cells (agency, who, category, status, total, grade), and the styles of
/// its status and grade. Before who appeared is entered, the category says so rather than show
/// the form's first choice.
fn cells_of(
    (a, ev, version, settled): &Row,
    rubric: &crate::domain::rubric::Rubric,
) -> ([String; 6], Style, Style) {
    let entered = !a.person.trim().is_empty() || !a.category.scorable();
    let person = if a.title.is_empty() {
        a.person.clone()
    } else {
        format!("{} {}", a.person, a.title)
    };
    let category = if entered {
        a.category.label().to_string()
    } else {
        t("list.person_pending").to_string()
    };
    let (status, total, grade, gstyle) = match ev {
        // an absence a batch has reported reads as reported, as evaluations do
        _ if !a.category.scorable() && *settled => (
            EvalStatus::Reported.label().to_string(),
            String::new(),
            String::new(),
            theme::ok(),
        ),
        _ if !a.category.scorable() => (
            t("list.status.absent").to_string(),
            String::new(),
            String::new(),
            theme::flag(),
        ),
        Some((st, sc)) => {
            let g = sc
                .grade
                .as_deref()
                .and_then(|g| rubric.grade(g))
                .map(|g| g.label().to_string())
                .unwrap_or_default();
            (
                st.label().to_string(),
                columns::decimal(&format_tenths(sc.total_tenths)),
                g,
                theme::grade(sc.grade.as_deref()),
            )
        }
        None => (
            t("list.status.unscored").to_string(),
            String::new(),
            String::new(),
            theme::dim(),
        ),
    };
    let status_style = if ev.is_some() || !a.category.scorable() {
        Style::default()
    } else {
        theme::dim()
    };
    let status = if *version > 1 {
        format!("{status} {}", tf("list.version", &[("n", version)]))
    } else {
        status
    };
    (
        [
            a.agency_name.clone(),
            person,
            category,
            status,
            total,
            grade,
        ],
        status_style,
        gstyle,
    )
}
