//! Hostile generated programs (`moonlab_testkit::fuzzgen::generate_hostile`: library
//! functions as metamethods, callees and message handlers; to-be-closed variables whose
//! handlers error and yield, in coroutines, loops and pcalls; huge repetition counts and
//! integer edges) through the differential harness, as the `differential` fuzz target runs
//! them half the time. Issue 15's crashes were all programs of these kinds.

use moonlab_testkit::differential::{
    compare_with_lua54_program, run_reference, run_vm, RunOptions,
};
use moonlab_testkit::fuzzgen;
use moonlab_testkit::lua54::{self, LUA};

fn count(default: u64) -> u64 {
    std::env::var("MOONLAB_HOSTILE_COUNT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Every program ends on both engines (normally, with a Lua error, or at the work or
/// memory limit) without a panic or an abort, and each is valid Lua that survives the
/// printer's round trip.
#[test]
fn hostile_programs_run_cleanly_on_both_engines() {
    let opts = RunOptions::default();
    let mut conclusive = 0;
    for seed in 0..count(150) {
        let src = fuzzgen::generate_hostile(&fuzzgen::seed_bytes(seed));
        assert_eq!(
            moonlab::syntax::printer::check_round_trip(src.as_bytes()),
            Ok(true),
            "seed {seed}:\n{src}"
        );
        let r = run_reference(src.as_bytes(), opts);
        let v = run_vm(src.as_bytes(), opts);
        conclusive += usize::from(r.is_some() && v.is_some());
    }
    eprintln!("hostile: {conclusive} programs conclusive on both engines");
}

/// The three-way comparison of the same programs (the findings it showed, O1-O7 of
/// papers/differential.md, are fixed).
#[test]
fn hostile_programs_agree_three_ways() {
    let dir = std::env::temp_dir().join(format!("moonlab-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let lua_dir = lua54::available(LUA).then_some(dir.as_path());
    let mut mismatches = Vec::new();
    for seed in 0..count(150) {
        let src = fuzzgen::generate_hostile(&fuzzgen::seed_bytes(seed));
        if let Err(diff) = compare_with_lua54_program(&src, RunOptions::default(), lua_dir) {
            mismatches.push(format!("seed {seed}:\n{diff}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n\n")
    );
}
