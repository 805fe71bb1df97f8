//! Amendments (修订): which fields of a finalized or reported record may be changed, and what a
//! value typed for each means. Pure: the store applies what this parses.

use super::model::{AbsenceReason, ActKind, AppearCategory, KeyCategory};
use super::rubric::{ItemKind, Rubric};
use super::scoring;
use crate::msg::{Msg, msg, msgf};

/// A field an amendment may change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    /// a rubric item of the evaluation (its mark)
    Item(String),
    /// the evaluation's comment
    Comment,
    Appearance(AppearanceField),
    Hearing(HearingField),
}

macro_rules! fields {
    ($name:ident { $($var:ident = $id:literal),* $(,)? }) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name { $($var),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),*];
            pub fn id(self) -> &'static str { match self { $($name::$var => $id),* } }
            pub fn from_id(s: &str) -> Option<Self> { match s { $($id => Some($name::$var),)* _ => None } }
        }
    };
}

fields!(AppearanceField {
    Category = "category",
    Person = "person",
    Title = "title",
    Notified = "notified",
    AbsenceReason = "absence_reason",
    ReasonAccepted = "reason_accepted",
    AbsentAfterPostponement = "absent_after_postponement",
});

fields!(HearingField {
    CaseNumber = "case_number",
    Cause = "cause",
    ActKind = "act_kind",
    Court = "court",
    Judge = "judge",
    Clerk = "clerk",
    Date = "date",
    StartTime = "start_time",
    EndTime = "end_time",
    Online = "online",
    KeyCategory = "key_category",
});

impl Field {
    /// The field named `name`: a rubric item id, `comment`, an appearance field or a hearing field.
    pub fn parse(rubric: &Rubric, name: &str) -> Result<Field, Msg> {
        let name = name.trim();
        if rubric.item(name).is_some() {
            return Ok(Field::Item(name.to_string()));
        }
        if name == "comment" {
            return Ok(Field::Comment);
        }
        if let Some(f) = AppearanceField::from_id(name) {
            return Ok(Field::Appearance(f));
        }
        if let Some(f) = HearingField::from_id(name) {
            return Ok(Field::Hearing(f));
        }
        Err(msgf(
            "amend.err.field",
            &[
                ("field", &name),
                ("fields", &Field::names(rubric).join(", ")),
            ],
        ))
    }

    /// Every field name an amendment accepts.
    pub fn names(rubric: &Rubric) -> Vec<String> {
        rubric
            .dimensions
            .iter()
            .flat_map(|d| d.items.iter().map(|i| i.id.clone()))
            .chain(["comment".to_string()])
            .chain(AppearanceField::ALL.iter().map(|f| f.id().to_string()))
            .chain(HearingField::ALL.iter().map(|f| f.id().to_string()))
            .collect()
    }

    /// The name the audit log and the 更正 sheet use for it.
    pub fn id(&self) -> &str {
        match self {
            Field::Item(id) => id,
            Field::Comment => "comment",
            Field::Appearance(f) => f.id(),
            Field::Hearing(f) => f.id(),
        }
    }
}

/// What a typed value means for a field: the value as stored (a mark as a number, a kind by its
/// id, a yes/no as 1/0, text cleaned). A case number's scope is checked by the caller.
pub fn value(rubric: &Rubric, field: &Field, input: &str) -> Result<String, Msg> {
    let input = input.trim();
    let bad = |why: Msg| {
        Msg::new("amend.err.value")
            .arg("field", field.id())
            .arg("value", input)
            .nest("why", why)
    };
    let one_of = |ids: Vec<&str>| bad(msgf("amend.err.one_of", &[("ids", &ids.join(", "))]));
    match field {
        Field::Item(id) => {
            let (_, item) = rubric.item(id).ok_or_else(|| bad(Msg::verbatim("")))?;
            let n = match &item.kind {
                ItemKind::Level { options } => match options.iter().position(|o| o.id == input) {
                    Some(i) => i as i64 + 1,
                    None => return Err(one_of(options.iter().map(|o| o.id.as_str()).collect())),
                },
                ItemKind::Deduction { counted: false, .. } | ItemKind::Veto { .. } => yes_no(input)
                    .map(i64::from)
                    .ok_or_else(|| bad(msg("amend.err.yes_no")))?,
                _ => input
                    .parse::<i64>()
                    .map_err(|_| bad(msg("amend.err.number")))?,
            };
            let clamped = scoring::clamp_mark(&item.kind, n);
            if clamped != n {
                return Err(bad(msgf("amend.err.range", &[("value", &clamped)])));
            }
            Ok(n.to_string())
        }
        Field::Comment => Ok(input.to_string()),
        Field::Appearance(f) => match f {
            AppearanceField::Category => AppearCategory::from_id(input)
                .map(|c| c.id().to_string())
                .ok_or_else(|| one_of(AppearCategory::ALL.iter().map(|c| c.id()).collect())),
            AppearanceField::AbsenceReason => AbsenceReason::from_id(input)
                .map(|c| c.id().to_string())
                .ok_or_else(|| one_of(AbsenceReason::ALL.iter().map(|c| c.id()).collect())),
            AppearanceField::Notified
            | AppearanceField::ReasonAccepted
            | AppearanceField::AbsentAfterPostponement => yes_no(input)
                .map(|b| i64::from(b).to_string())
                .ok_or_else(|| bad(msg("amend.err.yes_no"))),
            AppearanceField::Person | AppearanceField::Title => Ok(input.to_string()),
        },
        Field::Hearing(f) => match f {
            HearingField::ActKind => ActKind::from_id(input)
                .map(|c| c.id().to_string())
                .ok_or_else(|| one_of(ActKind::ALL.iter().map(|c| c.id()).collect())),
            HearingField::KeyCategory => KeyCategory::from_id(input)
                .map(|c| c.id().to_string())
                .ok_or_else(|| one_of(KeyCategory::ALL.iter().map(|c| c.id()).collect())),
            HearingField::Online => yes_no(input)
                .map(|b| i64::from(b).to_string())
                .ok_or_else(|| bad(msg("amend.err.yes_no"))),
            HearingField::Date => super::validate::date(input).map_err(bad),
            HearingField::StartTime => super::validate::time(input).map_err(bad),
            HearingField::EndTime => super::validate::optional_time(input).map_err(bad),
            HearingField::CaseNumber => super::case_number::parse(input)
                .map(|c| c.canonical())
                .map_err(|e| bad(e.message())),
            HearingField::Cause
            | HearingField::Court
            | HearingField::Judge
            | HearingField::Clerk => super::validate::required(input).map_err(bad),
        },
    }
}

impl Field {
    /// The field as a reader knows it: the item's label, or the form's field name.
    pub fn label(&self, rubric: &Rubric) -> Msg {
        match self {
            Field::Item(id) => rubric
                .item(id)
                .map(|(_, i)| Msg::pair(&i.zh, &i.en))
                .unwrap_or_else(|| Msg::verbatim(id)),
            Field::Comment => msg("scoring.comment"),
            Field::Appearance(f) => msg(format!("field.{}", f.id())),
            Field::Hearing(f) => msg(format!("field.{}", f.id())),
        }
    }
}

/// A field's value (as stored in an amendment) as a reader knows it: a kind by its label, yes/no
/// in words, an option of the level item by its label; the rest as it is.
pub fn value_label(rubric: &Rubric, field: &str, value: &str) -> Msg {
    let Ok(f) = Field::parse(rubric, field) else {
        return Msg::verbatim(value);
    };
    let yes_no = |v: &str| match v {
        "1" => msg("common.yes"),
        "0" => msg("common.no"),
        v => Msg::verbatim(v),
    };
    let or = |label: Option<&'static str>| label.map(msg).unwrap_or_else(|| Msg::verbatim(value));
    match &f {
        Field::Item(id) => match rubric.item(id).map(|(_, i)| &i.kind) {
            Some(ItemKind::Level { .. }) => super::performance::label(rubric, value),
            Some(ItemKind::Deduction { counted: false, .. } | ItemKind::Veto { .. }) => {
                yes_no(value)
            }
            _ => Msg::verbatim(value),
        },
        Field::Appearance(AppearanceField::Category) => {
            or(AppearCategory::from_id(value).map(|c| c.label_key()))
        }
        Field::Appearance(AppearanceField::AbsenceReason) => {
            or(AbsenceReason::from_id(value).map(|c| c.label_key()))
        }
        Field::Appearance(
            AppearanceField::Notified
            | AppearanceField::ReasonAccepted
            | AppearanceField::AbsentAfterPostponement,
        )
        | Field::Hearing(HearingField::Online) => yes_no(value),
        Field::Hearing(HearingField::ActKind) => or(ActKind::from_id(value).map(|c| c.label_key())),
        Field::Hearing(HearingField::KeyCategory) => {
            or(KeyCategory::from_id(value).map(|c| c.label_key()))
        }
        _ => Msg::verbatim(value),
    }
}

/// yes/no as people type it.
pub fn yes_no(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "1" | "true" | "yes" | "y" | "是" | "有" => Some(true),
        "0" | "false" | "no" | "n" | "否" | "无" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::test_words::Text;

    #[test]
    fn fields_are_found_by_name_and_values_mean_what_they_say() {
        let r = Rubric::default_rubric();
        assert_eq!(
            Field::parse(&r, "off_point").unwrap(),
            Field::Item("off_point".into())
        );
        assert_eq!(
            Field::parse(&r, "category").unwrap(),
            Field::Appearance(AppearanceField::Category)
        );
        assert_eq!(
            Field::parse(&r, " date ").unwrap(),
            Field::Hearing(HearingField::Date)
        );
        let e = Field::parse(&r, "grade").unwrap_err().text();
        assert!(e.contains("grade") && e.contains("category"), "{e}");
        let cat = Field::Appearance(AppearanceField::Category);
        assert_eq!(value(&r, &cat, "staff").unwrap(), "staff");
        assert!(
            value(&r, &cat, "boss")
                .unwrap_err()
                .text()
                .contains("principal")
        );
        let notified = Field::Appearance(AppearanceField::Notified);
        assert_eq!(value(&r, &notified, "否").unwrap(), "0");
        assert_eq!(
            value(
                &r,
                &Field::Hearing(HearingField::CaseNumber),
                "(2026)皖0104行初5号"
            )
            .unwrap(),
            "（2026）皖0104行初5号"
        );
        assert!(value(&r, &Field::Hearing(HearingField::Date), "2026-13-01").is_err());
    }

    #[test]
    fn a_mark_is_refused_outside_what_its_item_allows() {
        let r = Rubric::default_rubric();
        let (level, _) = crate::domain::performance::level_item(&r).unwrap();
        let f = Field::Item(level.id.clone());
        assert_eq!(value(&r, &f, "pending").unwrap(), "1");
        assert_eq!(value(&r, &f, "late").unwrap(), "3");
        let e = value(&r, &f, "never").unwrap_err().text();
        assert!(e.contains("on_time") && e.contains("never"), "{e}");
        let award = r
            .dimensions
            .iter()
            .flat_map(|d| &d.items)
            .find(|i| matches!(i.kind, ItemKind::Award { .. }))
            .unwrap();
        let f = Field::Item(award.id.clone());
        assert!(value(&r, &f, "999").is_err());
        assert!(value(&r, &f, "x").is_err());
    }
}
