//! The front end against `luac5.4 -p`: every malformed program in tests/syntax/invalid must
//! give exactly the message luac5.4 gave (recorded in NAME.expected by regen.sh), and every
//! program in tests/syntax/valid must parse and survive the printer's round trip.

use std::path::{Path, PathBuf};

use moonlab::syntax;
use moonlab_testkit::lua54::{self, LUAC};

fn corpus(dir: &str) -> Vec<PathBuf> {
    let dir = moonlab_testkit::corpus::repo_dir()
        .join("tests/syntax")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "lua"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no test files in {}", dir.display());
    files
}

fn chunk_name(path: &Path) -> Vec<u8> {
    format!("@{}", path.file_name().unwrap().to_str().unwrap()).into_bytes()
}

/// Cases where moonlab's front end knowingly differs from luac5.4, with the reason. Each is
/// still run, and must fail in the documented way, so the list cannot go stale silently.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[(
    "limit_too_many_registers.lua",
    "register allocation belongs to the bytecode compiler (src/compiler); the front end accepts",
)];

#[test]
fn invalid_programs_fail_like_luac() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in corpus("invalid") {
        let file = path.file_name().unwrap().to_str().unwrap().to_string();
        let expected = std::fs::read(path.with_extension("expected")).unwrap();
        let expected = expected.strip_suffix(b"\n").unwrap_or(&expected).to_vec();
        let src = std::fs::read(&path).unwrap();
        let src = syntax::file_source(&src);
        let arena = bumpalo::Bump::new();
        let got = syntax::parse(&arena, &src, &chunk_name(&path)).map(|_| ());
        if let Some((_, why)) = KNOWN_DIFFERENCES.iter().find(|(f, _)| *f == file) {
            assert!(
                got.is_ok(),
                "{file} is listed as a known difference ({why}) but now fails: update the list"
            );
            continue;
        }
        checked += 1;
        match got {
            Ok(()) => failures.push(format!(
                "{file}: accepted, expected {}",
                String::from_utf8_lossy(&expected)
            )),
            Err(e) if e.message != expected => failures.push(format!(
                "{file}:\n   got: {}\n  want: {}",
                String::from_utf8_lossy(&e.message),
                String::from_utf8_lossy(&expected)
            )),
            Err(_) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn valid_programs_parse_and_round_trip() {
    let mut failures = Vec::new();
    for path in corpus("valid") {
        let file = path.display().to_string();
        let src = std::fs::read(&path).unwrap();
        let src = syntax::file_source(&src);
        let arena = bumpalo::Bump::new();
        if let Err(e) = syntax::parse(&arena, &src, &chunk_name(&path)) {
            failures.push(format!("{file}: {e}"));
            continue;
        }
        if let Err(e) = moonlab::syntax::printer::check_round_trip(&src) {
            failures.push(format!("{file}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The committed expectations still agree with the real luac5.4, when it is installed.
/// CI installs it and sets MOONLAB_REQUIRE_LUA=1, which turns its absence into a failure.
#[test]
fn live_luac_agrees_with_committed_expectations() {
    let dir = moonlab_testkit::corpus::repo_dir().join("tests/syntax/invalid");
    if !lua54::available(LUAC) {
        return;
    }
    let mut stale = Vec::new();
    for path in corpus("invalid") {
        let file = path.file_name().unwrap().to_str().unwrap();
        let out = std::process::Command::new(LUAC)
            .args(["-p", file])
            .current_dir(&dir)
            .output()
            .unwrap();
        let live = out
            .stderr
            .strip_prefix(b"luac5.4: ")
            .unwrap_or(&out.stderr)
            .to_vec();
        let committed = std::fs::read(path.with_extension("expected")).unwrap();
        if live != committed {
            stale.push(file.to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "regenerate with tests/syntax/regen.sh: {stale:?}"
    );
}
