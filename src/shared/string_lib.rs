//! The string library's rules that need no Lua values (lstrlib.c): positions, which bytes
//! `sub` and `byte` take, what `rep`, `reverse`, `upper`, `lower` and `char` make, where
//! `find`, `match` and `gmatch` start, and how `gsub` (and `table.concat`) turn a value
//! into text. Both engines call these; they only fetch arguments and make values.

use std::ops::Range;

use super::lib_error::LibError;
use super::number::{fmt_number, Number};

/// Lua's `posrelatI`: a 1-based start position (negative counts from the end), clipped to
/// `[1, inf)`.
pub fn posrelat_start(pos: i64, len: usize) -> usize {
    if pos > 0 {
        pos as usize
    } else if pos == 0 || pos.unsigned_abs() > len as u64 {
        1
    } else {
        len - pos.unsigned_abs() as usize + 1
    }
}

/// Lua's `getendpos`: a 1-based end position (negative counts from the end), clipped to
/// `[0, len]`.
pub fn end_position(pos: i64, len: usize) -> usize {
    if pos > len as i64 {
        len
    } else if pos >= 0 {
        pos as usize
    } else if pos.unsigned_abs() > len as u64 {
        0
    } else {
        (len as i64 + pos + 1) as usize
    }
}

/// `string.sub(s, i, j)` on a string of `len` bytes: the byte range of the result.
pub fn sub_range(len: usize, i: i64, j: i64) -> Range<usize> {
    let start = posrelat_start(i, len);
    let end = end_position(j, len);
    if start <= end {
        start - 1..end
    } else {
        0..0
    }
}

/// `string.byte(s, i, j)` (`j` defaults to `i` as given, before it is made absolute): the
/// range of the bytes it returns.
pub fn byte_range(len: usize, i: i64, j: i64) -> Result<Range<usize>, LibError> {
    let start = posrelat_start(i, len);
    let end = end_position(j, len);
    if start > end {
        return Ok(0..0);
    }
    if end - start >= i32::MAX as usize {
        return Err(LibError::plain("string slice too long"));
    }
    Ok(start - 1..end)
}

/// `string.rep(s, n, sep)`. `max` is the engine's longest string: a result that could
/// reach it (counted with one separator too many, as both engines always have) is
/// "resulting string too large".
pub fn rep(s: &[u8], n: i64, sep: &[u8], max: usize) -> Result<Vec<u8>, LibError> {
    // Nothing to repeat: C's loop would spin n times copying nothing.
    if n <= 0 || s.is_empty() && sep.is_empty() {
        return Ok(Vec::new());
    }
    let bound = (s.len() + sep.len()) as u128 * n as u128;
    if bound >= max as u128 {
        return Err(LibError::plain("resulting string too large"));
    }
    let mut out = Vec::new();
    out.try_reserve_exact(bound as usize)
        .map_err(|_| LibError::NoMemory)?;
    out.extend_from_slice(s);
    for _ in 1..n {
        out.extend_from_slice(sep);
        out.extend_from_slice(s);
    }
    Ok(out)
}

/// A buffer for a result of `n` bytes, or `NoMemory` if the allocator refuses it.
pub fn buffer(n: usize) -> Result<Vec<u8>, LibError> {
    let mut out = Vec::new();
    out.try_reserve_exact(n).map_err(|_| LibError::NoMemory)?;
    Ok(out)
}

/// `string.reverse`.
pub fn reverse(s: &[u8]) -> Result<Vec<u8>, LibError> {
    let mut out = buffer(s.len())?;
    out.extend(s.iter().rev());
    Ok(out)
}

/// `string.upper`: C's `toupper` in the "C" locale, which changes ASCII letters only.
pub fn upper(s: &[u8]) -> Result<Vec<u8>, LibError> {
    let mut out = buffer(s.len())?;
    out.extend(s.iter().map(u8::to_ascii_uppercase));
    Ok(out)
}

/// `string.lower`, like `upper`.
pub fn lower(s: &[u8]) -> Result<Vec<u8>, LibError> {
    let mut out = buffer(s.len())?;
    out.extend(s.iter().map(u8::to_ascii_lowercase));
    Ok(out)
}

/// `string.char`'s argument number `arg`, of value `c`: the byte it stands for.
pub fn char_byte(arg: usize, c: i64) -> Result<u8, LibError> {
    u8::try_from(c).map_err(|_| LibError::arg(arg, "value out of range"))
}

/// Where `string.find` and `string.match` start looking for `init`: a 0-based offset, or
/// `None` when `init` is past the end and they return nil without looking.
pub fn search_start(init: i64, len: usize) -> Option<usize> {
    let init = posrelat_start(init, len);
    (init <= len + 1).then(|| init - 1)
}

/// Where `string.gmatch` starts for `init`: past the end, it starts after the end and finds
/// nothing.
pub fn gmatch_start(init: i64, len: usize) -> usize {
    search_start(init, len).unwrap_or(len + 1)
}

/// A value as the functions that join text see it (`lua_isstring`, then `luaL_typename`):
/// a string, a number (written as `tostring` writes it), or another value known only by
/// its basic type name. Never by `__name`: lua5.4 does not use it in these messages.
#[derive(Clone, Copy, Debug)]
pub enum TextPiece<'a> {
    /// A string.
    Str(&'a [u8]),
    /// A number, which joins as `tostring` writes it.
    Number(Number),
    /// Any other value.
    Other {
        /// The basic type name (`luaL_typename`): "table", "nil", ...
        type_name: &'static str,
    },
}

impl TextPiece<'_> {
    /// Appends the piece's text, or gives back the type name of a value that has none.
    /// Always inlined: `table.concat` runs it once per element.
    #[inline(always)]
    /// Appends the piece's text; `NotText` carries the type name of a piece that has none.
    pub(crate) fn append_to(self, out: &mut Vec<u8>) -> Result<(), AppendError> {
        let need = match self {
            TextPiece::Str(s) => s.len(),
            TextPiece::Number(_) => 44,
            TextPiece::Other { type_name } => return Err(AppendError::NotText(type_name)),
        };
        out.try_reserve(need).map_err(|_| AppendError::NoMemory)?;
        match self {
            TextPiece::Str(s) => out.extend_from_slice(s),
            TextPiece::Number(n) => fmt_number(n, out),
            TextPiece::Other { .. } => {}
        }
        Ok(())
    }
}

/// Why a piece could not be appended.
pub(crate) enum AppendError {
    /// Not a string or a number: its type name.
    NotText(&'static str),
    /// The buffer could not grow.
    NoMemory,
}

/// `gsub` with a function or table replacement (`add_value`): appends what the function or
/// table gave for the match `whole`; `None` stands for nil or false, which keep the match.
#[inline]
pub fn add_replacement(
    out: &mut Vec<u8>,
    whole: &[u8],
    value: Option<TextPiece>,
) -> Result<(), LibError> {
    let Some(piece) = value else {
        out.try_reserve(whole.len())
            .map_err(|_| LibError::NoMemory)?;
        out.extend_from_slice(whole);
        return Ok(());
    };
    piece.append_to(out).map_err(|e| match e {
        AppendError::NotText(type_name) => invalid_replacement(type_name),
        AppendError::NoMemory => LibError::NoMemory,
    })
}

#[cold]
fn invalid_replacement(type_name: &str) -> LibError {
    LibError::plain(format!("invalid replacement value (a {type_name})"))
}
