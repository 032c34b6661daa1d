//! `string.pack`, `string.unpack` and `string.packsize` (lstrlib.c), on bytes.
//!
//! A format is a sequence of options (Lua 5.4 manual §6.4.2):
//!
//! | option | meaning |
//! |---|---|
//! | `<` `>` `=` | little, big, native endianness (native is little on x86) |
//! | `![n]` | maximum alignment `n` (default: native, 8) |
//! | `b` `B` `h` `H` `l` `L` `j` `J` `T` | signed/unsigned char, short, long, lua_Integer, size_t |
//! | `i[n]` `I[n]` | signed/unsigned integer of `n` bytes (1-16, default 4) |
//! | `f` `d` `n` | float, double, lua_Number |
//! | `s[n]` | string preceded by its length as an unsigned `n`-byte integer (default 8) |
//! | `z` | zero-terminated string |
//! | `cn` | fixed-size string of `n` bytes |
//! | `x` | one byte of padding |
//! | `Xop` | padding to the alignment of option `op` (which is consumed, not packed) |
//! | ` ` | ignored |
//!
//! Alignment only happens after a `!`: an option of size `k` is aligned to `min(k, max
//! alignment)`, which must be a power of 2. Sizes are those of x86-64 Linux, where PUC-Rio
//! Lua's `lua5.4` runs for us. Like lstrlib.c, the format is read as a C string: a zero
//! byte ends it.
//!
//! Positions are 0-based byte offsets; Lua's are these plus one.

use std::borrow::Cow;
use std::fmt;

use super::string_lib::posrelat_start;

/// A value packed or unpacked by one option.
#[derive(Clone, Debug, PartialEq)]
pub enum Packed {
    /// Integer options (`b B h H l L j J T i I`).
    Int(i64),
    /// Float options (`f d n`).
    Float(f64),
    /// String options (`c s z`).
    Str(Vec<u8>),
}

/// How `pack` gets its values. Each is asked for once, by Lua argument number `n` (the
/// format is argument 1, so the first value is 2), and the engine applies Lua's conversions
/// and raises its own errors ("bad argument #2 to 'pack' (number expected, got nil)").
pub trait PackArgs {
    /// The engine's error; pack errors are converted into it.
    type Error: From<PackError>;
    /// `luaL_checkinteger`.
    fn int(&mut self, n: usize) -> Result<i64, Self::Error>;
    /// `luaL_checknumber`.
    fn float(&mut self, n: usize) -> Result<f64, Self::Error>;
    /// `luaL_checklstring` (numbers are converted to strings).
    fn string(&mut self, n: usize) -> Result<Cow<'_, [u8]>, Self::Error>;
}

/// Errors of the pack functions, with lstrlib.c's messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackError {
    /// `"integral size (N) out of limits [1,16]"`
    SizeOutOfLimits(i64),
    /// "missing size for format option 'c'"
    MissingSize,
    /// "invalid format option 'o'" (the byte itself is quoted)
    InvalidOption(u8),
    /// "N-byte integer does not fit into Lua Integer" (unpacking more than 8 bytes)
    DoesNotFit(usize),
    /// Argument 1: "invalid next option for option 'X'"
    InvalidNextOption,
    /// Argument 1: "format asks for alignment not power of 2"
    AlignmentNotPowerOf2,
    /// Argument 1 of `packsize`: "variable-length format"
    VariableLength,
    /// Argument 1 of `packsize`: "format result too large"
    ResultTooLarge,
    /// Argument `arg`: "integer overflow" (signed value out of range of its size)
    IntegerOverflow {
        /// The argument number.
        arg: usize,
    },
    /// Argument `arg`: "unsigned overflow"
    UnsignedOverflow {
        /// The argument number.
        arg: usize,
    },
    /// Argument `arg`: "string longer than given size" (`cn`)
    StringTooLong {
        /// The argument number.
        arg: usize,
    },
    /// Argument `arg`: "string length does not fit in given size" (`sn`)
    LengthDoesNotFit {
        /// The argument number.
        arg: usize,
    },
    /// Argument `arg`: "string contains zeros" (`z`)
    StringContainsZeros {
        /// The argument number.
        arg: usize,
    },
    /// Argument 2 of `unpack`: "data string too short"
    DataTooShort,
    /// Argument 2 of `unpack`: "unfinished string for format 'z'"
    UnfinishedString,
    /// Argument 3 of `unpack`: "initial position out of string"
    InitialPosition,
}

impl PackError {
    /// For argument errors, the Lua argument number (the engine words these as "bad
    /// argument #n to 'pack' (MESSAGE)").
    pub fn arg(&self) -> Option<usize> {
        match self {
            PackError::InvalidNextOption
            | PackError::AlignmentNotPowerOf2
            | PackError::VariableLength
            | PackError::ResultTooLarge => Some(1),
            PackError::IntegerOverflow { arg }
            | PackError::UnsignedOverflow { arg }
            | PackError::StringTooLong { arg }
            | PackError::LengthDoesNotFit { arg }
            | PackError::StringContainsZeros { arg } => Some(*arg),
            PackError::DataTooShort | PackError::UnfinishedString => Some(2),
            PackError::InitialPosition => Some(3),
            _ => None,
        }
    }

    /// The message (for argument errors, the part in parentheses); bytes, because an
    /// invalid option is quoted as the byte it is.
    pub fn message(&self) -> Vec<u8> {
        let text = match self {
            PackError::SizeOutOfLimits(n) => {
                format!("integral size ({n}) out of limits [1,{MAX_INT_SIZE}]")
            }
            PackError::MissingSize => "missing size for format option 'c'".into(),
            PackError::InvalidOption(b) => {
                let mut m = b"invalid format option '".to_vec();
                m.push(*b);
                m.push(b'\'');
                return m;
            }
            PackError::DoesNotFit(n) => format!("{n}-byte integer does not fit into Lua Integer"),
            PackError::InvalidNextOption => "invalid next option for option 'X'".into(),
            PackError::AlignmentNotPowerOf2 => "format asks for alignment not power of 2".into(),
            PackError::VariableLength => "variable-length format".into(),
            PackError::ResultTooLarge => "format result too large".into(),
            PackError::IntegerOverflow { .. } => "integer overflow".into(),
            PackError::UnsignedOverflow { .. } => "unsigned overflow".into(),
            PackError::StringTooLong { .. } => "string longer than given size".into(),
            PackError::LengthDoesNotFit { .. } => "string length does not fit in given size".into(),
            PackError::StringContainsZeros { .. } => "string contains zeros".into(),
            PackError::DataTooShort => "data string too short".into(),
            PackError::UnfinishedString => "unfinished string for format 'z'".into(),
            PackError::InitialPosition => "initial position out of string".into(),
        };
        text.into_bytes()
    }
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.message()))
    }
}

impl std::error::Error for PackError {}

/// The largest integer option (`MAXINTSIZE`).
const MAX_INT_SIZE: usize = 16;

/// The size of `lua_Integer` (`SZINT`): integers wider than this are sign- or zero-extended.
const SZINT: usize = 8;

/// `offsetof(struct cD, u)` on x86-64: the default for `!`.
const NATIVE_ALIGN: usize = 8;

/// lstrlib.c's `MAXSIZE` on 64-bit machines (`INT_MAX`): bounds sizes read from formats
/// and the result of `packsize`.
const MAX_SIZE: usize = i32::MAX as usize;

const NATIVE_LITTLE: bool = cfg!(target_endian = "little");

/// What an option does (`KOption`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Int,
    Uint,
    Float32,
    Float64,
    Char,
    Str,
    Zstr,
    Padding,
    PadAlign,
    Nop,
}

/// The reader's state (`Header` plus the format cursor).
struct Format<'a> {
    fmt: &'a [u8],
    pos: usize,
    little: bool,
    max_align: usize,
}

/// One option: what it is, its size, and the padding that aligns it.
struct Item {
    kind: Kind,
    size: usize,
    pad: usize,
}

impl<'a> Format<'a> {
    fn new(fmt: &'a [u8]) -> Format<'a> {
        // The format is a C string in lstrlib.c: it ends at the first zero byte.
        let end = fmt.iter().position(|&b| b == 0).unwrap_or(fmt.len());
        Format {
            fmt: &fmt[..end],
            pos: 0,
            little: NATIVE_LITTLE,
            max_align: 1,
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.fmt.len()
    }

    /// `getnum`: a decimal number, or `default` if none. Like C, it stops reading once the
    /// value passes `(MAXSIZE - 9) / 10`, leaving further digits to be read as options.
    fn number(&mut self, default: i64) -> i64 {
        if !self.fmt.get(self.pos).is_some_and(u8::is_ascii_digit) {
            return default;
        }
        let limit = (MAX_SIZE as i64 - 9) / 10;
        let mut a: i64 = 0;
        loop {
            a = a * 10 + i64::from(self.fmt[self.pos] - b'0');
            self.pos += 1;
            if !(self.fmt.get(self.pos).is_some_and(u8::is_ascii_digit) && a <= limit) {
                return a;
            }
        }
    }

    /// `getnumlimit`: an integer size in 1..=16.
    fn size_limit(&mut self, default: usize) -> Result<usize, PackError> {
        let n = self.number(default as i64);
        if n <= 0 || n > MAX_INT_SIZE as i64 {
            return Err(PackError::SizeOutOfLimits(n));
        }
        Ok(n as usize)
    }

    /// `getoption`: reads one option, returning its kind and size.
    fn option(&mut self) -> Result<(Kind, usize), PackError> {
        let opt = self.fmt[self.pos];
        self.pos += 1;
        Ok(match opt {
            b'b' => (Kind::Int, 1),
            b'B' => (Kind::Uint, 1),
            b'h' => (Kind::Int, 2),
            b'H' => (Kind::Uint, 2),
            b'l' | b'j' => (Kind::Int, 8),
            b'L' | b'J' | b'T' => (Kind::Uint, 8),
            b'f' => (Kind::Float32, 4),
            b'n' | b'd' => (Kind::Float64, 8),
            b'i' => (Kind::Int, self.size_limit(4)?),
            b'I' => (Kind::Uint, self.size_limit(4)?),
            b's' => (Kind::Str, self.size_limit(8)?),
            b'c' => {
                let n = self.number(-1);
                if n == -1 {
                    return Err(PackError::MissingSize);
                }
                (Kind::Char, n as usize)
            }
            b'z' => (Kind::Zstr, 0),
            b'x' => (Kind::Padding, 1),
            b'X' => (Kind::PadAlign, 0),
            b' ' => (Kind::Nop, 0),
            b'<' => {
                self.little = true;
                (Kind::Nop, 0)
            }
            b'>' => {
                self.little = false;
                (Kind::Nop, 0)
            }
            b'=' => {
                self.little = NATIVE_LITTLE;
                (Kind::Nop, 0)
            }
            b'!' => {
                self.max_align = self.size_limit(NATIVE_ALIGN)?;
                (Kind::Nop, 0)
            }
            _ => return Err(PackError::InvalidOption(opt)),
        })
    }

    /// `getdetails`: the next option and the padding that aligns it at offset `total`.
    fn item(&mut self, total: usize) -> Result<Item, PackError> {
        let (kind, size) = self.option()?;
        let mut align = size;
        if kind == Kind::PadAlign {
            // `X` takes its alignment from the next option, which it consumes.
            if self.at_end() {
                return Err(PackError::InvalidNextOption);
            }
            let (next, next_size) = self.option()?;
            align = next_size;
            if next == Kind::Char || align == 0 {
                return Err(PackError::InvalidNextOption);
            }
        }
        let pad = if align <= 1 || kind == Kind::Char {
            0
        } else {
            let align = align.min(self.max_align);
            if !align.is_power_of_two() {
                return Err(PackError::AlignmentNotPowerOf2);
            }
            (align - (total & (align - 1))) & (align - 1)
        };
        Ok(Item { kind, size, pad })
    }
}

/// `packint`: the low `size` bytes of `n` in the given byte order; beyond 8 bytes, a
/// negative number is sign-extended.
fn pack_int(out: &mut Vec<u8>, n: u64, little: bool, size: usize, negative: bool) {
    let start = out.len();
    for i in 0..size {
        let byte = if i < SZINT {
            (n >> (8 * i)) as u8
        } else if negative {
            0xff
        } else {
            0
        };
        out.push(byte);
    }
    if !little {
        out[start..].reverse();
    }
}

/// Appends `bytes` (native order) in the requested byte order.
fn push_ordered(out: &mut Vec<u8>, mut bytes: Vec<u8>, little: bool) {
    if little != NATIVE_LITTLE {
        bytes.reverse();
    }
    out.extend_from_slice(&bytes);
}

/// `string.pack(fmt, ...)`: appends the packed values to `out`.
pub fn pack<A: PackArgs>(fmt: &[u8], args: &mut A, out: &mut Vec<u8>) -> Result<(), A::Error> {
    let mut f = Format::new(fmt);
    let mut arg = 1;
    let mut total = 0usize;
    while !f.at_end() {
        let Item { kind, size, pad } = f.item(total)?;
        total += pad + size;
        out.resize(out.len() + pad, 0);
        arg += 1;
        match kind {
            Kind::Int => {
                let n = args.int(arg)?;
                if size < SZINT {
                    let lim = 1i64 << (size * 8 - 1);
                    if !(-lim..lim).contains(&n) {
                        return Err(PackError::IntegerOverflow { arg }.into());
                    }
                }
                pack_int(out, n as u64, f.little, size, n < 0);
            }
            Kind::Uint => {
                let n = args.int(arg)?;
                if size < SZINT && (n as u64) >= 1u64 << (size * 8) {
                    return Err(PackError::UnsignedOverflow { arg }.into());
                }
                pack_int(out, n as u64, f.little, size, false);
            }
            Kind::Float32 => {
                // C's `(float)` conversion: round to nearest.
                let x = args.float(arg)? as f32;
                push_ordered(out, x.to_ne_bytes().to_vec(), f.little);
            }
            Kind::Float64 => {
                let x = args.float(arg)?;
                push_ordered(out, x.to_ne_bytes().to_vec(), f.little);
            }
            Kind::Char => {
                let s = args.string(arg)?;
                if s.len() > size {
                    return Err(PackError::StringTooLong { arg }.into());
                }
                out.extend_from_slice(&s);
                out.resize(out.len() + (size - s.len()), 0);
            }
            Kind::Str => {
                let s = args.string(arg)?;
                if size < SZINT && (s.len() as u64) >= 1u64 << (size * 8) {
                    return Err(PackError::LengthDoesNotFit { arg }.into());
                }
                pack_int(out, s.len() as u64, f.little, size, false);
                out.extend_from_slice(&s);
                total += s.len();
            }
            Kind::Zstr => {
                let s = args.string(arg)?;
                if s.contains(&0) {
                    return Err(PackError::StringContainsZeros { arg }.into());
                }
                out.extend_from_slice(&s);
                out.push(0);
                total += s.len() + 1;
            }
            Kind::Padding => {
                out.push(0);
                arg -= 1;
            }
            Kind::PadAlign | Kind::Nop => arg -= 1,
        }
    }
    Ok(())
}

/// `string.packsize(fmt)`: the size of the result of `pack` with a fixed-size format.
pub fn packsize(fmt: &[u8]) -> Result<usize, PackError> {
    let mut f = Format::new(fmt);
    let mut total = 0usize;
    while !f.at_end() {
        let Item { kind, size, pad } = f.item(total)?;
        if matches!(kind, Kind::Str | Kind::Zstr) {
            return Err(PackError::VariableLength);
        }
        // (`number` keeps every size below MAX_SIZE, so the subtraction cannot wrap.)
        let size = size + pad;
        if total > MAX_SIZE - size {
            return Err(PackError::ResultTooLarge);
        }
        total += size;
    }
    Ok(total)
}

/// `unpackint`: reads a `size`-byte integer. Narrower than 8 bytes, a signed value is
/// sign-extended; wider, the extra bytes must be a pure sign (or zero) extension.
fn unpack_int(bytes: &[u8], little: bool, signed: bool) -> Result<i64, PackError> {
    let size = bytes.len();
    let byte = |i: usize| {
        if little {
            bytes[i]
        } else {
            bytes[size - 1 - i]
        }
    };
    let limit = size.min(SZINT);
    let mut res: u64 = 0;
    for i in (0..limit).rev() {
        res = (res << 8) | u64::from(byte(i));
    }
    if size < SZINT {
        if signed {
            let mask = 1u64 << (size * 8 - 1);
            res = (res ^ mask).wrapping_sub(mask);
        }
    } else if size > SZINT {
        let fill = if signed && (res as i64) < 0 { 0xff } else { 0 };
        if (limit..size).any(|i| byte(i) != fill) {
            return Err(PackError::DoesNotFit(size));
        }
    }
    Ok(res as i64)
}

/// `string.unpack(fmt, data, init)`, with `init` as Lua gives it (1-based, negative from
/// the end): the values and the offset after the last byte read (Lua returns it plus one).
pub fn unpack(fmt: &[u8], data: &[u8], init: i64) -> Result<(Vec<Packed>, usize), PackError> {
    let mut pos = posrelat_start(init, data.len()) - 1;
    if pos > data.len() {
        return Err(PackError::InitialPosition);
    }
    let mut f = Format::new(fmt);
    let mut values = Vec::new();
    while !f.at_end() {
        let Item { kind, size, pad } = f.item(pos)?;
        if pad.saturating_add(size) > data.len() - pos {
            return Err(PackError::DataTooShort);
        }
        pos += pad;
        let field = &data[pos..pos + size];
        match kind {
            Kind::Int | Kind::Uint => {
                values.push(Packed::Int(unpack_int(field, f.little, kind == Kind::Int)?));
            }
            Kind::Float32 => {
                let mut b = [0u8; 4];
                b.copy_from_slice(field);
                if f.little != NATIVE_LITTLE {
                    b.reverse();
                }
                values.push(Packed::Float(f64::from(f32::from_ne_bytes(b))));
            }
            Kind::Float64 => {
                let mut b = [0u8; 8];
                b.copy_from_slice(field);
                if f.little != NATIVE_LITTLE {
                    b.reverse();
                }
                values.push(Packed::Float(f64::from_ne_bytes(b)));
            }
            Kind::Char => values.push(Packed::Str(field.to_vec())),
            Kind::Str => {
                let len = unpack_int(field, f.little, false)? as u64;
                let room = data.len() - pos - size;
                if len > room as u64 {
                    return Err(PackError::DataTooShort);
                }
                let start = pos + size;
                values.push(Packed::Str(data[start..start + len as usize].to_vec()));
                pos += len as usize;
            }
            Kind::Zstr => {
                // C's strlen stops at the string's own terminator if there is no zero.
                let len = data[pos..].iter().position(|&b| b == 0);
                let Some(len) = len else {
                    return Err(PackError::UnfinishedString);
                };
                values.push(Packed::Str(data[pos..pos + len].to_vec()));
                pos += len + 1;
            }
            Kind::Padding | Kind::PadAlign | Kind::Nop => {}
        }
        pos += size;
    }
    Ok((values, pos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::arith::float_to_int;
    use crate::shared::cfmt::{format_float, Conv, Spec};

    use crate::shared::test_escapes::{decode, encode};

    /// A value from a case field: `i:<integer>`, `f:<float>` or `s:<string>`.
    fn value(field: &str) -> Packed {
        let (tag, v) = field.split_once(':').unwrap();
        match tag {
            "i" => Packed::Int(v.parse().unwrap()),
            "f" => Packed::Float(v.parse().unwrap()),
            _ => Packed::Str(decode(v)),
        }
    }

    /// As the generating script shows values: integers, `%.17g` floats, `s:` strings.
    fn show(v: &Packed) -> Vec<u8> {
        match v {
            Packed::Int(i) => i.to_string().into_bytes(),
            Packed::Float(f) => {
                let spec = Spec {
                    precision: Some(17),
                    ..Spec::default()
                };
                let mut out = Vec::new();
                format_float(&spec, Conv::General { upper: false }, *f, &mut out);
                out
            }
            Packed::Str(s) => [&b"s:"[..], s].concat(),
        }
    }

    /// An error message, worded as lua5.4 words it (bytes: it may quote any byte).
    #[derive(Debug)]
    struct TestError(Vec<u8>);

    impl TestError {
        fn arg(name: &str, n: usize, msg: &str) -> TestError {
            TestError(format!("bad argument #{n} to 'string.{name}' ({msg})").into_bytes())
        }

        /// How the engine would word a `PackError` raised by function `name`.
        fn from_pack(name: &str, e: PackError) -> TestError {
            match e.arg() {
                Some(n) => TestError::arg(name, n, &String::from_utf8(e.message()).unwrap()),
                None => TestError(e.message()),
            }
        }
    }

    impl From<PackError> for TestError {
        fn from(e: PackError) -> Self {
            TestError::from_pack("pack", e)
        }
    }

    /// Values as an engine would convert them for `pack`.
    struct Args(Vec<Packed>);

    impl PackArgs for Args {
        type Error = TestError;

        fn int(&mut self, n: usize) -> Result<i64, TestError> {
            match self.0.get(n - 2) {
                Some(Packed::Int(i)) => Ok(*i),
                Some(Packed::Float(f)) => float_to_int(*f).ok_or_else(|| {
                    TestError::arg("pack", n, "number has no integer representation")
                }),
                // lstrlib.c's str_pack pushes a nil above its arguments, so a missing value
                // is reported as a nil rather than "no value".
                None => Err(TestError::arg("pack", n, "number expected, got nil")),
                Some(Packed::Str(_)) => {
                    Err(TestError::arg("pack", n, "number expected, got string"))
                }
            }
        }

        fn float(&mut self, n: usize) -> Result<f64, TestError> {
            match self.0.get(n - 2) {
                Some(Packed::Int(i)) => Ok(*i as f64),
                Some(Packed::Float(f)) => Ok(*f),
                _ => Err(TestError::arg("pack", n, "number expected")),
            }
        }

        fn string(&mut self, n: usize) -> Result<Cow<'_, [u8]>, TestError> {
            match self.0.get(n - 2) {
                Some(Packed::Str(s)) => Ok(Cow::Borrowed(s)),
                _ => Err(TestError::arg("pack", n, "string expected")),
            }
        }
    }

    fn run(kind: &str, fmt: &[u8], args: Vec<Packed>) -> Result<Vec<u8>, TestError> {
        let name_errors = |e: PackError| TestError::from_pack(kind, e);
        match kind {
            "pack" => {
                let mut out = b"s:".to_vec();
                pack(fmt, &mut Args(args), &mut out)?;
                Ok(out)
            }
            "packsize" => Ok(packsize(fmt).map_err(name_errors)?.to_string().into_bytes()),
            "unpack" => {
                let Packed::Str(data) = &args[0] else {
                    panic!("unpack needs a string")
                };
                let init = match args.get(1) {
                    Some(Packed::Int(i)) => *i,
                    _ => 1,
                };
                let (values, next) = unpack(fmt, data, init).map_err(name_errors)?;
                let mut parts: Vec<Vec<u8>> = values.iter().map(show).collect();
                parts.push((next + 1).to_string().into_bytes());
                Ok(parts.join(&b'|'))
            }
            _ => panic!("unknown kind {kind}"),
        }
    }

    #[test]
    fn against_lua() {
        // testdata/pack_expected.txt is lua5.4's output for testdata/pack_cases.txt:
        //   cd src/shared/testdata && lua5.4 pack.lua < pack_cases.txt > pack_expected.txt
        let cases = include_str!("testdata/pack_cases.txt");
        let expected = include_str!("testdata/pack_expected.txt");
        assert_eq!(cases.lines().count(), expected.lines().count());
        let mut failures = Vec::new();
        for (case, want) in cases.lines().zip(expected.lines()) {
            let f: Vec<&str> = case.split('\t').collect();
            let args = f[2..].iter().map(|s| value(s)).collect();
            let got = match run(f[0], &decode(f[1]), args) {
                Ok(out) => encode(&out),
                Err(e) => encode(&[&b"error: "[..], &e.0].concat()),
            };
            if got != want {
                failures.push(format!("{case:?}: got {got:?}, lua5.4 {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn round_trips() {
        // Values come back as they went in, integral options giving integers:
        // lua5.4 -e 'print(string.unpack("<i3>I5!4d zs2", string.pack("<i3>I5!4d zs2", -5, 2^39, 0.1, "z", "s")))'
        //   -> -5  549755813888  0.1  z  s  22)
        let args = vec![
            Packed::Int(-5),
            Packed::Float(549755813888.0),
            Packed::Float(0.1),
            Packed::Str(b"z".to_vec()),
            Packed::Str(b"s".to_vec()),
        ];
        let fmt = b"<i3>I5!4d zs2";
        let mut out = Vec::new();
        pack(fmt, &mut Args(args.clone()), &mut out).unwrap();
        let (values, next) = unpack(fmt, &out, 1).unwrap();
        let mut expected = args;
        expected[1] = Packed::Int(549755813888); // packed by `I5`, so back as an integer
        assert_eq!(values, expected);
        assert_eq!(next + 1, 22);
    }
}
