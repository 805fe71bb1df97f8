//! App state and the one place where effects happen: keys become commands (`Cmd`), and `run`
//! carries a command out against the store, then updates the screen. Screens never touch the store.

use super::keymap::{Action, Keymap, Section};
use super::overlay::amend::AmendSave;
use super::overlay::{Overlay, PickFor, PromptPurpose};
use super::screens::{
    agencies::AgenciesScreen,
    appearance_form::AppearanceScreen,
    hearing::HearingScreen,
    hearing_form::HearingFormScreen,
    list::{Fetch, ListScreen},
    live::LiveScreen,
    scoring::ScoringScreen,
};
use super::{render, theme};
use crate::Court;
pub use crate::cmd::Cmd;
use crate::config::Config;
use crate::domain::model::Appearance;
use crate::domain::rubric::Rubric;
use crate::domain::session::ResumePoint;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui::Frame;
use std::rc::Rc;

// one screen lives at a time, so the size difference costs nothing
#[allow(clippy::large_enum_variant)]
pub enum Screen {
    /// the hearings list; its state is the app's `list`, kept while other screens are open
    List,
    Hearing(HearingScreen),
    HearingForm(HearingFormScreen),
    Appearance(AppearanceScreen),
    Scoring(ScoringScreen),
    Live(LiveScreen),
    Batch(super::screens::batch::BatchScreen),
    Followups(super::screens::followups::FollowupsScreen),
    Suggestions(super::screens::suggestions::SuggestionsScreen),
    Spotcheck(super::screens::spotcheck::SpotcheckScreen),
    Agencies(AgenciesScreen),
    Dashboard(super::screens::dashboard::DashboardScreen),
}

impl Screen {
    /// The actions the footer offers on this screen, in this state.
    pub fn commands(&self) -> &'static [Action] {
        match self {
            Screen::List => &[], // see App::commands
            Screen::Hearing(s) => s.commands(),
            Screen::HearingForm(s) => s.commands(),
            Screen::Appearance(s) => s.commands(),
            Screen::Scoring(s) => s.commands(),
            Screen::Live(s) => s.commands(),
            Screen::Batch(s) => s.commands(),
            Screen::Followups(s) => s.commands(),
            Screen::Suggestions(s) => s.commands(),
            Screen::Spotcheck(s) => s.commands(),
            Screen::Agencies(s) => s.commands(),
            Screen::Dashboard(s) => s.commands(),
        }
    }

    /// Whether `action` applies in the screen's mode at all (the help lists only what does);
    /// [`Screen::enabled`] says whether it acts on the current row.
    pub fn applies(&self, action: Action) -> bool {
        match self {
            Screen::Scoring(s) => s.applies(action),
            // (live mode's keys act on the hearing, not a row: what acts is what applies)
            Screen::Live(s) => s.enabled(action),
            _ => true,
        }
    }

    /// Whether `action` does something now (the footer offers only what does).
    pub fn enabled(&self, action: Action) -> bool {
        match self {
            Screen::List => true, // see App::enabled
            Screen::Hearing(s) => s.enabled(action),
            Screen::Live(s) => s.enabled(action),
            Screen::Scoring(s) => s.enabled(action),
            Screen::Suggestions(s) => s.enabled(action),
            Screen::Spotcheck(s) => s.enabled(action),
            _ => true,
        }
    }

    pub fn section(&self) -> Section {
        match self {
            Screen::List => Section::List,
            Screen::Hearing(_) => Section::Hearing,
            Screen::HearingForm(_) | Screen::Appearance(_) => Section::Form,
            Screen::Scoring(_) => Section::Scoring,
            Screen::Live(_) => Section::Live,
            Screen::Batch(s) => s.section(),
            Screen::Followups(s) => s.section(),
            Screen::Suggestions(s) => s.section(),
            Screen::Spotcheck(s) => s.section(),
            Screen::Agencies(s) => s.section(),
            Screen::Dashboard(_) => Section::Dashboard,
        }
    }
}

pub struct App {
    pub court: Court,
    pub rubric: Rc<Rubric>,
    pub keymap: Keymap,
    pub config: Config,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub status: Option<(String, bool)>,
    pub quit: bool,
    /// the wall clock in milliseconds (tests fix it)
    pub now_ms: fn() -> i64,
    /// an export asked for, run by the loop after the next frame (so a progress bar can be drawn)
    /// an export asked for (its folder, and whether it is a draft), started after the frame
    /// that says so
    pub pending_export: Option<(std::path::PathBuf, bool)>,
    pub notice: crate::report::docx::Template,
    /// a justice bureau's video-review rubric
    pub bureau_rubric: crate::domain::bureau::BureauRubric,
    /// the list's selection survives visits to other screens
    pub(super) list: ListScreen,
    /// the unsaved form last written to the database (see app_draft.rs)
    pub(super) last_draft: Option<crate::domain::session::FormDraft>,
    /// the terminal's size (columns, rows): below 80×24 only a notice is drawn and keys wait
    pub size: (u16, u16),
    /// where `Esc` returns, the most recent last: the screen an appearance's screens (its form,
    /// review, live mode) were opened from, the dashboard a hearing was drilled into from. The
    /// list is home: opening it clears the stack.
    pub(super) back: Vec<Back>,
    /// what the appearance form was opened for (`s` or `l` before who appeared was entered): it
    /// follows once the form is saved
    pub(super) after_form: Option<(i64, Cmd)>,
    /// the dashboard's fresh read, running on a thread of its own (see app_dashboard.rs)
    pub(super) dashboard_job: Option<super::app_dashboard::DashboardJob>,
    /// the batch screen's figures, read on a thread of their own (see app_batch.rs)
    pub(super) batch_job: Option<super::app_batch::BatchJob>,
    /// an export running on a thread of its own (see app_batch.rs)
    pub(super) export_job: Option<super::app_batch::ExportJob>,
}

/// The screens an appearance's screens are opened from.
/// A place `Esc` returns to.
pub(super) enum Back {
    List,
    /// the hearing whose appearance's screen is open
    Hearing,
    Followups,
    /// a screen as it was left (the dashboard, its drill-in open)
    Screen(Box<Screen>),
}

impl App {
    pub fn new(
        mut court: Court,
        rubric: Rubric,
        keymap: Keymap,
        config: Config,
    ) -> anyhow::Result<App> {
        court.set_scope(config.scope());
        court.set_judges(config.judges.clone());
        court.remember_rubric(&rubric)?;
        let mut list = ListScreen::default();
        list.set_view_height(ListScreen::view_height(render::body_height(
            render::MIN_HEIGHT,
        )));
        let mut app = App {
            court,
            rubric: Rc::new(rubric),
            keymap,
            config,
            screen: Screen::List,
            overlay: None,
            status: None,
            quit: false,
            now_ms: || chrono::Local::now().timestamp_millis(),
            pending_export: None,
            notice: crate::report::docx::Template::default_template(),
            bureau_rubric: crate::domain::bureau::BureauRubric::default_rubric(),
            list,
            last_draft: None,
            size: (render::MIN_WIDTH, render::MIN_HEIGHT),
            back: Vec::new(),
            after_form: None,
            dashboard_job: None,
            export_job: None,
            batch_job: None,
        };
        // after a crash, return to the appearance that was being scored
        let resume = app.court.resume_point()?;
        app.run(Cmd::OpenList);
        match resume {
            Some(ResumePoint::Live {
                hearing,
                appearance,
            }) => app.run(Cmd::LiveStart(hearing, Some(appearance))),
            Some(ResumePoint::Review { appearance }) => app.run(Cmd::Score(appearance)),
            None => {}
        }
        // it says so: the clerk sees the app came back where it was, nothing lost
        if resume.is_some() && app.status.is_none() {
            app.status = Some((t("msg.resumed").to_string(), false));
        }
        // after a crash in a form, the form comes back with what was typed
        let restored = app.restore_form_draft()?;
        // (a justice bureau records no hearings: it is offered no demo hearings)
        if app.config.org == crate::domain::bureau::OrgKind::Court
            && app.court.is_empty()?
            && !restored
        {
            app.overlay = Some(Overlay::Confirm {
                message: t("demo.offer").to_string(),
                yes: Cmd::LoadDemo,
            });
        }
        Ok(app)
    }

    pub fn render(&self, frame: &mut Frame) {
        render::draw(self, frame);
    }

    pub fn on_event(&mut self, event: Event) {
        match event {
            Event::Key(k) if k.kind == KeyEventKind::Press => self.on_key(k),
            Event::Paste(text) => self.on_paste(&text),
            _ => {}
        }
    }

    fn on_paste(&mut self, text: &str) {
        if self.too_small() {
            return;
        }
        self.paste_into(text);
        self.sync_form_draft();
    }

    fn paste_into(&mut self, text: &str) {
        if let Some(o) = &mut self.overlay {
            o.paste(text);
            return;
        }
        let cmd = match &mut self.screen {
            Screen::HearingForm(s) => {
                s.form.paste(text);
                None
            }
            Screen::Appearance(s) => {
                s.form.paste(text);
                None
            }
            Screen::Followups(s) => {
                s.paste(text);
                None
            }
            Screen::Suggestions(s) => {
                s.paste(text);
                None
            }
            Screen::Spotcheck(s) => {
                s.paste(text);
                None
            }
            Screen::Agencies(s) => s.paste(text),
            _ => None,
        };
        if let Some(cmd) = cmd {
            self.run(cmd);
        }
    }

    pub fn on_key(&mut self, key: KeyEvent) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        self.key_into(key);
        self.sync_form_draft();
    }

    /// Whether the terminal is too small to show the screen (only a notice is drawn).
    pub fn too_small(&self) -> bool {
        self.size.0 < render::MIN_WIDTH || self.size.1 < render::MIN_HEIGHT
    }

    fn key_into(&mut self, key: KeyEvent) {
        // what the user cannot see, a key must not change
        if self.too_small() {
            return;
        }
        self.status = None;
        // a pop-up's keys are its section's (Ctrl-c among its ways out)
        if let Some(overlay) = self.overlay.take() {
            let (keep, cmd) = overlay.handle_key(key, &self.keymap);
            self.overlay = keep;
            if let Some(cmd) = cmd {
                self.run(cmd);
            }
            return;
        }
        let section = self.screen.section();
        let action = self.keymap.action(section, &key);
        if action == Some(Action::Help) {
            self.overlay = Some(self.help());
            return;
        }
        let cmd = match &mut self.screen {
            Screen::List => self.list.handle_key(&key, action),
            Screen::Hearing(s) => s.handle_key(action),
            Screen::HearingForm(s) => s.handle_key(&key, action, &self.keymap),
            Screen::Appearance(s) => s.handle_key(&key, action, &self.keymap),
            // a digit on an award item gives its points (8 for 8 of 10, 1 0 for 10)
            Screen::Scoring(s) => match (action, super::keymap::typed(&key)) {
                (None, Some(c)) if c.is_ascii_digit() => s.digit(c.to_digit(10).unwrap_or(0)),
                _ => s.handle_key(action),
            },
            Screen::Live(s) => s.handle_key(&key, action),
            Screen::Batch(s) => s.handle_key(&key, action, &self.keymap),
            Screen::Followups(s) => s.handle_key(&key, action, &self.keymap),
            Screen::Suggestions(s) => s.handle_key(&key, action, &self.keymap),
            Screen::Spotcheck(s) => s.handle_key(&key, action, &self.keymap),
            Screen::Agencies(s) => s.handle_key(&key, action, &self.keymap),
            Screen::Dashboard(s) => s.handle_key(action),
        };
        // a letter that means nothing here says so (on the review, live mode's item keys are
        // pressed out of habit), rather than nothing happening
        let unbound = super::keymap::typed(&key).filter(|c| {
            action.is_none()
                && cmd.is_none()
                && matches!(
                    self.screen,
                    Screen::List | Screen::Hearing(_) | Screen::Scoring(_) | Screen::Batch(_)
                )
                && c.is_alphabetic()
        });
        if let Some(c) = unbound {
            let help = self.keymap.key(section, Action::Help);
            self.status = Some((
                tf("msg.key_unbound", &[("key", &c), ("help", &help)]),
                false,
            ));
        }
        if let Some(cmd) = cmd {
            self.run(cmd);
        }
    }

    /// Remembers which screen the appearance's screens are opened from (they open each other:
    /// live mode's end opens the review, which keeps the origin).
    fn note_origin(&mut self) {
        let here = match self.screen {
            Screen::List => Back::List,
            Screen::Hearing(_) => Back::Hearing,
            Screen::Followups(_) => Back::Followups,
            _ => return,
        };
        // (an appearance's screens opened again from the same place add no second step back)
        let same = matches!(
            (self.back.last(), &here),
            (Some(Back::List), Back::List)
                | (Some(Back::Hearing), Back::Hearing)
                | (Some(Back::Followups), Back::Followups)
        );
        if !same {
            self.back.push(here);
        }
    }

    /// Where the judge and clerk of the operator's own last new hearing are kept.
    fn people_key(&self) -> String {
        format!("form/people/{}", self.court.operator())
    }

    /// The judge and clerk a new hearing of this operator's starts with next time.
    fn remember_people(&mut self, input: &crate::records::HearingInput) -> anyhow::Result<()> {
        let key = self.people_key();
        let value = format!("{}\n{}", input.judge.trim(), input.clerk.trim());
        self.court.set_app_value(&key, &value)?;
        Ok(())
    }

    /// Carries out a command; failures become a message in the status line, never a panic.
    pub fn run(&mut self, cmd: Cmd) {
        if let Err(e) = self.try_run(cmd) {
            self.status = Some((crate::said(&e), true));
        }
    }

    pub(super) fn try_run(&mut self, cmd: Cmd) -> anyhow::Result<()> {
        match cmd {
            Cmd::Quit => self.quit = true,
            Cmd::LeaveHearing => {
                // (a step back to this hearing itself is behind us now)
                while matches!(self.back.last(), Some(Back::Hearing)) {
                    self.back.pop();
                }
                match self.back.pop() {
                    Some(Back::Screen(screen)) => self.screen = *screen,
                    Some(Back::Followups) => self.run(Cmd::OpenFollowups),
                    Some(Back::List | Back::Hearing) | None => self.run(Cmd::OpenList),
                }
            }
            Cmd::OpenList => {
                self.back.clear();
                self.court.set_resume_point(None)?;
                self.list.total = self.court.list_count()?;
                self.list.invalidate();
                self.screen = Screen::List;
                self.sync_list()?;
            }
            Cmd::ListMoved => self.sync_list()?,
            Cmd::OpenHearing(id) => {
                self.court.set_resume_point(None)?;
                self.open_hearing(id, None)?
            }
            Cmd::NewHearing => {
                let mut form = HearingFormScreen::new_hearing(&self.config, self.local_now());
                // the judge and clerk of this operator's own previous hearing (not of the latest
                // one a schedule imported), and the others remembered
                let (mut judges, mut clerks) =
                    (self.court.recent_judges()?, self.court.recent_clerks()?);
                if let Some(own) = self.court.app_value(&self.people_key())? {
                    let (judge, clerk) = own.split_once('\n').unwrap_or((own.as_str(), ""));
                    for (names, first) in [(&mut judges, judge), (&mut clerks, clerk)] {
                        if !first.is_empty() {
                            names.retain(|n| n != first);
                            names.insert(0, first.to_string());
                        }
                    }
                }
                form.remember(judges, clerks, true);
                self.screen = Screen::HearingForm(form);
            }
            Cmd::EditHearing(id) => {
                let h = self.court.hearing(id)?;
                // settled: the same form, in amendment mode
                let mut form = match self.settled_appearance(id)? {
                    Some(aid) => {
                        HearingFormScreen::amend(&h, &self.config, aid, self.rubric.clone())
                    }
                    None => HearingFormScreen::edit(&h, &self.config),
                };
                form.remember(
                    self.court.recent_judges()?,
                    self.court.recent_clerks()?,
                    false,
                );
                self.screen = Screen::HearingForm(form);
            }
            Cmd::SaveHearing {
                id: None,
                input,
                defendants,
            } if self
                .court
                .hearings_by_case(&input.case_number)?
                .iter()
                .any(|h| h.date.to_string() == input.date) =>
            {
                // the same case and day twice is more often a slip than a second sitting: asked
                return self.try_run(Cmd::Confirm(
                    tf(
                        "hearing.same_day",
                        &[("case", &input.case_number), ("date", &input.date)],
                    ),
                    Box::new(Cmd::SaveHearingTwice { input, defendants }),
                ));
            }
            Cmd::SaveHearingTwice { input, defendants } => {
                let hid = self.court.insert_hearing(&input, &defendants)?;
                self.remember_people(&input)?;
                self.open_hearing(hid, None)?;
                self.status = Some((
                    tf("msg.hearing_saved", &[("case", &input.case_number)]),
                    false,
                ));
            }
            Cmd::SaveHearing {
                id,
                input,
                defendants,
            } => {
                let hid = match id {
                    Some(id) => {
                        self.court.update_hearing(id, &input)?;
                        id
                    }
                    None => {
                        let hid = self.court.insert_hearing(&input, &defendants)?;
                        self.remember_people(&input)?;
                        hid
                    }
                };
                self.open_hearing(hid, None)?;
                self.status = Some((
                    tf("msg.hearing_saved", &[("case", &input.case_number)]),
                    false,
                ));
            }
            Cmd::SearchAgencies(text) => {
                let merging = matches!(
                    &self.overlay,
                    Some(Overlay::Picker {
                        target: PickFor::MergeInto(_),
                        ..
                    })
                );
                let names: Vec<String> = if text.trim().is_empty() && merging {
                    // a merge's target is offered before anything is typed: the most used
                    self.most_used_agencies()?
                } else if text.trim().is_empty() {
                    Vec::new()
                } else {
                    self.court
                        .search_agencies(&text, 5)?
                        .into_iter()
                        .map(|a| a.name)
                        .collect()
                };
                match (&mut self.overlay, &mut self.screen) {
                    (Some(o), _) => o.set_suggestions(names),
                    (None, Screen::HearingForm(s)) => s.set_suggestions(names),
                    _ => {}
                }
            }
            Cmd::AddNewDefendant(name) => {
                if let Screen::HearingForm(s) = &mut self.screen {
                    s.add_new_defendant(name);
                }
            }
            Cmd::PickAgency(hearing) => {
                self.overlay = Some(Overlay::picker(PickFor::Defendant(hearing)))
            }
            Cmd::AddDefendant(hearing, name) => {
                let aid = self.court.add_defendant(hearing, &name)?;
                self.open_hearing(hearing, Some(aid))?;
                self.status = Some((tf("msg.agency_added", &[("agency", &name)]), false));
            }
            Cmd::AskRemoveDefendant(aid) => self.ask_remove_defendant(aid)?,
            Cmd::RemoveDefendant(aid, reason) => {
                let a = self.court.appearance(aid)?;
                self.court.delete_appearance(aid, &reason)?;
                self.open_hearing(a.hearing_id, None)?;
                self.status = Some((
                    tf("msg.agency_removed", &[("agency", &a.agency_name)]),
                    false,
                ));
            }
            Cmd::AskDeleteHearing(id) => self.ask_delete_hearing(id)?,
            Cmd::DeleteHearing(id, reason) => self.delete_hearing(id, &reason)?,
            Cmd::EditAppearance(aid) => {
                if self.court.appearance_locked(aid)? {
                    self.status = Some((t("amend.err.appearance_locked").to_string(), true));
                    return Ok(());
                }
                self.note_origin();
                self.after_form = None;
                let a = self.court.appearance(aid)?;
                self.screen = Screen::Appearance(self.appearance_screen(a)?);
            }
            Cmd::SaveAppearance(a, government) => {
                self.court.save_appearance(&a, &government)?;
                self.open_hearing(a.hearing_id, Some(a.id))?;
                self.status = Some((
                    tf("msg.appearance_saved", &[("agency", &a.agency_name)]),
                    false,
                ));
                // opened by `s` or `l`: scoring follows (when who appeared can be scored)
                if let Some((aid, then)) = self.after_form.take()
                    && aid == a.id
                    && a.category.scorable()
                {
                    self.run(then);
                }
            }
            Cmd::Score(aid) => {
                self.note_origin();
                let a = self.court.appearance(aid)?;
                if !a.category.scorable() {
                    self.status = Some((
                        tf("msg.not_scorable", &[("who", &a.category.label())]),
                        true,
                    ));
                    return Ok(());
                }
                if a.person.trim().is_empty() {
                    self.after_form = Some((aid, Cmd::Score(aid)));
                    self.screen = Screen::Appearance(self.appearance_screen(a)?);
                    self.status = Some((t("msg.enter_appearance").to_string(), true));
                    return Ok(());
                }
                let h = self.court.hearing(a.hearing_id)?;
                let eval = self.court.evaluation_for(aid, &self.rubric)?;
                let rubric = self.court.rubric(&eval.rubric_hash)?;
                let score = self.court.score_of(eval.id)?;
                let events = self.court.events(eval.id)?;
                if eval.status == crate::domain::model::EvalStatus::Draft {
                    self.court
                        .set_resume_point(Some(ResumePoint::Review { appearance: aid }))?;
                }
                let agencies = self.court.appearances(h.id)?.len();
                let screen = ScoringScreen::new(h, a, eval, rubric, score, events)
                    .with_amendments(self.court.amendments_of(aid)?.len())
                    .with_agencies(agencies);
                self.screen = Screen::Scoring(screen);
            }
            Cmd::LiveStart(hearing, appearance) => {
                // a hearing whose day has not come is scored live only when asked for
                let date = self.court.hearing(hearing)?.date;
                if date > self.today() {
                    return self.try_run(Cmd::Confirm(
                        tf("live.future", &[("date", &date)]),
                        Box::new(Cmd::LiveStartEarly(hearing, appearance)),
                    ));
                }
                self.note_origin();
                self.start_live(hearing, appearance)?
            }
            Cmd::FinalizeAs(eval, judge) => self.finalize_as(eval, &judge)?,
            Cmd::LiveStartEarly(hearing, appearance) => {
                self.note_origin();
                self.start_live(hearing, appearance)?
            }
            Cmd::Leave(hearing) => {
                self.after_form = None;
                match self.back.pop() {
                    Some(Back::List) | None => self.run(Cmd::OpenList),
                    Some(Back::Hearing) => self.run(Cmd::OpenHearing(hearing)),
                    Some(Back::Followups) => self.run(Cmd::OpenFollowups),
                    Some(Back::Screen(screen)) => self.screen = *screen,
                }
            }
            Cmd::LiveMark(item) => {
                let (eval, moment) = self.live_moment()?;
                let (event, score) = self.court.record_mark(eval, &item, &moment)?;
                if let Screen::Live(s) = &mut self.screen {
                    s.recorded(event, Some(score));
                }
            }
            Cmd::LiveUndo => {
                let (eval, moment) = self.live_moment()?;
                match self.court.record_undo(eval, &moment)? {
                    Some((event, score)) => {
                        if let Screen::Live(s) = &mut self.screen {
                            s.recorded(event, Some(score));
                        }
                    }
                    None => self.status = Some((t("live.nothing_to_undo").to_string(), true)),
                }
            }
            Cmd::LiveNote => {
                // the note belongs to the moment the key was pressed, not when typing ends
                let (_, moment) = self.live_moment()?;
                self.overlay = Some(Overlay::prompt(PromptPurpose::LiveNote(moment), ""));
            }
            Cmd::LiveStage(stage) => {
                let (eval, moment) = self.live_moment()?;
                let event = self.court.record_stage(eval, stage, &moment)?;
                if let Screen::Live(s) = &mut self.screen {
                    s.recorded(event, None);
                }
            }
            Cmd::NextAgency(appearance) => self.next_agency(appearance)?,
            Cmd::LiveEnd => {
                if let Screen::Live(s) = &self.screen {
                    let aid = s.slot().appearance.id;
                    self.run(Cmd::Score(aid));
                    // the review's next step: the award items live mode did not score
                    if let Screen::Scoring(s) = &mut self.screen
                        && let Some(next) = s.lead_to_award()
                    {
                        self.status = Some((next, false));
                    }
                }
            }
            // the month the next batch is for: the month after the latest month's batch (the
            // earliest with appearances when there is none); this month when that has not ended
            Cmd::OpenBatch => {
                let today = self.today();
                let month = self
                    .court
                    .next_batch_month(today)?
                    .unwrap_or_else(|| crate::domain::period::Period::month_of(today));
                self.open_batch(month)?;
            }
            Cmd::BatchPeriod(p) => self.open_batch(p)?,
            Cmd::ExportDraft => {
                if let Screen::Batch(b) = &self.screen {
                    self.pending_export = Some((std::path::PathBuf::from(&b.out), true));
                    self.status = Some((t("batch.drafting").to_string(), false));
                }
            }
            Cmd::SetMark { eval, item, value } => {
                let score = self.court.set_mark(eval, &item, value)?;
                if let Screen::Scoring(s) = &mut self.screen {
                    s.marked(&item, value, score);
                }
            }
            Cmd::Prompt(PromptPurpose::ScheduleFile, _) => self.ask_schedule_file()?,
            Cmd::Prompt(p @ PromptPurpose::Performance { .. }, by) => self.ask_outcome_by(p, by)?,
            Cmd::Prompt(purpose, initial) => {
                // a judge's name is typed, never filled in
                self.overlay = Some(if purpose.is_judge() {
                    Overlay::judge_prompt(purpose, self.config.judges.clone())
                } else {
                    Overlay::prompt(purpose, &initial)
                })
            }
            Cmd::Submit(purpose, text) => self.submit(purpose, text)?,
            Cmd::Confirm(message, yes) => {
                self.overlay = Some(Overlay::Confirm { message, yes: *yes })
            }
            Cmd::Choose(title, options) => {
                self.overlay = Some(Overlay::Choice {
                    title,
                    options,
                    selected: 0,
                })
            }
            Cmd::ClearPerformance(eval) => {
                self.court.clear_performance(eval)?;
                self.reload_scoring()?;
                self.status = Some((t("msg.performance_cleared").to_string(), false));
            }
            Cmd::OpenFollowups => {
                self.open_followups()?;
            }
            Cmd::OpenSuggestions(select) => self.open_suggestions(select)?,
            Cmd::OpenSpotcheck(period) => self.open_spotcheck(period)?,
            Cmd::SaveReview {
                court_code,
                uid,
                scores,
                note,
                reviewer,
                reason,
            } => self.save_review(
                &court_code,
                &uid,
                &scores,
                &note,
                &reviewer,
                reason.as_deref(),
            )?,
            Cmd::AskFinalizeReview(id) => {
                self.overlay = Some(Overlay::judge_prompt(
                    PromptPurpose::ReviewFinalizer(id),
                    Vec::new(),
                ));
            }
            Cmd::DraftSuggestion(appearance) => self.ask_suggestion_recipient(appearance)?,
            Cmd::DraftSuggestionTo(appearance, kind) => {
                self.overlay = Some(Overlay::judge_prompt(
                    PromptPurpose::SuggestionDrafter(appearance, kind),
                    self.config.judges.clone(),
                ));
            }
            Cmd::AskSendSuggestion(id) => {
                self.overlay = Some(Overlay::judge_prompt(
                    PromptPurpose::SuggestionSender(id),
                    self.config.judges.clone(),
                ));
            }
            Cmd::SaveSuggestionReply { id, on, summary } => {
                self.save_suggestion_reply(id, on, &summary)?
            }
            Cmd::PrintSuggestion(id) => self.print_suggestion(id)?,
            Cmd::AskDeleteSuggestion(id) => {
                self.overlay = Some(Overlay::Confirm {
                    message: tf("suggestion.confirm_delete", &[("id", &id)]),
                    yes: Cmd::DeleteSuggestion(id),
                });
            }
            Cmd::DeleteSuggestion(id) => {
                self.court.delete_suggestion(id)?;
                self.status = Some((tf("suggestion.deleted", &[("id", &id)]), false));
                self.open_suggestions(None)?;
            }
            Cmd::ChooseOutcome(eval) => self.choose_outcome(eval)?,
            Cmd::SaveJudgmentDates {
                appearance,
                effective,
                deadline,
            } => self.save_judgment_dates(appearance, effective, deadline)?,
            Cmd::LoadDemo => {
                let today = self.today();
                let loaded = self.court.generate_demo(
                    &self.rubric,
                    &crate::demo::Options {
                        court: (
                            self.config.court_name.clone(),
                            self.config.court_code.clone(),
                        ),
                        ..crate::demo::Options::new(200, 1, today)
                    },
                );
                // refused (the database is not empty): the list shows what it holds
                let n = loaded.inspect_err(|_| self.run(Cmd::OpenList))?;
                self.list = ListScreen::default();
                self.resized(self.size);
                self.run(Cmd::OpenList);
                self.status = Some((tf("msg.demo_loaded", &[("n", &n)]), false));
            }
            Cmd::StartAmend(aid) => {
                self.run(Cmd::Score(aid));
                if let Screen::Scoring(s) = &mut self.screen {
                    s.start_amend();
                    self.status = Some((t("amend.started").to_string(), false));
                }
            }
            Cmd::AskAmend {
                appearance,
                changes,
            } => {
                self.overlay = Some(Overlay::AmendSave(AmendSave::new(
                    appearance,
                    changes,
                    self.config.judges.clone(),
                )))
            }
            Cmd::Amend {
                appearance,
                changes,
                reason,
                by,
            } => self.amend(appearance, changes, reason, by)?,
            Cmd::DropAmend => self.drop_amend(),
            Cmd::History(case) => self.open_history(case)?,
            Cmd::PrintSheet(appearance) => self.print_sheet(appearance)?,
            Cmd::Today => self.today_in_list(false)?,
            Cmd::OpenAgencies => {
                self.screen =
                    Screen::Agencies(AgenciesScreen::new(self.court.directory(self.today())?));
            }
            Cmd::FilterAgencies(text) => self.filter_agencies(&text)?,
            Cmd::SaveAgency {
                id,
                name,
                new_name,
                edit,
            } => self.save_agency(id, &name, &new_name, &edit)?,
            Cmd::PickMergeTarget(from) => {
                let mut picker = Overlay::picker(PickFor::MergeInto(from));
                picker.set_suggestions(self.most_used_agencies()?);
                self.overlay = Some(picker);
            }
            Cmd::AskMergeReason { from, into } => self.ask_merge_reason(from, into)?,
            Cmd::MergeAgencies { from, into, reason } => self.merge_agencies(from, into, reason)?,
            Cmd::ImportSchedule {
                schedule,
                skip_invalid,
                folder,
            } => self.import_schedule(&schedule, skip_invalid, folder.as_deref())?,
            Cmd::OpenDashboard(p) => self.open_dashboard(p)?,
            Cmd::Drill(whose) => self.drill(whose)?,
            Cmd::DashboardHearing(court, id) => self.dashboard_hearing(&court, id)?,
            Cmd::RefreshDashboard => self.refresh_dashboard()?,
            Cmd::Help => self.overlay = Some(self.help()),
            Cmd::Message(m) => self.status = Some((m, false)),
            Cmd::Error(m) => self.status = Some((m, true)),
        }
        Ok(())
    }

    /// Today on the court's clock (the app's clock, so tests can set it).
    /// The app clock's local date and time (tests fix the clock).
    pub(super) fn local_now(&self) -> chrono::NaiveDateTime {
        use chrono::TimeZone;
        chrono::Local
            .timestamp_millis_opt((self.now_ms)())
            .single()
            .map(|t| t.naive_local())
            .unwrap_or_else(|| chrono::Local::now().naive_local())
    }

    pub fn today(&self) -> chrono::NaiveDate {
        use chrono::TimeZone;
        chrono::Local
            .timestamp_millis_opt((self.now_ms)())
            .single()
            .map(|d| d.date_naive())
            .unwrap_or_default()
    }

    /// Re-reads the evaluation and score of the scoring screen from the store.
    pub(super) fn reload_scoring(&mut self) -> anyhow::Result<()> {
        if let Screen::Scoring(s) = &mut self.screen {
            let id = s.eval.id;
            s.reloaded(self.court.evaluation(id)?, self.court.score_of(id)?);
        }
        Ok(())
    }

    pub(super) fn open_hearing(
        &mut self,
        id: i64,
        select_appearance: Option<i64>,
    ) -> anyhow::Result<()> {
        let h = self.court.hearing(id)?;
        let apps = self.court.appearances(id)?;
        let mut rows = Vec::new();
        for a in apps {
            let summary = self.appearance_summary(&a)?;
            let version = 1 + self.court.amendments_of(a.id)?.len();
            let settled = self.court.appearance_locked(a.id)?;
            rows.push((a, summary, version, settled));
        }
        let mut screen = HearingScreen::new(h, rows);
        if let Some(aid) = select_appearance {
            screen.select_appearance(aid);
        }
        self.screen = Screen::Hearing(screen);
        Ok(())
    }

    fn appearance_summary(
        &mut self,
        a: &Appearance,
    ) -> anyhow::Result<
        Option<(
            crate::domain::model::EvalStatus,
            crate::domain::scoring::Score,
        )>,
    > {
        let row = self.court.evaluation_id_of(a.id)?;
        Ok(match row {
            Some((eid, status)) => Some((status, self.court.score_of(eid)?)),
            None => None,
        })
    }

    /// The appearance form, offering the people who appeared for its agency before.
    pub(super) fn appearance_screen(&self, a: Appearance) -> anyhow::Result<AppearanceScreen> {
        let government = self.government_of(a.agency_id)?;
        let h = self.court.hearing(a.hearing_id)?;
        let people = self.court.people_of_agency(a.agency_id)?;
        Ok(AppearanceScreen::new(&h, a, &government).with_people(people))
    }

    /// The government an agency reports to; the court's own government while none is known.
    fn government_of(&self, agency_id: i64) -> anyhow::Result<String> {
        let g = self.court.agency(agency_id)?.government;
        Ok(if g.is_empty() {
            self.config.government.clone()
        } else {
            g
        })
    }

    /// The hearings list's state: one home, kept while other screens are open.
    pub fn list(&self) -> &ListScreen {
        &self.list
    }

    /// The actions the footer offers on the current screen.
    pub fn commands(&self) -> &'static [Action] {
        match &self.screen {
            Screen::List => self.list.commands(),
            s => s.commands(),
        }
    }

    /// The help of the screen shown: its section's keys that apply in its mode.
    fn help(&self) -> Overlay {
        let section = self.screen.section();
        let hidden = self
            .keymap
            .bindings(section)
            .iter()
            .map(|(a, _)| *a)
            .filter(|a| !self.screen.applies(*a))
            .collect();
        Overlay::Help(section, hidden)
    }

    /// Whether `action` does something now on the current screen.
    pub fn enabled(&self, action: Action) -> bool {
        match &self.screen {
            Screen::List => self.list.enabled(action),
            s => s.enabled(action),
        }
    }

    /// Reads the rows the list needs to show its selection and the view around it: by key, a
    /// few views' rows at most, wherever in the list it is.
    pub(super) fn sync_list(&mut self) -> anyhow::Result<()> {
        if !matches!(self.screen, Screen::List) {
            return Ok(());
        }
        let l = &mut self.list;
        // (a read again from the view's first row may need the rows above it too)
        for _ in 0..4 {
            let Some(fetch) = l.need() else {
                break;
            };
            let rows = match &fetch {
                Fetch::First(n) => self.court.list_first(*n)?,
                Fetch::Last(n) => self.court.list_last(*n)?,
                Fetch::After(c, n) => self.court.list_after(c, *n)?,
                Fetch::Before(c, n) => self.court.list_before(c, *n)?,
                Fetch::At(c, n) => self.court.list_at(c, *n)?,
            };
            l.got(fetch, rows);
        }
        Ok(())
    }

    /// Called after a resize: the list may show more rows now.
    pub fn resized(&mut self, size: (u16, u16)) {
        self.size = size;
        self.list
            .set_view_height(ListScreen::view_height(render::body_height(size.1)));
        self.list.invalidate();
        if let Screen::Batch(b) = &mut self.screen {
            b.size = size;
        }
        self.run(Cmd::ListMoved);
    }

    pub fn status_style(&self) -> ratatui::style::Style {
        match &self.status {
            Some((_, true)) => theme::error(),
            _ => theme::ok(),
        }
    }
}
