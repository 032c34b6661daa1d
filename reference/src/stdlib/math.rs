//! The mathematical library (§6.7), with Lua 5.4's xoshiro256** generator so that seeded
//! sequences match lua5.4's.

use std::cell::Cell;

use gc_arena::Mutation;

use moonlab::shared::arith::to_float;
use moonlab::shared::math_lib;
use moonlab::shared::random::{self, time_seed, RandomArgs, RandomValue, Xoshiro};

use crate::machine::{Args, Ctx, Flow, Root};
use crate::meta::{number_value, to_number};
use crate::stdlib::aux::{new_table, register, set_global, NResult};
use crate::value::*;

fn ret<'gc>(v: Value<'gc>) -> NResult<'gc> {
    Ok(Flow::Return(vec![v]))
}

pub fn open<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>) {
    let t = new_table(mc);
    register(
        mc,
        t,
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
            ("random", random),
            ("deg", deg),
            ("rad", rad),
            ("randomseed", randomseed),
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
    let atan = t.borrow().get_str(b"atan");
    let mut tb = t.borrow_mut(mc);
    let mut set = |k: &str, v| tb.set(Value::str(mc, k.as_bytes()), v).expect("keys");
    // lua5.4's atan2 is the very C function atan is: equal to it, and named 'math.atan'
    // in its argument errors.
    set("atan2", atan);
    set("pi", Value::Num(std::f64::consts::PI));
    set("huge", Value::Num(f64::INFINITY));
    set("maxinteger", Value::Int(i64::MAX));
    set("mininteger", Value::Int(i64::MIN));
    drop(tb);
    set_global(mc, root, "math", Value::Table(t));
}

/// Functions whose rules live in `shared::math_lib`.
macro_rules! shared1 {
    ($($name:ident),*) => {$(
        fn $name<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
            let x = to_float(ctx.check_number(&args, 1)?);
            ret(Value::Num(math_lib::$name(x)))
        }
    )*};
}

macro_rules! float1 {
    ($($name:ident),*) => {$(
        fn $name<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
            let x = to_float(ctx.check_number(&args, 1)?);
            ret(Value::Num(x.$name()))
        }
    )*};
}

float1!(sqrt, sin, cos, tan, exp, cosh, sinh, tanh);
shared1!(asin, acos, log10);

fn pow<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let x = to_float(ctx.check_number(&args, 1)?);
    let y = to_float(ctx.check_number(&args, 2)?);
    ret(Value::Num(x.powf(y)))
}

fn frexp<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let (m, e) = math_lib::frexp(to_float(ctx.check_number(&args, 1)?));
    Ok(Flow::Return(vec![Value::Num(m), Value::Int(e)]))
}

fn ldexp<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let x = to_float(ctx.check_number(&args, 1)?);
    let e = ctx.check_int(&args, 2)?;
    ret(Value::Num(math_lib::ldexp(x, e)))
}

fn abs<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    // Only a genuine integer stays one (`lua_isinteger`); "10" is taken as a float.
    if let Some(Value::Int(i)) = args.first() {
        return ret(Value::Int(i.wrapping_abs()));
    }
    let f = to_float(ctx.check_number(&args, 1)?);
    ret(Value::Num(f.abs()))
}

fn ceil<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    ret(number_value(math_lib::ceil(ctx.check_number(&args, 1)?)))
}

fn floor<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    ret(number_value(math_lib::floor(ctx.check_number(&args, 1)?)))
}

fn atan<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let y = to_float(ctx.check_number(&args, 1)?);
    let x = match args.get(1) {
        None | Some(Value::Nil) => 1.0,
        Some(_) => to_float(ctx.check_number(&args, 2)?),
    };
    ret(Value::Num(y.atan2(x)))
}

fn log<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let x = to_float(ctx.check_number(&args, 1)?);
    let base = match args.get(1) {
        None | Some(Value::Nil) => None,
        Some(_) => Some(to_float(ctx.check_number(&args, 2)?)),
    };
    ret(Value::Num(math_lib::log(x, base)))
}

fn fmod<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    if let (Some(Value::Int(m)), Some(Value::Int(d))) = (args.first(), args.get(1)) {
        let r = math_lib::fmod_int(*m, *d).map_err(|e| ctx.raise(e))?;
        return ret(Value::Int(r));
    }
    // lmathlib.c checks both inside one call, `fmod(luaL_checknumber(L, 1),
    // luaL_checknumber(L, 2))`, and gcc evaluates the second first: with two bad
    // arguments, lua5.4 names #2.
    let b = to_float(ctx.check_number(&args, 2)?);
    let a = to_float(ctx.check_number(&args, 1)?);
    ret(Value::Num(math_lib::fmod_float(a, b)))
}

fn modf<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    if let Some(Value::Int(i)) = args.first() {
        return Ok(Flow::Return(vec![Value::Int(*i), Value::Num(0.0)]));
    }
    let (ip, frac) = math_lib::modf(to_float(ctx.check_number(&args, 1)?));
    Ok(Flow::Return(vec![number_value(ip), Value::Num(frac)]))
}

fn tointeger<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let v = ctx.check_any(&args, 1)?;
    ret(math_lib::tointeger(to_number(v)).map_or(Value::Nil, Value::Int))
}

fn type_<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let v = ctx.check_any(&args, 1)?;
    ret(match v {
        Value::Int(_) => Value::str(ctx.mc, b"integer"),
        Value::Num(_) => Value::str(ctx.mc, b"float"),
        _ => Value::Nil,
    })
}

fn ult<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let a = ctx.check_int(&args, 1)?;
    let b = ctx.check_int(&args, 2)?;
    ret(Value::Bool(math_lib::ult(a, b)))
}

fn minmax<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>, want_max: bool) -> NResult<'gc> {
    // lmathlib.c compares whatever it is given with `lua_compare`.
    if args.is_empty() {
        return Err(ctx.arg_error(1, "value expected"));
    }
    let mut best = 0;
    for i in 1..args.len() {
        let (a, b) = if want_max {
            (args[best], args[i])
        } else {
            (args[i], args[best])
        };
        if ctx.less_sync(a, b)? {
            best = i;
        }
    }
    ret(args[best])
}

fn max<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    minmax(ctx, args, true)
}

fn min<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    minmax(ctx, args, false)
}

/// The next word of the state's generator.
fn draw(rng: &Cell<Xoshiro>) -> u64 {
    let mut g = rng.get();
    let r = g.next_u64();
    rng.set(g);
    r
}

fn random<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let rng = &ctx.root.rng;
    let first = draw(rng);
    let args = match args.len() {
        0 => RandomArgs::None,
        1 => RandomArgs::UpTo(ctx.check_int(&args, 1)?),
        2 => RandomArgs::Between(ctx.check_int(&args, 1)?, ctx.check_int(&args, 2)?),
        _ => RandomArgs::TooMany,
    };
    match random::random(first, args, || draw(rng)).map_err(|e| ctx.raise(e))? {
        RandomValue::Float(f) => ret(Value::Num(f)),
        RandomValue::Int(i) => ret(Value::Int(i)),
    }
}

fn randomseed<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let (n1, n2) = if args.is_empty() {
        time_seed()
    } else {
        let n1 = ctx.check_int(&args, 1)? as u64;
        (n1, ctx.opt_int(&args, 2, 0)? as u64)
    };
    ctx.root.rng.set(Xoshiro::seeded(n1, n2));
    Ok(Flow::Return(vec![
        Value::Int(n1 as i64),
        Value::Int(n2 as i64),
    ]))
}

fn deg<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let x = to_float(ctx.check_number(&args, 1)?);
    ret(Value::Num(math_lib::deg(x)))
}

fn rad<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let x = to_float(ctx.check_number(&args, 1)?);
    ret(Value::Num(math_lib::rad(x)))
}
