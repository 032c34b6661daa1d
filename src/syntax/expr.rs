//! Expressions (`expr`, `subexpr`, `simpleexp`, `suffixedexp`, `constructor` of lparser.c).

use super::ast::*;
use super::parser::{PResult, Parser};
use super::token::Tok;

fn unary_op(tok: Tok<'_>) -> Option<UnOp> {
    match tok {
        Tok::Not => Some(UnOp::Not),
        Tok::Char(b'-') => Some(UnOp::Neg),
        Tok::Char(b'~') => Some(UnOp::BNot),
        Tok::Char(b'#') => Some(UnOp::Len),
        _ => None,
    }
}

fn binary_op(tok: Tok<'_>) -> Option<BinOp> {
    Some(match tok {
        Tok::Char(b'+') => BinOp::Add,
        Tok::Char(b'-') => BinOp::Sub,
        Tok::Char(b'*') => BinOp::Mul,
        Tok::Char(b'%') => BinOp::Mod,
        Tok::Char(b'^') => BinOp::Pow,
        Tok::Char(b'/') => BinOp::Div,
        Tok::IDiv => BinOp::IDiv,
        Tok::Char(b'&') => BinOp::BAnd,
        Tok::Char(b'|') => BinOp::BOr,
        Tok::Char(b'~') => BinOp::BXor,
        Tok::Shl => BinOp::Shl,
        Tok::Shr => BinOp::Shr,
        Tok::Concat => BinOp::Concat,
        Tok::Ne => BinOp::Ne,
        Tok::Eq => BinOp::Eq,
        Tok::Char(b'<') => BinOp::Lt,
        Tok::Le => BinOp::Le,
        Tok::Char(b'>') => BinOp::Gt,
        Tok::Ge => BinOp::Ge,
        Tok::And => BinOp::And,
        Tok::Or => BinOp::Or,
        _ => return None,
    })
}

impl<'s, 'a> Parser<'s, 'a> {
    pub(crate) fn expr(&mut self) -> PResult<&'a Expr<'a>> {
        let (e, _) = self.subexpr(0)?;
        Ok(self.alloc_expr(e))
    }

    /// `explist`: one or more expressions separated by commas.
    pub(crate) fn expr_list(&mut self) -> PResult<&'a [Expr<'a>]> {
        let mark = self.exprs.len();
        loop {
            let (e, _) = self.subexpr(0)?;
            self.exprs.push(e);
            if !self.test_next(Tok::Char(b','))? {
                break;
            }
        }
        Ok(self.take_exprs(mark))
    }

    /// `subexpr`: an expression whose binary operators all bind tighter than `limit`.
    /// Returns the first operator it did not consume. Left-associative chains grow in the
    /// loop, not by recursion, so `1 + 1 + ... + 1` costs no depth.
    fn subexpr(&mut self, limit: u8) -> PResult<(Expr<'a>, Option<BinOp>)> {
        self.enter_level()?;
        let mut e = if let Some(op) = unary_op(self.t.tok) {
            let line = self.line();
            self.next()?;
            let (operand, _) = self.subexpr(UNARY_PRIORITY)?;
            Expr {
                line,
                end_line: self.lastline,
                kind: ExprKind::Unary {
                    op,
                    operand: self.alloc_expr(operand),
                },
            }
        } else {
            self.simple_exp()?
        };
        let mut op = binary_op(self.t.tok);
        while let Some(o) = op {
            let (left, right) = o.priority();
            if left <= limit {
                break;
            }
            let mut line = self.line();
            let op_line = line;
            self.next()?;
            let (rhs, next_op) = self.subexpr(right)?;
            if matches!(
                o,
                BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
            ) {
                // lcode.c emits comparisons without fixing their line: they get the line of
                // the last token read, the end of the right operand.
                line = self.lastline;
            }
            e = Expr {
                line,
                end_line: self.lastline,
                kind: ExprKind::Binary {
                    op: o,
                    op_line,
                    lhs: self.alloc_expr(e),
                    rhs: self.alloc_expr(rhs),
                },
            };
            op = next_op;
        }
        self.leave_level();
        Ok((e, op))
    }

    fn simple_exp(&mut self) -> PResult<Expr<'a>> {
        let line = self.line();
        let kind = match self.t.tok {
            Tok::Float(f) => ExprKind::Float(f),
            Tok::Int(i) => ExprKind::Int(i),
            Tok::Str(s) => ExprKind::Str(s),
            Tok::Nil => ExprKind::Nil,
            Tok::True => ExprKind::True,
            Tok::False => ExprKind::False,
            Tok::Dots => {
                if !self.fs().is_vararg {
                    return Err(self.error("cannot use '...' outside a vararg function"));
                }
                ExprKind::Vararg
            }
            Tok::Char(b'{') => return self.constructor(),
            Tok::Function => {
                self.next()?;
                let body_line = self.line();
                let func = self.function_body(false, body_line)?;
                return Ok(Expr {
                    line,
                    end_line: self.lastline,
                    kind: ExprKind::Function(func),
                });
            }
            _ => return self.suffixed_exp(),
        };
        self.next()?;
        Ok(Expr {
            line,
            end_line: self.lastline,
            kind,
        })
    }

    fn primary_exp(&mut self) -> PResult<Expr<'a>> {
        let line = self.line();
        match self.t.tok {
            Tok::Char(b'(') => {
                self.next()?;
                let inner = self.expr()?;
                self.check_match(Tok::Char(b')'), Tok::Char(b'('), line)?;
                Ok(Expr {
                    line,
                    end_line: self.lastline,
                    kind: ExprKind::Paren(inner),
                })
            }
            Tok::Name(name) => {
                self.next()?;
                self.resolve_name(name, line)
            }
            _ => Err(self.error("unexpected symbol")),
        }
    }

    /// `suffixedexp`: a primary expression followed by fields, indexes and calls.
    pub(crate) fn suffixed_exp(&mut self) -> PResult<Expr<'a>> {
        let line = self.line();
        let mut e = self.primary_exp()?;
        loop {
            match self.t.tok {
                Tok::Char(b'.') => e = self.field_sel(e)?,
                Tok::Char(b'[') => {
                    let index_line = self.line();
                    let key = self.index_key()?;
                    e = Expr {
                        line: index_line,
                        end_line: self.lastline,
                        kind: ExprKind::Index {
                            obj: self.alloc_expr(e),
                            key,
                        },
                    };
                }
                Tok::Char(b':') => {
                    self.next()?;
                    let name = self.check_name()?;
                    let name_line = self.lastline;
                    let args = self.func_args(line)?;
                    e = Expr {
                        line,
                        end_line: self.lastline,
                        kind: ExprKind::Method {
                            obj: self.alloc_expr(e),
                            name,
                            name_line,
                            args,
                        },
                    };
                }
                Tok::Char(b'(') | Tok::Str(_) | Tok::Char(b'{') => {
                    let args = self.func_args(line)?;
                    e = Expr {
                        line,
                        end_line: self.lastline,
                        kind: ExprKind::Call {
                            func: self.alloc_expr(e),
                            args,
                        },
                    };
                }
                _ => return Ok(e),
            }
        }
    }

    /// `fieldsel`: `.name` or `:name` applied to `obj`.
    pub(crate) fn field_sel(&mut self, obj: Expr<'a>) -> PResult<Expr<'a>> {
        let line = self.line();
        self.next()?;
        let key_line = self.line();
        let name = self.check_name()?;
        let key = self.alloc_expr(Expr {
            line: key_line,
            end_line: self.lastline,
            kind: ExprKind::Str(name.as_bytes()),
        });
        Ok(Expr {
            line,
            end_line: self.lastline,
            kind: ExprKind::Index {
                obj: self.alloc_expr(obj),
                key,
            },
        })
    }

    /// `yindex`: `[ expr ]`.
    fn index_key(&mut self) -> PResult<&'a Expr<'a>> {
        self.next()?;
        let key = self.expr()?;
        self.check_next(Tok::Char(b']'))?;
        Ok(key)
    }

    /// `funcargs`: `(explist)`, a table constructor or a string literal.
    fn func_args(&mut self, line: u32) -> PResult<&'a [Expr<'a>]> {
        match self.t.tok {
            Tok::Char(b'(') => {
                self.next()?;
                let args = if self.t.tok == Tok::Char(b')') {
                    &[][..]
                } else {
                    self.expr_list()?
                };
                self.check_match(Tok::Char(b')'), Tok::Char(b'('), line)?;
                Ok(args)
            }
            Tok::Char(b'{') => {
                let table = self.constructor()?;
                Ok(std::slice::from_ref(self.alloc_expr(table)))
            }
            Tok::Str(s) => {
                let line = self.line();
                self.next()?;
                let arg = self.alloc_expr(Expr {
                    line,
                    end_line: self.lastline,
                    kind: ExprKind::Str(s),
                });
                Ok(std::slice::from_ref(arg))
            }
            _ => Err(self.error("function arguments expected")),
        }
    }

    /// `constructor`: `{ [field {sep field} [sep]] }`.
    fn constructor(&mut self) -> PResult<Expr<'a>> {
        let line = self.line();
        self.check_next(Tok::Char(b'{'))?;
        let mark = self.fields.len();
        loop {
            if self.t.tok == Tok::Char(b'}') {
                break;
            }
            let field = self.field()?;
            self.fields.push(field);
            if !(self.test_next(Tok::Char(b','))? || self.test_next(Tok::Char(b';'))?) {
                break;
            }
        }
        self.check_match(Tok::Char(b'}'), Tok::Char(b'{'), line)?;
        let fields = self.arena.alloc_slice_copy(&self.fields[mark..]);
        self.fields.truncate(mark);
        Ok(Expr {
            line,
            end_line: self.lastline,
            kind: ExprKind::Table(fields),
        })
    }

    fn field(&mut self) -> PResult<Field<'a>> {
        match self.t.tok {
            Tok::Name(name) => {
                let line = self.line();
                if self.peek()? != Tok::Char(b'=') {
                    return Ok(Field::Positional(*self.expr()?));
                }
                let key = Expr {
                    line,
                    end_line: line,
                    kind: ExprKind::Str(name.as_bytes()),
                };
                self.next()?;
                self.check_next(Tok::Char(b'='))?;
                Ok(Field::Keyed(key, *self.expr()?))
            }
            Tok::Char(b'[') => {
                let key = *self.index_key()?;
                self.check_next(Tok::Char(b'='))?;
                Ok(Field::Keyed(key, *self.expr()?))
            }
            _ => Ok(Field::Positional(*self.expr()?)),
        }
    }
}
