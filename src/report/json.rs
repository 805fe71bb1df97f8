//! The batch as JSON (schema `tingping.batch/1`), streamed: one record per appearance, then the
//! indicators. The same record format is read back when an upper court imports a batch.

use crate::domain::indicators::{EvalFacts, Record, Report};
use crate::domain::live::Event;
use crate::domain::model::AppearCategory;
use crate::domain::scoring::{DimScore, DimStatus};
use crate::store::batch::{BatchMeta, Detail};
use serde_json::{Value, json};
use std::io::Write;

pub const SCHEMA: &str = "tingping.batch/1";

pub fn record_json(r: &Record, d: &Detail, events: &[Event]) -> Value {
    let eval = r.eval.as_ref().map(|e| {
        let dims: serde_json::Map<String, Value> = e
            .dims
            .iter()
            .map(|x| {
                (
                    x.id.clone(),
                    json!({"score": x.score, "max": x.max, "status": x.status}),
                )
            })
            .collect();
        json!({
            "dimensions": dims,
            "total": e.total_tenths.map(|t| t as f64 / 10.0),
            "total_tenths": e.total_tenths,
            "grade": e.grade,
            "spoke": e.spoke,
            "view_given": e.view_given,
            "settled": e.settled,
            "performance": e.performance,
            "performance_recorded": d.performance_recorded.as_ref().map(|(on, by)| json!({"on": on, "by": by})),
            "marks": d.marks,
            "comment": d.comment,
            "finalized_by": d.finalized_by,
            "finalized_at": d.finalized_at,
            "rubric": d.rubric_hash,
            "events": events.iter().map(|v| json!({
                "seq": v.seq, "elapsed_ms": v.elapsed_ms, "at": v.at, "stage": v.stage,
                "kind": v.kind.id(), "item": v.item, "note": v.note, "value": v.value,
            })).collect::<Vec<_>>(),
        })
    });
    json!({
        "court": r.court,
        "hearing_id": r.hearing_id,
        "case_number": r.case_number,
        "hearing_date": r.hearing_date,
        "key_case": r.key_case,
        "agency": r.agency,
        "government": r.government,
        "notified": r.notified,
        "category": r.category.id(),
        "person": r.person,
        "title": r.title,
        "absence_reason": d.absence_reason,
        "reason_accepted": d.reason_accepted,
        "flags": r.flags,
        "late": r.late,
        "followup": r.followup,
        "evaluation": eval,
    })
}

/// Reads a record written by `record_json` (from an imported batch).
pub fn record_from_json(text: &str) -> Result<(Record, Detail), String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let s = |k: &str| {
        v[k].as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("missing {k}"))
    };
    let eval = match &v["evaluation"] {
        Value::Null => None,
        e => Some(EvalFacts {
            dims: e["dimensions"]
                .as_object()
                .ok_or("missing dimensions")?
                .iter()
                .map(|(id, d)| DimScore {
                    id: id.clone(),
                    score: d["score"].as_i64().unwrap_or(0),
                    max: d["max"].as_i64().unwrap_or(0),
                    status: serde_json::from_value::<DimStatus>(d["status"].clone())
                        .unwrap_or(DimStatus::Applicable),
                })
                .collect(),
            total_tenths: e["total_tenths"].as_i64(),
            grade: e["grade"].as_str().map(str::to_string),
            spoke: e["spoke"].as_bool().unwrap_or(true),
            view_given: e["view_given"].as_bool().unwrap_or(false),
            settled: e["settled"].as_bool().unwrap_or(false),
            performance: e["performance"].as_str().map(str::to_string),
        }),
    };
    let record = Record {
        court: s("court")?,
        hearing_id: v["hearing_id"].as_i64().ok_or("missing hearing_id")?,
        case_number: s("case_number")?,
        hearing_date: s("hearing_date")?,
        key_case: v["key_case"].as_bool().unwrap_or(false),
        agency: s("agency")?,
        government: s("government")?,
        notified: v["notified"].as_bool().unwrap_or(true),
        category: AppearCategory::from_id(&s("category")?).ok_or("unknown category")?,
        person: s("person")?,
        title: s("title")?,
        flags: v["flags"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|f| f.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        late: v["late"].as_bool().unwrap_or(false),
        followup: v["followup"].as_bool().unwrap_or(false),
        eval,
    };
    let e = &v["evaluation"];
    let detail = Detail {
        evaluation_id: None,
        rubric_hash: e["rubric"].as_str().unwrap_or_default().to_string(),
        marks: serde_json::from_value(e["marks"].clone()).unwrap_or_default(),
        comment: e["comment"].as_str().unwrap_or_default().to_string(),
        finalized_by: e["finalized_by"].as_str().unwrap_or_default().to_string(),
        finalized_at: e["finalized_at"].as_str().unwrap_or_default().to_string(),
        absence_reason: v["absence_reason"].as_str().unwrap_or_default().to_string(),
        reason_accepted: v["reason_accepted"].as_bool().unwrap_or(false),
        performance_recorded: e["performance_recorded"].as_object().map(|p| {
            let s = |k: &str| {
                p.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            (s("on"), s("by"))
        }),
    };
    Ok((record, detail))
}

/// The opening of the file, before the records.
pub fn head(w: &mut impl Write, meta: &BatchMeta) -> std::io::Result<()> {
    let head = json!({
        "schema": SCHEMA,
        "court": {"name": meta.court, "code": meta.court_code},
        "batch": {"id": meta.id, "kind": meta.kind.id(), "from": meta.from.to_string(), "to": meta.to.to_string(), "topic": meta.topic, "created_at": meta.created_at},
    });
    let text = head.to_string();
    // reopen the object to append the records array
    write!(w, "{},\"records\":[", &text[..text.len() - 1])
}

pub fn record(w: &mut impl Write, first: bool, value: &Value) -> std::io::Result<()> {
    if !first {
        w.write_all(b",")?;
    }
    w.write_all(b"\n")?;
    serde_json::to_writer(&mut *w, value)?;
    Ok(())
}

pub fn tail(w: &mut impl Write, report: &Report) -> std::io::Result<()> {
    w.write_all(b"\n],\"indicators\":")?;
    serde_json::to_writer(&mut *w, &report.total)?;
    w.write_all(b",\"by_government\":")?;
    serde_json::to_writer(&mut *w, &report.by_government)?;
    w.write_all(b",\"by_court\":")?;
    serde_json::to_writer(&mut *w, &report.by_court)?;
    w.write_all(b"}\n")
}
