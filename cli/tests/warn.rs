//! `warn` through the command line on both engines: off at startup as in lua.c, "@on" and
//! "@off", multi-piece messages, and the warning of a failing finalizer. Expected stderr:
//! `tests/warn/NAME.stderr`, from `tests/warn/regen.sh` (lua5.4).

use std::path::Path;
use std::process::Command;

#[test]
fn warnings_match_lua54() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/warn");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "lua") {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap();
        let stderr = std::fs::read_to_string(path.with_extension("stderr")).unwrap();
        for engine in ["--engine=vm", "--engine=reference"] {
            let out = Command::new(env!("CARGO_BIN_EXE_moonlab"))
                .args([engine, name])
                .current_dir(&dir)
                .output()
                .unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out.stderr),
                stderr,
                "{name} on {engine}"
            );
            assert!(out.status.success(), "{name} on {engine}");
            checked += 1;
        }
    }
    assert_eq!(checked, 2);
}
