//! The scoring engine: pure functions from a rubric and item marks to dimension scores, total and grade.

use super::rubric::{Exclude, ItemKind, Rubric};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Item marks: item id → value. Deductions and vetoes: 0/1 (counted deductions: the count);
/// awards: points; levels: the 1-based option index (0 = not chosen).
pub type Marks = BTreeMap<String, i64>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DimStatus {
    Applicable,
    Pending,
    NotApplicable,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DimScore {
    pub id: String,
    pub score: i64,
    pub max: i64,
    pub status: DimStatus,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Score {
    pub dims: Vec<DimScore>,
    /// The total rescaled to the rubric's total, in tenths of a point (855 = 85.5); None when no
    /// dimension applies.
    pub total_tenths: Option<i64>,
    pub grade: Option<String>,
    pub flags: Vec<String>,
}

/// The most occurrences a counted item records (far beyond any cap).
pub const MAX_COUNT: i64 = 999;

/// Clamps a raw mark to what the item allows.
pub fn clamp_mark(kind: &ItemKind, value: i64) -> i64 {
    match kind {
        ItemKind::Deduction { counted: false, .. } | ItemKind::Veto { .. } | ItemKind::Fact => {
            value.clamp(0, 1)
        }
        ItemKind::Deduction { counted: true, .. } => value.clamp(0, MAX_COUNT),
        ItemKind::Award { max, step } => (value.clamp(0, *max) / step) * step,
        ItemKind::Level { options } => value.clamp(0, options.len() as i64),
    }
}

/// Points an item currently removes (negative) or adds (positive) to its dimension.
pub fn item_effect(kind: &ItemKind, value: i64) -> i64 {
    let v = clamp_mark(kind, value);
    match kind {
        ItemKind::Deduction {
            points,
            counted: false,
            ..
        } => -points * v,
        ItemKind::Deduction {
            points,
            counted: true,
            cap,
        } => -(points * v).min(*cap),
        ItemKind::Award { .. } => v,
        ItemKind::Veto { .. } | ItemKind::Fact => 0,
        ItemKind::Level { options } => {
            if v > 0 {
                options[(v - 1) as usize].points
            } else {
                0
            }
        }
    }
}

/// The score of `marks`; `head` says whether the person scored is a 负责人 (法释〔2020〕3号 art 2),
/// since flags the rubric marks `heads_only` are raised for heads only.
pub fn score(rubric: &Rubric, marks: &Marks, extra_flags: &[String], head: bool) -> Score {
    let mut flags: Vec<String> = Vec::new();
    let mut dims = Vec::new();
    for d in &rubric.dimensions {
        let mut value = d.start;
        let mut vetoed = false;
        let mut status = DimStatus::Applicable;
        for item in &d.items {
            let v = clamp_mark(&item.kind, marks.get(&item.id).copied().unwrap_or(0));
            match &item.kind {
                ItemKind::Veto { flag, heads_only } if v > 0 => {
                    vetoed = true;
                    if head || !heads_only {
                        flags.push(flag.clone());
                    }
                }
                ItemKind::Level { options } => {
                    if v == 0 {
                        status = DimStatus::Pending;
                    } else {
                        let opt = &options[(v - 1) as usize];
                        match opt.exclude {
                            Some(Exclude::Pending) => status = DimStatus::Pending,
                            Some(Exclude::NotApplicable) => status = DimStatus::NotApplicable,
                            None => {}
                        }
                        if let Some(f) = &opt.flag {
                            flags.push(f.clone());
                        }
                    }
                }
                _ => {}
            }
            value += item_effect(&item.kind, v);
        }
        let score = if vetoed { 0 } else { value.clamp(0, d.max) };
        dims.push(DimScore {
            id: d.id.clone(),
            score,
            max: d.max,
            status,
        });
    }
    for f in extra_flags {
        flags.push(f.clone());
    }
    flags.sort();
    flags.dedup();
    let (sum, max_sum) = dims
        .iter()
        .filter(|d| d.status == DimStatus::Applicable)
        .fold((0, 0), |(s, m), d| (s + d.score, m + d.max));
    let total_tenths = if max_sum == 0 {
        None
    } else {
        // rescale to the rubric's total, rounding half up to a tenth
        let num = sum * rubric.total * 10;
        Some((2 * num + max_sum) / (2 * max_sum))
    };
    let grade = total_tenths.map(|t| {
        let lowest = rubric.grades.last().expect("validated: a grade with min 0");
        if !flags.is_empty() {
            lowest.id.clone()
        } else {
            rubric
                .grades
                .iter()
                .find(|g| t >= g.min * 10)
                .unwrap_or(lowest)
                .id
                .clone()
        }
    });
    Score {
        dims,
        total_tenths,
        grade,
        flags,
    }
}

/// "85.5" from 855 tenths; "—" for none.
pub fn format_tenths(t: Option<i64>) -> String {
    match t {
        Some(t) if t % 10 == 0 => format!("{}", t / 10),
        Some(t) => format!("{}.{}", t / 10, t % 10),
        None => "—".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn marks(pairs: &[(&str, i64)]) -> Marks {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn untouched_marks_leave_performance_pending_and_rescale() {
        let r = Rubric::default_rubric();
        let s = score(&r, &Marks::new(), &[], true);
        assert_eq!(
            s.dims.iter().map(|d| d.score).collect::<Vec<_>>(),
            vec![20, 35, 0, 0]
        );
        assert_eq!(s.dims[3].status, DimStatus::Pending);
        // 55 of 85 → 64.7
        assert_eq!(s.total_tenths, Some(647));
        assert_eq!(s.grade.as_deref(), Some("pass"));
    }

    #[test]
    fn a_full_hearing() {
        let r = Rubric::default_rubric();
        let m = marks(&[
            ("phone", 2),
            ("off_point", 4),
            ("pretrial_coordination", 8),
            ("in_court_stance", 10),
            ("settled", 10),
            ("outcome", 2),
        ]);
        let s = score(&r, &m, &[], true);
        // discipline 20-6=14, speech 35-15(cap)=20, resolution 28, performance 15 → 77
        assert_eq!(
            s.dims.iter().map(|d| d.score).collect::<Vec<_>>(),
            vec![14, 20, 28, 15]
        );
        assert_eq!(s.total_tenths, Some(770));
        assert_eq!(s.grade.as_deref(), Some("good"));
    }

    #[test]
    fn veto_zeroes_the_dimension_and_fails_the_grade() {
        let r = Rubric::default_rubric();
        let s = score(
            &r,
            &marks(&[
                ("left_midway", 1),
                ("outcome", 2),
                ("settled", 10),
                ("pretrial_coordination", 10),
                ("in_court_stance", 10),
            ]),
            &[],
            true,
        );
        assert_eq!(s.dims[0].score, 0);
        assert_eq!(s.flags, vec!["art12_4".to_string()]);
        assert_eq!(s.total_tenths, Some(800));
        assert_eq!(s.grade.as_deref(), Some("fail"));
    }

    #[test]
    fn a_heads_only_flag_is_not_raised_for_staff() {
        let r = Rubric::default_rubric();
        for (item, flag) in [
            ("left_midway", "art12_4"),
            ("refused_to_explain", "art12_5"),
        ] {
            let m = marks(&[
                (item, 1),
                ("outcome", 2),
                ("pretrial_coordination", 10),
                ("in_court_stance", 10),
                ("settled", 10),
            ]);
            let head = score(&r, &m, &[], true);
            let staff = score(&r, &m, &[], false);
            assert_eq!(head.flags, vec![flag.to_string()]);
            assert!(staff.flags.is_empty(), "{item}: {:?}", staff.flags);
            // the dimension goes to 0 for both; only the head fails the grade by the flag
            assert_eq!(head.dims, staff.dims);
            assert_eq!(head.grade.as_deref(), Some("fail"));
            assert_ne!(staff.grade.as_deref(), Some("fail"));
        }
    }

    #[test]
    fn not_applicable_performance_is_excluded() {
        let r = Rubric::default_rubric();
        let s = score(
            &r,
            &marks(&[
                ("outcome", 6),
                ("pretrial_coordination", 10),
                ("in_court_stance", 10),
                ("settled", 10),
            ]),
            &[],
            true,
        );
        assert_eq!(s.dims[3].status, DimStatus::NotApplicable);
        assert_eq!(s.total_tenths, Some(1000));
        assert_eq!(s.grade.as_deref(), Some("excellent"));
    }

    #[test]
    fn refused_performance_flags() {
        let r = Rubric::default_rubric();
        let s = score(&r, &marks(&[("outcome", 5)]), &[], true);
        assert!(s.flags.contains(&"refused_performance".to_string()));
        assert_eq!(s.grade.as_deref(), Some("fail"));
    }

    #[test]
    fn extra_flags_fail_the_grade() {
        let r = Rubric::default_rubric();
        let s = score(
            &r,
            &marks(&[
                ("outcome", 2),
                ("pretrial_coordination", 10),
                ("in_court_stance", 10),
                ("settled", 10),
            ]),
            &["art12_1".to_string()],
            true,
        );
        assert_eq!(s.total_tenths, Some(1000));
        assert_eq!(s.grade.as_deref(), Some("fail"));
    }

    #[test]
    fn formats_tenths() {
        assert_eq!(format_tenths(Some(855)), "85.5");
        assert_eq!(format_tenths(Some(900)), "90");
        assert_eq!(format_tenths(None), "—");
    }

    fn arb_marks() -> impl Strategy<Value = Marks> {
        let r = Rubric::default_rubric();
        let ids: Vec<String> = r
            .dimensions
            .iter()
            .flat_map(|d| d.items.iter().map(|i| i.id.clone()))
            .collect();
        proptest::collection::vec((proptest::sample::select(ids), -5i64..40), 0..30)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn dimensions_stay_in_range_and_total_in_0_to_100(m in arb_marks()) {
            let r = Rubric::default_rubric();
            let s = score(&r, &m, &[], true);
            for d in &s.dims {
                prop_assert!(d.score >= 0 && d.score <= d.max, "{:?}", d);
            }
            if let Some(t) = s.total_tenths {
                prop_assert!((0..=1000).contains(&t));
            }
            if !s.flags.is_empty() {
                prop_assert_eq!(s.grade.as_deref(), Some("fail"));
            }
        }

        #[test]
        fn more_deductions_never_raise_a_score(m in arb_marks(), extra in 1i64..5) {
            let r = Rubric::default_rubric();
            let before = score(&r, &m, &[], true);
            let mut m2 = m.clone();
            *m2.entry("misstatement".into()).or_insert(0) += extra;
            let after = score(&r, &m2, &[], true);
            prop_assert!(after.dims[1].score <= before.dims[1].score);
        }

        #[test]
        fn rescaling_matches_the_applicable_dimensions(m in arb_marks()) {
            let r = Rubric::default_rubric();
            let s = score(&r, &m, &[], true);
            let (sum, max): (i64, i64) = s.dims.iter().filter(|d| d.status == DimStatus::Applicable).fold((0, 0), |a, d| (a.0 + d.score, a.1 + d.max));
            if max > 0 {
                let exact = sum as f64 * 100.0 / max as f64;
                prop_assert!((s.total_tenths.unwrap() as f64 / 10.0 - exact).abs() <= 0.05 + 1e-9);
            }
        }
    }
}
