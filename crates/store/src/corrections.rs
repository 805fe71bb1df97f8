//! Corrections (更正): what a month's batch reports of earlier batches — the amendments of what
//! they reported (with the records as they are now), and what their notices stated about an
//! appearance that is no longer true. What a notice stated is remembered at the first change after
//! it (`remember_statement`), and forgotten once a batch has reported the correction.

use super::records::{Reader, Source};
use super::types::RowValues;
use super::{Result, amend};
use crate::domain::interchange::{
    CorrectionJson, Corrections, IndicatorCorrection, RecordJson, Restated, Restatement, Statement,
};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;

/// Before the first change to an appearance a batch reported: remembers what that batch's notice
/// stated about it (its grade, flags, commendation), so the next batch can say what is now wrong.
pub(crate) fn remember_statement(reader: &Reader, appearance_id: i64) -> Result<()> {
    let conn = reader.conn;
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT a.uid, b.stated FROM batch_items b JOIN appearances a ON a.id = b.appearance_id WHERE b.appearance_id = ?1",
            [appearance_id],
            |r| Ok((r.get("uid")?, r.get("stated")?)),
        )
        .optional()?;
    let Some((uid, stated)) = row else {
        return Ok(());
    };
    if !stated.is_empty() {
        return Ok(());
    }
    // as the notices last told it: its batch's statement, with the outcomes reported since as
    // later events (told once, never again)
    let mut statement = Statement::default();
    reader
        .of(Source::Told(vec![uid]))
        .for_each(|r, _| -> Result<()> {
            statement = Statement::of(r);
            Ok(())
        })?;
    conn.execute(
        "UPDATE batch_items SET stated = ?2 WHERE appearance_id = ?1",
        params![
            appearance_id,
            serde_json::to_string(&statement).unwrap_or_default()
        ],
    )?;
    Ok(())
}

/// The amendments a batch reports: those of reported records not corrected yet (a new month), or
/// those it reported (`batch`).
fn amendments(
    conn: &Connection,
    batch: Option<&str>,
) -> Result<Vec<(amend::Amendment, Vec<String>)>> {
    let sql = format!(
        "{} WHERE {} ORDER BY m.id",
        amend::AMENDMENT_SELECT,
        match batch {
            Some(_) => "m.corrected_in = ?1",
            None => "m.corrected_in IS NULL AND m.reported_in <> '' AND ?1 IS NULL",
        }
    );
    let mut st = conn.prepare(&sql)?;
    let rows: Vec<(amend::Amendment, i64, Option<i64>)> = st
        .query_map([batch], |r| {
            Ok((
                amend::amendment_from(r)?,
                r.get("hearing_id")?,
                r.get("appearance_id")?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (a, hearing, appearance) in rows {
        // a hearing's field corrects every appearance of it that a batch reported
        let uids: Vec<String> = match appearance {
            Some(_) => vec![a.appearance_uid.clone()],
            None => conn
                .prepare(
                    "SELECT a.uid FROM appearances a WHERE a.hearing_id = ?1
                       AND EXISTS (SELECT 1 FROM batch_items b WHERE b.appearance_id = a.id) ORDER BY a.id",
                )?
                .query_map([hearing], |r| r.get("uid"))?
                .collect::<rusqlite::Result<_>>()?,
        };
        out.push((a, uids));
    }
    Ok(out)
}

/// What a batch corrects: a new month (`batch` None) what is pending, an exported one what it
/// reported. Indicator corrections are the report layer's (they need the rubric).
pub fn corrections(reader: &Reader, batch: Option<&str>) -> Result<Corrections> {
    let conn = reader.conn;
    let amended = amendments(conn, batch)?;
    let mut uids: Vec<String> = amended.iter().flat_map(|(_, u)| u.clone()).collect();
    // the statements remembered (a new month) or reported (an exported one)
    let (restated, indicators): (Vec<Restatement>, Vec<IndicatorCorrection>) = match batch {
        Some(id) => {
            // (a batch not found, or made before restatements were kept: none)
            let kept: Restated = conn
                .query_row("SELECT restated FROM batches WHERE id = ?1", [id], |r| {
                    restated_of(r)
                })
                .optional()?
                .unwrap_or_default();
            (kept.records, kept.indicators)
        }
        None => (pending_restatements(reader)?, Vec::new()),
    };
    uids.sort();
    uids.dedup();
    // each record as the batch that reported it reads it now: the court above replaces that
    // batch's record with it (a later follow-up stays its own record)
    let mut by_batch: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for uid in &uids {
        let batch: Option<String> = conn
            .query_row(
                "SELECT b.batch_id FROM batch_items b JOIN appearances a ON a.id = b.appearance_id WHERE a.uid = ?1",
                [uid],
                |r| r.get("batch_id"),
            )
            .optional()?;
        if let Some(b) = batch {
            by_batch.entry(b).or_default().push(uid.clone());
        }
    }
    let mut now: BTreeMap<String, RecordJson<'static>> = BTreeMap::new();
    let mut reported: BTreeMap<String, String> = BTreeMap::new();
    for (batch, uids) in by_batch {
        reader
            .of(Source::Stated(batch.clone(), uids))
            .for_each(|r, d| -> Result<()> {
                if r.followup {
                    return Ok(());
                }
                let events = match d.evaluation_id {
                    Some(id) => reader.events(id)?,
                    None => Vec::new(),
                };
                now.insert(r.id.clone(), RecordJson::of(r, d, &events).into_owned());
                reported.insert(r.id.clone(), batch.clone());
                Ok(())
            })?;
    }
    let mut corrections = Vec::new();
    for (a, uids) in &amended {
        for uid in uids {
            corrections.push(CorrectionJson {
                uid: if uids.len() > 1 || a.appearance_uid.is_empty() {
                    format!("{}:{uid}", a.uid)
                } else {
                    a.uid.clone()
                },
                record_id: uid.clone(),
                case_number: a.case_number.clone(),
                hearing_date: a.hearing_date.clone(),
                agency: now
                    .get(uid)
                    .map(|r| r.agency.to_string())
                    .unwrap_or_else(|| a.agency.clone()),
                field: a.field.clone(),
                old: a.old.clone(),
                new: a.new.clone(),
                reason: a.reason.clone(),
                by: a.by.clone(),
                at: a.at.clone(),
                reported_in: reported
                    .get(uid)
                    .cloned()
                    .unwrap_or_else(|| a.reported_in.clone()),
                record: now.get(uid).cloned(),
            });
        }
    }
    Ok(Corrections {
        corrections,
        restatements: restated,
        indicators,
    })
}

/// The statements remembered since the last notice that are no longer true, with why.
fn pending_restatements(reader: &Reader) -> Result<Vec<Restatement>> {
    let conn = reader.conn;
    // (a statement that is not one is an error naming it, never an empty statement)
    let rows: Vec<(i64, String, Statement, String)> = conn
        .prepare(
            "SELECT a.id, a.uid, b.stated, b.batch_id FROM batch_items b JOIN appearances a ON a.id = b.appearance_id
             WHERE b.stated <> '' ORDER BY a.id",
        )?
        .query_map([], |r| {
            Ok((
                r.get("id")?,
                r.get("uid")?,
                r.json("stated", "statement")?,
                r.get("batch_id")?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (id, uid, was, batch) in rows {
        let mut found = None;
        let mut government = String::new();
        reader
            .of(Source::Uids(vec![uid.clone()]))
            .for_each(|r, _| -> Result<()> {
                found = Some((
                    Statement::of(r),
                    r.case_number.clone(),
                    r.agency.clone(),
                    r.person.clone(),
                ));
                government = r.government.clone();
                Ok(())
            })?;
        let Some((now, case_number, agency, person)) = found else {
            continue;
        };
        if now == was {
            continue;
        }
        // as the notices would tell it now: amended, with the outcomes some batch reported. What
        // differs from what they told was an error (an amendment); what differs after is a later
        // event not told yet
        let mut amended = was.clone();
        reader
            .of(Source::Told(vec![uid.clone()]))
            .for_each(|r, _| -> Result<()> {
                if !r.followup {
                    amended = Statement::of(r);
                }
                Ok(())
            })?;
        let (reasons, outcome) = why_changed(conn, id)?;
        let restated = |was: Statement, now: Statement, why: String, later: bool| Restatement {
            record_id: uid.clone(),
            case_number: case_number.clone(),
            agency: agency.clone(),
            person: person.clone(),
            government: government.clone(),
            reported_in: batch.clone(),
            was,
            now,
            why,
            later,
        };
        if amended != was {
            out.push(restated(was, amended.clone(), reasons.join("；"), false));
        }
        if now != amended {
            let why = match outcome {
                Some(o) => format!("performance:{o}"),
                None => reasons.join("；"),
            };
            out.push(restated(amended, now, why, true));
        }
    }
    Ok(out)
}

/// Why an appearance changed since it was reported: its amendments' reasons, and a judgment
/// performance outcome recorded after it.
fn why_changed(conn: &Connection, appearance_id: i64) -> Result<(Vec<String>, Option<String>)> {
    let why: Vec<String> = conn
        .prepare(
            "SELECT DISTINCT m.reason FROM amendments m
             WHERE (m.appearance_id = ?1 OR (m.appearance_id IS NULL AND m.hearing_id = (SELECT hearing_id FROM appearances WHERE id = ?1)))
               AND m.corrected_in IS NULL ORDER BY m.id",
        )?
        .query_map([appearance_id], |r| r.get("reason"))?
        .collect::<rusqlite::Result<_>>()?;
    let outcome: Option<String> = conn
        .query_row(
            "SELECT o.option || ':' || o.recorded_on AS outcome FROM performance_outcomes o JOIN evaluations e ON e.id = o.evaluation_id
             WHERE e.appearance_id = ?1 AND NOT EXISTS (SELECT 1 FROM batch_outcomes bo WHERE bo.evaluation_id = e.id)",
            [appearance_id],
            |r| r.get("outcome"),
        )
        .optional()?;
    Ok((why, outcome))
}

/// At a new month's claim: records what it corrects and forgets the statements it corrected.
pub(crate) fn claim(reader: &Reader, batch: &str) -> Result<i64> {
    let conn = reader.conn;
    let restated = pending_restatements(reader)?;
    let amended: i64 = conn.query_row(
        "SELECT count(*) AS n FROM amendments WHERE corrected_in IS NULL AND reported_in <> ''",
        [],
        |r| r.get("n"),
    )?;
    conn.execute(
        "UPDATE amendments SET corrected_in = ?1 WHERE corrected_in IS NULL AND reported_in <> ''",
        [batch],
    )?;
    conn.execute("UPDATE batch_items SET stated = '' WHERE stated <> ''", [])?;
    let n = amended + restated.len() as i64;
    let kept = Restated {
        records: restated,
        indicators: Vec::new(),
    };
    conn.execute(
        "UPDATE batches SET corrections = ?2, restated = ?3 WHERE id = ?1",
        params![batch, n, serde_json::to_string(&kept).unwrap_or_default()],
    )?;
    Ok(n)
}

/// How many corrections a new month would report now (part of its plan).
pub(crate) fn pending_count(reader: &Reader) -> Result<i64> {
    let amended: i64 = reader.conn.query_row(
        "SELECT count(*) AS n FROM amendments WHERE corrected_in IS NULL AND reported_in <> ''",
        [],
        |r| r.get("n"),
    )?;
    Ok(amended + pending_restatements(reader)?.len() as i64)
}

/// The indicators a batch's notice stated (kept at its claim), if they were kept.
pub fn batch_statement(
    reader: &Reader,
    batch: &str,
) -> Result<Option<Vec<crate::domain::indicators::Value>>> {
    // (no such batch, or one made before statements were kept: "" — none; JSON that is no
    // statement an error naming it)
    Ok(reader
        .conn
        .query_row("SELECT stated FROM batches WHERE id = ?1", [batch], |r| {
            r.json_opt("stated", "statement")
        })
        .optional()?
        .flatten())
}

/// What a batch's `restated` column keeps: "" nothing (a batch made before it was kept); JSON
/// that is not what it keeps is an error naming it.
fn restated_of(r: &rusqlite::Row) -> rusqlite::Result<Restated> {
    Ok(r.json_opt("restated", "restatements")?.unwrap_or_default())
}

/// At a new month's claim, in its transaction: keeps the indicators its notice stated (to tell
/// later which a correction changes; kept once, so a re-export does not change what the first
/// notice said), the indicator corrections it made (its re-export says the same), and each
/// corrected batch's figures as now stated.
pub(crate) fn keep_statement(
    conn: &Connection,
    batch: &str,
    st: &super::batch::Statement,
) -> Result<()> {
    conn.execute(
        "UPDATE batches SET stated = ?2 WHERE id = ?1 AND stated = ''",
        params![batch, serde_json::to_string(&st.values).unwrap_or_default()],
    )?;
    if st.corrected.is_empty() {
        return Ok(());
    }
    // (the batch is being claimed: it is there)
    let mut kept: Restated = conn
        .query_row("SELECT restated FROM batches WHERE id = ?1", [batch], |r| {
            restated_of(r)
        })
        .optional()?
        .unwrap_or_default();
    if !kept.indicators.is_empty() {
        return Ok(());
    }
    kept.indicators = st.corrected.clone();
    conn.execute(
        "UPDATE batches SET restated = ?2 WHERE id = ?1",
        params![batch, serde_json::to_string(&kept).unwrap_or_default()],
    )?;
    for (b, values) in &st.restated {
        conn.execute(
            "UPDATE batches SET stated = ?2 WHERE id = ?1",
            params![b, serde_json::to_string(values).unwrap_or_default()],
        )?;
    }
    Ok(())
}

/// Whether an amendment made after a month's batch touches what it reported or corrected: its
/// files can no longer be made again as they were issued.
pub(crate) fn amended_since(conn: &Connection, batch: &str, created_at: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM amendments m WHERE m.at > ?2 AND (
            m.reported_in = ?1 OR m.corrected_in = ?1
            OR m.appearance_id IN (SELECT appearance_id FROM batch_items WHERE batch_id = ?1)
            OR m.hearing_id IN (SELECT a.hearing_id FROM batch_items bi JOIN appearances a ON a.id = bi.appearance_id WHERE bi.batch_id = ?1)
            OR m.appearance_id IN (SELECT x.appearance_id FROM amendments x WHERE x.corrected_in = ?1))) AS amended",
        params![batch, created_at],
        |r| r.get("amended"),
    )?)
}
