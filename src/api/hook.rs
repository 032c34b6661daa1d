//! Debug hooks set from Rust: a Rust closure as the main thread's hook function, on the
//! VM's own hook machinery (the one `debug.sethook` uses).

use crate::api::{callback, Ctx, Lua, RunError};
pub use crate::shared::debug_lib::HookEvent;
use crate::shared::debug_lib::{MASK_CALL, MASK_COUNT, MASK_LINE, MASK_RET};
use crate::vm::value::Value as RawValue;

/// Which events call a hook ([`Lua::set_hook`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HookTriggers {
    /// Each call of a function (events `Call` and `TailCall`).
    pub on_calls: bool,
    /// Each return from a function.
    pub on_returns: bool,
    /// Each new line the interpreter reaches.
    pub every_line: bool,
    /// Every `n` instructions.
    pub every_nth_instruction: Option<u32>,
}

/// What a hook is told: the event, and for line events the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HookInfo {
    /// Why the hook runs.
    pub event: HookEvent,
    /// The new line, for `Line` events (`None` in stripped code and for other events).
    pub line: Option<i64>,
}

impl Lua {
    /// Runs `hook` on the events `triggers` selects, in the main thread and in every
    /// coroutine created while it is set (it is a C hook to lua5.4, which `lua_newthread`
    /// copies to a new thread; coroutines created before it are not hooked). An `Err` from
    /// the hook is raised as an error where the script is, which stops it unless a
    /// `pcall` there catches it. No hook runs inside a hook. Replaces any previous hook,
    /// including one a script set with `debug.sethook`.
    ///
    /// ```
    /// use moonlab::api::{HookEvent, HookTriggers, Lua, LuaState, RunError};
    /// use std::{cell::RefCell, rc::Rc};
    ///
    /// let mut lua = Lua::new();
    /// let lines = Rc::new(RefCell::new(Vec::new()));
    /// let seen = Rc::clone(&lines);
    /// lua.set_hook(HookTriggers { every_line: true, ..Default::default() }, move |_, info| {
    ///     assert_eq!(info.event, HookEvent::Line);
    ///     seen.borrow_mut().push(info.line.unwrap());
    ///     if info.line == Some(3) {
    ///         return Err(RunError::new("stopped at line 3"));
    ///     }
    ///     Ok(())
    /// });
    /// let e = lua.load("local a = 1\nlocal b = 2\nlocal c = 3\n").exec().unwrap_err();
    /// assert_eq!(e.to_string(), "stopped at line 3");
    /// assert_eq!(*lines.borrow(), [1, 2, 3]);
    /// lua.remove_hook();
    /// ```
    pub fn set_hook<F>(&mut self, triggers: HookTriggers, hook: F)
    where
        F: Fn(&mut Ctx<'_>, &HookInfo) -> Result<(), RunError> + 'static,
    {
        let mut mask = 0;
        if triggers.on_calls {
            mask |= MASK_CALL;
        }
        if triggers.on_returns {
            mask |= MASK_RET;
        }
        if triggers.every_line {
            mask |= MASK_LINE;
        }
        let count = triggers.every_nth_instruction.filter(|&n| n > 0);
        if count.is_some() {
            mask |= MASK_COUNT;
        }
        let vm = &mut self.vm;
        let f = callback::create(vm, move |ctx, (event, line): (String, Option<i64>)| {
            let event = match event.as_str() {
                "call" => HookEvent::Call,
                "tail call" => HookEvent::TailCall,
                "return" => HookEvent::Return,
                "line" => HookEvent::Line,
                _ => HookEvent::Count,
            };
            hook(ctx, &HookInfo { event, line })
        });
        let raw = vm.host_refs.get(&f.0);
        let main = vm.main_thread;
        vm.set_hook(main, raw, mask, count.map_or(0, i64::from));
        vm.set_host_hook(raw);
    }

    /// Removes the main thread's hook (coroutines created while it was set keep theirs
    /// until they end, as threads keep a C hook in lua5.4).
    pub fn remove_hook(&mut self) {
        let main = self.vm.main_thread;
        self.vm.set_hook(main, RawValue::NIL, 0, 0);
        self.vm.set_host_hook(RawValue::NIL);
    }
}
