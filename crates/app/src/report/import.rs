//! An upper court imports the monthly batches of the courts below. Everything in them is hostile
//! until checked: the path and every file it names must be regular files inside the batch folder
//! (no symlink, FIFO or device is ever opened), sizes are bounded and read in bounded pieces, every
//! checksum must match the manifest (which counts every record), the header must be a real court's
//! month that has ended, made after it began and not after now, and every record must agree with
//! the domain and with its batch (`RecordJson::check`: its hearing in the month, or a late report's
//! in an earlier one). The records stream into one transaction: a refusal names the file, the line
//! and the field, and changes nothing, so a refused batch never stands in a genuine one's way.
//! The same batch twice changes nothing; other content for an imported batch replaces it only
//! when asked (`--replace`) and only by a later export; the court's own batches, records already
//! imported from another court, and an appearance (case, hearing day, agency) counted already,
//! whatever its id, are refused.

use super::batch_reader::{self, Failed, Sink};
use super::json::{MANIFEST_READS, Manifest, READS};
use crate::domain::interchange::{CorrectionJson, Expect, RecordJson};
use crate::i18n::prelude::*;
use crate::i18n::tf;
use crate::import::hostile::{self, HostileFile};
use crate::store::Store;
use crate::store::batch::{ImportOutcome, ImportedBatch, Inserter};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The largest manifest read, in bytes.
const MANIFEST_MAX: u64 = 1 << 20;
/// The largest file a batch may list, in bytes.
const FILE_MAX: u64 = 4 << 30;

#[derive(Debug)]
pub struct Imported {
    pub court: String,
    pub batch: String,
    pub records: usize,
    pub outcome: ImportOutcome,
}

/// A refusal: which file (and line and field), and why, in the user's language.
/// Why a batch was refused, in the user's language (nothing was changed).
pub type Refusal = String;

/// A refusal from inside the import's transaction (which rolls back).
struct Stop(Refusal);

impl From<crate::store::StoreError> for Stop {
    fn from(e: crate::store::StoreError) -> Stop {
        Stop(e.text())
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

/// A file of the batch, opened once as hostile input.
fn open(path: &Path, max: u64) -> Result<HostileFile, Refusal> {
    HostileFile::open(path, max).map_err(|e| match e {
        hostile::Refused::NotFile => tf("import.err.not_file", &[("path", &path.display())]),
        hostile::Refused::TooBig(max) => tf(
            "import.err.too_big",
            &[("path", &path.display()), ("max", &max)],
        ),
        hostile::Refused::Io(e) => read_err(path, e),
    })
}

/// The batch folder a path names: the folder itself, or the folder of its manifest or batch json
/// (`manifest.json` or `tongbao-*.json`); any other path — another file in the folder, a device —
/// names no batch. A path that does not exist is an error, never its parent's batch.
fn folder_of(path: &Path) -> Result<PathBuf, Refusal> {
    let m = std::fs::symlink_metadata(path).map_err(|e| read_err(path, e))?;
    if m.file_type().is_symlink() {
        return Err(tf("import.err.not_file", &[("path", &path.display())]));
    }
    if m.is_dir() {
        // a folder without a manifest (`/dev`, a court's export root) is no batch folder
        if std::fs::symlink_metadata(path.join("manifest.json")).is_err() {
            return Err(tf("import.err.not_batch", &[("path", &path.display())]));
        }
        return Ok(path.to_path_buf());
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let batch_file = m.file_type().is_file()
        && (name == "manifest.json" || (name.starts_with("tongbao-") && name.ends_with(".json")));
    if !batch_file {
        return Err(tf("import.err.not_batch", &[("path", &path.display())]));
    }
    Ok(path.parent().map(Path::to_path_buf).unwrap_or_default())
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

/// What the second pass does with each record and correction, inside the import's transaction.
struct Intake<'a, 'b> {
    ins: &'a mut Inserter<'b>,
    expect: Expect<'a>,
    ids: HashSet<String>,
    /// the appearances of the batch so far (`RecordJson::appearance`)
    appearances: HashSet<String>,
    count: usize,
    headline: u64,
}

impl Sink for Intake<'_, '_> {
    type Stop = Refusal;

    fn record(&mut self, r: RecordJson<'static>) -> Result<(), Refusal> {
        r.check(&self.expect).map_err(|w| {
            tf(
                "import.err.field",
                &[("field", &w.field), ("why", &w.why.text())],
            )
        })?;
        if !r.id.is_empty() {
            if !self.ids.insert(r.id.to_string()) {
                return Err(tf("import.err.dup", &[("id", &r.id)]));
            }
            // a follow-up (a judgment outcome on a record an earlier batch reported) carries that
            // record's id: it is the record's sequel, not a second count
            if let Some((c, bid)) = self
                .ins
                .imported_elsewhere(&r.id)
                .map_err(|e| e.text())?
                .filter(|_| !r.followup)
            {
                return Err(tf(
                    "import.err.elsewhere",
                    &[("id", &r.id), ("court", &c), ("batch", &bid)],
                ));
            }
        }
        // the same appearance twice, whatever ids it carries (a schema 1 batch has none): in this
        // batch, or already imported with another batch of the court's (a replaced batch's own
        // records are gone by now)
        let appearance = r.appearance();
        if !appearance.is_empty() {
            let args: [(&str, &dyn std::fmt::Display); 3] = [
                ("case", &r.case_number),
                ("date", &r.hearing_date),
                ("agency", &r.agency),
            ];
            if !self.appearances.insert(appearance.clone()) {
                return Err(tf("import.err.dup_appearance", &args));
            }
            if let Some(bid) = self
                .ins
                .imported_appearance(&appearance)
                .map_err(|e| e.text())?
            {
                let mut args = args.to_vec();
                args.push(("batch", &bid));
                return Err(tf("import.err.appearance_elsewhere", &args));
            }
        }
        self.headline += u64::from(!r.late && !r.followup);
        // what was validated is what is kept: the record as the struct reads it, nothing else
        let text = serde_json::to_string(&r).map_err(|e| e.to_string())?;
        // (kept without its id: a correction replaces the record, never its follow-up)
        self.ins
            .add(&r.hearing_date, &text, if r.followup { "" } else { &r.id })
            .map_err(|e| e.text())?;
        self.count += 1;
        Ok(())
    }

    /// A correction of this court's earlier batches, applied once each.
    fn correction(&mut self, c: CorrectionJson) -> Result<(), Refusal> {
        let why = |field: &str, why: String| {
            tf(
                "import.err.correction",
                &[
                    ("uid", &crate::domain::text::shown(&c.uid)),
                    ("field", &field),
                    ("why", &why),
                ],
            )
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
                // (the record of an earlier batch: any day up to this batch's end)
                let expect = Expect {
                    from: None,
                    ..self.expect
                };
                r.check(&expect).map_err(|w| why(&w.field, w.why.text()))?;
                serde_json::to_string(r).map_err(|e| why("record", e.to_string()))?
            }
            None => String::new(),
        };
        let date = c
            .record
            .as_ref()
            .map(|r| &*r.hearing_date)
            .unwrap_or_default();
        self.ins
            .correct(&c.uid, &c.record_id, date, &text, &c.at)
            .map_err(|e| e.text())?;
        Ok(())
    }
}

/// A pass over the batch json that did not go through, in words: the file, the line, and why.
fn failure(jpath: &Path, f: Failed<Refusal>) -> Refusal {
    match f {
        Failed::Syntax { line, why } => record_err(jpath, line, &crate::domain::text::shown(&why)),
        Failed::Truncated => tf("import.err.truncated", &[("path", &jpath.display())]),
        Failed::TooLong { line, max } => {
            record_err(jpath, line, &tf("import.err.line_long", &[("max", &max)]))
        }
        Failed::Stopped { line, stop } => record_err(jpath, line, &stop),
        Failed::Io(e) => read_err(jpath, e),
        Failed::Changed => tf("import.err.tampered", &[("file", &jpath.display())]),
    }
}

/// What an import is allowed to do beyond adding a signed batch of a trusted court.
#[derive(Clone, Copy, Debug, Default)]
pub struct How {
    /// replace a batch imported before with a later export of it
    pub replace: bool,
    /// take a batch without a signature (made by an earlier version); the upper court's notice
    /// says which it took so
    pub unsigned: bool,
}

impl How {
    pub fn replacing() -> How {
        How {
            replace: true,
            ..How::default()
        }
    }
}

/// Imports the batch `path` names, as of now.
pub fn import(store: &mut Store, path: &Path, how: How) -> Result<Imported, Refusal> {
    import_at(store, path, how, chrono::Local::now().fixed_offset())
}

/// Which key signed the manifest (its fingerprint; "" for a batch taken unsigned as asked), or
/// why it is refused: no signature, a key this court does not trust or has revoked, or a
/// signature that does not verify over the manifest's exact bytes.
fn signed_by(
    store: &Store,
    dir: &Path,
    mpath: &Path,
    manifest_bytes: &[u8],
    court: &super::json::CourtJson,
    period_to: &str,
    unsigned: bool,
) -> Result<String, Refusal> {
    let name = crate::domain::text::shown(&court.name);
    let code = crate::domain::text::shown(&court.code);
    let sig = crate::sign::read_signature(dir).map_err(|m| m.text())?;
    let Some(sig) = sig else {
        // a court whose key is trusted signs its batches: one of a month that ended after its
        // key was trusted is not taken without a signature (it may have been removed); one of
        // an earlier month, made before the court signed, may be, when asked
        let trusted = store
            .trusted_key(&court.code)
            .map_err(|e| e.text())?
            .is_some_and(|k| {
                k.revoked_at.is_empty() && period_to >= k.trusted_at.get(..10).unwrap_or_default()
            });
        if trusted {
            return Err(tf(
                "import.err.unsigned_trusted",
                &[
                    ("path", &mpath.display()),
                    ("court", &name),
                    ("code", &code),
                ],
            ));
        }
        if unsigned {
            return Ok(String::new());
        }
        return Err(tf(
            "import.err.unsigned",
            &[
                ("path", &mpath.display()),
                ("court", &name),
                ("code", &code),
            ],
        ));
    };
    let key = store.trusted_key(&court.code).map_err(|e| e.text())?;
    let untrusted = || {
        tf(
            "import.err.untrusted",
            &[
                ("court", &name),
                ("code", &code),
                ("fingerprint", &crate::domain::text::shown(&sig.fingerprint)),
            ],
        )
    };
    let Some(key) = key else {
        return Err(untrusted());
    };
    if !key.revoked_at.is_empty() {
        return Err(tf(
            "import.err.revoked",
            &[
                ("court", &name),
                ("code", &code),
                ("at", &crate::domain::text::minute(&key.revoked_at)),
            ],
        ));
    }
    if key.fingerprint != sig.fingerprint || sig.court_code != court.code {
        return Err(untrusted());
    }
    if !crate::sign::verifies(&key.public_key, manifest_bytes, &sig) {
        return Err(tf(
            "import.err.bad_signature",
            &[
                ("path", &mpath.display()),
                ("court", &name),
                ("code", &code),
            ],
        ));
    }
    Ok(key.fingerprint)
}

/// A chain head as a manifest carries it: 64 hex digits.
fn is_head(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// No batch was made before this day (the batches began later).
const FIRST_EXPORT: &str = "2020-01-01T00:00:00+08:00";
/// How far ahead of this machine's clock another court's clock may be.
const CLOCK_SKEW_MINUTES: i64 = 15;

/// Imports the batch `path` names, as of `now` (a month is imported once it has ended by then,
/// and no batch is made after it).
pub fn import_at(
    store: &mut Store,
    path: &Path,
    how: How,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<Imported, Refusal> {
    let dir = folder_of(path)?;
    let mpath = dir.join("manifest.json");
    let text = open(&mpath, MANIFEST_MAX)?
        .text()
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
    // this court's own batch (its signature is its own, never in its keyring)
    let own = store.scope().court_code.clone();
    if !own.is_empty() && own == manifest.court.code {
        return Err(tf(
            "import.err.own",
            &[("path", &mpath.display()), ("court", &own)],
        ));
    }
    // the signature first: nothing an untrusted manifest says is acted on
    let signed_by = signed_by(
        store,
        &dir,
        &mpath,
        text.as_bytes(),
        &manifest.court,
        &manifest.period.to,
        how.unsigned,
    )?;
    // every listed file: a plain name, a regular file of the listed size, the listed checksum;
    // the batch json is kept open, and read through the same handle
    let mut json_file = None;
    for f in &manifest.files {
        if !plain_name(&f.name) {
            return Err(bad(&mpath, crate::domain::text::shown(&f.name)));
        }
        let p = dir.join(&f.name);
        if std::fs::symlink_metadata(&p).is_err() {
            return Err(tf("import.err.missing", &[("file", &p.display())]));
        }
        let mut file = open(&p, FILE_MAX)?;
        if file.len != f.bytes {
            return Err(tf("import.err.tampered", &[("file", &p.display())]));
        }
        if f.name.ends_with(".json") {
            // one batch data file: a second would never be read, nor its checksum checked
            if json_file.is_some() {
                return Err(bad(&mpath, tf("import.err.two_json", &[])));
            }
            json_file = Some((file, f.sha256.clone()));
        } else if file.sha256().map_err(|e| read_err(&p, e))? != f.sha256 {
            return Err(tf("import.err.tampered", &[("file", &p.display())]));
        }
    }
    let (mut jfile, content_sha) =
        json_file.ok_or_else(|| tf("import.err.no_json", &[("path", &dir.display())]))?;
    let jpath = jfile.path.clone();

    // the head: a real court's month, the manifest's, not this court's own, not from the future
    let head = batch_reader::head(&mut jfile, &content_sha).map_err(|f| failure(&jpath, f))?;
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
    let head_err = |field: &str| {
        tf(
            "import.err.head_field",
            &[("path", &jpath.display()), ("field", &field)],
        )
    };
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
    let Some(month) = month.filter(|_| b.kind == "month") else {
        return Err(head_err("batch"));
    };
    // made after the batches began, and not after now (give or take a clock's error)
    let created = chrono::DateTime::parse_from_rfc3339(&b.created_at)
        .ok()
        .filter(|t| {
            chrono::DateTime::parse_from_rfc3339(FIRST_EXPORT).is_ok_and(|first| *t > first)
                && *t <= now + chrono::Duration::minutes(CLOCK_SKEW_MINUTES)
        })
        .ok_or_else(|| head_err("batch.created_at"))?;
    // a month's batch is made once its month has begun (in the court's own time), and imported
    // once it has ended: a month still under way has more to come
    if created.date_naive() < month.from {
        return Err(tf(
            "import.err.before_month",
            &[
                ("path", &jpath.display()),
                ("batch", &b.id),
                ("created", &b.created_at),
            ],
        ));
    }
    let today = now.date_naive();
    if month.to >= today {
        return Err(tf(
            "import.err.unended",
            &[
                ("path", &jpath.display()),
                ("batch", &b.id),
                ("today", &today),
            ],
        ));
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
    // a batch taken signed is never replaced by one without a signature
    if signed_by.is_empty()
        && store
            .imported_signed_by(&court.code, &b.id)
            .map_err(|e| e.text())?
            .is_some_and(|s| !s.is_empty())
    {
        return Err(tf(
            "import.err.unsigned_replace",
            &[
                ("path", &mpath.display()),
                ("batch", &b.id),
                ("court", &court.name),
            ],
        ));
    }
    // a signed batch carries the court's chain head, and the heads of its earlier batches: each
    // this court imported must be there as it came, or the court has rewritten its history since
    if !signed_by.is_empty() {
        if !is_head(&manifest.chain_head) || manifest.heads.iter().any(|h| !is_head(&h.chain_head))
        {
            return Err(bad(&mpath, "chain_head"));
        }
        for (batch, head, made) in store.imported_heads(&court.code).map_err(|e| e.text())? {
            // (a batch made after this one is not in its history yet)
            let earlier = chrono::DateTime::parse_from_rfc3339(&made).is_ok_and(|t| t < created);
            if batch == b.id || !earlier {
                continue;
            }
            let now = manifest.heads.iter().find(|h| h.batch == batch);
            if now.is_none_or(|h| h.chain_head != head) {
                return Err(tf(
                    "import.err.rewritten",
                    &[
                        ("path", &mpath.display()),
                        ("court", &court.name),
                        ("code", &court.code),
                        ("batch", &batch),
                        ("was", &&head[..12]),
                        (
                            "now",
                            &now.map(|h| crate::domain::text::shown(&h.chain_head[..12]))
                                .unwrap_or_else(|| "—".into()),
                        ),
                    ],
                ));
            }
        }
    }
    let Some(want_records) = manifest.counts.records else {
        return Err(bad(&mpath, "counts.records"));
    };
    let expect = Expect {
        court: &court.name,
        court_code: &court.code,
        from: Some(&b.from),
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
        content_sha: content_sha.clone(),
        chain_head: if signed_by.is_empty() {
            String::new()
        } else {
            manifest.chain_head.clone()
        },
        signed_by,
    };

    // the records, streamed into one transaction; the first wrong one refuses the whole batch
    let mut counted = (0usize, 0u64);
    let outcome = store
        .import_batch(&batch, how.replace, |ins| -> Result<(), Stop> {
            let mut sink = Intake {
                ins,
                expect,
                ids: HashSet::new(),
                appearances: HashSet::new(),
                count: 0,
                headline: 0,
            };
            batch_reader::items(&mut jfile, &content_sha, &mut sink)
                .map_err(|f| Stop(failure(&jpath, f)))?;
            let (count, headline) = (sink.count, sink.headline);
            counted = (count, headline);
            // the manifest's counts are the file's
            if want_records != count as u64 || manifest.counts.appearances != headline {
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
    match &outcome {
        ImportOutcome::Different => {
            return Err(tf(
                "import.err.different",
                &[("batch", &b.id), ("court", &court.name)],
            ));
        }
        ImportOutcome::Older(was) => {
            return Err(tf(
                "import.err.older",
                &[
                    ("path", &jpath.display()),
                    ("batch", &b.id),
                    ("court", &court.name),
                    ("created", &b.created_at),
                    ("was", was),
                ],
            ));
        }
        _ => {}
    }
    Ok(Imported {
        court: court.name.clone(),
        batch: b.id.clone(),
        records: counted.0,
        outcome,
    })
}
