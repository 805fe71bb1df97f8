//! SQLite storage: one file, WAL, foreign keys, versioned schema migrated on open (with a backup
//! first, see [`backup`]). Every public method that changes data commits its own transaction before returning.

mod agencies;
mod amend;
pub mod audit;
pub mod backup;
pub mod batch;
mod bulk;
pub mod bureau;
pub mod corrections;
mod counted;
pub mod dashboard;
mod evaluations;
mod files;
mod followups;
mod hearings;
mod imports;
pub mod keys;
mod live;
mod performance;
mod records;
mod schedule;
mod suggestions;
pub use suggestions::{CONCERNED_MAX, NewSuggestion};
pub mod schema;
pub mod types;
pub mod wait;

pub use agencies::{AgencyEdit, DirOutcome, DirectoryRow, Merged, Person};
pub use amend::Amendment;
pub use bulk::Bulk;
pub use evaluations::{EvalRecord, Evaluation, ExportRow};
pub use files::{Sharing, made_by_me, process_running, protect_folder};
pub use hearings::{HearingInput, ListCursor, ListRow};
pub use live::Moment;
pub use performance::{CaseEvaluation, PerformanceRecord};
pub use schedule::ScheduleOutcome;

use tingping_core::domain;
/// the tests read refusals in words, as a clerk would
#[cfg(test)]
use tingping_i18n as i18n;

use crate::domain::rubric::Rubric;
use rusqlite::{Connection, OptionalExtension, params};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use tingping_core::msg::{Msg, Told, msg};

/// What went wrong, as data: the edges say it in the user's language (`err.text()` through
/// `tingping-i18n`'s `Render`), tests match the variant or the message key. Its `Display` is the
/// key and its arguments, for logs — never shown to a user as it is.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// a SQLite database of another program
    #[error("{}", self.told().plain())]
    Foreign(PathBuf),
    /// a file that is not a SQLite database at all
    #[error("{}", self.told().plain())]
    NotSqlite(PathBuf),
    #[error("{}", self.told().plain())]
    Directory(PathBuf),
    /// a device, a pipe, a socket
    #[error("{}", self.told().plain())]
    NotRegular(PathBuf),
    /// the system's reason, as it gave it
    #[error("{}", self.told().plain())]
    Unreadable(PathBuf, String),
    /// a database its owner made read-only (its mode): not opened, not chmod'ed
    #[error("{}", self.told().plain())]
    ReadOnly(PathBuf, u32),
    #[error("{}", self.told().plain())]
    Newer(PathBuf, i64),
    #[error("{}", self.told().plain())]
    Busy(PathBuf),
    #[error("{}", self.told().plain())]
    NotFound(String),
    #[error("{}", self.told().plain())]
    Locked,
    /// refused by a rule of the records; the message says which
    #[error("{}", .0.plain())]
    Refused(Msg),
    /// another process kept the database busy for longer than [`wait::LIMIT`]: nothing was changed
    #[error("{}", self.told().plain())]
    Waited,
    /// a backup could not be made at this path, and why
    #[error("{}", self.told().plain())]
    Backup(PathBuf, Msg),
    /// a restore from the first file into the database at the second was refused or failed,
    /// with nothing changed
    #[error("{}", self.told().plain())]
    Restore(PathBuf, PathBuf, Msg),
    #[error("{}", self.told().plain())]
    Sqlite(rusqlite::Error),
}

impl Told for StoreError {
    fn told(&self) -> Msg {
        let path = |key: &'static str, p: &Path| Msg::new(key).arg("path", p.display());
        match self {
            StoreError::Foreign(p) => path("store.err.foreign", p),
            StoreError::NotSqlite(p) => path("store.err.not_sqlite", p),
            StoreError::Directory(p) => {
                path("store.err.directory", p).arg("example", p.join("tingping.db").display())
            }
            StoreError::NotRegular(p) => path("store.err.not_regular", p),
            StoreError::Unreadable(p, why) => path("store.err.unreadable", p).arg("why", why),
            StoreError::ReadOnly(p, mode) => {
                path("store.err.read_only", p).arg("mode", format!("{mode:04o}"))
            }
            StoreError::Newer(p, v) => path("store.err.newer", p).arg("version", v),
            StoreError::Busy(p) => path("store.err.busy", p),
            StoreError::NotFound(what) => Msg::new("store.err.not_found").arg("what", what),
            StoreError::Locked => Msg::new("store.err.locked"),
            StoreError::Refused(m) => m.clone(),
            StoreError::Waited => Msg::new("store.err.waited").arg("s", wait::LIMIT.as_secs()),
            StoreError::Backup(p, why) => path("store.err.backup", p).nest("why", why.clone()),
            StoreError::Restore(from, db, why) => Msg::new("store.err.restore")
                .arg("from", from.display())
                .arg("db", db.display())
                .nest("why", why.clone()),
            StoreError::Sqlite(e) => Msg::new("store.err.sqlite").arg("why", e),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        // (what SQLite says of a folder or a disk, in the user's words)
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) => StoreError::Waited,
            Some(rusqlite::ErrorCode::ReadOnly) => {
                StoreError::Refused(msg("store.err.cannot_write"))
            }
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::Refused(msg("store.err.disk_full")),
            Some(rusqlite::ErrorCode::SystemIoFailure) => {
                StoreError::Refused(msg("store.err.io").arg("why", &e))
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// True when the database holds no record of its own (each test looks at one row at most).
const EMPTY: &str =
    "SELECT NOT EXISTS (SELECT 1 FROM hearings) AND NOT EXISTS (SELECT 1 FROM agencies)
     AND NOT EXISTS (SELECT 1 FROM batches) AND NOT EXISTS (SELECT 1 FROM imported_batches) AS empty";

pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    /// who may read its files (and its backups)
    sharing: Sharing,
    rubrics: RefCell<HashMap<String, Rc<Rubric>>>,
    /// what the batches and reports count: the configured court's litigation
    scope: crate::domain::scope::Scope,
    /// who is at the keyboard: recorded on every entry of the audit log
    operator: String,
    /// this process's hold on the file (declared last: released after the connection closes)
    _held: files::Held,
}

/// How much of the database a connection that reads for a report maps into memory (SQLite's
/// largest by default): two threads reading through `pread` spend a third of their time in the
/// kernel; mapped, they read the pages where they lie (the mapped pages are the file's, shared
/// with the system's cache, not the process's own memory).
const MAPPED: i64 = 2_147_418_112;

impl Store {
    /// Reads the database mapped (see [`MAPPED`]), or again through `pread` (`on` false): a
    /// report's or an export's reading of a period. (A saving of time: where the system refuses,
    /// the reading goes on as it was.)
    pub fn map(&self, on: bool) {
        let size = if on { MAPPED } else { 0 };
        let _ = self.conn.execute_batch(&format!("PRAGMA mmap_size={size}"));
    }
}

/// What every connection to a database is set to: foreign keys, a write durable once committed,
/// 32 MiB of page cache.
const CONNECTION: &str =
    "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA cache_size=-32768;";

/// A database to open for reading on another thread (see [`Store::reading`]): it is open and
/// migrated already, so this only connects.
#[derive(Clone, Debug)]
pub struct Reading {
    path: PathBuf,
    sharing: Sharing,
    scope: crate::domain::scope::Scope,
}

impl Reading {
    pub fn open(self) -> Result<Store> {
        let conn = Connection::open_with_flags(
            &self.path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::Unreadable(self.path.clone(), e.to_string()))?;
        let _held = files::hold(&self.path);
        conn.busy_handler(Some(wait::busy))?;
        // (what it writes — kept figures — is written as every other connection writes)
        conn.execute_batch(CONNECTION)?;
        conn.execute_batch(&format!("PRAGMA mmap_size={MAPPED};"))?;
        Ok(Store {
            conn,
            path: self.path,
            sharing: self.sharing,
            rubrics: RefCell::new(HashMap::new()),
            scope: self.scope,
            operator: login_name(),
            _held,
        })
    }
}

/// The login name of who runs the program ("unknown" when the system does not say).
pub fn login_name() -> String {
    ["LOGNAME", "USER", "USERNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .map(|v| crate::domain::text::clean(v.trim()))
        .find(|v| !v.is_empty())
        .map(|v| crate::domain::text::cut(&v, crate::domain::text::NAME_MAX, "").into_owned())
        .or_else(account_name)
        .unwrap_or_else(|| "unknown".to_string())
}

/// The name of the account the program runs as, from the system's user database.
#[cfg(unix)]
fn account_name() -> Option<String> {
    // (through nix: its user lookup is the reentrant getpwuid_r, no unsafe code here)
    let user = nix::unistd::User::from_uid(nix::unistd::getuid()).ok()??;
    let name = crate::domain::text::clean(user.name.trim());
    (!name.is_empty())
        .then(|| crate::domain::text::cut(&name, crate::domain::text::NAME_MAX, "").into_owned())
}

#[cfg(not(unix))]
fn account_name() -> Option<String> {
    None
}

/// Text from a caller (a form, the command line, a draft), cleaned of control characters and bidi
/// overrides and refused when longer than `max`, naming the field (`label_key` in the catalog).
pub(crate) fn text_in(label_key: &'static str, s: &str, max: usize) -> Result<String> {
    crate::domain::text::bounded(msg(label_key), s, max).map_err(StoreError::Refused)
}

/// A stored value that cannot be what its column holds: an error naming the table, the row, the
/// column and the value (never a default in its place).
pub(crate) fn bad_value(table: &str, id: i64, field: &str, value: &str) -> StoreError {
    StoreError::Refused(tingping_core::msg::msgf(
        "store.err.bad_value",
        &[
            ("table", &table),
            ("id", &id),
            ("field", &field),
            ("value", &value),
        ],
    ))
}

/// A date column as stored (YYYY-MM-DD, or '' when unknown); anything else is an error that names
/// the table, row and column.
pub(crate) fn stored_date(
    table: &str,
    id: i64,
    field: &str,
    s: &str,
) -> Result<Option<chrono::NaiveDate>> {
    if s.is_empty() {
        return Ok(None);
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| bad_value(table, id, field, s))
}

/// Appends a change to the audit log in the caller's transaction.
pub(crate) fn log(operator: &str, conn: &Connection, c: audit::Change) -> Result<i64> {
    Ok(audit::record(conn, operator, c)?)
}

pub(crate) fn now() -> String {
    chrono::Local::now()
        .format("%Y-%m-%dT%H:%M:%S%.3f%:z")
        .to_string()
}

impl Store {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Who may read the database's files.
    pub fn sharing(&self) -> Sharing {
        self.sharing
    }

    /// Opens (creating if needed) a tingping database readable by its owner only.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, Sharing::Private)
    }

    /// Opens (creating if needed) a tingping database. Anything else — a folder, a file of another
    /// program, a database of a newer tingping, a database its owner made read-only — is refused
    /// before a byte is written: the file, its mode and its folder stay exactly as they were. The database, its -wal/-shm, its backups and the
    /// folders made for it are readable by the owner only, or by the group with `Sharing::Group`.
    pub fn open_with(path: &Path, sharing: Sharing) -> Result<Store> {
        let existing = files::check_before_open(path)?;
        // a file its owner made read-only is left so: never made writable behind their back
        if existing {
            files::check_writable(path)?;
        }
        if !existing {
            if let Some(dir) = path.parent()
                && !dir.as_os_str().is_empty()
            {
                files::create_dirs(dir, sharing)
                    .map_err(|e| StoreError::Unreadable(dir.to_path_buf(), e.to_string()))?;
            }
            files::create_file(path, sharing, false)
                .map_err(|e| StoreError::Unreadable(path.to_path_buf(), e.to_string()))?;
        }
        let mut conn = Connection::open(path)
            .map_err(|e| StoreError::Unreadable(path.to_path_buf(), e.to_string()))?;
        // from here on this process has the file open: nothing of ours opens it again
        let _held = files::hold(path);
        // a write waits for another process's write instead of failing (see wait.rs), and every
        // write transaction takes the write lock when it begins: a deferred one that has read
        // cannot wait for the lock, SQLite refuses it at once
        conn.busy_handler(Some(wait::busy))?;
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        // what SQLite sees (a write-ahead log may be newer than the header), still before any write
        files::check_open(path, &conn)?;
        // full-size copies a killed backup or restore left beside it
        files::remove_stale_copies(path);
        // an older file (or -wal/-shm another program made from it) gets its mode now; new
        // -wal/-shm files take the database's
        files::protect_database(path, sharing);
        // switching a file to WAL reads, then writes: SQLite does not wait on that upgrade while
        // another program switches or reads it too, so the waiting is done here
        let mode: String = wait::retrying(|| {
            conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get("journal_mode"))
        })
        .map_err(|e| busy_or(path, e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Unreadable(
                path.to_path_buf(),
                format!("journal_mode={mode}"),
            ));
        }
        conn.execute_batch(CONNECTION)?;
        // a live key press runs a dozen statements: each is parsed once, not at every press
        conn.set_prepared_statement_cache_capacity(64);
        let store = Store {
            conn,
            path: path.to_path_buf(),
            sharing,
            rubrics: RefCell::new(HashMap::new()),
            scope: Default::default(),
            operator: login_name(),
            _held,
        };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&self) -> Result<()> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get("user_version"))?;
        if version > schema::LATEST {
            return Err(StoreError::Newer(self.path.clone(), version));
        }
        // the copies of older versions an earlier version of tingping made beside the database
        // (`<db>.vN.bak`) hold the same personal data
        for v in 1..schema::LATEST {
            files::protect(&backup_path(&self.path, v), self.sharing.file_mode());
        }
        if version == schema::LATEST {
            return Ok(());
        }
        // a copy of the old version first (none when another program migrated it meanwhile)
        if version > 0 {
            self.backup_before_migration(version)?;
        }
        migrate_conn(&self.conn, version, schema::LATEST).map_err(|e| busy_or(&self.path, e))
    }

    /// How another thread opens this database to read it (a report's comparison periods, read
    /// beside its own): the same file and scope, a connection of its own.
    pub fn reading(&self) -> Reading {
        Reading {
            path: self.path.clone(),
            sharing: self.sharing,
            scope: self.scope.clone(),
        }
    }

    /// Sets what batches and reports count (the configured court and case types). Rows outside it
    /// stay in the database but are never claimed, counted, named or flagged.
    pub fn set_scope(&mut self, scope: crate::domain::scope::Scope) {
        self.scope = scope;
    }

    pub fn scope(&self) -> &crate::domain::scope::Scope {
        &self.scope
    }

    /// Who is at the keyboard (the login name unless set): recorded on every audit entry.
    pub fn set_operator(&mut self, name: &str) -> Result<()> {
        let name = text_in("field.operator", name, crate::domain::text::NAME_MAX)?;
        if name.trim().is_empty() {
            return Err(StoreError::Refused(tingping_core::msg::msg(
                "store.err.operator",
            )));
        }
        self.operator = name.trim().to_string();
        Ok(())
    }

    pub fn operator(&self) -> &str {
        &self.operator
    }

    /// Recomputes the audit chain and checks every record against it, and every evaluation's
    /// cached score (what the lists and notices show) against its marks.
    pub fn verify(&self) -> Result<audit::Verified> {
        verify_all(&self.conn, &self.rubrics)
    }

    /// Every audit entry about a case, oldest first.
    pub fn history(&self, case_number: &str) -> Result<Vec<audit::Entry>> {
        Ok(audit::history(&self.conn, case_number)?)
    }

    /// The agency each of a case's appearances and evaluations is of, and the names of the
    /// agencies its entries name by id (a merge moves an appearance from one to another), so
    /// its history names the agency of an entry, never an id.
    pub fn history_names(
        &self,
        case_number: &str,
        entries: &[audit::Entry],
    ) -> Result<audit::Names> {
        let mut names = audit::Names::default();
        let mut st = self.conn.prepare(
            "SELECT a.id AS appearance, e.id AS evaluation, g.name FROM appearances a
             JOIN hearings h ON h.id = a.hearing_id JOIN agencies g ON g.id = a.agency_id
             LEFT JOIN evaluations e ON e.appearance_id = a.id WHERE h.case_number = ?1",
        )?;
        let rows = st.query_map([case_number], |r| {
            Ok((
                r.get::<_, i64>("appearance")?,
                r.get::<_, Option<i64>>("evaluation")?,
                r.get::<_, String>("name")?,
            ))
        })?;
        for row in rows {
            let (appearance, evaluation, name) = row?;
            if let Some(e) = evaluation {
                names.evaluations.insert(e, name.clone());
            }
            names.appearances.insert(appearance, name);
        }
        let mut agency = self
            .conn
            .prepare("SELECT name FROM agencies WHERE id = ?1")?;
        for e in entries.iter().filter(|e| e.field == "agency") {
            for id in [&e.old, &e.new] {
                if let Ok(id) = id.parse::<i64>()
                    && let Some(name) = agency
                        .query_row([id], |r| r.get::<_, String>("name"))
                        .optional()?
                {
                    names.agencies.insert(id, name);
                }
            }
        }
        Ok(names)
    }

    /// The audit log's last entry: its number and hash.
    pub fn chain_head(&self) -> Result<(i64, String)> {
        Ok(audit::head(&self.conn)?)
    }

    /// Remembers a rubric version so evaluations scored with it keep their meaning.
    pub fn remember_rubric(&self, rubric: &Rubric) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO rubric_versions(hash, content, first_seen) VALUES (?1, ?2, ?3)",
            params![rubric.hash, rubric.source, now()],
        )?;
        self.rubrics
            .borrow_mut()
            .entry(rubric.hash.clone())
            .or_insert_with(|| Rc::new(rubric.clone()));
        Ok(())
    }

    /// The rubric with the given content hash, as stored.
    pub fn rubric(&self, hash: &str) -> Result<Rc<Rubric>> {
        evaluations::load_rubric(&self.conn, &self.rubrics, hash)
    }

    pub fn rubric_versions(&self) -> Result<Vec<(String, String)>> {
        let mut st = self
            .conn
            .prepare("SELECT hash, first_seen FROM rubric_versions ORDER BY first_seen")?;
        let rows = st.query_map([], |r| Ok((r.get("hash")?, r.get("first_seen")?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether the database holds no record of its own: no hearing, agency or batch (only such a
    /// database is offered, and takes, demo data).
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.conn.query_row(EMPTY, [], |r| r.get("empty"))?)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get("user_version"))?)
    }
}

/// The chain, the records against it, the cached scores against the marks (see [`Store::verify`]).
/// Recomputes the audit chain and checks every record against it, and every evaluation's
/// cached score (what the lists and notices show) against its marks.
pub(crate) fn verify_all(
    conn: &Connection,
    rubrics: &RefCell<HashMap<String, Rc<Rubric>>>,
) -> Result<audit::Verified> {
    let v = audit::verify(conn)?;
    if !matches!(v, audit::Verified::Ok { .. }) {
        return Ok(v);
    }
    let mut st = conn.prepare(
        "SELECT e.id AS evaluation_id, e.total_tenths, e.grade, e.flags,
                o.total_tenths AS outcome_total_tenths, o.grade AS outcome_grade, o.flags AS outcome_flags,
                (SELECT max(seq) FROM audit_log l WHERE l.entity = 'evaluation' AND l.entity_id = e.id) AS seq
         FROM evaluations e LEFT JOIN performance_outcomes o ON o.evaluation_id = e.id ORDER BY e.id",
    )?;
    type Cached = (Option<i64>, Option<String>, String);
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get("evaluation_id")?;
        let own: Cached = (r.get("total_tenths")?, r.get("grade")?, r.get("flags")?);
        let outcome: (Option<i64>, Option<String>, Option<String>) = (
            r.get("outcome_total_tenths")?,
            r.get("outcome_grade")?,
            r.get("outcome_flags")?,
        );
        let seq: Option<i64> = r.get("seq")?;
        let rubric = evaluations::rubric_of(conn, rubrics, id)?;
        let (mut marks, _) = evaluations::marks_of(conn, id)?;
        let (flags, head) = evaluations::appearance_flags(conn, id)?;
        let now = crate::domain::scoring::score(&rubric, &marks, &flags, head);
        let mut right = own == (now.total_tenths, now.grade.clone(), now.flags.join(","));
        if let (Some(_), Some(ograde), Some(oflags)) = (outcome.0, &outcome.1, &outcome.2) {
            performance::overlay(conn, rubrics, id, &mut marks)?;
            let with = crate::domain::scoring::score(&rubric, &marks, &flags, head);
            right &= (outcome.0, Some(ograde.clone()), oflags.clone())
                == (with.total_tenths, with.grade.clone(), with.flags.join(","));
        }
        if !right {
            return Ok(audit::Verified::Broken {
                // an evaluation the log never named: the break is before its first entry
                seq: seq.unwrap_or(0),
                problem: audit::Problem::Record,
                entity: audit::Entity::Evaluation.id().to_string(),
                entity_id: id,
            });
        }
    }
    drop(rows);
    if let Some(b) = derived_and_kept(conn)? {
        return Ok(b);
    }
    Ok(v)
}

/// What the log stands behind beyond each record's state: a hearing's case type and court (what
/// the batches count) follow its case number; each amendment is what its entry says; each batch's
/// chain head and export entry are in the log (entries removed from its end are found).
fn derived_and_kept(conn: &Connection) -> rusqlite::Result<Option<audit::Verified>> {
    let broken = |seq: i64, problem, entity: &str, id: i64| {
        Some(audit::Verified::Broken {
            seq,
            problem,
            entity: entity.to_string(),
            entity_id: id,
        })
    };
    let mut st = conn.prepare(
        "SELECT h.id, h.case_number, h.case_type, h.court_code,
                (SELECT max(seq) FROM audit_log l WHERE l.entity = 'hearing' AND l.entity_id = h.id) AS seq
         FROM hearings h ORDER BY h.id",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (id, case, ty, court): (i64, String, String, String) = (
            r.get("id")?,
            r.get("case_number")?,
            r.get("case_type")?,
            r.get("court_code")?,
        );
        let (t, c) = schema::case_parts(&case);
        if (t, c.as_str()) != (ty.as_str(), court.as_str()) {
            // a hearing the log never named: the break is before its first entry
            let seq = r.get::<_, Option<i64>>("seq")?.unwrap_or(0);
            return Ok(broken(seq, audit::Problem::Record, "hearing", id));
        }
    }
    let mut st = conn.prepare(
        "SELECT m.id, m.audit_seq FROM amendments m LEFT JOIN audit_log l ON l.seq = m.audit_seq
         WHERE l.seq IS NULL OR l.action <> 'amend' OR l.field <> m.field OR l.old <> m.old OR l.new <> m.new
            OR l.reason <> m.reason OR l.by_name <> m.by_name
         ORDER BY m.audit_seq LIMIT 1",
    )?;
    if let Some((id, seq)) = st
        .query_row([], |r| {
            Ok((r.get::<_, i64>("id")?, r.get::<_, i64>("audit_seq")?))
        })
        .optional()?
    {
        return Ok(broken(seq, audit::Problem::Record, "amendment", id));
    }
    let last: i64 = conn.query_row(
        "SELECT coalesce(max(seq), 0) AS seq FROM audit_log",
        [],
        |r| r.get("seq"),
    )?;
    // a batch whose export entry is gone: entries were removed from the end; one whose export
    // entry is there but whose chain head is not: the log was rewritten at or before that entry
    let cut: Option<Option<i64>> = conn
        .query_row(
            "SELECT (SELECT min(l.seq) FROM audit_log l WHERE l.action = 'export' AND l.field = b.id) AS export_seq
             FROM batches b WHERE (b.chain_head <> '' AND NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.hash = b.chain_head))
                OR NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.action = 'export' AND l.field = b.id)
             ORDER BY b.created_at LIMIT 1",
            [],
            |r| r.get("export_seq"),
        )
        .optional()?;
    Ok(match cut {
        Some(None) => broken(last + 1, audit::Problem::Truncated, "batch", 0),
        Some(Some(seq)) => broken(seq, audit::Problem::Rewritten, "batch", 0),
        None => None,
    })
}

/// Runs the migration steps `from+1 ..= to`, each in its own transaction. A step another process
/// made while this one waited for the write lock is not made twice.
pub fn migrate_conn(conn: &Connection, from: i64, to: i64) -> rusqlite::Result<()> {
    // every step in one transaction: another program sees the old version or the new one, never
    // one in between (it would back that up as "before migration", or migrate from it)
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let steps = (|| -> rusqlite::Result<()> {
        let now: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get("user_version"))?;
        for v in from.max(now)..to {
            let step = schema::MIGRATIONS[v as usize];
            conn.execute_batch(&format!(
                "{step}; PRAGMA application_id = {}; PRAGMA user_version = {};",
                schema::APPLICATION_ID,
                v + 1
            ))?;
        }
        // the steps' work beyond SQL, in order, once every column is there: the log's first
        // entries (step 6) state the records as this version's log does
        for v in from.max(now)..to {
            schema::backfill(conn, v + 1)?;
        }
        conn.execute_batch("COMMIT")
    })();
    steps.inspect_err(|_| {
        let _ = conn.execute_batch("ROLLBACK");
    })
}

/// Where earlier versions of tingping kept the copy of schema version `version` made before
/// migrating (now in `backups/`, see [`backup`]).
pub fn backup_path(path: &Path, version: i64) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".v{version}.bak"));
    path.with_file_name(name)
}

fn busy_or(path: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
            StoreError::Busy(path.to_path_buf())
        }
        _ => StoreError::Sqlite(e),
    }
}

#[cfg(test)]
mod agencies_tests;
#[cfg(test)]
mod audit_tests;
#[cfg(test)]
mod followups_tests;
#[cfg(test)]
mod rows_by_name_tests;
#[cfg(test)]
mod suggestions_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod trust_tests;
