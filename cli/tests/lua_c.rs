//! The command line against lua5.4's `lua.c`: every `lua_c/cases/NAME.sh` runs with `lua`
//! standing for moonlab (a wrapper that runs it under the program name "lua"), on both
//! engines, and must print what lua5.4 printed in the same place (`lua_c/expected/`,
//! written by `lua_c/regen.sh`) and exit alike. The one edit: lua5.4's `-v` banner is
//! replaced by moonlab's version line.

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

/// A directory holding `lua`, a script running moonlab as "lua".
fn wrapper() -> PathBuf {
    let bin = std::env::temp_dir().join(format!("moonlab-lua-c-{}", std::process::id()));
    std::fs::create_dir_all(&bin).unwrap();
    let script = format!(
        "#!/usr/bin/env bash\nexec -a lua \"{}\" \"$@\"\n",
        env!("CARGO_BIN_EXE_moonlab")
    );
    let path = bin.join("lua");
    std::fs::write(&path, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    bin
}

#[test]
fn command_line_matches_lua_c() {
    let bin = wrapper();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir().join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sh"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "cases missing");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_stem().unwrap().to_str().unwrap();
        let expected = |ext: &str| {
            std::fs::read_to_string(dir().join("expected").join(format!("{name}.{ext}")))
                .unwrap_or_else(|e| panic!("{name}.{ext}: {e} (run lua_c/regen.sh)"))
        };
        let stdout = expected("stdout").replace(LUA_BANNER, &moonlab_banner());
        let stderr = expected("stderr");
        let status: i32 = expected("status").trim().parse().unwrap();
        for engine in ["vm", "reference"] {
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
            let got_out = String::from_utf8_lossy(&out.stdout);
            let got_err = String::from_utf8_lossy(&out.stderr);
            if got_out != stdout || got_err != stderr || out.status.code() != Some(status) {
                failures.push(format!(
                    "{name} on {engine}: status {:?} (want {status})\n--- stdout\n{got_out}--- want\n{stdout}--- stderr\n{got_err}--- want\n{stderr}",
                    out.status.code()
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&bin);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
