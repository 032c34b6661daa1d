//! lua5.4 as a third engine in the same process: the system's PUC-Rio Lua 5.4 library
//! (`liblua5.4`, linked through `mlua` and pkg-config, behind the `lua54-inproc` feature) runs
//! a program the way the differential harness runs the two engines, so the fuzz targets can
//! compare all three without starting a process per program.
//!
//! What a user of `lua5.4 prog.lua` sees, and how it is reproduced here:
//! - the chunk is named `@prog.lua`, as for the engines;
//! - `print` writes to a buffer. It is a Lua function (the prelude below) that converts each
//!   argument with the C `tostring` (the same `luaL_tolstring` the C `print` calls) and
//!   writes pieces in the C `print`'s order; a Rust callback raising an error would raise an
//!   mlua userdata instead of Lua's own error value, so the only Rust part is a sink that
//!   cannot fail. The generated programs use no `io` functions.
//! - an uncaught error's message is made as lua.c's `msghandler` makes it, at the point of
//!   the error (before to-be-closed variables close): a string or number as is, else the
//!   raw `__tostring` metafield's result if that is a string, else `(error object is a T
//!   value)`;
//! - the state is collected generationally if the engines are (`RunOptions::generational`)
//!   and closed (`lua_close`, pending finalizers run and print) only where the engines'
//!   harness closes theirs: after a successful run with `RunOptions::close`.
//!
//! Limits: the `debug` library is missing (`mentions_debug`: such programs are
//! inconclusive). lua5.4 has no work budget of its own. The harness runs it only on
//! programs both engines finished within theirs, which bound the work lua5.4 does,
//! including work inside C functions (patterns, `string.rep`) that no hook can interrupt. As a backstop a count
//! hook on the main thread stops a run after `INSTRUCTIONS` (mlua runs hooks on one thread
//! only, so not inside coroutines), and the memory limit is `MEMORY`. A run that hits
//! either, or raises "not enough memory", is inconclusive.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use mlua::{Function, HookTriggers, Lua, LuaOptions, MultiValue, StdLib, Value, VmState};

use crate::differential::RunOptions;

/// The instruction backstop (five times the VM's budget).
pub const INSTRUCTIONS: u64 = 100_000_000;
/// How often the count hook runs: every run pays per instruction for having a hook at all,
/// the period only sets how often the Rust callback is entered.
const HOOK_PERIOD: u32 = 100_000;
/// The memory limit (bytes).
pub const MEMORY: usize = 1 << 30;

/// The prelude: installs `print` over the sink and returns the runner, which calls the
/// program under a message handler that makes the message lua.c's `msghandler` makes
/// (without the traceback lua.c appends; the harness keeps only the first line of it).
///
/// `print` converts each argument as the C `print` does (`luaL_tolstring`, in calls that
/// cannot yield): a table's `__tostring` metafield is called under one `pcall`, so a
/// recursion through `__tostring` takes one C level per nesting, as the C `print`'s
/// `lua_call` does, and reaches "C stack overflow" at the same depth; the result must be a
/// string or a number. Known gaps: a metatable whose `__metatable` field is a table is
/// taken to be that table, as `getmetatable` says; behind a protection by any other value,
/// the `__tostring` found first for a value is kept while the protection stays the same. Other values go through the C
/// `tostring`. One thing differs: its
/// "'__tostring' must return a string" is positioned at the caller of the function that
/// raised it: the program for the C `print`, the emulation here. So each value is converted
/// under `pcall` and that one message is raised again at level 2, the program's line; any
/// other error goes on as it was (level 0: no position added). No Rust function is called
/// on that path: deep in a recursion through `__tostring`, where lua5.4 raises "C stack
/// overflow", mlua's own protected calls would fail with an error of mlua's.
/// `print` is made by a factory loaded from a stripped dump, so that its frame has no line
/// information to add to messages either.
const PRELUDE: &str = r#"
local sink, rawtostring, tostring, type, pack, load, dump, pcall, error = ...
local getmetatable, rawget = getmetatable, rawget
-- Output collects in Lua until the run is over: the Rust sink is not called deep in a
-- recursion, where entering mlua's callback fails with an error of mlua's at the C-stack
-- limit. `go_direct` flushes it, and from then on (finalizers run by lua_close) print
-- writes to the sink at once.
local buf, n, direct = {}, 0, false
local function out(s)
  if direct then sink(s) else n = n + 1; buf[n] = s end
end
local function go_direct()
  for i = 1, n do sink(buf[i]) end
  buf, n, direct = nil, 0, true
end
local function factory(sink, tostring, rawtostring, type, pack, pcall, error, getmetatable, rawget, seen)
  local bad = "'__tostring' must return a string"
  return function(...)
    local args = pack(...)
    for i = 1, args.n do
      local v, s = args[i], nil
      -- The raw __tostring metafield. Looked up in Lua where it can be (a Rust function
      -- deep in a __tostring recursion fails with an mlua error where lua5.4 raises "C
      -- stack overflow"); getmetatable gives __metatable's value for a protected metatable.
      local m, mm = getmetatable(v), nil
      if m ~= nil then
        if type(m) == "table" then
          mm = rawget(m, "__tostring")
        else
          -- A protected metatable: asked of Rust once per value and protection (then a
          -- __tostring recursion through it does not call Rust again at depth).
          local c = seen[v]
          if c == nil or c.m ~= m then
            c = {m = m, mm = rawtostring(v)}
            seen[v] = c
          end
          mm = c.mm
        end
      end
      if mm == nil then
        -- No metamethod to call: this cannot fail, nor take a C level.
        s = tostring(v)
      else
        -- One C level per nesting, as the C print's lua_call of the metamethod takes.
        local ok, r = pcall(mm, v)
        if not ok then error(r, 0) end
        local t = type(r)
        if t == "string" then s = r
        elseif t == "number" then s = tostring(r)
        else error(bad, 2) end
      end
      if i > 1 then sink("\t") end
      sink(s)
    end
    sink("\n")
  end
end
print = load(dump(factory, true), "=[C]", "b")(out, tostring, rawtostring, type, pack, pcall, error, getmetatable, rawget,
  setmetatable({}, {__mode = "k"}))
local function msghandler(msg)
  local t = type(msg)
  if t == "string" then return msg end
  if t == "number" then return tostring(msg) end
  local mm = rawtostring(msg)
  if mm ~= nil then
    local s = mm(msg)
    if type(s) == "string" then return s end
  end
  return "(error object is a " .. t .. " value)"
end
return function(f) return xpcall(f, msghandler) end, go_direct
"#;

/// Runs `src` (chunk name `@prog.lua`) on lua5.4: the output, then `error: MESSAGE` for an
/// uncaught error, as `differential::outcome` records the engines'. `None` when the run is
/// inconclusive (a limit above, or the library could not be set up).
pub fn run_lua54(src: &[u8], opts: RunOptions) -> Option<String> {
    if mentions_debug(src) {
        return None;
    }
    let out = Rc::new(RefCell::new(Vec::<u8>::new()));
    let limit_hit = Rc::new(Cell::new(false));
    let lua = Lua::new_with(StdLib::ALL_SAFE, LuaOptions::new()).ok()?;
    lua.set_memory_limit(MEMORY).ok()?;
    if opts.generational {
        lua.gc_gen(0, 0);
    }
    let sink = {
        let out = out.clone();
        lua.create_function(move |_, s: mlua::String| {
            out.borrow_mut().extend_from_slice(&s.as_bytes());
            Ok(())
        })
        .ok()?
    };
    let rawtostring = lua
        .create_function(|_, v: Value| {
            Ok(match v {
                Value::Table(t) => match t.metatable() {
                    Some(mt) => mt.raw_get::<Value>("__tostring")?,
                    None => Value::Nil,
                },
                _ => Value::Nil,
            })
        })
        .ok()?;
    let globals = lua.globals();
    let tostring: Function = globals.get("tostring").ok()?;
    let ty: Function = globals.get("type").ok()?;
    let pack: Function = globals.get::<mlua::Table>("table").ok()?.get("pack").ok()?;
    let load: Function = globals.get("load").ok()?;
    let dump: Function = globals
        .get::<mlua::Table>("string")
        .ok()?
        .get("dump")
        .ok()?;
    let pcall: Function = globals.get("pcall").ok()?;
    let error: Function = globals.get("error").ok()?;
    let (runner, go_direct): (Function, Function) = lua
        .load(PRELUDE)
        .set_name("=[C]")
        .call((
            sink,
            rawtostring,
            tostring,
            ty,
            pack,
            load,
            dump,
            pcall,
            error,
        ))
        .ok()?;
    set_budget_hook(&lua, limit_hit.clone());

    let error = match lua.load(src).set_name("@prog.lua").into_function() {
        Err(mlua::Error::SyntaxError { message, .. }) => Some(message),
        Err(_) => return None,
        Ok(f) => {
            let r: MultiValue = runner.call(f).ok()?;
            go_direct.call::<()>(()).ok()?;
            let mut r = r.into_iter();
            match (r.next(), r.next()) {
                (Some(Value::Boolean(true)), _) => None,
                (_, Some(Value::String(m))) => Some(m.to_string_lossy()),
                (_, m) => Some(format!("{m:?}")),
            }
        }
    };
    if error.is_none() && opts.close {
        drop(runner);
        drop(go_direct);
        drop(globals);
        drop(lua);
    }
    if limit_hit.get() {
        return None;
    }
    let mut s = String::from_utf8_lossy(&out.borrow()).into_owned();
    if let Some(message) = error {
        s.push_str("error: ");
        s.push_str(&message);
        s.push('\n');
    }
    if s.contains("not enough memory") {
        return None;
    }
    Some(s)
}

/// mlua opens the `debug` library only in `Lua::unsafe_new_with`, and the test kit keeps no
/// `unsafe` code, so this state has no `debug`: a program that names it (`generate_wide`
/// calls `debug.getinfo`) is inconclusive here instead of a false "lua5.4 differs from both
/// engines". The engines still compare it with each other, and the seeded tests with the
/// `lua5.4` program.
fn mentions_debug(src: &[u8]) -> bool {
    src.windows(5).any(|w| w == b"debug")
}

/// The count hook: after `INSTRUCTIONS` it raises an error, and from then on at every
/// instruction, so a program that catches it (`pcall` in a loop) still ends.
fn set_budget_hook(lua: &Lua, limit_hit: Rc<Cell<bool>>) {
    let periods = Cell::new(0u64);
    lua.set_hook(
        HookTriggers::new().every_nth_instruction(HOOK_PERIOD),
        move |lua, _| {
            periods.set(periods.get() + 1);
            if periods.get() * u64::from(HOOK_PERIOD) < INSTRUCTIONS {
                return Ok(VmState::Continue);
            }
            if !limit_hit.replace(true) {
                lua.set_hook(HookTriggers::new().every_nth_instruction(1), |_, _| {
                    Err(mlua::Error::runtime("instruction limit exceeded"))
                });
            }
            Err(mlua::Error::runtime("instruction limit exceeded"))
        },
    );
}
