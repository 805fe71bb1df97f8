//! The follow-up worklist's commands: opening it as of today, the outcome choice for a row, and
//! saving a row's judgment dates.

use super::app::{App, Screen};
use super::overlay::{Overlay, outcome_options};
use super::screens::followups::FollowupsScreen;
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
