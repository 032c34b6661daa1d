//! The standard library on the reference interpreter: base, coroutine, string, table, math,
//! utf8, and the os/io subset both engines provide.

pub mod aux;
pub mod base;
pub mod coroutine;
pub mod math;
pub mod os;
pub mod pattern;
pub mod string;
pub mod table;
pub mod utf8;

use gc_arena::Mutation;

use crate::machine::Root;

/// Opens every library into the globals of a new state.
pub fn open_all<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>) {
    base::open(mc, root);
    coroutine::open(mc, root);
    math::open(mc, root);
    string::open(mc, root);
    table::open(mc, root);
    os::open(mc, root);
    utf8::open(mc, root);
}
