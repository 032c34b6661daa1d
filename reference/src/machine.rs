//! The interpreter loop: steps over a thread's task stack, calls, errors and coroutines.
//!
//! Rules every step keeps:
//! 1. A step leaves all state in the thread (`Ctx::th`); nothing survives on the Rust stack
//!    from one step to the next, so the collector may run between any two steps.
//! 2. A task that starts a sub-computation first records where its results will appear (a
//!    value-stack `mark`), then pushes the sub-tasks above itself.
//! 3. Errors are Rust `Err(LuaError)`; `unwind` pops tasks to the nearest `Catch`, `Barrier`
//!    or thread bottom, closing to-be-closed variables on the way.
//! 4. Library functions run synchronously; when one must call Lua code and then continue (as
//!    `pcall` does) it returns a `Flow` that the loop turns into tasks. A library function that
//!    needs a result right away uses `Ctx::call`, a nested run that cannot be yielded across,
//!    exactly like a C function in PUC-Rio Lua.

use gc_arena::lock::{Lock, RefLock};
use gc_arena::{Collect, Gc, Mutation};

use crate::ir::{Expr, ExprKind, Proto, SuffixKind};
use crate::thread::*;
use crate::value::*;
use moonlab::shared::arith::ArithOp;
use moonlab::shared::limits::{
    ERROR_EXTRA_FRAMES, HOST_C_CALLS, MAX_C_CALLS, REFERENCE_MAX_FRAMES as MAX_FRAMES,
};
use moonlab::shared::tm::Tm;
use moonlab::syntax::ast::BinOp;
use moonlab::syntax::fold::{arith_op, fold_numbers};

/// Values a call may pass or return before they are charged to the step limit.
pub(crate) const COPY_FREE: usize = 16;

/// The arguments of a library function.
pub type Args<'gc> = Vec<Value<'gc>>;

/// What a library function asks the loop to do when it returns.
pub enum Flow<'gc> {
    Return(Vec<Value<'gc>>),
    /// Call `f(args)` and hand its results (as `then` says) to the caller.
    Call {
        f: Value<'gc>,
        args: Vec<Value<'gc>>,
        then: Then<'gc>,
    },
    Yield(Vec<Value<'gc>>),
    Resume {
        co: Thread<'gc>,
        args: Vec<Value<'gc>>,
        wrap: bool,
    },
}

pub enum Then<'gc> {
    Return,
    /// Exactly this many results (padded with nil), as `lua_callk` with a fixed count.
    Results(i32),
    PCall,
    XPCall(Value<'gc>),
    /// `require`'s loader: store the module (`Task::RequireDone`); the call cannot be
    /// yielded across (lua5.4 calls the loader with `lua_call`).
    Require {
        name: Value<'gc>,
        data: Value<'gc>,
    },
}

/// A Lua error in flight: the error value, and the traceback taken where it was raised.
#[derive(Collect, Clone)]
#[collect(no_drop)]
pub struct LuaError<'gc> {
    pub value: Value<'gc>,
    #[collect(require_static)]
    pub traceback: Option<String>,
    /// Raised again after closing to-be-closed variables (`Task::Close`): an xpcall's
    /// message handler has already seen it.
    #[collect(require_static)]
    pub handled: bool,
    #[collect(require_static)]
    pub kind: ErrKind,
}

/// What kind of error is in flight, where lua5.4 treats kinds differently.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ErrKind {
    /// An ordinary error (`LUA_ERRRUN`).
    #[default]
    Run,
    /// "not enough memory" (`LUA_ERRMEM`): no message handler runs for it, and lua.c
    /// prints it without a traceback. `retry`: raised by a library function before it did
    /// anything observable, so the call may be made again after a collection.
    Memory { retry: bool },
    /// The Lua stack overflowed ("stack overflow"): a message handler that overflows it
    /// again while handling this error ends in "error in error handling" (lua5.4 leaves
    /// the handler only the small extra stack `ERRORSTACKSIZE` grants).
    StackOverflow,
    /// "error in error handling" (`LUA_ERRERR`): a message handler failed for good; no
    /// handler runs for it.
    ErrErr,
}

impl<'gc> LuaError<'gc> {
    pub fn new(value: Value<'gc>) -> Self {
        LuaError {
            value,
            traceback: None,
            handled: false,
            kind: ErrKind::Run,
        }
    }

    pub fn is_memory(&self) -> bool {
        matches!(self.kind, ErrKind::Memory { .. })
    }
}

/// Names of metamethods and other frequently used strings, interned once.
#[derive(Collect)]
#[collect(no_drop)]
pub struct Names<'gc> {
    pub index: LuaStr<'gc>,
    pub newindex: LuaStr<'gc>,
    pub call: LuaStr<'gc>,
    pub eq: LuaStr<'gc>,
    pub lt: LuaStr<'gc>,
    pub le: LuaStr<'gc>,
    pub concat: LuaStr<'gc>,
    pub len: LuaStr<'gc>,
    pub unm: LuaStr<'gc>,
    pub bnot: LuaStr<'gc>,
    pub close: LuaStr<'gc>,
    pub tostring: LuaStr<'gc>,
    pub name: LuaStr<'gc>,
    pub metatable: LuaStr<'gc>,
    pub pairs: LuaStr<'gc>,
    pub mode: LuaStr<'gc>,
    pub gc: LuaStr<'gc>,
    /// The binary arithmetic and bitwise events, in `ArithOp` order.
    pub arith: [LuaStr<'gc>; 12],
}

impl<'gc> Names<'gc> {
    pub fn new(mc: &Mutation<'gc>) -> Self {
        let s = |tm: Tm| new_str(mc, tm.name().as_bytes());
        Names {
            index: s(Tm::Index),
            newindex: s(Tm::NewIndex),
            call: s(Tm::Call),
            eq: s(Tm::Eq),
            lt: s(Tm::Lt),
            le: s(Tm::Le),
            concat: s(Tm::Concat),
            len: s(Tm::Len),
            unm: s(Tm::Unm),
            bnot: s(Tm::BNot),
            close: s(Tm::Close),
            tostring: s(Tm::ToString),
            name: s(Tm::Name),
            metatable: s(Tm::Metatable),
            pairs: s(Tm::Pairs),
            mode: s(Tm::Mode),
            gc: s(Tm::Gc),
            arith: std::array::from_fn(|k| s(Tm::of_arith(ArithOp::ALL[k]))),
        }
    }
}

#[derive(Collect)]
#[collect(no_drop)]
pub struct Root<'gc> {
    pub globals: Table<'gc>,
    pub registry: Table<'gc>,
    pub main: Thread<'gc>,
    pub running: Gc<'gc, Lock<Thread<'gc>>>,
    /// Threads that resumed another and wait for it, innermost last.
    pub resumers: Gc<'gc, RefLock<Vec<Thread<'gc>>>>,
    pub string_meta: Gc<'gc, Lock<Option<Table<'gc>>>>,
    /// The metatables `debug.setmetatable` gives nil, booleans, numbers, functions,
    /// threads and light userdata (one per type, `meta::type_meta_index`).
    pub type_meta: Gc<'gc, Lock<[Option<Table<'gc>>; 6]>>,
    pub names: Names<'gc>,
    pub gc_lists: Gc<'gc, RefLock<crate::gc::GcLists<'gc>>>,
    pub gc_state: Gc<'gc, RefLock<crate::gc::GcState>>,
    /// `math.random`'s generator: one per state, as in lmathlib.c.
    #[collect(require_static)]
    pub rng: std::cell::Cell<moonlab::shared::random::Xoshiro>,
    /// The state's memory count and limit (`memory`).
    #[collect(require_static)]
    pub meter: std::rc::Rc<crate::memory::Meter>,
}

/// Counters and limits outside the arena.
#[derive(Default)]
pub struct Budget {
    /// Steps executed (the reference's unit of work for `--max-instructions`).
    pub steps: u64,
    pub max_steps: Option<u64>,
    /// Nested runs in progress (library functions calling Lua).
    pub nested: u32,
    /// Message handlers running (`message_handler`): an error that leaves a nested run
    /// inside one is the handler's own, which `message_handler` retries itself.
    pub in_handler: u32,
    /// A collection requested by `collectgarbage`, done by the driver between steps.
    pub gc_request: Option<crate::gc::GcRequest>,
    /// Whether `warn` prints (`@on` / `@off`).
    pub warnings_on: bool,
    /// `os.exit`'s request, for the host (`Lua::exit_request`).
    pub exit: Option<moonlab::shared::os_lib::ExitRequest>,
    /// `os.exit` was called and its error is on its way out: nothing catches it, as
    /// nothing catches the work limit's.
    pub exiting: bool,
    /// The driver found the heap past the memory limit after a collection: the running
    /// thread raises "not enough memory" at its next step.
    pub memory_error_pending: bool,
    /// The library call about to run is a retry (`Task::RetryNative`): no second one.
    pub retrying: bool,
    /// The threads (by address) running `__close` handlers for coroutine.close or
    /// coroutine.wrap, innermost last: a yield there crosses a native call.
    pub closing: Vec<usize>,
    /// While a message handler handles a stack overflow: the frames it may reach (lua5.4
    /// runs it in the small extra stack `ERRORSTACKSIZE`, see `ERROR_EXTRA_FRAMES`).
    pub error_frames: Option<usize>,
    /// Set by another thread (a Ctrl-C handler): the running code raises lua.c's
    /// catchable "interrupted!" at a step soon after (`Lua::set_interrupt_flag`).
    pub interrupt: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    /// Steps until the flag is read again.
    pub interrupt_countdown: u32,
}

/// Steps between two looks at the interrupt flag.
const INTERRUPT_STEPS: u32 = 1 << 12;

/// Everything a step can touch.
pub struct Ctx<'gc, 'o> {
    pub mc: &'gc Mutation<'gc>,
    pub root: &'gc Root<'gc>,
    /// The running thread's stacks, taken out of its object while it runs.
    pub th: ThreadState<'gc>,
    pub cur: Thread<'gc>,
    pub out: &'o mut dyn std::io::Write,
    pub budget: &'o mut Budget,
}

pub enum Stop {
    /// The barrier at this task height was reached.
    Barrier,
    /// Step budget for this slice used up.
    Slice,
}

impl<'gc, 'o> Ctx<'gc, 'o> {
    // ------------------------------------------------------------------ errors

    /// An error with a message string and no position.
    pub fn plain_error(&self, msg: impl AsRef<[u8]>) -> LuaError<'gc> {
        LuaError::new(Value::str(self.mc, msg.as_ref()))
    }

    /// `chunk:line:` of the Lua function at `level` (0 = innermost frame), or empty.
    pub fn where_(&self, level: usize) -> Vec<u8> {
        let frames = &self.th.frames;
        if level >= frames.len() {
            return Vec::new();
        }
        let f = &frames[frames.len() - 1 - level];
        match &f.closure {
            // No line information: luaL_where adds no position.
            Some(c) if c.proto.chunk.stripped => Vec::new(),
            Some(c) => {
                let mut w = moonlab::shared::chunkid::chunkid(&c.proto.source);
                w.extend_from_slice(format!(":{}: ", f.line).as_bytes());
                w
            }
            None => Vec::new(),
        }
    }

    /// A runtime error raised by the Lua code running in the top frame, at `line`.
    pub fn rt_error(&mut self, line: u32, msg: impl AsRef<[u8]>) -> LuaError<'gc> {
        if let Some(f) = self.th.frames.last_mut() {
            if f.closure.is_some() {
                f.line = line;
            }
        }
        let stripped = self.th.frames.last().and_then(|f| f.closure.as_ref());
        let mut m = match stripped {
            // luaG_runerror positions it anyway, at line -1 of source "?".
            Some(c) if c.proto.chunk.stripped => b"?:-1: ".to_vec(),
            _ => self.where_(0),
        };
        m.extend_from_slice(msg.as_ref());
        self.error_value(Value::str(self.mc, &m))
    }

    /// `luaL_error` from a library function: positioned at the calling Lua function.
    pub fn lib_error(&self, msg: impl AsRef<[u8]>) -> LuaError<'gc> {
        let mut m = self.where_(1);
        m.extend_from_slice(msg.as_ref());
        self.error_value(Value::str(self.mc, &m))
    }

    /// An error with the traceback lua.c would print, taken here, where it is raised, but
    /// only if it can reach the top uncaught: under a pcall or in a coroutine it never does,
    /// and naming every level of a deep stack for each caught error made loops of caught
    /// errors (a failing `load` reader, a handler) quadratic.
    pub fn error_value(&self, v: Value<'gc>) -> LuaError<'gc> {
        let caught = !Gc::ptr_eq(self.cur, self.root.main)
            || self
                .th
                .tasks
                .iter()
                .any(|t| matches!(t, Task::Catch { .. }));
        LuaError {
            value: v,
            traceback: (!caught).then(|| self.traceback()),
            handled: false,
            kind: ErrKind::Run,
        }
    }

    /// The name of the library function running in the top frame.
    pub fn native_name(&self) -> &'static str {
        match self.th.frames.last().and_then(|f| f.func) {
            Some(Function::Native(n)) => n.name,
            _ => "?",
        }
    }

    /// `luaL_argerror`: `bad argument #n to 'f' (msg)`, where `f` is the name the caller
    /// used, or the function's global name ("string.rep") when it was called from a
    /// library function; a method call does not count `self`.
    pub fn arg_error(&self, n: usize, msg: &str) -> LuaError<'gc> {
        let (name, method) = self.native_call_name();
        let mut n = n;
        if method {
            if n == 1 {
                return self.lib_error(format!("calling '{name}' on bad self ({msg})"));
            }
            n -= 1;
        }
        self.lib_error(format!("bad argument #{n} to '{name}' ({msg})"))
    }

    /// The name and method-ness of the running library function, as `lua_getinfo` "n"
    /// plus `pushglobalfuncname` find it.
    pub fn native_call_name(&self) -> (String, bool) {
        let Some(frame) = self.th.frames.last() else {
            return ("?".into(), false);
        };
        if let Some(d) = &frame.call_desc {
            let kind = d.split(' ').next().unwrap_or("");
            let name = d
                .split_once('\'')
                .and_then(|(_, rest)| rest.rsplit_once('\''))
                .map_or("?", |(n, _)| n);
            return (name.to_string(), kind == "method");
        }
        let Some(func) = frame.func else {
            return ("?".into(), false);
        };
        if let Some(name) = self.global_name_of(Value::Func(func)) {
            return (name, false);
        }
        ("?".into(), false)
    }

    /// `luaL_traceback` as lua.c's message handler prints it: each level named by its
    /// global name, else by how it was called, else by where it was defined.
    pub fn traceback(&self) -> String {
        self.traceback_of(&self.th.frames, 0, true)
    }

    /// `luaL_traceback` of a thread's `frames` from `level` (0 = the innermost frame);
    /// `host`: the frames are the main thread's, below which lies the host's call
    /// (`[C]: in ?`, lua.c's `pmain`).
    pub fn traceback_of(&self, frames: &[Frame<'gc>], level: usize, host: bool) -> String {
        use moonlab::shared::debug_lib::{skip_line, traceback_level};
        // One entry per level (`None`: the host's frame, `[C]: in ?`, last). Only the
        // levels shown are described: a stack overflow's traceback has 200,000 levels.
        let levels: Vec<Option<&Frame<'gc>>> = frames
            .iter()
            .rev()
            .map(Some)
            .chain(host.then_some(None))
            .collect();
        let levels = levels.get(level..).unwrap_or(&[]);
        let total = levels.len();
        let mut s = String::from("stack traceback:");
        for (i, level) in levels.iter().enumerate() {
            let (skip, shown) = traceback_level(i, total);
            if let Some(n) = skip {
                s.push_str(&skip_line(n));
            }
            if shown {
                match level {
                    Some(f) => s.push_str(&self.traceback_line(f)),
                    None => s.push_str("\n\t[C]: in ?"),
                }
            }
        }
        s
    }

    /// One level of a traceback: where the frame is and what it runs.
    fn traceback_line(&self, f: &Frame<'gc>) -> String {
        let place = match &f.closure {
            Some(c) => {
                let id =
                    String::from_utf8_lossy(&moonlab::shared::chunkid::chunkid(&c.proto.source))
                        .into_owned();
                if c.proto.chunk.stripped {
                    format!("{id}:")
                } else {
                    format!("{id}:{}:", f.line)
                }
            }
            None => "[C]:".to_string(),
        };
        let name = match (
            f.func
                .and_then(|func| self.global_name_of(Value::Func(func))),
            &f.call_desc,
        ) {
            (Some(g), _) => format!("function '{g}'"),
            (None, Some(d)) => d.clone(),
            (None, None) => match &f.closure {
                Some(c) if c.proto.line == 0 => "main chunk".to_string(),
                Some(c) => {
                    let id = String::from_utf8_lossy(&moonlab::shared::chunkid::chunkid(
                        &c.proto.source,
                    ))
                    .into_owned();
                    format!("function <{id}:{}>", c.proto.line)
                }
                None => "?".to_string(),
            },
        };
        let mut line = format!("\n\t{place} in {name}");
        if f.tail {
            line.push_str("\n\t(...tail calls...)");
        }
        line
    }

    /// `pushglobalfuncname`: "print" or "string.rep" for a function found in the globals
    /// or in a table of `package.loaded`, or "mod" for a module that is the function.
    pub fn global_name_of(&self, target: Value<'gc>) -> Option<String> {
        let globals = self.root.globals.borrow();
        let mut key = Value::Nil;
        while let Ok(Some((k, v))) = globals.next(key) {
            if let (Value::Str(s), true) = (k, v.raw_eq(&target)) {
                return Some(String::from_utf8_lossy(&s.bytes).into_owned());
            }
            key = k;
        }
        // Then every table of `package.loaded` (the registry's `_LOADED`), one level deep.
        let Value::Table(loaded) = self.root.registry.borrow().get_str(b"_LOADED") else {
            return None;
        };
        let loaded = loaded.borrow();
        let mut lkey = Value::Nil;
        while let Ok(Some((lk, lib))) = loaded.next(lkey) {
            lkey = lk;
            // A module that is the function itself (`return function ... end`) names it.
            if let (Value::Str(name), true) = (lk, lib.raw_eq(&target)) {
                return Some(String::from_utf8_lossy(&name.bytes).into_owned());
            }
            let (Value::Str(lib_name), Value::Table(t)) = (lk, lib) else {
                continue;
            };
            if Gc::ptr_eq(t, self.root.globals) {
                continue;
            }
            let t = t.borrow();
            let mut key = Value::Nil;
            while let Ok(Some((k, v))) = t.next(key) {
                if let (Value::Str(s), true) = (k, v.raw_eq(&target)) {
                    return Some(format!(
                        "{}.{}",
                        String::from_utf8_lossy(&lib_name.bytes),
                        String::from_utf8_lossy(&s.bytes)
                    ));
                }
                key = k;
            }
        }
        None
    }

    // ------------------------------------------------------------------ stacks

    pub fn push(&mut self, v: Value<'gc>) {
        self.th.values.push(v);
    }

    pub fn pop(&mut self) -> Value<'gc> {
        self.th.values.pop().expect("value stack underflow")
    }

    pub fn top(&self) -> Value<'gc> {
        *self.th.values.last().expect("value stack empty")
    }

    pub fn frame(&mut self) -> &mut Frame<'gc> {
        self.th.frames.last_mut().expect("inside a function")
    }

    /// Pads or truncates the values above `mark` to `want` values.
    pub fn adjust(&mut self, mark: usize, want: i32) {
        if want >= 0 {
            self.th.values.resize(mark + want as usize, Value::Nil);
        }
    }

    pub fn proto(&self) -> &Proto {
        let c = self
            .th
            .frames
            .last()
            .and_then(|f| f.closure)
            .expect("Lua frame");
        // The closure is kept alive by the frame; the prototype by the closure.
        let p: &Proto = &c.as_ref().proto;
        p
    }

    // ------------------------------------------------------------------ variables

    pub fn get_local(&self, id: u32) -> Value<'gc> {
        match self.th.frames.last().expect("frame").slots[id as usize] {
            Slot::Val(v) => v,
            Slot::Cell(c) => c.get(),
        }
    }

    pub fn set_local(&mut self, id: u32, v: Value<'gc>) {
        let mc = self.mc;
        let slot = &mut self.frame().slots[id as usize];
        match slot {
            Slot::Val(x) => *x = v,
            Slot::Cell(c) => c.unlock(mc).set(v),
        }
    }

    /// A fresh variable for a declaration (a new cell each time, for closures in loops).
    pub fn declare_local(&mut self, id: u32, v: Value<'gc>) {
        let captured = self.proto().locals[id as usize].captured;
        let slot = if captured {
            Slot::Cell(Gc::new(self.mc, Lock::new(v)))
        } else {
            Slot::Val(v)
        };
        self.frame().slots[id as usize] = slot;
    }

    pub fn upvalue(&self, i: u32) -> UpCell<'gc> {
        let c = self
            .th
            .frames
            .last()
            .and_then(|f| f.closure)
            .expect("Lua frame");
        let cell = c.upvalues.borrow()[i as usize];
        cell
    }

    /// The closure of a loaded chunk: its string literals become objects here, once.
    pub fn make_main_closure(&mut self, proto: &std::rc::Rc<Proto>) -> Value<'gc> {
        let strings: Vec<LuaStr<'gc>> = proto.strings.iter().map(|s| new_str(self.mc, s)).collect();
        let strings = Gc::new(self.mc, strings);
        self.new_closure(proto, strings)
    }

    /// A closure of a loaded function (`load`, `loadfile`, a script): its upvalues are
    /// fresh, all nil but the first, which is `env` (by default the global table), as
    /// lua5.4's `load` sets them. For a main chunk that is its one upvalue, `_ENV`.
    pub fn make_loaded_closure(
        &mut self,
        loaded: &crate::chunk::Loaded,
        env: Option<Value<'gc>>,
    ) -> Value<'gc> {
        let strings: Vec<LuaStr<'gc>> = loaded
            .main
            .strings
            .iter()
            .map(|s| new_str(self.mc, s))
            .collect();
        let strings = Gc::new(self.mc, strings);
        let env = env.unwrap_or(Value::Table(self.root.globals));
        let ups = (0..loaded.target.upvalues.len())
            .map(|i| Gc::new(self.mc, Lock::new(if i == 0 { env } else { Value::Nil })))
            .collect();
        Value::Func(Function::Lua(Gc::new(
            self.mc,
            LuaClosure {
                proto: loaded.target.clone(),
                strings,
                upvalues: RefLock::new(ups),
            },
        )))
    }

    /// A closure for a function expression of the running Lua function's chunk.
    pub fn make_closure(&mut self, proto: &std::rc::Rc<Proto>) -> Value<'gc> {
        let strings = self
            .frame()
            .closure
            .expect("function expressions run in Lua functions")
            .strings;
        self.new_closure(proto, strings)
    }

    fn new_closure(
        &mut self,
        proto: &std::rc::Rc<Proto>,
        strings: Gc<'gc, Vec<LuaStr<'gc>>>,
    ) -> Value<'gc> {
        let mut ups = Vec::with_capacity(proto.upvalues.len());
        for u in &proto.upvalues {
            ups.push(match u.from {
                crate::ir::UpvalueFrom::ParentLocal(id) => {
                    match self.frame().slots[id as usize] {
                        Slot::Cell(c) => c,
                        Slot::Val(v) => {
                            // Captured locals are always cells; be safe anyway.
                            let c = Gc::new(self.mc, Lock::new(v));
                            self.frame().slots[id as usize] = Slot::Cell(c);
                            c
                        }
                    }
                }
                crate::ir::UpvalueFrom::ParentUpvalue(i) => self.upvalue(i),
                crate::ir::UpvalueFrom::Environment => {
                    Gc::new(self.mc, Lock::new(Value::Table(self.root.globals)))
                }
            });
        }
        Value::Func(Function::Lua(Gc::new(
            self.mc,
            LuaClosure {
                proto: proto.clone(),
                strings,
                upvalues: RefLock::new(ups),
            },
        )))
    }

    // ------------------------------------------------------------------ calls

    /// Starts a call of `f` with `args`; its results will be pushed (adjusted to `want`) at
    /// the current top of the value stack when it returns.
    /// `c_level`: the call holds a C level while it runs, as lua5.4's `luaD_call` from a
    /// metamethod, an iterator or a `__close` handler does ("C stack overflow" at the limit).
    pub fn call_value(
        &mut self,
        f: Value<'gc>,
        mut args: Vec<Value<'gc>>,
        want: i32,
        line: u32,
        desc: Option<String>,
        c_level: bool,
    ) -> Result<(), LuaError<'gc>> {
        // __call: the metamethod is called with the object first (and may itself be an
        // object with a __call).
        let mut f = f;
        let func = loop {
            match f {
                Value::Func(func) => break func,
                other => {
                    let h = self.metafield(other, self.root.names.call);
                    if h.is_nil() || args.len() > MAX_FRAMES {
                        let msg = self.call_error_message(other, desc.as_deref());
                        return Err(self.rt_error(line, msg));
                    }
                    args.insert(0, other);
                    f = h;
                }
            }
        };
        if let Some(f) = self.th.frames.last_mut() {
            if f.closure.is_some() {
                f.line = line;
            }
        }
        match self.budget.error_frames {
            // A message handler outgrew the extra stack a stack overflow leaves it (it runs
            // above the overflowed frames, so past MAX_FRAMES).
            Some(l) if self.th.frames.len() >= l => {
                let mut e = self.plain_error("error in error handling");
                e.kind = ErrKind::ErrErr;
                return Err(e);
            }
            None if self.th.frames.len() >= MAX_FRAMES => {
                let mut e = self.rt_error(line, "stack overflow");
                e.kind = ErrKind::StackOverflow;
                return Err(e);
            }
            _ => {}
        }
        if c_level && self.c_levels() + 1 >= MAX_C_CALLS {
            return Err(self.rt_error(line, "C stack overflow"));
        }
        // Passing many values (`f(1, ...)` in a tail call that grows them) is work a limit
        // sees, as the VM charges its copies.
        if args.len() > COPY_FREE {
            self.charge(args.len() as u64)?;
        }
        match func {
            Function::Lua(c) => {
                self.enter_lua(c, func, args, want, false, desc);
                if c_level {
                    self.th.hold_c_level();
                }
                Ok(())
            }
            Function::Native(n) => self.call_native(n, func, args, want, desc, c_level),
        }
    }

    pub fn enter_lua(
        &mut self,
        c: Gc<'gc, LuaClosure<'gc>>,
        func: Function<'gc>,
        mut args: Vec<Value<'gc>>,
        want: i32,
        tail: bool,
        call_desc: Option<String>,
    ) {
        let proto = c.proto.clone();
        let nparams = proto.params.len();
        let varargs = if proto.is_vararg && args.len() > nparams {
            args.split_off(nparams)
        } else {
            Vec::new()
        };
        args.resize(nparams, Value::Nil);
        let frame = Frame {
            closure: Some(c),
            func: Some(func),
            slots: vec![Slot::Val(Value::Nil); proto.locals.len()],
            varargs,
            task_base: self.th.tasks.len(),
            value_base: self.th.values.len(),
            want,
            line: proto.line,
            scope: 0,
            tail,
            tbc_base: self.th.tbc.len(),
            call_desc,
            c_level: false,
            no_yield: false,
        };
        self.th.push_frame(frame);
        for (i, &p) in proto.params.iter().enumerate() {
            self.declare_local(p, args[i]);
        }
        self.th.tasks.push(Task::FuncBody);
        self.th.tasks.push(Task::Block {
            stats: proto.body.clone(),
            pc: 0,
        });
    }

    fn call_native(
        &mut self,
        n: Gc<'gc, NativeClosure<'gc>>,
        func: Function<'gc>,
        args: Vec<Value<'gc>>,
        want: i32,
        call_desc: Option<String>,
        c_level: bool,
    ) -> Result<(), LuaError<'gc>> {
        self.th.push_frame(Frame {
            closure: None,
            func: Some(func),
            slots: Vec::new(),
            varargs: Vec::new(),
            task_base: self.th.tasks.len(),
            value_base: self.th.values.len(),
            want,
            line: 0,
            scope: 0,
            tail: false,
            tbc_base: self.th.tbc.len(),
            call_desc,
            c_level,
            no_yield: false,
        });
        // Under a memory limit, a call made from the top level (where the driver can
        // collect) keeps its arguments for a retry.
        let retry = (self.root.meter.limit().is_some()
            && self.budget.nested == 0
            && !std::mem::take(&mut self.budget.retrying))
        .then(|| (args.clone(), self.frame().call_desc.clone()));
        match (n.f)(self, args) {
            Ok(flow) => self.native_flow(flow, want),
            Err(e) if e.kind == (ErrKind::Memory { retry: true }) && retry.is_some() => {
                let (args, desc) = retry.expect("checked");
                self.th.pop_frame();
                let line = self.caller_line();
                self.th.tasks.push(Task::RetryNative {
                    f: Value::Func(func),
                    args,
                    want,
                    line,
                    desc,
                    c_level,
                });
                self.budget.gc_request = Some(crate::gc::GcRequest::Full);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Carries out what a library function returned; its frame is on top.
    fn native_flow(&mut self, flow: Flow<'gc>, want: i32) -> Result<(), LuaError<'gc>> {
        match flow {
            Flow::Return(vals) => {
                if vals.len() > COPY_FREE && want != 0 {
                    self.charge(vals.len() as u64)?;
                }
                self.th.pop_frame();
                self.push_results(vals, want);
                Ok(())
            }
            Flow::Call { f, args, then } => {
                // The native frame stays (it counts as a level) until the call returns, and
                // holds a C level meanwhile (lua5.4's `lua_callk`/`lua_pcallk`).
                self.th.hold_c_level();
                self.th.tasks.push(Task::NativeReturn);
                let mark = self.th.values.len();
                self.th.tasks.push(Task::Adjust { mark, want });
                match then {
                    Then::Return => {}
                    Then::Results(n) => self.th.tasks.push(Task::Adjust { mark, want: n }),
                    Then::Require { name, data } => {
                        if let Some(f) = self.th.frames.last_mut() {
                            f.no_yield = true;
                        }
                        self.th.tasks.push(Task::RequireDone { mark, name, data });
                    }
                    Then::PCall | Then::XPCall(_) => {
                        let handler = match then {
                            Then::XPCall(h) => Some(h),
                            _ => None,
                        };
                        self.th.tasks.push(Task::Catch {
                            handler,
                            values: mark,
                            frames: self.th.frames.len(),
                            tbc: self.th.tbc.len(),
                        });
                    }
                }
                if self.c_levels() >= MAX_C_CALLS {
                    // Raised inside the protection: a pcall at the limit returns it.
                    return Err(self.error_value(Value::str(self.mc, b"C stack overflow")));
                }
                let line = self.caller_line();
                self.call_value(f, args, MULTI, line, None, false)
            }
            Flow::Yield(vals) => self.do_yield(vals, want),
            Flow::Resume { co, args, wrap } => {
                self.th.pop_frame();
                self.do_resume(co, args, want, wrap)
            }
        }
    }

    fn caller_line(&self) -> u32 {
        self.th
            .frames
            .iter()
            .rev()
            .find(|f| f.closure.is_some())
            .map_or(0, |f| f.line)
    }

    pub fn push_results(&mut self, mut vals: Vec<Value<'gc>>, want: i32) {
        if want >= 0 {
            vals.resize(want as usize, Value::Nil);
        }
        self.th.values.extend(vals);
    }

    /// Returns from the Lua function in the top frame with the values above `mark`.
    pub fn do_return(&mut self, mark: usize) {
        let vals: Vec<Value<'gc>> = self.th.values.split_off(mark);
        let frame = self.th.pop_frame().expect("a frame to return from");
        self.th.tasks.truncate(frame.task_base);
        self.th.values.truncate(frame.value_base);
        self.push_results(vals, frame.want);
    }

    /// Charges `n` units of library work (elements moved, bytes made, pattern steps) to the
    /// step budget, so that a limit bounds one long library call as it bounds a loop. Past
    /// the limit the error is raised, and the run ends at its next step whatever catches it.
    /// Whether the error in flight ends the run whatever catches it: the work limit was
    /// passed, or `os.exit` was called.
    pub fn ends_run(&self) -> bool {
        self.budget.exiting || self.budget.max_steps.is_some_and(|m| self.budget.steps > m)
    }

    /// The work limit's error, if the count is past it.
    pub fn limit_error(&self) -> Option<LuaError<'gc>> {
        let max = self.budget.max_steps?;
        (self.budget.steps > max)
            .then(|| self.plain_error(format!("instruction limit exceeded ({max} steps)")))
    }

    pub fn charge(&mut self, n: u64) -> Result<(), LuaError<'gc>> {
        self.budget.steps = self.budget.steps.saturating_add(n);
        match self.limit_error() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Bytes a library function makes or copies, charged in units of 64 (`charge`), so a
    /// limit bounds a call that builds or scans a huge string.
    pub fn charge_bytes(&mut self, n: u128) -> Result<(), LuaError<'gc>> {
        self.charge(u64::try_from(n / 64).unwrap_or(u64::MAX))
    }

    /// string.byte's and utf8.codepoint's "stack overflow (string slice too long)": lua5.4's
    /// stack holds at most `MAX_STACK` values (as table.unpack's bound); the VM's
    /// counterpart is `Vm::check_stack_for`.
    pub fn check_slice_len(&self, n: usize) -> Result<(), LuaError<'gc>> {
        if n >= moonlab::shared::limits::MAX_STACK {
            return Err(self.lib_error("stack overflow (string slice too long)"));
        }
        Ok(())
    }

    /// Library work still allowed (for helpers that count their own steps, such as the
    /// pattern matcher); `work_done` records where such a helper left it.
    pub fn work_left(&self) -> u64 {
        self.budget
            .max_steps
            .map_or(u64::MAX, |m| m.saturating_sub(self.budget.steps))
    }

    pub fn work_done(&mut self, left: u64) {
        self.budget.steps = self.budget.steps.saturating_add(self.work_left() - left);
    }

    /// C levels in use, as lua5.4's `nCcalls` counts them (`limits::MAX_C_CALLS`): the
    /// host's, nested runs (library functions calling Lua), the frames holding one (metamethods,
    /// iterators, `__close` handlers, `pcall` and other library functions waiting for a call),
    /// and for a coroutine its resumer's.
    pub fn c_levels(&self) -> u32 {
        HOST_C_CALLS + self.budget.nested + self.th.c_levels + self.th.c_base
    }

    /// "attempt to call a T value", with " (desc)" when the callee has a name.
    pub fn call_error_message(&self, f: Value<'gc>, desc: Option<&str>) -> String {
        let extra = desc.map(|d| format!(" ({d})")).unwrap_or_default();
        format!("attempt to call a {} value{extra}", self.obj_type_name(f))
    }

    /// Whether calling `f` starts a function (directly or through `__call`).
    pub fn is_callable(&self, f: Value<'gc>) -> bool {
        matches!(f, Value::Func(_)) || !self.metafield(f, self.root.names.call).is_nil()
    }

    /// Runs `f(args)` to completion from inside a library function (a nested run, which Lua
    /// code cannot yield across) and returns all its results.
    pub fn call(
        &mut self,
        f: Value<'gc>,
        args: Vec<Value<'gc>>,
    ) -> Result<Vec<Value<'gc>>, LuaError<'gc>> {
        self.call_named(f, args, None)
    }

    /// `call`, naming the callee in "attempt to call" errors by `desc` (a finalizer is
    /// "metamethod '__gc'", as lua5.4's `funcnamefromcall` names it).
    pub fn call_named(
        &mut self,
        f: Value<'gc>,
        args: Vec<Value<'gc>>,
        desc: Option<&str>,
    ) -> Result<Vec<Value<'gc>>, LuaError<'gc>> {
        if self.c_levels() + 1 >= MAX_C_CALLS {
            return Err(self.error_value(Value::str(self.mc, b"C stack overflow")));
        }
        let line = self.caller_line();
        let desc = desc.map(str::to_string);
        let mark = self.sync_call(|ctx| ctx.call_value(f, args, MULTI, line, desc, false))?;
        Ok(self.th.values.split_off(mark))
    }

    /// `call` without the C-stack check (the message handler's own levels are counted by
    /// `message_handler`).
    fn call_unchecked(
        &mut self,
        f: Value<'gc>,
        args: Vec<Value<'gc>>,
    ) -> Result<Vec<Value<'gc>>, LuaError<'gc>> {
        let line = self.caller_line();
        let mark = self.sync_call(|ctx| ctx.call_value(f, args, MULTI, line, None, false))?;
        Ok(self.th.values.split_off(mark))
    }

    /// A nested run from inside a library function (`lua_call` from C): pushes a barrier,
    /// lets `schedule` start the call (a function call, or an operation that may call a
    /// metamethod), and runs until the barrier is reached. Returns the value-stack mark
    /// above which the call's results are.
    ///
    /// The nested level is counted before the call starts, since starting it may already
    /// have resumed a coroutine (a `coroutine.wrap` function as the callee or the
    /// metamethod), which records that level as its base for yields.
    pub fn sync_call(
        &mut self,
        schedule: impl FnOnce(&mut Self) -> Result<(), LuaError<'gc>>,
    ) -> Result<usize, LuaError<'gc>> {
        let height = self.th.tasks.len();
        let mark = self.th.values.len();
        let frames = self.th.frames.len();
        let me = self.cur;
        self.th.tasks.push(Task::Barrier { frames });
        self.budget.nested += 1;
        let scheduled = schedule(self);
        let on_me = Gc::ptr_eq(self.cur, me);
        let result = match scheduled {
            // Nothing was scheduled: the operation finished at once.
            Ok(()) if on_me && self.th.tasks.len() == height + 1 => {
                self.th.tasks.pop();
                Ok(())
            }
            Ok(()) => self.run(Some((me, height))).map(|_| ()),
            // A library function that set up a protection of its own (`pcall` as the
            // function called) and failed at once inside it, or a coroutine that failed
            // as it started: the error is unwound there, as a step's error would be, and
            // the run goes on.
            Err(e) if !on_me || self.th.tasks.len() > height + 1 => self
                .unwind(e, Some(height))
                .and_then(|()| self.run(Some((me, height))).map(|_| ())),
            Err(e) => Err(e),
        };
        self.budget.nested -= 1;
        match result {
            Ok(()) => Ok(mark),
            Err(e) => {
                // A call that failed before its run started (a native, or a value that
                // cannot be called) leaves its barrier: remove it, or a pcall's unwinding
                // would stop there and let the error escape.
                if self.th.tasks.len() > height
                    && matches!(self.th.tasks[height], Task::Barrier { .. })
                {
                    self.th.tasks.truncate(height);
                }
                // Its frame goes too (a native's is pushed before it runs), or the caller
                // would go on with that frame on top.
                self.th.truncate_frames(frames);
                self.th.values.truncate(mark);
                Err(e)
            }
        }
    }

    // ------------------------------------------------------------------ the loop

    /// Runs steps until the task stack of the current thread drops to `barrier` height
    /// (nested runs), or the main program ends, or the slice budget is used up.
    ///
    /// A nested run names the thread whose barrier it waits for: the call that started it
    /// may already have switched to a coroutine (a `coroutine.wrap` function called by
    /// `load`, `gsub` or as a metamethod), whose task stack says nothing about the barrier.
    pub fn run(&mut self, barrier: Option<(Thread<'gc>, usize)>) -> Result<Stop, LuaError<'gc>> {
        let me = barrier.map_or(self.cur, |(t, _)| t);
        let barrier = barrier.map(|(_, h)| h);
        let mut slice = 0u32;
        loop {
            if let Some(h) = barrier {
                if Gc::ptr_eq(self.cur, me) && self.th.tasks.len() <= h {
                    return Ok(Stop::Barrier);
                }
            }
            if self.th.tasks.is_empty() {
                // A coroutine finished, or the main program did.
                if !self.thread_finished()? {
                    return Ok(Stop::Barrier);
                }
                continue;
            }
            if barrier.is_none() {
                slice += 1;
                if slice >= 4096 {
                    return Ok(Stop::Slice);
                }
            }
            // Saturating: a charge past the limit may have left the count at u64::MAX, and
            // a pcall that caught that error still takes this step before the run ends.
            self.budget.steps = self.budget.steps.saturating_add(1);
            if self.budget.exiting {
                return Err(self.plain_error("os.exit"));
            }
            if let Some(e) = self.limit_error() {
                // Not catchable: the run is over.
                return Err(e);
            }
            let r = if std::mem::take(&mut self.budget.memory_error_pending) {
                Err(self.memory_error(false))
            } else if self.interrupted() {
                // As lua.c's hook raises it: positioned at the running function's caller.
                Err(self.lib_error("interrupted!"))
            } else {
                self.step()
                    .and_then(|()| self.check_memory(barrier.is_some()))
            };
            if let Err(e) = r {
                self.unwind(e, barrier)?;
            }
            if barrier.is_none() && (self.budget.gc_request.is_some() || self.root.meter.due()) {
                return Ok(Stop::Slice);
            }
        }
    }

    /// Whether the interrupt flag was found set (and cleared), looked at every
    /// `INTERRUPT_STEPS` steps.
    fn interrupted(&mut self) -> bool {
        let Some(flag) = &self.budget.interrupt else {
            return false;
        };
        if self.budget.interrupt_countdown > 0 {
            self.budget.interrupt_countdown -= 1;
            return false;
        }
        self.budget.interrupt_countdown = INTERRUPT_STEPS;
        flag.swap(false, std::sync::atomic::Ordering::SeqCst)
    }

    /// The current thread has no tasks left. Returns false if the main program ended.
    fn thread_finished(&mut self) -> Result<bool, LuaError<'gc>> {
        if Gc::ptr_eq(self.cur, self.root.main) {
            return Ok(false);
        }
        let results = std::mem::take(&mut self.th.values);
        self.switch_back(CoStatus::Dead, true, results);
        Ok(true)
    }

    fn step(&mut self) -> Result<(), LuaError<'gc>> {
        let task = self.th.tasks.pop().expect("a task");
        match task {
            Task::Block { stats, pc } => {
                if pc < stats.len() {
                    self.th.tasks.push(Task::Block {
                        stats: stats.clone(),
                        pc: pc + 1,
                    });
                    let s = SRef {
                        block: stats,
                        index: pc,
                    };
                    self.exec(s)
                } else {
                    // The function's own body ends at its `end` line.
                    let body_index = self.th.frames.last().map(|f| f.task_base + 1);
                    let body = body_index == Some(self.th.tasks.len());
                    if body {
                        self.move_to_function_end();
                    }
                    self.clear_block_locals(&stats);
                    let me = self.th.tasks.len();
                    let to = self.tbc_mark_for_block(me);
                    if self.th.tbc.len() > to {
                        // Another block closes where its last statement ends (leaveblock
                        // runs before its `end` is read).
                        if let (false, Some(last)) = (body, stats.last()) {
                            self.set_line(last.end_line);
                        }
                        self.th.tasks.push(Task::Close {
                            to,
                            err: None,
                            kind: ErrKind::Run,
                        });
                    }
                    Ok(())
                }
            }
            Task::FuncBody => {
                // An implicit return happens at the function's `end`.
                self.move_to_function_end();
                let mark = self.th.values.len();
                self.th.tasks.push(Task::Return { mark, line: 0 });
                Ok(())
            }
            Task::Eval { e, want } => self.eval(e, want),
            Task::Chain { e, i } => self.chain(e, i),
            Task::Binary { e, i } => self.binary(e, i),
            Task::Unary { e } => self.unary(e),
            Task::Suffix { e, i, stop, want } => self.suffix(e, i, stop, want),
            Task::Swap => {
                let n = self.th.values.len();
                self.th.values.swap(n - 1, n - 2);
                Ok(())
            }
            Task::MethodLookup { e, i } => self.method_lookup(e, i),
            Task::TailCall { e, mark } => self.tail_call_task(e, mark),
            Task::If { s, arm } => self.if_task(s, arm),
            Task::Index { e, i } => self.index_task(e, i),
            Task::Call { e, i, mark, want } => self.call_task(e, i, mark, want),
            Task::Adjust { mark, want } => {
                self.adjust(mark, want);
                Ok(())
            }
            Task::Table { e, mark } => self.table_task(e, mark),
            Task::StatDone { s, mark, k } => self.stat_done(s, mark, k),
            Task::Loop { s, phase } => self.loop_task(s, phase),
            Task::NumFor { s, state } => self.numfor_task(s, state),
            Task::GenFor { s, base } => self.genfor_task(s, base),
            Task::GenForStep { s, base } => self.genfor_step(s, base),
            Task::MetaResult { kind } => {
                let v = self.pop();
                let b = match kind {
                    MetaResult::Bool => v.truthy(),
                    MetaResult::NotBool => !v.truthy(),
                };
                self.push(Value::Bool(b));
                Ok(())
            }
            Task::Catch { handler, .. } => {
                // The protected call returned normally.
                let mark = match self.th.tasks.last() {
                    Some(Task::Adjust { mark, .. }) => *mark,
                    _ => unreachable!("a catch sits on its adjust"),
                };
                let _ = handler;
                self.th.values.insert(mark, Value::Bool(true));
                Ok(())
            }
            Task::NativeReturn => {
                self.th.pop_frame();
                Ok(())
            }
            Task::RequireDone { mark, name, data } => {
                let result = self.th.values.get(mark).copied().unwrap_or(Value::Nil);
                self.th.values.truncate(mark);
                let module = crate::stdlib::package::store_module(self, name, result);
                self.push(module);
                self.push(data);
                Ok(())
            }
            Task::WrapResult { mark, co } => {
                if self.th.values[mark].truthy() {
                    self.th.values.remove(mark);
                    return Ok(());
                }
                let err = self.th.values.get(mark + 1).copied().unwrap_or(Value::Nil);
                self.th.values.truncate(mark);
                // auxwrap closes the failed coroutine first (its pending to-be-closed
                // variables see the error; an error in one of them replaces it).
                let err = if co.borrow().status == CoStatus::Dead {
                    crate::stdlib::coroutine::close_pending(self, co).unwrap_or(err)
                } else {
                    err
                };
                let err = match err {
                    Value::Str(s) => {
                        let mut m = self.where_(0);
                        m.extend_from_slice(&s.bytes);
                        Value::str(self.mc, &m)
                    }
                    other => other,
                };
                Err(self.error_value(err))
            }
            Task::Barrier { .. } => Ok(()),
            Task::Close { to, err, kind } => self.close_task(to, err, kind),
            Task::Rethrow { err } => Err(LuaError::new(err)),
            Task::RetryNative {
                f,
                args,
                want,
                line,
                desc,
                c_level,
            } => {
                self.budget.retrying = true;
                let r = self.call_value(f, args, want, line, desc, c_level);
                self.budget.retrying = false;
                r
            }
            Task::Drop { mark } => {
                self.th.values.truncate(mark);
                Ok(())
            }
            Task::Return { mark, line } => {
                // Close the function's pending variables first; they see no error.
                let to = self.frame_tbc_base();
                if self.th.tbc.len() > to {
                    if line != 0 {
                        self.set_line(line);
                    }
                    self.th.tasks.push(Task::Return { mark, line });
                    self.th.tasks.push(Task::Close {
                        to,
                        err: None,
                        kind: ErrKind::Run,
                    });
                    return Ok(());
                }
                self.do_return(mark);
                Ok(())
            }
        }
    }

    /// Moves the running Lua function to `line`, where the closing instruction is.
    pub fn set_line(&mut self, line: u32) {
        if let Some(f) = self.th.frames.last_mut() {
            if f.closure.is_some() {
                f.line = line;
            }
        }
    }

    /// Sets the running Lua function's current line to its `end`.
    fn move_to_function_end(&mut self) {
        if let Some(f) = self.th.frames.last_mut() {
            if let Some(c) = f.closure {
                f.line = c.proto.end_line;
            }
        }
    }

    /// Forgets the block's locals, as Lua reuses their registers once the block ends.
    pub fn clear_block_locals(&mut self, b: &crate::ir::BlockData) {
        let (a, e) = b.locals;
        if a < e {
            if let Some(f) = self.th.frames.last_mut() {
                for slot in &mut f.slots[a as usize..e as usize] {
                    *slot = Slot::Val(Value::Nil);
                }
            }
        }
    }

    /// Where the running function's to-be-closed entries start. Entries below belong to
    /// callers (or to a function an error is unwinding), whose task indexes mean nothing here.
    pub fn frame_tbc_base(&self) -> usize {
        self.th.frames.last().map_or(0, |f| f.tbc_base)
    }

    /// The first of the running function's to-be-closed entries that `pred` selects (all
    /// later ones are selected too, as entries are in declaration order).
    pub fn tbc_from(&self, pred: impl Fn(&Tbc<'gc>) -> bool) -> usize {
        let base = self.frame_tbc_base();
        self.th.tbc[base..]
            .iter()
            .position(pred)
            .map_or(self.th.tbc.len(), |p| base + p)
    }

    /// The to-be-closed entries that belong to the block task at `task_index` start here.
    fn tbc_mark_for_block(&self, task_index: usize) -> usize {
        self.tbc_from(|t| t.block_task >= task_index)
    }

    /// Closes to-be-closed variables down to `to`, most recent first, then continues.
    fn close_task(
        &mut self,
        to: usize,
        err: Option<Value<'gc>>,
        kind: ErrKind,
    ) -> Result<(), LuaError<'gc>> {
        if self.th.tbc.len() <= to {
            if let Some(err) = err {
                let mut e = LuaError::new(err);
                e.handled = true;
                e.kind = kind;
                return Err(e);
            }
            return Ok(());
        }
        let entry = self.th.tbc.pop().expect("an entry");
        self.th.tasks.push(Task::Close { to, err, kind });
        if !entry.value.truthy() {
            return Ok(());
        }
        let h = self.metafield(entry.value, self.root.names.close);
        let mark = self.th.values.len();
        self.th.tasks.push(Task::Drop { mark });
        let line = self.caller_line();
        // Named as the metamethod only when a Lua function closes it (lua5.4 names a
        // function from the instruction that called it; a protected call that unwinds,
        // or the top level, has none).
        let desc = self
            .th
            .frames
            .last()
            .filter(|f| f.closure.is_some())
            .map(|_| "metamethod 'close'".to_string());
        self.call_value(
            h,
            vec![entry.value, err.unwrap_or(Value::Nil)],
            0,
            line,
            desc,
            true,
        )
    }

    /// Pops tasks after an error until something handles it.
    fn unwind(
        &mut self,
        mut err: LuaError<'gc>,
        barrier: Option<usize>,
    ) -> Result<(), LuaError<'gc>> {
        loop {
            let Some(task) = self.th.tasks.pop() else {
                // Bottom of a thread.
                if Gc::ptr_eq(self.cur, self.root.main) {
                    return Err(err);
                }
                let vals = vec![err.value];
                self.cur.borrow_mut(self.mc).error = Some(err.value);
                self.switch_back(CoStatus::Dead, false, vals);
                return Ok(());
            };
            match task {
                Task::Catch {
                    handler,
                    values,
                    frames,
                    tbc,
                } => {
                    // xpcall: the message handler runs first, as lua5.4 runs it where the
                    // error is raised: above the frames of the calls that failed (their
                    // tasks are gone, the frames stay for the handler's traceback and
                    // levels), and before pending variables are closed, so they see its
                    // result (and an error raised while closing them goes through it too).
                    // No message handler runs for a memory error (`LUA_ERRMEM`).
                    if let (Some(h), false) = (handler, err.handled) {
                        if !err.is_memory() {
                            err = LuaError::new(self.message_handler(h, err));
                        }
                        err.handled = true;
                    }
                    self.th.truncate_frames(frames);
                    self.th.values.truncate(values);
                    if self.th.tbc.len() > tbc {
                        // Close pending variables first (they see the error), then retry.
                        self.th.tasks.push(Task::Catch {
                            handler,
                            values,
                            frames,
                            tbc,
                        });
                        self.th.tasks.push(Task::Close {
                            to: tbc,
                            err: Some(err.value),
                            kind: err.kind,
                        });
                        return Ok(());
                    }
                    self.push(Value::Bool(false));
                    self.push(err.value);
                    return Ok(());
                }
                Task::Barrier { frames } => {
                    // The nested run that owns this barrier reports the error; drop the
                    // frames that started above it. An enclosing xpcall's message handler
                    // runs first, while those frames are still there for its traceback: in
                    // lua5.4 it runs where the error is raised, even when the library
                    // function that made the nested call catches the error (load's reader).
                    if !err.handled && !err.is_memory() && self.budget.in_handler == 0 {
                        if let Some(h) = self.enclosing_handler() {
                            err = LuaError::new(self.message_handler(h, err));
                            err.handled = true;
                        }
                    }
                    self.th.truncate_frames(frames);
                    let _ = barrier;
                    return Err(err);
                }
                Task::Rethrow { err: e } => {
                    err = LuaError::new(e);
                }
                _ => {}
            }
        }
    }

    /// An error a library function raises and catches itself (load's reader returning a
    /// non-string): as for errors raised by Lua code, it first passes the innermost
    /// enclosing `xpcall`'s handler, whose result the library function sees.
    pub(crate) fn through_current_handler(&mut self, err: LuaError<'gc>) -> Value<'gc> {
        if err.handled || err.is_memory() || self.budget.in_handler != 0 {
            return err.value;
        }
        match self.enclosing_handler() {
            Some(h) => self.message_handler(h, err),
            None => err.value,
        }
    }

    /// The message handler of the innermost protected call on this thread's task stack:
    /// `None` when that is a `pcall` (or there is none).
    fn enclosing_handler(&self) -> Option<Value<'gc>> {
        self.th.tasks.iter().rev().find_map(|t| match t {
            Task::Catch { handler, .. } => Some(*handler),
            _ => None,
        })?
    }

    /// Runs `xpcall`'s message handler `h` for `err` as luaG_errormsg does: on each error,
    /// its own included, each call nested in the one that failed (a C level each), until
    /// it returns. At `MAX_C_CALLS` levels the error becomes "C stack overflow"; at 11/10
    /// of that, or when the handler overflows the stack while handling a stack overflow,
    /// or raises "error in error handling" itself, lua5.4 gives up with that message
    /// (`LUA_ERRERR`). A memory error ends it too (no handler runs for one).
    fn message_handler(&mut self, h: Value<'gc>, err: LuaError<'gc>) -> Value<'gc> {
        let saved_nested = self.budget.nested;
        let saved_frames = self.budget.error_frames;
        let mut e = err;
        let result = loop {
            match e.kind {
                ErrKind::ErrErr => break None,
                ErrKind::Memory { .. } => break Some(e.value),
                ErrKind::StackOverflow => {
                    let l = self.th.frames.len() + ERROR_EXTRA_FRAMES;
                    self.budget.error_frames =
                        Some(self.budget.error_frames.map_or(l, |x| x.min(l)));
                }
                ErrKind::Run => {}
            }
            let level = self.c_levels() + 1;
            if level >= MAX_C_CALLS / 10 * 11 {
                break None;
            }
            self.budget.nested += 1;
            if level == MAX_C_CALLS {
                e = self.plain_error("C stack overflow");
                continue;
            }
            // The call's own level is the one just counted.
            self.budget.nested -= 1;
            self.budget.in_handler += 1;
            let r = self.call_unchecked(h, vec![e.value]);
            self.budget.in_handler -= 1;
            self.budget.nested += 1;
            match r {
                Ok(r) => break Some(r.first().copied().unwrap_or(Value::Nil)),
                Err(e2) => e = e2,
            }
        };
        self.budget.nested = saved_nested;
        self.budget.error_frames = saved_frames;
        result.unwrap_or_else(|| Value::str(self.mc, b"error in error handling"))
    }

    // ------------------------------------------------------------------ coroutines

    fn do_yield(&mut self, vals: Vec<Value<'gc>>, want: i32) -> Result<(), LuaError<'gc>> {
        // `__close` handlers that coroutine.close or coroutine.wrap run for a coroutine run
        // on the closing thread here, but in lua5.4 on the coroutine, in a native call.
        let closing = self.budget.closing.last() == Some(&(Gc::as_ptr(self.cur) as usize));
        if Gc::ptr_eq(self.cur, self.root.main) && !closing {
            return Err(self.error_value(Value::str(
                self.mc,
                b"attempt to yield from outside a coroutine",
            )));
        }
        if closing {
            return Err(self.error_value(Value::str(
                self.mc,
                b"attempt to yield across a C-call boundary",
            )));
        }
        if self.budget.nested > self.cur.borrow().nested_base() || !self.th.yieldable_frames() {
            return Err(self.error_value(Value::str(
                self.mc,
                b"attempt to yield across a C-call boundary",
            )));
        }
        // The yield call returns the values of the next resume; its frame stays until then
        // (a suspended coroutine's top level is the yield, for `debug.traceback(co)`).
        self.th.tasks.push(Task::NativeReturn);
        let mark = self.th.values.len();
        self.th.tasks.push(Task::Adjust { mark, want });
        self.switch_back(CoStatus::Suspended, true, vals);
        Ok(())
    }

    fn do_resume(
        &mut self,
        co: Thread<'gc>,
        args: Vec<Value<'gc>>,
        want: i32,
        wrap: bool,
    ) -> Result<(), LuaError<'gc>> {
        let status = co.borrow().status;
        let problem = if Gc::ptr_eq(co, self.cur) {
            Some("cannot resume non-suspended coroutine")
        } else {
            match status {
                CoStatus::Suspended if self.c_levels() >= MAX_C_CALLS => Some("C stack overflow"),
                CoStatus::Suspended => None,
                CoStatus::Dead => Some("cannot resume dead coroutine"),
                _ => Some("cannot resume non-suspended coroutine"),
            }
        };
        if let Some(msg) = problem {
            if wrap {
                // auxwrap prefixes the position of whoever called the wrap function.
                let mut m = self.where_(0);
                m.extend_from_slice(msg.as_bytes());
                return Err(self.error_value(Value::str(self.mc, &m)));
            }
            self.push_results(
                vec![Value::Bool(false), Value::str(self.mc, msg.as_bytes())],
                want,
            );
            return Ok(());
        }
        // Where the resume's results will land in this thread.
        let mark = self.th.values.len();
        self.th.tasks.push(Task::Adjust { mark, want });
        if wrap {
            self.th.tasks.push(Task::WrapResult { mark, co });
        }
        // Park the current thread and switch to the coroutine, which counts C levels on
        // from its resumer's, plus one (`lua_resume`).
        let c_base = self.th.c_base + self.th.c_levels + 1;
        let me = self.cur;
        let state = std::mem::take(&mut self.th);
        {
            let mut m = me.borrow_mut(self.mc);
            m.state = state;
            m.status = CoStatus::Normal;
        }
        self.root.resumers.borrow_mut(self.mc).push(me);
        let mut c = co.borrow_mut(self.mc);
        c.status = CoStatus::Running;
        c.set_nested_base(self.budget.nested);
        c.state.c_base = c_base;
        self.th = std::mem::take(&mut c.state);
        let body = c.body.take();
        drop(c);
        self.cur = co;
        self.root.running.unlock(self.mc).set(co);
        match body {
            Some(f) => {
                // Calling the body checks the C levels too (ldo.c's `resume` through
                // `ccall`): at the limit the coroutine dies with the overflow error.
                if self.c_levels() >= MAX_C_CALLS {
                    return Err(self.error_value(Value::str(self.mc, b"C stack overflow")));
                }
                let line = 0;
                self.call_value(Value::Func(f), args, MULTI, line, None, false)
            }
            None => {
                // Resuming after a yield: the yield call returns the resume arguments.
                self.th.values.extend(args);
                Ok(())
            }
        }
    }

    /// Leaves the running coroutine (finished, failed or yielded) for its resumer, which
    /// receives `ok` and `vals` as the results of `resume`.
    fn switch_back(&mut self, status: CoStatus, ok: bool, vals: Vec<Value<'gc>>) {
        let me = self.cur;
        let state = std::mem::take(&mut self.th);
        {
            let mut m = me.borrow_mut(self.mc);
            m.state = state;
            m.status = status;
        }
        let back = self
            .root
            .resumers
            .borrow_mut(self.mc)
            .pop()
            .expect("a resumer");
        let mut b = back.borrow_mut(self.mc);
        b.status = CoStatus::Running;
        self.th = std::mem::take(&mut b.state);
        drop(b);
        self.cur = back;
        self.root.running.unlock(self.mc).set(back);
        self.push(Value::Bool(ok));
        self.th.values.extend(vals);
    }
}

impl<'gc> ThreadObj<'gc> {
    fn nested_base(&self) -> u32 {
        self.nested
    }
    fn set_nested_base(&mut self, n: u32) {
        self.nested = n;
    }
}

/// Describes an expression for error messages, as Lua's `varinfo` does.
pub fn describe(ctx: &Ctx<'_, '_>, e: &Expr) -> Option<String> {
    if ctx.proto().chunk.stripped {
        // No names of locals and upvalues; with no name for `_ENV`, a global is a field.
        match &e.kind {
            ExprKind::Local(_) => return None,
            ExprKind::Upvalue(_) => return Some("upvalue '?'".into()),
            ExprKind::Global { name, .. } => return Some(format!("field '{}'", c_str(name))),
            _ => {}
        }
    }
    match &e.kind {
        ExprKind::Local(id) => {
            let name = &ctx.proto().locals[*id as usize].name;
            Some(format!("local '{name}'"))
        }
        ExprKind::Upvalue(i) => {
            let name = &ctx.proto().upvalues[*i as usize].name;
            Some(format!("upvalue '{name}'"))
        }
        ExprKind::Global { name, .. } => Some(format!("global '{}'", c_str(name))),
        ExprKind::Const(_, v) => match &v.kind {
            ExprKind::Str(s, _) => Some(format!("constant '{}'", c_str(s))),
            _ => None,
        },
        ExprKind::Str(s, _) => Some(format!("constant '{}'", c_str(s))),
        ExprKind::Paren(inner) => describe(ctx, inner),
        ExprKind::Described(d) => Some(d.clone()),
        ExprKind::Chain { first, rest } => {
            // `k and e` with a true constant k, and `k or e` with a false one, compile to
            // `e` itself, which is then described.
            // Numeric prefixes that lcode.c folds (`2^53 and s`) count as constants.
            let mut cur: &Expr = first;
            let mut truth = constant_truth(first);
            let mut folded = fold_num(first);
            let mut last_arith = false;
            for (op, _, rhs) in rest {
                if matches!(op, BinOp::And | BinOp::Or) {
                    let passes = matches!(
                        (op, truth),
                        (BinOp::And, Some(true)) | (BinOp::Or, Some(false))
                    );
                    if !passes {
                        return None;
                    }
                    cur = rhs;
                    truth = constant_truth(rhs);
                    folded = fold_num(rhs);
                    last_arith = false;
                } else {
                    folded = match (folded, arith_op(*op), fold_num(rhs)) {
                        (Some(a), Some(o), Some(b)) => fold_numbers(o, a, b),
                        _ => None,
                    };
                    truth = folded.map(|_| true);
                    last_arith = true;
                }
            }
            if last_arith {
                return None;
            }
            describe(ctx, cur)
        }
        ExprKind::Suffixed { suffixes, .. } => match suffixes.last().map(|s| &s.kind) {
            Some(SuffixKind::Index(k)) => Some(format!("field '{}'", key_name(k))),
            _ => None,
        },
        _ => None,
    }
}

/// The name Lua gives an indexing key in messages: a constant string, "integer index" for
/// small integer constants, "?" otherwise.
pub fn key_name(k: &Expr) -> String {
    match &k.kind {
        ExprKind::Str(s, _) => c_str(s),
        ExprKind::Const(_, v) => key_name(v),
        ExprKind::Int(i) if (0..=255).contains(i) => "integer index".into(),
        // A key lcode.c folds to a small integer is OP_GETI's too (`t[1 + 0]`).
        _ => match fold_num(k) {
            Some(moonlab::shared::number::Number::Int(i)) if (0..=255).contains(&i) => {
                "integer index".into()
            }
            _ => "?".into(),
        },
    }
}

/// A name as C's `%s` prints it: up to the first zero byte.
pub fn c_str(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

/// The truth of a constant expression, if it is one.
fn constant_truth(e: &Expr) -> Option<bool> {
    match &e.kind {
        ExprKind::Nil | ExprKind::False => Some(false),
        ExprKind::True | ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Str(..) => Some(true),
        ExprKind::Const(_, v) | ExprKind::Paren(v) => constant_truth(v),
        // Arithmetic that lcode.c folds is a (true) numeric constant too.
        _ => fold_num(e).map(|_| true),
    }
}

/// The value of a numeric expression lcode.c's `constfolding` would fold, if it would.
pub(crate) fn fold_num(e: &Expr) -> Option<moonlab::shared::number::Number> {
    use moonlab::shared::arith::ArithOp;
    use moonlab::shared::number::Number;
    use moonlab::syntax::ast::UnOp;
    match &e.kind {
        ExprKind::Int(i) => Some(Number::Int(*i)),
        ExprKind::Float(f) => Some(Number::Float(*f)),
        ExprKind::Const(_, v) | ExprKind::Paren(v) => fold_num(v),
        ExprKind::Unary(op, v) => {
            let n = fold_num(v)?;
            let aop = match op {
                UnOp::Neg => ArithOp::Unm,
                UnOp::BNot => ArithOp::BNot,
                _ => return None,
            };
            fold_numbers(aop, n, n)
        }
        ExprKind::Chain { first, rest } => {
            let mut acc = fold_num(first)?;
            for (op, _, rhs) in rest {
                acc = fold_numbers(arith_op(*op)?, acc, fold_num(rhs)?)?;
            }
            Some(acc)
        }
        _ => None,
    }
}
