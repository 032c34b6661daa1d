//! The interpreter loop: one `match` over Lua 5.4's opcodes, following lvm.c.
//!
//! Lua-to-Lua calls and returns stay inside the loop (a call pushes a frame and reloads the
//! frame state; a return pops it), so Lua recursion never recurses on the Rust stack. Slow
//! paths (metamethods, errors, natives) are method calls that may run Lua code in a nested
//! loop; after each one the register pointer is reloaded, since the stack may have moved.
//!
//! Registers are reached through a raw pointer to the frame's base. The compiler (and the
//! verifier for loaded chunks) guarantees every register operand is below the prototype's
//! `max_stack`, and `precall` guarantees the stack holds `base + max_stack` slots.

use crate::compiler::opcode::*;
use crate::gc::Gc;
use crate::text::arith::ArithOp;
use crate::vm::error::{Exc, LResult};
use crate::vm::function::{FuncProto, LuaClosure};
use crate::vm::meta::{arith_from_tm, Origin};
use crate::vm::state::Vm;
use crate::vm::table::Table;
use crate::vm::thread::{cist, ThreadState};
use crate::vm::value::Value;

/// Frame state cached in locals while a Lua function runs.
struct Frame {
    cl: Gc<LuaClosure>,
    fp: *const FuncProto,
    code: *const Instruction,
    k: *const Value,
    base: usize,
    regs: *mut Value,
}

/// The opcode of an instruction the compiler or the binary-chunk verifier produced.
#[inline(always)]
fn decode_op(i: Instruction) -> OpCode {
    let n = op_bits(i) as u8;
    debug_assert!((n as usize) < NUM_OPCODES);
    // SAFETY: `OpCode` is `repr(u8)` with variants 0..NUM_OPCODES, and every instruction
    // the VM runs was emitted by the compiler or checked by `compiler::verify`, so its
    // opcode field is a valid variant.
    unsafe { std::mem::transmute::<u8, OpCode>(n) }
}

/// `t[k]` for a string constant `k` (field names are short, interned strings).
#[inline(always)]
fn get_const_str(t: Gc<Table>, key: Value) -> Value {
    let s = key.as_string().expect("string constant");
    t.get_short_str(key, s.hash())
}

/// `t[k] = v` over an existing field named by a string constant; false if absent.
#[inline(always)]
fn set_const_str(t: Gc<Table>, key: Value, v: Value) -> bool {
    let s = key.as_string().expect("string constant");
    t.set_existing_short_str(key, s.hash(), v)
}

/// `t[n] = v` over an existing array slot for an inline integer `n`; false otherwise.
#[inline(always)]
fn set_int_slot(t: Gc<Table>, key: Value, v: Value) -> bool {
    key.is_inline_int() && {
        let n = key.inline_int_payload();
        !t.get_int(n).is_nil() && t.set_int_in_array(n, v)
    }
}

/// The common cases of arithmetic without a function call: two inline integers, or two
/// floats. `None` sends the instruction to the general path (mixed operands, boxed
/// integers, division by zero, strings, metamethods).
#[inline(always)]
fn arith_inline(heap: &crate::gc::Heap, op: ArithOp, x: Value, y: Value) -> Option<Value> {
    use crate::text::arith as ar;
    if x.is_inline_int() && y.is_inline_int() {
        let (p, q) = (x.inline_int_payload(), y.inline_int_payload());
        return Some(match op {
            ArithOp::Add => heap.int(p + q),
            ArithOp::Sub => heap.int(p - q),
            ArithOp::Mul => heap.int(p.wrapping_mul(q)),
            ArithOp::Mod if q != 0 => heap.int(ar::int_mod(p, q)),
            ArithOp::IDiv if q != 0 => heap.int(ar::int_idiv(p, q)),
            ArithOp::BAnd => Value::inline_int_unchecked(p & q),
            ArithOp::BOr => Value::inline_int_unchecked(p | q),
            ArithOp::BXor => Value::inline_int_unchecked(p ^ q),
            ArithOp::Shl => heap.int(ar::shift_left(p, q)),
            ArithOp::Shr => heap.int(ar::shift_left(p, q.wrapping_neg())),
            ArithOp::Div => Value::from_float(p as f64 / q as f64),
            _ => return None,
        });
    }
    // Floats, or a float and an inline integer (converted, as lvm.c's `tonumberns`).
    let as_f = |v: Value| {
        if v.is_inline_int() {
            Some(v.inline_int_payload() as f64)
        } else {
            v.as_float()
        }
    };
    if let (Some(p), Some(q)) = (as_f(x), as_f(y)) {
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
            match self.run(stop) {
                Ok(()) => return Ok(()),
                Err(Exc::Yield) => return Err(Exc::Yield),
                Err(Exc::Error(e)) => {
                    if !self.recover(stop, e)? {
                        return Err(Exc::Error(e));
                    }
                    if self.th().frames.len() <= stop {
                        return Ok(());
                    }
                }
            }
        }
    }

    fn load_frame(&self, th: &ThreadState) -> (Frame, usize) {
        let ci = th.frames.last().expect("a Lua frame");
        let cl = th.stack[ci.func].as_lua_closure().expect("a Lua function");
        let fp: *const FuncProto = &*cl.proto;
        // SAFETY: `fp` points into the closure's prototype, kept alive by the closure, which
        // sits in the frame's function slot (a root) for as long as the frame runs.
        // SAFETY: see above.
        let fpr: &FuncProto = unsafe { &*fp };
        let (code, k) = (fpr.p.code.as_ptr(), fpr.k.as_ptr());
        let base = ci.base;
        (
            Frame {
                cl,
                fp,
                code,
                k,
                base,
                // SAFETY: `precall` made sure `base + max_stack <= stack.len()`.
                regs: unsafe { th.stack.as_ptr().add(base) as *mut Value },
            },
            ci.pc,
        )
    }

    /// The dispatch loop proper.
    fn run(&mut self, stop: usize) -> LResult<()> {
        let th: &mut ThreadState = self.th();
        let (mut f, mut pc) = self.load_frame(th);

        // Register access.
        macro_rules! r {
            ($i:expr) => {
                // SAFETY: operands index registers below the prototype's `max_stack`, which
                // the stack holds from `base` on (see the module comment), and `f.regs` is
                // reloaded after anything that may reallocate the stack.
                unsafe { *f.regs.add($i as usize) }
            };
        }
        macro_rules! set_r {
            ($i:expr, $v:expr) => {{
                let v = $v;
                // SAFETY: as for `r!`.
                unsafe { *f.regs.add($i as usize) = v }
            }};
        }
        // The instruction at index `n` of the running function's code.
        macro_rules! code_at {
            ($n:expr) => {
                // SAFETY: `n` is inside the code: the verifier (and the compiler) guarantee
                // that jump targets are in range, that a comparison or test is followed by a
                // JMP, LOADKX/NEWTABLE/SETLIST with k by EXTRAARG, TFORCALL by TFORLOOP,
                // that MMBIN* follows the arithmetic instruction it completes, and that
                // every function ends in a return.
                unsafe { *f.code.add($n) }
            };
        }
        macro_rules! kst {
            ($i:expr) => {
                // SAFETY: constant operands are below the constant table's length (compiler
                // and verifier guarantee it).
                unsafe { *f.k.add($i as usize) }
            };
        }
        macro_rules! save_pc {
            () => {
                self.th().frames.last_mut().expect("frame").pc = pc
            };
        }
        macro_rules! reload {
            () => {{
                let th = self.th();
                // SAFETY: as in `load_frame`.
                f.regs = unsafe { th.stack.as_ptr().add(f.base) as *mut Value };
            }};
        }
        macro_rules! refresh_frame {
            () => {{
                let (nf, npc) = self.load_frame(self.th());
                f = nf;
                pc = npc;
            }};
        }
        // Saves the pc and sets the stack top to the frame's extent before a slow path
        // that may call Lua (which pushes above the top), as lvm.c's `Protect`.
        macro_rules! protect {
            ($e:expr) => {{
                {
                    let th = self.th();
                    let ci = th.frames.last_mut().expect("frame");
                    ci.pc = pc;
                    th.top = ci.top;
                }
                let r = $e;
                reload!();
                r
            }};
        }
        // Like `protect`, for instructions that set the top themselves.
        macro_rules! protect_nt {
            ($e:expr) => {{
                save_pc!();
                let r = $e;
                reload!();
                r
            }};
        }
        macro_rules! jump_next {
            () => {{
                // The instruction after a comparison is a JMP: take it.
                let ni = code_at!(pc);
                pc = (pc as i64 + arg_sj(ni) as i64 + 1) as usize;
            }};
        }
        macro_rules! cond_jump {
            ($cond:expr, $i:expr) => {{
                if $cond != arg_k($i) {
                    pc += 1;
                } else {
                    jump_next!();
                }
            }};
        }
        macro_rules! gc_check {
            () => {
                if self.heap.should_collect() {
                    save_pc!();
                    let th = self.th();
                    let ci_top = th.frames.last().expect("frame").top;
                    th.top = ci_top;
                    self.step_gc()?;
                    reload!();
                }
            };
        }

        // Table access arms: the raw lookup `fast(table, key)` first, `__index` (or
        // `__newindex`) and errors through the slow path; `ot` names the indexed value.
        macro_rules! get_arm {
            ($a:expr, $t:expr, $key:expr, $ot:expr, $fast:expr) => {{
                let (t, key) = ($t, $key);
                let v = match t.as_table() {
                    Some(tab) => ($fast)(tab, key),
                    None => Value::NIL,
                };
                let v = if v.is_nil() {
                    protect!(self.index_slow(t, key, $ot)?)
                } else {
                    v
                };
                set_r!($a, v);
            }};
        }
        // `fast(table, key, value)` assigns only over an existing non-nil value.
        macro_rules! set_arm {
            ($t:expr, $key:expr, $i:ident, $ot:expr, $fast:expr) => {{
                let (t, key, i) = ($t, $key, $i);
                let v = if arg_k(i) {
                    kst!(arg_c(i))
                } else {
                    r!(arg_c(i))
                };
                let done = match t.as_table() {
                    Some(tab) => ($fast)(tab, key, v),
                    None => false,
                };
                if !done {
                    protect!(self.setindex_slow(t, key, v, $ot)?);
                }
            }};
        }

        // Arithmetic arms, one per opcode so the operator is a constant in each.
        macro_rules! arith_k {
            ($o:expr, $i:ident, $a:ident) => {{
                let (i, a) = ($i, $a);
                let x = r!(arg_b(i));
                let y = kst!(arg_c(i));
                if let Some(v) = arith_inline(&self.heap, $o, x, y) {
                    set_r!(a, v);
                    pc += 1;
                } else if let Some(v) = protect!(self.arith_fast($o, x, y)?) {
                    set_r!(a, v);
                    pc += 1;
                }
            }};
        }
        macro_rules! arith_rr {
            ($o:expr, $i:ident, $a:ident) => {{
                let (i, a) = ($i, $a);
                let x = r!(arg_b(i));
                let y = r!(arg_c(i));
                if let Some(v) = arith_inline(&self.heap, $o, x, y) {
                    set_r!(a, v);
                    pc += 1;
                } else if let Some(v) = protect!(self.arith_fast($o, x, y)?) {
                    set_r!(a, v);
                    pc += 1;
                }
            }};
        }
        macro_rules! bitwise {
            ($o:expr, $x:expr, $y:expr, $a:ident) => {{
                let (x, y, a) = ($x, $y, $a);
                if let Some(v) = arith_inline(&self.heap, $o, x, y) {
                    set_r!(a, v);
                    pc += 1;
                } else if let Some(v) = self.bitwise_fast($o, x, y) {
                    set_r!(a, v);
                    pc += 1;
                }
            }};
        }

        loop {
            let i = code_at!(pc);
            pc += 1;
            if self.instruction_budget == 0 {
                save_pc!();
                return Err(self.limit_error());
            }
            self.instruction_budget -= 1;
            let a = arg_a(i);
            match decode_op(i) {
                OpCode::Move => set_r!(a, r!(arg_b(i))),
                OpCode::LoadI => set_r!(a, Value::inline_int_unchecked(arg_sbx(i) as i64)),
                OpCode::LoadF => set_r!(a, Value::from_float(arg_sbx(i) as f64)),
                OpCode::LoadK => set_r!(a, kst!(arg_bx(i))),
                OpCode::LoadKX => {
                    let ax = arg_ax(code_at!(pc));
                    pc += 1;
                    set_r!(a, kst!(ax));
                }
                OpCode::LoadFalse => set_r!(a, Value::FALSE),
                OpCode::LFalseSkip => {
                    set_r!(a, Value::FALSE);
                    pc += 1;
                }
                OpCode::LoadTrue => set_r!(a, Value::TRUE),
                OpCode::LoadNil => {
                    for j in 0..=arg_b(i) {
                        set_r!(a + j, Value::NIL);
                    }
                }
                OpCode::GetUpval => set_r!(a, f.cl.upvals[arg_b(i) as usize].get()),
                OpCode::SetUpval => f.cl.upvals[arg_b(i) as usize].set(r!(a)),
                OpCode::GetTabUp => get_arm!(
                    a,
                    f.cl.upvals[arg_b(i) as usize].get(),
                    kst!(arg_c(i)),
                    Origin::Upval(arg_b(i)),
                    get_const_str
                ),
                OpCode::GetTable => get_arm!(
                    a,
                    r!(arg_b(i)),
                    r!(arg_c(i)),
                    Origin::Reg(arg_b(i)),
                    |tab: Gc<Table>, key| tab.get(key)
                ),
                OpCode::GetI => get_arm!(
                    a,
                    r!(arg_b(i)),
                    Value::inline_int_unchecked(arg_c(i) as i64),
                    Origin::Reg(arg_b(i)),
                    |tab: Gc<Table>, key: Value| tab.get_int(key.inline_int_payload())
                ),
                OpCode::GetField => get_arm!(
                    a,
                    r!(arg_b(i)),
                    kst!(arg_c(i)),
                    Origin::Reg(arg_b(i)),
                    get_const_str
                ),
                OpCode::SetTabUp => set_arm!(
                    f.cl.upvals[a as usize].get(),
                    kst!(arg_b(i)),
                    i,
                    Origin::Upval(a),
                    set_const_str
                ),
                OpCode::SetTable => set_arm!(r!(a), r!(arg_b(i)), i, Origin::Reg(a), set_int_slot),
                OpCode::SetI => set_arm!(
                    r!(a),
                    Value::inline_int_unchecked(arg_b(i) as i64),
                    i,
                    Origin::Reg(a),
                    set_int_slot
                ),
                OpCode::SetField => {
                    set_arm!(r!(a), kst!(arg_b(i)), i, Origin::Reg(a), set_const_str)
                }
                OpCode::NewTable => {
                    let b = arg_b(i);
                    let mut c = arg_c(i) as usize;
                    if arg_k(i) {
                        c += arg_ax(code_at!(pc)) as usize * (MAXARG_C as usize + 1);
                    }
                    pc += 1;
                    let nhash = if b > 0 { 1usize << (b - 1) } else { 0 };
                    let t = self.new_table(c, nhash);
                    set_r!(a, Value::from_table(t));
                    gc_check!();
                }
                OpCode::SelfOp => {
                    let obj = r!(arg_b(i));
                    set_r!(a + 1, obj);
                    let key = if arg_k(i) {
                        kst!(arg_c(i))
                    } else {
                        r!(arg_c(i))
                    };
                    get_arm!(a, obj, key, Origin::Reg(arg_b(i)), |tab: Gc<Table>, key| {
                        tab.get(key)
                    })
                }
                OpCode::AddI => {
                    let x = r!(arg_b(i));
                    let imm = arg_sc(i) as i64;
                    if x.is_inline_int() {
                        let s = x.inline_int_payload() + imm;
                        set_r!(a, self.heap.int(s));
                        pc += 1;
                    } else if let Some(fl) = x.as_float() {
                        set_r!(a, Value::from_float(fl + imm as f64));
                        pc += 1;
                    } else if let Some(n) = x.as_int() {
                        set_r!(a, self.heap.int(n.wrapping_add(imm)));
                        pc += 1;
                    }
                }
                OpCode::AddK => arith_k!(ArithOp::Add, i, a),
                OpCode::SubK => arith_k!(ArithOp::Sub, i, a),
                OpCode::MulK => arith_k!(ArithOp::Mul, i, a),
                OpCode::ModK => arith_k!(ArithOp::Mod, i, a),
                OpCode::PowK => arith_k!(ArithOp::Pow, i, a),
                OpCode::DivK => arith_k!(ArithOp::Div, i, a),
                OpCode::IDivK => arith_k!(ArithOp::IDiv, i, a),
                OpCode::BAndK => bitwise!(ArithOp::BAnd, r!(arg_b(i)), kst!(arg_c(i)), a),
                OpCode::BOrK => bitwise!(ArithOp::BOr, r!(arg_b(i)), kst!(arg_c(i)), a),
                OpCode::BXorK => bitwise!(ArithOp::BXor, r!(arg_b(i)), kst!(arg_c(i)), a),
                OpCode::ShrI => bitwise!(
                    ArithOp::Shr,
                    r!(arg_b(i)),
                    Value::inline_int_unchecked(arg_sc(i) as i64),
                    a
                ),
                OpCode::ShlI => bitwise!(
                    ArithOp::Shl,
                    Value::inline_int_unchecked(arg_sc(i) as i64),
                    r!(arg_b(i)),
                    a
                ),
                OpCode::Add => {
                    let x = r!(arg_b(i));
                    let y = r!(arg_c(i));
                    if let Some(v) = Value::add_inline_ints(x, y) {
                        set_r!(a, v);
                        pc += 1;
                    } else if let (Some(p), Some(q)) = (x.as_float(), y.as_float()) {
                        set_r!(a, Value::from_float(p + q));
                        pc += 1;
                    } else if let Some(v) = self.arith_fast(ArithOp::Add, x, y)? {
                        set_r!(a, v);
                        pc += 1;
                    }
                }
                OpCode::Sub => {
                    let x = r!(arg_b(i));
                    let y = r!(arg_c(i));
                    if let Some(v) = Value::sub_inline_ints(x, y) {
                        set_r!(a, v);
                        pc += 1;
                    } else if let (Some(p), Some(q)) = (x.as_float(), y.as_float()) {
                        set_r!(a, Value::from_float(p - q));
                        pc += 1;
                    } else if let Some(v) = self.arith_fast(ArithOp::Sub, x, y)? {
                        set_r!(a, v);
                        pc += 1;
                    }
                }
                OpCode::Mul => arith_rr!(ArithOp::Mul, i, a),
                OpCode::Div => {
                    let x = r!(arg_b(i));
                    let y = r!(arg_c(i));
                    if let (Some(p), Some(q)) = (x.as_float(), y.as_float()) {
                        set_r!(a, Value::from_float(p / q));
                        pc += 1;
                    } else if let Some(v) = self.arith_fast(ArithOp::Div, x, y)? {
                        set_r!(a, v);
                        pc += 1;
                    }
                }
                OpCode::Mod => arith_rr!(ArithOp::Mod, i, a),
                OpCode::Pow => arith_rr!(ArithOp::Pow, i, a),
                OpCode::IDiv => arith_rr!(ArithOp::IDiv, i, a),
                OpCode::BAnd => bitwise!(ArithOp::BAnd, r!(arg_b(i)), r!(arg_c(i)), a),
                OpCode::BOr => bitwise!(ArithOp::BOr, r!(arg_b(i)), r!(arg_c(i)), a),
                OpCode::BXor => bitwise!(ArithOp::BXor, r!(arg_b(i)), r!(arg_c(i)), a),
                OpCode::Shl => bitwise!(ArithOp::Shl, r!(arg_b(i)), r!(arg_c(i)), a),
                OpCode::Shr => bitwise!(ArithOp::Shr, r!(arg_b(i)), r!(arg_c(i)), a),
                OpCode::MmBin => {
                    // The previous instruction failed its fast path.
                    let prev = code_at!(pc - 2);
                    let o = arith_from_tm(arg_c(i));
                    let x = r!(a);
                    let y = r!(arg_b(i));
                    let v =
                        protect!(self.arith_mm(o, x, y, Origin::Reg(a), Origin::Reg(arg_b(i)))?);
                    set_r!(arg_a(prev), v);
                }
                OpCode::MmBinI => {
                    let prev = code_at!(pc - 2);
                    let o = arith_from_tm(arg_c(i));
                    let imm = Value::inline_int_unchecked(arg_sb(i) as i64);
                    let x = r!(a);
                    let v = if arg_k(i) {
                        protect!(self.arith_mm(o, imm, x, Origin::None, Origin::Reg(a))?)
                    } else {
                        protect!(self.arith_mm(o, x, imm, Origin::Reg(a), Origin::None)?)
                    };
                    set_r!(arg_a(prev), v);
                }
                OpCode::MmBinK => {
                    let prev = code_at!(pc - 2);
                    let o = arith_from_tm(arg_c(i));
                    let kv = kst!(arg_b(i));
                    let x = r!(a);
                    let v = if arg_k(i) {
                        protect!(self.arith_mm(
                            o,
                            kv,
                            x,
                            Origin::Const(arg_b(i)),
                            Origin::Reg(a)
                        )?)
                    } else {
                        protect!(self.arith_mm(
                            o,
                            x,
                            kv,
                            Origin::Reg(a),
                            Origin::Const(arg_b(i))
                        )?)
                    };
                    set_r!(arg_a(prev), v);
                }
                OpCode::Unm => {
                    let x = r!(arg_b(i));
                    let v = if x.is_inline_int() {
                        self.heap.int(x.inline_int_payload().wrapping_neg())
                    } else if let Some(fl) = x.as_float() {
                        Value::from_float(-fl)
                    } else if let Some(n) = x.as_int() {
                        self.heap.int(n.wrapping_neg())
                    } else {
                        protect!(self.arith_mm(
                            ArithOp::Unm,
                            x,
                            x,
                            Origin::Reg(arg_b(i)),
                            Origin::Reg(arg_b(i))
                        )?)
                    };
                    set_r!(a, v);
                }
                OpCode::BNot => {
                    let x = r!(arg_b(i));
                    let v = if x.is_inline_int() {
                        Value::inline_int_unchecked(!x.inline_int_payload())
                    } else if let Some(v) = self.bitwise_fast(ArithOp::BNot, x, x) {
                        v
                    } else {
                        protect!(self.arith_mm(
                            ArithOp::BNot,
                            x,
                            x,
                            Origin::Reg(arg_b(i)),
                            Origin::Reg(arg_b(i))
                        )?)
                    };
                    set_r!(a, v);
                }
                OpCode::Not => set_r!(a, Value::from_bool(!r!(arg_b(i)).is_truthy())),
                OpCode::Len => {
                    let x = r!(arg_b(i));
                    let v = protect!(self.len_of(x, Origin::Reg(arg_b(i)))?);
                    set_r!(a, v);
                }
                OpCode::Concat => {
                    let n = arg_b(i) as usize;
                    let th = self.th();
                    th.top = f.base + a as usize + n;
                    protect_nt!(self.concat(n)?);
                    gc_check!();
                }
                OpCode::Close => {
                    protect!(self.close_level(f.base + a as usize, None)?);
                }
                OpCode::Tbc => {
                    protect!(self.new_tbc(f.base + a as usize)?);
                }
                OpCode::Jmp => {
                    let sj = arg_sj(i);
                    pc = (pc as i64 + sj as i64) as usize;
                    if sj < 0 {
                        // Loop back-edges are safe points: a loop that only boxes integers
                        // or concatenates still runs in bounded memory.
                        gc_check!();
                    }
                }
                OpCode::Eq => {
                    let x = r!(a);
                    let y = r!(arg_b(i));
                    let c = if x == y {
                        !(x.as_float().is_some_and(f64::is_nan))
                    } else {
                        protect!(self.equal_slow(x, y)?)
                    };
                    cond_jump!(c, i);
                }
                OpCode::Lt => {
                    let x = r!(a);
                    let y = r!(arg_b(i));
                    let c = if x.is_inline_int() && y.is_inline_int() {
                        x.inline_int_payload() < y.inline_int_payload()
                    } else if let (Some(p), Some(q)) = (x.as_float(), y.as_float()) {
                        p < q
                    } else {
                        protect!(self.less_than(x, y)?)
                    };
                    cond_jump!(c, i);
                }
                OpCode::Le => {
                    let x = r!(a);
                    let y = r!(arg_b(i));
                    let c = if x.is_inline_int() && y.is_inline_int() {
                        x.inline_int_payload() <= y.inline_int_payload()
                    } else if let (Some(p), Some(q)) = (x.as_float(), y.as_float()) {
                        p <= q
                    } else {
                        protect!(self.less_equal(x, y)?)
                    };
                    cond_jump!(c, i);
                }
                OpCode::EqK => {
                    let x = r!(a);
                    let y = kst!(arg_b(i));
                    cond_jump!(self.raw_equal(x, y), i);
                }
                OpCode::EqI => {
                    let x = r!(a);
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
                OpCode::LtI | OpCode::LeI | OpCode::GtI | OpCode::GeI => {
                    let x = r!(a);
                    let imm = arg_sb(i) as i64;
                    let o = decode_op(i);
                    let c = if x.is_inline_int() {
                        let v = x.inline_int_payload();
                        match o {
                            OpCode::LtI => v < imm,
                            OpCode::LeI => v <= imm,
                            OpCode::GtI => v > imm,
                            _ => v >= imm,
                        }
                    } else if let Some(fl) = x.as_float() {
                        let m = imm as f64;
                        match o {
                            OpCode::LtI => fl < m,
                            OpCode::LeI => fl <= m,
                            OpCode::GtI => fl > m,
                            _ => fl >= m,
                        }
                    } else {
                        let isf = arg_c(i) != 0;
                        protect!(self.order_imm(o, x, imm, isf)?)
                    };
                    cond_jump!(c, i);
                }
                OpCode::Test => {
                    let c = !r!(a).is_truthy();
                    if c == arg_k(i) {
                        pc += 1;
                    } else {
                        jump_next!();
                    }
                }
                OpCode::TestSet => {
                    let rb = r!(arg_b(i));
                    if rb.is_truthy() != arg_k(i) {
                        pc += 1;
                    } else {
                        set_r!(a, rb);
                        jump_next!();
                    }
                }
                OpCode::Call => {
                    let b = arg_b(i);
                    let func = f.base + a as usize;
                    let th = self.th();
                    if b != 0 {
                        th.top = func + b as usize;
                    }
                    let nresults = arg_c(i) as i32 - 1;
                    save_pc!();
                    if self.heap.should_collect() {
                        self.step_gc()?;
                    }
                    if self.precall(func, nresults)? {
                        refresh_frame!();
                    } else {
                        reload!();
                    }
                }
                OpCode::TailCall => {
                    let b = arg_b(i);
                    let func = f.base + a as usize;
                    let th = self.th();
                    if b != 0 {
                        th.top = func + b as usize;
                    }
                    save_pc!();
                    if arg_k(i) {
                        self.close_upvals(f.base);
                    }
                    let nparams1 = arg_c(i) as usize;
                    match self.pretailcall(func, nparams1)? {
                        true => refresh_frame!(),
                        false => {
                            // A native ran; its results are on top: return them.
                            let th = self.th();
                            let mut ci = *th.frames.last().expect("frame");
                            if nparams1 != 0 {
                                ci.func -= ci.nextraargs as usize + nparams1;
                            }
                            let n = th.top - func;
                            if self.finish_return(ci, n, stop)? {
                                return Ok(());
                            }
                            refresh_frame!();
                        }
                    }
                }
                OpCode::Return => {
                    let mut n = arg_b(i) as i32 - 1;
                    let ra = f.base + a as usize;
                    let th = self.th();
                    if n < 0 {
                        n = (th.top - ra) as i32;
                    }
                    th.top = ra + n as usize;
                    save_pc!();
                    if arg_k(i) {
                        self.close_level(f.base, None)?;
                    }
                    let th = self.th();
                    let mut ci = *th.frames.last().expect("frame");
                    if arg_c(i) != 0 {
                        ci.func -= ci.nextraargs as usize + arg_c(i) as usize;
                    }
                    if self.finish_return(ci, n as usize, stop)? {
                        return Ok(());
                    }
                    refresh_frame!();
                }
                OpCode::Return0 => {
                    let th = self.th();
                    th.top = f.base + a as usize;
                    let ci = *th.frames.last().expect("frame");
                    if self.finish_return(ci, 0, stop)? {
                        return Ok(());
                    }
                    refresh_frame!();
                }
                OpCode::Return1 => {
                    let th = self.th();
                    th.top = f.base + a as usize + 1;
                    let ci = *th.frames.last().expect("frame");
                    if self.finish_return(ci, 1, stop)? {
                        return Ok(());
                    }
                    refresh_frame!();
                }
                OpCode::ForLoop => {
                    let step = r!(a + 2);
                    if step.is_inline_int() && r!(a + 1).is_inline_int() && r!(a).is_inline_int() {
                        let count = r!(a + 1).inline_int_payload() as u64;
                        if count > 0 {
                            let s = step.inline_int_payload();
                            let idx = r!(a).inline_int_payload().wrapping_add(s);
                            set_r!(a + 1, Value::inline_int_unchecked(count as i64 - 1));
                            let v = self.heap.int(idx);
                            set_r!(a, v);
                            set_r!(a + 3, v);
                            pc -= arg_bx(i) as usize;
                            gc_check!();
                        }
                    } else {
                        let mut st = [r!(a), r!(a + 1), r!(a + 2), r!(a + 3)];
                        let again = self.for_loop_slow(&mut st);
                        for (j, v) in st.into_iter().enumerate() {
                            set_r!(a as usize + j, v);
                        }
                        if again {
                            pc -= arg_bx(i) as usize;
                            gc_check!();
                        }
                    }
                }
                OpCode::ForPrep => {
                    let skip = protect!(self.for_prep(f.base + a as usize)?);
                    if skip {
                        pc += arg_bx(i) as usize + 1;
                    }
                }
                OpCode::TForPrep => {
                    protect!(self.new_tbc(f.base + a as usize + 3)?);
                    pc += arg_bx(i) as usize;
                }
                OpCode::TForCall => {
                    let ra = a as usize;
                    set_r!(ra + 4, r!(ra));
                    set_r!(ra + 5, r!(ra + 1));
                    set_r!(ra + 6, r!(ra + 2));
                    let th = self.th();
                    th.top = f.base + ra + 4 + 3;
                    save_pc!();
                    self.call_in_loop(f.base + ra + 4, arg_c(i) as i32)?;
                    reload!();
                    // The next instruction is TFORLOOP.
                    let ni = code_at!(pc);
                    pc += 1;
                    let ra = arg_a(ni);
                    if !r!(ra + 4).is_nil() {
                        set_r!(ra + 2, r!(ra + 4));
                        pc -= arg_bx(ni) as usize;
                    }
                }
                OpCode::TForLoop => {
                    if !r!(a + 4).is_nil() {
                        set_r!(a + 2, r!(a + 4));
                        pc -= arg_bx(i) as usize;
                        gc_check!();
                    }
                }
                OpCode::SetList => {
                    let mut n = arg_b(i) as usize;
                    let mut last = arg_c(i) as usize;
                    let th = self.th();
                    let ra = f.base + a as usize;
                    if n == 0 {
                        n = th.top - ra - 1;
                    } else {
                        th.top = th.frames.last().expect("frame").top;
                    }
                    last += n;
                    if arg_k(i) {
                        last += arg_ax(code_at!(pc)) as usize * (MAXARG_C as usize + 1);
                        pc += 1;
                    }
                    let t = r!(a).as_table().expect("SETLIST on a table");
                    if last > t.array_len() {
                        t.presize(&self.heap, last, 0);
                    }
                    for j in (1..=n).rev() {
                        let v = r!(a as usize + j);
                        t.set_int(&self.heap, (last - n + j) as i64, v);
                    }
                }
                OpCode::Closure => {
                    // SAFETY: the prototype outlives the frame (see `load_frame`).
                    let fpr: &FuncProto = unsafe { &*f.fp };
                    let p = fpr.children[arg_bx(i) as usize].clone();
                    let c = self.new_closure(p, f.cl, f.base);
                    set_r!(a, c);
                    gc_check!();
                }
                OpCode::VarArg => {
                    let n = arg_c(i) as i32 - 1;
                    protect!(self.get_varargs(f.base + a as usize, n)?);
                }
                OpCode::VarArgPrep => {
                    // SAFETY: the prototype outlives the frame (see `load_frame`).
                    let fpr: &FuncProto = unsafe { &*f.fp };
                    let np = fpr.p.num_params as usize;
                    save_pc!();
                    self.adjust_varargs(np)?;
                    refresh_frame!();
                }
                OpCode::ExtraArg => {
                    return Err(self.rt_error("invalid instruction EXTRAARG"));
                }
            }
        }
    }

    /// Ends a Lua frame: moves `n` results (on top of the stack) to the function slot and
    /// pops the frame. Returns true when the loop must return (the frame was `stop`'s or a
    /// fresh one); otherwise the caller's frame (a Lua frame) continues.
    fn finish_return(
        &mut self,
        ci: crate::vm::thread::CallInfo,
        n: usize,
        stop: usize,
    ) -> LResult<bool> {
        self.poscall(ci, n);
        let th = self.th();
        if ci.status & cist::FRESH != 0 || th.frames.len() <= stop {
            return Ok(true);
        }
        // Returning into a pcall frame finishes it too.
        loop {
            let th = self.th();
            let top = *th.frames.last().expect("caller frame");
            if top.status & cist::LUA != 0 {
                return Ok(false);
            }
            if top.status & cist::PCALL != 0 {
                self.finish_pcall()?;
                let th = self.th();
                if top.status & cist::FRESH != 0 || th.frames.len() <= stop {
                    return Ok(true);
                }
                continue;
            }
            // A native frame below a non-fresh Lua frame only happens after a resume
            // (unroll handles it).
            return Ok(true);
        }
    }
}
