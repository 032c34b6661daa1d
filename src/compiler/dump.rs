//! Binary chunks, writing side (`string.dump`; ldump.c's job). The format is moonlab's own,
//! not PUC-Rio's: it shares the signature and header layout, so `load` recognises a binary
//! chunk by its first byte and each implementation rejects the other's chunks with
//! "format mismatch", but the body stores a [`Proto`] as this crate defines it.
//!
//! # Format (revision 1)
//!
//! All fixed-width numbers are little-endian. A *size* is an unsigned LEB128 varint (seven
//! bits per byte, low group first, high bit set on every byte but the last; at most ten
//! bytes). A *string* is a size `n` followed by `n - 1` bytes; `n = 0` means "absent".
//!
//! ```text
//! header:
//!   "\x1bLua"                 signature (LUA_SIGNATURE)
//!   0x54                      Lua version 5.4 (LUAC_VERSION)
//!   0x4d ('M')                format: moonlab (PUC-Rio writes 0 here)
//!   0x01                      moonlab format revision
//!   "\x19\x93\r\n\x1a\n"      LUAC_DATA: catches newline and EOF conversions
//!   0x04 0x08 0x08            sizes of an instruction, an integer, a float
//!   i64 0x5678                LUAC_INT: integer byte order
//!   f64 370.5                 LUAC_NUM: float byte order and format
//!   u8                        number of upvalues of the main function
//! function:
//!   string                    source (chunk name); absent when stripped or when it equals
//!                             the enclosing function's
//!   size, size                line defined, last line defined
//!   u8, u8, u8                parameters, is-vararg (0 or 1), registers (max stack)
//!   size, u32 * n             code
//!   size, constant * n        constants: a tag byte, then
//!                               0x00 nil | 0x01 false | 0x11 true
//!                               0x03 i64 integer | 0x13 f64 float
//!                               0x04 string (never absent; any bytes)
//!   size, (u8, u8, u8) * n    upvalue descriptors: in-stack (0 or 1), index, kind
//!   size, function * n        nested functions
//!   size, line * n            debug: n is 0 (stripped) or the code length; each line is a
//!                             zig-zag varint delta from the previous line, starting at the
//!                             line defined
//!   size, local * n           debug: name (string), start pc (size), end pc (size)
//!   size, string * n          debug: upvalue names; n is 0 (stripped) or the upvalue count
//! ```
//!
//! A stripped chunk (`string.dump(f, true)`) has no source, lines, locals or upvalue names;
//! the loader gives it the source `=?`, so its errors read `?:-1:` as lua5.4's do. The
//! reader (`undump`) bounds-checks every step and sends the result through
//! [`verify`](super::verify::verify) before anything runs it.

#![forbid(unsafe_code)]

use super::proto::{Constant, Proto};
use crate::shared::binary_chunk::{write_header, write_size};

pub use crate::shared::binary_chunk::SIGNATURE;
/// PUC-Rio Lua writes 0 (`LUAC_FORMAT`); moonlab's chunks say 'M'.
pub const FORMAT: u8 = b'M';
/// Revision of moonlab's chunk format; a reader rejects other revisions.
pub const REVISION: u8 = 1;

/// Constant tag: `nil`.
pub const TAG_NIL: u8 = 0x00;
/// Constant tag: `false`.
pub const TAG_FALSE: u8 = 0x01;
/// Constant tag: `true`.
pub const TAG_TRUE: u8 = 0x11;
/// Constant tag: an integer (i64 follows).
pub const TAG_INT: u8 = 0x03;
/// Constant tag: a float (f64 follows).
pub const TAG_FLOAT: u8 = 0x13;
/// Constant tag: a string (a size, then the bytes).
pub const TAG_STRING: u8 = 0x04;

/// `p` as a binary chunk; `strip` leaves out the debug information.
pub fn dump(p: &Proto, strip: bool) -> Vec<u8> {
    let mut w = Writer {
        out: Vec::new(),
        strip,
    };
    w.header(p);
    w.function(p, None);
    w.out
}

struct Writer {
    out: Vec<u8>,
    strip: bool,
}

impl Writer {
    fn byte(&mut self, b: u8) {
        self.out.push(b);
    }

    fn size(&mut self, n: u64) {
        write_size(&mut self.out, n);
    }

    fn string(&mut self, s: Option<&[u8]>) {
        match s {
            None => self.size(0),
            Some(s) => {
                self.size(s.len() as u64 + 1);
                self.out.extend_from_slice(s);
            }
        }
    }

    fn header(&mut self, main: &Proto) {
        write_header(&mut self.out, FORMAT, Some(REVISION));
        // The verifier caps upvalues at 255, so this byte never truncates a valid proto.
        self.byte(main.upvalues.len().min(255) as u8);
    }

    fn function(&mut self, p: &Proto, parent_source: Option<&[u8]>) {
        if self.strip || parent_source == Some(&p.source[..]) {
            self.string(None);
        } else {
            self.string(Some(&p.source));
        }
        self.size(p.line_defined as u64);
        self.size(p.last_line_defined as u64);
        self.byte(p.num_params);
        self.byte(p.is_vararg as u8);
        self.byte(p.max_stack);
        self.size(p.code.len() as u64);
        for &i in &p.code {
            self.out.extend_from_slice(&i.to_le_bytes());
        }
        self.size(p.constants.len() as u64);
        for k in &p.constants {
            match k {
                Constant::Nil => self.byte(TAG_NIL),
                Constant::Bool(false) => self.byte(TAG_FALSE),
                Constant::Bool(true) => self.byte(TAG_TRUE),
                Constant::Int(i) => {
                    self.byte(TAG_INT);
                    self.out.extend_from_slice(&i.to_le_bytes());
                }
                Constant::Float(f) => {
                    self.byte(TAG_FLOAT);
                    self.out.extend_from_slice(&f.to_le_bytes());
                }
                Constant::Str(s) => {
                    self.byte(TAG_STRING);
                    self.string(Some(s));
                }
            }
        }
        self.size(p.upvalues.len() as u64);
        for u in &p.upvalues {
            self.byte(u.in_stack as u8);
            self.byte(u.index);
            self.byte(u.kind);
        }
        self.size(p.protos.len() as u64);
        for child in &p.protos {
            self.function(child, Some(&p.source));
        }
        self.debug(p);
    }

    fn debug(&mut self, p: &Proto) {
        if self.strip {
            self.size(0);
            self.size(0);
            self.size(0);
            return;
        }
        self.size(p.lines.len() as u64);
        let mut prev = p.line_defined as i64;
        for &l in &p.lines {
            let d = l as i64 - prev;
            self.size(((d << 1) ^ (d >> 63)) as u64);
            prev = l as i64;
        }
        self.size(p.locals.len() as u64);
        for v in &p.locals {
            self.string(Some(v.name.as_bytes()));
            self.size(v.start_pc as u64);
            self.size(v.end_pc as u64);
        }
        self.size(p.upvalues.len() as u64);
        for u in &p.upvalues {
            self.string(Some(u.name.as_bytes()));
        }
    }
}
