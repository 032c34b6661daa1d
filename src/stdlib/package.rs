//! The package library (§6.3 of the manual) and `require` on the VM. The rules (paths,
//! `searchpath`, the C searchers without dynamic libraries, the messages) are
//! `shared::package_lib`'s; here are the values: the `package` table, which `require` and
//! the searchers hold as their upvalue (as loadlib.c's do, so `package = nil` breaks
//! nothing), `package.loaded` (the registry's `_LOADED`), `package.preload` (the
//! registry's `_PRELOAD`, which the preload searcher reads), and the calls to the
//! searchers and the loader.
//!
//! Values a native holds across a call into Lua are kept on its stack, where the collector
//! sees them.
//!
//! `package.path`, `package.cpath`, `package.searchers` and `package.loaded[name]` are read
//! and written raw (lua5.4 goes through metamethods there); both engines do the same.

use crate::gc::Gc;
use crate::shared::package_lib::{self as rules, SearcherMessages};
use crate::stdlib::aux::{check_str, loaded, opt_str, register_lib};
use crate::vm::error::LResult;
use crate::vm::function::Special;
use crate::vm::state::Vm;
use crate::vm::table::Table;
use crate::vm::value::Value;

pub fn open(vm: &mut Vm) {
    let package = register_lib(
        vm,
        "package",
        &[("loadlib", loadlib), ("searchpath", searchpath)],
    );
    let pv = Value::from_table(package);
    let searchers = vm.new_table(4, 0);
    let fns: [(&'static str, crate::vm::function::NativeFn); 4] = [
        ("searcher_preload", searcher_preload),
        ("searcher_Lua", searcher_lua),
        ("searcher_C", searcher_c),
        ("searcher_Croot", searcher_croot),
    ];
    for (i, (name, f)) in fns.into_iter().enumerate() {
        let s = vm.native_with(name, f, vec![pv], Special::None);
        let k = vm.heap.int(i as i64 + 1);
        searchers.set(&vm.heap, k, s).expect("integer key");
    }
    let noenv = vm
        .registry
        .get(vm.str(rules::NOENV_FIELD.as_bytes()))
        .is_truthy();
    let path = vm.str_owned(rules::path_from_env(noenv));
    let cpath = vm.str_owned(rules::cpath_from_env(noenv));
    let config = vm.str(rules::CONFIG.as_bytes());
    let loaded = Value::from_table(loaded(vm));
    let preload = Value::from_table(preload(vm));
    let fields = [
        ("searchers", Value::from_table(searchers)),
        ("path", path),
        ("cpath", cpath),
        ("config", config),
        ("loaded", loaded),
        ("preload", preload),
    ];
    for (k, v) in fields {
        let k = vm.str(k.as_bytes());
        package.set(&vm.heap, k, v).expect("string key");
    }
    let require = vm.native_with("require", require, vec![pv], Special::None);
    vm.set_global("require", require);
}

/// The registry's `_PRELOAD` table (`package.preload` as opened), made on first use.
fn preload(vm: &mut Vm) -> Gc<Table> {
    let key = vm.str(b"_PRELOAD");
    if let Some(t) = vm.registry.get(key).as_table() {
        return t;
    }
    let t = vm.new_table(0, 4);
    vm.registry
        .set(&vm.heap, key, Value::from_table(t))
        .expect("string key");
    t
}

/// The `package` table the running native holds as its upvalue.
fn package(vm: &Vm) -> Gc<Table> {
    vm.upvalue(0)
        .as_table()
        .expect("package natives hold the package table")
}

/// Stores `v` under `k` in `t` (raw), then lets the collector catch up.
fn store(vm: &mut Vm, t: Gc<Table>, k: Value, v: Value) -> LResult<()> {
    t.set(&vm.heap, k, v)
        .map_err(|e| vm.rt_error(e.message()))?;
    vm.check_growth()
}

fn require(vm: &mut Vm) -> LResult<usize> {
    let arg = check_str(vm, 1)?;
    // The name as a string, in argument 1 (where `luaL_checkstring` leaves it), so that the
    // searchers and the loader get a string and the stack keeps it.
    let name_v = arg.to_value(vm);
    let name = arg.to_vec();
    vm.set_arg(1, name_v);
    let loaded = loaded(vm);
    let cached = loaded.get(name_v);
    if cached.is_truthy() {
        return vm.ret1(cached);
    }
    let skey = vm.str(b"searchers");
    let Some(searchers) = package(vm).get(skey).as_table() else {
        return Err(vm.lib_error(rules::SEARCHERS_NOT_TABLE));
    };
    vm.push(Value::from_table(searchers))?;
    let mut tried = SearcherMessages::default();
    let mut i = 1;
    let (loader, data) = loop {
        let k = vm.heap.int(i);
        let searcher = searchers.get(k);
        if searcher.is_nil() {
            return Err(vm.lib_error_bytes(&tried.into_error(&name)));
        }
        let r = vm.call_function(searcher, &[name_v])?;
        let first = r.first().copied().unwrap_or(Value::NIL);
        let second = r.get(1).copied().unwrap_or(Value::NIL);
        if first.is_function() {
            break (first, second);
        }
        if let Some(s) = first.as_string() {
            tried.add(s.as_bytes());
        } else if first.is_number() {
            tried.add(&vm.tostring_basic(first));
        }
        i += 1;
    };
    // Keep the loader data: it is also require's second result.
    let data_slot = vm.th.top;
    vm.push(data)?;
    let r = vm.call_function(loader, &[name_v, data])?;
    let result = r.first().copied().unwrap_or(Value::NIL);
    if !result.is_nil() {
        store(vm, loaded, name_v, result)?;
    }
    let mut module = loaded.get(name_v);
    if module.is_nil() {
        module = Value::TRUE;
        store(vm, loaded, name_v, module)?;
    }
    let data = vm.th.stack[data_slot];
    vm.push(module)?;
    vm.push(data)?;
    Ok(2)
}

/// `package.path` or `package.cpath` (`field`) as a searcher reads it: a string, or a
/// number's text.
fn path_field(vm: &mut Vm, field: &str) -> LResult<Vec<u8>> {
    let k = vm.str(field.as_bytes());
    let v = package(vm).get(k);
    if let Some(s) = v.as_string() {
        return Ok(s.as_bytes().to_vec());
    }
    if v.is_number() {
        return Ok(vm.tostring_basic(v));
    }
    Err(vm.lib_error(&rules::path_not_string(field)))
}

fn searcher_preload(vm: &mut Vm) -> LResult<usize> {
    let name = check_str(vm, 1)?;
    let key = name.to_value(vm);
    let p = preload(vm);
    let v = p.get(key);
    if v.is_nil() {
        let m = vm.str(&rules::no_preload_field(&name));
        return vm.ret1(m);
    }
    vm.push(v)?;
    let data = vm.str(rules::PRELOAD_DATA.as_bytes());
    vm.push(data)?;
    Ok(2)
}

fn searcher_lua(vm: &mut Vm) -> LResult<usize> {
    let name = check_str(vm, 1)?.to_vec();
    let path = path_field(vm, "path")?;
    let file = match rules::search_path(&name, &path, b".", rules::DIRSEP) {
        Ok(f) => f,
        Err(list) => {
            let m = vm.str(&list);
            return vm.ret1(m);
        }
    };
    let loaded = rules::read_module(&file).and_then(|bytes| {
        let src = crate::syntax::file_source(&bytes).into_owned();
        let mut chunkname = b"@".to_vec();
        chunkname.extend_from_slice(&file);
        vm.load_chunk(&src, &chunkname, b"bt", None)
    });
    match loaded {
        Ok(f) => {
            vm.push(f)?;
            let fv = vm.str(&file);
            vm.push(fv)?;
            Ok(2)
        }
        Err(why) => Err(vm.lib_error_bytes(&rules::error_loading(&name, &file, &why))),
    }
}

fn c_searcher(vm: &mut Vm, root: bool) -> LResult<usize> {
    let name = check_str(vm, 1)?.to_vec();
    let cpath = path_field(vm, "cpath")?;
    match rules::c_searcher(&name, &cpath, root) {
        Ok(Some(list)) => {
            let m = vm.str(&list);
            vm.ret1(m)
        }
        Ok(None) => Ok(0),
        Err(e) => Err(vm.lib_error_bytes(&e)),
    }
}

fn searcher_c(vm: &mut Vm) -> LResult<usize> {
    c_searcher(vm, false)
}

fn searcher_croot(vm: &mut Vm) -> LResult<usize> {
    c_searcher(vm, true)
}

fn searchpath(vm: &mut Vm) -> LResult<usize> {
    // lua5.4 (built by gcc) fetches the arguments last to first, which decides which bad
    // argument is reported.
    let rep = opt_str(vm, 4)?;
    let sep = opt_str(vm, 3)?;
    let path = check_str(vm, 2)?;
    let name = check_str(vm, 1)?;
    let found = rules::search_path(
        &name,
        &path,
        sep.as_deref().unwrap_or(&b"."[..]),
        rep.as_deref().unwrap_or(rules::DIRSEP),
    );
    match found {
        Ok(f) => {
            let v = vm.str(&f);
            vm.ret1(v)
        }
        Err(list) => {
            vm.push(Value::NIL)?;
            let m = vm.str(&list);
            vm.push(m)?;
            Ok(2)
        }
    }
}

/// `package.loadlib`: moonlab loads no native code, so it fails as lua5.4 built without
/// dynamic libraries does.
fn loadlib(vm: &mut Vm) -> LResult<usize> {
    check_str(vm, 1)?;
    check_str(vm, 2)?;
    vm.push(Value::NIL)?;
    let m = vm.str(rules::DLMSG.as_bytes());
    vm.push(m)?;
    let w = vm.str(rules::LIB_FAIL.as_bytes());
    vm.push(w)?;
    Ok(3)
}
