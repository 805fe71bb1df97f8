//! Tab in a prompt for a file's path: the typed path completed as far as the folder's entries
//! agree (a folder gets its `/`), as a shell completes it; the entries that still match are
//! given to say when more than one does.

use std::path::Path;

/// How many entries of a folder are looked at (a folder of millions is not read whole).
const ENTRIES_MAX: usize = 10_000;

/// `typed` completed, and the names in its folder that match it (sorted; none when the folder
/// cannot be read or nothing matches). Hidden entries match only a name typed with its dot.
pub fn complete(typed: &str) -> (String, Vec<String>) {
    let (dir, prefix) = match typed.rfind('/') {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None => ("", typed),
    };
    let folder = if dir.is_empty() { "." } else { dir };
    let Ok(entries) = std::fs::read_dir(Path::new(folder)) else {
        return (typed.to_string(), Vec::new());
    };
    let mut matches: Vec<(String, bool)> = entries
        .take(ENTRIES_MAX)
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let shown =
                name.starts_with(prefix) && (prefix.starts_with('.') || !name.starts_with('.'));
            // (a folder named through a symlink is a folder too)
            let is_dir = std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir());
            shown.then_some((name, is_dir))
        })
        .collect();
    matches.sort();
    let completed = match matches.as_slice() {
        [] => return (typed.to_string(), Vec::new()),
        [(name, is_dir)] => format!("{dir}{name}{}", if *is_dir { "/" } else { "" }),
        many => {
            let first = &many[0].0;
            let common = many.iter().skip(1).fold(first.len(), |n, (m, _)| {
                first
                    .char_indices()
                    .zip(m.chars())
                    .take_while(|((_, a), b)| a == b)
                    .last()
                    .map_or(0, |((i, a), _)| i + a.len_utf8())
                    .min(n)
            });
            format!("{dir}{}", &first[..common])
        }
    };
    (completed, matches.into_iter().map(|(n, _)| n).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_completed_as_far_as_the_entries_agree() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display().to_string();
        std::fs::create_dir(dir.path().join("十二月排期")).unwrap();
        std::fs::write(dir.path().join("排期表-11月.xlsx"), "").unwrap();
        std::fs::write(dir.path().join("排期表-12月.csv"), "").unwrap();
        std::fs::write(dir.path().join(".隐藏"), "").unwrap();
        // one match: the whole name; a folder gets its /
        assert_eq!(complete(&format!("{d}/十")).0, format!("{d}/十二月排期/"));
        // several: as far as they agree, and which they are
        let (text, names) = complete(&format!("{d}/排"));
        assert_eq!(text, format!("{d}/排期表-1"));
        assert_eq!(names, vec!["排期表-11月.xlsx", "排期表-12月.csv"]);
        // hidden entries only when the dot is typed; nothing matching leaves the text
        assert_eq!(complete(&format!("{d}/.")).1, vec![".隐藏"]);
        assert_eq!(
            complete(&format!("{d}/无")),
            (format!("{d}/无"), Vec::new())
        );
        assert_eq!(complete("/nonexistent/x").0, "/nonexistent/x");
    }
}
