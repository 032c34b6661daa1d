//! Pattern-matching functions of the string library (`find`, `match`, `gmatch`, `gsub`),
//! on the shared matcher in `moonlab::shared::pattern`.

use gc_arena::{Gc, Mutation};

use moonlab::shared::pattern::{self, Capture, Gmatch, Gsub, Match, PatternError};
use moonlab::shared::string_lib;

use crate::machine::{Args, Ctx, Flow, LuaError};
use crate::stdlib::aux::{register, text_piece, NResult, StrArg};
use crate::value::*;

pub fn register_into<'gc>(mc: &Mutation<'gc>, t: Table<'gc>) {
    register(
        mc,
        t,
        &[
            ("find", find),
            ("match", match_),
            ("gmatch", gmatch),
            ("gsub", gsub),
        ],
    );
}

impl<'gc> Ctx<'gc, '_> {
    fn pattern_error(&mut self, e: PatternError) -> LuaError<'gc> {
        match e {
            // The budget ran out: charging what is left raises the limit error.
            PatternError::OutOfSteps => match self.charge(u64::MAX) {
                Err(limit) => limit,
                Ok(()) => self.lib_error(e.to_string()),
            },
            // lua5.4's memory error: the message alone, without a position.
            PatternError::NoMemory => self.memory_error(false),
            e => self.lib_error(e.to_string()),
        }
    }

    fn capture_value(&self, subject: &[u8], c: Capture) -> Value<'gc> {
        match c {
            Capture::Span { start, end } => Value::str(self.mc, &subject[start..end]),
            Capture::Position(p) => Value::Int(p as i64 + 1),
        }
    }

    fn captures_of(
        &self,
        subject: &[u8],
        m: &Match,
        whole_if_none: bool,
    ) -> Result<Vec<Value<'gc>>, LuaError<'gc>> {
        let caps = if whole_if_none {
            m.captures()
        } else {
            m.find_captures()
        }
        .map_err(|e| self.lib_error(e.to_string()))?;
        Ok(caps
            .into_iter()
            .map(|c| self.capture_value(subject, c))
            .collect())
    }
}

fn str_find_aux<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>, find: bool) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    let p = ctx.check_str(&args, 2)?;
    let Some(init) = string_lib::search_start(ctx.opt_int(&args, 3, 1)?, s.len()) else {
        return Ok(Flow::Return(vec![Value::Nil]));
    };
    let plain = args.get(3).is_some_and(|v| v.truthy());
    if find && (plain || !pattern::has_specials(&p)) {
        // The scan is work a limit sees, in the string library's units of 64 bytes.
        ctx.charge_bytes((s.len() - init) as u128)?;
        return Ok(Flow::Return(match pattern::find_plain(&s, &p, init) {
            Some(at) => vec![Value::Int(at as i64 + 1), Value::Int((at + p.len()) as i64)],
            None => vec![Value::Nil],
        }));
    }
    let mut steps = ctx.work_left();
    let m = pattern::find(&s, &p, init, &mut steps);
    ctx.work_done(steps);
    let m = m.map_err(|e| ctx.pattern_error(e))?;
    let Some(m) = m else {
        return Ok(Flow::Return(vec![Value::Nil]));
    };
    if find {
        let mut out = vec![Value::Int(m.start as i64 + 1), Value::Int(m.end as i64)];
        out.extend(ctx.captures_of(&s, &m, false)?);
        Ok(Flow::Return(out))
    } else {
        Ok(Flow::Return(ctx.captures_of(&s, &m, true)?))
    }
}

fn find<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    str_find_aux(ctx, args, true)
}

fn match_<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    str_find_aux(ctx, args, false)
}

/// The iterator `gmatch` returns: its upvalues are the subject, the pattern, and the
/// iterator state (next offset, end of the last match).
fn gmatch_step<'gc>(ctx: &mut Ctx<'gc, '_>, _args: Args<'gc>) -> NResult<'gc> {
    let Some(Function::Native(me)) = ctx.th.frames.last().and_then(|f| f.func) else {
        unreachable!("running a native")
    };
    let (Value::Str(s), Value::Str(p), Value::Table(state)) =
        (me.upvalues[0], me.upvalues[1], me.upvalues[2])
    else {
        unreachable!("gmatch closures hold subject, pattern and state")
    };
    let get = |k: i64| match state.borrow().get_int(k) {
        Value::Int(i) => i,
        _ => -1,
    };
    let (src, last) = (get(1), get(2));
    let mut g = Gmatch::resume(src as usize, (last >= 0).then_some(last as usize));
    let mut steps = ctx.work_left();
    let m = g.next_match(&s.bytes, &p.bytes, &mut steps);
    ctx.work_done(steps);
    let m = m.map_err(|e| ctx.pattern_error(e))?;
    let (src, last) = g.position();
    {
        let mut st = state.borrow_mut(ctx.mc);
        st.set_int(1, Value::Int(src as i64));
        st.set_int(2, Value::Int(last.map_or(-1, |l| l as i64)));
    }
    match m {
        None => Ok(Flow::Return(vec![])),
        Some(m) => Ok(Flow::Return(ctx.captures_of(&s.bytes, &m, true)?)),
    }
}

fn gmatch<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    let p = ctx.check_str(&args, 2)?;
    let start = string_lib::gmatch_start(ctx.opt_int(&args, 3, 1)?, s.len());
    let state = ctx.new_table_sized(0, 0)?;
    {
        let mut st = state.borrow_mut(ctx.mc);
        st.set_int(1, Value::Int(start as i64));
        st.set_int(2, Value::Int(-1));
    }
    let f = Value::Func(Function::Native(Gc::new(
        ctx.mc,
        NativeClosure {
            name: "gmatch_aux",
            f: gmatch_step,
            upvalues: vec![
                Value::str(ctx.mc, &s),
                Value::str(ctx.mc, &p),
                Value::Table(state),
            ],
        },
    )));
    Ok(Flow::Return(vec![f]))
}

fn gsub<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    let p = ctx.check_str(&args, 2)?;
    let repl = args.get(2).copied().unwrap_or(Value::Nil);
    match repl {
        Value::Str(_) | Value::Int(_) | Value::Num(_) | Value::Table(_) | Value::Func(_) => {}
        _ => return Err(ctx.arg_type_error(&args, 3, "string/function/table")),
    }
    let repl_str = match repl {
        Value::Str(_) | Value::Int(_) | Value::Num(_) => Some(ctx.check_str(&args, 3)?),
        _ => None,
    };
    let max = ctx.opt_int(&args, 4, s.len() as i64 + 1)?;
    let mut g = Gsub::new(max);
    let mut out = Vec::with_capacity(s.len());
    let mut last = 0;
    // lua5.4 returns the subject itself when no replacement changed it (a table or
    // function giving false or nil keeps the match).
    let mut changed = false;
    loop {
        let mut steps = ctx.work_left();
        let m = g.next_match(&s, &p, &mut steps);
        ctx.work_done(steps);
        let Some(m) = m.map_err(|e| ctx.pattern_error(e))? else {
            break;
        };
        out.extend_from_slice(&s[last..m.start]);
        let whole = &s[m.start..m.end];
        match &repl_str {
            Some(r) => {
                changed = true;
                pattern::expand_replacement(r, &s, &m, &mut out)
                    .map_err(|e| ctx.pattern_error(e))?
            }
            None => {
                let first = ctx
                    .captures_of(&s, &m, true)?
                    .into_iter()
                    .next()
                    .unwrap_or(Value::Nil);
                let v = match repl {
                    Value::Table(t) => {
                        let t = Value::Table(t);
                        ctx.index_sync(t, first)?
                    }
                    f => {
                        let caps = ctx.captures_of(&s, &m, true)?;
                        ctx.call(f, caps)?.into_iter().next().unwrap_or(Value::Nil)
                    }
                };
                let value = v.truthy().then(|| text_piece(v));
                changed |= value.is_some();
                string_lib::add_replacement(&mut out, whole, value).map_err(|e| ctx.raise(e))?;
            }
        }
        last = m.end;
        if !ctx.root.meter.fits(out.capacity()) {
            return Err(ctx.memory_error(false));
        }
    }
    let result = match (&s, changed) {
        (StrArg::Lua(orig), false) => Value::Str(*orig),
        _ => {
            out.extend_from_slice(&s[last..]);
            ctx.new_string(out)?
        }
    };
    Ok(Flow::Return(vec![result, Value::Int(g.count())]))
}
