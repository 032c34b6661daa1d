//! Which source line lparser.c has just read when it emits an instruction (`lastline`):
//! usually the last token of the construct being finished.

use crate::syntax::ast::*;

/// The line of the last token of `e`.
pub(super) fn expr_end(e: &Expr<'_>) -> u32 {
    match e.kind {
        ExprKind::Binary { rhs, .. } => e.line.max(expr_end(rhs)),
        ExprKind::Unary { operand, .. } => expr_end(operand),
        ExprKind::Paren(inner) => e.line.max(expr_end(inner)),
        ExprKind::Index { key, .. } => e.line.max(expr_end(key)),
        ExprKind::Call { args, .. } | ExprKind::Method { args, .. } => {
            args.last().map_or(e.line, |a| e.line.max(expr_end(a)))
        }
        ExprKind::Function(f) => f.end_line,
        ExprKind::Table(fields) => match fields.last() {
            Some(Field::Positional(v)) | Some(Field::Keyed(_, v)) => e.line.max(expr_end(v)),
            None => e.line,
        },
        _ => e.line,
    }
}

/// The line of the first token of `e`.
pub(super) fn expr_start(e: &Expr<'_>) -> u32 {
    let mut e = e;
    loop {
        match e.kind {
            ExprKind::Binary { lhs, .. } => e = lhs,
            ExprKind::Index { obj, .. } | ExprKind::Method { obj, .. } => e = obj,
            ExprKind::Call { .. } => return e.line,
            _ => return e.line,
        }
    }
}

/// The line of a binary operator, read before its first operand is prepared.
pub(super) fn operator_line(node: &Expr<'_>, lhs: &Expr<'_>) -> u32 {
    match node.kind {
        // The AST gives comparisons the line of their right operand's end.
        ExprKind::Binary {
            op: BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge,
            ..
        } => expr_end(lhs),
        _ => node.line,
    }
}

/// The line of the last token of a statement.
pub(super) fn stat_end(s: &Stat<'_>) -> u32 {
    match s.kind {
        StatKind::Call(e) => expr_end(e),
        StatKind::Local { exprs, .. } | StatKind::Return { exprs } => {
            exprs.last().map_or(s.line, expr_end)
        }
        StatKind::Assign { exprs, .. } => exprs.last().map_or(s.line, expr_end),
        StatKind::LocalFunction { func, .. } | StatKind::Function { func, .. } => func.end_line,
        StatKind::Do(b) => block_last_line(&b).map_or(s.line, |l| l + 1),
        StatKind::While { body, .. }
        | StatKind::NumericFor { body, .. }
        | StatKind::GenericFor { body, .. } => {
            block_last_line(&body).map_or(s.line, |l| if l > s.line { l + 1 } else { l })
        }
        StatKind::Repeat { cond, .. } => expr_end(cond),
        StatKind::If { arms, else_block } => {
            let last = else_block
                .as_ref()
                .and_then(block_last_line)
                .or_else(|| arms.last().and_then(|(_, b)| block_last_line(b)));
            last.map_or(s.line, |l| if l > s.line { l + 1 } else { l })
        }
        _ => s.line,
    }
}

/// The line of the last token of a block, if it has statements.
pub(super) fn block_last_line(b: &Block<'_>) -> Option<u32> {
    b.stats.last().map(stat_end)
}
