//! The utf8 library (§6.5), on `moonlab::text::utf8`'s decoder (lutf8lib.c's rules: strict
//! by default, `lax` accepts the extended range up to 2^31 - 1).

use gc_arena::{Gc, Mutation};

use moonlab::text::utf8::{
    self, decode, encode_extended, is_cont_at, is_continuation, posrelat, LenResult, OffsetError,
    MAX_EXTENDED,
};

use crate::machine::{Args, Ctx, Flow, Root};
use crate::stdlib::aux::{new_table, register, set_global, NResult};
use crate::value::*;

const INVALID: &str = "invalid UTF-8 code";

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
            ("codes", codes),
        ],
    );
    t.borrow_mut(mc)
        .set(
            Value::str(mc, b"charpattern"),
            Value::str(mc, b"[\x00-\x7F\xC2-\xFD][\x80-\xBF]*"),
        )
        .expect("string key");
    set_global(mc, root, "utf8", Value::Table(t));
}

fn char<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let mut out = Vec::new();
    for n in 1..=args.len() {
        let c = ctx.check_int(&args, n)?;
        if c as u64 > u64::from(MAX_EXTENDED) {
            return Err(ctx.arg_error(n, "value out of range"));
        }
        encode_extended(c as u32, &mut out);
    }
    Ok(Flow::Return(vec![Value::str(ctx.mc, &out)]))
}

fn codepoint<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    let i = ctx.opt_int(&args, 2, 1)?;
    let posi = posrelat(i, s.len());
    let pose = posrelat(ctx.opt_int(&args, 3, posi)?, s.len());
    let lax = args.get(3).is_some_and(|v| v.truthy());
    if posi < 1 {
        return Err(ctx.arg_error(2, "out of bounds"));
    }
    if pose > s.len() as i64 {
        return Err(ctx.arg_error(3, "out of bounds"));
    }
    let mut out = Vec::new();
    let mut p = (posi - 1) as usize;
    while (p as i64) < pose {
        match decode(&s[p..], !lax) {
            Some((code, n)) => {
                out.push(Value::Int(i64::from(code)));
                p += n;
            }
            None => return Err(ctx.lib_error(INVALID)),
        }
    }
    Ok(Flow::Return(out))
}

fn len<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    let i = posrelat(ctx.opt_int(&args, 2, 1)?, s.len());
    let j = posrelat(ctx.opt_int(&args, 3, -1)?, s.len());
    let lax = args.get(3).is_some_and(|v| v.truthy());
    match utf8::len(&s, i, j, lax) {
        LenResult::Count(n) => Ok(Flow::Return(vec![Value::Int(n)])),
        LenResult::Invalid(p) => Ok(Flow::Return(vec![Value::Nil, Value::Int(p)])),
        LenResult::StartOutOfBounds => Err(ctx.arg_error(2, "initial position out of bounds")),
        LenResult::EndOutOfBounds => Err(ctx.arg_error(3, "final position out of bounds")),
    }
}

fn offset<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    let n = ctx.check_int(&args, 2)?;
    let default = if n >= 0 { 1 } else { s.len() as i64 + 1 };
    let i = posrelat(ctx.opt_int(&args, 3, default)?, s.len());
    let r = match utf8::offset(&s, n, i) {
        Ok(Some(p)) => Value::Int(p),
        Ok(None) => Value::Nil,
        Err(OffsetError::OutOfBounds) => return Err(ctx.arg_error(3, "position out of bounds")),
        Err(OffsetError::Continuation) => {
            return Err(ctx.lib_error("initial position is a continuation byte"))
        }
    };
    Ok(Flow::Return(vec![r]))
}

fn iter_codes<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>, strict: bool) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    let mut n = match args.get(1) {
        Some(Value::Int(i)) => *i as u64,
        _ => ctx.check_int(&args, 2)? as u64,
    };
    let len = s.len() as u64;
    if n < len {
        // Skip the continuation bytes of the previous character (and stray ones).
        while n < len && is_continuation(s[n as usize]) {
            n += 1;
        }
    }
    if n >= len {
        return Ok(Flow::Return(vec![]));
    }
    match decode(&s[n as usize..], strict) {
        Some((code, l)) if !is_cont_at(&s, (n + l as u64) as i64) => Ok(Flow::Return(vec![
            Value::Int(n as i64 + 1),
            Value::Int(i64::from(code)),
        ])),
        _ => Err(ctx.lib_error(INVALID)),
    }
}

fn iter_strict<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    iter_codes(ctx, args, true)
}

fn iter_lax<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    iter_codes(ctx, args, false)
}

fn codes<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    let lax = args.get(1).is_some_and(|v| v.truthy());
    let f: NativeFn = if lax { iter_lax } else { iter_strict };
    let iter = Value::Func(Function::Native(Gc::new(
        ctx.mc,
        NativeClosure {
            name: "for iterator",
            f,
            upvalues: Vec::new(),
        },
    )));
    Ok(Flow::Return(vec![
        iter,
        Value::str(ctx.mc, &s),
        Value::Int(0),
    ]))
}
