//! The notice (通报) and the extracts (函) as 公文: what they say is assembled here from the
//! indicators, the named records and the template's wording (config/notice.toml); how a 公文
//! looks on the page (GB/T 9704) is `gongwen`'s.
//!
//! The main notice goes to the court's same-level government and its justice bureau and covers
//! every agency; an extract goes to each other government and covers its agencies only. Heading
//! numbers (一、（一）) are given here in the order the sections appear, so none is ever skipped.

use super::Recipient;
use super::gongwen::{Block, Form, Gongwen};
use crate::domain::batch::BatchMeta;
use crate::domain::indicators::{Indicators, Record};
use crate::domain::model::KeyCategory;
use crate::domain::period::{Filter, PeriodKind};
use crate::domain::scoring::format_tenths;
use crate::i18n::fill;
use crate::i18n::prelude::*;
use std::fmt::Display;
use std::path::Path;

pub use crate::domain::notice::{DEFAULT_NOTICE, Template, Text};

/// A case a notice names: case number, agency, and what it says of it.
pub type NamedCase = (String, String, String);

/// How many cases a list of the notice names; the rest are counted and left to the attached
/// workbook (逐案点名, 评议明细), so a province's notice stays a document one can read and print.
pub const NAMED_AT_MOST: usize = 200;

/// The first `NAMED_AT_MOST` of a list, and how many there were in all.
#[derive(Clone, Debug)]
pub struct Capped<T> {
    pub items: Vec<T>,
    pub total: usize,
}

impl<T> Default for Capped<T> {
    fn default() -> Self {
        Capped {
            items: Vec::new(),
            total: 0,
        }
    }
}

impl<T: Clone> Capped<T> {
    fn push(&mut self, item: impl FnOnce() -> T) {
        self.total += 1;
        if self.items.len() < NAMED_AT_MOST {
            self.items.push(item());
        }
    }
    fn extend(&mut self, other: &Capped<T>) {
        let room = NAMED_AT_MOST.saturating_sub(self.items.len());
        self.items.extend(other.items.iter().take(room).cloned());
        self.total += other.total;
    }
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

/// What a notice names: the appearances with a situation to report, the heads it commends, and
/// the items reported late from earlier months (named apart, outside the month's figures).
#[derive(Default)]
pub struct Named {
    pub flagged: Capped<NamedCase>,
    pub commended: Capped<(String, String, String, String, String)>,
    pub late: u64,
    pub late_flagged: Capped<NamedCase>,
}

impl Named {
    pub fn add(&mut self, r: &Record) {
        let named = || {
            (
                r.case_number.clone(),
                r.agency.clone(),
                super::columns::situations(r),
            )
        };
        if r.late && !r.followup {
            self.late += 1;
            if !r.flags.is_empty() {
                self.late_flagged.push(named);
            }
            return;
        }
        if !r.flags.is_empty() {
            self.flagged.push(named);
        }
        if let Some(e) = &r.eval
            && r.commended
        {
            self.commended.push(|| {
                (
                    r.case_number.clone(),
                    r.agency.clone(),
                    r.title.clone(),
                    r.person.clone(),
                    format_tenths(e.total_tenths),
                )
            });
        }
    }

    /// Every government's names in one (the main notice).
    pub fn merged<'a>(all: impl Iterator<Item = &'a Named>) -> Named {
        let mut out = Named::default();
        for n in all {
            out.flagged.extend(&n.flagged);
            out.commended.extend(&n.commended);
            out.late += n.late;
            out.late_flagged.extend(&n.late_flagged);
        }
        out
    }
}

/// A report's main rates beside the previous period's (环比) and the same period a year earlier
/// (同比); None where there is no data.
#[derive(Clone, Debug, Default)]
pub struct Comparison {
    pub previous: Option<Indicators>,
    pub year_before: Option<Indicators>,
}

/// Everything one notice or extract is written from.
pub struct Letter<'a> {
    pub recipient: &'a Recipient,
    /// its number in the year (发文字号): the notice's, or the extract's own
    pub number: i64,
    pub ind: &'a Indicators,
    pub named: &'a Named,
    pub compare: Option<&'a Comparison>,
    /// 更正说明: what earlier notices stated that is no longer true (the main notice only)
    pub corrections: &'a CorrectionText,
    /// the indicators of the items reported late (补报), where the letter states them
    pub late: Option<&'a Indicators>,
    /// a report: its records that moved since their monthly notice (amended, or an outcome
    /// recorded after it)
    pub moved: u64,
    /// the batches of courts below it counts that were taken unsigned ("court period" each)
    pub unsigned: &'a [String],
}

/// "12月7日": the day a report's figures run to, when its period has not ended.
pub fn as_of_day(meta: &BatchMeta) -> Option<String> {
    use chrono::Datelike;
    let made = chrono::DateTime::parse_from_rfc3339(&meta.created_at)
        .ok()?
        .date_naive();
    (!meta.kind.claims() && made < meta.to).then(|| format!("{}月{}日", made.month(), made.day()))
}

/// An earlier notice's statement about an appearance, now corrected, in words.
#[derive(Clone, Debug, Default)]
pub struct Restated {
    pub batch: String,
    pub case: String,
    pub agency: String,
    pub person: String,
    pub was: String,
    pub now: String,
    pub why: String,
}

/// The 更正说明 of a notice.
#[derive(Clone, Debug, Default)]
pub struct CorrectionText {
    /// how many records (not fields) the amendments the workbook's 更正 sheet lists corrected
    pub amended: usize,
    /// errors of earlier notices, corrected by amendments
    pub records: Vec<Restated>,
    /// later events (a judgment outcome recorded after a notice): the notice was true when sent
    pub later: Vec<Restated>,
    pub indicators: Vec<crate::domain::interchange::IndicatorCorrection>,
}

const HEADINGS: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn numbered(n: usize) -> &'static str {
    HEADINGS.get(n).copied().unwrap_or("十")
}

/// "67.6分", or that nothing was scored.
fn average_text(tenths: Option<i64>) -> String {
    match tenths {
        Some(_) => format!("{}分", format_tenths(tenths)),
        None => crate::i18n::t("notice.no_average").to_string(),
    }
}

/// What a topic covers, in words: "重点案件类型为生态环境和资源保护，案由含“征收”".
fn filter_text(f: &Filter) -> String {
    use crate::i18n::tf;
    let mut parts = Vec::new();
    if let Some(k) = f.key_category.as_deref().and_then(KeyCategory::from_id) {
        parts.push(tf("notice.filter.key", &[("value", &k.label())]));
    }
    if let Some(c) = &f.cause {
        parts.push(tf("notice.filter.cause", &[("value", c)]));
    }
    if let Some(a) = &f.agency {
        parts.push(tf("notice.filter.agency", &[("value", a)]));
    }
    if let Some(g) = &f.government {
        parts.push(tf("notice.filter.government", &[("value", g)]));
    }
    if parts.is_empty() {
        crate::i18n::t("notice.filter.all").to_string()
    } else {
        parts.join("，")
    }
}

/// "2026年12月1日" from the batch's RFC 3339 time.
fn chinese_date(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|d| {
            use chrono::Datelike;
            format!("{}年{}月{}日", d.year(), d.month(), d.day())
        })
        .unwrap_or_default()
}

/// The 公文 of one letter.
pub fn compose(tpl: &Template, meta: &BatchMeta, letter: &Letter) -> Gongwen {
    let Letter {
        recipient,
        number,
        ind,
        named,
        compare,
        corrections,
        late,
        moved,
        unsigned,
    } = letter;
    let d = &Template::built_in().text;
    // a sentence the court's own template may lack: the built-in one's
    let or = |own: &str, fallback: &str| -> String {
        if own.trim().is_empty() {
            fallback.to_string()
        } else {
            own.to_string()
        }
    };
    let as_of = as_of_day(meta);
    let mut period = meta.period().title().text();
    if let Some(day) = &as_of {
        period.push_str(&fill(&or(&tpl.text.as_of, &d.as_of), &[("date", day)]));
    }
    let year = meta.created_at.get(..4).unwrap_or_default().to_string();
    let scope = if recipient.extract {
        format!("{}及其所属", recipient.government)
    } else {
        String::new()
    };
    let base: Vec<(&str, String)> = vec![
        ("period", period.clone()),
        ("government", recipient.government.clone()),
        ("scope", scope),
        ("court", meta.court.clone()),
        ("year", year.clone()),
        // (a draft's number is left blank, as a 发文字号 is before it is given)
        (
            "n",
            if *number == 0 {
                "\u{3000}\u{3000}".to_string()
            } else {
                number.to_string()
            },
        ),
        (
            "doc",
            crate::i18n::t(if recipient.extract {
                "notice.this_letter"
            } else {
                "notice.this_notice"
            })
            .to_string(),
        ),
    ];
    // every text of the notice, its names from imported batches included, shown safely
    let f = |template: &str, extra: &[(&str, &dyn Display)]| {
        let mut args: Vec<(&str, &dyn Display)> =
            base.iter().map(|(k, v)| (*k, v as &dyn Display)).collect();
        args.extend_from_slice(extra);
        crate::domain::text::shown(&fill(template, &args)).into_owned()
    };
    let mut body = Vec::new();
    let mut h1 = 0;
    let mut heading = |body: &mut Vec<Block>, text: &str| {
        body.push(Block::H1(format!("{}、{text}", numbered(h1))));
        h1 += 1;
    };
    let opening = if recipient.extract {
        &tpl.text.extract_opening
    } else {
        &tpl.text.opening
    };
    body.push(Block::Para(f(opening, &[])));
    if meta.kind == PeriodKind::Topic {
        body.push(Block::Para(f(
            &tpl.text.topic_scope,
            &[
                ("topic", &meta.topic),
                ("filter", &filter_text(&meta.filter)),
            ],
        )));
    }

    // 一、总体情况: appearance, conduct, judgments, comparison
    heading(&mut body, &tpl.text.h_overall);
    let mut h2 = 0;
    let mut sub = |body: &mut Vec<Block>, title: &str, text: String| {
        body.push(Block::H2(format!("（{}）{title}", numbered(h2))));
        body.push(Block::Para(text));
        h2 += 1;
    };
    // a sentence filled where its count is not 0
    let note = |own: &str, fallback: &str, key: &str, n: u64| -> String {
        if n == 0 {
            String::new()
        } else {
            fill(&or(own, fallback), &[(key, &n)])
        }
    };
    let drafts_note = if meta.kind.claims() {
        f(
            &note(&tpl.text.drafts_note, &d.drafts_note, "drafts", ind.drafts),
            &[],
        )
    } else {
        note(
            &tpl.text.report_drafts_note,
            &d.report_drafts_note,
            "drafts",
            ind.drafts,
        )
    };
    let unnotified_note = note(
        &tpl.text.unnotified_note,
        &d.unnotified_note,
        "unnotified",
        ind.heads_unnotified,
    );
    let heads_note = note(
        &tpl.text.heads_note,
        &d.heads_note,
        "unnotified",
        ind.heads_unnotified,
    );
    let commitments_note = note(
        &tpl.text.commitments_note,
        &d.commitments_note,
        "commitments",
        ind.commitments,
    );
    sub(
        &mut body,
        &tpl.text.h_appearance,
        f(
            &tpl.text.appearance,
            &[
                ("drafts_note", &drafts_note),
                ("unnotified_note", &unnotified_note),
                ("unnotified", &ind.heads_unnotified),
                ("drafts", &ind.drafts),
                ("hearings", &ind.hearings),
                ("appearances", &ind.appearances),
                ("notified", &ind.notified),
                ("appeared", &ind.heads_appeared.num),
                ("appeared_rate", &ind.heads_appeared.percent()),
                ("principal", &ind.principal_appeared.num),
                ("principal_rate", &ind.principal_appeared.percent()),
                ("substituted", &ind.lawful_substitution),
                ("absent", &ind.absent_without_reason),
                ("lawyer_only", &ind.lawyer_only),
                ("nobody", &ind.nobody),
            ],
        ),
    );
    sub(
        &mut body,
        &tpl.text.h_conduct,
        f(
            &tpl.text.conduct,
            &[
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
                ("heads_note", &heads_note),
                ("commitments_note", &commitments_note),
                ("unnotified", &ind.heads_unnotified),
                ("average", &average_text(ind.total_average.tenths())),
            ],
        ),
    );
    // judgment performance, per evaluation (人次): a month's reported, a report's recorded
    let outcomes = |i: &Indicators, template: &str| -> Option<String> {
        let outcome = |k: &str| i.performance.get(k).copied().unwrap_or(0);
        let reported: u64 = ["on_time", "late", "enforced", "refused"]
            .iter()
            .map(|k| outcome(k))
            .sum();
        (reported > 0).then(|| {
            f(
                template,
                &[
                    ("reported", &reported),
                    ("on_time", &outcome("on_time")),
                    ("late", &outcome("late")),
                    ("enforced", &outcome("enforced")),
                    ("refused", &outcome("refused")),
                ],
            )
        })
    };
    let judgments = if meta.kind.claims() {
        tpl.text.judgments.clone()
    } else {
        or(&tpl.text.report_judgments, &d.report_judgments)
    };
    if let Some(text) = outcomes(ind, &judgments) {
        sub(&mut body, &tpl.text.h_judgments, text);
    }
    if let Some(c) = compare {
        let rate = |i: Option<&Indicators>, pick: fn(&Indicators) -> String| {
            i.map(pick).unwrap_or_else(|| "—".to_string())
        };
        let heads = |i: &Indicators| i.heads_appeared.percent();
        let principal = |i: &Indicators| i.principal_appeared.percent();
        let spoke = |i: &Indicators| i.heads_spoke.percent();
        sub(
            &mut body,
            &tpl.text.h_compare,
            f(
                &tpl.text.compare,
                &[
                    ("rate", &heads(ind)),
                    ("rate_prev", &rate(c.previous.as_ref(), heads)),
                    ("rate_year", &rate(c.year_before.as_ref(), heads)),
                    ("principal", &principal(ind)),
                    ("principal_prev", &rate(c.previous.as_ref(), principal)),
                    ("principal_year", &rate(c.year_before.as_ref(), principal)),
                    ("spoke", &spoke(ind)),
                    ("spoke_prev", &rate(c.previous.as_ref(), spoke)),
                    ("spoke_year", &rate(c.year_before.as_ref(), spoke)),
                ],
            ),
        );
        if let Some(day) = &as_of {
            body.push(Block::Para(f(
                &or(&tpl.text.compare_partial, &d.compare_partial),
                &[("date", day)],
            )));
        }
    }
    if !meta.kind.claims() && *moved > 0 {
        body.push(Block::Para(f(
            &or(&tpl.text.report_moved, &d.report_moved),
            &[("moved", moved)],
        )));
    }

    if !unsigned.is_empty() {
        body.push(Block::Para(f(
            &or(&tpl.text.unsigned_batches, &d.unsigned_batches),
            &[("batches", &unsigned.join("、"))],
        )));
    }

    // 二、应予通报的情形
    heading(&mut body, &tpl.text.h_named);
    let more = |body: &mut Vec<Block>, shown: usize, total: usize| {
        if total > shown {
            body.push(Block::Para(f(
                &tpl.text.more,
                &[("shown", &shown), ("total", &total)],
            )));
        }
    };
    let items = |body: &mut Vec<Block>, template: &str, list: &Capped<NamedCase>| {
        for (n, (case, agency, situations)) in list.items.iter().enumerate() {
            body.push(Block::Para(f(
                template,
                &[
                    ("i", &(n + 1)),
                    ("case", case),
                    ("agency", agency),
                    ("situations", situations),
                ],
            )));
        }
    };
    if named.flagged.is_empty() {
        body.push(Block::Para(f(&tpl.text.no_named, &[])));
    } else {
        body.push(Block::Para(f(
            &tpl.text.named_intro,
            &[("count", &named.flagged.total)],
        )));
        items(&mut body, &tpl.text.named_item, &named.flagged);
        more(&mut body, named.flagged.items.len(), named.flagged.total);
    }

    // the judicial suggestions the court sent for those situations, and the replies, in the period
    if ind.suggestions_sent > 0 || ind.suggestions_replied > 0 {
        body.push(Block::Para(f(
            &or(&tpl.text.suggestions, &d.suggestions),
            &[
                ("sent", &ind.suggestions_sent),
                ("replied", &ind.suggestions_replied),
            ],
        )));
    }

    // 三、表现突出的负责人 (heads only)
    heading(&mut body, &tpl.text.h_commend);
    if named.commended.is_empty() {
        body.push(Block::Para(f(&tpl.text.no_commend, &[])));
    } else {
        body.push(Block::Para(f(&tpl.text.commend_intro, &[])));
        for (n, (case, agency, title, person, total)) in named.commended.items.iter().enumerate() {
            body.push(Block::Para(f(
                &tpl.text.commend_item,
                &[
                    ("i", &(n + 1)),
                    ("case", case),
                    ("agency", agency),
                    ("title", title),
                    ("person", person),
                    ("total", total),
                ],
            )));
        }
        more(
            &mut body,
            named.commended.items.len(),
            named.commended.total,
        );
    }

    // 四、补报及待报 (a month's batch only)
    let drafts = ind.drafts;
    let late_outcomes =
        late.and_then(|l| outcomes(l, &or(&tpl.text.late_judgments, &d.late_judgments)));
    if meta.kind.claims() && (named.late > 0 || drafts > 0) {
        heading(&mut body, &tpl.text.h_late);
        if named.late > 0 {
            body.push(Block::Para(f(&tpl.text.late, &[("late", &named.late)])));
            if let Some(text) = late_outcomes {
                body.push(Block::Para(text));
            }
            if !named.late_flagged.is_empty() {
                body.push(Block::Para(f(&tpl.text.late_named_intro, &[])));
                items(&mut body, &tpl.text.late_item, &named.late_flagged);
                more(
                    &mut body,
                    named.late_flagged.items.len(),
                    named.late_flagged.total,
                );
            }
        }
        if drafts > 0 {
            body.push(Block::Para(f(&tpl.text.drafts, &[("drafts", &drafts)])));
        }
    }

    // a statement about a record, now changed, numbered `i`
    let restated = |template: &str, i: usize, r: &Restated| {
        Block::Para(f(
            template,
            &[
                ("i", &i),
                ("batch", &r.batch),
                ("case", &r.case),
                ("agency", &r.agency),
                ("person", &r.person),
                ("was", &r.was),
                ("now", &r.now),
                ("why", &r.why),
            ],
        ))
    };
    // 更正说明: what earlier notices stated that is no longer true
    if !corrections.records.is_empty()
        || !corrections.indicators.is_empty()
        || corrections.amended > 0
    {
        heading(&mut body, &or(&tpl.text.h_corrections, &d.h_corrections));
        if !corrections.records.is_empty() || !corrections.indicators.is_empty() {
            body.push(Block::Para(f(
                &or(&tpl.text.corrections_intro, &d.corrections_intro),
                &[],
            )));
        }
        let mut i = 0;
        let item = or(&tpl.text.correction_item, &d.correction_item);
        for r in &corrections.records {
            i += 1;
            body.push(restated(&item, i, r));
        }
        for c in &corrections.indicators {
            i += 1;
            body.push(Block::Para(f(
                &or(&tpl.text.correction_indicator, &d.correction_indicator),
                &[
                    ("i", &i),
                    ("batch", &c.batch),
                    ("label", &c.label),
                    ("was", &c.was),
                    ("now", &c.now),
                ],
            )));
        }
        if corrections.amended > 0 {
            body.push(Block::Para(f(
                &or(&tpl.text.corrections_sheet, &d.corrections_sheet),
                &[("count", &corrections.amended)],
            )));
        }
    }

    // later events: what changed after a notice that was true when sent
    if !corrections.later.is_empty() {
        heading(&mut body, &or(&tpl.text.h_later, &d.h_later));
        body.push(Block::Para(f(
            &or(&tpl.text.later_intro, &d.later_intro),
            &[],
        )));
        let item = or(&tpl.text.later_item, &d.later_item);
        for (n, r) in corrections.later.iter().enumerate() {
            body.push(restated(&item, n + 1, r));
        }
    }

    // 工作要求; an extract's requests, a letter's
    let (h_requirements, requirements) = if recipient.extract {
        (
            or(&tpl.text.h_extract_requirements, &d.h_extract_requirements),
            if tpl.text.extract_requirements.is_empty() {
                &d.extract_requirements
            } else {
                &tpl.text.extract_requirements
            },
        )
    } else {
        (tpl.text.h_requirements.clone(), &tpl.text.requirements)
    };
    if let Some((first, rest)) = requirements.split_first() {
        heading(&mut body, &h_requirements);
        body.push(Block::Para(f(first, &[])));
        for r in rest {
            body.push(Block::Para(f(r, &[])));
        }
    }

    let date = chinese_date(&meta.created_at);
    let attachments = if recipient.extract {
        &tpl.text.extract_attachments
    } else {
        &tpl.text.attachments
    };
    Gongwen {
        // a 函 to another government in the 信函格式 (§10.1), the notice in the 文件格式: see
        // README, "Rules chosen"
        form: if recipient.extract {
            Form::Letter
        } else {
            Form::File
        },
        issuer_mark: if tpl.issuer.trim().is_empty() {
            f("{court}", &[])
        } else {
            f(&tpl.issuer, &[])
        },
        doc_number: f(
            if recipient.extract {
                &tpl.extract_doc_number
            } else {
                &tpl.doc_number
            },
            &[],
        ),
        title: f(
            if recipient.extract {
                &tpl.extract_title
            } else {
                &tpl.title
            },
            &[],
        ) + &if *number == 0 {
            or(&tpl.text.draft, &d.draft)
        } else {
            String::new()
        },
        main_recipients: f("{government}、{bureau}：", &[("bureau", &recipient.bureau)]),
        body,
        attachments: attachments.iter().map(|a| f(a, &[])).collect(),
        signature: f("{court}", &[]),
        date: date.clone(),
        cc: tpl.cc.iter().map(|c| f(c, &[])).collect(),
        printer: f(&tpl.printer, &[]),
        print_date: if date.is_empty() {
            String::new()
        } else {
            format!("{date}印发")
        },
    }
}

/// Writes one notice or extract.
pub fn write(
    path: &Path,
    tpl: &Template,
    meta: &BatchMeta,
    letter: &Letter,
) -> std::io::Result<()> {
    super::gongwen::write(path, &compose(tpl, meta, letter))
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
        assert!(t.doc_number.contains("{year}") && t.doc_number.contains("{n}"));
    }

    #[test]
    fn an_extract_is_a_letter_and_the_notice_a_file() {
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 9, d).unwrap();
        let meta = BatchMeta {
            id: "2026-09".into(),
            kind: PeriodKind::Month,
            from: day(1),
            to: day(30),
            topic: String::new(),
            court: "合肥市蜀山区人民法院".into(),
            court_code: "皖0104".into(),
            created_at: "2026-10-08T09:00:00+08:00".into(),
            folder: String::new(),
            appearances: 0,
            evaluations: 0,
            late: 0,
            outcomes: 0,
            drafts: 0,
            filter: Filter::default(),
            doc_number: 1,
            han_first: 1,
            corrections: 0,
            chain_head: String::new(),
            files: Vec::new(),
        };
        let tpl = Template::default_template();
        let (ind, named, corrections) = (
            Indicators::default(),
            Named::default(),
            CorrectionText::default(),
        );
        let form = |extract| {
            let recipient = Recipient {
                government: "合肥市人民政府".into(),
                bureau: "合肥市司法局".into(),
                extract,
                files: Vec::new(),
            };
            let letter = Letter {
                recipient: &recipient,
                number: 1,
                ind: &ind,
                named: &named,
                compare: None,
                corrections: &corrections,
                late: None,
                moved: 0,
                unsigned: &[],
            };
            let doc = compose(&tpl, &meta, &letter);
            (doc.form, doc.doc_number)
        };
        assert_eq!(form(true), (Form::Letter, "蜀法函〔2026〕1号".to_string()));
        assert_eq!(form(false), (Form::File, "蜀法〔2026〕1号".to_string()));
    }

    #[test]
    fn a_list_names_at_most_its_cap_and_counts_the_rest() {
        let mut a: Capped<usize> = Capped::default();
        for i in 0..250 {
            a.push(|| i);
        }
        assert_eq!((a.items.len(), a.total), (NAMED_AT_MOST, 250));
        let mut b: Capped<usize> = Capped::default();
        b.push(|| 7);
        let mut all = Capped::default();
        all.extend(&b);
        all.extend(&a);
        assert_eq!(
            (all.items.len(), all.total, all.items[0]),
            (NAMED_AT_MOST, 251, 7)
        );
    }
}
