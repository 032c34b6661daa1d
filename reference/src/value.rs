//! Lua values on the gc-arena heap.
//!
//! Integers and floats are distinct subtypes of `number`; strings are immutable byte strings
//! compared by content; tables, functions, threads and userdata are compared by identity.

use std::hash::{Hash, Hasher};
use std::rc::Rc;

use gc_arena::lock::{Lock, RefLock};
use gc_arena::{Collect, Gc, Mutation};

use crate::ir::Proto;
use crate::table::TableObj;
use crate::thread::ThreadObj;

#[derive(Collect, Clone, Copy)]
#[collect(no_drop)]
pub enum Value<'gc> {
    Nil,
    Bool(bool),
    Int(i64),
    Num(f64),
    Str(LuaStr<'gc>),
    Table(Table<'gc>),
    Func(Function<'gc>),
    Thread(Thread<'gc>),
    UserData(UserData<'gc>),
    LightUserData(#[collect(require_static)] usize),
}

/// An immutable byte string with its hash computed once.
#[derive(Collect)]
#[collect(require_static)]
pub struct StrObj {
    pub bytes: Box<[u8]>,
    pub hash: u64,
    /// The bytes counted against the state's memory (`memory`), for strings a program sized.
    pub charge: crate::memory::Charge,
}

pub type LuaStr<'gc> = Gc<'gc, StrObj>;
pub type Table<'gc> = Gc<'gc, RefLock<TableObj<'gc>>>;
pub type Thread<'gc> = Gc<'gc, RefLock<ThreadObj<'gc>>>;
pub type UpCell<'gc> = Gc<'gc, Lock<Value<'gc>>>;

#[derive(Collect)]
#[collect(no_drop)]
pub struct UserDataObj<'gc> {
    pub metatable: Lock<Option<Table<'gc>>>,
    #[collect(require_static)]
    pub tag: &'static str,
    pub payload: RefLock<Vec<Value<'gc>>>,
    /// A library's Rust state (an io file handle's stream), dropped with the object.
    #[collect(require_static)]
    pub host: std::cell::RefCell<Option<Box<dyn std::any::Any>>>,
}

pub type UserData<'gc> = Gc<'gc, UserDataObj<'gc>>;

/// A Lua function: a closure over a prototype, or a function written in Rust.
#[derive(Collect, Clone, Copy)]
#[collect(no_drop)]
pub enum Function<'gc> {
    Lua(Gc<'gc, LuaClosure<'gc>>),
    Native(Gc<'gc, NativeClosure<'gc>>),
}

#[derive(Collect)]
#[collect(no_drop)]
pub struct LuaClosure<'gc> {
    #[collect(require_static)]
    pub proto: Rc<Proto>,
    /// The chunk's string literals (`Proto::strings` of its main function), shared by all
    /// closures made from one loaded chunk.
    pub strings: Gc<'gc, Vec<LuaStr<'gc>>>,
    /// Behind a lock because `debug.upvaluejoin` can point one at another closure's cell.
    pub upvalues: RefLock<Vec<UpCell<'gc>>>,
}

/// The signature of library functions: arguments in, results (or a request) out.
pub type NativeFn = for<'gc> fn(
    &mut crate::machine::Ctx<'gc, '_>,
    crate::machine::Args<'gc>,
)
    -> Result<crate::machine::Flow<'gc>, crate::machine::LuaError<'gc>>;

#[derive(Collect)]
#[collect(no_drop)]
pub struct NativeClosure<'gc> {
    #[collect(require_static)]
    pub name: &'static str,
    #[collect(require_static)]
    pub f: NativeFn,
    /// Values bound to this closure (for example the coroutine behind `coroutine.wrap`).
    pub upvalues: Vec<Value<'gc>>,
}

/// FNV-1a: a simple, fixed hash, so that runs are reproducible.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

pub fn new_str<'gc>(mc: &Mutation<'gc>, bytes: &[u8]) -> LuaStr<'gc> {
    Gc::new(
        mc,
        StrObj {
            bytes: bytes.into(),
            hash: hash_bytes(bytes),
            charge: crate::memory::Charge::none(),
        },
    )
}

/// A string whose bytes are charged to `meter` (when long enough to matter) while it lives.
pub fn new_str_charged<'gc>(
    mc: &Mutation<'gc>,
    meter: &Rc<crate::memory::Meter>,
    bytes: Vec<u8>,
) -> LuaStr<'gc> {
    let charge = if bytes.len() >= crate::memory::CHARGE_FROM {
        crate::memory::Charge::new(meter, bytes.len())
    } else {
        crate::memory::Charge::none()
    };
    let hash = hash_bytes(&bytes);
    Gc::new(
        mc,
        StrObj {
            bytes: bytes.into_boxed_slice(),
            hash,
            charge,
        },
    )
}

impl<'gc> Value<'gc> {
    pub fn str(mc: &Mutation<'gc>, bytes: &[u8]) -> Self {
        Value::Str(new_str(mc, bytes))
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    pub fn truthy(&self) -> bool {
        !matches!(self, Value::Nil | Value::Bool(false))
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::Bool(_) => "boolean",
            Value::Int(_) | Value::Num(_) => "number",
            Value::Str(_) => "string",
            Value::Table(_) => "table",
            Value::Func(_) => "function",
            Value::Thread(_) => "thread",
            Value::UserData(_) | Value::LightUserData(_) => "userdata",
        }
    }

    /// Primitive equality (`rawequal`): numbers by value across subtypes, strings by
    /// content, everything else by identity.
    pub fn raw_eq(&self, other: &Value<'gc>) -> bool {
        match (*self, *other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Num(a), Value::Num(b)) => a == b,
            (Value::Int(i), Value::Num(f)) | (Value::Num(f), Value::Int(i)) => int_eq_float(i, f),
            (Value::Str(a), Value::Str(b)) => Gc::ptr_eq(a, b) || a.bytes == b.bytes,
            (Value::Table(a), Value::Table(b)) => Gc::ptr_eq(a, b),
            (Value::Func(a), Value::Func(b)) => a.ptr() == b.ptr(),
            (Value::Thread(a), Value::Thread(b)) => Gc::ptr_eq(a, b),
            (Value::UserData(a), Value::UserData(b)) => Gc::ptr_eq(a, b),
            (Value::LightUserData(a), Value::LightUserData(b)) => a == b,
            _ => false,
        }
    }

    /// An address for `tostring` and identity hashing.
    pub fn ptr(&self) -> usize {
        match self {
            Value::Str(s) => Gc::as_ptr(*s) as usize,
            Value::Table(t) => Gc::as_ptr(*t) as usize,
            Value::Func(f) => f.ptr(),
            Value::Thread(t) => Gc::as_ptr(*t) as usize,
            Value::UserData(u) => Gc::as_ptr(*u) as usize,
            Value::LightUserData(p) => *p,
            _ => 0,
        }
    }
}

impl Function<'_> {
    pub fn ptr(&self) -> usize {
        match self {
            Function::Lua(c) => Gc::as_ptr(*c) as usize,
            Function::Native(c) => Gc::as_ptr(*c) as usize,
        }
    }
}

/// Exact comparison of an integer with a float.
pub fn int_eq_float(i: i64, f: f64) -> bool {
    moonlab::shared::arith::float_to_int(f) == Some(i)
}

/// A table key: a value other than nil and NaN, with floats of integral value normalised
/// to integers, as Lua stores keys.
#[derive(Collect, Clone, Copy)]
#[collect(no_drop)]
pub struct Key<'gc>(pub Value<'gc>);

impl<'gc> Key<'gc> {
    /// `None` for nil and NaN, which cannot be keys.
    pub fn new(v: Value<'gc>) -> Option<Self> {
        match v {
            Value::Nil => None,
            Value::Num(f) if f.is_nan() => None,
            Value::Num(f) => Some(Key(match moonlab::shared::arith::float_to_int(f) {
                Some(i) => Value::Int(i),
                None => v,
            })),
            _ => Some(Key(v)),
        }
    }
}

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.raw_eq(&other.0)
    }
}

impl Eq for Key<'_> {}

impl Hash for Key<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self.0 {
            Value::Bool(b) => b.hash(state),
            Value::Int(i) => i.hash(state),
            Value::Num(f) => f.to_bits().hash(state),
            Value::Str(s) => s.hash.hash(state),
            other => other.ptr().hash(state),
        }
    }
}

/// A fixed, fast hasher for table keys (Fx-style multiply-rotate).
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
}

pub type KeyHash = std::hash::BuildHasherDefault<KeyHasher>;
