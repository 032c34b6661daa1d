//! The io library (§6.8) on the VM: file handles are full userdata holding a
//! `shared::io_lib::LuaFile`, with the metatable `FILE*` kept in the registry as liolib
//! keeps it; the default input and output files are registry entries too (`_IO_input`,
//! `_IO_output`), so they are per state. The streams, read formats and messages are
//! `shared::io_lib`'s; this file fetches arguments and makes values.

use std::cell::{Cell, RefCell};
use std::io::Write;

use crate::gc::Gc;
use crate::shared::io_lib::{
    self, CloseResult, FileError, Format, LuaFile, ReadItem, MAX_LINES_FORMATS, MAX_READ_COUNT,
};
use crate::shared::number::Number;
use crate::stdlib::aux::{check_any, check_int, check_option, check_str, opt_int, register_lib};
use crate::vm::error::LResult;
use crate::vm::function::{NativeFn, Special};
use crate::vm::state::Vm;
use crate::vm::userdata::UserData;
use crate::vm::value::Value;

const FILE_HANDLE: &[u8] = b"FILE*";
const IO_INPUT: &[u8] = b"_IO_input";
const IO_OUTPUT: &[u8] = b"_IO_output";

pub fn open(vm: &mut Vm) {
    let io = register_lib(
        vm,
        "io",
        &[
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
        ],
    );
    let methods = vm.new_table(0, 7);
    let meths: [(&'static str, NativeFn); 7] = [
        ("read", f_read),
        ("write", f_write),
        ("lines", f_lines),
        ("flush", f_flush),
        ("seek", f_seek),
        ("close", f_close),
        ("setvbuf", f_setvbuf),
    ];
    for (n, f) in meths {
        let k = vm.str(n.as_bytes());
        let v = vm.native(n, f);
        methods.set(&vm.heap, k, v).expect("string key");
    }
    let mt = vm.new_table(0, 5);
    let name = vm.str(FILE_HANDLE);
    let metas: [(&str, Value); 5] = [
        ("__name", name),
        ("__index", Value::from_table(methods)),
        ("__gc", vm.native("__gc", f_gc)),
        ("__close", vm.native("__close", f_gc)),
        ("__tostring", vm.native("__tostring", f_tostring)),
    ];
    for (n, v) in metas {
        let k = vm.str(n.as_bytes());
        mt.set(&vm.heap, k, v).expect("string key");
    }
    set_registry(vm, FILE_HANDLE, Value::from_table(mt));
    let std_files = [
        ("stdin", LuaFile::stdin(), Some(IO_INPUT)),
        ("stdout", LuaFile::stdout(), Some(IO_OUTPUT)),
        ("stderr", LuaFile::stderr(), None),
    ];
    for (n, f, key) in std_files {
        let v = new_file(vm, f);
        if let Some(key) = key {
            set_registry(vm, key, v);
        }
        let k = vm.str(n.as_bytes());
        io.set(&vm.heap, k, v).expect("string key");
    }
}

fn set_registry(vm: &mut Vm, key: &[u8], v: Value) {
    let k = vm.str(key);
    vm.registry.set(&vm.heap, k, v).expect("string key");
}

fn get_registry(vm: &Vm, key: &[u8]) -> Value {
    vm.registry.get(vm.str(key))
}

/// A new handle (`newfile`): a userdata with the `FILE*` metatable, registered for its
/// finalizer.
fn new_file(vm: &mut Vm, f: LuaFile) -> Value {
    let mt = get_registry(vm, FILE_HANDLE).as_table();
    let ud = vm.heap.alloc(UserData {
        data: RefCell::new(Box::new(f)),
        metatable: Cell::new(mt),
        user_value: Cell::new(Value::NIL),
        user_values: 0,
    });
    let v = Value::from_userdata(ud);
    vm.register_finalizer(v);
    v
}

/// The handle in `v`, if it is one (`luaL_testudata`).
fn as_file(v: Value) -> Option<Gc<UserData>> {
    let ud = v.as_userdata()?;
    let is_file = ud.data.borrow().is::<LuaFile>();
    is_file.then_some(ud)
}

/// Runs `f` on the handle's stream, with the engine's output for `io.stdout`.
fn with<R>(
    vm: &mut Vm,
    ud: Gc<UserData>,
    f: impl FnOnce(&mut LuaFile, &mut dyn std::io::Write) -> R,
) -> R {
    let mut data = ud.data.borrow_mut();
    let file = data.downcast_mut::<LuaFile>().expect("a file handle");
    f(file, &mut *vm.out)
}

fn is_closed(ud: Gc<UserData>) -> bool {
    ud.data
        .borrow()
        .downcast_ref::<LuaFile>()
        .is_some_and(LuaFile::is_closed)
}

/// `tolstream`: argument 1 must be a handle.
fn to_stream(vm: &Vm, n: usize) -> LResult<Gc<UserData>> {
    as_file(vm.arg(n)).ok_or_else(|| vm.arg_type_error(n, "FILE*"))
}

/// `tofile`: an open handle.
fn to_file(vm: &Vm, n: usize) -> LResult<Gc<UserData>> {
    let ud = to_stream(vm, n)?;
    if is_closed(ud) {
        return Err(vm.lib_error("attempt to use a closed file"));
    }
    Ok(ud)
}

/// `luaL_fileresult`: `true`, or `nil, message, errno`.
fn file_result(vm: &mut Vm, r: std::io::Result<()>, fname: Option<&[u8]>) -> LResult<usize> {
    match r {
        Ok(()) => vm.ret1(Value::TRUE),
        Err(e) => push_failure(vm, &FileError::new(&e, fname)),
    }
}

fn push_failure(vm: &mut Vm, e: &FileError) -> LResult<usize> {
    let msg = vm.str(e.message.as_bytes());
    let code = vm.heap.int(e.errno);
    vm.push(Value::NIL)?;
    vm.push(msg)?;
    vm.push(code)?;
    Ok(3)
}

fn aux_close(vm: &mut Vm, ud: Gc<UserData>) -> LResult<usize> {
    match with(vm, ud, |f, out| f.close(out)) {
        CloseResult::Closed => vm.ret1(Value::TRUE),
        CloseResult::Failed(e) => push_failure(vm, &e),
        CloseResult::Standard => {
            let msg = vm.str(io_lib::CANNOT_CLOSE_STANDARD.as_bytes());
            vm.push(Value::NIL)?;
            vm.push(msg)?;
            Ok(2)
        }
        CloseResult::Exec { ok, what, code } => {
            let what = vm.str(what.as_bytes());
            let code = vm.heap.int(code);
            vm.push(if ok { Value::TRUE } else { Value::NIL })?;
            vm.push(what)?;
            vm.push(code)?;
            Ok(3)
        }
    }
}

fn f_close(vm: &mut Vm) -> LResult<usize> {
    let ud = to_file(vm, 1)?;
    aux_close(vm, ud)
}

fn io_close(vm: &mut Vm) -> LResult<usize> {
    if vm.nargs() == 0 {
        let out = get_registry(vm, IO_OUTPUT);
        vm.push(out)?;
    }
    f_close(vm)
}

fn f_gc(vm: &mut Vm) -> LResult<usize> {
    let ud = to_stream(vm, 1)?;
    if !is_closed(ud) {
        aux_close(vm, ud)?;
    }
    Ok(0)
}

fn f_tostring(vm: &mut Vm) -> LResult<usize> {
    let ud = to_stream(vm, 1)?;
    let text = with(vm, ud, |f, _| {
        if f.is_closed() {
            "file (closed)".to_string()
        } else {
            format!("file (0x{:x})", f.address())
        }
    });
    let v = vm.str(text.as_bytes());
    vm.ret1(v)
}

fn io_type(vm: &mut Vm) -> LResult<usize> {
    let v = check_any(vm, 1)?;
    let r = match as_file(v) {
        None => Value::NIL,
        Some(ud) if is_closed(ud) => vm.str(b"closed file"),
        Some(_) => vm.str(b"file"),
    };
    vm.ret1(r)
}

fn io_open(vm: &mut Vm) -> LResult<usize> {
    let name = check_str(vm, 1)?.to_vec();
    let mode = if vm.arg(2).is_nil() {
        b"r".to_vec()
    } else {
        check_str(vm, 2)?.to_vec()
    };
    if !io_lib::check_mode(&mode) {
        return Err(vm.arg_error(2, "invalid mode"));
    }
    match LuaFile::open(&name, &mode) {
        Ok(f) => {
            let v = new_file(vm, f);
            vm.ret1(v)
        }
        Err(e) => push_failure(vm, &FileError::new(&e, Some(&name))),
    }
}

fn io_popen(vm: &mut Vm) -> LResult<usize> {
    let cmd = check_str(vm, 1)?.to_vec();
    let mode = if vm.arg(2).is_nil() {
        b"r".to_vec()
    } else {
        check_str(vm, 2)?.to_vec()
    };
    if !io_lib::check_popen_mode(&mode) {
        return Err(vm.arg_error(2, "invalid mode"));
    }
    let _ = vm.out.flush();
    match LuaFile::popen(&cmd, &mode) {
        Ok(f) => {
            let v = new_file(vm, f);
            vm.ret1(v)
        }
        Err(e) => push_failure(vm, &FileError::new(&e, Some(&cmd))),
    }
}

fn io_tmpfile(vm: &mut Vm) -> LResult<usize> {
    match LuaFile::tmpfile() {
        Ok(f) => {
            let v = new_file(vm, f);
            vm.ret1(v)
        }
        Err(e) => push_failure(vm, &FileError::new(&e, None)),
    }
}

/// `opencheck`: a file `io.input`/`io.output`/`io.lines` must open.
fn open_check(vm: &mut Vm, name: &[u8], mode: &[u8]) -> LResult<Value> {
    match LuaFile::open(name, mode) {
        Ok(f) => Ok(new_file(vm, f)),
        Err(e) => Err(vm.lib_error(&format!(
            "cannot open file '{}' ({})",
            String::from_utf8_lossy(name),
            crate::shared::os_lib::io_error_text(&e)
        ))),
    }
}

/// `getiofile`: the default input or output, which must be open.
fn io_file(vm: &Vm, key: &[u8]) -> LResult<Gc<UserData>> {
    let ud = as_file(get_registry(vm, key)).expect("default files are handles");
    if is_closed(ud) {
        let which = if key == IO_INPUT { "input" } else { "output" };
        return Err(vm.lib_error(&format!("default {which} file is closed")));
    }
    Ok(ud)
}

fn g_iofile(vm: &mut Vm, key: &[u8], mode: &[u8]) -> LResult<usize> {
    let a = vm.arg(1);
    if !a.is_nil() {
        let v = if a.is_string() || a.is_number() {
            let name = check_str(vm, 1)?.to_vec();
            open_check(vm, &name, mode)?
        } else {
            to_file(vm, 1)?;
            a
        };
        set_registry(vm, key, v);
    }
    let cur = get_registry(vm, key);
    vm.ret1(cur)
}

fn io_input(vm: &mut Vm) -> LResult<usize> {
    g_iofile(vm, IO_INPUT, b"r")
}

fn io_output(vm: &mut Vm) -> LResult<usize> {
    g_iofile(vm, IO_OUTPUT, b"w")
}

/// `aux_lines`: the iterator over `file` with the formats from argument 2 on.
fn aux_lines(vm: &mut Vm, file: Value, to_close: bool) -> LResult<Value> {
    let n = vm.nargs().saturating_sub(1);
    if n > MAX_LINES_FORMATS {
        return Err(vm.arg_error(MAX_LINES_FORMATS + 2, "too many arguments"));
    }
    let mut ups = vec![file, vm.heap.int(n as i64), Value::from_bool(to_close)];
    ups.extend((2..=n + 1).map(|i| vm.arg(i)));
    Ok(vm.native_with("lines", io_readline, ups, Special::None))
}

fn f_lines(vm: &mut Vm) -> LResult<usize> {
    to_file(vm, 1)?;
    let it = aux_lines(vm, vm.arg(1), false)?;
    vm.ret1(it)
}

fn io_lines(vm: &mut Vm) -> LResult<usize> {
    if vm.arg(1).is_nil() {
        let input = get_registry(vm, IO_INPUT);
        if vm.nargs() == 0 {
            vm.push(input)?;
        } else {
            vm.set_arg(1, input);
        }
        to_file(vm, 1)?;
        let it = aux_lines(vm, input, false)?;
        return vm.ret1(it);
    }
    let name = check_str(vm, 1)?.to_vec();
    let file = open_check(vm, &name, b"r")?;
    vm.set_arg(1, file);
    let it = aux_lines(vm, file, true)?;
    vm.push(it)?;
    vm.push(Value::NIL)?;
    vm.push(Value::NIL)?;
    vm.push(file)?;
    Ok(4)
}

/// `g_read`: reads `formats` (argument numbers from `first` on) and pushes the results,
/// which end at the first failure; an I/O error gives `nil, message, errno` instead.
fn g_read(vm: &mut Vm, ud: Gc<UserData>, formats: &[Value], first: usize) -> LResult<usize> {
    with(vm, ud, |f, _| f.clear_error());
    let mut results = Vec::with_capacity(formats.len().max(1));
    if formats.is_empty() {
        results.push(read_one(vm, ud, Format::Line)?);
    } else {
        for (i, &v) in formats.iter().enumerate() {
            let n = first + i;
            let format = if v.is_number() {
                let l = check_int(vm, n)?;
                if l as u64 > MAX_READ_COUNT {
                    return Err(vm.memory_error());
                }
                Format::Count(l as u64)
            } else {
                let s = check_str(vm, n)?;
                io_lib::parse_format(&s).ok_or_else(|| vm.arg_error(n, "invalid format"))?
            };
            let r = read_one(vm, ud, format)?;
            let failed = r.is_nil();
            results.push(r);
            if failed {
                break;
            }
        }
    }
    if let Some(e) = with(vm, ud, |f, _| f.take_error()) {
        return push_failure(vm, &FileError::new(&e, None));
    }
    vm.check_stack(results.len())?;
    let count = results.len();
    for r in results {
        vm.push(r)?;
    }
    Ok(count)
}

fn read_one(vm: &mut Vm, ud: Gc<UserData>, format: Format) -> LResult<Value> {
    let room = vm.heap.room();
    let item = with(vm, ud, |f, out| f.read(format, room, out));
    let Ok(item) = item else {
        return Err(vm.memory_error());
    };
    Ok(match item {
        ReadItem::Str(s) => {
            vm.charge(s.len() as u64 / 16)?;
            vm.str_owned(s)
        }
        ReadItem::Num(Number::Int(i)) => vm.heap.int(i),
        ReadItem::Num(Number::Float(x)) => Value::from_float(x),
        ReadItem::Fail => Value::NIL,
    })
}

fn args_from(vm: &Vm, first: usize) -> Vec<Value> {
    (first..=vm.nargs()).map(|i| vm.arg(i)).collect()
}

fn io_read(vm: &mut Vm) -> LResult<usize> {
    let ud = io_file(vm, IO_INPUT)?;
    let formats = args_from(vm, 1);
    g_read(vm, ud, &formats, 1)
}

fn f_read(vm: &mut Vm) -> LResult<usize> {
    let ud = to_file(vm, 1)?;
    let formats = args_from(vm, 2);
    g_read(vm, ud, &formats, 2)
}

/// The `lines` iterator (`io_readline`): upvalues file, count, close-at-end, formats.
fn io_readline(vm: &mut Vm) -> LResult<usize> {
    let ud = as_file(vm.upvalue(0)).expect("lines iterators hold a handle");
    if is_closed(ud) {
        return Err(vm.lib_error("file is already closed"));
    }
    let n = vm.upvalue(1).as_int().unwrap_or(0) as usize;
    let formats: Vec<Value> = (0..n).map(|i| vm.upvalue(3 + i)).collect();
    // The formats are arguments 2.. of the iterator, as liolib pushes them.
    let base = vm.th.top - vm.nargs();
    vm.th.top = base;
    vm.push(vm.upvalue(0))?;
    for &f in &formats {
        vm.push(f)?;
    }
    let top = vm.th.top;
    let got = g_read(vm, ud, &formats, 2)?;
    let first = vm.th.stack[top];
    if first.is_truthy() {
        return Ok(got);
    }
    if got > 1 {
        let msg = vm.th.stack[top + 1];
        let text = msg
            .as_string()
            .map(|s| s.as_bytes().to_vec())
            .unwrap_or_default();
        return Err(vm.lib_error_bytes(&text));
    }
    if vm.upvalue(2).is_truthy() {
        aux_close(vm, ud)?;
    }
    Ok(0)
}

/// `g_write`: numbers as `%d`/`%.14g`, strings as they are; the handle on success.
fn g_write(vm: &mut Vm, ud: Gc<UserData>, first: usize, file: Value) -> LResult<usize> {
    let mut status: std::io::Result<()> = Ok(());
    for i in first..=vm.nargs() {
        let v = vm.arg(i);
        let number = if v.is_number() {
            vm.to_number_raw(v)
        } else {
            None
        };
        let r = if let Some(n) = number {
            with(vm, ud, |f, out| f.write_number(n, out))
        } else {
            let s = check_str(vm, i)?;
            vm.charge(s.len() as u64 / 16)?;
            with(vm, ud, |f, out| f.write(&s, out))
        };
        if status.is_ok() {
            status = r;
        }
    }
    match status {
        Ok(()) => vm.ret1(file),
        Err(e) => push_failure(vm, &FileError::new(&e, None)),
    }
}

fn io_write(vm: &mut Vm) -> LResult<usize> {
    let ud = io_file(vm, IO_OUTPUT)?;
    g_write(vm, ud, 1, Value::from_userdata(ud))
}

fn f_write(vm: &mut Vm) -> LResult<usize> {
    let ud = to_file(vm, 1)?;
    g_write(vm, ud, 2, vm.arg(1))
}

fn f_seek(vm: &mut Vm) -> LResult<usize> {
    let ud = to_file(vm, 1)?;
    let op = check_option(vm, 2, Some("cur"), &io_lib::SEEK_OPTIONS)?;
    let offset = opt_int(vm, 3, 0)?;
    match with(vm, ud, |f, out| {
        f.seek(io_lib::SEEK_WHENCE[op], offset, out)
    }) {
        Ok(pos) => {
            let v = vm.heap.int(pos as i64);
            vm.ret1(v)
        }
        Err(e) => push_failure(vm, &FileError::new(&e, None)),
    }
}

fn f_setvbuf(vm: &mut Vm) -> LResult<usize> {
    let ud = to_file(vm, 1)?;
    let op = check_option(vm, 2, None, &io_lib::VBUF_OPTIONS)?;
    let size = opt_int(vm, 3, io_lib::BUFFER_SIZE as i64)?;
    let r = with(vm, ud, |f, out| {
        f.setvbuf(io_lib::VBUF_MODES[op], size, out)
    });
    file_result(vm, r, None)
}

fn io_flush(vm: &mut Vm) -> LResult<usize> {
    let ud = io_file(vm, IO_OUTPUT)?;
    let r = with(vm, ud, |f, out| f.flush(out));
    file_result(vm, r, None)
}

fn f_flush(vm: &mut Vm) -> LResult<usize> {
    let ud = to_file(vm, 1)?;
    let r = with(vm, ud, |f, out| f.flush(out));
    file_result(vm, r, None)
}
