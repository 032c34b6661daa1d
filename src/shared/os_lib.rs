//! The os and io libraries' rules that need no Lua values: the clock, the time, and the
//! wording of a file that cannot be opened.

use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// `os.clock`: seconds since the first call in this process. C's `clock()` counts the
/// process's CPU time, so the origin is one per process (not per state or thread); wall
/// time since the first call stands in for CPU time, which the standard library cannot
/// read.
pub fn clock() -> f64 {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    ORIGIN.get_or_init(Instant::now).elapsed().as_secs_f64()
}

/// `os.time()`: the current time in whole seconds since the epoch.
pub fn time_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `os.time(t)` with a table is not provided by either engine yet.
pub const TIME_TABLE_UNSUPPORTED: &str = "os.time with a table is not supported by the reference";

/// The text C's `strerror` gives for an I/O error, as lua5.4 puts it in its messages.
pub fn io_error_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "No such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "Permission denied".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// `luaL_loadfilex`'s error for a file it cannot open (`dofile`, `loadfile`).
pub fn cannot_open(path: &str, e: &std::io::Error) -> String {
    format!("cannot open {path}: {}", io_error_text(e))
}
