//! The os library (loslib.c; the io library is io.rs). Its rules, messages and
//! the calendar live in `shared::os_lib` and `shared::date_lib`; what is here fetches
//! arguments, reads and writes the date table (with its metamethods, as `lua_getfield`
//! and `lua_setfield` do) and makes the values.

use crate::stdlib::aux::register_lib;
use crate::stdlib::aux::{check_int, check_str, opt_int, opt_str, raise};

use crate::shared::date_lib::{self, Field, Tm, TmFields};
use crate::shared::os_lib::{self, ExecResult, ExitRequest};
use crate::vm::error::LResult;
use crate::vm::state::Vm;
use crate::vm::value::Value;

pub fn open(vm: &mut Vm) {
    register_lib(
        vm,
        "os",
        &[
            ("clock", clock),
            ("date", date),
            ("difftime", difftime),
            ("execute", execute),
            ("exit", exit),
            ("getenv", getenv),
            ("remove", remove),
            ("rename", rename),
            ("setlocale", setlocale),
            ("time", time),
            ("tmpname", tmpname),
        ],
    );
}

fn clock(vm: &mut Vm) -> LResult<usize> {
    vm.ret1(Value::from_float(os_lib::clock()))
}

fn getenv(vm: &mut Vm) -> LResult<usize> {
    let name = check_str(vm, 1)?;
    let v = std::env::var_os(String::from_utf8_lossy(&name).as_ref());
    let r = match v {
        Some(v) => vm.str(v.to_string_lossy().as_bytes()),
        None => Value::NIL,
    };
    vm.ret1(r)
}

fn is_bool(v: Value) -> bool {
    v == Value::TRUE || v == Value::FALSE
}

fn truthy(v: Value) -> bool {
    !(v.is_nil() || v.is_false())
}

/// `luaL_fileresult`: true, or fail with the message and the error number.
fn file_result(vm: &mut Vm, r: Result<(), (Vec<u8>, i64)>) -> LResult<usize> {
    match r {
        Ok(()) => vm.ret1(Value::TRUE),
        Err((msg, errno)) => {
            let m = vm.str_owned(msg);
            let n = vm.heap.int(errno);
            vm.push(Value::NIL)?;
            vm.push(m)?;
            vm.push(n)?;
            Ok(3)
        }
    }
}

fn remove(vm: &mut Vm) -> LResult<usize> {
    let name = check_str(vm, 1)?;
    let r = os_lib::remove(&name);
    file_result(vm, r)
}

fn rename(vm: &mut Vm) -> LResult<usize> {
    let from = check_str(vm, 1)?;
    let to = check_str(vm, 2)?;
    let r = os_lib::rename(&from, &to);
    file_result(vm, r)
}

fn tmpname(vm: &mut Vm) -> LResult<usize> {
    match os_lib::tmpname() {
        Ok(name) => {
            let s = vm.str(name.as_bytes());
            vm.ret1(s)
        }
        Err(e) => Err(raise(vm, e)),
    }
}

fn execute(vm: &mut Vm) -> LResult<usize> {
    let Some(cmd) = opt_str(vm, 1)? else {
        return vm.ret1(Value::from_bool(os_lib::shell_available()));
    };
    // The command's output follows what the program printed so far.
    let _ = vm.out.flush();
    match os_lib::execute(&cmd) {
        ExecResult::Ran {
            success,
            what,
            code,
        } => {
            let first = if success { Value::TRUE } else { Value::NIL };
            let w = vm.str(what.as_bytes());
            let c = vm.heap.int(code);
            vm.push(first)?;
            vm.push(w)?;
            vm.push(c)?;
            Ok(3)
        }
        ExecResult::Failed(msg, errno) => file_result(vm, Err((msg, errno))),
    }
}

fn setlocale(vm: &mut Vm) -> LResult<usize> {
    let locale = opt_str(vm, 1)?;
    let category = opt_str(vm, 2)?;
    match os_lib::setlocale(locale.as_deref(), category.as_deref()) {
        Ok(Some(name)) => {
            let s = vm.str(name.as_bytes());
            vm.ret1(s)
        }
        Ok(None) => vm.ret1(Value::NIL),
        Err(e) => Err(raise(vm, e)),
    }
}

/// `os.exit([code [, close]])`: the run ends here, whatever pcall is around it. The
/// request unwinds to the host as an error nothing catches (the instruction limit's path:
/// no message handler or `__close` runs on the way), and the host
/// (`api::Lua::exit_request`) closes the state if asked and ends the process.
fn exit(vm: &mut Vm) -> LResult<usize> {
    let v = vm.arg(1);
    let code = if is_bool(v) {
        os_lib::exit_status(None, Some(v == Value::TRUE))
    } else {
        os_lib::exit_status(Some(opt_int(vm, 1, 0)?), None)
    };
    let close = truthy(vm.arg(2));
    let _ = vm.out.flush();
    vm.exit_request = Some(ExitRequest { code, close });
    vm.limit_hit = true;
    Err(vm.lib_error("os.exit"))
}

fn difftime(vm: &mut Vm) -> LResult<usize> {
    let t1 = check_int(vm, 1)?;
    let t2 = check_int(vm, 2)?;
    vm.ret1(Value::from_float(t1 as f64 - t2 as f64))
}

fn date(vm: &mut Vm) -> LResult<usize> {
    let format = opt_str(vm, 1)?;
    let format: &[u8] = format.as_deref().unwrap_or(b"%c");
    let t = if vm.arg(2).is_nil() {
        os_lib::time_now()
    } else {
        check_int(vm, 2)?
    };
    let (utc, format) = date_lib::split_utc(format);
    let tm = if utc {
        date_lib::gmtime(t)
    } else {
        date_lib::localtime(t)
    };
    let Some(tm) = tm else {
        return Err(vm.lib_error(date_lib::DATE_UNREPRESENTABLE));
    };
    if date_lib::wants_table(format) {
        let t = Value::from_table(vm.new_table(0, 9));
        set_all_fields(vm, t, &tm)?;
        return vm.ret1(t);
    }
    // A long format is a long library call: charged by its length, and its result (up to
    // some 25 bytes a byte of format) checked against the memory limit.
    vm.charge(format.len() as u64)?;
    let mut out = Vec::new();
    if let Err(e) = date_lib::strftime(format, &tm, &mut out) {
        return Err(raise(vm, e));
    }
    vm.reserve(out.len())?;
    let s = vm.str_owned(out);
    vm.ret1(s)
}

/// loslib.c's `setallfields`, through `lua_setfield` (so `__newindex` sees them).
fn set_all_fields(vm: &mut Vm, t: Value, tm: &Tm) -> LResult<()> {
    let fields: [(&str, i64); 8] = [
        ("year", tm.year),
        ("month", i64::from(tm.month)),
        ("day", i64::from(tm.day)),
        ("hour", i64::from(tm.hour)),
        ("min", i64::from(tm.min)),
        ("sec", i64::from(tm.sec)),
        ("yday", i64::from(tm.yday) + 1),
        ("wday", i64::from(tm.wday) + 1),
    ];
    for (k, v) in fields {
        let k = vm.str(k.as_bytes());
        let v = vm.heap.int(v);
        vm.set_index(t, k, v)?;
    }
    let k = vm.str(b"isdst");
    vm.set_index(t, k, Value::from_bool(tm.isdst))
}

/// loslib.c's `getfield`: `t[key]` (with `__index`) as an integer, checked.
fn get_field(vm: &mut Vm, t: Value, key: &str, default: Option<i32>, delta: i32) -> LResult<i32> {
    let k = vm.str(key.as_bytes());
    let v = vm.index(t, k)?;
    let f = match vm.to_integer(v) {
        Some(i) => Field::Int(i),
        None if v.is_nil() => Field::Absent,
        None => Field::NotInt,
    };
    date_lib::date_field(key, f, default, delta).map_err(|e| raise(vm, e))
}

fn time(vm: &mut Vm) -> LResult<usize> {
    let t = vm.arg(1);
    if t.is_nil() {
        let v = vm.heap.int(os_lib::time_now());
        return vm.ret1(v);
    }
    if t.as_table().is_none() {
        return Err(vm.arg_type_error(1, "table"));
    }
    let year = get_field(vm, t, "year", None, 1900)?;
    let month = get_field(vm, t, "month", None, 1)?;
    let day = get_field(vm, t, "day", None, 0)?;
    let hour = get_field(vm, t, "hour", Some(12), 0)?;
    let min = get_field(vm, t, "min", Some(0), 0)?;
    let sec = get_field(vm, t, "sec", Some(0), 0)?;
    let k = vm.str(b"isdst");
    let d = vm.index(t, k)?;
    let isdst = (!d.is_nil()).then(|| truthy(d));
    let fields = TmFields {
        year,
        month,
        day,
        hour,
        min,
        sec,
        isdst,
    };
    match date_lib::mktime(&fields) {
        Some((secs, tm)) => {
            set_all_fields(vm, t, &tm)?;
            if secs == -1 {
                return Err(vm.lib_error(date_lib::TIME_UNREPRESENTABLE));
            }
            let v = vm.heap.int(secs);
            vm.ret1(v)
        }
        None => Err(vm.lib_error(date_lib::TIME_UNREPRESENTABLE)),
    }
}
