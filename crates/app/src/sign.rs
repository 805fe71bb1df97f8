//! A court's signature on the batches it sends up.
//!
//! SM2 with SM3 (GM/T 0003-2012 and GM/T 0004-2012, RustCrypto's `sm2`): the commercial
//! cryptography standards (国密) a court's IT department is held to, and what its own tools
//! (GmSSL, a 国密 USB key) verify; its signatures are deterministic (RFC 6979 nonces), so a
//! signature never depends on the machine's randomness. The user id in the signed digest is GM/T
//! 0009's default (`1234567812345678`), as other SM2 tools assume.
//!
//! Each court's key pair is made by tingping the first time it is needed and kept beside the
//! database (`<db>.key`, 0600: never in the database, so a backup sent away does not carry it).
//! An export signs the exact bytes of its `manifest.json` (which lists every file's checksum, the
//! period, the court and its audit chain head) into `manifest.sig`. The upper court keeps the
//! public keys of the courts below it (`tingping keys trust`) and checks the signature before it
//! reads anything else the batch says.

use crate::import::hostile::{self, HostileFile};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sm2::dsa::signature::{Signer as _, Verifier as _};
use sm2::dsa::{Signature as Sm2Signature, SigningKey, VerifyingKey};
use std::path::{Path, PathBuf};
use tingping_core::msg::{Msg, msgf};

/// The scheme every key and signature names.
pub const SCHEME: &str = "SM2-SM3";
/// GM/T 0009-2012's default user id, which the signed digest includes.
const DISTID: &str = "1234567812345678";
const KEY_SCHEMA: &str = "tingping.key/1";
const PUBLIC_SCHEMA: &str = "tingping.pubkey/1";
const SIG_SCHEMA: &str = "tingping.sig/1";
/// The largest key or signature file read, in bytes.
const FILE_MAX: u64 = 16 << 10;

/// The court's secret key file (`<db>.key`).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    schema: String,
    scheme: String,
    court_code: String,
    /// the secret scalar, hex
    secret: String,
    created_at: String,
}

/// A court's public key as `tingping keys export` writes it and `keys trust` reads it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PublicKey {
    pub schema: String,
    pub scheme: String,
    pub court: String,
    pub court_code: String,
    /// the SEC1 point, hex
    pub public_key: String,
    /// the first 16 bytes of the point's SHA-256, hex in groups of four, read aloud to compare
    pub fingerprint: String,
}

/// `manifest.sig`: the signature over the exact bytes of `manifest.json`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SignatureFile {
    pub schema: String,
    pub scheme: String,
    pub court_code: String,
    /// the fingerprint of the key that signed
    pub fingerprint: String,
    /// r ‖ s, hex
    pub signature: String,
}

/// The file a signature is kept in, beside the manifest it signs.
pub const SIGNATURE_FILE: &str = "manifest.sig";

/// Bytes as lower-case hex (a digest as files and the log write it).
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || s.len() > 512 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

/// A point's fingerprint: `3f2a 91c0 …` (16 bytes of its SHA-256).
pub fn fingerprint(point: &[u8]) -> String {
    let h = Sha256::digest(point);
    h[..16].chunks(2).map(hex).collect::<Vec<_>>().join(" ")
}

/// Where a database's key is kept: beside it, `<db>.key`.
pub fn key_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".key");
    db.with_file_name(name)
}

fn read_small(path: &Path) -> Result<Vec<u8>, Msg> {
    let mut f = HostileFile::open(path, FILE_MAX).map_err(|e| match e {
        hostile::Refused::NotFile => msgf("import.err.not_file", &[("path", &path.display())]),
        hostile::Refused::TooBig(max) => msgf(
            "import.err.too_big",
            &[("path", &path.display()), ("max", &max)],
        ),
        hostile::Refused::Io(e) => {
            msgf("import.err.read", &[("path", &path.display()), ("why", &e)])
        }
    })?;
    f.bytes().map_err(|_| {
        msgf(
            "import.err.read",
            &[("path", &path.display()), ("why", &"")],
        )
    })
}

/// A court's signing key, read from beside its database.
pub struct Signer {
    key: SigningKey,
    pub public: PublicKey,
}

impl Signer {
    /// The key beside `db`, made now (0600) when there is none yet; `made` is true when it was.
    /// A key file of another court, one others may read, or one that does not read is refused,
    /// naming it; it is never replaced.
    pub fn load_or_create(db: &Path, court: &str, court_code: &str) -> Result<(Signer, bool), Msg> {
        let path = key_path(db);
        let bad = |why: Msg| msgf("sign.err.key", &[("path", &path.display())]).nest("why", why);
        match std::fs::symlink_metadata(&path) {
            Ok(_) => {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::MetadataExt;
                    let m = std::fs::symlink_metadata(&path).map_err(|e| {
                        msgf("import.err.read", &[("path", &path.display()), ("why", &e)])
                    })?;
                    if m.is_file() && m.mode() & 0o077 != 0 {
                        return Err(msgf(
                            "sign.err.mode",
                            &[
                                ("path", &path.display()),
                                ("mode", &format!("{:04o}", m.mode() & 0o7777)),
                            ],
                        ));
                    }
                }
                let bytes = read_small(&path)?;
                let file: KeyFile = serde_json::from_slice(&bytes)
                    .map_err(|e| bad(Msg::verbatim(crate::domain::text::shown(&e.to_string()))))?;
                if file.schema != KEY_SCHEMA || file.scheme != SCHEME {
                    return Err(bad(Msg::new("sign.err.scheme")));
                }
                if file.court_code != court_code {
                    return Err(msgf(
                        "sign.err.other_court",
                        &[
                            ("path", &path.display()),
                            ("key", &crate::domain::text::shown(&file.court_code)),
                            ("court", &court_code),
                        ],
                    ));
                }
                let key = unhex(&file.secret)
                    .and_then(|b| SigningKey::from_slice(DISTID, &b).ok())
                    .ok_or_else(|| bad(Msg::new("sign.err.secret")))?;
                Ok((Signer::of(key, court, court_code), false))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let secret = <sm2::SecretKey as sm2::elliptic_curve::Generate>::generate();
                let key = SigningKey::new(DISTID, &secret)
                    .map_err(|_| bad(Msg::new("sign.err.secret")))?;
                let file = KeyFile {
                    schema: KEY_SCHEMA.into(),
                    scheme: SCHEME.into(),
                    court_code: court_code.into(),
                    secret: hex(&key.to_bytes()),
                    created_at: chrono::Local::now().to_rfc3339(),
                };
                write_new(&path, &serde_json::to_vec_pretty(&file).unwrap_or_default()).map_err(
                    |e| msgf("sign.err.write", &[("path", &path.display()), ("why", &e)]),
                )?;
                Ok((Signer::of(key, court, court_code), true))
            }
            Err(e) => Err(msgf(
                "import.err.read",
                &[("path", &path.display()), ("why", &e)],
            )),
        }
    }

    /// A key derived from `seed` (tests: a court whose key every test run knows).
    #[doc(hidden)]
    pub fn from_seed(seed: &str, court: &str, court_code: &str) -> Signer {
        let secret = Sha256::digest(seed.as_bytes());
        let key = SigningKey::from_slice(DISTID, &secret).expect("a SHA-256 is a scalar");
        Signer::of(key, court, court_code)
    }

    fn of(key: SigningKey, court: &str, court_code: &str) -> Signer {
        let point = key.verifying_key().to_sec1_bytes();
        let public = PublicKey {
            schema: PUBLIC_SCHEMA.into(),
            scheme: SCHEME.into(),
            court: court.into(),
            court_code: court_code.into(),
            public_key: hex(&point),
            fingerprint: fingerprint(&point),
        };
        Signer { key, public }
    }

    /// The signature of `bytes` (a manifest's).
    pub fn sign(&self, bytes: &[u8]) -> SignatureFile {
        let sig: Sm2Signature = self.key.sign(bytes);
        SignatureFile {
            schema: SIG_SCHEMA.into(),
            scheme: SCHEME.into(),
            court_code: self.public.court_code.clone(),
            fingerprint: self.public.fingerprint.clone(),
            signature: hex(&sig.to_bytes()),
        }
    }
}

/// Writes a new file readable by its owner only; an existing file is never replaced.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

impl PublicKey {
    /// A public key file from outside (`keys trust FILE`), checked: its scheme, a court code that
    /// reads, a name without control characters, a point on the curve and the fingerprint it
    /// states.
    pub fn read(path: &Path) -> Result<PublicKey, Msg> {
        let bytes = read_small(path)?;
        let bad = |field: &str| {
            msgf(
                "sign.err.public",
                &[("path", &path.display()), ("field", &field)],
            )
        };
        let key: PublicKey = serde_json::from_slice(&bytes).map_err(|e| {
            msgf(
                "import.err.manifest",
                &[
                    ("path", &path.display()),
                    ("why", &crate::domain::text::shown(&e.to_string())),
                ],
            )
        })?;
        if key.schema != PUBLIC_SCHEMA {
            return Err(bad("schema"));
        }
        if key.scheme != SCHEME {
            return Err(bad("scheme"));
        }
        if crate::domain::case_number::court_level(&key.court_code).is_err() {
            return Err(bad("court_code"));
        }
        if key.court.trim().is_empty()
            || key.court.chars().count() > crate::domain::text::NAME_MAX
            || key.court.chars().any(crate::domain::text::is_unsafe)
        {
            return Err(bad("court"));
        }
        // the point as tingping writes it (uncompressed): another encoding of it would stand
        // beside it under another fingerprint
        let point = unhex(&key.public_key)
            .filter(|p| {
                VerifyingKey::from_sec1_bytes(DISTID, p).is_ok_and(|k| *k.to_sec1_bytes() == p[..])
            })
            .ok_or_else(|| bad("public_key"))?;
        if fingerprint(&point) != key.fingerprint {
            return Err(bad("fingerprint"));
        }
        Ok(key)
    }
}

/// Whether `sig` is a signature of `bytes` by the key whose SEC1 point is `public_hex`.
pub fn verifies(public_hex: &str, bytes: &[u8], sig: &SignatureFile) -> bool {
    let Some(key) = unhex(public_hex).and_then(|p| VerifyingKey::from_sec1_bytes(DISTID, &p).ok())
    else {
        return false;
    };
    let Some(sig) = unhex(&sig.signature).and_then(|s| Sm2Signature::from_slice(&s).ok()) else {
        return false;
    };
    key.verify(bytes, &sig).is_ok()
}

/// A batch folder's `manifest.sig`, read as hostile input (None: there is none).
pub fn read_signature(dir: &Path) -> Result<Option<SignatureFile>, Msg> {
    let path = dir.join(SIGNATURE_FILE);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let bytes = read_small(&path)?;
    let sig: SignatureFile = serde_json::from_slice(&bytes).map_err(|e| {
        msgf(
            "import.err.manifest",
            &[
                ("path", &path.display()),
                ("why", &crate::domain::text::shown(&e.to_string())),
            ],
        )
    })?;
    if sig.schema != SIG_SCHEMA || sig.scheme != SCHEME {
        return Err(msgf(
            "sign.err.public",
            &[("path", &path.display()), ("field", &"scheme")],
        ));
    }
    Ok(Some(sig))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_owner_only_and_signs_what_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("court.db");
        let (a, made) = Signer::load_or_create(&db, "蜀山区人民法院", "皖0104").unwrap();
        assert!(made);
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let mode = std::fs::metadata(key_path(&db)).unwrap().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let (b, made) = Signer::load_or_create(&db, "蜀山区人民法院", "皖0104").unwrap();
        assert!(!made);
        assert_eq!(a.public, b.public);
        let sig = a.sign(b"manifest bytes");
        // deterministic: the same bytes, the same signature
        assert_eq!(sig, b.sign(b"manifest bytes"));
        assert!(verifies(&a.public.public_key, b"manifest bytes", &sig));
        assert!(!verifies(&a.public.public_key, b"manifest bytez", &sig));
        let mut forged = sig.clone();
        forged.signature.replace_range(
            0..2,
            if &sig.signature[..2] == "00" {
                "01"
            } else {
                "00"
            },
        );
        assert!(!verifies(&a.public.public_key, b"manifest bytes", &forged));
        // another court's key file is not this court's
        let err = Signer::load_or_create(&db, "包河区人民法院", "皖0111")
            .err()
            .unwrap();
        assert_eq!(err.key, "sign.err.other_court");
    }

    #[cfg(unix)]
    #[test]
    fn a_key_others_may_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("court.db");
        Signer::load_or_create(&db, "蜀山区人民法院", "皖0104").unwrap();
        std::fs::set_permissions(key_path(&db), std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = Signer::load_or_create(&db, "蜀山区人民法院", "皖0104")
            .err()
            .unwrap();
        assert_eq!(err.key, "sign.err.mode");
    }

    #[test]
    fn a_public_key_file_is_checked_field_by_field() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("court.db");
        let (s, _) = Signer::load_or_create(&db, "蜀山区人民法院", "皖0104").unwrap();
        let write = |k: &PublicKey| {
            let p = dir.path().join("k.json");
            std::fs::write(&p, serde_json::to_vec(k).unwrap()).unwrap();
            p
        };
        assert_eq!(PublicKey::read(&write(&s.public)).unwrap(), s.public);
        let field = |k: PublicKey| {
            PublicKey::read(&write(&k))
                .err()
                .unwrap()
                .text_arg("field")
                .unwrap()
                .to_string()
        };
        let mut k = s.public.clone();
        k.fingerprint = "0000".into();
        assert_eq!(field(k), "fingerprint");
        let mut k = s.public.clone();
        k.public_key.replace_range(4..6, "ff");
        assert_eq!(field(k), "public_key");
        let mut k = s.public.clone();
        k.court = "法院\u{1b}[2J".into();
        assert_eq!(field(k), "court");
        let mut k = s.public.clone();
        k.court_code = "nope".into();
        assert_eq!(field(k), "court_code");
        // the same point compressed, with its own fingerprint: not the form tingping writes
        let mut k = s.public.clone();
        let point = unhex(&k.public_key).unwrap();
        let compressed = [&[2 + (point[64] & 1)][..], &point[1..33]].concat();
        k.public_key = hex(&compressed);
        k.fingerprint = fingerprint(&compressed);
        assert_eq!(field(k), "public_key");
    }
}
