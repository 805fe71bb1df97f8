//! The dashboard (看板): a month and the 12 before it at a glance — 出庭率 and 正职出庭率 per month
//! as bars, the grades and the art 12 situations of the month, 出庭率 per government (per court
//! too, for an upper court), the agencies with the most absences and flags, drafts still open and
//! follow-ups overdue. Every figure is a registry indicator (`domain::trend`); Enter lists the
//! appearances behind a government's, an agency's or a court's figures.

use crate::cmd::Cmd;
use crate::domain::indicators::{Indicators, Record};
use crate::domain::period::Period;
use crate::domain::rubric::Rubric;
use crate::domain::trend::{self, Dashboard, Trouble};
use crate::i18n::flag_label;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::keymap::Action;
use crate::report::trend::Whose;
use crate::theme;
use crate::widgets::columns::{self, Column};
use crate::widgets::ellipsis;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

/// Which list Up, Down and Enter work on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Governments,
    Agencies,
    Courts,
}

/// The appearances behind one government's, agency's or court's figures.
pub struct Drill {
    pub whose: Whose,
    pub rows: Vec<Record>,
    pub selected: usize,
}

impl Drill {
    pub fn new(whose: Whose, rows: Vec<Record>) -> Drill {
        Drill {
            whose,
            rows,
            selected: 0,
        }
    }
}

pub struct DashboardScreen {
    pub data: Dashboard,
    /// no month after today's is offered
    pub today: NaiveDate,
    pub focus: Focus,
    /// the selection in each list: governments, agencies, courts
    pub selected: [usize; 3],
    pub drill: Option<Drill>,
    /// the months that changed are being read again on a thread of their own (the head says so
    /// until their figures come)
    pub counting: bool,
}

/// A bar's percentage, rounded half up in integers as every other rate the app shows (10 of 32
/// is 31.3, or 31 where a bar has room for whole numbers only).
fn bar_text(v: &crate::domain::indicators::Value, wide: bool) -> String {
    let rate = crate::domain::indicators::Rate {
        num: v.numerator.max(0) as u64,
        den: v.denominator.unwrap_or(1).max(1) as u64,
    };
    if wide {
        rate.percent().trim_end_matches('%').to_string()
    } else {
        ((rate.num * 200 + rate.den) / (2 * rate.den)).to_string()
    }
}

/// One bar per month of a registry rate: its height in permille of 100%, its text the percentage,
/// its label the month's number. A month with nothing to divide by has no bar.
pub fn month_bars(data: &Dashboard, id: &str, rubric: &Rubric, wide: bool) -> Vec<Bar<'static>> {
    data.series(id, rubric, crate::i18n::voice())
        .into_iter()
        .map(|(month, v)| {
            let label = month
                .get(5..7)
                .map(|m| m.trim_start_matches('0').to_string())
                .unwrap_or_default();
            // a 0% month gets a bar too thin to see, so that its "0" is printed (ratatui prints no
            // value for a bar of 0, which stays for a month with nothing to divide by)
            let height = match v.as_ref() {
                Some(v) if v.value.is_some() => trend::permille(v).max(1),
                _ => 0,
            };
            let text = match v.as_ref() {
                Some(v) if v.value.is_some() => bar_text(v, wide),
                _ => "—".to_string(),
            };
            Bar::default()
                .value(height)
                .text_value(text)
                .label(Line::from(label))
        })
        .collect()
}

impl DashboardScreen {
    pub fn new(data: Dashboard, today: NaiveDate) -> DashboardScreen {
        DashboardScreen {
            data,
            today,
            focus: Focus::Governments,
            selected: [0; 3],
            drill: None,
            counting: false,
        }
    }

    /// The same focus and selections on another month's figures.
    pub fn with_data(mut self, data: Dashboard) -> DashboardScreen {
        self.set_data(data);
        self
    }

    /// Other figures (another month's, or the same month's read again), the lists' focus and
    /// selections kept where they still point at something.
    pub fn set_data(&mut self, data: Dashboard) {
        self.data = data;
        self.drill = None;
        for f in [Focus::Governments, Focus::Agencies, Focus::Courts] {
            let n = self.len(f);
            self.selected[f as usize] = self.selected[f as usize].min(n.saturating_sub(1));
        }
        if self.focus == Focus::Courts && !self.several_courts() {
            self.focus = Focus::Governments;
        }
    }

    pub fn period(&self) -> Period {
        self.data
            .period
            .clone()
            .unwrap_or_else(|| Period::month_of(self.today))
    }

    fn month(&self) -> Option<&Indicators> {
        self.data.report().map(|r| &r.total)
    }

    fn governments(&self) -> Vec<(&String, &Indicators)> {
        self.data
            .report()
            .map(|r| r.by_government.iter().collect())
            .unwrap_or_default()
    }

    fn courts(&self) -> Vec<(&String, &Indicators)> {
        self.data
            .report()
            .map(|r| r.by_court.iter().collect())
            .unwrap_or_default()
    }

    fn several_courts(&self) -> bool {
        self.courts().len() > 1
    }

    fn troubles(&self) -> Vec<Trouble> {
        self.month().map(trend::troubles).unwrap_or_default()
    }

    fn len(&self, f: Focus) -> usize {
        match f {
            Focus::Governments => self.governments().len(),
            Focus::Agencies => self.troubles().len(),
            Focus::Courts => self.courts().len(),
        }
    }

    /// What the footer offers.
    pub fn commands(&self) -> &'static [Action] {
        if self.drill.is_some() {
            &[
                Action::Open,
                Action::Up,
                Action::Down,
                Action::Back,
                Action::Help,
            ]
        } else {
            &[
                Action::PrevPeriod,
                Action::NextPeriod,
                Action::NextField,
                Action::Drill,
                Action::Back,
                Action::Help,
            ]
        }
    }

    pub fn handle_key(&mut self, action: Option<Action>) -> Option<Cmd> {
        let action = action?;
        if let Some(d) = &mut self.drill {
            match action {
                Action::Back => self.drill = None,
                Action::Up => d.selected = d.selected.saturating_sub(1),
                Action::Down => d.selected = (d.selected + 1).min(d.rows.len().saturating_sub(1)),
                Action::Open | Action::Drill => {
                    let r = d.rows.get(d.selected)?;
                    return Some(Cmd::DashboardHearing(r.court.clone(), r.hearing_id));
                }
                _ => {}
            }
            return None;
        }
        match action {
            Action::Back => Some(Cmd::OpenList),
            Action::PrevPeriod => Some(Cmd::OpenDashboard(Some(self.period().shift(-1)))),
            Action::NextPeriod => {
                let next = self.period().shift(1);
                Some(if next.begun(self.today) {
                    Cmd::OpenDashboard(Some(next))
                } else {
                    Cmd::Message(tf("batch.no_future", &[("period", &next.title().text())]))
                })
            }
            Action::NextField => {
                self.focus = match self.focus {
                    Focus::Governments => Focus::Agencies,
                    Focus::Agencies if self.several_courts() => Focus::Courts,
                    _ => Focus::Governments,
                };
                None
            }
            Action::Up | Action::Down => {
                let i = self.focus as usize;
                let last = self.len(self.focus).saturating_sub(1);
                self.selected[i] = match action {
                    Action::Up => self.selected[i].saturating_sub(1),
                    _ => (self.selected[i] + 1).min(last),
                };
                None
            }
            Action::Drill | Action::Open => {
                let i = self.selected[self.focus as usize];
                let whose = match self.focus {
                    Focus::Governments => Whose::Government(self.governments().get(i)?.0.clone()),
                    Focus::Agencies => Whose::Agency(self.troubles().get(i)?.agency.clone()),
                    Focus::Courts => Whose::Court(self.courts().get(i)?.0.clone()),
                };
                Some(Cmd::Drill(whose))
            }
            _ => None,
        }
    }

    /// The title bar's words.
    pub fn title(&self) -> String {
        match &self.drill {
            Some(d) => tf(
                "dash.drill_title",
                &[
                    ("who", &d.whose.name()),
                    ("period", &self.period().title().text()),
                    ("n", &d.rows.len()),
                ],
            ),
            None => tf("dash.title", &[("period", &self.period().title().text())]),
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, rubric: &Rubric) {
        if let Some(d) = &self.drill {
            self.render_drill(d, frame, area, rubric);
            return;
        }
        let bottom_h = (area.height / 3).max(7);
        let [head, charts, bottom] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Fill(1),
            Constraint::Length(bottom_h),
        ])
        .areas(area);
        self.render_head(frame, head, rubric);
        let side_w = (area.width / 3).clamp(28, 48);
        let [trend_area, side] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(side_w)]).areas(charts);
        let [heads_area, principal_area] =
            Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(trend_area);
        for (id, key, a) in [
            ("heads_appeared", "dash.chart.heads", heads_area),
            ("principal_appeared", "dash.chart.principal", principal_area),
        ] {
            self.render_trend(frame, a, id, key, rubric);
        }
        let [grades_area, art12_area] = Layout::vertical([
            Constraint::Length(rubric.grades.len() as u16 + 1),
            Constraint::Fill(1),
        ])
        .areas(side);
        self.render_grades(frame, grades_area, rubric);
        self.render_art12(frame, art12_area);
        let several = self.several_courts();
        let wide = area.width >= 120;
        let panels: Vec<Focus> = match (several, wide) {
            (true, true) => vec![Focus::Courts, Focus::Governments, Focus::Agencies],
            (true, false) if self.focus == Focus::Courts => vec![Focus::Courts, Focus::Agencies],
            _ => vec![Focus::Governments, Focus::Agencies],
        };
        let areas = Layout::horizontal(panels.iter().map(|_| Constraint::Fill(1)))
            .spacing(1)
            .split(bottom);
        for (f, a) in panels.iter().zip(areas.iter()) {
            match f {
                Focus::Agencies => self.render_troubles(frame, *a),
                Focus::Governments => {
                    self.render_groups(frame, *a, *f, "dash.governments", &self.governments())
                }
                Focus::Courts => self.render_groups(frame, *a, *f, "dash.courts", &self.courts()),
            }
        }
    }

    fn render_head(&self, frame: &mut Frame, area: Rect, rubric: &Rubric) {
        let months = &self.data.months;
        let range = match (months.first(), months.last()) {
            (Some((a, _)), Some((b, _))) => format!("{a} — {b}"),
            _ => String::new(),
        };
        let mut first = vec![Span::styled(self.period().title().text(), theme::header())];
        if self.data.stale || self.counting {
            first.push(Span::styled(
                format!("  {}", t("dash.updating")),
                theme::draft(),
            ));
        }
        // the rates with their counts where the line has room, else the rates alone: the
        // art. 12 count at its end is never cut off
        let second_line = |counts: bool| {
            let mut second = Vec::new();
            if let Some(ind) = self.month() {
                for (id, key) in [
                    ("heads_appeared", "dash.heads"),
                    ("principal_appeared", "dash.principal"),
                ] {
                    if let Some(v) = trend::value(ind, id, rubric, crate::i18n::voice()) {
                        let text = v.text();
                        let text = if counts {
                            text
                        } else {
                            text.split(" (").next().unwrap_or_default().to_string()
                        };
                        second.push(Span::styled(format!("{} ", t(key)), theme::label()));
                        second.push(Span::raw(format!("{text}  ")));
                    }
                }
                second.push(Span::styled(
                    format!("{} ", t("dash.art12")),
                    theme::label(),
                ));
                second.push(Span::raw(ind.art12.to_string()));
            }
            Line::from(second)
        };
        let mut second = second_line(true);
        if second.width() > area.width as usize {
            second = second_line(false);
        }
        let second = crate::widgets::ellipsis_line(second, area.width as usize, false);
        first.push(Span::raw("  "));
        // (judicial suggestions unanswered past their deadline: said where there are any)
        let mut open = tf(
            "dash.open",
            &[
                ("d", &self.data.drafts),
                ("b", &self.data.drafts_before),
                ("o", &self.data.overdue),
            ],
        );
        if self.data.overdue_suggestions > 0 {
            open.push_str(&tf(
                "dash.open_suggestions",
                &[("s", &self.data.overdue_suggestions)],
            ));
        }
        first.push(Span::styled(
            open,
            if self.data.drafts + self.data.drafts_before > 0
                || self.data.overdue > 0
                || self.data.overdue_suggestions > 0
            {
                theme::draft()
            } else {
                theme::dim()
            },
        ));
        // the months shown, where the line has room for them (whole, or not at all)
        let range = format!("  {}", tf("dash.range", &[("range", &range)]));
        if Line::from(first.clone()).width() + range.width() <= area.width as usize {
            first.push(Span::styled(range, theme::dim()));
        }
        let first = crate::widgets::ellipsis_line(Line::from(first), area.width as usize, false);
        frame.render_widget(Paragraph::new(vec![first, second]), area);
    }

    fn render_trend(&self, frame: &mut Frame, area: Rect, id: &str, key: &str, rubric: &Rubric) {
        let block = Block::default()
            .borders(Borders::TOP)
            .title(Span::styled(t(key), theme::dim()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let n = trend::MONTHS as u16;
        let gap = 1;
        let width = ((inner.width + gap) / n).saturating_sub(gap).clamp(1, 9);
        let bars = month_bars(&self.data, id, rubric, width >= 4);
        frame.render_widget(
            BarChart::default()
                .data(BarGroup::default().bars(&bars))
                .max(1000)
                .bar_width(width)
                .bar_gap(gap)
                .bar_style(theme::ok())
                .value_style(theme::title())
                .label_style(theme::dim()),
            inner,
        );
    }

    fn render_grades(&self, frame: &mut Frame, area: Rect, rubric: &Rubric) {
        let block = Block::default()
            .borders(Borders::TOP)
            .title(Span::styled(t("dash.grades"), theme::dim()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let Some(ind) = self.month() else { return };
        // label, count and bar each in their own column ("Excellent 15 ████", "Fail       9 ██")
        let counts: Vec<(String, u64)> = rubric
            .grades
            .iter()
            .map(|g| {
                (
                    g.label().to_string(),
                    ind.grades.get(&g.id).copied().unwrap_or(0),
                )
            })
            .collect();
        let max = bars_max(counts.iter().map(|(_, n)| *n));
        let lw = counts.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
        let nw = counts
            .iter()
            .map(|(_, n)| n.to_string().len())
            .max()
            .unwrap_or(1);
        let bar_w = (inner.width as usize).saturating_sub(lw + nw + 2);
        let lines: Vec<Line> = rubric
            .grades
            .iter()
            .zip(&counts)
            .map(|(g, (label, n))| {
                Line::from(vec![
                    Span::raw(format!("{label}{} ", " ".repeat(lw - label.width()))),
                    Span::styled(format!("{n:>nw$} "), theme::title()),
                    Span::styled(
                        text_bar(Some(*n as f64 / max as f64), bar_w),
                        theme::grade(Some(&g.id)),
                    ),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn render_art12(&self, frame: &mut Frame, area: Rect) {
        let block = Block::default()
            .borders(Borders::TOP)
            .title(Span::styled(t("dash.art12_kinds"), theme::dim()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let Some(ind) = self.month() else { return };
        let lines: Vec<Line> = crate::domain::indicators::ART12
            .iter()
            .map(|id| {
                let n = ind.art12_by_kind.get(*id).copied().unwrap_or(0);
                let value = format!(" {n}");
                let room = (inner.width as usize).saturating_sub(value.width());
                Line::from(vec![
                    Span::styled(
                        ellipsis(&flag_label(id), room),
                        if n > 0 { theme::flag() } else { theme::dim() },
                    ),
                    Span::raw(value),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }

    /// 出庭率 per government (or court) as a bar of text: its name, the bar, the rate.
    fn render_groups(
        &self,
        frame: &mut Frame,
        area: Rect,
        focus: Focus,
        key: &str,
        groups: &[(&String, &Indicators)],
    ) {
        let focused = self.focus == focus;
        let block = Block::default().borders(Borders::TOP).title(Span::styled(
            t(key),
            if focused {
                theme::focused_label()
            } else {
                theme::dim()
            },
        ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if groups.is_empty() {
            frame.render_widget(
                Paragraph::new(Span::styled(t("dash.nothing"), theme::dim())),
                inner,
            );
            return;
        }
        let selected = self.selected[focus as usize];
        let h = inner.height as usize;
        let start = selected.saturating_sub(h.saturating_sub(1));
        let name_w = (inner.width as usize / 3).max(8);
        // the rates and counts line up: as wide as the widest
        let counts = |ind: &Indicators| {
            let r = ind.heads_appeared;
            (r.percent(), format!("{}/{}", r.num, r.den))
        };
        let (pw, cw) = groups.iter().fold((0, 0), |(pw, cw), (_, ind)| {
            let (p, c) = counts(ind);
            (pw.max(p.width()), cw.max(c.width()))
        });
        let lines: Vec<Line> = groups
            .iter()
            .enumerate()
            .skip(start)
            .take(h)
            .map(|(i, (name, ind))| {
                let rate = ind.heads_appeared;
                let (p, c) = counts(ind);
                let text = format!(" {p:>pw$} {c:>cw$}");
                let bar_w = (inner.width as usize).saturating_sub(name_w + 1 + text.width());
                let name = ellipsis(name, name_w);
                let pad = name_w.saturating_sub(name.width());
                let line = Line::from(vec![
                    Span::raw(format!("{name}{} ", " ".repeat(pad))),
                    Span::styled(text_bar(rate.value(), bar_w), theme::ok()),
                    Span::raw(text),
                ]);
                if focused && i == selected {
                    line.style(theme::selected())
                } else {
                    line
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn render_troubles(&self, frame: &mut Frame, area: Rect) {
        let focused = self.focus == Focus::Agencies;
        let block = Block::default().borders(Borders::TOP).title(Span::styled(
            t("dash.troubles"),
            if focused {
                theme::focused_label()
            } else {
                theme::dim()
            },
        ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let rows = self.troubles();
        if rows.is_empty() {
            frame.render_widget(
                Paragraph::new(Span::styled(t("dash.nothing"), theme::dim())),
                inner,
            );
            return;
        }
        let selected = self.selected[Focus::Agencies as usize];
        let h = inner.height as usize;
        let start = selected.saturating_sub(h.saturating_sub(1));
        let lines: Vec<Line> = rows
            .iter()
            .enumerate()
            .skip(start)
            .take(h)
            .map(|(i, r)| {
                let counts = tf(
                    "dash.trouble_counts",
                    &[("a", &r.absent), ("n", &r.notified), ("f", &r.flagged)],
                );
                let room = (inner.width as usize).saturating_sub(counts.width() + 1);
                let name = ellipsis(&r.agency, room);
                let pad = room.saturating_sub(name.width());
                let line = Line::from(vec![
                    Span::raw(format!("{name}{} ", " ".repeat(pad))),
                    Span::styled(counts, theme::flag()),
                ]);
                if focused && i == selected {
                    line.style(theme::selected())
                } else {
                    line
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn render_drill(&self, d: &Drill, frame: &mut Frame, area: Rect, rubric: &Rubric) {
        let block = Block::default().borders(Borders::TOP).title(Span::styled(
            tf(
                "dash.drill_head",
                &[("who", &d.whose.name()), ("n", &d.rows.len())],
            ),
            theme::header(),
        ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if d.rows.is_empty() {
            frame.render_widget(
                Paragraph::new(Span::styled(t("dash.nothing"), theme::dim())),
                inner,
            );
            return;
        }
        // (drawing keeps no state: the view ends at the selection once it is past the first page)
        let h = inner.height as usize;
        let scroll = d.selected.saturating_sub(h.saturating_sub(1));
        // columns fitted to the rows in view: date, case number, agency (unless the drill is
        // one agency's), who appeared, grade, flags; a cut ends in …
        let by_agency = matches!(d.whose, Whose::Agency(_));
        let visible: Vec<(usize, Vec<String>)> = d
            .rows
            .iter()
            .enumerate()
            .skip(scroll)
            .take(h)
            .map(|(i, r)| {
                let grade = r
                    .eval
                    .as_ref()
                    .and_then(|e| e.grade.as_deref())
                    .and_then(|g| rubric.grades.iter().find(|x| x.id == g))
                    .map(|g| g.label().to_string())
                    .unwrap_or_else(|| "—".into());
                let flags: Vec<String> = r.flags.iter().map(|f| flag_label(f)).collect();
                let mut cells = vec![
                    r.hearing_date.clone(),
                    r.case_number.clone(),
                    r.agency.clone(),
                    r.category.label().to_string(),
                    grade,
                    flags.join("；"),
                ];
                if by_agency {
                    cells.remove(2);
                }
                (i, cells)
            })
            .collect();
        let mut cols = vec![
            Column::whole(),
            Column::whole(),
            Column::left(8),
            Column::left(6),
            Column::left(4),
            Column::left(0),
        ];
        if by_agency {
            cols.remove(2);
        }
        // the columns before the flags fitted first; the flags take what is left
        let last = cols.len() - 1;
        let texts: Vec<Vec<String>> = visible.iter().map(|(_, c)| c[..last].to_vec()).collect();
        let no_header: Vec<&str> = Vec::new();
        let mut widths = columns::fit(&cols[..last], &no_header, &texts, inner.width as usize, 2);
        let used: usize = widths.iter().sum();
        widths.push((inner.width as usize).saturating_sub(used + 2 * last));
        let lines: Vec<Line> = visible
            .iter()
            .map(|(i, cells)| {
                let text = cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, &w)| {
                        let c = columns::cell(c, w, false);
                        format!("{c}{}", " ".repeat(w.saturating_sub(c.width())))
                    })
                    .collect::<Vec<_>>()
                    .join("  ");
                let line = Line::from(text.trim_end().to_string());
                let r = &d.rows[*i];
                if *i == d.selected {
                    line.style(theme::selected())
                } else if !r.flags.is_empty() {
                    line.style(theme::flag())
                } else {
                    line
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// The largest of some counts, at least 1 (a chart of nothing still has a scale).
fn bars_max(counts: impl Iterator<Item = u64>) -> u64 {
    counts.max().unwrap_or(0).max(1)
}

/// A bar `width` cells long filled to `value` (0..=1), in eighths; blank for none.
pub fn text_bar(value: Option<f64>, width: usize) -> String {
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let Some(v) = value else {
        return " ".repeat(width);
    };
    let eighths = (v.clamp(0.0, 1.0) * width as f64 * 8.0).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    s.push_str(PARTS[eighths % 8]);
    let used = eighths / 8 + usize::from(!eighths.is_multiple_of(8));
    s.push_str(&" ".repeat(width.saturating_sub(used)));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_bars_fill_in_eighths_and_keep_their_width() {
        assert_eq!(text_bar(Some(1.0), 4), "████");
        assert_eq!(text_bar(Some(0.5), 4), "██  ");
        assert_eq!(text_bar(Some(0.875 / 4.0 + 0.25), 4), "█▉  ");
        assert_eq!(text_bar(Some(0.75 / 4.0 + 0.25), 4), "█▊  ");
        assert_eq!(text_bar(None, 3), "   ");
        assert_eq!(text_bar(Some(0.0), 2), "  ");
    }

    #[test]
    fn a_bar_rounds_half_up_as_the_batch_screen_does() {
        use crate::domain::indicators::{Kind, Value};
        let v = |num: i64, den: i64| Value {
            id: "heads_appeared".into(),
            label: String::new(),
            kind: Kind::Rate,
            numerator: num,
            denominator: Some(den),
            value: Some(num as f64 / den as f64),
            provision: String::new(),
        };
        // 31.25%: 31.3 (a float's {:.1} gave 31.2)
        assert_eq!(super::bar_text(&v(10, 32), true), "31.3");
        assert_eq!(super::bar_text(&v(10, 32), false), "31");
        assert_eq!(super::bar_text(&v(1, 8), false), "13");
        assert_eq!(super::bar_text(&v(3, 3), true), "100.0");
    }
}
