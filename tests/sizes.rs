//! Every screen and pop-up a clerk meets, at 80×24 and at 160×48, in Chinese and English: the
//! layouts adapt (columns from content, cut text ending in …, pop-ups whole over Chinese text).
//! The fixture fails any frame where something is drawn over the second half of a wide character.

#[allow(unused_imports)]
use tingping::i18n::prelude::*;
mod common;
use common::screen::{Fixture, fixture};
use crossterm::event::KeyCode;
use tingping::i18n::Lang;

/// Key sequences from the list of a 40-hearing demo database, each ending on a screen or pop-up.
const JOURNEYS: &[(&str, &[KeyCode])] = &[
    ("list", &[]),
    ("list_help", &[KeyCode::Char('?')]),
    ("hearing", &[KeyCode::Enter]),
    ("hearing_help", &[KeyCode::Enter, KeyCode::Char('?')]),
    ("appearance", &[KeyCode::Enter, KeyCode::Enter]),
    ("review", &[KeyCode::Char('s')]),
    ("review_help", &[KeyCode::Char('s'), KeyCode::Char('?')]),
    ("new_hearing", &[KeyCode::Char('n')]),
    // a form with typing, left: the question over it
    (
        "discard_question",
        &[KeyCode::Char('n'), KeyCode::Char('x'), KeyCode::Esc],
    ),
    ("batch", &[KeyCode::Char('b')]),
    ("followups", &[KeyCode::Char('f')]),
    ("directory", &[KeyCode::Char('A')]),
    ("schedule_prompt", &[KeyCode::Char('i')]),
];

fn walk(lang: Lang, w: u16, h: u16, keys: &[KeyCode]) -> (Fixture, String) {
    let mut f = fixture(lang, 40, w, h);
    for k in keys {
        f.key(*k);
    }
    let text = f.screen();
    (f, text)
}

#[test]
fn every_screen_and_pop_up_at_both_sizes_in_both_languages() {
    for (name, keys) in JOURNEYS {
        for (w, h) in [(80, 24), (160, 48)] {
            for lang in [Lang::Zh, Lang::En] {
                let (_, text) = walk(lang, w, h, keys);
                // the ways out are always in the footer
                let footer = text.lines().last().unwrap_or_default();
                assert!(
                    footer.contains("Esc")
                        || footer.contains("q ")
                        || footer.contains("n 否")
                        || footer.contains("n No"),
                    "{name} {w}×{h} {lang:?}: {footer}"
                );
                insta::assert_snapshot!(format!("{name}_{w}x{h}_{}", lang.code()), text);
            }
        }
    }
}
