//! Settings, rubric and keymap: compiled-in defaults, overridden by the user's files in the config
//! folder (`--config DIR`, or the platform config directory). A broken file stops the start with
//! its name, line and reason. The keymap is kept here as the user's text: the terminal app's
//! keymap module (`tui::keymap`) parses it, so the core knows nothing of keys or terminals.

use crate::domain::rubric::{DEFAULT_RUBRIC, Rubric, RubricError};
use crate::domain::scope::Scope;
use crate::i18n::{Lang, Msg, msgf};
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const DEFAULT_CONFIG: &str = include_str!("../../../config/default.toml");

/// A file that cannot be used: which file, which line, and why.
pub type FileError = RubricError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub lang: Lang,
    pub court_name: String,
    pub court_code: String,
    /// the court's same-level government: where a new agency reports until told otherwise
    pub government: String,
    /// the case types counted (法释〔2020〕3号 art 1: administrative litigation)
    pub counted_case_types: Vec<String>,
    /// the database and its folder readable by the file's group too (a court host shared over SSH)
    pub shared_group: bool,
    /// who is at the keyboard, recorded on every audit entry ("" = the login name)
    pub operator: String,
    /// the judges who may finalize and amend (offered when typing a judge's name; empty = anyone)
    pub judges: Vec<String>,
    /// the 监察机关 a judicial suggestion may be addressed to ("" = none configured)
    pub supervisory: String,
    /// days an agency has to reply to a judicial suggestion, from the day it is sent
    pub reply_days: u32,
    /// who keeps this database: a court (the default) or a justice bureau (`[org]`)
    pub org: crate::domain::bureau::OrgKind,
    /// a bureau's name (司法局), region, and the governments whose agencies it evaluates (empty:
    /// every agency in the batches it imports)
    pub org_name: String,
    pub org_region: String,
    pub org_governments: Vec<String>,
    /// the 考核 scorecard's weights (`[scorecard]`)
    pub weights: crate::domain::bureau::Weights,
}

impl Config {
    /// What this database counts: the configured court's litigation.
    pub fn scope(&self) -> Scope {
        Scope {
            // (a justice bureau is no court: every court's batch is another's)
            court_code: match self.org {
                crate::domain::bureau::OrgKind::Court => self.court_code.clone(),
                crate::domain::bureau::OrgKind::Bureau => String::new(),
            },
            counted: self.counted_case_types.clone(),
            government: self.government.clone(),
        }
    }

    /// Who may read the database's files.
    pub fn sharing(&self) -> crate::store::Sharing {
        if self.shared_group {
            crate::store::Sharing::Group
        } else {
            crate::store::Sharing::Private
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    lang: Option<toml::Spanned<String>>,
    court: Option<RawCourt>,
    cases: Option<RawCases>,
    storage: Option<RawStorage>,
    people: Option<RawPeople>,
    suggestions: Option<RawSuggestions>,
    org: Option<RawOrg>,
    scorecard: Option<RawScorecard>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrg {
    kind: Option<toml::Spanned<String>>,
    name: Option<toml::Spanned<String>>,
    region: Option<toml::Spanned<String>>,
    governments: Option<toml::Spanned<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScorecard {
    appearance: Option<toml::Spanned<i64>>,
    principal: Option<toml::Spanned<i64>>,
    spoke: Option<toml::Spanned<i64>>,
    resolution: Option<toml::Spanned<i64>>,
    spot_check: Option<toml::Spanned<i64>>,
    satisfaction: Option<toml::Spanned<i64>>,
    art12_penalty: Option<toml::Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuggestions {
    supervisory: Option<toml::Spanned<String>>,
    reply_days: Option<toml::Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeople {
    operator: Option<toml::Spanned<String>>,
    judges: Option<toml::Spanned<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStorage {
    shared_group: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCases {
    counted: toml::Spanned<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourt {
    name: Option<toml::Spanned<String>>,
    code: Option<toml::Spanned<String>>,
    government: Option<toml::Spanned<String>>,
}

/// A user's config file as read: its name (for errors) and its text.
#[derive(Clone, Debug)]
pub struct UserFile {
    pub file: String,
    pub text: String,
}

pub struct Loaded {
    pub notice: crate::domain::notice::Template,
    pub config: Config,
    pub rubric: Rubric,
    /// the bureau's video-review rubric (bureau_rubric.toml)
    pub bureau_rubric: crate::domain::bureau::BureauRubric,
    /// the user's keymap.toml, if there is one, unparsed: the terminal app merges it with its
    /// default keymap (`tui::keymap::Keymap::for_loaded`)
    pub user_keymap: Option<UserFile>,
    /// the user's rubric.toml (None: the built-in one), for `check_live_keys`
    user_rubric: Option<UserFile>,
}

impl Loaded {
    /// The rubric's live keys checked against the characters live mode's own actions use
    /// (`reserved`, from the terminal app's keymap). A clash blames the user's rubric.toml where
    /// it sets the key, or, with the built-in rubric, the line of the user's keymap that binds it.
    pub fn check_live_keys(&self, reserved: &[char]) -> Result<(), FileError> {
        if let Some(UserFile { file, text }) = &self.user_rubric {
            return Rubric::parse(text, file, reserved).map(|_| ());
        }
        Rubric::parse(DEFAULT_RUBRIC, "config/rubric.toml", reserved)
            .map(|_| ())
            .map_err(|e| match &self.user_keymap {
                Some(UserFile { file, text }) => {
                    // the line of the user's keymap that binds a key the rubric's items use
                    let line = DEFAULT_RUBRIC
                        .lines()
                        .filter_map(|l| l.trim().strip_prefix("key = "))
                        .map(|k| k.trim_matches('"'))
                        .filter(|k| {
                            k.chars().count() == 1 && reserved.iter().any(|r| k.starts_with(*r))
                        })
                        .find_map(|k| text.find(&format!("\"{k}\"")))
                        .map(|o| line_of(text, o))
                        .unwrap_or(1);
                    FileError {
                        file: file.clone(),
                        line,
                        reason: Msg::new("config.err.live_key_clash").nest("why", e.reason),
                    }
                }
                None => e,
            })
    }
}

pub use crate::domain::rubric::{line_of, toml_error};

fn parse_config(text: &str, file: &str, base: Config) -> Result<Config, FileError> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    let mut c = base;
    // what is wrong at a value of the file: its line
    let at = |span: std::ops::Range<usize>, reason: Msg| FileError {
        file: file.to_string(),
        line: line_of(text, span.start),
        reason,
    };
    // names from a file are text from outside: cleaned and bounded
    let name = |v: &toml::Spanned<String>, label: &str| {
        crate::domain::text::bounded(
            Msg::verbatim(label),
            v.get_ref(),
            crate::domain::text::NAME_MAX,
        )
        .map_err(|e| at(v.span(), e))
    };
    if let Some(l) = raw.lang {
        c.lang = Lang::parse(l.get_ref()).ok_or_else(|| FileError {
            file: file.to_string(),
            line: line_of(text, l.span().start),
            reason: msgf("config.err.lang", &[("value", l.get_ref())]),
        })?;
    }
    if let Some(court) = raw.court {
        // (the code a real court's)
        // (a name or code written empty says nothing a notice could print: refused, naming it)
        let given = |v: &toml::Spanned<String>, label: &'static str| {
            let value = name(v, label)?;
            if value.trim().is_empty() {
                return Err(at(
                    v.span(),
                    crate::i18n::msgf("config.err.empty", &[("what", &label)]),
                ));
            }
            Ok(value)
        };
        if let Some(n) = &court.name {
            c.court_name = given(n, "[court] name")?;
        }
        if let Some(code) = &court.code {
            let value = given(code, "[court] code")?;
            if crate::domain::case_number::court_level(&value).is_err() {
                return Err(at(
                    code.span(),
                    crate::i18n::msgf("config.err.court_code", &[("value", &value)]),
                ));
            }
            c.court_code = value;
        }
        if let Some(g) = &court.government {
            c.government = name(g, "[court] government")?;
        }
    }
    if let Some(cases) = raw.cases {
        let list = cases.counted.get_ref().clone();
        if list.is_empty() {
            return Err(FileError {
                file: file.to_string(),
                line: line_of(text, cases.counted.span().start),
                reason: msgf("config.err.empty", &[("what", &"[cases] counted")]),
            });
        }
        if let Some(bad) = Scope::unknown_type(&list) {
            return Err(FileError {
                file: file.to_string(),
                line: line_of(text, cases.counted.span().start),
                reason: msgf("config.err.case_type", &[("value", bad)]),
            });
        }
        c.counted_case_types = list;
    }
    if let Some(shared) = raw.storage.and_then(|s| s.shared_group) {
        c.shared_group = shared;
    }
    if let Some(people) = raw.people {
        let bounded = |v: &str, span: std::ops::Range<usize>, label: &str| {
            crate::domain::text::bounded(Msg::verbatim(label), v, crate::domain::text::NAME_MAX)
                .map_err(|e| FileError {
                    file: file.to_string(),
                    line: line_of(text, span.start),
                    reason: e,
                })
        };
        if let Some(op) = &people.operator {
            c.operator = bounded(op.get_ref(), op.span(), "[people] operator")?
                .trim()
                .to_string();
        }
        if let Some(judges) = &people.judges {
            if judges.get_ref().len() > 1000 {
                return Err(FileError {
                    file: file.to_string(),
                    line: line_of(text, judges.span().start),
                    reason: Msg::new("config.err.too_many")
                        .arg("what", "[people] judges")
                        .arg("max", 1000),
                });
            }
            c.judges = judges
                .get_ref()
                .iter()
                .map(|j| bounded(j, judges.span(), "[people] judges").map(|j| j.trim().to_string()))
                .filter(|j| !matches!(j, Ok(j) if j.is_empty()))
                .collect::<Result<_, _>>()?;
        }
    }
    if let Some(org) = raw.org {
        if let Some(k) = &org.kind {
            c.org =
                crate::domain::bureau::OrgKind::from_id(k.get_ref().trim()).ok_or_else(|| {
                    at(
                        k.span(),
                        msgf(
                            "config.err.org_kind",
                            &[("value", &crate::domain::text::shown(k.get_ref()))],
                        ),
                    )
                })?;
        }
        if let Some(n) = &org.name {
            c.org_name = name(n, "[org] name")?;
        }
        if let Some(r) = &org.region {
            c.org_region = name(r, "[org] region")?;
        }
        if let Some(g) = &org.governments {
            if g.get_ref().len() > 1000 {
                return Err(at(
                    g.span(),
                    Msg::new("config.err.too_many")
                        .arg("what", "[org] governments")
                        .arg("max", 1000),
                ));
            }
            c.org_governments = g
                .get_ref()
                .iter()
                .map(|x| {
                    crate::domain::text::bounded(
                        Msg::verbatim("[org] governments"),
                        x,
                        crate::domain::text::NAME_MAX,
                    )
                    .map_err(|e| at(g.span(), e))
                })
                .filter(|x| !matches!(x, Ok(x) if x.trim().is_empty()))
                .collect::<Result<_, _>>()?;
        }
        if c.org == crate::domain::bureau::OrgKind::Bureau && c.org_name.trim().is_empty() {
            let span = org.kind.as_ref().map(|k| k.span()).unwrap_or(0..0);
            return Err(at(
                span,
                msgf("config.err.empty", &[("what", &"[org] name")]),
            ));
        }
    }
    if let Some(sc) = raw.scorecard {
        let w = &mut c.weights;
        for (v, slot) in [
            (&sc.appearance, &mut w.appearance),
            (&sc.principal, &mut w.principal),
            (&sc.spoke, &mut w.spoke),
            (&sc.resolution, &mut w.resolution),
            (&sc.spot_check, &mut w.spot_check),
            (&sc.satisfaction, &mut w.satisfaction),
            (&sc.art12_penalty, &mut w.art12_penalty),
        ] {
            if let Some(v) = v {
                if !(0..=100).contains(v.get_ref()) {
                    return Err(FileError {
                        file: file.to_string(),
                        line: line_of(text, v.span().start),
                        reason: msgf("config.err.weight", &[("value", v.get_ref())]),
                    });
                }
                *slot = *v.get_ref();
            }
        }
    }
    if let Some(sg) = raw.suggestions {
        if let Some(v) = &sg.supervisory {
            c.supervisory = name(v, "[suggestions] supervisory")?;
        }
        if let Some(v) = &sg.reply_days {
            // (a reply due the day it is sent, or in more than a year, is a typing error)
            let days = *v.get_ref();
            if !(1..=366).contains(&days) {
                return Err(FileError {
                    file: file.to_string(),
                    line: line_of(text, v.span().start),
                    reason: msgf(
                        "config.err.reply_days",
                        &[("value", &days), ("min", &1), ("max", &366)],
                    ),
                });
            }
            c.reply_days = days as u32;
        }
    }
    Ok(c)
}

/// The platform config folder, where the user's default.toml, rubric.toml and keymap.toml live.
pub fn default_config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("cn", "tingping", "tingping")
        .map(|d| d.config_dir().to_path_buf())
}

/// The largest config file read, in bytes.
const CONFIG_MAX: u64 = 1 << 20;

/// A config file's text, if the file is there: a regular file (a FIFO, a device or a folder in its
/// place is refused, never waited on; a symlink is followed to a regular file), bounded in size,
/// read from the handle that was checked, and invalid UTF-8 named by its line.
fn read_optional(path: &Path) -> Result<Option<String>, FileError> {
    use crate::import::hostile::{HostileFile, Refused};
    let fail = |line: usize, reason: Msg| FileError {
        file: path.display().to_string(),
        line,
        reason,
    };
    let refused = |r: Refused| match r {
        Refused::NotFile => fail(1, crate::i18n::msgf("config.err.not_file", &[])),
        Refused::TooBig(max) => fail(1, crate::i18n::msgf("config.err.too_big", &[("max", &max)])),
        Refused::Io(e) => fail(1, crate::i18n::Msg::verbatim(e)),
    };
    let mut file = match HostileFile::open_followed(path, CONFIG_MAX) {
        Ok(f) => f,
        Err(Refused::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(r) => return Err(refused(r)),
    };
    let bytes = file.bytes().map_err(refused)?;
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        fail(line, crate::i18n::msgf("config.err.utf8", &[]))
    })
}

/// Loads defaults and the user's files from `dir`. `lang_override` (from `--lang`) wins over files.
pub fn load(dir: Option<&Path>, lang_override: Option<Lang>) -> Result<Loaded, FileError> {
    let base = Config {
        lang: Lang::Zh,
        court_name: String::new(),
        court_code: String::new(),
        government: String::new(),
        counted_case_types: Scope::default().counted,
        shared_group: false,
        operator: String::new(),
        judges: Vec::new(),
        supervisory: String::new(),
        reply_days: 60,
        org: crate::domain::bureau::OrgKind::Court,
        org_name: String::new(),
        org_region: String::new(),
        org_governments: Vec::new(),
        weights: crate::domain::bureau::Weights::default(),
    };
    let mut config = parse_config(DEFAULT_CONFIG, "config/default.toml", base)?;
    let user = |name: &str| -> Result<Option<(String, String)>, FileError> {
        match dir {
            Some(d) => {
                let p = d.join(name);
                Ok(read_optional(&p)?.map(|t| (p.display().to_string(), t)))
            }
            None => Ok(None),
        }
    };
    // language first, so later messages come in the user's language
    if let Some(l) = lang_override {
        crate::i18n::set_lang(l);
    }
    if let Some((file, text)) = user("default.toml")? {
        config = parse_config(&text, &file, config)?;
    }
    if let Some(l) = lang_override {
        config.lang = l;
    }
    crate::i18n::set_lang(config.lang);
    let user_keymap = user("keymap.toml")?.map(|(file, text)| UserFile { file, text });
    // the live keys live mode reserves are checked when the terminal app has read its keymap
    // (`Loaded::check_live_keys`)
    let user_rubric = user("rubric.toml")?.map(|(file, text)| UserFile { file, text });
    let rubric = match &user_rubric {
        Some(UserFile { file, text }) => Rubric::parse(text, file, &[])?,
        None => Rubric::parse(DEFAULT_RUBRIC, "config/rubric.toml", &[])?,
    };
    let bureau_rubric = match user("bureau_rubric.toml")? {
        Some((file, text)) => crate::domain::bureau::BureauRubric::parse(&text, &file)?,
        None => crate::domain::bureau::BureauRubric::default_rubric(),
    };
    let notice = match user("notice.toml")? {
        Some((file, text)) => crate::domain::notice::Template::parse(&text, &file)?,
        None => crate::domain::notice::Template::default_template(),
    };
    Ok(Loaded {
        notice,
        config,
        rubric,
        bureau_rubric,
        user_keymap,
        user_rubric,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Render as _;

    #[test]
    fn defaults_load() {
        let l = load(None, None).unwrap();
        assert_eq!(l.config.lang, Lang::Zh);
        assert_eq!(l.config.court_code, "皖0104");
        assert_eq!(l.config.scope().counted, Scope::default().counted);
        assert_eq!(l.config.sharing(), crate::store::Sharing::Private);
    }

    /// What a notice would print empty, or a 发文字号 that numbers nothing, is refused at load,
    /// naming the file and the line.
    #[test]
    fn empty_names_codes_lists_ids_and_numbers_without_n_are_refused() {
        crate::i18n::set_lang(Lang::Zh);
        let dir = tempfile::tempdir().unwrap();
        let refused = |file: &str, text: &str| {
            for f in ["default.toml", "rubric.toml", "notice.toml"] {
                let _ = std::fs::remove_file(dir.path().join(f));
            }
            std::fs::write(dir.path().join(file), text).unwrap();
            load(Some(dir.path()), None).err().expect(text)
        };
        for (text, line) in [
            ("[court]\ncode = \"\"\n", 2),
            ("[court]\nname = \"  \"\n", 2),
            ("[cases]\n\ncounted = []\n", 3),
        ] {
            let e = refused("default.toml", text);
            assert_eq!(e.line, line, "{text}");
            assert!(e.reason.text().contains("不能为空"), "{:?}", e.reason);
        }
        let notice = crate::domain::notice::DEFAULT_NOTICE;
        for pattern in ["蜀法〔{year}〕号", "蜀法〔{year}〕{n}号{nope}"] {
            let e = refused(
                "notice.toml",
                &notice.replace("蜀法〔{year}〕{n}号", pattern),
            );
            assert!(e.file.ends_with("notice.toml"), "{e:?}");
            assert!(e.reason.text().contains("doc_number"), "{:?}", e.reason);
        }
        // the judicial suggestion's 文号, named by its line in its own section
        let at = notice.find("蜀法建〔{year}〕{n}号").unwrap();
        let line = notice[..at].matches('\n').count() + 1;
        let e = refused(
            "notice.toml",
            &notice.replace("蜀法建〔{year}〕{n}号", "蜀法建〔{year}〕号"),
        );
        assert_eq!(e.line, line, "{e:?}");
        assert!(e.reason.text().contains("doc_number"), "{:?}", e.reason);
        // a court's notice.toml without the section takes the built-in one
        let start = notice.find("\n[suggestion]").unwrap();
        let comment = notice[..start].rfind("\n\n").unwrap();
        std::fs::write(dir.path().join("notice.toml"), &notice[..comment]).unwrap();
        let l = load(Some(dir.path()), None).unwrap();
        assert!(l.notice.suggestion.doc_number.is_empty());
        // a reply period of no days, or of years, is a typing error
        for days in ["0", "400", "-3"] {
            let e = refused(
                "default.toml",
                &format!("[suggestions]\nreply_days = {days}\n"),
            );
            assert_eq!(e.line, 2, "{days}");
            assert!(e.reason.text().contains("回复期限"), "{:?}", e.reason);
        }
        let rubric = crate::domain::rubric::DEFAULT_RUBRIC;
        let first_id = rubric
            .lines()
            .find(|l| l.starts_with("id = "))
            .unwrap()
            .to_string();
        let e = refused("rubric.toml", &rubric.replacen(&first_id, "id = \"\"", 1));
        assert!(e.reason.text().contains("不能为空"), "{:?}", e.reason);
        // a value where a section belongs is said in words, not as serde's type name
        let e = refused("default.toml", "court = 5\n");
        assert_eq!(e.line, 1);
        let said = e.reason.text();
        assert!(
            said.contains("一节设置") && !said.contains("RawCourt"),
            "{said}"
        );
    }

    #[test]
    fn a_court_host_shares_the_database_with_its_group() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("default.toml"),
            "[storage]\nshared_group = true\n",
        )
        .unwrap();
        let l = load(Some(dir.path()), None).unwrap();
        assert_eq!(l.config.sharing(), crate::store::Sharing::Group);
        std::fs::write(
            dir.path().join("default.toml"),
            "[storage]\nshared_group = \"yes\"\n",
        )
        .unwrap();
        let e = load(Some(dir.path()), None).err().unwrap();
        assert_eq!(e.line, 2);
        std::fs::write(dir.path().join("default.toml"), "[storage]\ngroup = true\n").unwrap();
        let e = load(Some(dir.path()), None).err().unwrap();
        assert!(e.reason.text().contains("group"), "{:?}", e.reason);
    }

    #[test]
    fn broken_files_name_the_line_and_the_right_file() {
        crate::i18n::set_lang(Lang::Zh);
        let dir = tempfile::tempdir().unwrap();
        // a byte that is not UTF-8 on line 3
        std::fs::write(
            dir.path().join("default.toml"),
            b"lang = \"zh\"\n\n[court]\nname = \"\xff\xfe\"\n",
        )
        .unwrap();
        let e = load(Some(dir.path()), None).err().unwrap();
        assert_eq!(e.line, 4, "{e:?}");
        assert!(e.reason.text().contains("UTF-8"));
        // a court code no court has
        std::fs::write(
            dir.path().join("default.toml"),
            "[court]\ncode = \"蒙0102\"\n",
        )
        .unwrap();
        let e = load(Some(dir.path()), None).err().unwrap();
        assert_eq!(e.line, 2);
        // control characters in a name are cleaned
        std::fs::write(
            dir.path().join("default.toml"),
            "[court]\nname = \"合肥\\u001b]0;x\\u0007法院\"\n",
        )
        .unwrap();
        let l = load(Some(dir.path()), None).unwrap();
        assert_eq!(l.config.court_name, "合肥]0;x法院");
        // a keymap that takes a key of the built-in rubric's live items is blamed, not the rubric
        // (live mode's keys are the terminal app's: here the characters its keymap would reserve)
        std::fs::remove_file(dir.path().join("default.toml")).unwrap();
        std::fs::write(dir.path().join("keymap.toml"), "[live]\n\nundo = \"p\"\n").unwrap();
        let l = load(Some(dir.path()), None).unwrap();
        assert_eq!(l.check_live_keys(&['u', '/']).map_err(|e| e.line), Ok(()));
        let e = l.check_live_keys(&['p', '/']).err().unwrap();
        assert!(e.file.ends_with("keymap.toml"), "{e:?}");
        assert_eq!(e.line, 3);
        // a user's rubric that takes one is blamed where it sets the key
        std::fs::remove_file(dir.path().join("keymap.toml")).unwrap();
        let rubric = DEFAULT_RUBRIC.replacen("key = \"l\"", "key = \"u\"", 1);
        let line = line_of(&rubric, rubric.find("key = \"u\"").unwrap());
        std::fs::write(dir.path().join("rubric.toml"), &rubric).unwrap();
        let l = load(Some(dir.path()), None).unwrap();
        let e = l.check_live_keys(&['u']).err().unwrap();
        assert!(e.file.ends_with("rubric.toml"), "{e:?}");
        assert_eq!(e.line, line);
    }

    #[test]
    fn counted_case_types_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("default.toml"),
            "[cases]\ncounted = [\"行初\", \"行申\"]\n",
        )
        .unwrap();
        let l = load(Some(dir.path()), None).unwrap();
        assert_eq!(l.config.counted_case_types, vec!["行初", "行申"]);
        // non-litigation review is never counted
        std::fs::write(
            dir.path().join("default.toml"),
            "[cases]\ncounted = [\"行审\"]\n",
        )
        .unwrap();
        assert!(load(Some(dir.path()), None).is_err());
        std::fs::write(
            dir.path().join("default.toml"),
            "lang = \"zh\"\n\n[cases]\ncounted = [\"行初\", \"民初\"]\n",
        )
        .unwrap();
        let e = load(Some(dir.path()), None).err().unwrap();
        assert_eq!(e.line, 4);
        assert!(e.reason.text().contains("民初"), "{:?}", e.reason);
    }

    #[test]
    fn user_files_override_and_errors_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("default.toml"),
            "lang = \"en\"\n[court]\nname = \"Test court\"\n",
        )
        .unwrap();
        let l = load(Some(dir.path()), None).unwrap();
        assert_eq!(l.config.lang, Lang::En);
        assert_eq!(l.config.court_name, "Test court");
        assert_eq!(l.config.court_code, "皖0104");
        std::fs::write(dir.path().join("default.toml"), "\nlang = \"fr\"\n").unwrap();
        let e = load(Some(dir.path()), Some(Lang::En)).err().unwrap();
        assert_eq!(e.line, 2);
        assert!(e.file.ends_with("default.toml"));
        assert!(e.reason.text().contains("fr"));
        crate::i18n::set_lang(Lang::Zh);
    }

    /// A rubric's label or id, or a notice's text, with a control character (C0, C1) or a bidi
    /// override is refused at load, naming the file, the line and the field.
    #[test]
    fn control_characters_in_rubric_and_notice_texts_are_refused_with_file_and_line() {
        crate::i18n::set_lang(Lang::En);
        let dir = tempfile::tempdir().unwrap();
        let at = |text: &str, needle: &str| line_of(text, text.find(needle).unwrap());
        for (from, to, field) in [
            ("zh = \"优秀\"", "zh = \"优\\u009B31m秀\"", "grade[1].zh"),
            ("id = \"good\"", "id = \"go\u{202E}od\"", "grade[2].id"),
            ("zh = \"良好\"", "zh = \"良\\u001b[2J好\"", "grade[2].zh"),
        ] {
            let rubric = DEFAULT_RUBRIC.replacen(from, to, 1);
            assert_ne!(rubric, DEFAULT_RUBRIC);
            std::fs::write(dir.path().join("rubric.toml"), &rubric).unwrap();
            let e = load(Some(dir.path()), Some(Lang::En)).err().expect(to);
            assert!(e.file.ends_with("rubric.toml"), "{e:?}");
            assert_eq!(e.line, at(&rubric, to), "{to}");
            let said = e.reason.text();
            assert!(said.contains(field) && said.contains("control"), "{said}");
        }
        std::fs::remove_file(dir.path().join("rubric.toml")).unwrap();
        let notice = crate::domain::notice::DEFAULT_NOTICE.replacen(
            "opening = \"为贯彻落实",
            "opening = \"为\\u202e贯彻落实",
            1,
        );
        std::fs::write(dir.path().join("notice.toml"), &notice).unwrap();
        let e = load(Some(dir.path()), Some(Lang::En)).err().unwrap();
        assert!(e.file.ends_with("notice.toml"), "{e:?}");
        assert_eq!(e.line, at(&notice, "opening = "));
        assert!(e.reason.text().contains("text.opening"), "{:?}", e.reason);
        assert!(e.reason.text().contains("U+202E"), "{:?}", e.reason);
        // the built-in files pass
        std::fs::remove_file(dir.path().join("notice.toml")).unwrap();
        assert!(load(Some(dir.path()), Some(Lang::En)).is_ok());
        crate::i18n::set_lang(Lang::Zh);
    }
}
