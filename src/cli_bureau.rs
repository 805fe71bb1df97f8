//! A justice bureau on the command line: `sample` draws heads' appearances to review on video,
//! `review` scores them on the bureau's rubric, `satisfaction import` reads the public's
//! responses, `scorecard` makes the 考核 table (json, xlsx) and the bureau's notice.

use crate::Court;
use crate::config::Loaded;
use crate::domain::bureau::OrgKind;
use crate::domain::period::Period;
use crate::domain::text::shown;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use std::collections::BTreeMap;
use std::io::Write;

#[derive(clap::Args, Debug)]
pub struct SampleArgs {
    /// the month (2026-11) or any period whose heads' appearances are drawn from
    #[arg(long)]
    pub period: String,
    /// how many to draw
    #[arg(long)]
    pub size: usize,
    /// at most this many of one agency
    #[arg(long)]
    pub per_agency: Option<usize>,
    /// the seed: the same seed and records give the same draw
    #[arg(long)]
    pub seed: u64,
    /// why a period drawn already is drawn again (both draws stay in the audit log)
    #[arg(long, default_value = "")]
    pub reason: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct ReviewArgs {
    /// the period of the draw
    #[arg(long)]
    pub period: String,
    #[command(subcommand)]
    pub command: Option<ReviewCommand>,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Subcommand, Debug)]
pub enum ReviewCommand {
    /// Score a drawn appearance (its number in the draw): --score manner=18 ... ; a finalized
    /// review changes only with --reason
    Set {
        n: i64,
        #[arg(long = "score", value_name = "DIMENSION=POINTS")]
        scores: Vec<String>,
        #[arg(long, default_value = "")]
        note: String,
        /// the reviewer
        #[arg(long)]
        by: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Finalize a drawn appearance's review (every dimension scored)
    Finalize {
        n: i64,
        #[arg(long)]
        by: String,
    },
}

#[derive(clap::Args, Debug)]
pub struct SatisfactionArgs {
    #[command(subcommand)]
    pub command: SatisfactionCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum SatisfactionCommand {
    /// Import responses (.csv or .xlsx): 案号, 被告机关, 评价 (满意/基本满意/不满意), 意见
    Import {
        file: std::path::PathBuf,
        #[arg(long)]
        sheet: Option<String>,
        /// keep the right rows when some cells are wrong (they are said either way)
        #[arg(long)]
        skip_invalid: bool,
    },
}

#[derive(clap::Args, Debug)]
pub struct ScorecardArgs {
    /// the period: a year (2026), a half, a quarter or a month
    #[arg(long)]
    pub period: String,
    #[arg(long)]
    pub json: bool,
    /// write the workbook and the bureau's notice (通报) into this folder
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// the notice as a draft: no number used
    #[arg(long)]
    pub draft: bool,
}

/// Refused unless this is a bureau's configuration and database.
pub fn bureau_only(court: &mut Court, loaded: &Loaded, what: &str) -> anyhow::Result<()> {
    if loaded.config.org != OrgKind::Bureau {
        anyhow::bail!(tf("bureau.err.court_config", &[("what", &what)]));
    }
    court.claim_org(OrgKind::Bureau)?;
    Ok(())
}

fn period(p: &str) -> anyhow::Result<Period> {
    Period::parse(p).map_err(|m| anyhow::Error::msg(m.text()))
}

pub fn sample(court: &mut Court, loaded: &Loaded, a: SampleArgs) -> anyhow::Result<()> {
    bureau_only(court, loaded, "sample")?;
    let p = period(&a.period)?;
    let drawn = court.draw_sample(
        &p,
        a.size,
        a.per_agency,
        a.seed,
        &a.reason,
        &loaded.config.org_governments,
    )?;
    print_sampled(&drawn, a.json, &loaded.bureau_rubric)?;
    if !a.json {
        say!(
            "{}",
            tf(
                "bureau.drawn",
                &[
                    ("n", &drawn.len()),
                    ("period", &p.title().text()),
                    ("seed", &a.seed)
                ]
            )
        );
    }
    Ok(())
}

fn print_sampled(
    rows: &[tingping_app::court::Sampled],
    json: bool,
    rubric: &crate::domain::bureau::BureauRubric,
) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for s in rows {
        let r = &s.record;
        let court_total = r.eval.as_ref().and_then(|e| e.total_tenths);
        if json {
            let review = s.review.as_ref().map(|v| {
                serde_json::json!({
                    "id": v.id, "scores": v.scores, "total": v.total(), "note": v.note,
                    "reviewer": v.reviewer, "finalized": v.finalized,
                    "differs": court_total.is_some_and(|c| crate::domain::bureau::differs(c, v.total(), rubric.margin)),
                })
            });
            writeln!(
                out,
                "{}",
                serde_json::json!({
                    "n": s.seq, "court_code": s.court_code, "uid": r.id, "case_number": r.case_number,
                    "hearing_date": r.hearing_date, "agency": r.agency, "person": r.person, "title": r.title,
                    "court_total": court_total.map(|t| t as f64 / 10.0), "review": review,
                })
            )?;
        } else {
            let state = match &s.review {
                None => t("bureau.review.none").to_string(),
                Some(v) if v.finalized => tf("bureau.review.final", &[("total", &v.total())]),
                Some(v) => tf("bureau.review.draft", &[("total", &v.total())]),
            };
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}",
                s.seq,
                shown(&r.case_number),
                r.hearing_date,
                shown(&r.agency),
                shown(&format!("{} {}", r.person, r.title)),
                state
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

pub fn review(court: &mut Court, loaded: &Loaded, a: ReviewArgs) -> anyhow::Result<()> {
    bureau_only(court, loaded, "review")?;
    let p = period(&a.period)?;
    let rubric = &loaded.bureau_rubric;
    let drawn = court.sampled(&p)?;
    let pick = |n: i64| -> anyhow::Result<&tingping_app::court::Sampled> {
        drawn.iter().find(|s| s.seq == n).ok_or_else(|| {
            anyhow::anyhow!(tf(
                "bureau.err.no_such_draw",
                &[
                    ("n", &n),
                    ("period", &p.title().text()),
                    ("count", &drawn.len())
                ]
            ))
        })
    };
    match a.command {
        None => print_sampled(&drawn, a.json, rubric),
        Some(ReviewCommand::Set {
            n,
            scores,
            note,
            by,
            reason,
        }) => {
            let s = pick(n)?;
            let mut map: BTreeMap<String, i64> = s
                .review
                .as_ref()
                .map(|r| r.scores.clone())
                .unwrap_or_default();
            for pair in &scores {
                let (k, v) = pair.split_once('=').ok_or_else(|| {
                    anyhow::anyhow!(tf("bureau.err.score_arg", &[("value", &shown(pair))]))
                })?;
                let v: i64 = v.trim().parse().map_err(|_| {
                    anyhow::anyhow!(tf("bureau.err.score_arg", &[("value", &shown(pair))]))
                })?;
                map.insert(k.trim().to_string(), v);
            }
            let note = if note.is_empty() {
                s.review
                    .as_ref()
                    .map(|r| r.note.clone())
                    .unwrap_or_default()
            } else {
                note
            };
            court.save_review(
                rubric,
                &s.court_code,
                &s.record.id,
                &map,
                &note,
                &by,
                reason.as_deref(),
            )?;
            say!(
                "{}",
                tf(
                    "bureau.review.saved",
                    &[("n", &n), ("total", &map.values().sum::<i64>())]
                )
            );
            Ok(())
        }
        Some(ReviewCommand::Finalize { n, by }) => {
            let s = pick(n)?;
            let Some(r) = &s.review else {
                anyhow::bail!(tf("bureau.err.not_reviewed", &[("n", &n)]));
            };
            court.finalize_review(rubric, r.id, &by)?;
            say!(
                "{}",
                tf(
                    "bureau.review.finalized",
                    &[("n", &n), ("total", &r.total())]
                )
            );
            Ok(())
        }
    }
}

pub fn satisfaction(court: &mut Court, loaded: &Loaded, a: SatisfactionArgs) -> anyhow::Result<()> {
    bureau_only(court, loaded, "satisfaction")?;
    let SatisfactionCommand::Import {
        file,
        sheet,
        skip_invalid,
    } = a.command;
    let read = court
        .import_satisfaction(&file, sheet.as_deref(), skip_invalid)
        .map_err(anyhow::Error::msg)?;
    for w in &read.wrong {
        say!(
            "{}",
            crate::i18n::Render::text(&tingping_core::msg::Told::told(w))
        );
    }
    for u in &read.matched.unmatched {
        say!(
            "{}",
            tf(
                "satisfaction.unmatched",
                &[
                    ("row", &u.row),
                    ("case", &u.case_number),
                    ("agency", &shown(&u.agency))
                ]
            )
        );
    }
    if !read.wrong.is_empty() && !skip_invalid {
        anyhow::bail!(tf("satisfaction.refused", &[("n", &read.wrong.len())]));
    }
    say!(
        "{}",
        tf(
            "satisfaction.done",
            &[
                ("kept", &read.matched.kept),
                ("again", &read.matched.again),
                ("read", &read.read),
                ("unmatched", &read.matched.unmatched.len()),
                ("wrong", &read.wrong.len())
            ]
        )
    );
    Ok(())
}

pub fn scorecard(court: &mut Court, loaded: &Loaded, a: ScorecardArgs) -> anyhow::Result<()> {
    bureau_only(court, loaded, "scorecard")?;
    let p = period(&a.period)?;
    let c = &loaded.config;
    let card = court.scorecard(
        &c.org_name,
        &p,
        &c.org_governments,
        &c.weights,
        loaded.bureau_rubric.margin,
    )?;
    if a.json {
        say!("{}", serde_json::to_string(&card)?);
    } else {
        for line in crate::report::scorecard::table_lines(&card) {
            say!("{line}");
        }
    }
    if let Some(dir) = a.out {
        // (the number is taken once both files are written: a refused folder uses none)
        let year = chrono::Datelike::year(&chrono::Local::now().date_naive());
        let number = if a.draft {
            0
        } else {
            court.next_bureau_notice(year, false)?
        };
        let files = crate::report::scorecard::write(
            &dir,
            &card,
            &p,
            &loaded.notice,
            number,
            c.shared_group,
        )
        .map_err(|e| anyhow::Error::msg(e.to_string()))?;
        if !a.draft {
            court.next_bureau_notice(year, true)?;
        }
        for f in files {
            say!(
                "{}",
                tf(
                    "suggestion.printed",
                    &[("path", &shown(&f.display().to_string()))]
                )
            );
        }
    }
    Ok(())
}
