//! A form that is not saved yet (a new hearing, a hearing being edited, an appearance) is kept in
//! the database as it is typed, so a kill or a power cut loses nothing: the app reopens on the
//! same form with the same text. Saving or leaving the form removes the draft.

use super::app::{App, Cmd, Screen};
use crate::i18n::t;

const KEY: &str = "form_draft";

impl App {
    /// What the open form holds, as the draft to keep; None when no form is open.
    fn form_draft(&self) -> Option<String> {
        let (form, id, values) = match &self.screen {
            Screen::HearingForm(s) => ("hearing", s.id, s.form.values()),
            Screen::Appearance(s) => ("appearance", Some(s.appearance.id), s.form.values()),
            _ => return None,
        };
        Some(serde_json::json!({"form": form, "id": id, "values": values}).to_string())
    }

    /// Writes the open form's content when it changed, or drops the draft when no form is open.
    pub(super) fn sync_form_draft(&mut self) {
        let draft = self.form_draft();
        if draft == self.last_draft {
            return;
        }
        let written = match &draft {
            Some(d) => self.store.set_app_value(KEY, d),
            None => self.store.clear_app_value(KEY),
        };
        match written {
            Ok(()) => self.last_draft = draft,
            Err(e) => self.status = Some((e.to_string(), true)),
        }
    }

    /// Reopens the form a crash left, with its content. True when one was restored.
    pub(super) fn restore_form_draft(&mut self) -> anyhow::Result<bool> {
        let Some(text) = self.store.app_value(KEY)? else {
            return Ok(false);
        };
        let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let id = v["id"].as_i64();
        let cmd = match (v["form"].as_str(), id) {
            (Some("hearing"), None) => Cmd::NewHearing,
            (Some("hearing"), Some(id)) => Cmd::EditHearing(id),
            (Some("appearance"), Some(id)) => Cmd::EditAppearance(id),
            _ => return Ok(false),
        };
        self.run(cmd);
        let form = match &mut self.screen {
            Screen::HearingForm(s) => &mut s.form,
            Screen::Appearance(s) => &mut s.form,
            // the record it belonged to is gone
            _ => return Ok(false),
        };
        form.restore(&v["values"]);
        self.last_draft = Some(text);
        self.status = Some((t("msg.form_restored").to_string(), false));
        Ok(true)
    }
}
