//! The notice's indicators, defined once: built by streaming appearance records through an
//! accumulator, per recipient government and in total, and read out through one registry (id,
//! label, numerator, denominator, provision) by `stats`, the exports and the TUI.
//!
//! Who and what they are about (DESIGN): only litigation this court heard (the store passes
//! nothing else), 负责人 = 正职, 副职, 其他分管负责人 (法释〔2020〕3号 art 2) — entrusted staff are
//! counted as staff, never as heads — and a month's headline figures are its own hearings; items
//! from earlier months (补报) are kept apart.

use super::model::{AppearCategory, FLAG_ABSENT, FLAG_ABSENT_AFTER_POSTPONEMENT, FLAG_NOBODY};
use super::rubric::Rubric;
use super::scoring::{DimScore, DimStatus};
use crate::msg::{Bilingual, Msg, Voice};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One appearance in a batch, with its evaluation when someone was scored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// stable unique id, made when the appearance was created
    pub id: String,
    /// the court that heard it (a lower court's, after an import)
    pub court: String,
    /// its code in case numbers (皖0104)
    pub court_code: String,
    /// the case type code (行初)
    pub case_type: String,
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
    /// named in the notice as a head who performed well (see `commendable`)
    pub commended: bool,
    pub eval: Option<EvalFacts>,
}

impl Record {
    /// A 负责人 appeared (法释〔2020〕3号 art 2), not entrusted staff, a lawyer or nobody.
    pub fn head(&self) -> bool {
        self.category.is_head()
    }
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
    /// the case was settled or withdrawn (和解、撤诉)
    pub settled: bool,
    /// the agency committed to perform (履行承诺), reported beside settlements, not as one
    pub commitment: bool,
    /// the judgment performance option chosen (on_time, late, enforced, refused, pending, not_applicable)
    pub performance: Option<String>,
}

/// An appearance at a hearing held in the period whose evaluation is not finished (a draft, or
/// not scored yet): its hearing counts as held (开庭件次, 法释〔2020〕3号 art 1) and the appearance
/// is stated as left for a later notice, counted in nothing else.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pending {
    pub court: String,
    pub government: String,
    pub hearing_id: i64,
}

/// Whether a notice may commend this appearance as a 负责人 who performed well: a head (never
/// staff), scored in the rubric's top grade, with no flag, reported with this period's hearings.
pub fn commendable(r: &Record, top_grade: Option<&str>) -> bool {
    r.head()
        && !r.followup
        && !r.late
        && r.flags.is_empty()
        && r.eval
            .as_ref()
            .is_some_and(|e| e.grade.is_some() && e.grade.as_deref() == top_grade)
}

/// A count over a count; "—" when the denominator is 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
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
    fn merge(&mut self, o: Rate) {
        self.num += o.num;
        self.den += o.den;
    }
}

/// A sum over a number of scores, in tenths of a point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Avg {
    pub sum_tenths: i64,
    pub n: i64,
}

impl Avg {
    /// The average in tenths, rounded half up; None for no scores.
    pub fn tenths(&self) -> Option<i64> {
        (self.n > 0).then(|| (2 * self.sum_tenths + self.n) / (2 * self.n))
    }
    fn add(&mut self, tenths: i64) {
        self.sum_tenths += tenths;
        self.n += 1;
    }
    fn merge(&mut self, o: Avg) {
        self.sum_tenths += o.sum_tenths;
        self.n += o.n;
    }
}

/// Adds `from`'s counts to `to`'s, key by key.
fn merge_counts<V: Default>(
    to: &mut BTreeMap<String, V>,
    from: BTreeMap<String, V>,
    add: impl Fn(&mut V, V),
) {
    for (k, v) in from {
        add(to.entry(k).or_default(), v);
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct AgencyRank {
    pub agency: String,
    pub government: String,
    pub appearances: u64,
    pub evaluations: u64,
    /// average total in tenths
    pub average_tenths: Option<i64>,
    /// heads who appeared / appearances the court notified
    pub heads_appeared: Rate,
    pub flagged: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Indicators {
    /// hearings held in the period (法释〔2020〕3号 art 1), whatever the state of their
    /// evaluations: those of the records and those with an evaluation still unfinished
    pub hearings: u64,
    /// appearances at hearings held in the period whose evaluation is not finished (drafts or not
    /// scored yet): outside every other figure, reported when finished (补报)
    #[serde(default)]
    pub drafts: u64,
    /// heads who appeared without the court's notice: evaluated, outside 出庭率 (art 4)
    #[serde(default)]
    pub heads_unnotified: u64,
    pub appearances: u64,
    /// appearances the court notified the head to attend (art 4)
    pub notified: u64,
    /// heads who appeared / notified (出庭率)
    pub heads_appeared: Rate,
    /// principal heads who appeared / notified
    pub principal_appeared: Rate,
    /// key-category notified appearances with the principal head / key-category notified
    pub key_case_principal: Rate,
    /// a valid reason accepted and staff sent in the head's place (arts 8–10)
    pub lawful_substitution: u64,
    /// absent without valid reason or reason rejected (art 12(1))
    pub absent_without_reason: u64,
    /// entrusted staff appeared, no head
    pub staff_only: u64,
    pub lawyer_only: u64,
    pub nobody: u64,
    pub evaluations: u64,
    /// evaluated heads who spoke / evaluated heads (出声率)
    pub heads_spoke: Rate,
    /// evaluated heads who gave a view on substantive resolution / evaluated heads
    pub heads_view_given: Rate,
    /// distinct cases settled or withdrawn / distinct cases (化解率)
    pub cases_settled: Rate,
    /// evaluations where the agency committed to perform
    pub commitments: u64,
    /// performance outcome → count (of the evaluations reported, and of the outcomes recorded
    /// later for evaluations reported before)
    pub performance: BTreeMap<String, u64>,
    /// outcomes recorded later for evaluations an earlier batch reported (判决履行情况补报)
    pub followups: u64,
    /// dimension id → scores where it applied
    pub dimension_average: BTreeMap<String, Avg>,
    pub total_average: Avg,
    /// grade id → count
    pub grades: BTreeMap<String, u64>,
    /// appearances with an art 12 situation (for which the court may send a 司法建议: those sent
    /// are `suggestions_sent`)
    pub art12: u64,
    /// art 12 flag id → count
    pub art12_by_kind: BTreeMap<String, u64>,
    /// heads commended in the notice
    pub commended: u64,
    /// items from earlier periods reported late (补报): appearances (not in the figures above) and
    /// performance follow-ups recorded before the previous period
    pub late_items: u64,
    /// judicial suggestions (司法建议书, 法释〔2020〕3号 第十二条第二款) sent in the period, and
    /// replies to them recorded in it: counted from the suggestions kept, not from the records
    /// (`Report::add_suggestions`)
    #[serde(default)]
    pub suggestions_sent: u64,
    #[serde(default)]
    pub suggestions_replied: u64,
    pub ranking: Vec<AgencyRank>,
}

/// A map keyed by what a builder counts once (cases, hearings): foldhash, not SipHash — the keys
/// are the court's own records, and this hashing is a tenth of a report's time with SipHash.
type Fast<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Streams records in and indicators out, in any order; memory grows with agencies, cases and
/// hearings, not records.
#[derive(Clone, Default)]
pub struct Builder {
    ind: Indicators,
    /// the hearings counted (开庭件次), of pending appearances and of records alike: by court
    /// (its place in `courts`: a court below's hearing ids are its own) and id
    hearings: Fast<(u32, i64), ()>,
    courts: Vec<String>,
    /// case number → settled or withdrawn
    cases: Fast<String, bool>,
    agencies: BTreeMap<String, (AgencyRank, Avg)>,
}

/// Counts one more of `key` (its entry made once: no key allocated for every record).
fn bump(counts: &mut BTreeMap<String, u64>, key: &str) {
    match counts.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            counts.insert(key.to_string(), 1);
        }
    }
}

/// A head left mid-hearing without permission (art 12(4)); refused to explain (art 12(5)).
pub const FLAG_LEFT_MIDWAY: &str = "art12_4";
pub const FLAG_REFUSED_TO_EXPLAIN: &str = "art12_5";

pub const ART12: &[&str] = &[
    FLAG_ABSENT,
    FLAG_ABSENT_AFTER_POSTPONEMENT,
    FLAG_NOBODY,
    FLAG_LEFT_MIDWAY,
    FLAG_REFUSED_TO_EXPLAIN,
];

impl Builder {
    pub fn add(&mut self, r: &Record) {
        let i = &mut self.ind;
        if r.followup {
            i.followups += 1;
            // a follow-up recorded before the previous period began is reported late too
            i.late_items += u64::from(r.late);
            if let Some(p) = r.eval.as_ref().and_then(|e| e.performance.as_ref()) {
                bump(&mut i.performance, p);
            }
            // a refusal is named in the ranking too, even when the agency had no hearing this time
            if !r.flags.is_empty() {
                Self::rank_of(&mut self.agencies, r).0.flagged += 1;
            }
            return;
        }
        self.count_hearing(&r.court, r.hearing_id);
        let i = &mut self.ind;
        i.appearances += 1;
        let head = r.head();
        i.heads_unnotified += u64::from(head && !r.notified);
        if r.notified {
            i.notified += 1;
            i.heads_appeared.add(head);
            i.principal_appeared
                .add(r.category == AppearCategory::Principal);
            if r.key_case {
                i.key_case_principal
                    .add(r.category == AppearCategory::Principal);
            }
        }
        let absent_without_reason = r.flags.iter().any(|f| f == FLAG_ABSENT);
        match r.category {
            AppearCategory::Staff => {
                i.staff_only += 1;
                if r.notified && !absent_without_reason {
                    i.lawful_substitution += 1;
                }
            }
            AppearCategory::LawyerOnly => i.lawyer_only += 1,
            AppearCategory::Nobody => i.nobody += 1,
            _ => {}
        }
        i.absent_without_reason += u64::from(absent_without_reason);
        let art12: Vec<&String> = r
            .flags
            .iter()
            .filter(|f| ART12.contains(&f.as_str()))
            .collect();
        if !art12.is_empty() {
            i.art12 += 1;
        }
        for f in art12 {
            bump(&mut i.art12_by_kind, f);
        }
        i.commended += u64::from(r.commended);
        // (a case is mostly new to a builder: its entry made at once, its number hashed once)
        let settled = self.cases.entry(r.case_number.clone()).or_insert(false);
        let (rank, avg) = Self::rank_of(&mut self.agencies, r);
        rank.appearances += 1;
        if r.notified {
            rank.heads_appeared.add(head);
        }
        rank.flagged += u64::from(!r.flags.is_empty());
        if let Some(e) = &r.eval {
            i.evaluations += 1;
            rank.evaluations += 1;
            if head {
                i.heads_spoke.add(e.spoke);
                i.heads_view_given.add(e.view_given);
            }
            *settled |= e.settled;
            i.commitments += u64::from(e.commitment);
            if let Some(p) = &e.performance {
                bump(&mut i.performance, p);
            }
            for d in &e.dims {
                if d.status == DimStatus::Applicable {
                    match i.dimension_average.get_mut(&d.id) {
                        Some(avg) => avg.add(d.score * 10),
                        None => {
                            let mut avg = Avg::default();
                            avg.add(d.score * 10);
                            i.dimension_average.insert(d.id.clone(), avg);
                        }
                    }
                }
            }
            if let Some(t) = e.total_tenths {
                i.total_average.add(t);
                avg.add(t);
            }
            if let Some(g) = &e.grade {
                bump(&mut i.grades, g);
            }
        }
    }

    /// An unfinished appearance at a hearing held in the period; pending appearances come before
    /// the records.
    pub fn add_pending(&mut self, p: &Pending) {
        self.ind.drafts += 1;
        self.count_hearing(&p.court, p.hearing_id);
    }

    /// A hearing of `court` counted once, whichever of its appearances comes first.
    fn count_hearing(&mut self, court: &str, hearing: i64) {
        // (a handful of courts at most: the last one first)
        let at = match self.courts.iter().rposition(|c| c == court) {
            Some(at) => at,
            None => {
                self.courts.push(court.to_string());
                self.courts.len() - 1
            }
        };
        self.hearings.insert((at as u32, hearing), ());
    }

    /// An item from an earlier period, reported late in its own section.
    fn add_late(&mut self) {
        self.ind.late_items += 1;
    }

    fn rank_of<'a>(
        agencies: &'a mut BTreeMap<String, (AgencyRank, Avg)>,
        r: &Record,
    ) -> &'a mut (AgencyRank, Avg) {
        // (an agency's entry is made once: no key to allocate for every record)
        if !agencies.contains_key(&r.agency) {
            agencies.insert(
                r.agency.clone(),
                (
                    AgencyRank {
                        agency: r.agency.clone(),
                        government: r.government.clone(),
                        ..Default::default()
                    },
                    Avg::default(),
                ),
            );
        }
        agencies.get_mut(&r.agency).expect("just inserted")
    }

    /// `other`'s records added to these: the same as if one builder had read them all (two
    /// threads each read part of a period: `a_period_read_in_parts_counts_as_read_whole`).
    pub fn merge(&mut self, other: Builder) {
        // (every field named: a field added to the indicators and not merged does not compile)
        let Indicators {
            hearings: _,
            drafts,
            heads_unnotified,
            appearances,
            notified,
            heads_appeared,
            principal_appeared,
            key_case_principal,
            lawful_substitution,
            absent_without_reason,
            staff_only,
            lawyer_only,
            nobody,
            evaluations,
            heads_spoke,
            heads_view_given,
            cases_settled: _,
            commitments,
            performance,
            followups,
            dimension_average,
            total_average,
            grades,
            art12,
            art12_by_kind,
            commended,
            late_items,
            suggestions_sent,
            suggestions_replied,
            ranking: _,
        } = other.ind;
        let i = &mut self.ind;
        i.drafts += drafts;
        i.heads_unnotified += heads_unnotified;
        i.appearances += appearances;
        i.notified += notified;
        i.heads_appeared.merge(heads_appeared);
        i.principal_appeared.merge(principal_appeared);
        i.key_case_principal.merge(key_case_principal);
        i.lawful_substitution += lawful_substitution;
        i.absent_without_reason += absent_without_reason;
        i.staff_only += staff_only;
        i.lawyer_only += lawyer_only;
        i.nobody += nobody;
        i.evaluations += evaluations;
        i.heads_spoke.merge(heads_spoke);
        i.heads_view_given.merge(heads_view_given);
        i.commitments += commitments;
        merge_counts(&mut i.performance, performance, |a, b| *a += b);
        i.followups += followups;
        merge_counts(&mut i.dimension_average, dimension_average, |a, b| {
            a.merge(b)
        });
        i.total_average.merge(total_average);
        merge_counts(&mut i.grades, grades, |a, b| *a += b);
        i.art12 += art12;
        merge_counts(&mut i.art12_by_kind, art12_by_kind, |a, b| *a += b);
        i.commended += commended;
        i.late_items += late_items;
        i.suggestions_sent += suggestions_sent;
        i.suggestions_replied += suggestions_replied;
        for ((court, hearing), ()) in other.hearings {
            self.count_hearing(&other.courts[court as usize], hearing);
        }
        for (case, settled) in other.cases {
            *self.cases.entry(case).or_insert(false) |= settled;
        }
        for (agency, (rank, avg)) in other.agencies {
            match self.agencies.get_mut(&agency) {
                None => {
                    self.agencies.insert(agency, (rank, avg));
                }
                Some((r, a)) => {
                    let AgencyRank {
                        agency: _,
                        government: _,
                        appearances,
                        evaluations,
                        average_tenths: _,
                        heads_appeared,
                        flagged,
                    } = rank;
                    r.appearances += appearances;
                    r.evaluations += evaluations;
                    r.heads_appeared.merge(heads_appeared);
                    r.flagged += flagged;
                    a.merge(avg);
                }
            }
        }
    }

    /// The cases of these records settled or withdrawn in a record this builder did not read (a
    /// co-defendant's): whether a case was settled is a fact of the case, the same for each of
    /// its agencies (as `Split::finish` applies it to each government).
    pub fn settle(&mut self, settled: impl Fn(&str) -> bool) {
        for (case, s) in self.cases.iter_mut() {
            *s |= settled(case);
        }
    }

    pub fn finish(mut self) -> Indicators {
        self.ind.hearings = self.hearings.len() as u64;
        self.ind.cases_settled = Rate {
            num: self.cases.values().filter(|s| **s).count() as u64,
            den: self.cases.len() as u64,
        };
        let mut ranking: Vec<AgencyRank> = self
            .agencies
            .into_values()
            .map(|(mut r, a)| {
                r.average_tenths = a.tenths();
                r
            })
            .collect();
        ranking.sort_by(rank_order);
        self.ind.ranking = ranking;
        self.ind
    }
}

/// Rankings never reward absence: 出庭率 first (agencies never notified after those that were),
/// then fewer flags, then the average score (none last), then the name.
fn rank_order(a: &AgencyRank, b: &AgencyRank) -> std::cmp::Ordering {
    // compare num/den without floats: a.num * b.den vs b.num * a.den
    let rate = |x: &AgencyRank, y: &AgencyRank| {
        (x.heads_appeared.num * y.heads_appeared.den)
            .cmp(&(y.heads_appeared.num * x.heads_appeared.den))
    };
    (b.heads_appeared.den > 0)
        .cmp(&(a.heads_appeared.den > 0))
        .then_with(|| rate(b, a))
        .then(a.flagged.cmp(&b.flagged))
        .then(
            b.average_tenths
                .unwrap_or(-1)
                .cmp(&a.average_tenths.unwrap_or(-1)),
        )
        .then_with(|| a.agency.cmp(&b.agency))
}

/// Indicators in total, per recipient government and per court, from one pass over the records;
/// items from earlier periods go to a section of their own.
#[derive(Default)]
pub struct Split {
    pub total: Builder,
    pub by_government: BTreeMap<String, Builder>,
    /// per court, once a second court's record came (see `only_court`)
    pub by_court: BTreeMap<String, Builder>,
    pub late: Builder,
    /// the court of every record so far, while there was one: its builder would be the total's
    /// twin, record for record, so the total stands for it (a court's own batch: the usual case)
    only_court: Option<String>,
}

/// Indicators in total, per recipient government, per reporting court, and of the 补报 section.
#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Report {
    pub total: Indicators,
    pub by_government: BTreeMap<String, Indicators>,
    pub by_court: BTreeMap<String, Indicators>,
    pub late: Indicators,
}

impl Report {
    /// The judicial suggestions of the period counted in: sent, and replied, in total and under
    /// the government of each one's agency where the report has that government (a government
    /// with no record in the period gets no group of its own for them).
    pub fn add_suggestions(&mut self, tally: &[super::suggestion::Tally]) {
        for t in tally {
            let by = self.by_government.get_mut(&t.government);
            for i in std::iter::once(&mut self.total).chain(by) {
                i.suggestions_sent += u64::from(t.sent);
                i.suggestions_replied += u64::from(t.replied);
            }
        }
    }

    /// The report of one government's agencies only (for its extract).
    pub fn only(&self, government: &str) -> Report {
        let one = self
            .by_government
            .get(government)
            .cloned()
            .unwrap_or_default();
        Report {
            total: one.clone(),
            by_government: [(government.to_string(), one)].into_iter().collect(),
            by_court: BTreeMap::new(),
            late: Indicators::default(),
        }
    }
}

impl Split {
    /// The builders a record of `court` and `government` counts in: the total, its government's
    /// and, once a second court came, its court's.
    fn builders(&mut self, court: &str, government: &str) -> [Option<&mut Builder>; 3] {
        // (each government's and court's builder is made once: no key allocated per record)
        if !self.by_government.contains_key(government) {
            self.by_government
                .insert(government.to_string(), Builder::default());
        }
        let one_court = match &self.only_court {
            None if self.by_court.is_empty() => {
                self.only_court = Some(court.to_string());
                true
            }
            Some(c) if c == court => true,
            Some(_) => {
                // a second court: the first one's builder is the total's as it stands
                let first = self.only_court.take().expect("matched");
                self.by_court.insert(first, self.total.clone());
                false
            }
            None => false,
        };
        if !one_court && !self.by_court.contains_key(court) {
            self.by_court.insert(court.to_string(), Builder::default());
        }
        let gov = self
            .by_government
            .get_mut(government)
            .expect("just inserted");
        let court = match one_court {
            true => None,
            false => Some(self.by_court.get_mut(court).expect("just inserted")),
        };
        [Some(&mut self.total), Some(gov), court]
    }

    /// An unfinished appearance at a hearing held in the period (before the records).
    pub fn add_pending(&mut self, p: &Pending) {
        for b in self.builders(&p.court, &p.government).into_iter().flatten() {
            b.add_pending(p);
        }
    }

    pub fn add(&mut self, r: &Record) {
        let builders = self.builders(&r.court, &r.government);
        if r.late && !r.followup {
            for b in builders.into_iter().flatten() {
                b.add_late();
            }
            self.late.add(r);
            return;
        }
        for b in builders.into_iter().flatten() {
            b.add(r);
        }
    }
    /// `other`'s records added to these (see [`Builder::merge`]).
    pub fn merge(&mut self, mut other: Split) {
        // one court each, the same: the totals stand for it still; otherwise each court its own
        match (&self.only_court, &other.only_court) {
            (Some(a), Some(b)) if a == b => {}
            (_, None) if other.by_court.is_empty() => {}
            (None, _) if self.by_court.is_empty() => self.only_court = other.only_court.take(),
            _ => {
                for s in [&mut *self, &mut other] {
                    if let Some(c) = s.only_court.take() {
                        s.by_court.insert(c, s.total.clone());
                    }
                }
            }
        }
        self.total.merge(other.total);
        self.late.merge(other.late);
        for (to, from) in [
            (&mut self.by_government, other.by_government),
            (&mut self.by_court, other.by_court),
        ] {
            for (k, b) in from {
                to.entry(k).or_default().merge(b);
            }
        }
    }

    pub fn finish(mut self) -> Report {
        // whether a case was settled or withdrawn is a fact of the case, the same in every
        // document: a government's extract counts a case settled by a co-defendant under another
        // government as settled too
        let cases = &self.total.cases;
        for b in self
            .by_government
            .values_mut()
            .chain(self.by_court.values_mut())
        {
            for (case, settled) in b.cases.iter_mut() {
                *settled |= cases.get(case).copied().unwrap_or(false);
            }
        }
        let done =
            |m: BTreeMap<String, Builder>| m.into_iter().map(|(g, b)| (g, b.finish())).collect();
        let total = self.total.finish();
        let mut by_court: BTreeMap<String, Indicators> = done(self.by_court);
        if let Some(court) = self.only_court {
            by_court.insert(court, total.clone());
        }
        Report {
            total,
            by_government: done(self.by_government),
            by_court,
            late: self.late.finish(),
        }
    }
}

/// Rubric item ids the indicators read (the default rubric's; keep them when changing the rubric).
pub const ITEM_NO_VIEW: &str = "no_resolution_view";
/// A view on substantive resolution given (法释〔2020〕3号 第十一条): a positive act, recorded.
pub const ITEM_VIEW: &str = "resolution_view";
pub const ITEM_SETTLED: &str = "settled";
pub const ITEM_COMMITMENT: &str = "commitment";
pub const FLAG_SILENT: &str = "silent";

/// Whether a head gave a view on substantive resolution (法释〔2020〕3号 第十一条), from what was
/// recorded: the view marked as given, never inferred from a missing "no view" mark; a head who
/// did not speak, walked out (art 12(4)) or refused to explain (art 12(5)) gave none.
///
/// An evaluation scored with a rubric that had no such item (`recordable` false) keeps the rule
/// its notices were made with — a view unless marked "no view" or silent — so what they stated
/// stays true and no correction says otherwise.
pub fn view_given(marks: &super::scoring::Marks, flags: &[String], recordable: bool) -> bool {
    let marked = |id: &str| marks.get(id).copied().unwrap_or(0) > 0;
    if !recordable {
        return !marked(ITEM_NO_VIEW) && !flags.iter().any(|f| f == FLAG_SILENT);
    }
    marked(ITEM_VIEW)
        && !marked(ITEM_NO_VIEW)
        && !flags
            .iter()
            .any(|f| f == FLAG_SILENT || f == FLAG_LEFT_MIDWAY || f == FLAG_REFUSED_TO_EXPLAIN)
}

/// What the indicators read of an evaluation's marks and (locked) flags, beside its scores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkFacts {
    pub spoke: bool,
    pub view_given: bool,
    pub settled: bool,
    pub commitment: bool,
    pub performance: Option<String>,
}

/// The facts of `EvalFacts` that come from the marks: read here only, whether from every mark
/// of the evaluation or from only those `items_counted` names (a counting read's).
pub fn mark_facts(rubric: &Rubric, marks: &super::scoring::Marks, flags: &[String]) -> MarkFacts {
    // (an item never marked has no row: it is 0, as `mark_of` reads it)
    let marked = |id: &str| marks.get(id).copied().unwrap_or(0) > 0;
    MarkFacts {
        spoke: !flags.iter().any(|f| f == FLAG_SILENT),
        view_given: view_given(marks, flags, rubric.item(ITEM_VIEW).is_some()),
        settled: marked(ITEM_SETTLED),
        commitment: marked(ITEM_COMMITMENT),
        performance: super::performance::option_of(rubric, marks),
    }
}

/// The marks `mark_facts` reads of an evaluation scored with `rubric`. A read that counts may
/// fetch these alone, each clamped to 0..=[`COUNTED_MAX`]: the facts ask only whether a mark is
/// above 0 and which level option is chosen (a rubric has far fewer than 255), so they come out
/// the same (`facts_from_the_counted_marks_alone_are_the_facts`).
pub fn items_counted(rubric: &Rubric) -> Vec<&str> {
    let mut ids = vec![ITEM_VIEW, ITEM_NO_VIEW, ITEM_SETTLED, ITEM_COMMITMENT];
    if let Some((item, _)) = super::performance::level_item(rubric) {
        ids.push(item.id.as_str());
    }
    ids
}

/// The largest value a counting read keeps of a mark (see [`items_counted`]).
pub const COUNTED_MAX: i64 = 255;

/// "85.5" from tenths, "—" for none (a dimension average is kept in tenths of a point).
pub fn tenths_text(t: Option<i64>) -> String {
    super::scoring::format_tenths(t)
}

/// What an indicator is: a plain count, a rate, or an average score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Count,
    Rate,
    Average,
}

/// One indicator as every output shows it: the same id, label, numbers and provision in the TUI,
/// `stats`, xlsx, csv, json and docx.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Value {
    pub id: String,
    pub label: String,
    pub kind: Kind,
    pub numerator: i64,
    /// None for a plain count
    pub denominator: Option<i64>,
    /// the rate as a fraction, the average in points, the count; None for 0/0
    pub value: Option<f64>,
    pub provision: String,
}

impl crate::msg::Told for Value {
    /// "87.5%（7/8）", "85.5", "12"; "—" for nothing to divide by.
    fn told(&self) -> Msg {
        match (self.kind, self.denominator) {
            (Kind::Count, _) | (_, None) => Msg::verbatim(self.numerator),
            (_, Some(0)) => Msg::verbatim("—"),
            (Kind::Rate, Some(d)) => Msg::new("common.rate")
                .arg(
                    "p",
                    Rate {
                        num: self.numerator as u64,
                        den: d as u64,
                    }
                    .percent(),
                )
                .arg("n", self.numerator)
                .arg("d", d),
            (Kind::Average, Some(d)) => Msg::verbatim(tenths_text(
                Avg {
                    sum_tenths: self.numerator,
                    n: d / 10,
                }
                .tenths(),
            )),
        }
    }
}

/// The registry: (id, provision key) of every indicator, in the order a notice reads them. Labels
/// are `ind.<id>` and provisions `prov.<key>` in the catalog.
pub const REGISTRY: &[(&str, &str)] = &[
    ("hearings", "scope"),
    ("drafts", "batch"),
    ("appearances", "scope"),
    ("notified", "art4"),
    ("heads_appeared", "art2_4"),
    ("heads_unnotified", "art4"),
    ("principal_appeared", "art2_4"),
    ("key_case_principal", "wan5"),
    ("lawful_substitution", "art8_10"),
    ("absent_without_reason", "art12_1"),
    ("staff_only", "art10"),
    ("lawyer_only", "art128"),
    ("nobody", "art12_3"),
    ("evaluations", "wan14"),
    ("heads_spoke", "art11"),
    ("heads_view_given", "art11"),
    ("cases_settled", "resolution"),
    ("commitments", "resolution"),
    ("performance.on_time", "performance"),
    ("performance.late", "performance"),
    ("performance.enforced", "performance"),
    ("performance.refused", "performance"),
    ("performance.pending", "performance"),
    ("performance.not_applicable", "performance"),
    ("followups", "performance"),
    ("art12", "art12"),
    ("commended", "wan14"),
    ("late_items", "batch"),
    ("suggestions_sent", "suggestion"),
    ("suggestions_replied", "suggestion"),
];

/// The indicators counted from the judicial suggestions kept, not from the records: what an
/// earlier notice stated of them is not corrected when a record changes (`corrections_of`).
pub const OF_SUGGESTIONS: &[&str] = &["suggestions_sent", "suggestions_replied"];

impl Indicators {
    fn raw(&self, id: &str) -> (Kind, i64, Option<i64>) {
        let count = |n: u64| (Kind::Count, n as i64, None);
        let rate = |r: &Rate| (Kind::Rate, r.num as i64, Some(r.den as i64));
        match id {
            "hearings" => count(self.hearings),
            "drafts" => count(self.drafts),
            "heads_unnotified" => count(self.heads_unnotified),
            "appearances" => count(self.appearances),
            "notified" => count(self.notified),
            "heads_appeared" => rate(&self.heads_appeared),
            "principal_appeared" => rate(&self.principal_appeared),
            "key_case_principal" => rate(&self.key_case_principal),
            "lawful_substitution" => count(self.lawful_substitution),
            "absent_without_reason" => count(self.absent_without_reason),
            "staff_only" => count(self.staff_only),
            "lawyer_only" => count(self.lawyer_only),
            "nobody" => count(self.nobody),
            "evaluations" => count(self.evaluations),
            "heads_spoke" => rate(&self.heads_spoke),
            "heads_view_given" => rate(&self.heads_view_given),
            "cases_settled" => rate(&self.cases_settled),
            "commitments" => count(self.commitments),
            "followups" => count(self.followups),
            "art12" => count(self.art12),
            "commended" => count(self.commended),
            "late_items" => count(self.late_items),
            "suggestions_sent" => count(self.suggestions_sent),
            "suggestions_replied" => count(self.suggestions_replied),
            p => count(
                p.strip_prefix("performance.")
                    .and_then(|k| self.performance.get(k).copied())
                    .unwrap_or(0),
            ),
        }
    }

    /// Every indicator with its label and provision in `voice`'s language: the registry's, then
    /// the rubric's averages and grades.
    pub fn values_in(&self, rubric: &Rubric, voice: Voice) -> Vec<Value> {
        let t = |key: &str| voice.t(key).to_string();
        let value =
            |id: String, label: String, prov: &str, (kind, n, d): (Kind, i64, Option<i64>)| {
                let v = match (kind, d) {
                    (_, None) => Some(n as f64),
                    (_, Some(0)) => None,
                    (Kind::Average, Some(d)) => Some(n as f64 / d as f64),
                    (_, Some(d)) => Some(n as f64 / d as f64),
                };
                Value {
                    id,
                    label,
                    kind,
                    numerator: n,
                    denominator: d,
                    value: v,
                    provision: t(&format!("prov.{prov}")),
                }
            };
        let avg = |a: &Avg| (Kind::Average, a.sum_tenths, Some(a.n * 10));
        let mut out: Vec<Value> = REGISTRY
            .iter()
            .map(|(id, prov)| value(id.to_string(), t(&format!("ind.{id}")), prov, self.raw(id)))
            .collect();
        for d in &rubric.dimensions {
            out.push(value(
                format!("average.{}", d.id),
                format!("{}{}", t("ind.average_of"), d.label_in(voice.lang)),
                "rubric",
                avg(&self
                    .dimension_average
                    .get(&d.id)
                    .copied()
                    .unwrap_or_default()),
            ));
        }
        out.push(value(
            "average.total".into(),
            t("ind.average_total"),
            "rubric",
            avg(&self.total_average),
        ));
        for g in &rubric.grades {
            out.push(value(
                format!("grade.{}", g.id),
                format!("{}{}", t("ind.grade_of"), g.label_in(voice.lang)),
                "rubric",
                (
                    Kind::Count,
                    self.grades.get(&g.id).copied().unwrap_or(0) as i64,
                    None,
                ),
            ));
        }
        out
    }
}

#[cfg(test)]
#[path = "indicators_tests.rs"]
mod tests;
