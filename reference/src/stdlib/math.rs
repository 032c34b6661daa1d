//! The mathematical library (§6.7), with Lua 5.4's xoshiro256** generator so that seeded
//! sequences match lua5.4's.

use gc_arena::Mutation;

use moonlab::text::arith::{float_to_int, to_float};
use moonlab::text::number::Number;
use moonlab::text::random::{project, time_seed, to_unit_float, Xoshiro};

use crate::machine::{Args, Ctx, Flow, Root};
use crate::stdlib::aux::{new_table, register, set_global, NResult};
use crate::value::*;

fn ret<'gc>(v: Value<'gc>) -> NResult<'gc> {
    Ok(Flow::Return(vec![v]))
}

thread_local! {
    // The generator is per interpreter thread; Lua keeps it per state. Tests seed it.
    static RNG: std::cell::RefCell<Xoshiro> = std::cell::RefCell::new(Xoshiro::seeded(0, 0));
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
        ],
    );
    let mut tb = t.borrow_mut(mc);
    let mut set = |k: &str, v| tb.set(Value::str(mc, k.as_bytes()), v).expect("keys");
    set("pi", Value::Num(std::f64::consts::PI));
    set("huge", Value::Num(f64::INFINITY));
    set("maxinteger", Value::Int(i64::MAX));
    set("mininteger", Value::Int(i64::MIN));
    drop(tb);
    set_global(mc, root, "math", Value::Table(t));
}

macro_rules! float1 {
    ($($name:ident),*) => {$(
        fn $name<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
            let x = to_float(ctx.check_number(&args, 1)?);
            ret(Value::Num(x.$name()))
        }
    )*};
}

float1!(sqrt, sin, cos, tan, asin, acos, exp);

/// A float result as an integer when it has an exact integer value (`lua_Number2Integer`).
fn float_or_int<'gc>(f: f64) -> Value<'gc> {
    match float_to_int(f) {
        Some(i) => Value::Int(i),
        None => Value::Num(f),
    }
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
    match ctx.check_number(&args, 1)? {
        Number::Int(i) => ret(Value::Int(i)),
        Number::Float(f) => ret(float_or_int(f.ceil())),
    }
}

fn floor<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    match ctx.check_number(&args, 1)? {
        Number::Int(i) => ret(Value::Int(i)),
        Number::Float(f) => ret(float_or_int(f.floor())),
    }
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
    let r = match args.get(1) {
        None | Some(Value::Nil) => x.ln(),
        Some(_) => {
            let b = to_float(ctx.check_number(&args, 2)?);
            if b == 2.0 {
                x.log2()
            } else if b == 10.0 {
                x.log10()
            } else {
                x.ln() / b.ln()
            }
        }
    };
    ret(Value::Num(r))
}

fn fmod<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    if let (Some(Value::Int(m)), Some(Value::Int(d))) = (args.first(), args.get(1)) {
        let (m, d) = (*m, *d);
        if d == 0 {
            return Err(ctx.arg_error(2, "zero"));
        }
        // C's truncated remainder; -1 avoids the overflow of MIN % -1.
        return ret(Value::Int(if d == -1 { 0 } else { m % d }));
    }
    let a = to_float(ctx.check_number(&args, 1)?);
    let b = to_float(ctx.check_number(&args, 2)?);
    ret(Value::Num(a % b))
}

fn modf<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    if let Some(Value::Int(i)) = args.first() {
        return Ok(Flow::Return(vec![Value::Int(*i), Value::Num(0.0)]));
    }
    let f = to_float(ctx.check_number(&args, 1)?);
    let ip = if f < 0.0 { f.ceil() } else { f.floor() };
    let frac = if f == ip { 0.0 } else { f - ip };
    Ok(Flow::Return(vec![float_or_int(ip), Value::Num(frac)]))
}

fn tointeger<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let v = ctx.check_any(&args, 1)?;
    ret(match v {
        Value::Int(i) => Value::Int(i),
        Value::Num(f) => float_to_int(f).map_or(Value::Nil, Value::Int),
        Value::Str(s) => match moonlab::text::number::str2number(&s.bytes) {
            Some(Number::Int(i)) => Value::Int(i),
            Some(Number::Float(f)) => float_to_int(f).map_or(Value::Nil, Value::Int),
            None => Value::Nil,
        },
        _ => Value::Nil,
    })
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
    ret(Value::Bool((a as u64) < (b as u64)))
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

fn random<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let r = RNG.with(|g| g.borrow_mut().next_u64());
    let (lo, hi) = match args.len() {
        0 => {
            // A float in [0, 1): the top 53 bits.
            return ret(Value::Num(to_unit_float(r)));
        }
        1 => (1, ctx.check_int(&args, 1)?),
        2 => (ctx.check_int(&args, 1)?, ctx.check_int(&args, 2)?),
        _ => return Err(ctx.lib_error("wrong number of arguments")),
    };
    if lo > hi {
        return Err(ctx.arg_error(1, "interval is empty"));
    }
    let v = project(lo, hi, r, || RNG.with(|g| g.borrow_mut().next_u64()));
    ret(Value::Int(v))
}

fn randomseed<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let (n1, n2) = if args.is_empty() {
        time_seed()
    } else {
        let n1 = ctx.check_int(&args, 1)? as u64;
        (n1, ctx.opt_int(&args, 2, 0)? as u64)
    };
    RNG.with(|g| *g.borrow_mut() = Xoshiro::seeded(n1, n2));
    Ok(Flow::Return(vec![
        Value::Int(n1 as i64),
        Value::Int(n2 as i64),
    ]))
}

fn deg<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let x = to_float(ctx.check_number(&args, 1)?);
    ret(Value::Num(x * (180.0 / std::f64::consts::PI)))
}

fn rad<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let x = to_float(ctx.check_number(&args, 1)?);
    ret(Value::Num(x * (std::f64::consts::PI / 180.0)))
}
