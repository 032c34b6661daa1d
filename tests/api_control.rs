//! Control crossing the host: coroutines resumed from Rust, error objects that are not
//! strings, hooks set from Rust, and the memory limit.

use std::cell::RefCell;
use std::rc::Rc;

use moonlab::api::{
    Function, HookEvent, HookTriggers, Lua, LuaState, RunError, Table, ThreadStatus, Value,
    Variadic,
};

fn quiet() -> Lua {
    Lua::with_output(Box::new(std::io::sink()))
}

fn msg(e: &RunError) -> String {
    e.to_string()
}

#[test]
fn coroutines_resumed_from_rust() {
    let mut lua = quiet();
    let f: Function = lua
        .load(
            "return function(a, b)
               local c = coroutine.yield(a + b, 'first')
               local d, e = coroutine.yield(c * 2)
               return d .. e, coroutine.status(coroutine.running())
             end",
        )
        .eval()
        .unwrap();
    let co = lua.create_thread(f);
    assert_eq!(co.status(&mut lua), ThreadStatus::Resumable);
    let (n, s): (i64, String) = co.resume(&mut lua, (1, 2)).unwrap();
    assert_eq!((n, s.as_str()), (3, "first"));
    assert_eq!(co.resume::<_, i64>(&mut lua, 21).unwrap(), 42);
    let (s, st): (String, String) = co.resume(&mut lua, ("a", "b")).unwrap();
    assert_eq!((s.as_str(), st.as_str()), ("ab", "running"));
    assert_eq!(co.status(&mut lua), ThreadStatus::Dead);
    let e = co.resume::<_, ()>(&mut lua, ()).unwrap_err();
    assert_eq!(msg(&e), "cannot resume dead coroutine");
    // A coroutine made by Lua, resumed from Rust, and one that is normal while it resumes
    // another.
    let co: moonlab::api::Thread = lua
        .load(
            "local outer
             outer = coroutine.create(function()
               local inner = coroutine.create(function()
                 coroutine.yield(coroutine.status(outer))
               end)
               coroutine.yield((select(2, coroutine.resume(inner))))
             end)
             return outer",
        )
        .eval()
        .unwrap();
    assert_eq!(co.resume::<_, String>(&mut lua, ()).unwrap(), "normal");
    // Errors inside come back as Err, with the error object; the coroutine is dead then.
    let f: Function = lua
        .load("return function(x) coroutine.yield(x) error({code = x}) end")
        .eval()
        .unwrap();
    let co = lua.create_thread(f);
    assert_eq!(co.resume::<_, i64>(&mut lua, 7).unwrap(), 7);
    let e = co.resume::<_, ()>(&mut lua, ()).unwrap_err();
    assert_eq!(msg(&e), "(error object is a table value)");
    let Some(Value::Table(t)) = e.value() else {
        panic!("a table error object")
    };
    assert_eq!(t.get::<_, i64>(&mut lua, "code").unwrap(), 7);
    assert_eq!(co.status(&mut lua), ThreadStatus::Error);
    let f: Function = lua
        .load("return function() error('plain') end")
        .set_name("=co")
        .eval()
        .unwrap();
    let co = lua.create_thread(f);
    assert_eq!(
        msg(&co.resume::<_, ()>(&mut lua, ()).unwrap_err()),
        "co:1: plain"
    );
    // The main thread cannot be resumed; the state goes on after all this.
    let main: moonlab::api::Thread = lua.load("coroutine.running()").eval().unwrap();
    assert_eq!(main.status(&mut lua), ThreadStatus::Running);
    let e = main.resume::<_, ()>(&mut lua, ()).unwrap_err();
    assert_eq!(msg(&e), "cannot resume non-suspended coroutine");
    assert_eq!(lua.load("1 + 1").eval::<i64>().unwrap(), 2);
}

#[test]
fn rust_functions_resume_coroutines_too() {
    let mut lua = quiet();
    // A Rust function that drives a generator to its end and sums what it yields.
    let sum = lua.create_function(|ctx, f: Function| {
        let co = ctx.create_thread(f);
        let mut total = 0;
        while let Some(n) = co.resume::<_, Option<i64>>(ctx, ())? {
            total += n;
        }
        Ok(total)
    });
    lua.set_global("sum", sum).unwrap();
    let r: i64 = lua
        .load("sum(function() for i = 1, 10 do coroutine.yield(i) end end)")
        .eval()
        .unwrap();
    assert_eq!(r, 55);
    // An error in the generator crosses the Rust function as the same object.
    let r: bool = lua
        .load(
            "local obj = {}
             local ok, e = pcall(sum, function() coroutine.yield(1) error(obj) end)
             return not ok and e == obj",
        )
        .eval()
        .unwrap();
    assert!(r);
}

#[test]
fn error_objects_cross_rust_functions() {
    let mut lua = quiet();
    // Caught by the host: the table itself, and lua5.4's message for it.
    let e = lua.load("error({code = 1})").exec().unwrap_err();
    assert_eq!(msg(&e), "(error object is a table value)");
    let Some(Value::Table(t)) = e.value().cloned() else {
        panic!("a table error object")
    };
    assert_eq!(t.get::<_, i64>(&mut lua, "code").unwrap(), 1);
    // A string error's value is the string with its position.
    let e = lua.load("error('boom')").set_name("=s").exec().unwrap_err();
    assert_eq!(msg(&e), "s:1: boom");
    assert!(matches!(e.value(), Some(Value::String(_))));
    // A Rust function raises any value; `pcall` in Lua sees it unchanged.
    let raise = lua.create_function(|ctx, v: Value| -> Result<(), RunError> {
        Err(RunError::from_value(ctx, v))
    });
    lua.set_global("raise", raise).unwrap();
    let r: Variadic<Value> = lua
        .load(
            "local t = {}
             local ok1, e1 = pcall(raise, t)
             local ok2, e2 = pcall(raise, 42)
             local ok3, e3 = pcall(raise, nil)
             return e1 == t, math.type(e2), e2, e3 == nil, ok1 or ok2 or ok3",
        )
        .eval()
        .unwrap();
    let r: Vec<String> = r.0.iter().map(|v| format!("{v:?}")).collect();
    assert_eq!(r, ["true", "string", "42", "true", "false"]);
    // A Lua error that a Rust function passes on with `?` keeps its object too.
    let call = lua.create_function(|ctx, f: Function| f.call::<_, ()>(ctx, ()));
    lua.set_global("call", call).unwrap();
    let same: bool = lua
        .load("local t = {} return select(2, pcall(call, function() error(t) end)) == t")
        .eval()
        .unwrap();
    assert!(same);
    // Raised from Rust into the host: the message as lua.c would print it.
    let t = lua.create_table();
    let e = RunError::from_value(&mut lua, Value::Table(t));
    assert_eq!(msg(&e), "(error object is a table value)");
    let e = RunError::from_value(&mut lua, Value::Number(1.5));
    assert_eq!(msg(&e), "1.5");
    // An object with __tostring: lua.c's message is its words.
    let e = lua
        .load("error(setmetatable({}, {__tostring = function() return 'custom' end}))")
        .exec()
        .unwrap_err();
    assert_eq!(msg(&e), "custom");
    assert!(matches!(e.value(), Some(Value::Table(_))));
}

#[test]
fn hooks_from_rust() {
    let mut lua = quiet();
    let events = Rc::new(RefCell::new(Vec::new()));
    let seen = Rc::clone(&events);
    lua.set_hook(
        HookTriggers {
            on_calls: true,
            on_returns: true,
            every_line: true,
            every_nth_instruction: None,
        },
        move |_, info| {
            seen.borrow_mut().push((info.event, info.line));
            Ok(())
        },
    );
    lua.load("local function f() return 1 end\nf()\n")
        .exec()
        .unwrap();
    lua.remove_hook();
    lua.load("local x = 1").exec().unwrap();
    use HookEvent::*;
    // As lua5.4's debug.sethook(h, "crl") reports the same chunk.
    assert_eq!(
        *events.borrow(),
        [
            (Call, None),
            (Line, Some(1)),
            (Line, Some(2)),
            (Call, None),
            (Line, Some(1)),
            (Return, None),
            (Return, None),
        ]
    );
    // A count hook stops a runaway loop with an error, and the state stays usable.
    let ticks = Rc::new(RefCell::new(0));
    let t = Rc::clone(&ticks);
    lua.set_hook(
        HookTriggers {
            every_nth_instruction: Some(1000),
            ..Default::default()
        },
        move |_, info| {
            assert_eq!(info.event, HookEvent::Count);
            *t.borrow_mut() += 1;
            if *t.borrow() >= 5 {
                return Err(RunError::new("too long"));
            }
            Ok(())
        },
    );
    let e = lua.load("while true do end").exec().unwrap_err();
    assert_eq!(msg(&e), "too long");
    assert_eq!(*ticks.borrow(), 5);
    lua.remove_hook();
    assert_eq!(lua.load("2 * 21").eval::<i64>().unwrap(), 42);
    // The hook may look at the state.
    lua.set_hook(
        HookTriggers {
            every_line: true,
            ..Default::default()
        },
        |ctx, info| {
            if info.line == Some(2) {
                let v: i64 = ctx.get_global("x")?;
                ctx.set_global("seen_x", v)?;
            }
            Ok(())
        },
    );
    lua.load("x = 5\nx = 6\n").exec().unwrap();
    lua.remove_hook();
    assert_eq!(lua.get_global::<i64>("seen_x").unwrap(), 5);
}

/// A hook set from Rust is a C hook: coroutines created while it is set run it (so a
/// count hook stops a runaway loop inside one), those created before do not, as with
/// lua_sethook and lua_newthread.
#[test]
fn host_hook_reaches_new_coroutines() {
    let mut lua = quiet();
    // Were the hook not inherited, the limit would end the loop with another message.
    lua.set_instruction_limit(Some(1_000_000));
    lua.load("early = coroutine.create(function()\n  local a = 1\n  return a\nend)")
        .exec()
        .unwrap();
    let lines = Rc::new(RefCell::new(Vec::new()));
    let seen = Rc::clone(&lines);
    lua.set_hook(
        HookTriggers {
            every_line: true,
            every_nth_instruction: Some(100),
            ..Default::default()
        },
        move |_, info| {
            if info.event == HookEvent::Count {
                return Err(RunError::new("runaway coroutine"));
            }
            seen.borrow_mut().push(info.line);
            Ok(())
        },
    );
    let r: (bool, String) = lua
        .load(
            "coroutine.resume(early)
local co = coroutine.wrap(function() while true do end end)
return pcall(co)",
        )
        .eval()
        .unwrap();
    lua.remove_hook();
    assert_eq!(r, (false, "runaway coroutine".to_string()));
    // Lines 1 to 3 of the chunk, and the loop's line inside the new coroutine; none of
    // `early`'s lines.
    let lines = lines.borrow();
    assert_eq!(&lines[..4], &[Some(1), Some(2), Some(3), Some(2)]);
}

#[test]
// Under Miri it takes minutes (filling 64 KiB a table entry at a time); its soundness
// concerns are covered by tests/api.rs's limits test natively and by the other tests here.
#[cfg_attr(miri, ignore)]
fn memory_limit_small() {
    let mut lua = quiet();
    lua.set_memory_limit(Some(lua.bytes_in_use() + (64 << 10)));
    let r: String = lua
        .load("local ok, e = pcall(string.rep, 'x', 1 << 17) return e")
        .eval()
        .unwrap();
    assert_eq!(r, "not enough memory");
    let e = lua
        .load("local t = {} for i = 1, 1e5 do t[i] = i end")
        .exec()
        .unwrap_err();
    assert_eq!(msg(&e), "not enough memory");
    assert!(lua.memory_errors() >= 2);
    // Under the limit the state works as before.
    let t: Table = lua.load("{1, 2, 3}").eval().unwrap();
    assert_eq!(t.len(&mut lua).unwrap(), 3);
    lua.set_memory_limit(None);
    assert_eq!(
        lua.load("#string.rep('x', 1 << 17)").eval::<i64>().unwrap(),
        1 << 17
    );
}
