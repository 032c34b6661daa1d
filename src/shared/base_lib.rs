//! The basic library's rules that need no Lua values (lbaselib.c): `select`'s index,
//! `tonumber` with a base, and how `print` writes.

use std::io::Write;

use super::lib_error::LibError;
use super::number::str2int_base;

/// Whether `select`'s first argument, a string with these bytes, asks for the count of the
/// other arguments: lbaselib.c looks at its first byte only (`select("#x", ...)` counts).
pub fn select_counts(first_arg: &[u8]) -> bool {
    first_arg.first() == Some(&b'#')
}

/// `select(i, ...)` with `count` values after `i`: how many of them, from the end, it
/// returns.
pub fn select_count(i: i64, count: usize) -> Result<usize, LibError> {
    // lbaselib.c counts `i` itself among the arguments.
    let n = count as i64 + 1;
    let i = if i < 0 {
        n.saturating_add(i)
    } else if i > n {
        n
    } else {
        i
    };
    if i < 1 {
        return Err(LibError::arg(1, "index out of range"));
    }
    Ok((n - i) as usize)
}

/// `print`'s output for its argument number `i` (from 1), once converted to `text`. lua5.4
/// writes each argument as soon as it has converted it (`luaB_print`), a tab before all but
/// the first, so what the earlier arguments wrote stays written when a later `__tostring`
/// fails, and whatever a `__tostring` prints comes out between them. (Write errors are
/// ignored, as lua5.4 ignores `fwrite`'s.)
pub fn print_arg(out: &mut dyn Write, i: usize, text: &[u8]) {
    if i > 1 {
        let _ = out.write_all(b"\t");
    }
    let _ = out.write_all(text);
}

/// The end of `print`'s line: the newline, then a flush (`lua_writeline`'s
/// `fflush(stdout)`), so a printed line is out before anything written elsewhere after it.
pub fn print_end(out: &mut dyn Write) {
    let _ = out.write_all(b"\n");
    let _ = out.flush();
}

/// `tonumber(s, base)` once `base` is an integer and `s` a string: the integer `s` spells
/// in `base`, or `None` (fail) if it spells none.
pub fn tonumber_base(s: &[u8], base: i64) -> Result<Option<i64>, LibError> {
    if !(2..=36).contains(&base) {
        return Err(LibError::arg(2, "base out of range"));
    }
    Ok(str2int_base(s, base as u32))
}

/// `load`'s `mode` check (`checkmode` in ldo.c): a binary chunk needs a `b` in the mode, a
/// text chunk a `t`. Like C's `strchr`, the search stops at a zero byte, and so does the
/// mode quoted in the message.
pub fn check_load_mode(mode: &[u8], binary: bool) -> Result<(), Vec<u8>> {
    let mode = mode.split(|&b| b == 0).next().unwrap_or_default();
    let (kind, letter): (&[u8], u8) = if binary {
        (b"binary", b'b')
    } else {
        (b"text", b't')
    };
    if mode.contains(&letter) {
        return Ok(());
    }
    let mut m = b"attempt to load a ".to_vec();
    m.extend_from_slice(kind);
    m.extend_from_slice(b" chunk (mode is '");
    m.extend_from_slice(mode);
    m.extend_from_slice(b"')");
    Err(m)
}

/// The source and chunk name of `loadfile(name)`/`dofile(name)` (luaL_loadfilex): the file's
/// bytes without a first `#` line, named `@name`, or standard input named `=stdin` when no
/// name is given; or lua5.4's "cannot open NAME: REASON" message.
pub fn read_chunk_file(name: Option<&[u8]>) -> Result<(Vec<u8>, Vec<u8>), Vec<u8>> {
    match name {
        Some(p) => {
            let path = String::from_utf8_lossy(p).into_owned();
            match std::fs::read(&path) {
                Ok(b) => {
                    let mut chunkname = b"@".to_vec();
                    chunkname.extend_from_slice(p);
                    Ok((crate::syntax::file_source(&b).into_owned(), chunkname))
                }
                Err(e) => Err(super::os_lib::cannot_open(&path, &e).into_bytes()),
            }
        }
        None => {
            let mut b = Vec::new();
            let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut b);
            Ok((
                crate::syntax::file_source(&b).into_owned(),
                b"=stdin".to_vec(),
            ))
        }
    }
}
