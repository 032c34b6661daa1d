//! The Lua conformance corpus (tests/lua/<area>/NAME.lua, expected output NAME.out produced
//! by lua5.4 with tests/lua/regen.sh) run on both engines: the reference interpreter and the
//! VM.
//!
//! Every script must reproduce lua5.4's output exactly, except those listed with a reason in
//! tests/lua/{reference,vm}_known_failures.txt; a listed script that passes fails the test, so
//! the lists cannot go stale. A third test runs every script on both engines and compares
//! their outputs with each other.

use std::path::Path;
use std::sync::Mutex;

use moonlab_testkit::corpus::{self, known_failures, lua_dir, scripts, with_uncaught_error};
use moonlab_testkit::lua54::{self, LUA};
use moonlab_testkit::Sink;

/// Runs one script as `lua5.4 NAME.lua` would from its directory; returns its output, with
/// an uncaught error appended as lua.c prints it. `run(sink, src, chunkname)` makes a state
/// writing to `sink`, runs the chunk, and closes the state if it succeeded.
fn run_script(path: &Path, run: impl FnOnce(Sink, &[u8], &[u8]) -> Result<(), Vec<u8>>) -> Vec<u8> {
    let sink = Sink::default();
    let src = std::fs::read(path).unwrap();
    let src = moonlab::syntax::file_source(&src).into_owned();
    let name = corpus::chunkname(path);
    let dir = path.parent().unwrap().to_path_buf();
    let prev = std::env::current_dir().unwrap();
    let r = {
        let _guard = CWD_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        std::env::set_current_dir(&dir).unwrap();
        let r = run(sink.clone(), &src, &name);
        std::env::set_current_dir(prev).unwrap();
        r
    };
    with_uncaught_error(sink.bytes(), r)
}

pub fn run_reference(path: &Path) -> Vec<u8> {
    run_script(path, |sink, src, name| {
        let mut lua = moonlab_reference::Lua::with_output(Box::new(sink));
        lua.set_generational();
        lua.set_step_limit(Some(2_000_000_000));
        lua.exec(src, name)
            .and_then(|()| lua.close())
            .map_err(|e| e.message)
    })
}

pub fn run_vm(path: &Path) -> Vec<u8> {
    run_script(path, |sink, src, name| {
        let mut lua = moonlab::api::Lua::with_output(Box::new(sink));
        lua.set_generational();
        lua.set_instruction_limit(Some(2_000_000_000));
        lua.exec(src, name)
            .and_then(|()| lua.close())
            .map_err(|e| e.message)
    })
}

/// The VM with `--gc-stress` (collector work after every allocation), in generational
/// mode as lua.c starts, or incremental.
fn run_vm_stressed(path: &Path, generational: bool) -> Vec<u8> {
    run_script(path, |sink, src, name| {
        let mut lua = moonlab::api::Lua::with_output(Box::new(sink));
        if generational {
            lua.set_generational();
        }
        lua.set_gc_stress(true);
        lua.set_instruction_limit(Some(2_000_000_000));
        lua.exec(src, name)
            .and_then(|()| lua.close())
            .map_err(|e| e.message)
    })
}

fn run_vm_incremental(path: &Path) -> Vec<u8> {
    run_script(path, |sink, src, name| {
        let mut lua = moonlab::api::Lua::with_output(Box::new(sink));
        lua.set_instruction_limit(Some(2_000_000_000));
        lua.exec(src, name)
            .and_then(|()| lua.close())
            .map_err(|e| e.message)
    })
}

static CWD_LOCK: Mutex<()> = Mutex::new(());

/// A minor collection after every allocation (and a major one every eighth) finds any
/// missing root or write barrier as a wrong output or a crash: the whole corpus must still
/// match lua5.4. The GC scripts stop the collector where their output depends on when it
/// runs, so they too print what lua5.4 prints.
#[test]
fn corpus_matches_lua54_on_the_vm_under_gc_stress() {
    check_corpus("vm", |p| run_vm_stressed(p, true));
}

/// Incremental steps after every allocation exercise the barriers of the incremental
/// collector. Its reference is the VM's own incremental run without stress, since a state
/// starting in incremental mode answers the first mode switch differently from lua.c.
#[test]
fn incremental_gc_stress_changes_no_output() {
    let root = lua_dir();
    let mut differ = Vec::new();
    for path in &scripts(&root) {
        if run_vm_stressed(path, false) != run_vm_incremental(path) {
            differ.push(path.strip_prefix(&root).unwrap().display().to_string());
        }
    }
    assert!(differ.is_empty(), "stress changed the output of {differ:?}");
}

#[test]
fn corpus_matches_lua54_on_the_reference() {
    check_corpus("reference", run_reference);
}

#[test]
fn corpus_matches_lua54_on_the_vm() {
    check_corpus("vm", run_vm);
}

/// Both engines give the same output (errors included) on every script of the corpus.
#[test]
fn engines_agree_on_the_corpus() {
    let root = lua_dir();
    let mut differ = Vec::new();
    let all = scripts(&root);
    for path in &all {
        let a = run_reference(path);
        let b = run_vm(path);
        if a != b {
            differ.push(path.strip_prefix(&root).unwrap().display().to_string());
        }
    }
    // A script either engine is known to get wrong may differ between them.
    let mut known = known_failures("vm");
    known.extend(known_failures("reference"));
    let unexplained: Vec<_> = differ
        .iter()
        .filter(|d| !known.iter().any(|(n, _)| n == *d))
        .collect();
    eprintln!(
        "engines agree on {} of {} scripts",
        all.len() - differ.len(),
        all.len()
    );
    assert!(
        unexplained.is_empty(),
        "the engines disagree on: {unexplained:?}"
    );
}

fn check_corpus(engine: &str, run_script: fn(&Path) -> Vec<u8>) {
    let root = lua_dir();
    let known_path = corpus::known_failures_file(engine);
    let known = known_failures(engine);
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
                let first_diff = corpus::first_difference(&got, &expected);
                failed.push(format!("{rel}{first_diff}"));
            }
        }
    }
    eprintln!(
        "{engine} corpus: {passed} passed, {} known failures, {} failed, of {}",
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
    if !lua54::available(LUA) {
        return;
    }
    let root = lua_dir();
    let mut stale = Vec::new();
    for path in scripts(&root) {
        let out = std::process::Command::new(LUA)
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
