//! Live scoring: stages of a hearing, the event log's kinds, what one key press does to a mark,
//! the clock's text and an event in words (in the [`Voice`] the caller hands in). Pure; the store
//! records events, the screen shows them.

use super::rubric::ItemKind;
use super::scoring::{MAX_COUNT, Marks, clamp_mark};
use crate::msg::{Bilingual, Msg, Voice};

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

impl crate::msg::Keyed for Stage {
    fn label_key(self) -> &'static str {
        Stage::label_key(self)
    }
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
    pub fn label_key(self) -> &'static str {
        match self {
            Stage::Opening => "stage.opening",
            Stage::Investigation => "stage.investigation",
            Stage::Debate => "stage.debate",
            Stage::FinalStatement => "stage.final_statement",
            Stage::Recess => "stage.recess",
            Stage::Closing => "stage.closing",
        }
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

/// Why a log of events does not replay: the first event (its `seq`) that does not follow from
/// the ones before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotReplayed {
    pub seq: i64,
}

/// The marks a log of events leaves, replayed as live mode recorded it: each event numbered in
/// turn from 1, no earlier than the one before; a mark's `prev` is its item's value then and its
/// value what one press gives ([`pressed`]); an undo reverts the last mark not yet undone,
/// restoring the value before it. Items never pressed are absent; items left at 0 are kept at 0.
pub fn replay(rubric: &super::rubric::Rubric, events: &[Event]) -> Result<Marks, NotReplayed> {
    let mut marks = Marks::new();
    // the marks not undone yet, last on top: (seq, item, value before)
    let mut undoable: Vec<(i64, &str, i64)> = Vec::new();
    let mut last_ms = 0;
    for (i, e) in events.iter().enumerate() {
        let wrong = || NotReplayed { seq: e.seq };
        if e.seq != i as i64 + 1 || e.elapsed_ms < last_ms {
            return Err(wrong());
        }
        last_ms = e.elapsed_ms;
        let now = marks.get(&e.item).copied().unwrap_or(0);
        match e.kind {
            EventKind::Mark => {
                let (_, item) = rubric.item(&e.item).ok_or_else(wrong)?;
                if e.prev != now || e.value != pressed(&item.kind, now) {
                    return Err(wrong());
                }
                undoable.push((e.seq, e.item.as_str(), now));
                marks.insert(e.item.clone(), e.value);
            }
            EventKind::Undo => {
                let (seq, item, before) = undoable.pop().ok_or_else(wrong)?;
                if e.target != Some(seq) || e.item != item || e.prev != now || e.value != before {
                    return Err(wrong());
                }
                marks.insert(e.item.clone(), e.value);
            }
            EventKind::Note => {}
            EventKind::Stage => {
                if Stage::from_id(&e.note).is_none() || e.stage != e.note {
                    return Err(wrong());
                }
            }
        }
    }
    Ok(marks)
}

/// "01:02:03" from milliseconds.
pub fn clock(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

/// An event in words, for the live screen and the review.
pub fn describe(e: &Event, rubric: &super::rubric::Rubric, voice: Voice) -> String {
    let item = rubric
        .item(&e.item)
        .map(|(_, i)| i.label_in(voice.lang).to_string())
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
        EventKind::Undo => voice.say(
            &Msg::new("live.undo_of")
                .arg("seq", e.target.unwrap_or(0))
                .arg("item", &item),
        ),
        EventKind::Note => format!("✎ {}", e.note),
        EventKind::Stage => voice.say(&Msg::new("live.stage_to").arg(
            "stage",
            Stage::from_id(&e.note).map_or("", |s| voice.t(s.label_key())),
        )),
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
    fn a_log_replays_to_the_marks_it_made() {
        let rubric = super::super::rubric::Rubric::default_rubric();
        let ev = |seq, kind, item: &str, prev, value, target| Event {
            seq,
            elapsed_ms: seq * 1000,
            at: String::new(),
            stage: "debate".into(),
            kind,
            item: item.into(),
            note: if kind == EventKind::Stage {
                "debate".into()
            } else {
                String::new()
            },
            value,
            prev,
            target,
        };
        let log = [
            ev(1, EventKind::Stage, "", 0, 0, None),
            ev(2, EventKind::Mark, "phone", 0, 1, None),
            ev(3, EventKind::Mark, "phone", 1, 2, None),
            ev(4, EventKind::Mark, "late", 0, 1, None),
            ev(5, EventKind::Undo, "late", 1, 0, Some(4)),
            ev(6, EventKind::Note, "", 0, 0, None),
            ev(7, EventKind::Mark, "settled", 0, 10, None),
            ev(8, EventKind::Undo, "settled", 10, 0, Some(7)),
            ev(9, EventKind::Undo, "phone", 2, 1, Some(3)),
        ];
        let marks = replay(&rubric, &log).unwrap();
        let want: Marks = [("late", 0), ("phone", 1), ("settled", 0)]
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
        assert_eq!(marks, want);
        // a press that did not do what a press does, an undo of the wrong mark, time going back
        let mut wrong = log.clone();
        wrong[2].value = 3;
        assert_eq!(replay(&rubric, &wrong), Err(NotReplayed { seq: 3 }));
        let mut wrong = log.clone();
        wrong[4].target = Some(3);
        assert_eq!(replay(&rubric, &wrong), Err(NotReplayed { seq: 5 }));
        let mut wrong = log.clone();
        wrong[5].elapsed_ms = 100;
        assert_eq!(replay(&rubric, &wrong), Err(NotReplayed { seq: 6 }));
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
                crate::msg::test_words::catalog()
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
