//! The engine's global state: heap, registry, globals, per-type metatables, the running
//! thread, and the helpers native functions use to read arguments and raise errors.

use crate::shared::limits::HOST_C_CALLS;
use std::io::Write;

use crate::gc::{Gc, Heap};
use crate::shared::tm::Tm;
use crate::vm::error::{Exc, LResult};
use crate::vm::function::{NativeClosure, NativeFn, Special};
use crate::vm::object::LuaType;
use crate::vm::table::Table;
use crate::vm::thread::{Thread, ThreadState};
use crate::vm::value::Value;

/// Instructions between two looks at the interrupt flag (`Vm::set_interrupt_flag`).
pub(crate) const INTERRUPT_SLICE: u64 = 1 << 16;

pub struct Vm {
    pub heap: Heap,
    pub(crate) registry: Gc<Table>,
    pub(crate) globals: Gc<Table>,
    pub(crate) type_mt: [Option<Gc<Table>>; 9],
    pub(crate) main_thread: Gc<Thread>,
    /// The running thread, and its state: held here rather than in the thread object, so
    /// the interpreter reaches it directly and the borrow checker sees every access. The
    /// other threads' states are parked in their objects; `switch_to` swaps them.
    pub(crate) cur: Gc<Thread>,
    pub(crate) th: ThreadState,
    pub(crate) tm_names: Vec<Value>,
    /// "not enough memory", made in advance (`memory`), and whether it is the error now
    /// propagating.
    pub(crate) mem_err_msg: Value,
    pub(crate) mem_error_raised: bool,
    /// "not enough memory" errors raised so far (`Lua::memory_errors`).
    pub(crate) memory_errors: u64,
    /// Values the embedding API's handles hold on to (roots).
    pub(crate) host_refs: crate::api::HostRefs,
    /// Instructions left before the limit error. The interpreter counts them where control
    /// can come back (a backward jump counts the loop's length, a Lua call one), not before
    /// every instruction (papers/performance.md, step 1).
    pub(crate) instruction_budget: u64,
    /// The opcode handlers the threaded interpreter runs: a copy of the real ones, or
    /// (while a hook is set, or after the limit error) of a table whose every entry is the
    /// trap (`trap_step`), as lua5.4 folds hooks into `trap`. Held in the state itself, so
    /// `next!` indexes it from the state's address, which every handler has in a register:
    /// no load of a table's address (papers/performance.md, `s7inline`). Turned on by
    /// `set_trap`; the trap turns it off again when it finds nothing to do.
    #[cfg(not(match_dispatch))]
    pub(crate) dispatch: [crate::vm::dispatch::Handler; 128],
    /// Whether the trap is on (`dispatch` holds the trap's table); the `match` loop
    /// tests this flag before every instruction instead.
    pub(crate) trap_on: bool,
    /// What a counting point that took the slow path (`budget_point`) has to pay.
    pub(crate) budget_due: u64,
    /// The budget's starting point: instructions executed so far plus the limit.
    pub(crate) instruction_total: u64,
    /// Library work charged to the budget (`charge`): spent from it, but not instructions.
    pub(crate) charged: u64,
    /// With an interrupt flag, the budget is handed out in slices of `INTERRUPT_SLICE`:
    /// the rest waits here, and the flag is read each time a slice runs out
    /// (`refill_budget`). Zero without a flag, so the interpreter's one test stays the
    /// only cost.
    pub(crate) budget_reserve: u64,
    /// Set by another thread (a Ctrl-C handler) to stop the running code with lua.c's
    /// catchable "interrupted!" error at the next slice boundary.
    pub(crate) interrupt: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    /// While any thread has a hook: the instruction budget, parked here so that the
    /// visible one is 0 and every instruction takes the slow path (`vm::hook`).
    pub(crate) trap_budget: u64,
    pub(crate) hook_trap: bool,
    /// While a call or return hook runs: the hooked frame's index and the values it
    /// passes (`getinfo`'s 'r': first slot, count).
    pub(crate) hook_transfer: Option<(usize, i64, i64)>,
    pub(crate) n_ccalls: u32,
    /// Values passed to the pending yield (one yield is in flight at a time; kept here
    /// rather than in the thread state so that a switch has less to move).
    pub(crate) nyield: usize,
    pub(crate) out: Box<dyn Write>,
    /// `warn("@on")` state, and a partial warning being assembled.
    pub(crate) warn_on: bool,
    pub(crate) warn_buf: Option<Vec<u8>>,
    /// The collector is running finalizers (no nested collection starts meanwhile).
    pub(crate) in_gc: bool,
    /// Set when the instruction limit was hit, or `os.exit` was called: the error is not
    /// catchable by pcall.
    pub(crate) limit_hit: bool,
    /// The error propagating is lua5.4's `LUA_ERRERR` ("error in error handling": C levels
    /// far past the limit, or a stack overflow while handling one): no message handler
    /// runs for it. Cleared where it is caught.
    pub(crate) errerr: bool,
    /// `lua_close` has begun: objects given a `__gc` metatable from now on are not
    /// finalized (lgc.c's `GCSTPCLS`).
    pub(crate) closing: bool,
    /// `os.exit`'s request, for the host (`api::Lua::exit_request`).
    pub(crate) exit_request: Option<crate::shared::os_lib::ExitRequest>,
    /// The frame depth at which the innermost running interpreter returns (`execute`).
    pub(crate) stop: usize,
    /// The collector's marking state, kept across incremental steps.
    pub(crate) marker: crate::gc::collect::Marker,
    /// What the cycle under way has freed so far.
    pub(crate) cycle_freed: crate::gc::collect::CycleFreed,
    /// A byte buffer the string library builds results in (`take_buf`/`give_buf`), so
    /// `string.format` and friends do not allocate and grow a fresh one per call.
    pub(crate) str_buf: Vec<u8>,
    /// The upvalues of the closure `new_closure` is making, gathered before the one
    /// allocation that holds them (kept to reuse its buffer).
    pub(crate) closure_ups: Vec<Gc<crate::vm::function::UpVal>>,
    /// The patterns the string library matched lately, read into byte sets
    /// (`shared::pattern::PatternCache`).
    pub(crate) pattern_cache: crate::shared::pattern::PatternCache,
}

impl Vm {
    /// A fresh state with no libraries opened.
    pub fn bare(out: Box<dyn Write>) -> Vm {
        let heap = Heap::new();
        let registry = heap.alloc_table(0, 2);
        let globals = heap.alloc_table(0, 64);
        let main_thread = heap.alloc(Thread::new(0));
        let mut th = main_thread.take_state();
        th.status = crate::vm::thread::CoStatus::Running;
        th.started = true;
        let tm_names = Tm::ALL
            .iter()
            .map(|tm| heap.str_value(tm.name().as_bytes()))
            .collect();
        let mem_err_msg = heap.str_value(b"not enough memory");
        let vm = Vm {
            heap,
            registry,
            globals,
            type_mt: [None; 9],
            main_thread,
            cur: main_thread,
            th,
            tm_names,
            mem_err_msg,
            mem_error_raised: false,
            memory_errors: 0,
            host_refs: Default::default(),
            instruction_budget: u64::MAX,
            #[cfg(not(match_dispatch))]
            dispatch: *crate::vm::ops::handler_table(false),
            trap_on: false,
            budget_due: 0,
            instruction_total: u64::MAX,
            charged: 0,
            budget_reserve: 0,
            interrupt: None,
            trap_budget: 0,
            hook_trap: false,
            hook_transfer: None,
            // The host's own protected call (lua.c's of `pmain`); running a chunk takes
            // the next level (`limits::HOST_C_CALLS`).
            n_ccalls: HOST_C_CALLS - 1,
            nyield: 0,
            out,
            warn_on: false,
            warn_buf: None,
            in_gc: false,
            limit_hit: false,
            errerr: false,
            closing: false,
            exit_request: None,
            stop: 0,
            marker: Default::default(),
            cycle_freed: Default::default(),
            str_buf: Vec::new(),
            closure_ups: Vec::new(),
            pattern_cache: Default::default(),
        };
        registry.set_int(&vm.heap, 1, Value::from_thread(main_thread));
        registry.set_int(&vm.heap, 2, Value::from_table(globals));
        vm
    }

    /// Makes `t` the running thread: parks the running thread's state in its object and
    /// takes `t`'s. Returns the thread that was running, for `switch_back`.
    pub(crate) fn switch_to(&mut self, t: Gc<Thread>) -> Gc<Thread> {
        let prev = self.cur;
        debug_assert!(t != prev, "switching to the running thread");
        Thread::rotate(&mut self.th, &prev, &t);
        self.cur = t;
        prev
    }

    /// Undoes `switch_to`: `prev` runs again, and the thread that ran parks its state.
    pub(crate) fn switch_back(&mut self, prev: Gc<Thread>) {
        self.switch_to(prev);
    }

    /// Bytecode instructions executed so far.
    pub fn instructions(&self) -> u64 {
        self.instruction_total - self.work_left() - self.charged
    }

    /// Raise an error after `limit` more instructions (`None`: no limit).
    pub fn set_instruction_limit(&mut self, limit: Option<u64>) {
        let done = self.instructions();
        let budget = limit.unwrap_or(u64::MAX - done - self.charged);
        self.instruction_total = done + self.charged + budget;
        self.set_budget_left(budget);
    }

    /// Lets another thread stop the running code: when `flag` is found set (it is read
    /// every `INTERRUPT_SLICE` instructions), it is cleared and the code raises lua.c's
    /// "interrupted!" error, which `pcall` catches. Library functions are not
    /// interrupted, as lua5.4's hook does not interrupt them. `None` removes the flag.
    pub fn set_interrupt_flag(
        &mut self,
        flag: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    ) {
        let left = self.work_left();
        self.interrupt = flag;
        self.set_budget_left(left);
    }

    /// Places what is left of the budget: all of it parked in `trap_budget` while a hook
    /// is set (the visible budget 0), else split into the running slice and the reserve.
    pub(crate) fn set_budget_left(&mut self, left: u64) {
        self.set_trap(self.hook_trap || self.limit_hit);
        if self.hook_trap {
            self.instruction_budget = 0;
            self.budget_reserve = 0;
            self.trap_budget = left;
            return;
        }
        let slice = if self.interrupt.is_some() {
            left.min(INTERRUPT_SLICE)
        } else {
            left
        };
        self.instruction_budget = slice;
        self.budget_reserve = left - slice;
        self.trap_budget = 0;
    }

    /// Makes the interpreter run `trap_step` before every instruction (`on`), or not.
    #[inline]
    pub(crate) fn set_trap(&mut self, on: bool) {
        if on == self.trap_on {
            return;
        }
        self.trap_on = on;
        #[cfg(not(match_dispatch))]
        {
            self.dispatch = *crate::vm::ops::handler_table(on);
        }
    }

    /// The trap, before an instruction (the running frame's saved pc just past it): the
    /// hooks and the exact per-instruction count while a hook is set (`hook_step`), the
    /// limit error after the limit was hit; else the trap turns itself off.
    #[cold]
    pub(crate) fn trap_step(&mut self) -> LResult<()> {
        if self.hook_trap {
            return self.hook_step();
        }
        if self.limit_hit && self.work_left() == 0 {
            return Err(self.limit_error());
        }
        self.set_trap(false);
        Ok(())
    }

    /// A counting point (a backward jump, a Lua call) found fewer than `n` instructions
    /// in the running slice: nothing to do under a hook (the trap counts every
    /// instruction), else the next slices pay (reading the interrupt flag), or the limit
    /// error.
    #[cold]
    #[inline(never)]
    pub(crate) fn budget_point_slow(&mut self, mut n: u64) -> LResult<()> {
        if self.hook_trap {
            return Ok(());
        }
        while n > self.instruction_budget {
            n -= self.instruction_budget;
            self.instruction_budget = 0;
            self.refill_budget()?;
        }
        self.instruction_budget -= n;
        Ok(())
    }

    /// The running slice is used up: the next one from the reserve, unless the reserve is
    /// empty (the limit error) or the interrupt flag is set ("interrupted!", positioned as
    /// `luaL_error` in lua.c's hook positions it: at the caller of the running function).
    #[cold]
    pub(crate) fn refill_budget(&mut self) -> LResult<()> {
        if self.budget_reserve == 0 {
            return Err(self.limit_error());
        }
        self.set_budget_left(self.budget_reserve);
        if self.interrupted() {
            return Err(self.lib_error("interrupted!"));
        }
        Ok(())
    }

    /// Whether the interrupt flag was set (and clears it).
    pub(crate) fn interrupted(&self) -> bool {
        self.interrupt
            .as_ref()
            .is_some_and(|f| f.swap(false, std::sync::atomic::Ordering::SeqCst))
    }

    /// Charges `n` units of library work (elements moved, bytes made, comparisons) to the
    /// instruction budget, so that a limit bounds one long library call as it bounds a loop:
    /// the limit error when the budget cannot cover it.
    #[inline]
    pub(crate) fn charge(&mut self, n: u64) -> LResult<()> {
        if n > self.instruction_budget {
            return self.charge_slow(n);
        }
        self.instruction_budget -= n;
        self.charged += n;
        Ok(())
    }

    /// Bytes a library function makes or copies, charged in units of 64 (`charge`), so a
    /// limit bounds a call that builds or scans a huge string.
    #[inline]
    pub(crate) fn charge_bytes(&mut self, n: u128) -> LResult<()> {
        self.charge(u64::try_from(n / 64).unwrap_or(u64::MAX))
    }

    /// `charge` past the running slice: the reserve pays (no interrupt check: library
    /// calls run to their end, as in lua5.4), or the limit error.
    #[cold]
    fn charge_slow(&mut self, n: u64) -> LResult<()> {
        let left = self.work_left();
        if n > left {
            self.charged += left;
            self.set_budget_left(0);
            return Err(self.limit_error());
        }
        self.charged += n;
        self.set_budget_left(left - n);
        Ok(())
    }

    /// Library work still allowed (for helpers that count their own steps, such as the
    /// pattern matcher), and `work_done` records where such a helper left it.
    #[inline]
    pub(crate) fn work_left(&self) -> u64 {
        // (While a hook is set, `trap_budget` holds all of it; see `set_budget_left`.)
        self.instruction_budget + self.budget_reserve + self.trap_budget
    }

    #[inline]
    pub(crate) fn work_done(&mut self, left: u64) {
        self.charged += self.work_left() - left;
        self.set_budget_left(left);
    }

    #[inline(always)]
    pub fn tm_name(&self, tm: Tm) -> Value {
        self.tm_names[tm as usize]
    }

    pub fn globals(&self) -> Gc<Table> {
        self.globals
    }

    pub fn new_table(&self, narray: usize, nhash: usize) -> Gc<Table> {
        self.heap.alloc_table(narray, nhash)
    }

    /// A string value made from a buffer the caller is done with (long strings keep it
    /// instead of copying it).
    pub fn str_owned(&self, bytes: Vec<u8>) -> Value {
        Value::from_string(self.heap.new_string_owned(bytes))
    }

    /// The string library's reusable buffer, empty (a fresh one while it is taken, as
    /// when `__tostring` inside `string.format` formats again).
    pub(crate) fn take_buf(&mut self) -> Vec<u8> {
        let mut b = std::mem::take(&mut self.str_buf);
        b.clear();
        b
    }

    /// The string made of `buf`'s bytes (interned if short, copied once), handing the
    /// buffer back for the next call unless it grew large.
    pub(crate) fn str_from_buf(&mut self, buf: Vec<u8>) -> Value {
        const KEEP: usize = 4096;
        if buf.capacity() > KEEP {
            return self.str_owned(buf);
        }
        let v = self.str(&buf);
        self.str_buf = buf;
        v
    }

    pub fn str(&self, bytes: &[u8]) -> Value {
        self.heap.str_value(bytes)
    }

    pub fn native(&self, name: &'static str, f: NativeFn) -> Value {
        self.native_with(name, f, Vec::new(), Special::None)
    }

    pub fn native_with(
        &self,
        name: &'static str,
        f: NativeFn,
        upvals: Vec<Value>,
        special: Special,
    ) -> Value {
        let c = self.heap.alloc(NativeClosure {
            f,
            name,
            upvals: upvals.into_iter().map(std::cell::Cell::new).collect(),
            special,
        });
        Value::from_native(c)
    }

    /// Sets a global (raw).
    pub fn set_global(&mut self, name: &str, v: Value) {
        let k = self.str(name.as_bytes());
        self.globals.set(&self.heap, k, v).expect("string key");
    }

    /// The metatable of any value.
    #[inline]
    pub fn metatable_of(&self, v: Value) -> Option<Gc<Table>> {
        if let Some(t) = v.as_table() {
            return t.metatable.get();
        }
        if let Some(u) = v.as_userdata() {
            return u.metatable.get();
        }
        self.type_mt[v.lua_type().index()]
    }

    // ---------------------------------------------------------------- native helpers

    /// Arguments of the running native function.
    #[inline]
    pub fn nargs(&self) -> usize {
        let th = &self.th;
        th.top - th.frames.last().expect("in a call").base
    }

    /// The native's arguments, from one look at its frame (`arg` looks again each time).
    #[inline]
    pub fn args(&self) -> &[Value] {
        let th = &self.th;
        let base = th.frames.last().expect("in a call").base;
        &th.stack[base..th.top]
    }

    /// Argument `i` (1-based), nil when absent.
    #[inline]
    pub fn arg(&self, i: usize) -> Value {
        let th = &self.th;
        let base = th.frames.last().expect("in a call").base;
        if base + i - 1 < th.top {
            th.stack[base + i - 1]
        } else {
            Value::NIL
        }
    }

    /// Overwrites argument `i` (1-based, must exist).
    pub fn set_arg(&mut self, i: usize, v: Value) {
        let th = &mut self.th;
        let base = th.frames.last().expect("in a call").base;
        th.stack[base + i - 1] = v;
    }

    /// Pushes a value on the running thread's stack (a native's result or scratch slot).
    #[inline]
    pub fn push(&mut self, v: Value) -> LResult<()> {
        let th = &mut self.th;
        if th.top >= th.stack.len() && th.ensure(1).is_err() {
            return Err(self.stack_overflow());
        }
        th.stack[th.top] = v;
        th.top += 1;
        Ok(())
    }

    /// `lua_checkstack`: whether `n` more values fit, without raising or taking the
    /// error zone (`table.unpack`, `coroutine.resume` answer "too many results").
    pub fn has_room(&mut self, n: usize) -> bool {
        self.th.try_ensure(n)
    }

    /// `luaL_checkstack`: room for `n` more values (slots already allocated in the error
    /// zone count, as lua5.4's `stack_last` does), or the library error
    /// "stack overflow (`msg`)".
    pub fn check_stack_for(&mut self, n: usize, msg: &str) -> LResult<()> {
        if self.th.ensure(n).is_err() {
            return Err(self.lib_error(&format!("stack overflow ({msg})")));
        }
        Ok(())
    }

    /// Makes sure `n` more values can be pushed ("stack overflow" otherwise).
    pub fn check_stack(&mut self, n: usize) -> LResult<()> {
        if self.th.ensure(n).is_err() {
            return Err(self.stack_overflow());
        }
        Ok(())
    }

    /// Returns one value from a native.
    #[inline]
    pub fn ret1(&mut self, v: Value) -> LResult<usize> {
        self.push(v)?;
        Ok(1)
    }

    /// The native's upvalue `i` (0-based).
    pub fn upvalue(&self, i: usize) -> Value {
        let th = &self.th;
        let f = th.stack[th.frames.last().expect("in a call").func];
        f.as_native().expect("a native frame").upvals[i].get()
    }

    pub fn set_upvalue(&self, i: usize, v: Value) {
        let th = &self.th;
        let f = th.stack[th.frames.last().expect("in a call").func];
        let c = f.as_native().expect("a native frame");
        c.upvals[i].set(v);
        self.heap.barrier(c.header());
    }

    pub fn type_name(&self, v: Value) -> &'static str {
        v.lua_type().name()
    }

    /// `luaL_typename` extended with `__name` (`luaT_objtypename`).
    pub fn obj_type_name(&self, v: Value) -> Vec<u8> {
        if v.is_table() || v.is_userdata() {
            if let Some(mt) = self.metatable_of(v) {
                if let Some(s) = mt.get(self.tm_name(Tm::Name)).as_string() {
                    return s.as_bytes().to_vec();
                }
            }
        }
        v.lua_type().name().as_bytes().to_vec()
    }

    pub fn lua_type(&self, v: Value) -> LuaType {
        v.lua_type()
    }

    /// An error value that is a string.
    pub fn error_str(&self, msg: &[u8]) -> Exc {
        Exc::Error(self.str(msg))
    }
}

impl Vm {
    /// `lua_warning`: messages go to stderr when warnings are on ("@on"/"@off" control).
    /// Turns warnings on or off, as `warn("@on")` / `warn("@off")` do (lua.c's `-W`).
    pub fn set_warnings(&mut self, on: bool) {
        self.warn_on = on;
    }

    pub fn warning(&mut self, msg: &[u8], tocont: bool) {
        let mut buf = self.warn_buf.take();
        if buf.is_none() && !tocont && msg.first() == Some(&b'@') {
            match msg {
                b"@on" => self.warn_on = true,
                b"@off" => self.warn_on = false,
                _ => {}
            }
            return;
        }
        let b = buf.get_or_insert_with(Vec::new);
        b.extend_from_slice(msg);
        if tocont {
            self.warn_buf = buf;
            return;
        }
        if self.warn_on {
            let mut line = b"Lua warning: ".to_vec();
            line.extend_from_slice(b);
            line.push(b'\n');
            let _ = std::io::stderr().write_all(&line);
        }
    }
}
