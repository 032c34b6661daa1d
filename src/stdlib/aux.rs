//! What the libraries share (lauxlib.c's part): argument checking (`luaL_check*`,
//! `luaL_opt*`) and registering a library. Free functions over the running native's view
//! of the VM, as lauxlib's take a `lua_State`, so that `Vm`'s own methods all live in vm/
//! and gc/.

use crate::gc::Gc;
use crate::shared::lib_error::LibError;
use crate::shared::number::{self, Number};
use crate::shared::string_lib::TextPiece;
use crate::vm::error::{Exc, LResult};
use crate::vm::state::Vm;
use crate::vm::string::LuaString;
use crate::vm::table::Table;
use crate::vm::value::Value;

/// A string argument: the Lua string itself (no copy), or the text of a number.
pub enum StrArg {
    Lua(Gc<LuaString>),
    Owned(Vec<u8>),
}

impl std::ops::Deref for StrArg {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            StrArg::Lua(s) => s.as_bytes(),
            StrArg::Owned(v) => v,
        }
    }
}

impl StrArg {
    /// The string's hash (`LuaString::hash`; computed for a converted number).
    #[inline]
    pub fn hash(&self) -> u64 {
        match self {
            StrArg::Lua(s) => s.hash(),
            StrArg::Owned(v) => crate::vm::string::hash_bytes(v),
        }
    }

    pub fn to_value(&self, vm: &Vm) -> Value {
        match self {
            StrArg::Lua(s) => Value::from_string(*s),
            StrArg::Owned(v) => vm.str(v),
        }
    }
}

pub fn check_any(vm: &Vm, n: usize) -> LResult<Value> {
    if n > vm.nargs() {
        return Err(vm.arg_error(n, "value expected"));
    }
    Ok(vm.arg(n))
}

pub fn check_table(vm: &Vm, n: usize) -> LResult<Gc<Table>> {
    vm.arg(n)
        .as_table()
        .ok_or_else(|| vm.arg_type_error(n, "table"))
}

pub fn check_number(vm: &Vm, n: usize) -> LResult<Number> {
    let v = vm.arg(n);
    vm.to_number(v)
        .ok_or_else(|| vm.arg_type_error(n, "number"))
}

pub fn check_float(vm: &Vm, n: usize) -> LResult<f64> {
    Ok(crate::shared::arith::to_float(check_number(vm, n)?))
}

#[allow(dead_code)] // kept for the libraries being written (io, os)
pub fn opt_number(vm: &Vm, n: usize, default: Number) -> LResult<Number> {
    if vm.arg(n).is_nil() {
        Ok(default)
    } else {
        check_number(vm, n)
    }
}

// The usual argument (an inline integer, a string) is taken inline in the library
// function; conversions and errors are out of line.

/// `luaL_checkinteger`: integers, floats with an exact integer value, numeric strings.
#[inline]
pub fn check_int(vm: &Vm, n: usize) -> LResult<i64> {
    match vm.arg(n).as_int() {
        Some(i) => Ok(i),
        None => check_int_slow(vm, n),
    }
}

#[inline(never)]
fn check_int_slow(vm: &Vm, n: usize) -> LResult<i64> {
    let v = vm.arg(n);
    match vm.to_number(v) {
        Some(Number::Int(i)) => Ok(i),
        Some(Number::Float(f)) => crate::shared::arith::float_to_int(f)
            .ok_or_else(|| vm.arg_error(n, "number has no integer representation")),
        None => Err(vm.arg_type_error(n, "number")),
    }
}

#[inline]
pub fn opt_int(vm: &Vm, n: usize, default: i64) -> LResult<i64> {
    if vm.arg(n).is_nil() {
        Ok(default)
    } else {
        check_int(vm, n)
    }
}

/// `luaL_checklstring`: strings, and numbers converted to their text.
#[inline]
pub fn check_str(vm: &Vm, n: usize) -> LResult<StrArg> {
    match vm.arg(n).as_string() {
        Some(s) => Ok(StrArg::Lua(s)),
        None => check_str_slow(vm, n),
    }
}

#[inline(never)]
fn check_str_slow(vm: &Vm, n: usize) -> LResult<StrArg> {
    let v = vm.arg(n);
    if let Some(num) = vm.to_number_raw(v) {
        let mut out = Vec::new();
        number::fmt_number(num, &mut out);
        return Ok(StrArg::Owned(out));
    }
    Err(vm.arg_type_error(n, "string"))
}

pub fn opt_str(vm: &Vm, n: usize) -> LResult<Option<StrArg>> {
    if vm.arg(n).is_nil() {
        Ok(None)
    } else {
        check_str(vm, n).map(Some)
    }
}

/// Raises the error of a shared library rule (`shared::lib_error`) as the running
/// function's own.
pub fn raise(vm: &mut Vm, e: LibError) -> Exc {
    match e {
        LibError::Arg { arg, msg } => vm.arg_error(arg, &msg),
        LibError::Plain(msg) => vm.lib_error(&msg),
        LibError::NoMemory => vm.memory_error(),
    }
}

/// `v` as the functions that join text see it (`table.concat`, `gsub`'s replacement
/// values). `string` is `v.as_string()`, kept by the caller: the piece borrows its bytes.
#[inline]
pub fn text_piece<'s>(vm: &Vm, v: Value, string: &'s Option<Gc<LuaString>>) -> TextPiece<'s> {
    if let Some(s) = string {
        return TextPiece::Str(s.as_bytes());
    }
    match vm.to_number_raw(v) {
        Some(n) => TextPiece::Number(n),
        None => TextPiece::Other {
            type_name: vm.type_name(v),
        },
    }
}

/// `luaL_checkoption`.
pub fn check_option(vm: &Vm, n: usize, default: Option<&str>, options: &[&str]) -> LResult<usize> {
    let name: Vec<u8> = match (vm.arg(n).is_nil(), default) {
        (true, Some(d)) => d.as_bytes().to_vec(),
        _ => check_str(vm, n)?.to_vec(),
    };
    options
        .iter()
        .position(|o| o.as_bytes() == &name[..])
        .ok_or_else(|| {
            vm.arg_error(
                n,
                &format!("invalid option '{}'", String::from_utf8_lossy(&name)),
            )
        })
}

/// Registers a library table of natives under `name` in `package.loaded` (and as a
/// global unless it is the base library).
pub fn register_lib(
    vm: &mut Vm,
    name: &str,
    fns: &[(&'static str, crate::vm::function::NativeFn)],
) -> Gc<Table> {
    let t = if name == "_G" {
        vm.globals
    } else {
        vm.new_table(0, fns.len())
    };
    for &(n, f) in fns {
        let k = vm.str(n.as_bytes());
        let v = vm.native(n, f);
        t.set(&vm.heap, k, v).expect("string key");
    }
    let loaded = loaded(vm);
    let k = vm.str(name.as_bytes());
    loaded
        .set(&vm.heap, k, Value::from_table(t))
        .expect("string key");
    if name != "_G" {
        vm.set_global(name, Value::from_table(t));
    }
    t
}

/// `package.loaded` (`LUA_LOADED_TABLE` in the registry), made on first use.
pub fn loaded(vm: &mut Vm) -> Gc<Table> {
    let key = vm.str(b"_LOADED");
    if let Some(t) = vm.registry.get(key).as_table() {
        return t;
    }
    let t = vm.new_table(0, 8);
    vm.registry
        .set(&vm.heap, key, Value::from_table(t))
        .expect("string key");
    t
}
