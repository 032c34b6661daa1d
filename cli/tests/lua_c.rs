//! The command line against lua5.4's `lua.c`: every `lua_c/cases/NAME.sh` runs with `lua`
//! standing for moonlab (a wrapper that runs it under the program name "lua"), on both
//! engines, and must print what lua5.4 printed in the same place (`lua_c/expected/`,
//! written by `lua_c/regen.sh`) and exit alike. The one edit: lua5.4's `-v` banner is
//! replaced by moonlab's version line. Where lua5.4 is installed, the committed outputs
//! are checked against it too.

use std::path::{Path, PathBuf};
use std::process::Command;

const LUA_BANNER: &str = "Lua 5.4.4  Copyright (C) 1994-2022 Lua.org, PUC-Rio";

/// What `moonlab -v` prints (cli/src/interpreter.rs).
fn moonlab_banner() -> String {
    format!(
        "moonlab {} (Lua 5.4)  Lua: Copyright (C) 1994-2022 Lua.org, PUC-Rio",
        env!("CARGO_PKG_VERSION")
    )
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lua_c")
}

/// A directory holding `lua`, a script running `program` under the name "lua".
fn wrapper(program: &str, tag: &str) -> PathBuf {
    let bin = std::env::temp_dir().join(format!("moonlab-lua-c-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&bin).unwrap();
    let script = format!("#!/usr/bin/env bash\nexec -a lua \"{program}\" \"$@\"\n");
    let path = bin.join("lua");
    std::fs::write(&path, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    bin
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir().join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sh"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "cases missing");
    cases
}

fn expected(name: &str, ext: &str) -> String {
    std::fs::read_to_string(dir().join("expected").join(format!("{name}.{ext}")))
        .unwrap_or_else(|e| panic!("{name}.{ext}: {e} (run lua_c/regen.sh)"))
}

/// Runs a case with `lua` from `bin` (as regen.sh runs it): stdout, stderr, status.
fn run_case(case: &Path, bin: &Path, engine: &str) -> (String, String, Option<i32>) {
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new("bash");
    cmd.arg(case)
        .current_dir(dir().join("files"))
        .env("PATH", &path)
        .env("MOONLAB_ENGINE", engine)
        .stdin(std::process::Stdio::null());
    for var in [
        "LUA_INIT",
        "LUA_INIT_5_4",
        "LUA_PATH",
        "LUA_PATH_5_4",
        "LUA_CPATH",
        "LUA_CPATH_5_4",
    ] {
        cmd.env_remove(var);
    }
    let out = cmd.output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

/// Cases an engine is known to get wrong: (case, engine, why). A listed case that
/// matches fails the test, so the list stays true. Empty since the reference runs an
/// error object's `__tostring` above a frame standing for lua.c's message handler
/// (case `error_object_levels`).
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[];

/// Compares every case's run with its expected outputs (`banner`: what stands for
/// lua5.4's `-v` line).
fn check_all(bin: &Path, engines: &[&str], banner: &str) -> Vec<String> {
    let mut failures = Vec::new();
    for case in &cases() {
        let name = case.file_stem().unwrap().to_str().unwrap();
        let stdout = expected(name, "stdout").replace(LUA_BANNER, banner);
        let stderr = expected(name, "stderr");
        let status: i32 = expected(name, "status").trim().parse().unwrap();
        for engine in engines {
            let (out, err, code) = run_case(case, bin, engine);
            let same = out == stdout && err == stderr && code == Some(status);
            if let Some((_, _, why)) = KNOWN_DIFFERENCES
                .iter()
                .find(|(n, e, _)| *n == name && e == engine)
            {
                if same {
                    failures.push(format!(
                        "{name} on {engine} is listed as a known difference ({why}) but matches"
                    ));
                }
                continue;
            }
            if !same {
                failures.push(format!(
                    "{name} on {engine}: status {code:?} (want {status})\n--- stdout\n{out}--- want\n{stdout}--- stderr\n{err}--- want\n{stderr}"
                ));
            }
        }
    }
    failures
}

#[test]
fn command_line_matches_lua_c() {
    let bin = wrapper(env!("CARGO_BIN_EXE_moonlab"), "moonlab");
    let failures = check_all(&bin, &["vm", "reference"], &moonlab_banner());
    let _ = std::fs::remove_dir_all(&bin);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The committed outputs are what lua5.4 prints now (skipped without lua5.4, unless
/// MOONLAB_REQUIRE_LUA=1, as in CI).
#[test]
fn committed_outputs_are_lua54s() {
    let found = Command::new("lua5.4")
        .args(["-e", ""])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("MOONLAB_REQUIRE_LUA").is_none(),
            "lua5.4 is required (MOONLAB_REQUIRE_LUA is set)"
        );
        eprintln!("lua5.4 not installed: committed outputs not checked");
        return;
    }
    let bin = wrapper("lua5.4", "lua54");
    let failures = check_all(&bin, &["vm"], LUA_BANNER);
    let _ = std::fs::remove_dir_all(&bin);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
