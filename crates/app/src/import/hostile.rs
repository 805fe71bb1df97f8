//! A file from outside, read as hostile input: opened once without following a symlink
//! (`O_NOFOLLOW`; a FIFO is not waited on), checked to be a regular file on the handle itself (not
//! by its path, which another program could swap between the check and the read), bounded in size,
//! and read through one counting, hashing reader, so the bytes checksummed are the bytes parsed.

use sha2::{Digest, Sha256};
use std::cell::Cell;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// a symlink, a FIFO, a device or a folder
    NotFile,
    /// larger than the limit
    TooBig(u64),
    Io(std::io::Error),
}

/// A regular file opened for reading, at most `max` bytes.
pub struct HostileFile {
    file: File,
    pub path: PathBuf,
    pub len: u64,
    max: u64,
}

impl HostileFile {
    pub fn open(path: &Path, max: u64) -> Result<HostileFile, Refused> {
        HostileFile::open_as(path, max, false)
    }

    /// As [`HostileFile::open`], but a symlink is followed to what it names (a config file in the
    /// user's own folder, which a dotfile manager may link): that must be a regular file too,
    /// checked on the handle, and a FIFO is still not waited on.
    pub fn open_followed(path: &Path, max: u64) -> Result<HostileFile, Refused> {
        HostileFile::open_as(path, max, true)
    }

    fn open_as(path: &Path, max: u64, follow: bool) -> Result<HostileFile, Refused> {
        let mut o = std::fs::OpenOptions::new();
        o.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // a symlink is refused by the kernel; a FIFO opens without waiting for a writer
            let nofollow = if follow { 0 } else { libc::O_NOFOLLOW };
            o.custom_flags(nofollow | libc::O_NONBLOCK);
        }
        #[cfg(not(unix))]
        let _ = follow;
        let file = o.open(path).map_err(|e| {
            // (ELOOP: the last component is a symlink)
            #[cfg(unix)]
            if e.raw_os_error() == Some(libc::ELOOP) {
                return Refused::NotFile;
            }
            Refused::Io(e)
        })?;
        let m = file.metadata().map_err(Refused::Io)?;
        if !m.file_type().is_file() {
            return Err(Refused::NotFile);
        }
        if m.len() > max {
            return Err(Refused::TooBig(max));
        }
        Ok(HostileFile {
            file,
            path: path.to_path_buf(),
            len: m.len(),
            max,
        })
    }

    /// A reader from the file's first byte: it hashes what it reads and fails past the file's
    /// limit; the bytes a parser consumes are counted (and their lines), and reading fails past
    /// the position its `limit` (shared with the parser) allows.
    pub fn reader(&mut self) -> std::io::Result<Counted<Hashed<&File>>> {
        self.file.seek(SeekFrom::Start(0))?;
        Ok(Counted {
            inner: Hashed {
                inner: &self.file,
                hash: Sha256::new(),
                read: 0,
                max: self.max,
            },
            buf: vec![0; 1 << 16].into_boxed_slice(),
            start: 0,
            end: 0,
            pos: Rc::new(Cell::new(0)),
            line: Rc::new(Cell::new(1)),
            limit: Rc::new(Cell::new(u64::MAX)),
        })
    }

    /// The whole file's bytes, read from the handle that was checked (at most its limit: a file
    /// grown since is refused).
    pub fn bytes(&mut self) -> Result<Vec<u8>, Refused> {
        self.file.seek(SeekFrom::Start(0)).map_err(Refused::Io)?;
        let mut bytes = Vec::with_capacity(self.len as usize);
        (&self.file)
            .take(self.max + 1)
            .read_to_end(&mut bytes)
            .map_err(Refused::Io)?;
        if bytes.len() as u64 > self.max {
            return Err(Refused::TooBig(self.max));
        }
        Ok(bytes)
    }

    /// The whole file as text (a manifest, a config): its bytes, bounded, as UTF-8.
    pub fn text(&mut self) -> std::io::Result<String> {
        let mut s = String::new();
        self.reader()?.read_to_string(&mut s)?;
        Ok(s)
    }

    /// SHA-256 (hex) of the whole file.
    pub fn sha256(&mut self) -> std::io::Result<String> {
        self.reader()?.finish()
    }
}

/// Marks an error of a [`Counted`] reader past its limit.
#[derive(Debug)]
pub struct PastLimit;

impl std::fmt::Display for PastLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("past the limit")
    }
}

impl std::error::Error for PastLimit {}

/// A reader that hashes the bytes it passes on, and fails past `max`.
pub struct Hashed<R> {
    inner: R,
    hash: Sha256,
    read: u64,
    max: u64,
}

impl<R: Read> Read for Hashed<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > self.max {
            return Err(std::io::Error::other(PastLimit));
        }
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

/// A reader that counts the bytes and lines a parser consumes, and fails past its limit. It keeps
/// its own buffer: a parser that reads a byte at a time (serde_json's reader does) takes each from
/// it in one call, not through a second buffered reader.
pub struct Counted<R> {
    inner: R,
    buf: Box<[u8]>,
    /// the bytes of `buf` not yet passed on
    start: usize,
    end: usize,
    /// bytes passed on so far
    pub pos: Rc<Cell<u64>>,
    /// the line of the last byte passed on (1 for the first)
    pub line: Rc<Cell<usize>>,
    /// the position past which reading fails (a parser sets it for each part it reads)
    pub limit: Rc<Cell<u64>>,
}

impl<R: Read> Counted<R> {
    /// Whether bytes are buffered, reading more when none are (false at the end).
    fn fill(&mut self) -> std::io::Result<bool> {
        if self.start == self.end {
            self.end = self.inner.read(&mut self.buf)?;
            self.start = 0;
        }
        Ok(self.start < self.end)
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let pos = self.pos.get();
        let room = self.limit.get().saturating_sub(pos);
        if !self.fill()? {
            return Ok(0);
        }
        if room == 0 {
            // a byte past the limit tells a file that ends there from one that goes on
            return Err(std::io::Error::other(PastLimit));
        }
        let n = buf
            .len()
            .min(self.end - self.start)
            .min(usize::try_from(room).unwrap_or(usize::MAX));
        let given = &self.buf[self.start..self.start + n];
        buf[..n].copy_from_slice(given);
        let lines = given.iter().filter(|b| **b == b'\n').count();
        if lines > 0 {
            self.line.set(self.line.get() + lines);
        }
        self.start += n;
        self.pos.set(pos + n as u64);
        Ok(n)
    }
}

impl Counted<Hashed<&File>> {
    /// SHA-256 (hex) of the file as read: what the parser consumed, and the rest to the end.
    pub fn finish(mut self) -> std::io::Result<String> {
        std::io::copy(&mut self.inner, &mut std::io::sink())?;
        Ok(crate::sign::hex(&self.inner.hash.finalize()))
    }
}
