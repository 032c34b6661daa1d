//! The reference interpreter on bad input: it ends as a Lua error with the state still
//! usable (runaway loops under a step limit, runaway recursion, huge allocations). And
//! garbage really is collected while a program runs. Only the reference runs here; the test
//! lives in the kit for its output sink.

use moonlab_testkit::Sink;

fn lua() -> (moonlab_reference::Lua, Sink) {
    let sink = Sink::default();
    (
        moonlab_reference::Lua::with_output(Box::new(sink.clone())),
        sink,
    )
}

fn output(sink: &Sink) -> String {
    sink.text()
}

#[test]
fn step_limit_stops_endless_loops_even_inside_pcall() {
    let (mut lua, sink) = lua();
    lua.set_step_limit(Some(200_000));
    let e = lua
        .exec(b"pcall(function() while true do end end)", b"=loop")
        .unwrap_err();
    assert!(e.to_string().contains("instruction limit exceeded"), "{e}");
    // The state is still usable afterwards.
    lua.set_step_limit(None);
    lua.exec(b"print('alive')", b"=after").unwrap();
    assert_eq!(output(&sink), "alive\n");
}

#[test]
fn runaway_recursion_is_a_stack_overflow_error() {
    let (mut lua, sink) = lua();
    lua.exec(
        b"local function f() return 1 + f() end print(pcall(f))",
        b"=rec",
    )
    .unwrap();
    assert_eq!(output(&sink), "false\trec:1: stack overflow\n");
}

#[test]
fn huge_allocations_are_errors() {
    let (mut lua, sink) = lua();
    lua.exec(
        b"print(pcall(string.rep, 'x', 1 << 40)) print(pcall(table.unpack, {}, 1, 1 << 40))",
        b"=big",
    )
    .unwrap();
    assert_eq!(
        output(&sink),
        "false\tresulting string too large\nfalse\ttoo many results to unpack\n"
    );
}

#[test]
fn an_allocation_loop_runs_in_bounded_memory() {
    let (mut lua, _) = lua();
    lua.exec(b"for i = 1, 300000 do local t = {i, {i}} end", b"=alloc")
        .unwrap();
    // 600,000 tables were allocated; collections kept only a bounded number alive.
    let live = lua.live_objects();
    assert!(live < 100_000, "{live} objects still allocated");
}

#[test]
fn collect_in_a_deep_call_chain_frees_what_is_unreachable() {
    let (mut lua, sink) = lua();
    lua.exec(
        b"local w = setmetatable({}, {__mode = 'v'})
          local function deep(n)
            if n == 0 then collectgarbage() return w[1] == nil end
            local keep = {n}
            local r = deep(n - 1)
            return r and keep[1] == n
          end
          w[1] = {}
          print(deep(500))",
        b"=deep",
    )
    .unwrap();
    assert_eq!(output(&sink), "true\n");
}

/// A finalizer that fails once the work has run out (a library call's charge past the limit
/// caught by a pcall, then a collection before the next step) ends the run with the limit's
/// error, not with its own, which lua5.4 would only have made a warning: the differential
/// harness sees the run as inconclusive (finding O7 of papers/differential.md).
#[test]
fn a_finalizer_failing_past_the_limit_reports_the_limit() {
    for fin in ["rawequal", "coroutine.yield"] {
        let (mut lua, _sink) = lua();
        lua.set_step_limit(Some(50_000));
        let src = format!(
            "do setmetatable({{}}, {{__gc = {fin}}}) end\n\
             print(pcall(string.gsub, string.rep('x', 100000), 'x', function() collectgarbage() end))"
        );
        let e = lua.exec(src.as_bytes(), b"=fin").unwrap_err();
        assert!(
            e.to_string().contains("instruction limit exceeded"),
            "{fin}: {e}"
        );
    }
}
