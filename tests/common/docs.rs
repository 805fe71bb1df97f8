//! What the exported documents say, read back: the command line's statistics and a docx's text.

use assert_cmd::Command;
use std::path::Path;
#[allow(unused_imports)]
use tingping::i18n::prelude::*;

/// The binary on `db`, with the configuration folder `conf` (empty: the built-in defaults).
pub fn tp(conf: &Path, db: &Path) -> Command {
    let mut c = Command::cargo_bin("tingping").unwrap();
    c.env_remove("TINGPING_DB");
    c.args([
        "--db",
        db.to_str().unwrap(),
        "--config",
        conf.to_str().unwrap(),
    ]);
    c
}

/// `stats --json` with `args`.
pub fn stats(conf: &Path, db: &Path, args: &[&str]) -> serde_json::Value {
    let out = tp(conf, db)
        .args(["stats", "--json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// (numerator, denominator) of an indicator in a list of values (stats --json, the batch json).
pub fn ind(v: &serde_json::Value, id: &str) -> (i64, Option<i64>) {
    let x = v
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id)
        .unwrap_or_else(|| panic!("indicator {id}"));
    (x["numerator"].as_i64().unwrap(), x["denominator"].as_i64())
}

/// The text of a docx's body: its `<w:t>` runs, one paragraph after another.
pub fn docx_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let mut text = String::new();
    for part in xml.split("<w:t").skip(1) {
        if let Some(start) = part.find('>')
            && let Some(end) = part.find("</w:t>")
            && start < end
        {
            text.push_str(&part[start + 1..end]);
        }
    }
    text
}

/// The 蜀山区 court of the fixtures, which reports to 蜀山区人民政府.
pub const SHUSHAN: tingping::report::Issuer = tingping::report::Issuer {
    name: "合肥市蜀山区人民法院",
    code: "皖0104",
    government: "蜀山区人民政府",
};

/// Exports `period` of `issuer` into `out` in every format with the built-in rubric and notice,
/// as of `today`.
pub fn try_export_as(
    s: &mut tingping_store::Store,
    issuer: &tingping::report::Issuer,
    period: &str,
    out: &Path,
    today: Option<chrono::NaiveDate>,
) -> Result<tingping::report::Exported, tingping::report::ExportError> {
    use tingping::report::{self, Format, Options, docx::Template};
    report::export(
        s,
        issuer,
        &tingping::domain::rubric::Rubric::default_rubric(),
        &Template::default_template(),
        &tingping::domain::period::Period::parse(period).unwrap(),
        Options {
            out: out.to_path_buf(),
            formats: Format::ALL.to_vec(),
            progress: &mut |_| {},
            fail_after: None,
            today,
            shared_group: false,
            draft: false,
            before_claim: None,
        },
        Some(&signer_beside(s, issuer)),
    )
}

/// The court's signing key beside its database (made the first time), as `tingping export` signs
/// with.
pub fn signer_beside(
    s: &tingping_store::Store,
    issuer: &tingping::report::Issuer,
) -> tingping::sign::Signer {
    tingping::sign::Signer::load_or_create(s.path(), issuer.name, issuer.code)
        .unwrap()
        .0
}

/// The upper court `up` trusts the key of the court whose database is `lower` (as `keys trust`
/// of what the court's `keys export` printed would).
pub fn trust_lower(
    up: &mut tingping_store::Store,
    lower: &tingping_store::Store,
    issuer: &tingping::report::Issuer,
) {
    let k = signer_beside(lower, issuer).public;
    up.trust_key(issuer.code, issuer.name, &k.public_key, &k.fingerprint)
        .unwrap();
}
