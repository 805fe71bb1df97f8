//! The agency directory's commands: searching it, saving an agency's particulars, and merging one
//! agency into another (the target picked, then a reason asked; the store refuses what it must).

use super::app::{App, Screen};
use super::overlay::{Overlay, PromptPurpose};
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::records::AgencyEdit;

impl App {
    /// The directory searched as typed (by pinyin too, as the pickers search); all when empty.
    pub(super) fn filter_agencies(&mut self, text: &str) -> anyhow::Result<()> {
        let found = self.found_agencies(text)?;
        if let Screen::Agencies(s) = &mut self.screen {
            s.set_found(found);
        }
        Ok(())
    }

    /// The ids of the agencies a search finds, best first; None when nothing is searched.
    fn found_agencies(&self, text: &str) -> anyhow::Result<Option<Vec<i64>>> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        Ok(Some(
            self.court
                .search_agencies(text, usize::MAX)?
                .into_iter()
                .map(|a| a.id)
                .collect(),
        ))
    }

    /// The agencies that appeared most, the most first: what a merge's picker offers before
    /// anything is typed.
    pub(super) fn most_used_agencies(&self) -> anyhow::Result<Vec<String>> {
        let mut rows = self.court.directory(self.today())?;
        rows.sort_by(|a, b| b.uses.cmp(&a.uses).then(b.last_used.cmp(&a.last_used)));
        Ok(rows.into_iter().take(5).map(|r| r.agency.name).collect())
    }

    /// Reads the directory again, the search kept.
    fn reload_agencies(&mut self) -> anyhow::Result<()> {
        let Screen::Agencies(s) = &self.screen else {
            return Ok(());
        };
        let query = s.query.value().to_string();
        let rows = self.court.directory(self.today())?;
        let found = self.found_agencies(&query)?;
        if let Screen::Agencies(s) = &mut self.screen {
            s.set_rows(rows, found);
        }
        Ok(())
    }

    /// Saves the edit form; a refusal leaves the form open. A corrected name (`new_name`) is a
    /// rename: refused at once when it names another agency, else asked why (the rest of the
    /// form is saved first).
    pub(super) fn save_agency(
        &mut self,
        id: i64,
        name: &str,
        new_name: &str,
        edit: &AgencyEdit,
    ) -> anyhow::Result<()> {
        let renamed = !new_name.is_empty() && new_name != name;
        if renamed && let Some(other) = self.court.find_agency(new_name)?.filter(|a| a.id != id) {
            self.status = Some((
                tf(
                    "agencies.err.rename_taken",
                    &[("name", &new_name), ("agency", &other.name)],
                ),
                true,
            ));
            return Ok(());
        }
        if new_name.is_empty() {
            self.status = Some((t("agencies.err.empty_name").to_string(), true));
            return Ok(());
        }
        let n = self.court.edit_agency(id, edit)?;
        if let Screen::Agencies(s) = &mut self.screen {
            s.saved();
        }
        self.reload_agencies()?;
        if renamed {
            self.overlay = Some(Overlay::prompt(
                PromptPurpose::RenameReason {
                    id,
                    from: name.to_string(),
                    to: new_name.to_string(),
                },
                "",
            ));
            return Ok(());
        }
        self.status = Some((
            if n == 0 {
                tf("agencies.unchanged", &[("name", &name)])
            } else {
                tf("agencies.saved", &[("name", &name), ("n", &n)])
            },
            false,
        ));
        Ok(())
    }

    /// Asks why `from` is merged into `into`, once `into` is known to be another agency.
    pub(super) fn ask_merge_reason(&mut self, from: String, into: String) -> anyhow::Result<()> {
        let Some(target) = self.court.find_agency(&into)? else {
            self.status = Some((tf("agencies.err.unknown", &[("name", &into)]), true));
            return Ok(());
        };
        if self.court.find_agency(&from)?.map(|a| a.id) == Some(target.id) {
            self.status = Some((
                tf(
                    "agencies.err.same",
                    &[("from", &from), ("into", &target.name)],
                ),
                true,
            ));
            return Ok(());
        }
        // what would refuse the merge refuses it now, before a reason is asked for
        self.court.merge_check(&from, &target.name)?;
        self.overlay = Some(Overlay::prompt(
            PromptPurpose::MergeReason {
                from,
                into: target.name,
            },
            "",
        ));
        Ok(())
    }

    /// The reason typed (asked again while it is empty): the merge is asked about once more, as
    /// it cannot be undone, saying where the two agencies' level or government differ.
    pub(super) fn confirm_merge(
        &mut self,
        from: String,
        into: String,
        reason: String,
    ) -> anyhow::Result<()> {
        if reason.trim().is_empty() {
            return self.merge_agencies(from, into, reason);
        }
        let (a, b) = (
            self.court.find_agency(&from)?,
            self.court.find_agency(&into)?,
        );
        let mut message = tf("agencies.merge_ask", &[("from", &from), ("into", &into)]);
        if let (Some(a), Some(b)) = (a, b)
            && (a.level != b.level || a.government != b.government)
        {
            let said = |g: &str| {
                if g.is_empty() {
                    "—".to_string()
                } else {
                    g.to_string()
                }
            };
            message = format!(
                "{} {message}",
                tf(
                    "agencies.merge_differ",
                    &[
                        ("from", &from),
                        ("from_level", &a.level.label()),
                        ("from_gov", &said(&a.government)),
                        ("into", &into),
                        ("into_level", &b.level.label()),
                        ("into_gov", &said(&b.government)),
                    ],
                )
            );
        }
        self.overlay = Some(Overlay::Confirm {
            message,
            yes: crate::cmd::Cmd::MergeAgencies { from, into, reason },
        });
        Ok(())
    }

    /// Merges with the reason typed (asked again while it is empty); the store's refusals (two
    /// defendants of one hearing, say) go to the status line.
    pub(super) fn merge_agencies(
        &mut self,
        from: String,
        into: String,
        reason: String,
    ) -> anyhow::Result<()> {
        if reason.trim().is_empty() {
            return self.ask_reason_again(
                PromptPurpose::MergeReason { from, into },
                "agencies.err.merge_reason",
            );
        }
        let m = self.court.merge_agencies(&from, &into, &reason)?;
        self.reload_agencies()?;
        self.status = Some((
            tf(
                "agencies.merged",
                &[("from", &m.from), ("into", &m.into), ("n", &m.moved)],
            ),
            false,
        ));
        Ok(())
    }

    /// A reason left empty: asked again, saying it is needed (`why`, a catalog key).
    fn ask_reason_again(&mut self, purpose: PromptPurpose, why: &str) -> anyhow::Result<()> {
        self.overlay = Some(Overlay::prompt(purpose, ""));
        self.status = Some((t(why).to_string(), true));
        Ok(())
    }

    /// Corrects an agency's name with the reason typed (asked again while it is empty).
    pub(super) fn rename_agency(
        &mut self,
        id: i64,
        from: String,
        to: String,
        reason: String,
    ) -> anyhow::Result<()> {
        if reason.trim().is_empty() {
            return self.ask_reason_again(
                PromptPurpose::RenameReason { id, from, to },
                "agencies.err.rename_reason",
            );
        }
        let n = self.court.rename_agency(id, &to, &reason)?;
        self.reload_agencies()?;
        self.status = Some((
            tf(
                "agencies.renamed",
                &[("from", &from), ("to", &to), ("n", &n)],
            ),
            false,
        ));
        Ok(())
    }
}
