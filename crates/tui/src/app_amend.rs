//! Accountability from the keyboard: amendments saved (every change with one reason and a judge's
//! name), a case's history, and records deleted when they were entered by mistake.

use super::app::{App, Cmd, Screen};
use super::overlay::amend::{AmendSave, Pending, sets};
use super::overlay::history::HistoryView;
use super::overlay::{Overlay, PromptPurpose};
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};

impl App {
    /// An appearance of the hearing that is settled (finalized or reported): a hearing's fields
    /// are amended through it. None while everything is still a draft.
    pub(super) fn settled_appearance(&self, hearing: i64) -> anyhow::Result<Option<i64>> {
        for a in self.court.appearances(hearing)? {
            if self.court.appearance_locked(a.id)? {
                return Ok(Some(a.id));
            }
        }
        Ok(None)
    }

    /// Saves an amendment; refused, the form comes back with what was typed and why.
    pub(super) fn amend(
        &mut self,
        appearance: i64,
        changes: Vec<Pending>,
        reason: String,
        by: String,
    ) -> anyhow::Result<()> {
        let done = match self.court.amend(appearance, &sets(&changes), &reason, &by) {
            Ok(done) => done,
            Err(e) => {
                self.overlay = Some(Overlay::AmendSave(AmendSave::refused(
                    appearance,
                    changes,
                    self.config.judges.clone(),
                    (&reason, &by),
                    e.text(),
                )));
                return Ok(());
            }
        };
        let mut message = tf("amend.saved", &[("n", &done.len()), ("by", &by.trim())]);
        if let Some(batch) = done.iter().map(|a| &a.reported_in).find(|b| !b.is_empty()) {
            message.push_str(&tf("amend.goes_out", &[("batch", batch)]));
        }
        match &self.screen {
            Screen::HearingForm(s) => {
                let hearing = s.id.unwrap_or_default();
                self.open_hearing(hearing, None)?;
            }
            Screen::Scoring(s) => {
                let keep = s
                    .selected
                    .saturating_sub(super::screens::scoring_amend::FIELDS.len());
                self.run(Cmd::Score(appearance));
                if let Screen::Scoring(s) = &mut self.screen {
                    s.select(keep);
                }
            }
            _ => {}
        }
        self.status = Some((message, false));
        Ok(())
    }

    /// Leaves amendment mode; nothing was written.
    pub(super) fn drop_amend(&mut self) {
        match &mut self.screen {
            Screen::Scoring(s) => s.stop_amend(),
            Screen::HearingForm(s) => {
                let id = s.id.unwrap_or_default();
                self.run(Cmd::OpenHearing(id));
            }
            _ => return,
        }
        self.status = Some((t("amend.dropped").to_string(), false));
    }

    pub(super) fn open_history(&mut self, case: String) -> anyhow::Result<()> {
        let entries = self.court.history(&case)?;
        let names = self.court.history_names(&case, &entries)?;
        let entries = entries
            .iter()
            .map(|e| crate::report::history::describe(e, &self.rubric, &names))
            .collect();
        self.overlay = Some(Overlay::History(HistoryView::new(case, entries)));
        Ok(())
    }

    /// Removing a defendant agency: a settled one can only be amended (offered); one with marks
    /// needs a reason, typed; else a yes/no question.
    pub(super) fn ask_remove_defendant(&mut self, aid: i64) -> anyhow::Result<()> {
        let a = self.court.appearance(aid)?;
        let agency = a.agency_name.clone();
        self.overlay = Some(if self.court.appearance_locked(aid)? {
            if !a.category.scorable() || self.court.evaluation_id_of(aid)?.is_none() {
                self.status = Some((t("delete.err.settled").to_string(), true));
                return Ok(());
            }
            Overlay::Confirm {
                message: tf("delete.settled_appearance", &[("agency", &agency)]),
                yes: Cmd::StartAmend(aid),
            }
        } else if self.court.appearance_has_marks(aid)? {
            Overlay::prompt(PromptPurpose::RemoveDefendant(aid, agency), "")
        } else {
            Overlay::Confirm {
                message: tf("confirm.remove_agency", &[("agency", &agency)]),
                yes: Cmd::RemoveDefendant(aid, String::new()),
            }
        });
        Ok(())
    }

    /// Deleting a hearing: a settled one can only be amended (offered); one with marks needs a
    /// reason, typed; else a yes/no question.
    /// A hearing as a question about it names it: its case number and date, and which sitting
    /// it is when the case has had more than one.
    fn hearing_named(&self, h: &crate::domain::model::Hearing) -> anyhow::Result<String> {
        let sittings = self.court.hearings_by_case(&h.case_number)?.len();
        Ok(if sittings > 1 {
            format!(
                "{}（{}，{}）",
                h.case_number,
                h.date,
                tf("hearing.sitting_n", &[("n", &h.sitting)])
            )
        } else {
            format!("{}（{}）", h.case_number, h.date)
        })
    }

    pub(super) fn ask_delete_hearing(&mut self, id: i64) -> anyhow::Result<()> {
        let h = self.court.hearing(id)?;
        let what = self.hearing_named(&h)?;
        self.overlay = Some(if self.court.hearing_locked(id)? {
            Overlay::Confirm {
                message: tf("delete.settled_hearing", &[("what", &what)]),
                yes: Cmd::EditHearing(id),
            }
        } else if self.court.hearing_has_marks(id)? {
            Overlay::prompt(PromptPurpose::DeleteHearing(id, what), "")
        } else {
            Overlay::Confirm {
                message: tf("confirm.delete_hearing", &[("what", &what)]),
                yes: Cmd::DeleteHearing(id, String::new()),
            }
        });
        Ok(())
    }

    pub(super) fn delete_hearing(&mut self, id: i64, reason: &str) -> anyhow::Result<()> {
        let h = self.court.hearing(id)?;
        let what = self.hearing_named(&h)?;
        self.court.delete_hearing(id, reason)?;
        self.run(Cmd::OpenList);
        self.status = Some((tf("delete.done", &[("what", &what)]), false));
        Ok(())
    }

    /// The reason typed for a deletion: empty asks again.
    pub(super) fn deletion_reason(
        &mut self,
        purpose: PromptPurpose,
        reason: String,
    ) -> anyhow::Result<()> {
        if reason.trim().is_empty() {
            self.overlay = Some(Overlay::prompt(purpose, ""));
            self.status = Some((t("delete.err.reason").to_string(), true));
            return Ok(());
        }
        match purpose {
            PromptPurpose::DeleteHearing(id, _) => self.delete_hearing(id, &reason),
            PromptPurpose::RemoveDefendant(aid, _) => {
                self.run(Cmd::RemoveDefendant(aid, reason));
                Ok(())
            }
            _ => Ok(()),
        }
    }
}
