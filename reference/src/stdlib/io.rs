//! The io library (§6.8) on the reference interpreter. A file handle is a userdata whose
//! `host` holds a `moonlab::shared::io_lib::LuaFile` (streams, formats and messages are
//! shared with the VM); its metatable is named `FILE*`, and its `__gc` runs as the
//! finalizer of a userdata (`gc::register_userdata`). Unlike the VM, which keeps the
//! default files in the registry as liolib does, every `io.*` function here closes over
//! one state table (`input`, `output`, and the metatable), made per Lua state at `open`.

use std::io::Write;

use gc_arena::lock::{Lock, RefLock};
use gc_arena::{Gc, Mutation};

use moonlab::shared::io_lib::{
    self, CloseResult, FileError, Format, LuaFile, ReadItem, MAX_LINES_FORMATS, MAX_READ_COUNT,
};
use moonlab::shared::number::Number;

use crate::machine::{Args, Ctx, Flow, LuaError, Root};
use crate::stdlib::aux::{new_table, register, set_global, NResult};
use crate::value::*;

const STATE_INPUT: &[u8] = b"input";
const STATE_OUTPUT: &[u8] = b"output";
const STATE_META: &[u8] = b"FILE*";

type IoResult<'gc, T> = Result<T, LuaError<'gc>>;

fn closure<'gc>(
    mc: &Mutation<'gc>,
    name: &'static str,
    f: NativeFn,
    upvalues: Vec<Value<'gc>>,
) -> Value<'gc> {
    Value::Func(Function::Native(Gc::new(
        mc,
        NativeClosure { name, f, upvalues },
    )))
}

fn set_field<'gc>(mc: &Mutation<'gc>, t: Table<'gc>, k: &[u8], v: Value<'gc>) {
    t.borrow_mut(mc)
        .set(Value::str(mc, k), v)
        .expect("string keys");
}

pub fn open<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>) {
    let state = new_table(mc);
    let io = new_table(mc);
    let fns: [(&'static str, NativeFn); 11] = [
        ("close", io_close),
        ("flush", io_flush),
        ("input", io_input),
        ("lines", io_lines),
        ("open", io_open),
        ("output", io_output),
        ("popen", io_popen),
        ("read", io_read),
        ("tmpfile", io_tmpfile),
        ("type", io_type),
        ("write", io_write),
    ];
    for (name, f) in fns {
        set_field(
            mc,
            io,
            name.as_bytes(),
            closure(mc, name, f, vec![Value::Table(state)]),
        );
    }
    let methods = new_table(mc);
    register(
        mc,
        methods,
        &[
            ("read", f_read),
            ("write", f_write),
            ("lines", f_lines),
            ("flush", f_flush),
            ("seek", f_seek),
            ("close", f_close),
            ("setvbuf", f_setvbuf),
        ],
    );
    let mt = new_table(mc);
    set_field(mc, mt, b"__name", Value::str(mc, STATE_META));
    set_field(mc, mt, b"__index", Value::Table(methods));
    register(
        mc,
        mt,
        &[
            ("__gc", f_gc),
            ("__close", f_gc),
            ("__tostring", f_tostring),
        ],
    );
    set_field(mc, state, STATE_META, Value::Table(mt));
    let stdin = make_file(mc, root, mt, LuaFile::stdin());
    let stdout = make_file(mc, root, mt, LuaFile::stdout());
    let stderr = make_file(mc, root, mt, LuaFile::stderr());
    set_field(mc, state, STATE_INPUT, stdin);
    set_field(mc, state, STATE_OUTPUT, stdout);
    set_field(mc, io, b"stdin", stdin);
    set_field(mc, io, b"stdout", stdout);
    set_field(mc, io, b"stderr", stderr);
    set_global(mc, root, "io", Value::Table(io));
}

/// A handle, registered for its finalizer (`__gc` closes a file the program dropped).
fn make_file<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>, mt: Table<'gc>, f: LuaFile) -> Value<'gc> {
    let u = Gc::new(
        mc,
        UserDataObj {
            metatable: Lock::new(Some(mt)),
            tag: "FILE*",
            payload: RefLock::new(Vec::new()),
            host: std::cell::RefCell::new(Some(Box::new(f))),
        },
    );
    crate::gc::register_userdata(mc, root, u);
    Value::UserData(u)
}

/// The state table the running `io.*` function closes over.
fn state<'gc>(ctx: &Ctx<'gc, '_>) -> Table<'gc> {
    match ctx.th.frames.last().and_then(|f| f.func) {
        Some(Function::Native(me)) => match me.upvalues.first() {
            Some(Value::Table(t)) => *t,
            _ => unreachable!("io functions hold the io state"),
        },
        _ => unreachable!("running a native"),
    }
}

fn state_get<'gc>(ctx: &Ctx<'gc, '_>, k: &[u8]) -> Value<'gc> {
    state(ctx).borrow().get_str(k)
}

fn new_file<'gc>(ctx: &Ctx<'gc, '_>, f: LuaFile) -> Value<'gc> {
    let Value::Table(mt) = state_get(ctx, STATE_META) else {
        unreachable!("the io state holds the metatable")
    };
    make_file(ctx.mc, ctx.root, mt, f)
}

fn as_file(v: Value<'_>) -> Option<UserData<'_>> {
    match v {
        Value::UserData(u) if u.host.borrow().as_ref().is_some_and(|h| h.is::<LuaFile>()) => {
            Some(u)
        }
        _ => None,
    }
}

fn with<R>(
    ctx: &mut Ctx<'_, '_>,
    u: UserData<'_>,
    f: impl FnOnce(&mut LuaFile, &mut dyn Write) -> R,
) -> R {
    let mut host = u.host.borrow_mut();
    let file = host
        .as_mut()
        .and_then(|h| h.downcast_mut::<LuaFile>())
        .expect("a file handle");
    f(file, &mut *ctx.out)
}

fn closed(u: UserData<'_>) -> bool {
    u.host
        .borrow()
        .as_ref()
        .and_then(|h| h.downcast_ref::<LuaFile>())
        .is_some_and(LuaFile::is_closed)
}

fn arg<'gc>(args: &Args<'gc>, n: usize) -> Value<'gc> {
    args.get(n - 1).copied().unwrap_or(Value::Nil)
}

fn to_stream<'gc>(ctx: &Ctx<'gc, '_>, args: &Args<'gc>, n: usize) -> IoResult<'gc, UserData<'gc>> {
    as_file(arg(args, n)).ok_or_else(|| ctx.arg_type_error(args, n, "FILE*"))
}

fn to_file<'gc>(ctx: &Ctx<'gc, '_>, args: &Args<'gc>, n: usize) -> IoResult<'gc, UserData<'gc>> {
    let u = to_stream(ctx, args, n)?;
    if closed(u) {
        return Err(ctx.lib_error("attempt to use a closed file"));
    }
    Ok(u)
}

fn failure<'gc>(ctx: &Ctx<'gc, '_>, e: &FileError) -> Vec<Value<'gc>> {
    vec![
        Value::Nil,
        Value::str(ctx.mc, e.message.as_bytes()),
        Value::Int(e.errno),
    ]
}

fn file_result<'gc>(ctx: &Ctx<'gc, '_>, r: std::io::Result<()>) -> NResult<'gc> {
    Ok(Flow::Return(match r {
        Ok(()) => vec![Value::Bool(true)],
        Err(e) => failure(ctx, &FileError::new(&e, None)),
    }))
}

fn aux_close<'gc>(ctx: &mut Ctx<'gc, '_>, u: UserData<'gc>) -> Vec<Value<'gc>> {
    match with(ctx, u, |f, out| f.close(out)) {
        CloseResult::Closed => vec![Value::Bool(true)],
        CloseResult::Failed(e) => failure(ctx, &e),
        CloseResult::Standard => vec![
            Value::Nil,
            Value::str(ctx.mc, io_lib::CANNOT_CLOSE_STANDARD.as_bytes()),
        ],
        CloseResult::Exec { ok, what, code } => vec![
            if ok { Value::Bool(true) } else { Value::Nil },
            Value::str(ctx.mc, what.as_bytes()),
            Value::Int(code),
        ],
    }
}

fn f_close<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let u = to_file(ctx, &args, 1)?;
    Ok(Flow::Return(aux_close(ctx, u)))
}

fn io_close<'gc>(ctx: &mut Ctx<'gc, '_>, mut args: Args<'gc>) -> NResult<'gc> {
    if args.is_empty() {
        args.push(state_get(ctx, STATE_OUTPUT));
    }
    f_close(ctx, args)
}

fn f_gc<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let u = to_stream(ctx, &args, 1)?;
    if !closed(u) {
        aux_close(ctx, u);
    }
    Ok(Flow::Return(Vec::new()))
}

fn f_tostring<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let u = to_stream(ctx, &args, 1)?;
    let text = with(ctx, u, |f, _| {
        if f.is_closed() {
            "file (closed)".to_string()
        } else {
            format!("file (0x{:x})", f.address())
        }
    });
    Ok(Flow::Return(vec![Value::str(ctx.mc, text.as_bytes())]))
}

fn io_type<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let v = ctx.check_any(&args, 1)?;
    let r = match as_file(v) {
        None => Value::Nil,
        Some(u) if closed(u) => Value::str(ctx.mc, b"closed file"),
        Some(_) => Value::str(ctx.mc, b"file"),
    };
    Ok(Flow::Return(vec![r]))
}

fn mode_arg<'gc>(ctx: &Ctx<'gc, '_>, args: &Args<'gc>) -> IoResult<'gc, Vec<u8>> {
    Ok(ctx
        .opt_str(args, 2)?
        .map_or_else(|| b"r".to_vec(), |m| m.to_vec()))
}

fn opened<'gc>(
    ctx: &Ctx<'gc, '_>,
    r: std::io::Result<LuaFile>,
    name: Option<&[u8]>,
) -> NResult<'gc> {
    Ok(Flow::Return(match r {
        Ok(f) => vec![new_file(ctx, f)],
        Err(e) => failure(ctx, &FileError::new(&e, name)),
    }))
}

fn io_open<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let name = ctx.check_str(&args, 1)?.to_vec();
    let mode = mode_arg(ctx, &args)?;
    if !io_lib::check_mode(&mode) {
        return Err(ctx.arg_error(2, "invalid mode"));
    }
    opened(ctx, LuaFile::open(&name, &mode), Some(&name))
}

fn io_popen<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let cmd = ctx.check_str(&args, 1)?.to_vec();
    let mode = mode_arg(ctx, &args)?;
    if !io_lib::check_popen_mode(&mode) {
        return Err(ctx.arg_error(2, "invalid mode"));
    }
    let _ = ctx.out.flush();
    opened(ctx, LuaFile::popen(&cmd, &mode), Some(&cmd))
}

fn io_tmpfile<'gc>(ctx: &mut Ctx<'gc, '_>, _args: Args<'gc>) -> NResult<'gc> {
    opened(ctx, LuaFile::tmpfile(), None)
}

fn open_check<'gc>(ctx: &Ctx<'gc, '_>, name: &[u8], mode: &[u8]) -> IoResult<'gc, Value<'gc>> {
    match LuaFile::open(name, mode) {
        Ok(f) => Ok(new_file(ctx, f)),
        Err(e) => Err(ctx.lib_error(format!(
            "cannot open file '{}' ({})",
            String::from_utf8_lossy(name),
            moonlab::shared::os_lib::io_error_text(&e)
        ))),
    }
}

/// The default input or output, which must be open.
fn io_file<'gc>(ctx: &Ctx<'gc, '_>, key: &[u8]) -> IoResult<'gc, UserData<'gc>> {
    let u = as_file(state_get(ctx, key)).expect("default files are handles");
    if closed(u) {
        let which = String::from_utf8_lossy(key);
        return Err(ctx.lib_error(format!("default {which} file is closed")));
    }
    Ok(u)
}

fn g_iofile<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>, key: &[u8], mode: &[u8]) -> NResult<'gc> {
    match arg(&args, 1) {
        Value::Nil => {}
        Value::Str(_) | Value::Int(_) | Value::Num(_) => {
            let name = ctx.check_str(&args, 1)?.to_vec();
            let f = open_check(ctx, &name, mode)?;
            set_field(ctx.mc, state(ctx), key, f);
        }
        a => {
            to_file(ctx, &args, 1)?;
            set_field(ctx.mc, state(ctx), key, a);
        }
    }
    Ok(Flow::Return(vec![state_get(ctx, key)]))
}

fn io_input<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    g_iofile(ctx, args, STATE_INPUT, b"r")
}

fn io_output<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    g_iofile(ctx, args, STATE_OUTPUT, b"w")
}

fn lines_iterator<'gc>(
    ctx: &Ctx<'gc, '_>,
    file: Value<'gc>,
    args: &Args<'gc>,
    to_close: bool,
) -> IoResult<'gc, Value<'gc>> {
    let formats = args.get(1..).unwrap_or(&[]);
    if formats.len() > MAX_LINES_FORMATS {
        return Err(ctx.arg_error(MAX_LINES_FORMATS + 2, "too many arguments"));
    }
    let mut ups = vec![
        file,
        Value::Int(formats.len() as i64),
        Value::Bool(to_close),
    ];
    ups.extend_from_slice(formats);
    Ok(closure(ctx.mc, "lines", io_readline, ups))
}

fn f_lines<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    to_file(ctx, &args, 1)?;
    let it = lines_iterator(ctx, args[0], &args, false)?;
    Ok(Flow::Return(vec![it]))
}

fn io_lines<'gc>(ctx: &mut Ctx<'gc, '_>, mut args: Args<'gc>) -> NResult<'gc> {
    if args.is_empty() {
        args.push(Value::Nil);
    }
    if let Value::Nil = args[0] {
        args[0] = state_get(ctx, STATE_INPUT);
        to_file(ctx, &args, 1)?;
        let it = lines_iterator(ctx, args[0], &args, false)?;
        return Ok(Flow::Return(vec![it]));
    }
    let name = ctx.check_str(&args, 1)?.to_vec();
    let file = open_check(ctx, &name, b"r")?;
    args[0] = file;
    let it = lines_iterator(ctx, file, &args, true)?;
    Ok(Flow::Return(vec![it, Value::Nil, Value::Nil, file]))
}

/// `g_read`: `args[0]` is the handle or anything, the formats are `args[first-1..]` (so
/// that argument errors name their positions).
fn g_read<'gc>(
    ctx: &mut Ctx<'gc, '_>,
    u: UserData<'gc>,
    args: &Args<'gc>,
    first: usize,
) -> IoResult<'gc, Vec<Value<'gc>>> {
    with(ctx, u, |f, _| f.clear_error());
    let mut results = Vec::new();
    if args.len() < first {
        results.push(read_one(ctx, u, Format::Line)?);
    } else {
        for n in first..=args.len() {
            let format = match args[n - 1] {
                Value::Int(_) | Value::Num(_) => {
                    let l = ctx.check_int(args, n)?;
                    if l as u64 > MAX_READ_COUNT {
                        return Err(ctx.memory_error(false));
                    }
                    Format::Count(l as u64)
                }
                _ => {
                    let s = ctx.check_str(args, n)?;
                    io_lib::parse_format(&s).ok_or_else(|| ctx.arg_error(n, "invalid format"))?
                }
            };
            let v = read_one(ctx, u, format)?;
            results.push(v);
            if let Value::Nil = v {
                break;
            }
        }
    }
    if let Some(e) = with(ctx, u, |f, _| f.take_error()) {
        return Ok(failure(ctx, &FileError::new(&e, None)));
    }
    Ok(results)
}

fn read_one<'gc>(
    ctx: &mut Ctx<'gc, '_>,
    u: UserData<'gc>,
    format: Format,
) -> IoResult<'gc, Value<'gc>> {
    let meter = &ctx.root.meter;
    let room = meter
        .limit()
        .map_or(usize::MAX, |l| l.saturating_sub(meter.total()));
    let item = with(ctx, u, |f, out| f.read(format, room, out));
    let Ok(item) = item else {
        return Err(ctx.memory_error(false));
    };
    Ok(match item {
        ReadItem::Str(s) => {
            ctx.charge(s.len() as u64 / 16)?;
            ctx.new_string(s)?
        }
        ReadItem::Num(Number::Int(i)) => Value::Int(i),
        ReadItem::Num(Number::Float(x)) => Value::Num(x),
        ReadItem::Fail => Value::Nil,
    })
}

fn io_read<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let u = io_file(ctx, STATE_INPUT)?;
    Ok(Flow::Return(g_read(ctx, u, &args, 1)?))
}

fn f_read<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let u = to_file(ctx, &args, 1)?;
    Ok(Flow::Return(g_read(ctx, u, &args, 2)?))
}

/// The `lines` iterator: upvalues file, count, close-at-end, then the formats.
fn io_readline<'gc>(ctx: &mut Ctx<'gc, '_>, _args: Args<'gc>) -> NResult<'gc> {
    let ups = match ctx.th.frames.last().and_then(|f| f.func) {
        Some(Function::Native(me)) => me.upvalues.clone(),
        _ => unreachable!("running a native"),
    };
    let u = as_file(ups[0]).expect("lines iterators hold a handle");
    if closed(u) {
        return Err(ctx.lib_error("file is already closed"));
    }
    // As liolib does: the handle, then the formats as arguments 2...
    let mut args = vec![ups[0]];
    args.extend_from_slice(&ups[3..]);
    let results = g_read(ctx, u, &args, 2)?;
    if !matches!(
        results.first(),
        None | Some(Value::Nil | Value::Bool(false))
    ) {
        return Ok(Flow::Return(results));
    }
    if results.len() > 1 {
        let msg = match results[1] {
            Value::Str(s) => s.bytes.to_vec(),
            _ => Vec::new(),
        };
        return Err(ctx.lib_error(msg));
    }
    if let Value::Bool(true) = ups[2] {
        aux_close(ctx, u);
    }
    Ok(Flow::Return(Vec::new()))
}

fn g_write<'gc>(
    ctx: &mut Ctx<'gc, '_>,
    u: UserData<'gc>,
    args: &Args<'gc>,
    first: usize,
    file: Value<'gc>,
) -> NResult<'gc> {
    let mut status: std::io::Result<()> = Ok(());
    for n in first..=args.len() {
        let r = match args[n - 1] {
            Value::Int(i) => with(ctx, u, |f, out| f.write_number(Number::Int(i), out)),
            Value::Num(x) => with(ctx, u, |f, out| f.write_number(Number::Float(x), out)),
            _ => {
                let s = ctx.check_str(args, n)?;
                ctx.charge(s.len() as u64 / 16)?;
                with(ctx, u, |f, out| f.write(&s, out))
            }
        };
        if status.is_ok() {
            status = r;
        }
    }
    Ok(Flow::Return(match status {
        Ok(()) => vec![file],
        Err(e) => failure(ctx, &FileError::new(&e, None)),
    }))
}

fn io_write<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let u = io_file(ctx, STATE_OUTPUT)?;
    g_write(ctx, u, &args, 1, Value::UserData(u))
}

fn f_write<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let u = to_file(ctx, &args, 1)?;
    g_write(ctx, u, &args, 2, args[0])
}

/// `luaL_checkoption`.
fn check_option<'gc>(
    ctx: &Ctx<'gc, '_>,
    args: &Args<'gc>,
    n: usize,
    default: Option<&str>,
    options: &[&str],
) -> IoResult<'gc, usize> {
    let name = match (arg(args, n), default) {
        (Value::Nil, Some(d)) => d.as_bytes().to_vec(),
        _ => ctx.check_str(args, n)?.to_vec(),
    };
    options
        .iter()
        .position(|o| o.as_bytes() == &name[..])
        .ok_or_else(|| {
            ctx.arg_error(
                n,
                &format!("invalid option '{}'", String::from_utf8_lossy(&name)),
            )
        })
}

fn f_seek<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let u = to_file(ctx, &args, 1)?;
    let op = check_option(ctx, &args, 2, Some("cur"), &io_lib::SEEK_OPTIONS)?;
    let offset = ctx.opt_int(&args, 3, 0)?;
    Ok(Flow::Return(
        match with(ctx, u, |f, out| {
            f.seek(io_lib::SEEK_WHENCE[op], offset, out)
        }) {
            Ok(pos) => vec![Value::Int(pos as i64)],
            Err(e) => failure(ctx, &FileError::new(&e, None)),
        },
    ))
}

fn f_setvbuf<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let u = to_file(ctx, &args, 1)?;
    let op = check_option(ctx, &args, 2, None, &io_lib::VBUF_OPTIONS)?;
    let size = ctx.opt_int(&args, 3, io_lib::BUFFER_SIZE as i64)?;
    let r = with(ctx, u, |f, out| {
        f.setvbuf(io_lib::VBUF_MODES[op], size, out)
    });
    file_result(ctx, r)
}

fn io_flush<'gc>(ctx: &mut Ctx<'gc, '_>, _args: Args<'gc>) -> NResult<'gc> {
    let u = io_file(ctx, STATE_OUTPUT)?;
    let r = with(ctx, u, |f, out| f.flush(out));
    file_result(ctx, r)
}

fn f_flush<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let u = to_file(ctx, &args, 1)?;
    let r = with(ctx, u, |f, out| f.flush(out));
    file_result(ctx, r)
}
