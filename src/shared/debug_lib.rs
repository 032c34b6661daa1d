//! The debug library's engine-free rules (ldblib.c, lauxlib.c's `luaL_traceback`): which
//! fields `getinfo` fills for an option string, the hook masks `sethook`/`gethook` convert,
//! the hook event names, and which levels a traceback shows.

#![forbid(unsafe_code)]

use crate::shared::lib_error::LibError;

/// The fields `debug.getinfo` fills, from its option string ("nSltufrL").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InfoWhat {
    /// `S`: `source`, `short_src`, `what`, `linedefined`, `lastlinedefined`.
    pub source: bool,
    /// `l`: `currentline`.
    pub line: bool,
    /// `u`: `nups`, `nparams`, `isvararg`.
    pub upvalues: bool,
    /// `n`: `name`, `namewhat`.
    pub name: bool,
    /// `r`: `ftransfer`, `ntransfer`.
    pub transfer: bool,
    /// `t`: `istailcall`.
    pub tail: bool,
    /// `L`: `activelines`.
    pub active_lines: bool,
    /// `f`: `func`.
    pub func: bool,
}

/// The option string `debug.getinfo` uses when none is given.
pub const DEFAULT_INFO_OPTIONS: &[u8] = b"flnSrtu";

/// Parses `getinfo`'s options; `arg` is the option string's argument number. A leading
/// '>' is refused with its own message (it is the C API's marker for "a function, not a
/// level"); any other unknown letter is "invalid option", as `lua_getinfo` fails.
pub fn info_options(options: &[u8], arg: usize) -> Result<InfoWhat, LibError> {
    if options.first() == Some(&b'>') {
        return Err(LibError::arg(arg, "invalid option '>'"));
    }
    let mut w = InfoWhat::default();
    for &c in options {
        match c {
            b'S' => w.source = true,
            b'l' => w.line = true,
            b'u' => w.upvalues = true,
            b'n' => w.name = true,
            b'r' => w.transfer = true,
            b't' => w.tail = true,
            b'L' => w.active_lines = true,
            b'f' => w.func = true,
            _ => return Err(LibError::arg(arg, "invalid option")),
        }
    }
    Ok(w)
}

/// Hook events, as a hook function receives their names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HookEvent {
    /// A function was called.
    Call,
    /// A function returns.
    Return,
    /// The interpreter reached a new line.
    Line,
    /// The instruction count came round.
    Count,
    /// A function was called by a tail call.
    TailCall,
}

impl HookEvent {
    /// The name a Lua hook function gets ("call", "tail call", ...).
    pub fn name(self) -> &'static str {
        match self {
            HookEvent::Call => "call",
            HookEvent::Return => "return",
            HookEvent::Line => "line",
            HookEvent::Count => "count",
            HookEvent::TailCall => "tail call",
        }
    }
}

/// Hook mask bit for call events (`LUA_MASKCALL`).
pub const MASK_CALL: u8 = 1;
/// Hook mask bit for return events (`LUA_MASKRET`).
pub const MASK_RET: u8 = 2;
/// Hook mask bit for line events (`LUA_MASKLINE`).
pub const MASK_LINE: u8 = 4;
/// Hook mask bit for count events (`LUA_MASKCOUNT`).
pub const MASK_COUNT: u8 = 8;

/// `makemask`: "c", "r", "l" anywhere in the string, and a positive count.
pub fn make_mask(smask: &[u8], count: i64) -> u8 {
    let mut m = 0;
    if smask.contains(&b'c') {
        m |= MASK_CALL;
    }
    if smask.contains(&b'r') {
        m |= MASK_RET;
    }
    if smask.contains(&b'l') {
        m |= MASK_LINE;
    }
    if count > 0 {
        m |= MASK_COUNT;
    }
    m
}

/// `unmakemask`: the mask as `gethook` returns it (the count is not a letter).
pub fn unmake_mask(mask: u8) -> String {
    let mut s = String::new();
    if mask & MASK_CALL != 0 {
        s.push('c');
    }
    if mask & MASK_RET != 0 {
        s.push('r');
    }
    if mask & MASK_LINE != 0 {
        s.push('l');
    }
    s
}

/// Levels a traceback shows at the top and at the bottom of a deep stack.
const TRACE_TOP: usize = 10;
const TRACE_BOTTOM: usize = 11;

/// How `luaL_traceback` treats level `i` of `total`: `Some(n)` before it means "print the
/// skip line for n levels first", and the bool says whether the level is printed.
pub fn traceback_level(i: usize, total: usize) -> (Option<usize>, bool) {
    if total <= TRACE_TOP + TRACE_BOTTOM + 1 {
        return (None, true);
    }
    // lauxlib.c reports one fewer skipped level than it leaves out.
    let skip = (i == TRACE_TOP).then(|| total - TRACE_TOP - TRACE_BOTTOM - 1);
    let shown = i < TRACE_TOP || i >= total - TRACE_BOTTOM;
    (skip, shown)
}

/// The skip line `luaL_traceback` prints for `n` levels.
pub fn skip_line(n: usize) -> String {
    format!("\n\t...\t(skipping {n} levels)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options() {
        assert_eq!(
            info_options(b"x", 2),
            Err(LibError::arg(2, "invalid option"))
        );
        assert_eq!(
            info_options(b">S", 3),
            Err(LibError::arg(3, "invalid option '>'"))
        );
        let w = info_options(DEFAULT_INFO_OPTIONS, 2).unwrap();
        assert!(w.func && w.line && w.name && w.source && w.transfer && w.tail && w.upvalues);
        assert!(!w.active_lines);
    }

    #[test]
    fn masks() {
        assert_eq!(make_mask(b"lrc", 0), MASK_CALL | MASK_RET | MASK_LINE);
        assert_eq!(make_mask(b"", 5), MASK_COUNT);
        assert_eq!(unmake_mask(MASK_LINE | MASK_CALL | MASK_COUNT), "cl");
    }

    #[test]
    fn traceback_levels() {
        assert_eq!(traceback_level(15, 22), (None, true));
        // 23 levels: 10 shown, one skipped (reported as 1), 11 shown... as lauxlib.c.
        assert_eq!(traceback_level(10, 24), (Some(2), false));
        assert_eq!(traceback_level(12, 24), (None, false));
        assert_eq!(traceback_level(13, 24), (None, true));
    }
}
