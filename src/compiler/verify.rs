//! A checker for prototypes: everything the VM takes on trust must hold before code runs.
//! The compiler's output always passes (its tests check that on the whole corpus and on
//! generated programs); the binary-chunk loader runs every loaded chunk through it, so
//! malformed bytes are rejected with an error instead of reaching the interpreter.
//!
//! The VM reads registers, constants and instructions without bounds checks (rule 1 of the
//! interpreter's rules, at the head of `vm/ops.rs`, and the `SAFETY` comments that cite it)
//! and relies on the shape of the code in a few more places. The rules, each checked here
//! and cited elsewhere as V1-V8:
//!
//! 1. Operands exist: registers below `max_stack` (ranges too: CALL's arguments and results,
//!    RETURN's values, LOADNIL, CONCAT, the loops' control registers), constants, upvalues,
//!    nested prototypes. GETFIELD, SETFIELD, GETTABUP, SETTABUP and SELF's constant key is a
//!    short string (the fast lookups hash it as one).
//! 2. Control stays inside the code. Every way an instruction can continue is a valid pc:
//!    fall-through, jump targets, and the skips (a comparison or test skips its JMP, an
//!    arithmetic fast path its MMBIN, LFALSESKIP the next instruction, LOADKX, NEWTABLE and
//!    SETLIST-with-k their EXTRAARG, FORPREP past its FORLOOP). So the last instruction is a
//!    return, a tail call or a jump back.
//! 3. Pairs stay together: a comparison or test is followed by JMP; LOADKX, NEWTABLE and
//!    SETLIST with k by EXTRAARG; TFORPREP jumps to a TFORCALL, which is followed by
//!    TFORLOOP; an arithmetic instruction is followed by the MMBIN of its family (MMBIN,
//!    MMBINI, MMBINK), and an MMBIN follows one (the VM writes the result to the A of the
//!    instruction before it). MMBIN's event is an arithmetic one.
//! 4. An instruction that takes its values "up to the top" (CALL, TAILCALL, RETURN or SETLIST
//!    with B = 0) is reached only from the instruction before it, which sets the top: a CALL
//!    or VARARG with C = 0 whose A leaves at least the consumer's fixed operands below the top.
//! 5. Varargs: a vararg function starts with VARARGPREP, which appears nowhere else and is
//!    never jumped to; VARARG appears only in vararg functions; RETURN and TAILCALL carry
//!    C = parameters + 1 in a vararg function and 0 otherwise (the VM moves the frame back
//!    by that much); a vararg function has no RETURN0 or RETURN1 (they do not move it back).
//! 6. Open upvalues never outlive or alias a frame: a function that captures its registers
//!    in closures, or has to-be-closed variables (TBC, generic for), returns only through
//!    RETURN or TAILCALL with k (which close them); and no call starts a frame over a
//!    register that may have an open upvalue (the callee's function slot, which the VM
//!    requires to hold the running closure, or its registers would be written through it).
//! 7. SETLIST's register holds the table NEWTABLE made: a data-flow pass follows "this
//!    register certainly holds a fresh table" (cleared by anything that may write the
//!    register, including code run by a call while a closure has the register as an open
//!    upvalue).
//! 8. Sizes stay sane: table size hints (NEWTABLE, SETLIST's base index) are bounded by the
//!    code length, as the compiler's are; at most [`MAX_UPVALUES`] upvalues; nesting at most
//!    [`MAX_FUNCTION_NESTING`] deep; line information absent (stripped) or one line per
//!    instruction; locals' ranges inside the code.

#![forbid(unsafe_code)]

use super::opcode::*;
use super::proto::{Constant, Proto};
use crate::shared::limits::{MAX_FUNCTION_NESTING, MAX_SHORT_LEN, MAX_UPVALUES};
use crate::shared::tm::Tm;

/// Checks `p` and its nested prototypes; the error names the function and instruction.
pub fn verify(p: &Proto) -> Result<(), String> {
    verify_function(p, None, 0)
}

/// What a nested function may refer to in its parent when its closure is made.
struct Parent {
    max_stack: u32,
    nupvalues: usize,
}

fn verify_function(p: &Proto, parent: Option<&Parent>, depth: usize) -> Result<(), String> {
    let fail = |msg: String| Err(format!("function at line {}: {msg}", p.line_defined));
    if depth > MAX_FUNCTION_NESTING {
        return fail("functions nested too deeply".into());
    }
    if p.code.is_empty() {
        return fail("no code".into());
    }
    if !p.lines.is_empty() && p.lines.len() != p.code.len() {
        return fail("line information does not match the code".into());
    }
    if p.num_params as u32 > p.max_stack as u32 {
        return fail("more parameters than registers".into());
    }
    if p.max_stack as u32 > MAX_REGS {
        return fail("too many registers".into());
    }
    if p.upvalues.len() > MAX_UPVALUES {
        return fail("too many upvalues".into());
    }
    for (i, u) in p.upvalues.iter().enumerate() {
        let ok = match parent {
            // The main function's upvalues are supplied by the loader.
            None => true,
            Some(par) if u.in_stack => (u.index as u32) < par.max_stack,
            Some(par) => (u.index as usize) < par.nupvalues,
        };
        if !ok {
            return fail(format!("upvalue {i} refers to a missing parent slot"));
        }
    }
    for v in &p.locals {
        if v.start_pc > v.end_pc || v.end_pc as usize > p.code.len() {
            return fail(format!("local '{}' has a bad range", v.name));
        }
    }
    let last = op_bits(p.code[p.code.len() - 1]);
    let returns = [
        OpCode::Return,
        OpCode::Return0,
        OpCode::Return1,
        OpCode::TailCall,
        OpCode::Jmp,
    ];
    if !returns.iter().any(|&o| o as u32 == last) {
        return fail("the code does not end with a return or a jump".into());
    }
    for pc in 0..p.code.len() {
        if let Err(msg) = check_instruction(p, pc) {
            return fail(format!("instruction {}: {msg}", pc + 1));
        }
    }
    // Every instruction is valid on its own: now the rules about how they fit together.
    if let Err(msg) = check_flow(p) {
        return fail(msg);
    }
    let me = Parent {
        max_stack: p.max_stack as u32,
        nupvalues: p.upvalues.len(),
    };
    for child in &p.protos {
        verify_function(child, Some(&me), depth + 1)?;
    }
    Ok(())
}

/// The MMBIN variant that must follow `o`, if `o` is an arithmetic instruction.
fn mm_companion(o: OpCode) -> Option<OpCode> {
    o.arith().map(|(_, mm)| mm)
}

/// The pcs the VM may run after the instruction at `pc` (they may be out of range: the
/// caller checks). At most two.
fn successors(p: &Proto, pc: usize) -> Vec<i64> {
    use OpCode::*;
    let i = p.code[pc];
    let pc = pc as i64;
    let o = op(i);
    match o {
        Return | Return0 | Return1 | TailCall => vec![],
        Jmp => vec![pc + 1 + arg_sj(i) as i64],
        LFalseSkip | LoadKX | NewTable => vec![pc + 2],
        SetList if arg_k(i) => vec![pc + 2],
        _ if o.is_test() || o.arith().is_some() => vec![pc + 1, pc + 2],
        ForLoop | TForLoop => vec![pc + 1, pc + 1 - arg_bx(i) as i64],
        ForPrep => vec![pc + 1, pc + 2 + arg_bx(i) as i64],
        TForPrep => vec![pc + 1 + arg_bx(i) as i64],
        _ => vec![pc + 1],
    }
}

/// A B = 0 instruction taking values up to the top: how many registers from its A must lie
/// below the top (the function for a call, the table for SETLIST; none for RETURN).
fn top_consumer(i: Instruction) -> Option<u32> {
    match op(i) {
        // Its top is the caller's, set before the function starts (rule 5 keeps it first).
        OpCode::VarArgPrep => None,
        _ if !uses_top(i) => None,
        OpCode::Return => Some(0),
        _ => Some(1),
    }
}

fn check_flow(p: &Proto) -> Result<(), String> {
    let len = p.code.len();
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); len];
    for pc in 0..len {
        for s in successors(p, pc) {
            if !(0..len as i64).contains(&s) {
                return Err(format!(
                    "instruction {}: control leaves the code (to {})",
                    pc + 1,
                    s + 1
                ));
            }
            preds[s as usize].push(pc);
        }
    }
    // Rule 4: the top is set right before an instruction that uses it.
    for (pc, (&i, from)) in p.code.iter().zip(&preds).enumerate() {
        let Some(fixed) = top_consumer(i) else {
            continue;
        };
        let at = |msg: &str| Err(format!("instruction {}: {msg}", pc + 1));
        // (The function's entry reaches pc 0.)
        if pc == 0 || from.iter().any(|&q| q != pc - 1) {
            return at("an instruction using the top is reached without setting it");
        }
        if from.contains(&(pc - 1)) {
            let prev = p.code[pc - 1];
            if !sets_top(prev) {
                return at("an instruction using the top does not follow one that sets it");
            }
            if arg_a(prev) < arg_a(i) + fixed {
                return at("the top is set below the registers this instruction uses");
            }
        }
    }
    // Rule 5: varargs.
    if p.is_vararg {
        if op(p.code[0]) != OpCode::VarArgPrep {
            return Err("a vararg function must start with VARARGPREP".into());
        }
        if !preds[0].is_empty() {
            return Err(format!(
                "instruction {}: jump back to VARARGPREP",
                preds[0][0] + 1
            ));
        }
    }
    let nparams1 = if p.is_vararg {
        p.num_params as u32 + 1
    } else {
        0
    };
    // Rule 6: closing returns.
    let captures = p
        .protos
        .iter()
        .any(|c| c.upvalues.iter().any(|u| u.in_stack));
    let has_tbc = p
        .code
        .iter()
        .any(|&i| matches!(op(i), OpCode::Tbc | OpCode::TForPrep));
    for (pc, &i) in p.code.iter().enumerate() {
        let at = |msg: &str| Err(format!("instruction {}: {msg}", pc + 1));
        match op(i) {
            OpCode::VarArgPrep if pc != 0 => return at("VARARGPREP after the start"),
            OpCode::Return | OpCode::TailCall => {
                if arg_c(i) != nparams1 {
                    return at("C does not match the function's parameters");
                }
                if (captures || has_tbc) && !arg_k(i) {
                    return at("a return that must close upvalues does not");
                }
            }
            OpCode::Return0 | OpCode::Return1 => {
                if p.is_vararg {
                    return at("RETURN0/RETURN1 in a vararg function");
                }
                if captures || has_tbc {
                    return at("a return that must close upvalues does not");
                }
            }
            _ => {}
        }
    }
    check_tables(p)
}

/// A set of registers (0..256).
#[derive(Clone, Copy, PartialEq, Eq, Default)]
struct Regs([u64; 4]);

impl Regs {
    fn has(&self, r: u32) -> bool {
        r < 256 && self.0[(r / 64) as usize] & (1 << (r % 64)) != 0
    }
    fn add(&mut self, r: u32) {
        if r < 256 {
            self.0[(r / 64) as usize] |= 1 << (r % 64);
        }
    }
    /// Removes registers `from..to`.
    fn remove_range(&mut self, from: u32, to: u32) {
        for r in from..to.min(256) {
            self.0[(r / 64) as usize] &= !(1 << (r % 64));
        }
    }
    fn any_from(&self, from: u32) -> bool {
        (from..256).any(|r| self.has(r))
    }
    fn and(self, o: Regs) -> Regs {
        Regs(std::array::from_fn(|j| self.0[j] & o.0[j]))
    }
    fn or(self, o: Regs) -> Regs {
        Regs(std::array::from_fn(|j| self.0[j] | o.0[j]))
    }
    fn minus(self, o: Regs) -> Regs {
        Regs(std::array::from_fn(|j| self.0[j] & !o.0[j]))
    }
}

/// The analysis state before an instruction: `tables`, registers that certainly hold the
/// table a NEWTABLE of this function made; `open`, registers that may have an open upvalue.
#[derive(Clone, Copy, PartialEq, Eq)]
struct State {
    tables: Regs,
    open: Regs,
}

/// The registers the instruction at `pc` may write, as a range `from..to`.
fn written(p: &Proto, pc: usize) -> (u32, u32) {
    use OpCode::*;
    let i = p.code[pc];
    let a = arg_a(i);
    let o = op(i);
    match o {
        LoadNil => (a, a + arg_b(i) + 1),
        // Results, and the callee's frame above the function.
        Call => (a, 256),
        TForCall => (a + 4, 256),
        TForLoop => (a + 2, a + 3),
        ForLoop | ForPrep => (a, a + 4),
        SelfOp => (a, a + 2),
        Concat => (a, a + arg_b(i).max(1)),
        VarArg if arg_c(i) == 0 => (a, 256),
        VarArg => (a, a + arg_c(i) - 1),
        // The result of the arithmetic instruction before (checked to be one).
        _ if o.is_mm() => {
            let prev = arg_a(p.code[pc - 1]);
            (prev, prev + 1)
        }
        _ if o.sets_a() => (a, a + 1),
        _ => (0, 0),
    }
}

/// Whether the instruction may run Lua code (a call, a metamethod, or a finalizer at a
/// collection point), which could write registers through open upvalues.
fn may_run_code(o: OpCode) -> bool {
    use OpCode::*;
    !matches!(
        o,
        Move | LoadI
            | LoadF
            | LoadK
            | LoadKX
            | LoadFalse
            | LFalseSkip
            | LoadTrue
            | LoadNil
            | GetUpval
            | SetUpval
            | Not
            | Test
            | TestSet
            | EqK
            | EqI
            | Tbc
            | VarArg
            | VarArgPrep
            | ExtraArg
    )
}

fn transfer(p: &Proto, pc: usize, s: State) -> State {
    use OpCode::*;
    let i = p.code[pc];
    let a = arg_a(i);
    let mut tables = s.tables;
    let mut open = s.open;
    let (from, to) = written(p, pc);
    tables.remove_range(from, to);
    match op(i) {
        NewTable => tables.add(a),
        Closure => {
            if let Some(child) = p.protos.get(arg_bx(i) as usize) {
                for u in child.upvalues.iter().filter(|u| u.in_stack) {
                    open.add(u.index as u32);
                }
            }
        }
        Close => open.remove_range(a, 256),
        _ => {}
    }
    if may_run_code(op(i)) {
        tables = tables.minus(open);
    }
    State { tables, open }
}

/// Rules 6 (no frame, from its function slot up, over an open upvalue) and 7 (SETLIST on a fresh table), by a forward
/// data-flow pass to a fixed point: `tables` meets by intersection, `open` by union.
fn check_tables(p: &Proto) -> Result<(), String> {
    let len = p.code.len();
    let mut state: Vec<Option<State>> = vec![None; len];
    state[0] = Some(State {
        tables: Regs::default(),
        open: Regs::default(),
    });
    let mut work = vec![0usize];
    let mut queued = vec![false; len];
    queued[0] = true;
    while let Some(pc) = work.pop() {
        queued[pc] = false;
        let Some(s) = state[pc] else { continue };
        let out = transfer(p, pc, s);
        for succ in successors(p, pc) {
            let succ = succ as usize;
            let merged = match state[succ] {
                None => out,
                Some(old) => State {
                    tables: old.tables.and(out.tables),
                    open: old.open.or(out.open),
                },
            };
            if state[succ] != Some(merged) {
                state[succ] = Some(merged);
                if !queued[succ] {
                    queued[succ] = true;
                    work.push(succ);
                }
            }
        }
    }
    for (pc, s) in state.iter().enumerate() {
        let Some(s) = s else { continue };
        let i = p.code[pc];
        let a = arg_a(i);
        let at = |msg: &str| Err(format!("instruction {}: {msg}", pc + 1));
        match op(i) {
            OpCode::SetList if !s.tables.has(a) => {
                return at("SETLIST on a register that may not hold a fresh table");
            }
            OpCode::Call if s.open.any_from(a) => {
                return at("a call over a register with an open upvalue");
            }
            OpCode::TForCall if s.open.any_from(a + 4) => {
                return at("a call over a register with an open upvalue");
            }
            _ => {}
        }
    }
    Ok(())
}

fn check_instruction(p: &Proto, pc: usize) -> Result<(), String> {
    let i = p.code[pc];
    if op_bits(i) as usize >= NUM_OPCODES {
        return Err(format!("unknown opcode {}", op_bits(i)));
    }
    let o = op(i);
    let (a, b, c) = (arg_a(i), arg_b(i), arg_c(i));
    let ms = p.max_stack as u32;
    let len = p.code.len() as i64;
    let reg = |r: u32| -> Result<(), String> {
        if r < ms {
            Ok(())
        } else {
            Err(format!("register {r} out of range (max stack {ms})"))
        }
    };
    let regs = |first: u32, n: u32| -> Result<(), String> {
        if n == 0 {
            Ok(())
        } else {
            reg(first + n - 1)
        }
    };
    // A first register that may equal `max_stack` when no register is used (RETURN A 1).
    let level = |r: u32| -> Result<(), String> {
        if r <= ms {
            Ok(())
        } else {
            Err(format!("register {r} out of range (max stack {ms})"))
        }
    };
    let k = |n: u32| -> Result<(), String> {
        if (n as usize) < p.constants.len() {
            Ok(())
        } else {
            Err(format!("constant {n} out of range"))
        }
    };
    let kstr = |n: u32| -> Result<(), String> {
        match p.constants.get(n as usize) {
            Some(Constant::Str(s)) if s.len() <= MAX_SHORT_LEN => Ok(()),
            Some(Constant::Str(_)) => Err(format!("constant {n} is not a short string")),
            Some(_) => Err(format!("constant {n} is not a string")),
            None => Err(format!("constant {n} out of range")),
        }
    };
    let rk = |n: u32| if arg_k(i) { k(n) } else { reg(n) };
    let up = |n: u32| -> Result<(), String> {
        if (n as usize) < p.upvalues.len() {
            Ok(())
        } else {
            Err(format!("upvalue {n} out of range"))
        }
    };
    let target = |t: i64| -> Result<(), String> {
        if (0..len).contains(&t) {
            Ok(())
        } else {
            Err(format!("jump to {} outside the code", t + 1))
        }
    };
    let next_is = |want: OpCode, what: &str| -> Result<u32, String> {
        match p.code.get(pc + 1) {
            Some(&n) if op_bits(n) == want as u32 => Ok(n),
            _ => Err(format!("{what} expected next")),
        }
    };
    let extra_follows = || next_is(OpCode::ExtraArg, "EXTRAARG");
    let jump_follows =
        || next_is(OpCode::Jmp, "JMP").map_err(|_| "a test must be followed by a jump".to_string());
    // A table size hint: no larger than the code could fill, as the compiler's are.
    let size_hint = |n: u64| -> Result<(), String> {
        if n <= len as u64 {
            Ok(())
        } else {
            Err(format!("table size {n} larger than the code could fill"))
        }
    };
    let mm_follows = |family: OpCode| -> Result<(), String> {
        next_is(family, family.name())
            .map(|_| ())
            .map_err(|_| format!("{} expected after arithmetic", family.name()))
    };
    let pci = pc as i64;
    use OpCode::*;
    match o {
        Move | Unm | BNot | Not | Len | GetI => {
            reg(a)?;
            reg(b)?;
        }
        Eq | Lt | Le => {
            reg(a)?;
            reg(b)?;
            jump_follows()?;
        }
        LoadI | LoadF | LoadFalse | LoadTrue | Close | Tbc | Return1 | LFalseSkip => reg(a)?,
        LoadK => {
            reg(a)?;
            k(arg_bx(i))?;
        }
        LoadKX => {
            reg(a)?;
            let x = extra_follows()?;
            k(arg_ax(x))?;
        }
        LoadNil => regs(a, b + 1)?,
        GetUpval | SetUpval => {
            reg(a)?;
            up(b)?;
        }
        GetTabUp => {
            reg(a)?;
            up(b)?;
            kstr(c)?;
        }
        GetTable => {
            reg(a)?;
            reg(b)?;
            reg(c)?;
        }
        GetField => {
            reg(a)?;
            reg(b)?;
            kstr(c)?;
        }
        SetTabUp => {
            up(a)?;
            kstr(b)?;
            rk(c)?;
        }
        SetTable => {
            reg(a)?;
            reg(b)?;
            rk(c)?;
        }
        SetI => {
            reg(a)?;
            rk(c)?;
        }
        SetField => {
            reg(a)?;
            kstr(b)?;
            rk(c)?;
        }
        NewTable => {
            reg(a)?;
            let x = extra_follows()?;
            if b > 0 && (b > 32 || 1u64 << (b - 1) > 2 * len as u64) {
                return Err(format!("hash size 2^{} too large", b - 1));
            }
            let extra = if arg_k(i) { arg_ax(x) as u64 } else { 0 };
            size_hint(c as u64 + extra * (MAXARG_C as u64 + 1))?;
        }
        SelfOp => {
            regs(a, 2)?;
            reg(b)?;
            if arg_k(i) {
                kstr(c)?;
            } else {
                reg(c)?;
            }
        }
        AddI | ShrI | ShlI | AddK | SubK | MulK | ModK | PowK | DivK | IDivK | BAndK | BOrK
        | BXorK | Add | Sub | Mul | Mod | Pow | Div | IDiv | BAnd | BOr | BXor | Shl | Shr => {
            let mm = mm_companion(o).expect("an arithmetic instruction");
            reg(a)?;
            reg(b)?;
            match mm {
                MmBin => reg(c)?,
                MmBinK => k(c)?,
                _ => {} // C is the immediate operand
            }
            mm_follows(mm)?;
        }
        MmBin | MmBinI | MmBinK => {
            // The VM writes the result to the A of the arithmetic instruction before.
            if pc == 0 || mm_companion(op(p.code[pc - 1])) != Some(o) {
                return Err(format!(
                    "{} without the arithmetic instruction it completes",
                    o.name()
                ));
            }
            if Tm::from_mmbin(c).is_none() {
                return Err(format!("{} with a bad event {c}", o.name()));
            }
            reg(a)?;
            match o {
                MmBin => reg(b)?,
                MmBinK => k(b)?,
                _ => {}
            }
        }
        Concat => {
            if b < 2 {
                return Err("CONCAT of fewer than two values".into());
            }
            regs(a, b)?;
        }
        Jmp => target(pci + 1 + arg_sj(i) as i64)?,
        EqK => {
            reg(a)?;
            k(b)?;
            jump_follows()?;
        }
        EqI | LtI | LeI | GtI | GeI | Test => {
            reg(a)?;
            jump_follows()?;
        }
        TestSet => {
            reg(a)?;
            reg(b)?;
            jump_follows()?;
        }
        Call | TailCall => {
            reg(a)?;
            if b > 0 {
                regs(a, b)?;
            }
            if o == Call && c > 1 {
                regs(a, c - 1)?;
            }
        }
        Return => {
            if b > 1 {
                regs(a, b - 1)?;
            } else {
                level(a)?;
            }
        }
        Return0 => level(a)?,
        ForLoop => {
            regs(a, 4)?;
            target(pci + 1 - arg_bx(i) as i64)?;
        }
        ForPrep => {
            regs(a, 4)?;
            // The exit is the instruction after the FORLOOP.
            target(pci + 2 + arg_bx(i) as i64)?;
        }
        TForPrep => {
            regs(a, 4)?;
            let t = pci + 1 + arg_bx(i) as i64;
            target(t)?;
            if op_bits(p.code[t as usize]) != TForCall as u32 {
                return Err("TFORPREP must jump to a TFORCALL".into());
            }
        }
        TForCall => {
            regs(a, 7)?;
            regs(a + 4, c)?;
            next_is(TForLoop, "TFORLOOP")
                .map_err(|_| "TFORCALL must be followed by TFORLOOP".to_string())?;
        }
        TForLoop => {
            regs(a, 5)?;
            target(pci + 1 - arg_bx(i) as i64)?;
        }
        SetList => {
            regs(a, b + 1)?;
            let extra = if arg_k(i) {
                arg_ax(extra_follows()?) as u64
            } else {
                0
            };
            size_hint(c as u64 + extra * (MAXARG_C as u64 + 1))?;
        }
        Closure => {
            reg(a)?;
            if arg_bx(i) as usize >= p.protos.len() {
                return Err(format!("prototype {} out of range", arg_bx(i)));
            }
        }
        VarArg => {
            reg(a)?;
            if c > 1 {
                regs(a, c - 1)?;
            }
            if !p.is_vararg {
                return Err("VARARG in a function that is not vararg".into());
            }
        }
        VarArgPrep => {
            if !p.is_vararg {
                return Err("VARARGPREP in a function that is not vararg".into());
            }
        }
        ExtraArg => {}
    }
    Ok(())
}
