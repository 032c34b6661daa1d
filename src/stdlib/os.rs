//! The parts of the os library the reference provides: `os.time`, `os.clock`,
//! `os.getenv` (the io library is io.rs).

use crate::stdlib::aux::{check_str, register_lib};

use crate::shared::os_lib;
use crate::vm::error::LResult;
use crate::vm::state::Vm;
use crate::vm::value::Value;

pub fn open(vm: &mut Vm) {
    register_lib(
        vm,
        "os",
        &[("time", time), ("clock", clock), ("getenv", getenv)],
    );
}

fn time(vm: &mut Vm) -> LResult<usize> {
    if !vm.arg(1).is_nil() {
        return Err(vm.lib_error(os_lib::TIME_TABLE_UNSUPPORTED));
    }
    let v = vm.heap.int(os_lib::time_now());
    vm.ret1(v)
}

fn clock(vm: &mut Vm) -> LResult<usize> {
    vm.ret1(Value::from_float(os_lib::clock()))
}

fn getenv(vm: &mut Vm) -> LResult<usize> {
    let name = check_str(vm, 1)?;
    let v = std::env::var_os(String::from_utf8_lossy(&name).as_ref());
    let r = match v {
        Some(v) => vm.str(v.to_string_lossy().as_bytes()),
        None => Value::NIL,
    };
    vm.ret1(r)
}
