//! A readable dump of the AST for people studying the front end (`moonlab --ast`), one node
//! per line, children indented, with resolved names and line numbers.
//!
//! Without lines it is also a complete structural fingerprint of a tree: two ASTs with the
//! same line-free dump are the same AST, which is what the printer's round-trip test checks.

use std::fmt::Write;

use super::ast::*;
use super::printer::float_literal;

/// Dumps a chunk. `with_lines` adds `@line` to every node.
pub fn dump_chunk(chunk: &Chunk<'_>, with_lines: bool) -> String {
    let mut d = Dumper {
        out: String::new(),
        with_lines,
        funcs: Vec::new(),
    };
    d.function("main", chunk.main, 0);
    d.out
}

struct Dumper<'f, 'a> {
    out: String,
    with_lines: bool,
    funcs: Vec<&'f Function<'a>>,
}

fn bytes(s: &[u8]) -> String {
    let mut out = Vec::new();
    super::printer::quote_string(s, &mut out);
    String::from_utf8(out).expect("quoted strings are ASCII")
}

fn constant(c: &Constant<'_>) -> String {
    match c {
        Constant::Nil => "nil".into(),
        Constant::Bool(b) => b.to_string(),
        Constant::Int(i) => format!("int {i}"),
        Constant::Float(f) => format!("float {}", float_text(*f)),
        Constant::Str(s) => format!("string {}", bytes(s)),
    }
}

fn float_text(f: f64) -> String {
    if f.is_nan() {
        "nan".into()
    } else if f < 0.0 || (f == 0.0 && f.is_sign_negative()) {
        format!("-{}", float_literal(-f))
    } else {
        float_literal(f)
    }
}

impl<'f, 'a> Dumper<'f, 'a> {
    fn line(&mut self, depth: usize, text: &str, line: u32) {
        // Indentation is capped so that pathological spines stay printable.
        for _ in 0..depth.min(60) {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        if self.with_lines {
            let _ = write!(self.out, " @{line}");
        }
        self.out.push('\n');
    }

    fn func(&self) -> &'f Function<'a> {
        self.funcs.last().expect("inside a function")
    }

    fn local(&self, id: LocalId) -> String {
        format!("{}#{}", self.func().locals[id as usize].name, id)
    }

    fn function(&mut self, what: &str, f: &'f Function<'a>, depth: usize) {
        self.funcs.push(f);
        let mut head = format!("function {what}");
        if f.is_vararg {
            head.push_str(" vararg");
        }
        if self.with_lines {
            let _ = write!(head, " lines {}-{}", f.line, f.end_line);
        }
        self.line(depth, &head, f.line);
        let params: Vec<String> = f.params.iter().map(|&p| self.local(p)).collect();
        self.line(
            depth + 1,
            &format!("params ({})", params.join(", ")),
            f.line,
        );
        for (i, l) in f.locals.iter().enumerate() {
            let kind = match l.kind {
                LocalKind::Regular => String::new(),
                LocalKind::Const => " <const>".into(),
                LocalKind::Close => " <close>".into(),
                LocalKind::CompileTime(c) => format!(" <const> = {}", constant(&c)),
            };
            let captured = if l.captured { " captured" } else { "" };
            self.line(
                depth + 1,
                &format!("local {}#{i}{kind}{captured}", l.name),
                l.line,
            );
        }
        for (i, u) in f.upvalues.iter().enumerate() {
            let src = match u.source {
                UpvalueSource::ParentLocal(id) => format!("parent local #{id}"),
                UpvalueSource::ParentUpvalue(idx) => format!("parent upvalue {idx}"),
                UpvalueSource::Environment => "environment".into(),
            };
            let ro = if u.readonly { " readonly" } else { "" };
            self.line(
                depth + 1,
                &format!("upvalue {} {i} <- {src}{ro}", u.name),
                f.line,
            );
        }
        self.block("body", &f.body, depth + 1, f.line);
        self.funcs.pop();
    }

    fn block(&mut self, what: &str, b: &Block<'a>, depth: usize, line: u32) {
        self.line(depth, what, line);
        for s in b.stats {
            self.stat(s, depth + 1);
        }
    }

    fn exprs(&mut self, what: &str, list: &[Expr<'a>], depth: usize, line: u32) {
        self.line(depth, what, line);
        for e in list {
            self.expr(e, depth + 1);
        }
    }

    fn stat(&mut self, s: &Stat<'a>, depth: usize) {
        let line = s.line;
        match s.kind {
            StatKind::Call(e) => {
                self.line(depth, "call statement", line);
                self.expr(e, depth + 1);
            }
            StatKind::Local { vars, exprs } => {
                let names: Vec<String> = vars.iter().map(|&v| self.local(v)).collect();
                self.line(depth, &format!("local {}", names.join(", ")), line);
                self.exprs("=", exprs, depth + 1, line);
            }
            StatKind::LocalFunction { var, func } => {
                let name = self.local(var);
                self.function(&format!("local {name}"), func, depth);
            }
            StatKind::Assign { targets, exprs } => {
                self.line(depth, "assign", line);
                self.exprs("targets", targets, depth + 1, line);
                self.exprs("=", exprs, depth + 1, line);
            }
            StatKind::Function {
                target,
                is_method,
                func,
            } => {
                self.line(
                    depth,
                    if is_method {
                        "function statement (method)"
                    } else {
                        "function statement"
                    },
                    line,
                );
                self.expr(target, depth + 1);
                self.function("body", func, depth + 1);
            }
            StatKind::Do(b) => self.block("do", &b, depth, line),
            StatKind::While { cond, body } => {
                self.line(depth, "while", line);
                self.expr(cond, depth + 1);
                self.block("do", &body, depth + 1, line);
            }
            StatKind::Repeat { body, cond } => {
                self.line(depth, "repeat", line);
                self.block("body", &body, depth + 1, line);
                self.line(depth + 1, "until", line);
                self.expr(cond, depth + 2);
            }
            StatKind::If {
                arms, else_block, ..
            } => {
                self.line(depth, "if", line);
                for (cond, b) in arms {
                    self.line(depth + 1, "condition", cond.line);
                    self.expr(cond, depth + 2);
                    self.block("then", b, depth + 1, cond.line);
                }
                if let Some(b) = else_block {
                    self.block("else", &b, depth + 1, line);
                }
            }
            StatKind::NumericFor {
                var,
                start,
                limit,
                step,
                body,
            } => {
                let name = self.local(var);
                self.line(depth, &format!("for {name} ="), line);
                self.expr(start, depth + 1);
                self.expr(limit, depth + 1);
                if let Some(step) = step {
                    self.expr(step, depth + 1);
                }
                self.block("do", &body, depth + 1, line);
            }
            StatKind::GenericFor { vars, exprs, body } => {
                let names: Vec<String> = vars.iter().map(|&v| self.local(v)).collect();
                self.line(depth, &format!("for {} in", names.join(", ")), line);
                for e in exprs {
                    self.expr(e, depth + 1);
                }
                self.block("do", &body, depth + 1, line);
            }
            StatKind::Return { exprs } => self.exprs("return", exprs, depth, line),
            StatKind::Break => self.line(depth, "break", line),
            StatKind::Goto(id) => {
                let g = self.func().gotos[id as usize];
                self.line(
                    depth,
                    &format!("goto {} -> label {}", g.name, g.label),
                    line,
                );
            }
            StatKind::Label(id) => {
                let l = self.func().labels[id as usize];
                let end = if l.at_block_end {
                    " (at block end)"
                } else {
                    ""
                };
                self.line(depth, &format!("label {} {id}{end}", l.name), line);
            }
        }
    }

    fn expr(&mut self, e: &Expr<'a>, depth: usize) {
        // Left spines of binary operators and suffix chains are walked iteratively: their
        // nodes are written with growing indentation, then the right-hand parts unwind.
        let mut spine = Vec::new();
        let mut node = e;
        loop {
            let d = depth + spine.len();
            match node.kind {
                ExprKind::Binary { op, lhs, .. } => {
                    self.line(d, &format!("binary {}", op.symbol()), node.line);
                    spine.push(node);
                    node = lhs;
                }
                ExprKind::Index { obj, .. } => {
                    self.line(d, "index", node.line);
                    spine.push(node);
                    node = obj;
                }
                ExprKind::Call { func, .. } => {
                    self.line(d, "call", node.line);
                    spine.push(node);
                    node = func;
                }
                ExprKind::Method { obj, name, .. } => {
                    self.line(d, &format!("method {name}"), node.line);
                    spine.push(node);
                    node = obj;
                }
                _ => {
                    self.leaf(node, d);
                    break;
                }
            }
        }
        for (i, node) in spine.iter().enumerate().rev() {
            let d = depth + i + 1;
            match node.kind {
                ExprKind::Binary { rhs, .. } => self.expr(rhs, d),
                ExprKind::Index { key, .. } => self.expr(key, d),
                ExprKind::Call { args, .. } | ExprKind::Method { args, .. } => {
                    self.exprs("args", args, d, node.line)
                }
                _ => unreachable!("spine nodes only"),
            }
        }
    }

    fn leaf(&mut self, e: &Expr<'a>, depth: usize) {
        let line = e.line;
        let text = match e.kind {
            ExprKind::Nil => "nil".to_string(),
            ExprKind::True => "true".to_string(),
            ExprKind::False => "false".to_string(),
            ExprKind::Int(i) => format!("int {i}"),
            ExprKind::Float(f) => format!("float {}", float_text(f)),
            ExprKind::Str(s) => format!("string {}", bytes(s)),
            ExprKind::Vararg => "...".to_string(),
            ExprKind::Local(id) => format!("local {}", self.local(id)),
            ExprKind::Upvalue(idx) => {
                format!("upvalue {} {idx}", self.func().upvalues[idx as usize].name)
            }
            ExprKind::Const { name, value } => format!("constant {name} = {}", constant(&value)),
            ExprKind::Global { name, env } => {
                let env = match env {
                    Env::Local(id) => format!("local {}", self.local(id)),
                    Env::Upvalue(idx) => format!("upvalue {idx}"),
                    Env::Const(c) => format!("constant {}", constant(&c)),
                };
                format!("global {name} (_ENV: {env})")
            }
            ExprKind::Function(f) => return self.function("expression", f, depth),
            ExprKind::Table(fields) => {
                self.line(depth, "table", line);
                for f in fields {
                    match f {
                        Field::Positional(v) => {
                            self.line(depth + 1, "positional", v.line);
                            self.expr(v, depth + 2);
                        }
                        Field::Keyed(k, v) => {
                            self.line(depth + 1, "keyed", k.line);
                            self.expr(k, depth + 2);
                            self.expr(v, depth + 2);
                        }
                    }
                }
                return;
            }
            ExprKind::Paren(inner) => {
                self.line(depth, "paren", line);
                return self.expr(inner, depth + 1);
            }
            ExprKind::Unary { op, operand } => {
                self.line(depth, &format!("unary {}", op.symbol()), line);
                return self.expr(operand, depth + 1);
            }
            ExprKind::Binary { .. }
            | ExprKind::Index { .. }
            | ExprKind::Call { .. }
            | ExprKind::Method { .. } => unreachable!("handled by expr"),
        };
        self.line(depth, &text, line);
    }
}
