//! A justice bureau's work on the courts' imported records: whose database this is, a seeded
//! draw of heads' appearances to review on video, the reviews, the public's satisfaction, the
//! 考核 scorecard and its notice.

use super::*;
use crate::domain::bureau::{BureauRubric, Drawable, OrgKind, Scorecard, Weights};
use crate::domain::sheet::RowError;
use std::collections::BTreeMap;
use tingping_store::bureau::{Matched, Review, Sampled};

/// What a satisfaction file came to: its wrong cells (nothing kept while there are any, unless
/// they are skipped), and what matched.
#[derive(Debug, Default)]
pub struct SatisfactionRead {
    pub wrong: Vec<RowError>,
    pub matched: Matched,
    pub read: usize,
}

impl Court {
    /// Which kind of organisation keeps this database: claimed as `kind` on first use, refused
    /// when the other kind claimed it.
    pub fn claim_org(&mut self, kind: OrgKind) -> Result<OrgKind> {
        self.store.org_kind(kind)
    }

    /// Draws up to `size` heads' appearances of `period` (at most `per_agency` of an agency) for
    /// video review, stratified by agency and seeded, and keeps the draw in the audit log. A
    /// second draw of a period needs a reason. Returns what was drawn, with each one's record.
    pub fn draw_sample(
        &mut self,
        period: &Period,
        size: usize,
        per_agency: Option<usize>,
        seed: u64,
        reason: &str,
        governments: &[String],
    ) -> Result<Vec<Sampled>> {
        if size == 0 || per_agency == Some(0) {
            return Err(Error::Refused(tingping_core::msg::Msg::new(
                "bureau.err.size",
            )));
        }
        let pool: Vec<Drawable> = self
            .store
            .imported_between(period.from, period.to, governments)?
            .into_iter()
            .filter(|i| i.record.head())
            .map(|i| Drawable {
                agency: i.record.agency,
                court_code: i.court_code,
                uid: i.record.id,
            })
            .collect();
        if pool.is_empty() {
            return Err(Error::Refused(
                tingping_core::msg::Msg::new("bureau.err.nothing_to_draw")
                    .nest("period", period.title()),
            ));
        }
        let drawn = crate::domain::bureau::draw(&pool, size, per_agency, seed);
        self.store
            .keep_sample(&period.id, size, per_agency, seed, &drawn, reason)?;
        self.store.sampled(&period.id)
    }

    /// The period of the latest draw.
    pub fn latest_sample_period(&self) -> Result<Option<Period>> {
        Ok(self
            .store
            .latest_sample_period()?
            .and_then(|p| Period::parse(&p).ok()))
    }

    /// The appearances of a period's latest draw, each with its review.
    pub fn sampled(&self, period: &Period) -> Result<Vec<Sampled>> {
        self.store.sampled(&period.id)
    }

    pub fn review(&self, id: i64) -> Result<Review> {
        self.store.review(id)
    }

    pub fn review_of(&self, court_code: &str, uid: &str) -> Result<Option<Review>> {
        self.store.review_of(court_code, uid)
    }

    /// A review's scores (each within its dimension), note and reviewer saved as a draft; a
    /// finalized one changes only with a reason.
    #[allow(clippy::too_many_arguments)]
    pub fn save_review(
        &mut self,
        rubric: &BureauRubric,
        court_code: &str,
        uid: &str,
        scores: &BTreeMap<String, i64>,
        note: &str,
        reviewer: &str,
        amend_reason: Option<&str>,
    ) -> Result<i64> {
        rubric.check_each(scores).map_err(Error::Refused)?;
        // a finalized review stays whole: an amendment scores every dimension
        if self
            .store
            .review_of(court_code, uid)?
            .is_some_and(|r| r.finalized)
        {
            rubric.check(scores).map_err(Error::Refused)?;
        }
        let hash = rubric_hash(rubric);
        self.store
            .save_review(court_code, uid, &hash, scores, note, reviewer, amend_reason)
    }

    /// A review finalized: every dimension scored, a reviewer named.
    pub fn finalize_review(
        &mut self,
        rubric: &BureauRubric,
        id: i64,
        reviewer: &str,
    ) -> Result<()> {
        let r = self.store.review(id)?;
        rubric.check(&r.scores).map_err(Error::Refused)?;
        self.store.finalize_review(id, reviewer)
    }

    /// A satisfaction file read (csv or xlsx, as a schedule is) and its responses matched to the
    /// imported appearances by case number and agency. While a cell is wrong nothing is kept,
    /// unless `skip_invalid`; a response that names no imported appearance is said by its row.
    pub fn import_satisfaction(
        &mut self,
        path: &Path,
        sheet: Option<&str>,
        skip_invalid: bool,
    ) -> std::result::Result<SatisfactionRead, String> {
        let rows = crate::import::read_rows(path, sheet)?;
        let (responses, wrong) = crate::domain::bureau::read_responses(&rows)
            .map_err(|m| crate::i18n::Render::text(&m))?;
        let read = responses.len() + wrong.len();
        if !wrong.is_empty() && !skip_invalid {
            return Ok(SatisfactionRead {
                wrong,
                matched: Matched::default(),
                read,
            });
        }
        // the file's content, not its name, says whether it was imported before
        let sha = crate::import::hostile::HostileFile::open(path, 64 << 20)
            .ok()
            .and_then(|mut f| f.sha256().ok())
            .unwrap_or_default();
        let name = format!(
            "{:0<16} {}",
            sha.get(..16).unwrap_or_default(),
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        let matched = self
            .store
            .import_satisfaction(&name, &responses)
            .map_err(|e| crate::said(&e.into()))?;
        Ok(SatisfactionRead {
            wrong,
            matched,
            read,
        })
    }

    /// The 考核 scorecard of `period`.
    pub fn scorecard(
        &self,
        org: &str,
        period: &Period,
        governments: &[String],
        weights: &Weights,
        margin: i64,
    ) -> Result<Scorecard> {
        crate::report::scorecard::scorecard(&self.store, org, period, governments, weights, margin)
    }

    /// The next number of the bureau's notices in `year` (kept when the notice is issued).
    pub fn next_bureau_notice(&mut self, year: i32, issue: bool) -> Result<i64> {
        let key = format!("bureau.notice.{year}");
        let n = self
            .store
            .app_value(&key)?
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
            + 1;
        if issue {
            self.store.set_app_value(&key, &n.to_string())?;
        }
        Ok(n)
    }
}

/// The SHA-256 of a rubric's content as the reviews keep it.
fn rubric_hash(rubric: &BureauRubric) -> String {
    use sha2::Digest;
    let text = format!("{rubric:?}");
    crate::sign::hex(&sha2::Sha256::digest(text.as_bytes()))
}
