//! The os library's rules that need no Lua values (loslib.c): the clock, the time, files,
//! commands, the locale, the exit status, and the wording of system errors as lua5.4
//! gives them (glibc's `strerror` and `errno`). Dates are in `date_lib`.

use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// `os.clock`: the CPU time the process has used, in seconds, as C's `clock()` counts it.
/// Where the system cannot say (no process CPU clock), wall time since the first call in
/// this process stands in.
pub fn clock() -> f64 {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    match cpu_time::ProcessTime::try_now() {
        Ok(t) => t.as_duration().as_secs_f64(),
        Err(_) => ORIGIN.get_or_init(Instant::now).elapsed().as_secs_f64(),
    }
}

/// `os.time()`: the current time in whole seconds since the epoch.
pub fn time_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

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

/// `luaL_fileresult`'s failure: the message ("name: reason", or the reason alone without
/// a name) and the error number.
pub fn file_failure(name: Option<&[u8]>, e: &std::io::Error) -> (Vec<u8>, i64) {
    let mut msg = Vec::new();
    if let Some(n) = name {
        msg.extend_from_slice(n);
        msg.extend_from_slice(b": ");
    }
    msg.extend_from_slice(io_error_text(e).as_bytes());
    (msg, i64::from(e.raw_os_error().unwrap_or(0)))
}

fn os_path(name: &[u8]) -> std::path::PathBuf {
    use std::os::unix::ffi::OsStrExt;
    // C's file functions take the name up to its first zero byte.
    let name = name.split(|&b| b == 0).next().unwrap_or_default();
    std::path::PathBuf::from(std::ffi::OsStr::from_bytes(name))
}

/// `os.remove`: C's `remove` deletes a file or an empty directory.
pub fn remove(name: &[u8]) -> Result<(), (Vec<u8>, i64)> {
    let path = os_path(name);
    let r = match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir(&path),
        _ => std::fs::remove_file(&path),
    };
    r.map_err(|e| file_failure(Some(name), &e))
}

/// `os.rename`: lua5.4 names no file in its message.
pub fn rename(from: &[u8], to: &[u8]) -> Result<(), (Vec<u8>, i64)> {
    std::fs::rename(os_path(from), os_path(to)).map_err(|e| file_failure(None, &e))
}

/// `os.tmpname`'s failure.
pub const TMPNAME_FAILED: &str = "unable to generate a unique filename";

/// `os.tmpname`: as lua5.4 with `mkstemp`, a new empty file /tmp/lua_XXXXXX (six random
/// letters and digits), created here so that no other process gets the name.
pub fn tmpname() -> Result<String, crate::shared::lib_error::LibError> {
    use std::hash::{BuildHasher, Hasher};
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    // RandomState is seeded from the system's random source: a fresh seed per call.
    for attempt in 0..100u64 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(attempt);
        h.write_u128(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        let mut bits = h.finish();
        let mut name = String::from("/tmp/lua_");
        for _ in 0..6 {
            name.push(CHARS[(bits % CHARS.len() as u64) as usize] as char);
            bits /= CHARS.len() as u64;
        }
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&name)
        {
            Ok(_) => return Ok(name),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => break,
        }
    }
    Err(crate::shared::lib_error::LibError::plain(TMPNAME_FAILED))
}

/// What `os.execute(cmd)` returns (`luaL_execresult`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExecResult {
    /// The shell ran: `true` or fail, then "exit" or "signal", then the number.
    Ran {
        /// Whether the command exited with status 0.
        success: bool,
        /// `"exit"` or `"signal"`.
        what: &'static str,
        /// The exit status or the signal number.
        code: i64,
    },
    /// The shell could not be started: fail, the message, the error number.
    Failed(Vec<u8>, i64),
}

/// `os.execute(cmd)`: C's `system`, which runs `/bin/sh -c cmd` and waits for it. The
/// program's own output is flushed first by the caller, as C's stdio buffers are not shared
/// with the child either way.
pub fn execute(cmd: &[u8]) -> ExecResult {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    let cmd = cmd.split(|&b| b == 0).next().unwrap_or_default();
    // argv[0] "sh", as glibc's system() passes: the shell's own messages then start with
    // "sh: 1:", as under lua5.4.
    let status = std::process::Command::new("/bin/sh")
        .arg0("sh")
        .arg("-c")
        .arg(std::ffi::OsStr::from_bytes(cmd))
        .status();
    match status {
        Ok(st) => match (st.code(), st.signal()) {
            (Some(code), _) => ExecResult::Ran {
                success: code == 0,
                what: "exit",
                code: i64::from(code),
            },
            (None, Some(sig)) => ExecResult::Ran {
                success: false,
                what: "signal",
                code: i64::from(sig),
            },
            (None, None) => ExecResult::Ran {
                success: false,
                what: "exit",
                code: -1,
            },
        },
        Err(e) => {
            let (m, n) = file_failure(None, &e);
            ExecResult::Failed(m, n)
        }
    }
}

/// `os.execute()` without a command: whether C's `system(NULL)` finds a shell.
pub fn shell_available() -> bool {
    std::path::Path::new("/bin/sh").exists()
}

/// `os.setlocale`'s categories, in lua5.4's order (`luaL_checkoption` over them).
pub const LOCALE_CATEGORIES: [&str; 6] = ["all", "collate", "ctype", "monetary", "numeric", "time"];

/// `os.setlocale(locale, category)`: the category checked as lua5.4 checks it, then the
/// locale the state would be in. Only the C locale exists here: asking for it (as "C",
/// "POSIX" or the environment's default "") or querying (`None`) gives "C", any other
/// locale fails (`None`), as C's `setlocale` does for a locale that is not installed.
pub fn setlocale(
    locale: Option<&[u8]>,
    category: Option<&[u8]>,
) -> Result<Option<&'static str>, crate::shared::lib_error::LibError> {
    let cat = category.unwrap_or(b"all");
    if !LOCALE_CATEGORIES.iter().any(|c| c.as_bytes() == cat) {
        return Err(crate::shared::lib_error::LibError::arg(
            2,
            format!("invalid option '{}'", String::from_utf8_lossy(cat)),
        ));
    }
    Ok(match locale {
        None | Some(b"" | b"C" | b"POSIX") => Some("C"),
        Some(_) => None,
    })
}

/// What `os.exit` asks of the host: end the process with `code`, after closing the state
/// (`lua_close`: pending to-be-closed variables, then every finalizer) if `close`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExitRequest {
    /// The process's exit status.
    pub code: i32,
    /// Whether to close the state before exiting (`os.exit`'s second argument).
    pub close: bool,
}

/// `os.exit`'s status: `true` is EXIT_SUCCESS, `false` EXIT_FAILURE, an integer itself
/// (C's `int`, of which the process keeps the low 8 bits).
pub fn exit_status(code: Option<i64>, flag: Option<bool>) -> i32 {
    match flag {
        Some(true) => 0,
        Some(false) => 1,
        None => code.unwrap_or(0) as i32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_functions_fail_as_lua_says() {
        let (m, n) = remove(b"/nonexistent-moonlab/x").unwrap_err();
        assert_eq!(m, b"/nonexistent-moonlab/x: No such file or directory");
        assert_eq!(n, 2);
        let (m, n) = rename(b"/nonexistent-moonlab/x", b"/tmp/y").unwrap_err();
        assert_eq!(m, b"No such file or directory");
        assert_eq!(n, 2);
    }

    #[test]
    fn tmpname_makes_a_file() {
        let name = tmpname().unwrap();
        assert!(name.starts_with("/tmp/lua_") && name.len() == 15, "{name}");
        assert!(std::path::Path::new(&name).exists());
        remove(name.as_bytes()).unwrap();
    }

    #[test]
    fn execute_reports_exit_and_signal() {
        let ok = ExecResult::Ran {
            success: true,
            what: "exit",
            code: 0,
        };
        assert_eq!(execute(b"true"), ok);
        let r = execute(b"exit 3");
        assert_eq!(
            r,
            ExecResult::Ran {
                success: false,
                what: "exit",
                code: 3
            }
        );
        let r = execute(b"kill -9 $$");
        assert_eq!(
            r,
            ExecResult::Ran {
                success: false,
                what: "signal",
                code: 9
            }
        );
    }

    #[test]
    fn setlocale_knows_only_c() {
        assert_eq!(setlocale(None, None), Ok(Some("C")));
        assert_eq!(setlocale(Some(b"POSIX"), Some(b"numeric")), Ok(Some("C")));
        assert_eq!(setlocale(Some(b"fr_FR"), None), Ok(None));
        assert_eq!(
            setlocale(None, Some(b"colour")).unwrap_err().to_string(),
            "arg 2: invalid option 'colour'"
        );
    }
}
