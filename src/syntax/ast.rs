//! The abstract syntax tree both back ends consume, allocated in a bumpalo arena.
//!
//! Names are already resolved: every variable reference says whether it is a local of the
//! current function ([`ExprKind::Local`]), an upvalue ([`ExprKind::Upvalue`]), a
//! compile-time constant ([`ExprKind::Const`]) or a global ([`ExprKind::Global`], that is
//! `_ENV.name`). Per-function tables ([`Function::locals`], [`Function::upvalues`],
//! [`Function::labels`], [`Function::gotos`]) carry names, lines and capture information.
//!
//! The depth rule: the parser bounds nesting the way Lua does (about 200 levels), with two
//! exceptions that Lua also accepts without limit: the left operand of a left-associative
//! binary operator (`1 + 1 + ... + 1`) and the object of a suffix (`a.b.c...`, `f()()()`).
//! A consumer that recurses must iterate along those two spines, as the printer does.
//!
//! Lines: a statement's `line` is the line of its first token. An expression's `line` is
//! the line Lua attributes to it: the operator for unary and arithmetic, bitwise and
//! concatenation operators, the last token of the right operand for comparisons (lcode.c
//! does not fix their line), the line where the called expression starts for calls (as
//! `luaK_fixline` does), the `.`/`[`/`:` token for indexing, the first token otherwise.
//! Expressions and statements also carry `end_line`, the line of their last token: lcode.c
//! gives most instructions the line of the last token read (`ls->lastline`), which is
//! where a construct ends (a closing bracket, `end`, the end of a long string).

/// Index into [`Function::locals`].
pub type LocalId = u32;
/// Index into [`Function::upvalues`].
pub type UpvalueId = u32;
/// Index into [`Function::labels`].
pub type LabelId = u32;
/// Index into [`Function::gotos`].
pub type GotoId = u32;

/// A parsed chunk: its main function is a vararg function with one upvalue, `_ENV`.
#[derive(Debug)]
pub struct Chunk<'a> {
    pub main: &'a Function<'a>,
    /// Line of the chunk's last token (1 if it has none): the main function's final return
    /// belongs to it.
    pub last_line: u32,
    /// The chunk's source name as given to the parser (`@file.lua`, `=stdin`, ...).
    pub source: &'a [u8],
}

#[derive(Debug)]
pub struct Function<'a> {
    /// Parameters in order (`self` first for methods).
    pub params: &'a [LocalId],
    pub is_vararg: bool,
    pub body: Block<'a>,
    /// Line of the definition (0 for a main chunk), as Lua's `linedefined`.
    pub line: u32,
    /// Line of the closing `end` (or the last line for a main chunk): `lastlinedefined`.
    pub end_line: u32,
    /// Every local declared in the function, parameters and loop state included, in
    /// declaration order.
    pub locals: &'a [LocalInfo<'a>],
    pub upvalues: &'a [UpvalueInfo<'a>],
    pub labels: &'a [LabelInfo<'a>],
    pub gotos: &'a [GotoInfo<'a>],
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LocalKind<'a> {
    Regular,
    /// `<const>` whose value is only known at run time.
    Const,
    /// `<close>`: read-only, and closed when it goes out of scope.
    Close,
    /// `<const>` initialised with a constant expression: it has no register and no upvalue;
    /// references to it are [`ExprKind::Const`].
    CompileTime(Constant<'a>),
}

impl LocalKind<'_> {
    pub fn is_readonly(&self) -> bool {
        !matches!(self, LocalKind::Regular)
    }
}

#[derive(Clone, Copy, Debug)]
pub struct LocalInfo<'a> {
    /// The name; `(for state)` for the hidden control variables of `for` loops, which Lua
    /// counts toward the local-variable limit.
    pub name: &'a str,
    pub kind: LocalKind<'a>,
    /// Line of the declaration.
    pub line: u32,
    /// Whether a nested function refers to it (so it must live in an upvalue cell).
    pub captured: bool,
}

/// Where a function's upvalue comes from when its closure is created.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum UpvalueSource {
    /// A local of the enclosing function.
    ParentLocal(LocalId),
    /// An upvalue of the enclosing function.
    ParentUpvalue(UpvalueId),
    /// The main chunk's `_ENV`, supplied by whoever loads the chunk.
    Environment,
}

#[derive(Clone, Copy, Debug)]
pub struct UpvalueInfo<'a> {
    pub name: &'a str,
    pub source: UpvalueSource,
    /// Assignments to it are rejected (it comes from a `<const>` or `<close>` local).
    pub readonly: bool,
}

#[derive(Clone, Copy, Debug)]
pub struct LabelInfo<'a> {
    pub name: &'a str,
    pub line: u32,
    /// The label is the last statement of its block (only labels and `;` follow), so the
    /// block's locals are already out of scope there (Lua 5.4's rule for such labels).
    pub at_block_end: bool,
}

#[derive(Clone, Copy, Debug)]
pub struct GotoInfo<'a> {
    pub name: &'a str,
    pub line: u32,
    pub label: LabelId,
}

/// A compile-time constant value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Constant<'a> {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a [u8]),
}

#[derive(Clone, Copy, Debug)]
pub struct Block<'a> {
    pub stats: &'a [Stat<'a>],
}

#[derive(Clone, Copy, Debug)]
pub struct Stat<'a> {
    pub line: u32,
    /// Line of the statement's last token.
    pub end_line: u32,
    pub kind: StatKind<'a>,
}

#[derive(Clone, Copy, Debug)]
pub enum StatKind<'a> {
    /// A function call used as a statement (`Call` or `Method`).
    Call(&'a Expr<'a>),
    /// `local a <attrib>, b = exprs`; attributes are in the locals' [`LocalKind`].
    Local {
        vars: &'a [LocalId],
        exprs: &'a [Expr<'a>],
    },
    /// `local function name body`: the local is in scope inside the body.
    LocalFunction {
        var: LocalId,
        func: &'a Function<'a>,
    },
    /// `targets = exprs`; every target is a variable or an `Index`.
    Assign {
        targets: &'a [Expr<'a>],
        exprs: &'a [Expr<'a>],
    },
    /// `function a.b.c:m() ... end`: `target` is the variable or field chain assigned to;
    /// `is_method` says the last field was written with `:` (and `self` was added).
    Function {
        target: &'a Expr<'a>,
        is_method: bool,
        func: &'a Function<'a>,
    },
    Do(Block<'a>),
    While {
        cond: &'a Expr<'a>,
        body: Block<'a>,
    },
    /// The condition is inside the body's scope.
    Repeat {
        body: Block<'a>,
        cond: &'a Expr<'a>,
    },
    If {
        /// `if`/`elseif` conditions with their blocks, in order.
        arms: &'a [(Expr<'a>, Block<'a>)],
        /// Line of each arm's `then`: luac gives the condition's test and jump this line.
        then_lines: &'a [u32],
        else_block: Option<Block<'a>>,
    },
    /// `for var = start, limit[, step] do body end`. The three locals before `var`
    /// are the hidden loop state.
    NumericFor {
        var: LocalId,
        start: &'a Expr<'a>,
        limit: &'a Expr<'a>,
        step: Option<&'a Expr<'a>>,
        body: Block<'a>,
    },
    /// `for vars in exprs do body end`. The four locals before `vars[0]` are the hidden
    /// iterator, state, control and closing values.
    GenericFor {
        vars: &'a [LocalId],
        exprs: &'a [Expr<'a>],
        body: Block<'a>,
    },
    Return {
        exprs: &'a [Expr<'a>],
    },
    Break,
    Goto(GotoId),
    Label(LabelId),
}

#[derive(Clone, Copy, Debug)]
pub struct Expr<'a> {
    pub line: u32,
    /// Line of the expression's last token.
    pub end_line: u32,
    pub kind: ExprKind<'a>,
}

#[derive(Clone, Copy, Debug)]
pub enum ExprKind<'a> {
    Nil,
    True,
    False,
    Int(i64),
    Float(f64),
    Str(&'a [u8]),
    /// `...`
    Vararg,
    Function(&'a Function<'a>),
    Table(&'a [Field<'a>]),
    Local(LocalId),
    Upvalue(UpvalueId),
    /// A reference to a compile-time constant local (of this or an enclosing function).
    Const {
        name: &'a str,
        value: Constant<'a>,
    },
    /// `_ENV.name`, where `_ENV` is whatever `_ENV` resolves to at this point.
    Global {
        name: &'a str,
        env: Env<'a>,
    },
    Index {
        obj: &'a Expr<'a>,
        key: &'a Expr<'a>,
    },
    Call {
        func: &'a Expr<'a>,
        args: &'a [Expr<'a>],
    },
    /// `obj:name(args)`
    Method {
        obj: &'a Expr<'a>,
        name: &'a str,
        /// Line of the method's name: lparser.c codes SELF right after reading it.
        name_line: u32,
        args: &'a [Expr<'a>],
    },
    /// A parenthesised expression: truncates calls and `...` to one value, and is never an
    /// assignment target.
    Paren(&'a Expr<'a>),
    Binary {
        op: BinOp,
        /// Line of the operator token: lcode.c's `luaK_infix` prepares `lhs` on it.
        op_line: u32,
        lhs: &'a Expr<'a>,
        rhs: &'a Expr<'a>,
    },
    Unary {
        op: UnOp,
        operand: &'a Expr<'a>,
    },
}

/// What `_ENV` resolved to for a global access.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Env<'a> {
    Local(LocalId),
    Upvalue(UpvalueId),
    Const(Constant<'a>),
}

#[derive(Clone, Copy, Debug)]
pub enum Field<'a> {
    /// `value` (the next array slot)
    Positional(Expr<'a>),
    /// `[key] = value` or `name = value` (then `key` is a string constant)
    Keyed(Expr<'a>, Expr<'a>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    IDiv,
    Mod,
    Pow,
    Concat,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnOp {
    Neg,
    Not,
    Len,
    BNot,
}

/// Priority of unary operators (`UNARY_PRIORITY` in lparser.c).
pub const UNARY_PRIORITY: u8 = 12;

impl BinOp {
    /// (left, right) priorities from lparser.c: higher binds tighter; right < left means
    /// right-associative.
    pub fn priority(self) -> (u8, u8) {
        use BinOp::*;
        match self {
            Or => (1, 1),
            And => (2, 2),
            Eq | Ne | Lt | Le | Gt | Ge => (3, 3),
            BOr => (4, 4),
            BXor => (5, 5),
            BAnd => (6, 6),
            Shl | Shr => (7, 7),
            Concat => (9, 8),
            Add | Sub => (10, 10),
            Mul | Div | IDiv | Mod => (11, 11),
            Pow => (14, 13),
        }
    }

    pub fn symbol(self) -> &'static str {
        use BinOp::*;
        match self {
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
            IDiv => "//",
            Mod => "%",
            Pow => "^",
            Concat => "..",
            Eq => "==",
            Ne => "~=",
            Lt => "<",
            Le => "<=",
            Gt => ">",
            Ge => ">=",
            And => "and",
            Or => "or",
            BAnd => "&",
            BOr => "|",
            BXor => "~",
            Shl => "<<",
            Shr => ">>",
        }
    }
}

impl UnOp {
    pub fn symbol(self) -> &'static str {
        match self {
            UnOp::Neg => "-",
            UnOp::Not => "not",
            UnOp::Len => "#",
            UnOp::BNot => "~",
        }
    }
}

impl<'a> Expr<'a> {
    /// True for expressions that can be assigned to.
    pub fn is_assignable(&self) -> bool {
        matches!(
            self.kind,
            ExprKind::Local(_)
                | ExprKind::Upvalue(_)
                | ExprKind::Const { .. }
                | ExprKind::Global { .. }
                | ExprKind::Index { .. }
        )
    }

    /// True for expressions that can produce several values (calls and `...`).
    pub fn is_multi(&self) -> bool {
        matches!(
            self.kind,
            ExprKind::Call { .. } | ExprKind::Method { .. } | ExprKind::Vararg
        )
    }
}

#[cfg(test)]
mod sizes {
    use super::*;

    /// Node sizes drive the arena's footprint; a change here should be deliberate.
    #[test]
    fn node_sizes() {
        assert_eq!(std::mem::size_of::<Expr<'_>>(), 56);
        assert_eq!(std::mem::size_of::<Stat<'_>>(), 64);
    }
}
