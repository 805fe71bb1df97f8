//! The batch json read by serde, in any valid layout (pretty-printed by `jq .`, on one line, its
//! keys in any order): a first pass reads the head (schema, court, batch) and skips the rest
//! without keeping it; a second pass, the head known, hands each record and each correction to the
//! import one at a time. Both passes read the one opened file through the same counting, hashing
//! reader, and each must hash to the manifest's checksum, so what is parsed is what was checked.
//! Each key, record and correction is bounded in size as it is read.

use super::json::{BatchJson, CourtJson};
use crate::domain::interchange::{CorrectionJson, RecordJson};
use crate::import::hostile::{Counted, HostileFile};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

/// The longest record or correction, in bytes.
pub const ITEM_MAX: u64 = 1 << 20;
/// The longest key, schema, court or batch head, in bytes.
const HEAD_MAX: u64 = 1 << 16;

/// The batch json's head, wherever its keys stand.
#[derive(Debug, Default)]
pub struct HeadRead {
    pub schema: String,
    pub court: CourtJson,
    pub batch: BatchJson,
}

/// Why the file was not read through: a position (line, column), and what.
#[derive(Debug)]
pub enum Failed<S> {
    /// not JSON of the schema (serde's words), at a line
    Syntax {
        line: usize,
        why: String,
    },
    /// the file ends before its object does
    Truncated,
    /// a key, record or correction longer than its limit, at a line
    TooLong {
        line: usize,
        max: u64,
    },
    /// what the import's own check said of the record or correction ending at a line
    Stopped {
        line: usize,
        stop: S,
    },
    Io(std::io::Error),
    /// the bytes parsed do not hash to the checksum the manifest lists
    Changed,
}

/// The limits of one pass: each part of the file read is bounded from where it starts.
#[derive(Clone)]
struct Bounds {
    pos: Rc<Cell<u64>>,
    line: Rc<Cell<usize>>,
    limit: Rc<Cell<u64>>,
}

impl Bounds {
    fn of<R>(r: &Counted<R>) -> Bounds {
        Bounds {
            pos: r.pos.clone(),
            line: r.line.clone(),
            limit: r.limit.clone(),
        }
    }
    /// The next `max` bytes may be read.
    fn allow(&self, max: u64) {
        self.limit.set(self.pos.get().saturating_add(max));
    }
    fn free(&self) {
        self.limit.set(u64::MAX);
    }
}

fn failed<S>(
    e: serde_json::Error,
    stop: &mut Option<(usize, S)>,
    bounds: &Bounds,
    max: u64,
) -> Failed<S> {
    let line = e.line();
    if let Some((line, s)) = stop.take() {
        return Failed::Stopped { line, stop: s };
    }
    if e.is_eof() {
        return Failed::Truncated;
    }
    if e.is_io() {
        // the part being read ran into its limit (serde_json keeps no way to the reader's
        // own error: the reader's position tells)
        let past = bounds.pos.get() >= bounds.limit.get();
        if past {
            return Failed::TooLong { line, max };
        }
        return Failed::Io(std::io::Error::other(e.to_string()));
    }
    Failed::Syntax {
        line,
        why: e.to_string(),
    }
}

/// The head, read by the first pass; the rest is skipped, bounded, without being kept.
pub fn head<S>(file: &mut HostileFile, sha: &str) -> Result<HeadRead, Failed<S>> {
    let mut r = file.reader().map_err(Failed::Io)?;
    let bounds = Bounds::of(&r);
    let mut stop: Option<(usize, S)> = None;
    let got = {
        let mut de = serde_json::Deserializer::from_reader(&mut r);
        let v = de::Deserializer::deserialize_map(
            &mut de,
            HeadVisitor {
                bounds: bounds.clone(),
            },
        );
        v.and_then(|h| {
            bounds.free();
            de.end().map(|_| h)
        })
    };
    let head = got.map_err(|e| failed(e, &mut stop, &bounds, HEAD_MAX))?;
    if r.finish().map_err(Failed::Io)? != sha {
        return Err(Failed::Changed);
    }
    Ok(head)
}

struct HeadVisitor {
    bounds: Bounds,
}

impl<'de> Visitor<'de> for HeadVisitor {
    type Value = HeadRead;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a batch object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HeadRead, A::Error> {
        let mut head = HeadRead::default();
        let (mut schema, mut court, mut batch) = (false, false, false);
        loop {
            self.bounds.allow(HEAD_MAX);
            let Some(key) = map.next_key::<String>()? else {
                break;
            };
            let once = |seen: &mut bool| {
                if std::mem::replace(seen, true) {
                    Err(de::Error::custom(format!("duplicate field `{key}`")))
                } else {
                    Ok(())
                }
            };
            match key.as_str() {
                "schema" => {
                    once(&mut schema)?;
                    head.schema = map.next_value()?;
                }
                "court" => {
                    once(&mut court)?;
                    head.court = map.next_value()?;
                }
                "batch" => {
                    once(&mut batch)?;
                    head.batch = map.next_value()?;
                }
                // the records, indicators and corrections: skipped here, read by the second pass
                _ => {
                    self.bounds.free();
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        for (seen, field) in [(schema, "schema"), (court, "court"), (batch, "batch")] {
            if !seen {
                return Err(de::Error::missing_field(field));
            }
        }
        Ok(head)
    }
}

/// What the second pass hands the import: each record and each correction, in the file's order.
pub trait Sink {
    type Stop;
    fn record(&mut self, r: RecordJson<'static>) -> Result<(), Self::Stop>;
    fn correction(&mut self, c: CorrectionJson) -> Result<(), Self::Stop>;
}

/// The second pass: every record and correction to `sink`, each bounded; a stop of the sink's
/// ends the pass with the line it was at.
pub fn items<K: Sink>(
    file: &mut HostileFile,
    sha: &str,
    sink: &mut K,
) -> Result<(), Failed<K::Stop>> {
    let mut r = file.reader().map_err(Failed::Io)?;
    let bounds = Bounds::of(&r);
    let mut stop: Option<(usize, K::Stop)> = None;
    let got = {
        let mut de = serde_json::Deserializer::from_reader(&mut r);
        let v = de::Deserializer::deserialize_map(
            &mut de,
            ItemsVisitor {
                bounds: bounds.clone(),
                sink,
                stop: &mut stop,
            },
        );
        v.and_then(|_| {
            bounds.free();
            de.end()
        })
    };
    got.map_err(|e| failed(e, &mut stop, &bounds, ITEM_MAX))?;
    if r.finish().map_err(Failed::Io)? != sha {
        return Err(Failed::Changed);
    }
    Ok(())
}

struct ItemsVisitor<'a, K: Sink> {
    bounds: Bounds,
    sink: &'a mut K,
    stop: &'a mut Option<(usize, K::Stop)>,
}

impl<'de, K: Sink> Visitor<'de> for ItemsVisitor<'_, K> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a batch object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (mut records, mut corrections) = (false, false);
        loop {
            self.bounds.allow(HEAD_MAX);
            let Some(key) = map.next_key::<String>()? else {
                break;
            };
            match key.as_str() {
                "records" | "corrections" => {
                    let is_records = key == "records";
                    let seen = if is_records {
                        &mut records
                    } else {
                        &mut corrections
                    };
                    if std::mem::replace(seen, true) {
                        return Err(de::Error::custom(format!("duplicate field `{key}`")));
                    }
                    self.bounds.allow(HEAD_MAX);
                    map.next_value_seed(ItemsSeed {
                        bounds: self.bounds.clone(),
                        sink: &mut *self.sink,
                        stop: &mut *self.stop,
                        records: is_records,
                    })?;
                }
                _ => {
                    self.bounds.free();
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !records {
            return Err(de::Error::missing_field("records"));
        }
        Ok(())
    }
}

struct ItemsSeed<'a, K: Sink> {
    bounds: Bounds,
    sink: &'a mut K,
    stop: &'a mut Option<(usize, K::Stop)>,
    records: bool,
}

impl<'de, K: Sink> DeserializeSeed<'de> for ItemsSeed<'_, K> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, K: Sink> Visitor<'de> for ItemsSeed<'_, K> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            self.bounds.allow(ITEM_MAX);
            let done = if self.records {
                match seq.next_element::<RecordJson<'static>>()? {
                    Some(r) => self.sink.record(r),
                    None => break,
                }
            } else {
                match seq.next_element::<CorrectionJson>()? {
                    Some(c) => self.sink.correction(c),
                    None => break,
                }
            };
            if let Err(s) = done {
                // the line the record or correction ended on (its last byte was just read)
                *self.stop = Some((self.bounds.line.get(), s));
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}
