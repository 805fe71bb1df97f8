//! Signed batches: this court's own key, and the keyring of the courts below whose batches it
//! takes. Each change of the keyring is one audited transaction.

use super::*;
use crate::sign::PublicKey;
use tingping_core::msg::{Msg, msgf};
pub use tingping_store::keys::TrustedKey;

/// What trusting a key did.
#[derive(Debug, PartialEq, Eq)]
pub enum Trusted {
    Added,
    /// the court's key was this one already
    Unchanged,
    /// it replaced the court's earlier key (its fingerprint)
    Replaced(String),
}

impl Court {
    /// Trusts a lower court's public key (read and checked as hostile input by
    /// [`PublicKey::read`]). This court's own key, and a second key for a court whose key is
    /// trusted already (unless `replace`), are refused, naming them.
    pub fn trust_key(
        &mut self,
        key: &PublicKey,
        own_code: &str,
        replace: bool,
    ) -> std::result::Result<Trusted, Msg> {
        let told = |e: Error| tingping_core::msg::Told::told(&e);
        if key.court_code == own_code {
            return Err(msgf("keys.err.own", &[("code", &key.court_code)]));
        }
        // one key is one court's: a key trusted for another court is refused
        if let Some(other) = self
            .store
            .trusted_keys()
            .map_err(told)?
            .into_iter()
            .find(|k| k.fingerprint == key.fingerprint && k.court_code != key.court_code)
        {
            return Err(msgf(
                "keys.err.other_court",
                &[
                    ("fingerprint", &key.fingerprint),
                    ("court", &other.court),
                    ("code", &other.court_code),
                ],
            ));
        }
        let was = self.store.trusted_key(&key.court_code).map_err(told)?;
        let outcome = match was {
            Some(w) if w.fingerprint == key.fingerprint && w.revoked_at.is_empty() => {
                return Ok(Trusted::Unchanged);
            }
            // a key revoked is trusted again only when asked, as a new key is
            Some(w) if !w.revoked_at.is_empty() && !replace => {
                return Err(msgf(
                    "keys.err.revoked_before",
                    &[
                        ("court", &w.court),
                        ("code", &w.court_code),
                        ("at", &crate::domain::text::minute(&w.revoked_at)),
                    ],
                ));
            }
            Some(w) if w.revoked_at.is_empty() && !replace => {
                return Err(msgf(
                    "keys.err.other_key",
                    &[
                        ("court", &w.court),
                        ("code", &w.court_code),
                        ("was", &w.fingerprint),
                        ("new", &key.fingerprint),
                    ],
                ));
            }
            // (the key revoked before, trusted again)
            Some(w) if w.fingerprint == key.fingerprint => Trusted::Added,
            Some(w) => Trusted::Replaced(w.fingerprint),
            None => Trusted::Added,
        };
        self.store
            .trust_key(
                &key.court_code,
                &key.court,
                &key.public_key,
                &key.fingerprint,
            )
            .map_err(told)?;
        Ok(outcome)
    }

    /// Revokes a court's key: its batches are refused from now on (those imported stay, and say
    /// which key signed them). The fingerprint revoked, or None when none was trusted.
    pub fn revoke_key(&mut self, court_code: &str) -> Result<Option<String>> {
        let was = self.store.trusted_key(court_code)?;
        Ok(if self.store.revoke_key(court_code)? {
            was.map(|k| k.fingerprint)
        } else {
            None
        })
    }

    pub fn trusted_keys(&self) -> Result<Vec<TrustedKey>> {
        self.store.trusted_keys()
    }

    /// The batches imported without a signature that reach into a period (court, batch).
    pub fn unsigned_imports(&self, period: &Period) -> Result<Vec<(String, String)>> {
        self.store
            .unsigned_imports(&period.from.to_string(), &period.to.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::Signer;

    #[test]
    fn a_key_is_one_courts_and_a_revoked_one_comes_back_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let mut court = Court::open(&dir.path().join("up.db")).unwrap();
        let key = Signer::from_seed("k", "合肥市包河区人民法院", "皖0111").public;
        assert_eq!(
            court.trust_key(&key, "皖01", false).unwrap(),
            Trusted::Added
        );
        assert_eq!(
            court.trust_key(&key, "皖01", false).unwrap(),
            Trusted::Unchanged
        );
        // the same key said to be another court's
        let mut other = key.clone();
        other.court_code = "皖0104".into();
        assert_eq!(
            court.trust_key(&other, "皖01", true).unwrap_err().key,
            "keys.err.other_court"
        );
        // revoked: trusted again only with --replace
        assert!(court.revoke_key("皖0111").unwrap().is_some());
        assert_eq!(
            court.trust_key(&key, "皖01", false).unwrap_err().key,
            "keys.err.revoked_before"
        );
        assert!(court.trust_key(&key, "皖01", true).is_ok());
        // this court's own key is never in its keyring
        let own = Signer::from_seed("o", "合肥市中级人民法院", "皖01").public;
        assert_eq!(
            court.trust_key(&own, "皖01", false).unwrap_err().key,
            "keys.err.own"
        );
    }
}
