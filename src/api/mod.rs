//! The embedding API for Rust hosts: a Lua state on the fast engine.
//!
//! Values a host holds are handles ([`Table`], [`Function`], [`LuaString`], ...): the
//! collector keeps them alive while the host holds them (each is a root slot, freed when
//! the last clone is dropped), and a handle only works with the state that made it. The
//! engine's internals (the VM, its heap, raw values) are not public, so no sequence of safe
//! calls can reach freed memory.
//!
//! ```
//! use moonlab::api::{Lua, LuaState};
//!
//! let mut lua = Lua::new();
//! lua.globals().set(&mut lua, "n", 20).unwrap();
//! let add = lua.create_function(|_, (a, b): (i64, i64)| Ok(a + b));
//! lua.globals().set(&mut lua, "add", add).unwrap();
//! let r: i64 = lua.load("return add(n, 22)").eval().unwrap();
//! assert_eq!(r, 42);
//! ```

mod callback;
mod hook;
mod refs;
mod thread;
mod userdata;
mod value;

use std::io::Write;

pub use hook::{HookEvent, HookInfo, HookTriggers};
pub(crate) use refs::HostRefs;
pub use thread::ThreadStatus;
pub use userdata::{UserData, UserDataFields, UserDataMethods, UserDataRef};
pub use value::{
    AnyUserData, Bytes, FromLua, FromLuaMulti, Function, IntoLua, IntoLuaMulti, LuaString, Table,
    Thread, Value, Variadic,
};

pub use crate::gc::collect::CycleKind;
pub use crate::gc::heap::GcStats;
/// Which interpreter loop this build runs ("threaded" or "match"; see build.rs).
pub use crate::vm::DISPATCH;

use crate::vm::error::{Exc, LResult, Thrown};
use crate::vm::state::Vm;
use crate::vm::value::Value as RawValue;

/// An error that ended a run or a call: the message as Lua would print it, a traceback
/// taken where the error was raised (for runs started by the host), and the error object
/// itself when it came from Lua (a table given to `error` stays a table).
///
/// ```
/// use moonlab::api::{Lua, LuaState, Table, Value};
///
/// let mut lua = Lua::new();
/// let e = lua.load("error({code = 7})").exec().unwrap_err();
/// assert_eq!(e.to_string(), "(error object is a table value)");
/// let Some(Value::Table(t)) = e.value() else { panic!() };
/// assert_eq!(t.get::<_, i64>(&mut lua, "code").unwrap(), 7);
/// ```
#[derive(Clone)]
pub struct RunError {
    /// The message as lua.c would print it (`Display` shows it too).
    pub message: Vec<u8>,
    /// The traceback, for errors of runs the host started.
    pub traceback: Option<String>,
    /// A failed conversion of an argument of a Rust function: raised in Lua with
    /// lua5.4's wording ("bad argument #1 to 'f' (number expected, got nil)").
    pub(crate) conversion: Option<value::Conversion>,
    /// The Lua value that was raised (or is to be raised, from a Rust function).
    pub(crate) value: Option<Value>,
}

impl RunError {
    /// An error with this message (what a Rust function returns to raise a Lua error).
    pub fn new(message: impl Into<Vec<u8>>) -> RunError {
        RunError {
            message: message.into(),
            traceback: None,
            conversion: None,
            value: None,
        }
    }

    /// An error whose object is `value`, any Lua value: a Rust function that returns it
    /// raises `value` itself, so a `pcall` in Lua gets it back unchanged. The message is
    /// what lua.c would print for it (`__tostring` is not consulted).
    ///
    /// ```
    /// use moonlab::api::{Lua, LuaState, RunError, Value};
    ///
    /// let mut lua = Lua::new();
    /// let fail = lua.create_function(|ctx, ()| -> Result<(), RunError> {
    ///     let t = ctx.create_table();
    ///     t.set(ctx, "code", 404)?;
    ///     Err(RunError::from_value(ctx, Value::Table(t)))
    /// });
    /// lua.set_global("fail", fail).unwrap();
    /// let code: i64 = lua.load("select(2, pcall(fail)).code").eval().unwrap();
    /// assert_eq!(code, 404);
    /// ```
    pub fn from_value(lua: &mut (impl LuaState + ?Sized), value: Value) -> RunError {
        let message = match &value {
            Value::String(s) => s.to_bytes(lua),
            Value::Integer(_) | Value::Number(_) => {
                let vm = lua.vm(Token(()));
                let raw = value.to_raw(vm);
                vm.tostring_basic(raw)
            }
            v => format!("(error object is a {} value)", v.type_name()).into_bytes(),
        };
        RunError {
            message,
            traceback: None,
            conversion: None,
            value: Some(value),
        }
    }

    /// The Lua value that was raised, when the error came from Lua (or was made by
    /// [`RunError::from_value`]); `None` for errors the host made from a message.
    pub fn value(&self) -> Option<&Value> {
        self.value.as_ref()
    }

    /// An error caught from the VM, keeping its object.
    fn caught(vm: &mut Vm, v: RawValue, message: Vec<u8>, traceback: Option<String>) -> Self {
        RunError {
            message,
            traceback,
            conversion: None,
            value: Some(Value::from_raw(vm, v)),
        }
    }
}

impl RunError {
    /// Results that failed to convert are no argument of the Rust function that asked.
    fn not_an_argument(mut self) -> RunError {
        self.conversion = None;
        self
    }
}

impl std::error::Error for RunError {}

impl std::fmt::Debug for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunError")
            .field("message", &String::from_utf8_lossy(&self.message))
            .field("traceback", &self.traceback)
            .finish()
    }
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.message))
    }
}

/// A Lua state on the VM with the standard libraries open.
pub struct Lua {
    vm: Vm,
    /// The instruction limit each run from the host starts with.
    instruction_limit: Option<u64>,
}

/// Which standard libraries a state opens (`Lua::with_libs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StdLibs {
    /// The basic functions (`print`, `pcall`, `load`, ...).
    pub base: bool,
    /// `package` and `require`.
    pub package: bool,
    /// `coroutine`.
    pub coroutine: bool,
    /// `string`, and strings' metatable.
    pub string: bool,
    /// `table`.
    pub table: bool,
    /// `math`.
    pub math: bool,
    /// `utf8`.
    pub utf8: bool,
    /// `os` and `io`: files, processes, the environment, the clock.
    pub os_io: bool,
    /// `debug`: can break any rule a script relies on (locals, upvalues, metatables).
    pub debug: bool,
    /// With `base`: `dofile` and `loadfile` (file access), and binary chunks in `load`.
    pub base_files: bool,
}

impl StdLibs {
    /// Every library.
    pub const ALL: StdLibs = StdLibs {
        base: true,
        package: true,
        coroutine: true,
        string: true,
        table: true,
        math: true,
        utf8: true,
        os_io: true,
        debug: true,
        base_files: true,
    };
    /// What a sandbox offers: base (without `dofile`, `loadfile` and binary chunks),
    /// coroutine, string, table, math and utf8. No io, os, package or debug.
    pub const SANDBOX: StdLibs = StdLibs {
        base: true,
        package: false,
        coroutine: true,
        string: true,
        table: true,
        math: true,
        utf8: true,
        os_io: false,
        debug: false,
        base_files: false,
    };
    /// None at all.
    pub const NONE: StdLibs = StdLibs {
        base: false,
        package: false,
        coroutine: false,
        string: false,
        table: false,
        math: false,
        utf8: false,
        os_io: false,
        debug: false,
        base_files: false,
    };
}

impl Default for Lua {
    fn default() -> Self {
        Lua::new()
    }
}

impl Lua {
    /// A state with every standard library open; `print` and `io.write` go to stdout.
    pub fn new() -> Self {
        Lua::with_output(Box::new(std::io::stdout()))
    }

    /// A state as `lua -E` makes it: the registry's `LUA_NOENV` is set before the
    /// libraries open, so `package.path` and `package.cpath` ignore `LUA_PATH` and friends.
    pub fn new_without_env() -> Self {
        let mut vm = Vm::bare(Box::new(std::io::stdout()));
        let k = vm.str(crate::shared::package_lib::NOENV_FIELD.as_bytes());
        vm.registry
            .set(&vm.heap, k, RawValue::TRUE)
            .expect("string key");
        crate::stdlib::open_all(&mut vm);
        Lua {
            vm,
            instruction_limit: None,
        }
    }

    /// A state whose `print` and `io.write` go to `out`.
    pub fn with_output(out: Box<dyn Write>) -> Self {
        Lua::with_libs(StdLibs::ALL, out)
    }

    /// A state for untrusted scripts ([`StdLibs::SANDBOX`]); set memory and instruction
    /// limits too.
    ///
    /// ```
    /// use moonlab::api::Lua;
    /// let mut lua = Lua::sandboxed(Box::new(std::io::sink()));
    /// assert!(lua.exec(b"return io.open('x')", b"=untrusted").is_err());
    /// assert!(lua.exec(b"return dofile('x')", b"=untrusted").is_err());
    /// ```
    pub fn sandboxed(out: Box<dyn Write>) -> Self {
        Lua::with_libs(StdLibs::SANDBOX, out)
    }

    /// A state with the libraries chosen one by one.
    pub fn with_libs(libs: StdLibs, out: Box<dyn Write>) -> Self {
        let mut vm = Vm::bare(out);
        crate::stdlib::open_selected(&mut vm, &libs);
        Lua {
            vm,
            instruction_limit: None,
        }
    }

    /// Ends a run with an error once it has executed about this many bytecode
    /// instructions: the budget is paid at backward jumps (a loop's length) and calls, so
    /// any endless loop or recursion meets it (exactly this many while a hook is set).
    /// Each run the host starts (`exec`, `Chunk::exec`/`eval`, `Function::call`) gets the
    /// whole budget again.
    pub fn set_instruction_limit(&mut self, limit: Option<u64>) {
        self.instruction_limit = limit;
        self.vm.set_instruction_limit(limit);
    }

    /// Starts a run from the host: the instruction budget is the whole limit again.
    fn start_run(&mut self) {
        self.vm.host_refs.reclaim();
        if self.instruction_limit.is_some() {
            self.vm.set_instruction_limit(self.instruction_limit);
        }
    }

    /// Lets the heap hold at most `limit` bytes: an allocation past it raises lua5.4's
    /// "not enough memory" error in Lua (catchable by pcall; the state stays usable).
    /// `None` lifts the limit.
    pub fn set_memory_limit(&mut self, limit: Option<usize>) {
        self.vm.heap.set_memory_limit(limit);
    }

    /// "not enough memory" errors raised so far, caught or not (a harness comparing runs
    /// treats a run that hit its memory limit as inconclusive).
    pub fn memory_errors(&self) -> u64 {
        self.vm.memory_errors
    }

    /// Bytecode instructions executed so far.
    pub fn instructions(&self) -> u64 {
        self.vm.instructions()
    }

    /// The collector's counters.
    pub fn gc_stats(&self) -> crate::gc::heap::GcStats {
        self.vm.heap.stats()
    }

    /// Bytes the heap holds now (`collectgarbage("count")` in bytes).
    pub fn bytes_in_use(&self) -> usize {
        self.vm.heap.bytes_in_use()
    }

    /// Collects at every safe point (to flush out missing roots).
    pub fn set_gc_stress(&mut self, on: bool) {
        self.vm.heap.set_stress(on);
    }

    /// Switches the collector mode the way `collectgarbage("generational")` does (lua.c
    /// starts in generational mode).
    pub fn set_generational(&mut self) {
        let _ = self.vm.set_gc_mode(true);
    }

    /// Back to incremental mode (the default of a new state, as in lua5.4's library).
    pub fn set_incremental(&mut self) {
        let _ = self.vm.set_gc_mode(false);
    }

    /// Writes one JSON line per collector event to `out` (see `gc::trace`); `None` stops.
    pub fn set_gc_trace(&mut self, out: Option<Box<dyn std::io::Write>>) {
        self.vm.heap.set_tracer(out);
    }

    /// Live objects by type name ("string", "table", "function", ...), as the collector
    /// counts them.
    pub fn live_objects(&self) -> Vec<(&'static str, u64)> {
        crate::gc::heap::live_by_type(&self.vm.heap)
    }

    /// Runs a chunk (source or binary) as lua.c runs a script: an error comes back with
    /// its traceback. `chunkname` as `load`'s ("=name", "@file", or the source).
    pub fn exec(&mut self, src: &[u8], chunkname: &[u8]) -> Result<(), RunError> {
        self.exec_with_args(src, chunkname, Vec::new())
    }

    /// Sets the global `arg` table as `lua` does for a script.
    pub fn set_arg_table(&mut self, entries: &[(i64, Vec<u8>)]) {
        let t = self.vm.new_table(entries.len(), 1);
        for (i, v) in entries {
            let s = self.vm.str(v);
            t.set_int(&self.vm.heap, *i, s);
        }
        self.vm.set_global("arg", RawValue::from_table(t));
    }

    /// Runs a chunk (text, or a binary chunk from `string.dump`) with `args` as its `...`.
    pub fn exec_with_args(
        &mut self,
        src: &[u8],
        chunkname: &[u8],
        args: Vec<Vec<u8>>,
    ) -> Result<(), RunError> {
        let f = self.load_main(src, chunkname)?;
        let args = args
            .iter()
            .map(|a| Value::String(self.create_string(a)))
            .collect();
        self.run_main(f, ChunkArgs::Values(args), 0).map(|_| ())
    }

    /// Runs a script as lua.c's `handle_script` does: its `...` are the global `arg`
    /// table's entries 1 to `#arg` as they are now (code run before may have changed
    /// them). An `arg` that is not a table is an error without a traceback, as in lua.c.
    pub fn exec_script(&mut self, src: &[u8], chunkname: &[u8]) -> Result<(), RunError> {
        let f = self.load_main(src, chunkname)?;
        self.run_main(f, ChunkArgs::FromArgTable, 0).map(|_| ())
    }

    /// Runs a line of lua.c's REPL and passes its results, if any, to the global `print`
    /// (`l_print`). `Ok(Some(message))`: calling `print` failed (lua.c reports
    /// "error calling 'print' (message)").
    pub fn exec_and_print(
        &mut self,
        src: &[u8],
        chunkname: &[u8],
    ) -> Result<Option<Vec<u8>>, RunError> {
        let f = self.load_main(src, chunkname)?;
        let results = self.run_main(f, ChunkArgs::Values(Vec::new()), -1)?;
        if results.is_empty() {
            return Ok(None);
        }
        let vm = &mut self.vm;
        let print = vm.globals.get(vm.str(b"print"));
        // (`results` keeps the values alive while print runs.)
        let raw: Vec<RawValue> = results.iter().map(|v| v.to_raw(vm)).collect();
        let top = vm.th.top;
        let mut failed = None;
        if let Err(Some(e)) = vm.protected(|vm| vm.call_function(print, &raw).map(|_| ())) {
            // `lua_tostring` of the error: strings and numbers; lua.c prints "(null)"
            // for other values.
            failed = Some(match e.get() {
                Thrown::Error(v) if v.is_string() || v.is_number() => vm.tostring_basic(v),
                _ => b"(null)".to_vec(),
            });
            vm.reset_after_error(top);
        }
        let _ = vm.out.flush();
        Ok(failed)
    }

    /// `global = require(module)`, run as lua.c's `-l` runs it (`dolibrary`).
    pub fn require_into_global(&mut self, global: &[u8], module: &[u8]) -> Result<(), RunError> {
        let vm = &mut self.vm;
        let require = vm.globals.get(vm.str(b"require"));
        let require = Value::from_raw(vm, require);
        let module = Value::String(self.create_string(module));
        let results = self.run_main(require, ChunkArgs::Values(vec![module]), 1)?;
        let v = results.into_iter().next().unwrap_or(Value::Nil);
        let vm = &mut self.vm;
        let raw = v.to_raw(vm);
        let k = vm.str(global);
        vm.globals.set(&vm.heap, k, raw).expect("string key");
        Ok(())
    }

    /// `luaL_tolstring` of a global (lua.c's REPL prompt, `_PROMPT`): `None` when nil.
    pub fn global_to_string(&mut self, name: &str) -> Result<Option<Vec<u8>>, RunError> {
        let vm = &mut self.vm;
        let v = vm.globals.get(vm.str(name.as_bytes()));
        if v.is_nil() {
            return Ok(None);
        }
        let top = vm.th.top;
        let mut out = Vec::new();
        let r = vm.protected(|vm| {
            vm.push(v)?;
            let s = vm.tostring(v)?;
            out = vm.tostring_basic(s);
            Ok(())
        });
        match r {
            Ok(()) => {
                vm.th.top = top;
                Ok(Some(out))
            }
            Err(e) => {
                let message = match e.map(Exc::get) {
                    Some(Thrown::Error(v)) => error_message(vm, v).0,
                    _ => b"attempt to yield from outside a coroutine".to_vec(),
                };
                vm.reset_after_error(top);
                Err(RunError::new(message))
            }
        }
    }

    /// Lets another thread stop the running code: while `flag` is set, the run ends with
    /// the catchable error "interrupted!" (lua.c's Ctrl-C), checked every 65536
    /// instructions.
    pub fn set_interrupt_flag(
        &mut self,
        flag: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    ) {
        self.vm.set_interrupt_flag(flag);
    }

    /// A main chunk, compiled.
    fn load_main(&mut self, src: &[u8], chunkname: &[u8]) -> Result<Value, RunError> {
        self.vm.host_refs.reclaim();
        let f = self
            .vm
            .load_chunk(src, chunkname, b"bt", None)
            .map_err(RunError::new)?;
        Ok(Value::from_raw(&mut self.vm, f))
    }

    /// Calls `f` from the host, outside any running Lua code, as lua.c runs a chunk: an
    /// error comes back with its traceback, after the pending to-be-closed variables are
    /// closed, and leaves the state ready for the next run.
    fn run_main(
        &mut self,
        f: Value,
        args: ChunkArgs,
        nresults: i32,
    ) -> Result<Vec<Value>, RunError> {
        self.start_run();
        let vm = &mut self.vm;
        let func = vm.th.top;
        let depth = vm.th.frames.len();
        // The function is on the stack (safe from the collector) before the arguments are
        // fetched: `#arg` may run a metamethod.
        let fv = f.to_raw(vm);
        if let Err(e) = vm.check_stack(1).and_then(|()| vm.push(fv)) {
            return Err(host_error(vm, e, func));
        }
        let pushed = match args {
            ChunkArgs::Values(vals) => (|| -> Result<(), Exc> {
                vm.check_stack(vals.len())?;
                for a in &vals {
                    let v = a.to_raw(vm);
                    vm.push(v)?;
                }
                Ok(())
            })(),
            ChunkArgs::FromArgTable => push_arg_table(vm),
        };
        if let Err(e) = pushed {
            return Err(host_error(vm, e, func));
        }
        let r = vm.call_at(func, nresults);
        let _ = vm.out.flush();
        match r {
            Ok(()) => {
                let raw = vm.th.stack[func..vm.th.top].to_vec();
                let out = raw.into_iter().map(|v| Value::from_raw(vm, v)).collect();
                vm.th.top = func;
                Ok(out)
            }
            Err(e) => {
                let v = match e.get() {
                    Thrown::Error(v) => v,
                    Thrown::Yield => vm.str(b"attempt to yield from outside a coroutine"),
                };
                // lua.c prints a memory error alone: no message handler runs for it.
                let memory = vm.take_memory_error(v);
                let (message, from_tostring) = error_message(vm, v);
                let tb = vm.traceback(None, 0);
                // (An object's `__tostring` words are lua.c's whole message.)
                let traceback =
                    (!memory && !from_tostring).then(|| String::from_utf8_lossy(&tb).into_owned());
                let mut err = RunError::caught(vm, v, message, traceback);
                // The to-be-closed variables still pending are closed now, as lua.c's
                // protected call closes them: they see what its message handler made of
                // the error (the message with the traceback, or an object's `__tostring`
                // alone), and an error in one of them becomes the run's error. Not after
                // the instruction limit, which ends the run at once.
                if let Some(req) = vm.exit_request {
                    // `os.exit(code, true)`: lua_close closes the main thread's pending
                    // to-be-closed variables first (with no error); an error in one goes
                    // to the next as lua_close's does, and is not reported.
                    if req.close {
                        vm.limit_hit = false;
                        vm.th.truncate_frames(depth);
                        let _ = vm.close_after_error(func, RawValue::NIL, &mut |_, e| e);
                        let _ = vm.out.flush();
                    }
                } else if !vm.limit_hit {
                    let seen = handled(vm, &err, from_tostring);
                    vm.th.truncate_frames(depth);
                    // An error in a handler is handled alike, where it was raised (lua.c's
                    // handler is still in place while they run), and becomes the run's.
                    let mut handle = |vm: &mut Vm, e: RawValue| {
                        let (message, from_tostring) = error_message(vm, e);
                        let tb = vm.traceback(None, 0);
                        let traceback =
                            (!from_tostring).then(|| String::from_utf8_lossy(&tb).into_owned());
                        err = RunError::caught(vm, e, message, traceback);
                        handled(vm, &err, from_tostring)
                    };
                    if let Err(e) = vm.close_after_error(func, seen, &mut handle) {
                        if let Thrown::Error(v) = e.get() {
                            let message = error_message(vm, v).0;
                            err = RunError::caught(vm, v, message, None);
                        }
                    }
                    let _ = vm.out.flush();
                }
                vm.reset_after_error(func);
                Err(err)
            }
        }
    }

    /// What `os.exit` asked for, after a run that ended with it (`exec` returned `Err`):
    /// the host ends the process with `code`, after `close` if `close` is set (to-be-closed
    /// variables were closed already). Without it, as lua5.4's `exit`, no finalizer runs.
    pub fn exit_request(&self) -> Option<crate::shared::os_lib::ExitRequest> {
        self.vm.exit_request
    }

    /// Turns warnings (`warn`) on or off; a new state starts with them off, as lua.c's
    /// (its `-W` turns them on).
    pub fn set_warnings(&mut self, on: bool) {
        self.vm.set_warnings(on);
    }

    /// A full collection (`collectgarbage()`); values only dropped handles held go too.
    pub fn full_gc(&mut self) {
        self.vm.host_refs.reclaim();
        let _ = self.vm.full_gc();
    }

    /// `lua_close`: runs pending finalizers. `Err` if one runs past the instruction limit
    /// (the remaining ones do not run).
    pub fn close(&mut self) -> Result<(), RunError> {
        let r = self.vm.close_state();
        let _ = self.vm.out.flush();
        r.map_err(|e| {
            let v = match e.get() {
                Thrown::Error(v) => v,
                Thrown::Yield => self.vm.str(b"attempt to yield from outside a coroutine"),
            };
            let tb = self.vm.traceback(None, 0);
            let message = error_message(&mut self.vm, v).0;
            let tb = Some(String::from_utf8_lossy(&tb).into_owned());
            let r = RunError::caught(&mut self.vm, v, message, tb);
            self.vm.reset_after_error(0);
            r
        })
    }
}

/// What lua.c's message handler returns for an error: its message with the traceback
/// appended, or the words of the object's `__tostring` alone.
fn handled(vm: &mut Vm, e: &RunError, from_tostring: bool) -> RawValue {
    let mut m = e.message.clone();
    if let (false, Some(tb)) = (from_tostring, &e.traceback) {
        m.push(b'\n');
        m.extend_from_slice(tb.as_bytes());
    }
    vm.str_owned(m)
}

/// How lua.c's message handler words an error object, and whether the words came from the
/// object's `__tostring` (lua.c then adds no traceback).
fn msghandler_tostring(vm: &mut Vm) -> LResult<usize> {
    let v = vm.arg(1);
    let s = vm.tostring(v)?;
    vm.ret1(s)
}

fn error_message(vm: &mut Vm, v: RawValue) -> (Vec<u8>, bool) {
    if let Some(s) = v.as_string() {
        return (s.as_bytes().to_vec(), false);
    }
    if v.is_number() {
        return (vm.tostring_basic(v), false);
    }
    if !vm.metamethod(v, crate::shared::tm::Tm::ToString).is_nil() {
        // Through a native function standing for lua.c's message handler, so that the
        // `__tostring` sees the levels it sees under lua.c (`debug.getinfo(4)` is the code
        // that raised the error, with `error` and the handler between).
        let handler = vm.native("msghandler", msghandler_tostring);
        if let Ok(r) = vm.call_function(handler, &[v]) {
            if let Some(s) = r.first().and_then(|s| s.as_string()) {
                return (s.as_bytes().to_vec(), true);
            }
        }
    }
    let name = v.lua_type().name();
    (
        format!("(error object is a {name} value)").into_bytes(),
        false,
    )
}

impl Lua {
    /// Collector roots held by handles right now (dropped handles are freed at the next
    /// call into the state).
    pub fn handles_in_use(&mut self) -> usize {
        self.vm.host_refs.reclaim();
        self.vm.host_refs.in_use()
    }
}

/// A key only this crate can make: it keeps `LuaState::vm` out of hosts' reach.
pub struct Token(pub(crate) ());

/// What a host can do with a state, from outside (`Lua`) or inside a Rust function that
/// Lua called (`Ctx`). Implemented by those two types only.
pub trait LuaState {
    #[doc(hidden)]
    fn vm(&mut self, token: Token) -> &mut Vm;

    #[doc(hidden)]
    /// Before the host resumes a coroutine: `Lua` gives the run the whole instruction
    /// budget, as for any run it starts.
    fn begin_host_run(&mut self, token: Token) {
        self.vm(token).host_refs.reclaim();
    }

    #[doc(hidden)]
    /// Calls a function value with these arguments.
    fn call_values(&mut self, f: &Value, args: &[Value]) -> Result<Vec<Value>, RunError>;

    #[doc(hidden)]
    /// Runs `op` under protection; an error becomes `Err` and leaves the state usable.
    fn with_vm(
        &mut self,
        op: impl FnOnce(&mut Vm) -> LResult<RawValue>,
    ) -> Result<Value, RunError> {
        let vm = self.vm(Token(()));
        let mut out = RawValue::NIL;
        match vm.protected(|vm| {
            out = op(vm)?;
            Ok(())
        }) {
            Ok(()) => Ok(Value::from_raw(vm, out)),
            Err(e) => Err(error_of(vm, e)),
        }
    }

    /// The table of globals.
    fn globals(&mut self) -> Table {
        let vm = self.vm(Token(()));
        let g = RawValue::from_table(vm.globals());
        Table(vm.host_refs.hold(g))
    }

    /// The registry (`debug.getregistry()`), where a host may keep values of its own.
    fn registry(&mut self) -> Table {
        let vm = self.vm(Token(()));
        let r = RawValue::from_table(vm.registry);
        Table(vm.host_refs.hold(r))
    }

    /// A new empty table.
    fn create_table(&mut self) -> Table {
        let vm = self.vm(Token(()));
        let t = RawValue::from_table(vm.new_table(0, 0));
        Table(vm.host_refs.hold(t))
    }

    /// A Lua string with these bytes.
    fn create_string(&mut self, bytes: &[u8]) -> LuaString {
        let vm = self.vm(Token(()));
        let s = vm.str(bytes);
        LuaString(vm.host_refs.hold(s))
    }

    /// A Lua function that runs `f`: its arguments converted to `A`, its results from `R`.
    /// An `Err` it returns is raised in Lua as an error with that message, and a panic in
    /// it becomes a Lua error too.
    fn create_function<A, R, F>(&mut self, f: F) -> Function
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: Fn(&mut Ctx<'_>, A) -> Result<R, RunError> + 'static,
    {
        let vm = self.vm(Token(()));
        callback::create(vm, f)
    }

    /// A userdata holding `value`, with the methods, fields and metamethods its
    /// [`UserData`] implementation registers. `value` is dropped when the userdata is
    /// collected.
    fn create_userdata<T: UserData>(&mut self, value: T) -> AnyUserData {
        userdata::create(self, value)
    }

    /// A full userdata holding any `value`, without a metatable: give it one
    /// (`AnyUserData::set_metatable`), and read it back with `AnyUserData::with` or
    /// `AnyUserData::borrow`. `value` is dropped when the userdata is collected.
    fn create_any_userdata<T: 'static>(&mut self, value: T) -> AnyUserData {
        let vm = self.vm(Token(()));
        callback::userdata(vm, value)
    }

    /// A new coroutine that runs `f` when first resumed (`coroutine.create`); drive it
    /// with [`Thread::resume`].
    fn create_thread(&mut self, f: Function) -> Thread {
        thread::create(self, &f)
    }

    /// A global, converted to `T`.
    fn get_global<T: FromLua>(&mut self, name: &str) -> Result<T, RunError> {
        let g = self.globals();
        g.get(self, name)
    }

    /// Sets a global.
    fn set_global<T: IntoLua>(&mut self, name: &str, value: T) -> Result<(), RunError> {
        let g = self.globals();
        g.set(self, name, value)
    }

    /// A chunk of Lua source (or a binary chunk) to run, evaluate or make a function of.
    fn load<'a>(&'a mut self, src: impl AsRef<[u8]>) -> Chunk<'a, Self> {
        Chunk {
            lua: self,
            src: src.as_ref().to_vec(),
            name: None,
            mode: b"bt",
        }
    }
}

impl LuaState for Lua {
    fn vm(&mut self, _: Token) -> &mut Vm {
        &mut self.vm
    }

    fn begin_host_run(&mut self, _: Token) {
        self.start_run();
    }

    fn call_values(&mut self, f: &Value, args: &[Value]) -> Result<Vec<Value>, RunError> {
        self.run_main(f.clone(), ChunkArgs::Values(args.to_vec()), -1)
    }
}

/// The state as a Rust function that Lua called sees it.
pub struct Ctx<'a> {
    pub(crate) vm: &'a mut Vm,
}

impl LuaState for Ctx<'_> {
    fn vm(&mut self, _: Token) -> &mut Vm {
        self.vm
    }

    fn call_values(&mut self, f: &Value, args: &[Value]) -> Result<Vec<Value>, RunError> {
        let vm = &mut *self.vm;
        let mut out = Vec::new();
        let r = vm.protected(|vm| {
            let fv = f.to_raw(vm);
            let raw: Vec<RawValue> = args.iter().map(|a| a.to_raw(vm)).collect();
            out = vm.call_function(fv, &raw)?;
            Ok(())
        });
        match r {
            Ok(()) => Ok(out.into_iter().map(|v| Value::from_raw(vm, v)).collect()),
            Err(e) => Err(error_of(vm, e)),
        }
    }
}

/// The message of an error caught by `protected` (`None`: the instruction limit or a
/// yield across the host).
fn error_of(vm: &mut Vm, e: Option<Exc>) -> RunError {
    match e.map(Exc::get) {
        Some(Thrown::Error(v)) => {
            let message = error_message(vm, v).0;
            RunError::caught(vm, v, message, None)
        }
        Some(Thrown::Yield) => RunError::new("attempt to yield across a host call"),
        None => RunError::new("error"),
    }
}

/// A chunk to run (`LuaState::load`).
pub struct Chunk<'a, L: LuaState + ?Sized> {
    lua: &'a mut L,
    src: Vec<u8>,
    name: Option<Vec<u8>>,
    mode: &'static [u8],
}

impl<L: LuaState + ?Sized> Chunk<'_, L> {
    /// The chunk's name in messages: "=name" as is, "@file" as a file, otherwise
    /// `[string "..."]` (the default is the source itself, as `load` does).
    pub fn set_name(mut self, name: impl AsRef<[u8]>) -> Self {
        self.name = Some(name.as_ref().to_vec());
        self
    }

    /// Which chunks `load` accepts, as its `mode`: "t" (text), "b" (binary, from
    /// `string.dump`; checked by the verifier) or "bt" (either, the default).
    pub fn set_mode(mut self, mode: &str) -> Self {
        self.mode = match mode {
            "t" => b"t",
            "b" => b"b",
            _ => b"bt",
        };
        self
    }

    /// The chunk as a function, compiled but not run.
    pub fn into_function(self) -> Result<Function, RunError> {
        let Chunk {
            lua,
            src,
            name,
            mode,
        } = self;
        compile(lua, &src, name.as_deref(), mode)
    }

    /// Runs the chunk.
    pub fn exec(self) -> Result<(), RunError> {
        let Chunk {
            lua,
            src,
            name,
            mode,
        } = self;
        let f = compile(lua, &src, name.as_deref(), mode)?;
        lua.call_values(&Value::Function(f), &[])?;
        Ok(())
    }

    /// Runs the chunk and converts what it returns; an expression is evaluated
    /// (`1 + 1` gives 2), as the REPL does.
    pub fn eval<R: FromLuaMulti>(self) -> Result<R, RunError> {
        let Chunk {
            lua,
            src,
            name,
            mode,
        } = self;
        let name = name.unwrap_or_else(|| src.clone());
        let mut expr = b"return ".to_vec();
        expr.extend_from_slice(&src);
        let f = match compile(lua, &expr, Some(&name), b"t") {
            Ok(f) => f,
            Err(_) => compile(lua, &src, Some(&name), mode)?,
        };
        let results = lua.call_values(&Value::Function(f), &[])?;
        R::from_lua_multi(results, lua).map_err(RunError::not_an_argument)
    }
}

fn compile<L: LuaState + ?Sized>(
    lua: &mut L,
    src: &[u8],
    name: Option<&[u8]>,
    mode: &[u8],
) -> Result<Function, RunError> {
    let vm = lua.vm(Token(()));
    vm.host_refs.reclaim();
    let f = vm
        .load_chunk(src, name.unwrap_or(src), mode, None)
        .map_err(RunError::new)?;
    Ok(Function(vm.host_refs.hold(f)))
}
/// Where the `...` of a main chunk come from.
enum ChunkArgs {
    Values(Vec<Value>),
    /// lua.c's `pushargs`: the global `arg`'s entries 1 to `#arg`.
    FromArgTable,
}

/// `pushargs`: pushes `arg[1]`..`arg[#arg]` (raw reads; `#` may use `__len`).
fn push_arg_table(vm: &mut Vm) -> Result<(), Exc> {
    let t = vm.globals.get(vm.str(b"arg"));
    let Some(table) = t.as_table() else {
        return Err(vm.error_str(b"'arg' is not a table"));
    };
    let n = vm.len(t)?;
    let Some(n) = vm.to_integer(n).filter(|_| n.is_number()) else {
        return Err(vm.error_str(b"object length is not an integer"));
    };
    let n = usize::try_from(n).unwrap_or(0);
    if n >= crate::shared::limits::MAX_STACK {
        return Err(vm.error_str(b"stack overflow (too many arguments to script)"));
    }
    vm.check_stack(n)?;
    for i in 1..=n {
        let v = table.get_int(i as i64);
        vm.push(v)?;
    }
    Ok(())
}

/// An error raised by the host's own steps around a chunk (lua.c's `pmain`, which has no
/// message handler): the message alone, and the stack as it was.
fn host_error(vm: &mut Vm, e: Exc, top: usize) -> RunError {
    let message = match e.get() {
        Thrown::Error(v) => error_message(vm, v).0,
        Thrown::Yield => b"attempt to yield from outside a coroutine".to_vec(),
    };
    vm.reset_after_error(top);
    RunError::new(message)
}
