//! The utf8 library (§6.5). Its rules (bounds, decoding, errors) are
//! `moonlab::shared::utf8_lib`'s; this file fetches arguments and makes values.

use gc_arena::{Gc, Mutation};

use moonlab::shared::math_lib;
use moonlab::shared::utf8_lib::{self, Utf8Len, CHAR_PATTERN};

use crate::machine::{Args, Ctx, Flow, Root};
use crate::meta::to_number;
use crate::stdlib::aux::{new_table, register, set_global, NResult};
use crate::value::*;

pub fn open<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>) {
    let t = new_table(mc);
    register(
        mc,
        t,
        &[
            ("char", char),
            ("codepoint", codepoint),
            ("len", len),
            ("offset", offset),
        ],
    );
    t.borrow_mut(mc)
        .set(Value::str(mc, b"charpattern"), Value::str(mc, CHAR_PATTERN))
        .expect("string key");
    // lua5.4's `codes` returns a light C function, the same value every time: here the two
    // iterators are upvalues of `codes`.
    let native = |name: &'static str, f: NativeFn, upvalues| {
        Value::Func(Function::Native(Gc::new(
            mc,
            NativeClosure { name, f, upvalues },
        )))
    };
    let iters = vec![
        native("for iterator", iter_strict, Vec::new()),
        native("for iterator", iter_lax, Vec::new()),
    ];
    t.borrow_mut(mc)
        .set(Value::str(mc, b"codes"), native("codes", codes, iters))
        .expect("string key");
    set_global(mc, root, "utf8", Value::Table(t));
}

fn char<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let mut out = Vec::new();
    for n in 1..=args.len() {
        let c = ctx.check_int(&args, n)?;
        utf8_lib::encode_char(n, c, &mut out).map_err(|e| ctx.raise(e))?;
    }
    Ok(Flow::Return(vec![ctx.new_string(out)?]))
}

fn codepoint<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    let i = ctx.opt_int(&args, 2, 1)?;
    let j = ctx.opt_int_arg(&args, 3)?;
    let lax = args.get(3).is_some_and(|v| v.truthy());
    let range = utf8_lib::codepoint_range(s.len(), i, j).map_err(|e| ctx.raise(e))?;
    ctx.check_slice_len(range.len())?;
    let codes = utf8_lib::codepoints(&s, range, lax)
        .map(|c| c.map(|c| Value::Int(i64::from(c))))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ctx.raise(e))?;
    Ok(Flow::Return(codes))
}

fn len<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    let i = ctx.opt_int(&args, 2, 1)?;
    let j = ctx.opt_int(&args, 3, -1)?;
    let lax = args.get(3).is_some_and(|v| v.truthy());
    // The scan is work a limit sees, in the string library's units of 64 bytes.
    ctx.charge_bytes(s.len() as u128)?;
    Ok(Flow::Return(
        match utf8_lib::len(&s, i, j, lax).map_err(|e| ctx.raise(e))? {
            Utf8Len::Count(n) => vec![Value::Int(n)],
            Utf8Len::Invalid(p) => vec![Value::Nil, Value::Int(p)],
        },
    ))
}

fn offset<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    let n = ctx.check_int(&args, 2)?;
    let i = ctx.opt_int_arg(&args, 3)?;
    ctx.charge_bytes(s.len() as u128)?;
    let r = utf8_lib::offset(&s, n, i).map_err(|e| ctx.raise(e))?;
    Ok(Flow::Return(vec![r.map_or(Value::Nil, Value::Int)]))
}

fn iter_codes<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>, lax: bool) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    // `lua_tointeger`, not a check: a control value that is no integer counts as 0.
    let n = match args.get(1) {
        Some(Value::Int(i)) => *i,
        Some(v) => math_lib::tointeger(to_number(*v)).unwrap_or(0),
        None => 0,
    };
    Ok(Flow::Return(
        match utf8_lib::codes_step(&s, n, lax).map_err(|e| ctx.raise(e))? {
            Some((pos, code)) => vec![Value::Int(pos), Value::Int(i64::from(code))],
            None => vec![],
        },
    ))
}

fn iter_strict<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    iter_codes(ctx, args, false)
}

fn iter_lax<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    iter_codes(ctx, args, true)
}

fn codes<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    let lax = args.get(1).is_some_and(|v| v.truthy());
    let iter = match ctx.th.frames.last().and_then(|f| f.func) {
        Some(Function::Native(me)) => me.upvalues[usize::from(lax)],
        _ => unreachable!("running a native"),
    };
    Ok(Flow::Return(vec![
        iter,
        Value::str(ctx.mc, &s),
        Value::Int(0),
    ]))
}
