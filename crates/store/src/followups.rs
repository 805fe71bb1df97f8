//! The judgment performance worklist (判决履行待办) and the judgment dates it is ordered by. The
//! dates are follow-up facts about the judgment, not part of the evaluation: they may be entered
//! on a finalized or reported evaluation without an amendment, and every change is logged.

use super::audit::{self, Action, Change, Entity};
use super::evaluations::{load_rubric, marks_of};
use super::records::in_scope;
use super::{Result, Store, StoreError, stored_date};
use crate::domain::followup::{self, Followup};
use crate::domain::performance;
use crate::domain::scoring::Marks;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

/// A date as stored: "" when unknown.
fn column(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

impl Store {
    /// The judgment's effective date and performance deadline of an appearance, when entered.
    pub fn judgment_dates(
        &self,
        appearance_id: i64,
    ) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
        let (effective, deadline): (String, String) = self
            .conn
            .query_row(
                "SELECT judgment_effective, performance_deadline FROM appearances WHERE id = ?1",
                [appearance_id],
                |r| Ok((r.get("judgment_effective")?, r.get("performance_deadline")?)),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("appearance {appearance_id}")))?;
        Ok((
            stored_date(
                "appearances",
                appearance_id,
                "judgment_effective",
                &effective,
            )?,
            stored_date(
                "appearances",
                appearance_id,
                "performance_deadline",
                &deadline,
            )?,
        ))
    }

    /// Sets (None: clears, unknown) the day the judgment took effect and the last day to perform
    /// it. Allowed whatever the evaluation's status: these are follow-up facts, not amendments.
    /// Refused when the judgment would take effect before the hearing, or the deadline fall before
    /// the judgment took effect (or before the hearing).
    pub fn set_judgment_dates(
        &mut self,
        appearance_id: i64,
        effective: Option<NaiveDate>,
        deadline: Option<NaiveDate>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let (hearing_id, hearing): (i64, String) = tx
            .query_row(
                "SELECT h.id AS hearing_id, h.date FROM appearances a JOIN hearings h ON h.id = a.hearing_id WHERE a.id = ?1",
                [appearance_id],
                |r| Ok((r.get("hearing_id")?, r.get("date")?)),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("appearance {appearance_id}")))?;
        let hearing = stored_date("hearings", hearing_id, "date", &hearing)?
            .ok_or_else(|| StoreError::NotFound(format!("hearing {hearing_id}")))?;
        followup::check_dates(hearing, effective, deadline).map_err(StoreError::Refused)?;
        let before = audit::state(&tx, Entity::Appearance, appearance_id)?;
        tx.execute(
            "UPDATE appearances SET judgment_effective = ?2, performance_deadline = ?3 WHERE id = ?1",
            params![appearance_id, column(effective), column(deadline)],
        )?;
        audit::record_edit(
            &tx,
            &self.operator,
            Change::new(Action::Edit, Entity::Appearance, appearance_id),
            before.as_deref(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The worklist as of `today`: finalized (or reported) evaluations of the litigation this
    /// database counts whose judgment performance is still pending — no outcome recorded, and the
    /// rubric's level item left open — in the worklist's order (see [`followup::order`]); only the
    /// overdue ones with `overdue_only`. A deadline is never inferred: without one a row has none.
    pub fn followups(&self, today: NaiveDate, overdue_only: bool) -> Result<Vec<Followup>> {
        self.followups_in(today, overdue_only, None)
    }

    fn followups_in(
        &self,
        today: NaiveDate,
        overdue_only: bool,
        dates: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<Vec<Followup>> {
        let mut out = Vec::new();
        self.each_pending(today, overdue_only, dates, false, |r, eval, appearance| {
            let effective = stored_date(
                "appearances",
                appearance,
                "judgment_effective",
                &r.get::<_, String>("judgment_effective")?,
            )?;
            let deadline = stored_date(
                "appearances",
                appearance,
                "performance_deadline",
                &r.get::<_, String>("performance_deadline")?,
            )?;
            let f = Followup {
                evaluation_id: eval,
                appearance_id: appearance,
                case_number: r.get("case_number")?,
                hearing_date: r.get("hearing_date")?,
                agency: r.get("agency")?,
                person: r.get("person")?,
                judgment_effective: effective,
                deadline,
                past_deadline: Followup::days_past(deadline, today),
            };
            if !overdue_only || f.overdue() {
                out.push(f);
            }
            Ok(())
        })?;
        followup::sort(&mut out);
        Ok(out)
    }

    /// The performance deadlines of the worklist's rows of the hearings from `from` to `to` that
    /// have one, each with its hearing's date (YYYY-MM-DD): the dashboard keeps them per month to
    /// count those passed, and reads nothing else of a row.
    pub fn pending_deadlines_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(String, NaiveDate)>> {
        let mut out = Vec::new();
        // (today does not bound them: a deadline kept is compared with the day it is read)
        self.each_pending(to, false, Some((from, to)), true, |r, _, appearance| {
            let deadline = stored_date(
                "appearances",
                appearance,
                "performance_deadline",
                &r.get::<_, String>("performance_deadline")?,
            )?;
            if let Some(d) = deadline {
                out.push((r.get("hearing_date")?, d));
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// Each row of the worklist — a finalized (or reported) evaluation of the litigation this
    /// database counts whose judgment performance is still pending: no outcome recorded, and the
    /// rubric's level item left open — to `each` (the row, its evaluation and appearance); only
    /// the overdue ones as of `today` with `overdue_only`, only those of `dates` with a deadline
    /// when given. `lean` leaves out the columns only the worklist shows.
    fn each_pending(
        &self,
        today: NaiveDate,
        overdue_only: bool,
        dates: Option<(NaiveDate, NaiveDate)>,
        lean: bool,
        mut each: impl FnMut(&rusqlite::Row, i64, i64) -> Result<()>,
    ) -> Result<()> {
        let overdue = if overdue_only {
            "AND a.performance_deadline <> '' AND a.performance_deadline < ?1"
        } else {
            "AND ?1 = ?1"
        };
        // whether performance is awaited reads the level item alone (`performance::awaiting`):
        // each evaluation's is fetched with it, packed, not all its marks one query each
        let levels = super::counted::Counted::of(&self.conn, &self.rubrics, |r| {
            performance::level_item(r)
                .map(|(i, _)| vec![i.id.as_str()])
                .unwrap_or_default()
        })?;
        let packed = match &levels {
            Some(l) => format!(", {}", l.packed()),
            None => String::new(),
        };
        let shown = match lean {
            true => "",
            false => ", h.case_number, g.name AS agency, a.person, a.judgment_effective",
        };
        let mut st = self.conn.prepare(&format!(
            "SELECT e.id AS evaluation_id, a.id AS appearance_id, h.date AS hearing_date,
                    a.performance_deadline, e.rubric_hash{shown}{packed}
             FROM evaluations e JOIN appearances a ON a.id = e.appearance_id
             JOIN hearings h ON h.id = a.hearing_id JOIN agencies g ON g.id = a.agency_id
             WHERE e.status <> 'draft' AND {}
               AND NOT EXISTS (SELECT 1 FROM performance_outcomes o WHERE o.evaluation_id = e.id)
               {overdue} {}",
            in_scope(&self.scope),
            match dates {
                Some(_) => "AND h.date BETWEEN ?2 AND ?3 AND a.performance_deadline <> ''",
                None => "",
            }
        ))?;
        let mut args = vec![column(Some(today))];
        if let Some((from, to)) = dates {
            args.extend([from.to_string(), to.to_string()]);
        }
        let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
        // (a rubric is looked up once per rubric, not once per row: most rows share one)
        let mut last: Option<(String, std::rc::Rc<crate::domain::rubric::Rubric>)> = None;
        let mut marks = Marks::new();
        while let Some(r) = rows.next()? {
            let (eval, appearance): (i64, i64) = (r.get("evaluation_id")?, r.get("appearance_id")?);
            let hash: String = r.get("rubric_hash")?;
            let rubric = match &last {
                Some((h, rubric)) if *h == hash => rubric.clone(),
                _ => {
                    let rubric = load_rubric(&self.conn, &self.rubrics, &hash)?;
                    last = Some((hash, rubric.clone()));
                    rubric
                }
            };
            match &levels {
                Some(l) => {
                    marks.clear();
                    l.unpack(r.get("marks_packed")?, &mut marks);
                }
                None => marks = marks_of(&self.conn, eval)?.0,
            }
            if !performance::awaiting(&rubric, &marks) {
                continue;
            }
            each(r, eval, appearance)?;
        }
        Ok(())
    }
}
