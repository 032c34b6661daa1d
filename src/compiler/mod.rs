//! AST -> register bytecode (issue 4): Lua 5.4's instruction set, generated the way
//! lcode.c and lparser.c generate it, so programs compile to the same code `luac5.4` emits.
//!
//! - `opcode`: the instruction set and its encoding.
//! - `proto`: the compiled prototype (code, constants, nested prototypes, debug info).

pub mod codegen;
pub mod disasm;
pub mod opcode;
pub mod proto;
pub mod verify;

pub use codegen::compile;
#[cfg(test)]
mod tests;
