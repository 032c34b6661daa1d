//! The basic library (§6.1).

use gc_arena::{Gc, Mutation};

use moonlab::shared::base_lib;
use moonlab::shared::number::str2number;

use crate::machine::{Args, Ctx, Flow, LuaError, Root, Then};
use crate::meta::number_value;
use crate::stdlib::aux::{native, register, set_global, NResult};
use crate::value::*;

pub fn open<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>) {
    register(
        mc,
        root.globals,
        &[
            ("print", print),
            ("type", type_),
            ("tostring", tostring),
            ("tonumber", tonumber),
            ("rawget", rawget),
            ("rawset", rawset),
            ("rawequal", rawequal),
            ("rawlen", rawlen),
            ("setmetatable", setmetatable),
            ("getmetatable", getmetatable),
            ("assert", assert),
            ("error", error),
            ("pcall", pcall),
            ("xpcall", xpcall),
            ("next", next),
            ("pairs", pairs),
            ("ipairs", ipairs),
            ("select", select),
            ("load", load),
            ("dofile", dofile),
            ("loadfile", loadfile),
            ("collectgarbage", crate::gc::collectgarbage),
            ("warn", warn),
        ],
    );
    // lua5.4's `pairs` and `ipairs` return light C functions (`next`, `ipairsaux`): the
    // same value every time. Here each holds its iterator as an upvalue.
    let with_iterator = |name: &'static str, f: NativeFn, it: Value<'gc>| {
        Value::Func(Function::Native(Gc::new(
            mc,
            NativeClosure {
                name,
                f,
                upvalues: vec![it],
            },
        )))
    };
    let next = root.globals.borrow().get_str(b"next");
    set_global(mc, root, "pairs", with_iterator("pairs", pairs, next));
    let aux = native(mc, "ipairs_aux", ipairs_aux);
    set_global(mc, root, "ipairs", with_iterator("ipairs", ipairs, aux));
    set_global(mc, root, "_G", Value::Table(root.globals));
    set_global(mc, root, "_VERSION", Value::str(mc, b"Lua 5.4"));
}

fn ret<'gc>(vals: Vec<Value<'gc>>) -> NResult<'gc> {
    Ok(Flow::Return(vals))
}

fn print<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    // Each argument is written as soon as it is converted (`base_lib::print_arg`).
    for (i, v) in args.iter().enumerate() {
        let text = ctx.tostring_bytes(*v)?;
        base_lib::print_arg(&mut *ctx.out, i + 1, &text);
    }
    base_lib::print_end(&mut *ctx.out);
    ret(vec![])
}

fn type_<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let v = ctx.check_any(&args, 1)?;
    ret(vec![Value::str(ctx.mc, v.type_name().as_bytes())])
}

fn tostring<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let v = ctx.check_any(&args, 1)?;
    let s = ctx.tostring_bytes(v)?;
    // Copied twice: a limit sees it, in units of 64 bytes as the string library's work.
    ctx.charge_bytes(s.len() as u128)?;
    ret(vec![Value::str(ctx.mc, &s)])
}

fn tonumber<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    match args.get(1) {
        None | Some(Value::Nil) => {
            let v = ctx.check_any(&args, 1)?;
            let r = match v {
                Value::Int(_) | Value::Num(_) => v,
                Value::Str(s) => str2number(&s.bytes).map_or(Value::Nil, number_value),
                _ => Value::Nil,
            };
            ret(vec![r])
        }
        Some(_) => {
            let base = ctx.check_int(&args, 2)?;
            let s = match args.first() {
                Some(Value::Str(s)) => s.bytes.to_vec(),
                _ => return Err(ctx.arg_type_error(&args, 1, "string")),
            };
            let r = base_lib::tonumber_base(&s, base).map_err(|e| ctx.raise(e))?;
            ret(vec![r.map_or(Value::Nil, Value::Int)])
        }
    }
}

fn rawget<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let t = ctx.check_table(&args, 1)?;
    let k = ctx.check_any(&args, 2)?;
    let v = t.borrow().get(k);
    ret(vec![v])
}

fn rawset<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let t = ctx.check_table(&args, 1)?;
    let k = ctx.check_any(&args, 2)?;
    let v = ctx.check_any(&args, 3)?;
    t.borrow_mut(ctx.mc)
        .set(k, v)
        // Raised inside rawset itself (luaH_newkey), so without a position.
        .map_err(|e| ctx.error_value(Value::str(ctx.mc, e.message().as_bytes())))?;
    ret(vec![Value::Table(t)])
}

fn rawequal<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let a = ctx.check_any(&args, 1)?;
    let b = ctx.check_any(&args, 2)?;
    ret(vec![Value::Bool(a.raw_eq(&b))])
}

fn rawlen<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    match args.first() {
        Some(Value::Table(t)) => ret(vec![Value::Int(t.borrow_mut(ctx.mc).border())]),
        Some(Value::Str(s)) => ret(vec![Value::Int(s.bytes.len() as i64)]),
        _ => Err(ctx.arg_type_error(&args, 1, "table or string")),
    }
}

fn setmetatable<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let t = ctx.check_table(&args, 1)?;
    let mt = match args.get(1) {
        Some(Value::Nil) => None,
        Some(Value::Table(m)) => Some(*m),
        _ => return Err(ctx.arg_type_error(&args, 2, "nil or table")),
    };
    if !ctx
        .metafield(Value::Table(t), ctx.root.names.metatable)
        .is_nil()
    {
        return Err(ctx.lib_error("cannot change a protected metatable"));
    }
    t.borrow_mut(ctx.mc).metatable = mt;
    crate::gc::on_setmetatable(ctx.mc, ctx.root, t, mt);
    ret(vec![Value::Table(t)])
}

fn getmetatable<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let v = ctx.check_any(&args, 1)?;
    let Some(mt) = ctx.metatable(v) else {
        return ret(vec![Value::Nil]);
    };
    let protected = mt.borrow().get(Value::Str(ctx.root.names.metatable));
    if !protected.is_nil() {
        return ret(vec![protected]);
    }
    ret(vec![Value::Table(mt)])
}

fn assert<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let v = ctx.check_any(&args, 1)?;
    if v.truthy() {
        return ret(args);
    }
    // luaB_assert hands its message to `error` (level 1), which positions strings.
    let msg = match args.get(1) {
        None => Value::str(ctx.mc, b"assertion failed!"),
        Some(msg) => *msg,
    };
    error(ctx, vec![msg])
}

fn error<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let v = args.first().copied().unwrap_or(Value::Nil);
    let level = ctx.opt_int(&args, 2, 1)?;
    if let Value::Str(s) = v {
        if level > 0 {
            let mut m = ctx.where_(level as usize);
            m.extend_from_slice(&s.bytes);
            return Err(ctx.error_value(Value::str(ctx.mc, &m)));
        }
    }
    Err(ctx.error_value(v))
}

fn pcall<'gc>(ctx: &mut Ctx<'gc, '_>, mut args: Args<'gc>) -> NResult<'gc> {
    let f = ctx.check_any(&args, 1)?;
    args.remove(0);
    Ok(Flow::Call {
        f,
        args,
        then: Then::PCall,
    })
}

fn xpcall<'gc>(ctx: &mut Ctx<'gc, '_>, mut args: Args<'gc>) -> NResult<'gc> {
    // lbaselib.c checks only the handler: `xpcall(f)` is "bad argument #2".
    let h = match args.get(1) {
        Some(h @ Value::Func(_)) => *h,
        _ => return Err(ctx.arg_type_error(&args, 2, "function")),
    };
    let f = args[0];
    args.drain(..2);
    Ok(Flow::Call {
        f,
        args,
        then: Then::XPCall(h),
    })
}

fn next<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let t = ctx.check_table(&args, 1)?;
    let k = args.get(1).copied().unwrap_or(Value::Nil);
    let r = t.borrow().next(k);
    match r {
        Ok(Some((k, v))) => ret(vec![k, v]),
        Ok(None) => ret(vec![Value::Nil]),
        // luaH_next raises it with luaG_runerror while `next` (a C function) runs: no position.
        Err(e) => Err(ctx.error_value(Value::str(ctx.mc, e.message().as_bytes()))),
    }
}

fn pairs<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let v = ctx.check_any(&args, 1)?;
    let h = ctx.metafield(v, ctx.root.names.pairs);
    if !h.is_nil() {
        // A call the loop's tasks make (lua5.4's `lua_callk`): `__pairs` may yield.
        return Ok(Flow::Call {
            f: h,
            args: vec![v],
            then: Then::Results(3),
        });
    }
    // Lua 5.4's pairs does not check the type: `next` will, when the loop calls it.
    ret(vec![own_iterator(ctx), v, Value::Nil])
}

/// The iterator the running `pairs` or `ipairs` holds.
fn own_iterator<'gc>(ctx: &Ctx<'gc, '_>) -> Value<'gc> {
    match ctx.th.frames.last().and_then(|f| f.func) {
        Some(Function::Native(me)) => me.upvalues.first().copied().unwrap_or(Value::Nil),
        _ => unreachable!("running a native"),
    }
}

fn ipairs_aux<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let i = ctx.check_int(&args, 2)?.wrapping_add(1);
    let t = args[0];
    let v = match t {
        Value::Table(tab) => {
            let v = tab.borrow().get_int(i);
            if v.is_nil() && ctx.metatable(t).is_some() {
                ctx.index_sync(t, Value::Int(i))?
            } else {
                v
            }
        }
        _ => ctx.index_sync(t, Value::Int(i))?,
    };
    if v.is_nil() {
        ret(vec![Value::Nil])
    } else {
        ret(vec![Value::Int(i), v])
    }
}

fn ipairs<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let v = ctx.check_any(&args, 1)?;
    ret(vec![own_iterator(ctx), v, Value::Int(0)])
}

fn select<'gc>(ctx: &mut Ctx<'gc, '_>, mut args: Args<'gc>) -> NResult<'gc> {
    let count = args.len().saturating_sub(1);
    if let Some(Value::Str(s)) = args.first() {
        if base_lib::select_counts(&s.bytes) {
            return ret(vec![Value::Int(count as i64)]);
        }
    }
    let i = ctx.check_int(&args, 1)?;
    let n = base_lib::select_count(i, count).map_err(|e| ctx.raise(e))?;
    ret(args.split_off(args.len() - n))
}

impl<'gc> Ctx<'gc, '_> {
    /// `lua_gettable` from a library function: `t[k]` with `__index`, synchronously.
    pub fn index_sync(
        &mut self,
        t: Value<'gc>,
        k: Value<'gc>,
    ) -> Result<Value<'gc>, LuaError<'gc>> {
        let mark = self.sync_call(|ctx| ctx.index_push(t, k, 0, None))?;
        let v = self.th.values.get(mark).copied().unwrap_or(Value::Nil);
        self.th.values.truncate(mark);
        Ok(v)
    }
}

// -------------------------------------------------------------------- load

/// `load(chunk [, chunkname [, mode [, env]]])`.
pub fn load<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let chunk = args.first().copied().unwrap_or(Value::Nil);
    let fail = |ctx: &Ctx<'gc, '_>, msg: Value<'gc>| {
        let _ = ctx;
        Ok(Flow::Return(vec![Value::Nil, msg]))
    };
    // lua5.4's order: the mode and the name are checked before the reader is called.
    let mode = ctx
        .opt_str(&args, 3)?
        .map_or(b"bt".to_vec(), |s| s.to_vec());
    let name = if matches!(chunk, Value::Func(_)) {
        Some(ctx.opt_str(&args, 2)?.map(|s| s.to_vec()))
    } else {
        None
    };
    let (src, default_name) = match chunk {
        Value::Str(s) => (s.bytes.to_vec(), s.bytes.to_vec()),
        Value::Int(_) | Value::Num(_) => {
            let b = ctx.number_to_bytes(chunk);
            (b.clone(), b)
        }
        Value::Func(_) => {
            // The reader runs under load's protection: its errors become load's result.
            let mut src = Vec::new();
            loop {
                // As lua5.4, the mode is checked on the first byte: a refused kind of chunk
                // stops the reading there (load_source reports it).
                if let Some(&first) = src.first() {
                    if base_lib::check_load_mode(&mode, first == 0x1b).is_err() {
                        break;
                    }
                }
                let r = match ctx.call(chunk, vec![]) {
                    Ok(r) => r,
                    Err(e) => return fail(ctx, e.value),
                };
                match r.first() {
                    None | Some(Value::Nil) => break,
                    Some(Value::Str(s)) if s.bytes.is_empty() => break,
                    Some(Value::Str(s)) => src.extend_from_slice(&s.bytes),
                    Some(n @ (Value::Int(_) | Value::Num(_))) => {
                        src.extend(ctx.number_to_bytes(*n))
                    }
                    Some(_) => {
                        let e = ctx.lib_error("reader function must return a string");
                        let v = ctx.through_current_handler(e);
                        return fail(ctx, v);
                    }
                }
            }
            (src, b"=(load)".to_vec())
        }
        _ => {
            // lua5.4 checks the chunk name before the chunk's type.
            ctx.opt_str(&args, 2)?;
            return Err(ctx.arg_type_error(&args, 1, "function"));
        }
    };
    let name = match name {
        Some(n) => n.unwrap_or(default_name),
        None => ctx.opt_str(&args, 2)?.map_or(default_name, |s| s.to_vec()),
    };
    load_source(ctx, &src, &name, &mode, args.get(3).copied())
}

/// What `load` and `loadfile` share once they have the source: the mode check, parsing
/// (failures become `nil, message`) and the closure, with `env` as its first upvalue.
fn load_source<'gc>(
    ctx: &mut Ctx<'gc, '_>,
    src: &[u8],
    name: &[u8],
    mode: &[u8],
    env: Option<Value<'gc>>,
) -> NResult<'gc> {
    // Reading and parsing are work a limit sees (one step per 16 bytes, as the VM).
    ctx.charge((src.len() as u64 + name.len() as u64) / 16)?;
    let is_binary = src.first() == Some(&0x1b);
    if let Err(msg) = base_lib::check_load_mode(mode, is_binary) {
        return Ok(Flow::Return(vec![Value::Nil, Value::str(ctx.mc, &msg)]));
    }
    let f = match crate::chunk::load(src, name, ctx.c_levels()) {
        Ok(loaded) => ctx.make_loaded_closure(&loaded, env),
        Err(msg) => return Ok(Flow::Return(vec![Value::Nil, Value::str(ctx.mc, &msg)])),
    };
    Ok(Flow::Return(vec![f]))
}

/// `loadfile([filename [, mode [, env]]])`.
pub fn loadfile<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let name = ctx.opt_str(&args, 1)?.map(|s| s.to_vec());
    let mode = ctx
        .opt_str(&args, 2)?
        .map_or(b"bt".to_vec(), |s| s.to_vec());
    match base_lib::read_chunk_file(name.as_deref()) {
        Ok((src, chunkname)) => load_source(ctx, &src, &chunkname, &mode, args.get(2).copied()),
        Err(msg) => Ok(Flow::Return(vec![Value::Nil, Value::str(ctx.mc, &msg)])),
    }
}

pub fn dofile<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let name = ctx.opt_str(&args, 1)?.map(|s| s.to_vec());
    let (src, chunkname) = base_lib::read_chunk_file(name.as_deref())
        .map_err(|msg| ctx.error_value(Value::str(ctx.mc, &msg)))?;
    let f = match crate::chunk::load(&src, &chunkname, crate::top_levels()) {
        Ok(loaded) => ctx.make_loaded_closure(&loaded, None),
        Err(msg) => return Err(ctx.error_value(Value::str(ctx.mc, &msg))),
    };
    Ok(Flow::Call {
        f,
        args: vec![],
        then: Then::Return,
    })
}

/// `warn(msg1, ...)`: `@on` and `@off` switch warnings; others print when on.
fn warn<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let mut msg = Vec::new();
    // Every argument is checked (numbers count as strings, `luaL_checkstring`) before
    // any is used.
    for n in 1..=args.len().max(1) {
        msg.extend_from_slice(&ctx.check_str(&args, n)?);
    }
    // Only a one-piece message is a control message (lua5.4 sends the pieces one by one,
    // all but the last "to be continued").
    match &msg[..] {
        b"@on" if args.len() <= 1 => ctx.budget.warnings_on = true,
        b"@off" if args.len() <= 1 => ctx.budget.warnings_on = false,
        m if m.first() == Some(&b'@') && args.len() <= 1 => {}
        m => {
            let text = String::from_utf8_lossy(m).into_owned();
            ctx.warn(&text);
        }
    }
    ret(vec![])
}
