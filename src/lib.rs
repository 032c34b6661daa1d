//! moonlab: Lua 5.4 in Rust, built as a research VM.
#![deny(unsafe_op_in_unsafe_fn)]
pub mod api;
pub mod compiler;
pub mod gc;
pub mod limits;
pub mod stdlib;
pub mod syntax;
pub mod text;
pub mod vm;
