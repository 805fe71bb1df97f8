//! The batch screen's commands: opening a period and running an export with progress.

use super::app::{App, Screen};
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
    pub(super) fn open_batch(
        &mut self,
        period: crate::domain::period::Period,
    ) -> anyhow::Result<()> {
        let preview = self.store.preview(&period)?;
        let source = crate::report::source_for(&self.store, &period)?;
        let report = crate::report::indicators(
            &self.store.reader(source, &self.config.court_name, true),
            |_| {},
        )?;
        let batches = self.store.batches()?;
        let out = match self.store.app_value("export_dir")? {
            Some(d) => d,
            None => default_export_dir().display().to_string(),
        };
        let selected = batches.len().saturating_sub(1);
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
        let indicators = report.total.values(&self.rubric);
        self.screen = Screen::Batch(super::screens::batch::BatchScreen {
            period,
            preview,
            report,
            indicators,
            scroll: 0,
            batches,
            files,
            selected,
            out,
            today: self.today(),
            size: self.size,
        });
        Ok(())
    }

    /// Runs the export asked for, reporting progress as (fraction done, file being written).
    pub fn export_now(&mut self, dir: std::path::PathBuf, progress: &mut dyn FnMut(f64, &str)) {
        let Screen::Batch(b) = &self.screen else {
            return;
        };
        let period = b.period.clone();
        let mut total = 1u64;
        let mut files = 1usize;
        let mut done_files = 0usize;
        let mut cb = |p: crate::report::Progress| match p {
            crate::report::Progress::Start { records, files: f } => {
                total = records.max(1);
                files = f.max(1);
            }
            crate::report::Progress::File(name) => {
                done_files += 1;
                progress((done_files - 1) as f64 / files as f64, name);
            }
            crate::report::Progress::Records(n) => progress(
                ((done_files.max(1) - 1) as f64 + (n as f64 / total as f64).min(1.0))
                    / files as f64,
                "",
            ),
            crate::report::Progress::Done => progress(1.0, ""),
        };
        let result = crate::report::export(
            &mut self.store,
            &crate::report::Issuer::of(&self.config),
            &self.rubric,
            &self.notice,
            &period,
            crate::report::Options {
                out: dir.clone(),
                formats: crate::report::Format::ALL.to_vec(),
                progress: &mut cb,
                fail_after: None,
                today: None,
                shared_group: self.config.shared_group,
                before_claim: None,
            },
        );
        match result {
            Ok(ex) => {
                let _ = self
                    .store
                    .set_app_value("export_dir", &dir.display().to_string());
                let _ = self.open_batch(period);
                self.status = Some((
                    tf(
                        "batch.exported",
                        &[("id", &ex.meta.id), ("folder", &ex.folder.display())],
                    ),
                    false,
                ));
            }
            Err(e) => self.status = Some((e.to_string(), true)),
        }
    }
}
