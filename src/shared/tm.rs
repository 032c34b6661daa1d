//! Metamethod events (ltm.h): their order, their names, and what is derived from them. The
//! order is part of the bytecode (MMBIN's C operand is an event number), so the code
//! generator, the verifier, the disassembler and both engines take it from here.
//!
//! It lives with the engine-free helpers because every part of moonlab needs it and none
//! may depend on the VM: the compiler emits event numbers, the VM interns the names, and
//! the reference interpreter looks metamethods up by the same names.

use super::arith::ArithOp;

/// Declares the events (in ltm.h's order, `TMS`) and then the other metatable fields the
/// libraries look up often, with their names.
macro_rules! metafields {
    (
        events { $($event:ident = $ename:literal,)* }
        others { $($other:ident = $oname:literal,)* }
    ) => {
        /// A metamethod event, or another metatable field the libraries read often (those
        /// come after the events, from [`Tm::Name`] on).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Tm {
            $(#[doc = concat!("`", $ename, "`: a metamethod event.")] $event,)*
            $(#[doc = concat!("`", $oname, "`: a metatable field the libraries read.")] $other,)*
        }

        impl Tm {
            /// Every event and field, indexed by number.
            pub const ALL: &'static [Tm] = &[$(Tm::$event,)* $(Tm::$other,)*];
            /// How many events there are (`TM_N`): numbers past them are not events.
            pub const EVENTS: usize = [$(Tm::$event),*].len();

            /// The field's name in a metatable (`luaT_eventname`): `"__index"`, ...
            pub const fn name(self) -> &'static str {
                match self {
                    $(Tm::$event => $ename,)*
                    $(Tm::$other => $oname,)*
                }
            }
        }
    };
}

metafields! {
    events {
        Index = "__index",
        NewIndex = "__newindex",
        Gc = "__gc",
        Mode = "__mode",
        Len = "__len",
        Eq = "__eq",
        // From here to BNot: ArithOp's order, which is also the operators' and the opcodes'.
        Add = "__add",
        Sub = "__sub",
        Mul = "__mul",
        Mod = "__mod",
        Pow = "__pow",
        Div = "__div",
        IDiv = "__idiv",
        BAnd = "__band",
        BOr = "__bor",
        BXor = "__bxor",
        Shl = "__shl",
        Shr = "__shr",
        Unm = "__unm",
        BNot = "__bnot",
        Lt = "__lt",
        Le = "__le",
        Concat = "__concat",
        Call = "__call",
        Close = "__close",
    }
    others {
        Name = "__name",
        ToString = "__tostring",
        Metatable = "__metatable",
        Pairs = "__pairs",
    }
}

/// Events whose absence a metatable caches in a byte of flags (`fasttm`): the first eight.
/// ltm.h caches only the first six (through `__eq`; its flags byte has other uses), but
/// here the byte is the cache's alone, so `__add` and `__sub` are cached too. Writing any
/// `"__"` key to a table clears all its flags, so which events are cached changes speed only.
pub const CACHED_EVENTS: u8 = 8;
const _: () = assert!(CACHED_EVENTS as u32 <= u8::BITS && CACHED_EVENTS as usize <= Tm::EVENTS);

// `__add` .. `__bnot` line up with `ArithOp` (`of_arith` and `arith` rely on it).
const _: () = assert!(Tm::BNot as usize - Tm::Add as usize == ArithOp::BNot as usize);
const _: () = assert!(Tm::Shr as usize - Tm::Add as usize == ArithOp::Shr as usize);

/// The events an MMBIN instruction may name: the binary arithmetic and bitwise ones.
const MMBIN_EVENTS: std::ops::RangeInclusive<u32> = Tm::Add as u32..=Tm::Shr as u32;

impl Tm {
    /// The event numbered `n` (MMBIN's C operand, say), if `n` is an event's number.
    pub fn event(n: u32) -> Option<Tm> {
        Tm::ALL[..Tm::EVENTS].get(n as usize).copied()
    }

    /// The event MMBIN's C operand `c` names, if it is one MMBIN may name.
    pub fn from_mmbin(c: u32) -> Option<Tm> {
        if MMBIN_EVENTS.contains(&c) {
            Tm::event(c)
        } else {
            None
        }
    }

    /// The number of the event, as MMBIN's C operand holds it.
    pub const fn number(self) -> u32 {
        self as u32
    }

    /// The name without its leading `"__"`, as error messages print it (`'add'`).
    pub fn bare_name(self) -> &'static str {
        &self.name()[2..]
    }

    /// The event of an arithmetic or bitwise operation (`__add` .. `__bnot`).
    pub const fn of_arith(op: ArithOp) -> Tm {
        Tm::ALL[Tm::Add as usize + op as usize]
    }

    /// The operation whose metamethod this event is, if it is an arithmetic one.
    pub fn arith(self) -> Option<ArithOp> {
        (self as usize)
            .checked_sub(Tm::Add as usize)
            .and_then(|k| ArithOp::ALL.get(k).copied())
    }

    /// Whether a metatable caches this event's absence (see [`CACHED_EVENTS`]).
    #[inline(always)]
    pub const fn is_cached(self) -> bool {
        (self as u8) < CACHED_EVENTS
    }
}

/// The operation of MMBIN's event operand `c`. For the interpreter: the verifier has checked
/// `c` (an arithmetic event), and anything else is clamped rather than indexed out of range.
#[inline]
pub fn mmbin_arith(c: u32) -> ArithOp {
    ArithOp::ALL[(c as usize)
        .saturating_sub(Tm::Add as usize)
        .min(ArithOp::ALL.len() - 1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_in_ltm_order() {
        assert_eq!(Tm::EVENTS, 25);
        assert_eq!(Tm::Index as u8, 0);
        assert_eq!(Tm::Eq as u8, 5);
        assert_eq!(Tm::Add as u8, 6);
        assert_eq!(Tm::Shr as u8, 17);
        assert_eq!(Tm::Close as u8, 24);
        for (n, tm) in Tm::ALL.iter().enumerate() {
            assert_eq!(*tm as usize, n);
            assert!(tm.name().starts_with("__"));
        }
        assert_eq!(Tm::event(24), Some(Tm::Close));
        assert_eq!(Tm::event(25), None, "__name is not an event");
    }

    #[test]
    fn arithmetic_events_follow_arith_op_order() {
        let expected = [
            (ArithOp::Add, "__add"),
            (ArithOp::Sub, "__sub"),
            (ArithOp::Mul, "__mul"),
            (ArithOp::Mod, "__mod"),
            (ArithOp::Pow, "__pow"),
            (ArithOp::Div, "__div"),
            (ArithOp::IDiv, "__idiv"),
            (ArithOp::BAnd, "__band"),
            (ArithOp::BOr, "__bor"),
            (ArithOp::BXor, "__bxor"),
            (ArithOp::Shl, "__shl"),
            (ArithOp::Shr, "__shr"),
            (ArithOp::Unm, "__unm"),
            (ArithOp::BNot, "__bnot"),
        ];
        assert_eq!(ArithOp::ALL.len(), expected.len());
        for (op, name) in expected {
            let tm = Tm::of_arith(op);
            assert_eq!(tm.name(), name);
            assert_eq!(tm.arith(), Some(op));
            assert_eq!(mmbin_arith(tm.number()), op);
        }
        assert_eq!(Tm::Eq.arith(), None);
        assert_eq!(Tm::Lt.arith(), None);
    }

    #[test]
    fn mmbin_names_binary_arithmetic_events_only() {
        let named: Vec<Tm> = (0..64).filter_map(Tm::from_mmbin).collect();
        assert_eq!(named.first(), Some(&Tm::Add));
        assert_eq!(named.last(), Some(&Tm::Shr));
        assert!(named.iter().all(|tm| tm.arith().is_some()));
        assert_eq!(named.len(), 12);
    }

    #[test]
    fn the_absence_cache_covers_the_first_events() {
        assert!(Tm::Index.is_cached() && Tm::Eq.is_cached());
        assert!(!Tm::Mul.is_cached() && !Tm::Close.is_cached());
    }
}
