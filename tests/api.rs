//! The embedding API as a host uses it: handles, conversions, Rust functions, userdata,
//! the sandbox and the limits.

use std::cell::Cell;
use std::rc::Rc;

use moonlab::api::{FromLua, Function, Lua, LuaState, RunError, StdLibs, Table, Value, Variadic};

trait FromValue: Sized {
    fn from_lua_value(v: Value, lua: &mut Lua) -> Self;
}

impl FromValue for String {
    fn from_lua_value(v: Value, lua: &mut Lua) -> Self {
        String::from_lua(v, lua).unwrap()
    }
}

fn quiet() -> Lua {
    Lua::with_output(Box::new(std::io::sink()))
}

fn msg(e: RunError) -> String {
    String::from_utf8_lossy(&e.message).into_owned()
}

#[test]
fn globals_as_rust_types() {
    let mut lua = quiet();
    lua.set_global("n", 40).unwrap();
    lua.set_global("s", "text").unwrap();
    lua.load("x = n + 2; y = s .. '!'; z = 2^0.5; w = '17'")
        .exec()
        .unwrap();
    assert_eq!(lua.get_global::<i64>("x").unwrap(), 42);
    assert_eq!(lua.get_global::<String>("y").unwrap(), "text!");
    assert!((lua.get_global::<f64>("z").unwrap() - 2f64.sqrt()).abs() < 1e-12);
    // Numeric strings convert to numbers and numbers to strings, as lua_to* do.
    assert_eq!(lua.get_global::<u8>("w").unwrap(), 17);
    assert_eq!(lua.get_global::<String>("x").unwrap(), "42");
    assert_eq!(lua.get_global::<Option<i64>>("nothing").unwrap(), None);
    let e = lua.get_global::<i64>("s").unwrap_err();
    assert_eq!(msg(e), "cannot convert a string value to i64");
    lua.set_global("big", 300).unwrap();
    let e = lua.get_global::<u8>("big").map(|_| ()).unwrap_err();
    assert_eq!(msg(e), "cannot convert a number value to u8");
}

#[test]
fn vectors_and_maps_as_tables() {
    let mut lua = quiet();
    lua.set_global("v", vec![10, 20, 30]).unwrap();
    let mut m = std::collections::HashMap::new();
    m.insert("a".to_string(), 1);
    m.insert("b".to_string(), 2);
    lua.set_global("m", m).unwrap();
    let r: String = lua
        .load("#v .. ' ' .. v[2] .. ' ' .. m.a + m.b")
        .eval()
        .unwrap();
    assert_eq!(r, "3 20 3");
    let back: Vec<i64> = lua.load("{1, 2, 3, nil, 5}").eval().unwrap();
    assert_eq!(back, [1, 2, 3]);
    let map: std::collections::HashMap<String, f64> = lua.load("{x = 1.5, y = 2}").eval().unwrap();
    assert_eq!(map.len(), 2);
    assert_eq!(map["x"], 1.5);
    assert!(lua.load("{1, 'x'}").eval::<Vec<i64>>().is_err());
}

#[test]
fn eval_and_functions() {
    let mut lua = quiet();
    assert_eq!(lua.load("1 + 1").eval::<i64>().unwrap(), 2);
    let (a, b): (i64, String) = lua.load("return 3, 'x'").eval().unwrap();
    assert_eq!((a, b.as_str()), (3, "x"));
    let f: Function = lua
        .load("return function(a, b) return a * b, a + b end")
        .eval()
        .unwrap();
    let (p, s): (i64, i64) = f.call(&mut lua, (6, 7)).unwrap();
    assert_eq!((p, s), (42, 13));
    // A Lua error comes back as Err with the message and a traceback; the state goes on.
    let boom: Function = lua
        .load("return function() error('boom') end")
        .set_name("=host")
        .eval()
        .unwrap();
    let e = boom.call::<_, ()>(&mut lua, ()).unwrap_err();
    assert_eq!(msg(e.clone()), "host:1: boom");
    assert!(e.traceback.unwrap().contains("stack traceback"));
    assert_eq!(lua.load("2 * 21").eval::<i64>().unwrap(), 42);
    // Syntax errors are errors of `eval`/`exec`.
    let e = lua.load("x = = 1").set_name("=bad").exec().unwrap_err();
    assert_eq!(msg(e), "bad:1: unexpected symbol near '='");
}

#[test]
fn rust_closures_capture_state_and_raise_errors() {
    let mut lua = quiet();
    let calls = Rc::new(Cell::new(0));
    let c = Rc::clone(&calls);
    let count = lua.create_function(move |_, n: i64| {
        c.set(c.get() + 1);
        Ok(n * 2)
    });
    lua.set_global("double", count).unwrap();
    let fail =
        lua.create_function(|_, ()| -> Result<(), RunError> { Err(RunError::new("no luck")) });
    lua.set_global("fail", fail).unwrap();
    let r: String = lua
        .load("local ok, e = pcall(fail); return double(21) .. ' ' .. tostring(ok) .. ' ' .. e")
        .eval()
        .unwrap();
    assert_eq!(r, "42 false no luck");
    assert_eq!(calls.get(), 1);
    // A Rust function calling back into Lua, which calls Rust again.
    let apply = lua.create_function(|ctx, (f, x): (Function, i64)| {
        let r: i64 = f.call(ctx, x)?;
        Ok(r + 1)
    });
    lua.set_global("apply", apply).unwrap();
    let r: i64 = lua.load("apply(double, 20)").eval().unwrap();
    assert_eq!(r, 41);
    // An error inside the Lua callback crosses the Rust function and is caught in Lua.
    let r: String = lua
        .load("select(2, pcall(apply, function() error('inner', 0) end, 1))")
        .eval()
        .unwrap();
    assert_eq!(r, "inner");
    // Arguments that do not convert are reported as lua5.4's luaL_check* report them.
    let add = lua.create_function(|_, (a, b): (i64, i64)| Ok(a + b));
    lua.set_global("add", add).unwrap();
    let r: Vec<String> = lua
        .load(
            "return select(2, pcall(add, nil, 1)), select(2, pcall(add, 1)),
                    select(2, pcall(add, 1, 2.5)), select(2, pcall(add, 1, {}))",
        )
        .eval::<Variadic<Value>>()
        .unwrap()
        .0
        .into_iter()
        .map(|v| String::from_lua_value(v, &mut lua))
        .collect();
    assert_eq!(
        r,
        [
            "bad argument #1 to 'add' (number expected, got nil)",
            "bad argument #2 to 'add' (number expected, got no value)",
            "bad argument #2 to 'add' (number has no integer representation)",
            "bad argument #2 to 'add' (number expected, got table)",
        ]
    );
    // A panic in a Rust function is a Lua error, not an unwinding through the VM.
    let panics = lua.create_function(|_, ()| -> Result<(), RunError> { panic!("oops") });
    lua.set_global("panics", panics).unwrap();
    let r: String = lua.load("select(2, pcall(panics))").eval().unwrap();
    assert!(r.contains("Rust function panicked: oops"), "{r}");
}

#[test]
fn handles_survive_full_collections() {
    let mut lua = quiet();
    let t = lua.create_table();
    for i in 1..=100 {
        let s = format!("value {i}");
        t.set(&mut lua, i, s).unwrap();
    }
    let f: Function = lua
        .load("return function(x) return x .. '!' end")
        .eval()
        .unwrap();
    let s = lua.create_string(b"kept");
    // Nothing in Lua refers to them; only the handles do.
    for _ in 0..5 {
        lua.exec(
            b"local junk = {} for i = 1, 1000 do junk[i] = {i} end",
            b"=junk",
        )
        .unwrap();
        lua.full_gc();
    }
    assert_eq!(t.len(&mut lua).unwrap(), 100);
    assert_eq!(t.get::<_, String>(&mut lua, 57).unwrap(), "value 57");
    assert_eq!(f.call::<_, String>(&mut lua, "hi").unwrap(), "hi!");
    assert_eq!(s.to_bytes(&mut lua), b"kept");
    // Dropping handles gives their roots back.
    let before = lua.handles_in_use();
    drop((t, f, s));
    assert_eq!(lua.handles_in_use(), before - 3);
    lua.full_gc();
}

#[test]
fn tables_raw_access_metatables_and_pairs() {
    let mut lua = quiet();
    let t: Table = lua
        .load("return setmetatable({a = 1}, {__index = function(_, k) return k .. '?' end})")
        .eval()
        .unwrap();
    assert_eq!(t.get::<_, String>(&mut lua, "b").unwrap(), "b?");
    assert_eq!(t.raw_get::<_, Option<String>>(&mut lua, "b").unwrap(), None);
    t.raw_set(&mut lua, "c", 3).unwrap();
    t.push(&mut lua, "first").unwrap();
    let mut keys: Vec<String> = t
        .pairs(&mut lua)
        .into_iter()
        .map(|(k, _)| match k {
            Value::String(s) => s.to_string_lossy(&mut lua),
            other => format!("{other:?}"),
        })
        .collect();
    keys.sort();
    assert_eq!(keys, ["1", "a", "c"]);
    assert!(t.metatable(&mut lua).is_some());
    t.set_metatable(&mut lua, None);
    assert_eq!(t.get::<_, Option<String>>(&mut lua, "b").unwrap(), None);
    let e = t.raw_set(&mut lua, Value::Nil, 1).unwrap_err();
    assert_eq!(msg(e), "index is nil");
    // The registry is a table like any other.
    let reg = lua.registry();
    reg.set(&mut lua, "host.key", 5).unwrap();
    assert_eq!(reg.get::<_, i64>(&mut lua, "host.key").unwrap(), 5);
}

struct Counter {
    n: i64,
}

#[test]
fn userdata_with_methods() {
    let mut lua = quiet();
    let mt = lua.create_table();
    let methods = lua.create_table();
    let incr = lua.create_function(|ctx, (ud, by): (moonlab::api::AnyUserData, i64)| {
        ud.with(ctx, |c: &mut Counter| {
            c.n += by;
            c.n
        })
    });
    methods.set(&mut lua, "incr", incr).unwrap();
    mt.set(&mut lua, "__index", methods).unwrap();
    let ud = lua.create_any_userdata(Counter { n: 0 });
    ud.set_metatable(&mut lua, Some(&mt));
    lua.set_global("c", ud.clone()).unwrap();
    let r: i64 = lua.load("c:incr(2); return c:incr(40)").eval().unwrap();
    assert_eq!(r, 42);
    assert_eq!(ud.with(&mut lua, |c: &mut Counter| c.n).unwrap(), 42);
    assert!(ud.is::<Counter>(&mut lua));
    assert!(!ud.is::<String>(&mut lua));
    // `with` lends the value only to its closure, which cannot reach the state, so Lua
    // code never runs while it is lent: a borrow cannot be taken twice.
    let e = ud.with(&mut lua, |_: &mut String| ()).unwrap_err();
    assert_eq!(msg(e), "userdata holds another type");
}

#[test]
fn sandbox_has_no_way_out() {
    let mut lua = Lua::sandboxed(Box::new(std::io::sink()));
    let absent: Vec<bool> = lua
        .load(
            "return io == nil, os == nil, debug == nil, package == nil, require == nil,
                    dofile == nil, loadfile == nil",
        )
        .eval::<Variadic<Value>>()
        .unwrap()
        .0
        .into_iter()
        .map(|v| matches!(v, Value::Boolean(true)))
        .collect();
    assert_eq!(absent, [true; 7]);
    // Binary chunks are refused whatever mode is asked for.
    let r: String = lua
        .load("local f = string.dump(function() return 1 end); return select(2, load(f, 'x', 'b'))")
        .eval()
        .unwrap();
    assert_eq!(r, "attempt to load a binary chunk (mode is 't')");
    // Text chunks still load, and collectgarbage works without reaching the host.
    assert_eq!(lua.load("load('return 7')()").eval::<i64>().unwrap(), 7);
    assert!(lua
        .load("collectgarbage('count') > 0")
        .eval::<bool>()
        .unwrap());
    // Libraries one by one.
    let mut bare = Lua::with_libs(
        StdLibs {
            string: true,
            ..StdLibs::NONE
        },
        Box::new(std::io::sink()),
    );
    assert!(bare.load("print").eval::<Value>().unwrap().is_nil());
    assert_eq!(
        bare.load("string.rep('a', 3)").eval::<String>().unwrap(),
        "aaa"
    );
}

#[test]
// Under Miri the megabytes this allocates take far too long; the limits are the VM's,
// exercised by the other tests under Miri too.
#[cfg_attr(miri, ignore)]
fn limits_hold_and_the_state_stays_usable() {
    let mut lua = quiet();
    lua.set_instruction_limit(Some(100_000));
    let e = lua.load("while true do end").exec().unwrap_err();
    assert!(msg(e).contains("instruction limit"), "limit message");
    // Each run gets the whole budget again.
    for _ in 0..5 {
        lua.load("for i = 1, 5000 do end").exec().unwrap();
    }
    lua.set_instruction_limit(None);
    lua.set_memory_limit(Some(8 << 20));
    let r: String = lua
        .load("local ok, e = pcall(string.rep, 'x', 64 << 20); return e")
        .eval()
        .unwrap();
    assert_eq!(r, "not enough memory");
    let e = lua
        .load("local t = {} for i = 1, 1e9 do t[i] = {} end")
        .exec()
        .unwrap_err();
    assert_eq!(msg(e), "not enough memory");
    lua.set_memory_limit(None);
    assert_eq!(lua.load("#string.rep('ab', 10)").eval::<i64>().unwrap(), 20);
}

#[test]
#[should_panic(expected = "a moonlab handle was used with a state other than the one that made it")]
fn a_handle_works_only_with_its_state() {
    let mut a = quiet();
    let mut b = quiet();
    let t = a.create_table();
    let _ = t.get::<_, Value>(&mut b, 1);
}
