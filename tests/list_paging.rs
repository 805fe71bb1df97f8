//! The hearings list read by key: every move lands on the rows the whole list has there, the view
//! shows the rows around them, and no move reads more than a few views' rows, wherever in the
//! list it is.

#[allow(unused_imports)]
use tingping::i18n::prelude::*;
mod common;
use common::screen::{Fixture, fixture};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tingping::domain::model::ActKind;
use tingping::domain::rubric::Rubric;
use tingping::i18n::Lang;
use tingping::tui::app::{Cmd, Screen};
use tingping::tui::keymap::{Action, Keymap};
use tingping::tui::screens::list::{Fetch, ListScreen};
use tingping_store::{HearingInput, ListCursor, ListRow};

fn list(f: &Fixture) -> &ListScreen {
    assert!(matches!(f.app.screen, Screen::List), "not on the list");
    f.app.list()
}

fn selected(f: &Fixture) -> ListRow {
    list(f).selected_row().cloned().expect("a row is selected")
}

/// The case numbers of the rows drawn, top to bottom (as far as the column shows them).
fn shown(f: &mut Fixture) -> Vec<String> {
    f.screen()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.starts_with('（'))
        .map(|w| w.trim_end_matches('…').to_string())
        .collect()
}

/// The rows' case numbers.
fn cases(rows: &[ListRow]) -> Vec<String> {
    rows.iter().map(|r| r.case_number.clone()).collect()
}

#[track_caller]
fn assert_shows(shown: Vec<String>, rows: &[ListRow]) {
    let want = cases(rows);
    assert_eq!(shown.len(), want.len(), "{shown:?}\n{want:?}");
    for (s, w) in shown.iter().zip(&want) {
        assert!(
            !s.is_empty() && w.starts_with(s.as_str()),
            "{shown:?}\n{want:?}"
        );
    }
}

#[test]
fn end_page_up_home_and_page_down_land_on_the_lists_rows() {
    let mut f = fixture(Lang::Zh, 500, 80, 24);
    f.draw();
    let total = f.app.court.list_count().unwrap();
    let all = f.app.court.list_first(total + 1).unwrap();
    assert_eq!(all.len(), total);
    assert!(total > 500, "{total}");
    // the view's height: the rows drawn at the top
    let h = shown(&mut f).len();
    assert_shows(shown(&mut f), &all[..h]);
    assert!(h > 10, "{h}");

    f.key(KeyCode::End);
    assert_eq!(selected(&f), all[total - 1]);
    assert_shows(shown(&mut f), &all[total - h..]);
    // End again changes nothing
    f.key(KeyCode::End);
    assert_eq!(selected(&f), all[total - 1]);
    f.key(KeyCode::PageUp);
    assert_eq!(selected(&f), all[total - 1 - h]);
    assert_shows(shown(&mut f), &all[total - 1 - h..total - 1]);
    f.key(KeyCode::PageUp);
    assert_eq!(selected(&f), all[total - 1 - 2 * h]);
    f.key(KeyCode::Down);
    assert_eq!(selected(&f), all[total - 2 * h]);

    f.key(KeyCode::Home);
    assert_eq!(selected(&f), all[0]);
    assert_shows(shown(&mut f), &all[..h]);
    // page by page past the rows read at first
    for page in 1..=12 {
        f.key(KeyCode::PageDown);
        assert_eq!(selected(&f), all[page * h], "page {page}");
    }
    assert_shows(shown(&mut f), &all[11 * h + 1..12 * h + 1]);
    for page in (0..12).rev() {
        f.key(KeyCode::PageUp);
        assert_eq!(selected(&f), all[page * h], "page {page} up");
    }
    // up at the top and down at the bottom stay
    f.key(KeyCode::Up);
    assert_eq!(selected(&f), all[0]);
    f.key(KeyCode::End)
        .key(KeyCode::PageDown)
        .key(KeyCode::Down);
    assert_eq!(selected(&f), all[total - 1]);
    // from the end upwards, row by row, past what End read
    for i in (total - 160..total - 1).rev() {
        f.key(KeyCode::Up);
        assert_eq!(selected(&f), all[i], "up to {i}");
    }
    assert_shows(shown(&mut f), &all[total - 160..total - 160 + h]);
}

#[test]
fn row_by_row_through_the_whole_list_and_back_keeps_a_few_views_in_memory() {
    let mut f = fixture(Lang::Zh, 500, 80, 24);
    f.draw();
    let total = f.app.court.list_count().unwrap();
    let all = f.app.court.list_first(total + 1).unwrap();
    let mut most = 0;
    for (i, row) in all.iter().enumerate().skip(1) {
        f.key(KeyCode::Down);
        assert_eq!(&selected(&f), row, "down to {i}");
        most = most.max(list(&f).rows_in_memory());
    }
    for i in (0..total - 1).rev() {
        f.key(KeyCode::Up);
        assert_eq!(selected(&f), all[i], "up to {i}");
        most = most.max(list(&f).rows_in_memory());
    }
    assert!(most < total, "{most} of {total} rows held");
}

#[test]
fn back_from_a_hearing_the_list_shows_the_same_rows_and_selection() {
    let mut f = fixture(Lang::Zh, 300, 80, 24);
    f.draw();
    f.key(KeyCode::End)
        .key(KeyCode::PageUp)
        .key(KeyCode::PageUp)
        .key(KeyCode::Up)
        .key(KeyCode::Up);
    let before = (selected(&f), shown(&mut f));
    f.key(KeyCode::Enter);
    assert!(matches!(f.app.screen, Screen::Hearing(_)));
    f.key(KeyCode::Esc);
    assert_eq!((selected(&f), shown(&mut f)), before);
    // and in the middle of the list, after a page down from the top
    f.key(KeyCode::Home)
        .key(KeyCode::PageDown)
        .key(KeyCode::Down);
    let before = (selected(&f), shown(&mut f));
    f.key(KeyCode::Enter).key(KeyCode::Esc);
    assert_eq!((selected(&f), shown(&mut f)), before);
}

/// A list of `n` rows the way the store gives them, read by the same keys.
struct FakeStore {
    rows: Vec<ListRow>,
    read: usize,
}

impl FakeStore {
    fn new(n: usize) -> FakeStore {
        let rows = (0..n)
            .map(|i| ListRow {
                hearing_id: (n - i) as i64,
                appearance_id: Some(1),
                evaluation_id: None,
                case_number: format!("（2026）皖0104行初{i}号"),
                date: "2026-11-02".into(),
                start_time: "09:00".into(),
                agency: Some("合肥市公安局".into()),
                person: String::new(),
                category: None,
                status: None,
                total_tenths: None,
                grade: None,
                flags: Vec::new(),
                events: 0,
                version: 1,
                reported: false,
            })
            .collect();
        FakeStore { rows, read: 0 }
    }

    /// Where a cursor stands (ids fall down the list).
    fn at(&self, c: &ListCursor) -> usize {
        self.rows.len() - c.hearing_id as usize
    }

    fn fetch(&mut self, f: &Fetch) -> Vec<ListRow> {
        let n = self.rows.len();
        let (from, to) = match f {
            Fetch::First(k) => (0, *k),
            Fetch::Last(k) => (n.saturating_sub(*k), n),
            Fetch::After(c, k) => (self.at(c) + 1, self.at(c) + 1 + k),
            Fetch::Before(c, k) => (self.at(c).saturating_sub(*k), self.at(c)),
            Fetch::At(c, k) => (self.at(c), self.at(c) + k),
        };
        let rows = self.rows[from.min(n)..to.min(n)].to_vec();
        self.read += rows.len();
        rows
    }
}

#[test]
fn no_move_reads_more_than_a_few_views_wherever_it_is_in_a_long_list() {
    let n = 100_000;
    let mut store = FakeStore::new(n);
    let rubric = Rubric::default_rubric();
    let keymap = Keymap::default_keymap();
    let mut term = Terminal::new(TestBackend::new(100, 41)).unwrap();
    let mut l = ListScreen::default();
    l.total = n;
    l.set_view_height(ListScreen::view_height(41));
    let key = KeyEvent::new(KeyCode::Null, KeyModifiers::NONE);
    // a key press, the reads it needs, and the frame (as the app does); the rows it read
    let mut press = |l: &mut ListScreen, store: &mut FakeStore, action: Option<Action>| {
        store.read = 0;
        if let Some(a) = action {
            l.handle_key(&key, Some(a));
        }
        for _ in 0..4 {
            let Some(f) = l.need() else { break };
            let rows = store.fetch(&f);
            l.got(f, rows);
        }
        term.draw(|f| l.render(f, f.area(), &rubric, &keymap))
            .unwrap();
        assert!(l.need().is_none(), "the frame needed nothing more");
        store.read
    };
    press(&mut l, &mut store, None);
    press(&mut l, &mut store, None);
    let h = 39; // 41 rows less the header and the line saying why a grade is what it is
    let at = |l: &ListScreen, store: &FakeStore| store.at(&l.selected_row().unwrap().cursor());
    assert_eq!(at(&l, &store), 0);
    // a few views' rows at most, each move (the view is 40 rows: reads are of 100)
    let most = 3 * 100;
    let mut expect = 0usize;
    for (action, times) in [
        (Action::PageDown, 30),
        (Action::Down, 250),
        (Action::Bottom, 1),
        (Action::PageUp, 30),
        (Action::Up, 250),
        (Action::Top, 1),
        (Action::Bottom, 1),
        (Action::Down, 1),
    ] {
        for _ in 0..times {
            let read = press(&mut l, &mut store, Some(action));
            expect = match action {
                Action::PageDown => (expect + h).min(n - 1),
                Action::PageUp => expect.saturating_sub(h),
                Action::Down => (expect + 1).min(n - 1),
                Action::Up => expect.saturating_sub(1),
                Action::Top => 0,
                Action::Bottom => n - 1,
                _ => unreachable!(),
            };
            assert_eq!(at(&l, &store), expect, "{action:?}");
            assert!(read <= most, "{action:?} read {read} rows");
            assert!(
                l.rows_in_memory() <= 4 * 100 + most,
                "{}",
                l.rows_in_memory()
            );
        }
    }
    // the list read again (back from another screen): the same row selected, a view's reads
    let was = l.selected_row().cloned();
    l.invalidate();
    assert!(press(&mut l, &mut store, None) <= most);
    assert_eq!(l.selected_row().cloned(), was);
}

/// 2026-09-29, 10:00 in Beijing (as tests/directory.rs's NOV_29, 61 days earlier).
const SEP_29: i64 = 1_790_647_200_000;

#[test]
fn t_deep_in_a_long_list_selects_the_days_next_hearing_with_the_day_at_the_top() {
    let mut f = fixture(Lang::Zh, 500, 80, 24);
    f.app.now_ms = || SEP_29;
    // the day's first two hearings: the earliest scored already, the next one not
    let s = &mut f.app.court;
    let hearing = |case: &str, time: &str| HearingInput {
        case_number: case.into(),
        cause: "不服行政处罚决定".into(),
        act_kind: Some(ActKind::Penalty),
        court: "合肥市蜀山区人民法院".into(),
        judge: "王审判".into(),
        clerk: "李书记".into(),
        date: "2026-09-29".into(),
        start_time: time.into(),
        ..Default::default()
    };
    let early = s
        .insert_hearing(
            &hearing("（2026）皖0104行初901号", "07:00"),
            &["合肥市公安局".into()],
        )
        .unwrap();
    s.insert_hearing(
        &hearing("（2026）皖0104行初902号", "07:30"),
        &["蜀山区人民政府".into(), "合肥市公安局".into()],
    )
    .unwrap();
    let a = s.appearances(early).unwrap().remove(0);
    let rubric = f.app.rubric.clone();
    f.app.court.evaluation_for(a.id, &rubric).unwrap();
    f.app.run(Cmd::OpenList);
    f.draw();
    let total = f.app.court.list_count().unwrap();
    let all = f.app.court.list_first(total + 1).unwrap();
    let day: Vec<usize> = (0..total)
        .filter(|&i| all[i].date == "2026-09-29")
        .collect();
    assert!(!day.is_empty());
    assert!(
        day[0] > 100 && day[day.len() - 1] + 100 < total,
        "{day:?} of {total}"
    );
    // the earliest of the day's hearings not yet scored, at its first agency; else the day's first
    let next = day
        .iter()
        .rev()
        .copied()
        .find(|&i| all[i].status.is_none() && all[i].category.is_none_or(|c| c.scorable()));
    assert_eq!(all[next.unwrap()].case_number, "（2026）皖0104行初902号");
    let mut want = next.unwrap_or(day[0]);
    while want > day[0] && all[want - 1].hearing_id == all[want].hearing_id {
        want -= 1;
    }
    f.key(KeyCode::Char('t'));
    assert_eq!(selected(&f), all[want]);
    let text = f.screen();
    assert!(
        text.contains(&format!("今天（2026-09-29）的庭审：{} 条", day.len())),
        "{text}"
    );
    let h = shown(&mut f).len();
    assert!(want < day[0] + h);
    assert_shows(shown(&mut f), &all[day[0]..day[0] + h]);
    // and the rows around it are the list's: up from there, and End
    f.key(KeyCode::PageUp);
    assert_eq!(selected(&f), all[want - h]);
    f.key(KeyCode::Char('t')).key(KeyCode::PageDown);
    assert_eq!(selected(&f), all[want + h]);
    f.key(KeyCode::End);
    assert_eq!(selected(&f), all[total - 1]);
}
