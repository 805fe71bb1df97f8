//! The agency directory, merges, the pickers' search, people remembered, and schedule imports.
use crate::i18n::Render as _;

use super::audit::Verified;
use super::*;
use crate::domain::directory::DirectoryEntry;
use crate::domain::model::*;
use crate::domain::rubric::Rubric;
use crate::domain::schedule::ScheduleEntry;
use crate::domain::sheet::Place;

fn input(case: &str, date: &str, judge: &str) -> HearingInput {
    HearingInput {
        case_number: case.into(),
        cause: "不服行政处罚决定".into(),
        act_kind: Some(ActKind::Penalty),
        court: "合肥市蜀山区人民法院".into(),
        judge: judge.into(),
        clerk: format!("{judge}的书记员"),
        date: date.into(),
        start_time: "09:30".into(),
        ..Default::default()
    }
}

fn open(dir: &std::path::Path) -> Store {
    let mut s = Store::open(&dir.join("tp.db")).unwrap();
    s.set_operator("clerk1").unwrap();
    s
}

fn ok(s: &Store) {
    assert!(
        matches!(s.verify().unwrap(), Verified::Ok { .. }),
        "{:?}",
        s.verify().unwrap()
    );
}

fn place(row: usize) -> Place {
    Place {
        row,
        col: 1,
        header: "案号".into(),
    }
}

fn entry(row: usize, case: &str, date: &str, judge: &str, agencies: &[&str]) -> ScheduleEntry {
    ScheduleEntry {
        at: place(row),
        case_number: case.into(),
        cause: "不服行政处罚决定".into(),
        date: date.into(),
        start_time: "09:30".into(),
        judge: judge.into(),
        clerk: "李书记".into(),
        room: "第三法庭".into(),
        key_category: None,
        agencies: agencies.iter().map(|s| s.to_string()).collect(),
    }
}

fn found(s: &Store, q: &str) -> Vec<String> {
    s.search_agencies(q, 5)
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect()
}

fn dir_entry(name: &str, aliases: &[&str]) -> DirectoryEntry {
    DirectoryEntry {
        at: place(2),
        aliases_at: place(2),
        name: name.into(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        level: Some(AgencyLevel::City),
        region: "合肥市".into(),
        government: "合肥市人民政府".into(),
        superior: String::new(),
    }
}

#[test]
fn a_merge_moves_appearances_logs_each_and_keeps_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path());
    let h1 = s
        .insert_hearing(
            &input("（2026）皖0104行初1号", "2026-11-01", "王"),
            &["合肥市自然资源局".into()],
        )
        .unwrap();
    s.insert_hearing(
        &input("（2026）皖0104行初2号", "2026-11-02", "王"),
        &["合肥市自然资源和规划局".into()],
    )
    .unwrap();
    // finalized: a merge still moves it (the same agency, spelt twice)
    let a1 = s.appearances(h1).unwrap().remove(0);
    let e = s
        .evaluation_for(a1.id, &Rubric::default_rubric())
        .unwrap()
        .id;
    s.finalize(e, "王").unwrap();
    // refused: no reason; one agency twice; unknown
    assert!(matches!(
        s.merge_agencies("合肥市自然资源局", "合肥市自然资源和规划局", " "),
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        s.merge_agencies("合肥市自然资源局", "合肥市自然资源局", "同一机关"),
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        s.merge_agencies("某局", "合肥市自然资源局", "同一机关"),
        Err(StoreError::Refused(_))
    ));
    let m = s
        .merge_agencies(
            "合肥市自然资源局",
            "合肥市自然资源和规划局",
            "机构改革后更名",
        )
        .unwrap();
    assert_eq!(m.moved, 1);
    assert_eq!(
        s.appearance(a1.id).unwrap().agency_name,
        "合肥市自然资源和规划局"
    );
    // the old name is now a short name: a form typing it gets the one agency
    let into = s.find_agency("合肥市自然资源局").unwrap().unwrap();
    assert_eq!(into.name, "合肥市自然资源和规划局");
    let h3 = s
        .insert_hearing(
            &input("（2026）皖0104行初3号", "2026-11-03", "王"),
            &["合肥市自然资源局".into()],
        )
        .unwrap();
    assert_eq!(
        s.appearances(h3).unwrap()[0].agency_name,
        "合肥市自然资源和规划局"
    );
    let n: i64 = s
        .conn
        .query_row("SELECT count(*) AS n FROM agencies", [], |r| r.get("n"))
        .unwrap();
    assert_eq!(n, 1);
    // the moved appearance's entry: an edit of its agency, with the reason, in the case's history
    let h = s.history("（2026）皖0104行初1号").unwrap();
    let moved = h.iter().find(|e| e.field == "agency").unwrap();
    assert_eq!(
        (
            moved.action.as_str(),
            moved.entity.as_str(),
            moved.entity_id
        ),
        ("edit", "appearance", a1.id)
    );
    assert_eq!(
        (moved.old.as_str(), moved.new.as_str()),
        ("合肥市自然资源局", "合肥市自然资源和规划局")
    );
    assert_eq!(moved.reason, "机构改革后更名");
    ok(&s);
}

#[test]
fn a_merge_of_two_defendants_of_one_hearing_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path());
    s.insert_hearing(
        &input("（2026）皖0104行初7号", "2026-11-05", "王"),
        &["合肥市公安局".into(), "合肥市公安局交警支队".into()],
    )
    .unwrap();
    let Err(StoreError::Refused(why)) =
        s.merge_agencies("合肥市公安局交警支队", "合肥市公安局", "误录")
    else {
        panic!("a merge of two defendants of one hearing must be refused");
    };
    assert!(
        why.text().contains("（2026）皖0104行初7号") && why.text().contains("2026-11-05"),
        "{}",
        why.text()
    );
    assert_eq!(s.directory(today()).unwrap().len(), 2);
    ok(&s);
}

#[test]
fn search_ranks_by_use_then_recency_and_knows_short_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path());
    let names = [
        "合肥市市场监督管理局",
        "蜀山区市场监督管理局",
        "包河区市场监督管理局",
        "合肥市生态环境局",
    ];
    // 蜀山 used twice; 包河 once, most lately; 合肥市 once, earlier
    for (i, (name, date)) in [
        (names[1], "2026-10-01"),
        (names[1], "2026-10-02"),
        (names[2], "2026-11-20"),
        (names[0], "2026-11-01"),
        (names[3], "2026-11-21"),
    ]
    .into_iter()
    .enumerate()
    {
        s.insert_hearing(
            &input(&format!("（2026）皖0104行初{}号", i + 1), date, "王"),
            &[name.into()],
        )
        .unwrap();
    }

    assert_eq!(found(&s, "scjd"), vec![names[1], names[2], names[0]]);
    assert_eq!(found(&s, "市场监督"), vec![names[1], names[2], names[0]]);
    assert_eq!(found(&s, "sthj"), vec![names[3]]);
    assert!(found(&s, "gongan").is_empty());
    assert!(found(&s, "  ").is_empty());
    // a short name from the directory finds its agency, by pinyin too
    s.import_directory(&[dir_entry(names[3], &["市环保局"])], false)
        .unwrap()
        .unwrap();
    assert_eq!(found(&s, "huanbao"), vec![names[3]]);
    assert_eq!(found(&s, "市环保"), vec![names[3]]);
    assert_eq!(s.search_agencies("scjd", 2).unwrap().len(), 2);
}

#[test]
fn people_judges_and_clerks_are_remembered_most_recent_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path());
    for (i, (date, judge, person, title, cat)) in [
        (
            "2026-10-01",
            "王法官",
            "张三",
            "局长",
            AppearCategory::Principal,
        ),
        (
            "2026-11-01",
            "赵法官",
            "李四",
            "副局长",
            AppearCategory::Deputy,
        ),
        (
            "2026-09-01",
            "孙法官",
            "张三",
            "局长",
            AppearCategory::Principal,
        ),
        ("2026-08-01", "王法官", "", "", AppearCategory::Nobody),
    ]
    .into_iter()
    .enumerate()
    {
        let h = s
            .insert_hearing(
                &input(&format!("（2026）皖0104行初{}号", i + 1), date, judge),
                &["合肥市公安局".into()],
            )
            .unwrap();
        let mut a = s.appearances(h).unwrap().remove(0);
        a.person = person.into();
        a.title = title.into();
        a.category = cat;
        s.update_appearance(&a).unwrap();
    }
    let agency = s.find_agency("合肥市公安局").unwrap().unwrap();
    let people = s.people_of_agency(agency.id).unwrap();
    assert_eq!(
        people
            .iter()
            .map(|p| (p.name.as_str(), p.title.as_str(), p.category, p.times))
            .collect::<Vec<_>>(),
        vec![
            ("李四", "副局长", AppearCategory::Deputy, 1),
            ("张三", "局长", AppearCategory::Principal, 2)
        ]
    );
    assert_eq!(people[1].last_date, "2026-10-01");
    assert_eq!(
        s.recent_judges().unwrap(),
        vec!["赵法官", "王法官", "孙法官"]
    );
    assert_eq!(s.recent_clerks().unwrap()[0], "赵法官的书记员");
}

#[test]
fn a_directory_import_adds_short_names_and_refuses_one_taken() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path());
    let out = s
        .import_directory(
            &[
                dir_entry("合肥市公安局", &["市公安局"]),
                dir_entry("合肥市民政局", &[]),
            ],
            false,
        )
        .unwrap()
        .unwrap();
    assert_eq!(out, vec![DirOutcome::New, DirOutcome::New]);
    // the same file again changes nothing
    let out = s
        .import_directory(&[dir_entry("合肥市公安局", &["市公安局"])], false)
        .unwrap()
        .unwrap();
    assert_eq!(out, vec![DirOutcome::Unchanged]);
    let before = s.chain_head().unwrap();
    // a short name another agency has, or a name that is a short name: refused, nothing changed
    let errs = s
        .import_directory(
            &[
                dir_entry("合肥市交通运输局", &[]),
                dir_entry("合肥市民政局", &["市公安局"]),
            ],
            false,
        )
        .unwrap()
        .unwrap_err();
    assert!(
        errs[0].why.text().contains("市公安局") && errs[0].why.text().contains("合肥市公安局"),
        "{errs:?}"
    );
    let errs = s
        .import_directory(&[dir_entry("市公安局", &[])], false)
        .unwrap()
        .unwrap_err();
    assert!(errs[0].why.text().contains("agencies merge"), "{errs:?}");
    assert_eq!(s.chain_head().unwrap(), before);
    assert_eq!(s.directory(today()).unwrap().len(), 2);
    // a dry run changes nothing either
    let out = s
        .import_directory(&[dir_entry("合肥市交通运输局", &[])], true)
        .unwrap()
        .unwrap();
    assert_eq!(out, vec![DirOutcome::New]);
    assert_eq!(s.directory(today()).unwrap().len(), 2);
    let d = s.directory(today()).unwrap();
    assert_eq!(d[0].agency.level, AgencyLevel::City);
    assert_eq!(d[0].agency.government, "合肥市人民政府");
    ok(&s);
}

#[test]
fn a_schedule_imported_twice_changes_nothing_and_a_change_waits_for_no_score() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path());
    let court = "合肥市蜀山区人民法院";
    let first = vec![
        entry(
            2,
            "（2026）皖0104行初1号",
            "2026-11-03",
            "王法官",
            &["合肥市公安局", "蜀山区人民政府"],
        ),
        entry(
            3,
            "（2026）皖0104行初2号",
            "2026-11-04",
            "赵法官",
            &["合肥市民政局"],
        ),
    ];
    let out = s.import_schedule(&first, court, false).unwrap();
    assert_eq!(out, vec![ScheduleOutcome::New, ScheduleOutcome::New]);
    let head = s.chain_head().unwrap();
    assert_eq!(
        s.import_schedule(&first, court, false).unwrap(),
        vec![ScheduleOutcome::Unchanged; 2]
    );
    assert_eq!(
        s.chain_head().unwrap(),
        head,
        "nothing logged for nothing changed"
    );
    let h1 = s
        .hearings_by_case("（2026）皖0104行初1号")
        .unwrap()
        .remove(0);
    assert_eq!((h1.court.as_str(), h1.sitting), (court, 1));
    // case 2 gets scored (a draft evaluation); then the schedule changes both judges
    let h2 = s
        .hearings_by_case("（2026）皖0104行初2号")
        .unwrap()
        .remove(0);
    let a2 = s.appearances(h2.id).unwrap().remove(0);
    s.evaluation_for(a2.id, &Rubric::default_rubric()).unwrap();
    let mut second = first.clone();
    second[0].judge = "孙法官".into();
    second[0].start_time = "14:30".into();
    second[0].agencies.push("合肥市财政局".into());
    second[1].judge = "孙法官".into();
    // a dry run says what would happen and does nothing
    let dry = s.import_schedule(&second, court, true).unwrap();
    assert!(
        matches!(&dry[0], ScheduleOutcome::Updated(f) if f.len() == 3),
        "{dry:?}"
    );
    assert_eq!(s.hearing(h1.id).unwrap().judge, "王法官");
    let out = s.import_schedule(&second, court, false).unwrap();
    assert!(matches!(&out[0], ScheduleOutcome::Updated(_)));
    assert!(
        matches!(&out[1], ScheduleOutcome::Scored(f) if f.len() == 1),
        "{out:?}"
    );
    let h1now = s.hearing(h1.id).unwrap();
    assert_eq!(
        (h1now.judge.as_str(), h1now.start_time.as_str()),
        ("孙法官", "14:30")
    );
    // what the schedule does not say stays as it was
    assert_eq!((h1now.act_kind, h1now.court.as_str()), (h1.act_kind, court));
    assert_eq!(s.appearances(h1.id).unwrap().len(), 3);
    assert_eq!(s.hearing(h2.id).unwrap().judge, "赵法官");
    // the edit is logged field by field
    let log = s.history("（2026）皖0104行初1号").unwrap();
    assert!(
        log.iter()
            .any(|e| e.field == "judge" && e.old == "王法官" && e.new == "孙法官")
    );
    assert!(log.iter().any(|e| e.field == "room" && e.new == "第三法庭"));
    ok(&s);
}

#[test]
fn an_agency_edited_in_the_directory_logs_each_change_and_refuses_a_taken_short_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path());
    s.insert_hearing(
        &input("（2026）皖0104行初1号", "2026-11-01", "王"),
        &["合肥市公安局".into(), "合肥市自然资源和规划局".into()],
    )
    .unwrap();
    let id = s.find_agency("合肥市公安局").unwrap().unwrap().id;
    let logged = |s: &Store| -> i64 {
        s.conn
            .query_row(
                "SELECT count(*) AS n FROM audit_log WHERE entity = 'agency'",
                [],
                |r| r.get("n"),
            )
            .unwrap()
    };
    let before = logged(&s);
    let edit = AgencyEdit {
        aliases: vec!["市公安局".into(), "合肥公安".into(), "合肥市公安局".into()],
        level: AgencyLevel::City,
        region: "合肥市".into(),
        government: "合肥市人民政府".into(),
    };
    // level, region, government and two short names (its own name is not one)
    assert_eq!(s.edit_agency(id, &edit).unwrap(), 5);
    assert_eq!(logged(&s), before + 5);
    let row = s
        .directory(today())
        .unwrap()
        .into_iter()
        .find(|r| r.agency.id == id)
        .unwrap();
    assert_eq!(row.aliases, vec!["合肥公安", "市公安局"]);
    assert_eq!(
        (row.agency.level, row.agency.region.as_str()),
        (AgencyLevel::City, "合肥市")
    );
    // the same again changes nothing; one short name taken away
    assert_eq!(s.edit_agency(id, &edit).unwrap(), 0);
    let fewer = AgencyEdit {
        aliases: vec!["市公安局".into()],
        ..edit.clone()
    };
    assert_eq!(s.edit_agency(id, &fewer).unwrap(), 1);
    assert!(s.find_agency("合肥公安").unwrap().is_none());
    // another agency's name as a short name: refused, nothing changed
    let taken = AgencyEdit {
        aliases: vec!["合肥市自然资源和规划局".into()],
        region: "别处".into(),
        ..edit
    };
    assert!(matches!(
        s.edit_agency(id, &taken),
        Err(StoreError::Refused(m)) if m.text().contains("合肥市自然资源和规划局")
    ));
    assert_eq!(s.agency(id).unwrap().region, "合肥市");
    ok(&s);
}

#[test]
fn a_days_hearings_are_found_in_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path());
    for (case, date, agencies) in [
        ("（2026）皖0104行初1号", "2026-11-30", vec!["甲局"]),
        ("（2026）皖0104行初2号", "2026-11-29", vec!["甲局", "乙局"]),
        ("（2026）皖0104行初3号", "2026-11-29", vec!["丙局"]),
        ("（2026）皖0104行初4号", "2026-11-28", vec!["甲局"]),
    ] {
        let names: Vec<String> = agencies.into_iter().map(String::from).collect();
        s.insert_hearing(&input(case, date, "王"), &names).unwrap();
    }
    assert_eq!(s.list_rows_on_day("2026-11-29").unwrap(), 3);
    assert_eq!(s.list_rows_on_day("2026-12-01").unwrap(), 0);
    assert_eq!(s.list_rows_on_day("2026-11-01").unwrap(), 0);
    assert_eq!(s.list_rows_on_day("2026-11-28").unwrap(), 1);
    // read by key from the day's first row: the day's rows, then the days before
    let dates = |date: &str, n: usize| -> Vec<String> {
        let rows = s.list_at(&ListCursor::day_start(date), n).unwrap();
        rows.into_iter().map(|r| r.date).collect()
    };
    assert_eq!(
        dates("2026-11-29", 4),
        ["2026-11-29", "2026-11-29", "2026-11-29", "2026-11-28"]
    );
    assert_eq!(dates("2026-12-01", 2), ["2026-11-30", "2026-11-29"]);
    assert_eq!(dates("2026-11-01", 2), Vec::<String>::new());
}

#[test]
fn an_agencys_name_is_corrected_with_a_reason_and_the_old_name_still_finds_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path());
    s.insert_hearing(
        &input("（2026）皖0104行初1号", "2026-11-03", "王法官"),
        &["合肥市生态环竟局".into()],
    )
    .unwrap();
    s.insert_hearing(
        &input("（2026）皖0104行初2号", "2026-11-04", "王法官"),
        &["合肥市公安局".into()],
    )
    .unwrap();
    let typo = s.find_agency("合肥市生态环竟局").unwrap().unwrap();
    // a reason is asked; another agency's name is refused (a merge is asked for instead)
    let e = s
        .rename_agency(typo.id, "合肥市生态环境局", "")
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Refused(m) if m.key == "agencies.err.rename_reason"),
        "{e:?}"
    );
    let e = s
        .rename_agency(typo.id, "合肥市公安局", "错字")
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Refused(m) if m.key == "agencies.err.rename_taken"),
        "{e:?}"
    );
    let n = s
        .rename_agency(typo.id, "合肥市生态环境局", "名称错字")
        .unwrap();
    assert_eq!(n, 1);
    // the log follows: the agency and its appearance
    ok(&s);
    let renamed = s.find_agency("合肥市生态环竟局").unwrap().unwrap();
    assert_eq!(
        (renamed.id, renamed.name.as_str()),
        (typo.id, "合肥市生态环境局")
    );
    let row = s
        .directory(today())
        .unwrap()
        .into_iter()
        .find(|r| r.agency.id == typo.id)
        .unwrap();
    assert_eq!(row.aliases, vec!["合肥市生态环竟局".to_string()]);
    let h = s.history("（2026）皖0104行初1号").unwrap();
    assert!(
        h.iter()
            .any(|e| e.entity == "appearance" && e.reason == "名称错字"),
        "{h:?}"
    );
}

#[test]
fn the_directory_is_in_pinyin_order_and_counts_only_appearances_held() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path());
    let future = (chrono::Local::now().date_naive() + chrono::Days::new(30)).to_string();
    for (case, date, agency) in [
        ("（2026）皖0104行初1号", "2026-11-03", "南岗镇人民政府"),
        ("（2026）皖0104行初2号", "2026-11-04", "井岗镇人民政府"),
        ("（2026）皖0104行初3号", "2026-11-05", "包河区人民政府"),
        ("（2026）皖0104行初4号", "2026-11-06", "包河区人民政府"),
        ("（2026）皖0104行初5号", future.as_str(), "包河区人民政府"),
    ] {
        s.insert_hearing(&input(case, date, "王法官"), &[agency.into()])
            .unwrap();
    }
    // one of 包河区's held hearings: nobody appeared
    let h = s
        .hearings_by_case("（2026）皖0104行初4号")
        .unwrap()
        .remove(0);
    let mut a = s.appearances(h.id).unwrap().remove(0);
    a.category = AppearCategory::Nobody;
    s.update_appearance(&a).unwrap();
    let d = s.directory(today()).unwrap();
    let names: Vec<&str> = d.iter().map(|r| r.agency.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["包河区人民政府", "井岗镇人民政府", "南岗镇人民政府"]
    );
    // held and someone appeared: once (not the scheduled one, not 无人出庭)
    assert_eq!(d[0].uses, 1);
    assert_eq!(d[0].last_used, "2026-11-05 09:30");
}

/// The day the directory's counts are taken on in these tests.
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
