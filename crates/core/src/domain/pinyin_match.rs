//! Pinyin search for pickers: does a query typed on an English keyboard (or half in Chinese) name
//! an agency? A query matches a name when its letters and characters can be read, in order, off
//! characters of the name: each Chinese character of the query is that character, and each
//! character of the name it uses gives the start of one of its readings — a whole syllable
//! (`hefei`), its first letter (`hf`), or any start of it (`hef`). Characters of the name may be
//! passed over (`hefei ziran` and `合肥zr` pass over the 市 of 合肥市自然资源和规划局). Spaces do not
//! count, letters match in either case, and full-width letters and digits count as half-width.
//!
//! Readings come from the `pinyin` crate with every reading of a 多音字 (its heteronym table): 长 is
//! both `chang` and `zhang`, 行 both `xing` and `hang`, so `changfeng` finds 长丰县 and `yinhang`
//! finds a 银行 whichever reading the crate lists first. The price is that a wrong reading also
//! matches (`zhangfeng` finds 长丰县); for a search that only suggests, that is the safer error.

use super::text::half_width_char as half_width;
use pinyin::ToPinyinMulti;

/// How well a query matched a name: the fewer passed-over runs the better, then the earlier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quality {
    /// runs of the name's characters passed over between matched ones (0: one unbroken stretch)
    pub gaps: u32,
    /// where the first matched character stands in the name (0: at its start)
    pub start: u32,
}

/// One character of a name as the matcher sees it.
struct Unit {
    ch: char,
    /// lower-case readings (ü written v); for a character without pinyin, the character itself
    readings: Vec<String>,
}

fn units(name: &str) -> Vec<Unit> {
    name.chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace())
        .map(|ch| {
            let mut readings: Vec<String> = Vec::new();
            if let Some(multi) = ch.to_pinyin_multi() {
                for p in multi {
                    let plain = p.plain().replace('ü', "v");
                    if !readings.contains(&plain) {
                        readings.push(plain);
                    }
                }
            }
            if readings.is_empty() {
                readings.push(ch.to_lowercase().collect());
            }
            Unit { ch, readings }
        })
        .collect()
}

/// A name's key for sorting as people look names up (拼音顺序): each character by its most usual
/// reading (`包河区` → `bao he qu`), a character without pinyin as itself, lower case. Sorting by
/// it, then by the name, puts 包河区 before 井岗镇 before 南岗镇 (code points put 井 first). A
/// 多音字 sorts by the crate's first reading (长 as zhang), as a dictionary's index would not always.
pub fn collation_key(name: &str) -> String {
    use pinyin::ToPinyin;
    let mut key = String::with_capacity(name.len() * 2);
    for ch in name.chars().map(half_width) {
        if !key.is_empty() {
            key.push(' ');
        }
        match ch.to_pinyin() {
            Some(p) => key.push_str(&p.plain().replace('ü', "v")),
            None => key.extend(ch.to_lowercase()),
        }
    }
    key
}

/// The query as matched: no spaces, lower case, half-width.
fn query_chars(query: &str) -> Vec<char> {
    query
        .chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `query` names `name` (see the module's description), and how well; None when it does
/// not, or when the query is empty.
pub fn matches(query: &str, name: &str) -> Option<Quality> {
    let q = query_chars(query);
    if q.is_empty() {
        return None;
    }
    let u = units(name);
    let (n, m) = (q.len(), u.len());
    // the fewest gaps reading q[i..] when its first unit is exactly j (over how much of q unit j
    // takes), filled from the end
    let mut exact: Vec<Vec<Option<u32>>> = vec![vec![None; m + 1]; n + 1];
    // the fewest gaps reading q[i..] from unit j on, right after a used unit: passing over units
    // before the next one used is one gap
    let mut after: Vec<Vec<Option<u32>>> = vec![vec![None; m + 1]; n + 1];
    for j in 0..=m {
        exact[n][j] = Some(0);
        after[n][j] = Some(0);
    }
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let mut best: Option<u32> = None;
            for take in takes(&q[i..], &u[j]) {
                if let Some(rest) = after[i + take][j + 1] {
                    best = Some(best.map_or(rest, |b: u32| b.min(rest)));
                }
            }
            exact[i][j] = best;
        }
        // use unit j now (no gap), or pass it over: the rest starts later, one gap for the run
        let mut later: Option<u32> = None;
        for j in (0..m).rev() {
            let here = exact[i][j];
            after[i][j] = match (here, later.map(|c| c + 1)) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            later = match (later, here) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
    }
    (0..m)
        .filter_map(|j| {
            exact[0][j].map(|gaps| Quality {
                gaps,
                start: j as u32,
            })
        })
        .min()
}

/// How many query characters one unit can take: its own character, or a non-empty start of one
/// of its readings (a whole syllable, its initial, anything between).
fn takes(q: &[char], unit: &Unit) -> Vec<usize> {
    let mut out = Vec::new();
    if q[0] == unit.ch || unit.ch.to_lowercase().eq(std::iter::once(q[0])) {
        out.push(1);
    }
    if !q[0].is_ascii_alphabetic() {
        return out;
    }
    for r in &unit.readings {
        let mut k = 0;
        for (a, b) in r.chars().zip(q.iter()) {
            if a != *b {
                break;
            }
            k += 1;
        }
        for t in 1..=k {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Agencies of 合肥 and its districts and counties, as a court's defendants list holds them.
    const NAMES: &[&str] = &[
        "合肥市自然资源和规划局",
        "合肥市生态环境局",
        "蜀山区人民政府",
        "合肥市公安局",
        "合肥市市场监督管理局",
        "合肥市住房保障和房产管理局",
        "合肥市人力资源和社会保障局",
        "合肥市城乡建设局",
        "合肥市城市管理局",
        "合肥市交通运输局",
        "合肥市教育局",
        "合肥市卫生健康委员会",
        "合肥市财政局",
        "合肥市民政局",
        "合肥市司法局",
        "合肥市农业农村局",
        "合肥市水务局",
        "合肥市应急管理局",
        "合肥市医疗保障局",
        "合肥市数据资源局",
        "合肥市人民政府",
        "合肥市公安局交通警察支队",
        "合肥市公共资源交易监督管理局",
        "国家税务总局合肥市税务局",
        "包河区人民政府",
        "瑶海区人民政府",
        "庐阳区人民政府",
        "长丰县人民政府",
        "肥西县自然资源和规划局",
        "蜀山区市场监督管理局",
        "蜀山区城市管理局",
        "蜀山区笔架山街道办事处",
        "包河区住房和城乡建设局",
        "中国人民银行合肥中心支行",
        "合肥市市长热线办公室",
    ];

    fn found(q: &str) -> Vec<&'static str> {
        let mut hits: Vec<(Quality, &str)> = NAMES
            .iter()
            .filter_map(|n| matches(q, n).map(|m| (m, *n)))
            .collect();
        hits.sort();
        hits.into_iter().map(|(_, n)| n).collect()
    }

    #[test]
    fn a_table_of_queries_over_real_agencies() {
        assert!(NAMES.len() >= 30);
        // (query, must be found, must not be found)
        let cases: &[(&str, &[&str], &[&str])] = &[
            // full pinyin, with or without spaces, any case
            (
                "hefei ziran",
                &["合肥市自然资源和规划局"],
                &["合肥市生态环境局", "肥西县自然资源和规划局"],
            ),
            ("hefeiziran", &["合肥市自然资源和规划局"], &["合肥市公安局"]),
            ("HeFei ZiRan", &["合肥市自然资源和规划局"], &[]),
            // initials
            ("hfszr", &["合肥市自然资源和规划局"], &["合肥市生态环境局"]),
            (
                "hfsgaj",
                &["合肥市公安局", "合肥市公安局交通警察支队"],
                &["合肥市教育局"],
            ),
            ("sthj", &["合肥市生态环境局"], &["合肥市自然资源和规划局"]),
            (
                "scjg",
                &["合肥市市场监督管理局", "蜀山区市场监督管理局"],
                &["合肥市城市管理局"],
            ),
            // mixed Chinese and pinyin
            (
                "合肥zr",
                &["合肥市自然资源和规划局"],
                &["肥西县自然资源和规划局", "合肥市公安局"],
            ),
            (
                "蜀山scj",
                &["蜀山区市场监督管理局"],
                &["合肥市市场监督管理局"],
            ),
            // full-width letters are letters
            ("ｇａｊ", &["合肥市公安局"], &[]),
            // Chinese alone: as it is written
            (
                "公安",
                &["合肥市公安局", "合肥市公安局交通警察支队"],
                &["合肥市公共资源交易监督管理局"],
            ),
            (
                "shushan",
                &["蜀山区人民政府", "蜀山区市场监督管理局", "蜀山区城市管理局"],
                &["包河区人民政府"],
            ),
            (
                "fangchan",
                &["合肥市住房保障和房产管理局"],
                &["包河区住房和城乡建设局"],
            ),
            (
                "zhufang",
                &["合肥市住房保障和房产管理局", "包河区住房和城乡建设局"],
                &["合肥市人力资源和社会保障局"],
            ),
            // 多音字: 长 (chang / zhang), 行 (xing / hang)
            ("changfeng", &["长丰县人民政府"], &["合肥市城乡建设局"]),
            ("cfx", &["长丰县人民政府"], &[]),
            ("shizhang", &["合肥市市长热线办公室"], &["合肥市数据资源局"]),
            (
                "yinhang",
                &["中国人民银行合肥中心支行"],
                &["合肥市人民政府"],
            ),
            ("zhihang", &["中国人民银行合肥中心支行"], &[]),
            // what matches nothing
            (
                "gongan",
                &["合肥市公安局"],
                &["合肥市公共资源交易监督管理局", "合肥市交通运输局"],
            ),
            ("xyz", &[], NAMES),
            ("hefeiq", &[], &["合肥市自然资源和规划局", "合肥市公安局"]),
            ("南京", &[], NAMES),
            ("zrzyx", &[], NAMES),
        ];
        for (q, yes, no) in cases {
            let hits = found(q);
            for n in *yes {
                assert!(hits.contains(n), "{q} should find {n}; found {hits:?}");
            }
            for n in *no {
                assert!(!hits.contains(n), "{q} should not find {n}; found {hits:?}");
            }
        }
    }

    #[test]
    fn an_unbroken_match_ranks_before_one_with_gaps() {
        let straight = matches("gaj", "合肥市公安局").unwrap();
        assert_eq!(straight, Quality { gaps: 0, start: 3 });
        let gapped = matches("hfgaj", "合肥市公安局").unwrap();
        assert_eq!(gapped.gaps, 1);
        assert!(straight < gapped);
        assert_eq!(
            matches("hfs", "合肥市公安局"),
            Some(Quality { gaps: 0, start: 0 })
        );
        assert_eq!(matches("", "合肥市公安局"), None);
        assert_eq!(matches("   ", "合肥市公安局"), None);
    }

    #[test]
    fn the_crate_lists_every_reading_of_a_polyphone() {
        let readings = |c: char| units(&c.to_string()).remove(0).readings;
        assert!(readings('长').contains(&"chang".to_string()));
        assert!(readings('长').contains(&"zhang".to_string()));
        assert!(readings('行').contains(&"xing".to_string()));
        assert!(readings('行').contains(&"hang".to_string()));
        assert_eq!(readings('绿').first().map(String::as_str), Some("lv"));
    }

    #[test]
    fn names_sort_by_pinyin() {
        let mut names = vec!["南岗镇", "井岗镇", "包河区", "肥西县", "ABC局"];
        names.sort_by_key(|n| (collation_key(n), n.to_string()));
        assert_eq!(names, vec!["ABC局", "包河区", "肥西县", "井岗镇", "南岗镇"]);
    }
}
