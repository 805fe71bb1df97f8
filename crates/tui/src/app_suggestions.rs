//! The judicial suggestion worklist's commands: opening it as of today; drafting one for an
//! appearance's art 12 situation (whom it goes to, then the judge); sending a draft (the judge);
//! recording the reply; printing one where the exports go.

use super::app::{App, Screen};
use super::overlay::{Overlay, PromptPurpose};
use super::screens::suggestions::SuggestionsScreen;
use crate::cmd::Cmd;
use crate::domain::suggestion::RecipientKind;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use chrono::NaiveDate;
use tingping_app::court::SuggestionRules;

/// What the court configured for its suggestions, from the app's config and notice wording.
fn rules<'a>(
    notice: &'a crate::report::docx::Template,
    config: &'a crate::config::Config,
) -> SuggestionRules<'a> {
    SuggestionRules {
        tpl: notice,
        court: &config.court_name,
        supervisory: &config.supervisory,
        reply_days: config.reply_days,
        shared_group: config.shared_group,
    }
}

impl App {
    /// Opens the worklist as of today (or reads it again when open), `select` selected.
    pub(super) fn open_suggestions(&mut self, select: Option<i64>) -> anyhow::Result<()> {
        let today = self.today();
        let rows = self.court.suggestions(today)?;
        match &mut self.screen {
            Screen::Suggestions(s) => s.set_rows(today, rows, select),
            _ => {
                let mut s = SuggestionsScreen::new(today, Vec::new());
                s.set_rows(today, rows, select);
                self.screen = Screen::Suggestions(s);
            }
        }
        Ok(())
    }

    /// Whom a suggestion for `appearance` goes to, offered as the records and the config allow:
    /// the agency's 上一级行政机关, the 监察机关. An appearance without an art 12 situation, or
    /// already in a suggestion, is said so (the latter opens it).
    pub(super) fn ask_suggestion_recipient(&mut self, appearance: i64) -> anyhow::Result<()> {
        if let Some(id) = self.court.suggestion_of_appearance(appearance)? {
            self.open_suggestions(Some(id))?;
            self.status = Some((tf("suggestion.already_in", &[("id", &id)]), true));
            return Ok(());
        }
        let a = self.court.appearance(appearance)?;
        if self.court.situations(appearance)?.is_empty() {
            let case = self.court.hearing(a.hearing_id)?.case_number;
            self.status = Some((
                tf(
                    "suggestion.err.no_situation",
                    &[("case", &case), ("agency", &a.agency_name)],
                ),
                true,
            ));
            return Ok(());
        }
        let r = rules(&self.notice, &self.config);
        let mut options = Vec::new();
        let mut refusals = Vec::new();
        for kind in [RecipientKind::Superior, RecipientKind::Supervisory] {
            match self.court.suggestion_recipient(a.agency_id, kind, None, &r) {
                Ok(name) => options.push((
                    format!(
                        "{}：{}",
                        kind.label().text(),
                        crate::domain::text::shown(&name)
                    ),
                    Cmd::DraftSuggestionTo(appearance, kind),
                )),
                Err(e) => refusals.push(crate::said(&e.into())),
            }
        }
        if options.is_empty() {
            self.status = Some((refusals.join("；"), true));
            return Ok(());
        }
        self.overlay = Some(Overlay::Choice {
            title: tf("suggestion.choose_recipient", &[("agency", &a.agency_name)]),
            options,
            selected: 0,
        });
        Ok(())
    }

    /// The draft made by the judge named; the worklist opens on it.
    pub(super) fn draft_suggestion(
        &mut self,
        appearance: i64,
        kind: RecipientKind,
        by: &str,
    ) -> anyhow::Result<()> {
        if by.trim().is_empty() {
            self.overlay = Some(Overlay::judge_prompt(
                PromptPurpose::SuggestionDrafter(appearance, kind),
                self.config.judges.clone(),
            ));
            self.status = Some((t("msg.judge_required").to_string(), true));
            return Ok(());
        }
        let today = self.today();
        let r = rules(&self.notice, &self.config);
        let id = self
            .court
            .draft_suggestion(&[appearance], kind, None, by, today, &r)?;
        let s = self.court.suggestion(id)?;
        self.open_suggestions(Some(id))?;
        if let Screen::Suggestions(screen) = &mut self.screen {
            screen.detail = true;
        }
        self.status = Some((
            tf(
                "suggestion.drafted_tui",
                &[("id", &id), ("recipient", &s.recipient)],
            ),
            false,
        ));
        Ok(())
    }

    /// A draft sent today by the judge named: numbered, its reply deadline set.
    pub(super) fn send_suggestion(&mut self, id: i64, by: &str) -> anyhow::Result<()> {
        if by.trim().is_empty() {
            self.overlay = Some(Overlay::judge_prompt(
                PromptPurpose::SuggestionSender(id),
                self.config.judges.clone(),
            ));
            self.status = Some((t("msg.judge_required").to_string(), true));
            return Ok(());
        }
        let today = self.today();
        let r = rules(&self.notice, &self.config);
        let number = self.court.send_suggestion(id, today, None, by, today, &r)?;
        let s = self.court.suggestion(id)?;
        self.open_suggestions(Some(id))?;
        self.status = Some((
            tf(
                "suggestion.sent",
                &[
                    ("id", &id),
                    ("number", &number),
                    ("recipient", &s.recipient),
                    (
                        "deadline",
                        &s.deadline.map(|d| d.to_string()).unwrap_or_default(),
                    ),
                ],
            ),
            false,
        ));
        Ok(())
    }

    /// The reply saved and the form closed; a refusal leaves the form open with the reason.
    pub(super) fn save_suggestion_reply(
        &mut self,
        id: i64,
        on: NaiveDate,
        summary: &str,
    ) -> anyhow::Result<()> {
        let today = self.today();
        self.court.record_suggestion_reply(id, on, summary, today)?;
        if let Screen::Suggestions(s) = &mut self.screen {
            s.replying = None;
        }
        self.open_suggestions(Some(id))?;
        self.status = Some((tf("suggestion.replied", &[("id", &id), ("on", &on)]), false));
        Ok(())
    }

    /// The suggestion written into `sifajianyi/` where the exports go; the status line names it.
    pub(super) fn print_suggestion(&mut self, id: i64) -> anyhow::Result<()> {
        let out = match self.court.app_value("export_dir")? {
            Some(d) => std::path::PathBuf::from(d),
            None => super::app_batch::default_export_dir(),
        };
        let dir = out.join("sifajianyi");
        let r = rules(&self.notice, &self.config);
        let written = self.court.print_suggestion(id, &dir, &r);
        self.status = Some(super::app_batch::document_written(
            written,
            "suggestion.written",
            &dir,
        ));
        Ok(())
    }
}
