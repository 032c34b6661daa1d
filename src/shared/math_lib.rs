//! The math library's rules that need no Lua values (lmathlib.c): `fmod`, `ult`,
//! `tointeger`, `floor`, `ceil`, `modf` (a float result that is an integer becomes one),
//! `log` with a base, `deg` and `rad`. `random` is in `random`, next to its generator.

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
        Some(10.0) => x.log10(),
        Some(b) => x.ln() / b.ln(),
    }
}

/// `math.deg`.
pub fn deg(x: f64) -> f64 {
    x * (180.0 / std::f64::consts::PI)
}

/// `math.rad`.
pub fn rad(x: f64) -> f64 {
    x * (std::f64::consts::PI / 180.0)
}
