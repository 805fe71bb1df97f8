//! Scoring one appearance: the rubric's dimensions and items, marks, and the running score. Once
//! finalized it is locked; `A` opens it in amendment mode (see `scoring_amend`).

use super::scoring_amend::{Amending, FIELDS};
use crate::cmd::Cmd;
use crate::domain::amend::AppearanceField;
use crate::domain::live::describe;
use crate::domain::live::{Event, EventKind, Stage, clock};
use crate::domain::marking::{self, Step};
use crate::domain::model::{Appearance, EvalStatus, Hearing};
use crate::domain::performance;
use crate::domain::rubric::{ItemKind, Rubric};
use crate::domain::scoring::{DimStatus, Score, clamp_mark, format_tenths, item_effect};
use crate::i18n::flag_label;
use crate::i18n::prelude::*;
use crate::i18n::{labelled, t, tf};
use crate::keymap::{Action, Keymap, Section};
use crate::overlay::{PromptPurpose, outcome_options};
use crate::records::Evaluation;
use crate::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
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
    /// index into `rows()`
    pub selected: usize,
    /// amendments made to the record since it was finalized (its version is one more)
    pub amendments: usize,
    /// amendment mode: what the changes would make of the record, not saved yet
    pub amend: Option<Amending>,
    /// the award digit just typed (row, value): a second digit makes it two-digit
    typed: Option<(usize, i64)>,
    /// how many defendant agencies the hearing has (`Tab` moves to the next when more than one)
    pub agencies: usize,
}

/// A row of the list: an appearance field (amendment mode only) or a rubric item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowRef {
    Field(AppearanceField),
    Item(usize, usize),
}

impl ScoringScreen {
    /// The evaluation and its score as the store has them now (after a change made elsewhere:
    /// a finalization, a performance outcome).
    pub fn reloaded(&mut self, eval: Evaluation, score: Score) {
        self.eval = eval;
        self.score = score;
    }

    /// Selects row `row` (kept across a reopening), within the rows there are.
    pub fn select(&mut self, row: usize) {
        self.selected = row.min(self.rows().len().saturating_sub(1));
    }

    /// How many amendments the record has had (the header says so).
    pub fn with_amendments(mut self, n: usize) -> Self {
        self.amendments = n;
        self
    }

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
            amendments: 0,
            amend: None,
            typed: None,
            agencies: 1,
        }
    }

    /// The number of the hearing's defendant agencies (`Tab` moves among them).
    pub fn with_agencies(mut self, n: usize) -> Self {
        self.agencies = n;
        self
    }

    /// Whether `action` applies in the screen's mode: a draft is marked and finalized, a
    /// finalized evaluation amended or its judgment performance recorded, amendment mode changes
    /// marks, the comment and who appeared until saved. The help lists only these keys.
    pub fn applies(&self, action: Action) -> bool {
        use Action::*;
        let amending = self.amend.is_some();
        let draft = self.eval.status == EvalStatus::Draft;
        match action {
            Toggle | Increase | Decrease | Comment => draft || amending,
            Note | Finalize => draft && !amending,
            Save => amending,
            Amend | Performance => !draft && !amending,
            // the hearing's next agency: when it has another
            SwitchAgency => !amending && self.agencies > 1,
            _ => true,
        }
    }

    /// Whether `action` does something now (the footer offers only what does): what applies in
    /// the mode (no key of the review depends on the selected row).
    pub fn enabled(&self, action: Action) -> bool {
        self.applies(action)
    }

    /// What the footer offers: marking while a draft, amending once locked, saving while amending.
    pub fn commands(&self) -> &'static [Action] {
        if self.amend.is_some() {
            &[
                Action::Toggle,
                Action::Increase,
                Action::Decrease,
                Action::Comment,
                Action::Save,
                Action::Back,
                Action::Help,
            ]
        } else if self.eval.status == EvalStatus::Draft {
            // (in the order the footer drops them when they do not fit: the last first)
            &[
                Action::Toggle,
                Action::Finalize,
                Action::Comment,
                Action::SwitchAgency,
                Action::Increase,
                Action::Decrease,
                Action::Note,
                Action::Back,
                Action::Help,
            ]
        } else {
            &[
                Action::Amend,
                Action::History,
                Action::Performance,
                Action::PrintSheet,
                Action::DraftSuggestion,
                Action::SwitchAgency,
                Action::Back,
                Action::Help,
            ]
        }
    }

    /// Amendment mode on, the same row still selected.
    pub fn start_amend(&mut self) {
        if self.amend.is_none() {
            self.amend = Some(Amending::new(&self.eval, &self.appearance, &self.rubric));
            self.selected += FIELDS.len();
        }
    }

    /// Amendment mode off, its changes dropped.
    pub fn stop_amend(&mut self) {
        if self.amend.take().is_some() {
            self.selected = self.selected.saturating_sub(FIELDS.len());
        }
    }

    /// The changes amendment mode holds, as they will be saved.
    pub fn pending(&self) -> Vec<crate::overlay::amend::Pending> {
        self.amend
            .as_ref()
            .map(|m| m.changes(&self.rubric, &self.eval, &self.appearance))
            .unwrap_or_default()
    }

    /// The score shown: the one the amendment would give while amending.
    fn shown_score(&self) -> &Score {
        self.amend.as_ref().map_or(&self.score, |m| &m.score)
    }

    /// Award items not scored yet (see `marking::unscored_awards`): shown as such, not as 0.
    pub fn untouched_awards(&self) -> Vec<String> {
        let marks = self.amend.as_ref().map_or(&self.eval.marks, |m| &m.marks);
        marking::unscored_awards(&self.rubric, marks, &self.events)
            .into_iter()
            .map(|i| i.label().to_string())
            .collect()
    }

    fn unscored(&self, id: &str) -> bool {
        let marks = self.amend.as_ref().map_or(&self.eval.marks, |m| &m.marks);
        !marks.contains_key(id) && !self.events.iter().any(|e| e.item == id)
    }

    /// The next step while award items are not scored: the first of them selected, and what to
    /// do said (None: every award is scored). A draft's review opens with it, and `F` leads
    /// there until none is left.
    pub fn lead_to_award(&mut self) -> Option<String> {
        if self.eval.status != EvalStatus::Draft || self.amend.is_some() {
            return None;
        }
        let rows = self.rows();
        let (row, item) = rows.iter().enumerate().find_map(|(n, r)| match r {
            RowRef::Item(d, i) => {
                let item = &self.rubric.dimensions[*d].items[*i];
                (matches!(item.kind, ItemKind::Award { .. }) && self.unscored(&item.id))
                    .then_some((n, item))
            }
            RowRef::Field(_) => None,
        })?;
        let ItemKind::Award { max, .. } = item.kind else {
            return None;
        };
        let message = tf(
            "finalize.next_award",
            &[
                ("item", &item.label()),
                ("max", &max),
                ("items", &self.untouched_awards().join(t("common.list_sep"))),
            ],
        );
        self.selected = row;
        Some(message)
    }

    /// Finalizing: the judge's name, once every award item is scored (else the next of them).
    fn finalize(&mut self) -> Cmd {
        match self.lead_to_award() {
            Some(next) => Cmd::Message(next),
            None => Cmd::Prompt(PromptPurpose::Finalize, String::new()),
        }
    }

    /// The mark events that support an item's current mark (the amended one while amending):
    /// the increases no undo reverted, no more than it counts (for a one-off item, only the last).
    fn supporting<'a>(&'a self, item: &'a str) -> Vec<&'a Event> {
        match self.rubric.item(item) {
            Some((_, it)) => {
                let value = self.mark(item);
                marking::supporting(&self.events, &it.kind, item, value)
            }
            None => Vec::new(),
        }
    }

    /// The rows in order: the appearance's fields while amending, then every rubric item.
    fn rows(&self) -> Vec<RowRef> {
        let fields: &[AppearanceField] = if self.amend.is_some() { FIELDS } else { &[] };
        let fields = fields.iter().map(|f| RowRef::Field(*f));
        let items = self
            .rubric
            .dimensions
            .iter()
            .enumerate()
            .flat_map(|(d, dim)| (0..dim.items.len()).map(move |i| RowRef::Item(d, i)));
        fields.chain(items).collect()
    }

    /// An item's mark as shown: the amended one while amending.
    fn mark(&self, id: &str) -> i64 {
        let marks = self.amend.as_ref().map_or(&self.eval.marks, |m| &m.marks);
        marks.get(id).copied().unwrap_or(0)
    }

    fn original_mark(&self, id: &str) -> i64 {
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
        self.typed = None;
        let rows = self.rows();
        let action = action?;
        let amending = self.amend.is_some();
        match action {
            Action::Back if amending => {
                return Some(if self.pending().is_empty() {
                    Cmd::DropAmend
                } else {
                    Cmd::Confirm(
                        t("amend.confirm_drop").to_string(),
                        Box::new(Cmd::DropAmend),
                    )
                });
            }
            Action::Back => return Some(Cmd::Leave(self.hearing.id)),
            Action::SwitchAgency if amending => {
                return Some(Cmd::Error(t("amend.err.finish_first").to_string()));
            }
            Action::SwitchAgency if self.enabled(action) => {
                return Some(Cmd::NextAgency(self.appearance.id));
            }
            Action::History => return Some(Cmd::History(self.hearing.case_number.clone())),
            Action::PrintSheet => return Some(Cmd::PrintSheet(self.appearance.id)),
            Action::DraftSuggestion => return Some(Cmd::DraftSuggestion(self.appearance.id)),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(rows.len().saturating_sub(1)),
            Action::NextDimension | Action::PrevDimension => {
                // from the appearance's fields: forward to the first dimension, back to the last
                let d = match rows.get(self.selected) {
                    Some(RowRef::Item(d, _)) => *d as i64,
                    _ if action == Action::NextDimension => -1,
                    _ => 0,
                };
                let n = self.rubric.dimensions.len() as i64;
                let target = if action == Action::NextDimension {
                    d + 1
                } else {
                    d + n - 1
                }
                .rem_euclid(n) as usize;
                self.selected = rows
                    .iter()
                    .position(|x| matches!(x, RowRef::Item(d, _) if *d == target))
                    .unwrap_or(self.selected);
            }
            Action::Amend => {
                if self.eval.status == EvalStatus::Draft {
                    return Some(Cmd::Error(t("amend.err.not_settled").to_string()));
                }
                self.start_amend();
                return Some(Cmd::Message(t("amend.started").to_string()));
            }
            Action::Save if amending => {
                let changes = self.pending();
                return Some(if changes.is_empty() {
                    Cmd::Error(t("amend.err.unchanged").to_string())
                } else {
                    Cmd::AskAmend {
                        appearance: self.appearance.id,
                        changes,
                    }
                });
            }
            Action::Comment if amending => {
                let comment = self.amend.as_ref().map(|m| m.comment.clone());
                return Some(Cmd::Prompt(
                    PromptPurpose::Comment,
                    comment.unwrap_or_default(),
                ));
            }
            Action::Comment => {
                return Some(
                    self.unlocked(|s| Cmd::Prompt(PromptPurpose::Comment, s.eval.comment.clone())),
                );
            }
            Action::Finalize | Action::Note | Action::Performance if amending => {
                return Some(Cmd::Error(t("amend.err.finish_first").to_string()));
            }
            Action::Finalize if self.eval.status == EvalStatus::Draft => {
                return Some(self.finalize());
            }
            Action::Finalize => return Some(Cmd::Error(t("msg.locked").to_string())),
            Action::Performance => return Some(self.performance_choice()),
            Action::Note => {
                let RowRef::Item(d, i) = *rows.get(self.selected)? else {
                    return None;
                };
                let id = self.rubric.dimensions[d].items[i].id.clone();
                let note = self.eval.notes.get(&id).cloned().unwrap_or_default();
                return Some(self.unlocked(|_| Cmd::Prompt(PromptPurpose::Note(id), note)));
            }
            Action::Toggle | Action::Increase | Action::Decrease => {
                match *rows.get(self.selected)? {
                    RowRef::Field(f) => {
                        let rubric = self.rubric.clone();
                        let m = self.amend.as_mut()?;
                        if !m.step_field(&rubric, f, action) && action == Action::Toggle {
                            let value = Amending::field_value(&m.appearance, f);
                            return Some(Cmd::Prompt(PromptPurpose::AmendText(f), value));
                        }
                    }
                    RowRef::Item(d, i) => return self.step_item(d, i, action),
                }
            }
            _ => {}
        }
        None
    }

    /// A digit typed on the selected award item: its points (1 then 0 gives 10 where the item
    /// allows it). None when the selected row is not an award.
    pub fn digit(&mut self, d: u32) -> Option<Cmd> {
        let rows = self.rows();
        let RowRef::Item(di, ii) = *rows.get(self.selected)? else {
            return None;
        };
        let item = &self.rubric.dimensions[di].items[ii];
        let before = self
            .typed
            .and_then(|(row, v)| (row == self.selected).then_some(v));
        let value = marking::typed(&item.kind, before, d)?;
        self.typed = Some((self.selected, value));
        // digits that are not the item's points yet (1 on an award of 0 or 10) wait for the next
        if !marking::takes(&item.kind, value) {
            let step = match item.kind {
                crate::domain::rubric::ItemKind::Award { step, .. } => step,
                _ => 1,
            };
            return Some(Cmd::Message(tf("scoring.award_step", &[("step", &step)])));
        }
        let v = self.mark(&item.id);
        let id = item.id.clone();
        self.put_mark(id, v, value)
    }

    /// A marking key on an item: the mark written at once on a draft, kept while amending.
    fn step_item(&mut self, d: usize, i: usize, action: Action) -> Option<Cmd> {
        let item = &self.rubric.dimensions[d].items[i];
        let v = self.mark(&item.id);
        let value = marking::step(
            &item.kind,
            v,
            match action {
                Action::Toggle => Step::Toggle,
                Action::Decrease => Step::Down,
                _ => Step::Up,
            },
        );
        let id = item.id.clone();
        self.put_mark(id, v, value)
    }

    /// An item's mark going from `v` to `value`: written at once on a draft (refused once it is
    /// locked), kept while amending; nothing when it does not change.
    fn put_mark(&mut self, id: String, v: i64, value: i64) -> Option<Cmd> {
        // (0 given to an award not scored yet is its score)
        let award = matches!(
            self.rubric.item(&id).map(|(_, i)| &i.kind),
            Some(ItemKind::Award { .. })
        );
        if value == v && !(award && self.unscored(&id)) {
            return None;
        }
        if self.amend.is_some() {
            let original = self.original_mark(&id);
            let rubric = self.rubric.clone();
            if let Some(m) = &mut self.amend {
                m.set_mark(&rubric, &id, value, original);
            }
            return None;
        }
        let eval = self.eval.id;
        Some(self.unlocked(move |_| Cmd::SetMark {
            eval,
            item: id,
            value,
        }))
    }

    /// The outcomes a judgment performance follow-up may record on a finalized evaluation.
    fn performance_choice(&self) -> Cmd {
        let recorded = self.eval.performance.as_ref().map(|p| p.batch.as_deref());
        if let Err(why) =
            performance::may_record(self.eval.status, recorded, &self.rubric, &self.eval.marks)
        {
            return Cmd::Error(why.message().text());
        }
        let by = if self.hearing.clerk.is_empty() {
            self.hearing.judge.clone()
        } else {
            self.hearing.clerk.clone()
        };
        let mut options = outcome_options(&self.rubric, self.eval.id, &by);
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

    /// Amendment mode: the comment typed, kept until saved.
    pub fn amend_comment(&mut self, text: &str) {
        if let Some(m) = &mut self.amend {
            m.comment = text.trim().to_string();
        }
    }

    /// Amendment mode: a text field of the appearance typed, kept until saved.
    pub fn amend_text(&mut self, f: AppearanceField, text: &str) {
        if let Some(m) = &mut self.amend {
            m.set_text(f, text);
        }
    }

    fn item_value_text(&self, kind: &ItemKind, v: i64) -> String {
        match kind {
            ItemKind::Deduction { counted: false, .. } | ItemKind::Veto { .. } | ItemKind::Fact => {
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

    pub fn render(&self, frame: &mut Frame, area: Rect, keymap: &Keymap) {
        let banner_h = u16::from(self.amend.is_some());
        let [head, banner, body, foot] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(banner_h),
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
        let mut second = vec![
            Span::raw(format!("{who}  {}  ", a.category.label())),
            Span::styled(format!("[{status}]"), status_style),
        ];
        if self.amendments > 0 {
            second.push(Span::raw("  "));
            second.push(Span::styled(
                tf("scoring.amended", &[("n", &self.amendments)]),
                theme::changed(),
            ));
        }
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(vec![
                    Span::styled(self.hearing.case_number.clone(), theme::header()),
                    Span::raw("  "),
                    Span::raw(a.agency_name.clone()),
                ]),
                Line::from(second),
            ]),
            head,
        );
        if self.amend.is_some() {
            frame.render_widget(
                Paragraph::new(format!(" {} ", t("amend.banner"))).style(theme::amend_banner()),
                banner,
            );
        }
        // the items take what they need (80 columns at most), the score panel the rest: a wide
        // terminal shows flags and reasons unwrapped beside the marks; an even inner width keeps
        // wide characters from wrapping into the border
        let items_w = body.width.saturating_sub(29.min(body.width / 3)).min(80);
        let panel_w = body.width.saturating_sub(items_w) | 1;
        let [list, panel] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(panel_w)]).areas(body);
        self.render_items(frame, list);
        match &self.amend {
            Some(m) => self.render_pending(frame, panel, m),
            None => self.render_panel(frame, panel),
        }
        let (text, changed) = match &self.amend {
            Some(m) => (&m.comment, m.comment != self.eval.comment),
            None => (&self.eval.comment, false),
        };
        let comment = if text.is_empty() {
            Span::styled(
                tf(
                    "scoring.no_comment",
                    &[("key", &keymap.key(Section::Scoring, Action::Comment))],
                ),
                theme::dim(),
            )
        } else if changed {
            Span::styled(text.clone(), theme::changed())
        } else {
            Span::raw(text.clone())
        };
        let note = match self.rows().get(self.selected) {
            Some(RowRef::Item(d, i)) => self
                .eval
                .notes
                .get(&self.rubric.dimensions[*d].items[*i].id),
            _ => None,
        }
        .map(|n| {
            Line::from(vec![
                Span::styled(labelled("scoring.note"), theme::label()),
                Span::raw(n.clone()),
            ])
        })
        .unwrap_or_default();
        frame.render_widget(
            Paragraph::new(crate::widgets::wrap_text(
                vec![
                    Line::from(vec![
                        Span::styled(labelled("scoring.comment"), theme::label()),
                        comment,
                    ]),
                    note,
                ],
                foot.width,
            )),
            foot,
        );
    }

    /// Amendment mode's panel: the score before and after, and every change not saved yet.
    fn render_pending(&self, frame: &mut Frame, area: Rect, m: &Amending) {
        let block = Block::default()
            .borders(Borders::LEFT)
            .title(Span::styled(t("amend.preview"), theme::header()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let grade = |s: &Score| {
            s.grade
                .as_deref()
                .and_then(|g| self.rubric.grade(g))
                .map(|g| g.label().to_string())
                .unwrap_or_else(|| "—".into())
        };
        let (old, new) = (&self.score, &m.score);
        let style = |same: bool| {
            if same {
                theme::header()
            } else {
                theme::changed()
            }
        };
        let mut lines = vec![
            Line::from(vec![
                Span::styled(labelled("scoring.total"), theme::label()),
                Span::raw(format!("{} → ", format_tenths(old.total_tenths))),
                Span::styled(
                    format_tenths(new.total_tenths),
                    style(old.total_tenths == new.total_tenths),
                ),
            ]),
            Line::from(vec![
                Span::styled(labelled("scoring.grade"), theme::label()),
                Span::raw(format!("{} → ", grade(old))),
                Span::styled(grade(new), style(old.grade == new.grade)),
            ]),
        ];
        for f in new.flags.iter().filter(|f| !old.flags.contains(f)) {
            lines.push(Line::from(Span::styled(
                format!("+⚑{}", flag_label(f)),
                theme::flag(),
            )));
        }
        for f in old.flags.iter().filter(|f| !new.flags.contains(f)) {
            lines.push(Line::from(Span::styled(
                format!("-⚑{}", flag_label(f)),
                theme::dim(),
            )));
        }
        lines.push(Line::from(""));
        let changes = m.changes(&self.rubric, &self.eval, &self.appearance);
        lines.push(Line::from(Span::styled(
            tf("amend.pending", &[("n", &changes.len())]),
            theme::label(),
        )));
        if changes.is_empty() {
            lines.push(Line::from(Span::styled(t("amend.none_yet"), theme::dim())));
        }
        for c in changes {
            lines.push(Line::from(Span::styled(
                format!("*{}", c.shown),
                theme::changed(),
            )));
        }
        frame.render_widget(
            Paragraph::new(crate::widgets::wrap_text(lines, inner.width)),
            inner,
        );
    }

    fn render_items(&self, frame: &mut Frame, area: Rect) {
        let mut lines: Vec<(Line, bool)> = Vec::new();
        let mut selected_line = 0;
        let mut selected_last = 0;
        // the row each line belongs to, counted as `rows()` orders them
        let mut row = 0;
        if let Some(m) = &self.amend {
            lines.push((
                Line::from(Span::styled(t("amend.appearance"), theme::header())),
                false,
            ));
            for f in FIELDS {
                let is_sel = row == self.selected;
                if is_sel {
                    (selected_line, selected_last) = (lines.len(), lines.len());
                }
                let changed = Amending::field_value(&m.appearance, *f)
                    != Amending::field_value(&self.appearance, *f);
                lines.push((
                    Line::from(vec![
                        Span::styled(if changed { "*   " } else { "    " }, theme::changed()),
                        Span::styled(labelled(&format!("field.{}", f.id())), theme::label()),
                        Span::styled(
                            m.field_text(*f),
                            if changed {
                                theme::changed()
                            } else {
                                Default::default()
                            },
                        ),
                    ]),
                    is_sel,
                ));
                row += 1;
            }
        }
        let score = self.shown_score();
        for (d, dim) in self.rubric.dimensions.iter().enumerate() {
            let ds = &score.dims[d];
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
                let changed = v != self.original_mark(&item.id);
                let effect = item_effect(&item.kind, v);
                let value = match item.kind {
                    // an award of a draft not scored yet is not 0 (finalized without it: 0)
                    ItemKind::Award { max, .. }
                        if self.eval.status == EvalStatus::Draft && self.unscored(&item.id) =>
                    {
                        format!("—/{max}")
                    }
                    _ => self.item_value_text(&item.kind, v),
                };
                // an award's points right-aligned to its most (" 8/10" over "10/10"), so the
                // labels after them line up
                let value = match item.kind {
                    ItemKind::Award { max, .. } => {
                        let most = format!("{max}/{max}").width();
                        format!("{}{value}", " ".repeat(most.saturating_sub(value.width())))
                    }
                    _ => value,
                };
                let effect_text = match (&item.kind, effect) {
                    (ItemKind::Veto { .. }, _) if v > 0 => t("scoring.veto").to_string(),
                    (_, 0) => String::new(),
                    (_, e) if e > 0 => format!("+{e}"),
                    (_, e) => format!("{e}"),
                };
                // (an item's live key is live mode's: here the keys mark the selected item)
                let key = String::new();
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
                let is_sel = row == self.selected;
                row += 1;
                if is_sel {
                    selected_line = lines.len();
                }
                lines.push((
                    Line::from(vec![
                        Span::styled(
                            format!("{}{key}", if changed { "* " } else { "  " }),
                            if changed {
                                theme::changed()
                            } else {
                                theme::dim()
                            },
                        ),
                        Span::styled(
                            format!("{value} "),
                            if changed {
                                theme::changed()
                            } else {
                                Default::default()
                            },
                        ),
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
                        format!(
                            "  {} {}",
                            clock(e.elapsed_ms),
                            describe(e, &self.rubric, crate::i18n::voice())
                        ),
                        theme::dim(),
                    )),
                    false,
                ));
            }
        }
        // on the last item, the hearing's log below it comes into view too
        if self.selected + 1 >= row {
            selected_last = lines.len().saturating_sub(1);
        }
        let scroll = view_start(selected_line, selected_last, area.height as usize);
        let shown: Vec<Line> = lines
            .into_iter()
            .skip(scroll)
            .take(area.height as usize)
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
        // a draft whose award items are not all scored has no grade yet, unless a flag decides it
        // (a flag makes it 不合格 whatever the awards)
        let pending = self.eval.status == EvalStatus::Draft
            && !self.untouched_awards().is_empty()
            && self.score.flags.is_empty();
        lines.push(Line::from(vec![
            Span::styled(labelled("scoring.grade"), theme::label()),
            if pending {
                Span::styled(t("scoring.awards_pending"), theme::dim())
            } else {
                Span::styled(
                    grade
                        .map(|g| g.label().to_string())
                        .unwrap_or_else(|| "—".into()),
                    theme::grade(self.score.grade.as_deref()),
                )
            },
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
        frame.render_widget(
            Paragraph::new(crate::widgets::wrap_text(lines, inner.width)),
            inner,
        );
    }
}

/// The first line shown of a review `h` lines high: the top while the selection (lines `first`
/// to `last`) fits there, else so that its last line is at the bottom, its first always in view.
/// It depends on nothing but the selection, so drawing keeps no state.
fn view_start(first: usize, last: usize, h: usize) -> usize {
    (last + 1)
        .saturating_sub(h.max(1))
        .min(first.saturating_sub(1))
}

#[cfg(test)]
mod view_tests {
    #[test]
    fn the_selection_stays_in_view() {
        assert_eq!(super::view_start(3, 4, 20), 0);
        assert_eq!(super::view_start(30, 31, 20), 12);
        // the last item with the hearing log below it: the log shows as far as the item allows
        assert_eq!(super::view_start(30, 60, 20), 29);
        assert_eq!(super::view_start(30, 40, 20), 21);
    }
}
