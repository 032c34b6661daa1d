//! Full userdata: a Rust value owned by the heap, with a metatable and a user value.

use std::any::Any;
use std::cell::{Cell, RefCell};

use crate::gc::heap::HeapSize;
use crate::gc::Gc;
use crate::vm::table::Table;
use crate::vm::value::Value;

pub struct UserData {
    pub data: RefCell<Box<dyn Any>>,
    pub(crate) metatable: Cell<Option<Gc<Table>>>,
    pub user_value: Cell<Value>,
    /// How many user values the userdata has (`lua_newuserdatauv`): 0 or 1. io's handles
    /// have none, so `debug.setuservalue` on them fails as in lua5.4.
    pub user_values: u8,
}

impl HeapSize for UserData {}
