//! The engine-free rules of Lua 5.4 that the front end and both engines share: no values,
//! no heap, nothing that calls back into Lua. The reference interpreter may use this module
//! and `syntax`, nothing else of moonlab, so what lives here is what the spec and the fast
//! engine are allowed to have in common.
//!
//! Anything here must behave exactly like the corresponding PUC-Rio Lua 5.4 routine, because
//! both engines (and the lexer) agree through these functions rather than through copies.
//! The `*_lib` modules hold the standard library's rules (see src/stdlib/mod.rs for what
//! belongs here and what stays in each engine); `lib_cases` checks them against lua5.4.
#![forbid(unsafe_code)]

pub mod arith;
pub mod base_lib;
pub mod binary_chunk;
pub mod cfmt;
pub mod chunkid;
pub mod date_lib;
pub mod debug_lib;
pub mod format;
pub mod io_lib;
#[cfg(test)]
mod lib_cases;
pub mod lib_error;
pub mod limits;
pub mod math_lib;
pub mod number;
pub mod os_lib;
pub mod pack;
pub mod package_lib;
pub mod pattern;
pub mod random;
pub mod string_lib;
pub mod table_layout;
pub mod table_lib;
#[cfg(test)]
mod test_escapes;
pub mod tm;
pub mod utf8;
pub mod utf8_lib;
