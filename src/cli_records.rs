//! Accountability on the command line: amend a settled record, delete one entered by mistake,
//! verify the audit log, print a case's history.

use crate::Court;
use crate::domain::text::{NAME_MAX, TEXT_MAX, bounded, shown};
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::records::{Problem, Verified};
use std::io::Write;

/// The canonical form of a case number typed on the command line.
pub fn canonical(case_number: &str) -> anyhow::Result<String> {
    Ok(crate::domain::case_number::parse(case_number)
        .map_err(|e| anyhow::Error::msg(e.message().text()))?
        .canonical())
}

/// The one appearance of a case that `--agency` and `--hearing` pick (all of them when `many`).
pub(crate) fn pick(
    court: &Court,
    case: &str,
    agency: Option<&str>,
    hearing: Option<&str>,
) -> anyhow::Result<(i64, String)> {
    let all = court.appearances_of_case(case)?;
    if all.is_empty() {
        anyhow::bail!(tf("records.err.no_case", &[("case", &case)]));
    }
    let chosen: Vec<_> = all
        .iter()
        .filter(|(_, a, d)| {
            agency.is_none_or(|x| a == x.trim()) && hearing.is_none_or(|x| d == x.trim())
        })
        .collect();
    match chosen.as_slice() {
        [one] => Ok((one.0, one.1.clone())),
        _ => {
            let which: Vec<String> = all.iter().map(|(_, a, d)| format!("{a}（{d}）")).collect();
            anyhow::bail!(tf(
                "perf.err.which",
                &[("case", &case), ("which", &shown(&which.join("、")))]
            ))
        }
    }
}

/// `tingping sheet CASE [--agency A] [--hearing DATE] --out DIR`, or `--period 2026-11` for
/// every appearance of a month's hearings in one document.
pub fn sheet(
    court: &Court,
    config: &crate::config::Config,
    case_number: Option<&str>,
    agency: Option<&str>,
    hearing: Option<&str>,
    period: Option<&str>,
    out: &std::path::Path,
) -> anyhow::Result<()> {
    use crate::report::sheet;
    let (appearances, stem) = match (period, case_number) {
        (Some(p), _) => {
            let p = crate::domain::period::Period::parse(p)
                .map_err(|m| anyhow::Error::msg(m.text()))?;
            if p.kind != crate::domain::period::PeriodKind::Month {
                anyhow::bail!(tf("evalsheet.err.month", &[("period", &p.id)]));
            }
            let all = court.appearances_between(p.from, p.to, agency)?;
            if all.is_empty() {
                anyhow::bail!(tf("evalsheet.err.none", &[("period", &p.title().text())]));
            }
            if all.len() > sheet::SHEETS_MAX {
                anyhow::bail!(tf(
                    "evalsheet.err.too_many",
                    &[
                        ("period", &p.title().text()),
                        ("n", &all.len()),
                        ("max", &sheet::SHEETS_MAX)
                    ]
                ));
            }
            // (one agency's month in a file of its own: its name, letters and digits only)
            let stem = match agency {
                Some(a) => format!(
                    "pingyibiao-{}-{}",
                    p.id,
                    a.trim()
                        .chars()
                        .map(|c| if c.is_alphanumeric() { c } else { '_' })
                        .collect::<String>()
                ),
                None => format!("pingyibiao-{}", p.id),
            };
            (all, stem)
        }
        (None, Some(c)) => {
            let case = canonical(c)?;
            let (appearance, _) = pick(court, &case, agency, hearing)?;
            (vec![appearance], format!("pingyibiao-{appearance}"))
        }
        (None, None) => anyhow::bail!(t("evalsheet.err.which")),
    };
    let sheets = court.sheets(&config.court_name, &appearances)?;
    let path = sheet::write(out, &stem, &sheets, config.shared_group)?;
    say!(
        "{}",
        tf(
            "evalsheet.done",
            &[
                ("path", &shown(&path.display().to_string())),
                ("n", &sheets.len())
            ]
        )
    );
    Ok(())
}

/// `tingping amend CASE --set FIELD=VALUE... --reason TEXT --by NAME`
pub fn amend(
    court: &mut Court,
    case_number: &str,
    agency: Option<&str>,
    hearing: Option<&str>,
    sets: &[String],
    reason: &str,
    by: &str,
) -> anyhow::Result<()> {
    let case = canonical(case_number)?;
    let (appearance, name) = pick(court, &case, agency, hearing)?;
    let sets = sets
        .iter()
        .map(|s| {
            s.split_once('=')
                .map(|(f, v)| (f.trim().to_string(), v.to_string()))
                .ok_or_else(|| anyhow::anyhow!(tf("amend.err.set", &[("value", &shown(s))])))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let done = court.amend(appearance, &sets, reason, by)?;
    let rubric = crate::domain::rubric::Rubric::default_rubric();
    for a in &done {
        // as a reader knows them: the field's name, the values' labels
        use crate::domain::amend::{Field, value_label};
        let field = Field::parse(&rubric, &a.field)
            .map(|f| f.label(&rubric))
            .map(|m| m.text())
            .unwrap_or_else(|_| a.field.clone());
        let line = tf(
            "amend.done",
            &[
                ("case", &shown(&case)),
                ("agency", &shown(&name)),
                ("field", &field),
                (
                    "old",
                    &shown(&value_label(&rubric, &a.field, &a.old).text()),
                ),
                (
                    "new",
                    &shown(&value_label(&rubric, &a.field, &a.new).text()),
                ),
            ],
        );
        if a.reported_in.is_empty() {
            say!("{line}");
        } else {
            say!(
                "{line}{}",
                tf("amend.goes_out", &[("batch", &a.reported_in)])
            );
        }
    }
    Ok(())
}

/// `tingping delete CASE [--agency NAME] [--hearing DATE] [--reason TEXT] --yes`
pub fn delete(
    court: &mut Court,
    case_number: &str,
    agency: Option<&str>,
    hearing: Option<&str>,
    reason: Option<&str>,
    yes: bool,
) -> anyhow::Result<()> {
    let case = canonical(case_number)?;
    let reason = bounded(
        crate::i18n::msg("amend.reason"),
        reason.unwrap_or(""),
        TEXT_MAX,
    )
    .map_err(|e| anyhow::Error::msg(e.text()))?;
    if let Some(agency) = agency {
        let agency = bounded(crate::i18n::msg("field.defendants"), agency, NAME_MAX)
            .map_err(|e| anyhow::Error::msg(e.text()))?;
        let (id, name) = pick(court, &case, Some(&agency), hearing)?;
        if !yes {
            anyhow::bail!(tf(
                "delete.confirm",
                &[("what", &format!("{} {}", shown(&case), shown(&name)))]
            ));
        }
        court.delete_appearance(id, &reason)?;
        say!(
            "{}",
            tf(
                "delete.done",
                &[("what", &format!("{} {}", shown(&case), shown(&name)))]
            )
        );
        return Ok(());
    }
    let hearings: Vec<_> = court
        .hearings_by_case(&case)?
        .into_iter()
        .filter(|h| hearing.is_none_or(|d| h.date.to_string() == d.trim()))
        .collect();
    let h = match hearings.as_slice() {
        [one] => one,
        [] => anyhow::bail!(tf("records.err.no_case", &[("case", &case)])),
        many => {
            let which: Vec<String> = many.iter().map(|h| h.date.to_string()).collect();
            anyhow::bail!(tf(
                "delete.err.which",
                &[("case", &case), ("which", &which.join("、"))]
            ))
        }
    };
    let what = format!("{}（{}）", shown(&case), h.date);
    if !yes {
        anyhow::bail!(tf("delete.confirm", &[("what", &what)]));
    }
    court.delete_hearing(h.id, &reason)?;
    say!("{}", tf("delete.done", &[("what", &what)]));
    Ok(())
}

/// `tingping verify [--json]`: exit 1 when the log is broken.
pub fn verify(court: &Court, json: bool) -> anyhow::Result<i32> {
    let v = court.verify()?;
    if json {
        say!("{}", serde_json::to_string(&v)?);
    }
    match &v {
        Verified::Ok { entries, head } => {
            if !json {
                say!("ok {entries} entries");
                say!("{}", tf("verify.ok", &[("n", entries), ("head", head)]));
            }
            Ok(0)
        }
        Verified::Broken {
            seq,
            problem,
            entity,
            entity_id,
        } => {
            if !json {
                // (a batch or the log itself has no number of its own)
                let kind = t(&format!("audit.entity.{entity}"));
                let what = if *entity_id == 0 {
                    kind.to_string()
                } else {
                    format!("{kind} {entity_id}")
                };
                let why = t(&format!("verify.problem.{}", problem_id(*problem)));
                if *seq > 0 {
                    say!("broken at entry {seq}");
                    say!(
                        "{}",
                        tf(
                            "verify.broken",
                            &[("seq", seq), ("what", &what), ("why", &why)]
                        )
                    );
                } else {
                    say!("broken: unlogged {entity} {entity_id}");
                    say!(
                        "{}",
                        tf("verify.unlogged", &[("what", &what), ("why", &why)])
                    );
                }
            }
            Ok(1)
        }
    }
}

fn problem_id(p: Problem) -> &'static str {
    match p {
        Problem::Sequence => "sequence",
        Problem::Chain => "chain",
        Problem::Content => "content",
        Problem::Record => "record",
        Problem::Deleted => "deleted",
        Problem::Unlogged => "unlogged",
        Problem::Unprotected => "unprotected",
        Problem::Truncated => "truncated",
        Problem::Time => "time",
        Problem::Rewritten => "rewritten",
    }
}

/// `tingping history CASE [--json]`
pub fn history(
    court: &Court,
    rubric: &crate::domain::rubric::Rubric,
    case_number: &str,
    json: bool,
) -> anyhow::Result<()> {
    let case = canonical(case_number)?;
    let entries = court.history(&case)?;
    if entries.is_empty() {
        anyhow::bail!(tf("records.err.no_case", &[("case", &case)]));
    }
    // the fields and values in words, the agency each entry is about named (as in the TUI's H);
    // --json keeps the log's own ids
    let names = court.history_names(&case, &entries)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for e in &entries {
        if json {
            serde_json::to_writer(&mut out, e)?;
            writeln!(out)?;
        } else {
            writeln!(
                out,
                "{}",
                crate::report::history::labelled_line(e, rubric, &names)
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
