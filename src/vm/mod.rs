//! The fast engine: NaN-boxed values, register bytecode and the interpreter.
//!
//! - `value`: the 8-byte value encoding; `object`: typed views of heap objects.
//! - `string`, `table`, `function`, `thread`, `userdata`: the object types.
//! - `state`: the global state and native-function helpers.
//! - `ops`: the opcode handlers, run threaded or by a `match` loop (`dispatch`);
//!   `execute`: entering the interpreter; `call`: calls, returns, pcall, closing;
//!   `meta`: metamethods and slow paths; `debug`: names and positions for errors;
//!   `coroutine`: resume and yield; `load`: chunks to closures.
//!
//! `unsafe` is confined to the value/GC/dispatch core: `object` (value to pointer),
//! `table` and `thread` (interior access), `state` (the running thread's state),
//! `string` (the intern table's weak entries), `function` (upvalue pointers), `execute`, `dispatch` and `ops`
//! (register and code access, opcode decoding), and `gc/`. Every block has a `SAFETY:`
//! comment.

pub mod call;
pub mod coroutine;
pub mod debug;
#[macro_use]
mod dispatch;
pub mod error;
pub mod execute;
pub mod function;
pub mod load;
pub mod meta;
pub mod object;
mod ops;
pub mod state;
pub mod string;
pub mod table;
pub mod thread;
pub mod userdata;
pub mod value;
