//! The utf8 library's rules that need no Lua values (lutf8lib.c): positions and their
//! bounds, `char`'s range, and what `codepoint`, `len`, `offset` and the `codes` iterator
//! find, on `utf8::decode` (strict by default, `lax` accepts up to 2^31 - 1).

use std::ops::Range;

use super::lib_error::LibError;
use super::utf8::{decode, encode_extended, is_continuation, MAX_EXTENDED};

/// `utf8.charpattern`: one UTF-8 sequence, if the subject is valid UTF-8.
pub const CHAR_PATTERN: &[u8] = b"[\x00-\x7F\xC2-\xFD][\x80-\xBF]*";

const INVALID: &str = "invalid UTF-8 code";

fn invalid() -> LibError {
    LibError::plain(INVALID)
}

/// `u_posrelat`: negative positions count from the end; too negative gives 0.
fn posrelat(pos: i64, len: usize) -> i64 {
    if pos >= 0 {
        pos
    } else if pos.unsigned_abs() > len as u64 {
        0
    } else {
        len as i64 + pos + 1
    }
}

/// Whether byte `i` (0-based) of `s` is a continuation byte; past the end it reads C's
/// terminating zero, which is not one.
fn is_cont_at(s: &[u8], i: i64) -> bool {
    usize::try_from(i)
        .ok()
        .and_then(|i| s.get(i))
        .is_some_and(|&b| is_continuation(b))
}

/// Appends `utf8.char`'s argument number `arg`, of value `c`.
pub fn encode_char(arg: usize, c: i64, out: &mut Vec<u8>) -> Result<(), LibError> {
    if c as u64 > u64::from(MAX_EXTENDED) {
        return Err(LibError::arg(arg, "value out of range"));
    }
    encode_extended(c as u32, out);
    Ok(())
}

/// `utf8.codepoint(s, i, j)` on a string of `len` bytes (`j` absent defaults to `i`): the
/// bytes whose characters it decodes (a character may run past the end of the range).
pub fn codepoint_range(len: usize, i: i64, j: Option<i64>) -> Result<Range<usize>, LibError> {
    let posi = posrelat(i, len);
    let pose = posrelat(j.unwrap_or(posi), len);
    if posi < 1 {
        return Err(LibError::arg(2, "out of bounds"));
    }
    if pose > len as i64 {
        return Err(LibError::arg(3, "out of bounds"));
    }
    if posi > pose {
        return Ok(0..0);
    }
    Ok(posi as usize - 1..pose as usize)
}

/// The code points of the characters starting in `range` of `s` (from `codepoint_range`),
/// or "invalid UTF-8 code" at the first invalid sequence.
pub fn codepoints(s: &[u8], range: Range<usize>, lax: bool) -> CodePoints<'_> {
    CodePoints {
        s,
        at: range.start,
        end: range.end,
        strict: !lax,
    }
}

/// The iterator of `codepoints`.
pub struct CodePoints<'a> {
    s: &'a [u8],
    at: usize,
    end: usize,
    strict: bool,
}

impl Iterator for CodePoints<'_> {
    type Item = Result<u32, LibError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.end {
            return None;
        }
        match decode(&self.s[self.at..], self.strict) {
            Some((code, n)) => {
                self.at += n;
                Some(Ok(code))
            }
            None => {
                // One error ends the iteration.
                self.at = self.end;
                Some(Err(invalid()))
            }
        }
    }
}

/// What `utf8.len` finds when its positions are in bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Utf8Len {
    /// The number of characters starting between the two positions.
    Count(i64),
    /// The 1-based position of the first invalid byte sequence (`len` returns fail and it).
    Invalid(i64),
}

/// `utflen`: `utf8.len(s, i, j, lax)` with `i` and `j` as given.
pub fn len(s: &[u8], i: i64, j: i64, lax: bool) -> Result<Utf8Len, LibError> {
    let (i, j) = (posrelat(i, s.len()), posrelat(j, s.len()));
    if !(1 <= i && i - 1 <= s.len() as i64) {
        return Err(LibError::arg(2, "initial position out of bounds"));
    }
    let (mut posi, posj) = (i - 1, j - 1);
    if posj >= s.len() as i64 {
        return Err(LibError::arg(3, "final position out of bounds"));
    }
    let mut n = 0;
    while posi <= posj {
        match decode(&s[posi as usize..], !lax) {
            Some((_, l)) => {
                posi += l as i64;
                n += 1;
            }
            None => return Ok(Utf8Len::Invalid(posi + 1)),
        }
    }
    Ok(Utf8Len::Count(n))
}

/// `utf8.offset(s, n, i)` (`i` absent: 1 for `n >= 0`, past the end otherwise): the 1-based
/// byte position where the `n`-th character counted from `i` starts, or `None` if there is
/// none.
pub fn offset(s: &[u8], mut n: i64, i: Option<i64>) -> Result<Option<i64>, LibError> {
    let default = if n >= 0 { 1 } else { s.len() as i64 + 1 };
    let i = posrelat(i.unwrap_or(default), s.len());
    if !(1 <= i && i - 1 <= s.len() as i64) {
        return Err(LibError::arg(3, "position out of bounds"));
    }
    let mut posi = i - 1;
    if n == 0 {
        // The start of the character containing byte i.
        while posi > 0 && is_cont_at(s, posi) {
            posi -= 1;
        }
        return Ok(Some(posi + 1));
    }
    if is_cont_at(s, posi) {
        return Err(LibError::plain("initial position is a continuation byte"));
    }
    if n < 0 {
        while n < 0 && posi > 0 {
            loop {
                posi -= 1;
                if !(posi > 0 && is_cont_at(s, posi)) {
                    break;
                }
            }
            n += 1;
        }
    } else {
        n -= 1;
        while n > 0 && posi < s.len() as i64 {
            loop {
                posi += 1;
                if !is_cont_at(s, posi) {
                    break;
                }
            }
            n -= 1;
        }
    }
    Ok((n == 0).then_some(posi + 1))
}

/// One step of the `utf8.codes` iterator (`iter_aux`), given the control value `n` (the
/// position of the previous character, 0 at the start): the next character's 1-based
/// position and code point, or `None` at the end. As in lua 5.4.4, stray continuation
/// bytes after a character are skipped, not an error (5.4.6 made them one).
pub fn codes_step(s: &[u8], n: i64, lax: bool) -> Result<Option<(i64, u32)>, LibError> {
    let len = s.len() as u64;
    // As an unsigned number, so a negative control value is past the end.
    let mut n = n as u64;
    // Skip the continuation bytes of the previous character (and stray ones).
    while n < len && is_continuation(s[n as usize]) {
        n += 1;
    }
    if n >= len {
        return Ok(None);
    }
    match decode(&s[n as usize..], !lax) {
        Some((code, _)) => Ok(Some((n as i64 + 1, code))),
        None => Err(invalid()),
    }
}
