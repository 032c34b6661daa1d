//! moonlab's test kit: everything that drives both engines, kept out of the reference
//! interpreter so that the spec depends on nothing but the front end.
//!
//! - `sink`: an output buffer an engine prints to and a test reads back.
//! - `lua54`: whether `lua5.4` and `luac5.4` can be run (`MOONLAB_REQUIRE_LUA=1` turns
//!   their absence into a failure).
//! - `corpus`: where the test corpora are, which scripts they hold, what is known to fail.
//! - `differential`: one program on both engines (and lua5.4), outcomes compared; shared by
//!   the seeded tests and the cargo-fuzz targets.
//! - `fuzzgen`: the generators of programs (and of damaged prototypes) for those checks.
//! - `lua54_inproc` (feature `lua54-inproc`): lua5.4 itself, linked in, run like the engines.
//! - `luac`: listings of `luac5.4 -l -l` and of moonlab's compiler, compared.
//!
//! The cross-engine tests are in `tests/`, debugging aids for the generators and the fuzz
//! targets in `examples/`, and `benches/iai.rs` is this crate's bench.
#![forbid(unsafe_code)]

pub mod corpus;
pub mod differential;
pub mod fuzzgen;
pub mod lua54;
#[cfg(feature = "lua54-inproc")]
pub mod lua54_inproc;
pub mod luac;
pub mod sink;

pub use sink::Sink;
