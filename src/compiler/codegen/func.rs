//! Per-function state (`FuncState` in lparser.h) and the opening and closing of functions
//! (`open_func`, `close_func`, `body`, `mainfunc`, `codeclosure`).

use std::collections::HashMap;
use std::rc::Rc;

use super::expdesc::ExpDesc;
use crate::compiler::opcode::{Instruction, OpCode};
use crate::compiler::proto::{Constant, LocVar, Proto, UpvalDesc};
use crate::shared::chunkid::chunkid;
use crate::syntax::ast::{Chunk, Function, LocalId, LocalKind, UpvalueSource};
use crate::syntax::SyntaxError;

pub(super) type CResult<T> = Result<T, SyntaxError>;

/// The end of a jump list, and a jump that is not yet patched (`NO_JUMP`).
pub(super) const NO_JUMP: i32 = -1;

/// Variable kinds, numbered as lparser.h numbers them (`VDKREG`, `RDKCONST`, ...).
pub(super) const VDKREG: u8 = 0;
pub(super) const RDKCONST: u8 = 1;
pub(super) const RDKTOCLOSE: u8 = 2;
pub(super) const RDKCTC: u8 = 3;

pub(super) fn kind_code(kind: LocalKind<'_>) -> u8 {
    match kind {
        LocalKind::Regular => VDKREG,
        LocalKind::Const => RDKCONST,
        LocalKind::Close => RDKTOCLOSE,
        LocalKind::CompileTime(_) => RDKCTC,
    }
}

/// An active local variable (`Vardesc`).
pub(super) struct VarDesc {
    pub kind: u8,
    /// Its register (meaningless for compile-time constants).
    pub ridx: u32,
    /// Its entry in the debug information (`None` for compile-time constants).
    pub pidx: Option<usize>,
    pub id: LocalId,
}

/// An open block (`BlockCnt`).
pub(super) struct BlockCnt {
    pub nactvar: usize,
    pub firstlabel: usize,
    pub firstgoto: usize,
    /// Some variable of the block is captured or to be closed.
    pub upval: bool,
    pub insidetbc: bool,
    pub isloop: bool,
}

/// A label, or a pending goto (`Labeldesc`).
pub(super) struct LabelDesc<'a> {
    pub name: &'a str,
    pub pc: i32,
    pub nactvar: usize,
    /// The goto leaves the scope of a variable that needs closing.
    pub close: bool,
}

/// Key of the constant cache. lcode.c keeps one table for the whole chunk, indexed by
/// Lua values, so floats with integral values become integer keys (lcode.c disguises them
/// first, and only huge ones still collide) and `nil` gets a key of its own.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(super) enum CacheKey {
    Nil,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(Box<[u8]>),
}

/// Constant indices by value. A fixed-key hasher rather than std's random one, so compiling
/// the same source costs the same number of machine instructions every time (the
/// instruction-count benchmarks include compilation).
pub(super) type ConstCache = HashMap<
    CacheKey,
    usize,
    std::hash::BuildHasherDefault<std::collections::hash_map::DefaultHasher>,
>;

pub(super) struct FuncState<'a> {
    pub f: &'a Function<'a>,
    pub source: Rc<[u8]>,
    pub chunk_id: Rc<[u8]>,
    pub code: Vec<Instruction>,
    pub lines: Vec<u32>,
    pub k: Vec<Constant>,
    pub protos: Vec<Rc<Proto>>,
    pub upvalues: Vec<UpvalDesc>,
    pub locvars: Vec<LocVar>,
    pub max_stack: u32,
    pub is_vararg: bool,
    pub num_params: u8,
    /// The line of the last token "read" (`ls->lastline`): new instructions get it.
    pub line: u32,
    pub lasttarget: usize,
    pub freereg: u32,
    pub needclose: bool,
    pub actvar: Vec<VarDesc>,
    /// For each local of `f`, its index in `actvar` while it is active.
    pub local_slot: Vec<Option<usize>>,
    pub blocks: Vec<BlockCnt>,
    pub labels: Vec<LabelDesc<'a>>,
    pub gotos: Vec<LabelDesc<'a>>,
    /// Shared by every function of the chunk; held by the function being compiled.
    pub cache: ConstCache,
}

impl<'a> FuncState<'a> {
    fn new(f: &'a Function<'a>, source: Rc<[u8]>, chunk_id: Rc<[u8]>, cache: ConstCache) -> Self {
        FuncState {
            f,
            source,
            chunk_id,
            code: Vec::new(),
            lines: Vec::new(),
            k: Vec::new(),
            protos: Vec::new(),
            upvalues: Vec::new(),
            locvars: Vec::new(),
            // Registers 0 and 1 are always valid.
            max_stack: 2,
            is_vararg: false,
            num_params: 0,
            line: f.line.max(1),
            lasttarget: 0,
            freereg: 0,
            needclose: false,
            actvar: Vec::new(),
            local_slot: vec![None; f.locals.len()],
            blocks: Vec::new(),
            labels: Vec::new(),
            gotos: Vec::new(),
            cache,
        }
    }

    /// A syntax error at the current line (`luaX_syntaxerror` without the token).
    pub fn error(&self, msg: &str) -> SyntaxError {
        let mut message = self.chunk_id.to_vec();
        message.extend_from_slice(format!(":{}: {}", self.line, msg).as_bytes());
        SyntaxError {
            message,
            line: self.line,
        }
    }

    /// The active variable for local `id`.
    pub fn var_of(&self, id: LocalId) -> &VarDesc {
        let slot = self.local_slot[id as usize].expect("an active local");
        &self.actvar[slot]
    }

    /// `setvararg`.
    fn set_vararg(&mut self, nparams: u32) {
        self.is_vararg = true;
        self.code_abc(OpCode::VarArgPrep, nparams, 0, 0);
    }

    /// `close_func`: final return, end of the outermost block, peephole pass.
    fn close(mut self, last_line: u32) -> CResult<(Proto, ConstCache)> {
        self.line = last_line;
        let first = self.nvarstack();
        self.ret(first, 0);
        self.leave_block()?;
        self.finish()?;
        let proto = Proto {
            source: self.source,
            line_defined: self.f.line,
            last_line_defined: if self.f.line == 0 { 0 } else { self.f.end_line },
            num_params: self.num_params,
            is_vararg: self.is_vararg,
            max_stack: self.max_stack as u8,
            code: self.code,
            lines: self.lines,
            constants: self.k,
            protos: self.protos,
            upvalues: self.upvalues,
            locals: self.locvars,
        };
        Ok((proto, self.cache))
    }

    /// `body` + `codeclosure`: compiles a nested function and leaves its closure in `e`
    /// (in the next free register).
    pub fn function(&mut self, f: &'a Function<'a>, is_method: bool) -> CResult<ExpDesc<'a>> {
        let cache = std::mem::take(&mut self.cache);
        let mut child = FuncState::new(f, self.source.clone(), self.chunk_id.clone(), cache);
        child.upvalues = f
            .upvalues
            .iter()
            .map(|u| {
                let (in_stack, index, kind) = match u.source {
                    UpvalueSource::ParentLocal(id) => {
                        let v = self.var_of(id);
                        (true, v.ridx as u8, v.kind)
                    }
                    UpvalueSource::ParentUpvalue(idx) => {
                        (false, idx as u8, self.upvalues[idx as usize].kind)
                    }
                    UpvalueSource::Environment => (true, 0, VDKREG),
                };
                UpvalDesc {
                    name: u.name.into(),
                    in_stack,
                    index,
                    kind,
                }
            })
            .collect();
        child.line = f.line;
        child.enter_block(false);
        let body = child.body(is_method);
        // Hand the cache back even when the body failed.
        let result = match body {
            Ok(()) => {
                // The closure is coded in the parent before the child's final return, both
                // on the line of `end`.
                self.line = f.end_line;
                child.close(f.end_line)
            }
            Err(e) => {
                self.cache = std::mem::take(&mut child.cache);
                return Err(e);
            }
        };
        let (proto, cache) = result?;
        self.cache = cache;
        self.protos.push(Rc::new(proto));
        let pc = self.code_abx(OpCode::Closure, 0, (self.protos.len() - 1) as u32);
        let mut e = ExpDesc::reloc(pc);
        self.exp2nextreg(&mut e)?;
        Ok(e)
    }

    /// Parameters and statements of a nested function.
    fn body(&mut self, is_method: bool) -> CResult<()> {
        let f = self.f;
        // `self` is activated first, then the declared parameters (`parlist`).
        let nparams = f.params.len();
        if is_method {
            self.adjust_local_vars(&f.params[..1]);
        }
        let rest = if is_method { &f.params[1..] } else { f.params };
        self.adjust_local_vars(rest);
        self.num_params = nparams as u8;
        if f.is_vararg {
            // Coded once `...` is read: about where the last parameter ends.
            let last_param = f.params.last().map_or(0, |&id| f.locals[id as usize].line);
            self.line = self.line.max(last_param);
            self.set_vararg(nparams as u32);
        }
        self.reserve_regs(nparams as u32)?;
        self.stat_list(&f.body)
    }
}

/// `mainfunc`: a vararg function whose only upvalue is `_ENV`.
pub(super) fn compile_main(chunk: &Chunk<'_>) -> CResult<Rc<Proto>> {
    let source: Rc<[u8]> = chunk.source.into();
    let chunk_id: Rc<[u8]> = chunkid(chunk.source).into();
    let main = chunk.main;
    let mut fs = FuncState::new(main, source, chunk_id, ConstCache::default());
    fs.line = 1;
    fs.enter_block(false);
    fs.set_vararg(0);
    fs.upvalues.push(UpvalDesc {
        name: "_ENV".into(),
        in_stack: true,
        index: 0,
        kind: VDKREG,
    });
    fs.stat_list(&main.body)?;
    let (proto, _) = fs.close(chunk.last_line)?;
    Ok(Rc::new(proto))
}
