//! The records the court keeps: hearings, agencies, appearances, evaluations, and their labelled kinds.

use serde::Serialize;

macro_rules! labelled_enum {
    ($(#[$m:meta])* $name:ident, $prefix:literal, { $($var:ident = $id:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($var),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),*];
            pub fn id(self) -> &'static str { match self { $($name::$var => $id),* } }
            pub fn from_id(s: &str) -> Option<Self> { match s { $($id => Some($name::$var),)* _ => None } }
            pub fn key(self) -> String { format!("{}.{}", $prefix, self.id()) }
            pub fn label_key(self) -> &'static str { match self { $($name::$var => concat!($prefix, ".", $id)),* } }
            pub fn next(self) -> Self { let i = Self::ALL.iter().position(|x| *x == self).unwrap_or(0); Self::ALL[(i + 1) % Self::ALL.len()] }
            pub fn prev(self) -> Self { let i = Self::ALL.iter().position(|x| *x == self).unwrap_or(0); Self::ALL[(i + Self::ALL.len() - 1) % Self::ALL.len()] }
        }
        impl crate::msg::Keyed for $name {
            fn label_key(self) -> &'static str { $name::label_key(self) }
        }
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.id()) }
        }
    };
}

labelled_enum!(
    /// Kind of administrative act under review.
    ActKind, "act", {
    Penalty = "penalty", Coercion = "coercion", Expropriation = "expropriation", Licensing = "licensing",
    Title = "title", Disclosure = "disclosure", Inaction = "inaction", Other = "other",
});

labelled_enum!(
    /// Key categories where the principal head should appear (皖司发〔2022〕9号 §5).
    KeyCategory, "keycat", {
    None = "none", FoodDrug = "food_drug", Environment = "environment", SafetyAccident = "safety_accident",
    PublicHealth = "public_health", PublicConcern = "public_concern",
});

labelled_enum!(
    /// Who appeared for the agency (法释〔2020〕3号 arts 2, 10; 法释〔2018〕1号 art 128).
    AppearCategory, "appear", {
    Principal = "principal", Deputy = "deputy", OtherHead = "other_head", Staff = "staff",
    LawyerOnly = "lawyer_only", Nobody = "nobody",
});

labelled_enum!(
    /// Why the head did not appear (法释〔2020〕3号 arts 8–9).
    AbsenceReason, "absence", {
    NotGiven = "not_given", ForceMajeure = "force_majeure", Accident = "accident",
    OfficialDuty = "official_duty", OtherValid = "other_valid",
});

labelled_enum!(
    /// Lifecycle of an evaluation.
    EvalStatus, "status", {
    Draft = "draft", Final = "final", Reported = "reported",
});

labelled_enum!(
    AgencyLevel, "level", {
    Province = "province", City = "city", County = "county", Township = "township",
});

impl AppearCategory {
    pub fn is_head(self) -> bool {
        matches!(
            self,
            AppearCategory::Principal | AppearCategory::Deputy | AppearCategory::OtherHead
        )
    }
    /// Someone whose performance can be scored appeared (a head or entrusted staff).
    pub fn scorable(self) -> bool {
        self.is_head() || self == AppearCategory::Staff
    }
}

/// Art. 12 flag ids that the appearance itself decides (the rubric raises the others).
pub const FLAG_ABSENT: &str = "art12_1";
pub const FLAG_ABSENT_AFTER_POSTPONEMENT: &str = "art12_2";
pub const FLAG_NOBODY: &str = "art12_3";

/// The catalog key of a flag id's label (`flag.art12_1`); a flag the catalog does not know is
/// shown by its id.
pub fn flag_key(id: &str) -> String {
    format!("flag.{id}")
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Agency {
    pub id: i64,
    pub name: String,
    pub level: AgencyLevel,
    pub region: String,
    /// The same-level government the agency reports to (decides which notice it appears in).
    pub government: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hearing {
    pub id: i64,
    pub case_number: String,
    pub cause: String,
    pub act_kind: ActKind,
    pub court: String,
    pub judge: String,
    pub clerk: String,
    pub date: chrono::NaiveDate,
    /// HH:MM
    pub start_time: String,
    pub end_time: String,
    pub sitting: i64,
    pub online: bool,
    pub key_category: KeyCategory,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Appearance {
    pub id: i64,
    pub hearing_id: i64,
    pub agency_id: i64,
    pub agency_name: String,
    pub notified: bool,
    pub person: String,
    pub title: String,
    pub category: AppearCategory,
    pub absence_reason: AbsenceReason,
    pub reason_accepted: bool,
    /// Still absent after the hearing was postponed (art 12(2)), recorded by hand.
    pub absent_after_postponement: bool,
}

impl Appearance {
    /// Art. 12 flags that follow from who appeared and why not.
    pub fn derived_flags(&self) -> Vec<String> {
        art12_flags(
            self.notified,
            self.category,
            self.absence_reason,
            self.reason_accepted,
            self.absent_after_postponement,
        )
    }
}

/// Art. 12 flags (法释〔2020〕3号) that follow from an appearance's answers.
pub fn art12_flags(
    notified: bool,
    category: AppearCategory,
    reason: AbsenceReason,
    accepted: bool,
    postponed: bool,
) -> Vec<String> {
    let mut flags = Vec::new();
    let excused = reason != AbsenceReason::NotGiven && accepted;
    if notified && !category.is_head() && !excused {
        flags.push(FLAG_ABSENT.to_string());
    }
    // art 12(2) is an absence without valid reason that persists after the postponement
    if postponed && !category.is_head() && !excused {
        flags.push(FLAG_ABSENT_AFTER_POSTPONEMENT.to_string());
    }
    if matches!(
        category,
        AppearCategory::LawyerOnly | AppearCategory::Nobody
    ) {
        flags.push(FLAG_NOBODY.to_string());
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(category: AppearCategory, reason: AbsenceReason, accepted: bool) -> Appearance {
        Appearance {
            id: 1,
            hearing_id: 1,
            agency_id: 1,
            agency_name: "合肥市自然资源和规划局".into(),
            notified: true,
            person: String::new(),
            title: String::new(),
            category,
            absence_reason: reason,
            reason_accepted: accepted,
            absent_after_postponement: false,
        }
    }

    #[test]
    fn art12_flags_follow_the_appearance() {
        assert!(
            app(AppearCategory::Principal, AbsenceReason::NotGiven, false)
                .derived_flags()
                .is_empty()
        );
        assert!(
            app(AppearCategory::Staff, AbsenceReason::OfficialDuty, true)
                .derived_flags()
                .is_empty()
        );
        assert_eq!(
            app(AppearCategory::Staff, AbsenceReason::OfficialDuty, false).derived_flags(),
            vec!["art12_1"]
        );
        assert_eq!(
            app(AppearCategory::Nobody, AbsenceReason::NotGiven, false).derived_flags(),
            vec!["art12_1", "art12_3"]
        );
        assert_eq!(
            app(
                AppearCategory::LawyerOnly,
                AbsenceReason::ForceMajeure,
                true
            )
            .derived_flags(),
            vec!["art12_3"]
        );
        // still absent after postponement, but with a valid reason the court accepted: no 12(2)
        let mut excused = app(AppearCategory::Staff, AbsenceReason::OfficialDuty, true);
        excused.absent_after_postponement = true;
        assert!(excused.derived_flags().is_empty());
        let mut not = app(AppearCategory::Staff, AbsenceReason::NotGiven, false);
        not.absent_after_postponement = true;
        assert_eq!(not.derived_flags(), vec!["art12_1", "art12_2"]);
    }

    #[test]
    fn every_label_is_in_the_catalog() {
        let cat = crate::msg::test_words::catalog();
        let keys: Vec<String> = ActKind::ALL
            .iter()
            .map(|x| x.key())
            .chain(KeyCategory::ALL.iter().map(|x| x.key()))
            .chain(AppearCategory::ALL.iter().map(|x| x.key()))
            .chain(AbsenceReason::ALL.iter().map(|x| x.key()))
            .chain(EvalStatus::ALL.iter().map(|x| x.key()))
            .chain(AgencyLevel::ALL.iter().map(|x| x.key()))
            .collect();
        for k in keys {
            assert!(cat.zh.contains_key(&k), "{k}");
        }
        for f in [
            "art12_1",
            "art12_2",
            "art12_3",
            "art12_4",
            "art12_5",
            "silent",
            "refused_performance",
        ] {
            assert!(cat.zh.contains_key(&format!("flag.{f}")), "{f}");
        }
    }
}
