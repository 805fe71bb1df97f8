//! The judicial suggestion (司法建议书) as a 公文 (GB/T 9704, in the form of 法〔2012〕74号): the
//! court's mark and the suggestion's own 文号, the title, the recipient, the facts from the
//! records, the problem, its cause, the suggestion, the request to reply, the court and the date,
//! and the copies. Its wording is the court's (`[suggestion]` in notice.toml), each sentence the
//! built-in one's where the court's template lacks it.

use super::gongwen::{Block, Form, Gongwen};
use crate::domain::notice::{SuggestionText, Template};
use crate::domain::suggestion::{Concerned, Status, Suggestion, Texts};
use crate::i18n::fill;
use chrono::{Datelike, NaiveDate};
use std::fmt::Display;

/// "2026年11月3日".
pub fn chinese_day(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The court's sentence, or the built-in one where it has none.
fn or<'a>(own: &'a str, fallback: &'a str) -> &'a str {
    if own.trim().is_empty() { fallback } else { own }
}

/// The wording in force: the court's, each missing piece the built-in one's.
struct Words<'a> {
    own: &'a SuggestionText,
    built_in: &'a SuggestionText,
}

impl Words<'_> {
    fn of(tpl: &Template) -> Words<'_> {
        Words {
            own: &tpl.suggestion,
            built_in: &Template::built_in().suggestion,
        }
    }
    fn get(&self, pick: fn(&SuggestionText) -> &String) -> &str {
        or(pick(self.own), pick(self.built_in))
    }
    fn list(&self, pick: fn(&SuggestionText) -> &Vec<String>) -> &[String] {
        if pick(self.own).is_empty() {
            pick(self.built_in)
        } else {
            pick(self.own)
        }
    }
}

/// Every text shown safely: a name from outside cannot reach the file as a control character.
fn filled(template: &str, args: &[(&str, &dyn Display)]) -> String {
    crate::domain::text::shown(&fill(template, args)).into_owned()
}

/// The situations of an appearance in words with their provisions ("无正当理由不出庭或理由不成立
/// （第十二条第一款第（一）项）；…"), in Chinese whatever the user's language: they go into the
/// document, which is the court's (its wording is notice.toml's).
pub fn situations_text(ids: &[String]) -> String {
    ids.iter()
        .map(|f| {
            let key = crate::domain::model::flag_key(f);
            match crate::i18n::t_in(crate::i18n::Lang::Zh, &key) {
                s if s == key => f.clone(),
                s => s.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// A new draft's texts from the records (`concerned`) and the court's wording: the facts one
/// line per appearance, the problem, its cause and the suggestion as the template says them.
pub fn draft_texts(tpl: &Template, agency: &str, concerned: &[Concerned]) -> Texts {
    let w = Words::of(tpl);
    let facts = concerned
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let date = NaiveDate::parse_from_str(&c.hearing_date, "%Y-%m-%d")
                .map(chinese_day)
                .unwrap_or_else(|_| c.hearing_date.clone());
            filled(
                w.get(|t| &t.fact_item),
                &[
                    ("i", &(i + 1)),
                    ("date", &date),
                    ("case", &c.case_number),
                    ("agency", &agency),
                    ("situations", &situations_text(&c.situations)),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let one = |pick: fn(&SuggestionText) -> &String| filled(w.get(pick), &[("agency", &agency)]);
    Texts {
        facts,
        problem: one(|t| &t.problem),
        cause: one(|t| &t.cause),
        suggestion: w
            .list(|t| &t.suggestion)
            .iter()
            .map(|p| filled(p, &[("agency", &agency)]))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// The copies a new draft takes: the template's, filled, without the recipient itself.
pub fn draft_cc(tpl: &Template, agency: &str, recipient: &str) -> Vec<String> {
    Words::of(tpl)
        .list(|t| &t.cc)
        .iter()
        .map(|c| filled(c, &[("agency", &agency)]))
        .filter(|c| !c.trim().is_empty() && c != recipient)
        .collect()
}

/// The document of a suggestion. A draft reads （草稿） after its title and leaves its number
/// blank, as a 文号 is before it is given; its request to reply counts `reply_days` from receipt.
pub fn compose(tpl: &Template, court: &str, s: &Suggestion, reply_days: u32) -> Gongwen {
    let w = Words::of(tpl);
    let draft = s.status == Status::Draft;
    let cases = s.cases().join("、");
    let fill_with = |template: &str, extra: &[(&str, &dyn Display)]| {
        let mut a: Vec<(&str, &dyn Display)> = vec![
            ("court", &court),
            ("agency", &s.agency),
            ("recipient", &s.recipient),
        ];
        a.extend_from_slice(extra);
        filled(template, &a)
    };
    let paragraphs = |text: &str| -> Vec<Block> {
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| Block::Para(crate::domain::text::shown(l.trim()).into_owned()))
            .collect()
    };
    let mut body = vec![Block::Para(fill_with(
        w.get(|t| &t.opening),
        &[("cases", &cases)],
    ))];
    let sections = [
        (w.get(|t| &t.h_facts), &s.texts.facts),
        (w.get(|t| &t.h_problem), &s.texts.problem),
        (w.get(|t| &t.h_cause), &s.texts.cause),
        (w.get(|t| &t.h_suggestion), &s.texts.suggestion),
    ];
    let mut n = 0;
    for (heading, text) in sections {
        if text.trim().is_empty() {
            continue;
        }
        body.push(Block::H1(format!(
            "{}、{}",
            ["一", "二", "三", "四"][n],
            fill_with(heading, &[])
        )));
        n += 1;
        body.extend(paragraphs(text));
    }
    body.push(Block::Para(match (draft, s.deadline) {
        (false, Some(d)) => fill_with(w.get(|t| &t.reply), &[("deadline", &chinese_day(d))]),
        _ => fill_with(w.get(|t| &t.reply_draft), &[("days", &reply_days)]),
    }));
    let year = s.sent_on.unwrap_or(s.drafted_on).year();
    let number = if draft {
        fill_with(
            w.get(|t| &t.doc_number),
            &[("year", &year), ("n", &"\u{3000}\u{3000}")],
        )
    } else {
        crate::domain::text::shown(&s.number).into_owned()
    };
    let issuer = if tpl.issuer.trim().is_empty() {
        court.to_string()
    } else {
        fill_with(&tpl.issuer, &[])
    };
    Gongwen {
        form: Form::File,
        issuer_mark: issuer,
        doc_number: number,
        title: fill_with(w.get(|t| &t.title), &[])
            + if draft {
                or(&tpl.text.draft, &Template::built_in().text.draft)
            } else {
                ""
            },
        main_recipients: format!("{}：", crate::domain::text::shown(&s.recipient)),
        body,
        attachments: Vec::new(),
        signature: crate::domain::text::shown(court).into_owned(),
        date: chinese_day(s.sent_on.unwrap_or(s.drafted_on)),
        cc: s
            .cc
            .iter()
            .map(|c| crate::domain::text::shown(c).into_owned())
            .collect(),
        printer: String::new(),
        print_date: String::new(),
    }
}

/// Writes a suggestion's document into a file opened by the caller.
pub fn write(
    file: std::fs::File,
    tpl: &Template,
    court: &str,
    s: &Suggestion,
    reply_days: u32,
) -> std::io::Result<()> {
    super::gongwen::write_to(file, &compose(tpl, court, s, reply_days))
}
