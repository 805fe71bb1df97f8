//! Every screen at 80×24 with Chinese data, in zh and en, as insta snapshots.

#[allow(unused_imports)]
use tingping::i18n::prelude::*;
mod common;
use common::screen::{Fixture, fixture, fixture_configured, reopen};
use crossterm::event::KeyCode;
use tingping::domain::model::AppearCategory;
use tingping::i18n::{Lang, set_lang};
use tingping::tui::app::{Cmd, Screen};
use tingping::tui::overlay::{Overlay, PromptPurpose};
use tingping::tui::screens::hearing_form::HearingFormScreen;

fn both(name: &str, f: impl Fn(Lang) -> String) {
    for lang in [Lang::Zh, Lang::En] {
        let text = f(lang);
        insta::assert_snapshot!(format!("{name}_{}", lang.code()), text);
    }
}

#[test]
fn list() {
    both("list", |lang| fixture(lang, 40, 80, 24).screen());
}

#[test]
fn list_wide() {
    both("list_wide", |lang| fixture(lang, 40, 120, 30).screen());
}

#[test]
fn empty_database_offers_demo_data() {
    both("empty_offer", |lang| fixture(lang, 0, 80, 24).screen());
}

#[test]
fn empty_list_after_declining() {
    both("empty_list", |lang| {
        let mut f = fixture(lang, 0, 80, 24);
        f.key(KeyCode::Char('n'));
        f.screen()
    });
}

#[test]
fn hearing() {
    both("hearing", |lang| {
        let mut f = fixture(lang, 40, 80, 24);
        f.draw();
        f.key(KeyCode::Down).key(KeyCode::Enter);
        f.screen()
    });
}

/// The new-hearing form as opened on 2026-11-28 at 09:30.
fn open_new_hearing_form(f: &mut Fixture) {
    let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 28)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap();
    f.app.screen = Screen::HearingForm(HearingFormScreen::new_hearing(&f.app.config, at));
}

/// Two apps in one thread, each with its keymap: each acts on its own and shows its own keys. (A
/// keymap the widgets read from a thread-local would be the one made last, for both.)
#[test]
fn two_apps_in_one_thread_keep_their_own_keymaps() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("keymap.toml"),
        "[list]\nnew_hearing = \"a\"\n[text]\nline_start = \"F5\"\n",
    )
    .unwrap();
    let mut plain = fixture(Lang::Zh, 0, 80, 24);
    let mut rebound = fixture_configured(Some(dir.path()), Lang::Zh, 0, 80, 24);
    // the list, empty (the demo data offered is declined), says which key adds a hearing
    for f in [&mut plain, &mut rebound] {
        f.app.overlay = None;
    }
    assert!(
        plain.screen().contains("按 n 新建庭审"),
        "{}",
        plain.screen()
    );
    assert!(
        rebound.screen().contains("按 a 新建庭审"),
        "{}",
        rebound.screen()
    );
    // a text field's keys: F5 goes to the line's start in the rebound app only
    let case_number = |f: &Fixture| match &f.app.screen {
        Screen::HearingForm(s) => s.form.text("case_number"),
        _ => panic!("not the hearing form"),
    };
    for f in [&mut plain, &mut rebound] {
        open_new_hearing_form(f);
        f.ctrl('u').type_text("ab");
    }
    plain.key(KeyCode::F(5)).type_text("c");
    rebound.key(KeyCode::F(5)).type_text("c");
    assert_eq!(case_number(&plain), "abc");
    assert_eq!(case_number(&rebound), "cab");
}

#[test]
fn new_hearing_form_with_errors() {
    both("new_hearing_errors", |lang| {
        let mut f = fixture(lang, 40, 80, 24);
        open_new_hearing_form(&mut f);
        f.ctrl('u').type_text("(2026)皖0104行保12号");
        f.key(KeyCode::Tab).type_text("不服行政处罚决定");
        f.key(KeyCode::Tab)
            .key(KeyCode::Tab)
            .key(KeyCode::Tab)
            .type_text("王审判");
        for _ in 0..7 {
            f.key(KeyCode::Tab);
        }
        f.type_text("合肥市");
        f.ctrl('s');
        f.screen()
    });
}

#[test]
fn new_hearing_form_picker() {
    both("new_hearing_picker", |lang| {
        let mut f = fixture(lang, 40, 80, 24);
        open_new_hearing_form(&mut f);
        f.key(KeyCode::BackTab)
            .type_text("合肥市")
            .key(KeyCode::Down);
        f.screen()
    });
}

#[test]
fn an_unsaved_form_survives_a_crash() {
    set_lang(Lang::Zh);
    // nothing saved yet, the case number still invalid, an agency half typed
    let mut f = fixture(Lang::Zh, 0, 80, 24);
    f.key(KeyCode::Char('n')); // decline demo data
    f.key(KeyCode::Char('n'));
    f.ctrl('u').type_text("(2026)皖0104行保1");
    f.key(KeyCode::Tab).type_text("不服行政处罚决定");
    f.key(KeyCode::Tab).key(KeyCode::Right);
    f.key(KeyCode::BackTab)
        .key(KeyCode::BackTab)
        .type_text("合肥市生态");
    let before = f.screen();
    // the process dies here: the next start shows the same form, with a word that it came back
    let mut again = reopen(&f, Lang::Zh);
    let after = again.screen();
    assert!(after.contains("已恢复上次未保存的表单内容"), "{after}");
    for typed in [
        "(2026)皖0104行保1",
        "不服行政处罚决定",
        "合肥市生态",
        "行政强制",
    ] {
        assert!(before.contains(typed), "{typed} before: {before}");
        assert!(after.contains(typed), "{typed} after: {after}");
    }
    // leaving the form drops the draft: the next start opens on the list
    again.key(KeyCode::Esc).key(KeyCode::Char('y')); // discard, confirmed
    assert!(matches!(again.app.screen, Screen::List));
    let mut third = reopen(&again, Lang::Zh);
    let list = third.screen();
    assert!(
        list.contains("庭审列表") && !list.contains("已恢复"),
        "{list}"
    );
}

#[test]
fn appearance_form() {
    both("appearance", |lang| {
        let mut f = fixture(lang, 40, 80, 24);
        f.draw();
        f.key(KeyCode::Enter).key(KeyCode::Enter);
        f.key(KeyCode::Tab)
            .key(KeyCode::Right)
            .key(KeyCode::Right)
            .key(KeyCode::Right);
        f.screen()
    });
}

#[test]
fn scoring() {
    both("scoring", |lang| {
        let mut f = fixture(lang, 40, 80, 24);
        f.draw();
        f.key(KeyCode::Char('s'));
        f.key(KeyCode::Down)
            .key(KeyCode::Char('+'))
            .key(KeyCode::Char('+'));
        f.screen()
    });
}

#[test]
fn scoring_large() {
    both("scoring_large", |lang| {
        let mut f = fixture(lang, 40, 160, 48);
        f.draw();
        f.key(KeyCode::Char('s')).key(KeyCode::Char(' '));
        f.screen()
    });
}

#[test]
fn scoring_locked() {
    both("scoring_locked", |lang| {
        let mut f = fixture(lang, 40, 80, 24);
        f.draw();
        // the newest hearing: finalized, its judgment performance pending
        f.key(KeyCode::Char('s')).key(KeyCode::Char(' '));
        f.screen()
    });
}

#[test]
fn scoring_an_absence_is_refused_and_the_list_stays() {
    both("score_absent", |lang| {
        let mut f = fixture(lang, 40, 80, 24);
        f.draw();
        // the thirteenth row: only a lawyer appeared (（2026）皖0104行初29号, 合肥市公安局)
        for _ in 0..12 {
            f.key(KeyCode::Down);
        }
        f.key(KeyCode::Char('s'));
        assert!(matches!(f.app.screen, Screen::List));
        f.screen()
    });
}

#[test]
fn performance_recorded_after_finalizing() {
    both("performance_choice", |lang| {
        let mut f = fixture(lang, 40, 80, 24);
        f.draw();
        f.key(KeyCode::Char('s')).key(KeyCode::Char('o'));
        f.screen()
    });
    both("performance_recorded", |lang| {
        let mut f = fixture(lang, 40, 80, 24);
        // some weeks after the hearings, when the judgment's deadline has passed
        f.app.now_ms = || T0 + 20 * 86_400_000;
        f.draw();
        f.key(KeyCode::Char('s'))
            .key(KeyCode::Char('o'))
            .key(KeyCode::Down)
            .key(KeyCode::Enter); // late
        // the recorder's name: the clerk's, changed to another
        for _ in 0..8 {
            f.key(KeyCode::Backspace);
        }
        f.type_text("周书记").key(KeyCode::Enter);
        // scroll to the performance item, where the record shows
        for _ in 0..30 {
            f.key(KeyCode::Down);
        }
        f.screen()
    });
}

#[test]
fn help_overlay() {
    both("help_list", |lang| {
        let mut f = fixture(lang, 40, 80, 24);
        f.key(KeyCode::Char('?'));
        f.screen()
    });
}

#[test]
fn a_row_that_cannot_be_scored_leaves_the_list_as_it_was() {
    let mut f = fixture(Lang::Zh, 40, 80, 24);
    f.draw();
    // the thirteenth row: only a lawyer appeared (（2026）皖0104行初29号, 合肥市公安局)
    for _ in 0..12 {
        f.key(KeyCode::Down);
    }
    f.key(KeyCode::Char('s'));
    let text = f.screen();
    assert!(
        text.contains("不评分") && text.contains("共 47 条"),
        "{text}"
    );
    let row = f.app.court.list_first(13).unwrap().remove(12);
    assert_eq!(row.category, Some(AppearCategory::LawyerOnly));
    assert!(
        matches!(f.app.screen, Screen::List)
            && f.app.list().total == 47
            && f.app.list().selected_row() == Some(&row)
    );
}

#[test]
fn small_terminal() {
    both("small", |lang| fixture(lang, 40, 60, 20).screen());
}

#[test]
fn scores_update_as_marks_change() {
    set_lang(Lang::Zh);
    let mut f = fixture(Lang::Zh, 0, 80, 24);
    f.key(KeyCode::Char('n')); // decline demo data
    f.app.run(Cmd::NewHearing);
    let Screen::HearingForm(form) = &mut f.app.screen else {
        panic!("form")
    };
    let _ = form;
    f.ctrl('u').type_text("(2026)皖0104行初7号");
    f.key(KeyCode::Tab).type_text("不服行政处罚决定");
    f.key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .type_text("王审判");
    f.key(KeyCode::Tab).type_text("李书记");
    for _ in 0..6 {
        f.key(KeyCode::Tab);
    }
    f.type_text("合肥市生态环境局")
        .key(KeyCode::Enter)
        .ctrl('s');
    assert!(
        matches!(f.app.screen, Screen::Hearing(_)),
        "saved and opened"
    );
    f.key(KeyCode::Char('s'));
    assert!(
        matches!(f.app.screen, Screen::Appearance(_)),
        "asks who appeared first"
    );
    f.key(KeyCode::Tab)
        .key(KeyCode::Right)
        .key(KeyCode::Tab)
        .type_text("张建国")
        .ctrl('s');
    f.key(KeyCode::Char('s'));
    let Screen::Scoring(s) = &f.app.screen else {
        panic!("scoring")
    };
    assert_eq!(s.score.total_tenths, Some(647));
    f.key(KeyCode::Char(' ')); // late: -3
    let Screen::Scoring(s) = &f.app.screen else {
        panic!("scoring")
    };
    assert_eq!(s.score.dims[0].score, 17);
    assert_eq!(s.score.total_tenths, Some(612));
    assert!(f.screen().contains("61.2"));
}

const T0: i64 = 1_795_000_000_000;

/// A hearing with two defendant agencies whose heads appeared, started live at T0.
fn live_fixture(lang: Lang, w: u16, h: u16) -> (Fixture, i64) {
    let mut f = fixture(lang, 10, w, h);
    let input = tingping_store::HearingInput {
        case_number: "（2026）皖0104行初501号".into(),
        cause: "房屋征收补偿决定".into(),
        act_kind: Some(tingping::domain::model::ActKind::Expropriation),
        court: "合肥市蜀山区人民法院".into(),
        judge: "王审判".into(),
        clerk: "李书记".into(),
        date: "2026-11-28".into(),
        start_time: "09:30".into(),
        end_time: String::new(),
        online: false,
        key_category: None,
    };
    let hid = f
        .app
        .court
        .insert_hearing(
            &input,
            &["蜀山区人民政府".into(), "合肥市自然资源和规划局".into()],
        )
        .unwrap();
    for (a, (name, title, cat)) in f.app.court.appearances(hid).unwrap().into_iter().zip([
        ("张建国", "副区长", AppearCategory::Deputy),
        ("刘芳", "局长", AppearCategory::Principal),
    ]) {
        let mut a = a;
        a.person = name.into();
        a.title = title.into();
        a.category = cat;
        f.app.court.update_appearance(&a).unwrap();
    }
    f.app.now_ms = || T0;
    // (T0 is ten days before the hearing's date: started as a judge who said yes when asked)
    f.app.run(Cmd::LiveStartEarly(hid, None));
    assert!(
        matches!(f.app.screen, Screen::Live(_)),
        "{:?}",
        f.app.status
    );
    (f, hid)
}

fn live_session(f: &mut Fixture) {
    f.app.now_ms = || T0 + 60_000;
    f.key(KeyCode::Char('t'));
    f.app.now_ms = || T0 + 600_000;
    f.key(KeyCode::Char('t'));
    f.app.now_ms = || T0 + 1_234_000;
    f.key(KeyCode::Char('p'))
        .key(KeyCode::Char('a'))
        .key(KeyCode::Char('a'))
        .key(KeyCode::Char('u'));
    f.key(KeyCode::Char('/'))
        .type_text("负责人称愿意协调")
        .key(KeyCode::Enter);
    f.app.now_ms = || T0 + 3_723_000;
}

#[test]
fn live_mode() {
    for (w, h) in [(80, 24), (160, 48)] {
        both(&format!("live_{w}x{h}"), |lang| {
            let (mut f, _) = live_fixture(lang, w, h);
            live_session(&mut f);
            f.screen()
        });
    }
}

#[test]
fn a_half_typed_live_note_survives_a_kill() {
    use tingping::tui::overlay::{Overlay, PromptPurpose};
    both("live_note_restored", |lang| {
        let (mut f, hid) = live_fixture(lang, 80, 24);
        f.key(KeyCode::Tab); // the second agency
        f.app.now_ms = || T0 + 1_234_000;
        f.key(KeyCode::Char('/'));
        f.app.now_ms = || T0 + 1_300_000; // typing takes a while
        f.type_text("负责人称愿意");
        // killed here: the next start is back in live mode, on that agency, the note as it was
        let mut again = reopen(&f, lang);
        again.app.now_ms = || T0 + 1_310_000;
        let Screen::Live(s) = &again.app.screen else {
            panic!("live mode: {:?}", again.app.status)
        };
        let second = again.app.court.appearances(hid).unwrap()[1].id;
        assert_eq!(s.slot().appearance.id, second);
        match &again.app.overlay {
            Some(Overlay::Prompt {
                purpose: PromptPurpose::LiveNote(m),
                field,
                ..
            }) => {
                assert_eq!(field.value(), "负责人称愿意");
                assert_eq!(m.elapsed_ms, 1_234_000, "the moment the key was pressed");
            }
            _ => panic!("the note prompt"),
        }
        let shown = again.screen();
        // finished and saved: at the moment of its key, and the draft gone
        again.type_text("协调").key(KeyCode::Enter);
        let e = again.app.court.evaluation_id_of(second).unwrap().unwrap().0;
        let last = again.app.court.events(e).unwrap().pop().unwrap();
        assert_eq!(
            (last.note.as_str(), last.elapsed_ms),
            ("负责人称愿意协调", 1_234_000)
        );
        assert!(again.app.court.form_draft().unwrap().is_none());
        let third = reopen(&again, lang);
        assert!(third.app.overlay.is_none(), "nothing left to restore");
        shown
    });
}

#[test]
fn a_live_note_whose_live_mode_does_not_come_back_is_dropped() {
    let (mut f, hid) = live_fixture(Lang::Zh, 80, 24);
    f.key(KeyCode::Char('/')).type_text("半句");
    // both agencies finalized elsewhere before the app comes back: nothing left to score live
    for a in f.app.court.appearances(hid).unwrap() {
        let e = f.app.court.evaluation_id_of(a.id).unwrap().unwrap().0;
        f.app.court.finalize(e, "王审判").unwrap();
    }
    let again = reopen(&f, Lang::Zh);
    assert!(!matches!(again.app.screen, Screen::Live(_)));
    assert!(again.app.overlay.is_none());
    assert!(again.app.court.form_draft().unwrap().is_none(), "dropped");
}

#[test]
fn a_live_note_left_with_esc_is_not_restored() {
    let (mut f, _) = live_fixture(Lang::Zh, 80, 24);
    f.key(KeyCode::Char('/')).type_text("不要了");
    assert!(
        f.app.court.form_draft().unwrap().is_some(),
        "kept while typed"
    );
    f.key(KeyCode::Esc);
    assert!(f.app.court.form_draft().unwrap().is_none());
    let again = reopen(&f, Lang::Zh);
    assert!(matches!(again.app.screen, Screen::Live(_)));
    assert!(again.app.overlay.is_none());
}

#[test]
fn review_after_live_mode() {
    for (w, h) in [(80, 24), (160, 48)] {
        both(&format!("review_{w}x{h}"), |lang| {
            let (mut f, _) = live_fixture(lang, w, h);
            live_session(&mut f);
            f.key(KeyCode::Esc);
            assert!(matches!(f.app.screen, Screen::Scoring(_)));
            f.screen()
        });
    }
}

#[test]
fn two_agencies_keep_their_own_events() {
    let (mut f, hid) = live_fixture(Lang::Zh, 80, 24);
    f.key(KeyCode::Char('p'))
        .key(KeyCode::Tab)
        .key(KeyCode::Char('l'))
        .key(KeyCode::Char('l'));
    f.key(KeyCode::Tab).key(KeyCode::Char('p'));
    let apps = f.app.court.appearances(hid).unwrap();
    let first = f.app.court.evaluation_id_of(apps[0].id).unwrap().unwrap().0;
    let second = f.app.court.evaluation_id_of(apps[1].id).unwrap().unwrap().0;
    let items = |e| {
        f.app
            .court
            .events(e)
            .unwrap()
            .iter()
            .map(|x| (x.item.clone(), x.value))
            .collect::<Vec<_>>()
    };
    assert_eq!(items(first), vec![("phone".into(), 1), ("phone".into(), 2)]);
    assert_eq!(items(second), vec![("late".into(), 1), ("late".into(), 0)]);
    assert!(f.screen().contains("蜀山区人民政府"));
}

#[test]
fn an_unbound_key_says_so_and_records_nothing() {
    let (mut f, hid) = live_fixture(Lang::Zh, 80, 24);
    f.key(KeyCode::Char('z'));
    assert!(f.screen().contains("按键 z 没有对应的评分项"));
    let a = f.app.court.appearances(hid).unwrap()[0].id;
    let e = f.app.court.evaluation_id_of(a).unwrap().unwrap().0;
    assert!(f.app.court.events(e).unwrap().is_empty());
}

#[test]
fn batch_screen() {
    for (w, h) in [(80, 24), (160, 48)] {
        both(&format!("batch_{w}x{h}"), |lang| {
            let mut f = fixture(lang, 40, w, h);
            f.app.now_ms = || T0; // 2026-11
            f.app
                .court
                .set_app_value("export_dir", "/srv/tingping")
                .unwrap();
            f.batch_on("2026-10");
            f.screen()
        });
    }
}

/// October exported from the batch screen (demo data, as of T0) into a fresh folder; the folder
/// is kept while the fixture lives.
fn exported_batch(lang: Lang, w: u16, h: u16) -> (Fixture, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut f = fixture(lang, 40, w, h);
    f.app.now_ms = || T0;
    // e asks once what the claim takes (it cannot be undone); y goes on to the folder
    f.batch_on("2026-10")
        .key(KeyCode::Char('e'))
        .key(KeyCode::Char('y'));
    f.ctrl('u').type_text(dir.path().to_str().unwrap());
    f.key(KeyCode::Enter); // the export runs after this frame
    assert_eq!(
        f.app.court.batches().unwrap().len(),
        1,
        "{:?}",
        f.app.status
    );
    (f, dir)
}

/// The screen with what changes from one export to the next put aside: the folder, the time of
/// the export and the files' checksums.
fn redacted(f: &mut Fixture) -> String {
    f.app.status = None;
    if let Screen::Batch(b) = &mut f.app.screen {
        b.out = "/srv/tingping".into();
    }
    let batch = f.app.court.batches().unwrap().remove(0);
    let mut text = f.screen();
    // (shown as a minute is written in Chinese text: 2026-12-07 17:33, not the ISO T)
    let minute = tingping::domain::text::minute(&batch.created_at);
    assert!(
        !text.contains(&batch.created_at[..16]),
        "an ISO time shown: {text}"
    );
    text = text.replace(&minute, "YYYY-MM-DD hh:mm");
    text = text.replace(&batch.created_at[..10], "YYYY-MM-DD");
    for file in &batch.files {
        text = text.replace(&file.sha256[..8], "xxxxxxxx");
    }
    text
}

#[test]
fn batch_screen_after_an_export() {
    for (w, h) in [(80, 24), (160, 48)] {
        both(&format!("batch_exported_{w}x{h}"), |lang| {
            let (mut f, _dir) = exported_batch(lang, w, h);
            redacted(&mut f)
        });
    }
    // scrolled to the indicators' end, where the title says so
    both("batch_exported_scrolled_80x24", |lang| {
        let (mut f, _dir) = exported_batch(lang, 80, 24);
        f.key(KeyCode::PageDown)
            .key(KeyCode::PageDown)
            .key(KeyCode::PageDown);
        redacted(&mut f)
    });
}

#[test]
fn every_exported_file_says_what_it_is_and_whom_it_goes_to() {
    set_lang(Lang::Zh);
    let (mut f, _dir) = exported_batch(Lang::Zh, 160, 48);
    let text = f.screen();
    let Screen::Batch(b) = &f.app.screen else {
        panic!("the batch screen")
    };
    let files = &b.files[0];
    assert_eq!(files.len(), b.batches[0].files.len(), "one line a file");
    // the notice to the court's government; a letter (函) and a workbook to each other one
    let governments: Vec<&str> = files
        .iter()
        .filter(|d| d.kind == tingping::report::listing::FileKind::Letter)
        .map(|d| d.government.as_str())
        .collect();
    assert!(!governments.is_empty());
    for g in &governments {
        assert!(!g.is_empty());
        assert!(text.contains(&format!("函 — {g}")), "{g}:\n{text}");
        assert!(text.contains(&format!("工作簿 — {g}")), "{g}:\n{text}");
    }
    for line in [
        "通报 — ",
        "明细（CSV）",
        "数据（JSON）",
        "清单（校验值）",
        ".xlsx",
    ] {
        assert!(text.contains(line), "{line}:\n{text}");
    }
    for file in &b.batches[0].files {
        assert!(text.contains(&file.name), "{}:\n{text}", file.name);
    }
}

#[test]
fn page_keys_scroll_the_indicators_as_far_as_there_is_more() {
    use KeyCode::{PageDown as Dn, PageUp as Up};
    // (terminal, keys, the first indicator row shown)
    let cases: &[((u16, u16), &[KeyCode], usize)] = &[
        ((80, 24), &[], 0),
        ((80, 24), &[Dn], 5),
        ((80, 24), &[Dn, Dn], 10),
        ((80, 24), &[Dn, Dn, Dn], 15),
        ((80, 24), &[Dn, Dn, Dn, Dn], 15),
        ((80, 24), &[Dn, Dn, Dn, Up], 10),
        ((80, 24), &[Dn, Up], 0),
        ((80, 24), &[Up], 0),
        // every indicator shown: nothing to scroll
        ((160, 48), &[Dn], 0),
        ((160, 48), &[Dn, Dn, Up], 0),
    ];
    for ((w, h), keys, want) in cases {
        let (mut f, _dir) = exported_batch(Lang::Zh, *w, *h);
        for k in *keys {
            f.key(*k);
        }
        let Screen::Batch(b) = &f.app.screen else {
            panic!("the batch screen")
        };
        assert_eq!(b.scroll, *want, "{w}x{h} {keys:?}");
    }
}

/// The demo's October on the batch screen, its export asked for into a folder of its own (the
/// path typed; Enter not yet pressed).
fn export_asked() -> (Fixture, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut f = fixture(Lang::Zh, 40, 100, 30);
    f.app.now_ms = || T0;
    f.batch_on("2026-10").key(KeyCode::Char('e'));
    // a new month's claim is asked about once, saying what it takes and that it stays
    let Some(Overlay::Confirm { message, .. }) = &f.app.overlay else {
        panic!("the claim is asked about first")
    };
    assert!(
        message.contains("将认领") && message.contains("不可撤销"),
        "{message}"
    );
    f.key(KeyCode::Char('y'));
    f.ctrl('u').type_text(dir.path().to_str().unwrap());
    (f, dir)
}

#[test]
fn batch_export_from_the_screen() {
    let (mut f, dir) = export_asked();
    f.key(KeyCode::Enter); // the export runs after this frame, with a progress bar
    let text = f.screen();
    assert!(text.contains("已导出到"), "{text}");
    assert!(text.contains("tongbao-2026-10"), "{text}");
    let folder = dir.path().join("tingping-0104-2026-10");
    assert!(folder.join("manifest.json").exists());
    assert_eq!(f.app.court.batches().unwrap().len(), 1);
}

/// Live mode on a hearing whose day has not come asks first; yes starts it.
#[test]
fn live_mode_on_a_hearing_not_yet_held_asks_first() {
    let mut f = fixture(Lang::Zh, 30, 80, 24);
    let later = (f.app.today() + chrono::Duration::days(30)).to_string();
    let h = f
        .app
        .court
        .insert_hearing(
            &tingping::records::HearingInput {
                case_number: "（2026）皖0104行初901号".into(),
                cause: "不服行政处罚".into(),
                court: "合肥市蜀山区人民法院".into(),
                judge: "王审判".into(),
                clerk: "李书记".into(),
                date: later.clone(),
                start_time: "09:30".into(),
                ..Default::default()
            },
            &["合肥市公安局".into()],
        )
        .unwrap();
    let mut a = f.app.court.appearances(h).unwrap().remove(0);
    (a.person, a.title, a.category) = ("张建国".into(), "局长".into(), AppearCategory::Principal);
    f.app.court.update_appearance(&a).unwrap();
    f.app.run(Cmd::LiveStart(h, None));
    f.draw();
    assert!(!matches!(f.app.screen, Screen::Live(_)), "asked first");
    let text = f.screen();
    assert!(text.contains(&later) && text.contains("尚未到来"), "{text}");
    f.key(KeyCode::Char('y'));
    assert!(matches!(f.app.screen, Screen::Live(_)), "yes starts it");
}

/// `m` twice returns to the month you were on, not to the quarter's latest month.
#[test]
fn quarter_and_back_returns_to_the_month_you_were_on() {
    let mut f = fixture(Lang::Zh, 30, 80, 24);
    f.key(KeyCode::Char('b'));
    let month = |f: &Fixture| match &f.app.screen {
        Screen::Batch(b) => b.period.clone(),
        _ => panic!("no batch screen"),
    };
    let opened = month(&f);
    f.key(KeyCode::Right);
    let before = month(&f);
    assert_eq!(before, opened.shift(1));
    f.key(KeyCode::Char('m'));
    assert_eq!(
        month(&f).kind,
        tingping::domain::period::PeriodKind::Quarter
    );
    f.key(KeyCode::Char('m'));
    // (the quarter of the month before: the month is back, whichever of its months it was)
    assert_eq!(month(&f), before);
}

/// The batch screen opens at once; until its figures are read (on their thread) it says it is
/// counting, never zeros.
#[test]
fn the_batch_screen_says_it_is_counting_until_its_figures_come() {
    let mut f = fixture(Lang::Zh, 30, 80, 24);
    f.key(KeyCode::Char('b'));
    assert!(!f.app.batch_counting(), "the fixture waits for the figures");
    let Screen::Batch(b) = &mut f.app.screen else {
        panic!("no batch screen")
    };
    assert!(!b.counting && !b.indicators.is_empty());
    (b.counting, b.preview) = (true, Default::default());
    b.indicators.clear();
    let text = f.screen();
    assert!(text.contains("正在统计本期的记录与指标"), "{text}");
    assert!(!text.contains("将认领 0"), "{text}");
}

/// Leaving a screen for the list (`Esc`) and the help (`?`) write nothing, so another
/// connection's write lock (an export's claim, another program) never keeps them waiting.
#[test]
fn esc_and_help_are_answered_while_another_connection_holds_the_write_lock() {
    let mut f = fixture(Lang::Zh, 30, 80, 24);
    f.key(KeyCode::Char('b'));
    assert!(matches!(f.app.screen, Screen::Batch(_)));
    let other = rusqlite::Connection::open(f.app.court.path()).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    f.key(KeyCode::Esc);
    assert!(matches!(f.app.screen, Screen::List), "back on the list");
    assert!(
        f.app.status.as_ref().is_none_or(|(_, error)| !error),
        "{:?}",
        f.app.status
    );
    f.key(KeyCode::Char('?'));
    assert!(f.screen().contains("按键说明"));
    f.key(KeyCode::Esc);
    other.execute_batch("COMMIT").unwrap();
}

#[test]
fn keys_are_answered_while_an_export_runs_and_it_ends_in_the_status_line() {
    let (mut f, dir) = export_asked();
    // Enter, and the frame after it: the export starts on its own thread (another program holds
    // the write lock meanwhile, so its claim cannot end within the frame on this small database)
    let other = rusqlite::Connection::open(f.app.court.path()).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    f.app.on_key(crossterm::event::KeyEvent::new(
        KeyCode::Enter,
        crossterm::event::KeyModifiers::NONE,
    ));
    f.draw_now();
    assert!(
        f.app.exporting().is_some(),
        "the export runs beside the keys"
    );
    other.execute_batch("COMMIT").unwrap();
    // the keys go on: back to the list while it writes
    f.app.on_key(crossterm::event::KeyEvent::new(
        KeyCode::Esc,
        crossterm::event::KeyModifiers::NONE,
    ));
    assert!(matches!(f.app.screen, Screen::List));
    // it ends, and says so wherever the user is
    while f.app.exporting().is_some() {
        f.app.take_export(true);
    }
    let text = f.screen();
    assert!(text.contains("已导出到"), "{text}");
    assert!(
        dir.path()
            .join("tingping-0104-2026-10")
            .join("manifest.json")
            .exists()
    );
    assert_eq!(f.app.court.batches().unwrap().len(), 1);
}

/// The judgment performance worklist of the demo data, as of T0 (2026-11-18), opened from the list.
fn followups_fixture(lang: Lang, w: u16, h: u16) -> Fixture {
    let mut f = fixture(lang, 40, w, h);
    f.app.now_ms = || T0;
    f.draw();
    f.key(KeyCode::Char('f'));
    assert!(
        matches!(f.app.screen, Screen::Followups(_)),
        "{:?}",
        f.app.status
    );
    f
}

#[test]
fn followups() {
    for (w, h) in [(80, 24), (160, 48)] {
        both(&format!("followups_{w}x{h}"), |lang| {
            let mut f = followups_fixture(lang, w, h);
            f.key(KeyCode::Down);
            f.screen()
        });
    }
}

#[test]
fn followups_dates_form() {
    for (w, h) in [(80, 24), (160, 48)] {
        both(&format!("followups_dates_{w}x{h}"), |lang| {
            let mut f = followups_fixture(lang, w, h);
            // the first row without a deadline: its dates, one of them not a date
            let Screen::Followups(s) = &f.app.screen else {
                unreachable!()
            };
            let undated = s.rows.iter().position(|r| r.deadline.is_none()).unwrap();
            for _ in 0..undated {
                f.key(KeyCode::Down);
            }
            f.key(KeyCode::Char('e'));
            f.type_text("2026-10-20")
                .key(KeyCode::Tab)
                .type_text("十一月");
            f.ctrl('s');
            f.screen()
        });
    }
}

#[test]
fn followups_dates_are_saved_and_reorder_the_list() {
    let mut f = followups_fixture(Lang::Zh, 80, 24);
    let rows = |f: &Fixture| match &f.app.screen {
        Screen::Followups(s) => s.rows.clone(),
        _ => panic!("followups"),
    };
    let before = rows(&f);
    let undated = before.iter().position(|r| r.deadline.is_none()).unwrap();
    let target = before[undated].clone();
    for _ in 0..undated {
        f.key(KeyCode::Down);
    }
    // a deadline before the effective date is refused by the store, and the form stays open
    f.key(KeyCode::Char('e'));
    f.ctrl('u').type_text("2026/08/20").key(KeyCode::Tab);
    f.ctrl('u').type_text("2026-08-19").ctrl('s');
    let text = f.screen();
    assert!(
        text.contains("履行期限 2026-08-19 早于判决生效日期 2026-08-20"),
        "{text}"
    );
    assert!(matches!(&f.app.screen, Screen::Followups(s) if s.editing.is_some()));
    // a deadline long past: the row is now the most overdue, and stays selected
    f.ctrl('u').type_text("2026-09-01").key(KeyCode::Enter);
    let text = f.screen();
    assert!(text.contains("已保存"), "{text}");
    let after = rows(&f);
    assert_eq!(after[0].evaluation_id, target.evaluation_id);
    assert_eq!(after[0].overdue_days(), Some(78));
    assert!(
        matches!(&f.app.screen, Screen::Followups(s) if s.editing.is_none() && s.selected == 0)
    );
    assert_eq!(
        f.app.court.judgment_dates(target.appearance_id).unwrap(),
        (
            chrono::NaiveDate::from_ymd_opt(2026, 8, 20),
            chrono::NaiveDate::from_ymd_opt(2026, 9, 1)
        )
    );
    // Esc leaves the form without saving, then the worklist for the list
    f.key(KeyCode::Char('e')).type_text("x").key(KeyCode::Esc);
    assert!(matches!(&f.app.screen, Screen::Followups(s) if s.editing.is_none()));
    f.key(KeyCode::Esc);
    assert!(matches!(f.app.screen, Screen::List));
}

#[test]
fn followups_record_the_outcome_and_leave_the_list() {
    let mut f = followups_fixture(Lang::Zh, 80, 24);
    let Screen::Followups(s) = &f.app.screen else {
        unreachable!()
    };
    let (first, n) = (s.rows[0].clone(), s.rows.len());
    assert!(first.overdue(), "the demo data has overdue follow-ups");
    f.key(KeyCode::Char('o'));
    let choice = f.screen();
    assert!(choice.contains("逾期履行"), "{choice}");
    f.key(KeyCode::Down).key(KeyCode::Enter); // late
    // who records it is typed, not filled in: an empty name is refused
    f.key(KeyCode::Enter);
    assert!(f.screen().contains("请填写记录人姓名"));
    f.type_text("周书记").key(KeyCode::Enter);
    let text = f.screen();
    assert!(text.contains("逾期履行"), "{text}");
    let Screen::Followups(s) = &f.app.screen else {
        panic!("still the worklist")
    };
    assert_eq!(s.rows.len(), n - 1);
    assert!(
        s.rows
            .iter()
            .all(|r| r.evaluation_id != first.evaluation_id)
    );
    let rec = f
        .app
        .court
        .performance(first.evaluation_id)
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            rec.option.as_str(),
            rec.recorded_by.as_str(),
            rec.recorded_on.as_str()
        ),
        ("late", "周书记", "2026-11-18")
    );
}

/// The batch screen's topic period: a form with its dates, title and the filters the command
/// line has; a draft (p) is written where exports go, claiming and numbering nothing.
#[test]
fn a_topic_period_with_filters_and_a_draft_from_the_batch_screen() {
    set_lang(Lang::Zh);
    let dir = tempfile::tempdir().unwrap();
    let mut f = fixture(Lang::Zh, 40, 100, 30);
    f.key(KeyCode::Char('b')).key(KeyCode::Char('t'));
    let text = f.screen();
    assert!(
        text.contains("专题期间") && text.contains("案由含"),
        "{text}"
    );
    // no title: refused, the form stays open
    f.ctrl('s');
    assert!(f.screen().contains("请填写专题名称"));
    let Screen::Batch(b) = &f.app.screen else {
        panic!("the batch screen")
    };
    assert!(b.topic.is_some());
    // (the title is where typing starts: the dates come filled in)
    f.type_text("食药专题")
        .key(KeyCode::Tab)
        .key(KeyCode::Right)
        .key(KeyCode::Tab)
        .type_text("食品");
    f.ctrl('s');
    let Screen::Batch(b) = &mut f.app.screen else {
        panic!("the batch screen")
    };
    assert!(b.topic.is_none());
    assert_eq!(b.period.topic, "食药专题");
    assert_eq!(b.period.filter.key_category.as_deref(), Some("food_drug"));
    assert_eq!(b.period.filter.cause.as_deref(), Some("食品"));
    assert_eq!(b.period.filter.agency, None);
    // the draft: nothing claimed, no number taken, a folder of its own
    b.out = dir.path().display().to_string();
    f.key(KeyCode::Char('p'));
    let status = f.app.status.clone().unwrap_or_default().0;
    assert!(status.contains("草稿已写入"), "{status}");
    assert!(f.app.court.batches().unwrap().is_empty());
    let folders = common::file_names(dir.path());
    assert_eq!(folders.len(), 1, "{folders:?}");
    assert!(folders[0].contains("-draft-"), "{folders:?}");
}

/// 逾期履行, 经强制执行 and 拒不履行 say the deadline passed: with none entered, the deadline is
/// asked for first (the prompt names the outcome); while it has not passed the outcome is
/// refused, saying it; the recorder's prompt repeats the outcome.
#[test]
fn an_outcome_that_says_the_deadline_passed_asks_for_it_first() {
    let mut f = followups_fixture(Lang::Zh, 80, 24);
    let Screen::Followups(s) = &f.app.screen else {
        unreachable!()
    };
    let Some(i) = s.rows.iter().position(|r| r.deadline.is_none()) else {
        panic!("the demo data has follow-ups without a deadline")
    };
    let row = s.rows[i].clone();
    for _ in 0..i {
        f.key(KeyCode::Down);
    }
    // 拒不履行 (the fourth choice)
    f.key(KeyCode::Char('o')).key(KeyCode::Char('4'));
    let shown = f.screen();
    assert!(
        matches!(
            &f.app.overlay,
            Some(Overlay::Prompt {
                purpose: PromptPurpose::PerformanceDeadline { .. },
                ..
            })
        ) && shown.contains("记录“拒不履行”前，请先填写履行期限"),
        "{shown}"
    );
    // a deadline after today (2026-11-18): saved, and the outcome refused, saying the deadline
    f.type_text("2026-12-31").key(KeyCode::Enter);
    let shown = f.screen();
    assert!(f.app.overlay.is_none(), "{shown}");
    assert!(shown.contains("履行期限 2026-12-31 届满之后"), "{shown}");
    assert_eq!(
        f.app.court.judgment_dates(row.appearance_id).unwrap().1,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 31)
    );
    assert!(
        f.app
            .court
            .performance(row.evaluation_id)
            .unwrap()
            .is_none()
    );
    // the deadline corrected (it has passed): who records it, the prompt naming the outcome
    f.app
        .court
        .set_judgment_dates(row.appearance_id, row.judgment_effective, None)
        .unwrap();
    f.app.run(Cmd::OpenFollowups);
    let Screen::Followups(s) = &mut f.app.screen else {
        unreachable!()
    };
    s.selected = s
        .rows
        .iter()
        .position(|r| r.evaluation_id == row.evaluation_id)
        .unwrap();
    f.key(KeyCode::Char('o')).key(KeyCode::Char('4'));
    f.type_text("2026-11-10").key(KeyCode::Enter);
    let shown = f.screen();
    assert!(shown.contains("记录“拒不履行”：记录人姓名"), "{shown}");
    f.type_text("周书记").key(KeyCode::Enter);
    let rec = f.app.court.performance(row.evaluation_id).unwrap().unwrap();
    assert_eq!(rec.option, "refused");
}

/// A reported absence reads as reported in the list (已报送, as evaluations do), an absence no
/// batch has claimed still as 缺席.
#[test]
fn a_reported_absence_reads_as_reported() {
    let (mut f, _dir) = exported_batch(Lang::Zh, 160, 48);
    // an absence of November, which no batch has claimed
    let h = f
        .app
        .court
        .insert_hearing(
            &tingping_store::HearingInput {
                case_number: "（2026）皖0104行初901号".into(),
                cause: "不服行政处罚决定".into(),
                court: "第一法庭".into(),
                judge: "王审判".into(),
                clerk: "李书记".into(),
                date: "2026-11-10".into(),
                start_time: "09:30".into(),
                ..Default::default()
            },
            &["合肥市公安局".into()],
        )
        .unwrap();
    let mut a = f.app.court.appearances(h).unwrap()[0].clone();
    a.category = AppearCategory::Nobody;
    f.app.court.save_appearance(&a, "").unwrap();
    f.app.run(Cmd::OpenList);
    let rows = f.app.court.list_first(500).unwrap();
    let absent = |r: &tingping::records::ListRow| r.category.is_some_and(|c| !c.scorable());
    let line_of = |f: &mut Fixture, at: usize| {
        f.app.run(Cmd::OpenList);
        for _ in 0..at {
            f.key(KeyCode::Down);
        }
        let r = &rows[at];
        let shown = f.screen();
        shown
            .lines()
            .find(|l| l.contains(&r.case_number) && l.contains(r.agency.as_deref().unwrap()))
            .unwrap_or_else(|| panic!("{shown}"))
            .to_string()
    };
    let reported = rows
        .iter()
        .position(|r| absent(r) && r.reported)
        .expect("an absence October's batch reported");
    let line = line_of(&mut f, reported);
    assert!(line.contains("已报送") && !line.contains("缺席"), "{line}");
    let not = rows
        .iter()
        .position(|r| absent(r) && !r.reported)
        .expect("November's absence, not claimed");
    assert_eq!(rows[not].case_number, "（2026）皖0104行初901号");
    let line = line_of(&mut f, not);
    assert!(line.contains("缺席") && !line.contains("已报送"), "{line}");
    // the hearing screen says the same, and offers no Enter (who appeared) on the reported one
    let r = &rows[reported];
    f.app.run(Cmd::OpenHearing(r.hearing_id));
    let Screen::Hearing(s) = &mut f.app.screen else {
        panic!("the hearing")
    };
    s.select_appearance(r.appearance_id.unwrap());
    let shown = f.screen();
    let line = shown
        .lines()
        .find(|l| l.contains(r.agency.as_deref().unwrap()) && l.contains("已报送"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(!line.contains("缺席"), "{line}");
    let footer = shown.lines().last().unwrap();
    assert!(!footer.contains("录入出庭情况"), "{footer}");
}

/// The schedule import's path: Tab completes it from its folder, and says which names are left
/// when several match.
#[test]
fn the_schedule_path_is_completed_with_tab() {
    set_lang(Lang::Zh);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("排期表-11月.xlsx"), "").unwrap();
    std::fs::write(dir.path().join("排期表-12月.csv"), "").unwrap();
    let mut f = fixture(Lang::Zh, 10, 100, 30);
    f.key(KeyCode::Char('i'));
    let typed = format!("{}/排", dir.path().display());
    f.ctrl('u').type_text(&typed).key(KeyCode::Tab);
    let value = |f: &Fixture| match &f.app.overlay {
        Some(Overlay::Prompt { field, .. }) => field.value().to_string(),
        _ => panic!("the path prompt"),
    };
    assert_eq!(value(&f), format!("{}/排期表-1", dir.path().display()));
    assert!(f.screen().contains("2 个匹配"), "{}", f.screen());
    f.type_text("2").key(KeyCode::Tab);
    assert_eq!(
        value(&f),
        format!("{}/排期表-12月.csv", dir.path().display())
    );
}

/// The demo's latest appearance with an art 12 situation (an absence, a lawyer alone, a walk-out).
fn art12_appearance(f: &Fixture) -> i64 {
    let from = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let to = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    f.app
        .court
        .suggestion_candidates(from, to, None)
        .unwrap()
        .last()
        .expect("the demo has an art 12 situation")
        .concerned
        .appearance_id
}

/// A judge drafts a judicial suggestion from an appearance (whom it goes to, chosen; the judge's
/// name), sends it, records the reply: the worklist at each step, in both languages and sizes.
#[test]
fn a_judicial_suggestion_from_the_hearing_to_the_reply() {
    for (w, h) in [(80, 24), (160, 48)] {
        both(&format!("suggestion_recipient_{w}x{h}"), |lang| {
            let mut f = fixture(lang, 40, w, h);
            let a = art12_appearance(&f);
            f.app.run(Cmd::DraftSuggestion(a));
            f.screen()
        });
        both(&format!("suggestion_drafted_{w}x{h}"), |lang| {
            let mut f = fixture(lang, 40, w, h);
            let a = art12_appearance(&f);
            f.app.run(Cmd::DraftSuggestion(a));
            // the second choice: the 监察机关 of default.toml
            f.key(KeyCode::Down).key(KeyCode::Enter);
            f.type_text("王审判").key(KeyCode::Enter);
            let Screen::Suggestions(s) = &f.app.screen else {
                panic!("the worklist: {:?}", f.app.status)
            };
            assert_eq!(s.rows.len(), 1);
            assert_eq!(s.rows[0].recipient, "合肥市蜀山区监察委员会");
            assert!(s.detail);
            f.screen()
        });
        both(&format!("suggestion_replied_{w}x{h}"), |lang| {
            let mut f = fixture(lang, 40, w, h);
            let a = art12_appearance(&f);
            f.app.run(Cmd::DraftSuggestion(a));
            f.key(KeyCode::Enter)
                .type_text("王审判")
                .key(KeyCode::Enter);
            // sent today by the judge, then the reply: a day that is not one stays in the form
            f.key(KeyCode::Char('s'))
                .type_text("王审判")
                .key(KeyCode::Enter);
            f.key(KeyCode::Char('r'));
            for _ in 0..10 {
                f.key(KeyCode::Backspace);
            }
            f.type_text("十二月")
                .key(KeyCode::Tab)
                .type_text("已约谈负责人并整改");
            f.ctrl('s');
            let Screen::Suggestions(s) = &f.app.screen else {
                unreachable!()
            };
            assert!(s.replying.is_some(), "a wrong date keeps the form open");
            // (on the wrong field, what was typed kept)
            f.ctrl('u');
            f.type_text("2026-11-29").ctrl('s');
            let Screen::Suggestions(s) = &f.app.screen else {
                unreachable!()
            };
            assert!(s.replying.is_none(), "{:?}", f.app.status);
            assert_eq!(s.rows[0].reply, "已约谈负责人并整改");
            assert_eq!(
                s.rows[0].status,
                tingping::domain::suggestion::Status::Replied
            );
            assert!(s.rows[0].number.ends_with("1号"), "{}", s.rows[0].number);
            f.screen()
        });
    }
}

/// An appearance without an art 12 situation is said so; one already in a suggestion opens it.
#[test]
fn a_suggestion_needs_a_situation_and_is_made_once() {
    let mut f = fixture(Lang::Zh, 40, 80, 24);
    let a = art12_appearance(&f);
    f.app.run(Cmd::DraftSuggestion(a));
    f.key(KeyCode::Enter)
        .type_text("王审判")
        .key(KeyCode::Enter);
    f.key(KeyCode::Esc);
    assert!(matches!(f.app.screen, Screen::List));
    f.app.run(Cmd::DraftSuggestion(a));
    assert!(matches!(f.app.screen, Screen::Suggestions(_)));
    let (msg, error) = f.app.status.clone().unwrap();
    assert!(error && msg.contains("已在司法建议 1 中"), "{msg}");
    // a head who appeared and was scored without a flag
    let from = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let to = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    let flagged: Vec<i64> = f
        .app
        .court
        .suggestion_candidates(from, to, None)
        .unwrap()
        .iter()
        .map(|c| c.concerned.appearance_id)
        .collect();
    let clean = f
        .app
        .court
        .appearances_between(from, to, None)
        .unwrap()
        .into_iter()
        .find(|x| !flagged.contains(x))
        .unwrap();
    f.app.run(Cmd::DraftSuggestion(clean));
    let (msg, error) = f.app.status.clone().unwrap();
    assert!(error && msg.contains("第十二条第一款"), "{msg}");
    assert!(f.app.overlay.is_none());
}
