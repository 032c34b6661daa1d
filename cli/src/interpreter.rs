//! The stand-alone interpreter: lua.c's `pmain`, step for step. Options are collected
//! first (`options::collect`), then the state is made, `arg` set, `LUA_INIT` run, the
//! `-e`/`-l`/`-W` options acted on in order, the script run, and the REPL entered (or
//! standard input run as a script).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use crate::interrupt::Interrupt;
use crate::options::{self, Action, Engine, Options, Refused};
use crate::report;
use crate::runner::{RunError, Runner};
use crate::source;

/// The `-v` line. lua.c prints `LUA_COPYRIGHT`; moonlab names itself and the language
/// version, and ends as lua.c's line does (tests look for "PUC-Rio" there).
pub fn version_line() -> String {
    format!(
        "moonlab {} (Lua 5.4)  Lua: Copyright (C) 1994-2022 Lua.org, PUC-Rio",
        env!("CARGO_PKG_VERSION")
    )
}

/// lua.c's `print_usage` (to stderr, after the bad option).
fn print_usage(progname: &[u8], badoption: &[u8]) {
    let p = String::from_utf8_lossy(progname);
    let bad = String::from_utf8_lossy(badoption);
    let first = if matches!(badoption.get(1), Some(b'e' | b'l')) {
        format!("'{bad}' needs argument")
    } else {
        format!("unrecognized option '{bad}'")
    };
    let text = format!(
        "{p}: {first}\n\
usage: {p} [options] [script [args]]\n\
Available options are:\n\
\x20 -e stat   execute string 'stat'\n\
\x20 -i        enter interactive mode after executing 'script'\n\
\x20 -l mod    require library 'mod' into global 'mod'\n\
\x20 -l g=mod  require library 'mod' into global 'g'\n\
\x20 -v        show version information\n\
\x20 -E        ignore environment variables\n\
\x20 -W        turn warnings on\n\
\x20 --        stop handling options\n\
\x20 -         stop handling options and execute stdin\n"
    );
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Runs the command line `argv` (argv[0] is the program name).
pub fn main(argv: Vec<Vec<u8>>) -> ExitCode {
    let progname = crate::progname();
    let o = match options::collect(&argv) {
        Ok(o) => o,
        Err(Refused::BadOption(i)) => {
            print_usage(&progname, &argv[i]);
            return ExitCode::FAILURE;
        }
        Err(Refused::BadValue(m)) => {
            report::message(Some(&progname), m.as_bytes());
            return ExitCode::FAILURE;
        }
    };
    if o.version {
        println!("{}", version_line());
    }
    let max_memory = o.max_memory.or_else(address_space_budget);
    let interrupt = Interrupt::install();
    match o.engine {
        Engine::Vm => {
            let mut lua = if o.ignore_env {
                moonlab::api::Lua::new_without_env()
            } else {
                moonlab::api::Lua::new()
            };
            // lua.c runs its state in generational mode.
            lua.set_generational();
            lua.set_instruction_limit(o.max_steps);
            lua.set_memory_limit(max_memory);
            lua.set_gc_stress(o.gc_stress);
            if let Some(f) = &o.gc_trace {
                match std::fs::File::create(f) {
                    Ok(file) => lua.set_gc_trace(Some(Box::new(std::io::BufWriter::new(file)))),
                    Err(e) => {
                        report::message(
                            Some(&progname),
                            format!("cannot open {f}: {e}").as_bytes(),
                        );
                        return ExitCode::FAILURE;
                    }
                }
            }
            finish(&mut lua, &argv, &o, &interrupt)
        }
        Engine::Reference => {
            let mut lua = if o.ignore_env {
                moonlab_reference::Lua::new_without_env()
            } else {
                moonlab_reference::Lua::new()
            };
            lua.set_generational();
            lua.set_step_limit(o.max_steps);
            lua.set_memory_limit(max_memory);
            finish(&mut lua, &argv, &o, &interrupt)
        }
    }
}

/// `pmain`, then `lua_close` (pending finalizers run) and the exit status.
fn finish(lua: &mut dyn Runner, argv: &[Vec<u8>], o: &Options, interrupt: &Interrupt) -> ExitCode {
    lua.set_interrupt_flag(interrupt.flag.clone());
    lua.seed_random();
    let ok = pmain(lua, argv, o, interrupt);
    if let Some(code) = exit_requested(lua, o) {
        return code;
    }
    let closed = interrupt.during(|| lua.close());
    // A finalizer run by the close may call os.exit too.
    if let Some(code) = exit_requested(lua, o) {
        return code;
    }
    if let Err(e) = &closed {
        report::error(Some(&crate::progname()), e);
    }
    if o.stats {
        lua.print_stats();
    }
    let _ = std::io::stdout().flush();
    if ok && closed.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// After `os.exit`: no message; the state is closed first if it asked (lua_close goes on
/// with the finalizers still pending even when the request came from one of them, and a
/// finalizer may call os.exit again: the last request wins), and the process ends with the
/// status's low 8 bits, as C's `exit`. The engine flushed the program's output.
fn exit_requested(lua: &mut dyn Runner, o: &Options) -> Option<ExitCode> {
    let req = lua.exit_request()?;
    let mut code = req.code;
    if req.close {
        let _ = lua.close();
        code = lua.exit_request().map_or(code, |r| r.code);
    }
    if o.stats {
        lua.print_stats();
    }
    let _ = std::io::stdout().flush();
    Some(ExitCode::from(code as u8))
}

/// Reports an error of a run (`report`), with the program name in front; `os.exit`'s
/// end of a run is no error to report.
fn check(lua: &dyn Runner, r: Result<(), RunError>) -> bool {
    match r {
        Ok(()) => true,
        Err(_) if lua.exit_request().is_some() => false,
        Err(e) => {
            report::error(Some(&crate::progname()), &e);
            false
        }
    }
}

/// `pmain`: false when something failed (already reported).
fn pmain(lua: &mut dyn Runner, argv: &[Vec<u8>], o: &Options, interrupt: &Interrupt) -> bool {
    create_arg_table(lua, argv, o.script);
    if !o.ignore_env {
        let r = lua_init(lua, interrupt);
        if !check(lua, r) {
            return false;
        }
    }
    for action in options::actions(argv, o.script) {
        let r = match action {
            Action::Exec(chunk) => interrupt.during(|| lua.exec(chunk, b"=(command line)")),
            Action::Require(global, module) => {
                interrupt.during(|| lua.require_into_global(global, module))
            }
            Action::WarningsOn => {
                lua.set_warnings(true);
                Ok(())
            }
        };
        if !check(lua, r) {
            return false;
        }
    }
    if o.script < argv.len() {
        let r = handle_script(lua, argv, o.script, interrupt);
        if !check(lua, r) {
            return false;
        }
    }
    if o.interactive {
        return crate::repl::run(lua, interrupt);
    }
    if o.script == argv.len() && !o.has_e && !o.version {
        if std::io::stdin().is_terminal() {
            println!("{}", version_line());
            return crate::repl::run(lua, interrupt);
        }
        // Standard input as a script, with no arguments (`dofile(L, NULL)`).
        let r = source::read_stdin()
            .map_err(|m| RunError {
                message: m.into_bytes(),
                traceback: None,
            })
            .and_then(|(name, src)| interrupt.during(|| lua.exec(&src, &name)));
        return check(lua, r);
    }
    true
}

/// `createargtable`: the script at 0, its arguments after it, the interpreter and the
/// options before it (at negative indices); with no script, everything from index 0.
fn create_arg_table(lua: &mut dyn Runner, argv: &[Vec<u8>], script: usize) {
    let base = if script == argv.len() { 0 } else { script };
    let entries: Vec<(i64, Vec<u8>)> = argv
        .iter()
        .enumerate()
        .map(|(i, a)| (i as i64 - base as i64, a.clone()))
        .collect();
    lua.set_arg_table(&entries);
}

/// `handle_luainit`: `LUA_INIT_5_4`, else `LUA_INIT`: `@file` runs the file, anything
/// else runs as a chunk named after the variable.
fn lua_init(lua: &mut dyn Runner, interrupt: &Interrupt) -> Result<(), RunError> {
    let Some((name, value)) = ["LUA_INIT_5_4", "LUA_INIT"]
        .iter()
        .find_map(|n| std::env::var_os(n).map(|v| (*n, os_bytes(v))))
    else {
        return Ok(());
    };
    if let Some(file) = value.strip_prefix(b"@") {
        let (chunkname, src) = source::read_file(file).map_err(|m| RunError {
            message: m.into_bytes(),
            traceback: None,
        })?;
        return interrupt.during(|| lua.exec(&src, &chunkname));
    }
    let chunkname = format!("={name}");
    interrupt.during(|| lua.exec(&value, chunkname.as_bytes()))
}

/// `handle_script`: `-` is standard input, unless it follows `--`.
fn handle_script(
    lua: &mut dyn Runner,
    argv: &[Vec<u8>],
    script: usize,
    interrupt: &Interrupt,
) -> Result<(), RunError> {
    let fname = &argv[script];
    let loaded = if fname == b"-" && argv[script - 1] != b"--" {
        source::read_stdin()
    } else {
        source::read_file(fname)
    };
    let (chunkname, src) = loaded.map_err(|m| RunError {
        message: m.into_bytes(),
        traceback: None,
    })?;
    interrupt.during(|| lua.exec_script(&src, &chunkname))
}

pub fn os_bytes(s: std::ffi::OsString) -> Vec<u8> {
    #[cfg(unix)]
    return std::os::unix::ffi::OsStringExt::into_vec(s);
    #[cfg(not(unix))]
    return s.to_string_lossy().into_owned().into_bytes();
}

/// Without `--max-memory`, three quarters of the process's address-space limit (`ulimit -v`,
/// read from /proc/self/limits), if it has one. lua5.4 raises "not enough memory" when
/// malloc fails; Rust's allocator aborts the process instead, so the heap must stop short
/// of the cap, leaving room for what the heap does not count (code, stacks, allocator
/// slack).
fn address_space_budget() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max address space"))?;
    let soft: usize = line
        .trim_start_matches("Max address space")
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    Some(soft / 4 * 3)
}
