//! Backups made on demand.

use super::*;

/// The largest backup restored, in bytes (a court's database at a million evaluations is a few GB).
const BACKUP_MAX: u64 = 64 << 30;

impl Court {
    /// The database at `db` replaced by the backup `from` (checked first: a tingping database,
    /// not newer, its audit chain whole), the file it replaces kept beside it. No Court is open
    /// on `db` meanwhile.
    ///
    /// The backup is a file from outside: it is opened once, as schedules and batches are
    /// (no symlink followed, a regular file checked on the handle, bounded), and what that handle
    /// reads is copied into a private file beside the database, which is what is checked and
    /// restored — so the bytes checked are the bytes restored, whatever happens to `from`.
    ///
    /// `court` is the configured court's code: a backup of another court is refused, naming both.
    pub fn restore(
        db: &Path,
        from: &Path,
        sharing: Sharing,
        court: &str,
    ) -> Result<tingping_store::backup::Restored> {
        use crate::import::hostile::{HostileFile, Refused};
        use tingping_core::msg::{Msg, msg};
        let refuse = |why: Msg| Error::Restore(from.to_path_buf(), db.to_path_buf(), why);
        // no app has the database open (live mode's marks would vanish under it): the lock every
        // open Court holds shared is taken here, and kept until the restore is done (no lock
        // file: no app has opened the database since, and none is made for a refusal to leave)
        let _alone = match super::lock_file(db, sharing, false) {
            Some(f) => match f.try_lock() {
                Ok(()) => Some(f),
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(refuse(msg("restore.why.in_use")));
                }
                Err(std::fs::TryLockError::Error(_)) => None,
            },
            None => None,
        };
        let mut held = HostileFile::open(from, BACKUP_MAX).map_err(|r| {
            refuse(match r {
                Refused::NotFile if from.is_dir() => msg("restore.why.directory"),
                Refused::NotFile => msg("restore.why.not_regular"),
                Refused::TooBig(max) => Msg::new("restore.why.too_big").arg("max", max),
                Refused::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    msg("restore.why.not_found")
                }
                Refused::Io(e) => Msg::verbatim(e),
            })
        })?;
        let folder = db
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        // (made 0600 by tempfile, removed when dropped; named by this process, so that a copy a
        // killed restore left is removed at the next start once this process is gone)
        let prefix = format!(".restore-source-{}-", std::process::id());
        let mut copy = tempfile::Builder::new()
            .prefix(&prefix)
            .tempfile_in(folder)
            .map_err(|e| refuse(Msg::verbatim(e)))?;
        let read = held
            .reader()
            .and_then(|mut r| std::io::copy(&mut r, copy.as_file_mut()));
        read.map_err(|e| refuse(Msg::verbatim(e)))?;
        tingping_store::backup::restore_as(db, copy.path(), from, sharing, court)
    }

    /// Today's backup, made once a day (and the month's), older ones rotated out.
    pub fn daily_backup(&self) -> Result<Vec<PathBuf>> {
        self.store.daily_backup()
    }

    pub fn backup_now(&self) -> Result<PathBuf> {
        self.store.backup_now()
    }

    pub fn backup_to(&self, path: &Path) -> Result<PathBuf> {
        self.store.backup_to(path)
    }
}
