//! moonlab: Lua 5.4 in Rust, built as a research VM.
#![forbid(unsafe_code)]
pub mod compiler;
#[cfg(feature = "fuzzgen")]
pub mod fuzzgen;
pub mod syntax;
pub mod text;
pub mod vm;
