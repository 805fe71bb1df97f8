//! Backups made on demand.

use super::*;

impl Court {
    /// The database at `db` replaced by the backup `from` (checked first: a tingping database,
    /// not newer, its audit chain whole), the file it replaces kept beside it. No Court is open
    /// on `db` meanwhile.
    pub fn restore(
        db: &Path,
        from: &Path,
        sharing: Sharing,
    ) -> Result<tingping_store::backup::Restored> {
        tingping_store::backup::restore(db, from, sharing)
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
