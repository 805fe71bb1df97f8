//! The work that reads or writes files, or reads many records: the month-end export, a batch
//! imported from a lower court, a hearing schedule applied, demo data, the dashboard's months and
//! what a figure is made of (drill-down).

use super::*;
use crate::import::schedule::Report as ScheduleReport;
use crate::report::import::{Imported, Refusal};
use crate::report::trend::{Read, Whose};
use crate::report::{ExportError, Exported, Issuer, Options};
use tingping_core::domain::indicators::Record;
use tingping_core::domain::schedule::Schedule;
use tingping_core::domain::trend::Dashboard;
use tingping_export::docx;

impl Court {
    /// A period's batch (or report) claimed and written: one transaction claims it, states it
    /// and logs it; the files are then written and moved into place.
    pub fn export(
        &mut self,
        court: &Issuer,
        rubric: &Rubric,
        tpl: &docx::Template,
        period: &Period,
        opts: Options,
    ) -> std::result::Result<Exported, ExportError> {
        // (a draft is not sent: it is not signed)
        let signer = if opts.draft {
            None
        } else {
            Some(
                self.signer(court)
                    .map_err(|m| ExportError::Refused(crate::i18n::Render::text(&m)))?,
            )
        };
        crate::report::export(
            &mut self.store,
            court,
            rubric,
            tpl,
            period,
            opts,
            signer.as_ref(),
        )
    }

    /// The court's signing key, beside its database: made (and logged) the first time.
    pub fn signer(
        &mut self,
        court: &Issuer,
    ) -> std::result::Result<crate::sign::Signer, tingping_core::msg::Msg> {
        let (signer, made) =
            crate::sign::Signer::load_or_create(self.store.path(), court.name, court.code)?;
        if made {
            self.store
                .note_own_key(court.code, &signer.public.fingerprint)
                .map_err(|e| tingping_core::msg::Told::told(&e))?;
        }
        Ok(signer)
    }

    /// What a period's figures are read from: its batch, its candidates, or (a report) the period.
    pub fn source_for(&self, period: &Period) -> Result<Source> {
        crate::report::source_for(&self.store, period)
    }

    /// A period's report with its 环比 and 同比, read at once (see `report::with_comparison`).
    pub fn report_with_comparison(
        &self,
        court: &str,
        period: &Period,
        today: NaiveDate,
        compare: bool,
    ) -> Result<(crate::domain::indicators::Report, Option<docx::Comparison>)> {
        crate::report::with_comparison(&self.store, court, period, today, compare)
    }

    /// A report's 环比 and 同比: the periods before it, as the batches stated them.
    pub fn comparison(
        &self,
        court: &str,
        period: &Period,
        today: NaiveDate,
    ) -> Result<Option<docx::Comparison>> {
        crate::report::comparison(&self.store, court, period, today)
    }

    /// A lower court's batch imported (or refused, with nothing changed).
    pub fn import_batch(
        &mut self,
        path: &Path,
        how: crate::report::import::How,
    ) -> std::result::Result<Imported, Refusal> {
        crate::report::import::import(&mut self.store, path, how)
    }

    /// A hearing schedule applied, or (`dry_run`) what applying it would do.
    pub fn apply_schedule(
        &mut self,
        schedule: &Schedule,
        court: &str,
        dry_run: bool,
        skip_invalid: bool,
    ) -> anyhow::Result<ScheduleReport> {
        crate::import::schedule::apply(&mut self.store, schedule, court, dry_run, skip_invalid)
    }

    /// Demo data, into an empty database only.
    pub fn generate_demo(&mut self, rubric: &Rubric, opts: &crate::demo::Options) -> Result<usize> {
        crate::demo::generate(&mut self.store, rubric, opts)
    }

    /// The dashboard of a period's month and the 12 before it: as kept, or read again.
    pub fn dashboard(
        &mut self,
        court: &str,
        period: &Period,
        today: NaiveDate,
        read: Read,
    ) -> Result<Dashboard> {
        crate::report::trend::dashboard(&mut self.store, court, period, today, read)
    }

    /// The records a dashboard figure is made of.
    pub fn drill(&self, court: &str, month: &Period, whose: &Whose) -> Result<Vec<Record>> {
        crate::report::trend::drill(&self.store, court, month, whose)
    }
}
