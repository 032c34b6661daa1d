//! The implementation's limits and defaults (what llimits.h and luaconf.h set in PUC-Rio
//! Lua), each defined once: the front end, the compiler, the binary-chunk verifier and both
//! engines read them from here, so a program that hits a limit hits it at the same point
//! everywhere.
//!
//! Plain constants that depend on nothing, in `shared` so the reference interpreter reads
//! them too (it may use `syntax` and `shared` only).
//!
//! Two limits come from the same PUC-Rio constant, `LUAI_MAXCCALLS` (200), and count the
//! same levels, as in lua5.4: [`MAX_PARSE_LEVELS`] bounds syntactic nesting in the parser,
//! which starts from the levels its caller holds, and [`MAX_C_CALLS`] bounds the C levels of
//! a running program.

// ---------------------------------------------------------------- front end

/// Nesting the parser allows, counted the way lparser.c counts C levels (statements,
/// subexpressions, extra assignment targets, plus the caller's levels): "C stack overflow"
/// beyond. `LUAI_MAXCCALLS`.
pub const MAX_PARSE_LEVELS: u32 = MAX_C_CALLS;

/// Active local variables per function (`MAXVARS`).
pub const MAX_VARS: usize = 200;

/// Upvalues per function (`MAXUPVAL`): the parser's "too many upvalues", and the verifier's
/// bound for loaded binary chunks.
pub const MAX_UPVALUES: usize = 255;

/// How deeply binary chunks may nest functions; the verifier rejects deeper ones and the
/// loader stops reading them. No PUC-Rio counterpart (lundump.c trusts its input): compiled
/// code stays well below it because every nested function costs parse levels.
pub const MAX_FUNCTION_NESTING: usize = 200;
const _: () = assert!(MAX_FUNCTION_NESTING >= MAX_PARSE_LEVELS as usize);

// ---------------------------------------------------------------- strings

/// Strings up to this length are short: the VM interns them, and only they can be the
/// constant key of GETFIELD and the other field instructions (so the code generator, which
/// must choose those instructions as luac does, and the verifier use it too).
/// `LUAI_MAXSHORTLEN`.
pub const MAX_SHORT_LEN: usize = 40;

/// Longest string `string.rep` builds: "resulting string too large" from here. PUC-Rio's
/// bound is `MAXSIZE` (about the address space); both engines refuse at 2 GiB instead, so
/// they agree on which calls fail rather than one of them running out of memory.
pub const MAX_STRING: usize = 1 << 31;

// ---------------------------------------------------------------- run time

/// Value-stack slots a VM thread may use ("stack overflow" beyond); `table.unpack` refuses
/// this many results in both engines. `LUAI_MAXSTACK`.
pub const MAX_STACK: usize = 1_000_000;

/// Slots granted past [`MAX_STACK`] so an error handler can run after an overflow
/// (`ERRORSTACKSIZE`'s extra room).
pub const ERROR_STACK_EXTRA: usize = 200;

/// Slots a native function may use above its arguments without asking (`LUA_MINSTACK`).
pub const MIN_STACK: usize = 20;

/// Lua call frames one VM thread may hold: "stack overflow" beyond. No PUC-Rio
/// counterpart: lua5.4 runs out of its [`MAX_STACK`] slots, and every frame takes at least
/// one slot (a call without arguments from a function's first register), so it never holds
/// more frames than this. The VM's frames take the slots lua5.4's do, so it runs out of
/// slots first, near lua5.4's depth. (At 200,000 frames the VM refused recursions lua5.4
/// runs, such as 400,000 levels of `f(n - 1)`.)
pub const MAX_FRAMES: usize = MAX_STACK;

/// The reference interpreter's bound on Lua call frames ("stack overflow" beyond): it keeps
/// no value stack, so it cannot run out of slots where lua5.4 does, and its frames are
/// larger (a frame holds its locals); 200,000 frames keep an endless recursion's memory
/// in bounds. Recursions deeper than this that lua5.4 runs are a listed difference
/// (`tests/lua/reference_known_failures.txt`: `errors/deep_recursion.lua`).
pub const REFERENCE_MAX_FRAMES: usize = 200_000;

/// The frames a message handler may add while it handles a stack overflow: lua5.4 grants
/// it `ERRORSTACKSIZE - LUAI_MAXSTACK` = 200 stack slots, some 30 small Lua frames. A
/// second overflow inside that room is "error in error handling".
pub const ERROR_EXTRA_FRAMES: usize = 30;

/// C levels, counted as lua5.4 counts `nCcalls`: every call made from native code (a library
/// function calling a value, a metamethod, an iterator of a generic `for`, a finalizer), every
/// `pcall` frame alive, every coroutine resumed inside another, plus the host's own levels
/// ([`HOST_C_CALLS`]). Reaching it is "C stack overflow". `LUAI_MAXCCALLS`.
pub const MAX_C_CALLS: u32 = 200;

/// Past [`MAX_C_CALLS`], the room left for handling the overflow error (message handlers,
/// `__close`); beyond it, "error in error handling" (lstate.c's `LUAI_MAXCCALLS / 10 * 11`).
pub const MAX_C_CALLS_HANDLING: u32 = MAX_C_CALLS / 10 * 11;

/// The C levels a chunk starts with when a host runs it: lua.c's protected calls of `pmain`
/// and of the chunk. Starting there, a script overflows at the depth it does under lua5.4.
pub const HOST_C_CALLS: u32 = 2;

/// Longest chain of `__index` or `__newindex` tables followed: "'__index' chain too long;
/// possible loop" beyond. `MAXTAGLOOP`.
pub const MAX_TAG_LOOP: usize = 2000;

// ---------------------------------------------------------------- collector

/// The collector's parameters as a state starts, which `collectgarbage` reports when they
/// are changed (lgc.h).
pub mod gc_defaults {
    /// Percent the heap grows between incremental cycles (`LUAI_GCPAUSE`).
    pub const PAUSE: u32 = 200;
    /// Speed of incremental steps, in percent of allocation (`LUAI_GCMUL`).
    pub const STEP_MUL: u32 = 100;
    /// Log2 of the bytes allocated between incremental steps (`LUAI_GCSTEPSIZE`).
    pub const STEP_SIZE_LOG2: u32 = 13;
    /// Percent growth that triggers a minor collection (`LUAI_GENMINORMUL`).
    pub const MINOR_MUL: u32 = 20;
    /// Percent growth that triggers a major collection (`LUAI_GENMAJORMUL`).
    pub const MAJOR_MUL: u32 = 100;
}
