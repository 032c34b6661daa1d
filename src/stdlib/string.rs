//! The string library (§6.4) on the VM, and the string metatable (`__index` and the
//! arithmetic metamethods that coerce numeric strings, as lstrlib.c installs them).

use crate::stdlib::aux::{
    check_float, check_int, check_number, check_str, opt_int, opt_str, raise, register_lib,
    text_piece, StrArg,
};
use std::borrow::Cow;

use crate::gc::Gc;
use crate::shared::arith::{arith, to_float, ArithError, ArithOp};
use crate::shared::format::{self, FormatArgs, FormatError, Literal};
use crate::shared::limits::MAX_STRING;
use crate::shared::number;
use crate::shared::pack::{self, PackArgs, PackError, Packed};
use crate::shared::pattern::{self, Capture, Gmatch, Gsub, Match, PatternError};
use crate::shared::string_lib;
use crate::shared::tm::Tm;
use crate::vm::error::{Exc, LResult};
use crate::vm::object::LuaType;
use crate::vm::state::Vm;
use crate::vm::string::LuaString;
use crate::vm::value::{Unpacked, Value};

pub fn open(vm: &mut Vm) {
    let t = register_lib(
        vm,
        "string",
        &[
            ("len", len),
            ("dump", dump),
            ("sub", sub),
            ("upper", upper),
            ("lower", lower),
            ("rep", rep),
            ("reverse", reverse),
            ("byte", byte),
            ("char", char),
            ("format", format_),
            ("find", find),
            ("match", match_),
            ("gmatch", gmatch),
            ("gsub", gsub),
            ("pack", str_pack),
            ("packsize", str_packsize),
            ("unpack", str_unpack),
        ],
    );
    let meta = vm.new_table(0, 9);
    for (op, f) in STRING_ARITH {
        let name = Tm::of_arith(op).name();
        let k = vm.str(name.as_bytes());
        let v = vm.native(name, f);
        meta.set(&vm.heap, k, v).expect("string key");
    }
    let k = vm.tm_name(Tm::Index);
    meta.set(&vm.heap, k, Value::from_table(t))
        .expect("string key");
    vm.type_mt[LuaType::String.index()] = Some(meta);
}

/// Pushes every value of `vals` as a result.
#[inline]
pub(crate) fn push_all(vm: &mut Vm, vals: &[Value]) -> LResult<usize> {
    vm.check_stack(vals.len())?;
    for &v in vals {
        vm.push(v)?;
    }
    Ok(vals.len())
}

/// The text of a number (`lua_tolstring` on a number).
pub(crate) fn number_bytes(vm: &Vm, v: Value, out: &mut Vec<u8>) {
    if let Some(n) = vm.to_number_raw(v) {
        number::fmt_number(n, out);
    }
}

/// `string.dump(f [, strip])`: a Lua function's prototype as a binary chunk (the format of
/// `compiler::dump`); its upvalues are not saved. Natives cannot be dumped.
fn dump(vm: &mut Vm) -> LResult<usize> {
    let f = vm.arg(1);
    if !f.is_function() {
        return Err(vm.arg_type_error(1, "function"));
    }
    let strip = vm.arg(2).is_truthy();
    let Some(cl) = f.as_lua_closure() else {
        return Err(vm.lib_error("unable to dump given function"));
    };
    let bytes = crate::compiler::dump::dump(&cl.proto.p, strip);
    let s = vm.str(&bytes);
    vm.ret1(s)
}

fn len(vm: &mut Vm) -> LResult<usize> {
    let n = check_str(vm, 1)?.len() as i64;
    let r = vm.heap.int(n);
    vm.ret1(r)
}

fn sub(vm: &mut Vm) -> LResult<usize> {
    let s = check_str(vm, 1)?;
    let range = string_lib::sub_range(s.len(), check_int(vm, 2)?, opt_int(vm, 3, -1)?);
    vm.charge_bytes(range.len() as u128)?;
    let v = vm.str(&s[range]);
    vm.ret1(v)
}

fn upper(vm: &mut Vm) -> LResult<usize> {
    let s = check_str(vm, 1)?;
    vm.charge_bytes(s.len() as u128)?;
    vm.reserve(s.len())?;
    let out = string_lib::upper(&s).map_err(|e| raise(vm, e))?;
    let v = vm.str_owned(out);
    vm.ret1(v)
}

fn lower(vm: &mut Vm) -> LResult<usize> {
    let s = check_str(vm, 1)?;
    vm.charge_bytes(s.len() as u128)?;
    vm.reserve(s.len())?;
    let out = string_lib::lower(&s).map_err(|e| raise(vm, e))?;
    let v = vm.str_owned(out);
    vm.ret1(v)
}

fn rep(vm: &mut Vm) -> LResult<usize> {
    let s = check_str(vm, 1)?;
    let n = check_int(vm, 2)?;
    let sep = opt_str(vm, 3)?;
    let sep: &[u8] = sep.as_deref().unwrap_or(&[]);
    let size = (s.len() + sep.len()) as u128 * n.max(0) as u128;
    if size <= MAX_STRING as u128 {
        // (A result too large is the helper's error, whatever the budget and the memory.)
        vm.charge_bytes(size)?;
        vm.reserve(size as usize)?;
    }
    let out = string_lib::rep(&s, n, sep, MAX_STRING).map_err(|e| raise(vm, e))?;
    let v = vm.str_owned(out);
    vm.ret1(v)
}

fn reverse(vm: &mut Vm) -> LResult<usize> {
    let s = check_str(vm, 1)?;
    vm.charge_bytes(s.len() as u128)?;
    vm.reserve(s.len())?;
    let out = string_lib::reverse(&s).map_err(|e| raise(vm, e))?;
    let v = vm.str_owned(out);
    vm.ret1(v)
}

fn byte(vm: &mut Vm) -> LResult<usize> {
    // `s:byte(i)` with a string and an integer, the usual call: one byte or none, without
    // the general argument checks and range.
    if vm.nargs() == 2 {
        if let (Some(s), Some(i)) = (vm.arg(1).as_string(), vm.arg(2).as_int()) {
            let bytes = s.as_bytes();
            let range = string_lib::byte_range(bytes.len(), i, i).map_err(|e| raise(vm, e))?;
            return match bytes.get(range) {
                Some(&[b]) => vm.ret1(Value::inline_int_unchecked(i64::from(b))),
                _ => Ok(0),
            };
        }
    }
    let s = check_str(vm, 1)?;
    let i = opt_int(vm, 2, 1)?;
    let range = string_lib::byte_range(s.len(), i, opt_int(vm, 3, i)?).map_err(|e| raise(vm, e))?;
    let n = range.len();
    vm.check_stack_for(n, "string slice too long")?;
    for &b in &s[range] {
        vm.push(Value::inline_int_unchecked(i64::from(b)))?;
    }
    Ok(n)
}

fn char(vm: &mut Vm) -> LResult<usize> {
    let n = vm.nargs();
    let mut out = vm.take_buf();
    for i in 1..=n {
        let c = check_int(vm, i)?;
        out.push(string_lib::char_byte(i, c).map_err(|e| raise(vm, e))?);
    }
    let v = vm.str_from_buf(out);
    vm.ret1(v)
}

// -------------------------------------------------------------------- format

/// Errors while formatting: the engine's own, or the formatter's (worded by the caller).
enum FmtFail {
    Lua(Exc),
    Format(FormatError),
}

impl From<FormatError> for FmtFail {
    fn from(e: FormatError) -> Self {
        FmtFail::Format(e)
    }
}

/// `string.format`'s arguments, fetched as lstrlib.c fetches them.
struct FmtArgs<'a> {
    vm: &'a mut Vm,
    /// The string argument `%s` reads, held so its bytes can be lent without a copy.
    held: Option<Gc<LuaString>>,
}

impl FormatArgs for FmtArgs<'_> {
    type Error = FmtFail;

    fn count(&self) -> usize {
        self.vm.nargs()
    }

    fn int(&mut self, n: usize) -> Result<i64, FmtFail> {
        check_int(self.vm, n).map_err(FmtFail::Lua)
    }

    fn float(&mut self, n: usize) -> Result<f64, FmtFail> {
        check_float(self.vm, n).map_err(FmtFail::Lua)
    }

    fn string(&mut self, n: usize) -> Result<Cow<'_, [u8]>, FmtFail> {
        let v = self.vm.arg(n);
        if let Some(s) = v.as_string() {
            if self.vm.metamethod(v, Tm::ToString).is_nil() {
                let s = self.held.insert(s);
                return Ok(Cow::Borrowed(s.as_bytes()));
            }
        }
        tolstring(self.vm, v).map(Cow::Owned).map_err(FmtFail::Lua)
    }

    fn literal(&mut self, n: usize) -> Result<Literal<'_>, FmtFail> {
        let v = self.vm.arg(n);
        Ok(if let Some(s) = v.as_string() {
            Literal::Str(Cow::Owned(s.as_bytes().to_vec()))
        } else if let Some(i) = v.as_int() {
            Literal::Int(i)
        } else if let Some(f) = v.as_float() {
            Literal::Float(f)
        } else if v.is_nil() {
            Literal::Nil
        } else if v == Value::TRUE || v == Value::FALSE {
            Literal::Bool(v == Value::TRUE)
        } else {
            Literal::None
        })
    }

    fn pointer(&mut self, n: usize) -> Result<usize, FmtFail> {
        Ok(match self.vm.arg(n).unpack() {
            Unpacked::LightUserData(p) => p,
            Unpacked::Object(crate::vm::value::ObjKind::BoxedInt, _) => 0,
            Unpacked::Object(_, addr) => addr,
            _ => 0,
        })
    }
}

/// `luaL_tolstring`'s text: `__tostring` may give a string or a number.
pub(crate) fn tolstring(vm: &mut Vm, v: Value) -> LResult<Vec<u8>> {
    let h = vm.metamethod(v, Tm::ToString);
    if h.is_nil() {
        let s = vm.tostring(v)?;
        return Ok(s
            .as_string()
            .map_or_else(Vec::new, |s| s.as_bytes().to_vec()));
    }
    let r = vm.call_function1(h, &[v])?;
    if let Some(s) = r.as_string() {
        return Ok(s.as_bytes().to_vec());
    }
    if r.is_number() {
        let mut out = Vec::new();
        number_bytes(vm, r, &mut out);
        return Ok(out);
    }
    Err(vm.lib_error("'__tostring' must return a string"))
}

fn format_(vm: &mut Vm) -> LResult<usize> {
    let fmt = check_str(vm, 1)?;
    let mut out = vm.take_buf();
    let r = format::format(
        &fmt,
        &mut FmtArgs {
            vm: &mut *vm,
            held: None,
        },
        &mut out,
    );
    match r {
        Ok(()) => {
            vm.charge_bytes(out.len() as u128)?;
            let v = vm.str_from_buf(out);
            vm.ret1(v)
        }
        Err(FmtFail::Lua(e)) => Err(e),
        Err(FmtFail::Format(e)) => match e.arg() {
            Some(n) => Err(vm.arg_error(n, &String::from_utf8_lossy(&e.message()))),
            None => Err(vm.lib_error_bytes(&e.message())),
        },
    }
}

// -------------------------------------------------------------------- arithmetic

/// `tonum` of lstrlib.c: numbers, and strings that convert to numbers.
fn string_arith(vm: &mut Vm, op: ArithOp) -> LResult<usize> {
    let tm = Tm::of_arith(op);
    let a = vm.arg(1);
    // lstrlib's `tonum` pushes the converted first operand, which then stands in for a
    // missing second one (so `__unm("3")` works).
    let b = if vm.nargs() >= 2 {
        vm.arg(2)
    } else {
        vm.to_number(a).map_or(Value::NIL, |n| vm.number_value(n))
    };
    if let (Some(x), Some(y)) = (vm.to_number(a), vm.to_number(b)) {
        return match arith(op, x, y) {
            Ok(n) => {
                let v = vm.number_value(n);
                vm.ret1(v)
            }
            // Raised by `lua_arith` inside a C function: Lua gives these no position.
            Err(ArithError::IDivByZero) => Err(vm.error_str(b"attempt to divide by zero")),
            Err(ArithError::ModByZero) => Err(vm.error_str(b"attempt to perform 'n%0'")),
            Err(ArithError::NoIntegerRep) => {
                Err(vm.error_str(b"number has no integer representation"))
            }
        };
    }
    // trymt: the second operand's own metamethod, unless it is a string.
    if !b.is_string() {
        let h = vm.metamethod(b, tm);
        if !h.is_nil() {
            let r = vm.call_function1(h, &[a, b])?;
            return vm.ret1(r);
        }
    }
    let event = tm.bare_name();
    let (ta, tb) = (vm.type_name(a), vm.type_name(b));
    Err(vm.lib_error(&format!("attempt to {event} a '{ta}' with a '{tb}'")))
}

/// The string metatable's arithmetic metamethods: one native function per operation.
macro_rules! string_arith_fns {
    ($($name:ident => $op:ident;)*) => {
        $(
            fn $name(vm: &mut Vm) -> LResult<usize> {
                string_arith(vm, ArithOp::$op)
            }
        )*
        const STRING_ARITH: [(ArithOp, crate::vm::function::NativeFn); [$(ArithOp::$op),*].len()] =
            [$((ArithOp::$op, $name)),*];
    };
}

string_arith_fns! {
    arith_add => Add;
    arith_sub => Sub;
    arith_mul => Mul;
    arith_mod => Mod;
    arith_pow => Pow;
    arith_div => Div;
    arith_idiv => IDiv;
    arith_unm => Unm;
}

// -------------------------------------------------------------------- pack

enum PackFail {
    Lua(Exc),
    Pack(PackError),
}

impl From<PackError> for PackFail {
    fn from(e: PackError) -> Self {
        PackFail::Pack(e)
    }
}

struct PArgs<'a> {
    vm: &'a mut Vm,
}

impl PackArgs for PArgs<'_> {
    type Error = PackFail;

    fn int(&mut self, n: usize) -> Result<i64, PackFail> {
        check_int(self.vm, n).map_err(PackFail::Lua)
    }

    fn float(&mut self, n: usize) -> Result<f64, PackFail> {
        check_number(self.vm, n)
            .map(to_float)
            .map_err(PackFail::Lua)
    }

    fn string(&mut self, n: usize) -> Result<Cow<'_, [u8]>, PackFail> {
        check_str(self.vm, n)
            .map(|s| Cow::Owned(s.to_vec()))
            .map_err(PackFail::Lua)
    }
}

fn pack_error(vm: &Vm, e: PackError) -> Exc {
    let msg = e.message();
    match e.arg() {
        Some(n) => vm.arg_error(n, &String::from_utf8_lossy(&msg)),
        None => vm.lib_error_bytes(&msg),
    }
}

fn str_pack(vm: &mut Vm) -> LResult<usize> {
    let fmt = check_str(vm, 1)?;
    // lstrlib.c pushes a nil to mark the end of the arguments, so a missing value is
    // "got nil", not "got no value".
    vm.push(Value::NIL)?;
    let mut out = Vec::new();
    let r = pack::pack(&fmt, &mut PArgs { vm: &mut *vm }, &mut out);
    match r {
        Ok(()) => {
            vm.charge_bytes(out.len() as u128)?;
            let v = vm.str_owned(out);
            vm.ret1(v)
        }
        Err(PackFail::Lua(e)) => Err(e),
        Err(PackFail::Pack(e)) => Err(pack_error(vm, e)),
    }
}

fn str_packsize(vm: &mut Vm) -> LResult<usize> {
    let fmt = check_str(vm, 1)?;
    match pack::packsize(&fmt) {
        Ok(n) => {
            let v = vm.heap.int(n as i64);
            vm.ret1(v)
        }
        Err(e) => Err(pack_error(vm, e)),
    }
}

fn str_unpack(vm: &mut Vm) -> LResult<usize> {
    let fmt = check_str(vm, 1)?;
    let data = check_str(vm, 2)?;
    let init = opt_int(vm, 3, 1)?;
    let (vals, next) = pack::unpack(&fmt, &data, init).map_err(|e| pack_error(vm, e))?;
    vm.check_stack(vals.len() + 1)?;
    let n = vals.len() + 1;
    for p in vals {
        let v = match p {
            Packed::Int(i) => vm.heap.int(i),
            Packed::Float(f) => Value::from_float(f),
            Packed::Str(s) => vm.str(&s),
        };
        vm.push(v)?;
    }
    let v = vm.heap.int(next as i64 + 1);
    vm.push(v)?;
    Ok(n)
}

// -------------------------------------------------------------------- patterns

fn pattern_error(vm: &mut Vm, e: PatternError) -> Exc {
    match e {
        PatternError::OutOfSteps => vm.limit_error(),
        PatternError::NoMemory => vm.memory_error(),
        e => vm.lib_error(&e.to_string()),
    }
}

fn capture_value(vm: &Vm, subject: &[u8], c: Capture) -> Value {
    match c {
        Capture::Span { start, end } => vm.str(&subject[start..end]),
        Capture::Position(p) => vm.heap.int(p as i64 + 1),
    }
}

fn captures_of(vm: &Vm, subject: &[u8], m: &Match, whole_if_none: bool) -> LResult<Vec<Value>> {
    let caps = if whole_if_none {
        m.captures()
    } else {
        m.find_captures()
    }
    .map_err(|e| vm.lib_error(&e.to_string()))?;
    Ok(caps
        .into_iter()
        .map(|c| capture_value(vm, subject, c))
        .collect())
}

/// Pushes a match's captures (`push_captures` of lstrlib.c) straight onto the stack, as
/// they are made: no vector of captures, then of values, per match.
fn push_captures(vm: &mut Vm, subject: &[u8], m: &Match, whole_if_none: bool) -> LResult<usize> {
    let n = if whole_if_none {
        m.level().max(1)
    } else {
        m.level()
    };
    vm.check_stack(n)?;
    for i in 0..n {
        let c = m.capture(i).map_err(|e| vm.lib_error(&e.to_string()))?;
        let v = capture_value(vm, subject, c);
        vm.push(v)?;
    }
    Ok(n)
}

/// `find`'s and `match`'s usual arguments (two strings, an integer start or none, and
/// `plain`), read from one look at the frame; `None` sends the call to the checks.
#[inline]
fn find_args(vm: &Vm) -> Option<(Gc<LuaString>, Gc<LuaString>, i64, bool)> {
    let a = vm.args();
    let s = a.first()?.as_string()?;
    let p = a.get(1)?.as_string()?;
    let init = match a.get(2) {
        Some(v) if !v.is_nil() => v.as_int()?,
        _ => 1,
    };
    Some((s, p, init, a.get(3).is_some_and(|v| v.is_truthy())))
}

fn str_find_aux(vm: &mut Vm, find: bool) -> LResult<usize> {
    let (s, p, init, plain) = match find_args(vm) {
        Some((s, p, init, plain)) => (StrArg::Lua(s), StrArg::Lua(p), init, plain),
        None => (
            check_str(vm, 1)?,
            check_str(vm, 2)?,
            opt_int(vm, 3, 1)?,
            vm.arg(4).is_truthy(),
        ),
    };
    let Some(init) = string_lib::search_start(init, s.len()) else {
        return vm.ret1(Value::NIL);
    };
    if find && (plain || !pattern::has_specials(&p)) {
        vm.charge_bytes((s.len() - init) as u128)?;
        return match pattern::find_plain(&s, &p, init) {
            Some(at) => {
                let a = vm.heap.int(at as i64 + 1);
                let b = vm.heap.int((at + p.len()) as i64);
                push_all(vm, &[a, b])
            }
            None => vm.ret1(Value::NIL),
        };
    }
    let mut steps = vm.work_left();
    let m = pattern::find_cached(&s, &p, p.hash(), init, &mut steps, &mut vm.pattern_cache);
    vm.work_done(steps);
    let m = m.map_err(|e| pattern_error(vm, e))?;
    let Some(m) = m else {
        return vm.ret1(Value::NIL);
    };
    if find {
        let a = vm.heap.int(m.start as i64 + 1);
        let b = vm.heap.int(m.end as i64);
        push_all(vm, &[a, b])?;
        if m.level() == 0 {
            return Ok(2); // no captures to push (the usual `find`)
        }
        Ok(2 + push_captures(vm, &s, &m, false)?)
    } else {
        push_captures(vm, &s, &m, true)
    }
}

fn find(vm: &mut Vm) -> LResult<usize> {
    str_find_aux(vm, true)
}

fn match_(vm: &mut Vm) -> LResult<usize> {
    str_find_aux(vm, false)
}

/// The iterator `gmatch` returns: its upvalues are the subject, the pattern, the next
/// offset and the end of the last match (-1 for none).
fn gmatch_aux(vm: &mut Vm) -> LResult<usize> {
    let s = vm.upvalue(0).as_string().expect("gmatch subject");
    let p = vm.upvalue(1).as_string().expect("gmatch pattern");
    let src = vm.upvalue(2).as_int().unwrap_or(0);
    let last = vm.upvalue(3).as_int().unwrap_or(-1);
    let mut g = Gmatch::resume(src as usize, (last >= 0).then_some(last as usize));
    let mut steps = vm.work_left();
    let m = g.next_match_cached(
        s.as_bytes(),
        p.as_bytes(),
        p.hash(),
        &mut steps,
        &mut vm.pattern_cache,
    );
    vm.work_done(steps);
    let m = m.map_err(|e| pattern_error(vm, e))?;
    let (src, last) = g.position();
    let srcv = vm.heap.int(src as i64);
    vm.set_upvalue(2, srcv);
    let lastv = vm.heap.int(last.map_or(-1, |l| l as i64));
    vm.set_upvalue(3, lastv);
    match m {
        None => Ok(0),
        Some(m) => push_captures(vm, s.as_bytes(), &m, true),
    }
}

fn gmatch(vm: &mut Vm) -> LResult<usize> {
    let s = check_str(vm, 1)?;
    let p = check_str(vm, 2)?;
    let start = string_lib::gmatch_start(opt_int(vm, 3, 1)?, s.len());
    let sv = s.to_value(vm);
    let pv = p.to_value(vm);
    let startv = vm.heap.int(start as i64);
    let f = vm.native_with(
        "gmatch_aux",
        gmatch_aux,
        vec![sv, pv, startv, Value::inline_int_unchecked(-1)],
        crate::vm::function::Special::None,
    );
    vm.ret1(f)
}

fn gsub(vm: &mut Vm) -> LResult<usize> {
    let s = check_str(vm, 1)?;
    let p = check_str(vm, 2)?;
    let repl = vm.arg(3);
    if !(repl.is_string() || repl.is_number() || repl.is_table() || repl.is_function()) {
        return Err(vm.arg_type_error(3, "string/function/table"));
    }
    let repl_str = if repl.is_string() || repl.is_number() {
        Some(check_str(vm, 3)?)
    } else {
        None
    };
    let max = opt_int(vm, 4, s.len() as i64 + 1)?;
    let mut g = Gsub::new(max);
    vm.reserve(s.len())?;
    let mut out = vm.take_buf();
    if out.try_reserve_exact(s.len()).is_err() {
        return Err(raise(vm, crate::shared::lib_error::LibError::NoMemory));
    }
    let mut last = 0;
    // lua5.4 returns the subject itself when no replacement changed it (a table or
    // function giving false or nil keeps the match).
    let mut changed = false;
    loop {
        // The result is not in the heap's count until it becomes a string: check it
        // against the memory limit as it grows.
        if out.len() > vm.heap.room() {
            vm.reserve(out.len())?;
        }
        let mut steps = vm.work_left();
        let m = g.next_match_cached(&s, &p, p.hash(), &mut steps, &mut vm.pattern_cache);
        vm.work_done(steps);
        let Some(m) = m.map_err(|e| pattern_error(vm, e))? else {
            break;
        };
        out.extend_from_slice(&s[last..m.start]); // (within the subject's size, reserved)
        let whole = &s[m.start..m.end];
        match &repl_str {
            Some(r) => {
                changed = true;
                pattern::expand_replacement(r, &s, &m, &mut out)
                    .map_err(|e| pattern_error(vm, e))?
            }
            None => {
                // One capture (or the whole match), the usual case, without a vector.
                let one;
                let many;
                let caps: &[Value] = if m.level() <= 1 {
                    let c = m.capture(0).map_err(|e| vm.lib_error(&e.to_string()))?;
                    one = [capture_value(vm, &s, c)];
                    &one
                } else {
                    many = captures_of(vm, &s, &m, true)?;
                    &many
                };
                let v = if repl.is_table() {
                    let first = caps.first().copied().unwrap_or(Value::NIL);
                    vm.index(repl, first)?
                } else {
                    vm.call_function1(repl, caps)?
                };
                let string = v.as_string();
                let value = v.is_truthy().then(|| text_piece(vm, v, &string));
                changed |= value.is_some();
                string_lib::add_replacement(&mut out, whole, value).map_err(|e| raise(vm, e))?;
            }
        }
        last = m.end;
    }
    let r = if changed {
        out.extend_from_slice(&s[last..]);
        vm.str_from_buf(out)
    } else {
        s.to_value(vm)
    };
    let c = vm.heap.int(g.count());
    push_all(vm, &[r, c])
}
