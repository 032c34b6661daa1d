//! Pure helpers shared by the front end and both back ends: no values, no heap.
//!
//! Anything here must behave exactly like the corresponding PUC-Rio Lua 5.4 routine, because
//! both engines (and the lexer) agree through these functions rather than through copies.
#![forbid(unsafe_code)]

pub mod arith;
pub mod cfmt;
pub mod chunkid;
pub mod format;
pub mod number;
pub mod pack;
pub mod pattern;
pub mod random;
pub mod table_layout;
#[cfg(test)]
mod test_escapes;
pub mod tm;
pub mod utf8;
