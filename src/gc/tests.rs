//! Collector tests on small heaps; they also run under Miri
//! (`cargo +nightly miri test -p moonlab --lib gc::tests`), which checks the unsafe core:
//! headers, frees, upvalue pointers and stack reallocation.

use crate::vm::state::Vm;
use crate::vm::value::Value;

fn vm() -> Vm {
    Vm::bare(Box::new(std::io::sink()))
}

#[test]
fn unreachable_objects_are_freed_and_reachable_ones_kept() {
    let mut vm = vm();
    let keep = vm.new_table(0, 0);
    vm.set_global("keep", Value::from_table(keep));
    for i in 0..50 {
        let t = vm.new_table(2, 0);
        t.set_int(&vm.heap, 1, vm.heap.int(i));
        if i % 10 == 0 {
            keep.set_int(&vm.heap, i / 10 + 1, Value::from_table(t));
        }
    }
    let before = vm.heap.stats().objects_freed;
    vm.full_gc().unwrap();
    let freed = vm.heap.stats().objects_freed - before;
    assert_eq!(freed, 45, "45 garbage tables");
    for j in 1..=5 {
        let t = keep.get_int(j).as_table().expect("kept");
        assert_eq!(t.get_int(1).as_int(), Some((j - 1) * 10));
    }
}

#[test]
fn interned_strings_die_with_their_last_reference() {
    let mut vm = vm();
    let s = vm.str(b"a short string");
    vm.set_global("s", s);
    let _dead = vm.str(b"another short string");
    vm.full_gc().unwrap();
    // The live one is still interned (same object); the dead one was re-made.
    assert_eq!(vm.str(b"a short string"), s);
    let big = vm.heap.int(i64::MAX);
    assert_eq!(big.as_int(), Some(i64::MAX));
}

#[test]
fn weak_values_are_cleared_and_strings_are_not() {
    let mut vm = vm();
    let weak = vm.new_table(0, 0);
    let mt = vm.new_table(0, 1);
    let mode = vm.str(b"__mode");
    let v = vm.str(b"v");
    mt.set(&vm.heap, mode, v).unwrap();
    weak.metatable.set(Some(mt));
    vm.set_global("weak", Value::from_table(weak));
    let obj = vm.new_table(0, 0);
    weak.set_int(&vm.heap, 1, Value::from_table(obj));
    let s = vm.str(b"text");
    weak.set_int(&vm.heap, 2, s);
    vm.full_gc().unwrap();
    assert!(weak.get_int(1).is_nil(), "collectable value cleared");
    assert_eq!(weak.get_int(2), s, "strings are values, never cleared");
}

#[test]
fn programs_run_and_collect_with_closures_and_coroutines() {
    let mut lua = crate::api::Lua::with_output(Box::new(std::io::sink()));
    lua.set_gc_stress(true);
    let src = b"
        local function counter() local n = 0 return function() n = n + 1 return n end end
        local c = counter()
        for i = 1, 5 do c() end
        local co = coroutine.create(function(a) local x = coroutine.yield(a + 1) return x * 2 end)
        local _, y = coroutine.resume(co, 1)
        local _, z = coroutine.resume(co, 10)
        local t = setmetatable({}, {__mode = 'k'})
        t[{}] = 1
        collectgarbage()
        assert(c() == 6 and y == 2 and z == 20 and next(t) == nil)
    ";
    lua.exec(src, b"=test").unwrap();
}

#[test]
fn stack_growth_keeps_open_upvalues_valid() {
    let mut lua = crate::api::Lua::with_output(Box::new(std::io::sink()));
    let src = b"
        local x = 1
        local function get() return x end
        local function deep(n) if n == 0 then x = x + 1 return get() end return deep(n - 1) end
        assert(deep(300) == 2)
    ";
    lua.exec(src, b"=test").unwrap();
}

#[test]
fn loops_that_only_box_integers_run_in_bounded_memory() {
    // No call, table or closure in the loop: the back-edge is the only safe point.
    let n = if cfg!(miri) { 2_000 } else { 2_000_000 };
    let mut lua = crate::api::Lua::with_output(Box::new(std::io::sink()));
    let src = format!("local acc = 1 << 50 for i = 1, {n} do acc = acc + (i & 7) end");
    lua.exec(src.as_bytes(), b"=test").unwrap();
    assert!(
        lua.bytes_in_use() < 4 << 20,
        "{} bytes live after boxing {n} integers",
        lua.bytes_in_use()
    );
    if !cfg!(miri) {
        assert!(lua.gc_stats().cycles > 0);
    }
}
