//! An upper court imports the batches of the courts below: the manifest's checksums and the schema
//! version are verified before anything is stored; the same batch twice changes nothing; a newer
//! re-export replaces the older one.

use super::json::READS;
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

pub fn import(store: &mut Store, path: &Path) -> Result<Imported, String> {
    let dir = folder_of(path);
    let mpath = dir.join("manifest.json");
    let text = std::fs::read_to_string(&mpath).map_err(|e| {
        tf(
            "import.err.read",
            &[("path", &mpath.display()), ("why", &e)],
        )
    })?;
    let manifest: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        tf(
            "import.err.manifest",
            &[("path", &mpath.display()), ("why", &e)],
        )
    })?;
    if manifest["schema"] != "tingping.manifest/1" {
        return Err(tf(
            "import.err.schema",
            &[("path", &mpath.display()), ("schema", &manifest["schema"])],
        ));
    }
    let files = manifest["files"].as_array().ok_or_else(|| {
        tf(
            "import.err.manifest",
            &[("path", &mpath.display()), ("why", &"files")],
        )
    })?;
    let mut json_file = None;
    for f in files {
        let name = f["name"].as_str().unwrap_or_default();
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
        if Some(got.as_str()) != f["sha256"].as_str() {
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
    let head_json: serde_json::Value = serde_json::from_str(&format!("{}]}}", head.trim_end()))
        .map_err(|e| {
            tf(
                "import.err.manifest",
                &[("path", &jpath.display()), ("why", &e)],
            )
        })?;
    if !READS.iter().any(|s| head_json["schema"] == *s) {
        return Err(tf(
            "import.err.schema",
            &[("path", &jpath.display()), ("schema", &head_json["schema"])],
        ));
    }
    let court = head_json["court"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let code = head_json["court"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let b = &head_json["batch"];
    let batch = b["id"].as_str().unwrap_or_default().to_string();
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
        from: b["from"].as_str().unwrap_or_default().to_string(),
        to: b["to"].as_str().unwrap_or_default().to_string(),
        created_at: b["created_at"].as_str().unwrap_or_default().to_string(),
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
