//! Demo data: realistic and deterministic (same seed and day, same data). One court's own hearings
//! (a database belongs to one court), in the case types a court of its level hears and counts,
//! with Anhui-style case numbers, agencies at several levels, a spread of appearances, absences
//! and scores across the months before the current one (the current month's batch starts empty),
//! marks that go together and comments that say what the marks say of whom they say it. A case
//! settled or withdrawn has no judgment to perform; a judgment's outcome is recorded only once it
//! took effect and its deadline passed. About a quarter of the hearings were scored live: their
//! evaluations carry the event log live mode writes, which replays to their marks. Only an empty
//! database takes demo data (the store refuses any other).

use crate::domain::case_number::{CourtLevel, court_level};
use crate::domain::live::{Event, EventKind, Stage, pressed};
use crate::domain::model::*;
use crate::domain::rubric::{ItemKind, Rubric};
use crate::domain::scoring::{self, Marks, Score};
use crate::store::{HearingInput, Store};
use chrono::{Datelike, Duration, FixedOffset, NaiveDate};
use std::collections::BTreeMap;

pub struct Options {
    pub hearings: usize,
    pub seed: u64,
    /// the court whose hearings these are: its name and its code in case numbers
    pub court: (String, String),
    /// the day it is: the hearings end on the last day of the month before
    pub today: NaiveDate,
}

impl Options {
    /// `hearings` hearings of the example court in the default config (合肥市蜀山区人民法院, 皖0104),
    /// in the months before `today`'s.
    pub fn new(hearings: usize, seed: u64, today: NaiveDate) -> Options {
        Options {
            hearings,
            seed,
            court: ("合肥市蜀山区人民法院".into(), "皖0104".into()),
            today,
        }
    }

    /// The day of the last hearing: the last day of the month before `today`'s.
    pub fn end(&self) -> NaiveDate {
        let first = self.today.with_day(1).unwrap_or(self.today);
        first.pred_opt().unwrap_or(first)
    }
}

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

/// (name, level, region, government it reports to)
const AGENCIES: &[(&str, AgencyLevel, &str, &str)] = &[
    (
        "安徽省人民政府",
        AgencyLevel::Province,
        "安徽省",
        "安徽省人民政府",
    ),
    (
        "安徽省自然资源厅",
        AgencyLevel::Province,
        "安徽省",
        "安徽省人民政府",
    ),
    (
        "安徽省生态环境厅",
        AgencyLevel::Province,
        "安徽省",
        "安徽省人民政府",
    ),
    (
        "合肥市人民政府",
        AgencyLevel::City,
        "合肥市",
        "合肥市人民政府",
    ),
    (
        "合肥市自然资源和规划局",
        AgencyLevel::City,
        "合肥市",
        "合肥市人民政府",
    ),
    (
        "合肥市市场监督管理局",
        AgencyLevel::City,
        "合肥市",
        "合肥市人民政府",
    ),
    (
        "合肥市公安局",
        AgencyLevel::City,
        "合肥市",
        "合肥市人民政府",
    ),
    (
        "合肥市生态环境局",
        AgencyLevel::City,
        "合肥市",
        "合肥市人民政府",
    ),
    (
        "合肥市人力资源和社会保障局",
        AgencyLevel::City,
        "合肥市",
        "合肥市人民政府",
    ),
    (
        "合肥市住房保障和房产管理局",
        AgencyLevel::City,
        "合肥市",
        "合肥市人民政府",
    ),
    (
        "合肥市城乡建设局",
        AgencyLevel::City,
        "合肥市",
        "合肥市人民政府",
    ),
    (
        "蜀山区人民政府",
        AgencyLevel::County,
        "蜀山区",
        "蜀山区人民政府",
    ),
    (
        "蜀山区市场监督管理局",
        AgencyLevel::County,
        "蜀山区",
        "蜀山区人民政府",
    ),
    (
        "蜀山区城市管理局",
        AgencyLevel::County,
        "蜀山区",
        "蜀山区人民政府",
    ),
    (
        "蜀山区住房和城乡建设局",
        AgencyLevel::County,
        "蜀山区",
        "蜀山区人民政府",
    ),
    (
        "包河区人民政府",
        AgencyLevel::County,
        "包河区",
        "包河区人民政府",
    ),
    (
        "包河区市场监督管理局",
        AgencyLevel::County,
        "包河区",
        "包河区人民政府",
    ),
    (
        "包河区卫生健康委员会",
        AgencyLevel::County,
        "包河区",
        "包河区人民政府",
    ),
    (
        "南岗镇人民政府",
        AgencyLevel::Township,
        "蜀山区",
        "蜀山区人民政府",
    ),
    (
        "井岗镇人民政府",
        AgencyLevel::Township,
        "蜀山区",
        "蜀山区人民政府",
    ),
    (
        "大圩镇人民政府",
        AgencyLevel::Township,
        "包河区",
        "包河区人民政府",
    ),
];

const CAUSES: &[(&str, ActKind, KeyCategory)] = &[
    ("不服行政处罚决定", ActKind::Penalty, KeyCategory::None),
    (
        "不服食品安全行政处罚",
        ActKind::Penalty,
        KeyCategory::FoodDrug,
    ),
    (
        "不服药品经营行政处罚",
        ActKind::Penalty,
        KeyCategory::FoodDrug,
    ),
    (
        "房屋征收补偿决定",
        ActKind::Expropriation,
        KeyCategory::None,
    ),
    (
        "集体土地征收",
        ActKind::Expropriation,
        KeyCategory::PublicConcern,
    ),
    ("强制拆除违法建筑", ActKind::Coercion, KeyCategory::None),
    ("查封扣押财物", ActKind::Coercion, KeyCategory::None),
    ("政府信息公开答复", ActKind::Disclosure, KeyCategory::None),
    ("不予行政许可决定", ActKind::Licensing, KeyCategory::None),
    (
        "环境污染行政处罚",
        ActKind::Penalty,
        KeyCategory::Environment,
    ),
    ("林地确权决定", ActKind::Title, KeyCategory::Environment),
    ("工伤认定", ActKind::Other, KeyCategory::None),
    ("不履行法定职责", ActKind::Inaction, KeyCategory::None),
    (
        "安全生产事故行政处罚",
        ActKind::Penalty,
        KeyCategory::SafetyAccident,
    ),
    ("疫情防控措施", ActKind::Coercion, KeyCategory::PublicHealth),
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "文", "海燕", "晓东", "国庆", "春梅",
    "立新",
];
fn name(r: &mut Rng) -> String {
    format!("{}{}", r.pick(SURNAMES), r.pick(GIVEN))
}

fn head_title(agency: &str, category: AppearCategory) -> &'static str {
    let kind = if agency.ends_with("人民政府") {
        if agency.contains("省") {
            "省长"
        } else if agency.contains("市") {
            "市长"
        } else if agency.contains("镇") {
            "镇长"
        } else {
            "区长"
        }
    } else if agency.ends_with("厅") {
        "厅长"
    } else if agency.ends_with("委员会") {
        "主任"
    } else {
        "局长"
    };
    match (category, kind) {
        (AppearCategory::Principal, k) => k,
        (AppearCategory::Deputy, "省长") => "副省长",
        (AppearCategory::Deputy, "市长") => "副市长",
        (AppearCategory::Deputy, "镇长") => "副镇长",
        (AppearCategory::Deputy, "区长") => "副区长",
        (AppearCategory::Deputy, "厅长") => "副厅长",
        (AppearCategory::Deputy, "主任") => "副主任",
        (AppearCategory::Deputy, _) => "副局长",
        (AppearCategory::OtherHead, _) => "党组成员",
        (AppearCategory::Staff, _) => "法规科科长",
        _ => "",
    }
}

/// The case types a court hears, with their weights out of 100 (only the litigation a court
/// counts by default). A basic court — and a specialised court of that level, whose code has four
/// digits (铁路运输法院) — hears first instances: 行初, and some 行赔初 (行终 and 行再 are heard above
/// it). An intermediate court hears appeals, first instances (against a county-level or higher
/// government) and retrials; a high court appeals and retrials; the Supreme Court retrials most.
fn case_mix(code: &str) -> &'static [(&'static str, u64)] {
    const BASIC: &[(&str, u64)] = &[("行初", 91), ("行赔初", 9)];
    const INTERMEDIATE: &[(&str, u64)] = &[
        ("行终", 58),
        ("行初", 25),
        ("行赔终", 8),
        ("行赔初", 3),
        ("行再", 6),
    ];
    const HIGH: &[(&str, u64)] = &[("行终", 70), ("行再", 15), ("行赔终", 10), ("行初", 5)];
    const SUPREME: &[(&str, u64)] = &[("行再", 60), ("行终", 30), ("行赔再", 10)];
    match court_level(code) {
        Ok(CourtLevel::Specialised) if code.trim().chars().skip(1).count() == 4 => BASIC,
        Ok(CourtLevel::Intermediate | CourtLevel::Specialised) => INTERMEDIATE,
        Ok(CourtLevel::High) => HIGH,
        Ok(CourtLevel::Supreme) => SUPREME,
        Ok(CourtLevel::Basic) | Err(_) => BASIC,
    }
}

/// One pick from weights out of 100 (one draw, whatever the weights).
fn weighted<T: Copy>(r: &mut Rng, choices: &[(T, u64)]) -> T {
    let total: u64 = choices.iter().map(|(_, w)| w).sum();
    let mut roll = r.below(total);
    for (c, w) in choices {
        if roll < *w {
            return *c;
        }
        roll -= w;
    }
    choices[choices.len() - 1].0
}

/// The mark ids the generator treats specially (absent from a court's own rubric: nothing done).
const SETTLED: &str = "settled";
const SILENT: &str = "silent";
const LEFT: &str = "left_midway";
const REFUSED: &str = "refused_to_explain";
const VIEW: &str = "resolution_view";
const NO_VIEW: &str = "no_resolution_view";

/// Marks that go together: one appearance's, as a judge would record them. `settled`: the case was
/// settled or withdrawn (a fact of the case, the same for each defendant) — nobody walked out,
/// refused to explain or stayed silent, and nobody refused the coordination that settled it. A
/// silent person made no other remark on speaking; a view on resolution (法释〔2020〕3号 第十一条) is
/// recorded for most heads who spoke and were not marked as giving none, never beside "no view",
/// silence, a walk-out or a refusal to explain. The level item (判决履行) is left to the judgment.
fn random_marks(m: &mut Rng, rubric: &Rubric, head: bool, settled: bool) -> Marks {
    let mut marks = Marks::new();
    let good = m.chance(if settled { 85 } else { 75 });
    for d in &rubric.dimensions {
        for item in &d.items {
            let v = match &item.kind {
                ItemKind::Deduction { counted, .. } => {
                    let p = if good { 4 } else { 12 };
                    if m.chance(p) {
                        if *counted { 1 + m.below(3) as i64 } else { 1 }
                    } else {
                        0
                    }
                }
                ItemKind::Veto { .. } => i64::from(m.chance(if good { 0 } else { 4 }) && !settled),
                ItemKind::Fact | ItemKind::Level { .. } => 0,
                ItemKind::Award { max, .. } if item.id == SETTLED => {
                    if settled {
                        *max
                    } else {
                        0
                    }
                }
                // a yes/no award (a commitment to perform)
                ItemKind::Award { max, step } if max == step => {
                    if m.chance(if good { 30 } else { 10 }) {
                        *max
                    } else {
                        0
                    }
                }
                ItemKind::Award { max, step } => {
                    let levels = max / step;
                    let base = if good { levels / 2 } else { levels / 5 };
                    (base + m.below((levels - base + 1) as u64) as i64) * step
                }
            };
            if v != 0 {
                marks.insert(item.id.clone(), v);
            }
        }
    }
    let has = |marks: &Marks, id: &str| marks.get(id).is_some_and(|v| *v > 0);
    if has(&marks, SILENT) {
        // whoever did not speak made no other remark about speaking, nor spoke out of turn
        if let Some((d, _)) = rubric.item(SILENT) {
            for item in &d.items {
                if item.id != SILENT {
                    marks.remove(&item.id);
                }
            }
        }
        for id in ["unpermitted_speech", "argued_with_judge"] {
            marks.remove(id);
        }
    }
    if has(&marks, LEFT) {
        // gone before the final statement, and before any commitment
        for id in ["final_statement_only", "commitment"] {
            marks.remove(id);
        }
    }
    if settled {
        // the coordination that settled the case was not refused
        for id in ["refused_coordination", "ignored_settlement"] {
            marks.remove(id);
        }
    } else if (has(&marks, "refused_coordination") || has(&marks, "ignored_settlement"))
        && let Some(v) = marks.get_mut("in_court_stance")
    {
        // whoever refused to coordinate took no stance for it
        *v = (*v).min(2);
    }
    let spoke_without_view = [NO_VIEW, SILENT, LEFT, REFUSED]
        .iter()
        .all(|id| !has(&marks, id));
    if head && spoke_without_view && rubric.item(VIEW).is_some() && m.chance(90) {
        marks.insert(VIEW.to_string(), 1);
    }
    marks
}

/// The level item's mark for `option` (None when the rubric has no such option).
fn level_mark(rubric: &Rubric, option: &str) -> Option<(String, i64)> {
    let (item, options) = crate::domain::performance::level_item(rubric)?;
    let i = options.iter().position(|o| o.id == option)?;
    Some((item.id.clone(), i as i64 + 1))
}

/// What became of a judgment, as the court knows it by `end`: the day it took effect, the
/// deadline it set (an agency that lost must perform; one that won has nothing to perform), and
/// the outcome with the day it was recorded — None while pending: the deadline has not passed, or
/// the outcome is not known yet (late performance or enforcement still under way).
struct Judgment {
    effective: NaiveDate,
    deadline: Option<NaiveDate>,
    outcome: Option<(&'static str, NaiveDate)>,
}

fn judgment(o: &mut Rng, effective: NaiveDate, end: NaiveDate) -> Judgment {
    let days = |n: u64| Duration::days(n as i64);
    if o.chance(60) {
        // the agency won (the claim dismissed): nothing to perform
        let on = effective + days(1 + o.below(10));
        return Judgment {
            effective,
            deadline: None,
            outcome: (on <= end).then_some(("not_applicable", on)),
        };
    }
    let deadline = effective + days(*o.pick(&[15, 15, 30, 60]));
    // recorded after the deadline passed, when the court's follow-up learnt it (within three
    // weeks): performed by then, late, after enforcement, or not at all
    let (option, on) = match o.below(100) {
        0..=64 => ("on_time", deadline + days(1 + o.below(20))),
        65..=81 => ("late", deadline + days(5 + o.below(25))),
        82..=93 => ("enforced", deadline + days(15 + o.below(30))),
        _ => ("refused", deadline + days(20 + o.below(30))),
    };
    Judgment {
        effective,
        deadline: Some(deadline),
        outcome: (on <= end).then_some((option, on)),
    }
}

/// Faults a comment names (the most telling first), as the comment says them.
const FAULTS: &[(&str, &str)] = &[
    ("admonished", "庭审中被法庭训诫"),
    ("argued_with_judge", "与法官发生争执"),
    ("ignored_questions", "对法官询问置之不理"),
    ("disobeyed_presiding_judge", "不服从审判长指挥"),
    ("reads_script", "发言基本照读答辩状，对法庭询问回应不够充分"),
    (NO_VIEW, "未就实质性化解争议发表意见"),
    ("refused_coordination", "拒绝法庭组织的协调"),
    ("ignored_settlement", "对和解建议置之不理"),
    ("final_statement_only", "仅在最后陈述阶段发言"),
    ("off_point", "回答法庭询问存在答非所问"),
    (
        "cannot_explain_document",
        "不能说明被诉行为所依据的规范性文件",
    ),
    ("misstatement", "陈述存在错误"),
    ("recording", "私自录音录像"),
    ("phone", "庭审中使用手机"),
    ("unpermitted_speech", "庭审中未经许可发言"),
    ("late", "开庭时迟到"),
];

/// A comment that says what the marks and the flags say, of whom they say it (a head is called
/// 出庭负责人; entrusted staff never are): a walk-out, a refusal to explain or silence first; on a
/// failing grade its reasons and no praise; otherwise the settlement (only where the case was
/// settled), the view on resolution (only where one is recorded), then the first fault.
fn comment_for(m: &mut Rng, marks: &Marks, score: &Score, head: bool) -> String {
    let has = |id: &str| marks.get(id).copied().unwrap_or(0) > 0;
    let who = if head {
        "出庭负责人"
    } else {
        "委托出庭的工作人员"
    };
    let mut out = String::new();
    if score.flags.iter().any(|f| f == FLAG_ABSENT) {
        out.push_str("负责人未出庭且无正当理由，仅委托工作人员出庭应诉。");
    }
    let mut vetoed = false;
    if has(SILENT) {
        vetoed = true;
        out.push_str(who);
        out.push_str(if head {
            "庭审中未发言，出庭不出声，未能履行出庭应诉职责。"
        } else {
            "庭审中未发言，未能就被诉行为作出说明。"
        });
    }
    if has(REFUSED) {
        vetoed = true;
        out.push_str(who);
        out.push_str("拒绝就被诉行为作出说明，致庭审无法正常进行。");
    }
    if has(LEFT) {
        vetoed = true;
        out.push_str(who);
        out.push_str("未经法庭许可中途退庭。");
    }
    let refused_performance = score.flags.iter().any(|f| f == "refused_performance");
    let faults: Vec<&str> = FAULTS
        .iter()
        .filter(|(id, _)| has(id))
        .map(|(_, text)| *text)
        .collect();
    let fail = score.grade.as_deref() == Some("fail");
    if vetoed || fail {
        if !vetoed && let Some(first) = faults.first() {
            out.push_str(who);
            out.push_str(first);
            if let Some(second) = faults.get(1) {
                out.push('，');
                out.push_str(second);
            }
            out.push('。');
        }
        if refused_performance {
            out.push_str("判决生效后拒不履行。");
        }
        if fail {
            out.push_str("出庭表现存在明显不足，请加强出庭应诉准备。");
        }
        return out;
    }
    let grade = score.grade.as_deref().unwrap_or("");
    out.push_str(who);
    if has(SETTLED) {
        out.push_str("积极参与协调，案件经协调化解，原告撤回起诉。");
    } else if has(VIEW) {
        let praise = *m.pick(&[
            "庭前认真准备，庭审中围绕争议焦点发表意见，表达了实质性化解争议的意愿。",
            "熟悉案情，答辩清楚，就实质性化解争议提出了具体意见。",
        ]);
        out.push_str(match grade {
            "excellent" => praise,
            "good" => "就实质性化解争议发表了意见，表示将督促相关科室与原告沟通，争取协调化解。",
            _ => "就化解争议发表了意见，但意见不够具体。",
        });
    } else {
        out.push_str(match grade {
            "excellent" => "熟悉案情，答辩清楚。",
            "good" => "熟悉案情，答辩较为清楚。",
            _ => "发言较为简单。",
        });
    }
    if let Some(first) = faults.first() {
        // (after a sentence that has its "but" already: "besides")
        out.push_str(if out.contains('但') {
            "此外，"
        } else {
            "但"
        });
        out.push_str(first);
        out.push('。');
    }
    out
}

/// A hearing scored live: when the clerk started the live clock (ms since the epoch), how long the
/// clock ran, and when each stage was entered (in the order live mode steps through them).
struct LiveHearing {
    started_ms: i64,
    duration_ms: i64,
    stages: Vec<(Stage, i64)>,
}

/// Beijing time, the courts' clock (an event's wall time is the same on every machine).
fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is an offset")
}

impl LiveHearing {
    /// The clock started within a minute and a half of the hearing's start, and ran until shortly
    /// before its end: 开庭, 法庭调查, 法庭辩论, 最后陈述 — then 休庭 for most, and 闭庭 for some.
    fn new(l: &mut Rng, day: NaiveDate, start: (u32, u32), minutes: i64) -> LiveHearing {
        let local = day
            .and_hms_opt(start.0, start.1, 0)
            .and_then(|t| t.and_local_timezone(beijing()).single())
            .map(|t| t.timestamp_millis())
            .unwrap_or(0);
        let late = l.below(90) as i64 * 1000;
        let d = minutes * 60_000 - late - 60_000;
        let at = |l: &mut Rng, from: i64, span: i64| {
            d * from / 100 + l.below((d * span / 100) as u64) as i64
        };
        let mut stages = vec![
            (Stage::Opening, 2_000 + l.below(30_000) as i64),
            (Stage::Investigation, at(l, 6, 4)),
            (Stage::Debate, at(l, 45, 10)),
            (Stage::FinalStatement, at(l, 78, 4)),
        ];
        if l.chance(70) {
            stages.push((Stage::Recess, at(l, 90, 2)));
            if l.chance(60) {
                stages.push((Stage::Closing, at(l, 95, 3)));
            }
        }
        LiveHearing {
            started_ms: local + late,
            duration_ms: d,
            stages,
        }
    }

    /// The stage in force at `t` (a stage entered at `t` is in force).
    fn stage_at(&self, t: i64) -> Option<Stage> {
        self.stages
            .iter()
            .take_while(|(_, at)| *at <= t)
            .last()
            .map(|(s, _)| *s)
    }

    /// The times inside a stage (a second clear of either end): from its start to the next one's.
    fn window(&self, stage: Stage) -> (i64, i64) {
        let i = self
            .stages
            .iter()
            .position(|(s, _)| *s == stage)
            .unwrap_or(self.stages.len() - 1);
        let from = self.stages[i].1 + 1_000;
        let to = self.stages.get(i + 1).map_or(self.duration_ms, |(_, t)| *t) - 1_000;
        (from, to.max(from + 1))
    }

    fn last_stage(&self) -> Option<Stage> {
        self.stages.last().map(|(s, _)| *s)
    }

    /// The event after `before` others, at `t` into the hearing: its number, moment and stage.
    fn event(&self, before: usize, t: i64, kind: EventKind) -> Event {
        let at = chrono::DateTime::from_timestamp_millis(self.started_ms + t)
            .map(|w| {
                w.with_timezone(&beijing())
                    .format("%Y-%m-%dT%H:%M:%S%.3f%:z")
                    .to_string()
            })
            .unwrap_or_default();
        Event {
            seq: before as i64 + 1,
            elapsed_ms: t,
            at,
            stage: self.stage_at(t).map(Stage::id).unwrap_or("").to_string(),
            kind,
            item: String::new(),
            note: String::new(),
            value: 0,
            prev: 0,
            target: None,
        }
    }
}

/// When in a hearing an item is seen: the stages in which a press of its key falls.
fn stages_of(item: &str) -> &'static [Stage] {
    use Stage::*;
    match item {
        "late" => &[Opening],
        "reads_script" | "cannot_explain_document" | "misstatement" | REFUSED => &[Investigation],
        "phone"
        | "recording"
        | "unpermitted_speech"
        | "admonished"
        | "argued_with_judge"
        | "ignored_questions"
        | "disobeyed_presiding_judge"
        | "off_point" => &[Investigation, Debate],
        VIEW => &[Debate, FinalStatement],
        "final_statement_only" | NO_VIEW | SILENT | SETTLED | "commitment" => &[FinalStatement],
        _ => &[Debate],
    }
}

/// What the clerk wrote beside a press (an evidence note), for the items that take one.
fn note_of(item: &str) -> Option<&'static [&'static str]> {
    Some(match item {
        "late" => &["开庭后到庭，未说明理由"],
        "phone" => &["被告席使用手机，经提醒后停止"],
        "recording" => &["未经许可用手机拍摄庭审，经制止后删除"],
        "admonished" => &["审判长当庭予以训诫"],
        "argued_with_judge" => &["就举证期限问题与审判长争执"],
        "reads_script" => &["照读答辩状，未结合案情展开", "见庭审笔录第3页"],
        "off_point" => &["对第二个争议焦点的询问答非所问", "见庭审笔录第5页"],
        "misstatement" => &["陈述的送达日期与卷宗不符"],
        REFUSED => &["拒绝回答法庭关于作出被诉行为依据的询问"],
        LEFT => &["未经法庭许可离开法庭，经提醒未返回"],
        SILENT => &["庭审全程未发言，由代理律师答辩"],
        VIEW => &[
            "表示愿意与原告协商，提出补偿方案",
            "表示将重新核查，依法妥善处理",
            "同意在法庭主持下与原告协调",
        ],
        NO_VIEW => &["法庭询问化解意见，未作回应"],
        SETTLED => &[
            "原告当庭申请撤回起诉，法庭准许",
            "双方达成和解，原告表示撤诉",
        ],
        "commitment" => &["当庭承诺依法履行"],
        "refused_coordination" => &["明确表示不同意协调"],
        _ => return None,
    })
}

/// Notes not about a mark: where the transcript says it, what was seen.
const GENERAL_NOTES: &[&str] = &[
    "庭审笔录第2页",
    "出示证据时回答较为清楚",
    "被告出示答辩状及证据目录",
];

/// One thing the clerk did in live mode, at a moment of the hearing.
enum Act {
    Stage(Stage),
    Mark(String),
    /// a key pressed by mistake and undone at once
    Mistake(String),
    Note(&'static str),
}

/// An appearance's live-mode log as the live screen would have recorded it: a press of its key
/// for each mark of an item that has one (a counted item once per time), at a moment of the stage
/// in which it is seen (none after a walk-out but what is judged at the end); a note beside some;
/// now and then a key pressed by mistake and undone; the stages entered, in the log of the first
/// appearance scored (`stages`). Each event is numbered and stamped with the hearing's stage then.
fn live_log(
    l: &mut Rng,
    rubric: &Rubric,
    marks: &Marks,
    hearing: &LiveHearing,
    stages: bool,
) -> Vec<Event> {
    let mut acts: Vec<(i64, Act)> = Vec::new();
    if stages {
        for (s, t) in &hearing.stages {
            acts.push((*t, Act::Stage(*s)));
        }
    }
    // a walk-out comes after everything else seen of that person during the hearing
    let left = marks.get(LEFT).is_some_and(|v| *v > 0).then(|| {
        let (from, to) = hearing.window(Stage::Debate);
        from + (to - from) / 2 + l.below(((to - from) / 2).max(1) as u64) as i64
    });
    let moment = |l: &mut Rng, item: &str| {
        let stage = *l.pick(stages_of(item));
        let (from, mut to) = hearing.window(stage);
        if let Some(left) = left
            && item != LEFT
            && stage != Stage::FinalStatement
        {
            to = to.min(left - 1_000);
        }
        from + l.below((to - from).max(1) as u64) as i64
    };
    for d in &rubric.dimensions {
        for item in &d.items {
            let v = marks.get(&item.id).copied().unwrap_or(0);
            if item.key.is_none() || v == 0 {
                continue;
            }
            let presses = match item.kind {
                ItemKind::Deduction { counted: true, .. } => v,
                _ => 1,
            };
            for _ in 0..presses {
                let t = if item.id == LEFT {
                    left.unwrap_or(0)
                } else {
                    moment(l, &item.id)
                };
                acts.push((t, Act::Mark(item.id.clone())));
                if let Some(notes) = note_of(&item.id)
                    && l.chance(40)
                {
                    let note = *l.pick(notes);
                    acts.push((t + 2_000 + l.below(15_000) as i64, Act::Note(note)));
                }
            }
        }
    }
    if l.chance(12) {
        // a deduction's key pressed by mistake, undone at once
        let keyed: Vec<&str> = rubric
            .dimensions
            .iter()
            .flat_map(|d| &d.items)
            .filter(|i| i.key.is_some() && matches!(i.kind, ItemKind::Deduction { .. }))
            .map(|i| i.id.as_str())
            .collect();
        if !keyed.is_empty() {
            let item = *l.pick(&keyed);
            let t = moment(l, item);
            acts.push((t, Act::Mistake(item.to_string())));
        }
    }
    if l.chance(30) {
        let (from, to) = hearing.window(Stage::Investigation);
        let t = from + l.below((to - from) as u64) as i64;
        let note = *l.pick(GENERAL_NOTES);
        acts.push((t, Act::Note(note)));
    }
    // in the order they happened (a stage before what is seen in it, a press before its note)
    acts.sort_by_key(|(t, a)| (*t, !matches!(a, Act::Stage(_))));
    let mut events: Vec<Event> = Vec::with_capacity(acts.len() + 1);
    let mut now = Marks::new();
    for (i, (t, act)) in acts.iter().enumerate() {
        match act {
            Act::Stage(s) => events.push(Event {
                note: s.id().to_string(),
                ..hearing.event(events.len(), *t, EventKind::Stage)
            }),
            Act::Note(text) => events.push(Event {
                note: text.to_string(),
                ..hearing.event(events.len(), *t, EventKind::Note)
            }),
            Act::Mark(item) | Act::Mistake(item) => {
                let kind = &rubric.item(item).expect("an item of the rubric").1.kind;
                let prev = now.get(item).copied().unwrap_or(0);
                let value = pressed(kind, prev);
                events.push(Event {
                    item: item.clone(),
                    value,
                    prev,
                    ..hearing.event(events.len(), *t, EventKind::Mark)
                });
                now.insert(item.clone(), value);
                if let Act::Mistake(_) = act {
                    // undone within seconds, before anything else happens
                    let next = acts.get(i + 1).map_or(hearing.duration_ms, |(n, _)| *n);
                    let undo = (*t + 1_500 + l.below(4_000) as i64).min(next).max(*t);
                    let target = Some(events.len() as i64);
                    events.push(Event {
                        item: item.clone(),
                        value: prev,
                        prev: value,
                        target,
                        ..hearing.event(events.len(), undo, EventKind::Undo)
                    });
                    now.insert(item.clone(), prev);
                }
            }
        }
    }
    events
}

/// Fills an empty store with `opts.hearings` hearings in one transaction; returns how many were
/// made. A database with any record of its own is refused (see [`Store::bulk_into_empty`]).
pub fn generate(store: &mut Store, rubric: &Rubric, opts: &Options) -> crate::store::Result<usize> {
    // each part draws from its own stream, so that one changed leaves the others as they were
    let mut r = Rng(opts.seed ^ 0x5EED_7195); // hearings and appearances
    let mut m = Rng(opts.seed ^ 0x3A4B_5EED); // marks and comments
    let mut later = Rng(opts.seed ^ 0x0A7E_5EED); // what became of the judgments
    let mut dates = Rng(opts.seed ^ 0x00DA_7E5D); // the judgments' dates
    let mut l = Rng(opts.seed ^ 0x11FE_5EED); // live mode
    let end = opts.end();
    let span_days = (opts.hearings as i64 / 20).clamp(120, 365 * 5);
    let bulk = store.bulk_into_empty()?;
    bulk.remember_rubric(rubric)?;
    let mut agency_ids = Vec::new();
    let (court, code) = (opts.court.0.as_str(), opts.court.1.as_str());
    let mix = case_mix(code);
    // a court that hears only first instances is a basic one, which does not hear first-instance
    // cases against a county-level or higher people's government (行政诉讼法 第十五条): those go to
    // the intermediate court
    let basic = mix.iter().all(|(t, _)| t.ends_with('初'));
    let eligible: Vec<usize> = AGENCIES
        .iter()
        .enumerate()
        .filter(|(_, (name, level, _, _))| {
            !(basic && name.ends_with("人民政府") && *level != AgencyLevel::Township)
        })
        .map(|(i, _)| i)
        .collect();
    for (name, level, region, gov) in AGENCIES {
        let a = Agency {
            id: 0,
            name: name.to_string(),
            level: *level,
            region: region.to_string(),
            government: gov.to_string(),
        };
        agency_ids.push(bulk.upsert_agency(&a)?);
    }
    let mut numbers: BTreeMap<(i32, &str), u32> = BTreeMap::new();
    let judges: Vec<String> = (0..8).map(|_| name(&mut r)).collect();
    let clerks: Vec<String> = (0..8).map(|_| name(&mut r)).collect();
    for n in 0..opts.hearings {
        // spread evenly over the span, the newest at the end date (on it for 200 hearings)
        let day = end
            - Duration::days(span_days - 1 - (n as i64 * span_days / opts.hearings.max(1) as i64));
        let age = (end - day).num_days();
        let type_code = weighted(&mut r, mix);
        let year = day.year();
        let num = numbers.entry((year, type_code)).or_insert(0);
        *num += 1;
        let (cause, act, key) = *r.pick(CAUSES);
        let hour = 8 + r.below(9) as u32;
        let minute = [0, 15, 30, 45][r.below(4) as usize];
        let input = HearingInput {
            case_number: format!("（{year}）{code}{type_code}{num}号"),
            cause: cause.to_string(),
            act_kind: Some(act),
            court: court.to_string(),
            judge: r.pick(&judges).clone(),
            clerk: r.pick(&clerks).clone(),
            date: day.format("%Y-%m-%d").to_string(),
            start_time: format!("{hour:02}:{minute:02}"),
            end_time: format!("{:02}:{minute:02}", hour + 1),
            online: r.chance(10),
            key_category: Some(key),
        };
        let hid = bulk.hearing(&input, 1)?;
        // facts of the case, the same for each defendant: settled or withdrawn (no judgment), or
        // a judgment taking effect when the appeal period after its service ran out
        let settled = m.chance(20);
        let effective = day + Duration::days(20 + dates.below(15) as i64);
        // about a quarter of the hearings scored live, every appearance in them
        let live = l
            .chance(25)
            .then(|| LiveHearing::new(&mut l, day, (hour, minute), 60));
        let mut live_scored = 0;
        let defendants = if r.chance(15) { 2 } else { 1 };
        let first = r.below(eligible.len() as u64) as usize;
        // a second defendant is another agency (a step that does not come round to the first)
        let step = if eligible.len().is_multiple_of(7) {
            1
        } else {
            7
        };
        for k in 0..defendants {
            let idx = eligible[(first + k * step) % eligible.len()];
            let roll = r.below(100);
            let category = match roll {
                0..=19 => AppearCategory::Principal,
                20..=64 => AppearCategory::Deputy,
                65..=79 => AppearCategory::OtherHead,
                80..=91 => AppearCategory::Staff,
                92..=96 => AppearCategory::LawyerOnly,
                _ => AppearCategory::Nobody,
            };
            let head = category.is_head();
            let reason = if head {
                AbsenceReason::NotGiven
            } else {
                *r.pick(&[
                    AbsenceReason::OfficialDuty,
                    AbsenceReason::OfficialDuty,
                    AbsenceReason::Accident,
                    AbsenceReason::NotGiven,
                ])
            };
            let mut a = Appearance {
                id: 0,
                hearing_id: hid,
                agency_id: agency_ids[idx],
                agency_name: AGENCIES[idx].0.to_string(),
                notified: true,
                person: if category.scorable() {
                    name(&mut r)
                } else {
                    String::new()
                },
                title: head_title(AGENCIES[idx].0, category).to_string(),
                category,
                absence_reason: reason,
                reason_accepted: !head && reason != AbsenceReason::NotGiven && r.chance(85),
                absent_after_postponement: false,
            };
            // 判决履行: nothing to perform without a judgment (a case settled or withdrawn); the
            // judgment's dates, once it took effect, as far as the court entered them
            let judged =
                (category.scorable() && !settled).then(|| judgment(&mut later, effective, end));
            let (mut took_effect, mut deadline) = (String::new(), String::new());
            if let Some(j) = &judged
                && j.effective <= end
                && dates.chance(85)
            {
                took_effect = j.effective.format("%Y-%m-%d").to_string();
                if let Some(d) = j.deadline.filter(|_| dates.chance(85)) {
                    deadline = d.format("%Y-%m-%d").to_string();
                }
            }
            a.id = bulk.appearance(&a, &took_effect, &deadline)?;
            if !category.scorable() {
                continue;
            }
            let status = if age > 3 || r.chance(30) {
                EvalStatus::Final
            } else {
                EvalStatus::Draft
            };
            let mut marks = random_marks(&mut m, rubric, head, settled);
            let events = match &live {
                Some(h) => {
                    let events = live_log(&mut l, rubric, &marks, h, live_scored == 0);
                    live_scored += 1;
                    // the keyed items' marks are what the events made of them
                    let keyed = crate::domain::live::replay(rubric, &events)
                        .expect("a live log the generator made replays");
                    marks.retain(|id, _| rubric.item(id).is_some_and(|(_, i)| i.key.is_none()));
                    marks.extend(keyed.into_iter().filter(|(_, v)| *v != 0));
                    events
                }
                None => Vec::new(),
            };
            // pending at the hearing, and what became of the judgment recorded once known — in
            // the evaluation for the older hearings, as a follow-up on the finalized evaluation
            // for the last three months (a clerk behind with one in five: the worklist's overdue rows)
            let recorded = later.chance(80);
            let mut follow_up = None;
            let option = match &judged {
                None => Some("not_applicable"),
                Some(_) if status == EvalStatus::Draft => Some("pending"),
                Some(j) => match j.outcome {
                    Some((option, _)) if recorded && age > 90 => Some(option),
                    Some((option, on)) if recorded => {
                        follow_up = Some((option, on));
                        Some("pending")
                    }
                    _ => Some("pending"),
                },
            };
            if let Some((item, value)) = option.and_then(|o| level_mark(rubric, o)) {
                marks.insert(item, value);
            }
            let score = scoring::score(rubric, &marks, &a.derived_flags(), head);
            let comment = comment_for(&mut m, &marks, &score, head);
            let id = bulk.evaluation(&a, rubric, &marks, status, &comment, &input.judge)?;
            bulk.events(id, &events)?;
            if let Some((option, on)) = follow_up {
                let on = on.format("%Y-%m-%d").to_string();
                bulk.performance(id, &a, rubric, &marks, option, &on, &input.clerk)?;
            }
        }
        if let Some(h) = &live
            && live_scored > 0
        {
            bulk.live_hearing(hid, h.started_ms, h.last_stage())?;
        }
    }
    bulk.commit()?;
    Ok(opts.hearings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::performance::option_of;
    use rusqlite::Connection;
    use std::path::Path;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    /// Demo data of `court` (None: the default court, a basic one) in a fresh database.
    fn made(dir: &Path, name: &str, hearings: usize, seed: u64, court: Option<&str>) -> Store {
        let mut s = Store::open(&dir.join(name)).unwrap();
        let mut opts = Options::new(hearings, seed, today());
        if let Some(code) = court {
            opts.court = ("合肥市中级人民法院".into(), code.into());
        }
        generate(&mut s, &Rubric::default_rubric(), &opts).unwrap();
        s
    }

    /// One evaluation as stored, with what the checks need.
    struct Row {
        id: i64,
        date: NaiveDate,
        category: AppearCategory,
        grade: String,
        comment: String,
        marks: Marks,
        /// the follow-up's outcome and the day it was recorded
        recorded: Option<(String, NaiveDate)>,
        effective: String,
        deadline: String,
    }

    impl Row {
        fn has(&self, id: &str) -> bool {
            self.marks.get(id).is_some_and(|v| *v > 0)
        }
    }

    fn rows(db: &Path) -> Vec<Row> {
        let c = Connection::open(db).unwrap();
        let mut st = c
            .prepare(
                "SELECT e.id, h.case_number, h.date, a.category, e.grade, e.comment,
                        o.option, o.recorded_on, a.judgment_effective, a.performance_deadline,
                        (SELECT json_group_object(item_id, value) FROM marks WHERE evaluation_id = e.id)
                 FROM evaluations e JOIN appearances a ON a.id = e.appearance_id
                 JOIN hearings h ON h.id = a.hearing_id
                 LEFT JOIN performance_outcomes o ON o.evaluation_id = e.id ORDER BY e.id",
            )
            .unwrap();
        let day = |s: String| NaiveDate::parse_from_str(&s, "%Y-%m-%d").unwrap();
        st.query_map([], |r| {
            let marks: String = r.get(10)?;
            let option: Option<String> = r.get(6)?;
            let on: Option<String> = r.get(7)?;
            Ok(Row {
                id: r.get(0)?,
                date: day(r.get(2)?),
                category: AppearCategory::from_id(&r.get::<_, String>(3)?).unwrap(),
                grade: r.get(4)?,
                comment: r.get(5)?,
                marks: serde_json::from_str(&marks).unwrap(),
                recorded: option.zip(on.map(day)),
                effective: r.get(8)?,
                deadline: r.get(9)?,
            })
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    }

    #[test]
    fn a_basic_court_hears_first_instances_an_intermediate_court_appeals_too() {
        let dir = tempfile::tempdir().unwrap();
        let types = |db: &str| -> BTreeMap<String, usize> {
            let c = Connection::open(dir.path().join(db)).unwrap();
            let mut st = c
                .prepare("SELECT case_type, count(*) FROM hearings GROUP BY case_type")
                .unwrap();
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        for seed in [1, 7] {
            made(dir.path(), &format!("basic{seed}.db"), 400, seed, None);
            let t = types(&format!("basic{seed}.db"));
            assert_eq!(t.keys().collect::<Vec<_>>(), ["行初", "行赔初"], "{t:?}");
            assert!(t["行初"] * 100 >= 400 * 80, "mostly 行初: {t:?}");
            assert!(t["行赔初"] >= 10, "some 行赔初: {t:?}");
        }
        made(dir.path(), "mid.db", 400, 1, Some("皖01"));
        let t = types("mid.db");
        assert!(
            t.keys()
                .all(|k| ["行初", "行终", "行赔初", "行赔终", "行再"].contains(&k.as_str()))
        );
        assert!(t["行终"] > t["行初"], "appeals first: {t:?}");
        // a basic-level railway transport court hears first instances, as a basic court does
        assert!(case_mix("皖7101").iter().all(|(t, _)| t.ends_with('初')));
        assert!(case_mix("皖71").iter().any(|(t, _)| *t == "行终"));
    }

    #[test]
    fn outcomes_only_where_a_judgment_was_made() {
        let dir = tempfile::tempdir().unwrap();
        let rubric = Rubric::default_rubric();
        let end = Options::new(0, 0, today()).end();
        for seed in [1, 7] {
            made(dir.path(), &format!("{seed}.db"), 400, seed, None);
            let rows = rows(&dir.path().join(format!("{seed}.db")));
            let mut outcomes = BTreeMap::new();
            for r in &rows {
                let in_marks = option_of(&rubric, &r.marks).unwrap();
                if r.has(SETTLED) {
                    // settled or withdrawn: no judgment, nothing to perform, nothing to follow
                    assert_eq!(in_marks, "not_applicable", "evaluation {}", r.id);
                    assert!(r.recorded.is_none(), "evaluation {}", r.id);
                    assert_eq!((r.effective.as_str(), r.deadline.as_str()), ("", ""));
                    continue;
                }
                let outcome = r.recorded.as_ref().map_or(in_marks.as_str(), |(o, _)| o);
                *outcomes.entry(outcome.to_string()).or_insert(0) += 1;
                if let Some((option, on)) = &r.recorded {
                    assert_eq!(in_marks, "pending", "a follow-up of a pending one");
                    assert!(*on > r.date && *on <= end, "evaluation {}: {on}", r.id);
                    if let Ok(deadline) = NaiveDate::parse_from_str(&r.deadline, "%Y-%m-%d") {
                        assert!(*on > deadline, "recorded once the deadline passed");
                    }
                    assert_ne!(option, "pending");
                }
                if !r.effective.is_empty() {
                    let effective = NaiveDate::parse_from_str(&r.effective, "%Y-%m-%d").unwrap();
                    assert!(
                        effective > r.date && effective <= end,
                        "evaluation {}",
                        r.id
                    );
                }
                // an outcome needs a judgment that took effect: none in the last 20 days
                if (end - r.date).num_days() < 20 {
                    assert_eq!(outcome, "pending", "evaluation {}", r.id);
                }
            }
            for option in ["pending", "on_time", "late", "not_applicable"] {
                assert!(outcomes.contains_key(option), "{option}: {outcomes:?}");
            }
            let settled = rows.iter().filter(|r| r.has(SETTLED)).count();
            assert!(
                (10..=35).contains(&(settled * 100 / rows.len())),
                "{settled}"
            );
        }
    }

    #[test]
    fn comments_match_the_marks_and_the_person() {
        let dir = tempfile::tempdir().unwrap();
        for seed in [1, 7] {
            made(dir.path(), &format!("{seed}.db"), 400, seed, None);
            for r in rows(&dir.path().join(format!("{seed}.db"))) {
                let (c, id) = (&r.comment, r.id);
                assert!(!c.is_empty(), "evaluation {id}");
                if r.category == AppearCategory::Staff {
                    assert!(!c.contains("出庭负责人"), "staff called a head: {id} {c}");
                } else {
                    assert!(
                        !c.contains("工作人员出庭") && !c.contains("委托出庭"),
                        "{id} {c}"
                    );
                }
                let praise = c.contains("撤回起诉") || c.contains("经协调化解");
                assert!(
                    !praise || (r.has(SETTLED) && r.grade != "fail"),
                    "settlement praised: {id} {} {c}",
                    r.grade
                );
                for (item, words) in [
                    (SILENT, "未发言"),
                    (LEFT, "中途退庭"),
                    (REFUSED, "拒绝就被诉行为作出说明"),
                ] {
                    assert_eq!(r.has(item), c.contains(words), "{item}: {id} {c}");
                }
                // a fault named is a fault marked (a comment names the most telling ones)
                for (item, words) in FAULTS {
                    assert!(!c.contains(words) || r.has(item), "{item}: {id} {c}");
                }
                if c.contains("发表了意见") || c.contains("提出了具体意见") {
                    assert!(r.has(VIEW), "a view said, none recorded: {id} {c}");
                }
                if r.grade == "fail" {
                    assert!(c.contains("明显不足"), "{id} {c}");
                }
            }
        }
    }

    #[test]
    fn views_on_resolution_are_recorded_for_heads_who_gave_one() {
        let dir = tempfile::tempdir().unwrap();
        for seed in [1, 7] {
            made(dir.path(), &format!("{seed}.db"), 400, seed, None);
            let rows = rows(&dir.path().join(format!("{seed}.db")));
            let spoke: Vec<&Row> = rows
                .iter()
                .filter(|r| r.category.is_head())
                .filter(|r| ![NO_VIEW, SILENT, LEFT, REFUSED].iter().any(|i| r.has(i)))
                .collect();
            let with_view = spoke.iter().filter(|r| r.has(VIEW)).count();
            assert!(
                with_view * 100 >= spoke.len() * 80,
                "{with_view} of {}",
                spoke.len()
            );
            for r in &rows {
                if r.has(VIEW) {
                    assert!(r.category.is_head(), "evaluation {}", r.id);
                    for not in [NO_VIEW, SILENT, LEFT, REFUSED] {
                        assert!(!r.has(not), "evaluation {}: {VIEW} and {not}", r.id);
                    }
                }
            }
        }
    }

    #[test]
    fn a_share_is_scored_live_and_its_events_replay_to_its_marks() {
        let dir = tempfile::tempdir().unwrap();
        let rubric = Rubric::default_rubric();
        for seed in [1, 7] {
            let store = made(dir.path(), &format!("{seed}.db"), 400, seed, None);
            assert!(matches!(
                store.verify().unwrap(),
                crate::store::audit::Verified::Ok { .. }
            ));
            let rows = rows(&dir.path().join(format!("{seed}.db")));
            let (mut live, mut notes, mut undos) = (0, 0, 0);
            for r in &rows {
                let events = store.events(r.id).unwrap();
                if events.is_empty() {
                    continue;
                }
                live += 1;
                let keyed: Marks = r
                    .marks
                    .iter()
                    .filter(|(id, _)| rubric.item(id).is_some_and(|(_, i)| i.key.is_some()))
                    .map(|(id, v)| (id.clone(), *v))
                    .collect();
                let mut replayed = crate::domain::live::replay(&rubric, &events).unwrap();
                replayed.retain(|_, v| *v != 0);
                assert_eq!(replayed, keyed, "evaluation {}", r.id);
                let index = |s: &str| Stage::ALL.iter().position(|x| x.id() == s);
                let mut stage = None;
                let mut entered = None;
                for e in &events {
                    assert!((0..3_600_000).contains(&e.elapsed_ms), "{e:?}");
                    let now = index(&e.stage);
                    assert!(now.is_some() && now >= stage, "stages go forward: {e:?}");
                    stage = now;
                    match e.kind {
                        EventKind::Stage => {
                            assert!(index(&e.note) > entered, "{e:?}");
                            entered = index(&e.note);
                        }
                        EventKind::Note => notes += 1,
                        EventKind::Undo => undos += 1,
                        EventKind::Mark => {}
                    }
                }
                assert!(
                    events[0]
                        .at
                        .starts_with(&r.date.format("%Y-%m-%d").to_string())
                );
            }
            let share = live * 100 / rows.len();
            assert!(
                (18..=32).contains(&share),
                "{live} of {} scored live",
                rows.len()
            );
            assert!(
                notes > live / 2 && undos > 0,
                "{notes} notes, {undos} undos"
            );
            // each hearing scored live: its clock started, its stages entered in one log
            let c = Connection::open(dir.path().join(format!("{seed}.db"))).unwrap();
            let (hearings, staged): (i64, i64) = c
                .query_row(
                    "SELECT count(*), sum((SELECT count(DISTINCT v.evaluation_id) FROM events v
                        JOIN evaluations e ON e.id = v.evaluation_id JOIN appearances a ON a.id = e.appearance_id
                        WHERE a.hearing_id = h.id AND v.kind = 'stage' AND v.note = h.stage) = 1)
                     FROM hearings h WHERE h.live_started_ms IS NOT NULL",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert!(hearings > 0 && staged == hearings, "{staged} of {hearings}");
        }
    }

    #[test]
    fn the_same_seed_and_day_give_the_same_rows() {
        let dir = tempfile::tempdir().unwrap();
        // every column but the moment of the load and the appearance's random unique id
        let dump = |name: &str| -> Vec<String> {
            let c = Connection::open(dir.path().join(name)).unwrap();
            let mut out = Vec::new();
            for q in [
                "SELECT id, case_number, cause, act_kind, court, judge, clerk, date, start_time, end_time,
                        sitting, online, key_category, stage, live_started_ms, case_type, court_code FROM hearings ORDER BY id",
                "SELECT id, hearing_id, agency_id, notified, person, title, category, absence_reason, reason_accepted,
                        absent_after_postponement, judgment_effective, performance_deadline FROM appearances ORDER BY id",
                "SELECT id, appearance_id, rubric_hash, status, comment, finalized_by, total_tenths, grade, flags, dims
                 FROM evaluations ORDER BY id",
                "SELECT * FROM marks ORDER BY evaluation_id, item_id",
                "SELECT * FROM events ORDER BY evaluation_id, seq",
                "SELECT evaluation_id, option, value, recorded_on, recorded_by, total_tenths, grade, flags, dims
                 FROM performance_outcomes ORDER BY evaluation_id",
                "SELECT id, name, level, region, government FROM agencies ORDER BY id",
            ] {
                let mut st = c.prepare(q).unwrap();
                let n = st.column_count();
                let rows = st
                    .query_map([], |r| {
                        (0..n)
                            .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                            .collect::<rusqlite::Result<Vec<_>>>()
                            .map(|v| v.join("|"))
                    })
                    .unwrap()
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .unwrap();
                assert!(!rows.is_empty(), "{q}");
                out.extend(rows);
            }
            out
        };
        made(dir.path(), "a.db", 300, 5, None);
        made(dir.path(), "b.db", 300, 5, None);
        made(dir.path(), "c.db", 300, 6, None);
        assert_eq!(dump("a.db"), dump("b.db"));
        assert_ne!(dump("a.db"), dump("c.db"));
    }
}
