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
    /// The main function: vararg, no parameters, `_ENV` as its only upvalue.
    pub main: &'a Function<'a>,
    /// Line of the chunk's last token (1 if it has none): the main function's final return
    /// belongs to it.
    pub last_line: u32,
    /// The chunk's source name as given to the parser (`@file.lua`, `=stdin`, ...).
    pub source: &'a [u8],
}

/// A function body (`function ... end`, or a chunk's main function) with its resolved
/// names: the unit that becomes one prototype.
#[derive(Debug)]
pub struct Function<'a> {
    /// Parameters in order (`self` first for methods).
    pub params: &'a [LocalId],
    /// Whether the parameter list ends with `...`.
    pub is_vararg: bool,
    /// The statements of the body.
    pub body: Block<'a>,
    /// Line of the definition (0 for a main chunk), as Lua's `linedefined`.
    pub line: u32,
    /// Line of the closing `end` (or the last line for a main chunk): `lastlinedefined`.
    pub end_line: u32,
    /// Every local declared in the function, parameters and loop state included, in
    /// declaration order.
    pub locals: &'a [LocalInfo<'a>],
    /// Upvalues, in the order the closure captures them (indexed by [`UpvalueId`]).
    pub upvalues: &'a [UpvalueInfo<'a>],
    /// Labels declared in the function, indexed by [`LabelId`].
    pub labels: &'a [LabelInfo<'a>],
    /// `goto` statements of the function, indexed by [`GotoId`], each resolved to its label.
    pub gotos: &'a [GotoInfo<'a>],
}

/// The attribute of a local variable (`<const>`, `<close>` or none).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LocalKind<'a> {
    /// A plain, assignable local.
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
    /// True for `<const>` and `<close>` locals, which cannot be assigned to.
    pub fn is_readonly(&self) -> bool {
        !matches!(self, LocalKind::Regular)
    }
}

/// A local variable declared in a function (an entry of `Proto.locvars` in PUC-Rio terms).
#[derive(Clone, Copy, Debug)]
pub struct LocalInfo<'a> {
    /// The name; `(for state)` for the hidden control variables of `for` loops, which Lua
    /// counts toward the local-variable limit.
    pub name: &'a str,
    /// Its attribute.
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

/// An upvalue of a function: a variable of an enclosing function it refers to.
#[derive(Clone, Copy, Debug)]
pub struct UpvalueInfo<'a> {
    /// The variable's name (`_ENV` for the main chunk's upvalue).
    pub name: &'a str,
    /// Where the closure takes it from.
    pub source: UpvalueSource,
    /// Assignments to it are rejected (it comes from a `<const>` or `<close>` local).
    pub readonly: bool,
}

/// A label (`::name::`).
#[derive(Clone, Copy, Debug)]
pub struct LabelInfo<'a> {
    /// The label's name.
    pub name: &'a str,
    /// Line of the label.
    pub line: u32,
    /// The label is the last statement of its block (only labels and `;` follow), so the
    /// block's locals are already out of scope there (Lua 5.4's rule for such labels).
    pub at_block_end: bool,
}

/// A `goto name` statement.
#[derive(Clone, Copy, Debug)]
pub struct GotoInfo<'a> {
    /// The target label's name.
    pub name: &'a str,
    /// Line of the `goto`.
    pub line: u32,
    /// The label it jumps to (already resolved and checked for scope).
    pub label: LabelId,
}

/// A compile-time constant value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Constant<'a> {
    /// `nil`
    Nil,
    /// `true` or `false`
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string (its bytes, escapes decoded).
    Str(&'a [u8]),
}

/// A sequence of statements forming one scope (a chunk, function body, loop body, `do`
/// block or `if` arm).
#[derive(Clone, Copy, Debug)]
pub struct Block<'a> {
    /// The statements, in source order.
    pub stats: &'a [Stat<'a>],
}

/// A statement with its lines.
#[derive(Clone, Copy, Debug)]
pub struct Stat<'a> {
    /// Line of the statement's first token.
    pub line: u32,
    /// Line of the statement's last token.
    pub end_line: u32,
    /// What the statement is.
    pub kind: StatKind<'a>,
}

/// The kinds of statement (Lua manual §3.3). Empty statements (`;`) are dropped.
#[derive(Clone, Copy, Debug)]
pub enum StatKind<'a> {
    /// A function call used as a statement (`Call` or `Method`).
    Call(&'a Expr<'a>),
    /// `local a <attrib>, b = exprs`; attributes are in the locals' [`LocalKind`].
    Local {
        /// The declared locals, in order.
        vars: &'a [LocalId],
        /// The initialising expressions (may be fewer or more than `vars`).
        exprs: &'a [Expr<'a>],
    },
    /// `local function name body`: the local is in scope inside the body.
    LocalFunction {
        /// The declared local.
        var: LocalId,
        /// The function assigned to it.
        func: &'a Function<'a>,
    },
    /// `targets = exprs`; every target is a variable or an `Index`.
    Assign {
        /// The assigned places, left to right.
        targets: &'a [Expr<'a>],
        /// The values, left to right.
        exprs: &'a [Expr<'a>],
    },
    /// `function a.b.c:m() ... end`: `target` is the variable or field chain assigned to;
    /// `is_method` says the last field was written with `:` (and `self` was added).
    Function {
        /// The variable or field assigned to.
        target: &'a Expr<'a>,
        /// Whether the name ended in `:m` (the function has an implicit `self` parameter).
        is_method: bool,
        /// The function body.
        func: &'a Function<'a>,
    },
    /// `do block end`
    Do(Block<'a>),
    /// `while cond do body end`
    While {
        /// The loop condition, tested before each iteration.
        cond: &'a Expr<'a>,
        /// The loop body.
        body: Block<'a>,
    },
    /// The condition is inside the body's scope.
    Repeat {
        /// The loop body.
        body: Block<'a>,
        /// The exit condition, tested after each iteration; it sees the body's locals.
        cond: &'a Expr<'a>,
    },
    /// `if c1 then b1 elseif c2 then b2 ... else b end`
    If {
        /// `if`/`elseif` conditions with their blocks, in order.
        arms: &'a [(Expr<'a>, Block<'a>)],
        /// Line of each arm's `then`: luac gives the condition's test and jump this line.
        then_lines: &'a [u32],
        /// The `else` block, if there is one.
        else_block: Option<Block<'a>>,
    },
    /// `for var = start, limit[, step] do body end`. The three locals before `var`
    /// are the hidden loop state.
    NumericFor {
        /// The visible control variable.
        var: LocalId,
        /// The initial value.
        start: &'a Expr<'a>,
        /// The limit.
        limit: &'a Expr<'a>,
        /// The step, if given (1 otherwise).
        step: Option<&'a Expr<'a>>,
        /// The loop body.
        body: Block<'a>,
    },
    /// `for vars in exprs do body end`. The four locals before `vars[0]` are the hidden
    /// iterator, state, control and closing values.
    GenericFor {
        /// The visible control variables, in order.
        vars: &'a [LocalId],
        /// The explist after `in` (adjusted to four values: iterator, state, control, closing).
        exprs: &'a [Expr<'a>],
        /// The loop body.
        body: Block<'a>,
    },
    /// `return exprs`; a tail call when the only expression is a call (not parenthesised).
    Return {
        /// The returned expressions (possibly none).
        exprs: &'a [Expr<'a>],
    },
    /// `break`
    Break,
    /// `goto name`, resolved to its entry in [`Function::gotos`].
    Goto(GotoId),
    /// `::name::`, its entry in [`Function::labels`].
    Label(LabelId),
}

/// An expression with its lines (see the module docs for which line an expression has).
#[derive(Clone, Copy, Debug)]
pub struct Expr<'a> {
    /// The line Lua attributes to the expression.
    pub line: u32,
    /// Line of the expression's last token.
    pub end_line: u32,
    /// What the expression is.
    pub kind: ExprKind<'a>,
}

/// The kinds of expression (Lua manual §3.4), with names already resolved.
#[derive(Clone, Copy, Debug)]
pub enum ExprKind<'a> {
    /// `nil`
    Nil,
    /// `true`
    True,
    /// `false`
    False,
    /// An integer numeral.
    Int(i64),
    /// A float constant (a float numeral, or a decimal integer numeral too large for an integer).
    Float(f64),
    /// A string literal (its bytes, escapes decoded).
    Str(&'a [u8]),
    /// `...`
    Vararg,
    /// A function constructor (`function (...) ... end`).
    Function(&'a Function<'a>),
    /// A table constructor, fields in source order.
    Table(&'a [Field<'a>]),
    /// A local variable of the current function.
    Local(LocalId),
    /// An upvalue of the current function.
    Upvalue(UpvalueId),
    /// A reference to a compile-time constant local (of this or an enclosing function).
    Const {
        /// The constant's name.
        name: &'a str,
        /// Its value, substituted at the reference.
        value: Constant<'a>,
    },
    /// `_ENV.name`, where `_ENV` is whatever `_ENV` resolves to at this point.
    Global {
        /// The global's name (the string key into `_ENV`).
        name: &'a str,
        /// The `_ENV` in scope.
        env: Env<'a>,
    },
    /// `obj[key]`; `obj.name` is an `Index` with a string key.
    Index {
        /// The indexed expression.
        obj: &'a Expr<'a>,
        /// The key.
        key: &'a Expr<'a>,
    },
    /// `func(args)`, also `f"str"` and `f{...}`.
    Call {
        /// The called expression.
        func: &'a Expr<'a>,
        /// The arguments, in order.
        args: &'a [Expr<'a>],
    },
    /// `obj:name(args)`
    Method {
        /// The receiver, passed as the first argument.
        obj: &'a Expr<'a>,
        /// The method name (looked up in `obj`).
        name: &'a str,
        /// Line of the method's name: lparser.c codes SELF right after reading it.
        name_line: u32,
        /// The explicit arguments, in order.
        args: &'a [Expr<'a>],
    },
    /// A parenthesised expression: truncates calls and `...` to one value, and is never an
    /// assignment target.
    Paren(&'a Expr<'a>),
    /// `lhs op rhs`, including `and` and `or`.
    Binary {
        /// The operator.
        op: BinOp,
        /// Line of the operator token: lcode.c's `luaK_infix` prepares `lhs` on it.
        op_line: u32,
        /// The left operand.
        lhs: &'a Expr<'a>,
        /// The right operand.
        rhs: &'a Expr<'a>,
    },
    /// `op operand`
    Unary {
        /// The operator.
        op: UnOp,
        /// The operand.
        operand: &'a Expr<'a>,
    },
}

/// What `_ENV` resolved to for a global access.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Env<'a> {
    /// A local `_ENV` of the current function.
    Local(LocalId),
    /// An upvalue `_ENV` (the main chunk's, or an enclosing function's local).
    Upvalue(UpvalueId),
    /// A compile-time constant `local _ENV <const> = ...`.
    Const(Constant<'a>),
}

/// A field of a table constructor.
#[derive(Clone, Copy, Debug)]
pub enum Field<'a> {
    /// `value` (the next array slot)
    Positional(Expr<'a>),
    /// `[key] = value` or `name = value` (then `key` is a string constant)
    Keyed(Expr<'a>, Expr<'a>),
}

/// Binary operators (Lua manual §3.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (float division)
    Div,
    /// `//` (floor division)
    IDiv,
    /// `%`
    Mod,
    /// `^` (always float)
    Pow,
    /// `..`
    Concat,
    /// `==`
    Eq,
    /// `~=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `and` (short-circuit)
    And,
    /// `or` (short-circuit)
    Or,
    /// `&`
    BAnd,
    /// `|`
    BOr,
    /// `~` (binary exclusive or)
    BXor,
    /// `<<`
    Shl,
    /// `>>` (logical shift)
    Shr,
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnOp {
    /// `-` (negation)
    Neg,
    /// `not`
    Not,
    /// `#` (length)
    Len,
    /// `~` (bitwise not)
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

    /// The operator as written in Lua source.
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
    /// The operator as written in Lua source.
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
