//! Binary chunks, reading side (`load` in binary mode; lundump.c's job). The format is
//! described in [`dump`](super::dump).
//!
//! The input is untrusted: every read is bounds-checked, every count is checked against the
//! bytes that remain before anything is allocated for it (so a forged count cannot ask for
//! gigabytes), nesting is capped, and the prototype that comes out is checked by
//! [`verify`](super::verify), which guarantees the invariants the VM relies on. Any
//! failure is an error message in lua5.4's shape: `NAME: bad binary format (WHY)`.

#![forbid(unsafe_code)]

use std::rc::Rc;

use super::dump::*;
use super::proto::{Constant, LocVar, Proto, UpvalDesc};
use super::verify::verify;
use crate::shared::binary_chunk::{bad_format, ByteReader, R};
use crate::shared::limits::MAX_FUNCTION_NESTING;

/// Smallest encodings, to bound counts by the remaining input.
const MIN_FUNCTION_SIZE: usize = 13;
const MIN_LOCAL_SIZE: usize = 3;
const UPVALUE_SIZE: usize = 3;

/// The prototype stored in `data`, a binary chunk (it starts with the signature's first
/// byte). `chunkname` only names the chunk in error messages, as lundump.c does: a name
/// starting with `@` or `=` loses that character, and one that is itself a binary chunk
/// (`load(s)` names a chunk after its text) reads "binary string".
pub fn undump(data: &[u8], chunkname: &[u8]) -> Result<Rc<Proto>, Vec<u8>> {
    let fail = |why: &str| bad_format(chunkname, why);
    let mut r = Reader(ByteReader::new(data));
    let nupvalues = r.header().map_err(fail)?;
    let p = r.function(None, 0).map_err(fail)?;
    if p.upvalues.len() != nupvalues as usize {
        return Err(fail("upvalue count mismatch"));
    }
    verify(&p).map_err(|m| fail(&format!("bad code: {m}")))?;
    Ok(Rc::new(p))
}

/// The VM's body reader on top of the shared byte cursor.
struct Reader<'a>(ByteReader<'a>);

impl<'a> std::ops::Deref for Reader<'a> {
    type Target = ByteReader<'a>;
    fn deref(&self) -> &ByteReader<'a> {
        &self.0
    }
}

impl std::ops::DerefMut for Reader<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Reader<'_> {
    fn name(&mut self) -> R<Box<str>> {
        let s = self.string()?.ok_or("bad name")?;
        std::str::from_utf8(s)
            .map(Into::into)
            .map_err(|_| "bad name")
    }

    /// Checks the header; returns the main function's upvalue count.
    fn header(&mut self) -> R<u8> {
        self.0.header(FORMAT, Some(REVISION))?;
        self.byte()
    }

    fn function(&mut self, parent_source: Option<&Rc<[u8]>>, depth: usize) -> R<Proto> {
        if depth > MAX_FUNCTION_NESTING {
            return Err("functions nested too deeply");
        }
        let source: Rc<[u8]> = match (self.string()?, parent_source) {
            (Some(s), Some(ps)) if **ps == *s => ps.clone(),
            (Some(s), _) => s.into(),
            (None, Some(ps)) => ps.clone(),
            (None, None) => Rc::from(&b"=?"[..]),
        };
        let line_defined = self.u32_size()?;
        let last_line_defined = self.u32_size()?;
        let num_params = self.byte()?;
        let is_vararg = match self.byte()? {
            0 => false,
            1 => true,
            _ => return Err("bad vararg flag"),
        };
        let max_stack = self.byte()?;
        let n = self.count(4)?;
        let mut code = Vec::with_capacity(n);
        for _ in 0..n {
            code.push(u32::from_le_bytes(self.array()?));
        }
        let n = self.count(1)?;
        let mut constants = Vec::with_capacity(n);
        for _ in 0..n {
            constants.push(match self.byte()? {
                TAG_NIL => Constant::Nil,
                TAG_FALSE => Constant::Bool(false),
                TAG_TRUE => Constant::Bool(true),
                TAG_INT => Constant::Int(i64::from_le_bytes(self.array()?)),
                TAG_FLOAT => Constant::Float(f64::from_le_bytes(self.array()?)),
                TAG_STRING => Constant::Str(self.string()?.ok_or("bad constant")?.into()),
                _ => return Err("bad constant"),
            });
        }
        let n = self.count(UPVALUE_SIZE)?;
        let mut upvalues = Vec::with_capacity(n);
        for _ in 0..n {
            let in_stack = match self.byte()? {
                0 => false,
                1 => true,
                _ => return Err("bad upvalue"),
            };
            upvalues.push(UpvalDesc {
                name: "".into(),
                in_stack,
                index: self.byte()?,
                kind: self.byte()?,
            });
        }
        let n = self.count(MIN_FUNCTION_SIZE)?;
        let mut protos = Vec::with_capacity(n);
        for _ in 0..n {
            protos.push(Rc::new(self.function(Some(&source), depth + 1)?));
        }
        // Debug information.
        let n = self.count(1)?;
        if n != 0 && n != code.len() {
            return Err("bad line information");
        }
        let mut lines = Vec::with_capacity(n);
        let mut line = line_defined as i64;
        for _ in 0..n {
            let z = self.size()?;
            let delta = (z >> 1) as i64 ^ -((z & 1) as i64);
            line = line.checked_add(delta).ok_or("bad line information")?;
            lines.push(u32::try_from(line).map_err(|_| "bad line information")?);
        }
        let n = self.count(MIN_LOCAL_SIZE)?;
        let mut locals = Vec::with_capacity(n);
        for _ in 0..n {
            locals.push(LocVar {
                name: self.name()?,
                start_pc: self.u32_size()?,
                end_pc: self.u32_size()?,
            });
        }
        let n = self.count(1)?;
        if n != 0 && n != upvalues.len() {
            return Err("bad upvalue names");
        }
        for u in upvalues.iter_mut().take(n) {
            u.name = self.name()?;
        }
        Ok(Proto {
            source,
            line_defined,
            last_line_defined,
            num_params,
            is_vararg,
            max_stack,
            code,
            lines,
            constants,
            protos,
            upvalues,
            locals,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compiler::dump::dump;

    fn compile(src: &str) -> Rc<Proto> {
        let arena = bumpalo::Bump::new();
        let chunk = crate::syntax::parse(&arena, src.as_bytes(), b"@t.lua").unwrap();
        crate::compiler::compile(&chunk).unwrap()
    }

    const PROGRAM: &str = "local a, b = ...\nlocal s = 'x\\0y' .. 1.5\n\
        local function f(x, ...) local t = {x, ...} return #t, a end\n\
        for i = 1, 3 do b = (b or 0) + f(i, 2^53, nil, true) end\nreturn s, b, -7, 1e300";

    #[test]
    fn round_trip_keeps_everything() {
        let p = compile(PROGRAM);
        let q = undump(&dump(&p, false), b"=x").unwrap();
        assert_eq!(*p, *q);
    }

    #[test]
    fn stripped_chunks_lose_debug_information_only() {
        let p = compile(PROGRAM);
        let q = undump(&dump(&p, true), b"=x").unwrap();
        assert_eq!(&*q.source, b"=?");
        assert!(q.lines.is_empty() && q.locals.is_empty());
        assert!(q.upvalues.iter().all(|u| u.name.is_empty()));
        assert_eq!(q.code, p.code);
        assert_eq!(q.constants, p.constants);
        assert_eq!(q.protos[0].code, p.protos[0].code);
        assert_eq!(q.protos[0].line_defined, p.protos[0].line_defined);
    }

    #[test]
    fn every_truncation_is_an_error() {
        let d = dump(&compile(PROGRAM), false);
        for n in 0..d.len() {
            let e = undump(&d[..n], b"=c").unwrap_err();
            let e = String::from_utf8(e).unwrap();
            assert!(e.starts_with("c: bad binary format ("), "{n}: {e}");
        }
    }

    #[test]
    fn header_errors_use_lua_words() {
        let d = dump(&compile("return 1"), false);
        let err = |bytes: &[u8]| String::from_utf8(undump(bytes, bytes).unwrap_err()).unwrap();
        let with = |at: usize, b: u8| {
            let mut x = d.clone();
            x[at] = b;
            err(&x)
        };
        assert_eq!(
            err(b"\x1bLu"),
            "binary string: bad binary format (truncated chunk)"
        );
        assert!(with(3, b'x').ends_with("(not a binary chunk)"));
        assert!(with(4, 0x53).ends_with("(version mismatch)"));
        assert!(with(5, 0).ends_with("(format mismatch)"));
        assert!(with(6, 9).ends_with("(format revision mismatch)"));
        assert!(with(9, b'\n').ends_with("(corrupted chunk)"));
        assert!(with(13, 8).ends_with("(Instruction size mismatch)"));
        assert!(with(14, 4).ends_with("(lua_Integer size mismatch)"));
        assert!(with(15, 4).ends_with("(lua_Number size mismatch)"));
        assert!(with(16, 0x79).ends_with("(integer format mismatch)"));
        assert!(with(30, 0).ends_with("(float format mismatch)"));
        assert!(with(32, 7).ends_with("(upvalue count mismatch)"));
    }

    #[test]
    fn forged_counts_are_rejected_before_allocating() {
        // A header, then a function whose code count claims 2^62 instructions.
        let d = dump(&compile("return 1"), true);
        let mut forged = d[..33].to_vec();
        forged.extend_from_slice(&[0, 0, 0, 0, 0, 2]); // source, lines, params, vararg, regs
        forged.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]);
        let e = String::from_utf8(undump(&forged, b"=f").unwrap_err()).unwrap();
        assert_eq!(e, "f: bad binary format (truncated chunk)");
        // An overlong varint.
        let mut forged = d[..33].to_vec();
        forged.extend_from_slice(&[0xff; 11]);
        let e = String::from_utf8(undump(&forged, b"=f").unwrap_err()).unwrap();
        assert_eq!(e, "f: bad binary format (size overflow)");
    }

    #[test]
    fn deep_nesting_is_capped() {
        // MAX_FUNCTION_NESTING + 2 nested functions, each the only child of the one before.
        let leaf = compile("return 1");
        let mut p = (*leaf).clone();
        for _ in 0..MAX_FUNCTION_NESTING + 1 {
            let mut parent = (*leaf).clone();
            parent.protos = vec![Rc::new(p)];
            p = parent;
        }
        let e = String::from_utf8(undump(&dump(&p, true), b"=n").unwrap_err()).unwrap();
        assert_eq!(e, "n: bad binary format (functions nested too deeply)");
    }

    #[test]
    fn code_that_fails_verification_is_rejected() {
        let p = compile("local x = 1 return x");
        let mut bad = (*p).clone();
        bad.code[1] = crate::compiler::opcode::create_abck(
            crate::compiler::opcode::OpCode::Move,
            0,
            200,
            0,
            false,
        );
        let e = String::from_utf8(undump(&dump(&bad, false), b"=v").unwrap_err()).unwrap();
        assert!(e.starts_with("v: bad binary format (bad code: "), "{e}");
        assert!(e.contains("register 200"), "{e}");
    }
}
