//! `tingping followups`: the judgment performance worklist (判决履行待办), and `followups set`,
//! which enters a judgment's effective date and performance deadline.

use crate::Court;
use crate::domain::followup::Followup;
use crate::domain::text::shown;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use chrono::NaiveDate;
use std::io::Write;

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct FollowupsArgs {
    #[command(subcommand)]
    pub command: Option<FollowupsCommand>,
    /// only those past their performance deadline
    #[arg(long)]
    pub overdue: bool,
    /// one JSON object per line: case_number, hearing_date, agency, person, judgment_effective,
    /// deadline, overdue_days, evaluation_id
    #[arg(long)]
    pub json: bool,
    /// the day the worklist is as of (YYYY-MM-DD; default: today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
}

#[derive(clap::Subcommand, Debug)]
pub enum FollowupsCommand {
    /// Enter the judgment's effective date and performance deadline of a finalized evaluation
    Set {
        /// the case number (half-width parentheses are fine)
        case_number: String,
        /// the defendant agency, when the case has several
        #[arg(long)]
        agency: Option<String>,
        /// the hearing's date (YYYY-MM-DD), when the case had several hearings
        #[arg(long)]
        hearing: Option<String>,
        /// the day the judgment took effect (YYYY-MM-DD; "" clears it)
        #[arg(long, value_name = "YYYY-MM-DD")]
        effective: Option<String>,
        /// the last day to perform the judgment (YYYY-MM-DD; "" clears it)
        #[arg(long, value_name = "YYYY-MM-DD")]
        deadline: Option<String>,
    },
}

pub fn run(court: &mut Court, args: FollowupsArgs) -> anyhow::Result<()> {
    match args.command {
        Some(FollowupsCommand::Set {
            case_number,
            agency,
            hearing,
            effective,
            deadline,
        }) => set(
            court,
            &case_number,
            agency.as_deref(),
            hearing.as_deref(),
            effective.as_deref(),
            deadline.as_deref(),
        ),
        None => {
            let today = match &args.as_of {
                Some(d) => date_given(d)?,
                None => chrono::Local::now().date_naive(),
            };
            list(court, today, args.overdue, args.json)
        }
    }
}

fn date_error(value: &str) -> anyhow::Error {
    anyhow::anyhow!(tf("perf.err.date", &[("value", &shown(value))]))
}

/// A date from the command line: "" is none (unknown), anything else must be a date.
fn day(value: &str) -> anyhow::Result<Option<NaiveDate>> {
    crate::domain::validate::optional_date(value).map_err(|_| date_error(value))
}

/// A date from the command line that must be given (`--as-of`, `--on`): "" is refused too.
pub(crate) fn date_given(value: &str) -> anyhow::Result<NaiveDate> {
    day(value)?.ok_or_else(|| date_error(value))
}

fn text_of(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// One row as `followups --json` prints it (a date not entered is null).
pub fn followup_json(f: &Followup) -> serde_json::Value {
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    serde_json::json!({
        "case_number": f.case_number,
        "hearing_date": f.hearing_date,
        "agency": f.agency,
        "person": f.person,
        "judgment_effective": date(f.judgment_effective),
        "deadline": date(f.deadline),
        "overdue_days": f.overdue_days(),
        "evaluation_id": f.evaluation_id,
    })
}

fn list(court: &Court, today: NaiveDate, overdue: bool, json: bool) -> anyhow::Result<()> {
    let rows = court.followups(today, overdue)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if json {
        for f in &rows {
            writeln!(out, "{}", followup_json(f))?;
        }
    } else if rows.is_empty() {
        writeln!(out, "{}", t("followups.empty"))?;
    } else {
        writeln!(out, "{}", t("followups.cli_header"))?;
        for f in &rows {
            let dated = |d: Option<NaiveDate>| match d {
                Some(_) => text_of(d),
                None => "—".to_string(),
            };
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                shown(&f.case_number),
                shown(&f.hearing_date),
                shown(&f.agency),
                shown(&f.person),
                dated(f.judgment_effective),
                dated(f.deadline),
                f.standing_text().text()
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Enters the dates given (a date left out keeps what was entered before).
fn set(
    court: &mut Court,
    case_number: &str,
    agency: Option<&str>,
    hearing: Option<&str>,
    effective: Option<&str>,
    deadline: Option<&str>,
) -> anyhow::Result<()> {
    if effective.is_none() && deadline.is_none() {
        anyhow::bail!(t("followups.err.no_dates"));
    }
    let effective = effective.map(day).transpose()?;
    let deadline = deadline.map(day).transpose()?;
    let (canonical, chosen) =
        crate::report_cli::find_evaluation(court, case_number, agency, hearing)?;
    let (was_effective, was_deadline) = court.judgment_dates(chosen.appearance_id)?;
    let effective = effective.unwrap_or(was_effective);
    let deadline = deadline.unwrap_or(was_deadline);
    court.set_judgment_dates(chosen.appearance_id, effective, deadline)?;
    let or_unknown = |d: Option<NaiveDate>| match d {
        Some(_) => text_of(d),
        None => t("followups.unknown").to_string(),
    };
    say!(
        "{}",
        shown(&tf(
            "followups.set_done",
            &[
                ("case", &canonical),
                ("agency", &chosen.agency),
                ("effective", &or_unknown(effective)),
                ("deadline", &or_unknown(deadline)),
            ],
        ))
    );
    Ok(())
}
