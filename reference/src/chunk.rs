//! Binary chunks of the reference (`string.dump`, and `load` of what it writes). A
//! tree-walker has no bytecode, so its binary chunk carries the chunk's source text and
//! name and which of the chunk's functions it is; loading one parses that text again with
//! the shared front end and instantiates that function (with fresh upvalues, the first one
//! being the environment, as lua5.4's `load` of a binary chunk does).
//!
//! # Format
//!
//! The header is lua5.4's, byte for byte, but for the format byte, so code that probes it
//! (sizes, byte order from `LUAC_INT` at offset 16) reads what it reads on lua5.4, and
//! lua5.4, the VM (`src/compiler/dump.rs`, format 'M') and the reference each reject the
//! others' chunks with "format mismatch". A change of the body takes a new format byte.
//! Fixed-width numbers are little-endian; a *size* is an unsigned LEB128 varint.
//!
//! ```text
//! header:
//!   "\x1bLua" 0x54            signature, version 5.4
//!   0x52 ('R')                format: moonlab's reference (lua5.4 writes 0, the VM 'M')
//!   "\x19\x93\r\n\x1a\n"      LUAC_DATA
//!   0x04 0x08 0x08            sizes of an instruction, an integer, a float (lua5.4's)
//!   i64 0x5678, f64 370.5     LUAC_INT, LUAC_NUM
//!   u8                        number of upvalues of the function
//! body:
//!   u8                        flags: 1 = stripped
//!   size                      the function's ordinal in its chunk (`Proto::ordinal`)
//!   size, bytes               chunk name (size 0 when stripped)
//!   size, bytes               the chunk's source text
//!   u64                       FNV-1a hash of the body before it: a damaged chunk is
//!                             refused instead of running a different program
//! ```

use std::rc::Rc;

use moonlab::shared::binary_chunk::{
    bad_format, write_header, write_size as size, ByteReader, R, SIGNATURE,
};

use crate::ir::Proto;

/// PUC-Rio writes 0, the VM 'M'.
const FORMAT: u8 = b'R';
const FLAG_STRIPPED: u8 = 1;

/// `p` as a binary chunk; `strip` (or a `p` that was itself loaded stripped) leaves out
/// the debug information.
pub fn dump(p: &Proto, strip: bool) -> Vec<u8> {
    let strip = strip || p.chunk.stripped;
    let mut out = Vec::new();
    write_header(&mut out, FORMAT, None);
    // lua5.4 stores the count in a byte too; more than 255 upvalues cannot be declared.
    out.push(p.upvalues.len().min(255) as u8);
    let body = out.len();
    out.push(if strip { FLAG_STRIPPED } else { 0 });
    size(&mut out, u64::from(p.ordinal));
    let name: &[u8] = if strip { b"" } else { &p.chunk.name };
    size(&mut out, name.len() as u64);
    out.extend_from_slice(name);
    size(&mut out, p.chunk.text.len() as u64);
    out.extend_from_slice(&p.chunk.text);
    let hash = crate::value::hash_bytes(&out[body..]);
    out.extend_from_slice(&hash.to_le_bytes());
    out
}

/// A function to instantiate: `target`, one of the functions of the chunk whose main
/// function is `main` (which holds the chunk's string literals).
pub struct Loaded {
    pub main: Rc<Proto>,
    pub target: Rc<Proto>,
}

/// A chunk as `lua_load` takes it: a binary chunk if it starts with ESC, else source text.
/// `levels_in_use`: the caller's C levels, for the parser's nesting limit. The error is
/// the message `load` returns.
pub fn load(src: &[u8], chunkname: &[u8], levels_in_use: u32) -> Result<Loaded, Vec<u8>> {
    let parse = |text: &[u8], name: &[u8], stripped: bool| {
        let bump = bumpalo::Bump::new();
        let options = moonlab::syntax::ParseOptions { levels_in_use };
        moonlab::syntax::parse_with(&bump, text, name, options)
            .map(|chunk| crate::ir::lower_all(&chunk, text, stripped))
            .map_err(|e| e.message)
    };
    if src.first() != Some(&SIGNATURE[0]) {
        let main = parse(src, chunkname, false)?.swap_remove(0);
        return Ok(Loaded {
            target: main.clone(),
            main,
        });
    }
    let fail = |why: &str| bad_format(chunkname, why);
    let body = read_body(&mut ByteReader::new(src)).map_err(fail)?;
    let name: &[u8] = if body.stripped { b"=?" } else { body.name };
    let mut all = parse(body.text, name, body.stripped)?;
    if body.ordinal >= all.len() as u64 {
        return Err(fail("bad function number"));
    }
    let target = all.swap_remove(body.ordinal as usize);
    if target.upvalues.len().min(255) != usize::from(body.nupvalues) {
        return Err(fail("upvalue count mismatch"));
    }
    let main = if target.ordinal == 0 {
        target.clone()
    } else {
        all.swap_remove(0)
    };
    Ok(Loaded { main, target })
}

struct Body<'a> {
    nupvalues: u8,
    stripped: bool,
    ordinal: u64,
    name: &'a [u8],
    text: &'a [u8],
}

/// The header's checks in lundump.c's order, then the body.
fn read_body<'a>(r: &mut ByteReader<'a>) -> R<Body<'a>> {
    r.header(FORMAT, None)?;
    let nupvalues = r.byte()?;
    let start = r.pos();
    let flags = r.byte()?;
    if flags & !FLAG_STRIPPED != 0 {
        return Err("bad flags");
    }
    let ordinal = r.size()?;
    let n = r.size()?;
    let name = r.sized_bytes(n)?;
    let n = r.size()?;
    let text = r.sized_bytes(n)?;
    let hash = crate::value::hash_bytes(r.since(start));
    if r.bytes(8)? != hash.to_le_bytes() {
        return Err("corrupted chunk");
    }
    let stripped = flags & FLAG_STRIPPED != 0;
    if stripped != name.is_empty() {
        return Err("bad chunk name");
    }
    Ok(Body {
        nupvalues,
        stripped,
        ordinal,
        name,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(src: &[u8], ordinal: usize, strip: bool) -> Vec<u8> {
        let bump = bumpalo::Bump::new();
        let c = moonlab::syntax::parse(&bump, src, b"=t").unwrap();
        let all = crate::ir::lower_all(&c, src, false);
        dump(&all[ordinal], strip)
    }

    const SRC: &[u8] =
        b"local a = 1 local function f(x) return function() return x + a end end return f";

    #[test]
    fn round_trip_finds_the_function() {
        for strip in [false, true] {
            for ordinal in 0..3 {
                let d = chunk(SRC, ordinal, strip);
                let l = load(&d, b"=x", 0).unwrap_or_else(|e| panic!("{e:?}"));
                assert_eq!(l.target.ordinal as usize, ordinal);
                assert_eq!(l.main.ordinal, 0);
                assert_eq!(l.target.chunk.stripped, strip);
                assert_eq!(&*l.target.source, if strip { &b"=?"[..] } else { b"=t" });
                // Dumping it again gives the same chunk.
                assert_eq!(dump(&l.target, false), d);
            }
        }
    }

    #[test]
    fn damaged_chunks_are_errors() {
        let d = chunk(SRC, 1, false);
        for n in 1..d.len() {
            let e = load(&d[..n], b"=x", 0).err().expect("a prefix fails");
            assert_eq!(e, b"x: bad binary format (truncated chunk)".to_vec(), "{n}");
        }
        for i in 0..d.len() {
            for bit in 0..8 {
                let mut bad = d.clone();
                bad[i] ^= 1 << bit;
                if i == 0 {
                    // No longer starts with ESC: a text chunk (a syntax error).
                    assert!(load(&bad, b"=x", 0).is_err());
                    continue;
                }
                let e = load(&bad, b"=x", 0).err().expect("a flipped bit fails");
                assert!(e.starts_with(b"x: bad binary format ("), "{i} {bit}");
            }
        }
    }

    #[test]
    fn header_is_lua54s_but_for_the_format_byte() {
        let d = chunk(SRC, 2, false);
        let mut lua54 = b"\x1bLua\x54\0\x19\x93\r\n\x1a\n\x04\x08\x08".to_vec();
        lua54.extend_from_slice(&0x5678i64.to_le_bytes());
        lua54.extend_from_slice(&370.5f64.to_le_bytes());
        lua54[5] = b'R';
        assert_eq!(&d[..lua54.len()], &lua54[..]);
        // Then the upvalue count of the function (inner: x and a).
        assert_eq!(d[lua54.len()], 2);
    }

    #[test]
    fn foreign_formats_are_refused() {
        let mut d = chunk(SRC, 0, false);
        d[5] = b'M';
        let e = load(&d, b"@f.luac", 0).err().unwrap();
        assert_eq!(e, b"f.luac: bad binary format (format mismatch)".to_vec());
        d[5] = 0;
        let e = load(&d, &d.clone(), 0).err().unwrap();
        assert_eq!(
            e,
            b"binary string: bad binary format (format mismatch)".to_vec()
        );
    }
}
