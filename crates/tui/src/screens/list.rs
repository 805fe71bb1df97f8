//! The hearings list: one row per hearing and defendant agency, newest first, read from the store
//! by key a view at a time (`Fetch`).

use crate::cmd::Cmd;
use crate::domain::model::{AppearCategory, EvalStatus};
use crate::domain::rubric::Rubric;
use crate::domain::scoring::format_tenths;
use crate::i18n::flag_label;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::keymap::{Action, Keymap, Section};
use crate::records::{ListCursor, ListRow};
use crate::theme;
use crate::widgets::columns::{self, Column};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell as TCell, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

/// The fewest rows a view is reckoned to show (before it is drawn, and on a short terminal).
const MIN_VIEW: usize = 50;

/// What the list asks the store for: every step of the list reads O(the rows of a view) by key,
/// never by position (the list may hold a million rows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fetch {
    /// the list's first rows (`Store::list_first`)
    First(usize),
    /// its last rows (`Store::list_last`)
    Last(usize),
    /// rows after the last in memory (`Store::list_after`), appended
    After(ListCursor, usize),
    /// rows before the first in memory (`Store::list_before`), prepended
    Before(ListCursor, usize),
    /// the view read again from its first row (`Store::list_at`): returning to the list, a resize
    At(ListCursor, usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Jump {
    Top,
    Bottom,
}

#[derive(Default)]
pub struct ListScreen {
    /// the list's rows (the store's kept count), for the title and the empty list
    pub total: usize,
    /// a stretch of the list in memory, in list order
    rows: Vec<ListRow>,
    /// whether `rows` begins at the list's first row / ends at its last
    top: bool,
    bottom: bool,
    /// the selection, an index into `rows`; a move may take it past either end until the rows
    /// it lands on are read
    selected: isize,
    /// Home or End asked for: read from that end
    jump: Option<Jump>,
    /// the rows in memory are to be read again (from the first row of the view)
    stale: bool,
    /// the first row of the view, an index into `rows`, moved as little as keeps the selection
    /// in view
    scroll: usize,
    /// how many rows the view shows (the app sets it from the terminal's size)
    height: usize,
}

impl ListScreen {
    /// The rows the list shows in a body of `body` rows: less its header and the line saying why
    /// the selected row's grade is what it is.
    pub fn view_height(body: u16) -> usize {
        body.saturating_sub(2).max(1) as usize
    }

    /// The view's height, from the terminal's size: what a page is and how much is read.
    pub fn set_view_height(&mut self, height: usize) {
        self.height = height.max(1);
        self.follow();
    }

    /// Moves the view as little as keeps the selection in it.
    fn follow(&mut self) {
        let h = self.height.max(1);
        let Ok(sel) = usize::try_from(self.selected) else {
            return;
        };
        if sel >= self.rows.len() {
            return;
        }
        if sel < self.scroll {
            self.scroll = sel;
        } else if sel >= self.scroll + h {
            self.scroll = sel + 1 - h;
        }
    }

    /// The rows are read again before the list is shown: the view keeps its first row (or the
    /// top of the list) and the selection its place in the view.
    pub fn invalidate(&mut self) {
        self.stale = true;
    }

    /// Rows read at a time: twice a view, so a page up or down from the edge of what is in
    /// memory is one read.
    fn chunk(&self) -> usize {
        2 * self.height.max(MIN_VIEW)
    }

    /// The most rows kept in memory; beyond it the far end is dropped.
    fn keep(&self) -> usize {
        4 * self.chunk()
    }

    /// The read the list needs before it can show the selection and the view around it.
    pub fn need(&self) -> Option<Fetch> {
        let chunk = self.chunk();
        match self.jump {
            Some(Jump::Top) => return Some(Fetch::First(chunk)),
            Some(Jump::Bottom) => return Some(Fetch::Last(chunk)),
            None => {}
        }
        if self.stale || (self.rows.is_empty() && !(self.top && self.bottom)) {
            // from the view's first row; at the top of the list (or with nothing read yet) from
            // the top again, so that rows new above it are shown
            let view = self.scroll.min(self.rows.len().saturating_sub(1));
            return Some(match self.rows.get(view) {
                Some(r) if !(self.top && view == 0) => Fetch::At(r.cursor(), chunk),
                _ => Fetch::First(chunk),
            });
        }
        // a view's rows on either side of the selection
        let h = self.height.max(1) as isize;
        let len = self.rows.len() as isize;
        if !self.bottom && self.selected + h >= len {
            let short = (self.selected + h + 1 - len) as usize;
            let last = self.rows.last()?.cursor();
            return Some(Fetch::After(last, chunk.max(short)));
        }
        if !self.top && self.selected - h < 0 {
            let short = (h - self.selected) as usize;
            return Some(Fetch::Before(self.rows[0].cursor(), chunk.max(short)));
        }
        None
    }

    /// Takes the rows a [`Fetch`] read.
    pub fn got(&mut self, fetch: Fetch, rows: Vec<ListRow>) {
        let len = rows.len();
        match fetch {
            Fetch::First(n) => {
                if self.jump.take().is_some() {
                    self.selected = 0;
                    self.scroll = 0;
                }
                self.rows = rows;
                self.top = true;
                self.bottom = len < n;
                self.stale = false;
            }
            Fetch::Last(n) => {
                self.jump = None;
                self.rows = rows;
                self.top = len < n;
                self.bottom = true;
                self.selected = len as isize - 1;
                self.scroll = 0;
                self.stale = false;
            }
            Fetch::At(_, n) => {
                // the selection keeps its place in the view, whose first row is read first
                self.selected = (self.selected - self.scroll as isize).max(0);
                self.scroll = 0;
                self.rows = rows;
                self.top = false;
                self.bottom = len < n;
                self.stale = false;
                if self.rows.is_empty() {
                    // every row from the view on went: the end of the list
                    self.jump = Some(Jump::Bottom);
                }
            }
            Fetch::After(_, n) => {
                self.rows.extend(rows);
                self.bottom = len < n;
                // the rows far above the selection go
                let drop = (self.selected - self.chunk() as isize).max(0) as usize;
                if self.rows.len() > self.keep() && drop > 0 {
                    self.rows.drain(..drop);
                    self.selected -= drop as isize;
                    self.scroll = self.scroll.saturating_sub(drop);
                    self.top = false;
                }
            }
            Fetch::Before(_, n) => {
                self.rows.splice(0..0, rows);
                self.selected += len as isize;
                self.scroll += len;
                self.top = len < n;
                // the rows far below the selection go
                let keep = (self.selected.max(0) as usize + self.chunk()).max(1);
                if self.rows.len() > self.keep() && keep < self.rows.len() {
                    self.rows.truncate(keep);
                    self.bottom = false;
                }
            }
        }
        // a move past an end of the list stops at it
        let last = self.rows.len() as isize - 1;
        if self.bottom && self.selected > last {
            self.selected = last;
        }
        if (self.top || self.rows.is_empty()) && self.selected < 0 {
            self.selected = 0;
        }
        if self.rows.is_empty() {
            self.selected = 0;
        }
        self.follow();
    }

    /// How many rows are in memory: a few views' worth, however long the list.
    pub fn rows_in_memory(&self) -> usize {
        self.rows.len()
    }

    pub fn selected_row(&self) -> Option<&ListRow> {
        usize::try_from(self.selected)
            .ok()
            .and_then(|i| self.rows.get(i))
    }

    /// Shows a day's rows from the top of the view: `rows` are read from the day's first row on
    /// (`Store::list_at` at `ListCursor::day_start`, `asked` of them). Selects the earliest hearing
    /// of the day not yet scored — the one a clerk goes live on next — or the day's first row
    /// when all are.
    pub fn show_day(&mut self, date: &str, rows: Vec<ListRow>, asked: usize) {
        self.bottom = rows.len() < asked;
        self.top = false;
        self.jump = None;
        self.stale = false;
        self.rows = rows;
        self.scroll = 0;
        let day = self.rows.iter().take_while(|r| r.date == date).count();
        let next = (0..day).rev().find(|&i| {
            let r = &self.rows[i];
            r.status.is_none() && r.category.is_none_or(|c| c.scorable())
        });
        // the hearing's first defendant agency
        let mut at = next.unwrap_or(0);
        if let Some(hearing) = self.rows.get(at).map(|r| r.hearing_id) {
            while at > 0 && self.rows[at - 1].hearing_id == hearing {
                at -= 1;
            }
        }
        self.selected = at as isize;
        self.follow();
    }

    /// Rows a day's jump reads from the day's first row.
    pub fn day_rows(&self) -> usize {
        self.chunk()
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
            Action::Suggestions,
        ]
    }

    /// Whether `action` does something on the selected row: scoring needs an agency that can be
    /// scored, live mode one that can be scored live (the footer offers only what does).
    pub fn enabled(&self, action: Action) -> bool {
        let row = self.selected_row();
        match action {
            Action::Open | Action::EditHearing => row.is_some(),
            Action::Score => row.is_some_and(|r| {
                r.appearance_id.is_some() && r.category.is_none_or(|c| c.scorable())
            }),
            Action::Live => row.is_some_and(|r| {
                r.appearance_id.is_some()
                    && r.category.is_none_or(|c| c.scorable())
                    && r.status.is_none_or(|s| s == EvalStatus::Draft)
            }),
            _ => true,
        }
    }

    pub fn handle_key(&mut self, _key: &KeyEvent, action: Option<Action>) -> Option<Cmd> {
        let page = self.height.max(1) as isize;
        let last = self.rows.len() as isize - 1;
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
            Action::Suggestions => return Some(Cmd::OpenSuggestions(None)),
            Action::Today => return Some(Cmd::Today),
            Action::Agencies => return Some(Cmd::OpenAgencies),
            Action::Dashboard => return Some(Cmd::OpenDashboard(None)),
            Action::ImportSchedule => {
                return Some(Cmd::Prompt(
                    crate::overlay::PromptPurpose::ScheduleFile,
                    String::new(),
                ));
            }
            Action::Live => {
                return self
                    .selected_row()
                    .map(|r| Cmd::LiveStart(r.hearing_id, r.appearance_id));
            }
            // past what is in memory the selection waits for the rows it lands on (`need`);
            // at an end of the list it stops
            Action::Up => self.selected -= 1,
            Action::Down => self.selected += 1,
            Action::PageUp => self.selected -= page,
            Action::PageDown => self.selected += page,
            Action::Top if self.top => self.selected = 0,
            Action::Bottom if self.bottom => self.selected = last,
            Action::Top => self.jump = Some(Jump::Top),
            Action::Bottom => self.jump = Some(Jump::Bottom),
            _ => return None,
        }
        if self.bottom {
            self.selected = self.selected.min(last);
        }
        if self.top {
            self.selected = self.selected.max(0);
        }
        self.follow();
        (before != self.selected || self.jump.is_some()).then_some(Cmd::ListMoved)
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, rubric: &Rubric, keymap: &Keymap) {
        if self.total == 0 {
            let text = vec![
                Line::from(""),
                Line::from(t("list.empty")),
                Line::from(""),
                Line::from(Span::styled(
                    tf(
                        "list.empty_hint",
                        &[("key", &keymap.key(Section::List, Action::NewHearing))],
                    ),
                    theme::dim(),
                )),
            ];
            frame.render_widget(
                Paragraph::new(crate::widgets::wrap_text(text, area.width)).centered(),
                area,
            );
            return;
        }
        let height = Self::view_height(area.height);
        // the view as the state keeps it; drawn in a larger area than the app was told of (a
        // test's), the selection is still shown
        let selected = self.selected.min(self.rows.len() as isize - 1).max(0) as usize;
        let mut scroll = self.scroll;
        if selected < scroll {
            scroll = selected;
        } else if selected >= scroll + height {
            scroll = selected + 1 - height;
        }
        let narrow = area.width < 100;
        let header = [
            "list.col.case",
            "list.col.date",
            "list.col.agency",
            "list.col.person",
            "list.col.status",
            "list.col.total",
            "list.col.grade",
        ]
        .map(t);
        let visible: Vec<(usize, Cells)> = (scroll..(scroll + height).min(self.rows.len()))
            .filter_map(|i| {
                let r = self.rows.get(i)?;
                Some((i, row_of(r, narrow, rubric)))
            })
            .collect();
        let texts: Vec<Vec<String>> = visible.iter().map(|(_, c)| c.texts.to_vec()).collect();
        let cols = columns(rubric, narrow);
        let widths = columns::fit(&cols, &header, &texts, area.width as usize, 1);
        let rows: Vec<Row> = visible
            .iter()
            .map(|(i, c)| {
                let cells = c.texts.iter().enumerate().map(|(k, text)| {
                    let text = match (k, &c.category) {
                        // a long name is cut, never the category after it
                        (3, Some(short)) if text.width() > widths[k] => {
                            let name = text.strip_suffix(short.as_str()).unwrap_or(text);
                            let room = widths[k].saturating_sub(short.width());
                            format!("{}{short}", columns::cell(name, room, false))
                        }
                        _ => columns::cell(text, widths[k], cols[k].right),
                    };
                    match k {
                        4 => TCell::from(Span::styled(text, c.status_style)),
                        6 => TCell::from(Span::styled(text, c.grade_style)),
                        _ => TCell::from(text),
                    }
                });
                Row::new(cells.collect::<Vec<_>>()).style(if *i == selected {
                    theme::selected()
                } else {
                    Default::default()
                })
            })
            .collect();
        let header = Row::new(
            header
                .iter()
                .enumerate()
                .map(|(k, h)| TCell::from(columns::cell(h, widths[k], cols[k].right))),
        )
        .style(theme::header());
        let [table, why] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        frame.render_widget(
            Table::new(rows, widths.iter().map(|&w| Constraint::Length(w as u16)))
                .header(header)
                .column_spacing(1),
            table,
        );
        // why a row's grade is what it is: its flags (art 12 situations, a refusal to perform) in
        // words, for the selected row
        if let Some(r) = self.selected_row().filter(|r| !r.flags.is_empty()) {
            let words: Vec<String> = r.flags.iter().map(|f| flag_label(f)).collect();
            let text = format!("⚑ {}", words.join(t("common.list_sep")));
            frame.render_widget(
                Paragraph::new(Span::styled(
                    crate::widgets::ellipsis(&text, why.width as usize),
                    theme::flag(),
                )),
                why,
            );
        } else if !self.top || scroll > 0 {
            // rows above the view (later hearings: a schedule's, or today's view at start) are
            // said, with the key that goes to them
            let text = tf(
                "list.more_above",
                &[("key", &keymap.key(Section::List, Action::Top))],
            );
            frame.render_widget(
                Paragraph::new(Span::styled(
                    crate::widgets::ellipsis(&text, why.width as usize),
                    theme::dim(),
                )),
                why,
            );
        }
    }
}

/// The list's columns: case number, date, agency, who appeared, status, total, grade (its short
/// form when narrow).
fn columns(rubric: &Rubric, narrow: bool) -> [Column; 7] {
    let grades = if narrow {
        rubric
            .grades
            .iter()
            .map(|g| grade_label(rubric, &g.id, true).width())
            .max()
            .unwrap_or(2)
    } else {
        theme::grade_width(rubric) as usize
    };
    [
        Column::whole(),
        Column::whole(),
        Column::left(8),
        Column::left(6),
        Column::left(theme::status_width() as usize),
        Column::right(4),
        // "⚑" and the widest grade
        Column::left(grades + 1),
    ]
}

/// A row's cells as text, and the styles of its status and grade.
struct Cells {
    texts: [String; 7],
    status_style: ratatui::style::Style,
    grade_style: ratatui::style::Style,
    /// the short category ending the person's cell (" 正职"), kept when the name is cut
    category: Option<String>,
}

/// A grade's label; when `short`, its short form where the catalog has one (`list.grade_short.<id>`:
/// "Exc." leaves an English list at 80 columns room for the agency).
fn grade_label(rubric: &Rubric, id: &str, short: bool) -> String {
    let key = format!("list.grade_short.{id}");
    match t(&key) {
        s if short && s != key => s.to_string(),
        _ => rubric
            .grade(id)
            .map(|x| x.label().to_string())
            .unwrap_or_else(|| id.to_string()),
    }
}

fn row_of(r: &ListRow, narrow: bool, rubric: &Rubric) -> Cells {
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
    let category = match r.category {
        Some(c) if c.scorable() && !r.person.is_empty() => {
            Some(format!(" {}", t(&format!("{}.short", c.key()))))
        }
        _ => None,
    };
    let (status, style) = match (r.status, r.category) {
        // an absence a batch has reported reads as reported, as evaluations do
        (_, Some(c)) if !c.scorable() && r.reported => {
            (EvalStatus::Reported.label().to_string(), theme::ok())
        }
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
            grade_label(rubric, g, narrow)
        ),
        (None, _) => String::new(),
    };
    let grade_style = if r.flags.is_empty() {
        theme::grade(r.grade.as_deref())
    } else {
        theme::flag()
    };
    Cells {
        texts: [
            r.case_number.clone(),
            date,
            agency,
            person,
            status,
            if r.status.is_some() {
                columns::decimal(&format_tenths(r.total_tenths))
            } else {
                String::new()
            },
            grade,
        ],
        status_style: style,
        grade_style,
        category,
    }
}
