//! A hearing schedule imported from the list (`i`): the file asked for, read and dry-run through
//! the path `tingping schedule import` takes (`crate::import::schedule`), the summary shown, and
//! the rows imported as read when the user says yes. And today's hearings in the list (`t`, and
//! where the app opens): the earliest of them not yet scored is selected, the day at the top.

use super::app::{App, Cmd, Screen};
use super::overlay::import::ImportPreview;
use super::overlay::{Overlay, PromptPurpose};
use crate::domain::schedule::Schedule;
use crate::domain::text::shown;
use crate::i18n::tf;
use std::path::PathBuf;

/// Where the folder of the last schedule imported is kept (the next prompt starts there).
const SCHEDULE_DIR: &str = "schedule_dir";

/// The path typed: quotes a file manager adds taken off, `~/` the home folder.
fn typed_path(text: &str) -> PathBuf {
    let text = text.trim();
    let text = ['\'', '"']
        .iter()
        .find_map(|q| text.strip_prefix(*q).and_then(|t| t.strip_suffix(*q)))
        .unwrap_or(text);
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(text),
    }
}

impl App {
    /// Asks for the schedule's file, starting in the folder of the last one imported.
    pub(super) fn ask_schedule_file(&mut self) -> anyhow::Result<()> {
        let start = self
            .court
            .app_value(SCHEDULE_DIR)?
            .map(|d| format!("{}/", d.trim_end_matches('/')))
            .unwrap_or_default();
        self.overlay = Some(Overlay::prompt(PromptPurpose::ScheduleFile, &start));
        Ok(())
    }

    /// Reads the file and dry-runs it: the summary, asking whether to import. A file refused
    /// whole (not a schedule, too big, a symlink…) is said in the status line.
    pub(super) fn preview_schedule(&mut self, text: &str) -> anyhow::Result<()> {
        if text.trim().is_empty() {
            return Ok(());
        }
        let path = typed_path(text);
        let schedule = match crate::import::schedule::read(&path, None, self.court.scope()) {
            Ok(s) => s,
            Err(why) => {
                self.status = Some((why, true));
                return Ok(());
            }
        };
        let report = self
            .court
            .apply_schedule(&schedule, &self.config.court_name, true, false)?;
        let file = shown(&path.display().to_string()).into_owned();
        let mut preview = ImportPreview::new(file, schedule, report);
        preview.folder = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map(|d| d.display().to_string());
        self.overlay = Some(Overlay::Import(preview));
        Ok(())
    }

    /// Imports the rows as the dry run read them, then shows the list on today's hearings; the
    /// file's folder is where the next import starts.
    pub(super) fn import_schedule(
        &mut self,
        schedule: &Schedule,
        skip_invalid: bool,
        folder: Option<&str>,
    ) -> anyhow::Result<()> {
        let report =
            self.court
                .apply_schedule(schedule, &self.config.court_name, false, skip_invalid)?;
        if !report.applied {
            anyhow::bail!(tf("import.err.wrong", &[("n", &report.wrong)]));
        }
        if let Some(dir) = folder {
            self.court.set_app_value(SCHEDULE_DIR, dir)?;
        }
        self.run(Cmd::OpenList);
        self.today_in_list(true)?;
        self.status = Some((tf("import.done", &[("summary", &report.summary())]), false));
        Ok(())
    }

    /// Selects today's hearings in the list: the day at the top of the view, the earliest hearing
    /// not yet scored selected. Says how many there are, or that there are none (unless `quiet`).
    pub(super) fn today_in_list(&mut self, quiet: bool) -> anyhow::Result<()> {
        if !matches!(self.screen, Screen::List) {
            return Ok(());
        }
        let date = self.today().format("%Y-%m-%d").to_string();
        let n = self.court.list_rows_on_day(&date)?;
        if n == 0 {
            if !quiet {
                self.status = Some((tf("today.none", &[("date", &date)]), false));
            }
            return Ok(());
        }
        // read by key from the day's first row: the rows above it come with the view
        let asked = self.list.day_rows();
        let rows = self
            .court
            .list_at(&crate::records::ListCursor::day_start(&date), asked)?;
        self.list.show_day(&date, rows, asked);
        self.sync_list()?;
        if !quiet {
            self.status = Some((tf("today.found", &[("date", &date), ("n", &n)]), false));
        }
        Ok(())
    }

    /// Where the app opens: the list on today's hearings, when there are any (not after a crash
    /// that left live mode, a review or a form open).
    pub fn open_on_today(&mut self) {
        if self.overlay.is_none()
            && let Err(e) = self.today_in_list(true)
        {
            self.status = Some((crate::said(&e), true));
        }
    }
}
