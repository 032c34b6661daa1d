//! A compiled function prototype: plain Rust data, independent of any heap, so the compiler
//! never touches the collector and a prototype can be shared (`Rc`) by every closure made
//! from it. The VM turns string constants into heap strings when it loads a chunk.

use std::rc::Rc;

use super::opcode::Instruction;

/// A constant in a prototype's constant table (`k` in lobject.h).
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Box<[u8]>),
}

/// How a closure finds an upvalue when it is created (`Upvaldesc`).
#[derive(Clone, Debug, PartialEq)]
pub struct UpvalDesc {
    /// Empty when loaded from a stripped binary chunk (error messages say '?').
    pub name: Box<str>,
    /// True: register `index` of the enclosing function; false: its upvalue `index`.
    pub in_stack: bool,
    pub index: u8,
    /// The declaring local's kind, as Lua records it (0 regular, 1 const, 2 close, 3 compile-time).
    pub kind: u8,
}

/// A local variable's name and the instructions where it is live (`LocVar`): active from
/// `start_pc` (inclusive) to `end_pc` (exclusive).
#[derive(Clone, Debug, PartialEq)]
pub struct LocVar {
    pub name: Box<str>,
    pub start_pc: u32,
    pub end_pc: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Proto {
    /// The chunk name (`@file.lua`, `=stdin`, or source text), shared by every prototype of
    /// a chunk.
    pub source: Rc<[u8]>,
    pub line_defined: u32,
    pub last_line_defined: u32,
    pub num_params: u8,
    pub is_vararg: bool,
    /// Registers the function needs (`maxstacksize`).
    pub max_stack: u8,
    pub code: Vec<Instruction>,
    /// The source line of each instruction (same length as `code`), or empty for a function
    /// loaded from a stripped binary chunk (its errors then say `?:-1:`).
    pub lines: Vec<u32>,
    pub constants: Vec<Constant>,
    pub protos: Vec<Rc<Proto>>,
    pub upvalues: Vec<UpvalDesc>,
    pub locals: Vec<LocVar>,
}

impl Proto {
    /// The name of the `n`-th local (1-based) active at `pc`, as `luaF_getlocalname`.
    pub fn local_name(&self, mut n: u32, pc: u32) -> Option<&str> {
        for v in &self.locals {
            if v.start_pc > pc {
                break;
            }
            if pc < v.end_pc {
                n -= 1;
                if n == 0 {
                    return Some(&v.name);
                }
            }
        }
        None
    }
}
