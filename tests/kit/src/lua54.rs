//! The PUC-Rio programs the tests compare against, `lua5.4` and `luac5.4`. Every committed
//! expectation was written by them; where they are installed the tests also re-check those
//! expectations live. Without them those checks are skipped with a note, unless
//! `MOONLAB_REQUIRE_LUA=1` (CI sets it), which turns their absence into a failure.

use std::process::Command;

/// The Lua 5.4 interpreter.
pub const LUA: &str = "lua5.4";
/// The Lua 5.4 compiler (listings, `-p` syntax checks).
pub const LUAC: &str = "luac5.4";

/// Whether `program` (`LUA` or `LUAC`) can be run. When it cannot: a panic if it is
/// required (see [`required`]), otherwise `false` and a note on stderr.
pub fn available(program: &str) -> bool {
    if Command::new(program).arg("-v").output().is_ok() {
        return true;
    }
    assert!(
        !required(),
        "{program} is required (MOONLAB_REQUIRE_LUA is set) but not installed"
    );
    eprintln!("{program} is not installed: the comparisons with it are skipped");
    false
}

/// Whether `MOONLAB_REQUIRE_LUA` asks for lua5.4 and luac5.4 to be installed: set to
/// anything but an empty string or `0`.
pub fn required() -> bool {
    std::env::var_os("MOONLAB_REQUIRE_LUA").is_some_and(|v| !v.is_empty() && v != "0")
}
