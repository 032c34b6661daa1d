//! Pattern-matching functions of the string library (`find`, `match`, `gmatch`, `gsub`),
//! on the shared matcher in `moonlab::text::pattern`. Filled in when that lands.

use gc_arena::Mutation;

use crate::value::Table;

pub fn register_into<'gc>(_mc: &Mutation<'gc>, _t: Table<'gc>) {}
