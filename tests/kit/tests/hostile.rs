//! Hostile generated programs (`moonlab_testkit::fuzzgen::generate_hostile`: library
//! functions as metamethods, callees and message handlers; to-be-closed variables whose
//! handlers error and yield, in coroutines, loops and pcalls; huge repetition counts and
//! integer edges) through the differential harness, as the `differential` fuzz target runs
//! them half the time. Issue 15's crashes were all programs of these kinds.

use moonlab_testkit::differential::{
    first_difference, normalise, run_lua54, run_reference, run_vm, RunOptions,
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

/// The three-way comparison of the same programs. Ignored while the findings listed as
/// open in papers/differential.md (reference and VM differences from lua5.4 on these
/// programs) stand: `cargo test -p moonlab-testkit --test hostile -- --ignored` shows them.
#[test]
#[ignore = "open finding O2 (VM) of papers/differential.md"]
fn hostile_programs_agree_three_ways() {
    let have_lua = lua54::available(LUA);
    let dir = std::env::temp_dir().join(format!("moonlab-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let opts = RunOptions::default();
    let mut mismatches = Vec::new();
    for seed in 0..count(150) {
        let src = fuzzgen::generate_hostile(&fuzzgen::seed_bytes(seed));
        let (Some(reference), Some(vm)) = (
            run_reference(src.as_bytes(), opts),
            run_vm(src.as_bytes(), opts),
        ) else {
            continue;
        };
        let (reference, vm) = (normalise(&reference), normalise(&vm));
        if reference != vm {
            let diff = first_difference("reference", &reference, "vm", &vm);
            mismatches.push(format!("seed {seed}:\n{diff}"));
        }
        if have_lua {
            if let Some(theirs) = run_lua54(&dir, &src) {
                let theirs = normalise(&theirs);
                if theirs != vm {
                    let diff = first_difference("lua5.4", &theirs, "vm", &vm);
                    mismatches.push(format!("seed {seed}: vm differs from lua5.4\n{diff}"));
                }
            }
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
