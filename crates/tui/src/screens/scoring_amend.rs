//! Amendment mode of the review screen (修订): a finalized evaluation's marks, its comment and its
//! appearance's fields are changed here in memory only; the original stays as it is until the
//! changes are saved together, with a reason and the judge's name (see `overlay::amend`).

use crate::domain::amend::AppearanceField;
use crate::domain::model::Appearance;
use crate::domain::rubric::{ItemKind, Rubric};
use crate::domain::scoring::{self, Marks, Score};
use crate::i18n::prelude::*;
use crate::i18n::t;
use crate::keymap::Action;
use crate::overlay::amend::Pending;
use crate::records::Evaluation;
use crate::report::history;

/// The appearance's fields an amendment may change here, in the order shown.
pub const FIELDS: &[AppearanceField] = AppearanceField::ALL;

/// What the amendment would make of the record, and its score.
#[derive(Clone, Debug)]
pub struct Amending {
    pub appearance: Appearance,
    pub marks: Marks,
    pub comment: String,
    pub score: Score,
}

impl Amending {
    pub fn new(eval: &Evaluation, appearance: &Appearance, rubric: &Rubric) -> Amending {
        Amending {
            appearance: appearance.clone(),
            marks: eval.marks.clone(),
            comment: eval.comment.clone(),
            score: scoring::score(
                rubric,
                &eval.marks,
                &appearance.derived_flags(),
                appearance.category.is_head(),
            ),
        }
    }

    /// The score the record would have (the same rules the store applies).
    pub fn rescore(&mut self, rubric: &Rubric) {
        let a = &self.appearance;
        self.score = scoring::score(
            rubric,
            &self.marks,
            &a.derived_flags(),
            a.category.is_head(),
        );
    }

    /// An item's mark stepped by a marking key; an amendment cannot take the level item back to
    /// "not set" once it was set (it names an option).
    pub fn set_mark(&mut self, rubric: &Rubric, item: &str, value: i64, original: i64) {
        let value = match rubric.item(item).map(|(_, i)| &i.kind) {
            Some(ItemKind::Level { .. }) if value == 0 && original > 0 => 1,
            _ => value,
        };
        self.marks.insert(item.to_string(), value);
        self.rescore(rubric);
    }

    /// A field's value as the store keeps it (kinds by id, yes/no as 1/0).
    pub fn field_value(a: &Appearance, f: AppearanceField) -> String {
        let yes_no = |b: bool| i64::from(b).to_string();
        match f {
            AppearanceField::Category => a.category.id().to_string(),
            AppearanceField::Person => a.person.clone(),
            AppearanceField::Title => a.title.clone(),
            AppearanceField::Notified => yes_no(a.notified),
            AppearanceField::AbsenceReason => a.absence_reason.id().to_string(),
            AppearanceField::ReasonAccepted => yes_no(a.reason_accepted),
            AppearanceField::AbsentAfterPostponement => yes_no(a.absent_after_postponement),
        }
    }

    /// Steps a choice or a yes/no field with a marking key; text fields are typed (false).
    pub fn step_field(&mut self, rubric: &Rubric, f: AppearanceField, action: Action) -> bool {
        let a = &mut self.appearance;
        let back = action == Action::Decrease;
        match f {
            AppearanceField::Category => {
                a.category = if back {
                    a.category.prev()
                } else {
                    a.category.next()
                }
            }
            AppearanceField::AbsenceReason => {
                a.absence_reason = if back {
                    a.absence_reason.prev()
                } else {
                    a.absence_reason.next()
                }
            }
            AppearanceField::Notified => a.notified = flip(a.notified, action),
            AppearanceField::ReasonAccepted => a.reason_accepted = flip(a.reason_accepted, action),
            AppearanceField::AbsentAfterPostponement => {
                a.absent_after_postponement = flip(a.absent_after_postponement, action)
            }
            AppearanceField::Person | AppearanceField::Title => return false,
        }
        self.rescore(rubric);
        true
    }

    /// A typed text field (the person, the title).
    pub fn set_text(&mut self, f: AppearanceField, text: &str) {
        match f {
            AppearanceField::Person => self.appearance.person = text.trim().to_string(),
            AppearanceField::Title => self.appearance.title = text.trim().to_string(),
            _ => {}
        }
    }

    /// Every change against the record as it is: the appearance's fields, the marks in the
    /// rubric's order, the comment.
    pub fn changes(
        &self,
        rubric: &Rubric,
        eval: &Evaluation,
        original: &Appearance,
    ) -> Vec<Pending> {
        let mut out = Vec::new();
        let mut push = |field: &str, old: String, new: String| {
            if old != new {
                out.push(Pending {
                    field: field.to_string(),
                    shown: history::change(rubric, field, &old, &new),
                    value: new,
                });
            }
        };
        for f in FIELDS {
            push(
                f.id(),
                Self::field_value(original, *f),
                Self::field_value(&self.appearance, *f),
            );
        }
        for item in rubric.dimensions.iter().flat_map(|d| &d.items) {
            let old = eval.marks.get(&item.id).copied().unwrap_or(0);
            let new = self.marks.get(&item.id).copied().unwrap_or(0);
            if old != new {
                push(
                    &item.id,
                    item_value(&item.kind, old),
                    item_value(&item.kind, new),
                );
            }
        }
        push("comment", eval.comment.clone(), self.comment.clone());
        out
    }

    /// How a field reads in the list: its current (amended) value.
    pub fn field_text(&self, f: AppearanceField) -> String {
        let a = &self.appearance;
        let yes_no = |b: bool| if b { t("common.yes") } else { t("common.no") }.to_string();
        match f {
            AppearanceField::Category => format!("‹{}›", a.category.label()),
            AppearanceField::AbsenceReason => format!("‹{}›", a.absence_reason.label()),
            AppearanceField::Person | AppearanceField::Title => {
                let v = Self::field_value(a, f);
                if v.is_empty() { "—".to_string() } else { v }
            }
            AppearanceField::Notified => yes_no(a.notified),
            AppearanceField::ReasonAccepted => yes_no(a.reason_accepted),
            AppearanceField::AbsentAfterPostponement => yes_no(a.absent_after_postponement),
        }
    }
}

fn flip(on: bool, action: Action) -> bool {
    match action {
        Action::Increase => true,
        Action::Decrease => false,
        _ => !on,
    }
}

/// A mark as an amendment names it: the level item's option id, yes/no as 1/0, else the number.
pub fn item_value(kind: &ItemKind, v: i64) -> String {
    match kind {
        ItemKind::Level { options } if v > 0 => options
            .get(v as usize - 1)
            .map(|o| o.id.clone())
            .unwrap_or_else(|| v.to_string()),
        ItemKind::Deduction { counted: false, .. } | ItemKind::Veto { .. } | ItemKind::Fact => {
            i64::from(v > 0).to_string()
        }
        _ => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{AbsenceReason, AppearCategory, EvalStatus};

    #[test]
    fn changes_are_what_differs_from_the_record_named_as_the_store_takes_them() {
        crate::i18n::set_lang(crate::i18n::Lang::Zh);
        let r = Rubric::default_rubric();
        let eval = Evaluation {
            id: 1,
            appearance_id: 1,
            rubric_hash: r.hash.clone(),
            status: EvalStatus::Final,
            comment: "发言较好".into(),
            finalized_by: "王审判".into(),
            finalized_at: String::new(),
            marks: Marks::new(),
            notes: Default::default(),
            performance: None,
        };
        let a = Appearance {
            id: 1,
            hearing_id: 1,
            agency_id: 1,
            agency_name: "合肥市公安局".into(),
            notified: true,
            person: "宋静".into(),
            title: "局长".into(),
            category: AppearCategory::Deputy,
            absence_reason: AbsenceReason::NotGiven,
            reason_accepted: false,
            absent_after_postponement: false,
        };
        let mut m = Amending::new(&eval, &a, &r);
        assert!(m.changes(&r, &eval, &a).is_empty());
        let before = m.score.total_tenths;
        m.set_mark(&r, "late", 1, 0);
        assert!(
            m.score.total_tenths < before,
            "the preview follows the marks"
        );
        assert!(m.step_field(&r, AppearanceField::Category, Action::Toggle));
        assert!(!m.step_field(&r, AppearanceField::Person, Action::Toggle));
        m.set_text(AppearanceField::Person, " 宋 静 ");
        m.comment = "发言照本宣科".into();
        let c = m.changes(&r, &eval, &a);
        let got: Vec<(&str, &str)> = c
            .iter()
            .map(|p| (p.field.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("category", "other_head"),
                ("person", "宋 静"),
                ("late", "1"),
                ("comment", "发言照本宣科")
            ]
        );
        assert_eq!(c[2].shown, "迟到：否 → 是");
        // back to what it was: no change left
        m.set_mark(&r, "late", 0, 0);
        assert_eq!(m.changes(&r, &eval, &a).len(), 3);
    }
}
