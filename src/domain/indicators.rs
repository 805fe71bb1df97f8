//! The notice's indicators, defined once: built by streaming appearance records through an
//! accumulator, per recipient government and in total. Used by `stats`, the exports and the TUI.

use super::model::{AppearCategory, FLAG_ABSENT, FLAG_ABSENT_AFTER_POSTPONEMENT, FLAG_NOBODY};
use super::scoring::{DimScore, DimStatus};
use serde::Serialize;
use std::collections::BTreeMap;

/// One appearance in a batch, with its evaluation when someone was scored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// the court that reported it (a lower court's, after an import)
    pub court: String,
    pub hearing_id: i64,
    pub case_number: String,
    pub hearing_date: String,
    pub key_case: bool,
    pub agency: String,
    pub government: String,
    pub notified: bool,
    pub category: AppearCategory,
    pub person: String,
    pub title: String,
    pub flags: Vec<String>,
    pub late: bool,
    /// a judgment performance outcome recorded after an earlier batch reported the evaluation: it
    /// counts toward the performance indicators and names what it raised (`flags`), nothing else
    pub followup: bool,
    pub eval: Option<EvalFacts>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalFacts {
    pub dims: Vec<DimScore>,
    pub total_tenths: Option<i64>,
    pub grade: Option<String>,
    /// spoke in court (no 出庭不出声 flag)
    pub spoke: bool,
    /// gave a view on substantive resolution
    pub view_given: bool,
    /// settled, withdrawn or commitment kept
    pub settled: bool,
    /// the judgment performance option chosen (on_time, late, enforced, refused, pending, not_applicable)
    pub performance: Option<String>,
}

/// A count over a count; "—" when the denominator is 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Rate {
    pub num: u64,
    pub den: u64,
}

impl Rate {
    pub fn value(&self) -> Option<f64> {
        (self.den > 0).then(|| self.num as f64 / self.den as f64)
    }
    /// "87.5%" or "—".
    pub fn percent(&self) -> String {
        match self.den {
            0 => "—".to_string(),
            d => {
                // one decimal, rounded half up, in integers
                let tenths = (self.num * 2000 + d) / (2 * d);
                format!("{}.{}%", tenths / 10, tenths % 10)
            }
        }
    }
    fn add(&mut self, hit: bool) {
        self.den += 1;
        self.num += u64::from(hit);
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AgencyRank {
    pub agency: String,
    pub government: String,
    pub appearances: u64,
    pub evaluations: u64,
    /// average total in tenths
    pub average_tenths: Option<i64>,
    pub heads_appeared: Rate,
    pub flagged: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Indicators {
    pub hearings: u64,
    pub appearances: u64,
    pub late_items: u64,
    /// heads notified to appear
    pub required: u64,
    /// heads who appeared / heads required (出庭率)
    pub heads_appeared: Rate,
    /// principal heads / heads required
    pub principal: Rate,
    /// key-category appearances with the principal head / key-category appearances
    pub key_case_principal: Rate,
    pub staff_only: u64,
    pub lawyer_only: u64,
    pub nobody: u64,
    /// absent without valid reason or reason rejected (art 12(1))
    pub absent_without_reason: u64,
    pub evaluations: u64,
    /// spoke / evaluated (出声率)
    pub spoke: Rate,
    /// view on substantive resolution given / evaluated
    pub views_given: Rate,
    /// settled or withdrawn / evaluated (化解率)
    pub settled: Rate,
    /// performance outcome → count (of the evaluations reported, and of the outcomes recorded
    /// later for evaluations reported before)
    pub performance: BTreeMap<String, u64>,
    /// outcomes recorded later for evaluations an earlier batch reported (判决履行情况补报)
    pub followups: u64,
    /// dimension id → average in tenths over evaluations where it applied
    pub dimension_average_tenths: BTreeMap<String, Option<i64>>,
    pub total_average_tenths: Option<i64>,
    /// grade id → count
    pub grades: BTreeMap<String, u64>,
    /// appearances with an art 12 situation (each leads to a 司法建议)
    pub art12: u64,
    /// art 12 flag id → count
    pub art12_by_kind: BTreeMap<String, u64>,
    pub ranking: Vec<AgencyRank>,
}

#[derive(Default)]
struct Avg {
    sum: i64,
    n: i64,
}

impl Avg {
    fn tenths(&self, scale: i64) -> Option<i64> {
        (self.n > 0).then(|| (2 * self.sum * 10 / scale + self.n) / (2 * self.n))
    }
}

/// Streams records in and indicators out; memory grows with agencies, not records. Records of one
/// hearing must come one after another (the store reads them ordered by hearing).
#[derive(Default)]
pub struct Builder {
    ind: Indicators,
    /// hearings are counted as they change: a hearing's appearances come one after another
    last_hearing: Option<(String, i64)>,
    hearing_count: u64,
    dims: BTreeMap<String, Avg>,
    total: Avg,
    agencies: BTreeMap<String, (AgencyRank, Avg)>,
}

pub const ART12: &[&str] = &[
    FLAG_ABSENT,
    FLAG_ABSENT_AFTER_POSTPONEMENT,
    FLAG_NOBODY,
    "art12_4",
    "art12_5",
];

impl Builder {
    pub fn add(&mut self, r: &Record) {
        let i = &mut self.ind;
        if r.followup {
            i.followups += 1;
            i.late_items += u64::from(r.late);
            if let Some(p) = r.eval.as_ref().and_then(|e| e.performance.as_ref()) {
                *i.performance.entry(p.clone()).or_default() += 1;
            }
            // a refusal is named in the ranking too, even when the agency had no hearing this time
            if !r.flags.is_empty() {
                Self::rank_of(&mut self.agencies, r).0.flagged += 1;
            }
            return;
        }
        if self
            .last_hearing
            .as_ref()
            .is_none_or(|(c, h)| *h != r.hearing_id || *c != r.court)
        {
            self.hearing_count += 1;
            self.last_hearing = Some((r.court.clone(), r.hearing_id));
        }
        i.appearances += 1;
        i.late_items += u64::from(r.late);
        let head = r.category.is_head();
        if r.notified {
            i.required += 1;
            i.heads_appeared.add(head);
            i.principal.add(r.category == AppearCategory::Principal);
            if r.key_case {
                i.key_case_principal
                    .add(r.category == AppearCategory::Principal);
            }
        }
        match r.category {
            AppearCategory::Staff => i.staff_only += 1,
            AppearCategory::LawyerOnly => i.lawyer_only += 1,
            AppearCategory::Nobody => i.nobody += 1,
            _ => {}
        }
        if r.flags.iter().any(|f| f == FLAG_ABSENT) {
            i.absent_without_reason += 1;
        }
        let art12: Vec<&String> = r
            .flags
            .iter()
            .filter(|f| ART12.contains(&f.as_str()))
            .collect();
        if !art12.is_empty() {
            i.art12 += 1;
        }
        for f in art12 {
            *i.art12_by_kind.entry(f.clone()).or_default() += 1;
        }
        let (rank, avg) = Self::rank_of(&mut self.agencies, r);
        rank.appearances += 1;
        if r.notified {
            rank.heads_appeared.add(head);
        }
        rank.flagged += u64::from(!r.flags.is_empty());
        if let Some(e) = &r.eval {
            i.evaluations += 1;
            rank.evaluations += 1;
            i.spoke.add(e.spoke);
            i.views_given.add(e.view_given);
            i.settled.add(e.settled);
            if let Some(p) = &e.performance {
                *i.performance.entry(p.clone()).or_default() += 1;
            }
            for d in &e.dims {
                let a = self.dims.entry(d.id.clone()).or_default();
                if d.status == DimStatus::Applicable {
                    a.sum += d.score;
                    a.n += 1;
                }
            }
            if let Some(t) = e.total_tenths {
                self.total.sum += t;
                self.total.n += 1;
                avg.sum += t;
                avg.n += 1;
            }
            if let Some(g) = &e.grade {
                *i.grades.entry(g.clone()).or_default() += 1;
            }
        }
    }

    fn rank_of<'a>(
        agencies: &'a mut BTreeMap<String, (AgencyRank, Avg)>,
        r: &Record,
    ) -> &'a mut (AgencyRank, Avg) {
        agencies.entry(r.agency.clone()).or_insert_with(|| {
            (
                AgencyRank {
                    agency: r.agency.clone(),
                    government: r.government.clone(),
                    ..Default::default()
                },
                Avg::default(),
            )
        })
    }

    pub fn finish(mut self) -> Indicators {
        self.ind.hearings = self.hearing_count;
        self.ind.dimension_average_tenths = self
            .dims
            .iter()
            .map(|(k, a)| (k.clone(), a.tenths(1)))
            .collect();
        self.ind.total_average_tenths = self.total.tenths(10);
        let mut ranking: Vec<AgencyRank> = self
            .agencies
            .into_values()
            .map(|(mut r, a)| {
                r.average_tenths = a.tenths(10);
                r
            })
            .collect();
        // best average first; agencies without a score last; ties by name
        ranking.sort_by(|a, b| {
            b.average_tenths
                .unwrap_or(-1)
                .cmp(&a.average_tenths.unwrap_or(-1))
                .then(a.agency.cmp(&b.agency))
        });
        self.ind.ranking = ranking;
        self.ind
    }
}

/// Indicators in total and per recipient government, from one pass over the records.
#[derive(Default)]
pub struct Split {
    pub total: Builder,
    pub by_government: BTreeMap<String, Builder>,
    pub by_court: BTreeMap<String, Builder>,
}

/// Indicators in total, per recipient government, and per reporting court.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub total: Indicators,
    pub by_government: BTreeMap<String, Indicators>,
    pub by_court: BTreeMap<String, Indicators>,
}

impl Split {
    pub fn add(&mut self, r: &Record) {
        self.total.add(r);
        self.by_government
            .entry(r.government.clone())
            .or_default()
            .add(r);
        self.by_court.entry(r.court.clone()).or_default().add(r);
    }
    pub fn finish(self) -> Report {
        Report {
            total: self.total.finish(),
            by_government: self
                .by_government
                .into_iter()
                .map(|(g, b)| (g, b.finish()))
                .collect(),
            by_court: self
                .by_court
                .into_iter()
                .map(|(g, b)| (g, b.finish()))
                .collect(),
        }
    }
}

/// Rubric item ids the indicators read (the default rubric's; keep them when changing the rubric).
pub const ITEM_NO_VIEW: &str = "no_resolution_view";
pub const ITEM_SETTLED: &str = "settled";
pub const FLAG_SILENT: &str = "silent";

/// "85.5" from tenths, "—" for none (a dimension average is kept in tenths of a point).
pub fn tenths_text(t: Option<i64>) -> String {
    super::scoring::format_tenths(t)
}

#[cfg(test)]
#[path = "indicators_tests.rs"]
mod tests;
