//! The records that cross a file boundary: one appearance as the batch json holds it, written by a
//! court's export and read back by an upper court's import (and by the store, which keeps imported
//! records as they came). Plain data and serde, no I/O: both sides depend on it, neither on the other.
use crate::msg::Msg;

use crate::domain::indicators::{EvalFacts, Record};
use crate::domain::live::Event;
use crate::domain::model::AppearCategory;
use crate::domain::scoring::{DimScore, DimStatus, Marks};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Everything a writer needs of one appearance beyond its indicator record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Detail {
    pub evaluation_id: Option<i64>,
    pub rubric_hash: String,
    pub marks: Marks,
    pub comment: String,
    pub finalized_by: String,
    pub finalized_at: String,
    pub absence_reason: String,
    pub reason_accepted: bool,
    /// (day, by whom) a judgment performance outcome reported in this batch was recorded
    pub performance_recorded: Option<(String, String)>,
}

pub const SCHEMA: &str = "tingping.batch/2";
/// Earlier schemas this version still imports.
pub const READS: &[&str] = &["tingping.batch/1", SCHEMA];

/// One appearance as the batch json holds it, written and read by this one struct: an export
/// writes one borrowing a record, its detail and its events ([`RecordJson::of`]: no string
/// copied), an import reads one owning what it read (`RecordJson<'static>`: not borrowed from the
/// text, which would save nothing — the import reads a stream, and the store makes a `Record` of
/// owned strings of each). Fields added after schema 1 have defaults, so a version-1 batch still
/// imports. The fields' order is the json's (a test pins its bytes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordJson<'a> {
    /// stable unique id of the appearance (schema 2)
    #[serde(default)]
    pub id: Cow<'a, str>,
    pub court: Cow<'a, str>,
    #[serde(default)]
    pub court_code: Cow<'a, str>,
    #[serde(default)]
    pub case_type: Cow<'a, str>,
    pub hearing_id: i64,
    pub case_number: Cow<'a, str>,
    pub hearing_date: Cow<'a, str>,
    #[serde(default)]
    pub key_case: bool,
    pub agency: Cow<'a, str>,
    pub government: Cow<'a, str>,
    #[serde(default = "yes")]
    pub notified: bool,
    pub category: Cow<'a, str>,
    /// a 负责人 appeared (法释〔2020〕3号 art 2): derived from the category, written for readers
    #[serde(default)]
    pub head: bool,
    pub person: Cow<'a, str>,
    pub title: Cow<'a, str>,
    #[serde(default)]
    pub absence_reason: Cow<'a, str>,
    #[serde(default)]
    pub reason_accepted: bool,
    #[serde(default)]
    pub flags: Cow<'a, [String]>,
    #[serde(default)]
    pub late: bool,
    #[serde(default)]
    pub followup: bool,
    #[serde(default)]
    pub commended: bool,
    pub evaluation: Option<EvalJson<'a>>,
}

fn yes() -> bool {
    true
}

/// A dimension's score (its keys in the order a json object keeps them: by name).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DimJson {
    pub max: i64,
    pub score: i64,
    pub status: DimStatus,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordedJson<'a> {
    pub on: Cow<'a, str>,
    pub by: Cow<'a, str>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventJson<'a> {
    pub seq: i64,
    pub elapsed_ms: i64,
    pub at: Cow<'a, str>,
    pub stage: Cow<'a, str>,
    pub kind: Cow<'a, str>,
    pub item: Cow<'a, str>,
    pub note: Cow<'a, str>,
    pub value: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvalJson<'a> {
    /// dimension id → score
    pub dimensions: Dims<'a>,
    pub total: Option<f64>,
    pub total_tenths: Option<i64>,
    pub grade: Option<Cow<'a, str>>,
    #[serde(default = "yes")]
    pub spoke: bool,
    #[serde(default)]
    pub view_given: bool,
    #[serde(default)]
    pub settled: bool,
    #[serde(default)]
    pub commitment: bool,
    pub performance: Option<Cow<'a, str>>,
    #[serde(default)]
    pub performance_recorded: Option<RecordedJson<'a>>,
    #[serde(default)]
    pub marks: Cow<'a, Marks>,
    #[serde(default)]
    pub comment: Cow<'a, str>,
    #[serde(default)]
    pub finalized_by: Cow<'a, str>,
    #[serde(default)]
    pub finalized_at: Cow<'a, str>,
    #[serde(default)]
    pub rubric: Cow<'a, str>,
    #[serde(default)]
    pub events: Vec<EventJson<'a>>,
}

/// The dimensions as a json object keyed by id, each a [`DimJson`]: written in the ids' order, a
/// later dimension of the same id replacing an earlier one (as a json object read keeps the last
/// of a key); read the same way, so what is read is in the ids' order, one of an id.
#[derive(Clone, Debug, PartialEq)]
pub struct Dims<'a>(pub Cow<'a, [DimScore]>);

impl Serialize for Dims<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut dims: Vec<&DimScore> = self.0.iter().collect();
        // stable: of the same id, the last stays last
        dims.sort_by(|a, b| a.id.cmp(&b.id));
        let mut map = s.serialize_map(None)?;
        for (i, d) in dims.iter().enumerate() {
            if dims.get(i + 1).is_some_and(|next| next.id == d.id) {
                continue;
            }
            let dim = DimJson {
                max: d.max,
                score: d.score,
                status: d.status,
            };
            map.serialize_entry(&d.id, &dim)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Dims<'_> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let dims = BTreeMap::<String, DimJson>::deserialize(d)?;
        let dims = dims.into_iter().map(|(id, d)| DimScore {
            id,
            score: d.score,
            max: d.max,
            status: d.status,
        });
        Ok(Dims(Cow::Owned(dims.collect())))
    }
}

impl<'a> RecordJson<'a> {
    /// The json of a record, its detail and its evaluation's events, borrowing them.
    pub fn of(r: &'a Record, d: &'a Detail, events: &'a [Event]) -> RecordJson<'a> {
        let evaluation = r.eval.as_ref().map(|e| EvalJson {
            dimensions: Dims(Cow::Borrowed(&e.dims)),
            total: e.total_tenths.map(|t| t as f64 / 10.0),
            total_tenths: e.total_tenths,
            grade: e.grade.as_deref().map(Cow::Borrowed),
            spoke: e.spoke,
            view_given: e.view_given,
            settled: e.settled,
            commitment: e.commitment,
            performance: e.performance.as_deref().map(Cow::Borrowed),
            performance_recorded: d
                .performance_recorded
                .as_ref()
                .map(|(on, by)| RecordedJson {
                    on: on.into(),
                    by: by.into(),
                }),
            marks: Cow::Borrowed(&d.marks),
            comment: (&d.comment).into(),
            finalized_by: (&d.finalized_by).into(),
            finalized_at: (&d.finalized_at).into(),
            rubric: (&d.rubric_hash).into(),
            events: events
                .iter()
                .map(|v| EventJson {
                    seq: v.seq,
                    elapsed_ms: v.elapsed_ms,
                    at: (&v.at).into(),
                    stage: (&v.stage).into(),
                    kind: v.kind.id().into(),
                    item: (&v.item).into(),
                    note: (&v.note).into(),
                    value: v.value,
                })
                .collect(),
        });
        RecordJson {
            id: (&r.id).into(),
            court: (&r.court).into(),
            court_code: (&r.court_code).into(),
            case_type: (&r.case_type).into(),
            hearing_id: r.hearing_id,
            case_number: (&r.case_number).into(),
            hearing_date: (&r.hearing_date).into(),
            key_case: r.key_case,
            agency: (&r.agency).into(),
            government: (&r.government).into(),
            notified: r.notified,
            category: r.category.id().into(),
            head: r.head(),
            person: (&r.person).into(),
            title: (&r.title).into(),
            absence_reason: (&d.absence_reason).into(),
            reason_accepted: d.reason_accepted,
            flags: Cow::Borrowed(&r.flags),
            late: r.late,
            followup: r.followup,
            commended: r.commended,
            evaluation,
        }
    }

    /// This json owning what it holds (a correction keeps the record it carries): read back from
    /// what it writes, so it writes the same bytes (a test round-trips a record).
    pub fn into_owned(self) -> RecordJson<'static> {
        serde_json::to_value(&self)
            .and_then(serde_json::from_value)
            .expect("a record json reads back what it writes")
    }

    /// The indicator record and the detail this json holds.
    pub fn into_record(self) -> Result<(Record, Detail), Msg> {
        let category = AppearCategory::from_id(&self.category)
            .ok_or_else(|| Msg::verbatim(format!("category: {}", self.category)))?;
        let mut detail = Detail {
            absence_reason: self.absence_reason.into_owned(),
            reason_accepted: self.reason_accepted,
            ..Default::default()
        };
        let eval = self.evaluation.map(|e| {
            detail.rubric_hash = e.rubric.into_owned();
            detail.marks = e.marks.into_owned();
            detail.comment = e.comment.into_owned();
            detail.finalized_by = e.finalized_by.into_owned();
            detail.finalized_at = e.finalized_at.into_owned();
            detail.performance_recorded = e
                .performance_recorded
                .map(|p| (p.on.into_owned(), p.by.into_owned()));
            EvalFacts {
                dims: e.dimensions.0.into_owned(),
                total_tenths: e.total_tenths,
                grade: e.grade.map(Cow::into_owned),
                spoke: e.spoke,
                view_given: e.view_given,
                settled: e.settled,
                commitment: e.commitment,
                performance: e.performance.map(Cow::into_owned),
            }
        });
        let record = Record {
            id: self.id.into_owned(),
            court: self.court.into_owned(),
            court_code: self.court_code.into_owned(),
            case_type: self.case_type.into_owned(),
            hearing_id: self.hearing_id,
            case_number: self.case_number.into_owned(),
            hearing_date: self.hearing_date.into_owned(),
            key_case: self.key_case,
            agency: self.agency.into_owned(),
            government: self.government.into_owned(),
            notified: self.notified,
            category,
            person: self.person.into_owned(),
            title: self.title.into_owned(),
            flags: self.flags.into_owned(),
            late: self.late,
            followup: self.followup,
            commended: self.commended,
            eval,
        };
        Ok((record, detail))
    }
}

impl RecordJson<'_> {
    /// Which appearance this record is, whatever its id says: its case, hearing day and agency
    /// (the agency's name without whitespace or zero-width characters, which tell no two agencies
    /// apart); the court is the
    /// case number's. A follow-up is the sequel of a record already counted, no appearance of its
    /// own: "".
    pub fn appearance(&self) -> String {
        if self.followup {
            return String::new();
        }
        let agency: String = self
            .agency
            .chars()
            .filter(|c| {
                !c.is_whitespace()
                    && !matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
            })
            .collect();
        format!(
            "{}\u{1f}{}\u{1f}{agency}",
            self.case_number, self.hearing_date
        )
    }
}

/// The appearance ([`RecordJson::appearance`]) of a record as kept ("" for text that is no record).
pub fn appearance_of(text: &str) -> String {
    serde_json::from_str::<RecordJson>(text)
        .map(|r| r.appearance())
        .unwrap_or_default()
}

/// Reads a record of a batch json (schema 1 or 2).
pub fn record_from_json(text: &str) -> Result<(Record, Detail), Msg> {
    serde_json::from_str::<RecordJson>(text)
        .map_err(Msg::verbatim)?
        .into_record()
}

/// No record of a hearing before this day is taken from another court.
pub const EARLIEST_HEARING: &str = "2000-01-01";

/// What a record from another court must agree with: the batch it came in.
pub struct Expect<'a> {
    pub court: &'a str,
    pub court_code: &'a str,
    /// the batch's first day: a record of its own month is heard from it on, a late one (补报)
    /// before it; none when any earlier day may be (the record a correction carries)
    pub from: Option<&'a str>,
    /// the batch's last day: no hearing after it
    pub to: &'a str,
    /// schema 2 or later: the fields it added (`id`, `head`, …) are there and must agree
    pub schema2: bool,
}

/// A field of a record that is wrong, and why (in the user's language).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wrong {
    pub field: String,
    pub why: Msg,
}

fn wrong(
    field: impl Into<String>,
    key: &'static str,
    args: &[(&'static str, &dyn std::fmt::Display)],
) -> Wrong {
    Wrong {
        field: field.into(),
        why: crate::msg::msgf(key, args),
    }
}

/// The flags a record may carry.
const FLAGS: &[&str] = &[
    "art12_1",
    "art12_2",
    "art12_3",
    "art12_4",
    "art12_5",
    "silent",
    "refused_performance",
];

impl RecordJson<'_> {
    /// Checks a record that came from another court against the domain: its court, case number,
    /// dates, texts, categories, flags, and scores consistent with their maxima, totals and grades.
    /// Hostile input: nothing here trusts a checksum.
    pub fn check(&self, e: &Expect) -> Result<(), Wrong> {
        use super::text::{NAME_MAX, TEXT_MAX};
        if self.court != e.court {
            return Err(wrong(
                "court",
                "import.bad.court",
                &[("got", &self.court), ("want", &e.court)],
            ));
        }
        if e.schema2 && self.court_code != e.court_code {
            return Err(wrong(
                "court_code",
                "import.bad.court",
                &[("got", &self.court_code), ("want", &e.court_code)],
            ));
        }
        if e.schema2 && (self.id.len() != 32 || !self.id.chars().all(|c| c.is_ascii_hexdigit())) {
            return Err(wrong("id", "import.bad.id", &[("got", &self.id)]));
        }
        let case = super::case_number::parse(&self.case_number).map_err(|x| Wrong {
            field: "case_number".into(),
            why: Msg::new("import.bad.value").nest("why", x.message()),
        })?;
        if case.canonical() != self.case_number || case.court != e.court_code {
            return Err(wrong(
                "case_number",
                "import.bad.case",
                &[("got", &self.case_number), ("court", &e.court_code)],
            ));
        }
        if e.schema2 && self.case_type != case.type_code {
            return Err(wrong(
                "case_type",
                "import.bad.case_type",
                &[("got", &self.case_type)],
            ));
        }
        let date = chrono::NaiveDate::parse_from_str(&self.hearing_date, "%Y-%m-%d")
            .ok()
            .filter(|d| d.format("%Y-%m-%d").to_string() == self.hearing_date);
        if date.is_none() || &*self.hearing_date > e.to {
            return Err(wrong(
                "hearing_date",
                "import.bad.date",
                &[("got", &self.hearing_date)],
            ));
        }
        // the month's own records are heard in it; a late one (补报) in an earlier month, a
        // follow-up's hearing in its month or before; nothing before the first day records kept
        let in_period = match e.from {
            _ if *self.hearing_date < *EARLIEST_HEARING => false,
            Some(from) if !self.followup => (*self.hearing_date < *from) == self.late,
            _ => true,
        };
        if !in_period {
            return Err(wrong(
                "hearing_date",
                "import.bad.period",
                &[
                    ("got", &self.hearing_date),
                    ("from", &e.from.unwrap_or(EARLIEST_HEARING)),
                    ("to", &e.to),
                    ("earliest", &EARLIEST_HEARING),
                ],
            ));
        }
        for (field, text, max) in [
            ("agency", &self.agency, NAME_MAX),
            ("government", &self.government, NAME_MAX),
            ("person", &self.person, NAME_MAX),
            ("title", &self.title, NAME_MAX),
        ] {
            if text.chars().count() > max || text.chars().any(super::text::is_unsafe) {
                return Err(wrong(field, "import.bad.text", &[("max", &max)]));
            }
        }
        if self.agency.trim().is_empty() {
            return Err(wrong("agency", "import.bad.text", &[("max", &NAME_MAX)]));
        }
        let category = AppearCategory::from_id(&self.category).ok_or_else(|| {
            wrong(
                "category",
                "import.bad.id_value",
                &[("got", &self.category)],
            )
        })?;
        if !self.absence_reason.is_empty()
            && super::model::AbsenceReason::from_id(&self.absence_reason).is_none()
        {
            return Err(wrong(
                "absence_reason",
                "import.bad.id_value",
                &[("got", &self.absence_reason)],
            ));
        }
        if e.schema2 && self.head != category.is_head() {
            return Err(wrong("head", "import.bad.head", &[]));
        }
        if let Some(f) = self.flags.iter().find(|f| !FLAGS.contains(&f.as_str())) {
            return Err(wrong("flags", "import.bad.id_value", &[("got", f)]));
        }
        if self.commended
            && (!category.is_head() || !self.flags.is_empty() || self.late || self.followup)
        {
            return Err(wrong("commended", "import.bad.commended", &[]));
        }
        match (&self.evaluation, category.scorable()) {
            (None, false) => Ok(()),
            (None, true) | (Some(_), false) => {
                Err(wrong("evaluation", "import.bad.evaluation", &[]))
            }
            (Some(ev), true) => {
                if ev.comment.chars().count() > TEXT_MAX
                    || ev.comment.chars().any(super::text::is_unsafe)
                {
                    return Err(wrong(
                        "evaluation.comment",
                        "import.bad.text",
                        &[("max", &TEXT_MAX)],
                    ));
                }
                ev.check()?;
                self.check_rubric(ev, e)
            }
        }
    }

    /// An evaluation scored with the default rubric (its SHA-256 says so) is what that rubric makes
    /// of it: its dimensions and their maxima, the grade its total earns (the lowest one when a
    /// flag lowered it), and a commendation exactly when the notice would commend it.
    fn check_rubric(&self, ev: &EvalJson, e: &Expect) -> Result<(), Wrong> {
        let rubric = default_rubric();
        if *ev.rubric != *rubric.hash {
            return Ok(());
        }
        let dims = &ev.dimensions.0;
        let known = dims.len() == rubric.dimensions.len()
            && dims.iter().all(|d| {
                rubric
                    .dimensions
                    .iter()
                    .any(|r| r.id == d.id && r.max == d.max)
            });
        if !known {
            return Err(wrong("evaluation.dimensions", "import.bad.dimensions", &[]));
        }
        let (Some(total), Some(grade)) = (ev.total_tenths, ev.grade.as_deref()) else {
            return Ok(());
        };
        let lowest = rubric.grades.last().map(|g| g.id.as_str());
        let earned = rubric
            .grades
            .iter()
            .find(|g| total >= g.min * 10)
            .map(|g| g.id.as_str())
            .or(lowest);
        // (a follow-up carries only the flags its outcome raised: those before lowered it too)
        let lowered = !self.flags.is_empty() || self.followup;
        if Some(grade) != earned && !(lowered && Some(grade) == lowest) {
            return Err(wrong(
                "evaluation.grade",
                "import.bad.grade",
                &[
                    ("got", &grade),
                    ("total", &super::scoring::format_tenths(Some(total))),
                    ("want", &earned.unwrap_or_default()),
                ],
            ));
        }
        let top = rubric.grades.first().map(|g| g.id.as_str());
        let head = AppearCategory::from_id(&self.category).is_some_and(|c| c.is_head());
        let commendable =
            head && !self.followup && !self.late && self.flags.is_empty() && Some(grade) == top;
        // (schema 1 wrote no commendation)
        if self.commended != commendable && (e.schema2 || self.commended) {
            return Err(wrong(
                "commended",
                "import.bad.commended_grade",
                &[("grade", &top.unwrap_or_default())],
            ));
        }
        Ok(())
    }
}

/// The default rubric, read once.
fn default_rubric() -> &'static super::rubric::Rubric {
    static RUBRIC: std::sync::OnceLock<super::rubric::Rubric> = std::sync::OnceLock::new();
    RUBRIC.get_or_init(super::rubric::Rubric::default_rubric)
}

/// An id the batch names (a dimension, a grade, a mark's item): short, and no control character.
fn plain_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= ID_MAX && !id.chars().any(super::text::is_unsafe)
}

/// The longest id of a dimension, grade or item, in bytes.
const ID_MAX: usize = 64;

impl EvalJson<'_> {
    /// Scores within their maxima, and the total and grade the scores lead to.
    fn check(&self) -> Result<(), Wrong> {
        let dims = &self.dimensions.0;
        if dims.is_empty() || dims.len() > 20 {
            return Err(wrong("evaluation.dimensions", "import.bad.evaluation", &[]));
        }
        if dims.iter().any(|d| !plain_id(&d.id)) {
            return Err(wrong(
                "evaluation.dimensions",
                "import.bad.id_text",
                &[("max", &ID_MAX)],
            ));
        }
        if self.grade.as_deref().is_some_and(|g| !plain_id(g)) {
            return Err(wrong(
                "evaluation.grade",
                "import.bad.id_text",
                &[("max", &ID_MAX)],
            ));
        }
        if self.marks.keys().any(|k| !plain_id(k)) {
            return Err(wrong(
                "evaluation.marks",
                "import.bad.id_text",
                &[("max", &ID_MAX)],
            ));
        }
        if self.rubric.len() > ID_MAX || !self.rubric.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(wrong(
                "evaluation.rubric",
                "import.bad.id_text",
                &[("max", &ID_MAX)],
            ));
        }
        let (mut sum, mut max_sum) = (0i64, 0i64);
        for d in dims.iter() {
            let field = format!("evaluation.dimensions.{}", d.id);
            if !(1..=1000).contains(&d.max) || !(0..=d.max).contains(&d.score) {
                return Err(wrong(
                    field,
                    "import.bad.score",
                    &[("score", &d.score), ("max", &d.max)],
                ));
            }
            if d.status == DimStatus::Applicable {
                sum += d.score;
                max_sum += d.max;
            }
        }
        // the total: the applicable dimensions rescaled to 100, in tenths, rounded half up
        let expected = (max_sum > 0).then(|| (2 * sum * 1000 + max_sum) / (2 * max_sum));
        if self.total_tenths != expected {
            return Err(wrong(
                "evaluation.total_tenths",
                "import.bad.total",
                &[
                    ("got", &format!("{:?}", self.total_tenths)),
                    ("want", &format!("{expected:?}")),
                ],
            ));
        }
        let total_ok = match (self.total, self.total_tenths) {
            (Some(t), Some(tt)) => (t * 10.0 - tt as f64).abs() < 1e-6,
            (None, None) => true,
            _ => false,
        };
        if !total_ok {
            return Err(wrong(
                "evaluation.total",
                "import.bad.total",
                &[
                    ("got", &format!("{:?}", self.total)),
                    ("want", &format!("{:?}", self.total_tenths)),
                ],
            ));
        }
        if self.grade.is_some() != self.total_tenths.is_some() {
            return Err(wrong("evaluation.grade", "import.bad.evaluation", &[]));
        }
        if let Some((k, v)) = self.marks.iter().find(|(_, v)| !(0..=1000).contains(*v)) {
            return Err(wrong(
                format!("evaluation.marks.{k}"),
                "import.bad.score",
                &[("score", v), ("max", &1000)],
            ));
        }
        Ok(())
    }
}

/// A correction (更正) a batch reports: an amendment of something an earlier batch reported, with
/// the record as it is now, so the court above replaces what it imported. Written into the batch
/// json's `corrections` and read back by the import through this one struct.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorrectionJson {
    /// stable across courts (the amendment's id, per appearance): applied once
    pub uid: String,
    /// the appearance's stable id (the record it corrects)
    pub record_id: String,
    pub case_number: String,
    pub hearing_date: String,
    pub agency: String,
    pub field: String,
    pub old: String,
    pub new: String,
    pub reason: String,
    /// the judge who confirmed it
    pub by: String,
    pub at: String,
    /// the batch that had reported what it corrects
    pub reported_in: String,
    /// the record as it is now (None when it no longer counts)
    pub record: Option<RecordJson<'static>>,
}

/// What a notice states about one appearance: what a later notice must correct when it changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub grade: Option<String>,
    pub total_tenths: Option<i64>,
    pub flags: Vec<String>,
    pub commended: bool,
}

impl Statement {
    pub fn of(r: &Record) -> Statement {
        Statement {
            grade: r.eval.as_ref().and_then(|e| e.grade.clone()),
            total_tenths: r.eval.as_ref().and_then(|e| e.total_tenths),
            flags: r.flags.clone(),
            commended: r.commended,
        }
    }
}

/// An earlier notice's statement about an appearance that is no longer true (更正说明).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restatement {
    pub record_id: String,
    pub case_number: String,
    pub agency: String,
    pub person: String,
    /// the government the agency reports to (its extract carries the correction too)
    #[serde(default)]
    pub government: String,
    /// the batch whose notice stated it
    pub reported_in: String,
    pub was: Statement,
    pub now: Statement,
    /// why it changed: the amendments' reasons, or the judgment performance outcome recorded
    pub why: String,
    /// a later event (a judgment performance outcome recorded after the notice), not an error
    /// of the earlier notice: it was true when sent, and is said to have changed since
    #[serde(default)]
    pub later: bool,
}

/// An indicator of an earlier batch's period that its corrections change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorCorrection {
    pub batch: String,
    pub id: String,
    pub label: String,
    pub was: String,
    pub now: String,
}

/// What a batch's notice corrected of earlier notices, kept with the batch so its re-export says
/// the same.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restated {
    pub records: Vec<Restatement>,
    #[serde(default)]
    pub indicators: Vec<IndicatorCorrection>,
}

/// Everything a batch corrects of earlier batches.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Corrections {
    pub corrections: Vec<CorrectionJson>,
    pub restatements: Vec<Restatement>,
    pub indicators: Vec<IndicatorCorrection>,
}

impl Corrections {
    /// What an extract (函) to one government carries: the corrections of its own agencies.
    pub fn only(&self, government: &str) -> Corrections {
        Corrections {
            corrections: self
                .corrections
                .iter()
                .filter(|c| {
                    c.record
                        .as_ref()
                        .is_some_and(|r| r.government == government)
                })
                .cloned()
                .collect(),
            restatements: self
                .restatements
                .iter()
                .filter(|r| r.government == government)
                .cloned()
                .collect(),
            indicators: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.corrections.is_empty() && self.restatements.is_empty() && self.indicators.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::live::EventKind;

    fn dim(id: &str, score: i64, max: i64, status: DimStatus) -> DimScore {
        DimScore {
            id: id.into(),
            score,
            max,
            status,
        }
    }

    /// A record with everything a record json holds: escapes in its texts, its dimensions out of
    /// the ids' order and one of them twice (the later one counts), marks, an event.
    fn sample() -> (Record, Detail, Vec<Event>) {
        let eval = EvalFacts {
            dims: vec![
                dim("speech", 30, 35, DimStatus::Applicable),
                dim("discipline", 20, 20, DimStatus::Applicable),
                dim("resolution", 1, 30, DimStatus::Pending),
                dim("discipline", 18, 20, DimStatus::NotApplicable),
            ],
            total_tenths: Some(855),
            grade: Some("good".into()),
            spoke: true,
            view_given: true,
            settled: false,
            commitment: true,
            performance: Some("on_time".into()),
        };
        let record = Record {
            id: "u1".into(),
            court: "合肥市蜀山区人民法院".into(),
            court_code: "皖0104".into(),
            case_type: "行初".into(),
            hearing_id: 7,
            case_number: "（2026）皖0104行初1号".into(),
            hearing_date: "2026-10-01".into(),
            key_case: true,
            agency: "合肥市\"市场\"监督管理局\n".into(),
            government: "合肥市人民政府".into(),
            notified: true,
            category: AppearCategory::Principal,
            person: "张三".into(),
            title: "局长".into(),
            flags: vec!["late_arrival".into(), "silent".into()],
            late: true,
            followup: false,
            commended: true,
            eval: Some(eval),
        };
        let detail = Detail {
            evaluation_id: Some(3),
            rubric_hash: "abc".into(),
            marks: Marks::from([("phone".into(), 2), ("outcome".into(), -1)]),
            comment: "点评\t\u{1}".into(),
            finalized_by: "朱丽".into(),
            finalized_at: "2026-10-02T08:00:00+08:00".into(),
            absence_reason: "not_given".into(),
            reason_accepted: false,
            performance_recorded: Some(("2026-10-20".into(), "李四".into())),
        };
        let events = vec![Event {
            seq: 1,
            elapsed_ms: 1500,
            at: "2026-10-01T09:00:01+08:00".into(),
            stage: "opening".into(),
            kind: EventKind::Mark,
            item: "phone".into(),
            note: String::new(),
            value: 1,
            prev: 0,
            target: None,
        }];
        (record, detail, events)
    }

    fn written(r: &Record, d: &Detail, events: &[Event]) -> String {
        serde_json::to_string(&RecordJson::of(r, d, events)).unwrap()
    }

    /// The bytes a record is written as: an export's digest, and every batch an upper court
    /// imported, depend on them.
    #[test]
    fn a_record_is_written_as_these_bytes() {
        let (record, detail, events) = sample();
        assert_eq!(
            written(&record, &detail, &events),
            concat!(
                r#"{"id":"u1","court":"合肥市蜀山区人民法院","court_code":"皖0104","case_type":"行初","#,
                r#""hearing_id":7,"case_number":"（2026）皖0104行初1号","#,
                r#""hearing_date":"2026-10-01","key_case":true,"#,
                r#""agency":"合肥市\"市场\"监督管理局\n","government":"合肥市人民政府","notified":true,"#,
                r#""category":"principal","head":true,"person":"张三","title":"局长","#,
                r#""absence_reason":"not_given","reason_accepted":false,"#,
                r#""flags":["late_arrival","silent"],"late":true,"followup":false,"#,
                r#""commended":true,"evaluation":{"dimensions":{"discipline":{"max":20,"#,
                r#""score":18,"status":"not_applicable"},"resolution":{"max":30,"#,
                r#""score":1,"status":"pending"},"speech":{"max":35,"score":30,"#,
                r#""status":"applicable"}},"total":85.5,"total_tenths":855,"#,
                r#""grade":"good","spoke":true,"view_given":true,"settled":false,"#,
                r#""commitment":true,"performance":"on_time","#,
                r#""performance_recorded":{"on":"2026-10-20","by":"李四"},"#,
                r#""marks":{"outcome":-1,"phone":2},"comment":"点评\t\u0001","#,
                r#""finalized_by":"朱丽","finalized_at":"2026-10-02T08:00:00+08:00","#,
                r#""rubric":"abc","events":[{"seq":1,"elapsed_ms":1500,"#,
                r#""at":"2026-10-01T09:00:01+08:00","stage":"opening","kind":"mark","#,
                r#""item":"phone","note":"","value":1}]}}"#,
            )
        );
        // no evaluation, no events, no total
        let mut absent = record.clone();
        absent.eval = None;
        absent.category = AppearCategory::Nobody;
        assert_eq!(
            written(&absent, &Detail::default(), &[]),
            concat!(
                r#"{"id":"u1","court":"合肥市蜀山区人民法院","court_code":"皖0104","case_type":"行初","#,
                r#""hearing_id":7,"case_number":"（2026）皖0104行初1号","#,
                r#""hearing_date":"2026-10-01","key_case":true,"#,
                r#""agency":"合肥市\"市场\"监督管理局\n","government":"合肥市人民政府","notified":true,"#,
                r#""category":"nobody","head":false,"person":"张三","title":"局长","#,
                r#""absence_reason":"","reason_accepted":false,"flags":["late_arrival","#,
                r#""silent"],"late":true,"followup":false,"commended":true,"#,
                r#""evaluation":null}"#,
            )
        );
        let mut plain = record;
        if let Some(e) = plain.eval.as_mut() {
            (e.total_tenths, e.grade, e.performance) = (None, None, None);
            e.dims.clear();
        }
        assert_eq!(
            written(&plain, &Detail::default(), &[]),
            concat!(
                r#"{"id":"u1","court":"合肥市蜀山区人民法院","court_code":"皖0104","case_type":"行初","#,
                r#""hearing_id":7,"case_number":"（2026）皖0104行初1号","#,
                r#""hearing_date":"2026-10-01","key_case":true,"#,
                r#""agency":"合肥市\"市场\"监督管理局\n","government":"合肥市人民政府","notified":true,"#,
                r#""category":"principal","head":true,"person":"张三","title":"局长","#,
                r#""absence_reason":"","reason_accepted":false,"flags":["late_arrival","#,
                r#""silent"],"late":true,"followup":false,"commended":true,"#,
                r#""evaluation":{"dimensions":{},"total":null,"total_tenths":null,"#,
                r#""grade":null,"spoke":true,"view_given":true,"settled":false,"#,
                r#""commitment":true,"performance":null,"performance_recorded":null,"#,
                r#""marks":{},"comment":"","finalized_by":"","finalized_at":"","#,
                r#""rubric":"","events":[]}}"#,
            )
        );
    }

    #[test]
    fn a_record_written_reads_back_as_the_same_record_and_detail() {
        let (mut record, mut detail, events) = sample();
        // read back in the ids' order, one of an id (what the store holds)
        if let Some(e) = record.eval.as_mut() {
            e.dims.sort_by(|a, b| a.id.cmp(&b.id));
            e.dims.dedup_by(|later, earlier| {
                later.id == earlier.id && {
                    std::mem::swap(later, earlier);
                    true
                }
            });
            assert_eq!(e.dims.len(), 3);
        }
        // the evaluation's row id is the writer's own
        detail.evaluation_id = None;
        let text = written(&record, &detail, &events);
        assert_eq!(
            record_from_json(&text).unwrap(),
            (record.clone(), detail.clone())
        );
        // read, then written again: the same bytes (an import keeps what it read)
        let read: RecordJson = serde_json::from_str(&text).unwrap();
        assert_eq!(serde_json::to_string(&read).unwrap(), text);
        // owned, the same (a correction carries it)
        let owned = RecordJson::of(&record, &detail, &events).into_owned();
        assert_eq!(owned, read);
        // nobody appeared: no evaluation, only why
        let mut absent = record;
        absent.eval = None;
        absent.category = AppearCategory::Nobody;
        let why = Detail {
            absence_reason: "not_given".into(),
            reason_accepted: true,
            ..Detail::default()
        };
        let text = written(&absent, &why, &[]);
        assert_eq!(record_from_json(&text).unwrap(), (absent, why));
    }

    /// Schema 1's record: only what every schema has; the rest takes its default.
    #[test]
    fn a_schema_1_record_reads_with_the_defaults() {
        let text = concat!(
            r#"{"court":"合肥市蜀山区人民法院","hearing_id":7,"#,
            r#""case_number":"（2026）皖0104行初1号","hearing_date":"2026-10-01","#,
            r#""agency":"合肥市市场监督管理局","government":"合肥市人民政府","#,
            r#""category":"principal","person":"张三","title":"局长","#,
            r#""evaluation":{"dimensions":{"speech":{"score":30,"max":35,"#,
            r#""status":"applicable"}},"total":85.7,"total_tenths":857,"grade":"good"}}"#,
        );
        let (r, d) = record_from_json(text).unwrap();
        assert!(r.notified && r.id.is_empty() && r.flags.is_empty() && !r.commended);
        let e = r.eval.unwrap();
        assert!(e.spoke && !e.view_given && e.performance.is_none());
        assert_eq!(e.dims, [dim("speech", 30, 35, DimStatus::Applicable)]);
        assert_eq!(d, Detail::default());
    }
}
