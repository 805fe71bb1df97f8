//! The hearings list: one row per hearing and defendant agency, newest first, paged from the store.

use crate::domain::model::{AppearCategory, EvalStatus};
use crate::domain::rubric::Rubric;
use crate::domain::scoring::format_tenths;
use crate::i18n::{t, tf};
use crate::store::ListRow;
use crate::tui::app::Cmd;
use crate::tui::keymap::Action;
use crate::tui::theme;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell as TCell, Paragraph, Row, Table, Wrap};
use std::cell::Cell;

/// Rows fetched around the selection; the view shows a window of them.
const PAGE: usize = 200;

#[derive(Default)]
pub struct ListScreen {
    pub total: usize,
    pub selected: usize,
    page_offset: usize,
    rows: Vec<ListRow>,
    stale: bool,
    scroll: Cell<usize>,
    height: Cell<usize>,
}

impl ListScreen {
    pub fn invalidate(&mut self) {
        self.stale = true;
        if self.selected >= self.total {
            self.selected = self.total.saturating_sub(1);
        }
    }

    /// The page to fetch, if the rows in memory do not cover the selection and its view.
    pub fn page_needed(&self) -> Option<(usize, usize)> {
        if self.total == 0 {
            return if self.stale || !self.rows.is_empty() {
                Some((0, PAGE))
            } else {
                None
            };
        }
        let h = self.height.get().max(1);
        let (lo, hi) = (
            self.selected.saturating_sub(h),
            (self.selected + h).min(self.total),
        );
        let have = self.page_offset..self.page_offset + self.rows.len();
        if self.stale || !have.contains(&lo) || (hi > 0 && !have.contains(&(hi - 1))) {
            Some((self.selected.saturating_sub(PAGE / 2), PAGE))
        } else {
            None
        }
    }

    pub fn set_page(&mut self, offset: usize, rows: Vec<ListRow>) {
        self.page_offset = offset;
        self.rows = rows;
        self.stale = false;
    }

    pub fn selected_row(&self) -> Option<&ListRow> {
        self.row(self.selected)
    }

    fn row(&self, i: usize) -> Option<&ListRow> {
        i.checked_sub(self.page_offset)
            .and_then(|i| self.rows.get(i))
    }

    /// Selects row `first` with the view starting there (a day's rows begin at it).
    pub fn show_from(&mut self, first: usize) {
        self.selected = first.min(self.total.saturating_sub(1));
        self.scroll.set(self.selected);
    }

    /// Among one day's rows (`first`, `n` of them, the latest first), selects the earliest hearing
    /// not yet scored — the one a clerk goes live on next — or the day's first row when all are.
    pub fn pick_in_day(&mut self, first: usize, n: usize) {
        let next = (first..first + n).rev().find(|&i| {
            self.row(i)
                .is_some_and(|r| r.status.is_none() && r.category.is_none_or(|c| c.scorable()))
        });
        // the hearing's first defendant agency
        let mut at = next.unwrap_or(first);
        let hearing = self.row(at).map(|r| r.hearing_id);
        while at > first && hearing.is_some() && self.row(at - 1).map(|r| r.hearing_id) == hearing {
            at -= 1;
        }
        self.selected = at.min(self.total.saturating_sub(1));
    }

    /// What the footer offers.
    pub fn commands(&self) -> &'static [Action] {
        &[
            Action::NewHearing,
            Action::Open,
            Action::Score,
            Action::Live,
            Action::Batch,
            Action::Help,
            Action::Quit,
            Action::Followups,
            Action::Today,
            Action::ImportSchedule,
            Action::Agencies,
            Action::Dashboard,
        ]
    }

    pub fn handle_key(&mut self, _key: &KeyEvent, action: Option<Action>) -> Option<Cmd> {
        let page = self.height.get().max(1);
        let last = self.total.saturating_sub(1);
        let before = self.selected;
        match action? {
            Action::Quit => return Some(Cmd::Quit),
            Action::NewHearing => return Some(Cmd::NewHearing),
            Action::Open => return self.selected_row().map(|r| Cmd::OpenHearing(r.hearing_id)),
            Action::EditHearing => {
                return self.selected_row().map(|r| Cmd::EditHearing(r.hearing_id));
            }
            Action::Score => {
                let r = self.selected_row()?;
                return Some(match r.appearance_id {
                    Some(a) => Cmd::Score(a),
                    None => Cmd::Error(t("msg.no_agency").to_string()),
                });
            }
            Action::Refresh => return Some(Cmd::OpenList),
            Action::Batch => return Some(Cmd::OpenBatch),
            Action::Followups => return Some(Cmd::OpenFollowups),
            Action::Today => return Some(Cmd::Today),
            Action::Agencies => return Some(Cmd::OpenAgencies),
            Action::Dashboard => return Some(Cmd::OpenDashboard(None)),
            Action::ImportSchedule => {
                return Some(Cmd::Prompt(
                    crate::tui::overlay::PromptPurpose::ScheduleFile,
                    String::new(),
                ));
            }
            Action::Live => {
                return self
                    .selected_row()
                    .map(|r| Cmd::LiveStart(r.hearing_id, r.appearance_id));
            }
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::PageUp => self.selected = self.selected.saturating_sub(page),
            Action::PageDown => self.selected = (self.selected + page).min(last),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            _ => return None,
        }
        (before != self.selected).then_some(Cmd::ListMoved)
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, rubric: &Rubric) {
        if self.total == 0 {
            let text = vec![
                Line::from(""),
                Line::from(t("list.empty")),
                Line::from(""),
                Line::from(Span::styled(t("list.empty_hint"), theme::dim())),
            ];
            frame.render_widget(
                Paragraph::new(text).centered().wrap(Wrap { trim: true }),
                area,
            );
            return;
        }
        let height = area.height.saturating_sub(1) as usize; // header row
        self.height.set(height.max(1));
        // keep the selection in view, moving the window as little as possible
        let mut scroll = self.scroll.get();
        if self.selected < scroll {
            scroll = self.selected;
        } else if self.selected >= scroll + height {
            scroll = self.selected + 1 - height;
        }
        self.scroll.set(scroll);
        let narrow = area.width < 100;
        let header = Row::new(
            [
                "list.col.case",
                "list.col.date",
                "list.col.agency",
                "list.col.person",
                "list.col.status",
                "list.col.total",
                "list.col.grade",
            ]
            .map(|k| TCell::from(t(k))),
        )
        .style(theme::header());
        let rows: Vec<Row> = (scroll..(scroll + height).min(self.total))
            .filter_map(|i| {
                let r = self.rows.get(i.checked_sub(self.page_offset)?)?;
                Some(row_of(r, narrow, rubric).style(if i == self.selected {
                    theme::selected()
                } else {
                    Default::default()
                }))
            })
            .collect();
        // room for " v2" only once amended records are among those loaded
        let amended = if self.rows.iter().any(|r| r.version > 1) {
            3
        } else {
            0
        };
        let widths = [
            Constraint::Length(24),
            Constraint::Length(if narrow { 5 } else { 10 }),
            Constraint::Fill(3),
            Constraint::Fill(2),
            Constraint::Length(theme::status_width() + amended),
            Constraint::Length(5),
            Constraint::Length(theme::grade_width(rubric) + 1),
        ];
        frame.render_widget(
            Table::new(rows, widths).header(header).column_spacing(1),
            area,
        );
    }
}

fn row_of(r: &ListRow, narrow: bool, rubric: &Rubric) -> Row<'static> {
    let date = if narrow {
        r.date.get(5..).unwrap_or(&r.date).to_string()
    } else {
        r.date.clone()
    };
    let agency = r
        .agency
        .clone()
        .unwrap_or_else(|| t("list.no_agency").to_string());
    let person = match r.category {
        Some(AppearCategory::Nobody) | Some(AppearCategory::LawyerOnly) | None => r
            .category
            .map(|c| c.label().to_string())
            .unwrap_or_default(),
        Some(_) if r.person.is_empty() => t("list.person_pending").to_string(),
        Some(c) => format!("{} {}", r.person, t(&format!("{}.short", c.key()))),
    };
    let (status, style) = match (r.status, r.category) {
        (_, Some(c)) if !c.scorable() => (t("list.status.absent").to_string(), theme::flag()),
        (Some(EvalStatus::Draft), _) => (EvalStatus::Draft.label().to_string(), theme::draft()),
        (Some(s), _) => (s.label().to_string(), theme::ok()),
        (None, _) => (t("list.status.unscored").to_string(), theme::dim()),
    };
    // an amended record says which version it is (as `list --json` counts them)
    let status = if r.version > 1 {
        format!("{status} {}", tf("list.version", &[("n", &r.version)]))
    } else {
        status
    };
    // a flag (an art 12 situation) says itself beside the grade it brings
    let grade = match (&r.grade, r.flags.is_empty()) {
        (_, false) if r.status.is_none() => "⚑".to_string(),
        (Some(g), flagged) => format!(
            "{}{}",
            if flagged { "" } else { "⚑" },
            rubric
                .grade(g)
                .map(|x| x.label().to_string())
                .unwrap_or_else(|| g.clone())
        ),
        (None, _) => String::new(),
    };
    let grade_style = if r.flags.is_empty() {
        theme::grade(r.grade.as_deref())
    } else {
        theme::flag()
    };
    Row::new(vec![
        TCell::from(r.case_number.clone()),
        TCell::from(date),
        TCell::from(agency),
        TCell::from(person),
        TCell::from(Span::styled(status, style)),
        TCell::from(if r.status.is_some() {
            format_tenths(r.total_tenths)
        } else {
            String::new()
        }),
        TCell::from(Span::styled(grade, grade_style)),
    ])
}
