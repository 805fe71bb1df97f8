//! The terminal app (tingping-tui). Data flows one way: key → keymap → action → command →
//! use case (the app layer's `Court`) → screen → frame. It reaches the records only through
//! tingping-app: it depends on no store and no SQLite, and Cargo refuses it one.

pub use tingping_app::{Court, config, demo, import, records, report, said};
pub use tingping_core::domain;
pub use tingping_i18n as i18n;

pub mod app;
mod app_amend;
mod app_batch;
mod app_bureau;
mod app_dashboard;
mod app_directory;
mod app_draft;
mod app_followups;
mod app_live;
mod app_schedule;
mod app_submit;
mod app_suggestions;
pub mod cmd;
mod jobs;
pub mod keymap;
pub mod overlay;
pub mod render;
pub mod screens;
pub mod theme;
pub mod widgets;

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{Stdout, Write, stdout};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Owns raw mode, the alternate screen and bracketed paste; restores them when dropped, on
/// error returns and (through the panic hook) on panic.
pub struct TerminalGuard {
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
}

fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

impl TerminalGuard {
    pub fn enter() -> anyhow::Result<TerminalGuard> {
        static HOOK: Once = Once::new();
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore();
                previous(info);
            }));
        });
        enable_raw_mode()?;
        if let Err(e) = execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste) {
            restore();
            return Err(e.into());
        }
        let terminal = Terminal::new(CrosstermBackend::new(stdout())).inspect_err(|_| restore())?;
        Ok(TerminalGuard { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// The thread that draws: the only one that writes on the terminal.
static UI_THREAD: std::sync::OnceLock<std::thread::ThreadId> = std::sync::OnceLock::new();

/// Set when a wait line was written straight onto the terminal, behind ratatui's back: the next
/// frame is then drawn whole.
static WAIT_DRAWN: AtomicBool = AtomicBool::new(false);

/// While a write waits for another process (a live mark included), the status line says so. The
/// app is blocked inside the store, so the line is written directly; nothing is counted until the
/// write has committed and the screen is drawn again.
fn show_wait(waited: Duration) {
    use crossterm::style::{Attribute, Print, SetAttribute};
    use crossterm::{cursor, queue, terminal};
    // a thread of the app's own (an export, the dashboard's read) waits unseen: only the UI
    // thread writes on the terminal (it would garble a frame), and the user is not waiting
    if UI_THREAD.get() != Some(&std::thread::current().id()) {
        tracing::info!(
            seconds = waited.as_secs(),
            "a worker waits for the database"
        );
        return;
    }
    let Ok((cols, rows)) = terminal::size() else {
        return;
    };
    tracing::info!(seconds = waited.as_secs(), "waiting for the database");
    let msg = crate::i18n::tf("store.waiting", &[("s", &waited.as_secs())]);
    let mut line = String::from(" ");
    for c in msg.chars() {
        if unicode_width::UnicodeWidthStr::width(format!("{line}{c}").as_str()) > cols as usize {
            break;
        }
        line.push(c);
    }
    let mut out = stdout();
    let _ = queue!(
        out,
        cursor::SavePosition,
        cursor::MoveTo(0, rows.saturating_sub(2)),
        terminal::Clear(terminal::ClearType::CurrentLine),
        SetAttribute(Attribute::Reverse),
        Print(line),
        SetAttribute(Attribute::Reset),
        cursor::RestorePosition
    );
    let _ = out.flush();
    WAIT_DRAWN.store(true, Ordering::SeqCst);
}

/// Draws a frame; the list learns its height when drawn, so it may fetch rows and draw again.
pub fn draw<B: ratatui::backend::Backend>(
    terminal: &mut Terminal<B>,
    app: &mut app::App,
) -> anyhow::Result<()>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    if WAIT_DRAWN.swap(false, Ordering::SeqCst) {
        terminal.clear()?;
    }
    terminal.draw(|f| app.render(f))?;
    if matches!(app.screen, app::Screen::List) && app.list().need().is_some() {
        app.run(app::Cmd::ListMoved);
        terminal.draw(|f| app.render(f))?;
    }
    // the dashboard draws what it kept at once, then reads the months that changed since on a
    // thread of its own; its figures are taken at a later frame (see `run`)
    if let app::Screen::Dashboard(d) = &app.screen
        && d.data.stale
    {
        app.run(app::Cmd::RefreshDashboard);
        terminal.draw(|f| app.render(f))?;
    }
    if app.take_dashboard(false) {
        terminal.draw(|f| app.render(f))?;
    }
    if app.take_batch(false) {
        terminal.draw(|f| app.render(f))?;
    }
    // an export starts after the frame that announced it, on a thread of its own; its progress
    // is drawn over whatever screen is shown while the keys go on being answered
    if let Some((dir, draft)) = app.pending_export.take() {
        app.start_export(dir, draft);
        terminal.draw(|f| app.render(f))?;
    }
    if app.take_export(false) {
        terminal.draw(|f| app.render(f))?;
    }
    Ok(())
}

/// Runs the app until the user quits. Redraws only after an event.
pub fn run(mut app: app::App) -> anyhow::Result<()> {
    let mut guard = TerminalGuard::enter()?;
    let _ = UI_THREAD.set(std::thread::current().id());
    crate::records::wait::set_hook(Some(show_wait));
    if let Ok(size) = crossterm::terminal::size() {
        app.resized(size);
    }
    draw(&mut guard.terminal, &mut app)?;
    let mut shown_second = -1;
    while !app.quit {
        // work on another thread (the dashboard's read, the batch screen's figures, an export):
        // wake up to take what it says, answering every key meanwhile
        if (app.dashboard_reading() || app.batch_counting() || app.exporting().is_some())
            && !event::poll(std::time::Duration::from_millis(50))?
        {
            if app.take_dashboard(false) | app.take_batch(false) | app.take_export(false) {
                draw(&mut guard.terminal, &mut app)?;
            }
            continue;
        }
        // live mode's clock ticks: wake up a few times a second, redraw when the second changes
        if matches!(app.screen, app::Screen::Live(_))
            && !event::poll(std::time::Duration::from_millis(200))?
        {
            let second = (app.now_ms)() / 1000;
            if second != shown_second {
                shown_second = second;
                draw(&mut guard.terminal, &mut app)?;
            }
            continue;
        }
        let ev = event::read()?;
        if let Event::Resize(w, h) = ev {
            app.resized((w, h));
        } else {
            app.on_event(ev);
        }
        draw(&mut guard.terminal, &mut app)?;
    }
    // an export still running when the app is left is waited for, its progress drawn: its claim
    // is not cut short
    while app.exporting().is_some() {
        app.take_export(true);
        draw(&mut guard.terminal, &mut app)?;
    }
    Ok(())
}
