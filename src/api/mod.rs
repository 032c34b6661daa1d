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
        let f = self
            .vm
            .load_chunk(src, chunkname, b"bt", None)
            .map_err(|m| RunError {
                message: m,
                traceback: None,
            })?;
        let vm = &mut self.vm;
        let func = vm.th.top;
        let depth = vm.th.frames.len();
        let r = (|| -> Result<(), Exc> {
            vm.check_stack(args.len() + 1)?;
            vm.push(f)?;
            for a in &args {
                let s = vm.str(a);
                vm.push(s)?;
            }
            vm.call_at(func, 0)
        })();
        let _ = vm.out.flush();
        match r {
            Ok(()) => Ok(()),
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
                    traceback: (!memory).then(|| String::from_utf8_lossy(&tb).into_owned()),
                };
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
                        let _ = vm.close_after_error(func, Value::NIL, &mut |_, e| e);
                        let _ = vm.out.flush();
                    }
                } else if !vm.limit_hit {
                    let seen = handled(vm, &err, from_tostring);
                    vm.th.truncate_frames(depth);
                    // An error in a handler is handled alike, where it was raised (lua.c's
                    // handler is still in place while they run), and becomes the run's.
                    let mut handle = |vm: &mut Vm, e: Value| {
                        let (message, from_tostring) = error_message(vm, e);
                        let tb = vm.traceback(None, 0);
                        err = RunError {
                            message,
                            traceback: Some(String::from_utf8_lossy(&tb).into_owned()),
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
