//! moonlab: Lua 5.4 in Rust, built as a research VM.
#![forbid(unsafe_code)]
pub mod syntax;
pub mod text;
