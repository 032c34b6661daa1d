//! The reference interpreter: a direct walk over moonlab's shared AST, kept as the
//! executable specification of Lua 5.4 that the fast engine is checked against.
//!
//! Obvious over fast. See README.md in this crate for the design: a program is lowered to
//! reference-counted nodes (`ir`), and executed by an explicit continuation machine
//! (`thread`, `machine`, `eval`, `exec`) whose whole state lives in a gc-arena, so the
//! collector runs between steps and coroutines are just suspended task stacks.
#![forbid(unsafe_code)]

pub mod chunk;
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

/// The parser's C levels in use for a chunk parsed outside any nested call (its default).
pub(crate) fn top_levels() -> u32 {
    moonlab::syntax::ParseOptions::default().levels_in_use
}

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
        Self::build(out, false)
    }

    fn build(out: Box<dyn Write>, noenv: bool) -> Self {
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
            if noenv {
                let k = Value::str(mc, moonlab::shared::package_lib::NOENV_FIELD.as_bytes());
                root.registry
                    .borrow_mut(mc)
                    .set(k, Value::Bool(true))
                    .expect("string key");
            }
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

    /// A state as `lua -E` makes it: the registry's `LUA_NOENV` is set before the
    /// libraries open, so `package.path` and `package.cpath` ignore `LUA_PATH` and friends.
    pub fn new_without_env() -> Self {
        Self::build(Box::new(std::io::stdout()), true)
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

    /// Runs a chunk (text, or a binary chunk of the reference's `string.dump`) with `args`
    /// as its `...`.
    pub fn exec_with_args(
        &mut self,
        src: &[u8],
        chunkname: &[u8],
        args: Vec<Vec<u8>>,
    ) -> Result<(), RunError> {
        let proto = Self::compile(src, chunkname)?;
        self.run_proto(Main::Chunk(proto), ChunkArgs::Strings(args), Results::Drop)
            .map(|_| ())
    }

    /// Runs a script as lua.c's `handle_script` does: its `...` are the global `arg`
    /// table's entries 1 to `#arg` as they are now. An `arg` that is not a table is an
    /// error without a traceback, as in lua.c.
    pub fn exec_script(&mut self, src: &[u8], chunkname: &[u8]) -> Result<(), RunError> {
        let proto = Self::compile(src, chunkname)?;
        self.run_proto(Main::Chunk(proto), ChunkArgs::FromArgTable, Results::Drop)
            .map(|_| ())
    }

    /// Runs a line of lua.c's REPL and passes its results, if any, to the global `print`
    /// (`l_print`). `Ok(Some(message))`: calling `print` failed.
    pub fn exec_and_print(
        &mut self,
        src: &[u8],
        chunkname: &[u8],
    ) -> Result<Option<Vec<u8>>, RunError> {
        let proto = Self::compile(src, chunkname)?;
        self.run_proto(
            Main::Chunk(proto),
            ChunkArgs::Strings(Vec::new()),
            Results::Print,
        )
    }

    /// `global = require(module)`, run as lua.c's `-l` runs it (`dolibrary`).
    pub fn require_into_global(&mut self, global: &[u8], module: &[u8]) -> Result<(), RunError> {
        self.run_proto(
            Main::Global(b"require"),
            ChunkArgs::Strings(vec![module.to_vec()]),
            Results::SetGlobal(global.to_vec()),
        )
        .map(|_| ())
    }

    /// `luaL_tolstring` of a global (lua.c's REPL prompt, `_PROMPT`): `None` when nil.
    pub fn global_to_string(&mut self, name: &str) -> Result<Option<Vec<u8>>, RunError> {
        let Lua { arena, budget, out } = self;
        arena.mutate(|mc, root| {
            let v = root.globals.borrow().get(Value::str(mc, name.as_bytes()));
            if v.is_nil() {
                return Ok(None);
            }
            let mut ctx = enter(mc, root, &mut **out, budget);
            let r = ctx.tostring_bytes(v).map(Some).map_err(|e| RunError {
                message: report(&mut ctx, e).0.message,
                traceback: None,
            });
            if r.is_err() {
                ctx.th = ThreadState::default();
            }
            leave(ctx);
            r
        })
    }

    /// `lua_warning(L, "@on")` (`lua -W`), or `"@off"`.
    pub fn set_warnings(&mut self, on: bool) {
        self.budget.warnings_on = on;
    }

    /// Lets another thread stop the running code: when `flag` is found set (it is read
    /// every few thousand steps), it is cleared and the code raises lua.c's "interrupted!"
    /// error, which `pcall` catches. Library calls are not interrupted (nor are they in
    /// lua5.4). `None` removes the flag.
    pub fn set_interrupt_flag(
        &mut self,
        flag: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    ) {
        self.budget.interrupt = flag;
    }

    /// A text or binary chunk (`chunk.rs`), ready to instantiate.
    fn compile(src: &[u8], chunkname: &[u8]) -> Result<chunk::Loaded, RunError> {
        chunk::load(src, chunkname, top_levels()).map_err(|message| RunError {
            message,
            traceback: None,
        })
    }

    /// Calls a main chunk (or a global function) as lua.c's `docall` does, and does with
    /// its results what `results` says (`Some`: the message of the error that `print`
    /// raised).
    fn run_proto(
        &mut self,
        main: Main,
        args: ChunkArgs,
        results: Results,
    ) -> Result<Option<Vec<u8>>, RunError> {
        self.budget.memory_error_pending = false;
        let Lua { arena, budget, out } = self;
        let started = arena.mutate(|mc, root| {
            let mut ctx = enter(mc, root, &mut **out, budget);
            let f = match &main {
                Main::Chunk(loaded) => ctx.make_loaded_closure(loaded, None),
                Main::Global(name) => root.globals.borrow().get(Value::str(mc, name)),
            };
            let args = match args {
                ChunkArgs::Strings(args) => args.iter().map(|a| Value::str(mc, a)).collect(),
                ChunkArgs::FromArgTable => match script_args(&mut ctx) {
                    Ok(args) => args,
                    Err(e) => {
                        let message = report(&mut ctx, e).0.message;
                        ctx.th = ThreadState::default();
                        leave(ctx);
                        return Err(RunError {
                            message,
                            traceback: None,
                        });
                    }
                },
            };
            let r = ctx.call_value(f, args, MULTI, 0, None, false);
            let r = r.map_err(|e| report(&mut ctx, e).0);
            leave(ctx);
            r
        });
        started?;
        // An error that ends the chunk while to-be-closed variables are pending: they are
        // closed first, as lua.c's protected call closes them, and then it is reported.
        let mut pending: Option<RunError> = None;
        let mut print_failed: Option<Vec<u8>> = None;
        loop {
            let Lua { arena, budget, out } = self;
            let r = arena.mutate(|mc, root| {
                let mut ctx = enter(mc, root, &mut **out, budget);
                let r = match ctx.run(None) {
                    Ok(Stop::Slice) => Ok(false),
                    Ok(Stop::Barrier) => {
                        let values = std::mem::take(&mut ctx.th.values);
                        if let Results::SetGlobal(name) = &results {
                            let v = values.first().copied().unwrap_or(Value::Nil);
                            let k = Value::str(mc, name);
                            root.globals.borrow_mut(mc).set(k, v).expect("string key");
                        }
                        if matches!(results, Results::Print) && !values.is_empty() {
                            let f = root.globals.borrow().get(Value::str(mc, b"print"));
                            if let Err(e) = ctx.call(f, values) {
                                // `lua_tostring` of the error; lua.c prints "(null)" for
                                // values that are neither strings nor numbers.
                                print_failed = Some(match e.value {
                                    Value::Str(s) => s.bytes.to_vec(),
                                    n @ (Value::Int(_) | Value::Num(_)) => ctx.number_to_bytes(n),
                                    _ => b"(null)".to_vec(),
                                });
                                ctx.th = ThreadState::default();
                            }
                        }
                        Ok(true)
                    }
                    Err(e) => {
                        let limit = ctx.ends_run();
                        let raised = e.value;
                        let (rep, from_tostring) = report(&mut ctx, e);
                        if ctx.budget.exiting {
                            // `os.exit(code, true)`: lua_close closes the main thread's
                            // pending to-be-closed variables first, with no error.
                            ctx.budget.exiting = false;
                            let close = ctx.budget.exit.is_some_and(|x| x.close);
                            // Called in a coroutine: lua_close closes the main thread's
                            // variables, so the main thread runs again (the coroutines
                            // stay as they are: the process ends).
                            let main = ctx.root.main;
                            if !Gc::ptr_eq(ctx.cur, main) {
                                let th = std::mem::take(&mut ctx.th);
                                ctx.cur.borrow_mut(mc).state = th;
                                ctx.root.running.unlock(mc).set(main);
                                ctx.cur = main;
                                ctx.th = std::mem::take(&mut main.borrow_mut(mc).state);
                                ctx.budget.nested = 0;
                            }
                            ctx.th.tasks.clear();
                            ctx.th.truncate_frames(0);
                            ctx.th.values.clear();
                            if close && !ctx.th.tbc.is_empty() {
                                ctx.th.tasks.push(thread::Task::Close {
                                    to: 0,
                                    err: None,
                                    kind: machine::ErrKind::Run,
                                });
                                Err((rep, true))
                            } else {
                                ctx.th = ThreadState::default();
                                Err((rep, false))
                            }
                        } else if ctx.budget.exit.is_some() {
                            // An error in a `__close` handler run for os.exit: the next
                            // one sees it, and nothing is reported (the host exits).
                            if ctx.th.tbc.is_empty() {
                                ctx.th = ThreadState::default();
                                Err((rep, false))
                            } else {
                                ctx.th.tasks.clear();
                                ctx.th.truncate_frames(0);
                                ctx.th.values.clear();
                                ctx.th.tasks.push(thread::Task::Close {
                                    to: 0,
                                    err: Some(raised),
                                    kind: machine::ErrKind::Run,
                                });
                                Err((rep, true))
                            }
                        } else if !limit && !ctx.th.tbc.is_empty() {
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
                Ok(true) => return pending.map_or(Ok(print_failed), Err),
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
            // A requested collection runs from `collectgarbage` (or the host): a C caller.
            self.run_pending_finalizers(requested)?;
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

    /// `Err` only for the work limit, hit inside a finalizer. `from_c`: the collection was
    /// made by a library function or the host, not by a step of Lua code (see
    /// `gc::run_finalizers`).
    fn run_pending_finalizers(&mut self, from_c: bool) -> Result<(), RunError> {
        let Lua { arena, budget, out } = self;
        arena.mutate(|mc, root| {
            let mut ctx = enter(mc, root, &mut **out, budget);
            let r = gc::run_finalizers(&mut ctx, from_c).map_err(|e| report(&mut ctx, e).0);
            leave(ctx);
            r
        })
    }

    /// Closes the state as `lua_close` does: every object registered for finalization is
    /// finalized, most recently registered first. `Err` if a finalizer runs past the work
    /// limit (the remaining ones do not run).
    pub fn close(&mut self) -> Result<(), RunError> {
        // Closing after `os.exit(code, true)` (even from a finalizer of an earlier close):
        // the finalizers still pending run.
        self.budget.exiting = false;
        self.arena.mutate(gc::queue_all_finalizers);
        let r = self.run_pending_finalizers(true);
        let _ = self.out.flush();
        r
    }

    /// What `os.exit` asked for, after a run that ended with it (`exec` returned `Err`):
    /// the host ends the process with `code`, after `close` if `close` is set (pending
    /// to-be-closed variables were closed already). Without it no finalizer runs, as with
    /// lua5.4's `exit`.
    pub fn exit_request(&self) -> Option<moonlab::shared::os_lib::ExitRequest> {
        self.budget.exit
    }

    /// Runs a full collection (and the finalizers it makes due).
    pub fn collect(&mut self) -> Result<(), RunError> {
        self.full_gc();
        self.run_pending_finalizers(true)
    }
}

/// What `run_proto` calls.
enum Main {
    Chunk(chunk::Loaded),
    /// A global's value (lua.c's `-l` calls `require`).
    Global(&'static [u8]),
}

/// What `run_proto` does with the results.
enum Results {
    Drop,
    /// Passes them to the global `print` (lua.c's REPL, `l_print`).
    Print,
    /// Stores the first in a global (lua.c's `-l`).
    SetGlobal(Vec<u8>),
}

/// Where the `...` of a main chunk come from.
enum ChunkArgs {
    Strings(Vec<Vec<u8>>),
    /// lua.c's `pushargs`: the global `arg`'s entries 1 to `#arg`.
    FromArgTable,
}

/// `pushargs`: `arg[1]`..`arg[#arg]` (raw reads; `#` may use `__len`).
fn script_args<'gc>(ctx: &mut Ctx<'gc, '_>) -> Result<Vec<Value<'gc>>, machine::LuaError<'gc>> {
    let t = ctx.root.globals.borrow().get(Value::str(ctx.mc, b"arg"));
    let Value::Table(table) = t else {
        return Err(ctx.plain_error("'arg' is not a table"));
    };
    let n = ctx.len_sync(t)?;
    if n >= moonlab::shared::limits::MAX_STACK as i64 {
        return Err(ctx.plain_error("stack overflow (too many arguments to script)"));
    }
    Ok((1..=n).map(|i| table.borrow().get_int(i)).collect())
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
                // `__tostring` runs as lua.c runs it: called by its message handler (a C
                // function's level) above the frames of the calls that failed, so
                // `debug.getinfo(4)` inside it is the code that raised the error.
                let frames = ctx.th.frames.len();
                ctx.th.push_frame(thread::Frame {
                    closure: None,
                    func: None,
                    slots: Vec::new(),
                    varargs: Vec::new(),
                    task_base: ctx.th.tasks.len(),
                    value_base: ctx.th.values.len(),
                    want: 0,
                    line: 0,
                    scope: 0,
                    tail: false,
                    tbc_base: ctx.th.tbc.len(),
                    call_desc: None,
                    c_level: false,
                    no_yield: false,
                });
                let r = ctx.call(h, vec![v]);
                ctx.th.truncate_frames(frames);
                match r {
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
    // An object's `__tostring` words are lua.c's whole message.
    let traceback = if e.is_memory() || from_tostring {
        None
    } else {
        e.traceback
    };
    let rep = RunError { message, traceback };
    (rep, from_tostring)
}
