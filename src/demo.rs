//! Demo data: realistic and deterministic (same seed and day, same data). One court's own hearings
//! (a database belongs to one court), in the case types it counts, with Anhui-style case numbers,
//! agencies at several levels, a spread of appearances, absences and scores across the months
//! before the current one (the current month's batch starts empty), and comments that say what the
//! marks say. Only an empty database takes demo data (the store refuses any other).

use crate::domain::case_number::CourtLevel;
use crate::domain::model::*;
use crate::domain::rubric::{ItemKind, Rubric};
use crate::domain::scoring::Marks;
use crate::store::{HearingInput, Store};
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::HashMap;

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
const PRAISE: &[&str] = &[
    "负责人庭前认真准备，庭审中围绕争议焦点发表意见，表达了实质性化解争议的意愿。",
    "出庭负责人熟悉案情，答辩清楚，积极配合法庭协调。",
];

/// A comment that says what the marks say: the most telling mark first, then the grade.
fn comment_for(r: &mut Rng, marks: &Marks, score: &crate::domain::scoring::Score) -> &'static str {
    let has = |id: &str| marks.get(id).copied().unwrap_or(0) > 0;
    if has("silent") {
        return "出庭人庭审中未发言，出庭不出声，未能履行出庭应诉职责。";
    }
    if has("refused_to_explain") {
        return "出庭人拒绝就被诉行为作出说明，致庭审无法正常进行。";
    }
    if has("left_midway") {
        return "出庭人未经法庭许可中途退庭。";
    }
    if has("reads_script") {
        return "发言基本照读答辩状，对法庭询问回应不够充分。";
    }
    if has("no_resolution_view") {
        return "能够遵守法庭纪律，但未就实质性化解争议发表意见。";
    }
    if has("settled") {
        return "出庭负责人积极参与协调，案件经协调化解，原告撤回起诉。";
    }
    match score.grade.as_deref() {
        Some("excellent") => PRAISE[r.below(PRAISE.len() as u64) as usize],
        Some("good") => "庭审中表示将督促相关科室与原告沟通，争取协调化解。",
        Some("pass") => "能够遵守法庭纪律，发言较为简单，化解争议的意见不够具体。",
        Some(_) => "出庭表现存在明显不足，请加强出庭应诉准备。",
        None => "",
    }
}

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

fn random_marks(r: &mut Rng, rubric: &Rubric, performance_due: bool) -> Marks {
    let mut marks = Marks::new();
    let good = r.chance(70);
    for d in &rubric.dimensions {
        for item in &d.items {
            let v = match &item.kind {
                ItemKind::Deduction { counted, .. } => {
                    let p = if good { 4 } else { 15 };
                    if r.chance(p) {
                        if *counted { 1 + r.below(3) as i64 } else { 1 }
                    } else {
                        0
                    }
                }
                ItemKind::Veto { .. } => i64::from(r.chance(if good { 0 } else { 3 })),
                ItemKind::Fact => 0,
                ItemKind::Award { max, step } => {
                    let levels = max / step;
                    let base = if good { levels / 2 } else { 0 };
                    (base + r.below((levels - base + 1) as u64) as i64) * step
                }
                ItemKind::Level { options } => {
                    if !performance_due {
                        options
                            .iter()
                            .position(|o| o.id == "pending")
                            .map(|i| i as i64 + 1)
                            .unwrap_or(0)
                    } else {
                        let roll = r.below(100);
                        let id = match roll {
                            0..=59 => "on_time",
                            60..=74 => "late",
                            75..=79 => "enforced",
                            80..=81 => "refused",
                            _ => "not_applicable",
                        };
                        options
                            .iter()
                            .position(|o| o.id == id)
                            .map(|i| i as i64 + 1)
                            .unwrap_or(1)
                    }
                }
            };
            if v != 0 {
                marks.insert(item.id.clone(), v);
            }
        }
    }
    marks
}

/// A pending judgment's dates as the court knows them by `end`: served a week or two after the
/// hearing and effective when the 15-day appeal period ran out; the deadline it sets (15, 30 or
/// 60 days) entered for most; nothing while it has not taken effect. Never inferred.
fn judgment_dates(
    r: &mut Rng,
    hearing: NaiveDate,
    end: NaiveDate,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let effective = hearing + Duration::days(20 + r.below(15) as i64);
    let known = r.chance(85);
    let deadline = effective + Duration::days(*r.pick(&[15, 30, 60]));
    let with_deadline = r.chance(75);
    if effective > end || !known {
        return (None, None);
    }
    (Some(effective), with_deadline.then_some(deadline))
}

/// Fills an empty store with `opts.hearings` hearings in one transaction; returns how many were
/// made. A database with any record of its own is refused (see [`Store::bulk_into_empty`]).
pub fn generate(store: &mut Store, rubric: &Rubric, opts: &Options) -> crate::store::Result<usize> {
    let mut r = Rng(opts.seed ^ 0x5EED_7195);
    // the outcomes recorded later draw from their own stream, so the rest stays as it was
    let mut later = Rng(opts.seed ^ 0x0A7E_5EED);
    // so do the judgment dates of the follow-ups
    let mut dates = Rng(opts.seed ^ 0x00DA_7E5D);
    let end = opts.end();
    let span_days = (opts.hearings as i64 / 20).clamp(120, 365 * 5);
    let bulk = store.bulk_into_empty()?;
    bulk.remember_rubric(rubric)?;
    let mut agency_ids = Vec::new();
    // a basic court does not hear first-instance cases against a county-level or higher people's
    // government (行政诉讼法 第十五条): those go to the intermediate court
    let basic = matches!(
        crate::domain::case_number::court_level(&opts.court.1),
        Ok(CourtLevel::Basic | CourtLevel::Specialised)
    );
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
    let mut numbers: HashMap<(i32, &str), u32> = HashMap::new();
    let judges: Vec<String> = (0..8).map(|_| name(&mut r)).collect();
    let clerks: Vec<String> = (0..8).map(|_| name(&mut r)).collect();
    for n in 0..opts.hearings {
        // spread evenly over the span, the newest at the end date (on it for 200 hearings)
        let day = end
            - Duration::days(span_days - 1 - (n as i64 * span_days / opts.hearings.max(1) as i64));
        let (court, code) = (opts.court.0.as_str(), opts.court.1.as_str());
        // an intermediate or high court hears appeals too, a basic court first instances; only
        // litigation (行审, the agency's own application for enforcement, is not counted)
        let appeals = !matches!(
            crate::domain::case_number::court_level(code),
            Ok(CourtLevel::Basic | CourtLevel::Specialised)
        );
        let type_code = if appeals {
            *r.pick(&["行初", "行终", "行终", "行赔终"])
        } else {
            *r.pick(&[
                "行初",
                "行初",
                "行初",
                "行初",
                "行初",
                "行赔初",
                "行再",
                "行初",
            ])
        };
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
            a.id = bulk.appearance(&a)?;
            if category.scorable() {
                let age = (end - day).num_days();
                let marks = random_marks(&mut r, rubric, age > 90);
                let status = if age > 3 || r.chance(30) {
                    EvalStatus::Final
                } else {
                    EvalStatus::Draft
                };
                let score = crate::domain::scoring::score(
                    rubric,
                    &marks,
                    &a.derived_flags(),
                    category.is_head(),
                );
                let comment = comment_for(&mut r, &marks, &score);
                let id = bulk.evaluation(&a, rubric, &marks, status, comment, &input.judge)?;
                // performance is left pending at the hearing until the judgment's deadline passed
                let mut pending = status == EvalStatus::Final && age <= 90;
                // a judgment whose deadline passed since the hearing: its outcome recorded later
                if status == EvalStatus::Final && (30..=90).contains(&age) && later.chance(50) {
                    pending = false;
                    let on =
                        day + chrono::Duration::days(30 + later.below((age - 29) as u64) as i64);
                    let option = match later.below(100) {
                        0..=64 => "on_time",
                        65..=79 => "late",
                        80..=86 => "enforced",
                        87..=89 => "refused",
                        _ => "not_applicable",
                    };
                    let on = on.format("%Y-%m-%d").to_string();
                    bulk.performance(id, &a, rubric, &marks, option, &on, &input.clerk)?;
                }
                // the follow-up worklist: the judgment's dates, as far as they are known
                if pending {
                    let (effective, deadline) = judgment_dates(&mut dates, day, end);
                    if effective.is_some() {
                        let text = |d: Option<NaiveDate>| {
                            d.map(|d| d.format("%Y-%m-%d").to_string())
                                .unwrap_or_default()
                        };
                        bulk.judgment_dates(a.id, &text(effective), &text(deadline))?;
                    }
                }
            }
        }
    }
    bulk.commit()?;
    Ok(opts.hearings)
}
