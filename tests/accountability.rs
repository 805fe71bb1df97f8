//! Accountability in the TUI: finalizing with a typed name, amendment mode and saving it, a case's
//! history, deleting what was entered by mistake. Snapshots in zh and en at 80×24 and 160×48,
//! and what each flow writes (or does not write) to the store.

#[allow(unused_imports)]
use tingping::i18n::prelude::*;
mod common;
use common::screen::{Fixture, OPERATOR, fixture};
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
    let store = &mut f.app.court;
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

/// `F` on a draft: each award item not scored yet is the next step (selected, and said), a
/// digit scores it (0 too); once none is left, the judge's name.
fn score_awards_then_finalize(f: &mut Fixture) {
    for _ in 0..8 {
        f.key(KeyCode::Char('F'));
        if matches!(f.app.overlay, Some(Overlay::Prompt { .. })) {
            return;
        }
        f.key(KeyCode::Char('0'));
    }
    panic!("no name asked for: {}", f.screen())
}

#[test]
fn finalizing_leads_to_awards_not_scored_then_asks_for_a_typed_name() {
    for (w, h) in SIZES {
        both(&format!("finalize_untouched_{w}x{h}"), |lang| {
            let mut f = fixture(lang, 10, w, h);
            let (_, ids) = new_hearing(&mut f);
            f.app.run(Cmd::Score(ids[0]));
            f.key(KeyCode::Char('F'));
            assert!(f.app.overlay.is_none(), "no question: the next step");
            f.screen()
        });
    }
    both("finalize_prompt_empty", |lang| {
        let mut f = fixture(lang, 10, 80, 24);
        judges(&mut f);
        let (_, ids) = new_hearing(&mut f);
        f.app.run(Cmd::Score(ids[0]));
        score_awards_then_finalize(&mut f);
        f.type_text("王");
        f.screen()
    });
}

/// With no list of judges configured, a name that is not the hearing's presiding judge is asked
/// about first, naming whom it expected; yes finalizes as typed.
#[test]
fn finalizing_as_another_than_the_presiding_judge_asks_first() {
    set_lang(Lang::Zh);
    let mut f = fixture(Lang::Zh, 10, 80, 24);
    let (_, ids) = new_hearing(&mut f);
    f.app.run(Cmd::Score(ids[0]));
    let eid = f.app.court.evaluation_id_of(ids[0]).unwrap().unwrap().0;
    score_awards_then_finalize(&mut f);
    f.type_text("张三").key(KeyCode::Enter);
    let Some(Overlay::Confirm { message, .. }) = &f.app.overlay else {
        panic!("asked first")
    };
    assert!(
        message.contains("王审判") && message.contains("张三"),
        "{message}"
    );
    assert_eq!(
        f.app.court.evaluation(eid).unwrap().status,
        tingping::domain::model::EvalStatus::Draft
    );
    f.key(KeyCode::Char('y'));
    let e = f.app.court.evaluation(eid).unwrap();
    assert_eq!(
        (e.status, e.finalized_by.as_str()),
        (tingping::domain::model::EvalStatus::Final, "张三")
    );
}

#[test]
fn finalizing_refuses_an_empty_name_and_the_prompt_starts_empty() {
    set_lang(Lang::Zh);
    let mut f = fixture(Lang::Zh, 10, 80, 24);
    judges(&mut f);
    let (_, ids) = new_hearing(&mut f);
    f.app.run(Cmd::Score(ids[0]));
    let eid = f.app.court.evaluation_id_of(ids[0]).unwrap().unwrap().0;
    // the awards not scored are the next step: the first selected, all named
    f.key(KeyCode::Char('F'));
    assert!(f.app.overlay.is_none());
    let (message, _) = f.app.status.clone().unwrap();
    assert!(
        message.contains("庭前协调") && message.contains("作出履行承诺"),
        "{message}"
    );
    score_awards_then_finalize(&mut f);
    let empty = |f: &Fixture| matches!(&f.app.overlay, Some(Overlay::Prompt { field, .. }) if field.value().is_empty());
    assert!(empty(&f), "the hearing's judge (王审判) is not filled in");
    f.key(KeyCode::Enter);
    assert!(empty(&f), "asked again");
    assert!(f.screen().contains("定稿须填写审判长姓名"));
    assert_eq!(
        f.app.court.evaluation(eid).unwrap().status,
        EvalStatus::Draft
    );
    // typing offers the configured judges; ↓ chooses one, Enter takes it, Enter again confirms
    f.type_text("王").key(KeyCode::Down).key(KeyCode::Down);
    f.key(KeyCode::Enter); // the highlighted name into the field, not yet confirmed
    assert_eq!(
        f.app.court.evaluation(eid).unwrap().status,
        EvalStatus::Draft
    );
    f.key(KeyCode::Enter);
    let e = f.app.court.evaluation(eid).unwrap();
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
    f.key(KeyCode::PageDown)
        .key(KeyCode::PageDown)
        .key(KeyCode::Char('+'));
    let Screen::Scoring(s) = &f.app.screen else {
        panic!()
    };
    assert_eq!(s.untouched_awards().len(), all - 1);
}

/// Audit times are the wall clock's: shown as a placeholder so snapshots stay the same.
fn redact_times(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let pattern = "dddd-dd-dd dd:dd:dd";
    while i < chars.len() {
        let fits = i + pattern.len() <= chars.len()
            && pattern.chars().zip(&chars[i..]).all(|(p, c)| match p {
                'd' => c.is_ascii_digit(),
                p => p == *c,
            });
        if fits {
            out.push_str("YYYY-MM-DD hh:mm:ss");
            i += pattern.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The first row of the demo list whose 正职 was scored, finalized, and not marked late (what
/// [`amend_three`] changes): 合肥市公安局 in （2026）皖0104行初30号.
fn open_finalized(f: &mut Fixture) -> (i64, i64) {
    f.draw();
    let rows = f.app.court.list_first(500).unwrap();
    let at = rows
        .iter()
        .position(|r| {
            r.status == Some(EvalStatus::Final)
                && r.category == Some(AppearCategory::Principal)
                && r.evaluation_id.is_some_and(|e| {
                    !f.app
                        .court
                        .evaluation(e)
                        .unwrap()
                        .marks
                        .contains_key("late")
                })
        })
        .expect("a finalized 正职 in the demo");
    for _ in 0..at {
        f.key(KeyCode::Down);
    }
    f.key(KeyCode::Char('s'));
    let Screen::Scoring(s) = &f.app.screen else {
        panic!("review: {:?}", f.app.status)
    };
    assert_ne!(s.eval.status, EvalStatus::Draft);
    (s.appearance.id, s.eval.id)
}

/// In amendment mode: 迟到 marked, the person's category changed to 副职, the comment retyped.
fn amend_three(f: &mut Fixture) {
    f.key(KeyCode::Char('A'));
    f.key(KeyCode::Char(' ')); // the first item (late), still selected
    for _ in 0..7 {
        f.key(KeyCode::Up);
    }
    f.key(KeyCode::Char(' ')); // category: principal → deputy
    f.key(KeyCode::Char('c')).ctrl('u');
    f.type_text("负责人迟到十分钟，发言较充分")
        .key(KeyCode::Enter);
}

#[test]
fn amendment_mode_banner_and_pending_changes() {
    for (w, h) in SIZES {
        both(&format!("amend_mode_{w}x{h}"), |lang| {
            let mut f = fixture(lang, 40, w, h);
            open_finalized(&mut f);
            amend_three(&mut f);
            f.screen()
        });
    }
}

#[test]
fn amendment_save_overlay() {
    for (w, h) in SIZES {
        both(&format!("amend_save_{w}x{h}"), |lang| {
            let mut f = fixture(lang, 40, w, h);
            judges(&mut f);
            open_finalized(&mut f);
            amend_three(&mut f);
            f.ctrl('s').type_text("笔录核对：负责人迟到属实");
            f.key(KeyCode::Enter).type_text("王");
            f.screen()
        });
    }
}

#[test]
fn history_view() {
    for (w, h) in SIZES {
        both(&format!("history_{w}x{h}"), |lang| {
            let mut f = fixture(lang, 40, w, h);
            open_finalized(&mut f);
            amend_three(&mut f);
            f.ctrl('s').type_text("笔录核对：负责人迟到属实");
            f.key(KeyCode::Enter)
                .type_text("王审判")
                .key(KeyCode::Enter);
            f.key(KeyCode::Char('H'));
            assert!(matches!(f.app.overlay, Some(Overlay::History(_))));
            redact_times(&f.screen())
        });
    }
}

#[test]
fn amendment_writes_nothing_until_saved_then_every_change_with_one_reason() {
    set_lang(Lang::Zh);
    let mut f = fixture(Lang::Zh, 40, 80, 24);
    let (aid, eid) = open_finalized(&mut f);
    let before = f.app.court.evaluation(eid).unwrap();
    let appearance = f.app.court.appearance(aid).unwrap();
    let case = f
        .app
        .court
        .hearing(appearance.hearing_id)
        .unwrap()
        .case_number;
    let logged = f.app.court.history(&case).unwrap().len();
    let unwritten = |f: &Fixture| {
        assert_eq!(f.app.court.evaluation(eid).unwrap(), before);
        assert_eq!(f.app.court.appearance(aid).unwrap(), appearance);
        assert!(f.app.court.amendments_of(aid).unwrap().is_empty());
        assert_eq!(f.app.court.history(&case).unwrap().len(), logged);
    };

    amend_three(&mut f);
    unwritten(&f);
    let Screen::Scoring(s) = &f.app.screen else {
        panic!()
    };
    assert_eq!(s.pending().len(), 3);
    // Esc asks; "no" keeps the changes
    f.key(KeyCode::Esc);
    assert!(matches!(f.app.overlay, Some(Overlay::Confirm { .. })));
    f.key(KeyCode::Char('n'));
    unwritten(&f);
    // saving asks for a reason and a name, neither filled in
    f.ctrl('s');
    let Some(Overlay::AmendSave(form)) = &f.app.overlay else {
        panic!("save form: {:?}", f.app.status)
    };
    assert_eq!((form.reason.value(), form.judge.value()), ("", ""));
    assert_eq!(form.changes.len(), 3);
    f.key(KeyCode::Enter); // no reason
    assert!(f.screen().contains("修订须说明理由"));
    f.type_text("笔录核对：负责人迟到属实").key(KeyCode::Enter);
    f.key(KeyCode::Enter); // no name
    assert!(f.screen().contains("请输入法官姓名"));
    unwritten(&f);
    f.type_text("王审判").key(KeyCode::Enter);
    assert!(f.app.overlay.is_none(), "{:?}", f.app.status);

    let done = f.app.court.amendments_of(aid).unwrap();
    let fields: Vec<&str> = done.iter().map(|a| a.field.as_str()).collect();
    assert_eq!(fields, ["category", "late", "comment"]);
    for a in &done {
        assert_eq!(a.reason, "笔录核对：负责人迟到属实");
        assert_eq!(a.by, "王审判");
        assert_eq!(a.operator, OPERATOR);
    }
    let after = f.app.court.evaluation(eid).unwrap();
    assert_eq!(after.marks.get("late"), Some(&1));
    assert_eq!(after.comment, "负责人迟到十分钟，发言较充分");
    assert_eq!(
        f.app.court.appearance(aid).unwrap().category,
        AppearCategory::Deputy
    );
    // the original is kept in the log, and the list shows the record's version
    let row = f
        .app
        .court
        .list_first(500)
        .unwrap()
        .into_iter()
        .find(|r| r.appearance_id == Some(aid))
        .unwrap();
    assert_eq!(row.version, 4);
    let Screen::Scoring(s) = &f.app.screen else {
        panic!()
    };
    assert!(s.amend.is_none() && s.amendments == 3);
    let text = f.screen();
    assert!(
        text.contains("已保存修订 3 项") && text.contains("修订×3"),
        "{text}"
    );
    // the list says it was amended: its version, as `list --json` counts it
    f.key(KeyCode::Esc).key(KeyCode::Esc);
    let text = f.screen();
    assert!(text.contains("定稿 v4"), "{text}");
}

#[test]
fn a_dropped_amendment_leaves_the_record_as_it_was() {
    set_lang(Lang::Zh);
    let mut f = fixture(Lang::Zh, 40, 80, 24);
    let (aid, eid) = open_finalized(&mut f);
    let before = f.app.court.evaluation(eid).unwrap();
    f.key(KeyCode::Char('A')).key(KeyCode::Char(' '));
    // PageDown and PageUp from the appearance's fields: the first and the last dimension
    for (key, row) in [(KeyCode::Up, 6), (KeyCode::PageDown, 7), (KeyCode::Up, 6)] {
        f.key(key);
        let Screen::Scoring(s) = &f.app.screen else {
            panic!()
        };
        assert_eq!(s.selected, row);
    }
    f.key(KeyCode::PageUp);
    let Screen::Scoring(s) = &f.app.screen else {
        panic!()
    };
    assert_eq!(
        s.selected, 31,
        "判决履行, the last dimension (one item, the last row)"
    );
    f.key(KeyCode::Esc).key(KeyCode::Char('y'));
    let Screen::Scoring(s) = &f.app.screen else {
        panic!()
    };
    assert!(s.amend.is_none());
    assert_eq!(f.app.court.evaluation(eid).unwrap(), before);
    assert!(f.app.court.amendments_of(aid).unwrap().is_empty());
    // nothing changed: Esc leaves at once, Ctrl-s says there is nothing to save
    f.key(KeyCode::Char('A')).ctrl('s');
    assert!(f.app.overlay.is_none());
    assert!(f.screen().contains("没有修改任何内容"));
    f.key(KeyCode::Esc);
    assert!(f.app.overlay.is_none());
}

#[test]
fn amending_a_settled_hearing_through_its_form() {
    both("amend_hearing_form", |lang| {
        let mut f = fixture(lang, 40, 80, 24);
        f.draw();
        f.key(KeyCode::Enter).key(KeyCode::Char('e'));
        f.key(KeyCode::Tab).ctrl('u').type_text("不服行政强制措施");
        f.screen()
    });
    set_lang(Lang::Zh);
    let mut f = fixture(Lang::Zh, 40, 80, 24);
    f.draw();
    f.key(KeyCode::Enter);
    let Screen::Hearing(h) = &f.app.screen else {
        panic!()
    };
    let (hid, aid, cause) = (h.hearing.id, h.rows[0].0.id, h.hearing.cause.clone());
    f.key(KeyCode::Char('e'));
    f.key(KeyCode::Tab).ctrl('u').type_text("不服行政强制措施");
    assert_eq!(f.app.court.hearing(hid).unwrap().cause, cause, "not yet");
    f.ctrl('s').type_text("案由录入有误").key(KeyCode::Enter);
    f.type_text("王审判").key(KeyCode::Enter);
    assert!(
        matches!(f.app.screen, Screen::Hearing(_)),
        "{:?}",
        f.app.status
    );
    assert_eq!(f.app.court.hearing(hid).unwrap().cause, "不服行政强制措施");
    let done = f.app.court.amendments_of(aid).unwrap();
    assert_eq!(
        (done[0].field.as_str(), done[0].old.as_str()),
        ("cause", cause.as_str())
    );
    assert_eq!(done[0].target, "hearing");
}

#[test]
fn deleting_what_was_entered_by_mistake() {
    set_lang(Lang::Zh);
    let mut f = fixture(Lang::Zh, 10, 80, 24);
    let (hid, ids) = new_hearing(&mut f);
    // the first agency gets a mark: removing it asks for a reason
    let eid = f
        .app
        .court
        .evaluation_for(ids[0], &f.app.rubric)
        .unwrap()
        .id;
    f.app.court.set_mark(eid, "late", 1).unwrap();
    f.app.run(Cmd::OpenHearing(hid));
    f.key(KeyCode::Char('x'));
    assert!(
        matches!(f.app.overlay, Some(Overlay::Prompt { .. })),
        "a reason, not yes/no"
    );
    f.key(KeyCode::Enter);
    assert!(f.screen().contains("删除须说明理由"));
    f.type_text("被告机关录入错误").key(KeyCode::Enter);
    assert_eq!(f.app.court.appearances(hid).unwrap().len(), 1);
    let history = f.app.court.history("（2026）皖0104行初501号").unwrap();
    assert!(
        history
            .iter()
            .any(|e| e.action == "delete" && e.reason == "被告机关录入错误")
    );
    // the rest has no marks: a yes/no question deletes the hearing
    f.key(KeyCode::Char('D'));
    assert!(matches!(f.app.overlay, Some(Overlay::Confirm { .. })));
    f.key(KeyCode::Char('y'));
    assert!(matches!(f.app.screen, Screen::List));
    assert!(f.app.court.hearing(hid).is_err());
    assert!(f.screen().contains("已删除"));
}

#[test]
fn settled_records_are_offered_an_amendment_instead_of_deletion() {
    set_lang(Lang::Zh);
    let mut f = fixture(Lang::Zh, 40, 80, 24);
    f.draw();
    f.key(KeyCode::Enter); // the hearing of the first row, finalized
    f.key(KeyCode::Char('x'));
    let Some(Overlay::Confirm { message, .. }) = &f.app.overlay else {
        panic!("{:?}", f.app.status)
    };
    assert!(message.contains("只能修订"), "{message}");
    f.key(KeyCode::Char('y'));
    let Screen::Scoring(s) = &f.app.screen else {
        panic!()
    };
    assert!(s.amend.is_some(), "opened in amendment mode");
    f.key(KeyCode::Esc); // nothing changed: leaves amendment mode
    f.key(KeyCode::Esc);
    f.key(KeyCode::Char('D'));
    let Some(Overlay::Confirm { message, .. }) = &f.app.overlay else {
        panic!()
    };
    assert!(message.contains("只能修订"), "{message}");
    f.key(KeyCode::Char('y'));
    let Screen::HearingForm(form) = &f.app.screen else {
        panic!()
    };
    assert!(form.amend.is_some());
}
