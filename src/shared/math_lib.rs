//! The math library's rules that need no Lua values (lmathlib.c): `fmod`, `ult`,
//! `tointeger`, `floor`, `ceil`, `modf` (a float result that is an integer becomes one),
//! `log` with a base, `deg` and `rad`, and the deprecated `frexp` and `ldexp` that lua5.4
//! keeps (its makefile defines LUA_COMPAT_5_3, hence LUA_COMPAT_MATHLIB). `random` is in
//! `random`, next to its generator.

use super::arith::{float_to_int, to_int};
use super::lib_error::LibError;
use super::number::Number;

/// `math.fmod` of two integers: C's truncated remainder; a divisor of zero is an error.
pub fn fmod_int(m: i64, d: i64) -> Result<i64, LibError> {
    match d {
        0 => Err(LibError::arg(2, "zero")),
        // Avoids the overflow of MIN % -1.
        -1 => Ok(0),
        _ => Ok(m % d),
    }
}

/// `math.fmod` otherwise: C's `fmod`, which Rust's `%` on floats is.
pub fn fmod_float(a: f64, b: f64) -> f64 {
    a % b
}

/// `math.ult`: `a < b` as unsigned integers.
pub fn ult(a: i64, b: i64) -> bool {
    (a as u64) < (b as u64)
}

/// `math.tointeger` of a value that converts to `n` (`lua_tointegerx`: numeric strings
/// do), or `None` for one that does not: the integer, if it has an exact one.
pub fn tointeger(n: Option<Number>) -> Option<i64> {
    n.and_then(to_int)
}

/// `pushnumint`: a float with an exact integer value becomes that integer.
fn float_or_int(f: f64) -> Number {
    float_to_int(f).map_or(Number::Float(f), Number::Int)
}

/// `math.floor`.
pub fn floor(n: Number) -> Number {
    match n {
        Number::Int(i) => Number::Int(i),
        Number::Float(f) => float_or_int(f.floor()),
    }
}

/// `math.ceil`.
pub fn ceil(n: Number) -> Number {
    match n {
        Number::Int(i) => Number::Int(i),
        Number::Float(f) => float_or_int(f.ceil()),
    }
}

/// `math.modf` of an argument that is not an integer (an integer is its own integral part,
/// with a fractional part of 0.0): the integral part, rounded toward zero, and the rest.
pub fn modf(f: f64) -> (Number, f64) {
    let ip = if f < 0.0 { f.ceil() } else { f.floor() };
    // The test keeps inf - inf from making a NaN.
    let frac = if f == ip { 0.0 } else { f - ip };
    (float_or_int(ip), frac)
}

/// `math.log(x [, base])`: bases 2 and 10 use their own functions, as C's do, so that exact
/// powers give exact results.
pub fn log(x: f64, base: Option<f64>) -> f64 {
    match base {
        None => x.ln(),
        Some(2.0) => x.log2(),
        Some(10.0) => log10(x),
        Some(b) => x.ln() / b.ln(),
    }
}

/// lua5.4 as Linux distributions build it calls glibc's `acos`, `asin` and `log10`
/// through their old shared-library wrappers, which answer an argument outside the domain
/// with a positive NaN; a static glibc, or the instruction sequences Rust inlines, give a
/// negative one on x86 (`print(math.acos(2))` would say `-nan`). Out-of-domain results are
/// made positive here so that both engines print what lua5.4 prints, however moonlab is
/// linked; a NaN argument passes through as it is.
fn domain_nan(x: f64, r: f64) -> f64 {
    if r.is_nan() && !x.is_nan() {
        f64::NAN
    } else {
        r
    }
}

/// `math.acos`.
pub fn acos(x: f64) -> f64 {
    domain_nan(x, x.acos())
}

/// `math.asin`.
pub fn asin(x: f64) -> f64 {
    domain_nan(x, x.asin())
}

/// `math.log10` (and `math.log(x, 10)`).
pub fn log10(x: f64) -> f64 {
    domain_nan(x, x.log10())
}

/// `math.deg`.
pub fn deg(x: f64) -> f64 {
    x * (180.0 / std::f64::consts::PI)
}

/// `math.rad`.
pub fn rad(x: f64) -> f64 {
    x * (std::f64::consts::PI / 180.0)
}

/// C's `frexp` (musl's algorithm): `x = m * 2^e` with `0.5 <= |m| < 1`; zero, infinities
/// and NaN come back unchanged with an exponent of 0.
pub fn frexp(x: f64) -> (f64, i64) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    if biased == 0 {
        if x == 0.0 {
            return (x, 0);
        }
        // A subnormal: scale it by 2^64 into the normal range first.
        let (m, e) = frexp(x * f64::from_bits(0x43f0_0000_0000_0000));
        return (m, e - 64);
    }
    if biased == 0x7ff {
        return (x, 0);
    }
    let m = f64::from_bits((bits & 0x800f_ffff_ffff_ffff) | 0x3fe0_0000_0000_0000);
    (m, biased - 0x3fe)
}

/// C's `ldexp(x, exp)` (musl's `scalbn`): `x * 2^exp`, rounded once, for lmathlib's
/// `(int)luaL_checkinteger(L, 2)`: the integer is cut to C's `int` first.
pub fn ldexp(x: f64, exp: i64) -> f64 {
    let mut n = exp as i32;
    let two_1023 = f64::from_bits(0x7fe0_0000_0000_0000);
    // 2^-1022 * 2^53: keeps a subnormal result from being rounded twice.
    let tiny = f64::from_bits(0x0010_0000_0000_0000) * f64::from_bits(0x4340_0000_0000_0000);
    let mut y = x;
    if n > 1023 {
        y *= two_1023;
        n -= 1023;
        if n > 1023 {
            y *= two_1023;
            n = (n - 1023).min(1023);
        }
    } else if n < -1022 {
        y *= tiny;
        n += 1022 - 53;
        if n < -1022 {
            y *= tiny;
            n = (n + 1022 - 53).max(-1022);
        }
    }
    y * f64::from_bits(((0x3ff + n) as u64) << 52)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frexp_and_ldexp_round_trip() {
        for x in [
            1.0,
            -3.5,
            0.1,
            1e300,
            -1e-310,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            let (m, e) = frexp(x);
            assert!((0.5..1.0).contains(&m.abs()), "{x}: {m}");
            assert_eq!(ldexp(m, e), x);
        }
        assert_eq!(frexp(0.0), (0.0, 0));
        assert_eq!(frexp(8.0), (0.5, 4));
        assert!(frexp(f64::INFINITY).0.is_infinite());
        assert_eq!(ldexp(1.0, 2000), f64::INFINITY);
        assert_eq!(ldexp(1.0, -2000), 0.0);
        assert_eq!(ldexp(1.0, -1074), 5e-324);
        // Cut to a C int: 2^32 + 3 becomes 3.
        assert_eq!(ldexp(1.0, (1i64 << 32) + 3), 8.0);
    }
}
