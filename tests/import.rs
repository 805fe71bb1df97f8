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
use tingping_store::Store;

const TODAY: Option<chrono::NaiveDate> = chrono::NaiveDate::from_ymd_opt(2027, 1, 15);

/// A lower court's October batch (json and csv), exported into `out`.
fn lower_batch(out: &Path, code: &str, name: &str, seed: u64) -> PathBuf {
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
                60,
                seed,
                chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            )
        },
    )
    .unwrap();
    report::export(
        &mut store,
        &report::Issuer {
            name,
            code,
            government: "合肥市人民政府",
        },
        &rubric,
        &Template::default_template(),
        &Period::parse("2026-10").unwrap(),
        Options {
            out: out.to_path_buf(),
            formats: vec![Format::Json, Format::Csv],
            progress: &mut |_| {},
            fail_after: None,
            today: TODAY,
            shared_group: false,
            before_claim: None,
        },
    )
    .unwrap()
    .folder
}

/// The upper court: 合肥市中级人民法院 (皖01).
fn upper(dir: &Path) -> Store {
    let mut s = Store::open(&dir.join("upper.db")).unwrap();
    s.set_scope(Scope {
        court_code: "皖01".into(),
        government: "合肥市人民政府".into(),
        ..Scope::default()
    });
    s
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
}

/// Every row of the upper court's imported tables, to compare before and after a refusal.
fn state(s: &Store) -> (usize, usize) {
    let batches = s.imported_batches().unwrap().len();
    let records = report::indicators(
        &s.reader(
            tingping_store::batch::Source::Candidates(Period::parse("2026-10").unwrap()),
            "合肥市中级人民法院",
            true,
        ),
        |_| {},
    )
    .unwrap();
    (
        batches,
        (records.total.appearances + records.total.late_items + records.total.followups) as usize,
    )
}

fn refused(s: &mut Store, folder: &Path, needle: &str) {
    tingping::i18n::set_lang(tingping::i18n::Lang::Zh);
    let before = state(s);
    let e = report::import::import(s, folder, false).expect_err("refused");
    assert!(e.contains(needle), "expected “{needle}” in: {e}");
    assert_eq!(state(s), before, "a refusal changes nothing");
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
    let i = report::import::import(&mut up, &folder, false).unwrap();
    assert!(i.records > 0);
    let after = state(&up);
    let again = report::import::import(&mut up, &folder, false).unwrap();
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
    report::import::import(&mut up, &good, false).unwrap();
}

#[test]
fn the_same_records_under_another_court_count_once() {
    let out = tempfile::tempdir().unwrap();
    let a = lower_batch(out.path(), "皖0111", "合肥市包河区人民法院", 3);
    let mut up = upper(out.path());
    report::import::import(&mut up, &a, false).unwrap();
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
    let e = report::import::import(&mut up, &b, false).unwrap_err();
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
    report::import::import(&mut up, &a, false).unwrap();
    // the court re-exports with a corrected comment
    edit_record(&a, 1, |v| {
        if !v["evaluation"].is_null() {
            v["evaluation"]["comment"] = "更正后的点评".into();
        } else {
            v["title"] = "局长".into();
        }
    });
    let e = report::import::import(&mut up, &a, false).unwrap_err();
    assert!(e.contains("--replace"), "{e}");
    let r = report::import::import(&mut up, &a, true).unwrap();
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
        match report::import::import(&mut up, &folder, false) {
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
    report::import::import(&mut first, &good, false).unwrap();
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
        let got =
            report::import::import(&mut up, &f, false).unwrap_or_else(|e| panic!("{tag}: {e}"));
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
        let e = report::import::import(&mut up, &f, false).expect_err(tag);
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
    refused(&mut up, Path::new("/dev/zero"), "不是批次文件夹");
    // its manifest or its data file name it
    report::import::import(&mut up, &good.join("manifest.json"), false).unwrap();
}
