//! The fast engine (issue 4): NaN-boxed values, register bytecode, threaded dispatch.
//!
//! Built so far: the value representation (`value`). The compiler, the dispatch loop, the
//! collector and the library on this engine are still to come; until then the command line
//! runs scripts on the reference interpreter.

pub mod value;
