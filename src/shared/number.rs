//! Lua numerals: string -> number exactly as `luaO_str2num` (lobject.c) converts them.
//!
//! Used by the lexer for numeric literals and by `tonumber` and string coercion in both
//! engines. A numeral is an integer if it is written as one and fits (decimal) or at all
//! (hexadecimal, which wraps around modulo 2^64); otherwise it is a float. `inf` and `nan`
//! are never numerals. Leading and trailing ASCII white space is allowed.
//!
//! The other direction, number -> string, is `tostring`'s: `fmt_int` and `fmt_float`.

use super::cfmt::{format_float, Conv, Spec};

/// A Lua number: 64-bit integer or double, two subtypes of one type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// The integer subtype.
    Int(i64),
    /// The float subtype.
    Float(f64),
}

/// Lua's `lisspace`: the C locale's white space.
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn hex_value(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// Converts a whole string (surrounding white space allowed) to a number, or `None`.
pub fn str2number(s: &[u8]) -> Option<Number> {
    if let Some(i) = str2int(s) {
        return Some(Number::Int(i));
    }
    str2float(s).map(Number::Float)
}

fn trim(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&b| !is_space(b)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|&b| !is_space(b))
        .map_or(start, |e| e + 1);
    &s[start..end.max(start)]
}

fn split_sign(s: &[u8]) -> (bool, &[u8]) {
    match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    }
}

/// `l_str2int`: decimal integers that fit, or hexadecimal integers (which wrap).
fn str2int(s: &[u8]) -> Option<i64> {
    let (neg, s) = split_sign(trim(s));
    let mut a: u64 = 0;
    if s.len() >= 2 && s[0] == b'0' && (s[1] | 0x20) == b'x' {
        let digits = &s[2..];
        if digits.is_empty() {
            return None;
        }
        for &b in digits {
            a = a.wrapping_mul(16).wrapping_add(u64::from(hex_value(b)?));
        }
    } else {
        if s.is_empty() {
            return None;
        }
        const MAX_BY_10: u64 = (i64::MAX as u64) / 10;
        const MAX_LAST_DIGIT: u64 = (i64::MAX as u64) % 10;
        for &b in s {
            if !b.is_ascii_digit() {
                return None;
            }
            let d = u64::from(b - b'0');
            // Overflowing decimals are not integers; they will be read as floats.
            if a >= MAX_BY_10 && (a > MAX_BY_10 || d > MAX_LAST_DIGIT + u64::from(neg)) {
                return None;
            }
            a = a * 10 + d;
        }
    }
    let a = if neg { 0u64.wrapping_sub(a) } else { a };
    Some(a as i64)
}

/// `l_str2d`: `strtod` on the whole string, refusing `inf`/`nan` spellings.
fn str2float(s: &[u8]) -> Option<f64> {
    let mode = s
        .iter()
        .find(|&&b| matches!(b, b'.' | b'x' | b'X' | b'n' | b'N'))
        .map(|b| b | 0x20);
    if mode == Some(b'n') {
        return None;
    }
    let (neg, body) = split_sign(trim(s));
    let magnitude = if mode == Some(b'x') {
        hex_float(body)?
    } else {
        decimal_float(body)?
    };
    Some(if neg { -magnitude } else { magnitude })
}

/// Decimal `strtod`: digits, optional fraction, optional exponent, nothing else.
fn decimal_float(s: &[u8]) -> Option<f64> {
    let mut i = 0;
    let int_digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if s.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(s.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_digits = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if exp_digits == 0 {
            return None;
        }
        i += exp_digits;
    }
    if i != s.len() {
        return None;
    }
    // The text is now known to be in the grammar Rust's correctly rounded parser accepts.
    std::str::from_utf8(s).ok()?.parse::<f64>().ok()
}

/// Hexadecimal `strtod` (C99): `0x` hex digits, optional fraction, optional binary
/// exponent `p`, correctly rounded to nearest-even like glibc.
fn hex_float(s: &[u8]) -> Option<f64> {
    if s.len() < 2 || s[0] != b'0' || (s[1] | 0x20) != b'x' {
        return None;
    }
    let mut i = 2;
    let mut mantissa: u64 = 0;
    let mut sticky = false;
    let mut exp: i64 = 0;
    let mut any_digit = false;
    let mut seen_dot = false;
    while i < s.len() {
        let b = s[i];
        if b == b'.' {
            if seen_dot {
                break;
            }
            seen_dot = true;
        } else if let Some(d) = hex_value(b) {
            any_digit = true;
            if mantissa >> 60 == 0 {
                mantissa = mantissa * 16 + u64::from(d);
                if seen_dot {
                    exp -= 4;
                }
            } else {
                // Too many significant digits: remember only whether any was non-zero.
                sticky |= d != 0;
                if !seen_dot {
                    exp += 4;
                }
            }
        } else {
            break;
        }
        i += 1;
    }
    if !any_digit {
        return None;
    }
    if i < s.len() && (s[i] | 0x20) == b'p' {
        i += 1;
        let mut neg = false;
        if matches!(s.get(i), Some(b'+' | b'-')) {
            neg = s[i] == b'-';
            i += 1;
        }
        let start = i;
        let mut e: i64 = 0;
        while i < s.len() && s[i].is_ascii_digit() {
            e = (e * 10 + i64::from(s[i] - b'0')).min(1 << 40);
            i += 1;
        }
        if i == start {
            return None;
        }
        exp += if neg { -e } else { e };
    }
    if i != s.len() {
        return None;
    }
    Some(scale_binary(mantissa, sticky, exp))
}

/// `mantissa * 2^exp` (plus a sticky bit below the mantissa), rounded to nearest-even.
fn scale_binary(mut mantissa: u64, mut sticky: bool, mut exp: i64) -> f64 {
    if mantissa == 0 {
        return 0.0;
    }
    // Normalise so the top bit is bit 63.
    let lz = mantissa.leading_zeros();
    mantissa <<= lz;
    exp -= i64::from(lz);
    // Value = mantissa * 2^exp with mantissa in [2^63, 2^64): its binary exponent is exp + 63.
    let e = exp + 63;
    if e > 1023 {
        return f64::INFINITY;
    }
    // Bits to keep: 53 for normals, fewer for subnormals (minimum exponent -1074).
    let keep: i64 = if e >= -1022 { 53 } else { 53 - (-1022 - e) };
    if keep <= 0 {
        // Below half the smallest subnormal, or exactly at it: rounds to 0 or the minimum.
        if keep == 0 && (mantissa > 1 << 63 || sticky) {
            return f64::from_bits(1);
        }
        return 0.0;
    }
    let drop = 64 - keep as u32;
    let kept = mantissa >> drop;
    let rest = mantissa & ((1u64 << drop) - 1);
    let half = 1u64 << (drop - 1);
    sticky |= rest & (half - 1) != 0;
    let round_up = rest & half != 0 && (sticky || kept & 1 == 1);
    let mut kept = kept + u64::from(round_up);
    let mut value_exp = exp + i64::from(drop); // value = kept * 2^value_exp
    if kept >> 53 != 0 {
        kept >>= 1;
        value_exp += 1;
    }
    if value_exp + 52 > 1023 {
        return f64::INFINITY;
    }
    // kept < 2^53 and the result is exactly representable: build it with exact scalings.
    let mut result = kept as f64;
    let mut ve = value_exp;
    while ve > 0 {
        let step = ve.min(1000);
        result *= 2f64.powi(step as i32);
        ve -= step;
    }
    while ve < 0 {
        let step = (-ve).min(1000);
        // Scaling down in two exact steps keeps subnormal results exact.
        let first = step.min(500);
        result *= 2f64.powi(-(first as i32));
        result *= 2f64.powi(-((step - first) as i32));
        ve += step;
    }
    result
}

/// Appends an integer as `tostring` writes it (`LUA_INTEGER_FMT`, `%lld`).
pub fn fmt_int(i: i64, out: &mut Vec<u8>) {
    // Digits from the right into a stack buffer: no `String` made per number.
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut v = i.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if i < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[at..]);
}

/// Appends a float as `tostring` writes it (`tostringbuff` in lobject.c): C's `%.14g`, plus
/// `.0` when the result would read back as an integer (`1.0`, `-0.0`, but `1e+15`). Infinite
/// values are `inf`/`-inf`; a NaN is `nan` or `-nan` by its sign bit, as glibc prints it
/// (`0/0` on x86 has the sign bit set, so `print(0/0)` shows `-nan`).
pub fn fmt_float(f: f64, out: &mut Vec<u8>) {
    let start = out.len();
    let spec = Spec {
        precision: Some(14),
        ..Spec::default()
    };
    format_float(&spec, Conv::General { upper: false }, f, out);
    if out[start..]
        .iter()
        .all(|&b| b == b'-' || b.is_ascii_digit())
    {
        out.extend_from_slice(b".0");
    }
}

/// Appends a number as `tostring` writes it.
pub fn fmt_number(n: Number, out: &mut Vec<u8>) {
    match n {
        Number::Int(i) => fmt_int(i, out),
        Number::Float(f) => fmt_float(f, out),
    }
}

/// `tonumber(s, base)` for a string `s` (`b_str2int` in lbaselib.c): optional white space,
/// an optional `-` or `+`, one or more alphanumeric digits all below `base` (letters of
/// either case are 10..35), optional white space, and nothing else. The value wraps around
/// modulo 2^64 like Lua's unsigned arithmetic. `base` must be in 2..=36 (the caller raises
/// "base out of range" otherwise); an embedded zero byte makes the string invalid.
pub fn str2int_base(s: &[u8], base: u32) -> Option<i64> {
    debug_assert!((2..=36).contains(&base));
    let mut i = s.iter().take_while(|&&b| is_space(b)).count();
    let neg = match s.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let digits = s[i..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if digits == 0 {
        return None;
    }
    let mut n: u64 = 0;
    for &b in &s[i..i + digits] {
        let d = (b as char).to_digit(36)?;
        if d >= base {
            return None;
        }
        n = n.wrapping_mul(u64::from(base)).wrapping_add(u64::from(d));
    }
    i += digits;
    i += s[i..].iter().take_while(|&&b| is_space(b)).count();
    if i != s.len() {
        return None;
    }
    Some(if neg { 0u64.wrapping_sub(n) } else { n } as i64)
}

#[cfg(test)]
mod tests {
    use super::{fmt_float, fmt_int, str2int_base, str2number, Number};

    fn num(s: &str) -> Option<Number> {
        str2number(s.as_bytes())
    }

    #[test]
    fn integers() {
        assert_eq!(num("10"), Some(Number::Int(10)));
        assert_eq!(num("  -7  "), Some(Number::Int(-7)));
        assert_eq!(num("9223372036854775807"), Some(Number::Int(i64::MAX)));
        assert_eq!(num("-9223372036854775808"), Some(Number::Int(i64::MIN)));
        assert_eq!(
            num("9223372036854775808"),
            Some(Number::Float(9223372036854775808.0))
        );
        assert_eq!(num("0x10"), Some(Number::Int(16)));
        assert_eq!(num("0xffffffffffffffff"), Some(Number::Int(-1)));
        assert_eq!(num("0x1ffffffffffffffff"), Some(Number::Int(-1)));
    }

    #[test]
    fn floats() {
        assert_eq!(num("1."), Some(Number::Float(1.0)));
        assert_eq!(num(".5"), Some(Number::Float(0.5)));
        assert_eq!(num("1e2"), Some(Number::Float(100.0)));
        assert_eq!(num("1.e2"), Some(Number::Float(100.0)));
        assert_eq!(num("0x1p4"), Some(Number::Float(16.0)));
        assert_eq!(num("0x.8"), Some(Number::Float(0.5)));
        assert_eq!(num("0xA.8p1"), Some(Number::Float(21.0)));
        assert_eq!(num("0x1P-1074"), Some(Number::Float(f64::from_bits(1))));
        assert_eq!(num("0x1p1024"), Some(Number::Float(f64::INFINITY)));
        assert_eq!(
            num("0x1.fffffffffffff8p0"),
            Some(Number::Float(2.0)),
            "ties round to even"
        );
        assert_eq!(
            num("0x1.fffffffffffff7ffffp0"),
            Some(Number::Float(1.9999999999999998))
        );
        assert_eq!(num("1e400"), Some(Number::Float(f64::INFINITY)));
    }

    #[test]
    fn rejects() {
        for s in [
            "", " ", "inf", "nan", "1e", "0x", "0xp1", "1..2", "1.2.3", "- 1", "1 2", "0x1p",
        ] {
            assert_eq!(num(s), None, "{s:?}");
        }
    }

    fn float_str(f: f64) -> String {
        let mut v = Vec::new();
        fmt_float(f, &mut v);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn tostring_floats() {
        // lua5.4 -e 'for _,x in ipairs{1.0, -1.0, 0.0, -0.0, 0.1, 1/3, 100.0, 1e14, 1e15, 1e16, 2^53, 2^63, -2^63, 1e100, 1e-5, 123456789012345.0, 12345678901234.0, 0.1+0.2, 5e-324, 1.7976931348623157e308, 1e300*1e10, -1e300*1e10, 1.2345678901234567, 1e-310, 100000000000000.0, 99999999999999.0, 999999999999999.0, 0.5, 2.5e-7, 1e-4} do io.write(tostring(x), " ") end print()'
        let values = [
            1.0,
            -1.0,
            0.0,
            -0.0,
            0.1,
            1.0 / 3.0,
            100.0,
            1e14,
            1e15,
            1e16,
            9007199254740992.0,
            9223372036854775808.0,
            -9223372036854775808.0,
            1e100,
            1e-5,
            123456789012345.0,
            12345678901234.0,
            0.1 + 0.2,
            5e-324,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1.2345678901234567,
            1e-310,
            100000000000000.0,
            99999999999999.0,
            999999999999999.0,
            0.5,
            2.5e-7,
            1e-4,
        ];
        let got: Vec<String> = values.iter().map(|&x| float_str(x)).collect();
        assert_eq!(
            got.join(" "),
            "1.0 -1.0 0.0 -0.0 0.1 0.33333333333333 100.0 1e+14 1e+15 1e+16 9.007199254741e+15 \
             9.2233720368548e+18 -9.2233720368548e+18 1e+100 1e-05 1.2345678901234e+14 \
             12345678901234.0 0.3 4.9406564584125e-324 1.7976931348623e+308 inf -inf \
             1.2345678901235 1e-310 1e+14 99999999999999.0 1e+15 0.5 2.5e-07 0.0001"
        );
    }

    #[test]
    fn tostring_nan_and_ints() {
        // lua5.4 -e 'print(0/0, -(0/0), math.maxinteger, math.mininteger, 0, -1)'
        // (0/0 on x86 is the "default NaN", which has its sign bit set)
        let nan = f64::NAN;
        assert_eq!(float_str(-nan.abs()), "-nan");
        assert_eq!(float_str(nan.abs()), "nan");
        let mut v = Vec::new();
        for i in [i64::MAX, i64::MIN, 0, -1] {
            fmt_int(i, &mut v);
            v.push(b' ');
        }
        assert_eq!(v, b"9223372036854775807 -9223372036854775808 0 -1 ");
    }

    #[test]
    fn tonumber_with_base() {
        // lua5.4 -e 'for _,t in ipairs{{"10",2},{"ff",16},{"FF",16},{" -ff ",16},{"+11",2},{"z",36},{"Z",36},{"2",2},{"",10},{"-",10},{" ",10},{"1 1",10},{"7fffffffffffffff",16},{"8000000000000000",16},{"ffffffffffffffff",16},{"10000000000000000",16},{"99999999999999999999",10},{"\t\n12\v\f\r",10},{"0x10",16},{"1.5",10},{"1e1",10},{"- 1",10},{"--1",10},{"-+1",10},{"12\0",10},{"zz",35},{"yy",35}} do io.write(tostring(tonumber(t[1],t[2])), " ") end print()'
        let cases: [(&[u8], u32); 27] = [
            (b"10", 2),
            (b"ff", 16),
            (b"FF", 16),
            (b" -ff ", 16),
            (b"+11", 2),
            (b"z", 36),
            (b"Z", 36),
            (b"2", 2),
            (b"", 10),
            (b"-", 10),
            (b" ", 10),
            (b"1 1", 10),
            (b"7fffffffffffffff", 16),
            (b"8000000000000000", 16),
            (b"ffffffffffffffff", 16),
            (b"10000000000000000", 16),
            (b"99999999999999999999", 10),
            (b"\t\n12\x0b\x0c\r", 10),
            (b"0x10", 16),
            (b"1.5", 10),
            (b"1e1", 10),
            (b"- 1", 10),
            (b"--1", 10),
            (b"-+1", 10),
            (b"12\0", 10),
            (b"zz", 35),
            (b"yy", 35),
        ];
        let got: Vec<String> = cases
            .iter()
            .map(|&(s, b)| str2int_base(s, b).map_or("nil".to_string(), |n| n.to_string()))
            .collect();
        assert_eq!(
            got.join(" "),
            "2 255 255 -255 3 35 35 nil nil nil nil nil 9223372036854775807 \
             -9223372036854775808 -1 0 7766279631452241919 12 nil nil nil nil nil nil nil nil 1224"
        );
    }

    #[test]
    fn tostring_random_against_lua() {
        // testdata/tostring_random.txt: 2,000 random floats and lua5.4's tostring of them:
        //   cd src/shared/testdata && lua5.4 tostring_random.lua > tostring_random.txt
        for line in include_str!("testdata/tostring_random.txt").lines() {
            let (bits, want) = line.split_once('\t').unwrap();
            let x = f64::from_bits(u64::from_str_radix(bits, 16).unwrap());
            assert_eq!(float_str(x), want, "bits {bits}");
        }
    }
}
