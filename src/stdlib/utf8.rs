//! The utf8 library (§6.5) on the VM. Its rules (bounds, decoding, errors) are
//! `shared::utf8_lib`'s; this file fetches arguments and makes values.

use crate::shared::math_lib;
use crate::shared::utf8_lib::{self, Utf8Len, CHAR_PATTERN};
use crate::stdlib::aux::{check_int, check_str, opt_int, raise, register_lib};
use crate::vm::error::LResult;
use crate::vm::function::Special;
use crate::vm::state::Vm;
use crate::vm::value::Value;

pub fn open(vm: &mut Vm) {
    let t = register_lib(
        vm,
        "utf8",
        &[
            ("char", char),
            ("codepoint", codepoint),
            ("len", len),
            ("offset", offset),
        ],
    );
    let k = vm.str(b"charpattern");
    let v = vm.str(CHAR_PATTERN);
    t.set(&vm.heap, k, v).expect("string key");
    // lua5.4's `codes` returns a light C function, the same value every time: here the two
    // iterators are upvalues of `codes`.
    let strict = vm.native("for iterator", iter_strict);
    let lax = vm.native("for iterator", iter_lax);
    let codes = vm.native_with("codes", codes, vec![strict, lax], Special::None);
    let k = vm.str(b"codes");
    t.set(&vm.heap, k, codes).expect("string key");
}

/// An optional integer argument, absent when nil.
fn opt_int_arg(vm: &Vm, n: usize) -> LResult<Option<i64>> {
    if vm.arg(n).is_nil() {
        Ok(None)
    } else {
        check_int(vm, n).map(Some)
    }
}

fn char(vm: &mut Vm) -> LResult<usize> {
    let mut out = Vec::new();
    for n in 1..=vm.nargs() {
        let c = check_int(vm, n)?;
        utf8_lib::encode_char(n, c, &mut out).map_err(|e| raise(vm, e))?;
    }
    let v = vm.str_owned(out);
    vm.ret1(v)
}

fn codepoint(vm: &mut Vm) -> LResult<usize> {
    let s = check_str(vm, 1)?;
    let i = opt_int(vm, 2, 1)?;
    let j = opt_int_arg(vm, 3)?;
    let lax = vm.arg(4).is_truthy();
    let range = utf8_lib::codepoint_range(s.len(), i, j).map_err(|e| raise(vm, e))?;
    vm.check_stack_for(range.len(), "string slice too long")?;
    let mut count = 0;
    for code in utf8_lib::codepoints(&s, range, lax) {
        let code = code.map_err(|e| raise(vm, e))?;
        vm.push(Value::inline_int_unchecked(i64::from(code)))?;
        count += 1;
    }
    Ok(count)
}

fn len(vm: &mut Vm) -> LResult<usize> {
    let s = check_str(vm, 1)?;
    let i = opt_int(vm, 2, 1)?;
    let j = opt_int(vm, 3, -1)?;
    let lax = vm.arg(4).is_truthy();
    // The scan is work a limit sees, in the string library's units of 64 bytes.
    vm.charge_bytes(s.len() as u128)?;
    match utf8_lib::len(&s, i, j, lax).map_err(|e| raise(vm, e))? {
        Utf8Len::Count(n) => {
            let r = vm.heap.int(n);
            vm.ret1(r)
        }
        Utf8Len::Invalid(p) => {
            vm.push(Value::NIL)?;
            let p = vm.heap.int(p);
            vm.push(p)?;
            Ok(2)
        }
    }
}

fn offset(vm: &mut Vm) -> LResult<usize> {
    let s = check_str(vm, 1)?;
    let n = check_int(vm, 2)?;
    let i = opt_int_arg(vm, 3)?;
    vm.charge_bytes(s.len() as u128)?;
    let r = match utf8_lib::offset(&s, n, i).map_err(|e| raise(vm, e))? {
        Some(p) => vm.heap.int(p),
        None => Value::NIL,
    };
    vm.ret1(r)
}

fn iter_codes(vm: &mut Vm, lax: bool) -> LResult<usize> {
    let s = check_str(vm, 1)?;
    // `lua_tointeger`, not a check: a control value that is no integer counts as 0.
    let c = vm.arg(2);
    let n = match c.as_int() {
        Some(i) => i,
        None => math_lib::tointeger(vm.to_number(c)).unwrap_or(0),
    };
    match utf8_lib::codes_step(&s, n, lax).map_err(|e| raise(vm, e))? {
        Some((pos, code)) => {
            let a = vm.heap.int(pos);
            vm.push(a)?;
            vm.push(Value::inline_int_unchecked(i64::from(code)))?;
            Ok(2)
        }
        None => Ok(0),
    }
}

fn iter_strict(vm: &mut Vm) -> LResult<usize> {
    iter_codes(vm, false)
}

fn iter_lax(vm: &mut Vm) -> LResult<usize> {
    iter_codes(vm, true)
}

fn codes(vm: &mut Vm) -> LResult<usize> {
    let s = check_str(vm, 1)?;
    let lax = vm.arg(2).is_truthy();
    let iter = vm.upvalue(usize::from(lax));
    let sv = s.to_value(vm);
    vm.push(iter)?;
    vm.push(sv)?;
    vm.push(Value::inline_int_unchecked(0))?;
    Ok(3)
}
