//! Wide generated programs (`moonlab_testkit::fuzzgen::generate_wide`: string.pack and
//! string.format items, goto in nested loops, every metamethod, coroutines yielding inside
//! metamethods, `<close>`/`<const>`, integer/float edges, non-string error objects), which
//! the `differential` fuzz target runs for a quarter of its inputs. The constructs appear,
//! and the programs agree on both engines and with lua5.4.

use moonlab_testkit::differential::{
    first_difference, normalise, run_lua54, run_reference, run_vm, RunOptions,
};
use moonlab_testkit::fuzzgen;
use moonlab_testkit::lua54::{self, LUA};

fn count(default: u64) -> u64 {
    std::env::var("MOONLAB_WIDE_COUNT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Each construct the generator is there for shows up in the first 100 seeds.
#[test]
fn wide_programs_contain_the_new_constructs() {
    let programs: Vec<String> = (0..100)
        .map(|seed| fuzzgen::generate_wide(&fuzzgen::seed_bytes(seed)))
        .collect();
    for needle in [
        "string.pack(",
        "string.unpack(",
        "string.packsize",
        "string.format(\"%q",
        "string.format(\"%a",
        "goto next_i",
        "goto continue",
        "::top",
        "load(\"",
        "mt.__idiv",
        "mt.__shr",
        "mt.__newindex",
        "__index = function(t, k) return y(",
        "__close = function() y(",
        "table.sort(t, function(a, b) return y(",
        "<const>",
        "<close> = tbc(",
        "math.type(i)",
        "math.ult(",
        "error({code = 7}",
        "xpcall(function() error(",
        "coroutine.wrap(function() error(",
        "y(\"step \"",
        "math.log(",
        "string.gmatch(",
        "utf8.codes(",
        "utf8.offset(",
        "math.randomseed(",
        "io.tmpfile()",
        "os.date(",
        "debug.getinfo(1",
        "package.preload",
        "coroutine.running()",
    ] {
        let n = programs.iter().filter(|p| p.contains(needle)).count();
        assert!(
            n > 0,
            "no program of the first 100 seeds contains {needle:?}"
        );
    }
}

/// The same programs on the reference, the VM and (where installed) lua5.4.
#[test]
fn wide_programs_agree_three_ways() {
    let have_lua = lua54::available(LUA);
    let dir = std::env::temp_dir().join(format!("moonlab-wide-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let opts = RunOptions::default();
    let mut mismatches = Vec::new();
    let (mut compared, mut with_lua) = (0, 0);
    for seed in 0..count(300) {
        let src = fuzzgen::generate_wide(&fuzzgen::seed_bytes(seed));
        assert_eq!(
            moonlab::syntax::printer::check_round_trip(src.as_bytes()),
            Ok(true),
            "seed {seed}:\n{src}"
        );
        let (Some(reference), Some(vm)) = (
            run_reference(src.as_bytes(), opts),
            run_vm(src.as_bytes(), opts),
        ) else {
            continue;
        };
        compared += 1;
        let (reference, vm) = (normalise(&reference), normalise(&vm));
        if reference != vm {
            let diff = first_difference("reference", &reference, "vm", &vm);
            mismatches.push(format!("seed {seed}:\n{diff}"));
        }
        if have_lua {
            if let Some(theirs) = run_lua54(&dir, &src) {
                with_lua += 1;
                let theirs = normalise(&theirs);
                if theirs != vm {
                    let diff = first_difference("lua5.4", &theirs, "vm", &vm);
                    mismatches.push(format!("seed {seed}: vm differs from lua5.4\n{diff}"));
                } else if theirs != reference {
                    let diff = first_difference("lua5.4", &theirs, "reference", &reference);
                    mismatches.push(format!(
                        "seed {seed}: reference differs from lua5.4\n{diff}"
                    ));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("wide: {compared} programs on both engines, {with_lua} also on lua5.4");
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n\n")
    );
}
