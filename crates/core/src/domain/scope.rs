//! What one database counts (DESIGN "Who and what the numbers are about"): the hearings of its own
//! court, in the case types that are administrative litigation (法释〔2020〕3号 art 1). 行审/行审复
//! (the agency applies for enforcement) and the other review types are never counted, named or
//! flagged.

use super::case_number::{self, CaseNumber};
use crate::msg::{Msg, msgf};

/// The case types counted by default: first instance, appeal and retrial, of ordinary and of
/// compensation cases.
pub const DEFAULT_COUNTED: &[&str] = &["行初", "行终", "行再", "行赔初", "行赔终", "行赔再"];

/// Types that are never counted, whatever the config says: no lawsuit against the agency.
pub const NEVER_COUNTED: &[&str] = &["行审", "行审复"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// the configured court's code (皖0104); empty: any court (a database not yet configured)
    pub court_code: String,
    /// the counted case type codes
    pub counted: Vec<String>,
    /// the court's same-level government: an agency with no government recorded reports to it
    pub government: String,
}

impl Default for Scope {
    fn default() -> Self {
        Scope {
            court_code: String::new(),
            counted: DEFAULT_COUNTED.iter().map(|s| s.to_string()).collect(),
            government: String::new(),
        }
    }
}

impl Scope {
    /// The government an agency's records go to: its own, or the court's when none is recorded.
    pub fn government_of<'a>(&'a self, recorded: &'a str) -> &'a str {
        if recorded.trim().is_empty() {
            &self.government
        } else {
            recorded
        }
    }

    pub fn counts(&self, case_type: &str, court_code: &str) -> bool {
        self.counted.iter().any(|c| c == case_type)
            && (self.court_code.is_empty() || self.court_code == court_code)
    }

    /// A case number this court may record: parsed, its court the configured one, its type
    /// counted. The message says what is wrong and why.
    pub fn check(&self, text: &str) -> Result<CaseNumber, Msg> {
        let c = case_number::parse_typed(text).map_err(|e| e.message())?;
        if !self.court_code.is_empty() && c.court != self.court_code {
            return Err(msgf(
                "scope.err.court",
                &[("code", &c.court), ("court", &self.court_code)],
            ));
        }
        if !self.counted.iter().any(|x| x == c.type_code) {
            return Err(msgf(
                "scope.err.type",
                &[
                    ("code", &c.type_code),
                    ("counted", &self.counted.join("、")),
                ],
            ));
        }
        Ok(c)
    }

    /// Checks a configured list: every entry a known administrative type code, and never a
    /// non-litigation review (行审, 行审复: the agency itself applies for enforcement).
    pub fn unknown_type(list: &[String]) -> Option<&String> {
        list.iter().find(|c| {
            NEVER_COUNTED.contains(&c.as_str())
                || !case_number::type_codes().any(|k| k == c.as_str())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::test_words::Text;

    fn scope() -> Scope {
        Scope {
            court_code: "皖0104".into(),
            ..Scope::default()
        }
    }

    #[test]
    fn own_court_litigation_only() {
        let s = scope();
        assert!(s.check("（2026）皖0104行初12号").is_ok());
        assert!(s.check("(2026)皖0104行赔终3号").is_ok());
        let e = s.check("（2026）皖0111行初12号").unwrap_err().text();
        assert!(e.contains("皖0111") && e.contains("皖0104"), "{e}");
        for t in ["行审", "行审复", "行申", "行监", "行他", "行辖"] {
            let e = s
                .check(&format!("（2026）皖0104{t}12号"))
                .unwrap_err()
                .text();
            assert!(
                e.contains(t) && (e.contains("第一条") || e.contains("art. 1")),
                "{e}"
            );
        }
        assert!(s.counts("行初", "皖0104"));
        assert!(!s.counts("行审", "皖0104"));
        assert!(!s.counts("行初", "皖0111"));
        assert!(Scope::default().counts("行初", "皖0111"));
    }

    #[test]
    fn configured_lists_are_checked() {
        assert_eq!(
            Scope::unknown_type(&["行初".into(), "民初".into()]),
            Some(&"民初".to_string())
        );
        assert_eq!(
            Scope::unknown_type(&["行审".into()]),
            Some(&"行审".to_string())
        );
        assert_eq!(Scope::unknown_type(&["行初".into(), "行申".into()]), None);
    }
}
