//! The judgment performance worklist (判决履行待办): finalized evaluations whose performance is
//! still pending, with the judgment's effective date and the performance deadline when they are
//! known. A deadline is entered, never inferred: a row without one says so and waits at the end.

use crate::msg::{Msg, msg, msgf};
use chrono::NaiveDate;
use std::cmp::Ordering;

/// One finalized evaluation whose judgment performance is still to be recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Followup {
    pub evaluation_id: i64,
    pub appearance_id: i64,
    pub case_number: String,
    /// YYYY-MM-DD
    pub hearing_date: String,
    pub agency: String,
    pub person: String,
    /// the day the judgment took effect (生效日期), when entered
    pub judgment_effective: Option<NaiveDate>,
    /// the last day to perform it (履行期限), when entered
    pub deadline: Option<NaiveDate>,
    /// days from the deadline to today: positive when overdue, 0 on the last day, negative while
    /// days are left; None without a deadline
    pub past_deadline: Option<i64>,
}

impl Followup {
    /// Days past the deadline as of `today` (see [`Followup::past_deadline`]).
    pub fn days_past(deadline: Option<NaiveDate>, today: NaiveDate) -> Option<i64> {
        deadline.map(|d| (today - d).num_days())
    }

    /// The deadline has passed (the last day itself is not overdue).
    pub fn overdue(&self) -> bool {
        self.past_deadline.is_some_and(|d| d > 0)
    }

    /// How many days overdue: 0 when not (yet), None without a deadline.
    pub fn overdue_days(&self) -> Option<i64> {
        self.past_deadline.map(|d| d.max(0))
    }

    /// "逾期 12 天", "今日到期", "剩 5 天" or "期限未录入", in the user's language.
    pub fn standing_text(&self) -> Msg {
        match self.past_deadline {
            Some(d) if d > 0 => msgf("followups.overdue", &[("n", &d)]),
            Some(0) => msg("followups.due_today"),
            Some(d) => msgf("followups.left", &[("n", &-d)]),
            None => msg("followups.no_deadline"),
        }
    }
}

/// Where a row stands in the worklist: overdue, waiting for a deadline to come, or without one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    Overdue,
    Due,
    NoDeadline,
}

pub fn standing(f: &Followup) -> Standing {
    match f.past_deadline {
        Some(d) if d > 0 => Standing::Overdue,
        Some(_) => Standing::Due,
        None => Standing::NoDeadline,
    }
}

/// The worklist's order: overdue first, the most overdue first; then those with a deadline, the
/// soonest first; then those without a deadline, the oldest hearing first. Ties go by hearing
/// date, case number and evaluation, so the order is the same every time.
pub fn order(a: &Followup, b: &Followup) -> Ordering {
    let (sa, sb) = (standing(a), standing(b));
    sa.cmp(&sb)
        .then_with(|| match sa {
            // the most overdue has the earliest deadline, as has the soonest due
            Standing::Overdue | Standing::Due => a.deadline.cmp(&b.deadline),
            Standing::NoDeadline => Ordering::Equal,
        })
        .then_with(|| a.hearing_date.cmp(&b.hearing_date))
        .then_with(|| a.case_number.cmp(&b.case_number))
        .then_with(|| a.evaluation_id.cmp(&b.evaluation_id))
}

/// Sorts a worklist (see [`order`]).
pub fn sort(list: &mut [Followup]) {
    list.sort_by(order);
}

/// Checks a judgment's dates against each other and the hearing: the judgment cannot take effect
/// before the hearing, nor the deadline fall before the judgment took effect (or before the
/// hearing, when the effective date is not known). The message says which, in the user's language.
pub fn check_dates(
    hearing: NaiveDate,
    effective: Option<NaiveDate>,
    deadline: Option<NaiveDate>,
) -> Result<(), Msg> {
    if let Some(e) = effective
        && e < hearing
    {
        return Err(msgf(
            "followup.err.effective_before_hearing",
            &[("effective", &e), ("date", &hearing)],
        ));
    }
    match (effective, deadline) {
        (Some(e), Some(d)) if d < e => Err(msgf(
            "followup.err.deadline_before_effective",
            &[("deadline", &d), ("effective", &e)],
        )),
        (_, Some(d)) if d < hearing => Err(msgf(
            "followup.err.deadline_before_hearing",
            &[("deadline", &d), ("date", &hearing)],
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::test_words::Text;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn row(id: i64, hearing: &str, deadline: Option<&str>, today: &str) -> Followup {
        let deadline = deadline.map(day);
        Followup {
            evaluation_id: id,
            appearance_id: id,
            case_number: format!("（2026）皖0104行初{id}号"),
            hearing_date: hearing.into(),
            agency: "合肥市生态环境局".into(),
            person: "张建国".into(),
            judgment_effective: None,
            deadline,
            past_deadline: Followup::days_past(deadline, day(today)),
        }
    }

    fn ids(mut list: Vec<Followup>) -> Vec<i64> {
        sort(&mut list);
        list.iter().map(|f| f.evaluation_id).collect()
    }

    #[test]
    fn overdue_first_then_soonest_deadline_then_oldest_hearing() {
        let today = "2026-11-20";
        let list = vec![
            row(1, "2026-10-01", None, today), // no deadline, newer hearing
            row(2, "2026-08-01", Some("2026-12-31"), today), // due later
            row(3, "2026-09-01", Some("2026-11-10"), today), // 10 days overdue
            row(4, "2026-07-01", None, today), // no deadline, oldest hearing
            row(5, "2026-09-15", Some("2026-10-01"), today), // 50 days overdue
            row(6, "2026-10-15", Some("2026-11-25"), today), // due soonest
            row(7, "2026-10-20", Some("2026-11-20"), today), // due today: not overdue
        ];
        assert_eq!(ids(list), [5, 3, 7, 6, 2, 4, 1]);
    }

    #[test]
    fn ties_go_by_hearing_then_case_number() {
        let today = "2026-11-20";
        let mut a = row(9, "2026-09-02", Some("2026-11-01"), today);
        let b = row(8, "2026-09-01", Some("2026-11-01"), today);
        let c = row(7, "2026-09-02", Some("2026-11-01"), today);
        assert_eq!(ids(vec![a.clone(), b.clone(), c.clone()]), [8, 7, 9]);
        a.case_number = "（2026）皖0104行初1号".into();
        assert_eq!(ids(vec![c, a, b]), [8, 9, 7]);
    }

    #[test]
    fn overdue_days_and_standing() {
        let today = "2026-11-20";
        let late = row(1, "2026-09-01", Some("2026-11-08"), today);
        assert!(late.overdue());
        assert_eq!(late.overdue_days(), Some(12));
        assert_eq!(standing(&late), Standing::Overdue);
        let last_day = row(2, "2026-09-01", Some("2026-11-20"), today);
        assert!(!last_day.overdue());
        assert_eq!(last_day.overdue_days(), Some(0));
        assert_eq!(standing(&last_day), Standing::Due);
        let ahead = row(3, "2026-09-01", Some("2026-11-30"), today);
        assert_eq!(
            (ahead.past_deadline, ahead.overdue_days()),
            (Some(-10), Some(0))
        );
        let unknown = row(4, "2026-09-01", None, today);
        assert_eq!(unknown.overdue_days(), None);
        assert_eq!(standing(&unknown), Standing::NoDeadline);
    }

    #[test]
    fn dates_are_checked_against_each_other_and_the_hearing() {
        crate::msg::test_words::set_lang(crate::msg::Lang::Zh);
        let h = day("2026-10-09");
        assert!(check_dates(h, None, None).is_ok());
        assert!(check_dates(h, Some(day("2026-10-30")), Some(day("2026-12-29"))).is_ok());
        assert!(check_dates(h, Some(day("2026-10-09")), Some(day("2026-10-09"))).is_ok());
        assert!(check_dates(h, None, Some(day("2026-12-29"))).is_ok());
        let e = check_dates(h, Some(day("2026-10-30")), Some(day("2026-10-29")))
            .unwrap_err()
            .text();
        assert!(e.contains("2026-10-29") && e.contains("2026-10-30"), "{e}");
        let e = check_dates(h, Some(day("2026-10-08")), None)
            .unwrap_err()
            .text();
        assert!(e.contains("2026-10-08") && e.contains("2026-10-09"), "{e}");
        let e = check_dates(h, None, Some(day("2026-10-01")))
            .unwrap_err()
            .text();
        assert!(e.contains("2026-10-01") && e.contains("开庭"), "{e}");
    }
}
