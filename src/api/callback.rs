//! Rust closures as Lua functions, and Rust values as userdata.
//!
//! A closure lives in a userdata that is the only upvalue of a native function
//! (`trampoline`); the collector frees both when Lua no longer reaches the function, and
//! the closure is dropped with them.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;

use crate::api::value::HostData;
use crate::api::{AnyUserData, Ctx, FromLuaMulti, Function, IntoLuaMulti, RunError, Value};
use crate::vm::error::LResult;
use crate::vm::function::Special;
use crate::vm::state::Vm;
use crate::vm::userdata::UserData;
use crate::vm::value::Value as RawValue;

/// A Rust function on Lua values, as every kind of Rust function ends up.
pub(crate) type Callback = Rc<dyn Fn(&mut Ctx<'_>, Vec<Value>) -> Result<Vec<Value>, RunError>>;

/// What the userdata behind a Rust function holds.
struct HostFunction(Callback);

pub(crate) fn create<A, R, F>(vm: &mut Vm, f: F) -> Function
where
    A: FromLuaMulti,
    R: IntoLuaMulti,
    F: Fn(&mut Ctx<'_>, A) -> Result<R, RunError> + 'static,
{
    let cb: Callback = Rc::new(move |ctx: &mut Ctx<'_>, args: Vec<Value>| {
        let a = A::from_lua_multi(args, ctx)?;
        let r = f(ctx, a)?;
        r.into_lua_multi(ctx)
    });
    create_raw(vm, cb)
}

/// A Lua function that runs `cb`.
pub(crate) fn create_raw(vm: &mut Vm, cb: Callback) -> Function {
    let ud = vm.heap.alloc(UserData {
        data: std::cell::RefCell::new(Box::new(HostFunction(cb))),
        metatable: std::cell::Cell::new(None),
        user_value: std::cell::Cell::new(RawValue::NIL),
        user_values: 1,
    });
    let f = vm.native_with(
        "?",
        trampoline,
        vec![RawValue::from_userdata(ud)],
        Special::None,
    );
    Function(vm.host_refs.hold(f))
}

pub(crate) fn userdata<T: 'static>(vm: &mut Vm, value: T) -> AnyUserData {
    let data = HostData(Rc::new(std::cell::RefCell::new(value)));
    let ud = vm.heap.alloc(UserData {
        data: std::cell::RefCell::new(Box::new(data)),
        metatable: std::cell::Cell::new(None),
        user_value: std::cell::Cell::new(RawValue::NIL),
        user_values: 1,
    });
    AnyUserData(vm.host_refs.hold(RawValue::from_userdata(ud)))
}

/// The native function behind every Rust closure: converts the arguments to handles (so
/// they stay alive whatever the closure does), runs it, pushes its results.
fn trampoline(vm: &mut Vm) -> LResult<usize> {
    let cb = {
        let ud = vm
            .upvalue(0)
            .as_userdata()
            .expect("a host function's upvalue");
        let data = ud.data.borrow();
        let hf = data
            .downcast_ref::<HostFunction>()
            .expect("a host function's closure");
        Rc::clone(&hf.0)
    };
    let n = vm.nargs();
    let raw: Vec<RawValue> = (1..=n).map(|i| vm.arg(i)).collect();
    let args: Vec<Value> = raw.into_iter().map(|v| Value::from_raw(vm, v)).collect();
    let r = {
        let mut ctx = Ctx { vm: &mut *vm };
        catch_unwind(AssertUnwindSafe(|| cb(&mut ctx, args)))
    };
    match r {
        Ok(Ok(results)) => {
            vm.check_stack(results.len())?;
            for v in &results {
                let raw = v.to_raw(vm);
                vm.push(raw)?;
            }
            Ok(results.len())
        }
        // Raised as it is, like `lua_error` with a string: a message that came from a
        // Lua error further in already says where.
        Ok(Err(e)) => match e.conversion {
            // An argument that did not convert: luaL_check*'s words.
            Some(crate::api::value::Conversion {
                expected,
                type_was_right,
                arg: Some(n),
            }) => Err(if type_was_right {
                vm.arg_error(n, expected)
            } else {
                vm.arg_type_error(n, expected)
            }),
            // An error object (from Lua further in, or `RunError::from_value`) is raised
            // unchanged.
            _ => match &e.value {
                Some(v) => Err(crate::vm::error::Exc::Error(v.to_raw(vm))),
                None => Err(crate::vm::error::Exc::Error(vm.str(&e.message))),
            },
        },
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into());
            Err(vm.lib_error(&format!("Rust function panicked: {what}")))
        }
    }
}
