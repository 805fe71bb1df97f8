//! Bulk loading in one transaction, for demo data and imports: prepared statements, no per-row commit.

use super::audit;
use super::hearings::{HearingInput, agency_id};
use super::{Result, Store, StoreError, now};
use crate::domain::live::{Event, Stage};
use crate::domain::model::{Agency, Appearance, EvalStatus};
use crate::domain::rubric::Rubric;
use crate::domain::scoring::{self, Marks};
use rusqlite::{Transaction, params};
use tingping_core::msg::msg;

pub struct Bulk<'a> {
    tx: Transaction<'a>,
    ts: String,
    operator: String,
    /// the last hearing, appearance and evaluation id before the load (what it adds is logged)
    before: Vec<i64>,
}

impl Store {
    pub fn bulk(&mut self) -> Result<Bulk<'_>> {
        let operator = self.operator.clone();
        let tx = self.conn.transaction()?;
        let before = audit::last_ids(&tx)?;
        Ok(Bulk {
            tx,
            ts: now(),
            operator,
            before,
        })
    }

    /// A bulk load into a database that holds no record of its own (demo data): refused, with
    /// nothing changed, once it has a hearing, an agency or a batch, so that made-up records never
    /// mix with a court's real ones.
    pub fn bulk_into_empty(&mut self) -> Result<Bulk<'_>> {
        let bulk = self.bulk()?;
        let empty: bool = bulk.tx.query_row(super::EMPTY, [], |r| r.get("empty"))?;
        if !empty {
            return Err(StoreError::Refused(msg("demo.err.not_empty")));
        }
        Ok(bulk)
    }
}

impl Bulk<'_> {
    pub fn upsert_agency(&self, a: &Agency) -> Result<i64> {
        let id = agency_id(&self.tx, &self.operator, &a.name)?;
        let before = super::audit::state(&self.tx, super::audit::Entity::Agency, id)?;
        self.tx.execute(
            "UPDATE agencies SET level=?2, region=?3, government=?4 WHERE id=?1",
            params![id, a.level.id(), a.region, a.government],
        )?;
        super::audit::record_edit(
            &self.tx,
            &self.operator,
            super::audit::Change::new(super::audit::Action::Edit, super::audit::Entity::Agency, id),
            before.as_deref(),
        )?;
        Ok(id)
    }

    pub fn remember_rubric(&self, r: &Rubric) -> Result<()> {
        self.tx.execute(
            "INSERT OR IGNORE INTO rubric_versions(hash, content, first_seen) VALUES (?1, ?2, ?3)",
            params![r.hash, r.source, self.ts],
        )?;
        Ok(())
    }

    pub fn hearing(&self, h: &HearingInput, sitting: i64) -> Result<i64> {
        let mut st = self.tx.prepare_cached(
            "INSERT INTO hearings(case_number, cause, act_kind, court, judge, clerk, date, start_time, end_time, online, key_category, sitting, created_at, updated_at, case_type, court_code)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?15)",
        )?;
        let (case_type, court_code) = super::schema::case_parts(&h.case_number);
        st.execute(params![
            h.case_number,
            h.cause,
            h.act_kind.map(|k| k.id()).unwrap_or("other"),
            h.court,
            h.judge,
            h.clerk,
            h.date,
            h.start_time,
            h.end_time,
            h.online,
            h.key_category.map(|k| k.id()).unwrap_or("none"),
            sitting,
            self.ts,
            case_type,
            court_code
        ])?;
        Ok(self.tx.last_insert_rowid())
    }

    /// An appearance, with its judgment's effective date and performance deadline (YYYY-MM-DD, or
    /// "" when unknown).
    pub fn appearance(&self, a: &Appearance, effective: &str, deadline: &str) -> Result<i64> {
        let mut st = self.tx.prepare_cached(
            "INSERT INTO appearances(hearing_id, agency_id, notified, person, title, category, absence_reason, reason_accepted, absent_after_postponement, judgment_effective, performance_deadline)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        st.execute(params![
            a.hearing_id,
            a.agency_id,
            a.notified,
            a.person,
            a.title,
            a.category.id(),
            a.absence_reason.id(),
            a.reason_accepted,
            a.absent_after_postponement,
            effective,
            deadline
        ])?;
        Ok(self.tx.last_insert_rowid())
    }

    /// An evaluation with its marks and its cached score.
    pub fn evaluation(
        &self,
        appearance: &Appearance,
        rubric: &Rubric,
        marks: &Marks,
        status: EvalStatus,
        comment: &str,
        judge: &str,
    ) -> Result<i64> {
        let score = scoring::score(
            rubric,
            marks,
            &appearance.derived_flags(),
            appearance.category.is_head(),
        );
        let mut st = self.tx.prepare_cached(
            "INSERT INTO evaluations(appearance_id, rubric_hash, status, comment, finalized_by, finalized_at, total_tenths, grade, flags, dims, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        )?;
        let finalized = status != EvalStatus::Draft;
        st.execute(params![
            appearance.id,
            rubric.hash,
            status.id(),
            comment,
            if finalized { judge } else { "" },
            if finalized { self.ts.as_str() } else { "" },
            score.total_tenths,
            score.grade,
            score.flags.join(","),
            super::evaluations::encode_dims(&score),
            self.ts
        ])?;
        let id = self.tx.last_insert_rowid();
        let mut mk = self.tx.prepare_cached(
            "INSERT INTO marks(evaluation_id, item_id, value) VALUES (?1, ?2, ?3)",
        )?;
        for (item, value) in marks {
            if *value != 0 {
                mk.execute(params![id, item, value])?;
            }
        }
        Ok(id)
    }

    /// A judgment performance outcome recorded after the evaluation was finalized.
    #[allow(clippy::too_many_arguments)]
    pub fn performance(
        &self,
        eval_id: i64,
        appearance: &Appearance,
        rubric: &Rubric,
        marks: &Marks,
        option: &str,
        on: &str,
        by: &str,
    ) -> Result<()> {
        let Some((with, value)) = crate::domain::performance::apply(rubric, marks, option) else {
            return Ok(());
        };
        let score = scoring::score(
            rubric,
            &with,
            &appearance.derived_flags(),
            appearance.category.is_head(),
        );
        self.tx
            .prepare_cached(
                "INSERT INTO performance_outcomes(evaluation_id, option, value, recorded_on, recorded_by, recorded_at, total_tenths, grade, flags, dims)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                eval_id,
                option,
                value,
                on,
                by,
                self.ts,
                score.total_tenths,
                score.grade,
                score.flags.join(","),
                super::evaluations::encode_dims(&score)
            ])?;
        Ok(())
    }

    /// An evaluation's live-mode log, as the live screen recorded it: each event with its number,
    /// moment, the hearing's stage then and what it did (the rows [`Store::record_mark`],
    /// [`Store::record_undo`], [`Store::record_note`] and [`Store::record_stage`] write). The
    /// evaluation's marks are given with it (see [`Bulk::evaluation`]): those of the items pressed
    /// are what [`crate::domain::live::replay`] makes of these events.
    pub fn events(&self, eval_id: i64, events: &[Event]) -> Result<()> {
        for e in events {
            super::live::write_event(&self.tx, eval_id, e)?;
        }
        Ok(())
    }

    /// A hearing scored live: when its live clock started (ms since the epoch) and the stage the
    /// live screen left it in.
    pub fn live_hearing(
        &self,
        hearing_id: i64,
        started_ms: i64,
        stage: Option<Stage>,
    ) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE hearings SET live_started_ms = ?2, stage = ?3 WHERE id = ?1")?
            .execute(params![
                hearing_id,
                started_ms,
                stage.map(Stage::id).unwrap_or("")
            ])?;
        Ok(())
    }

    /// Logs every record the load added (one entry each, with its state) and commits.
    pub fn commit(self) -> Result<()> {
        audit::log_added(&self.tx, &self.operator, &self.before)?;
        self.tx.commit()?;
        Ok(())
    }
}
