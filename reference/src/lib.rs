//! The reference interpreter: a direct walk over moonlab's shared AST, kept as the
//! executable specification of Lua 5.4 that the fast engine is checked against.
//!
//! Obvious over fast. See README.md in this crate for the design: a program is lowered to
//! reference-counted nodes (`ir`), and executed by an explicit continuation machine
//! (`thread`, `machine`, `eval`, `exec`) whose whole state lives in a gc-arena, so the
//! collector runs between steps and coroutines are just suspended task stacks.
#![forbid(unsafe_code)]

pub mod eval;
pub mod exec;
pub mod gc;
pub mod ir;
pub mod machine;
pub mod memory;
pub mod meta;
pub mod stdlib;
pub mod table;
pub mod thread;
pub mod value;

use std::io::Write;
use std::rc::Rc;

use gc_arena::lock::{Lock, RefLock};
use gc_arena::{Arena, Gc, Rootable};

use machine::{Budget, Ctx, Names, Root, Stop};
use thread::{CoStatus, ThreadObj, ThreadState, MULTI};
use value::Value;

type LuaArena = Arena<Rootable![Root<'_>]>;

/// The smallest heap the pause rule works from (Lua's first collections come at a few
/// hundred kilobytes too).
const MIN_HEAP: usize = 10_000 * memory::OBJECT_BYTES;

/// An error that reached the top: the message as lua.c prints it, and for a runtime error
/// the traceback taken where it was raised. The VM's `api::RunError` has the same shape, so
/// a host that runs either engine (the command line) reports both the same way.
#[derive(Debug, Clone)]
pub struct RunError {
    pub message: Vec<u8>,
    pub traceback: Option<String>,
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.message))
    }
}

/// The error for a binary chunk (from `load`, or a script file that is one): the reference
/// interprets source and has no bytecode to run. The VM loads them (`compiler::undump`).
pub const BINARY_UNSUPPORTED: &[u8] =
    b"binary chunks are not supported by the reference interpreter";

/// A Lua state running on the reference interpreter.
pub struct Lua {
    arena: LuaArena,
    budget: Budget,
    out: Box<dyn Write>,
}

impl Default for Lua {
    fn default() -> Self {
        Self::new()
    }
}

impl Lua {
    /// A state with the standard libraries open, printing to standard output.
    pub fn new() -> Self {
        Self::with_output(Box::new(std::io::stdout()))
    }

    pub fn with_output(out: Box<dyn Write>) -> Self {
        let arena = LuaArena::new(|mc| {
            let main = Gc::new(
                mc,
                RefLock::new(ThreadObj {
                    status: CoStatus::Running,
                    state: ThreadState::default(),
                    body: None,
                    error: None,
                    nested: 0,
                }),
            );
            let new_table = || Gc::new(mc, RefLock::new(table::TableObj::new(0, 0)));
            Root {
                globals: new_table(),
                registry: new_table(),
                main,
                running: Gc::new(mc, Lock::new(main)),
                resumers: Gc::new(mc, RefLock::new(Vec::new())),
                string_meta: Gc::new(mc, Lock::new(None)),
                type_meta: Gc::new(mc, Lock::new([None; 6])),
                names: Names::new(mc),
                gc_lists: Gc::new(mc, RefLock::new(gc::GcLists::default())),
                gc_state: Gc::new(mc, RefLock::new(gc::GcState::default())),
                rng: std::cell::Cell::new(moonlab::shared::random::Xoshiro::seeded(0, 0)),
                meter: memory::Meter::new(),
            }
        });
        let mut lua = Lua {
            arena,
            budget: Budget::default(),
            out,
        };
        lua.arena.mutate(|mc, root| {
            stdlib::open_all(mc, root);
        });
        lua.pace();
        lua
    }

    /// Lets the heap hold at most `limit` bytes (as the reference counts them, see
    /// `memory`): past it, allocation fails with lua5.4's "not enough memory", which
    /// `pcall` catches; the state stays usable. `None` removes the limit.
    pub fn set_memory_limit(&mut self, limit: Option<usize>) {
        self.arena.mutate(|_, root| root.meter.set_limit(limit));
        self.pace();
    }

    /// Bytes in use as the reference counts them (what `collectgarbage("count")` reports,
    /// in bytes rather than kilobytes).
    pub fn memory_in_use(&self) -> usize {
        let objects = self.arena.metrics().total_gc_count();
        self.arena.mutate(|_, root| {
            root.meter.observe(objects);
            root.meter.total()
        })
    }

    /// Sets when the loop stops for a collection: Lua's `pause` rule over the bytes alive
    /// after the last one, and with a memory limit, before garbage can fill half the room
    /// the limit leaves. A stopped collector collects only at the limit.
    fn pace(&mut self) {
        let objects = self.arena.metrics().total_gc_count();
        self.arena.mutate(|_, root| {
            let st = root.gc_state.borrow();
            let meter = &root.meter;
            meter.observe(objects);
            let live = st.live_after_gc.max(MIN_HEAP);
            let mut due = if st.running {
                (live as f64 * (st.pause.max(100) as f64 / 100.0)) as usize
            } else {
                usize::MAX
            };
            if let Some(limit) = meter.limit() {
                let room = limit.saturating_sub(st.live_after_gc);
                due = due.min(st.live_after_gc + room / 2);
            }
            meter.set_due_at(due);
        });
    }

    /// Switches the collector's reported mode to generational, as the `lua` program does at
    /// startup (`lua_gc(L, LUA_GCGEN, 0, 0)` in lua.c).
    pub fn set_generational(&mut self) {
        self.arena
            .mutate(|mc, root| root.gc_state.borrow_mut(mc).generational = true);
    }

    /// Limits the steps a run may take (the reference's unit for `--max-instructions`).
    pub fn set_step_limit(&mut self, limit: Option<u64>) {
        self.budget.max_steps = limit;
        self.budget.steps = 0;
    }

    pub fn steps(&self) -> u64 {
        self.budget.steps
    }

    /// Objects currently allocated in the arena (live, or dead and not yet swept).
    pub fn live_objects(&self) -> usize {
        self.arena.metrics().total_gc_count()
    }

    /// Parses, then runs a chunk to completion.
    pub fn exec(&mut self, src: &[u8], chunkname: &[u8]) -> Result<(), RunError> {
        self.exec_with_args(src, chunkname, Vec::new())
    }

    /// Sets the global `arg` table as `lua` does for a script: `entries` are (index, value).
    pub fn set_arg_table(&mut self, entries: &[(i64, Vec<u8>)]) {
        self.arena.mutate(|mc, root| {
            let t = stdlib::aux::new_table(mc);
            for (i, v) in entries {
                t.borrow_mut(mc).set_int(*i, Value::str(mc, v));
            }
            stdlib::aux::set_global(mc, root, "arg", Value::Table(t));
        });
    }

    /// Runs a chunk with `args` as its `...`. Binary chunks (`string.dump`'s, starting with
    /// ESC) are refused with [`BINARY_UNSUPPORTED`]: the reference walks source, it runs no
    /// bytecode.
    pub fn exec_with_args(
        &mut self,
        src: &[u8],
        chunkname: &[u8],
        args: Vec<Vec<u8>>,
    ) -> Result<(), RunError> {
        if src.first() == Some(&0x1b) {
            return Err(RunError {
                message: BINARY_UNSUPPORTED.to_vec(),
                traceback: None,
            });
        }
        let proto = {
            let bump = bumpalo::Bump::new();
            let chunk = moonlab::syntax::parse(&bump, src, chunkname).map_err(|e| RunError {
                message: e.message,
                traceback: None,
            })?;
            ir::lower_chunk(&chunk)
        };
        self.run_proto(proto, args)
    }

    fn run_proto(&mut self, proto: Rc<ir::Proto>, args: Vec<Vec<u8>>) -> Result<(), RunError> {
        self.budget.memory_error_pending = false;
        let Lua { arena, budget, out } = self;
        let started = arena.mutate(|mc, root| {
            let mut ctx = enter(mc, root, &mut **out, budget);
            let f = ctx.make_main_closure(&proto);
            let args = args.iter().map(|a| Value::str(mc, a)).collect();
            let r = ctx.call_value(f, args, MULTI, 0, None, false);
            let r = r.map_err(|e| report(&mut ctx, e).0);
            leave(ctx);
            r
        });
        started?;
        // An error that ends the chunk while to-be-closed variables are pending: they are
        // closed first, as lua.c's protected call closes them, and then it is reported.
        let mut pending: Option<RunError> = None;
        loop {
            let Lua { arena, budget, out } = self;
            let r = arena.mutate(|mc, root| {
                let mut ctx = enter(mc, root, &mut **out, budget);
                let r = match ctx.run(None) {
                    Ok(Stop::Slice) => Ok(false),
                    Ok(Stop::Barrier) => {
                        ctx.th.values.clear();
                        Ok(true)
                    }
                    Err(e) => {
                        let limit = ctx.budget.max_steps.is_some_and(|m| ctx.budget.steps > m);
                        let (rep, from_tostring) = report(&mut ctx, e);
                        if !limit && !ctx.th.tbc.is_empty() {
                            // They see what lua.c's message handler made of the error (the
                            // message with the traceback, or an object's `__tostring`
                            // alone); an error in one of them replaces it, handled alike
                            // (lua.c's handler is still in place while they run).
                            let mut m = rep.message.clone();
                            if let (false, Some(tb)) = (from_tostring, &rep.traceback) {
                                m.push(b'\n');
                                m.extend_from_slice(tb.as_bytes());
                            }
                            let seen = Value::str(mc, &m);
                            ctx.th.tasks.clear();
                            ctx.th.truncate_frames(0);
                            ctx.th.values.clear();
                            ctx.th.tasks.push(thread::Task::Close {
                                to: 0,
                                err: Some(seen),
                                kind: machine::ErrKind::Run,
                            });
                            Err((rep, true))
                        } else {
                            ctx.th = ThreadState::default();
                            Err((rep, false))
                        }
                    }
                };
                leave(ctx);
                r
            });
            let _ = self.out.flush();
            match r {
                Ok(true) => return pending.map_or(Ok(()), Err),
                Ok(false) => self.maybe_collect()?,
                Err((e, true)) => pending = Some(e),
                Err((e, false)) => return Err(e),
            }
        }
    }

    /// Collects when asked to, when the heap grew past Lua's `pause` rule, or when it
    /// nears the memory limit (see `pace`). A heap still past the limit after the
    /// collection makes the running thread raise "not enough memory".
    fn maybe_collect(&mut self) -> Result<(), RunError> {
        let requested = self.budget.gc_request.take().is_some();
        let objects = self.arena.metrics().total_gc_count();
        let (due, running, over) = self.arena.mutate(|_, root| {
            root.meter.observe(objects);
            let running = root.gc_state.borrow().running;
            (root.meter.due(), running, root.meter.over_limit())
        });
        if requested || (due && running) || over {
            self.full_gc();
            if self.arena.mutate(|_, root| root.meter.over_limit()) {
                // As lua5.4's emergency collection, this one runs no finalizers.
                self.budget.memory_error_pending = true;
                return Ok(());
            }
            self.run_pending_finalizers()?;
        } else {
            // `collectgarbage` may have stopped, restarted or retuned the collector.
            self.pace();
        }
        Ok(())
    }

    /// A full stop-the-world cycle with Lua 5.4's weak-table and finalizer rules (see `gc`).
    pub fn full_gc(&mut self) {
        use gc_arena::arena::CollectionPhase;
        if self.arena.collection_phase() != CollectionPhase::Sleeping {
            self.arena.finish_cycle();
        }
        self.arena.mutate(gc::demote);
        self.converge();
        if let Some(m) = self.arena.finish_marking() {
            m.finalize(|fc, root| gc::clear_dead(fc, root, false));
        }
        let separated = match self.arena.finish_marking() {
            Some(m) => m.finalize(gc::separate),
            None => false,
        };
        if separated {
            self.converge();
        }
        if let Some(m) = self.arena.finish_marking() {
            m.finalize(|fc, root| gc::clear_dead(fc, root, true));
        }
        self.arena.finish_cycle();
        let objects = self.arena.metrics().total_gc_count();
        self.arena.mutate(|mc, root| {
            gc::promote(mc, root);
            root.meter.observe(objects);
            let mut st = root.gc_state.borrow_mut(mc);
            st.live_after_gc = root.meter.total();
            st.cycles += 1;
        });
        self.pace();
    }

    /// Marks to a fixpoint, resurrecting ephemeron values whose keys are alive.
    fn converge(&mut self) {
        loop {
            let Some(m) = self.arena.finish_marking() else {
                return;
            };
            if !m.finalize(gc::ephemeron_pass) {
                return;
            }
        }
    }

    /// `Err` only for the work limit, hit inside a finalizer.
    fn run_pending_finalizers(&mut self) -> Result<(), RunError> {
        let Lua { arena, budget, out } = self;
        arena.mutate(|mc, root| {
            let mut ctx = enter(mc, root, &mut **out, budget);
            let r = gc::run_finalizers(&mut ctx).map_err(|e| report(&mut ctx, e).0);
            leave(ctx);
            r
        })
    }

    /// Closes the state as `lua_close` does: every object registered for finalization is
    /// finalized, most recently registered first. `Err` if a finalizer runs past the work
    /// limit (the remaining ones do not run).
    pub fn close(&mut self) -> Result<(), RunError> {
        self.arena.mutate(gc::queue_all_finalizers);
        let r = self.run_pending_finalizers();
        let _ = self.out.flush();
        r
    }

    /// Runs a full collection (and the finalizers it makes due).
    pub fn collect(&mut self) -> Result<(), RunError> {
        self.full_gc();
        self.run_pending_finalizers()
    }
}

fn enter<'gc, 'o>(
    mc: &'gc gc_arena::Mutation<'gc>,
    root: &'gc Root<'gc>,
    out: &'o mut dyn Write,
    budget: &'o mut Budget,
) -> Ctx<'gc, 'o> {
    let cur = root.running.get();
    let th = std::mem::take(&mut cur.borrow_mut(mc).state);
    Ctx {
        mc,
        root,
        th,
        cur,
        out,
        budget,
    }
}

fn leave(ctx: Ctx<'_, '_>) {
    let Ctx { mc, th, cur, .. } = ctx;
    cur.borrow_mut(mc).state = th;
}

/// What `lua5.4` prints for an error that reached the top (its `msghandler`).
/// The error as lua.c reports it, and whether the words came from the object's
/// `__tostring` (lua.c's message handler then adds no traceback).
fn report<'gc>(ctx: &mut Ctx<'gc, '_>, e: machine::LuaError<'gc>) -> (RunError, bool) {
    let mut from_tostring = false;
    let message = match e.value {
        Value::Str(s) => s.bytes.to_vec(),
        Value::Int(_) | Value::Num(_) => ctx.number_to_bytes(e.value),
        v => {
            let h = ctx.metafield(v, ctx.root.names.tostring);
            let via_meta = if h.is_nil() {
                None
            } else {
                match ctx.call(h, vec![v]) {
                    Ok(r) => match r.first() {
                        Some(Value::Str(s)) => Some(s.bytes.to_vec()),
                        _ => None,
                    },
                    Err(_) => None,
                }
            };
            from_tostring = via_meta.is_some();
            via_meta.unwrap_or_else(|| {
                format!("(error object is a {} value)", v.type_name()).into_bytes()
            })
        }
    };
    // lua.c prints a memory error alone: no message handler runs for it.
    let traceback = if e.is_memory() { None } else { e.traceback };
    let rep = RunError { message, traceback };
    (rep, from_tostring)
}
