//! The table library (§6.6). Like Lua 5.4's, it reads and writes through metamethods
//! (`lua_geti`/`lua_seti`) and takes lengths with `__len`.

use gc_arena::Mutation;
use moonlab::shared::limits::MAX_STACK;
use moonlab::shared::table_lib::{self, InsertForm};

use crate::machine::{Args, Ctx, Flow, LuaError, Root};
use crate::meta::to_number;
use crate::stdlib::aux::{new_table, register, set_global, text_piece, NResult};
use crate::value::*;

pub fn open<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>) {
    let t = new_table(mc);
    register(
        mc,
        t,
        &[
            ("insert", insert),
            ("remove", remove),
            ("concat", concat),
            ("unpack", unpack),
            ("pack", pack),
            ("sort", sort),
            ("move", move_),
        ],
    );
    set_global(mc, root, "table", Value::Table(t));
}

type R<'gc, T> = Result<T, LuaError<'gc>>;

impl<'gc> Ctx<'gc, '_> {
    /// `lua_seti`-like assignment with `__newindex`, from a library function.
    pub fn set_sync(&mut self, t: Value<'gc>, k: Value<'gc>, v: Value<'gc>) -> R<'gc, ()> {
        self.sync_op(|ctx| ctx.set_index(t, k, v, 0, None))
    }

    /// `luaL_len`: `#v` with `__len`, which must give an integer.
    pub fn len_sync(&mut self, v: Value<'gc>) -> R<'gc, i64> {
        let mark = self.th.values.len();
        self.sync_op(|ctx| ctx.len_push(v, 0, None))?;
        let n = self.th.values.get(mark).copied().unwrap_or(Value::Nil);
        self.th.values.truncate(mark);
        table_lib::length_from(to_number(n)).map_err(|e| self.raise(e))
    }

    /// `lua_compare(a, b, LUA_OPLT)` from a library function.
    pub fn less_sync(&mut self, a: Value<'gc>, b: Value<'gc>) -> R<'gc, bool> {
        if let Some(r) = crate::meta::compare_primitive(a, b, false) {
            return Ok(r);
        }
        let mark = self.th.values.len();
        self.sync_op(|ctx| ctx.less_push(a, b, false, 0))?;
        let v = self.th.values.get(mark).copied().unwrap_or(Value::Nil);
        self.th.values.truncate(mark);
        Ok(v.truthy())
    }

    fn geti(&mut self, t: Value<'gc>, i: i64) -> R<'gc, Value<'gc>> {
        if let Value::Table(tab) = t {
            let v = tab.borrow().get_int(i);
            if !v.is_nil() || tab.borrow().metatable.is_none() {
                return Ok(v);
            }
        }
        self.index_sync(t, Value::Int(i))
    }

    fn seti(&mut self, t: Value<'gc>, i: i64, v: Value<'gc>) -> R<'gc, ()> {
        if let Value::Table(tab) = t {
            if tab.borrow().metatable.is_none() {
                tab.borrow_mut(self.mc).set_int(i, v);
                return Ok(());
            }
        }
        self.set_sync(t, Value::Int(i), v)
    }
}

fn insert<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let t = Value::Table(ctx.check_table(&args, 1)?);
    let e = ctx.len_sync(t)?.wrapping_add(1); // first empty slot
    match table_lib::insert_form(args.len()).map_err(|e| ctx.raise(e))? {
        InsertForm::Append => {
            ctx.seti(t, e, args[1])?;
        }
        InsertForm::At => {
            let pos = ctx.check_int(&args, 2)?;
            table_lib::check_insert_position(pos, e).map_err(|e| ctx.raise(e))?;
            ctx.charge(e.wrapping_sub(pos) as u64)?;
            let mut i = e;
            while i > pos {
                let v = ctx.geti(t, i - 1)?;
                ctx.seti(t, i, v)?;
                i -= 1;
            }
            ctx.seti(t, pos, args[2])?;
        }
    }
    Ok(Flow::Return(vec![]))
}

fn remove<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let t = Value::Table(ctx.check_table(&args, 1)?);
    let size = ctx.len_sync(t)?;
    let mut pos = ctx.opt_int(&args, 2, size)?;
    table_lib::check_remove_position(pos, size).map_err(|e| ctx.raise(e))?;
    let v = ctx.geti(t, pos)?;
    if pos < size {
        ctx.charge(size.wrapping_sub(pos) as u64)?;
    }
    while pos < size {
        let next = ctx.geti(t, pos + 1)?;
        ctx.seti(t, pos, next)?;
        pos += 1;
    }
    ctx.seti(t, pos, Value::Nil)?;
    Ok(Flow::Return(vec![v]))
}

fn concat<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let t = Value::Table(ctx.check_table(&args, 1)?);
    // ltablib.c's tconcat takes the length (`__len`) first, even when `j` is given.
    let n = ctx.len_sync(t)?;
    let sep = ctx.opt_str(&args, 2)?.unwrap_or_default();
    let i = ctx.opt_int(&args, 3, 1)?;
    let j = match args.get(3) {
        None | Some(Value::Nil) => n,
        Some(_) => ctx.check_int(&args, 4)?,
    };
    let mut out = Vec::new();
    for k in i..=j {
        ctx.charge(1)?;
        let v = ctx.geti(t, k)?;
        table_lib::concat_piece(&mut out, text_piece(v), k, j, &sep).map_err(|e| ctx.raise(e))?;
        if !ctx.root.meter.fits(out.capacity()) {
            return Err(ctx.memory_error(false));
        }
    }
    Ok(Flow::Return(vec![ctx.new_string(out)?]))
}

fn unpack<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    // ltablib.c's tunpack does not check its first argument: without one, taking its
    // length fails ("attempt to get length of a nil value").
    let t = args.first().copied().unwrap_or(Value::Nil);
    let i = ctx.opt_int(&args, 2, 1)?;
    let j = match args.get(2) {
        None | Some(Value::Nil) => ctx.len_sync(t)?,
        Some(_) => ctx.check_int(&args, 3)?,
    };
    if i > j {
        return Ok(Flow::Return(vec![]));
    }
    let n = (j as i128 - i as i128 + 1) as u128;
    if n >= MAX_STACK as u128 {
        return Err(ctx.lib_error("too many results to unpack"));
    }
    ctx.charge(n as u64)?;
    let mut out = Vec::with_capacity(n as usize);
    let mut k = i;
    loop {
        out.push(ctx.geti(t, k)?);
        if k == j {
            break;
        }
        k += 1;
    }
    Ok(Flow::Return(out))
}

fn pack<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let t = ctx.new_table_sized(args.len(), 1)?;
    {
        let mut tb = t.borrow_mut(ctx.mc);
        for (i, v) in args.iter().enumerate() {
            tb.set_int(i as i64 + 1, *v);
        }
        tb.set(Value::str(ctx.mc, b"n"), Value::Int(args.len() as i64))
            .expect("string key");
    }
    Ok(Flow::Return(vec![Value::Table(t)]))
}

fn move_<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    // ltablib.c checks the positions before the tables.
    let f = ctx.check_int(&args, 2)?;
    let e = ctx.check_int(&args, 3)?;
    let t = ctx.check_int(&args, 4)?;
    let a1 = Value::Table(ctx.check_table(&args, 1)?);
    let a2 = match args.get(4) {
        None | Some(Value::Nil) => a1,
        Some(_) => Value::Table(ctx.check_table(&args, 5)?),
    };
    let offsets = table_lib::move_offsets(f, e, t, a1.raw_eq(&a2)).map_err(|e| ctx.raise(e))?;
    for i in offsets {
        ctx.charge(1)?;
        let v = ctx.geti(a1, f + i)?;
        ctx.seti(a2, t + i, v)?;
    }
    Ok(Flow::Return(vec![a2]))
}

fn sort<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let t = Value::Table(ctx.check_table(&args, 1)?);
    let n = ctx.len_sync(t)?;
    if n > 1 {
        table_lib::check_sort_length(n).map_err(|e| ctx.raise(e))?;
        let cmp = match args.get(1) {
            None | Some(Value::Nil) => None,
            Some(f @ Value::Func(_)) => Some(*f),
            Some(_) => return Err(ctx.arg_type_error(&args, 2, "function")),
        };
        let mut items = Vec::with_capacity(n as usize);
        for i in 1..=n {
            items.push(ctx.geti(t, i)?);
        }
        let sorted = merge_sort(ctx, items, cmp)?;
        // With a consistent order no element is less than the one before it; lua5.4's
        // quicksort notices the usual inconsistent functions (one that is always true, say)
        // when they drive it out of bounds, and the reference, which cannot see that, asks
        // this instead.
        for w in sorted.windows(2) {
            if less(ctx, cmp, w[1], w[0])? {
                return Err(ctx.lib_error("invalid order function for sorting"));
            }
        }
        for (i, v) in sorted.into_iter().enumerate() {
            ctx.seti(t, i as i64 + 1, v)?;
        }
    }
    Ok(Flow::Return(vec![]))
}

fn less<'gc>(
    ctx: &mut Ctx<'gc, '_>,
    cmp: Option<Value<'gc>>,
    a: Value<'gc>,
    b: Value<'gc>,
) -> R<'gc, bool> {
    ctx.charge(1)?;
    match cmp {
        Some(f) => {
            let r = ctx.call(f, vec![a, b])?;
            Ok(r.first().is_some_and(|v| v.truthy()))
        }
        None => ctx.less_sync(a, b),
    }
}

/// A merge sort driven by Lua's comparison (whose errors propagate).
fn merge_sort<'gc>(
    ctx: &mut Ctx<'gc, '_>,
    items: Vec<Value<'gc>>,
    cmp: Option<Value<'gc>>,
) -> R<'gc, Vec<Value<'gc>>> {
    let mut src = items;
    let n = src.len();
    let mut width = 1;
    let mut dst = src.clone();
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j, mut k) = (lo, mid, lo);
            while i < mid && j < hi {
                // Take from the right only when strictly less, keeping equal items in order.
                if less(ctx, cmp, src[j], src[i])? {
                    dst[k] = src[j];
                    j += 1;
                } else {
                    dst[k] = src[i];
                    i += 1;
                }
                k += 1;
            }
            dst[k..k + (mid - i)].copy_from_slice(&src[i..mid]);
            k += mid - i;
            dst[k..k + (hi - j)].copy_from_slice(&src[j..hi]);
            lo = hi;
        }
        std::mem::swap(&mut src, &mut dst);
        width *= 2;
    }
    Ok(src)
}
