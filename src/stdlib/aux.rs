//! Argument checking shared by the libraries (lauxlib.c's `luaL_check*` / `luaL_opt*`).

use crate::gc::Gc;
use crate::text::number::{self, Number};
use crate::vm::error::LResult;
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
    pub fn to_value(&self, vm: &Vm) -> Value {
        match self {
            StrArg::Lua(s) => Value::from_string(*s),
            StrArg::Owned(v) => vm.str(v),
        }
    }
}

impl Vm {
    pub fn check_any(&self, n: usize) -> LResult<Value> {
        if n > self.nargs() {
            return Err(self.arg_error(n, "value expected"));
        }
        Ok(self.arg(n))
    }

    pub fn check_table(&self, n: usize) -> LResult<Gc<Table>> {
        self.arg(n)
            .as_table()
            .ok_or_else(|| self.arg_type_error(n, "table"))
    }

    pub fn check_number(&self, n: usize) -> LResult<Number> {
        let v = self.arg(n);
        self.to_number(v)
            .ok_or_else(|| self.arg_type_error(n, "number"))
    }

    pub fn check_float(&self, n: usize) -> LResult<f64> {
        Ok(crate::text::arith::to_float(self.check_number(n)?))
    }

    pub fn opt_number(&self, n: usize, default: Number) -> LResult<Number> {
        if self.arg(n).is_nil() {
            Ok(default)
        } else {
            self.check_number(n)
        }
    }

    /// `luaL_checkinteger`: integers, floats with an exact integer value, numeric strings.
    pub fn check_int(&self, n: usize) -> LResult<i64> {
        let v = self.arg(n);
        if let Some(i) = v.as_int() {
            return Ok(i);
        }
        match self.to_number(v) {
            Some(Number::Int(i)) => Ok(i),
            Some(Number::Float(f)) => crate::text::arith::float_to_int(f)
                .ok_or_else(|| self.arg_error(n, "number has no integer representation")),
            None => Err(self.arg_type_error(n, "number")),
        }
    }

    pub fn opt_int(&self, n: usize, default: i64) -> LResult<i64> {
        if self.arg(n).is_nil() {
            Ok(default)
        } else {
            self.check_int(n)
        }
    }

    /// `luaL_checklstring`: strings, and numbers converted to their text.
    pub fn check_str(&self, n: usize) -> LResult<StrArg> {
        let v = self.arg(n);
        if let Some(s) = v.as_string() {
            return Ok(StrArg::Lua(s));
        }
        if let Some(num) = self.to_number_raw(v) {
            let mut out = Vec::new();
            number::fmt_number(num, &mut out);
            return Ok(StrArg::Owned(out));
        }
        Err(self.arg_type_error(n, "string"))
    }

    pub fn opt_str(&self, n: usize) -> LResult<Option<StrArg>> {
        if self.arg(n).is_nil() {
            Ok(None)
        } else {
            self.check_str(n).map(Some)
        }
    }

    /// `luaL_checkoption`.
    pub fn check_option(
        &self,
        n: usize,
        default: Option<&str>,
        options: &[&str],
    ) -> LResult<usize> {
        let name: Vec<u8> = match (self.arg(n).is_nil(), default) {
            (true, Some(d)) => d.as_bytes().to_vec(),
            _ => self.check_str(n)?.to_vec(),
        };
        options
            .iter()
            .position(|o| o.as_bytes() == &name[..])
            .ok_or_else(|| {
                self.arg_error(
                    n,
                    &format!("invalid option '{}'", String::from_utf8_lossy(&name)),
                )
            })
    }

    /// Registers a library table of natives under `name` in `package.loaded` (and as a
    /// global unless it is the base library).
    pub fn register_lib(
        &mut self,
        name: &str,
        fns: &[(&'static str, crate::vm::function::NativeFn)],
    ) -> Gc<Table> {
        let t = if name == "_G" {
            self.globals
        } else {
            self.new_table(0, fns.len())
        };
        for &(n, f) in fns {
            let k = self.str(n.as_bytes());
            let v = self.native(n, f);
            t.set(&self.heap, k, v).expect("string key");
        }
        let loaded = self.loaded();
        let k = self.str(name.as_bytes());
        loaded
            .set(&self.heap, k, Value::from_table(t))
            .expect("string key");
        if name != "_G" {
            self.set_global(name, Value::from_table(t));
        }
        t
    }

    /// `package.loaded` (`LUA_LOADED_TABLE` in the registry), made on first use.
    pub fn loaded(&mut self) -> Gc<Table> {
        let key = self.str(b"_LOADED");
        if let Some(t) = self.registry.get(key).as_table() {
            return t;
        }
        let t = self.new_table(0, 8);
        self.registry
            .set(&self.heap, key, Value::from_table(t))
            .expect("string key");
        t
    }
}
