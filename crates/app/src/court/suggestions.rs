//! Judicial suggestions (司法建议书, 法释〔2020〕3号 第十二条第二款): drafted from the records for
//! the appearances of one agency with an art 12 situation, addressed to its 上一级行政机关 or the
//! 监察机关, sent (numbered, a reply deadline set), their replies recorded, printed.

use super::*;
use crate::domain::notice::Template;
use crate::domain::suggestion::{Concerned, RecipientKind, Suggestion, Texts};
use tingping_export::suggestion as doc;
use tingping_store::NewSuggestion;

/// What a court configured for its suggestions: its wording (notice.toml `[suggestion]`), its
/// name, its 监察机关 and the days an agency has to reply (default.toml `[suggestions]`).
#[derive(Clone, Copy)]
pub struct SuggestionRules<'a> {
    pub tpl: &'a Template,
    pub court: &'a str,
    pub supervisory: &'a str,
    pub reply_days: u32,
    pub shared_group: bool,
}

impl<'a> SuggestionRules<'a> {
    pub fn of(loaded: &'a crate::config::Loaded) -> SuggestionRules<'a> {
        SuggestionRules {
            tpl: &loaded.notice,
            court: &loaded.config.court_name,
            supervisory: &loaded.config.supervisory,
            reply_days: loaded.config.reply_days,
            shared_group: loaded.config.shared_group,
        }
    }
}

/// An appearance a suggestion may be drafted for: its art 12 situations, and the suggestion it
/// is already in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub concerned: Concerned,
    pub agency: String,
    pub suggestion: Option<i64>,
}

impl Court {
    /// The appearances of the hearings from `from` to `to` (of `agency` only, when named) with
    /// an art 12 situation, each with the suggestion it is already in.
    pub fn suggestion_candidates(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        agency: Option<&str>,
    ) -> Result<Vec<Candidate>> {
        let agency = match agency {
            Some(a) => Some(
                self.store
                    .find_agency(a)?
                    .map(|g| g.name)
                    .unwrap_or_else(|| a.trim().to_string()),
            ),
            None => None,
        };
        let mut out = Vec::new();
        for a in
            crate::report::sheet::appearances_between(&self.store, from, to, agency.as_deref())?
        {
            let situations = self.store.situations(a)?;
            if situations.is_empty() {
                continue;
            }
            let app = self.store.appearance(a)?;
            let h = self.store.hearing(app.hearing_id)?;
            out.push(Candidate {
                concerned: Concerned {
                    appearance_id: a,
                    case_number: h.case_number,
                    hearing_date: h.date.to_string(),
                    situations,
                },
                agency: app.agency_name,
                suggestion: self.store.suggestion_of_appearance(a)?,
            });
        }
        Ok(out)
    }

    /// The art 12 situations of an appearance (none: no suggestion can rest on it).
    pub fn situations(&self, appearance: i64) -> Result<Vec<String>> {
        self.store.situations(appearance)
    }

    /// The suggestion an appearance is in, if any.
    pub fn suggestion_of_appearance(&self, appearance: i64) -> Result<Option<i64>> {
        self.store.suggestion_of_appearance(appearance)
    }

    /// Whom a suggestion about `agency_id` goes to: its 上一级行政机关 from the directory (without
    /// one entered, the government it reports to, unless it is that government), or the
    /// configured 监察机关; `named` overrides. Refused, saying what to enter, when there is none.
    pub fn suggestion_recipient(
        &self,
        agency_id: i64,
        kind: RecipientKind,
        named: Option<&str>,
        rules: &SuggestionRules,
    ) -> Result<String> {
        if let Some(n) = named.map(str::trim).filter(|n| !n.is_empty()) {
            return Ok(n.to_string());
        }
        let agency = self.store.agency(agency_id)?;
        let found = match kind {
            RecipientKind::Superior => {
                let superior = self.store.agency_superior(agency_id)?;
                if !superior.trim().is_empty() {
                    superior
                } else if agency.government.trim() != agency.name.trim() {
                    agency.government.trim().to_string()
                } else {
                    String::new()
                }
            }
            RecipientKind::Supervisory => rules.supervisory.trim().to_string(),
        };
        if found.is_empty() {
            return Err(Error::Refused(
                tingping_core::msg::Msg::new(match kind {
                    RecipientKind::Superior => "suggestion.err.no_superior",
                    RecipientKind::Supervisory => "suggestion.err.no_supervisory",
                })
                .arg("agency", crate::domain::text::shown(&agency.name)),
            ));
        }
        Ok(found)
    }

    /// A draft for these appearances (one agency's, each with an art 12 situation), its texts
    /// from the records and the court's wording; one transaction, audited. Returns its id.
    pub fn draft_suggestion(
        &mut self,
        appearances: &[i64],
        kind: RecipientKind,
        recipient: Option<&str>,
        by: &str,
        today: NaiveDate,
        rules: &SuggestionRules,
    ) -> Result<i64> {
        let Some(&first) = appearances.first() else {
            return Err(Error::Refused(
                tingping_core::msg::Msg::new("suggestion.err.appearances")
                    .arg("n", 0)
                    .arg("max", tingping_store::CONCERNED_MAX),
            ));
        };
        if by.trim().is_empty() {
            return Err(Error::Refused(tingping_core::msg::Msg::new(
                "suggestion.err.no_drafter",
            )));
        }
        let first = self.store.appearance(first)?;
        let to = self.suggestion_recipient(first.agency_id, kind, recipient, rules)?;
        let mut concerned = Vec::new();
        for &a in appearances {
            let app = self.store.appearance(a)?;
            let h = self.store.hearing(app.hearing_id)?;
            concerned.push(Concerned {
                appearance_id: a,
                case_number: h.case_number,
                hearing_date: h.date.to_string(),
                situations: self.store.situations(a)?,
            });
        }
        // the facts in the hearings' order
        concerned.sort_by(|a, b| {
            (&a.hearing_date, &a.case_number, a.appearance_id).cmp(&(
                &b.hearing_date,
                &b.case_number,
                b.appearance_id,
            ))
        });
        let texts = doc::draft_texts(rules.tpl, &first.agency_name, &concerned);
        self.store.draft_suggestion(&NewSuggestion {
            appearances: concerned.iter().map(|c| c.appearance_id).collect(),
            recipient_kind: kind,
            cc: doc::draft_cc(rules.tpl, &first.agency_name, &to),
            recipient: to,
            texts,
            drafted_by: by.trim().to_string(),
            drafted_on: today,
        })
    }

    pub fn suggestion(&self, id: i64) -> Result<Suggestion> {
        self.store.suggestion(id)
    }

    /// Every suggestion, overdue first (the worklist's order as of `today`).
    pub fn suggestions(&self, today: NaiveDate) -> Result<Vec<Suggestion>> {
        self.store.suggestions(today)
    }

    pub fn overdue_suggestions(&self, today: NaiveDate) -> Result<u64> {
        self.store.overdue_suggestions(today)
    }

    /// A draft's texts (and, when given, its recipient and copies) changed.
    pub fn edit_suggestion(
        &mut self,
        id: i64,
        recipient: Option<(RecipientKind, String)>,
        cc: Option<Vec<String>>,
        texts: &Texts,
    ) -> Result<()> {
        self.store.edit_suggestion(id, recipient, cc, texts)
    }

    pub fn delete_suggestion(&mut self, id: i64) -> Result<()> {
        self.store.delete_suggestion(id)
    }

    /// A draft sent on `on` by a judge: numbered in the year's sequence, its reply due
    /// `rules.reply_days` later (or on `deadline`). Returns its number.
    pub fn send_suggestion(
        &mut self,
        id: i64,
        on: NaiveDate,
        deadline: Option<NaiveDate>,
        by: &str,
        today: NaiveDate,
        rules: &SuggestionRules,
    ) -> Result<String> {
        self.judge_may(by)?;
        let deadline =
            deadline.unwrap_or_else(|| crate::domain::suggestion::deadline(on, rules.reply_days));
        let pattern = match rules.tpl.suggestion.doc_number.trim() {
            "" => Template::built_in().suggestion.doc_number.clone(),
            p => p.to_string(),
        };
        self.store
            .send_suggestion(id, on, deadline, by.trim(), &pattern, today)
    }

    /// The reply to a sent suggestion: its day and a summary.
    pub fn record_suggestion_reply(
        &mut self,
        id: i64,
        on: NaiveDate,
        summary: &str,
        today: NaiveDate,
    ) -> Result<()> {
        self.store.record_reply(id, on, summary, today)
    }

    /// An agency's 上一级行政机关 set ("" clears it), named by its name or a short name.
    pub fn set_agency_superior(&mut self, agency: &str, superior: &str) -> Result<String> {
        let Some(a) = self.store.find_agency(agency)? else {
            return Err(Error::Refused(
                tingping_core::msg::Msg::new("suggestion.err.no_agency")
                    .arg("agency", crate::domain::text::shown(agency)),
            ));
        };
        self.store.set_agency_superior(a.id, superior)?;
        Ok(a.name)
    }

    pub fn agency_superior(&self, agency_id: i64) -> Result<String> {
        self.store.agency_superior(agency_id)
    }

    /// A suggestion's document written into `dir` (a draft marked 草稿); returns its path.
    pub fn print_suggestion(
        &self,
        id: i64,
        dir: &Path,
        rules: &SuggestionRules,
    ) -> std::result::Result<PathBuf, crate::report::ExportError> {
        let s = self.store.suggestion(id)?;
        let stem = match s.status {
            crate::domain::suggestion::Status::Draft => format!("sifajianyi-{id}-caogao"),
            _ => format!("sifajianyi-{id}"),
        };
        crate::report::stage::write_document(
            dir,
            &format!("{stem}.docx"),
            rules.shared_group,
            ("suggestion.err.io", "suggestion.err.link"),
            |file| doc::write(file, rules.tpl, rules.court, &s, rules.reply_days),
        )
    }
}

#[cfg(test)]
#[path = "suggestions_tests.rs"]
mod tests;
