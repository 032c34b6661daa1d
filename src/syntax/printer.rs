//! AST -> Lua source. For any AST the parser produced, parsing the printed text gives the
//! same AST again (lines aside); the fuzzer prints the programs it generates with this.
//!
//! Rules that make the round trip exact:
//! - parentheses appear exactly where the AST has `Paren`, plus wherever precedence demands
//!   them for trees the parser cannot produce (generated ones);
//! - a statement that would start with `(` is preceded by `;`, since Lua reads
//!   `a = b (f)()` as one statement;
//! - strings are quoted with escapes for every byte that is not printable ASCII;
//! - floats print in the shortest form that reads back to the same bits (`1e9999` for
//!   infinity); integers that only a hexadecimal literal can produce print in hexadecimal.
//!
//! Left spines of binary operators and suffix chains are walked iteratively (see the depth
//! rule in `ast`).

use super::ast::*;
use super::token::is_reserved;

/// Prints a whole chunk.
pub fn print_chunk(chunk: &Chunk<'_>) -> Vec<u8> {
    let mut p = Printer {
        out: Vec::new(),
        indent: 0,
        funcs: vec![chunk.main],
    };
    p.block(&chunk.main.body);
    p.out
}

/// Prints one expression, resolving names in `func` (the function it belongs to).
pub fn print_expr(func: &Function<'_>, e: &Expr<'_>) -> Vec<u8> {
    let mut p = Printer {
        out: Vec::new(),
        indent: 0,
        funcs: vec![func],
    };
    p.expr(e);
    p.out
}

/// True if `name` can be written as a Lua identifier.
pub fn is_identifier(name: &[u8]) -> bool {
    match name.first() {
        Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {}
        _ => return false,
    }
    name.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
        && !is_reserved(std::str::from_utf8(name).expect("ASCII"))
}

/// Appends `s` as a double-quoted Lua string literal.
pub fn quote_string(s: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    for (i, &b) in s.iter().enumerate() {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x20..=0x7e => out.push(b),
            _ => {
                // Three digits when a digit follows, so it is not read as part of the escape.
                if s.get(i + 1).is_some_and(|n| n.is_ascii_digit()) {
                    out.extend_from_slice(format!("\\{b:03}").as_bytes());
                } else {
                    out.extend_from_slice(format!("\\{b}").as_bytes());
                }
            }
        }
    }
    out.push(b'"');
}

/// A float literal that reads back to exactly `f` (non-negative and not NaN).
pub fn float_literal(f: f64) -> String {
    if f.is_infinite() {
        return "1e9999".to_string();
    }
    // Rust's `{:?}` is the shortest text that reads back to the same bits, and always
    // contains '.', 'e' or "inf"/"NaN", so Lua reads it as a float too.
    let s = format!("{f:?}");
    debug_assert!(s.contains('.') || s.contains('e'));
    s
}

struct Printer<'f, 'a> {
    out: Vec<u8>,
    indent: usize,
    /// The enclosing functions, innermost last (for local and upvalue names).
    funcs: Vec<&'f Function<'a>>,
}

impl<'f, 'a> Printer<'f, 'a> {
    fn w(&mut self, s: &str) {
        self.out.extend_from_slice(s.as_bytes());
    }

    fn newline(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.indent.min(40) {
            self.out.extend_from_slice(b"  ");
        }
    }

    fn func(&self) -> &'f Function<'a> {
        self.funcs.last().expect("inside a function")
    }

    fn local_name(&self, id: LocalId) -> &'a str {
        self.func().locals[id as usize].name
    }

    fn block(&mut self, b: &Block<'a>) {
        for s in b.stats {
            self.newline();
            self.stat(s);
        }
    }

    fn indented_block(&mut self, b: &Block<'a>) {
        self.indent += 1;
        self.block(b);
        self.indent -= 1;
        self.newline();
    }

    fn exprs(&mut self, list: &[Expr<'a>]) {
        for (i, e) in list.iter().enumerate() {
            if i > 0 {
                self.w(", ");
            }
            self.expr(e);
        }
    }

    fn starts_with_paren(e: &Expr<'a>) -> bool {
        let mut e = e;
        loop {
            match e.kind {
                ExprKind::Paren(_) => return true,
                ExprKind::Index { obj, .. }
                | ExprKind::Call { func: obj, .. }
                | ExprKind::Method { obj, .. } => e = obj,
                ExprKind::Local(_)
                | ExprKind::Upvalue(_)
                | ExprKind::Const { .. }
                | ExprKind::Global { .. } => return false,
                // Anything else is printed inside parentheses as a prefix expression.
                _ => return true,
            }
        }
    }

    fn local_decl(&mut self, id: LocalId) {
        let info = self.func().locals[id as usize];
        self.w(info.name);
        match info.kind {
            LocalKind::Regular => {}
            LocalKind::Const | LocalKind::CompileTime(_) => self.w(" <const>"),
            LocalKind::Close => self.w(" <close>"),
        }
    }

    fn stat(&mut self, s: &Stat<'a>) {
        match s.kind {
            StatKind::Call(call) => {
                if Self::starts_with_paren(call) {
                    self.w(";");
                }
                self.expr(call);
            }
            StatKind::Local { vars, exprs } => {
                self.w("local ");
                for (i, &v) in vars.iter().enumerate() {
                    if i > 0 {
                        self.w(", ");
                    }
                    self.local_decl(v);
                }
                if !exprs.is_empty() {
                    self.w(" = ");
                    self.exprs(exprs);
                }
            }
            StatKind::LocalFunction { var, func } => {
                self.w("local function ");
                let name = self.local_name(var);
                self.w(name);
                self.function_body(func, false);
            }
            StatKind::Assign { targets, exprs } => {
                if Self::starts_with_paren(&targets[0]) {
                    self.w(";");
                }
                self.exprs(targets);
                self.w(" = ");
                self.exprs(exprs);
            }
            StatKind::Function {
                target,
                is_method,
                func,
            } => {
                self.w("function ");
                self.func_name(target, is_method);
                self.function_body(func, is_method);
            }
            StatKind::Do(b) => {
                self.w("do");
                self.indented_block(&b);
                self.w("end");
            }
            StatKind::While { cond, body } => {
                self.w("while ");
                self.expr(cond);
                self.w(" do");
                self.indented_block(&body);
                self.w("end");
            }
            StatKind::Repeat { body, cond } => {
                self.w("repeat");
                self.indented_block(&body);
                self.w("until ");
                self.expr(cond);
            }
            StatKind::If {
                arms, else_block, ..
            } => {
                for (i, (cond, b)) in arms.iter().enumerate() {
                    self.w(if i == 0 { "if " } else { "elseif " });
                    self.expr(cond);
                    self.w(" then");
                    self.indented_block(b);
                }
                if let Some(b) = else_block {
                    self.w("else");
                    self.indented_block(&b);
                }
                self.w("end");
            }
            StatKind::NumericFor {
                var,
                start,
                limit,
                step,
                body,
            } => {
                self.w("for ");
                let name = self.local_name(var);
                self.w(name);
                self.w(" = ");
                self.expr(start);
                self.w(", ");
                self.expr(limit);
                if let Some(step) = step {
                    self.w(", ");
                    self.expr(step);
                }
                self.w(" do");
                self.indented_block(&body);
                self.w("end");
            }
            StatKind::GenericFor { vars, exprs, body } => {
                self.w("for ");
                for (i, &v) in vars.iter().enumerate() {
                    if i > 0 {
                        self.w(", ");
                    }
                    let name = self.local_name(v);
                    self.w(name);
                }
                self.w(" in ");
                self.exprs(exprs);
                self.w(" do");
                self.indented_block(&body);
                self.w("end");
            }
            StatKind::Return { exprs } => {
                self.w("return");
                if !exprs.is_empty() {
                    self.w(" ");
                    self.exprs(exprs);
                }
            }
            StatKind::Break => self.w("break"),
            StatKind::Goto(id) => {
                let name = self.func().gotos[id as usize].name;
                self.w("goto ");
                self.w(name);
            }
            StatKind::Label(id) => {
                let name = self.func().labels[id as usize].name;
                self.w("::");
                self.w(name);
                self.w("::");
            }
        }
    }

    /// `a.b.c` or `a.b:c` of a function statement.
    fn func_name(&mut self, target: &Expr<'a>, is_method: bool) {
        let mut fields = Vec::new();
        let mut root = target;
        while let ExprKind::Index { obj, key } = root.kind {
            match key.kind {
                ExprKind::Str(name) => fields.push(name),
                _ => unreachable!("function names index with names only"),
            }
            root = obj;
        }
        self.expr(root);
        for (i, name) in fields.iter().rev().enumerate() {
            let last = i == fields.len() - 1;
            self.w(if last && is_method { ":" } else { "." });
            self.out.extend_from_slice(name);
        }
    }

    fn function_body(&mut self, func: &'f Function<'a>, skip_self: bool) {
        self.funcs.push(func);
        self.w("(");
        let params = if skip_self {
            &func.params[1..]
        } else {
            func.params
        };
        for (i, &p) in params.iter().enumerate() {
            if i > 0 {
                self.w(", ");
            }
            let name = self.local_name(p);
            self.w(name);
        }
        if func.is_vararg {
            self.w(if params.is_empty() { "..." } else { ", ..." });
        }
        self.w(")");
        self.indented_block(&func.body);
        self.w("end");
        self.funcs.pop();
    }

    fn int(&mut self, i: i64) {
        if i >= 0 {
            self.w(&i.to_string());
        } else {
            // Only a wrapping hexadecimal literal reads as a negative integer.
            self.w(&format!("0x{:x}", i as u64));
        }
    }

    fn float(&mut self, f: f64) {
        if f.is_nan() {
            self.w("(0/0)");
        } else if f.is_sign_negative() {
            // Not produced by the parser; print something with the same value.
            self.w("(-");
            self.w(&float_literal(-f));
            self.w(")");
        } else {
            self.w(&float_literal(f));
        }
    }

    fn expr(&mut self, e: &Expr<'a>) {
        match e.kind {
            ExprKind::Binary { .. } => self.binary(e),
            ExprKind::Index { .. } | ExprKind::Call { .. } | ExprKind::Method { .. } => {
                self.suffixed(e)
            }
            _ => self.simple(e),
        }
    }

    /// Expressions that are neither binary operations nor suffix chains.
    fn simple(&mut self, e: &Expr<'a>) {
        match e.kind {
            ExprKind::Nil => self.w("nil"),
            ExprKind::True => self.w("true"),
            ExprKind::False => self.w("false"),
            ExprKind::Int(i) => self.int(i),
            ExprKind::Float(f) => self.float(f),
            ExprKind::Str(s) => quote_string(s, &mut self.out),
            ExprKind::Vararg => self.w("..."),
            ExprKind::Function(func) => {
                self.w("function");
                self.function_body(func, false);
            }
            ExprKind::Table(fields) => self.table(fields),
            ExprKind::Local(id) => {
                let name = self.local_name(id);
                self.w(name);
            }
            ExprKind::Upvalue(idx) => {
                let name = self.func().upvalues[idx as usize].name;
                self.w(name);
            }
            ExprKind::Const { name, .. } | ExprKind::Global { name, .. } => self.w(name),
            ExprKind::Paren(inner) => {
                self.w("(");
                self.expr(inner);
                self.w(")");
            }
            ExprKind::Unary { op, operand } => {
                self.w(op.symbol());
                if op == UnOp::Not {
                    self.w(" ");
                }
                // A '-' followed by another '-' would start a comment.
                if op == UnOp::Neg && self.starts_with_minus(operand) {
                    self.w(" ");
                }
                let bare = match operand.kind {
                    ExprKind::Binary { op: inner, .. } => inner.priority().0 > UNARY_PRIORITY,
                    _ => true,
                };
                self.maybe_paren(operand, bare);
            }
            ExprKind::Binary { .. }
            | ExprKind::Index { .. }
            | ExprKind::Call { .. }
            | ExprKind::Method { .. } => self.expr(e),
        }
    }

    fn starts_with_minus(&self, e: &Expr<'a>) -> bool {
        let mut e = e;
        loop {
            match e.kind {
                ExprKind::Unary { op: UnOp::Neg, .. } => return true,
                ExprKind::Binary { lhs, .. } => e = lhs,
                ExprKind::Float(f) => return f.is_sign_negative() && !f.is_nan(),
                _ => return false,
            }
        }
    }

    fn maybe_paren(&mut self, e: &Expr<'a>, bare: bool) {
        if bare {
            self.expr(e);
        } else {
            self.w("(");
            self.expr(e);
            self.w(")");
        }
    }

    /// A binary operation; its left spine is walked without recursion.
    fn binary(&mut self, e: &Expr<'a>) {
        // Collect the spine of left operands that print without parentheses.
        let mut spine = Vec::new();
        let mut leaf = e;
        while let ExprKind::Binary { op, lhs, rhs, .. } = leaf.kind {
            spine.push((op, rhs));
            let bare_binary = match lhs.kind {
                ExprKind::Binary { op: inner, .. } => op.priority().0 <= inner.priority().1,
                _ => false,
            };
            leaf = lhs;
            if !bare_binary {
                break;
            }
        }
        // `leaf` is the innermost left operand; it needs parentheses if it is a binary
        // operation that binds too loosely, or a unary one under a tighter operator.
        let (innermost_op, _) = *spine.last().expect("at least one operator");
        let leaf_bare = match leaf.kind {
            ExprKind::Binary { op: inner, .. } => innermost_op.priority().0 <= inner.priority().1,
            ExprKind::Unary { .. } => innermost_op.priority().0 <= UNARY_PRIORITY,
            _ => true,
        };
        self.maybe_paren(leaf, leaf_bare);
        for &(op, rhs) in spine.iter().rev() {
            self.w(" ");
            self.w(op.symbol());
            self.w(" ");
            let bare = match rhs.kind {
                ExprKind::Binary { op: inner, .. } => inner.priority().0 > op.priority().1,
                _ => true,
            };
            self.maybe_paren(rhs, bare);
        }
    }

    /// An index/call chain; the chain is walked without recursion.
    fn suffixed(&mut self, e: &Expr<'a>) {
        let mut chain = Vec::new();
        let mut root = e;
        while let ExprKind::Index { obj, .. }
        | ExprKind::Call { func: obj, .. }
        | ExprKind::Method { obj, .. } = root.kind
        {
            chain.push(root);
            root = obj;
        }
        let is_prefix = matches!(
            root.kind,
            ExprKind::Local(_)
                | ExprKind::Upvalue(_)
                | ExprKind::Const { .. }
                | ExprKind::Global { .. }
                | ExprKind::Paren(_)
        );
        self.maybe_paren(root, is_prefix);
        for link in chain.iter().rev() {
            match link.kind {
                ExprKind::Index { key, .. } => match key.kind {
                    ExprKind::Str(name) if is_identifier(name) => {
                        self.w(".");
                        self.out.extend_from_slice(name);
                    }
                    _ => {
                        self.w("[");
                        self.expr(key);
                        self.w("]");
                    }
                },
                ExprKind::Call { args, .. } => {
                    self.w("(");
                    self.exprs(args);
                    self.w(")");
                }
                ExprKind::Method { name, args, .. } => {
                    self.w(":");
                    self.w(name);
                    self.w("(");
                    self.exprs(args);
                    self.w(")");
                }
                _ => unreachable!("chain links are suffixes"),
            }
        }
    }

    fn table(&mut self, fields: &[Field<'a>]) {
        if fields.is_empty() {
            self.w("{}");
            return;
        }
        self.w("{");
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.w(", ");
            }
            match f {
                Field::Positional(v) => self.expr(v),
                Field::Keyed(k, v) => {
                    match k.kind {
                        ExprKind::Str(name) if is_identifier(name) => {
                            self.out.extend_from_slice(name)
                        }
                        _ => {
                            self.w("[");
                            self.expr(k);
                            self.w("]");
                        }
                    }
                    self.w(" = ");
                    self.expr(v);
                }
            }
        }
        self.w("}");
    }
}

/// The printer's round-trip property on one input: if `src` parses, printing its AST and
/// parsing that text must give the same AST (compared by line-free dumps), and printing is a
/// fixed point. `Ok(false)` means `src` did not parse. Shared by the tests and the fuzzer.
pub fn check_round_trip(src: &[u8]) -> Result<bool, String> {
    use super::dump::dump_chunk;
    let arena = bumpalo::Bump::new();
    let Ok(chunk) = super::parse(&arena, src, b"=input") else {
        return Ok(false);
    };
    let printed = print_chunk(&chunk);
    let show = |what: &str| {
        format!(
            "{what}\n--- source\n{}\n--- printed\n{}",
            String::from_utf8_lossy(src),
            String::from_utf8_lossy(&printed)
        )
    };
    let arena2 = bumpalo::Bump::new();
    let again = super::parse(&arena2, &printed, b"=printed")
        .map_err(|e| show(&format!("printed program does not parse: {e}")))?;
    if dump_chunk(&chunk, false) != dump_chunk(&again, false) {
        return Err(show("printed program has a different AST"));
    }
    if print_chunk(&again) != printed {
        return Err(show("printing the reparsed AST gives different text"));
    }
    Ok(true)
}
