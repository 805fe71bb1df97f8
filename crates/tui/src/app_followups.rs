//! The follow-up worklist's commands: opening it as of today, the outcome choice for a row, and
//! saving a row's judgment dates.

use super::app::{App, Screen};
use super::overlay::{Overlay, PromptPurpose, outcome_options};
use super::screens::followups::FollowupsScreen;
use crate::domain::performance;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use chrono::NaiveDate;

impl App {
    /// Opens the worklist as of today, or reads it again (keeping the selected row) when it is open.
    pub(super) fn open_followups(&mut self) -> anyhow::Result<()> {
        let today = self.today();
        let rows = self.court.followups(today, false)?;
        match &mut self.screen {
            Screen::Followups(s) => s.set_rows(today, rows),
            _ => self.screen = Screen::Followups(FollowupsScreen::new(today, rows)),
        }
        Ok(())
    }

    /// Reads the worklist again when it is the screen shown.
    pub(super) fn reload_followups(&mut self) -> anyhow::Result<()> {
        if matches!(self.screen, Screen::Followups(_)) {
            self.open_followups()?;
        }
        Ok(())
    }

    /// The outcomes a row's judgment performance may be recorded as; who records it is typed.
    pub(super) fn choose_outcome(&mut self, eval: i64) -> anyhow::Result<()> {
        let rubric = self.court.rubric_of_evaluation(eval)?;
        self.overlay = Some(Overlay::Choice {
            title: t("perf.choose").to_string(),
            options: outcome_options(&rubric, eval, ""),
            selected: 0,
        });
        Ok(())
    }

    /// Who records an outcome, asked once the outcome may be recorded: one that says the deadline
    /// passed (逾期履行, 经强制执行, 拒不履行) first needs the deadline, asked for when none is
    /// entered, and refused, saying it, while it has not passed.
    pub(super) fn ask_outcome_by(
        &mut self,
        purpose: PromptPurpose,
        by: String,
    ) -> anyhow::Result<()> {
        let PromptPurpose::Performance {
            eval,
            option,
            outcome,
        } = &purpose
        else {
            return Ok(());
        };
        if performance::says_deadline_passed(option) {
            let appearance = self.court.evaluation(*eval)?.appearance_id;
            let today = self.today();
            match self.court.judgment_dates(appearance)?.1 {
                None => {
                    self.overlay = Some(Overlay::prompt(
                        PromptPurpose::PerformanceDeadline {
                            eval: *eval,
                            option: option.clone(),
                            outcome: outcome.clone(),
                            by,
                        },
                        "",
                    ));
                    return Ok(());
                }
                Some(deadline) if today <= deadline => {
                    self.status = Some((
                        tf(
                            "perf.err.before_deadline",
                            &[
                                ("outcome", outcome),
                                ("deadline", &deadline),
                                ("on", &today),
                            ],
                        ),
                        true,
                    ));
                    return Ok(());
                }
                Some(_) => {}
            }
        }
        self.overlay = Some(Overlay::prompt(purpose, &by));
        Ok(())
    }

    /// The deadline typed before an outcome that says it passed: saved as the appearance's
    /// performance deadline, then who records the outcome is asked (or the outcome refused while
    /// the deadline has not passed). A date that is not one, or that the records refuse, keeps
    /// the prompt open with the reason.
    pub(super) fn outcome_deadline(
        &mut self,
        purpose: PromptPurpose,
        text: &str,
    ) -> anyhow::Result<()> {
        let PromptPurpose::PerformanceDeadline {
            eval,
            option,
            outcome,
            by,
        } = &purpose
        else {
            return Ok(());
        };
        let appearance = self.court.evaluation(*eval)?.appearance_id;
        let saved = crate::domain::validate::date(text)
            .map_err(|m| m.text())
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|e| e.to_string()))
            .and_then(|deadline| {
                let (effective, _) = self
                    .court
                    .judgment_dates(appearance)
                    .map_err(|e| crate::said(&e.into()))?;
                self.court
                    .set_judgment_dates(appearance, effective, Some(deadline))
                    .map_err(|e| crate::said(&e.into()))
            });
        if let Err(why) = saved {
            self.overlay = Some(Overlay::prompt(purpose.clone(), text));
            self.status = Some((why, true));
            return Ok(());
        }
        self.reload_followups()?;
        let next = PromptPurpose::Performance {
            eval: *eval,
            option: option.clone(),
            outcome: outcome.clone(),
        };
        self.ask_outcome_by(next, by.clone())
    }

    /// Saves a row's judgment dates and closes the form; a refusal leaves the form open.
    pub(super) fn save_judgment_dates(
        &mut self,
        appearance: i64,
        effective: Option<NaiveDate>,
        deadline: Option<NaiveDate>,
    ) -> anyhow::Result<()> {
        self.court
            .set_judgment_dates(appearance, effective, deadline)?;
        if let Screen::Followups(s) = &mut self.screen
            && let Some(e) = s.editing.take()
        {
            self.status = Some((
                tf(
                    "msg.judgment_dates_saved",
                    &[("case", &e.case_number), ("agency", &e.agency)],
                ),
                false,
            ));
        }
        self.reload_followups()
    }
}
