//! Reading a chunk from a file or standard input, as `luaL_loadfile` does.

use std::io::Read;

use moonlab::syntax;

/// Reads `path` (`-`: standard input); returns (chunk name, source), the source without a
/// first `#` line. The error is `luaL_loadfile`'s message.
pub fn read_source(path: &[u8]) -> Result<(Vec<u8>, Vec<u8>), String> {
    if path == b"-" {
        return read_stdin();
    }
    read_file(path)
}

/// Reads the file `path` (even one named `-`, as `lua -- -` does).
pub fn read_file(path: &[u8]) -> Result<(Vec<u8>, Vec<u8>), String> {
    let shown = String::from_utf8_lossy(path);
    let bytes = std::fs::read(os_path(path)).map_err(|e| {
        // A directory opens, and fails when read.
        let (what, reason) = match e.kind() {
            std::io::ErrorKind::NotFound => ("open", "No such file or directory".to_string()),
            std::io::ErrorKind::PermissionDenied => ("open", "Permission denied".to_string()),
            std::io::ErrorKind::IsADirectory => ("read", "Is a directory".to_string()),
            _ => ("open", e.to_string()),
        };
        format!("cannot {what} {shown}: {reason}")
    })?;
    let mut name = b"@".to_vec();
    name.extend_from_slice(path);
    Ok((name, syntax::file_source(&bytes).into_owned()))
}

/// Standard input as a chunk named `=stdin`.
pub fn read_stdin() -> Result<(Vec<u8>, Vec<u8>), String> {
    let mut buf = Vec::new();
    std::io::stdin()
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read stdin: {e}"))?;
    Ok((b"=stdin".to_vec(), syntax::file_source(&buf).into_owned()))
}

/// A file name's bytes as the operating system takes them.
pub fn os_path(file: &[u8]) -> std::path::PathBuf {
    #[cfg(unix)]
    return std::path::PathBuf::from(
        <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(file),
    );
    #[cfg(not(unix))]
    return std::path::PathBuf::from(String::from_utf8_lossy(file).into_owned());
}
