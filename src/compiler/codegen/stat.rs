//! Statements (the statement rules of lparser.c).

use super::expdesc::{ExpDesc, ExpKind};
use super::func::{CResult, FuncState, NO_JUMP, RDKTOCLOSE};
use super::lines;
use crate::compiler::opcode::*;
use crate::syntax::ast::*;

/// Where a `for` loop's code goes and which lines its instructions get.
#[derive(Clone, Copy)]
struct ForLoop {
    /// The first of the hidden control registers.
    base: u32,
    /// The line of the loop instructions (FORLOOP, TFORCALL, TFORLOOP).
    line: u32,
    is_gen: bool,
    /// The line of `do`, where the prep instruction is coded.
    do_line: u32,
    /// The line of `end`.
    end_line: u32,
}

impl<'a> FuncState<'a> {
    /// `statlist`.
    pub fn stat_list(&mut self, b: &Block<'a>) -> CResult<()> {
        for s in b.stats {
            self.statement(s)?;
        }
        Ok(())
    }

    /// `block`: a statement list in its own scope.
    fn block(&mut self, b: &Block<'a>, empty_line: u32) -> CResult<()> {
        self.enter_block(false);
        self.stat_list(b)?;
        self.line = lines::block_last_line(b).unwrap_or(empty_line);
        self.leave_block()
    }

    fn statement(&mut self, s: &Stat<'a>) -> CResult<()> {
        self.line = s.line;
        match s.kind {
            StatKind::Call(e) => {
                let v = self.suffixed_exp(e)?;
                let pc = v.pc();
                set_c(&mut self.code[pc], 1);
            }
            StatKind::Local { vars, exprs } => self.local_stat(vars, exprs)?,
            StatKind::LocalFunction { var, func } => {
                let fvar = self.actvar.len();
                self.adjust_local_vars(&[var]);
                self.function(func, false)?;
                // The variable's debug scope starts after the closure is made.
                let p = self.actvar[fvar].pidx.expect("a local with debug info");
                self.locvars[p].start_pc = self.pc() as u32;
            }
            StatKind::Assign { targets, exprs } => self.assignment(targets, exprs)?,
            StatKind::Function {
                target,
                is_method,
                func,
            } => {
                let v = self.suffixed_var(target)?;
                let mut b = self.function(func, is_method)?;
                self.store_var(&v, &mut b)?;
                self.fix_line(s.line);
            }
            StatKind::Do(b) => self.block(&b, s.line)?,
            StatKind::While { cond, body } => self.while_stat(s, cond, &body)?,
            StatKind::Repeat { body, cond } => self.repeat_stat(s, &body, cond)?,
            StatKind::If {
                arms,
                then_lines,
                else_block,
            } => self.if_stat(s, arms, then_lines, else_block)?,
            StatKind::NumericFor {
                var,
                start,
                limit,
                step,
                body,
            } => self.numeric_for(s, var, start, limit, step, &body)?,
            StatKind::GenericFor { vars, exprs, body } => {
                self.generic_for(s, vars, exprs, &body)?
            }
            StatKind::Return { exprs } => self.ret_stat(s, exprs)?,
            StatKind::Break => {
                let j = self.jump();
                self.new_goto_entry("break", j);
            }
            StatKind::Goto(id) => self.goto_stat(id)?,
            StatKind::Label(id) => {
                let info = &self.f.labels[id as usize];
                self.create_label(info.name, info.at_block_end)?;
            }
        }
        self.freereg = self.nvarstack();
        Ok(())
    }

    /// `explist`: all but the last expression go to consecutive registers; the last one is
    /// returned open. Returns (last, count).
    pub fn exp_list(&mut self, exprs: &[Expr<'a>]) -> CResult<ExpDesc<'a>> {
        let (last, init) = exprs.split_last().expect("a non-empty list");
        for e in init {
            let mut v = self.expr(e)?;
            self.line = lines::expr_end(e);
            self.exp2nextreg(&mut v)?;
        }
        self.expr(last)
    }

    /// `adjust_assign`: `nexps` values (the last one open) become `nvars` values.
    fn adjust_assign(&mut self, nvars: usize, nexps: usize, e: &mut ExpDesc<'a>) -> CResult<()> {
        let needed = nvars as i32 - nexps as i32;
        if e.is_multi() {
            let extra = (needed + 1).max(0);
            self.set_returns(e, extra)?;
        } else {
            if !matches!(e.k, ExpKind::Void) {
                self.exp2nextreg(e)?;
            }
            if needed > 0 {
                self.nil(self.freereg, needed as u32);
            }
        }
        if needed > 0 {
            self.reserve_regs(needed as u32)?;
        } else {
            self.freereg = (self.freereg as i32 + needed) as u32;
        }
        Ok(())
    }

    /// `localstat`.
    fn local_stat(&mut self, vars: &[LocalId], exprs: &[Expr<'a>]) -> CResult<()> {
        let level = self.actvar.len();
        let toclose = vars
            .iter()
            .position(|&id| super::func::kind_code(self.f.locals[id as usize].kind) == RDKTOCLOSE)
            .map(|i| level + i);
        let mut e = if exprs.is_empty() {
            ExpDesc::new(ExpKind::Void)
        } else {
            self.exp_list(exprs)?
        };
        let last = *vars.last().expect("a variable");
        if let LocalKind::CompileTime(_) = self.f.locals[last as usize].kind {
            // The value is known: no code, no register.
            self.adjust_local_vars(&vars[..vars.len() - 1]);
            self.add_ctc_var(last);
        } else {
            self.adjust_assign(vars.len(), exprs.len(), &mut e)?;
            self.adjust_local_vars(vars);
        }
        self.check_to_close(toclose);
        Ok(())
    }

    /// `restassign`, unrolled: targets left to right, then the values, then the stores from
    /// the last target back to the first.
    fn assignment(&mut self, targets: &[Expr<'a>], exprs: &[Expr<'a>]) -> CResult<()> {
        let mut lhs: Vec<ExpDesc<'a>> = Vec::with_capacity(targets.len());
        for t in targets {
            let v = self.suffixed_var(t)?;
            if !lhs.is_empty() && !v.is_indexed() {
                self.line = lines::expr_end(t);
                self.check_conflict(&mut lhs, &v)?;
            }
            lhs.push(v);
        }
        let mut e = self.exp_list(exprs)?;
        self.line = lines::expr_end(exprs.last().expect("values"));
        let last = lhs.pop().expect("a target");
        if exprs.len() != targets.len() {
            self.adjust_assign(targets.len(), exprs.len(), &mut e)?;
            let mut v = ExpDesc::nonreloc(self.freereg - 1);
            self.store_var(&last, &mut v)?;
        } else {
            self.set_one_ret(&mut e);
            self.store_var(&last, &mut e)?;
        }
        while let Some(var) = lhs.pop() {
            let mut v = ExpDesc::nonreloc(self.freereg - 1);
            self.store_var(&var, &mut v)?;
        }
        Ok(())
    }

    /// `check_conflict`: a table or key register of an earlier target is the variable now
    /// assigned; the earlier target uses a copy instead.
    fn check_conflict(&mut self, lhs: &mut [ExpDesc<'a>], v: &ExpDesc<'a>) -> CResult<()> {
        let extra = self.freereg;
        let mut conflict = false;
        for lh in lhs.iter_mut() {
            match (lh.k, v.k) {
                (ExpKind::IndexUp { t, idx }, ExpKind::Upval(u)) if t == u => {
                    conflict = true;
                    lh.k = ExpKind::IndexStr { t: extra, idx };
                }
                (ExpKind::IndexUp { .. }, _) => {}
                (ExpKind::Indexed { t, idx }, ExpKind::Local(r)) => {
                    let (mut t2, mut idx2) = (t, idx);
                    if t == r {
                        conflict = true;
                        t2 = extra;
                    }
                    if idx == r {
                        conflict = true;
                        idx2 = extra;
                    }
                    lh.k = ExpKind::Indexed { t: t2, idx: idx2 };
                }
                (ExpKind::IndexI { t, idx }, ExpKind::Local(r)) if t == r => {
                    conflict = true;
                    lh.k = ExpKind::IndexI { t: extra, idx };
                }
                (ExpKind::IndexStr { t, idx }, ExpKind::Local(r)) if t == r => {
                    conflict = true;
                    lh.k = ExpKind::IndexStr { t: extra, idx };
                }
                _ => {}
            }
        }
        if conflict {
            match v.k {
                ExpKind::Local(r) => self.code_abc(OpCode::Move, extra, r, 0),
                ExpKind::Upval(u) => self.code_abc(OpCode::GetUpval, extra, u, 0),
                _ => unreachable!("conflicts come from locals and upvalues"),
            };
            self.reserve_regs(1)?;
        }
        Ok(())
    }

    /// `cond`: code that falls through when `e` is true; returns the false exits.
    fn cond(&mut self, e: &Expr<'a>) -> CResult<i32> {
        let mut v = self.expr(e)?;
        if let ExpKind::Nil = v.k {
            v.k = ExpKind::False;
        }
        self.line = lines::expr_end(e);
        self.go_if_true(&mut v)?;
        Ok(v.f)
    }

    fn while_stat(&mut self, s: &Stat<'a>, cond: &Expr<'a>, body: &Block<'a>) -> CResult<()> {
        let whileinit = self.get_label();
        let condexit = self.cond(cond)?;
        self.enter_block(true);
        self.block(body, lines::expr_end(cond))?;
        self.jump_to(whileinit)?;
        self.line = lines::stat_end(s);
        self.leave_block()?;
        self.patch_to_here(condexit)
    }

    fn repeat_stat(&mut self, s: &Stat<'a>, body: &Block<'a>, cond: &Expr<'a>) -> CResult<()> {
        let repeat_init = self.get_label();
        self.enter_block(true);
        self.enter_block(false);
        self.stat_list(body)?;
        // Past `until`, taken to be where the condition starts.
        self.line = lines::expr_start(cond);
        let mut condexit = self.cond(cond)?;
        let (upval, nactvar) = {
            let bl = self.blocks.last().expect("scope block");
            (bl.upval, bl.nactvar)
        };
        self.leave_block()?;
        if upval {
            // Repeating must close the upvalues of the body first.
            let exit = self.jump();
            self.patch_to_here(condexit)?;
            let level = self.reg_level(nactvar);
            self.code_abc(OpCode::Close, level, 0, 0);
            condexit = self.jump();
            self.patch_to_here(exit)?;
        }
        self.patch_list(condexit, repeat_init)?;
        let _ = s;
        self.leave_block()
    }

    /// `forbody`: the loop body between the prep and loop instructions.
    fn for_body(&mut self, lp: ForLoop, vars: &[LocalId], body: &Block<'a>) -> CResult<()> {
        let ForLoop {
            base,
            line,
            is_gen,
            do_line,
            end_line,
        } = lp;
        self.line = do_line;
        let prep_op = if is_gen {
            OpCode::TForPrep
        } else {
            OpCode::ForPrep
        };
        let prep = self.code_abx(prep_op, base, 0);
        self.enter_block(false);
        self.adjust_local_vars(vars);
        self.reserve_regs(vars.len() as u32)?;
        self.block(body, do_line)?;
        self.line = lines::block_last_line(body).unwrap_or(do_line);
        self.leave_block()?;
        let here = self.get_label();
        self.fix_for_jump(prep, here as usize, false, end_line)?;
        if is_gen {
            self.code_abc(OpCode::TForCall, base, 0, vars.len() as u32);
            self.fix_line(line);
        }
        let loop_op = if is_gen {
            OpCode::TForLoop
        } else {
            OpCode::ForLoop
        };
        let endfor = self.code_abx(loop_op, base, 0);
        self.fix_for_jump(endfor, prep + 1, true, end_line)?;
        self.fix_line(line);
        Ok(())
    }

    /// `fixforjump`. Lua reports an overflow at the token being read then, the loop's `end`.
    fn fix_for_jump(&mut self, pc: usize, dest: usize, back: bool, end_line: u32) -> CResult<()> {
        let offset = if back {
            pc as i64 + 1 - dest as i64
        } else {
            dest as i64 - (pc as i64 + 1)
        };
        if offset > MAXARG_BX as i64 {
            self.line = end_line;
            return Err(self.error("control structure too long"));
        }
        set_bx(&mut self.code[pc], offset as u32);
        Ok(())
    }

    /// `exp1`: an expression into the next register.
    fn exp1(&mut self, e: &Expr<'a>) -> CResult<()> {
        let mut v = self.expr(e)?;
        self.line = lines::expr_end(e);
        self.exp2nextreg(&mut v)
    }

    fn numeric_for(
        &mut self,
        s: &Stat<'a>,
        var: LocalId,
        start: &Expr<'a>,
        limit: &Expr<'a>,
        step: Option<&Expr<'a>>,
        body: &Block<'a>,
    ) -> CResult<()> {
        self.enter_block(true);
        let base = self.freereg;
        self.exp1(start)?;
        self.exp1(limit)?;
        let last = match step {
            Some(step) => {
                self.exp1(step)?;
                step
            }
            None => {
                self.load_int(self.freereg, 1);
                self.reserve_regs(1)?;
                limit
            }
        };
        let hidden = var - 3;
        self.adjust_local_vars(&[hidden, hidden + 1, hidden + 2]);
        let do_line = lines::expr_end(last);
        let lp = ForLoop {
            base,
            line: s.line,
            is_gen: false,
            do_line,
            end_line: s.end_line,
        };
        self.for_body(lp, &[var], body)?;
        self.line = lines::stat_end(s);
        self.leave_block()
    }

    fn generic_for(
        &mut self,
        s: &Stat<'a>,
        vars: &[LocalId],
        exprs: &[Expr<'a>],
        body: &Block<'a>,
    ) -> CResult<()> {
        self.enter_block(true);
        let base = self.freereg;
        // TFORCALL and TFORLOOP belong to the line where the expression list starts.
        let line = lines::expr_start(&exprs[0]);
        self.line = line;
        let mut e = self.exp_list(exprs)?;
        self.line = lines::expr_end(exprs.last().expect("iterator"));
        self.adjust_assign(4, exprs.len(), &mut e)?;
        let hidden = vars[0] - 4;
        self.adjust_local_vars(&[hidden, hidden + 1, hidden + 2, hidden + 3]);
        self.mark_to_be_closed();
        self.check_stack(3)?;
        let do_line = self.line;
        let lp = ForLoop {
            base,
            line,
            is_gen: true,
            do_line,
            end_line: s.end_line,
        };
        self.for_body(lp, vars, body)?;
        self.line = lines::stat_end(s);
        self.leave_block()
    }

    /// `test_then_block`: one `if`/`elseif` arm; jumps out are added to `escapes`.
    fn test_then_block(
        &mut self,
        cond: &Expr<'a>,
        then_line: u32,
        block: &Block<'a>,
        has_more: bool,
        escapes: &mut i32,
    ) -> CResult<()> {
        let mut v = self.expr(cond)?;
        // lparser.c tests the condition once `then` is read.
        self.line = then_line;
        let jf;
        let rest: &[Stat<'a>];
        if let Some(Stat {
            kind: StatKind::Break,
            line,
            ..
        }) = block.stats.first()
        {
            // `if cond then break`: the condition jumps straight out of the loop.
            self.go_if_false(&mut v)?;
            self.line = *line;
            self.enter_block(false);
            self.new_goto_entry("break", v.t);
            if block.stats.len() == 1 {
                return self.leave_block();
            }
            jf = self.jump();
            rest = &block.stats[1..];
        } else {
            self.go_if_true(&mut v)?;
            self.enter_block(false);
            jf = v.f;
            rest = block.stats;
        }
        for st in rest {
            self.statement(st)?;
        }
        self.line = lines::block_last_line(block).unwrap_or(then_line);
        self.leave_block()?;
        if has_more {
            let j = self.jump();
            self.concat(escapes, j)?;
        }
        self.patch_to_here(jf)
    }

    fn if_stat(
        &mut self,
        s: &Stat<'a>,
        arms: &[(Expr<'a>, Block<'a>)],
        then_lines: &[u32],
        else_block: Option<Block<'a>>,
    ) -> CResult<()> {
        let mut escapes = NO_JUMP;
        for (i, (cond, block)) in arms.iter().enumerate() {
            if i > 0 {
                // Past `elseif`, taken to be where the condition starts.
                self.line = lines::expr_start(cond);
            }
            let has_more = i + 1 < arms.len() || else_block.is_some();
            self.test_then_block(cond, then_lines[i], block, has_more, &mut escapes)?;
        }
        if let Some(b) = else_block {
            let l = self.line;
            self.block(&b, l)?;
        }
        self.line = lines::stat_end(s);
        self.patch_to_here(escapes)
    }

    fn ret_stat(&mut self, s: &Stat<'a>, exprs: &[Expr<'a>]) -> CResult<()> {
        let mut first = self.nvarstack();
        let nret: i32;
        if exprs.is_empty() {
            nret = 0;
        } else {
            let mut e = self.exp_list(exprs)?;
            self.line = lines::expr_end(exprs.last().expect("values"));
            if e.is_multi() {
                self.set_multret(&mut e)?;
                let insidetbc = self.blocks.last().is_some_and(|b| b.insidetbc);
                if let (ExpKind::Call(pc), 1, false) = (e.k, exprs.len(), insidetbc) {
                    set_op(&mut self.code[pc as usize], OpCode::TailCall);
                }
                nret = -1;
            } else if exprs.len() == 1 {
                first = self.exp2anyreg(&mut e)?;
                nret = 1;
            } else {
                self.exp2nextreg(&mut e)?;
                nret = exprs.len() as i32;
            }
        }
        let _ = s;
        self.ret(first, nret);
        Ok(())
    }

    /// `gotostat`.
    fn goto_stat(&mut self, id: GotoId) -> CResult<()> {
        let info = &self.f.gotos[id as usize];
        self.line = info.line;
        match self.find_label(info.name).map(|l| (l.nactvar, l.pc)) {
            None => {
                let j = self.jump();
                self.new_goto_entry(info.name, j);
            }
            Some((nactvar, pc)) => {
                // A backward jump: close what it leaves at once.
                let lblevel = self.reg_level(nactvar);
                if self.nvarstack() > lblevel {
                    self.code_abc(OpCode::Close, lblevel, 0, 0);
                }
                let j = self.jump();
                self.patch_list(j, pc)?;
            }
        }
        Ok(())
    }
}
