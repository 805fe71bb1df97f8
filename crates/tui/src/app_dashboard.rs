//! The dashboard's commands: its figures read for a month, a drill-in, a hearing opened from it.

use super::app::{App, Screen};
use super::screens::dashboard::{DashboardScreen, Drill};
use crate::domain::period::Period;
use crate::i18n::t;
use crate::report::trend::{self, Whose};

/// How a thread of its own opens the app's database: the same file, sharing mode (a court host's
/// group access is kept, never narrowed), scope and operator (its log entries name who works).
pub struct CourtOpener {
    path: std::path::PathBuf,
    sharing: crate::records::Sharing,
    scope: crate::domain::scope::Scope,
    operator: String,
}

impl CourtOpener {
    pub fn open(&self) -> anyhow::Result<crate::Court> {
        let mut court = crate::Court::open_with(&self.path, self.sharing)?;
        court.set_scope(self.scope.clone());
        court.set_operator(&self.operator)?;
        Ok(court)
    }
}

impl App {
    pub(super) fn court_opener(&self) -> CourtOpener {
        CourtOpener {
            path: self.court.path().to_path_buf(),
            sharing: self.court.sharing(),
            scope: self.court.scope().clone(),
            operator: self.court.operator().to_string(),
        }
    }
}

/// The dashboard's fresh read on its thread: where its figures will come, and for which month.
pub struct DashboardJob {
    rx: std::sync::mpsc::Receiver<anyhow::Result<crate::domain::trend::Dashboard>>,
    period: Period,
}

impl App {
    /// The dashboard of `period`'s month (this month when None), keeping the lists' focus and
    /// selections when it was open already.
    pub(super) fn open_dashboard(&mut self, period: Option<Period>) -> anyhow::Result<()> {
        let today = self.today();
        let period = period.unwrap_or_else(|| Period::month_of(today));
        // what is kept, at once; what changed since is read after this frame (see `refresh_dashboard`)
        let data =
            self.court
                .dashboard(&self.config.court_name, &period, today, trend::Read::Kept)?;
        let old = std::mem::replace(&mut self.screen, Screen::List);
        self.screen = Screen::Dashboard(match old {
            Screen::Dashboard(s) => s.with_data(data),
            _ => DashboardScreen::new(data, today),
        });
        Ok(())
    }

    /// The dashboard's months whose records changed since they were kept, read again (the loop
    /// asks for it after drawing the frame that shows the kept figures): on a thread of its own,
    /// with a connection of its own, so every key is answered while it reads (at a million
    /// evaluations a first read takes many seconds). A newer request supersedes an older one.
    pub(super) fn refresh_dashboard(&mut self) -> anyhow::Result<()> {
        let Screen::Dashboard(s) = &mut self.screen else {
            return Ok(());
        };
        // tried once, whatever comes of it (an error is shown, not retried at every frame)
        s.data.stale = false;
        let period = s.period();
        let today = self.today();
        let open = self.court_opener();
        let court_name = self.config.court_name.clone();
        let asked = period.clone();
        let rx = crate::jobs::spawn("dashboard", period.id.clone(), move || {
            let mut court = open.open()?;
            Ok(court.dashboard(&court_name, &asked, today, trend::Read::Fresh)?)
        });
        self.dashboard_job = Some(DashboardJob { rx, period });
        if let Screen::Dashboard(s) = &mut self.screen {
            s.counting = true;
        }
        Ok(())
    }

    /// Whether the dashboard's fresh read is running.
    pub fn dashboard_reading(&self) -> bool {
        self.dashboard_job.is_some()
    }

    /// Takes the dashboard's fresh read if it is done (or, with `wait`, when it is): its figures
    /// replace the kept ones if the dashboard still shows the month it was asked for. True when a
    /// read ended (the screen is to be drawn again).
    pub fn take_dashboard(&mut self, wait: bool) -> bool {
        let Some(got) = self
            .dashboard_job
            .as_ref()
            .and_then(|job| crate::jobs::take(&job.rx, wait))
        else {
            return false;
        };
        let Some(job) = self.dashboard_job.take() else {
            return false;
        };
        if let Screen::Dashboard(s) = &mut self.screen {
            s.counting = false;
        }
        match got {
            Some(Ok(data)) => {
                if let Screen::Dashboard(s) = &mut self.screen
                    && s.period() == job.period
                {
                    s.set_data(data);
                }
            }
            Some(Err(e)) => self.status = Some((crate::said(&e), true)),
            None => {}
        }
        true
    }

    /// The appearances behind the selected government's, agency's or court's figures.
    pub(super) fn drill(&mut self, whose: Whose) -> anyhow::Result<()> {
        let Screen::Dashboard(s) = &mut self.screen else {
            return Ok(());
        };
        let rows = self
            .court
            .drill(&self.config.court_name, &s.period(), &whose)?;
        s.drill = Some(Drill::new(whose, rows));
        Ok(())
    }

    /// A hearing of this court listed by a drill-in (a court below's is only in its batch).
    pub(super) fn dashboard_hearing(&mut self, court: &str, id: i64) -> anyhow::Result<()> {
        if court != self.config.court_name {
            self.status = Some((t("dash.other_court").to_string(), true));
            return Ok(());
        }
        // leaving the hearing returns to the dashboard as it was, its drill-in open
        let from = std::mem::replace(&mut self.screen, Screen::List);
        match self.open_hearing(id, None) {
            Ok(()) => {
                self.back.push(super::app::Back::Screen(Box::new(from)));
                Ok(())
            }
            Err(e) => {
                self.screen = from;
                Err(e)
            }
        }
    }
}
