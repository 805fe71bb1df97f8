//! The store reads every result column by its name: a column read by its position
//! (`r.get(3)`, `r.kind(2)`, `r.get::<_, String>(0)`, `get_ref(0)`, …) breaks silently when a
//! query's columns change. This test keeps it so.

/// The reads by position in `text`: (line, the line), for each method of `METHODS` called with
/// a digit as its first argument (after an optional turbofish).
fn positional_reads(text: &str) -> Vec<(usize, String)> {
    const METHODS: &[&str] = &[".get", ".kind", ".kind_opt", ".date", "get_ref"];
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for m in METHODS {
            for (at, _) in line.match_indices(m) {
                let mut rest = &line[at + m.len()..];
                // `.get` is not `.get_ref` nor `.get_mut`; `.kind` is not `.kind_opt`
                if rest.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                if let Some(after) = rest.strip_prefix("::<") {
                    // skip the turbofish, nested angle brackets included
                    let mut depth = 1;
                    let mut end = None;
                    for (i, c) in after.char_indices() {
                        match c {
                            '<' => depth += 1,
                            '>' => {
                                depth -= 1;
                                if depth == 0 {
                                    end = Some(i + 1);
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                    let Some(end) = end else { continue };
                    rest = &after[end..];
                }
                let Some(arg) = rest.strip_prefix('(') else {
                    continue;
                };
                if arg.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
                    found.push((n + 1, line.trim().to_string()));
                }
            }
        }
    }
    found
}

#[test]
fn the_finder_finds_reads_by_position_and_only_them() {
    for positional in [
        "r.get(0)?",
        "let x: i64 = row.get( 3)?;",
        "r.get::<_, String>(8)?",
        "r.get::<_, Option<Vec<u8>>>(1)?",
        "r.kind(2)?",
        "r.kind::<AppearCategory, _>(7)?",
        "r.kind_opt(5)?",
        "r.date(1)?",
        "m.get_ref(0)?.as_str()",
    ] {
        assert_eq!(positional_reads(positional).len(), 1, "{positional}");
    }
    for by_name in [
        "r.get(\"n\")?",
        "r.get::<_, String>(\"case_number\")?",
        "r.kind(c.category)?",
        "r.get_ref(i)?",
        "marks.get_mut(item)",
        "s.get(..4)",
        "r.kind_opt(\"status\")?",
    ] {
        assert!(positional_reads(by_name).is_empty(), "{by_name}");
    }
}

#[test]
fn no_column_of_the_store_is_read_by_its_position() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let this = std::path::Path::new(file!())
        .file_name()
        .expect("this file's name")
        .to_owned();
    let mut files = Vec::new();
    let mut dirs = vec![dir];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.file_name() != Some(this.as_os_str())
            {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 10, "the store's sources are found: {files:?}");
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (line, code) in positional_reads(&text) {
            found.push(format!("{}:{line}: {code}", f.display()));
        }
    }
    assert!(
        found.is_empty(),
        "columns read by position (read them by name: alias the expression, r.get(\"name\")):\n{}",
        found.join("\n")
    );
}
