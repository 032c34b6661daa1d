//! Lua values as a host sees them: plain Rust data for nil, booleans and numbers, and
//! handles (rooted references, `refs`) for objects. Conversions to and from Rust types.

use std::any::Any;

use crate::api::refs::Ref;
use crate::api::{LuaState, RunError};
use crate::shared::arith::{float_to_int, to_float, to_int};
use crate::shared::number::str2number;
use crate::vm::state::Vm;
use crate::vm::value::{Unpacked, Value as RawValue};

/// A Lua value held by the host. Objects are handles: the collector keeps them alive while
/// the host holds them, and a handle only works with the state that made it.
#[derive(Clone)]
pub enum Value {
    /// `nil`.
    Nil,
    /// `true` or `false`.
    Boolean(bool),
    /// A number with the integer subtype.
    Integer(i64),
    /// A number with the float subtype.
    Number(f64),
    /// A string.
    String(LuaString),
    /// A table.
    Table(Table),
    /// A Lua or Rust function.
    Function(Function),
    /// A coroutine.
    Thread(Thread),
    /// A full userdata.
    UserData(AnyUserData),
    /// A light userdata: a bare address.
    LightUserData(usize),
}

macro_rules! handle {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone)]
        pub struct $name(pub(crate) Ref);

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(stringify!($name))
            }
        }
    };
}

handle!(
    /// A Lua string.
    LuaString
);
handle!(
    /// A Lua table.
    Table
);
handle!(
    /// A Lua function (Lua or native).
    Function
);
handle!(
    /// A coroutine.
    Thread
);
handle!(
    /// A full userdata, possibly holding a Rust value (`LuaState::create_userdata`).
    AnyUserData
);

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Nil => f.write_str("nil"),
            Value::Boolean(b) => write!(f, "{b}"),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Number(n) => write!(f, "{n:?}"),
            Value::String(_) => f.write_str("string"),
            Value::Table(_) => f.write_str("table"),
            Value::Function(_) => f.write_str("function"),
            Value::Thread(_) => f.write_str("thread"),
            Value::UserData(_) => f.write_str("userdata"),
            Value::LightUserData(p) => write!(f, "userdata: {p:#x}"),
        }
    }
}

impl Value {
    /// The type name Lua's `type` gives.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::Boolean(_) => "boolean",
            Value::Integer(_) | Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Table(_) => "table",
            Value::Function(_) => "function",
            Value::Thread(_) => "thread",
            Value::UserData(_) | Value::LightUserData(_) => "userdata",
        }
    }

    /// Whether the value is `nil`.
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// A handle for what the VM holds in `v` (objects get a root slot).
    pub(crate) fn from_raw(vm: &mut Vm, v: RawValue) -> Value {
        match v.unpack() {
            Unpacked::Nil => Value::Nil,
            Unpacked::Bool(b) => Value::Boolean(b),
            Unpacked::Int(i) => Value::Integer(i),
            Unpacked::Float(f) => Value::Number(f),
            Unpacked::LightUserData(p) => Value::LightUserData(p),
            Unpacked::Object(..) => {
                if let Some(i) = v.as_int() {
                    return Value::Integer(i);
                }
                let r = vm.host_refs.hold(v);
                if v.is_string() {
                    Value::String(LuaString(r))
                } else if v.is_table() {
                    Value::Table(Table(r))
                } else if v.is_function() {
                    Value::Function(Function(r))
                } else if v.is_thread() {
                    Value::Thread(Thread(r))
                } else {
                    Value::UserData(AnyUserData(r))
                }
            }
        }
    }

    /// The VM's word for this value. Panics for a handle of another state.
    pub(crate) fn to_raw(&self, vm: &Vm) -> RawValue {
        match self {
            Value::Nil => RawValue::NIL,
            Value::Boolean(b) => RawValue::from_bool(*b),
            Value::Integer(i) => vm.heap.int(*i),
            Value::Number(n) => RawValue::from_float(*n),
            Value::LightUserData(p) => RawValue::light_userdata(*p),
            Value::String(LuaString(r))
            | Value::Table(Table(r))
            | Value::Function(Function(r))
            | Value::Thread(Thread(r))
            | Value::UserData(AnyUserData(r)) => vm.host_refs.get(r),
        }
    }
}

// ------------------------------------------------------------------- conversions

/// A Rust value that can become a Lua value.
pub trait IntoLua {
    /// The Lua value for `self` (objects are made in `lua`).
    fn into_lua<L: LuaState + ?Sized>(self, lua: &mut L) -> Result<Value, RunError>;
}

/// A Rust value that can be made from a Lua value (as the C API's `lua_to*` do: numbers
/// from numeric strings and back, any value as a boolean).
pub trait FromLua: Sized {
    /// `v` as a `Self`; `Err` when it does not convert.
    fn from_lua<L: LuaState + ?Sized>(v: Value, lua: &mut L) -> Result<Self, RunError>;
}

/// What a failed conversion expected, so that a Rust function's argument errors read as
/// lua5.4's `luaL_check*` errors.
#[derive(Debug, Clone)]
pub(crate) struct Conversion {
    /// The Lua type expected ("number", "string", ...), or the whole reason in
    /// parentheses when the type was right ("number has no integer representation").
    pub(crate) expected: &'static str,
    pub(crate) type_was_right: bool,
    /// The argument's position, when it was one of a function's arguments.
    pub(crate) arg: Option<usize>,
}

fn conversion_error(from: &Value, to: &str) -> RunError {
    let (expected, type_was_right) = match (to, from) {
        ("string", _) => ("string", false),
        ("f64" | "f32", _) => ("number", false),
        (_, Value::Number(_)) if is_integer_type(to) => {
            ("number has no integer representation", true)
        }
        (_, Value::Integer(_)) if is_integer_type(to) => ("number out of range", true),
        (_, _) if is_integer_type(to) => ("number", false),
        ("table", _) => ("table", false),
        ("function", _) => ("function", false),
        ("thread", _) => ("thread", false),
        _ => ("userdata", false),
    };
    let mut e = RunError::new(format!(
        "cannot convert a {} value to {to}",
        from.type_name()
    ));
    e.conversion = Some(Conversion {
        expected,
        type_was_right,
        arg: None,
    });
    e
}

fn is_integer_type(t: &str) -> bool {
    t.starts_with('i') || t.starts_with('u')
}

/// Marks a conversion error as one of argument `n`.
fn at_arg(mut e: RunError, n: usize) -> RunError {
    if let Some(c) = &mut e.conversion {
        c.arg.get_or_insert(n);
    }
    e
}

impl IntoLua for Value {
    fn into_lua<L: LuaState + ?Sized>(self, _: &mut L) -> Result<Value, RunError> {
        Ok(self)
    }
}

impl FromLua for Value {
    fn from_lua<L: LuaState + ?Sized>(v: Value, _: &mut L) -> Result<Self, RunError> {
        Ok(v)
    }
}

impl IntoLua for () {
    fn into_lua<L: LuaState + ?Sized>(self, _: &mut L) -> Result<Value, RunError> {
        Ok(Value::Nil)
    }
}

impl IntoLua for bool {
    fn into_lua<L: LuaState + ?Sized>(self, _: &mut L) -> Result<Value, RunError> {
        Ok(Value::Boolean(self))
    }
}

impl FromLua for bool {
    fn from_lua<L: LuaState + ?Sized>(v: Value, _: &mut L) -> Result<Self, RunError> {
        Ok(!matches!(v, Value::Nil | Value::Boolean(false)))
    }
}

macro_rules! integer_conversions {
    ($($t:ty),*) => {$(
        impl IntoLua for $t {
            fn into_lua<L: LuaState + ?Sized>(self, _: &mut L) -> Result<Value, RunError> {
                match i64::try_from(self) {
                    Ok(i) => Ok(Value::Integer(i)),
                    Err(_) => Ok(Value::Number(self as f64)),
                }
            }
        }

        impl FromLua for $t {
            fn from_lua<L: LuaState + ?Sized>(v: Value, lua: &mut L) -> Result<Self, RunError> {
                let i = match &v {
                    Value::Integer(i) => Some(*i),
                    Value::Number(f) => float_to_int(*f),
                    Value::String(s) => str2number(&s.to_bytes(lua)).and_then(to_int),
                    _ => None,
                };
                i.and_then(|i| <$t>::try_from(i).ok())
                    .ok_or_else(|| conversion_error(&v, stringify!($t)))
            }
        }
    )*};
}
integer_conversions!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

impl IntoLua for f64 {
    fn into_lua<L: LuaState + ?Sized>(self, _: &mut L) -> Result<Value, RunError> {
        Ok(Value::Number(self))
    }
}

impl IntoLua for f32 {
    fn into_lua<L: LuaState + ?Sized>(self, _: &mut L) -> Result<Value, RunError> {
        Ok(Value::Number(self as f64))
    }
}

impl FromLua for f64 {
    fn from_lua<L: LuaState + ?Sized>(v: Value, lua: &mut L) -> Result<Self, RunError> {
        match &v {
            Value::Integer(i) => Ok(*i as f64),
            Value::Number(f) => Ok(*f),
            Value::String(s) => str2number(&s.to_bytes(lua))
                .map(to_float)
                .ok_or_else(|| conversion_error(&v, "f64")),
            _ => Err(conversion_error(&v, "f64")),
        }
    }
}

impl FromLua for f32 {
    fn from_lua<L: LuaState + ?Sized>(v: Value, lua: &mut L) -> Result<Self, RunError> {
        f64::from_lua(v, lua).map(|f| f as f32)
    }
}

impl IntoLua for &[u8] {
    fn into_lua<L: LuaState + ?Sized>(self, lua: &mut L) -> Result<Value, RunError> {
        Ok(Value::String(lua.create_string(self)))
    }
}

/// Bytes as a Lua string (a `Vec<T>` is a table; `Bytes` is the string case).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Bytes(pub Vec<u8>);

impl IntoLua for Bytes {
    fn into_lua<L: LuaState + ?Sized>(self, lua: &mut L) -> Result<Value, RunError> {
        Ok(Value::String(lua.create_string(&self.0)))
    }
}

impl IntoLua for &str {
    fn into_lua<L: LuaState + ?Sized>(self, lua: &mut L) -> Result<Value, RunError> {
        Ok(Value::String(lua.create_string(self.as_bytes())))
    }
}

impl IntoLua for String {
    fn into_lua<L: LuaState + ?Sized>(self, lua: &mut L) -> Result<Value, RunError> {
        Ok(Value::String(lua.create_string(self.as_bytes())))
    }
}

/// Strings, and numbers as Lua's `tostring` writes them (`lua_tolstring`).
impl FromLua for Bytes {
    fn from_lua<L: LuaState + ?Sized>(v: Value, lua: &mut L) -> Result<Self, RunError> {
        match &v {
            Value::String(s) => Ok(Bytes(s.to_bytes(lua))),
            Value::Integer(_) | Value::Number(_) => {
                let vm = lua.vm(crate::api::Token(()));
                let raw = v.to_raw(vm);
                Ok(Bytes(vm.tostring_basic(raw)))
            }
            _ => Err(conversion_error(&v, "string")),
        }
    }
}

/// As `Bytes`; bytes that are not UTF-8 are an error.
impl FromLua for String {
    fn from_lua<L: LuaState + ?Sized>(v: Value, lua: &mut L) -> Result<Self, RunError> {
        let b = Bytes::from_lua(v, lua)?;
        String::from_utf8(b.0).map_err(|_| RunError::new("string is not valid UTF-8"))
    }
}

impl<T: IntoLua> IntoLua for Option<T> {
    fn into_lua<L: LuaState + ?Sized>(self, lua: &mut L) -> Result<Value, RunError> {
        match self {
            Some(v) => v.into_lua(lua),
            None => Ok(Value::Nil),
        }
    }
}

impl<T: FromLua> FromLua for Option<T> {
    fn from_lua<L: LuaState + ?Sized>(v: Value, lua: &mut L) -> Result<Self, RunError> {
        match v {
            Value::Nil => Ok(None),
            v => T::from_lua(v, lua).map(Some),
        }
    }
}

macro_rules! handle_conversions {
    ($($t:ident => $name:literal),*) => {$(
        impl IntoLua for $t {
            fn into_lua<L: LuaState + ?Sized>(self, _: &mut L) -> Result<Value, RunError> {
                Ok(Value::$t(self))
            }
        }

        impl IntoLua for &$t {
            fn into_lua<L: LuaState + ?Sized>(self, _: &mut L) -> Result<Value, RunError> {
                Ok(Value::$t(self.clone()))
            }
        }

        impl FromLua for $t {
            fn from_lua<L: LuaState + ?Sized>(v: Value, _: &mut L) -> Result<Self, RunError> {
                match v {
                    Value::$t(h) => Ok(h),
                    v => Err(conversion_error(&v, $name)),
                }
            }
        }
    )*};
}

impl IntoLua for LuaString {
    fn into_lua<L: LuaState + ?Sized>(self, _: &mut L) -> Result<Value, RunError> {
        Ok(Value::String(self))
    }
}

impl FromLua for LuaString {
    fn from_lua<L: LuaState + ?Sized>(v: Value, _: &mut L) -> Result<Self, RunError> {
        match v {
            Value::String(h) => Ok(h),
            v => Err(conversion_error(&v, "string")),
        }
    }
}

handle_conversions!(Table => "table", Function => "function", Thread => "thread");

impl IntoLua for AnyUserData {
    fn into_lua<L: LuaState + ?Sized>(self, _: &mut L) -> Result<Value, RunError> {
        Ok(Value::UserData(self))
    }
}

impl FromLua for AnyUserData {
    fn from_lua<L: LuaState + ?Sized>(v: Value, _: &mut L) -> Result<Self, RunError> {
        match v {
            Value::UserData(h) => Ok(h),
            v => Err(conversion_error(&v, "userdata")),
        }
    }
}

/// A sequence: `t[1]` to `t[n]`.
impl<T: IntoLua> IntoLua for Vec<T> {
    fn into_lua<L: LuaState + ?Sized>(self, lua: &mut L) -> Result<Value, RunError> {
        let t = lua.create_table();
        for (i, v) in self.into_iter().enumerate() {
            t.raw_set(lua, i as i64 + 1, v)?;
        }
        Ok(Value::Table(t))
    }
}

/// A table's sequence, `t[1]` up to its border (raw, as `ipairs` stops at the first nil).
impl<T: FromLua> FromLua for Vec<T> {
    fn from_lua<L: LuaState + ?Sized>(v: Value, lua: &mut L) -> Result<Self, RunError> {
        let Value::Table(t) = v else {
            return Err(conversion_error(&v, "table"));
        };
        let mut out = Vec::new();
        for i in 1.. {
            let item: Value = t.raw_get(lua, i)?;
            if item.is_nil() {
                break;
            }
            out.push(T::from_lua(item, lua)?);
        }
        Ok(out)
    }
}

impl<K: IntoLua, V: IntoLua, S> IntoLua for std::collections::HashMap<K, V, S> {
    fn into_lua<L: LuaState + ?Sized>(self, lua: &mut L) -> Result<Value, RunError> {
        let t = lua.create_table();
        for (k, v) in self {
            t.raw_set(lua, k, v)?;
        }
        Ok(Value::Table(t))
    }
}

/// Every pair of a table (raw).
impl<K, V, S> FromLua for std::collections::HashMap<K, V, S>
where
    K: FromLua + Eq + std::hash::Hash,
    V: FromLua,
    S: std::hash::BuildHasher + Default,
{
    fn from_lua<L: LuaState + ?Sized>(v: Value, lua: &mut L) -> Result<Self, RunError> {
        let Value::Table(t) = v else {
            return Err(conversion_error(&v, "table"));
        };
        let mut out = std::collections::HashMap::default();
        for (k, v) in t.pairs(lua) {
            out.insert(K::from_lua(k, lua)?, V::from_lua(v, lua)?);
        }
        Ok(out)
    }
}

// ----------------------------------------------------------- several values at once

/// Arguments or results: one value, a tuple, or a `Variadic`.
pub trait IntoLuaMulti {
    /// The values, in order.
    fn into_lua_multi<L: LuaState + ?Sized>(self, lua: &mut L) -> Result<Vec<Value>, RunError>;
}

/// Results or arguments taken apart: one value (the first, or nil), a tuple (missing ones
/// nil), or a `Variadic` (all of them).
pub trait FromLuaMulti: Sized {
    /// `Self` from the values, in order.
    fn from_lua_multi<L: LuaState + ?Sized>(
        vals: Vec<Value>,
        lua: &mut L,
    ) -> Result<Self, RunError>;
}

impl<T: IntoLua> IntoLuaMulti for T {
    fn into_lua_multi<L: LuaState + ?Sized>(self, lua: &mut L) -> Result<Vec<Value>, RunError> {
        Ok(vec![self.into_lua(lua)?])
    }
}

impl<T: FromLua> FromLuaMulti for T {
    fn from_lua_multi<L: LuaState + ?Sized>(
        vals: Vec<Value>,
        lua: &mut L,
    ) -> Result<Self, RunError> {
        T::from_lua(vals.into_iter().next().unwrap_or(Value::Nil), lua).map_err(|e| at_arg(e, 1))
    }
}

/// Any number of values, each converted (Lua's `...`).
#[derive(Clone, Debug, Default)]
pub struct Variadic<T>(pub Vec<T>);

impl<T: IntoLua> IntoLuaMulti for Variadic<T> {
    fn into_lua_multi<L: LuaState + ?Sized>(self, lua: &mut L) -> Result<Vec<Value>, RunError> {
        self.0.into_iter().map(|v| v.into_lua(lua)).collect()
    }
}

impl<T: FromLua> FromLuaMulti for Variadic<T> {
    fn from_lua_multi<L: LuaState + ?Sized>(
        vals: Vec<Value>,
        lua: &mut L,
    ) -> Result<Self, RunError> {
        let mut out = Vec::with_capacity(vals.len());
        for (i, v) in vals.into_iter().enumerate() {
            out.push(T::from_lua(v, lua).map_err(|e| at_arg(e, i + 1))?);
        }
        Ok(Variadic(out))
    }
}

impl FromLuaMulti for () {
    fn from_lua_multi<L: LuaState + ?Sized>(_: Vec<Value>, _: &mut L) -> Result<Self, RunError> {
        Ok(())
    }
}

macro_rules! tuple_conversions {
    ($($n:ident),+) => {
        impl<$($n: IntoLua),+> IntoLuaMulti for ($($n,)+) {
            #[allow(non_snake_case)]
            fn into_lua_multi<L: LuaState + ?Sized>(
                self,
                lua: &mut L,
            ) -> Result<Vec<Value>, RunError> {
                let ($($n,)+) = self;
                Ok(vec![$($n.into_lua(lua)?),+])
            }
        }

        impl<$($n: FromLua),+> FromLuaMulti for ($($n,)+) {
            fn from_lua_multi<L: LuaState + ?Sized>(
                vals: Vec<Value>,
                lua: &mut L,
            ) -> Result<Self, RunError> {
                let mut it = vals.into_iter();
                let mut n = 0;
                Ok(($({
                    n += 1;
                    $n::from_lua(it.next().unwrap_or(Value::Nil), lua).map_err(|e| at_arg(e, n))?
                },)+))
            }
        }
    };
}
tuple_conversions!(A);
tuple_conversions!(A, B);
tuple_conversions!(A, B, C);
tuple_conversions!(A, B, C, D);
tuple_conversions!(A, B, C, D, E);
tuple_conversions!(A, B, C, D, E, F);

// ------------------------------------------------------------------ handle methods

impl LuaString {
    /// The string's bytes (a copy).
    pub fn to_bytes(&self, lua: &mut (impl LuaState + ?Sized)) -> Vec<u8> {
        let vm = lua.vm(crate::api::Token(()));
        let v = vm.host_refs.get(&self.0);
        v.as_string()
            .map(|s| s.as_bytes().to_vec())
            .unwrap_or_default()
    }

    /// The string as UTF-8, with invalid bytes replaced.
    pub fn to_string_lossy(&self, lua: &mut (impl LuaState + ?Sized)) -> String {
        String::from_utf8_lossy(&self.to_bytes(lua)).into_owned()
    }
}

impl Table {
    /// The table this handle holds (panics for a handle of another state).
    fn table(&self, vm: &Vm) -> crate::gc::Gc<crate::vm::table::Table> {
        vm.host_refs
            .get(&self.0)
            .as_table()
            .expect("a table handle holds a table")
    }

    /// `t[k]`, with `__index` as Lua code would see it.
    ///
    /// ```
    /// use moonlab::api::{Lua, LuaState, Table};
    ///
    /// let mut lua = Lua::new();
    /// let t: Table = lua.load("setmetatable({}, {__index = function(_, k) return k * 2 end})").eval().unwrap();
    /// t.set(&mut lua, "name", "moon").unwrap();
    /// assert_eq!(t.get::<_, String>(&mut lua, "name").unwrap(), "moon");
    /// assert_eq!(t.get::<_, i64>(&mut lua, 21).unwrap(), 42);
    /// assert_eq!(t.raw_get::<_, Option<i64>>(&mut lua, 21).unwrap(), None);
    /// ```
    pub fn get<K, V>(&self, lua: &mut (impl LuaState + ?Sized), key: K) -> Result<V, RunError>
    where
        K: IntoLua,
        V: FromLua,
    {
        let key = key.into_lua(lua)?;
        let this = Value::Table(self.clone());
        let v = lua.with_vm(|vm| {
            let (t, k) = (this.to_raw(vm), key.to_raw(vm));
            vm.index(t, k)
        })?;
        V::from_lua(v, lua)
    }

    /// `t[k] = v`, with `__newindex` as Lua code would see it.
    pub fn set<K, V>(
        &self,
        lua: &mut (impl LuaState + ?Sized),
        key: K,
        value: V,
    ) -> Result<(), RunError>
    where
        K: IntoLua,
        V: IntoLua,
    {
        let key = key.into_lua(lua)?;
        let value = value.into_lua(lua)?;
        let this = Value::Table(self.clone());
        lua.with_vm(|vm| {
            let (t, k, v) = (this.to_raw(vm), key.to_raw(vm), value.to_raw(vm));
            vm.set_index(t, k, v)?;
            Ok(RawValue::NIL)
        })?;
        Ok(())
    }

    /// `rawget(t, k)`.
    pub fn raw_get<K, V>(&self, lua: &mut (impl LuaState + ?Sized), key: K) -> Result<V, RunError>
    where
        K: IntoLua,
        V: FromLua,
    {
        let key = key.into_lua(lua)?;
        let vm = lua.vm(crate::api::Token(()));
        let t = self.table(vm);
        let raw = t.get(key.to_raw(vm));
        let v = Value::from_raw(vm, raw);
        V::from_lua(v, lua)
    }

    /// `rawset(t, k, v)`.
    pub fn raw_set<K, V>(
        &self,
        lua: &mut (impl LuaState + ?Sized),
        key: K,
        value: V,
    ) -> Result<(), RunError>
    where
        K: IntoLua,
        V: IntoLua,
    {
        let key = key.into_lua(lua)?;
        let value = value.into_lua(lua)?;
        lua.with_vm(|vm| {
            let t = self.table(vm);
            let (k, v) = (key.to_raw(vm), value.to_raw(vm));
            if t.set(&vm.heap, k, v).is_err() {
                let msg = if k.is_nil() {
                    "index is nil"
                } else {
                    "index is NaN"
                };
                return Err(vm.rt_error_plain(msg));
            }
            vm.check_memory()?;
            Ok(RawValue::NIL)
        })?;
        Ok(())
    }

    /// `#t`, with `__len`.
    pub fn len(&self, lua: &mut (impl LuaState + ?Sized)) -> Result<i64, RunError> {
        let this = Value::Table(self.clone());
        let v = lua.with_vm(|vm| {
            let t = this.to_raw(vm);
            vm.len(t)
        })?;
        i64::from_lua(v, lua)
    }

    /// `t[#t + 1] = v` (raw).
    pub fn push<V: IntoLua>(
        &self,
        lua: &mut (impl LuaState + ?Sized),
        value: V,
    ) -> Result<(), RunError> {
        let n = {
            let vm = lua.vm(crate::api::Token(()));
            self.table(vm).border()
        };
        self.raw_set(lua, n + 1, value)
    }

    /// The pairs `next` visits, in its order (no `__pairs`).
    pub fn pairs(&self, lua: &mut (impl LuaState + ?Sized)) -> Vec<(Value, Value)> {
        let vm = lua.vm(crate::api::Token(()));
        let t = self.table(vm);
        let mut out = Vec::new();
        let mut k = RawValue::NIL;
        while let Ok(Some((nk, nv))) = t.next(&vm.heap, k) {
            out.push((Value::from_raw(vm, nk), Value::from_raw(vm, nv)));
            k = nk;
        }
        out
    }

    /// `getmetatable(t)` without `__metatable`: the table's metatable, if any.
    pub fn metatable(&self, lua: &mut (impl LuaState + ?Sized)) -> Option<Table> {
        let vm = lua.vm(crate::api::Token(()));
        let t = self.table(vm);
        let mt = t.metatable.get()?;
        Some(Table(vm.host_refs.hold(RawValue::from_table(mt))))
    }

    /// `setmetatable(t, mt)` without `__metatable`'s protection (`None`: no metatable).
    pub fn set_metatable(&self, lua: &mut (impl LuaState + ?Sized), mt: Option<&Table>) {
        let vm = lua.vm(crate::api::Token(()));
        let t = self.table(vm);
        let mt = mt.map(|m| m.table(vm));
        t.set_metatable(&vm.heap, mt);
    }
}

impl Function {
    /// Calls the function with `args`; a Lua error comes back as `Err` (with a traceback
    /// when the call came from the host, outside any running Lua code).
    ///
    /// ```
    /// use moonlab::api::{Function, Lua, LuaState};
    ///
    /// let mut lua = Lua::new();
    /// let f: Function = lua.load("return function(a, b) return a + b, a * b end").eval().unwrap();
    /// let (sum, product): (i64, i64) = f.call(&mut lua, (6, 7)).unwrap();
    /// assert_eq!((sum, product), (13, 42));
    /// let e = f.call::<_, i64>(&mut lua, ((), 1)).unwrap_err(); // () is nil
    /// assert!(e.to_string().contains("attempt to perform arithmetic on a nil value"));
    /// ```
    pub fn call<A, R>(&self, lua: &mut (impl LuaState + ?Sized), args: A) -> Result<R, RunError>
    where
        A: IntoLuaMulti,
        R: FromLuaMulti,
    {
        let args = args.into_lua_multi(lua)?;
        let this = Value::Function(self.clone());
        let results = lua.call_values(&this, &args)?;
        R::from_lua_multi(results, lua).map_err(RunError::not_an_argument)
    }
}

impl AnyUserData {
    /// The userdata this handle holds (panics for a handle of another state).
    pub(crate) fn userdata(&self, vm: &Vm) -> crate::gc::Gc<crate::vm::userdata::UserData> {
        vm.host_refs
            .get(&self.0)
            .as_userdata()
            .expect("a userdata handle holds a userdata")
    }

    /// Whether this userdata holds a `T`.
    pub fn is<T: Any>(&self, lua: &mut (impl LuaState + ?Sized)) -> bool {
        let vm = lua.vm(crate::api::Token(()));
        let u = self.userdata(vm);
        let b = u.data.borrow();
        b.downcast_ref::<HostData<T>>().is_some()
    }

    /// Runs `f` on the `T` this userdata holds; `Err` if it holds something else or is
    /// already borrowed (by a call further up).
    pub fn with<T: Any, R>(
        &self,
        lua: &mut (impl LuaState + ?Sized),
        f: impl FnOnce(&mut T) -> R,
    ) -> Result<R, RunError> {
        let cell = {
            let vm = lua.vm(crate::api::Token(()));
            let u = self.userdata(vm);
            let b = u.data.borrow();
            match b.downcast_ref::<HostData<T>>() {
                Some(d) => std::rc::Rc::clone(&d.0),
                None => return Err(RunError::new("userdata holds another type")),
            }
        };
        let mut v = cell
            .try_borrow_mut()
            .map_err(|_| RunError::new("userdata is already borrowed"))?;
        Ok(f(&mut v))
    }

    /// Gives the userdata a metatable (`None`: none), as `debug.setmetatable` does.
    pub fn set_metatable(&self, lua: &mut (impl LuaState + ?Sized), mt: Option<&Table>) {
        let vm = lua.vm(crate::api::Token(()));
        let u = self.userdata(vm);
        let mt = mt.map(|m| m.table(vm));
        vm.heap.barrier(u.header());
        u.metatable.set(mt);
    }
}

/// What a userdata made by the host holds: the value, shared so that `with` can borrow it
/// without holding the userdata's own cell while `f` runs (and may call back into Lua).
pub(crate) struct HostData<T>(pub(crate) std::rc::Rc<std::cell::RefCell<T>>);
