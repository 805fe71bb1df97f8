//! The command line: `tingping` opens the TUI; subcommands serve scripts and month-end work.

use crate::Court;
use crate::config;
use crate::domain::scoring::DimStatus;
use crate::domain::text::shown;
use crate::i18n::prelude::*;
use crate::i18n::{Lang, t, tf};
use crate::records::ExportRow;
use crate::report::Issuer;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "tingping",
    version,
    about = "庭评 — 行政机关负责人出庭应诉评议 / scoring agency heads' court appearances"
)]
pub struct Cli {
    /// SQLite database file (default: tingping.db in the platform data directory)
    #[arg(long, global = true, env = "TINGPING_DB")]
    pub db: Option<PathBuf>,
    /// Folder with your default.toml, rubric.toml and keymap.toml
    #[arg(long, global = true, value_name = "DIR")]
    pub config: Option<PathBuf>,
    /// Language: zh (default) or en
    #[arg(long, global = true, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Who is at the keyboard, recorded on every audit entry (default: [people] operator in the
    /// config, else the login name)
    #[arg(long, global = true, env = "TINGPING_OPERATOR")]
    pub operator: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Which period: a month is a regular batch that claims; a quarter, half-year, year or topic is a
/// report over every reportable record of its dates.
#[derive(clap::Args, Debug)]
pub struct PeriodArgs {
    /// 2026-11 (a month: the regular batch), 2026-Q4, 2026-H1 or 2026 (reports); default: this month
    #[arg(long, conflicts_with_all = ["from", "to"])]
    period: Option<String>,
    /// a topic report: first day (with --to)
    #[arg(long, requires = "to")]
    from: Option<String>,
    /// a topic report: last day
    #[arg(long, requires = "from")]
    to: Option<String>,
    /// a topic report's title (over --from/--to, or over --period's dates)
    #[arg(long)]
    topic: Option<String>,
    /// topic filter: key category id (food_drug, environment, safety_accident, public_health, public_concern)
    #[arg(long, requires = "topic")]
    key_category: Option<String>,
    /// topic filter: text the 案由 contains
    #[arg(long, requires = "topic")]
    cause: Option<String>,
    /// topic filter: the agency's name
    #[arg(long, requires = "topic")]
    agency: Option<String>,
    /// topic filter: the government the agencies report to
    #[arg(long, requires = "topic")]
    government: Option<String>,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("zh | en (got {s})"))
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Fill an empty database with realistic, deterministic demo data (the months before this one)
    Demo {
        #[arg(long, default_value_t = 200)]
        hearings: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Print every evaluation (one JSON object per line with --json)
    List {
        #[arg(long)]
        json: bool,
    },
    /// Export the month-end batch (通报批次) of a period: xlsx, csv, json, docx and a manifest
    Export {
        #[command(flatten)]
        period: PeriodArgs,
        /// the folder to write the batch folder into
        #[arg(long)]
        out: PathBuf,
        /// which files: any of xlsx,csv,json,docx
        #[arg(long, default_value = "xlsx,csv,json,docx")]
        format: String,
        /// a draft to read before issuing (草稿): no 发文字号 used, nothing claimed or logged, the
        /// documents marked as a draft, in a folder of its own without a manifest
        #[arg(long)]
        draft: bool,
    },
    /// Print the indicators of a period without exporting
    Stats {
        #[command(flatten)]
        period: PeriodArgs,
        #[arg(long)]
        json: bool,
    },
    /// List the batches exported so far (and those imported from the courts below)
    Batches {
        #[arg(long)]
        json: bool,
    },
    /// Import batch folders (or their manifest / json) from the courts below
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// replace a batch imported before with other content (a court's corrected re-export)
        #[arg(long)]
        replace: bool,
        /// take a batch without a signature (exported by an earlier version); this court's
        /// notices then say which batches were taken so
        #[arg(long)]
        unsigned: bool,
    },
    /// Signing keys: this court's public key (`keys export`), and the keys of the courts below
    /// whose batches this court imports (`keys trust FILE`, `keys list`, `keys revoke CODE`)
    Keys(crate::cli_keys::KeysArgs),
    /// Print the evaluation sheet (评议表) of an appearance for the case file (.docx, A4); with
    /// --period every appearance of a month's hearings in one document, one per page
    Sheet {
        /// the case number (half-width parentheses are fine); not with --period
        #[arg(required_unless_present = "period", conflicts_with = "period")]
        case_number: Option<String>,
        /// the defendant agency, when the case has several (with --period: that agency's only)
        #[arg(long)]
        agency: Option<String>,
        /// the hearing's date (YYYY-MM-DD), when the case had several hearings
        #[arg(long)]
        hearing: Option<String>,
        /// a month (2026-11): every appearance of its hearings
        #[arg(long)]
        period: Option<String>,
        /// the folder to write the document into
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Record the judgment performance outcome (判决履行) of a finalized evaluation left pending
    Perform {
        /// the case number (half-width parentheses are fine)
        case_number: String,
        /// on_time | late | enforced | refused | not_applicable
        #[arg(long)]
        outcome: String,
        /// who records it
        #[arg(long)]
        by: String,
        /// the defendant agency, when the case has several
        #[arg(long)]
        agency: Option<String>,
        /// the hearing's date (YYYY-MM-DD), when the case had several hearings
        #[arg(long)]
        hearing: Option<String>,
        /// the day the outcome became known (YYYY-MM-DD; default: today)
        #[arg(long)]
        on: Option<String>,
    },
    /// Amend (修订) a finalized or reported evaluation, appearance or hearing: the original stays,
    /// the change is logged, and one of something already reported goes out as a correction
    Amend {
        /// the case number (half-width parentheses are fine)
        case_number: String,
        /// the defendant agency, when the case has several
        #[arg(long)]
        agency: Option<String>,
        /// the hearing's date (YYYY-MM-DD), when the case had several hearings
        #[arg(long)]
        hearing: Option<String>,
        /// FIELD=VALUE: a rubric item id, comment, an appearance field (category, person, title,
        /// notified, absence_reason, reason_accepted, absent_after_postponement) or a hearing field
        /// (case_number, cause, act_kind, court, judge, clerk, date, start_time, end_time, online,
        /// key_category); repeat for several
        #[arg(long = "set", required = true, value_name = "FIELD=VALUE")]
        sets: Vec<String>,
        /// why (required)
        #[arg(long)]
        reason: String,
        /// the judge who confirms the amendment (typed, required)
        #[arg(long)]
        by: String,
    },
    /// Delete a hearing (or, with --agency, one appearance) entered by mistake, before it is finalized
    Delete {
        case_number: String,
        #[arg(long)]
        agency: Option<String>,
        #[arg(long)]
        hearing: Option<String>,
        /// why (required when it has marks)
        #[arg(long)]
        reason: Option<String>,
        /// confirm the deletion
        #[arg(long)]
        yes: bool,
    },
    /// Recompute the audit log's chain and check every record against it (exit 1 when broken)
    Verify {
        #[arg(long)]
        json: bool,
    },
    /// Print the audit history of a case: every change, who made it, when and why
    History {
        case_number: String,
        #[arg(long)]
        json: bool,
    },
    /// Finalized evaluations whose judgment performance (判决履行) is pending, overdue first; `set`
    /// enters a judgment's effective date and performance deadline
    Followups(crate::cli_followups::FollowupsArgs),
    /// Draft a judicial suggestion (司法建议书) for an art 12 situation of a case's agency (or,
    /// with --period and --agency, for every such appearance of the agency in a month)
    Suggest(crate::cli_suggestions::SuggestArgs),
    /// The judicial suggestions, overdue replies first; `suggestions send|reply|print|show|edit|
    /// delete ID`
    Suggestions(crate::cli_suggestions::SuggestionsArgs),
    /// A justice bureau: draw heads' appearances of a period for video review (随机查看视频),
    /// stratified by agency, reproducible by its seed, the draw kept in the audit log
    Sample(crate::cli_bureau::SampleArgs),
    /// A justice bureau: the drawn appearances of a period and their reviews; `review set N
    /// --score D=P … --by NAME`, `review finalize N --by NAME`
    Review(crate::cli_bureau::ReviewArgs),
    /// A justice bureau: `satisfaction import FILE` (群众满意度评议: 案号, 被告机关, 评价, 意见)
    Satisfaction(crate::cli_bureau::SatisfactionArgs),
    /// A justice bureau: the 考核 scorecard of a period per agency (--json; --out DIR writes the
    /// workbook and the notice)
    Scorecard(crate::cli_bureau::ScorecardArgs),
    /// Print the live-mode event log of a case (one JSON object per event with --json)
    Events {
        /// the case number (half-width parentheses are fine)
        case_number: String,
        #[arg(long)]
        json: bool,
    },
    /// Hearing schedules (开庭排期表): `schedule import FILE` from .csv or .xlsx
    Schedule(crate::cli_schedule::ScheduleArgs),
    /// The agency directory (机关名录): list it, `agencies import FILE`, `agencies merge FROM INTO`
    Agencies(crate::cli_schedule::AgenciesArgs),
    /// Back the database up (default: a new file in the backups folder beside it)
    Backup {
        /// a new file to write the backup to (never overwritten)
        #[arg(long, value_name = "PATH")]
        to: Option<PathBuf>,
    },
    /// Replace the database with a backup, after checking it (integrity, audit chain, version);
    /// the database it replaces is kept in the backups folder
    Restore {
        /// the backup file
        path: PathBuf,
    },
}

/// What running the app says when it was built without the terminal app (`--no-default-features`).
#[cfg(not(feature = "tui"))]
fn no_tui() -> anyhow::Error {
    anyhow::anyhow!(t("cli.no_tui"))
}

pub fn default_db_path() -> PathBuf {
    directories::ProjectDirs::from("cn", "tingping", "tingping")
        .map(|d| d.data_dir().join("tingping.db"))
        .unwrap_or_else(|| PathBuf::from("tingping.db"))
}

/// The log (`logs/tingping.log.YYYY-MM-DD` in the platform data directory, a file a day, the
/// folder readable by its owner only — never beside a database given with `--db`, whose folder
/// is the user's): what ran, how long it took and how it ended — command names, batch ids and
/// counts, never names, case numbers or other personal data. None where it cannot be made (a
/// read-only folder): the work goes on without it.
fn start_log() -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = directories::ProjectDirs::from("cn", "tingping", "tingping")?
        .data_dir()
        .join("logs");
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(&dir).ok()?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("tingping.log")
        .max_log_files(30)
        .build(&dir)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_target(false)
        .try_init()
        .ok()?;
    Some(guard)
}

/// A command's name for the log (its arguments may hold personal data: never logged).
fn command_name(c: &Option<Command>) -> String {
    match c {
        None => "tui".to_string(),
        Some(c) => {
            let debug = format!("{c:?}");
            debug
                .split(|ch: char| !ch.is_alphanumeric())
                .next()
                .unwrap_or("")
                .to_lowercase()
        }
    }
}

/// Runs the command line; returns the process exit code. Errors are printed in the user's language.
pub fn main() -> i32 {
    let cli = Cli::parse();
    if let Some(l) = cli.lang {
        crate::i18n::set_lang(l);
    }
    let _log = start_log();
    let command = command_name(&cli.command);
    let started = std::time::Instant::now();
    tracing::info!(command, version = env!("CARGO_PKG_VERSION"), "start");
    let result = run(cli);
    let ms = started.elapsed().as_millis() as u64;
    match &result {
        Ok(()) => tracing::info!(command, ms, "done"),
        // (the error's words may name people or agencies: only that it failed)
        Err(_) => tracing::warn!(command, ms, "failed"),
    }
    match result {
        Ok(()) => 0,
        // output piped into `head` and closed: not an error
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            0
        }
        Err(e) => {
            // (an argument echoed in a message never brings a control character to the terminal)
            eprintln!("{}", shown(&tf("cli.error", &[("why", &crate::said(&e))])));
            2
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let config_dir = cli.config.clone().or_else(config::default_config_dir);
    if let Some(dir) = &config_dir
        && !dir.is_dir()
    {
        // a file (or anything else) where the folder should be is named as such; only a folder
        // given with --config has to exist
        if dir.exists() {
            anyhow::bail!(tf("cli.config_not_dir", &[("dir", &dir.display())]));
        }
        if cli.config.is_some() {
            anyhow::bail!(tf("cli.no_config_dir", &[("dir", &dir.display())]));
        }
    }
    let loaded =
        config::load(config_dir.as_deref(), cli.lang).map_err(|e| anyhow::Error::msg(e.text()))?;
    // the terminal app's keys, checked at every start like the other files (a broken keymap
    // stops a subcommand too, before the database is opened)
    #[cfg(feature = "tui")]
    let keymap = crate::tui::keymap::Keymap::for_loaded(&loaded)
        .map_err(|e| anyhow::Error::msg(e.text()))?;
    // built without the terminal app: only subcommands, said before anything is opened
    #[cfg(not(feature = "tui"))]
    if cli.command.is_none() {
        return Err(no_tui());
    }
    // a write that waits for another process says so once (the TUI sets its own hook)
    crate::records::wait::set_hook(Some(|waited| {
        if waited < crate::records::wait::ANNOUNCE_AFTER + std::time::Duration::from_secs(1) {
            eprintln!("{}", tf("store.waiting", &[("s", &waited.as_secs())]));
        }
    }));
    let db = cli.db.clone().unwrap_or_else(default_db_path);
    let sharing = loaded.config.sharing();
    // a restore opens the database itself, once the backup has passed its checks
    if let Some(Command::Restore { path }) = &cli.command {
        return crate::cli_backup::restore(&db, path, sharing, &loaded.config.court_code);
    }
    let mut court = Court::open_with(&db, sharing)?;
    // the platform data folder is the program's own: nobody else reads it (a folder given with
    // --db is the user's, and left as it is)
    if cli.db.is_none()
        && let Some(dir) = db.parent()
    {
        crate::records::protect_folder(dir, sharing);
    }
    court.set_scope(loaded.config.scope());
    court.set_judges(loaded.config.judges.clone());
    if let Some(op) = cli
        .operator
        .as_deref()
        .or(Some(loaded.config.operator.as_str()).filter(|o| !o.is_empty()))
    {
        court.set_operator(op)?;
    }
    // one database is one kind of organisation's: a court's refuses a bureau's configuration and
    // the reverse; what only a court does is refused on a bureau's
    court.claim_org(loaded.config.org)?;
    if loaded.config.org == crate::domain::bureau::OrgKind::Bureau
        && let Some(what) = cli.command.as_ref().and_then(court_only)
    {
        anyhow::bail!(tf("bureau.err.court_command", &[("what", &what)]));
    }
    match cli.command {
        #[cfg(feature = "tui")]
        None => {
            // the day's backup at its first start; one that fails is said, and the work goes on
            let warning = crate::cli_backup::daily(&court);
            let bureau = loaded.config.org == crate::domain::bureau::OrgKind::Bureau;
            let mut app = crate::tui::app::App::new(court, loaded.rubric, keymap, loaded.config)?;
            app.notice = loaded.notice;
            app.bureau_rubric = loaded.bureau_rubric;
            if bureau {
                // a justice bureau opens on its spot checks
                app.run(crate::tui::app::Cmd::OpenSpotcheck(None));
            } else {
                // a clerk opens the app on the day's hearings
                app.open_on_today();
            }
            if let Some(w) = warning {
                app.status = Some((w, true));
            }
            crate::tui::run(app)
        }
        #[cfg(not(feature = "tui"))]
        None => Err(no_tui()),
        Some(Command::Demo { hearings, seed }) => {
            let n = court.generate_demo(
                &loaded.rubric,
                &crate::demo::Options {
                    court: (
                        loaded.config.court_name.clone(),
                        loaded.config.court_code.clone(),
                    ),
                    ..crate::demo::Options::new(hearings, seed, chrono::Local::now().date_naive())
                },
            )?;
            say!(
                "{}",
                tf("cli.demo_done", &[("n", &n), ("db", &db.display())])
            );
            Ok(())
        }
        Some(Command::List { json }) => list(&court, json),
        Some(Command::Events { case_number, json }) => events(&court, &case_number, json),
        Some(Command::Amend {
            case_number,
            agency,
            hearing,
            sets,
            reason,
            by,
        }) => crate::cli_records::amend(
            &mut court,
            &case_number,
            agency.as_deref(),
            hearing.as_deref(),
            &sets,
            &reason,
            &by,
        ),
        Some(Command::Delete {
            case_number,
            agency,
            hearing,
            reason,
            yes,
        }) => crate::cli_records::delete(
            &mut court,
            &case_number,
            agency.as_deref(),
            hearing.as_deref(),
            reason.as_deref(),
            yes,
        ),
        Some(Command::Verify { json }) => {
            let code = crate::cli_records::verify(&court, json)?;
            if code != 0 {
                drop(court);
                std::process::exit(code);
            }
            Ok(())
        }
        Some(Command::History { case_number, json }) => {
            crate::cli_records::history(&court, &loaded.rubric, &case_number, json)
        }
        Some(Command::Followups(args)) => crate::cli_followups::run(&mut court, args),
        Some(Command::Sample(args)) => crate::cli_bureau::sample(&mut court, &loaded, args),
        Some(Command::Review(args)) => crate::cli_bureau::review(&mut court, &loaded, args),
        Some(Command::Satisfaction(args)) => {
            crate::cli_bureau::satisfaction(&mut court, &loaded, args)
        }
        Some(Command::Scorecard(args)) => crate::cli_bureau::scorecard(&mut court, &loaded, args),
        Some(Command::Suggest(args)) => crate::cli_suggestions::suggest(
            &mut court,
            &tingping_app::court::SuggestionRules::of(&loaded),
            args,
        ),
        Some(Command::Suggestions(args)) => crate::cli_suggestions::suggestions(
            &mut court,
            &tingping_app::court::SuggestionRules::of(&loaded),
            args,
        ),
        Some(Command::Schedule(args)) => {
            crate::cli_schedule::schedule(&mut court, &loaded.config.court_name, args)
        }
        Some(Command::Agencies(args)) => crate::cli_schedule::agencies(&mut court, args),
        Some(Command::Export {
            period,
            out,
            format,
            draft,
        }) => {
            let period = period_of(period)?;
            crate::report_cli::export(&mut court, &loaded, &period, &out, &format, draft)
        }
        Some(Command::Stats { period, json }) => {
            let period = period_of(period)?;
            crate::report_cli::stats(&court, &loaded, &period, json)
        }
        Some(Command::Backup { to }) => crate::cli_backup::backup(&court, to.as_deref()),
        Some(Command::Restore { .. }) => unreachable!("restored above"),
        Some(Command::Batches { json }) => crate::report_cli::batches(&court, json),
        Some(Command::Import {
            paths,
            replace,
            unsigned,
        }) => crate::report_cli::import(
            &mut court,
            &paths,
            crate::report::import::How { replace, unsigned },
        ),
        Some(Command::Keys(args)) => {
            crate::cli_keys::run(&mut court, &Issuer::of(&loaded.config), args)
        }
        Some(Command::Sheet {
            case_number,
            agency,
            hearing,
            period,
            out,
        }) => crate::cli_records::sheet(
            &court,
            &loaded.config,
            case_number.as_deref(),
            agency.as_deref(),
            hearing.as_deref(),
            period.as_deref(),
            &out,
        ),
        Some(Command::Perform {
            case_number,
            outcome,
            by,
            agency,
            hearing,
            on,
        }) => crate::report_cli::perform(
            &mut court,
            &case_number,
            agency.as_deref(),
            hearing.as_deref(),
            &outcome,
            &by,
            on.as_deref(),
        ),
    }
}

fn period_of(a: PeriodArgs) -> anyhow::Result<crate::domain::period::Period> {
    use crate::domain::model::KeyCategory;
    use crate::domain::period::{Filter, Period};
    // words from the command line are cleaned and bounded like any other text from outside
    let bounded = |label: &str, v: Option<String>| -> anyhow::Result<Option<String>> {
        v.map(|s| {
            crate::domain::text::bounded(
                crate::i18n::Msg::verbatim(label),
                &s,
                crate::domain::text::NAME_MAX,
            )
        })
        .transpose()
        .map(|v| v.filter(|s| !s.is_empty()))
        .map_err(|e| anyhow::Error::msg(e.text()))
    };
    let mut p = match (a.period, a.from, a.to) {
        (Some(p), _, _) => Period::parse(&p).map_err(|e| anyhow::Error::msg(e.text()))?,
        (None, Some(f), Some(t)) => {
            let topic = a.topic.clone().unwrap_or_default();
            Period::range(&f, &t, &topic).map_err(|e| anyhow::Error::msg(e.text()))?
        }
        _ => Period::month_of(chrono::Local::now().date_naive()),
    };
    // a topic given, even blank, makes a report: a blank title is refused, never a month's batch
    if let Some(topic) = a.topic {
        let topic = bounded("--topic", Some(topic))?.unwrap_or_default();
        if let Some(k) = &a.key_category
            && KeyCategory::from_id(k).is_none_or(|k| k == KeyCategory::None)
        {
            anyhow::bail!(tf("cli.err.key_category", &[("value", k)]));
        }
        p = Period::range(&p.from.to_string(), &p.to.to_string(), &topic)
            .map_err(|e| anyhow::Error::msg(e.text()))?
            .with_filter(Filter {
                key_category: bounded("--key-category", a.key_category)?,
                cause: bounded("--cause", a.cause)?,
                agency: bounded("--agency", a.agency)?,
                government: bounded("--government", a.government)?,
            });
    }
    Ok(p)
}

/// One appearance as `list --json` prints it: its id, court, case type and whether a head
/// appeared; the evaluation's scores when it was scored (an absence has none).
pub fn appearance_json(row: &ExportRow) -> serde_json::Value {
    let mut v = serde_json::json!({
        "id": row.id,
        "case_number": row.case_number,
        "court_code": row.court_code,
        "case_type": row.case_type,
        "hearing_date": row.hearing_date,
        "agency": row.agency,
        "person": row.person,
        "category": row.category,
        "head": row.head,
        "status": row.status,
        "flags": row.flags,
        "events": row.events,
        "version": row.version,
        "amended": row.version > 1,
    });
    if let Some((score, rubric)) = &row.scored {
        let mut dims = serde_json::Map::new();
        for d in &score.dims {
            dims.insert(
                d.id.clone(),
                serde_json::json!({ "score": d.score, "max": d.max, "applicable": d.status == DimStatus::Applicable, "status": d.status }),
            );
        }
        v["dimensions"] = dims.into();
        v["total"] = serde_json::json!(score.total_tenths.map(|t| t as f64 / 10.0));
        v["grade"] = serde_json::json!(score.grade);
        v["grade_label"] = serde_json::json!(
            score
                .grade
                .as_deref()
                .and_then(|g| rubric.grade(g))
                .map(|g| g.label())
        );
        v["rubric"] = serde_json::json!(rubric.hash);
    }
    v
}

fn list(court: &Court, json: bool) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if !json {
        writeln!(out, "{}", t("cli.list_header"))?;
    }
    let result = court.for_each_appearance(|row| {
        if json {
            serde_json::to_writer(&mut out, &appearance_json(&row))
                .map_err(std::io::Error::other)?;
            writeln!(out)
        } else {
            let cat = crate::domain::model::AppearCategory::from_id(&row.category)
                .map(|c| c.label())
                .unwrap_or("");
            let status = match crate::domain::model::EvalStatus::from_id(&row.status) {
                Some(s) => s.label(),
                None => t(&format!("list.status.{}", row.status)),
            };
            let total = row.scored.as_ref().and_then(|(s, _)| s.total_tenths);
            let grade = row
                .scored
                .as_ref()
                .and_then(|(s, r)| s.grade.as_deref().and_then(|g| r.grade(g)))
                .map(|g| g.label())
                .unwrap_or("—");
            writeln!(
                out,
                "{}\t{}\t{}\t{} {}\t{}\t{}\t{}",
                shown(&row.case_number),
                shown(&row.hearing_date),
                shown(&row.agency),
                shown(&row.person),
                cat,
                status,
                crate::domain::scoring::format_tenths(total),
                grade
            )
        }
    });
    match result {
        // a closed pipe (`| head`) is not an error
        Err(crate::Error::Unreadable(_, why)) if why.contains("Broken pipe") => {}
        other => other?,
    }
    out.flush().or_else(|e| {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Ok(())
        } else {
            Err(e)
        }
    })?;
    Ok(())
}

fn events(court: &Court, case_number: &str, json: bool) -> anyhow::Result<()> {
    let canonical = crate::domain::case_number::parse(case_number)
        .map_err(|e| anyhow::Error::msg(e.message().text()))?
        .canonical();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let rubric = crate::domain::rubric::Rubric::default_rubric();
    for (agency, e) in court.events_for_case(&canonical)? {
        if json {
            let v = serde_json::json!({
                "agency": agency,
                "seq": e.seq,
                "elapsed_ms": e.elapsed_ms,
                "at": e.at,
                "stage": e.stage,
                "item": e.item,
                "kind": e.kind.id(),
                "note": e.note,
                "value": e.value,
            });
            writeln!(out, "{v}")?;
        } else {
            let stage = crate::domain::live::Stage::from_id(&e.stage)
                .map(|s| s.label())
                .unwrap_or("—");
            writeln!(
                out,
                "{}\t#{}\t{}\t{stage}\t{}",
                shown(&agency),
                e.seq,
                crate::domain::live::clock(e.elapsed_ms),
                shown(&crate::domain::live::describe(
                    &e,
                    &rubric,
                    crate::i18n::voice()
                ))
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

/// The commands only a court has (a bureau records no hearings of its own): their name.
fn court_only(c: &Command) -> Option<&'static str> {
    Some(match c {
        Command::Demo { .. } => "demo",
        Command::Export { .. } => "export",
        // (a court's statistics speak as the court: a bureau's figures are its scorecard's)
        Command::Stats { .. } => "stats",
        Command::Sheet { .. } => "sheet",
        Command::Perform { .. } => "perform",
        Command::Amend { .. } => "amend",
        Command::Delete { .. } => "delete",
        Command::Followups(_) => "followups",
        Command::Suggest(_) => "suggest",
        Command::Suggestions(_) => "suggestions",
        Command::Schedule(_) => "schedule",
        Command::Events { .. } => "events",
        _ => return None,
    })
}
