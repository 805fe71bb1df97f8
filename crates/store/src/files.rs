//! The database's files on disk: what is checked before anything is written (a file that is not a
//! tingping database is refused untouched, with nothing created beside it), and who may read them
//! (the owner only, or a court host's group: they hold personal data).

use super::{Result, StoreError, schema};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Who may read and write the database, its -wal/-shm, its backups and its folder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sharing {
    /// the owner only: files 0600, folders 0700
    #[default]
    Private,
    /// the owner and the file's group, for a court host whose clerks and judges share one database
    /// over SSH: files 0660, folders 2770 (new files take the folder's group)
    Group,
}

impl Sharing {
    pub fn file_mode(self) -> u32 {
        match self {
            Sharing::Private => 0o600,
            Sharing::Group => 0o660,
        }
    }

    pub fn dir_mode(self) -> u32 {
        match self {
            Sharing::Private => 0o700,
            Sharing::Group => 0o2770,
        }
    }
}

#[cfg(test)]
#[test]
fn temporary_copies_name_their_process() {
    let db = "tp.db";
    assert_eq!(copy_maker("tp.db.restore-42", db), Some(42));
    assert_eq!(copy_maker("tp.db.restore-42-wal", db), Some(42));
    assert_eq!(copy_maker(".restore-source-42-a1B2c3", db), Some(42));
    assert_eq!(
        copy_maker("tp-manual-2026-10-01-093000.db.tmp-42-7", db),
        Some(42)
    );
    assert_eq!(
        copy_maker("tp-2026-10-01.db.tmp-42-0-journal", db),
        Some(42)
    );
    for not in [
        "tp.db",
        "tp.db-wal",
        "other.db.restore-42",
        "tp.db.restore-42x",
        "tp.db.restore-",
        ".restore-source-x",
        ".restore-source-42",
        "tp.db.tmp-42",
        "tp.db.tmp-42-7.bak",
        "notes.txt",
    ] {
        assert_eq!(copy_maker(not, db), None, "{not}");
    }
}

const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// What an existing file's first bytes say, read without SQLite (which could create -wal/-shm
/// files or change the file): `Ok(false)` when there is no file yet (or an empty one) and a new
/// database will be made, `Ok(true)` for a tingping database this version can open, or a truly
/// empty SQLite file; otherwise the refusal, with the file and its folder as they were.
/// The database files this process has open (by device and inode), with how many stores hold
/// each. A file SQLite has open is never opened by this code again: closing any descriptor of a
/// file drops every POSIX lock the process holds on it — those of its SQLite connections too —
/// and another program (a second tingping, `sqlite3`) then takes itself for the file's last user,
/// checkpoints and deletes the write-ahead log this process is still reading and writing
/// (database corruption, "disk I/O error"; SQLite's "How To Corrupt" §2.2).
static HELD: std::sync::Mutex<Vec<((u64, u64), usize)>> = std::sync::Mutex::new(Vec::new());

/// A store's hold on its database file (see [`HELD`]); released when dropped.
#[derive(Debug)]
pub struct Held(Option<(u64, u64)>);

fn file_id(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Whether a store of this process has `path` open already (it was checked then).
fn held(path: &Path) -> bool {
    let Some(id) = file_id(path) else {
        return false;
    };
    HELD.lock()
        .map(|h| h.iter().any(|(x, n)| *x == id && *n > 0))
        .unwrap_or(false)
}

/// Holds `path` for a store while it is open.
pub(super) fn hold(path: &Path) -> Held {
    let id = file_id(path);
    if let (Some(id), Ok(mut h)) = (id, HELD.lock()) {
        match h.iter_mut().find(|(x, _)| *x == id) {
            Some((_, n)) => *n += 1,
            None => h.push((id, 1)),
        }
    }
    Held(id)
}

impl Drop for Held {
    fn drop(&mut self) {
        if let (Some(id), Ok(mut h)) = (self.0, HELD.lock()) {
            if let Some((_, n)) = h.iter_mut().find(|(x, _)| *x == id) {
                *n = n.saturating_sub(1);
            }
            h.retain(|(_, n)| *n > 0);
        }
    }
}

pub(super) fn check_before_open(path: &Path) -> Result<bool> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(StoreError::Unreadable(path.to_path_buf(), e.to_string())),
    };
    if meta.is_dir() {
        return Err(StoreError::Directory(path.to_path_buf()));
    }
    if !meta.is_file() {
        return Err(StoreError::NotRegular(path.to_path_buf()));
    }
    if meta.len() == 0 {
        return Ok(false);
    }
    // open in this process already, and checked then: never read through a descriptor of our own
    // (see `HELD`); SQLite's own view of it is checked once open (`check_open`)
    if held(path) {
        return Ok(true);
    }
    // the 100-byte file header and the first bytes of page 1's b-tree header (the schema table)
    let mut head = [0u8; 108];
    let mut f = std::fs::File::open(path)
        .map_err(|e| StoreError::Unreadable(path.to_path_buf(), e.to_string()))?;
    let n = read_up_to(&mut f, &mut head)
        .map_err(|e| StoreError::Unreadable(path.to_path_buf(), e.to_string()))?;
    if n < head.len() || &head[..16] != MAGIC {
        return Err(StoreError::NotSqlite(path.to_path_buf()));
    }
    let be = |at: usize| i32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    let user_version = be(60);
    let application_id = be(68);
    if application_id == schema::APPLICATION_ID {
        if i64::from(user_version) > schema::LATEST {
            return Err(StoreError::Newer(path.to_path_buf(), user_version.into()));
        }
        return Ok(true);
    }
    // not labelled as ours: taken only when it holds nothing at all (no table, index, view or
    // trigger: page 1 is a leaf of the schema table without a cell) and no version of its own
    let page_type = head[100];
    let cells = u16::from_be_bytes([head[103], head[104]]);
    if application_id == 0 && user_version == 0 && page_type == 0x0D && cells == 0 {
        return Ok(true);
    }
    Err(StoreError::Foreign(path.to_path_buf()))
}

/// Refuses a database its owner made read-only (no write permission for its owner, or for anyone):
/// it is neither opened for writing nor given a writable mode (checked on the mode bits, which
/// hold for root too).
pub(super) fn check_writable(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let meta = std::fs::metadata(path)
            .map_err(|e| StoreError::Unreadable(path.to_path_buf(), e.to_string()))?;
        let mode = meta.permissions().mode() & 0o7777;
        let mine = meta.uid() == nix::unistd::geteuid().as_raw();
        if mode & 0o222 == 0 || (mine && mode & 0o200 == 0) {
            return Err(StoreError::ReadOnly(path.to_path_buf(), mode));
        }
    }
    #[cfg(not(unix))]
    if std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) {
        return Err(StoreError::ReadOnly(path.to_path_buf(), 0o444));
    }
    Ok(())
}

fn read_up_to(f: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The same check as SQLite itself sees the file (a write-ahead log may hold newer pages than the
/// file's header), made on the open connection before anything is written.
pub(super) fn check_open(path: &Path, conn: &rusqlite::Connection) -> Result<()> {
    let read = |sql: &str, column: &str| -> Result<i64> {
        conn.query_row(sql, [], |r| r.get(column))
            .map_err(|e| StoreError::Unreadable(path.to_path_buf(), e.to_string()))
    };
    let application_id = read("PRAGMA application_id", "application_id")?;
    let user_version = read("PRAGMA user_version", "user_version")?;
    if application_id == i64::from(schema::APPLICATION_ID) {
        if user_version > schema::LATEST {
            return Err(StoreError::Newer(path.to_path_buf(), user_version));
        }
        return Ok(());
    }
    let objects = read("SELECT count(*) AS n FROM sqlite_master", "n")?;
    if application_id == 0 && user_version == 0 && objects == 0 {
        return Ok(());
    }
    Err(StoreError::Foreign(path.to_path_buf()))
}

/// A file beside the database: `-wal`, `-shm`.
pub(super) fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Makes the folders of a new database that do not exist yet, each readable by its owner only (or
/// the group), never for a moment by anyone else.
pub(super) fn create_dirs(dir: &Path, sharing: Sharing) -> std::io::Result<()> {
    let mut missing = Vec::new();
    let mut d = Some(dir);
    while let Some(p) = d {
        if p.as_os_str().is_empty() || p.exists() {
            break;
        }
        missing.push(p.to_path_buf());
        d = p.parent();
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, sharing.dir_mode() & 0o777);
    b.create(dir)?;
    for p in missing.iter().rev() {
        set_mode(p, sharing.dir_mode())?;
    }
    Ok(())
}

/// Makes a new, empty file with the mode it keeps (SQLite would make it readable by all and give
/// -wal/-shm the same mode; it gives them this one instead).
pub(super) fn create_file(path: &Path, sharing: Sharing, new: bool) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true);
    if new {
        o.create_new(true);
    } else {
        o.create(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, sharing.file_mode());
    o.open(path)?;
    set_mode(path, sharing.file_mode())
}

/// Gives an existing file of the database (itself, -wal, -shm, a backup) or its folder the mode it
/// should have for the group and others; its owner's own rights are never widened (a backup its
/// owner made read-only stays so). A file of another user (the court host's shared database)
/// cannot be changed and is left as it is; so is anything that is not there.
pub(super) fn protect(path: &Path, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            let now = meta.permissions().mode() & 0o7777;
            let mode = (mode & !0o700) | (mode & now & 0o700);
            if now != mode {
                // refused (EPERM) for a file of another user: that user's program sets it
                let _ = set_mode(path, mode);
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
}

/// The folder that holds the database, when it is the program's own (the platform data folder).
pub fn protect_folder(dir: &Path, sharing: Sharing) {
    protect(dir, sharing.dir_mode());
}

/// The database and the files SQLite keeps beside it.
pub(super) fn protect_database(path: &Path, sharing: Sharing) {
    for p in [
        path.to_path_buf(),
        beside(path, "-wal"),
        beside(path, "-shm"),
        beside(path, "-journal"),
    ] {
        protect(&p, sharing.file_mode());
    }
}

/// Whether process `pid` is running (or might be: only Unix can tell).
pub fn process_running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = i32::try_from(pid) else {
            return true;
        };
        if pid <= 0 {
            return true;
        }
        // no signal: only whether the process exists (and may be signalled)
        match nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None) {
            Ok(()) => true,
            Err(e) => e != nix::errno::Errno::ESRCH,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Whether this user made `meta`'s file (Unix; elsewhere, whoever can reach the folder).
pub fn made_by_me(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.uid() == nix::unistd::geteuid().as_raw()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        true
    }
}

/// The leading decimal number of `s`, and what follows it.
fn number(s: &str) -> Option<(u32, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    Some((s[..end].parse().ok()?, &s[end..]))
}

/// What SQLite keeps beside a file while it is open: nothing, or its -journal, -wal or -shm.
fn sqlite_tail(s: &str) -> bool {
    matches!(s, "" | "-journal" | "-wal" | "-shm")
}

/// The process that made a temporary copy, from its name: a backup being made
/// (`….db.tmp-PID-N`), a restore's migrated copy (`<db>.restore-PID`), or the copy of a backup
/// being restored (`.restore-source-PID-…`); each with what SQLite keeps beside it.
fn copy_maker(name: &str, db_name: &str) -> Option<u32> {
    if let Some(rest) = name.strip_prefix(".restore-source-") {
        let (pid, tail) = number(rest)?;
        return tail.starts_with('-').then_some(pid);
    }
    if let Some(rest) = name
        .strip_prefix(db_name)
        .and_then(|r| r.strip_prefix(".restore-"))
    {
        let (pid, tail) = number(rest)?;
        return sqlite_tail(tail).then_some(pid);
    }
    let (_, rest) = name.rsplit_once(".db.tmp-")?;
    let (pid, tail) = number(rest)?;
    let (_, tail) = number(tail.strip_prefix('-')?)?;
    sqlite_tail(tail).then_some(pid)
}

/// Removes the temporary copies a backup, a restore or an export's backup before its claim left
/// beside the database (and in its backups folder) when its process was killed outright or the
/// power was cut: full-size copies of the records nothing else would remove. Only this user's
/// regular files are removed, and only when the process that made them is no longer running.
pub(super) fn remove_stale_copies(db: &Path) {
    let Some(db_name) = db.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let me = std::process::id();
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    for folder in [dir.to_path_buf(), super::backup::backups_dir(db)] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|n| copy_maker(n, db_name))
            else {
                continue;
            };
            let path = entry.path();
            let ours = path
                .symlink_metadata()
                .is_ok_and(|m| m.is_file() && made_by_me(&m));
            if ours && pid != me && !process_running(pid) {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}
