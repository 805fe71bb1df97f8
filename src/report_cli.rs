//! The batch commands of the command line: export (with a progress bar on a terminal), stats,
//! batches and import, and recording a judgment performance outcome for the next batch.

use crate::Court;
use crate::config::Loaded;
use crate::domain::period::Period;
use crate::domain::text::shown;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::records::CaseEvaluation;
use crate::records::ImportOutcome;
use crate::report::{self, Format, Progress, columns};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub fn export(
    court: &mut Court,
    loaded: &Loaded,
    period: &Period,
    out: &Path,
    formats: &str,
    draft: bool,
) -> anyhow::Result<()> {
    let formats = Format::parse_list(formats).map_err(anyhow::Error::msg)?;
    let tty = std::io::stderr().is_terminal();
    if !draft && court.batch(&period.id)?.is_some() {
        // a month is re-produced as it was; a report is made anew from the records as they are now
        let key = if period.kind.claims() {
            "export.reexport"
        } else {
            "export.report_again"
        };
        let _ = writeln!(std::io::stderr(), "{}", tf(key, &[("id", &period.id)]));
    }
    let today = chrono::Local::now().date_naive();
    if period.partial_on(today) {
        // a report before its period ends covers part of it: said, and compared like with like
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            tf(
                "export.partial",
                &[
                    ("period", &period.title().text()),
                    ("today", &crate::domain::period::day_text(today).text()),
                ]
            )
        );
    }
    if court.batch(&period.id)?.is_none() && period.kind.claims() {
        if period.to >= today {
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                tf("export.unfinished", &[("period", &period.title().text())])
            );
        }
        // what stays out of a new batch (this reads the whole history, so only for a new one)
        let preview = court.preview(period)?;
        if preview.drafts + preview.unscored > 0 {
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                tf(
                    "export.drafts_warning",
                    &[("drafts", &preview.drafts), ("unscored", &preview.unscored)]
                )
            );
        }
    }
    let mut total = 0u64;
    // progress goes to stderr; a closed stderr must not stop the export
    let mut err = std::io::stderr();
    let mut progress = |p: Progress| match p {
        Progress::Start { records, .. } => total = records,
        Progress::File(name) => {
            let line = tf("export.writing", &[("file", &name)]);
            let _ = if tty {
                write!(err, "\r\x1b[K{line}")
            } else {
                writeln!(err, "{line}")
            };
        }
        Progress::Records(n) if tty && total > 0 => {
            let width = 30;
            let done = (n.min(total) * width / total) as usize;
            let _ = write!(
                err,
                "\r\x1b[K[{}{}] {n}/{total}",
                "█".repeat(done),
                "·".repeat(width as usize - done)
            );
        }
        Progress::Records(_) => {}
        Progress::Done => {
            if tty {
                let _ = write!(err, "\r\x1b[K");
            }
        }
    };
    let exported = court.export(
        &report::Issuer::of(&loaded.config),
        &loaded.rubric,
        &loaded.notice,
        period,
        report::Options {
            out: out.to_path_buf(),
            formats,
            progress: &mut progress,
            fail_after: None,
            today: None,
            shared_group: loaded.config.shared_group,
            draft,
            before_claim: None,
        },
    )?;
    let m = &exported.meta;
    if draft {
        say!(
            "{}",
            tf(
                "export.draft_done",
                &[("id", &m.id), ("folder", &exported.folder.display())]
            )
        );
        for name in crate::report::stage::file_names(&exported.folder)? {
            say!("  {name}");
        }
        return Ok(());
    }
    say!(
        "{}",
        tf(
            "export.done",
            &[
                ("id", &m.id),
                ("appearances", &m.appearances),
                ("evaluations", &m.evaluations),
                ("late", &m.late),
                ("outcomes", &m.outcomes),
                ("folder", &exported.folder.display())
            ]
        )
    );
    for f in &m.files {
        say!("  {}  {}  {}", f.sha256, f.bytes, f.name);
    }
    Ok(())
}

pub fn stats(court: &Court, loaded: &Loaded, period: &Period, json: bool) -> anyhow::Result<()> {
    let today = chrono::Local::now().date_naive();
    // (环比 and 同比 only where they are printed: the json)
    let (report, comparison) =
        court.report_with_comparison(&loaded.config.court_name, period, today, json)?;
    let mut out = std::io::stdout().lock();
    if json {
        let mut v = report::json::indicators_json(&report, &loaded.rubric);
        v["period"] = serde_json::json!({
            "id": period.id, "kind": period.kind.id(), "title": period.title().text(),
            "from": period.from.to_string(), "to": period.to.to_string(),
        });
        // a report beside the period before (环比) and the same period a year earlier (同比)
        if period.partial_on(today) {
            v["period"]["as_of"] = serde_json::json!(today.to_string());
        }
        if let Some(c) = comparison {
            let side = |p: crate::domain::period::Period,
                        i: &Option<crate::domain::indicators::Indicators>| {
                serde_json::json!({
                    "period": p.id, "from": p.from.to_string(), "to": p.to.to_string(),
                    "indicators": i.as_ref().map(|i| i.values(&loaded.rubric)),
                })
            };
            let (previous, year_before) = report::compared(period, today);
            v["compare"] = serde_json::json!({
                "previous": side(previous, &c.previous),
                "year_before": side(year_before, &c.year_before),
            });
        }
        writeln!(out, "{v}")?;
        return Ok(());
    }
    writeln!(
        out,
        "{} {}",
        loaded.config.court_name,
        period.title().text()
    )?;
    for v in report.total.values(&loaded.rubric) {
        writeln!(out, "  {}\t{}", v.label, v.text())?;
    }
    for (gov, ind) in &report.by_government {
        writeln!(out, "{}", shown(gov))?;
        for v in ind.values(&loaded.rubric) {
            writeln!(out, "  {}\t{}", v.label, v.text())?;
        }
    }
    Ok(())
}

pub fn batches(court: &Court, json: bool) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    for b in court.batches()? {
        if json {
            let v = serde_json::json!({
                "id": b.id, "kind": b.kind.id(), "from": b.from.to_string(), "to": b.to.to_string(), "topic": b.topic,
                "court": b.court, "created_at": b.created_at, "folder": b.folder,
                "doc_number": b.doc_number, "drafts": b.drafts, "filter": b.filter,
                "appearances": b.appearances, "evaluations": b.evaluations, "late": b.late,
                "performance_outcomes": b.outcomes,
                "files": b.files.iter().map(|f| serde_json::json!({"name": f.name, "sha256": f.sha256, "bytes": f.bytes})).collect::<Vec<_>>(),
            });
            writeln!(out, "{v}")?;
        } else {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}",
                b.id,
                b.created_at,
                tf(
                    "batches.counts",
                    &[
                        ("a", &b.appearances),
                        ("e", &b.evaluations),
                        ("l", &b.late),
                        ("o", &b.outcomes)
                    ]
                ),
                b.folder,
                b.period().title().text()
            )?;
            for f in &b.files {
                writeln!(out, "  {}  {}", f.sha256, f.name)?;
            }
        }
    }
    for (from_court, id, created, sha) in court.imported_batches()? {
        if json {
            writeln!(
                out,
                "{}",
                serde_json::json!({"imported": true, "court": from_court, "id": id, "created_at": created, "sha256": sha})
            )?;
        } else {
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                t("batches.imported"),
                shown(&id),
                shown(&created),
                shown(&from_court)
            )?;
        }
    }
    Ok(())
}

pub fn import(
    court: &mut Court,
    paths: &[PathBuf],
    how: crate::report::import::How,
) -> anyhow::Result<()> {
    let mut failed = Vec::new();
    for p in paths {
        match court.import_batch(p, how) {
            Ok(i) => {
                tracing::info!(
                    batch = i.batch,
                    records = i.records,
                    outcome = ?i.outcome,
                    "import"
                );
                let key = match i.outcome {
                    ImportOutcome::Added => "import.added",
                    ImportOutcome::Replaced => "import.replaced",
                    // (a different or an older content is refused, never Ok)
                    ImportOutcome::Unchanged
                    | ImportOutcome::Different
                    | ImportOutcome::Older(_) => "import.unchanged",
                };
                say!(
                    "{}",
                    shown(&tf(
                        key,
                        &[("court", &i.court), ("batch", &i.batch), ("n", &i.records)]
                    ))
                );
            }
            Err(e) => {
                // (the refusal's words name the file and field: only that one was refused)
                tracing::warn!("import refused");
                eprintln!("{}", shown(&tf("cli.error", &[("why", &e)])));
                failed.push(p.display().to_string());
            }
        }
    }
    if !failed.is_empty() {
        anyhow::bail!(tf("import.failed", &[("n", &failed.len())]));
    }
    Ok(())
}

/// The one finalized evaluation of a case that `agency` and `hearing` (its date) pick out, with
/// the case number in its canonical form; refused, listing them, when there is none or several.
pub fn find_evaluation(
    court: &Court,
    case_number: &str,
    agency: Option<&str>,
    hearing: Option<&str>,
) -> anyhow::Result<(String, CaseEvaluation)> {
    let canonical = crate::domain::case_number::parse(case_number)
        .map_err(|e| anyhow::Error::msg(e.message().text()))?
        .canonical();
    let evals = court.finalized_of_case(&canonical)?;
    if evals.is_empty() {
        anyhow::bail!(tf("perf.err.no_case", &[("case", &canonical)]));
    }
    let chosen: Vec<&CaseEvaluation> = evals
        .iter()
        .filter(|e| {
            agency.is_none_or(|x| e.agency == x.trim())
                && hearing.is_none_or(|x| e.hearing_date == x.trim())
        })
        .collect();
    match chosen.as_slice() {
        [one] => Ok((canonical, (*one).clone())),
        _ => {
            let which: Vec<String> = evals
                .iter()
                .map(|e| format!("{}（{}）", e.agency, e.hearing_date))
                .collect();
            anyhow::bail!(tf(
                "perf.err.which",
                &[("case", &canonical), ("which", &which.join("、"))]
            ))
        }
    }
}

/// Records the judgment performance outcome of a case's finalized evaluation.
pub fn perform(
    court: &mut Court,
    case_number: &str,
    agency: Option<&str>,
    hearing: Option<&str>,
    outcome: &str,
    by: &str,
    on: Option<&str>,
) -> anyhow::Result<()> {
    // the case number first: a bad one is named before anything else
    crate::domain::case_number::parse(case_number)
        .map_err(|e| anyhow::Error::msg(e.message().text()))?;
    let on = match on {
        Some(d) => chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
            .map_err(|_| anyhow::anyhow!(tf("perf.err.date", &[("value", &d)])))?,
        None => chrono::Local::now().date_naive(),
    };
    if on > chrono::Local::now().date_naive() {
        anyhow::bail!(tf("perf.err.future", &[("on", &on)]));
    }
    let (canonical, chosen) = find_evaluation(court, case_number, agency, hearing)?;
    let (name, eval) = (chosen.agency, chosen.evaluation_id);
    let by = crate::domain::text::bounded(
        crate::i18n::msg("col.recorded_by"),
        by,
        crate::domain::text::NAME_MAX,
    )
    .map_err(|e| anyhow::Error::msg(e.text()))?;
    let score = court.record_performance(eval, outcome, &by, on)?;
    let rubric = court.rubric_of_evaluation(eval)?;
    say!(
        "{canonical} {name}：{}",
        columns::performance_recorded(&rubric, outcome, &score)
    );
    Ok(())
}
