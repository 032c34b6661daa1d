//! The basic library (§6.1 of the manual) on the VM.

use crate::stdlib::aux::{
    check_any, check_int, check_option, check_str, check_table, opt_int, opt_str, raise,
    register_lib,
};

use crate::shared::base_lib;
use crate::shared::number::Number;
use crate::shared::tm::Tm;
use crate::vm::error::{Exc, LResult, Thrown};
use crate::vm::function::Special;
use crate::vm::state::Vm;
use crate::vm::value::Value;

pub fn open(vm: &mut Vm) {
    register_lib(
        vm,
        "_G",
        &[
            ("assert", assert),
            ("collectgarbage", collectgarbage),
            ("dofile", dofile),
            ("error", error),
            ("getmetatable", getmetatable),
            ("ipairs", ipairs),
            ("load", load),
            ("loadfile", loadfile),
            ("next", next),
            ("pairs", pairs),
            ("print", print),
            ("rawequal", rawequal),
            ("rawget", rawget),
            ("rawlen", rawlen),
            ("rawset", rawset),
            ("select", select),
            ("setmetatable", setmetatable),
            ("tonumber", tonumber),
            ("tostring", tostring),
            ("type", type_),
            ("warn", warn),
        ],
    );
    // lua5.4's `ipairs` returns a light C function, the same value every time: here the
    // iterator is an upvalue of `ipairs`.
    let aux = vm.native("ipairs_aux", ipairs_aux);
    let ip = vm.native_with("ipairs", ipairs, vec![aux], Special::None);
    vm.set_global("ipairs", ip);
    // Likewise `pairs` returns the library's `next`, whatever the global `next` is now.
    let next_fn = vm.globals().get(vm.str(b"next"));
    let pairs_fn = vm.native_with("pairs", pairs, vec![next_fn], Special::None);
    vm.set_global("pairs", pairs_fn);
    let pc = vm.native_with("pcall", unreachable_special, Vec::new(), Special::Pcall);
    vm.set_global("pcall", pc);
    let xpc = vm.native_with("xpcall", unreachable_special, Vec::new(), Special::Xpcall);
    vm.set_global("xpcall", xpc);
    let g = Value::from_table(vm.globals());
    vm.set_global("_G", g);
    let v = vm.str(b"Lua 5.4");
    vm.set_global("_VERSION", v);
}

fn unreachable_special(vm: &mut Vm) -> LResult<usize> {
    Err(vm.lib_error("pcall called as a plain function"))
}

fn assert(vm: &mut Vm) -> LResult<usize> {
    let v = check_any(vm, 1)?;
    if v.is_truthy() {
        return Ok(vm.nargs());
    }
    // lua5.4 hands the message to `error` (level 1), which positions string messages.
    let msg = if vm.nargs() >= 2 {
        vm.arg(2)
    } else {
        vm.str(b"assertion failed!")
    };
    if let Some(s) = msg.as_string() {
        let mut m = vm.where_(1);
        m.extend_from_slice(s.as_bytes());
        return Err(Exc::Error(vm.str(&m)));
    }
    Err(Exc::Error(msg))
}

fn collectgarbage(vm: &mut Vm) -> LResult<usize> {
    const OPTS: [&str; 11] = [
        "stop",
        "restart",
        "collect",
        "count",
        "step",
        "setpause",
        "setstepmul",
        "isrunning",
        "generational",
        "incremental",
        "moonlab",
    ];
    let o = check_option(vm, 1, Some("collect"), &OPTS)?;
    if vm.in_gc && OPTS[o] != "moonlab" {
        // lua5.4: finalizers cannot run the collector; every option returns fail.
        return vm.ret1(Value::NIL);
    }
    let heap_int = |vm: &mut Vm, i: i64| vm.heap.int(i);
    match OPTS[o] {
        "stop" => {
            vm.heap.set_stopped(true);
            let z = heap_int(vm, 0);
            vm.ret1(z)
        }
        "restart" => {
            vm.heap.set_stopped(false);
            let z = heap_int(vm, 0);
            vm.ret1(z)
        }
        "collect" => {
            vm.full_gc()?;
            let z = heap_int(vm, 0);
            vm.ret1(z)
        }
        "count" => {
            let kb = vm.heap.bytes_in_use() as f64 / 1024.0;
            vm.ret1(Value::from_float(kb))
        }
        "step" => {
            let kb = opt_int(vm, 2, 0)?;
            let finished = vm.gc_step_api(kb)?;
            vm.ret1(Value::from_bool(finished))
        }
        "setpause" => {
            let p = opt_int(vm, 2, 0)?;
            let old = vm.heap.pause.replace(p.clamp(0, 100_000) as u32);
            let v = heap_int(vm, old as i64);
            vm.ret1(v)
        }
        "setstepmul" => {
            let p = opt_int(vm, 2, 0)?;
            let old = vm.heap.stepmul.replace(p.clamp(0, 100_000) as u32);
            let v = heap_int(vm, old as i64);
            vm.ret1(v)
        }
        "isrunning" => {
            let r = !vm.heap.stopped.get();
            vm.ret1(Value::from_bool(r))
        }
        "generational" | "incremental" => {
            let gen = OPTS[o] == "generational";
            // Parameters as lua5.4's `lua_gc`: zero (or absent) keeps the current value.
            let h = &vm.heap;
            let set = |c: &std::cell::Cell<u32>, v: i64| {
                if v != 0 {
                    c.set(v.clamp(0, 100_000) as u32);
                }
            };
            if gen {
                let (minor, major) = (opt_int(vm, 2, 0)?, opt_int(vm, 3, 0)?);
                set(&h.minormul, minor);
                set(&h.majormul, major);
            } else {
                let (pause, mul, size) =
                    (opt_int(vm, 2, 0)?, opt_int(vm, 3, 0)?, opt_int(vm, 4, 0)?);
                set(&h.pause, pause);
                set(&h.stepmul, mul);
                if size != 0 {
                    h.stepsize_log2.set(size.clamp(1, 40) as u32);
                }
            }
            let old = vm.heap.generational.get();
            vm.set_gc_mode(gen)?;
            let name: &[u8] = if old { b"generational" } else { b"incremental" };
            let v = vm.str(name);
            vm.ret1(v)
        }
        _ => {
            // moonlab's own counters: a table (documented in README).
            let s = vm.heap.stats();
            let t = vm.new_table(0, 24);
            let fields: [(&str, u64); 14] = [
                ("cycles", s.cycles),
                ("major_cycles", s.major_cycles),
                ("minor_cycles", s.minor_cycles),
                ("pauses", s.pauses),
                ("pause_total_ns", s.pause_total_ns),
                ("pause_max_ns", s.pause_max_ns),
                ("barriers", s.barriers),
                ("objects_allocated", s.objects_allocated),
                ("objects_freed", s.objects_freed),
                ("bytes_allocated", s.bytes_allocated_total),
                ("bytes_freed", s.bytes_freed_total),
                ("finalizers_run", s.finalizers_run),
                ("weak_entries_cleared", s.weak_entries_cleared),
                ("objects_resurrected", s.objects_resurrected),
            ];
            for (k, v) in fields {
                let kv = vm.str(k.as_bytes());
                let vv = vm.heap.int(v as i64);
                t.set(&vm.heap, kv, vv).expect("string key");
            }
            let live_bytes = vm.heap.int(vm.heap.bytes_in_use() as i64);
            let kv = vm.str(b"live_bytes");
            t.set(&vm.heap, kv, live_bytes).expect("string key");
            let mode: &[u8] = if vm.heap.generational.get() {
                b"generational"
            } else {
                b"incremental"
            };
            let (kv, mv) = (vm.str(b"mode"), vm.str(mode));
            t.set(&vm.heap, kv, mv).expect("string key");
            let by_type = vm.new_table(0, 8);
            for (name, n) in crate::gc::heap::live_by_type(&vm.heap) {
                let (kv, nv) = (vm.str(name.as_bytes()), vm.heap.int(n as i64));
                by_type.set(&vm.heap, kv, nv).expect("string key");
            }
            let kv = vm.str(b"live_objects");
            t.set(&vm.heap, kv, Value::from_table(by_type))
                .expect("string key");
            vm.ret1(Value::from_table(t))
        }
    }
}

fn error(vm: &mut Vm) -> LResult<usize> {
    let v = vm.arg(1);
    let level = opt_int(vm, 2, 1)?;
    if let Some(s) = v.as_string() {
        if level > 0 {
            let mut m = vm.where_(level as usize);
            m.extend_from_slice(s.as_bytes());
            return Err(Exc::Error(vm.str(&m)));
        }
    }
    Err(Exc::Error(v))
}

fn getmetatable(vm: &mut Vm) -> LResult<usize> {
    let v = check_any(vm, 1)?;
    let Some(mt) = vm.metatable_of(v) else {
        return vm.ret1(Value::NIL);
    };
    let protected = mt.get(vm.tm_name(Tm::Metatable));
    if !protected.is_nil() {
        return vm.ret1(protected);
    }
    vm.ret1(Value::from_table(mt))
}

fn setmetatable(vm: &mut Vm) -> LResult<usize> {
    let t = check_table(vm, 1)?;
    let m = vm.arg(2);
    if vm.nargs() < 2 || !(m.is_nil() || m.is_table()) {
        return Err(vm.arg_type_error(2, "nil or table"));
    }
    if let Some(old) = t.metatable.get() {
        if !old.get(vm.tm_name(Tm::Metatable)).is_nil() {
            return Err(vm.lib_error("cannot change a protected metatable"));
        }
    }
    t.set_metatable(&vm.heap, m.as_table());
    if let Some(mt) = m.as_table() {
        if !mt.get(vm.tm_name(Tm::Gc)).is_nil() {
            vm.register_finalizer(Value::from_table(t));
        }
    }
    vm.ret1(Value::from_table(t))
}

fn ipairs_aux(vm: &mut Vm) -> LResult<usize> {
    let t = vm.arg(1);
    let i = check_int(vm, 2)?.wrapping_add(1);
    let k = vm.heap.int(i);
    let v = vm.index(t, k)?;
    if v.is_nil() {
        return vm.ret1(Value::NIL);
    }
    vm.push(k)?;
    vm.push(v)?;
    Ok(2)
}

fn ipairs(vm: &mut Vm) -> LResult<usize> {
    let t = check_any(vm, 1)?;
    let f = vm.upvalue(0);
    vm.push(f)?;
    vm.push(t)?;
    vm.push(Value::inline_int_unchecked(0))?;
    Ok(3)
}

fn next(vm: &mut Vm) -> LResult<usize> {
    let t = check_table(vm, 1)?;
    let k = vm.arg(2);
    match t.next(&vm.heap, k) {
        Ok(Some((k, v))) => {
            vm.push(k)?;
            vm.push(v)?;
            Ok(2)
        }
        Ok(None) => vm.ret1(Value::NIL),
        Err(e) => Err(vm.rt_error(e.message())),
    }
}

fn pairs(vm: &mut Vm) -> LResult<usize> {
    let t = check_any(vm, 1)?;
    let h = vm.metamethod(t, Tm::Pairs);
    if h.is_nil() {
        let f = vm.upvalue(0);
        vm.push(f)?;
        vm.push(t)?;
        vm.push(Value::NIL)?;
        return Ok(3);
    }
    // __pairs may yield (lua5.4's pairs continues with `pairscont`).
    let func = vm.th.top;
    vm.push(h)?;
    vm.push(t)?;
    vm.call_passing_yields(func, 3)
}

fn print(vm: &mut Vm) -> LResult<usize> {
    // Each argument is written as soon as it is converted (`base_lib::print_arg`).
    let n = vm.nargs();
    for j in 1..=n {
        let v = vm.arg(j);
        let s = vm.tostring(v)?;
        let text = s.as_string().expect("tostring gives strings");
        base_lib::print_arg(&mut *vm.out, j, text.as_bytes());
    }
    base_lib::print_end(&mut *vm.out);
    Ok(0)
}

fn rawequal(vm: &mut Vm) -> LResult<usize> {
    let a = check_any(vm, 1)?;
    let b = check_any(vm, 2)?;
    let r = vm.raw_equal(a, b);
    vm.ret1(Value::from_bool(r))
}

fn rawget(vm: &mut Vm) -> LResult<usize> {
    let t = check_table(vm, 1)?;
    let k = check_any(vm, 2)?;
    vm.ret1(t.get(k))
}

fn rawset(vm: &mut Vm) -> LResult<usize> {
    let t = check_table(vm, 1)?;
    let k = check_any(vm, 2)?;
    let v = check_any(vm, 3)?;
    t.set(&vm.heap, k, v)
        .map_err(|e| vm.rt_error(e.message()))?;
    vm.check_growth()?;
    vm.ret1(Value::from_table(t))
}

fn rawlen(vm: &mut Vm) -> LResult<usize> {
    let v = vm.arg(1);
    let n = if let Some(t) = v.as_table() {
        t.border()
    } else if let Some(s) = v.as_string() {
        s.len() as i64
    } else {
        return Err(vm.arg_type_error(1, "table or string"));
    };
    let r = vm.heap.int(n);
    vm.ret1(r)
}

fn select(vm: &mut Vm) -> LResult<usize> {
    let count = vm.nargs().saturating_sub(1);
    let first = vm.arg(1).as_string();
    if first.is_some_and(|s| base_lib::select_counts(s.as_bytes())) {
        let r = vm.heap.int(count as i64);
        return vm.ret1(r);
    }
    let i = check_int(vm, 1)?;
    // The results are the last arguments, already on the stack below top.
    base_lib::select_count(i, count).map_err(|e| raise(vm, e))
}

fn tonumber(vm: &mut Vm) -> LResult<usize> {
    if vm.arg(2).is_nil() {
        let v = check_any(vm, 1)?;
        if v.is_number() {
            return vm.ret1(v);
        }
        if let Some(s) = v.as_string() {
            if let Some(n) = crate::shared::number::str2number(s.as_bytes()) {
                let r = vm.number_value(n);
                return vm.ret1(r);
            }
        }
        return vm.ret1(Value::NIL);
    }
    let base = check_int(vm, 2)?;
    let v = vm.arg(1);
    let Some(s) = v.as_string() else {
        return Err(vm.arg_type_error(1, "string"));
    };
    match base_lib::tonumber_base(s.as_bytes(), base).map_err(|e| raise(vm, e))? {
        Some(i) => {
            let r = vm.number_value(Number::Int(i));
            vm.ret1(r)
        }
        None => vm.ret1(Value::NIL),
    }
}

fn tostring(vm: &mut Vm) -> LResult<usize> {
    let v = check_any(vm, 1)?;
    let s = vm.tostring(v)?;
    vm.ret1(s)
}

fn type_(vm: &mut Vm) -> LResult<usize> {
    let v = check_any(vm, 1)?;
    let s = vm.str(v.lua_type().name().as_bytes());
    vm.ret1(s)
}

/// `warn(msg1, ...)`: every piece checked first, then sent as lua5.4's pieces (all but the
/// last "to be continued"), so that only a one-piece message can be a control message
/// (`warn("@on", "x")` is text).
fn warn(vm: &mut Vm) -> LResult<usize> {
    let n = vm.nargs();
    check_str(vm, 1)?;
    let mut pieces = Vec::with_capacity(n);
    for j in 1..=n {
        pieces.push(check_str(vm, j)?.to_vec());
    }
    for (j, p) in pieces.iter().enumerate() {
        vm.warning(p, j + 1 < n);
    }
    Ok(0)
}

/// Reads a whole chunk from a reader function (`load` with a function argument). It stops
/// after the first piece when that piece's kind (text or binary) is one `mode` refuses, as
/// lua5.4 checks the mode on the first byte: a reader that never ends is not read forever
/// for a chunk that will be refused anyway (the caller reports the mode error).
fn read_chunk(vm: &mut Vm, f: Value, mode: &[u8]) -> LResult<Vec<u8>> {
    let mut src = Vec::new();
    loop {
        if let Some(&first) = src.first() {
            if base_lib::check_load_mode(mode, first == 0x1b).is_err() {
                break;
            }
        }
        let mut r = Vec::new();
        vm.protected(|vm| {
            r = vm.call_function(f, &[])?;
            Ok(())
        })
        .map_err(|e| e.unwrap_or(Exc::YIELD))?;
        let piece = r.first().copied().unwrap_or(Value::NIL);
        if piece.is_nil() {
            break;
        }
        if piece.is_number() {
            src.extend_from_slice(&vm.tostring_basic(piece));
            continue;
        }
        let Some(s) = piece.as_string() else {
            return Err(vm.lib_error("reader function must return a string"));
        };
        if s.is_empty() {
            break;
        }
        src.extend_from_slice(s.as_bytes());
    }
    Ok(src)
}

fn load_common(
    vm: &mut Vm,
    src: &[u8],
    chunkname: &[u8],
    mode: &[u8],
    env: Option<Value>,
) -> LResult<usize> {
    // Reading and parsing are work a limit sees (one unit per 16 bytes, as `io` writes).
    vm.charge((src.len() as u64 + chunkname.len() as u64) / 16)?;
    match vm.load_chunk(src, chunkname, mode, env) {
        Ok(f) => vm.ret1(f),
        Err(msg) => {
            vm.push(Value::NIL)?;
            let s = vm.str(&msg);
            vm.push(s)?;
            Ok(2)
        }
    }
}

fn load(vm: &mut Vm) -> LResult<usize> {
    load_with(vm, None)
}

/// `load` for a sandbox: text chunks only, whatever mode the caller asks for (binary
/// chunks are checked by the verifier, but a sandbox should not depend on it).
pub(crate) fn load_text_only(vm: &mut Vm) -> LResult<usize> {
    load_with(vm, Some(b"t"))
}

fn load_with(vm: &mut Vm, forced_mode: Option<&[u8]>) -> LResult<usize> {
    let chunk = vm.arg(1);
    let mode = opt_str(vm, 3)?.map_or(b"bt".to_vec(), |s| s.to_vec());
    let mode = forced_mode.map_or(mode, |m| m.to_vec());
    let env = if vm.nargs() >= 4 {
        Some(vm.arg(4))
    } else {
        None
    };
    if chunk.is_string() || chunk.is_number() {
        let src = check_str(vm, 1)?.to_vec();
        let name = opt_str(vm, 2)?.map_or_else(|| src.clone(), |n| n.to_vec());
        return load_common(vm, &src, &name, &mode, env);
    }
    if chunk.is_function() {
        let name = opt_str(vm, 2)?.map_or(b"=(load)".to_vec(), |n| n.to_vec());
        let src = match read_chunk(vm, chunk, &mode).map_err(Exc::get) {
            Ok(s) => s,
            Err(Thrown::Error(e)) if vm.limit_hit => return Err(Exc::Error(e)),
            Err(Thrown::Error(e)) => {
                // The reader's errors (not the parser's) pass the current message handler.
                let e = vm.through_current_handler(e)?;
                vm.push(Value::NIL)?;
                vm.push(e)?;
                return Ok(2);
            }
            Err(Thrown::Yield) => return Err(Exc::YIELD),
        };
        return load_common(vm, &src, &name, &mode, env);
    }
    // lua5.4 checks the chunk name before the chunk's type.
    opt_str(vm, 2)?;
    Err(vm.arg_type_error(1, "function"))
}

/// (source, chunk name), or the message of a file that could not be read.
type FileChunk = Result<(Vec<u8>, Vec<u8>), Vec<u8>>;

fn read_file(vm: &mut Vm, n: usize) -> LResult<FileChunk> {
    let name = opt_str(vm, n)?;
    Ok(base_lib::read_chunk_file(name.as_deref()))
}

fn loadfile(vm: &mut Vm) -> LResult<usize> {
    // lua5.4's order: the file name is checked before the mode.
    let name = opt_str(vm, 1)?.map(|s| s.to_vec());
    let mode = opt_str(vm, 2)?.map_or(b"bt".to_vec(), |s| s.to_vec());
    let env = if vm.nargs() >= 3 {
        Some(vm.arg(3))
    } else {
        None
    };
    match base_lib::read_chunk_file(name.as_deref()) {
        Ok((src, name)) => load_common(vm, &src, &name, &mode, env),
        Err(msg) => {
            vm.push(Value::NIL)?;
            let s = vm.str(&msg);
            vm.push(s)?;
            Ok(2)
        }
    }
}

fn dofile(vm: &mut Vm) -> LResult<usize> {
    let (src, name) = match read_file(vm, 1)? {
        Ok(x) => x,
        Err(msg) => return Err(Exc::Error(vm.str(&msg))),
    };
    let f = vm
        .load_chunk(&src, &name, b"bt", None)
        .map_err(|m| Exc::Error(vm.str(&m)))?;
    let func = vm.th.top;
    vm.push(f)?;
    // The chunk may yield (lua5.4's dofile continues with `dofilecont`).
    vm.call_passing_yields(func, -1)
}
