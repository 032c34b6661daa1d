//! Coroutines driven from Rust: a [`Thread`] made from a function, resumed with
//! arguments, handing back what it yields or returns.

use crate::api::{
    error_message, FromLuaMulti, Function, IntoLuaMulti, LuaState, RunError, Thread, Token, Value,
};
use crate::vm::coroutine::ResumeResult;
use crate::vm::thread::CoStatus;
use crate::vm::value::Value as RawValue;

/// Where a coroutine is in its life (`coroutine.status`, with a dead coroutine's way of
/// ending told apart).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThreadStatus {
    /// Not started, or suspended in a yield ("suspended"): it can be resumed.
    Resumable,
    /// The running coroutine ("running").
    Running,
    /// It resumed another coroutine and waits for it ("normal").
    Normal,
    /// Its function returned ("dead").
    Dead,
    /// It died with an error ("dead" too, for `coroutine.status`).
    Error,
}

impl Thread {
    fn raw(&self, lua: &mut (impl LuaState + ?Sized)) -> crate::gc::Gc<crate::vm::thread::Thread> {
        let vm = lua.vm(Token(()));
        vm.host_refs
            .get(&self.0)
            .as_thread()
            .expect("a thread handle holds a thread")
    }

    /// Resumes the coroutine with `args` (the function's arguments the first time, the
    /// results of its `coroutine.yield` after that) and converts what it yields or
    /// returns. An error inside it comes back as `Err` (the coroutine is then dead);
    /// resuming a dead one is lua5.4's "cannot resume dead coroutine".
    ///
    /// ```
    /// use moonlab::api::{Lua, LuaState, Function, ThreadStatus};
    ///
    /// let mut lua = Lua::new();
    /// let f: Function = lua
    ///     .load("return function(a) local b = coroutine.yield(a + 1) return b * 2 end")
    ///     .eval()
    ///     .unwrap();
    /// let co = lua.create_thread(f);
    /// assert_eq!(co.resume::<_, i64>(&mut lua, 1).unwrap(), 2);
    /// assert_eq!(co.status(&mut lua), ThreadStatus::Resumable);
    /// assert_eq!(co.resume::<_, i64>(&mut lua, 21).unwrap(), 42);
    /// assert_eq!(co.status(&mut lua), ThreadStatus::Dead);
    /// let e = co.resume::<_, ()>(&mut lua, ()).unwrap_err();
    /// assert_eq!(e.to_string(), "cannot resume dead coroutine");
    /// ```
    pub fn resume<A, R>(&self, lua: &mut (impl LuaState + ?Sized), args: A) -> Result<R, RunError>
    where
        A: IntoLuaMulti,
        R: FromLuaMulti,
    {
        let args = args.into_lua_multi(lua)?;
        let co = self.raw(lua);
        lua.begin_host_run(Token(()));
        let vm = lua.vm(Token(()));
        // (`args` keeps the values alive; the results, copied off the coroutine's stack,
        // become handles before anything can collect.)
        let raw: Vec<RawValue> = args.iter().map(|a| a.to_raw(vm)).collect();
        let r = vm.resume(co, &raw);
        let at_host = vm.th.frames.is_empty();
        let out = match r {
            Ok(ResumeResult::Yield(vals)) | Ok(ResumeResult::Return(vals)) => {
                Ok(vals.into_iter().map(|v| Value::from_raw(vm, v)).collect())
            }
            Ok(ResumeResult::Error(e)) => {
                let message = error_message(vm, e).0;
                Err(crate::api::RunError::caught(vm, e, message, None))
            }
            Err(msg) => Err(RunError::new(msg)),
        };
        if at_host {
            // The instruction limit ended the coroutine: the next run starts afresh.
            vm.limit_hit = false;
        }
        let _ = vm.out.flush();
        R::from_lua_multi(out?, lua).map_err(RunError::not_an_argument)
    }

    /// Where the coroutine is in its life.
    pub fn status(&self, lua: &mut (impl LuaState + ?Sized)) -> ThreadStatus {
        let co = self.raw(lua);
        let vm = lua.vm(Token(()));
        match vm.thread_status(co) {
            CoStatus::Suspended => ThreadStatus::Resumable,
            CoStatus::Running => ThreadStatus::Running,
            CoStatus::Normal => ThreadStatus::Normal,
            CoStatus::Dead if co.error.get().is_some() => ThreadStatus::Error,
            CoStatus::Dead => ThreadStatus::Dead,
        }
    }
}

/// A new coroutine that runs `f` when first resumed (`coroutine.create`).
pub(crate) fn create(lua: &mut (impl LuaState + ?Sized), f: &Function) -> Thread {
    let vm = lua.vm(Token(()));
    let fv = vm.host_refs.get(&f.0);
    let co = vm.new_thread(fv);
    Thread(vm.host_refs.hold(RawValue::from_thread(co)))
}
