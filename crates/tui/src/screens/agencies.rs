//! The agency directory (机关名录), opened with `A` from the list: every agency once — its name,
//! short names, level, region, the government it reports to, how often it appeared — searched as
//! one types (pinyin or Chinese: any letter no key uses starts the search, `/` too). `e` (or Enter)
//! edits the selected agency in a small form over the directory; `M` merges it into another,
//! picked with the agency picker, a reason typed. The store searches; this screen shows.

use crate::cmd::Cmd;
use crate::domain::model::AgencyLevel;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::keymap::{Action, Keymap, Section};
use crate::overlay::centered;
use crate::records::{AgencyEdit, DirectoryRow};
use crate::theme;
use crate::widgets::ellipsis;
use crate::widgets::form::{Field, Form};
use crate::widgets::text_field::TextField;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Padding, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

/// Rows PageUp and PageDown move by.
const PAGE: usize = 10;

/// An agency's particulars, being edited.
pub struct AgencyForm {
    pub id: i64,
    pub name: String,
    pub form: Form,
}

pub struct AgenciesScreen {
    pub rows: Vec<DirectoryRow>,
    /// the rows shown (indices into `rows`): all, by name, or those the search found, best first
    pub shown: Vec<usize>,
    /// the selected row, among those shown
    pub selected: usize,
    pub query: TextField,
    /// keys type into the search
    pub searching: bool,
    /// the edit form, open over the directory
    pub editing: Option<AgencyForm>,
}

impl AgenciesScreen {
    pub fn new(rows: Vec<DirectoryRow>) -> Self {
        AgenciesScreen {
            shown: (0..rows.len()).collect(),
            rows,
            selected: 0,
            query: TextField::default().with_max(crate::domain::text::NAME_MAX),
            searching: false,
            editing: None,
        }
    }

    /// New rows, and the agencies the search found (their ids, best first; None: no search). The
    /// selected agency stays selected while it is shown.
    pub fn set_rows(&mut self, rows: Vec<DirectoryRow>, found: Option<Vec<i64>>) {
        let was = self.selected_row().map(|r| r.agency.id);
        self.rows = rows;
        self.show(found);
        self.selected = was
            .and_then(|id| {
                self.shown
                    .iter()
                    .position(|&i| self.rows[i].agency.id == id)
            })
            .unwrap_or(0);
    }

    /// Agencies found by the search (ids, best first), or all when it is cleared; a new search
    /// starts at its best match.
    pub fn set_found(&mut self, found: Option<Vec<i64>>) {
        self.show(found);
        self.selected = 0;
    }

    fn show(&mut self, found: Option<Vec<i64>>) {
        self.shown = match found {
            None => (0..self.rows.len()).collect(),
            Some(ids) => ids
                .iter()
                .filter_map(|id| self.rows.iter().position(|r| r.agency.id == *id))
                .collect(),
        };
    }

    pub fn selected_row(&self) -> Option<&DirectoryRow> {
        self.shown.get(self.selected).map(|&i| &self.rows[i])
    }

    /// "机关名录（共 N 个）", or how many the search found.
    pub fn title(&self) -> String {
        if self.query.value().trim().is_empty() {
            tf("title.agencies", &[("n", &self.rows.len())])
        } else {
            tf(
                "title.agencies_found",
                &[("found", &self.shown.len()), ("n", &self.rows.len())],
            )
        }
    }

    /// The actions the footer offers: the form's while it is open, the search's while typing.
    pub fn commands(&self) -> &'static [Action] {
        if self.editing.is_some() {
            &[
                Action::Save,
                Action::NextField,
                Action::Cancel,
                Action::Help,
            ]
        } else if self.searching {
            &[Action::Cancel, Action::Help]
        } else {
            &[
                Action::Search,
                Action::EditAgency,
                Action::MergeAgency,
                Action::Back,
                Action::Help,
            ]
        }
    }

    /// The keys in use: the form's while a form is open or the search is being typed.
    pub fn section(&self) -> Section {
        if self.editing.is_some() || self.searching {
            Section::Form
        } else {
            Section::Agencies
        }
    }

    fn open_form(&mut self) {
        let Some(r) = self.selected_row() else {
            return;
        };
        let levels = AgencyLevel::ALL
            .iter()
            .map(|l| (l.id().to_string(), l.key()))
            .collect();
        let form = Form::new(vec![
            Field::text("name", "agencies.label.name", &r.agency.name),
            Field::text("aliases", "agencies.label.aliases", &r.aliases.join("、")),
            Field::choice("level", "agencies.label.level", levels, r.agency.level.id()),
            Field::text("region", "agencies.label.region", &r.agency.region),
            Field::text(
                "government",
                "agencies.label.government",
                &r.agency.government,
            ),
        ]);
        self.editing = Some(AgencyForm {
            id: r.agency.id,
            name: r.agency.name.clone(),
            form,
        });
    }

    fn save(e: &AgencyForm) -> Cmd {
        let f = &e.form;
        Cmd::SaveAgency {
            id: e.id,
            name: e.name.clone(),
            new_name: f.text("name").trim().to_string(),
            edit: AgencyEdit {
                aliases: crate::domain::sheet::split_names(&f.text("aliases")),
                level: AgencyLevel::from_id(&f.choice("level")).unwrap_or(AgencyLevel::County),
                region: f.text("region").trim().to_string(),
                government: f.text("government").trim().to_string(),
            },
        }
    }

    /// The form was saved: it closes.
    pub fn saved(&mut self) {
        self.editing = None;
    }

    /// Pasted text goes into the form, or into the search.
    pub fn paste(&mut self, text: &str) -> Option<Cmd> {
        if let Some(e) = &mut self.editing {
            e.form.paste(text);
            return None;
        }
        self.searching = true;
        self.query.insert_str(text);
        Some(self.search())
    }

    fn search(&self) -> Cmd {
        Cmd::FilterAgencies(self.query.value().to_string())
    }

    pub fn handle_key(
        &mut self,
        key: &KeyEvent,
        action: Option<Action>,
        keymap: &Keymap,
    ) -> Option<Cmd> {
        if let Some(e) = &mut self.editing {
            match action {
                Some(Action::Save) => return Some(Self::save(e)),
                Some(Action::Cancel) => self.editing = None,
                Some(Action::NextField) => e.form.next(),
                Some(Action::PrevField) => e.form.prev(),
                Some(Action::Accept) => {
                    if e.form.focus + 1 == e.form.fields.len() {
                        return Some(Self::save(e));
                    }
                    e.form.next();
                }
                _ => {
                    e.form.handle_key(key, keymap);
                }
            }
            return None;
        }
        if self.searching {
            match action {
                Some(Action::Cancel) => {
                    self.searching = false;
                    if self.query.value().is_empty() {
                        return None;
                    }
                    self.query.set("");
                    return Some(self.search());
                }
                Some(Action::NextField | Action::PrevField) => self.searching = false,
                Some(Action::Accept) => self.searching = false,
                _ => {
                    let before = self.query.value().to_string();
                    self.query.handle_key(key, keymap);
                    if before != self.query.value() {
                        return Some(self.search());
                    }
                }
            }
            return None;
        }
        let last = self.shown.len().saturating_sub(1);
        match action {
            // a search shown is cleared first; the next Esc leaves
            Some(Action::Back) if !self.query.value().is_empty() => {
                self.query.set("");
                return Some(self.search());
            }
            Some(Action::Back) => return Some(Cmd::OpenList),
            Some(Action::Search) => self.searching = true,
            Some(Action::EditAgency) => self.open_form(),
            Some(Action::MergeAgency) => {
                return self
                    .selected_row()
                    .map(|r| Cmd::PickMergeTarget(r.agency.name.clone()));
            }
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::Down) => self.selected = (self.selected + 1).min(last),
            Some(Action::PageUp) => self.selected = self.selected.saturating_sub(PAGE),
            Some(Action::PageDown) => self.selected = (self.selected + PAGE).min(last),
            Some(Action::Top) => self.selected = 0,
            Some(Action::Bottom) => self.selected = last,
            Some(_) => {}
            // a letter no key uses, or Backspace on a search: typing searches
            None => {
                let typed = crate::keymap::typed(key).is_some();
                let erased = keymap.action(Section::Text, key) == Some(Action::DeleteBack)
                    && !self.query.value().is_empty();
                if typed || erased {
                    self.searching = true;
                    self.query.to_end();
                    self.query.handle_key(key, keymap);
                    return Some(self.search());
                }
            }
        }
        None
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, keymap: &Keymap) {
        if self.rows.is_empty() {
            let text = vec![Line::from(""), Line::from(t("agencies.empty_tui"))];
            frame.render_widget(
                Paragraph::new(crate::widgets::wrap_text(text, area.width)).centered(),
                area,
            );
            return;
        }
        let [search, table] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        self.render_search(frame, search, keymap);
        if self.shown.is_empty() {
            let q = ellipsis(self.query.value(), 40);
            frame.render_widget(
                Paragraph::new(Span::styled(
                    tf("agencies.none_found", &[("q", &q)]),
                    theme::dim(),
                )),
                Rect {
                    y: table.y + 1,
                    height: 1,
                    ..table
                },
            );
        } else {
            self.render_table(frame, table);
        }
        if let Some(e) = &self.editing {
            render_form(frame, area, e, keymap);
        }
    }

    fn render_search(&self, frame: &mut Frame, area: Rect, keymap: &Keymap) {
        let label = t("agencies.search");
        let lw = label.width() as u16;
        if !self.searching && self.query.value().is_empty() {
            frame.render_widget(
                Paragraph::new(Span::styled(
                    ellipsis(
                        &tf(
                            "agencies.search_hint",
                            &[("key", &keymap.key(Section::Agencies, Action::Search))],
                        ),
                        area.width as usize,
                    ),
                    theme::dim(),
                )),
                area,
            );
            return;
        }
        let hint = tf(
            "agencies.searching_hint",
            &[
                ("done", &keymap.key(Section::Form, Action::Accept)),
                ("next", &keymap.key(Section::Form, Action::NextField)),
                ("clear", &keymap.key(Section::Form, Action::Cancel)),
            ],
        );
        let field_w = 30.min(area.width.saturating_sub(lw + 1));
        frame.render_widget(
            Span::styled(label, theme::label()),
            Rect { width: lw, ..area },
        );
        let field = Rect {
            x: area.x + lw,
            width: field_w,
            ..area
        };
        let style = if self.searching {
            theme::input_focused()
        } else {
            theme::input()
        };
        frame.render_widget(Block::default().style(style), field);
        self.query.render(frame, field, style, self.searching);
        let rest = area.width.saturating_sub(lw + field_w + 2);
        if self.searching && rest as usize >= hint.width() {
            frame.render_widget(
                Span::styled(hint, theme::dim()),
                Rect {
                    x: field.right() + 2,
                    width: rest,
                    ..area
                },
            );
        }
    }

    fn render_table(&self, frame: &mut Frame, area: Rect) {
        let height = (area.height as usize).saturating_sub(1).max(1); // the header row
        // the selection stays in view; no state is kept while drawing
        let scroll = self.selected.saturating_sub(height - 1);
        let fixed = |key: &str, values: &mut dyn Iterator<Item = usize>| {
            values.chain([t(key).width()]).max().unwrap_or(4) as u16
        };
        let level_w = fixed(
            "agencies.col.level",
            &mut AgencyLevel::ALL.iter().map(|l| l.label().width()),
        );
        let uses_w = fixed(
            "agencies.col.uses",
            &mut self.rows.iter().map(|r| r.uses.to_string().width()),
        );
        // as wide as the widest of each (within bounds) when all fit; else shares of the width
        let widest = |key: &str, of: &dyn Fn(&DirectoryRow) -> String, max: usize| {
            let w = self.rows.iter().map(|r| of(r).width()).max().unwrap_or(0);
            w.max(t(key).width()).min(max) as u16
        };
        let content = [
            widest("agencies.col.name", &|r| r.agency.name.clone(), 60),
            widest("agencies.col.aliases", &|r| r.aliases.join("、"), 40),
            level_w,
            widest("agencies.col.region", &|r| r.agency.region.clone(), 24),
            widest(
                "agencies.col.government",
                &|r| r.agency.government.clone(),
                40,
            ),
            uses_w,
        ];
        let constraints: Vec<Constraint> = if content.iter().sum::<u16>() + 5 <= area.width {
            content.iter().map(|w| Constraint::Length(*w)).collect()
        } else {
            vec![
                Constraint::Fill(3),
                Constraint::Fill(2),
                Constraint::Length(level_w),
                Constraint::Fill(1),
                Constraint::Fill(2),
                Constraint::Length(uses_w),
            ]
        };
        let widths: Vec<u16> = Layout::horizontal(constraints)
            .flex(ratatui::layout::Flex::Start)
            .spacing(1)
            .split(area)
            .iter()
            .map(|r| r.width)
            .collect();
        let cut = |s: &str, col: usize| ellipsis(s, widths[col] as usize);
        let header = Row::new(
            [
                "agencies.col.name",
                "agencies.col.aliases",
                "agencies.col.level",
                "agencies.col.region",
                "agencies.col.government",
                "agencies.col.uses",
            ]
            .iter()
            .enumerate()
            .map(|(i, k)| Cell::from(cut(t(k), i))),
        )
        .style(theme::header());
        let rows: Vec<Row> = self
            .shown
            .iter()
            .enumerate()
            .skip(scroll)
            .take(height)
            .map(|(i, &r)| {
                let r = &self.rows[r];
                let style = if i == self.selected {
                    theme::selected()
                } else {
                    Style::default()
                };
                let dim = |s: String| {
                    if s.is_empty() {
                        Cell::from(Span::styled("—", theme::dim()))
                    } else {
                        Cell::from(s)
                    }
                };
                Row::new(vec![
                    Cell::from(cut(&r.agency.name, 0)),
                    dim(cut(&r.aliases.join("、"), 1)),
                    Cell::from(cut(r.agency.level.label(), 2)),
                    dim(cut(&r.agency.region, 3)),
                    dim(cut(&r.agency.government, 4)),
                    Cell::from(cut(&r.uses.to_string(), 5)),
                ])
                .style(style)
            })
            .collect();
        let lengths: Vec<Constraint> = widths.iter().map(|w| Constraint::Length(*w)).collect();
        frame.render_widget(
            Table::new(rows, lengths).header(header).column_spacing(1),
            area,
        );
    }
}

/// The edit form, in a box over the directory.
fn render_form(frame: &mut Frame, area: Rect, e: &AgencyForm, keymap: &Keymap) {
    let r = centered(area, 76, 11);
    crate::overlay::clear(frame, r);
    let title = tf("agencies.form_title", &[("name", &e.name)]);
    let block = Block::default()
        .borders(Borders::ALL)
        .padding(Padding::horizontal(1))
        .title(Span::styled(
            format!(" {} ", ellipsis(&title, r.width.saturating_sub(4) as usize)),
            theme::header(),
        ));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let [_, fields, _, help] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(5),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    e.form.render(frame, fields);
    frame.render_widget(
        Paragraph::new(crate::widgets::wrap_text(
            Span::styled(
                tf(
                    "agencies.form_help",
                    &[("key", &keymap.key(Section::Agencies, Action::MergeAgency))],
                ),
                theme::dim(),
            ),
            help.width,
        )),
        help,
    );
}
