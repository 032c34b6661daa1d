//! The code generator: walks the resolved AST in source order and emits code exactly as
//! lparser.c + lcode.c do while they parse, so the output matches `luac5.4` instruction for
//! instruction.
//!
//! - `func`: the per-function state (`FuncState`) and opening/closing functions.
//! - `code`: emission, line info, registers, constants and jump lists (first half of lcode.c).
//! - `expdesc`: expression descriptors and how they reach registers (`expdesc`, `discharge*`).
//! - `ops`: operators, constant folding, conditions (second half of lcode.c).
//! - `expr`, `stat`: the AST walk (the grammar rules of lparser.c).
//! - `scope`: blocks, local variables, labels and gotos.
//! - `lines`: the source lines lparser.c would have read when it emits each instruction.

mod code;
mod expdesc;
mod expr;
mod func;
mod lines;
mod ops;
mod scope;
mod stat;

use std::rc::Rc;

use super::proto::Proto;
use crate::syntax::{Chunk, SyntaxError};

/// Compiles a parsed chunk into its main function's prototype.
///
/// Errors are the code generator's own limits, worded as `luac5.4` words them but without
/// the " near 'token'" part (the AST does not keep tokens): "function or expression needs
/// too many registers" and "control structure too long".
///
/// ```
/// use moonlab::compiler::{compile, opcode::{op, OpCode}};
///
/// let arena = bumpalo::Bump::new();
/// let chunk = moonlab::syntax::parse(&arena, b"local x = ... return x + 1", b"=example").unwrap();
/// let proto = compile(&chunk).unwrap();
/// let ops: Vec<OpCode> = proto.code.iter().map(|&i| op(i)).collect();
/// assert_eq!(ops[..3], [OpCode::VarArgPrep, OpCode::VarArg, OpCode::AddI]);
/// assert_eq!(proto.locals[0].name.as_ref(), "x");
/// ```
pub fn compile(chunk: &Chunk<'_>) -> Result<Rc<Proto>, SyntaxError> {
    func::compile_main(chunk)
}
