//! Issue 12 in the TUI: the agency directory (search, edit, merge), a hearing schedule imported
//! from the list after a dry run, people remembered in the forms, and today's hearings first.

#[allow(unused_imports)]
use tingping::i18n::prelude::*;
mod common;
use common::screen::{Fixture, fixture};
use crossterm::event::KeyCode;
use tingping::domain::directory::DirectoryEntry;
use tingping::domain::model::{ActKind, AgencyLevel, AppearCategory};
use tingping::domain::sheet::Place;
use tingping::i18n::{Lang, set_lang};
use tingping::tui::app::{Cmd, Screen};
use tingping::tui::overlay::Overlay;
use tingping::tui::overlay::import::ImportPreview;
use tingping_store::HearingInput;
use tingping_store::audit::Verified;

fn both(name: &str, f: impl Fn(Lang) -> String) {
    for lang in [Lang::Zh, Lang::En] {
        let text = f(lang);
        insta::assert_snapshot!(format!("{name}_{}", lang.code()), text);
    }
}

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

/// 2026-11-29 10:00 (UTC+8; the same day in UTC): the demo data's hearings end on 2026-10-31.
const NOV_29: i64 = 1_795_917_600_000;
const TODAY: &str = "2026-11-29";

fn place() -> Place {
    Place {
        row: 2,
        col: 1,
        header: "名称".into(),
    }
}

fn hearing(case: &str, date: &str, time: &str) -> HearingInput {
    HearingInput {
        case_number: case.into(),
        cause: "不服行政处罚决定".into(),
        act_kind: Some(ActKind::Penalty),
        court: "合肥市蜀山区人民法院".into(),
        judge: "王审判".into(),
        clerk: "李书记".into(),
        date: date.into(),
        start_time: time.into(),
        ..Default::default()
    }
}

fn ok_court(c: &tingping::Court) {
    let v = c.verify().unwrap();
    assert!(matches!(v, Verified::Ok { .. }), "{v:?}");
}

/// The demo data, with short names for the police, an agency whose name is longer than any
/// column, and 蜀山区城管局 — the city management bureau spelt another way in one hearing.
fn directory_data(lang: Lang, w: u16, h: u16) -> Fixture {
    let mut f = fixture(lang, 40, w, h);
    f.app.now_ms = || NOV_29;
    let entry =
        |name: &str, aliases: &[&str], level, region: &str, government: &str| DirectoryEntry {
            at: place(),
            aliases_at: place(),
            name: name.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            level,
            region: region.into(),
            government: government.into(),
            superior: String::new(),
        };
    f.app
        .court
        .import_directory(
            &[
                entry(
                    "合肥市公安局",
                    &["市公安局", "合肥公安"],
                    Some(AgencyLevel::City),
                    "合肥市",
                    "合肥市人民政府",
                ),
                entry(
                    "合肥高新技术产业开发区管理委员会经济贸易和科技发展局",
                    &["高新区经贸局", "高新区科技局"],
                    Some(AgencyLevel::County),
                    "合肥高新技术产业开发区",
                    "合肥高新技术产业开发区管理委员会",
                ),
            ],
            false,
        )
        .unwrap()
        .unwrap();
    f.app
        .court
        .insert_hearing(
            &hearing("（2026）皖0104行初601号", "2026-11-20", "09:30"),
            &["蜀山区城管局".into()],
        )
        .unwrap();
    f.draw();
    f
}

/// The directory opened from the list with `A`.
fn directory(lang: Lang, w: u16, h: u16) -> Fixture {
    let mut f = directory_data(lang, w, h);
    f.key(KeyCode::Char('A'));
    assert!(matches!(f.app.screen, Screen::Agencies(_)));
    f
}

fn shown_names(f: &Fixture) -> Vec<String> {
    let Screen::Agencies(s) = &f.app.screen else {
        panic!("not the directory")
    };
    s.shown
        .iter()
        .map(|&i| s.rows[i].agency.name.clone())
        .collect()
}

#[test]
fn directory_screen() {
    for (w, h) in SIZES {
        both(&format!("directory_{w}x{h}"), |lang| {
            let mut f = directory(lang, w, h);
            // the long name, selected
            let at = shown_names(&f)
                .iter()
                .position(|n| n.starts_with("合肥高新"))
                .unwrap();
            for _ in 0..at {
                f.key(KeyCode::Down);
            }
            f.screen()
        });
    }
}

#[test]
fn directory_search_as_you_type() {
    for (w, h) in SIZES {
        both(&format!("directory_search_{w}x{h}"), |lang| {
            let mut f = directory(lang, w, h);
            // typed straight away: pinyin initials of 蜀山区城…
            f.type_text("ssqc");
            f.screen()
        });
    }
}

#[test]
fn typing_searches_by_pinyin_and_esc_clears_it() {
    set_lang(Lang::Zh);
    let mut f = directory(Lang::Zh, 80, 24);
    let all = shown_names(&f).len();
    // a letter no key uses starts the search; pinyin initials find the police
    f.type_text("hfsgaj");
    assert_eq!(shown_names(&f), vec!["合肥市公安局"]);
    // a short name, in Chinese, finds it too
    f.key(KeyCode::Esc).type_text("合肥公安");
    assert_eq!(shown_names(&f), vec!["合肥市公安局"]);
    // e and M are letters while typing, not keys
    f.key(KeyCode::Esc).key(KeyCode::Char('/')).type_text("em");
    assert!(matches!(&f.app.screen, Screen::Agencies(s) if s.query.value() == "em"));
    assert!(f.app.overlay.is_none());
    // Esc clears the search, and leaves the screen when nothing is searched
    f.key(KeyCode::Esc);
    assert_eq!(shown_names(&f).len(), all);
    f.key(KeyCode::Esc);
    assert!(matches!(f.app.screen, Screen::List));
    // a search still shown after Enter back to the list: the first Esc clears it, and letters
    // typed next search again (they are not the list's keys)
    f.key(KeyCode::Char('A'))
        .type_text("hfsgaj")
        .key(KeyCode::Enter);
    assert_eq!(shown_names(&f), vec!["合肥市公安局"]);
    f.key(KeyCode::Esc);
    assert!(
        matches!(f.app.screen, Screen::Agencies(_)),
        "still the directory"
    );
    assert_eq!(shown_names(&f).len(), all);
    f.key(KeyCode::Esc);
    assert!(matches!(f.app.screen, Screen::List));
    // Ctrl-c leaves too
    f.key(KeyCode::Char('A')).ctrl('c');
    assert!(matches!(f.app.screen, Screen::List));
    assert!(!f.app.quit);
}

/// The police's edit form, opened after a search, its short names changed.
fn edit_form(f: &mut Fixture) {
    f.type_text("hfsgaj")
        .key(KeyCode::Enter)
        .key(KeyCode::Char('e'));
    assert!(matches!(&f.app.screen, Screen::Agencies(s) if s.editing.is_some()));
    // (the name first, then the short names)
    f.key(KeyCode::Tab)
        .key(KeyCode::End)
        .type_text("、合肥市公安");
    f.key(KeyCode::Tab).key(KeyCode::Left);
}

#[test]
fn directory_edit_form() {
    for (w, h) in SIZES {
        both(&format!("directory_edit_{w}x{h}"), |lang| {
            let mut f = directory(lang, w, h);
            edit_form(&mut f);
            f.screen()
        });
    }
}

#[test]
fn an_agency_edited_in_the_directory_is_saved_and_logged() {
    set_lang(Lang::Zh);
    let mut f = directory(Lang::Zh, 80, 24);
    let head = f.app.court.chain_head().unwrap().0;
    edit_form(&mut f);
    f.ctrl('s');
    let text = f.screen();
    assert!(text.contains("已保存“合肥市公安局”：修改 2 处"), "{text}");
    let police = f.app.court.find_agency("合肥公安").unwrap().unwrap();
    assert_eq!(
        (police.name.as_str(), police.level),
        ("合肥市公安局", AgencyLevel::Province)
    );
    assert_eq!(
        f.app.court.find_agency("合肥市公安").unwrap().map(|a| a.id),
        Some(police.id)
    );
    // a level and a short name: two entries
    assert_eq!(f.app.court.chain_head().unwrap().0, head + 2);
    // a short name another agency has is refused, and the form stays open with what was typed
    f.key(KeyCode::Char('e'))
        .key(KeyCode::Tab)
        .key(KeyCode::End)
        .type_text("、蜀山区城管局")
        .ctrl('s');
    let text = f.screen();
    assert!(text.contains("蜀山区城管局"), "{text}");
    assert!(matches!(&f.app.screen, Screen::Agencies(s) if s.editing.is_some()));
    assert_eq!(f.app.status.as_ref().map(|s| s.1), Some(true));
    f.key(KeyCode::Esc);
    assert!(matches!(&f.app.screen, Screen::Agencies(s) if s.editing.is_none()));
    ok_court(&f.app.court);
}

/// 蜀山区城管局 selected, `M`, and the target searched by pinyin.
fn merge_picker(f: &mut Fixture) {
    f.type_text("ssqcgj").key(KeyCode::Enter);
    // unbroken first: 蜀山区城管局, then 蜀山区城(市)管(理)局
    assert_eq!(shown_names(f)[0], "蜀山区城管局");
    f.key(KeyCode::Char('M'));
    assert!(matches!(f.app.overlay, Some(Overlay::Picker { .. })));
    f.type_text("ssq");
}

#[test]
fn directory_merge_picker() {
    for (w, h) in SIZES {
        both(&format!("directory_merge_{w}x{h}"), |lang| {
            let mut f = directory(lang, w, h);
            merge_picker(&mut f);
            f.screen()
        });
    }
}

#[test]
fn a_merge_through_the_screen_asks_a_reason_and_writes_the_audit_entries() {
    set_lang(Lang::Zh);
    let mut f = directory(Lang::Zh, 80, 24);
    let agencies = f
        .app
        .court
        .directory(common::screen::demo_today())
        .unwrap()
        .len();
    merge_picker(&mut f);
    // the agency itself is never offered
    let Some(Overlay::Picker { picker, .. }) = &f.app.overlay else {
        panic!("the picker")
    };
    assert!(!picker.suggestions.is_empty());
    assert!(!picker.suggestions.iter().any(|s| s == "蜀山区城管局"));
    // the one it is: typed further until it is the only match, then Enter
    f.type_text("csgl");
    let Some(Overlay::Picker { picker, .. }) = &f.app.overlay else {
        panic!("the picker")
    };
    assert_eq!(picker.suggestions, vec!["蜀山区城市管理局"]);
    f.key(KeyCode::Enter);
    assert!(f.screen().contains("合并理由"));
    // no reason: asked again
    f.key(KeyCode::Enter);
    let text = f.screen();
    assert!(
        text.contains("合并须说明理由") && text.contains("合并理由"),
        "{text}"
    );
    f.type_text("同一机关，简称误录").key(KeyCode::Enter);
    // asked once more (it cannot be undone), saying where the two differ
    let Some(Overlay::Confirm { message, .. }) = &f.app.overlay else {
        panic!("the merge is asked about")
    };
    assert!(message.contains("不能撤销"), "{message}");
    assert!(message.contains("两者不同"), "{message}");
    f.key(KeyCode::Char('y'));
    let text = f.screen();
    assert!(
        text.contains("已将“蜀山区城管局”并入“蜀山区城市管理局”：移动出庭记录 1 条"),
        "{text}"
    );
    assert_eq!(
        f.app
            .court
            .directory(common::screen::demo_today())
            .unwrap()
            .len(),
        agencies - 1
    );
    let moved = f
        .app
        .court
        .history("（2026）皖0104行初601号")
        .unwrap()
        .into_iter()
        .find(|e| e.field == "agency")
        .expect("the moved appearance is logged");
    assert_eq!(
        (
            moved.old.as_str(),
            moved.new.as_str(),
            moved.reason.as_str(),
            moved.operator.as_str()
        ),
        (
            "蜀山区城管局",
            "蜀山区城市管理局",
            "同一机关，简称误录",
            common::screen::OPERATOR
        )
    );
    // the old name is a short name now, shown in the directory
    let text = f.screen();
    assert!(text.contains("蜀山区城管局"), "{text}");
    ok_court(&f.app.court);
}

#[test]
fn a_merge_the_store_refuses_is_said_in_the_status_line() {
    set_lang(Lang::Zh);
    let mut f = directory_data(Lang::Zh, 80, 24);
    f.app
        .court
        .insert_hearing(
            &hearing("（2026）皖0104行初602号", "2026-11-21", "09:30"),
            &["甲县公安局".into(), "甲县公安分局".into()],
        )
        .unwrap();
    let head = f.app.court.chain_head().unwrap();
    f.key(KeyCode::Char('A'));
    f.type_text("甲县公安分局").key(KeyCode::Enter);
    f.key(KeyCode::Char('M')).type_text("甲县公安局");
    // Chinese typed stays as typed: Enter takes it; the merge is refused at once, before a
    // reason is asked for
    f.key(KeyCode::Enter);
    assert!(f.app.overlay.is_none(), "no reason asked for");
    let text = f.screen();
    assert!(text.contains("同为 （2026）皖0104行初602号"), "{text}");
    let (message, error) = f.app.status.clone().unwrap();
    assert!(error && message.contains("不能合并"), "{message}");
    // into itself, or into no agency: refused before a reason is asked
    f.key(KeyCode::Char('M'))
        .type_text("某局")
        .key(KeyCode::Enter);
    assert!(f.screen().contains("机关名录中没有“某局”"));
    assert!(f.app.overlay.is_none());
    f.key(KeyCode::Char('M'))
        .type_text("甲县公安分局")
        .key(KeyCode::Enter);
    assert!(f.screen().contains("已是同一机关"));
    assert_eq!(f.app.court.chain_head().unwrap(), head, "nothing written");
}

/// A schedule: two hearings of today (one with two agencies), one of December, a date that is
/// not one, and a case of another kind (noted, not imported).
fn schedule_csv() -> String {
    [
        "案号,案由,开庭日期,开庭时间,审判长,书记员,被告,法庭",
        "（2026）皖0104行初701号,不服行政处罚,2026-11-29,14:30,王审判,李书记,合肥市公安局,第三法庭",
        "（2026）皖0104行初702号,房屋征收补偿,2026/11/29,9:00,赵审判,周书记,\"蜀山区人民政府、合肥市自然资源和规划局\",第一法庭",
        "（2026）皖0104行初703号,政府信息公开,2026-12-02,9点半,王审判,李书记,合肥市生态环境局,第三法庭",
        "（2026）皖0104行初704号,不服行政强制,2026-13-01,9:30,王审判,李书记,蜀山区城市管理局,第三法庭",
        "（2026）皖0104民初705号,合同纠纷,2026-12-03,9:30,王审判,李书记,某公司,第二法庭",
    ]
    .join("\n")
        + "\n"
}

/// The dry-run overlay, opened on a fixed file name (the real one is a temporary folder's).
fn import_overlay(lang: Lang, w: u16, h: u16) -> Fixture {
    import_overlay_of(lang, w, h, &schedule_csv())
}

fn import_overlay_of(lang: Lang, w: u16, h: u16, csv: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("排期.csv");
    std::fs::write(&path, csv).unwrap();
    let mut f = directory_data(lang, w, h);
    let schedule = tingping::import::schedule::read(&path, None, f.app.court.scope()).unwrap();
    let report = f
        .app
        .court
        .apply_schedule(&schedule, "合肥市蜀山区人民法院", true, false)
        .unwrap();
    f.app.overlay = Some(Overlay::Import(ImportPreview::new(
        "/srv/书记员/2026年11月29日至12月3日行政案件开庭排期表（第三法庭、第一法庭）.csv".into(),
        schedule,
        report,
    )));
    f
}

#[test]
fn import_summary_overlay() {
    for (w, h) in SIZES {
        both(&format!("import_summary_{w}x{h}"), |lang| {
            let mut f = import_overlay(lang, w, h);
            f.screen()
        });
        // yes without skipping is refused, and says what to do
        both(&format!("import_summary_refused_{w}x{h}"), |lang| {
            let mut f = import_overlay(lang, w, h);
            f.key(KeyCode::Char('y'));
            assert!(f.app.overlay.is_some());
            f.screen()
        });
        // s chooses to skip the wrong rows
        both(&format!("import_summary_skip_{w}x{h}"), |lang| {
            let mut f = import_overlay(lang, w, h);
            f.key(KeyCode::Char('y')).key(KeyCode::Char('s'));
            f.screen()
        });
    }
}

/// The dry run's refusals are read whole: wrapped in the box, never cut with "…" (the box as
/// wide as the longest needs at 160 columns, not capped at 100).
#[test]
fn import_refusals_are_whole() {
    for (w, h) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let mut f = import_overlay(lang, w, h);
            let text = f.screen();
            let boxed: String = text
                .lines()
                .filter_map(|l| {
                    let a = l.find("│ ")?;
                    let b = l.rfind(" │")?;
                    (b > a).then(|| l[a + "│ ".len()..b].trim_end().to_string())
                })
                // (the file's path is cut at its front, "…/", on purpose: its name is at the end)
                .skip(1)
                .collect::<Vec<_>>()
                .join("");
            assert!(!boxed.contains('…'), "{lang:?} {w}: {text}");
            assert!(boxed.contains("20261103"), "{lang:?} {w}: {text}");
        }
    }
}

/// Imports through the list: `i`, the path typed, Enter; ends on the dry run's overlay.
fn import_through_the_list(f: &mut Fixture, path: &std::path::Path) {
    f.key(KeyCode::Char('i'));
    assert!(f.screen().contains("导入开庭排期"));
    f.type_text(path.to_str().unwrap()).key(KeyCode::Enter);
    assert!(
        matches!(f.app.overlay, Some(Overlay::Import(_))),
        "{:?}",
        f.app.status
    );
}

#[test]
fn the_dry_run_changes_nothing_and_y_imports_then_shows_today() {
    set_lang(Lang::Zh);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("排期.csv");
    // GBK, as a clerk's spreadsheet saves it
    let text = schedule_csv();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(&path, &gbk).unwrap();
    let mut f = fixture(Lang::Zh, 40, 80, 24);
    f.app.now_ms = || NOV_29;
    f.draw();
    let before = (
        f.app.court.list_count().unwrap(),
        f.app.court.chain_head().unwrap(),
    );
    import_through_the_list(&mut f, &path);
    let text = f.screen();
    assert!(
        text.contains("新增 3 件，更新 0 件，未变 0 件，未导入 2 行"),
        "{text}"
    );
    assert!(text.contains("第5行 第3列（开庭日期）"), "{text}");
    let after_dry_run = (
        f.app.court.list_count().unwrap(),
        f.app.court.chain_head().unwrap(),
    );
    assert_eq!(after_dry_run, before, "the dry run wrote nothing");
    // n cancels: nothing imported
    f.key(KeyCode::Char('n'));
    assert!(f.app.overlay.is_none());
    assert!(f.screen().contains("未导入开庭排期"));
    // again: the prompt starts in nothing remembered (nothing was imported), y is refused while
    // the wrong row is not skipped, s skips it, y imports
    import_through_the_list(&mut f, &path);
    f.key(KeyCode::Char('y'));
    assert!(f.screen().contains("按 s 选择跳过有误的行"));
    assert_eq!(f.app.court.list_count().unwrap(), before.0);
    f.key(KeyCode::Char('s')).key(KeyCode::Char('y'));
    assert!(f.app.overlay.is_none());
    let text = f.screen();
    assert!(
        text.contains("已导入开庭排期：新增 3 件，更新 0 件，未变 0 件，未导入 2 行"),
        "{text}"
    );
    // four rows: 701, 702 (two agencies), 703
    assert_eq!(f.app.court.list_count().unwrap(), before.0 + 4);
    // the list shows today's hearings, the earliest (702, 09:00) selected, its first agency
    assert!(matches!(f.app.screen, Screen::List), "the list");
    let l = f.app.list();
    let row = l.selected_row().unwrap();
    assert_eq!(
        (
            row.case_number.as_str(),
            row.date.as_str(),
            row.start_time.as_str()
        ),
        ("（2026）皖0104行初702号", TODAY, "09:00")
    );
    assert_eq!(row.agency.as_deref(), Some("蜀山区人民政府"));
    // the next import starts in the file's folder
    f.key(KeyCode::Char('i'));
    let text = f.screen();
    assert!(text.contains(dir.path().to_str().unwrap()), "{text}");
    f.key(KeyCode::Esc);
    // importing the same file again changes nothing
    f.key(KeyCode::Char('i')).ctrl('u');
    f.type_text(path.to_str().unwrap()).key(KeyCode::Enter);
    assert!(f.screen().contains("新增 0 件，更新 0 件，未变 3 件"));
    ok_court(&f.app.court);
}

#[test]
fn a_file_that_is_not_a_schedule_is_refused_in_the_status_line() {
    set_lang(Lang::Zh);
    let dir = tempfile::tempdir().unwrap();
    let mut f = fixture(Lang::Zh, 40, 80, 24);
    f.draw();
    let head = f.app.court.chain_head().unwrap();
    // a folder, a missing file, a file of another kind, a symlink
    let other = dir.path().join("notes.docx");
    std::fs::write(&other, "x").unwrap();
    let target = dir.path().join("real.csv");
    std::fs::write(&target, schedule_csv()).unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for p in [
        dir.path().to_path_buf(),
        dir.path().join("missing.csv"),
        other,
        link,
    ] {
        f.key(KeyCode::Char('i'));
        f.type_text(p.to_str().unwrap()).key(KeyCode::Enter);
        assert!(f.app.overlay.is_none(), "{p:?}");
        assert_eq!(
            f.app.status.as_ref().map(|s| s.1),
            Some(true),
            "{p:?} {:?}",
            f.app.status
        );
    }
    assert_eq!(f.app.court.chain_head().unwrap(), head);
}

#[test]
fn t_selects_the_earliest_of_todays_hearings_not_yet_scored() {
    set_lang(Lang::Zh);
    let mut f = fixture(Lang::Zh, 40, 80, 24);
    f.app.now_ms = || NOV_29;
    f.draw();
    f.key(KeyCode::Char('t'));
    assert!(f.screen().contains("今天（2026-11-29）没有庭审"));
    let s = &mut f.app.court;
    let early = s
        .insert_hearing(
            &hearing("（2026）皖0104行初801号", TODAY, "08:30"),
            &["合肥市公安局".into()],
        )
        .unwrap();
    s.insert_hearing(
        &hearing("（2026）皖0104行初802号", TODAY, "14:30"),
        &["合肥市公安局".into()],
    )
    .unwrap();
    s.insert_hearing(
        &hearing("（2026）皖0104行初803号", TODAY, "10:00"),
        &["蜀山区人民政府".into(), "合肥市公安局".into()],
    )
    .unwrap();
    s.insert_hearing(
        &hearing("（2026）皖0104行初804号", "2026-12-01", "09:00"),
        &["合肥市公安局".into()],
    )
    .unwrap();
    // the 08:30 hearing is scored already (live mode went through it)
    let a = s.appearances(early).unwrap().remove(0);
    let rubric = f.app.rubric.clone();
    f.app.court.evaluation_for(a.id, &rubric).unwrap();
    f.app.run(Cmd::OpenList);
    f.key(KeyCode::Char('t'));
    let text = f.screen();
    assert!(text.contains("今天（2026-11-29）的庭审：4 条"), "{text}");
    assert!(matches!(f.app.screen, Screen::List), "the list");
    let l = f.app.list();
    let row = l.selected_row().unwrap();
    assert_eq!(
        (row.case_number.as_str(), row.agency.as_deref()),
        ("（2026）皖0104行初803号", Some("蜀山区人民政府"))
    );
    // the day starts at the top of the view: its first row is the line under the header
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[2].contains("行初802号"), "{text}");
}

#[test]
fn a_new_hearing_starts_with_the_previous_judge_and_clerk_and_offers_the_others() {
    set_lang(Lang::Zh);
    let mut f = fixture(Lang::Zh, 0, 80, 24);
    f.key(KeyCode::Char('n')); // no demo data
    let s = &mut f.app.court;
    let mut older = hearing("（2026）皖0104行初901号", "2026-11-20", "09:00");
    older.judge = "赵审判".into();
    older.clerk = "周书记".into();
    s.insert_hearing(&older, &["合肥市公安局".into()]).unwrap();
    s.insert_hearing(
        &hearing("（2026）皖0104行初902号", "2026-11-27", "09:00"),
        &["合肥市公安局".into()],
    )
    .unwrap();
    f.app.run(Cmd::OpenList);
    f.key(KeyCode::Char('n'));
    let Screen::HearingForm(s) = &f.app.screen else {
        panic!("the form")
    };
    assert_eq!(
        (s.form.text("judge"), s.form.text("clerk")),
        ("王审判".to_string(), "李书记".to_string())
    );
    assert!(
        !s.form.dirty,
        "nothing typed yet: Esc leaves without asking"
    );
    // 审判长: cleared, the judges remembered are offered; ↓ Enter takes the second
    for _ in 0..4 {
        f.key(KeyCode::Tab);
    }
    f.ctrl('u');
    let text = f.screen();
    assert!(text.contains("↓ 选择：王审判 赵审判"), "{text}");
    f.key(KeyCode::Down).key(KeyCode::Down).key(KeyCode::Enter);
    assert!(matches!(&f.app.screen, Screen::HearingForm(s) if s.form.text("judge") == "赵审判"));
    // Tab with a name typed takes the match; Down without offers moves on
    f.key(KeyCode::Tab)
        .ctrl('u')
        .type_text("周")
        .key(KeyCode::Tab);
    let Screen::HearingForm(s) = &f.app.screen else {
        panic!("the form")
    };
    assert_eq!(s.form.text("clerk"), "周书记");
    assert_eq!(s.form.focused().id, "clerk");
    f.key(KeyCode::Down);
    assert!(matches!(&f.app.screen, Screen::HearingForm(s) if s.form.focused().id == "date"));
}

/// The appearance form of a new hearing of 合肥市公安局, whose heads appeared before.
fn appearance_with_people(lang: Lang) -> Fixture {
    let mut f = fixture(lang, 0, 80, 24);
    f.key(KeyCode::Char('n'));
    let s = &mut f.app.court;
    for (case, date, person, title, cat) in [
        (
            "（2026）皖0104行初911号",
            "2026-10-09",
            "张建国",
            "副局长",
            AppearCategory::Deputy,
        ),
        (
            "（2026）皖0104行初912号",
            "2026-11-02",
            "刘芳",
            "局长",
            AppearCategory::Principal,
        ),
        (
            "（2026）皖0104行初913号",
            "2026-11-20",
            "王强",
            "法制大队大队长",
            AppearCategory::Staff,
        ),
    ] {
        let h = s
            .insert_hearing(&hearing(case, date, "09:00"), &["合肥市公安局".into()])
            .unwrap();
        let mut a = s.appearances(h).unwrap().remove(0);
        a.person = person.into();
        a.title = title.into();
        a.category = cat;
        s.update_appearance(&a).unwrap();
    }
    let h = s
        .insert_hearing(
            &hearing("（2026）皖0104行初914号", "2026-11-29", "09:00"),
            &["合肥市公安局".into()],
        )
        .unwrap();
    let a = s.appearances(h).unwrap().remove(0);
    f.app.run(Cmd::EditAppearance(a.id));
    assert!(matches!(f.app.screen, Screen::Appearance(_)));
    // to the person field
    f.key(KeyCode::Tab).key(KeyCode::Tab);
    f
}

#[test]
fn appearance_people_offered() {
    both("appearance_people_80x24", |lang| {
        let mut f = appearance_with_people(lang);
        f.key(KeyCode::Down).key(KeyCode::Down);
        f.screen()
    });
}

#[test]
fn a_person_remembered_fills_name_title_and_category() {
    set_lang(Lang::Zh);
    let mut f = appearance_with_people(Lang::Zh);
    let Screen::Appearance(s) = &f.app.screen else {
        panic!("the form")
    };
    // the most recent first
    let names: Vec<&str> = s.people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["王强", "刘芳", "张建国"]);
    f.key(KeyCode::Down).key(KeyCode::Down).key(KeyCode::Enter);
    let Screen::Appearance(s) = &f.app.screen else {
        panic!("the form")
    };
    assert_eq!(
        (
            s.form.text("person"),
            s.form.text("title"),
            s.form.choice("category")
        ),
        ("刘芳".into(), "局长".into(), "principal".into())
    );
    // saved as taken
    f.ctrl('s');
    assert!(
        matches!(f.app.screen, Screen::Hearing(_)),
        "{:?}",
        f.app.status
    );
    // typed: only those that match; Tab takes the first
    let aid = match &f.app.screen {
        Screen::Hearing(h) => h.rows[0].0.id,
        _ => unreachable!(),
    };
    f.app.run(Cmd::EditAppearance(aid));
    f.key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .ctrl('u')
        .type_text("张");
    f.key(KeyCode::Tab);
    let Screen::Appearance(s) = &f.app.screen else {
        panic!("the form")
    };
    assert_eq!(
        (s.form.text("person"), s.form.choice("category")),
        ("张建国".into(), "deputy".into())
    );
}

/// The name is corrected in the edit form: another agency's name is refused at once; a new one
/// asks why, keeps the old name as a short name and logs it with the appearances.
#[test]
fn an_agencys_name_is_corrected_from_the_directory_with_a_reason() {
    set_lang(Lang::Zh);
    let mut f = directory(Lang::Zh, 100, 30);
    f.type_text("ssqcgj").key(KeyCode::Enter);
    assert_eq!(shown_names(&f)[0], "蜀山区城管局");
    f.key(KeyCode::Char('e'))
        .ctrl('u')
        .type_text("蜀山区城市管理局")
        .ctrl('s');
    assert_eq!(f.app.status.as_ref().map(|s| s.1), Some(true));
    assert!(
        f.screen()
            .contains("已是机关“蜀山区城市管理局”的名称或简称")
    );
    assert!(matches!(&f.app.screen, Screen::Agencies(s) if s.editing.is_some()));
    f.ctrl('u').type_text("蜀山区城市管理执法局").ctrl('s');
    assert!(matches!(
        f.app.overlay,
        Some(Overlay::Prompt {
            purpose: tingping::tui::cmd::PromptPurpose::RenameReason { .. },
            ..
        })
    ));
    // no reason: asked again
    f.key(KeyCode::Enter);
    assert!(f.app.overlay.is_some());
    f.type_text("机构改革后更名").key(KeyCode::Enter);
    let text = f.screen();
    assert!(
        text.contains("已将“蜀山区城管局”更正为“蜀山区城市管理执法局”"),
        "{text}"
    );
    let renamed = f.app.court.find_agency("蜀山区城管局").unwrap().unwrap();
    assert_eq!(renamed.name, "蜀山区城市管理执法局");
    ok_court(&f.app.court);
}

/// M offers the most used agencies before anything is typed (never the one being merged).
#[test]
fn the_merge_picker_offers_agencies_before_anything_is_typed() {
    set_lang(Lang::Zh);
    let mut f = directory(Lang::Zh, 100, 30);
    f.type_text("ssqcgj").key(KeyCode::Enter);
    f.key(KeyCode::Char('M'));
    let Some(Overlay::Picker { picker, .. }) = &f.app.overlay else {
        panic!("the merge picker")
    };
    assert!(!picker.suggestions.is_empty());
    assert!(!picker.suggestions.iter().any(|n| n == "蜀山区城管局"));
    let text = f.screen();
    assert!(text.contains(&picker_first(&f)), "{text}");
}

fn picker_first(f: &Fixture) -> String {
    match &f.app.overlay {
        Some(Overlay::Picker { picker, .. }) => picker.suggestions[0].clone(),
        _ => panic!("the picker"),
    }
}

/// An import that makes agencies the directory does not have names them, and asks once more
/// before it makes them: the first yes writes nothing.
#[test]
fn an_import_that_makes_agencies_asks_once_more() {
    let csv = schedule_csv()
        .lines()
        .take(2)
        .map(|l| l.replace("合肥市公安局", "合肥市数据资源管理局"))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    for (w, h) in SIZES {
        both(&format!("import_agencies_ask_{w}x{h}"), |lang| {
            let mut f = import_overlay_of(lang, w, h, &csv);
            let before = f.app.court.list_count().unwrap();
            f.key(KeyCode::Char('y'));
            assert!(f.app.overlay.is_some(), "asked again");
            assert_eq!(f.app.court.list_count().unwrap(), before, "nothing written");
            f.screen()
        });
    }
    let mut f = import_overlay_of(Lang::Zh, 100, 30, &csv);
    f.key(KeyCode::Char('y')).key(KeyCode::Char('y'));
    assert!(f.app.overlay.is_none());
    assert!(
        f.app
            .court
            .find_agency("合肥市数据资源管理局")
            .unwrap()
            .is_some()
    );
}
