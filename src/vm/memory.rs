//! Running out of memory as lua5.4 does: "not enough memory", a Lua error that `pcall`
//! catches, after which the state goes on. Two causes, one error:
//!
//! - the memory limit (`Lua::set_memory_limit`, `--max-memory`), checked against the
//!   heap's accounted bytes before every allocation whose size a program chose (strings
//!   built by the libraries, concatenation, table growth) and at every safe point;
//! - the allocator refusing such an allocation (they are made with `try_reserve`).
//!
//! Either way an emergency full collection comes first, as lua5.4's allocator retries after
//! one; it runs no finalizers (they stay queued for the next step). Objects of a fixed size
//! (a table, a closure, a short string) are allocated without a check: what a program can
//! make grow without bound goes through one of the checked paths first.

use crate::vm::error::{Exc, LResult};
use crate::vm::state::Vm;

impl Vm {
    /// Makes sure `n` more bytes may be allocated: "not enough memory" when the limit
    /// cannot cover them even after an emergency collection.
    pub(crate) fn reserve(&mut self, n: usize) -> LResult<()> {
        if n <= self.heap.room() {
            return Ok(());
        }
        self.collect_all();
        if n <= self.heap.room() {
            return Ok(());
        }
        Err(self.memory_error())
    }

    /// Right after an operation that may have had to abandon a growth (a table store):
    /// the recorded failure as "not enough memory".
    #[inline]
    pub(crate) fn check_growth(&mut self) -> LResult<()> {
        if self.heap.alloc_failed.get() {
            return Err(self.memory_error());
        }
        Ok(())
    }

    /// At a safe point, after collector work: an allocation that failed since, or a heap
    /// past the limit even after an emergency collection, is "not enough memory".
    pub(crate) fn check_memory(&mut self) -> LResult<()> {
        if self.heap.alloc_failed.get() {
            return Err(self.memory_error());
        }
        if self.heap.room() == 0 {
            self.collect_all();
            if self.heap.room() == 0 {
                return Err(self.memory_error());
            }
        }
        Ok(())
    }

    /// The error value, made when the state was (lua5.4's `memerrmsg`), so raising it
    /// allocates nothing. Clears a recorded failure: this error reports it.
    #[cold]
    pub(crate) fn memory_error(&mut self) -> Exc {
        self.heap.alloc_failed.set(false);
        self.heap.update_trigger();
        self.mem_error_raised = true;
        self.memory_errors += 1;
        Exc::Error(self.mem_err_msg)
    }

    /// Whether the error now propagating is a memory error (lua5.4's `LUA_ERRMEM`, which
    /// lua.c reports without a traceback, since no message handler runs for it), and forgets
    /// it: a `pcall` that catches the error forgets it too (`recover`).
    pub(crate) fn take_memory_error(&mut self, e: crate::vm::value::Value) -> bool {
        std::mem::take(&mut self.mem_error_raised) && e == self.mem_err_msg
    }
}
