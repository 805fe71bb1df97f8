//! A form that is not saved yet (a new hearing, a hearing being edited, an appearance) is kept in
//! the database as it is typed, so a kill or a power cut loses nothing: the app reopens on the
//! same form with the same text. Saving or leaving the form removes the draft.

use super::app::{App, Cmd, Screen};
use crate::domain::session::{DraftForm, FormDraft};
use crate::i18n::t;

impl App {
    /// What the open form holds, as the draft to keep; None when no form is open.
    fn form_draft(&self) -> Option<FormDraft> {
        let (form, id, f) = match &self.screen {
            Screen::HearingForm(s) => (DraftForm::Hearing, s.id, &s.form),
            Screen::Appearance(s) => (DraftForm::Appearance, Some(s.appearance.id), &s.form),
            _ => return None,
        };
        Some(FormDraft {
            form,
            id,
            fields: f.draft_fields(),
            focus: f.focus(),
        })
    }

    /// Writes the open form's content when it changed, or drops the draft when no form is open.
    pub(super) fn sync_form_draft(&mut self) {
        let draft = self.form_draft();
        if draft == self.last_draft {
            return;
        }
        match self.store.set_form_draft(draft.as_ref()) {
            Ok(()) => self.last_draft = draft,
            Err(e) => self.status = Some((e.to_string(), true)),
        }
    }

    /// Reopens the form a crash left, with its content. True when one was restored.
    pub(super) fn restore_form_draft(&mut self) -> anyhow::Result<bool> {
        let Some(draft) = self.store.form_draft()? else {
            return Ok(false);
        };
        let cmd = match (draft.form, draft.id) {
            (DraftForm::Hearing, None) => Cmd::NewHearing,
            (DraftForm::Hearing, Some(id)) => Cmd::EditHearing(id),
            (DraftForm::Appearance, Some(id)) => Cmd::EditAppearance(id),
            (DraftForm::Appearance, None) => return Ok(false),
        };
        self.run(cmd);
        let form = match &mut self.screen {
            Screen::HearingForm(s) => &mut s.form,
            Screen::Appearance(s) => &mut s.form,
            // the record it belonged to is gone
            _ => return Ok(false),
        };
        form.restore(&draft.fields, draft.focus);
        self.last_draft = Some(draft);
        self.status = Some((t("msg.form_restored").to_string(), false));
        Ok(true)
    }
}
