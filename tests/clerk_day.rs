//! A clerk's day without surprises: keys wait while the terminal is too small, Ctrl-c leaves what
//! one is in, the batch screen never offers a month that has not begun and says when one has not
//! ended.

#[allow(unused_imports)]
use tingping::i18n::prelude::*;
mod common;
use common::screen::fixture;
use crossterm::event::KeyCode;
use tingping::i18n::Lang;
use tingping::tui::app::Screen;
use tingping::tui::overlay::Overlay;

/// Case （2026）皖0104行初{n}号 heard on 2026-11-20 at 09:30 in the first courtroom.
fn hearing_input(n: u32) -> tingping_store::HearingInput {
    tingping_store::HearingInput {
        case_number: format!("（2026）皖0104行初{n}号"),
        cause: "不服行政处罚决定".into(),
        court: "第一法庭".into(),
        judge: "王审判".into(),
        clerk: "李书记".into(),
        date: "2026-11-20".into(),
        start_time: "09:30".into(),
        ..Default::default()
    }
}

/// 2026-11-29 10:00 (UTC+8), while November is not over.
const NOV_29: i64 = 1_795_917_600_000;

#[test]
fn keys_wait_while_the_terminal_is_too_small() {
    let mut f = fixture(Lang::Zh, 20, 60, 20);
    f.app.size = (60, 20);
    f.draw();
    assert!(f.screen().contains("终端窗口太小"));
    f.key(KeyCode::Char('n')).key(KeyCode::Char('q'));
    assert!(matches!(f.app.screen, Screen::List), "no form opened");
    assert!(!f.app.quit, "q did not quit unseen");
    // big enough again: the keys act
    f.app.resized((80, 24));
    f.key(KeyCode::Char('n'));
    assert!(matches!(f.app.screen, Screen::HearingForm(_)));
}

#[test]
fn ctrl_c_leaves_what_one_is_in_and_asks_before_dropping_typing() {
    let mut f = fixture(Lang::Zh, 20, 80, 24);
    f.draw();
    // a form with typing: asked first, then left
    f.key(KeyCode::Char('n'))
        .type_text("（2026）皖0104行初77号");
    f.ctrl('c');
    assert!(
        matches!(f.app.overlay, Some(Overlay::Confirm { .. })),
        "asks before dropping"
    );
    f.key(KeyCode::Char('y'));
    assert!(matches!(f.app.screen, Screen::List));
    // a screen: left; a pop-up: closed
    f.key(KeyCode::Char('b'));
    assert!(matches!(f.app.screen, Screen::Batch(_)));
    f.key(KeyCode::Char('?'));
    assert!(f.app.overlay.is_some());
    f.ctrl('c');
    assert!(f.app.overlay.is_none() && matches!(f.app.screen, Screen::Batch(_)));
    f.ctrl('c');
    assert!(matches!(f.app.screen, Screen::List));
    assert!(!f.app.quit);
    // the list: quits
    f.ctrl('c');
    assert!(f.app.quit);
}

#[test]
fn the_batch_screen_offers_no_month_that_has_not_begun_and_warns_before_one_not_ended() {
    for lang in [Lang::Zh, Lang::En] {
        let mut f = fixture(lang, 20, 80, 24);
        f.app.now_ms = || NOV_29;
        f.draw();
        f.batch_on("2026-11");
        let period = |f: &common::screen::Fixture| match &f.app.screen {
            Screen::Batch(b) => b.period.id.clone(),
            _ => panic!("not the batch screen"),
        };
        assert_eq!(period(&f), "2026-11");
        // → stays on November and says why
        f.key(KeyCode::Right);
        assert_eq!(period(&f), "2026-11");
        let shown = f.screen();
        assert!(
            shown.contains("2026年12月尚未开始") || shown.contains("has not begun"),
            "{shown}"
        );
        // m m: the quarter, then November again (not October)
        f.key(KeyCode::Char('m'));
        assert_eq!(period(&f), "2026-Q4");
        f.key(KeyCode::Char('m'));
        assert_eq!(period(&f), "2026-11");
        // exporting November before it ends asks first; no leaves it unexported
        f.key(KeyCode::Char('e'));
        let shown = f.screen();
        assert!(
            shown.contains("尚未结束") || shown.contains("has not ended"),
            "{shown}"
        );
        f.key(KeyCode::Char('n'));
        assert!(f.app.overlay.is_none());
        // October is over: the claim is asked about once (no "not ended"), then the folder
        f.key(KeyCode::Left).key(KeyCode::Char('e'));
        let shown = f.screen();
        assert!(
            !shown.contains("尚未结束") && !shown.contains("has not ended"),
            "{shown}"
        );
        assert!(
            shown.contains("不可撤销") || shown.contains("cannot be undone"),
            "{shown}"
        );
        f.key(KeyCode::Char('y'));
        assert!(
            matches!(f.app.overlay, Some(Overlay::Prompt { .. })),
            "{:?}",
            f.screen()
        );
    }
}

#[test]
fn a_digit_gives_an_award_its_points() {
    use tingping::domain::rubric::ItemKind;
    let mut f = fixture(Lang::Zh, 0, 80, 24);
    let input = hearing_input(5);
    let h = f
        .app
        .court
        .insert_hearing(&input, &["合肥市生态环境局".into()])
        .unwrap();
    let mut a = f.app.court.appearances(h).unwrap().remove(0);
    a.person = "张建国".into();
    a.category = tingping::domain::model::AppearCategory::Principal;
    f.app.court.update_appearance(&a).unwrap();
    f.app.overlay = None; // (the offer of demo data on an empty database)
    f.app.run(tingping::tui::app::Cmd::Score(a.id));
    // the first award item of the rubric, and its row (a draft lists the items in order)
    let rubric = f.app.rubric.clone();
    let items: Vec<_> = rubric.dimensions.iter().flat_map(|d| &d.items).collect();
    let row = items
        .iter()
        .position(|i| matches!(i.kind, ItemKind::Award { .. }))
        .unwrap();
    let (id, max) = match &items[row].kind {
        ItemKind::Award { max, .. } => (items[row].id.clone(), *max),
        _ => unreachable!(),
    };
    let mark = |f: &common::screen::Fixture| match &f.app.screen {
        Screen::Scoring(s) => s.eval.marks.get(&id).copied().unwrap_or(0),
        _ => panic!("not the review screen"),
    };
    if let Screen::Scoring(s) = &mut f.app.screen {
        s.selected = row;
    }
    f.key(KeyCode::Char('8'));
    assert_eq!(mark(&f), 8.min(max));
    if max >= 10 {
        f.key(KeyCode::Char('1')).key(KeyCode::Char('0'));
        assert_eq!(mark(&f), 10, "1 then 0 is ten");
    }
    // a digit on another kind of item does nothing
    if let Screen::Scoring(s) = &mut f.app.screen {
        s.selected = 0;
    }
    f.key(KeyCode::Char('3'));
    assert_eq!(mark(&f), if max >= 10 { 10 } else { 8 });
    // an award of 0 or 10 (作出履行承诺): 1 then 0 is ten, and the 1 alone changes nothing
    let row = items
        .iter()
        .position(|i| matches!(i.kind, ItemKind::Award { step: 10, .. }))
        .expect("an award of 0 or 10");
    let id10 = items[row].id.clone();
    let mark10 = |f: &common::screen::Fixture| match &f.app.screen {
        Screen::Scoring(s) => s.eval.marks.get(&id10).copied(),
        _ => panic!("not the review screen"),
    };
    if let Screen::Scoring(s) = &mut f.app.screen {
        s.selected = row;
    }
    f.key(KeyCode::Char('1'));
    assert_ne!(mark10(&f), Some(0), "1 alone does not score it 0");
    assert!(f.screen().contains("本项以 10 分为单位"));
    f.key(KeyCode::Char('0'));
    assert_eq!(mark10(&f), Some(10));
    // and 9 on it: nothing written, said
    f.key(KeyCode::Char('9'));
    assert_eq!(mark10(&f), Some(10));
}

#[test]
fn after_a_kill_the_app_says_it_came_back_where_it_was() {
    let mut f = fixture(Lang::Zh, 0, 80, 24);
    f.app.overlay = None; // (the offer of demo data on an empty database)
    let input = hearing_input(6);
    let h = f
        .app
        .court
        .insert_hearing(&input, &["合肥市公安局".into()])
        .unwrap();
    let mut a = f.app.court.appearances(h).unwrap().remove(0);
    a.person = "张建国".into();
    a.category = tingping::domain::model::AppearCategory::Principal;
    f.app.court.update_appearance(&a).unwrap();
    f.app.run(tingping::tui::app::Cmd::LiveStart(h, None));
    assert!(matches!(f.app.screen, Screen::Live(_)));
    // killed here: the next start comes back to live mode and says so
    let again = common::screen::reopen(&f, Lang::Zh);
    assert!(matches!(again.app.screen, Screen::Live(_)));
    let said = again
        .app
        .status
        .as_ref()
        .map(|s| s.0.clone())
        .unwrap_or_default();
    assert!(said.contains("已回到上次中断处"), "{said}");
    // a start with nothing to come back to says nothing of it
    let fresh = fixture(Lang::Zh, 20, 80, 24);
    assert!(
        fresh
            .app
            .status
            .as_ref()
            .is_none_or(|s| !s.0.contains("已回到上次中断处"))
    );
}

#[test]
fn the_same_case_and_day_twice_is_asked_not_saved_silently() {
    let mut f = fixture(Lang::Zh, 0, 80, 24);
    f.app.overlay = None;
    let input = hearing_input(8);
    let save = || tingping::tui::app::Cmd::SaveHearing {
        id: None,
        input: input.clone(),
        defendants: vec!["合肥市公安局".into()],
    };
    let count = |f: &common::screen::Fixture| {
        f.app
            .court
            .hearings_by_case("（2026）皖0104行初8号")
            .unwrap()
            .len()
    };
    f.app.run(save());
    assert_eq!(count(&f), 1);
    f.app.run(save());
    assert!(
        matches!(f.app.overlay, Some(Overlay::Confirm { .. })),
        "asked"
    );
    let shown = f.screen();
    assert!(shown.contains("已有一次开庭"), "{shown}");
    // wrapped as Chinese is: no line of the question begins with "。"
    assert!(
        !shown
            .lines()
            .any(|l| l.contains("│。") || l.contains("│ 。")),
        "a line begins with 。: {shown}"
    );
    f.key(KeyCode::Char('n'));
    assert_eq!(count(&f), 1, "no: nothing saved");
    f.app.run(save());
    f.key(KeyCode::Char('y'));
    assert_eq!(count(&f), 2, "yes: the second sitting");
}

#[test]
fn live_before_the_appearance_is_entered_opens_its_form_as_score_does() {
    let mut f = fixture(Lang::Zh, 0, 80, 24);
    f.app.overlay = None;
    let input = hearing_input(9);
    let h = f
        .app
        .court
        .insert_hearing(&input, &["合肥市公安局".into()])
        .unwrap();
    f.app.run(tingping::tui::app::Cmd::LiveStart(h, None));
    assert!(
        matches!(f.app.screen, Screen::Appearance(_)),
        "the appearance form, not a refusal"
    );
    // who appeared, saved: live mode follows, as `l` asked
    f.key(KeyCode::Tab).key(KeyCode::Tab).type_text("张建国");
    f.key(KeyCode::Tab).type_text("副局长");
    f.ctrl('s');
    assert!(
        matches!(f.app.screen, Screen::Live(_)),
        "live mode after saving: {}",
        f.screen()
    );
}

/// Esc returns where a scoring screen was opened from: the list stays the list, the hearing the
/// hearing, through live mode's review too.
#[test]
fn esc_returns_to_where_scoring_was_opened() {
    use tingping::tui::app::Cmd;
    let mut f = fixture(Lang::Zh, 20, 80, 24);
    f.app.overlay = None;
    f.draw();
    // a draft of the demo, scored from the list: list → l → Esc (review) → Esc → list
    let draft = f
        .app
        .court
        .list_first(500)
        .unwrap()
        .into_iter()
        .find(|r| {
            r.status != Some(tingping::domain::model::EvalStatus::Final)
                && r.category.is_some_and(|c| c.scorable())
                && !r.person.is_empty()
        })
        .unwrap_or_else(|| {
            // none left: a hearing of today, its head entered
            let input = tingping_store::HearingInput {
                case_number: "（2026）皖0104行初9号".into(),
                cause: "不服行政处罚决定".into(),
                date: "2026-11-20".into(),
                start_time: "09:30".into(),
                ..Default::default()
            };
            let h = f
                .app
                .court
                .insert_hearing(&input, &["合肥市公安局".into()])
                .unwrap();
            let mut a = f.app.court.appearances(h).unwrap().remove(0);
            a.person = "张建国".into();
            f.app.court.update_appearance(&a).unwrap();
            let rows = f.app.court.list_first(500).unwrap();
            rows.into_iter().find(|r| r.hearing_id == h).unwrap()
        });
    f.app
        .run(Cmd::LiveStart(draft.hearing_id, draft.appearance_id));
    assert!(
        matches!(f.app.screen, Screen::Live(_)),
        "{:?} {:?}",
        f.app.status,
        draft
    );
    f.key(KeyCode::Esc);
    assert!(
        matches!(f.app.screen, Screen::Scoring(_)),
        "live mode ends in the review"
    );
    f.key(KeyCode::Esc);
    assert!(matches!(f.app.screen, Screen::List), "back to the list");
    // from the hearing: s → Esc → the hearing
    f.app.run(Cmd::OpenHearing(draft.hearing_id));
    f.key(KeyCode::Char('s'));
    assert!(matches!(f.app.screen, Screen::Scoring(_)));
    f.key(KeyCode::Esc);
    assert!(
        matches!(f.app.screen, Screen::Hearing(_)),
        "back to the hearing"
    );
    // the hearing screen offers live mode in its footer
    f.draw();
    assert!(f.screen().contains("l 现场评分"), "{}", f.screen());
    // a finalized row: the list's footer does not offer live mode (it would only refuse)
    f.key(KeyCode::Esc);
    let rows = f.app.court.list_first(500).unwrap();
    let at = rows
        .iter()
        .position(|r| r.status == Some(tingping::domain::model::EvalStatus::Final))
        .expect("the demo has finalized rows");
    f.key(KeyCode::Home);
    for _ in 0..at {
        f.key(KeyCode::Down);
    }
    f.draw();
    let footer = f.screen().lines().last().unwrap_or_default().to_string();
    assert!(
        !footer.contains("现场评分") && footer.contains("q 退出"),
        "{footer}"
    );
}

#[test]
fn yes_to_the_demo_offer_adds_nothing_once_the_database_is_not_empty() {
    for (lang, says) in [
        (Lang::Zh, "演示数据只能载入空数据库"),
        (Lang::En, "demo data goes only into an empty database"),
    ] {
        let mut f = fixture(lang, 0, 80, 24);
        assert!(
            matches!(f.app.overlay, Some(Overlay::Confirm { .. })),
            "offered on an empty database"
        );
        // while the offer is up, a hearing is entered elsewhere (another window, an import)
        let mut other = tingping_store::Store::open(&f.db).unwrap();
        let input = hearing_input(8);
        let h = other
            .insert_hearing(&input, &["合肥市公安局".into()])
            .unwrap();
        f.key(KeyCode::Char('y'));
        let shown = f.screen();
        assert!(shown.contains(says), "{shown}");
        assert_eq!(f.app.court.list_count().unwrap(), 1, "no demo data added");
        // the hearing deleted, its agency stays: the database is still not empty, nothing offered
        other.delete_hearing(h, "录入错误").unwrap();
        let again = common::screen::reopen(&f, lang);
        assert!(again.app.overlay.is_none(), "no offer");
    }
}

/// Deleting a sitting of a case with more than one says which sitting it is.
#[test]
fn deleting_a_second_sitting_names_it() {
    tingping::i18n::set_lang(Lang::Zh);
    let mut f = fixture(Lang::Zh, 0, 80, 24);
    let mut first = hearing_input(7);
    first.date = "2026-11-02".into();
    let mut second = hearing_input(7);
    second.date = "2026-11-16".into();
    for h in [&first, &second] {
        f.app
            .court
            .insert_hearing(h, &["合肥市公安局".into()])
            .unwrap();
    }
    let later = f
        .app
        .court
        .hearings_by_case(&first.case_number)
        .unwrap()
        .into_iter()
        .find(|h| h.date.to_string() == "2026-11-16")
        .unwrap();
    f.app
        .run(tingping::tui::app::Cmd::AskDeleteHearing(later.id));
    let Some(Overlay::Confirm { message, .. }) = &f.app.overlay else {
        panic!("asked")
    };
    assert!(
        message.contains("2026-11-16") && message.contains("第2次"),
        "{message}"
    );
}

/// A new hearing starts with the judge and clerk of the operator's own previous one, not with
/// those of the latest hearing a schedule brought in.
#[test]
fn a_new_hearing_starts_with_the_operators_own_judge_and_clerk() {
    use tingping::tui::app::Cmd;
    let mut f = fixture(Lang::Zh, 0, 80, 24);
    let mut mine = hearing_input(21);
    (mine.judge, mine.clerk) = ("李法官".into(), "赵书记".into());
    f.app.run(Cmd::SaveHearing {
        id: None,
        input: mine,
        defendants: vec!["合肥市公安局".into()],
    });
    // a later hearing of other people, as a schedule import makes it
    let mut imported = hearing_input(22);
    (imported.judge, imported.clerk) = ("陈法官".into(), "周书记".into());
    imported.date = "2026-12-20".into();
    f.app
        .court
        .insert_hearing(&imported, &["合肥市公安局".into()])
        .unwrap();
    f.app.run(Cmd::NewHearing);
    let Screen::HearingForm(form) = &f.app.screen else {
        panic!("no form")
    };
    assert_eq!(
        (form.form.text("judge"), form.form.text("clerk")),
        ("李法官".to_string(), "赵书记".to_string())
    );
}

/// Pinyin typed into the defendants field is a search, never an agency's name: with agencies
/// found, Enter takes the first; with none, nothing is added and the field says why.
#[test]
fn pinyin_in_the_defendants_field_never_makes_an_agency() {
    tingping::i18n::set_lang(Lang::Zh);
    let mut f = fixture(Lang::Zh, 30, 80, 24);
    f.key(KeyCode::Char('n'));
    let focus_defendants = |f: &mut common::screen::Fixture| {
        let Screen::HearingForm(s) = &mut f.app.screen else {
            panic!("no form")
        };
        s.form.focus = s
            .form
            .fields
            .iter()
            .position(|x| x.id == "defendants")
            .unwrap();
    };
    focus_defendants(&mut f);
    let items = |f: &common::screen::Fixture| match &f.app.screen {
        Screen::HearingForm(s) => s.form.items("defendants"),
        _ => panic!("no form"),
    };
    f.type_text("zzqqxx").key(KeyCode::Enter);
    assert!(items(&f).is_empty(), "{:?}", items(&f));
    assert!(f.screen().contains("拼音只用于查找"));
    // clear the field, then pinyin that finds agencies: the first found is taken
    for _ in 0..6 {
        f.key(KeyCode::Backspace);
    }
    f.type_text("hfs").key(KeyCode::Enter);
    let got = items(&f);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with("合肥市"), "{got:?}");
}

/// Rows above the view (later hearings: a schedule's, or today's view at start) are said under
/// the list, with the key that goes to them.
#[test]
fn the_list_says_when_later_hearings_are_above_the_view() {
    tingping::i18n::set_lang(Lang::Zh);
    let mut f = fixture(Lang::Zh, 0, 80, 24);
    for n in 1..=40u32 {
        let mut h = hearing_input(100 + n);
        h.date = format!("2026-10-{:02}", 1 + n % 28);
        f.app
            .court
            .insert_hearing(&h, &["合肥市公安局".into()])
            .unwrap();
    }
    f.app.overlay = None;
    f.app.run(tingping::tui::app::Cmd::OpenList);
    assert!(
        !f.screen().contains("上方还有更晚的庭审"),
        "at the top: nothing above"
    );
    f.key(KeyCode::End);
    let shown = f.screen();
    assert!(
        shown.contains("上方还有更晚的庭审") && shown.contains("Home"),
        "{shown}"
    );
}

/// Enter in the defendants field takes the highlighted agency found, even when a full Chinese
/// name is typed (`蜀山区城管局` finds 蜀山区城市管理局); a new agency is its own row, moved to,
/// and a name near a known agency's is asked about before it is added.
#[test]
fn a_new_agency_is_only_made_from_its_own_row_and_a_near_miss_asks() {
    tingping::i18n::set_lang(Lang::Zh);
    let mut f = fixture(Lang::Zh, 30, 80, 24);
    f.key(KeyCode::Char('n'));
    let Screen::HearingForm(s) = &mut f.app.screen else {
        panic!("no form")
    };
    s.form.focus = s
        .form
        .fields
        .iter()
        .position(|x| x.id == "defendants")
        .unwrap();
    let items = |f: &common::screen::Fixture| match &f.app.screen {
        Screen::HearingForm(s) => s.form.items("defendants"),
        _ => panic!("no form"),
    };
    f.type_text("蜀山区城管局");
    let shown = f.screen();
    assert!(shown.contains("蜀山区城市管理局"), "{shown}");
    assert!(shown.contains("新增机关：蜀山区城管局"), "{shown}");
    f.key(KeyCode::Enter);
    assert_eq!(items(&f), vec!["蜀山区城市管理局"]);
    // the new agency's row, moved to: asked, saying which agency it is near
    f.type_text("蜀山区城管局");
    let found = match &f.app.screen {
        Screen::HearingForm(s) => match &s.form.get("defendants").kind {
            tingping::tui::widgets::form::FieldKind::List { picker, .. } => picker.rows(),
            _ => unreachable!(),
        },
        _ => panic!("no form"),
    };
    for _ in 1..found {
        f.key(KeyCode::Down);
    }
    f.key(KeyCode::Enter);
    let shown = f.screen();
    assert!(
        matches!(f.app.overlay, Some(Overlay::Confirm { .. })) && shown.contains("相近"),
        "{shown}"
    );
    assert_eq!(items(&f), vec!["蜀山区城市管理局"], "nothing added yet");
    f.key(KeyCode::Char('y'));
    assert_eq!(items(&f), vec!["蜀山区城市管理局", "蜀山区城管局"]);
}

/// The picker of a hearing's further defendant (`a`): Enter takes the agency found; the new
/// agency's row near a known name asks first.
#[test]
fn the_defendant_picker_takes_the_agency_found() {
    tingping::i18n::set_lang(Lang::Zh);
    let mut f = fixture(Lang::Zh, 0, 80, 24);
    let h = f
        .app
        .court
        .insert_hearing(&hearing_input(301), &["蜀山区城市管理局".into()])
        .unwrap();
    f.app.overlay = None;
    f.app.run(tingping::tui::app::Cmd::OpenHearing(h));
    let names = |f: &common::screen::Fixture| {
        f.app
            .court
            .appearances(h)
            .unwrap()
            .into_iter()
            .map(|a| a.agency_name)
            .collect::<Vec<_>>()
    };
    f.app.run(tingping::tui::app::Cmd::PickAgency(h));
    f.type_text("蜀山区城管局").key(KeyCode::Enter);
    // the one found is already this hearing's: not a second agency named 蜀山区城管局
    assert!(
        !names(&f).iter().any(|n| n == "蜀山区城管局"),
        "{:?}",
        names(&f)
    );
    f.app.overlay = None;
    f.app.run(tingping::tui::app::Cmd::PickAgency(h));
    f.type_text("蜀山区城管局")
        .key(KeyCode::Down)
        .key(KeyCode::Enter);
    assert!(matches!(f.app.overlay, Some(Overlay::Confirm { .. })));
    assert!(f.screen().contains("相近"));
    f.key(KeyCode::Char('n'));
    assert!(!names(&f).iter().any(|n| n == "蜀山区城管局"));
}

/// Co-defendants: `Tab` in live mode and in the review moves to the hearing's next agency,
/// opening its appearance form when who appeared is not entered; the footer offers `Tab` only
/// when the hearing has more than one agency.
#[test]
fn tab_moves_between_co_defendants_in_live_mode_and_the_review() {
    use tingping::tui::app::Cmd;
    let mut f = fixture(Lang::Zh, 0, 80, 24);
    f.app.overlay = None;
    let h = f
        .app
        .court
        .insert_hearing(
            &hearing_input(11),
            &["合肥市公安局".into(), "合肥市民政局".into()],
        )
        .unwrap();
    let all = f.app.court.appearances(h).unwrap();
    let (police, civil) = (all[0].id, all[1].id);
    // the police's head entered, live mode on it
    f.app.run(Cmd::LiveStart(h, Some(police)));
    f.key(KeyCode::Tab).key(KeyCode::Tab).type_text("张建国");
    f.key(KeyCode::Tab).type_text("副局长");
    f.ctrl('s');
    assert!(matches!(f.app.screen, Screen::Live(_)), "{}", f.screen());
    let shown = f.screen();
    assert!(
        shown.contains("Tab 下一机关"),
        "the footer offers Tab: {shown}"
    );
    // Tab: the civil affairs bureau, whose appearance is not entered: its form, then live mode
    // on it
    f.key(KeyCode::Tab);
    let Screen::Appearance(s) = &f.app.screen else {
        panic!("the appearance form: {}", f.screen())
    };
    assert_eq!(s.appearance.id, civil);
    assert!(f.screen().contains("合肥市民政局"));
    f.key(KeyCode::Tab).key(KeyCode::Tab).type_text("李四");
    f.key(KeyCode::Tab).type_text("局长");
    f.ctrl('s');
    let Screen::Live(s) = &f.app.screen else {
        panic!("live mode: {}", f.screen())
    };
    assert_eq!(s.slot().appearance.id, civil);
    // Tab again: back to the police, in live mode
    f.key(KeyCode::Tab);
    let Screen::Live(s) = &f.app.screen else {
        panic!("live mode")
    };
    assert_eq!(s.slot().appearance.id, police);
    // the review: Tab moves to the other agency's review
    f.key(KeyCode::Esc);
    let Screen::Scoring(s) = &f.app.screen else {
        panic!("the review")
    };
    assert_eq!(s.appearance.id, police);
    assert!(f.screen().contains("Tab 下一机关"), "{}", f.screen());
    f.key(KeyCode::Tab);
    let Screen::Scoring(s) = &f.app.screen else {
        panic!("the review")
    };
    assert_eq!(s.appearance.id, civil);
    // one agency: no Tab in the footer
    let one = f
        .app
        .court
        .insert_hearing(&hearing_input(12), &["合肥市公安局".into()])
        .unwrap();
    let only = f.app.court.appearances(one).unwrap()[0].id;
    f.app.run(Cmd::EditAppearance(only));
    f.key(KeyCode::Tab).key(KeyCode::Tab).type_text("张建国");
    f.ctrl('s');
    f.app.run(Cmd::Score(only));
    assert!(matches!(f.app.screen, Screen::Scoring(_)));
    assert!(!f.screen().contains("Tab 下一机关"), "{}", f.screen());
}

/// The history (`H`) names the agency of an appearance's entries, says what was entered on the
/// form's first save rather than a change from its defaults, and says every field and value in
/// words (no `investigation`, no `head`).
#[test]
fn the_history_names_the_agency_and_logs_no_default_as_a_change() {
    use tingping::tui::app::Cmd;
    let mut f = fixture(Lang::Zh, 0, 160, 48);
    f.app.overlay = None;
    let input = hearing_input(13);
    let h = f
        .app
        .court
        .insert_hearing(&input, &["合肥市公安局".into(), "合肥市民政局".into()])
        .unwrap();
    let all = f.app.court.appearances(h).unwrap();
    // the police: only a lawyer came (the form's category moved from its default to 仅委托律师)
    f.app.run(Cmd::EditAppearance(all[0].id));
    let Screen::Appearance(s) = &mut f.app.screen else {
        panic!("the form")
    };
    s.form.focus = 1;
    while s.form.choice("category") != "lawyer_only" {
        s.form.handle_key(
            &crossterm::event::KeyEvent::from(KeyCode::Right),
            &f.app.keymap,
        );
    }
    f.ctrl('s');
    // the civil affairs bureau's head, scored live: a stage
    f.app.run(Cmd::LiveStart(h, Some(all[1].id)));
    f.key(KeyCode::Tab).key(KeyCode::Tab).type_text("李四");
    f.ctrl('s');
    assert!(matches!(f.app.screen, Screen::Live(_)), "{}", f.screen());
    f.key(KeyCode::Char('t')).key(KeyCode::Char('t'));
    f.app.run(Cmd::History(input.case_number.clone()));
    let shown = f.screen();
    assert!(shown.contains("修改 出庭记录（合肥市公安局）"), "{shown}");
    assert!(shown.contains("出庭人类别：— → 仅委托律师"), "{shown}");
    assert!(
        !shown.contains("正职（主要负责人） → 仅委托律师"),
        "{shown}"
    );
    assert!(shown.contains("（合肥市民政局）"), "{shown}");
    assert!(shown.contains("阶段：— → 法庭调查"), "{shown}");
    for id in ["investigation", "lawyer_only", "head", "live.stage"] {
        assert!(!shown.contains(id), "{id}: {shown}");
    }
}

/// The footer offers only keys that act on the current row, and the help only keys that apply
/// in the screen's mode: no Enter (who appeared) on a finalized row, no `s` on an absence, no
/// `F`, `A` or `n` in amendment mode's help; the English review footer has `F` and `c`.
#[test]
fn footer_and_help_offer_only_what_acts_here() {
    use tingping::domain::model::AppearCategory;
    use tingping::tui::app::Cmd;
    use tingping::tui::keymap::Action;
    let mut f = fixture(Lang::Zh, 0, 160, 48);
    f.app.overlay = None;
    let h = f
        .app
        .court
        .insert_hearing(
            &hearing_input(14),
            &["合肥市公安局".into(), "合肥市民政局".into()],
        )
        .unwrap();
    let all = f.app.court.appearances(h).unwrap();
    let mut head = all[0].clone();
    head.person = "张建国".into();
    f.app.court.save_appearance(&head, "").unwrap();
    let mut absent = all[1].clone();
    absent.category = AppearCategory::Nobody;
    f.app.court.save_appearance(&absent, "").unwrap();
    let rubric = f.app.rubric.clone();
    let eval = f.app.court.evaluation_for(head.id, &rubric).unwrap();
    f.app.court.finalize(eval.id, "王审判").unwrap();
    f.app.run(Cmd::OpenHearing(h));
    let footer = |f: &mut common::screen::Fixture| f.screen().lines().last().unwrap().to_string();
    // the finalized head: scored (its review), not entered again
    let line = footer(&mut f);
    assert!(
        line.contains("s 评分") && !line.contains("录入出庭情况"),
        "{line}"
    );
    // the absence: entered, not scored
    f.key(KeyCode::Down);
    let line = footer(&mut f);
    assert!(
        !line.contains("s 评分") && line.contains("录入出庭情况"),
        "{line}"
    );
    // amendment mode's help: no finalizing, amending again or evidence notes
    f.app.run(Cmd::Score(head.id));
    f.key(KeyCode::Char('A')).key(KeyCode::Char('?'));
    let Some(Overlay::Help(_, hidden)) = &f.app.overlay else {
        panic!("help")
    };
    for a in [
        Action::Finalize,
        Action::Amend,
        Action::Note,
        Action::Performance,
    ] {
        assert!(hidden.contains(&a), "{a:?} {hidden:?}");
    }
    let shown = f.screen();
    assert!(
        shown.contains("Ctrl-s / F2") && !shown.contains("记录判决履行情况"),
        "{shown}"
    );
    // the English review footer of a draft, at 80 columns: F and c among its keys
    let mut en = fixture(Lang::En, 0, 80, 24);
    en.app.overlay = None;
    let h = en
        .app
        .court
        .insert_hearing(&hearing_input(15), &["合肥市公安局".into()])
        .unwrap();
    let mut a = en.app.court.appearances(h).unwrap()[0].clone();
    a.person = "Zhang".into();
    en.app.court.save_appearance(&a, "").unwrap();
    en.app.run(Cmd::Score(a.id));
    let line = footer(&mut en);
    assert!(
        line.contains("F Finalize") && line.contains("c Comment"),
        "{line}"
    );
    // one agency: Tab is neither offered nor in the help
    assert!(!line.contains("Tab"), "{line}");
    en.key(KeyCode::Char('?'));
    let Some(Overlay::Help(_, hidden)) = &en.app.overlay else {
        panic!("help")
    };
    assert!(hidden.contains(&Action::SwitchAgency), "{hidden:?}");
    tingping::i18n::set_lang(Lang::Zh);
}

/// After an amendment the evidence line under an item shows only the live events its mark still
/// rests on: 迟到 taken back shows no time, 使用手机 ×2 amended to ×1 one time.
#[test]
fn an_amendment_takes_the_removed_events_times_off_the_evidence_line() {
    use tingping::tui::app::Cmd;
    let mut f = fixture(Lang::Zh, 0, 160, 48);
    f.app.overlay = None;
    let h = f
        .app
        .court
        .insert_hearing(&hearing_input(16), &["合肥市公安局".into()])
        .unwrap();
    let mut a = f.app.court.appearances(h).unwrap()[0].clone();
    a.person = "张建国".into();
    f.app.court.save_appearance(&a, "").unwrap();
    // live: late at 0:01, the phone at 0:02 and 0:03
    f.app.now_ms = || 1_795_917_600_000;
    f.app.run(Cmd::LiveStart(h, Some(a.id)));
    f.app.now_ms = || 1_795_917_660_000;
    f.key(KeyCode::Char('l'));
    f.app.now_ms = || 1_795_917_720_000;
    f.key(KeyCode::Char('p'));
    f.app.now_ms = || 1_795_917_780_000;
    f.key(KeyCode::Char('p'));
    f.key(KeyCode::Esc);
    let evidence = |f: &mut common::screen::Fixture| {
        f.screen()
            .lines()
            .filter(|l| l.contains('⏱'))
            .map(|l| l.trim().to_string())
            .collect::<Vec<_>>()
    };
    let before = evidence(&mut f);
    assert_eq!(before.len(), 2, "{before:?}");
    assert!(
        before[1].contains("00:02:00") && before[1].contains("00:03:00"),
        "{before:?}"
    );
    let eval = f.app.court.evaluation_id_of(a.id).unwrap().unwrap().0;
    f.app.court.finalize(eval, "王审判").unwrap();
    f.app
        .court
        .amend(
            a.id,
            &[("late".into(), "0".into()), ("phone".into(), "1".into())],
            "笔录核对",
            "王审判",
        )
        .unwrap();
    f.app.run(Cmd::Score(a.id));
    let after = evidence(&mut f);
    assert_eq!(after.len(), 1, "{after:?}");
    assert!(
        after[0].contains("00:02:00") && !after[0].contains("00:03:00"),
        "{after:?}"
    );
}

/// Awards are not yet scored until they are: live mode shows them as `—`, with no grade (not a
/// flawless head's "64.7 合格"); the review opens on the first of them, saying so, and `F` leads
/// to each one left (a digit scores it, 0 too) before it asks for the judge's name.
#[test]
fn awards_not_scored_are_shown_so_and_the_review_leads_to_them() {
    use tingping::tui::app::Cmd;
    let mut f = fixture(Lang::Zh, 0, 80, 24);
    f.app.overlay = None;
    let h = f
        .app
        .court
        .insert_hearing(&hearing_input(17), &["合肥市公安局".into()])
        .unwrap();
    let mut a = f.app.court.appearances(h).unwrap()[0].clone();
    a.person = "张建国".into();
    f.app.court.save_appearance(&a, "").unwrap();
    f.app.run(Cmd::LiveStart(h, Some(a.id)));
    let shown = f.screen();
    assert!(
        shown.contains("h —/10") && shown.contains("k —/10"),
        "{shown}"
    );
    assert!(
        shown.contains("加分项待评") && !shown.contains("合格"),
        "{shown}"
    );
    // the case settled: scored
    f.key(KeyCode::Char('h'));
    assert!(f.screen().contains("h 10/10"), "{}", f.screen());
    // the review: on 庭前协调, the next step said
    f.key(KeyCode::Esc);
    let Screen::Scoring(s) = &f.app.screen else {
        panic!("the review")
    };
    assert!(f.app.overlay.is_none());
    let (next, _) = f.app.status.clone().unwrap();
    assert!(next.contains("下一步：为“庭前协调”评分"), "{next}");
    assert!(!next.contains("案件和解或撤诉"), "scored live: {next}");
    let first = s.selected;
    f.key(KeyCode::Char('8'));
    // F: the next award left, never a yes/no question
    f.key(KeyCode::Char('F'));
    assert!(f.app.overlay.is_none());
    let (next, _) = f.app.status.clone().unwrap();
    assert!(next.contains("庭上对协调、和解的态度"), "{next}");
    let Screen::Scoring(s) = &f.app.screen else {
        panic!("the review")
    };
    assert_eq!(s.selected, first + 1);
    f.key(KeyCode::Char('0')).key(KeyCode::Char('F'));
    let (next, _) = f.app.status.clone().unwrap();
    assert!(next.contains("作出履行承诺"), "{next}");
    f.key(KeyCode::Char('0')).key(KeyCode::Char('F'));
    assert!(
        matches!(f.app.overlay, Some(Overlay::Prompt { .. })),
        "the judge's name: {}",
        f.screen()
    );
    let eval = f.app.court.evaluation_id_of(a.id).unwrap().unwrap().0;
    let marks = f.app.court.evaluation(eval).unwrap().marks;
    assert_eq!(
        (
            marks.get("pretrial_coordination"),
            marks.get("in_court_stance"),
            marks.get("commitment")
        ),
        (Some(&8), Some(&0), Some(&0))
    );
}

/// `b` opens the month the next batch is for: with no batch yet, the earliest month with
/// appearances; then the month after the latest batch (this month when that has not ended).
#[test]
fn b_opens_the_earliest_month_not_yet_claimed() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = fixture(Lang::Zh, 20, 100, 30);
    f.app.now_ms = || NOV_29;
    f.draw();
    let period = |f: &common::screen::Fixture| match &f.app.screen {
        Screen::Batch(b) => b.period.id.clone(),
        _ => panic!("not the batch screen"),
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let first = f.app.court.next_batch_month(today).unwrap().unwrap();
    assert!(
        first.to < today && first.id.as_str() < "2026-10",
        "{first:?}"
    );
    f.key(KeyCode::Char('b'));
    assert_eq!(period(&f), first.id);
    // the month after it, while it is not exported: the claim says the earlier month's records
    // become this batch's 补报 for good
    f.key(KeyCode::Right).key(KeyCode::Char('e'));
    let Some(Overlay::Confirm { message, .. }) = &f.app.overlay else {
        panic!("the claim is asked about")
    };
    assert!(
        message.contains("尚未导出") && message.contains("补报"),
        "{message}"
    );
    f.key(KeyCode::Char('n')).key(KeyCode::Left);
    assert_eq!(period(&f), first.id);
    // exported: b opens the month after it
    f.key(KeyCode::Char('e')).key(KeyCode::Char('y'));
    f.ctrl('u').type_text(dir.path().to_str().unwrap());
    f.key(KeyCode::Enter);
    assert_eq!(
        f.app.court.batches().unwrap().len(),
        1,
        "{:?}",
        f.app.status
    );
    f.key(KeyCode::Esc).key(KeyCode::Char('b'));
    let next = f.app.court.next_batch_month(today).unwrap().unwrap();
    assert_eq!(next, first.shift(1));
    assert_eq!(period(&f), next.id);
    // October exported (it takes what the months before left, as 补报): b opens November, the
    // month after the latest batch, not a month before it whose items are claimed
    f.batch_on("2026-10")
        .key(KeyCode::Char('e'))
        .key(KeyCode::Char('y'));
    f.ctrl('u').type_text(dir.path().to_str().unwrap());
    f.key(KeyCode::Enter);
    f.key(KeyCode::Esc).key(KeyCode::Char('b'));
    assert_eq!(period(&f), "2026-11");
}

/// A flag decides the grade whatever the awards: a draft with one reads 不合格, not "awards
/// first", in live mode and in the review.
#[test]
fn a_flag_decides_the_grade_before_the_awards_are_scored() {
    use tingping::domain::rubric::ItemKind;
    use tingping::tui::app::Cmd;
    let mut f = fixture(Lang::Zh, 0, 80, 24);
    f.app.overlay = None;
    let h = f
        .app
        .court
        .insert_hearing(&hearing_input(18), &["合肥市公安局".into()])
        .unwrap();
    let mut a = f.app.court.appearances(h).unwrap()[0].clone();
    a.person = "张建国".into();
    f.app.court.save_appearance(&a, "").unwrap();
    let rubric = f.app.rubric.clone();
    let veto = rubric
        .dimensions
        .iter()
        .flat_map(|d| &d.items)
        .find(|i| matches!(i.kind, ItemKind::Veto { .. }))
        .expect("a flag item")
        .id
        .clone();
    let e = f.app.court.evaluation_for(a.id, &rubric).unwrap().id;
    f.app.court.set_mark(e, &veto, 1).unwrap();
    f.app.run(Cmd::LiveStart(h, Some(a.id)));
    let shown = f.screen();
    assert!(
        shown.contains("不合格") && !shown.contains("加分项待评"),
        "{shown}"
    );
    f.key(KeyCode::Esc);
    let shown = f.screen();
    assert!(!shown.contains("待加分项评完"), "{shown}");
    assert!(shown.contains("不合格"), "{shown}");
}
