//! The `moonlab` command line, run as a user would run it.

use std::path::Path;
use std::process::{Command, Output};

mod common;

/// The binary, run under the name "moonlab" (errors are reported under argv[0], as lua.c
/// reports them).
fn moonlab_cmd() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_moonlab"));
    std::os::unix::process::CommandExt::arg0(&mut cmd, "moonlab");
    cmd
}

fn moonlab(args: &[&str]) -> Output {
    moonlab_cmd()
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/syntax"))
        .output()
        .expect("moonlab runs")
}

#[test]
fn check_is_silent_on_valid_files() {
    let out = moonlab(&["--check", "valid/goto.lua", "valid/precedence.lua"]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

#[test]
fn check_reports_like_luac() {
    let out = moonlab(&["--check", "invalid/parse_end_expected_function_lines.lua"]);
    assert_eq!(out.status.code(), Some(1));
    let expected = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/syntax/invalid/parse_end_expected_function_lines.expected"),
    )
    .unwrap();
    let mut want = b"moonlab: invalid/".to_vec();
    want.extend_from_slice(&expected);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&want)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn check_reports_missing_files() {
    let out = moonlab(&["--check", "no/such/file.lua"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "moonlab: cannot open no/such/file.lua: No such file or directory\n"
    );
}

#[test]
fn check_reads_stdin() {
    use std::io::Write;
    let mut child = moonlab_cmd()
        .args(["--check", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"x = = 1").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "moonlab: stdin:1: unexpected symbol near '='\n"
    );
}

#[test]
fn ast_and_print_show_the_tree() {
    let out = moonlab(&["--ast-lines", "valid/scope.lua"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("function main vararg lines 0-"), "{text}");
    assert!(text.contains("upvalue _ENV 0 <- environment"));
    let out = moonlab(&["--print", "valid/scope.lua"]);
    assert!(out.status.success());
    assert!(!out.stdout.is_empty());
}

#[test]
fn runs_a_script_with_arguments() {
    let dir = std::env::temp_dir().join(format!("moonlab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("args.lua");
    std::fs::write(&script, "print(arg[0] ~= nil, ...)\nprint(#arg, arg[1])\n").unwrap();
    let out = moonlab(&[script.to_str().unwrap(), "a", "b"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "true\ta\tb\n2\ta\n");
}

#[test]
fn uncaught_errors_exit_with_status_1() {
    let out = moonlab(&["-e", "error('boom')"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("moonlab: (command line):1: boom\nstack traceback:"),
        "{err}"
    );
}

#[test]
fn both_engines_run_scripts_and_report_errors_alike() {
    for engine in ["--engine=vm", "--engine=reference"] {
        let out = moonlab(&[engine, "-e", "print(1 + 2, ('x'):rep(3))"]);
        assert_eq!(out.status.code(), Some(0), "{engine}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "3\txxx\n", "{engine}");
        let out = moonlab(&[engine, "-e", "local t = nil; return t.x"]);
        assert_eq!(out.status.code(), Some(1), "{engine}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("(command line):1: attempt to index a nil value (local 't')"),
            "{engine}: {err}"
        );
    }
}

/// A binary chunk file (from `string.dump`; here written through the libraries) runs on the
/// engine that wrote it, also after a `#!` line as lua.c allows; the other engine refuses
/// it with lua5.4's "format mismatch".
#[test]
fn binary_chunk_files_run_on_their_engine() {
    let src = b"print('from a binary chunk', ...)";
    let arena = bumpalo::Bump::new();
    let chunk = moonlab::syntax::parse(&arena, src, b"@b.lua").unwrap();
    let vm_chunk =
        moonlab::compiler::dump::dump(&moonlab::compiler::compile(&chunk).unwrap(), true);
    let ref_chunk =
        moonlab_reference::chunk::dump(&moonlab_reference::ir::lower_chunk(&chunk, src), true);
    let dir = std::env::temp_dir().join(format!("moonlab-cli-bin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (engine, other, bytes) in [
        ("vm", "reference", vm_chunk),
        ("reference", "vm", ref_chunk),
    ] {
        let path = dir.join(format!("{engine}.luac"));
        let mut file = b"#!/usr/bin/env moonlab\n".to_vec();
        file.extend_from_slice(&bytes);
        std::fs::write(&path, &file).unwrap();
        let file = path.to_str().unwrap();
        let out = moonlab(&[&format!("--engine={engine}"), file, "x"]);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "from a binary chunk\tx\n",
            "{engine}"
        );
        assert_eq!(out.status.code(), Some(0));
        let out = moonlab(&[&format!("--engine={other}"), file]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("moonlab: {file}: bad binary format (format mismatch)\n"),
            "{other}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn vm_stats_and_instruction_limit() {
    let out = moonlab(&[
        "--stats",
        "-e",
        "local s = 0 for i = 1, 100 do s = s + i end",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("instructions: "), "{err}");
    assert!(err.contains("gc cycles: "), "{err}");
    // An endless loop, even inside pcall, ends with the limit error.
    let out = moonlab(&[
        "--max-instructions=100000",
        "-e",
        "pcall(function() while true do end end)",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("instruction limit exceeded"));
}

#[test]
fn disasm_prints_luac_listings() {
    let dir = std::env::temp_dir().join(format!("moonlab-cli-disasm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("d.lua"), "local x = ...\nreturn x + 1\n").unwrap();
    let out = moonlab_cmd()
        .args(["--disasm", "d.lua"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    // What `luac5.4 -l -l -p d.lua` prints, with the address of the main function as 0x1.
    let expected = "
main <d.lua:0,0> (6 instructions at 0x1)
0+ params, 2 slots, 1 upvalue, 1 local, 0 constants, 0 functions
\t1\t[1]\tVARARGPREP\t0
\t2\t[1]\tVARARG   \t0 2\t; 1 out
\t3\t[2]\tADDI     \t1 0 1
\t4\t[2]\tMMBINI   \t0 1 6 0\t; __add
\t5\t[2]\tRETURN   \t1 2 1\t; 1 out
\t6\t[2]\tRETURN   \t1 1 1\t; 0 out
constants (0) for 0x1:
locals (1) for 0x1:
\t0\tx\t3\t7
upvalues (1) for 0x1:
\t0\t_ENV\t1\t0
";
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
    // Errors: the message and status 1, like --check.
    let names: Vec<String> = (0..199).map(|i| format!("v{i}")).collect();
    let src = format!(
        "local {0}\nprint({0}, {1})\n",
        names.join(", "),
        "1, ".repeat(60) + "1"
    );
    std::fs::write(dir.join("e.lua"), src).unwrap();
    let out = moonlab_cmd()
        .args(["--disasm", "e.lua"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "moonlab: e.lua:2: function or expression needs too many registers\n"
    );
    assert!(out.stdout.is_empty());
}

/// An uncaught error's message and traceback on stderr, and what the script printed before
/// and after it (pending `<close>` handlers, finalizers at the end), on both engines,
/// against what lua5.4 prints (`tests/traceback/*.expected` and `*.stdout`, written by
/// `tests/traceback/regen.sh`).
#[test]
fn uncaught_error_tracebacks_match_lua54() {
    let checked = common::each_script_on_both_engines("traceback", |run| {
        let what = format!("{} on {}", run.name, run.engine);
        assert_eq!(run.out.status.code(), Some(1), "{what}");
        assert_eq!(run.stderr(), run.expected("expected"), "{what}");
        assert_eq!(run.stdout(), run.expected("stdout"), "{what}");
    });
    assert_eq!(checked, 8);
}

/// The instruction limit hit inside a `__close` handler while another is pending (papers/
/// differential.md, finding 8): both engines stop with the limit error (the VM with a
/// traceback, which it crashed building), and the pending handler never runs.
#[test]
fn instruction_limit_inside_close_handler_ends_the_run() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/limits");
    for engine in ["--engine=vm", "--engine=reference"] {
        let out = moonlab_cmd()
            .args([engine, "--max-instructions=5000", "close_after_limit.lua"])
            .current_dir(&dir)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{engine}: {err}");
        assert!(
            err.contains("instruction limit exceeded"),
            "{engine}: {err}"
        );
        if engine == "--engine=vm" {
            // (The reference reports its step limit without a traceback.)
            assert!(err.contains("stack traceback:"), "{engine}: {err}");
        }
        assert!(out.stdout.is_empty(), "{engine}: the second handler ran");
    }
}

/// Copying many values in one instruction or one library call (`...` passed on with one
/// more value in each tail call, `table.unpack` into a call, `select(2, ...)`) is charged
/// to the work limit, so these quadratic loops end with the limit error instead of
/// running for hours on a handful of instructions a call. (The bound below only tells a
/// hang from a slow run; each takes well under a second.)
#[test]
fn copying_many_values_counts_against_the_limit() {
    use std::time::{Duration, Instant};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/limits");
    for script in [
        "vararg_tail_growth.lua",
        "unpack_growth.lua",
        "select_shift.lua",
    ] {
        for engine in ["--engine=vm", "--engine=reference"] {
            let mut child = moonlab_cmd()
                .args([engine, "--max-instructions=1000000", script])
                .current_dir(&dir)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            let start = Instant::now();
            while child.try_wait().unwrap().is_none() {
                if start.elapsed() > Duration::from_secs(120) {
                    let _ = child.kill();
                    panic!("{engine} {script}: still running after 120 s");
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{engine} {script}: {err}");
            assert!(
                err.contains("instruction limit exceeded"),
                "{engine} {script}: {err}"
            );
        }
    }
}

/// `moonlab main.lua` where the script requires modules beside it: the default
/// `package.path` ends with `./?.lua;./?/init.lua`, so both engines find them as lua5.4
/// does; and `LUA_PATH_5_4`/`LUA_CPATH` with `;;` give lua5.4's paths (the default put in
/// place of `;;`). Expected outputs: `tests/require/*.stdout`, from
/// `tests/require/regen.sh`.
#[test]
fn require_finds_modules_beside_the_script() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/require");
    let unset = ["LUA_PATH", "LUA_PATH_5_4", "LUA_CPATH", "LUA_CPATH_5_4"];
    for engine in ["--engine=vm", "--engine=reference"] {
        let mut cmd = moonlab_cmd();
        cmd.args([engine, "main.lua"]).current_dir(&dir);
        for var in unset {
            cmd.env_remove(var);
        }
        let out = cmd.output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{engine}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            std::fs::read_to_string(dir.join("main.stdout")).unwrap(),
            "{engine}"
        );
        let out = moonlab_cmd()
            .args([engine, "env.lua"])
            .current_dir(&dir)
            .env_remove("LUA_CPATH_5_4")
            .env("LUA_PATH_5_4", "./?.x;;")
            .env("LUA_PATH", "ignored")
            .env("LUA_CPATH", ";;./?.y")
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            std::fs::read_to_string(dir.join("env.stdout")).unwrap(),
            "{engine}"
        );
    }
}

/// moonlab loads no native code: the C searchers find a library file as lua5.4 does, then
/// fail with the message of a lua5.4 built without `dlopen`, and `package.loadlib` returns
/// (nil, that message, "absent"). (Debian's lua5.4 has `dlopen`, so these outputs cannot
/// come from it; the wording around the message is checked against lua5.4 by the corpus,
/// `tests/lua/package/require_errors.lua`.)
#[test]
fn c_libraries_are_found_but_not_loaded() {
    use moonlab::shared::package_lib::DLMSG;
    let dir = std::env::temp_dir().join(format!("moonlab-cli-clib-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("clib.so"), "").unwrap();
    // 'clib' is found by the C searcher, 'clib.sub' by the C-root searcher (as ./clib.so).
    let script = "package.path = '' package.cpath = './?.so' \
                  print(select(2, pcall(require, 'clib'))) \
                  print(select(2, pcall(require, 'clib.sub'))) \
                  print(package.loadlib('./clib.so', 'luaopen_clib'))";
    for engine in ["--engine=vm", "--engine=reference"] {
        let out = moonlab_cmd()
            .args([engine, "-e", script])
            .current_dir(&dir)
            .output()
            .unwrap();
        let expected = format!(
            "error loading module 'clib' from file './clib.so':\n\t{DLMSG}\n\
             error loading module 'clib.sub' from file './clib.so':\n\t{DLMSG}\n\
             nil\t{DLMSG}\tabsent\n"
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{engine}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--disasm -e CHUNK` lists a chunk given on the command line, named as lua.c names `-e`
/// chunks (the listing itself is checked against luac5.4 by the testkit).
#[test]
fn disasm_lists_e_chunks() {
    let out = moonlab(&["--disasm", "-e", "return 1"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("\nmain <(command line):0,0> (4 instructions at 0x1)\n"),
        "{text}"
    );
    let out = moonlab(&["--disasm", "-e"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "moonlab: '-e' needs argument\n"
    );
}

/// moonlab's own options stand among lua's (and show in `arg` like them); a bad value is
/// reported under the program's name; `MOONLAB_ENGINE` picks the engine.
#[test]
fn moonlab_options_among_lua_options() {
    let out = moonlab(&[
        "-e",
        "x = 1",
        "--engine=reference",
        "--max-instructions=100000000",
        "-e",
        "print(x, arg[3], #arg)",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "1\t--engine=reference\t6\n"
    );
    let out = moonlab(&["--engine=luajit", "-e", "print(1)"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "moonlab: unknown engine 'luajit' (reference or vm)\n"
    );
    let out = moonlab_cmd()
        .args(["-e", "print(1)"])
        .env("MOONLAB_ENGINE", "jit")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "moonlab: unknown engine 'jit' in MOONLAB_ENGINE (reference or vm)\n"
    );
}
