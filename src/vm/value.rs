//! The fast engine's values: 8 bytes, NaN-boxed. This is the only file that knows the bits.
//!
//! A value is a 64-bit word. Every `f64` is stored as itself, except that NaNs are first
//! canonicalised to one of two patterns, keeping their sign (Lua prints `-nan` and `nan`
//! differently, and `0/0` on x86 gives the negative one). Everything else lives in the
//! negative quiet-NaN space above those two patterns, tagged by the top 16 bits:
//!
//! ```text
//!   0x7FF8_0000_0000_0000   NaN (positive, canonical)
//!   0xFFF8_0000_0000_0000   NaN (negative, canonical)
//!   0xFFF9_iiii_iiii_iiii   integer in [-2^47, 2^47), 48-bit two's complement payload
//!   0xFFFA_0000_0000_000v   nil (v = 0), false (1), true (2)
//!   0xFFFB_pppp_pppp_pppp   light userdata: a 48-bit address
//!   0xFFFC_pppp_pppp_pppk   heap object: an 8-aligned 48-bit address, kind k in bits 0-2
//! ```
//!
//! Lua 5.4 integers are 64-bit, more than a NaN payload holds. An integer that fits the
//! inline range is always stored inline; only the rest are boxed (immutable `BoxedInt`
//! objects). So every integer has one canonical form — inline whenever possible — which
//! keeps equality and table keys simple: two inline integers are equal exactly when their
//! words are, and a boxed integer is never equal to an inline one. papers/values.md
//! explains the choice and measures its cost.
//!
//! This module only encodes and decodes words: it never dereferences an object pointer, so
//! it needs no `unsafe`. The collector (`gc/`) owns what the pointers point to.
#![forbid(unsafe_code)]

const TAG_SHIFT: u32 = 48;
const PAYLOAD_MASK: u64 = (1 << TAG_SHIFT) - 1;

const NAN_POSITIVE: u64 = 0x7FF8_0000_0000_0000;
const NAN_NEGATIVE: u64 = 0xFFF8_0000_0000_0000;
const TAG_INT: u64 = 0xFFF9 << TAG_SHIFT;
const TAG_SPECIAL: u64 = 0xFFFA << TAG_SHIFT;
const TAG_LIGHT: u64 = 0xFFFB << TAG_SHIFT;
const TAG_OBJECT: u64 = 0xFFFC << TAG_SHIFT;
/// In a special word, marks a dead table key (`Value::dead_key`); user-space addresses are
/// below 2^47, so the payload keeps the rest of the object word.
const DEAD_KEY_BIT: u64 = 1 << 47;
/// Words at or above this are tagged values; below, floats.
const FIRST_TAGGED: u64 = TAG_INT;

/// The inline integer range: `[-2^47, 2^47)`.
pub const INLINE_INT_MIN: i64 = -(1 << 47);
pub const INLINE_INT_MAX: i64 = (1 << 47) - 1;

/// The kinds of heap object a value can point to (bits 0-2 of an object word).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum ObjKind {
    String = 0,
    Table = 1,
    LuaFunction = 2,
    NativeFunction = 3,
    Thread = 4,
    UserData = 5,
    /// An integer outside the inline range.
    BoxedInt = 6,
}

impl ObjKind {
    fn from_bits(bits: u64) -> ObjKind {
        match bits & 7 {
            0 => ObjKind::String,
            1 => ObjKind::Table,
            2 => ObjKind::LuaFunction,
            3 => ObjKind::NativeFunction,
            4 => ObjKind::Thread,
            5 => ObjKind::UserData,
            6 => ObjKind::BoxedInt,
            _ => unreachable!("kind 7 is never encoded"),
        }
    }
}

/// A Lua value in 8 bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Value(u64);

/// A value taken apart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Unpacked {
    Nil,
    Bool(bool),
    /// An inline integer (boxed ones are `Object(BoxedInt, _)`).
    Int(i64),
    Float(f64),
    LightUserData(usize),
    Object(ObjKind, usize),
}

impl Value {
    pub const NIL: Value = Value(TAG_SPECIAL);
    pub const FALSE: Value = Value(TAG_SPECIAL | 1);
    pub const TRUE: Value = Value(TAG_SPECIAL | 2);

    /// A special (nil/boolean-tagged) word with the given payload; payloads above 2 are
    /// markers private to the engine, never seen by Lua code.
    pub const fn special_bits(payload: u64) -> Value {
        Value(TAG_SPECIAL | payload)
    }

    /// The dead-key form of an object key (lgc.c's `setdeadkey`): a special word, so it is
    /// never traced or dereferenced and equals no live key, that keeps the object's
    /// address, so `next` can still continue from the key it names (`is_dead_key_of`).
    /// Other values are returned unchanged.
    pub fn dead_key(self) -> Value {
        if self.is_object() {
            Value(TAG_SPECIAL | DEAD_KEY_BIT | (self.0 & PAYLOAD_MASK & !DEAD_KEY_BIT))
        } else {
            self
        }
    }

    /// Whether this is a dead key (`dead_key`).
    pub fn is_dead_key(self) -> bool {
        self.0 & (0xFFFF << TAG_SHIFT | DEAD_KEY_BIT) == TAG_SPECIAL | DEAD_KEY_BIT
    }

    /// Whether this is the dead form of the object key `k`.
    pub fn is_dead_key_of(self, k: Value) -> bool {
        k.is_object() && self == k.dead_key()
    }

    /// The raw word (for hashing and debugging).
    pub fn bits(self) -> u64 {
        self.0
    }

    /// `None` for nil, the value otherwise.
    #[inline(always)]
    pub fn non_nil(self) -> Option<Value> {
        (!self.is_nil()).then_some(self)
    }

    /// Top 16 bits no value word has (the error encoding in `vm::error` relies on it).
    pub(crate) const UNUSED_TAG: u64 = 0xFFFF << TAG_SHIFT;

    /// The value whose word is `bits`, which must come from `bits()`.
    pub(crate) fn from_word(bits: u64) -> Value {
        debug_assert!(bits & Value::UNUSED_TAG != Value::UNUSED_TAG);
        Value(bits)
    }

    pub fn from_bool(b: bool) -> Value {
        if b {
            Value::TRUE
        } else {
            Value::FALSE
        }
    }

    /// A float; NaNs are canonicalised, keeping their sign.
    #[inline]
    pub fn from_float(f: f64) -> Value {
        if f.is_nan() {
            Value(if f.is_sign_negative() {
                NAN_NEGATIVE
            } else {
                NAN_POSITIVE
            })
        } else {
            Value(f.to_bits())
        }
    }

    /// An integer stored inline, or `None` if it needs boxing.
    #[inline]
    pub fn inline_int(i: i64) -> Option<Value> {
        if (INLINE_INT_MIN..=INLINE_INT_MAX).contains(&i) {
            Some(Value(TAG_INT | (i as u64 & PAYLOAD_MASK)))
        } else {
            None
        }
    }

    pub fn light_userdata(addr: usize) -> Value {
        debug_assert!(addr as u64 <= PAYLOAD_MASK, "addresses fit in 48 bits");
        Value(TAG_LIGHT | (addr as u64 & PAYLOAD_MASK))
    }

    /// A heap object of `kind` at `addr`, which must be 8-aligned and below 2^48.
    pub fn object(kind: ObjKind, addr: usize) -> Value {
        debug_assert!(addr.is_multiple_of(8) && addr as u64 <= PAYLOAD_MASK);
        Value(TAG_OBJECT | addr as u64 | kind as u64)
    }

    #[inline]
    pub fn is_nil(self) -> bool {
        self == Value::NIL
    }

    /// Lua truth: everything but nil and false.
    #[inline]
    pub fn is_truthy(self) -> bool {
        self != Value::NIL && self != Value::FALSE
    }

    #[inline]
    pub fn is_float(self) -> bool {
        self.0 < FIRST_TAGGED
    }

    #[inline]
    pub fn is_inline_int(self) -> bool {
        self.0 >> TAG_SHIFT == TAG_INT >> TAG_SHIFT
    }

    #[inline]
    pub fn as_float(self) -> Option<f64> {
        self.is_float().then(|| f64::from_bits(self.0))
    }

    #[inline]
    pub fn as_inline_int(self) -> Option<i64> {
        // Shifting the payload to the top and back sign-extends it.
        self.is_inline_int()
            .then_some(((self.0 << 16) as i64) >> 16)
    }

    /// The kind and address of a heap object.
    #[inline]
    pub fn as_object(self) -> Option<(ObjKind, usize)> {
        (self.0 >> TAG_SHIFT == TAG_OBJECT >> TAG_SHIFT).then(|| {
            (
                ObjKind::from_bits(self.0),
                (self.0 & PAYLOAD_MASK & !7) as usize,
            )
        })
    }

    /// Whether this is a heap object of `kind` (one compare).
    #[inline(always)]
    pub fn is_object_of(self, kind: ObjKind) -> bool {
        self.0 & (0xFFFF << TAG_SHIFT | 7) == TAG_OBJECT | kind as u64
    }

    /// As a 0-based array index: `n - 1` for an inline integer `n >= 1` (below
    /// `2^47 - 1`), a number at or above `2^47 - 1` for every other value (integers up to
    /// 0, floats, all other tags), which no array length reaches. So one subtraction and
    /// one comparison with the length test both the key's type and its range.
    #[inline(always)]
    pub fn array_index(self) -> u64 {
        self.0.wrapping_sub(TAG_INT + 1)
    }

    /// The address of a heap object of `kind`, or `None` for any other value: the word
    /// minus the tag is the address exactly when the tag matches, so the test and the
    /// untagging share one subtraction.
    #[inline(always)]
    pub fn object_addr_of(self, kind: ObjKind) -> Option<usize> {
        let x = self.0.wrapping_sub(TAG_OBJECT | kind as u64);
        (x & (0xFFFF << TAG_SHIFT | 7) == 0).then_some(x as usize)
    }

    /// The address of a heap object, without checking the tag.
    #[inline(always)]
    pub fn object_addr(self) -> usize {
        (self.0 & PAYLOAD_MASK & !7) as usize
    }

    #[inline(always)]
    pub fn is_false(self) -> bool {
        self == Value::FALSE
    }

    /// Builds an inline integer known to be in range.
    #[inline(always)]
    pub fn inline_int_unchecked(i: i64) -> Value {
        debug_assert!((INLINE_INT_MIN..=INLINE_INT_MAX).contains(&i));
        Value(TAG_INT | (i as u64 & PAYLOAD_MASK))
    }

    #[inline(always)]
    pub fn inline_int_payload(self) -> i64 {
        ((self.0 << 16) as i64) >> 16
    }

    /// Whether this is a collectable object.
    #[inline(always)]
    pub fn is_object(self) -> bool {
        self.0 >> TAG_SHIFT == TAG_OBJECT >> TAG_SHIFT
    }

    pub fn unpack(self) -> Unpacked {
        if self.is_float() {
            return Unpacked::Float(f64::from_bits(self.0));
        }
        match self.0 >> TAG_SHIFT {
            0xFFF9 => Unpacked::Int(((self.0 << 16) as i64) >> 16),
            0xFFFA => match self.0 & PAYLOAD_MASK {
                0 => Unpacked::Nil,
                1 => Unpacked::Bool(false),
                _ => Unpacked::Bool(true),
            },
            0xFFFB => Unpacked::LightUserData((self.0 & PAYLOAD_MASK) as usize),
            _ => {
                let (kind, addr) = self.as_object().expect("the only other tag");
                Unpacked::Object(kind, addr)
            }
        }
    }

    /// `a + b` for two inline integers when the sum is inline too (the fast path of ADD):
    /// with both payloads shifted to the top 48 bits, a 64-bit overflow is exactly a 48-bit
    /// overflow, so one flag tells whether the result needs the slow path.
    #[inline]
    pub fn add_inline_ints(a: Value, b: Value) -> Option<Value> {
        if !(a.is_inline_int() && b.is_inline_int()) {
            return None;
        }
        let (x, y) = ((a.0 << 16) as i64, (b.0 << 16) as i64);
        let (sum, overflow) = x.overflowing_add(y);
        if overflow {
            return None;
        }
        Some(Value(TAG_INT | ((sum >> 16) as u64 & PAYLOAD_MASK)))
    }

    /// Whether a word whose top 16 bits are `top` is an inline integer (the VM's arithmetic
    /// reads those bits on their own).
    #[inline(always)]
    pub fn top16_is_int(top: u16) -> bool {
        top as u64 == TAG_INT >> TAG_SHIFT
    }

    /// Whether a word whose top 16 bits are `top` is a float.
    #[inline(always)]
    pub fn top16_is_float(top: u16) -> bool {
        (top as u64) < FIRST_TAGGED >> TAG_SHIFT
    }

    /// `add_inline_ints` for two values known to be inline integers.
    #[inline(always)]
    pub fn add_ints(a: Value, b: Value) -> Option<Value> {
        debug_assert!(a.is_inline_int() && b.is_inline_int());
        let (sum, overflow) = ((a.0 << 16) as i64).overflowing_add((b.0 << 16) as i64);
        (!overflow).then_some(Value(TAG_INT | ((sum >> 16) as u64 & PAYLOAD_MASK)))
    }

    /// `a + imm` for an inline integer `a` and a small `imm` (ADDI's, `|imm| < 2^15`), when
    /// the sum is inline: added with both in the top 48 bits, one overflow flag; the tag
    /// goes back in with a rotation (no 64-bit constant).
    #[inline(always)]
    pub fn add_int_imm(a: Value, imm: i64) -> Option<Value> {
        debug_assert!(a.is_inline_int() && imm.unsigned_abs() < 1 << 15);
        let (sum, overflow) = ((a.0 << 16) as i64).overflowing_add(imm << 16);
        (!overflow).then_some(Value(
            (sum as u64 | TAG_INT >> TAG_SHIFT).rotate_right(64 - TAG_SHIFT),
        ))
    }

    /// `a * b` for two values known to be inline integers, when the product is inline: one
    /// factor in the top 48 bits, so that one overflow flag tells (as `add_int_imm`).
    #[inline(always)]
    pub fn mul_ints(a: Value, b: Value) -> Option<Value> {
        debug_assert!(a.is_inline_int() && b.is_inline_int());
        let (prod, overflow) = ((a.0 << 16) as i64).overflowing_mul(b.inline_int_payload());
        (!overflow).then_some(Value(
            (prod as u64 | TAG_INT >> TAG_SHIFT).rotate_right(64 - TAG_SHIFT),
        ))
    }

    /// `sub_inline_ints` for two values known to be inline integers.
    #[inline(always)]
    pub fn sub_ints(a: Value, b: Value) -> Option<Value> {
        debug_assert!(a.is_inline_int() && b.is_inline_int());
        let (diff, overflow) = ((a.0 << 16) as i64).overflowing_sub((b.0 << 16) as i64);
        (!overflow).then_some(Value(TAG_INT | ((diff >> 16) as u64 & PAYLOAD_MASK)))
    }

    /// `a - b` for two inline integers when the difference is inline.
    #[inline]
    pub fn sub_inline_ints(a: Value, b: Value) -> Option<Value> {
        if !(a.is_inline_int() && b.is_inline_int()) {
            return None;
        }
        let (x, y) = ((a.0 << 16) as i64, (b.0 << 16) as i64);
        let (diff, overflow) = x.overflowing_sub(y);
        if overflow {
            return None;
        }
        Some(Value(TAG_INT | ((diff >> 16) as u64 & PAYLOAD_MASK)))
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.unpack() {
            Unpacked::Object(kind, addr) => write!(f, "{kind:?}@{addr:#x}"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_one_word() {
        assert_eq!(std::mem::size_of::<Value>(), 8);
        assert_eq!(std::mem::size_of::<Option<Value>>(), 16);
    }

    #[test]
    fn floats_round_trip_bit_for_bit() {
        for f in [
            0.0,
            -0.0,
            1.5,
            -2.25,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            1e308,
        ] {
            let v = Value::from_float(f);
            assert!(v.is_float());
            assert_eq!(v.as_float().unwrap().to_bits(), f.to_bits());
        }
    }

    #[test]
    fn nans_keep_their_sign_and_stay_floats() {
        let neg = Value::from_float(f64::from_bits(0xFFFF_FFFF_FFFF_FFFF));
        let pos = Value::from_float(f64::from_bits(0x7FF0_0000_0000_0001));
        assert!(neg.is_float() && pos.is_float());
        assert!(neg.as_float().unwrap().is_sign_negative());
        assert!(pos.as_float().unwrap().is_sign_positive());
        // A NaN payload that would collide with a tag is canonicalised away from it.
        assert_eq!(
            Value::from_float(f64::from_bits(TAG_OBJECT | 8)).bits(),
            NAN_NEGATIVE
        );
    }

    #[test]
    fn inline_integers_cover_the_48_bit_range() {
        for i in [0, 1, -1, 42, INLINE_INT_MIN, INLINE_INT_MAX] {
            let v = Value::inline_int(i).unwrap();
            assert!(!v.is_float());
            assert_eq!(v.as_inline_int(), Some(i));
            assert_eq!(v.unpack(), Unpacked::Int(i));
        }
        assert!(Value::inline_int(INLINE_INT_MAX + 1).is_none());
        assert!(Value::inline_int(INLINE_INT_MIN - 1).is_none());
        assert!(Value::inline_int(i64::MAX).is_none());
    }

    #[test]
    fn specials_and_objects() {
        assert_eq!(Value::NIL.unpack(), Unpacked::Nil);
        assert_eq!(Value::FALSE.unpack(), Unpacked::Bool(false));
        assert_eq!(Value::TRUE.unpack(), Unpacked::Bool(true));
        assert!(!Value::NIL.is_truthy() && !Value::FALSE.is_truthy());
        assert!(Value::TRUE.is_truthy() && Value::inline_int(0).unwrap().is_truthy());
        let v = Value::object(ObjKind::Table, 0x7f00_1234_5678);
        assert_eq!(v.as_object(), Some((ObjKind::Table, 0x7f00_1234_5678)));
        assert_eq!(
            v.unpack(),
            Unpacked::Object(ObjKind::Table, 0x7f00_1234_5678)
        );
        let l = Value::light_userdata(0x1000);
        assert_eq!(l.unpack(), Unpacked::LightUserData(0x1000));
    }

    #[test]
    fn array_index_is_small_only_for_positive_inline_integers() {
        for n in [1, 2, 1000, INLINE_INT_MAX] {
            assert_eq!(Value::inline_int(n).unwrap().array_index(), n as u64 - 1);
        }
        let limit = (1u64 << 47) - 1;
        let others = [
            Value::inline_int(0).unwrap(),
            Value::inline_int(-1).unwrap(),
            Value::inline_int(INLINE_INT_MIN).unwrap(),
            Value::from_float(1.0),
            Value::from_float(-0.0),
            Value::from_float(f64::NAN),
            Value::from_float(-f64::NAN),
            Value::from_float(f64::NEG_INFINITY),
            Value::NIL,
            Value::TRUE,
            Value::light_userdata(0),
            Value::object(ObjKind::String, 8),
            Value::object(ObjKind::BoxedInt, 0x7f00_1234_5678),
        ];
        for v in others {
            assert!(v.array_index() >= limit, "{:#x}", v.bits());
        }
    }

    #[test]
    fn object_addr_of_matches_only_its_kind() {
        let t = Value::object(ObjKind::Table, 0x7f00_1234_5678);
        assert_eq!(t.object_addr_of(ObjKind::Table), Some(0x7f00_1234_5678));
        assert_eq!(t.object_addr_of(ObjKind::String), None);
        assert_eq!(t.object_addr_of(ObjKind::LuaFunction), None);
        let others = [
            Value::NIL,
            Value::light_userdata(0x7f00_1234_5679),
            Value::inline_int(-1).unwrap(),
            Value::from_float(-f64::NAN),
        ];
        for v in others {
            assert_eq!(v.object_addr_of(ObjKind::Table), None, "{:#x}", v.bits());
        }
    }

    #[test]
    fn dead_keys_keep_identity_and_equal_no_live_key() {
        let t = Value::object(ObjKind::Table, 0x7f00_1234_5678);
        let s = Value::object(ObjKind::String, 0x7f00_1234_5678);
        let d = t.dead_key();
        assert!(d.is_dead_key() && !d.is_object() && d.gc_header().is_none());
        assert!(d.is_dead_key_of(t) && !d.is_dead_key_of(s) && d != t);
        assert_ne!(d, Value::NIL);
        for v in [Value::NIL, Value::TRUE, Value::inline_int(3).unwrap()] {
            assert_eq!(v.dead_key(), v);
            assert!(!v.is_dead_key());
        }
    }

    #[test]
    fn inline_arithmetic_detects_overflow() {
        let v = |i| Value::inline_int(i).unwrap();
        assert_eq!(Value::add_inline_ints(v(2), v(3)), Some(v(5)));
        assert_eq!(Value::add_inline_ints(v(-2), v(-3)), Some(v(-5)));
        assert_eq!(Value::add_inline_ints(v(INLINE_INT_MAX), v(1)), None);
        assert_eq!(Value::add_inline_ints(v(INLINE_INT_MIN), v(-1)), None);
        assert_eq!(Value::sub_inline_ints(v(INLINE_INT_MIN), v(1)), None);
        assert_eq!(Value::sub_inline_ints(v(10), v(-5)), Some(v(15)));
        assert_eq!(Value::add_inline_ints(v(1), Value::from_float(1.0)), None);
        // Exhaustive near the edges.
        for a in [
            INLINE_INT_MAX - 2,
            INLINE_INT_MAX,
            INLINE_INT_MIN,
            INLINE_INT_MIN + 2,
            0,
        ] {
            for b in [-3i64, -1, 0, 1, 3] {
                let want = Value::inline_int(a + b);
                assert_eq!(Value::add_inline_ints(v(a), v(b)), want, "{a} + {b}");
                assert_eq!(
                    Value::sub_inline_ints(v(a), v(b)),
                    Value::inline_int(a - b),
                    "{a} - {b}"
                );
            }
        }
    }
}
