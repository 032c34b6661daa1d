//! The parts of a binary chunk that lua5.4, the VM (`compiler::dump`, format 'M') and the
//! reference (`reference/src/chunk.rs`, format 'R') share: the header, read and written
//! in lundump.c's order, and the byte-level reading and writing of both bodies (unsigned
//! LEB128 sizes, bounds-checked slices). Each body is its implementation's own; the format
//! byte keeps one implementation from loading another's chunks.

#![forbid(unsafe_code)]

use super::chunkid::binary_load_name;

/// `LUA_SIGNATURE`: the first bytes of every binary chunk.
pub const SIGNATURE: &[u8; 4] = super::chunkid::BINARY_SIGNATURE;
/// The Lua version byte, 5.4 (`LUAC_VERSION`).
pub const VERSION: u8 = 0x54;
/// `LUAC_DATA`: bytes that reveal newline or end-of-file conversions of the chunk.
pub const DATA: &[u8; 6] = b"\x19\x93\r\n\x1a\n";
/// lua5.4's `sizeof(Instruction)`, `sizeof(lua_Integer)`, `sizeof(lua_Number)`.
pub const SIZES: [u8; 3] = [4, 8, 8];
/// `LUAC_INT`: an integer whose bytes reveal the byte order.
pub const CHECK_INT: i64 = 0x5678;
/// `LUAC_NUM`: a float whose bytes reveal the byte order and float format.
pub const CHECK_NUM: f64 = 370.5;

/// Result of a read: the error is the reason shown in "bad binary format (...)".
pub type R<T> = Result<T, &'static str>;

/// The message `load` returns for a binary chunk named `chunkname` that is refused for
/// `why`, as lundump.c's `error` writes it.
pub fn bad_format(chunkname: &[u8], why: &str) -> Vec<u8> {
    let mut m = binary_load_name(chunkname).to_vec();
    m.extend_from_slice(format!(": bad binary format ({why})").as_bytes());
    m
}

/// Appends the header up to (not including) the upvalue-count byte: lua5.4's layout with
/// `format` in place of its 0, then `revision` if the format has one.
pub fn write_header(out: &mut Vec<u8>, format: u8, revision: Option<u8>) {
    out.extend_from_slice(SIGNATURE);
    out.extend_from_slice(&[VERSION, format]);
    out.extend(revision);
    out.extend_from_slice(DATA);
    out.extend_from_slice(&SIZES);
    out.extend_from_slice(&CHECK_INT.to_le_bytes());
    out.extend_from_slice(&CHECK_NUM.to_le_bytes());
}

/// Appends `n` as an unsigned LEB128 varint (seven bits a byte, low group first).
pub fn write_size(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// A cursor over a chunk's bytes; every read is bounds-checked and a short input is
/// "truncated chunk".
pub struct ByteReader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> ByteReader<'a> {
    /// A cursor at the start of `data`.
    pub fn new(data: &'a [u8]) -> Self {
        ByteReader { data, pos: 0 }
    }

    /// The offset of the next byte to read.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The bytes from `start` up to the cursor.
    pub fn since(&self, start: usize) -> &'a [u8] {
        &self.data[start.min(self.pos)..self.pos]
    }

    /// How many bytes are left.
    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    /// The next `n` bytes.
    pub fn bytes(&mut self, n: usize) -> R<&'a [u8]> {
        if n > self.remaining() {
            return Err("truncated chunk");
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// `n` bytes, `n` being a size read from the chunk (it may exceed `usize`).
    pub fn sized_bytes(&mut self, n: u64) -> R<&'a [u8]> {
        if n > self.remaining() as u64 {
            return Err("truncated chunk");
        }
        self.bytes(n as usize)
    }

    /// The next byte.
    pub fn byte(&mut self) -> R<u8> {
        Ok(self.bytes(1)?[0])
    }

    /// The next `N` bytes as an array.
    pub fn array<const N: usize>(&mut self) -> R<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.bytes(N)?);
        Ok(a)
    }

    /// Exactly the bytes `lit`, or the error `why`.
    pub fn literal(&mut self, lit: &[u8], why: &'static str) -> R<()> {
        if self.bytes(lit.len())? != lit {
            return Err(why);
        }
        Ok(())
    }

    /// An unsigned LEB128 varint of at most 64 bits.
    pub fn size(&mut self) -> R<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                return Err("size overflow");
            }
            n |= part << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err("size overflow")
    }

    /// A count of items each at least `min_size` bytes long: more than the remaining input
    /// could hold means the chunk is truncated (or forged).
    pub fn count(&mut self, min_size: usize) -> R<usize> {
        let n = self.size()?;
        if n > (self.remaining() / min_size.max(1)) as u64 {
            return Err("truncated chunk");
        }
        Ok(n as usize)
    }

    /// A size that must fit in 32 bits.
    pub fn u32_size(&mut self) -> R<u32> {
        u32::try_from(self.size()?).map_err(|_| "size overflow")
    }

    /// A size `n` and `n - 1` bytes; `n = 0` is an absent string.
    pub fn string(&mut self) -> R<Option<&'a [u8]>> {
        match self.size()? {
            0 => Ok(None),
            n => self.sized_bytes(n - 1).map(Some),
        }
    }

    /// Checks the header written by [`write_header`] with this `format` and `revision`,
    /// in lundump.c's order (so a chunk of another implementation gets lua5.4's message).
    pub fn header(&mut self, format: u8, revision: Option<u8>) -> R<()> {
        self.literal(SIGNATURE, "not a binary chunk")?;
        if self.byte()? != VERSION {
            return Err("version mismatch");
        }
        if self.byte()? != format {
            return Err("format mismatch");
        }
        if let Some(revision) = revision {
            if self.byte()? != revision {
                return Err("format revision mismatch");
            }
        }
        self.literal(DATA, "corrupted chunk")?;
        for (want, what) in SIZES.iter().zip([
            "Instruction size mismatch",
            "lua_Integer size mismatch",
            "lua_Number size mismatch",
        ]) {
            if self.byte()? != *want {
                return Err(what);
            }
        }
        if i64::from_le_bytes(self.array()?) != CHECK_INT {
            return Err("integer format mismatch");
        }
        if f64::from_le_bytes(self.array()?) != CHECK_NUM {
            return Err("float format mismatch");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_round_trip_and_overflow_is_refused() {
        for n in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut out = Vec::new();
            write_size(&mut out, n);
            let mut r = ByteReader::new(&out);
            assert_eq!(r.size(), Ok(n));
            assert_eq!(r.remaining(), 0);
        }
        let too_big = [0xff; 9].iter().chain(&[0x02]).copied().collect::<Vec<_>>();
        assert_eq!(ByteReader::new(&too_big).size(), Err("size overflow"));
        assert_eq!(ByteReader::new(&[0x80]).size(), Err("truncated chunk"));
    }

    #[test]
    fn header_round_trips_and_names_the_first_mismatch() {
        let mut out = Vec::new();
        write_header(&mut out, b'M', Some(1));
        assert_eq!(ByteReader::new(&out).header(b'M', Some(1)), Ok(()));
        assert_eq!(
            ByteReader::new(&out).header(b'R', None),
            Err("format mismatch")
        );
        assert_eq!(
            ByteReader::new(&out).header(b'M', Some(2)),
            Err("format revision mismatch")
        );
        let mut damaged = out.clone();
        damaged[8] = b'\n';
        assert_eq!(
            ByteReader::new(&damaged).header(b'M', Some(1)),
            Err("corrupted chunk")
        );
        assert_eq!(
            ByteReader::new(&out[..out.len() - 1]).header(b'M', Some(1)),
            Err("truncated chunk")
        );
    }

    #[test]
    fn huge_sizes_are_truncation_not_panics() {
        let mut out = Vec::new();
        write_size(&mut out, u64::MAX);
        let mut r = ByteReader::new(&out);
        let n = r.size().unwrap();
        assert_eq!(r.sized_bytes(n), Err("truncated chunk"));
        let mut r = ByteReader::new(&out);
        assert_eq!(r.string(), Err("truncated chunk"));
    }
}
