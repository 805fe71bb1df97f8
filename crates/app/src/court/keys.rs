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
        let was = self.store.trusted_key(&key.court_code).map_err(told)?;
        let outcome = match was {
            Some(w) if w.fingerprint == key.fingerprint && w.revoked_at.is_empty() => {
                return Ok(Trusted::Unchanged);
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
