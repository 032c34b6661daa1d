//! A thread of execution (the main program or a coroutine) as explicit continuations.
//!
//! The interpreter never keeps Lua state on the Rust stack between steps: a thread is a stack
//! of tasks ("what remains to be done"), a stack of operand values, a stack of call frames and
//! a stack of to-be-closed variables. A step pops or advances the top task. Because all of it
//! lives in the gc-arena, the collector can run between any two steps, and a coroutine is
//! suspended simply by leaving its stacks as they are.

use std::rc::Rc;

use gc_arena::{Collect, Gc};

use crate::ir::{Block, Expr, Stat};
use crate::value::{Function, LuaClosure, UpCell, Value};

/// A statement, addressed as its block and index.
#[derive(Clone)]
pub struct SRef {
    pub block: Block,
    pub index: usize,
}

impl SRef {
    pub fn get(&self) -> &Stat {
        &self.block[self.index]
    }
}

/// How many results an expression or call must leave on the value stack.
pub const MULTI: i32 = -1;

#[derive(Collect)]
#[collect(no_drop)]
pub enum Task<'gc> {
    /// Runs `stats[pc..]`; closes the block's to-be-closed variables at its end.
    Block {
        #[collect(require_static)]
        stats: Block,
        #[collect(require_static)]
        pc: usize,
    },
    /// The end of a Lua function body: returning without `return`.
    FuncBody,
    /// Evaluates an expression, leaving `want` values (`MULTI`: all of them).
    Eval {
        #[collect(require_static)]
        e: Rc<Expr>,
        #[collect(require_static)]
        want: i32,
    },
    /// Applies `rest[i..]` of a `Chain` to the value on top of the stack.
    Chain {
        #[collect(require_static)]
        e: Rc<Expr>,
        #[collect(require_static)]
        i: usize,
    },
    /// Pops two operands and applies `rest[i]` of a `Chain`.
    Binary {
        #[collect(require_static)]
        e: Rc<Expr>,
        #[collect(require_static)]
        i: usize,
    },
    /// Pops one operand and applies a unary operator.
    Unary {
        #[collect(require_static)]
        e: Rc<Expr>,
    },
    /// Applies `suffixes[i..stop]` of a `Suffixed` to the value on top of the stack.
    Suffix {
        #[collect(require_static)]
        e: Rc<Expr>,
        #[collect(require_static)]
        i: usize,
        #[collect(require_static)]
        stop: usize,
        #[collect(require_static)]
        want: i32,
    },
    /// Swaps the two values on top of the stack (method lookup: `obj, f` to `f, obj`).
    Swap,
    /// Pushes the method named by suffix `i` of `e`, looked up in the object on top.
    MethodLookup {
        #[collect(require_static)]
        e: Rc<Expr>,
        #[collect(require_static)]
        i: usize,
    },
    /// A tail call: `values[mark]` with `values[mark+1..]` replaces the current frame.
    TailCall {
        #[collect(require_static)]
        e: Rc<Expr>,
        #[collect(require_static)]
        mark: usize,
    },
    /// Tests the condition of arm `arm` of an `if` statement (its value is on top).
    If {
        #[collect(require_static)]
        s: SRef,
        #[collect(require_static)]
        arm: usize,
    },
    /// Pops key and object and pushes `obj[key]` (suffix `i` of `e`, for messages).
    Index {
        #[collect(require_static)]
        e: Rc<Expr>,
        #[collect(require_static)]
        i: usize,
    },
    /// Calls `values[mark]` with `values[mark+1..]` (suffix `i` of `e`, for messages).
    Call {
        #[collect(require_static)]
        e: Rc<Expr>,
        #[collect(require_static)]
        i: usize,
        #[collect(require_static)]
        mark: usize,
        #[collect(require_static)]
        want: i32,
    },
    /// Pads or truncates the values above `mark` to `want`.
    Adjust {
        #[collect(require_static)]
        mark: usize,
        #[collect(require_static)]
        want: i32,
    },
    /// Builds a table from the values above `mark`.
    Table {
        #[collect(require_static)]
        e: Rc<Expr>,
        #[collect(require_static)]
        mark: usize,
    },
    /// Finishes a statement once its expressions are on the stack above `mark`; for
    /// assignments, `k` targets remain to be stored (right to left).
    StatDone {
        #[collect(require_static)]
        s: SRef,
        #[collect(require_static)]
        mark: usize,
        #[collect(require_static)]
        k: usize,
    },
    /// Loop control for `while` and `repeat`.
    Loop {
        #[collect(require_static)]
        s: SRef,
        #[collect(require_static)]
        phase: u8,
    },
    /// Integer or float numeric `for`, with its hidden state.
    NumFor {
        #[collect(require_static)]
        s: SRef,
        state: ForState,
    },
    /// Generic `for`: the iterator triple and closing value live on the value stack.
    GenFor {
        #[collect(require_static)]
        s: SRef,
        #[collect(require_static)]
        base: usize,
    },
    /// `for` generic: the call of the iterator returned its values above `mark`.
    GenForStep {
        #[collect(require_static)]
        s: SRef,
        #[collect(require_static)]
        base: usize,
    },
    /// Converts the value on top of the stack (a metamethod's result).
    MetaResult {
        #[collect(require_static)]
        kind: MetaResult,
    },
    /// A protected call boundary (`pcall`, `xpcall`): on error, unwinding stops here.
    Catch {
        handler: Option<Value<'gc>>,
        #[collect(require_static)]
        values: usize,
        #[collect(require_static)]
        frames: usize,
        #[collect(require_static)]
        tbc: usize,
    },
    /// Pops the native frame of a library function that continued through a call.
    NativeReturn,
    /// `coroutine.wrap`: the resume results above `mark` start with a status flag; `co`
    /// is the coroutine, closed if it failed.
    WrapResult {
        #[collect(require_static)]
        mark: usize,
        co: crate::value::Thread<'gc>,
    },
    /// A nested run started by a library function ends here.
    Barrier {
        /// How many frames there were when it was set: an error unwinding to it drops the
        /// frames above. (Not "the frames whose tasks are above it": while a message
        /// handler runs, the frames of the failed calls are still there, as in lua5.4.)
        #[collect(require_static)]
        frames: usize,
    },
    /// Closes to-be-closed variables down to `to`, then continues.
    Close {
        #[collect(require_static)]
        to: usize,
        err: Option<Value<'gc>>,
        /// The kind of the error `err` (it matters to a message handler).
        #[collect(require_static)]
        kind: crate::machine::ErrKind,
    },
    /// `require`'s work after its loader returned (the loader's results are above `mark`):
    /// stores the module in `package.loaded` and leaves `module, data` above `mark`.
    RequireDone {
        #[collect(require_static)]
        mark: usize,
        name: Value<'gc>,
        data: Value<'gc>,
    },
    /// Resumes unwinding an error once a `__close` handler returned.
    Rethrow { err: Value<'gc> },
    /// Calls a library function again after the collection its first call, short of
    /// memory before it did anything, asked for (see `memory`).
    RetryNative {
        f: Value<'gc>,
        args: Vec<Value<'gc>>,
        #[collect(require_static)]
        want: i32,
        #[collect(require_static)]
        line: u32,
        #[collect(require_static)]
        desc: Option<String>,
        #[collect(require_static)]
        c_level: bool,
    },
    /// Discards the values above `mark`.
    Drop {
        #[collect(require_static)]
        mark: usize,
    },
    /// Stores the values above `mark` (results of a `__close` call) nowhere: closing done.
    Return {
        #[collect(require_static)]
        mark: usize,
        /// Where the RETURN is (the `return` statement's last line), for the closing of
        /// pending variables; 0 where the line is already right.
        #[collect(require_static)]
        line: u32,
    },
}

#[derive(Collect, Clone, Copy, Debug)]
#[collect(require_static)]
pub enum MetaResult {
    /// Truthiness of the result.
    Bool,
    /// Negated truthiness (`~=` through `__eq`, `<=` through `__lt`).
    NotBool,
}

#[derive(Collect, Clone, Copy, Debug)]
#[collect(require_static)]
pub enum ForState {
    Int {
        next: i64,
        step: i64,
        /// Iterations after the running one (lua5.4's count, which `debug.getlocal` shows
        /// as the second "(for state)"); up to 2^64 - 1, so the first iteration is `first`.
        remaining: u64,
        /// The first iteration runs without a count: `forprep` decided it runs.
        first: bool,
    },
    Float {
        next: f64,
        limit: f64,
        step: f64,
        /// The first iteration runs without testing the limit: `forprep` decided it runs
        /// (so a NaN limit or start runs the body once, as in lua5.4).
        first: bool,
        /// The running iteration's value: lua5.4's internal index, which `debug.getlocal`
        /// shows as the first "(for state)".
        index: f64,
    },
}

/// A local variable's storage: its value, or a shared cell when a closure captured it.
#[derive(Collect, Clone, Copy)]
#[collect(no_drop)]
pub enum Slot<'gc> {
    Val(Value<'gc>),
    Cell(UpCell<'gc>),
}

#[derive(Collect)]
#[collect(no_drop)]
pub struct Frame<'gc> {
    /// `None` for a library function.
    pub closure: Option<Gc<'gc, LuaClosure<'gc>>>,
    pub func: Option<Function<'gc>>,
    pub slots: Vec<Slot<'gc>>,
    pub varargs: Vec<Value<'gc>>,
    #[collect(require_static)]
    pub task_base: usize,
    #[collect(require_static)]
    pub value_base: usize,
    #[collect(require_static)]
    pub want: i32,
    /// The line being executed (Lua functions only).
    #[collect(require_static)]
    pub line: u32,
    /// The scope of the statement being executed (Lua functions only): which locals
    /// `debug.getlocal` sees.
    #[collect(require_static)]
    pub scope: crate::ir::ScopeId,
    /// The frame replaced its caller's by a tail call.
    #[collect(require_static)]
    pub tail: bool,
    /// The to-be-closed stack's height when the frame started: its own entries are above.
    #[collect(require_static)]
    pub tbc_base: usize,
    /// How the caller named the function ("global 'f'", "method 'm'", ...), if it did.
    #[collect(require_static)]
    pub call_desc: Option<String>,
    /// The frame holds a C level while it lives (as lua5.4 counts `nCcalls`): a metamethod,
    /// a generic `for`'s iterator, a `__close` handler, or a library function that called
    /// a value and waits for it (`pcall`).
    #[collect(require_static)]
    pub c_level: bool,
    /// A library function that called a value without a continuation (`require` running
    /// a loader, lua5.4's `lua_call`): nothing above it on this thread may yield.
    #[collect(require_static)]
    pub no_yield: bool,
}

/// A live to-be-closed variable: its value, and the block task that declared it.
#[derive(Collect)]
#[collect(no_drop)]
pub struct Tbc<'gc> {
    pub value: Value<'gc>,
    #[collect(require_static)]
    pub block_task: usize,
    #[collect(require_static)]
    pub stat: usize,
}

#[derive(Collect, Default)]
#[collect(no_drop)]
pub struct ThreadState<'gc> {
    pub tasks: Vec<Task<'gc>>,
    pub values: Vec<Value<'gc>>,
    pub frames: Vec<Frame<'gc>>,
    pub tbc: Vec<Tbc<'gc>>,
    /// Frames among `frames` that hold a C level.
    #[collect(require_static)]
    pub c_levels: u32,
    /// The C levels its resumer held, plus one (`lua_resume`): a coroutine counts on from
    /// there.
    #[collect(require_static)]
    pub c_base: u32,
}

impl<'gc> ThreadState<'gc> {
    pub fn push_frame(&mut self, f: Frame<'gc>) {
        self.c_levels += f.c_level as u32;
        self.frames.push(f);
    }

    pub fn pop_frame(&mut self) -> Option<Frame<'gc>> {
        let f = self.frames.pop()?;
        self.c_levels -= f.c_level as u32;
        Some(f)
    }

    pub fn truncate_frames(&mut self, n: usize) {
        if n < self.frames.len() {
            let gone = self.frames[n..].iter().filter(|f| f.c_level).count();
            self.c_levels -= gone as u32;
            self.frames.truncate(n);
        }
    }

    /// Whether no frame on this thread forbids yielding (see `Frame::no_yield`).
    pub fn yieldable_frames(&self) -> bool {
        !self.frames.iter().any(|f| f.no_yield)
    }

    /// Marks the top frame (a library function that calls a value and waits) as holding a
    /// C level.
    pub fn hold_c_level(&mut self) {
        if let Some(f) = self.frames.last_mut() {
            if !f.c_level {
                f.c_level = true;
                self.c_levels += 1;
            }
        }
    }
}

#[derive(Collect, Clone, Copy, Debug, PartialEq, Eq)]
#[collect(require_static)]
pub enum CoStatus {
    /// Created, or yielded: can be resumed.
    Suspended,
    Running,
    /// Resumed another coroutine and waits for it.
    Normal,
    Dead,
}

#[derive(Collect)]
#[collect(no_drop)]
pub struct ThreadObj<'gc> {
    pub status: CoStatus,
    pub state: ThreadState<'gc>,
    /// The body of a coroutine that has not started yet.
    pub body: Option<Function<'gc>>,
    /// The error object of a coroutine that died by an error (`coroutine.close` reports it).
    pub error: Option<Value<'gc>>,
    /// Nested runs (library functions calling Lua) active when it was last resumed: a yield
    /// is allowed only with none added since.
    #[collect(require_static)]
    pub nested: u32,
}
