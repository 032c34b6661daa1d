//! What the libraries share (lauxlib.c's part): argument checking (`luaL_check*`,
//! `luaL_opt*`, `luaL_tolstring`) and registering a library, as `Ctx` methods and free
//! functions. The VM's twin is src/stdlib/aux.rs: both fetch arguments, each its own way.

use gc_arena::lock::RefLock;
use gc_arena::{Gc, Mutation};

use moonlab::shared::lib_error::LibError;
use moonlab::shared::number::Number;
use moonlab::shared::string_lib::TextPiece;

use crate::machine::{Args, Ctx, Flow, LuaError, Root};
use crate::meta::to_number;
use crate::table::TableObj;
use crate::value::*;

pub type NResult<'gc> = Result<Flow<'gc>, LuaError<'gc>>;

/// A string argument: the Lua string itself (no copy, so library functions stay linear on
/// long strings), or the text of a number.
pub enum StrArg<'gc> {
    Lua(LuaStr<'gc>),
    Owned(Vec<u8>),
}

impl Default for StrArg<'_> {
    fn default() -> Self {
        StrArg::Owned(Vec::new())
    }
}

impl std::ops::Deref for StrArg<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            StrArg::Lua(s) => &s.bytes,
            StrArg::Owned(v) => v,
        }
    }
}

pub fn native<'gc>(mc: &Mutation<'gc>, name: &'static str, f: NativeFn) -> Value<'gc> {
    Value::Func(Function::Native(Gc::new(
        mc,
        NativeClosure {
            name,
            f,
            upvalues: Vec::new(),
        },
    )))
}

pub fn new_table<'gc>(mc: &Mutation<'gc>) -> Table<'gc> {
    Gc::new(mc, RefLock::new(TableObj::new(0, 0)))
}

/// Stores `fns` in table `t` under their names.
pub fn register<'gc>(mc: &Mutation<'gc>, t: Table<'gc>, fns: &[(&'static str, NativeFn)]) {
    for &(name, f) in fns {
        let k = Value::str(mc, name.as_bytes());
        t.borrow_mut(mc)
            .set(k, native(mc, name, f))
            .expect("string keys");
    }
}

/// A value as the functions that join text see it (`table.concat`, `gsub`'s replacement
/// values): its bytes, its number, or its basic type name.
pub fn text_piece<'gc>(v: Value<'gc>) -> TextPiece<'gc> {
    match v {
        Value::Str(s) => TextPiece::Str(&Gc::as_ref(s).bytes),
        Value::Int(i) => TextPiece::Number(Number::Int(i)),
        Value::Num(f) => TextPiece::Number(Number::Float(f)),
        other => TextPiece::Other {
            type_name: other.type_name(),
        },
    }
}

pub fn set_global<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>, name: &str, v: Value<'gc>) {
    let k = Value::str(mc, name.as_bytes());
    root.globals.borrow_mut(mc).set(k, v).expect("string keys");
}

impl<'gc> Ctx<'gc, '_> {
    fn type_name_of_arg(&self, args: &Args<'gc>, n: usize) -> String {
        match args.get(n - 1) {
            None => "no value".into(),
            // A light userdata without `__name` is called so, as luaL_typeerror does.
            Some(Value::LightUserData(_)) => match self.obj_type_name(args[n - 1]) {
                name if name == "userdata" => "light userdata".into(),
                name => name,
            },
            Some(v) => self.obj_type_name(*v),
        }
    }

    /// `luaL_typeerror`.
    pub fn arg_type_error(&self, args: &Args<'gc>, n: usize, expected: &str) -> LuaError<'gc> {
        let got = self.type_name_of_arg(args, n);
        self.arg_error(n, &format!("{expected} expected, got {got}"))
    }

    pub fn check_any(&self, args: &Args<'gc>, n: usize) -> Result<Value<'gc>, LuaError<'gc>> {
        args.get(n - 1)
            .copied()
            .ok_or_else(|| self.arg_error(n, "value expected"))
    }

    pub fn check_table(&self, args: &Args<'gc>, n: usize) -> Result<Table<'gc>, LuaError<'gc>> {
        match args.get(n - 1) {
            Some(Value::Table(t)) => Ok(*t),
            _ => Err(self.arg_type_error(args, n, "table")),
        }
    }

    pub fn check_int(&self, args: &Args<'gc>, n: usize) -> Result<i64, LuaError<'gc>> {
        let v = args.get(n - 1).copied().unwrap_or(Value::Nil);
        match to_number(v) {
            Some(Number::Int(i)) => Ok(i),
            Some(Number::Float(f)) => moonlab::shared::arith::float_to_int(f)
                .ok_or_else(|| self.arg_error(n, "number has no integer representation")),
            None => Err(self.arg_type_error(args, n, "number")),
        }
    }

    pub fn opt_int(&self, args: &Args<'gc>, n: usize, default: i64) -> Result<i64, LuaError<'gc>> {
        match args.get(n - 1) {
            None | Some(Value::Nil) => Ok(default),
            Some(_) => self.check_int(args, n),
        }
    }

    pub fn check_number(&self, args: &Args<'gc>, n: usize) -> Result<Number, LuaError<'gc>> {
        let v = args.get(n - 1).copied().unwrap_or(Value::Nil);
        to_number(v).ok_or_else(|| self.arg_type_error(args, n, "number"))
    }

    /// Raises the error of a shared library rule (`moonlab::shared::lib_error`) as the running
    /// function's own.
    pub fn raise(&self, e: LibError) -> LuaError<'gc> {
        match e {
            LibError::Arg { arg, msg } => self.arg_error(arg, &msg),
            LibError::Plain(msg) => self.lib_error(&*msg),
            // lua5.4's memory error: the message alone, without a position.
            LibError::NoMemory => self.memory_error(false),
        }
    }

    /// An optional integer argument, absent when nil or missing.
    pub fn opt_int_arg(&self, args: &Args<'gc>, n: usize) -> Result<Option<i64>, LuaError<'gc>> {
        match args.get(n - 1) {
            None | Some(Value::Nil) => Ok(None),
            Some(_) => self.check_int(args, n).map(Some),
        }
    }

    /// `luaL_checklstring`: a string argument without copying it (numbers are converted).
    pub fn check_str(&self, args: &Args<'gc>, n: usize) -> Result<StrArg<'gc>, LuaError<'gc>> {
        match args.get(n - 1) {
            Some(Value::Str(s)) => Ok(StrArg::Lua(*s)),
            Some(v @ (Value::Int(_) | Value::Num(_))) => {
                Ok(StrArg::Owned(self.number_to_bytes(*v)))
            }
            _ => Err(self.arg_type_error(args, n, "string")),
        }
    }

    pub fn opt_str(
        &self,
        args: &Args<'gc>,
        n: usize,
    ) -> Result<Option<StrArg<'gc>>, LuaError<'gc>> {
        match args.get(n - 1) {
            None | Some(Value::Nil) => Ok(None),
            Some(_) => self.check_str(args, n).map(Some),
        }
    }

    /// `luaL_tolstring`: `__tostring`, `__name`, or the default representation.
    pub fn tostring_bytes(&mut self, v: Value<'gc>) -> Result<Vec<u8>, LuaError<'gc>> {
        let h = self.metafield(v, self.root.names.tostring);
        if !h.is_nil() {
            let r = self.call(h, vec![v])?;
            return match r.first() {
                Some(Value::Str(s)) => Ok(s.bytes.to_vec()),
                Some(n @ (Value::Int(_) | Value::Num(_))) => Ok(self.number_to_bytes(*n)),
                _ => Err(self.lib_error("'__tostring' must return a string")),
            };
        }
        Ok(match v {
            Value::Nil => b"nil".to_vec(),
            Value::Bool(b) => b.to_string().into_bytes(),
            Value::Int(_) | Value::Num(_) => self.number_to_bytes(v),
            Value::Str(s) => s.bytes.to_vec(),
            _ => {
                let kind = match self.metafield(v, self.root.names.name) {
                    Value::Str(s) => String::from_utf8_lossy(&s.bytes).into_owned(),
                    _ => v.type_name().to_string(),
                };
                format!("{kind}: 0x{:x}", v.ptr()).into_bytes()
            }
        })
    }
}
