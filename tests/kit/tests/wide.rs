//! Wide generated programs (`moonlab_testkit::fuzzgen::generate_wide`: string.pack and
//! string.format items, goto in nested loops, every metamethod, coroutines yielding inside
//! metamethods, `<close>`/`<const>`, integer/float edges, non-string error objects), which
//! the `differential` fuzz target runs for a quarter of its inputs. The constructs appear,
//! and the programs agree on both engines and with lua5.4.

use moonlab_testkit::differential::{compare_with_lua54_program, Agreement, RunOptions};
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
    let dir = std::env::temp_dir().join(format!("moonlab-wide-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let lua_dir = lua54::available(LUA).then_some(dir.as_path());
    let mut mismatches = Vec::new();
    let (mut compared, mut with_lua) = (0, 0);
    for seed in 0..count(300) {
        let src = fuzzgen::generate_wide(&fuzzgen::seed_bytes(seed));
        assert_eq!(
            moonlab::syntax::printer::check_round_trip(src.as_bytes()),
            Ok(true),
            "seed {seed}:\n{src}"
        );
        match compare_with_lua54_program(&src, RunOptions::default(), lua_dir) {
            Ok(Agreement::Inconclusive) => {}
            Ok(Agreement::Engines) => compared += 1,
            Ok(Agreement::WithLua54) => (compared, with_lua) = (compared + 1, with_lua + 1),
            Err(diff) => mismatches.push(format!("seed {seed}:\n{diff}")),
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
