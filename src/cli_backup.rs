//! `tingping backup` and `tingping restore`, and the day's backup when the TUI starts.

use crate::Court;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::records::Sharing;
use std::path::Path;

/// `tingping backup [--to PATH]`: a new file at PATH (never overwritten), else in the backups
/// folder; says where.
pub fn backup(court: &Court, to: Option<&Path>) -> anyhow::Result<()> {
    let path = match to {
        Some(p) => court.backup_to(p)?,
        None => court.backup_now()?,
    };
    say!("{}", tf("cli.backup_done", &[("path", &path.display())]));
    Ok(())
}

/// `tingping restore PATH`: the database replaced by the backup once it passes its checks; says
/// what was restored and where the database it replaced is kept. A backup of another court than
/// `court` (the configured one) is refused.
pub fn restore(db: &Path, from: &Path, sharing: Sharing, court: &str) -> anyhow::Result<()> {
    let r = crate::Court::restore(db, from, sharing, court)?;
    let audit = match r.entries {
        Some(n) => tf("cli.restore_audit", &[("n", &n)]),
        None => t("cli.restore_no_audit").to_string(),
    };
    say!(
        "{}",
        tf(
            "cli.restore_done",
            &[
                ("from", &from.display()),
                ("db", &db.display()),
                ("version", &r.version),
                ("audit", &audit),
            ],
        )
    );
    if let Some(kept) = r.kept {
        say!("{}", tf("cli.restore_kept", &[("path", &kept.display())]));
    }
    Ok(())
}

/// The day's backup when the TUI starts: `None` when it was made or was there, else the one-line
/// warning to show (the app starts all the same).
pub fn daily(court: &Court) -> Option<String> {
    court
        .daily_backup()
        .err()
        .map(|e| tf("backup.warn.daily", &[("why", &e.text())]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_s_backup_is_made_once_and_a_failure_is_one_line() {
        crate::i18n::set_lang(crate::i18n::Lang::Zh);
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("tp.db");
        let court = Court::open(&db).unwrap();
        assert_eq!(daily(&court), None);
        let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
        assert!(dir.path().join(format!("backups/tp-{today}.db")).is_file());
        assert_eq!(daily(&court), None, "nothing more that day");
        // a file where the backups folder should be: said, and nothing else happens
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("backups"), "not a folder").unwrap();
        let court = Court::open(&other.path().join("tp.db")).unwrap();
        let w = daily(&court).expect("a warning");
        assert!(w.starts_with("今日自动备份未完成"), "{w}");
        assert!(
            w.contains(&other.path().join("backups").display().to_string()),
            "{w}"
        );
        assert!(!w.contains('\n'), "one line: {w}");
    }
}
