//! Scoring one appearance: the rubric's dimensions and items, marks, and the running score.

use crate::domain::live::{Event, EventKind, Stage, clock};
use crate::domain::model::{Appearance, EvalStatus, Hearing, flag_label};
use crate::domain::performance;
use crate::domain::rubric::{ItemKind, Rubric};
use crate::domain::scoring::{DimStatus, Score, clamp_mark, format_tenths, item_effect};
use crate::i18n::{labelled, t, tf};
use crate::store::Evaluation;
use crate::tui::app::Cmd;
use crate::tui::keymap::Action;
use crate::tui::overlay::PromptPurpose;
use crate::tui::screens::live::describe;
use crate::tui::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use std::cell::Cell;
use std::rc::Rc;
use unicode_width::UnicodeWidthStr;

pub struct ScoringScreen {
    pub hearing: Hearing,
    pub appearance: Appearance,
    pub eval: Evaluation,
    pub rubric: Rc<Rubric>,
    pub score: Score,
    /// the live-mode event log, shown as evidence
    pub events: Vec<Event>,
    /// index into `items()`
    pub selected: usize,
    scroll: Cell<usize>,
}

impl ScoringScreen {
    pub fn new(
        hearing: Hearing,
        appearance: Appearance,
        eval: Evaluation,
        rubric: Rc<Rubric>,
        score: Score,
        events: Vec<Event>,
    ) -> Self {
        ScoringScreen {
            hearing,
            appearance,
            eval,
            rubric,
            score,
            events,
            selected: 0,
            scroll: Cell::new(0),
        }
    }

    /// What the footer offers: marking while a draft; once finalized, what is left is the
    /// judgment performance follow-up.
    pub fn commands(&self) -> &'static [Action] {
        if self.eval.status == EvalStatus::Draft {
            &[
                Action::Toggle,
                Action::Increase,
                Action::Decrease,
                Action::Note,
                Action::Comment,
                Action::Finalize,
                Action::Back,
                Action::Help,
            ]
        } else {
            &[
                Action::Up,
                Action::Down,
                Action::Performance,
                Action::Back,
                Action::Help,
            ]
        }
    }

    /// Award items never touched: no points and no event recorded for them.
    pub fn untouched_awards(&self) -> Vec<String> {
        self.rubric
            .dimensions
            .iter()
            .flat_map(|d| &d.items)
            .filter(|i| matches!(i.kind, ItemKind::Award { .. }))
            .filter(|i| self.mark(&i.id) == 0 && !self.events.iter().any(|e| e.item == i.id))
            .map(|i| i.label().to_string())
            .collect()
    }

    /// Finalizing: a warning first when award items were never scored, then the judge's name,
    /// typed (the hearing's presiding judge is not filled in: whoever confirms types it).
    fn finalize(&self) -> Cmd {
        let ask = Cmd::Prompt(PromptPurpose::Finalize, String::new());
        let untouched = self.untouched_awards();
        if untouched.is_empty() {
            ask
        } else {
            Cmd::Confirm(
                tf(
                    "finalize.untouched",
                    &[("items", &untouched.join(t("common.list_sep")))],
                ),
                Box::new(ask),
            )
        }
    }

    /// The mark events that support an item's current mark: the increases no undo reverted (for a
    /// one-off item, only the last).
    fn supporting<'a>(&'a self, item: &'a str) -> Vec<&'a Event> {
        let undone: Vec<i64> = self
            .events
            .iter()
            .filter_map(|e| (e.kind == EventKind::Undo).then_some(e.target).flatten())
            .collect();
        let mut found: Vec<&Event> = self
            .events
            .iter()
            .filter(|e| {
                e.kind == EventKind::Mark
                    && e.item == item
                    && e.value > e.prev
                    && !undone.contains(&e.seq)
            })
            .collect();
        let counted = matches!(
            self.rubric.item(item).map(|(_, i)| &i.kind),
            Some(ItemKind::Deduction { counted: true, .. })
        );
        if self.eval.marks.get(item).copied().unwrap_or(0) == 0 {
            found.clear();
        } else if !counted && found.len() > 1 {
            found.drain(..found.len() - 1);
        }
        found
    }

    /// (dimension index, item index) of every item, in order.
    fn items(&self) -> Vec<(usize, usize)> {
        self.rubric
            .dimensions
            .iter()
            .enumerate()
            .flat_map(|(d, dim)| (0..dim.items.len()).map(move |i| (d, i)))
            .collect()
    }

    fn mark(&self, id: &str) -> i64 {
        self.eval.marks.get(id).copied().unwrap_or(0)
    }

    pub fn marked(&mut self, item: &str, value: i64, score: Score) {
        if let Some((_, it)) = self.rubric.item(item) {
            self.eval
                .marks
                .insert(item.to_string(), clamp_mark(&it.kind, value));
        }
        self.score = score;
    }

    pub fn handle_key(&mut self, action: Option<Action>) -> Option<Cmd> {
        let items = self.items();
        let action = action?;
        match action {
            Action::Back => return Some(Cmd::OpenHearing(self.hearing.id)),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(items.len().saturating_sub(1)),
            Action::NextDimension | Action::PrevDimension => {
                let d = items.get(self.selected).map(|x| x.0).unwrap_or(0) as i64;
                let n = self.rubric.dimensions.len() as i64;
                let target = (d + if action == Action::NextDimension {
                    1
                } else {
                    n - 1
                })
                .rem_euclid(n) as usize;
                self.selected = items
                    .iter()
                    .position(|x| x.0 == target)
                    .unwrap_or(self.selected);
            }
            Action::Comment => {
                return Some(
                    self.unlocked(|s| Cmd::Prompt(PromptPurpose::Comment, s.eval.comment.clone())),
                );
            }
            Action::Finalize => return Some(self.unlocked(|s| s.finalize())),
            Action::Performance => return Some(self.performance_choice()),
            Action::Note => {
                let (d, i) = *items.get(self.selected)?;
                let id = self.rubric.dimensions[d].items[i].id.clone();
                let note = self.eval.notes.get(&id).cloned().unwrap_or_default();
                return Some(self.unlocked(|_| Cmd::Prompt(PromptPurpose::Note(id), note)));
            }
            Action::Toggle | Action::Increase | Action::Decrease => {
                let (d, i) = *items.get(self.selected)?;
                let item = &self.rubric.dimensions[d].items[i];
                let v = self.mark(&item.id);
                let up = action != Action::Decrease;
                let value = match (&item.kind, action) {
                    (
                        ItemKind::Deduction { counted: false, .. } | ItemKind::Veto { .. },
                        Action::Toggle,
                    ) => 1 - v.clamp(0, 1),
                    (ItemKind::Deduction { counted: false, .. } | ItemKind::Veto { .. }, _) => {
                        i64::from(up)
                    }
                    (ItemKind::Deduction { .. }, _) => v + if up { 1 } else { -1 },
                    (ItemKind::Award { max, step }, Action::Toggle) => {
                        if v + step > *max {
                            0
                        } else {
                            v + step
                        }
                    }
                    (ItemKind::Award { step, .. }, _) => v + if up { *step } else { -*step },
                    (ItemKind::Level { options }, Action::Toggle) => (v % options.len() as i64) + 1,
                    (ItemKind::Level { .. }, _) => v + if up { 1 } else { -1 },
                };
                let value = clamp_mark(&item.kind, value);
                if value == v {
                    return None;
                }
                let id = item.id.clone();
                let eval = self.eval.id;
                return Some(self.unlocked(move |_| Cmd::SetMark {
                    eval,
                    item: id,
                    value,
                }));
            }
            _ => {}
        }
        None
    }

    /// The outcomes a judgment performance follow-up may record on a finalized evaluation.
    fn performance_choice(&self) -> Cmd {
        if self.eval.status == EvalStatus::Draft {
            return Cmd::Error(t("perf.err.draft").to_string());
        }
        if let Some(batch) = self
            .eval
            .performance
            .as_ref()
            .and_then(|p| p.batch.as_ref())
        {
            return Cmd::Error(tf("perf.err.reported", &[("batch", batch)]));
        }
        if self.eval.performance.is_none() && !performance::awaiting(&self.rubric, &self.eval.marks)
        {
            return Cmd::Error(t("perf.err.not_pending").to_string());
        }
        let by = if self.hearing.clerk.is_empty() {
            self.hearing.judge.clone()
        } else {
            self.hearing.clerk.clone()
        };
        let mut options: Vec<(String, Cmd)> = performance::choices(&self.rubric)
            .into_iter()
            .map(|o| {
                (
                    o.label().to_string(),
                    Cmd::Prompt(PromptPurpose::Performance(o.id.clone()), by.clone()),
                )
            })
            .collect();
        if self.eval.performance.is_some() {
            options.push((
                t("perf.clear").to_string(),
                Cmd::ClearPerformance(self.eval.id),
            ));
        }
        Cmd::Choose(t("perf.choose").to_string(), options)
    }

    fn unlocked(&self, f: impl FnOnce(&Self) -> Cmd) -> Cmd {
        if self.eval.status == EvalStatus::Draft {
            f(self)
        } else {
            Cmd::Error(t("msg.locked").to_string())
        }
    }

    fn item_value_text(&self, kind: &ItemKind, v: i64) -> String {
        match kind {
            ItemKind::Deduction { counted: false, .. } | ItemKind::Veto { .. } => {
                if v > 0 {
                    "[x]".into()
                } else {
                    "[ ]".into()
                }
            }
            ItemKind::Deduction { .. } => format!("×{v}"),
            ItemKind::Award { max, .. } => format!("{v}/{max}"),
            ItemKind::Level { options } => match v {
                0 => format!("‹{}›", t("scoring.unset")),
                n => format!("‹{}›", options[(n - 1) as usize].label()),
            },
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let [head, body, foot] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Fill(1),
            Constraint::Length(2),
        ])
        .areas(area);
        let a = &self.appearance;
        let who = if a.title.is_empty() {
            a.person.clone()
        } else {
            format!("{}（{}）", a.person, a.title)
        };
        let status_style = if self.eval.status == EvalStatus::Draft {
            theme::draft()
        } else {
            theme::ok()
        };
        let mut status = self.eval.status.label().to_string();
        if self.eval.status != EvalStatus::Draft {
            status = format!("{status} · {}", self.eval.finalized_by);
        }
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(vec![
                    Span::styled(self.hearing.case_number.clone(), theme::header()),
                    Span::raw("  "),
                    Span::raw(a.agency_name.clone()),
                ]),
                Line::from(vec![
                    Span::raw(format!("{who}  {}  ", a.category.label())),
                    Span::styled(format!("[{status}]"), status_style),
                ]),
            ]),
            head,
        );
        // an even inner width keeps wide characters from wrapping into the border
        let panel_w = 29.min(body.width / 3) | 1;
        let [list, panel] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(panel_w)]).areas(body);
        self.render_items(frame, list);
        self.render_panel(frame, panel);
        let comment = if self.eval.comment.is_empty() {
            Span::styled(t("scoring.no_comment"), theme::dim())
        } else {
            Span::raw(self.eval.comment.clone())
        };
        let note = self
            .items()
            .get(self.selected)
            .and_then(|(d, i)| {
                self.eval
                    .notes
                    .get(&self.rubric.dimensions[*d].items[*i].id)
            })
            .map(|n| {
                Line::from(vec![
                    Span::styled(labelled("scoring.note"), theme::label()),
                    Span::raw(n.clone()),
                ])
            })
            .unwrap_or_default();
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(vec![
                    Span::styled(labelled("scoring.comment"), theme::label()),
                    comment,
                ]),
                note,
            ])
            .wrap(Wrap { trim: true }),
            foot,
        );
    }

    fn render_items(&self, frame: &mut Frame, area: Rect) {
        let items = self.items();
        let mut lines: Vec<(Line, bool)> = Vec::new();
        let mut selected_line = 0;
        let mut selected_last = 0;
        for (d, dim) in self.rubric.dimensions.iter().enumerate() {
            let ds = &self.score.dims[d];
            let score = match ds.status {
                DimStatus::Applicable => format!("{}/{}", ds.score, ds.max),
                DimStatus::Pending => t("scoring.pending").to_string(),
                DimStatus::NotApplicable => t("scoring.not_applicable").to_string(),
            };
            lines.push((
                Line::from(vec![
                    Span::styled(format!("{}  ", dim.label()), theme::header()),
                    Span::styled(score, theme::header()),
                ]),
                false,
            ));
            for item in &dim.items {
                let v = self.mark(&item.id);
                let effect = item_effect(&item.kind, v);
                let value = self.item_value_text(&item.kind, v);
                let effect_text = match (&item.kind, effect) {
                    (ItemKind::Veto { .. }, _) if v > 0 => t("scoring.veto").to_string(),
                    (_, 0) => String::new(),
                    (_, e) if e > 0 => format!("+{e}"),
                    (_, e) => format!("{e}"),
                };
                let key = item
                    .key
                    .map(|k| format!("{k} "))
                    .unwrap_or_else(|| "  ".into());
                let label = item.label();
                let noted = if self.eval.notes.contains_key(&item.id) {
                    "✎"
                } else {
                    " "
                };
                let used = 2 + key.width() + value.width() + 1 + label.width() + 1;
                let pad = (area.width as usize).saturating_sub(used + effect_text.width() + 2);
                let style = if v > 0 {
                    Default::default()
                } else {
                    theme::dim()
                };
                let is_sel = items.get(self.selected)
                    == Some(&(
                        d,
                        dim.items.iter().position(|x| x.id == item.id).unwrap_or(0),
                    ));
                if is_sel {
                    selected_line = lines.len();
                }
                lines.push((
                    Line::from(vec![
                        Span::styled(format!("  {key}"), theme::dim()),
                        Span::raw(format!("{value} ")),
                        Span::styled(label.to_string(), style),
                        Span::raw(format!("{noted}{}", " ".repeat(pad))),
                        Span::styled(
                            effect_text,
                            if effect < 0 || v > 0 && matches!(item.kind, ItemKind::Veto { .. }) {
                                theme::flag()
                            } else {
                                theme::ok()
                            },
                        ),
                    ]),
                    is_sel,
                ));
                // the live events that support this mark: times and stages
                let times: Vec<String> = self
                    .supporting(&item.id)
                    .into_iter()
                    .map(|e| {
                        let stage = Stage::from_id(&e.stage).map(|s| s.label()).unwrap_or("—");
                        format!("{} {stage}", clock(e.elapsed_ms))
                    })
                    .collect();
                if !times.is_empty() {
                    lines.push((
                        Line::from(Span::styled(
                            format!("      ⏱ {}", times.join("，")),
                            theme::dim(),
                        )),
                        false,
                    ));
                }
                if let (Some(p), ItemKind::Level { .. }) = (&self.eval.performance, &item.kind) {
                    let text = match &p.batch {
                        Some(b) => tf(
                            "perf.recorded_reported",
                            &[("on", &p.recorded_on), ("by", &p.recorded_by), ("batch", b)],
                        ),
                        None => tf(
                            "perf.recorded",
                            &[("on", &p.recorded_on), ("by", &p.recorded_by)],
                        ),
                    };
                    lines.push((
                        Line::from(Span::styled(format!("      {text}"), theme::dim())),
                        false,
                    ));
                }
                if is_sel {
                    // the item's evidence lines are shown with it
                    selected_last = lines.len() - 1;
                }
            }
        }
        // notes and stages from the hearing, as evidence for the review
        let log: Vec<&Event> = self
            .events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Note | EventKind::Stage))
            .collect();
        if !log.is_empty() {
            lines.push((
                Line::from(Span::styled(t("scoring.log"), theme::header())),
                false,
            ));
            for e in log {
                lines.push((
                    Line::from(Span::styled(
                        format!("  {} {}", clock(e.elapsed_ms), describe(e, &self.rubric)),
                        theme::dim(),
                    )),
                    false,
                ));
            }
        }
        let h = area.height as usize;
        let mut scroll = self.scroll.get();
        if selected_line < scroll + 1 {
            scroll = selected_line.saturating_sub(1);
        } else if selected_last >= scroll + h {
            scroll = (selected_last + 1 - h).min(selected_line);
        }
        self.scroll.set(scroll);
        let shown: Vec<Line> = lines
            .into_iter()
            .skip(scroll)
            .take(h)
            .map(|(l, sel)| if sel { l.style(theme::selected()) } else { l })
            .collect();
        frame.render_widget(Paragraph::new(shown), area);
    }

    fn render_panel(&self, frame: &mut Frame, area: Rect) {
        let block = Block::default()
            .borders(Borders::LEFT)
            .title(Span::styled(t("scoring.score"), theme::header()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let mut lines = Vec::new();
        for (d, ds) in self.rubric.dimensions.iter().zip(&self.score.dims) {
            let v = match ds.status {
                DimStatus::Applicable => format!("{:>2}/{}", ds.score, ds.max),
                DimStatus::Pending => t("scoring.pending").to_string(),
                DimStatus::NotApplicable => t("scoring.not_applicable").to_string(),
            };
            lines.push(Line::from(vec![Span::styled(
                d.label().to_string(),
                theme::label(),
            )]));
            lines.push(Line::from(format!("  {v}")));
        }
        lines.push(Line::from(""));
        let grade = self
            .score
            .grade
            .as_deref()
            .and_then(|g| self.rubric.grade(g));
        lines.push(Line::from(vec![
            Span::styled(labelled("scoring.total"), theme::label()),
            Span::styled(format_tenths(self.score.total_tenths), theme::header()),
        ]));
        lines.push(Line::from(vec![
            Span::styled(labelled("scoring.grade"), theme::label()),
            Span::styled(
                grade
                    .map(|g| g.label().to_string())
                    .unwrap_or_else(|| "—".into()),
                theme::grade(self.score.grade.as_deref()),
            ),
        ]));
        if self
            .score
            .dims
            .iter()
            .any(|d| d.status != DimStatus::Applicable)
        {
            lines.push(Line::from(Span::styled(
                t("scoring.rescaled"),
                theme::dim(),
            )));
        }
        for f in &self.score.flags {
            lines.push(Line::from(Span::styled(
                format!("⚑{}", flag_label(f)),
                theme::flag(),
            )));
        }
        if !self.score.flags.is_empty() {
            lines.push(Line::from(Span::styled(
                tf("scoring.flag_fails", &[]),
                theme::dim(),
            )));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
    }
}
