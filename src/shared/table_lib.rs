//! The table library's rules that need no Lua values (ltablib.c): what length `__len` may
//! give, which positions `insert`, `remove` and `move` accept, how `concat` joins, and the
//! longest array `sort` takes. The element reads and writes (which run metamethods) stay in
//! each engine.

use crate::shared::string_lib::AppendError;
use std::ops::RangeInclusive;

use super::arith::to_int;
use super::lib_error::LibError;
use super::number::Number;
use super::string_lib::TextPiece;

/// `luaL_len`: the length `#t` gave (through `__len`), as a number if it converts to one
/// (`lua_tointegerx`: numeric strings do), which must have an integer value.
#[inline]
pub fn length_from(n: Option<Number>) -> Result<i64, LibError> {
    n.and_then(to_int)
        .ok_or_else(|| LibError::plain("object length is not an integer"))
}

/// The two ways to call `table.insert`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InsertForm {
    /// `insert(t, v)`: at the end.
    Append,
    /// `insert(t, pos, v)`: at argument 2, after `check_insert_position`.
    At,
}

/// `table.insert`'s form, from its argument count.
#[inline]
pub fn insert_form(nargs: usize) -> Result<InsertForm, LibError> {
    match nargs {
        2 => Ok(InsertForm::Append),
        3 => Ok(InsertForm::At),
        _ => Err(LibError::plain("wrong number of arguments to 'insert'")),
    }
}

/// `table.insert(t, pos, v)`, where `first_empty` is `#t + 1`: `pos` must be in
/// `[1, first_empty]` (compared as unsigned, as ltablib.c does).
#[inline]
pub fn check_insert_position(pos: i64, first_empty: i64) -> Result<(), LibError> {
    if (pos as u64).wrapping_sub(1) < first_empty as u64 {
        Ok(())
    } else {
        Err(LibError::arg(2, "position out of bounds"))
    }
}

/// `table.remove(t, pos)` on a table of length `size`: a given position must be `size`
/// or in `[1, size + 1]`. lua 5.4.4 names argument 1 in the error.
#[inline]
pub fn check_remove_position(pos: i64, size: i64) -> Result<(), LibError> {
    if pos == size || (pos as u64).wrapping_sub(1) <= size as u64 {
        Ok(())
    } else {
        Err(LibError::arg(1, "position out of bounds"))
    }
}

/// One element of `table.concat(t, sep, i, j)`: appends `t[index]`, then `sep` unless it
/// is the last one (`index == j`). Always inlined into the engines' loops (a call per
/// element costs `table.concat` about 1% on the json benchmark).
#[inline(always)]
pub fn concat_piece(
    out: &mut Vec<u8>,
    piece: TextPiece,
    index: i64,
    j: i64,
    sep: &[u8],
) -> Result<(), LibError> {
    match piece.append_to(out) {
        Ok(()) => {}
        Err(AppendError::NotText(type_name)) => return Err(invalid_concat_value(type_name, index)),
        Err(AppendError::NoMemory) => return Err(LibError::NoMemory),
    }
    if index < j {
        out.try_reserve(sep.len()).map_err(|_| LibError::NoMemory)?;
        out.extend_from_slice(sep);
    }
    Ok(())
}

#[cold]
fn invalid_concat_value(type_name: &str, index: i64) -> LibError {
    LibError::plain(format!(
        "invalid value ({type_name}) at index {index} in table for 'concat'"
    ))
}

/// `table.sort` takes arrays shorter than `INT_MAX` elements.
pub fn check_sort_length(n: i64) -> Result<(), LibError> {
    if n < i64::from(i32::MAX) {
        Ok(())
    } else {
        Err(LibError::arg(1, "array too big"))
    }
}

/// The offsets `table.move(a1, f, e, t [, a2])` copies, in the order it copies them:
/// `a2[t + i] = a1[f + i]` for each `i`.
#[derive(Clone, Debug)]
pub struct MoveOffsets {
    offsets: RangeInclusive<i64>,
    backwards: bool,
}

impl Iterator for MoveOffsets {
    type Item = i64;

    fn next(&mut self) -> Option<i64> {
        if self.backwards {
            self.offsets.next_back()
        } else {
            self.offsets.next()
        }
    }
}

/// `table.move`'s checks and copying order: backwards when the ranges overlap in one table
/// (`same_table`), so that no element is overwritten before it is read.
pub fn move_offsets(f: i64, e: i64, t: i64, same_table: bool) -> Result<MoveOffsets, LibError> {
    if e < f {
        #[allow(clippy::reversed_empty_ranges)]
        return Ok(MoveOffsets {
            offsets: 1..=0,
            backwards: false,
        });
    }
    if !(f > 0 || e < i64::MAX + f) {
        return Err(LibError::arg(3, "too many elements to move"));
    }
    if t > i64::MAX - (e - f) {
        return Err(LibError::arg(4, "destination wrap around"));
    }
    Ok(MoveOffsets {
        offsets: 0..=(e - f),
        backwards: !(t > e || t <= f || !same_table),
    })
}
