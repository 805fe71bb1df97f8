//! The batch screen's commands: opening a period and running an export with progress.

use super::app::{App, Screen};
use crate::i18n::prelude::*;
use crate::i18n::tf;

/// Where exports go by default: the documents folder, else the data folder.
pub fn default_export_dir() -> std::path::PathBuf {
    directories::UserDirs::new()
        .and_then(|u| u.document_dir().map(|d| d.join("tingping")))
        .or_else(|| {
            directories::ProjectDirs::from("cn", "tingping", "tingping")
                .map(|d| d.data_dir().join("exports"))
        })
        .unwrap_or_else(|| std::path::PathBuf::from("tingping-exports"))
}

impl App {
    /// The batch screen on `period`, at once: its batches and where exports go; what the period
    /// would claim and its indicators follow from a thread of their own (at a million
    /// evaluations they take seconds), and a newer period's request supersedes an older one.
    pub(super) fn open_batch(
        &mut self,
        period: crate::domain::period::Period,
    ) -> anyhow::Result<()> {
        let open = self.court_opener();
        let court = self.config.court_name.clone();
        let asked = period.clone();
        let rx = crate::jobs::spawn("batch figures", period.id.clone(), move || {
            Ok(open.open()?.batch_figures(&court, &asked)?)
        });
        self.batch_job = Some(BatchJob {
            rx,
            period: period.clone(),
        });
        let (preview, report) = Default::default();
        let batches = self.court.batches()?;
        let out = match self.court.app_value("export_dir")? {
            Some(d) => d,
            None => default_export_dir().display().to_string(),
        };
        let selected = batches.len().saturating_sub(1);
        let unexported_before = match period.kind {
            crate::domain::period::PeriodKind::Month => self
                .court
                .next_batch_month(self.today())?
                .filter(|m| m.from < period.from),
            _ => None,
        };
        // each batch's files described from its manifest, if the folder is still where the
        // exports go (and the manifest the one recorded)
        let files = batches
            .iter()
            .map(|b| {
                let folder = std::path::Path::new(&out).join(&b.folder);
                let recipients = crate::report::listing::recipients(&folder, &b.files);
                crate::report::listing::describe(&b.id, &b.files, &recipients)
            })
            .collect();
        // (the month shown last, kept while the batch screen moves between periods)
        let last_month = match (&period.kind, &self.screen) {
            (crate::domain::period::PeriodKind::Month, _) => Some(period.clone()),
            (_, Screen::Batch(b)) => b.last_month.clone(),
            _ => None,
        };
        self.screen = Screen::Batch(super::screens::batch::BatchScreen {
            last_month,
            period,
            preview,
            report,
            indicators: Vec::new(),
            counting: true,
            scroll: 0,
            batches,
            files,
            selected,
            out,
            today: self.today(),
            size: self.size,
            topic: None,
            unexported_before,
        });
        Ok(())
    }

    /// Starts the export asked for on a thread of its own, with a connection of its own: the
    /// loop draws its progress and answers every key meanwhile (the claim is one transaction of
    /// that connection; the screens go on reading theirs).
    /// A draft (`draft`) is written the same way, claiming and numbering nothing.
    pub fn start_export(&mut self, dir: std::path::PathBuf, draft: bool) {
        if self.export_job.is_some() {
            self.status = Some((crate::i18n::t("batch.export_running").to_string(), true));
            return;
        }
        let Screen::Batch(b) = &self.screen else {
            return;
        };
        let period = b.period.clone();
        let open = self.court_opener();
        let config = self.config.clone();
        let rubric = (*self.rubric).clone();
        let notice = self.notice.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let asked = period.clone();
        let out = dir.clone();
        std::thread::spawn(move || {
            let mut total = 1u64;
            let mut files = 1usize;
            let mut done_files = 0usize;
            let progress = tx.clone();
            let mut cb = |p: crate::report::Progress| {
                let step = match p {
                    crate::report::Progress::Start { records, files: f } => {
                        total = records.max(1);
                        files = f.max(1);
                        return;
                    }
                    crate::report::Progress::File(name) => {
                        done_files += 1;
                        // (each extract adds a file to the estimate's count)
                        files = files.max(done_files + 1);
                        ((done_files - 1) as f64 / files as f64, name.to_string())
                    }
                    crate::report::Progress::Records(n) => (
                        ((done_files.max(1) - 1) as f64 + (n as f64 / total as f64).min(1.0))
                            / files as f64,
                        String::new(),
                    ),
                    crate::report::Progress::Done => (1.0, String::new()),
                };
                let _ = progress.send(ExportMsg::Progress(step.0, step.1));
            };
            let started = std::time::Instant::now();
            let mut run = || -> anyhow::Result<(String, std::path::PathBuf)> {
                let mut court = open.open()?;
                let ex = court.export(
                    &crate::report::Issuer::of(&config),
                    &rubric,
                    &notice,
                    &asked,
                    crate::report::Options {
                        out: out.clone(),
                        formats: crate::report::Format::ALL.to_vec(),
                        progress: &mut cb,
                        fail_after: None,
                        today: None,
                        shared_group: config.shared_group,
                        draft,
                        before_claim: None,
                    },
                )?;
                if !draft {
                    let _ = court.set_app_value("export_dir", &out.display().to_string());
                }
                tracing::info!(
                    batch = ex.meta.id,
                    appearances = ex.meta.appearances,
                    ms = started.elapsed().as_millis() as u64,
                    "export"
                );
                Ok((ex.meta.id, ex.folder))
            };
            let result = run().map_err(|e| crate::said(&e));
            if result.is_err() {
                tracing::warn!(ms = started.elapsed().as_millis() as u64, "export failed");
            }
            let _ = tx.send(ExportMsg::Done(result));
        });
        self.export_job = Some(ExportJob {
            rx,
            draft,
            period,
            progress: (0.0, String::new()),
        });
    }

    /// Whether an export is running.
    pub fn exporting(&self) -> Option<(f64, &str)> {
        self.export_job
            .as_ref()
            .map(|j| (j.progress.0, j.progress.1.as_str()))
    }

    /// Takes what the running export said since (or, with `wait`, waits for its end): its
    /// progress, then its outcome in the status line (the batch screen, if shown, is read again).
    /// True when something changed on screen.
    pub fn take_export(&mut self, wait: bool) -> bool {
        let mut changed = false;
        loop {
            let Some(job) = &mut self.export_job else {
                return changed;
            };
            let msg = if wait {
                job.rx.recv().ok()
            } else {
                match job.rx.try_recv() {
                    Ok(m) => Some(m),
                    Err(std::sync::mpsc::TryRecvError::Empty) => return changed,
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => None,
                }
            };
            changed = true;
            match msg {
                Some(ExportMsg::Progress(r, f)) => {
                    job.progress.0 = r;
                    if !f.is_empty() {
                        job.progress.1 = f;
                    }
                    // waiting: one step at a time, so the caller draws each
                    if wait {
                        return true;
                    }
                }
                Some(ExportMsg::Done(result)) => {
                    let job = self.export_job.take();
                    let draft = job.as_ref().is_some_and(|j| j.draft);
                    let period = job.map(|j| j.period);
                    match result {
                        Ok((id, folder)) => {
                            if let (Screen::Batch(_), Some(p), false) =
                                (&self.screen, period, draft)
                            {
                                let _ = self.open_batch(p);
                            }
                            let key = if draft {
                                "batch.drafted"
                            } else {
                                "batch.exported"
                            };
                            self.status = Some((
                                tf(key, &[("id", &id), ("folder", &folder.display())]),
                                false,
                            ));
                        }
                        Err(e) => self.status = Some((e, true)),
                    }
                    return true;
                }
                None => {
                    self.export_job = None;
                    return true;
                }
            }
        }
    }
}

/// The batch screen's figures being read on their thread, and for which period.
pub struct BatchJob {
    rx: std::sync::mpsc::Receiver<
        anyhow::Result<(crate::records::Preview, crate::domain::indicators::Report)>,
    >,
    period: crate::domain::period::Period,
}

impl App {
    /// Whether the batch screen's figures are still being read.
    pub fn batch_counting(&self) -> bool {
        self.batch_job.is_some()
    }

    /// Takes the batch screen's figures if they are read (or, with `wait`, when they are): they
    /// fill the screen if it still shows the period they were read for. True when a read ended.
    pub fn take_batch(&mut self, wait: bool) -> bool {
        let Some(result) = self
            .batch_job
            .as_ref()
            .and_then(|job| crate::jobs::take(&job.rx, wait))
        else {
            return false;
        };
        let Some(job) = self.batch_job.take() else {
            return false;
        };
        match result {
            Some(Ok((preview, report))) => {
                if let Screen::Batch(b) = &mut self.screen
                    && b.period == job.period
                {
                    b.indicators = report.total.values(&self.rubric);
                    b.preview = preview;
                    b.report = report;
                    b.counting = false;
                }
            }
            Some(Err(e)) => self.status = Some((crate::said(&e), true)),
            None => {}
        }
        true
    }
}

/// An export on its thread: what it says, and what it was asked for.
pub struct ExportJob {
    rx: std::sync::mpsc::Receiver<ExportMsg>,
    /// a draft: nothing claimed, said as a draft when done
    draft: bool,
    period: crate::domain::period::Period,
    /// how far it is (fraction, the file being written)
    progress: (f64, String),
}

pub enum ExportMsg {
    Progress(f64, String),
    Done(Result<(String, std::path::PathBuf), String>),
}

impl App {
    /// The evaluation sheet (评议表) of an appearance, written into `pingyibiao` under the folder
    /// the exports go to; the status line says where (or why not).
    pub(super) fn print_sheet(&mut self, appearance: i64) -> anyhow::Result<()> {
        let out = match self.court.app_value("export_dir")? {
            Some(d) => std::path::PathBuf::from(d),
            None => default_export_dir(),
        };
        let dir = out.join("pingyibiao");
        let sheets = self.court.sheets(&self.config.court_name, &[appearance])?;
        let stem = format!("pingyibiao-{appearance}");
        let shared = self.config.shared_group;
        self.status = Some(document_written(
            crate::report::sheet::write(&dir, &stem, &sheets, shared),
            "evalsheet.written",
            &dir,
        ));
        Ok(())
    }
}

/// The status line after a document (an evaluation sheet, a judicial suggestion) was written into
/// `dir`, or why not: the file's name first (a long folder is what a narrow status line cuts).
pub(super) fn document_written(
    written: Result<std::path::PathBuf, crate::report::ExportError>,
    key: &str,
    dir: &std::path::Path,
) -> (String, bool) {
    match written {
        Ok(path) => (
            tf(
                key,
                &[
                    (
                        "file",
                        &path.file_name().unwrap_or_default().to_string_lossy(),
                    ),
                    (
                        "dir",
                        &crate::domain::text::shown(&dir.display().to_string()),
                    ),
                ],
            ),
            false,
        ),
        Err(e) => (
            crate::domain::text::shown(&e.to_string()).into_owned(),
            true,
        ),
    }
}
