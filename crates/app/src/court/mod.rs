//! The court's records as the terminal and the command line use them: one `Court` per open
//! database, one module per user intent. Every function that changes something is one store
//! write — one transaction holding the change and its audit entries — and returns a typed
//! outcome or a typed error ([`Error`], said in the user's language at the edges). The terminal
//! app and the command line reach the records only through here: they do not depend on the
//! store crate or on SQLite.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::NaiveDate;
use tingping_core::domain::batch::BatchMeta;
use tingping_core::domain::directory::DirectoryEntry;
use tingping_core::domain::followup::Followup;
use tingping_core::domain::live::{Event, Stage};
use tingping_core::domain::model::{Agency, Appearance, EvalStatus, Hearing};
use tingping_core::domain::period::Period;
use tingping_core::domain::rubric::Rubric;
use tingping_core::domain::scoring::Score;
use tingping_core::domain::session::{FormDraft, ResumePoint};
use tingping_core::domain::sheet::RowError;
use tingping_store::batch::{Preview, Reader, Source};
use tingping_store::{
    AgencyEdit, Amendment, CaseEvaluation, DirOutcome, DirectoryRow, Evaluation, ExportRow,
    HearingInput, ListCursor, ListRow, Merged, Moment, Person, Sharing, Store, audit,
};

pub use tingping_store::StoreError as Error;
pub type Result<T> = std::result::Result<T, Error>;

mod amend;
mod backup;
mod bureau;
pub use bureau::SatisfactionRead;
pub use tingping_store::bureau::{Review, Sampled};
mod batch;
mod directory;
mod followups;
mod hearings;
mod keys;
pub use keys::{Trusted, TrustedKey};
mod live;
mod scoring;
mod session;
mod suggestions;
pub use suggestions::{Candidate, SuggestionRules};
mod verify;
mod work;

pub struct Court {
    store: Store,
    /// the resume point as this Court last read or wrote it (None: not known yet)
    resume: std::cell::Cell<Option<Option<ResumePoint>>>,
    /// who may finalize and amend (`[people] judges`); empty: anyone named
    judges: Vec<String>,
    /// a shared lock on the database's lock file, held while this Court is open: a restore
    /// takes it exclusively, so it never replaces the records under a running app
    _presence: Option<std::fs::File>,
}

/// The lock file beside a database (`tp.db.lock`): every open Court holds it shared.
pub(crate) fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    db.with_file_name(name)
}

/// The lock file, opened (made with the database's sharing) to be locked; None when it cannot
/// be (a read-only folder): then nothing is announced, and nothing refused for it.
pub(crate) fn lock_file(db: &Path, sharing: Sharing, create: bool) -> Option<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true).write(true).create(create).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(sharing.file_mode());
    }
    o.open(lock_path(db)).ok()
}

impl Court {
    /// The database at `path`, made (and migrated) as needed, readable by its owner only.
    pub fn open(path: &Path) -> Result<Court> {
        Ok(Court::from(Store::open(path)?))
    }

    /// The same, with the files shared as `sharing` says (a court host's group).
    pub fn open_with(path: &Path, sharing: Sharing) -> Result<Court> {
        Ok(Court::from(Store::open_with(path, sharing)?))
    }

    /// Who may finalize and amend, as the court configured them (`[people] judges`): when the
    /// list is set, a name not on it is refused, naming the list.
    pub fn set_judges(&mut self, judges: Vec<String>) {
        self.judges = judges;
    }

    pub(crate) fn judge_may(&self, name: &str) -> Result<()> {
        let name = name.trim();
        if self.judges.is_empty() || self.judges.iter().any(|j| j.trim() == name) {
            return Ok(());
        }
        Err(Error::Refused(
            tingping_core::msg::Msg::new("court.err.not_a_judge")
                .arg("name", tingping_core::domain::text::shown(name))
                .arg("judges", self.judges.join("、")),
        ))
    }

    /// Who appeared for an agency, and the government the agency reports to (the appearance
    /// form holds both): one transaction, each change audited.
    pub fn save_appearance(&mut self, a: &Appearance, government: &str) -> Result<()> {
        self.store.save_appearance(a, Some(government))
    }
}

impl From<Store> for Court {
    fn from(store: Store) -> Court {
        let presence =
            lock_file(store.path(), store.sharing(), true).filter(|f| f.lock_shared().is_ok());
        Court {
            store,
            resume: std::cell::Cell::new(None),
            judges: Vec::new(),
            _presence: presence,
        }
    }
}
