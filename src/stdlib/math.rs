//! The mathematical library (§6.7) on the VM, with Lua 5.4's xoshiro256** generator so
//! that seeded sequences match lua5.4's.

use crate::stdlib::aux::{
    check_any, check_float, check_int, check_number, opt_int, raise, register_lib,
};
use std::cell::{Cell, RefCell};

use crate::shared::math_lib;
use crate::shared::random::{self, time_seed, RandomArgs, RandomValue, Xoshiro};
use crate::vm::error::LResult;
use crate::vm::function::Special;
use crate::vm::state::Vm;
use crate::vm::userdata::UserData;
use crate::vm::value::Value;

// The generator's state (`shared::random::Xoshiro`) is kept in a userdata that `random`
// and `randomseed` share as an upvalue (one generator per Lua state, as in lmathlib.c).

pub fn open(vm: &mut Vm) {
    let t = register_lib(
        vm,
        "math",
        &[
            ("abs", abs),
            ("ceil", ceil),
            ("floor", floor),
            ("sqrt", sqrt),
            ("sin", sin),
            ("cos", cos),
            ("tan", tan),
            ("asin", asin),
            ("acos", acos),
            ("exp", exp),
            ("atan", atan),
            ("log", log),
            ("fmod", fmod),
            ("modf", modf),
            ("tointeger", tointeger),
            ("type", type_),
            ("ult", ult),
            ("max", max),
            ("min", min),
            ("deg", deg),
            ("rad", rad),
            // LUA_COMPAT_MATHLIB, which lua5.4's makefile turns on (LUA_COMPAT_5_3);
            // its atan2 is set below.
            ("cosh", cosh),
            ("sinh", sinh),
            ("tanh", tanh),
            ("pow", pow),
            ("frexp", frexp),
            ("ldexp", ldexp),
            ("log10", log10),
        ],
    );
    // lua5.4's atan2 is the very C function atan is: equal to it, and named 'math.atan'
    // in its argument errors.
    let atan = t.get(vm.str(b"atan"));
    let k = vm.str(b"atan2");
    t.set(&vm.heap, k, atan).expect("string key");
    let ud = vm.heap.alloc(UserData {
        data: RefCell::new(Box::new(Xoshiro::seeded(0, 0))),
        metatable: Cell::new(None),
        user_value: Cell::new(Value::NIL),
        user_values: 0,
    });
    let state = Value::from_userdata(ud);
    let fns: [(&'static str, crate::vm::function::NativeFn); 2] =
        [("random", random), ("randomseed", randomseed)];
    for (n, f) in fns {
        let k = vm.str(n.as_bytes());
        let v = vm.native_with(n, f, vec![state], Special::None);
        t.set(&vm.heap, k, v).expect("string key");
    }
    let consts = [
        ("pi", Value::from_float(std::f64::consts::PI)),
        ("huge", Value::from_float(f64::INFINITY)),
        ("maxinteger", vm.heap.int(i64::MAX)),
        ("mininteger", vm.heap.int(i64::MIN)),
    ];
    for (n, v) in consts {
        let k = vm.str(n.as_bytes());
        t.set(&vm.heap, k, v).expect("string key");
    }
}

/// Functions whose rules live in `shared::math_lib`.
macro_rules! shared1 {
    ($($name:ident),*) => {$(
        fn $name(vm: &mut Vm) -> LResult<usize> {
            let x = check_float(vm, 1)?;
            vm.ret1(Value::from_float(math_lib::$name(x)))
        }
    )*};
}

macro_rules! float1 {
    ($($name:ident),*) => {$(
        fn $name(vm: &mut Vm) -> LResult<usize> {
            let x = check_float(vm, 1)?;
            vm.ret1(Value::from_float(x.$name()))
        }
    )*};
}

float1!(sqrt, sin, cos, tan, exp, cosh, sinh, tanh);
shared1!(asin, acos, log10);

fn pow(vm: &mut Vm) -> LResult<usize> {
    let x = check_float(vm, 1)?;
    let y = check_float(vm, 2)?;
    vm.ret1(Value::from_float(x.powf(y)))
}

fn frexp(vm: &mut Vm) -> LResult<usize> {
    let (m, e) = math_lib::frexp(check_float(vm, 1)?);
    vm.push(Value::from_float(m))?;
    let e = vm.heap.int(e);
    vm.push(e)?;
    Ok(2)
}

fn ldexp(vm: &mut Vm) -> LResult<usize> {
    let x = check_float(vm, 1)?;
    let e = check_int(vm, 2)?;
    vm.ret1(Value::from_float(math_lib::ldexp(x, e)))
}

fn abs(vm: &mut Vm) -> LResult<usize> {
    // Only a genuine integer stays one (`lua_isinteger`); "10" is taken as a float.
    if let Some(i) = vm.arg(1).as_int() {
        let v = vm.heap.int(i.wrapping_abs());
        return vm.ret1(v);
    }
    let f = check_float(vm, 1)?;
    vm.ret1(Value::from_float(f.abs()))
}

fn ceil(vm: &mut Vm) -> LResult<usize> {
    let v = vm.number_value(math_lib::ceil(check_number(vm, 1)?));
    vm.ret1(v)
}

fn floor(vm: &mut Vm) -> LResult<usize> {
    let v = vm.number_value(math_lib::floor(check_number(vm, 1)?));
    vm.ret1(v)
}

fn atan(vm: &mut Vm) -> LResult<usize> {
    let y = check_float(vm, 1)?;
    let x = if vm.arg(2).is_nil() {
        1.0
    } else {
        check_float(vm, 2)?
    };
    vm.ret1(Value::from_float(y.atan2(x)))
}

fn log(vm: &mut Vm) -> LResult<usize> {
    let x = check_float(vm, 1)?;
    let base = if vm.arg(2).is_nil() {
        None
    } else {
        Some(check_float(vm, 2)?)
    };
    vm.ret1(Value::from_float(math_lib::log(x, base)))
}

fn fmod(vm: &mut Vm) -> LResult<usize> {
    if let (Some(m), Some(d)) = (vm.arg(1).as_int(), vm.arg(2).as_int()) {
        let r = math_lib::fmod_int(m, d).map_err(|e| raise(vm, e))?;
        let v = vm.heap.int(r);
        return vm.ret1(v);
    }
    // lmathlib.c checks both inside one call, `fmod(luaL_checknumber(L, 1),
    // luaL_checknumber(L, 2))`, and gcc evaluates the second first: with two bad
    // arguments, lua5.4 names #2.
    let b = check_float(vm, 2)?;
    let a = check_float(vm, 1)?;
    vm.ret1(Value::from_float(math_lib::fmod_float(a, b)))
}

fn modf(vm: &mut Vm) -> LResult<usize> {
    if let Some(i) = vm.arg(1).as_int() {
        let v = vm.heap.int(i);
        vm.push(v)?;
        vm.push(Value::from_float(0.0))?;
        return Ok(2);
    }
    let (ip, frac) = math_lib::modf(check_float(vm, 1)?);
    let v = vm.number_value(ip);
    vm.push(v)?;
    vm.push(Value::from_float(frac))?;
    Ok(2)
}

fn tointeger(vm: &mut Vm) -> LResult<usize> {
    let v = check_any(vm, 1)?;
    let r = math_lib::tointeger(vm.to_number(v)).map_or(Value::NIL, |i| vm.heap.int(i));
    vm.ret1(r)
}

fn type_(vm: &mut Vm) -> LResult<usize> {
    let v = check_any(vm, 1)?;
    let r = if v.is_int() {
        vm.str(b"integer")
    } else if v.is_float() {
        vm.str(b"float")
    } else {
        Value::NIL
    };
    vm.ret1(r)
}

fn ult(vm: &mut Vm) -> LResult<usize> {
    let a = check_int(vm, 1)?;
    let b = check_int(vm, 2)?;
    vm.ret1(Value::from_bool(math_lib::ult(a, b)))
}

fn minmax(vm: &mut Vm, want_max: bool) -> LResult<usize> {
    // lmathlib.c compares whatever it is given with `lua_compare`.
    let n = vm.nargs();
    if n == 0 {
        return Err(vm.arg_error(1, "value expected"));
    }
    let mut best = 1;
    for i in 2..=n {
        let (a, b) = if want_max {
            (vm.arg(best), vm.arg(i))
        } else {
            (vm.arg(i), vm.arg(best))
        };
        if vm.lt(a, b)? {
            best = i;
        }
    }
    let r = vm.arg(best);
    vm.ret1(r)
}

fn max(vm: &mut Vm) -> LResult<usize> {
    minmax(vm, true)
}

fn min(vm: &mut Vm) -> LResult<usize> {
    minmax(vm, false)
}

fn with_rng<R>(vm: &Vm, f: impl FnOnce(&mut Xoshiro) -> R) -> R {
    let ud = vm.upvalue(0).as_userdata().expect("generator state");
    let mut data = ud.data.borrow_mut();
    f(data.downcast_mut::<Xoshiro>().expect("generator state"))
}

fn random(vm: &mut Vm) -> LResult<usize> {
    let first = with_rng(vm, Xoshiro::next_u64);
    let args = match vm.nargs() {
        0 => RandomArgs::None,
        1 => RandomArgs::UpTo(check_int(vm, 1)?),
        2 => RandomArgs::Between(check_int(vm, 1)?, check_int(vm, 2)?),
        _ => RandomArgs::TooMany,
    };
    let r = random::random(first, args, || with_rng(vm, Xoshiro::next_u64))
        .map_err(|e| raise(vm, e))?;
    let v = match r {
        RandomValue::Float(f) => Value::from_float(f),
        RandomValue::Int(i) => vm.heap.int(i),
    };
    vm.ret1(v)
}

fn randomseed(vm: &mut Vm) -> LResult<usize> {
    let (n1, n2) = if vm.nargs() == 0 {
        time_seed()
    } else {
        let n1 = check_int(vm, 1)? as u64;
        (n1, opt_int(vm, 2, 0)? as u64)
    };
    with_rng(vm, |g| *g = Xoshiro::seeded(n1, n2));
    let a = vm.heap.int(n1 as i64);
    let b = vm.heap.int(n2 as i64);
    vm.push(a)?;
    vm.push(b)?;
    Ok(2)
}

fn deg(vm: &mut Vm) -> LResult<usize> {
    let x = check_float(vm, 1)?;
    vm.ret1(Value::from_float(math_lib::deg(x)))
}

fn rad(vm: &mut Vm) -> LResult<usize> {
    let x = check_float(vm, 1)?;
    vm.ret1(Value::from_float(math_lib::rad(x)))
}
