//! UTF-8 as Lua 5.4 extends it: code points up to 2^31 - 1, in up to six bytes
//! (`luaO_utf8esc` in lobject.c). Used by the lexer's `\u{XXX}` escape and `utf8.char`.

/// The largest value Lua accepts in `\u{...}` and `utf8.char`.
pub const MAX_EXTENDED: u32 = 0x7FFF_FFFF;

/// Appends the (extended) UTF-8 encoding of `x` (at most `MAX_EXTENDED`) to `out`.
pub fn encode_extended(mut x: u32, out: &mut Vec<u8>) {
    debug_assert!(x <= MAX_EXTENDED);
    if x < 0x80 {
        out.push(x as u8);
        return;
    }
    let mut tail = [0u8; 6];
    let mut n = 0;
    let mut first_max = 0x3fu32; // largest payload that still fits in the first byte
    loop {
        tail[n] = 0x80 | (x & 0x3f) as u8;
        n += 1;
        x >>= 6;
        first_max >>= 1;
        if x <= first_max {
            break;
        }
    }
    out.push(((!first_max << 1) | x) as u8);
    out.extend(tail[..n].iter().rev());
}

#[cfg(test)]
mod tests {
    use super::encode_extended;

    fn enc(x: u32) -> Vec<u8> {
        let mut v = Vec::new();
        encode_extended(x, &mut v);
        v
    }

    #[test]
    fn matches_standard_utf8_in_range() {
        for x in [0x41u32, 0x7f, 0x80, 0x7ff, 0x800, 0xffff, 0x10000, 0x10ffff] {
            let c = char::from_u32(x).unwrap();
            assert_eq!(enc(x), c.to_string().into_bytes(), "{x:#x}");
        }
    }

    #[test]
    fn extended_range() {
        assert_eq!(enc(0x7FFF_FFFF), vec![0xfd, 0xbf, 0xbf, 0xbf, 0xbf, 0xbf]);
        assert_eq!(enc(0x20_0000), vec![0xf8, 0x88, 0x80, 0x80, 0x80]);
    }
}
