//! An upper court imports the monthly batches of the courts below. Everything in them is hostile
//! until checked: the path and every file it names must be regular files inside the batch folder
//! (no symlink, FIFO or device is ever opened), sizes are bounded and read in bounded pieces, every
//! checksum must match the manifest, the header must be a real court's month, and every record
//! must agree with the domain and with its batch (`RecordJson::check`). The records stream into
//! one transaction: a refusal names the file, the line and the field, and changes nothing.
//! The same batch twice changes nothing; other content for an imported batch replaces it only
//! when asked (`--replace`); the court's own batches and records already imported from another
//! court are refused.

use super::json::{Head, MANIFEST_READS, Manifest, READS};
use crate::domain::interchange::{Expect, RecordJson};
use crate::i18n::tf;
use crate::store::Store;
use crate::store::batch::{ImportOutcome, ImportedBatch};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The largest manifest read, in bytes.
const MANIFEST_MAX: u64 = 1 << 20;
/// The largest file a batch may list, in bytes.
const FILE_MAX: u64 = 4 << 30;
/// The longest line of the batch json (one record), in bytes.
/// The most the end of a batch json (indicators and corrections) may hold.
const TAIL_MAX: u64 = 64 << 20;
const LINE_MAX: u64 = 1 << 20;

#[derive(Debug)]
pub struct Imported {
    pub court: String,
    pub batch: String,
    pub records: usize,
    pub outcome: ImportOutcome,
}

/// A refusal: which file (and line and field), and why, in the user's language.
type Refusal = String;

/// A refusal from inside the import's transaction (which rolls back).
struct Stop(Refusal);

impl From<crate::store::StoreError> for Stop {
    fn from(e: crate::store::StoreError) -> Stop {
        Stop(e.to_string())
    }
}

impl From<Refusal> for Stop {
    fn from(s: Refusal) -> Stop {
        Stop(s)
    }
}

fn read_err(path: &Path, why: impl std::fmt::Display) -> Refusal {
    tf(
        "import.err.read",
        &[("path", &path.display()), ("why", &why)],
    )
}

fn bad(path: &Path, why: impl std::fmt::Display) -> Refusal {
    tf(
        "import.err.manifest",
        &[("path", &path.display()), ("why", &why)],
    )
}

/// A regular file, not a symlink, FIFO or device, of at most `max` bytes: its size.
fn regular(path: &Path, max: u64) -> Result<u64, Refusal> {
    let m = std::fs::symlink_metadata(path).map_err(|e| read_err(path, e))?;
    if !m.file_type().is_file() {
        return Err(tf("import.err.not_file", &[("path", &path.display())]));
    }
    if m.len() > max {
        return Err(tf(
            "import.err.too_big",
            &[("path", &path.display()), ("max", &max)],
        ));
    }
    Ok(m.len())
}

fn sha(path: &Path, max: u64) -> Result<String, Refusal> {
    let f = std::fs::File::open(path).map_err(|e| read_err(path, e))?;
    let mut h = Sha256::new();
    std::io::copy(&mut f.take(max + 1), &mut h).map_err(|e| read_err(path, e))?;
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The batch folder of a path: the folder itself, or the folder of its manifest or json file.
/// A path that does not exist is an error, never its parent's batch.
fn folder_of(path: &Path) -> Result<PathBuf, Refusal> {
    let m = std::fs::symlink_metadata(path).map_err(|e| read_err(path, e))?;
    if m.file_type().is_symlink() {
        return Err(tf("import.err.not_file", &[("path", &path.display())]));
    }
    if m.is_dir() {
        return Ok(path.to_path_buf());
    }
    Ok(path.parent().map(Path::to_path_buf).unwrap_or_default())
}

/// One line of at most `LINE_MAX` bytes (without its end), or None at the end of the file.
fn line(r: &mut impl BufRead, path: &Path, n: usize) -> Result<Option<String>, Refusal> {
    let mut buf = Vec::new();
    let got = r
        .by_ref()
        .take(LINE_MAX + 1)
        .read_until(b'\n', &mut buf)
        .map_err(|e| read_err(path, e))?;
    if got == 0 {
        return Ok(None);
    }
    if buf.len() as u64 > LINE_MAX {
        return Err(record_err(
            path,
            n,
            &tf("import.err.line_long", &[("max", &LINE_MAX)]),
        ));
    }
    String::from_utf8(buf)
        .map(Some)
        .map_err(|_| record_err(path, n, &tf("import.err.utf8", &[])))
}

fn record_err(path: &Path, line: usize, why: &str) -> Refusal {
    tf(
        "import.err.record",
        &[("path", &path.display()), ("line", &line), ("why", &why)],
    )
}

/// A file name a manifest may list: a plain name in the folder.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

pub fn import(store: &mut Store, path: &Path, replace: bool) -> Result<Imported, Refusal> {
    let dir = folder_of(path)?;
    let mpath = dir.join("manifest.json");
    regular(&mpath, MANIFEST_MAX)?;
    let mut text = String::new();
    std::fs::File::open(&mpath)
        .and_then(|f| f.take(MANIFEST_MAX).read_to_string(&mut text))
        .map_err(|e| read_err(&mpath, e))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| bad(&mpath, e))?;
    if !MANIFEST_READS.iter().any(|s| value["schema"] == *s) {
        return Err(tf(
            "import.err.schema",
            &[
                ("path", &mpath.display()),
                (
                    "schema",
                    &crate::domain::text::shown(&value["schema"].to_string()),
                ),
            ],
        ));
    }
    let manifest: Manifest = serde_json::from_value(value).map_err(|e| bad(&mpath, e))?;
    // every listed file: a plain name, a regular file of the listed size, the listed checksum
    let mut json_file = None;
    for f in &manifest.files {
        if !plain_name(&f.name) {
            return Err(bad(&mpath, crate::domain::text::shown(&f.name)));
        }
        let p = dir.join(&f.name);
        if !p.exists() && std::fs::symlink_metadata(&p).is_err() {
            return Err(tf("import.err.missing", &[("file", &p.display())]));
        }
        let size = regular(&p, FILE_MAX)?;
        if size != f.bytes || sha(&p, FILE_MAX)? != f.sha256 {
            return Err(tf("import.err.tampered", &[("file", &p.display())]));
        }
        if f.name.ends_with(".json") {
            json_file = Some((p, f.sha256.clone()));
        }
    }
    let (jpath, content_sha) =
        json_file.ok_or_else(|| tf("import.err.no_json", &[("path", &dir.display())]))?;
    let mut reader = BufReader::new(std::fs::File::open(&jpath).map_err(|e| read_err(&jpath, e))?);

    // the head: a real court's month, the manifest's, not this court's own, not from the future
    let first = line(&mut reader, &jpath, 1)?.ok_or_else(|| bad(&jpath, "empty"))?;
    let opening = first.trim_end().trim_end_matches('[');
    let opening = opening
        .strip_suffix(",\"records\":")
        .map(|o| format!("{o}}}"))
        .unwrap_or_default();
    let head: Head =
        serde_json::from_str(&opening).map_err(|e| record_err(&jpath, 1, &e.to_string()))?;
    if !READS.contains(&head.schema.as_str()) {
        return Err(tf(
            "import.err.schema",
            &[
                ("path", &jpath.display()),
                ("schema", &crate::domain::text::shown(&head.schema)),
            ],
        ));
    }
    let b = &head.batch;
    if crate::domain::period::PeriodKind::from_id(&b.kind).is_some_and(|k| !k.claims()) {
        return Err(tf(
            "import.err.report",
            &[
                ("path", &jpath.display()),
                ("batch", &crate::domain::text::shown(&b.id)),
            ],
        ));
    }
    let head_err =
        |field: &str| record_err(&jpath, 1, &tf("import.err.head", &[("field", &field)]));
    let court = &head.court;
    if court.name.trim().is_empty()
        || court.name.chars().count() > crate::domain::text::NAME_MAX
        || court.name.chars().any(crate::domain::text::is_unsafe)
    {
        return Err(head_err("court.name"));
    }
    if crate::domain::case_number::court_level(&court.code).is_err() {
        return Err(head_err("court.code"));
    }
    let period = crate::domain::period::Period::parse(&b.id).ok();
    let month = period
        .filter(|p| p.kind.claims() && p.from.to_string() == b.from && p.to.to_string() == b.to);
    if b.kind != "month" || month.is_none() {
        return Err(head_err("batch"));
    }
    let created = chrono::DateTime::parse_from_rfc3339(&b.created_at)
        .map_err(|_| head_err("batch.created_at"))?;
    if created.with_timezone(&chrono::Utc) > chrono::Utc::now() + chrono::Duration::days(1) {
        return Err(head_err("batch.created_at"));
    }
    if manifest.batch != b.id || manifest.court != *court || manifest.created_at != b.created_at {
        return Err(bad(&mpath, tf("import.err.manifest_head", &[])));
    }
    let own = &store.scope().court_code;
    if !own.is_empty() && *own == court.code {
        return Err(tf(
            "import.err.own",
            &[("path", &jpath.display()), ("court", &court.code)],
        ));
    }
    let expect = Expect {
        court: &court.name,
        court_code: &court.code,
        to: &b.to,
        schema2: head.schema != READS[0],
    };
    let batch = ImportedBatch {
        court_code: court.code.clone(),
        batch_id: b.id.clone(),
        court: court.name.clone(),
        from: b.from.clone(),
        to: b.to.clone(),
        created_at: b.created_at.clone(),
        content_sha,
    };

    // the records, streamed into one transaction; the first wrong one refuses the whole batch
    let mut count = 0usize;
    let mut headline = 0u64;
    let mut ids = HashSet::new();
    let outcome = store
        .import_batch(&batch, replace, |ins| -> Result<(), Stop> {
            let mut n = 1;
            let mut closed = false;
            while let Some(l) = line(&mut reader, &jpath, n + 1)? {
                n += 1;
                let body = l.trim().trim_end_matches(',');
                if body.starts_with(']') {
                    // the tail: the indicators, then the end of the object
                    let mut rest = body.to_string();
                    while let Some(more) = line(&mut reader, &jpath, n + 1)? {
                        n += 1;
                        rest.push_str(&more);
                        if rest.len() as u64 > TAIL_MAX {
                            return Err(Stop(record_err(
                                &jpath,
                                n,
                                &tf("import.err.line_long", &[("max", &TAIL_MAX)]),
                            )));
                        }
                    }
                    closed = rest.trim_end().ends_with('}');
                    if closed {
                        // the corrections of this court's earlier batches, applied once each
                        let tail: crate::report::json::Tail =
                            serde_json::from_str(&format!("{{\"records\":[{rest}"))
                                .map_err(|e| Stop(record_err(&jpath, n, &e.to_string())))?;
                        for c in &tail.corrections {
                            let why = |field: &str, why: String| {
                                Stop(record_err(
                                    &jpath,
                                    n,
                                    &tf(
                                        "import.err.correction",
                                        &[
                                            ("uid", &crate::domain::text::shown(&c.uid)),
                                            ("field", &field),
                                            ("why", &why),
                                        ],
                                    ),
                                ))
                            };
                            if chrono::DateTime::parse_from_rfc3339(&c.at).is_err() {
                                return Err(why("at", String::new()));
                            }
                            if c.uid.is_empty()
                                || c.uid.len() > 200
                                || c.uid.chars().any(crate::domain::text::is_unsafe)
                            {
                                return Err(why("uid", String::new()));
                            }
                            if c.record_id.is_empty()
                                || c.record_id.len() > 64
                                || !c.record_id.chars().all(|x| x.is_ascii_hexdigit())
                            {
                                return Err(why("record_id", String::new()));
                            }
                            let text = match &c.record {
                                Some(r) => {
                                    if r.id != c.record_id {
                                        return Err(why("record.id", String::new()));
                                    }
                                    r.check(&expect).map_err(|w| why(&w.field, w.why))?;
                                    serde_json::to_string(r)
                                        .map_err(|e| why("record", e.to_string()))?
                                }
                                None => String::new(),
                            };
                            let date = c
                                .record
                                .as_ref()
                                .map(|r| r.hearing_date.clone())
                                .unwrap_or_default();
                            ins.correct(&c.uid, &c.record_id, &date, &text, &c.at)?;
                        }
                    }
                    break;
                }
                let r: RecordJson = serde_json::from_str(body)
                    .map_err(|e| Stop(record_err(&jpath, n, &e.to_string())))?;
                r.check(&expect).map_err(|w| {
                    Stop(record_err(
                        &jpath,
                        n,
                        &tf("import.err.field", &[("field", &w.field), ("why", &w.why)]),
                    ))
                })?;
                if !r.id.is_empty() {
                    if !ids.insert(r.id.clone()) {
                        return Err(Stop(record_err(
                            &jpath,
                            n,
                            &tf("import.err.dup", &[("id", &r.id)]),
                        )));
                    }
                    // a follow-up (a judgment outcome on a record an earlier batch reported)
                    // carries that record's id: it is the record's sequel, not a second count
                    if let Some((c, bid)) = ins
                        .imported_elsewhere(&r.id)
                        .map(|x| x.filter(|_| !r.followup))?
                    {
                        return Err(Stop(record_err(
                            &jpath,
                            n,
                            &tf(
                                "import.err.elsewhere",
                                &[("id", &r.id), ("court", &c), ("batch", &bid)],
                            ),
                        )));
                    }
                }
                headline += u64::from(!r.late && !r.followup);
                // (kept without its id: a correction replaces the record, never its follow-up)
                ins.add(&r.hearing_date, body, if r.followup { "" } else { &r.id })?;
                count += 1;
            }
            if !closed {
                return Err(Stop(tf(
                    "import.err.truncated",
                    &[("path", &jpath.display())],
                )));
            }
            // the manifest's counts are the file's
            let want = manifest.counts.records.unwrap_or(count as u64);
            if want != count as u64 || manifest.counts.appearances != headline {
                return Err(Stop(tf(
                    "import.err.counts",
                    &[
                        ("path", &mpath.display()),
                        ("records", &count),
                        ("appearances", &headline),
                    ],
                )));
            }
            Ok(())
        })
        .map_err(|s| s.0)?;
    if outcome == ImportOutcome::Different {
        return Err(tf(
            "import.err.different",
            &[("batch", &b.id), ("court", &court.name)],
        ));
    }
    Ok(Imported {
        court: court.name.clone(),
        batch: b.id.clone(),
        records: count,
        outcome,
    })
}
