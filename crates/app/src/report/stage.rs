//! Where an export's files are made before they are a batch: a fresh private folder beside the
//! batch folder (`.tingping-….tmp-PID-N`, mode 0700, made with `create_dir`, never reused), moved
//! into place only while the claim commits. It is removed when the export fails, when the process
//! is told to stop (SIGINT, SIGTERM, SIGHUP), and — when a process was killed outright — by the
//! next export, once that process is gone.
//!
//! A batch folder that is already there is replaced only if it is an earlier export of the same
//! batch: a real folder (not a link) whose manifest names this batch and court, holding nothing
//! but the files its manifest lists. A re-export of some formats carries over the others only as
//! listed, as regular files with the listed checksums.

use super::ExportError;
use super::json::{FileJson, MANIFEST_READS, Manifest};
use crate::i18n::tf;
use crate::store::batch::FileEntry;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The largest manifest an earlier export could have written that is read back.
const MANIFEST_MAX: u64 = 16 << 20;

/// The folders this process is writing, removed if it is told to stop. Held while a batch is moved
/// into place and its claim committed, so a signal then waits until that is done or undone.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Modes of what an export makes: owner only, or a group sharing the court host.
#[derive(Clone, Copy, Debug)]
pub struct Modes {
    pub file: u32,
    pub dir: u32,
}

impl Modes {
    pub fn new(shared_group: bool) -> Modes {
        if shared_group {
            Modes {
                file: 0o660,
                dir: 0o2770,
            }
        } else {
            Modes {
                file: 0o600,
                dir: 0o700,
            }
        }
    }
}

/// Sets `path`'s mode (Unix; elsewhere the folder's own rights apply).
pub fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
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

/// Why a file could not be written or read, in the user's language (the system's words when
/// there is no better one).
pub fn why(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let key = match e.kind() {
        StorageFull | QuotaExceeded => "export.why.full",
        PermissionDenied => "export.why.denied",
        ReadOnlyFilesystem => "export.why.read_only",
        NotFound => "export.why.not_found",
        FileTooLarge => "export.why.too_large",
        AlreadyExists => "export.why.exists",
        NotADirectory => "export.why.not_dir",
        _ => return e.to_string(),
    };
    crate::i18n::t(key).to_string()
}

fn io(path: &Path, e: std::io::Error) -> ExportError {
    ExportError::Io(path.to_path_buf(), why(&e))
}

/// Makes the folder exports go to, if it is not there, private (the folders above it as the
/// system makes them). A symlink there (to a folder or not, dangling or not) is refused before
/// anything is claimed or made: the batch would be written wherever it points.
pub fn out_dir(out: &Path, modes: Modes) -> Result<(), ExportError> {
    match out.symlink_metadata() {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(ExportError::Refused(tf(
                "export.err.out_link",
                &[("path", &out.display())],
            )));
        }
        Ok(m) if m.is_dir() => return Ok(()),
        _ => {}
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(out).map_err(|e| io(out, e))?;
    set_mode(out, modes.dir).map_err(|e| io(out, e))
}

/// Opens a file for reading without following a link (Unix) and without waiting on a FIFO.
/// Writes one document (an evaluation sheet, a judicial suggestion, a scorecard) into `dir` as
/// `name` and returns its path. The folder is made as an export's is (never through a link; the owner's, or
/// the group's when the court shares its files); the document is written into a new file of its
/// own with the same modes and then moved into place, so an earlier file or a link of that name
/// is replaced, never written through. A refusal is said with `words` (io, link): no batch is
/// claimed here.
pub fn write_document(
    dir: &Path,
    name: &str,
    shared_group: bool,
    words: (&str, &str),
    write: impl FnOnce(File) -> std::io::Result<()>,
) -> Result<PathBuf, ExportError> {
    let (io_key, link_key) = words;
    let modes = Modes::new(shared_group);
    out_dir(dir, modes).map_err(|e| match e {
        ExportError::Io(p, why) => {
            ExportError::Refused(tf(io_key, &[("path", &p.display()), ("why", &why)]))
        }
        ExportError::Refused(_) => ExportError::Refused(tf(link_key, &[("path", &dir.display())])),
        e => e,
    })?;
    let path = dir.join(name);
    let io = |e: std::io::Error| {
        ExportError::Refused(tf(io_key, &[("path", &path.display()), ("why", &why(&e))]))
    };
    let part = dir.join(format!(".{name}.part-{}", std::process::id()));
    let _ = std::fs::remove_file(&part);
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, modes.file);
    let file = o.open(&part).map_err(io)?;
    let written = write(file).and_then(|()| std::fs::rename(&part, &path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&part);
        return Err(io(e));
    }
    Ok(path)
}

fn open_plain(path: &Path) -> std::io::Result<File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut o, libc::O_NOFOLLOW | libc::O_NONBLOCK);
    let f = o.open(path)?;
    if !f.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(f)
}

/// A name a manifest may list: one plain file name in the batch folder.
fn plain_name(name: &str) -> bool {
    let mut parts = Path::new(name).components();
    matches!(parts.next(), Some(std::path::Component::Normal(n)) if n.to_str() == Some(name))
        && parts.next().is_none()
        && !name.contains(['/', '\\'])
        && name != "manifest.json"
}

/// An existing batch folder at `target`: None if there is none; its manifest if it is an earlier
/// export of batch `id` of court `code` — its manifest the very one the database `recorded` for the
/// batch, naming the batch and court — holding only the regular files it lists; refused
/// otherwise, naming the path and why.
pub fn earlier(
    target: &Path,
    id: &str,
    code: &str,
    recorded: &[FileEntry],
) -> Result<Option<Manifest>, ExportError> {
    let refuse = |key: &str, path: &Path| {
        ExportError::Refused(tf(key, &[("path", &path.display()), ("id", &id)]))
    };
    let meta = match target.symlink_metadata() {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(target, e)),
    };
    if meta.file_type().is_symlink() {
        return Err(refuse("export.err.link", target));
    }
    if !meta.is_dir() {
        return Err(refuse("export.err.not_folder", target));
    }
    let mpath = target.join("manifest.json");
    let manifest = match open_plain(&mpath) {
        Ok(f) => {
            let mut text = Vec::new();
            f.take(MANIFEST_MAX + 1)
                .read_to_end(&mut text)
                .map_err(|e| io(&mpath, e))?;
            let sha = crate::sign::hex(&Sha256::digest(&text));
            let ours = recorded.iter().any(|f| {
                f.name == "manifest.json" && f.sha256 == sha && f.bytes == text.len() as u64
            });
            serde_json::from_slice::<Manifest>(&text).ok().filter(|m| {
                ours && text.len() as u64 <= MANIFEST_MAX
                    && MANIFEST_READS.contains(&m.schema.as_str())
                    && m.batch == id
                    && m.court.code == code
                    && m.files.iter().all(|f| plain_name(&f.name))
            })
        }
        Err(_) => None,
    };
    let Some(manifest) = manifest else {
        return Err(refuse("export.err.not_earlier", target));
    };
    for entry in std::fs::read_dir(target).map_err(|e| io(target, e))? {
        let entry = entry.map_err(|e| io(target, e))?;
        let path = entry.path();
        let listed = entry.file_name().to_str().is_some_and(|n| {
            n == "manifest.json"
                || n == crate::sign::SIGNATURE_FILE
                || manifest.files.iter().any(|f| f.name == n)
        });
        if !listed {
            return Err(refuse("export.err.extra", &path));
        }
        let ty = entry.file_type().map_err(|e| io(&path, e))?;
        if !ty.is_file() {
            return Err(refuse("export.err.not_file", &path));
        }
    }
    Ok(Some(manifest))
}

/// Copies a file an earlier export of the batch listed into `to`, if it is still there: a regular
/// file with the listed size and checksum, or the re-export is refused. False if it is gone.
pub fn carry(from: &Path, to: &Path, listed: &FileJson, modes: Modes) -> Result<bool, ExportError> {
    let changed = || ExportError::Refused(tf("export.err.changed", &[("path", &from.display())]));
    let src = match open_plain(from) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(_) => {
            return Err(ExportError::Refused(tf(
                "export.err.not_file",
                &[("path", &from.display())],
            )));
        }
    };
    if src.metadata().map_err(|e| io(from, e))?.len() != listed.bytes {
        return Err(changed());
    }
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, modes.file);
    #[cfg(not(unix))]
    let _ = modes;
    let mut dst = o.open(to).map_err(|e| io(to, e))?;
    let mut h = Sha256::new();
    let mut n = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    // no more than listed, whatever the file does meanwhile
    let mut src = src.take(listed.bytes.saturating_add(1));
    loop {
        let k = src.read(&mut buf).map_err(|e| io(from, e))?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        dst.write_all(&buf[..k]).map_err(|e| io(to, e))?;
        n += k as u64;
    }
    let sha = crate::sign::hex(&h.finalize());
    if n != listed.bytes || sha != listed.sha256 {
        return Err(changed());
    }
    Ok(true)
}

/// The process that made a temporary export folder, from its name (`.tingping-….tmp-PID…`).
fn maker(name: &str) -> Option<u32> {
    if !name.starts_with(".tingping") {
        return None;
    }
    let (_, rest) = name.rsplit_once(".tmp-")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Removes the temporary folders in `out` that a process no longer running left (killed outright,
/// or by a power cut). Links with such names are left, and so are others' folders.
pub fn remove_stale(out: &Path) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(maker) else {
            continue;
        };
        let path = entry.path();
        let ours = path
            .symlink_metadata()
            .is_ok_and(|m| m.is_dir() && crate::store::made_by_me(&m));
        if !ours {
            continue;
        }
        let live = live();
        let gone = if pid == me {
            !live.contains(&path)
        } else {
            !crate::store::process_running(pid)
        };
        if gone {
            let _ = remove_tree(&path);
        }
    }
}

/// Removes a folder and what is in it (not what links in it point to), trying again while a
/// writer still adds to it.
fn remove_tree(path: &Path) -> std::io::Result<()> {
    let mut last = Ok(());
    for _ in 0..20 {
        last = match std::fs::remove_dir_all(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            r => r,
        };
        if last.is_ok() {
            return Ok(());
        }
    }
    last
}

/// Removes this process's temporary folders when it is told to stop, then stops as it would have.
fn watch_signals() {
    #[cfg(unix)]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            let _ = std::thread::Builder::new()
                .name("export-signals".into())
                .spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        // waits while a batch is being moved into place and committed
                        let folders = live();
                        for f in folders.iter() {
                            let _ = remove_tree(f);
                        }
                        let _ = signal_hook::low_level::emulate_default_handler(signal);
                        std::process::exit(128 + signal);
                    }
                });
        });
    }
}

/// A batch's files being made: a private folder, removed unless it becomes the batch folder.
pub struct Stage {
    dir: PathBuf,
    target: PathBuf,
    /// the batch and court whose earlier export alone may be replaced at `target`, and the files
    /// the database recorded for it
    batch: (String, String, Vec<FileEntry>),
    /// the earlier export of the batch, moved aside while the new one takes its place
    aside: Option<PathBuf>,
    /// held from the move into place until the claim is committed (or the move undone)
    placing: Option<MutexGuard<'static, Vec<PathBuf>>>,
    done: bool,
    modes: Modes,
}

impl Stage {
    /// A fresh folder beside the folder `out/name` of batch `id` of court `code` (whose earlier
    /// export wrote the files `recorded`), never one that was there before.
    pub fn new(
        out: &Path,
        name: &str,
        (id, code, recorded): (&str, &str, &[FileEntry]),
        modes: Modes,
    ) -> Result<Stage, ExportError> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static SEQ: AtomicU32 = AtomicU32::new(0);
        watch_signals();
        let pid = std::process::id();
        let mut b = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        let mut live = live();
        let mut tries = 0;
        let dir = loop {
            let seq = SEQ.fetch_add(1, Ordering::Relaxed);
            let dir = out.join(format!(".{name}.tmp-{pid}-{seq}"));
            match b.create(&dir) {
                Ok(()) => break dir,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 100 => {
                    tries += 1
                }
                Err(e) => return Err(io(&dir, e)),
            }
        };
        live.push(dir.clone());
        Ok(Stage {
            dir,
            target: out.join(name),
            batch: (id.to_string(), code.to_string(), recorded.to_vec()),
            aside: None,
            placing: None,
            done: false,
            modes,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Gives every file made and the folder their modes.
    pub fn seal(&self) -> Result<(), ExportError> {
        for entry in std::fs::read_dir(&self.dir).map_err(|e| io(&self.dir, e))? {
            let path = entry.map_err(|e| io(&self.dir, e))?.path();
            set_mode(&path, self.modes.file).map_err(|e| io(&path, e))?;
        }
        set_mode(&self.dir, self.modes.dir).map_err(|e| io(&self.dir, e))
    }

    /// Moves the files into place as the batch folder (the earlier export of the batch, checked
    /// again, moved aside). Runs inside the claim; `committed` or dropping it ends it.
    pub fn place(&mut self) -> Result<(), ExportError> {
        let mut live = live();
        let (id, code, recorded) = &self.batch;
        if earlier(&self.target, id, code, recorded)?.is_some() {
            let name = self.dir.file_name().unwrap_or_default().to_string_lossy();
            let aside = self.dir.with_file_name(format!("{name}-old"));
            std::fs::rename(&self.target, &aside).map_err(|e| io(&self.target, e))?;
            live.push(aside.clone());
            self.aside = Some(aside);
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if let Some(aside) = self.aside.take() {
                let _ = std::fs::rename(&aside, &self.target);
                live.retain(|p| *p != aside);
            }
            return Err(io(&self.target, e));
        }
        live.retain(|p| *p != self.dir);
        self.placing = Some(live);
        Ok(())
    }

    /// The claim is committed: the batch folder stays, the earlier one goes.
    pub fn committed(mut self) {
        let mut live = self.placing.take().unwrap_or_else(live);
        if let Some(aside) = self.aside.take() {
            let _ = remove_tree(&aside);
            live.retain(|p| *p != aside);
        }
        self.done = true;
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        match self.placing.take() {
            // moved into place but not committed: the earlier folder comes back
            Some(mut live) => {
                let _ = remove_tree(&self.target);
                if let Some(aside) = self.aside.take() {
                    let _ = std::fs::rename(&aside, &self.target);
                    live.retain(|p| *p != aside);
                }
            }
            None => {
                let mut live = live();
                let _ = remove_tree(&self.dir);
                live.retain(|p| *p != self.dir);
            }
        }
    }
}

/// The names of the files in a folder the export wrote, sorted.
pub fn file_names(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for e in std::fs::read_dir(dir)? {
        names.push(e?.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::{maker, plain_name};

    #[test]
    fn temporary_folders_name_their_process() {
        assert_eq!(maker(".tingping-0104-2026-10.tmp-4242"), Some(4242));
        assert_eq!(maker(".tingping-0104-2026-10.tmp-4242-7"), Some(4242));
        assert_eq!(maker(".tingping-0104-2026-10.tmp-4242-7-old"), Some(4242));
        assert_eq!(maker(".tingping-spc-2026-10.tmp-x"), None);
        assert_eq!(maker("tingping-0104-2026-10"), None);
        assert_eq!(maker(".other.tmp-4242"), None);
    }

    #[test]
    fn a_manifest_lists_plain_names_only() {
        assert!(plain_name("tongbao-2026-10.csv"));
        for bad in [
            "../x",
            "a/b",
            "/etc/passwd",
            "..",
            ".",
            "",
            "manifest.json",
            "a\\b",
        ] {
            assert!(!plain_name(bad), "{bad}");
        }
    }
}
