//! Judicial suggestions (司法建议书) on the command line: `tingping suggest` drafts one for an art
//! 12 situation, `tingping suggestions` lists them (overdue first) and sends, records the reply,
//! prints, edits or discards one.

use crate::Court;
use crate::domain::suggestion::{RecipientKind, Suggestion};
use crate::domain::text::shown;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::report::ExportError;
use chrono::NaiveDate;
use std::io::Write;
use tingping_app::court::SuggestionRules;

#[derive(clap::Args, Debug)]
pub struct SuggestArgs {
    /// the case number (half-width parentheses are fine); not with --period
    #[arg(required_unless_present = "period", conflicts_with = "period")]
    pub case_number: Option<String>,
    /// the defendant agency, when the case has several (with --period: required)
    #[arg(long)]
    pub agency: Option<String>,
    /// the hearing's date (YYYY-MM-DD), when the case had several hearings
    #[arg(long)]
    pub hearing: Option<String>,
    /// a month (2026-11): every appearance of --agency there with an art 12 situation and no
    /// suggestion yet, in one suggestion
    #[arg(long, requires = "agency")]
    pub period: Option<String>,
    /// superior (the agency's 上一级行政机关, default) or supervisory (the 监察机关 configured)
    #[arg(long, default_value = "superior")]
    pub to: String,
    /// the recipient's name, instead of the directory's or the configured one
    #[arg(long)]
    pub recipient: Option<String>,
    /// who drafts it (the judge)
    #[arg(long)]
    pub by: String,
}

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SuggestionsArgs {
    #[command(subcommand)]
    pub command: Option<SuggestionsCommand>,
    /// only those whose reply is overdue (逾期未复)
    #[arg(long)]
    pub overdue: bool,
    /// one JSON object per line: id, number, status, standing, agency, recipient, cases,
    /// drafted_on, sent_on, deadline, overdue_days, replied_on, reply
    #[arg(long)]
    pub json: bool,
    /// the day the list is as of (YYYY-MM-DD; default: today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
}

#[derive(clap::Subcommand, Debug)]
pub enum SuggestionsCommand {
    /// Print one suggestion's facts, texts and state
    Show { id: i64 },
    /// Send a draft: it takes the next 文号 of the year and a reply deadline
    Send {
        id: i64,
        /// the judge who sends it
        #[arg(long)]
        by: String,
        /// the day it is sent (YYYY-MM-DD; default: today)
        #[arg(long)]
        on: Option<String>,
        /// the last day for the reply (YYYY-MM-DD; default: [suggestions] reply_days after it
        /// is sent)
        #[arg(long)]
        deadline: Option<String>,
    },
    /// Record the reply to a sent suggestion (or correct it)
    Reply {
        id: i64,
        /// the day the reply came (YYYY-MM-DD)
        #[arg(long)]
        on: String,
        /// what the reply says, in short
        #[arg(long)]
        summary: String,
    },
    /// Write the suggestion as a .docx (a draft marked 草稿)
    Print {
        id: i64,
        /// the folder to write it into
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Change a draft's texts or recipient
    Edit {
        id: i64,
        #[arg(long)]
        facts: Option<String>,
        #[arg(long)]
        problem: Option<String>,
        #[arg(long)]
        cause: Option<String>,
        #[arg(long)]
        suggestion: Option<String>,
        /// superior or supervisory (with --recipient, or the directory's / configured one)
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        recipient: Option<String>,
    },
    /// Discard a draft (a sent suggestion stays)
    Delete { id: i64 },
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn kind(value: &str) -> anyhow::Result<RecipientKind> {
    RecipientKind::from_id(value.trim()).ok_or_else(|| {
        anyhow::anyhow!(tf(
            "suggestion.err.kind",
            &[
                ("value", &shown(value)),
                ("kinds", &"superior, supervisory")
            ]
        ))
    })
}

/// `tingping suggest CASE …` or `--period M --agency A`.
pub fn suggest(court: &mut Court, rules: &SuggestionRules, a: SuggestArgs) -> anyhow::Result<()> {
    let to = kind(&a.to)?;
    let appearances: Vec<i64> = match (&a.period, &a.case_number) {
        (Some(p), _) => {
            let p = crate::domain::period::Period::parse(p)
                .map_err(|m| anyhow::Error::msg(m.text()))?;
            let found = court.suggestion_candidates(p.from, p.to, a.agency.as_deref())?;
            let open: Vec<i64> = found
                .iter()
                .filter(|c| c.suggestion.is_none())
                .map(|c| c.concerned.appearance_id)
                .collect();
            if open.is_empty() {
                anyhow::bail!(tf(
                    "suggestion.err.none_in_period",
                    &[
                        ("period", &p.title().text()),
                        ("agency", &shown(a.agency.as_deref().unwrap_or_default())),
                        ("taken", &(found.len() - open.len()))
                    ]
                ));
            }
            open
        }
        (None, Some(c)) => {
            let case = crate::cli_records::canonical(c)?;
            let (appearance, _) =
                crate::cli_records::pick(court, &case, a.agency.as_deref(), a.hearing.as_deref())?;
            vec![appearance]
        }
        (None, None) => anyhow::bail!(t("suggestion.err.which")),
    };
    let id = court.draft_suggestion(
        &appearances,
        to,
        a.recipient.as_deref(),
        &a.by,
        today(),
        rules,
    )?;
    let s = court.suggestion(id)?;
    say!(
        "{}",
        tf(
            "suggestion.drafted",
            &[
                ("id", &id),
                ("agency", &shown(&s.agency)),
                ("n", &s.concerned.len()),
                ("recipient", &shown(&s.recipient)),
            ]
        )
    );
    Ok(())
}

/// One suggestion as `suggestions --json` prints it (a date not set is null).
pub fn suggestion_json(s: &Suggestion, today: NaiveDate) -> serde_json::Value {
    let d = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    serde_json::json!({
        "id": s.id,
        "number": s.number,
        "status": s.status,
        "overdue": s.standing(today) == crate::domain::suggestion::Standing::Overdue,
        "standing": s.standing_text(today).text(),
        "agency": s.agency,
        "government": s.government,
        "recipient_kind": s.recipient_kind,
        "recipient": s.recipient,
        "cases": s.cases(),
        "situations": s.concerned.iter().flat_map(|c| c.situations.iter()).collect::<std::collections::BTreeSet<_>>(),
        "drafted_by": s.drafted_by,
        "drafted_on": s.drafted_on.to_string(),
        "sent_on": d(s.sent_on),
        "sent_by": s.sent_by,
        "deadline": d(s.deadline),
        "overdue_days": s.past_deadline(today).filter(|n| *n > 0),
        "replied_on": d(s.replied_on),
        "reply": s.reply,
    })
}

pub fn suggestions(
    court: &mut Court,
    rules: &SuggestionRules,
    a: SuggestionsArgs,
) -> anyhow::Result<()> {
    match a.command {
        None => {
            let today = match &a.as_of {
                Some(d) => crate::cli_followups::date_given(d)?,
                None => today(),
            };
            list(court, today, a.overdue, a.json)
        }
        Some(SuggestionsCommand::Show { id }) => show(court, id),
        Some(SuggestionsCommand::Send {
            id,
            by,
            on,
            deadline,
        }) => {
            let on = match on {
                Some(d) => crate::cli_followups::date_given(&d)?,
                None => today(),
            };
            let deadline = deadline
                .map(|d| crate::cli_followups::date_given(&d))
                .transpose()?;
            let number = court.send_suggestion(id, on, deadline, &by, today(), rules)?;
            let s = court.suggestion(id)?;
            say!(
                "{}",
                tf(
                    "suggestion.sent",
                    &[
                        ("id", &id),
                        ("number", &shown(&number)),
                        ("recipient", &shown(&s.recipient)),
                        (
                            "deadline",
                            &s.deadline.map(|d| d.to_string()).unwrap_or_default()
                        ),
                    ]
                )
            );
            Ok(())
        }
        Some(SuggestionsCommand::Reply { id, on, summary }) => {
            court.record_suggestion_reply(
                id,
                crate::cli_followups::date_given(&on)?,
                &summary,
                today(),
            )?;
            say!("{}", tf("suggestion.replied", &[("id", &id), ("on", &on)]));
            Ok(())
        }
        Some(SuggestionsCommand::Print { id, out }) => {
            let path = court
                .print_suggestion(id, &out, rules)
                .map_err(|e| match e {
                    ExportError::Refused(m) => anyhow::Error::msg(m),
                    e => anyhow::Error::msg(e.to_string()),
                })?;
            say!(
                "{}",
                tf(
                    "suggestion.printed",
                    &[("path", &shown(&path.display().to_string()))]
                )
            );
            Ok(())
        }
        Some(SuggestionsCommand::Edit {
            id,
            facts,
            problem,
            cause,
            suggestion,
            to,
            recipient,
        }) => {
            let s = court.suggestion(id)?;
            let recipient = match (to, recipient) {
                (None, None) => None,
                (to, named) => {
                    let kind = match to {
                        Some(k) => kind(&k)?,
                        None => s.recipient_kind,
                    };
                    Some((
                        kind,
                        court.suggestion_recipient(s.agency_id, kind, named.as_deref(), rules)?,
                    ))
                }
            };
            let texts = crate::domain::suggestion::Texts {
                facts: facts.unwrap_or(s.texts.facts),
                problem: problem.unwrap_or(s.texts.problem),
                cause: cause.unwrap_or(s.texts.cause),
                suggestion: suggestion.unwrap_or(s.texts.suggestion),
            };
            court.edit_suggestion(id, recipient, None, &texts)?;
            say!("{}", tf("suggestion.edited", &[("id", &id)]));
            Ok(())
        }
        Some(SuggestionsCommand::Delete { id }) => {
            court.delete_suggestion(id)?;
            say!("{}", tf("suggestion.deleted", &[("id", &id)]));
            Ok(())
        }
    }
}

fn list(court: &Court, today: NaiveDate, overdue: bool, json: bool) -> anyhow::Result<()> {
    let rows: Vec<Suggestion> = court
        .suggestions(today)?
        .into_iter()
        .filter(|s| !overdue || s.standing(today) == crate::domain::suggestion::Standing::Overdue)
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if json {
        for s in &rows {
            writeln!(out, "{}", suggestion_json(s, today))?;
        }
    } else if rows.is_empty() {
        writeln!(out, "{}", t("suggestion.empty"))?;
    } else {
        writeln!(out, "{}", t("suggestion.cli_header"))?;
        for s in &rows {
            let number = if s.number.is_empty() {
                "—"
            } else {
                &s.number
            };
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}",
                s.id,
                shown(number),
                s.standing_text(today).text(),
                shown(&s.agency),
                shown(&s.recipient),
                shown(&s.cases().join("、")),
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

fn show(court: &Court, id: i64) -> anyhow::Result<()> {
    let s = court.suggestion(id)?;
    let today = today();
    let line = |label: &str, value: &str| format!("{label}：{}", shown(value));
    say!("{}", line(t("suggestion.col.id"), &s.id.to_string()));
    say!(
        "{}",
        line(
            t("suggestion.col.number"),
            if s.number.is_empty() {
                "—"
            } else {
                &s.number
            }
        )
    );
    say!(
        "{}",
        line(t("suggestion.col.state"), &s.standing_text(today).text())
    );
    say!("{}", line(t("suggestion.col.agency"), &s.agency));
    say!(
        "{}",
        line(
            t("suggestion.col.recipient"),
            &format!("{}（{}）", s.recipient, s.recipient_kind.label().text())
        )
    );
    say!("{}", line(t("suggestion.col.cc"), &s.cc.join("、")));
    say!(
        "{}",
        line(
            t("suggestion.col.drafted"),
            &format!("{} {}", s.drafted_on, s.drafted_by)
        )
    );
    if let Some(on) = s.sent_on {
        say!(
            "{}",
            line(
                t("suggestion.col.sent"),
                &format!(
                    "{on} {}（{}）",
                    s.sent_by,
                    tf(
                        "suggestion.reply_by",
                        &[(
                            "deadline",
                            &s.deadline.map(|d| d.to_string()).unwrap_or_default()
                        )]
                    )
                )
            )
        );
    }
    if let Some(on) = s.replied_on {
        say!(
            "{}",
            line(t("suggestion.col.reply"), &format!("{on} {}", s.reply))
        );
    }
    for (label, text) in [
        ("suggestion.field.facts", &s.texts.facts),
        ("suggestion.field.problem", &s.texts.problem),
        ("suggestion.field.cause", &s.texts.cause),
        ("suggestion.field.suggestion", &s.texts.suggestion),
    ] {
        say!("\n【{}】", t(label));
        for l in text.lines() {
            say!("{}", shown(l));
        }
    }
    Ok(())
}
