//! The table library (§6.6) on the VM. Like Lua 5.4's, it reads and writes through
//! metamethods (`lua_geti`/`lua_seti`) and takes lengths with `__len`.

use crate::shared::limits::MAX_STACK;
use crate::shared::table_lib::{self, InsertForm};
use crate::stdlib::aux::{
    check_int, check_table, opt_int, opt_str, raise, register_lib, text_piece,
};
use crate::vm::error::LResult;
use crate::vm::state::Vm;
use crate::vm::value::Value;

pub fn open(vm: &mut Vm) {
    register_lib(
        vm,
        "table",
        &[
            ("insert", insert),
            ("remove", remove),
            ("concat", concat),
            ("unpack", unpack),
            ("pack", pack),
            ("sort", sort),
            ("move", move_),
        ],
    );
}

/// `luaL_len`: `#v` with `__len`, which must give an integer.
fn len_int(vm: &mut Vm, v: Value) -> LResult<i64> {
    if let Some(t) = v.as_table() {
        if t.metatable.get().is_none() {
            return Ok(t.border());
        }
    }
    let n = vm.len(v)?;
    table_lib::length_from(vm.to_number(n)).map_err(|e| raise(vm, e))
}

/// `lua_geti`.
fn geti(vm: &mut Vm, t: Value, i: i64) -> LResult<Value> {
    if let Some(tab) = t.as_table() {
        let v = tab.get_int(i);
        if !v.is_nil() || tab.metatable.get().is_none() {
            return Ok(v);
        }
    }
    let k = vm.heap.int(i);
    vm.index(t, k)
}

/// `lua_seti`.
fn seti(vm: &mut Vm, t: Value, i: i64, v: Value) -> LResult<()> {
    if let Some(tab) = t.as_table() {
        if tab.metatable.get().is_none() {
            tab.set_int(&vm.heap, i, v);
            return vm.check_growth();
        }
    }
    let k = vm.heap.int(i);
    vm.set_index(t, k, v)
}

fn insert(vm: &mut Vm) -> LResult<usize> {
    let t = Value::from_table(check_table(vm, 1)?);
    let e = len_int(vm, t)?.wrapping_add(1); // first empty slot
    match table_lib::insert_form(vm.nargs()).map_err(|e| raise(vm, e))? {
        InsertForm::Append => {
            let v = vm.arg(2);
            seti(vm, t, e, v)?;
        }
        InsertForm::At => {
            let pos = check_int(vm, 2)?;
            table_lib::check_insert_position(pos, e).map_err(|e| raise(vm, e))?;
            vm.charge(e.wrapping_sub(pos) as u64)?;
            let mut i = e;
            while i > pos {
                let v = geti(vm, t, i - 1)?;
                seti(vm, t, i, v)?;
                i -= 1;
            }
            let v = vm.arg(3);
            seti(vm, t, pos, v)?;
        }
    }
    Ok(0)
}

fn remove(vm: &mut Vm) -> LResult<usize> {
    let t = Value::from_table(check_table(vm, 1)?);
    let size = len_int(vm, t)?;
    let mut pos = opt_int(vm, 2, size)?;
    table_lib::check_remove_position(pos, size).map_err(|e| raise(vm, e))?;
    let v = geti(vm, t, pos)?;
    // Keep the result on the stack while metamethods may run.
    vm.push(v)?;
    if pos < size {
        vm.charge(size.wrapping_sub(pos) as u64)?;
    }
    while pos < size {
        let next = geti(vm, t, pos + 1)?;
        seti(vm, t, pos, next)?;
        pos += 1;
    }
    seti(vm, t, pos, Value::NIL)?;
    Ok(1)
}

fn concat(vm: &mut Vm) -> LResult<usize> {
    let t = Value::from_table(check_table(vm, 1)?);
    // ltablib.c's tconcat takes the length (`__len`) first, even when `j` is given.
    let n = len_int(vm, t)?;
    let sep = opt_str(vm, 2)?;
    let sep: &[u8] = sep.as_deref().unwrap_or(&[]);
    let i = opt_int(vm, 3, 1)?;
    let j = if vm.arg(4).is_nil() {
        n
    } else {
        check_int(vm, 4)?
    };
    let mut out = vm.take_buf();
    let mut k = i;
    while k <= j {
        vm.charge(1)?;
        let v = geti(vm, t, k)?;
        let string = v.as_string();
        // The result is not in the heap's count until it becomes a string: check it
        // against the memory limit as it grows.
        if out.len() > vm.heap.room() {
            vm.reserve(out.len())?;
        }
        table_lib::concat_piece(&mut out, text_piece(vm, v, &string), k, j, sep)
            .map_err(|e| raise(vm, e))?;
        if k == i64::MAX {
            break;
        }
        k += 1;
    }
    let r = vm.str_from_buf(out);
    vm.ret1(r)
}

fn unpack(vm: &mut Vm) -> LResult<usize> {
    // ltablib.c's tunpack does not check its first argument: without one, taking its
    // length fails ("attempt to get length of a nil value").
    let t = vm.arg(1);
    let i = opt_int(vm, 2, 1)?;
    let j = if vm.arg(3).is_nil() {
        len_int(vm, t)?
    } else {
        check_int(vm, 3)?
    };
    if i > j {
        return Ok(0);
    }
    let n = (j as i128 - i as i128 + 1) as u128;
    if n >= MAX_STACK as u128 || !vm.has_room(n as usize) {
        return Err(vm.lib_error("too many results to unpack"));
    }
    vm.charge(n as u64)?;
    let mut k = i;
    loop {
        let v = geti(vm, t, k)?;
        vm.push(v)?;
        if k == j {
            break;
        }
        k += 1;
    }
    Ok(n as usize)
}

fn pack(vm: &mut Vm) -> LResult<usize> {
    let n = vm.nargs();
    let t = vm.new_table(n, 1);
    for i in 1..=n {
        let v = vm.arg(i);
        t.set_int(&vm.heap, i as i64, v);
    }
    let k = vm.str(b"n");
    let nv = vm.heap.int(n as i64);
    t.set(&vm.heap, k, nv).expect("string key");
    vm.ret1(Value::from_table(t))
}

fn move_(vm: &mut Vm) -> LResult<usize> {
    // ltablib.c checks the positions before the tables.
    let f = check_int(vm, 2)?;
    let e = check_int(vm, 3)?;
    let t = check_int(vm, 4)?;
    let a1 = Value::from_table(check_table(vm, 1)?);
    let a2 = if vm.arg(5).is_nil() {
        a1
    } else {
        Value::from_table(check_table(vm, 5)?)
    };
    let offsets = table_lib::move_offsets(f, e, t, a1 == a2).map_err(|e| raise(vm, e))?;
    for i in offsets {
        vm.charge(1)?;
        let v = geti(vm, a1, f + i)?;
        seti(vm, a2, t + i, v)?;
    }
    vm.ret1(a2)
}

// -------------------------------------------------------------------- sort
//
// ltablib.c's quicksort, step for step, so that results (with ties or inconsistent
// comparators) and errors match lua5.4. The pivot and the element being compared with it
// live in argument slots 3 and 4 while Lua code runs (the collector sees them there).

/// Intervals larger than this get a randomized pivot after a bad partition.
const RANLIMIT: u64 = 100;

struct Sorter {
    t: Value,
    /// The comparison function, or nil for `<`.
    cmp: Value,
}

impl Sorter {
    fn less(&self, vm: &mut Vm, a: Value, b: Value) -> LResult<bool> {
        vm.charge(1)?;
        if self.cmp.is_nil() {
            vm.lt(a, b)
        } else {
            Ok(vm.call_function1(self.cmp, &[a, b])?.is_truthy())
        }
    }

    fn get(&self, vm: &mut Vm, i: u64) -> LResult<Value> {
        geti(vm, self.t, i as i64)
    }

    fn set(&self, vm: &mut Vm, i: u64, v: Value) -> LResult<()> {
        seti(vm, self.t, i as i64, v)
    }

    /// Swaps `a[i]` and `a[j]`, given their values.
    fn set2(&self, vm: &mut Vm, i: u64, vi: Value, j: u64, vj: Value) -> LResult<()> {
        self.set(vm, i, vi)?;
        self.set(vm, j, vj)
    }

    fn partition(&self, vm: &mut Vm, lo: u64, up: u64) -> LResult<u64> {
        let mut i = lo;
        let mut j = up - 1;
        let p = vm.arg(3);
        loop {
            // repeat ++i while a[i] < P
            let mut ai;
            loop {
                i += 1;
                ai = self.get(vm, i)?;
                vm.set_arg(4, ai);
                if !self.less(vm, ai, p)? {
                    break;
                }
                if i == up - 1 {
                    return Err(vm.lib_error("invalid order function for sorting"));
                }
            }
            // repeat --j while P < a[j]
            let mut aj;
            loop {
                j = j.wrapping_sub(1);
                aj = self.get(vm, j)?;
                if !self.less(vm, p, aj)? {
                    break;
                }
                if j < i {
                    return Err(vm.lib_error("invalid order function for sorting"));
                }
            }
            let ai = vm.arg(4);
            if j < i {
                // swap the pivot (a[up - 1]) with a[i]
                self.set2(vm, up - 1, ai, i, p)?;
                return Ok(i);
            }
            self.set2(vm, i, aj, j, ai)?;
        }
    }

    fn auxsort(&self, vm: &mut Vm, mut lo: u64, mut up: u64, mut rnd: u32) -> LResult<()> {
        while lo < up {
            // sort elements lo, p, up
            let alo = self.get(vm, lo)?;
            vm.set_arg(4, alo);
            let aup = self.get(vm, up)?;
            if self.less(vm, aup, alo)? {
                let alo = vm.arg(4);
                self.set2(vm, lo, aup, up, alo)?;
            }
            if up - lo == 1 {
                break;
            }
            let mut p = if up - lo < RANLIMIT || rnd == 0 {
                (lo + up) / 2
            } else {
                let r4 = (up - lo) / 4;
                u64::from(rnd) % (r4 * 2) + (lo + r4)
            };
            let ap = self.get(vm, p)?;
            vm.set_arg(3, ap);
            let alo = self.get(vm, lo)?;
            vm.set_arg(4, alo);
            if self.less(vm, ap, alo)? {
                let (ap, alo) = (vm.arg(3), vm.arg(4));
                self.set2(vm, p, alo, lo, ap)?;
            } else {
                let aup = self.get(vm, up)?;
                vm.set_arg(4, aup);
                let ap = vm.arg(3);
                if self.less(vm, aup, ap)? {
                    let (ap, aup) = (vm.arg(3), vm.arg(4));
                    self.set2(vm, p, aup, up, ap)?;
                }
            }
            if up - lo == 2 {
                break;
            }
            let pivot = self.get(vm, p)?;
            vm.set_arg(3, pivot);
            let aup1 = self.get(vm, up - 1)?;
            self.set2(vm, p, aup1, up - 1, pivot)?;
            p = self.partition(vm, lo, up)?;
            let n;
            if p - lo < up - p {
                self.auxsort(vm, lo, p - 1, rnd)?;
                n = p - lo;
                lo = p + 1;
            } else {
                self.auxsort(vm, p + 1, up, rnd)?;
                n = up - p;
                up = p - 1;
            }
            if (up.wrapping_sub(lo)) / 128 > n {
                rnd = randomize_pivot(rnd, lo, up);
            }
        }
        Ok(())
    }
}

/// `l_randomizePivot`, made deterministic: lua5.4 mixes `clock()` and `time()`, so how
/// many comparisons a sort makes (visible through a comparator's side effects, and in
/// instruction counts) changes from run to run. Here it is a hash of the previous value and
/// the interval, which still moves the pivot after a bad partition but repeats exactly.
fn randomize_pivot(prev: u32, lo: u64, up: u64) -> u32 {
    let x = (u64::from(prev) ^ lo.rotate_left(21) ^ up.rotate_left(42))
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    ((x >> 32) as u32) | 1
}

fn sort(vm: &mut Vm) -> LResult<usize> {
    let t = Value::from_table(check_table(vm, 1)?);
    let n = len_int(vm, t)?;
    if n > 1 {
        table_lib::check_sort_length(n).map_err(|e| raise(vm, e))?;
        let cmp = vm.arg(2);
        if !(cmp.is_nil() || cmp.is_function()) {
            return Err(vm.arg_type_error(2, "function"));
        }
        // settop(2), then two scratch slots (pivot, element).
        let th = &mut vm.th;
        let base = th.frames.last().expect("in a call").base;
        th.top = th.top.min(base + 2);
        while vm.nargs() < 4 {
            vm.push(Value::NIL)?;
        }
        let s = Sorter { t, cmp };
        s.auxsort(vm, 1, n as u64, 0)?;
    }
    Ok(0)
}
