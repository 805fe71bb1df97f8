//! A form that is not saved yet (a new hearing, a hearing being edited, an appearance) is kept in
//! the database as it is typed, and so is live mode's evidence note, so a kill or a power cut loses
//! nothing: the app reopens on the same form (or live mode's note prompt, at the moment its key
//! was pressed) with the same text. Saving or leaving the form or the prompt removes the draft.

use super::app::{App, Cmd, Screen};
use super::overlay::{Overlay, PromptPurpose};
use crate::domain::session::{DraftForm, DraftMoment, DraftValue, FormDraft};
use crate::i18n::prelude::*;
use crate::i18n::t;

impl App {
    /// What the open form holds, as the draft to keep; None when no form is open.
    fn form_draft(&self) -> Option<FormDraft> {
        // live mode's note prompt, over the live screen
        if let (
            Some(Overlay::Prompt {
                purpose: PromptPurpose::LiveNote(m),
                field,
                ..
            }),
            Screen::Live(s),
        ) = (&self.overlay, &self.screen)
        {
            return Some(FormDraft {
                form: DraftForm::LiveNote,
                id: Some(s.slot().appearance.id),
                fields: [("note".into(), DraftValue::Text(field.value().into()))].into(),
                focus: 0,
                moment: Some(DraftMoment {
                    elapsed_ms: m.elapsed_ms,
                    at: m.at.clone(),
                }),
            });
        }
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
            moment: None,
        })
    }

    /// Writes the open form's content when it changed, or drops the draft when no form is open.
    pub(super) fn sync_form_draft(&mut self) {
        let draft = self.form_draft();
        if draft == self.last_draft {
            return;
        }
        match self.court.set_form_draft(draft.as_ref()) {
            Ok(()) => self.last_draft = draft,
            Err(e) => self.status = Some((e.text(), true)),
        }
    }

    /// Reopens the form a crash left, with its content. True when one was restored.
    pub(super) fn restore_form_draft(&mut self) -> anyhow::Result<bool> {
        let Some(draft) = self.court.form_draft()? else {
            return Ok(false);
        };
        let cmd = match (draft.form, draft.id) {
            (DraftForm::LiveNote, Some(aid)) => return self.restore_live_note(draft, aid),
            (DraftForm::LiveNote, None) => return Ok(false),
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

    /// Reopens live mode's note prompt that a crash left, with its text and its moment, on the
    /// agency it was for — when live mode came back (its resume point) with that agency.
    fn restore_live_note(&mut self, draft: FormDraft, appearance: i64) -> anyhow::Result<bool> {
        let slot = match &self.screen {
            Screen::Live(s) => s.slots.iter().position(|x| x.appearance.id == appearance),
            _ => None,
        };
        let (Some(i), Screen::Live(s)) = (slot, &mut self.screen) else {
            // live mode did not come back on that agency (finalized since): the note goes
            self.court.set_form_draft(None)?;
            return Ok(false);
        };
        if i != s.current {
            s.current = i;
            let point = crate::domain::session::ResumePoint::Live {
                hearing: s.hearing.id,
                appearance,
            };
            self.court.set_resume_point(Some(point))?;
        }
        let moment = match &draft.moment {
            Some(m) => crate::records::Moment {
                elapsed_ms: m.elapsed_ms,
                at: m.at.clone(),
            },
            None => self.live_moment()?.1,
        };
        let text = match draft.fields.get("note") {
            Some(DraftValue::Text(text)) => text.clone(),
            _ => String::new(),
        };
        self.overlay = Some(Overlay::prompt(PromptPurpose::LiveNote(moment), &text));
        self.last_draft = Some(draft);
        let key = |a| self.keymap.key(crate::keymap::Section::Prompt, a);
        let restored = crate::i18n::tf(
            "live.note_restored",
            &[
                ("save", &key(crate::keymap::Action::Submit)),
                ("drop", &key(crate::keymap::Action::Cancel)),
            ],
        );
        self.status = Some((restored, false));
        Ok(true)
    }
}
