//! The os library (loslib.c; the io library is io.rs). The rules, messages
//! and the calendar are `moonlab::shared::os_lib` and `date_lib`; this binding fetches
//! arguments, reads and writes the date table through `__index`/`__newindex` (as
//! `lua_getfield`/`lua_setfield`) and makes the values.

use gc_arena::Mutation;

use moonlab::shared::arith::float_to_int;
use moonlab::shared::date_lib::{self, Field, Tm, TmFields};
use moonlab::shared::number::Number;
use moonlab::shared::os_lib::{self, ExecResult, ExitRequest};

use crate::machine::{Args, Ctx, Flow, LuaError, Root};
use crate::meta::to_number;
use crate::stdlib::aux::{new_table, register, set_global, NResult};
use crate::value::*;

pub fn open<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>) {
    let os = new_table(mc);
    register(
        mc,
        os,
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
    set_global(mc, root, "os", Value::Table(os));
}

type R<'gc, T> = Result<T, LuaError<'gc>>;

fn ret<'gc>(v: Vec<Value<'gc>>) -> NResult<'gc> {
    Ok(Flow::Return(v))
}

fn clock<'gc>(_ctx: &mut Ctx<'gc, '_>, _args: Args<'gc>) -> NResult<'gc> {
    ret(vec![Value::Num(os_lib::clock())])
}

fn getenv<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let name = ctx.check_str(&args, 1)?;
    let v = std::env::var_os(String::from_utf8_lossy(&name).as_ref());
    ret(vec![match v {
        Some(v) => Value::str(ctx.mc, v.to_string_lossy().as_bytes()),
        None => Value::Nil,
    }])
}

/// `luaL_fileresult`: true, or fail with the message and the error number.
fn file_result<'gc>(ctx: &Ctx<'gc, '_>, r: Result<(), (Vec<u8>, i64)>) -> NResult<'gc> {
    match r {
        Ok(()) => ret(vec![Value::Bool(true)]),
        Err((msg, errno)) => ret(vec![
            Value::Nil,
            Value::str(ctx.mc, &msg),
            Value::Int(errno),
        ]),
    }
}

fn remove<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let name = ctx.check_str(&args, 1)?;
    file_result(ctx, os_lib::remove(&name))
}

fn rename<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let from = ctx.check_str(&args, 1)?;
    let to = ctx.check_str(&args, 2)?;
    file_result(ctx, os_lib::rename(&from, &to))
}

fn tmpname<'gc>(ctx: &mut Ctx<'gc, '_>, _args: Args<'gc>) -> NResult<'gc> {
    match os_lib::tmpname() {
        Ok(name) => ret(vec![Value::str(ctx.mc, name.as_bytes())]),
        Err(e) => Err(ctx.raise(e)),
    }
}

fn execute<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let Some(cmd) = ctx.opt_str(&args, 1)? else {
        return ret(vec![Value::Bool(os_lib::shell_available())]);
    };
    // The command's output follows what the program printed so far.
    let _ = ctx.out.flush();
    match os_lib::execute(&cmd) {
        ExecResult::Ran {
            success,
            what,
            code,
        } => ret(vec![
            if success {
                Value::Bool(true)
            } else {
                Value::Nil
            },
            Value::str(ctx.mc, what.as_bytes()),
            Value::Int(code),
        ]),
        ExecResult::Failed(msg, errno) => file_result(ctx, Err((msg, errno))),
    }
}

fn setlocale<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let locale = ctx.opt_str(&args, 1)?;
    let category = ctx.opt_str(&args, 2)?;
    match os_lib::setlocale(locale.as_deref(), category.as_deref()) {
        Ok(Some(name)) => ret(vec![Value::str(ctx.mc, name.as_bytes())]),
        Ok(None) => ret(vec![Value::Nil]),
        Err(e) => Err(ctx.raise(e)),
    }
}

/// `os.exit([code [, close]])`: the run ends here. The request is kept in the budget, and
/// the error raised with it ends the run at the next step whatever catches it (the
/// instruction limit's path); the host (`Lua::exit_request`) closes the state if asked and
/// ends the process.
fn exit<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let code = match args.first() {
        Some(Value::Bool(b)) => os_lib::exit_status(None, Some(*b)),
        _ => os_lib::exit_status(Some(ctx.opt_int(&args, 1, 0)?), None),
    };
    let close = args.get(1).is_some_and(|v| v.truthy());
    let _ = ctx.out.flush();
    ctx.budget.exit = Some(ExitRequest { code, close });
    ctx.budget.exiting = true;
    Err(ctx.plain_error("os.exit"))
}

fn difftime<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let t1 = ctx.check_int(&args, 1)?;
    let t2 = ctx.check_int(&args, 2)?;
    ret(vec![Value::Num(t1 as f64 - t2 as f64)])
}

fn date<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let format = ctx.opt_str(&args, 1)?;
    let format: &[u8] = format.as_deref().unwrap_or(b"%c");
    let t = match ctx.opt_int_arg(&args, 2)? {
        Some(t) => t,
        None => os_lib::time_now(),
    };
    let (utc, format) = date_lib::split_utc(format);
    let tm = if utc {
        date_lib::gmtime(t)
    } else {
        date_lib::localtime(t)
    };
    let Some(tm) = tm else {
        return Err(ctx.lib_error(date_lib::DATE_UNREPRESENTABLE));
    };
    if date_lib::wants_table(format) {
        let t = Value::Table(new_table(ctx.mc));
        set_all_fields(ctx, t, &tm)?;
        return ret(vec![t]);
    }
    // A long format is a long library call: charged by its length, and its result
    // checked against the memory limit.
    ctx.charge(format.len() as u64)?;
    let mut out = Vec::new();
    date_lib::strftime(format, &tm, &mut out).map_err(|e| ctx.raise(e))?;
    ret(vec![ctx.new_string(out)?])
}

/// loslib.c's `setallfields`, through `__newindex` as `lua_setfield`.
fn set_all_fields<'gc>(ctx: &mut Ctx<'gc, '_>, t: Value<'gc>, tm: &Tm) -> R<'gc, ()> {
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
        let k = Value::str(ctx.mc, k.as_bytes());
        ctx.set_sync(t, k, Value::Int(v))?;
    }
    let k = Value::str(ctx.mc, b"isdst");
    ctx.set_sync(t, k, Value::Bool(tm.isdst))
}

/// loslib.c's `getfield`: `t[key]` through `__index`, as an integer, checked.
fn get_field<'gc>(
    ctx: &mut Ctx<'gc, '_>,
    t: Value<'gc>,
    key: &str,
    default: Option<i32>,
    delta: i32,
) -> R<'gc, i32> {
    let k = Value::str(ctx.mc, key.as_bytes());
    let v = ctx.index_sync(t, k)?;
    let f = match (v, to_number(v)) {
        (_, Some(Number::Int(i))) => Field::Int(i),
        (_, Some(Number::Float(x))) => float_to_int(x).map_or(Field::NotInt, Field::Int),
        (Value::Nil, None) => Field::Absent,
        _ => Field::NotInt,
    };
    date_lib::date_field(key, f, default, delta).map_err(|e| ctx.raise(e))
}

fn time<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let t = match args.first() {
        None | Some(Value::Nil) => return ret(vec![Value::Int(os_lib::time_now())]),
        Some(t @ Value::Table(_)) => *t,
        Some(_) => return Err(ctx.arg_type_error(&args, 1, "table")),
    };
    let year = get_field(ctx, t, "year", None, 1900)?;
    let month = get_field(ctx, t, "month", None, 1)?;
    let day = get_field(ctx, t, "day", None, 0)?;
    let hour = get_field(ctx, t, "hour", Some(12), 0)?;
    let min = get_field(ctx, t, "min", Some(0), 0)?;
    let sec = get_field(ctx, t, "sec", Some(0), 0)?;
    let k = Value::str(ctx.mc, b"isdst");
    let d = ctx.index_sync(t, k)?;
    let isdst = (!matches!(d, Value::Nil)).then(|| d.truthy());
    let fields = TmFields {
        year,
        month,
        day,
        hour,
        min,
        sec,
        isdst,
    };
    let Some((secs, tm)) = date_lib::mktime(&fields) else {
        return Err(ctx.lib_error(date_lib::TIME_UNREPRESENTABLE));
    };
    set_all_fields(ctx, t, &tm)?;
    if secs == -1 {
        return Err(ctx.lib_error(date_lib::TIME_UNREPRESENTABLE));
    }
    ret(vec![Value::Int(secs)])
}
