//! The parser: tokens -> resolved AST, following lparser.c of Lua 5.4 function by function so
//! that every syntax error is detected at the same token, with the same message and line.
//!
//! Name resolution happens while parsing, as in Lua: when a name is read, the scopes open at
//! that point decide whether it is a local, an upvalue, a compile-time constant or a global.
//! Nesting is bounded like Lua's C stack: `depth` counts the recursive levels Lua counts
//! (`statement`, `subexpr` and extra assignment targets) and the parse stops with
//! "C stack overflow" at [`MAX_PARSE_LEVELS`], so no input can overflow the Rust stack.

use bumpalo::Bump;

use crate::shared::limits::{MAX_PARSE_LEVELS, MAX_UPVALUES, MAX_VARS};

use super::ast::*;
use super::error::SyntaxError;
use super::fold::constant_value;
use super::lexer::{quote_c_string, Lexer, Token};
use super::scope::{BlockScope, FuncState, PendingGoto, VisibleLabel};
use super::token::Tok;

pub(crate) type PResult<T> = Result<T, SyntaxError>;

pub(crate) struct Parser<'s, 'a> {
    pub(crate) lex: Lexer<'s, 'a>,
    pub(crate) arena: &'a Bump,
    /// The current token (`ls->t`).
    pub(crate) t: Token<'a>,
    lookahead: Option<Token<'a>>,
    /// Line of the last token consumed (`ls->lastline`).
    pub(crate) lastline: u32,
    depth: u32,
    pub(crate) funcs: Vec<FuncState<'a>>,
    /// Scratch stacks shared by all nesting levels; each list is copied into the arena when
    /// complete, so building the AST allocates nothing else.
    stats: Vec<Stat<'a>>,
    pub(crate) exprs: Vec<Expr<'a>>,
    pub(crate) fields: Vec<Field<'a>>,
}

/// What a variable name resolved to (`expdesc` kinds VLOCAL, VUPVAL, VCONST, VVOID).
#[derive(Clone, Copy)]
pub(crate) enum Var<'a> {
    Local(LocalId),
    Upvalue(UpvalueId),
    Const(&'a str, Constant<'a>),
    Global,
}

impl<'s, 'a> Parser<'s, 'a> {
    pub(crate) fn new(lex: Lexer<'s, 'a>, arena: &'a Bump, depth: u32) -> Self {
        Parser {
            lex,
            arena,
            t: Token {
                tok: Tok::Eof,
                start: 0,
                end: 0,
            },
            lookahead: None,
            lastline: 1,
            depth,
            funcs: Vec::new(),
            stats: Vec::new(),
            exprs: Vec::new(),
            fields: Vec::new(),
        }
    }

    // ---------------------------------------------------------------- tokens and errors

    pub(crate) fn next(&mut self) -> PResult<()> {
        self.lastline = self.lex.line;
        self.t = match self.lookahead.take() {
            Some(tok) => tok,
            None => self.lex.next_token()?,
        };
        Ok(())
    }

    pub(crate) fn peek(&mut self) -> PResult<Tok<'a>> {
        debug_assert!(self.lookahead.is_none());
        let tok = self.lex.next_token()?;
        self.lookahead = Some(tok);
        Ok(tok.tok)
    }

    pub(crate) fn line(&self) -> u32 {
        self.lex.line
    }

    /// How Lua quotes a token in "near ..." (`txtToken` / `luaX_token2str`).
    pub(crate) fn token_text(&self, token: &Token<'a>) -> Vec<u8> {
        let src = self.lex.source();
        match token.tok {
            Tok::Name(name) => quote_c_string(name.as_bytes()),
            Tok::Int(_) | Tok::Float(_) => quote_c_string(&src[token.start..token.end]),
            Tok::Str(value) => {
                // Lua quotes the string as it sits in its buffer: delimiters kept, escapes
                // decoded, line breaks of long strings normalised.
                let open = src[token.start];
                let mut text = Vec::with_capacity(value.len() + 8);
                if open == b'[' {
                    let level = src[token.start + 1..]
                        .iter()
                        .take_while(|&&b| b == b'=')
                        .count();
                    text.push(b'[');
                    text.extend(std::iter::repeat_n(b'=', level));
                    text.push(b'[');
                    text.extend_from_slice(value);
                    text.push(b']');
                    text.extend(std::iter::repeat_n(b'=', level));
                    text.push(b']');
                } else {
                    text.push(open);
                    text.extend_from_slice(value);
                    text.push(open);
                }
                quote_c_string(&text)
            }
            Tok::Char(c) => {
                if (0x20..0x7f).contains(&c) {
                    vec![b'\'', c, b'\'']
                } else {
                    format!("'<\\{c}>'").into_bytes()
                }
            }
            Tok::Eof => b"<eof>".to_vec(),
            other => format!("'{}'", other.fixed_text().expect("fixed token")).into_bytes(),
        }
    }

    /// `luaX_token2str` for a token kind named in "X expected" messages.
    fn tok_name(tok: Tok<'_>) -> String {
        match tok {
            Tok::Char(c) => format!("'{}'", c as char),
            Tok::Eof => "<eof>".to_string(),
            Tok::Name(_) => "<name>".to_string(),
            other => format!("'{}'", other.fixed_text().expect("fixed token")),
        }
    }

    /// `luaX_syntaxerror`: the message, near the current token.
    pub(crate) fn error(&self, msg: &str) -> SyntaxError {
        // Lua's token code 0 (a NUL byte) doubles as "no token", so it gets no "near".
        let near = (self.t.tok != Tok::Char(0)).then(|| self.token_text(&self.t));
        SyntaxError::at(
            &self.lex.chunk_id,
            self.line(),
            msg.as_bytes(),
            near.as_deref(),
        )
    }

    /// `luaK_semerror`: the message, with no "near" part.
    pub(crate) fn sem_error(&self, msg: &str) -> SyntaxError {
        SyntaxError::at(&self.lex.chunk_id, self.line(), msg.as_bytes(), None)
    }

    fn error_expected(&self, tok: Tok<'_>) -> SyntaxError {
        self.error(&format!("{} expected", Self::tok_name(tok)))
    }

    pub(crate) fn check(&self, tok: Tok<'_>) -> PResult<()> {
        if self.t.tok == tok {
            Ok(())
        } else {
            Err(self.error_expected(tok))
        }
    }

    pub(crate) fn check_next(&mut self, tok: Tok<'_>) -> PResult<()> {
        self.check(tok)?;
        self.next()
    }

    pub(crate) fn test_next(&mut self, tok: Tok<'_>) -> PResult<bool> {
        if self.t.tok == tok {
            self.next()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// `check_match`: `what` closes `who`, opened at line `where_`.
    pub(crate) fn check_match(&mut self, what: Tok<'_>, who: Tok<'_>, where_: u32) -> PResult<()> {
        if self.test_next(what)? {
            return Ok(());
        }
        if where_ == self.line() {
            Err(self.error_expected(what))
        } else {
            Err(self.error(&format!(
                "{} expected (to close {} at line {})",
                Self::tok_name(what),
                Self::tok_name(who),
                where_
            )))
        }
    }

    pub(crate) fn check_name(&mut self) -> PResult<&'a str> {
        match self.t.tok {
            Tok::Name(name) => {
                self.next()?;
                Ok(name)
            }
            _ => Err(self.error_expected(Tok::Name(""))),
        }
    }

    pub(crate) fn enter_level(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth >= MAX_PARSE_LEVELS {
            return Err(SyntaxError::too_deep());
        }
        Ok(())
    }

    pub(crate) fn leave_level(&mut self) {
        self.depth -= 1;
    }

    pub(crate) fn alloc_expr(&self, e: Expr<'a>) -> &'a Expr<'a> {
        self.arena.alloc(e)
    }

    /// Moves the expressions pushed since `mark` into the arena.
    pub(crate) fn take_exprs(&mut self, mark: usize) -> &'a [Expr<'a>] {
        let list = self.arena.alloc_slice_copy(&self.exprs[mark..]);
        self.exprs.truncate(mark);
        list
    }

    // ---------------------------------------------------------------- scopes

    pub(crate) fn fs(&mut self) -> &mut FuncState<'a> {
        self.funcs.last_mut().expect("inside a function")
    }

    fn fs_ref(&self) -> &FuncState<'a> {
        self.funcs.last().expect("inside a function")
    }

    /// `errorlimit`.
    fn limit_error(&self, func: usize, limit: usize, what: &str) -> SyntaxError {
        let line = self.funcs[func].line;
        let place = if line == 0 {
            "main function".to_string()
        } else {
            format!("function at line {line}")
        };
        self.error(&format!("too many {what} (limit is {limit}) in {place}"))
    }

    /// `new_localvar`: declares a local that becomes active with `activate`.
    pub(crate) fn new_local(&mut self, name: &'a str) -> PResult<LocalId> {
        let fi = self.funcs.len() - 1;
        let fs = self.fs_ref();
        if fs.active.len() + fs.pending + 1 > MAX_VARS {
            return Err(self.limit_error(fi, MAX_VARS, "local variables"));
        }
        let line = self.line();
        let fs = self.fs();
        let id = fs.locals.len() as LocalId;
        fs.locals.push(LocalInfo {
            name,
            kind: LocalKind::Regular,
            line,
            captured: false,
        });
        fs.pending += 1;
        Ok(id)
    }

    pub(crate) fn enter_block(&mut self, is_loop: bool) {
        let fs = self.fs();
        let scope = BlockScope {
            nactvar: fs.active.len(),
            first_label: fs.visible.len(),
            first_goto: fs.pending_gotos.len(),
            is_loop,
        };
        fs.blocks.push(scope);
    }

    /// `leaveblock`: ends the block's locals and labels, resolves `break`s of a loop, and
    /// hands pending gotos to the enclosing block (or reports them at function level).
    pub(crate) fn leave_block(&mut self) -> PResult<()> {
        let fs = self.fs();
        let bl = fs.blocks.pop().expect("block to leave");
        fs.active.truncate(bl.nactvar);
        if bl.is_loop {
            // Resolve the block's pending breaks (Lua creates a label named "break" here).
            let mut i = bl.first_goto;
            while i < fs.pending_gotos.len() {
                if fs.pending_gotos[i].id.is_none() {
                    fs.pending_gotos.remove(i);
                } else {
                    i += 1;
                }
            }
        }
        fs.visible.truncate(bl.first_label);
        if !fs.blocks.is_empty() {
            for g in &mut fs.pending_gotos[bl.first_goto..] {
                g.nactvar = g.nactvar.min(bl.nactvar);
            }
            Ok(())
        } else if let Some(g) = fs.pending_gotos.get(bl.first_goto) {
            let msg = match g.id {
                None => format!("break outside loop at line {}", g.line),
                Some(_) => format!(
                    "no visible label '{}' for <goto> at line {}",
                    g.name, g.line
                ),
            };
            Err(self.sem_error(&msg))
        } else {
            Ok(())
        }
    }

    /// `createlabel` + `solvegotos`: a label at the current point of the current block.
    pub(crate) fn create_label(
        &mut self,
        name: &'a str,
        line: u32,
        last: bool,
    ) -> PResult<LabelId> {
        let fs = self.fs();
        let id = fs.labels.len() as LabelId;
        fs.labels.push(LabelInfo {
            name,
            line,
            at_block_end: last,
        });
        let nactvar = if last {
            fs.block().nactvar
        } else {
            fs.active.len()
        };
        fs.visible.push(VisibleLabel { id });
        let mut i = fs.block().first_goto;
        while i < fs.pending_gotos.len() {
            if fs.pending_gotos[i].id.is_some() && fs.pending_gotos[i].name == name {
                let g = fs.pending_gotos.remove(i);
                if g.nactvar < nactvar {
                    let var = fs.locals[fs.active[g.nactvar] as usize].name;
                    let msg = format!(
                        "<goto {}> at line {} jumps into the scope of local '{}'",
                        g.name, g.line, var
                    );
                    return Err(self.sem_error(&msg));
                }
                fs.gotos[g.id.expect("a goto") as usize].label = id;
            } else {
                i += 1;
            }
        }
        Ok(id)
    }

    /// A `goto name` (or a `break`, when `name` is `None`) at `line`.
    pub(crate) fn new_goto(&mut self, name: Option<&'a str>, line: u32) -> Option<GotoId> {
        let fs = self.fs();
        let nactvar = fs.active.len();
        match name {
            None => {
                fs.pending_gotos.push(PendingGoto {
                    name: "break",
                    line,
                    nactvar,
                    id: None,
                });
                None
            }
            Some(name) => {
                let id = fs.gotos.len() as GotoId;
                // A backward jump resolves at once; a forward one waits for its label.
                let label = fs.find_label(name).map(|l| l.id);
                fs.gotos.push(GotoInfo {
                    name,
                    line,
                    label: label.unwrap_or(LabelId::MAX),
                });
                if label.is_none() {
                    fs.pending_gotos.push(PendingGoto {
                        name,
                        line,
                        nactvar,
                        id: Some(id),
                    });
                }
                Some(id)
            }
        }
    }

    /// `singlevaraux`: resolves `name` in function `fi` (and, failing that, outward).
    fn resolve_in(&mut self, fi: usize, name: &'a str, base: bool) -> PResult<Var<'a>> {
        let fs = &mut self.funcs[fi];
        if let Some(id) = fs.find_active(name) {
            let local = &mut fs.locals[id as usize];
            if let LocalKind::CompileTime(value) = local.kind {
                return Ok(Var::Const(local.name, value));
            }
            if !base {
                local.captured = true;
            }
            return Ok(Var::Local(id));
        }
        if let Some(idx) = fs.find_upvalue(name) {
            return Ok(Var::Upvalue(idx as UpvalueId));
        }
        if fi == 0 {
            return Ok(Var::Global);
        }
        let outer = self.resolve_in(fi - 1, name, false)?;
        let (source, readonly) = match outer {
            Var::Local(id) => (
                UpvalueSource::ParentLocal(id),
                self.funcs[fi - 1].locals[id as usize].kind.is_readonly(),
            ),
            Var::Upvalue(idx) => (
                UpvalueSource::ParentUpvalue(idx),
                self.funcs[fi - 1].upvalues[idx as usize].readonly,
            ),
            other => return Ok(other),
        };
        if self.funcs[fi].upvalues.len() + 1 > MAX_UPVALUES {
            return Err(self.limit_error(fi, MAX_UPVALUES, "upvalues"));
        }
        let fs = &mut self.funcs[fi];
        fs.upvalues.push(UpvalueInfo {
            name,
            source,
            readonly,
        });
        Ok(Var::Upvalue((fs.upvalues.len() - 1) as UpvalueId))
    }

    /// `singlevar`: the expression a name stands for at this point.
    pub(crate) fn resolve_name(&mut self, name: &'a str, line: u32) -> PResult<Expr<'a>> {
        let fi = self.funcs.len() - 1;
        let kind = match self.resolve_in(fi, name, true)? {
            Var::Local(id) => ExprKind::Local(id),
            Var::Upvalue(idx) => ExprKind::Upvalue(idx),
            Var::Const(name, value) => ExprKind::Const { name, value },
            Var::Global => {
                let env = match self.resolve_in(fi, "_ENV", true)? {
                    Var::Local(id) => Env::Local(id),
                    Var::Upvalue(idx) => Env::Upvalue(idx),
                    Var::Const(_, value) => Env::Const(value),
                    Var::Global => unreachable!("_ENV always resolves"),
                };
                ExprKind::Global { name, env }
            }
        };
        Ok(Expr {
            line,
            end_line: self.lastline,
            kind,
        })
    }

    /// `check_readonly`: assignment targets may not be `<const>` or `<close>` variables.
    pub(crate) fn check_readonly(&self, target: &Expr<'a>) -> PResult<()> {
        let fs = self.fs_ref();
        let name = match target.kind {
            ExprKind::Local(id) => {
                let local = &fs.locals[id as usize];
                local.kind.is_readonly().then_some(local.name)
            }
            ExprKind::Upvalue(idx) => {
                let up = &fs.upvalues[idx as usize];
                up.readonly.then_some(up.name)
            }
            ExprKind::Const { name, .. } => Some(name),
            _ => None,
        };
        match name {
            Some(name) => {
                Err(self.sem_error(&format!("attempt to assign to const variable '{name}'")))
            }
            None => Ok(()),
        }
    }

    // ---------------------------------------------------------------- functions

    pub(crate) fn open_function(&mut self, line: u32) {
        self.funcs.push(FuncState::new(line));
        self.enter_block(false);
    }

    /// `close_func`: leaves the outermost block and freezes the function into the arena.
    pub(crate) fn close_function(
        &mut self,
        body: Block<'a>,
        end_line: u32,
    ) -> PResult<&'a Function<'a>> {
        self.leave_block()?;
        let fs = self.funcs.pop().expect("function to close");
        let arena = self.arena;
        Ok(arena.alloc(Function {
            params: arena.alloc_slice_copy(&fs.params),
            is_vararg: fs.is_vararg,
            body,
            line: fs.line,
            end_line,
            locals: arena.alloc_slice_copy(&fs.locals),
            upvalues: arena.alloc_slice_copy(&fs.upvalues),
            labels: arena.alloc_slice_copy(&fs.labels),
            gotos: arena.alloc_slice_copy(&fs.gotos),
        }))
    }

    /// The main function: vararg, with `_ENV` as its only upvalue.
    pub(crate) fn main_function(&mut self) -> PResult<&'a Function<'a>> {
        self.open_function(0);
        let fs = self.fs();
        fs.is_vararg = true;
        fs.upvalues.push(UpvalueInfo {
            name: "_ENV",
            source: UpvalueSource::Environment,
            readonly: false,
        });
        self.next()?;
        let body = self.stat_list()?;
        self.check(Tok::Eof)?;
        let end_line = self.line();
        self.close_function(body, end_line)
    }

    /// `body`: `(params) block end`, for a function defined at `line`.
    pub(crate) fn function_body(
        &mut self,
        is_method: bool,
        line: u32,
    ) -> PResult<&'a Function<'a>> {
        self.open_function(line);
        if is_method {
            let id = self.new_local("self")?;
            self.fs().activate(1);
            self.fs().params.push(id);
        }
        self.check_next(Tok::Char(b'('))?;
        self.param_list()?;
        self.check_next(Tok::Char(b')'))?;
        let body = self.stat_list()?;
        let end_line = self.line();
        self.check_match(Tok::End, Tok::Function, line)?;
        self.close_function(body, end_line)
    }

    fn param_list(&mut self) -> PResult<()> {
        let mut nparams = 0;
        if self.t.tok != Tok::Char(b')') {
            loop {
                match self.t.tok {
                    Tok::Name(name) => {
                        self.next()?;
                        let id = self.new_local(name)?;
                        self.fs().params.push(id);
                        nparams += 1;
                    }
                    Tok::Dots => {
                        self.next()?;
                        self.fs().is_vararg = true;
                        break;
                    }
                    _ => return Err(self.error("<name> or '...' expected")),
                }
                if !self.test_next(Tok::Char(b','))? {
                    break;
                }
            }
        }
        self.fs().activate(nparams);
        Ok(())
    }

    // ---------------------------------------------------------------- statements

    fn block_follow(&self, with_until: bool) -> bool {
        match self.t.tok {
            Tok::Else | Tok::Elseif | Tok::End | Tok::Eof => true,
            Tok::Until => with_until,
            _ => false,
        }
    }

    /// `statlist`: statements up to the end of the block (a `return` ends it early).
    pub(crate) fn stat_list(&mut self) -> PResult<Block<'a>> {
        let mark = self.stats.len();
        while !self.block_follow(true) {
            if self.t.tok == Tok::Return {
                self.statement()?;
                break;
            }
            self.statement()?;
        }
        let stats = self.arena.alloc_slice_copy(&self.stats[mark..]);
        self.stats.truncate(mark);
        Ok(Block { stats })
    }

    /// `block`: a statement list in a scope of its own.
    fn block(&mut self) -> PResult<Block<'a>> {
        self.enter_block(false);
        let b = self.stat_list()?;
        self.leave_block()?;
        Ok(b)
    }

    fn push_stat(&mut self, line: u32, kind: StatKind<'a>) {
        let end_line = self.lastline;
        self.stats.push(Stat {
            line,
            end_line,
            kind,
        });
    }

    fn statement(&mut self) -> PResult<()> {
        let line = self.line();
        self.enter_level()?;
        match self.t.tok {
            Tok::Char(b';') => self.next()?,
            Tok::If => self.if_stat(line)?,
            Tok::While => self.while_stat(line)?,
            Tok::Do => {
                self.next()?;
                let b = self.block()?;
                self.check_match(Tok::End, Tok::Do, line)?;
                self.push_stat(line, StatKind::Do(b));
            }
            Tok::For => self.for_stat(line)?,
            Tok::Repeat => self.repeat_stat(line)?,
            Tok::Function => self.func_stat(line)?,
            Tok::Local => {
                self.next()?;
                if self.test_next(Tok::Function)? {
                    self.local_func(line)?;
                } else {
                    self.local_stat(line)?;
                }
            }
            Tok::DbColon => {
                self.next()?;
                let name = self.check_name()?;
                self.label_stat(name, line)?;
            }
            Tok::Return => {
                self.next()?;
                self.ret_stat(line)?;
            }
            Tok::Break => {
                self.next()?;
                self.new_goto(None, line);
                self.push_stat(line, StatKind::Break);
            }
            Tok::Goto => {
                self.next()?;
                let goto_line = self.line();
                let name = self.check_name()?;
                let id = self
                    .new_goto(Some(name), goto_line)
                    .expect("a goto has an id");
                self.push_stat(line, StatKind::Goto(id));
            }
            _ => self.expr_stat(line)?,
        }
        self.leave_level();
        Ok(())
    }

    fn if_stat(&mut self, line: u32) -> PResult<()> {
        let mut arms: Vec<(Expr<'a>, Block<'a>)> = Vec::new();
        let mut then_lines: Vec<u32> = Vec::new();
        loop {
            // IF/ELSEIF cond THEN block
            self.next()?;
            let cond = *self.expr()?;
            self.check_next(Tok::Then)?;
            then_lines.push(self.lastline);
            let b = self.block()?;
            arms.push((cond, b));
            if self.t.tok != Tok::Elseif {
                break;
            }
        }
        let else_block = if self.test_next(Tok::Else)? {
            Some(self.block()?)
        } else {
            None
        };
        self.check_match(Tok::End, Tok::If, line)?;
        let arms = self.arena.alloc_slice_copy(&arms);
        let then_lines = self.arena.alloc_slice_copy(&then_lines);
        self.push_stat(
            line,
            StatKind::If {
                arms,
                then_lines,
                else_block,
            },
        );
        Ok(())
    }

    fn while_stat(&mut self, line: u32) -> PResult<()> {
        self.next()?;
        let cond = self.expr()?;
        self.enter_block(true);
        self.check_next(Tok::Do)?;
        let body = self.block()?;
        self.check_match(Tok::End, Tok::While, line)?;
        self.leave_block()?;
        self.push_stat(line, StatKind::While { cond, body });
        Ok(())
    }

    fn repeat_stat(&mut self, line: u32) -> PResult<()> {
        self.enter_block(true);
        self.enter_block(false);
        self.next()?;
        let body = self.stat_list()?;
        self.check_match(Tok::Until, Tok::Repeat, line)?;
        let cond = self.expr()?;
        self.leave_block()?;
        self.leave_block()?;
        self.push_stat(line, StatKind::Repeat { body, cond });
        Ok(())
    }

    fn for_stat(&mut self, line: u32) -> PResult<()> {
        self.enter_block(true);
        self.next()?;
        let name = self.check_name()?;
        match self.t.tok {
            Tok::Char(b'=') => self.for_num(name, line)?,
            Tok::Char(b',') | Tok::In => self.for_list(name, line)?,
            _ => return Err(self.error("'=' or 'in' expected")),
        }
        self.check_match(Tok::End, Tok::For, line)?;
        // The loop statement was pushed before its `end` was read.
        let end_line = self.lastline;
        if let Some(s) = self.stats.last_mut() {
            s.end_line = end_line;
        }
        self.leave_block()
    }

    fn for_num(&mut self, name: &'a str, line: u32) -> PResult<()> {
        for _ in 0..3 {
            self.new_local("(for state)")?;
        }
        let var = self.new_local(name)?;
        self.check_next(Tok::Char(b'='))?;
        let start = self.expr()?;
        self.check_next(Tok::Char(b','))?;
        let limit = self.expr()?;
        let step = if self.test_next(Tok::Char(b','))? {
            Some(self.expr()?)
        } else {
            None
        };
        self.fs().activate(3);
        let body = self.for_body(1)?;
        self.push_stat(
            line,
            StatKind::NumericFor {
                var,
                start,
                limit,
                step,
                body,
            },
        );
        Ok(())
    }

    fn for_list(&mut self, first: &'a str, line: u32) -> PResult<()> {
        for _ in 0..4 {
            self.new_local("(for state)")?;
        }
        let mut vars = vec![self.new_local(first)?];
        while self.test_next(Tok::Char(b','))? {
            let name = self.check_name()?;
            vars.push(self.new_local(name)?);
        }
        self.check_next(Tok::In)?;
        let exprs = self.expr_list()?;
        self.fs().activate(4);
        let body = self.for_body(vars.len())?;
        let vars = self.arena.alloc_slice_copy(&vars);
        self.push_stat(line, StatKind::GenericFor { vars, exprs, body });
        Ok(())
    }

    fn for_body(&mut self, nvars: usize) -> PResult<Block<'a>> {
        self.check_next(Tok::Do)?;
        self.enter_block(false);
        self.fs().activate(nvars);
        let body = self.block()?;
        self.leave_block()?;
        Ok(body)
    }

    fn func_stat(&mut self, line: u32) -> PResult<()> {
        self.next()?;
        // funcname -> NAME {'.' NAME} [':' NAME]
        let name_line = self.line();
        let name = self.check_name()?;
        let mut target = self.resolve_name(name, name_line)?;
        let mut is_method = false;
        while matches!(self.t.tok, Tok::Char(b'.') | Tok::Char(b':')) {
            is_method = self.t.tok == Tok::Char(b':');
            target = self.field_sel(target)?;
            if is_method {
                break;
            }
        }
        let func = self.function_body(is_method, line)?;
        self.check_readonly(&target)?;
        let target = self.alloc_expr(target);
        self.push_stat(
            line,
            StatKind::Function {
                target,
                is_method,
                func,
            },
        );
        Ok(())
    }

    fn local_func(&mut self, line: u32) -> PResult<()> {
        let name = self.check_name()?;
        let var = self.new_local(name)?;
        self.fs().activate(1);
        let body_line = self.line();
        let func = self.function_body(false, body_line)?;
        self.push_stat(line, StatKind::LocalFunction { var, func });
        Ok(())
    }

    /// `getlocalattribute`.
    fn local_attribute(&mut self) -> PResult<LocalKind<'a>> {
        if !self.test_next(Tok::Char(b'<'))? {
            return Ok(LocalKind::Regular);
        }
        let attr = self.check_name()?;
        self.check_next(Tok::Char(b'>'))?;
        match attr {
            "const" => Ok(LocalKind::Const),
            "close" => Ok(LocalKind::Close),
            _ => Err(self.sem_error(&format!("unknown attribute '{attr}'"))),
        }
    }

    fn local_stat(&mut self, line: u32) -> PResult<()> {
        let mut vars = Vec::new();
        let mut has_close = false;
        loop {
            let name = self.check_name()?;
            let id = self.new_local(name)?;
            let kind = self.local_attribute()?;
            self.fs().locals[id as usize].kind = kind;
            if kind == LocalKind::Close {
                if has_close {
                    return Err(self.sem_error("multiple to-be-closed variables in local list"));
                }
                has_close = true;
            }
            vars.push(id);
            if !self.test_next(Tok::Char(b','))? {
                break;
            }
        }
        let exprs = if self.test_next(Tok::Char(b'='))? {
            self.expr_list()?
        } else {
            &[]
        };
        let last = *vars.last().expect("at least one name");
        let fs = self.fs();
        if vars.len() == exprs.len() && fs.locals[last as usize].kind == LocalKind::Const {
            if let Some(value) = constant_value(&exprs[exprs.len() - 1]) {
                fs.locals[last as usize].kind = LocalKind::CompileTime(value);
            }
        }
        let n = vars.len();
        fs.activate(n);
        let vars = self.arena.alloc_slice_copy(&vars);
        self.push_stat(line, StatKind::Local { vars, exprs });
        Ok(())
    }

    fn label_stat(&mut self, name: &'a str, line: u32) -> PResult<()> {
        self.check_next(Tok::DbColon)?;
        // The label's statement goes first, but Lua creates the label only after skipping
        // the no-op statements that follow it, so reserve its place.
        let slot = self.stats.len();
        self.push_stat(line, StatKind::Label(LabelId::MAX));
        while matches!(self.t.tok, Tok::Char(b';') | Tok::DbColon) {
            self.statement()?;
        }
        if let Some(prev) = self.fs_ref().find_label(name) {
            let prev_line = self.fs_ref().labels[prev.id as usize].line;
            return Err(self.sem_error(&format!(
                "label '{name}' already defined on line {prev_line}"
            )));
        }
        let last = self.block_follow(false);
        let id = self.create_label(name, line, last)?;
        self.stats[slot].kind = StatKind::Label(id);
        Ok(())
    }

    fn ret_stat(&mut self, line: u32) -> PResult<()> {
        let exprs = if self.block_follow(true) || self.t.tok == Tok::Char(b';') {
            &[][..]
        } else {
            self.expr_list()?
        };
        self.test_next(Tok::Char(b';'))?;
        self.push_stat(line, StatKind::Return { exprs });
        Ok(())
    }

    fn expr_stat(&mut self, line: u32) -> PResult<()> {
        let first = self.suffixed_exp()?;
        if matches!(self.t.tok, Tok::Char(b'=') | Tok::Char(b',')) {
            self.assignment(first, line)
        } else {
            if !matches!(first.kind, ExprKind::Call { .. } | ExprKind::Method { .. }) {
                return Err(self.error("syntax error"));
            }
            let call = self.alloc_expr(first);
            self.push_stat(line, StatKind::Call(call));
            Ok(())
        }
    }

    /// `restassign`, unrolled: each extra target costs a nesting level, as in Lua.
    fn assignment(&mut self, first: Expr<'a>, line: u32) -> PResult<()> {
        let mut targets = vec![first];
        let mut extra_levels = 0;
        let result = (|| {
            loop {
                let target = targets.last().expect("a target");
                if !target.is_assignable() {
                    return Err(self.error("syntax error"));
                }
                self.check_readonly(target)?;
                if !self.test_next(Tok::Char(b','))? {
                    break;
                }
                targets.push(self.suffixed_exp()?);
                self.enter_level()?;
                extra_levels += 1;
            }
            self.check_next(Tok::Char(b'='))?;
            self.expr_list()
        })();
        for _ in 0..extra_levels {
            self.leave_level();
        }
        let exprs = result?;
        let targets = self.arena.alloc_slice_copy(&targets);
        self.push_stat(line, StatKind::Assign { targets, exprs });
        Ok(())
    }
}
