//! Typed views of values that point to heap objects, and making values from objects.
//!
//! The only place that turns a value's address back into a `Gc`: a value of kind K always
//! holds the address of a live `GcBox` of the matching type (values are built only by the
//! constructors below, and the collector keeps every reachable object alive).

use crate::gc::{Gc, Heap};
use crate::vm::function::{LuaClosure, NativeClosure};
use crate::vm::string::LuaString;
use crate::vm::table::Table;
use crate::vm::thread::Thread;
use crate::vm::userdata::UserData;
use crate::vm::value::{ObjKind, Value};

macro_rules! typed {
    ($from:ident, $as:ident, $is:ident, $t:ty, $kind:ident) => {
        impl Value {
            #[inline(always)]
            pub fn $from(o: Gc<$t>) -> Value {
                Value::object(ObjKind::$kind, o.addr())
            }
            #[inline(always)]
            pub fn $as(self) -> Option<Gc<$t>> {
                let addr = self.object_addr_of(ObjKind::$kind)?;
                // SAFETY: a value tagged with this kind holds the address of a live
                // object of this type (see the module comment).
                Some(unsafe { Gc::from_addr(addr) })
            }
            #[inline(always)]
            pub fn $is(self) -> bool {
                self.is_object_of(ObjKind::$kind)
            }
        }
    };
}

typed!(from_string, as_string, is_string, LuaString, String);
typed!(from_table, as_table, is_table, Table, Table);
typed!(
    from_lua_closure,
    as_lua_closure,
    is_lua_closure,
    LuaClosure,
    LuaFunction
);
typed!(
    from_native,
    as_native,
    is_native,
    NativeClosure,
    NativeFunction
);
typed!(from_thread, as_thread, is_thread, Thread, Thread);
typed!(from_userdata, as_userdata, is_userdata, UserData, UserData);

impl Value {
    /// The string a value known to be one holds, without the tag test (the interpreter's
    /// constant field names, which the verifier checked: V1).
    ///
    /// # Safety
    /// The value is a string.
    #[inline(always)]
    pub(crate) unsafe fn as_string_unchecked(self) -> Gc<LuaString> {
        debug_assert!(self.is_string());
        // SAFETY: the caller guarantees a string value, which holds the address of a live
        // string (see the module comment).
        unsafe { Gc::from_addr(self.object_addr()) }
    }

    /// The integer this value holds, inline or boxed.
    #[inline(always)]
    pub fn as_int(self) -> Option<i64> {
        if self.is_inline_int() {
            Some(self.inline_int_payload())
        } else if self.is_object_of(ObjKind::BoxedInt) {
            // SAFETY: a BoxedInt-tagged value points to a live boxed `i64`.
            let b: Gc<i64> = unsafe { Gc::from_addr(self.object_addr()) };
            Some(*b)
        } else {
            None
        }
    }

    #[inline(always)]
    pub fn is_int(self) -> bool {
        self.is_inline_int() || self.is_object_of(ObjKind::BoxedInt)
    }

    #[inline(always)]
    pub fn is_number(self) -> bool {
        self.is_float() || self.is_int()
    }

    #[inline(always)]
    pub fn is_function(self) -> bool {
        self.is_lua_closure() || self.is_native()
    }

    /// The header of the object this value points to, for the collector.
    pub(crate) fn gc_header(self) -> Option<*mut crate::gc::GcHeader> {
        self.is_object()
            .then(|| self.object_addr() as *mut crate::gc::GcHeader)
    }
}

impl Heap {
    /// An integer value: inline when it fits, otherwise a new boxed integer.
    #[inline(always)]
    pub fn int(&self, i: i64) -> Value {
        match Value::inline_int(i) {
            Some(v) => v,
            None => self.boxed_int(i),
        }
    }

    #[cold]
    fn boxed_int(&self, i: i64) -> Value {
        let b = self.alloc_int(i);
        Value::object(ObjKind::BoxedInt, b.addr())
    }

    pub fn str_value(&self, bytes: &[u8]) -> Value {
        Value::from_string(self.new_string(bytes))
    }
}

/// Lua's basic type of a value, as `type` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LuaType {
    Nil,
    Boolean,
    LightUserData,
    Number,
    String,
    Table,
    Function,
    UserData,
    Thread,
}

impl LuaType {
    pub fn name(self) -> &'static str {
        match self {
            LuaType::Nil => "nil",
            LuaType::Boolean => "boolean",
            LuaType::LightUserData | LuaType::UserData => "userdata",
            LuaType::Number => "number",
            LuaType::String => "string",
            LuaType::Table => "table",
            LuaType::Function => "function",
            LuaType::Thread => "thread",
        }
    }
    /// Index into the per-type metatable array.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl Value {
    pub fn lua_type(self) -> LuaType {
        use crate::vm::value::Unpacked;
        match self.unpack() {
            Unpacked::Nil => LuaType::Nil,
            Unpacked::Bool(_) => LuaType::Boolean,
            Unpacked::Int(_) | Unpacked::Float(_) => LuaType::Number,
            Unpacked::LightUserData(_) => LuaType::LightUserData,
            Unpacked::Object(k, _) => match k {
                ObjKind::String => LuaType::String,
                ObjKind::Table => LuaType::Table,
                ObjKind::LuaFunction | ObjKind::NativeFunction => LuaType::Function,
                ObjKind::Thread => LuaType::Thread,
                ObjKind::UserData => LuaType::UserData,
                ObjKind::BoxedInt => LuaType::Number,
            },
        }
    }
}
