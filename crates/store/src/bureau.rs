//! A justice bureau's records, beside the courts' batches it imported: which kind of organisation
//! keeps the database, the random draws of hearing videos to review (each logged, so none is
//! re-rolled silently), the reviews on the bureau's rubric, and the public's satisfaction
//! responses matched to appearances.

use super::audit::{self, Action, Change, Entity};
use super::{Result, Store, StoreError, now};
use crate::domain::bureau::{Drawable, OrgKind, Rating, Response};
use crate::domain::indicators::Record;
use crate::domain::text::{NAME_MAX, TEXT_MAX};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use std::collections::BTreeMap;
use tingping_core::msg::{Msg, msgf};

/// The app value that says which kind of organisation keeps the database.
const ORG_KIND: &str = "org.kind";

/// An imported appearance as the bureau sees it: the record a court reported, and where it is.
#[derive(Clone, Debug)]
pub struct Imported {
    pub court_code: String,
    pub record: Record,
}

/// A drawn appearance with its record and, once begun, the bureau's review.
#[derive(Clone, Debug)]
pub struct Sampled {
    pub seq: i64,
    pub court_code: String,
    pub record: Record,
    pub review: Option<Review>,
}

/// A draw as kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sample {
    pub id: i64,
    pub period: String,
    pub size: i64,
    pub per_agency: Option<i64>,
    pub seed: u64,
    pub reason: String,
    pub drawn_at: String,
}

/// The bureau's review of one appearance's video.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    pub id: i64,
    pub court_code: String,
    pub uid: String,
    pub case_number: String,
    pub agency: String,
    pub rubric_hash: String,
    pub scores: BTreeMap<String, i64>,
    pub note: String,
    pub reviewer: String,
    pub finalized: bool,
    pub finalized_at: String,
}

impl Review {
    pub fn total(&self) -> i64 {
        self.scores.values().sum()
    }
}

/// A satisfaction response kept: its id, the appearance it was matched to (court code and stable
/// id), the agency it named, the rating.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answered {
    pub id: i64,
    pub court_code: String,
    pub uid: String,
    pub agency: String,
    pub rating: Rating,
}

/// What a satisfaction file matched: the responses kept, and those that name no appearance the
/// bureau imported (by their rows).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matched {
    pub kept: usize,
    /// rows of the same file kept before (imported again): not counted twice
    pub again: usize,
    pub unmatched: Vec<Response>,
}

fn refused(m: Msg) -> StoreError {
    StoreError::Refused(m)
}

impl Store {
    /// Which kind of organisation keeps this database; `claim` it on first use. A database with
    /// hearings of its own is a court's. Refused, naming both, when it was claimed by the other
    /// kind.
    pub fn org_kind(&mut self, claim: OrgKind) -> Result<OrgKind> {
        let kept = self.app_value(ORG_KIND)?.and_then(|k| OrgKind::from_id(&k));
        let kind = match kept {
            Some(k) => k,
            None => {
                let has_hearings: bool = self.conn.query_row(
                    "SELECT EXISTS (SELECT 1 FROM hearings) AS x",
                    [],
                    |r| r.get("x"),
                )?;
                let k = if has_hearings { OrgKind::Court } else { claim };
                // (a database that cannot be written — read-only — is not claimed: it changes
                // nothing either)
                let _ = self.set_app_value(ORG_KIND, k.id());
                k
            }
        };
        if kind != claim {
            return Err(refused(
                Msg::new("bureau.err.kind")
                    .nest("db", kind.label())
                    .nest("config", claim.label()),
            ));
        }
        Ok(kind)
    }

    /// The imported appearances of the hearings from `from` to `to` whose agency reports to one
    /// of `governments` (all when empty): the records the courts reported for the period (not
    /// their late reports, not follow-ups), each court's once.
    pub fn imported_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        governments: &[String],
    ) -> Result<Vec<Imported>> {
        let mut st = self.conn.prepare_cached(
            "SELECT court_code, record FROM imported_records
             WHERE hearing_date BETWEEN ?1 AND ?2 ORDER BY court_code, hearing_date, seq",
        )?;
        let rows: Vec<(String, String)> = st
            .query_map([from.to_string(), to.to_string()], |r| {
                Ok((r.get("court_code")?, r.get("record")?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (court_code, text) in rows {
            let (record, _) =
                crate::domain::interchange::record_from_json(&text).map_err(StoreError::Refused)?;
            if record.followup
                || record.late
                || (!governments.is_empty() && !governments.contains(&record.government))
            {
                continue;
            }
            out.push(Imported { court_code, record });
        }
        Ok(out)
    }

    /// One imported appearance by its court and stable id.
    pub fn imported(&self, court_code: &str, uid: &str) -> Result<Option<Record>> {
        let mut st = self.conn.prepare_cached(
            "SELECT record FROM imported_records WHERE court_code = ?1
               AND uid = ?2 AND uid <> '' LIMIT 1",
        )?;
        let text: Option<String> = st
            .query_row([court_code, uid], |r| r.get("record"))
            .optional()?;
        match text {
            None => Ok(None),
            Some(t) => Ok(Some(
                crate::domain::interchange::record_from_json(&t)
                    .map_err(StoreError::Refused)?
                    .0,
            )),
        }
    }

    /// The period of the latest draw (its id), if any.
    pub fn latest_sample_period(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT period FROM samples ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get("period"),
            )
            .optional()?)
    }

    /// The draws of a period, the latest last.
    pub fn samples(&self, period: &str) -> Result<Vec<Sample>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, period, size, per_agency, seed, reason, drawn_at FROM samples
             WHERE period = ?1 ORDER BY id",
        )?;
        let rows = st
            .query_map([period], |r| {
                let per: i64 = r.get("per_agency")?;
                let seed: i64 = r.get("seed")?;
                Ok(Sample {
                    id: r.get("id")?,
                    period: r.get("period")?,
                    size: r.get("size")?,
                    per_agency: (per > 0).then_some(per),
                    seed: seed as u64,
                    reason: r.get("reason")?,
                    drawn_at: r.get("drawn_at")?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Keeps a draw and logs it — the period, size, limit per agency, seed and every appearance
    /// drawn — in one transaction. A second draw of a period is refused unless a reason is given
    /// (then both are in the log).
    pub fn keep_sample(
        &mut self,
        period: &str,
        size: usize,
        per_agency: Option<usize>,
        seed: u64,
        drawn: &[Drawable],
        reason: &str,
    ) -> Result<i64> {
        let reason = super::text_in("bureau.field.reason", reason, TEXT_MAX)?;
        if let Some(last) = self.samples(period)?.last()
            && reason.trim().is_empty()
        {
            return Err(refused(
                Msg::new("bureau.err.drawn")
                    .arg("period", period)
                    .arg("seed", last.seed)
                    .arg("at", &last.drawn_at),
            ));
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO samples(period, size, per_agency, seed, reason, drawn_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                period,
                size as i64,
                per_agency.unwrap_or(0) as i64,
                seed as i64,
                reason,
                now()
            ],
        )?;
        let id = tx.last_insert_rowid();
        let mut listed = Vec::new();
        for (i, d) in drawn.iter().enumerate() {
            tx.execute(
                "INSERT INTO sample_items(sample_id, seq, court_code, uid) VALUES (?1, ?2, ?3, ?4)",
                params![id, i as i64 + 1, d.court_code, d.uid],
            )?;
            listed.push(format!("{}:{}", d.court_code, d.uid));
        }
        let what = format!(
            "period={period} size={size} per_agency={} seed={seed} drawn={}",
            per_agency.map_or("—".to_string(), |k| k.to_string()),
            listed.join(",")
        );
        let mut c = Change::new(Action::Create, Entity::Sample, id).field("draw", "", &what);
        c.reason = &reason;
        audit::record(&tx, &self.operator, c)?;
        tx.commit()?;
        Ok(id)
    }

    /// The appearances of a period's latest draw, in the order drawn, each with its review.
    pub fn sampled(&self, period: &str) -> Result<Vec<Sampled>> {
        let Some(sample) = self.samples(period)?.pop() else {
            return Ok(Vec::new());
        };
        let items: Vec<(i64, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT seq, court_code, uid FROM sample_items WHERE sample_id = ?1 ORDER BY seq",
            )?
            .query_map([sample.id], |r| {
                Ok((r.get("seq")?, r.get("court_code")?, r.get("uid")?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (seq, court_code, uid) in items {
            let Some(record) = self.imported(&court_code, &uid)? else {
                continue;
            };
            let review = self.review_of(&court_code, &uid)?;
            out.push(Sampled {
                seq,
                court_code,
                record,
                review,
            });
        }
        Ok(out)
    }

    /// The review of an appearance, if begun.
    pub fn review_of(&self, court_code: &str, uid: &str) -> Result<Option<Review>> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM reviews WHERE court_code = ?1 AND uid = ?2",
                [court_code, uid],
                |r| r.get("id"),
            )
            .optional()?;
        id.map(|id| self.review(id)).transpose()
    }

    pub fn review(&self, id: i64) -> Result<Review> {
        self.conn
            .query_row(
                "SELECT id, court_code, uid, case_number, agency, rubric_hash, scores, note, reviewer,
                        status, finalized_at FROM reviews WHERE id = ?1",
                [id],
                |r| {
                    let scores: String = r.get("scores")?;
                    let status: String = r.get("status")?;
                    Ok((
                        Review {
                            id: r.get("id")?,
                            court_code: r.get("court_code")?,
                            uid: r.get("uid")?,
                            case_number: r.get("case_number")?,
                            agency: r.get("agency")?,
                            rubric_hash: r.get("rubric_hash")?,
                            scores: BTreeMap::new(),
                            note: r.get("note")?,
                            reviewer: r.get("reviewer")?,
                            finalized: status == "final",
                            finalized_at: r.get("finalized_at")?,
                        },
                        scores,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| refused(msgf("bureau.err.no_review", &[("id", &id)])))
            .and_then(|(mut review, scores)| {
                review.scores = serde_json::from_str(&scores)
                    .map_err(|_| super::bad_value("reviews", id, "scores", &scores))?;
                Ok(review)
            })
    }

    /// A review's scores, note and reviewer saved: a new draft, or the draft changed. A finalized
    /// review changes only with a reason (an amendment, logged with it).
    #[allow(clippy::too_many_arguments)]
    pub fn save_review(
        &mut self,
        court_code: &str,
        uid: &str,
        rubric_hash: &str,
        scores: &BTreeMap<String, i64>,
        note: &str,
        reviewer: &str,
        amend_reason: Option<&str>,
    ) -> Result<i64> {
        let note = super::text_in("bureau.field.note", note, TEXT_MAX)?;
        let reviewer = super::text_in("bureau.field.reviewer", reviewer, NAME_MAX)?;
        let Some(record) = self.imported(court_code, uid)? else {
            return Err(refused(
                Msg::new("bureau.err.no_record").arg("uid", crate::domain::text::shown(uid)),
            ));
        };
        let existing = self.review_of(court_code, uid)?;
        let reason = amend_reason.map(str::trim).unwrap_or_default();
        if existing.as_ref().is_some_and(|r| r.finalized) && reason.is_empty() {
            return Err(refused(Msg::new("bureau.err.final")));
        }
        let scores_json = serde_json::to_string(scores).map_err(|e| refused(Msg::verbatim(e)))?;
        let tx = self.conn.transaction()?;
        let id = match &existing {
            None => {
                tx.execute(
                    "INSERT INTO reviews(court_code, uid, case_number, agency, rubric_hash, scores,
                         note, reviewer, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        court_code,
                        uid,
                        record.case_number,
                        record.agency,
                        rubric_hash,
                        scores_json,
                        note,
                        reviewer,
                        now()
                    ],
                )?;
                let id = tx.last_insert_rowid();
                audit::record_first_entry(
                    &tx,
                    &self.operator,
                    Change::new(Action::Create, Entity::Review, id),
                    None,
                )?;
                id
            }
            Some(r) => {
                let before = audit::state(&tx, Entity::Review, r.id)?;
                // (an amendment keeps who reviewed; who amended is in its log entry)
                let kept = if r.finalized { &r.reviewer } else { &reviewer };
                tx.execute(
                    "UPDATE reviews SET scores = ?2, note = ?3, reviewer = ?4, rubric_hash = ?5
                     WHERE id = ?1",
                    params![r.id, scores_json, note, kept, rubric_hash],
                )?;
                let mut c = Change::new(
                    if r.finalized {
                        Action::Amend
                    } else {
                        Action::Edit
                    },
                    Entity::Review,
                    r.id,
                );
                c.reason = reason;
                c.by = &reviewer;
                audit::record_edit(&tx, &self.operator, c, before.as_deref())?;
                r.id
            }
        };
        tx.commit()?;
        Ok(id)
    }

    /// A review finalized by its reviewer (its scores checked by the caller against the rubric).
    pub fn finalize_review(&mut self, id: i64, reviewer: &str) -> Result<()> {
        let reviewer = super::text_in("bureau.field.reviewer", reviewer, NAME_MAX)?;
        if reviewer.trim().is_empty() {
            return Err(refused(Msg::new("bureau.err.reviewer")));
        }
        let r = self.review(id)?;
        if r.finalized {
            return Err(refused(Msg::new("bureau.err.final")));
        }
        let tx = self.conn.transaction()?;
        let before = audit::state(&tx, Entity::Review, id)?;
        tx.execute(
            "UPDATE reviews SET status = 'final', reviewer = ?2, finalized_at = ?3 WHERE id = ?1",
            params![id, reviewer, now()],
        )?;
        let mut c = Change::new(Action::Finalize, Entity::Review, id);
        c.by = &reviewer;
        audit::record_edit(&tx, &self.operator, c, before.as_deref())?;
        tx.commit()?;
        Ok(())
    }

    /// The finalized reviews of the appearances heard from `from` to `to`.
    pub fn final_reviews(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<(Review, String)>> {
        let ids: Vec<(i64, String)> = self
            .conn
            .prepare_cached(
                "SELECT v.id, r.hearing_date FROM reviews v JOIN imported_records r
                   ON r.uid = v.uid AND r.uid <> '' AND r.court_code = v.court_code
                 WHERE v.status = 'final' AND r.hearing_date BETWEEN ?1 AND ?2 ORDER BY v.id",
            )?
            .query_map([from.to_string(), to.to_string()], |r| {
                Ok((r.get("id")?, r.get("hearing_date")?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|(id, date)| Ok((self.review(id)?, date)))
            .collect()
    }

    /// Keeps a satisfaction file's responses that match an imported appearance by case number
    /// and agency (its latest hearing), in one transaction, logged with the file; the others are
    /// returned by their rows. Nothing is kept when none matches.
    pub fn import_satisfaction(&mut self, source: &str, responses: &[Response]) -> Result<Matched> {
        let source = super::text_in("bureau.field.source", source, NAME_MAX)?;
        let mut matched = Vec::new();
        let mut unmatched = Vec::new();
        {
            let mut st = self.conn.prepare_cached(
                "SELECT court_code, hearing_date, record FROM imported_records
                 WHERE appearance >= ?1 AND appearance < ?2 AND appearance <> ''
                 ORDER BY hearing_date DESC",
            )?;
            for r in responses {
                // (as the appearance key has it: no spaces, no zero-width characters)
                let agency: String = r
                    .agency
                    .chars()
                    .filter(|c| {
                        !c.is_whitespace()
                            && !matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
                    })
                    .collect();
                let rows: Vec<(String, String, String)> = st
                    .query_map(
                        [
                            format!("{}\u{1f}", r.case_number),
                            format!("{}\u{20}", r.case_number),
                        ],
                        |x| {
                            Ok((
                                x.get("court_code")?,
                                x.get("hearing_date")?,
                                x.get("record")?,
                            ))
                        },
                    )?
                    .collect::<rusqlite::Result<_>>()?;
                let hit = rows.into_iter().find(|(_, _, text)| {
                    crate::domain::interchange::appearance_of(text)
                        .ends_with(&format!("\u{1f}{agency}"))
                });
                match hit {
                    Some((court_code, date, text)) => {
                        let (rec, _) = crate::domain::interchange::record_from_json(&text)
                            .map_err(StoreError::Refused)?;
                        matched.push((r, court_code, rec.id, rec.agency, date));
                    }
                    None => unmatched.push(r.clone()),
                }
            }
        }
        if matched.is_empty() {
            return Ok(Matched {
                kept: 0,
                again: 0,
                unmatched,
            });
        }
        let tx = self.conn.transaction()?;
        let at = now();
        let mut kept = 0;
        for (r, court_code, uid, agency, date) in &matched {
            // the same file's row for the same appearance, imported again, is counted once
            // (the source begins with the file's content hash: a file renamed is the same file)
            let again: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM satisfaction WHERE substr(source, 1, 16) = substr(?1, 1, 16)
                   AND row = ?2 AND court_code = ?3 AND uid = ?4) AS x",
                params![source, r.row as i64, court_code, uid],
                |x| x.get("x"),
            )?;
            if again {
                continue;
            }
            kept += 1;
            tx.execute(
                "INSERT INTO satisfaction(court_code, uid, case_number, agency, hearing_date, rating,
                     comment, source, row, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    court_code,
                    uid,
                    r.case_number,
                    agency,
                    date,
                    r.rating.id(),
                    super::text_in("bureau.field.comment", &r.comment, TEXT_MAX)?,
                    source,
                    r.row as i64,
                    at
                ],
            )?;
        }
        let what = format!("{source}: {kept} / {}", responses.len());
        audit::record(
            &tx,
            &self.operator,
            Change::new(Action::Import, Entity::Satisfaction, 0).field("responses", "", &what),
        )?;
        tx.commit()?;
        Ok(Matched {
            kept,
            again: matched.len() - kept,
            unmatched,
        })
    }

    /// The satisfaction responses of the appearances heard from `from` to `to`: (id, court code,
    /// the appearance's stable id, the agency it named, rating).
    pub fn satisfaction_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Answered>> {
        let rows: Vec<(i64, String, String, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT id, court_code, uid, agency, rating FROM satisfaction
                 WHERE hearing_date BETWEEN ?1 AND ?2 ORDER BY id",
            )?
            .query_map([from.to_string(), to.to_string()], |r| {
                Ok((
                    r.get("id")?,
                    r.get("court_code")?,
                    r.get("uid")?,
                    r.get("agency")?,
                    r.get("rating")?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(id, court_code, uid, agency, rating)| {
                Rating::from_id(&rating)
                    .map(|rating| Answered {
                        id,
                        court_code,
                        uid,
                        agency,
                        rating,
                    })
                    .ok_or_else(|| super::bad_value("satisfaction", id, "rating", &rating))
            })
            .collect()
    }
}
