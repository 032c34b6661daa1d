//! The string library (§6.4) and the string metatable (`__index` and the arithmetic
//! metamethods that coerce numeric strings, as lstrlib.c installs them).

use std::borrow::Cow;

use gc_arena::{Gc, Mutation};

use moonlab::shared::arith::{arith, ArithError, ArithOp};
use moonlab::shared::format::{self, FormatArgs, FormatError, Literal};
use moonlab::shared::limits::MAX_STRING;
use moonlab::shared::string_lib;
use moonlab::shared::tm::Tm;

use crate::machine::{Args, Ctx, Flow, LuaError, Root};
use crate::meta::{number_value, to_number};
use crate::stdlib::aux::{new_table, register, set_global, NResult};
use crate::value::*;

pub fn open<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>) {
    let t = new_table(mc);
    register(
        mc,
        t,
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
            ("pack", str_pack),
            ("packsize", str_packsize),
            ("unpack", str_unpack),
        ],
    );
    crate::stdlib::pattern::register_into(mc, t);
    set_global(mc, root, "string", Value::Table(t));
    let meta = new_table(mc);
    meta.borrow_mut(mc)
        .set(Value::str(mc, Tm::Index.name().as_bytes()), Value::Table(t))
        .expect("keys");
    let arith_fns = STRING_ARITH.map(|(op, f)| (Tm::of_arith(op).name(), f));
    register(mc, meta, &arith_fns);
    root.string_meta.unlock(mc).set(Some(meta));
}

fn ret<'gc>(v: Value<'gc>) -> NResult<'gc> {
    Ok(Flow::Return(vec![v]))
}

/// `string.dump(f [, strip])`: the reference's binary chunk of `f` (`chunk.rs`: its
/// chunk's source text and which function of it `f` is).
fn dump<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    match args.first() {
        Some(Value::Func(Function::Lua(c))) => {
            let strip = args.get(1).is_some_and(|v| v.truthy());
            let bytes = crate::chunk::dump(&c.proto, strip);
            ret(Value::str(ctx.mc, &bytes))
        }
        Some(Value::Func(Function::Native(_))) => {
            Err(ctx.lib_error("unable to dump given function"))
        }
        _ => Err(ctx.arg_type_error(&args, 1, "function")),
    }
}

fn len<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    ret(Value::Int(s.len() as i64))
}

fn sub<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    let i = ctx.check_int(&args, 2)?;
    let j = ctx.opt_int(&args, 3, -1)?;
    let range = string_lib::sub_range(s.len(), i, j);
    ctx.charge_bytes(range.len() as u128)?;
    let v = ctx.new_string(s[range].to_vec())?;
    ret(v)
}

fn upper<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    ctx.charge_bytes(s.len() as u128)?;
    ctx.reserve(s.len())?;
    let out = string_lib::upper(&s).map_err(|e| ctx.raise(e))?;
    ret(ctx.new_string(out)?)
}

fn lower<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    ctx.charge_bytes(s.len() as u128)?;
    ctx.reserve(s.len())?;
    let out = string_lib::lower(&s).map_err(|e| ctx.raise(e))?;
    ret(ctx.new_string(out)?)
}

fn rep<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    let n = ctx.check_int(&args, 2)?;
    let sep = ctx.opt_str(&args, 3)?.unwrap_or_default();
    let size = (s.len() + sep.len()) as u128 * n.max(0) as u128;
    if size <= MAX_STRING as u128 {
        // (A result too large is the helper's error, whatever the budget.)
        ctx.charge_bytes(size)?;
        ctx.reserve(size as usize)?;
    }
    let out = string_lib::rep(&s, n, &sep, MAX_STRING).map_err(|e| ctx.raise(e))?;
    ret(ctx.new_string(out)?)
}

fn reverse<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    ctx.charge_bytes(s.len() as u128)?;
    ctx.reserve(s.len())?;
    let out = string_lib::reverse(&s).map_err(|e| ctx.raise(e))?;
    ret(ctx.new_string(out)?)
}

fn byte<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let s = ctx.check_str(&args, 1)?;
    // The end defaults to the start as given, before it is made absolute.
    let i = ctx.opt_int(&args, 2, 1)?;
    let j = ctx.opt_int(&args, 3, i)?;
    let range = string_lib::byte_range(s.len(), i, j).map_err(|e| ctx.raise(e))?;
    ctx.check_slice_len(range.len())?;
    Ok(Flow::Return(
        s[range].iter().map(|&b| Value::Int(i64::from(b))).collect(),
    ))
}

fn char<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let mut out = Vec::with_capacity(args.len());
    for n in 1..=args.len() {
        let c = ctx.check_int(&args, n)?;
        out.push(string_lib::char_byte(n, c).map_err(|e| ctx.raise(e))?);
    }
    ret(Value::str(ctx.mc, &out))
}

/// `string.format`'s arguments, fetched as lstrlib.c fetches them.
struct FmtArgs<'c, 'gc, 'o> {
    ctx: &'c mut Ctx<'gc, 'o>,
    args: &'c Args<'gc>,
}

impl<'gc> From<FormatError> for LuaErrorBox<'gc> {
    fn from(e: FormatError) -> Self {
        LuaErrorBox::Format(e)
    }
}

/// Errors while formatting: the engine's own, or the formatter's (worded by the caller).
enum LuaErrorBox<'gc> {
    Lua(LuaError<'gc>),
    Format(FormatError),
}

impl<'gc> FormatArgs for FmtArgs<'_, 'gc, '_> {
    type Error = LuaErrorBox<'gc>;

    fn count(&self) -> usize {
        self.args.len()
    }

    fn int(&mut self, n: usize) -> Result<i64, Self::Error> {
        self.ctx.check_int(self.args, n).map_err(LuaErrorBox::Lua)
    }

    fn float(&mut self, n: usize) -> Result<f64, Self::Error> {
        self.ctx
            .check_number(self.args, n)
            .map(moonlab::shared::arith::to_float)
            .map_err(LuaErrorBox::Lua)
    }

    fn string(&mut self, n: usize) -> Result<Cow<'_, [u8]>, Self::Error> {
        let v = self.args[n - 1];
        self.ctx
            .tostring_bytes(v)
            .map(Cow::Owned)
            .map_err(LuaErrorBox::Lua)
    }

    fn literal(&mut self, n: usize) -> Result<Literal<'_>, Self::Error> {
        Ok(match self.args[n - 1] {
            Value::Str(s) => Literal::Str(Cow::Borrowed(&Gc::as_ref(s).bytes)),
            Value::Int(i) => Literal::Int(i),
            Value::Num(f) => Literal::Float(f),
            Value::Nil => Literal::Nil,
            Value::Bool(b) => Literal::Bool(b),
            _ => Literal::None,
        })
    }

    fn pointer(&mut self, n: usize) -> Result<usize, Self::Error> {
        Ok(match self.args[n - 1] {
            Value::Str(s) if s.bytes.len() <= moonlab::shared::limits::MAX_SHORT_LEN => {
                short_string_address(&s.bytes)
            }
            v => v.ptr(),
        })
    }
}

/// `%p` of a short string. lua5.4 interns strings up to `LUAI_MAXSHORTLEN` bytes, so equal
/// short strings are one object with one address; the reference keeps separate copies, so
/// an address made from the contents (FNV-1a, in a range the heap does not use, 16-byte
/// aligned like an allocation) stands in for it.
fn short_string_address(bytes: &[u8]) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (0x1000_0000_0000 | (h & 0x0fff_ffff_fff0)) as usize
}

fn format_<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let fmt = ctx.check_str(&args, 1)?;
    let mut out = Vec::new();
    let r = {
        let mut fa = FmtArgs {
            ctx: &mut *ctx,
            args: &args,
        };
        format::format(&fmt, &mut fa, &mut out)
    };
    match r {
        Ok(()) => {
            ctx.charge_bytes(out.len() as u128)?;
            ret(ctx.new_string(out)?)
        }
        Err(LuaErrorBox::Lua(e)) => Err(e),
        Err(LuaErrorBox::Format(e)) => match e.arg() {
            Some(n) => Err(ctx.arg_error(n, &String::from_utf8_lossy(&e.message()))),
            None => Err(ctx.lib_error(e.message())),
        },
    }
}

/// `tonum` of lstrlib.c: numbers, and strings that convert to numbers.
fn string_arith<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>, op: ArithOp) -> NResult<'gc> {
    let tm = Tm::of_arith(op);
    let a = args.first().copied().unwrap_or(Value::Nil);
    // lstrlib's `tonum` pushes the converted first operand, which then stands in for a
    // missing second one (so `__unm("3")` works).
    let b = match args.get(1) {
        Some(b) => *b,
        None => to_number(a).map_or(Value::Nil, number_value),
    };
    if let (Some(x), Some(y)) = (to_number(a), to_number(b)) {
        return match arith(op, x, y) {
            Ok(n) => ret(number_value(n)),
            // Raised by `lua_arith` inside a C function: Lua gives these no position.
            Err(ArithError::IDivByZero) => {
                Err(ctx.error_value(Value::str(ctx.mc, b"attempt to divide by zero")))
            }
            Err(ArithError::ModByZero) => {
                Err(ctx.error_value(Value::str(ctx.mc, b"attempt to perform 'n%0'")))
            }
            Err(ArithError::NoIntegerRep) => {
                Err(ctx.error_value(Value::str(ctx.mc, b"number has no integer representation")))
            }
        };
    }
    // trymt: the second operand's own metamethod, unless it is a string.
    if !matches!(b, Value::Str(_)) {
        let name = Value::str(ctx.mc, tm.name().as_bytes());
        if let Some(mt) = ctx.metatable(b) {
            let h = mt.borrow().get(name);
            if !h.is_nil() {
                let r = ctx.call(h, vec![a, b])?;
                return ret(r.first().copied().unwrap_or(Value::Nil));
            }
        }
    }
    let (ta, tb) = (a.type_name(), b.type_name());
    let event = tm.bare_name();
    Err(ctx.lib_error(format!("attempt to {event} a '{ta}' with a '{tb}'")))
}

/// The string metatable's arithmetic metamethods: one native function per operation.
macro_rules! string_arith_fns {
    ($($name:ident => $op:ident;)*) => {
        $(
            fn $name<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
                string_arith(ctx, args, ArithOp::$op)
            }
        )*
        const STRING_ARITH: [(ArithOp, NativeFn); [$(ArithOp::$op),*].len()] =
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

use moonlab::shared::pack::{self, PackArgs, PackError, Packed};

enum PackFail<'gc> {
    Lua(LuaError<'gc>),
    Pack(PackError),
}

impl From<PackError> for PackFail<'_> {
    fn from(e: PackError) -> Self {
        PackFail::Pack(e)
    }
}

struct PArgs<'c, 'gc, 'o> {
    ctx: &'c mut Ctx<'gc, 'o>,
    args: &'c Args<'gc>,
}

impl<'gc> PackArgs for PArgs<'_, 'gc, '_> {
    type Error = PackFail<'gc>;

    fn int(&mut self, n: usize) -> Result<i64, Self::Error> {
        self.ctx.check_int(self.args, n).map_err(PackFail::Lua)
    }

    fn float(&mut self, n: usize) -> Result<f64, Self::Error> {
        self.ctx
            .check_number(self.args, n)
            .map(moonlab::shared::arith::to_float)
            .map_err(PackFail::Lua)
    }

    fn string(&mut self, n: usize) -> Result<Cow<'_, [u8]>, Self::Error> {
        self.ctx
            .check_str(self.args, n)
            .map(|s| Cow::Owned(s.to_vec()))
            .map_err(PackFail::Lua)
    }
}

impl<'gc> Ctx<'gc, '_> {
    fn pack_error(&self, e: PackError) -> LuaError<'gc> {
        let msg = e.message();
        match e.arg() {
            Some(n) => self.arg_error(n, &String::from_utf8_lossy(&msg)),
            None => self.lib_error(msg),
        }
    }
}

pub fn str_pack<'gc>(ctx: &mut Ctx<'gc, '_>, mut args: Args<'gc>) -> NResult<'gc> {
    let fmt = ctx.check_str(&args, 1)?;
    // lstrlib.c pushes a nil to mark the end of the arguments, so a missing value is
    // "got nil", not "got no value".
    args.push(Value::Nil);
    let mut out = Vec::new();
    let r = {
        let mut pa = PArgs {
            ctx: &mut *ctx,
            args: &args,
        };
        pack::pack(&fmt, &mut pa, &mut out)
    };
    match r {
        Ok(()) => {
            ctx.charge_bytes(out.len() as u128)?;
            ret(ctx.new_string(out)?)
        }
        Err(PackFail::Lua(e)) => Err(e),
        Err(PackFail::Pack(e)) => Err(ctx.pack_error(e)),
    }
}

pub fn str_packsize<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let fmt = ctx.check_str(&args, 1)?;
    match pack::packsize(&fmt) {
        Ok(n) => ret(Value::Int(n as i64)),
        Err(e) => Err(ctx.pack_error(e)),
    }
}

pub fn str_unpack<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let fmt = ctx.check_str(&args, 1)?;
    let data = ctx.check_str(&args, 2)?;
    let init = ctx.opt_int(&args, 3, 1)?;
    let (vals, next) = pack::unpack(&fmt, &data, init).map_err(|e| ctx.pack_error(e))?;
    let mut out: Vec<Value<'gc>> = vals
        .into_iter()
        .map(|p| match p {
            Packed::Int(i) => Value::Int(i),
            Packed::Float(f) => Value::Num(f),
            Packed::Str(s) => Value::str(ctx.mc, &s),
        })
        .collect();
    out.push(Value::Int(next as i64 + 1));
    Ok(Flow::Return(out))
}
