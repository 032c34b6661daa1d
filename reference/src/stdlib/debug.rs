//! The debug library (§6.10), the part a tree-walker can define exactly: `traceback`,
//! `getinfo` without 'L', `getlocal`/`setlocal` of a level's named locals (those active
//! at the statement it is executing, in declaration order, with the loops' hidden
//! "(for state)"), its varargs and a function's parameters,
//! `getupvalue`/`setupvalue`/`upvalueid`/`upvaluejoin`, `getmetatable`/`setmetatable` on any value,
//! `getregistry`, `getuservalue`, `gethook` (never a hook) and `setcstacklimit`.
//!
//! Not supported here, each raising "<name> is not supported by the reference
//! interpreter": `getinfo`'s 'L' option (the tree has no instruction lines), `setlocal` of
//! a loop's hidden state, `setuservalue` and `sethook`. Stack
//! slots beyond a level's named locals, which lua5.4 shows as "(temporary)" and
//! "(C temporary)" (they depend on register allocation), are not there: `getlocal` gives
//! nil for them.

use gc_arena::{Gc, Mutation};

use moonlab::shared::debug_lib::{self, InfoWhat};

use crate::ir::{LocalId, StatKind};
use crate::machine::{Args, Ctx, Flow, LuaError, Root};
use crate::meta::type_meta_index;
use crate::stdlib::aux::{new_table, register, set_global, NResult};
use crate::thread::{ForState, Frame, Slot, Task, ThreadState};
use crate::value::*;

pub fn open<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>) {
    let t = new_table(mc);
    register(
        mc,
        t,
        &[
            ("debug", debug),
            ("getuservalue", getuservalue),
            ("gethook", gethook),
            ("getinfo", getinfo),
            ("getlocal", getlocal),
            ("getregistry", getregistry),
            ("getmetatable", getmetatable),
            ("getupvalue", getupvalue),
            ("upvaluejoin", upvaluejoin),
            ("upvalueid", upvalueid),
            ("setuservalue", setuservalue),
            ("sethook", unsupported_sethook),
            ("setlocal", setlocal),
            ("setmetatable", setmetatable),
            ("setupvalue", setupvalue),
            ("traceback", traceback),
            ("setcstacklimit", setcstacklimit),
        ],
    );
    set_global(mc, root, "debug", Value::Table(t));
    // `package.loaded.debug`, as the other libraries are registered.
    if let Value::Table(loaded) = root.registry.borrow().get_str(b"_LOADED") {
        let k = Value::str(mc, b"debug");
        loaded
            .borrow_mut(mc)
            .set(k, Value::Table(t))
            .expect("string key");
    }
}

fn ret<'gc>(vals: Vec<Value<'gc>>) -> NResult<'gc> {
    Ok(Flow::Return(vals))
}

fn not_supported<'gc>(ctx: &Ctx<'gc, '_>, what: &str) -> LuaError<'gc> {
    ctx.lib_error(format!(
        "{what} is not supported by the reference interpreter"
    ))
}

/// `debug.debug`: reads lines from stdin and runs each until "cont" or the end of input;
/// errors are reported on stderr (through `__tostring`, as luaL_tolstring does) and the
/// loop goes on.
fn debug<'gc>(ctx: &mut Ctx<'gc, '_>, _: Args<'gc>) -> NResult<'gc> {
    use std::io::{BufRead, Write};
    loop {
        let _ = std::io::stderr().write_all(b"lua_debug> ");
        let mut line = Vec::new();
        match std::io::stdin().lock().read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return ret(vec![]),
            Ok(_) => {}
        }
        if line == b"cont\n" {
            return ret(vec![]);
        }
        let parsed = {
            let bump = bumpalo::Bump::new();
            moonlab::syntax::parse(&bump, &line, b"=(debug command)")
                .map(|chunk| crate::ir::lower_chunk(&chunk, &line))
                .map_err(|e| e.message)
        };
        let err = match parsed {
            Ok(proto) => {
                let f = ctx.make_main_closure(&proto);
                ctx.call(f, vec![]).err().map(|e| e.value)
            }
            Err(msg) => Some(Value::str(ctx.mc, &msg)),
        };
        if let Some(e) = err {
            let mut msg = ctx.tostring_bytes(e)?;
            msg.push(b'\n');
            let _ = std::io::stderr().write_all(&msg);
        }
    }
}

/// `f1`'s upvalue `n1` becomes the cell of `f2`'s upvalue `n2`.
fn upvaluejoin<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let mut checked = [None, None];
    for (k, slot) in checked.iter_mut().enumerate() {
        let (argf, argn) = (2 * k + 1, 2 * k + 2);
        let n = ctx.check_int(&args, argn)?;
        let f = check_function(ctx, &args, argf)?;
        if upvalue_of(f, n).is_none() {
            return Err(ctx.arg_error(argn, "invalid upvalue index"));
        }
        *slot = Some((f, (n - 1) as usize));
    }
    let [Some((f1, i1)), Some((f2, i2))] = checked else {
        unreachable!("both checked")
    };
    let (Function::Lua(c1), Function::Lua(c2)) = (f1, f2) else {
        let arg = if matches!(f1, Function::Native(_)) {
            1
        } else {
            3
        };
        return Err(ctx.arg_error(arg, "Lua function expected"));
    };
    let cell = c2.upvalues.borrow()[i2];
    gc_arena::barrier::unlock!(Gc::write(ctx.mc, c1), LuaClosure, upvalues).borrow_mut()[i1] = cell;
    ret(vec![])
}

/// Only the argument errors: Lua code cannot make full userdata on this engine.
fn setuservalue<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    ctx.opt_int(&args, 3, 1)?;
    if !matches!(args.first(), Some(Value::UserData(_))) {
        return Err(ctx.arg_type_error(&args, 1, "userdata"));
    }
    Err(not_supported(ctx, "debug.setuservalue"))
}

fn unsupported_sethook<'gc>(ctx: &mut Ctx<'gc, '_>, _: Args<'gc>) -> NResult<'gc> {
    Err(not_supported(ctx, "debug.sethook"))
}

/// The optional thread argument: the thread when it is not the running one, and how many
/// arguments it took.
fn get_thread<'gc>(ctx: &Ctx<'gc, '_>, args: &Args<'gc>) -> (Option<Thread<'gc>>, usize) {
    match args.first() {
        Some(Value::Thread(t)) if !Gc::ptr_eq(*t, ctx.cur) => (Some(*t), 1),
        Some(Value::Thread(_)) => (None, 1),
        _ => (None, 0),
    }
}

/// Runs `f` on the frames of `co` (the running thread's when `None`), telling it whether
/// they are the main thread's.
/// The thread's whole state: `co`'s, or the running thread's.
fn with_state<'gc, R>(
    ctx: &Ctx<'gc, '_>,
    co: Option<Thread<'gc>>,
    f: impl FnOnce(&ThreadState<'gc>, bool) -> R,
) -> R {
    match co {
        Some(t) => {
            let obj = t.borrow();
            f(&obj.state, Gc::ptr_eq(t, ctx.root.main))
        }
        None => f(&ctx.th, Gc::ptr_eq(ctx.cur, ctx.root.main)),
    }
}

fn with_frames<'gc, R>(
    ctx: &Ctx<'gc, '_>,
    co: Option<Thread<'gc>>,
    f: impl FnOnce(&[Frame<'gc>], bool) -> R,
) -> R {
    match co {
        Some(t) => {
            let obj = t.borrow();
            f(&obj.state.frames, Gc::ptr_eq(t, ctx.root.main))
        }
        None => f(&ctx.th.frames, Gc::ptr_eq(ctx.cur, ctx.root.main)),
    }
}

fn traceback<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let (co, arg) = get_thread(ctx, &args);
    let m = args.get(arg).copied().unwrap_or(Value::Nil);
    let msg = match m {
        Value::Str(s) => Some(s.bytes.to_vec()),
        Value::Int(_) | Value::Num(_) => Some(ctx.number_to_bytes(m)),
        Value::Nil => None,
        other => return ret(vec![other]),
    };
    let level = ctx.opt_int(&args, arg + 2, if co.is_none() { 1 } else { 0 })?;
    let mut text = msg.map_or_else(Vec::new, |mut m| {
        m.push(b'\n');
        m
    });
    if level < 0 {
        text.extend_from_slice(b"stack traceback:");
    } else {
        let tb = with_frames(ctx, co, |frames, main| {
            ctx.traceback_of(frames, usize::try_from(level).unwrap_or(usize::MAX), main)
        });
        text.extend_from_slice(tb.as_bytes());
    }
    ret(vec![Value::str(ctx.mc, &text)])
}

/// What `getinfo` reports about a level or a function.
struct Info<'gc> {
    func: Option<Function<'gc>>,
    line: i64,
    name: Option<(String, String)>,
    tail: bool,
}

/// "local 'f'" (how a call site named the function) as (namewhat, name).
fn split_desc(d: &str) -> Option<(String, String)> {
    let (kind, rest) = d.split_once(" '")?;
    let name = rest.strip_suffix('\'')?;
    Some((kind.to_string(), name.to_string()))
}

fn level_info<'gc>(frames: &[Frame<'gc>], main: bool, level: i64) -> Option<Info<'gc>> {
    let n = frames.len() as i64;
    if level < 0 || level > n || (level == n && !main) {
        return None;
    }
    if level == n {
        // The host's call below the main chunk (lua.c's `pmain`).
        return Some(Info {
            func: None,
            line: -1,
            name: None,
            tail: false,
        });
    }
    let f = &frames[(n - 1 - level) as usize];
    Some(Info {
        func: f.func,
        line: if f.closure.as_ref().is_some_and(|c| !c.proto.chunk.stripped) {
            i64::from(f.line)
        } else {
            -1
        },
        name: f.call_desc.as_deref().and_then(split_desc),
        tail: f.tail,
    })
}

fn getinfo<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let (co, arg) = get_thread(ctx, &args);
    let options = match ctx.opt_str(&args, arg + 2)? {
        Some(s) => s.to_vec(),
        None => debug_lib::DEFAULT_INFO_OPTIONS.to_vec(),
    };
    if options.first() == Some(&b'>') {
        return Err(ctx.arg_error(arg + 2, "invalid option '>'"));
    }
    let info = match args.get(arg) {
        Some(Value::Func(f)) => Info {
            func: Some(*f),
            line: -1,
            name: None,
            tail: false,
        },
        _ => {
            let level = ctx.check_int(&args, arg + 1)?;
            match with_frames(ctx, co, |frames, main| level_info(frames, main, level)) {
                Some(i) => i,
                None => return ret(vec![Value::Nil]),
            }
        }
    };
    let what: InfoWhat = debug_lib::info_options(&options, arg + 2).map_err(|e| ctx.raise(e))?;
    if what.active_lines {
        return Err(not_supported(ctx, "debug.getinfo's option 'L'"));
    }
    let mc = ctx.mc;
    let t = new_table(mc);
    let set = |k: &str, v: Value<'gc>| {
        t.borrow_mut(mc)
            .set(Value::str(mc, k.as_bytes()), v)
            .expect("string key");
    };
    let s = |b: &[u8]| Value::str(mc, b);
    let closure = match info.func {
        Some(Function::Lua(c)) => Some(c),
        _ => None,
    };
    if what.source {
        match closure {
            Some(c) => {
                let p = &c.proto;
                set("source", s(&p.source));
                set(
                    "short_src",
                    s(&moonlab::shared::chunkid::chunkid(&p.source)),
                );
                set("linedefined", Value::Int(i64::from(p.line)));
                // (A main chunk's last line is 0 too, as lua5.4 records it.)
                let last = if p.line == 0 { 0 } else { p.end_line };
                set("lastlinedefined", Value::Int(i64::from(last)));
                set("what", s(if p.line == 0 { b"main" } else { b"Lua" }));
            }
            None => {
                set("source", s(b"=[C]"));
                set("short_src", s(b"[C]"));
                set("linedefined", Value::Int(-1));
                set("lastlinedefined", Value::Int(-1));
                set("what", s(b"C"));
            }
        }
    }
    if what.line {
        set("currentline", Value::Int(info.line));
    }
    if what.upvalues {
        let (nups, nparams, vararg) = match info.func {
            Some(Function::Lua(c)) => (
                c.upvalues.borrow().len(),
                c.proto.params.len(),
                c.proto.is_vararg,
            ),
            Some(Function::Native(n)) => (n.upvalues.len(), 0, true),
            None => (0, 0, true),
        };
        set("nups", Value::Int(nups as i64));
        set("nparams", Value::Int(nparams as i64));
        set("isvararg", Value::Bool(vararg));
    }
    if what.name {
        match &info.name {
            Some((kind, name)) => {
                set("name", s(name.as_bytes()));
                set("namewhat", s(kind.as_bytes()));
            }
            None => set("namewhat", s(b"")),
        }
    }
    if what.transfer {
        set("ftransfer", Value::Int(0));
        set("ntransfer", Value::Int(0));
    }
    if what.tail {
        set("istailcall", Value::Bool(info.tail));
    }
    if what.func {
        if let Some(f) = info.func {
            set("func", Value::Func(f));
        }
    }
    ret(vec![Value::Table(t)])
}

fn getlocal<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let (co, arg) = get_thread(ctx, &args);
    let n = ctx.check_int(&args, arg + 2)?;
    if let Some(Value::Func(f)) = args.get(arg) {
        // A function's parameters, as they are named at its start.
        let name = match f {
            // A stripped function's parameters have no names.
            Function::Lua(c) if n >= 1 && !c.proto.chunk.stripped => c
                .proto
                .params
                .get((n - 1) as usize)
                .map(|&id| Value::str(ctx.mc, c.proto.locals[id as usize].name.as_bytes())),
            _ => None,
        };
        return ret(vec![name.unwrap_or(Value::Nil)]);
    }
    let level = ctx.check_int(&args, arg + 1)?;
    let found = with_state(ctx, co, |th, main| {
        level_index(th, level, main).map(|fi| fi.and_then(|fi| find_local(th, fi, n)))
    });
    let Some(found) = found else {
        return Err(ctx.arg_error(arg + 1, "level out of range"));
    };
    match found {
        Some((name, v, _)) => ret(vec![Value::str(ctx.mc, name.as_bytes()), v]),
        None => ret(vec![Value::Nil]),
    }
}

fn setlocal<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let (co, arg) = get_thread(ctx, &args);
    let level = ctx.check_int(&args, arg + 1)?;
    let n = ctx.check_int(&args, arg + 2)?;
    let v = ctx.check_any(&args, arg + 3)?;
    let found = with_state(ctx, co, |th, main| {
        level_index(th, level, main)
            .map(|fi| fi.and_then(|fi| find_local(th, fi, n).map(|(name, _, at)| (fi, name, at))))
    });
    let Some(found) = found else {
        return Err(ctx.arg_error(arg + 1, "level out of range"));
    };
    let Some((fi, name, at)) = found else {
        return ret(vec![Value::Nil]);
    };
    let mc = ctx.mc;
    let write = |frames: &mut [Frame<'gc>]| match at {
        LocalAt::Slot(id) => {
            match &mut frames[fi].slots[id as usize] {
                Slot::Val(x) => *x = v,
                Slot::Cell(c) => c.unlock(mc).set(v),
            }
            Ok(())
        }
        LocalAt::Vararg(i) => {
            frames[fi].varargs[i] = v;
            Ok(())
        }
        LocalAt::LoopState => Err(()),
    };
    let written = match co {
        Some(t) => write(&mut t.borrow_mut(mc).state.frames),
        None => write(&mut ctx.th.frames),
    };
    if written.is_err() {
        return Err(not_supported(
            ctx,
            "debug.setlocal of a loop's hidden state",
        ));
    }
    ret(vec![Value::str(ctx.mc, name.as_bytes())])
}

/// Where a level's local lives.
#[derive(Clone, Copy)]
enum LocalAt {
    Slot(LocalId),
    Vararg(usize),
    /// A `for` loop's hidden "(for state)", held by the loop's task.
    LoopState,
}

/// The frame index of `level`, `Some(None)` for the C level below the main thread's first
/// frame, `None` when there is no such level.
fn level_index(th: &ThreadState<'_>, level: i64, main: bool) -> Option<Option<usize>> {
    let nf = th.frames.len() as i64;
    if level < 0 || level > nf || (level == nf && !main) {
        return None;
    }
    if level == nf {
        return Some(None);
    }
    Some(Some((nf - 1 - level) as usize))
}

/// Local `n` of frame `fi` as lua5.4 numbers them: positive `n` counts the locals active at
/// the statement being executed, in declaration order; negative `n` the varargs. Stack
/// slots beyond the named locals ("(temporary)" in lua5.4) are not modelled: `None`.
fn find_local<'gc>(
    th: &ThreadState<'gc>,
    fi: usize,
    n: i64,
) -> Option<(std::rc::Rc<str>, Value<'gc>, LocalAt)> {
    let f = &th.frames[fi];
    let c = f.closure.as_ref()?;
    if n < 0 {
        let i = usize::try_from(-(n + 1)).ok()?;
        if !c.proto.is_vararg || i >= f.varargs.len() {
            return None;
        }
        return Some(("(vararg)".into(), f.varargs[i], LocalAt::Vararg(i)));
    }
    let active = c.proto.active_locals(f.scope);
    let id = *active.get(usize::try_from(n).ok()?.checked_sub(1)?)?;
    let name = c.proto.locals[id as usize].name.clone();
    if &*name == "(for state)" {
        let tasks_end = th
            .frames
            .get(fi + 1)
            .map_or(th.tasks.len(), |g| g.task_base);
        let v = loop_state(th, &th.tasks[f.task_base..tasks_end], id)?;
        return Some((name, v, LocalAt::LoopState));
    }
    let v = match f.slots[id as usize] {
        Slot::Val(v) => v,
        Slot::Cell(cell) => cell.get(),
    };
    // Stripped: lua5.4 knows no names, and calls each slot in use "(temporary)".
    let name = if c.proto.chunk.stripped {
        "(temporary)".into()
    } else {
        name
    };
    Some((name, v, LocalAt::Slot(id)))
}

/// The value lua5.4 keeps in the hidden local `id` of a running `for` loop: for a numeric
/// loop the internal index, the iterations left (the limit, for a float loop) and the step;
/// for a generic loop the iterator, its state, the control value and the closing value.
fn loop_state<'gc>(th: &ThreadState<'gc>, tasks: &[Task<'gc>], id: LocalId) -> Option<Value<'gc>> {
    tasks.iter().rev().find_map(|t| match t {
        Task::NumFor { s, state } => {
            let StatKind::NumericFor { var, .. } = s.get().kind else {
                return None;
            };
            let k = id.checked_sub(var - 3).filter(|&k| k < 3)?;
            Some(match (*state, k) {
                (ForState::Int { next, step, .. }, 0) => Value::Int(next.wrapping_sub(step)),
                (ForState::Int { remaining, .. }, 1) => Value::Int(remaining as i64),
                (ForState::Int { step, .. }, _) => Value::Int(step),
                (ForState::Float { index, .. }, 0) => Value::Num(index),
                (ForState::Float { limit, .. }, 1) => Value::Num(limit),
                (ForState::Float { step, .. }, _) => Value::Num(step),
            })
        }
        Task::GenFor { s, base } | Task::GenForStep { s, base } => {
            let StatKind::GenericFor { ref vars, .. } = s.get().kind else {
                return None;
            };
            let k = id.checked_sub(vars[0] - 4).filter(|&k| k < 4)?;
            th.values.get(base + k as usize).copied()
        }
        _ => None,
    })
}

fn check_function<'gc>(
    ctx: &Ctx<'gc, '_>,
    args: &Args<'gc>,
    n: usize,
) -> Result<Function<'gc>, LuaError<'gc>> {
    match args.get(n - 1) {
        Some(Value::Func(f)) => Ok(*f),
        _ => Err(ctx.arg_type_error(args, n, "function")),
    }
}

/// Upvalue `n` of `f`: its name and value, or `None` when `f` has no such upvalue.
fn upvalue_of<'gc>(f: Function<'gc>, n: i64) -> Option<(String, Value<'gc>, usize)> {
    if n < 1 {
        return None;
    }
    let i = (n - 1) as usize;
    match f {
        Function::Lua(c) => {
            let cell = *c.upvalues.borrow().get(i)?;
            let name = if c.proto.chunk.stripped {
                "(no name)".to_string()
            } else {
                c.proto.upvalues[i].name.to_string()
            };
            Some((name, cell.get(), Gc::as_ptr(cell) as usize))
        }
        Function::Native(nc) => {
            let v = *nc.upvalues.get(i)?;
            Some((String::new(), v, Gc::as_ptr(nc) as usize + i))
        }
    }
}

fn getupvalue<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let n = ctx.check_int(&args, 2)?;
    let f = check_function(ctx, &args, 1)?;
    match upvalue_of(f, n) {
        Some((name, v, _)) => ret(vec![Value::str(ctx.mc, name.as_bytes()), v]),
        None => ret(vec![]),
    }
}

fn setupvalue<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let v = ctx.check_any(&args, 3)?;
    let n = ctx.check_int(&args, 2)?;
    let f = check_function(ctx, &args, 1)?;
    let Some((name, _, _)) = upvalue_of(f, n) else {
        return ret(vec![]);
    };
    match f {
        Function::Lua(c) => c.upvalues.borrow()[(n - 1) as usize].unlock(ctx.mc).set(v),
        // Natives' bound values are fixed when they are made.
        Function::Native(_) => return Err(not_supported(ctx, "debug.setupvalue of a C function")),
    }
    ret(vec![Value::str(ctx.mc, name.as_bytes())])
}

fn upvalueid<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let n = ctx.check_int(&args, 2)?;
    let f = check_function(ctx, &args, 1)?;
    match upvalue_of(f, n) {
        Some((_, _, id)) => ret(vec![Value::LightUserData(id)]),
        None => ret(vec![Value::Nil]),
    }
}

fn getregistry<'gc>(ctx: &mut Ctx<'gc, '_>, _: Args<'gc>) -> NResult<'gc> {
    ret(vec![Value::Table(ctx.root.registry)])
}

fn getmetatable<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let v = ctx.check_any(&args, 1)?;
    ret(vec![ctx.metatable(v).map_or(Value::Nil, Value::Table)])
}

/// Any value's metatable, without `__metatable` protection; the types without their own
/// share one per type.
fn setmetatable<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let v = args.first().copied().unwrap_or(Value::Nil);
    let mt = match args.get(1) {
        Some(Value::Nil) => None,
        Some(Value::Table(m)) => Some(*m),
        _ => return Err(ctx.arg_type_error(&args, 2, "nil or table")),
    };
    match v {
        Value::Table(t) => {
            t.borrow_mut(ctx.mc).metatable = mt;
            crate::gc::on_setmetatable(ctx.mc, ctx.root, t, mt);
        }
        Value::Str(_) => ctx.root.string_meta.unlock(ctx.mc).set(mt),
        // (Lua code cannot make full userdata on this engine.)
        Value::UserData(_) => return Err(not_supported(ctx, "debug.setmetatable of a userdata")),
        other => {
            let i = type_meta_index(other).expect("every other type has a shared metatable");
            let cell = ctx.root.type_meta.unlock(ctx.mc);
            let mut all = cell.get();
            all[i] = mt;
            cell.set(all);
        }
    }
    ret(vec![v])
}

fn getuservalue<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    ctx.opt_int(&args, 2, 1)?;
    match args.first() {
        // No full userdata here has user values.
        Some(Value::UserData(_)) => Err(not_supported(ctx, "debug.getuservalue of a userdata")),
        _ => ret(vec![Value::Nil]),
    }
}

/// No hook is ever set on the reference interpreter.
fn gethook<'gc>(_: &mut Ctx<'gc, '_>, _: Args<'gc>) -> NResult<'gc> {
    ret(vec![Value::Nil])
}

fn setcstacklimit<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    ctx.check_int(&args, 1)?;
    ret(vec![Value::Int(i64::from(
        moonlab::shared::limits::MAX_C_CALLS,
    ))])
}
