//! The agency directory (机关名录) as a court keeps it in a spreadsheet: one row per agency, with
//! its short names (简称, several separated by 、), level (省/市/县/乡), region and the government it
//! reports to. No I/O here: the file was read by `crate::import`.

use super::model::AgencyLevel;
use super::sheet::{self, GridRow, Place, RowError, Spec};
use super::text::NAME_MAX;
use crate::msg::{Lang, Msg, Words, msg, msgf};

/// The most short names one agency may have in one row.
pub const ALIASES_MAX: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    Aliases,
    Level,
    Region,
    Government,
    Superior,
}

pub const SPECS: &[Spec<Field>] = &[
    Spec {
        field: Field::Name,
        names: &["名称", "机关名称", "全称", "行政机关"],
        required: true,
    },
    Spec {
        field: Field::Aliases,
        names: &["简称", "别名"],
        required: false,
    },
    Spec {
        field: Field::Level,
        names: &["层级", "级别"],
        required: false,
    },
    Spec {
        field: Field::Region,
        names: &["地区", "区域", "行政区划"],
        required: false,
    },
    Spec {
        field: Field::Government,
        names: &["所属政府", "所属同级政府", "同级政府"],
        required: false,
    },
    Spec {
        field: Field::Superior,
        names: &["上一级行政机关", "上一级机关", "上级机关"],
        required: false,
    },
];

/// One agency of the directory, checked. An empty cell (or a column the file does not have)
/// leaves what the directory holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectoryEntry {
    /// the name's cell
    pub at: Place,
    /// the aliases' cell
    pub aliases_at: Place,
    pub name: String,
    pub aliases: Vec<String>,
    pub level: Option<AgencyLevel>,
    pub region: String,
    pub government: String,
    /// its 上一级行政机关 (where a judicial suggestion about it goes)
    pub superior: String,
}

/// Reads a directory: every agency, or every wrong cell (a directory is imported whole or not).
pub fn read(
    rows: &[GridRow],
    words: &dyn Words,
) -> Result<Result<Vec<DirectoryEntry>, Vec<RowError>>, Msg> {
    let cols = sheet::find_columns(rows, SPECS, Field::Name)?;
    let mut entries: Vec<DirectoryEntry> = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut errors = Vec::new();
    for row in rows.iter().filter(|r| r.n > cols.row && !r.is_blank()) {
        let mut errs = Vec::new();
        let mut get = |field: Field, parse: &dyn Fn(&str) -> Result<String, Msg>| -> String {
            match cols.cell(row, field).and_then(|s| {
                parse(s).map_err(|why| RowError {
                    at: cols.place(field, row.n),
                    why,
                })
            }) {
                Ok(v) => v,
                Err(e) => {
                    errs.push(e);
                    String::new()
                }
            }
        };
        let name = get(Field::Name, &|s| text(s, true));
        let aliases = get(Field::Aliases, &|s| {
            let list = sheet::split_names(s);
            if list.len() > ALIASES_MAX {
                return Err(msgf(
                    "schedule.err.agencies_many",
                    &[("n", &list.len()), ("max", &ALIASES_MAX)],
                ));
            }
            for a in &list {
                text(a, true)?;
            }
            Ok(list.join("\n"))
        });
        let level = get(Field::Level, &|s| {
            level(s, words).map(|l| l.map(|l| l.id().to_string()).unwrap_or_default())
        });
        let region = get(Field::Region, &|s| text(s, false));
        let government = get(Field::Government, &|s| text(s, false));
        let superior = get(Field::Superior, &|s| text(s, false));
        if !errs.is_empty() {
            errors.append(&mut errs);
            continue;
        }
        let aliases: Vec<String> = aliases
            .split('\n')
            .filter(|a| !a.is_empty() && *a != name)
            .map(str::to_string)
            .collect();
        // (the rows seen, by name: a directory of 100 000 agencies is read in one pass)
        if let Some(&first) = seen.get(&name) {
            errors.push(RowError {
                at: cols.place(Field::Name, row.n),
                why: msgf("directory.err.repeated", &[("row", &first)]),
            });
            continue;
        }
        seen.insert(name.clone(), row.n);
        entries.push(DirectoryEntry {
            at: cols.place(Field::Name, row.n),
            aliases_at: cols.place(Field::Aliases, row.n),
            name,
            aliases,
            level: AgencyLevel::from_id(&level),
            region,
            government,
            superior,
        });
    }
    // a short name given to two agencies names neither: the first other entry that has it as
    // its name, or gave it as a short name before this one (looked up, not searched: linear)
    let by_name: std::collections::HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(j, e)| (e.name.as_str(), j))
        .collect();
    let mut first_alias: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (j, e) in entries.iter().enumerate() {
        for a in &e.aliases {
            first_alias.entry(a.as_str()).or_insert(j);
        }
    }
    for (i, e) in entries.iter().enumerate() {
        for a in &e.aliases {
            let named = by_name.get(a.as_str()).copied().filter(|j| *j != i);
            let given = first_alias.get(a.as_str()).copied().filter(|j| *j < i);
            let other = match (named, given) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
            if let Some(j) = other {
                errors.push(RowError {
                    at: e.aliases_at.clone(),
                    why: msgf(
                        "directory.err.alias_taken",
                        &[("alias", a), ("agency", &entries[j].name)],
                    ),
                });
            }
        }
    }
    errors.sort_by_key(|e| (e.at.row, e.at.col));
    Ok(if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    })
}

fn text(s: &str, required: bool) -> Result<String, Msg> {
    let s = super::text::clean(s);
    if required && s.is_empty() {
        return Err(msg("field.err.required"));
    }
    let n = s.chars().count();
    if n > NAME_MAX {
        return Err(msgf("schedule.err.long", &[("max", &NAME_MAX), ("n", &n)]));
    }
    Ok(s)
}

/// A level as written: 省/市/县/乡 (also 区, 镇, 街道, with or without 级), its label in either
/// language, or its id; empty: not given.
pub fn level(s: &str, words: &dyn Words) -> Result<Option<AgencyLevel>, Msg> {
    let s = super::text::clean(s);
    let bare = s.strip_suffix('级').unwrap_or(&s);
    let l = match bare {
        "" => return Ok(None),
        "省" | "省部" => AgencyLevel::Province,
        "市" | "地市" | "设区的市" => AgencyLevel::City,
        "县" | "区" | "县区" | "县（区）" | "县(区)" => AgencyLevel::County,
        "乡" | "镇" | "乡镇" | "街道" => AgencyLevel::Township,
        _ => AgencyLevel::ALL
            .iter()
            .copied()
            .find(|l| {
                s == l.id()
                    || Some(s.as_str()) == words.word(Lang::Zh, l.label_key())
                    || words
                        .word(Lang::En, l.label_key())
                        .is_some_and(|w| s.eq_ignore_ascii_case(w))
            })
            .ok_or_else(|| msgf("directory.err.level", &[("value", &s)]))?,
    };
    Ok(Some(l))
}

/// Whether `name` reads as an agency's full name: it ends as agencies' names end (政府, 局, 厅,
/// 委员会, 办公室, 中心, 所, 队, 站 …). The picker takes typed Chinese that does not as a search
/// (`自然` with one match is that match), and typed text that does as a new agency's name.
pub fn looks_like_agency_name(name: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "政府",
        "局",
        "厅",
        "委员会",
        "委",
        "办公室",
        "办",
        "中心",
        "所",
        "队",
        "站",
        "院",
        "处",
        "部",
        "署",
        "会",
        "公司",
        "街道",
        "镇",
        "乡",
        "馆",
        "社",
    ];
    let name = name.trim();
    name.chars().count() >= 3 && ENDINGS.iter().any(|e| name.ends_with(e))
}

/// Whether `typed` reads as another spelling of the known agency `known` (and is not it): one
/// is the other with characters left out (`蜀山区城管局`, `蜀山区城市管理局`), or they differ in
/// one character (`合肥市公安厅`, `合肥市公安局`). A new agency of such a name is asked about.
pub fn near_miss(typed: &str, known: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (typed.trim().chars().collect(), known.chars().collect());
    if a == b || a.len() < 2 || b.len() < 2 {
        return false;
    }
    let within = |short: &[char], long: &[char]| {
        let mut rest = long.iter();
        short.iter().all(|c| rest.any(|d| d == c))
    };
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    within(short, long)
        || (a.len() == b.len() && a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1)
}

#[cfg(test)]
mod tests {
    use crate::msg::test_words::Text;
    #[test]
    fn near_misses_of_a_known_name() {
        assert!(super::near_miss("蜀山区城管局", "蜀山区城市管理局"));
        assert!(super::near_miss("合肥市公安厅", "合肥市公安局"));
        assert!(super::near_miss("合肥市公安局", "合肥市公安局蜀山分局"));
        for (typed, known) in [
            ("蜀山区教育体育局", "蜀山区城市管理局"),
            ("包河区公安分局", "蜀山区公安分局"),
            ("合肥市公安局", "合肥市公安局"),
        ] {
            assert!(!super::near_miss(typed, known), "{typed} {known}");
        }
    }
    #[test]
    fn full_names_are_told_from_searches() {
        for name in [
            "合肥市公安局",
            "蜀山区人民政府",
            "安徽省自然资源厅",
            "合肥市城市管理行政执法局",
            "南岗镇",
        ] {
            assert!(super::looks_like_agency_name(name), "{name}");
        }
        for typed in ["自然", "公安", "蜀山区", "合肥", "局"] {
            assert!(!super::looks_like_agency_name(typed), "{typed}");
        }
    }

    use super::*;

    use crate::domain::sheet::grid;

    #[test]
    fn a_directory_with_short_names_and_levels() {
        crate::msg::test_words::set_lang(Lang::Zh);
        let g = grid(&[
            &["机关名称", "简称", "层级", "地区", "所属政府"],
            &[
                "合肥市自然资源和规划局",
                "市资规局、合肥资规局",
                "市",
                "合肥市",
                "合肥市人民政府",
            ],
            &["蜀山区人民政府", "", "县级", "蜀山区", ""],
        ]);
        let e = read(&g, crate::msg::test_words::catalog())
            .unwrap()
            .unwrap();
        assert_eq!(e[0].aliases, vec!["市资规局", "合肥资规局"]);
        assert_eq!(e[0].level, Some(AgencyLevel::City));
        assert_eq!(e[1].level, Some(AgencyLevel::County));
        assert!(e[1].aliases.is_empty());
    }

    #[test]
    fn wrong_cells_are_named() {
        crate::msg::test_words::set_lang(Lang::Zh);
        let g = grid(&[
            &["名称", "简称", "层级"],
            &["合肥市公安局", "市公安局", "市"],
            &["", "", ""],
            &["合肥市民政局", "市公安局", ""],
            &["合肥市公安局", "", ""],
            &["合肥市财政局", "", "部"],
        ]);
        let errs: Vec<String> = read(&g, crate::msg::test_words::catalog())
            .unwrap()
            .unwrap_err()
            .iter()
            .map(|e| e.text())
            .collect();
        assert!(
            errs[0].starts_with("第4行 第2列（简称）") && errs[0].contains("市公安局"),
            "{errs:?}"
        );
        assert!(
            errs[1].starts_with("第5行 第1列（名称）") && errs[1].contains("第2行"),
            "{errs:?}"
        );
        assert!(errs[2].starts_with("第6行 第3列（层级）"), "{errs:?}");
        assert_eq!(errs.len(), 3);
    }
}
