//! The lexer: bytes -> tokens, following `llex.c` of Lua 5.4 step by step.
//!
//! Invariant: `line` is the number of line breaks consumed so far plus one, counting `\n`,
//! `\r`, `\r\n` and `\n\r` each as one break, exactly as `inclinenumber` does. Error
//! messages quote the text Lua would have in its token buffer at the moment of the error, so
//! string tokens are scanned into `buf` the same way Lua scans them (escapes decoded as they
//! are met, the escape being read still raw).

use bumpalo::Bump;

use super::error::SyntaxError;
use super::token::{reserved, Tok};
use crate::shared::number::{str2number, Number};
use crate::shared::utf8::{encode_extended, MAX_EXTENDED};

/// A token with its position: `start..end` is its source text (used to quote numerals).
#[derive(Clone, Copy, Debug)]
pub struct Token<'a> {
    /// The token.
    pub tok: Tok<'a>,
    /// Byte offset of its first byte in the source.
    pub start: usize,
    /// Byte offset just past its last byte.
    pub end: usize,
}

/// The Lua 5.4 lexer (`LexState` of llex.c) over one chunk's source.
pub struct Lexer<'s, 'a> {
    src: &'s [u8],
    pos: usize,
    arena: &'a Bump,
    /// Current line (`ls->linenumber`).
    pub line: u32,
    /// Scratch buffer for string tokens (`ls->buff`).
    buf: Vec<u8>,
    /// The chunk name as error messages quote it ([`chunkid`](crate::shared::chunkid::chunkid)).
    pub chunk_id: Vec<u8>,
}

/// What a lexical error is reported "near": the end of input, or the token text so far.
enum Near {
    Eof,
    Buffer,
    Nothing,
}

const EOZ: i32 = -1;

fn is_alpha(c: i32) -> bool {
    c >= 0 && (c as u8).is_ascii_alphabetic() || c == i32::from(b'_')
}

fn is_alnum(c: i32) -> bool {
    is_alpha(c) || c >= 0 && (c as u8).is_ascii_digit()
}

fn is_digit(c: i32) -> bool {
    c >= 0 && (c as u8).is_ascii_digit()
}

fn is_xdigit(c: i32) -> bool {
    c >= 0 && (c as u8).is_ascii_hexdigit()
}

fn is_newline(c: i32) -> bool {
    c == i32::from(b'\n') || c == i32::from(b'\r')
}

fn is_space(c: i32) -> bool {
    c >= 0 && crate::shared::number::is_space(c as u8)
}

impl<'s, 'a> Lexer<'s, 'a> {
    /// A lexer at the start of `src`; `chunk_id` prefixes error messages; strings and names
    /// are allocated in `arena`.
    pub fn new(src: &'s [u8], chunk_id: Vec<u8>, arena: &'a Bump) -> Self {
        Lexer {
            src,
            pos: 0,
            arena,
            line: 1,
            buf: Vec::new(),
            chunk_id,
        }
    }

    /// The whole source being scanned.
    pub fn source(&self) -> &'s [u8] {
        self.src
    }

    #[inline]
    fn current(&self) -> i32 {
        match self.src.get(self.pos) {
            Some(&b) => i32::from(b),
            None => EOZ,
        }
    }

    #[inline]
    fn advance(&mut self) {
        self.pos += 1;
    }

    #[inline]
    fn save(&mut self, c: i32) {
        self.buf.push(c as u8);
    }

    #[inline]
    fn save_and_next(&mut self) {
        let c = self.current();
        self.save(c);
        self.advance();
    }

    fn check_next1(&mut self, c: u8) -> bool {
        if self.current() == i32::from(c) {
            self.advance();
            true
        } else {
            false
        }
    }

    /// Saves and skips the current byte if it is one of `set`.
    fn check_next2(&mut self, set: &[u8; 2]) -> bool {
        let c = self.current();
        if c == i32::from(set[0]) || c == i32::from(set[1]) {
            self.save_and_next();
            true
        } else {
            false
        }
    }

    fn error(&self, msg: &[u8], near: Near) -> SyntaxError {
        let near_text = match near {
            Near::Eof => Some(b"<eof>".to_vec()),
            Near::Buffer => Some(quote_c_string(&self.buf)),
            Near::Nothing => None,
        };
        SyntaxError::at(&self.chunk_id, self.line, msg, near_text.as_deref())
    }

    fn inc_line(&mut self) -> Result<(), SyntaxError> {
        let old = self.current();
        self.advance();
        let c = self.current();
        if is_newline(c) && c != old {
            self.advance();
        }
        self.line += 1;
        if self.line >= i32::MAX as u32 {
            return Err(self.error(b"chunk has too many lines", Near::Nothing));
        }
        Ok(())
    }

    /// Scans the next token (`luaX_next`), skipping whitespace and comments; returns
    /// [`Tok::Eof`] at the end of input.
    pub fn next_token(&mut self) -> Result<Token<'a>, SyntaxError> {
        self.buf.clear();
        loop {
            let start = self.pos;
            let c = self.current();
            if c == EOZ {
                return Ok(Token {
                    tok: Tok::Eof,
                    start,
                    end: start,
                });
            }
            let b = c as u8;
            let tok = match b {
                b'\n' | b'\r' => {
                    self.inc_line()?;
                    continue;
                }
                b' ' | b'\t' | 0x0b | 0x0c => {
                    self.advance();
                    continue;
                }
                b'-' => {
                    self.advance();
                    if self.current() != i32::from(b'-') {
                        Tok::Char(b'-')
                    } else {
                        self.advance();
                        self.skip_comment()?;
                        continue;
                    }
                }
                b'[' => {
                    let sep = self.skip_sep();
                    if sep >= 2 {
                        let s = self.read_long_string(sep, true)?;
                        Tok::Str(s)
                    } else if sep == 0 {
                        return Err(self.error(b"invalid long string delimiter", Near::Buffer));
                    } else {
                        Tok::Char(b'[')
                    }
                }
                b'=' => {
                    self.advance();
                    if self.check_next1(b'=') {
                        Tok::Eq
                    } else {
                        Tok::Char(b'=')
                    }
                }
                b'<' => {
                    self.advance();
                    if self.check_next1(b'=') {
                        Tok::Le
                    } else if self.check_next1(b'<') {
                        Tok::Shl
                    } else {
                        Tok::Char(b'<')
                    }
                }
                b'>' => {
                    self.advance();
                    if self.check_next1(b'=') {
                        Tok::Ge
                    } else if self.check_next1(b'>') {
                        Tok::Shr
                    } else {
                        Tok::Char(b'>')
                    }
                }
                b'/' => {
                    self.advance();
                    if self.check_next1(b'/') {
                        Tok::IDiv
                    } else {
                        Tok::Char(b'/')
                    }
                }
                b'~' => {
                    self.advance();
                    if self.check_next1(b'=') {
                        Tok::Ne
                    } else {
                        Tok::Char(b'~')
                    }
                }
                b':' => {
                    self.advance();
                    if self.check_next1(b':') {
                        Tok::DbColon
                    } else {
                        Tok::Char(b':')
                    }
                }
                b'"' | b'\'' => Tok::Str(self.read_string(b)?),
                b'.' => {
                    self.save_and_next();
                    if self.check_next1(b'.') {
                        if self.check_next1(b'.') {
                            Tok::Dots
                        } else {
                            Tok::Concat
                        }
                    } else if !is_digit(self.current()) {
                        Tok::Char(b'.')
                    } else {
                        self.read_numeral()?
                    }
                }
                b'0'..=b'9' => self.read_numeral()?,
                _ if is_alpha(c) => {
                    let begin = self.pos;
                    while is_alnum(self.current()) {
                        self.advance();
                    }
                    let text = &self.src[begin..self.pos];
                    match reserved(text) {
                        Some(word) => word,
                        None => {
                            // Only ASCII letters, digits and '_' got here.
                            let name = std::str::from_utf8(text).expect("names are ASCII");
                            Tok::Name(self.arena.alloc_str(name))
                        }
                    }
                }
                _ => {
                    self.advance();
                    Tok::Char(b)
                }
            };
            return Ok(Token {
                tok,
                start,
                end: self.pos,
            });
        }
    }

    /// After `--`: a long comment `--[==[ ... ]==]` or a comment to the end of the line.
    fn skip_comment(&mut self) -> Result<(), SyntaxError> {
        if self.current() == i32::from(b'[') {
            let sep = self.skip_sep();
            self.buf.clear();
            if sep >= 2 {
                self.read_long_string(sep, false)?;
                self.buf.clear();
                return Ok(());
            }
        }
        while !is_newline(self.current()) && self.current() != EOZ {
            self.advance();
        }
        Ok(())
    }

    /// Reads `[=*[` or `]=*]` up to (not including) the last bracket. Returns the number of
    /// `=` plus 2 if well formed, 1 for a lone bracket, 0 for `[==` without a second bracket.
    fn skip_sep(&mut self) -> usize {
        let s = self.current();
        let mut count = 0;
        self.save_and_next();
        while self.current() == i32::from(b'=') {
            self.save_and_next();
            count += 1;
        }
        if self.current() == s {
            count + 2
        } else if count == 0 {
            1
        } else {
            0
        }
    }

    fn read_long_string(&mut self, sep: usize, keep: bool) -> Result<&'a [u8], SyntaxError> {
        let start_line = self.line;
        self.save_and_next();
        if is_newline(self.current()) {
            self.inc_line()?;
        }
        loop {
            let c = self.current();
            if c == EOZ {
                let what = if keep { "string" } else { "comment" };
                let msg = format!("unfinished long {what} (starting at line {start_line})");
                return Err(self.error(msg.as_bytes(), Near::Eof));
            } else if c == i32::from(b']') {
                if self.skip_sep() == sep {
                    self.save_and_next();
                    break;
                }
            } else if is_newline(c) {
                self.save(i32::from(b'\n'));
                self.inc_line()?;
                if !keep {
                    self.buf.clear();
                }
            } else if keep {
                let rest = &self.src[self.pos..];
                let run = rest
                    .iter()
                    .position(|&b| b == b']' || b == b'\n' || b == b'\r')
                    .unwrap_or(rest.len())
                    .max(1);
                self.buf.extend_from_slice(&rest[..run]);
                self.pos += run;
            } else {
                // Comments need no text; skip a whole run of ordinary bytes at once.
                let rest = &self.src[self.pos..];
                let run = rest
                    .iter()
                    .position(|&b| b == b']' || b == b'\n' || b == b'\r')
                    .unwrap_or(rest.len());
                self.pos += run.max(1);
            }
        }
        if !keep {
            return Ok(&[]);
        }
        let body = &self.buf[sep..self.buf.len() - sep];
        Ok(self.arena.alloc_slice_copy(body))
    }

    fn esc_check(&mut self, ok: bool, msg: &str) -> Result<(), SyntaxError> {
        if ok {
            return Ok(());
        }
        if self.current() != EOZ {
            self.save_and_next(); // the offending byte is part of the quoted text
        }
        Err(self.error(msg.as_bytes(), Near::Buffer))
    }

    fn get_hex(&mut self) -> Result<u32, SyntaxError> {
        self.save_and_next();
        let c = self.current();
        self.esc_check(is_xdigit(c), "hexadecimal digit expected")?;
        Ok((c as u8 as char).to_digit(16).expect("checked hex digit"))
    }

    fn read_hex_escape(&mut self) -> Result<u8, SyntaxError> {
        let mut r = self.get_hex()?;
        r = (r << 4) + self.get_hex()?;
        self.buf.truncate(self.buf.len() - 2);
        Ok(r as u8)
    }

    fn read_utf8_escape(&mut self) -> Result<u32, SyntaxError> {
        let mut removed = 4;
        self.save_and_next(); // the 'u'
        let c = self.current();
        self.esc_check(c == i32::from(b'{'), "missing '{'")?;
        let mut r = self.get_hex()?;
        loop {
            self.save_and_next();
            let c = self.current();
            if !is_xdigit(c) {
                break;
            }
            removed += 1;
            self.esc_check(r <= (MAX_EXTENDED >> 4), "UTF-8 value too large")?;
            r = (r << 4) + (c as u8 as char).to_digit(16).expect("checked hex digit");
        }
        let c = self.current();
        self.esc_check(c == i32::from(b'}'), "missing '}'")?;
        self.advance();
        self.buf.truncate(self.buf.len() - removed);
        Ok(r)
    }

    fn read_decimal_escape(&mut self) -> Result<u8, SyntaxError> {
        let mut r: u32 = 0;
        let mut digits = 0;
        while digits < 3 && is_digit(self.current()) {
            r = 10 * r + (self.current() as u32 - u32::from(b'0'));
            self.save_and_next();
            digits += 1;
        }
        self.esc_check(r <= 255, "decimal escape too large")?;
        self.buf.truncate(self.buf.len() - digits);
        Ok(r as u8)
    }

    fn read_string(&mut self, delim: u8) -> Result<&'a [u8], SyntaxError> {
        self.save_and_next(); // keep the delimiter for error messages
        loop {
            let c = self.current();
            if c == i32::from(delim) {
                break;
            }
            if c == EOZ {
                return Err(self.error(b"unfinished string", Near::Eof));
            }
            let b = c as u8;
            match b {
                b'\n' | b'\r' => return Err(self.error(b"unfinished string", Near::Buffer)),
                b'\\' => {
                    self.save_and_next(); // keep '\\' for error messages
                    let e = self.current();
                    if e == EOZ {
                        continue; // reported as an unfinished string by the next round
                    }
                    let simple = match e as u8 {
                        b'a' => Some(0x07),
                        b'b' => Some(0x08),
                        b'f' => Some(0x0c),
                        b'n' => Some(b'\n'),
                        b'r' => Some(b'\r'),
                        b't' => Some(b'\t'),
                        b'v' => Some(0x0b),
                        b'\\' | b'"' | b'\'' => Some(e as u8),
                        _ => None,
                    };
                    if let Some(ch) = simple {
                        self.advance();
                        self.buf.pop();
                        self.buf.push(ch);
                        continue;
                    }
                    match e as u8 {
                        b'x' => {
                            let ch = self.read_hex_escape()?;
                            self.advance();
                            self.buf.pop();
                            self.buf.push(ch);
                        }
                        b'u' => {
                            let cp = self.read_utf8_escape()?;
                            let mut bytes = Vec::new();
                            encode_extended(cp, &mut bytes);
                            self.buf.extend_from_slice(&bytes);
                        }
                        b'\n' | b'\r' => {
                            self.inc_line()?;
                            self.buf.pop();
                            self.buf.push(b'\n');
                        }
                        b'z' => {
                            self.buf.pop();
                            self.advance();
                            while is_space(self.current()) {
                                if is_newline(self.current()) {
                                    self.inc_line()?;
                                } else {
                                    self.advance();
                                }
                            }
                        }
                        _ => {
                            self.esc_check(is_digit(e), "invalid escape sequence")?;
                            let ch = self.read_decimal_escape()?;
                            self.buf.pop();
                            self.buf.push(ch);
                        }
                    }
                }
                _ => {
                    // Copy a run of plain bytes in one go.
                    let rest = &self.src[self.pos..];
                    let run = rest
                        .iter()
                        .position(|&x| x == delim || x == b'\\' || x == b'\n' || x == b'\r')
                        .unwrap_or(rest.len());
                    self.buf.extend_from_slice(&rest[..run]);
                    self.pos += run;
                }
            }
        }
        self.save_and_next(); // the closing delimiter
        let body = &self.buf[1..self.buf.len() - 1];
        Ok(self.arena.alloc_slice_copy(body))
    }

    fn read_numeral(&mut self) -> Result<Tok<'a>, SyntaxError> {
        // The buffer may already hold a leading '.'.
        let first = self.current();
        self.save_and_next();
        let mut expo = b"Ee";
        if first == i32::from(b'0') && self.check_next2(b"xX") {
            expo = b"Pp";
        }
        loop {
            if self.check_next2(expo) {
                self.check_next2(b"-+");
            } else if is_xdigit(self.current()) || self.current() == i32::from(b'.') {
                self.save_and_next();
            } else {
                break;
            }
        }
        if is_alpha(self.current()) {
            self.save_and_next(); // a numeral touching a letter is malformed
        }
        match str2number(&self.buf) {
            Some(Number::Int(i)) => Ok(Tok::Int(i)),
            Some(Number::Float(f)) => Ok(Tok::Float(f)),
            None => Err(self.error(b"malformed number", Near::Buffer)),
        }
    }
}

/// `'%s'` of a C string: the text up to the first zero byte, in single quotes.
pub fn quote_c_string(text: &[u8]) -> Vec<u8> {
    let end = text.iter().position(|&b| b == 0).unwrap_or(text.len());
    let mut out = Vec::with_capacity(end + 2);
    out.push(b'\'');
    out.extend_from_slice(&text[..end]);
    out.push(b'\'');
    out
}
