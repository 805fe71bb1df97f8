//! The database's files on disk: what is checked before anything is written (a file that is not a
//! tingping database is refused untouched, with nothing created beside it).

use super::{Result, StoreError, schema};
use std::io::Read;
use std::path::Path;

const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// What an existing file's first bytes say, read without SQLite (which could create -wal/-shm
/// files or change the file): `Ok(false)` when there is no file yet (or an empty one) and a new
/// database will be made, `Ok(true)` for a tingping database this version can open, or a truly
/// empty SQLite file; otherwise the refusal, with the file and its folder as they were.
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
    let read = |sql: &str| -> Result<i64> {
        conn.query_row(sql, [], |r| r.get(0))
            .map_err(|e| StoreError::Unreadable(path.to_path_buf(), e.to_string()))
    };
    let application_id = read("PRAGMA application_id")?;
    let user_version = read("PRAGMA user_version")?;
    if application_id == i64::from(schema::APPLICATION_ID) {
        if user_version > schema::LATEST {
            return Err(StoreError::Newer(path.to_path_buf(), user_version));
        }
        return Ok(());
    }
    let objects = read("SELECT count(*) FROM sqlite_master")?;
    if application_id == 0 && user_version == 0 && objects == 0 {
        return Ok(());
    }
    Err(StoreError::Foreign(path.to_path_buf()))
}
