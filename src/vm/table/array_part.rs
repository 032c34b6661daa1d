//! A table's array part: a pointer and a length, the slots either in a block of their own
//! or in the table's own allocation, right after its box (`Heap::alloc_table`): a table
//! made with a small array (a constructor's `{ a, b, c }`) is one malloc and one free
//! rather than two, and its array is one cache line away from its header
//! (papers/performance.md, `b7inline`). The inline slots stay the table's for its life:
//! an array that grows past them moves to a block of its own and does not come back.

use std::alloc::{self, Layout};
use std::ptr::NonNull;

use super::NoMemory;
use crate::vm::value::Value;

/// The most slots a table keeps in its own allocation (larger constructors get a block).
pub(crate) const MAX_INLINE: usize = 31;

/// Inline slots for an array of `n`: `n` rounded up to odd, since glibc's chunks are
/// 16-byte steps with an 8-byte header and the table's box is a multiple of 16 bytes, so
/// an even count leaves a slot's worth unused anyway (at least 1: `{}` then `t[1] = v`
/// stays in one block). 0 when the array is too large to keep inline.
pub(crate) fn inline_slots(n: usize) -> usize {
    if n > MAX_INLINE {
        0
    } else {
        n | 1
    }
}

// Packed (18 bytes, byte-aligned) so the table's other small fields fill out its last
// word and the box stays 64 bytes with a full-width `len`: the interpreter's bounds test
// compares a register with it in memory, where a `u32` needs a load first (fannkuch +1%
// with a `u32`). Fields are only read and written by value, never borrowed.
#[repr(C, packed)]
pub(crate) struct ArrayPart {
    /// The slots (dangling when `len` is 0 and the part has no inline slots).
    ptr: NonNull<Value>,
    /// Slots in use: the array's size as Lua's rules see it (at most `u32::MAX`).
    len: usize,
    /// Slots of inline storage the table's allocation has (0: none).
    inline_cap: u8,
    /// Whether `ptr` is that inline storage (otherwise a block of `len` slots, or none).
    inline: bool,
}

impl ArrayPart {
    pub(crate) fn empty() -> ArrayPart {
        ArrayPart {
            ptr: NonNull::dangling(),
            len: 0,
            inline_cap: 0,
            inline: false,
        }
    }

    /// An array of `len` nil slots in `cap` slots of the table's own allocation.
    ///
    /// # Safety
    /// `ptr` must point at `cap` slots (`len <= cap <= MAX_INLINE`), all nil, that live as
    /// long as the table and that nothing else uses.
    pub(crate) unsafe fn inline(ptr: NonNull<Value>, cap: usize, len: usize) -> ArrayPart {
        debug_assert!(len <= cap && cap <= MAX_INLINE);
        ArrayPart {
            ptr,
            len,
            inline_cap: cap as u8,
            inline: true,
        }
    }

    /// Bytes this part has allocated beyond the table's box: its own block. (The inline
    /// slots are counted with the box: `inline_bytes`.)
    #[inline]
    pub(crate) fn block_bytes(&self) -> usize {
        if self.inline {
            0
        } else {
            self.len * 8
        }
    }

    /// Bytes of inline slots in the table's allocation.
    #[inline]
    pub(crate) fn inline_bytes(&self) -> usize {
        self.inline_cap as usize * 8
    }

    /// Inline slots in the table's allocation (what freeing it needs).
    #[inline]
    pub(crate) fn inline_cap(&self) -> usize {
        self.inline_cap as usize
    }

    fn layout(n: usize) -> Layout {
        // Cannot fail: n fits a u32, so n * 8 is far below isize::MAX.
        Layout::array::<Value>(n).expect("array part layout")
    }

    /// Sets the size to `n` slots: the first `min(len, n)` keep their values, new ones are
    /// nil. `Err`, with the part unchanged, if `n` does not fit a `u32` (more than lua5.4's
    /// `MAXASIZE` anyway) or the allocator refuses.
    pub(crate) fn resize(&mut self, n: usize) -> Result<(), NoMemory> {
        let len = self.len;
        if n == len {
            return Ok(());
        }
        if n > u32::MAX as usize {
            return Err(NoMemory);
        }
        if self.inline && n <= self.inline_cap as usize {
            // SAFETY: the inline storage has `inline_cap >= n` slots (`inline`'s contract).
            unsafe {
                for i in len..n {
                    self.ptr.as_ptr().add(i).write(Value::NIL);
                }
            }
            self.len = n;
            return Ok(());
        }
        let ptr = if n == 0 {
            // Only an owned block gets here (an inline part of 0 stays inline above).
            // SAFETY: a part not inline with `len > 0` owns a block of `len` slots.
            unsafe { alloc::dealloc(self.ptr.as_ptr() as *mut u8, Self::layout(len)) };
            NonNull::dangling()
        } else if self.inline || len == 0 {
            // SAFETY: `n > 0`, so the layout has a nonzero size.
            let p = NonNull::new(unsafe { alloc::alloc(Self::layout(n)) } as *mut Value)
                .ok_or(NoMemory)?;
            // SAFETY: the new block has `n` slots; the old part's first `min(len, n)` are
            // initialised, and the two do not overlap (a fresh block).
            unsafe {
                std::ptr::copy_nonoverlapping(self.ptr.as_ptr(), p.as_ptr(), len.min(n));
            }
            p
        } else {
            // SAFETY: the part owns a block of `len` slots made with this layout; `n > 0`
            // bytes fit isize (n <= u32::MAX slots).
            let p = unsafe {
                alloc::realloc(
                    self.ptr.as_ptr() as *mut u8,
                    Self::layout(len),
                    Self::layout(n).size(),
                )
            };
            NonNull::new(p as *mut Value).ok_or(NoMemory)?
        };
        // SAFETY: `ptr` has `n` slots, of which the first `min(len, n)` are set.
        unsafe {
            for i in len..n {
                ptr.as_ptr().add(i).write(Value::NIL);
            }
        }
        self.ptr = ptr;
        self.len = n;
        self.inline = false;
        Ok(())
    }
}

impl std::ops::Deref for ArrayPart {
    type Target = [Value];
    #[inline(always)]
    fn deref(&self) -> &[Value] {
        // SAFETY: `ptr` holds `len` initialised slots (dangling and aligned when `len` is 0).
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl std::ops::DerefMut for ArrayPart {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [Value] {
        // SAFETY: as in `deref`; `&mut self` makes this the only reference into the slots.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl Drop for ArrayPart {
    fn drop(&mut self) {
        if !self.inline && self.len > 0 {
            // SAFETY: a part not inline with `len > 0` owns a block of `len` slots made with
            // this layout, freed only here. (Inline slots go with the table's allocation.)
            unsafe { alloc::dealloc(self.ptr.as_ptr() as *mut u8, Self::layout(self.len)) }
        }
    }
}
