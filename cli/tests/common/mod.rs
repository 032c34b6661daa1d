//! What the command-line tests share: running every script of a folder on both engines,
//! for the folders whose expected results lua5.4 wrote (each has its own `regen.sh`).

// Each test file compiles this module for itself and uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// What one script run gives the check: the script's file name, its path (to find the
/// expected files beside it), the engine option and the process's output.
pub struct Run<'a> {
    pub name: &'a str,
    pub path: &'a Path,
    pub engine: &'a str,
    pub out: Output,
}

impl Run<'_> {
    /// The expected file beside the script with extension `ext`.
    pub fn expected(&self, ext: &str) -> String {
        let p = self.path.with_extension(ext);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
}

/// Runs every `.lua` of `tests/FOLDER` on both engines, as `moonlab --engine=E NAME.lua`
/// with argv[0] "moonlab" from inside the folder (so chunk names are the file names), and
/// hands each run to `check`. Returns how many runs were checked, which each test compares with the number
/// it expects so that a lost script cannot pass unnoticed.
pub fn each_script_on_both_engines(folder: &str, mut check: impl FnMut(&Run)) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(folder);
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "lua"))
        .collect();
    scripts.sort();
    let mut checked = 0;
    for path in &scripts {
        let name = path.file_name().unwrap().to_str().unwrap();
        for engine in ["--engine=vm", "--engine=reference"] {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_moonlab"));
            // Messages start with argv[0], as lua.c's do: "moonlab: ...".
            std::os::unix::process::CommandExt::arg0(&mut cmd, "moonlab");
            let out = cmd.args([engine, name]).current_dir(&dir).output().unwrap();
            check(&Run {
                name,
                path,
                engine,
                out,
            });
            checked += 1;
        }
    }
    checked
}
