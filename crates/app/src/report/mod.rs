//! The month-end batch: selection (in the store), indicators (in the domain), and the writers here.
//! Files are written from one snapshot into a fresh private folder (see `stage`), with no write
//! lock held; the claim then checks that the snapshot still holds, the folder is moved into place
//! and the claim committed, so a failure leaves no partial batch and claims nothing.

use crate::i18n::prelude::*;
pub mod batch_reader;
pub mod compared;
mod reading;
pub use compared::{compared, comparison, with_comparison};
pub use reading::{indicators, reports};
pub use tingping_export::{
    Recipient, charts, columns, csv, docx, gongwen, json, sheet as sheet_doc, xlsx,
};
pub mod history;
pub mod import;
pub mod listing;
pub mod scorecard;
pub mod sheet;
pub mod stage;
pub mod trend;

use crate::domain::indicators::{Indicators, Report, Split};
use crate::domain::interchange::{Corrections, IndicatorCorrection};
use crate::domain::period::Period;
use crate::domain::rubric::Rubric;
use crate::i18n::tf;
use crate::store::Store;
use crate::store::batch::{BatchMeta, FileEntry, Reader, Source, Statement, Written};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Xlsx,
    Docx,
}

impl Format {
    pub const ALL: &[Format] = &[Format::Json, Format::Csv, Format::Xlsx, Format::Docx];
    pub fn id(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Docx => "docx",
        }
    }
    /// "xlsx,csv" → formats, in the order they are written.
    pub fn parse_list(s: &str) -> Result<Vec<Format>, String> {
        let mut out = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let f = Format::ALL
                .iter()
                .copied()
                .find(|f| f.id() == part.to_ascii_lowercase())
                .ok_or_else(|| tf("export.err.format", &[("value", &part)]))?;
            if !out.contains(&f) {
                out.push(f);
            }
        }
        out.sort_by_key(|f| Format::ALL.iter().position(|x| x == f));
        if out.is_empty() {
            return Err(tf("export.err.format", &[("value", &s)]));
        }
        Ok(out)
    }
}

/// What the exporter reports while it works.
pub enum Progress<'a> {
    Start { records: u64, files: usize },
    File(&'a str),
    Records(u64),
    Done,
}

pub struct Options<'a> {
    pub out: PathBuf,
    pub formats: Vec<Format>,
    pub progress: &'a mut dyn FnMut(Progress),
    /// tests: fail after writing this format, as a full disk would
    pub fail_after: Option<Format>,
    /// the day it is (None: the clock's); a month that has not begun cannot be exported
    pub today: Option<chrono::NaiveDate>,
    /// Unix: files 0660 and folders 2770, for a group sharing the court host (else 0600 and 0700)
    pub shared_group: bool,
    /// tests: runs after the files are written and before the claim
    pub before_claim: Option<&'a mut dyn FnMut()>,
    /// a draft (草稿) to read before issuing: nothing claimed, numbered or logged, the documents
    /// marked as a draft and their 发文字号 left blank, in a folder of its own
    /// (`…-draft-<time>`) with no manifest, so it is never taken for a batch
    pub draft: bool,
}

pub struct Exported {
    pub meta: BatchMeta,
    pub folder: PathBuf,
    pub report: Report,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{}", crate::i18n::Render::text(.0))]
    Store(#[from] crate::store::StoreError),
    #[error("{}", tf("export.err.io", &[("path", &.0.display()), ("why", &.1)]))]
    Io(PathBuf, String),
    /// refused before anything is claimed or written; the message says why
    #[error("{0}")]
    Refused(String),
}

fn ascii(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

/// The batch folder's name, ASCII only: `tingping-0104-2026-11` for 皖0104 (the digits of the
/// court code), `tingping-spc-2026-11` for the Supreme People's Court (最高法).
pub fn folder_name(court_code: &str, id: &str) -> String {
    let code = if court_code.trim() == crate::domain::case_number::SUPREME {
        "spc".to_string()
    } else {
        ascii(court_code)
    };
    if code.is_empty() {
        format!("tingping-{id}")
    } else {
        format!("tingping-{code}-{id}")
    }
}

/// What the indicators of a period read: an exported month's own claims, the claims a month's batch
/// would make now, or a report's records.
pub fn source_for(store: &Store, period: &Period) -> Result<Source, crate::store::StoreError> {
    Ok(if !period.kind.claims() {
        Source::Report(period.clone())
    } else if store.batch(&period.id)?.is_some() {
        Source::Batch(period.id.clone())
    } else {
        Source::Candidates(period.clone())
    })
}

/// What a batch corrects of earlier batches: a new month what is pending, an exported month what it
/// reported, with the indicators of the corrected batches' periods that the corrections change.
pub fn corrections_of(
    reader: &Reader,
    rubric: &Rubric,
) -> Result<Corrections, crate::store::StoreError> {
    use crate::store::corrections as c;
    let mut out = match reader.source() {
        Source::Candidates(_) => c::corrections(reader, None)?,
        // an exported month says what it said: its indicator corrections were kept with it
        Source::Batch(id) => return c::corrections(reader, Some(id)),
        _ => return Ok(Corrections::default()),
    };
    let batches: std::collections::BTreeSet<String> = out
        .corrections
        .iter()
        .map(|x| x.reported_in.clone())
        .chain(out.restatements.iter().map(|x| x.reported_in.clone()))
        .collect();
    for b in batches {
        let Some(stated) = c::batch_statement(reader, &b)? else {
            continue;
        };
        let now = indicators(&reader.of(Source::Batch(b.clone())))?
            .total
            .values(rubric);
        // matched by id: a statement kept before an indicator was added has fewer of them; the
        // suggestions sent are counted from the suggestions, not corrected by a record's change
        for now in now
            .iter()
            .filter(|v| !crate::domain::indicators::OF_SUGGESTIONS.contains(&v.id.as_str()))
        {
            let Some(was) = stated.iter().find(|w| w.id == now.id) else {
                continue;
            };
            if was.text() != now.text() {
                out.indicators.push(IndicatorCorrection {
                    batch: b.clone(),
                    id: now.id.clone(),
                    label: now.label.clone(),
                    was: was.text(),
                    now: now.text(),
                });
            }
        }
    }
    Ok(out)
}

/// The 更正说明 of a notice: each earlier statement now wrong and each indicator it changes, in words.
fn docx_corrections(c: &Corrections, rubric: &Rubric) -> docx::CorrectionText {
    let batch = |id: &str| {
        crate::domain::period::Period::parse(id)
            .map(|p| p.title().text())
            .unwrap_or_else(|_| crate::i18n::Msg::verbatim(id).text())
    };
    let restated = |r: &crate::domain::interchange::Restatement| docx::Restated {
        batch: batch(&r.reported_in),
        case: r.case_number.clone(),
        agency: r.agency.clone(),
        person: r.person.clone(),
        was: columns::statement_text(&r.was, rubric),
        now: columns::statement_text(&r.now, rubric),
        why: columns::why_text(&r.why, rubric),
    };
    // the records amended, not the fields: one record with three fields amended is one
    let amended: std::collections::BTreeSet<&str> =
        c.corrections.iter().map(|x| x.record_id.as_str()).collect();
    docx::CorrectionText {
        amended: amended.len(),
        later: c
            .restatements
            .iter()
            .filter(|r| r.later)
            .map(restated)
            .collect(),
        records: c
            .restatements
            .iter()
            .filter(|r| !r.later)
            .map(restated)
            .collect(),
        indicators: c
            .indicators
            .iter()
            .map(|i| IndicatorCorrection {
                batch: batch(&i.batch),
                ..i.clone()
            })
            .collect(),
    }
}

/// Whether the batch made at `a` was made before the one made at `b` (RFC 3339).
fn made_before(a: &str, b: &str) -> bool {
    let at = |t: &str| chrono::DateTime::parse_from_rfc3339(t).ok();
    matches!((at(a), at(b)), (Some(a), Some(b)) if a < b)
}

fn sha_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let n = std::io::copy(&mut f, &mut h)?;
    Ok((crate::sign::hex(&h.finalize()), n))
}

/// The court that issues the notice: its name, its code, and the same-level government that
/// receives the main notice (法释〔2020〕3号 art 14; 皖司发〔2022〕9号 §14).
#[derive(Clone, Copy, Debug)]
pub struct Issuer<'a> {
    pub name: &'a str,
    pub code: &'a str,
    pub government: &'a str,
}

impl<'a> Issuer<'a> {
    pub fn of(config: &'a crate::config::Config) -> Issuer<'a> {
        match config.org {
            crate::domain::bureau::OrgKind::Court => Issuer {
                name: &config.court_name,
                code: &config.court_code,
                government: &config.government,
            },
            // (a justice bureau has no court code: no court's key is its own)
            crate::domain::bureau::OrgKind::Bureau => Issuer {
                name: &config.org_name,
                code: "",
                government: "",
            },
        }
    }
}

/// Exports the batch of `period`: claims what is new (or re-produces the existing batch) and writes
/// its files under `opts.out`, into `tingping-<code>-<id>/` (only an earlier export of the same
/// batch is replaced there; anything else is refused, naming it).
pub fn export(
    store: &mut Store,
    court: &Issuer,
    rubric: &Rubric,
    tpl: &docx::Template,
    period: &Period,
    opts: Options,
    signer: Option<&crate::sign::Signer>,
) -> Result<Exported, ExportError> {
    let Options {
        out,
        formats,
        progress,
        fail_after,
        today,
        shared_group,
        mut before_claim,
        draft,
    } = opts;
    // a month that has not begun has nothing of its own: its batch would only take later months'
    // items away from them
    let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
    if period.kind.claims() && period.from > today {
        return Err(ExportError::Refused(tf(
            "export.err.future",
            &[("period", &period.title().text()), ("today", &today)],
        )));
    }
    // (the 环比 and 同比 only the notice states: read for it alone)
    let compare = if formats.contains(&Format::Docx) {
        comparison(store, court.name, period, today)?
    } else {
        None
    };
    // the chain heads of the court's earlier batches, which the manifest carries
    // (with when each was made: a batch carries those made before it, so a re-export is the same)
    let heads: Vec<(String, json::HeadJson)> = store
        .batches()?
        .into_iter()
        .filter(|b| b.kind.claims() && b.id != period.id && !b.chain_head.is_empty())
        .map(|b| {
            (
                b.created_at,
                json::HeadJson {
                    batch: b.id,
                    chain_head: b.chain_head,
                },
            )
        })
        .collect();
    // the heads a signed manifest states must be in this court's log as it is: a log rewritten
    // (and chained again) since a batch is not signed over, whatever the batches table says
    if !draft {
        let stated: Vec<&str> = heads.iter().map(|(_, h)| h.chain_head.as_str()).collect();
        if let Some(gone) = store.heads_not_in_log(&stated)?.first() {
            let batch = heads
                .iter()
                .find(|(_, h)| h.chain_head == *gone)
                .map(|(_, h)| h.batch.clone())
                .unwrap_or_default();
            return Err(ExportError::Refused(tf(
                "export.err.rewritten",
                &[("batch", &batch)],
            )));
        }
    }
    // the batches of courts below taken unsigned that the period counts: its notice names them
    let unsigned: Vec<String> = store
        .unsigned_imports(&period.from.to_string(), &period.to.to_string())?
        .into_iter()
        .map(|(court, batch)| {
            crate::domain::text::shown(&format!("{court}（{batch}）")).into_owned()
        })
        .collect();
    let modes = stage::Modes::new(shared_group);
    // (the export's connection reads the period mapped, as a report does; it stays so)
    store.map(true);
    stage::out_dir(&out, modes)?;
    stage::remove_stale(&out);
    // the files of the period, written into a stage (what the export and a draft share)
    let mut write = |reader: &Reader,
                     meta: &BatchMeta,
                     stage: &stage::Stage,
                     previous: Option<&json::Manifest>,
                     issue: Issue| {
        write_all(
            reader,
            meta,
            rubric,
            tpl,
            court.government,
            compare.clone(),
            stage,
            &formats,
            &mut *progress,
            fail_after,
            previous,
            modes,
            issue,
        )
    };
    if draft {
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let (meta, (mut stage, report)) = store.draft_batch(
            period,
            court.name,
            court.code,
            |reader, meta| -> Result<(stage::Stage, Report), ExportError> {
                // (a draft never replaces another: a second in the same second is numbered)
                let base = format!("{}-draft-{stamp}", folder_name(&meta.court_code, &meta.id));
                let name = (1..)
                    .map(|n| match n {
                        1 => base.clone(),
                        n => format!("{base}-{n}"),
                    })
                    .find(|n| std::fs::symlink_metadata(out.join(n)).is_err())
                    .expect("a free name");
                let stage =
                    stage::Stage::new(&out, &name, (&meta.id, &meta.court_code, &[]), modes)?;
                let (_, report, _) = write(reader, meta, &stage, None, Issue::Draft)?;
                stage.seal()?;
                Ok((stage, report))
            },
        )?;
        stage.place()?;
        let folder = stage.target().to_path_buf();
        stage.committed();
        return Ok(Exported {
            meta,
            folder,
            report,
        });
    }
    let (meta, (stage, report)) = store.export_batch(
        period,
        court.name,
        court.code,
        |reader, meta| -> Result<Written<(stage::Stage, Report)>, ExportError> {
            let name = folder_name(&meta.court_code, &meta.id);
            let batch = (meta.id.as_str(), meta.court_code.as_str(), &meta.files[..]);
            let previous = stage::earlier(&out.join(&name), batch.0, batch.1, batch.2)?;
            let stage = stage::Stage::new(&out, &name, batch, modes)?;
            let (files, report, corrected) = write(
                reader,
                meta,
                &stage,
                previous.as_ref(),
                Issue::Issued {
                    heads: &heads,
                    signer,
                    unsigned: unsigned.clone(),
                },
            )?;
            stage.seal()?;
            if let Some(hook) = before_claim.as_mut() {
                hook();
            }
            // what a new month's notice states, kept in its claim's transaction: its figures,
            // its indicator corrections, and the corrected batches' figures as it now states them
            let statement = meta
                .kind
                .claims()
                .then(|| -> Result<Statement, ExportError> {
                    let batches: std::collections::BTreeSet<&str> =
                        corrected.iter().map(|c| c.batch.as_str()).collect();
                    let mut restated = Vec::new();
                    for b in batches {
                        let values = indicators(&reader.of(Source::Batch(b.to_string())))?
                            .total
                            .values(rubric);
                        restated.push((b.to_string(), values));
                    }
                    Ok(Statement {
                        values: report.total.values(rubric),
                        corrected: corrected.clone(),
                        restated,
                    })
                });
            Ok(Written {
                value: (stage, report),
                folder: name,
                files,
                statement: statement.transpose()?,
            })
        },
        |(stage, _)| stage.place(),
    )?;
    let folder = stage.target().to_path_buf();
    stage.committed();
    Ok(Exported {
        meta,
        folder,
        report,
    })
}

/// Whether the files are issued (numbered, with their manifest, the chain heads the court's
/// earlier batches were made at, the signature, and the batches of courts below taken unsigned
/// that the notice names) or a draft to read first.
enum Issue<'a> {
    Issued {
        heads: &'a [(String, json::HeadJson)],
        signer: Option<&'a crate::sign::Signer>,
        unsigned: Vec<String>,
    },
    Draft,
}

/// The file an export writes, as a full disk would leave it when `fail` (tests): every write fails.
struct Out {
    file: std::fs::File,
    fail: bool,
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.fail {
            return Err(std::io::ErrorKind::StorageFull.into());
        }
        self.file.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

#[allow(clippy::too_many_arguments)]
fn write_all(
    reader: &Reader,
    meta: &BatchMeta,
    rubric: &Rubric,
    tpl: &docx::Template,
    main_government: &str,
    compare: Option<docx::Comparison>,
    stage: &stage::Stage,
    formats: &[Format],
    progress: &mut dyn FnMut(Progress),
    fail_after: Option<Format>,
    previous: Option<&json::Manifest>,
    modes: stage::Modes,
    issue: Issue,
) -> Result<(Vec<FileEntry>, Report, Vec<IndicatorCorrection>), ExportError> {
    let (heads, signer, unsigned, numbered) = match issue {
        Issue::Issued {
            heads,
            signer,
            unsigned,
        } => (heads, signer, unsigned, true),
        Issue::Draft => (&[][..], None, Vec::new(), false),
    };
    let dir = stage.dir();
    // a file is named where it will be, in the batch folder
    let shown = |name: &str| stage.target().join(name);
    let io = |name: &str, e: std::io::Error| ExportError::Io(shown(name), stage::why(&e));
    let full = |name: &str| io(name, std::io::ErrorKind::StorageFull.into());
    let total = reader.estimate()?;
    progress(Progress::Start {
        records: total,
        files: formats.len() + 1,
    });
    let stem = format!("tongbao-{}", meta.id);
    let mut names = Vec::new();
    // one pass: the indicators, what each notice names, and the streamed files (json, csv)
    let notices = formats.contains(&Format::Docx);
    let mut named: BTreeMap<String, docx::Named> = BTreeMap::new();
    let mut split = Split::default();
    // the workbook's chart of the rates by month: the months of the period, from these records
    let chart_months = charts::months_of(&meta.period());
    let mut monthly = crate::domain::trend::MonthSplit::new(&chart_months);
    let open = |name: &str, format: Format| -> Result<BufWriter<Out>, ExportError> {
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, modes.file);
        let file = o.open(dir.join(name)).map_err(|e| io(name, e))?;
        let fail = fail_after == Some(format);
        Ok(BufWriter::with_capacity(1 << 16, Out { file, fail }))
    };
    let mut json_out = None;
    let mut csv_out = None;
    let json_name = format!("{stem}.json");
    let csv_name = format!("{stem}.csv");
    if formats.contains(&Format::Json) {
        progress(Progress::File(&json_name));
        let mut w = open(&json_name, Format::Json)?;
        json::head(&mut w, meta).map_err(|e| io(&json_name, e))?;
        json_out = Some(w);
        names.push(json_name.clone());
    }
    let dims = columns::dims(rubric);
    if formats.contains(&Format::Csv) {
        progress(Progress::File(&csv_name));
        let mut w = open(&csv_name, Format::Csv)?;
        csv::header(&mut w, &dims).map_err(|e| io(&csv_name, e))?;
        csv_out = Some(w);
        names.push(csv_name.clone());
    }
    let xlsx_name = format!("{stem}.xlsx");
    let xlsx = formats.contains(&Format::Xlsx);
    let mut xlsx_out = if xlsx {
        progress(Progress::File(&xlsx_name));
        Some(xlsx::Writer::new(rubric, dir).map_err(|e| io(&xlsx_name, e))?)
    } else {
        None
    };
    // each other government's extract (函) carries a workbook of its own agencies' rows only
    let mut extract_xlsx: BTreeMap<String, xlsx::Writer> = BTreeMap::new();
    let mut n = 0u64;
    let mut events_of = reader.events_of()?;
    // (the marks themselves only for the json; a report's unfinished appearances in the same pass)
    let mut pending = Split::default();
    let all_marks = formats.contains(&Format::Json);
    let json = json_out.is_some();
    let mut first = true;
    let mut consume = |r: &crate::domain::indicators::Record,
                       d: &crate::domain::interchange::Detail,
                       events: &[crate::domain::live::Event]|
     -> Result<(), ExportError> {
        split.add(r);
        // (the workbook's chart only)
        if xlsx {
            monthly.add(r);
        }
        if let Some(x) = &mut xlsx_out {
            x.add(r, d).map_err(|e| io(&xlsx_name, e))?;
        }
        if xlsx && r.government != main_government {
            if !extract_xlsx.contains_key(&r.government) {
                let x = xlsx::Writer::new(rubric, dir).map_err(|e| io(&xlsx_name, e))?;
                extract_xlsx.insert(r.government.clone(), x);
            }
            if let Some(x) = extract_xlsx.get_mut(&r.government) {
                x.add(r, d).map_err(|e| io(&xlsx_name, e))?;
            }
        }
        if notices {
            named.entry(r.government.clone()).or_default().add(r);
        }
        if let Some(w) = &mut csv_out
            && let Some(row) = columns::detail_row(r, d, &dims, rubric)
        {
            csv::row(w, &row).map_err(|e| io(&csv_name, e))?;
        }
        if let Some(w) = &mut json_out {
            let value = json::RecordJson::of(r, d, events);
            json::record(w, first, &value).map_err(|e| io(&json_name, e))?;
        }
        first = false;
        Ok(())
    };
    let mut events = |d: &crate::domain::interchange::Detail| -> Result<Vec<_>, ExportError> {
        Ok(match (json, d.evaluation_id) {
            (true, Some(id)) => events_of.of(id)?,
            _ => Vec::new(),
        })
    };
    let mut counted = |progress: &mut dyn FnMut(Progress)| {
        n += 1;
        if n.is_multiple_of(1000) {
            progress(Progress::Records(n));
        }
    };
    if !xlsx {
        // a csv or json is written as fast as SQLite reads: on this thread, as it reads
        reader.for_each_lean(
            all_marks,
            |p| pending.add_pending(p),
            |r, d| -> Result<(), ExportError> {
                consume(r, d, &events(d)?)?;
                counted(&mut *progress);
                Ok(())
            },
        )?;
    } else {
        // a workbook takes longer to write than its rows to read: SQLite reads on this thread,
        // the records go in order, a few hundred at a time, to a thread of their own that counts
        // them and writes the files (their formatting and compression on the other core)
        type Batch = Vec<(
            crate::domain::indicators::Record,
            crate::domain::interchange::Detail,
            Vec<crate::domain::live::Event>,
        )>;
        const BATCH: usize = 256;
        let (to_writer, batches) = std::sync::mpsc::sync_channel::<Batch>(8);
        let written = std::thread::scope(|scope| {
            let writer = scope.spawn(|| -> Result<(), ExportError> {
                for batch in batches {
                    for (r, d, events) in &batch {
                        consume(r, d, events)?;
                    }
                }
                Ok(())
            });
            let mut batch: Batch = Vec::with_capacity(BATCH);
            // (the writer stopped: its error is the one to tell)
            let stopped = || ExportError::Refused(String::new());
            let read = reader.for_each_lean(
                all_marks,
                |p| pending.add_pending(p),
                |r, d| -> Result<(), ExportError> {
                    batch.push((r.clone(), d.clone(), events(d)?));
                    if batch.len() == BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        to_writer.send(full).map_err(|_| stopped())?;
                    }
                    counted(&mut *progress);
                    Ok(())
                },
            );
            let read = read.and_then(|()| to_writer.send(batch).map_err(|_| stopped()));
            drop(to_writer);
            let wrote = writer
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            wrote.and(read)
        });
        written?;
    }
    split.merge(pending);
    let mut report = split.finish();
    report.add_suggestions(&reader.suggestion_tally()?);
    let corrections = corrections_of(reader, rubric)?;
    // (said by the notice only)
    let moved = match notices {
        true => reader.moved_since_reported()?,
        false => 0,
    };
    let monthly = monthly.finish();
    // a month's batch: the 12 months before it as their notices stated them (what an earlier batch
    // said does not change, so a re-export makes the same chart)
    let mut stated = Vec::new();
    if meta.kind.claims() && xlsx {
        let all = crate::domain::trend::months_ending(&meta.period());
        for m in &all[..all.len() - 1] {
            let values = crate::store::corrections::batch_statement(reader, &m.id)?;
            stated.push(charts::MonthRates::stated(&m.id, values.as_deref()));
        }
    }
    // a recipient's months: the stated ones (the whole notice's: only the main workbook has
    // them), then its own figures of each month
    let months_for = |government: Option<&str>| -> Vec<charts::MonthRates> {
        let mut out: Vec<charts::MonthRates> = match government {
            None => stated.clone(),
            Some(_) => stated
                .iter()
                .map(|m| charts::MonthRates::of(&m.month, None, rubric))
                .collect(),
        };
        out.extend(monthly.iter().map(|(m, r)| {
            let ind = match government {
                None => Some(&r.total),
                Some(g) => r.by_government.get(g),
            };
            charts::MonthRates::of(m, ind, rubric)
        }));
        out
    };
    if let Some(mut w) = json_out {
        json::tail(&mut w, &report, rubric, &corrections).map_err(|e| io(&json_name, e))?;
        w.flush().map_err(|e| io(&json_name, e))?;
    }
    if let Some(mut w) = csv_out {
        w.flush().map_err(|e| io(&csv_name, e))?;
    }
    if let Some(x) = xlsx_out {
        x.finish(
            &dir.join(&xlsx_name),
            meta,
            &report,
            &corrections,
            &months_for(None),
        )
        .map_err(|e| io(&xlsx_name, e))?;
        names.push(xlsx_name.clone());
        if fail_after == Some(Format::Xlsx) {
            return Err(full(&xlsx_name));
        }
    }
    // the recipients: the court's same-level government receives the main notice on every agency;
    // each other government an extract (函) on its own agencies, with its own workbook
    let mut recipients = vec![Recipient {
        government: main_government.to_string(),
        bureau: tpl.justice_bureau(main_government),
        extract: false,
        files: Vec::new(),
    }];
    for (gov, ind) in &report.by_government {
        // a government with records to name (its unfinished appearances alone make no 函: they
        // are reported when finished)
        let records = ind.appearances + ind.followups + ind.late_items;
        if gov != main_government && records > 0 {
            recipients.push(Recipient {
                government: gov.clone(),
                bureau: tpl.justice_bureau(gov),
                extract: true,
                files: Vec::new(),
            });
        }
    }
    for (i, rcp) in recipients.iter().enumerate().skip(1) {
        if let Some(x) = extract_xlsx.remove(&rcp.government) {
            let name = format!("{stem}-han-{i}.xlsx");
            progress(Progress::File(&name));
            x.finish(
                &dir.join(&name),
                meta,
                &report.only(&rcp.government),
                &corrections.only(&rcp.government),
                &months_for(Some(&rcp.government)),
            )
            .map_err(|e| io(&name, e))?;
            names.push(name);
        }
    }
    if notices {
        let name = format!("{stem}-notice.docx");
        let all = docx::Named::merged(named.values());
        progress(Progress::File(&name));
        let letter = docx::Letter {
            recipient: &recipients[0],
            number: meta.doc_number,
            ind: &report.total,
            named: &all,
            compare: compare.as_ref(),
            corrections: &docx_corrections(&corrections, rubric),
            late: Some(&report.late),
            moved,
            unsigned: &unsigned,
        };
        docx::write(&dir.join(&name), tpl, meta, &letter).map_err(|e| io(&name, e))?;
        names.push(name.clone());
        if fail_after == Some(Format::Docx) {
            return Err(full(&name));
        }
        let empty = docx::Named::default();
        let empty_ind = Indicators::default();
        for (i, rcp) in recipients.iter().enumerate().skip(1) {
            let name = format!("{stem}-han-{i}.docx");
            progress(Progress::File(&name));
            let letter = docx::Letter {
                recipient: rcp,
                number: if numbered {
                    meta.han_first + i as i64 - 1
                } else {
                    0
                },
                ind: report
                    .by_government
                    .get(&rcp.government)
                    .unwrap_or(&empty_ind),
                named: named.get(&rcp.government).unwrap_or(&empty),
                compare: None,
                corrections: &docx_corrections(&corrections.only(&rcp.government), rubric),
                late: None,
                moved: 0,
                unsigned: &[],
            };
            docx::write(&dir.join(&name), tpl, meta, &letter).map_err(|e| io(&name, e))?;
            names.push(name);
        }
    }
    // a re-export of some formats keeps the batch's other files: only those its earlier export
    // listed, unchanged (checked as they are copied)
    if let Some(earlier) = previous {
        for f in &earlier.files {
            if !names.contains(&f.name)
                && stage::carry(&shown(&f.name), &dir.join(&f.name), f, modes)?
            {
                names.push(f.name.clone());
            }
        }
    }
    for (i, rcp) in recipients.iter_mut().enumerate() {
        let own = |n: &&String| {
            if i == 0 {
                **n == format!("{stem}-notice.docx") || **n == format!("{stem}.xlsx")
            } else {
                n.starts_with(&format!("{stem}-han-{i}."))
            }
        };
        rcp.files = names.iter().filter(own).cloned().collect();
        rcp.files.sort();
    }
    names.sort_by_key(|n| {
        (
            !n.ends_with(".json"),
            !n.ends_with(".csv"),
            !n.ends_with(".xlsx"),
            n.clone(),
        )
    });
    let mut files = Vec::new();
    for name in &names {
        let (sha256, bytes) = sha_file(&dir.join(name)).map_err(|e| io(name, e))?;
        files.push(FileEntry {
            name: name.clone(),
            sha256,
            bytes,
        });
    }
    // a draft is read, not sent: no manifest (nothing takes its folder for a batch)
    if !numbered {
        progress(Progress::Done);
        return Ok((files, report, corrections.indicators));
    }
    // the manifest lists every other file with its checksum
    let t = &report.total;
    let manifest = json::Manifest {
        schema: json::MANIFEST_SCHEMA.into(),
        batch: meta.id.clone(),
        kind: meta.kind.id().into(),
        period: json::PeriodJson {
            from: meta.from.to_string(),
            to: meta.to.to_string(),
            topic: meta.topic.clone(),
        },
        court: json::CourtJson {
            name: meta.court.clone(),
            code: meta.court_code.clone(),
        },
        created_at: meta.created_at.clone(),
        counts: json::CountsJson {
            records: Some(n),
            appearances: t.appearances,
            evaluations: t.evaluations,
            absences: t.appearances - t.evaluations,
            late: t.late_items,
            performance_followups: t.followups,
        },
        recipients,
        chain_head: meta.chain_head.clone(),
        corrections: corrections.corrections.len() as u64,
        files: files
            .iter()
            .map(|f| json::FileJson {
                name: f.name.clone(),
                sha256: f.sha256.clone(),
                bytes: f.bytes,
            })
            .collect(),
        heads: heads
            .iter()
            .filter(|(made, _)| meta.kind.claims() && made_before(made, &meta.created_at))
            .map(|(_, h)| h.clone())
            .collect(),
    };
    let mpath = dir.join("manifest.json");
    let text = serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n";
    std::fs::write(&mpath, &text).map_err(|e| io("manifest.json", e))?;
    let (sha256, bytes) = sha_file(&mpath).map_err(|e| io("manifest.json", e))?;
    files.push(FileEntry {
        name: "manifest.json".into(),
        sha256,
        bytes,
    });
    // the signature of the manifest's exact bytes, beside it
    if let Some(signer) = signer {
        let name = crate::sign::SIGNATURE_FILE;
        let sig = serde_json::to_string_pretty(&signer.sign(text.as_bytes())).unwrap_or_default();
        let path = dir.join(name);
        std::fs::write(&path, sig + "\n").map_err(|e| io(name, e))?;
        let (sha256, bytes) = sha_file(&path).map_err(|e| io(name, e))?;
        files.push(FileEntry {
            name: name.into(),
            sha256,
            bytes,
        });
    }
    progress(Progress::Done);
    Ok((files, report, corrections.indicators))
}

#[cfg(test)]
mod tests {
    use super::folder_name;

    #[test]
    fn folder_names_are_ascii_for_every_kind_of_court() {
        assert_eq!(folder_name("皖0104", "2026-11"), "tingping-0104-2026-11");
        assert_eq!(folder_name("沪72", "2026-11"), "tingping-72-2026-11");
        assert_eq!(folder_name("最高法", "2026-11"), "tingping-spc-2026-11");
        assert_eq!(folder_name("", "2026-11"), "tingping-2026-11");
    }
}
