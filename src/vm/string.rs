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

/// The set of interned short strings: one flat array of slots, open addressing with linear
/// probing, at most three quarters full (half full, sorting's 83000 strings took 262144
/// slots, 2 MB, against lua5.4's 1 MB; a miss probes further, but compares 16 hash bits
/// in the array, not strings). A slot is one word: the string's address in the low 48 bits
/// (the NaN boxing already assumes addresses fit in 48, `value.rs`) and the top 16 bits of
/// its hash above them, so a lookup compares those bits in the array and touches a string
/// only on a match (a `Vec` per bucket cost an allocation per bucket and a dependent load
/// per lookup; a (hash, pointer) pair per slot doubled the table, 4 MB for sorting's 100000
/// strings where lua5.4's is 1 MB). Entries are weak: the collector removes strings it is
/// about to free (`remove`, backward-shift deletion, no tombstones).
#[derive(Default)]
pub struct InternTable {
    slots: Vec<Slot>,
    count: usize,
}

#[derive(Clone, Copy)]
struct Slot(*mut GcHeader);

const EMPTY_SLOT: Slot = Slot(std::ptr::null_mut());
const TAG_SHIFT: u32 = 48;
const ADDR_MASK: usize = (1 << TAG_SHIFT) - 1;

impl Slot {
    fn new(str: *mut GcHeader, hash: u64) -> Slot {
        debug_assert!(str.addr() <= ADDR_MASK, "addresses fit in 48 bits");
        Slot(str.map_addr(|a| a | Self::tag(hash)))
    }

    /// The hash bits a slot keeps, in place.
    fn tag(hash: u64) -> usize {
        (hash as usize) & !ADDR_MASK
    }

    fn is_empty(self) -> bool {
        self.0.is_null()
    }

    fn matches(self, hash: u64) -> bool {
        self.0.addr() & !ADDR_MASK == Self::tag(hash)
    }

    fn header(self) -> *mut GcHeader {
        self.0.map_addr(|a| a & ADDR_MASK)
    }

    /// The string's full hash (for its home slot when the table grows or shifts).
    fn hash(self) -> u64 {
        // SAFETY: the table only holds live strings (dead ones are removed before they
        // are freed), and `header` is the address a `Gc` came from.
        let s: Gc<LuaString> = unsafe { Gc::from_header(self.header()) };
        s.hash
    }
}

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
            if slot.is_empty() {
                return None;
            }
            if slot.matches(hash) {
                // SAFETY: the table only holds live strings (dead ones are removed before
                // they are freed).
                let s: Gc<LuaString> = unsafe { Gc::from_header(slot.header()) };
                if s.hash == hash && s.as_bytes() == bytes {
                    return Some(s);
                }
            }
            i = (i + 1) & mask;
        }
    }

    fn insert(&mut self, s: Gc<LuaString>) {
        if (self.count + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        Self::place(&mut self.slots, s.hash, Slot::new(s.header_ptr(), s.hash));
        self.count += 1;
    }

    fn place(slots: &mut [Slot], hash: u64, slot: Slot) {
        let mask = slots.len() - 1;
        let mut i = hash as usize & mask;
        while !slots[i].is_empty() {
            i = (i + 1) & mask;
        }
        slots[i] = slot;
    }

    fn grow(&mut self) {
        let n = (self.slots.len() * 2).max(512);
        let mut slots = vec![EMPTY_SLOT; n];
        for &s in &self.slots {
            if !s.is_empty() {
                Self::place(&mut slots, s.hash(), s);
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
            let s = self.slots[i];
            if s.is_empty() {
                return;
            }
            if s.header() == h {
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
            if s.is_empty() {
                break;
            }
            let home = s.hash() as usize & mask;
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
