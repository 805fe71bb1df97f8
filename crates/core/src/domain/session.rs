//! What the app keeps of a session so a kill or a power cut loses nothing: where to return (a
//! resume point) and a form not saved yet (a draft: a form, or live mode's evidence note being
//! typed). Typed: written and read by these structs.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where the app returns after a crash.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "screen", rename_all = "snake_case", deny_unknown_fields)]
pub enum ResumePoint {
    /// live mode on an appearance of a hearing
    Live { hearing: i64, appearance: i64 },
    /// the review (scoring) screen of an appearance
    Review { appearance: i64 },
}

impl ResumePoint {
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A stored resume point: this struct's json, or the `live:H:A` / `review:A` of earlier
    /// versions. None for anything else (the app then starts on the list).
    pub fn parse(text: &str) -> Option<ResumePoint> {
        if let Ok(p) = serde_json::from_str(text) {
            return Some(p);
        }
        let mut parts = text.split(':');
        let point = match (parts.next(), parts.next(), parts.next()) {
            (Some("live"), Some(h), Some(a)) => ResumePoint::Live {
                hearing: h.parse().ok()?,
                appearance: a.parse().ok()?,
            },
            (Some("review"), Some(a), None) => ResumePoint::Review {
                appearance: a.parse().ok()?,
            },
            _ => return None,
        };
        parts.next().is_none().then_some(point)
    }
}

/// Which form a draft belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftForm {
    Hearing,
    Appearance,
    /// live mode's evidence note being typed (`id`: the appearance, `fields["note"]` the text,
    /// `moment` when its key was pressed)
    LiveNote,
}

/// The moment a live note belongs to: when its key was pressed, since the hearing's live start and
/// on the wall clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftMoment {
    pub elapsed_ms: i64,
    pub at: String,
}

/// One field of a form as typed so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DraftValue {
    Toggle(bool),
    /// a text field, or a choice's option id
    Text(String),
    /// a list (the defendants): the entries, and what is being typed
    List {
        items: Vec<String>,
        typing: String,
    },
}

/// A form not saved yet: which form, of which record (None: a new one), and its fields by id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormDraft {
    pub form: DraftForm,
    pub id: Option<i64>,
    pub fields: BTreeMap<String, DraftValue>,
    /// the field that had the focus
    #[serde(default)]
    pub focus: usize,
    /// a live note's moment (none for a form)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moment: Option<DraftMoment>,
}

impl FormDraft {
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A stored draft, or None when it is not one (the app then opens no form).
    pub fn parse(text: &str) -> Option<FormDraft> {
        if let Ok(d) = serde_json::from_str(text) {
            return Some(d);
        }
        // earlier versions: {"form": .., "id": .., "values": {"fields": {..}}}
        #[derive(Deserialize)]
        struct Earlier {
            form: DraftForm,
            id: Option<i64>,
            values: EarlierValues,
        }
        #[derive(Deserialize)]
        struct EarlierValues {
            fields: BTreeMap<String, DraftValue>,
            #[serde(default)]
            focus: usize,
        }
        let e: Earlier = serde_json::from_str(text).ok()?;
        Some(FormDraft {
            form: e.form,
            id: e.id,
            fields: e.values.fields,
            focus: e.values.focus,
            moment: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resume_points_round_trip_and_read_the_earlier_form() {
        for p in [
            ResumePoint::Live {
                hearing: 3,
                appearance: 7,
            },
            ResumePoint::Review { appearance: 9 },
        ] {
            assert_eq!(ResumePoint::parse(&p.to_text()), Some(p));
        }
        assert_eq!(
            ResumePoint::parse("live:3:7"),
            Some(ResumePoint::Live {
                hearing: 3,
                appearance: 7
            })
        );
        assert_eq!(
            ResumePoint::parse("review:9"),
            Some(ResumePoint::Review { appearance: 9 })
        );
        for bad in [
            "",
            "live:3",
            "live:x:7",
            "review:9:1",
            "list",
            "{\"screen\":\"x\"}",
        ] {
            assert_eq!(ResumePoint::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn drafts_round_trip_and_read_the_earlier_form() {
        let d = FormDraft {
            form: DraftForm::Hearing,
            id: None,
            fields: BTreeMap::from([
                (
                    "case_number".into(),
                    DraftValue::Text("（2026）皖0104行初1号".into()),
                ),
                ("online".into(), DraftValue::Toggle(true)),
                (
                    "defendants".into(),
                    DraftValue::List {
                        items: vec!["合肥市公安局".into()],
                        typing: "合肥市生".into(),
                    },
                ),
            ]),
            focus: 2,
            moment: None,
        };
        assert_eq!(FormDraft::parse(&d.to_text()), Some(d.clone()));
        assert!(!d.to_text().contains("moment"), "a form's draft as before");
        // a live note: its text and the moment its key was pressed
        let note = FormDraft {
            form: DraftForm::LiveNote,
            id: Some(7),
            fields: BTreeMap::from([("note".into(), DraftValue::Text("负责人称愿".into()))]),
            focus: 0,
            moment: Some(DraftMoment {
                elapsed_ms: 1_234_000,
                at: "2026-11-28T09:50:34.000+08:00".into(),
            }),
        };
        assert_eq!(FormDraft::parse(&note.to_text()), Some(note));
        let earlier = r#"{"form":"hearing","id":null,"values":{"fields":{"case_number":"（2026）皖0104行初1号","online":true,"defendants":{"items":["合肥市公安局"],"typing":"合肥市生"}},"focus":2}}"#;
        assert_eq!(FormDraft::parse(earlier), Some(d));
        assert_eq!(FormDraft::parse("{\"form\":\"other\"}"), None);
    }
}
