//! lua5.4 linked in (`moonlab_testkit::lua54_inproc`, feature `lua54-inproc`) shows what
//! `lua5.4 prog.lua` shows: generated programs (ordinary, hostile and GC ones) give the
//! same outcome in process as from the installed interpreter, so the fuzz targets' third
//! engine is the oracle itself. CI runs this with
//! `cargo test -p moonlab-testkit --features lua54-inproc --test lua54_inproc`.
#![cfg(feature = "lua54-inproc")]

use moonlab_testkit::differential::{first_difference, normalise, run_lua54, RunOptions};
use moonlab_testkit::fuzzgen;
use moonlab_testkit::lua54::{self, LUA};
use moonlab_testkit::lua54_inproc;

/// lua.c collects generationally and closes the state at exit.
const AS_LUA_C: RunOptions = RunOptions {
    generational: true,
    close: true,
    quick: false,
    stress: false,
};

fn in_process(src: &str) -> String {
    normalise(&lua54_inproc::run_lua54(src.as_bytes(), AS_LUA_C).expect("conclusive"))
}

/// Programs aimed at the emulated parts (print, the message handler, closing the state),
/// compared with lua5.4 run as a program.
#[test]
fn print_and_uncaught_errors_look_as_from_lua_c() {
    if !lua54::available(LUA) {
        return;
    }
    let dir = workdir("inproc-cases");
    let cases = [
        "print(1, 2.0, nil, true, 'x', -0.0, 1e100, 2^63)",
        "print(setmetatable({}, {__tostring = function() return 'T' end}))",
        "print(pcall(print, setmetatable({}, {__tostring = print})))",
        "local t = setmetatable({}, {__tostring = function() return 1 end})\nprint(t)",
        "local t = setmetatable({}, {__tostring = function() return {} end})\nprint(pcall(tostring, t))\nprint(t)",
        "print(1, setmetatable({}, {__tostring = function() error('in tostring') end}))",
        "print(setmetatable({}, {__tostring = function() error({}) end}))",
        "error('boom')",
        "error('boom', 2)",
        "error(42)",
        "error(4.0)",
        "error()",
        "error({})",
        "error(setmetatable({}, {__tostring = function() return 'E' end}))",
        "error(setmetatable({}, {__tostring = function() return 7 end}))",
        "local t <close> = setmetatable({}, {__close = function() print('closed') end})\nerror(setmetatable({}, {__tostring = function() print('msg') return 'E' end}))",
        "setmetatable({}, {__gc = function() print('gc at close') end})",
        "coroutine.yield(1)",
        "print(-0.0 - (0 + 0))",
    ];
    for src in cases {
        let cli = normalise(&run_lua54(&dir, src).expect("lua5.4 runs it"));
        assert_eq!(in_process(src), cli, "program:\n{src}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn workdir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("moonlab-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn endless_loops_are_inconclusive() {
    for src in [
        "while true do end",
        "while true do pcall(function() while true do end end) end",
    ] {
        assert_eq!(lua54_inproc::run_lua54(src.as_bytes(), AS_LUA_C), None);
    }
}

/// mlua's safe constructor opens no `debug` library: a program naming it is inconclusive
/// here rather than a false "lua5.4 differs from both engines".
#[test]
fn programs_naming_debug_are_inconclusive() {
    assert_eq!(
        lua54_inproc::run_lua54(b"print(debug.getinfo(1, 'l').currentline)", AS_LUA_C),
        None
    );
    assert_eq!(
        lua54_inproc::run_lua54(b"print(1)", AS_LUA_C).as_deref(),
        Some("1\n")
    );
}

#[test]
fn generated_programs_run_as_from_lua_c() {
    if !lua54::available(LUA) {
        return;
    }
    let dir = workdir("inproc");
    let mut mismatches = Vec::new();
    let mut compared = 0;
    for seed in 0..120u64 {
        let data = fuzzgen::seed_bytes(seed);
        let src = match seed % 3 {
            0 => fuzzgen::generate(&data),
            1 => fuzzgen::generate_hostile(&data),
            _ => fuzzgen::generate_gc(&data),
        };
        // The huge-count programs can run for seconds in lua5.4 (the fuzz targets run it
        // only on programs both engines finished within their budgets): in process, only
        // what lua5.4 ran quickly as a program.
        let t = std::time::Instant::now();
        let Some(cli) = run_lua54(&dir, &src) else {
            continue;
        };
        if t.elapsed().as_secs_f64() > 1.0 {
            continue;
        }
        let Some(ours) = lua54_inproc::run_lua54(src.as_bytes(), AS_LUA_C) else {
            continue;
        };
        compared += 1;
        let (cli, ours) = (normalise(&cli), normalise(&ours));
        // lua.c closes the state after an error too (finalizers print); the harness does not.
        let died = cli.lines().any(|l| l.starts_with("error: "));
        if cli != ours && !died && mismatches.len() < 5 {
            let diff = first_difference("lua5.4", &cli, "in process", &ours);
            mismatches.push(format!("seed {seed}:\n{diff}\n--- program\n{src}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("lua5.4 in process: {compared} programs compared with lua5.4 run as a program");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}
