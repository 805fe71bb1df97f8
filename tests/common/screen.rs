//! The app on a test terminal (ratatui's TestBackend): a fixture with demo data, keys, and the
//! screen as text. (Snapshots are taken in each test file: insta names them after the caller.)

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use tingping::config;
#[allow(unused_imports)]
use tingping::i18n::prelude::*;
use tingping::i18n::{Lang, set_lang};
use tingping::tui::app::App;
use tingping_store::Store;

/// Who is at the keyboard in every fixture (the title bar shows it; the audit log records it).
pub const OPERATOR: &str = "李书记";

/// The day the fixtures' demo data is made on: its hearings end on 2026-10-31.
pub fn demo_today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

pub struct Fixture {
    pub app: App,
    pub term: Terminal<TestBackend>,
    pub db: std::path::PathBuf,
    pub _dir: Option<tempfile::TempDir>,
}

pub fn fixture(lang: Lang, demo: usize, w: u16, h: u16) -> Fixture {
    fixture_configured(None, lang, demo, w, h)
}

/// [`fixture`] with the config folder `config` (its keymap.toml, config.toml, rubric.toml).
pub fn fixture_configured(
    config: Option<&std::path::Path>,
    lang: Lang,
    demo: usize,
    w: u16,
    h: u16,
) -> Fixture {
    set_lang(lang);
    let dir = tempfile::tempdir().unwrap();
    let loaded = config::load(config, Some(lang)).unwrap();
    let mut store = Store::open(&dir.path().join("tp.db")).unwrap();
    store.set_operator(OPERATOR).unwrap();
    if demo > 0 {
        tingping::demo::generate(
            &mut store,
            &loaded.rubric,
            &tingping::demo::Options::new(demo, 1, demo_today()),
        )
        .unwrap();
    }
    let keymap = tingping::tui::keymap::Keymap::for_loaded(&loaded).unwrap();
    let mut app = App::new(
        tingping::Court::from(store),
        loaded.rubric,
        keymap,
        loaded.config,
    )
    .unwrap();
    // 2026-11-29 10:00 (UTC+8): what a screen shows of "now" is the same every day
    app.now_ms = || 1_795_917_600_000;
    app.resized((w, h));
    Fixture {
        app,
        term: Terminal::new(TestBackend::new(w, h)).unwrap(),
        db: dir.path().join("tp.db"),
        _dir: Some(dir),
    }
}

impl Fixture {
    pub fn key(&mut self, code: KeyCode) -> &mut Self {
        self.app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
        self.draw();
        self
    }
    pub fn ctrl(&mut self, c: char) -> &mut Self {
        self.app
            .on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
        self.draw();
        self
    }
    pub fn type_text(&mut self, s: &str) -> &mut Self {
        for c in s.chars() {
            self.app
                .on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        self.draw();
        self
    }
    /// A frame, as the loop draws it after a key; work on another thread (the dashboard's read,
    /// an export) is waited for, so what a test sees does not depend on timing (the loop takes it at a later
    /// frame, answering keys meanwhile).
    pub fn draw(&mut self) {
        tingping::tui::draw(&mut self.term, &mut self.app).unwrap();
        let mut ended = self.app.take_dashboard(true);
        while self.app.exporting().is_some() {
            ended |= self.app.take_export(true);
        }
        ended |= self.app.take_batch(true);
        if ended {
            tingping::tui::draw(&mut self.term, &mut self.app).unwrap();
        }
    }

    /// A frame drawn without waiting for a read on another thread.
    pub fn draw_now(&mut self) {
        tingping::tui::draw(&mut self.term, &mut self.app).unwrap();
    }
    pub fn screen(&mut self) -> String {
        // a full redraw, so the snapshot shows the frame and not what diffing left behind
        self.term.clear().unwrap();
        self.draw();
        let buf = self.term.backend().buffer();
        check_wide(buf);
        text_of(buf)
    }
}

/// A wide character's second cell must be blank: whatever is drawn there (an overlay's border) the
/// terminal would never show, and the character would be cut.
pub fn check_wide(buf: &ratatui::buffer::Buffer) {
    use unicode_width::UnicodeWidthStr;
    for y in 0..buf.area.height {
        for x in 0..buf.area.width.saturating_sub(1) {
            let sym = buf[(x, y)].symbol();
            let next = buf[(x + 1, y)].symbol();
            assert!(
                sym.width() < 2 || next == " " || next.is_empty(),
                "{sym:?} at ({x}, {y}) hides {next:?} drawn over its second half:\n{}",
                text_of(buf)
            );
        }
    }
}

/// The screen as lines of text; a wide character covers the cell after it.
pub fn text_of(buf: &ratatui::buffer::Buffer) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            skip = sym.width().saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The app opened again on the fixture's database, as after a kill (the first fixture keeps the
/// folder).
pub fn reopen(f: &Fixture, lang: Lang) -> Fixture {
    let loaded = config::load(None, Some(lang)).unwrap();
    let mut store = Store::open(&f.db).unwrap();
    store.set_operator(OPERATOR).unwrap();
    let keymap = tingping::tui::keymap::Keymap::for_loaded(&loaded).unwrap();
    let mut app = App::new(
        tingping::Court::from(store),
        loaded.rubric,
        keymap,
        loaded.config,
    )
    .unwrap();
    // 2026-11-29 10:00 (UTC+8): what a screen shows of "now" is the same every day
    app.now_ms = || 1_795_917_600_000;
    Fixture {
        app,
        term: Terminal::new(TestBackend::new(80, 24)).unwrap(),
        db: f.db.clone(),
        _dir: None,
    }
}

impl Fixture {
    /// The batch screen (`b`) moved (← →) to month `id`.
    pub fn batch_on(&mut self, id: &str) -> &mut Self {
        use tingping::tui::app::Screen;
        self.key(KeyCode::Char('b'));
        for _ in 0..60 {
            let Screen::Batch(b) = &self.app.screen else {
                panic!("not the batch screen")
            };
            let target = tingping::domain::period::Period::parse(id).unwrap();
            match b.period.from.cmp(&target.from) {
                std::cmp::Ordering::Equal => return self,
                std::cmp::Ordering::Less => self.key(KeyCode::Right),
                std::cmp::Ordering::Greater => self.key(KeyCode::Left),
            };
        }
        panic!("month {id} not reached")
    }
}
