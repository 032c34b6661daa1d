//! A table's hash part in one heap block: `2 * cap` index slots (`u32`), then `cap`
//! entries in insertion order. One allocation per hash part instead of two, and a probe
//! needs one base pointer and a mask: an index slot holds the byte offset of its entry
//! from the block's start (0, which is where the index starts, means empty), so a probe
//! reads the slot, then the entry at `block + slot`, with no bounds checks and no second
//! pointer to keep live (papers/performance.md, `tblock`).
//!
//! A hash part of capacity 0 points at a static, all-empty index of one slot with mask 0,
//! so a lookup in it needs no emptiness test; nothing is ever written there (`push` is only
//! reached with room, and capacity 0 has none).

use std::alloc::{self, Layout};
use std::ptr::NonNull;

use super::Entry;

/// Bytes per key of capacity: two index slots and one entry.
pub(crate) const HASH_SLOT_BYTES: usize = 2 * 4 + std::mem::size_of::<Entry>();

/// The largest capacity: every byte offset in the block must fit an index slot (`u32`).
pub(crate) const MAX_HASH_CAP: usize = 1 << 26;

const _: () = assert!(MAX_HASH_CAP * HASH_SLOT_BYTES <= u32::MAX as usize);

/// An index slot with no entry.
const EMPTY: u32 = 0;

/// The index of every capacity-0 hash part (aligned for `Entry`, so an empty entry slice
/// can start at it).
#[repr(C, align(8))]
struct EmptyIndex([u32; 2]);
static EMPTY_INDEX: EmptyIndex = EmptyIndex([EMPTY, EMPTY]);

pub(crate) struct HashPart {
    /// The block (see the module comment), or `EMPTY_INDEX` when `mask` is 0.
    block: NonNull<u8>,
    /// Index slots minus one: `2 * cap - 1`, or 0 for capacity 0.
    mask: u32,
    /// Entries in use (the first `len` of the `cap` entries).
    len: u32,
}

impl HashPart {
    pub(crate) fn empty() -> HashPart {
        HashPart {
            block: NonNull::from(&EMPTY_INDEX).cast(),
            mask: 0,
            len: 0,
        }
    }

    fn layout(cap: usize) -> Layout {
        // Cannot fail: cap <= MAX_HASH_CAP keeps the size far below isize::MAX.
        Layout::from_size_align(cap * HASH_SLOT_BYTES, 8).expect("hash part layout")
    }

    /// A hash part for `cap` keys (a power of two up to `MAX_HASH_CAP`, or 0); `None` if the
    /// allocator refuses the block.
    pub(crate) fn with_capacity(cap: usize) -> Option<HashPart> {
        if cap == 0 {
            return Some(HashPart::empty());
        }
        debug_assert!(cap.is_power_of_two() && cap <= MAX_HASH_CAP);
        // SAFETY: the layout has a nonzero size (cap > 0). Zeroed memory is a valid state:
        // every index slot EMPTY, and entries are plain words (`Value` is any u64).
        let p = unsafe { alloc::alloc_zeroed(Self::layout(cap)) };
        Some(HashPart {
            block: NonNull::new(p)?,
            mask: (2 * cap - 1) as u32,
            len: 0,
        })
    }

    /// Keys the part holds before it must grow (a power of two, or 0).
    #[inline(always)]
    pub(crate) fn cap(&self) -> usize {
        (self.mask as usize + 1) >> 1
    }

    /// Byte offset of the first entry in the block.
    #[inline(always)]
    fn entries_offset(&self) -> usize {
        self.cap() * 8
    }

    /// The entries in use, in insertion order.
    #[inline(always)]
    pub(crate) fn entries(&self) -> &[Entry] {
        // SAFETY: the block holds `cap` initialised entries from `entries_offset` (aligned:
        // the block is 8-aligned and the offset a multiple of 8; for capacity 0 the offset
        // is 0 into the 8-aligned static and the length 0), and `len <= cap`.
        unsafe {
            std::slice::from_raw_parts(
                self.block.as_ptr().add(self.entries_offset()) as *const Entry,
                self.len as usize,
            )
        }
    }

    #[inline(always)]
    pub(crate) fn entries_mut(&mut self) -> &mut [Entry] {
        // SAFETY: as in `entries`; `&mut self` makes this the only reference into the block,
        // and a length of 0 (the static index) allows no write.
        unsafe {
            std::slice::from_raw_parts_mut(
                self.block.as_ptr().add(self.entries_offset()) as *mut Entry,
                self.len as usize,
            )
        }
    }

    /// The entry at a byte offset returned by `probe`.
    #[inline(always)]
    pub(crate) fn at(&self, off: u32) -> &Entry {
        // SAFETY: `probe` returns offsets read from index slots, which hold only offsets of
        // entries in use (`push`) in this block.
        unsafe { &*(self.block.as_ptr().add(off as usize) as *const Entry) }
    }

    #[inline(always)]
    pub(crate) fn at_mut(&mut self, off: u32) -> &mut Entry {
        // SAFETY: as in `at`; `&mut self` makes it the only reference into the block.
        unsafe { &mut *(self.block.as_ptr().add(off as usize) as *mut Entry) }
    }

    /// The entry number (insertion position) of a byte offset returned by `probe`.
    #[inline]
    pub(crate) fn number(&self, off: u32) -> usize {
        (off as usize - self.entries_offset()) / std::mem::size_of::<Entry>()
    }

    /// The offset of the entry whose key satisfies `same`, probing linearly from `hash`.
    #[inline(always)]
    pub(crate) fn probe(&self, hash: u64, same: impl Fn(&Entry) -> bool) -> Option<u32> {
        // Inlined, the unused vacant slot costs nothing: the loop is the same code.
        self.probe_or_vacant(hash, same).ok()
    }

    /// As `probe`, but a miss returns the empty index slot the probe stopped at, where
    /// `push_at` can put the key without probing again (`Err`).
    #[inline(always)]
    pub(crate) fn probe_or_vacant(
        &self,
        hash: u64,
        same: impl Fn(&Entry) -> bool,
    ) -> Result<u32, u32> {
        let index = self.block.as_ptr() as *const u32;
        // The slot number in u32 arithmetic, like the mask: with usize LLVM copied the
        // loop variable each round and GETFIELD's handler saved one more register (`tloop`).
        let mask = self.mask;
        let mut i = hash as u32 & mask;
        loop {
            // SAFETY: `i <= mask`, and the block (or the static index for mask 0) starts
            // with `mask + 1` index slots.
            let off = unsafe { *index.add(i as usize) };
            if off == EMPTY {
                return Err(i);
            }
            if same(self.at(off)) {
                return Ok(off);
            }
            i = i.wrapping_add(1) & mask;
        }
    }

    /// Whether every entry is in use (a new key needs a rehash first).
    #[inline(always)]
    pub(crate) fn is_full(&self) -> bool {
        self.len as usize >= self.cap()
    }

    /// Appends an entry and indexes it under `hash`. The caller makes room first (`len < cap`);
    /// the index then has at least `cap` empty slots, so the slot search ends.
    pub(crate) fn push(&mut self, e: Entry, hash: u64) {
        self.push_at(e, hash as u32)
    }

    /// `push`, with the slot search starting at index slot `start` rather than at the
    /// hash's home slot: `start` is the slot `probe_or_vacant` returned for this entry's
    /// hash, with no push since (so the entry lands on its probe path; any other value
    /// is memory-safe but makes the key unfindable).
    #[inline(always)]
    pub(crate) fn push_at(&mut self, e: Entry, start: u32) {
        let n = self.len as usize;
        assert!(n < self.cap(), "hash part full");
        let off = self.entries_offset() + n * std::mem::size_of::<Entry>();
        let index = self.block.as_ptr() as *mut u32;
        let mask = self.mask as usize;
        let mut i = start as usize & mask;
        // SAFETY: cap > n >= 0, so the block is allocated (not the static index) and owned
        // through `&mut self`; `i <= mask` indexes its `mask + 1` slots; `off` is the entry
        // `n < cap` of the block, aligned (see `entries`), and fits a u32 (MAX_HASH_CAP).
        unsafe {
            while *index.add(i) != EMPTY {
                i = (i + 1) & mask;
            }
            *index.add(i) = off as u32;
            *(self.block.as_ptr().add(off) as *mut Entry) = e;
        }
        self.len += 1;
    }
}

impl Drop for HashPart {
    fn drop(&mut self) {
        let cap = self.cap();
        if cap > 0 {
            // SAFETY: a nonzero capacity means the block came from `with_capacity(cap)`
            // with this layout, and it is freed only here.
            unsafe { alloc::dealloc(self.block.as_ptr(), Self::layout(cap)) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::value::Value;

    fn int(i: i64) -> Value {
        Value::inline_int(i).unwrap()
    }

    fn find(h: &HashPart, i: i64) -> Option<usize> {
        h.probe(i as u64 / 2, |e| e.key == int(i))
            .map(|off| h.number(off))
    }

    #[test]
    fn empty_part_finds_nothing_and_has_no_entries() {
        let h = HashPart::empty();
        assert_eq!(h.cap(), 0);
        assert!(h.entries().is_empty());
        assert_eq!(find(&h, 1), None);
        let h = HashPart::with_capacity(0).unwrap();
        assert_eq!(find(&h, 0), None);
    }

    #[test]
    fn full_part_keeps_insertion_order_and_finds_every_key() {
        let mut h = HashPart::with_capacity(8).unwrap();
        for i in 0..8 {
            // Hashes collide in pairs (i / 2), so probes run past home slots.
            h.push(
                Entry {
                    key: int(i),
                    val: int(100 + i),
                },
                i as u64 / 2,
            );
        }
        for i in 0..8 {
            assert_eq!(find(&h, i), Some(i as usize));
        }
        assert_eq!(find(&h, 8), None);
        let keys: Vec<_> = h.entries().iter().map(|e| e.key).collect();
        assert_eq!(keys, (0..8).map(int).collect::<Vec<_>>());
        h.entries_mut()[3].val = Value::NIL;
        let off = h.probe(1, |e| e.key == int(3)).unwrap();
        assert!(h.at(off).val.is_nil());
    }

    #[test]
    fn vacant_slot_from_a_miss_places_the_key_where_probes_find_it() {
        let mut h = HashPart::with_capacity(4).unwrap();
        for i in 0..4 {
            // All four collide on home slot 5: each miss ends further along the run.
            let same = |e: &Entry| e.key == int(i);
            let slot = h.probe_or_vacant(5, same).expect_err("absent");
            assert_eq!(slot, (5 + i as u32) & 7);
            h.push_at(
                Entry {
                    key: int(i),
                    val: int(10 * i),
                },
                slot,
            );
            assert!(h.probe_or_vacant(5, same).is_ok());
        }
        assert!(h.is_full());
        for i in 0..4 {
            let off = h.probe(5, |e| e.key == int(i)).unwrap();
            assert_eq!(h.at(off).val, int(10 * i));
            assert_eq!(h.number(off), i as usize);
        }
        assert!(HashPart::empty().is_full());
        assert_eq!(HashPart::empty().probe_or_vacant(3, |_| true), Err(0));
    }

    #[test]
    #[should_panic(expected = "hash part full")]
    fn push_past_capacity_panics_instead_of_writing_out_of_bounds() {
        let mut h = HashPart::with_capacity(1).unwrap();
        for i in 0..2 {
            h.push(
                Entry {
                    key: int(i),
                    val: int(i),
                },
                0,
            );
        }
    }
}
