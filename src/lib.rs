//! moonlab: Lua 5.4 in Rust, built as a research VM.
//!
//! The map is ARCHITECTURE.md: `syntax` (the front end) and `shared` (the engine-free rules)
//! belong to no engine; `compiler`, `vm`, `gc`, `stdlib` and `api` are the fast engine. The
//! reference interpreter, crate `moonlab-reference`, uses `syntax` and `shared` only.
//!
//! A host uses [`api`]: `vm`, `gc` and `stdlib` are private, because their raw values and
//! heap are only safe under rules the API keeps (a value is reachable by the collector
//! whenever a collection can run). `compiler` stays public for its listings and binary
//! chunks, which are plain data.
#![deny(unsafe_op_in_unsafe_fn)]
// Every public item of the public modules (`api`, `compiler`, `shared`, `syntax`) has rustdoc;
// `deny(missing_docs)` keeps it that way.
#[deny(missing_docs)]
pub mod api;
#[deny(missing_docs)]
pub mod compiler;
pub(crate) mod gc;
#[deny(missing_docs)]
pub mod shared;
pub(crate) mod stdlib;
#[deny(missing_docs)]
pub mod syntax;
pub(crate) mod vm;
