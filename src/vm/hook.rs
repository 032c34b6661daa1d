//! Debug hooks (`debug.sethook`): call, return, line and count events, per thread.
//!
//! A hook costs nothing while none is set. While any thread has a hook, the interpreter
//! dispatches through a table whose every entry is the trap (`Vm::dispatch`, `set_trap`),
//! and the budget is parked in `Vm::trap_budget` (the visible budget 0, so the counting
//! points at loops and calls pay nothing): every instruction runs `hook_step`, which
//! counts the real budget down by one and runs the hooks, as lua5.4 folds its hook test
//! into `trap`. Lua functions' call and return events
//! are found there too (the first instruction of a frame, a RETURN about to run); only
//! natives' calls and returns test the mask in `precall`, once per native call.
//!
//! The hook functions live in the registry's `_HOOKKEY` table, keyed by thread with weak
//! keys, as ldblib.c keeps them; a thread's state keeps its mask and counts.

use crate::compiler::opcode::{op, OpCode};
use crate::gc::Gc;
use crate::shared::debug_lib::{HookEvent, MASK_CALL, MASK_COUNT, MASK_LINE, MASK_RET};
use crate::vm::error::LResult;
use crate::vm::state::Vm;
use crate::vm::table::Table;
use crate::vm::thread::{cist, Thread};
use crate::vm::value::Value;

/// A thread's hook state besides its mask (`basehookcount`, `hookcount`, `oldpc`,
/// `allowhook`).
#[derive(Clone, Copy, Debug)]
pub struct HookState {
    pub base_count: i64,
    pub count: i64,
    /// The instruction that last ran the line hook (or the call that a frame returned to).
    pub oldpc: usize,
    /// False while a hook runs: hooks are not re-entered.
    pub allow: bool,
}

impl Default for HookState {
    fn default() -> Self {
        HookState {
            base_count: 0,
            count: 0,
            oldpc: 0,
            allow: true,
        }
    }
}

const HOOKKEY: &[u8] = b"_HOOKKEY";
/// The registry key of the hook a host set from Rust (`api::Lua::set_hook`).
const HOST_HOOK_KEY: &[u8] = b"_HOSTHOOK";

impl Vm {
    /// The registry's table of hook functions, made on first use with weak keys.
    fn hook_table(&mut self) -> Gc<Table> {
        let key = self.str(HOOKKEY);
        if let Some(t) = self.registry.get(key).as_table() {
            return t;
        }
        let t = self.new_table(0, 1);
        let mode = self.str(b"__mode");
        let k = self.str(b"k");
        t.set(&self.heap, mode, k).expect("string key");
        t.set_metatable(&self.heap, Some(t));
        self.registry
            .set(&self.heap, key, Value::from_table(t))
            .expect("string key");
        t
    }

    /// `lua_sethook` through `debug.sethook`: `f` nil or `mask` 0 turns the thread's
    /// hooks off.
    pub fn set_hook(&mut self, thread: Gc<Thread>, f: Value, mask: u8, count: i64) {
        let (f, mask) = if f.is_nil() || mask == 0 {
            (Value::NIL, 0)
        } else {
            (f, mask)
        };
        let t = self.hook_table();
        t.set(&self.heap, Value::from_thread(thread), f)
            .expect("thread key");
        let mut h = thread.hook.get();
        h.base_count = count;
        h.count = count;
        thread.hook.set(h);
        if thread == self.cur {
            self.th.hook_mask = mask;
        } else {
            thread.parked_mut().hook_mask = mask;
        }
        self.update_trap();
    }

    /// Marks `f` as the host's hook (nil: none), which new threads inherit.
    pub(crate) fn set_host_hook(&mut self, f: Value) {
        let key = self.str(HOST_HOOK_KEY);
        self.registry.set(&self.heap, key, f).expect("string key");
    }

    /// A hook the host set from Rust is a C hook to lua5.4, and `lua_newthread` gives the
    /// new thread its creator's C hook. (A hook set by `debug.sethook` is found per thread
    /// in the hook table, so a new thread does not run it: not inherited.)
    pub(crate) fn inherit_host_hook(&mut self, t: Gc<Thread>) {
        // No hook on the creator, nothing to inherit: decided before the key is interned
        // (coroutine creation is on the hot path of programs that make many).
        if self.th.hook_mask == 0 {
            return;
        }
        let key = self.str(HOST_HOOK_KEY);
        let host = self.registry.get(key);
        if host.is_nil() {
            return;
        }
        if let Some((f, mask, count)) = self.get_hook(self.cur) {
            if f == host {
                self.set_hook(t, f, mask, count);
            }
        }
    }

    /// `debug.gethook`: the function, mask and count of a thread's hook.
    pub fn get_hook(&mut self, thread: Gc<Thread>) -> Option<(Value, u8, i64)> {
        let mask = if thread == self.cur {
            self.th.hook_mask
        } else {
            thread.parked().hook_mask
        };
        if mask == 0 {
            return None;
        }
        let f = self.hook_table().get(Value::from_thread(thread));
        Some((f, mask, thread.hook.get().base_count))
    }

    /// Makes the interpreter's slow path run before every instruction while any thread
    /// has a hook (see the module comment). Not per thread: a coroutine switch would have
    /// to test it, and switches are hot; threads without a hook only count the budget there.
    pub(crate) fn update_trap(&mut self) {
        let want = self.th.hook_mask != 0
            || matches!(self.hook_table().next(&self.heap, Value::NIL), Ok(Some(_)));
        if want == self.hook_trap {
            return;
        }
        let left = self.work_left();
        self.hook_trap = want;
        self.set_budget_left(left);
    }

    /// The slow path before an instruction when the visible budget is 0: the instruction
    /// limit, or, under a hook, one instruction of the real budget and the hooks. The
    /// running frame's saved pc is just past the instruction about to run.
    #[cold]
    #[inline(never)]
    pub(crate) fn hook_step(&mut self) -> LResult<()> {
        if !self.hook_trap {
            // No hook: the running slice is used up (`refill_budget`); pay for this
            // instruction from the next one.
            self.refill_budget()?;
            self.instruction_budget -= 1;
            return Ok(());
        }
        if self.limit_hit || self.trap_budget == 0 {
            return Err(self.limit_error());
        }
        self.trap_budget -= 1;
        // The interrupt flag, read as often as without a hook.
        if self
            .trap_budget
            .is_multiple_of(crate::vm::state::INTERRUPT_SLICE)
            && self.interrupted()
        {
            return Err(self.lib_error("interrupted!"));
        }
        if self.th.hook_mask == 0 {
            return Ok(());
        }
        let mut h = self.cur.hook.get();
        if !h.allow {
            // Inside a hook: instructions still count (lua5.4 counts before it looks at
            // `allowhook`), but no hook runs.
            if self.th.hook_mask & MASK_COUNT != 0 {
                h.count -= 1;
                if h.count <= 0 {
                    h.count = h.base_count;
                }
                self.cur.hook.set(h);
            }
            return Ok(());
        }
        self.trace_exec()
    }

    /// `luaG_traceexec`, with the call and return events of Lua functions.
    fn trace_exec(&mut self) -> LResult<()> {
        let th = &self.th;
        let ci = *th.frames.last().expect("frame");
        let Some((fp, pc)) = self.frame_proto(th, &ci) else {
            return Ok(());
        };
        let p = &fp.p;
        let mask = th.hook_mask;
        let o = op(p.code[pc]);
        if ci.status & cist::HOOKCALLED == 0 {
            // Hooks start after a vararg function's VARARGPREP, as in lua5.4.
            if pc == 0 && p.is_vararg {
                return Ok(());
            }
            if pc == 0 || (pc == 1 && p.is_vararg) {
                self.th.frames.last_mut().expect("frame").status |= cist::HOOKCALLED;
                if mask & MASK_CALL != 0 {
                    let ev = if ci.status & cist::TAIL != 0 {
                        HookEvent::TailCall
                    } else {
                        HookEvent::Call
                    };
                    let np = i64::from(p.num_params);
                    self.run_hook_transfer(ev, 1, np)?;
                }
                // After the hook, whose own returns move it (as lua5.4's VARARGPREP
                // sets `oldpc` after `luaD_hookcall`): the first line is always new.
                self.set_oldpc(pc);
            }
        }
        if self.th.hook_mask & MASK_COUNT != 0 {
            let mut h = self.cur.hook.get();
            h.count -= 1;
            let fire = h.count <= 0;
            if fire {
                h.count = h.base_count;
            }
            self.cur.hook.set(h);
            if fire {
                self.run_hook(HookEvent::Count, -1)?;
            }
        }
        if self.th.hook_mask & MASK_LINE != 0 {
            let old = self.cur.hook.get().oldpc;
            let oldpc = if old < p.code.len() { old } else { 0 };
            let line = p.lines.get(pc).copied();
            // A jump back (or the first instruction) is a new line even in stripped code,
            // whose hook then gets no line.
            if pc <= oldpc || (!p.lines.is_empty() && p.lines.get(oldpc).copied() != line) {
                self.run_hook(HookEvent::Line, line.map_or(-1, i64::from))?;
            }
            self.set_oldpc(pc);
        }
        // A RETURN that closes variables reports after they are closed (`return_hook`).
        let closes = o == OpCode::Return && crate::compiler::opcode::arg_k(p.code[pc]);
        if matches!(o, OpCode::Return | OpCode::Return0 | OpCode::Return1) && !closes {
            if self.th.hook_mask & MASK_RET != 0 {
                // The results: registers A.. (B - 1 of them, or up to the top).
                let i = p.code[pc];
                let a = crate::compiler::opcode::arg_a(i) as usize;
                let n = match o {
                    OpCode::Return0 => 0,
                    OpCode::Return1 => 1,
                    _ => match crate::compiler::opcode::arg_b(i) {
                        0 => self.th.top.saturating_sub(ci.base + a),
                        b => b as usize - 1,
                    },
                };
                self.run_hook_transfer(HookEvent::Return, a as i64 + 1, n as i64)?;
            }
            self.set_caller_oldpc();
        }
        Ok(())
    }

    /// The return event of a RETURN that closed to-be-closed variables: lua5.4 reports it
    /// from `luaD_poscall`, after `luaF_close` ran the `__close` handlers (whose own calls
    /// and returns come first). `n` results from register `a`.
    #[cold]
    pub(crate) fn return_hook_after_close(&mut self, a: usize, n: usize) -> LResult<()> {
        if !self.hook_trap || self.th.hook_mask == 0 || !self.cur.hook.get().allow {
            return Ok(());
        }
        if self.th.hook_mask & MASK_RET != 0 {
            self.run_hook_transfer(HookEvent::Return, a as i64 + 1, n as i64)?;
        }
        self.set_caller_oldpc();
        Ok(())
    }

    /// After a return: the caller's line hook compares with the call it returns to.
    fn set_caller_oldpc(&mut self) {
        let th = &self.th;
        let n = th.frames.len();
        if n >= 2 {
            if let Some((_, pc)) = self.frame_proto(th, &th.frames[n - 2]) {
                self.set_oldpc(pc);
            }
        }
    }

    fn set_oldpc(&self, pc: usize) {
        let mut h = self.cur.hook.get();
        h.oldpc = pc;
        self.cur.hook.set(h);
    }

    fn set_allow(&self, allow: bool) {
        let mut h = self.cur.hook.get();
        h.allow = allow;
        self.cur.hook.set(h);
    }

    /// A native's call event (`precall`), when the running thread has a call hook.
    #[cold]
    #[inline(never)]
    pub(crate) fn native_call_hook(&mut self) -> LResult<()> {
        let th = &self.th;
        let n = th.top - th.frames.last().expect("native frame").base;
        self.native_call_hook_n(n)
    }

    /// The call event of a native that was passed `n` arguments (pcall has rearranged
    /// its own by the time its frame exists).
    #[cold]
    #[inline(never)]
    pub(crate) fn native_call_hook_n(&mut self, n: usize) -> LResult<()> {
        if self.th.hook_mask & MASK_CALL != 0 && self.cur.hook.get().allow {
            self.run_hook_transfer(HookEvent::Call, 1, n as i64)?;
        }
        Ok(())
    }

    /// A native's return event (or a Lua frame's that tail-called a native), its `n`
    /// results on top of the stack.
    #[cold]
    #[inline(never)]
    pub(crate) fn native_return_hook(&mut self, n: usize) -> LResult<()> {
        let th = &self.th;
        let first = (th.top - n) as i64 - th.frames.last().expect("frame").func as i64;
        self.native_return_hook_at(first, n)
    }

    /// A native's return event with its `n` results at `first` (relative to its function
    /// slot, as getinfo's 'r' reports it).
    #[cold]
    #[inline(never)]
    pub(crate) fn native_return_hook_at(&mut self, first: i64, n: usize) -> LResult<()> {
        if self.th.hook_mask & MASK_RET != 0 && self.cur.hook.get().allow {
            self.run_hook_transfer(HookEvent::Return, first, n as i64)?;
        }
        self.set_caller_oldpc();
        Ok(())
    }

    /// `luaD_hook` + ldblib's `hookf`: calls the thread's hook function with the event name
    /// and the line (nil when there is none), the hooked frame marked so that the hook is
    /// named "hook" and no hook runs inside it.
    /// A call or return event, with the values it passes for `getinfo`'s 'r'.
    fn run_hook_transfer(&mut self, ev: HookEvent, first: i64, n: i64) -> LResult<()> {
        let fi = self.th.frames.len() - 1;
        // lua5.4 keeps transfer information only for a nonempty transfer; getinfo's 'r'
        // reads 0, 0 otherwise.
        let first = if n == 0 { 0 } else { first };
        self.hook_transfer = Some((fi, first, n));
        let r = self.run_hook(ev, -1);
        self.hook_transfer = None;
        r
    }

    fn run_hook(&mut self, ev: HookEvent, line: i64) -> LResult<()> {
        let key = self.str(HOOKKEY);
        let Some(t) = self.registry.get(key).as_table() else {
            return Ok(());
        };
        let f = t.get(Value::from_thread(self.cur));
        if !f.is_function() {
            return Ok(());
        }
        let name = self.str(ev.name().as_bytes());
        let line = if line >= 0 {
            self.heap.int(line)
        } else {
            Value::NIL
        };
        let th = &mut self.th;
        let fi = th.frames.len() - 1;
        let ci = th.frames[fi];
        // Above everything the hooked frame uses (lua5.4 moves the top to `ci->top`).
        let saved_top = th.top;
        if ci.status & cist::LUA != 0 {
            th.top = th.top.max(ci.top);
        }
        th.frames[fi].status |= cist::HOOKED;
        self.set_allow(false);
        let r = self.call_function(f, &[name, line]);
        self.set_allow(true);
        let th = &mut self.th;
        // After an error the frame keeps the mark, as in lua5.4: it is either gone (a
        // pcall below caught the error) or left for the traceback, which names the hook.
        if let (Ok(_), Some(c)) = (&r, th.frames.get_mut(fi)) {
            c.status &= !cist::HOOKED;
        }
        th.top = saved_top;
        r.map(|_| ())
    }
}
