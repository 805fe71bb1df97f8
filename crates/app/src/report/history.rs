//! How a case's history and a change read for people: `tingping history` prints an audit entry on
//! one line, and the TUI's history view and its amendment mode show the same entries and changes,
//! the fields and values labelled (a rubric item by its name, `1` as 是, `staff` as 委托工作人员).

use crate::domain::amend::{AppearanceField, Field, HearingField};
use crate::domain::model::{AbsenceReason, ActKind, AppearCategory, EvalStatus, KeyCategory};
use crate::domain::rubric::{ItemKind, Rubric};
use crate::domain::text::shown;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::store::audit::{Entry, Names};

/// One entry on one line, as `tingping history` prints it: number, time, who, what (and whose),
/// the change labelled as the TUI's history view labels it, why and who confirmed.
pub fn labelled_line(e: &Entry, rubric: &Rubric, names: &Names) -> String {
    let d = describe(e, rubric, names);
    let change = d.change.map(|c| format!(" {c}")).unwrap_or_default();
    format!(
        "#{}\t{}\t{}\t{}{change}{}",
        d.seq, d.at, d.operator, d.what, d.why
    )
}

/// An entry's parts, the change labelled, for the TUI's history view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Described {
    pub seq: i64,
    /// local time to the second
    pub at: String,
    pub operator: String,
    /// the action and what it was done to ("修订 评议")
    pub what: String,
    /// "field: old → new", labelled; None for a whole record (created, deleted)
    pub change: Option<String>,
    /// "；理由：…；确认：…", empty when neither was recorded
    pub why: String,
}

/// An entry described for the history view: what it was done to names the agency of an
/// appearance or an evaluation, and a field that holds an agency by id shows its name.
pub fn describe(e: &Entry, rubric: &Rubric, names: &Names) -> Described {
    let what = match names.agency_of(e) {
        Some(agency) => tf(
            "history.whose",
            &[("what", &what(e)), ("agency", &shown(agency))],
        ),
        None => what(e),
    };
    let agency = |raw: &str| -> String {
        raw.parse::<i64>()
            .ok()
            .and_then(|id| names.agencies.get(&id))
            .map(|n| shown(n).into_owned())
            .unwrap_or_else(|| value_label(rubric, "agency", raw))
    };
    let change = changed_field(e).map(|f| match f {
        "agency" => format!(
            "{}{}{} → {}",
            field_label(rubric, f),
            t("common.colon"),
            agency(&e.old),
            agency(&e.new)
        ),
        _ => change(rubric, f, &e.old, &e.new),
    });
    Described {
        seq: e.seq,
        at: when(e),
        operator: shown(&e.operator).into_owned(),
        what,
        change,
        why: why(e),
    }
}

/// "label：old → new" for a field as the amendment and the audit log name it.
pub fn change(rubric: &Rubric, field: &str, old: &str, new: &str) -> String {
    format!(
        "{}{}{} → {}",
        field_label(rubric, field),
        t("common.colon"),
        value_label(rubric, field, old),
        value_label(rubric, field, new)
    )
}

fn when(e: &Entry) -> String {
    e.at.get(..19).unwrap_or(&e.at).replace('T', " ")
}

fn what(e: &Entry) -> String {
    format!(
        "{} {}",
        t(&format!("audit.action.{}", e.action)),
        t(&format!("audit.entity.{}", e.entity))
    )
}

fn why(e: &Entry) -> String {
    let mut s = String::new();
    if !e.reason.is_empty() {
        s.push_str(&tf("history.reason", &[("reason", &shown(&e.reason))]));
    }
    if !e.by.is_empty() {
        s.push_str(&tf("history.by", &[("by", &shown(&e.by))]));
    }
    s
}

/// The field an entry changed, when it names one (a record created or deleted is shown whole).
fn changed_field(e: &Entry) -> Option<&str> {
    match e.action.as_str() {
        "create" | "migrate" | "delete" => None,
        _ if e.field.is_empty() => None,
        _ => Some(&e.field),
    }
}

/// A field's name as people read it: a rubric item's label, a form's label; else its id.
pub fn field_label(rubric: &Rubric, id: &str) -> String {
    match Field::parse(rubric, id) {
        Ok(Field::Item(item)) => rubric
            .item(&item)
            .map(|(_, i)| i.label().to_string())
            .unwrap_or(item),
        Ok(Field::Comment) => t("scoring.comment").to_string(),
        Ok(Field::Hearing(HearingField::Online)) => t("field.online_hearing").to_string(),
        Ok(Field::Hearing(f)) => t(&format!("field.{}", f.id())).to_string(),
        Ok(Field::Appearance(f)) => t(&format!("field.{}", f.id())).to_string(),
        Err(_) if id == "status" => t("list.col.status").to_string(),
        // what the log names besides the forms' fields: the live stage, the judgment's dates,
        // a performance outcome recorded as a follow-up
        Err(_) if id == "live.stage" => t("live.stage").to_string(),
        Err(_) if id == "judgment_effective" => t("field.judgment_effective").to_string(),
        Err(_) if id == "performance_deadline" => t("field.performance_deadline").to_string(),
        Err(_) if id == "performance" => t("perf.choose").to_string(),
        // an item's evidence note
        Err(_) if id.ends_with(".note") && rubric.item(id.trim_end_matches(".note")).is_some() => {
            tf(
                "history.field.item_note",
                &[("item", &field_label(rubric, id.trim_end_matches(".note")))],
            )
        }
        // the rest the log follows: each said through the catalog (history.field.*)
        Err(_)
            if HISTORY_FIELDS.contains(&id)
                || crate::store::audit::fields(crate::store::audit::Entity::Suggestion)
                    .contains(&id) =>
        {
            t(&format!("history.field.{id}")).to_string()
        }
        Err(_) => shown(id).into_owned(),
    }
}

/// The fields the log names that no form has, each said by `history.field.<id>`.
const HISTORY_FIELDS: &[&str] = &[
    "sitting",
    "uid",
    "hearing",
    "agency",
    "appearance",
    "rubric",
    "finalized_by",
    "finalized_at",
    "marks",
    "events",
    "name",
    "level",
    "region",
    "government",
    "short_names",
    "room",
    "live.note",
    // an agency's 上一级行政机关 (a judicial suggestion's fields: `audit::fields`)
    "superior",
    // a bureau's video review
    "court_code",
    "scores",
    "note",
    "reviewer",
];

/// A value as people read it: 是/否 for yes/no, a kind's label for its id, an option's label for
/// the level item (its id or its number); text as it is, shortened; "—" for nothing.
pub fn value_label(rubric: &Rubric, field: &str, raw: &str) -> String {
    if raw.is_empty() {
        return "—".to_string();
    }
    let yes_no = |s: &str| match s {
        "1" => t("common.yes").to_string(),
        "0" => t("common.no").to_string(),
        other => other.to_string(),
    };
    let label = match Field::parse(rubric, field) {
        Ok(Field::Item(item)) => match rubric.item(&item).map(|(_, i)| &i.kind) {
            Some(
                ItemKind::Deduction { counted: false, .. } | ItemKind::Veto { .. } | ItemKind::Fact,
            ) => yes_no(raw),
            Some(ItemKind::Deduction { .. }) => format!("×{raw}"),
            Some(ItemKind::Level { options }) => options
                .iter()
                .find(|o| o.id == raw)
                .or_else(|| {
                    raw.parse::<usize>()
                        .ok()
                        .and_then(|n| n.checked_sub(1))
                        .and_then(|i| options.get(i))
                })
                .map(|o| o.label().to_string())
                .unwrap_or_else(|| {
                    if raw == "0" {
                        t("scoring.unset").to_string()
                    } else {
                        raw.to_string()
                    }
                }),
            _ => raw.to_string(),
        },
        Ok(Field::Appearance(f)) => match f {
            AppearanceField::Category => {
                label_of(AppearCategory::from_id(raw).map(|c| c.label()), raw)
            }
            AppearanceField::AbsenceReason => {
                label_of(AbsenceReason::from_id(raw).map(|c| c.label()), raw)
            }
            AppearanceField::Notified
            | AppearanceField::ReasonAccepted
            | AppearanceField::AbsentAfterPostponement => yes_no(raw),
            AppearanceField::Person | AppearanceField::Title => raw.to_string(),
        },
        Ok(Field::Hearing(f)) => match f {
            HearingField::ActKind => label_of(ActKind::from_id(raw).map(|c| c.label()), raw),
            HearingField::KeyCategory => {
                label_of(KeyCategory::from_id(raw).map(|c| c.label()), raw)
            }
            HearingField::Online => yes_no(raw),
            _ => raw.to_string(),
        },
        Ok(Field::Comment) => raw.to_string(),
        // (an evaluation's status, or a judicial suggestion's: sent, replied)
        Err(_) if field == "status" => match raw {
            "sent" | "replied" => t(&format!("suggestion.status.{raw}")).to_string(),
            _ => label_of(EvalStatus::from_id(raw).map(|s| s.label()), raw),
        },
        Err(_) if field == "recipient_kind" => label_of(
            crate::domain::suggestion::RecipientKind::from_id(raw)
                .map(|k| k.label().text())
                .as_deref(),
            raw,
        ),
        Err(_) if field == "live.stage" => label_of(
            crate::domain::live::Stage::from_id(raw).map(|s| s.label()),
            raw,
        ),
        Err(_) if field == "performance" => crate::domain::performance::label(rubric, raw).text(),
        Err(_) => raw.to_string(),
    };
    shown(&crate::domain::text::cut(&label, 40, "…")).into_owned()
}

fn label_of(label: Option<&str>, raw: &str) -> String {
    label.unwrap_or(raw).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str, field: &str, old: &str, new: &str) -> Entry {
        Entry {
            seq: 7,
            at: "2026-11-28T09:31:02.123+08:00".into(),
            operator: "李书记".into(),
            action: action.into(),
            entity: "evaluation".into(),
            entity_id: 1,
            case_number: "（2026）皖0104行初1号".into(),
            field: field.into(),
            old: old.into(),
            new: new.into(),
            reason: "笔录核对有误".into(),
            by: "王审判".into(),
            state: String::new(),
            prev: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn every_field_the_log_follows_has_a_name() {
        let mut missing = Vec::new();
        for lang in [crate::i18n::Lang::Zh, crate::i18n::Lang::En] {
            crate::i18n::set_lang(lang);
            let r = Rubric::default_rubric();
            for entity in crate::store::audit::Entity::RECORDS {
                for f in crate::store::audit::fields(*entity) {
                    let label = field_label(&r, f);
                    if &label == f {
                        missing.push(format!("{lang:?} {entity:?} {f}"));
                    }
                }
            }
        }
        // and every kind of record it names
        for lang in [crate::i18n::Lang::Zh, crate::i18n::Lang::En] {
            crate::i18n::set_lang(lang);
            for entity in crate::store::audit::Entity::ALL {
                let key = format!("audit.entity.{}", entity.id());
                if t(&key) == key {
                    missing.push(format!("{lang:?} {key}"));
                }
            }
        }
        assert!(missing.is_empty(), "{missing:#?}");
    }

    #[test]
    fn what_the_log_names_besides_the_forms_is_said_in_words() {
        crate::i18n::set_lang(crate::i18n::Lang::Zh);
        let r = Rubric::default_rubric();
        assert_eq!(field_label(&r, "live.stage"), "阶段");
        assert_eq!(value_label(&r, "live.stage", "investigation"), "法庭调查");
        assert_eq!(field_label(&r, "judgment_effective"), "判决生效日期");
        assert_eq!(field_label(&r, "performance_deadline"), "履行期限");
        assert_ne!(field_label(&r, "performance"), "performance");
        // a judicial suggestion's state and recipient, in words
        assert_eq!(value_label(&r, "status", "sent"), "已发出");
        assert_eq!(value_label(&r, "status", "replied"), "已回复");
        assert_eq!(value_label(&r, "recipient_kind", "supervisory"), "监察机关");
        let refused = value_label(&r, "performance", "refused");
        assert!(refused != "refused" && !refused.is_empty(), "{refused}");
    }

    #[test]
    fn entries_read_with_their_fields_and_values_labelled() {
        crate::i18n::set_lang(crate::i18n::Lang::Zh);
        let r = Rubric::default_rubric();
        let e = entry("amend", "late", "0", "1");
        assert_eq!(
            labelled_line(&e, &r, &Names::default()),
            "#7\t2026-11-28 09:31:02\t李书记\t修订 评议 迟到：否 → 是；理由：笔录核对有误；确认：王审判"
        );
        let d = describe(&e, &r, &Names::default());
        assert_eq!(d.change.as_deref(), Some("迟到：否 → 是"));
        assert_eq!(d.why, "；理由：笔录核对有误；确认：王审判");
        assert_eq!(
            change(&r, "category", "deputy", "staff"),
            "出庭人类别：副职负责人 → 委托工作人员"
        );
        assert_eq!(change(&r, "comment", "", "好"), "点评：— → 好");
        assert_eq!(
            describe(&entry("create", "", "", ""), &r, &Names::default()).change,
            None
        );
    }
}
