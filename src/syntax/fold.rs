//! Which `<const>` initialisers are compile-time constants (`luaK_exp2const`).
//!
//! Lua 5.4 gives a `<const>` local no register when its initialiser folds to a constant;
//! references to it then compile to the constant itself and never become upvalues. Which
//! expressions fold is decided by `lcode.c`: literals, references to other such constants,
//! numeric arithmetic on numerals (never producing NaN or a float zero, never dividing by
//! zero, bitwise operations only on integral values), `not` of a constant, and `and`/`or`
//! whose left operand is a constant that decides the result.

use super::ast::{BinOp, Constant, Expr, ExprKind, UnOp};
use crate::shared::arith::{arith, to_int, ArithOp};
use crate::shared::number::Number;

/// The constant value of `e`, if Lua would treat it as a compile-time constant.
pub fn constant_value<'a>(e: &Expr<'a>) -> Option<Constant<'a>> {
    // Walk the left spine iteratively: chains like 1+1+...+1 may be arbitrarily long.
    let mut spine = Vec::new();
    let mut leaf = e;
    while let ExprKind::Binary { op, lhs, rhs, .. } = leaf.kind {
        spine.push((op, rhs));
        leaf = lhs;
    }
    let mut acc = leaf_value(leaf)?;
    for &(op, rhs) in spine.iter().rev() {
        acc = match op {
            BinOp::And if is_truthy(acc) => constant_value(rhs)?,
            BinOp::Or if !is_truthy(acc) => constant_value(rhs)?,
            BinOp::And | BinOp::Or => return None,
            _ => fold_numeric(arith_op(op)?, acc, constant_value(rhs)?)?,
        };
    }
    Some(acc)
}

fn leaf_value<'a>(e: &Expr<'a>) -> Option<Constant<'a>> {
    match e.kind {
        ExprKind::Nil => Some(Constant::Nil),
        ExprKind::True => Some(Constant::Bool(true)),
        ExprKind::False => Some(Constant::Bool(false)),
        ExprKind::Int(i) => Some(Constant::Int(i)),
        ExprKind::Float(f) => Some(Constant::Float(f)),
        ExprKind::Str(s) => Some(Constant::Str(s)),
        ExprKind::Const { value, .. } => Some(value),
        ExprKind::Paren(inner) => constant_value(inner),
        ExprKind::Unary { op, operand } => {
            let v = constant_value(operand)?;
            match op {
                UnOp::Not => Some(Constant::Bool(!is_truthy(v))),
                UnOp::Neg => fold_numeric(ArithOp::Unm, v, Constant::Int(0)),
                UnOp::BNot => fold_numeric(ArithOp::BNot, v, Constant::Int(0)),
                UnOp::Len => None,
            }
        }
        _ => None,
    }
}

fn is_truthy(c: Constant<'_>) -> bool {
    !matches!(c, Constant::Nil | Constant::Bool(false))
}

/// The arithmetic or bitwise operation a binary operator performs on numbers.
pub fn arith_op(op: BinOp) -> Option<ArithOp> {
    Some(match op {
        BinOp::Add => ArithOp::Add,
        BinOp::Sub => ArithOp::Sub,
        BinOp::Mul => ArithOp::Mul,
        BinOp::Div => ArithOp::Div,
        BinOp::IDiv => ArithOp::IDiv,
        BinOp::Mod => ArithOp::Mod,
        BinOp::Pow => ArithOp::Pow,
        BinOp::BAnd => ArithOp::BAnd,
        BinOp::BOr => ArithOp::BOr,
        BinOp::BXor => ArithOp::BXor,
        BinOp::Shl => ArithOp::Shl,
        BinOp::Shr => ArithOp::Shr,
        _ => return None,
    })
}

fn numeral(c: Constant<'_>) -> Option<Number> {
    match c {
        Constant::Int(i) => Some(Number::Int(i)),
        Constant::Float(f) => Some(Number::Float(f)),
        _ => None,
    }
}

/// `constfolding` in lcode.c on constants.
fn fold_numeric<'a>(op: ArithOp, a: Constant<'a>, b: Constant<'a>) -> Option<Constant<'a>> {
    match fold_numbers(op, numeral(a)?, numeral(b)?)? {
        Number::Int(i) => Some(Constant::Int(i)),
        Number::Float(f) => Some(Constant::Float(f)),
    }
}

/// `constfolding` in lcode.c on two numbers: the result, unless folding could raise an
/// error (`validop`: bitwise operands without an integer value, division by zero) or
/// produce NaN or a float zero (which could be -0.0). The compiler and the reference
/// interpreter's error descriptions fold through this.
pub fn fold_numbers(op: ArithOp, x: Number, y: Number) -> Option<Number> {
    let valid = if op.is_bitwise() {
        to_int(x).is_some() && to_int(y).is_some()
    } else if matches!(op, ArithOp::Div | ArithOp::IDiv | ArithOp::Mod) {
        match y {
            Number::Int(i) => i != 0,
            Number::Float(f) => f != 0.0,
        }
    } else {
        true
    };
    if !valid {
        return None;
    }
    match arith(op, x, y).ok()? {
        Number::Float(f) if f.is_nan() || f == 0.0 => None,
        n => Some(n),
    }
}
