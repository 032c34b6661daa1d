//! Tables: an array part for keys 1..n and a hash part, sized by Lua 5.4's rules (ltable.c),
//! because `#` on a table with holes depends on that layout.
//!
//! The hash part keeps entries in insertion order (a dense entry vector plus an
//! open-addressed index of entry numbers), which makes `next` a walk over a vector and gives
//! the same traversal order as the reference interpreter. A key assigned nil keeps its entry
//! (value nil) until the next rehash, so `next` stays valid while a traversal clears fields.
//! The hash part rehashes when a new key finds it at its nominal capacity (`hash_cap`, a power
//! of two), which is when PUC's node array is full; the new sizes come from `computesizes`.
//!
//! All access goes through `&Table`: the data sits in an `UnsafeCell`, and no method calls
//! out (to Lua or to the collector) while it holds a reference into it.

use std::cell::{Cell, UnsafeCell};

use crate::gc::heap::HeapSize;
use crate::gc::{Gc, Heap};
use crate::shared::table_layout::{ArrayLimit, KeyCounts};
pub use crate::shared::table_layout::{InvalidKey, KeyError};
use crate::shared::tm::Tm;
use crate::vm::string::str_eq;
use crate::vm::value::Value;

mod array_part;
mod hash_part;
pub(crate) use array_part::{inline_slots, ArrayPart};
use hash_part::{HashPart, HASH_SLOT_BYTES, MAX_HASH_CAP};

#[derive(Clone, Copy)]
pub(crate) struct Entry {
    pub key: Value,
    pub val: Value,
}

/// A table part could not grow (the memory limit, or the allocator refused).
#[derive(Debug)]
pub(crate) struct NoMemory;

pub(crate) struct TableData {
    /// The array part (a pointer and a `u32` length, not a vector: tables are many and
    /// small, and this part only changes size all at once, in `resize`; small ones live in
    /// the table's own allocation, `ArrayPart`).
    pub array: ArrayPart,
    /// The hash part: index and entries in one block (`HashPart`).
    hash: HashPart,
    /// Bit i set: the metatable has no field for the i-th fast metamethod (`flags` in
    /// ltable.h). Cleared on every raw set with a string key starting with "__".
    pub(crate) no_tm: u8,
    alimit: ArrayLimit,
}

pub struct Table {
    data: UnsafeCell<TableData>,
    pub(crate) metatable: Cell<Option<Gc<Table>>>,
}

impl HeapSize for Table {
    fn extra_bytes(&self) -> usize {
        let d = self.data();
        d.array.inline_bytes() + d.array.block_bytes() + d.hash.cap() * HASH_SLOT_BYTES
    }
}

#[inline(always)]
fn mix(x: u64) -> u64 {
    let h = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 32)
}

/// The hash of a normalised key.
#[inline]
pub(crate) fn key_hash(k: Value) -> u64 {
    if let Some(s) = k.as_string() {
        return s.hash();
    }
    if let Some(i) = k.as_int() {
        return mix(i as u64);
    }
    mix(k.bits())
}

/// Raw key equality of normalised keys.
#[inline]
pub(crate) fn key_eq(a: Value, b: Value) -> bool {
    if a == b {
        return true;
    }
    if let (Some(x), Some(y)) = (a.as_string(), b.as_string()) {
        return str_eq(x, y);
    }
    if a.is_int() && b.is_int() {
        return a.as_int() == b.as_int();
    }
    false
}

/// Floats with an integral value become integers (keys `1` and `1.0` are the same key).
#[inline]
pub(crate) fn normalize_key(heap: &Heap, k: Value) -> Result<Value, KeyError> {
    if let Some(f) = k.as_float() {
        if f.is_nan() {
            return Err(KeyError::NaN);
        }
        if let Some(i) = crate::shared::arith::float_to_int(f) {
            return Ok(heap.int(i));
        }
        return Ok(k);
    }
    if k.is_nil() {
        return Err(KeyError::Nil);
    }
    Ok(k)
}

fn ceil_pow2(n: usize) -> usize {
    if n == 0 {
        0
    } else {
        n.next_power_of_two()
    }
}

impl Default for TableData {
    fn default() -> Self {
        TableData {
            array: ArrayPart::empty(),
            hash: HashPart::empty(),
            no_tm: 0,
            alimit: ArrayLimit::new(0),
        }
    }
}

impl TableData {
    /// The entries in use.
    #[inline(always)]
    pub(crate) fn entries(&self) -> &[Entry] {
        self.hash.entries()
    }

    #[inline(always)]
    pub(crate) fn entries_mut(&mut self) -> &mut [Entry] {
        self.hash.entries_mut()
    }

    /// Keys the hash part holds before it must grow (a power of two, or 0).
    #[inline]
    fn hash_cap(&self) -> usize {
        self.hash.cap()
    }

    #[inline]
    fn find(&self, key: Value, hash: u64) -> Option<u32> {
        self.hash.probe(hash, |e| key_eq(e.key, key))
    }

    /// Lookup of a short (interned) string key: identity comparison only.
    #[inline(always)]
    fn find_short_str(&self, key: Value, hash: u64) -> Option<u32> {
        self.hash.probe(hash, |e| e.key == key)
    }

    #[inline(always)]
    fn get_int(&self, i: i64) -> Value {
        if (i as u64).wrapping_sub(1) < self.array.len() as u64 {
            return self.array[(i - 1) as usize];
        }
        self.get_int_hash(i)
    }

    // Out of line: the array test above is what the interpreter's fast paths inline.
    #[inline(never)]
    fn get_int_hash(&self, i: i64) -> Value {
        let hash = mix(i as u64);
        self.hash
            .probe(hash, |e| e.key.as_int() == Some(i))
            .map_or(Value::NIL, |e| self.hash.at(e).val)
    }

    /// `rehash` of ltable.c: choose the array size that keeps it more than half full,
    /// counting the key being inserted, and size the hash part for the rest. `Err` (the
    /// table unchanged) when the new parts would take more than `room` bytes or cannot be
    /// allocated.
    fn rehash(&mut self, extra: Value, room: usize) -> Result<(), NoMemory> {
        let mut counts = KeyCounts::default();
        let mut total = 1; // the key being inserted
        for (i, v) in self.array.iter().enumerate() {
            if !v.is_nil() {
                counts.add(i as i64 + 1);
                total += 1;
            }
        }
        for e in self.entries() {
            if !e.val.is_nil() {
                total += 1;
                if let Some(i) = e.key.as_int() {
                    counts.add(i);
                }
            }
        }
        if let Some(i) = extra.as_int() {
            counts.add(i);
        }
        let (optimal, in_array) = counts.array_size();
        self.resize(optimal, total - in_array, room)
    }

    /// `rehash` for the commonest growth, `t[#t + 1] = v` with no hash part: when the hash
    /// part has no room at all and the array is full, `computesizes` counts the keys
    /// `1..=n + 1` and chooses an array of `ceil_pow2(n + 1)` slots and no hash part, so
    /// the array grows to that without counting. `Ok(false)`: not this case (`rehash`
    /// decides); `Err` as for `resize`.
    fn grow_for_append(&mut self, key: Value, room: usize) -> Result<bool, NoMemory> {
        let n = self.array.len();
        if self.hash_cap() != 0
            || key.as_int() != Some(n as i64 + 1)
            || self.array.iter().any(|v| v.is_nil())
        {
            return Ok(false);
        }
        let narray = (n + 1).next_power_of_two();
        debug_assert_eq!(
            {
                let mut counts = KeyCounts::default();
                (1..=n as i64 + 1).for_each(|k| counts.add(k));
                counts.array_size()
            },
            (narray, n + 1),
            "computesizes for a full array and its next key"
        );
        if (narray - n) as u128 * 8 > room as u128 {
            return Err(NoMemory);
        }
        self.array.resize(narray)?;
        self.alimit = ArrayLimit::new(narray);
        Ok(true)
    }

    /// Sets the array part to `narray` slots and the hash capacity for `nhash` keys,
    /// moving entries between the parts and dropping dead keys. `Err`, with the table
    /// unchanged, if the new parts would take more than `room` bytes more than the old
    /// ones, or the allocator refuses them (sizes here come from programs).
    fn resize(&mut self, narray: usize, nhash: usize, room: usize) -> Result<(), NoMemory> {
        let in_new_array = |k: Value| {
            k.as_int()
                .is_some_and(|i| i >= 1 && (i as u64) <= narray as u64)
        };
        // The keys the new hash part gets (callers' `nhash` counts them already; the
        // maximum keeps `push` in bounds whatever they pass).
        let mut needed = self
            .entries()
            .iter()
            .filter(|e| !e.val.is_nil() && !in_new_array(e.key))
            .count();
        if narray < self.array.len() {
            needed += self.array[narray..].iter().filter(|v| !v.is_nil()).count();
        }
        let hash_cap = ceil_pow2(nhash.max(needed));
        if hash_cap > MAX_HASH_CAP {
            return Err(NoMemory);
        }
        let new_bytes = (narray as u128) * 8 + (hash_cap * HASH_SLOT_BYTES) as u128;
        let old_bytes = self.array.len() as u128 * 8 + (self.hash_cap() * HASH_SLOT_BYTES) as u128;
        if new_bytes > old_bytes + room as u128 {
            return Err(NoMemory);
        }
        let mut hash = HashPart::with_capacity(hash_cap).ok_or(NoMemory)?;
        let mut moved = Vec::new();
        if narray < self.array.len() {
            for (i, &v) in self.array[narray..].iter().enumerate() {
                if !v.is_nil() {
                    let k = Value::inline_int((narray + i + 1) as i64).expect("array index");
                    moved.push(Entry { key: k, val: v });
                }
            }
        }
        // The last step that can fail: the table is unchanged until it succeeds.
        self.array.resize(narray)?;
        let array = &mut self.array;
        for &e in self.hash.entries().iter().chain(&moved) {
            if e.val.is_nil() {
                continue;
            }
            if let Some(i) = e.key.as_int() {
                if i >= 1 && (i as u64) <= narray as u64 {
                    array[(i - 1) as usize] = e.val;
                    continue;
                }
            }
            // Only live entries get here: a dead key (nil value) is never hashed.
            hash.push(e, key_hash(e.key));
        }
        self.hash = hash;
        self.alimit = ArrayLimit::new(narray);
        Ok(())
    }

    /// `resize` for a table without a hash part that keeps none: only the array grows
    /// (table constructors' SETLIST), in place where the allocator can.
    fn grow_array(&mut self, narray: usize, room: usize) -> Result<(), NoMemory> {
        debug_assert!(self.hash_cap() == 0 && narray > self.array.len());
        let extra = narray - self.array.len();
        if extra as u128 * 8 > room as u128 {
            return Err(NoMemory);
        }
        self.array.resize(narray)?;
        self.alimit = ArrayLimit::new(narray);
        Ok(())
    }

    /// Raw assignment of a normalised, valid key. `Err` (nothing stored) when the table
    /// had to grow and could not (see `resize`).
    fn set(&mut self, key: Value, val: Value, room: usize) -> Result<(), NoMemory> {
        if let Some(i) = key.as_int() {
            if (i as u64).wrapping_sub(1) < self.array.len() as u64 {
                self.array[(i - 1) as usize] = val;
                return Ok(());
            }
        }
        let hash = key_hash(key);
        if let Some(e) = self.find(key, hash) {
            self.hash.at_mut(e).val = val;
            return Ok(());
        }
        if val.is_nil() {
            return Ok(()); // Lua never inserts a new key with a nil value
        }
        if self.hash.entries().len() >= self.hash_cap() {
            if !self.grow_for_append(key, room)? {
                self.rehash(key, room)?;
            }
            if let Some(i) = key.as_int() {
                if (i as u64).wrapping_sub(1) < self.array.len() as u64 {
                    self.array[(i - 1) as usize] = val;
                    return Ok(());
                }
            }
        }
        self.hash.push(Entry { key, val }, hash);
        Ok(())
    }

    fn border(&mut self) -> i64 {
        let (array, len) = (&self.array, self.array.len());
        let hash_empty = self.hash_cap() == 0;
        let mut limit = self.alimit;
        let b = limit.border(
            len,
            |i| array[i].is_nil(),
            hash_empty,
            |k| self.get_int(k).is_nil(),
        );
        self.alimit = limit;
        b
    }
}

impl Table {
    /// An empty table with `array` (all nil) as its array part and room for `nhash` keys
    /// (sizes the VM itself chose: constructors' hints are bounded by the code), each part
    /// allocated once, directly (an empty table has nothing for `resize` to move). Made
    /// only by `Heap::alloc_table`, which places small arrays in the table's allocation.
    pub(crate) fn with_array(array: ArrayPart, nhash: usize) -> Table {
        let hash_cap = ceil_pow2(nhash);
        assert!(hash_cap <= MAX_HASH_CAP, "a table of a size the code gave");
        let narray = array.len();
        Table {
            data: UnsafeCell::new(TableData {
                array,
                hash: HashPart::with_capacity(hash_cap).expect("a table of a size the code gave"),
                no_tm: 0,
                alimit: ArrayLimit::new(narray),
            }),
            metatable: Cell::new(None),
        }
    }

    /// An array part of `n` nil slots in a block of its own (`with_array`'s, for arrays
    /// too large to keep inline).
    pub(crate) fn block_array(n: usize) -> ArrayPart {
        let mut a = ArrayPart::empty();
        a.resize(n).expect("a table of a size the code gave");
        a
    }

    /// Inline slots of the table's allocation (for freeing it: `free_object`).
    pub(crate) fn inline_slots(&self) -> usize {
        self.data().array.inline_cap()
    }

    // `data` and `data_mut` are private: every method of this file uses the reference
    // within its own body, never returns it, and calls nothing that could reach this table
    // (no Lua code, no collector, no other table method) while holding it, so a `&mut`
    // never coexists with another reference into the same data.
    #[inline(always)]
    fn data(&self) -> &TableData {
        // SAFETY: see above: no `&mut` into the data is alive while this one is.
        unsafe { &*self.data.get() }
    }

    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    fn data_mut(&self) -> &mut TableData {
        // SAFETY: see above: the caller, a method of this file, holds no other reference
        // into the data and does not keep this one beyond its own body.
        unsafe { &mut *self.data.get() }
    }

    /// The table's contents, for the collector's traversal and weak-entry clearing.
    ///
    /// # Safety
    /// While the returned reference is used, nothing else may read or write this table's
    /// contents: no method of this table is called and no Lua code runs. (The collector
    /// marks other objects meanwhile, which touches only their headers.)
    #[inline]
    #[allow(clippy::mut_from_ref)]
    pub(crate) unsafe fn data_for_collector(&self) -> &mut TableData {
        // SAFETY: forwarded to the caller.
        unsafe { &mut *self.data.get() }
    }

    /// The metamethod absence cache (`flags` in ltable.h): bit i set means this table, as a
    /// metatable, has no field for the i-th fast event.
    #[inline(always)]
    pub(crate) fn no_tm(&self) -> u8 {
        self.data().no_tm
    }

    /// Records that this metatable has no field for the cached event numbered `bit`
    /// (`shared::tm::CACHED_EVENTS`).
    #[inline]
    pub(crate) fn cache_no_tm(&self, bit: u8) {
        self.data_mut().no_tm |= 1 << bit;
    }

    pub fn metatable(&self) -> Option<Gc<Table>> {
        self.metatable.get()
    }

    /// Raw get of any key.
    #[inline]
    pub fn get(&self, key: Value) -> Value {
        if key.is_inline_int() {
            return self.data().get_int(key.inline_int_payload());
        }
        if let Some(s) = key.as_string() {
            let d = self.data();
            if s.is_short() {
                return d
                    .find_short_str(key, s.hash())
                    .map_or(Value::NIL, |e| d.hash.at(e).val);
            }
            return d
                .find(key, s.hash())
                .map_or(Value::NIL, |e| d.hash.at(e).val);
        }
        if let Some(f) = key.as_float() {
            if let Some(i) = crate::shared::arith::float_to_int(f) {
                return self.get_int(i);
            }
            if f.is_nan() {
                return Value::NIL;
            }
        }
        if key.is_nil() {
            return Value::NIL;
        }
        let d = self.data();
        d.find(key, key_hash(key))
            .map_or(Value::NIL, |e| d.hash.at(e).val)
    }

    #[inline(always)]
    pub fn get_int(&self, i: i64) -> Value {
        self.data().get_int(i)
    }

    /// The array part's slot at 0-based index `idx` (`Value::array_index` of a key), or
    /// `None` when `idx` is outside it: the interpreter's fast path, which leaves the hash
    /// part to an out-of-line handler so that it calls nothing itself.
    #[inline(always)]
    pub fn get_array_at(&self, idx: u64) -> Option<Value> {
        let a = &self.data().array;
        (idx < a.len() as u64).then(|| a[idx as usize])
    }

    /// Lookup of a short string key (all field names and constants are short).
    #[inline(always)]
    pub fn get_short_str(&self, key: Value, hash: u64) -> Value {
        let d = self.data();
        d.find_short_str(key, hash)
            .map_or(Value::NIL, |e| d.hash.at(e).val)
    }

    #[inline]
    fn account(&self, heap: &Heap, before: usize) {
        let after = self.extra_bytes();
        if after != before {
            heap.account(after as isize - before as isize);
        }
    }

    /// `#t` as `luaH_getn` computes it.
    pub fn border(&self) -> i64 {
        self.data_mut().border()
    }

    pub fn array_len(&self) -> usize {
        self.data().array.len()
    }

    /// Resizes to at least these sizes (`luaH_resize`, used by table constructors). A size
    /// past the memory limit or the allocator leaves the table as it is and records the
    /// failure (`Heap::note_alloc_failure`).
    pub fn presize(&self, heap: &Heap, narray: usize, nhash: usize) {
        let before = self.extra_bytes();
        let d = self.data_mut();
        let grown = if nhash == 0 && d.hash_cap() == 0 && narray > d.array.len() {
            d.grow_array(narray, heap.room())
        } else {
            let nh = nhash.max(d.entries().iter().filter(|e| !e.val.is_nil()).count());
            d.resize(narray.max(d.array.len()), nh, heap.room())
        };
        if grown.is_err() {
            heap.note_alloc_failure();
        }
        self.account(heap, before);
    }

    /// The entry after `key` in traversal order (array part, then hash part in insertion
    /// order), skipping nil values. `Err` if `key` is not in the table.
    pub fn next(&self, heap: &Heap, key: Value) -> Result<Option<(Value, Value)>, InvalidKey> {
        let d = self.data();
        let mut array_from = 0usize;
        let mut hash_from = 0usize;
        if !key.is_nil() {
            // lua5.4 looks a float key up as a float: one with an integer value names no
            // key a table can hold, so it is invalid here, though `t[1.0]` reads `t[1]`.
            if key.as_float().is_some_and(|f| f.fract() == 0.0) {
                return Err(InvalidKey);
            }
            let k = normalize_key(heap, key).map_err(|_| InvalidKey)?;
            match k.as_int() {
                Some(i) if i >= 1 && (i as u64) <= d.array.len() as u64 => {
                    array_from = i as usize;
                }
                _ => {
                    array_from = d.array.len();
                    // The key's entry may have been emptied and its key made dead by the
                    // collector since (lnext's `deadok`): found by identity.
                    let hash = key_hash(k);
                    let e = d
                        .find(k, hash)
                        .or_else(|| d.hash.probe(hash, |e| e.key.is_dead_key_of(k)));
                    hash_from = d.hash.number(e.ok_or(InvalidKey)?) + 1;
                }
            }
        }
        for i in array_from..d.array.len() {
            if !d.array[i].is_nil() {
                return Ok(Some((heap.int(i as i64 + 1), d.array[i])));
            }
        }
        for e in &d.entries()[hash_from..] {
            if !e.val.is_nil() {
                return Ok(Some((e.key, e.val)));
            }
        }
        Ok(None)
    }

    /// Number of non-nil hash entries and array slots (for `collectgarbage("count")`-free
    /// diagnostics and tests).
    pub fn count(&self) -> usize {
        let d = self.data();
        d.array.iter().filter(|v| !v.is_nil()).count()
            + d.entries().iter().filter(|e| !e.val.is_nil()).count()
    }
}

/// Writes go through the `Gc` so they can run the collector's write barrier on the
/// table's header.
// `raw_newindex` and `border_if_raw` read the absence cache's bits for these.
const _: () = assert!(Tm::NewIndex.is_cached() && Tm::Len.is_cached());

impl Gc<Table> {
    /// Raw set; the key must not be nil or NaN. A table that cannot grow for a new key
    /// (memory limit, allocator) stores nothing and records the failure
    /// (`Heap::note_alloc_failure`), which the VM raises as "not enough memory".
    pub fn set(self, heap: &Heap, key: Value, val: Value) -> Result<(), KeyError> {
        let key = normalize_key(heap, key)?;
        if let Some(s) = key.as_string() {
            if s.as_bytes().starts_with(b"__") {
                self.data_mut().no_tm = 0;
            }
        }
        heap.barrier(self.header());
        let before = self.extra_bytes();
        if self.data_mut().set(key, val, heap.room()).is_err() {
            heap.note_alloc_failure();
        }
        self.account(heap, before);
        Ok(())
    }

    /// Assignment to an existing array slot, if `i` is in the array part.
    #[inline(always)]
    pub fn set_int_in_array(self, heap: &Heap, i: i64, val: Value) -> bool {
        let d = self.data_mut();
        if (i as u64).wrapping_sub(1) < d.array.len() as u64 {
            heap.barrier(self.header());
            d.array[(i - 1) as usize] = val;
            true
        } else {
            false
        }
    }

    /// The interpreter's fast path for `t[i] = v` with an integer key: a store into the
    /// array part when the slot holds a value, or is empty and the table has no
    /// metatable (then no `__newindex` can apply, and the raw set would store there too).
    /// `false`: the general path decides.
    #[inline(always)]
    pub fn set_int_fast(self, heap: &Heap, i: i64, val: Value) -> bool {
        let d = self.data_mut();
        let slot = (i as u64).wrapping_sub(1);
        if slot < d.array.len() as u64 {
            let s = &mut d.array[slot as usize];
            if !s.is_nil() || self.metatable.get().is_none() {
                heap.barrier(self.header());
                *s = val;
                return true;
            }
        }
        false
    }

    /// `set_int_fast` for a table that needs no barrier: `false` as well when the table is
    /// black (`Heap::barrier_due`), so that the interpreter's fast path calls nothing
    /// (and saves no registers); the general path then stores with the barrier. `idx` is
    /// 0-based, as for `get_array_at`.
    #[inline(always)]
    pub fn set_array_at_unbarriered(self, idx: u64, val: Value) -> bool {
        let d = self.data_mut();
        if idx < d.array.len() as u64 && !Heap::barrier_due(self.header()) {
            let s = &mut d.array[idx as usize];
            if !s.is_nil() || self.metatable.get().is_none() {
                *s = val;
                return true;
            }
        }
        false
    }

    /// The interpreter's fast path for `t.k = v` with a short string key `k` (its hash
    /// `hash`): assignment over an existing value, or, when no `__newindex` can apply (no
    /// metatable, or one known to have no `__newindex`), a raw store: into the key's entry,
    /// or as a new key when the hash part has room, at the empty slot the lookup ended
    /// on (one probe, where the general path takes three). `false`: the general path
    /// decides (a metamethod may apply, or the table must grow).
    #[inline(always)]
    pub fn set_short_str(self, heap: &Heap, key: Value, hash: u64, val: Value) -> bool {
        // (Each borrow of the data ends before `raw_newindex` reads the metatable's, which
        // may be this table.)
        match self.data().hash.probe_or_vacant(hash, |e| e.key == key) {
            Ok(off) => {
                if self.data().hash.at(off).val.is_nil() {
                    if !self.raw_newindex() {
                        return false;
                    }
                    // A key that comes back may be a metamethod's (`invalidateTMcache`).
                    self.data_mut().no_tm = 0;
                }
                heap.barrier(self.header());
                self.data_mut().hash.at_mut(off).val = val;
                true
            }
            Err(slot) => {
                if !self.raw_newindex() {
                    return false;
                }
                if val.is_nil() {
                    return true; // Lua never inserts a new key with a nil value
                }
                let d = self.data_mut();
                if d.hash.is_full() {
                    return false;
                }
                d.no_tm = 0;
                heap.barrier(self.header());
                d.hash.push_at(Entry { key, val }, slot);
                true
            }
        }
    }

    /// Whether an assignment to an absent key is a raw set: no metatable, or one whose
    /// absence cache says it has no `__newindex`.
    #[inline(always)]
    fn raw_newindex(self) -> bool {
        self.lacks_tm(Tm::NewIndex)
    }

    /// Whether the metamethod `tm` (a cached event) surely does not apply: no metatable,
    /// or one whose absence cache has its bit.
    #[inline(always)]
    fn lacks_tm(self, tm: Tm) -> bool {
        match self.metatable.get() {
            None => true,
            Some(mt) => mt.no_tm() & (1 << tm as u8) != 0,
        }
    }

    /// `#t` when no `__len` can apply (LEN's fast path); `None` otherwise (the general
    /// path looks the metamethod up).
    #[inline(always)]
    pub fn border_if_raw(self) -> Option<i64> {
        if self.lacks_tm(Tm::Len) {
            Some(self.border())
        } else {
            None
        }
    }

    /// Assignment to the entry a short-string key already has, even one whose value is
    /// nil (a field set to nil keeps its entry until the next rehash, as in ltable.c):
    /// `false` if the key has none. For `__newindex`'s slow path, which has already
    /// checked that no metamethod applies: one lookup rather than a get and a set.
    pub fn set_short_str_entry(self, heap: &Heap, key: Value, hash: u64, val: Value) -> bool {
        let d = self.data_mut();
        let Some(e) = d.find_short_str(key, hash) else {
            return false;
        };
        if key
            .as_string()
            .is_some_and(|s| s.as_bytes().starts_with(b"__"))
        {
            d.no_tm = 0;
        }
        heap.barrier(self.header());
        d.hash.at_mut(e).val = val;
        true
    }

    pub fn set_int(self, heap: &Heap, i: i64, val: Value) {
        if !self.set_int_in_array(heap, i, val) {
            heap.barrier(self.header());
            let before = self.extra_bytes();
            if self.data_mut().set(heap.int(i), val, heap.room()).is_err() {
                heap.note_alloc_failure();
            }
            self.account(heap, before);
        }
    }

    /// SETLIST's stores: `vals` at keys `first, first + 1, ...` (`first >= 1`). The array
    /// part grows to hold them (`presize`) and takes them in one copy after one barrier;
    /// if it could not grow, they go one by one, last first, as `set_int`.
    pub fn set_list(self, heap: &Heap, first: usize, vals: &[Value]) {
        let last = first - 1 + vals.len();
        if last > self.array_len() {
            self.presize(heap, last, 0);
        }
        if last <= self.array_len() {
            heap.barrier(self.header());
            self.data_mut().array[first - 1..last].copy_from_slice(vals);
        } else {
            for (j, &v) in vals.iter().enumerate().rev() {
                self.set_int(heap, (first + j) as i64, v);
            }
        }
    }

    /// `setmetatable`'s store (with the barrier: the metatable may be white).
    pub fn set_metatable(self, heap: &Heap, mt: Option<Gc<Table>>) {
        heap.barrier(self.header());
        self.metatable.set(mt);
    }
}
