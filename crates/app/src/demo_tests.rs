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
