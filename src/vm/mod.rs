//! The fast engine: NaN-boxed values, register bytecode and the interpreter.
//!
//! - `value`: the 8-byte value encoding; `object`: typed views of heap objects.
//! - `string`, `table`, `function`, `thread`, `userdata`: the object types.
//! - `state`: the global state and native-function helpers.
//! - `ops`: the opcode handlers, run threaded or by a `match` loop (`dispatch`);
//!   `execute`: entering the interpreter; `call`: calls, returns, pcall, closing;
//!   `meta`: metamethods and slow paths; `debug`: names and positions for errors;
//!   `quick`: arithmetic instructions specialised on the types they see (quickening);
//!   `coroutine`: resume and yield; `load`: chunks to closures; `memory`: the memory limit
//!   and "not enough memory".
//!
//! `unsafe` is confined to the value/GC/dispatch core: `object` (value to pointer),
//! `table` (interior access, private to the file; the collector's entry point is an
//! `unsafe fn`), `thread` (re-pointing open upvalues when a stack moves), `string` (the
//! intern table's weak entries), `function` (upvalue pointers), `execute`, `dispatch` and
//! `ops` (register and code access, opcode decoding: the handlers are `unsafe fn`s whose
//! contract is written at `dispatch::Handler`), and `gc/`. Every block has a `SAFETY:`
//! comment; the interpreter's rules they cite are numbered at the head of `ops`. The running
//! thread's state is a field of `Vm` (`state`), so the borrow checker sees every access to
//! it: no function hands out a `&mut` to shared data.

#[cfg(test)]
mod budget_tests;
pub mod call;
pub mod coroutine;
pub mod debug;
pub mod debug_info;
#[macro_use]
mod dispatch;
pub use dispatch::DISPATCH;
pub mod error;
pub mod execute;
pub mod function;
pub mod hook;
pub mod load;
pub mod memory;
pub mod meta;
pub mod object;
mod ops;
pub mod quick;
pub mod state;
pub mod string;
pub mod table;
pub mod thread;
pub mod userdata;
pub mod value;
