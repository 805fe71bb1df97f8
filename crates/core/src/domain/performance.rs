//! Judgment performance (判决履行): it cannot be scored at the hearing, so an evaluation is usually
//! finalized with it pending (未到期). When the judgment's deadline has passed the outcome is
//! recorded as a follow-up on the locked evaluation; the next month-end batch reports it once.

use super::model::EvalStatus;
use super::rubric::{Exclude, Item, ItemKind, LevelOption, Rubric};
use super::scoring::Marks;
use crate::msg::{Msg, msg, msgf};

/// The rubric's level item (the default rubric's `outcome`): the one a follow-up sets.
pub fn level_item(rubric: &Rubric) -> Option<(&Item, &[LevelOption])> {
    rubric
        .dimensions
        .iter()
        .flat_map(|d| &d.items)
        .find_map(|i| match &i.kind {
            ItemKind::Level { options } => Some((i, options.as_slice())),
            _ => None,
        })
}

/// The option chosen in `marks` ("pending" when none is), None when the rubric has no level item.
pub fn option_of(rubric: &Rubric, marks: &Marks) -> Option<String> {
    let (item, options) = level_item(rubric)?;
    let v = marks.get(&item.id).copied().unwrap_or(0);
    Some(if v > 0 {
        options[(v as usize - 1).min(options.len() - 1)].id.clone()
    } else {
        "pending".to_string()
    })
}

/// Whether the marks leave performance open: no option chosen, or one that means "pending".
pub fn awaiting(rubric: &Rubric, marks: &Marks) -> bool {
    let Some((item, options)) = level_item(rubric) else {
        return false;
    };
    match marks.get(&item.id).copied().unwrap_or(0) {
        v if v <= 0 => true,
        v => options
            .get(v as usize - 1)
            .is_none_or(|o| o.exclude == Some(Exclude::Pending)),
    }
}

/// Why a judgment performance outcome cannot be recorded on an evaluation now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotNow {
    /// a draft is scored, not followed up: its performance is marked on the review
    Draft,
    /// a batch reported the recorded outcome: it is locked (an amendment corrects it)
    Reported(String),
    /// scoring already settled performance (an outcome, or not applicable)
    NotPending,
}

impl NotNow {
    pub fn message(&self) -> Msg {
        match self {
            NotNow::Draft => msg("perf.err.draft"),
            NotNow::Reported(batch) => msgf("perf.err.reported", &[("batch", batch)]),
            NotNow::NotPending => msg("perf.err.not_pending"),
        }
    }
}

/// Whether a performance outcome may be recorded (or changed) now: on a finalized evaluation
/// whose performance scoring left pending, or whose outcome an earlier follow-up recorded, until
/// a batch reports that outcome. The one rule for the review screen, the worklist and `perform`.
pub fn may_record(
    status: EvalStatus,
    recorded: Option<Option<&str>>,
    rubric: &Rubric,
    marks: &Marks,
) -> Result<(), NotNow> {
    if status == EvalStatus::Draft {
        return Err(NotNow::Draft);
    }
    match recorded {
        Some(Some(batch)) => Err(NotNow::Reported(batch.to_string())),
        Some(None) => Ok(()),
        None if awaiting(rubric, marks) => Ok(()),
        None => Err(NotNow::NotPending),
    }
}

/// The outcomes a follow-up may record: every option that is not "pending".
pub fn choices(rubric: &Rubric) -> Vec<&LevelOption> {
    level_item(rubric)
        .map(|(_, o)| {
            o.iter()
                .filter(|x| x.exclude != Some(Exclude::Pending))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether the outcome `option` says the performance deadline has passed (performed late, only
/// after enforcement, refused): it is recorded only once a deadline is entered and has passed.
pub fn says_deadline_passed(option: &str) -> bool {
    matches!(option, "late" | "enforced" | "refused")
}

/// The label of an option of the level item (its id when the rubric has no such option).
pub fn label(rubric: &Rubric, option: &str) -> Msg {
    level_item(rubric)
        .and_then(|(_, o)| o.iter().find(|x| x.id == option))
        .map(|x| Msg::pair(&x.zh, &x.en))
        .unwrap_or_else(|| Msg::verbatim(option))
}

/// `marks` with the outcome `option` set; None when the rubric has no such recordable option.
pub fn apply(rubric: &Rubric, marks: &Marks, option: &str) -> Option<(Marks, i64)> {
    let (item, options) = level_item(rubric)?;
    let i = options
        .iter()
        .position(|o| o.id == option && o.exclude != Some(Exclude::Pending))?;
    let value = i as i64 + 1;
    let mut m = marks.clone();
    m.insert(item.id.clone(), value);
    Some((m, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scoring::score;

    fn marks(pairs: &[(&str, i64)]) -> Marks {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn unset_and_pending_are_awaiting_an_outcome() {
        let r = Rubric::default_rubric();
        assert!(awaiting(&r, &marks(&[])));
        assert!(awaiting(&r, &marks(&[("outcome", 1)])));
        assert!(!awaiting(&r, &marks(&[("outcome", 2)])));
        assert_eq!(option_of(&r, &marks(&[])).as_deref(), Some("pending"));
        assert_eq!(
            option_of(&r, &marks(&[("outcome", 5)])).as_deref(),
            Some("refused")
        );
    }

    #[test]
    fn choices_leave_out_pending() {
        let r = Rubric::default_rubric();
        let ids: Vec<&str> = choices(&r).iter().map(|o| o.id.as_str()).collect();
        assert_eq!(
            ids,
            ["on_time", "late", "enforced", "refused", "not_applicable"]
        );
    }

    #[test]
    fn applying_an_outcome_changes_the_score_and_may_flag() {
        let r = Rubric::default_rubric();
        let base = marks(&[
            ("late", 1),
            ("pretrial_coordination", 10),
            ("in_court_stance", 10),
            ("settled", 10),
        ]);
        // pending: discipline 17 + speech 35 + resolution 30 of 85 → 82/85 → 96.5
        assert_eq!(score(&r, &base, &[], true).total_tenths, Some(965));
        let (on_time, v) = apply(&r, &base, "on_time").unwrap();
        assert_eq!(v, 2);
        assert_eq!(score(&r, &on_time, &[], true).total_tenths, Some(970));
        let (refused, _) = apply(&r, &base, "refused").unwrap();
        let s = score(&r, &refused, &[], true);
        assert_eq!(s.total_tenths, Some(820));
        assert!(s.flags.contains(&"refused_performance".to_string()));
        assert_eq!(s.grade.as_deref(), Some("fail"));
        assert!(apply(&r, &base, "pending").is_none());
        assert!(apply(&r, &base, "nonsense").is_none());
    }
}
