//! The draft notice (通报) per recipient government, in 公文 form (GB/T 9704): 小标宋 title, 仿宋 body,
//! A4 with its margins, 主送, body written from the indicators, 附件, court and date.

use crate::config::{FileError, toml_error};
use crate::domain::indicators::{Indicators, Record};
use crate::domain::scoring::format_tenths;
use crate::i18n::fill;
use crate::store::batch::BatchMeta;
use docx_rs::{
    AlignmentType, Docx, LineSpacing, LineSpacingType, PageMargin, Paragraph, Run, RunFonts,
    SpecialIndentType,
};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

pub const DEFAULT_NOTICE: &str = include_str!("../../config/notice.toml");

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub title: String,
    #[serde(default)]
    pub justice_bureau: BTreeMap<String, String>,
    pub text: Text,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub opening: String,
    pub totals: String,
    /// the judgment performance outcomes reported (optional, so older templates still load)
    #[serde(default)]
    pub performance: Option<String>,
    pub absences_intro: String,
    pub absence_item: String,
    pub no_absences: String,
    pub commend_intro: String,
    pub commend_item: String,
    pub no_commend: String,
    pub requirements: Vec<String>,
    pub attachments: Vec<String>,
}

impl Template {
    pub fn parse(text: &str, file: &str) -> Result<Template, FileError> {
        toml::from_str(text).map_err(|e| toml_error(file, text, &e))
    }
    pub fn default_template() -> Template {
        Template::parse(DEFAULT_NOTICE, "config/notice.toml")
            .expect("the default notice template is valid (tested)")
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

/// What one government's notice names: its absences and flags, and its best appearances.
#[derive(Default)]
pub struct Named {
    pub flagged: Vec<(String, String, String)>,
    pub commended: Vec<(String, String, String, String, String)>,
}

impl Named {
    pub fn add(&mut self, r: &Record) {
        if !r.flags.is_empty() {
            self.flagged.push((
                r.case_number.clone(),
                r.agency.clone(),
                super::columns::situations(r),
            ));
        }
        if let Some(e) = &r.eval
            && r.commended
        {
            self.commended.push((
                r.case_number.clone(),
                r.agency.clone(),
                r.title.clone(),
                r.person.clone(),
                format_tenths(e.total_tenths),
            ));
        }
    }
}

const BODY_FONT: &str = "仿宋_GB2312";
const TITLE_FONT: &str = "方正小标宋简体";
/// 三号 and 二号, in half-points
const BODY_SIZE: usize = 32;
const TITLE_SIZE: usize = 44;

fn run(text: &str) -> Run {
    Run::new().add_text(text).size(BODY_SIZE).fonts(
        RunFonts::new()
            .east_asia(BODY_FONT)
            .ascii(BODY_FONT)
            .hi_ansi(BODY_FONT),
    )
}

fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text))
        .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Exact)
                .line(560),
        )
        .align(AlignmentType::Justified)
}

fn plain(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text)).line_spacing(
        LineSpacing::new()
            .line_rule(LineSpacingType::Exact)
            .line(560),
    )
}

/// Writes one government's notice.
pub fn write(
    path: &Path,
    tpl: &Template,
    meta: &BatchMeta,
    government: &str,
    ind: &Indicators,
    named: &Named,
) -> std::io::Result<()> {
    let period = meta.period().title();
    let vars_base = |extra: &[(&str, &dyn std::fmt::Display)]| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = vec![
            ("period".into(), period.clone()),
            ("government".into(), government.to_string()),
        ];
        v.extend(extra.iter().map(|(k, x)| (k.to_string(), x.to_string())));
        v
    };
    let f = |template: &str, vars: &[(String, String)]| {
        let args: Vec<(&str, &dyn std::fmt::Display)> = vars
            .iter()
            .map(|(k, v)| (k.as_str(), v as &dyn std::fmt::Display))
            .collect();
        fill(template, &args)
    };
    let base = vars_base(&[]);
    let title = Paragraph::new()
        .add_run(
            Run::new()
                .add_text(f(&tpl.title, &base))
                .size(TITLE_SIZE)
                .fonts(
                    RunFonts::new()
                        .east_asia(TITLE_FONT)
                        .ascii(TITLE_FONT)
                        .hi_ansi(TITLE_FONT),
                ),
        )
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().before(0).after(560));
    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(2098)
                .bottom(1984)
                .left(1588)
                .right(1474)
                .header(851)
                .footer(992),
        )
        .add_paragraph(title)
        .add_paragraph(plain(&format!(
            "{}、{}：",
            government,
            tpl.justice_bureau(government)
        )));
    doc = doc.add_paragraph(body(&f(&tpl.text.opening, &base)));
    let totals = vars_base(&[
        ("hearings", &ind.hearings),
        ("appearances", &ind.appearances),
        ("required", &ind.notified),
        ("appeared", &ind.heads_appeared.num),
        ("appeared_rate", &ind.heads_appeared.percent()),
        ("principal", &ind.principal_appeared.num),
        ("principal_rate", &ind.principal_appeared.percent()),
        ("substituted", &ind.lawful_substitution),
        ("absent", &ind.absent_without_reason),
        ("lawyer_only", &ind.lawyer_only),
        ("nobody", &ind.nobody),
        ("evaluations", &ind.evaluations),
        ("heads_evaluated", &ind.heads_spoke.den),
        ("spoke", &ind.heads_spoke.num),
        ("spoke_rate", &ind.heads_spoke.percent()),
        ("views", &ind.heads_view_given.num),
        ("views_rate", &ind.heads_view_given.percent()),
        ("cases", &ind.cases_settled.den),
        ("settled", &ind.cases_settled.num),
        ("settled_rate", &ind.cases_settled.percent()),
        ("commitments", &ind.commitments),
        ("average", &format_tenths(ind.total_average.tenths())),
    ]);
    doc = doc.add_paragraph(body(&f(&tpl.text.totals, &totals)));
    let outcome = |k: &str| ind.performance.get(k).copied().unwrap_or(0);
    let reported: u64 = ["on_time", "late", "enforced", "refused"]
        .iter()
        .map(|k| outcome(k))
        .sum();
    if let Some(text) = &tpl.text.performance
        && reported > 0
    {
        let v = vars_base(&[
            ("reported", &reported),
            ("on_time", &outcome("on_time")),
            ("late", &outcome("late")),
            ("enforced", &outcome("enforced")),
            ("refused", &outcome("refused")),
        ]);
        doc = doc.add_paragraph(body(&f(text, &v)));
    }
    if named.flagged.is_empty() {
        doc = doc.add_paragraph(body(&f(&tpl.text.no_absences, &base)));
    } else {
        doc = doc.add_paragraph(body(&f(
            &tpl.text.absences_intro,
            &vars_base(&[("count", &named.flagged.len())]),
        )));
        for (n, (case, agency, situations)) in named.flagged.iter().enumerate() {
            let v = vars_base(&[
                ("n", &(n + 1)),
                ("case", case),
                ("agency", agency),
                ("situations", situations),
            ]);
            doc = doc.add_paragraph(body(&f(&tpl.text.absence_item, &v)));
        }
    }
    if named.commended.is_empty() {
        doc = doc.add_paragraph(body(&f(&tpl.text.no_commend, &base)));
    } else {
        doc = doc.add_paragraph(body(&f(&tpl.text.commend_intro, &base)));
        for (n, (case, agency, title, person, total)) in named.commended.iter().enumerate() {
            let v = vars_base(&[
                ("n", &(n + 1)),
                ("case", case),
                ("agency", agency),
                ("title", title),
                ("person", person),
                ("total", total),
            ]);
            doc = doc.add_paragraph(body(&f(&tpl.text.commend_item, &v)));
        }
    }
    for r in &tpl.text.requirements {
        doc = doc.add_paragraph(body(&f(r, &base)));
    }
    doc = doc.add_paragraph(plain(""));
    for (n, a) in tpl.text.attachments.iter().enumerate() {
        let label = if n == 0 { "附件：" } else { "　　　" };
        doc = doc.add_paragraph(body(&format!("{label}{}. {}", n + 1, f(a, &base))));
    }
    doc = doc.add_paragraph(plain(""));
    let date = chrono::DateTime::parse_from_rfc3339(&meta.created_at)
        .map(|d| {
            format!(
                "{}年{}月{}日",
                chrono::Datelike::year(&d),
                chrono::Datelike::month(&d),
                chrono::Datelike::day(&d)
            )
        })
        .unwrap_or_default();
    doc = doc
        .add_paragraph(plain(&meta.court).align(AlignmentType::Right))
        .add_paragraph(plain(&date).align(AlignmentType::Right));
    let file = std::fs::File::create(path)?;
    doc.build()
        .pack(file)
        .map_err(|e| std::io::Error::other(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_template_and_recipients() {
        let t = Template::default_template();
        assert_eq!(t.justice_bureau("合肥市人民政府"), "合肥市司法局");
        assert_eq!(t.justice_bureau("安徽省人民政府"), "安徽省司法厅");
        assert!(t.title.contains("{period}"));
    }
}
