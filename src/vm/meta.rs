//! The slow paths of the interpreter (lvm.c, ltm.c): metamethod lookup, `__index` and
//! `__newindex` chains, arithmetic with coercions and metamethods, comparisons, length,
//! concatenation, numeric `for` preparation, and `tostring`.

use crate::gc::Gc;
use crate::shared::arith::{self, ArithError, ArithOp};
use crate::shared::limits::MAX_TAG_LOOP;
use crate::shared::number::{self, Number};
use crate::shared::tm::Tm;
use crate::vm::error::{Exc, LResult};
use crate::vm::state::Vm;
use crate::vm::table::Table;
use crate::vm::value::Value;

/// Where an operand came from, for error messages ("local 'x'", "upvalue 'y'", ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A register of the running Lua frame.
    Reg(u32),
    Upval(u32),
    /// A constant (Lua gives no variable information for those).
    Const(u32),
    None,
}

impl Vm {
    /// A number value from a `Number`.
    pub fn number_value(&self, n: Number) -> Value {
        match n {
            Number::Int(i) => self.heap.int(i),
            Number::Float(f) => Value::from_float(f),
        }
    }

    /// The number a value holds (no string coercion).
    #[inline]
    pub fn to_number_raw(&self, v: Value) -> Option<Number> {
        if let Some(f) = v.as_float() {
            return Some(Number::Float(f));
        }
        v.as_int().map(Number::Int)
    }

    /// `tonumber` semantics: numbers, and strings that read as numbers.
    pub fn to_number(&self, v: Value) -> Option<Number> {
        if let Some(n) = self.to_number_raw(v) {
            return Some(n);
        }
        let s = v.as_string()?;
        number::str2number(s.as_bytes())
    }

    /// `luaV_tointeger` with exact conversion (strings included).
    pub fn to_integer(&self, v: Value) -> Option<i64> {
        match self.to_number(v)? {
            Number::Int(i) => Some(i),
            Number::Float(f) => arith::float_to_int(f),
        }
    }

    // ---------------------------------------------------------------- metamethods

    /// The metamethod `tm` of `v` (raw lookup in its metatable), or nil.
    #[inline]
    pub fn metamethod(&self, v: Value, tm: Tm) -> Value {
        match self.metatable_of(v) {
            Some(mt) => self.fast_tm(mt, tm),
            None => Value::NIL,
        }
    }

    /// A metatable's field for `tm`, with the absence cache for the first events.
    #[inline]
    pub(crate) fn fast_tm(&self, mt: Gc<Table>, tm: Tm) -> Value {
        let bit = tm as u8;
        if tm.is_cached() && mt.no_tm() & (1 << bit) != 0 {
            return Value::NIL;
        }
        let name = self.tm_name(tm);
        let s = name.as_string().expect("interned name");
        let v = mt.get_short_str(name, s.hash());
        if v.is_nil() && tm.is_cached() {
            mt.cache_no_tm(bit);
        }
        v
    }

    /// The table strings index through (`__index` of the string metatable), if it is one.
    #[inline]
    pub(crate) fn string_methods(&self) -> Option<Gc<Table>> {
        let mt = self.type_mt[crate::vm::object::LuaType::String.index()]?;
        self.fast_tm(mt, Tm::Index).as_table()
    }

    fn table_tm(&self, t: Gc<Table>, tm: Tm) -> Value {
        match t.metatable.get() {
            Some(mt) => self.fast_tm(mt, tm),
            None => Value::NIL,
        }
    }

    /// `t[key]` with `__index` (luaV_finishget); `ot` describes `t` for errors.
    pub(crate) fn index_slow(&mut self, t: Value, key: Value, ot: Origin) -> LResult<Value> {
        let mut t = t;
        let mut origin = ot;
        // Field names are short strings: look them up by identity along the chain.
        let short_hash = key.as_string().filter(|s| s.is_short()).map(|s| s.hash());
        // After the first table, MAX_TAG_LOOP steps along the chain, each followed by a
        // lookup (luaV_finishget).
        for step in 0..=MAX_TAG_LOOP {
            let tm = if let Some(tab) = t.as_table() {
                let v = match short_hash {
                    Some(h) => tab.get_short_str(key, h),
                    None => tab.get(key),
                };
                if !v.is_nil() {
                    return Ok(v);
                }
                if step == MAX_TAG_LOOP {
                    break;
                }
                let tm = self.table_tm(tab, Tm::Index);
                if tm.is_nil() {
                    return Ok(Value::NIL);
                }
                tm
            } else if step == MAX_TAG_LOOP {
                break;
            } else {
                let tm = self.metamethod(t, Tm::Index);
                if tm.is_nil() {
                    return Err(self.type_error_key(t, "index", origin, key));
                }
                tm
            };
            if tm.is_function() {
                return self.call_tm_res(tm, t, key);
            }
            t = tm;
            origin = Origin::None;
        }
        Err(self.rt_error("'__index' chain too long; possible loop"))
    }

    /// `t[key]` for a short-string key after the lookup in the table `t` itself missed
    /// (GETFIELD's and SELF's fast paths): follows `__index` while it names tables, as a
    /// class hierarchy does, without `index_slow`'s first lookup again and its bookkeeping
    /// for errors. `None` when the chain reaches a function, a value that is not a table,
    /// or its length limit: the caller then runs `index_slow` from the start, which gives
    /// the same result (raw lookups have no effects). Inlined into `index_general`: its
    /// own prologue and epilogue were about 22 instructions a call (step `c4ichain`).
    #[inline(always)]
    pub(crate) fn index_str_chain(&self, t: Gc<Table>, key: Value, hash: u64) -> Option<Value> {
        let mut t = t;
        for _ in 0..MAX_TAG_LOOP {
            let Some(mt) = t.metatable.get() else {
                return Some(Value::NIL);
            };
            let h = self.fast_tm(mt, Tm::Index);
            if h.is_nil() {
                return Some(Value::NIL);
            }
            t = h.as_table()?;
            let v = t.get_short_str(key, hash);
            if !v.is_nil() {
                return Some(v);
            }
        }
        None
    }

    /// `t[key] = v` with `__newindex` (luaV_finishset).
    pub(crate) fn setindex_slow(
        &mut self,
        t: Value,
        key: Value,
        v: Value,
        ot: Origin,
    ) -> LResult<()> {
        let mut t = t;
        let mut origin = ot;
        for _ in 0..MAX_TAG_LOOP {
            let tm = if let Some(tab) = t.as_table() {
                let short_hash = key.as_string().filter(|s| s.is_short()).map(|s| s.hash());
                let cur = match short_hash {
                    Some(h) => tab.get_short_str(key, h),
                    None => tab.get(key),
                };
                let tm = if cur.is_nil() {
                    self.table_tm(tab, Tm::NewIndex)
                } else {
                    Value::NIL
                };
                if tm.is_nil() {
                    // A field set to nil earlier still has its entry: store there.
                    if let Some(h) = short_hash {
                        if tab.set_short_str_entry(&self.heap, key, h, v) {
                            return Ok(());
                        }
                    }
                    tab.set(&self.heap, key, v)
                        .map_err(|e| self.rt_error(e.message()))?;
                    return self.check_growth();
                }
                tm
            } else {
                let tm = self.metamethod(t, Tm::NewIndex);
                if tm.is_nil() {
                    return Err(self.type_error_key(t, "index", origin, key));
                }
                tm
            };
            if tm.is_function() {
                return self.call_tm3(tm, t, key, v);
            }
            t = tm;
            origin = Origin::None;
        }
        Err(self.rt_error("'__newindex' chain too long; possible loop"))
    }

    /// Raw `t[k]` for native code, with `__index` (lua_gettable).
    pub fn index(&mut self, t: Value, key: Value) -> LResult<Value> {
        if let Some(tab) = t.as_table() {
            let v = tab.get(key);
            if !v.is_nil() {
                return Ok(v);
            }
        }
        self.index_slow(t, key, Origin::None)
    }

    /// `t[k] = v` for native code, with `__newindex` (lua_settable).
    pub fn set_index(&mut self, t: Value, key: Value, v: Value) -> LResult<()> {
        self.setindex_slow(t, key, v, Origin::None)
    }

    // ---------------------------------------------------------------- arithmetic

    /// Arithmetic on two numbers (no strings, no metamethods); `None` when an operand is
    /// not a number. Integer division or modulo by zero raises the error here.
    pub(crate) fn arith_fast(&mut self, op: ArithOp, x: Value, y: Value) -> LResult<Option<Value>> {
        let (Some(a), Some(b)) = (self.to_number_raw(x), self.to_number_raw(y)) else {
            return Ok(None);
        };
        match arith::arith(op, a, b) {
            Ok(n) => Ok(Some(self.number_value(n))),
            Err(ArithError::IDivByZero) => Err(self.rt_error("attempt to divide by zero")),
            Err(ArithError::ModByZero) => Err(self.rt_error("attempt to perform 'n%0'")),
            Err(ArithError::NoIntegerRep) => Ok(None),
        }
    }

    /// Bitwise operations on values with exact integer values (no strings).
    #[inline]
    pub(crate) fn bitwise_fast(&mut self, op: ArithOp, x: Value, y: Value) -> Option<Value> {
        let a = self.to_number_raw(x)?;
        let b = self.to_number_raw(y)?;
        match arith::arith(op, a, b) {
            Ok(n) => Some(self.number_value(n)),
            Err(_) => None,
        }
    }

    /// The metamethod fallback of arithmetic (`luaT_trybinTM`), with Lua's errors.
    pub(crate) fn arith_mm(
        &mut self,
        op: ArithOp,
        x: Value,
        y: Value,
        ox: Origin,
        oy: Origin,
    ) -> LResult<Value> {
        let tm = Tm::of_arith(op);
        let mut h = self.metamethod(x, tm);
        if h.is_nil() {
            h = self.metamethod(y, tm);
        }
        if !h.is_nil() {
            return self.call_tm_res(h, x, y);
        }
        if op.is_bitwise() {
            if x.is_number() && y.is_number() {
                // luaG_tointerror: name the operand without an integer value.
                let (bad, o) = if self.to_integer(x).is_none() {
                    (x, ox)
                } else {
                    (y, oy)
                };
                let _ = bad;
                let info = self.varinfo(o);
                return Err(self.rt_error(&format!("number{info} has no integer representation")));
            }
            let (bad, o) = if !x.is_number() { (x, ox) } else { (y, oy) };
            return Err(self.type_error(bad, "perform bitwise operation on", o));
        }
        let (bad, o) = if !x.is_number() { (x, ox) } else { (y, oy) };
        Err(self.type_error(bad, "perform arithmetic on", o))
    }

    /// Arithmetic for native code and the string metatable: numbers, strings converted,
    /// then metamethods.
    pub fn arith(&mut self, op: ArithOp, x: Value, y: Value) -> LResult<Value> {
        if op.is_bitwise() {
            if let Some(v) = self.bitwise_fast(op, x, y) {
                return Ok(v);
            }
        } else if let Some(v) = self.arith_fast(op, x, y)? {
            return Ok(v);
        }
        self.arith_mm(op, x, y, Origin::None, Origin::None)
    }

    // ---------------------------------------------------------------- comparison

    /// Raw equality (`rawequal`): numbers by value across int/float, strings by contents.
    pub fn raw_equal(&self, x: Value, y: Value) -> bool {
        if x == y {
            return !x.as_float().is_some_and(f64::is_nan);
        }
        if let (Some(a), Some(b)) = (x.as_string(), y.as_string()) {
            return crate::vm::string::str_eq(a, b);
        }
        match (self.to_number_raw(x), self.to_number_raw(y)) {
            (Some(a), Some(b)) => num_eq(a, b),
            _ => false,
        }
    }

    /// `==` when the words differ: numbers, long strings, then `__eq` for tables/userdata.
    pub(crate) fn equal_slow(&mut self, x: Value, y: Value) -> LResult<bool> {
        if self.raw_equal(x, y) {
            return Ok(true);
        }
        let both_tables = x.is_table() && y.is_table();
        let both_ud = x.is_userdata() && y.is_userdata();
        if !both_tables && !both_ud {
            return Ok(false);
        }
        let mut h = self.metamethod(x, Tm::Eq);
        if h.is_nil() {
            h = self.metamethod(y, Tm::Eq);
        }
        if h.is_nil() {
            return Ok(false);
        }
        Ok(self.call_tm_res(h, x, y)?.is_truthy())
    }

    /// `==` for native code.
    pub fn equals(&mut self, x: Value, y: Value) -> LResult<bool> {
        if x == y {
            return Ok(!x.as_float().is_some_and(f64::is_nan));
        }
        self.equal_slow(x, y)
    }

    pub(crate) fn less_than(&mut self, x: Value, y: Value) -> LResult<bool> {
        if let (Some(a), Some(b)) = (self.to_number_raw(x), self.to_number_raw(y)) {
            return Ok(num_lt(a, b));
        }
        if let (Some(a), Some(b)) = (x.as_string(), y.as_string()) {
            return Ok(a.as_bytes() < b.as_bytes());
        }
        self.order_tm(x, y, Tm::Lt)
    }

    pub(crate) fn less_equal(&mut self, x: Value, y: Value) -> LResult<bool> {
        if let (Some(a), Some(b)) = (self.to_number_raw(x), self.to_number_raw(y)) {
            return Ok(num_le(a, b));
        }
        if let (Some(a), Some(b)) = (x.as_string(), y.as_string()) {
            return Ok(a.as_bytes() <= b.as_bytes());
        }
        self.order_tm(x, y, Tm::Le)
    }

    fn order_tm(&mut self, x: Value, y: Value, tm: Tm) -> LResult<bool> {
        let mut h = self.metamethod(x, tm);
        if h.is_nil() {
            h = self.metamethod(y, tm);
        }
        if h.is_nil() && tm == Tm::Le {
            // LUA_COMPAT_LT_LE (on in lua5.4): `a <= b` as `not (b < a)`.
            let mut l = self.metamethod(y, Tm::Lt);
            if l.is_nil() {
                l = self.metamethod(x, Tm::Lt);
            }
            if !l.is_nil() {
                return Ok(!self.call_tm_res(l, y, x)?.is_truthy());
            }
        }
        if h.is_nil() {
            return Err(self.order_error(x, y));
        }
        Ok(self.call_tm_res(h, x, y)?.is_truthy())
    }

    /// LTI/LEI/GTI/GEI when the register is not a number (`luaT_callorderiTM`).
    pub(crate) fn order_imm(
        &mut self,
        o: crate::compiler::opcode::OpCode,
        x: Value,
        imm: i64,
        isf: bool,
    ) -> LResult<bool> {
        use crate::compiler::opcode::OpCode;
        if let Some(n) = self.to_number_raw(x) {
            // A boxed integer: compare numerically.
            let m = if isf {
                Number::Float(imm as f64)
            } else {
                Number::Int(imm)
            };
            return Ok(match o {
                OpCode::LtI => num_lt(n, m),
                OpCode::LeI => num_le(n, m),
                OpCode::GtI => num_lt(m, n),
                _ => num_le(m, n),
            });
        }
        let iv = if isf {
            Value::from_float(imm as f64)
        } else {
            Value::inline_int_unchecked(imm)
        };
        match o {
            OpCode::LtI => self.order_tm(x, iv, Tm::Lt),
            OpCode::LeI => self.order_tm(x, iv, Tm::Le),
            OpCode::GtI => self.order_tm(iv, x, Tm::Lt),
            _ => self.order_tm(iv, x, Tm::Le),
        }
    }

    /// `<` for native code (table.sort).
    pub fn lt(&mut self, x: Value, y: Value) -> LResult<bool> {
        self.less_than(x, y)
    }

    pub fn order_error(&mut self, x: Value, y: Value) -> Exc {
        let t1 = String::from_utf8_lossy(&self.obj_type_name(x)).into_owned();
        let t2 = String::from_utf8_lossy(&self.obj_type_name(y)).into_owned();
        if t1 == t2 {
            self.rt_error(&format!("attempt to compare two {t1} values"))
        } else {
            self.rt_error(&format!("attempt to compare {t1} with {t2}"))
        }
    }

    // ---------------------------------------------------------------- length, concat

    pub(crate) fn len_of(&mut self, v: Value, o: Origin) -> LResult<Value> {
        if let Some(s) = v.as_string() {
            return Ok(self.heap.int(s.len() as i64));
        }
        if let Some(t) = v.as_table() {
            let h = self.table_tm(t, Tm::Len);
            if h.is_nil() {
                return Ok(self.heap.int(t.border()));
            }
            return self.call_tm_res(h, v, v);
        }
        let h = self.metamethod(v, Tm::Len);
        if h.is_nil() {
            return Err(self.type_error(v, "get length of", o));
        }
        self.call_tm_res(h, v, v)
    }

    /// `#v` for native code.
    pub fn len(&mut self, v: Value) -> LResult<Value> {
        self.len_of(v, Origin::None)
    }

    /// Concatenates the `total` values on top of the stack into one, left at the first of
    /// them (`luaV_concat`); top ends just after it.
    pub(crate) fn concat(&mut self, total: usize) -> LResult<()> {
        let mut total = total;
        while total > 1 {
            let th = &mut self.th;
            let top = th.top;
            let x = th.stack[top - 2];
            let y = th.stack[top - 1];
            let str_like = |v: Value| v.is_string() || v.is_number();
            if !(str_like(x) && str_like(y)) {
                let mut h = self.metamethod(x, Tm::Concat);
                if h.is_nil() {
                    h = self.metamethod(y, Tm::Concat);
                }
                if h.is_nil() {
                    let (bad, pos) = if str_like(x) {
                        (y, top - 1)
                    } else {
                        (x, top - 2)
                    };
                    let o = self.reg_origin(pos);
                    return Err(self.type_error(bad, "concatenate", o));
                }
                let r = self.call_tm_res(h, x, y)?;
                let th = &mut self.th;
                th.stack[th.top - 2] = r;
                th.top -= 1;
                total -= 1;
                continue;
            }
            if y.as_string().is_some_and(|s| s.is_empty()) && x.is_string() {
                th.top -= 1;
                total -= 1;
                continue;
            }
            // Collect as many string-like values as possible from the top down.
            let mut n = 1;
            let mut len = 0usize;
            while n < total {
                let v = th.stack[top - n - 1];
                if !str_like(v) {
                    break;
                }
                n += 1;
            }
            // The result's size first (a number's text is at most 44 bytes), so the
            // memory limit and the allocator are asked once, before any copying.
            for j in (top - n)..top {
                len = len.saturating_add(self.th.stack[j].as_string().map_or(44, |s| s.len()));
            }
            if len >= (i32::MAX as usize) + 44 * n {
                return Err(self.rt_error("string length overflow"));
            }
            // The bytes made are charged to the work budget as the libraries' are.
            self.charge((len / 64) as u64)?;
            self.reserve(len)?;
            // Built in the reusable buffer: the new string copies it once.
            let mut buf = self.take_buf();
            if buf.try_reserve_exact(len).is_err() {
                return Err(self.memory_error());
            }
            for j in (top - n)..top {
                let v = self.th.stack[j];
                if let Some(s) = v.as_string() {
                    buf.extend_from_slice(s.as_bytes());
                } else {
                    let n = self.to_number_raw(v).expect("a number");
                    number::fmt_number(n, &mut buf);
                }
            }
            if buf.len() >= (i32::MAX as usize) {
                return Err(self.rt_error("string length overflow"));
            }
            let s = self.str_from_buf(buf);
            let th = &mut self.th;
            th.stack[top - n] = s;
            th.top = top - n + 1;
            total -= n - 1;
        }
        Ok(())
    }

    /// The origin of stack slot `pos` if it is a register of the running Lua frame.
    pub(crate) fn reg_origin(&self, pos: usize) -> Origin {
        let th = &self.th;
        match th.frames.last() {
            Some(ci) if ci.status & crate::vm::thread::cist::LUA != 0 && pos >= ci.base => {
                Origin::Reg((pos - ci.base) as u32)
            }
            _ => Origin::None,
        }
    }

    // ---------------------------------------------------------------- numeric for

    /// FORPREP (`forprep` in lvm.c): returns true to skip the loop.
    pub(crate) fn for_prep(&mut self, ra: usize) -> LResult<bool> {
        let th = &mut self.th;
        let init = th.stack[ra];
        let limit = th.stack[ra + 1];
        let step = th.stack[ra + 2];
        if let (Some(i0), Some(st)) = (init.as_int(), step.as_int()) {
            if st == 0 {
                return Err(self.rt_error("'for' step is zero"));
            }
            let th = &mut self.th;
            th.stack[ra + 3] = init;
            let Some(lim) = self.to_number(limit) else {
                return Err(self.for_error(limit, "limit"));
            };
            let Some(count) = arith::for_int_count(i0, lim, st) else {
                return Ok(true);
            };
            let cv = self.heap.int(count as i64);
            let th = &mut self.th;
            th.stack[ra + 1] = cv;
            return Ok(false);
        }
        let Some(lim) = self.to_number(limit) else {
            return Err(self.for_error(limit, "limit"));
        };
        let Some(st) = self.to_number(step) else {
            return Err(self.for_error(step, "step"));
        };
        let Some(i0) = self.to_number(init) else {
            return Err(self.for_error(init, "initial value"));
        };
        let (i0, lim, st) = (
            arith::to_float(i0),
            arith::to_float(lim),
            arith::to_float(st),
        );
        if st == 0.0 {
            return Err(self.rt_error("'for' step is zero"));
        }
        if if 0.0 < st { lim < i0 } else { i0 < lim } {
            return Ok(true);
        }
        let th = &mut self.th;
        th.stack[ra] = Value::from_float(i0);
        th.stack[ra + 1] = Value::from_float(lim);
        th.stack[ra + 2] = Value::from_float(st);
        th.stack[ra + 3] = Value::from_float(i0);
        Ok(false)
    }

    fn for_error(&mut self, v: Value, what: &str) -> Exc {
        let t = String::from_utf8_lossy(&self.obj_type_name(v)).into_owned();
        self.rt_error(&format!("bad 'for' {what} (number expected, got {t})"))
    }

    /// FORLOOP for float loops and integer loops with boxed values, on the loop's four
    /// registers (index, counter or limit, step, control variable); true to loop again.
    pub(crate) fn for_loop_slow(&mut self, r: &mut [Value; 4]) -> bool {
        if let (Some(count), Some(step), Some(idx)) = (r[1].as_int(), r[2].as_int(), r[0].as_int())
        {
            if count as u64 > 0 {
                let idx = idx.wrapping_add(step);
                r[1] = self.heap.int((count as u64 - 1) as i64);
                r[0] = self.heap.int(idx);
                r[3] = r[0];
                return true;
            }
            return false;
        }
        let step = r[2].as_float().unwrap_or(0.0);
        let limit = r[1].as_float().unwrap_or(0.0);
        let idx = r[0].as_float().unwrap_or(0.0) + step;
        if if 0.0 < step {
            idx <= limit
        } else {
            limit <= idx
        } {
            r[0] = Value::from_float(idx);
            r[3] = r[0];
            true
        } else {
            false
        }
    }

    // ---------------------------------------------------------------- tostring

    /// `luaL_tolstring`: `__tostring`, `__name`, or the default form.
    pub fn tostring(&mut self, v: Value) -> LResult<Value> {
        let h = self.metamethod(v, Tm::ToString);
        if !h.is_nil() {
            // One argument, and no yields through it (`luaL_callmeta`'s `lua_call`).
            let r = self.call_function1(h, &[v])?;
            if r.is_number() {
                let b = self.tostring_basic(r);
                return Ok(self.str(&b));
            }
            if !r.is_string() {
                return Err(self.rt_error_plain("'__tostring' must return a string"));
            }
            return Ok(r);
        }
        if v.is_string() {
            return Ok(v);
        }
        if let Some(n) = self.to_number_raw(v) {
            let mut b = self.take_buf();
            number::fmt_number(n, &mut b);
            return Ok(self.str_from_buf(b));
        }
        let b = self.tostring_basic(v);
        Ok(self.str(&b))
    }

    /// The default string form of a value (no metamethods except `__name`).
    pub fn tostring_basic(&self, v: Value) -> Vec<u8> {
        use crate::vm::value::Unpacked;
        let mut out = Vec::new();
        if let Some(n) = self.to_number_raw(v) {
            number::fmt_number(n, &mut out);
            return out;
        }
        match v.unpack() {
            Unpacked::Nil => out.extend_from_slice(b"nil"),
            Unpacked::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
            Unpacked::LightUserData(p) => {
                out.extend_from_slice(format!("userdata: 0x{p:x}").as_bytes())
            }
            Unpacked::Object(_, addr) => {
                if let Some(s) = v.as_string() {
                    return s.as_bytes().to_vec();
                }
                let name = self.obj_type_name(v);
                out.extend_from_slice(&name);
                out.extend_from_slice(b": ");
                out.extend_from_slice(format!("0x{addr:x}").as_bytes());
            }
            _ => {}
        }
        out
    }
}

fn num_eq(a: Number, b: Number) -> bool {
    arith::cmp_numbers(a, b) == Some(std::cmp::Ordering::Equal)
}

pub fn num_lt(a: Number, b: Number) -> bool {
    arith::cmp_numbers(a, b) == Some(std::cmp::Ordering::Less)
}

pub fn num_le(a: Number, b: Number) -> bool {
    matches!(
        arith::cmp_numbers(a, b),
        Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
    )
}
