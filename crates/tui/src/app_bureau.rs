//! A justice bureau's terminal: the video spot checks of a month, a review saved from its form,
//! finalized with the reviewer's name.

use super::app::{App, Screen};
use super::overlay::{Overlay, PromptPurpose};
use super::screens::spotcheck::SpotcheckScreen;
use crate::domain::period::Period;
use crate::i18n::{t, tf};
use std::collections::BTreeMap;

impl App {
    /// Opens (or reads again) the spot checks of `period`; none given: last month.
    pub(super) fn open_spotcheck(&mut self, period: Option<Period>) -> anyhow::Result<()> {
        let period = match period {
            Some(p) => p,
            None => self
                .court
                .latest_sample_period()?
                .unwrap_or_else(|| Period::month_of(self.today()).previous()),
        };
        let rows = self.court.sampled(&period)?;
        match &mut self.screen {
            Screen::Spotcheck(s) => s.set_rows(period, rows),
            _ => {
                self.screen = Screen::Spotcheck(SpotcheckScreen::new(
                    period,
                    rows,
                    self.bureau_rubric.clone(),
                ))
            }
        }
        Ok(())
    }

    fn reload_spotcheck(&mut self) -> anyhow::Result<()> {
        let period = match &self.screen {
            Screen::Spotcheck(s) => s.period.clone(),
            _ => return Ok(()),
        };
        self.open_spotcheck(Some(period))
    }

    /// A review saved from its form, which closes; a refusal leaves it open with the reason.
    pub(super) fn save_review(
        &mut self,
        court_code: &str,
        uid: &str,
        scores: &BTreeMap<String, i64>,
        note: &str,
        reviewer: &str,
        reason: Option<&str>,
    ) -> anyhow::Result<()> {
        self.court.save_review(
            &self.bureau_rubric,
            court_code,
            uid,
            scores,
            note,
            reviewer,
            reason,
        )?;
        if let Screen::Spotcheck(s) = &mut self.screen {
            s.editing = None;
        }
        self.reload_spotcheck()?;
        let total: i64 = scores.values().sum();
        self.status = Some((tf("bureau.tui.saved", &[("total", &total)]), false));
        Ok(())
    }

    /// A review finalized by the reviewer named (every dimension scored).
    pub(super) fn finalize_review(&mut self, id: i64, reviewer: &str) -> anyhow::Result<()> {
        if reviewer.trim().is_empty() {
            self.overlay = Some(Overlay::judge_prompt(
                PromptPurpose::ReviewFinalizer(id),
                Vec::new(),
            ));
            self.status = Some((t("bureau.err.reviewer").to_string(), true));
            return Ok(());
        }
        self.court
            .finalize_review(&self.bureau_rubric, id, reviewer.trim())?;
        self.reload_spotcheck()?;
        let total = self.court.review(id)?.total();
        self.status = Some((tf("bureau.tui.finalized", &[("total", &total)]), false));
        Ok(())
    }
}
