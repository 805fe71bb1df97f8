//! Live scoring: stages of a hearing, the event log's kinds, what one key press does to a mark,
//! the clock's text and an event in words. Pure; the store records events, the screen shows them.

use super::rubric::ItemKind;
use super::scoring::{MAX_COUNT, clamp_mark};
use crate::i18n::{t, tf};

/// Stages of a hearing, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    Opening,
    Investigation,
    Debate,
    FinalStatement,
    Recess,
    Closing,
}

impl Stage {
    pub const ALL: &[Stage] = &[
        Stage::Opening,
        Stage::Investigation,
        Stage::Debate,
        Stage::FinalStatement,
        Stage::Recess,
        Stage::Closing,
    ];
    pub fn id(self) -> &'static str {
        match self {
            Stage::Opening => "opening",
            Stage::Investigation => "investigation",
            Stage::Debate => "debate",
            Stage::FinalStatement => "final_statement",
            Stage::Recess => "recess",
            Stage::Closing => "closing",
        }
    }
    pub fn from_id(s: &str) -> Option<Stage> {
        Stage::ALL.iter().copied().find(|x| x.id() == s)
    }
    pub fn label(self) -> &'static str {
        t(&format!("stage.{}", self.id()))
    }
    /// The stage after `current` (the first when none); the last stays the last.
    pub fn next(current: Option<Stage>) -> Stage {
        match current {
            None => Stage::Opening,
            Some(s) => {
                let i = Stage::ALL.iter().position(|x| *x == s).unwrap_or(0);
                Stage::ALL[(i + 1).min(Stage::ALL.len() - 1)]
            }
        }
    }
    pub fn prev(current: Option<Stage>) -> Stage {
        let i = current
            .and_then(|s| Stage::ALL.iter().position(|x| *x == s))
            .unwrap_or(0);
        Stage::ALL[i.saturating_sub(1)]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    Mark,
    Undo,
    Note,
    Stage,
}

impl EventKind {
    pub fn id(self) -> &'static str {
        match self {
            EventKind::Mark => "mark",
            EventKind::Undo => "undo",
            EventKind::Note => "note",
            EventKind::Stage => "stage",
        }
    }
    pub fn from_id(s: &str) -> Option<EventKind> {
        [
            EventKind::Mark,
            EventKind::Undo,
            EventKind::Note,
            EventKind::Stage,
        ]
        .into_iter()
        .find(|k| k.id() == s)
    }
}

/// One entry of an evaluation's event log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub seq: i64,
    /// since the hearing's live start
    pub elapsed_ms: i64,
    /// wall time, RFC 3339
    pub at: String,
    /// the stage in force when it happened ("" before the first)
    pub stage: String,
    pub kind: EventKind,
    /// the item marked or unmarked (mark, undo)
    pub item: String,
    /// the note's text, or the stage entered (stage)
    pub note: String,
    /// the mark's value after and before the event (mark, undo)
    pub value: i64,
    pub prev: i64,
    /// the mark event an undo reverts
    pub target: Option<i64>,
}

/// What one press of an item's live key does: counted items count up, one-off items and awards toggle.
pub fn pressed(kind: &ItemKind, current: i64) -> i64 {
    let v = match kind {
        ItemKind::Deduction { counted: true, .. } => (current + 1).min(MAX_COUNT),
        ItemKind::Deduction { counted: false, .. } | ItemKind::Veto { .. } | ItemKind::Fact => {
            i64::from(current == 0)
        }
        ItemKind::Award { max, .. } => {
            if current == 0 {
                *max
            } else {
                0
            }
        }
        ItemKind::Level { options } => (current % options.len() as i64) + 1,
    };
    clamp_mark(kind, v)
}

/// "01:02:03" from milliseconds.
pub fn clock(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

/// An event in words, for the live screen and the review.
pub fn describe(e: &Event, rubric: &super::rubric::Rubric) -> String {
    let item = rubric
        .item(&e.item)
        .map(|(_, i)| i.label().to_string())
        .unwrap_or_else(|| e.item.clone());
    match e.kind {
        EventKind::Mark => {
            let kind = rubric.item(&e.item).map(|(_, i)| i.kind.clone());
            match kind {
                Some(ItemKind::Deduction { counted: true, .. }) => format!("{item} ×{}", e.value),
                Some(ItemKind::Award { .. }) => format!("{item} {}", e.value),
                _ if e.value > 0 => format!("{item} ●"),
                _ => format!("{item} ○"),
            }
        }
        EventKind::Undo => tf(
            "live.undo_of",
            &[("seq", &e.target.unwrap_or(0)), ("item", &item)],
        ),
        EventKind::Note => format!("✎ {}", e.note),
        EventKind::Stage => tf(
            "live.stage_to",
            &[(
                "stage",
                &Stage::from_id(&e.note).map(|s| s.label()).unwrap_or(""),
            )],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presses() {
        let counted = ItemKind::Deduction {
            points: 3,
            counted: true,
            cap: 20,
        };
        let once = ItemKind::Deduction {
            points: 3,
            counted: false,
            cap: 20,
        };
        let award = ItemKind::Award { max: 10, step: 10 };
        assert_eq!(pressed(&counted, 0), 1);
        assert_eq!(pressed(&counted, 4), 5);
        assert_eq!(pressed(&once, 0), 1);
        assert_eq!(pressed(&once, 1), 0);
        assert_eq!(pressed(&award, 0), 10);
        assert_eq!(pressed(&award, 10), 0);
    }

    #[test]
    fn stages_move_in_order() {
        assert_eq!(Stage::next(None), Stage::Opening);
        assert_eq!(Stage::next(Some(Stage::Debate)), Stage::FinalStatement);
        assert_eq!(Stage::next(Some(Stage::Closing)), Stage::Closing);
        assert_eq!(Stage::prev(Some(Stage::Debate)), Stage::Investigation);
        assert_eq!(Stage::prev(Some(Stage::Opening)), Stage::Opening);
        for s in Stage::ALL {
            assert!(
                crate::i18n::catalog()
                    .zh
                    .contains_key(&format!("stage.{}", s.id()))
            );
        }
    }

    #[test]
    fn clock_text() {
        assert_eq!(clock(0), "00:00:00");
        assert_eq!(clock(3_723_999), "01:02:03");
        assert_eq!(clock(-5), "00:00:00");
    }
}
