//! How errors and yields travel through the engine: as the `Err` side of a `Result`.

use crate::vm::value::Value;

/// An exception in flight.
#[derive(Clone, Copy, Debug)]
pub enum Exc {
    /// A Lua error carrying its error value. The value is reachable from the stack of the
    /// frame that raised it until a `pcall` (or the API) takes it.
    Error(Value),
    /// `coroutine.yield`: the yielded values are on top of the coroutine's stack.
    Yield,
}

pub type LResult<T> = Result<T, Exc>;
