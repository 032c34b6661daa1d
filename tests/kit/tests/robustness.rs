//! Hostile and careless programs never crash the process: each ends normally or with a Lua
//! error, on both engines, under any work limit, and the state stays usable afterwards.
//! (Outputs that lua5.4 also produces are compared with it in the corpus, `tests/lua/`;
//! these are the cases where what matters is that nothing aborts, panics or hangs.)

use moonlab_testkit::Sink;

/// Runs `src` on the VM under an instruction limit; `Ok(output)` or `Err(message)`.
fn vm(src: &str, limit: u64) -> Result<String, String> {
    let sink = Sink::default();
    let mut lua = moonlab::api::Lua::with_output(Box::new(sink.clone()));
    lua.set_instruction_limit(Some(limit));
    match lua.exec(src.as_bytes(), b"=prog") {
        Ok(()) => Ok(sink.text()),
        Err(e) => Err(String::from_utf8_lossy(&e.message).into_owned()),
    }
}

/// Runs `src` on the reference interpreter under a step limit.
fn reference(src: &str, limit: u64) -> Result<String, String> {
    let sink = Sink::default();
    let mut lua = moonlab_reference::Lua::with_output(Box::new(sink.clone()));
    lua.set_step_limit(Some(limit));
    match lua.exec(src.as_bytes(), b"=prog") {
        Ok(()) => Ok(sink.text()),
        Err(e) => Err(String::from_utf8_lossy(&e.message).into_owned()),
    }
}

/// The work limit hit at every point of unwinding through `__close` handlers (in the
/// handler, in a pcall inside it, in the message handler of an xpcall): the run ends with
/// the limit error or finishes, never anything else.
#[test]
fn a_limit_hit_while_closing_on_an_error_ends_the_run_cleanly() {
    let programs = [
        "pcall(function() local x <close> = setmetatable({}, {__close = function() while true do end end}) error('first') end)",
        "pcall(function() local x <close> = setmetatable({}, {__close = function() while true do end end}) local y = nil + 1 end)",
        "xpcall(function() local x <close> = setmetatable({}, {__close = function() while true do end end}) error('first') end, print)",
        "pcall(function() local x <close> = setmetatable({}, {__close = function() pcall(function() while true do end end) end}) error('first') end)",
        "pcall(function() local x <close> = setmetatable({}, {__close = function() for i = 1, 100 do end end}) error('first') end) print('ok')",
        "xpcall(function() local x <close> = setmetatable({}, {__close = function() for i = 1, 50 do end end}) error('e') end, function(m) for i = 1, 50 do end return m end) print('ok')",
    ];
    for src in programs {
        for limit in (1..1200).step_by(7) {
            for (engine, r) in [
                ("vm", vm(src, limit)),
                ("reference", reference(src, limit * 4)),
            ] {
                match r {
                    Ok(out) => assert!(
                        out.is_empty() || out.ends_with("ok\n"),
                        "{engine} at {limit}: {src}: {out}"
                    ),
                    Err(e) => assert!(
                        e.contains("instruction limit exceeded"),
                        "{engine} at {limit}: {src}: {e}"
                    ),
                }
            }
        }
    }
}

/// A library function used as its own metamethod recurses through native code: "C stack
/// overflow", caught by pcall, at the depth lua5.4 reaches (the corpus script
/// `errors/c_stack.lua` compares the outputs), and the state goes on.
#[test]
fn native_recursion_is_a_c_stack_overflow_on_both_engines() {
    let programs = [
        "print(pcall(tostring, setmetatable({}, {__tostring = tostring})))",
        "print(pcall(print, setmetatable({}, {__tostring = print})))",
        "print(pcall(pairs, setmetatable({}, {__pairs = pairs})))",
        "local t = setmetatable({}, {__call = pcall}) print(select('#', pcall(t)))",
        "local function f() return pcall(f) end print(select('#', f()))",
    ];
    for src in programs {
        let src = format!("{src} print('after')");
        for (engine, r) in [
            ("vm", vm(&src, 10_000_000)),
            ("reference", reference(&src, 100_000_000)),
        ] {
            let out = r.unwrap_or_else(|e| panic!("{engine}: {src}: {e}"));
            assert!(out.ends_with("after\n"), "{engine}: {src}: {out}");
        }
    }
}

/// One library call doing a program-sized amount of work is charged to the work limit
/// (elements moved, bytes made, pattern steps), so a limit bounds it as it bounds a loop.
#[test]
fn a_limit_bounds_single_long_library_calls() {
    let programs = [
        "local s = string.rep('x', 1e8)",
        "while true do local s = string.rep('x', 1e7) end",
        "string.find(('a'):rep(1e5), ('a*'):rep(100) .. 'b')",
        "for w in ('a'):rep(1e5):gmatch(('a*'):rep(50) .. 'b') do end",
        "string.gsub(('a'):rep(1e5), ('a*'):rep(50) .. 'b', '')",
        "table.move({}, 1, math.maxinteger, 1)",
        "table.concat(setmetatable({}, {__index = function() return 'x' end}), '', 1, math.maxinteger)",
        "local t = {} for i = 1, 1000 do t[i] = i end for i = 1, 1e6 do table.insert(t, 1, i) end",
        "local t = {string.byte(string.rep('ab', 50000), 1, -1)} table.sort(t)",
        "string.upper(string.rep('x', 1e7)) string.upper(string.rep('x', 1e7))",
        // Concatenation is charged by the bytes it makes (the reference aborted the process
        // allocating a terabyte string; found by fuzzgen::generate_hostile).
        "local s = 'x' while true do s = s .. s end",
        "local s = 'x' for i = 1, 64 do s = s .. 'y' .. s end",
        // A pattern that runs out of work inside pcall: the limit error is caught, and the
        // next step ends the run (the reference's step counter overflowed there).
        "pcall(string.find, ('a'):rep(1e5), ('a*'):rep(100) .. 'b') while true do end",
        "print(pcall(string.gsub, ('a'):rep(1e5), ('a*'):rep(50) .. 'b', ''))",
    ];
    for src in programs {
        let limit = 100_000;
        let r = vm(src, limit);
        assert!(
            matches!(&r, Err(e) if e.contains("instruction limit exceeded")),
            "vm: {src}: {r:?}"
        );
        let r = reference(src, limit * 4);
        assert!(
            matches!(&r, Err(e) if e.contains("instruction limit exceeded")),
            "reference: {src}: {r:?}"
        );
    }
}

/// Allocations past any limit, run on both engines below: each ends in "not enough memory",
/// caught by pcall.
const OUT_OF_MEMORY_TRIES: &str = r#"
        local function try(name, f) print(name, pcall(f)) end
        try("array", function() local t = {} for i = 1, 1e9 do t[i] = i end end)
        try("keys", function() local t = {} for i = 1, 1e9 do t["k" .. i] = i end end)
        try("concat", function() local s = "x" while true do s = s .. s end end)
        try("table.concat", function()
          local s, t = string.rep("x", 1e6), {}
          for i = 1, 1000 do t[i] = s end
          return #table.concat(t)
        end)
        try("rep", function() return #string.rep("x", 2^30) end)
        try("gsub", function() return #string.gsub(string.rep("x", 1e5), "x", string.rep("y", 1e4)) end)
        try("objects", function() local t = {} for i = 1, 1e8 do t[i] = {i} end end)
"#;

/// What [`OUT_OF_MEMORY_TRIES`] prints.
const OUT_OF_MEMORY_EXPECTED: [&str; 7] = [
    "array\tfalse\tnot enough memory",
    "keys\tfalse\tnot enough memory",
    "concat\tfalse\tnot enough memory",
    "table.concat\tfalse\tnot enough memory",
    "rep\tfalse\tnot enough memory",
    "gsub\tfalse\tnot enough memory",
    "objects\tfalse\tnot enough memory",
];

/// Out of memory is lua5.4's "not enough memory", caught by pcall, and the state goes on:
/// table growth (array and hash), concatenation, `table.concat`, `string.rep` and `gsub`
/// results, many small objects. Run under a memory limit, so the test needs little memory.
#[test]
fn running_out_of_memory_is_a_catchable_error_on_the_vm() {
    let program = format!(
        "{OUT_OF_MEMORY_TRIES}{}",
        r#"
        collectgarbage()
        print("still usable", #string.rep("ab", 10), #table.concat({"a", "b"}))
    "#
    );
    let sink = Sink::default();
    let mut lua = moonlab::api::Lua::with_output(Box::new(sink.clone()));
    lua.set_memory_limit(Some(64 << 20));
    lua.exec(program.as_bytes(), b"=prog")
        .expect("the program runs to its end");
    let mut expected = OUT_OF_MEMORY_EXPECTED.to_vec();
    expected.push("still usable\t20\t2");
    assert_eq!(sink.text(), expected.join("\n") + "\n");
    // Uncaught, it ends the run with the message alone, as lua.c reports it.
    let e = lua
        .exec(b"local s = string.rep('x', 2^30)", b"=prog")
        .unwrap_err();
    assert_eq!(String::from_utf8_lossy(&e.message), "not enough memory");
}

/// The same on the reference, whose limit counts an estimate per object plus the bytes of
/// long strings and table storage (`moonlab_reference::memory`). No message handler runs
/// for a memory error (`xpcall`), and garbage long strings are collected before the limit
/// is reached. The expected lines are lua5.4's for this program run under `ulimit -v
/// 300000`, where it runs out of memory at the same points.
#[test]
fn running_out_of_memory_is_a_catchable_error_on_the_reference() {
    let program = format!(
        "{OUT_OF_MEMORY_TRIES}{}",
        r#"
        try("xpcall", function()
          return xpcall(string.rep, function(m) return "handled " .. m end, "x", 2^30)
        end)
        collectgarbage()
        print("still usable", #string.rep("ab", 10), #table.concat({"a", "b"}))
        for i = 1, 40 do local s = string.rep("abcdefgh", 2^18) end
        print("garbage is collected")
    "#
    );
    let sink = Sink::default();
    let mut lua = moonlab_reference::Lua::with_output(Box::new(sink.clone()));
    lua.set_memory_limit(Some(16 << 20));
    lua.exec(program.as_bytes(), b"=prog")
        .expect("the program runs to its end");
    let mut expected = OUT_OF_MEMORY_EXPECTED.to_vec();
    expected.extend([
        "xpcall\ttrue\tfalse\tnot enough memory",
        "still usable\t20\t2",
        "garbage is collected",
    ]);
    assert_eq!(sink.text(), expected.join("\n") + "\n");
    // Uncaught, it ends the run with the message alone, as lua.c reports it.
    let e = lua
        .exec(b"local s = string.rep('x', 2^30)", b"=prog")
        .unwrap_err();
    assert_eq!(String::from_utf8_lossy(&e.message), "not enough memory");
    assert!(e.traceback.is_none());
    // The count sees a live long string, and the limit can be lifted.
    lua.set_memory_limit(None);
    let before = lua.memory_in_use();
    lua.exec(b"big = string.rep('abcdefgh', 2^22)", b"=prog")
        .expect("no limit");
    assert!(lua.memory_in_use() - before >= 32 << 20);
}
