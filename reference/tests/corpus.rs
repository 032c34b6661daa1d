//! The Lua conformance corpus (tests/lua/<area>/NAME.lua, expected output NAME.out produced
//! by lua5.4 with tests/lua/regen.sh) run on the reference interpreter.
//!
//! Every script must reproduce lua5.4's output exactly, except those listed with a reason in
//! tests/lua/reference_known_failures.txt; a listed script that passes fails the test, so the
//! list cannot go stale.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

mod common;
use common::Sink;

fn scripts(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "lua") && p.with_extension("out").exists()
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Runs one script as `lua5.4 NAME.lua` would from its directory; returns its output, with
/// an uncaught error appended as lua.c prints it.
pub fn run_script(path: &Path) -> Vec<u8> {
    let sink = Sink::default();
    let mut lua = moonlab_reference::Lua::with_output(Box::new(sink.clone()));
    lua.set_generational();
    lua.set_step_limit(Some(2_000_000_000));
    let src = std::fs::read(path).unwrap();
    let src = moonlab::syntax::file_source(&src).into_owned();
    let name = format!("@{}", path.file_name().unwrap().to_str().unwrap());
    let dir = path.parent().unwrap().to_path_buf();
    let prev = std::env::current_dir().unwrap();
    let r = {
        let _guard = CWD_LOCK.lock().unwrap();
        std::env::set_current_dir(&dir).unwrap();
        let r = lua.exec(&src, name.as_bytes());
        if r.is_ok() {
            lua.close();
        }
        std::env::set_current_dir(prev).unwrap();
        r
    };
    let mut out = sink.0.lock().unwrap().clone();
    if let Err(e) = r {
        out.extend_from_slice(b"<uncaught error> ");
        out.extend_from_slice(&e.message);
        out.push(b'\n');
    }
    out
}

static CWD_LOCK: Mutex<()> = Mutex::new(());

#[test]
fn corpus_matches_lua54_on_the_reference() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/lua");
    let known_path = root.join("reference_known_failures.txt");
    let known: Vec<(String, String)> = std::fs::read_to_string(&known_path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, why) = l.split_once(' ').unwrap_or((l, ""));
            (name.to_string(), why.trim().to_string())
        })
        .collect();
    let all = scripts(&root);
    assert!(!all.is_empty(), "no scripts under {}", root.display());
    let mut failed = Vec::new();
    let mut unexpectedly_passing = Vec::new();
    let mut passed = 0;
    for path in &all {
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let expected = std::fs::read(path.with_extension("out")).unwrap();
        let got = run_script(path);
        let ok = got == expected;
        let listed = known.iter().any(|(n, _)| *n == rel);
        match (ok, listed) {
            (true, false) => passed += 1,
            (true, true) => unexpectedly_passing.push(rel),
            (false, true) => {}
            (false, false) => {
                let first_diff = String::from_utf8_lossy(&got)
                    .lines()
                    .zip(String::from_utf8_lossy(&expected).lines())
                    .find(|(a, b)| a != b)
                    .map(|(a, b)| format!("\n     got: {a}\n    want: {b}"))
                    .unwrap_or_else(|| "\n    (outputs differ in length)".into());
                failed.push(format!("{rel}{first_diff}"));
            }
        }
    }
    eprintln!(
        "reference corpus: {passed} passed, {} known failures, {} failed, of {}",
        known.len(),
        failed.len(),
        all.len()
    );
    assert!(
        unexpectedly_passing.is_empty(),
        "now passing, remove from {}: {unexpectedly_passing:?}",
        known_path.display()
    );
    assert!(
        failed.is_empty(),
        "{} scripts differ from lua5.4:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

/// The committed outputs still agree with the real lua5.4, when it is installed. CI installs
/// it and sets MOONLAB_REQUIRE_LUA=1, which turns its absence into a failure.
#[test]
fn live_lua54_agrees_with_committed_outputs() {
    if std::process::Command::new("lua5.4")
        .arg("-v")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("MOONLAB_REQUIRE_LUA").is_none(),
            "lua5.4 is required (MOONLAB_REQUIRE_LUA is set) but not installed"
        );
        eprintln!("lua5.4 not installed: live comparison not run");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/lua");
    let mut stale = Vec::new();
    for path in scripts(&root) {
        let out = std::process::Command::new("lua5.4")
            .arg(path.file_name().unwrap())
            .current_dir(path.parent().unwrap())
            .output()
            .unwrap();
        if out.stdout != std::fs::read(path.with_extension("out")).unwrap() {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "regenerate with tests/lua/regen.sh: {stale:?}"
    );
}
