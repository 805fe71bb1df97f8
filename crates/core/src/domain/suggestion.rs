//! Judicial suggestions (司法建议书) for the situations of 法释〔2020〕3号 第十二条第一款: where one
//! occurs, the court may send a suggestion to the supervisory organ (监察机关) or the agency's
//! 上一级行政机关 (第十二条第二款). Each is a record with its state — 草稿, 已发出 (date), 已回复
//! (date and a summary of the reply), 逾期未复 — and a reply deadline set when it is sent. No I/O
//! here: the store keeps them, the export crate prints them.

use crate::msg::{Msg, msg, msgf};
use chrono::NaiveDate;
use std::cmp::Ordering;

/// Where a suggestion stands, as stored (逾期未复 is a sent one past its deadline: [`Standing`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Sent,
    Replied,
}

impl Status {
    pub fn id(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Sent => "sent",
            Status::Replied => "replied",
        }
    }
    pub fn from_id(s: &str) -> Option<Status> {
        [Status::Draft, Status::Sent, Status::Replied]
            .into_iter()
            .find(|x| x.id() == s)
    }
}

/// Whom a suggestion is addressed to (第十二条第二款).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    /// the agency's 上一级行政机关, from the directory
    Superior,
    /// the 监察机关 configured for the court
    Supervisory,
}

impl RecipientKind {
    pub fn id(self) -> &'static str {
        match self {
            RecipientKind::Superior => "superior",
            RecipientKind::Supervisory => "supervisory",
        }
    }
    pub fn from_id(s: &str) -> Option<RecipientKind> {
        [RecipientKind::Superior, RecipientKind::Supervisory]
            .into_iter()
            .find(|x| x.id() == s)
    }
    pub fn label(self) -> Msg {
        msg(match self {
            RecipientKind::Superior => "suggestion.to.superior",
            RecipientKind::Supervisory => "suggestion.to.supervisory",
        })
    }
}

/// One appearance a suggestion is about: its case, hearing day and art 12 situations (flag ids).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Concerned {
    pub appearance_id: i64,
    pub case_number: String,
    /// YYYY-MM-DD
    pub hearing_date: String,
    pub situations: Vec<String>,
}

/// The texts of a suggestion that a judge may change while it is a draft.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Texts {
    /// 基本情况: the facts from the records, one line each
    pub facts: String,
    /// 存在的问题
    pub problem: String,
    /// 原因分析
    pub cause: String,
    /// 司法建议
    pub suggestion: String,
}

/// A judicial suggestion as kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub id: i64,
    pub status: Status,
    /// its 文号 ("蜀法建〔2026〕3号"), given when it is sent; "" for a draft
    pub number: String,
    pub agency_id: i64,
    pub agency: String,
    /// the government the agency reports to (which notice counts it)
    pub government: String,
    pub recipient_kind: RecipientKind,
    /// 主送
    pub recipient: String,
    /// 抄送
    pub cc: Vec<String>,
    pub concerned: Vec<Concerned>,
    pub texts: Texts,
    pub drafted_by: String,
    pub drafted_on: NaiveDate,
    pub sent_on: Option<NaiveDate>,
    pub sent_by: String,
    /// the last day for the reply (set when it is sent)
    pub deadline: Option<NaiveDate>,
    pub replied_on: Option<NaiveDate>,
    /// a summary of the reply
    pub reply: String,
}

/// Where a suggestion stands as of a day: the worklist's order, and its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// sent, not replied, past its deadline (逾期未复)
    Overdue,
    /// sent, the reply awaited
    Awaiting,
    Draft,
    Replied,
}

impl Suggestion {
    pub fn standing(&self, today: NaiveDate) -> Standing {
        match self.status {
            Status::Draft => Standing::Draft,
            Status::Replied => Standing::Replied,
            Status::Sent if self.deadline.is_some_and(|d| today > d) => Standing::Overdue,
            Status::Sent => Standing::Awaiting,
        }
    }

    /// Days past the reply deadline as of `today` (positive: overdue); None unless sent and
    /// awaiting a reply.
    pub fn past_deadline(&self, today: NaiveDate) -> Option<i64> {
        match self.status {
            Status::Sent => self.deadline.map(|d| (today - d).num_days()),
            _ => None,
        }
    }

    /// "草稿", "已发出，剩 12 天", "逾期未复 3 天", "已回复（2026-12-01）", in the user's language.
    pub fn standing_text(&self, today: NaiveDate) -> Msg {
        match (self.standing(today), self.past_deadline(today)) {
            (Standing::Draft, _) => msg("suggestion.state.draft"),
            (Standing::Replied, _) => msgf(
                "suggestion.state.replied",
                &[("date", &day_or_blank(self.replied_on))],
            ),
            (Standing::Overdue, Some(d)) => msgf("suggestion.state.overdue", &[("n", &d)]),
            (_, Some(d)) => msgf("suggestion.state.sent", &[("n", &-d)]),
            (_, None) => msg("suggestion.state.sent_no_deadline"),
        }
    }

    /// The case numbers it is about, each once, in order.
    pub fn cases(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in &self.concerned {
            if !out.contains(&c.case_number.as_str()) {
                out.push(&c.case_number);
            }
        }
        out
    }
}

fn day_or_blank(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The worklist's order as of `today`: overdue first (the longest overdue first), then those
/// awaiting a reply (the soonest deadline first), then drafts (the oldest first), then those
/// replied (the latest reply first); ties by id.
pub fn order(a: &Suggestion, b: &Suggestion, today: NaiveDate) -> Ordering {
    let (sa, sb) = (a.standing(today), b.standing(today));
    sa.cmp(&sb)
        .then_with(|| match sa {
            Standing::Overdue | Standing::Awaiting => a.deadline.cmp(&b.deadline),
            Standing::Draft => a.drafted_on.cmp(&b.drafted_on),
            Standing::Replied => b.replied_on.cmp(&a.replied_on),
        })
        .then_with(|| a.id.cmp(&b.id))
}

pub fn sort(list: &mut [Suggestion], today: NaiveDate) {
    list.sort_by(|a, b| order(a, b, today));
}

/// The day a reply is due: `days` after the day it was sent.
pub fn deadline(sent: NaiveDate, days: u32) -> NaiveDate {
    sent + chrono::Days::new(u64::from(days))
}

/// Why a suggestion cannot be sent as asked: it is not a draft, or the day it is sent comes
/// before a hearing it is about or after today, or the deadline before the day it is sent. (A
/// suggestion sent before it was entered may be entered later: the day it was drafted in the
/// app does not bound it.)
pub fn check_send(
    s: &Suggestion,
    on: NaiveDate,
    deadline: NaiveDate,
    today: NaiveDate,
) -> Result<(), Msg> {
    if s.status != Status::Draft {
        return Err(msgf(
            "suggestion.err.not_draft",
            &[("number", &s.number), ("id", &s.id)],
        ));
    }
    let last_hearing = s
        .concerned
        .iter()
        .filter_map(|c| NaiveDate::parse_from_str(&c.hearing_date, "%Y-%m-%d").ok())
        .max();
    if let Some(h) = last_hearing.filter(|h| on < *h) {
        return Err(msgf(
            "suggestion.err.sent_before_hearing",
            &[("on", &on), ("date", &h)],
        ));
    }
    if on > today {
        return Err(msgf("suggestion.err.future", &[("on", &on)]));
    }
    if deadline < on {
        return Err(msgf(
            "suggestion.err.deadline_before_sent",
            &[("deadline", &deadline), ("on", &on)],
        ));
    }
    Ok(())
}

/// Why a reply cannot be recorded as given: the suggestion was not sent, the reply comes before
/// it was sent or after today, or the summary is empty.
pub fn check_reply(
    s: &Suggestion,
    on: NaiveDate,
    summary: &str,
    today: NaiveDate,
) -> Result<(), Msg> {
    let Some(sent) = s.sent_on.filter(|_| s.status != Status::Draft) else {
        return Err(msgf("suggestion.err.not_sent", &[("id", &s.id)]));
    };
    if on < sent {
        return Err(msgf(
            "suggestion.err.reply_before_sent",
            &[("on", &on), ("sent", &sent)],
        ));
    }
    if on > today {
        return Err(msgf("suggestion.err.future", &[("on", &on)]));
    }
    if summary.trim().is_empty() {
        return Err(msg("suggestion.err.no_summary"));
    }
    Ok(())
}

/// The art 12 situations among `flags` (the ids of 法释〔2020〕3号 第十二条第一款), in order.
pub fn situations(flags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in super::indicators::ART12 {
        if flags.iter().any(|f| f == id) && !out.iter().any(|o| o == id) {
            out.push(id.to_string());
        }
    }
    out
}

/// Counts of suggestions in a period for the notice: sent in it, and replied in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub government: String,
    pub sent: bool,
    pub replied: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::test_words::Text;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn sample(id: i64, status: Status) -> Suggestion {
        Suggestion {
            id,
            status,
            number: String::new(),
            agency_id: 1,
            agency: "合肥市蜀山区自然资源局".into(),
            government: "蜀山区人民政府".into(),
            recipient_kind: RecipientKind::Superior,
            recipient: "蜀山区人民政府".into(),
            cc: vec![],
            concerned: vec![],
            texts: Texts::default(),
            drafted_by: "王审判".into(),
            drafted_on: day("2026-11-10"),
            sent_on: None,
            sent_by: String::new(),
            deadline: None,
            replied_on: None,
            reply: String::new(),
        }
    }

    fn sent(id: i64, on: &str, deadline: &str) -> Suggestion {
        Suggestion {
            sent_on: Some(day(on)),
            deadline: Some(day(deadline)),
            ..sample(id, Status::Sent)
        }
    }

    #[test]
    fn overdue_first_then_awaiting_then_drafts_then_replied() {
        let today = day("2026-12-08");
        let mut list = vec![
            Suggestion {
                replied_on: Some(day("2026-11-30")),
                ..sample(1, Status::Replied)
            },
            sample(2, Status::Draft),
            sent(3, "2026-10-01", "2026-11-30"), // 8 days overdue
            sent(4, "2026-11-01", "2026-12-31"), // awaiting
            sent(5, "2026-09-01", "2026-10-31"), // 38 days overdue
            sent(6, "2026-11-05", "2026-12-08"), // the last day: not overdue
            Suggestion {
                replied_on: Some(day("2026-12-02")),
                ..sample(7, Status::Replied)
            },
        ];
        sort(&mut list, today);
        let ids: Vec<i64> = list.iter().map(|s| s.id).collect();
        assert_eq!(ids, [5, 3, 6, 4, 2, 7, 1]);
        assert_eq!(list[0].standing(today), Standing::Overdue);
        assert_eq!(list[0].past_deadline(today), Some(38));
        assert_eq!(list[2].standing(today), Standing::Awaiting);
    }

    #[test]
    fn standing_in_words() {
        crate::msg::test_words::set_lang(crate::msg::Lang::Zh);
        let today = day("2026-12-08");
        assert_eq!(
            sent(1, "2026-09-01", "2026-10-31")
                .standing_text(today)
                .text(),
            "逾期未复 38 天"
        );
        assert_eq!(
            sent(1, "2026-11-01", "2026-12-31")
                .standing_text(today)
                .text(),
            "已发出，剩 23 天"
        );
        assert_eq!(sample(1, Status::Draft).standing_text(today).text(), "草稿");
        let replied = Suggestion {
            replied_on: Some(day("2026-12-02")),
            ..sample(1, Status::Replied)
        };
        assert_eq!(replied.standing_text(today).text(), "已回复（2026-12-02）");
    }

    #[test]
    fn sending_and_replying_are_checked() {
        crate::msg::test_words::set_lang(crate::msg::Lang::Zh);
        let today = day("2026-12-08");
        let d = Suggestion {
            concerned: vec![Concerned {
                appearance_id: 1,
                case_number: "（2026）皖0104行初1号".into(),
                hearing_date: "2026-11-03".into(),
                situations: vec!["art12_1".into()],
            }],
            ..sample(1, Status::Draft)
        };
        // sent before it was entered in the app: fine; before its hearing: not
        assert!(check_send(&d, day("2026-11-03"), day("2027-01-02"), today).is_ok());
        let e = check_send(&d, day("2026-11-02"), day("2027-01-09"), today)
            .unwrap_err()
            .text();
        assert!(e.contains("2026-11-02") && e.contains("2026-11-03"), "{e}");
        assert!(check_send(&d, day("2026-12-09"), day("2027-01-09"), today).is_err());
        assert!(check_send(&d, day("2026-12-01"), day("2026-11-30"), today).is_err());
        let s = sent(1, "2026-11-12", "2027-01-11");
        assert!(check_send(&s, day("2026-12-01"), day("2027-01-09"), today).is_err());
        assert!(check_reply(&d, day("2026-12-01"), "已整改", today).is_err());
        assert!(check_reply(&s, day("2026-12-01"), "已整改", today).is_ok());
        assert!(check_reply(&s, day("2026-11-11"), "已整改", today).is_err());
        assert!(check_reply(&s, day("2026-12-01"), "  ", today).is_err());
        assert!(check_reply(&s, day("2026-12-09"), "已整改", today).is_err());
        assert_eq!(deadline(day("2026-11-12"), 60), day("2027-01-11"));
    }

    #[test]
    fn situations_are_the_art_12_flags_only_in_their_order() {
        let flags = vec![
            "silent".to_string(),
            "art12_3".into(),
            "art12_1".into(),
            "art12_1".into(),
        ];
        assert_eq!(situations(&flags), ["art12_1", "art12_3"]);
        assert!(situations(&["silent".to_string()]).is_empty());
    }
}
