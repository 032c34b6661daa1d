//! The embedding API for Rust hosts: a Lua state on the fast engine.
//!
//! ```
//! let mut lua = moonlab::api::Lua::with_output(Box::new(Vec::new()));
//! lua.exec(b"x = 1 + 2", b"=example").unwrap();
//! ```

use std::io::Write;

use crate::vm::error::{Exc, Thrown};
use crate::vm::state::Vm;
use crate::vm::value::Value;

/// An error that ended a run: the message as Lua would print it, and a traceback taken
/// where the error was raised.
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

/// A Lua state on the VM with the standard libraries open.
pub struct Lua {
    pub vm: Vm,
}

impl Default for Lua {
    fn default() -> Self {
        Lua::new()
    }
}

impl Lua {
    pub fn new() -> Self {
        Lua::with_output(Box::new(std::io::stdout()))
    }

    /// A state as `lua -E` makes it: the registry's `LUA_NOENV` is set before the
    /// libraries open, so `package.path` and `package.cpath` ignore `LUA_PATH` and friends.
    pub fn new_without_env() -> Self {
        let mut vm = Vm::bare(Box::new(std::io::stdout()));
        let k = vm.str(crate::shared::package_lib::NOENV_FIELD.as_bytes());
        vm.registry
            .set(&vm.heap, k, Value::TRUE)
            .expect("string key");
        crate::stdlib::open_all(&mut vm);
        Lua { vm }
    }

    /// A state whose `print` and `io.write` go to `out`.
    pub fn with_output(out: Box<dyn Write>) -> Self {
        let mut vm = Vm::bare(out);
        crate::stdlib::open_all(&mut vm);
        Lua { vm }
    }

    /// Ends a run with an error once this many bytecode instructions have executed.
    pub fn set_instruction_limit(&mut self, limit: Option<u64>) {
        self.vm.set_instruction_limit(limit);
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
        self.vm.set_global("arg", Value::from_table(t));
    }

    /// Runs a chunk (text, or a binary chunk from `string.dump`) with `args` as its `...`.
    pub fn exec_with_args(
        &mut self,
        src: &[u8],
        chunkname: &[u8],
        args: Vec<Vec<u8>>,
    ) -> Result<(), RunError> {
        let f = self.load(src, chunkname)?;
        let args = ChunkArgs::Strings(args);
        self.run_main(f, args, 0).map(|_| ())
    }

    /// Runs a script as lua.c's `handle_script` does: its `...` are the global `arg`
    /// table's entries 1 to `#arg` as they are now (code run before may have changed
    /// them). An `arg` that is not a table is an error without a traceback, as in lua.c.
    pub fn exec_script(&mut self, src: &[u8], chunkname: &[u8]) -> Result<(), RunError> {
        let f = self.load(src, chunkname)?;
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
        let f = self.load(src, chunkname)?;
        let func = self.run_main(f, ChunkArgs::Strings(Vec::new()), -1)?;
        let vm = &mut self.vm;
        let results = vm.th.stack[func..vm.th.top].to_vec();
        vm.th.top = func;
        if results.is_empty() {
            return Ok(None);
        }
        let print = vm.globals.get(vm.str(b"print"));
        let mut failed = None;
        if let Err(Some(e)) = vm.protected(|vm| vm.call_function(print, &results).map(|_| ())) {
            // `lua_tostring` of the error: strings and numbers; lua.c prints "(null)"
            // for other values.
            failed = Some(match e.get() {
                Thrown::Error(v) if v.is_string() || v.is_number() => vm.tostring_basic(v),
                _ => b"(null)".to_vec(),
            });
            vm.reset_after_error(func);
        }
        let _ = vm.out.flush();
        Ok(failed)
    }

    /// `global = require(module)`, run as lua.c's `-l` runs it (`dolibrary`).
    pub fn require_into_global(&mut self, global: &[u8], module: &[u8]) -> Result<(), RunError> {
        let vm = &mut self.vm;
        let f = vm.globals.get(vm.str(b"require"));
        let func = self.run_main(f, ChunkArgs::Strings(vec![module.to_vec()]), 1)?;
        let vm = &mut self.vm;
        let v = vm.th.stack[func];
        let k = vm.str(global);
        vm.globals.set(&vm.heap, k, v).expect("string key");
        vm.th.top = func;
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
                Err(RunError {
                    message,
                    traceback: None,
                })
            }
        }
    }

    /// `lua_warning(L, "@on")` (`lua -W`), or `"@off"`.
    pub fn set_warnings(&mut self, on: bool) {
        self.vm.warning(if on { b"@on" } else { b"@off" }, false);
    }

    /// Lets another thread stop the running code: see `Vm::set_interrupt_flag`.
    pub fn set_interrupt_flag(
        &mut self,
        flag: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    ) {
        self.vm.set_interrupt_flag(flag);
    }

    fn load(&mut self, src: &[u8], chunkname: &[u8]) -> Result<Value, RunError> {
        self.vm
            .load_chunk(src, chunkname, b"bt", None)
            .map_err(|m| RunError {
                message: m,
                traceback: None,
            })
    }

    /// Calls the main function `f` of a chunk as lua.c's `docall` does, leaving
    /// `nresults` results (-1: all) from the returned stack position.
    fn run_main(&mut self, f: Value, args: ChunkArgs, nresults: i32) -> Result<usize, RunError> {
        let vm = &mut self.vm;
        let func = vm.th.top;
        let depth = vm.th.frames.len();
        // The function is on the stack (safe from the collector) before the arguments are
        // fetched: `#arg` may run a metamethod.
        if let Err(e) = vm.check_stack(1).and_then(|()| vm.push(f)) {
            return Err(host_error(vm, e, func));
        }
        let pushed = match args {
            ChunkArgs::Strings(args) => (|| -> Result<(), Exc> {
                vm.check_stack(args.len())?;
                for a in &args {
                    let s = vm.str(a);
                    vm.push(s)?;
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
            Ok(()) => Ok(func),
            Err(e) => {
                let v = match e.get() {
                    Thrown::Error(v) => v,
                    Thrown::Yield => vm.str(b"attempt to yield from outside a coroutine"),
                };
                // lua.c prints a memory error alone: no message handler runs for it.
                let memory = vm.take_memory_error(v);
                let (message, from_tostring) = error_message(vm, v);
                let tb = vm.traceback(None, 0);
                let mut err = RunError {
                    message,
                    // (An object's `__tostring` words are lua.c's whole message.)
                    traceback: (!memory && !from_tostring)
                        .then(|| String::from_utf8_lossy(&tb).into_owned()),
                };
                // The to-be-closed variables still pending are closed now, as lua.c's
                // protected call closes them: they see what its message handler made of
                // the error (the message with the traceback, or an object's `__tostring`
                // alone), and an error in one of them becomes the run's error. Not after
                // the instruction limit, which ends the run at once.
                if !vm.limit_hit {
                    let seen = handled(vm, &err, from_tostring);
                    vm.th.truncate_frames(depth);
                    // An error in a handler is handled alike, where it was raised (lua.c's
                    // handler is still in place while they run), and becomes the run's.
                    let mut handle = |vm: &mut Vm, e: Value| {
                        let (message, from_tostring) = error_message(vm, e);
                        let tb = vm.traceback(None, 0);
                        err = RunError {
                            message,
                            traceback: (!from_tostring)
                                .then(|| String::from_utf8_lossy(&tb).into_owned()),
                        };
                        handled(vm, &err, from_tostring)
                    };
                    if let Err(e) = vm.close_after_error(func, seen, &mut handle) {
                        if let Thrown::Error(v) = e.get() {
                            err = RunError {
                                message: error_message(vm, v).0,
                                traceback: None,
                            };
                        }
                    }
                    let _ = vm.out.flush();
                }
                vm.reset_after_error(func);
                Err(err)
            }
        }
    }

    pub fn full_gc(&mut self) {
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
            let r = RunError {
                message: error_message(&mut self.vm, v).0,
                traceback: Some(String::from_utf8_lossy(&tb).into_owned()),
            };
            self.vm.reset_after_error(0);
            r
        })
    }
}

/// What lua.c's message handler returns for an error: its message with the traceback
/// appended, or the words of the object's `__tostring` alone.
fn handled(vm: &mut Vm, e: &RunError, from_tostring: bool) -> Value {
    let mut m = e.message.clone();
    if let (false, Some(tb)) = (from_tostring, &e.traceback) {
        m.push(b'\n');
        m.extend_from_slice(tb.as_bytes());
    }
    vm.str_owned(m)
}

/// How lua.c's message handler words an error object, and whether the words came from the
/// object's `__tostring` (lua.c then adds no traceback).
fn error_message(vm: &mut Vm, v: Value) -> (Vec<u8>, bool) {
    if let Some(s) = v.as_string() {
        return (s.as_bytes().to_vec(), false);
    }
    if v.is_number() {
        return (vm.tostring_basic(v), false);
    }
    if !vm.metamethod(v, crate::shared::tm::Tm::ToString).is_nil() {
        if let Ok(s) = vm.tostring(v) {
            if let Some(s) = s.as_string() {
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

/// Where the `...` of a main chunk come from.
enum ChunkArgs {
    Strings(Vec<Vec<u8>>),
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
    RunError {
        message,
        traceback: None,
    }
}
