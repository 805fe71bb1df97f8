//! The justice bureau's side (皖司发〔2022〕9号 §14, §15): random spot checks of the hearing videos
//! of heads' appearances (随机查看出庭应诉视频) scored on the bureau's own rubric, the public's
//! satisfaction (群众满意度评议), and the 考核 scorecard that puts them beside the court's
//! figures. No I/O here: the store keeps the draws, reviews and responses; the config reads the
//! rubric and the weights.

use super::rubric::{RubricError as FileError, line_of, toml_error};
use super::sheet::{self, GridRow, RowError, Spec};
use crate::msg::{Lang, Msg, msgf};
use serde::Deserialize;
use std::collections::BTreeMap;

/// What kind of organisation keeps a database: a court records hearings; a justice bureau
/// imports the courts' batches and evaluates on its own. One database is one of them for good.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OrgKind {
    #[default]
    Court,
    Bureau,
}

impl OrgKind {
    pub fn id(self) -> &'static str {
        match self {
            OrgKind::Court => "court",
            OrgKind::Bureau => "bureau",
        }
    }
    pub fn from_id(s: &str) -> Option<OrgKind> {
        [OrgKind::Court, OrgKind::Bureau]
            .into_iter()
            .find(|k| k.id() == s)
    }
    pub fn label(self) -> Msg {
        Msg::new(match self {
            OrgKind::Court => "org.court",
            OrgKind::Bureau => "org.bureau",
        })
    }
}

/// The default video-review rubric (config/bureau_rubric.toml).
pub const DEFAULT_BUREAU_RUBRIC: &str = include_str!("../../../../config/bureau_rubric.toml");

/// One dimension a reviewer scores from 0 to its maximum.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewDimension {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub max: i64,
    /// what the reviewer looks for
    #[serde(default)]
    pub hint: String,
}

impl ReviewDimension {
    pub fn label_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// The bureau's video-review rubric: dimensions summing to 100, and the margin (in points of
/// 100) beyond which its view and the court's are said to differ.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BureauRubric {
    pub margin: i64,
    #[serde(rename = "dimension")]
    pub dimensions: Vec<ReviewDimension>,
}

impl BureauRubric {
    /// Reads and checks a rubric: ids unique and plain, maxima positive and summing to 100, the
    /// margin between 1 and 100, no unsafe character; an error names the file and the line.
    pub fn parse(text: &str, file: &str) -> Result<BureauRubric, FileError> {
        let r: BureauRubric = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
        super::rubric::unsafe_text(text, file)?;
        let at = |needle: &str, reason: Msg| FileError {
            file: file.to_string(),
            line: text.find(needle).map_or(1, |o| line_of(text, o)),
            reason,
        };
        if r.dimensions.is_empty() {
            return Err(at("[[dimension]]", Msg::new("bureau.err.no_dimension")));
        }
        let mut seen = Vec::new();
        for d in &r.dimensions {
            let quoted = format!("\"{}\"", d.id);
            if d.id.is_empty()
                || !d
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                || seen.contains(&d.id)
            {
                return Err(at(
                    &quoted,
                    msgf("bureau.err.dimension_id", &[("id", &d.id)]),
                ));
            }
            seen.push(d.id.clone());
            if d.max <= 0 || d.zh.trim().is_empty() || d.en.trim().is_empty() {
                return Err(at(&quoted, msgf("bureau.err.dimension", &[("id", &d.id)])));
            }
        }
        let total: i64 = r.dimensions.iter().map(|d| d.max).sum();
        if total != 100 {
            return Err(at(
                "[[dimension]]",
                msgf("bureau.err.total", &[("total", &total)]),
            ));
        }
        if !(1..=100).contains(&r.margin) {
            return Err(at(
                "margin",
                msgf("bureau.err.margin", &[("margin", &r.margin)]),
            ));
        }
        Ok(r)
    }

    pub fn default_rubric() -> BureauRubric {
        BureauRubric::parse(DEFAULT_BUREAU_RUBRIC, "config/bureau_rubric.toml")
            .expect("the default bureau rubric is valid (tested)")
    }

    /// A draft's scores checked against the rubric: each a dimension of it, within 0..=its max
    /// (a dimension may be left unscored).
    pub fn check_each(&self, scores: &BTreeMap<String, i64>) -> Result<(), Msg> {
        for (id, s) in scores {
            let Some(d) = self.dimensions.iter().find(|d| &d.id == id) else {
                return Err(msgf("bureau.err.unknown_dimension", &[("id", id)]));
            };
            if !(0..=d.max).contains(s) {
                return Err(msgf(
                    "bureau.err.score",
                    &[("dimension", &d.zh), ("score", s), ("max", &d.max)],
                ));
            }
        }
        Ok(())
    }

    /// A finalized review's scores checked against the rubric: [`BureauRubric::check_each`], and
    /// every dimension scored. Returns the total.
    pub fn check(&self, scores: &BTreeMap<String, i64>) -> Result<i64, Msg> {
        self.check_each(scores)?;
        let mut total = 0;
        for d in &self.dimensions {
            match scores.get(&d.id) {
                None => {
                    return Err(msgf(
                        "bureau.err.unscored",
                        &[("dimension", &d.label_in(crate::msg::Lang::Zh))],
                    ));
                }
                Some(s) => total += s,
            }
        }
        Ok(total)
    }
}

/// A deterministic generator (SplitMix64): the same seed gives the same draw on every machine.
#[derive(Clone, Debug)]
pub struct Draw(u64);

impl Draw {
    pub fn new(seed: u64) -> Draw {
        Draw(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number below `n` (n > 0), without modulo bias.
    pub fn below(&mut self, n: u64) -> u64 {
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let x = self.next_u64();
            if x < zone {
                return x % n;
            }
        }
    }
}

/// One appearance that may be drawn: its court, its stable id and its agency.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Drawable {
    pub agency: String,
    pub court_code: String,
    pub uid: String,
}

/// Draws up to `size` appearances stratified by agency: each agency's appearances are shuffled
/// by the seed, then taken in turns, one per agency per round in the agencies' order, at most
/// `per_agency` from each (none: no limit). The same records and seed give the same draw,
/// whatever order the records come in. Returns the drawn, in the order drawn.
pub fn draw(pool: &[Drawable], size: usize, per_agency: Option<usize>, seed: u64) -> Vec<Drawable> {
    let mut by_agency: BTreeMap<&str, Vec<&Drawable>> = BTreeMap::new();
    for d in pool {
        by_agency.entry(&d.agency).or_default().push(d);
    }
    let mut rng = Draw::new(seed);
    let mut strata: Vec<Vec<&Drawable>> = by_agency
        .into_values()
        .map(|mut v| {
            v.sort();
            v.dedup();
            // Fisher–Yates, the agencies in their order: the seed decides everything
            for i in (1..v.len()).rev() {
                let j = rng.below(i as u64 + 1) as usize;
                v.swap(i, j);
            }
            v
        })
        .collect();
    let cap = per_agency.unwrap_or(usize::MAX);
    let mut out = Vec::new();
    let mut round = 0;
    while out.len() < size && round < cap {
        let mut took = false;
        for s in strata.iter_mut() {
            if out.len() == size {
                break;
            }
            if let Some(d) = s.get(round) {
                out.push((*d).clone());
                took = true;
            }
        }
        if !took {
            break;
        }
        round += 1;
    }
    out
}

/// A response of the public's satisfaction survey (群众满意度评议).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rating {
    Satisfied,
    Basic,
    Dissatisfied,
}

impl Rating {
    pub fn id(self) -> &'static str {
        match self {
            Rating::Satisfied => "satisfied",
            Rating::Basic => "basic",
            Rating::Dissatisfied => "dissatisfied",
        }
    }
    pub fn from_id(s: &str) -> Option<Rating> {
        [Rating::Satisfied, Rating::Basic, Rating::Dissatisfied]
            .into_iter()
            .find(|r| r.id() == s)
    }
    /// As people write it: 满意, 基本满意, 不满意 (or the English words).
    pub fn parse(s: &str) -> Option<Rating> {
        match s.trim() {
            "满意" | "非常满意" | "satisfied" | "Satisfied" => Some(Rating::Satisfied),
            "基本满意" | "比较满意" | "basically satisfied" | "Basically satisfied" => {
                Some(Rating::Basic)
            }
            "不满意" | "dissatisfied" | "Dissatisfied" => Some(Rating::Dissatisfied),
            _ => None,
        }
    }
    pub fn label(self) -> Msg {
        Msg::new(match self {
            Rating::Satisfied => "rating.satisfied",
            Rating::Basic => "rating.basic",
            Rating::Dissatisfied => "rating.dissatisfied",
        })
    }
}

/// One row of a satisfaction file, read: where it is, the case, the agency, the rating, the
/// comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub row: usize,
    pub case_number: String,
    pub agency: String,
    pub rating: Rating,
    pub comment: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Case,
    Agency,
    Rating,
    Comment,
}

pub const SPECS: &[Spec<Field>] = &[
    Spec {
        field: Field::Case,
        names: &["案号", "案件编号"],
        required: true,
    },
    Spec {
        field: Field::Agency,
        names: &["被告机关", "行政机关", "被诉行政机关", "机关"],
        required: true,
    },
    Spec {
        field: Field::Rating,
        names: &["评价", "满意度", "评议结果"],
        required: true,
    },
    Spec {
        field: Field::Comment,
        names: &["意见", "备注", "意见建议"],
        required: false,
    },
];

/// Reads a satisfaction file's rows: each response, and each wrong cell (a case number that is
/// not one, an empty agency, a rating that is none of 满意/基本满意/不满意), said with its row and
/// column. A file without the columns is refused as a whole.
pub fn read_responses(rows: &[GridRow]) -> Result<(Vec<Response>, Vec<RowError>), Msg> {
    let cols = sheet::find_columns(rows, SPECS, Field::Case)?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for row in rows.iter().filter(|r| r.n > cols.row && !r.is_blank()) {
        let mut cell = |f: Field| match cols.cell(row, f) {
            Ok(s) => Some(s.trim().to_string()),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let (Some(case), Some(agency), Some(rating), Some(comment)) = (
            cell(Field::Case),
            cell(Field::Agency),
            cell(Field::Rating),
            cell(Field::Comment),
        ) else {
            continue;
        };
        let wrong = |f: Field, why: Msg| RowError {
            at: cols.place(f, row.n),
            why,
        };
        let case = match super::case_number::parse(&case) {
            Ok(c) => c.canonical(),
            Err(e) => {
                errors.push(wrong(Field::Case, e.message()));
                continue;
            }
        };
        if agency.is_empty() || agency.chars().count() > super::text::NAME_MAX {
            errors.push(wrong(Field::Agency, Msg::new("satisfaction.err.agency")));
            continue;
        }
        let Some(rating) = Rating::parse(&rating) else {
            errors.push(wrong(
                Field::Rating,
                msgf(
                    "satisfaction.err.rating",
                    &[("value", &super::text::shown(&rating))],
                ),
            ));
            continue;
        };
        out.push(Response {
            row: row.n,
            case_number: case,
            agency,
            rating,
            comment: super::text::clean(&comment),
        });
    }
    Ok((out, errors))
}

/// The weights of the 考核 scorecard's composite score (default.toml `[scorecard]`), in points
/// of 100, and the points taken off per art 12 situation.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Weights {
    pub appearance: i64,
    pub principal: i64,
    pub spoke: i64,
    pub resolution: i64,
    pub spot_check: i64,
    pub satisfaction: i64,
    pub art12_penalty: i64,
}

impl Default for Weights {
    fn default() -> Weights {
        Weights {
            appearance: 30,
            principal: 10,
            spoke: 20,
            resolution: 20,
            spot_check: 10,
            satisfaction: 10,
            art12_penalty: 2,
        }
    }
}

/// A fraction with what it is made of (a rate, an average of 100, a satisfaction share).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Part {
    pub num: f64,
    pub den: f64,
}

impl Part {
    pub fn value(&self) -> Option<f64> {
        (self.den > 0.0).then(|| self.num / self.den)
    }
}

/// An agency's inputs to the scorecard, each with its count beside it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inputs {
    /// heads who appeared / appearances the court notified
    pub appearance: Part,
    pub principal: Part,
    /// heads who spoke / heads evaluated
    pub spoke: Part,
    /// cases settled or withdrawn / cases
    pub resolution: Part,
    pub art12: u64,
    /// the bureau's finalized reviews: the sum of their totals / (100 × their number)
    pub spot_check: Part,
    /// (满意 + ½ 基本满意) / responses
    pub satisfaction: Part,
}

/// The composite score of 100: each input's weight times its value, the weights of the inputs
/// without data left out and the others rescaled to the same sum, less the art 12 penalty, never
/// below 0; None when no input has data. The formula is printed beside the table.
pub fn composite(i: &Inputs, w: &Weights) -> Option<f64> {
    let parts = [
        (i.appearance, w.appearance),
        (i.principal, w.principal),
        (i.spoke, w.spoke),
        (i.resolution, w.resolution),
        (i.spot_check, w.spot_check),
        (i.satisfaction, w.satisfaction),
    ];
    let all: f64 = parts.iter().map(|(_, w)| *w as f64).sum();
    let (mut sum, mut used) = (0.0, 0.0);
    for (p, weight) in parts {
        if let Some(v) = p.value() {
            sum += v * weight as f64;
            used += weight as f64;
        }
    }
    if used <= 0.0 {
        return None;
    }
    let score = sum * all / used - (w.art12_penalty as f64) * i.art12 as f64;
    Some((score.max(0.0) * 10.0).round() / 10.0)
}

/// One agency's line of the scorecard: the court's figures, the bureau's, the composite.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AgencyLine {
    pub agency: String,
    pub government: String,
    /// appearances heard in the period (every court's)
    pub appearances: u64,
    #[serde(serialize_with = "part")]
    pub appearance: Part,
    #[serde(serialize_with = "part")]
    pub principal: Part,
    #[serde(serialize_with = "part")]
    pub spoke: Part,
    #[serde(serialize_with = "part")]
    pub resolution: Part,
    pub art12: u64,
    /// the bureau's finalized reviews: their number, and their average of 100
    pub reviews: u64,
    #[serde(serialize_with = "part")]
    pub spot_check: Part,
    /// the responses: 满意, 基本满意, 不满意
    pub satisfied: u64,
    pub basic: u64,
    pub dissatisfied: u64,
    #[serde(serialize_with = "part")]
    pub satisfaction: Part,
    pub composite: Option<f64>,
    /// what each figure is made of: the appearances counted (court code:stable id), the reviews
    /// (their ids) and the satisfaction responses (their ids), for tracing each to its record
    pub records: Vec<String>,
    pub review_ids: Vec<i64>,
    pub response_ids: Vec<i64>,
}

impl AgencyLine {
    pub fn inputs(&self) -> Inputs {
        Inputs {
            appearance: self.appearance,
            principal: self.principal,
            spoke: self.spoke,
            resolution: self.resolution,
            art12: self.art12,
            spot_check: self.spot_check,
            satisfaction: self.satisfaction,
        }
    }
}

/// A part as json: its numerator, denominator and value (null without data).
fn part<S: serde::Serializer>(p: &Part, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut st = s.serialize_struct("Part", 3)?;
    st.serialize_field("num", &p.num)?;
    st.serialize_field("den", &p.den)?;
    st.serialize_field("value", &p.value())?;
    st.end()
}

/// Where the bureau's review of an appearance and the court's evaluation differ by more than the
/// margin (both totals of 100).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Difference {
    pub court_code: String,
    pub case_number: String,
    pub agency: String,
    pub court_total: f64,
    pub bureau_total: i64,
}

/// Whether the bureau's total and the court's (in tenths) differ by more than `margin` points.
pub fn differs(court_tenths: i64, bureau_total: i64, margin: i64) -> bool {
    (court_tenths - bureau_total * 10).abs() > margin * 10
}

/// The 考核 scorecard of a period: each agency's line, ranked by composite (none last), the
/// weights it was made with, and where the bureau's view differs from the court's.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Scorecard {
    pub period: String,
    pub org: String,
    pub lines: Vec<AgencyLine>,
    pub weights: Weights,
    pub margin: i64,
    pub differences: Vec<Difference>,
}

impl Scorecard {
    /// Ranks the lines: composite first (none last), then the agency's name.
    pub fn rank(&mut self) {
        self.lines.sort_by(|a, b| {
            b.composite
                .unwrap_or(-1.0)
                .total_cmp(&a.composite.unwrap_or(-1.0))
                .then_with(|| a.agency.cmp(&b.agency))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::test_words::Text;

    fn pool() -> Vec<Drawable> {
        let mut v = Vec::new();
        for (agency, n) in [("甲局", 5), ("乙局", 2), ("丙局", 1)] {
            for i in 0..n {
                v.push(Drawable {
                    agency: agency.into(),
                    court_code: "皖0104".into(),
                    uid: format!("{agency}-{i}"),
                });
            }
        }
        v
    }

    #[test]
    fn a_draw_is_stratified_reproducible_and_independent_of_order() {
        let p = pool();
        let a = draw(&p, 5, None, 42);
        assert_eq!(a.len(), 5);
        // one from each agency before a second from any
        let first: Vec<&str> = a[..3].iter().map(|d| d.agency.as_str()).collect();
        assert_eq!(first, ["丙局", "乙局", "甲局"]);
        let mut reversed = p.clone();
        reversed.reverse();
        assert_eq!(draw(&reversed, 5, None, 42), a);
        assert_ne!(draw(&p, 5, None, 43), a, "another seed, another draw");
        // at most one per agency
        let one = draw(&p, 10, Some(1), 42);
        assert_eq!(one.len(), 3);
        // never more than the pool, never twice the same
        let all = draw(&p, 100, None, 7);
        assert_eq!(all.len(), 8);
        let mut uids: Vec<&str> = all.iter().map(|d| d.uid.as_str()).collect();
        uids.sort();
        uids.dedup();
        assert_eq!(uids.len(), 8);
    }

    #[test]
    fn the_default_rubric_reads_and_scores_are_checked() {
        crate::msg::test_words::set_lang(Lang::Zh);
        let r = BureauRubric::default_rubric();
        let ids: Vec<&str> = r.dimensions.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["manner", "statement", "resolution", "discipline"]);
        let mut s: BTreeMap<String, i64> =
            r.dimensions.iter().map(|d| (d.id.clone(), d.max)).collect();
        assert_eq!(r.check(&s), Ok(100));
        s.insert("manner".into(), 21);
        assert!(r.check(&s).unwrap_err().text().contains("21"));
        s.remove("manner");
        assert!(r.check(&s).unwrap_err().text().contains("仪表与礼仪"));
        let bad = DEFAULT_BUREAU_RUBRIC.replacen("max = 20", "max = 25", 1);
        let e = BureauRubric::parse(&bad, "bureau_rubric.toml").unwrap_err();
        assert!(e.reason.text().contains("105"), "{:?}", e.reason);
    }

    #[test]
    fn the_composite_leaves_out_what_has_no_data_and_takes_off_for_art_12() {
        let w = Weights::default();
        let i = Inputs {
            appearance: Part {
                num: 8.0,
                den: 10.0,
            },
            principal: Part {
                num: 2.0,
                den: 10.0,
            },
            spoke: Part { num: 8.0, den: 8.0 },
            resolution: Part { num: 1.0, den: 4.0 },
            art12: 1,
            spot_check: Part::default(),
            satisfaction: Part { num: 3.0, den: 4.0 },
        };
        // (0.8×30 + 0.2×10 + 1×20 + 0.25×20 + 0.75×10) × 100/90 − 2 = 58.5 × 100/90 − 2 = 63.0
        assert_eq!(composite(&i, &w), Some(63.0));
        assert_eq!(composite(&Inputs::default(), &w), None);
    }

    #[test]
    fn a_satisfaction_file_is_read_and_each_wrong_cell_named() {
        crate::msg::test_words::set_lang(Lang::Zh);
        let row = |n: usize, cells: &[&str]| GridRow {
            n,
            cells: cells.iter().map(|s| s.to_string()).collect(),
        };
        let rows = vec![
            row(1, &["案号", "被告机关", "评价", "意见"]),
            row(
                2,
                &[
                    "(2026)皖0104行初1号",
                    "合肥市公安局",
                    "满意",
                    "负责人态度诚恳",
                ],
            ),
            row(3, &["（2026）皖0104行初2号", "合肥市公安局", "一般", ""]),
            row(4, &["2026行初3号", "合肥市公安局", "不满意", ""]),
            row(
                5,
                &["（2026）皖0104行初4号", "合肥市公安局", "基本满意", ""],
            ),
        ];
        let (ok, wrong) = read_responses(&rows).unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].case_number, "（2026）皖0104行初1号");
        assert_eq!(ok[1].rating, Rating::Basic);
        assert_eq!(wrong.len(), 2);
        assert_eq!((wrong[0].at.row, wrong[0].at.col), (3, 3));
        assert!(wrong[0].why.text().contains("一般"));
        assert_eq!((wrong[1].at.row, wrong[1].at.col), (4, 1));
    }
}
