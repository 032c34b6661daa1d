//! The stack and the functions as the debug library sees them (ldebug.c's `lua_getstack`,
//! `lua_getinfo`, `lua_getlocal`, `lua_getupvalue`): levels of any thread, what a function
//! is, which locals a frame has at its current instruction, and upvalue cells.
//!
//! Everything here reads a `ThreadState` handed in by the caller: the running thread's
//! (`Vm::th`) or a parked one's, so the same code serves `debug.getinfo(co, ...)`.

use crate::gc::Gc;
use crate::shared::chunkid::chunkid;
use crate::vm::function::UpVal;
use crate::vm::state::Vm;
use crate::vm::thread::{cist, ThreadState};
use crate::vm::value::Value;

/// A stack level: a frame (its index in `frames`), or, below the main thread's frames, the
/// host's own call that runs the chunk (lua.c's `pmain`, a C function: `[C]: in ?`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Frame(usize),
    Host,
}

/// What `lua_getinfo`'s 'S' and 'u' say about a function.
pub struct FuncDesc {
    pub source: Vec<u8>,
    pub short_src: Vec<u8>,
    pub line_defined: i64,
    pub last_line_defined: i64,
    pub what: &'static str,
    pub nups: usize,
    pub nparams: usize,
    pub is_vararg: bool,
}

/// An upvalue's storage: a Lua closure's cell or a native closure's slot.
#[derive(Clone, Copy)]
pub enum UpvalRef {
    Lua(Gc<UpVal>),
    Native(Value, usize),
}

impl Vm {
    /// `lua_getstack`: level 0 is the top frame. `main`: `th` is the main thread's state,
    /// which has the host's level below its frames.
    pub fn level_at(&self, th: &ThreadState, main: bool, level: i64) -> Option<Level> {
        let n = th.frames.len() as i64;
        if level < 0 {
            None
        } else if level < n {
            Some(Level::Frame((n - 1 - level) as usize))
        } else if level == n && main {
            Some(Level::Host)
        } else {
            None
        }
    }

    /// All levels of `th`, from the top.
    pub(crate) fn all_levels(th: &ThreadState, main: bool) -> Vec<Level> {
        (0..th.frames.len())
            .rev()
            .map(Level::Frame)
            .chain(main.then_some(Level::Host))
            .collect()
    }

    /// The function running at a level (nil for the host's).
    pub fn level_function(&self, th: &ThreadState, lv: Level) -> Value {
        match lv {
            Level::Frame(fi) => th.stack[th.frames[fi].func],
            Level::Host => Value::NIL,
        }
    }

    /// The line a level is running, -1 for natives and code without line information.
    pub fn level_line(&self, th: &ThreadState, lv: Level) -> i64 {
        match lv {
            Level::Frame(fi) => self.current_line(th, &th.frames[fi]).map_or(-1, i64::from),
            Level::Host => -1,
        }
    }

    /// How the level's function was called ('n'): (namewhat, name).
    pub fn level_name(&self, th: &ThreadState, lv: Level) -> Option<(&'static str, String)> {
        match lv {
            Level::Frame(fi) => self.frame_func_name(th, fi),
            Level::Host => None,
        }
    }

    pub fn level_is_tail(th: &ThreadState, lv: Level) -> bool {
        matches!(lv, Level::Frame(fi) if th.frames[fi].status & cist::TAIL != 0)
    }

    /// `funcinfo` and the 'u' fields of `f` (a function value; nil for the host's level).
    pub fn func_desc(&self, f: Value) -> FuncDesc {
        if let Some(cl) = f.as_lua_closure() {
            let p = &cl.proto.p;
            // (A stripped chunk's source is "=?" already: `undump`.)
            let source = p.source.to_vec();
            return FuncDesc {
                short_src: chunkid(&source),
                source,
                line_defined: i64::from(p.line_defined),
                last_line_defined: i64::from(p.last_line_defined),
                what: if p.line_defined == 0 { "main" } else { "Lua" },
                nups: cl.upvals().len(),
                nparams: usize::from(p.num_params),
                is_vararg: p.is_vararg,
            };
        }
        FuncDesc {
            source: b"=[C]".to_vec(),
            short_src: b"[C]".to_vec(),
            line_defined: -1,
            last_line_defined: -1,
            what: "C",
            nups: f.as_native().map_or(0, |c| c.upvals.len()),
            nparams: 0,
            is_vararg: true,
        }
    }

    /// `collectvalidlines`: the lines that have code (a vararg function's VARARGPREP does
    /// not count); `None` for a native.
    pub fn active_lines(&self, f: Value) -> Option<Vec<u32>> {
        let cl = f.as_lua_closure()?;
        let p = &cl.proto.p;
        let skip = usize::from(p.is_vararg);
        Some(p.lines.iter().skip(skip).copied().collect())
    }

    /// `luaG_findlocal`: the name and stack slot of local `n` of the frame at `fi`
    /// (negative `n`: the varargs). `th` must be complete: the running thread's or a parked
    /// one's state.
    pub fn find_local(&self, th: &ThreadState, fi: usize, n: i64) -> Option<(String, usize)> {
        let ci = th.frames[fi];
        let lua = self.frame_proto(th, &ci);
        let mut name = None;
        if let Some((fp, pc)) = &lua {
            if n < 0 {
                // `findvararg`: extra arguments sit just below the function.
                let nextra = i64::from(ci.nextraargs);
                if fp.p.is_vararg && n >= -nextra {
                    let pos = ci.func as i64 - nextra - (n + 1);
                    return Some(("(vararg)".into(), pos as usize));
                }
                return None;
            }
            if n > 0 && n <= u32::MAX as i64 {
                name = fp.p.local_name(n as u32, *pc as u32).map(str::to_string);
            }
        }
        let base = ci.func + 1;
        if name.is_none() {
            let limit = match th.frames.get(fi + 1) {
                Some(next) => next.func,
                None => th.top,
            };
            if n > 0 && (limit as i64 - base as i64) >= n {
                name = Some(
                    if ci.status & cist::LUA != 0 {
                        "(temporary)"
                    } else {
                        "(C temporary)"
                    }
                    .into(),
                );
            } else {
                return None;
            }
        }
        Some((name?, base + n as usize - 1))
    }

    /// A function's parameter `n` as `lua_getlocal` with no frame names it.
    pub fn param_name(&self, f: Value, n: i64) -> Option<String> {
        let cl = f.as_lua_closure()?;
        if n <= 0 || n > u32::MAX as i64 {
            return None;
        }
        cl.proto.p.local_name(n as u32, 0).map(str::to_string)
    }

    /// Upvalue `n` (1-based) of function `f`: its name ("" for a native's, "(no name)" when
    /// stripped) and where it lives.
    pub fn upvalue_ref(&self, f: Value, n: i64) -> Option<(String, UpvalRef)> {
        if n < 1 {
            return None;
        }
        let i = (n - 1) as usize;
        if let Some(cl) = f.as_lua_closure() {
            let uv = cl.upvals().get(i)?.get();
            let name = &cl.proto.p.upvalues[i].name;
            let name = if name.is_empty() {
                "(no name)".to_string()
            } else {
                name.to_string()
            };
            return Some((name, UpvalRef::Lua(uv)));
        }
        let c = f.as_native()?;
        if i < c.upvals.len() {
            return Some((String::new(), UpvalRef::Native(f, i)));
        }
        None
    }

    pub fn upvalue_get(&self, r: UpvalRef) -> Value {
        match r {
            UpvalRef::Lua(u) => u.get(),
            UpvalRef::Native(f, i) => f.as_native().expect("native").upvals[i].get(),
        }
    }

    pub fn upvalue_set(&self, r: UpvalRef, v: Value) {
        match r {
            UpvalRef::Lua(u) => {
                u.set(v);
                self.heap.barrier(u.header());
            }
            UpvalRef::Native(f, i) => {
                let c = f.as_native().expect("native");
                c.upvals[i].set(v);
                self.heap.barrier(c.header());
            }
        }
    }

    /// A number unique to the cell behind an upvalue (`lua_upvalueid`).
    pub fn upvalue_id(&self, r: UpvalRef) -> usize {
        match r {
            UpvalRef::Lua(u) => u.header_ptr() as usize,
            UpvalRef::Native(f, i) => f.as_native().expect("native").upvals[i].as_ptr() as usize,
        }
    }

    /// `lua_upvaluejoin`: upvalue `n1` of Lua closure `f1` becomes `f2`'s upvalue `n2`.
    pub fn upvalue_join(&self, f1: Value, n1: usize, f2: Value, n2: usize) {
        let (Some(c1), Some(c2)) = (f1.as_lua_closure(), f2.as_lua_closure()) else {
            return;
        };
        c1.upvals()[n1 - 1].set(c2.upvals()[n2 - 1].get());
        self.heap.barrier(c1.header());
    }

    /// One traceback line's "name" part (`pushfuncname` in lauxlib.c).
    fn level_func_name(&self, th: &ThreadState, lv: Level) -> String {
        let f = self.level_function(th, lv);
        if let Some(g) = self.global_func_name(f) {
            return format!("function '{g}'");
        }
        if let Some((kind, name)) = self.level_name(th, lv) {
            return format!("{kind} '{name}'");
        }
        let d = self.func_desc(f);
        match d.what {
            "main" => "main chunk".into(),
            "Lua" => format!(
                "function <{}:{}>",
                String::from_utf8_lossy(&d.short_src),
                d.line_defined
            ),
            _ => "?".into(),
        }
    }

    /// `luaL_traceback` of `th` from `level`; `main`: it is the main thread's state, whose
    /// bottom level is the host's call.
    pub(crate) fn traceback_levels(
        &self,
        th: &ThreadState,
        msg: Option<&[u8]>,
        level: i64,
        main: bool,
    ) -> Vec<u8> {
        use crate::shared::debug_lib::{skip_line, traceback_level};
        let mut out = Vec::new();
        if let Some(m) = msg {
            out.extend_from_slice(m);
            out.push(b'\n');
        }
        out.extend_from_slice(b"stack traceback:");
        if level < 0 {
            return out;
        }
        let levels: Vec<Level> = Vm::all_levels(th, main)
            .into_iter()
            .skip(usize::try_from(level).unwrap_or(usize::MAX))
            .collect();
        let total = levels.len();
        for (i, &lv) in levels.iter().enumerate() {
            let (skip, shown) = traceback_level(i, total);
            if let Some(n) = skip {
                out.extend_from_slice(skip_line(n).as_bytes());
            }
            if !shown {
                continue;
            }
            let f = self.level_function(th, lv);
            out.extend_from_slice(b"\n\t");
            out.extend_from_slice(&self.func_desc(f).short_src);
            let line = self.level_line(th, lv);
            if line > 0 {
                out.extend_from_slice(format!(":{line}: in ").as_bytes());
            } else {
                out.extend_from_slice(b": in ");
            }
            out.extend_from_slice(self.level_func_name(th, lv).as_bytes());
            if Vm::level_is_tail(th, lv) {
                out.extend_from_slice(b"\n\t(...tail calls...)");
            }
        }
        out
    }
}
