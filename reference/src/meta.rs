//! Operators with their metamethods (lvm.c, ltm.c): indexing, arithmetic, comparison,
//! concatenation, length.
//!
//! Every operation either pushes its result on the value stack at once, or schedules a
//! metamethod call whose (adjusted) result lands there; the caller does not need to know which.

use moonlab::shared::arith::{arith, to_int, ArithError, ArithOp};
use moonlab::shared::limits::MAX_TAG_LOOP;
use moonlab::shared::number::{str2number, Number};
use moonlab::shared::tm::Tm;
use moonlab::syntax::ast::UnOp;

use crate::ir::Expr;
use crate::machine::{describe, Ctx, LuaError};
use crate::thread::{MetaResult, Task};
use crate::value::*;

pub use moonlab::syntax::fold::arith_op;

/// A value as a number, if it is one (strings are not, here).
pub fn as_number(v: Value<'_>) -> Option<Number> {
    match v {
        Value::Int(i) => Some(Number::Int(i)),
        Value::Num(f) => Some(Number::Float(f)),
        _ => None,
    }
}

/// `cvt2num`: a number, or a string that reads as one.
pub fn to_number(v: Value<'_>) -> Option<Number> {
    match v {
        Value::Str(s) => str2number(&s.bytes),
        other => as_number(other),
    }
}

pub fn number_value<'gc>(n: Number) -> Value<'gc> {
    match n {
        Number::Int(i) => Value::Int(i),
        Number::Float(f) => Value::Num(f),
    }
}

/// Where the metatable shared by all values of `v`'s type lives in `Root::type_meta`;
/// `None` for the types whose values have their own (tables, full userdata) or that have
/// `Root::string_meta`.
pub fn type_meta_index(v: Value<'_>) -> Option<usize> {
    Some(match v {
        Value::Nil => 0,
        Value::Bool(_) => 1,
        Value::Int(_) | Value::Num(_) => 2,
        Value::Func(_) => 3,
        Value::Thread(_) => 4,
        Value::LightUserData(_) => 5,
        _ => return None,
    })
}

impl<'gc> Ctx<'gc, '_> {
    pub fn metatable(&self, v: Value<'gc>) -> Option<Table<'gc>> {
        match v {
            Value::Table(t) => t.borrow().metatable,
            Value::Str(_) => self.root.string_meta.get(),
            Value::UserData(u) => u.metatable.get(),
            _ => type_meta_index(v).and_then(|i| self.root.type_meta.get()[i]),
        }
    }

    pub fn metafield(&self, v: Value<'gc>, name: LuaStr<'gc>) -> Value<'gc> {
        match self.metatable(v) {
            Some(mt) => mt.borrow().get(Value::Str(name)),
            None => Value::Nil,
        }
    }

    /// `luaT_objtypename`: `__name` of the metatable when it is a string.
    pub fn obj_type_name(&self, v: Value<'gc>) -> String {
        if matches!(v, Value::Table(_) | Value::UserData(_)) {
            if let Value::Str(s) = self.metafield(v, self.root.names.name) {
                return String::from_utf8_lossy(&s.bytes).into_owned();
            }
        }
        v.type_name().to_string()
    }

    fn varinfo(&self, e: Option<&Expr>) -> String {
        e.and_then(|e| describe(self, e))
            .map(|d| format!(" ({d})"))
            .unwrap_or_default()
    }

    /// `typeerror`: "attempt to <op> a <type> value (<varinfo>)".
    pub fn type_error(
        &mut self,
        line: u32,
        v: Value<'gc>,
        op: &str,
        e: Option<&Expr>,
    ) -> LuaError<'gc> {
        let info = self.varinfo(e);
        let tn = self.obj_type_name(v);
        self.rt_error(line, format!("attempt to {op} a {tn} value{info}"))
    }

    /// Schedules `f(args)` with one result pushed, or nothing with `want` 0. Called for an
    /// operation in Lua code, it is named "metamethod 'EVENT'" (in argument errors of a
    /// library function used as the metamethod, and "attempt to call" errors), as lua5.4
    /// names a function from the instruction that called it; called for a library
    /// function (a native frame on top) it has no name.
    fn call_meta(
        &mut self,
        f: Value<'gc>,
        args: Vec<Value<'gc>>,
        want: i32,
        line: u32,
        event: Tm,
    ) -> Result<(), LuaError<'gc>> {
        let desc = self
            .th
            .frames
            .last()
            .filter(|f| f.closure.is_some())
            .map(|_| format!("metamethod '{}'", event.bare_name()));
        self.call_value(f, args, want, line, desc, true)
    }

    // ---------------------------------------------------------------- indexing

    /// Pushes `obj[key]`, following `__index`.
    pub fn index_push(
        &mut self,
        obj: Value<'gc>,
        key: Value<'gc>,
        line: u32,
        desc: Option<&Expr>,
    ) -> Result<(), LuaError<'gc>> {
        let mut t = obj;
        // As luaV_finishget: after the first table, MAX_TAG_LOOP steps along the chain,
        // each followed by a lookup.
        for depth in 0..=MAX_TAG_LOOP {
            let h = if let Value::Table(tab) = t {
                let v = tab.borrow().get(key);
                if !v.is_nil() {
                    self.push(v);
                    return Ok(());
                }
                if depth == MAX_TAG_LOOP {
                    break;
                }
                let h = self.metafield(t, self.root.names.index);
                if h.is_nil() {
                    self.push(Value::Nil);
                    return Ok(());
                }
                h
            } else if depth == MAX_TAG_LOOP {
                break;
            } else {
                self.handler_or_index_error(t, self.root.names.index, depth, line, desc)?
            };
            if let Value::Func(_) = h {
                return self.call_meta(h, vec![t, key], 1, line, Tm::Index);
            }
            t = h;
        }
        Err(self.rt_error(line, "'__index' chain too long; possible loop"))
    }

    /// The `event` handler of a value that is not a table, or the "attempt to index" error.
    /// Only the original object (depth 0 of the chain) has a description.
    fn handler_or_index_error(
        &mut self,
        t: Value<'gc>,
        event: LuaStr<'gc>,
        depth: usize,
        line: u32,
        desc: Option<&Expr>,
    ) -> Result<Value<'gc>, LuaError<'gc>> {
        let h = self.metafield(t, event);
        if h.is_nil() {
            let e = if depth == 0 { desc } else { None };
            return Err(self.type_error(line, t, "index", e));
        }
        Ok(h)
    }

    /// `obj[key] = val`, following `__newindex`.
    pub fn set_index(
        &mut self,
        obj: Value<'gc>,
        key: Value<'gc>,
        val: Value<'gc>,
        line: u32,
        desc: Option<&Expr>,
    ) -> Result<(), LuaError<'gc>> {
        let mut t = obj;
        for depth in 0..MAX_TAG_LOOP {
            let h = if let Value::Table(tab) = t {
                let present = !tab.borrow().get(key).is_nil();
                let h = if present {
                    Value::Nil
                } else {
                    self.metafield(t, self.root.names.newindex)
                };
                if h.is_nil() {
                    let r = tab.borrow_mut(self.mc).set(key, val);
                    return r.map_err(|e| self.rt_error(line, e.message()));
                }
                h
            } else {
                self.handler_or_index_error(t, self.root.names.newindex, depth, line, desc)?
            };
            if let Value::Func(_) = h {
                return self.call_meta(h, vec![t, key, val], 0, line, Tm::NewIndex);
            }
            t = h;
        }
        Err(self.rt_error(line, "'__newindex' chain too long; possible loop"))
    }

    // ---------------------------------------------------------------- arithmetic

    /// Pushes `a op b` for an arithmetic or bitwise operator.
    pub fn arith_push(
        &mut self,
        op: ArithOp,
        a: Value<'gc>,
        b: Value<'gc>,
        line: u32,
        ea: Option<&Expr>,
        eb: Option<&Expr>,
    ) -> Result<(), LuaError<'gc>> {
        // Strings take part only through the string metatable's arithmetic metamethods,
        // which have no bitwise ones: lua5.4 refuses "3" | 0.
        let numbers = as_number(a).zip(as_number(b));
        if let Some((x, y)) = numbers {
            match arith(op, x, y) {
                Ok(n) => {
                    self.push(number_value(n));
                    return Ok(());
                }
                Err(ArithError::IDivByZero) => {
                    return Err(self.rt_error(line, "attempt to divide by zero"))
                }
                Err(ArithError::ModByZero) => {
                    return Err(self.rt_error(line, "attempt to perform 'n%0'"))
                }
                Err(ArithError::NoIntegerRep) => {
                    if as_number(a).is_some() && as_number(b).is_some() {
                        let culprit = if to_int(x).is_none() { ea } else { eb };
                        let info = self.varinfo(culprit);
                        return Err(self.rt_error(
                            line,
                            format!("number{info} has no integer representation"),
                        ));
                    }
                    // A numeric string with no integer value: try metamethods below.
                }
            }
        }
        let (event, unary) = match op {
            ArithOp::Unm => (self.root.names.unm, true),
            ArithOp::BNot => (self.root.names.bnot, true),
            // `names.arith` holds the binary operations' events, in `ArithOp` order.
            _ => (self.root.names.arith[op as usize], false),
        };
        let mut h = self.metafield(a, event);
        if h.is_nil() && !unary {
            h = self.metafield(b, event);
        }
        if !h.is_nil() {
            return self.call_meta(h, vec![a, b], 1, line, Tm::of_arith(op));
        }
        if op.is_bitwise() {
            if as_number(a).is_some() && as_number(b).is_some() {
                let culprit = if as_number(a).and_then(to_int).is_none() {
                    ea
                } else {
                    eb
                };
                let info = self.varinfo(culprit);
                return Err(
                    self.rt_error(line, format!("number{info} has no integer representation"))
                );
            }
            let (v, e) = if as_number(a).is_none() {
                (a, ea)
            } else {
                (b, eb)
            };
            return Err(self.type_error(line, v, "perform bitwise operation on", e));
        }
        let (v, e) = if as_number(a).is_none() {
            (a, ea)
        } else {
            (b, eb)
        };
        Err(self.type_error(line, v, "perform arithmetic on", e))
    }

    pub fn unary_push(
        &mut self,
        op: UnOp,
        v: Value<'gc>,
        line: u32,
        e: Option<&Expr>,
    ) -> Result<(), LuaError<'gc>> {
        match op {
            UnOp::Not => {
                self.push(Value::Bool(!v.truthy()));
                Ok(())
            }
            UnOp::Neg => self.arith_push(ArithOp::Unm, v, v, line, e, e),
            UnOp::BNot => self.arith_push(ArithOp::BNot, v, v, line, e, e),
            UnOp::Len => self.len_push(v, line, e),
        }
    }

    pub fn len_push(
        &mut self,
        v: Value<'gc>,
        line: u32,
        e: Option<&Expr>,
    ) -> Result<(), LuaError<'gc>> {
        match v {
            Value::Str(s) => {
                self.push(Value::Int(s.bytes.len() as i64));
                Ok(())
            }
            _ => {
                let h = self.metafield(v, self.root.names.len);
                if !h.is_nil() {
                    return self.call_meta(h, vec![v, v], 1, line, Tm::Len);
                }
                if let Value::Table(t) = v {
                    let n = t.borrow_mut(self.mc).border();
                    self.push(Value::Int(n));
                    return Ok(());
                }
                Err(self.type_error(line, v, "get length of", e))
            }
        }
    }

    // ---------------------------------------------------------------- concatenation

    pub fn concat_push(
        &mut self,
        a: Value<'gc>,
        b: Value<'gc>,
        line: u32,
        ea: Option<&Expr>,
        eb: Option<&Expr>,
    ) -> Result<(), LuaError<'gc>> {
        let sa = self.concat_piece(a);
        let sb = self.concat_piece(b);
        if let (Some(x), Some(y)) = (sa, sb) {
            // The bytes made are library-sized work: charged like string.rep's, and
            // allocated fallibly under the memory limit, so `s = s .. s` in a loop ends in
            // the work limit or in "not enough memory", never in an aborted allocation.
            self.charge_bytes(x.len() as u128 + y.len() as u128)?;
            let n = x.len().saturating_add(y.len());
            let mut s = Vec::new();
            if !self.root.meter.fits(n) || s.try_reserve_exact(n).is_err() {
                return Err(self.memory_error(false));
            }
            s.extend_from_slice(&x);
            s.extend_from_slice(&y);
            let v = self.new_string(s)?;
            self.push(v);
            return Ok(());
        }
        let mut h = self.metafield(a, self.root.names.concat);
        if h.is_nil() {
            h = self.metafield(b, self.root.names.concat);
        }
        if !h.is_nil() {
            return self.call_meta(h, vec![a, b], 1, line, Tm::Concat);
        }
        let (v, e) = if matches!(a, Value::Str(_) | Value::Int(_) | Value::Num(_)) {
            (b, eb)
        } else {
            (a, ea)
        };
        Err(self.type_error(line, v, "concatenate", e))
    }

    fn concat_piece(&self, v: Value<'gc>) -> Option<std::borrow::Cow<'gc, [u8]>> {
        match v {
            Value::Str(s) => Some(std::borrow::Cow::Borrowed(&s.as_ref().bytes)),
            Value::Int(_) | Value::Num(_) => Some(self.number_to_bytes(v).into()),
            _ => None,
        }
    }

    pub fn number_to_bytes(&self, v: Value<'gc>) -> Vec<u8> {
        let mut out = Vec::new();
        match v {
            Value::Int(i) => moonlab::shared::number::fmt_int(i, &mut out),
            Value::Num(f) => moonlab::shared::number::fmt_float(f, &mut out),
            _ => {}
        }
        out
    }

    // ---------------------------------------------------------------- comparison

    /// Pushes `a == b` (negated for `~=`), calling `__eq` for two tables or two userdata.
    pub fn eq_push(
        &mut self,
        a: Value<'gc>,
        b: Value<'gc>,
        negate: bool,
        line: u32,
    ) -> Result<(), LuaError<'gc>> {
        if a.raw_eq(&b) {
            self.push(Value::Bool(!negate));
            return Ok(());
        }
        let both = matches!(
            (a, b),
            (Value::Table(_), Value::Table(_)) | (Value::UserData(_), Value::UserData(_))
        );
        if both {
            let mut h = self.metafield(a, self.root.names.eq);
            if h.is_nil() {
                h = self.metafield(b, self.root.names.eq);
            }
            if !h.is_nil() {
                let kind = if negate {
                    MetaResult::NotBool
                } else {
                    MetaResult::Bool
                };
                self.th.tasks.push(Task::MetaResult { kind });
                return self.call_meta(h, vec![a, b], 1, line, Tm::Eq);
            }
        }
        self.push(Value::Bool(negate));
        Ok(())
    }

    /// Pushes `a < b` (or `a <= b` when `or_equal`).
    pub fn less_push(
        &mut self,
        a: Value<'gc>,
        b: Value<'gc>,
        or_equal: bool,
        line: u32,
    ) -> Result<(), LuaError<'gc>> {
        if let Some(r) = compare_primitive(a, b, or_equal) {
            self.push(Value::Bool(r));
            return Ok(());
        }
        let names = &self.root.names;
        let event = if or_equal { names.le } else { names.lt };
        let mut h = self.metafield(a, event);
        if h.is_nil() {
            h = self.metafield(b, event);
        }
        if !h.is_nil() {
            self.th.tasks.push(Task::MetaResult {
                kind: MetaResult::Bool,
            });
            return self.call_meta(
                h,
                vec![a, b],
                1,
                line,
                if or_equal { Tm::Le } else { Tm::Lt },
            );
        }
        if or_equal {
            // LUA_COMPAT_LT_LE: a <= b as not (b < a).
            let mut h = self.metafield(b, self.root.names.lt);
            if h.is_nil() {
                h = self.metafield(a, self.root.names.lt);
            }
            if !h.is_nil() {
                self.th.tasks.push(Task::MetaResult {
                    kind: MetaResult::NotBool,
                });
                return self.call_meta(h, vec![b, a], 1, line, Tm::Le);
            }
        }
        let t1 = self.obj_type_name(a);
        let t2 = self.obj_type_name(b);
        if t1 == t2 {
            Err(self.rt_error(line, format!("attempt to compare two {t1} values")))
        } else {
            Err(self.rt_error(line, format!("attempt to compare {t1} with {t2}")))
        }
    }
}

/// `<` / `<=` on numbers (exact across integer and float) and strings (byte order).
pub fn compare_primitive(a: Value<'_>, b: Value<'_>, or_equal: bool) -> Option<bool> {
    use moonlab::shared::arith::cmp_numbers;
    use moonlab::shared::number::Number;
    use std::cmp::Ordering;
    let ord = match (a, b) {
        (Value::Int(x), Value::Int(y)) => cmp_numbers(Number::Int(x), Number::Int(y)),
        (Value::Num(x), Value::Num(y)) => cmp_numbers(Number::Float(x), Number::Float(y)),
        (Value::Int(x), Value::Num(y)) => cmp_numbers(Number::Int(x), Number::Float(y)),
        (Value::Num(x), Value::Int(y)) => cmp_numbers(Number::Float(x), Number::Int(y)),
        (Value::Str(x), Value::Str(y)) => Some(x.bytes.cmp(&y.bytes)),
        _ => return None,
    };
    Some(match ord {
        None => false, // NaN compares false
        Some(Ordering::Less) => true,
        Some(Ordering::Equal) => or_equal,
        Some(Ordering::Greater) => false,
    })
}
