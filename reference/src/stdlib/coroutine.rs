//! The coroutine library (§6.2).

use gc_arena::lock::RefLock;
use gc_arena::{Gc, Mutation};

use crate::machine::{Args, Ctx, Flow, Root};
use crate::stdlib::aux::{new_table, register, set_global, NResult};
use crate::thread::{CoStatus, ThreadObj, ThreadState};
use crate::value::*;

pub fn open<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>) {
    let t = new_table(mc);
    register(
        mc,
        t,
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
    set_global(mc, root, "coroutine", Value::Table(t));
}

impl<'gc> Ctx<'gc, '_> {
    fn check_thread(
        &self,
        args: &Args<'gc>,
        n: usize,
    ) -> Result<Thread<'gc>, crate::machine::LuaError<'gc>> {
        match args.get(n - 1) {
            Some(Value::Thread(t)) => Ok(*t),
            _ => Err(self.arg_type_error(args, n, "thread")),
        }
    }

    fn new_thread(&self, f: Function<'gc>) -> Thread<'gc> {
        Gc::new(
            self.mc,
            RefLock::new(ThreadObj {
                status: CoStatus::Suspended,
                state: ThreadState::default(),
                body: Some(f),
                error: None,
                nested: 0,
            }),
        )
    }
}

fn create<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    match args.first() {
        Some(Value::Func(f)) => Ok(Flow::Return(vec![Value::Thread(ctx.new_thread(*f))])),
        _ => Err(ctx.arg_type_error(&args, 1, "function")),
    }
}

fn resume<'gc>(ctx: &mut Ctx<'gc, '_>, mut args: Args<'gc>) -> NResult<'gc> {
    let co = ctx.check_thread(&args, 1)?;
    args.remove(0);
    Ok(Flow::Resume {
        co,
        args,
        wrap: false,
    })
}

fn yield_<'gc>(_ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    Ok(Flow::Yield(args))
}

fn status_name<'gc>(ctx: &Ctx<'gc, '_>, co: Thread<'gc>) -> &'static str {
    if Gc::ptr_eq(co, ctx.cur) {
        return "running";
    }
    match co.borrow().status {
        CoStatus::Suspended => "suspended",
        CoStatus::Running => "running",
        CoStatus::Normal => "normal",
        CoStatus::Dead => "dead",
    }
}

fn status<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let co = ctx.check_thread(&args, 1)?;
    let s = status_name(ctx, co);
    Ok(Flow::Return(vec![Value::str(ctx.mc, s.as_bytes())]))
}

fn wrap_call<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let co = match ctx.th.frames.last().and_then(|f| f.func) {
        Some(Function::Native(n)) => match n.upvalues.first() {
            Some(Value::Thread(t)) => *t,
            _ => unreachable!("wrap closures hold their coroutine"),
        },
        _ => unreachable!("running a native"),
    };
    Ok(Flow::Resume {
        co,
        args,
        wrap: true,
    })
}

fn wrap<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let f = match args.first() {
        Some(Value::Func(f)) => *f,
        _ => return Err(ctx.arg_type_error(&args, 1, "function")),
    };
    let co = ctx.new_thread(f);
    let w = Value::Func(Function::Native(Gc::new(
        ctx.mc,
        NativeClosure {
            name: "wrap",
            f: wrap_call,
            upvalues: vec![Value::Thread(co)],
        },
    )));
    Ok(Flow::Return(vec![w]))
}

fn isyieldable<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    // Any argument given must be a thread (lcorolib.c: `lua_isnone(L, 1) ? L : getco(L)`).
    let co = if args.is_empty() {
        ctx.cur
    } else {
        ctx.check_thread(&args, 1)?
    };
    let main = Gc::ptr_eq(co, ctx.root.main);
    let yieldable = !main
        && (!Gc::ptr_eq(co, ctx.cur)
            || (ctx.budget.nested <= co.borrow().nested && ctx.th.yieldable_frames()));
    Ok(Flow::Return(vec![Value::Bool(yieldable)]))
}

fn running<'gc>(ctx: &mut Ctx<'gc, '_>, _args: Args<'gc>) -> NResult<'gc> {
    let main = Gc::ptr_eq(ctx.cur, ctx.root.main);
    Ok(Flow::Return(vec![
        Value::Thread(ctx.cur),
        Value::Bool(main),
    ]))
}

/// `lua_closethread`: closes the pending to-be-closed variables of a suspended or dead
/// coroutine, most recent first (an error replaces the error object the next ones see),
/// and leaves it dead. Returns the error object: the coroutine's own error, or the last
/// one a handler raised. The handlers run as a native call (a yield in one is an error).
pub fn close_pending<'gc>(ctx: &mut Ctx<'gc, '_>, co: Thread<'gc>) -> Option<Value<'gc>> {
    let (pending, mut err) = {
        let mut c = co.borrow_mut(ctx.mc);
        let pending: Vec<Value<'gc>> = std::mem::take(&mut c.state.tbc)
            .into_iter()
            .map(|t| t.value)
            .collect();
        // Its handlers run as if on the coroutine (lua_closethread runs them there): it is
        // "running", so it can be neither resumed nor closed again meanwhile.
        c.status = CoStatus::Running;
        (pending, c.error.take())
    };
    ctx.budget.closing.push(Gc::as_ptr(ctx.cur) as usize);
    for v in pending.into_iter().rev() {
        if !v.truthy() {
            continue;
        }
        let h = ctx.metafield(v, ctx.root.names.close);
        if let Err(e) = ctx.call(h, vec![v, err.unwrap_or(Value::Nil)]) {
            err = Some(e.value);
        }
    }
    ctx.budget.closing.pop();
    let mut c = co.borrow_mut(ctx.mc);
    c.status = CoStatus::Dead;
    c.state = ThreadState::default();
    c.body = None;
    err
}

fn close<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let co = ctx.check_thread(&args, 1)?;
    let st = status_name(ctx, co);
    match st {
        "dead" | "suspended" => {
            let err = close_pending(ctx, co);
            Ok(Flow::Return(match err {
                None => vec![Value::Bool(true)],
                Some(e) => vec![Value::Bool(false), e],
            }))
        }
        other => Err(ctx.lib_error(format!("cannot close a {other} coroutine"))),
    }
}
