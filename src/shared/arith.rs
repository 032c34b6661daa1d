//! Lua 5.4 arithmetic on numbers (`luaO_rawarith`, `luaV_idiv`, `luaV_mod`, `luaV_shiftl`
//! in lobject.c and lvm.c), without coercions or metamethods.
//!
//! Integer operations wrap around; `/` and `^` always give floats; mixed operands are
//! converted to float; bitwise operations need operands with an exact integer value.

use super::number::Number;

/// An arithmetic or bitwise operation, in the order of the metamethod events `__add` to
/// `__bnot` and of `LUA_OPADD` to `LUA_OPBNOT`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `%` (floor modulo)
    Mod,
    /// `^` (always float)
    Pow,
    /// `/` (always float)
    Div,
    /// `//` (floor division)
    IDiv,
    /// `&`
    BAnd,
    /// `|`
    BOr,
    /// `~` (exclusive or)
    BXor,
    /// `<<`
    Shl,
    /// `>>` (logical)
    Shr,
    /// Unary `-`
    Unm,
    /// Unary `~`
    BNot,
}

/// Why an operation on two numbers has no result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithError {
    /// Integer `//` by zero: "attempt to perform 'n//0'".
    IDivByZero,
    /// Integer `%` by zero: "attempt to perform 'n%%0'".
    ModByZero,
    /// A bitwise operand is a float with no exact integer value.
    NoIntegerRep,
}

impl ArithOp {
    /// Every operation, indexed by its number (the order of the metamethod events and of
    /// the arithmetic opcodes).
    pub const ALL: [ArithOp; 14] = {
        use ArithOp::*;
        [
            Add, Sub, Mul, Mod, Pow, Div, IDiv, BAnd, BOr, BXor, Shl, Shr, Unm, BNot,
        ]
    };

    /// True for the bitwise operations, which need integer operands.
    pub fn is_bitwise(self) -> bool {
        matches!(
            self,
            ArithOp::BAnd
                | ArithOp::BOr
                | ArithOp::BXor
                | ArithOp::Shl
                | ArithOp::Shr
                | ArithOp::BNot
        )
    }
}

// `ALL` is in declaration order: an operation's number indexes it.
const _: () = {
    let mut k = 0;
    while k < ArithOp::ALL.len() {
        assert!(ArithOp::ALL[k] as usize == k);
        k += 1;
    }
};

/// `luaV_flttointns` with `F2Ieq`: the float's exact integer value, if it has one.
pub fn float_to_int(f: f64) -> Option<i64> {
    // -2^63 <= f < 2^63, and integral.
    if f.floor() == f && (-9223372036854775808.0..9223372036854775808.0).contains(&f) {
        Some(f as i64)
    } else {
        None
    }
}

/// The number's exact integer value, if it has one (floats as [`float_to_int`]).
pub fn to_int(n: Number) -> Option<i64> {
    match n {
        Number::Int(i) => Some(i),
        Number::Float(f) => float_to_int(f),
    }
}

/// The number as a float (integers may round).
pub fn to_float(n: Number) -> f64 {
    match n {
        Number::Int(i) => i as f64,
        Number::Float(f) => f,
    }
}

/// Integer floor division (`luaV_idiv`); `b` must not be zero.
pub fn int_idiv(a: i64, b: i64) -> i64 {
    if b == -1 {
        return a.wrapping_neg(); // avoids the overflow of MIN / -1
    }
    let q = a / b;
    if (a ^ b) < 0 && a % b != 0 {
        q - 1
    } else {
        q
    }
}

/// Integer modulo with the sign of the divisor (`luaV_mod`); `b` must not be zero.
pub fn int_mod(a: i64, b: i64) -> i64 {
    let m = a.wrapping_rem(b);
    if m != 0 && (m ^ b) < 0 {
        m + b
    } else {
        m
    }
}

/// Float modulo with the sign of the divisor (`luai_nummod`).
pub fn float_mod(a: f64, b: f64) -> f64 {
    let m = a % b;
    if if m > 0.0 { b < 0.0 } else { m < 0.0 && b > 0.0 } {
        m + b
    } else {
        m
    }
}

/// Logical shift left by `y` (right if negative); shifts of 64 or more give 0.
pub fn shift_left(x: i64, y: i64) -> i64 {
    if y < 0 {
        if y <= -64 {
            0
        } else {
            ((x as u64) >> (-y)) as i64
        }
    } else if y >= 64 {
        0
    } else {
        ((x as u64) << y) as i64
    }
}

/// `forprep` of lvm.c for an integer loop (`init` and `step` integers, `step != 0`): how
/// many more times the body runs after the first, or `None` when it must not run at all.
/// A float limit is clipped the way `forlimit` does (floor for ascending loops, ceiling
/// for descending ones, saturating beyond the integer range; NaN skips the loop).
pub fn for_int_count(init: i64, limit: Number, step: i64) -> Option<u64> {
    let lim = match limit {
        Number::Int(i) => i,
        Number::Float(f) => {
            let fl = if step < 0 { f.ceil() } else { f.floor() };
            match float_to_int(fl) {
                Some(i) => i,
                None if f.is_nan() => return None,
                None if 0.0 < f => {
                    if step < 0 {
                        return None;
                    }
                    i64::MAX
                }
                None => {
                    if step > 0 {
                        return None;
                    }
                    i64::MIN
                }
            }
        }
    };
    if if step > 0 { init > lim } else { init < lim } {
        return None;
    }
    Some(if step > 0 {
        let c = (lim as u64).wrapping_sub(init as u64);
        if step != 1 {
            c / step as u64
        } else {
            c
        }
    } else {
        let c = (init as u64).wrapping_sub(lim as u64);
        // `step + 1` avoids negating mininteger.
        c / ((-(step + 1)) as u64 + 1)
    })
}

/// Exact ordering of two numbers, integer and float mixed as Lua compares them (no
/// rounding through float); `None` when either is NaN.
pub fn cmp_numbers(a: Number, b: Number) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Number::Int(x), Number::Int(y)) => Some(x.cmp(&y)),
        (Number::Float(x), Number::Float(y)) => x.partial_cmp(&y),
        (Number::Int(i), Number::Float(f)) => int_float_cmp(i, f),
        (Number::Float(f), Number::Int(i)) => int_float_cmp(i, f).map(std::cmp::Ordering::reverse),
    }
}

fn int_float_cmp(i: i64, f: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    if f.is_nan() {
        return None;
    }
    if f >= 9223372036854775808.0 {
        return Some(Ordering::Less);
    }
    if f < -9223372036854775808.0 {
        return Some(Ordering::Greater);
    }
    // f is within i64 range: compare with its floor, then the fraction.
    let fl = f.floor();
    match i.cmp(&(fl as i64)) {
        Ordering::Equal if f > fl => Some(Ordering::Less),
        o => Some(o),
    }
}

/// Applies `op` to two numbers (the second is ignored by unary operators).
pub fn arith(op: ArithOp, a: Number, b: Number) -> Result<Number, ArithError> {
    use ArithOp::*;
    use Number::{Float, Int};
    if op.is_bitwise() {
        let x = to_int(a).ok_or(ArithError::NoIntegerRep)?;
        let y = to_int(b).ok_or(ArithError::NoIntegerRep)?;
        return Ok(Int(match op {
            BAnd => x & y,
            BOr => x | y,
            BXor => x ^ y,
            Shl => shift_left(x, y),
            Shr => shift_left(x, y.wrapping_neg()),
            BNot => !x,
            _ => unreachable!("bitwise operators only"),
        }));
    }
    if let (Int(x), Int(y)) = (a, b) {
        match op {
            Add => return Ok(Int(x.wrapping_add(y))),
            Sub => return Ok(Int(x.wrapping_sub(y))),
            Mul => return Ok(Int(x.wrapping_mul(y))),
            Unm => return Ok(Int(x.wrapping_neg())),
            IDiv if y == 0 => return Err(ArithError::IDivByZero),
            IDiv => return Ok(Int(int_idiv(x, y))),
            Mod if y == 0 => return Err(ArithError::ModByZero),
            Mod => return Ok(Int(int_mod(x, y))),
            _ => {} // `/` and `^` work on floats
        }
    }
    let (x, y) = (to_float(a), to_float(b));
    Ok(Float(match op {
        Add => x + y,
        Sub => x - y,
        Mul => x * y,
        Div => x / y,
        Pow => {
            if y == 2.0 {
                x * x
            } else {
                x.powf(y)
            }
        }
        IDiv => (x / y).floor(),
        Mod => float_mod(x, y),
        Unm => -x,
        _ => unreachable!("bitwise operators handled above"),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Number::{Float, Int};

    #[test]
    fn integer_rules() {
        assert_eq!(
            arith(ArithOp::Add, Int(i64::MAX), Int(1)),
            Ok(Int(i64::MIN))
        );
        assert_eq!(arith(ArithOp::IDiv, Int(7), Int(-2)), Ok(Int(-4)));
        assert_eq!(arith(ArithOp::Mod, Int(-7), Int(2)), Ok(Int(1)));
        assert_eq!(arith(ArithOp::Mod, Int(i64::MIN), Int(-1)), Ok(Int(0)));
        assert_eq!(
            arith(ArithOp::IDiv, Int(i64::MIN), Int(-1)),
            Ok(Int(i64::MIN))
        );
        assert_eq!(
            arith(ArithOp::IDiv, Int(1), Int(0)),
            Err(ArithError::IDivByZero)
        );
        assert_eq!(arith(ArithOp::Div, Int(1), Int(2)), Ok(Float(0.5)));
        assert_eq!(arith(ArithOp::Pow, Int(2), Int(10)), Ok(Float(1024.0)));
    }

    #[test]
    fn float_rules() {
        assert_eq!(arith(ArithOp::Mod, Float(-7.0), Float(2.0)), Ok(Float(1.0)));
        assert_eq!(
            arith(ArithOp::Mod, Float(5.5), Float(-2.0)),
            Ok(Float(-0.5))
        );
        assert_eq!(
            arith(ArithOp::IDiv, Float(7.0), Float(-2.0)),
            Ok(Float(-4.0))
        );
        match arith(ArithOp::Mod, Float(1.0), Float(0.0)) {
            Ok(Float(f)) => assert!(f.is_nan()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bitwise_rules() {
        assert_eq!(arith(ArithOp::Shl, Int(1), Int(64)), Ok(Int(0)));
        assert_eq!(arith(ArithOp::Shr, Int(-1), Int(60)), Ok(Int(15)));
        assert_eq!(arith(ArithOp::Shl, Int(1), Int(-1)), Ok(Int(0)));
        assert_eq!(arith(ArithOp::BAnd, Float(3.0), Int(1)), Ok(Int(1)));
        assert_eq!(
            arith(ArithOp::BOr, Float(1.5), Int(1)),
            Err(ArithError::NoIntegerRep)
        );
        assert_eq!(arith(ArithOp::BNot, Int(0), Int(0)), Ok(Int(-1)));
    }
}
