//! Threaded dispatch keeps the Rust stack flat only if every opcode handler hands over to
//! the next one with a tail call, which the compiler does not promise: a handler that
//! ends up with a real call grows the stack by a frame each time it runs. This test runs
//! every kind of instruction (fast and slow paths, metamethods, calls, returns, loops)
//! hundreds of thousands of times on a test thread's small stack, in the test profile
//! (opt-level 1), so such a handler overflows the stack here instead of in a user's
//! long-running program. It passes trivially under `--features match-dispatch`.

use moonlab_testkit::lua54::{self, LUA};
use moonlab_testkit::Sink;

const PROGRAM: &str = include_str!("../../dispatch_depth.lua");

#[test]
fn every_handler_runs_many_times_without_growing_the_stack() {
    let sink = Sink::default();
    let out = sink.clone();
    // A small stack makes a handler that really calls the next one fail fast.
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let mut lua = moonlab::api::Lua::with_output(Box::new(out));
            lua.exec(PROGRAM.as_bytes(), b"=dispatch_depth")
                .expect("program runs");
            lua.instructions()
        })
        .unwrap();
    let instructions = handle.join().expect("no stack overflow");
    assert!(
        instructions > 10_000_000,
        "the program should run 10M+ instructions, ran {instructions}"
    );
    let printed = String::from_utf8(sink.bytes()).unwrap();
    let expected = lua54_output();
    assert_eq!(printed, expected);
}

/// What lua5.4 prints for the program: `tests/dispatch_depth.expected`, written by
/// `lua5.4 tests/dispatch_depth.lua > tests/dispatch_depth.expected`; checked against a live
/// lua5.4 too when one is installed.
fn lua54_output() -> String {
    let dir = moonlab_testkit::corpus::repo_dir();
    let dir = dir.display();
    let committed = std::fs::read_to_string(format!("{dir}/tests/dispatch_depth.expected"))
        .expect("tests/dispatch_depth.expected");
    if lua54::available(LUA) {
        let out = std::process::Command::new(LUA)
            .arg(format!("{dir}/tests/dispatch_depth.lua"))
            .output()
            .expect("lua5.4 runs");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            committed,
            "regenerate the file"
        );
    }
    committed
}
