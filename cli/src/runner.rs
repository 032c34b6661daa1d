//! What the command line needs from either engine, behind one trait.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// An error that ended a run on either engine (each has its own `RunError` of this shape).
pub struct RunError {
    pub message: Vec<u8>,
    pub traceback: Option<String>,
}

impl From<moonlab::api::RunError> for RunError {
    fn from(e: moonlab::api::RunError) -> Self {
        RunError {
            message: e.message,
            traceback: e.traceback,
        }
    }
}

impl From<moonlab_reference::RunError> for RunError {
    fn from(e: moonlab_reference::RunError) -> Self {
        RunError {
            message: e.message,
            traceback: e.traceback,
        }
    }
}

/// A Lua state on either engine, with the operations lua.c performs on its state.
pub trait Runner {
    /// `dostring`/`dofile`: runs a chunk with no arguments.
    fn exec(&mut self, src: &[u8], chunkname: &[u8]) -> Result<(), RunError>;
    /// `handle_script`: runs a chunk with the global `arg`'s entries as its `...`.
    fn exec_script(&mut self, src: &[u8], chunkname: &[u8]) -> Result<(), RunError>;
    /// The REPL's run: results to the global `print` (`Some`: print's error).
    fn exec_and_print(&mut self, src: &[u8], chunkname: &[u8])
        -> Result<Option<Vec<u8>>, RunError>;
    /// `-l g=mod`.
    fn require_into_global(&mut self, global: &[u8], module: &[u8]) -> Result<(), RunError>;
    /// `luaL_tolstring` of a global, `None` for nil (the REPL's prompts).
    fn global_to_string(&mut self, name: &str) -> Result<Option<Vec<u8>>, RunError>;
    /// Whether the chunk loads (`luaL_loadbuffer` for the REPL): the syntax error if not.
    fn compiles(&self, src: &[u8], chunkname: &[u8]) -> Result<(), Vec<u8>>;
    fn set_arg_table(&mut self, entries: &[(i64, Vec<u8>)]);
    fn set_warnings(&mut self, on: bool);
    fn set_interrupt_flag(&mut self, flag: Arc<AtomicBool>);
    /// `lua_close`: pending finalizers run (`Err`: one ran past the work limit).
    fn close(&mut self) -> Result<(), RunError>;
    /// `--stats` to stderr.
    fn print_stats(&self);
    /// What `os.exit` asked for, once a run ended with it.
    fn exit_request(&self) -> Option<moonlab::shared::os_lib::ExitRequest>;
    /// lua5.4's `luaL_openlibs` seeds `math.random` from the time and an address, so each
    /// run of `lua` draws other numbers; a library state here starts from a fixed seed
    /// (the test harnesses rely on it), and the command line seeds it as `lua` does, with
    /// `math.randomseed()`.
    fn seed_random(&mut self) {
        let _ = self.exec(b"math.randomseed()", b"=(startup)");
    }
}

/// Parses a chunk with the front end both engines share.
fn parses(src: &[u8], chunkname: &[u8], compile: bool) -> Result<(), Vec<u8>> {
    if src.first() == Some(&0x1b) {
        // A binary chunk: the engine's own load says what it makes of it.
        return Ok(());
    }
    let arena = bumpalo::Bump::new();
    let chunk = moonlab::syntax::parse(&arena, src, chunkname).map_err(|e| e.message)?;
    if compile {
        moonlab::compiler::compile(&chunk).map_err(|e| e.message)?;
    }
    Ok(())
}

impl Runner for moonlab::api::Lua {
    fn exit_request(&self) -> Option<moonlab::shared::os_lib::ExitRequest> {
        moonlab::api::Lua::exit_request(self)
    }
    fn exec(&mut self, src: &[u8], chunkname: &[u8]) -> Result<(), RunError> {
        moonlab::api::Lua::exec(self, src, chunkname).map_err(RunError::from)
    }
    fn exec_script(&mut self, src: &[u8], chunkname: &[u8]) -> Result<(), RunError> {
        moonlab::api::Lua::exec_script(self, src, chunkname).map_err(RunError::from)
    }
    fn exec_and_print(
        &mut self,
        src: &[u8],
        chunkname: &[u8],
    ) -> Result<Option<Vec<u8>>, RunError> {
        moonlab::api::Lua::exec_and_print(self, src, chunkname).map_err(RunError::from)
    }
    fn require_into_global(&mut self, global: &[u8], module: &[u8]) -> Result<(), RunError> {
        moonlab::api::Lua::require_into_global(self, global, module).map_err(RunError::from)
    }
    fn global_to_string(&mut self, name: &str) -> Result<Option<Vec<u8>>, RunError> {
        moonlab::api::Lua::global_to_string(self, name).map_err(RunError::from)
    }
    fn compiles(&self, src: &[u8], chunkname: &[u8]) -> Result<(), Vec<u8>> {
        // The VM's load also generates code (whose limits, like the register count, can
        // refuse a chunk that parses).
        parses(src, chunkname, true)
    }
    fn set_arg_table(&mut self, entries: &[(i64, Vec<u8>)]) {
        moonlab::api::Lua::set_arg_table(self, entries)
    }
    fn set_warnings(&mut self, on: bool) {
        moonlab::api::Lua::set_warnings(self, on)
    }
    fn set_interrupt_flag(&mut self, flag: Arc<AtomicBool>) {
        moonlab::api::Lua::set_interrupt_flag(self, Some(flag))
    }
    fn close(&mut self) -> Result<(), RunError> {
        moonlab::api::Lua::close(self).map_err(RunError::from)
    }
    fn print_stats(&self) {
        let s = self.gc_stats();
        eprintln!(
            "instructions: {} ({} dispatch)",
            self.instructions(),
            moonlab::api::DISPATCH
        );
        eprintln!(
            "gc cycles: {} (major {}, minor {})",
            s.cycles, s.major_cycles, s.minor_cycles
        );
        eprintln!(
            "gc pauses: {} (total {:.3} ms, max {:.3} ms)",
            s.pauses,
            s.pause_total_ns as f64 / 1e6,
            s.pause_max_ns as f64 / 1e6
        );
        eprintln!("write barriers (slow path): {}", s.barriers);
        eprintln!("objects allocated: {}", s.objects_allocated);
        eprintln!("objects freed: {}", s.objects_freed);
        eprintln!("bytes allocated: {}", s.bytes_allocated_total);
        eprintln!("bytes freed: {}", s.bytes_freed_total);
        eprintln!("bytes in use: {}", self.bytes_in_use());
        eprintln!("finalizers run: {}", s.finalizers_run);
        eprintln!("weak entries cleared: {}", s.weak_entries_cleared);
        eprintln!("objects resurrected: {}", s.objects_resurrected);
        let live: Vec<String> = self
            .live_objects()
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        eprintln!("live objects: {}", live.join(", "));
    }
}

impl Runner for moonlab_reference::Lua {
    fn exit_request(&self) -> Option<moonlab::shared::os_lib::ExitRequest> {
        moonlab_reference::Lua::exit_request(self)
    }
    fn exec(&mut self, src: &[u8], chunkname: &[u8]) -> Result<(), RunError> {
        moonlab_reference::Lua::exec(self, src, chunkname).map_err(RunError::from)
    }
    fn exec_script(&mut self, src: &[u8], chunkname: &[u8]) -> Result<(), RunError> {
        moonlab_reference::Lua::exec_script(self, src, chunkname).map_err(RunError::from)
    }
    fn exec_and_print(
        &mut self,
        src: &[u8],
        chunkname: &[u8],
    ) -> Result<Option<Vec<u8>>, RunError> {
        moonlab_reference::Lua::exec_and_print(self, src, chunkname).map_err(RunError::from)
    }
    fn require_into_global(&mut self, global: &[u8], module: &[u8]) -> Result<(), RunError> {
        moonlab_reference::Lua::require_into_global(self, global, module).map_err(RunError::from)
    }
    fn global_to_string(&mut self, name: &str) -> Result<Option<Vec<u8>>, RunError> {
        moonlab_reference::Lua::global_to_string(self, name).map_err(RunError::from)
    }
    fn compiles(&self, src: &[u8], chunkname: &[u8]) -> Result<(), Vec<u8>> {
        parses(src, chunkname, false)
    }
    fn set_arg_table(&mut self, entries: &[(i64, Vec<u8>)]) {
        moonlab_reference::Lua::set_arg_table(self, entries)
    }
    fn set_warnings(&mut self, on: bool) {
        moonlab_reference::Lua::set_warnings(self, on)
    }
    fn set_interrupt_flag(&mut self, flag: Arc<AtomicBool>) {
        moonlab_reference::Lua::set_interrupt_flag(self, Some(flag))
    }
    fn close(&mut self) -> Result<(), RunError> {
        moonlab_reference::Lua::close(self).map_err(RunError::from)
    }
    /// `--stats` reports the VM's counters; the reference has none to report.
    fn print_stats(&self) {}
}
