//! The files of an exported batch as a person reads them: what each file is and, for a notice, a
//! letter (函) or a workbook, the government it goes to — taken from the batch's manifest, and only
//! from the very manifest the database recorded for the batch.

use super::Recipient;
use super::json::{MANIFEST_READS, Manifest};
use crate::store::batch::FileEntry;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

/// What an exported file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    /// the main notice (通报), to the court's own government
    Notice,
    /// an extract (函) to another government, on its own agencies
    Letter,
    /// the workbook (工作簿) that goes with a notice or a letter
    Workbook,
    Csv,
    Json,
    /// the manifest (清单): every other file with its checksum
    Manifest,
    /// the court's signature over the manifest (`manifest.sig`)
    Signature,
    Other,
}

/// One exported file, described.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Described {
    pub kind: FileKind,
    /// the government a notice, letter or workbook goes to (empty: not known)
    pub government: String,
    /// a letter's number in the batch (`-han-2`: 2); 0 for the rest
    pub number: u32,
    pub name: String,
    pub sha256: String,
}

/// The files of batch `id`, described and in reading order: the notice, the letters, the
/// workbooks (each in the order of their recipients), then the csv, the json, the manifest and
/// any other. `recipients` come from the batch's manifest (see [`recipients`]); without them a
/// file is still described by its name, its government left unknown.
pub fn describe(id: &str, files: &[FileEntry], recipients: &[Recipient]) -> Vec<Described> {
    let stem = format!("tongbao-{id}");
    let mut out: Vec<(usize, Described)> = files
        .iter()
        .map(|f| {
            let (kind, number) = kind_of(&stem, &f.name);
            let recipient = recipients.iter().position(|r| r.files.contains(&f.name));
            let government = recipient
                .map(|i| recipients[i].government.clone())
                .unwrap_or_default();
            // a recipient's place orders its files; a file of none follows by its number
            let place = recipient.unwrap_or(number as usize);
            (
                place,
                Described {
                    kind,
                    government,
                    number,
                    name: f.name.clone(),
                    sha256: f.sha256.clone(),
                },
            )
        })
        .collect();
    out.sort_by(|(pa, a), (pb, b)| (a.kind, pa, &a.name).cmp(&(b.kind, pb, &b.name)));
    out.into_iter().map(|(_, d)| d).collect()
}

/// What a file is by its name (the names an export gives), and a letter's number.
fn kind_of(stem: &str, name: &str) -> (FileKind, u32) {
    if name == "manifest.json" {
        return (FileKind::Manifest, 0);
    }
    if name == crate::sign::SIGNATURE_FILE {
        return (FileKind::Signature, 0);
    }
    let Some(rest) = name.strip_prefix(stem) else {
        return (FileKind::Other, 0);
    };
    match rest {
        "-notice.docx" => (FileKind::Notice, 0),
        ".xlsx" => (FileKind::Workbook, 0),
        ".csv" => (FileKind::Csv, 0),
        ".json" => (FileKind::Json, 0),
        _ => {
            let han = rest.strip_prefix("-han-").and_then(|r| r.split_once('.'));
            match han.map(|(n, ext)| (n.parse::<u32>(), ext)) {
                Some((Ok(n), "docx")) => (FileKind::Letter, n),
                Some((Ok(n), "xlsx")) => (FileKind::Workbook, n),
                _ => (FileKind::Other, 0),
            }
        }
    }
}

/// The largest manifest read (an export's is a few kilobytes).
const MANIFEST_MAX: u64 = 1 << 20;

/// The recipients that the manifest in `folder` lists, when that manifest is the one the database
/// `recorded` for the batch (same checksum and size, a schema this version reads); none otherwise
/// (the folder moved or gone, the file changed).
pub fn recipients(folder: &Path, recorded: &[FileEntry]) -> Vec<Recipient> {
    let Some(entry) = recorded.iter().find(|f| f.name == "manifest.json") else {
        return Vec::new();
    };
    let mut text = Vec::new();
    let read = std::fs::File::open(folder.join("manifest.json"))
        .and_then(|f| f.take(MANIFEST_MAX + 1).read_to_end(&mut text));
    if read.is_err() || text.len() as u64 != entry.bytes {
        return Vec::new();
    }
    let sha = crate::sign::hex(&Sha256::digest(&text));
    if sha != entry.sha256 {
        return Vec::new();
    }
    serde_json::from_slice::<Manifest>(&text)
        .ok()
        .filter(|m| MANIFEST_READS.contains(&m.schema.as_str()))
        .map(|m| m.recipients)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> FileEntry {
        FileEntry {
            name: name.into(),
            sha256: "0".repeat(64),
            bytes: 1,
        }
    }

    fn recipient(government: &str, files: &[&str]) -> Recipient {
        Recipient {
            government: government.into(),
            bureau: String::new(),
            extract: true,
            files: files.iter().map(|f| f.to_string()).collect(),
        }
    }

    #[test]
    fn files_are_described_with_their_government_in_reading_order() {
        let names = [
            "manifest.json",
            "tongbao-2026-10-han-1.docx",
            "tongbao-2026-10-han-1.xlsx",
            "tongbao-2026-10-han-2.docx",
            "tongbao-2026-10-han-2.xlsx",
            "tongbao-2026-10-notice.docx",
            "tongbao-2026-10.csv",
            "tongbao-2026-10.json",
            "tongbao-2026-10.xlsx",
        ];
        let files: Vec<FileEntry> = names.iter().map(|n| entry(n)).collect();
        let recipients = [
            recipient(
                "蜀山区人民政府",
                &["tongbao-2026-10-notice.docx", "tongbao-2026-10.xlsx"],
            ),
            recipient(
                "包河区人民政府",
                &["tongbao-2026-10-han-1.docx", "tongbao-2026-10-han-1.xlsx"],
            ),
            recipient(
                "合肥市人民政府",
                &["tongbao-2026-10-han-2.docx", "tongbao-2026-10-han-2.xlsx"],
            ),
        ];
        let described = describe("2026-10", &files, &recipients);
        let got: Vec<(FileKind, &str, &str)> = described
            .iter()
            .map(|d| (d.kind, d.government.as_str(), d.name.as_str()))
            .collect();
        use FileKind::*;
        assert_eq!(
            got,
            vec![
                (Notice, "蜀山区人民政府", "tongbao-2026-10-notice.docx"),
                (Letter, "包河区人民政府", "tongbao-2026-10-han-1.docx"),
                (Letter, "合肥市人民政府", "tongbao-2026-10-han-2.docx"),
                (Workbook, "蜀山区人民政府", "tongbao-2026-10.xlsx"),
                (Workbook, "包河区人民政府", "tongbao-2026-10-han-1.xlsx"),
                (Workbook, "合肥市人民政府", "tongbao-2026-10-han-2.xlsx"),
                (Csv, "", "tongbao-2026-10.csv"),
                (Json, "", "tongbao-2026-10.json"),
                (Manifest, "", "manifest.json"),
            ]
        );
        // without the manifest: the same kinds and order, letters by number, no government
        let bare = describe("2026-10", &files, &[]);
        assert_eq!(
            bare.iter().map(|d| (d.kind, d.number)).collect::<Vec<_>>(),
            vec![
                (Notice, 0),
                (Letter, 1),
                (Letter, 2),
                (Workbook, 0),
                (Workbook, 1),
                (Workbook, 2),
                (Csv, 0),
                (Json, 0),
                (Manifest, 0)
            ]
        );
        assert!(bare.iter().all(|d| d.government.is_empty()));
    }

    #[test]
    fn only_the_recorded_manifest_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = Manifest {
            schema: super::super::json::MANIFEST_SCHEMA.into(),
            batch: "2026-10".into(),
            recipients: vec![recipient(
                "蜀山区人民政府",
                &["tongbao-2026-10-notice.docx"],
            )],
            ..Manifest::default()
        };
        let text = serde_json::to_vec_pretty(&manifest).unwrap();
        let text = text.as_slice();
        std::fs::write(dir.path().join("manifest.json"), text).unwrap();
        let sha = crate::sign::hex(&Sha256::digest(text));
        let recorded = vec![FileEntry {
            name: "manifest.json".into(),
            sha256: sha,
            bytes: text.len() as u64,
        }];
        let got = recipients(dir.path(), &recorded);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].government, "蜀山区人民政府");
        // another file in its place, or none recorded: nothing taken from it
        std::fs::write(dir.path().join("manifest.json"), &text[..text.len() - 1]).unwrap();
        assert!(recipients(dir.path(), &recorded).is_empty());
        assert!(recipients(dir.path(), &[]).is_empty());
        assert!(recipients(&dir.path().join("gone"), &recorded).is_empty());
    }
}
