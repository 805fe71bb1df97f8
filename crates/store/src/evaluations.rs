//! Evaluations (评议) and their item marks. Each mark is written with the evaluation's cached
//! score in one transaction, so the list and the exports never disagree with the marks.

use super::audit::{self, Action, Change, Entity};
use super::hearings::split_flags;
use super::types::{RowKinds, RowValues};
use super::{Result, Store, StoreError, now};
use crate::domain::model::EvalStatus;
use crate::domain::rubric::Rubric;
use crate::domain::scoring::{self, DimStatus, Marks, Score};
use rusqlite::{Connection, OptionalExtension, params};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub id: i64,
    pub appearance_id: i64,
    pub rubric_hash: String,
    pub status: EvalStatus,
    pub comment: String,
    pub finalized_by: String,
    pub finalized_at: String,
    pub marks: Marks,
    pub notes: HashMap<String, String>,
    /// the judgment performance outcome recorded after finalizing (its value is in `marks`)
    pub performance: Option<super::performance::PerformanceRecord>,
}

/// An evaluation as a whole, for `tingping list` and the exports.
#[derive(Clone, Debug)]
pub struct ExportRow {
    /// the appearance's stable unique id
    pub id: String,
    pub case_number: String,
    pub court_code: String,
    pub case_type: String,
    pub hearing_date: String,
    pub agency: String,
    pub person: String,
    pub category: String,
    /// a 负责人 appeared (法释〔2020〕3号 art 2)
    pub head: bool,
    /// draft, final, reported; `absent` (nobody or only a lawyer), `unscored` (not scored yet)
    pub status: String,
    /// the flags the appearance and its evaluation raise
    pub flags: Vec<String>,
    /// the evaluation's score and rubric (None before scoring, and for an absence)
    pub scored: Option<(Score, Rc<Rubric>)>,
    pub events: i64,
    /// 1 + the amendments of the appearance, its evaluation and its hearing
    pub version: i64,
}

/// What the dims column caches: per dimension (id, score, max, status).
pub type EvalRecord = Vec<(String, i64, i64, DimStatus)>;

pub(crate) fn load_rubric(
    conn: &Connection,
    cache: &RefCell<HashMap<String, Rc<Rubric>>>,
    hash: &str,
) -> Result<Rc<Rubric>> {
    if let Some(r) = cache.borrow().get(hash) {
        return Ok(r.clone());
    }
    let content: String = conn
        .query_row(
            "SELECT content FROM rubric_versions WHERE hash = ?1",
            [hash],
            |r| r.get("content"),
        )
        .map_err(|_| StoreError::NotFound(format!("rubric {hash}")))?;
    let r = Rc::new(
        Rubric::parse(&content, "rubric_versions", &[])
            .map_err(|e| StoreError::NotFound(tingping_core::msg::Told::told(&e).plain()))?,
    );
    cache.borrow_mut().insert(hash.to_string(), r.clone());
    Ok(r)
}

/// The rubric an evaluation is scored with.
pub(crate) fn rubric_of(
    conn: &Connection,
    cache: &RefCell<HashMap<String, Rc<Rubric>>>,
    eval_id: i64,
) -> Result<Rc<Rubric>> {
    let hash: String = conn
        .prepare_cached("SELECT rubric_hash FROM evaluations WHERE id = ?1")?
        .query_row([eval_id], |r| r.get("rubric_hash"))?;
    load_rubric(conn, cache, &hash)
}

/// The kind of an item in the rubric an evaluation is scored with.
pub(crate) fn item_kind(
    conn: &Connection,
    cache: &RefCell<HashMap<String, Rc<Rubric>>>,
    eval_id: i64,
    item_id: &str,
) -> Result<crate::domain::rubric::ItemKind> {
    let rubric = rubric_of(conn, cache, eval_id)?;
    let (_, item) = rubric
        .item(item_id)
        .ok_or_else(|| StoreError::NotFound(format!("item {item_id}")))?;
    Ok(item.kind.clone())
}

pub(crate) fn marks_of(
    conn: &Connection,
    eval_id: i64,
) -> rusqlite::Result<(Marks, HashMap<String, String>)> {
    let mut st =
        conn.prepare_cached("SELECT item_id, value, note FROM marks WHERE evaluation_id = ?1")?;
    let mut marks = Marks::new();
    let mut notes = HashMap::new();
    let mut rows = st.query([eval_id])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get("item_id")?;
        let note: String = r.get("note")?;
        if !note.is_empty() {
            notes.insert(id.clone(), note);
        }
        marks.insert(id, r.get("value")?);
    }
    Ok((marks, notes))
}

/// The art 12 flags an evaluation's appearance raises, and whether a head appeared (the flags
/// the rubric marks `heads_only` are raised for heads only).
pub(crate) fn appearance_flags(
    conn: &Connection,
    eval_id: i64,
) -> rusqlite::Result<(Vec<String>, bool)> {
    conn.prepare_cached(
        "SELECT a.notified, a.category, a.absence_reason, a.reason_accepted, a.absent_after_postponement
         FROM evaluations e JOIN appearances a ON a.id = e.appearance_id WHERE e.id = ?1",
    )?
    .query_row([eval_id], |r| {
            // (an unknown stored category is an error naming it, never "not a head")
            let head = r.kind::<crate::domain::model::AppearCategory, _>("category")?.is_head();
            Ok((super::hearings::art12_of(r)?, head))
        },
    )
}

/// An item's mark (0 when none).
pub(crate) fn mark_of(conn: &Connection, eval_id: i64, item_id: &str) -> rusqlite::Result<i64> {
    Ok(conn
        .prepare_cached("SELECT value FROM marks WHERE evaluation_id = ?1 AND item_id = ?2")?
        .query_row(params![eval_id, item_id], |r| r.get("value"))
        .optional()?
        .unwrap_or(0))
}

pub(crate) fn encode_dims(score: &Score) -> String {
    serde_json::to_string(
        &score
            .dims
            .iter()
            .map(|d| (&d.id, d.score, d.max, d.status))
            .collect::<Vec<_>>(),
    )
    // (a list of strings and numbers always serializes)
    .unwrap_or_default()
}

/// An evaluation's status id (draft, final, reported).
pub(crate) fn status_of(conn: &Connection, eval_id: i64) -> Result<String> {
    conn.prepare_cached("SELECT status FROM evaluations WHERE id = ?1")?
        .query_row([eval_id], |r| r.get("status"))
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("evaluation {eval_id}")))
}

/// An evaluation's status, typed: an unknown stored status is an error naming it, never a draft.
pub(crate) fn eval_status(conn: &Connection, eval_id: i64) -> Result<EvalStatus> {
    conn.prepare_cached("SELECT status FROM evaluations WHERE id = ?1")?
        .query_row([eval_id], |r| r.kind("status"))
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("evaluation {eval_id}")))
}

/// Recomputes and caches the evaluation's score from its marks and its appearance.
pub(crate) fn recompute(
    conn: &Connection,
    cache: &RefCell<HashMap<String, Rc<Rubric>>>,
    eval_id: i64,
) -> Result<Score> {
    let rubric = rubric_of(conn, cache, eval_id)?;
    let (marks, _) = marks_of(conn, eval_id)?;
    let (flags, head) = appearance_flags(conn, eval_id)?;
    let score = scoring::score(&rubric, &marks, &flags, head);
    conn.prepare_cached(
        "UPDATE evaluations SET total_tenths=?2, grade=?3, flags=?4, dims=?5, updated_at=?6 WHERE id=?1",
    )?
    .execute(params![eval_id, score.total_tenths, score.grade, score.flags.join(","), encode_dims(&score), now()])?;
    Ok(score)
}

impl Store {
    /// The evaluation of an appearance, created as a draft scored with `rubric` if there is none.
    pub fn evaluation_for(&mut self, appearance_id: i64, rubric: &Rubric) -> Result<Evaluation> {
        let existing: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM evaluations WHERE appearance_id = ?1",
                [appearance_id],
                |r| r.get("id"),
            )
            .optional()?;
        let id = match existing {
            Some(id) => id,
            None => {
                self.remember_rubric(rubric)?;
                let tx = self.conn.transaction()?;
                let ts = now();
                tx.execute(
                    "INSERT INTO evaluations(appearance_id, rubric_hash, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
                    params![appearance_id, rubric.hash, ts],
                )?;
                let id = tx.last_insert_rowid();
                recompute(&tx, &self.rubrics, id)?;
                audit::record_created(&tx, &self.operator, Action::Create, Entity::Evaluation, id)?;
                tx.commit()?;
                id
            }
        };
        self.evaluation(id)
    }

    pub fn evaluation(&self, id: i64) -> Result<Evaluation> {
        let (mut marks, notes) = marks_of(&self.conn, id)?;
        let performance = super::performance::overlay(&self.conn, &self.rubrics, id, &mut marks)?;
        self.conn
            .query_row(
                "SELECT id, appearance_id, rubric_hash, status, comment, finalized_by, finalized_at FROM evaluations WHERE id = ?1",
                [id],
                |r| {
                    Ok(Evaluation {
                        id: r.get("id")?,
                        appearance_id: r.get("appearance_id")?,
                        rubric_hash: r.get("rubric_hash")?,
                        status: r.kind("status")?,
                        comment: r.get("comment")?,
                        finalized_by: r.get("finalized_by")?,
                        finalized_at: r.get("finalized_at")?,
                        marks: marks.clone(),
                        notes: notes.clone(),
                        performance: performance.clone(),
                    })
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("evaluation {id}")))
    }

    pub(crate) fn ensure_draft(conn: &Connection, eval_id: i64) -> Result<()> {
        if status_of(conn, eval_id)? != EvalStatus::Draft.id() {
            return Err(StoreError::Locked);
        }
        Ok(())
    }

    /// Sets one item's mark (clamped to what the item allows) and returns the new score.
    pub fn set_mark(&mut self, eval_id: i64, item_id: &str, value: i64) -> Result<Score> {
        let tx = self.conn.transaction()?;
        Self::ensure_draft(&tx, eval_id)?;
        let kind = item_kind(&tx, &self.rubrics, eval_id, item_id)?;
        let value = scoring::clamp_mark(&kind, value);
        // (no row yet: never given; a 0 given to an award is a score, logged)
        let given: Option<i64> = tx
            .prepare_cached("SELECT value FROM marks WHERE evaluation_id = ?1 AND item_id = ?2")?
            .query_row(params![eval_id, item_id], |r| r.get("value"))
            .optional()?;
        super::live::set_value(&tx, eval_id, item_id, value)?;
        let score = recompute(&tx, &self.rubrics, eval_id)?;
        if given != Some(value) {
            super::log(
                &self.operator,
                &tx,
                Change::new(Action::Mark, Entity::Evaluation, eval_id).field(
                    item_id,
                    // (0 given where nothing was: "" before it, not 0 → 0)
                    &match given {
                        None if value == 0 => String::new(),
                        g => g.unwrap_or(0).to_string(),
                    },
                    &value.to_string(),
                ),
            )?;
        }
        tx.commit()?;
        Ok(score)
    }

    /// The evidence note of an item (time, transcript page).
    pub fn set_mark_note(&mut self, eval_id: i64, item_id: &str, note: &str) -> Result<()> {
        let note = &super::text_in("scoring.note", note, crate::domain::text::TEXT_MAX)?;
        let tx = self.conn.transaction()?;
        Self::ensure_draft(&tx, eval_id)?;
        let before: String = tx
            .query_row(
                "SELECT note FROM marks WHERE evaluation_id = ?1 AND item_id = ?2",
                params![eval_id, item_id],
                |r| r.get("note"),
            )
            .optional()?
            // (no mark yet: no note)
            .unwrap_or_default();
        tx.execute(
            "INSERT INTO marks(evaluation_id, item_id, value, note) VALUES (?1, ?2, 0, ?3)
             ON CONFLICT(evaluation_id, item_id) DO UPDATE SET note = excluded.note",
            params![eval_id, item_id, note],
        )?;
        if before != *note {
            super::log(
                &self.operator,
                &tx,
                Change::new(Action::Edit, Entity::Evaluation, eval_id).field(
                    &format!("{item_id}.note"),
                    &before,
                    note,
                ),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn set_comment(&mut self, eval_id: i64, comment: &str) -> Result<()> {
        let comment = &super::text_in("scoring.comment", comment, crate::domain::text::TEXT_MAX)?;
        let tx = self.conn.transaction()?;
        Self::ensure_draft(&tx, eval_id)?;
        let before = audit::state(&tx, Entity::Evaluation, eval_id)?;
        tx.execute(
            "UPDATE evaluations SET comment=?2, updated_at=?3 WHERE id=?1",
            params![eval_id, comment, now()],
        )?;
        audit::record_edit(
            &tx,
            &self.operator,
            Change::new(Action::Edit, Entity::Evaluation, eval_id),
            before.as_deref(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The judge confirms with their name: the evaluation becomes 定稿 and is locked.
    pub fn finalize(&mut self, eval_id: i64, judge: &str) -> Result<()> {
        let judge = &super::text_in("field.judge", judge, crate::domain::text::NAME_MAX)?;
        let tx = self.conn.transaction()?;
        Self::ensure_draft(&tx, eval_id)?;
        if judge.trim().is_empty() {
            return Err(StoreError::Refused(tingping_core::msg::msg(
                "store.err.judge_name",
            )));
        }
        tx.execute(
            "UPDATE evaluations SET status=?2, finalized_by=?3, finalized_at=?4, updated_at=?4 WHERE id=?1",
            params![eval_id, EvalStatus::Final.id(), judge.trim(), now()],
        )?;
        let c = Change {
            by: judge.trim(),
            ..Change::new(Action::Finalize, Entity::Evaluation, eval_id).field(
                "status",
                EvalStatus::Draft.id(),
                EvalStatus::Final.id(),
            )
        };
        super::log(&self.operator, &tx, c)?;
        tx.commit()?;
        Ok(())
    }

    /// The evaluation's score, with a judgment performance outcome recorded after finalizing.
    pub fn score_of(&self, eval_id: i64) -> Result<Score> {
        let rubric = rubric_of(&self.conn, &self.rubrics, eval_id)?;
        let (mut marks, _) = marks_of(&self.conn, eval_id)?;
        super::performance::overlay(&self.conn, &self.rubrics, eval_id, &mut marks)?;
        let (flags, head) = appearance_flags(&self.conn, eval_id)?;
        Ok(scoring::score(&rubric, &marks, &flags, head))
    }

    /// Every appearance, absences included, oldest hearing first, streamed to `f` (nothing
    /// collected).
    pub fn for_each_appearance(
        &self,
        mut f: impl FnMut(ExportRow) -> std::io::Result<()>,
    ) -> Result<()> {
        let mut st = self.conn.prepare(
            "SELECT h.case_number, h.date, g.name AS agency, a.person, a.category, e.status, e.rubric_hash,
                    coalesce(o.total_tenths, e.total_tenths) AS total_tenths, coalesce(o.grade, e.grade) AS grade,
                    coalesce(o.flags, e.flags) AS flags, coalesce(o.dims, e.dims) AS dims,
                    (SELECT count(*) FROM events v WHERE v.evaluation_id = e.id) AS events,
                    a.uid, h.court_code, h.case_type,
                    a.notified, a.absence_reason, a.reason_accepted, a.absent_after_postponement,
                    1 + (SELECT count(*) FROM amendments m WHERE m.appearance_id = a.id)
                      + (SELECT count(*) FROM amendments m WHERE m.hearing_id = h.id AND m.appearance_id IS NULL) AS version
             FROM appearances a JOIN hearings h ON h.id = a.hearing_id JOIN agencies g ON g.id = a.agency_id
             LEFT JOIN evaluations e ON e.appearance_id = a.id
             LEFT JOIN performance_outcomes o ON o.evaluation_id = e.id
             ORDER BY h.date, h.start_time, h.id, a.id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let category: String = r.get("category")?;
            let kind: crate::domain::model::AppearCategory = r.kind("category")?;
            let head = kind.is_head();
            let status: Option<String> = r.get("status")?;
            let scored = match r.get::<_, Option<String>>("rubric_hash")? {
                Some(hash) if status.is_some() => {
                    let rubric = load_rubric(&self.conn, &self.rubrics, &hash)?;
                    let dims: EvalRecord = r.json("dims", "dims JSON")?;
                    let score = Score {
                        dims: dims
                            .into_iter()
                            .map(|(id, score, max, status)| scoring::DimScore {
                                id,
                                score,
                                max,
                                status,
                            })
                            .collect(),
                        total_tenths: r.get("total_tenths")?,
                        grade: r.get("grade")?,
                        flags: split_flags(&r.get::<_, String>("flags")?),
                    };
                    Some((score, rubric))
                }
                _ => None,
            };
            let flags = match &scored {
                Some((score, _)) => score.flags.clone(),
                None => super::hearings::art12_of(r)?,
            };
            // (no evaluation: the appearance is an absence, or not scored yet)
            let status = status.unwrap_or_else(|| {
                if !kind.scorable() {
                    "absent".into()
                } else {
                    "unscored".into()
                }
            });
            let row = ExportRow {
                id: r.get("uid")?,
                case_number: r.get("case_number")?,
                court_code: r.get("court_code")?,
                case_type: r.get("case_type")?,
                hearing_date: r.get("date")?,
                agency: r.get("agency")?,
                person: r.get("person")?,
                category,
                head,
                status,
                flags,
                scored,
                events: r.get("events")?,
                version: r.get("version")?,
            };
            f(row).map_err(|e| StoreError::Unreadable(self.path.clone(), e.to_string()))?;
        }
        Ok(())
    }
}

impl Store {
    /// The evaluation of an appearance, if one was started: (id, status).
    pub fn evaluation_id_of(&self, appearance_id: i64) -> Result<Option<(i64, EvalStatus)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, status FROM evaluations WHERE appearance_id = ?1",
                [appearance_id],
                |r| Ok((r.get("id")?, r.kind("status")?)),
            )
            .optional()?)
    }
}
