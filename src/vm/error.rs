//! How errors and yields travel through the engine: as the `Err` side of a `Result`.
//!
//! `Exc` is one machine word with a niche, so `LResult<()>` (what every opcode handler
//! returns) is a single register and `LResult<Value>` a register pair: results that come
//! back through memory would keep the threaded handlers from tail-calling each other.

use std::num::NonZeroU64;

use crate::vm::value::Value;

/// An exception in flight: a Lua error carrying its value, or `coroutine.yield`. Take it
/// apart with `get`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Exc(NonZeroU64);

/// What an `Exc` carries.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Thrown {
    /// A Lua error with its error value. The value is reachable from the stack of the
    /// frame that raised it until a `pcall` (or the API) takes it.
    Error(Value),
    /// `coroutine.yield`: the yielded values are on top of the coroutine's stack.
    Yield,
}

/// Value words xor this are never zero, and never 1 (no value has these top 16 bits).
const FLIP: u64 = Value::UNUSED_TAG;

impl Exc {
    pub const YIELD: Exc = Exc(NonZeroU64::MIN);

    /// A Lua error carrying `v` (named like the variant it stands for).
    #[allow(non_snake_case)]
    #[inline]
    pub fn Error(v: Value) -> Exc {
        match NonZeroU64::new(v.bits() ^ FLIP) {
            Some(w) => Exc(w),
            None => unreachable!("no value has the unused tag"),
        }
    }

    #[inline]
    pub fn get(self) -> Thrown {
        if self == Exc::YIELD {
            Thrown::Yield
        } else {
            Thrown::Error(Value::from_word(self.0.get() ^ FLIP))
        }
    }
}

impl std::fmt::Debug for Exc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

pub type LResult<T> = Result<T, Exc>;
