//! moonlab: Lua 5.4 in Rust, built as a research VM.
//!
//! The map is ARCHITECTURE.md: `syntax` (the front end) and `shared` (the engine-free rules)
//! belong to no engine; `compiler`, `vm`, `gc`, `stdlib` and `api` are the fast engine. The
//! reference interpreter, crate `moonlab-reference`, uses `syntax` and `shared` only.
#![deny(unsafe_op_in_unsafe_fn)]
pub mod api;
pub mod compiler;
pub(crate) mod gc;
pub mod shared;
pub(crate) mod stdlib;
pub mod syntax;
pub(crate) mod vm;
