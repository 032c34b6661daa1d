//! Lua strings: immutable byte strings with their hash computed once. Short strings are
//! interned, so two short strings are equal exactly when they are the same object.

use crate::gc::heap::{GcHeader, HeapSize};
use crate::gc::{Gc, Heap};
use crate::shared::limits::MAX_SHORT_LEN;

pub struct LuaString {
    hash: u64,
    bytes: Bytes,
}

/// Strings up to this length keep their bytes inside the object (one allocation, as in
/// lstring.c). 22 makes the object 48 bytes, a 64-byte malloc chunk: most strings a program
/// makes (keys, names, numbers) fit, and the 23-40-byte ones, interned all the same, take a
/// second allocation instead of making every string bigger (papers/gc.md, memory).
const INLINE_LEN: usize = 22;

/// A string's bytes: inline, or in their own buffer.
enum Bytes {
    Inline { len: u8, buf: [u8; INLINE_LEN] },
    Boxed(Box<[u8]>),
}

impl Bytes {
    fn new(b: &[u8]) -> Bytes {
        if b.len() <= INLINE_LEN {
            let mut buf = [0; INLINE_LEN];
            buf[..b.len()].copy_from_slice(b);
            Bytes::Inline {
                len: b.len() as u8,
                buf,
            }
        } else {
            Bytes::Boxed(b.into())
        }
    }
}

impl HeapSize for LuaString {
    fn extra_bytes(&self) -> usize {
        match &self.bytes {
            Bytes::Inline { .. } => 0,
            Bytes::Boxed(b) => b.len(),
        }
    }
}

impl LuaString {
    #[inline(always)]
    pub fn as_bytes(&self) -> &[u8] {
        match &self.bytes {
            Bytes::Inline { len, buf } => &buf[..*len as usize],
            Bytes::Boxed(b) => b,
        }
    }
    #[inline(always)]
    pub fn hash(&self) -> u64 {
        self.hash
    }
    #[inline(always)]
    pub fn is_short(&self) -> bool {
        match &self.bytes {
            Bytes::Inline { .. } => true,
            Bytes::Boxed(b) => b.len() <= MAX_SHORT_LEN,
        }
    }
    pub fn len(&self) -> usize {
        self.as_bytes().len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A fast non-cryptographic hash (FxHash-style multiply-rotate over 8-byte words).
pub fn hash_bytes(b: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = b.len() as u64;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().unwrap());
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
    }
    // Final avalanche so low bits (used for bucket indices) depend on every input bit.
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^ (h >> 32)
}

/// The set of interned short strings: one flat array of (hash, string) slots, open
/// addressing with linear probing, at most half full. A lookup compares cached hashes in
/// the array and touches a string only on a hash match (a `Vec` per bucket cost an
/// allocation per bucket and a dependent load per lookup). Entries are weak: the collector
/// removes strings it is about to free (`remove`, backward-shift deletion, no tombstones).
#[derive(Default)]
pub struct InternTable {
    slots: Vec<Slot>,
    count: usize,
}

#[derive(Clone, Copy)]
struct Slot {
    hash: u64,
    /// Null: an empty slot.
    str: *mut GcHeader,
}

const EMPTY_SLOT: Slot = Slot {
    hash: 0,
    str: std::ptr::null_mut(),
};

impl InternTable {
    #[inline]
    fn find(&self, bytes: &[u8], hash: u64) -> Option<Gc<LuaString>> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot.str.is_null() {
                return None;
            }
            if slot.hash == hash {
                // SAFETY: the table only holds live strings (dead ones are removed before
                // they are freed).
                let s: Gc<LuaString> = unsafe { Gc::from_header(slot.str) };
                if s.as_bytes() == bytes {
                    return Some(s);
                }
            }
            i = (i + 1) & mask;
        }
    }

    fn insert(&mut self, s: Gc<LuaString>) {
        if (self.count + 1) * 2 > self.slots.len() {
            self.grow();
        }
        Self::place(&mut self.slots, s.hash, s.header_ptr());
        self.count += 1;
    }

    fn place(slots: &mut [Slot], hash: u64, str: *mut GcHeader) {
        let mask = slots.len() - 1;
        let mut i = hash as usize & mask;
        while !slots[i].str.is_null() {
            i = (i + 1) & mask;
        }
        slots[i] = Slot { hash, str };
    }

    fn grow(&mut self) {
        let n = (self.slots.len() * 2).max(512);
        let mut slots = vec![EMPTY_SLOT; n];
        for s in &self.slots {
            if !s.str.is_null() {
                Self::place(&mut slots, s.hash, s.str);
            }
        }
        self.slots = slots;
    }

    /// Forgets a string the sweep is about to free.
    pub(crate) fn remove(&mut self, h: *mut GcHeader, hash: u64) {
        if self.slots.is_empty() {
            return;
        }
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let s = self.slots[i].str;
            if s.is_null() {
                return;
            }
            if s == h {
                break;
            }
            i = (i + 1) & mask;
        }
        // Backward shift: move later entries of the probe run into the hole when their
        // home slot does not lie (cyclically) between the hole and them.
        let mut hole = i;
        let mut j = i;
        loop {
            j = (j + 1) & mask;
            let s = self.slots[j];
            if s.str.is_null() {
                break;
            }
            let home = s.hash as usize & mask;
            if (j.wrapping_sub(home) & mask) >= (j.wrapping_sub(hole) & mask) {
                self.slots[hole] = s;
                hole = j;
            }
        }
        self.slots[hole] = EMPTY_SLOT;
        self.count -= 1;
    }
}

impl Heap {
    /// A string with these bytes: the interned one for short strings.
    pub fn new_string(&self, bytes: &[u8]) -> Gc<LuaString> {
        let hash = hash_bytes(bytes);
        if bytes.len() <= MAX_SHORT_LEN {
            if let Some(s) = self.strings.borrow().find(bytes, hash) {
                self.revive_if_sweeping(s.header());
                return s;
            }
            let s = self.alloc(LuaString {
                hash,
                bytes: Bytes::new(bytes),
            });
            self.strings.borrow_mut().insert(s);
            s
        } else {
            self.alloc(LuaString {
                hash,
                bytes: Bytes::new(bytes),
            })
        }
    }

    /// Like `new_string`, taking ownership of a buffer (no copy for long strings).
    pub fn new_string_owned(&self, bytes: Vec<u8>) -> Gc<LuaString> {
        if bytes.len() <= MAX_SHORT_LEN {
            return self.new_string(&bytes);
        }
        let hash = hash_bytes(&bytes);
        self.alloc(LuaString {
            hash,
            bytes: Bytes::Boxed(bytes.into_boxed_slice()),
        })
    }
}

/// String equality: identity for short strings, contents for long ones.
#[inline]
pub fn str_eq(a: Gc<LuaString>, b: Gc<LuaString>) -> bool {
    a == b || (!a.is_short() && !b.is_short() && a.hash == b.hash && a.as_bytes() == b.as_bytes())
}
