//! Backups: whole copies of the database made with SQLite's online backup API from one read
//! snapshot (WAL: nobody waits for it), each written under a temporary name with its mode first and
//! put in place whole, never over an existing file.
//!
//! They live in `backups/` beside the database, named after its file (`tingping` for
//! `tingping.db`):
//! - `tingping-2026-11-29.db`: the day's, at the first start of a day (the newest [`KEEP_DAILY`] kept);
//! - `tingping-2026-11.db`: the month's, at its first start (the newest [`KEEP_MONTHLY`] kept);
//! - `tingping-before-migration-2026-11-29T10-00-00.db` (and `-claim`, `-restore`): before each
//!   migration, month's claim and restore (the newest [`KEEP_BEFORE`] of each kept);
//! - `tingping-manual-2026-11-29T10-00-00.db`: asked for (`tingping backup`); never removed.
//!
//! A second one in the same second gets `-2`, `-3`… Pruning removes only files whose whole name is
//! one of these, for this database: anything else in the folder stays.

use super::files::{self, Sharing};
use super::{Result, Store, StoreError, audit, schema};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use tingping_core::msg::{Msg, Told, msg, msgf};

/// How many daily backups are kept.
pub const KEEP_DAILY: usize = 7;
/// How many monthly backups are kept.
pub const KEEP_MONTHLY: usize = 12;
/// How many backups of each reason (before a migration, a claim, a restore) are kept.
pub const KEEP_BEFORE: usize = 12;
/// Pages copied per step of the backup API.
const PAGES_PER_STEP: i32 = 256;
/// The schema version that started the audit log: a file of an older one has no log to check.
const AUDITED_FROM: i64 = 6;

/// Why a backup was made before a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    Migration,
    Claim,
    Restore,
}

impl Reason {
    pub const ALL: [Reason; 3] = [Reason::Migration, Reason::Claim, Reason::Restore];

    pub fn id(self) -> &'static str {
        match self {
            Reason::Migration => "migration",
            Reason::Claim => "claim",
            Reason::Restore => "restore",
        }
    }
}

/// What a backup's name says it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Daily(NaiveDate),
    /// the first day of its month
    Monthly(NaiveDate),
    /// when, and its number within that second (1 for the first)
    Before(Reason, NaiveDateTime, u32),
    Manual(NaiveDateTime, u32),
}

const DAY: &str = "%Y-%m-%d";
const MONTH: &str = "%Y-%m";
const STAMP: &str = "%Y-%m-%dT%H-%M-%S";
/// How long a [`STAMP`] is written out (`2026-03-01T09-30-00`).
const STAMP_LEN: usize = 19;

/// A backup file of a database, as its name says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    pub kind: Kind,
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    /// the backup of the database it replaced (none when there was no database)
    pub kept: Option<PathBuf>,
    /// the restored file's schema version (migrated to this program's after the restore)
    pub version: i64,
    /// how many audit entries it holds, all verified (none for a file older than the log)
    pub entries: Option<i64>,
}

/// The folder of a database's backups: `backups/` beside it.
pub fn backups_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

/// The name a database's backups start with: its file name without `.db`.
fn stem(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "tingping".to_string())
}

fn name_of(stem: &str, kind: Kind) -> String {
    let n = |n: u32| match n {
        1 => String::new(),
        n => format!("-{n}"),
    };
    match kind {
        Kind::Daily(d) => format!("{stem}-{}.db", d.format(DAY)),
        Kind::Monthly(d) => format!("{stem}-{}.db", d.format(MONTH)),
        Kind::Before(r, at, k) => {
            format!("{stem}-before-{}-{}{}.db", r.id(), at.format(STAMP), n(k))
        }
        Kind::Manual(at, k) => format!("{stem}-manual-{}{}.db", at.format(STAMP), n(k)),
    }
}

/// What a file name in the backups folder is, when it is exactly one of this database's backups.
fn kind_of(stem: &str, name: &str) -> Option<Kind> {
    let rest = name
        .strip_prefix(stem)?
        .strip_prefix('-')?
        .strip_suffix(".db")?;
    let kind = if let Ok(d) = NaiveDate::parse_from_str(rest, DAY) {
        Kind::Daily(d)
    } else if let Ok(d) = NaiveDate::parse_from_str(&format!("{rest}-01"), DAY) {
        Kind::Monthly(d)
    } else if let Some(s) = rest.strip_prefix("manual-") {
        let (at, k) = stamp(s)?;
        Kind::Manual(at, k)
    } else {
        let s = rest.strip_prefix("before-")?;
        let r = Reason::ALL
            .into_iter()
            .find(|r| s.strip_prefix(r.id()).is_some_and(|s| s.starts_with('-')))?;
        let (at, k) = stamp(&s[r.id().len() + 1..])?;
        Kind::Before(r, at, k)
    };
    // exactly as this program writes it (no unpadded numbers, no leading zeros)
    (name_of(stem, kind) == name).then_some(kind)
}

fn stamp(s: &str) -> Option<(NaiveDateTime, u32)> {
    let (at, k) = match s.get(STAMP_LEN..) {
        Some("") => (s, 1),
        Some(k) => (&s[..STAMP_LEN], k.strip_prefix('-')?.parse().ok()?),
        None => return None,
    };
    Some((NaiveDateTime::parse_from_str(at, STAMP).ok()?, k))
}

/// The backups of the database at `db`, newest first within each kind.
pub fn list_backups(db: &Path) -> std::io::Result<Vec<BackupFile>> {
    let dir = backups_dir(db);
    let stem = stem(db);
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e),
    };
    for e in entries {
        let e = e?;
        let Some(kind) = e.file_name().to_str().and_then(|n| kind_of(&stem, n)) else {
            continue;
        };
        // a folder or a link of that name is not ours
        if e.file_type()?.is_file() {
            out.push(BackupFile {
                path: e.path(),
                kind,
            });
        }
    }
    out.sort_by_key(|b| std::cmp::Reverse(order(b.kind)));
    Ok(out)
}

/// Newest last within a kind.
fn order(k: Kind) -> (u8, NaiveDateTime, u32) {
    let day = |d: NaiveDate| d.and_time(chrono::NaiveTime::MIN);
    match k {
        Kind::Daily(d) => (0, day(d), 0),
        Kind::Monthly(d) => (1, day(d), 0),
        Kind::Before(r, at, n) => (2 + r as u8, at, n),
        Kind::Manual(at, n) => (9, at, n),
    }
}

/// Removes the daily, monthly and before-a-change backups beyond the newest ones kept; a manual
/// backup and anything that is not a backup of this database stay. Returns what was removed.
pub fn prune(db: &Path) -> std::io::Result<Vec<PathBuf>> {
    prune_sparing(db, None)
}

/// [`prune`], leaving `spare` (the file a restore reads) where it is.
fn prune_sparing(db: &Path, spare: Option<&Path>) -> std::io::Result<Vec<PathBuf>> {
    let spare = spare.and_then(|p| p.canonicalize().ok());
    let mut seen = std::collections::HashMap::<u8, usize>::new();
    let mut removed = Vec::new();
    for b in list_backups(db)? {
        if spare.is_some() && b.path.canonicalize().ok() == spare {
            continue;
        }
        let (group, keep) = match b.kind {
            Kind::Daily(_) => (0, KEEP_DAILY),
            Kind::Monthly(_) => (1, KEEP_MONTHLY),
            Kind::Before(r, ..) => (2 + r as u8, KEEP_BEFORE),
            Kind::Manual(..) => continue,
        };
        let n = seen.entry(group).or_default();
        *n += 1;
        if *n > keep {
            std::fs::remove_file(&b.path)?;
            removed.push(b.path);
        }
    }
    Ok(removed)
}

/// Where a copy went.
#[derive(Debug, PartialEq, Eq)]
enum Placed {
    Made,
    /// the name was taken meanwhile (by another program, or it was there): nothing replaced
    Taken,
    /// the database was not at the version asked for (another program migrated it first)
    Skipped,
}

/// Ends the read transaction a backup holds on its source, however it ends.
struct Snapshot<'a>(&'a Connection);

impl<'a> Snapshot<'a> {
    fn begin(conn: &'a Connection) -> rusqlite::Result<Snapshot<'a>> {
        conn.execute_batch("BEGIN DEFERRED")?;
        let s = Snapshot(conn);
        // the snapshot starts with the first read
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        Ok(s)
    }

    fn version(&self) -> rusqlite::Result<i64> {
        self.0
            .query_row("PRAGMA user_version", [], |r| r.get("user_version"))
    }
}

impl Drop for Snapshot<'_> {
    fn drop(&mut self) {
        let _ = self.0.execute_batch("ROLLBACK");
    }
}

/// Copies `from` into `to` a few pages at a time; the source is read from the snapshot it holds.
fn copy(from: &Connection, to: &mut Connection) -> rusqlite::Result<()> {
    let b = Backup::new(from, to)?;
    loop {
        match b.step(PAGES_PER_STEP)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked => {
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                    None,
                ));
            }
            // (a variant added by a later rusqlite)
            #[allow(unreachable_patterns)]
            _ => {}
        }
    }
}

/// Puts a finished temporary file in place under `dest`, never over a file that is there.
fn place(tmp: &Path, dest: &Path) -> std::io::Result<Placed> {
    let placed = match std::fs::hard_link(tmp, dest) {
        Ok(()) => Placed::Made,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Placed::Taken,
        // a file system without hard links: the name checked just before
        Err(_) if dest.exists() => Placed::Taken,
        Err(_) => {
            std::fs::rename(tmp, dest)?;
            sync_dir(dest);
            return Ok(Placed::Made);
        }
    };
    std::fs::remove_file(tmp)?;
    sync_dir(dest);
    Ok(placed)
}

/// The folder's entry of a new file reaches the disk too (a power cut does not lose the name).
fn sync_dir(file: &Path) {
    #[cfg(unix)]
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    #[cfg(not(unix))]
    let _ = file;
}

fn io_why(e: impl std::fmt::Display) -> Msg {
    Msg::verbatim(e)
}

impl Store {
    /// Copies the database, as one snapshot, into a new file `dest` (made with its mode first
    /// under a temporary name beside it, then put in place whole). A file already at `dest` is
    /// never replaced: `Taken`. With `at_version`, nothing is copied unless the database is at that
    /// schema version (`Skipped`).
    fn snapshot_to(&self, dest: &Path, at_version: Option<i64>) -> Result<Placed> {
        static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = files::beside(dest, &format!(".tmp-{}-{n}", std::process::id()));
        let failed = |why: Msg| StoreError::Backup(dest.to_path_buf(), why);
        files::create_file(&tmp, self.sharing, true).map_err(|e| failed(io_why(e)))?;
        let made = (|| -> Result<Placed> {
            let mut to = Connection::open(&tmp).map_err(|e| failed(io_why(e)))?;
            {
                let snapshot = Snapshot::begin(&self.conn)?;
                if at_version.is_some_and(|v| snapshot.version().ok() != Some(v)) {
                    return Ok(Placed::Skipped);
                }
                copy(&self.conn, &mut to).map_err(|e| failed(io_why(e)))?;
            }
            // what was copied is what counts: a backup restarts on another program's write and
            // may have read the database as that program left it (migrated meanwhile)
            if let Some(want) = at_version {
                let copied: i64 = to
                    .query_row("PRAGMA user_version", [], |r| r.get("user_version"))
                    .map_err(|e| failed(io_why(e)))?;
                if copied != want {
                    return Ok(Placed::Skipped);
                }
            }
            // the copy is a file of its own: no -wal to go with it, readable as it is
            to.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(()))
                .map_err(|e| failed(io_why(e)))?;
            to.close().map_err(|(_, e)| failed(io_why(e)))?;
            place(&tmp, dest).map_err(|e| failed(io_why(e)))
        })();
        for p in [
            tmp.clone(),
            files::beside(&tmp, "-journal"),
            files::beside(&tmp, "-wal"),
            files::beside(&tmp, "-shm"),
        ] {
            if p.exists() {
                let _ = std::fs::remove_file(&p);
            }
        }
        made
    }

    /// The backups folder, made (owner only, or the group) if it is not there.
    fn backups_folder(&self) -> Result<PathBuf> {
        let dir = backups_dir(&self.path);
        if dir.is_dir() {
            files::protect(&dir, self.sharing.dir_mode());
        } else {
            files::create_dirs(&dir, self.sharing)
                .map_err(|e| StoreError::Backup(dir.clone(), io_why(e)))?;
        }
        Ok(dir)
    }

    /// Copies the database into a new file at `path`, the user's choice: an existing file is
    /// never overwritten, a folder is refused. The copy is readable by its owner only (or the
    /// group).
    pub fn backup_to(&self, path: &Path) -> Result<PathBuf> {
        if path.is_dir() {
            let example = path.join(name_of(
                &stem(&self.path),
                Kind::Manual(chrono::Local::now().naive_local(), 1),
            ));
            return Err(StoreError::Backup(
                path.to_path_buf(),
                msgf("backup.why.directory", &[("example", &example.display())]),
            ));
        }
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(StoreError::Backup(
                path.to_path_buf(),
                msg("backup.why.exists"),
            ));
        }
        match self.snapshot_to(path, None)? {
            Placed::Made => Ok(path.to_path_buf()),
            _ => Err(StoreError::Backup(
                path.to_path_buf(),
                msg("backup.why.exists"),
            )),
        }
    }

    /// A new backup in the backups folder, made now (`tingping backup`): never removed by pruning.
    pub fn backup_now(&self) -> Result<PathBuf> {
        let at = now_second();
        self.numbered(|k| Kind::Manual(at, k), None)
            .map(|p| p.expect("not skipped"))
    }

    /// The next free number within the second.
    fn numbered(
        &self,
        kind: impl Fn(u32) -> Kind,
        at_version: Option<i64>,
    ) -> Result<Option<PathBuf>> {
        let dir = self.backups_folder()?;
        let stem = stem(&self.path);
        // after the last of that second (one pruned may have freed a lower number)
        let last = list_backups(&self.path)
            .map_err(|e| StoreError::Backup(dir.clone(), io_why(e)))?
            .into_iter()
            .filter_map(|b| match b.kind {
                Kind::Before(_, _, k) | Kind::Manual(_, k) if kind(k) == b.kind => Some(k),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        for k in last + 1.. {
            let path = dir.join(name_of(&stem, kind(k)));
            if path.exists() {
                continue;
            }
            match self.snapshot_to(&path, at_version)? {
                Placed::Made => return Ok(Some(path)),
                Placed::Skipped => return Ok(None),
                Placed::Taken => {}
            }
        }
        unreachable!("a free number")
    }

    /// A backup before a change (a migration, a month's claim, a restore), then the oldest of
    /// that reason beyond [`KEEP_BEFORE`] removed. Returns where it is.
    pub(crate) fn backup_before(&self, reason: Reason) -> Result<PathBuf> {
        Ok(self
            .backup_before_at(reason, None, None)?
            .expect("made at any version"))
    }

    /// As [`Store::backup_before`], only while the database is at schema `version` (`None` when
    /// another program has migrated it meanwhile); pruning leaves `spare` alone.
    fn backup_before_at(
        &self,
        reason: Reason,
        version: Option<i64>,
        spare: Option<&Path>,
    ) -> Result<Option<PathBuf>> {
        let at = now_second();
        let made = self.numbered(|k| Kind::Before(reason, at, k), version)?;
        if made.is_some() {
            // a backup that could not be removed is no reason to stop a change
            let _ = prune_sparing(&self.path, spare);
        }
        Ok(made)
    }

    /// Before migrating from `version`: its backup (skipped when another program migrated first).
    pub(super) fn backup_before_migration(&self, version: i64) -> Result<Option<PathBuf>> {
        self.backup_before_at(Reason::Migration, Some(version), None)
    }

    /// The day's backup, at the first start of a day: today's (and this month's, if the month has
    /// none yet) when it is not there, then the oldest beyond [`KEEP_DAILY`] daily and
    /// [`KEEP_MONTHLY`] monthly removed. Returns the backups made (none when today's was there).
    pub fn daily_backup(&self) -> Result<Vec<PathBuf>> {
        self.daily_backup_on(chrono::Local::now().date_naive())
    }

    /// [`Store::daily_backup`] on a given day.
    pub fn daily_backup_on(&self, today: NaiveDate) -> Result<Vec<PathBuf>> {
        let stem = stem(&self.path);
        let dir = backups_dir(&self.path);
        let month = today.with_day0(0).expect("day 1");
        let mut made = Vec::new();
        for kind in [Kind::Daily(today), Kind::Monthly(month)] {
            let path = dir.join(name_of(&stem, kind));
            if path.exists() {
                continue;
            }
            self.backups_folder()?;
            // another program starting at the same time may have made it: that one is as good
            if self.snapshot_to(&path, None)? == Placed::Made {
                made.push(path);
            }
        }
        if !made.is_empty() {
            prune(&self.path).map_err(|e| StoreError::Backup(dir, io_why(e)))?;
        }
        Ok(made)
    }
}

fn now_second() -> NaiveDateTime {
    let now = chrono::Local::now().naive_local();
    now.with_nanosecond(0).unwrap_or(now)
}

/// Replaces the database at `db` with the backup at `from`, which must be a whole tingping
/// database: not damaged (`PRAGMA integrity_check`), its audit chain unbroken, of a schema this
/// program knows. Any refusal changes nothing. The database replaced is kept first as a
/// before-restore backup (its path returned); the restored file is then migrated to this
/// program's schema. No other program should be using the database meanwhile (one that is sees
/// the restored records, but the screen it shows may be out of date).
///
/// The copy goes through an open connection to the database with the backup API, in one write
/// transaction: SQLite keeps its -wal and -shm right, and a failure leaves it as it was.
pub fn restore(db: &Path, from: &Path, sharing: Sharing) -> Result<Restored> {
    restore_as(db, from, from, sharing, "")
}

/// [`restore`] from `source`, a copy an edge made of the backup it opened once as hostile input
/// (the user named it `shown`: the messages, and the backups kept, speak of that one). With a
/// `court` code (the court the program is configured for), a backup of another court (by
/// [`court_of`]) is refused, naming both codes.
pub fn restore_as(
    db: &Path,
    source: &Path,
    shown: &Path,
    sharing: Sharing,
    court: &str,
) -> Result<Restored> {
    let from = shown;
    let refuse = |why: Msg| StoreError::Restore(from.to_path_buf(), db.to_path_buf(), why);
    let source = open_source(source).map_err(refuse)?;
    let snapshot = Snapshot::begin(&source).map_err(|e| refuse(unread(e)))?;
    let (version, entries) = check_source(&source).map_err(refuse)?;
    if let (Ok(a), Ok(b)) = (from.canonicalize(), db.canonicalize())
        && a == b
    {
        return Err(refuse(msg("restore.why.same")));
    }
    // brought to this program's schema first, in a copy of its own: a file that cannot be
    // migrated is refused before the database is touched
    let staged = files::beside(db, &format!(".restore-{}", std::process::id()));
    let cleanup = |p: &Path| {
        for q in [
            p.to_path_buf(),
            files::beside(p, "-journal"),
            files::beside(p, "-wal"),
            files::beside(p, "-shm"),
        ] {
            let _ = std::fs::remove_file(q);
        }
    };
    let migrated = (|| -> std::result::Result<Connection, Msg> {
        if let Some(dir) = db
            .parent()
            .filter(|d| !d.as_os_str().is_empty() && !d.exists())
        {
            files::create_dirs(dir, sharing).map_err(io_why)?;
        }
        files::create_file(&staged, sharing, true).map_err(io_why)?;
        let mut to = Connection::open(&staged).map_err(io_why)?;
        copy(&source, &mut to).map_err(io_why)?;
        let v: i64 = to
            .query_row("PRAGMA user_version", [], |r| r.get("user_version"))
            .map_err(io_why)?;
        // (SQLite's words only, not the migration's SQL)
        super::migrate_conn(&to, v, schema::LATEST).map_err(|e| {
            damaged(
                e.to_string()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches(" in"),
            )
        })?;
        Ok(to)
    })();
    drop(snapshot);
    let staged_conn = match migrated {
        Ok(c) => c,
        Err(why) => {
            cleanup(&staged);
            return Err(refuse(why));
        }
    };
    // a backup of an older schema: its log checked as migrated (the chain from its first entry,
    // every record against it)
    let entries = match entries {
        None if version >= AUDITED_FROM => match audited(&staged_conn) {
            Ok(n) => n,
            Err(why) => {
                drop(staged_conn);
                cleanup(&staged);
                return Err(refuse(why));
            }
        },
        e => e,
    };
    // another court's records never replace this court's
    if let Some(theirs) = court_of(&staged_conn).filter(|c| !court.is_empty() && c != court) {
        drop(staged_conn);
        cleanup(&staged);
        return Err(refuse(msgf(
            "restore.why.other_court",
            &[("theirs", &theirs), ("ours", &court)],
        )));
    }
    let existed = files::check_before_open(db)?;
    let mut store = match Store::open_with(db, sharing) {
        Ok(s) => s,
        Err(e) => {
            cleanup(&staged);
            return Err(e);
        }
    };
    let kept = match existed {
        // (the file restored from may be an old backup: it stays)
        true => store
            .backup_before_at(Reason::Restore, None, Some(from))
            .map_err(|e| refuse(Msg::new("restore.why.keep").nest("why", e.told())))?,
        false => None,
    };
    let copied = copy(&staged_conn, &mut store.conn).map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
            StoreError::Busy(db.to_path_buf())
        }
        _ => refuse(io_why(e)),
    });
    drop(staged_conn);
    cleanup(&staged);
    copied?;
    Ok(Restored {
        kept,
        version,
        entries,
    })
}

/// The court whose database this is (at this program's schema): the court its latest batch was
/// issued by, else the court most of its hearings are of (from their case numbers); None for a
/// database with neither.
pub fn court_of(conn: &Connection) -> Option<String> {
    let one = |sql: &str| -> Option<String> {
        conn.query_row(sql, [], |r| r.get::<_, String>("court_code"))
            .ok()
            .filter(|c| !c.is_empty())
    };
    one("SELECT court_code FROM batches WHERE court_code <> ''
         ORDER BY created_at DESC, rowid DESC LIMIT 1")
    .or_else(|| {
        one("SELECT court_code FROM hearings WHERE court_code <> ''
             GROUP BY court_code ORDER BY count(*) DESC, court_code LIMIT 1")
    })
}

fn damaged(e: impl std::fmt::Display) -> Msg {
    msgf("restore.why.damaged", &[("why", &e)])
}

/// Why a file could not be read: damaged, or SQLite's own words (a folder it may not write its
/// -shm into, say).
fn unread(e: rusqlite::Error) -> Msg {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            damaged(e)
        }
        _ => io_why(e),
    }
}

/// The file to restore, opened read-only once what its bytes say is a tingping database.
fn open_source(from: &Path) -> std::result::Result<Connection, Msg> {
    let meta = match std::fs::metadata(from) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(msg("restore.why.not_found"));
        }
        Err(e) => return Err(io_why(e)),
    };
    if meta.is_dir() {
        return Err(msg("restore.why.directory"));
    }
    if !meta.is_file() {
        return Err(msg("restore.why.not_regular"));
    }
    if meta.len() == 0 {
        return Err(msg("restore.why.foreign"));
    }
    match files::check_before_open(from) {
        Ok(_) => {}
        Err(StoreError::NotSqlite(_)) => return Err(msg("restore.why.not_sqlite")),
        Err(StoreError::Foreign(_)) => return Err(msg("restore.why.foreign")),
        Err(StoreError::Newer(_, v)) => return Err(newer(v)),
        Err(e) => return Err(e.told()),
    }
    Connection::open_with_flags(
        from,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(io_why)
}

fn newer(version: i64) -> Msg {
    msgf(
        "restore.why.newer",
        &[("version", &version), ("latest", &schema::LATEST)],
    )
}

/// Whether the file (read in the snapshot begun on it) may replace a database: its schema
/// version and, from the audit log's version on, how many entries its log holds.
fn check_source(conn: &Connection) -> std::result::Result<(i64, Option<i64>), Msg> {
    let read = |pragma: &str| -> std::result::Result<i64, Msg> {
        conn.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(pragma))
            .map_err(unread)
    };
    if read("application_id")? != i64::from(schema::APPLICATION_ID) {
        return Err(msg("restore.why.foreign"));
    }
    let version = read("user_version")?;
    if version > schema::LATEST {
        return Err(newer(version));
    }
    if version < 1 {
        return Err(msg("restore.why.foreign"));
    }
    let mut st = conn
        .prepare("PRAGMA integrity_check(20)")
        .map_err(damaged)?;
    let found: Vec<String> = st
        .query_map([], |r| r.get("integrity_check"))
        .and_then(|rows| rows.collect())
        .map_err(damaged)?;
    if found != ["ok"] {
        return Err(damaged(found.join("; ")));
    }
    // (a file of an older schema is checked once migrated: this program's log reads its own)
    if version < AUDITED_FROM || version < schema::LATEST {
        return Ok((version, None));
    }
    Ok((version, audited(conn)?))
}

/// A database's audit log checked (this program's schema): how many entries, or why it does
/// not stand.
fn audited(conn: &Connection) -> std::result::Result<Option<i64>, Msg> {
    let rubrics = std::cell::RefCell::new(std::collections::HashMap::new());
    match super::verify_all(conn, &rubrics)
        .map_err(|e| Msg::new("restore.why.damaged").nest("why", e.told()))?
    {
        audit::Verified::Ok { entries, .. } => Ok(Some(entries)),
        audit::Verified::Broken {
            problem: audit::Problem::Unprotected,
            ..
        } => Err(msg("verify.problem.unprotected")),
        audit::Verified::Broken {
            seq: 0,
            entity,
            entity_id,
            ..
        } => Err(msgf(
            "restore.why.unlogged",
            &[("entity", &entity), ("id", &entity_id)],
        )),
        audit::Verified::Broken { seq, problem, .. } => {
            let problem = serde_json::to_value(problem)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            Err(Msg::new("restore.why.audit")
                .arg("seq", seq)
                .nest("problem", msg(format!("restore.problem.{problem}"))))
        }
    }
}

#[cfg(test)]
#[path = "backup_tests.rs"]
mod tests;
