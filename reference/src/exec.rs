//! Statements: one function per construct of the manual's §3.3, each pushing tasks.

use std::rc::Rc;

use crate::ir::{Expr, ExprKind, StatKind, SuffixKind};
use crate::machine::{Ctx, ErrKind, LuaError};
use crate::meta::to_number;
use crate::thread::{ForState, SRef, Task, Tbc, MULTI};
use crate::value::*;

type R<'gc> = Result<(), LuaError<'gc>>;

/// How many values the left-hand side of an assignment evaluates before the right-hand side.
fn target_values(t: &Expr) -> usize {
    match &t.kind {
        ExprKind::Suffixed { .. } => 2,
        ExprKind::Global { .. } => 1,
        _ => 0,
    }
}

fn is_loop(task: &Task<'_>) -> bool {
    matches!(
        task,
        Task::Loop { .. } | Task::NumFor { .. } | Task::GenFor { .. } | Task::GenForStep { .. }
    )
}

impl<'gc> Ctx<'gc, '_> {
    pub fn exec(&mut self, s: SRef) -> R<'gc> {
        let stat = s.get();
        let line = stat.line;
        self.frame().line = line;
        self.frame().scope = stat.scope;
        let mark = self.th.values.len();
        match &stat.kind {
            StatKind::Call(e) => {
                self.th.tasks.push(Task::Eval {
                    e: e.clone(),
                    want: 0,
                });
            }
            StatKind::Local { exprs, .. } => {
                let exprs = exprs.clone();
                self.th.tasks.push(Task::StatDone {
                    s,
                    mark,
                    k: usize::MAX,
                });
                self.eval_list(&exprs, true);
            }
            StatKind::LocalFunction { var, proto } => {
                let proto = proto.clone();
                self.declare_local(*var, Value::Nil);
                let f = self.make_closure(&proto);
                self.set_local(*var, f);
            }
            StatKind::Assign { targets, exprs } => {
                let (targets, exprs) = (targets.clone(), exprs.clone());
                self.th.tasks.push(Task::StatDone {
                    s,
                    mark,
                    k: usize::MAX,
                });
                self.eval_list(&exprs, true);
                for t in targets.iter().rev() {
                    self.eval_target(t);
                }
            }
            StatKind::Do(b) => {
                let b = b.clone();
                self.th.tasks.push(Task::Block { stats: b, pc: 0 });
            }
            StatKind::While { .. } => self.th.tasks.push(Task::Loop { s, phase: 0 }),
            StatKind::Repeat { .. } => self.th.tasks.push(Task::Loop { s, phase: 1 }),
            StatKind::If { arms, .. } => {
                let cond = arms[0].0.clone();
                self.th.tasks.push(Task::If { s, arm: 0 });
                self.th.tasks.push(Task::Eval { e: cond, want: 1 });
            }
            StatKind::NumericFor {
                start, limit, step, ..
            } => {
                let (start, limit, step) = (start.clone(), limit.clone(), step.clone());
                self.th.tasks.push(Task::StatDone {
                    s,
                    mark,
                    k: usize::MAX,
                });
                match step {
                    Some(step) => self.th.tasks.push(Task::Eval { e: step, want: 1 }),
                    None => {
                        let one = Rc::new(Expr {
                            line,
                            kind: ExprKind::Int(1),
                        });
                        self.th.tasks.push(Task::Eval { e: one, want: 1 });
                    }
                }
                self.th.tasks.push(Task::Eval { e: limit, want: 1 });
                self.th.tasks.push(Task::Eval { e: start, want: 1 });
            }
            StatKind::GenericFor { exprs, .. } => {
                let exprs = exprs.clone();
                self.th.tasks.push(Task::StatDone {
                    s,
                    mark,
                    k: usize::MAX,
                });
                self.th.tasks.push(Task::Adjust { mark, want: 4 });
                self.eval_list(&exprs, true);
            }
            StatKind::Return(exprs) => {
                let exprs = exprs.clone();
                if let Some(call) = self.tail_call_candidate(&exprs) {
                    return self.start_tail_call(call, mark);
                }
                self.th.tasks.push(Task::Return {
                    mark,
                    line: stat.end_line,
                });
                self.eval_list(&exprs, true);
            }
            StatKind::Until(cond) => {
                let cond = cond.clone();
                self.th.tasks.push(Task::Eval { e: cond, want: 1 });
            }
            StatKind::Break => self.do_break(),
            StatKind::Goto(label) => self.do_goto(*label, stat.end_line),
            StatKind::Label(_) => {}
        }
        Ok(())
    }

    /// Evaluates the parts of an assignment target that come before the right-hand side.
    fn eval_target(&mut self, t: &Rc<Expr>) {
        match &t.kind {
            ExprKind::Suffixed { base, suffixes } => {
                let Some(SuffixKind::Index(key)) = suffixes.last().map(|s| &s.kind) else {
                    unreachable!("assignment targets end with an index")
                };
                // Evaluation order: object, then key.
                self.th.tasks.push(Task::Eval {
                    e: key.clone(),
                    want: 1,
                });
                self.th.tasks.push(Task::Suffix {
                    e: t.clone(),
                    i: 0,
                    stop: suffixes.len() - 1,
                    want: 1,
                });
                self.th.tasks.push(Task::Eval {
                    e: base.clone(),
                    want: 1,
                });
            }
            ExprKind::Global { env, .. } => {
                self.th.tasks.push(Task::Eval {
                    e: env.clone(),
                    want: 1,
                });
            }
            _ => {}
        }
    }

    /// The call of `return f(args)` when it can be a proper tail call (no to-be-closed
    /// variable is pending in this function, as Lua requires).
    fn tail_call_candidate(&self, exprs: &[Rc<Expr>]) -> Option<Rc<Expr>> {
        let [e] = exprs else { return None };
        let ExprKind::Suffixed { suffixes, .. } = &e.kind else {
            return None;
        };
        if !matches!(
            suffixes.last().map(|s| &s.kind),
            Some(SuffixKind::Call(_) | SuffixKind::Method(..))
        ) {
            return None;
        }
        if self.th.tbc.len() > self.frame_tbc_base() {
            return None;
        }
        Some(e.clone())
    }

    fn start_tail_call(&mut self, e: Rc<Expr>, mark: usize) -> R<'gc> {
        let ExprKind::Suffixed { base, suffixes } = &e.kind else {
            unreachable!("suffixed")
        };
        let n = suffixes.len();
        // Evaluate the function (and its arguments), then replace the frame.
        self.th.tasks.push(Task::TailCall { e: e.clone(), mark });
        match &suffixes[n - 1].kind {
            SuffixKind::Call(args) => {
                let args = args.clone();
                self.eval_list(&args, true);
            }
            SuffixKind::Method(name, args) => {
                let (name, args) = (name.clone(), args.clone());
                self.eval_list(&args, true);
                let _ = name;
                self.th.tasks.push(Task::Swap);
                self.th.tasks.push(Task::MethodLookup {
                    e: e.clone(),
                    i: n - 1,
                });
            }
            SuffixKind::Index(_) => unreachable!("checked by the candidate test"),
        }
        self.th.tasks.push(Task::Suffix {
            e: e.clone(),
            i: 0,
            stop: n - 1,
            want: 1,
        });
        self.th.tasks.push(Task::Eval {
            e: base.clone(),
            want: 1,
        });
        Ok(())
    }

    pub fn tail_call_task(&mut self, e: Rc<Expr>, mark: usize) -> R<'gc> {
        let args = self.th.values.split_off(mark + 1);
        let f = self.pop();
        if let Value::Func(Function::Lua(c)) = f {
            let frame = self.th.pop_frame().expect("a frame");
            self.th.tasks.truncate(frame.task_base);
            self.th.values.truncate(frame.value_base);
            // The called function takes the frame's place, and the C level it held.
            self.enter_lua(c, Function::Lua(c), args, frame.want, true, None);
            if frame.c_level {
                self.th.hold_c_level();
            }
            return Ok(());
        }
        // A library function (or a `__call`) runs while this frame still exists, as in Lua;
        // its results are then returned.
        let ExprKind::Suffixed { suffixes, .. } = &e.kind else {
            unreachable!("suffixed")
        };
        let i = suffixes.len() - 1;
        let desc = match &suffixes[i].kind {
            SuffixKind::Method(name, _) => {
                Some(format!("method '{}'", String::from_utf8_lossy(name)))
            }
            _ => self.describe_prefix(&e, i),
        };
        self.th.tasks.push(Task::Return { mark, line: 0 });
        self.call_value(f, args, MULTI, e.line, desc, false)
    }

    pub fn stat_done(&mut self, s: SRef, mark: usize, k: usize) -> R<'gc> {
        let stat = s.get();
        match &stat.kind {
            StatKind::Local { vars, .. } => {
                self.adjust(mark, vars.len() as i32);
                let vals = self.th.values.split_off(mark);
                for (&id, v) in vars.iter().zip(vals) {
                    self.declare_local(id, v);
                    if self.proto().locals[id as usize].close {
                        self.register_tbc(id, v, &s, stat.line)?;
                    }
                }
                Ok(())
            }
            StatKind::Assign { targets, .. } => {
                let lhs: usize = targets.iter().map(|t| target_values(t)).sum();
                let k = if k == usize::MAX {
                    self.adjust(mark + lhs, targets.len() as i32);
                    targets.len()
                } else {
                    k
                };
                if k == 0 {
                    self.th.values.truncate(mark);
                    return Ok(());
                }
                let j = k - 1;
                self.th.tasks.push(Task::StatDone {
                    s: s.clone(),
                    mark,
                    k: j,
                });
                let v = self.th.values[mark + lhs + j];
                let pos = mark + targets[..j].iter().map(|t| target_values(t)).sum::<usize>();
                let t = targets[j].clone();
                let line = stat.line;
                match &t.kind {
                    ExprKind::Local(id) => self.set_local(*id, v),
                    ExprKind::Upvalue(i) => self.upvalue(*i).unlock(self.mc).set(v),
                    ExprKind::Global { name, .. } => {
                        let env = self.th.values[pos];
                        let key = Value::str(self.mc, name);
                        self.set_index(env, key, v, line, Some(&t))?;
                    }
                    ExprKind::Suffixed { .. } => {
                        let (obj, key) = (self.th.values[pos], self.th.values[pos + 1]);
                        let desc = self.target_desc(&t);
                        self.set_index(obj, key, v, line, desc.as_ref())?;
                    }
                    _ => unreachable!("assignable expressions only"),
                }
                Ok(())
            }
            StatKind::NumericFor { .. } => {
                let vals = self.th.values.split_off(mark);
                let state = self.for_prep(vals[0], vals[1], vals[2], stat.line)?;
                if let Some(state) = state {
                    self.th.tasks.push(Task::NumFor { s, state });
                }
                Ok(())
            }
            StatKind::GenericFor { .. } => {
                let closing = self.th.values[mark + 3];
                if closing.truthy() {
                    if self.metafield(closing, self.root.names.close).is_nil() {
                        return Err(self.rt_error(
                            stat.line,
                            "variable '(for state)' got a non-closable value",
                        ));
                    }
                    let at = self.th.tasks.len();
                    self.th.tbc.push(Tbc {
                        value: closing,
                        block_task: at,
                        stat: 0,
                    });
                }
                self.th.tasks.push(Task::GenFor { s, base: mark });
                Ok(())
            }
            _ => unreachable!("statements without a finishing step"),
        }
    }

    fn target_desc(&self, t: &Expr) -> Option<Expr> {
        let ExprKind::Suffixed { base, suffixes } = &t.kind else {
            return None;
        };
        let n = suffixes.len();
        let d = if n == 1 {
            crate::machine::describe(self, base)
        } else {
            match &suffixes[n - 2].kind {
                SuffixKind::Index(k) => Some(format!("field '{}'", crate::machine::key_name(k))),
                _ => None,
            }
        };
        d.map(|d| Expr {
            line: t.line,
            kind: ExprKind::Described(d),
        })
    }

    fn register_tbc(&mut self, id: u32, v: Value<'gc>, s: &SRef, line: u32) -> R<'gc> {
        if v.truthy() && self.metafield(v, self.root.names.close).is_nil() {
            let name = self.proto().locals[id as usize].name.clone();
            return Err(self.rt_error(line, format!("variable '{name}' got a non-closable value")));
        }
        // The enclosing block's task is on top while its statement finishes.
        let at = self.th.tasks.len() - 1;
        self.th.tbc.push(Tbc {
            value: v,
            block_task: at,
            stat: s.index,
        });
        Ok(())
    }

    /// `forprep` of lvm.c: the loop state, or `None` if the loop does not run at all.
    fn for_prep(
        &mut self,
        init: Value<'gc>,
        limit: Value<'gc>,
        step: Value<'gc>,
        line: u32,
    ) -> Result<Option<ForState>, LuaError<'gc>> {
        if let (Value::Int(i0), Value::Int(st)) = (init, step) {
            if st == 0 {
                return Err(self.rt_error(line, "'for' step is zero"));
            }
            let Some(lim) = to_number(limit) else {
                return Err(self.for_error(line, limit, "limit"));
            };
            let Some(count) = moonlab::shared::arith::for_int_count(i0, lim, st) else {
                return Ok(None);
            };
            return Ok(Some(ForState::Int {
                next: i0,
                step: st,
                remaining: count,
                first: true,
            }));
        }
        let to_f = |v: Value<'gc>| to_number(v).map(moonlab::shared::arith::to_float);
        let Some(lim) = to_f(limit) else {
            return Err(self.for_error(line, limit, "limit"));
        };
        let Some(st) = to_f(step) else {
            return Err(self.for_error(line, step, "step"));
        };
        let Some(i0) = to_f(init) else {
            return Err(self.for_error(line, init, "initial value"));
        };
        if st == 0.0 {
            return Err(self.rt_error(line, "'for' step is zero"));
        }
        if if st > 0.0 { lim < i0 } else { i0 < lim } {
            return Ok(None);
        }
        Ok(Some(ForState::Float {
            next: i0,
            limit: lim,
            step: st,
            first: true,
            index: i0,
        }))
    }

    fn for_error(&mut self, line: u32, v: Value<'gc>, what: &str) -> LuaError<'gc> {
        let tn = self.obj_type_name(v);
        self.rt_error(
            line,
            format!("bad 'for' {what} (number expected, got {tn})"),
        )
    }

    pub fn numfor_task(&mut self, s: SRef, state: ForState) -> R<'gc> {
        let StatKind::NumericFor { var, body, .. } = &s.get().kind else {
            unreachable!("for")
        };
        let (var, body) = (*var, body.clone());
        let (v, next) = match state {
            ForState::Int {
                next,
                step,
                remaining,
                first,
            } => {
                if !first && remaining == 0 {
                    self.clear_for_locals(&s);
                    return Ok(());
                }
                (
                    Value::Int(next),
                    ForState::Int {
                        next: next.wrapping_add(step),
                        step,
                        remaining: if first { remaining } else { remaining - 1 },
                        first: false,
                    },
                )
            }
            ForState::Float {
                next,
                limit,
                step,
                first,
                ..
            } => {
                let go = first
                    || if step > 0.0 {
                        next <= limit
                    } else {
                        next >= limit
                    };
                if !go {
                    self.clear_for_locals(&s);
                    return Ok(());
                }
                (
                    Value::Num(next),
                    ForState::Float {
                        next: next + step,
                        limit,
                        step,
                        first: false,
                        index: next,
                    },
                )
            }
        };
        self.th.tasks.push(Task::NumFor { s, state: next });
        self.declare_local(var, v);
        self.th.tasks.push(Task::Block { stats: body, pc: 0 });
        Ok(())
    }

    pub fn genfor_task(&mut self, s: SRef, base: usize) -> R<'gc> {
        let StatKind::GenericFor {
            vars,
            control,
            call_line,
            ..
        } = &s.get().kind
        else {
            unreachable!("for")
        };
        self.frame().scope = *control;
        let n = vars.len() as i32;
        let (f, st, ctl) = (
            self.th.values[base],
            self.th.values[base + 1],
            self.th.values[base + 2],
        );
        let line = *call_line;
        self.th.tasks.push(Task::GenForStep { s, base });
        self.call_value(
            f,
            vec![st, ctl],
            n,
            line,
            Some("for iterator 'for iterator'".into()),
            true,
        )
    }

    pub fn genfor_step(&mut self, s: SRef, base: usize) -> R<'gc> {
        let StatKind::GenericFor { vars, body, .. } = &s.get().kind else {
            unreachable!("for")
        };
        let vals = self.th.values.split_off(base + 4);
        if vals[0].is_nil() {
            // The loop ends: close its closing value, drop its state.
            self.clear_for_locals(&s);
            let at = self.th.tasks.len();
            let to = self.tbc_from(|t| t.block_task >= at);
            self.th.tasks.push(Task::Drop { mark: base });
            if to < self.th.tbc.len() {
                // The closing value is closed after the loop, at its `end`.
                self.set_line(s.get().end_line);
                self.th.tasks.push(Task::Close {
                    to,
                    err: None,
                    kind: ErrKind::Run,
                });
            }
            return Ok(());
        }
        self.th.values[base + 2] = vals[0];
        let body = body.clone();
        let vars = vars.clone();
        self.th.tasks.push(Task::GenFor { s, base });
        for (&id, v) in vars.iter().zip(vals) {
            self.declare_local(id, v);
        }
        self.th.tasks.push(Task::Block { stats: body, pc: 0 });
        Ok(())
    }

    /// A finished `for` loop's control variables die with it (Lua reuses their registers).
    fn clear_for_locals(&mut self, s: &SRef) {
        let (first, last) = match &s.get().kind {
            StatKind::NumericFor { var, .. } => (var - 3, *var),
            StatKind::GenericFor { vars, .. } => (vars[0] - 4, vars[vars.len() - 1]),
            _ => return,
        };
        if let Some(f) = self.th.frames.last_mut() {
            for slot in &mut f.slots[first as usize..=last as usize] {
                *slot = crate::thread::Slot::Val(Value::Nil);
            }
        }
    }

    pub fn loop_task(&mut self, s: SRef, phase: u8) -> R<'gc> {
        match &s.get().kind {
            StatKind::While { cond, body } => {
                if phase == 0 {
                    // The condition sees the locals around the loop, not the body's.
                    self.frame().scope = s.get().scope;
                    let cond = cond.clone();
                    self.th.tasks.push(Task::Loop { s, phase: 1 });
                    self.th.tasks.push(Task::Eval { e: cond, want: 1 });
                } else if self.pop().truthy() {
                    let body = body.clone();
                    self.th.tasks.push(Task::Loop { s, phase: 0 });
                    self.th.tasks.push(Task::Block { stats: body, pc: 0 });
                }
            }
            StatKind::Repeat { body, .. } => match phase {
                1 => {
                    // The body ends with its `until` condition, whose value the loop tests.
                    let body = body.clone();
                    self.th.tasks.push(Task::Loop { s, phase: 3 });
                    self.th.tasks.push(Task::Block { stats: body, pc: 0 });
                }
                _ => {
                    if !self.pop().truthy() {
                        self.th.tasks.push(Task::Loop { s, phase: 1 });
                    }
                }
            },
            _ => unreachable!("loops only"),
        }
        Ok(())
    }

    pub fn if_task(&mut self, s: SRef, arm: usize) -> R<'gc> {
        let StatKind::If {
            arms, else_block, ..
        } = &s.get().kind
        else {
            unreachable!("if")
        };
        if self.pop().truthy() {
            let b = arms[arm].1.clone();
            self.th.tasks.push(Task::Block { stats: b, pc: 0 });
        } else if arm + 1 < arms.len() {
            let cond = arms[arm + 1].0.clone();
            self.th.tasks.push(Task::If { s, arm: arm + 1 });
            self.th.tasks.push(Task::Eval { e: cond, want: 1 });
        } else if let Some(b) = else_block {
            let b = b.clone();
            self.th.tasks.push(Task::Block { stats: b, pc: 0 });
        }
        Ok(())
    }

    /// Leaves the innermost loop of the current function.
    fn do_break(&mut self) {
        let base = self.th.frames.last().expect("frame").task_base;
        let at = (base..self.th.tasks.len())
            .rev()
            .find(|&i| is_loop(&self.th.tasks[i]))
            .expect("break inside a loop (checked by the parser)");
        // What the break closes, it closes at the loop's exit.
        if let Task::Loop { s, .. }
        | Task::NumFor { s, .. }
        | Task::GenFor { s, .. }
        | Task::GenForStep { s, .. } = &self.th.tasks[at]
        {
            let (scope, end) = (s.get().scope, s.get().end_line);
            self.frame().scope = scope;
            // The break jumps to the loop's exit, where what it leaves is closed: the
            // loop's `end` (or the end of `until`'s condition).
            self.leave_tasks_to(at, None, end);
            return;
        }
        self.leave_tasks_to(at, None, 0);
    }

    /// Pops tasks down to index `at` (exclusive: `tasks.len() == at` afterwards), dropping
    /// loop state and closing the to-be-closed variables declared in what was left.
    /// `line` (if not 0) is where the closing happens.
    fn leave_tasks_to(&mut self, at: usize, keep_stat: Option<usize>, line: u32) {
        let mut values_to = None;
        let mut left = Vec::new();
        let mut loops = Vec::new();
        for t in &self.th.tasks[at..] {
            match t {
                Task::GenFor { base, s } | Task::GenForStep { base, s } => {
                    values_to = Some(values_to.map_or(*base, |v: usize| v.min(*base)));
                    loops.push(s.clone());
                }
                Task::Block { stats, .. } => left.push(stats.clone()),
                Task::NumFor { s, .. } => loops.push(s.clone()),
                _ => {}
            }
        }
        self.th.tasks.truncate(at);
        for b in left {
            self.clear_block_locals(&b);
        }
        for s in loops {
            self.clear_for_locals(&s);
        }
        let to = self.tbc_from(|t| match keep_stat {
            // Jumping within block task `at - 1`: keep what was declared up to the label.
            Some(li) => t.block_task > at - 1 || (t.block_task == at - 1 && t.stat > li),
            None => t.block_task >= at,
        });
        if let Some(v) = values_to {
            self.th.tasks.push(Task::Drop { mark: v });
        }
        if to < self.th.tbc.len() {
            if line != 0 {
                self.set_line(line);
            }
            self.th.tasks.push(Task::Close {
                to,
                err: None,
                kind: ErrKind::Run,
            });
        }
    }

    /// `goto_end` is the line of the goto's last token: a backward goto closes there; a
    /// forward one jumps to its label, which closes (lparser.c's `createlabel`).
    fn do_goto(&mut self, label: u32, goto_end: u32) {
        let base = self.th.frames.last().expect("frame").task_base;
        for i in (base..self.th.tasks.len()).rev() {
            if let Task::Block { stats, .. } = &self.th.tasks[i] {
                if let Some(li) = stats
                    .iter()
                    .position(|st| matches!(st.kind, StatKind::Label(l) if l == label))
                {
                    let stats = stats.clone();
                    self.frame().scope = stats[li].scope;
                    let backward = matches!(self.th.tasks[i], Task::Block { pc, .. } if li < pc);
                    let line = if backward {
                        goto_end
                    } else {
                        stats[li].end_line
                    };
                    self.th.tasks[i] = Task::Block { stats, pc: li + 1 };
                    self.leave_tasks_to(i + 1, Some(li), line);
                    return;
                }
            }
        }
        unreachable!("goto targets a visible label (checked by the parser)");
    }
}
