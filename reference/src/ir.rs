//! The reference interpreter's own copy of a program: the shared AST lowered to
//! reference-counted nodes.
//!
//! Why a copy: the interpreter's state between steps lives in the gc-arena, whose root must
//! be `'static`, while the shared AST borrows a bumpalo arena. Lowering to `Rc` nodes lets a
//! continuation hold "this expression" or "statement 3 of this block" as a cheap `'static`
//! handle, and frees the code when the last closure using it is collected.
//!
//! The lowering is one-to-one except for the two unbounded spines of the AST (see the depth
//! rule in `moonlab::syntax::ast`): a left-associative operator chain becomes one `Chain` node
//! and a suffix chain one `Suffixed` node, each holding its parts in a vector. That keeps every
//! walk and every drop of the tree shallow.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use indexmap::IndexSet;

use moonlab::syntax::ast::{self, BinOp, Constant, UnOp};

pub type LocalId = u32;

/// One function of the program.
#[derive(Debug)]
pub struct Proto {
    /// The chunk's source name (`@file.lua`, `=stdin`, ...), for messages and `debug`
    /// (`=?` in a chunk loaded from a stripped binary chunk).
    pub source: Rc<[u8]>,
    /// The chunk this function is part of, for `string.dump` (`chunk.rs`).
    pub chunk: Rc<ChunkText>,
    /// This function's number in its chunk: 0 is the main function, then the function
    /// expressions in the order the lowering meets them (depth first, in source order).
    pub ordinal: u32,
    pub line: u32,
    pub end_line: u32,
    pub params: Vec<LocalId>,
    pub is_vararg: bool,
    pub locals: Vec<LocalMeta>,
    pub upvalues: Vec<UpvalueMeta>,
    pub body: Block,
    /// The tree of local scopes, for `debug.getlocal`: node 0 holds the parameters, and
    /// every statement that declares locals adds a child of the node it started in.
    pub scopes: Vec<ScopeNode>,
    /// The main function's: the chunk's distinct string literals, made into string objects
    /// once per loaded chunk and shared by all its closures. Empty in nested functions.
    pub strings: Vec<Rc<[u8]>>,
}

/// What a binary chunk of the reference carries: the chunk's source text and name, from
/// which `load` makes the same functions again.
#[derive(Debug)]
pub struct ChunkText {
    pub text: Rc<[u8]>,
    pub name: Rc<[u8]>,
    /// Loaded from a stripped binary chunk: no debug information (source `=?`, no line
    /// numbers, no names of locals and upvalues), and any dump of it is stripped too.
    pub stripped: bool,
}

/// Index of a [`ScopeNode`] in [`Proto::scopes`].
pub type ScopeId = u32;

/// Locals that become active together (one `local` statement, a `for` loop's hidden
/// state or its variables), below the ones of `parent`. The locals active at a point are
/// the chain from its node to the root, oldest first: the order lua5.4 numbers them in
/// (compile-time constants, which have no register, are left out as lua5.4 leaves them).
#[derive(Debug)]
pub struct ScopeNode {
    pub parent: Option<ScopeId>,
    pub locals: Vec<LocalId>,
}

impl Proto {
    /// The locals active in scope `at`, in declaration order.
    pub fn active_locals(&self, at: ScopeId) -> Vec<LocalId> {
        let mut chain = Vec::new();
        let mut node = Some(at);
        while let Some(n) = node {
            let scope = &self.scopes[n as usize];
            chain.push(scope);
            node = scope.parent;
        }
        chain
            .iter()
            .rev()
            .flat_map(|s| s.locals.iter().copied())
            .collect()
    }
}

#[derive(Debug)]
pub struct LocalMeta {
    pub name: Rc<str>,
    /// Lives in a shared cell because a nested function refers to it.
    pub captured: bool,
    pub close: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UpvalueFrom {
    ParentLocal(LocalId),
    ParentUpvalue(u32),
    Environment,
}

#[derive(Debug)]
pub struct UpvalueMeta {
    pub name: Rc<str>,
    pub from: UpvalueFrom,
}

/// A statement list; its statements are addressed by index.
pub type Block = Rc<BlockData>;

#[derive(Debug)]
pub struct BlockData {
    pub stats: Box<[Stat]>,
    /// The locals declared in the block (nested blocks included) are `locals.0..locals.1`;
    /// they are cleared when the block ends, as Lua's registers are reused after it.
    pub locals: (LocalId, LocalId),
}

impl std::ops::Deref for BlockData {
    type Target = [Stat];
    fn deref(&self) -> &[Stat] {
        &self.stats
    }
}

/// The range of locals a statement declares, directly or in nested blocks.
fn declared(s: &Stat) -> Option<(LocalId, LocalId)> {
    let span = |a: LocalId, b: LocalId| Some((a, b + 1));
    let merge = |x: Option<(LocalId, LocalId)>, y: Option<(LocalId, LocalId)>| match (x, y) {
        (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
        (a, None) => a,
        (None, b) => b,
    };
    let of = |b: &Block| (b.locals.0 < b.locals.1).then_some(b.locals);
    match &s.kind {
        StatKind::Local { vars, .. } => span(vars[0], vars[vars.len() - 1]),
        StatKind::LocalFunction { var, .. } => span(*var, *var),
        StatKind::NumericFor { var, body, .. } => merge(span(var - 3, *var), of(body)),
        StatKind::GenericFor { vars, body, .. } => {
            merge(span(vars[0] - 4, vars[vars.len() - 1]), of(body))
        }
        StatKind::Do(b) => of(b),
        StatKind::While { body, .. } | StatKind::Repeat { body, .. } => of(body),
        StatKind::If {
            arms, else_block, ..
        } => {
            let mut r = else_block.as_ref().and_then(of);
            for (_, b) in arms {
                r = merge(r, of(b));
            }
            r
        }
        _ => None,
    }
}

#[derive(Debug)]
pub struct Stat {
    pub line: u32,
    /// The line of its last token: lcode.c gives the instructions that end a statement
    /// (a block's closing of to-be-closed variables, a `return`, a loop's exit) the line
    /// of the last token read, so errors of `__close` handlers are positioned there.
    pub end_line: u32,
    /// The locals active when the statement starts.
    pub scope: ScopeId,
    pub kind: StatKind,
}

#[allow(non_camel_case_types)]
#[derive(Debug)]
pub enum StatKind {
    /// A call statement (results discarded).
    Call(Rc<Expr>),
    Local {
        vars: Vec<LocalId>,
        exprs: Vec<Rc<Expr>>,
    },
    LocalFunction {
        var: LocalId,
        proto: Rc<Proto>,
    },
    Assign {
        targets: Vec<Rc<Expr>>,
        exprs: Vec<Rc<Expr>>,
    },
    Do(Block),
    While {
        cond: Rc<Expr>,
        body: Block,
    },
    Repeat {
        body: Block,
        cond: Rc<Expr>,
    },
    If {
        arms: Vec<(Rc<Expr>, Block)>,
        else_block: Option<Block>,
    },
    NumericFor {
        var: LocalId,
        start: Rc<Expr>,
        limit: Rc<Expr>,
        step: Option<Rc<Expr>>,
        body: Block,
    },
    GenericFor {
        vars: Vec<LocalId>,
        exprs: Vec<Rc<Expr>>,
        body: Block,
        /// The scope while the iterator is called: the loop's hidden state, not its variables.
        control: ScopeId,
        /// The line of the iterator's calls: where the expression list starts (lparser.c's
        /// `forlist` takes the line after `in`).
        call_line: u32,
    },
    Return(Vec<Rc<Expr>>),
    /// The condition of a `repeat`, evaluated as the last statement of its body so that it
    /// sees the body's locals; it leaves its value for the loop.
    Until(Rc<Expr>),
    Break,
    Goto(u32),
    Label(u32),
}

#[derive(Debug)]
pub struct Expr {
    pub line: u32,
    pub kind: ExprKind,
}

/// What a name refers to.
#[derive(Debug, Clone)]
pub enum Var {
    Local(LocalId),
    Upvalue(u32),
}

#[allow(non_camel_case_types)]
#[derive(Debug)]
pub enum ExprKind {
    Nil,
    True,
    False,
    Int(i64),
    Float(f64),
    /// A string literal: its bytes and its index in the chunk's strings
    /// ([`Proto::strings`]), the one object every evaluation gives (lua5.4's scanner keeps
    /// one string per distinct literal of a chunk).
    Str(Rc<[u8]>, u32),
    Vararg,
    Function(Rc<Proto>),
    Table {
        positional: Vec<Rc<Expr>>,
        keyed: Vec<(Rc<Expr>, Rc<Expr>)>,
        /// Field order as written: `true` for positional, `false` for keyed.
        order: Vec<bool>,
    },
    Local(LocalId),
    Upvalue(u32),
    /// A compile-time constant local, by name (for messages).
    Const(Rc<str>, Rc<Expr>),
    /// `_ENV.name`.
    Global {
        name: Rc<[u8]>,
        env: Rc<Expr>,
    },
    Paren(Rc<Expr>),
    Unary(UnOp, Rc<Expr>),
    /// `first op1 e1 op2 e2 ...`, applied left to right (a left spine of the AST).
    Chain {
        first: Rc<Expr>,
        rest: Vec<(BinOp, u32, Rc<Expr>)>,
    },
    /// Not produced by lowering: carries a ready-made description of a value for error
    /// messages, where the value came from a part of an expression.
    Described(String),
    /// `base` followed by index, call and method suffixes (a suffix spine of the AST).
    Suffixed {
        base: Rc<Expr>,
        suffixes: Vec<Suffix>,
    },
}

#[derive(Debug)]
pub struct Suffix {
    pub line: u32,
    pub kind: SuffixKind,
}

#[allow(non_camel_case_types)]
#[derive(Debug)]
pub enum SuffixKind {
    Index(Rc<Expr>),
    Call(Vec<Rc<Expr>>),
    Method(Rc<[u8]>, Vec<Rc<Expr>>),
}

impl Expr {
    /// Calls and `...` produce any number of values.
    pub fn is_multi(&self) -> bool {
        match &self.kind {
            ExprKind::Vararg => true,
            ExprKind::Suffixed { suffixes, .. } => matches!(
                suffixes.last().map(|s| &s.kind),
                Some(SuffixKind::Call(_) | SuffixKind::Method(..))
            ),
            _ => false,
        }
    }
}

/// Lowers a parsed chunk; `text` is the source it was parsed from.
pub fn lower_chunk(chunk: &ast::Chunk<'_>, text: &[u8]) -> Rc<Proto> {
    lower_all(chunk, text, false).swap_remove(0)
}

/// Lowers a parsed chunk: all its functions, by [`Proto::ordinal`] (the main one first).
/// `stripped`: the chunk comes from a stripped binary chunk.
pub fn lower_all(chunk: &ast::Chunk<'_>, text: &[u8], stripped: bool) -> Vec<Rc<Proto>> {
    let cx = ChunkCx {
        source: Rc::from(if stripped { &b"=?"[..] } else { chunk.source }),
        text: Rc::new(ChunkText {
            text: Rc::from(text),
            name: Rc::from(chunk.source),
            stripped,
        }),
        strings: RefCell::default(),
        all: RefCell::default(),
    };
    let mut main = lower_function_body(chunk.main, &cx);
    main.strings = cx.strings.into_inner().into_iter().collect();
    let mut all = cx.all.into_inner();
    all[0] = Some(Rc::new(main));
    all.into_iter()
        .map(|p| p.expect("every ordinal lowered"))
        .collect()
}

/// What the lowering of a chunk's functions shares.
struct ChunkCx {
    source: Rc<[u8]>,
    text: Rc<ChunkText>,
    /// The functions lowered so far, by ordinal (a slot is taken when lowering starts).
    all: RefCell<Vec<Option<Rc<Proto>>>>,
    /// Distinct string literals in order of appearance (an index is a literal's number).
    strings: RefCell<IndexSet<Rc<[u8]>, std::hash::RandomState>>,
}

impl ChunkCx {
    fn string(&self, s: &[u8]) -> ExprKind {
        let mut st = self.strings.borrow_mut();
        if let Some((i, k)) = st.get_full(s) {
            return ExprKind::Str(k.clone(), i as u32);
        }
        let k: Rc<[u8]> = Rc::from(s);
        let (i, _) = st.insert_full(k.clone());
        ExprKind::Str(k, i as u32)
    }

    fn constant(&self, c: Constant<'_>, line: u32) -> Rc<Expr> {
        node(
            line,
            match c {
                Constant::Nil => ExprKind::Nil,
                Constant::Bool(true) => ExprKind::True,
                Constant::Bool(false) => ExprKind::False,
                Constant::Int(i) => ExprKind::Int(i),
                Constant::Float(f) => ExprKind::Float(f),
                Constant::Str(s) => self.string(s),
            },
        )
    }
}

fn lower_function(f: &ast::Function<'_>, chunk: &ChunkCx) -> Rc<Proto> {
    let p = Rc::new(lower_function_body(f, chunk));
    chunk.all.borrow_mut()[p.ordinal as usize] = Some(p.clone());
    p
}

fn lower_function_body(f: &ast::Function<'_>, chunk: &ChunkCx) -> Proto {
    let source = &chunk.source;
    let ordinal = {
        let mut all = chunk.all.borrow_mut();
        all.push(None);
        (all.len() - 1) as u32
    };
    let params: Vec<LocalId> = f.params.to_vec();
    let cx = Lower {
        f,
        chunk,
        scopes: RefCell::new(vec![ScopeNode {
            parent: None,
            locals: params.clone(),
        }]),
        scope: Cell::new(0),
    };
    let body = cx.block(&f.body);
    Proto {
        source: source.clone(),
        chunk: chunk.text.clone(),
        ordinal,
        line: f.line,
        end_line: f.end_line,
        params,
        is_vararg: f.is_vararg,
        locals: f
            .locals
            .iter()
            .map(|l| LocalMeta {
                name: Rc::from(l.name),
                captured: l.captured,
                close: l.kind == ast::LocalKind::Close,
            })
            .collect(),
        upvalues: f
            .upvalues
            .iter()
            .map(|u| UpvalueMeta {
                name: Rc::from(u.name),
                from: match u.source {
                    ast::UpvalueSource::ParentLocal(id) => UpvalueFrom::ParentLocal(id),
                    ast::UpvalueSource::ParentUpvalue(i) => UpvalueFrom::ParentUpvalue(i),
                    ast::UpvalueSource::Environment => UpvalueFrom::Environment,
                },
            })
            .collect(),
        body,
        scopes: cx.scopes.into_inner(),
        strings: Vec::new(),
    }
}

struct Lower<'x, 'a> {
    f: &'x ast::Function<'a>,
    chunk: &'x ChunkCx,
    scopes: RefCell<Vec<ScopeNode>>,
    /// The scope the statement being lowered starts in.
    scope: Cell<ScopeId>,
}

/// The line of the first token of `e`.
fn expr_start(e: &ast::Expr<'_>) -> u32 {
    let mut e = e;
    loop {
        match e.kind {
            ast::ExprKind::Binary { lhs, .. } => e = lhs,
            ast::ExprKind::Index { obj, .. } | ast::ExprKind::Method { obj, .. } => e = obj,
            _ => return e.line,
        }
    }
}

fn node(line: u32, kind: ExprKind) -> Rc<Expr> {
    Rc::new(Expr { line, kind })
}

impl Lower<'_, '_> {
    fn block(&self, b: &ast::Block<'_>) -> Block {
        self.block_with(b, None)
    }

    /// Makes the locals `ids` (those with a register) active from here on.
    fn activate(&self, ids: impl IntoIterator<Item = LocalId>) -> ScopeId {
        let locals: Vec<LocalId> = ids
            .into_iter()
            .filter(|&id| {
                !matches!(
                    self.f.locals[id as usize].kind,
                    ast::LocalKind::CompileTime(_)
                )
            })
            .collect();
        if !locals.is_empty() {
            let mut scopes = self.scopes.borrow_mut();
            scopes.push(ScopeNode {
                parent: Some(self.scope.get()),
                locals,
            });
            self.scope.set((scopes.len() - 1) as ScopeId);
        }
        self.scope.get()
    }

    fn block_with(&self, b: &ast::Block<'_>, last: Option<Stat>) -> Block {
        let outer = self.scope.get();
        let mut stats: Vec<Stat> = b.stats.iter().map(|s| self.stat(s)).collect();
        stats.extend(last.map(|mut s| {
            s.scope = self.scope.get();
            s
        }));
        self.scope.set(outer);
        let stats = stats.into_boxed_slice();
        let mut locals: Option<(LocalId, LocalId)> = None;
        for s in stats.iter() {
            if let Some((a, e)) = declared(s) {
                locals = Some(match locals {
                    Some((x, y)) => (x.min(a), y.max(e)),
                    None => (a, e),
                });
            }
        }
        Rc::new(BlockData {
            stats,
            locals: locals.unwrap_or((0, 0)),
        })
    }

    fn exprs(&self, list: &[ast::Expr<'_>]) -> Vec<Rc<Expr>> {
        list.iter().map(|e| self.expr(e)).collect()
    }

    fn stat(&self, s: &ast::Stat<'_>) -> Stat {
        let scope = self.scope.get();
        let kind = match s.kind {
            ast::StatKind::Call(e) => StatKind::Call(self.expr(e)),
            ast::StatKind::Local { vars, exprs } => {
                let exprs = self.exprs(exprs);
                self.activate(vars.iter().copied());
                StatKind::Local {
                    vars: vars.to_vec(),
                    exprs,
                }
            }
            ast::StatKind::LocalFunction { var, func } => {
                self.activate([var]);
                StatKind::LocalFunction {
                    var,
                    proto: lower_function(func, self.chunk),
                }
            }
            ast::StatKind::Assign { targets, exprs } => StatKind::Assign {
                targets: self.exprs(targets),
                exprs: self.exprs(exprs),
            },
            ast::StatKind::Function { target, func, .. } => StatKind::Assign {
                targets: vec![self.expr(target)],
                exprs: vec![node(
                    s.line,
                    ExprKind::Function(lower_function(func, self.chunk)),
                )],
            },
            ast::StatKind::Do(b) => StatKind::Do(self.block(&b)),
            ast::StatKind::While { cond, body } => StatKind::While {
                cond: self.expr(cond),
                body: self.block(&body),
            },
            ast::StatKind::Repeat { body, cond } => {
                let cond_end = cond.end_line;
                let cond = self.expr(cond);
                let until = Stat {
                    line: cond.line,
                    end_line: cond_end,
                    scope,
                    kind: StatKind::Until(cond.clone()),
                };
                StatKind::Repeat {
                    body: self.block_with(&body, Some(until)),
                    cond,
                }
            }
            ast::StatKind::If {
                arms, else_block, ..
            } => StatKind::If {
                arms: arms
                    .iter()
                    .map(|(c, b)| (self.expr(c), self.block(b)))
                    .collect(),
                else_block: else_block.map(|b| self.block(&b)),
            },
            ast::StatKind::NumericFor {
                var,
                start,
                limit,
                step,
                body,
            } => {
                let (start, limit, step) = (
                    self.expr(start),
                    self.expr(limit),
                    step.map(|e| self.expr(e)),
                );
                self.activate(var - 3..var);
                let body = self.loop_body(&body, &[var]);
                self.scope.set(scope);
                StatKind::NumericFor {
                    var,
                    start,
                    limit,
                    step,
                    body,
                }
            }
            ast::StatKind::GenericFor { vars, exprs, body } => {
                let call_line = expr_start(&exprs[0]);
                let exprs = self.exprs(exprs);
                let control = self.activate(vars[0] - 4..vars[0]);
                let body = self.loop_body(&body, vars);
                self.scope.set(scope);
                StatKind::GenericFor {
                    vars: vars.to_vec(),
                    exprs,
                    body,
                    control,
                    call_line,
                }
            }
            ast::StatKind::Return { exprs } => StatKind::Return(self.exprs(exprs)),
            ast::StatKind::Break => StatKind::Break,
            ast::StatKind::Goto(id) => StatKind::Goto(self.f.gotos[id as usize].label),
            ast::StatKind::Label(id) => StatKind::Label(id),
        };
        Stat {
            line: s.line,
            end_line: s.end_line,
            scope,
            kind,
        }
    }

    /// A `for` body, where the loop's variables are active.
    fn loop_body(&self, b: &ast::Block<'_>, vars: &[LocalId]) -> Block {
        self.activate(vars.iter().copied());
        self.block(b)
    }

    fn expr(&self, e: &ast::Expr<'_>) -> Rc<Expr> {
        match e.kind {
            ast::ExprKind::Binary { .. } => return self.chain(e),
            ast::ExprKind::Index { .. }
            | ast::ExprKind::Call { .. }
            | ast::ExprKind::Method { .. } => return self.suffixed(e),
            _ => {}
        }
        let kind = match e.kind {
            ast::ExprKind::Nil => ExprKind::Nil,
            ast::ExprKind::True => ExprKind::True,
            ast::ExprKind::False => ExprKind::False,
            ast::ExprKind::Int(i) => ExprKind::Int(i),
            ast::ExprKind::Float(f) => ExprKind::Float(f),
            ast::ExprKind::Str(s) => self.chunk.string(s),
            ast::ExprKind::Vararg => ExprKind::Vararg,
            ast::ExprKind::Function(f) => ExprKind::Function(lower_function(f, self.chunk)),
            ast::ExprKind::Table(fields) => {
                let mut positional = Vec::new();
                let mut keyed = Vec::new();
                let mut order = Vec::new();
                for f in fields {
                    match f {
                        ast::Field::Positional(v) => {
                            positional.push(self.expr(v));
                            order.push(true);
                        }
                        ast::Field::Keyed(k, v) => {
                            keyed.push((self.expr(k), self.expr(v)));
                            order.push(false);
                        }
                    }
                }
                ExprKind::Table {
                    positional,
                    keyed,
                    order,
                }
            }
            ast::ExprKind::Local(id) => ExprKind::Local(id),
            ast::ExprKind::Upvalue(i) => ExprKind::Upvalue(i),
            ast::ExprKind::Const { name, value } => {
                ExprKind::Const(Rc::from(name), self.chunk.constant(value, e.line))
            }
            ast::ExprKind::Global { name, env } => ExprKind::Global {
                name: Rc::from(name.as_bytes()),
                env: match env {
                    ast::Env::Local(id) => node(e.line, ExprKind::Local(id)),
                    ast::Env::Upvalue(i) => node(e.line, ExprKind::Upvalue(i)),
                    ast::Env::Const(c) => self.chunk.constant(c, e.line),
                },
            },
            ast::ExprKind::Paren(inner) => ExprKind::Paren(self.expr(inner)),
            ast::ExprKind::Unary { op, operand } => ExprKind::Unary(op, self.expr(operand)),
            ast::ExprKind::Binary { .. }
            | ast::ExprKind::Index { .. }
            | ast::ExprKind::Call { .. }
            | ast::ExprKind::Method { .. } => unreachable!("handled above"),
        };
        node(e.line, kind)
    }

    fn chain(&self, e: &ast::Expr<'_>) -> Rc<Expr> {
        let mut rest = Vec::new();
        let mut leaf = e;
        while let ast::ExprKind::Binary { op, lhs, rhs, .. } = leaf.kind {
            rest.push((op, leaf.line, self.expr(rhs)));
            leaf = lhs;
        }
        rest.reverse();
        node(
            e.line,
            ExprKind::Chain {
                first: self.expr(leaf),
                rest,
            },
        )
    }

    fn suffixed(&self, e: &ast::Expr<'_>) -> Rc<Expr> {
        let mut suffixes = Vec::new();
        let mut base = e;
        loop {
            let kind = match base.kind {
                ast::ExprKind::Index { obj, key } => {
                    suffixes.push(Suffix {
                        line: base.line,
                        kind: SuffixKind::Index(self.expr(key)),
                    });
                    obj
                }
                ast::ExprKind::Call { func, args } => {
                    suffixes.push(Suffix {
                        line: base.line,
                        kind: SuffixKind::Call(self.exprs(args)),
                    });
                    func
                }
                ast::ExprKind::Method {
                    obj, name, args, ..
                } => {
                    suffixes.push(Suffix {
                        line: base.line,
                        kind: SuffixKind::Method(Rc::from(name.as_bytes()), self.exprs(args)),
                    });
                    obj
                }
                _ => break,
            };
            base = kind;
        }
        suffixes.reverse();
        node(
            e.line,
            ExprKind::Suffixed {
                base: self.expr(base),
                suffixes,
            },
        )
    }
}
