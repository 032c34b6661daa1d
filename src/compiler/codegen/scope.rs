//! Blocks, local variables, labels and gotos (`enterblock`, `leaveblock`, `adjustlocalvars`,
//! `removevars`, `createlabel`, `solvegotos`, `movegotosout` in lparser.c).
//!
//! Goto resolution is redone here by name, as lparser.c does it, because it decides where
//! CLOSE instructions go; the front end has already rejected invalid gotos.

use super::func::{BlockCnt, CResult, FuncState, LabelDesc, VarDesc, RDKCTC, RDKTOCLOSE};
use crate::compiler::opcode::OpCode;
use crate::compiler::proto::LocVar;
use crate::syntax::ast::LocalId;

impl<'a> FuncState<'a> {
    /// `reglevel`: the first register above the variables below level `nvar`.
    pub fn reg_level(&self, nvar: usize) -> u32 {
        self.actvar[..nvar]
            .iter()
            .rev()
            .find(|v| v.kind != RDKCTC)
            .map_or(0, |v| v.ridx + 1)
    }

    /// `luaY_nvarstack`: registers held by active locals.
    pub fn nvarstack(&self) -> u32 {
        self.reg_level(self.actvar.len())
    }

    pub fn enter_block(&mut self, isloop: bool) {
        let insidetbc = self.blocks.last().is_some_and(|b| b.insidetbc);
        self.blocks.push(BlockCnt {
            nactvar: self.actvar.len(),
            firstlabel: self.labels.len(),
            firstgoto: self.gotos.len(),
            upval: false,
            insidetbc,
            isloop,
        });
    }

    /// `adjustlocalvars`: the locals `ids` enter scope, in registers from the current level.
    /// A captured local marks its block (`markupval`), so leaving it closes upvalues.
    pub fn adjust_local_vars(&mut self, ids: &[LocalId]) {
        let first = self.nvarstack();
        for (reglevel, &id) in (first..).zip(ids) {
            let info = &self.f.locals[id as usize];
            let pidx = self.locvars.len();
            self.locvars.push(LocVar {
                name: info.name.into(),
                start_pc: self.pc() as u32,
                end_pc: 0,
            });
            self.local_slot[id as usize] = Some(self.actvar.len());
            self.actvar.push(VarDesc {
                kind: super::func::kind_code(info.kind),
                ridx: reglevel,
                pidx: Some(pidx),
                id,
            });
            if info.captured {
                self.mark_upval();
            }
        }
    }

    /// A compile-time constant enters scope: it counts as a variable but has no register
    /// and no debug information.
    pub fn add_ctc_var(&mut self, id: LocalId) {
        self.local_slot[id as usize] = Some(self.actvar.len());
        self.actvar.push(VarDesc {
            kind: RDKCTC,
            ridx: 0,
            pidx: None,
            id,
        });
    }

    /// `markupval` for a variable of the innermost block.
    fn mark_upval(&mut self) {
        self.blocks.last_mut().expect("a block").upval = true;
        self.needclose = true;
    }

    /// `marktobeclosed`.
    pub fn mark_to_be_closed(&mut self) {
        let bl = self.blocks.last_mut().expect("a block");
        bl.upval = true;
        bl.insidetbc = true;
        self.needclose = true;
    }

    /// `removevars`: locals above `tolevel` leave scope.
    fn remove_vars(&mut self, tolevel: usize) {
        while self.actvar.len() > tolevel {
            let v = self.actvar.pop().expect("a variable");
            if let Some(p) = v.pidx {
                self.locvars[p].end_pc = self.pc() as u32;
            }
            self.local_slot[v.id as usize] = None;
        }
    }

    /// `leaveblock`.
    pub fn leave_block(&mut self) -> CResult<()> {
        let (nactvar, isloop, upval, firstlabel) = {
            let bl = self.blocks.last().expect("a block");
            (bl.nactvar, bl.isloop, bl.upval, bl.firstlabel)
        };
        let stklevel = self.reg_level(nactvar);
        let mut hasclose = false;
        if isloop {
            hasclose = self.create_label("break", false)?;
        }
        if !hasclose && self.blocks.len() > 1 && upval {
            self.code_abc(OpCode::Close, stklevel, 0, 0);
        }
        // lparser.c moves the pending gotos out after removing the variables, but still
        // reads the removed variables' registers; do it first, while they are here.
        let bl = self.blocks.pop().expect("a block");
        if !self.blocks.is_empty() {
            self.move_gotos_out(&bl);
        }
        self.remove_vars(nactvar);
        self.freereg = stklevel;
        self.labels.truncate(firstlabel);
        Ok(())
    }

    /// `movegotosout`: pending gotos of a block being left now belong to the enclosing one;
    /// leaving variables that need closing makes them close.
    fn move_gotos_out(&mut self, bl: &BlockCnt) {
        let outer = self.reg_level(bl.nactvar);
        for i in bl.firstgoto..self.gotos.len() {
            let level = self.reg_level(self.gotos[i].nactvar);
            let gt = &mut self.gotos[i];
            if level > outer {
                gt.close |= bl.upval;
            }
            gt.nactvar = bl.nactvar;
        }
    }

    /// `createlabel`: a label here, resolving pending gotos of the current block; true if it
    /// emitted a CLOSE for them.
    pub fn create_label(&mut self, name: &'a str, last: bool) -> CResult<bool> {
        let pc = self.get_label();
        let bl = self.blocks.last().expect("a block");
        let nactvar = if last { bl.nactvar } else { self.actvar.len() };
        let firstgoto = bl.firstgoto;
        self.labels.push(LabelDesc {
            name,
            pc,
            nactvar,
            close: false,
        });
        let mut needsclose = false;
        let mut i = firstgoto;
        while i < self.gotos.len() {
            if self.gotos[i].name == name {
                let g = self.gotos.remove(i);
                needsclose |= g.close;
                self.patch_list(g.pc, pc)?;
            } else {
                i += 1;
            }
        }
        if needsclose {
            let level = self.nvarstack();
            self.code_abc(OpCode::Close, level, 0, 0);
        }
        Ok(needsclose)
    }

    /// `newgotoentry`.
    pub fn new_goto_entry(&mut self, name: &'a str, pc: i32) {
        self.gotos.push(LabelDesc {
            name,
            pc,
            nactvar: self.actvar.len(),
            close: false,
        });
    }

    /// `findlabel`: a visible label of this function.
    pub fn find_label(&self, name: &str) -> Option<&LabelDesc<'a>> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// `checktoclose`: the variable at level `level` is to be closed.
    pub fn check_to_close(&mut self, level: Option<usize>) {
        if let Some(level) = level {
            debug_assert_eq!(self.actvar[level].kind, RDKTOCLOSE);
            self.mark_to_be_closed();
            let reg = self.reg_level(level);
            self.code_abc(OpCode::Tbc, reg, 0, 0);
        }
    }
}
