//! Boxed integers (integers outside the inline range, papers/values.md) in chunks of their
//! own, off the list of all objects.
//!
//! Code that computes above 2^47 (hashing, 64-bit random numbers) boxes one result per
//! operation, and nearly every box dies before the next collection. On the object list
//! each of them cost a malloc, a free, and a pointer chase in every sweep; the profile of
//! pure_lua_SHA spent half its time there (papers/values.md, "Chunks of boxed integers").
//! Here a box is a slot of a chunk: taking one pops an index, and a sweep reads the slots
//! of a chunk in order.
//!
//! A slot is a whole `GcBox<i64>`, header included, so a boxed integer is marked, tested
//! and named exactly as before (`Value::gc_header`, `Marker::mark_header`); only
//! allocation and sweeping differ. A free slot carries `FLAG_FREE_SLOT`.
//!
//! Ages, for generational mode: boxes are leaves, so one that survives a minor
//! collection can become old at once (it keeps its mark) without breaking the rule that
//! old objects point at no young ones. A minor collection sweeps only the chunks that
//! were allocated from since the last collection (`young`).

use std::cell::Cell;
use std::ptr::NonNull;

use crate::gc::heap::{GcBox, GcHeader, GcKind};

/// Slots per chunk (24 bytes each: 24 KB a chunk); fewer under Miri, so its small tests
/// still fill several chunks.
pub(crate) const CHUNK_SLOTS: usize = if cfg!(miri) { 64 } else { 1024 };

/// Header flag of a slot that holds no integer.
pub(crate) const FLAG_FREE_SLOT: u8 = 0x80;

/// What a sweep does with the marks of the boxes it keeps.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum SweepMarks {
    /// Clear them (an incremental cycle: every object is white for the next one).
    Clear,
    /// Keep them: the survivors are old (generational mode).
    Keep,
}

struct Chunk {
    slots: NonNull<GcBox<i64>>,
    /// Indexes of the slots freed by sweeps, taken from the end.
    free: Vec<u16>,
    /// The slots from here on were never used: taken in order once `free` is empty, and
    /// a sweep stops here (a program with a few boxes scans a few slots).
    fresh: usize,
    /// Allocated from since the last sweep: a minor collection must look at it.
    young: bool,
    /// On `IntArena::partial`.
    listed: bool,
}

impl Chunk {
    fn layout() -> std::alloc::Layout {
        std::alloc::Layout::array::<GcBox<i64>>(CHUNK_SLOTS).expect("a small layout")
    }

    /// A chunk whose slots are not written yet: each is written whole when first taken
    /// (`IntArena::alloc`), and nothing reads a slot at or past `fresh`, so a program with
    /// a few boxes touches a few of its pages.
    fn new() -> Chunk {
        let layout = Chunk::layout();
        // SAFETY: the layout is non-zero-sized.
        let raw = unsafe { std::alloc::alloc(layout) } as *mut GcBox<i64>;
        let Some(slots) = NonNull::new(raw) else {
            std::alloc::handle_alloc_error(layout)
        };
        Chunk {
            slots,
            free: Vec::new(),
            fresh: 0,
            young: false,
            listed: false,
        }
    }

    fn has_room(&self) -> bool {
        !self.free.is_empty() || self.fresh < CHUNK_SLOTS
    }

    /// The number of live boxes.
    fn used(&self) -> usize {
        self.fresh - self.free.len()
    }

    /// Slot `i`'s address (computed without a dereference; callers read only slots below
    /// `fresh`, which have been written).
    fn slot(&self, i: usize) -> *mut GcBox<i64> {
        debug_assert!(i < CHUNK_SLOTS);
        self.slots.as_ptr().wrapping_add(i)
    }
}

impl Drop for Chunk {
    fn drop(&mut self) {
        // SAFETY: allocated in `Chunk::new` with this layout; `i64`s need no drop, and no
        // value points into a chunk that is dropped (the arena drops chunks only when all
        // their slots are free, or with the heap).
        unsafe { std::alloc::dealloc(self.slots.as_ptr() as *mut u8, Chunk::layout()) };
    }
}

/// What a sweep freed.
#[derive(Default)]
pub(crate) struct IntsFreed {
    pub(crate) objects: u64,
    pub(crate) slots_visited: usize,
}

/// The chunks of boxed integers.
#[derive(Default)]
pub(crate) struct IntArena {
    chunks: Vec<Chunk>,
    /// The chunk allocated from.
    current: Option<usize>,
    /// Chunks that may have free slots (besides `current`).
    partial: Vec<usize>,
}

impl IntArena {
    /// A free slot with `i` in it and its header set for a new object linked nowhere
    /// (`next` is unused); its flags cleared, unmarked.
    #[inline]
    pub(crate) fn alloc(&mut self, i: i64) -> NonNull<GcBox<i64>> {
        let c = match self.current {
            Some(c) if self.chunks[c].has_room() => c,
            _ => self.next_chunk(),
        };
        let chunk = &mut self.chunks[c];
        if let Some(idx) = chunk.free.pop() {
            let p = chunk.slot(idx as usize);
            // SAFETY: a slot freed by a sweep is below `fresh`, so it is in the live chunk
            // and was written whole when first taken; nothing refers to it. Only its flags,
            // mark and integer change.
            unsafe {
                (*p).header.flags.set(0);
                (*p).header.marked.set(false);
                std::ptr::addr_of_mut!((*p).data).write(i);
                return NonNull::new_unchecked(p);
            }
        }
        let p = chunk.slot(chunk.fresh);
        chunk.fresh += 1;
        // SAFETY: `has_room` kept `fresh` below `CHUNK_SLOTS`, so `p` is a slot of the live
        // chunk, never used: it is written whole.
        unsafe {
            p.write(GcBox {
                header: GcHeader {
                    next: Cell::new(std::ptr::null_mut()),
                    kind: GcKind::BoxedInt,
                    marked: Cell::new(false),
                    flags: Cell::new(0),
                },
                data: i,
            });
            NonNull::new_unchecked(p)
        }
    }

    /// Makes another chunk the one allocated from: one with free slots, or a new one.
    #[cold]
    fn next_chunk(&mut self) -> usize {
        while let Some(c) = self.partial.pop() {
            self.chunks[c].listed = false;
            if self.chunks[c].has_room() {
                return self.make_current(c);
            }
        }
        self.chunks.push(Chunk::new());
        self.make_current(self.chunks.len() - 1)
    }

    fn make_current(&mut self, c: usize) -> usize {
        self.chunks[c].young = true;
        self.current = Some(c);
        c
    }

    /// Frees the unmarked boxes: of the chunks allocated from since the last sweep
    /// (`young_only`, a minor collection), or of all. The marks of the kept ones are
    /// cleared or kept as `marks` says.
    pub(crate) fn sweep(&mut self, young_only: bool, marks: SweepMarks) -> IntsFreed {
        let mut freed = IntsFreed::default();
        for (c, chunk) in self.chunks.iter_mut().enumerate() {
            if young_only && !chunk.young {
                continue;
            }
            chunk.young = self.current == Some(c);
            let before = chunk.free.len();
            for i in 0..chunk.fresh {
                let p = chunk.slot(i);
                // SAFETY: a slot below `fresh` of a live chunk: written when first taken.
                let h = unsafe { &(*p).header };
                let flags = h.flags.get();
                if flags & FLAG_FREE_SLOT != 0 {
                    continue;
                }
                if h.marked.get() {
                    if marks == SweepMarks::Clear {
                        h.marked.set(false);
                        h.flags.set(0);
                    }
                } else {
                    h.flags.set(FLAG_FREE_SLOT);
                    chunk.free.push(i as u16);
                }
            }
            freed.slots_visited += chunk.fresh;
            let gained = chunk.free.len() - before;
            freed.objects += gained as u64;
            if gained > 0 && !chunk.listed && self.current != Some(c) {
                chunk.listed = true;
                self.partial.push(c);
            }
        }
        if !young_only {
            self.release_empty();
        }
        freed
    }

    /// Returns the chunks no box lives in to the allocator (the current one stays).
    fn release_empty(&mut self) {
        let current = self.current;
        let mut keep = Vec::with_capacity(self.chunks.len());
        let mut new_current = None;
        for (c, chunk) in std::mem::take(&mut self.chunks).into_iter().enumerate() {
            if chunk.used() == 0 && current != Some(c) {
                continue;
            }
            if current == Some(c) {
                new_current = Some(keep.len());
            }
            keep.push(chunk);
        }
        self.chunks = keep;
        self.current = new_current;
        self.partial.clear();
        for (c, chunk) in self.chunks.iter_mut().enumerate() {
            chunk.listed = chunk.has_room() && Some(c) != self.current;
            if chunk.listed {
                self.partial.push(c);
            }
        }
    }

    /// Makes every box white (leaving generational mode, before a major collection).
    pub(crate) fn clear_marks(&mut self) {
        for chunk in &self.chunks {
            for i in 0..chunk.fresh {
                // SAFETY: a slot below `fresh` of a live chunk: written when first taken.
                let h = unsafe { &(*chunk.slot(i)).header };
                h.marked.set(false);
                h.flags.set(h.flags.get() & FLAG_FREE_SLOT);
            }
        }
    }

    /// How many chunks there are.
    #[cfg(test)]
    pub(crate) fn chunk_count(&self) -> usize {
        self.chunks.len()
    }
}
