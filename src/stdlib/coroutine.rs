//! The coroutine library (§6.2) on the VM, over the switching in `vm::coroutine`.

use crate::gc::Gc;
use crate::stdlib::aux::register_lib;
use crate::vm::coroutine::Resumed;
use crate::vm::error::{Exc, LResult};
use crate::vm::function::Special;
use crate::vm::state::Vm;
use crate::vm::thread::{CoStatus, Thread};
use crate::vm::value::Value;

pub fn open(vm: &mut Vm) {
    register_lib(
        vm,
        "coroutine",
        &[
            ("create", create),
            ("resume", resume),
            ("yield", yield_),
            ("status", status),
            ("wrap", wrap),
            ("isyieldable", isyieldable),
            ("running", running),
            ("close", close),
        ],
    );
}

fn check_thread(vm: &Vm, n: usize) -> LResult<Gc<Thread>> {
    vm.arg(n)
        .as_thread()
        .ok_or_else(|| vm.arg_type_error(n, "thread"))
}

fn check_function(vm: &Vm, n: usize) -> LResult<Value> {
    let f = vm.arg(n);
    if f.is_function() {
        Ok(f)
    } else {
        Err(vm.arg_type_error(n, "function"))
    }
}

fn create(vm: &mut Vm) -> LResult<usize> {
    let f = check_function(vm, 1)?;
    let co = vm.new_thread(f);
    vm.ret1(Value::from_thread(co))
}

fn push_values(vm: &mut Vm, first: Option<Value>, vals: &[Value]) -> LResult<usize> {
    let extra = usize::from(first.is_some());
    if !vm.has_room(vals.len() + extra) {
        return Err(vm.lib_error("too many results to resume"));
    }
    if let Some(f) = first {
        vm.push(f)?;
    }
    for &v in vals {
        vm.push(v)?;
    }
    Ok(vals.len() + extra)
}

fn resume(vm: &mut Vm) -> LResult<usize> {
    let co = check_thread(vm, 1)?;
    match vm.resume_native_args(co, 2) {
        Ok(Resumed::Values { start, n, .. }) => {
            // Too many values for the resumer's stack is a failed resume, not an error
            // (auxresume's `lua_checkstack`).
            if !vm.has_room(n + 1) {
                let m = vm.str(b"too many results to resume");
                return push_values(vm, Some(Value::FALSE), &[m]);
            }
            // Room checked just above: no second test as `push` makes.
            let th = &mut vm.th;
            th.stack[th.top] = Value::TRUE;
            th.top += 1;
            vm.push_resumed(co, start, n);
            Ok(n + 1)
        }
        Ok(Resumed::Error(e)) => push_values(vm, Some(Value::FALSE), &[e]),
        Err(msg) => {
            let m = vm.str(msg.as_bytes());
            push_values(vm, Some(Value::FALSE), &[m])
        }
    }
}

fn yield_(vm: &mut Vm) -> LResult<usize> {
    // `yield_values` checks yieldability (lua_yieldk's errors, without a position).
    let n = vm.nargs();
    vm.yield_values(n)
}

fn status_name(vm: &Vm, co: Gc<Thread>) -> &'static str {
    match vm.thread_status(co) {
        CoStatus::Suspended => "suspended",
        CoStatus::Running => "running",
        CoStatus::Normal => "normal",
        CoStatus::Dead => "dead",
    }
}

fn status(vm: &mut Vm) -> LResult<usize> {
    let co = check_thread(vm, 1)?;
    let s = vm.str(status_name(vm, co).as_bytes());
    vm.ret1(s)
}

/// The function `wrap` returns: resumes its coroutine (upvalue 0) and propagates errors,
/// prefixing string errors with the caller's position as `auxwrap` does.
fn wrap_aux(vm: &mut Vm) -> LResult<usize> {
    let co = vm
        .upvalue(0)
        .as_thread()
        .expect("wrap closures hold their coroutine");
    let err = match vm.resume_native_args(co, 1) {
        Ok(Resumed::Values { start, n, .. }) => {
            if !vm.has_room(n) {
                return Err(vm.lib_error("too many results to resume"));
            }
            vm.push_resumed(co, start, n);
            return Ok(n);
        }
        // The instruction limit or os.exit: no Lua code runs on the way out.
        Ok(Resumed::Error(e)) if vm.limit_hit => return Err(Exc::Error(e)),
        Ok(Resumed::Error(e)) => {
            // Close the dead coroutine's pending to-be-closed variables (lua 5.4.4+).
            vm.push(e)?;
            match vm.close_thread(co) {
                Ok(Some(e2)) => e2,
                _ => e,
            }
        }
        Err(msg) => vm.str(msg.as_bytes()),
    };
    if let Some(s) = err.as_string() {
        return Err(vm.lib_error_bytes(s.as_bytes()));
    }
    Err(Exc::Error(err))
}

fn wrap(vm: &mut Vm) -> LResult<usize> {
    let f = check_function(vm, 1)?;
    let co = vm.new_thread(f);
    let w = vm.native_with(
        "wrap",
        wrap_aux,
        vec![Value::from_thread(co)],
        Special::None,
    );
    vm.ret1(w)
}

fn isyieldable(vm: &mut Vm) -> LResult<usize> {
    // Any argument given must be a thread (lcorolib.c: `lua_isnone(L, 1) ? L : getco(L)`).
    let co = if vm.nargs() == 0 {
        vm.cur
    } else {
        check_thread(vm, 1)?
    };
    let yieldable = vm.is_yieldable(co);
    vm.ret1(Value::from_bool(yieldable))
}

fn running(vm: &mut Vm) -> LResult<usize> {
    let cur = vm.cur;
    let main = cur == vm.main_thread;
    vm.push(Value::from_thread(cur))?;
    vm.push(Value::from_bool(main))?;
    Ok(2)
}

fn close(vm: &mut Vm) -> LResult<usize> {
    let co = check_thread(vm, 1)?;
    let st = status_name(vm, co);
    match st {
        "dead" | "suspended" => match vm.close_thread(co) {
            Ok(None) => vm.ret1(Value::TRUE),
            Ok(Some(e)) => push_values(vm, Some(Value::FALSE), &[e]),
            Err(msg) => Err(vm.lib_error(&msg)),
        },
        other => Err(vm.lib_error(&format!("cannot close a {other} coroutine"))),
    }
}
