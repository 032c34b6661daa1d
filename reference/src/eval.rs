//! Expressions: one function per construct of the manual's §3.4, each pushing tasks.

use std::rc::Rc;

use moonlab::syntax::ast::BinOp;

use crate::ir::{Expr, ExprKind, SuffixKind};
use crate::machine::{describe, key_name, Ctx, LuaError};
use crate::meta::arith_op;
use crate::table::TableObj;
use crate::thread::{Task, MULTI};
use crate::value::*;

type R<'gc> = Result<(), LuaError<'gc>>;

/// `LFIELDS_PER_FLUSH`: a constructor stores its list items in batches of this size.
const FIELDS_PER_FLUSH: usize = 50;

impl<'gc> Ctx<'gc, '_> {
    /// Pushes `v` as `want` values.
    fn push_one(&mut self, v: Value<'gc>, want: i32) {
        if want != 0 {
            self.push(v);
            for _ in 1..want.max(1) {
                self.push(Value::Nil);
            }
        }
    }

    /// Schedules the evaluation of each expression of a list, the last one with all its
    /// values when `multi_last`.
    pub fn eval_list(&mut self, list: &[Rc<Expr>], multi_last: bool) {
        for (j, e) in list.iter().enumerate().rev() {
            let want = if j == list.len() - 1 && multi_last && e.is_multi() {
                MULTI
            } else {
                1
            };
            self.th.tasks.push(Task::Eval { e: e.clone(), want });
        }
    }

    pub fn eval(&mut self, e: Rc<Expr>, want: i32) -> R<'gc> {
        if want != 1 && !e.is_multi() {
            let mark = self.th.values.len();
            self.th.tasks.push(Task::Adjust { mark, want });
            return self.eval(e, 1);
        }
        match &e.kind {
            ExprKind::Nil => self.push_one(Value::Nil, want),
            ExprKind::True => self.push_one(Value::Bool(true), want),
            ExprKind::False => self.push_one(Value::Bool(false), want),
            ExprKind::Int(i) => self.push_one(Value::Int(*i), want),
            ExprKind::Float(f) => self.push_one(Value::Num(*f), want),
            ExprKind::Str(_, i) => {
                let v = self.literal_str(*i);
                self.push_one(v, want);
            }
            ExprKind::Vararg => {
                let vals = self.frame().varargs.clone();
                if vals.len() > crate::machine::COPY_FREE && want != 0 {
                    self.charge(vals.len() as u64)?;
                }
                self.push_results(vals, want);
            }
            ExprKind::Function(p) => {
                let f = self.make_closure(p);
                self.push_one(f, want);
            }
            ExprKind::Table {
                positional,
                keyed,
                order,
            } => {
                let mark = self.th.values.len();
                self.th.tasks.push(Task::Table { e: e.clone(), mark });
                // Evaluate fields in the order written.
                let (mut p, mut k) = (positional.len(), keyed.len());
                for &is_pos in order.iter().rev() {
                    if is_pos {
                        p -= 1;
                        let last = p == positional.len() - 1 && *order.last().expect("fields");
                        let want = if last && positional[p].is_multi() {
                            MULTI
                        } else {
                            1
                        };
                        self.th.tasks.push(Task::Eval {
                            e: positional[p].clone(),
                            want,
                        });
                    } else {
                        k -= 1;
                        let (key, val) = &keyed[k];
                        self.th.tasks.push(Task::Eval {
                            e: val.clone(),
                            want: 1,
                        });
                        self.th.tasks.push(Task::Eval {
                            e: key.clone(),
                            want: 1,
                        });
                    }
                }
            }
            ExprKind::Local(id) => {
                let v = self.get_local(*id);
                self.push_one(v, want);
            }
            ExprKind::Upvalue(i) => {
                let v = self.upvalue(*i).get();
                self.push_one(v, want);
            }
            ExprKind::Const(_, v) => return self.eval(v.clone(), want),
            ExprKind::Global { name, env } => {
                let envv = match &env.kind {
                    ExprKind::Local(id) => self.get_local(*id),
                    ExprKind::Upvalue(i) => self.upvalue(*i).get(),
                    _ => self.literal(env),
                };
                // Indexing a non-table _ENV blames _ENV itself ("upvalue '_ENV'").
                self.index_const_push(envv, name, e.line, Some(env))?;
            }
            ExprKind::Paren(inner) => return self.eval(inner.clone(), 1),
            ExprKind::Described(_) => unreachable!("never evaluated"),
            ExprKind::Unary(_, operand) => {
                self.th.tasks.push(Task::Unary { e: e.clone() });
                self.th.tasks.push(Task::Eval {
                    e: operand.clone(),
                    want: 1,
                });
            }
            ExprKind::Chain { first, .. } => {
                self.th.tasks.push(Task::Chain { e: e.clone(), i: 0 });
                self.th.tasks.push(Task::Eval {
                    e: first.clone(),
                    want: 1,
                });
            }
            ExprKind::Suffixed { base, suffixes } => {
                let stop = suffixes.len();
                self.th.tasks.push(Task::Suffix {
                    e: e.clone(),
                    i: 0,
                    stop,
                    want,
                });
                self.th.tasks.push(Task::Eval {
                    e: base.clone(),
                    want: 1,
                });
            }
        }
        Ok(())
    }

    /// The value of a literal expression (compile-time constants).
    /// The running chunk's string literal number `i`.
    fn literal_str(&self, i: u32) -> Value<'gc> {
        let c = self.th.frames.last().and_then(|f| f.closure);
        Value::Str(c.expect("literals are evaluated in Lua functions").strings[i as usize])
    }

    pub fn literal(&self, e: &Expr) -> Value<'gc> {
        match &e.kind {
            ExprKind::True => Value::Bool(true),
            ExprKind::False => Value::Bool(false),
            ExprKind::Int(i) => Value::Int(*i),
            ExprKind::Float(f) => Value::Num(*f),
            ExprKind::Str(_, i) => self.literal_str(*i),
            _ => Value::Nil,
        }
    }

    /// Pushes `obj[name]` for a constant string key, without allocating when the key is
    /// present in the table itself.
    pub fn index_const_push(
        &mut self,
        obj: Value<'gc>,
        name: &[u8],
        line: u32,
        desc: Option<&Expr>,
    ) -> R<'gc> {
        if let Value::Table(t) = obj {
            let v = t.borrow().get_str(name);
            if !v.is_nil() {
                self.push(v);
                return Ok(());
            }
        }
        let key = Value::str(self.mc, name);
        self.index_push(obj, key, line, desc)
    }

    pub fn chain(&mut self, e: Rc<Expr>, i: usize) -> R<'gc> {
        let ExprKind::Chain { rest, .. } = &e.kind else {
            unreachable!("a chain")
        };
        let Some((op, _, rhs)) = rest.get(i) else {
            return Ok(());
        };
        let rhs = rhs.clone();
        match op {
            BinOp::And | BinOp::Or => {
                let v = self.top();
                let short = if *op == BinOp::And {
                    !v.truthy()
                } else {
                    v.truthy()
                };
                self.th.tasks.push(Task::Chain {
                    e: e.clone(),
                    i: i + 1,
                });
                if !short {
                    self.pop();
                    self.th.tasks.push(Task::Eval { e: rhs, want: 1 });
                }
            }
            _ => {
                self.th.tasks.push(Task::Chain {
                    e: e.clone(),
                    i: i + 1,
                });
                self.th.tasks.push(Task::Binary { e: e.clone(), i });
                self.th.tasks.push(Task::Eval { e: rhs, want: 1 });
            }
        }
        Ok(())
    }

    pub fn binary(&mut self, e: Rc<Expr>, i: usize) -> R<'gc> {
        let ExprKind::Chain { first, rest } = &e.kind else {
            unreachable!("a chain")
        };
        let (op, line, rhs) = &rest[i];
        let (op, line) = (*op, *line);
        let b = self.pop();
        let a = self.pop();
        // Only the first operand of a chain is a named expression; later ones are results.
        let ea = if i == 0 { Some(&**first) } else { None };
        let eb = if op == BinOp::Concat {
            concat_operand(rhs)
        } else {
            Some(&**rhs)
        };
        if let Some(aop) = arith_op(op) {
            // lcode.c compiles `x - k` for a small integer constant k as `x + (-k)`
            // (OP_ADDI), which differs only for x = -0.0, k = 0: the sum is +0.0.
            if let (BinOp::Sub, Value::Num(x), Some(k)) = (op, a, small_int_constant(rhs)) {
                self.push(Value::Num(x + (-k) as f64));
                return Ok(());
            }
            return self.arith_push(aop, a, b, line, ea, eb);
        }
        match op {
            BinOp::Concat => self.concat_push(a, b, line, ea, eb),
            BinOp::Eq => self.eq_push(a, b, false, line),
            BinOp::Ne => self.eq_push(a, b, true, line),
            BinOp::Lt => self.less_push(a, b, false, line),
            BinOp::Le => self.less_push(a, b, true, line),
            BinOp::Gt => self.less_push(b, a, false, line),
            BinOp::Ge => self.less_push(b, a, true, line),
            _ => unreachable!("and/or are handled by chain"),
        }
    }

    pub fn unary(&mut self, e: Rc<Expr>) -> R<'gc> {
        let ExprKind::Unary(op, operand) = &e.kind else {
            unreachable!("a unary")
        };
        let v = self.pop();
        self.unary_push(*op, v, e.line, Some(operand))
    }

    /// Describes the object produced by `suffixes[..i]` of a suffixed expression.
    pub fn describe_prefix(&self, e: &Expr, i: usize) -> Option<String> {
        let ExprKind::Suffixed { base, suffixes } = &e.kind else {
            return None;
        };
        if i == 0 {
            return describe(self, base);
        }
        match &suffixes[i - 1].kind {
            SuffixKind::Index(k) => {
                // `_ENV.x` written out is still a global.
                if i == 1 && self.is_env(base) {
                    return Some(format!("global '{}'", key_name(k)));
                }
                Some(format!("field '{}'", key_name(k)))
            }
            _ => None,
        }
    }

    fn is_env(&self, e: &Expr) -> bool {
        if self.proto().chunk.stripped {
            return false;
        }
        match &e.kind {
            ExprKind::Local(id) => &*self.proto().locals[*id as usize].name == "_ENV",
            ExprKind::Upvalue(i) => &*self.proto().upvalues[*i as usize].name == "_ENV",
            _ => false,
        }
    }

    pub fn suffix(&mut self, e: Rc<Expr>, i: usize, stop: usize, want: i32) -> R<'gc> {
        if i >= stop {
            return Ok(());
        }
        let ExprKind::Suffixed { suffixes, .. } = &e.kind else {
            unreachable!("suffixed")
        };
        let s = &suffixes[i];
        let last = i + 1 == suffixes.len();
        self.th.tasks.push(Task::Suffix {
            e: e.clone(),
            i: i + 1,
            stop,
            want,
        });
        match &s.kind {
            SuffixKind::Index(k) => {
                if let ExprKind::Str(name, _) = &k.kind {
                    let obj = self.pop();
                    let desc = self.describe_prefix_expr(&e, i);
                    return self.index_const_push(obj, name, s.line, desc.as_ref());
                }
                self.th.tasks.push(Task::Index { e: e.clone(), i });
                self.th.tasks.push(Task::Eval {
                    e: k.clone(),
                    want: 1,
                });
            }
            SuffixKind::Call(args) | SuffixKind::Method(_, args) => {
                // The function (for a method: the object, soon the function) is on top.
                let mark = self.th.values.len() - 1;
                let want = if last { want } else { 1 };
                self.th.tasks.push(Task::Call {
                    e: e.clone(),
                    i,
                    mark,
                    want,
                });
                self.eval_list(args, true);
                if let SuffixKind::Method(..) = &s.kind {
                    // values: obj -> obj, f -> f, obj
                    self.th.tasks.push(Task::Swap);
                    return self.method_lookup(e.clone(), i);
                }
            }
        }
        Ok(())
    }

    pub fn method_lookup(&mut self, e: Rc<Expr>, i: usize) -> R<'gc> {
        let ExprKind::Suffixed { suffixes, .. } = &e.kind else {
            unreachable!("suffixed")
        };
        let SuffixKind::Method(name, _) = &suffixes[i].kind else {
            unreachable!("a method")
        };
        let obj = self.top();
        let desc = self.describe_prefix_expr(&e, i);
        self.index_const_push(obj, name, suffixes[i].line, desc.as_ref())
    }

    /// `describe_prefix` as a throwaway expression usable as a description source.
    fn describe_prefix_expr(&self, e: &Expr, i: usize) -> Option<Expr> {
        self.describe_prefix(e, i).map(|d| Expr {
            line: e.line,
            kind: ExprKind::Described(d),
        })
    }

    pub fn index_task(&mut self, e: Rc<Expr>, i: usize) -> R<'gc> {
        let key = self.pop();
        let obj = self.pop();
        let ExprKind::Suffixed { suffixes, .. } = &e.kind else {
            unreachable!("suffixed")
        };
        let line = suffixes[i].line;
        let desc = self.describe_prefix_expr(&e, i);
        self.index_push(obj, key, line, desc.as_ref())
    }

    pub fn call_task(&mut self, e: Rc<Expr>, i: usize, mark: usize, want: i32) -> R<'gc> {
        let args = self.th.values.split_off(mark + 1);
        let f = self.pop();
        let ExprKind::Suffixed { suffixes, .. } = &e.kind else {
            unreachable!("suffixed")
        };
        let line = e.line;
        let desc = match &suffixes[i].kind {
            SuffixKind::Method(name, _) => {
                Some(format!("method '{}'", String::from_utf8_lossy(name)))
            }
            _ => self.describe_prefix(&e, i),
        };
        self.call_value(f, args, want, line, desc, false)
    }

    pub fn table_task(&mut self, e: Rc<Expr>, mark: usize) -> R<'gc> {
        let ExprKind::Table {
            positional,
            keyed,
            order,
        } = &e.kind
        else {
            unreachable!("table")
        };
        let vals = self.th.values.split_off(mark);
        let multi = order.last() == Some(&true) && positional.last().is_some_and(|p| p.is_multi());
        let narray = positional.len() - usize::from(multi);
        let t = self.new_table_sized(narray, keyed.len())?;
        let mut pending: Vec<Value<'gc>> = Vec::new();
        let mut stored = 0i64;
        let mut it = vals.into_iter();
        // False when the array part cannot grow within the memory limit.
        let flush = |t: &mut TableObj<'gc>, pending: &mut Vec<Value<'gc>>, stored: &mut i64| {
            let needed = *stored as usize + pending.len();
            if needed > t.array.len() {
                let nh = t.hash.len();
                if !t.try_resize(needed, nh) {
                    return false;
                }
            }
            for v in pending.drain(..) {
                *stored += 1;
                t.set_int(*stored, v);
            }
            true
        };
        let line = e.line;
        for (n, &is_pos) in order.iter().enumerate() {
            let mut tb = t.borrow_mut(self.mc);
            if pending.len() == FIELDS_PER_FLUSH && !flush(&mut tb, &mut pending, &mut stored) {
                drop(tb);
                self.root.meter.take_failure();
                return Err(self.memory_error(false));
            }
            if is_pos {
                if n == order.len() - 1 && multi {
                    pending.extend(it.by_ref());
                } else {
                    pending.push(it.next().expect("a value"));
                }
            } else {
                let k = it.next().expect("a key");
                let v = it.next().expect("a value");
                if let Err(err) = tb.set(k, v) {
                    drop(tb);
                    return Err(self.rt_error(line, err.message()));
                }
            }
        }
        if !flush(&mut t.borrow_mut(self.mc), &mut pending, &mut stored) {
            self.root.meter.take_failure();
            return Err(self.memory_error(false));
        }
        self.push(Value::Table(t));
        Ok(())
    }
}

/// An integer constant operand that lcode.c can put in an instruction's signed 8-bit field
/// (both it and its negation within `[-127, 128]`).
fn small_int_constant(e: &Expr) -> Option<i64> {
    // After folding: `x - (0 + 0)` is `x - 0` to lcode.c too (issue 17's -0.0 finding).
    match crate::machine::fold_num(e)? {
        moonlab::shared::number::Number::Int(k) => (-127..=127).contains(&k).then_some(k),
        moonlab::shared::number::Number::Float(_) => None,
    }
}

/// The expression lua5.4 names for the right operand of a concatenation. `a .. b .. c` is
/// one OP_CONCAT over consecutive registers, run from the right: the result of `b .. c`
/// lands in `b`'s register, and ldebug.c names a register by the instruction that loaded
/// it, so a failure of `a .. (b .. c)` calls that result "upvalue 'b'" (or local, field...).
fn concat_operand(rhs: &Expr) -> Option<&Expr> {
    let mut e = rhs;
    while let ExprKind::Paren(inner) = &e.kind {
        e = inner;
    }
    match &e.kind {
        ExprKind::Chain { first, rest } if rest.last().map(|r| r.0) == Some(BinOp::Concat) => {
            // The left operand of the last `..` is `first` alone, or an arithmetic
            // sub-chain, whose register was set by an instruction with no name.
            (rest.len() == 1).then_some(&**first)
        }
        _ => Some(rhs),
    }
}
