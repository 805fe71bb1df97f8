//! The dashboard (看板) on a fixture with known numbers: the bars are the registry's rates per
//! month, the lists are the month's governments and agencies, a drill-in lists the appearances
//! behind them. Snapshots at 80×24 and 160×48, in zh and en.

#[allow(unused_imports)]
use tingping::i18n::prelude::*;
mod common;
use common::screen::{Fixture, fixture};
use crossterm::event::KeyCode;
use tingping::domain::model::AppearCategory;
use tingping::domain::trend;
use tingping::i18n::Lang;
use tingping::tui::app::Screen;
use tingping::tui::screens::dashboard::{Focus, month_bars};
use tingping_store::HearingInput;

/// 2026-11-29 10:00 in Beijing.
const NOV_29: i64 = 1_795_917_600_000;

/// A hearing on `date` of `agency` at which `category` appeared, scored and finalized unless it
/// is an absence or `draft`.
fn hearing(
    f: &mut Fixture,
    n: u32,
    date: &str,
    agency: &str,
    category: AppearCategory,
    draft: bool,
) -> i64 {
    let store = &mut f.app.court;
    let input = HearingInput {
        case_number: format!("（2026）皖0104行初{n}号"),
        cause: "不服行政处罚决定".into(),
        court: "合肥市蜀山区人民法院".into(),
        judge: "王审判".into(),
        clerk: "李书记".into(),
        date: date.into(),
        start_time: "09:30".into(),
        ..Default::default()
    };
    let h = store.insert_hearing(&input, &[agency.to_string()]).unwrap();
    let mut a = store.appearances(h).unwrap().remove(0);
    a.category = category;
    if category.scorable() {
        a.person = "张建国".into();
        a.title = "局长".into();
    }
    store.update_appearance(&a).unwrap();
    if category.scorable() {
        let eval = store.evaluation_for(a.id, &f.app.rubric).unwrap().id;
        if !draft {
            store.finalize(eval, "王审判").unwrap();
        }
    }
    a.id
}

/// September: one absence (0%). October: two principal heads (100%). November: a principal, a
/// deputy, nobody and staff (出庭率 2/4, 正职 1/4), and a draft; one agency reports to 合肥市人民政府.
fn court(lang: Lang, w: u16, h: u16) -> Fixture {
    let mut f = fixture(lang, 0, w, h);
    f.app.now_ms = || NOV_29;
    use AppearCategory::*;
    hearing(&mut f, 1, "2026-09-08", "蜀山区城市管理局", Nobody, false);
    hearing(&mut f, 2, "2026-10-09", "合肥市公安局", Principal, false);
    hearing(
        &mut f,
        3,
        "2026-10-21",
        "合肥市生态环境局",
        Principal,
        false,
    );
    let overdue = hearing(&mut f, 4, "2026-11-03", "合肥市公安局", Principal, false);
    hearing(&mut f, 5, "2026-11-05", "合肥市公安局", Deputy, false);
    hearing(&mut f, 6, "2026-11-10", "蜀山区城市管理局", Nobody, false);
    hearing(&mut f, 7, "2026-11-12", "蜀山区城市管理局", Staff, false);
    hearing(&mut f, 8, "2026-11-16", "蜀山区城市管理局", Principal, true);
    let agency = f.app.court.appearance(overdue).unwrap().agency_id;
    tingping_store::Store::open(f.app.court.path())
        .unwrap()
        .set_agency_government(agency, "合肥市人民政府")
        .unwrap();
    // its judgment took effect and the deadline passed with no outcome recorded
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    f.app
        .court
        .set_judgment_dates(overdue, d("2026-11-10"), d("2026-11-25"))
        .unwrap();
    // (the empty database's offer of demo data, declined)
    f.app.overlay = None;
    f.app.run(tingping::tui::app::Cmd::OpenList);
    f.key(KeyCode::Char('d'));
    f
}

fn dashboard(f: &Fixture) -> &tingping::tui::screens::dashboard::DashboardScreen {
    match &f.app.screen {
        Screen::Dashboard(s) => s,
        _ => panic!("not on the dashboard"),
    }
}

#[test]
fn the_bars_are_the_registrys_rates_per_month() {
    let f = court(Lang::Zh, 80, 24);
    let s = dashboard(&f);
    assert_eq!(s.period().id, "2026-11");
    let rubric = &f.app.rubric;
    let heights = |id: &str| -> Vec<u64> {
        s.data
            .series(id, rubric, tingping::i18n::voice())
            .iter()
            .map(|(_, v)| v.as_ref().map_or(0, trend::permille))
            .collect()
    };
    // 13 months, 2025-11 … 2026-11: nothing before September
    let mut want = vec![0; 10];
    want.extend([0, 1000, 500]);
    assert_eq!(heights("heads_appeared"), want);
    want[12] = 250;
    assert_eq!(heights("principal_appeared"), want);
    // the bars drawn are those heights, the text the percentage, the label the month
    let bars = month_bars(&s.data, "principal_appeared", rubric, true);
    assert_eq!(bars.len(), 13);
    let shown = format!("{:?}", bars[12]);
    assert!(
        shown.contains("value: 250") && shown.contains("25.0"),
        "{shown}"
    );
    // the same text as the notice's registry gives
    let nov = s.data.report().unwrap();
    let v = trend::value(
        &nov.total,
        "heads_appeared",
        rubric,
        tingping::i18n::voice(),
    )
    .unwrap();
    assert_eq!((v.numerator, v.denominator), (2, Some(4)));
    assert_eq!(nov.by_government.len(), 2);
    assert_eq!(
        (s.data.drafts, s.data.drafts_before, s.data.overdue),
        (1, 0, 1)
    );
    // the agencies that pull the figures down: 城管局 (nobody, staff: no head at either; the draft is not counted)
    let t = trend::troubles(&nov.total);
    assert_eq!(t[0].agency, "蜀山区城市管理局");
    assert_eq!((t[0].absent, t[0].notified), (2, 2));
}

#[test]
fn snapshots_at_both_sizes_in_both_languages() {
    for (w, h) in [(80, 24), (160, 48)] {
        for lang in [Lang::Zh, Lang::En] {
            let mut f = court(lang, w, h);
            insta::assert_snapshot!(format!("dashboard_{w}x{h}_{}", lang.code()), f.screen());
        }
    }
}

#[test]
fn months_move_and_stop_at_this_month() {
    let mut f = court(Lang::Zh, 80, 24);
    f.key(KeyCode::Right);
    assert_eq!(dashboard(&f).period().id, "2026-11");
    assert!(f.app.status.is_some());
    f.key(KeyCode::Left);
    let s = dashboard(&f);
    assert_eq!(s.period().id, "2026-10");
    let heads = s
        .data
        .series("heads_appeared", &f.app.rubric, tingping::i18n::voice());
    assert_eq!(heads[12].1.as_ref().unwrap().text(), "100.0%（2/2）");
    assert_eq!(heads[12].0, "2026-10");
    assert_eq!(heads[0].0, "2025-10");
    f.key(KeyCode::Esc);
    assert!(matches!(f.app.screen, Screen::List));
}

#[test]
fn a_government_and_an_agency_drill_into_their_appearances() {
    let mut f = court(Lang::Zh, 80, 24);
    // 合肥市人民政府 first (by name), with its one agency's two November appearances
    f.key(KeyCode::Enter);
    let s = dashboard(&f);
    let d = s.drill.as_ref().unwrap();
    assert_eq!(d.whose.name(), "合肥市人民政府");
    assert_eq!(d.rows.len(), 2);
    insta::assert_snapshot!("drill_government_80x24_zh", f.screen());
    f.key(KeyCode::Esc);
    // the agencies' list: 城管局 worst; its drill-in lists the counted appearances (the draft is not)
    f.key(KeyCode::Tab);
    assert_eq!(dashboard(&f).focus, Focus::Agencies);
    f.key(KeyCode::Enter);
    let d = dashboard(&f).drill.as_ref().unwrap();
    assert_eq!(d.whose.name(), "蜀山区城市管理局");
    let dates: Vec<&str> = d.rows.iter().map(|r| r.hearing_date.as_str()).collect();
    assert_eq!(dates, ["2026-11-10", "2026-11-12"]);
    // Enter opens the hearing
    f.key(KeyCode::Down).key(KeyCode::Enter);
    match &f.app.screen {
        Screen::Hearing(h) => assert_eq!(h.hearing.date.to_string(), "2026-11-12"),
        _ => panic!("no hearing opened"),
    }
    // an appearance's screen opened from that hearing returns to the hearing …
    f.key(KeyCode::Char('s'));
    assert!(
        matches!(f.app.screen, Screen::Scoring(_) | Screen::Appearance(_)),
        "the appearance's review (or its form) is open"
    );
    f.key(KeyCode::Esc);
    assert!(
        matches!(f.app.screen, Screen::Hearing(_)),
        "back on the hearing"
    );
    // … and Esc there returns where the hearing came from: the dashboard, its drill-in still
    // open on that row
    f.key(KeyCode::Esc);
    let d = dashboard(&f)
        .drill
        .as_ref()
        .expect("the drill-in is still open");
    assert_eq!(d.whose.name(), "蜀山区城市管理局");
    // and a hearing opened from the list returns to the list
    f.key(KeyCode::Esc).key(KeyCode::Esc);
    assert!(matches!(f.app.screen, Screen::List), "back on the list");
    f.key(KeyCode::Enter);
    assert!(matches!(f.app.screen, Screen::Hearing(_)));
    f.key(KeyCode::Esc);
    assert!(matches!(f.app.screen, Screen::List));
}

#[test]
fn kept_months_are_read_again_when_their_records_change() {
    let mut f = court(Lang::Zh, 80, 24);
    let rates = |f: &Fixture| -> Vec<String> {
        let s = dashboard(f);
        s.data
            .series("heads_appeared", &f.app.rubric, tingping::i18n::voice())
            .iter()
            .skip(10)
            .map(|(_, v)| v.as_ref().unwrap().text())
            .collect()
    };
    assert_eq!(rates(&f), ["0.0%（0/1）", "100.0%（2/2）", "50.0%（2/4）"]);
    f.key(KeyCode::Esc);
    // a head in November, nobody in October, and an agency now reporting to another government
    // (the directory is not in the log: it is in what the kept months were made from)
    use AppearCategory::*;
    hearing(
        &mut f,
        9,
        "2026-11-20",
        "合肥市生态环境局",
        Principal,
        false,
    );
    hearing(&mut f, 10, "2026-10-30", "蜀山区城市管理局", Nobody, false);
    let a = hearing(&mut f, 11, "2026-09-30", "合肥市生态环境局", Deputy, true);
    let agency = f.app.court.appearance(a).unwrap().agency_id;
    tingping_store::Store::open(f.app.court.path())
        .unwrap()
        .set_agency_government(agency, "安徽省人民政府")
        .unwrap();
    // the first frame: the figures kept, said to be updated; then the months read again
    f.app.run(tingping::tui::app::Cmd::OpenDashboard(None));
    assert!(dashboard(&f).data.stale);
    assert_eq!(rates(&f), ["0.0%（0/1）", "100.0%（2/2）", "50.0%（2/4）"]);
    let frame = {
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        term.draw(|fr| f.app.render(fr)).unwrap();
        common::screen::text_of(term.backend().buffer())
    };
    assert!(frame.contains("正在重新统计"), "{frame}");
    f.draw();
    assert!(!dashboard(&f).data.stale);
    assert!(!f.screen().contains("正在重新统计"));
    assert_eq!(rates(&f), ["0.0%（0/1）", "66.7%（2/3）", "60.0%（3/5）"]);
    let s = dashboard(&f);
    assert_eq!(s.data.drafts_before, 1);
    let govs: Vec<&String> = s.data.report().unwrap().by_government.keys().collect();
    assert_eq!(govs, ["合肥市人民政府", "安徽省人民政府", "蜀山区人民政府"]);
    // and the same again, every month kept
    f.key(KeyCode::Esc).key(KeyCode::Char('d'));
    assert_eq!(rates(&f), ["0.0%（0/1）", "66.7%（2/3）", "60.0%（3/5）"]);
}

/// A lower court's October batch (demo data), exported into `out`.
fn lower_batch(seed: u64, court: (&str, &str), out: &std::path::Path) -> std::path::PathBuf {
    let dir = tempfile::tempdir().unwrap();
    let mut store = tingping_store::Store::open(&dir.path().join("tp.db")).unwrap();
    let rubric = tingping::domain::rubric::Rubric::default_rubric();
    tingping::demo::generate(
        &mut store,
        &rubric,
        &tingping::demo::Options {
            court: (court.0.to_string(), court.1.to_string()),
            ..tingping::demo::Options::new(120, seed, common::screen::demo_today())
        },
    )
    .unwrap();
    tingping::report::export(
        &mut store,
        &tingping::report::Issuer {
            name: court.0,
            code: court.1,
            government: "合肥市人民政府",
        },
        &rubric,
        &tingping::report::docx::Template::default_template(),
        &tingping::domain::period::Period::parse("2026-10").unwrap(),
        tingping::report::Options {
            out: out.to_path_buf(),
            formats: vec![tingping::report::Format::Json],
            progress: &mut |_| {},
            fail_after: None,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 29),
            shared_group: false,
            draft: false,
            before_claim: None,
        },
        Some(&signer(court)),
    )
    .unwrap()
    .folder
}

/// A court's key, the same in every run.
fn signer((name, code): (&str, &str)) -> tingping::sign::Signer {
    tingping::sign::Signer::from_seed(code, name, code)
}

#[test]
fn an_upper_court_sees_each_court_below() {
    let out = tempfile::tempdir().unwrap();
    let a = lower_batch(1, ("合肥市包河区人民法院", "皖0111"), &out.path().join("a"));
    let b = lower_batch(2, ("合肥市庐阳区人民法院", "皖0103"), &out.path().join("b"));
    let mut f = court(Lang::Zh, 160, 48);
    for ((folder, name), code) in [&a, &b]
        .iter()
        .zip(["合肥市包河区人民法院", "合肥市庐阳区人民法院"])
        .zip(["皖0111", "皖0103"])
    {
        let key = signer((name, code)).public;
        f.app.court.trust_key(&key, "", false).unwrap();
        f.app
            .court
            .import_batch(folder, Default::default())
            .unwrap();
    }
    f.key(KeyCode::Esc)
        .key(KeyCode::Char('d'))
        .key(KeyCode::Left);
    let s = dashboard(&f);
    assert_eq!(s.period().id, "2026-10");
    let courts: Vec<&String> = s.data.report().unwrap().by_court.keys().collect();
    assert_eq!(
        courts,
        [
            "合肥市包河区人民法院",
            "合肥市庐阳区人民法院",
            "合肥市蜀山区人民法院"
        ]
    );
    // each court's 出庭率 is the registry's over its own records
    let own = &s.data.report().unwrap().by_court["合肥市蜀山区人民法院"];
    assert_eq!((own.heads_appeared.num, own.heads_appeared.den), (2, 2));
    let screen = f.screen();
    assert!(screen.contains("各法院负责人出庭率"), "{screen}");
    insta::assert_snapshot!("upper_court_160x48_zh", screen);
    // Tab to the courts; a court below's appearances are listed, its hearings are not here
    f.key(KeyCode::Tab).key(KeyCode::Tab);
    assert_eq!(dashboard(&f).focus, Focus::Courts);
    f.key(KeyCode::Enter);
    let d = dashboard(&f).drill.as_ref().unwrap();
    assert_eq!(d.whose.name(), "合肥市包河区人民法院");
    assert!(!d.rows.is_empty());
    assert!(d.rows.iter().all(|r| r.court == "合肥市包河区人民法院"));
    f.key(KeyCode::Enter);
    assert!(matches!(f.app.screen, Screen::Dashboard(_)));
    assert!(
        f.app
            .status
            .as_ref()
            .is_some_and(|(m, err)| *err && m.contains("下级法院"))
    );
}

#[test]
fn the_first_read_runs_beside_the_keys_and_a_left_dashboard_takes_nothing() {
    let mut f = court(Lang::Zh, 80, 24);
    // back on the list, a hearing more, then the dashboard again: what it kept is stale, and its
    // fresh read starts on a thread of its own after the first frame
    f.key(KeyCode::Esc);
    hearing(
        &mut f,
        9,
        "2026-11-20",
        "合肥市公安局",
        AppearCategory::Principal,
        false,
    );
    // another program holds the write lock: the read, which keeps what it counted, cannot end
    // until it lets go (on a small database it would otherwise end within the frame)
    let other = rusqlite::Connection::open(f.app.court.path()).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    f.app.on_key(crossterm::event::KeyEvent::new(
        KeyCode::Char('d'),
        crossterm::event::KeyModifiers::NONE,
    ));
    f.draw_now();
    assert!(matches!(f.app.screen, Screen::Dashboard(_)));
    assert!(f.app.dashboard_reading(), "the read runs beside the keys");
    // and the head says what is being counted until its figures are taken
    let frame = {
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        term.draw(|fr| f.app.render(fr)).unwrap();
        common::screen::text_of(term.backend().buffer())
    };
    assert!(frame.contains("正在重新统计"), "{frame}");
    other.execute_batch("COMMIT").unwrap();
    // Esc is answered at once, whatever the read is doing
    f.app.on_key(crossterm::event::KeyEvent::new(
        KeyCode::Esc,
        crossterm::event::KeyModifiers::NONE,
    ));
    assert!(matches!(f.app.screen, Screen::List));
    // the read ends; what it read is not put on a screen that left
    assert!(f.app.take_dashboard(true));
    assert!(matches!(f.app.screen, Screen::List));
    assert!(!f.app.dashboard_reading());
}

/// At 80 columns in English: the months shown are said whole or not at all, the art. 12 count
/// ends its line (the rates give up their counts first), the grades' counts and bars line up,
/// and a drill-down's cells stand in columns.
#[test]
fn the_head_and_grades_fit_at_80_columns() {
    use unicode_width::UnicodeWidthStr;
    let mut f = court(Lang::En, 80, 24);
    let text = f.screen();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        !lines[1].contains("by month") || lines[1].trim_end().ends_with("2026-11"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].trim_end().ends_with("Art. 12 situations 2"),
        "{}",
        lines[2]
    );
    let bars: Vec<usize> = lines
        .iter()
        .filter_map(|l| {
            let at = ["Excellent", "Good", "Pass", "Fail"]
                .iter()
                .find_map(|g| l.find(&format!("{g} ")))?;
            let rest = &l[at..];
            let digits = rest.find(|c: char| c.is_ascii_digit())?;
            let end = digits
                + rest[digits..]
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len() - digits);
            Some(l[..at].width() + rest[..end].width())
        })
        .collect();
    assert_eq!(bars.len(), 4, "{text}");
    assert!(bars.iter().all(|&b| b == bars[0]), "{bars:?}\n{text}");
}
