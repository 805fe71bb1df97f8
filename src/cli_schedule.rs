//! `tingping schedule import` (a hearing schedule from .csv or .xlsx) and `tingping agencies`
//! (the agency directory: list, import, merge).

use crate::Court;
use crate::domain::sheet::RowError;
use crate::domain::text::shown;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::records::DirOutcome;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct ScheduleArgs {
    #[command(subcommand)]
    pub command: ScheduleCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum ScheduleCommand {
    /// Import a hearing schedule (开庭排期表): .csv (UTF-8, with or without BOM, or GB18030/GBK) or
    /// .xlsx; columns found by their Chinese headers. Nothing is imported when a row is wrong,
    /// unless --skip-invalid
    Import {
        /// the schedule file
        file: PathBuf,
        /// only report what the import would do
        #[arg(long)]
        dry_run: bool,
        /// import the rows that are right and list the wrong ones
        #[arg(long)]
        skip_invalid: bool,
        /// the xlsx sheet to read (default: the first)
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
    },
}

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AgenciesArgs {
    #[command(subcommand)]
    pub command: Option<AgenciesCommand>,
    /// one JSON object per line: id, name, aliases, level, region, government, uses, last_used
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Subcommand, Debug)]
pub enum AgenciesCommand {
    /// Import an agency directory (.csv or .xlsx): 名称, 简称 (several separated by 、), 层级
    /// (省/市/县/乡), 地区, 所属政府. Nothing is imported when a row is wrong
    Import {
        file: PathBuf,
        /// only report what the import would do
        #[arg(long)]
        dry_run: bool,
        /// the xlsx sheet to read (default: the first)
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
    },
    /// Merge two rows that are one agency: FROM's appearances move to INTO, FROM's name becomes a
    /// short name of INTO, FROM is removed; each moved appearance is logged with the reason
    Merge {
        /// the agency to remove (its name or a short name)
        from: String,
        /// the agency to keep
        into: String,
        /// why (required, logged)
        #[arg(long)]
        reason: String,
    },
    /// Enter an agency's 上一级行政机关 (where its judicial suggestions go; "" clears it)
    Superior {
        /// the agency (its name or a short name)
        name: String,
        /// its 上一级行政机关
        superior: String,
    },
    /// Correct an agency's name (a typo, a renamed bureau): the old name stays a short name,
    /// and the change is logged with its appearances
    Rename {
        /// the agency (its name or a short name)
        name: String,
        /// its correct name
        new_name: String,
        /// why (required, logged)
        #[arg(long)]
        reason: String,
    },
}

pub fn schedule(court: &mut Court, court_name: &str, args: ScheduleArgs) -> anyhow::Result<()> {
    let ScheduleCommand::Import {
        file,
        dry_run,
        skip_invalid,
        sheet,
    } = args.command;
    let name = shown(&file.display().to_string()).into_owned();
    let read = crate::import::schedule::read(&file, sheet.as_deref(), court.scope())
        .map_err(anyhow::Error::msg)?;
    say!("{}", tf("schedule.reading", &[("file", &name)]));
    let report = court.apply_schedule(&read, court_name, dry_run, skip_invalid)?;
    for (_, line) in &report.lines {
        say!("{}", line.text());
    }
    if report.applied {
        say!("{}", report.summary());
        if let Some(line) = report.agencies_line() {
            say!("{line}");
        }
    }
    if report.wrong > 0 && !skip_invalid {
        anyhow::bail!(tf("schedule.refused", &[("n", &report.wrong)]));
    }
    Ok(())
}

fn file_err(path: &Path, why: String) -> String {
    tf(
        "sheet.err.file",
        &[("path", &shown(&path.display().to_string())), ("why", &why)],
    )
}

pub fn agencies(court: &mut Court, args: AgenciesArgs) -> anyhow::Result<()> {
    match args.command {
        None => list(court, args.json),
        Some(AgenciesCommand::Import {
            file,
            dry_run,
            sheet,
        }) => {
            let rows =
                crate::import::read_rows(&file, sheet.as_deref()).map_err(anyhow::Error::msg)?;
            let entries = match crate::domain::directory::read(&rows, &crate::i18n::WORDS)
                .map_err(|why| anyhow::anyhow!(file_err(&file, why.text())))?
            {
                Ok(e) => e,
                Err(errors) => return refuse(&errors),
            };
            let outcomes = match court.import_directory(&entries, dry_run)? {
                Ok(o) => o,
                Err(errors) => return refuse(&errors),
            };
            let n = |x: DirOutcome| outcomes.iter().filter(|o| **o == x).count();
            say!(
                "{}{}",
                if dry_run { t("schedule.dry_run") } else { "" },
                tf(
                    "agencies.summary",
                    &[
                        ("new", &n(DirOutcome::New)),
                        ("updated", &n(DirOutcome::Updated)),
                        ("unchanged", &n(DirOutcome::Unchanged))
                    ]
                )
            );
            Ok(())
        }
        Some(AgenciesCommand::Superior { name, superior }) => {
            let agency = court.set_agency_superior(&name, &superior)?;
            say!(
                "{}",
                tf(
                    "agencies.superior_set",
                    &[
                        ("agency", &shown(&agency)),
                        ("superior", &shown(superior.trim()))
                    ]
                )
            );
            Ok(())
        }
        Some(AgenciesCommand::Merge { from, into, reason }) => {
            let m = court.merge_agencies(&from, &into, &reason)?;
            say!(
                "{}",
                tf(
                    "agencies.merged",
                    &[
                        ("from", &shown(&m.from)),
                        ("into", &shown(&m.into)),
                        ("n", &m.moved)
                    ]
                )
            );
            Ok(())
        }
        Some(AgenciesCommand::Rename {
            name,
            new_name,
            reason,
        }) => {
            let agency = court.find_agency(&name)?.ok_or_else(|| {
                anyhow::Error::msg(
                    shown(&tf("agencies.err.unknown", &[("name", &name)])).into_owned(),
                )
            })?;
            let n = court.rename_agency(agency.id, &new_name, &reason)?;
            say!(
                "{}",
                tf(
                    "agencies.renamed",
                    &[
                        ("from", &shown(&agency.name)),
                        ("to", &shown(&new_name)),
                        ("n", &n)
                    ]
                )
            );
            Ok(())
        }
    }
}

fn refuse(errors: &[RowError]) -> anyhow::Result<()> {
    for e in errors {
        say!("{}", e.text());
    }
    anyhow::bail!(tf("agencies.refused", &[("n", &errors.len())]))
}

fn list(court: &Court, json: bool) -> anyhow::Result<()> {
    let rows = court.directory(chrono::Local::now().date_naive())?;
    if json {
        for r in &rows {
            let v = serde_json::json!({
                "id": r.agency.id,
                "name": r.agency.name,
                "aliases": r.aliases,
                "level": r.agency.level,
                "region": r.agency.region,
                "government": r.agency.government,
                "uses": r.uses,
                "last_used": r.last_used,
            });
            say!("{v}");
        }
        return Ok(());
    }
    if rows.is_empty() {
        say!("{}", t("agencies.empty"));
        return Ok(());
    }
    say!("{}", t("agencies.header"));
    for r in &rows {
        say!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            shown(&r.agency.name),
            shown(&r.aliases.join("、")),
            r.agency.level.label(),
            shown(&r.agency.region),
            shown(&r.agency.government),
            r.uses,
            r.last_used.get(..10).unwrap_or("—")
        );
    }
    Ok(())
}
