//! An upper court imports the batches of the courts below: the manifest's checksums and the schema
//! version are verified before anything is stored; the same batch twice changes nothing; a newer
//! re-export replaces the older one.

use super::json::{Head, MANIFEST_READS, Manifest, READS};
use crate::i18n::tf;
use crate::store::Store;
use crate::store::batch::{ImportOutcome, ImportedBatch};
use sha2::{Digest, Sha256};
use std::io::BufRead;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct Imported {
    pub court: String,
    pub batch: String,
    pub records: usize,
    pub outcome: ImportOutcome,
}

fn sha(path: &Path) -> Result<String, String> {
    let mut f = std::fs::File::open(path)
        .map_err(|e| tf("import.err.read", &[("path", &path.display()), ("why", &e)]))?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h)
        .map_err(|e| tf("import.err.read", &[("path", &path.display()), ("why", &e)]))?;
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The batch folder of a path: the folder itself, or the folder of its manifest or json file.
fn folder_of(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

fn is_report(kind: &str) -> bool {
    crate::domain::period::PeriodKind::from_id(kind).is_some_and(|k| !k.claims())
}

pub fn import(store: &mut Store, path: &Path) -> Result<Imported, String> {
    let dir = folder_of(path);
    let mpath = dir.join("manifest.json");
    let text = std::fs::read_to_string(&mpath).map_err(|e| {
        tf(
            "import.err.read",
            &[("path", &mpath.display()), ("why", &e)],
        )
    })?;
    let schema: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        tf(
            "import.err.manifest",
            &[("path", &mpath.display()), ("why", &e)],
        )
    })?;
    if !MANIFEST_READS.iter().any(|s| schema["schema"] == *s) {
        return Err(tf(
            "import.err.schema",
            &[("path", &mpath.display()), ("schema", &schema["schema"])],
        ));
    }
    let manifest: Manifest = serde_json::from_value(schema).map_err(|e| {
        tf(
            "import.err.manifest",
            &[("path", &mpath.display()), ("why", &e)],
        )
    })?;
    let mut json_file = None;
    for f in &manifest.files {
        let name = f.name.as_str();
        if name.contains('/') || name.contains('\\') || name.is_empty() {
            return Err(tf(
                "import.err.manifest",
                &[("path", &mpath.display()), ("why", &name)],
            ));
        }
        let p = dir.join(name);
        if !p.exists() {
            return Err(tf("import.err.missing", &[("file", &p.display())]));
        }
        let got = sha(&p)?;
        if got != f.sha256 {
            return Err(tf("import.err.tampered", &[("file", &p.display())]));
        }
        if name.ends_with(".json") {
            json_file = Some((p, got));
        }
    }
    let (jpath, content_sha) =
        json_file.ok_or_else(|| tf("import.err.no_json", &[("path", &dir.display())]))?;
    // the file is verified; read it line by line (one record per line), never whole
    let reader = std::io::BufReader::new(std::fs::File::open(&jpath).map_err(|e| e.to_string())?);
    let mut lines = reader.lines();
    let head = lines
        .next()
        .ok_or_else(|| {
            tf(
                "import.err.schema",
                &[("path", &jpath.display()), ("schema", &"")],
            )
        })?
        .map_err(|e| e.to_string())?;
    // the opening line holds the head and the start of the records array
    let opening = head.trim_end().trim_end_matches('[');
    let opening = opening
        .strip_suffix(",\"records\":")
        .map(|o| format!("{o}}}"))
        .unwrap_or_default();
    let head: Head = serde_json::from_str(&opening).map_err(|e| {
        tf(
            "import.err.manifest",
            &[("path", &jpath.display()), ("why", &e)],
        )
    })?;
    if !READS.contains(&head.schema.as_str()) {
        return Err(tf(
            "import.err.schema",
            &[("path", &jpath.display()), ("schema", &head.schema)],
        ));
    }
    // a report (quarter, year, topic) repeats records its months sent: only months are merged
    if is_report(&head.batch.kind) {
        return Err(tf(
            "import.err.report",
            &[("path", &jpath.display()), ("batch", &head.batch.id)],
        ));
    }
    let court = head.court.name;
    let code = head.court.code;
    let b = head.batch;
    let batch = b.id.clone();
    let mut records = Vec::new();
    for (n, line) in lines.enumerate() {
        let line = line.map_err(|e| e.to_string())?;
        let body = line.trim().trim_matches(',');
        if body.starts_with(']') {
            break;
        }
        let (record, _) = super::json::record_from_json(body).map_err(|e| {
            tf(
                "import.err.record",
                &[("path", &jpath.display()), ("line", &(n + 2)), ("why", &e)],
            )
        })?;
        records.push((record.hearing_date, body.to_string()));
    }
    let count = records.len();
    let imported = ImportedBatch {
        court_code: code,
        batch_id: batch.clone(),
        court: court.clone(),
        from: b.from,
        to: b.to,
        created_at: b.created_at,
        content_sha,
    };
    let outcome = store
        .import_batch(&imported, &records)
        .map_err(|e| e.to_string())?;
    if outcome == ImportOutcome::Older {
        return Err(tf(
            "import.err.older",
            &[("batch", &batch), ("court", &court)],
        ));
    }
    Ok(Imported {
        court,
        batch,
        records: count,
        outcome,
    })
}
