//! The standard library on the VM: base, coroutine, string, table, math, utf8, and the
//! os/io subset the reference provides.

pub mod aux;
pub mod base;
pub mod coroutine;
pub mod math;
pub mod os;
pub mod string;
pub mod table;
pub mod utf8;

use crate::stdlib::aux::loaded;
use crate::vm::state::Vm;

/// Opens every library.
pub fn open_all(vm: &mut Vm) {
    loaded(vm);
    base::open(vm);
    coroutine::open(vm);
    string::open(vm);
    table::open(vm);
    math::open(vm);
    utf8::open(vm);
    os::open(vm);
}
