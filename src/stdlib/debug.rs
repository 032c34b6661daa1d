//! The debug library (§6.10) on the VM: tracebacks, `getinfo`, locals, upvalues,
//! metatables of any type, user values and hooks. The stack is read through
//! `vm::debug_info` (any thread's frames); the option, mask and layout rules are in
//! `shared::debug_lib`.

use crate::gc::Gc;
use crate::shared::debug_lib::{self, InfoWhat};
use crate::shared::number;
use crate::shared::tm::Tm;
use crate::stdlib::aux::{check_any, check_int, opt_int, opt_str, raise, register_lib};
use crate::vm::debug_info::Level;
use crate::vm::error::{LResult, Thrown};
use crate::vm::state::Vm;
use crate::vm::thread::{Thread, ThreadState};
use crate::vm::value::Value;

pub fn open(vm: &mut Vm) {
    register_lib(
        vm,
        "debug",
        &[
            ("debug", debug),
            ("getuservalue", getuservalue),
            ("gethook", gethook),
            ("getinfo", getinfo),
            ("getlocal", getlocal),
            ("getregistry", getregistry),
            ("getmetatable", getmetatable),
            ("getupvalue", getupvalue),
            ("upvaluejoin", upvaluejoin),
            ("upvalueid", upvalueid),
            ("setuservalue", setuservalue),
            ("sethook", sethook),
            ("setlocal", setlocal),
            ("setmetatable", setmetatable),
            ("setupvalue", setupvalue),
            ("traceback", traceback),
            ("setcstacklimit", setcstacklimit),
        ],
    );
}

/// `getthread`: an optional thread first; the number of the argument it took (0 or 1).
fn get_thread(vm: &Vm) -> (Option<Gc<Thread>>, usize) {
    match vm.arg(1).as_thread() {
        Some(t) if t != vm.cur => (Some(t), 1),
        Some(_) => (None, 1),
        None => (None, 0),
    }
}

/// Runs `f` on the state of `co` (the running thread's when `None`), telling it whether
/// that is the main thread.
fn with_state<R>(vm: &Vm, co: Option<Gc<Thread>>, f: impl FnOnce(&ThreadState, bool) -> R) -> R {
    match co {
        Some(t) => {
            let s = t.parked();
            f(&s, t == vm.main_thread)
        }
        None => f(&vm.th, vm.cur == vm.main_thread),
    }
}

/// `lua_tostring` of an argument: strings, and numbers as text.
fn to_text(vm: &Vm, v: Value) -> Option<Vec<u8>> {
    if let Some(s) = v.as_string() {
        return Some(s.as_bytes().to_vec());
    }
    let n = vm.to_number_raw(v)?;
    let mut out = Vec::new();
    number::fmt_number(n, &mut out);
    Some(out)
}

fn traceback(vm: &mut Vm) -> LResult<usize> {
    let (co, arg) = get_thread(vm);
    let m = vm.arg(arg + 1);
    let msg = to_text(vm, m);
    if msg.is_none() && !m.is_nil() {
        return vm.ret1(m);
    }
    let level = opt_int(vm, arg + 2, if co.is_none() { 1 } else { 0 })?;
    let text = with_state(vm, co, |th, main| {
        vm.traceback_levels(th, msg.as_deref(), level, main)
    });
    let v = vm.str_owned(text);
    vm.ret1(v)
}

/// What `getinfo` reports about a level or a function.
struct Info {
    func: Value,
    /// `ftransfer`, `ntransfer`.
    transfer: (i64, i64),
    line: i64,
    name: Option<(&'static str, String)>,
    tail: bool,
}

fn getinfo(vm: &mut Vm) -> LResult<usize> {
    let (co, arg) = get_thread(vm);
    let options = match opt_str(vm, arg + 2)? {
        Some(s) => s.to_vec(),
        None => debug_lib::DEFAULT_INFO_OPTIONS.to_vec(),
    };
    if options.first() == Some(&b'>') {
        return Err(vm.arg_error(arg + 2, "invalid option '>'"));
    }
    let target = vm.arg(arg + 1);
    let info = if target.is_function() {
        Info {
            func: target,
            transfer: (0, 0),
            line: -1,
            name: None,
            tail: false,
        }
    } else {
        let level = check_int(vm, arg + 1)?;
        let found = with_state(vm, co, |th, main| {
            let lv = vm.level_at(th, main, level)?;
            let transfer = match (co, lv, vm.hook_transfer) {
                (None, Level::Frame(fi), Some((hf, first, n))) if hf == fi => (first, n),
                _ => (0, 0),
            };
            Some(Info {
                transfer,
                func: vm.level_function(th, lv),
                line: vm.level_line(th, lv),
                name: vm.level_name(th, lv),
                tail: Vm::level_is_tail(th, lv),
            })
        });
        match found {
            Some(i) => i,
            None => return vm.ret1(Value::NIL),
        }
    };
    let what: InfoWhat = debug_lib::info_options(&options, arg + 2).map_err(|e| raise(vm, e))?;
    let t = vm.new_table(0, 8);
    let set = |vm: &Vm, k: &str, v: Value| {
        let key = vm.str(k.as_bytes());
        t.set(&vm.heap, key, v).expect("string key");
    };
    let desc = vm.func_desc(info.func);
    if what.source {
        set(vm, "source", vm.str(&desc.source));
        set(vm, "short_src", vm.str(&desc.short_src));
        set(vm, "linedefined", vm.heap.int(desc.line_defined));
        set(vm, "lastlinedefined", vm.heap.int(desc.last_line_defined));
        set(vm, "what", vm.str(desc.what.as_bytes()));
    }
    if what.line {
        set(vm, "currentline", vm.heap.int(info.line));
    }
    if what.upvalues {
        set(vm, "nups", vm.heap.int(desc.nups as i64));
        set(vm, "nparams", vm.heap.int(desc.nparams as i64));
        set(vm, "isvararg", Value::from_bool(desc.is_vararg));
    }
    if what.name {
        let (namewhat, name) = match &info.name {
            Some((w, n)) => (*w, Some(n.as_str())),
            None => ("", None),
        };
        if let Some(n) = name {
            set(vm, "name", vm.str(n.as_bytes()));
        }
        set(vm, "namewhat", vm.str(namewhat.as_bytes()));
    }
    if what.transfer {
        set(vm, "ftransfer", vm.heap.int(info.transfer.0));
        set(vm, "ntransfer", vm.heap.int(info.transfer.1));
    }
    if what.tail {
        set(vm, "istailcall", Value::from_bool(info.tail));
    }
    if what.active_lines {
        if let Some(lines) = vm.active_lines(info.func) {
            let lt = vm.new_table(0, lines.len());
            for l in lines {
                lt.set_int(&vm.heap, i64::from(l), Value::TRUE);
            }
            set(vm, "activelines", Value::from_table(lt));
        }
    }
    if what.func {
        set(vm, "func", info.func);
    }
    vm.ret1(Value::from_table(t))
}

/// The frame index of `level` in `co`, or the "level out of range" error.
fn frame_at(vm: &Vm, co: Option<Gc<Thread>>, level: i64, argn: usize) -> LResult<Option<usize>> {
    match with_state(vm, co, |th, main| vm.level_at(th, main, level)) {
        Some(Level::Frame(fi)) => Ok(Some(fi)),
        // The host's level has no locals the debug library can see.
        Some(Level::Host) => Ok(None),
        None => Err(vm.arg_error(argn, "level out of range")),
    }
}

fn getlocal(vm: &mut Vm) -> LResult<usize> {
    let (co, arg) = get_thread(vm);
    let n = check_int(vm, arg + 2)?;
    let f = vm.arg(arg + 1);
    if f.is_function() {
        let name = vm
            .param_name(f, n)
            .map_or(Value::NIL, |s| vm.str(s.as_bytes()));
        return vm.ret1(name);
    }
    let level = check_int(vm, arg + 1)?;
    let found = frame_at(vm, co, level, arg + 1)?.and_then(|fi| {
        with_state(vm, co, |th, _| {
            vm.find_local(th, fi, n)
                .map(|(name, pos)| (name, th.stack[pos]))
        })
    });
    match found {
        Some((name, v)) => {
            let name = vm.str(name.as_bytes());
            vm.push(name)?;
            vm.push(v)?;
            Ok(2)
        }
        None => vm.ret1(Value::NIL),
    }
}

fn setlocal(vm: &mut Vm) -> LResult<usize> {
    let (co, arg) = get_thread(vm);
    let level = check_int(vm, arg + 1)?;
    let n = check_int(vm, arg + 2)?;
    let fi = frame_at(vm, co, level, arg + 1)?;
    let v = check_any(vm, arg + 3)?;
    let found = fi.and_then(|fi| with_state(vm, co, |th, _| vm.find_local(th, fi, n)));
    let Some((name, pos)) = found else {
        return vm.ret1(Value::NIL);
    };
    match co {
        Some(t) => t.parked_mut().stack[pos] = v,
        None => vm.th.stack[pos] = v,
    }
    let name = vm.str(name.as_bytes());
    vm.ret1(name)
}

fn check_function(vm: &Vm, n: usize) -> LResult<Value> {
    let f = vm.arg(n);
    if f.is_function() {
        Ok(f)
    } else {
        Err(vm.arg_type_error(n, "function"))
    }
}

fn getupvalue(vm: &mut Vm) -> LResult<usize> {
    let n = check_int(vm, 2)?;
    let f = check_function(vm, 1)?;
    let Some((name, r)) = vm.upvalue_ref(f, n) else {
        return Ok(0);
    };
    let name = vm.str(name.as_bytes());
    let v = vm.upvalue_get(r);
    vm.push(name)?;
    vm.push(v)?;
    Ok(2)
}

fn setupvalue(vm: &mut Vm) -> LResult<usize> {
    let v = check_any(vm, 3)?;
    let n = check_int(vm, 2)?;
    let f = check_function(vm, 1)?;
    let Some((name, r)) = vm.upvalue_ref(f, n) else {
        return Ok(0);
    };
    vm.upvalue_set(r, v);
    let name = vm.str(name.as_bytes());
    vm.ret1(name)
}

/// `checkupval`: the upvalue's identity, if `f` has upvalue `n`.
fn check_upval(vm: &Vm, argf: usize, argn: usize) -> LResult<(Value, i64, Option<usize>)> {
    let n = check_int(vm, argn)?;
    let f = check_function(vm, argf)?;
    let id = vm.upvalue_ref(f, n).map(|(_, r)| vm.upvalue_id(r));
    Ok((f, n, id))
}

fn upvalueid(vm: &mut Vm) -> LResult<usize> {
    let (_, _, id) = check_upval(vm, 1, 2)?;
    vm.ret1(id.map_or(Value::NIL, Value::light_userdata))
}

fn upvaluejoin(vm: &mut Vm) -> LResult<usize> {
    let (f1, n1, id1) = check_upval(vm, 1, 2)?;
    if id1.is_none() {
        return Err(vm.arg_error(2, "invalid upvalue index"));
    }
    let (f2, n2, id2) = check_upval(vm, 3, 4)?;
    if id2.is_none() {
        return Err(vm.arg_error(4, "invalid upvalue index"));
    }
    if !f1.is_lua_closure() {
        return Err(vm.arg_error(1, "Lua function expected"));
    }
    if !f2.is_lua_closure() {
        return Err(vm.arg_error(3, "Lua function expected"));
    }
    vm.upvalue_join(f1, n1 as usize, f2, n2 as usize);
    Ok(0)
}

fn getregistry(vm: &mut Vm) -> LResult<usize> {
    vm.ret1(Value::from_table(vm.registry))
}

fn getmetatable(vm: &mut Vm) -> LResult<usize> {
    let v = check_any(vm, 1)?;
    let mt = vm.metatable_of(v).map_or(Value::NIL, Value::from_table);
    vm.ret1(mt)
}

/// `debug.setmetatable`: any type, no `__metatable` protection; numbers, strings, booleans,
/// nil, functions and threads share one metatable per type.
fn setmetatable(vm: &mut Vm) -> LResult<usize> {
    let v = vm.arg(1);
    let m = vm.arg(2);
    if vm.nargs() < 2 || !(m.is_nil() || m.is_table()) {
        return Err(vm.arg_type_error(2, "nil or table"));
    }
    let mt = m.as_table();
    if let Some(t) = v.as_table() {
        t.set_metatable(&vm.heap, mt);
    } else if let Some(u) = v.as_userdata() {
        u.metatable.set(mt);
        vm.heap.barrier(u.header());
    } else {
        vm.type_mt[v.lua_type().index()] = mt;
    }
    if (v.is_table() || v.is_userdata())
        && mt.is_some_and(|mt| !mt.get(vm.tm_name(Tm::Gc)).is_nil())
    {
        vm.register_finalizer(v);
    }
    vm.ret1(v)
}

fn getuservalue(vm: &mut Vm) -> LResult<usize> {
    let n = opt_int(vm, 2, 1)?;
    let Some(u) = vm.arg(1).as_userdata() else {
        return vm.ret1(Value::NIL);
    };
    if n != 1 || u.user_values == 0 {
        return vm.ret1(Value::NIL);
    }
    vm.push(u.user_value.get())?;
    vm.push(Value::TRUE)?;
    Ok(2)
}

fn setuservalue(vm: &mut Vm) -> LResult<usize> {
    let n = opt_int(vm, 3, 1)?;
    let Some(u) = vm.arg(1).as_userdata() else {
        return Err(vm.arg_type_error(1, "userdata"));
    };
    let v = check_any(vm, 2)?;
    if n != 1 || u.user_values == 0 {
        return vm.ret1(Value::NIL);
    }
    u.user_value.set(v);
    vm.heap.barrier(u.header());
    vm.ret1(Value::from_userdata(u))
}

/// Deprecated in 5.4.4: the C stack is not configurable, and the call answers the fixed
/// limit (`LUAI_MAXCCALLS`).
fn setcstacklimit(vm: &mut Vm) -> LResult<usize> {
    check_int(vm, 1)?;
    vm.ret1(Value::inline_int_unchecked(i64::from(
        crate::shared::limits::MAX_C_CALLS,
    )))
}

fn sethook(vm: &mut Vm) -> LResult<usize> {
    let (co, arg) = get_thread(vm);
    let (f, mask, count) = if vm.arg(arg + 1).is_nil() {
        (Value::NIL, 0, 0)
    } else {
        let smask = crate::stdlib::aux::check_str(vm, arg + 2)?.to_vec();
        let f = check_function(vm, arg + 1)?;
        let count = opt_int(vm, arg + 3, 0)?;
        (f, debug_lib::make_mask(&smask, count), count)
    };
    let thread = co.unwrap_or(vm.cur);
    vm.set_hook(thread, f, mask, count);
    Ok(0)
}

fn gethook(vm: &mut Vm) -> LResult<usize> {
    let (co, _) = get_thread(vm);
    let thread = co.unwrap_or(vm.cur);
    let Some((f, mask, count)) = vm.get_hook(thread) else {
        return vm.ret1(Value::NIL);
    };
    let m = vm.str(debug_lib::unmake_mask(mask).as_bytes());
    vm.push(f)?;
    vm.push(m)?;
    vm.push(vm.heap.int(count))?;
    Ok(3)
}

/// `debug.debug`: reads lines from stdin and runs each until "cont" or the end of input;
/// errors are reported on stderr and the loop goes on.
fn debug(vm: &mut Vm) -> LResult<usize> {
    use std::io::{BufRead, Write};
    let stdin = std::io::stdin();
    loop {
        let _ = std::io::stderr().write_all(b"lua_debug> ");
        let mut line = Vec::new();
        match stdin.lock().read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return Ok(0),
            Ok(_) => {}
        }
        if line == b"cont\n" {
            return Ok(0);
        }
        let top = vm.th.top;
        let err = match vm.load(&line, b"=(debug command)", None) {
            Ok(f) => match vm.protected(|vm| vm.call_function(f, &[]).map(|_| ())) {
                Ok(()) => None,
                Err(Some(e)) => Some(match e.get() {
                    Thrown::Error(v) => v,
                    Thrown::Yield => vm.str(b"attempt to yield across a C-call boundary"),
                }),
                Err(None) => None,
            },
            Err(msg) => Some(vm.str(&msg)),
        };
        if let Some(e) = err {
            let mut msg = match vm.tostring(e) {
                Ok(s) => s
                    .as_string()
                    .map_or_else(Vec::new, |s| s.as_bytes().to_vec()),
                Err(_) => vm.tostring_basic(e),
            };
            msg.push(b'\n');
            let _ = std::io::stderr().write_all(&msg);
        }
        vm.th.top = top;
    }
}
