//! Functions: Lua closures over shared prototypes, native (Rust) closures, and upvalues.

use std::cell::Cell;
use std::rc::Rc;

use crate::compiler::opcode::Instruction;
use crate::compiler::proto::Proto;
use crate::gc::heap::HeapSize;
use crate::gc::Gc;
use crate::vm::state::Vm;
use crate::vm::value::Value;

/// A prototype made ready to run: its constants as values (strings on the heap) and its
/// nested prototypes likewise. Shared by every closure made from it; the collector marks
/// its constants through those closures.
///
/// What a call reads first (the code's address, the frame size, the parameter count)
/// is copied here from `p`, so that CALL reaches it in two loads from the closure, as
/// lua5.4 reaches its `Proto`, rather than three (papers/performance.md, `s7proto`).
#[repr(C)]
pub struct FuncProto {
    /// The first instruction of `quick` (a `Vec`'s buffer never moves), what CALL and
    /// frames' pcs use (`code_ptr`).
    pub(crate) code: *const Instruction,
    /// `p.max_stack` and `p.num_params`.
    pub(crate) max_stack: u8,
    pub(crate) num_params: u8,
    pub k: Box<[Value]>,
    pub p: Rc<Proto>,
    pub children: Box<[Rc<FuncProto>]>,
    /// The code the interpreter runs: a copy of `p.code` in which the arithmetic handlers
    /// rewrite an instruction's opcode to a form specialised on the operand types it
    /// saw (quickening, `vm::quick`). Everything that reads code by index (error names,
    /// hooks, `finish_op`, `string.dump`, the disassembler) reads `p.code`, which keeps
    /// lua5.4's opcodes; frames' pcs point into this copy (`code_ptr`). A `Vec`, not a
    /// `Box`: moving a `Box` asserts unique access and would invalidate `code` for Miri.
    pub(crate) quick: Vec<Cell<Instruction>>,
    /// The collection cycle that last marked these constants (each cycle marks them once).
    pub(crate) mark_epoch: Cell<u64>,
}

/// A Lua closure. Its upvalues follow it in the same allocation (`Heap::alloc_lua_closure`,
/// as lua5.4's `LClosure`): one allocation per closure rather than two, which the
/// `closures` benchmark showed (step `c4inl` in papers/performance.md). Read them with
/// `Gc::<LuaClosure>::upvals`.
#[repr(C)]
pub struct LuaClosure {
    pub proto: Rc<FuncProto>,
    pub(crate) nups: usize,
    /// Where the upvalues start; the slice itself lies past the struct. Cells so that
    /// `debug.upvaluejoin` can make two closures share one upvalue.
    pub(crate) ups: [Cell<Gc<UpVal>>; 0],
}

impl FuncProto {
    /// `p` made ready to run, with these constants and nested prototypes.
    pub fn new(p: Rc<Proto>, k: Box<[Value]>, children: Box<[Rc<FuncProto>]>) -> FuncProto {
        let quick: Vec<Cell<Instruction>> = p.code.iter().map(|&i| Cell::new(i)).collect();
        FuncProto {
            code: quick.as_ptr() as *const Instruction,
            max_stack: p.max_stack,
            num_params: p.num_params,
            p,
            k,
            children,
            quick,
            mark_epoch: Cell::new(0),
        }
    }

    /// The first instruction the interpreter runs: frames' pcs point into this array
    /// (`CallInfo::pc_index` against this base). Derived from the cells, so the handlers
    /// may write an opcode through it (`Cell` is `repr(transparent)` over the word).
    #[inline(always)]
    pub fn code_ptr(&self) -> *const Instruction {
        self.code
    }
}

impl HeapSize for LuaClosure {
    fn extra_bytes(&self) -> usize {
        self.nups * std::mem::size_of::<Cell<Gc<UpVal>>>()
    }
}

impl Gc<LuaClosure> {
    /// The closure's upvalues.
    #[inline(always)]
    pub fn upvals(&self) -> &[Cell<Gc<UpVal>>] {
        let data = self.data_ptr();
        // The object is live (as for `Gc::deref`) and was made by `Heap::alloc_lua_closure`,
        // which allocates `nups` initialised cells right after the struct, at `ups`; the
        // pointer comes from the allocation's own pointer (not from a `&LuaClosure`, which
        // covers only the struct), so it may reach them.
        // SAFETY: see above: a live closure with `nups` initialised cells at `ups`.
        unsafe {
            let n = (*data).nups;
            let first = std::ptr::addr_of!((*data).ups) as *const Cell<Gc<UpVal>>;
            std::slice::from_raw_parts(first, n)
        }
    }
}

/// An upvalue: open, it points at a stack slot of the thread that declared the variable;
/// closed, at its own `closed` cell.
pub struct UpVal {
    pub(crate) v: Cell<*mut Value>,
    pub(crate) closed: Cell<Value>,
    /// The stack index while open.
    pub(crate) index: Cell<usize>,
    pub(crate) open: Cell<bool>,
}

impl HeapSize for UpVal {}

impl UpVal {
    #[inline(always)]
    pub fn get(&self) -> Value {
        // SAFETY: `v` points at this upvalue's own `closed` cell (a field of a live, pinned
        // heap object) or, while open, at a slot of its thread's stack; stack reallocation
        // re-points every open upvalue, and an upvalue is closed before its slot dies.
        unsafe { *self.v.get() }
    }

    #[inline(always)]
    pub fn set(&self, val: Value) {
        // SAFETY: as for `get`.
        unsafe { *self.v.get() = val }
    }

    pub(crate) fn close(&self) {
        self.closed.set(self.get());
        self.v.set(self.closed.as_ptr());
        self.open.set(false);
    }
}

/// What a native function returns: how many results it left on top of the stack.
pub type NativeFn = fn(&mut Vm) -> Result<usize, crate::vm::error::Exc>;

/// Natives the call machinery treats specially (they manipulate frames, not values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Special {
    None,
    Pcall,
    Xpcall,
}

pub struct NativeClosure {
    pub f: NativeFn,
    /// The name used in error messages when the caller's code does not name the function.
    pub name: &'static str,
    pub upvals: Box<[Cell<Value>]>,
    pub special: Special,
}

impl HeapSize for NativeClosure {
    fn extra_bytes(&self) -> usize {
        self.upvals.len() * 8
    }
}
