//! Operators and conditions (the second half of lcode.c): constant folding, immediate and
//! constant operands, MMBIN* companions, comparisons as conditional jumps, `and`/`or`/`not`.

use super::expdesc::{ExpDesc, ExpKind};
use super::func::{CResult, FuncState, NO_JUMP};
use crate::compiler::opcode::*;
use crate::shared::arith::{float_to_int, ArithOp};
use crate::shared::number::Number;
use crate::shared::tm::Tm;
use crate::syntax::ast::{BinOp, UnOp};
use crate::syntax::fold::arith_op;

/// `tonumeral`.
fn numeral(e: &ExpDesc<'_>) -> Option<Number> {
    if e.has_jumps() {
        return None;
    }
    match e.k {
        ExpKind::KInt(i) => Some(Number::Int(i)),
        ExpKind::KFlt(f) => Some(Number::Float(f)),
        _ => None,
    }
}

/// `constfolding`: folds into `e1` (see `syntax::fold::fold_numbers` for what is refused).
fn const_folding(op: ArithOp, e1: &mut ExpDesc<'_>, e2: &ExpDesc<'_>) -> bool {
    let (Some(v1), Some(v2)) = (numeral(e1), numeral(e2)) else {
        return false;
    };
    match crate::syntax::fold::fold_numbers(op, v1, v2) {
        Some(Number::Int(i)) => e1.k = ExpKind::KInt(i),
        Some(Number::Float(f)) => e1.k = ExpKind::KFlt(f),
        None => return false,
    }
    true
}

fn is_kint(e: &ExpDesc<'_>) -> bool {
    matches!(e.k, ExpKind::KInt(_)) && !e.has_jumps()
}

fn kint(e: &ExpDesc<'_>) -> i64 {
    match e.k {
        ExpKind::KInt(i) => i,
        _ => unreachable!("not an integer constant"),
    }
}

/// `isSCint`.
fn is_sc_int(e: &ExpDesc<'_>) -> bool {
    is_kint(e) && super::code::fits_c(kint(e))
}

/// `isSCnumber`: the immediate operand and whether it came from a float.
fn sc_number(e: &ExpDesc<'_>) -> Option<(u32, bool)> {
    let (i, is_float) = match e.k {
        ExpKind::KInt(i) => (i, false),
        ExpKind::KFlt(f) => (float_to_int(f)?, true),
        _ => return None,
    };
    if !e.has_jumps() && super::code::fits_c(i) {
        Some((super::code::int2sc(i), is_float))
    } else {
        None
    }
}

impl<'a> FuncState<'a> {
    /// `negatecondition`.
    fn negate_condition(&mut self, e: &ExpDesc<'a>) {
        let at = self.jump_control(e.pc() as i32);
        let k = arg_k(self.code[at]);
        set_k(&mut self.code[at], !k);
    }

    /// `jumponcond`.
    fn jump_on_cond(&mut self, e: &mut ExpDesc<'a>, cond: bool) -> CResult<i32> {
        if let ExpKind::Reloc(pc) = e.k {
            let ie = self.code[pc as usize];
            if op(ie) == OpCode::Not {
                self.remove_last_instruction();
                return Ok(self.cond_jump(OpCode::Test, arg_b(ie), 0, 0, !cond));
            }
        }
        self.discharge2anyreg(e)?;
        self.free_exp(e);
        Ok(self.cond_jump(OpCode::TestSet, super::code::NO_REG, e.reg(), 0, cond))
    }

    /// `luaK_goiftrue`: falls through when `e` is true, jumps (list `f`) otherwise.
    pub fn go_if_true(&mut self, e: &mut ExpDesc<'a>) -> CResult<()> {
        self.discharge_vars(e);
        let pc = match e.k {
            ExpKind::Jmp(pc) => {
                self.negate_condition(e);
                pc
            }
            ExpKind::K(_)
            | ExpKind::KFlt(_)
            | ExpKind::KInt(_)
            | ExpKind::KStr(_)
            | ExpKind::True => NO_JUMP,
            _ => self.jump_on_cond(e, false)?,
        };
        let mut f = e.f;
        self.concat(&mut f, pc)?;
        e.f = f;
        self.patch_to_here(e.t)?;
        e.t = NO_JUMP;
        Ok(())
    }

    /// `luaK_goiffalse`.
    pub fn go_if_false(&mut self, e: &mut ExpDesc<'a>) -> CResult<()> {
        self.discharge_vars(e);
        let pc = match e.k {
            ExpKind::Jmp(pc) => pc,
            ExpKind::Nil | ExpKind::False => NO_JUMP,
            _ => self.jump_on_cond(e, true)?,
        };
        let mut t = e.t;
        self.concat(&mut t, pc)?;
        e.t = t;
        self.patch_to_here(e.f)?;
        e.f = NO_JUMP;
        Ok(())
    }

    /// `codenot`.
    fn code_not(&mut self, e: &mut ExpDesc<'a>) -> CResult<()> {
        match e.k {
            ExpKind::Nil | ExpKind::False => e.k = ExpKind::True,
            ExpKind::K(_)
            | ExpKind::KFlt(_)
            | ExpKind::KInt(_)
            | ExpKind::KStr(_)
            | ExpKind::True => e.k = ExpKind::False,
            ExpKind::Jmp(_) => self.negate_condition(e),
            ExpKind::Reloc(_) | ExpKind::NonReloc(_) => {
                self.discharge2anyreg(e)?;
                self.free_exp(e);
                let pc = self.code_abc(OpCode::Not, 0, e.reg(), 0);
                e.k = ExpKind::Reloc(pc as i32);
            }
            other => unreachable!("not of {other:?}"),
        }
        std::mem::swap(&mut e.f, &mut e.t);
        self.remove_values(e.f);
        self.remove_values(e.t);
        Ok(())
    }

    /// `codeunexpval`.
    fn code_unexpval(&mut self, o: OpCode, e: &mut ExpDesc<'a>, line: u32) -> CResult<()> {
        let r = self.exp2anyreg(e)?;
        self.free_exp(e);
        e.k = ExpKind::Reloc(self.code_abc(o, 0, r, 0) as i32);
        self.fix_line(line);
        Ok(())
    }

    /// `luaK_prefix`.
    pub fn prefix(&mut self, op: UnOp, e: &mut ExpDesc<'a>, line: u32) -> CResult<()> {
        let zero = ExpDesc::new(ExpKind::KInt(0));
        self.discharge_vars(e);
        match op {
            UnOp::Neg | UnOp::BNot => {
                let aop = if op == UnOp::Neg {
                    ArithOp::Unm
                } else {
                    ArithOp::BNot
                };
                if const_folding(aop, e, &zero) {
                    return Ok(());
                }
                let o = if op == UnOp::Neg {
                    OpCode::Unm
                } else {
                    OpCode::BNot
                };
                self.code_unexpval(o, e, line)
            }
            UnOp::Len => self.code_unexpval(OpCode::Len, e, line),
            UnOp::Not => self.code_not(e),
        }
    }

    /// `luaK_infix`: prepares the first operand before the second is read.
    pub fn infix(&mut self, op: BinOp, v: &mut ExpDesc<'a>) -> CResult<()> {
        self.discharge_vars(v);
        match op {
            BinOp::And => self.go_if_true(v),
            BinOp::Or => self.go_if_false(v),
            BinOp::Concat => self.exp2nextreg(v),
            BinOp::Eq | BinOp::Ne => {
                if numeral(v).is_none() {
                    self.exp2rk(v)?;
                }
                Ok(())
            }
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                if sc_number(v).is_none() {
                    self.exp2anyreg(v)?;
                }
                Ok(())
            }
            _ => {
                if numeral(v).is_none() {
                    self.exp2anyreg(v)?;
                }
                Ok(())
            }
        }
    }

    /// `finishbinexpval`: the operation into a relocatable register, then its MMBIN*.
    #[allow(clippy::too_many_arguments)]
    fn finish_binexpval(
        &mut self,
        e1: &mut ExpDesc<'a>,
        e2: &mut ExpDesc<'a>,
        o: OpCode,
        v2: u32,
        flip: bool,
        line: u32,
        mmop: OpCode,
        event: Tm,
    ) -> CResult<()> {
        let v1 = self.exp2anyreg(e1)?;
        let pc = self.code_abck(o, 0, v1, v2, false);
        self.free_exps(e1, e2);
        e1.k = ExpKind::Reloc(pc as i32);
        self.fix_line(line);
        self.code_abck(mmop, v1, v2, event.number(), flip);
        self.fix_line(line);
        Ok(())
    }

    /// `codebinexpval`: both operands in registers.
    fn code_binexpval(
        &mut self,
        op: ArithOp,
        e1: &mut ExpDesc<'a>,
        e2: &mut ExpDesc<'a>,
        line: u32,
    ) -> CResult<()> {
        let v2 = self.exp2anyreg(e2)?;
        let o = OpCode::arith_rr(op).expect("a binary operation");
        let event = Tm::of_arith(op);
        self.finish_binexpval(e1, e2, o, v2, false, line, OpCode::MmBin, event)
    }

    /// `codebini`: immediate second operand.
    #[allow(clippy::too_many_arguments)]
    fn code_bini(
        &mut self,
        o: OpCode,
        e1: &mut ExpDesc<'a>,
        e2: &mut ExpDesc<'a>,
        flip: bool,
        line: u32,
        event: Tm,
    ) -> CResult<()> {
        let v2 = super::code::int2sc(kint(e2));
        self.finish_binexpval(e1, e2, o, v2, flip, line, OpCode::MmBinI, event)
    }

    /// `finishbinexpneg`: `a - k` as `a + (-k)` (and `a << k` as `a >> -k`).
    fn finish_binexpneg(
        &mut self,
        e1: &mut ExpDesc<'a>,
        e2: &mut ExpDesc<'a>,
        o: OpCode,
        line: u32,
        event: Tm,
    ) -> CResult<bool> {
        if !is_kint(e2) {
            return Ok(false);
        }
        let i2 = kint(e2);
        if !(super::code::fits_c(i2) && super::code::fits_c(i2.wrapping_neg())) {
            return Ok(false);
        }
        let neg = super::code::int2sc(-i2);
        self.finish_binexpval(e1, e2, o, neg, false, line, OpCode::MmBinI, event)?;
        // The metamethod gets the original operand.
        let last = self.code.len() - 1;
        set_b(&mut self.code[last], super::code::int2sc(i2));
        Ok(true)
    }

    /// `codearith`: constant second operand when possible.
    fn code_arith(
        &mut self,
        op: ArithOp,
        e1: &mut ExpDesc<'a>,
        e2: &mut ExpDesc<'a>,
        flip: bool,
        line: u32,
    ) -> CResult<()> {
        if numeral(e2).is_some() && self.exp2k(e2) {
            let v2 = Self::rk_info(e2);
            let o = OpCode::arith_k(op).expect("an arithmetic operation");
            let event = Tm::of_arith(op);
            self.finish_binexpval(e1, e2, o, v2, flip, line, OpCode::MmBinK, event)
        } else {
            if flip {
                std::mem::swap(e1, e2);
            }
            self.code_binexpval(op, e1, e2, line)
        }
    }

    /// `codecommutative`: `k + x` is coded as `x + k`.
    fn code_commutative(
        &mut self,
        op: BinOp,
        e1: &mut ExpDesc<'a>,
        e2: &mut ExpDesc<'a>,
        line: u32,
    ) -> CResult<()> {
        let mut flip = false;
        if numeral(e1).is_some() {
            std::mem::swap(e1, e2);
            flip = true;
        }
        if op == BinOp::Add && is_sc_int(e2) {
            self.code_bini(OpCode::AddI, e1, e2, flip, line, Tm::Add)
        } else {
            let op = arith_op(op).expect("arithmetic");
            self.code_arith(op, e1, e2, flip, line)
        }
    }

    /// `codebitwise`.
    fn code_bitwise(
        &mut self,
        op: ArithOp,
        e1: &mut ExpDesc<'a>,
        e2: &mut ExpDesc<'a>,
        line: u32,
    ) -> CResult<()> {
        let mut flip = false;
        if matches!(e1.k, ExpKind::KInt(_)) && self.exp2rk(e1)? {
            std::mem::swap(e1, e2);
            flip = true;
        } else if !(matches!(e2.k, ExpKind::KInt(_)) && self.exp2rk(e2)?) {
            return self.code_binexpval(op, e1, e2, line);
        }
        let v2 = Self::rk_info(e2);
        let o = OpCode::arith_k(op).expect("a bitwise operation");
        let event = Tm::of_arith(op);
        self.finish_binexpval(e1, e2, o, v2, flip, line, OpCode::MmBinK, event)
    }

    /// `codeorder`: `<`/`<=` (with `>`/`>=` already swapped into them).
    fn code_order(&mut self, o: OpCode, e1: &mut ExpDesc<'a>, e2: &mut ExpDesc<'a>) -> CResult<()> {
        let (r1, r2, o, is_float) = if let Some((im, fl)) = sc_number(e2) {
            let r1 = self.exp2anyreg(e1)?;
            let o = if o == OpCode::Lt {
                OpCode::LtI
            } else {
                OpCode::LeI
            };
            (r1, im, o, fl)
        } else if let Some((im, fl)) = sc_number(e1) {
            let r1 = self.exp2anyreg(e2)?;
            let o = if o == OpCode::Lt {
                OpCode::GtI
            } else {
                OpCode::GeI
            };
            (r1, im, o, fl)
        } else {
            let r1 = self.exp2anyreg(e1)?;
            let r2 = self.exp2anyreg(e2)?;
            (r1, r2, o, false)
        };
        self.free_exps(e1, e2);
        e1.k = ExpKind::Jmp(self.cond_jump(o, r1, r2, is_float as u32, true));
        Ok(())
    }

    /// `codeeq`: `e1` is already a register or a constant (from `infix`).
    fn code_eq(&mut self, is_eq: bool, e1: &mut ExpDesc<'a>, e2: &mut ExpDesc<'a>) -> CResult<()> {
        if !matches!(e1.k, ExpKind::NonReloc(_)) {
            std::mem::swap(e1, e2);
        }
        let r1 = self.exp2anyreg(e1)?;
        let (o, r2) = if let Some((im, _)) = sc_number(e2) {
            (OpCode::EqI, im)
        } else if self.exp2rk(e2)? {
            (OpCode::EqK, Self::rk_info(e2))
        } else {
            (OpCode::Eq, self.exp2anyreg(e2)?)
        };
        self.free_exps(e1, e2);
        e1.k = ExpKind::Jmp(self.cond_jump(o, r1, r2, 0, is_eq));
        Ok(())
    }

    /// `codeconcat`: merges into a CONCAT just emitted for the right operand.
    fn code_concat(&mut self, e1: &mut ExpDesc<'a>, e2: &mut ExpDesc<'a>, line: u32) {
        if let Some(ie2) = self.previous_instruction() {
            if op(ie2) == OpCode::Concat {
                let n = arg_b(ie2);
                self.free_exp(e2);
                let last = self.code.len() - 1;
                set_a(&mut self.code[last], e1.reg());
                set_b(&mut self.code[last], n + 1);
                return;
            }
        }
        self.code_abc(OpCode::Concat, e1.reg(), 2, 0);
        self.free_exp(e2);
        self.fix_line(line);
    }

    /// `luaK_posfix`: finishes `e1 op e2`.
    pub fn posfix(
        &mut self,
        op: BinOp,
        e1: &mut ExpDesc<'a>,
        e2: &mut ExpDesc<'a>,
        line: u32,
    ) -> CResult<()> {
        self.discharge_vars(e2);
        if let Some(op) = arith_op(op) {
            if const_folding(op, e1, e2) {
                return Ok(());
            }
        }
        match op {
            BinOp::And => {
                let mut f = e2.f;
                self.concat(&mut f, e1.f)?;
                e2.f = f;
                *e1 = *e2;
            }
            BinOp::Or => {
                let mut t = e2.t;
                self.concat(&mut t, e1.t)?;
                e2.t = t;
                *e1 = *e2;
            }
            BinOp::Concat => {
                self.exp2nextreg(e2)?;
                self.code_concat(e1, e2, line);
            }
            BinOp::Add | BinOp::Mul => self.code_commutative(op, e1, e2, line)?,
            BinOp::Sub => {
                if !self.finish_binexpneg(e1, e2, OpCode::AddI, line, Tm::Sub)? {
                    self.code_arith(ArithOp::Sub, e1, e2, false, line)?;
                }
            }
            BinOp::Div | BinOp::IDiv | BinOp::Mod | BinOp::Pow => {
                let op = arith_op(op).expect("arithmetic");
                self.code_arith(op, e1, e2, false, line)?;
            }
            BinOp::BAnd | BinOp::BOr | BinOp::BXor => {
                let op = arith_op(op).expect("bitwise");
                self.code_bitwise(op, e1, e2, line)?;
            }
            BinOp::Shl => {
                if is_sc_int(e1) {
                    std::mem::swap(e1, e2);
                    self.code_bini(OpCode::ShlI, e1, e2, true, line, Tm::Shl)?;
                } else if self.finish_binexpneg(e1, e2, OpCode::ShrI, line, Tm::Shl)? {
                    // coded as e1 >> -k
                } else {
                    self.code_binexpval(ArithOp::Shl, e1, e2, line)?;
                }
            }
            BinOp::Shr => {
                if is_sc_int(e2) {
                    self.code_bini(OpCode::ShrI, e1, e2, false, line, Tm::Shr)?;
                } else {
                    self.code_binexpval(ArithOp::Shr, e1, e2, line)?;
                }
            }
            BinOp::Eq | BinOp::Ne => self.code_eq(op == BinOp::Eq, e1, e2)?,
            BinOp::Lt => self.code_order(OpCode::Lt, e1, e2)?,
            BinOp::Le => self.code_order(OpCode::Le, e1, e2)?,
            BinOp::Gt | BinOp::Ge => {
                std::mem::swap(e1, e2);
                let o = if op == BinOp::Gt {
                    OpCode::Lt
                } else {
                    OpCode::Le
                };
                self.code_order(o, e1, e2)?;
            }
        }
        Ok(())
    }
}
