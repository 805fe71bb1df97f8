//! Layout at 80×24 (and wider where said), asserted rather than only snapshotted: a cut always
//! ends in "…", no line begins with a closing mark, numbers line up (issue 23, "Layout").

#[allow(unused_imports)]
use tingping::i18n::prelude::*;
mod common;
use common::screen::{Fixture, fixture};
use crossterm::event::KeyCode;
use tingping::domain::model::{AbsenceReason, AppearCategory};
use tingping::i18n::{Lang, t};
use tingping::tui::app::Screen;

/// The hearing of the list's first row, its first agency made a triple art. 12 absence (notified,
/// no one came, no reason, after a postponement): three flags, longer than a line.
fn hearing_with_flags(lang: Lang, w: u16, h: u16) -> Fixture {
    let mut f = fixture(lang, 40, w, h);
    f.key(KeyCode::Enter);
    let Screen::Hearing(s) = &mut f.app.screen else {
        panic!("the hearing")
    };
    let a = &mut s.rows[0].0;
    a.notified = true;
    a.category = AppearCategory::Nobody;
    a.absence_reason = AbsenceReason::NotGiven;
    a.reason_accepted = false;
    a.absent_after_postponement = true;
    s.rows[0].1 = None;
    f.draw();
    f
}

#[test]
fn the_hearings_flags_wrap_and_a_cut_ends_in_an_ellipsis() {
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(80, 24), (160, 48)] {
            let mut f = hearing_with_flags(lang, w, h);
            let text = f.screen();
            let lines: Vec<&str> = text.lines().collect();
            let at = lines
                .iter()
                .position(|l| l.starts_with('⚑'))
                .unwrap_or_else(|| panic!("{text}"));
            // the flags take the lines left above the footer, and end whole or in …
            let flags: Vec<&str> = lines[at..]
                .iter()
                .take_while(|l| !l.trim().is_empty())
                .copied()
                .collect();
            assert!(w > 80 || flags.len() >= 2, "{lang:?} {w}: {text}");
            let last = flags.last().unwrap().trim_end();
            assert!(
                last.ends_with('…') || last.ends_with('）') || last.ends_with(')'),
                "{lang:?} {w}: {last}"
            );
            for l in &flags {
                assert!(!l.starts_with(['。', '，', '）', '；']), "{l}");
            }
        }
    }
}

/// Follow-ups name who appeared at every width, and an agency too long for its column ends in
/// "…" (it was cut mid-name).
#[test]
fn followups_show_the_person_and_cut_agencies_with_an_ellipsis() {
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(80, 24), (100, 30), (160, 48)] {
            let mut f = fixture(lang, 40, w, h);
            f.key(KeyCode::Char('f'));
            let text = f.screen();
            let Screen::Followups(s) = &f.app.screen else {
                panic!("the follow-ups: {text}")
            };
            let mut seen = 0;
            for r in &s.rows {
                let Some(line) = text
                    .lines()
                    .find(|l| l.starts_with(&r.case_number) && l.contains(&r.person))
                else {
                    continue;
                };
                seen += 1;
                let agency = line[r.case_number.len()..].trim_start();
                let agency = agency.split_once(' ').map(|(_, a)| a).unwrap_or(agency);
                assert!(
                    agency.starts_with(&r.agency)
                        || agency.split(' ').next().unwrap().ends_with('…'),
                    "{lang:?} {w}: {line}"
                );
            }
            assert!(seen >= 5, "{lang:?} {w}: {text}");
        }
    }
}

/// Where each row's total ends its whole part (the display column of the digit before the point,
/// or of the last digit of a whole number).
fn total_columns(text: &str, status: &str) -> Vec<usize> {
    use unicode_width::UnicodeWidthStr;
    text.lines()
        .filter_map(|l| {
            let at = l.find(&format!(" {status} "))? + status.len() + 2;
            let rest = &l[at..];
            let start = at + rest.len() - rest.trim_start().len();
            let token = l[start..].split(' ').next()?;
            if !token.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            let whole = token.split('.').next()?;
            Some(l[..start].width() + whole.width())
        })
        .collect()
}

/// Totals line up by their digits: 88 and 100 stand under 89.4, not under its decimals.
#[test]
fn totals_line_up_by_their_digits() {
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(80, 24), (160, 48)] {
            let mut f = fixture(lang, 40, w, h);
            let text = f.screen();
            let status = tingping::domain::model::EvalStatus::Final.label();
            let cols = total_columns(&text, status);
            assert!(cols.len() > 10, "{text}");
            assert!(
                text.contains(&format!(" {status}  100   ")) || text.contains(" 80   "),
                "a whole total in the view: {text}"
            );
            assert!(
                cols.iter().all(|&c| c == cols[0]),
                "{lang:?} {w}: {cols:?}\n{text}"
            );
        }
    }
}

/// The English list at 80 columns: names of three characters whole, the agency at least seven
/// characters before it is cut (the grade says "Exc." there, in full from 100 columns).
#[test]
fn the_english_list_keeps_names_whole_and_room_for_the_agency() {
    let mut f = fixture(Lang::En, 40, 80, 24);
    let text = f.screen();
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("（20")).collect();
    assert!(rows.len() > 10, "{text}");
    for line in rows {
        // case number, date, agency, then the name and its category
        let cells: Vec<&str> = line.split(' ').filter(|c| !c.is_empty()).collect();
        let agency = cells[2];
        assert!(
            !agency.ends_with('…') || agency.chars().count() >= 8,
            "agency cut short: {line}"
        );
        assert!(!cells[3].ends_with('…'), "name cut: {line}");
    }
    assert!(text.contains("Exc."), "{text}");
}

/// The help's entries are whole at 80 columns: each column is as wide as its own keys and
/// descriptions (`Agency directory`, not `Agency direc…`), and a key stays with what it does.
#[test]
fn help_entries_are_whole() {
    for lang in [Lang::Zh, Lang::En] {
        for keys in [
            &[KeyCode::Char('?')][..],
            &[KeyCode::Enter, KeyCode::Char('?')],
            &[KeyCode::Char('s'), KeyCode::Char('?')],
        ] {
            for (w, h) in [(80, 24), (100, 30), (160, 48)] {
                let mut f = fixture(lang, 40, w, h);
                for k in keys {
                    f.key(*k);
                }
                let text = f.screen();
                let inside: Vec<&str> = text
                    .lines()
                    .filter_map(|l| {
                        let a = l.find('│')?;
                        let b = l.rfind('│')?;
                        (b > a).then(|| &l[a + '│'.len_utf8()..b])
                    })
                    .collect();
                assert!(inside.len() > 5, "{text}");
                for l in inside {
                    assert!(!l.contains('…'), "{lang:?} {w}: {l}\n{text}");
                }
            }
        }
    }
}

/// The review's award items: their labels line up whatever the points (10/10 and 8/10).
#[test]
fn award_labels_line_up_in_the_review() {
    use unicode_width::UnicodeWidthStr;
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(120, 40), (160, 48)] {
            let mut f = fixture(lang, 40, w, h);
            f.key(KeyCode::Char('s'));
            let text = f.screen();
            let starts: Vec<usize> = text
                .lines()
                .filter_map(|l| {
                    let at = l.find("/10 ")?;
                    Some(l[..at + 4].width())
                })
                .collect();
            assert!(!starts.is_empty(), "{text}");
            assert!(
                starts.iter().all(|&c| c == starts[0]),
                "{lang:?} {w}: {starts:?}\n{text}"
            );
        }
    }
}

/// The batch screen at 160×48: the indicators take the rows they fill, no blank ones under them
/// (the exported batches get the rest); the head wraps Chinese between characters, not at the
/// ASCII space inside "（47 人次）".
#[test]
fn the_batch_preview_takes_the_rows_it_fills() {
    for lang in [Lang::Zh, Lang::En] {
        let mut f = fixture(lang, 40, 160, 48);
        f.key(KeyCode::Char('b'));
        let text = f.screen();
        let lines: Vec<&str> = text.lines().collect();
        let past = lines
            .iter()
            .position(|l| l.contains(t("batch.past").trim()))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(!lines[past - 1].trim().is_empty(), "{text}");
        assert!(past < 30, "{text}");
    }
}

/// A question (the empty database's offer of demo data) keeps a column of room inside its
/// borders: its text never touches them.
#[test]
fn a_question_never_touches_its_border() {
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(80, 24), (100, 30)] {
            let mut f = fixture(lang, 0, w, h);
            let text = f.screen();
            let inside: Vec<&str> = text
                .lines()
                .filter(|l| l.matches('│').count() == 2)
                .collect();
            assert!(inside.len() >= 3, "{text}");
            for l in inside {
                let l = l.trim();
                assert!(
                    l.starts_with("│ ") && l.ends_with(" │"),
                    "{lang:?} {w}: {l}"
                );
            }
        }
    }
}

/// The new hearing's chosen agencies: a name is never wrapped inside (each stays on one line);
/// more than two lines' worth end in "…".
#[test]
fn a_chosen_agency_is_never_wrapped_inside() {
    use tingping::tui::widgets::form::FieldKind;
    let names = [
        "合肥市住房保障和房产管理局",
        "合肥市人力资源和社会保障局",
        "安徽省自然资源厅",
        "蜀山区住房和城乡建设局",
    ];
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(80, 24), (100, 30)] {
            let mut f = fixture(lang, 40, w, h);
            f.key(KeyCode::Char('n'));
            let Screen::HearingForm(s) = &mut f.app.screen else {
                panic!("the form")
            };
            if let FieldKind::List { items, .. } = &mut s.form.get_mut("defendants").kind {
                items.extend(names.iter().map(|n| n.to_string()));
            }
            let text = f.screen();
            let mut whole = 0;
            for n in names {
                if text.contains(n) {
                    whole += 1;
                } else {
                    // not shown whole: then only past the last line, which ends in …
                    assert!(text.contains('…'), "{lang:?} {w}: {n}\n{text}");
                }
            }
            assert!(whole >= 2, "{lang:?} {w}: {text}");
        }
    }
}

/// An exported batch with a topic's long id: at 80 columns the id is whole (its day gives way),
/// and file names too long for their column keep their ends ("-han-1.docx"), cut at the front.
#[test]
fn long_batch_ids_and_file_names_keep_what_tells_them_apart() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut f = fixture(lang, 40, 80, 24);
        f.batch_on("2026-10")
            .key(KeyCode::Char('e'))
            .key(KeyCode::Char('y'));
        f.ctrl('u').type_text(dir.path().to_str().unwrap());
        f.key(KeyCode::Enter);
        let id = "2026-10-01_2026-10-31_1a2b3c4d";
        let Screen::Batch(b) = &mut f.app.screen else {
            panic!("the batch screen")
        };
        assert_eq!(b.batches.len(), 1);
        b.batches[0].id = id.to_string();
        for file in b.files[0].iter_mut() {
            file.name = file
                .name
                .replace("tongbao-2026-10", &format!("tongbao-{id}"));
        }
        let ends: Vec<String> = b.files[0]
            .iter()
            .map(|f| f.name.rsplit('-').next().unwrap().to_string())
            .collect();
        f.draw();
        let text = f.screen();
        assert!(text.contains(id), "{lang:?}: {text}");
        let names: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("tongbao-") || l.contains("…"))
            .filter(|l| l.contains(".docx") || l.contains(".xlsx"))
            .collect();
        assert!(names.len() >= 3, "{text}");
        for l in names {
            assert!(
                ends.iter().any(|e| l.trim_end().ends_with(e.as_str())),
                "{lang:?}: {l}"
            );
        }
    }
}

/// No line of any screen or pop-up a clerk meets begins with a closing mark (。，、；：）),
/// whatever the size: text is wrapped as Chinese is, by one shared wrapper.
#[test]
fn no_line_begins_with_a_closing_mark() {
    let journeys: &[&[KeyCode]] = &[
        &[],
        &[KeyCode::Char('?')],
        &[KeyCode::Enter],
        &[KeyCode::Enter, KeyCode::Enter],
        &[KeyCode::Char('s')],
        &[KeyCode::Char('n')],
        &[KeyCode::Char('n'), KeyCode::Char('x'), KeyCode::Esc],
        &[KeyCode::Char('b')],
        &[KeyCode::Char('b'), KeyCode::Char('t')],
        &[KeyCode::Char('f')],
        &[KeyCode::Char('f'), KeyCode::Char('e')],
        &[KeyCode::Char('A')],
        &[KeyCode::Char('i')],
        &[KeyCode::Char('d')],
    ];
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(80, 24), (100, 30), (160, 48)] {
            for keys in journeys {
                let mut f = fixture(lang, 40, w, h);
                for k in *keys {
                    f.key(*k);
                }
                let text = f.screen();
                for l in text.lines() {
                    for part in l.split(['│', '┌', '└']) {
                        let start = part.trim_start();
                        assert!(
                            !start.starts_with(['。', '，', '、', '；', '：', '）']),
                            "{lang:?} {w}×{h} {keys:?}: {l}\n{text}"
                        );
                    }
                }
            }
        }
    }
}
