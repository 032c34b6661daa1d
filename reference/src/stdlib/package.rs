//! The package library (§6.3) and `require`. The rules (paths, `searchpath`, the C
//! searchers without dynamic libraries, the messages) are `moonlab::shared::package_lib`'s;
//! here are the values: the `package` table, held by `require` and the searchers as their
//! upvalue (as loadlib.c's closures hold it), `package.loaded` (the registry's `_LOADED`),
//! `package.preload` (the registry's `_PRELOAD`, which the preload searcher reads), and the
//! calls to the searchers and the loader, made as nested runs (`Ctx::call`), which Lua code
//! cannot yield across, as it cannot across lua5.4's `lua_call` in `require`.
//!
//! `package.path`, `package.cpath`, `package.searchers` and `package.loaded[name]` are read
//! and written raw (lua5.4 goes through metamethods there); the VM does the same.

use gc_arena::{Gc, Mutation};

use moonlab::shared::package_lib::{self as rules, SearcherMessages};

use crate::machine::{Args, Ctx, Flow, Root, Then};
use crate::stdlib::aux::{new_table, register, set_global, NResult};
use crate::value::*;

/// The library tables `package.loaded` holds, by global name, in lua5.4's opening order.
const LIBRARIES: [&str; 9] = [
    "_G",
    "package",
    "coroutine",
    "table",
    "io",
    "os",
    "string",
    "math",
    "utf8",
];

/// The registry's table `name` (`_LOADED`, `_PRELOAD`), made on first use.
fn registry_table<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>, name: &[u8]) -> Table<'gc> {
    if let Value::Table(t) = root.registry.borrow().get_str(name) {
        return t;
    }
    let t = new_table(mc);
    let k = Value::str(mc, name);
    root.registry
        .borrow_mut(mc)
        .set(k, Value::Table(t))
        .expect("string key");
    t
}

pub fn open<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>) {
    let package = new_table(mc);
    register(
        mc,
        package,
        &[("loadlib", loadlib), ("searchpath", searchpath)],
    );
    let closure = |name: &'static str, f: NativeFn| {
        Value::Func(Function::Native(Gc::new(
            mc,
            NativeClosure {
                name,
                f,
                upvalues: vec![Value::Table(package)],
            },
        )))
    };
    let searchers = new_table(mc);
    {
        let mut s = searchers.borrow_mut(mc);
        s.set_int(1, closure("searcher_preload", searcher_preload));
        s.set_int(2, closure("searcher_Lua", searcher_lua));
        s.set_int(3, closure("searcher_C", searcher_c));
        s.set_int(4, closure("searcher_Croot", searcher_croot));
    }
    let noenv = root
        .registry
        .borrow()
        .get(Value::str(mc, rules::NOENV_FIELD.as_bytes()))
        .truthy();
    let fields = [
        ("searchers", Value::Table(searchers)),
        ("path", Value::str(mc, &rules::path_from_env(noenv))),
        ("cpath", Value::str(mc, &rules::cpath_from_env(noenv))),
        ("config", Value::str(mc, rules::CONFIG.as_bytes())),
        ("loaded", Value::Table(registry_table(mc, root, b"_LOADED"))),
        (
            "preload",
            Value::Table(registry_table(mc, root, b"_PRELOAD")),
        ),
    ];
    for (k, v) in fields {
        let k = Value::str(mc, k.as_bytes());
        package.borrow_mut(mc).set(k, v).expect("string key");
    }
    set_global(mc, root, "package", Value::Table(package));
    set_global(mc, root, "require", closure("require", require));
}

/// Records every opened library in `package.loaded` (the registry's `_LOADED`), as
/// `luaL_requiref` does when `luaL_openlibs` opens them.
pub fn register_loaded<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>) {
    let loaded = registry_table(mc, root, b"_LOADED");
    for name in LIBRARIES {
        let lib = if name == "_G" {
            Value::Table(root.globals)
        } else {
            root.globals.borrow().get_str(name.as_bytes())
        };
        if let Value::Table(_) = lib {
            let k = Value::str(mc, name.as_bytes());
            loaded.borrow_mut(mc).set(k, lib).expect("string key");
        }
    }
}

/// The `package` table the running native holds.
fn package<'gc>(ctx: &Ctx<'gc, '_>) -> Table<'gc> {
    match ctx.th.frames.last().and_then(|f| f.func) {
        Some(Function::Native(me)) => match me.upvalues.first() {
            Some(Value::Table(t)) => *t,
            _ => unreachable!("package natives hold the package table"),
        },
        _ => unreachable!("running a native"),
    }
}

fn require<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let name = ctx.check_str(&args, 1)?.to_vec();
    let name_v = match args.first() {
        Some(v @ Value::Str(_)) => *v,
        _ => Value::str(ctx.mc, &name),
    };
    let loaded = registry_table(ctx.mc, ctx.root, b"_LOADED");
    let cached = loaded.borrow().get(name_v);
    if cached.truthy() {
        return Ok(Flow::Return(vec![cached]));
    }
    let Value::Table(searchers) = package(ctx).borrow().get_str(b"searchers") else {
        return Err(ctx.lib_error(rules::SEARCHERS_NOT_TABLE));
    };
    let mut tried = SearcherMessages::default();
    let mut i = 1;
    let (loader, data) = loop {
        let searcher = searchers.borrow().get_int(i);
        if searcher.is_nil() {
            return Err(ctx.lib_error(tried.into_error(&name)));
        }
        let r = ctx.call(searcher, vec![name_v])?;
        match (r.first(), r.get(1)) {
            (Some(f @ Value::Func(_)), data) => break (*f, data.copied().unwrap_or(Value::Nil)),
            (Some(Value::Str(s)), _) => tried.add(&s.bytes),
            (Some(n @ (Value::Int(_) | Value::Num(_))), _) => tried.add(&ctx.number_to_bytes(*n)),
            _ => {}
        }
        i += 1;
    };
    // The loader runs as a call of the loop, not a nested run, so the collector can run
    // while a module's body does (a program whose work is its main module's body).
    Ok(Flow::Call {
        f: loader,
        args: vec![name_v, data],
        then: Then::Require { name: name_v, data },
    })
}

/// Stores what a loader returned for module `name` as lua5.4's `ll_require` does, and
/// gives the module's value: `result` unless nil, else what the loader left in
/// `package.loaded`, else `true`.
pub fn store_module<'gc>(
    ctx: &mut Ctx<'gc, '_>,
    name: Value<'gc>,
    result: Value<'gc>,
) -> Value<'gc> {
    let loaded = registry_table(ctx.mc, ctx.root, b"_LOADED");
    if !result.is_nil() {
        loaded
            .borrow_mut(ctx.mc)
            .set(name, result)
            .expect("string key");
    }
    let mut module = loaded.borrow().get(name);
    if module.is_nil() {
        module = Value::Bool(true);
        loaded
            .borrow_mut(ctx.mc)
            .set(name, module)
            .expect("string key");
    }
    module
}

/// `package.path` or `package.cpath` (`field`) as a searcher reads it: a string, or a
/// number's text.
fn path_field<'gc>(
    ctx: &Ctx<'gc, '_>,
    field: &str,
) -> Result<Vec<u8>, crate::machine::LuaError<'gc>> {
    match package(ctx).borrow().get_str(field.as_bytes()) {
        Value::Str(s) => Ok(s.bytes.to_vec()),
        n @ (Value::Int(_) | Value::Num(_)) => Ok(ctx.number_to_bytes(n)),
        _ => Err(ctx.lib_error(rules::path_not_string(field))),
    }
}

fn searcher_preload<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let name = ctx.check_str(&args, 1)?.to_vec();
    let preload = registry_table(ctx.mc, ctx.root, b"_PRELOAD");
    let v = preload.borrow().get_str(&name);
    if v.is_nil() {
        let m = rules::no_preload_field(&name);
        return Ok(Flow::Return(vec![Value::str(ctx.mc, &m)]));
    }
    Ok(Flow::Return(vec![
        v,
        Value::str(ctx.mc, rules::PRELOAD_DATA.as_bytes()),
    ]))
}

/// The main function of a module's source file, or `luaL_loadfilex`'s message.
fn load_module<'gc>(ctx: &mut Ctx<'gc, '_>, file: &[u8]) -> Result<Value<'gc>, Vec<u8>> {
    let bytes = rules::read_module(file)?;
    let src = moonlab::syntax::file_source(&bytes).into_owned();
    let mut chunkname = b"@".to_vec();
    chunkname.extend_from_slice(file);
    let loaded = crate::chunk::load(&src, &chunkname, ctx.c_levels())?;
    Ok(ctx.make_loaded_closure(&loaded, None))
}

fn searcher_lua<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let name = ctx.check_str(&args, 1)?.to_vec();
    let path = path_field(ctx, "path")?;
    let file = match rules::search_path(&name, &path, b".", rules::DIRSEP) {
        Ok(f) => f,
        Err(list) => return Ok(Flow::Return(vec![Value::str(ctx.mc, &list)])),
    };
    match load_module(ctx, &file) {
        Ok(f) => Ok(Flow::Return(vec![f, Value::str(ctx.mc, &file)])),
        Err(why) => Err(ctx.lib_error(rules::error_loading(&name, &file, &why))),
    }
}

fn c_searcher<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>, root: bool) -> NResult<'gc> {
    let name = ctx.check_str(&args, 1)?.to_vec();
    let cpath = path_field(ctx, "cpath")?;
    match rules::c_searcher(&name, &cpath, root) {
        Ok(Some(list)) => Ok(Flow::Return(vec![Value::str(ctx.mc, &list)])),
        Ok(None) => Ok(Flow::Return(vec![])),
        Err(e) => Err(ctx.lib_error(e)),
    }
}

fn searcher_c<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    c_searcher(ctx, args, false)
}

fn searcher_croot<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    c_searcher(ctx, args, true)
}

fn searchpath<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    // lua5.4 (built by gcc) fetches the arguments last to first, which decides which bad
    // argument is reported.
    let rep = ctx.opt_str(&args, 4)?;
    let sep = ctx.opt_str(&args, 3)?;
    let path = ctx.check_str(&args, 2)?;
    let name = ctx.check_str(&args, 1)?;
    let found = rules::search_path(
        &name,
        &path,
        sep.as_deref().unwrap_or(&b"."[..]),
        rep.as_deref().unwrap_or(rules::DIRSEP),
    );
    Ok(Flow::Return(match found {
        Ok(f) => vec![Value::str(ctx.mc, &f)],
        Err(list) => vec![Value::Nil, Value::str(ctx.mc, &list)],
    }))
}

/// `package.loadlib`: no native code is loaded, so it fails as lua5.4 built without
/// dynamic libraries does.
fn loadlib<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    ctx.check_str(&args, 1)?;
    ctx.check_str(&args, 2)?;
    Ok(Flow::Return(vec![
        Value::Nil,
        Value::str(ctx.mc, rules::DLMSG.as_bytes()),
        Value::str(ctx.mc, rules::LIB_FAIL.as_bytes()),
    ]))
}
