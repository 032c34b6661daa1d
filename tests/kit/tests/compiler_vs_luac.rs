//! Every Lua file of the test corpus compiles to the listing `luac5.4 -l -l -p` prints,
//! addresses aside. Files that cannot match are listed, with the reason, in
//! `tests/compiler_known_differences.txt`; a listed file that starts matching fails the test,
//! so the list cannot go stale.

use std::path::Path;

use moonlab_testkit::corpus::lua_files;
use moonlab_testkit::luac;

/// `path # reason` lines; blank lines and lines starting with `#` are comments.
fn known_differences(root: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(root.join("tests/compiler_known_differences.txt")).unwrap();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (path, reason) = l.split_once('#').expect("each entry needs '# reason'");
            assert!(!reason.trim().is_empty(), "no reason given for {path}");
            path.trim().to_string()
        })
        .collect()
}

#[test]
fn corpus_listings_match_luac() {
    if !luac::available() {
        return;
    }
    let root = moonlab_testkit::corpus::repo_dir();
    let mut files = lua_files(&root.join("tests/lua"));
    files.extend(lua_files(&root.join("tests/syntax/valid")));
    assert!(files.len() > 100, "the corpus is missing");
    let known = known_differences(root);
    let mut failures = Vec::new();
    let mut matched = 0;
    for path in &files {
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let theirs = luac::listing(root, &rel);
        let src = std::fs::read(path).unwrap();
        let ours = luac::our_listing(&src, format!("@{rel}").as_bytes());
        let diff = luac::first_difference(&ours, &theirs);
        match (diff, known.contains(&rel)) {
            (None, false) => matched += 1,
            (None, true) => failures.push(format!(
                "{rel} now matches luac: remove it from tests/compiler_known_differences.txt"
            )),
            (Some(d), false) => failures.push(format!("{rel}: {d}")),
            (Some(_), true) => {}
        }
    }
    for k in &known {
        assert!(root.join(k).exists(), "known difference {k} does not exist");
    }
    eprintln!(
        "compiler_vs_luac: {matched} of {} listings identical",
        files.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
