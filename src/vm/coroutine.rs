//! Coroutine switching (ldo.c's `lua_resume`, `unroll`, `luaV_finishOp`).
//!
//! `resume` runs the coroutine's frames in a nested interpreter loop on its own stack. A
//! yield travels back as `Exc::Yield`, leaving the coroutine's frames in place; the next
//! resume finishes the interrupted instructions (`finish_op`) and continues (`unroll`).
//! Metamethods and iterators called by the interpreter run in nested loops that a yield
//! simply abandons, which is why their callers' instructions must be finishable.

use crate::compiler::opcode::*;
use crate::gc::Gc;
use crate::shared::limits::MAX_C_CALLS;
use crate::vm::error::{Exc, LResult, Thrown};
use crate::vm::state::Vm;
use crate::vm::thread::{cist, CoStatus, Thread};
use crate::vm::value::Value;

/// Where a resume's arguments come from: values, or a range of the resumer's stack.
enum ResumeArgs<'a> {
    Values(&'a [Value]),
    Stack { first: usize, n: usize },
}

impl ResumeArgs<'_> {
    fn len(&self) -> usize {
        match self {
            ResumeArgs::Values(a) => a.len(),
            ResumeArgs::Stack { n, .. } => *n,
        }
    }
}

/// What a resume produced, its values left in the coroutine's stack: `n` from `start`
/// (`Vm::push_resumed` moves them to the resumer's).
pub enum Resumed {
    Values { start: usize, n: usize, dead: bool },
    Error(Value),
}

/// What a resume produced.
pub enum ResumeResult {
    Yield(Vec<Value>),
    Return(Vec<Value>),
    Error(Value),
}

impl Vm {
    pub fn new_thread(&mut self, f: Value) -> Gc<Thread> {
        // Room for the body's frame and the yield it calls, made (and charged to the
        // heap's count, `Thread::charged`) here: grown at the first call, four frames went
        // uncharged, so the collector paced coroutine-heavy programs on too few bytes
        // (papers/performance.md, `k6frames`).
        let t = self.heap.alloc(Thread::new(2));
        let mut s = t.parked_mut();
        s.stack[0] = f;
        s.top = 1;
        drop(s);
        self.inherit_host_hook(t);
        t
    }

    /// Where `co` is in its life (the running thread's state is in the VM).
    pub fn thread_status(&self, co: Gc<Thread>) -> CoStatus {
        if co == self.cur {
            CoStatus::Running
        } else {
            co.parked().status
        }
    }

    /// Whether `co` may yield: not the main thread, and no native call in progress that
    /// could not be resumed.
    pub fn is_yieldable(&self, co: Gc<Thread>) -> bool {
        let nny = if co == self.cur {
            self.th.nny
        } else {
            co.parked().nny
        };
        co != self.main_thread && nny == 0
    }

    /// Resumes `co` with `args`. Errors that are not the coroutine's (it is not suspended,
    /// or too many nested resumes) come back as `Err`.
    pub fn resume(&mut self, co: Gc<Thread>, args: &[Value]) -> Result<ResumeResult, String> {
        Ok(match self.resume_with(co, ResumeArgs::Values(args))? {
            Resumed::Values { start, n, dead } => {
                let vals = co.parked().stack[start..start + n].to_vec();
                if dead {
                    ResumeResult::Return(vals)
                } else {
                    ResumeResult::Yield(vals)
                }
            }
            Resumed::Error(e) => ResumeResult::Error(e),
        })
    }

    /// Resumes `co` with the running native's arguments from `first` (1-based) on, moved
    /// from stack to stack; the values it yields or returns stay in its stack for
    /// `push_resumed` (no vector per switch: coroutine switches are hot).
    pub fn resume_native_args(&mut self, co: Gc<Thread>, first: usize) -> Result<Resumed, String> {
        let th = &self.th;
        let from = th.frames.last().expect("in a call").base + first - 1;
        let n = th.top.saturating_sub(from);
        self.resume_with(co, ResumeArgs::Stack { first: from, n })
    }

    /// Pushes the `n` values a resume of `co` left at `start` in its stack
    /// (`Resumed::Values`); the caller made room (`has_room`) and nothing ran since.
    #[inline(always)]
    pub fn push_resumed(&mut self, co: Gc<Thread>, start: usize, n: usize) {
        let th = &mut self.th;
        co.copy_parked_values(start, &mut th.stack[th.top..th.top + n]);
        th.top += n;
    }

    fn resume_with(&mut self, co: Gc<Thread>, args: ResumeArgs) -> Result<Resumed, String> {
        if co == self.cur {
            return Err("cannot resume non-suspended coroutine".into());
        }
        match co.resumable() {
            Ok(()) => {}
            Err(CoStatus::Dead) => return Err("cannot resume dead coroutine".into()),
            Err(_) => return Err("cannot resume non-suspended coroutine".into()),
        }
        // The coroutine starts one C level above its resumer's (`lua_resume`), the
        // resumer's pcall frames included.
        let levels = self.c_calls();
        if levels >= MAX_C_CALLS {
            return Err("C stack overflow".into());
        }
        let saved = self.n_ccalls;
        self.n_ccalls = levels + 1;
        self.th.status = CoStatus::Normal;
        let prev = self.switch_to(co);
        self.th.status = CoStatus::Running;
        let r = self.resume_inner(prev, args);
        self.n_ccalls = saved;
        let s = &mut self.th;
        let result = match r {
            Ok(()) => {
                s.status = CoStatus::Dead;
                let n = s.top;
                s.top = 0;
                Resumed::Values {
                    start: 0,
                    n,
                    dead: true,
                }
            }
            Err(x) if x == Exc::YIELD => {
                s.status = CoStatus::Suspended;
                let n = self.nyield;
                s.top -= n;
                Resumed::Values {
                    start: s.top,
                    n,
                    dead: false,
                }
            }
            Err(x) => {
                let Thrown::Error(e) = x.get() else {
                    unreachable!("not a yield")
                };
                s.status = CoStatus::Dead;
                co.error.set(Some(e));
                Resumed::Error(e)
            }
        };
        // The coroutine's death catches an "error in error handling" too.
        self.errerr = false;
        self.switch_back(prev);
        self.th.status = CoStatus::Running;
        Ok(result)
    }

    /// Runs the coroutine that was just made the running thread (`prev` is its resumer,
    /// parked).
    fn resume_inner(&mut self, prev: Gc<Thread>, args: ResumeArgs) -> LResult<()> {
        let s = &mut self.th;
        let nargs = args.len();
        if s.ensure(nargs + 1).is_err() {
            return Err(self.stack_overflow());
        }
        let dst = &mut s.stack[s.top..s.top + nargs];
        match args {
            ResumeArgs::Values(a) => dst.copy_from_slice(a),
            ResumeArgs::Stack { first, .. } => prev.copy_parked_values(first, dst),
        }
        s.top += nargs;
        let mut r = if !s.started {
            s.started = true;
            (|| {
                // Calling the body checks the C levels too (ldo.c's `resume` through
                // `ccall`): at the limit the coroutine dies with the overflow error.
                let levels = self.c_calls();
                if levels >= MAX_C_CALLS {
                    return Err(self.rt_error("C stack overflow"));
                }
                if self.precall(0, -1)? == crate::vm::call::Callee::Lua {
                    self.execute(0)?;
                }
                Ok(())
            })()
        } else {
            // The yield's frame is on top: its results are the resume's arguments.
            if s.hook_mask != 0 {
                // The yield returns now (lua5.4's `finishCcall`).
                self.native_return_hook(nargs)?;
            }
            let ci = *self.th.frames.last().expect("yield frame");
            self.poscall(ci, nargs);
            self.unroll()
        };
        // Errors caught by a pcall inside the coroutine resume its execution there.
        loop {
            match r.map_err(Exc::get) {
                Err(Thrown::Error(e)) if !self.limit_hit => {
                    if self.recover(0, e)? {
                        r = self.unroll();
                        continue;
                    }
                    return Err(Exc::Error(e));
                }
                Err(Thrown::Yield) => return Err(Exc::YIELD),
                Err(Thrown::Error(e)) => return Err(Exc::Error(e)),
                Ok(v) => return Ok(v),
            }
        }
    }

    /// Finishes the frames of a resumed coroutine, bottom-up from the top frame.
    fn unroll(&mut self) -> LResult<()> {
        loop {
            let th = &mut self.th;
            let Some(&ci) = th.frames.last() else {
                return Ok(());
            };
            if ci.status & cist::LUA == 0 {
                if ci.status & cist::PCALL != 0 {
                    self.finish_pcall()?;
                    continue;
                }
                if ci.status & cist::YCALL != 0 {
                    self.finish_ycall();
                    continue;
                }
                return Err(self.rt_error("cannot resume a non-Lua frame"));
            }
            self.finish_op()?;
            let depth = self.th.frames.len();
            self.execute(depth - 1)?;
        }
    }

    /// Completes the instruction a yield interrupted in the top Lua frame.
    fn finish_op(&mut self) -> LResult<()> {
        let th = &mut self.th;
        let ci = *th.frames.last().expect("Lua frame");
        let cl = th.stack[ci.func].as_lua_closure().expect("Lua frame");
        let code = &cl.proto.p.code;
        let code_base = cl.proto.code_ptr();
        let pc = ci.pc_index(code_base);
        if pc == 0 {
            return Ok(());
        }
        let inst = code[pc - 1];
        // The common case, a yield (or a call that yielded) returning into its CALL: the
        // results are in place (`poscall`), nothing to finish. Tested on the bits, before
        // `op`'s decoding and the match's table (about 20 instructions a resume).
        if op_bits(inst) == OpCode::Call as u32 {
            return Ok(());
        }
        let base = ci.base;
        match op(inst) {
            o if o.is_mm() => {
                let prev = code[pc - 2];
                th.top -= 1;
                th.stack[base + arg_a(prev) as usize] = th.stack[th.top];
            }
            OpCode::Unm
            | OpCode::BNot
            | OpCode::Len
            | OpCode::GetTabUp
            | OpCode::GetTable
            | OpCode::GetI
            | OpCode::GetField
            | OpCode::SelfOp => {
                th.top -= 1;
                th.stack[base + arg_a(inst) as usize] = th.stack[th.top];
            }
            OpCode::Lt
            | OpCode::Le
            | OpCode::LtI
            | OpCode::LeI
            | OpCode::GtI
            | OpCode::GeI
            | OpCode::Eq => {
                let res = th.stack[th.top - 1].is_truthy();
                th.top -= 1;
                let ci = th.frames.last_mut().expect("frame");
                if res != arg_k(inst) {
                    ci.set_pc_index(code_base, pc + 1);
                } else {
                    // Take the jump that follows.
                    let j = code[pc];
                    ci.set_pc_index(code_base, (pc as i64 + 1 + arg_sj(j) as i64) as usize);
                }
            }
            OpCode::Concat => {
                let top = th.top - 1;
                let a = arg_a(inst) as usize;
                let total = top - 1 - (base + a);
                th.stack[top - 2] = th.stack[top];
                th.top = top - 1;
                // The rest may call (and yield in) another __concat, or fail.
                self.concat(total)?;
                // Set top back to the frame's extent for the rest of the function.
                let th = &mut self.th;
                th.top = ci.top;
            }
            OpCode::Close => {
                th.frames
                    .last_mut()
                    .expect("frame")
                    .set_pc_index(code_base, pc - 1);
            }
            OpCode::Return => {
                // A __close handler yielded while the function returned: repeat the
                // instruction to close the other variables and complete the return, with
                // top marking the values (lua5.4's finishOp). For a fixed count that is
                // the count; for "up to top" the handler's call sat right above them, past
                // the slot that kept the error (`place_close_call`), and returning from it
                // left top at the call.
                if arg_b(inst) != 0 {
                    th.top = base + arg_a(inst) as usize + arg_b(inst) as usize - 1;
                } else {
                    th.top -= 1;
                }
                th.frames
                    .last_mut()
                    .expect("frame")
                    .set_pc_index(code_base, pc - 1);
            }
            _ => {}
        }
        Ok(())
    }

    /// `coroutine.yield` from a native: the values on top are yielded.
    pub fn yield_values(&mut self, n: usize) -> LResult<usize> {
        let th = &mut self.th;
        if self.cur == self.main_thread {
            return Err(self.error_str(b"attempt to yield from outside a coroutine"));
        }
        if th.nny > 0 {
            return Err(self.error_str(b"attempt to yield across a C-call boundary"));
        }
        self.nyield = n;
        Err(Exc::YIELD)
    }

    /// `coroutine.close`: closes a suspended or dead coroutine's pending to-be-closed
    /// variables. Returns the error that killed it, if any.
    pub fn close_thread(&mut self, co: Gc<Thread>) -> Result<Option<Value>, String> {
        if co == self.cur {
            return Err("cannot close a running coroutine".into());
        }
        let mut err = {
            let s = co.parked();
            match s.status {
                CoStatus::Suspended | CoStatus::Dead => {}
                CoStatus::Running => return Err("cannot close a running coroutine".into()),
                CoStatus::Normal => return Err("cannot close a normal coroutine".into()),
            }
            co.error.get()
        };
        let prev = self.switch_to(co);
        // lua5.4's `lua_resetthread` unwinds to the thread's base level before closing, so
        // the handlers have no Lua caller: no position or name from the frame the
        // coroutine stopped in, and no levels below them. With no frames left the VM says
        // the same (`rt_error`, `call_error`, `frame_func_name`, `where_` and `level_at`
        // all read an empty frame list as "no caller", and a coroutine has no host level
        // below its frames); the stack keeps the variables up to `top`.
        self.th.truncate_frames(0);
        // The handlers run from `coroutine.close`, a native call: they cannot yield
        // ("attempt to yield across a C-call boundary", which then becomes the error).
        self.th.nny += 1;
        let r = self.close_level(0, Some(err.unwrap_or(Value::NIL)));
        self.th.nny -= 1;
        if let Err(Thrown::Error(e)) = r.map_err(Exc::get) {
            err = Some(e);
        }
        let s = &mut self.th;
        s.truncate_frames(0);
        s.top = 0;
        s.tbc.clear();
        s.status = CoStatus::Dead;
        s.started = true;
        co.error.set(None);
        self.switch_back(prev);
        Ok(err)
    }
}
