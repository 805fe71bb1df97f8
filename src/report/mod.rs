//! The month-end batch: selection (in the store), indicators (in the domain), and the writers here.
//! Files are written into a temporary folder and moved into place; the claim is committed only
//! after the move, so a failure leaves no partial batch and claims nothing.

pub mod columns;
pub mod csv;
pub mod docx;
pub mod gongwen;
pub mod import;
pub mod json;
pub mod xlsx;

use crate::domain::indicators::{Report, Split};
use crate::domain::period::Period;
use crate::domain::rubric::Rubric;
use crate::i18n::tf;
use crate::store::Store;
use crate::store::batch::{BatchMeta, FileEntry, Reader};
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
}

pub struct Exported {
    pub meta: BatchMeta,
    pub folder: PathBuf,
    pub report: Report,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
    #[error("{}", tf("export.err.io", &[("path", &.0.display()), ("why", &.1)]))]
    Io(PathBuf, String),
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

/// Computes the report of everything `reader` yields.
pub fn indicators(
    reader: &Reader,
    mut each: impl FnMut(&crate::domain::indicators::Record),
) -> Result<Report, crate::store::StoreError> {
    let mut split = Split::default();
    reader.for_each(|r, _| {
        split.add(r);
        each(r);
        Ok(())
    })?;
    Ok(split.finish())
}

fn sha_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let n = std::io::copy(&mut f, &mut h)?;
    Ok((h.finalize().iter().map(|b| format!("{b:02x}")).collect(), n))
}

/// Exports the batch of `period`: claims what is new (or re-produces the existing batch) and writes
/// its files under `opts.out`.
pub fn export(
    store: &mut Store,
    court: (&str, &str),
    rubric: &Rubric,
    tpl: &docx::Template,
    period: &Period,
    opts: Options,
) -> Result<Exported, ExportError> {
    let Options {
        out,
        formats,
        progress,
        fail_after,
    } = opts;
    let mut report_out = None;
    let (meta, folder) = store.export_batch(
        period,
        court.0,
        court.1,
        |reader, meta| -> Result<(PathBuf, String, Vec<FileEntry>), ExportError> {
            let name = folder_name(&meta.court_code, &meta.id);
            let final_dir = out.join(&name);
            let tmp = out.join(format!(".{name}.tmp-{}", std::process::id()));
            let io = |p: &Path, e: std::io::Error| ExportError::Io(p.to_path_buf(), e.to_string());
            std::fs::create_dir_all(&out).map_err(|e| io(&out, e))?;
            let _ = std::fs::remove_dir_all(&tmp);
            std::fs::create_dir(&tmp).map_err(|e| io(&tmp, e))?;
            let previous = final_dir.is_dir().then_some(final_dir.as_path());
            let result = write_all(
                reader, meta, rubric, tpl, &tmp, &formats, progress, fail_after, previous,
            )
            .and_then(|(files, report)| {
                if final_dir.exists() {
                    std::fs::remove_dir_all(&final_dir).map_err(|e| io(&final_dir, e))?;
                }
                std::fs::rename(&tmp, &final_dir).map_err(|e| io(&final_dir, e))?;
                report_out = Some(report);
                Ok(files)
            });
            match result {
                Ok(files) => Ok((final_dir, name, files)),
                Err(e) => {
                    let _ = std::fs::remove_dir_all(&tmp);
                    Err(e)
                }
            }
        },
    )?;
    Ok(Exported {
        meta,
        folder,
        report: report_out.unwrap_or_default(),
    })
}

#[allow(clippy::too_many_arguments)]
fn write_all(
    reader: &Reader,
    meta: &BatchMeta,
    rubric: &Rubric,
    tpl: &docx::Template,
    dir: &Path,
    formats: &[Format],
    progress: &mut dyn FnMut(Progress),
    fail_after: Option<Format>,
    previous: Option<&Path>,
) -> Result<(Vec<FileEntry>, Report), ExportError> {
    let io = |p: &Path, e: std::io::Error| ExportError::Io(p.to_path_buf(), e.to_string());
    let total = reader.count()?;
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
    let open = |name: &str| -> Result<(PathBuf, BufWriter<std::fs::File>), ExportError> {
        let path = dir.join(name);
        let file = std::fs::File::create(&path).map_err(|e| io(&path, e))?;
        Ok((path, BufWriter::with_capacity(1 << 16, file)))
    };
    let mut json_out = None;
    let mut csv_out = None;
    if formats.contains(&Format::Json) {
        let name = format!("{stem}.json");
        progress(Progress::File(&name));
        let (path, mut w) = open(&name)?;
        json::head(&mut w, meta).map_err(|e| io(&path, e))?;
        json_out = Some((path, w));
        names.push(name);
    }
    let dims = columns::dims(rubric);
    if formats.contains(&Format::Csv) {
        let name = format!("{stem}.csv");
        progress(Progress::File(&name));
        let (path, mut w) = open(&name)?;
        csv::header(&mut w, &dims).map_err(|e| io(&path, e))?;
        csv_out = Some((path, w));
        names.push(name);
    }
    let xlsx_name = format!("{stem}.xlsx");
    let mut xlsx_out = if formats.contains(&Format::Xlsx) {
        progress(Progress::File(&xlsx_name));
        Some(xlsx::Writer::new(rubric).map_err(|e| io(dir, e))?)
    } else {
        None
    };
    let mut n = 0u64;
    reader.for_each(|r, d| {
        split.add(r);
        if let Some(x) = &mut xlsx_out {
            x.add(r, d)?;
        }
        if notices {
            named.entry(r.government.clone()).or_default().add(r);
        }
        if let Some((_, w)) = &mut json_out {
            let events = match d.evaluation_id {
                Some(id) => reader
                    .events(id)
                    .map_err(|e| std::io::Error::other(e.to_string()))?,
                None => Vec::new(),
            };
            json::record(w, n == 0, &json::RecordJson::new(r, d, &events))?;
        }
        if let Some((_, w)) = &mut csv_out
            && let Some(row) = columns::detail_row(r, d, &dims, rubric)
        {
            csv::row(w, &row)?;
        }
        n += 1;
        if n.is_multiple_of(1000) {
            progress(Progress::Records(n));
        }
        Ok(())
    })?;
    let report = split.finish();
    if let Some((path, mut w)) = json_out {
        json::tail(&mut w, &report, rubric).map_err(|e| io(&path, e))?;
        w.flush().map_err(|e| io(&path, e))?;
    }
    if let Some((path, mut w)) = csv_out {
        w.flush().map_err(|e| io(&path, e))?;
    }
    for f in [Format::Json, Format::Csv] {
        if fail_after == Some(f) && formats.contains(&f) {
            return Err(io(
                dir,
                std::io::Error::other("injected failure (No space left on device)"),
            ));
        }
    }
    if let Some(x) = xlsx_out {
        let path = dir.join(&xlsx_name);
        x.finish(&path, meta, &report).map_err(|e| io(&path, e))?;
        names.push(xlsx_name);
        if fail_after == Some(Format::Xlsx) {
            return Err(io(
                dir,
                std::io::Error::other("injected failure (No space left on device)"),
            ));
        }
    }
    if notices {
        for (i, (gov, ind)) in report.by_government.iter().enumerate() {
            let name = format!("{stem}-notice-{}.docx", i + 1);
            let path = dir.join(&name);
            progress(Progress::File(&name));
            let empty = docx::Named::default();
            docx::write(&path, tpl, meta, gov, ind, named.get(gov).unwrap_or(&empty))
                .map_err(|e| io(&path, e))?;
            names.push(name);
        }
        if fail_after == Some(Format::Docx) {
            return Err(io(
                dir,
                std::io::Error::other("injected failure (No space left on device)"),
            ));
        }
    }
    // a re-export of some formats keeps the batch's other files
    if let Some(old) = previous {
        for entry in std::fs::read_dir(old).map_err(|e| io(old, e))? {
            let entry = entry.map_err(|e| io(old, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name != "manifest.json" && !names.contains(&name) && entry.path().is_file() {
                std::fs::copy(entry.path(), dir.join(&name)).map_err(|e| io(&entry.path(), e))?;
                names.push(name);
            }
        }
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
        let path = dir.join(name);
        let (sha256, bytes) = sha_file(&path).map_err(|e| io(&path, e))?;
        files.push(FileEntry {
            name: name.clone(),
            sha256,
            bytes,
        });
    }
    // the manifest lists every other file with its checksum
    let manifest = serde_json::json!({
        "schema": "tingping.manifest/1",
        "batch": meta.id,
        "kind": meta.kind.id(),
        "period": {"from": meta.from.to_string(), "to": meta.to.to_string(), "topic": meta.topic},
        "court": {"name": meta.court, "code": meta.court_code},
        "created_at": meta.created_at,
        "counts": {
            "appearances": report.total.appearances,
            "evaluations": report.total.evaluations,
            "absences": report.total.appearances - report.total.evaluations,
            "late": report.total.late_items,
            "performance_followups": report.total.followups,
        },
        "files": files.iter().map(|f| serde_json::json!({"name": f.name, "sha256": f.sha256, "bytes": f.bytes})).collect::<Vec<_>>(),
    });
    let mpath = dir.join("manifest.json");
    std::fs::write(
        &mpath,
        serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n",
    )
    .map_err(|e| io(&mpath, e))?;
    let (sha256, bytes) = sha_file(&mpath).map_err(|e| io(&mpath, e))?;
    files.push(FileEntry {
        name: "manifest.json".into(),
        sha256,
        bytes,
    });
    progress(Progress::Done);
    Ok((files, report))
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
