//! `os.exit` through the command line on both engines: the status, the output flushed,
//! and with `close` the state closed first (to-be-closed variables, then finalizers).
//! Expected results: `tests/exit/NAME.stdout` and `NAME.status`, from
//! `tests/exit/regen.sh` (lua5.4).

use std::path::Path;
use std::process::Command;

#[test]
fn os_exit_matches_lua54() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/exit");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "lua") {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap();
        let stdout = std::fs::read_to_string(path.with_extension("stdout")).unwrap();
        let status: i32 = std::fs::read_to_string(path.with_extension("status"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        for engine in ["--engine=vm", "--engine=reference"] {
            let out = Command::new(env!("CARGO_BIN_EXE_moonlab"))
                .args([engine, name])
                .current_dir(&dir)
                .output()
                .unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                stdout,
                "{name} on {engine}"
            );
            assert!(out.stderr.is_empty(), "{name} on {engine}");
            assert_eq!(out.status.code(), Some(status), "{name} on {engine}");
            checked += 1;
        }
    }
    assert_eq!(checked, 14);
}
