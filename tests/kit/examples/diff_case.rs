//! Runs Lua files the way the differential harness does (both engines under their work
//! budgets, and lua5.4 where installed) and prints each outcome, for triaging a finding:
//! `cargo run -p moonlab-testkit --example diff_case -- FILE...` ("inconclusive" is a run
//! that exhausted its budget).
use moonlab_testkit::differential::{normalise, run_lua54, run_reference, run_vm, RunOptions};
use moonlab_testkit::lua54::{self, LUA};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let gc = args.iter().any(|a| a == "--gc");
    let opts = RunOptions {
        generational: gc,
        close: gc,
        ..RunOptions::default()
    };
    let dir = std::env::temp_dir().join(format!("moonlab-diff-case-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for file in args.iter().filter(|a| !a.starts_with("--")) {
        let src = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let show = |name: &str, out: Option<String>| match out {
            Some(out) => println!("== {name}\n{}", normalise(&out)),
            None => println!("== {name}: inconclusive (work budget exhausted)"),
        };
        println!("#### {file}");
        show("reference", run_reference(src.as_bytes(), opts));
        show("vm", run_vm(src.as_bytes(), opts));
        if lua54::available(LUA) {
            show("lua5.4", run_lua54(&dir, &src));
        }
        // The fuzz targets' lua5.4, linked in (with `--features lua54-inproc`).
        #[cfg(feature = "lua54-inproc")]
        show(
            "lua5.4 in process",
            moonlab_testkit::lua54_inproc::run_lua54(src.as_bytes(), opts),
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
