//! An upper court imports its courts' monthly batches, and everything in them is hostile: every
//! forged, broken or planted file is refused with the file, the line and the field, and a refusal
//! changes nothing.

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use tingping::domain::period::Period;
use tingping::domain::rubric::Rubric;
use tingping::domain::scope::Scope;
#[allow(unused_imports)]
use tingping::i18n::prelude::*;
use tingping::report::{self, Format, Options, docx::Template};
use tingping::sign::Signer;
use tingping_store::Store;

const TODAY: Option<chrono::NaiveDate> = chrono::NaiveDate::from_ymd_opt(2027, 1, 15);

/// A lower court's database of `hearings` demo hearings (made as of `today`, y/m/d), in a folder
/// kept while the store lives.
fn lower_court(
    code: &str,
    name: &str,
    seed: u64,
    hearings: usize,
    (y, m, d): (i32, u32, u32),
) -> (tempfile::TempDir, Store, Rubric) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("lower.db")).unwrap();
    store.set_scope(Scope {
        court_code: code.into(),
        government: "合肥市人民政府".into(),
        ..Scope::default()
    });
    let rubric = Rubric::default_rubric();
    tingping::demo::generate(
        &mut store,
        &rubric,
        &tingping::demo::Options {
            court: (name.into(), code.into()),
            ..tingping::demo::Options::new(
                hearings,
                seed,
                chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            )
        },
    )
    .unwrap();
    (dir, store, rubric)
}

/// A lower court's October batch (json and csv), exported into `out`.
fn lower_batch(out: &Path, code: &str, name: &str, seed: u64) -> PathBuf {
    let (_dir, mut store, rubric) = lower_court(code, name, seed, 60, (2026, 11, 29));
    export_month(&mut store, &rubric, (name, code), "2026-10", out)
}

/// A lower court's batch of `period` (json and csv), exported from `store` into `out`, signed
/// with its key: its folder, or why the export was refused.
fn try_export_month(
    store: &mut Store,
    rubric: &Rubric,
    (name, code): (&str, &str),
    period: &str,
    out: &Path,
) -> Result<PathBuf, report::ExportError> {
    report::export(
        store,
        &report::Issuer {
            name,
            code,
            government: "合肥市人民政府",
        },
        rubric,
        &Template::default_template(),
        &Period::parse(period).unwrap(),
        Options {
            out: out.to_path_buf(),
            formats: vec![Format::Json, Format::Csv],
            progress: &mut |_| {},
            fail_after: None,
            today: TODAY,
            shared_group: false,
            draft: false,
            before_claim: None,
        },
        Some(&signer(code)),
    )
    .map(|e| e.folder)
}

/// [`try_export_month`], which must succeed.
fn export_month(
    store: &mut Store,
    rubric: &Rubric,
    court: (&str, &str),
    period: &str,
    out: &Path,
) -> PathBuf {
    try_export_month(store, rubric, court, period, out).unwrap()
}

/// The courts below 皖01 the tests export from, with their names.
const LOWER: &[(&str, &str)] = &[
    ("皖0111", "合肥市包河区人民法院"),
    ("皖0104", "合肥市蜀山区人民法院"),
    ("皖0102", "合肥市瑶海区人民法院"),
];

/// A lower court's signing key, the same in every run.
fn signer(code: &str) -> Signer {
    let name = LOWER
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("", |(_, n)| n);
    Signer::from_seed(code, name, code)
}

/// Signs the manifest as it now is, as the court whose key it is would (a court forging its own
/// batch): what follows is checked by what the batch says, not by its signature.
fn resign(folder: &Path) {
    let bytes = std::fs::read(folder.join("manifest.json")).unwrap();
    let m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let sig = signer(m["court"]["code"].as_str().unwrap()).sign(&bytes);
    std::fs::write(
        folder.join(tingping::sign::SIGNATURE_FILE),
        serde_json::to_string(&sig).unwrap(),
    )
    .unwrap();
}

/// The upper court: 合肥市中级人民法院 (皖01).
fn upper(dir: &Path) -> Store {
    let mut s = Store::open(&dir.join("upper.db")).unwrap();
    s.set_scope(Scope {
        court_code: "皖01".into(),
        government: "合肥市人民政府".into(),
        ..Scope::default()
    });
    for (code, name) in LOWER {
        let k = signer(code).public;
        s.trust_key(code, name, &k.public_key, &k.fingerprint)
            .unwrap();
    }
    s
}

/// A signed batch's import, replacing an earlier one when `replace`.
fn how(replace: bool) -> report::import::How {
    report::import::How {
        replace,
        unsigned: false,
    }
}

fn json_of(folder: &Path) -> PathBuf {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json") && !p.ends_with("manifest.json"))
        .unwrap()
}

fn sha(bytes: &[u8]) -> String {
    <sha2::Sha256 as sha2::Digest>::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Rewrites the batch json (line by line) and its manifest entry, as a forger who knows the
/// checksums would: the manifest stays consistent with the file.
fn forge(folder: &Path, mut edit: impl FnMut(usize, String) -> String) {
    let json = json_of(folder);
    let text = std::fs::read_to_string(&json).unwrap();
    let new: String = text
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| edit(i + 1, l.to_string()))
        .collect();
    std::fs::write(&json, &new).unwrap();
    reseal(folder, &json, new.as_bytes());
}

fn reseal(folder: &Path, file: &Path, bytes: &[u8]) {
    let mpath = folder.join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&mpath).unwrap()).unwrap();
    let name = file.file_name().unwrap().to_str().unwrap();
    for f in m["files"].as_array_mut().unwrap() {
        if f["name"] == name {
            f["sha256"] = sha(bytes).into();
            f["bytes"] = bytes.len().into();
        }
    }
    std::fs::write(&mpath, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    resign(folder);
}

/// Every row of the upper court's imported tables, to compare before and after a refusal.
fn state(s: &Store) -> (usize, usize) {
    let batches = s.imported_batches().unwrap().len();
    let records = report::indicators(&s.reader(
        tingping_store::batch::Source::Candidates(Period::parse("2026-10").unwrap()),
        "合肥市中级人民法院",
        true,
    ))
    .unwrap();
    (
        batches,
        (records.total.appearances + records.total.late_items + records.total.followups) as usize,
    )
}

/// Every imported batch and record, as the database holds them (a refusal must leave them all).
fn everything(s: &Store) -> Vec<String> {
    let conn = rusqlite::Connection::open(s.path()).unwrap();
    let mut rows = Vec::new();
    for sql in [
        "SELECT court_code || '/' || batch_id || '/' || created_at || '/' || content_sha AS row FROM imported_batches ORDER BY 1",
        "SELECT court_code || '/' || batch_id || '/' || seq || '/' || hearing_date || '/' || appearance || '/' || record AS row FROM imported_records ORDER BY 1",
        "SELECT court_code || '/' || uid || '/' || record AS row FROM imported_corrections ORDER BY 1",
    ] {
        let mut st = conn.prepare(sql).unwrap();
        let got = st.query_map([], |r| r.get::<_, String>("row")).unwrap();
        rows.extend(got.map(Result::unwrap));
    }
    rows
}

/// The refusal of the batch in `folder` (imported as of `now`, or of this machine's clock), after
/// which the database is as it was.
fn refusal(
    s: &mut Store,
    folder: &Path,
    replace: bool,
    now: Option<chrono::DateTime<chrono::FixedOffset>>,
) -> String {
    tingping::i18n::set_lang(tingping::i18n::Lang::Zh);
    let before = (state(s), everything(s));
    let e = match now {
        Some(now) => report::import::import_at(s, folder, how(replace), now),
        None => report::import::import(s, folder, how(replace)),
    }
    .expect_err("refused");
    assert_eq!(
        (state(s), everything(s)),
        before,
        "a refusal changes nothing: {e}"
    );
    e
}

fn refused(s: &mut Store, folder: &Path, needle: &str) {
    let e = refusal(s, folder, false, None);
    assert!(e.contains(needle), "expected “{needle}” in: {e}");
}

/// Refused with every one of `needles` in the words (the file, the line or field, why).
fn refused_saying(
    s: &mut Store,
    folder: &Path,
    now: Option<chrono::DateTime<chrono::FixedOffset>>,
    needles: &[&str],
) {
    let e = refusal(s, folder, false, now);
    for needle in needles {
        assert!(e.contains(needle), "expected “{needle}” in: {e}");
    }
}

/// Edits one record line (the `n`th record) as JSON.
fn edit_record(folder: &Path, n: usize, mut f: impl FnMut(&mut serde_json::Value)) {
    forge(folder, |i, l| {
        if i != n + 1 {
            return l;
        }
        let comma = l.trim_end().ends_with(',');
        let mut v: serde_json::Value =
            serde_json::from_str(l.trim().trim_end_matches(',')).unwrap();
        f(&mut v);
        format!("{v}{}\n", if comma { "," } else { "" })
    });
}

#[test]
fn a_valid_batch_imports_and_twice_changes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let folder = lower_batch(out.path(), "皖0111", "合肥市包河区人民法院", 1);
    let mut up = upper(out.path());
    let i = report::import::import(&mut up, &folder, how(false)).unwrap();
    assert!(i.records > 0);
    let after = state(&up);
    let again = report::import::import(&mut up, &folder, how(false)).unwrap();
    assert_eq!(
        again.outcome,
        tingping_store::batch::ImportOutcome::Unchanged
    );
    assert_eq!(state(&up), after);
}

#[test]
fn forged_or_broken_batches_are_refused_and_change_nothing() {
    let out = tempfile::tempdir().unwrap();
    let good = lower_batch(out.path(), "皖0111", "合肥市包河区人民法院", 2);
    let fresh = |tag: &str| -> PathBuf {
        let to = out.path().join(tag);
        std::fs::create_dir_all(&to).unwrap();
        for e in std::fs::read_dir(&good).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
        to
    };
    let mut up = upper(out.path());
    // the court's own batch
    {
        let mut own = Store::open(&out.path().join("own.db")).unwrap();
        own.set_scope(Scope {
            court_code: "皖0111".into(),
            ..Scope::default()
        });
        refused(&mut own, &good, "本院（皖0111）自己的批次");
    }
    // scores and totals that cannot be
    let f = fresh("total");
    edit_record(&f, 1, |v| {
        if !v["evaluation"].is_null() {
            v["evaluation"]["total_tenths"] = 5000.into();
            v["evaluation"]["total"] = 500.0.into();
        } else {
            v["category"] = "principal".into();
        }
    });
    refused(&mut up, &f, "第 2 行");
    let f = fresh("score");
    forge(&f, |i, l| {
        if i < 2 || !l.contains("\"dimensions\"") {
            return l;
        }
        l.replacen("\"score\":", "\"score\":999,\"was\":", 1)
    });
    refused(&mut up, &f, "evaluation.dimensions");
    // a case number of no court, or of another court; a date that is not one
    let f = fresh("case");
    edit_record(&f, 1, |v| v["case_number"] = "（2026）蒙0104行初1号".into());
    refused(&mut up, &f, "case_number");
    let f = fresh("othercase");
    edit_record(&f, 1, |v| {
        v["case_number"] = "（2026）皖0104行初99号".into()
    });
    refused(&mut up, &f, "case_number");
    let f = fresh("date");
    edit_record(&f, 1, |v| v["hearing_date"] = "2026-02-30".into());
    refused(&mut up, &f, "hearing_date");
    // a record whose court is not the header's
    let f = fresh("court");
    edit_record(&f, 1, |v| v["court"] = "合肥市蜀山区人民法院".into());
    refused(&mut up, &f, "court");
    // escapes in a name
    let f = fresh("escape");
    edit_record(&f, 1, |v| v["agency"] = "合肥\u{1b}]0;pwned\u{7}市".into());
    refused(&mut up, &f, "agency");
    // a header without a court, or from the future
    let f = fresh("nocourt");
    forge(&f, |i, l| {
        if i == 1 {
            l.replace("合肥市包河区人民法院", "")
        } else {
            l
        }
    });
    refused(&mut up, &f, "court.name");
    let f = fresh("future");
    forge(&f, |i, l| {
        if i != 1 {
            return l;
        }
        let at = l.find("\"created_at\":\"").unwrap() + 14;
        format!("{}9999{}", &l[..at], &l[at + 4..])
    });
    refused(&mut up, &f, "created_at");
    // a record larger than a record may be (a 2 MB name), consistently resealed: refused where it
    // stands, before it is kept in memory whole
    let f = fresh("huge");
    edit_record(&f, 1, |v| v["person"] = "某".repeat(700_000).into());
    refused(&mut up, &f, "第 2 行：一行超过 1048576 字节");
    // a truncated file, consistently resealed
    let f = fresh("truncated");
    let json = json_of(&f);
    let text = std::fs::read_to_string(&json).unwrap();
    let cut: String = text.lines().take(4).map(|l| format!("{l}\n")).collect();
    std::fs::write(&json, &cut).unwrap();
    reseal(&f, &json, cut.as_bytes());
    refused(&mut up, &f, "不完整");
    // a record dropped from a whole file: the manifest's counts say so
    let f = fresh("dropped");
    forge(&f, |i, l| if i == 3 { String::new() } else { l });
    refused(&mut up, &f, "数量");
    // nothing of the above got in; the good one still does
    assert_eq!(state(&up), (0, 0));
    report::import::import(&mut up, &good, how(false)).unwrap();
}

#[test]
fn the_same_records_under_another_court_count_once() {
    let out = tempfile::tempdir().unwrap();
    let a = lower_batch(out.path(), "皖0111", "合肥市包河区人民法院", 3);
    let mut up = upper(out.path());
    report::import::import(&mut up, &a, how(false)).unwrap();
    let before = state(&up);
    // the same records relabelled as another court's batch, every field made consistent
    let b = out.path().join("relabelled");
    std::fs::create_dir(&b).unwrap();
    for e in std::fs::read_dir(&a).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read(&p).unwrap();
        let text = String::from_utf8(text)
            .unwrap()
            .replace("合肥市包河区人民法院", "合肥市瑶海区人民法院")
            .replace("皖0111", "皖0102");
        std::fs::write(b.join(p.file_name().unwrap()), text).unwrap();
    }
    for e in std::fs::read_dir(&b).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap() != "manifest.json" {
            let bytes = std::fs::read(&p).unwrap();
            reseal(&b, &p, &bytes);
        }
    }
    let e = report::import::import(&mut up, &b, how(false)).unwrap_err();
    assert!(
        e.contains("已随") && e.contains("合肥市包河区人民法院") || e.contains("皖0111"),
        "{e}"
    );
    assert_eq!(state(&up), before);
}

#[test]
fn other_content_replaces_a_batch_only_when_asked() {
    let out = tempfile::tempdir().unwrap();
    let a = lower_batch(out.path(), "皖0111", "合肥市包河区人民法院", 4);
    let mut up = upper(out.path());
    report::import::import(&mut up, &a, how(false)).unwrap();
    // the court re-exports with a corrected comment
    edit_record(&a, 1, |v| {
        if !v["evaluation"].is_null() {
            v["evaluation"]["comment"] = "更正后的点评".into();
        } else {
            v["title"] = "局长".into();
        }
    });
    let e = report::import::import(&mut up, &a, how(false)).unwrap_err();
    assert!(e.contains("--replace"), "{e}");
    let r = report::import::import(&mut up, &a, how(true)).unwrap();
    assert_eq!(r.outcome, tingping_store::batch::ImportOutcome::Replaced);
}

#[cfg(unix)]
#[test]
fn symlinks_fifos_and_devices_are_never_read() {
    let out = tempfile::tempdir().unwrap();
    let good = lower_batch(out.path(), "皖0111", "合肥市包河区人民法院", 5);
    let mut up = upper(out.path());
    // a listed file that is a symlink to /dev/zero
    let f = out.path().join("zero");
    std::fs::create_dir(&f).unwrap();
    for e in std::fs::read_dir(&good).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, f.join(p.file_name().unwrap())).unwrap();
    }
    let json = json_of(&f);
    std::fs::remove_file(&json).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &json).unwrap();
    refused(&mut up, &f, "不是普通文件");
    // a manifest that is a FIFO (opening it would hang)
    let g = out.path().join("fifo");
    std::fs::create_dir(&g).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(g.join("manifest.json"))
        .status()
        .unwrap();
    assert!(status.success());
    refused(&mut up, &g, "不是普通文件");
    // the path itself a symlink to a good batch
    let l = out.path().join("link");
    std::os::unix::fs::symlink(&good, &l).unwrap();
    refused(&mut up, &l, "不是普通文件");
    // a path that does not exist is not its parent's batch
    refused(&mut up, &good.join("nothing.json"), "无法读取");
}

fn mutate(bytes: &[u8], ops: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for (at, kind, v) in ops {
        if b.is_empty() {
            break;
        }
        let i = at % b.len();
        match kind % 3 {
            0 => b[i] = *v,
            1 => {
                b.remove(i);
            }
            _ => b.insert(i, *v),
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Random mutations of a valid batch, resealed so the checksums match: each is imported or
    /// refused, never a panic, and a refusal leaves the database as it was.
    #[test]
    fn mutated_batches_are_imported_or_refused_never_half(
        ops in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..8)
    ) {
        let out = tempfile::tempdir().unwrap();
        let folder = lower_batch(out.path(), "皖0111", "合肥市包河区人民法院", 6);
        let json = json_of(&folder);
        let bytes = mutate(&std::fs::read(&json).unwrap(), &ops);
        std::fs::write(&json, &bytes).unwrap();
        reseal(&folder, &json, &bytes);
        let mut up = upper(out.path());
        let before = state(&up);
        match report::import::import(&mut up, &folder, how(false)) {
            Ok(i) => prop_assert!(state(&up).0 == 1 && i.records > 0),
            Err(_) => prop_assert_eq!(state(&up), before),
        }
    }
}

/// The batch json rewritten in another layout (its manifest resealed, as a tool would leave it).
fn relayout(folder: &Path, write: impl Fn(&serde_json::Value) -> String) {
    let json = json_of(folder);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let text = write(&v);
    std::fs::write(&json, &text).unwrap();
    reseal(folder, &json, text.as_bytes());
}

#[test]
fn any_valid_layout_of_a_batch_imports_the_same() {
    let out = tempfile::tempdir().unwrap();
    let good = lower_batch(out.path(), "皖0111", "合肥市包河区人民法院", 3);
    let mut first = upper(out.path());
    report::import::import(&mut first, &good, how(false)).unwrap();
    let want = state(&first);
    assert!(want.1 > 0);
    // pretty-printed as `jq .` prints it; on one line; keys in another order (the map sorts
    // them: the records before the schema and the head)
    type Layout = fn(&serde_json::Value) -> String;
    let layouts: [(&str, Layout); 2] = [
        ("pretty", |v| {
            serde_json::to_string_pretty(v).unwrap() + "\n"
        }),
        ("one_line", |v| serde_json::to_string(v).unwrap()),
    ];
    for (tag, write) in layouts {
        let f = out.path().join(tag);
        std::fs::create_dir_all(&f).unwrap();
        for e in std::fs::read_dir(&good).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, f.join(p.file_name().unwrap())).unwrap();
        }
        relayout(&f, write);
        let dir = tempfile::tempdir().unwrap();
        let mut up = upper(dir.path());
        let got = report::import::import(&mut up, &f, how(false))
            .unwrap_or_else(|e| panic!("{tag}: {e}"));
        assert_eq!(state(&up), want, "{tag}");
        assert!(got.records > 0, "{tag}");
        // a record wrong in the layout is named by its line there
        let text = std::fs::read_to_string(json_of(&f)).unwrap();
        let bad = text.replacen(
            "\"hearing_date\": \"2026-10-",
            "\"hearing_date\": \"2026-13-",
            1,
        );
        let bad = if bad == text {
            text.replacen(
                "\"hearing_date\":\"2026-10-",
                "\"hearing_date\":\"2026-13-",
                1,
            )
        } else {
            bad
        };
        assert_ne!(bad, text, "{tag}");
        std::fs::write(json_of(&f), &bad).unwrap();
        reseal(&f, &json_of(&f), bad.as_bytes());
        let dir = tempfile::tempdir().unwrap();
        let mut up = upper(dir.path());
        let e = report::import::import(&mut up, &f, how(false)).expect_err(tag);
        assert!(e.contains("hearing_date"), "{tag}: {e}");
        assert_eq!(state(&up), (0, 0), "{tag}: a refusal changes nothing");
    }
}

#[test]
fn a_path_names_exactly_one_batch_folder() {
    let out = tempfile::tempdir().unwrap();
    let good = lower_batch(out.path(), "皖0111", "合肥市包河区人民法院", 4);
    let mut up = upper(out.path());
    std::fs::write(good.join("readme.txt"), "说明").unwrap();
    refused(&mut up, &good.join("readme.txt"), "不是批次文件夹");
    #[cfg(unix)]
    {
        refused(&mut up, Path::new("/dev/zero"), "不是批次文件夹");
        // a folder with no manifest is no batch, named as given
        refused_saying(
            &mut up,
            Path::new("/dev"),
            None,
            &["“/dev”", "不是批次文件夹"],
        );
        // a FIFO in the batch folder (opening it would wait for a writer)
        let fifo = good.join("pipe");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let named = format!("“{}”", fifo.display());
        refused_saying(&mut up, &fifo, None, &[&named, "不是批次文件夹"]);
    }
    // the folder the batches were exported into holds batches, and is none
    let root = good.parent().unwrap();
    let named = format!("“{}”", root.display());
    refused_saying(&mut up, root, None, &[&named, "不是批次文件夹"]);
    // its manifest or its data file name it
    report::import::import(&mut up, &good.join("manifest.json"), how(false)).unwrap();
}

/// A lower court's batches of `periods`, exported in turn from one store whose hearings run to the
/// end of November 2026.
fn lower_batches(out: &Path, code: &str, name: &str, seed: u64, periods: &[&str]) -> Vec<PathBuf> {
    let (_dir, mut store, rubric) = lower_court(code, name, seed, 90, (2026, 12, 5));
    let out = out.join(format!("lower-{seed}"));
    periods
        .iter()
        .map(|p| export_month(&mut store, &rubric, (name, code), p, &out))
        .collect()
}

/// A copy of the batch folder `from`, at `to`.
fn copy_of(from: &Path, to: &Path) -> PathBuf {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
    to.to_path_buf()
}

fn at(t: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(t).unwrap()
}

/// The batch json's records.
fn records(folder: &Path) -> Vec<serde_json::Value> {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json_of(folder)).unwrap()).unwrap();
    v["records"].as_array().unwrap().clone()
}

fn edit_manifest(folder: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let mpath = folder.join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&mpath).unwrap()).unwrap();
    f(&mut m);
    std::fs::write(&mpath, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    resign(folder);
}

/// Edits the batch json's head (its first line: schema, court and batch) as JSON, resealed.
fn edit_head(folder: &Path, mut f: impl FnMut(&mut serde_json::Value)) {
    const OPEN: &str = ",\"records\":[";
    forge(folder, |i, l| {
        if i != 1 {
            return l;
        }
        let at = l.find(OPEN).unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&format!("{}}}", &l[..at])).unwrap();
        f(&mut v);
        let head = v.to_string();
        format!("{}{}", &head[..head.len() - 1], &l[at..])
    });
}

/// The batch made at `t`, its json and its manifest agreeing.
fn set_created(folder: &Path, t: &str) {
    edit_head(folder, |v| v["batch"]["created_at"] = t.into());
    edit_manifest(folder, |m| m["created_at"] = t.into());
}

/// A record added as the batch's first (on the line after the head), its manifest's counts
/// agreeing.
fn add_record(folder: &Path, r: &serde_json::Value) {
    forge(folder, |i, l| if i == 1 { format!("{l}{r},\n") } else { l });
    let own = !r["late"].as_bool().unwrap_or(false) && !r["followup"].as_bool().unwrap_or(false);
    edit_manifest(folder, |m| {
        let c = &mut m["counts"];
        c["records"] = (c["records"].as_u64().unwrap() + 1).into();
        if own {
            c["appearances"] = (c["appearances"].as_u64().unwrap() + 1).into();
        }
    });
}

/// A batch as schema 1 wrote it: no ids, court codes, case types or heads.
fn to_schema_1(folder: &Path) {
    forge(folder, |i, l| {
        if i == 1 {
            return l.replace("tingping.batch/2", "tingping.batch/1");
        }
        let body = l.trim_end().trim_end_matches(',');
        match serde_json::from_str::<serde_json::Value>(body) {
            Ok(mut v) if v.get("hearing_id").is_some() => {
                for k in ["id", "court_code", "case_type", "head"] {
                    v.as_object_mut().unwrap().remove(k);
                }
                let comma = if l.trim_end().ends_with(',') { "," } else { "" };
                format!("{v}{comma}\n")
            }
            _ => l,
        }
    });
}

fn is_own(r: &serde_json::Value) -> bool {
    r["late"] == false && r["followup"] == false
}

/// A month's batch is imported once its month has ended, and was made after it began; a refused
/// batch leaves nothing behind: the court's November records relabelled as its May 2027 batch
/// (late reports of that month, every count agreeing) are refused, and the genuine November then
/// imports.
#[test]
fn a_month_that_has_not_ended_is_refused_and_blocks_nothing() {
    let out = tempfile::tempdir().unwrap();
    let batches = lower_batches(
        out.path(),
        "皖0111",
        "合肥市包河区人民法院",
        7,
        &["2026-10", "2026-11"],
    );
    let (oct, nov) = (&batches[0], &batches[1]);
    let mut up = upper(out.path());
    let may = copy_of(nov, &out.path().join("may"));
    forge(&may, |i, l| {
        if i == 1 {
            return l;
        }
        let body = l.trim_end().trim_end_matches(',');
        match serde_json::from_str::<serde_json::Value>(body) {
            Ok(mut v) if v.get("hearing_id").is_some() => {
                if v["followup"] == false {
                    v["late"] = true.into();
                    v["commended"] = false.into();
                }
                let comma = if l.trim_end().ends_with(',') { "," } else { "" };
                format!("{v}{comma}\n")
            }
            _ => l,
        }
    });
    edit_head(&may, |v| {
        let b = &mut v["batch"];
        (b["id"], b["from"], b["to"]) =
            ("2027-05".into(), "2027-05-01".into(), "2027-05-31".into());
    });
    edit_manifest(&may, |m| {
        m["batch"] = "2027-05".into();
        (m["period"]["from"], m["period"]["to"]) = ("2027-05-01".into(), "2027-05-31".into());
        m["counts"]["appearances"] = 0.into();
    });
    set_created(&may, "2027-05-10T10:00:00+08:00");
    let json = json_of(&may).display().to_string();
    for now in ["2027-05-20T10:00:00+08:00", "2027-05-31T23:30:00+08:00"] {
        refused_saying(&mut up, &may, Some(at(now)), &[&json, "2027-05 尚未结束"]);
    }
    // and a batch made before its month began
    set_created(&may, "2027-04-30T10:00:00+08:00");
    refused_saying(
        &mut up,
        &may,
        Some(at("2027-06-10T10:00:00+08:00")),
        &[&json, "早于其月份 2027-05 开始"],
    );
    // nothing of it is remembered: the court's genuine batches import
    assert!(everything(&up).is_empty());
    for b in [oct, nov] {
        let i = report::import::import(&mut up, b, how(false)).unwrap();
        assert_eq!(i.outcome, tingping_store::batch::ImportOutcome::Added);
        assert!(i.records > 0);
    }
}

/// An appearance is its court, case number, hearing date and agency, whatever id it carries: a
/// second record of it is refused, in its batch or after another batch of the court's brought it,
/// even in a schema 1 batch, which has no ids; a re-export replacing its batch replaces it.
#[test]
fn the_same_appearance_under_another_id_is_refused() {
    let out = tempfile::tempdir().unwrap();
    let batches = lower_batches(
        out.path(),
        "皖0111",
        "合肥市包河区人民法院",
        8,
        &["2026-10", "2026-11"],
    );
    let (oct, nov) = (&batches[0], &batches[1]);
    let mut up = upper(out.path());
    let first = records(oct).into_iter().find(is_own).unwrap();
    let mut again = first.clone();
    again["id"] = "0123456789abcdef0123456789abcdef".into();
    // in its own batch, under another id; with its agency's name spaced otherwise
    let f = copy_of(oct, &out.path().join("twice"));
    add_record(&f, &again);
    let json = json_of(&f).display().to_string();
    refused_saying(&mut up, &f, None, &[&json, "第 ", "在批次中出现两次"]);
    let f = copy_of(oct, &out.path().join("spaced"));
    let mut spaced = again.clone();
    let agency: String = first["agency"]
        .as_str()
        .unwrap()
        .chars()
        .map(|c| format!("{c} "))
        .collect();
    spaced["agency"] = format!(" {agency}\u{3000}").into();
    add_record(&f, &spaced);
    refused(&mut up, &f, "在批次中出现两次");
    // a schema 1 batch: no ids at all
    let f = copy_of(oct, &out.path().join("v1"));
    to_schema_1(&f);
    let mut bare = first.clone();
    for k in ["id", "court_code", "case_type", "head"] {
        bare.as_object_mut().unwrap().remove(k);
    }
    add_record(&f, &bare);
    refused(&mut up, &f, "在批次中出现两次");
    // (the schema 1 batch as it was imports: the refusals were of the duplicates)
    let v1 = copy_of(oct, &out.path().join("v1-plain"));
    to_schema_1(&v1);
    let elsewhere = tempfile::tempdir().unwrap();
    let mut other = upper(elsewhere.path());
    report::import::import(&mut other, &v1, how(false)).unwrap();

    // October imported: November brings one of its appearances again, as a late report
    report::import::import(&mut up, oct, how(false)).unwrap();
    let f = copy_of(nov, &out.path().join("nov-again"));
    let mut late = again.clone();
    (late["late"], late["commended"]) = (true.into(), false.into());
    add_record(&f, &late);
    let json = json_of(&f).display().to_string();
    refused_saying(&mut up, &f, None, &[&json, "已随该院批次 2026-10 导入"]);
    // also in a schema 1 batch
    let f = copy_of(nov, &out.path().join("nov-v1"));
    to_schema_1(&f);
    let mut bare_late = bare.clone();
    (bare_late["late"], bare_late["commended"]) = (true.into(), false.into());
    add_record(&f, &bare_late);
    refused(&mut up, &f, "已随该院批次 2026-10 导入");
    // the genuine November imports; October's corrected re-export replaces October
    report::import::import(&mut up, nov, how(false)).unwrap();
    edit_record(oct, 1, |v| {
        if !v["evaluation"].is_null() {
            v["evaluation"]["comment"] = "更正后的点评".into();
        } else {
            v["title"] = "局长".into();
        }
    });
    let r = report::import::import(&mut up, oct, how(true)).unwrap();
    assert_eq!(r.outcome, tingping_store::batch::ImportOutcome::Replaced);
}

/// A record's hearing is in its batch's month, or (a late report) in an earlier month since 2000;
/// the manifest counts every record; a batch was made after 2020 and not after now; a re-export
/// replaces only an earlier export.
#[test]
fn dates_counts_and_creation_times_that_cannot_be_are_refused() {
    let out = tempfile::tempdir().unwrap();
    let good = lower_batch(out.path(), "皖0111", "合肥市包河区人民法院", 9);
    let mut up = upper(out.path());
    let recs = records(&good);
    let own = 1 + recs.iter().position(is_own).unwrap();
    let late = 1 + recs.iter().position(|r| r["late"] == true).unwrap();
    let json = |f: &Path| json_of(f).display().to_string();
    // a month's own record heard before the month; a late one heard in it, or before 2000
    let f = copy_of(&good, &out.path().join("early"));
    edit_record(&f, own, |v| v["hearing_date"] = "2026-09-15".into());
    let line = format!("第 {} 行", own + 1);
    refused_saying(
        &mut up,
        &f,
        None,
        &[&json(&f), &line, "hearing_date", "不在批次期间"],
    );
    let f = copy_of(&good, &out.path().join("late-in"));
    edit_record(&f, late, |v| v["hearing_date"] = "2026-10-15".into());
    refused_saying(
        &mut up,
        &f,
        None,
        &[&json(&f), "hearing_date", "不在批次期间"],
    );
    let f = copy_of(&good, &out.path().join("ancient"));
    edit_record(&f, late, |v| v["hearing_date"] = "1999-12-31".into());
    refused_saying(
        &mut up,
        &f,
        None,
        &[&json(&f), "hearing_date", "2000-01-01"],
    );
    // a manifest that does not count the records, or miscounts them
    let f = copy_of(&good, &out.path().join("uncounted"));
    edit_manifest(&f, |m| {
        m["counts"].as_object_mut().unwrap().remove("records");
    });
    refused_saying(&mut up, &f, None, &["manifest.json", "counts.records"]);
    let f = copy_of(&good, &out.path().join("miscounted"));
    edit_manifest(&f, |m| {
        m["counts"]["records"] = (m["counts"]["records"].as_u64().unwrap() + 1).into()
    });
    refused_saying(&mut up, &f, None, &["manifest.json", "数量"]);
    // made at no time, before 2020, or tomorrow
    let tomorrow = (chrono::Local::now() + chrono::Duration::days(1)).to_rfc3339();
    for t in ["昨天", "2019-12-31T23:00:00+08:00", tomorrow.as_str()] {
        let f = copy_of(&good, &out.path().join("created"));
        set_created(&f, t);
        refused_saying(&mut up, &f, None, &[&json(&f), "batch.created_at"]);
    }
    // imported, then an export made earlier than it does not replace it; a later one does
    report::import::import(&mut up, &good, how(false)).unwrap();
    let f = copy_of(&good, &out.path().join("older"));
    edit_record(&f, own, |v| v["title"] = "副局长".into());
    set_created(&f, "2026-11-02T09:00:00+08:00");
    let e = refusal(&mut up, &f, true, None);
    assert!(e.contains(&json(&f)) && e.contains("早于已导入"), "{e}");
    set_created(&f, &chrono::Local::now().to_rfc3339());
    let r = report::import::import(&mut up, &f, how(true)).unwrap();
    assert_eq!(r.outcome, tingping_store::batch::ImportOutcome::Replaced);
}

/// A record's fields the schema does not know are not kept: the record kept is the one validated,
/// written anew.
#[test]
fn unknown_fields_of_a_record_are_not_kept() {
    let out = tempfile::tempdir().unwrap();
    let good = lower_batch(out.path(), "皖0111", "合肥市包河区人民法院", 10);
    let mut up = upper(out.path());
    let n = records(&good).len();
    for i in 1..=n {
        edit_record(&good, i, |v| {
            v["planted"] = "<script>alert(1)</script>".into();
            if let Some(e) = v.get_mut("evaluation").and_then(|e| e.as_object_mut()) {
                for d in e["dimensions"].as_object_mut().unwrap().values_mut() {
                    d["planted"] = 1.into();
                }
                e.insert("planted".into(), true.into());
            }
        });
    }
    report::import::import(&mut up, &good, how(false)).unwrap();
    let kept = everything(&up);
    assert!(kept.len() > n);
    assert!(kept.iter().all(|r| !r.contains("planted")), "{kept:?}");
}

/// One valid batch for the forgery property below (made once: each case edits a copy).
fn base_batch() -> &'static Path {
    static BASE: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    &BASE
        .get_or_init(|| {
            let out = tempfile::tempdir().unwrap();
            let folder = lower_batch(out.path(), "皖0111", "合肥市包河区人民法院", 11);
            (out, folder)
        })
        .1
}

/// A forger's edit: a field of the head (and the manifest's copy of it) set to another value, or a
/// record's hearing moved out of where its kind of record may be.
#[derive(Clone, Debug)]
enum Forgery {
    Head(usize, String),
    /// (record, days out)
    Date(usize, i64),
}

const HEAD_FIELDS: [&str; 7] = [
    "batch.id",
    "batch.kind",
    "batch.from",
    "batch.to",
    "batch.created_at",
    "court.code",
    "court.name",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    /// Every change of the head, made consistently in the json and its manifest, and every record
    /// moved out of its month (or a late one into it or later) is refused, and changes nothing.
    #[test]
    fn a_forged_head_or_hearing_date_is_refused(
        forgery in prop_oneof![
            (0..HEAD_FIELDS.len(), "[-0-9A-Za-z:+T皖]{0,12}").prop_map(|(i, v)| Forgery::Head(i, v)),
            (any::<usize>(), 1i64..4000).prop_map(|(n, d)| Forgery::Date(n, d)),
        ]
    ) {
        let out = tempfile::tempdir().unwrap();
        let f = copy_of(base_batch(), &out.path().join("forged"));
        match &forgery {
            Forgery::Head(i, value) => {
                let (part, field) = HEAD_FIELDS[*i].split_once('.').unwrap();
                let mut was = serde_json::Value::Null;
                edit_head(&f, |v| {
                    was = v[part][field].clone();
                    v[part][field] = value.as_str().into();
                });
                prop_assume!(was != *value.as_str());
                edit_manifest(&f, |m| {
                    match HEAD_FIELDS[*i] {
                        "batch.id" => m["batch"] = value.as_str().into(),
                        "batch.kind" => m["kind"] = value.as_str().into(),
                        "batch.from" => m["period"]["from"] = value.as_str().into(),
                        "batch.to" => m["period"]["to"] = value.as_str().into(),
                        "batch.created_at" => m["created_at"] = value.as_str().into(),
                        _ => m[part][field] = value.as_str().into(),
                    }
                });
            }
            Forgery::Date(n, days) => {
                let recs = records(&f);
                let n = n % recs.len();
                let r = &recs[n];
                let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
                let (from, to) = (day("2026-10-01"), day("2026-10-31"));
                let moved = if r["followup"] == true {
                    to + chrono::Duration::days(*days)
                } else if r["late"] == true {
                    from + chrono::Duration::days(*days - 1)
                } else if days % 2 == 0 {
                    from - chrono::Duration::days(*days / 2)
                } else {
                    to + chrono::Duration::days(*days / 2 + 1)
                };
                edit_record(&f, n + 1, |v| v["hearing_date"] = moved.to_string().into());
            }
        }
        let mut up = upper(out.path());
        let e = refusal(&mut up, &f, false, None);
        prop_assert!(!e.is_empty());
    }
}

/// An evaluation scored with the default rubric is what that rubric makes of it: a grade its total
/// does not earn, a commendation the notice would not give (or withholds), a dimension's maximum
/// that is not the rubric's are refused; so are ids with control characters, whatever the rubric.
#[test]
fn grades_and_commendations_follow_from_the_default_rubric() {
    let out = tempfile::tempdir().unwrap();
    let good = lower_batch(out.path(), "皖0111", "合肥市包河区人民法院", 12);
    let mut up = upper(out.path());
    let sha = Rubric::default_rubric().hash;
    let recs = records(&good);
    let line_of = |pick: &dyn Fn(&serde_json::Value) -> bool| {
        1 + recs
            .iter()
            .position(pick)
            .expect("the demo batch has such a record")
    };
    let scored = |r: &serde_json::Value| {
        is_own(r)
            && r["evaluation"]["rubric"] == sha.as_str()
            && r["evaluation"]["grade"].is_string()
    };
    let total = |r: &serde_json::Value| r["evaluation"]["total_tenths"].as_i64().unwrap();
    let low = line_of(&|r| scored(r) && total(r) < 900);
    let commended = line_of(&|r| scored(r) && r["commended"] == true);
    let json = |f: &Path| json_of(f).display().to_string();
    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(&str, usize, Edit, &str)> = vec![
        (
            "excellent",
            low,
            Box::new(|v| v["evaluation"]["grade"] = "excellent".into()),
            "evaluation.grade",
        ),
        (
            "flagged",
            commended,
            Box::new(|v| v["flags"] = serde_json::json!(["art12_2"])),
            "commended",
        ),
        (
            "withheld",
            commended,
            Box::new(|v| v["commended"] = false.into()),
            "commended",
        ),
        (
            "maximum",
            low,
            Box::new(|v| {
                // a dimension out of more points, the total and grade made to agree with it
                let e = &mut v["evaluation"];
                let dims = e["dimensions"].as_object_mut().unwrap();
                let d = dims
                    .values_mut()
                    .find(|d| d["status"] == "applicable")
                    .unwrap();
                d["max"] = (d["max"].as_i64().unwrap() + 10).into();
                let (sum, max) = dims.values().filter(|d| d["status"] == "applicable").fold(
                    (0, 0),
                    |(s, m), d| {
                        (
                            s + d["score"].as_i64().unwrap(),
                            m + d["max"].as_i64().unwrap(),
                        )
                    },
                );
                let tenths = (2 * sum * 1000 + max) / (2 * max);
                e["total_tenths"] = tenths.into();
                e["total"] = (tenths as f64 / 10.0).into();
                let grade = match tenths {
                    900.. => "excellent",
                    750.. => "good",
                    600.. => "pass",
                    _ => "fail",
                };
                e["grade"] = grade.into();
            }),
            "evaluation.dimensions”：评分维度或其满分",
        ),
        (
            "grade-escape",
            low,
            Box::new(|v| v["evaluation"]["grade"] = "good\u{1b}[2J".into()),
            "evaluation.grade",
        ),
        (
            "mark-escape",
            low,
            Box::new(|v| v["evaluation"]["marks"]["phone\u{7}"] = 1.into()),
            "evaluation.marks",
        ),
        (
            "dimension-escape",
            low,
            Box::new(|v| {
                let dims = v["evaluation"]["dimensions"].as_object_mut().unwrap();
                let (k, d) = dims
                    .iter()
                    .next()
                    .map(|(k, d)| (k.clone(), d.clone()))
                    .unwrap();
                dims.remove(&k);
                dims.insert(format!("{k}\u{202e}"), d);
            }),
            "evaluation.dimensions",
        ),
    ];
    for (tag, n, edit, field) in cases {
        let f = copy_of(&good, &out.path().join(tag));
        edit_record(&f, n, |v| edit(v));
        let line = format!("第 {} 行", n + 1);
        let e = refusal(&mut up, &f, false, None);
        for needle in [json(&f).as_str(), &line, field] {
            assert!(e.contains(needle), "{tag}: expected “{needle}” in: {e}");
        }
    }
    // the batch as it was imports
    report::import::import(&mut up, &good, how(false)).unwrap();
}

/// The files of a batch folder, by name.
fn files_of(folder: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Any change to any file of a signed batch, by someone without the court's key (its
    /// checksums resealed or not), is refused and changes nothing.
    #[test]
    fn any_change_to_a_signed_batch_is_refused(
        which in any::<usize>(),
        ops in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..6),
        seal in any::<bool>(),
    ) {
        let out = tempfile::tempdir().unwrap();
        let folder = copy_of(base_batch(), &out.path().join("b"));
        let files = files_of(&folder);
        let file = &files[which % files.len()];
        let was = std::fs::read(file).unwrap();
        let bytes = mutate(&was, &ops);
        prop_assume!(bytes != was);
        let name = file.file_name().unwrap().to_str().unwrap();
        // (the signature file's layout is not signed: the same signature in other whitespace is
        // the same signature)
        let value = |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).ok();
        prop_assume!(name != tingping::sign::SIGNATURE_FILE || value(&bytes) != value(&was));
        std::fs::write(file, &bytes).unwrap();
        if seal && name != "manifest.json" && name != tingping::sign::SIGNATURE_FILE {
            // the checksums made to match, the signature left as it was (no key to sign with)
            let mpath = folder.join("manifest.json");
            let mut m: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&mpath).unwrap()).unwrap();
            for f in m["files"].as_array_mut().unwrap() {
                if f["name"] == name {
                    f["sha256"] = sha(&bytes).into();
                    f["bytes"] = bytes.len().into();
                }
            }
            std::fs::write(&mpath, serde_json::to_string_pretty(&m).unwrap()).unwrap();
        }
        let mut up = upper(out.path());
        let before = (state(&up), everything(&up));
        let r = report::import::import(&mut up, &folder, how(false));
        prop_assert!(r.is_err(), "{name} changed, imported: {:?}", r.map(|i| i.records));
        prop_assert_eq!((state(&up), everything(&up)), before);
    }
}

/// A batch is taken only under the signature of a key the upper court trusts, over the exact
/// manifest; an unsigned one only when asked (`--unsigned`), and the import says so.
#[test]
fn only_a_trusted_courts_signature_admits_a_batch() {
    tingping::i18n::set_lang(tingping::i18n::Lang::Zh);
    let out = tempfile::tempdir().unwrap();
    let good = base_batch();
    let fresh = |tag: &str| copy_of(good, &out.path().join(tag));
    let mut up = upper(out.path());
    let unsigned = report::import::How {
        replace: false,
        unsigned: true,
    };
    // no signature from a court whose key was trusted before the month ended: refused, even
    // with --unsigned (the signature may have been removed)
    rusqlite::Connection::open(up.path())
        .unwrap()
        .execute(
            "UPDATE trusted_keys SET trusted_at = '2026-10-01T09:00:00.000+08:00'",
            [],
        )
        .unwrap();
    let f = fresh("unsigned");
    std::fs::remove_file(f.join(tingping::sign::SIGNATURE_FILE)).unwrap();
    refused_saying(&mut up, &f, None, &["没有签名", "已信任"]);
    assert!(report::import::import(&mut up, &f, unsigned).is_err());
    // from a court with no key here: refused, naming the court; taken with --unsigned, and
    // kept as unsigned
    let mut plain = Store::open(&out.path().join("plain.db")).unwrap();
    plain.set_scope(Scope {
        court_code: "皖01".into(),
        ..Scope::default()
    });
    refused_saying(
        &mut plain,
        &f,
        None,
        &["没有签名", "合肥市包河区人民法院", "--unsigned"],
    );
    report::import::import(&mut plain, &f, unsigned).unwrap();
    let period = Period::parse("2026-10").unwrap();
    assert_eq!(
        plain
            .unsigned_imports(&period.from.to_string(), &period.to.to_string())
            .unwrap(),
        vec![("合肥市包河区人民法院".to_string(), "2026-10".to_string())]
    );
    // a batch taken signed is never replaced by an unsigned one, the key revoked or not
    let mut signed = upper(&out.path().join("signed").tap_dir());
    report::import::import(&mut signed, good, how(false)).unwrap();
    assert!(signed.revoke_key("皖0111").unwrap());
    let later = fresh("unsigned-later");
    set_created(&later, "2026-11-02T09:00:00+08:00");
    std::fs::remove_file(later.join(tingping::sign::SIGNATURE_FILE)).unwrap();
    let replace_unsigned = report::import::How {
        replace: true,
        unsigned: true,
    };
    let e = report::import::import(&mut signed, &later, replace_unsigned).unwrap_err();
    assert!(e.contains("不能替换已签名的批次"), "{e}");
    // a court whose key is not trusted here: refused, naming the court and the fingerprint
    let mut stranger = Store::open(&out.path().join("stranger.db")).unwrap();
    stranger.set_scope(Scope {
        court_code: "皖01".into(),
        ..Scope::default()
    });
    let fp = signer("皖0111").public.fingerprint;
    refused_saying(&mut stranger, good, None, &["未经本院信任", "皖0111", &fp]);
    // the manifest changed after signing: refused
    let mut up = upper(&out.path().join("up2").tap_dir());
    let f = fresh("edited");
    let mpath = f.join("manifest.json");
    let text = std::fs::read_to_string(&mpath).unwrap();
    std::fs::write(
        &mpath,
        text.replacen("\"recipients\"", "\"recipients\" ", 1),
    )
    .unwrap();
    refused_saying(&mut up, &f, None, &["签名与内容不符"]);
    // signed with another court's key (trusted for that court): not this court's signature
    let f = fresh("other-key");
    let bytes = std::fs::read(f.join("manifest.json")).unwrap();
    let mut sig = signer("皖0104").sign(&bytes);
    sig.court_code = "皖0111".into();
    std::fs::write(
        f.join(tingping::sign::SIGNATURE_FILE),
        serde_json::to_string(&sig).unwrap(),
    )
    .unwrap();
    refused_saying(&mut up, &f, None, &["未经本院信任", "皖0111"]);
    // a revoked key: refused, saying when; trusted again, taken
    assert!(up.revoke_key("皖0111").unwrap());
    refused_saying(&mut up, good, None, &["撤销信任"]);
    let k = signer("皖0111").public;
    up.trust_key(
        "皖0111",
        "合肥市包河区人民法院",
        &k.public_key,
        &k.fingerprint,
    )
    .unwrap();
    report::import::import(&mut up, good, how(false)).unwrap();
    // every change of the keyring is in the audit log
    let c = rusqlite::Connection::open(up.path()).unwrap();
    let log: Vec<String> = c
        .prepare("SELECT action, field, old, new FROM audit_log WHERE entity = 'key' ORDER BY seq")
        .unwrap()
        .query_map([], |r| {
            Ok(format!(
                "{} {} {}→{}",
                r.get::<_, String>("action")?,
                r.get::<_, String>("field")?,
                r.get::<_, String>("old")?,
                r.get::<_, String>("new")?
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let log = log.join("\n");
    assert_eq!(
        log.lines()
            .filter(|l| l.starts_with("trust 皖0111"))
            .count(),
        2,
        "{log}"
    );
    assert_eq!(
        log.lines()
            .filter(|l| l.starts_with("revoke 皖0111"))
            .count(),
        1,
        "{log}"
    );
}

trait TapDir {
    fn tap_dir(self) -> Self;
}

impl TapDir for PathBuf {
    fn tap_dir(self) -> Self {
        std::fs::create_dir_all(&self).unwrap();
        self
    }
}

/// Each signed manifest carries the court's chain heads of its earlier batches: a court that
/// changed its records behind a batch the upper court holds is seen at its next batch.
#[test]
fn a_court_that_rewrote_its_history_is_seen_at_its_next_batch() {
    tingping::i18n::set_lang(tingping::i18n::Lang::Zh);
    let out = tempfile::tempdir().unwrap();
    let (code, name) = LOWER[0];
    let (dir, mut lower, rubric) = lower_court(code, name, 21, 90, (2026, 12, 5));
    let oct = export_month(&mut lower, &rubric, (name, code), "2026-10", out.path());
    let mut up = upper(out.path());
    report::import::import(&mut up, &oct, how(false)).unwrap();
    // the court rewrites its log behind October and chains it again: the head October was made
    // at is gone from the log, and tingping will not sign its next batch
    let head = lower.batch("2026-10").unwrap().unwrap().chain_head;
    drop(lower);
    let db = dir.path().join("lower.db");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("DROP TRIGGER audit_log_no_update").unwrap();
        c.execute(
            "UPDATE audit_log SET hash = ?1 WHERE hash = ?2",
            ["cd".repeat(32), head.clone()],
        )
        .unwrap();
    }
    let mut lower = Store::open(&db).unwrap();
    lower.set_scope(Scope {
        court_code: code.into(),
        government: "合肥市人民政府".into(),
        ..Scope::default()
    });
    let e = try_export_month(
        &mut lower,
        &rubric,
        (name, code),
        "2026-11",
        &out.path().join("n").tap_dir(),
    )
    .expect_err("refused");
    assert!(e.to_string().contains("已找不到批次 2026-10"), "{e}");
    assert!(lower.batch("2026-11").unwrap().is_none(), "nothing claimed");
    // a court whose program states another head for October anyway (its manifest edited and
    // signed with its key) is refused by the upper court, naming the batch
    let (_d1, mut other, rubric1) = lower_court(code, name, 24, 90, (2026, 12, 5));
    let mut up = upper(&out.path().join("up2").tap_dir());
    let o1 = export_month(
        &mut other,
        &rubric1,
        (name, code),
        "2026-10",
        &out.path().join("o1").tap_dir(),
    );
    report::import::import(&mut up, &o1, how(false)).unwrap();
    let n1 = export_month(
        &mut other,
        &rubric1,
        (name, code),
        "2026-11",
        &out.path().join("n1").tap_dir(),
    );
    edit_manifest(&n1, |m| {
        for h in m["heads"].as_array_mut().unwrap() {
            if h["batch"] == "2026-10" {
                h["chain_head"] = "ab".repeat(32).into();
            }
        }
    });
    refused_saying(&mut up, &n1, None, &["改写", "2026-10", name]);
    // an honest court's next batch carries October's head as the upper court has it
    let (_d2, mut honest, rubric) = lower_court(code, name, 22, 90, (2026, 12, 5));
    let mut up = upper(&out.path().join("up3").tap_dir());
    let o2 = export_month(
        &mut honest,
        &rubric,
        (name, code),
        "2026-10",
        &out.path().join("o2").tap_dir(),
    );
    report::import::import(&mut up, &o2, how(false)).unwrap();
    let n2 = export_month(
        &mut honest,
        &rubric,
        (name, code),
        "2026-11",
        &out.path().join("n2").tap_dir(),
    );
    report::import::import(&mut up, &n2, how(false)).unwrap();
}
