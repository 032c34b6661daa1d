//! Garbage collection semantics on gc-arena: weak tables, ephemerons, `__gc` finalizers,
//! and `collectgarbage`.
//!
//! The reference only runs full, stop-the-world cycles, in this order (Lua 5.4's atomic
//! phase, lgc.c):
//! 1. *demote*: every table whose metatable has `__mode` moves its entries into weak slots,
//!    so that marking does not keep weak keys or values alive;
//! 2. mark to a fixpoint, resurrecting the values of ephemeron entries whose key is alive;
//! 3. clear entries whose weak *value* died (before finalizers resurrect anything);
//! 4. *separate*: objects registered for finalization that died are resurrected and queued,
//!    most recently registered first; marking resumes to a fixpoint again;
//! 5. clear entries whose weak key or value died, sweep, and *promote* the weak tables back
//!    to ordinary storage;
//! 6. run the queued finalizers.
//!
//! Strings, numbers and booleans are values, not objects, for weak tables: never removed.

use gc_arena::lock::RefLock;
use gc_arena::{Collect, Finalization, Gc, GcWeak, Mutation};
use moonlab::shared::limits::gc_defaults;

use crate::machine::{Args, Ctx, Flow, Root};
use crate::stdlib::aux::NResult;
use crate::table::TableObj;
use crate::value::*;

/// A value held weakly: collectable objects by weak pointer, everything else as itself.
#[derive(Collect, Clone, Copy)]
#[collect(no_drop)]
pub enum WeakSlot<'gc> {
    Strong(Value<'gc>),
    Table(GcWeak<'gc, RefLock<TableObj<'gc>>>),
    Lua(GcWeak<'gc, LuaClosure<'gc>>),
    Native(GcWeak<'gc, NativeClosure<'gc>>),
    Thread(GcWeak<'gc, RefLock<crate::thread::ThreadObj<'gc>>>),
    UserData(GcWeak<'gc, UserDataObj<'gc>>),
    /// A string key of an all-weak table (`__mode = "kv"`): lgc.c marks it only if its entry
    /// survives the clearing by values (`clear_dead` revives it then).
    Str(GcWeak<'gc, StrObj>),
}

impl<'gc> WeakSlot<'gc> {
    pub fn weak(v: Value<'gc>) -> Self {
        match v {
            Value::Table(t) => WeakSlot::Table(Gc::downgrade(t)),
            Value::Func(Function::Lua(c)) => WeakSlot::Lua(Gc::downgrade(c)),
            Value::Func(Function::Native(c)) => WeakSlot::Native(Gc::downgrade(c)),
            Value::Thread(t) => WeakSlot::Thread(Gc::downgrade(t)),
            Value::UserData(u) => WeakSlot::UserData(Gc::downgrade(u)),
            other => WeakSlot::Strong(other),
        }
    }

    fn is_dead(&self, fc: &Finalization<'gc>) -> bool {
        match self {
            WeakSlot::Strong(_) => false,
            WeakSlot::Table(w) => w.is_dead(fc),
            WeakSlot::Lua(w) => w.is_dead(fc),
            WeakSlot::Native(w) => w.is_dead(fc),
            WeakSlot::Thread(w) => w.is_dead(fc),
            WeakSlot::UserData(w) => w.is_dead(fc),
            WeakSlot::Str(w) => w.is_dead(fc),
        }
    }

    fn resurrect(&self, fc: &Finalization<'gc>) {
        match self {
            WeakSlot::Strong(_) => {}
            WeakSlot::Table(w) => {
                w.resurrect(fc);
            }
            WeakSlot::Lua(w) => {
                w.resurrect(fc);
            }
            WeakSlot::Native(w) => {
                w.resurrect(fc);
            }
            WeakSlot::Thread(w) => {
                w.resurrect(fc);
            }
            WeakSlot::UserData(w) => {
                w.resurrect(fc);
            }
            WeakSlot::Str(w) => {
                w.resurrect(fc);
            }
        }
    }

    /// Revives a dead object for its finalizer (tables and userdata, the objects that can
    /// have one).
    fn resurrect_value(&self, fc: &Finalization<'gc>) -> Option<Value<'gc>> {
        match self {
            WeakSlot::Table(w) => w.resurrect(fc).map(Value::Table),
            WeakSlot::UserData(w) => w.resurrect(fc).map(Value::UserData),
            _ => None,
        }
    }

    fn is_dropped(&self) -> bool {
        match self {
            WeakSlot::Strong(_) => false,
            WeakSlot::Table(w) => w.is_dropped(),
            WeakSlot::Lua(w) => w.is_dropped(),
            WeakSlot::Native(w) => w.is_dropped(),
            WeakSlot::Thread(w) => w.is_dropped(),
            WeakSlot::UserData(w) => w.is_dropped(),
            WeakSlot::Str(w) => w.is_dropped(),
        }
    }

    fn upgrade(&self, mc: &Mutation<'gc>) -> Option<Value<'gc>> {
        Some(match self {
            WeakSlot::Strong(v) => *v,
            WeakSlot::Table(w) => Value::Table(w.upgrade(mc)?),
            WeakSlot::Lua(w) => Value::Func(Function::Lua(w.upgrade(mc)?)),
            WeakSlot::Native(w) => Value::Func(Function::Native(w.upgrade(mc)?)),
            WeakSlot::Thread(w) => Value::Thread(w.upgrade(mc)?),
            WeakSlot::UserData(w) => Value::UserData(w.upgrade(mc)?),
            WeakSlot::Str(w) => Value::Str(w.upgrade(mc)?),
        })
    }
}

/// A weak table's entries while a collection runs.
#[derive(Collect)]
#[collect(no_drop)]
pub struct WeakEntries<'gc> {
    #[collect(require_static)]
    pub weak_keys: bool,
    #[collect(require_static)]
    pub weak_values: bool,
    #[collect(require_static)]
    pub array_len: usize,
    pub entries: Vec<(WeakSlot<'gc>, WeakSlot<'gc>)>,
}

/// Collector state visible to `collectgarbage`.
#[derive(Collect)]
#[collect(require_static)]
pub struct GcState {
    pub running: bool,
    pub generational: bool,
    pub pause: i64,
    pub stepmul: i64,
    pub stepsize: i64,
    pub minormul: i64,
    pub majormul: i64,
    /// Live objects after the last collection (the base of Lua's `pause` rule).
    pub live_after_gc: usize,
    pub cycles: u64,
    /// Finalizers running (nested count): `collectgarbage` does nothing then and returns
    /// fail, as in lua5.4 ("finalizers cannot run the garbage collector").
    pub finalizing: u32,
}

impl Default for GcState {
    fn default() -> Self {
        GcState {
            running: true,
            generational: false,
            pause: gc_defaults::PAUSE.into(),
            stepmul: gc_defaults::STEP_MUL.into(),
            stepsize: gc_defaults::STEP_SIZE_LOG2.into(),
            minormul: gc_defaults::MINOR_MUL.into(),
            majormul: gc_defaults::MAJOR_MUL.into(),
            live_after_gc: 0,
            cycles: 0,
            finalizing: 0,
        }
    }
}

/// The weak-reference lists the collector works from.
#[derive(Collect, Default)]
#[collect(no_drop)]
pub struct GcLists<'gc> {
    /// Tables that have had a metatable (candidates for `__mode`).
    pub metatabled: Vec<GcWeak<'gc, RefLock<TableObj<'gc>>>>,
    /// Objects registered for finalization (tables and userdata), in registration order.
    pub finalizable: Vec<WeakSlot<'gc>>,
    /// Tables demoted during the current cycle.
    pub demoted: Vec<GcWeak<'gc, RefLock<TableObj<'gc>>>>,
    /// Objects whose finalizer is due, in the order to call them.
    pub tobefnz: Vec<Value<'gc>>,
    /// `lua_close` has begun: no object is registered for finalization any more
    /// (lgc.c's `GCSTPCLS`).
    pub closing: bool,
}

fn mode_of<'gc>(root: &Root<'gc>, t: &TableObj<'gc>) -> (bool, bool) {
    let Some(mt) = t.metatable else {
        return (false, false);
    };
    match mt.borrow().get(Value::Str(root.names.mode)) {
        Value::Str(s) => (s.bytes.contains(&b'k'), s.bytes.contains(&b'v')),
        _ => (false, false),
    }
}

/// Step 1: moves the entries of every weak table into weak slots.
pub fn demote<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>) {
    let mut lists = root.gc_lists.borrow_mut(mc);
    lists.metatabled.retain(|w| !w.is_dropped());
    let candidates: Vec<_> = lists
        .metatabled
        .iter()
        .filter_map(|w| w.upgrade(mc))
        .collect();
    lists.demoted.clear();
    for t in candidates {
        let (wk, wv) = mode_of(root, &t.borrow());
        if !(wk || wv) {
            continue;
        }
        let mut tb = t.borrow_mut(mc);
        let mut entries = Vec::new();
        let mut key = Value::Nil;
        while let Ok(Some((k, v))) = tb.next(key) {
            // With weak keys, values are ephemerons: weak until their key proves alive.
            let ks = match k {
                // Strings are values, never weak (lgc.c's `iscleared`), but an all-weak
                // table is not traversed: its string keys are marked only for the entries
                // that keep their values.
                Value::Str(s) if wk && wv => WeakSlot::Str(Gc::downgrade(s)),
                _ if wk => WeakSlot::weak(k),
                _ => WeakSlot::Strong(k),
            };
            let vs = if wv || wk {
                WeakSlot::weak(v)
            } else {
                WeakSlot::Strong(v)
            };
            entries.push((ks, vs));
            key = k;
        }
        let array_len = tb.array.len();
        tb.array.clear();
        tb.hash.clear();
        tb.weak = Some(WeakEntries {
            weak_keys: wk,
            weak_values: wv,
            array_len,
            entries,
        });
        drop(tb);
        lists.demoted.push(Gc::downgrade(t));
    }
}

/// Step 2: ephemerons. Returns true if something was resurrected (marking must resume).
pub fn ephemeron_pass<'gc>(fc: &Finalization<'gc>, root: &Root<'gc>) -> bool {
    let lists = root.gc_lists.borrow();
    let mut changed = false;
    for w in &lists.demoted {
        if w.is_dead(fc) {
            continue;
        }
        let Some(t) = w.upgrade(fc) else { continue };
        let tb = t.borrow();
        let Some(we) = &tb.weak else { continue };
        if !we.weak_keys || we.weak_values {
            continue; // only weak-key, strong-value tables are ephemerons
        }
        for (k, v) in &we.entries {
            if !k.is_dead(fc) && v.is_dead(fc) {
                v.resurrect(fc);
                changed = true;
            }
        }
    }
    changed
}

/// Steps 3 and 5: removes entries whose weak parts died.
pub fn clear_dead<'gc>(fc: &Finalization<'gc>, root: &Root<'gc>, keys_too: bool) {
    let lists = root.gc_lists.borrow();
    for w in &lists.demoted {
        if w.is_dead(fc) {
            continue;
        }
        let Some(t) = w.upgrade(fc) else { continue };
        let mut tb = t.borrow_mut(fc);
        let Some(we) = &mut tb.weak else { continue };
        let (wk, wv) = (we.weak_keys, we.weak_values);
        we.entries.retain(|(k, v)| {
            let by_value = wv && v.is_dead(fc);
            let by_key = keys_too && wk && k.is_dead(fc);
            !(by_value || by_key)
        });
        // The string keys of the entries that stay are marked now (lgc.c's `clearbykeys`).
        for (k, _) in &we.entries {
            if let WeakSlot::Str(s) = k {
                s.resurrect(fc);
            }
        }
    }
}

/// Step 4: queues dead finalizable objects (most recently registered first) and revives
/// them for their finalizers.
pub fn separate<'gc>(fc: &Finalization<'gc>, root: &Root<'gc>) -> bool {
    let mut lists = root.gc_lists.borrow_mut(fc);
    let mut any = false;
    let mut keep = Vec::new();
    let regs = std::mem::take(&mut lists.finalizable);
    for w in regs.iter().rev() {
        if w.is_dead(fc) {
            if let Some(v) = w.resurrect_value(fc) {
                // Finalized once; a later `setmetatable` may register it again.
                if let Value::Table(t) = v {
                    t.borrow_mut(fc).listed.finalizable = false;
                }
                lists.tobefnz.push(v);
                any = true;
            }
        } else if !w.is_dropped() {
            keep.push(*w);
        }
    }
    keep.reverse();
    lists.finalizable = keep;
    any
}

/// Step 5 (after sweeping): restores ordinary storage for the weak tables.
pub fn promote<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>) {
    let demoted = std::mem::take(&mut root.gc_lists.borrow_mut(mc).demoted);
    for w in demoted {
        let Some(t) = w.upgrade(mc) else { continue };
        let mut tb = t.borrow_mut(mc);
        let Some(we) = tb.weak.take() else { continue };
        let nhash = we.entries.len().saturating_sub(we.array_len);
        tb.resize(we.array_len, nhash);
        for (k, v) in we.entries {
            if let (Some(k), Some(v)) = (k.upgrade(mc), v.upgrade(mc)) {
                let _ = tb.set(k, v);
            }
        }
    }
}

/// The collector's lists a table is in, so that registering it again is a flag test
/// rather than a search of the list (which made a program that sets a million metatables
/// quadratic).
#[derive(Clone, Copy, Default)]
pub struct Listed {
    /// In `GcLists::metatabled`.
    pub metatabled: bool,
    /// In `GcLists::finalizable`: registered for finalization and not yet finalized.
    pub finalizable: bool,
}

/// Registers `t` when its new metatable `mt` has `__gc` (Lua marks objects for
/// finalization only at `setmetatable`), and remembers it as a possible weak table.
pub fn on_setmetatable<'gc>(
    mc: &Mutation<'gc>,
    root: &Root<'gc>,
    t: Table<'gc>,
    mt: Option<Table<'gc>>,
) {
    let Some(mt) = mt else { return };
    // Read before `t` is borrowed: a table may be its own metatable.
    let has_gc = !mt.borrow().get(Value::Str(root.names.gc)).is_nil();
    let mut lists = root.gc_lists.borrow_mut(mc);
    let mut tb = t.borrow_mut(mc);
    if !tb.listed.metatabled {
        tb.listed.metatabled = true;
        lists.metatabled.push(Gc::downgrade(t));
    }
    if has_gc && !tb.listed.finalizable && !lists.closing {
        tb.listed.finalizable = true;
        lists.finalizable.push(WeakSlot::Table(Gc::downgrade(t)));
    }
}

/// Registers a userdata made with a metatable that has `__gc` (the io library's file
/// handles): a userdata's metatable is set once, when the library makes it.
pub fn register_userdata<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>, u: UserData<'gc>) {
    let has_gc = u
        .metatable
        .get()
        .is_some_and(|mt| !mt.borrow().get(Value::Str(root.names.gc)).is_nil());
    let mut lists = root.gc_lists.borrow_mut(mc);
    if has_gc && !lists.closing {
        lists.finalizable.push(WeakSlot::UserData(Gc::downgrade(u)));
    }
}

/// At state close: every registered object is finalized, most recently registered first.
pub fn queue_all_finalizers<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>) {
    let mut lists = root.gc_lists.borrow_mut(mc);
    lists.closing = true;
    let regs = std::mem::take(&mut lists.finalizable);
    for w in regs.iter().rev() {
        if let Some(v) = w.upgrade(mc) {
            if let Value::Table(t) = v {
                t.borrow_mut(mc).listed.finalizable = false;
            }
            lists.tobefnz.push(v);
        }
    }
}

/// How a finalizer is named in an "attempt to call" error (`funcnamefromcall`).
const GC_NAME: &str = "metamethod '__gc'";

/// Calls the queued finalizers; errors become warnings ("error in __gc").
/// Errors become warnings, as in lua5.4, except the work limit, which ends the run: it is
/// returned, and the finalizers still queued stay queued.
///
/// `from_c`: the collection ran for a library function or the host. A `__gc` that cannot
/// be called then fails without a position, as lua5.4's does when the running frame is a C
/// function's; from a step of Lua code its error has that code's position.
pub fn run_finalizers<'gc>(
    ctx: &mut Ctx<'gc, '_>,
    from_c: bool,
) -> Result<(), crate::machine::LuaError<'gc>> {
    loop {
        let next = {
            let mut lists = ctx.root.gc_lists.borrow_mut(ctx.mc);
            if lists.tobefnz.is_empty() {
                break;
            }
            lists.tobefnz.remove(0)
        };
        let obj = next;
        let h = ctx.metafield(obj, ctx.root.names.gc);
        if h.is_nil() {
            continue;
        }
        ctx.root.gc_state.borrow_mut(ctx.mc).finalizing += 1;
        let r = if from_c && !ctx.is_callable(h) {
            let msg = ctx.call_error_message(h, Some(GC_NAME));
            Err(ctx.error_value(Value::str(ctx.mc, msg.as_bytes())))
        } else {
            ctx.call_named(h, vec![obj], Some(GC_NAME))
        };
        ctx.root.gc_state.borrow_mut(ctx.mc).finalizing -= 1;
        if let Err(e) = r {
            if ctx.ends_run() {
                // Past the work limit (a charge caught by a pcall can leave the count there
                // when a slice ends) the run ends with the limit's error, not with what the
                // finalizer raised, which lua5.4 would have made a warning.
                return Err(ctx.limit_error().unwrap_or(e));
            }
            let msg = match e.value {
                Value::Str(s) => String::from_utf8_lossy(&s.bytes).into_owned(),
                _ => "error object is not a string".to_string(),
            };
            ctx.warn(&format!("error in __gc ({msg})"));
        }
    }
    Ok(())
}

// -------------------------------------------------------------------- collectgarbage

/// A collection the running program asked for; the driver performs it between steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GcRequest {
    Full,
}

pub fn collectgarbage<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let opt = ctx
        .opt_str(&args, 1)?
        .map_or(b"collect".to_vec(), |s| s.to_vec());
    let mut st = ctx.root.gc_state.borrow_mut(ctx.mc);
    const OPTIONS: [&[u8]; 10] = [
        b"collect",
        b"count",
        b"step",
        b"setpause",
        b"setstepmul",
        b"isrunning",
        b"stop",
        b"restart",
        b"incremental",
        b"generational",
    ];
    if st.finalizing > 0 && OPTIONS.contains(&&opt[..]) {
        return Ok(Flow::Return(vec![Value::Nil]));
    }
    let r = match &opt[..] {
        b"collect" => {
            drop(st);
            ctx.budget.gc_request = Some(GcRequest::Full);
            return Ok(Flow::Return(vec![Value::Int(0)]));
        }
        b"count" => {
            drop(st);
            let kb = ctx.memory_estimate() as f64 / 1024.0;
            return Ok(Flow::Return(vec![Value::Num(kb)]));
        }
        b"step" => {
            drop(st);
            // Each step of the reference is a whole cycle.
            ctx.budget.gc_request = Some(GcRequest::Full);
            return Ok(Flow::Return(vec![Value::Bool(true)]));
        }
        b"stop" => {
            st.running = false;
            Value::Int(0)
        }
        b"restart" => {
            st.running = true;
            Value::Int(0)
        }
        b"isrunning" => Value::Bool(st.running),
        b"setpause" => {
            drop(st);
            let p = ctx.opt_int(&args, 2, 0)?;
            let mut st = ctx.root.gc_state.borrow_mut(ctx.mc);
            let prev = st.pause;
            st.pause = p;
            Value::Int(prev)
        }
        b"setstepmul" => {
            drop(st);
            let p = ctx.opt_int(&args, 2, 0)?;
            let mut st = ctx.root.gc_state.borrow_mut(ctx.mc);
            let prev = st.stepmul;
            st.stepmul = p;
            Value::Int(prev)
        }
        b"incremental" | b"generational" => {
            let prev = if st.generational {
                "generational"
            } else {
                "incremental"
            };
            let gen = &opt[..] == b"generational";
            drop(st);
            let params: Vec<i64> = (2..=4)
                .map(|n| ctx.opt_int(&args, n, 0))
                .collect::<Result<_, _>>()?;
            let mut st = ctx.root.gc_state.borrow_mut(ctx.mc);
            if gen && !st.generational {
                // Entering generational mode is a full collection in lua5.4 (`entergen`),
                // finalizers included, even when the collector is stopped.
                ctx.budget.gc_request = Some(GcRequest::Full);
            }
            st.generational = gen;
            if gen {
                if params[0] != 0 {
                    st.minormul = params[0];
                }
                if params[1] != 0 {
                    st.majormul = params[1];
                }
            } else {
                if params[0] != 0 {
                    st.pause = params[0];
                }
                if params[1] != 0 {
                    st.stepmul = params[1];
                }
                if params[2] != 0 {
                    st.stepsize = params[2];
                }
            }
            Value::str(ctx.mc, prev.as_bytes())
        }
        _ => {
            drop(st);
            let shown = String::from_utf8_lossy(&opt).into_owned();
            return Err(ctx.arg_error(1, &format!("invalid option '{shown}'")));
        }
    };
    Ok(Flow::Return(vec![r]))
}

impl Ctx<'_, '_> {
    /// Bytes in use as the reference counts them (`memory`): an estimate per object plus
    /// the buffers charged to the meter (long strings, table storage).
    pub fn memory_estimate(&self) -> usize {
        self.root.meter.observe(self.mc.metrics().total_gc_count());
        self.root.meter.total()
    }

    pub fn warn(&mut self, msg: &str) {
        if self.budget.warnings_on {
            eprintln!("Lua warning: {msg}");
        }
    }
}
