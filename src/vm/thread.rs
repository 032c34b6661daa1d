//! Threads (coroutines): each has its own value stack, call frames, open upvalues and
//! to-be-closed variables. The main thread is one too.

use std::cell::{Cell, Ref, RefCell, RefMut};
use std::mem::ManuallyDrop;

use crate::compiler::opcode::Instruction;
use crate::gc::heap::HeapSize;
use crate::gc::Gc;
use crate::vm::function::UpVal;
use crate::vm::value::Value;

use crate::shared::limits::{
    ERROR_EXTRA_FRAMES, ERROR_STACK_EXTRA, MAX_FRAMES, MAX_STACK, MIN_STACK,
};

/// Frame flags (`callstatus`).
pub mod cist {
    /// A Lua function.
    pub const LUA: u16 = 1;
    /// The interpreter loop that pushed this frame returns when it returns.
    pub const FRESH: u16 = 2;
    /// A `pcall`/`xpcall` frame: errors are caught here.
    pub const PCALL: u16 = 4;
    /// The frame was reached by a tail call.
    pub const TAIL: u16 = 8;
    /// A frame running a finalizer (`__gc`).
    pub const FIN: u16 = 16;
    /// `xpcall`: the message handler is at `func + 1`.
    pub const XPCALL: u16 = 32;
    /// A native that called Lua code yieldably and returns all of its results
    /// (`call_passing_yields`); those start `nextraargs` slots above `func`.
    pub const YCALL: u16 = 64;
    /// A hook is running on behalf of this frame (the hook is named "hook").
    pub const HOOKED: u16 = 128;
    /// The frame's call event was handled (`vm::hook`); a tail call clears it.
    pub const HOOKCALLED: u16 = 256;
    /// A pcall frame whose recovery was closing variables when a `__close` handler
    /// yielded: returning into it finishes the recovery (`Vm::finish_pcall`), with the
    /// error found below the handler's slot (`place_close_call`), as lua5.4's
    /// `finishpcallk` finds the status its CallInfo kept.
    pub const RECOVER: u16 = 512;
}

#[derive(Clone, Copy, Debug)]
pub struct CallInfo {
    /// Stack index of the function.
    pub func: usize,
    /// First register (Lua) or first argument (native).
    pub base: usize,
    /// Lua: `base + maxstacksize`; native: the highest slot it may use.
    pub top: usize,
    /// Lua: the next instruction, in the code of the frame's function (which keeps it
    /// alive), as lvm.c's `savedpc`: the interpreter saves and restores it without
    /// arithmetic. Natives: null. Read it as an index with `pc_index`.
    pub pc: *const Instruction,
    /// Results the caller wants; -1 for all.
    pub nresults: i32,
    pub status: u16,
    /// Lua vararg functions: how many extra arguments sit below `func`.
    pub nextraargs: u32,
}

impl CallInfo {
    /// A new frame for the function at `func`, its arguments from `func + 1`.
    pub fn new(func: usize, top: usize, nresults: i32, status: u16) -> CallInfo {
        CallInfo {
            func,
            base: func + 1,
            top,
            pc: std::ptr::null(),
            nresults,
            status,
            nextraargs: 0,
        }
    }

    /// A new frame for a Lua function whose code starts at `code` (`FuncProto::code_ptr`),
    /// about to run its first instruction.
    pub fn lua(func: usize, top: usize, nresults: i32, code: *const Instruction) -> CallInfo {
        CallInfo {
            pc: code,
            ..CallInfo::new(func, top, nresults, cist::LUA)
        }
    }

    /// The index of the next instruction in the code starting at `code` (the frame's
    /// function's `FuncProto::code_ptr`).
    pub fn pc_index(&self, code: *const Instruction) -> usize {
        (self.pc as usize).wrapping_sub(code as usize) / std::mem::size_of::<Instruction>()
    }

    /// Makes the instruction at index `n` of the code starting at `code` the next one.
    pub fn set_pc_index(&mut self, code: *const Instruction, n: usize) {
        self.pc = code.wrapping_add(n);
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoStatus {
    /// Not started, or suspended in a yield.
    Suspended,
    Running,
    /// Resumed another coroutine and waits for it.
    Normal,
    Dead,
}

/// The stack indices of a thread's pending to-be-closed variables: a list most threads
/// never make, so one pointer in the state a switch moves (papers/performance.md, `k6small`).
#[derive(Default)]
#[allow(clippy::box_collection)] // the box is the point: 8 bytes in the state, not 24
pub struct TbcList(Option<Box<Vec<usize>>>);

impl TbcList {
    #[inline]
    pub fn last(&self) -> Option<&usize> {
        self.0.as_ref().and_then(|v| v.last())
    }

    pub fn push(&mut self, idx: usize) {
        self.0.get_or_insert_with(Default::default).push(idx);
    }

    pub fn pop(&mut self) -> Option<usize> {
        self.0.as_mut().and_then(|v| v.pop())
    }

    pub fn clear(&mut self) {
        if let Some(v) = &mut self.0 {
            v.clear();
        }
    }
}

pub struct ThreadState {
    /// The stack; its length is its allocated size (slots above `top` are free).
    pub stack: Vec<Value>,
    /// First free slot.
    pub top: usize,
    pub frames: Vec<CallInfo>,
    /// Open upvalues, ordered by stack index.
    pub open_upvals: Vec<Gc<UpVal>>,
    /// Stack indices of to-be-closed variables, in declaration order.
    pub tbc: TbcList,
    pub status: CoStatus,
    /// Non-yieldable calls in progress (native code calling Lua). 16 bits, as lua5.4 keeps
    /// it in `nCcalls`' upper half: each one holds a C level, so it stays far below the
    /// limit, and the state a switch moves stays 96 bytes (papers/performance.md, `k6small`).
    pub nny: u16,
    /// Whether the coroutine has started running its body.
    pub started: bool,
    /// `pcall`/`xpcall` frames among `frames`: each holds a C level while it is alive, as
    /// lua5.4's `lua_pcall` does (`Vm::c_calls`), so there are never more than the C
    /// levels' limit (16 bits, like `nny`).
    pub pcalls: u16,
    /// A stack overflow was raised and is being handled: the thread may use the error zone
    /// (`ERROR_EXTRA_FRAMES` frames, `ERROR_STACK_EXTRA` slots) and a second overflow is
    /// "error in error handling". Cleared by `shrink` once the stack is back under the limits.
    pub overflowed: bool,
    /// `debug.sethook`'s event mask for this thread (its counts are in the thread object,
    /// `Thread::hook`, so that a switch does not copy them).
    pub hook_mask: u8,
}

/// A thread object. The running thread's state lives in the VM (`Vm::th`), so the
/// interpreter reaches it without an indirection and the borrow checker sees every access;
/// a thread that is not running keeps its state here ("parked"). Switching threads moves
/// the states (`Vm::switch_to`, `Thread::rotate`). While a thread runs (`running`), its
/// object's cell holds a stale bitwise copy of a state the VM owns: nothing reads it
/// (`parked` asserts so), nothing drops it, and the next switch away overwrites it.
pub struct Thread {
    parked: RefCell<ManuallyDrop<ThreadState>>,
    /// This thread's state is the VM's (`Vm::th`), not the cell's.
    running: Cell<bool>,
    /// The hook's counts and state (`vm::hook`).
    pub(crate) hook: std::cell::Cell<crate::vm::hook::HookState>,
    /// A coroutine that died with an error keeps it for `coroutine.close`. Here, not in
    /// the state, which a switch moves (papers/performance.md, `kshr`).
    pub(crate) error: std::cell::Cell<Option<Value>>,
    /// The bytes of stack and frames charged to the heap's count when the thread was
    /// made: what its free refunds. The stack and frame vector grow later without a
    /// charge (they grow where the heap is not at hand), so refunding their size at the
    /// free took more off the count than was ever put on (each dead coroutine that had
    /// recursed, and the count fell to zero in coroutine-heavy programs).
    charged: usize,
}

impl HeapSize for Thread {
    fn extra_bytes(&self) -> usize {
        self.charged
    }
}

impl Drop for Thread {
    fn drop(&mut self) {
        if !self.running.get() {
            // SAFETY: a thread that is not running owns the state in its cell (see the
            // type's comment), dropped once, here.
            unsafe { ManuallyDrop::drop(self.parked.get_mut()) }
        }
    }
}

/// A parked-state read of the running thread: a bug, stopped before it aliases the VM's
/// buffers (out of line, so the checks' callers stay small enough to inline).
#[cold]
#[inline(never)]
fn running_state_read() -> ! {
    panic!("the running thread's state is the VM's")
}

impl Thread {
    /// A thread whose frame vector has room for `frames` frames from the start.
    pub(crate) fn new(frames: usize) -> Thread {
        let s = ThreadState::new(frames);
        let charged =
            s.stack.capacity() * 8 + s.frames.capacity() * std::mem::size_of::<CallInfo>();
        Thread {
            parked: RefCell::new(ManuallyDrop::new(s)),
            running: Cell::new(false),
            hook: Default::default(),
            error: std::cell::Cell::new(None),
            charged,
        }
    }

    /// Whether this thread's state is the VM's (`Vm::th`), so its object holds none.
    #[inline]
    pub(crate) fn is_running(&self) -> bool {
        self.running.get()
    }

    /// The state of this thread while it is not the running one (ask the VM, `Vm::th`,
    /// for the running one's).
    pub(crate) fn parked(&self) -> Ref<'_, ThreadState> {
        // A hard check: the running thread's cell holds a stale copy whose buffers are
        // the VM's, which a reference through it would alias.
        if self.running.get() {
            running_state_read();
        }
        Ref::map(self.parked.borrow(), |s| &**s)
    }

    pub(crate) fn parked_mut(&self) -> RefMut<'_, ThreadState> {
        if self.running.get() {
            running_state_read();
        }
        RefMut::map(self.parked.borrow_mut(), |s| &mut **s)
    }

    /// The parked state for a read that calls nothing: without `parked`'s borrow count
    /// (an increment, a store and a decrement), only the test that no `RefMut` is alive.
    /// Coroutine switches read parked states three times a resume (papers/performance.md,
    /// `k6peek`).
    /// Reading a running thread's cell reads a stale copy: its plain fields are harmless
    /// bytes, but its buffers are the VM's, so a caller that reads through them checks
    /// first that the thread is not running (`copy_parked_values` does).
    #[inline]
    fn peek(&self) -> &ThreadState {
        // SAFETY: no `RefMut` of the cell is alive (checked), and the reference does not
        // leave this module's callers below, which only read through it and call nothing
        // that could borrow the cell mutably before they are done with it.
        let s = unsafe { self.parked.try_borrow_unguarded() };
        s.expect("a parked state being changed")
    }

    /// Whether the parked thread can be resumed: `Ok`, or the status that says why not
    /// (a thread whose body returned is dead, whatever its status says).
    #[inline]
    pub(crate) fn resumable(&self) -> Result<(), CoStatus> {
        let s = self.peek();
        match s.status {
            CoStatus::Suspended if s.frames.is_empty() && s.started => Err(CoStatus::Dead),
            CoStatus::Suspended => Ok(()),
            other => Err(other),
        }
    }

    /// Copies `dst.len()` values of the parked thread's stack from `start` into `dst`
    /// (the running thread's stack: another buffer). Mostly one or two values: those
    /// without `memcpy`.
    #[inline]
    pub(crate) fn copy_parked_values(&self, start: usize, dst: &mut [Value]) {
        // `dst` is in the running thread's stack: a running `self` would share its buffer.
        if self.running.get() {
            running_state_read();
        }
        let src = &self.peek().stack[start..start + dst.len()];
        match (dst, src) {
            ([], []) => {}
            ([d], [s]) => *d = *s,
            ([d0, d1], [s0, s1]) => {
                *d0 = *s0;
                *d1 = *s1;
            }
            (dst, src) => dst.copy_from_slice(src),
        }
    }

    /// Makes this (new) thread the running one: its state, now the VM's.
    pub(crate) fn take_state(&self) -> ThreadState {
        let s = std::mem::replace(&mut *self.parked_mut(), ThreadState::empty());
        self.running.set(true);
        s
    }

    /// A thread switch: `running` (the VM's state of the thread `from`) parks in `from`'s
    /// object, and `to`'s parked state becomes the running one. Two 120-byte moves: the
    /// cell `from` leaves held a stale copy, overwritten without a drop, and the one `to`
    /// leaves keeps a stale copy that no one reads (the type's comment). Coroutine
    /// switches are hot: this replaced three moves and two `RefCell` borrows
    /// (papers/performance.md, `k6rot`).
    #[inline]
    pub(crate) fn rotate(running: &mut ThreadState, from: &Thread, to: &Thread) {
        debug_assert!(from.running.get() && !to.running.get());
        debug_assert!(from.parked.try_borrow_mut().is_ok() && to.parked.try_borrow_mut().is_ok());
        let out: *mut ThreadState = from.parked.as_ptr().cast();
        let inc: *mut ThreadState = to.parked.as_ptr().cast();
        // Why the moves below are sound: `from` is running, so its cell holds a stale copy
        // that owns nothing (overwriting it leaks nothing); `to` is parked, so its cell
        // owns its state, which moves to `running`, and the copy left behind is stale from
        // then on (`running` set: never read nor dropped). No borrow of either cell is
        // alive across a switch (every `parked` borrow ends before code that can switch).
        // The three places are distinct (`from != to`; `running` is the VM's field).
        // (Open upvalues point into the stack buffers, which do not move.)
        // SAFETY: distinct, valid, non-overlapping states, moved once each (see above).
        unsafe {
            std::ptr::copy_nonoverlapping(running, out, 1);
            std::ptr::copy_nonoverlapping(inc, running, 1);
        }
        from.running.set(false);
        to.running.set(true);
    }
}

impl ThreadState {
    fn new(frames: usize) -> ThreadState {
        ThreadState {
            stack: vec![Value::NIL; 2 * MIN_STACK],
            frames: Vec::with_capacity(frames),
            ..ThreadState::empty()
        }
    }

    /// What a running thread's object holds: nothing allocated.
    pub(crate) fn empty() -> ThreadState {
        ThreadState {
            stack: Vec::new(),
            top: 0,
            frames: Vec::new(),
            open_upvals: Vec::new(),
            tbc: TbcList(None),
            status: CoStatus::Suspended,
            nny: 0,
            started: false,
            pcalls: 0,
            overflowed: false,
            hook_mask: 0,
        }
    }

    /// Whether another call frame would overflow the stack (beyond the error zone while an
    /// overflow is being handled).
    #[inline]
    pub fn frames_full(&self) -> bool {
        let n = self.frames.len();
        n >= MAX_FRAMES && (!self.overflowed || n >= MAX_FRAMES + ERROR_EXTRA_FRAMES)
    }

    /// Pushes a call frame (the only way a `pcall` frame is pushed, so `pcalls` stays right).
    #[inline]
    pub fn push_frame(&mut self, ci: CallInfo) {
        if ci.status & cist::PCALL != 0 {
            self.pcalls += 1;
        }
        self.frames.push(ci);
    }

    /// Pops the top frame.
    #[inline]
    pub fn pop_frame(&mut self) {
        if let Some(ci) = self.frames.pop() {
            if ci.status & cist::PCALL != 0 {
                self.pcalls -= 1;
            }
        }
    }

    /// Drops the frames above depth `n` (an error unwound them).
    pub fn truncate_frames(&mut self, n: usize) {
        if n >= self.frames.len() {
            return;
        }
        let gone = self.frames[n..]
            .iter()
            .filter(|ci| ci.status & cist::PCALL != 0)
            .count();
        self.pcalls -= gone as u16;
        self.frames.truncate(n);
    }

    /// Makes room for `n` more slots above `top`; `Err` past the stack limit.
    #[allow(clippy::result_unit_err)]
    #[inline]
    pub fn ensure(&mut self, n: usize) -> Result<(), ()> {
        if self.top + n <= self.stack.len() {
            return Ok(());
        }
        self.grow(n)
    }

    /// `lua_checkstack`: room for `n` more slots, never reaching into the error zone
    /// (a failed check is an answer, not an overflow being handled). Counts the
    /// `EXTRA_STACK` slots PUC-Rio keeps above `top`, so limits match lua5.4's.
    pub fn try_ensure(&mut self, n: usize) -> bool {
        const EXTRA_STACK: usize = 5;
        if self.top + n < self.stack.len().min(MAX_STACK) {
            return true;
        }
        if self.top + EXTRA_STACK + n > MAX_STACK {
            return false;
        }
        self.grow(n).is_ok()
    }

    #[cold]
    fn grow(&mut self, n: usize) -> Result<(), ()> {
        let needed = self.top + n;
        let limit = if self.stack.len() > MAX_STACK {
            MAX_STACK + ERROR_STACK_EXTRA
        } else {
            MAX_STACK
        };
        if needed > limit {
            if self.stack.len() <= MAX_STACK && needed <= MAX_STACK + ERROR_STACK_EXTRA {
                // Grant the error zone so the error can be raised and handled.
                self.resize(MAX_STACK + ERROR_STACK_EXTRA);
            }
            return Err(());
        }
        let new = (self.stack.len() * 2).max(needed).min(limit);
        self.resize(new);
        Ok(())
    }

    fn resize(&mut self, new: usize) {
        let old_ptr = self.stack.as_ptr();
        self.stack.resize(new, Value::NIL);
        if self.stack.as_ptr() != old_ptr {
            self.repoint_upvals();
        }
    }

    /// After the stack moved: every open upvalue points into the new buffer.
    pub(crate) fn repoint_upvals(&mut self) {
        let base = self.stack.as_mut_ptr();
        for uv in &self.open_upvals {
            // SAFETY: open upvalue indices are below the stack length (slots stay allocated
            // while an upvalue is open), so the pointer stays in bounds.
            uv.v.set(unsafe { base.add(uv.index.get()) });
        }
    }

    /// Shrinks an oversized stack after an overflow was handled (`luaD_shrinkstack`).
    pub(crate) fn shrink(&mut self) {
        let in_use = self
            .frames
            .iter()
            .map(|f| f.top)
            .max()
            .unwrap_or(0)
            .max(self.top);
        if self.stack.len() > MAX_STACK && in_use + 2 * MIN_STACK < MAX_STACK {
            let new = (in_use * 2).clamp(2 * MIN_STACK, MAX_STACK);
            self.stack.truncate(new);
            self.stack.shrink_to_fit();
            self.repoint_upvals();
        }
        self.overflowed = self.frames.len() >= MAX_FRAMES || self.stack.len() > MAX_STACK;
    }
}
