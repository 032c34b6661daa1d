//! Tables: an array part for keys 1..n and a hash part, sized the way PUC-Rio Lua 5.4 sizes
//! them (ltable.c), because the length of a table with holes depends on that layout.
//!
//! Invariants: `array` holds keys 1..=array.len() (nil entries allowed); every other key is in
//! `hash`. A key assigned nil stays in `hash` with a nil value until the next rehash, so `next`
//! keeps working while a traversal clears fields (Lua's dead keys); a dead key that is an
//! object (a table, function, thread or userdata) is held weakly, because in Lua an entry
//! without a value does not keep its key alive (lgc.c's `clearkey`). The hash part rehashes when
//! a new key finds it at its nominal capacity (`hash_cap`, a power of two), which is when PUC's
//! node array is full; the new sizes come from Lua's `computesizes` rule.

use gc_arena::Collect;
use indexmap::IndexMap;

use moonlab::shared::table_layout::{ArrayLimit, KeyCounts};
pub use moonlab::shared::table_layout::{InvalidKey, KeyError};

use std::rc::Rc;

use crate::gc::WeakSlot;
use crate::memory::{Charge, Meter};
use crate::value::{hash_bytes, Key, KeyHash, Table, Value};

/// A string key given by its bytes, hashing like `Key` of the same string.
struct StrKey<'b>(&'b [u8], u64);

impl std::hash::Hash for StrKey<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.1.hash(state);
    }
}

impl<'gc> indexmap::Equivalent<Slot<'gc>> for StrKey<'_> {
    fn equivalent(&self, key: &Slot<'gc>) -> bool {
        matches!(key, Slot::Live(Key(Value::Str(s))) if *s.bytes == *self.0)
    }
}

/// A key as the hash part stores it: live, or dead (its value was set to nil). A dead object
/// key is held weakly, by a weak pointer and its address: it still compares equal to the
/// object (so `next` finds its place and assigning the key again revives the entry) but no
/// longer keeps the object alive. Dead keys of other kinds (strings, numbers) stay live:
/// they have no identity a collection could observe.
#[derive(Collect, Clone, Copy)]
#[collect(no_drop)]
pub enum Slot<'gc> {
    Live(Key<'gc>),
    Dead {
        weak: WeakSlot<'gc>,
        #[collect(require_static)]
        ptr: usize,
    },
}

/// The objects whose identity is their address (what a dead key may hold weakly).
fn is_object(v: &Value<'_>) -> bool {
    matches!(
        v,
        Value::Table(_) | Value::Func(_) | Value::Thread(_) | Value::UserData(_)
    )
}

impl<'gc> Slot<'gc> {
    /// The key, if it is live.
    pub fn live(&self) -> Option<Key<'gc>> {
        match self {
            Slot::Live(k) => Some(*k),
            Slot::Dead { .. } => None,
        }
    }
}

impl PartialEq for Slot<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Slot::Live(a), Slot::Live(b)) => a == b,
            (Slot::Live(k), Slot::Dead { ptr, .. }) | (Slot::Dead { ptr, .. }, Slot::Live(k)) => {
                is_object(&k.0) && k.0.ptr() == *ptr
            }
            (Slot::Dead { ptr: a, .. }, Slot::Dead { ptr: b, .. }) => a == b,
        }
    }
}

impl Eq for Slot<'_> {}

impl std::hash::Hash for Slot<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            Slot::Live(k) => k.hash(state),
            // As `Key` hashes an object: by its address.
            Slot::Dead { ptr, .. } => ptr.hash(state),
        }
    }
}

impl<'gc> indexmap::Equivalent<Slot<'gc>> for Key<'gc> {
    fn equivalent(&self, slot: &Slot<'gc>) -> bool {
        *slot == Slot::Live(*self)
    }
}

#[derive(Collect)]
#[collect(no_drop)]
pub struct TableObj<'gc> {
    pub array: Vec<Value<'gc>>,
    pub hash: IndexMap<Slot<'gc>, Value<'gc>, KeyHash>,
    #[collect(require_static)]
    hash_cap: usize,
    /// `alimit` of ltable.c: a hint for `#`, at most the array size.
    #[collect(require_static)]
    alimit: ArrayLimit,
    pub metatable: Option<Table<'gc>>,
    /// The entries of a weak table while a collection runs (see `gc`).
    pub weak: Option<crate::gc::WeakEntries<'gc>>,
    /// Which of the collector's lists hold this table (see `gc::on_setmetatable`).
    #[collect(require_static)]
    pub listed: crate::gc::Listed,
    /// Its storage, counted against the state's memory (`memory`) for tables a program made.
    #[collect(require_static)]
    charge: Charge,
}

/// The bytes a table's storage takes: its array slots, and its hash entries (key, value,
/// and the index map's hash and index words).
fn footprint(narray: usize, hash_cap: usize) -> usize {
    let entry = std::mem::size_of::<(Slot<'_>, Value<'_>)>() + 16;
    narray
        .saturating_mul(std::mem::size_of::<Value<'_>>())
        .saturating_add(hash_cap.saturating_mul(entry))
}

fn ceil_pow2(n: usize) -> usize {
    if n == 0 {
        0
    } else {
        n.next_power_of_two()
    }
}

impl<'gc> TableObj<'gc> {
    pub fn new(narray: usize, nhash: usize) -> Self {
        TableObj {
            array: vec![Value::Nil; narray],
            hash: IndexMap::with_capacity_and_hasher(nhash, KeyHash::default()),
            hash_cap: ceil_pow2(nhash),
            alimit: ArrayLimit::new(narray),
            metatable: None,
            weak: None,
            listed: crate::gc::Listed::default(),
            charge: Charge::none(),
        }
    }

    /// A table whose storage is charged to `meter` and limited by it. `None` if its first
    /// sizes do not fit under the limit.
    pub fn new_charged(narray: usize, nhash: usize, meter: &Rc<Meter>) -> Option<Self> {
        let bytes = footprint(narray, ceil_pow2(nhash));
        if !meter.fits(bytes) {
            meter.record_failure();
            return None;
        }
        let mut array = Vec::new();
        array.try_reserve_exact(narray).ok()?;
        array.resize(narray, Value::Nil);
        let mut t = TableObj::new(0, 0);
        t.array = array;
        t.hash = IndexMap::with_capacity_and_hasher(nhash, KeyHash::default());
        t.hash_cap = ceil_pow2(nhash);
        t.alimit = ArrayLimit::new(narray);
        t.charge = Charge::new(meter, bytes);
        Some(t)
    }

    pub fn get(&self, key: Value<'gc>) -> Value<'gc> {
        if let Value::Int(i) = key {
            return self.get_int(i);
        }
        match Key::new(key) {
            Some(Key(Value::Int(i))) => self.get_int(i),
            Some(k) => self.hash.get(&k).copied().unwrap_or(Value::Nil),
            None => Value::Nil,
        }
    }

    /// Lookup by string content, without making a string value.
    pub fn get_str(&self, name: &[u8]) -> Value<'gc> {
        self.hash
            .get(&StrKey(name, hash_bytes(name)))
            .copied()
            .unwrap_or(Value::Nil)
    }

    pub fn get_int(&self, i: i64) -> Value<'gc> {
        if i >= 1 && (i as u64) <= self.array.len() as u64 {
            return self.array[(i - 1) as usize];
        }
        self.hash
            .get(&Key(Value::Int(i)))
            .copied()
            .unwrap_or(Value::Nil)
    }

    /// Raw assignment.
    pub fn set(&mut self, key: Value<'gc>, value: Value<'gc>) -> Result<(), KeyError> {
        let key = match key {
            Value::Nil => return Err(KeyError::Nil),
            Value::Num(f) if f.is_nan() => return Err(KeyError::NaN),
            _ => Key::new(key).expect("checked above"),
        };
        if let Value::Int(i) = key.0 {
            if i >= 1 && (i as u64) <= self.array.len() as u64 {
                self.array[(i - 1) as usize] = value;
                return Ok(());
            }
        }
        if let Some((_, slot, v)) = indexmap::map::MutableKeys::get_full_mut2(&mut self.hash, &key)
        {
            // An assignment of nil makes an object key dead (held weakly); a value makes a
            // dead key live again.
            *slot = if value.is_nil() && is_object(&key.0) {
                Slot::Dead {
                    weak: WeakSlot::weak(key.0),
                    ptr: key.0.ptr(),
                }
            } else {
                Slot::Live(key)
            };
            *v = value;
            return Ok(());
        }
        if value.is_nil() {
            return Ok(()); // Lua never inserts a new key with a nil value
        }
        if self.hash.len() >= self.hash_cap {
            if !self.rehash(key) {
                // Refused by the memory limit, recorded in the meter: the store does not
                // happen, and the step that made it raises "not enough memory".
                return Ok(());
            }
            if let Value::Int(i) = key.0 {
                if i >= 1 && (i as u64) <= self.array.len() as u64 {
                    self.array[(i - 1) as usize] = value;
                    return Ok(());
                }
            }
        }
        self.hash.insert(Slot::Live(key), value);
        Ok(())
    }

    pub fn set_int(&mut self, i: i64, value: Value<'gc>) {
        self.set(Value::Int(i), value)
            .expect("integers are valid keys");
    }

    /// `rehash` of ltable.c: choose the array size that keeps it more than half full,
    /// counting the key being inserted, and size the hash part for the rest.
    /// False if the new sizes do not fit under the memory limit (nothing changed).
    fn rehash(&mut self, extra: Key<'gc>) -> bool {
        let mut counts = KeyCounts::default();
        let mut total = 1; // the key being inserted
        for (i, v) in self.array.iter().enumerate() {
            if !v.is_nil() {
                counts.add(i as i64 + 1);
                total += 1;
            }
        }
        for (k, v) in &self.hash {
            if !v.is_nil() {
                total += 1;
                if let Some(Key(Value::Int(i))) = k.live() {
                    counts.add(i);
                }
            }
        }
        if let Value::Int(i) = extra.0 {
            counts.add(i);
        }
        let (optimal, in_array) = counts.array_size();
        self.try_resize(optimal, total - in_array)
    }

    /// `resize` within the memory limit of a charged table: false if the new storage does
    /// not fit (the failure is recorded in the meter) or cannot be allocated.
    pub fn try_resize(&mut self, narray: usize, nhash: usize) -> bool {
        if let Some(m) = self.charge.meter() {
            let now = footprint(self.array.len(), self.hash_cap);
            let then = footprint(narray, ceil_pow2(nhash));
            let more = then.saturating_sub(now);
            if !m.fits(more)
                || self
                    .array
                    .try_reserve_exact(narray.saturating_sub(self.array.len()))
                    .is_err()
            {
                m.record_failure();
                return false;
            }
        }
        self.resize(narray, nhash);
        true
    }

    /// Sets the array part to `narray` slots and the hash capacity for `nhash` keys,
    /// moving entries between the parts and dropping dead keys.
    pub fn resize(&mut self, narray: usize, nhash: usize) {
        let mut moved = Vec::new();
        if narray < self.array.len() {
            for (i, v) in self.array.drain(narray..).enumerate() {
                if !v.is_nil() {
                    moved.push((Key(Value::Int((narray + i + 1) as i64)), v));
                }
            }
        } else {
            self.array.resize(narray, Value::Nil);
        }
        let old = std::mem::replace(
            &mut self.hash,
            IndexMap::with_capacity_and_hasher(nhash, KeyHash::default()),
        );
        self.hash_cap = ceil_pow2(nhash);
        self.alimit = ArrayLimit::new(narray);
        let old = old.into_iter().filter_map(|(k, v)| Some((k.live()?, v)));
        for (k, v) in old.chain(moved) {
            if v.is_nil() {
                continue;
            }
            match k.0 {
                Value::Int(i) if i >= 1 && (i as u64) <= narray as u64 => {
                    self.array[(i - 1) as usize] = v
                }
                _ => {
                    self.hash.insert(Slot::Live(k), v);
                }
            }
        }
        self.charge.set(footprint(self.array.len(), self.hash_cap));
    }

    /// `#t` exactly as `luaH_getn` computes it (`shared::table_layout`).
    pub fn border(&mut self) -> i64 {
        let mut limit = self.alimit;
        let b = limit.border(
            self.array.len(),
            |i| self.array[i].is_nil(),
            self.hash_cap == 0,
            |k| self.get_int(k).is_nil(),
        );
        self.alimit = limit;
        b
    }

    /// The entry after `key` in traversal order (array part, then hash part in insertion
    /// order), skipping nil values. `Err` if `key` is not in the table.
    pub fn next(&self, key: Value<'gc>) -> Result<Option<(Value<'gc>, Value<'gc>)>, InvalidKey> {
        let mut array_from = 0usize;
        let mut hash_from = 0usize;
        match key {
            Value::Nil => {}
            // lua5.4 looks a float key up as a float: one with an integer value names no
            // key a table can hold, so it is invalid here, though `t[1.0]` reads `t[1]`.
            Value::Num(f) if f.fract() == 0.0 => return Err(InvalidKey),
            _ => {
                let k = Key::new(key).ok_or(InvalidKey)?;
                match k.0 {
                    Value::Int(i) if i >= 1 && (i as u64) <= self.array.len() as u64 => {
                        array_from = i as usize;
                    }
                    _ => {
                        array_from = self.array.len();
                        hash_from = self.hash.get_index_of(&k).ok_or(InvalidKey)? + 1;
                    }
                }
            }
        }
        for i in array_from..self.array.len() {
            if !self.array[i].is_nil() {
                return Ok(Some((Value::Int(i as i64 + 1), self.array[i])));
            }
        }
        for idx in hash_from..self.hash.len() {
            let (k, v) = self.hash.get_index(idx).expect("in range");
            if let (Some(k), false) = (k.live(), v.is_nil()) {
                return Ok(Some((k.0, *v)));
            }
        }
        Ok(None)
    }
}
