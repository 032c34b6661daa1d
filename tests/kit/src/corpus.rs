//! Where the test corpora live and what they hold: `tests/lua/AREA/NAME.lua` with lua5.4's
//! output in `NAME.out` (the conformance corpus), `tests/binary/` (binary-chunk scripts),
//! `tests/syntax/` (front-end cases), and the lists of scripts an engine is known to fail.

use std::path::{Path, PathBuf};

/// The repository's `tests/` directory (this crate is `tests/kit`).
pub fn tests_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the kit lives in tests/")
}

/// The repository's root.
pub fn repo_dir() -> &'static Path {
    tests_dir().parent().expect("tests/ is in the repository")
}

/// `tests/lua`: the conformance corpus.
pub fn lua_dir() -> PathBuf {
    tests_dir().join("lua")
}

/// Every `.lua` file under `dir`, subdirectories included, sorted.
pub fn lua_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        let entries = std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "lua") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The scripts under `dir` that have an expected output: `NAME.lua` with `NAME.out` beside
/// it, sorted.
pub fn scripts(dir: &Path) -> Vec<PathBuf> {
    let mut out = lua_files(dir);
    out.retain(|p| p.with_extension("out").exists());
    out
}

/// The chunk name lua5.4 gives a script run as `lua5.4 NAME.lua`: `@NAME.lua`.
pub fn chunkname(path: &Path) -> Vec<u8> {
    format!("@{}", path.file_name().unwrap().to_str().unwrap()).into_bytes()
}

/// The scripts of `tests/lua` that `engine` ("reference" or "vm") is allowed to fail, from
/// `tests/lua/ENGINE_known_failures.txt`: (path under tests/lua, reason). Blank lines and
/// lines starting with `#` are comments; a missing file lists nothing.
pub fn known_failures(engine: &str) -> Vec<(String, String)> {
    std::fs::read_to_string(known_failures_file(engine))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, why) = l.split_once(' ').unwrap_or((l, ""));
            (name.to_string(), why.trim().to_string())
        })
        .collect()
}

/// Where [`known_failures`] reads `engine`'s list.
pub fn known_failures_file(engine: &str) -> PathBuf {
    lua_dir().join(format!("{engine}_known_failures.txt"))
}

/// A run's output as the corpus tests compare it with a `.out` file: what was printed,
/// then, for an uncaught error, `<uncaught error> MESSAGE` on a line of its own (lua5.4
/// prints that to stderr, so it never matches: every corpus script finishes normally).
pub fn with_uncaught_error(mut printed: Vec<u8>, r: Result<(), Vec<u8>>) -> Vec<u8> {
    if let Err(message) = r {
        printed.extend_from_slice(b"<uncaught error> ");
        printed.extend_from_slice(&message);
        printed.push(b'\n');
    }
    printed
}

/// The first line where a run's output differs from the expected one, for a report.
pub fn first_difference(got: &[u8], want: &[u8]) -> String {
    let (got, want) = (String::from_utf8_lossy(got), String::from_utf8_lossy(want));
    got.lines()
        .zip(want.lines())
        .find(|(a, b)| a != b)
        .map(|(a, b)| format!("\n     got: {a}\n    want: {b}"))
        .unwrap_or_else(|| "\n    (outputs differ in length)".into())
}
