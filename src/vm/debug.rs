//! Debug information at run time (ldebug.c): current lines, variable descriptions for
//! error messages ("local 'x'", "global 'print'", "field 'y'"), function names, positioned
//! errors, argument errors, and tracebacks.

use crate::compiler::opcode::*;
use crate::compiler::proto::{Constant, Proto};
use crate::shared::tm::Tm;
use crate::vm::error::Exc;
use crate::vm::meta::Origin;
use crate::vm::state::Vm;
use crate::vm::thread::{cist, CallInfo, ThreadState};
use crate::vm::value::Value;

/// `findsetreg`: the last instruction before `lastpc` that set `reg`, if not conditional.
fn find_set_reg(p: &Proto, lastpc: usize, reg: u32) -> Option<usize> {
    let mut lastpc = lastpc;
    if op(p.code[lastpc]).is_mm() {
        lastpc -= 1;
    }
    let mut setreg = None;
    let mut jmptarget = 0usize;
    for pc in 0..lastpc {
        let i = p.code[pc];
        let o = op(i);
        let a = arg_a(i);
        let change = match o {
            OpCode::LoadNil => a <= reg && reg <= a + arg_b(i),
            OpCode::TForCall => reg >= a + 2,
            OpCode::Call | OpCode::TailCall => reg >= a,
            OpCode::Jmp => {
                let dest = (pc as i64 + 1 + arg_sj(i) as i64) as usize;
                if dest <= lastpc && dest > jmptarget {
                    jmptarget = dest;
                }
                false
            }
            _ => o.sets_a() && reg == a,
        };
        if change {
            setreg = if pc < jmptarget { None } else { Some(pc) };
        }
    }
    setreg
}

fn kname(p: &Proto, k: u32) -> String {
    match p.constants.get(k as usize) {
        Some(Constant::Str(s)) => String::from_utf8_lossy(s).into_owned(),
        _ => "?".into(),
    }
}

fn rname(p: &Proto, pc: usize, c: u32) -> String {
    match get_obj_name(p, pc, c) {
        Some(("constant", name)) => name,
        _ => "?".into(),
    }
}

/// An upvalue's name; "?" when unknown (a stripped chunk keeps no names).
fn upval_name(p: &Proto, u: u32) -> String {
    match p.upvalues.get(u as usize) {
        Some(d) if !d.name.is_empty() => d.name.to_string(),
        _ => "?".into(),
    }
}

fn gxf(p: &Proto, pc: usize, i: Instruction, isup: bool) -> &'static str {
    let t = arg_b(i);
    let name = if isup {
        Some(upval_name(p, t))
    } else {
        get_obj_name(p, pc, t).map(|(_, n)| n)
    };
    if name.as_deref() == Some("_ENV") {
        "global"
    } else {
        "field"
    }
}

/// `getobjname`: what register `reg` holds at `lastpc`, as (kind, name).
pub fn get_obj_name(p: &Proto, lastpc: usize, reg: u32) -> Option<(&'static str, String)> {
    if let Some(n) = p.local_name(reg + 1, lastpc as u32) {
        return Some(("local", n.to_string()));
    }
    let pc = find_set_reg(p, lastpc, reg)?;
    let i = p.code[pc];
    match op(i) {
        OpCode::Move => {
            let b = arg_b(i);
            if b < arg_a(i) {
                return get_obj_name(p, pc, b);
            }
            None
        }
        OpCode::GetTabUp => Some((gxf(p, pc, i, true), kname(p, arg_c(i)))),
        OpCode::GetTable => {
            let n = rname(p, pc, arg_c(i));
            Some((gxf(p, pc, i, false), n))
        }
        OpCode::GetI => Some(("field", "integer index".into())),
        OpCode::GetField => Some((gxf(p, pc, i, false), kname(p, arg_c(i)))),
        OpCode::GetUpval => Some(("upvalue", upval_name(p, arg_b(i)))),
        OpCode::LoadK | OpCode::LoadKX => {
            let b = if op(i) == OpCode::LoadK {
                arg_bx(i)
            } else {
                arg_ax(p.code[pc + 1])
            };
            match p.constants.get(b as usize) {
                Some(Constant::Str(s)) => {
                    Some(("constant", String::from_utf8_lossy(s).into_owned()))
                }
                _ => None,
            }
        }
        OpCode::SelfOp => {
            let n = if arg_k(i) {
                kname(p, arg_c(i))
            } else {
                rname(p, pc, arg_c(i))
            };
            Some(("method", n))
        }
        _ => None,
    }
}

/// `funcnamefromcode`: how the instruction at `pc` names the function it calls.
pub fn func_name_from_code(p: &Proto, pc: usize) -> Option<(&'static str, String)> {
    let i = p.code[pc];
    let o = op(i);
    let tm = match o {
        OpCode::Call | OpCode::TailCall => return get_obj_name(p, pc, arg_a(i)),
        OpCode::TForCall => return Some(("for iterator", "for iterator".into())),
        OpCode::SelfOp | OpCode::GetTabUp | OpCode::GetTable | OpCode::GetI | OpCode::GetField => {
            Tm::Index
        }
        OpCode::SetTabUp | OpCode::SetTable | OpCode::SetI | OpCode::SetField => Tm::NewIndex,
        _ if o.is_mm() => Tm::from_mmbin(arg_c(i))?,
        OpCode::Unm => Tm::Unm,
        OpCode::BNot => Tm::BNot,
        OpCode::Len => Tm::Len,
        OpCode::Concat => Tm::Concat,
        OpCode::Eq => Tm::Eq,
        OpCode::Lt | OpCode::LtI | OpCode::GtI => Tm::Lt,
        OpCode::Le | OpCode::LeI | OpCode::GeI => Tm::Le,
        OpCode::Close | OpCode::Return => Tm::Close,
        _ => return None,
    };
    Some(("metamethod", tm.bare_name().to_string()))
}

impl Vm {
    /// The prototype and current pc of a Lua frame.
    pub(crate) fn frame_proto(
        &self,
        th: &ThreadState,
        ci: &CallInfo,
    ) -> Option<(std::rc::Rc<crate::vm::function::FuncProto>, usize)> {
        if ci.status & cist::LUA == 0 {
            return None;
        }
        let cl = th.stack[ci.func].as_lua_closure()?;
        let pc = ci.pc_index(cl.proto.code_ptr());
        // A saved pc outside the function's code means the frame's function slot was
        // overwritten (finding 8 of papers/differential.md was one way); the
        // frame is then reported without a name or line rather than crash the report.
        if ci.pc < cl.proto.code_ptr() || pc > cl.proto.p.code.len() {
            return None;
        }
        Some((cl.proto.clone(), pc.saturating_sub(1)))
    }

    pub(crate) fn current_line(&self, th: &ThreadState, ci: &CallInfo) -> Option<u32> {
        let (fp, pc) = self.frame_proto(th, ci)?;
        fp.p.lines.get(pc).copied()
    }

    /// `chunk:line: ` for the frame `level` levels below the top (0 = top), if it is Lua.
    pub(crate) fn where_(&self, level: usize) -> Vec<u8> {
        let th = &self.th;
        let n = th.frames.len();
        if level >= n {
            return Vec::new();
        }
        let ci = th.frames[n - 1 - level];
        match (self.frame_proto(th, &ci), self.current_line(th, &ci)) {
            (Some((fp, _)), Some(line)) => {
                let mut w = crate::shared::chunkid::chunkid(&fp.p.source);
                w.extend_from_slice(format!(":{line}: ").as_bytes());
                w
            }
            _ => Vec::new(),
        }
    }

    /// `luaG_runerror`: the message, positioned at the running Lua function if any (a
    /// function without line information, loaded from a stripped chunk, is at line -1).
    pub fn rt_error(&self, msg: &str) -> Exc {
        let th = &self.th;
        let mut m = Vec::new();
        if let Some(ci) = th.frames.last() {
            if let Some((fp, _)) = self.frame_proto(th, ci) {
                m = crate::shared::chunkid::chunkid(&fp.p.source);
                let line = self.current_line(th, ci).map_or(-1, i64::from);
                m.extend_from_slice(format!(":{line}: ").as_bytes());
            }
        }
        m.extend_from_slice(msg.as_bytes());
        Exc::Error(self.str(&m))
    }

    /// `luaL_error`: positioned at the function that called the running native.
    pub fn lib_error(&self, msg: &str) -> Exc {
        self.lib_error_bytes(msg.as_bytes())
    }

    pub fn lib_error_bytes(&self, msg: &[u8]) -> Exc {
        let mut m = self.where_(1);
        m.extend_from_slice(msg);
        Exc::Error(self.str(&m))
    }

    pub(crate) fn rt_error_plain(&self, msg: &str) -> Exc {
        self.lib_error(msg)
    }

    pub(crate) fn limit_error(&mut self) -> Exc {
        self.limit_hit = true;
        // Keep the budget at zero so every later instruction fails too.
        self.instruction_budget = 0;
        self.budget_reserve = 0;
        self.trap_budget = 0;
        // Every later instruction traps (`trap_step`), and fails.
        self.set_trap(true);
        self.rt_error("instruction limit exceeded")
    }

    /// " (local 'x')" and the like, or "" (`varinfo`).
    pub(crate) fn varinfo(&self, o: Origin) -> String {
        let th = &self.th;
        let Some(ci) = th.frames.last() else {
            return String::new();
        };
        let Some((fp, pc)) = self.frame_proto(th, ci) else {
            return String::new();
        };
        let r = match o {
            Origin::Reg(r) => get_obj_name(&fp.p, pc, r),
            Origin::Upval(u) => Some(("upvalue", upval_name(&fp.p, u))),
            _ => None,
        };
        match r {
            // Lua formats names with %s, which stops at an embedded NUL.
            Some((kind, name)) => format!(" ({kind} '{}')", name.split('\0').next().unwrap_or("")),
            None => String::new(),
        }
    }

    /// `luaG_typeerror`: "attempt to OP a TYPE value (kind 'name')".
    pub(crate) fn type_error(&self, v: Value, opname: &str, o: Origin) -> Exc {
        let t = String::from_utf8_lossy(&self.obj_type_name(v)).into_owned();
        let info = self.varinfo(o);
        self.rt_error(&format!("attempt to {opname} a {t} value{info}"))
    }

    pub(crate) fn type_error_key(&self, v: Value, opname: &str, o: Origin, _key: Value) -> Exc {
        self.type_error(v, opname, o)
    }

    /// The error for calling a non-callable value at stack slot `func` (`luaG_callerror`).
    pub(crate) fn call_error(&self, func: usize) -> Exc {
        let th = &self.th;
        let v = th.stack[func];
        let mut extra = String::new();
        // (No caller at all when a host's call is closing its variables after an error.)
        let ci = th.frames.last().copied();
        // As `funcnamefromcall`: a call made for a hook or a finalizer is named by that,
        // whatever the calling frame's code says (a non-callable `__gc` is reported so).
        // With no frame at all, the call is a finalizer's as the state closes.
        let hooked = ci.is_some_and(|c| c.status & cist::HOOKED != 0);
        let fin = ci.map_or(self.in_gc, |c| c.status & cist::FIN != 0);
        if hooked || fin {
            extra = if hooked {
                " (hook '?')".to_string()
            } else {
                format!(" (metamethod '{}')", Tm::Gc.name())
            };
        } else if let Some((fp, pc, ci)) =
            ci.and_then(|ci| self.frame_proto(th, &ci).map(|(f, p)| (f, p, ci)))
        {
            if let Some((kind, name)) = func_name_from_code(&fp.p, pc) {
                extra = format!(" ({kind} '{name}')");
            } else if func >= ci.base {
                if let Some((kind, name)) = get_obj_name(&fp.p, pc, (func - ci.base) as u32) {
                    extra = format!(" ({kind} '{name}')");
                }
            }
        }
        let t = String::from_utf8_lossy(&self.obj_type_name(v)).into_owned();
        self.rt_error(&format!("attempt to call a {t} value{extra}"))
    }

    /// The name of the local variable living in stack slot `idx` of the running frame.
    pub(crate) fn local_name_at(&self, idx: usize) -> Option<String> {
        let th = &self.th;
        let ci = th.frames.last()?;
        let (fp, pc) = self.frame_proto(th, ci)?;
        if idx < ci.base {
            return None;
        }
        fp.p.local_name((idx - ci.base) as u32 + 1, pc as u32)
            .map(str::to_string)
    }

    /// How the frame at index `fi` was called: (namewhat, name), as `getfuncname`.
    pub(crate) fn frame_func_name(
        &self,
        th: &ThreadState,
        fi: usize,
    ) -> Option<(&'static str, String)> {
        let ci = th.frames[fi];
        if ci.status & cist::TAIL != 0 || fi == 0 {
            return None;
        }
        let caller = th.frames[fi - 1];
        if caller.status & cist::HOOKED != 0 {
            return Some(("hook", "?".into()));
        }
        if caller.status & cist::FIN != 0 {
            return Some(("metamethod", Tm::Gc.name().into()));
        }
        let (fp, pc) = self.frame_proto(th, &caller)?;
        func_name_from_code(&fp.p, pc)
    }

    /// The global name of a function value ("print", "string.rep", or "mod" for a module
    /// that is the function), as `pushglobalfuncname` finds it in the loaded libraries.
    pub(crate) fn global_func_name(&self, f: Value) -> Option<String> {
        let loaded = self.loaded_table()?;
        let mut k = Value::NIL;
        // `_G` first, so base functions are named without a prefix.
        let g = Value::from_table(self.globals);
        for (key, val) in self.table_pairs(self.globals) {
            if val == f {
                if let Some(s) = key.as_string() {
                    return Some(String::from_utf8_lossy(s.as_bytes()).into_owned());
                }
            }
        }
        while let Ok(Some((key, lib))) = loaded.next(&self.heap, k) {
            k = key;
            if lib == g {
                continue;
            }
            // A module that is the function itself (`return function ... end`) names it.
            if lib == f {
                if let Some(s) = key.as_string() {
                    return Some(String::from_utf8_lossy(s.as_bytes()).into_owned());
                }
            }
            if let (Some(libname), Some(t)) = (key.as_string(), lib.as_table()) {
                for (fk, fv) in self.table_pairs(t) {
                    if fv == f {
                        if let Some(s) = fk.as_string() {
                            return Some(format!(
                                "{}.{}",
                                String::from_utf8_lossy(libname.as_bytes()),
                                String::from_utf8_lossy(s.as_bytes())
                            ));
                        }
                    }
                }
            }
        }
        None
    }

    pub(crate) fn table_pairs(
        &self,
        t: crate::gc::Gc<crate::vm::table::Table>,
    ) -> Vec<(Value, Value)> {
        let mut out = Vec::new();
        let mut k = Value::NIL;
        while let Ok(Some((key, v))) = t.next(&self.heap, k) {
            out.push((key, v));
            k = key;
        }
        out
    }

    pub(crate) fn loaded_table(&self) -> Option<crate::gc::Gc<crate::vm::table::Table>> {
        self.registry.get(self.str(b"_LOADED")).as_table()
    }

    /// The name and method-ness of the running native, for argument errors.
    pub(crate) fn native_call_name(&self) -> (String, bool) {
        let th = &self.th;
        let fi = th.frames.len() - 1;
        if let Some((kind, name)) = self.frame_func_name(th, fi) {
            return (name, kind == "method");
        }
        let f = th.stack[th.frames[fi].func];
        if let Some(n) = self.global_func_name(f) {
            return (n, false);
        }
        ("?".into(), false)
    }

    /// `luaL_argerror`.
    pub fn arg_error(&self, n: usize, msg: &str) -> Exc {
        let (name, method) = self.native_call_name();
        let mut n = n;
        if method {
            n -= 1;
            if n == 0 {
                return self.lib_error(&format!("calling '{name}' on bad self ({msg})"));
            }
        }
        self.lib_error(&format!("bad argument #{n} to '{name}' ({msg})"))
    }

    /// `luaL_typeerror`.
    pub fn arg_type_error(&self, n: usize, expected: &str) -> Exc {
        let v = self.arg(n);
        let actual = if n > self.nargs() {
            "no value".to_string()
        } else {
            let mt_name = self
                .metatable_of(v)
                .map(|mt| mt.get(self.tm_name(Tm::Name)))
                .and_then(|s| {
                    s.as_string()
                        .map(|s| String::from_utf8_lossy(s.as_bytes()).into_owned())
                });
            match mt_name {
                Some(s) => s,
                None if v.as_light_userdata().is_some() => "light userdata".into(),
                None => v.lua_type().name().into(),
            }
        };
        self.arg_error(n, &format!("{expected} expected, got {actual}"))
    }

    /// `luaL_traceback` of the running thread, from the top frame down.
    /// The running thread's traceback as a host sees it after an uncaught error: below the
    /// Lua frames, the host's own call (`[C]: in ?`, lua.c's `pmain` in lua5.4's).
    pub fn traceback(&self, msg: Option<&[u8]>, level: usize) -> Vec<u8> {
        self.traceback_of(&self.th, msg, level, true)
    }

    pub(crate) fn traceback_of(
        &self,
        th: &ThreadState,
        msg: Option<&[u8]>,
        level: usize,
        host_frame: bool,
    ) -> Vec<u8> {
        self.traceback_levels(th, msg, level as i64, host_frame)
    }
}

impl Value {
    pub fn as_light_userdata(self) -> Option<usize> {
        match self.unpack() {
            crate::vm::value::Unpacked::LightUserData(p) => Some(p),
            _ => None,
        }
    }
}
