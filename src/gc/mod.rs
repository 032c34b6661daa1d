//! The fast engine's heap: every object the VM allocates, and the precise tracing collector
//! that frees them.
//!
//! Objects are boxed `GcBox<T>`s: a header (intrusive list link, kind, mark) followed by the
//! object. `Gc<T>` is a copyable pointer to one. Values (`vm::value::Value`) carry the same
//! address in their payload. The collector is non-moving, so addresses stay valid until the
//! object is swept, and it only runs at safe points the VM chooses (allocation checks in the
//! interpreter loop, `collectgarbage`), when every live value is reachable from a root.
//!
//! - `heap`: allocation, the object list, the string intern table, accounting.
//! - `collect`: marking, weak tables and ephemerons, finalizer bookkeeping, sweeping.
//! - `int_arena`: boxed integers, in chunks of their own, swept without the object list.

pub mod collect;
pub mod heap;
pub(crate) mod int_arena;
pub mod trace;

pub use heap::{Gc, GcHeader, Heap};

#[cfg(test)]
mod tests;
