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

/// Runs incremental steps until the cycle reaches `phase` (or the cycle ends).
fn step_until(vm: &mut Vm, phase: crate::gc::heap::Phase) {
    for _ in 0..100_000 {
        if vm.heap.phase() == phase {
            return;
        }
        vm.inc_step(1);
    }
    panic!("the cycle never reached {phase:?}");
}

#[test]
fn a_black_table_written_during_marking_keeps_the_new_object() {
    use crate::gc::heap::{Phase, FLAG_BLACK};
    let mut vm = vm();
    let old = vm.new_table(0, 0);
    vm.set_global("old", Value::from_table(old));
    // Start a cycle and trace until `old` is black.
    vm.inc_step(1);
    assert_eq!(vm.heap.phase(), Phase::Propagate);
    for _ in 0..10_000 {
        if old.header().flags.get() & FLAG_BLACK != 0 {
            break;
        }
        vm.inc_step(1);
    }
    assert!(old.header().flags.get() & FLAG_BLACK != 0, "old was traced");
    // A new (white) object stored only in the black table: the barrier must save it.
    let young = vm.new_table(1, 0);
    young.set_int(&vm.heap, 1, vm.heap.int(42));
    old.set_int(&vm.heap, 1, Value::from_table(young));
    assert_eq!(
        old.header().flags.get() & FLAG_BLACK,
        0,
        "the barrier grayed old"
    );
    step_until(&mut vm, Phase::Pause);
    vm.full_gc().unwrap();
    let kept = old.get_int(1).as_table().expect("still there");
    assert_eq!(kept.get_int(1).as_int(), Some(42));
    assert!(vm.heap.stats().barriers >= 1);
}

#[test]
fn objects_allocated_while_sweeping_survive_the_sweep() {
    use crate::gc::heap::Phase;
    let mut vm = vm();
    let root = vm.new_table(0, 0);
    vm.set_global("root", Value::from_table(root));
    for i in 0..200 {
        let _garbage = vm.new_table(1, 0);
        let _s = vm.str(format!("garbage {i}").as_bytes());
    }
    step_until(&mut vm, Phase::Sweep);
    let born = vm.new_table(1, 0);
    born.set_int(&vm.heap, 1, vm.heap.int(7));
    root.set_int(&vm.heap, 1, Value::from_table(born));
    // A dead interned string found again while sweeping is revived, not freed.
    let again = vm.str(b"garbage 3");
    root.set_int(&vm.heap, 2, again);
    step_until(&mut vm, Phase::Pause);
    vm.full_gc().unwrap();
    let t = root.get_int(1).as_table().expect("kept");
    assert_eq!(t.get_int(1).as_int(), Some(7));
    assert_eq!(
        root.get_int(2).as_string().unwrap().as_bytes(),
        b"garbage 3"
    );
}

#[test]
fn minor_collections_keep_young_objects_stored_in_old_ones() {
    let mut vm = vm();
    vm.set_gc_mode(true).unwrap();
    let old = vm.new_table(0, 0);
    vm.set_global("old", Value::from_table(old));
    vm.young_collection();
    assert!(
        !old.header().marked.get(),
        "one survival: still young (white)"
    );
    vm.young_collection();
    assert!(old.header().marked.get(), "two survivals: old");
    let young = vm.new_table(1, 0);
    young.set_int(&vm.heap, 1, vm.heap.int(5));
    old.set_int(&vm.heap, 1, Value::from_table(young));
    let garbage = vm.new_table(0, 0);
    let freed_before = vm.heap.stats().objects_freed;
    vm.young_collection();
    vm.young_collection();
    assert!(
        vm.heap.stats().objects_freed > freed_before,
        "young garbage freed"
    );
    let _ = garbage;
    let kept = old.get_int(1).as_table().expect("remembered");
    assert_eq!(kept.get_int(1).as_int(), Some(5));
    vm.major_collection();
    assert_eq!(kept.get_int(1).as_int(), Some(5));
}

/// A weak table remembered by one minor collection (weak tables are traced at every one)
/// that becomes garbage is traced once more and freed by the next, and must not be traced
/// by the one after: Miri reports the use after free that this was (found by the teal
/// compiler, whose `seen` tables are weak-keyed and replaced on every call).
#[test]
fn a_weak_table_freed_by_a_minor_collection_is_not_traced_again() {
    let mut vm = vm();
    vm.set_gc_mode(true).unwrap();
    let mode = vm.str(b"__mode");
    for kind in [&b"k"[..], b"v", b"kv"] {
        let weak = vm.new_table(0, 0);
        let mt = vm.new_table(0, 1);
        let k = vm.str(kind);
        mt.set(&vm.heap, mode, k).unwrap();
        weak.metatable.set(Some(mt));
        let key = vm.new_table(0, 0);
        let val = vm.new_table(0, 0);
        weak.set(&vm.heap, Value::from_table(key), Value::from_table(val))
            .unwrap();
        vm.set_global("weak", Value::from_table(weak));
        vm.set_global("key", Value::from_table(key));
        vm.young_collection();
        vm.set_global("weak", Value::NIL);
        let freed = vm.heap.stats().objects_freed;
        vm.young_collection();
        assert!(
            vm.heap.stats().objects_freed > freed,
            "the weak table is freed"
        );
        vm.young_collection();
        vm.young_collection();
    }
}

#[test]
fn closing_an_upvalue_during_marking_keeps_its_value() {
    let mut lua = crate::api::Lua::with_output(Box::new(std::io::sink()));
    lua.set_incremental();
    lua.set_gc_stress(true);
    let src = b"
        local keep = {}
        for i = 1, 50 do
            local v = {i}
            keep[i] = function() return v[1] end
        end
        for i = 1, 200 do local _ = {} end
        collectgarbage()
        for i = 1, 50 do assert(keep[i]() == i) end
    ";
    lua.exec(src, b"=test").unwrap();
}

/// A state with the standard libraries in generational or incremental mode.
fn lua_in_mode(generational: bool) -> crate::api::Lua {
    let mut lua = crate::api::Lua::with_output(Box::new(std::io::sink()));
    if generational {
        lua.set_generational();
    } else {
        lua.set_incremental();
    }
    lua
}

#[test]
fn stress_runs_every_mode_without_losing_objects() {
    for generational in [false, true] {
        let mut lua = lua_in_mode(generational);
        lua.set_gc_stress(true);
        let n = if cfg!(miri) { 20 } else { 500 };
        let src = format!(
            "local list = {{}}
             local weak = setmetatable({{}}, {{__mode = 'k'}})
             for i = 1, {n} do
                 list[i] = {{i, tostring(i)}}
                 weak[list[i]] = {{list[i]}}
                 if i % 3 == 0 then list[i - 1] = nil end
             end
             collectgarbage()
             local n = 0
             for k, v in pairs(weak) do n = n + 1 assert(v[1] == k and k[2] == tostring(k[1])) end
             assert(n == {n} - {n} // 3, n)"
        );
        lua.exec(src.as_bytes(), b"=test").unwrap();
    }
}

#[test]
fn table_arrays_move_out_of_their_inline_slots_and_blocks_are_reused() {
    let mut vm = vm();
    let keep = vm.new_table(0, 0);
    vm.set_global("keep", Value::from_table(keep));
    for round in 0..3 {
        for i in 0..20i64 {
            // 3 inline slots: SETLIST's growth to 3 stays inline, t[4..] moves the array
            // to a block of its own, and a rehash with string keys moves it again.
            let t = vm.new_table(2, 0);
            let vals: Vec<Value> = (1..=3).map(|k| vm.heap.int(i * 10 + k)).collect();
            t.set_list(&vm.heap, 1, &vals);
            if i % 2 == 0 {
                for k in 4..=(i + 4) {
                    t.set_int(&vm.heap, k, vm.heap.int(i * 10 + k));
                }
                let key = vm.str(b"name");
                t.set(&vm.heap, key, vm.heap.int(i)).unwrap();
            }
            if i % 5 == 0 {
                keep.set_int(&vm.heap, round * 4 + i / 5 + 1, Value::from_table(t));
            }
        }
        // Frees the others into the table cache; the next round takes its blocks back.
        vm.full_gc().unwrap();
    }
    for round in 0..3 {
        for j in 0..4 {
            let i = j * 5;
            let t = keep.get_int(round * 4 + j + 1).as_table().expect("kept");
            let last = if i % 2 == 0 { i + 4 } else { 3 };
            for k in 1..=last {
                assert_eq!(t.get_int(k).as_int(), Some(i * 10 + k));
            }
            assert_eq!(t.border(), last);
        }
    }
}

/// Boxed integers live in chunks off the object list (`gc::int_arena`): kept in tables, as
/// keys, in weak tables (never cleared: they are values) and in upvalues, through minor,
/// major and incremental collections and switches between the modes; freed, and their
/// chunks given back, once nothing holds them.
#[test]
fn boxed_integers_survive_every_mode_and_die_when_dropped() {
    let n = if cfg!(miri) { 300 } else { 20_000 };
    for generational in [false, true] {
        let mut lua = lua_in_mode(generational);
        let src = format!(
            "local big, n = 1 << 50, {n}
             keep, weakv, keys = {{}}, setmetatable({{}}, {{__mode = 'v'}}), {{}}
             local function counter() local c = big return function() c = c + 1 return c end end
             next_big = counter()
             for i = 1, n do
                 local x = big + i
                 if i % 7 == 0 then keep[#keep + 1] = x end
                 if i % 11 == 0 then weakv[i] = x end
                 if i % 13 == 0 then keys[x] = i end
                 if i % 997 == 0 then collectgarbage('step') end
                 if i == n // 2 then collectgarbage(collectgarbage('isrunning') and 'generational' or 'incremental') end
                 next_big()
             end
             local function check()
                 for i, x in ipairs(keep) do assert(x == big + 7 * i, i) end
                 for i = 11, n, 11 do assert(weakv[i] == big + i, i) end
                 local c = 0
                 for k, v in pairs(keys) do assert(k == big + v) c = c + 1 end
                 assert(c == n // 13, c)
                 assert(math.type(keep[1]) == 'integer')
             end
             collectgarbage() check()
             collectgarbage('incremental') collectgarbage() check()
             collectgarbage('generational') collectgarbage('step') check()
             assert(next_big() == big + n + 1)
             collectgarbage()"
        );
        lua.exec(src.as_bytes(), b"=test").unwrap();
        let boxed = |lua: &crate::api::Lua| {
            let live = lua.live_objects();
            live.iter()
                .find(|(k, _)| *k == "integer (boxed)")
                .expect("counted")
                .1
        };
        let held = boxed(&lua);
        // The distinct values held, and the counter's upvalue.
        let expected = (1..=n)
            .filter(|i| i % 7 == 0 || i % 11 == 0 || i % 13 == 0)
            .count() as u64
            + 1;
        assert!(
            held >= expected && held < expected + 8,
            "{held} boxed integers live, {expected} held"
        );
        lua.exec(
            b"keep, weakv, keys, next_big = nil collectgarbage()",
            b"=test",
        )
        .unwrap();
        assert!(boxed(&lua) < 64, "{} left", boxed(&lua));
    }
}

#[test]
fn chunks_of_boxed_integers_are_given_back_when_empty() {
    use crate::gc::int_arena::CHUNK_SLOTS;
    let mut vm = vm();
    let keep = vm.new_table(0, 0);
    vm.set_global("keep", Value::from_table(keep));
    let n = 4 * CHUNK_SLOTS as i64;
    for i in 0..n {
        let v = vm.heap.int((1 << 60) + i);
        if i % (CHUNK_SLOTS as i64) == 0 {
            keep.set_int(&vm.heap, i / CHUNK_SLOTS as i64 + 1, v);
        }
    }
    assert!(vm.heap.ints.borrow().chunk_count() >= 4);
    vm.full_gc().unwrap();
    // One kept box per chunk: no chunk is empty yet.
    assert!(vm.heap.ints.borrow().chunk_count() >= 4);
    for j in 1..=4 {
        assert_eq!(
            keep.get_int(j).as_int(),
            Some((1 << 60) + (j - 1) * CHUNK_SLOTS as i64)
        );
    }
    // The freed slots are used again before any new chunk.
    let chunks = vm.heap.ints.borrow().chunk_count();
    for i in 0..CHUNK_SLOTS as i64 {
        let _ = vm.heap.int(-(1 << 60) - i);
    }
    assert_eq!(vm.heap.ints.borrow().chunk_count(), chunks);
    for j in 1..=4 {
        keep.set_int(&vm.heap, j, Value::NIL);
    }
    vm.full_gc().unwrap();
    assert!(
        vm.heap.ints.borrow().chunk_count() <= 1,
        "empty chunks given back"
    );
}
