//! The two ways of running the opcode handlers in `ops.rs`, chosen at build time.
//!
//! Each handler body is written once, against four names: the state (`vm`), the address of
//! the next instruction (`pc`), the frame's first register (`regs`) and the constants
//! (`k`), plus the instruction being run (`i`). A body that falls off its end continues with
//! the next instruction; `return Ok(())` leaves the interpreter (the `stop` frame returned);
//! `?` propagates an error or a yield to `Vm::execute`.
//!
//! - Threaded (the default): every handler is a function that ends by tail-calling the
//!   next instruction's handler through a table, so each handler has its own indirect jump
//!   (and its own branch-predictor history). The calls are sibling calls: same signature,
//!   nothing on the caller's stack, arguments in registers; LLVM turns them into jumps in
//!   optimised builds (the dev profile is opt-level 1 for this reason).
//! - `cfg(match_dispatch)`: the same bodies as arms of one `match` in a loop, the baseline
//!   `papers/dispatch.md` measures threaded dispatch against. Set by the `match-dispatch`
//!   cargo feature, and by `build.rs` at opt-level 0, where the tail calls stay calls.

use crate::compiler::opcode::Instruction;
use crate::vm::error::LResult;
use crate::vm::state::Vm;
use crate::vm::value::Value;

/// Which dispatch this build runs: "threaded" or "match".
pub const DISPATCH: &str = if cfg!(match_dispatch) {
    "match"
} else {
    "threaded"
};

/// A threaded handler: state, next instruction, registers, constants, this instruction.
///
/// Handlers (and `run_ops`, and the cold parts of instructions) are `unsafe fn`s: they
/// dereference the three pointers without checks. Their contract, which every caller keeps:
/// `pc` points into the code of the closure in the running frame's function slot, at the
/// instruction after `i`; `regs` is that frame's first register in the running thread's
/// stack (`base`), with `max_stack` slots behind it; `k` is that closure's constants; and
/// the code was produced by the compiler or accepted by `compiler::verify`.
#[cfg_attr(match_dispatch, allow(dead_code))]
pub(crate) type Handler =
    unsafe fn(&mut Vm, *const Instruction, *mut Value, *const Value, Instruction) -> LResult<()>;

/// The opcode of an instruction the compiler or the binary-chunk verifier produced.
#[inline(always)]
#[cfg(match_dispatch)]
pub(crate) fn decode_op(i: Instruction) -> crate::compiler::opcode::OpCode {
    let n = crate::compiler::opcode::op_bits(i) as u8;
    debug_assert!((n as usize) < crate::compiler::opcode::NUM_OPCODES);
    // SAFETY: `OpCode` is `repr(u8)` with variants 0..NUM_OPCODES, and every instruction
    // the VM runs was emitted by the compiler or checked by `compiler::verify`, so its
    // opcode field is a valid variant.
    unsafe { std::mem::transmute::<u8, crate::compiler::opcode::OpCode>(n) }
}

/// The helpers handler bodies use, defined over the caller's names for the state, the
/// program counter, the registers and the constants (`$d` is a `$`, for the inner macros).
macro_rules! op_helpers {
    ($d:tt $vm:ident $pc:ident $regs:ident $k:ident $i:ident) => {
        #[allow(unused_macros)]
        macro_rules! r {
                                    ($d x:expr) => {
                                        // SAFETY: rules 1 and 3 (ops.rs): operands index registers below `max_stack`, the stack
                                        // holds `base + max_stack` slots from `precall` on, and `regs` is reloaded after
                                        // anything that may reallocate the stack.
                                        unsafe { *$regs.add($d x as usize) }
                                    };
                                }
        #[allow(unused_macros)]
        macro_rules! set_r {
                                    ($d x:expr, $d v:expr) => {{
                                        let v = $d v;
                                        // SAFETY: as for `r!`.
                                        unsafe { *$regs.add($d x as usize) = v }
                                    }};
                                }
        #[allow(unused_macros)]
        macro_rules! kst {
                                    ($d x:expr) => {
                                        // SAFETY: rule 1: constant operands are below the constant table's length
                                        // (compiler and verifier guarantee it), and `k` is the running function's.
                                        unsafe { *$k.add($d x as usize) }
                                    };
                                }
        // The addresses of register `x` and constant `x`, for the arithmetic fast paths,
        // which read the operands' tags and floats straight from memory (`arith_op!`).
        #[allow(unused_macros)]
        macro_rules! rp {
                                    ($d x:expr) => {
                                        // SAFETY: as for `r!`: the register is below `max_stack`.
                                        unsafe { $regs.add($d x as usize) as *const Value }
                                    };
                                }
        #[allow(unused_macros)]
        macro_rules! kp {
                                    ($d x:expr) => {
                                        // SAFETY: as for `kst!`: the constant is in the table.
                                        unsafe { $k.add($d x as usize) }
                                    };
                                }
        // Stores a float into register `x`: straight from a float register unless it is a
        // NaN, whose word must be made canonical first (`Value::from_float`).
        #[allow(unused_macros)]
        macro_rules! set_rf {
                                    ($d x:expr, $d v:expr) => {{
                                        let v: f64 = $d v;
                                        if v.is_nan() {
                                            set_r!($d x, Value::from_float(v));
                                        } else {
                                            // SAFETY: as for `set_r!`; a non-NaN float's bits are its `Value` word.
                                            unsafe { *($regs.add($d x as usize) as *mut f64) = v }
                                        }
                                    }};
                                }
        // The instruction after the running one, and the one before it.
        #[allow(unused_macros)]
        macro_rules! next_ins {
            () => {
                // SAFETY: rule 1 (V3): an instruction that reads its successor always has one: a
                // comparison or test is followed by a JMP, LOADKX/NEWTABLE/SETLIST with k
                // by EXTRAARG, TFORCALL by TFORLOOP (compiler and verifier guarantee it).
                unsafe { *$pc }
            };
        }
        #[allow(unused_macros)]
        macro_rules! prev_ins {
            () => {
                // SAFETY: rule 1 (V3): MMBIN* always follows the arithmetic instruction it completes
                // (the verifier rejects an MMBIN at pc 0).
                unsafe { *$pc.sub(2) }
            };
        }
        // Moves the program counter by `n` instructions.
        #[allow(unused_macros)]
        macro_rules! skip {
                                    ($d n:expr) => {
                                        // SAFETY: rule 1 (V2): jump targets lie inside the code.
                                        $pc = unsafe { $pc.offset($d n as isize) }
                                    };
                                }
        // The running closure: it sits just below the first register. (The verifier
        // rejects code that could overwrite it; should it get there anyway, this is a Lua
        // error, not undefined behaviour.)
        #[allow(unused_macros)]
        macro_rules! closure {
            () => {{
                // SAFETY: rule 8: a Lua frame's function slot, `base - 1`, is a stack slot below
                // the registers (`precall`, `adjust_varargs`).
                match unsafe { *$regs.sub(1) }.as_lua_closure() {
                    Some(c) => c,
                    None => return Err($vm.rt_error("frame's function slot overwritten")),
                }
            }};
        }
        // Upvalue `x` of the running closure: the closure's upvalues are as many as its
        // prototype's (`new_closure`, `closure_of`), and the verifier (V1) keeps upvalue
        // operands below that count, so no bounds check.
        #[allow(unused_macros)]
        macro_rules! upval {
            ($d x:expr) => {{
                let cl = closure!();
                let ups = cl.upvals();
                debug_assert!(($d x as usize) < ups.len());
                // SAFETY: rule 1 (V1): see above.
                unsafe { ups.get_unchecked($d x as usize) }.get()
            }};
        }
        // The stack index of register `x`.
        #[allow(unused_macros)]
        macro_rules! stack_index {
                    ($d x:expr) => {
                        // SAFETY: `regs` points into the running thread's stack (see `r!`).
                        unsafe { $regs.offset_from($vm.th.stack.as_ptr()) as usize + $d x as usize }
                    };
                }
        #[allow(unused_macros)]
        macro_rules! base {
            () => {
                $vm.th.frames.last().expect("frame").base
            };
        }
        // Rule 2 (ops.rs): before anything that can raise, call out or collect.
        #[allow(unused_macros)]
        macro_rules! save_pc {
            () => {
                $vm.th.frames.last_mut().expect("frame").pc = $pc
            };
        }
        // Rule 3: after anything that may have reallocated the stack.
        #[allow(unused_macros)]
        macro_rules! reload {
            () => {{
                let th = &mut $vm.th;
                let base = th.frames.last().expect("frame").base;
                // SAFETY: rule 3: `precall` made sure `base + max_stack <= stack.len()`.
                $regs = unsafe { th.stack.as_mut_ptr().add(base) };
            }};
        }
        // After a call or return changed the running frame.
        #[allow(unused_macros)]
        macro_rules! refresh_frame {
            () => {{
                let (npc, nregs, nk) = $vm.frame_cursor();
                $pc = npc;
                $regs = nregs;
                $k = nk;
            }};
        }
        // Rules 2-4: saves the pc and sets the stack top to the frame's extent before a slow
        // path that may call Lua (which pushes above the top), as lvm.c's `Protect`.
        #[allow(unused_macros)]
        macro_rules! protect {
                                    ($d e:expr) => {{
                                        save_pc!();
                                        {
                                            let th = &mut $vm.th;
                                            th.top = th.frames.last().expect("frame").top;
                                        }
                                        let r = $d e;
                                        reload!();
                                        r
                                    }};
                                }
        // Like `protect`, for instructions that set the top themselves.
        #[allow(unused_macros)]
        macro_rules! protect_nt {
                                    ($d e:expr) => {{
                                        save_pc!();
                                        let r = $d e;
                                        reload!();
                                        r
                                    }};
                                }
        // Take the JMP that follows a comparison.
        // A backward one (`repeat ... until cond`) is a counting point of the budget: `count!`
        // in handlers, `count_here!` in cold handlers (`cold`), which cannot tail-call.
        #[allow(unused_macros)]
        macro_rules! jump_next {
            () => {{
                let ni = next_ins!();
                let sj = crate::compiler::opcode::arg_sj(ni);
                skip!(sj as isize + 1);
                if sj < 0 {
                    count!(-sj);
                }
            }};
            (cold) => {{
                let ni = next_ins!();
                let sj = crate::compiler::opcode::arg_sj(ni);
                skip!(sj as isize + 1);
                if sj < 0 {
                    count_here!(-sj);
                }
            }};
        }
        #[allow(unused_macros)]
        macro_rules! cond_jump {
                                    ($d cond:expr, $d i:expr) => {{
                                        if $d cond != crate::compiler::opcode::arg_k($d i) {
                                            skip!(1);
                                        } else {
                                            jump_next!();
                                        }
                                    }};
                                    ($d cond:expr, $d i:expr, cold) => {{
                                        if $d cond != crate::compiler::opcode::arg_k($d i) {
                                            skip!(1);
                                        } else {
                                            jump_next!(cold);
                                        }
                                    }};
                                }
        // Hands the rest of the running instruction to a cold handler: threaded, that handler
        // dispatches the next instruction itself; in the `match` loop it returns the moved
        // pc and registers and the loop goes on.
        #[cfg(not(match_dispatch))]
        #[allow(unused_macros)]
        macro_rules! tail {
                                    ($d f:ident) => {
                                        // SAFETY: the handler contract holds for the running instruction.
                                        return unsafe { $d f($vm, $pc, $regs, $k, $i) }
                                    };
                                }
        #[cfg(match_dispatch)]
        #[allow(unused_macros)]
        macro_rules! tail {
                    ($d f:ident) => {{
                        // SAFETY: the handler contract holds for the running instruction.
                        ($pc, $regs, $k) = unsafe { $d f($vm, $pc, $regs, $k, $i) }?;
                        continue;
                    }};
                }
        // Runs a collector step now (the body of `gc_check!`'s cold handler). With a stack
        // index, the step sees the stack only up to it (lvm.c's `checkGC(L, ra + 1)`): the
        // registers above are dead, and a stale reference left in one (a call's argument, a
        // native's result) must not keep an object alive, or a finalizer waited for in an
        // allocation loop never runs. The dead slots are cleared by the marker.
        #[allow(unused_macros)]
        macro_rules! collect_now {
            () => {{
                let frame_top = $vm.th.frames.last().expect("frame").top;
                collect_now!(frame_top);
            }};
            ($top:expr) => {
                if $vm.heap.should_collect() {
                    save_pc!();
                    let top = $top;
                    let th = &mut $vm.th;
                    let frame_top = th.frames.last().expect("frame").top;
                    th.top = top.min(frame_top);
                    $vm.step_gc()?;
                    $vm.th.top = frame_top;
                    reload!();
                }
            };
        }
        // Ends the handler body now and goes on with the next instruction.
        #[cfg(not(match_dispatch))]
        #[allow(unused_macros)]
        macro_rules! done {
            () => {
                next!()
            };
        }
        #[cfg(match_dispatch)]
        #[allow(unused_macros)]
        macro_rules! done {
            () => {
                continue
            };
        }
        // Rule 5: a safe point for the collector; must end the handler body (the step runs in a
        // cold handler, keeping the call out of the hot path).
        #[allow(unused_macros)]
        macro_rules! gc_check {
            () => {
                if $vm.heap.should_collect() {
                    tail!(gc_step);
                }
            };
        }
        // Threaded dispatch: fetch, and jump to the next handler through the VM's table
        // (the real handlers, or the trap's: `Vm::dispatch`).
        #[allow(unused_macros)]
        macro_rules! next {
            () => {{
                // SAFETY: rule 1 (V2): every function's code ends in a return, so the instruction after
                // a non-returning one exists (compiler and verifier).
                let ni = unsafe { *$pc };
                // (`dispatch` has 128 entries: the mask leaves no bounds check.)
                let h = $vm.dispatch[(crate::compiler::opcode::op_bits(ni) & 127) as usize];
                // SAFETY: `pc` is not past the code's end (see above), so the handler
                // contract holds for `ni` with the pc after it.
                return unsafe { h($vm, $pc.add(1), $regs, $k, ni) };
            }};
        }
        // A counting point of the instruction budget (a backward jump, a Lua call): `n`
        // instructions; ends the handler body. Past the running slice, the cold
        // `budget_point` (the next slice, the limit error, or nothing under a hook).
        #[allow(unused_macros)]
        macro_rules! count {
            ($d n:expr) => {{
                let n = $d n as u64;
                if $vm.instruction_budget < n {
                    $vm.budget_due = n;
                    tail!(budget_point);
                }
                $vm.instruction_budget -= n;
            }};
        }
        // `count!` for cold handlers: the slow path called in place.
        #[allow(unused_macros)]
        macro_rules! count_here {
            ($d n:expr) => {{
                let n = $d n as u64;
                if $vm.instruction_budget < n {
                    // Saved as if the next instruction had started, so errors name its line.
                    $vm.th.frames.last_mut().expect("frame").pc = $pc.wrapping_add(1);
                    $vm.budget_point_slow(n)?;
                    save_pc!();
                } else {
                    $vm.instruction_budget -= n;
                }
            }};
        }
    };
}

/// One threaded handler: the body, then the jump to the next instruction's handler.
#[cfg(not(match_dispatch))]
macro_rules! threaded_handler {
    ($d:tt ($vm:ident, $pc:ident, $regs:ident, $k:ident, $i:ident)
     $( #[$attr:meta] )* $name:ident $body:block) => {
        $( #[$attr] )*
        #[allow(
            unused_mut,
            unused_variables,
            unused_assignments,
            unreachable_code,
            clippy::needless_return
        )]
        unsafe fn $name(
            $vm: &mut Vm,
            mut $pc: *const Instruction,
            mut $regs: *mut Value,
            mut $k: *const Value,
            $i: Instruction,
        ) -> LResult<()> {
            op_helpers!($d $vm $pc $regs $k $i);
            $body
            next!()
        }
    };
}

#[cfg(not(match_dispatch))]
macro_rules! define_ops {
    ($d:tt ($vm:ident, $pc:ident, $regs:ident, $k:ident, $i:ident)
     $( $op:ident $fname:ident => $body:block )*
     @out { $( $oname:ident => $obody:block )* }
     @cold { $( $sname:ident => $sbody:block )* }
     @quick { $( $qnum:expr => $qname:ident $qbody:block )* }) => {
        $( threaded_handler!($d ($vm, $pc, $regs, $k, $i) #[inline(never)] $oname $obody); )*
        $( threaded_handler!($d ($vm, $pc, $regs, $k, $i) $qname $qbody); )*
        $( threaded_handler!($d ($vm, $pc, $regs, $k, $i) #[cold] #[inline(never)] $sname $sbody); )*
        $( threaded_handler!($d ($vm, $pc, $regs, $k, $i) $fname $body); )*

        /// Handlers by opcode number; the numbers no opcode uses get `invalid_opcode`.
        static HANDLERS: [crate::vm::dispatch::Handler; 128] = {
            let mut t = [invalid_opcode as crate::vm::dispatch::Handler; 128];
            $( t[OpCode::$op as usize] = $fname; )*
            $( t[$qnum as usize] = $qname; )*
            t
        };

        fn invalid_opcode(
            vm: &mut Vm,
            _pc: *const Instruction,
            _regs: *mut Value,
            _k: *const Value,
            i: Instruction,
        ) -> LResult<()> {
            Err(vm.rt_error(&format!("invalid opcode {}", op_bits(i))))
        }

        /// Every entry is `trap` (`Vm::dispatch` while a hook is set or the limit was hit).
        static TRAP_HANDLERS: [crate::vm::dispatch::Handler; 128] =
            [trap as crate::vm::dispatch::Handler; 128];

        /// The handler table `Vm::dispatch` holds a copy of: the trap's, or the real one.
        pub(crate) fn handler_table(trap: bool) -> &'static [crate::vm::dispatch::Handler; 128] {
            if trap {
                &TRAP_HANDLERS
            } else {
                &HANDLERS
            }
        }

        /// The trap before instruction `i` (`pc` just past it): the limit error, the
        /// hooks (`Vm::trap_step`), then the instruction's own handler.
        ///
        /// # Safety
        /// The handler contract (`dispatch::Handler`) holds for `i` and `pc`.
        #[cold]
        #[inline(never)]
        unsafe fn trap(
            vm: &mut Vm,
            pc: *const Instruction,
            _regs: *mut Value,
            _k: *const Value,
            i: Instruction,
        ) -> LResult<()> {
            // Saved as if the instruction had started, so errors name its line.
            vm.th.frames.last_mut().expect("frame").pc = pc;
            // The limit error, or a hook (`vm::hook`), which may have moved the stack.
            vm.trap_step()?;
            let (_, regs, k) = vm.frame_cursor();
            let h = HANDLERS[(crate::compiler::opcode::op_bits(i) & 127) as usize];
            // SAFETY: the contract held for `i` and `pc`, and holds with the registers and
            // constants just reloaded.
            unsafe { h(vm, pc, regs, k, i) }
        }

        /// Runs from the instruction at `pc` until the `stop` frame returns.
        ///
        /// # Safety
        /// The handler contract (`dispatch::Handler`) holds for the instruction at `pc`.
        pub(crate) unsafe fn run_ops(
            $vm: &mut Vm,
            $pc: *const Instruction,
            $regs: *mut Value,
            $k: *const Value,
        ) -> LResult<()> {
            op_helpers!($d $vm $pc $regs $k $i);
            next!()
        }
    };
}

/// An out-of-line or cold part of an instruction under match dispatch: it may move the
/// pc, reload the registers and change frames, but never leaves the interpreter.
#[cfg(match_dispatch)]
macro_rules! match_side_handler {
    ($d:tt ($vm:ident, $pc:ident, $regs:ident, $k:ident, $i:ident)
     $( #[$attr:meta] )* $name:ident $body:block) => {
        $( #[$attr] )*
        #[allow(unused_mut, unused_variables, unused_assignments)]
        unsafe fn $name(
            $vm: &mut Vm,
            mut $pc: *const Instruction,
            mut $regs: *mut Value,
            mut $k: *const Value,
            $i: Instruction,
        ) -> LResult<(*const Instruction, *mut Value, *const Value)> {
            op_helpers!($d $vm $pc $regs $k $i);
            // A side handler handing on to another (`arith_general` to `arith_other`)
            // returns what that one returns: there is no loop here to continue.
            #[allow(unused_macros)]
            macro_rules! tail {
                ($d f:ident) => {
                    // SAFETY: the handler contract holds for the running instruction.
                    return unsafe { $d f($vm, $pc, $regs, $k, $i) }
                };
            }
            $body
            Ok(($pc, $regs, $k))
        }
    };
}

#[cfg(match_dispatch)]
macro_rules! define_ops {
    ($d:tt ($vm:ident, $pc:ident, $regs:ident, $k:ident, $i:ident)
     $( $op:ident $fname:ident => $body:block )*
     @out { $( $oname:ident => $obody:block )* }
     @cold { $( $sname:ident => $sbody:block )* }
     @quick { $( $qnum:expr => $qname:ident $qbody:block )* }) => {
        $( match_side_handler!($d ($vm, $pc, $regs, $k, $i) #[inline(never)] $oname $obody); )*
        $( match_side_handler!($d ($vm, $pc, $regs, $k, $i) #[cold] #[inline(never)] $sname $sbody); )*
        /// Runs from the instruction at `pc` until the `stop` frame returns.
        ///
        /// # Safety
        /// The handler contract (`dispatch::Handler`) holds for the instruction at `pc`.
        #[allow(unused_mut, unused_assignments, unreachable_code)]
        pub(crate) unsafe fn run_ops(
            $vm: &mut Vm,
            mut $pc: *const Instruction,
            mut $regs: *mut Value,
            mut $k: *const Value,
        ) -> LResult<()> {
            loop {
                // SAFETY: rule 1 (V2): every function's code ends in a return, so the instruction after
                // a non-returning one exists (compiler and verifier).
                let $i = unsafe { *$pc };
                // (Defined here, after `i`, which `tail!` passes on.)
                op_helpers!($d $vm $pc $regs $k $i);
                skip!(1);
                if $vm.trap_on {
                    save_pc!();
                    // The limit error, or a hook (`vm::hook`), which may move the stack.
                    $vm.trap_step()?;
                    (_, $regs, $k) = $vm.frame_cursor();
                }
                match crate::vm::dispatch::decode_op($i) {
                    $( OpCode::$op => $body )*
                }
            }
        }
    };
}
