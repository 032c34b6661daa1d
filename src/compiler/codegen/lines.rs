//! Which source line lparser.c has just read when it emits an instruction (`lastline`):
//! usually the last token of the construct being finished, which the AST records as
//! `end_line`.

use crate::syntax::ast::*;

/// The line of the last token of `e`.
pub(super) fn expr_end(e: &Expr<'_>) -> u32 {
    e.end_line
}

/// The line of the first token of `e`.
pub(super) fn expr_start(e: &Expr<'_>) -> u32 {
    let mut e = e;
    loop {
        match e.kind {
            ExprKind::Binary { lhs, .. } => e = lhs,
            ExprKind::Index { obj, .. } | ExprKind::Method { obj, .. } => e = obj,
            _ => return e.line,
        }
    }
}

/// The line of a binary operator, read before its first operand is prepared. (A
/// comparison's own `line` is that of its instruction, the end of the right operand.)
pub(super) fn operator_line(node: &Expr<'_>) -> u32 {
    match node.kind {
        ExprKind::Binary { op_line, .. } => op_line,
        _ => node.line,
    }
}

/// The line of the last token of a statement.
pub(super) fn stat_end(s: &Stat<'_>) -> u32 {
    s.end_line
}

/// The line of the last token of a block, if it has statements.
pub(super) fn block_last_line(b: &Block<'_>) -> Option<u32> {
    b.stats.last().map(stat_end)
}
