//! A justice bureau's 考核 scorecard: the workbook (one line per agency, each figure with its
//! numbers, the formula under the table, the differences from the courts' evaluations) and the
//! notice (通报) in GB/T 9704's 文件格式, from the bureau's wording (`[bureau]` in notice.toml).

use super::gongwen::{Block, Form, Gongwen};
use crate::domain::bureau::{Part, Scorecard, Weights};
use crate::domain::indicators::{Avg, Rate, tenths_text};
use crate::domain::notice::{BureauText, Template};
use crate::i18n::{fill, t, tf};
use rust_xlsxwriter::{Format, Workbook};
use std::fmt::Display;

/// "80.0%（8/10）", "—" without data, in the user's language.
pub fn rate(p: &Part) -> String {
    rate_in(p, crate::i18n::lang())
}

/// [`rate`] in `lang` (the bureau's notice is in Chinese whatever the user's language).
fn rate_in(p: &Part, lang: crate::i18n::Lang) -> String {
    if p.value().is_none() {
        return "—".to_string();
    }
    // the registry's rounding (half up, in integers): a part's counts are whole or halves
    // (基本满意 counts ½), so twice each is whole and the ratio the same
    let whole = Rate {
        num: (p.num * 2.0).round() as u64,
        den: (p.den * 2.0).round() as u64,
    };
    crate::i18n::say_in(
        lang,
        &crate::i18n::Msg::new("common.rate")
            .arg("p", whole.percent())
            .arg("n", p.num)
            .arg("d", p.den),
    )
}

/// The spot checks' average of 100 (its points over 100 a review), "—" without reviews: the
/// registry's average, in tenths rounded half up.
pub fn average(p: &Part) -> String {
    let reviews = (p.den / 100.0).round() as i64;
    tenths_text(
        Avg {
            sum_tenths: (p.num * 10.0).round() as i64,
            n: reviews,
        }
        .tenths(),
    )
}

/// The composite's formula in words, with the weights.
pub fn formula(w: &Weights) -> String {
    formula_in(w, crate::i18n::lang())
}

fn formula_in(w: &Weights, lang: crate::i18n::Lang) -> String {
    crate::i18n::say_in(
        lang,
        &crate::i18n::Msg::new("scorecard.formula")
            .arg("a", w.appearance)
            .arg("p", w.principal)
            .arg("s", w.spoke)
            .arg("r", w.resolution)
            .arg("v", w.spot_check)
            .arg("m", w.satisfaction)
            .arg("k", w.art12_penalty),
    )
}

fn composite(c: Option<f64>) -> String {
    c.map_or("—".to_string(), |v| format!("{v:.1}"))
}

/// The table's header, in the user's language.
pub fn headers() -> Vec<String> {
    [
        "scorecard.col.rank",
        "scorecard.col.agency",
        "scorecard.col.government",
        "scorecard.col.appearances",
        "scorecard.col.appearance",
        "scorecard.col.principal",
        "scorecard.col.spoke",
        "scorecard.col.resolution",
        "scorecard.col.art12",
        "scorecard.col.spot_check",
        "scorecard.col.satisfaction",
        "scorecard.col.composite",
    ]
    .iter()
    .map(|k| t(k).to_string())
    .collect()
}

/// Each agency's line as text cells, in rank order.
pub fn rows(card: &Scorecard) -> Vec<Vec<String>> {
    card.lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                (i + 1).to_string(),
                l.agency.clone(),
                l.government.clone(),
                l.appearances.to_string(),
                rate(&l.appearance),
                rate(&l.principal),
                rate(&l.spoke),
                rate(&l.resolution),
                l.art12.to_string(),
                tf(
                    "scorecard.spot",
                    &[("avg", &average(&l.spot_check)), ("n", &l.reviews)],
                ),
                if l.satisfaction.den > 0.0 {
                    tf(
                        "scorecard.satisfaction",
                        &[
                            ("rate", &rate(&l.satisfaction)),
                            ("s", &l.satisfied),
                            ("b", &l.basic),
                            ("d", &l.dissatisfied),
                        ],
                    )
                } else {
                    t("scorecard.no_responses").to_string()
                },
                composite(l.composite),
            ]
        })
        .collect()
}

/// The workbook: the table, the formula under it, the differences on a sheet of their own. A
/// cell is written as text: nothing an agency's name holds can start a formula.
pub fn write_xlsx(file: std::fs::File, card: &Scorecard) -> std::io::Result<()> {
    let io = |e: rust_xlsxwriter::XlsxError| std::io::Error::other(e.to_string());
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_font_name("宋体");
    let plain = Format::new().set_font_name("宋体");
    let ws = wb.add_worksheet();
    ws.set_name(t("scorecard.sheet")).map_err(io)?;
    ws.write_string_with_format(
        0,
        0,
        tf(
            "scorecard.title",
            &[("org", &card.org), ("period", &card.period)],
        ),
        &bold,
    )
    .map_err(io)?;
    for (c, h) in headers().iter().enumerate() {
        ws.write_string_with_format(2, c as u16, h, &bold)
            .map_err(io)?;
        ws.set_column_width(c as u16, if c == 1 { 28.0 } else { 16.0 })
            .map_err(io)?;
    }
    let rows = rows(card);
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string_with_format(3 + r as u32, c as u16, cell, &plain)
                .map_err(io)?;
        }
    }
    let below = 4 + rows.len() as u32;
    ws.write_string_with_format(below, 0, formula(&card.weights), &plain)
        .map_err(io)?;
    let ws = wb.add_worksheet();
    ws.set_name(t("scorecard.sheet_differences")).map_err(io)?;
    for (c, h) in [
        "scorecard.col.court_code",
        "list.col.case",
        "scorecard.col.agency",
        "scorecard.col.court_total",
        "scorecard.col.bureau_total",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(0, c as u16, t(h), &bold)
            .map_err(io)?;
        ws.set_column_width(c as u16, 24.0).map_err(io)?;
    }
    for (r, d) in card.differences.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, &d.court_code).map_err(io)?;
        ws.write_string(r, 1, &d.case_number).map_err(io)?;
        ws.write_string(r, 2, &d.agency).map_err(io)?;
        ws.write_number(r, 3, d.court_total).map_err(io)?;
        ws.write_number(r, 4, d.bureau_total as f64).map_err(io)?;
    }
    wb.save_to_writer(file).map_err(io)
}

/// The bureau's wording in force: its own, each missing piece the built-in one's.
fn word(own: &BureauText, pick: fn(&BureauText) -> &String) -> &str {
    let o = pick(own);
    if o.trim().is_empty() {
        pick(&Template::built_in().bureau)
    } else {
        o
    }
}

fn list(own: &BureauText, pick: fn(&BureauText) -> &Vec<String>) -> &[String] {
    if pick(own).is_empty() {
        pick(&Template::built_in().bureau)
    } else {
        pick(own)
    }
}

/// The notice of the scorecard: number `n` of `year` (0: a draft, its number blank, its title
/// marked 草稿), dated `date` (2026年12月8日).
pub fn compose_notice(
    tpl: &Template,
    card: &Scorecard,
    period_title: &str,
    year: i32,
    n: i64,
    date: &str,
) -> Gongwen {
    let b = &tpl.bureau;
    // (the notice is the bureau's official document: in Chinese, as its wording is)
    let zh = crate::i18n::Lang::Zh;
    let f = |template: &str, extra: &[(&str, &dyn Display)]| {
        let mut args: Vec<(&str, &dyn Display)> =
            vec![("org", &card.org), ("period", &period_title)];
        args.extend_from_slice(extra);
        crate::domain::text::shown(&fill(template, &args)).into_owned()
    };
    let mut body = vec![Block::Para(f(word(b, |x| &x.opening), &[]))];
    body.push(Block::H1(format!(
        "一、{}",
        f(word(b, |x| &x.h_table), &[])
    )));
    for (i, l) in card.lines.iter().enumerate() {
        body.push(Block::Para(f(
            word(b, |x| &x.line),
            &[
                ("i", &(i + 1)),
                ("agency", &l.agency),
                ("composite", &composite(l.composite)),
                ("appearance", &rate_in(&l.appearance, zh)),
                ("principal", &rate_in(&l.principal, zh)),
                ("spoke", &rate_in(&l.spoke, zh)),
                ("resolution", &rate_in(&l.resolution, zh)),
                ("art12", &l.art12),
                ("spot_check", &average(&l.spot_check)),
                ("reviews", &l.reviews),
                ("satisfaction", &rate_in(&l.satisfaction, zh)),
                ("responses", &(l.satisfied + l.basic + l.dissatisfied)),
            ],
        )));
    }
    body.push(Block::Para(f(
        word(b, |x| &x.formula),
        &[("formula", &formula_in(&card.weights, zh))],
    )));
    body.push(Block::H1(format!(
        "二、{}",
        f(word(b, |x| &x.h_differences), &[])
    )));
    if card.differences.is_empty() {
        body.push(Block::Para(f(word(b, |x| &x.no_differences), &[])));
    }
    for d in &card.differences {
        body.push(Block::Para(f(
            word(b, |x| &x.difference),
            &[
                ("case", &d.case_number),
                ("agency", &d.agency),
                ("court", &d.court_total),
                ("bureau", &d.bureau_total),
                ("margin", &card.margin),
            ],
        )));
    }
    let requirements = list(b, |x| &x.requirements);
    if !requirements.is_empty() {
        body.push(Block::H1(format!(
            "三、{}",
            f(word(b, |x| &x.h_requirements), &[])
        )));
        for r in requirements {
            body.push(Block::Para(f(r, &[])));
        }
    }
    let n_text: String = if n == 0 {
        "\u{3000}\u{3000}".to_string()
    } else {
        n.to_string()
    };
    Gongwen {
        form: Form::File,
        issuer_mark: crate::domain::text::shown(&card.org).into_owned(),
        doc_number: f(
            word(b, |x| &x.doc_number),
            &[("year", &year), ("n", &n_text)],
        ),
        title: f(word(b, |x| &x.title), &[])
            + if n == 0 {
                Template::built_in().text.draft.as_str()
            } else {
                ""
            },
        main_recipients: f(word(b, |x| &x.recipients), &[]),
        body,
        attachments: vec![crate::i18n::say_in(
            zh,
            &crate::i18n::Msg::new("scorecard.attachment").arg("period", period_title),
        )],
        signature: crate::domain::text::shown(&card.org).into_owned(),
        date: date.to_string(),
        cc: list(b, |x| &x.cc).iter().map(|c| f(c, &[])).collect(),
        printer: String::new(),
        print_date: String::new(),
    }
}
