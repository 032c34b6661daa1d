//! Calls and returns (ldo.c): entering Lua and native functions, `__call`, tail calls,
//! varargs, closures and upvalues, to-be-closed variables, `pcall`/`xpcall` frames, error
//! recovery, and calling Lua from native code.

use std::rc::Rc;

use crate::gc::Gc;
use crate::shared::limits::{MAX_C_CALLS, MAX_C_CALLS_HANDLING, MAX_FRAMES, MIN_STACK};
use crate::shared::tm::Tm;
use crate::vm::error::{Exc, LResult, Thrown};
use crate::vm::function::{FuncProto, LuaClosure, NativeFn, Special, UpVal};
use crate::vm::state::Vm;
use crate::vm::thread::{cist, CallInfo, ThreadState};
use crate::vm::value::Value;

/// What starting a call left to do. An enum one word wide rather than a `bool`, so that
/// `LResult<Callee>` comes back in registers (see `error.rs`): the threaded handlers that
/// call `precall` must not keep results in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub(crate) enum Callee {
    /// A native ran to completion; its results are in place.
    Done,
    /// A Lua frame was pushed: the caller runs it.
    Lua,
}

/// Values one instruction or one native call may copy before the copying is charged to
/// the instruction budget (`Vm::charge`) like library work.
const COPY_FREE: usize = 16;

impl Vm {
    /// Starts a call of the value at `func` with the arguments up to `top`. A Lua function
    /// gets a frame (`Callee::Lua`: the caller runs it); a native runs to completion here,
    /// its results placed from `func` (`Callee::Done`).
    pub(crate) fn precall(&mut self, mut func: usize, nresults: i32) -> LResult<Callee> {
        loop {
            let th = &mut self.th;
            let fv = th.stack[func];
            if let Some(cl) = fv.as_lua_closure() {
                let p = &cl.proto.p;
                let nargs = th.top - func - 1;
                let fsize = p.max_stack as usize;
                let np = p.num_params as usize;
                if th.frames_full() {
                    return Err(self.stack_overflow());
                }
                if th.ensure(fsize + np + 1).is_err() {
                    return Err(self.stack_overflow());
                }
                for j in nargs..np {
                    th.stack[func + 1 + j] = Value::NIL;
                }
                th.top = func + 1 + nargs.max(np);
                th.push_frame(CallInfo::lua(
                    func,
                    func + 1 + fsize,
                    nresults,
                    cl.proto.code_ptr(),
                ));
                return Ok(Callee::Lua);
            }
            if let Some(nc) = fv.as_native() {
                match nc.special {
                    Special::Pcall => return self.pcall_setup(func, nresults, false),
                    Special::Xpcall => return self.pcall_setup(func, nresults, true),
                    Special::None => {}
                }
                return self.call_native(func, nresults, nc.f);
            }
            func = self.insert_call_tm(func)?;
        }
    }

    /// `precall` for CALL's slow path and the calls of generic-for iterators, which are
    /// mostly natives (CALL's fast path takes the Lua functions): a plain native goes
    /// straight to `call_native`, in a function that saves no registers of its own
    /// (coroutine switches are native calls: `resume`, `yield`, a `wrap` function; in
    /// `precall`'s loop each paid for the registers its Lua and `__call` paths keep live).
    /// Not `precall` itself: natives calling Lua functions (`table.sort`'s comparator)
    /// would pay the extra test.
    #[inline(never)]
    pub(crate) fn call_from_lua(&mut self, func: usize, nresults: i32) -> LResult<Callee> {
        if let Some(nc) = self.th.stack[func].as_native() {
            if nc.special == Special::None {
                return self.call_native(func, nresults, nc.f);
            }
        }
        self.precall(func, nresults)
    }

    /// Runs the native `f` (not `pcall`/`xpcall`), called at `func` with the arguments up
    /// to `top`, and places its results from `func`: the frame pushed without
    /// `push_frame`'s pcall test and one result moved without `poscall`'s match. Growing,
    /// overflow and hooks in `call_native_slow`, so this saves few registers.
    #[inline(never)]
    fn call_native(&mut self, func: usize, nresults: i32, f: NativeFn) -> LResult<Callee> {
        let th = &mut self.th;
        let depth = th.frames.len();
        if depth >= MAX_FRAMES
            || depth == th.frames.capacity()
            || th.top + MIN_STACK > th.stack.len()
            || th.hook_mask != 0
        {
            return self.call_native_slow(func, nresults, f);
        }
        // Not a pcall frame: `push_frame`'s count needs no update.
        th.frames
            .push(CallInfo::new(func, th.top + MIN_STACK, nresults, 0));
        let n = f(self)?;
        if self.th.hook_mask != 0 {
            self.native_return_hook(n)?;
        }
        if n > COPY_FREE && nresults != 0 {
            // Moving many results (`select(2, ...)`, `table.unpack`) is work a limit sees.
            self.charge(n as u64)?;
        }
        let th = &mut self.th;
        if nresults == 1 {
            // The frame is this call's, not a pcall frame: `pop_frame` has nothing to count.
            th.stack[func] = if n == 0 {
                Value::NIL
            } else {
                th.stack[th.top - n]
            };
            th.top = func + 1;
            th.frames.pop();
        } else {
            let ci = *th.frames.last().expect("native frame");
            self.poscall(ci, n);
        }
        Ok(Callee::Done)
    }

    /// `call_native` with a full frame vector or stack, near the limits, or with hooks.
    #[cold]
    #[inline(never)]
    fn call_native_slow(&mut self, func: usize, nresults: i32, f: NativeFn) -> LResult<Callee> {
        let th = &mut self.th;
        if th.frames_full() || th.ensure(MIN_STACK).is_err() {
            return Err(self.stack_overflow());
        }
        th.push_frame(CallInfo::new(func, th.top + MIN_STACK, nresults, 0));
        if th.hook_mask != 0 {
            self.native_call_hook()?;
        }
        let n = f(self)?;
        if self.th.hook_mask != 0 {
            self.native_return_hook(n)?;
        }
        if n > COPY_FREE && nresults != 0 {
            self.charge(n as u64)?;
        }
        let ci = *self.th.frames.last().expect("native frame");
        self.poscall(ci, n);
        Ok(Callee::Done)
    }

    /// `__call`: puts the handler below the called object, which becomes its first argument.
    fn insert_call_tm(&mut self, func: usize) -> LResult<usize> {
        let fv = self.th.stack[func];
        let tm = self.metamethod(fv, Tm::Call);
        if tm.is_nil() {
            return Err(self.call_error(func));
        }
        if self.th.ensure(1).is_err() {
            return Err(self.stack_overflow());
        }
        let th = &mut self.th;
        let top = th.top;
        th.stack.copy_within(func..top, func + 1);
        th.stack[func] = tm;
        th.top += 1;
        Ok(func)
    }

    /// Moves `n` results from the top of the stack to the frame's function slot, adjusted to
    /// the number the caller wants, and pops the frame.
    pub(crate) fn poscall(&mut self, ci: CallInfo, n: usize) {
        let th = &mut self.th;
        let res = th.top - n;
        let dst = ci.func;
        match ci.nresults {
            0 => th.top = dst,
            1 => {
                th.stack[dst] = if n == 0 { Value::NIL } else { th.stack[res] };
                th.top = dst + 1;
            }
            -1 => {
                // Results are few: a plain loop beats memmove's call overhead.
                for j in 0..n {
                    th.stack[dst + j] = th.stack[res + j];
                }
                th.top = dst + n;
            }
            w => {
                let w = w as usize;
                let m = n.min(w);
                for j in 0..m {
                    th.stack[dst + j] = th.stack[res + j];
                }
                for j in m..w {
                    th.stack[dst + j] = Value::NIL;
                }
                th.top = dst + w;
            }
        }
        th.pop_frame();
    }

    /// A tail call from the running Lua frame. `nparams1` is the caller's C operand (its
    /// parameter count plus one when it is a vararg function). `Callee::Lua` when a Lua
    /// frame is now on top (replacing the caller, or above it for special natives).
    /// Never inlined: TAILCALL's handler runs the Lua case itself and calls this only for
    /// the rest, which must not bloat the handler (its prologue would save more registers).
    #[inline(never)]
    pub(crate) fn pretailcall(&mut self, mut func: usize, nparams1: usize) -> LResult<Callee> {
        loop {
            let th = &mut self.th;
            let fv = th.stack[func];
            if let Some(cl) = fv.as_lua_closure() {
                if th.tail_call_lua(func, nparams1, &cl.proto).is_err() {
                    return Err(self.stack_overflow());
                }
                return Ok(Callee::Lua);
            }
            if fv.is_native() {
                return self.precall(func, -1);
            }
            func = self.insert_call_tm(func)?;
        }
    }

    /// Calls the function at `func` from inside the interpreter loop through a nested loop
    /// (generic-for iterators), leaving `nresults` results from `func`.
    pub(crate) fn call_in_loop(&mut self, func: usize, nresults: i32) -> LResult<()> {
        self.c_call_with(func, nresults, true)
    }

    /// C levels in use, as lua5.4's `nCcalls` counts them (`limits::MAX_C_CALLS`): calls
    /// made from native code under way (`n_ccalls`, which a coroutine inherits from its
    /// resumer) and the running thread's live `pcall` frames (which, unlike lua5.4's, run
    /// in the same interpreter loop, so nothing else would count them).
    #[inline]
    pub(crate) fn c_calls(&self) -> u32 {
        self.n_ccalls + u32::from(self.th.pcalls)
    }

    /// Takes one more C level for a call from native code (`ccall` in ldo.c): "C stack
    /// overflow" at the limit, and "error in error handling" far past it (the levels
    /// between are for handling the overflow). The caller gives it back with
    /// `n_ccalls -= 1` once the call is over, error or not.
    #[inline]
    pub(crate) fn enter_c_call(&mut self) -> LResult<()> {
        let c = self.c_calls() + 1;
        if c >= MAX_C_CALLS {
            self.check_c_level(c)?;
        }
        self.n_ccalls += 1;
        Ok(())
    }

    /// lstate.c's `luaE_checkcstack` for a call at C level `c` past the limit: "C stack
    /// overflow" exactly at it, then room for handling that error (message handlers,
    /// `__close`), then "error in error handling", for which no handler runs.
    #[cold]
    pub(crate) fn check_c_level(&mut self, c: u32) -> LResult<()> {
        if c == MAX_C_CALLS {
            Err(self.rt_error("C stack overflow"))
        } else if c >= MAX_C_CALLS_HANDLING {
            Err(self.error_in_error_handling())
        } else {
            Ok(())
        }
    }

    /// lua5.4's `LUA_ERRERR`.
    #[cold]
    pub(crate) fn error_in_error_handling(&mut self) -> Exc {
        self.errerr = true;
        Exc::Error(self.str(b"error in error handling"))
    }

    /// "stack overflow", or, while one is being handled (the thread is in its error zone),
    /// "error in error handling" (ldo.c's `luaD_growstack`).
    #[cold]
    pub(crate) fn stack_overflow(&mut self) -> Exc {
        if self.th.overflowed {
            self.error_in_error_handling()
        } else {
            self.th.overflowed = true;
            self.rt_error("stack overflow")
        }
    }

    /// The call at `func` made from native code: a native runs here, a Lua function in a
    /// nested interpreter loop; either way one C level more while it runs.
    fn c_call(&mut self, func: usize, nresults: i32) -> LResult<()> {
        self.c_call_with(func, nresults, false)
    }

    /// `c_call`; `native_first` for callees that are mostly natives (`call_from_lua`).
    #[inline(always)]
    fn c_call_with(&mut self, func: usize, nresults: i32, native_first: bool) -> LResult<()> {
        // A call from native code is a counting point of the budget, as CALL is (ops.rs,
        // rule 10): a native that calls again and again without a Lua loop around it
        // (`load`'s reader, returning a piece for ever) runs out of budget too.
        if self.instruction_budget == 0 {
            self.budget_point_slow(1)?;
        } else {
            self.instruction_budget -= 1;
        }
        self.enter_c_call()?;
        let base = self.th.frames.len();
        let r = (|| {
            let callee = if native_first {
                self.call_from_lua(func, nresults)?
            } else {
                self.precall(func, nresults)?
            };
            if callee == Callee::Lua {
                self.run_fresh(base)?;
            }
            Ok(())
        })();
        self.n_ccalls -= 1;
        r
    }

    /// Runs the Lua frame just pushed to completion in a nested loop, with the frames above
    /// depth `base`: the call may have gone through `pcall`s (`f = pcall` called from native
    /// code), whose frames sit between, and which must catch the errors of this loop and
    /// finish when the Lua frame returns into them.
    pub(crate) fn run_fresh(&mut self, base: usize) -> LResult<()> {
        let th = &mut self.th;
        let depth = th.frames.len();
        if depth == base + 1 {
            th.frames[depth - 1].status |= cist::FRESH;
        }
        self.execute(base)
    }

    /// Calls `f` with `args` from native code and returns its results. Lua code it runs
    /// cannot yield (the native's Rust frame could not be resumed).
    pub fn call_function(&mut self, f: Value, args: &[Value]) -> LResult<Vec<Value>> {
        let th = &mut self.th;
        let func = th.top;
        self.check_stack(args.len() + 1)?;
        self.push(f)?;
        for &a in args {
            self.push(a)?;
        }
        self.call_at(func, -1)?;
        let th = &mut self.th;
        let res = th.stack[func..th.top].to_vec();
        th.top = func;
        Ok(res)
    }

    /// `call_function` for callers that want only the first result (nil if none): the
    /// result comes back in a register, with no vector allocated per call (`table.sort`'s
    /// comparator, `gsub`'s callback, `__tostring`).
    pub fn call_function1(&mut self, f: Value, args: &[Value]) -> LResult<Value> {
        let func = self.th.top;
        self.check_stack(args.len() + 1)?;
        let th = &mut self.th;
        th.stack[func] = f;
        th.stack[func + 1..func + 1 + args.len()].copy_from_slice(args);
        th.top = func + 1 + args.len();
        self.call_at(func, 1)?;
        let th = &mut self.th;
        let r = th.stack[func];
        th.top = func;
        Ok(r)
    }

    /// Calls the function at `func` (arguments above it, up to top) from native code,
    /// leaving `nresults` results (-1: all) from `func`. Non-yieldable.
    pub fn call_at(&mut self, func: usize, nresults: i32) -> LResult<()> {
        self.th.nny += 1;
        let r = self.c_call(func, nresults);
        self.th.nny -= 1;
        r
    }

    /// From a native, calls the function at `func` (arguments above it) so that Lua code
    /// may yield through the native: the native must return the count this returns, the
    /// callee's results (`nresults` of them, -1: all), from `func` to top. After a resume `unroll` completes the
    /// native's frame that way (lua_callk with a continuation that returns everything,
    /// as `dofile`'s `dofilecont`).
    pub fn call_passing_yields(&mut self, func: usize, nresults: i32) -> LResult<usize> {
        let ci = self.th.frames.last_mut().expect("native frame");
        ci.status |= cist::YCALL;
        ci.nextraargs = (func - ci.func) as u32;
        self.c_call(func, nresults)?;
        Ok(self.th.top - func)
    }

    /// Completes a `YCALL` native frame after a resume: it returns everything above its
    /// callee's slot.
    pub(crate) fn finish_ycall(&mut self) {
        let th = &mut self.th;
        let ci = *th.frames.last().expect("ycall frame");
        let n = th.top - (ci.func + ci.nextraargs as usize);
        self.poscall(ci, n);
    }

    /// Like `call_at`, but Lua code may yield through it (used for metamethods called by
    /// the interpreter, which `finish_op` completes after a resume).
    pub(crate) fn call_yieldable(&mut self, func: usize, nresults: i32) -> LResult<()> {
        self.c_call(func, nresults)
    }

    /// Calls a metamethod with two or three arguments and returns its first result.
    pub(crate) fn call_tm_res(&mut self, tm: Value, a: Value, b: Value) -> LResult<Value> {
        let func = self.th.top;
        self.check_stack(3)?;
        let th = &mut self.th;
        th.stack[func] = tm;
        th.stack[func + 1] = a;
        th.stack[func + 2] = b;
        th.top = func + 3;
        self.call_yieldable(func, 1)?;
        let th = &mut self.th;
        th.top -= 1;
        Ok(th.stack[th.top])
    }

    pub(crate) fn call_tm3(&mut self, tm: Value, a: Value, b: Value, c: Value) -> LResult<()> {
        let func = self.th.top;
        self.check_stack(4)?;
        let th = &mut self.th;
        th.stack[func] = tm;
        th.stack[func + 1] = a;
        th.stack[func + 2] = b;
        th.stack[func + 3] = c;
        th.top = func + 4;
        self.call_yieldable(func, 0)
    }

    // ------------------------------------------------------------------ varargs

    /// VARARGPREP: moves the function and its fixed parameters above the actual arguments,
    /// so the extra arguments stay below the new frame (`luaT_adjustvarargs`).
    pub(crate) fn adjust_varargs(&mut self, nfixparams: usize) -> LResult<()> {
        let th = &mut self.th;
        let ci = *th.frames.last().expect("frame");
        let actual = th.top - ci.func - 1;
        let nextra = actual.saturating_sub(nfixparams);
        let fsize = ci.top - ci.base;
        if th.ensure(fsize + nfixparams + 1).is_err() {
            return Err(self.stack_overflow());
        }
        let th = &mut self.th;
        let top = th.top;
        th.stack[top] = th.stack[ci.func];
        for j in 1..=nfixparams {
            th.stack[top + j] = th.stack[ci.func + j];
            th.stack[ci.func + j] = Value::NIL;
        }
        let newfunc = ci.func + actual + 1;
        let ci = th.frames.last_mut().expect("frame");
        ci.func = newfunc;
        ci.base = newfunc + 1;
        ci.top = newfunc + 1 + fsize;
        ci.nextraargs = nextra as u32;
        th.top = newfunc + 1 + nfixparams;
        Ok(())
    }

    /// VARARG: copies `wanted` extra arguments (-1: all) to `ra`.
    pub(crate) fn get_varargs(&mut self, ra: usize, wanted: i32) -> LResult<()> {
        let th = &mut self.th;
        let ci = *th.frames.last().expect("frame");
        let nextra = ci.nextraargs as usize;
        let from = ci.func - nextra;
        let n = if wanted < 0 {
            if th.ensure(nextra).is_err() || ra + nextra > th.stack.len() {
                return Err(self.stack_overflow());
            }
            // One instruction copies them all: a limit must see the copying, or a tail call
            // passing `...` on with one more value runs quadratic work for one instruction
            // a call.
            if nextra > COPY_FREE {
                self.charge(nextra as u64)?;
            }
            let th = &mut self.th;
            th.top = ra + nextra;
            nextra
        } else {
            wanted as usize
        };
        let th = &mut self.th;
        for j in 0..n {
            th.stack[ra + j] = if j < nextra {
                th.stack[from + j]
            } else {
                Value::NIL
            };
        }
        Ok(())
    }

    // ------------------------------------------------------------------ closures

    /// CLOSURE: a new closure of `parent`'s child prototype `child`, capturing upvalues
    /// from the running frame.
    ///
    /// Never inlined into the CLOSURE handler, and given the index rather than the
    /// prototype: under AddressSanitizer a handler with a local that needs a stack slot
    /// (the cloned `Rc`, the upvalue vector) cannot end in the tail call threaded dispatch
    /// needs, so each CLOSURE nested a native frame (a stack overflow in the ASan fuzz
    /// build on a loop making closures).
    #[inline(never)]
    pub(crate) fn new_child_closure(
        &mut self,
        parent: Gc<LuaClosure>,
        child: usize,
        base: usize,
    ) -> Value {
        let p = parent.proto.children[child].clone();
        self.new_closure(p, parent, base)
    }

    /// A new closure of `p`, capturing upvalues from the running frame.
    pub(crate) fn new_closure(
        &mut self,
        p: Rc<FuncProto>,
        parent: Gc<LuaClosure>,
        base: usize,
    ) -> Value {
        let mut ups = std::mem::take(&mut self.closure_ups);
        ups.clear();
        let parent_ups = parent.upvals();
        for d in &p.p.upvalues {
            if d.in_stack {
                ups.push(self.find_upval(base + d.index as usize));
            } else {
                ups.push(parent_ups[d.index as usize].get());
            }
        }
        let c = self.heap.alloc_lua_closure(p, &ups);
        self.closure_ups = ups;
        Value::from_lua_closure(c)
    }

    /// The open upvalue for stack slot `idx`, made if needed (`luaF_findupval`).
    pub(crate) fn find_upval(&mut self, idx: usize) -> Gc<UpVal> {
        let th = &mut self.th;
        // A closure mostly captures the running function's own locals, at or above every
        // open upvalue: the top one is looked at before any search.
        let pos = match th.open_upvals.last() {
            None => 0,
            Some(u) if u.index.get() < idx => th.open_upvals.len(),
            Some(u) if u.index.get() == idx => return *u,
            Some(_) => {
                let pos = th.open_upvals.partition_point(|u| u.index.get() < idx);
                // The top one's index is above `idx`, so `pos` is in bounds.
                let u = th.open_upvals[pos];
                if u.index.get() == idx {
                    return u;
                }
                pos
            }
        };
        // The upvalue points at the slot until it is closed; `repoint_upvals` keeps the
        // pointer valid when the stack moves.
        // Derived from the buffer's raw pointer, as the interpreter's register pointer is,
        // so writes through either do not invalidate the other (Stacked Borrows).
        assert!(idx < th.stack.len(), "upvalue slot inside the stack");
        let ptr: *mut Value = th.stack.as_mut_ptr().wrapping_add(idx);
        let uv = self.heap.alloc(UpVal {
            v: std::cell::Cell::new(ptr),
            closed: std::cell::Cell::new(Value::NIL),
            index: std::cell::Cell::new(idx),
            open: std::cell::Cell::new(true),
        });
        self.th.open_upvals.insert(pos, uv);
        uv
    }

    /// Closes the open upvalues at or above `level`.
    pub(crate) fn close_upvals(&mut self, level: usize) {
        let th = &mut self.th;
        while let Some(u) = th.open_upvals.last() {
            if u.index.get() < level {
                break;
            }
            u.close();
            self.heap.barrier_close(u.header());
            th.open_upvals.pop();
        }
    }

    // ------------------------------------------------------------------ to-be-closed

    /// TBC: registers the variable at `idx` to be closed (nil and false are ignored).
    pub(crate) fn new_tbc(&mut self, idx: usize) -> LResult<()> {
        let v = self.th.stack[idx];
        if !v.is_truthy() {
            return Ok(());
        }
        if self.metamethod(v, Tm::Close).is_nil() {
            let name = self.local_name_at(idx).unwrap_or_else(|| "?".into());
            return Err(self.rt_error(&format!("variable '{name}' got a non-closable value")));
        }
        self.th.tbc.push(idx);
        Ok(())
    }

    /// After an error ended a host's call: closes upvalues and to-be-closed variables at or
    /// above `level` as lua.c's protected call does, with its message handler still in
    /// place: each handler sees `err`, and an error in one is passed through `handle` (which
    /// sees it where it was raised, frames in place, and returns what the next handlers
    /// see) before it replaces `err`. Returns the error the run ends with, or `Err` for the
    /// instruction limit, which stops the closing.
    pub(crate) fn close_after_error(
        &mut self,
        level: usize,
        mut err: Value,
        handle: &mut dyn FnMut(&mut Vm, Value) -> Value,
    ) -> LResult<Value> {
        self.close_upvals(level);
        loop {
            let th = &mut self.th;
            let idx = match th.tbc.last() {
                Some(&i) if i >= level => i,
                _ => return Ok(err),
            };
            th.tbc.pop();
            let func = self.place_close_call(idx, err)?;
            let depth = self.th.frames.len();
            match self.call_yieldable(func, 0).map_err(Exc::get) {
                Ok(()) => {}
                Err(Thrown::Error(e)) if self.limit_hit => return Err(Exc::Error(e)),
                Err(thrown) => {
                    let e = match thrown {
                        Thrown::Error(e) => e,
                        Thrown::Yield => self.str(b"attempt to yield from outside a coroutine"),
                    };
                    err = handle(self, e);
                    self.th.truncate_frames(depth);
                }
            }
            self.th.top = func - 1;
        }
    }

    /// Places the call `__close(v, err)` for the pending variable at stack slot `idx` above
    /// everything in use, and returns the slot of the handler.
    ///
    /// The error also goes in the slot below the handler, where it stays while the handler
    /// runs: the copy passed as an argument is only a register of the handler, which may
    /// overwrite it, and the error must outlive a collection the handler runs (lua5.4 keeps
    /// it at `level + 1`, below the call, for the same reason). Afterwards callers put `top`
    /// back at that slot (`func - 1`), where it was before.
    fn place_close_call(&mut self, idx: usize, err: Value) -> LResult<usize> {
        let v = self.th.stack[idx];
        let tm = self.metamethod(v, Tm::Close);
        let root = self.th.top.max(idx + 1);
        self.th.top = root;
        self.check_stack(4)?;
        let th = &mut self.th;
        let func = root + 1;
        th.stack[root] = err;
        th.stack[func] = tm;
        th.stack[func + 1] = v;
        th.stack[func + 2] = err;
        th.top = func + 3;
        Ok(func)
    }

    /// Closes upvalues and to-be-closed variables at or above `level` (`luaF_close`),
    /// calling `__close` with `err` (nil for a normal exit). An error in a handler replaces
    /// `err` and the remaining handlers still run; the last error is returned.
    pub(crate) fn close_level(&mut self, level: usize, err: Option<Value>) -> LResult<()> {
        self.close_level_handled(level, err, None)
    }

    /// `close_level` for an xpcall's recovery: an error in a handler goes through the
    /// message handler `msgh` before it replaces `err`, as lua5.4 keeps the handler in place
    /// while it closes (`luaD_pcall` restores `errfunc` only afterwards).
    pub(crate) fn close_level_handled(
        &mut self,
        level: usize,
        err: Option<Value>,
        msgh: Option<Value>,
    ) -> LResult<()> {
        self.close_upvals(level);
        // A normal exit (OP_CLOSE, OP_RETURN) calls the handlers unprotected in lua5.4: the
        // first error propagates from there, and the variables still pending are closed by
        // whatever catches it (a pcall's recovery, after its message handler; a coroutine's
        // close or reset; the host), as for any other error.
        let normal_exit = err.is_none();
        let mut err = err;
        let mut failed = false;
        loop {
            let th = &mut self.th;
            let idx = match th.tbc.last() {
                Some(&i) if i >= level => i,
                _ => break,
            };
            th.tbc.pop();
            let func = self.place_close_call(idx, err.unwrap_or(Value::NIL))?;
            if normal_exit {
                // Unprotected: an error leaves the handler's frames in place for the
                // message handler that catches it (`debug.traceback` shows them).
                self.call_yieldable(func, 0)?;
                self.th.top = func - 1;
                continue;
            }
            // After an error each handler runs protected: its error replaces `err` and the
            // remaining handlers still run.
            match self.protected(|vm| vm.call_yieldable(func, 0)) {
                Ok(()) => self.th.top = func - 1,
                // The instruction limit is not catchable: no more handlers run, and the
                // frames stay as they are for the traceback (running the next handler
                // here would reuse the stack under them).
                Err(Some(x)) if self.limit_hit => return Err(x),
                Err(Some(x)) if x != Exc::YIELD => {
                    let Thrown::Error(e2) = x.get() else {
                        unreachable!("not a yield")
                    };
                    self.th.top = func - 1;
                    if normal_exit {
                        return Err(Exc::Error(e2));
                    }
                    err = Some(match msgh {
                        Some(h) => self.call_handler(h, e2)?,
                        None => e2,
                    });
                    failed = true;
                }
                Err(_) => return Err(Exc::YIELD),
            }
        }
        if failed {
            return Err(Exc::Error(err.expect("set on failure")));
        }
        Ok(())
    }

    /// Runs `f`, catching errors: restores the frame depth and returns the error value.
    pub fn protected(&mut self, f: impl FnOnce(&mut Vm) -> LResult<()>) -> Result<(), Option<Exc>> {
        // (`nny` and `n_ccalls` need no restoring: the calls that raised them lower them
        // again as the error passes.)
        let th = &mut self.th;
        let depth = th.frames.len();
        let top = th.top;
        match f(self).map_err(Exc::get) {
            Ok(()) => Ok(()),
            Err(Thrown::Yield) => Err(Some(Exc::YIELD)),
            Err(Thrown::Error(e)) => {
                if self.limit_hit {
                    return Err(Some(Exc::Error(e)));
                }
                let th = &mut self.th;
                th.truncate_frames(depth);
                th.top = top;
                Err(Some(Exc::Error(e)))
            }
        }
    }

    // ------------------------------------------------------------------ pcall

    /// `pcall(f, ...)` / `xpcall(f, h, ...)`: a protected frame for `pcall` itself, then the
    /// call of `f` above it. Layout: pcall `[F][true][f][args]`, xpcall `[F][h][true][f][args]`.
    fn pcall_setup(&mut self, func: usize, nresults: i32, x: bool) -> LResult<Callee> {
        let th = &mut self.th;
        let nargs = th.top - func - 1;
        if nargs < 1 || (x && (nargs < 2 || !th.stack[func + 2].is_function())) {
            // Push the frame so the error names pcall, as luaL_checkany does.
            th.push_frame(CallInfo::new(func, th.top + MIN_STACK, nresults, 0));
            if self.th.hook_mask != 0 {
                self.native_call_hook()?;
            }
            let e = if x {
                self.arg_type_error(2, "function")
            } else {
                self.arg_error(1, "value expected")
            };
            return Err(e);
        }
        if th.ensure(MIN_STACK + 2).is_err() {
            return Err(self.stack_overflow());
        }
        let th = &mut self.th;
        let top = th.top;
        let fpos;
        if x {
            // [F][f][h][args..] -> [F][h][true][f][args..]
            let f = th.stack[func + 1];
            let h = th.stack[func + 2];
            th.stack.copy_within(func + 3..top, func + 4);
            th.stack[func + 1] = h;
            th.stack[func + 2] = Value::TRUE;
            th.stack[func + 3] = f;
            th.top = top + 1;
            fpos = func + 3;
        } else {
            // [F][f][args..] -> [F][true][f][args..]
            th.stack.copy_within(func + 1..top, func + 2);
            th.stack[func + 1] = Value::TRUE;
            th.top = top + 1;
            fpos = func + 2;
        }
        // The pcall frame holds a C level while it lives (`c_calls`), as lua5.4's
        // `lua_pcall` does. At the limit the call fails inside the protection, so this
        // pcall itself returns the error, as in lua5.4.
        let status = cist::PCALL | if x { cist::XPCALL } else { 0 };
        th.push_frame(CallInfo::new(func, th.top + MIN_STACK, nresults, status));
        // pcall is a native to the hooks: its call event here, its return event where
        // its results are left (`finish_pcall`, `close_and_fail`).
        if self.th.hook_mask != 0 {
            self.native_call_hook_n(nargs)?;
        }
        let depth = self.th.frames.len();
        let c = self.c_calls();
        let r = if c >= MAX_C_CALLS {
            self.check_c_level(c).and_then(|()| self.precall(fpos, -1))
        } else {
            self.precall(fpos, -1)
        };
        match r {
            Ok(Callee::Lua) => Ok(Callee::Lua),
            Ok(Callee::Done) => {
                // `f` was native and has returned: finish the pcall now.
                self.finish_pcall()?;
                Ok(Callee::Done)
            }
            // `f` was native (or never started) and failed: the error is caught here, inside
            // the protection, before it could pass a native that called this pcall and is
            // waiting for its results (lua5.4's `lua_pcall` catches it in its own C frame).
            Err(x) if x != Exc::YIELD && !self.limit_hit => {
                let Thrown::Error(e) = x.get() else {
                    unreachable!("not a yield")
                };
                if self.recover(depth - 1, e)? {
                    Ok(Callee::Done)
                } else {
                    Err(Exc::Error(e))
                }
            }
            Err(x) => Err(x),
        }
    }

    /// The pcall frame on top has its callee's results above `true`: return them all.
    pub(crate) fn finish_pcall(&mut self) -> LResult<()> {
        let th = &mut self.th;
        let ci = *th.frames.last().expect("pcall frame");
        if ci.status & cist::RECOVER != 0 {
            // The closing handler that yielded has returned: its error is below its slot.
            let err = th.stack[th.top - 1];
            th.top -= 1;
            let idx = th.frames.len() - 1;
            th.frames[idx].status &= !cist::RECOVER;
            let msgh = (ci.status & cist::XPCALL != 0).then(|| th.stack[ci.func + 1]);
            return self.close_and_fail(idx, ci, err, msgh);
        }
        let first = ci.func + if ci.status & cist::XPCALL != 0 { 2 } else { 1 };
        let n = th.top - first;
        if th.hook_mask != 0 {
            // pcall's results start at its `true` (slot 1, xpcall's slot 3 in lua5.4).
            let first = if ci.status & cist::XPCALL != 0 { 3 } else { 1 };
            self.native_return_hook_at(first, n)?;
        }
        self.poscall(ci, n);
        Ok(())
    }

    /// Error recovery: finds the innermost pcall frame at depth >= `stop`, calls the xpcall
    /// handler, closes what must be closed and leaves `false, err` as that pcall's results.
    /// Returns false when no such frame exists (the error propagates).
    pub(crate) fn recover(&mut self, stop: usize, e: Value) -> LResult<bool> {
        if self.limit_hit {
            return Ok(false);
        }
        let th = &mut self.th;
        let Some(idx) = (stop..th.frames.len())
            .rev()
            .find(|&i| th.frames[i].status & cist::PCALL != 0)
        else {
            return Ok(false);
        };
        // Caught: a memory error stops being the one propagating.
        self.mem_error_raised = false;
        let th = &mut self.th;
        let ci = th.frames[idx];
        let mut err = e;
        let mut msgh = None;
        let errerr = std::mem::take(&mut self.errerr);
        let th = &mut self.th;
        if ci.status & cist::XPCALL != 0 {
            let h = th.stack[ci.func + 1];
            msgh = Some(h);
            // The handler runs above everything, with the failing frames still in place.
            let highest = th.frames.iter().map(|f| f.top).max().unwrap_or(0);
            th.top = th.top.max(highest).min(th.stack.len());
            if !errerr {
                err = self.call_handler(h, err)?;
            }
        }
        // Frames above the pcall are gone; values stay until closed.
        self.th.truncate_frames(idx + 1);
        self.close_and_fail(idx, ci, err, msgh)?;
        Ok(true)
    }

    /// The end of a pcall's recovery: closes everything above the called function's slot
    /// (an error in a handler replaces `err`), then leaves `false, err` as the results of
    /// the pcall frame `ci` at depth `idx`. A handler that yields marks the frame
    /// `RECOVER`, and the resumed coroutine finishes here again (`finish_pcall`).
    fn close_and_fail(
        &mut self,
        idx: usize,
        ci: CallInfo,
        mut err: Value,
        msgh: Option<Value>,
    ) -> LResult<()> {
        let level = ci.func + if ci.status & cist::XPCALL != 0 { 3 } else { 2 };
        let th = &mut self.th;
        th.top = th.top.max(level);
        match self
            .close_level_handled(level, Some(err), msgh)
            .map_err(Exc::get)
        {
            Ok(()) => {}
            // The instruction limit is not catchable: it ends the run, with the frames of
            // the handler that hit it left for the traceback.
            Err(Thrown::Error(e2)) if self.limit_hit => return Err(Exc::Error(e2)),
            Err(Thrown::Error(e2)) => err = e2,
            Err(Thrown::Yield) => {
                self.th.frames[idx].status |= cist::RECOVER;
                return Err(Exc::YIELD);
            }
        }
        let th = &mut self.th;
        // The results' slots are the top when the stack shrinks (ldo.c's
        // `luaD_seterrorobj` before `luaD_shrinkstack`): the slots of the failed calls
        // are no longer in use, so a stack grown into the error zone comes back under
        // the limit, and the overflow is over.
        th.top = ci.func + 2;
        th.shrink();
        // `false, err` as the pcall's results, already at its function slot; popping the
        // frame adjusts them to the count its caller wants. (A fresh pcall frame's loop
        // sees its depth reached and returns.)
        th.stack[ci.func] = Value::FALSE;
        th.stack[ci.func + 1] = err;
        th.top = ci.func + 2;
        if th.hook_mask != 0 {
            // Where lbaselib.c's finishpcall leaves `false, err` on pcall's own stack.
            let first = if ci.status & cist::XPCALL != 0 { 5 } else { 3 };
            self.native_return_hook_at(first, 2)?;
        }
        self.poscall(ci, 2);
        Ok(())
    }

    /// An error caught inside a native that protects a call of its own, as `load` does
    /// its reader: lua5.4's protected parser keeps the current message handler
    /// (`L->errfunc`), so the error goes through the innermost enclosing xpcall's handler
    /// of this thread (none when the innermost protection is a plain pcall), and the
    /// native sees the handler's result. `Err` only for the instruction limit.
    pub(crate) fn through_current_handler(&mut self, err: Value) -> LResult<Value> {
        let th = &self.th;
        let Some(ci) = th.frames.iter().rev().find(|f| f.status & cist::PCALL != 0) else {
            return Ok(err);
        };
        if ci.status & cist::XPCALL == 0 {
            return Ok(err);
        }
        let h = th.stack[ci.func + 1];
        self.call_handler(h, err)
    }

    /// Runs an xpcall message handler on `err`, and again on its own errors, each call one
    /// C level above the last (lua5.4 calls it from `luaG_errormsg`, nested in the failed
    /// one), until it returns or the levels give out ("error in error handling"). `Err`
    /// only for the instruction limit, which no handler catches.
    fn call_handler(&mut self, h: Value, err: Value) -> LResult<Value> {
        let saved = self.n_ccalls;
        let mut e = err;
        let r = loop {
            let r = self.protected_call1(h, e);
            match r.map_err(|x| x.map(Exc::get)) {
                Ok(v) => break Ok(v),
                Err(Some(Thrown::Error(e2))) if self.limit_hit => break Err(Exc::Error(e2)),
                Err(Some(Thrown::Error(_))) if self.errerr => {
                    self.errerr = false;
                    break Ok(self.str(b"error in error handling"));
                }
                Err(Some(Thrown::Error(e2))) => e = e2,
                Err(_) => break Ok(self.str(b"error in error handling")),
            }
            // The next call nests in this one.
            self.n_ccalls += 1;
        };
        self.n_ccalls = saved;
        r
    }

    fn protected_call1(&mut self, f: Value, a: Value) -> Result<Value, Option<Exc>> {
        let mut out = Value::NIL;
        self.protected(|vm| {
            out = vm.call_function1(f, &[a])?;
            Ok(())
        })?;
        Ok(out)
    }
}

impl ThreadState {
    /// A tail call of the Lua function whose prototype is `p`, at stack slot `func` with its
    /// arguments up to `top`, from the running Lua frame (`luaD_pretailcall`'s Lua case):
    /// moves the function and arguments down to the frame's function slot (below the
    /// extra arguments of a vararg caller: `nparams1`, TAILCALL's C operand), pads missing
    /// parameters with nil and makes the frame the callee's, about to run its first
    /// instruction. `Err` when the stack cannot hold the callee's frame (the caller raises
    /// "stack overflow"): the values are moved and the frame's function slot is the
    /// callee's already, as lua5.4 leaves them. Shared by TAILCALL's handler and
    /// `Vm::pretailcall`, so the two cannot drift apart at the overflow edge.
    #[inline(always)]
    pub(crate) fn tail_call_lua(
        &mut self,
        func: usize,
        nparams1: usize,
        fp: &FuncProto,
    ) -> Result<(), ()> {
        let p = &fp.p;
        let fsize = p.max_stack as usize;
        let np = p.num_params as usize;
        let nargs = self.top - func - 1;
        let ci = self.frames.last_mut().expect("caller frame");
        if nparams1 != 0 {
            ci.func -= ci.nextraargs as usize + nparams1;
        }
        let newfunc = ci.func;
        // Downwards (`newfunc < func`), so a forward loop; few values, so no `memmove`.
        for j in 0..=nargs {
            self.stack[newfunc + j] = self.stack[func + j];
        }
        self.top = newfunc + 1 + nargs;
        self.ensure(fsize + np + 1)?;
        for j in nargs..np {
            self.stack[newfunc + 1 + j] = Value::NIL;
        }
        self.top = newfunc + 1 + nargs.max(np);
        let ci = self.frames.last_mut().expect("caller frame");
        ci.base = newfunc + 1;
        ci.top = newfunc + 1 + fsize;
        ci.pc = fp.code_ptr();
        ci.status = (ci.status | cist::TAIL) & !cist::HOOKCALLED;
        ci.nextraargs = 0;
        Ok(())
    }
}

impl Vm {
    /// Drops what a failed call left on the main thread.
    pub(crate) fn reset_after_error(&mut self, top: usize) {
        // Every resume switches back before it returns, even with an error.
        debug_assert!(
            self.cur == self.main_thread,
            "an error left a coroutine running"
        );
        if self.cur != self.main_thread {
            self.switch_to(self.main_thread);
        }
        let th = &mut self.th;
        th.truncate_frames(0);
        self.close_upvals(top);
        let th = &mut self.th;
        th.tbc.clear();
        th.top = top;
        th.nny = 0;
        self.n_ccalls = crate::shared::limits::HOST_C_CALLS - 1;
        self.limit_hit = false;
        self.errerr = false;
        th.shrink();
    }
}
