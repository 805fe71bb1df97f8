//! The indicators on hand-built fixtures whose expected numbers are worked out in the comments.

use super::*;
use crate::msg::test_words::Text;

fn dims(d: [i64; 4], performance_applies: bool) -> Vec<DimScore> {
    let ids = ["discipline", "speech", "resolution", "performance"];
    let max = [20, 35, 30, 15];
    (0..4)
        .map(|i| DimScore {
            id: ids[i].into(),
            score: d[i],
            max: max[i],
            status: if i == 3 && !performance_applies {
                DimStatus::Pending
            } else {
                DimStatus::Applicable
            },
        })
        .collect()
}

fn rec(
    hearing: i64,
    agency: &str,
    gov: &str,
    cat: AppearCategory,
    key: bool,
    flags: &[&str],
    eval: Option<EvalFacts>,
) -> Record {
    Record {
        id: format!("uid-{hearing}-{agency}"),
        court: "合肥市蜀山区人民法院".into(),
        court_code: "皖0104".into(),
        case_type: "行初".into(),
        commended: false,
        hearing_id: hearing,
        case_number: format!("（2026）皖0104行初{hearing}号"),
        hearing_date: "2026-11-10".into(),
        key_case: key,
        agency: agency.into(),
        government: gov.into(),
        notified: true,
        category: cat,
        person: String::new(),
        title: String::new(),
        flags: flags.iter().map(|s| s.to_string()).collect(),
        late: false,
        followup: false,
        eval,
    }
}

fn facts(
    d: [i64; 4],
    perf: Option<&str>,
    total: i64,
    grade: &str,
    spoke: bool,
    view: bool,
    settled: bool,
) -> Option<EvalFacts> {
    Some(EvalFacts {
        dims: dims(
            d,
            matches!(perf, Some("on_time" | "late" | "enforced" | "refused")),
        ),
        total_tenths: Some(total),
        grade: Some(grade.into()),
        spoke,
        view_given: view,
        settled,
        commitment: false,
        performance: perf.map(str::to_string),
    })
}

/// Five appearances in four hearings, numbers worked out by hand.
fn fixture() -> Vec<Record> {
    use AppearCategory::*;
    vec![
        // hearing 1: principal head, key case, excellent, performed on time
        rec(
            1,
            "合肥市生态环境局",
            "合肥市人民政府",
            Principal,
            true,
            &[],
            facts(
                [20, 35, 25, 15],
                Some("on_time"),
                950,
                "excellent",
                true,
                true,
                true,
            ),
        ),
        // hearing 2: deputy head, silent → flag, fail; performance pending
        rec(
            2,
            "蜀山区人民政府",
            "蜀山区人民政府",
            Deputy,
            false,
            &["silent"],
            facts(
                [20, 0, 10, 0],
                Some("pending"),
                353,
                "fail",
                false,
                false,
                false,
            ),
        ),
        // hearing 2, second defendant: nobody came → art 12(1) and 12(3)
        rec(
            2,
            "南岗镇人民政府",
            "蜀山区人民政府",
            Nobody,
            false,
            &["art12_1", "art12_3"],
            None,
        ),
        // hearing 3: staff only, reason accepted; good
        rec(
            3,
            "合肥市生态环境局",
            "合肥市人民政府",
            Staff,
            true,
            &[],
            facts(
                [17, 30, 20, 10],
                Some("late"),
                770,
                "good",
                true,
                true,
                false,
            ),
        ),
        // hearing 4: principal head left mid-hearing → art 12(4), fail
        rec(
            4,
            "蜀山区人民政府",
            "蜀山区人民政府",
            Principal,
            false,
            &["art12_4"],
            facts(
                [0, 35, 0, 0],
                Some("not_applicable"),
                412,
                "fail",
                true,
                false,
                false,
            ),
        ),
    ]
}

#[test]
fn the_hand_built_month() {
    let mut b = Builder::default();
    for r in fixture() {
        b.add(&r);
    }
    let i = b.finish();
    assert_eq!(i.hearings, 4);
    assert_eq!(i.appearances, 5);
    assert_eq!(i.notified, 5);
    assert_eq!(i.heads_appeared, Rate { num: 3, den: 5 });
    assert_eq!(i.heads_appeared.percent(), "60.0%");
    assert_eq!(i.principal_appeared, Rate { num: 2, den: 5 });
    assert_eq!(i.key_case_principal, Rate { num: 1, den: 2 });
    assert_eq!((i.staff_only, i.lawyer_only, i.nobody), (1, 0, 1));
    // hearing 3's staff came with the head's valid reason accepted
    assert_eq!(i.lawful_substitution, 1);
    assert_eq!(i.absent_without_reason, 1);
    assert_eq!(i.evaluations, 4);
    // heads only: hearings 1, 2 and 4 (hearing 3's staff member is not a 负责人)
    assert_eq!(i.heads_spoke, Rate { num: 2, den: 3 });
    assert_eq!(i.heads_view_given, Rate { num: 1, den: 3 });
    // per case: four cases (hearing 2's two agencies are one case), one settled
    assert_eq!(i.cases_settled, Rate { num: 1, den: 4 });
    assert_eq!(i.cases_settled.percent(), "25.0%");
    assert_eq!(i.performance.get("on_time"), Some(&1));
    assert_eq!(i.performance.get("late"), Some(&1));
    assert_eq!(i.performance.get("pending"), Some(&1));
    assert_eq!(i.performance.get("not_applicable"), Some(&1));
    // discipline (20+20+17+0)/4 = 14.25 → 14.3; performance over applicable only: (15+10)/2 = 12.5
    assert_eq!(i.dimension_average["discipline"].tenths(), Some(143));
    assert_eq!(i.dimension_average["performance"].tenths(), Some(125));
    // totals (95.0 + 35.3 + 77.0 + 41.2) / 4 = 62.125 → 62.1
    assert_eq!(i.total_average.tenths(), Some(621));
    assert_eq!(i.grades.get("fail"), Some(&2));
    assert_eq!(i.art12, 2);
    assert_eq!(i.art12_by_kind.get("art12_1"), Some(&1));
    assert_eq!(i.art12_by_kind.get("art12_4"), Some(&1));
    // ranking never rewards absence: 出庭率 first — 蜀山区人民政府 2/2, 生态环境局 1/2, 南岗镇 0/1 —
    // whatever the averages (86.0 for 生态环境局, 38.3 for 蜀山区人民政府)
    let names: Vec<_> = i
        .ranking
        .iter()
        .map(|r| (r.agency.as_str(), r.average_tenths))
        .collect();
    assert_eq!(
        names,
        vec![
            ("蜀山区人民政府", Some(383)),
            ("合肥市生态环境局", Some(860)),
            ("南岗镇人民政府", None)
        ]
    );
}

#[test]
fn the_registry_gives_every_indicator_its_numbers_and_provision() {
    crate::msg::test_words::set_lang(crate::msg::Lang::Zh);
    let mut b = Builder::default();
    for r in fixture() {
        b.add(&r);
    }
    let i = b.finish();
    let values = i.values_in(
        &crate::domain::rubric::Rubric::default_rubric(),
        crate::msg::test_words::zh(),
    );
    let get = |id: &str| values.iter().find(|v| v.id == id).unwrap();
    let v = get("heads_appeared");
    assert_eq!(
        (v.numerator, v.denominator, v.kind),
        (3, Some(5), Kind::Rate)
    );
    assert_eq!(v.value, Some(0.6));
    assert!(v.provision.contains("法释〔2020〕3号"), "{}", v.provision);
    assert_eq!(v.text(), "60.0%（3/5）");
    assert_eq!(get("hearings").denominator, None);
    assert_eq!(get("hearings").numerator, 4);
    assert_eq!(get("heads_spoke").text(), "66.7%（2/3）");
    assert_eq!(get("average.total").text(), "62.1");
    assert_eq!(get("grade.fail").numerator, 2);
    for (id, _) in REGISTRY {
        let v = get(id);
        assert!(!v.label.starts_with("ind."), "{id} has no label");
        assert!(!v.provision.starts_with("prov."), "{id} has no provision");
    }
    // 0/0 is a dash, never 0%
    let empty = Builder::default().finish();
    let values = empty.values_in(
        &crate::domain::rubric::Rubric::default_rubric(),
        crate::msg::test_words::zh(),
    );
    let v = values.iter().find(|v| v.id == "heads_spoke").unwrap();
    assert_eq!((v.value, v.text()), (None, "—".to_string()));
}

#[test]
fn only_heads_in_the_top_grade_without_flags_are_commended() {
    let all = fixture();
    let top = Some("excellent");
    assert!(commendable(&all[0], top));
    let mut staff = all[0].clone();
    staff.category = AppearCategory::Staff;
    assert!(
        !commendable(&staff, top),
        "staff are never commended as 负责人"
    );
    let mut late = all[0].clone();
    late.late = true;
    assert!(!commendable(&late, top));
    assert!(!commendable(&all[3], top));
    assert!(!commendable(&all[4], top));
}

#[test]
fn late_items_are_a_section_of_their_own() {
    let mut s = Split::default();
    for r in fixture() {
        s.add(&r);
    }
    let mut late = fixture()[0].clone();
    late.hearing_id = 7;
    late.case_number = "（2026）皖0104行初7号".into();
    late.hearing_date = "2026-10-20".into();
    late.late = true;
    s.add(&late);
    let r = s.finish();
    // the month's figures are its own hearings; the late item is counted apart
    assert_eq!(
        (r.total.hearings, r.total.appearances, r.total.late_items),
        (4, 5, 1)
    );
    assert_eq!(r.total.heads_appeared, Rate { num: 3, den: 5 });
    assert_eq!((r.late.hearings, r.late.appearances), (1, 1));
    assert_eq!(r.by_government["合肥市人民政府"].late_items, 1);
}

#[test]
fn a_follow_up_counts_its_outcome_and_nothing_else() {
    let mut b = Builder::default();
    for r in fixture() {
        b.add(&r);
    }
    let before = b.finish();
    let mut b = Builder::default();
    for r in fixture() {
        b.add(&r);
    }
    // hearing 9, reported in an earlier batch: the judgment was refused, recorded late
    let mut f = rec(
        9,
        "合肥市生态环境局",
        "合肥市人民政府",
        AppearCategory::Principal,
        false,
        &["refused_performance"],
        facts(
            [20, 35, 30, 0],
            Some("refused"),
            850,
            "fail",
            true,
            true,
            true,
        ),
    );
    f.followup = true;
    f.late = true;
    b.add(&f);
    let i = b.finish();
    assert_eq!(i.followups, 1);
    assert_eq!(i.late_items, before.late_items + 1);
    assert_eq!(i.performance.get("refused"), Some(&1));
    // the hearing, the appearance, the evaluation, its scores and grade were reported before
    assert_eq!(
        (i.hearings, i.appearances, i.evaluations),
        (before.hearings, before.appearances, before.evaluations)
    );
    assert_eq!(i.total_average, before.total_average);
    assert_eq!(i.grades, before.grades);
    assert_eq!(i.heads_spoke, before.heads_spoke);
    assert_eq!(i.art12, before.art12);
    // its agency's ranking row counts the new flag
    let flagged = |x: &Indicators| {
        x.ranking
            .iter()
            .find(|r| r.agency == "合肥市生态环境局")
            .map(|r| r.flagged)
    };
    assert_eq!(flagged(&i), flagged(&before).map(|n| n + 1));

    // an agency with no hearing in this batch still shows in the ranking with its refusal
    let mut b = Builder::default();
    let mut g = f.clone();
    g.agency = "肥西县人民政府".into();
    b.add(&g);
    let i = b.finish();
    let row = &i.ranking[0];
    assert_eq!(
        (
            row.agency.as_str(),
            row.appearances,
            row.flagged,
            row.average_tenths
        ),
        ("肥西县人民政府", 0, 1, None)
    );
    assert_eq!((i.hearings, i.appearances), (0, 0));
}

#[test]
fn split_by_government() {
    let mut s = Split::default();
    for r in fixture() {
        s.add(&r);
    }
    let r = s.finish();
    assert_eq!(r.total.appearances, 5);
    assert_eq!(r.by_government["合肥市人民政府"].appearances, 2);
    assert_eq!(r.by_government["合肥市人民政府"].hearings, 2);
    assert_eq!(
        r.by_government["蜀山区人民政府"].heads_appeared,
        Rate { num: 2, den: 3 }
    );
    assert_eq!(r.by_court.len(), 1);
}

#[test]
fn empty_denominators_show_a_dash() {
    let i = Builder::default().finish();
    assert_eq!(i.heads_appeared.percent(), "—");
    assert_eq!(i.heads_spoke.value(), None);
    assert_eq!(i.cases_settled.value(), None);
    assert_eq!(i.total_average.tenths(), None);
    assert_eq!(tenths_text(i.total_average.tenths()), "—");
    assert_eq!(Rate { num: 2, den: 3 }.percent(), "66.7%");
}

#[test]
fn a_view_is_counted_where_recorded_and_old_rubrics_keep_their_rule() {
    let marks = |items: &[&str]| -> crate::domain::scoring::Marks {
        items.iter().map(|i| (i.to_string(), 1)).collect()
    };
    let flags = |f: &[&str]| -> Vec<String> { f.iter().map(|x| x.to_string()).collect() };
    // recorded: only a view marked counts, never with silence, a walk-out or a refusal
    assert!(view_given(&marks(&[ITEM_VIEW]), &[], true));
    assert!(!view_given(&marks(&[]), &[], true));
    assert!(!view_given(&marks(&[ITEM_VIEW, ITEM_NO_VIEW]), &[], true));
    for f in [FLAG_SILENT, FLAG_LEFT_MIDWAY, FLAG_REFUSED_TO_EXPLAIN] {
        assert!(!view_given(&marks(&[ITEM_VIEW]), &flags(&[f]), true), "{f}");
    }
    // a rubric without the item: the rule its notices were made with
    assert!(view_given(&marks(&[]), &[], false));
    assert!(!view_given(&marks(&[ITEM_NO_VIEW]), &[], false));
    assert!(!view_given(&marks(&[]), &flags(&[FLAG_SILENT]), false));
}

proptest::proptest! {
    /// A counting read fetches only `items_counted`, each clamped to 0..=COUNTED_MAX: the facts
    /// are those of every mark, whatever the marks and flags (fails when `mark_facts` comes to
    /// read an item `items_counted` does not name, or to read a value the clamp changes).
    #[test]
    fn facts_from_the_counted_marks_alone_are_the_facts(
        values in proptest::collection::vec(-3i64..600, 40),
        chosen in proptest::collection::vec(proptest::bool::ANY, 40),
        flagged in proptest::collection::vec(proptest::bool::ANY, 5),
    ) {
        let rubric = crate::domain::rubric::Rubric::default_rubric();
        let items: Vec<&str> = rubric
            .dimensions
            .iter()
            .flat_map(|d| &d.items)
            .map(|i| i.id.as_str())
            .collect();
        let marks: crate::domain::scoring::Marks = items
            .iter()
            .zip(values.iter().zip(&chosen))
            .filter(|(_, (_, c))| **c)
            .map(|(id, (v, _))| (id.to_string(), *v))
            .collect();
        let flags: Vec<String> = [FLAG_SILENT, FLAG_LEFT_MIDWAY, FLAG_REFUSED_TO_EXPLAIN, FLAG_ABSENT, "late"]
            .iter()
            .zip(&flagged)
            .filter(|(_, on)| **on)
            .map(|(f, _)| f.to_string())
            .collect();
        let counted = items_counted(&rubric);
        let narrow: crate::domain::scoring::Marks = marks
            .iter()
            .filter(|(id, _)| counted.contains(&id.as_str()))
            .map(|(id, v)| (id.clone(), (*v).clamp(0, COUNTED_MAX)))
            .collect();
        proptest::prop_assert_eq!(mark_facts(&rubric, &marks, &flags), mark_facts(&rubric, &narrow, &flags));
        // whether performance is awaited reads the level item alone (the follow-ups' reading)
        let level = crate::domain::performance::level_item(&rubric).map(|(i, _)| i.id.clone());
        let only_level: crate::domain::scoring::Marks = marks
            .iter()
            .filter(|(id, _)| Some(*id) == level.as_ref())
            .map(|(id, v)| (id.clone(), (*v).clamp(0, COUNTED_MAX)))
            .collect();
        proptest::prop_assert_eq!(
            crate::domain::performance::awaiting(&rubric, &marks),
            crate::domain::performance::awaiting(&rubric, &only_level)
        );
    }
}

/// A record drawn from a few numbers: two courts, three governments, four agencies, hearings
/// shared by several records, late items and follow-ups, every category and flag kind.
fn drawn(n: &[u8; 10]) -> Record {
    let cats = AppearCategory::ALL;
    let flags = [
        FLAG_ABSENT,
        FLAG_SILENT,
        FLAG_LEFT_MIDWAY,
        "late_arrival",
        FLAG_NOBODY,
    ];
    let mut r = rec(
        i64::from(n[0] % 12),
        ["甲局", "乙局", "丙局", "丁局"][usize::from(n[1] % 4)],
        // (an agency reports to one government)
        ["市政府", "区政府", "", "区政府"][usize::from(n[1] % 4)],
        cats[usize::from(n[3]) % cats.len()],
        n[4].is_multiple_of(3),
        &flags[..usize::from(n[5] % 3)],
        (!n[6].is_multiple_of(4)).then_some(()).and_then(|()| {
            let perf = ["on_time", "refused", "pending"][usize::from(n[7] % 3)];
            facts(
                [n[8] % 21, 30, 25, 10].map(i64::from),
                Some(perf),
                i64::from(n[9]) * 3,
                ["excellent", "good", "poor"][usize::from(n[9] % 3)],
                n[8].is_multiple_of(2),
                n[7].is_multiple_of(2),
                n[6].is_multiple_of(3),
            )
        }),
    );
    r.case_number = format!("（2026）皖0104行初{}号", n[0] % 7);
    r.notified = !n[4].is_multiple_of(5);
    r.late = n[5].is_multiple_of(7);
    r.followup = n[5].is_multiple_of(11);
    if n[2].is_multiple_of(5) {
        r.court = "合肥市中级人民法院".into();
    }
    r.commended = n[9].is_multiple_of(4);
    r
}

proptest::proptest! {
    /// Records read in two parts (two threads, two date ranges) and merged count as read in one
    /// pass, whatever the parts and their order; pending appearances too.
    #[test]
    fn a_period_read_in_parts_counts_as_read_whole(
        records in proptest::collection::vec(proptest::array::uniform10(proptest::num::u8::ANY), 0..40),
        pending in proptest::collection::vec((0i64..12, 0u8..3), 0..6),
        cut in 0usize..40,
        reverse in proptest::bool::ANY,
    ) {
        let records: Vec<Record> = records.iter().map(drawn).collect();
        let pending: Vec<Pending> = pending
            .iter()
            .map(|(h, g)| Pending {
                court: "合肥市蜀山区人民法院".into(),
                government: ["市政府", "区政府", ""][usize::from(*g)].into(),
                hearing_id: *h,
            })
            .collect();
        let mut whole = Split::default();
        pending.iter().for_each(|p| whole.add_pending(p));
        records.iter().for_each(|r| whole.add(r));
        let cut = cut.min(records.len());
        let (a, b) = records.split_at(cut);
        let (mut one, mut two) = (Split::default(), Split::default());
        pending.iter().take(2).for_each(|p| one.add_pending(p));
        pending.iter().skip(2).for_each(|p| two.add_pending(p));
        a.iter().for_each(|r| one.add(r));
        b.iter().rev().for_each(|r| two.add(r));
        if reverse {
            std::mem::swap(&mut one, &mut two);
        }
        one.merge(two);
        proptest::prop_assert_eq!(whole.finish(), one.finish());
    }
}
