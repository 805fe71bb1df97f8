//! What a one-line prompt's text does when it is submitted: comments, evidence notes, live notes,
//! finalizing, the judgment performance recorder (from scoring or the follow-up worklist), the
//! export folder; in amendment mode the comment and the appearance's text
//! fields; the reason for a deletion.

use super::app::{App, Screen};
use super::overlay::{Overlay, PromptPurpose};
use crate::cmd::Cmd;
use crate::i18n::{t, tf};

impl App {
    pub(super) fn submit(&mut self, purpose: PromptPurpose, text: String) -> anyhow::Result<()> {
        match &purpose {
            PromptPurpose::ExportFolder => {
                if !text.is_empty() {
                    self.pending_export = Some((std::path::PathBuf::from(text), false));
                    self.status = Some((t("batch.exporting").to_string(), false));
                }
                return Ok(());
            }
            PromptPurpose::DeleteHearing(..) | PromptPurpose::RemoveDefendant(..) => {
                return self.deletion_reason(purpose, text);
            }
            PromptPurpose::ScheduleFile => return self.preview_schedule(&text),
            PromptPurpose::SuggestionDrafter(appearance, kind) => {
                return self.draft_suggestion(*appearance, *kind, &text);
            }
            PromptPurpose::SuggestionSender(id) => return self.send_suggestion(*id, &text),
            PromptPurpose::ReviewFinalizer(id) => return self.finalize_review(*id, &text),
            PromptPurpose::MergeReason { from, into } => {
                return self.confirm_merge(from.clone(), into.clone(), text);
            }
            PromptPurpose::RenameReason { id, from, to } => {
                return self.rename_agency(*id, from.clone(), to.clone(), text);
            }
            _ => {}
        }
        if let PromptPurpose::LiveNote(moment) = &purpose {
            if text.is_empty() {
                return Ok(());
            }
            let Screen::Live(s) = &mut self.screen else {
                return Ok(());
            };
            let event = self.court.record_note(s.slot().eval.id, &text, moment)?;
            s.recorded(event, None);
            return Ok(());
        }
        let today = self.today();
        // from the scoring screen or the follow-up worklist: the evaluation is in the purpose
        if let PromptPurpose::PerformanceDeadline { .. } = &purpose {
            return self.outcome_deadline(purpose, &text);
        }
        if let PromptPurpose::Performance { eval, option, .. } = &purpose {
            if text.trim().is_empty() {
                self.overlay = Some(Overlay::prompt(purpose.clone(), ""));
                self.status = Some((t("perf.err.by").to_string(), true));
                return Ok(());
            }
            let score = self.court.record_performance(*eval, option, &text, today)?;
            let rubric = self.court.rubric_of_evaluation(*eval)?;
            let message = crate::report::columns::performance_recorded(&rubric, option, &score);
            self.reload_scoring()?;
            self.reload_followups()?;
            self.status = Some((message, false));
            return Ok(());
        }
        let Screen::Scoring(s) = &mut self.screen else {
            return Ok(());
        };
        let eval = s.eval.id;
        match purpose {
            // amendment mode keeps what is typed until the amendment is saved
            PromptPurpose::Comment if s.amend.is_some() => s.amend_comment(&text),
            PromptPurpose::AmendText(field) => s.amend_text(field, &text),
            PromptPurpose::Comment => {
                self.court.set_comment(eval, &text)?;
                s.eval.comment = text;
                self.status = Some((t("msg.comment_saved").to_string(), false));
            }
            PromptPurpose::Note(item) => {
                self.court.set_mark_note(eval, &item, &text)?;
                s.eval.notes.insert(item, text);
                self.status = Some((t("msg.note_saved").to_string(), false));
            }
            PromptPurpose::LiveNote(_)
            | PromptPurpose::ExportFolder
            | PromptPurpose::Performance { .. }
            | PromptPurpose::PerformanceDeadline { .. }
            | PromptPurpose::DeleteHearing(..)
            | PromptPurpose::RemoveDefendant(..)
            | PromptPurpose::ScheduleFile
            | PromptPurpose::SuggestionDrafter(..)
            | PromptPurpose::SuggestionSender(_)
            | PromptPurpose::ReviewFinalizer(_)
            | PromptPurpose::MergeReason { .. }
            | PromptPurpose::RenameReason { .. } => {}
            PromptPurpose::Finalize => {
                if text.trim().is_empty() {
                    self.overlay = Some(Overlay::judge_prompt(
                        PromptPurpose::Finalize,
                        self.config.judges.clone(),
                    ));
                    self.status = Some((t("msg.judge_required").to_string(), true));
                    return Ok(());
                }
                // with no list of judges configured, a name that is not the hearing's presiding
                // judge is asked about first, saying whom it expected
                let presiding = s.hearing.judge.trim().to_string();
                if self.config.judges.is_empty()
                    && !presiding.is_empty()
                    && text.trim() != presiding
                {
                    return self.try_run(Cmd::Confirm(
                        tf(
                            "finalize.not_presiding",
                            &[("name", &text.trim()), ("judge", &presiding)],
                        ),
                        Box::new(Cmd::FinalizeAs(eval, text.trim().to_string())),
                    ));
                }
                self.finalize_as(eval, text.trim())?;
            }
        }
        Ok(())
    }

    /// The review's evaluation finalized by `judge`: locked, and said so.
    pub(super) fn finalize_as(&mut self, eval: i64, judge: &str) -> anyhow::Result<()> {
        self.court.finalize(eval, judge)?;
        self.court.set_resume_point(None)?;
        if let Screen::Scoring(s) = &mut self.screen
            && s.eval.id == eval
        {
            s.eval = self.court.evaluation(eval)?;
        }
        self.status = Some((tf("msg.finalized", &[("judge", &judge)]), false));
        Ok(())
    }
}
