//! The demo data as the store keeps it: deterministic, before the current month, only into an
//! empty database; and the list's keyset pages over it. (Here, beside the generator: the store
//! cannot depend on it.)

use crate::domain::model::*;
use crate::domain::rubric::Rubric;
use crate::store::*;

/// A hearing's input at half past nine (the list tests' input).
fn input(case: &str, date: &str) -> HearingInput {
    crate::list_tests::input(case, date, "09:30")
}

#[test]
fn keyset_pages_agree_with_one_long_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
    let rubric = Rubric::default_rubric();
    crate::demo::generate(
        &mut s,
        &rubric,
        &crate::demo::Options::new(
            120,
            7,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        ),
    )
    .unwrap();
    s.insert_hearing(&input("（2026）皖0104行初999号", "2026-11-27"), &[])
        .unwrap();
    let total = s.list_count().unwrap();
    let all = s.list_first(total + 10).unwrap();
    assert_eq!(all.len(), total);
    for (offset, limit) in [(0, 7), (5, 13), (17, 1), (total - 3, 10)] {
        let page = match offset.checked_sub(1) {
            Some(i) => s.list_after(&all[i].cursor(), limit).unwrap(),
            None => s.list_first(limit).unwrap(),
        };
        let want: Vec<_> = all.iter().skip(offset).take(limit).cloned().collect();
        assert_eq!(page, want, "offset {offset} limit {limit}");
        let page = s.list_before(&all[offset].cursor(), limit).unwrap();
        assert_eq!(
            page,
            all[offset.saturating_sub(limit)..offset],
            "before {offset}"
        );
    }
    // newest first
    assert!(all.windows(2).all(|w| w[0].date >= w[1].date));
}

#[test]
fn demo_data_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = Rubric::default_rubric();
    let lists: Vec<Vec<ListRow>> = (0..2)
        .map(|i| {
            let mut s = Store::open(&dir.path().join(format!("{i}.db"))).unwrap();
            crate::demo::generate(
                &mut s,
                &rubric,
                &crate::demo::Options::new(
                    50,
                    3,
                    chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
                ),
            )
            .unwrap();
            s.list_first(1000).unwrap()
        })
        .collect();
    assert_eq!(lists[0], lists[1]);
    assert!(
        lists[0]
            .iter()
            .any(|r| r.category == Some(AppearCategory::Principal))
    );
    assert!(lists[0].iter().any(|r| r.status == Some(EvalStatus::Final)));
}

/// Demo data made on `today` into a fresh database.
fn demo_on(dir: &std::path::Path, name: &str, today: chrono::NaiveDate) -> Store {
    let mut s = Store::open(&dir.join(name)).unwrap();
    let rubric = Rubric::default_rubric();
    crate::demo::generate(&mut s, &rubric, &crate::demo::Options::new(200, 3, today)).unwrap();
    s
}

#[test]
fn demo_data_lies_in_the_months_before_the_current_one() {
    let dir = tempfile::tempdir().unwrap();
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    for (today, last) in [
        (day(2026, 11, 29), "2026-10-31"),
        (day(2026, 11, 1), "2026-10-31"),
        (day(2027, 1, 5), "2026-12-31"),
        (day(2026, 3, 15), "2026-02-28"),
    ] {
        let s = demo_on(dir.path(), &format!("{today}.db"), today);
        let rows = s.list_first(1000).unwrap();
        // newest first: the last of 200 hearings on the last day of the month before
        assert_eq!(rows[0].date, last, "made on {today}");
        assert!(
            rows.iter().all(|r| r.date.as_str() <= last),
            "made on {today}"
        );
        // this month's batch has none of its own: whatever it would claim is late (补报) from
        // the months before, which are not exported yet
        let p = s
            .preview(&crate::domain::period::Period::month_of(today))
            .unwrap();
        assert_eq!(p.claim, p.late, "made on {today}: {p:?}");
    }
}

#[test]
fn demo_data_goes_only_into_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = Rubric::default_rubric();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    type Fill = Box<dyn Fn(&mut Store)>;
    let own: Vec<(&str, Fill)> = vec![
        (
            "a hearing of its own",
            Box::new(|s| {
                s.insert_hearing(&input("（2026）皖0104行初1号", "2026-11-20"), &[])
                    .unwrap();
            }),
        ),
        (
            "an agency left by a deleted hearing",
            Box::new(|s| {
                let h = s
                    .insert_hearing(
                        &input("（2026）皖0104行初2号", "2026-11-20"),
                        &["合肥市公安局".into()],
                    )
                    .unwrap();
                s.delete_hearing(h, "录入错误").unwrap();
            }),
        ),
        (
            "demo data already",
            Box::new(move |s| {
                let r = Rubric::default_rubric();
                crate::demo::generate(s, &r, &crate::demo::Options::new(5, 1, today)).unwrap();
            }),
        ),
    ];
    for (i, (what, fill)) in own.iter().enumerate() {
        let mut s = Store::open(&dir.path().join(format!("{i}.db"))).unwrap();
        assert!(s.is_empty().unwrap(), "{what}: a new database is empty");
        fill(&mut s);
        assert!(!s.is_empty().unwrap(), "{what}");
        let before = (s.list_count().unwrap(), s.directory(today).unwrap().len());
        let err = crate::demo::generate(&mut s, &rubric, &crate::demo::Options::new(20, 1, today))
            .expect_err(what);
        assert!(matches!(err, StoreError::Refused(_)), "{what}: {err:?}");
        assert_eq!(
            crate::i18n::Render::text(&err),
            crate::i18n::t("demo.err.not_empty"),
            "{what}: the catalog's message"
        );
        let after = (s.list_count().unwrap(), s.directory(today).unwrap().len());
        assert_eq!(before, after, "{what}: nothing changed");
    }
}

/// Every record read in full, counted one by one: the figures the counting read, the two-thread
/// read and the kept comparisons must give.
fn recount(s: &Store, source: crate::store::batch::Source) -> crate::domain::indicators::Report {
    let reader = s.reader(source, "合肥市蜀山区人民法院", true);
    let mut split = crate::domain::indicators::Split::default();
    reader.for_each_pending(|p| split.add_pending(p)).unwrap();
    reader
        .for_each(|r, _| -> Result<()> {
            split.add(r);
            Ok(())
        })
        .unwrap();
    split.finish()
}

#[test]
fn reports_read_as_they_count_are_the_records_recounted() {
    use crate::domain::period::Period;
    use crate::store::batch::Source;
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
    let rubric = Rubric::default_rubric();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    crate::demo::generate(&mut s, &rubric, &crate::demo::Options::new(900, 11, today)).unwrap();
    let court = "合肥市蜀山区人民法院";
    let topic = Period::range("2026-07-01", "2026-11-20", "市政府部门")
        .unwrap()
        .with_filter(crate::domain::period::Filter {
            government: Some("合肥市人民政府".into()),
            ..Default::default()
        });
    let mut sources: Vec<Source> = ["2026-Q3", "2026-Q4", "2026", "2026-H2"]
        .iter()
        .map(|p| Source::Report(Period::parse(p).unwrap()))
        .collect();
    sources.push(Source::Report(topic));
    sources.push(Source::Candidates(Period::parse("2026-10").unwrap()));
    let together = crate::report::reports(&s, court, &sources).unwrap();
    for (source, two_threads) in sources.iter().zip(together) {
        let want = recount(&s, source.clone());
        assert!(want.total.appearances > 0, "{source:?} has records");
        let counted = crate::report::indicators(&s.reader(source.clone(), court, true)).unwrap();
        assert_eq!(counted, want, "{source:?} counted");
        assert_eq!(
            two_threads, want,
            "{source:?} read in halves on two threads"
        );
    }
}

#[test]
fn a_reports_comparison_is_kept_until_a_record_of_its_months_changes() {
    use crate::domain::period::Period;
    use crate::store::batch::Source;
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
    let rubric = Rubric::default_rubric();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    crate::demo::generate(&mut s, &rubric, &crate::demo::Options::new(600, 5, today)).unwrap();
    let court = "合肥市蜀山区人民法院";
    let q4 = Period::parse("2026-Q4").unwrap();
    let (previous, _) = crate::report::compared(&q4, today);
    let compare = |s: &Store| {
        crate::report::comparison(s, court, &q4, today)
            .unwrap()
            .unwrap()
    };
    let first = compare(&s).previous.unwrap();
    assert_eq!(first, recount(&s, Source::Report(previous.clone())).total);
    assert!(first.heads_appeared.den > 0);
    // kept: the same again, and unchanged by a change outside its months
    assert_eq!(compare(&s).previous.unwrap(), first);
    // a head in the period before turns out to have been entrusted staff: counted again
    let mut principal = None;
    s.reader(Source::Report(previous.clone()), court, true)
        .for_each(|r, d| -> Result<()> {
            if principal.is_none()
                && r.category == AppearCategory::Principal
                && r.notified
                && d.evaluation_id.is_some()
            {
                principal = Some(r.hearing_id);
            }
            Ok(())
        })
        .unwrap();
    let hearing = principal.expect("a principal head appeared in the quarter before");
    let a = s
        .appearances(hearing)
        .unwrap()
        .into_iter()
        .find(|a| a.category == AppearCategory::Principal)
        .unwrap();
    s.amend(
        a.id,
        &[("category".into(), "staff".into())],
        "更正",
        "王审判",
    )
    .unwrap();
    let now = compare(&s).previous.unwrap();
    assert_eq!(now, recount(&s, Source::Report(previous)).total);
    assert_eq!(now.heads_appeared.num + 1, first.heads_appeared.num);
}

/// The dashboard's overdue follow-ups (read beside its months, only their deadlines, kept per
/// month) are the worklist's overdue rows, fresh and as kept.
#[test]
fn the_dashboards_overdue_count_is_the_worklists() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("tp.db")).unwrap();
    let rubric = Rubric::default_rubric();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    crate::demo::generate(&mut s, &rubric, &crate::demo::Options::new(300, 3, today)).unwrap();
    let want = s.followups(today, true).unwrap().len();
    assert!(want > 0, "the demo has overdue follow-ups");
    let period = crate::domain::period::Period::month_of(today);
    for read in [
        crate::report::trend::Read::Fresh,
        crate::report::trend::Read::Kept,
    ] {
        let d =
            crate::report::trend::dashboard(&mut s, "合肥市蜀山区人民法院", &period, today, read)
                .unwrap();
        assert_eq!(d.overdue, want, "{read:?}");
    }
}
