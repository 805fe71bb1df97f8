//! The month-end batch: pick a period, see what it would claim and what stays out, preview the
//! indicators (in as many columns as the width allows, scrolled with PageUp/PageDown), export, and
//! see the batches exported so far with their files: what each is and whom it goes to.

use crate::cmd::Cmd;
use crate::domain::batch::BatchMeta;
use crate::domain::indicators::{Report, Value};
use crate::domain::model::KeyCategory;
use crate::domain::period::{Period, PeriodKind};
use crate::i18n::prelude::*;
use crate::i18n::{labelled, t, tf};
use crate::keymap::{Action, Keymap, Section};
use crate::overlay::PromptPurpose;
use crate::records::Preview;
use crate::report::listing::{Described, FileKind};
use crate::theme;
use crate::widgets::form::{Field, Form};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

/// The head's rows (period, what it claims, what stays out, the export folder).
const HEAD: u16 = 5;
/// The indicator panel's least height, its title row included.
const INDICATORS_MIN: u16 = 6;
/// An indicator column's least width: below it, fewer columns.
const COLUMN_MIN: usize = 38;

pub struct BatchScreen {
    pub period: Period,
    pub preview: Preview,
    pub report: Report,
    /// the report's indicators, labelled, in the order shown
    pub indicators: Vec<Value>,
    /// indicator rows scrolled past (each column scrolls alike)
    pub scroll: usize,
    pub batches: Vec<BatchMeta>,
    /// each batch's files, described (parallel to `batches`)
    pub files: Vec<Vec<Described>>,
    pub selected: usize,
    pub out: String,
    /// what the period would claim and its indicators are still being read (on their thread)
    pub counting: bool,
    /// the month shown last: `m` from its quarter returns to it, not to the quarter's latest month
    pub last_month: Option<Period>,
    /// the day it is: no period after it is offered, a month not ended is exported after a warning
    pub today: chrono::NaiveDate,
    /// the terminal's size, which the indicator panel's page follows
    pub size: (u16, u16),
    /// the topic period's form (its dates, title and filters), open over the screen
    pub topic: Option<Form>,
    /// the month the next batch is for, when it is before this one: a claim of this month takes
    /// what that month holds as 补报, and is asked about saying so
    pub unexported_before: Option<Period>,
}

impl BatchScreen {
    /// What the footer offers: the topic form's keys while it is open.
    pub fn commands(&self) -> &'static [Action] {
        if self.topic.is_some() {
            return &[
                Action::Save,
                Action::NextField,
                Action::Cancel,
                Action::Help,
            ];
        }
        &[
            Action::PrevPeriod,
            Action::NextPeriod,
            Action::Quarter,
            Action::Topic,
            Action::Export,
            Action::Draft,
            Action::Back,
            Action::Help,
            Action::PageDown,
            Action::PageUp,
        ]
    }

    /// The keys in use: the form's while the topic form is open.
    pub fn section(&self) -> Section {
        if self.topic.is_some() {
            Section::Form
        } else {
            Section::Batch
        }
    }

    /// The topic period's form: its first and last day (this period's to start with), its title,
    /// and the filters a topic report may have (as `--key-category`, `--cause`, `--agency` and
    /// `--government` on the command line).
    fn open_topic(&mut self) {
        let f = &self.period.filter;
        let mut categories = vec![(String::new(), "batch.topic.any_category".to_string())];
        categories.extend(
            KeyCategory::ALL
                .iter()
                .filter(|k| **k != KeyCategory::None)
                .map(|k| (k.id().to_string(), k.key().to_string())),
        );
        let mut form = Form::new(vec![
            Field::text("from", "batch.topic.from", &self.period.from.to_string()),
            Field::text("to", "batch.topic.to", &self.period.to.to_string()),
            Field::text("topic", "batch.topic.title", &self.period.topic),
            Field::choice(
                "key_category",
                "batch.topic.key_category",
                categories,
                f.key_category.as_deref().unwrap_or_default(),
            ),
            Field::text(
                "cause",
                "batch.topic.cause",
                f.cause.as_deref().unwrap_or_default(),
            ),
            Field::text(
                "agency",
                "batch.topic.agency",
                f.agency.as_deref().unwrap_or_default(),
            ),
            Field::text(
                "government",
                "batch.topic.government",
                f.government.as_deref().unwrap_or_default(),
            ),
        ]);
        // (the dates come filled in: the title is what is typed first)
        form.focus = 2;
        self.topic = Some(form);
    }

    /// The topic period the form names, or why not (the form stays open).
    fn topic_period(form: &Form) -> Result<Period, String> {
        let title = form.text("topic").trim().to_string();
        if title.is_empty() {
            return Err(t("batch.topic.err.title").to_string());
        }
        let given = |id: &str| Some(form.text(id).trim().to_string()).filter(|v| !v.is_empty());
        Period::range(form.text("from").trim(), form.text("to").trim(), &title)
            .map(|p| {
                p.with_filter(crate::domain::period::Filter {
                    key_category: Some(form.choice("key_category")).filter(|k| !k.is_empty()),
                    cause: given("cause"),
                    agency: given("agency"),
                    government: given("government"),
                })
            })
            .map_err(|e| e.text())
    }

    pub fn handle_key(
        &mut self,
        key: &crossterm::event::KeyEvent,
        action: Option<Action>,
        keymap: &Keymap,
    ) -> Option<Cmd> {
        if let Some(form) = &mut self.topic {
            let save = |form: &Form| match Self::topic_period(form) {
                Ok(p) => Some(Cmd::BatchPeriod(p)),
                Err(why) => Some(Cmd::Message(why)),
            };
            match action {
                Some(Action::Save) => return save(form),
                Some(Action::Cancel) => self.topic = None,
                Some(Action::NextField) => form.next(),
                Some(Action::PrevField) => form.prev(),
                Some(Action::Accept) if form.focus + 1 == form.fields.len() => return save(form),
                Some(Action::Accept) => form.next(),
                _ => {
                    form.handle_key(key, keymap);
                }
            }
            return None;
        }
        match action? {
            Action::Back => Some(Cmd::OpenList),
            Action::PrevPeriod => Some(Cmd::BatchPeriod(self.period.shift(-1))),
            Action::NextPeriod => {
                let next = self.period.shift(1);
                Some(if next.begun(self.today) {
                    Cmd::BatchPeriod(next)
                } else {
                    Cmd::Message(tf("batch.no_future", &[("period", &next.title().text())]))
                })
            }
            Action::Quarter => Some(Cmd::BatchPeriod(match &self.last_month {
                Some(m)
                    if self.period.kind == PeriodKind::Quarter
                        && self.period.from <= m.from
                        && m.to <= self.period.to =>
                {
                    m.clone()
                }
                _ => self.period.toggle_quarter(self.today),
            })),
            Action::Topic => {
                self.open_topic();
                None
            }
            // a draft to read first: written where exports go, nothing claimed or numbered
            Action::Draft => Some(Cmd::ExportDraft),
            Action::Export => {
                let ask = Cmd::Prompt(PromptPurpose::ExportFolder, self.out.clone());
                let new_claim = self.period.kind.claims() && self.preview.existing.is_none();
                if !new_claim {
                    // a report, or a batch made again: nothing is claimed
                    return Some(ask);
                }
                // what a claim takes is said before it is taken, once (it cannot be undone)
                if self.counting {
                    return Some(Cmd::Message(t("batch.wait_counting").to_string()));
                }
                let p = &self.preview;
                let mut question = tf(
                    "batch.claim_ask",
                    &[
                        ("period", &self.period.title().text()),
                        ("n", &p.claim),
                        ("e", &p.evaluations),
                        ("a", &p.absences),
                        ("l", &p.late),
                    ],
                );
                // an earlier month not exported: its records become this batch's 补报 for good
                if let Some(m) = &self.unexported_before {
                    question = format!(
                        "{} {question}",
                        tf(
                            "batch.earlier_unexported",
                            &[
                                ("earlier", &m.title().text()),
                                ("period", &self.period.title().text()),
                            ],
                        )
                    );
                }
                // a month not over yet: what is scored later this month goes to the next batch
                if !self.period.ended(self.today) {
                    question = format!(
                        "{} {question}",
                        tf(
                            "batch.not_ended_note",
                            &[
                                ("period", &self.period.title().text()),
                                ("today", &self.today),
                            ],
                        )
                    );
                }
                Some(Cmd::Confirm(question, Box::new(ask)))
            }
            Action::Up => {
                self.selected = self.selected.saturating_sub(1);
                None
            }
            Action::Down => {
                self.selected = (self.selected + 1).min(self.batches.len().saturating_sub(1));
                None
            }
            Action::PageDown => {
                let g = self.grid_in(self.screen_area());
                self.scroll = (self.scroll.min(g.last()) + g.visible).min(g.last());
                None
            }
            Action::PageUp => {
                let g = self.grid_in(self.screen_area());
                self.scroll = self.scroll.min(g.last()).saturating_sub(g.visible);
                None
            }
            _ => None,
        }
    }

    /// The screen's area in a terminal of `size`: below the title bar, above the status and key
    /// lines (as the frame lays them out).
    fn screen_area(&self) -> Rect {
        Rect::new(0, 1, self.size.0, self.size.1.saturating_sub(3))
    }

    /// The head, the indicator panel and the exported batches' panel: the batches get the rows
    /// their longest file list needs, as long as the indicators keep [`INDICATORS_MIN`].
    fn areas(&self, area: Rect) -> [Rect; 3] {
        let head = HEAD.min(area.height);
        let rest = area.height - head;
        let files = self.files.iter().map(Vec::len).max().unwrap_or(0);
        let need = match self.batches.len() {
            0 => 2,
            n => 1 + n.max(1 + files) as u16,
        };
        // (where the indicators need fewer rows than are left, the batches get the rest)
        let shown = {
            let inner = indicator_block().inner(Rect::new(0, 0, area.width, rest));
            let g = Grid::new(inner, &self.indicators);
            g.rows as u16 + (rest - inner.height)
        };
        let need = need.max(rest.saturating_sub(shown.max(INDICATORS_MIN)));
        let past = need
            .min(rest.saturating_sub(INDICATORS_MIN))
            .max(2.min(rest));
        Layout::vertical([
            Constraint::Length(head),
            Constraint::Fill(1),
            Constraint::Length(past),
        ])
        .areas(area)
    }

    /// How the indicators are laid out in the screen's `area`.
    fn grid_in(&self, area: Rect) -> Grid {
        let [_, body, _] = self.areas(area);
        Grid::new(indicator_block().inner(body), &self.indicators)
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, keymap: &Keymap) {
        let [head, body, past] = self.areas(area);
        self.render_head(frame, head);
        self.render_indicators(frame, body, keymap);
        self.render_past(frame, past);
        if let Some(form) = &self.topic {
            render_topic(frame, area, form, keymap);
        }
    }

    fn render_head(&self, frame: &mut Frame, head: Rect) {
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
            Span::styled(self.period.title().text(), theme::header()),
            Span::styled(
                format!("  {kind}  {} — {}", self.period.from, self.period.to),
                theme::dim(),
            ),
        ])];
        match &p.existing {
            // (what the period would claim is still being read: said, not shown as zeros)
            _ if self.counting => {
                lines.push(Line::from(Span::styled(t("batch.counting"), theme::dim())))
            }
            Some(b) => lines.push(Line::from(Span::styled(
                tf(
                    "batch.existing",
                    &[
                        ("at", &crate::domain::text::minute(&b.created_at)),
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
        if !self.counting
            && p.existing.is_none()
            && self.period.kind.claims()
            && p.drafts + p.unscored > 0
        {
            lines.push(Line::from(Span::styled(
                format!(
                    "⚠ {}",
                    tf("batch.left_out", &[("d", &p.drafts), ("u", &p.unscored)])
                ),
                theme::error(),
            )));
        }
        let today = chrono::Local::now().date_naive();
        if self.period.partial_on(today) {
            lines.push(Line::from(Span::styled(
                format!(
                    "⚠{}",
                    tf(
                        "batch.partial",
                        &[
                            ("period", &self.period.title().text()),
                            ("today", &crate::domain::period::day_text(today).text()),
                        ]
                    )
                ),
                theme::error(),
            )));
        }
        lines.push(Line::from(Span::styled(
            tf("batch.out", &[("dir", &self.out)]),
            theme::dim(),
        )));
        // wrapped as Chinese wraps (between characters, not only at the ASCII spaces), a cut
        // ending in …
        frame.render_widget(
            Paragraph::new(crate::widgets::wrap_clipped(
                lines,
                head.width,
                head.height as usize,
            )),
            head,
        );
    }

    /// The indicators in columns filled top to bottom, scrolled alike; in each column the labels
    /// cut to the room left by its widest value, the values aligned at its right edge.
    fn render_indicators(&self, frame: &mut Frame, body: Rect, keymap: &Keymap) {
        let block = indicator_block();
        let inner = block.inner(body);
        let g = Grid::new(inner, &self.indicators);
        let scroll = self.scroll.min(g.last());
        let title = if g.last() > 0 {
            // where the view is, and the key that moves it on (the footer may have no room)
            let key = if scroll < g.last() {
                Action::PageDown
            } else {
                Action::PageUp
            };
            format!(
                "{}{}  {} ",
                t("batch.indicators"),
                tf(
                    "batch.indicators_rows",
                    &[
                        ("from", &(scroll + 1)),
                        ("to", &(scroll + g.visible).min(g.rows)),
                        ("n", &g.rows),
                    ],
                ),
                keymap.hint(Section::Batch, key).unwrap_or_default()
            )
        } else {
            t("batch.indicators").to_string()
        };
        frame.render_widget(block.title(Span::styled(title, theme::dim())), body);
        if self.indicators.is_empty() {
            if self.counting {
                frame.render_widget(
                    Paragraph::new(Span::styled(t("batch.counting"), theme::dim())),
                    indicator_block().inner(body),
                );
            }
            return;
        }
        let chunks: Vec<&[Value]> = self.indicators.chunks(g.rows).collect();
        // each column as wide as its widest label and value (and a space) when all fit; else alike
        let needs = needs(&self.indicators, g.rows);
        let constraints: Vec<Constraint> = if needs.iter().sum::<usize>() <= inner.width as usize {
            needs
                .iter()
                .map(|n| Constraint::Length(*n as u16))
                .collect()
        } else {
            vec![Constraint::Fill(1); chunks.len()]
        };
        let cols = Layout::horizontal(constraints).split(inner);
        for (c, chunk) in chunks.into_iter().enumerate() {
            // one column's cells, a space kept before the next column
            let width = (cols[c].width as usize).saturating_sub(1);
            let texts: Vec<String> = chunk.iter().map(shown).collect();
            let value_w = texts
                .iter()
                .map(|v| v.width())
                .max()
                .unwrap_or(0)
                .min(width);
            // the values right after the widest label, or at the column's edge when labels are cut
            let label_need = chunk.iter().map(|v| v.label.width()).max().unwrap_or(0);
            let label_w = label_need.min(width.saturating_sub(value_w + 1));
            let lines: Vec<Line> = chunk
                .iter()
                .zip(&texts)
                .skip(scroll)
                .take(g.visible)
                .map(|(v, value)| {
                    Line::from(vec![
                        Span::styled(pad(&ellipsis(&v.label, label_w), label_w), theme::label()),
                        Span::raw(format!(" {}", pad_left(&ellipsis(value, value_w), value_w))),
                    ])
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), cols[c]);
        }
    }

    /// The batches exported so far (id and day) beside the selected one's files.
    fn render_past(&self, frame: &mut Frame, past: Rect) {
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
        // the ids whole where half the width holds them (a topic's is long), the day beside them
        // where there is room for it too
        let id_w = self.batches.iter().map(|b| b.id.width()).max().unwrap_or(7);
        let half = (inner.width / 2) as usize;
        let dated = id_w + 1 + 10 <= (inner.width / 3) as usize || id_w + 1 + 10 <= half.min(40);
        let list_w = if dated { id_w + 1 + 10 } else { id_w.min(half) } as u16;
        let [list, _, files] = Layout::horizontal([
            Constraint::Length(list_w),
            Constraint::Length(2),
            Constraint::Fill(1),
        ])
        .areas(inner);
        let rows = list.height as usize;
        // the selection stays in view
        let first = self.selected.saturating_sub(rows.saturating_sub(1));
        let lines: Vec<Line> = self
            .batches
            .iter()
            .enumerate()
            .skip(first)
            .take(rows)
            .map(|(i, b)| {
                let text = if dated {
                    format!(
                        "{} {}",
                        pad(&b.id, id_w),
                        b.created_at.get(..10).unwrap_or("")
                    )
                } else {
                    crate::widgets::ellipsis_front(&b.id, list.width as usize)
                };
                let style = if i == self.selected {
                    theme::selected()
                } else {
                    Default::default()
                };
                Line::from(Span::styled(ellipsis(&text, list.width as usize), style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), list);
        if let (Some(b), Some(described)) = (
            self.batches.get(self.selected),
            self.files.get(self.selected),
        ) {
            self.render_files(frame, files, b, described);
        }
    }

    /// A batch's folder and counts, then one line a file: what it is (and whom it goes to), its
    /// name, and the start of its checksum where there is room.
    fn render_files(&self, frame: &mut Frame, area: Rect, b: &BatchMeta, files: &[Described]) {
        let width = area.width as usize;
        let counts = tf(
            "batch.row",
            &[("n", &b.appearances), ("l", &b.late), ("o", &b.outcomes)],
        );
        let mut lines = vec![Line::from(vec![
            Span::styled(ellipsis(&b.folder, width), theme::label()),
            Span::styled(
                ellipsis(
                    &format!("  {counts}"),
                    width.saturating_sub(b.folder.width()),
                ),
                theme::dim(),
            ),
        ])];
        let descriptions: Vec<String> = files.iter().map(describe).collect();
        let desc_need = descriptions.iter().map(|d| d.width()).max().unwrap_or(0);
        let name_need = files.iter().map(|f| f.name.width()).max().unwrap_or(0);
        // the checksum's first 8 digits where the rest has all it needs
        const SHA: usize = 8;
        let sha = width >= desc_need + name_need + 2 + SHA + 2;
        let room = width.saturating_sub(if sha { SHA + 2 } else { 0 });
        let desc_w = if desc_need + 2 + name_need <= room {
            desc_need
        } else {
            // the description first: the name gives way down to what is left
            desc_need.min(room.saturating_sub(2) * 3 / 5)
        };
        let name_w = name_need.min(room.saturating_sub(desc_w + 2));
        let rows = (area.height as usize).saturating_sub(1);
        let shown = if files.len() > rows {
            rows.saturating_sub(1)
        } else {
            files.len()
        };
        for (f, d) in files.iter().zip(&descriptions).take(shown) {
            let mut spans = vec![
                Span::raw(pad(&ellipsis(d, desc_w), desc_w)),
                Span::raw("  "),
                // (cut at the front: what tells the files apart is at their names' end)
                Span::styled(
                    pad(&crate::widgets::ellipsis_front(&f.name, name_w), name_w),
                    theme::dim(),
                ),
            ];
            if sha {
                spans.push(Span::styled(
                    format!("  {}", f.sha256.get(..SHA).unwrap_or(&f.sha256)),
                    theme::dim(),
                ));
            }
            lines.push(Line::from(spans));
        }
        if shown < files.len() {
            lines.push(Line::from(Span::styled(
                ellipsis(
                    &tf("batch.files_more", &[("n", &(files.len() - shown))]),
                    width,
                ),
                theme::dim(),
            )));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }
}

fn indicator_block() -> Block<'static> {
    Block::default().borders(Borders::TOP)
}

/// A file in words: its kind, and the government it goes to when known ("函 — 合肥市人民政府").
pub fn describe(d: &Described) -> String {
    let kind = match d.kind {
        FileKind::Notice => t("batch.file.notice"),
        FileKind::Letter => t("batch.file.letter"),
        FileKind::Workbook => t("batch.file.workbook"),
        FileKind::Csv => t("batch.file.csv"),
        FileKind::Json => t("batch.file.json"),
        FileKind::Manifest => t("batch.file.manifest"),
        FileKind::Signature => t("batch.file.signature"),
        FileKind::Other => t("batch.file.other"),
    };
    match (d.kind, d.government.is_empty()) {
        (FileKind::Notice | FileKind::Letter | FileKind::Workbook, false) => {
            format!("{kind} — {}", d.government)
        }
        // the government not known (the folder moved): a letter still has its number
        (FileKind::Letter, true) => format!("{kind} {}", d.number),
        _ => kind.to_string(),
    }
}

/// The indicator panel's layout: `cols` columns of `rows` indicators each, `visible` of them shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Grid {
    cols: usize,
    rows: usize,
    visible: usize,
}

impl Grid {
    /// Two columns (one where the width has room for one only), more where they show every
    /// indicator that two do not, up to as many as fit at [`COLUMN_MIN`]; and more again while
    /// every label and value still fits whole (a wide terminal uses its width, not blank rows).
    fn new(inner: Rect, values: &[Value]) -> Grid {
        let n = values.len();
        let visible = (inner.height as usize).max(1);
        let most = (inner.width as usize / COLUMN_MIN).max(1);
        let cols = (1..=most)
            .find(|c| n.div_ceil(*c) <= visible)
            .unwrap_or(most)
            .max(2.min(most));
        let whole = |c: usize| {
            needs(values, n.div_ceil(c).max(1)).iter().sum::<usize>() <= inner.width as usize
        };
        let cols = (cols..=most)
            .rev()
            .find(|&c| whole(c))
            .unwrap_or(cols)
            .max(cols);
        Grid {
            cols,
            rows: n.div_ceil(cols).max(1),
            visible,
        }
    }

    /// The last row the view may start at.
    fn last(&self) -> usize {
        self.rows.saturating_sub(self.visible)
    }
}

/// An indicator's value as the preview shows it: an average with no decimals ("15") padded where
/// they would be, so its digits stand under the others' ("17.4").
fn shown(v: &Value) -> String {
    match v.kind {
        crate::domain::indicators::Kind::Average => crate::widgets::columns::decimal(&v.text()),
        _ => v.text(),
    }
}

/// What each column of `rows` indicators needs: its widest label, a space, its widest value and
/// a space before the next.
fn needs(values: &[Value], rows: usize) -> Vec<usize> {
    values
        .chunks(rows.max(1))
        .map(|chunk| {
            let label = chunk.iter().map(|v| v.label.width()).max().unwrap_or(0);
            let value = chunk.iter().map(|v| shown(v).width()).max().unwrap_or(0);
            label + 1 + value + 1
        })
        .collect()
}

fn ellipsis(s: &str, width: usize) -> String {
    crate::widgets::ellipsis(s, width)
}

/// `s` (no wider than `width`) padded with spaces to `width` display columns.
fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

fn pad_left(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(s.width())))
}
/// The topic form, in a box over the batch screen.
fn render_topic(frame: &mut Frame, area: Rect, form: &Form, keymap: &Keymap) {
    let r = crate::overlay::centered(area, 76, 13);
    crate::overlay::clear(frame, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .padding(ratatui::widgets::Padding::horizontal(1))
        .title(Span::styled(
            format!(" {} ", t("batch.topic.form_title")),
            theme::header(),
        ));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let [_, fields, _, help] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(7),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    form.render(frame, fields);
    frame.render_widget(
        Paragraph::new(crate::widgets::wrap_text(
            Span::styled(
                tf(
                    "batch.topic.help",
                    &[
                        ("save", &keymap.key(Section::Form, Action::Save)),
                        ("next", &keymap.key(Section::Form, Action::NextField)),
                        ("cancel", &keymap.key(Section::Form, Action::Cancel)),
                    ],
                ),
                theme::dim(),
            ),
            help.width,
        )),
        help,
    );
}
