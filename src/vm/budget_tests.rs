//! The instruction budget is paid at loops and calls (papers/performance.md, step `trap`):
//! every shape of code that does not end must still end with the limit error, and code
//! that ends must not be charged more than it runs.

use crate::vm::error::Thrown;
use crate::vm::state::Vm;

/// Runs `src` under a limit of `limit` instructions: `Ok` or the error's message.
fn run(src: &str, limit: u64) -> Result<(), String> {
    let mut vm = Vm::bare(Box::new(std::io::sink()));
    crate::stdlib::open_all(&mut vm);
    let f = vm.load(src.as_bytes(), b"=budget", None).expect("compiles");
    vm.set_instruction_limit(Some(limit));
    match vm.call_function(f, &[]) {
        Ok(_) => Ok(()),
        Err(e) => Err(match e.get() {
            Thrown::Error(v) => v.as_string().map_or_else(
                || "?".into(),
                |s| String::from_utf8_lossy(s.as_bytes()).into(),
            ),
            _ => "yield".into(),
        }),
    }
}

fn stops(src: &str) {
    let r = run(src, 100_000);
    assert!(
        r.as_ref()
            .is_err_and(|m| m.contains("instruction limit exceeded")),
        "{src}: {r:?}"
    );
}

#[test]
fn every_kind_of_endless_code_hits_the_limit() {
    stops("while true do end");
    stops("repeat until false");
    stops("local x = 0 repeat x = x + 1 until x < 0");
    stops("local a, b = 1, 2 repeat local c = a until a == b");
    stops("local s = 'a' repeat until s < 'a'");
    stops("::top:: goto top");
    stops("for i = 1, math.maxinteger do end");
    stops("for i = 1.0, math.huge do end");
    stops("for i = 1, 1e300 do end");
    stops("local function f() return f() end f()");
    stops("local function it() return 1 end for _ in it do end");
    stops("while true do pcall(error) end");
    stops("local t = setmetatable({}, {__lt = function() return false end}) repeat until t < t");
    // Natives that call again and again, with no Lua loop: load's reader (a Lua function
    // without a loop, or a native), an iterator that is a native.
    stops("load(function() return 'x = 1 ' end)");
    stops("load(os.date)");
    stops("for x in rawlen, 'abc' do end");
}

#[test]
fn finite_code_runs_under_a_limit_near_its_length() {
    // 1000 iterations of a 4-instruction body, and 1000 calls.
    assert_eq!(
        run("local s = 0 for i = 1, 1000 do s = s + i end", 10_000),
        Ok(())
    );
    assert_eq!(
        run(
            "local function f(x) return x end for i = 1, 1000 do f(i) end",
            10_000
        ),
        Ok(())
    );
    assert!(run("local s = 0 for i = 1, 100000 do s = s + i end", 10_000).is_err());
}
