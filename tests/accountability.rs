//! Accountability in the TUI: finalizing with a typed name, amendment mode and saving it, a case's
//! history, deleting what was entered by mistake. Snapshots in zh and en at 80×24 and 160×48,
//! and what each flow writes (or does not write) to the store.

mod common;
use common::screen::{Fixture, fixture};
use crossterm::event::KeyCode;
use tingping::domain::model::{AppearCategory, EvalStatus};
use tingping::i18n::{Lang, set_lang};
use tingping::tui::app::{Cmd, Screen};
use tingping::tui::overlay::Overlay;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn both(name: &str, f: impl Fn(Lang) -> String) {
    for lang in [Lang::Zh, Lang::En] {
        let text = f(lang);
        check_frame(&text);
        insta::assert_snapshot!(format!("{name}_{}", lang.code()), text);
    }
}

/// Nothing cut: a wide character split at a column edge would show as a replacement character
/// (the fixture also checks that nothing is drawn over a wide character's second half).
fn check_frame(text: &str) {
    assert!(!text.contains('\u{FFFD}'), "a character was cut:\n{text}");
}

fn judges(f: &mut Fixture) {
    f.app.config.judges = vec!["王审判".into(), "王法官".into(), "李法官".into()];
}

/// A hearing of two agencies whose heads appeared, not scored yet; returns the appearances.
fn new_hearing(f: &mut Fixture) -> (i64, Vec<i64>) {
    let input = tingping::store::HearingInput {
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
    let store = &mut f.app.store;
    let hid = store
        .insert_hearing(
            &input,
            &["蜀山区人民政府".into(), "合肥市自然资源和规划局".into()],
        )
        .unwrap();
    let mut ids = Vec::new();
    for (mut a, (name, cat)) in store.appearances(hid).unwrap().into_iter().zip([
        ("张建国", AppearCategory::Deputy),
        ("刘芳", AppearCategory::Principal),
    ]) {
        a.person = name.into();
        a.category = cat;
        store.update_appearance(&a).unwrap();
        ids.push(a.id);
    }
    (hid, ids)
}

#[test]
fn finalizing_warns_of_awards_not_scored_then_asks_for_a_typed_name() {
    for (w, h) in SIZES {
        both(&format!("finalize_untouched_{w}x{h}"), |lang| {
            let mut f = fixture(lang, 10, w, h);
            let (_, ids) = new_hearing(&mut f);
            f.app.run(Cmd::Score(ids[0]));
            f.key(KeyCode::Char('F'));
            f.screen()
        });
    }
    both("finalize_prompt_empty", |lang| {
        let mut f = fixture(lang, 10, 80, 24);
        judges(&mut f);
        let (_, ids) = new_hearing(&mut f);
        f.app.run(Cmd::Score(ids[0]));
        f.key(KeyCode::Char('F')).key(KeyCode::Char('y'));
        f.type_text("王");
        f.screen()
    });
}

#[test]
fn finalizing_refuses_an_empty_name_and_the_prompt_starts_empty() {
    set_lang(Lang::Zh);
    let mut f = fixture(Lang::Zh, 10, 80, 24);
    judges(&mut f);
    let (_, ids) = new_hearing(&mut f);
    f.app.run(Cmd::Score(ids[0]));
    let eid = f.app.store.evaluation_id_of(ids[0]).unwrap().unwrap().0;
    f.key(KeyCode::Char('F'));
    let Some(Overlay::Confirm { message, .. }) = &f.app.overlay else {
        panic!("the awards not scored are named first")
    };
    assert!(
        message.contains("庭前协调") && message.contains("作出履行承诺"),
        "{message}"
    );
    f.key(KeyCode::Char('y'));
    let empty = |f: &Fixture| matches!(&f.app.overlay, Some(Overlay::Prompt { field, .. }) if field.value().is_empty());
    assert!(empty(&f), "the hearing's judge (王审判) is not filled in");
    f.key(KeyCode::Enter);
    assert!(empty(&f), "asked again");
    assert!(f.screen().contains("定稿须填写审判长姓名"));
    assert_eq!(
        f.app.store.evaluation(eid).unwrap().status,
        EvalStatus::Draft
    );
    // typing offers the configured judges; ↓ chooses one, Enter takes it, Enter again confirms
    f.type_text("王").key(KeyCode::Down).key(KeyCode::Down);
    f.key(KeyCode::Enter); // the highlighted name into the field, not yet confirmed
    assert_eq!(
        f.app.store.evaluation(eid).unwrap().status,
        EvalStatus::Draft
    );
    f.key(KeyCode::Enter);
    let e = f.app.store.evaluation(eid).unwrap();
    assert_eq!(
        (e.status, e.finalized_by.as_str()),
        (EvalStatus::Final, "王法官")
    );
    // once an award is scored it is not named
    f.app.run(Cmd::Score(ids[1]));
    let Screen::Scoring(s) = &mut f.app.screen else {
        panic!()
    };
    let all = s.untouched_awards().len();
    // 争议化解, the third dimension, opens with an award (庭前协调)
    f.key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Char('+'));
    let Screen::Scoring(s) = &f.app.screen else {
        panic!()
    };
    assert_eq!(s.untouched_awards().len(), all - 1);
}
