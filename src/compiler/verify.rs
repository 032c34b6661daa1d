//! A structural checker for prototypes: every operand of every instruction refers to
//! something that exists (a register below `max_stack`, a constant, an upvalue, a nested
//! prototype, an instruction). The compiler's output must always pass; the VM and the
//! binary-chunk loader use it to reject malformed code before running it.

use super::opcode::*;
use super::proto::{Constant, Proto};

/// Checks `p` and its nested prototypes; the error names the function and instruction.
pub fn verify(p: &Proto) -> Result<(), String> {
    verify_function(p, None)
}

/// What a nested function may refer to in its parent when its closure is made.
struct Parent {
    max_stack: u32,
    nupvalues: usize,
}

fn verify_function(p: &Proto, parent: Option<&Parent>) -> Result<(), String> {
    let fail = |msg: String| Err(format!("function at line {}: {msg}", p.line_defined));
    if p.code.is_empty() {
        return fail("no code".into());
    }
    if p.lines.len() != p.code.len() {
        return fail("line information does not match the code".into());
    }
    if p.num_params as u32 > p.max_stack as u32 {
        return fail("more parameters than registers".into());
    }
    if p.max_stack as u32 > MAX_REGS {
        return fail("too many registers".into());
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
    let me = Parent {
        max_stack: p.max_stack as u32,
        nupvalues: p.upvalues.len(),
    };
    for child in &p.protos {
        verify_function(child, Some(&me))?;
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
    let k = |n: u32| -> Result<(), String> {
        if (n as usize) < p.constants.len() {
            Ok(())
        } else {
            Err(format!("constant {n} out of range"))
        }
    };
    let kstr = |n: u32| -> Result<(), String> {
        match p.constants.get(n as usize) {
            Some(Constant::Str(_)) => Ok(()),
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
    let extra_follows = || -> Result<(), String> {
        match p.code.get(pc + 1) {
            Some(&n) if op(n) == OpCode::ExtraArg => Ok(()),
            _ => Err("EXTRAARG expected next".into()),
        }
    };
    let jump_follows = || -> Result<(), String> {
        match p.code.get(pc + 1) {
            Some(&n) if op(n) == OpCode::Jmp => Ok(()),
            _ => Err("a test must be followed by a jump".into()),
        }
    };
    // MMBIN* completes the arithmetic instruction before it (the VM reads that one's A).
    if matches!(o, OpCode::MmBin | OpCode::MmBinI | OpCode::MmBinK) && pc == 0 {
        return Err("MMBIN without a preceding instruction".into());
    }
    let pc = pc as i64;
    use OpCode::*;
    match o {
        Move | Unm | BNot | Not | Len | GetI | AddI | ShrI | ShlI | MmBin | Eq | Lt | Le => {
            reg(a)?;
            reg(b)?;
            if matches!(o, Eq | Lt | Le) {
                jump_follows()?;
            }
        }
        LoadI | LoadF | LoadFalse | LoadTrue | Close | Tbc | Return1 => reg(a)?,
        LFalseSkip => {
            reg(a)?;
            target(pc + 1)?;
        }
        LoadK => {
            reg(a)?;
            k(arg_bx(i))?;
        }
        LoadKX => {
            reg(a)?;
            extra_follows()?;
            k(arg_ax(p.code[pc as usize + 1]))?;
        }
        LoadNil => regs(a, b + 1)?,
        GetUpval => {
            reg(a)?;
            up(b)?;
        }
        SetUpval => {
            reg(a)?;
            up(b)?;
        }
        GetTabUp => {
            reg(a)?;
            up(b)?;
            kstr(c)?;
        }
        GetTable | Add | Sub | Mul | Mod | Pow | Div | IDiv | BAnd | BOr | BXor | Shl | Shr => {
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
            extra_follows()?;
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
        AddK | SubK | MulK | ModK | PowK | DivK | IDivK | BAndK | BOrK | BXorK => {
            reg(a)?;
            reg(b)?;
            k(c)?;
        }
        MmBinI => reg(a)?,
        MmBinK => {
            reg(a)?;
            k(b)?;
        }
        Concat => {
            if b < 2 {
                return Err("CONCAT of fewer than two values".into());
            }
            regs(a, b)?;
        }
        Jmp => target(pc + 1 + arg_sj(i) as i64)?,
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
            }
        }
        Return0 => {}
        ForLoop => {
            regs(a, 4)?;
            target(pc + 1 - arg_bx(i) as i64)?;
        }
        ForPrep => {
            regs(a, 4)?;
            // The exit is the instruction after the FORLOOP.
            target(pc + 1 + arg_bx(i) as i64)?;
            if pc + 2 + arg_bx(i) as i64 > len {
                return Err("loop exit outside the code".into());
            }
        }
        TForPrep => {
            regs(a, 4)?;
            let t = pc + 1 + arg_bx(i) as i64;
            target(t)?;
            if op(p.code[t as usize]) != TForCall {
                return Err("TFORPREP must jump to a TFORCALL".into());
            }
        }
        TForCall => {
            regs(a, 7)?;
            regs(a + 4, c)?;
            match p.code.get(pc as usize + 1) {
                Some(&n) if op(n) == TForLoop => {}
                _ => return Err("TFORCALL must be followed by TFORLOOP".into()),
            }
        }
        TForLoop => {
            regs(a, 5)?;
            target(pc + 1 - arg_bx(i) as i64)?;
        }
        SetList => {
            regs(a, b + 1)?;
            if arg_k(i) {
                extra_follows()?;
            }
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
