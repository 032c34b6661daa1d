//! Differential testing with generated programs (`moonlab_testkit::fuzzgen`), through the
//! harness the fuzz targets use (`moonlab_testkit::differential`): the reference against
//! lua5.4, both engines against each other (and a sample against lua5.4: a three-way check),
//! and GC programs on all three. Without lua5.4 installed, the comparisons with it are
//! skipped (CI installs it and sets MOONLAB_REQUIRE_LUA=1, which makes its absence a
//! failure).

use moonlab_testkit::differential::{
    compare_engines, compare_with_lua54_program, first_difference, normalise, run_both, run_lua54,
    run_reference, run_vm, Agreement, RunOptions,
};
use moonlab_testkit::fuzzgen;
use moonlab_testkit::lua54::{self, LUA};

fn count(var: &str, default: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn workdir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("moonlab-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn generated_programs_agree_with_lua54() {
    let have_lua = lua54::available(LUA);
    let dir = workdir("diff");
    let mut compared = 0;
    let mut mismatches = Vec::new();
    for seed in 0..count("MOONLAB_DIFF_COUNT", 600) {
        let src = fuzzgen::generate(&fuzzgen::seed_bytes(seed));
        // Every generated program is valid Lua, and survives the printer's round trip.
        assert_eq!(
            moonlab::syntax::printer::check_round_trip(src.as_bytes()),
            Ok(true),
            "seed {seed}:\n{src}"
        );
        let Some(ours) = run_reference(src.as_bytes(), RunOptions::default()) else {
            continue;
        };
        if !have_lua {
            continue;
        }
        let Some(theirs) = run_lua54(&dir, &src) else {
            continue;
        };
        compared += 1;
        let (ours, theirs) = (normalise(&ours), normalise(&theirs));
        if ours != theirs && mismatches.len() < 5 {
            let diff = first_difference("reference", &ours, "lua5.4", &theirs);
            mismatches.push(format!("seed {seed}:\n{diff}\n--- program\n{src}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("differential: {compared} programs compared with lua5.4");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}

/// Generated programs give the same output on the VM as on the reference (and, where
/// lua5.4 is installed, a sample of them also as on lua5.4: a three-way check).
#[test]
fn generated_programs_agree_on_both_engines() {
    let have_lua = lua54::available(LUA);
    let dir = workdir("diff3");
    let (mut compared, mut three_way) = (0, 0);
    let mut mismatches = Vec::new();
    for seed in 0..count("MOONLAB_DIFF_COUNT", 600) {
        let src = fuzzgen::generate(&fuzzgen::seed_bytes(seed));
        let lua_dir = (have_lua && seed % 10 == 0).then_some(dir.as_path());
        match compare_with_lua54_program(&src, RunOptions::default(), lua_dir) {
            Ok(Agreement::Inconclusive) => {}
            Ok(Agreement::Engines) => compared += 1,
            Ok(Agreement::WithLua54) => (compared, three_way) = (compared + 1, three_way + 1),
            Err(diff) if mismatches.len() < 5 => {
                mismatches.push(format!("seed {seed}:\n{diff}\n--- program\n{src}"))
            }
            Err(_) => {}
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("differential: {compared} programs on both engines, {three_way} also on lua5.4");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}

/// Generated GC programs (weak tables, ephemerons, finalizers, resurrection, full
/// collections, mode switches) leave the same entries and run the same finalizers in the
/// same order on both engines and, where installed, on lua5.4 (each state is closed at the
/// end, so the finalizers lua.c runs at exit print too).
#[test]
fn generated_gc_programs_agree() {
    let have_lua = lua54::available(LUA);
    let dir = workdir("gcdiff");
    let (mut compared, mut three_way) = (0, 0);
    let mut mismatches = Vec::new();
    let opts = RunOptions {
        generational: true,
        close: true,
        ..RunOptions::default()
    };
    for seed in 0..count("MOONLAB_GC_DIFF_COUNT", 300) {
        let src = fuzzgen::generate_gc(&fuzzgen::seed_bytes(seed));
        let (Some(reference), Some(vm)) = (
            run_reference(src.as_bytes(), opts),
            run_vm(src.as_bytes(), opts),
        ) else {
            continue;
        };
        compared += 1;
        if reference != vm && mismatches.len() < 5 {
            let diff = first_difference("reference", &reference, "vm", &vm);
            mismatches.push(format!("seed {seed}:\n{diff}\n--- program\n{src}"));
        }
        if have_lua {
            if let Some(theirs) = run_lua54(&dir, &src) {
                three_way += 1;
                if theirs != vm && mismatches.len() < 5 {
                    let diff = first_difference("lua5.4", &theirs, "vm", &vm);
                    mismatches.push(format!(
                        "seed {seed}: vm differs from lua5.4\n{diff}\n--- program\n{src}"
                    ));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("gc differential: {compared} programs on both engines, {three_way} also on lua5.4");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}

/// The VM under `--gc-stress` (collector work after every allocation), incremental and
/// generational, gives the reference's output on generated programs (whose output does not
/// depend on when the collector runs): the seeded side of the `gc_stress` fuzz target.
#[test]
fn generated_programs_agree_under_gc_stress() {
    let opts = RunOptions {
        quick: true,
        ..RunOptions::default()
    };
    let mut mismatches = Vec::new();
    for seed in 0..count("MOONLAB_STRESS_COUNT", 60) {
        let src = fuzzgen::generate(&fuzzgen::seed_bytes(seed));
        let Some(reference) = run_reference(src.as_bytes(), opts) else {
            continue;
        };
        for generational in [false, true] {
            let stressed = RunOptions {
                generational,
                stress: true,
                ..opts
            };
            if let Some(vm) = run_vm(src.as_bytes(), stressed) {
                let (reference, vm) = (normalise(&reference), normalise(&vm));
                if reference != vm && mismatches.len() < 5 {
                    let diff = first_difference("reference", &reference, "vm", &vm);
                    mismatches.push(format!(
                        "seed {seed} (generational: {generational}):\n{diff}\n--- program\n{src}"
                    ));
                }
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}

/// `run_both` (what `compare_engines` and the fuzz targets' `compare_three` use) runs the
/// reference only on what the VM finished: a program past the VM's budget is inconclusive
/// without a reference run, one both finish gives both outcomes.
#[test]
fn run_both_skips_the_reference_when_the_vm_runs_out() {
    let opts = RunOptions {
        quick: true,
        ..RunOptions::default()
    };
    let endless = b"print('start') while true do end";
    assert_eq!(run_vm(endless, opts), None);
    assert_eq!(run_both(endless, opts), None);
    assert_eq!(compare_engines(endless, opts), Ok(false));
    let both = run_both(b"print(1 + 1, ('x'):rep(3))", opts).expect("both finish");
    assert_eq!(both, ("2\txxx\n".to_string(), "2\txxx\n".to_string()));
    assert_eq!(compare_engines(b"print(1 // 0.0)", opts), Ok(true));
}
