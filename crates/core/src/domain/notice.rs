//! The notice's wording (config/notice.toml, or the user's): who issues it, its document numbers
//! and titles, its copy list and every sentence's template. Data, read by the configuration and
//! filled in by the notice writer (report/docx.rs).

use super::rubric::{RubricError as FileError, toml_error};
use serde::Deserialize;
use std::collections::BTreeMap;

pub const DEFAULT_NOTICE: &str = include_str!("../../../../config/notice.toml");

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// 发文机关标志; empty: the court's name
    #[serde(default)]
    pub issuer: String,
    /// 发文字号, numbered per year: {year} and {n}
    pub doc_number: String,
    /// an extract's (函) 发文字号, numbered per year in a sequence of its own
    pub extract_doc_number: String,
    pub title: String,
    pub extract_title: String,
    /// 版记: 抄送
    #[serde(default)]
    pub cc: Vec<String>,
    /// 版记: 印发机关 ({court})
    pub printer: String,
    #[serde(default)]
    pub justice_bureau: BTreeMap<String, String>,
    pub text: Text,
    /// the judicial suggestion's (司法建议书) wording; a court's template without it (or without
    /// one of its sentences) takes the built-in one's
    #[serde(default)]
    pub suggestion: SuggestionText,
    /// a justice bureau's notice of its 考核 scorecard (its own wording and 文号)
    #[serde(default)]
    pub bureau: BureauText,
}

/// The wording of a justice bureau's notice (通报) of the 考核 scorecard, in GB/T 9704's form.
/// Everywhere: {org} (the bureau) {period}.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BureauText {
    /// 文号, numbered per year: {year} and {n}
    pub doc_number: String,
    pub title: String,
    /// 主送
    pub recipients: String,
    pub opening: String,
    pub h_table: String,
    /// one line per agency, ranked: {i} {agency} {composite} {appearance} {principal} {spoke}
    /// {resolution} {art12} {spot_check} {reviews} {satisfaction} {responses}
    pub line: String,
    /// how the composite is made: {formula}
    pub formula: String,
    pub h_differences: String,
    /// {case} {agency} {court} {bureau} {margin}
    pub difference: String,
    pub no_differences: String,
    pub h_requirements: String,
    pub requirements: Vec<String>,
    pub cc: Vec<String>,
}

/// The wording of a judicial suggestion (司法建议书, 法〔2012〕74号, in GB/T 9704's form): its own
/// 文号 sequence, its title, copies and sentences. Everywhere: {court} {agency} {recipient}.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SuggestionText {
    /// 文号, numbered per year when sent: {year} and {n}
    pub doc_number: String,
    pub title: String,
    /// 版记: 抄送 ({agency} the agency concerned)
    pub cc: Vec<String>,
    /// {cases}: the case numbers
    pub opening: String,
    pub h_facts: String,
    /// one line per appearance: {i} {date} {case} {situations}
    pub fact_item: String,
    pub h_problem: String,
    pub problem: String,
    pub h_cause: String,
    pub cause: String,
    pub h_suggestion: String,
    /// its paragraphs
    pub suggestion: Vec<String>,
    /// the request to reply once sent: {deadline}; before: {days}
    pub reply: String,
    pub reply_draft: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub opening: String,
    pub extract_opening: String,
    pub h_overall: String,
    pub h_appearance: String,
    pub appearance: String,
    pub h_conduct: String,
    pub conduct: String,
    pub h_judgments: String,
    pub judgments: String,
    pub h_compare: String,
    pub compare: String,
    pub h_named: String,
    pub named_intro: String,
    pub named_item: String,
    pub no_named: String,
    pub h_commend: String,
    pub commend_intro: String,
    pub commend_item: String,
    pub no_commend: String,
    pub h_late: String,
    pub late: String,
    pub late_named_intro: String,
    pub late_item: String,
    /// after a list cut at `NAMED_AT_MOST`: {shown}, {total}
    pub more: String,
    pub drafts: String,
    pub report_drafts: String,
    pub topic_scope: String,
    /// 更正说明 (defaults: the built-in template's)
    #[serde(default)]
    pub h_corrections: String,
    #[serde(default)]
    pub corrections_intro: String,
    #[serde(default)]
    pub correction_item: String,
    #[serde(default)]
    pub correction_indicator: String,
    #[serde(default)]
    pub corrections_sheet: String,
    /// later events after a notice (defaults: the built-in template's)
    #[serde(default)]
    pub h_later: String,
    #[serde(default)]
    pub later_intro: String,
    #[serde(default)]
    pub later_item: String,
    /// the sentences filled in where their count is not 0 (defaults: the built-in template's)
    #[serde(default)]
    pub drafts_note: String,
    #[serde(default)]
    pub report_drafts_note: String,
    #[serde(default)]
    pub unnotified_note: String,
    #[serde(default)]
    pub heads_note: String,
    #[serde(default)]
    pub commitments_note: String,
    #[serde(default)]
    pub report_judgments: String,
    #[serde(default)]
    pub late_judgments: String,
    #[serde(default)]
    pub as_of: String,
    #[serde(default)]
    pub compare_partial: String,
    #[serde(default)]
    pub report_moved: String,
    /// batches of the courts below taken without a signature (`import --unsigned`): `{batches}`
    #[serde(default)]
    pub unsigned_batches: String,
    /// after the title of a draft (an export with `--draft`), whose 发文字号 is left blank
    #[serde(default)]
    pub draft: String,
    /// the judicial suggestions sent and replied in the period: {sent} {replied}
    #[serde(default)]
    pub suggestions: String,
    pub h_requirements: String,
    pub requirements: Vec<String>,
    /// an extract's (函) requests, a letter's
    #[serde(default)]
    pub h_extract_requirements: String,
    #[serde(default)]
    pub extract_requirements: Vec<String>,
    pub attachments: Vec<String>,
    pub extract_attachments: Vec<String>,
}

impl Template {
    pub fn parse(text: &str, file: &str) -> Result<Template, FileError> {
        let t: Template = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
        super::rubric::unsafe_text(text, file)?;
        // a 发文字号 numbers its documents: {n} in it, and nothing it cannot fill
        // (the suggestion's is looked for in its section; a section without one takes the
        // built-in one)
        let section = text.find("[suggestion]").unwrap_or(text.len());
        for (key, pattern, from) in [
            ("doc_number", &t.doc_number, 0),
            ("extract_doc_number", &t.extract_doc_number, 0),
            ("doc_number", &t.suggestion.doc_number, section),
            (
                "doc_number",
                &t.bureau.doc_number,
                text.find("[bureau]").unwrap_or(text.len()),
            ),
        ] {
            if from > 0 && pattern.is_empty() {
                continue;
            }
            let rest = &text[from..];
            let line = rest
                .find(&format!("{key} "))
                .or_else(|| rest.find(&format!("{key}=")))
                .map_or(1, |o| super::rubric::line_of(text, from + o));
            let unknown = placeholders(pattern)
                .into_iter()
                .find(|p| *p != "year" && *p != "n");
            if !pattern.contains("{n}") || unknown.is_some() {
                return Err(FileError {
                    file: file.to_string(),
                    line,
                    reason: crate::msg::Msg::new("notice.err.doc_number")
                        .arg("field", key)
                        .arg("value", super::text::shown(pattern))
                        // (the placeholder it cannot fill, as written: `{nope}`)
                        .arg(
                            "unknown",
                            unknown.map(|p| format!(" {{{p}}}")).unwrap_or_default(),
                        ),
                });
            }
        }
        Ok(t)
    }
    pub fn default_template() -> Template {
        Template::built_in().clone()
    }
    /// The built-in template, parsed once: a court's own template falls back to its sentences.
    pub fn built_in() -> &'static Template {
        static BUILT_IN: std::sync::OnceLock<Template> = std::sync::OnceLock::new();
        BUILT_IN.get_or_init(|| {
            Template::parse(DEFAULT_NOTICE, "config/notice.toml")
                .expect("the default notice template is valid (tested)")
        })
    }
    pub fn justice_bureau(&self, government: &str) -> String {
        if let Some(b) = self.justice_bureau.get(government) {
            return b.clone();
        }
        if government.contains('省') && government.ends_with("人民政府") {
            government.replace("人民政府", "司法厅")
        } else {
            government.replace("人民政府", "司法局")
        }
    }
}
/// The `{name}`s of a pattern.
fn placeholders(pattern: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}
