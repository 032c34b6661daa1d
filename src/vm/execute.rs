//! Entering the interpreter (`execute`), error recovery around it, returning from a Lua
//! frame, and the fast paths the opcode handlers (`ops.rs`) share.
//!
//! Registers are reached through a raw pointer to the frame's base. The compiler (and the
//! verifier for loaded chunks) guarantees every register operand is below the prototype's
//! `max_stack`, and `precall` guarantees the stack holds `base + max_stack` slots.

use crate::compiler::opcode::*;
use crate::gc::{Gc, Heap};
use crate::shared::arith::ArithOp;
use crate::vm::error::{Exc, LResult, Thrown};
use crate::vm::function::FuncProto;
use crate::vm::state::Vm;
use crate::vm::table::Table;
use crate::vm::thread::cist;
use crate::vm::value::Value;

/// What follows a return: the caller's Lua frame, or leaving the interpreter. One word
/// wide, so `LResult<Flow>` comes back in registers (see `error.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub(crate) enum Flow {
    Continue,
    Leave,
}

/// `t[k]` for a string constant `k` (field names are short, interned strings).
///
/// # Safety
/// `key` is a short string: the constant key of GETFIELD, GETTABUP, SETFIELD, SETTABUP or
/// SELF (rule 1, V1).
#[inline(always)]
pub(crate) unsafe fn get_const_str(t: Gc<Table>, key: Value) -> Value {
    // SAFETY: forwarded to the caller.
    let s = unsafe { key.as_string_unchecked() };
    t.get_short_str(key, s.hash())
}

/// `t[k] = v` for a string constant `k` when no metamethod applies and no table must grow
/// (`Gc::<Table>::set_short_str`); false otherwise.
///
/// # Safety
/// As for `get_const_str`.
#[inline(always)]
pub(crate) unsafe fn set_const_str(heap: &Heap, t: Gc<Table>, key: Value, v: Value) -> bool {
    // SAFETY: forwarded to the caller.
    let s = unsafe { key.as_string_unchecked() };
    t.set_short_str(heap, key, s.hash(), v)
}

/// `t[k] = v` for SETTABLE's out-of-line part: an inline integer into the array part
/// (`Table::set_int_fast`), a short string as a field name (`Gc::<Table>::set_short_str`);
/// false otherwise.
#[inline(always)]
pub(crate) fn set_any_key(heap: &Heap, t: Gc<Table>, key: Value, v: Value) -> bool {
    if key.is_inline_int() {
        return t.set_int_fast(heap, key.inline_int_payload(), v);
    }
    match key.as_string() {
        Some(s) if s.is_short() => t.set_short_str(heap, key, s.hash(), v),
        _ => false,
    }
}

/// `t[k]` for GETTABLE: an inline integer key reads the array part inline (the hash
/// part out of line); other keys take the general raw get.
#[inline(always)]
pub(crate) fn get_any_key(t: Gc<Table>, key: Value) -> Value {
    if key.is_inline_int() {
        t.get_int(key.inline_int_payload())
    } else {
        t.get(key)
    }
}

/// For two values whose words differ: true when they cannot be equal, without looking
/// at them further. Words that differ can still be equal values only between numbers
/// (an integer and a float, two boxed integers, 0.0 and -0.0) and between two objects of
/// one kind (long strings, tables or userdata with `__eq`); nil, booleans, inline integers
/// and light userdata are equal only to their own word.
#[inline(always)]
pub(crate) fn surely_unequal(x: Value, y: Value) -> bool {
    if x.is_float() || y.is_float() {
        return false;
    }
    // (An object word's low three bits are its kind.)
    !(x.is_object() && y.is_object()) || (x.bits() ^ y.bits()) & 7 != 0
}

/// A number as a float: floats, and inline integers converted (lvm.c's `tonumberns`).
#[inline(always)]
pub(crate) fn num_as_float(v: Value) -> Option<f64> {
    if v.is_inline_int() {
        Some(v.inline_int_payload() as f64)
    } else {
        v.as_float()
    }
}

/// Arithmetic on two floats, or a float and an inline integer, and `^` of two inline
/// integers, without a function call (the rest of two integers is the interpreter's
/// `int_arith`). `None` sends the instruction on (integer `//` and `%` by zero, strings,
/// metamethods).
#[inline(always)]
pub(crate) fn arith_float(op: ArithOp, x: Value, y: Value) -> Option<Value> {
    use crate::shared::arith as ar;
    if !(x.is_float() || y.is_float() || op == ArithOp::Pow) {
        return None;
    }
    if let (Some(p), Some(q)) = (num_as_float(x), num_as_float(y)) {
        if matches!(
            op,
            ArithOp::BAnd | ArithOp::BOr | ArithOp::BXor | ArithOp::Shl | ArithOp::Shr
        ) {
            return None;
        }
        return Some(Value::from_float(match op {
            ArithOp::Add => p + q,
            ArithOp::Sub => p - q,
            ArithOp::Mul => p * q,
            ArithOp::Div => p / q,
            ArithOp::Mod => ar::float_mod(p, q),
            ArithOp::IDiv => (p / q).floor(),
            ArithOp::Pow => {
                if q == 2.0 {
                    p * p
                } else {
                    p.powf(q)
                }
            }
            _ => return None,
        }));
    }
    None
}

impl Vm {
    /// Runs Lua frames on the current thread until the frame at depth `stop` returns
    /// (that is, until `frames.len() == stop`). Errors are caught by `pcall` frames at or
    /// above `stop`; others (and yields) propagate.
    pub(crate) fn execute(&mut self, stop: usize) -> LResult<()> {
        loop {
            match self.run(stop).map_err(Exc::get) {
                Ok(()) => return Ok(()),
                Err(Thrown::Yield) => return Err(Exc::YIELD),
                Err(Thrown::Error(e)) => {
                    if !self.recover(stop, e)? {
                        return Err(Exc::Error(e));
                    }
                    // The pcall that caught it returned into its caller; a pcall frame
                    // (`pcall(pcall, f)`) returns in turn, as it does from `finish_return`.
                    loop {
                        let th = &self.th;
                        if th.frames.len() <= stop {
                            return Ok(());
                        }
                        let top = *th.frames.last().expect("frame");
                        if top.status & cist::LUA != 0 {
                            break;
                        }
                        if top.status & cist::PCALL == 0 {
                            // A native waiting for a resumed coroutine's frames (`unroll`).
                            return Ok(());
                        }
                        self.finish_pcall()?;
                    }
                }
            }
        }
    }

    /// Where the running (Lua) frame continues: its next instruction, its first register
    /// and its constants.
    #[inline(always)]
    pub(crate) fn frame_cursor(&mut self) -> (*const Instruction, *mut Value, *const Value) {
        let th = &mut self.th;
        let ci = th.frames.last().expect("a Lua frame");
        let cl = th.stack[ci.func].as_lua_closure().expect("a Lua function");
        let fp: &FuncProto = &cl.proto;
        // SAFETY: the code and constants belong to the closure's prototype, alive while the
        // closure sits in the frame's function slot (a root); `precall` made sure that
        // `base + max_stack <= stack.len()`.
        unsafe { (ci.pc, th.stack.as_mut_ptr().add(ci.base), fp.k.as_ptr()) }
    }

    /// Runs the frames above `stop` (see `execute`) with the dispatch `ops.rs` was built
    /// with.
    fn run(&mut self, stop: usize) -> LResult<()> {
        let outer = std::mem::replace(&mut self.stop, stop);
        let (pc, regs, k) = self.frame_cursor();
        // SAFETY: `frame_cursor` gives the running Lua frame's pc, registers and constants.
        let r = unsafe { crate::vm::ops::run_ops(self, pc, regs, k) };
        self.stop = outer;
        r
    }

    /// Ends the running Lua frame: moves `n` results (on top of the stack) to the function
    /// slot, `shift` slots below the frame's (a vararg function's extra arguments and
    /// parameters, RETURN's C operand), and pops the frame. `Flow::Leave` when the
    /// interpreter must return (the frame was `stop`'s or a fresh one); otherwise the
    /// caller's frame (a Lua frame) continues.
    #[inline(never)]
    pub(crate) fn finish_return(&mut self, n: usize, shift: usize) -> LResult<Flow> {
        let stop = self.stop;
        let mut ci = *self.th.frames.last().expect("frame");
        if shift != 0 {
            ci.func -= ci.nextraargs as usize + shift;
        }
        self.poscall(ci, n);
        let th = &mut self.th;
        if ci.status & cist::FRESH != 0 || th.frames.len() <= stop {
            return Ok(Flow::Leave);
        }
        // Returning into a pcall frame finishes it too.
        loop {
            let th = &mut self.th;
            let top = *th.frames.last().expect("caller frame");
            if top.status & cist::LUA != 0 {
                return Ok(Flow::Continue);
            }
            if top.status & cist::PCALL != 0 {
                self.finish_pcall()?;
                let th = &mut self.th;
                if top.status & cist::FRESH != 0 || th.frames.len() <= stop {
                    return Ok(Flow::Leave);
                }
                continue;
            }
            // A native frame below a non-fresh Lua frame only happens after a resume
            // (unroll handles it).
            return Ok(Flow::Leave);
        }
    }
}
