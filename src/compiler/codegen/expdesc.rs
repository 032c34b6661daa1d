//! Expression descriptors (`expdesc`) and how their values reach registers or constants
//! (`luaK_dischargevars`, `exp2reg`, `luaK_exp2RK`, `luaK_storevar`, `luaK_indexed`, ...).

use super::func::{CResult, FuncState, NO_JUMP};
use crate::compiler::opcode::*;
use crate::shared::limits::MAX_SHORT_LEN;
use crate::syntax::ast::Constant;

/// What an expression is, before and while code for it is emitted (`expkind`).
#[derive(Clone, Copy, Debug)]
pub(super) enum ExpKind<'a> {
    /// No value (an empty expression list).
    Void,
    Nil,
    True,
    False,
    /// Constant at this index of the constant table.
    K(u32),
    KFlt(f64),
    KInt(i64),
    KStr(&'a [u8]),
    /// The value is in this register.
    NonReloc(u32),
    /// A local variable in this register.
    Local(u32),
    Upval(u32),
    /// A compile-time constant variable.
    Const(Constant<'a>),
    /// `t[idx]`, both registers.
    Indexed {
        t: u32,
        idx: u32,
    },
    /// Upvalue `t` indexed by the string constant `idx`.
    IndexUp {
        t: u32,
        idx: u32,
    },
    /// Register `t` indexed by the integer `idx`.
    IndexI {
        t: u32,
        idx: u32,
    },
    /// Register `t` indexed by the string constant `idx`.
    IndexStr {
        t: u32,
        idx: u32,
    },
    /// A test; the jump is at this pc.
    Jmp(i32),
    /// The instruction at this pc computes the value into its register A, still unset.
    Reloc(i32),
    /// A call at this pc.
    Call(i32),
    /// A VARARG at this pc.
    Vararg(i32),
}

#[derive(Clone, Copy, Debug)]
pub(super) struct ExpDesc<'a> {
    pub k: ExpKind<'a>,
    /// Jumps taken when the expression is true.
    pub t: i32,
    /// Jumps taken when the expression is false.
    pub f: i32,
}

impl<'a> ExpDesc<'a> {
    pub fn new(k: ExpKind<'a>) -> Self {
        ExpDesc {
            k,
            t: NO_JUMP,
            f: NO_JUMP,
        }
    }

    pub fn reloc(pc: usize) -> Self {
        Self::new(ExpKind::Reloc(pc as i32))
    }

    pub fn nonreloc(reg: u32) -> Self {
        Self::new(ExpKind::NonReloc(reg))
    }

    pub fn has_jumps(&self) -> bool {
        self.t != self.f
    }

    pub fn is_multi(&self) -> bool {
        matches!(self.k, ExpKind::Call(_) | ExpKind::Vararg(_))
    }

    pub fn is_indexed(&self) -> bool {
        matches!(
            self.k,
            ExpKind::Indexed { .. }
                | ExpKind::IndexUp { .. }
                | ExpKind::IndexI { .. }
                | ExpKind::IndexStr { .. }
        )
    }

    /// The pc of the instruction a Reloc/Call/Vararg/Jmp expression refers to.
    pub fn pc(&self) -> usize {
        match self.k {
            ExpKind::Reloc(pc) | ExpKind::Call(pc) | ExpKind::Vararg(pc) | ExpKind::Jmp(pc) => {
                pc as usize
            }
            _ => unreachable!("expression has no instruction"),
        }
    }

    /// The register of a NonReloc expression.
    pub fn reg(&self) -> u32 {
        match self.k {
            ExpKind::NonReloc(r) => r,
            _ => unreachable!("expression is not in a register: {:?}", self.k),
        }
    }
}

impl<'a> FuncState<'a> {
    pub fn free_exp(&mut self, e: &ExpDesc<'a>) {
        if let ExpKind::NonReloc(r) = e.k {
            self.free_reg(r);
        }
    }

    pub fn free_exps(&mut self, e1: &ExpDesc<'a>, e2: &ExpDesc<'a>) {
        match (e1.k, e2.k) {
            (ExpKind::NonReloc(r1), ExpKind::NonReloc(r2)) => self.free_regs(r1, r2),
            (ExpKind::NonReloc(r1), _) => self.free_reg(r1),
            (_, ExpKind::NonReloc(r2)) => self.free_reg(r2),
            _ => {}
        }
    }

    /// `luaK_setreturns`: a call or vararg returns `nresults` values (-1: all).
    pub fn set_returns(&mut self, e: &mut ExpDesc<'a>, nresults: i32) -> CResult<()> {
        let pc = e.pc();
        set_c(&mut self.code[pc], (nresults + 1) as u32);
        if let ExpKind::Vararg(_) = e.k {
            set_a(&mut self.code[pc], self.freereg);
            self.reserve_regs(1)?;
        }
        Ok(())
    }

    pub fn set_multret(&mut self, e: &mut ExpDesc<'a>) -> CResult<()> {
        self.set_returns(e, -1)
    }

    /// `luaK_setoneret`.
    pub fn set_one_ret(&mut self, e: &mut ExpDesc<'a>) {
        match e.k {
            ExpKind::Call(pc) => {
                e.k = ExpKind::NonReloc(arg_a(self.code[pc as usize]));
            }
            ExpKind::Vararg(pc) => {
                set_c(&mut self.code[pc as usize], 2);
                e.k = ExpKind::Reloc(pc);
            }
            _ => {}
        }
    }

    /// `luaK_dischargevars`: variables become values.
    pub fn discharge_vars(&mut self, e: &mut ExpDesc<'a>) {
        match e.k {
            ExpKind::Const(c) => e.k = const_to_exp(c),
            ExpKind::Local(r) => e.k = ExpKind::NonReloc(r),
            ExpKind::Upval(u) => {
                e.k = ExpKind::Reloc(self.code_abc(OpCode::GetUpval, 0, u, 0) as i32);
            }
            ExpKind::IndexUp { t, idx } => {
                e.k = ExpKind::Reloc(self.code_abc(OpCode::GetTabUp, 0, t, idx) as i32);
            }
            ExpKind::IndexI { t, idx } => {
                self.free_reg(t);
                e.k = ExpKind::Reloc(self.code_abc(OpCode::GetI, 0, t, idx) as i32);
            }
            ExpKind::IndexStr { t, idx } => {
                self.free_reg(t);
                e.k = ExpKind::Reloc(self.code_abc(OpCode::GetField, 0, t, idx) as i32);
            }
            ExpKind::Indexed { t, idx } => {
                self.free_regs(t, idx);
                e.k = ExpKind::Reloc(self.code_abc(OpCode::GetTable, 0, t, idx) as i32);
            }
            ExpKind::Call(_) | ExpKind::Vararg(_) => self.set_one_ret(e),
            _ => {}
        }
    }

    /// `discharge2reg`.
    fn discharge2reg(&mut self, e: &mut ExpDesc<'a>, reg: u32) {
        self.discharge_vars(e);
        match e.k {
            ExpKind::Nil => self.nil(reg, 1),
            ExpKind::False => {
                self.code_abc(OpCode::LoadFalse, reg, 0, 0);
            }
            ExpKind::True => {
                self.code_abc(OpCode::LoadTrue, reg, 0, 0);
            }
            ExpKind::KStr(s) => {
                let k = self.string_k(s);
                self.code_k(reg, k);
            }
            ExpKind::K(k) => {
                self.code_k(reg, k);
            }
            ExpKind::KFlt(f) => self.load_float(reg, f),
            ExpKind::KInt(i) => self.load_int(reg, i),
            ExpKind::Reloc(pc) => set_a(&mut self.code[pc as usize], reg),
            ExpKind::NonReloc(r) => {
                if r != reg {
                    self.code_abc(OpCode::Move, reg, r, 0);
                }
            }
            ExpKind::Jmp(_) => return,
            other => unreachable!("discharge2reg of {other:?}"),
        }
        e.k = ExpKind::NonReloc(reg);
    }

    /// `discharge2anyreg`.
    pub fn discharge2anyreg(&mut self, e: &mut ExpDesc<'a>) -> CResult<()> {
        if !matches!(e.k, ExpKind::NonReloc(_)) {
            self.reserve_regs(1)?;
            self.discharge2reg(e, self.freereg - 1);
        }
        Ok(())
    }

    fn code_loadbool(&mut self, a: u32, o: OpCode) -> i32 {
        self.get_label();
        self.code_abc(o, a, 0, 0) as i32
    }

    /// `need_value`: some jump in the list is not a TESTSET (so produces no value).
    fn need_value(&self, mut list: i32) -> bool {
        while list != NO_JUMP {
            if op(self.code[self.jump_control(list)]) != OpCode::TestSet {
                return true;
            }
            list = self.get_jump(list);
        }
        false
    }

    /// `exp2reg`: the whole value, jump lists included, ends in `reg`.
    pub fn exp2reg(&mut self, e: &mut ExpDesc<'a>, reg: u32) -> CResult<()> {
        self.discharge2reg(e, reg);
        if let ExpKind::Jmp(pc) = e.k {
            let mut t = e.t;
            self.concat(&mut t, pc)?;
            e.t = t;
        }
        if e.has_jumps() {
            let mut p_f = NO_JUMP;
            let mut p_t = NO_JUMP;
            if self.need_value(e.t) || self.need_value(e.f) {
                let fj = if let ExpKind::Jmp(_) = e.k {
                    NO_JUMP
                } else {
                    self.jump()
                };
                p_f = self.code_loadbool(reg, OpCode::LFalseSkip);
                p_t = self.code_loadbool(reg, OpCode::LoadTrue);
                self.patch_to_here(fj)?;
            }
            let fin = self.get_label();
            self.patch_list_aux(e.f, fin, reg, p_f)?;
            self.patch_list_aux(e.t, fin, reg, p_t)?;
        }
        e.f = NO_JUMP;
        e.t = NO_JUMP;
        e.k = ExpKind::NonReloc(reg);
        Ok(())
    }

    /// `luaK_exp2nextreg`.
    pub fn exp2nextreg(&mut self, e: &mut ExpDesc<'a>) -> CResult<()> {
        self.discharge_vars(e);
        self.free_exp(e);
        self.reserve_regs(1)?;
        self.exp2reg(e, self.freereg - 1)
    }

    /// `luaK_exp2anyreg`: returns the register.
    pub fn exp2anyreg(&mut self, e: &mut ExpDesc<'a>) -> CResult<u32> {
        self.discharge_vars(e);
        if let ExpKind::NonReloc(r) = e.k {
            if !e.has_jumps() {
                return Ok(r);
            }
            if r >= self.nvarstack() {
                self.exp2reg(e, r)?;
                return Ok(r);
            }
        }
        self.exp2nextreg(e)?;
        Ok(e.reg())
    }

    /// `luaK_exp2anyregup`.
    pub fn exp2anyregup(&mut self, e: &mut ExpDesc<'a>) -> CResult<()> {
        if !matches!(e.k, ExpKind::Upval(_)) || e.has_jumps() {
            self.exp2anyreg(e)?;
        }
        Ok(())
    }

    /// `luaK_exp2val`.
    pub fn exp2val(&mut self, e: &mut ExpDesc<'a>) -> CResult<()> {
        if e.has_jumps() {
            self.exp2anyreg(e)?;
        } else {
            self.discharge_vars(e);
        }
        Ok(())
    }

    /// `luaK_exp2K`: makes `e` a constant-table operand if it is a constant that fits.
    pub fn exp2k(&mut self, e: &mut ExpDesc<'a>) -> bool {
        if e.has_jumps() {
            return false;
        }
        let info = match e.k {
            ExpKind::True => self.bool_k(true),
            ExpKind::False => self.bool_k(false),
            ExpKind::Nil => self.nil_k(),
            ExpKind::KInt(i) => self.int_k(i),
            ExpKind::KFlt(f) => self.number_k(f),
            ExpKind::KStr(s) => self.string_k(s),
            ExpKind::K(k) => k,
            _ => return false,
        };
        if info <= MAXARG_B {
            e.k = ExpKind::K(info);
            true
        } else {
            false
        }
    }

    /// `luaK_exp2RK`: true when `e` became a constant operand, else it is in a register.
    pub fn exp2rk(&mut self, e: &mut ExpDesc<'a>) -> CResult<bool> {
        if self.exp2k(e) {
            Ok(true)
        } else {
            self.exp2anyreg(e)?;
            Ok(false)
        }
    }

    /// The register or constant index of an expression after `exp2rk`.
    pub fn rk_info(e: &ExpDesc<'a>) -> u32 {
        match e.k {
            ExpKind::K(k) => k,
            ExpKind::NonReloc(r) => r,
            _ => unreachable!("not an RK operand"),
        }
    }

    /// `codeABRK`.
    fn code_abrk(&mut self, o: OpCode, a: u32, b: u32, ec: &mut ExpDesc<'a>) -> CResult<()> {
        let k = self.exp2rk(ec)?;
        self.code_abck(o, a, b, Self::rk_info(ec), k);
        Ok(())
    }

    /// `luaK_storevar`.
    pub fn store_var(&mut self, var: &ExpDesc<'a>, ex: &mut ExpDesc<'a>) -> CResult<()> {
        match var.k {
            ExpKind::Local(r) => {
                self.free_exp(ex);
                return self.exp2reg(ex, r);
            }
            ExpKind::Upval(u) => {
                let e = self.exp2anyreg(ex)?;
                self.code_abc(OpCode::SetUpval, e, u, 0);
            }
            ExpKind::IndexUp { t, idx } => self.code_abrk(OpCode::SetTabUp, t, idx, ex)?,
            ExpKind::IndexI { t, idx } => self.code_abrk(OpCode::SetI, t, idx, ex)?,
            ExpKind::IndexStr { t, idx } => self.code_abrk(OpCode::SetField, t, idx, ex)?,
            ExpKind::Indexed { t, idx } => self.code_abrk(OpCode::SetTable, t, idx, ex)?,
            other => unreachable!("store to {other:?}"),
        }
        self.free_exp(ex);
        Ok(())
    }

    /// `luaK_self`: `e:key(` puts the method and `e` in two new registers.
    pub fn self_op(&mut self, e: &mut ExpDesc<'a>, key: &mut ExpDesc<'a>) -> CResult<()> {
        self.exp2anyreg(e)?;
        let ereg = e.reg();
        self.free_exp(e);
        let base = self.freereg;
        e.k = ExpKind::NonReloc(base);
        self.reserve_regs(2)?;
        self.code_abrk(OpCode::SelfOp, base, ereg, key)?;
        self.free_exp(key);
        Ok(())
    }

    /// `isKstr`: a short string constant usable as a B/C operand.
    pub fn is_kstr(&self, e: &ExpDesc<'a>) -> bool {
        match e.k {
            ExpKind::K(k) if !e.has_jumps() && k <= MAXARG_B => matches!(
                &self.k[k as usize],
                crate::compiler::proto::Constant::Str(s) if s.len() <= MAX_SHORT_LEN
            ),
            _ => false,
        }
    }

    /// `luaK_indexed`: `t[k]`; `t` is already in a register or an upvalue.
    pub fn indexed(&mut self, t: &mut ExpDesc<'a>, k: &mut ExpDesc<'a>) -> CResult<()> {
        if let ExpKind::KStr(s) = k.k {
            k.k = ExpKind::K(self.string_k(s));
        }
        if matches!(t.k, ExpKind::Upval(_)) && !self.is_kstr(k) {
            self.exp2anyreg(t)?;
        }
        if let ExpKind::Upval(u) = t.k {
            t.k = ExpKind::IndexUp {
                t: u,
                idx: Self::rk_info(k),
            };
            return Ok(());
        }
        let treg = match t.k {
            ExpKind::Local(r) | ExpKind::NonReloc(r) => r,
            other => unreachable!("indexing {other:?}"),
        };
        t.k = if self.is_kstr(k) {
            ExpKind::IndexStr {
                t: treg,
                idx: Self::rk_info(k),
            }
        } else if let (ExpKind::KInt(i), false) = (k.k, k.has_jumps()) {
            if (0..=MAXARG_C as i64).contains(&i) {
                ExpKind::IndexI {
                    t: treg,
                    idx: i as u32,
                }
            } else {
                ExpKind::Indexed {
                    t: treg,
                    idx: self.exp2anyreg(k)?,
                }
            }
        } else {
            ExpKind::Indexed {
                t: treg,
                idx: self.exp2anyreg(k)?,
            }
        };
        Ok(())
    }
}

/// `const2exp`.
pub(super) fn const_to_exp(c: Constant<'_>) -> ExpKind<'_> {
    match c {
        Constant::Nil => ExpKind::Nil,
        Constant::Bool(true) => ExpKind::True,
        Constant::Bool(false) => ExpKind::False,
        Constant::Int(i) => ExpKind::KInt(i),
        Constant::Float(f) => ExpKind::KFlt(f),
        Constant::Str(s) => ExpKind::KStr(s),
    }
}
