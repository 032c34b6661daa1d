//! A compiled function prototype: plain Rust data, independent of any heap, so the compiler
//! never touches the collector and a prototype can be shared (`Rc`) by every closure made
//! from it. The VM turns string constants into heap strings when it loads a chunk.

use std::rc::Rc;

use super::opcode::Instruction;

/// A constant in a prototype's constant table (`k` in lobject.h).
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    /// `nil`
    Nil,
    /// `true` or `false`
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string (any bytes).
    Str(Box<[u8]>),
}

/// How a closure finds an upvalue when it is created (`Upvaldesc`).
#[derive(Clone, Debug, PartialEq)]
pub struct UpvalDesc {
    /// Empty when loaded from a stripped binary chunk (error messages say '?').
    pub name: Box<str>,
    /// True: register `index` of the enclosing function; false: its upvalue `index`.
    pub in_stack: bool,
    /// The register or upvalue number in the enclosing function (see `in_stack`).
    pub index: u8,
    /// The declaring local's kind, as Lua records it (0 regular, 1 const, 2 close, 3 compile-time).
    pub kind: u8,
}

/// A local variable's name and the instructions where it is live (`LocVar`): active from
/// `start_pc` (inclusive) to `end_pc` (exclusive).
#[derive(Clone, Debug, PartialEq)]
pub struct LocVar {
    /// The variable's name.
    pub name: Box<str>,
    /// First instruction where the variable is active.
    pub start_pc: u32,
    /// First instruction where it is no longer active.
    pub end_pc: u32,
}

/// A compiled function (`Proto` in lobject.h): bytecode, constants, nested prototypes
/// and debug information.
#[derive(Clone, Debug, PartialEq)]
pub struct Proto {
    /// The chunk name (`@file.lua`, `=stdin`, or source text), shared by every prototype of
    /// a chunk.
    pub source: Rc<[u8]>,
    /// Line where the function's definition starts (0 for a main chunk): `linedefined`.
    pub line_defined: u32,
    /// Line of the definition's `end` (0 for a main chunk): `lastlinedefined`.
    pub last_line_defined: u32,
    /// Number of fixed parameters.
    pub num_params: u8,
    /// Whether the function takes `...`.
    pub is_vararg: bool,
    /// Registers the function needs (`maxstacksize`).
    pub max_stack: u8,
    /// The bytecode.
    pub code: Vec<Instruction>,
    /// The source line of each instruction (same length as `code`), or empty for a function
    /// loaded from a stripped binary chunk (its errors then say `?:-1:`).
    pub lines: Vec<u32>,
    /// The constant table (`K[x]` in instruction descriptions).
    pub constants: Vec<Constant>,
    /// Prototypes of the functions defined inside this one (CLOSURE's Bx indexes them).
    pub protos: Vec<Rc<Proto>>,
    /// Upvalue descriptors, in the order the closure's upvalues are numbered.
    pub upvalues: Vec<UpvalDesc>,
    /// Local variable debug information, in order of declaration (`locvars`).
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
