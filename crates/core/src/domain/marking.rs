//! The rules of marking, one function each, for every screen and command that marks: how a key
//! steps an item's mark, what digits typed on an award give, which live-mode events support a
//! mark, and which appearances can be scored live.

use super::live::{Event, EventKind};
use super::model::{AppearCategory, EvalStatus};
use super::rubric::{Item, ItemKind, Rubric};
use super::scoring::clamp_mark;

/// A marking key on the review: mark/switch, more, less.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Toggle,
    Up,
    Down,
}

/// The mark an item takes from `v` by `step`, within what the item allows: a yes/no item
/// switches (or is set by more/less), a counted one counts, an award moves by its step and wraps
/// to 0 past its maximum when switched, a level moves through its options.
pub fn step(kind: &ItemKind, v: i64, step: Step) -> i64 {
    let up = step != Step::Down;
    let value = match (kind, step) {
        (
            ItemKind::Deduction { counted: false, .. } | ItemKind::Veto { .. } | ItemKind::Fact,
            Step::Toggle,
        ) => 1 - v.clamp(0, 1),
        (
            ItemKind::Deduction { counted: false, .. } | ItemKind::Veto { .. } | ItemKind::Fact,
            _,
        ) => i64::from(up),
        (ItemKind::Deduction { .. }, _) => v + if up { 1 } else { -1 },
        (ItemKind::Award { max, step }, Step::Toggle) => {
            if v + step > *max {
                0
            } else {
                v + step
            }
        }
        (ItemKind::Award { step, .. }, _) => v + if up { *step } else { -*step },
        (ItemKind::Level { options }, Step::Toggle) => (v % options.len() as i64) + 1,
        (ItemKind::Level { .. }, _) => v + if up { 1 } else { -1 },
    };
    clamp_mark(kind, value)
}

/// The number the digits typed on an award make, `before` being what the digits typed just
/// before on the same item made (8 for 8 of 10; 1 then 0 for 10; a digit that would pass the
/// maximum starts again). It is the item's points only when the item takes it (see
/// [`takes`]): an award of 0 or 10 (step 10) waits for the 0 after a 1. None: the item takes no
/// digits.
pub fn typed(kind: &ItemKind, before: Option<i64>, digit: u32) -> Option<i64> {
    let ItemKind::Award { max, .. } = kind else {
        return None;
    };
    let d = i64::from(digit);
    Some(match before {
        Some(first) if first * 10 + d <= *max => first * 10 + d,
        _ => d,
    })
}

/// Whether `value` is a mark the item can have as it is (an award's points a multiple of its
/// step, within its maximum).
pub fn takes(kind: &ItemKind, value: i64) -> bool {
    clamp_mark(kind, value) == value
}

/// The live-mode events that support an item's current mark `value`: the marks that raised it
/// and were not undone, each of them for a counted item, the last for a yes/no one, none when
/// the mark is 0 (the review shows their times and stages).
pub fn supporting<'a>(
    events: &'a [Event],
    kind: &ItemKind,
    item: &str,
    value: i64,
) -> Vec<&'a Event> {
    if value == 0 {
        return Vec::new();
    }
    let undone: Vec<i64> = events
        .iter()
        .filter_map(|e| (e.kind == EventKind::Undo).then_some(e.target).flatten())
        .collect();
    let mut found: Vec<&Event> = events
        .iter()
        .filter(|e| {
            e.kind == EventKind::Mark
                && e.item == item
                && e.value > e.prev
                && !undone.contains(&e.seq)
        })
        .collect();
    let counted = matches!(kind, ItemKind::Deduction { counted: true, .. });
    if !counted && found.len() > 1 {
        found.drain(..found.len() - 1);
    }
    // a count amended down rests on fewer events than were recorded: as many as it counts
    // (the events an amendment took back are not evidence of the mark)
    if counted {
        found.truncate(usize::try_from(value).unwrap_or(0));
    }
    found
}

/// The award items not scored yet: no mark given (0 given is a score) and no live event. They
/// are shown as not scored (not as 0) and the review leads to them before finalizing.
pub fn unscored_awards<'a>(
    rubric: &'a Rubric,
    marks: &crate::domain::scoring::Marks,
    events: &[Event],
) -> Vec<&'a Item> {
    rubric
        .dimensions
        .iter()
        .flat_map(|d| &d.items)
        .filter(|i| matches!(i.kind, ItemKind::Award { .. }))
        .filter(|i| !marks.contains_key(&i.id) && !events.iter().any(|e| e.item == i.id))
        .collect()
}

/// Whether an appearance can be scored live: someone who can be scored appeared, who it was is
/// entered, and its evaluation (if any yet) is a draft.
pub fn live_eligible(category: AppearCategory, person: &str, status: Option<EvalStatus>) -> bool {
    category.scorable()
        && !person.trim().is_empty()
        && status.is_none_or(|s| s == EvalStatus::Draft)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(seq: i64, kind: EventKind, item: &str, prev: i64, value: i64) -> Event {
        Event {
            seq,
            elapsed_ms: seq * 1000,
            at: String::new(),
            stage: String::new(),
            kind,
            item: item.into(),
            note: String::new(),
            value,
            prev,
            target: None,
        }
    }

    #[test]
    fn keys_step_each_kind_of_item_within_what_it_allows() {
        let once = ItemKind::Deduction {
            points: 3,
            counted: false,
            cap: 20,
        };
        let counted = ItemKind::Deduction {
            points: 3,
            counted: true,
            cap: 20,
        };
        let award = ItemKind::Award { max: 10, step: 5 };
        let cases = [
            (&once, 0, Step::Toggle, 1),
            (&once, 1, Step::Toggle, 0),
            (&once, 0, Step::Up, 1),
            (&once, 1, Step::Up, 1),
            (&once, 1, Step::Down, 0),
            (&counted, 2, Step::Up, 3),
            (&counted, 0, Step::Down, 0),
            (&award, 5, Step::Toggle, 10),
            (&award, 10, Step::Toggle, 0),
            (&award, 10, Step::Up, 10),
            (&award, 5, Step::Down, 0),
        ];
        for (kind, v, s, want) in cases {
            assert_eq!(step(kind, v, s), want, "{kind:?} {v} {s:?}");
        }
    }

    #[test]
    fn digits_give_an_award_its_points() {
        let award = ItemKind::Award { max: 10, step: 1 };
        assert_eq!(typed(&award, None, 8), Some(8));
        assert_eq!(typed(&award, Some(1), 0), Some(10));
        // past the maximum: the digit starts again
        assert_eq!(typed(&award, Some(8), 5), Some(5));
        // an award of 0 or 10: 1 is not its points yet, 1 then 0 is
        let all_or_nothing = ItemKind::Award { max: 10, step: 10 };
        assert_eq!(typed(&all_or_nothing, None, 1), Some(1));
        assert!(!takes(&all_or_nothing, 1));
        assert_eq!(typed(&all_or_nothing, Some(1), 0), Some(10));
        assert!(takes(&all_or_nothing, 10) && takes(&all_or_nothing, 0));
        let once = ItemKind::Veto {
            flag: "refused".into(),
            heads_only: false,
        };
        assert_eq!(typed(&once, None, 1), None);
    }

    #[test]
    fn the_marks_that_raised_a_mark_and_were_not_undone_support_it() {
        let counted = ItemKind::Deduction {
            points: 5,
            counted: true,
            cap: 20,
        };
        let mut undo = event(3, EventKind::Undo, "off_point", 2, 1);
        undo.target = Some(2);
        let events = vec![
            event(1, EventKind::Mark, "off_point", 0, 1),
            event(2, EventKind::Mark, "off_point", 1, 2),
            undo,
            event(4, EventKind::Mark, "off_point", 1, 2),
            event(5, EventKind::Mark, "late", 0, 1),
        ];
        let seqs = |v: Vec<&Event>| v.iter().map(|e| e.seq).collect::<Vec<_>>();
        assert_eq!(seqs(supporting(&events, &counted, "off_point", 2)), [1, 4]);
        assert_eq!(seqs(supporting(&events, &counted, "off_point", 0)), [0; 0]);
    }

    #[test]
    fn who_can_be_scored_live() {
        use AppearCategory::*;
        assert!(live_eligible(Deputy, "张建国", None));
        assert!(live_eligible(Deputy, "张建国", Some(EvalStatus::Draft)));
        assert!(!live_eligible(Deputy, "张建国", Some(EvalStatus::Final)));
        assert!(!live_eligible(Deputy, " ", None));
        assert!(!live_eligible(Nobody, "", None));
        assert!(!live_eligible(LawyerOnly, "王律师", None));
    }
}
