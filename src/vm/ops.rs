//! The opcode handlers: one body per Lua 5.4 opcode, following lvm.c's `luaV_execute`.
//!
//! `dispatch.rs` turns these bodies into threaded handlers or the arms of a `match` loop
//! (see there for the conventions a body follows). Lua-to-Lua calls and returns stay in the
//! interpreter: a call pushes a frame and reloads `pc`, `regs` and `k`; a return pops it.
//! Slow paths (metamethods, errors, natives) are method calls that may run Lua code in a
//! nested interpreter; after each one the register pointer is reloaded, since the stack
//! may have moved.
//!
//! ## The rules every handler keeps
//! Numbered so that comments (the `SAFETY` ones included) and the verifier's own list
//! (`compiler/verify.rs`, rules V1-V8) can cite them.
//!
//! 1. **Operands are trusted.** Register, constant and upvalue operands, jump targets and
//!    the instruction pairs (a comparison and its JMP, an arithmetic instruction and its
//!    MMBIN, ...) are used without checks: the compiler emits them in range and
//!    `compiler::verify` checks every loaded chunk (V1-V3, V5). `pc`, `regs` and `k` obey
//!    the handler contract (`dispatch::Handler`).
//! 2. **Save the pc before anything that can raise an error, call out or collect**
//!    (`save_pc!`, `protect!`): error messages name the instruction's line, and tracebacks,
//!    hooks and a resumed coroutine find the frame where it stopped.
//! 3. **Reload `regs` after anything that can grow the stack** (`reload!`, `protect!`):
//!    calls, metamethods, natives and collector steps (finalizers) may reallocate it, so
//!    every pointer into the stack is stale after them. After a call or a return,
//!    `refresh_frame!` reloads `pc` and `k` as well.
//! 4. **Set the top before calling out** (`protect!`): a metamethod or native pushes above
//!    `top`, which must be at the frame's extent so it cannot overwrite live registers. The
//!    instructions that pass values "up to the top" (CALL, RETURN, SETLIST with B = 0 after
//!    a CALL or VARARG with C = 0) set it themselves (V4).
//! 5. **Collect only at safe points** (`gc_check!`, at the end of an instruction that
//!    allocated, with the pc saved and the top at the frame's extent): every live value is
//!    then in a root. After NEWTABLE, CLOSURE and CONCAT the top is just above their result
//!    (lvm.c's `checkGC(L, ra + 1)`: the registers above are dead, and a stale reference in
//!    one must not keep an object alive). No `Gc` or `Value` kept only in a Rust local
//!    lives across a call that can collect.
//! 6. **Barrier on every store into a heap object**: table stores go through the
//!    `Gc<Table>` methods (which run `Heap::barrier`), SETUPVAL and closing an upvalue run it
//!    too. A store into a black (or old) object without one lets the collector free a value
//!    that is still reachable.
//! 7. **An instruction interrupted by a yield can be finished**: metamethods called from a
//!    handler may yield (`call_yieldable`); the instruction is completed after the resume by
//!    `coroutine::finish_op`, so it leaves its operands and the metamethod's result where
//!    `finish_op` looks for them.
//! 8. **A Lua frame's function slot holds its closure** for the whole call (V6 keeps open
//!    upvalues and calls off it); `closure!` checks it anyway and raises an error rather
//!    than trust it.
//! 9. **No reference into the running thread's state lives across a call out.** `Vm::th` is
//!    a field, so the borrow checker refuses one; the raw pointers into the stack (`regs`,
//!    open upvalues) derive from the buffer's raw pointer, never from a `&mut` to it, so a
//!    write through either leaves the other valid (Stacked Borrows, checked under Miri).
//! 10. **Every loop and call is counted**: backward jumps (the loop's length) and Lua calls
//!     (one) take from the instruction budget (`count!`), so code that does not end runs out
//!     of it; dispatch itself counts nothing. While a hook is set, and after the limit
//!     error, every instruction goes through the trap (`Vm::dispatch`), which counts each
//!     one exactly. The limit error is not catchable (`limit_hit`), and no Lua code runs
//!     after it except to unwind.

use crate::compiler::opcode::*;
use crate::gc::{Gc, Heap};
use crate::shared::arith::{self as ar, ArithOp};
use crate::shared::limits::MAX_FRAMES;
use crate::shared::number::Number;
use crate::shared::tm::mmbin_arith;
use crate::vm::call::Callee;
use crate::vm::error::LResult;
use crate::vm::execute::{
    arith_float, get_any_key, get_const_str, set_any_key, set_const_str, surely_unequal, Flow,
};
use crate::vm::function::FuncProto;
use crate::vm::meta::Origin;
use crate::vm::quick;
use crate::vm::state::Vm;
use crate::vm::table::Table;
use crate::vm::thread::{cist, CallInfo};
use crate::vm::value::{Value, INLINE_INT_MAX};

// Table reads: the raw lookup `fast(table, key)`; a miss (nil, or not a table) goes to the
// cold `index_general`, which runs `__index` and raises errors.
macro_rules! get_fast {
    ($a:expr, $t:expr, $key:expr, $fast:expr) => {{
        let (t, key) = ($t, $key);
        let v = match t.as_table() {
            Some(tab) => ($fast)(tab, key),
            None => Value::NIL,
        };
        if v.is_nil() {
            tail!(index_general);
        }
        set_r!($a, v);
    }};
}

// Table writes: `fast(table, key, value)` assigns only over an existing non-nil value;
// anything else goes to the cold `newindex_general`.
macro_rules! set_fast {
    ($heap:expr, $t:expr, $key:expr, $i:ident, $fast:expr) => {{
        let (t, key, i) = ($t, $key, $i);
        let v = if arg_k(i) {
            kst!(arg_c(i))
        } else {
            r!(arg_c(i))
        };
        let done = match t.as_table() {
            Some(tab) => ($fast)($heap, tab, key, v),
            None => false,
        };
        if !done {
            tail!(newindex_general);
        }
    }};
}

// Arithmetic fast paths: two inline integers (`$int` gives the result, or `None` when it
// needs boxing or raises an error), two floats, or a float and an inline integer (`$flt`).
// The rest (boxed integers, strings, metamethods, errors) goes to the cold
// `arith_general`. On success the MMBIN that follows is skipped.
//
// Operands come by address (`rp!`, `kp!`): the tests read the words' top 16 bits from
// memory, and two floats are loaded straight into float registers and their result stored
// from one (lvm.c's `fltvalue`/`setfltvalue`); through the word, each would cross between
// integer and float registers on the dependency chain of float code, and the words would
// keep more registers busy. `$int` takes the two inline integers as values.
macro_rules! arith_op {
    // Operators whose float case calls a library function (`fmod`, `floor`, `pow`): only
    // two inline integers here; floats go to `arith_general`, so that the handler, which
    // then calls nothing, saves no registers on its integer path.
    // After the two integers' case, the instruction is rewritten to `$qii` (0: not).
    ($pc:ident, $i:ident, @int $px:expr, $py:expr, $int:expr, $qii:expr) => {{
        let (px, py): (*const Value, *const Value) = ($px, $py);
        // SAFETY: rule 1: `px` and `py` address a register or a constant (`rp!`, `kp!`),
        // whole aligned words, so their top halfwords are readable.
        let (tx, ty) = unsafe { (top16(px), top16(py)) };
        if !(Value::top16_is_int(tx) && Value::top16_is_int(ty)) {
            tail!(arith_general);
        }
        // SAFETY: as above.
        let (x, y) = unsafe { (*px, *py) };
        match ($int)(x, y) {
            Some(v) => {
                set_r!(arg_a($i), v);
                quicken!($pc, $i, $qii);
                skip!(1);
            }
            None => tail!(arith_general),
        }
    }};
    // The others: each case ends the handler itself. Without quickening: `quicken!` with
    // opcode 0 is a test of a constant, which compiles to nothing.
    ($pc:ident, $i:ident, @at $px:expr, $py:expr, $int:expr, $flt:expr) => {
        arith_op!($pc, $i, @at $px, $py, $int, $flt, 0, 0)
    };
    // The quickened opcodes (`vm::quick`): after the two-integer or the two-float case,
    // the instruction is rewritten to `$qii` or `$qff` (0: not). `quicken!` is defined
    // below; macros resolve where they are expanded.
    ($pc:ident, $i:ident, @at $px:expr, $py:expr, $int:expr, $flt:expr, $qii:expr, $qff:expr) => {{
        let (px, py): (*const Value, *const Value) = ($px, $py);
        // SAFETY: rule 1: `px` and `py` address a register or a constant (`rp!`, `kp!`),
        // whole aligned words, so their top halfwords are readable.
        let (tx, ty) = unsafe { (top16(px), top16(py)) };
        if Value::top16_is_int(tx) && Value::top16_is_int(ty) {
            // SAFETY: as above.
            let (x, y) = unsafe { (*px, *py) };
            match ($int)(x, y) {
                Some(v) => {
                    set_r!(arg_a($i), v);
                    quicken!($pc, $i, $qii);
                    skip!(1);
                    done!();
                }
                None => tail!(arith_general),
            }
        }
        if Value::top16_is_float(tx) && Value::top16_is_float(ty) {
            // SAFETY: as above; both words are floats' bits.
            let r: f64 = ($flt)(unsafe { *(px as *const f64) }, unsafe {
                *(py as *const f64)
            });
            set_rf!(arg_a($i), r);
            quicken!($pc, $i, $qff);
            skip!(1);
            done!();
        }
        // A float and an inline integer (not quickened), stored from a float register.
        // SAFETY: as above.
        let (Some(p), Some(q)) = (unsafe { num_at(px, tx) }, unsafe { num_at(py, ty) }) else {
            tail!(arith_general)
        };
        set_rf!(arg_a($i), ($flt)(p, q));
        skip!(1);
    }};
}
/// The top 16 bits of the word at `p` (a value's tag, or a float's sign and exponent),
/// read on their own: `Value::top16_is_int`, `Value::top16_is_float`.
///
/// # Safety
/// `p` is valid for reads of a `Value`.
#[inline(always)]
unsafe fn top16(p: *const Value) -> u16 {
    let half = if cfg!(target_endian = "little") { 3 } else { 0 };
    // SAFETY: the caller's contract: a `Value` is an aligned 8-byte word, so its four
    // halfwords are in bounds and 2-aligned.
    unsafe { *(p as *const u16).add(half) }
}
/// The number at `p`, whose top 16 bits are `top` (`top16`), as a float: `num_as_float`
/// from memory.
///
/// # Safety
/// As for `top16`.
#[inline(always)]
unsafe fn num_at(p: *const Value, top: u16) -> Option<f64> {
    if Value::top16_is_int(top) {
        // SAFETY: the caller's contract.
        Some(unsafe { *p }.inline_int_payload() as f64)
    } else if Value::top16_is_float(top) {
        // SAFETY: the caller's contract; the word is a float's bits.
        Some(unsafe { *(p as *const f64) })
    } else {
        None
    }
}
// `arith_op!`'s integer case from a function of the two payloads.
macro_rules! on_payloads {
    ($f:expr) => {
        |x: Value, y: Value| ($f)(x.inline_int_payload(), y.inline_int_payload())
    };
}
// The end of an arithmetic fast path: store the result and skip the MMBIN that follows,
// or hand the instruction to `arith_general`.
macro_rules! store_or_general {
    ($i:ident, $v:expr) => {
        match $v {
            Some(v) => {
                set_r!(arg_a($i), v);
                skip!(1);
            }
            None => tail!(arith_general),
        }
    };
}
// Bitwise operators: two inline integers here, everything else in `arith_general`.
macro_rules! bitwise_op {
    ($i:ident, $x:expr, $y:expr, $int:expr) => {{
        let (x, y) = ($x, $y);
        let v = if x.is_inline_int() && y.is_inline_int() {
            ($int)(x.inline_int_payload(), y.inline_int_payload())
        } else {
            None
        };
        store_or_general!($i, v)
    }};
}

// Comparisons with an immediate operand: inline integers and floats here, the rest
// (boxed integers, metamethods, errors) in the cold `compare_general`.
macro_rules! order_imm {
    ($i:ident, $cmp:tt) => {{
        let x = r!(arg_a($i));
        let imm = arg_sb($i) as i64;
        let c = if x.is_inline_int() {
            x.inline_int_payload() $cmp imm
        } else if let Some(fl) = x.as_float() {
            fl $cmp imm as f64
        } else {
            tail!(compare_general)
        };
        cond_jump!(c, $i);
    }};
}

// RETURN0/RETURN1 straight to a Lua caller that takes exactly the results given (or all
// of them), from a frame that is neither fresh nor the interpreter's `stop`: what
// `finish_return` does in that case, without its checks. Otherwise falls through to it.
// `$result` is the one result (`None` for RETURN0); a value, not a slice of a local
// array: a local whose address is taken keeps LLVM from making the handler's dispatch a
// tail call on the slow path below.
macro_rules! return_fast {
    ($vm:ident, $pc:ident, $regs:ident, $k:ident, $result:expr) => {{
        let result: Option<Value> = $result;
        let n = result.is_some() as usize;
        let th = &mut $vm.th;
        let len = th.frames.len();
        let fr = th.frames.as_mut_ptr();
        // SAFETY: a Lua frame runs, so `len >= 1`.
        let ci = unsafe { *fr.add(len - 1) };
        if (ci.nresults == n as i32 || ci.nresults < 0)
            && ci.status & !cist::TAIL == cist::LUA
            && len - 1 > $vm.stop
            // SAFETY: `len - 1 > stop >= 0`, so the caller's frame exists.
            && unsafe { (*fr.add(len - 2)).status } & cist::LUA != 0
        {
            let sp = th.stack.as_mut_ptr();
            if let Some(v) = result {
                // SAFETY: a frame's function slot is below its registers, on the stack.
                unsafe { *sp.add(ci.func) = v };
            }
            th.top = ci.func + n;
            // SAFETY: `CallInfo` is `Copy` (nothing to drop), and a Lua frame (checked
            // above) is never a pcall frame: `pcalls` is unchanged (`pop_frame`).
            unsafe { th.frames.set_len(len - 1) };
            // SAFETY: as above; the frame stays allocated after `set_len`.
            let caller = unsafe { *fr.add(len - 2) };
            // SAFETY: rule 8: the caller's function slot is on the stack below its registers.
            let cl = unsafe { *sp.add(caller.func) }
                .as_lua_closure()
                .expect("a Lua caller");
            $pc = caller.pc;
            $k = cl.proto.k.as_ptr();
            // SAFETY: the caller's registers are still on the stack (frames only grow it).
            $regs = unsafe { sp.add(caller.base) };
            done!();
        }
    }};
}

/// An inline integer from a result known to fit (bitwise operators on inline operands).
#[inline(always)]
fn int_inline(n: i64) -> Value {
    Value::inline_int_unchecked(n)
}
#[inline(always)]
fn int_mod(p: i64, q: i64) -> Option<Value> {
    (q != 0).then(|| int_inline(ar::int_mod(p, q)))
}
#[inline(always)]
fn int_idiv(p: i64, q: i64) -> Option<Value> {
    if q == 0 {
        return None;
    }
    Value::inline_int(ar::int_idiv(p, q))
}
#[inline(always)]
fn int_div(p: i64, q: i64) -> Option<Value> {
    Some(Value::from_float(p as f64 / q as f64))
}

/// `OpCode::arith` by opcode number, quickened numbers included (as the lua5.4 opcode they
/// stand for): `arith_general` looks its instruction up here rather than decoding it.
static ARITH_OF: [Option<(ArithOp, OpCode)>; 1 << SIZE_OP] = {
    let mut t = [None; 1 << SIZE_OP];
    let mut n = 0;
    while n < t.len() {
        let op = match OpCode::from_u8(n as u8) {
            Some(o) => Some(o),
            None => quick::generic_of(n as u32),
        };
        if let Some(o) = op {
            t[n] = o.arith();
        }
        n += 1;
    }
    t
};

/// Integer arithmetic on two integers at least one of which is boxed (or whose result
/// is): what `arith_general` does first. Nil for `^`, and for `//` and `%` by zero, which
/// the general path handles (papers/values.md). `shared::arith::arith` has the same
/// rules for `Number`s; a shared `Option<i64>` helper called here cost int64_hashing 0.8%
/// (one `heap.int` after the match instead of one per arm), so each arm boxes its own.
#[inline(never)]
fn int_arith(heap: &Heap, op: ArithOp, p: i64, q: i64) -> Value {
    match op {
        ArithOp::Add => heap.int(p.wrapping_add(q)),
        ArithOp::Sub => heap.int(p.wrapping_sub(q)),
        ArithOp::Mul => heap.int(p.wrapping_mul(q)),
        ArithOp::Mod if q != 0 => heap.int(ar::int_mod(p, q)),
        ArithOp::IDiv if q != 0 => heap.int(ar::int_idiv(p, q)),
        ArithOp::BAnd => heap.int(p & q),
        ArithOp::BOr => heap.int(p | q),
        ArithOp::BXor => heap.int(p ^ q),
        ArithOp::Shl => heap.int(ar::shift_left(p, q)),
        ArithOp::Shr => heap.int(ar::shift_left(p, q.wrapping_neg())),
        ArithOp::Div => Value::from_float(p as f64 / q as f64),
        _ => Value::NIL,
    }
}

// An arithmetic instruction's operation and operands, for `arith_general` and
// `arith_other`: `ARITH_OF` names the operation and the MMBIN family, which says where the
// second operand is (SHLI's immediate comes first).
macro_rules! arith_operands {
    ($i:ident) => {{
        let (op, family) = ARITH_OF[op_bits($i) as usize].expect("an arithmetic instruction");
        let (x, y) = match family {
            OpCode::MmBinI => {
                let imm = Value::inline_int_unchecked(arg_sc($i) as i64);
                if op == ArithOp::Shl {
                    (imm, r!(arg_b($i)))
                } else {
                    (r!(arg_b($i)), imm)
                }
            }
            OpCode::MmBinK => (r!(arg_b($i)), kst!(arg_c($i))),
            _ => (r!(arg_b($i)), r!(arg_c($i))),
        };
        (op, x, y)
    }};
}

/// The opcode of the running instruction (cold handlers serve several); a quickened one
/// as the lua5.4 opcode it stands for (`vm::quick`).
fn opcode_of(i: Instruction) -> OpCode {
    OpCode::from_u8(op_bits(i) as u8)
        .or_else(|| quick::generic_of(op_bits(i)))
        .expect("a valid opcode")
}

// Slow paths whose results would come back through memory (`LResult<bool>`,
// `LResult<Option<Value>>`), which would keep the calling handler from tail-calling the
// next one: these out-of-line adaptors return a `Value` instead.

/// `arith_fast`'s result, nil when the operands need a metamethod (no arithmetic gives nil).
#[inline(never)]
fn arith_slow(vm: &mut Vm, op: ArithOp, x: Value, y: Value) -> LResult<Value> {
    Ok(vm.arith_fast(op, x, y)?.unwrap_or(Value::NIL))
}
#[inline(never)]
fn order_imm_slow(vm: &mut Vm, op: OpCode, x: Value, imm: i64, isf: bool) -> LResult<Value> {
    vm.order_imm(op, x, imm, isf).map(Value::from_bool)
}
#[inline(never)]
fn equal_slow(vm: &mut Vm, x: Value, y: Value) -> LResult<Value> {
    vm.equal_slow(x, y).map(Value::from_bool)
}
#[inline(never)]
fn less_than_slow(vm: &mut Vm, x: Value, y: Value) -> LResult<Value> {
    vm.less_than(x, y).map(Value::from_bool)
}
#[inline(never)]
fn less_equal_slow(vm: &mut Vm, x: Value, y: Value) -> LResult<Value> {
    vm.less_equal(x, y).map(Value::from_bool)
}
/// `#x` when no metamethod can apply (a string, or a table without `__len`) and the length
/// fits an inline integer; nil otherwise (`len_of` decides). Out of line: the border search
/// inlined into LEN kept it from tail-calling at opt-level 1 (tests/kit/tests/dispatch_depth.rs).
#[inline(never)]
fn len_raw(x: Value) -> Value {
    let n = if let Some(t) = x.as_table() {
        match t.border_if_raw() {
            Some(n) => n,
            None => return Value::NIL,
        }
    } else if let Some(s) = x.as_string() {
        s.len() as i64
    } else {
        return Value::NIL;
    };
    Value::inline_int(n).unwrap_or(Value::NIL)
}
#[inline(never)]
fn new_table(vm: &mut Vm, narray: usize, nhash: usize) -> Value {
    Value::from_table(vm.new_table(narray, nhash))
}
/// True (as a value) when the loop runs no iteration.
#[inline(never)]
fn for_prep_slow(vm: &mut Vm, ra: usize) -> LResult<Value> {
    vm.for_prep(ra).map(Value::from_bool)
}

/// FORLOOP over floats, or integers that are boxed: lvm.c's `floatforloop` and the
/// general integer case, out of line so the handler's fast path stays small.
#[cold]
#[inline(never)]
///
/// # Safety
/// `regs` is the running frame's first register (the handler contract, `dispatch::Handler`)
/// and `a` a FORLOOP's A operand.
unsafe fn for_loop_general(vm: &mut Vm, regs: *mut Value, a: u32) -> bool {
    // SAFETY: FORLOOP's four registers `a..a + 4` are below the prototype's `max_stack`
    // (compiler and verifier), and `Value` arrays have `Value`'s alignment.
    let st = unsafe { &mut *(regs.add(a as usize) as *mut [Value; 4]) };
    vm.for_loop_slow(st)
}

// Quickening (`vm::quick`): rewrites the running instruction's opcode to quickened
// number `q` (0: leave it), in the code the interpreter runs. Threaded dispatch only: the
// `match` loop's `match` covers lua5.4's opcodes alone.
macro_rules! quicken {
    ($pc:ident, $i:ident, $q:expr) => {{
        let q: u32 = $q;
        if q != 0 && cfg!(not(match_dispatch)) {
            // `pc - 1` is the running instruction, in the running function's
            // `FuncProto::quick` (the handler contract: frames' pcs derive from
            // `FuncProto::code`, a pointer into that `Vec` of `Cell`s, so writing through it
            // is allowed while the prototype is shared; the VM is single-threaded, and no
            // reference to a cell's contents is held, only copies). The quickened
            // instruction has the same operands and meaning for every operand type
            // (`vm::quick`), so every closure and coroutine sharing the prototype runs
            // correctly whichever word it fetches.
            // SAFETY: see above: a write through `Cell`s into the running function's code.
            unsafe { *($pc.sub(1) as *mut Instruction) = crate::vm::quick::with_op($i, q) };
        }
    }};
}

// A quickened instruction whose operands no longer fit its case: rewritten to the sticky
// generic form `$qg`, then run by that form's handler `$gname` (the slow paths decode a
// quickened opcode as lua5.4's: `opcode_of`).
#[cfg(not(match_dispatch))]
macro_rules! unquicken {
    ($pc:ident, $i:ident, $qg:expr, $gname:ident) => {{
        quicken!($pc, $i, $qg);
        tail!($gname);
    }};
}
// A quickened two-integer instruction: both words in integer registers (a word just
// stored from one comes back at once; papers/performance.md, u6 and q7). `@k`: the second
// operand is a constant, whose type cannot change (a prototype's constants are fixed, and
// the instruction was quickened after it was an inline integer), so only the register is
// tested.
#[cfg(not(match_dispatch))]
macro_rules! arith_ii {
    ($pc:ident, $i:ident, $x:expr, $y:expr, $int:expr, $qg:expr, $gname:ident) => {
        arith_ii!(@test |x: Value, y: Value| x.is_inline_int() && y.is_inline_int(),
            $pc, $i, $x, $y, $int, $qg, $gname)
    };
    ($pc:ident, $i:ident, @k $x:expr, $y:expr, $int:expr, $qg:expr, $gname:ident) => {
        arith_ii!(@test |x: Value, _: Value| x.is_inline_int(), $pc, $i, $x, $y, $int, $qg, $gname)
    };
    (@test $test:expr, $pc:ident, $i:ident, $x:expr, $y:expr, $int:expr, $qg:expr, $gname:ident) => {{
        let (x, y) = ($x, $y);
        if ($test)(x, y) {
            if let Some(v) = ($int)(x, y) {
                set_r!(arg_a($i), v);
                skip!(1);
                done!();
            }
        }
        unquicken!($pc, $i, $qg, $gname);
    }};
}
// A quickened integer-by-constant instruction whose operator has no float case here
// (MODK, IDIVK): the register's tag compared in memory, as the generic handler does (a
// division dwarfs the load); the constant is an integer (as for `arith_ii!`'s `@k`).
#[cfg(not(match_dispatch))]
macro_rules! arith_ik {
    ($pc:ident, $i:ident, $px:expr, $y:expr, $int:expr, $qg:expr, $gname:ident) => {{
        let px: *const Value = $px;
        // SAFETY: rule 1: `px` addresses a register (`rp!`), a whole aligned word.
        if Value::top16_is_int(unsafe { top16(px) }) {
            // SAFETY: as above.
            if let Some(v) = ($int)(unsafe { *px }, $y) {
                set_r!(arg_a($i), v);
                skip!(1);
                done!();
            }
        }
        unquicken!($pc, $i, $qg, $gname);
    }};
}
// A quickened two-float instruction: `arith_op!`'s float case (tags tested from memory,
// floats loaded into float registers and the result stored from one). `@k`: as for
// `arith_ii!`, only the register's tag is tested.
#[cfg(not(match_dispatch))]
macro_rules! arith_ff {
    ($pc:ident, $i:ident, $px:expr, $py:expr, $flt:expr, $qg:expr, $gname:ident) => {
        arith_ff!(@test |tx: u16, ty: u16| Value::top16_is_float(tx) && Value::top16_is_float(ty),
            $pc, $i, $px, $py, $flt, $qg, $gname)
    };
    ($pc:ident, $i:ident, @k $px:expr, $py:expr, $flt:expr, $qg:expr, $gname:ident) => {
        arith_ff!(@test |tx: u16, _: u16| Value::top16_is_float(tx),
            $pc, $i, $px, $py, $flt, $qg, $gname)
    };
    (@test $test:expr, $pc:ident, $i:ident, $px:expr, $py:expr, $flt:expr, $qg:expr, $gname:ident) => {{
        let (px, py): (*const Value, *const Value) = ($px, $py);
        // SAFETY: rule 1: `px` and `py` address registers or constants (`rp!`, `kp!`), whole
        // aligned words.
        let (tx, ty) = unsafe { (top16(px), top16(py)) };
        if ($test)(tx, ty) {
            // SAFETY: as above; the words are floats' bits (a constant tested when the
            // instruction was quickened), and any word is a valid `f64`.
            let r: f64 = ($flt)(unsafe { *(px as *const f64) }, unsafe {
                *(py as *const f64)
            });
            set_rf!(arg_a($i), r);
            skip!(1);
            done!();
        }
        unquicken!($pc, $i, $qg, $gname);
    }};
}

macro_rules! addi_body {
    ($pc:ident, $i:ident, $qi:expr, $qf:expr) => {{
        // As `arith_op!` with an immediate: the tag read from memory, an inline integer
        // added in the top 48 bits (one overflow flag), a float from a float register.
        let px = rp!(arg_b($i));
        let imm = arg_sc($i) as i64;
        // SAFETY: rule 1: `px` addresses a register (`rp!`).
        let tx = unsafe { top16(px) };
        if Value::top16_is_int(tx) {
            // SAFETY: as above.
            match Value::add_int_imm(unsafe { *px }, imm) {
                Some(v) => set_r!(arg_a($i), v),
                None => tail!(arith_general),
            }
            quicken!($pc, $i, $qi);
        } else if Value::top16_is_float(tx) {
            // SAFETY: as above; the word is a float's bits.
            let r = unsafe { *(px as *const f64) } + imm as f64;
            set_rf!(arg_a($i), r);
            quicken!($pc, $i, $qf);
        } else {
            tail!(arith_general)
        }
        skip!(1);
    }};
}

define_ops! { $ (vm, pc, regs, k, i)
    Move op_move => { set_r!(arg_a(i), r!(arg_b(i))) }
    LoadI op_loadi => { set_r!(arg_a(i), Value::inline_int_unchecked(arg_sbx(i) as i64)) }
    LoadF op_loadf => { set_r!(arg_a(i), Value::from_float(arg_sbx(i) as f64)) }
    LoadK op_loadk => { set_r!(arg_a(i), kst!(arg_bx(i))) }
    LoadKX op_loadkx => {
        let ax = arg_ax(next_ins!());
        skip!(1);
        set_r!(arg_a(i), kst!(ax));
    }
    LoadFalse op_loadfalse => { set_r!(arg_a(i), Value::FALSE) }
    LFalseSkip op_lfalseskip => {
        set_r!(arg_a(i), Value::FALSE);
        skip!(1);
    }
    LoadTrue op_loadtrue => { set_r!(arg_a(i), Value::TRUE) }
    LoadNil op_loadnil => {
        let a = arg_a(i);
        for j in 0..=arg_b(i) {
            set_r!(a + j, Value::NIL);
        }
    }
    GetUpval op_getupval => {
        set_r!(arg_a(i), upval!(arg_b(i)).get())
    }
    SetUpval op_setupval => {
        let u = upval!(arg_b(i));
        u.set(r!(arg_a(i)));
        // The barrier's slow path in a cold handler: called from here, it would make this
        // handler save registers on every run.
        if Heap::barrier_due(u.header()) {
            tail!(upval_barrier);
        }
    }
    GetTabUp op_gettabup => {
        let env = upval!(arg_b(i)).get();
        // SAFETY: rule 1 (V1): GETTABUP's key is a short string constant.
        get_fast!(arg_a(i), env, kst!(arg_c(i)), |t, key| unsafe { get_const_str(t, key) })
    }
    GetTable op_gettable => {
        // An inline integer key in the array part here; other keys, the hash part and empty
        // slots in `gettable_other`: this path calls nothing, so it saves no registers.
        let Some(tab) = r!(arg_b(i)).as_table() else { tail!(index_general) };
        match tab.get_array_at(r!(arg_c(i)).array_index()) {
            Some(v) if !v.is_nil() => set_r!(arg_a(i), v),
            _ => tail!(gettable_other),
        }
    }
    GetI op_geti => {
        // As GETTABLE: the hash part and empty slots in `geti_hash`.
        let Some(tab) = r!(arg_b(i)).as_table() else { tail!(index_general) };
        match tab.get_array_at((arg_c(i) as u64).wrapping_sub(1)) {
            Some(v) if !v.is_nil() => set_r!(arg_a(i), v),
            _ => tail!(geti_hash),
        }
    }
    GetField op_getfield => {
        // SAFETY: rule 1 (V1): GETFIELD's key is a short string constant.
        get_fast!(arg_a(i), r!(arg_b(i)), kst!(arg_c(i)), |t, key| unsafe { get_const_str(t, key) })
    }
    SetTabUp op_settabup => {
        let env = closure!().upvals()[arg_a(i) as usize].get().get();
        // SAFETY: rule 1 (V1): SETTABUP's key is a short string constant.
        set_fast!(&vm.heap, env, kst!(arg_b(i)), i, |h, t, key, v| unsafe { set_const_str(h, t, key, v) })
    }
    SetTable op_settable => {
        // An inline integer key in the array part of a table that needs no barrier here;
        // the rest in `settable_other`: this path calls nothing, so it saves no registers.
        let key = r!(arg_b(i));
        let Some(tab) = r!(arg_a(i)).as_table() else { tail!(newindex_general) };
        let v = if arg_k(i) {
            kst!(arg_c(i))
        } else {
            r!(arg_c(i))
        };
        if !tab.set_array_at_unbarriered(key.array_index(), v) {
            tail!(settable_other);
        }
    }
    SetI op_seti => {
        // As SETTABLE: the rest in `newindex_general`.
        let Some(tab) = r!(arg_a(i)).as_table() else { tail!(newindex_general) };
        let v = if arg_k(i) {
            kst!(arg_c(i))
        } else {
            r!(arg_c(i))
        };
        if !tab.set_array_at_unbarriered((arg_b(i) as u64).wrapping_sub(1), v) {
            tail!(newindex_general);
        }
    }
    SetField op_setfield => {
        // SAFETY: rule 1 (V1): SETFIELD's key is a short string constant.
        set_fast!(&vm.heap, r!(arg_a(i)), kst!(arg_b(i)), i, |h, t, key, v| unsafe { set_const_str(h, t, key, v) })
    }
    NewTable op_newtable => {
        let b = arg_b(i);
        let mut c = arg_c(i) as usize;
        if arg_k(i) {
            c += arg_ax(next_ins!()) as usize * (MAXARG_C as usize + 1);
        }
        skip!(1);
        let nhash = if b > 0 { 1usize << (b - 1) } else { 0 };
        set_r!(arg_a(i), new_table(vm, c, nhash));
        gc_check!();
    }
    SelfOp op_self => {
        let a = arg_a(i);
        let obj = r!(arg_b(i));
        set_r!(a + 1, obj);
        if arg_k(i) {
            // A string's method (`s:byte(i)`): straight to the table the string metatable's
            // `__index` names (the `string` table, unless a program changed it); a miss,
            // or an `__index` that is not a table, takes `index_general`.
            let holder = match obj.as_table() {
                Some(t) => t,
                None if obj.is_string() => match vm.string_methods() {
                    Some(m) => m,
                    None => tail!(index_general),
                },
                None => tail!(index_general),
            };
            let key = kst!(arg_c(i));
            // SAFETY: rule 1 (V1): SELF's constant key is a short string.
            let v = unsafe { get_const_str(holder, key) };
            if v.is_nil() {
                tail!(index_general);
            }
            set_r!(a, v);
        } else {
            get_fast!(a, obj, r!(arg_c(i)), |tab: Gc<Table>, key| tab.get(key))
        }
    }
    AddI op_addi => { addi_body!(pc, i, quick::ADDI_I, quick::ADDI_F) }
    AddK op_addk => {
        arith_op!(pc, i, @at rp!(arg_b(i)), kp!(arg_c(i)), Value::add_ints, |p, q| p + q, quick::ADDK_II, quick::ADDK_FF)
    }
    SubK op_subk => {
        arith_op!(pc, i, @at rp!(arg_b(i)), kp!(arg_c(i)), Value::sub_ints, |p, q| p - q, quick::SUBK_II, quick::SUBK_FF)
    }
    MulK op_mulk => {
        arith_op!(pc, i, @at rp!(arg_b(i)), kp!(arg_c(i)), Value::mul_ints, |p, q| p * q, quick::MULK_II, quick::MULK_FF)
    }
    ModK op_modk => { arith_op!(pc, i, @int rp!(arg_b(i)), kp!(arg_c(i)), on_payloads!(int_mod), quick::MODK_II) }
    // Exponentiation always calls `pow`: all of it in `arith_general`, so that no handler
    // saves registers for the call.
    PowK op_powk => { tail!(arith_general) }
    DivK op_divk => { arith_op!(pc, i, @at rp!(arg_b(i)), kp!(arg_c(i)), on_payloads!(int_div), |p, q| p / q, quick::DIVK_II, 0) }
    IDivK op_idivk => { arith_op!(pc, i, @int rp!(arg_b(i)), kp!(arg_c(i)), on_payloads!(int_idiv), quick::IDIVK_II) }
    BAndK op_bandk => { bitwise_op!(i, r!(arg_b(i)), kst!(arg_c(i)), |p, q| Some(int_inline(p & q))) }
    BOrK op_bork => { bitwise_op!(i, r!(arg_b(i)), kst!(arg_c(i)), |p, q| Some(int_inline(p | q))) }
    BXorK op_bxork => { bitwise_op!(i, r!(arg_b(i)), kst!(arg_c(i)), |p, q| Some(int_inline(p ^ q))) }
    ShrI op_shri => {
        let imm = Value::inline_int_unchecked(arg_sc(i) as i64);
        bitwise_op!(i, r!(arg_b(i)), imm, |p, q: i64| Value::inline_int(ar::shift_left(p, q.wrapping_neg())))
    }
    ShlI op_shli => {
        let imm = Value::inline_int_unchecked(arg_sc(i) as i64);
        bitwise_op!(i, imm, r!(arg_b(i)), |p, q| Value::inline_int(ar::shift_left(p, q)))
    }
    Add op_add => {
        arith_op!(pc, i, @at rp!(arg_b(i)), rp!(arg_c(i)), Value::add_ints, |p, q| p + q, quick::ADD_II, quick::ADD_FF)
    }
    Sub op_sub => {
        arith_op!(pc, i, @at rp!(arg_b(i)), rp!(arg_c(i)), Value::sub_ints, |p, q| p - q, quick::SUB_II, quick::SUB_FF)
    }
    Mul op_mul => { arith_op!(pc, i, @at rp!(arg_b(i)), rp!(arg_c(i)), Value::mul_ints, |p, q| p * q, quick::MUL_II, quick::MUL_FF) }
    Div op_div => { arith_op!(pc, i, @at rp!(arg_b(i)), rp!(arg_c(i)), on_payloads!(int_div), |p, q| p / q, 0, quick::DIV_FF) }
    Mod op_mod => { arith_op!(pc, i, @int rp!(arg_b(i)), rp!(arg_c(i)), on_payloads!(int_mod), 0) }
    Pow op_pow => { tail!(arith_general) }
    IDiv op_idiv => { arith_op!(pc, i, @int rp!(arg_b(i)), rp!(arg_c(i)), on_payloads!(int_idiv), 0) }
    BAnd op_band => { bitwise_op!(i, r!(arg_b(i)), r!(arg_c(i)), |p, q| Some(int_inline(p & q))) }
    BOr op_bor => { bitwise_op!(i, r!(arg_b(i)), r!(arg_c(i)), |p, q| Some(int_inline(p | q))) }
    BXor op_bxor => { bitwise_op!(i, r!(arg_b(i)), r!(arg_c(i)), |p, q| Some(int_inline(p ^ q))) }
    Shl op_shl => {
        bitwise_op!(i, r!(arg_b(i)), r!(arg_c(i)), |p, q| Value::inline_int(ar::shift_left(p, q)))
    }
    Shr op_shr => {
        bitwise_op!(i, r!(arg_b(i)), r!(arg_c(i)), |p, q: i64| Value::inline_int(ar::shift_left(p, q.wrapping_neg())))
    }
    MmBin op_mmbin => {
        // The previous instruction failed its fast path.
        let a = arg_a(i);
        let prev = prev_ins!();
        let o = mmbin_arith(arg_c(i));
        let x = r!(a);
        let y = r!(arg_b(i));
        let v = protect!(vm.arith_mm(o, x, y, Origin::Reg(a), Origin::Reg(arg_b(i)))?);
        set_r!(arg_a(prev), v);
    }
    MmBinI op_mmbini => {
        let a = arg_a(i);
        let prev = prev_ins!();
        let o = mmbin_arith(arg_c(i));
        let imm = Value::inline_int_unchecked(arg_sb(i) as i64);
        let x = r!(a);
        let v = if arg_k(i) {
            protect!(vm.arith_mm(o, imm, x, Origin::None, Origin::Reg(a))?)
        } else {
            protect!(vm.arith_mm(o, x, imm, Origin::Reg(a), Origin::None)?)
        };
        set_r!(arg_a(prev), v);
    }
    MmBinK op_mmbink => {
        let a = arg_a(i);
        let prev = prev_ins!();
        let o = mmbin_arith(arg_c(i));
        let kv = kst!(arg_b(i));
        let x = r!(a);
        let kc = Origin::Const(arg_b(i));
        let v = if arg_k(i) {
            protect!(vm.arith_mm(o, kv, x, kc, Origin::Reg(a))?)
        } else {
            protect!(vm.arith_mm(o, x, kv, Origin::Reg(a), kc)?)
        };
        set_r!(arg_a(prev), v);
    }
    Unm op_unm => {
        let x = r!(arg_b(i));
        let v = if x.is_inline_int() {
            vm.heap.int(x.inline_int_payload().wrapping_neg())
        } else if let Some(fl) = x.as_float() {
            Value::from_float(-fl)
        } else if let Some(n) = x.as_int() {
            vm.heap.int(n.wrapping_neg())
        } else {
            let ob = Origin::Reg(arg_b(i));
            protect!(vm.arith_mm(ArithOp::Unm, x, x, ob, ob)?)
        };
        set_r!(arg_a(i), v);
    }
    BNot op_bnot => {
        let x = r!(arg_b(i));
        let v = if x.is_inline_int() {
            Value::inline_int_unchecked(!x.inline_int_payload())
        } else if let Some(v) = vm.bitwise_fast(ArithOp::BNot, x, x) {
            v
        } else {
            let ob = Origin::Reg(arg_b(i));
            protect!(vm.arith_mm(ArithOp::BNot, x, x, ob, ob)?)
        };
        set_r!(arg_a(i), v);
    }
    Not op_not => { set_r!(arg_a(i), Value::from_bool(!r!(arg_b(i)).is_truthy())) }
    Len op_len => {
        let x = r!(arg_b(i));
        let mut v = len_raw(x);
        if v.is_nil() {
            v = protect!(vm.len_of(x, Origin::Reg(arg_b(i)))?);
        }
        set_r!(arg_a(i), v);
    }
    Concat op_concat => {
        let n = arg_b(i) as usize;
        let top = base!() + arg_a(i) as usize + n;
        vm.th.top = top;
        protect_nt!(vm.concat(n)?);
        gc_check!();
    }
    Close op_close => {
        let level = base!() + arg_a(i) as usize;
        protect!(vm.close_level(level, None)?);
    }
    Tbc op_tbc => {
        let level = base!() + arg_a(i) as usize;
        protect!(vm.new_tbc(level)?);
    }
    Jmp op_jmp => {
        let sj = arg_sj(i);
        skip!(sj);
        if sj < 0 {
            count!(-sj);
            // Loop back-edges are safe points: a loop that only boxes integers or
            // concatenates still runs in bounded memory.
            gc_check!();
        }
    }
    Eq op_eq => {
        let x = r!(arg_a(i));
        let y = r!(arg_b(i));
        let c = if x == y {
            !x.as_float().is_some_and(f64::is_nan)
        } else if surely_unequal(x, y) {
            false
        } else {
            tail!(compare_general)
        };
        cond_jump!(c, i);
    }
    Lt op_lt => {
        let x = r!(arg_a(i));
        let y = r!(arg_b(i));
        let c = if x.is_inline_int() && y.is_inline_int() {
            x.inline_int_payload() < y.inline_int_payload()
        } else if let (Some(p), Some(q)) = (x.as_float(), y.as_float()) {
            p < q
        } else {
            tail!(compare_general)
        };
        cond_jump!(c, i);
    }
    Le op_le => {
        let x = r!(arg_a(i));
        let y = r!(arg_b(i));
        let c = if x.is_inline_int() && y.is_inline_int() {
            x.inline_int_payload() <= y.inline_int_payload()
        } else if let (Some(p), Some(q)) = (x.as_float(), y.as_float()) {
            p <= q
        } else {
            tail!(compare_general)
        };
        cond_jump!(c, i);
    }
    EqK op_eqk => {
        // Constants are never NaN, and never boxed integers equal to an inline one (both
        // sides are canonical), so equal words are exactly equal values but for
        // integer/float pairs and long strings.
        let x = r!(arg_a(i));
        let y = kst!(arg_b(i));
        let c = if x == y {
            true
        } else if surely_unequal(x, y) {
            false
        } else {
            tail!(compare_general)
        };
        cond_jump!(c, i);
    }
    EqI op_eqi => {
        let x = r!(arg_a(i));
        let imm = arg_sb(i) as i64;
        let c = if x.is_inline_int() {
            x.inline_int_payload() == imm
        } else if let Some(fl) = x.as_float() {
            fl == imm as f64
        } else {
            false
        };
        cond_jump!(c, i);
    }
    LtI op_lti => { order_imm!(i, <) }
    LeI op_lei => { order_imm!(i, <=) }
    GtI op_gti => { order_imm!(i, >) }
    GeI op_gei => { order_imm!(i, >=) }
    Test op_test => {
        let c = !r!(arg_a(i)).is_truthy();
        if c == arg_k(i) {
            skip!(1);
        } else {
            jump_next!();
        }
    }
    TestSet op_testset => {
        let rb = r!(arg_b(i));
        if rb.is_truthy() != arg_k(i) {
            skip!(1);
        } else {
            set_r!(arg_a(i), rb);
            jump_next!();
        }
    }
    Call op_call => {
        // Lua-to-Lua calls in place (`precall`'s Lua case); the rest in `call_general`.
        let a = arg_a(i);
        let Some(cl) = r!(a).as_lua_closure() else { tail!(call_general) };
        let func = stack_index!(a);
        let th = &mut vm.th;
        let b = arg_b(i);
        if b != 0 {
            th.top = func + b as usize;
        }
        let fp: &FuncProto = &cl.proto;
        let (fsize, np) = (fp.max_stack as usize, fp.num_params as usize);
        let nargs = th.top - func - 1;
        let depth = th.frames.len();
        // A full frame vector (it grows in `call_general`) also goes the slow way, so the
        // push below needs no capacity check and the handler no call to grow it; so do
        // missing arguments (`precall` pads them with nil), whose loop would keep more
        // registers busy (and saved and restored by every call).
        if depth >= MAX_FRAMES
            || depth == th.frames.capacity()
            || nargs < np
            || th.top + fsize + np + 1 > th.stack.len()
            || vm.heap.should_collect()
        {
            tail!(call_general);
        }
        let sp = th.stack.as_mut_ptr();
        let nresults = arg_c(i) as i32 - 1;
        let fr = th.frames.as_mut_ptr();
        // SAFETY: the running frame is at `depth - 1` (a Lua frame runs, so `depth >= 1`),
        // and `depth < capacity` (checked above), so the new frame's slot is allocated; a
        // Lua frame is never a pcall frame, so `pcalls` needs no update (`push_frame`).
        unsafe {
            (*fr.add(depth - 1)).pc = pc;
            fr.add(depth).write(CallInfo::lua(func, func + 1 + fsize, nresults, fp.code));
            th.frames.set_len(depth + 1);
        }
        pc = fp.code;
        k = fp.k.as_ptr();
        // SAFETY: the stack holds `func + 1 + fsize` slots (checked above).
        regs = unsafe { sp.add(func + 1) };
        count!(1);
    }
    TailCall op_tailcall => {
        // Lua-to-Lua tail calls in place (`ThreadState::tail_call_lua`, `pretailcall`'s Lua
        // case too); natives and `__call` through `pretailcall`.
        let a = arg_a(i);
        let b = arg_b(i);
        if let Some(cl) = r!(a).as_lua_closure() {
            let func = stack_index!(a);
            if arg_k(i) {
                vm.close_upvals(func - a as usize);
            }
            let th = &mut vm.th;
            if b != 0 {
                th.top = func + b as usize;
            }
            let fp: &FuncProto = &cl.proto;
            if th.tail_call_lua(func, arg_c(i) as usize, fp).is_err() {
                // (The frame's pc is still the caller's: the helper sets it only on success.)
                save_pc!();
                return Err(vm.stack_overflow());
            }
            pc = fp.code;
            k = fp.k.as_ptr();
            let base = th.frames.last().expect("frame").base;
            // SAFETY: `tail_call_lua` made room for `base + max_stack` slots.
            regs = unsafe { th.stack.as_mut_ptr().add(base) };
            count!(1);
            done!();
        }
        let base = base!();
        let func = base + arg_a(i) as usize;
        if b != 0 {
            vm.th.top = func + b as usize;
        }
        save_pc!();
        if arg_k(i) {
            vm.close_upvals(base);
        }
        let nparams1 = arg_c(i) as usize;
        if vm.pretailcall(func, nparams1)? == Callee::Done {
            // A native ran; its results are on top: return them.
            let n = vm.th.top - func;
            if vm.th.hook_mask != 0 {
                vm.native_return_hook(n)?;
            }
            if vm.finish_return(n, nparams1)? == Flow::Leave {
                return Ok(());
            }
        }
        refresh_frame!();
        count!(1);
    }
    Return op_return => {
        let mut n = arg_b(i) as i32 - 1;
        let base = base!();
        let ra = base + arg_a(i) as usize;
        let th = &mut vm.th;
        if n < 0 {
            n = (th.top - ra) as i32;
        }
        th.top = ra + n as usize;
        save_pc!();
        if arg_k(i) {
            vm.close_level(base, None)?;
            if vm.hook_trap {
                vm.return_hook_after_close(arg_a(i) as usize, n as usize)?;
            }
        }
        if vm.finish_return(n as usize, arg_c(i) as usize)? == Flow::Leave {
            return Ok(());
        }
        refresh_frame!();
    }
    Return0 op_return0 => {
        return_fast!(vm, pc, regs, k, None);
        let th = &mut vm.th;
        th.top = th.frames.last().expect("frame").base + arg_a(i) as usize;
        if vm.finish_return(0, 0)? == Flow::Leave {
            return Ok(());
        }
        refresh_frame!();
    }
    Return1 op_return1 => {
        return_fast!(vm, pc, regs, k, Some(r!(arg_a(i))));
        let th = &mut vm.th;
        th.top = th.frames.last().expect("frame").base + arg_a(i) as usize + 1;
        if vm.finish_return(1, 0)? == Flow::Leave {
            return Ok(());
        }
        refresh_frame!();
    }
    ForLoop op_forloop => {
        // lvm.c's OP_FORLOOP on inline integers: FORPREP left the iterations still to run
        // in `a + 1`. Anything else (floats, boxed integers, an index leaving the inline
        // range) goes to the cold `forloop_general`.
        // The three tags are compared in memory (`top16`), so that no word is loaded, nor
        // a 64-bit constant, only to be tested.
        let a = arg_a(i);
        let p = rp!(a);
        // SAFETY: rule 1: FORLOOP's registers `a..a + 4` are below `max_stack` (`rp!`),
        // whole aligned words.
        let (tc, ts, ti) = unsafe { (top16(p.add(1)), top16(p.add(2)), top16(p)) };
        if !(Value::top16_is_int(tc) && Value::top16_is_int(ts) && Value::top16_is_int(ti)) {
            tail!(forloop_general);
        }
        let count = r!(a + 1);
        if count.inline_int_payload() != 0 {
            let Some(v) = Value::add_ints(r!(a), r!(a + 2)) else {
                tail!(forloop_general)
            };
            // The count less one on the word itself: a nonzero payload borrows nothing from
            // the tag. (A payload of -2^47, an unsigned count of 2^64 - 2^47 that 2^47
            // iterations must have brought down from -1, would wrap to 2^47 - 1, as
            // `inline_int_unchecked` did.)
            set_r!(a + 1, Value::from_word(count.bits() - 1));
            set_r!(a, v);
            set_r!(a + 3, v);
            skip!(-(arg_bx(i) as isize));
            count!(arg_bx(i));
            gc_check!();
        }
    }
    ForPrep op_forprep => {
        // lvm.c's `forprep` for three inline integers and a nonzero step when the count is
        // inline too (`ar::for_int_count`); floats, boxed integers, coercions, errors and
        // counts of 2^47 or more in `Vm::for_prep`.
        let a = arg_a(i);
        let (init, limit, step) = (r!(a), r!(a + 1), r!(a + 2));
        if init.is_inline_int() && limit.is_inline_int() && step.is_inline_int() {
            let st = step.inline_int_payload();
            if st != 0 {
                let lim = Number::Int(limit.inline_int_payload());
                match ar::for_int_count(init.inline_int_payload(), lim, st) {
                    None => {
                        set_r!(a + 3, init);
                        skip!(arg_bx(i) as isize + 1);
                        done!();
                    }
                    Some(c) if c <= INLINE_INT_MAX as u64 => {
                        set_r!(a + 1, Value::inline_int_unchecked(c as i64));
                        set_r!(a + 3, init);
                        done!();
                    }
                    Some(_) => {}
                }
            }
        }
        tail!(forprep_general);
    }
    TForPrep op_tforprep => {
        let level = base!() + arg_a(i) as usize + 3;
        protect!(vm.new_tbc(level)?);
        skip!(arg_bx(i));
    }
    TForCall op_tforcall => {
        let ra = arg_a(i) as usize;
        set_r!(ra + 4, r!(ra));
        set_r!(ra + 5, r!(ra + 1));
        set_r!(ra + 6, r!(ra + 2));
        let func = base!() + ra + 4;
        vm.th.top = func + 3;
        save_pc!();
        vm.call_in_loop(func, arg_c(i) as i32)?;
        reload!();
        // The next instruction is TFORLOOP: run it here.
        let ni = next_ins!();
        skip!(1);
        let ra = arg_a(ni);
        if !r!(ra + 4).is_nil() {
            set_r!(ra + 2, r!(ra + 4));
            skip!(-(arg_bx(ni) as isize));
            count!(arg_bx(ni));
        }
    }
    TForLoop op_tforloop => {
        let a = arg_a(i);
        if !r!(a + 4).is_nil() {
            set_r!(a + 2, r!(a + 4));
            skip!(-(arg_bx(i) as isize));
            count!(arg_bx(i));
            gc_check!();
        }
    }
    SetList op_setlist => {
        let a = arg_a(i);
        let mut n = arg_b(i) as usize;
        let mut last = arg_c(i) as usize;
        let ra = base!() + a as usize;
        let th = &mut vm.th;
        let ci_top = th.frames.last().expect("frame").top;
        if n == 0 {
            n = th.top - ra - 1;
        } else {
            th.top = ci_top;
        }
        last += n;
        if arg_k(i) {
            last += arg_ax(next_ins!()) as usize * (MAXARG_C as usize + 1);
            skip!(1);
        }
        let Some(t) = r!(a).as_table() else {
            return Err(vm.rt_error("SETLIST on a non-table (malformed code)"));
        };
        // SAFETY: the `n` values are registers `a + 1..=a + n`: below `max_stack` (rule 1),
        // or, with B = 0, below the top a CALL or VARARG set (rule 4), on the stack either
        // way; nothing writes the stack while the slice lives.
        let vals = unsafe { std::slice::from_raw_parts(regs.add(a as usize + 1), n) };
        t.set_list(&vm.heap, last - n + 1, vals);
        if vm.heap.alloc_failed.get() {
            save_pc!();
            return Err(vm.memory_error());
        }
    }
    Closure op_closure => {
        let c = vm.new_child_closure(closure!(), arg_bx(i) as usize, base!());
        set_r!(arg_a(i), c);
        gc_check!();
    }
    VarArg op_vararg => {
        let n = arg_c(i) as i32 - 1;
        let ra = base!() + arg_a(i) as usize;
        protect!(vm.get_varargs(ra, n)?);
    }
    VarArgPrep op_varargprep => {
        let np = closure!().proto.p.num_params as usize;
        save_pc!();
        vm.adjust_varargs(np)?;
        refresh_frame!();
    }
    ExtraArg op_extraarg => {
        return Err(vm.rt_error("invalid instruction EXTRAARG"));
    }
    // Out-of-line parts of hot instructions: their fast paths tail-call these rather than
    // call anything, so that they save no registers. Not `#[cold]`: some programs take
    // them often (string keys through GETTABLE, the hash part). As the cold ones below,
    // they end by falling off their end (no `tail!` or `done!`: the `match` loop calls them).
    @out {
        // GETTABLE past its fast path on a table: the hash part, then `__index`.
        // A miss in a table without a metatable is nil without `index_slow`.
        gettable_other => {
            let (b, key) = (arg_b(i), r!(arg_c(i)));
            let t = r!(b);
            let mut v = Value::NIL;
            let mut meta = true;
            if let Some(tab) = t.as_table() {
                v = get_any_key(tab, key);
                meta = tab.metatable().is_some();
            }
            if v.is_nil() && meta {
                v = protect!(vm.index_slow(t, key, Origin::Reg(b))?);
            }
            set_r!(arg_a(i), v);
        }
        // GETI past the array part of a table, or on an empty slot: as `gettable_other`.
        geti_hash => {
            let b = arg_b(i);
            let (t, n) = (r!(b), arg_c(i) as i64);
            let mut v = Value::NIL;
            let mut meta = true;
            if let Some(tab) = t.as_table() {
                v = tab.get_int(n);
                meta = tab.metatable().is_some();
            }
            if v.is_nil() && meta {
                let key = Value::inline_int_unchecked(n);
                v = protect!(vm.index_slow(t, key, Origin::Reg(b))?);
            }
            set_r!(arg_a(i), v);
        }
        // SETTABLE past its fast path on a table: a barrier, a string key, the hash part,
        // then `__newindex` and new keys.
        settable_other => {
            let a = arg_a(i);
            let (t, key) = (r!(a), r!(arg_b(i)));
            let v = if arg_k(i) {
                kst!(arg_c(i))
            } else {
                r!(arg_c(i))
            };
            if !t.as_table().is_some_and(|tab| set_any_key(&vm.heap, tab, key, v)) {
                protect!(vm.setindex_slow(t, key, v, Origin::Reg(a))?);
            }
        }
        // Arithmetic and bitwise instructions whose operands missed the fast paths: two
        // integers here (boxed ones: code that computes above 2^47 comes here for every
        // operation, so this handler stays small: with the float cases in it too,
        // int64_hashing ran 7% more instructions), everything else in `arith_other`.
        arith_general => {
            let (op, x, y) = arith_operands!(i);
            let (Some(p), Some(q)) = (x.as_int(), y.as_int()) else {
                tail!(arith_other)
            };
            let v = int_arith(&vm.heap, op, p, q);
            if v.is_nil() {
                tail!(arith_other)
            }
            set_r!(arg_a(i), v);
            skip!(1);
        }
    }
    @cold {
        // SETUPVAL into a black upvalue: its barrier.
        upval_barrier => {
            vm.heap.barrier(upval!(arg_b(i)).header());
        }
        // Calls of natives and of values with `__call`, calls that need a bigger stack or a
        // collector step first, and "stack overflow".
        call_general => {
            let b = arg_b(i);
            let func = base!() + arg_a(i) as usize;
            if b != 0 {
                vm.th.top = func + b as usize;
            }
            let nresults = arg_c(i) as i32 - 1;
            save_pc!();
            if vm.heap.should_collect() {
                vm.step_gc()?;
            }
            if vm.call_from_lua(func, nresults)? == Callee::Lua {
                refresh_frame!();
            } else {
                reload!();
            }
        }
        // The collector's step at a safe point (`gc_check!`).
        gc_step => {
            match opcode_of(i) {
                // A fresh value in the first free register (the compiler's `exp2nextreg`
                // and constructor), or CONCAT's result: nothing above it is live.
                OpCode::NewTable | OpCode::Closure | OpCode::Concat => {
                    collect_now!(base!() + arg_a(i) as usize + 1)
                }
                // Loop back-edges: any register may be live.
                _ => collect_now!(),
            }
        }
        // The rest of `arith_general`: floats, strings, metamethods, errors.
        arith_other => {
            let (op, x, y) = arith_operands!(i);
            let v = match arith_float(op, x, y) {
                Some(v) => v,
                None if op.is_bitwise() => vm.bitwise_fast(op, x, y).unwrap_or(Value::NIL),
                None => protect!(arith_slow(vm, op, x, y)?),
            };
            // Nil: no result without a metamethod; the MMBIN that follows calls it.
            if !v.is_nil() {
                set_r!(arg_a(i), v);
                skip!(1);
            }
        }
        // Comparisons that need more than comparing two numbers of one kind.
        compare_general => {
            let o = opcode_of(i);
            let x = r!(arg_a(i));
            let c = match o {
                OpCode::Eq => protect!(equal_slow(vm, x, r!(arg_b(i)))?),
                OpCode::EqK => Value::from_bool(vm.raw_equal(x, kst!(arg_b(i)))),
                OpCode::Lt => protect!(less_than_slow(vm, x, r!(arg_b(i)))?),
                OpCode::Le => protect!(less_equal_slow(vm, x, r!(arg_b(i)))?),
                _ => {
                    let (imm, isf) = (arg_sb(i) as i64, arg_c(i) != 0);
                    protect!(order_imm_slow(vm, o, x, imm, isf)?)
                }
            };
            cond_jump!(c.is_truthy(), i, cold);
        }
        // Table reads that missed: `__index`, and errors for non-tables.
        index_general => {
            let o = opcode_of(i);
            let (b, c) = (arg_b(i), arg_c(i));
            // A field of a table whose own lookup just missed: first along `__index`
            // tables only (`index_str_chain`), the way methods are found in classes.
            let field = (o == OpCode::GetField || (o == OpCode::SelfOp && arg_k(i)))
                .then(|| r!(b).as_table())
                .flatten()
                .and_then(|tab| {
                    let key = kst!(c);
                    // SAFETY: rule 1 (V1): GETFIELD's and SELF's constant keys are short strings.
                    let hash = unsafe { key.as_string_unchecked() }.hash();
                    vm.index_str_chain(tab, key, hash)
                });
            let v = match field {
                Some(v) => v,
                None => {
                    let (t, key, ot) = match o {
                        OpCode::GetTabUp => (closure!().upvals()[b as usize].get().get(), kst!(c), Origin::Upval(b)),
                        OpCode::GetI => (r!(b), Value::inline_int_unchecked(c as i64), Origin::Reg(b)),
                        OpCode::GetField => (r!(b), kst!(c), Origin::Reg(b)),
                        OpCode::SelfOp if arg_k(i) => (r!(b), kst!(c), Origin::Reg(b)),
                        _ => (r!(b), r!(c), Origin::Reg(b)),
                    };
                    protect!(vm.index_slow(t, key, ot)?)
                }
            };
            set_r!(arg_a(i), v);
        }
        // A counting point past the running slice (`count!`): the next slice, the limit
        // error, or nothing (under a hook the trap counts); then the collector's safe
        // point the instruction would have reached.
        budget_point => {
            // Saved as if the next instruction had started, so errors name its line.
            vm.th.frames.last_mut().expect("frame").pc = pc.wrapping_add(1);
            let due = vm.budget_due;
            vm.budget_point_slow(due)?;
            save_pc!();
            // (Not at a call: the callee's registers above its arguments are not set yet.)
            if matches!(opcode_of(i), OpCode::Jmp | OpCode::ForLoop | OpCode::TForLoop) {
                collect_now!();
            }
        }
        // Table writes that are not plain updates of an existing field.
        newindex_general => {
            let o = opcode_of(i);
            let (a, b) = (arg_a(i), arg_b(i));
            let (t, key, ot) = match o {
                OpCode::SetTabUp => (closure!().upvals()[a as usize].get().get(), kst!(b), Origin::Upval(a)),
                OpCode::SetI => (r!(a), Value::inline_int_unchecked(b as i64), Origin::Reg(a)),
                OpCode::SetField => (r!(a), kst!(b), Origin::Reg(a)),
                _ => (r!(a), r!(b), Origin::Reg(a)),
            };
            let v = if arg_k(i) {
                kst!(arg_c(i))
            } else {
                r!(arg_c(i))
            };
            protect!(vm.setindex_slow(t, key, v, ot)?);
        }
        // FORPREP of anything but three inline integers with a nonzero step and an inline
        // count.
        forprep_general => {
            let level = base!() + arg_a(i) as usize;
            let skip = protect!(for_prep_slow(vm, level)?);
            if skip.is_truthy() {
                skip!(arg_bx(i) as isize + 1);
            }
        }
        // FORLOOP over floats, or integers that are boxed or leave the inline range.
        forloop_general => {
            // SAFETY: `regs` is the running frame's registers (the handler contract).
            if unsafe { for_loop_general(vm, regs, arg_a(i)) } {
                skip!(-(arg_bx(i) as isize));
                count_here!(arg_bx(i));
                collect_now!();
            }
        }
    }

    // Quickened forms (`vm::quick`), threaded dispatch only: numbers past lua5.4's
    // opcodes, written into the running code by the generic handlers above.
    @quick {
        quick::ADD_G => op_add_g {
            arith_op!(pc, i, @at rp!(arg_b(i)), rp!(arg_c(i)), Value::add_ints, |p, q| p + q, 0, 0)
        }
        quick::ADD_II => op_add_ii {
            arith_ii!(pc, i, r!(arg_b(i)), r!(arg_c(i)), Value::add_ints, quick::ADD_G, op_add_g)
        }
        quick::ADD_FF => op_add_ff {
            arith_ff!(pc, i, rp!(arg_b(i)), rp!(arg_c(i)), |p, q| p + q, quick::ADD_G, op_add_g)
        }
        quick::SUB_G => op_sub_g {
            arith_op!(pc, i, @at rp!(arg_b(i)), rp!(arg_c(i)), Value::sub_ints, |p, q| p - q, 0, 0)
        }
        quick::SUB_II => op_sub_ii {
            arith_ii!(pc, i, r!(arg_b(i)), r!(arg_c(i)), Value::sub_ints, quick::SUB_G, op_sub_g)
        }
        quick::SUB_FF => op_sub_ff {
            arith_ff!(pc, i, rp!(arg_b(i)), rp!(arg_c(i)), |p, q| p - q, quick::SUB_G, op_sub_g)
        }
        quick::ADDK_G => op_addk_g {
            arith_op!(pc, i, @at rp!(arg_b(i)), kp!(arg_c(i)), Value::add_ints, |p, q| p + q, 0, 0)
        }
        quick::ADDK_II => op_addk_ii {
            arith_ii!(pc, i, @k r!(arg_b(i)), kst!(arg_c(i)), Value::add_ints, quick::ADDK_G, op_addk_g)
        }
        quick::ADDK_FF => op_addk_ff {
            arith_ff!(pc, i, @k rp!(arg_b(i)), kp!(arg_c(i)), |p, q| p + q, quick::ADDK_G, op_addk_g)
        }
        quick::SUBK_G => op_subk_g {
            arith_op!(pc, i, @at rp!(arg_b(i)), kp!(arg_c(i)), Value::sub_ints, |p, q| p - q, 0, 0)
        }
        quick::SUBK_II => op_subk_ii {
            arith_ii!(pc, i, @k r!(arg_b(i)), kst!(arg_c(i)), Value::sub_ints, quick::SUBK_G, op_subk_g)
        }
        quick::SUBK_FF => op_subk_ff {
            arith_ff!(pc, i, @k rp!(arg_b(i)), kp!(arg_c(i)), |p, q| p - q, quick::SUBK_G, op_subk_g)
        }
        quick::MULK_G => op_mulk_g {
            arith_op!(pc, i, @at rp!(arg_b(i)), kp!(arg_c(i)), Value::mul_ints, |p, q| p * q, 0, 0)
        }
        quick::MULK_II => op_mulk_ii {
            arith_ii!(pc, i, @k r!(arg_b(i)), kst!(arg_c(i)), Value::mul_ints, quick::MULK_G, op_mulk_g)
        }
        quick::MULK_FF => op_mulk_ff {
            arith_ff!(pc, i, @k rp!(arg_b(i)), kp!(arg_c(i)), |p, q| p * q, quick::MULK_G, op_mulk_g)
        }
        quick::MODK_G => op_modk_g {
            arith_op!(pc, i, @int rp!(arg_b(i)), kp!(arg_c(i)), on_payloads!(int_mod), 0)
        }
        quick::MODK_II => op_modk_ii {
            arith_ik!(pc, i, rp!(arg_b(i)), kst!(arg_c(i)), on_payloads!(int_mod), quick::MODK_G, op_modk_g)
        }
        quick::IDIVK_G => op_idivk_g {
            arith_op!(pc, i, @int rp!(arg_b(i)), kp!(arg_c(i)), on_payloads!(int_idiv), 0)
        }
        quick::IDIVK_II => op_idivk_ii {
            arith_ik!(pc, i, rp!(arg_b(i)), kst!(arg_c(i)), on_payloads!(int_idiv), quick::IDIVK_G, op_idivk_g)
        }
        quick::MUL_G => op_mul_g {
            arith_op!(pc, i, @at rp!(arg_b(i)), rp!(arg_c(i)), Value::mul_ints, |p, q| p * q, 0, 0)
        }
        quick::MUL_II => op_mul_ii {
            arith_ii!(pc, i, r!(arg_b(i)), r!(arg_c(i)), Value::mul_ints, quick::MUL_G, op_mul_g)
        }
        quick::MUL_FF => op_mul_ff {
            arith_ff!(pc, i, rp!(arg_b(i)), rp!(arg_c(i)), |p, q| p * q, quick::MUL_G, op_mul_g)
        }
        quick::DIV_G => op_div_g {
            arith_op!(pc, i, @at rp!(arg_b(i)), rp!(arg_c(i)), on_payloads!(int_div), |p, q| p / q, 0, 0)
        }
        quick::DIV_FF => op_div_ff {
            arith_ff!(pc, i, rp!(arg_b(i)), rp!(arg_c(i)), |p, q| p / q, quick::DIV_G, op_div_g)
        }
        quick::DIVK_G => op_divk_g {
            arith_op!(pc, i, @at rp!(arg_b(i)), kp!(arg_c(i)), on_payloads!(int_div), |p, q| p / q, 0, 0)
        }
        // The quotient stored from a float register: the next instruction reads it as one.
        quick::DIVK_II => op_divk_ii {
            let (x, y) = (r!(arg_b(i)), kst!(arg_c(i)));
            if x.is_inline_int() && y.is_inline_int() {
                set_rf!(arg_a(i), x.inline_int_payload() as f64 / y.inline_int_payload() as f64);
                skip!(1);
                done!();
            }
            unquicken!(pc, i, quick::DIVK_G, op_divk_g);
        }
        quick::ADDI_G => op_addi_g {
            addi_body!(pc, i, 0, 0)
        }
        quick::ADDI_I => op_addi_i {
            let x = r!(arg_b(i));
            if x.is_inline_int() {
                if let Some(v) = Value::add_int_imm(x, arg_sc(i) as i64) {
                    set_r!(arg_a(i), v);
                    skip!(1);
                    done!();
                }
            }
            unquicken!(pc, i, quick::ADDI_G, op_addi_g);
        }
        quick::ADDI_F => op_addi_f {
            let px = rp!(arg_b(i));
            // SAFETY: rule 1: `px` addresses a register (`rp!`), a whole aligned word.
            if Value::top16_is_float(unsafe { top16(px) }) {
                // SAFETY: as above; the word is a float's bits.
                let r = unsafe { *(px as *const f64) } + arg_sc(i) as f64;
                set_rf!(arg_a(i), r);
                skip!(1);
                done!();
            }
            unquicken!(pc, i, quick::ADDI_G, op_addi_g);
        }
    }
}
