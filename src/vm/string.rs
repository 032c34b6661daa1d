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

/// The set of interned short strings: open hashing on the cached hash. Entries are weak:
/// the collector removes strings it is about to free.
#[derive(Default)]
pub struct InternTable {
    buckets: Vec<Vec<*mut GcHeader>>,
    count: usize,
}

impl InternTable {
    fn find(&self, bytes: &[u8], hash: u64) -> Option<Gc<LuaString>> {
        if self.buckets.is_empty() {
            return None;
        }
        let b = &self.buckets[(hash as usize) & (self.buckets.len() - 1)];
        for &h in b {
            // SAFETY: the table only holds live strings (dead ones are removed before they
            // are freed).
            let s: Gc<LuaString> = unsafe { Gc::from_header(h) };
            if s.hash == hash && s.as_bytes() == bytes {
                return Some(s);
            }
        }
        None
    }

    fn insert(&mut self, s: Gc<LuaString>) {
        if self.count >= self.buckets.len() {
            self.grow();
        }
        let n = self.buckets.len();
        self.buckets[(s.hash as usize) & (n - 1)].push(s.header_ptr());
        self.count += 1;
    }

    fn grow(&mut self) {
        let n = (self.buckets.len() * 2).max(256);
        let mut nb: Vec<Vec<*mut GcHeader>> = vec![Vec::new(); n];
        for b in self.buckets.drain(..) {
            for h in b {
                // SAFETY: live strings only, as in `find`.
                let s: Gc<LuaString> = unsafe { Gc::from_header(h) };
                nb[(s.hash as usize) & (n - 1)].push(h);
            }
        }
        self.buckets = nb;
    }

    /// Forgets a string the sweep is about to free.
    pub(crate) fn remove(&mut self, h: *mut GcHeader, hash: u64) {
        if self.buckets.is_empty() {
            return;
        }
        let n = self.buckets.len();
        let b = &mut self.buckets[(hash as usize) & (n - 1)];
        if let Some(j) = b.iter().position(|&x| x == h) {
            b.swap_remove(j);
            self.count -= 1;
        }
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
