//! Emitting instructions, registers, constants and jump lists (the first half of lcode.c).

use super::func::{CResult, CacheKey, FuncState, NO_JUMP};
use crate::compiler::opcode::*;
use crate::compiler::proto::Constant;
use crate::shared::arith::float_to_int;

/// `NO_REG`: "no register" for TESTSET patching.
pub(super) const NO_REG: u32 = MAXARG_A;

/// Whether `i` fits an `sC` operand (`fitsC`).
pub(super) fn fits_c(i: i64) -> bool {
    (i as u64).wrapping_add(OFFSET_SC as u64) <= MAXARG_C as u64
}

/// Whether `i` fits an `sBx` operand (`fitsBx`).
pub(super) fn fits_bx(i: i64) -> bool {
    -(OFFSET_SBX as i64) <= i && i <= MAXARG_BX as i64 - OFFSET_SBX as i64
}

pub(super) fn int2sc(i: i64) -> u32 {
    (i + OFFSET_SC as i64) as u32
}

impl<'a> FuncState<'a> {
    pub fn pc(&self) -> usize {
        self.code.len()
    }

    /// `luaK_code`: appends an instruction with the current line.
    pub fn code(&mut self, i: Instruction) -> usize {
        self.code.push(i);
        self.lines.push(self.line);
        self.code.len() - 1
    }

    pub fn code_abck(&mut self, o: OpCode, a: u32, b: u32, c: u32, k: bool) -> usize {
        self.code(create_abck(o, a, b, c, k))
    }

    pub fn code_abc(&mut self, o: OpCode, a: u32, b: u32, c: u32) -> usize {
        self.code_abck(o, a, b, c, false)
    }

    pub fn code_abx(&mut self, o: OpCode, a: u32, bx: u32) -> usize {
        self.code(create_abx(o, a, bx))
    }

    pub fn code_asbx(&mut self, o: OpCode, a: u32, sbx: i32) -> usize {
        self.code(create_asbx(o, a, sbx))
    }

    fn code_extra_arg(&mut self, a: u32) -> usize {
        self.code(create_ax(OpCode::ExtraArg, a))
    }

    /// `luaK_codek`: LOADK, or LOADKX + EXTRAARG for big constant indices.
    pub fn code_k(&mut self, reg: u32, k: u32) -> usize {
        if k <= MAXARG_BX {
            self.code_abx(OpCode::LoadK, reg, k)
        } else {
            let p = self.code_abx(OpCode::LoadKX, reg, 0);
            self.code_extra_arg(k);
            p
        }
    }

    /// `luaK_fixline`: the last instruction belongs to `line`.
    pub fn fix_line(&mut self, line: u32) {
        if let Some(l) = self.lines.last_mut() {
            *l = line;
        }
    }

    pub fn remove_last_instruction(&mut self) {
        self.code.pop();
        self.lines.pop();
    }

    /// `previousinstruction`: the last instruction, unless a jump may target the current pc.
    pub fn previous_instruction(&self) -> Option<Instruction> {
        if self.pc() > self.lasttarget {
            self.code.last().copied()
        } else {
            None
        }
    }

    /// `luaK_nil`: LOADNIL, merged with a previous LOADNIL of an adjacent range.
    pub fn nil(&mut self, mut from: u32, n: u32) {
        let mut l = from + n - 1;
        if let Some(prev) = self.previous_instruction() {
            if op(prev) == OpCode::LoadNil {
                let pfrom = arg_a(prev);
                let pl = pfrom + arg_b(prev);
                if (pfrom <= from && from <= pl + 1) || (from <= pfrom && pfrom <= l + 1) {
                    from = from.min(pfrom);
                    l = l.max(pl);
                    let last = self.code.last_mut().expect("previous instruction");
                    set_a(last, from);
                    set_b(last, l - from);
                    return;
                }
            }
        }
        self.code_abc(OpCode::LoadNil, from, n - 1, 0);
    }

    // ------------------------------------------------------------------ jumps

    /// `getjump`: the next jump in a list.
    pub fn get_jump(&self, pc: i32) -> i32 {
        let offset = arg_sj(self.code[pc as usize]);
        if offset == NO_JUMP {
            NO_JUMP
        } else {
            pc + 1 + offset
        }
    }

    /// `fixjump`.
    pub fn fix_jump(&mut self, pc: i32, dest: i32) -> CResult<()> {
        let offset = dest - (pc + 1);
        if !(-OFFSET_SJ <= offset && offset <= MAXARG_SJ as i32 - OFFSET_SJ) {
            return Err(self.error("control structure too long"));
        }
        set_sj(&mut self.code[pc as usize], offset);
        Ok(())
    }

    /// `luaK_concat`: appends jump list `l2` to `l1`.
    pub fn concat(&mut self, l1: &mut i32, l2: i32) -> CResult<()> {
        if l2 == NO_JUMP {
            return Ok(());
        }
        if *l1 == NO_JUMP {
            *l1 = l2;
            return Ok(());
        }
        let mut list = *l1;
        loop {
            let next = self.get_jump(list);
            if next == NO_JUMP {
                break;
            }
            list = next;
        }
        self.fix_jump(list, l2)
    }

    /// `luaK_jump`.
    pub fn jump(&mut self) -> i32 {
        self.code(create_sj(OpCode::Jmp, NO_JUMP)) as i32
    }

    /// `luaK_jumpto`.
    pub fn jump_to(&mut self, target: i32) -> CResult<()> {
        let j = self.jump();
        self.patch_list(j, target)
    }

    /// `luaK_ret`.
    pub fn ret(&mut self, first: u32, nret: i32) {
        let o = match nret {
            0 => OpCode::Return0,
            1 => OpCode::Return1,
            _ => OpCode::Return,
        };
        self.code_abc(o, first, (nret + 1) as u32, 0);
    }

    /// `condjump`.
    pub fn cond_jump(&mut self, o: OpCode, a: u32, b: u32, c: u32, k: bool) -> i32 {
        self.code_abck(o, a, b, c, k);
        self.jump()
    }

    /// `luaK_getlabel`: the current pc, marked as a jump target.
    pub fn get_label(&mut self) -> i32 {
        self.lasttarget = self.pc();
        self.pc() as i32
    }

    /// `getjumpcontrol`: the test controlling the jump at `pc` (or the jump itself).
    pub fn jump_control(&self, pc: i32) -> usize {
        let pc = pc as usize;
        if pc >= 1 && op(self.code[pc - 1]).is_test() {
            pc - 1
        } else {
            pc
        }
    }

    /// `patchtestreg`: sets TESTSET's destination, or turns it into a TEST.
    fn patch_test_reg(&mut self, node: i32, reg: u32) -> bool {
        let at = self.jump_control(node);
        let i = self.code[at];
        if op(i) != OpCode::TestSet {
            return false;
        }
        if reg != NO_REG && reg != arg_b(i) {
            set_a(&mut self.code[at], reg);
        } else {
            self.code[at] = create_abck(OpCode::Test, arg_b(i), 0, 0, arg_k(i));
        }
        true
    }

    /// `removevalues`.
    pub fn remove_values(&mut self, mut list: i32) {
        while list != NO_JUMP {
            self.patch_test_reg(list, NO_REG);
            list = self.get_jump(list);
        }
    }

    /// `patchlistaux`.
    pub fn patch_list_aux(
        &mut self,
        mut list: i32,
        vtarget: i32,
        reg: u32,
        dtarget: i32,
    ) -> CResult<()> {
        while list != NO_JUMP {
            let next = self.get_jump(list);
            if self.patch_test_reg(list, reg) {
                self.fix_jump(list, vtarget)?;
            } else {
                self.fix_jump(list, dtarget)?;
            }
            list = next;
        }
        Ok(())
    }

    /// `luaK_patchlist`.
    pub fn patch_list(&mut self, list: i32, target: i32) -> CResult<()> {
        self.patch_list_aux(list, target, NO_REG, target)
    }

    /// `luaK_patchtohere`.
    pub fn patch_to_here(&mut self, list: i32) -> CResult<()> {
        let here = self.get_label();
        self.patch_list(list, here)
    }

    // ------------------------------------------------------------------ registers

    /// `luaK_checkstack`.
    pub fn check_stack(&mut self, n: u32) -> CResult<()> {
        let newstack = self.freereg + n;
        if newstack > self.max_stack {
            if newstack >= MAX_REGS {
                return Err(self.error("function or expression needs too many registers"));
            }
            self.max_stack = newstack;
        }
        Ok(())
    }

    /// `luaK_reserveregs`.
    pub fn reserve_regs(&mut self, n: u32) -> CResult<()> {
        self.check_stack(n)?;
        self.freereg += n;
        Ok(())
    }

    /// `freereg`: frees `reg` if it is a temporary (above the active locals).
    pub fn free_reg(&mut self, reg: u32) {
        if reg >= self.nvarstack() {
            self.freereg -= 1;
            debug_assert_eq!(reg, self.freereg, "registers are freed in stack order");
        }
    }

    pub fn free_regs(&mut self, r1: u32, r2: u32) {
        if r1 > r2 {
            self.free_reg(r1);
            self.free_reg(r2);
        } else {
            self.free_reg(r2);
            self.free_reg(r1);
        }
    }

    // ------------------------------------------------------------------ constants

    /// `addk`: reuses an entry when the shared cache points at an equal constant of this
    /// function, otherwise appends one and repoints the cache.
    fn addk(&mut self, key: CacheKey, v: Constant) -> u32 {
        if let Some(&k) = self.cache.get(&key) {
            if k < self.k.len() && same_constant(&self.k[k], &v) {
                return k as u32;
            }
        }
        let k = self.k.len();
        self.cache.insert(key, k);
        self.k.push(v);
        k as u32
    }

    pub fn string_k(&mut self, s: &[u8]) -> u32 {
        self.addk(CacheKey::Str(s.into()), Constant::Str(s.into()))
    }

    pub fn int_k(&mut self, n: i64) -> u32 {
        self.addk(CacheKey::Int(n), Constant::Int(n))
    }

    /// `luaK_numberK`: integral floats are keyed by a nearby non-integral value so they do
    /// not meet the integer of the same value.
    pub fn number_k(&mut self, r: f64) -> u32 {
        let key = match float_to_int(r) {
            None => float_key(r),
            Some(ik) => {
                let q = 2f64.powi(-52);
                float_key(if ik == 0 { q } else { r + r * q })
            }
        };
        self.addk(key, Constant::Float(r))
    }

    pub fn bool_k(&mut self, b: bool) -> u32 {
        self.addk(CacheKey::Bool(b), Constant::Bool(b))
    }

    pub fn nil_k(&mut self) -> u32 {
        self.addk(CacheKey::Nil, Constant::Nil)
    }

    /// `luaK_int`: LOADI when the value fits, LOADK otherwise.
    pub fn load_int(&mut self, reg: u32, i: i64) {
        if fits_bx(i) {
            self.code_asbx(OpCode::LoadI, reg, i as i32);
        } else {
            let k = self.int_k(i);
            self.code_k(reg, k);
        }
    }

    /// `luaK_float`.
    pub fn load_float(&mut self, reg: u32, f: f64) {
        match float_to_int(f) {
            Some(fi) if fits_bx(fi) => {
                self.code_asbx(OpCode::LoadF, reg, fi as i32);
            }
            _ => {
                let k = self.number_k(f);
                self.code_k(reg, k);
            }
        }
    }

    // ------------------------------------------------------------------ tables, finish

    /// `luaK_settablesize`: rewrites the NEWTABLE at `pc` and its EXTRAARG.
    pub fn set_table_size(&mut self, pc: usize, ra: u32, asize: u32, hsize: u32) {
        let rb = if hsize != 0 { ceil_log2(hsize) + 1 } else { 0 };
        let extra = asize / (MAXARG_C + 1);
        let rc = asize % (MAXARG_C + 1);
        self.code[pc] = create_abck(OpCode::NewTable, ra, rb, rc, extra > 0);
        self.code[pc + 1] = create_ax(OpCode::ExtraArg, extra);
    }

    /// `luaK_setlist`; `tostore` is -1 for "up to the top".
    pub fn set_list(&mut self, base: u32, nelems: u32, tostore: i32) {
        let tostore = if tostore == -1 { 0 } else { tostore as u32 };
        if nelems <= MAXARG_C {
            self.code_abc(OpCode::SetList, base, tostore, nelems);
        } else {
            let extra = nelems / (MAXARG_C + 1);
            self.code_abck(
                OpCode::SetList,
                base,
                tostore,
                nelems % (MAXARG_C + 1),
                true,
            );
            self.code_extra_arg(extra);
        }
        self.freereg = base + 1;
    }

    /// `luaK_finish`: return flags for vararg functions and functions that close
    /// variables, and jumps to jumps shortened.
    pub fn finish(&mut self) -> CResult<()> {
        for i in 0..self.code.len() {
            let ins = self.code[i];
            match op(ins) {
                OpCode::Return0 | OpCode::Return1 | OpCode::Return | OpCode::TailCall => {
                    let o = op(ins);
                    let is_ret01 = matches!(o, OpCode::Return0 | OpCode::Return1);
                    if is_ret01 && !(self.needclose || self.is_vararg) {
                        continue;
                    }
                    let pc = &mut self.code[i];
                    if is_ret01 {
                        set_op(pc, OpCode::Return);
                    }
                    if self.needclose {
                        set_k(pc, true);
                    }
                    if self.is_vararg {
                        set_c(pc, self.num_params as u32 + 1);
                    }
                }
                OpCode::Jmp => {
                    let target = self.final_target(i);
                    self.fix_jump(i as i32, target as i32)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// `finaltarget`: follows chains of jumps (at most 100).
    fn final_target(&self, mut i: usize) -> usize {
        for _ in 0..100 {
            let ins = self.code[i];
            if op(ins) != OpCode::Jmp {
                break;
            }
            i = (i as i64 + arg_sj(ins) as i64 + 1) as usize;
        }
        i
    }
}

/// `luaO_ceillog2`.
fn ceil_log2(x: u32) -> u32 {
    32 - (x - 1).leading_zeros()
}

fn float_key(f: f64) -> CacheKey {
    // Lua tables normalise floats with integral values to integer keys.
    match float_to_int(f) {
        Some(i) => CacheKey::Int(i),
        None => CacheKey::Float(f.to_bits()),
    }
}

/// Same type and raw-equal (the check `addk` makes before reusing an entry).
fn same_constant(a: &Constant, b: &Constant) -> bool {
    match (a, b) {
        (Constant::Nil, Constant::Nil) => true,
        (Constant::Bool(x), Constant::Bool(y)) => x == y,
        (Constant::Int(x), Constant::Int(y)) => x == y,
        (Constant::Float(x), Constant::Float(y)) => x == y,
        (Constant::Str(x), Constant::Str(y)) => x == y,
        _ => false,
    }
}
