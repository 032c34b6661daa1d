//! The utf8 library (§6.5) on the VM, on `text::utf8`'s decoder (lutf8lib.c's rules:
//! strict by default, `lax` accepts the extended range up to 2^31 - 1).

use crate::stdlib::aux::{check_int, check_str, opt_int, register_lib};
use crate::text::utf8::{
    self, decode, encode_extended, is_cont_at, is_continuation, posrelat, LenResult, OffsetError,
    MAX_EXTENDED,
};
use crate::vm::error::LResult;
use crate::vm::function::NativeFn;
use crate::vm::state::Vm;
use crate::vm::value::Value;

const INVALID: &str = "invalid UTF-8 code";

pub fn open(vm: &mut Vm) {
    let t = register_lib(
        vm,
        "utf8",
        &[
            ("char", char),
            ("codepoint", codepoint),
            ("len", len),
            ("offset", offset),
            ("codes", codes),
        ],
    );
    let k = vm.str(b"charpattern");
    let v = vm.str(b"[\x00-\x7F\xC2-\xFD][\x80-\xBF]*");
    t.set(&vm.heap, k, v).expect("string key");
}

fn char(vm: &mut Vm) -> LResult<usize> {
    let mut out = Vec::new();
    for n in 1..=vm.nargs() {
        let c = check_int(vm, n)?;
        if c as u64 > u64::from(MAX_EXTENDED) {
            return Err(vm.arg_error(n, "value out of range"));
        }
        encode_extended(c as u32, &mut out);
    }
    let v = vm.str_owned(out);
    vm.ret1(v)
}

fn codepoint(vm: &mut Vm) -> LResult<usize> {
    let s = check_str(vm, 1)?;
    let i = opt_int(vm, 2, 1)?;
    let posi = posrelat(i, s.len());
    let pose = posrelat(opt_int(vm, 3, posi)?, s.len());
    let lax = vm.arg(4).is_truthy();
    if posi < 1 {
        return Err(vm.arg_error(2, "out of bounds"));
    }
    if pose > s.len() as i64 {
        return Err(vm.arg_error(3, "out of bounds"));
    }
    let mut count = 0;
    let mut p = (posi - 1) as usize;
    while (p as i64) < pose {
        match decode(&s[p..], !lax) {
            Some((code, n)) => {
                vm.push(Value::inline_int_unchecked(i64::from(code)))?;
                count += 1;
                p += n;
            }
            None => return Err(vm.lib_error(INVALID)),
        }
    }
    Ok(count)
}

fn len(vm: &mut Vm) -> LResult<usize> {
    let s = check_str(vm, 1)?;
    let i = posrelat(opt_int(vm, 2, 1)?, s.len());
    let j = posrelat(opt_int(vm, 3, -1)?, s.len());
    let lax = vm.arg(4).is_truthy();
    match utf8::len(&s, i, j, lax) {
        LenResult::Count(n) => {
            let r = vm.heap.int(n);
            vm.ret1(r)
        }
        LenResult::Invalid(p) => {
            vm.push(Value::NIL)?;
            let p = vm.heap.int(p);
            vm.push(p)?;
            Ok(2)
        }
        LenResult::StartOutOfBounds => Err(vm.arg_error(2, "initial position out of bounds")),
        LenResult::EndOutOfBounds => Err(vm.arg_error(3, "final position out of bounds")),
    }
}

fn offset(vm: &mut Vm) -> LResult<usize> {
    let s = check_str(vm, 1)?;
    let n = check_int(vm, 2)?;
    let default = if n >= 0 { 1 } else { s.len() as i64 + 1 };
    let i = posrelat(opt_int(vm, 3, default)?, s.len());
    let r = match utf8::offset(&s, n, i) {
        Ok(Some(p)) => vm.heap.int(p),
        Ok(None) => Value::NIL,
        Err(OffsetError::OutOfBounds) => return Err(vm.arg_error(3, "position out of bounds")),
        Err(OffsetError::Continuation) => {
            return Err(vm.lib_error("initial position is a continuation byte"))
        }
    };
    vm.ret1(r)
}

fn iter_codes(vm: &mut Vm, strict: bool) -> LResult<usize> {
    let s = check_str(vm, 1)?;
    let mut n = match vm.arg(2).as_int() {
        Some(i) => i as u64,
        None => check_int(vm, 2)? as u64,
    };
    let len = s.len() as u64;
    if n < len {
        // Skip the continuation bytes of the previous character (and stray ones).
        while n < len && is_continuation(s[n as usize]) {
            n += 1;
        }
    }
    if n >= len {
        return Ok(0);
    }
    match decode(&s[n as usize..], strict) {
        Some((code, l)) if !is_cont_at(&s, (n + l as u64) as i64) => {
            let a = vm.heap.int(n as i64 + 1);
            vm.push(a)?;
            vm.push(Value::inline_int_unchecked(i64::from(code)))?;
            Ok(2)
        }
        _ => Err(vm.lib_error(INVALID)),
    }
}

fn iter_strict(vm: &mut Vm) -> LResult<usize> {
    iter_codes(vm, true)
}

fn iter_lax(vm: &mut Vm) -> LResult<usize> {
    iter_codes(vm, false)
}

fn codes(vm: &mut Vm) -> LResult<usize> {
    let s = check_str(vm, 1)?;
    let lax = vm.arg(2).is_truthy();
    let f: NativeFn = if lax { iter_lax } else { iter_strict };
    let iter = vm.native("for iterator", f);
    let sv = s.to_value(vm);
    vm.push(iter)?;
    vm.push(sv)?;
    vm.push(Value::inline_int_unchecked(0))?;
    Ok(3)
}
