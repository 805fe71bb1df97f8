//! `tingping keys`: this court's public key, and the keyring of the courts below whose signed
//! batches it imports (`trust`, `list`, `revoke`; each change audited).

use crate::Court;
use crate::i18n::prelude::*;
use crate::i18n::{t, tf};
use crate::report::Issuer;
use std::path::PathBuf;
use tingping_app::court::Trusted;
use tingping_app::domain::text::{minute, shown};
use tingping_app::sign::PublicKey;

#[derive(clap::Args, Debug)]
pub struct KeysArgs {
    #[command(subcommand)]
    pub command: KeysCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum KeysCommand {
    /// Print this court's public key (JSON) for the upper court; its fingerprint goes to stderr,
    /// to be read to the upper court by another channel (a phone call)
    Export,
    /// Trust a lower court's public key file (what its `keys export` printed)
    Trust {
        file: PathBuf,
        /// replace the court's key trusted before (a court that made a new key)
        #[arg(long)]
        replace: bool,
    },
    /// The keys trusted, one per court
    List {
        #[arg(long)]
        json: bool,
    },
    /// Stop trusting a court's key: its batches are refused until a key is trusted again
    Revoke {
        /// the court's code (e.g. 皖0104)
        code: String,
    },
}

pub fn run(court: &mut Court, issuer: &Issuer, args: KeysArgs) -> anyhow::Result<()> {
    match args.command {
        KeysCommand::Export => {
            if issuer.code.trim().is_empty() {
                anyhow::bail!(t("keys.err.no_code").to_string());
            }
            let signer = court
                .signer(issuer)
                .map_err(|m| anyhow::Error::msg(m.text()))?;
            say!("{}", serde_json::to_string_pretty(&signer.public)?);
            eprintln!(
                "{}",
                tf(
                    "keys.fingerprint",
                    &[
                        ("court", &issuer.name),
                        ("fingerprint", &signer.public.fingerprint)
                    ]
                )
            );
        }
        KeysCommand::Trust { file, replace } => {
            let key = PublicKey::read(&file).map_err(|m| anyhow::Error::msg(m.text()))?;
            let outcome = court
                .trust_key(&key, issuer.code, replace)
                .map_err(|m| anyhow::Error::msg(m.text()))?;
            let args: [(&str, &dyn std::fmt::Display); 3] = [
                ("court", &key.court),
                ("code", &key.court_code),
                ("fingerprint", &key.fingerprint),
            ];
            let line = match outcome {
                Trusted::Added => tf("keys.trusted", &args),
                Trusted::Unchanged => tf("keys.unchanged", &args),
                Trusted::Replaced(was) => {
                    let mut args = args.to_vec();
                    args.push(("was", &was));
                    tf("keys.replaced", &args)
                }
            };
            say!("{}", shown(&line));
        }
        KeysCommand::List { json } => {
            let keys = court.trusted_keys()?;
            if json {
                for k in &keys {
                    say!(
                        "{}",
                        serde_json::json!({
                            "court": k.court, "court_code": k.court_code,
                            "fingerprint": k.fingerprint, "public_key": k.public_key,
                            "trusted_at": k.trusted_at, "revoked_at": k.revoked_at,
                        })
                    );
                }
            } else if keys.is_empty() {
                say!("{}", t("keys.none"));
            } else {
                for k in &keys {
                    let state = if k.revoked_at.is_empty() {
                        tf("keys.state.trusted", &[("at", &minute(&k.trusted_at))])
                    } else {
                        tf("keys.state.revoked", &[("at", &minute(&k.revoked_at))])
                    };
                    say!(
                        "{}\t{}\t{}\t{}",
                        shown(&k.court_code),
                        shown(&k.court),
                        k.fingerprint,
                        state
                    );
                }
            }
        }
        KeysCommand::Revoke { code } => match court.revoke_key(&code)? {
            Some(fingerprint) => say!(
                "{}",
                shown(&tf(
                    "keys.revoked",
                    &[("code", &code), ("fingerprint", &fingerprint)]
                ))
            ),
            None => anyhow::bail!(shown(&tf("keys.err.none", &[("code", &code)])).into_owned()),
        },
    }
    Ok(())
}
