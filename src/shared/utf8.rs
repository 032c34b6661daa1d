//! UTF-8 as Lua 5.4 extends it: code points up to 2^31 - 1, in up to six bytes
//! (`luaO_utf8esc` in lobject.c). Used by the lexer's `\u{XXX}` escape and `utf8.char`;
//! `decode` is lutf8lib.c's decoder for `utf8.len`, `codepoint`, `codes` and `offset`
//! (whose other rules are in `utf8_lib`).

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

/// The largest code point strict decoding accepts (`MAXUNICODE`).
pub const MAX_UNICODE: u32 = 0x10_FFFF;

/// Whether `b` is a continuation byte (`10xxxxxx`), which `utf8.offset` and `utf8.codes`
/// skip over.
pub fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// Decodes the sequence at the start of `s` (`utf8_decode` in lutf8lib.c): the code point
/// and the sequence's length, or `None` if the bytes are not a valid sequence: a lead byte
/// that is a continuation byte or `0xFE`/`0xFF`, a missing continuation byte (the end of
/// `s` counts as one missing), an overlong encoding, or a value above `MAX_EXTENDED`.
/// With `strict`, surrogates (D800-DFFF) and values above `MAX_UNICODE` are also refused;
/// without, anything up to 2^31 - 1 in up to six bytes is accepted. `None` for empty `s`.
pub fn decode(s: &[u8], strict: bool) -> Option<(u32, usize)> {
    let &lead = s.first()?;
    let (code, len) = if lead < 0x80 {
        (u32::from(lead), 1)
    } else {
        // The number of continuation bytes is the number of 1 bits after the first.
        let count = (lead << 1).leading_ones() as usize;
        if count == 0 || count > 5 {
            return None;
        }
        let mut code = u32::from(lead) & (0x7F >> count);
        for i in 1..=count {
            let b = *s.get(i)?;
            if !is_continuation(b) {
                return None;
            }
            code = (code << 6) | u32::from(b & 0x3F);
        }
        // The smallest value that needs this many bytes: anything below is overlong.
        const MIN: [u32; 6] = [0, 0x80, 0x800, 0x1_0000, 0x20_0000, 0x400_0000];
        if code < MIN[count] || code > MAX_EXTENDED {
            return None;
        }
        (code, count + 1)
    };
    if strict && (code > MAX_UNICODE || (0xD800..=0xDFFF).contains(&code)) {
        return None;
    }
    Some((code, len))
}

#[cfg(test)]
mod tests {
    use super::{decode, encode_extended, is_continuation};

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

    /// `utf8.codepoint(s, 1, -1, lax)` in terms of `decode`: every code point, or `None` for
    /// lutf8lib's "invalid UTF-8 code" error.
    fn codepoints(s: &[u8], strict: bool) -> Option<Vec<u32>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < s.len() {
            let (code, len) = decode(&s[i..], strict)?;
            out.push(code);
            i += len;
        }
        Some(out)
    }

    #[test]
    fn decode_like_lutf8lib() {
        // lua5.4 testdata/utf8.lua: for each sequence, utf8.codepoint(seq .. "A", 1, -1, lax)
        // with lax false, then true ("error" stands for "invalid UTF-8 code").
        let rows = include_str!("testdata/utf8_expected.txt");
        let seqs: [&[u8]; 35] = [
            b"A",
            b"\0",
            b"\x7f",
            b"\xc2\x80",
            b"\xdf\xbf",
            b"\xe0\xa0\x80",
            b"\xef\xbf\xbf",
            b"\xf0\x90\x80\x80",
            b"\xf4\x8f\xbf\xbf",
            b"\xf4\x90\x80\x80",
            b"\xed\x9f\xbf",
            b"\xed\xa0\x80",
            b"\xed\xbf\xbf",
            b"\xee\x80\x80",
            b"\xf8\x88\x80\x80\x80",
            b"\xfb\xbf\xbf\xbf\xbf",
            b"\xfc\x84\x80\x80\x80\x80",
            b"\xfd\xbf\xbf\xbf\xbf\xbf",
            b"\xfe\xbf\xbf\xbf\xbf\xbf\xbf",
            b"\xff",
            b"\x80",
            b"\xbf",
            b"\xc0\x80",
            b"\xc1\xbf",
            b"\xe0\x80\x80",
            b"\xe0\x9f\xbf",
            b"\xf0\x80\x80\x80",
            b"\xf0\x8f\xbf\xbf",
            b"\xf8\x80\x80\x80\x80",
            b"\xfc\x80\x80\x80\x80\x80",
            b"\xe2\x82",
            b"\xe2",
            b"\xe2\x41\x41",
            b"\xe2\x82\x41",
            b"\xc3\xa9",
        ];
        assert_eq!(rows.lines().count(), seqs.len());
        let show = |r: Option<Vec<u32>>| match r {
            Some(v) => v.iter().map(u32::to_string).collect::<Vec<_>>().join(","),
            None => "error".to_string(),
        };
        for (seq, want) in seqs.iter().zip(rows.lines()) {
            let s = [*seq, b"A"].concat();
            let got = format!(
                "{} / {}",
                show(codepoints(&s, true)),
                show(codepoints(&s, false))
            );
            assert_eq!(got, want, "{seq:x?}");
        }
    }

    #[test]
    fn decode_edges() {
        assert_eq!(decode(b"", true), None);
        assert_eq!(decode("é".as_bytes(), true), Some((0xe9, 2)));
        // Only the first sequence is decoded.
        assert_eq!(decode(b"ab", true), Some((0x61, 1)));
        // encode_extended and decode agree over the whole extended range's boundaries.
        for x in [
            0u32, 0x7f, 0x80, 0x7ff, 0x800, 0xffff, 0x10000, 0x10ffff, 0x110000, 0x1f_ffff,
        ]
        .into_iter()
        .chain([0x20_0000, 0x3ff_ffff, 0x400_0000, 0x7fff_ffff])
        {
            let mut v = Vec::new();
            encode_extended(x, &mut v);
            assert_eq!(decode(&v, false), Some((x, v.len())), "{x:#x}");
        }
        assert!(is_continuation(0x80) && is_continuation(0xbf));
        assert!(!is_continuation(0x7f) && !is_continuation(0xc0));
    }
}
