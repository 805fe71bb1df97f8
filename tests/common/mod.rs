//! Running the real binary in tmux: send keys, read the screen, kill it.
#![allow(dead_code)]

#[allow(unused_imports)]
use tingping::i18n::prelude::*;
pub mod docs;
pub mod screen;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

fn tmux_installed() -> bool {
    Command::new("tmux").arg("-V").output().is_ok()
}

impl Tmux {
    /// Starts `bin` in tmux, or, when tmux is not installed, says so in one line on stderr and
    /// returns `None` so that the test returns early (passes). With `CI=true` (as `.ci/run` sets) a
    /// missing tmux fails the test instead: CI never skips these tests silently.
    pub fn start_or_skip(bin: &Path, args: &[&str], w: u16, h: u16) -> Option<Tmux> {
        if !tmux_installed() {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "tmux is needed for this test, and with CI=true it is not skipped (.ci/run installs it)"
            );
            // straight to stderr: the test harness would swallow eprintln! of a passing test
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "skipped: tmux not installed; `.ci/run` installs it"
            );
            return None;
        }
        Some(Tmux::start(bin, args, w, h))
    }

    /// Starts `bin` in tmux; fails the test when tmux is not installed (a test's first start goes
    /// through [`Tmux::start_or_skip`]).
    pub fn start(bin: &Path, args: &[&str], w: u16, h: u16) -> Tmux {
        assert!(
            tmux_installed(),
            "tmux is needed for this test (.ci/run installs it)"
        );
        let socket = format!("tp-{}-{}", std::process::id(), rand_suffix());
        let mut cmd = vec![bin.display().to_string()];
        cmd.extend(args.iter().map(|a| a.to_string()));
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-s",
                "tp",
                "-x",
                &w.to_string(),
                "-y",
                &h.to_string(),
            ])
            .args(["-e", "LANG=C.UTF-8"])
            .arg(cmd.join(" "))
            .status()
            .unwrap();
        assert!(status.success());
        Tmux { socket }
    }

    pub fn send(&self, keys: &[&str]) {
        let st = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "tp"])
            .args(keys)
            .status()
            .unwrap();
        assert!(st.success());
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Types text literally (Chinese included), as an input method would deliver it.
    pub fn type_text(&self, text: &str) {
        let st = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "tp", "-l", text])
            .status()
            .unwrap();
        assert!(st.success());
        std::thread::sleep(Duration::from_millis(60));
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "tp"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text` (fails with the screen after 10 s).
    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!("waited for {text:?}; the screen shows:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    pub fn resize(&self, w: u16, h: u16) {
        Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "resize-window",
                "-t",
                "tp",
                "-x",
                &w.to_string(),
                "-y",
                &h.to_string(),
            ])
            .status()
            .unwrap();
    }

    pub fn pid(&self) -> i32 {
        let out = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "list-panes",
                "-t",
                "tp",
                "-F",
                "#{pane_pid}",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    }

    /// SIGKILLs the app and returns once it is gone: `kill` returns when the signal is sent, and
    /// on a loaded machine the app may still finish a commit after that.
    pub fn kill_app(&self) {
        let pid = self.pid();
        Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .unwrap();
        // gone once it is a zombie (it runs no more) or reaped
        let dead = || {
            std::fs::read_to_string(format!("/proc/{pid}/stat")).map_or(true, |stat| {
                // "pid (comm) S ...": the state follows the command's closing parenthesis
                stat.rsplit_once(") ")
                    .is_some_and(|(_, rest)| rest.starts_with(['Z', 'X']))
            })
        };
        while !dead() {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tingping"))
}

/// The names of the files in `dir`, sorted: what a refusal must leave as it was.
pub fn file_names(dir: &std::path::Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}
