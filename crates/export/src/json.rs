//! The batch as JSON (schema `tingping.batch/1`), streamed: one record per appearance, then the
//! indicators. The same record format is read back when an upper court imports a batch.

use crate::domain::batch::BatchMeta;
use crate::domain::indicators::Report;
use crate::domain::rubric::Rubric;
use crate::i18n::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Write;

pub use crate::domain::interchange::{Corrections, READS, RecordJson, SCHEMA, record_from_json};

/// The court that made a batch.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CourtJson {
    pub name: String,
    pub code: String,
}

/// Which batch: its id, kind, dates and when it was made.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BatchJson {
    pub id: String,
    pub kind: String,
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub topic: String,
    pub created_at: String,
}

/// The batch json's opening, before its records: written and read by this one struct.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Head {
    pub schema: String,
    pub court: CourtJson,
    pub batch: BatchJson,
}

impl Head {
    pub fn of(meta: &BatchMeta) -> Head {
        Head {
            schema: SCHEMA.into(),
            court: CourtJson {
                name: meta.court.clone(),
                code: meta.court_code.clone(),
            },
            batch: BatchJson {
                id: meta.id.clone(),
                kind: meta.kind.id().into(),
                from: meta.from.to_string(),
                to: meta.to.to_string(),
                topic: meta.topic.clone(),
                created_at: meta.created_at.clone(),
            },
        }
    }
}

pub const MANIFEST_SCHEMA: &str = "tingping.manifest/2";
/// Manifest schemas this version still imports (2 added the recipients).
pub const MANIFEST_READS: &[&str] = &["tingping.manifest/1", MANIFEST_SCHEMA];

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PeriodJson {
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub topic: String,
}

/// What the batch holds: the month's own figures, and the late items and follow-ups apart.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CountsJson {
    /// every record of the batch json (schema 2 on; an import compares it with the file)
    #[serde(default)]
    pub records: Option<u64>,
    pub appearances: u64,
    pub evaluations: u64,
    pub absences: u64,
    pub late: u64,
    pub performance_followups: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FileJson {
    pub name: String,
    pub sha256: String,
    pub bytes: u64,
}

/// manifest.json: every other file of the batch with its checksum, and who receives which.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: String,
    pub batch: String,
    pub kind: String,
    pub period: PeriodJson,
    pub court: CourtJson,
    pub created_at: String,
    pub counts: CountsJson,
    #[serde(default)]
    pub recipients: Vec<super::Recipient>,
    /// the audit log's head when the files were written (`tingping verify` prints it)
    #[serde(default)]
    pub chain_head: String,
    /// corrections of earlier batches the json carries
    #[serde(default)]
    pub corrections: u64,
    pub files: Vec<FileJson>,
    /// the audit chain head of each of the court's earlier batches, as its database keeps it: an
    /// upper court that imported one sees whether the court's history only grew since
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub heads: Vec<HeadJson>,
}

/// An earlier batch of the court and the audit chain head it was made at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadJson {
    pub batch: String,
    pub chain_head: String,
}

/// The opening of the file, before the records.
pub fn head(w: &mut impl Write, meta: &BatchMeta) -> std::io::Result<()> {
    let text = serde_json::to_string(&Head::of(meta))?;
    // reopen the object to append the records array
    write!(w, "{},\"records\":[", &text[..text.len() - 1])
}

pub fn record(w: &mut impl Write, first: bool, value: &RecordJson) -> std::io::Result<()> {
    if !first {
        w.write_all(b",")?;
    }
    w.write_all(b"\n")?;
    serde_json::to_writer(&mut *w, value)?;
    Ok(())
}

/// The indicators as `stats --json` prints them: the registry's values, in total, per recipient
/// government, per court, and of the late (补报) section.
pub fn indicators_json(report: &Report, rubric: &Rubric) -> Value {
    let each = |m: &BTreeMap<String, crate::domain::indicators::Indicators>| -> Value {
        m.iter()
            .map(|(k, i)| (k.clone(), json!(i.values(rubric))))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    json!({
        "indicators": report.total.values(rubric),
        "by_government": each(&report.by_government),
        "by_court": each(&report.by_court),
        "late": report.late.values(rubric),
        "ranking": report.total.ranking,
    })
}

/// The end of the file: the indicators, then what the batch corrects of earlier batches
/// (`corrections`, `restatements`, `indicator_corrections`; the import applies `corrections`).
pub fn tail(
    w: &mut impl Write,
    report: &Report,
    rubric: &Rubric,
    corrections: &Corrections,
) -> std::io::Result<()> {
    w.write_all(b"\n]")?;
    if let Value::Object(m) = indicators_json(report, rubric) {
        for (k, v) in m {
            write!(w, ",{}:", Value::String(k))?;
            serde_json::to_writer(&mut *w, &v)?;
        }
    }
    // one correction a line: a line stays within what an import reads
    write!(w, ",\"corrections\":[")?;
    for (i, c) in corrections.corrections.iter().enumerate() {
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *w, c)?;
    }
    w.write_all(b"]")?;
    write!(w, ",\"restatements\":")?;
    serde_json::to_writer(&mut *w, &corrections.restatements)?;
    write!(w, ",\"indicator_corrections\":")?;
    serde_json::to_writer(&mut *w, &corrections.indicators)?;
    w.write_all(b"}\n")
}

/// The part of the file's end an import reads: the corrections of earlier batches.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Tail {
    #[serde(default)]
    pub corrections: Vec<crate::domain::interchange::CorrectionJson>,
}
