//! Live mode: the clerk scores while the hearing runs. A large clock, the agency and the person at
//! the top, every item with a live key, the running scores, and the last events with their times.

use crate::cmd::Cmd;
use crate::domain::live::{Event, EventKind, Stage, clock, describe};
use crate::domain::marking;
use crate::domain::model::{Appearance, Hearing};
use crate::domain::rubric::{ItemKind, Rubric};
use crate::domain::scoring::{DimStatus, Score, format_tenths, item_effect};
use crate::i18n::prelude::*;
use crate::i18n::{labelled, t, tf};
use crate::keymap::{Action, Keymap, Section};
use crate::records::Evaluation;
use crate::screens::live_items::{self, Entry, Line as ItemLine, Plan};
use crate::theme;
use crate::widgets::{big_clock, ellipsis};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use std::rc::Rc;
use unicode_width::UnicodeWidthStr;

/// How many events each agency keeps on screen.
pub const RECENT: usize = 50;

/// One defendant agency being scored live.
pub struct Slot {
    pub appearance: Appearance,
    pub eval: Evaluation,
    pub rubric: Rc<Rubric>,
    pub score: Score,
    pub recent: Vec<Event>,
}

pub struct LiveScreen {
    pub hearing: Hearing,
    pub started_ms: i64,
    pub stage: Option<Stage>,
    pub slots: Vec<Slot>,
    pub current: usize,
    /// the hearing's defendant agencies (their appearances' ids), in order: `Tab` moves among
    /// them, a slot's or one whose appearance is still to be entered
    pub agencies: Vec<i64>,
}

impl LiveScreen {
    pub fn slot(&self) -> &Slot {
        &self.slots[self.current]
    }

    pub fn recorded(&mut self, event: Event, score: Option<Score>) {
        let slot = &mut self.slots[self.current];
        if matches!(event.kind, EventKind::Mark | EventKind::Undo) {
            slot.eval.marks.insert(event.item.clone(), event.value);
        }
        if event.kind == EventKind::Stage {
            self.stage = Stage::from_id(&event.note);
        }
        if let Some(s) = score {
            slot.score = s;
        }
        slot.recent.push(event);
        if slot.recent.len() > RECENT {
            slot.recent.remove(0);
        }
    }

    /// What the footer offers.
    pub fn commands(&self) -> &'static [Action] {
        &[
            Action::Undo,
            Action::Note,
            // a co-defendant's (when there is one) before the stages, which the screen names
            Action::SwitchAgency,
            Action::NextStage,
            Action::EndLive,
            Action::Help,
        ]
    }

    /// Whether `action` does something now: `Tab` when the hearing has another agency.
    pub fn enabled(&self, action: Action) -> bool {
        match action {
            Action::SwitchAgency => self.agencies.len() > 1,
            _ => true,
        }
    }

    /// The slot of an appearance, made the current one; false when it has none.
    pub fn switch_to(&mut self, appearance: i64) -> bool {
        match self
            .slots
            .iter()
            .position(|s| s.appearance.id == appearance)
        {
            Some(i) => {
                self.current = i;
                true
            }
            None => false,
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent, action: Option<Action>) -> Option<Cmd> {
        match action {
            Some(Action::Undo) => return Some(Cmd::LiveUndo),
            Some(Action::Note) => return Some(Cmd::LiveNote),
            Some(Action::NextStage) => return Some(Cmd::LiveStage(Stage::next(self.stage))),
            Some(Action::PrevStage) => return Some(Cmd::LiveStage(Stage::prev(self.stage))),
            Some(Action::SwitchAgency) if self.enabled(Action::SwitchAgency) => {
                return Some(Cmd::NextAgency(self.slot().appearance.id));
            }
            Some(Action::EndLive) => return Some(Cmd::LiveEnd),
            _ => {}
        }
        // the rubric's item keys (config/rubric.toml), checked against the mode's own at start
        if let Some(c) = crate::keymap::typed(key) {
            return Some(match self.slot().rubric.item_by_key(c) {
                Some((_, item)) => Cmd::LiveMark(item.id.clone()),
                None => Cmd::Error(tf("live.unbound", &[("key", &c)])),
            });
        }
        None
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, now_ms: i64, keymap: &Keymap) {
        // a large clock where there is room for it beside who appeared
        let big = area.height >= 36 && area.width >= big_clock::large_width("00:00:00") + 40;
        let clock_h: u16 = if big { 5 } else { 3 };
        let dims = self.item_entries();
        // the items get the rows that show them whole, the log the rest (at least its four)
        let free = area.height.saturating_sub(clock_h + 1 + 2 + 1);
        let most = free.saturating_sub(events_height(area.height)).max(2) as usize;
        let least = if big { 2 } else { most };
        let plan = live_items::plan(&dims, area.width as usize, least, most);
        let [head, scores, body, events] = Layout::vertical([
            Constraint::Length(clock_h + 1),
            Constraint::Length(2),
            Constraint::Length(plan.rows as u16 + 1),
            Constraint::Fill(1),
        ])
        .areas(area);
        let slot = self.slot();
        // clock and who
        let clock_w = if big {
            big_clock::large_width("00:00:00") + 2
        } else {
            33
        };
        let [clock_area, who] =
            Layout::horizontal([Constraint::Length(clock_w), Constraint::Fill(1)]).areas(head);
        big_clock::render(
            frame,
            Rect {
                height: clock_h,
                ..clock_area
            },
            &clock(now_ms - self.started_ms),
            theme::header(),
        );
        let stage = self
            .stage
            .map(|s| s.label())
            .map(str::to_string)
            .unwrap_or_else(|| {
                let key = keymap.key(Section::Live, Action::NextStage);
                tf("live.no_stage", &[("key", &key)])
            });
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(labelled("live.stage"), theme::label()),
                Span::styled(stage, theme::draft()),
            ])),
            Rect {
                y: clock_area.y + clock_h,
                height: 1,
                ..clock_area
            },
        );
        let a = &slot.appearance;
        let switch_hint = keymap
            .bindings(Section::Live)
            .iter()
            .find(|(x, _)| *x == Action::SwitchAgency)
            .and_then(|(_, k)| k.first())
            .map(|k| k.label())
            .unwrap_or_default();
        let room = who.width as usize;
        let mut who_lines = vec![
            Line::from(Span::styled(
                ellipsis(&a.agency_name, room),
                theme::header(),
            )),
            Line::from(ellipsis(
                &format!("{} {}  {}", a.person, a.title, a.category.label()),
                room,
            )),
            Line::from(Span::styled(
                ellipsis(&self.hearing.case_number, room),
                theme::label(),
            )),
        ];
        if big {
            // the room of the large clock: the cause too
            who_lines.push(Line::from(Span::styled(
                ellipsis(&self.hearing.cause, room),
                theme::dim(),
            )));
        }
        if self.agencies.len() > 1 {
            let i = self
                .agencies
                .iter()
                .position(|id| *id == a.id)
                .unwrap_or(self.current);
            who_lines.push(Line::from(Span::styled(
                ellipsis(
                    &tf(
                        "live.agency_n",
                        &[
                            ("i", &(i + 1)),
                            ("n", &self.agencies.len()),
                            ("key", &switch_hint),
                        ],
                    ),
                    room,
                ),
                theme::dim(),
            )));
        }
        frame.render_widget(Paragraph::new(who_lines), who);
        // running scores: each dimension whole, or cut with an ellipsis at the line's end
        let width = scores.width as usize;
        let mut spans = Vec::new();
        let mut used = 0;
        for (d, ds) in slot.rubric.dimensions.iter().zip(&slot.score.dims) {
            let v = match ds.status {
                DimStatus::Applicable => format!("{}/{}", ds.score, ds.max),
                DimStatus::Pending => t("live.pending").to_string(),
                DimStatus::NotApplicable => t("live.na").to_string(),
            };
            let label = format!("{} ", d.label());
            let value = format!("{v}  ");
            if used + label.width() + value.trim_end().width() > width {
                spans.push(Span::styled(
                    ellipsis(&format!("{label}{v}"), width.saturating_sub(used)),
                    theme::label(),
                ));
                break;
            }
            used += label.width() + value.width();
            spans.push(Span::styled(label, theme::label()));
            spans.push(Span::raw(value));
        }
        // while award items are not scored, the total is not yet a grade
        // (a flag decides the grade whatever the awards)
        let unscored = !marking::unscored_awards(&slot.rubric, &slot.eval.marks, &[]).is_empty()
            && slot.score.flags.is_empty();
        let grade = if unscored {
            t("live.awards_pending").to_string()
        } else {
            slot.score
                .grade
                .as_deref()
                .and_then(|g| slot.rubric.grade(g))
                .map(|g| g.label().to_string())
                .unwrap_or_default()
        };
        let total = Line::from(vec![
            Span::styled(labelled("scoring.total"), theme::label()),
            Span::styled(format_tenths(slot.score.total_tenths), theme::header()),
            Span::raw("  "),
            Span::styled(
                grade,
                if unscored {
                    theme::dim()
                } else {
                    theme::grade(slot.score.grade.as_deref())
                },
            ),
            Span::styled(
                if slot.score.flags.is_empty() {
                    String::new()
                } else {
                    format!("  ⚑{}", slot.score.flags.len())
                },
                theme::flag(),
            ),
        ]);
        frame.render_widget(
            Paragraph::new(vec![Line::from(spans), total])
                .block(Block::default().borders(Borders::NONE)),
            scores,
        );
        self.render_items(frame, body, &dims, plan);
        self.render_events(frame, events, keymap);
    }

    /// Each dimension with live keys: its title, then its keyed items as they stand.
    fn item_entries(&self) -> Vec<Vec<Entry>> {
        let slot = self.slot();
        let mut dims = Vec::new();
        for d in &slot.rubric.dimensions {
            let keyed: Vec<_> = d.items.iter().filter(|i| i.key.is_some()).collect();
            if keyed.is_empty() {
                continue;
            }
            let mut entries = vec![Entry::Header(d.label().to_string())];
            for item in keyed {
                let v = slot.eval.marks.get(&item.id).copied().unwrap_or(0);
                let value = match &item.kind {
                    ItemKind::Deduction { counted: true, .. } => format!("×{v}"),
                    // not scored yet: not 0
                    ItemKind::Award { max, .. } if !slot.eval.marks.contains_key(&item.id) => {
                        format!("—/{max}")
                    }
                    ItemKind::Award { max, .. } => format!("{v}/{max}"),
                    _ => {
                        if v > 0 {
                            "●".into()
                        } else {
                            "○".into()
                        }
                    }
                };
                let effect = item_effect(&item.kind, v);
                let effect = match (&item.kind, effect) {
                    (ItemKind::Veto { .. }, _) if v > 0 => t("scoring.veto").to_string(),
                    (_, 0) => String::new(),
                    (_, e) if e > 0 => format!("+{e}"),
                    (_, e) => e.to_string(),
                };
                entries.push(Entry::Item {
                    key: item.key.unwrap_or(' '),
                    value,
                    label: item.label().to_string(),
                    effect,
                    marked: v > 0,
                });
            }
            dims.push(entries);
        }
        dims
    }

    fn render_items(&self, frame: &mut Frame, area: Rect, dims: &[Vec<Entry>], plan: Plan) {
        let block = Block::default()
            .borders(Borders::TOP)
            .title(Span::styled(t("live.items"), theme::dim()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let columns = live_items::columns(dims, plan);
        let widths = live_items::widths(&columns, inner.width as usize);
        let mut x = inner.x;
        for (column, width) in columns.iter().zip(widths) {
            let lines: Vec<Line> = column
                .lines(width)
                .into_iter()
                .map(|l| match l {
                    ItemLine::Header(h) => Line::from(Span::styled(h, theme::header())),
                    ItemLine::Item {
                        head,
                        label,
                        effect,
                        marked,
                    } => {
                        let style = if marked { theme::flag() } else { theme::dim() };
                        let (key, value) =
                            head.split_at(head.chars().next().map_or(0, char::len_utf8));
                        Line::from(vec![
                            Span::styled(key.to_string(), theme::focused_label()),
                            Span::styled(value.to_string(), style),
                            Span::raw(label),
                            Span::styled(effect, style),
                        ])
                    }
                })
                .collect();
            let w = (width as u16).min(inner.right().saturating_sub(x));
            frame.render_widget(
                Paragraph::new(lines),
                Rect {
                    x,
                    width: w,
                    ..inner
                },
            );
            x = x.saturating_add(width as u16);
        }
    }

    fn render_events(&self, frame: &mut Frame, area: Rect, keymap: &Keymap) {
        let slot = self.slot();
        let title = tf(
            "live.events",
            &[("n", &slot.recent.last().map(|e| e.seq).unwrap_or(0))],
        );
        let block = Block::default()
            .borders(Borders::TOP)
            .title(Span::styled(title, theme::dim()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if slot.recent.is_empty() {
            // the hint wrapped over the log's rows where one is not enough
            frame.render_widget(
                Paragraph::new(Span::styled(
                    tf(
                        "live.no_events",
                        &[
                            ("undo", &keymap.key(Section::Live, Action::Undo)),
                            ("note", &keymap.key(Section::Live, Action::Note)),
                            ("stage", &keymap.key(Section::Live, Action::NextStage)),
                        ],
                    ),
                    theme::dim(),
                ))
                .wrap(ratatui::widgets::Wrap { trim: true }),
                inner,
            );
            return;
        }
        let shown = slot
            .recent
            .iter()
            .rev()
            .take(inner.height as usize)
            .collect::<Vec<_>>();
        let lines: Vec<Line> = shown
            .into_iter()
            .rev()
            .map(|e| {
                let stage = Stage::from_id(&e.stage).map(|s| s.label()).unwrap_or("—");
                let what = describe(e, &slot.rubric, crate::i18n::voice());
                let mut text = format!("#{:<3} {} {} ", e.seq, clock(e.elapsed_ms), stage);
                let room = (inner.width as usize).saturating_sub(text.width());
                text.push_str(&truncate(&what, room));
                Line::from(text)
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

fn events_height(h: u16) -> u16 {
    // 80×24 leaves six rows for events; larger terminals show more
    (h.saturating_sub(6 + 12)).clamp(4, 20)
}

fn truncate(s: &str, width: usize) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) > width {
            break;
        }
        out.push(c);
    }
    out
}
