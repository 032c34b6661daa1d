//! AST -> register bytecode: Lua 5.4's instruction set, generated the way
//! lcode.c and lparser.c generate it, so programs compile to the same code `luac5.4` emits.
//!
//! - `opcode`: the instruction set and its encoding.
//! - `proto`: the compiled prototype (code, constants, nested prototypes, debug info).
//! - `codegen`: [`compile`], the AST walk and code generation (lparser.c + lcode.c).
//! - `disasm`: listings in the format of `luac5.4 -l -l`.
//! - `verify`: the checker of everything the VM takes on trust (operands in range, control
//!   inside the code, instruction pairs, varargs, open upvalues), for the compiler's tests
//!   and the binary-chunk loader.
//! - `dump` / `undump`: binary chunks (`string.dump` and `load` in binary mode), moonlab's
//!   own format, documented in `dump`.
//!
//! Listings are identical to luac's for the whole test corpus and for generated programs.
//! Known differences, all in line numbers of code emitted at tokens the AST does not record
//! (it keeps the first and last line of each expression and statement): a `then` or `do` on
//! a later line than the end of its condition or loop header, a comparison operator at the
//! start of a continuation line, a method name (`:name(args)`) on a later line than its
//! object, a `...` parameter on a later line than the other parameters. Error messages lack
//! luac's " near 'token'" suffix.

pub mod codegen;
pub mod disasm;
pub mod dump;
pub mod opcode;
pub mod proto;
pub mod undump;
pub mod verify;

pub use codegen::compile;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod verify_tests;
