//! Expressions (the expression rules of lparser.c: `subexpr`, `simpleexp`, `suffixedexp`,
//! `primaryexp`, `singlevar`, `funcargs`, `constructor`).
//!
//! Left spines of binary operators and suffix chains are walked with loops, never by
//! recursion, so arbitrarily long chains (`1 + 1 + ... + 1`, `a.b.c...`, `f()()...`) cost no
//! Rust stack; all other nesting is bounded by the parser.

use super::expdesc::{ExpDesc, ExpKind};
use super::func::{CResult, FuncState};
use super::lines;
use crate::compiler::opcode::*;
use crate::syntax::ast::*;

impl<'a> FuncState<'a> {
    /// `expr`/`subexpr`: the operand of the left spine first, then each operator.
    pub fn expr(&mut self, e: &Expr<'a>) -> CResult<ExpDesc<'a>> {
        let mut leaf = e;
        let mut spine: Vec<&Expr<'a>> = Vec::new();
        while let ExprKind::Binary { lhs, .. } = leaf.kind {
            spine.push(leaf);
            leaf = lhs;
        }
        let mut v = match leaf.kind {
            ExprKind::Unary { op, operand } => {
                self.line = leaf.line;
                let mut v = self.expr(operand)?;
                self.line = lines::expr_end(operand);
                self.prefix(op, &mut v, leaf.line)?;
                v
            }
            _ => self.simple_exp(leaf)?,
        };
        for node in spine.iter().rev() {
            let ExprKind::Binary { op, rhs, .. } = node.kind else {
                unreachable!("spine of binary operators")
            };
            self.line = lines::operator_line(node);
            self.infix(op, &mut v)?;
            let mut v2 = self.expr(rhs)?;
            self.line = lines::expr_end(rhs);
            self.posfix(op, &mut v, &mut v2, node.line)?;
        }
        // The parser has now read the whole expression.
        self.line = lines::expr_end(e);
        Ok(v)
    }

    /// `simpleexp`.
    fn simple_exp(&mut self, e: &Expr<'a>) -> CResult<ExpDesc<'a>> {
        let k = match e.kind {
            ExprKind::Nil => ExpKind::Nil,
            ExprKind::True => ExpKind::True,
            ExprKind::False => ExpKind::False,
            ExprKind::Int(i) => ExpKind::KInt(i),
            ExprKind::Float(f) => ExpKind::KFlt(f),
            ExprKind::Str(s) => ExpKind::KStr(s),
            ExprKind::Vararg => {
                // Coded before `...` is read: on the line of the token before it.
                ExpKind::Vararg(self.code_abc(OpCode::VarArg, 0, 0, 1) as i32)
            }
            ExprKind::Table(fields) => return self.constructor(e, fields),
            ExprKind::Function(f) => return self.function(f, false),
            _ => return self.suffixed_exp(e),
        };
        Ok(ExpDesc::new(k))
    }

    /// `primaryexp`: a name or a parenthesised expression.
    fn primary_exp(&mut self, e: &Expr<'a>) -> CResult<ExpDesc<'a>> {
        self.line = e.line;
        let k = match e.kind {
            ExprKind::Paren(inner) => {
                let mut v = self.expr(inner)?;
                self.line = lines::expr_end(e);
                self.discharge_vars(&mut v);
                return Ok(v);
            }
            ExprKind::Local(id) => ExpKind::Local(self.var_of(id).ridx),
            ExprKind::Upvalue(u) => ExpKind::Upval(u),
            ExprKind::Const { value, .. } => ExpKind::Const(value),
            ExprKind::Global { name, env } => return self.global(name, env),
            _ => return self.expr(e),
        };
        Ok(ExpDesc::new(k))
    }

    /// `singlevar` for a global: `_ENV[name]`.
    fn global(&mut self, name: &'a str, env: Env<'a>) -> CResult<ExpDesc<'a>> {
        let mut var = ExpDesc::new(match env {
            Env::Local(id) => ExpKind::Local(self.var_of(id).ridx),
            Env::Upvalue(u) => ExpKind::Upval(u),
            Env::Const(c) => ExpKind::Const(c),
        });
        if let ExpKind::Const(_) = var.k {
            // A constant `_ENV` must be in a register to be indexed.
            self.exp2anyregup(&mut var)?;
        }
        let mut key = ExpDesc::new(ExpKind::KStr(name.as_bytes()));
        self.indexed(&mut var, &mut key)?;
        Ok(var)
    }

    /// `suffixedexp`: a primary expression and its chain of fields, indexes and calls.
    pub fn suffixed_exp(&mut self, e: &Expr<'a>) -> CResult<ExpDesc<'a>> {
        let mut root = e;
        let mut chain: Vec<&Expr<'a>> = Vec::new();
        while let ExprKind::Index { obj, .. }
        | ExprKind::Call { func: obj, .. }
        | ExprKind::Method { obj, .. } = root.kind
        {
            chain.push(root);
            root = obj;
        }
        let mut v = self.primary_exp(root)?;
        for node in chain.iter().rev() {
            match node.kind {
                ExprKind::Index { obj, key } => {
                    self.line = lines::expr_end(obj);
                    self.exp2anyregup(&mut v)?;
                    // Past `[` (or `.`).
                    self.line = node.line;
                    let mut k = self.expr(key)?;
                    self.line = lines::expr_end(key);
                    self.exp2val(&mut k)?;
                    self.indexed(&mut v, &mut k)?;
                }
                ExprKind::Method {
                    name,
                    name_line,
                    args,
                    ..
                } => {
                    // SELF is coded once the name is read.
                    self.line = name_line;
                    let mut key = ExpDesc::new(ExpKind::KStr(name.as_bytes()));
                    self.self_op(&mut v, &mut key)?;
                    self.func_args(&mut v, node, args)?;
                }
                ExprKind::Call { func, args } => {
                    self.line = lines::expr_end(func);
                    self.exp2nextreg(&mut v)?;
                    self.func_args(&mut v, node, args)?;
                }
                _ => unreachable!("suffix chain"),
            }
        }
        self.line = lines::expr_end(e);
        Ok(v)
    }

    /// An assignment target (a variable or a field, left unevaluated).
    pub fn suffixed_var(&mut self, e: &Expr<'a>) -> CResult<ExpDesc<'a>> {
        self.suffixed_exp(e)
    }

    /// `funcargs`: arguments above the function in `f`, then the CALL.
    fn func_args(
        &mut self,
        f: &mut ExpDesc<'a>,
        call: &Expr<'a>,
        args: &[Expr<'a>],
    ) -> CResult<()> {
        let base = f.reg();
        let mut a = if args.is_empty() {
            ExpDesc::new(ExpKind::Void)
        } else {
            let mut a = self.exp_list(args)?;
            if a.is_multi() {
                self.set_multret(&mut a)?;
            }
            a
        };
        self.line = lines::expr_end(call);
        let nparams = if a.is_multi() {
            -1
        } else {
            if !matches!(a.k, ExpKind::Void) {
                self.exp2nextreg(&mut a)?;
            }
            (self.freereg - (base + 1)) as i32
        };
        let pc = self.code_abc(OpCode::Call, base, (nparams + 1) as u32, 2);
        self.fix_line(call.line);
        self.freereg = base + 1;
        f.k = ExpKind::Call(pc as i32);
        Ok(())
    }

    /// `constructor`: NEWTABLE, fields, SETLIST flushes every 50 array items, and the size
    /// hints written back into NEWTABLE.
    fn constructor(&mut self, e: &Expr<'a>, fields: &[Field<'a>]) -> CResult<ExpDesc<'a>> {
        // NEWTABLE is coded before `{` is read, on the line of the token before it.
        let pc = self.code_abc(OpCode::NewTable, 0, 0, 0);
        self.code(0);
        let (mut na, mut nh, mut tostore) = (0u32, 0u32, 0u32);
        let treg = self.freereg;
        let t = ExpDesc::nonreloc(treg);
        self.reserve_regs(1)?;
        self.line = e.line;
        let mut pending = ExpDesc::new(ExpKind::Void);
        let mut pending_end = e.line;
        for field in fields {
            // `closelistfield`: the previous array item goes to its register.
            if !matches!(pending.k, ExpKind::Void) {
                self.line = pending_end;
                self.exp2nextreg(&mut pending)?;
                pending = ExpDesc::new(ExpKind::Void);
                if tostore == FIELDS_PER_FLUSH {
                    self.set_list(treg, na, tostore as i32);
                    na += tostore;
                    tostore = 0;
                }
            }
            match field {
                Field::Positional(x) => {
                    pending = self.expr(x)?;
                    pending_end = lines::expr_end(x);
                    tostore += 1;
                }
                Field::Keyed(k, val) => {
                    // `recfield`
                    let reg = self.freereg;
                    self.line = lines::expr_start(k);
                    let mut key = self.expr(k)?;
                    self.line = lines::expr_end(k);
                    self.exp2val(&mut key)?;
                    nh += 1;
                    let mut tab = t;
                    self.indexed(&mut tab, &mut key)?;
                    let mut v = self.expr(val)?;
                    self.line = lines::expr_end(val);
                    self.store_var(&tab, &mut v)?;
                    self.freereg = reg;
                }
            }
        }
        self.line = lines::expr_end(e);
        // `lastlistfield`
        if tostore > 0 {
            if pending.is_multi() {
                self.set_multret(&mut pending)?;
                self.set_list(treg, na, -1);
                na = na + tostore - 1;
            } else {
                if !matches!(pending.k, ExpKind::Void) {
                    self.exp2nextreg(&mut pending)?;
                }
                self.set_list(treg, na, tostore as i32);
                na += tostore;
            }
        }
        self.set_table_size(pc, treg, na, nh);
        Ok(t)
    }
}
