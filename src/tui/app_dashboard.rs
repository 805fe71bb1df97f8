//! The dashboard's commands: its figures read for a month, a drill-in, a hearing opened from it.

use super::app::{App, Screen};
use super::screens::dashboard::{DashboardScreen, Drill};
use crate::domain::period::Period;
use crate::i18n::t;
use crate::report::trend::{self, Whose};

impl App {
    /// The dashboard of `period`'s month (this month when None), keeping the lists' focus and
    /// selections when it was open already.
    pub(super) fn open_dashboard(&mut self, period: Option<Period>) -> anyhow::Result<()> {
        let today = self.today();
        let period = period.unwrap_or_else(|| Period::month_of(today));
        // what is kept, at once; what changed since is read after this frame (see `refresh_dashboard`)
        let data = trend::dashboard(
            &mut self.store,
            &self.config.court_name,
            &period,
            today,
            trend::Read::Kept,
        )?;
        let old = std::mem::replace(&mut self.screen, Screen::List);
        self.screen = Screen::Dashboard(match old {
            Screen::Dashboard(s) => s.with_data(data),
            _ => DashboardScreen::new(data, today),
        });
        Ok(())
    }

    /// The dashboard's months whose records changed since they were kept, read again (the loop
    /// asks for it after drawing the frame that shows the kept figures).
    pub(super) fn refresh_dashboard(&mut self) -> anyhow::Result<()> {
        let Screen::Dashboard(s) = &mut self.screen else {
            return Ok(());
        };
        // tried once, whatever comes of it (an error is shown, not retried at every frame)
        s.data.stale = false;
        let period = s.period();
        let today = self.today();
        let data = trend::dashboard(
            &mut self.store,
            &self.config.court_name,
            &period,
            today,
            trend::Read::Fresh,
        )?;
        if let Screen::Dashboard(s) = &mut self.screen {
            s.set_data(data);
        }
        Ok(())
    }

    /// The appearances behind the selected government's, agency's or court's figures.
    pub(super) fn drill(&mut self, whose: Whose) -> anyhow::Result<()> {
        let Screen::Dashboard(s) = &mut self.screen else {
            return Ok(());
        };
        let rows = trend::drill(&self.store, &self.config.court_name, &s.period(), &whose)?;
        s.drill = Some(Drill::new(whose, rows));
        Ok(())
    }

    /// A hearing of this court listed by a drill-in (a court below's is only in its batch).
    pub(super) fn dashboard_hearing(&mut self, court: &str, id: i64) -> anyhow::Result<()> {
        if court != self.config.court_name {
            self.status = Some((t("dash.other_court").to_string(), true));
            return Ok(());
        }
        self.open_hearing(id, None)
    }
}
