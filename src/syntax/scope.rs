//! Scope state of the function being parsed: locals, upvalues, blocks, labels and pending
//! gotos (`FuncState`, `BlockCnt` and `Dyndata` in lparser.c).
//!
//! Invariants, as in lparser.c: `active` lists the locals in scope, innermost last; the
//! `pending` most recently declared locals are declared but not yet in scope (their
//! initialisers are being parsed); `visible` holds the labels of the open blocks; a goto stays
//! in `pending_gotos` until a label of the same name is created in its block or an enclosing
//! one, and its `nactvar` is lowered to the block's level each time it leaves a block.

use super::ast::{GotoInfo, LabelId, LabelInfo, LocalId, LocalInfo, UpvalueInfo};

pub(crate) struct BlockScope {
    /// Active locals when the block was entered.
    pub nactvar: usize,
    /// First label of this block in `visible`.
    pub first_label: usize,
    /// First pending goto of this block in `pending_gotos`.
    pub first_goto: usize,
    pub is_loop: bool,
}

pub(crate) struct VisibleLabel {
    pub id: LabelId,
}

pub(crate) struct PendingGoto<'a> {
    pub name: &'a str,
    pub line: u32,
    pub nactvar: usize,
    /// `None` for `break`, which Lua treats as `goto break`.
    pub id: Option<u32>,
}

pub(crate) struct FuncState<'a> {
    pub locals: Vec<LocalInfo<'a>>,
    pub active: Vec<LocalId>,
    pub pending: usize,
    pub upvalues: Vec<UpvalueInfo<'a>>,
    pub blocks: Vec<BlockScope>,
    pub labels: Vec<LabelInfo<'a>>,
    pub visible: Vec<VisibleLabel>,
    pub pending_gotos: Vec<PendingGoto<'a>>,
    pub gotos: Vec<GotoInfo<'a>>,
    pub params: Vec<LocalId>,
    pub is_vararg: bool,
    /// `linedefined`: 0 for the main chunk.
    pub line: u32,
}

impl<'a> FuncState<'a> {
    pub fn new(line: u32) -> Self {
        FuncState {
            locals: Vec::new(),
            active: Vec::new(),
            pending: 0,
            upvalues: Vec::new(),
            blocks: Vec::new(),
            labels: Vec::new(),
            visible: Vec::new(),
            pending_gotos: Vec::new(),
            gotos: Vec::new(),
            params: Vec::new(),
            is_vararg: false,
            line,
        }
    }

    /// The innermost active local called `name`.
    pub fn find_active(&self, name: &str) -> Option<LocalId> {
        self.active
            .iter()
            .rev()
            .copied()
            .find(|&id| self.locals[id as usize].name == name)
    }

    pub fn find_upvalue(&self, name: &str) -> Option<usize> {
        self.upvalues.iter().position(|u| u.name == name)
    }

    /// The visible label called `name` (`findlabel`).
    pub fn find_label(&self, name: &str) -> Option<&VisibleLabel> {
        self.visible
            .iter()
            .find(|l| self.labels[l.id as usize].name == name)
    }

    pub fn block(&self) -> &BlockScope {
        self.blocks.last().expect("inside a block")
    }

    /// Makes the `n` oldest pending locals active (`adjustlocalvars`).
    pub fn activate(&mut self, n: usize) {
        debug_assert!(n <= self.pending);
        let first = self.locals.len() - self.pending;
        for id in first..first + n {
            self.active.push(id as LocalId);
        }
        self.pending -= n;
    }
}
