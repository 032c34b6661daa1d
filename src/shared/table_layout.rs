//! How Lua 5.4 sizes a table's array part and finds its border (ltable.c's `computesizes`
//! and `luaH_getn`), as pure functions over the caller's table. Both engines lay their
//! tables out through these, so `#t` on a table with holes agrees between them and with
//! lua5.4.

/// Positive integer keys counted by power-of-two slices (`nums` in ltable.c's `rehash`):
/// slice `b` holds the keys in `(2^(b-1), 2^b]`.
pub struct KeyCounts {
    nums: [usize; 65],
    /// Keys counted (candidates for the array part).
    ints: usize,
}

impl Default for KeyCounts {
    fn default() -> Self {
        KeyCounts {
            nums: [0; 65],
            ints: 0,
        }
    }
}

impl KeyCounts {
    /// Counts `k` if it is a positive integer key.
    pub fn add(&mut self, k: i64) {
        if k >= 1 {
            let slice = 64 - (k as u64 - 1).leading_zeros() as usize;
            self.nums[slice] += 1;
            self.ints += 1;
        }
    }

    /// `computesizes`: the largest power of two `n` with more than `n/2` of the keys
    /// `1..=n` present, and how many keys go to an array of that size.
    pub fn array_size(&self) -> (usize, usize) {
        let (mut a, mut in_array, mut optimal) = (0usize, 0usize, 0usize);
        let mut twotoi: usize = 1;
        let mut i = 0;
        while i < self.nums.len() && self.ints > twotoi / 2 {
            a += self.nums[i];
            if a > twotoi / 2 {
                optimal = twotoi;
                in_array = a;
            }
            i += 1;
            twotoi = twotoi.saturating_mul(2);
        }
        (optimal, in_array)
    }
}

/// `alimit` of ltable.c: a hint for `#` that is at most the array size. Lua 5.4 may lower it
/// while answering `#`, which changes later answers for tables with holes, so engines keep
/// one per table.
// Packed (5 bytes, byte-aligned) so a table's other small fields share its word: the VM's
// table box is 64 bytes rather than 72 (papers/performance.md, `b7inline`). Its fields are
// only read and written by value, never borrowed.
#[derive(Clone, Copy, Debug)]
#[repr(C, packed)]
pub struct ArrayLimit {
    /// A `u32` keeps tables small; an array part beyond 2^32 slots (32 GB) only loses the
    /// hint (`new` saturates and marks it not real), never correctness of the border search.
    limit: u32,
    /// Whether `limit` is the array's real size (`isrealasize`).
    is_real: bool,
}

impl ArrayLimit {
    /// The limit of a freshly (re)sized array of `n` slots.
    pub fn new(n: usize) -> Self {
        ArrayLimit {
            limit: n.min(u32::MAX as usize) as u32,
            is_real: n <= u32::MAX as usize,
        }
    }

    /// `luaH_getn`: a border of the table whose array part has `len` slots. `array_nil(i)`
    /// says whether array slot `i` (0-based) is nil; `int_nil(k)` whether the table has no
    /// value at integer key `k`; `hash_empty` whether the hash part has no room at all.
    pub fn border(
        &mut self,
        len: usize,
        array_nil: impl Fn(usize) -> bool,
        hash_empty: bool,
        int_nil: impl Fn(i64) -> bool,
    ) -> i64 {
        let mut limit = self.limit as usize;
        if limit > 0 && array_nil(limit - 1) {
            // There must be a border before `limit`.
            if limit >= 2 && !array_nil(limit - 2) {
                let pow2_real = !self.is_real || len.is_power_of_two();
                if pow2_real && !(limit - 1).is_power_of_two() {
                    self.limit = (limit - 1) as u32;
                    self.is_real = false;
                }
                return (limit - 1) as i64;
            }
            return array_binsearch(&array_nil, 0, limit) as i64;
        }
        if !(self.is_real && self.limit as usize == len) {
            // `limit` is present: there may be a larger border.
            if limit < len && array_nil(limit) {
                return limit as i64;
            }
            limit = len;
            if limit > 0 && array_nil(limit - 1) {
                let i = array_binsearch(&array_nil, self.limit as usize, limit);
                self.limit = i.min(u32::MAX as usize) as u32;
                self.is_real = false;
                return i as i64;
            }
            self.limit = limit.min(u32::MAX as usize) as u32;
            self.is_real = limit <= u32::MAX as usize;
        }
        if hash_empty || int_nil(limit as i64 + 1) {
            return limit as i64;
        }
        hash_search(&int_nil, limit as u64)
    }
}

/// A border in the array slice `(i, j]`, given that slot `j` (1-based) is nil.
fn array_binsearch(array_nil: &impl Fn(usize) -> bool, mut i: usize, mut j: usize) -> usize {
    while j - i > 1 {
        let m = (i + j) / 2;
        if array_nil(m - 1) {
            j = m;
        } else {
            i = m;
        }
    }
    i
}

/// `hash_search`: a border beyond the array part, doubling then bisecting.
fn hash_search(int_nil: &impl Fn(i64) -> bool, mut j: u64) -> i64 {
    if j == 0 {
        j = 1;
    }
    let mut i;
    loop {
        i = j;
        if j <= (i64::MAX as u64) / 2 {
            j *= 2;
        } else {
            j = i64::MAX as u64;
            if int_nil(j as i64) {
                break;
            }
            return j as i64;
        }
        if int_nil(j as i64) {
            break;
        }
    }
    while j - i > 1 {
        let m = (i + j) / 2;
        if int_nil(m as i64) {
            j = m;
        } else {
            i = m;
        }
    }
    i as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_size_keeps_the_array_more_than_half_full() {
        let mut c = KeyCounts::default();
        for k in [1, 2, 3, 5, 100] {
            c.add(k);
        }
        c.add(0);
        c.add(-4);
        // 1..=4 holds 3 keys (more than half); 1..=8 holds 4 (not more than half).
        assert_eq!(c.array_size(), (4, 3));
        c.add(6);
        assert_eq!(c.array_size(), (8, 5));
    }

    #[test]
    fn border_of_a_full_array_and_of_one_with_a_hole() {
        let full = [1, 1, 1, 1];
        let mut l = ArrayLimit::new(4);
        assert_eq!(l.border(4, |i| full[i] == 0, true, |_| true), 4);
        let holes = [1, 1, 0, 0];
        let mut l = ArrayLimit::new(4);
        assert_eq!(l.border(4, |i| holes[i] == 0, true, |_| true), 2);
    }
}

/// Why a key cannot be stored (`luaH_newkey`'s errors, as both engines word them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyError {
    /// The key is `nil`.
    Nil,
    /// The key is a float NaN.
    NaN,
}

impl KeyError {
    /// The error message, as lua5.4 words it.
    pub fn message(self) -> &'static str {
        match self {
            KeyError::Nil => "table index is nil",
            KeyError::NaN => "table index is NaN",
        }
    }
}

/// `next` was given a key that is not in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidKey;

impl InvalidKey {
    /// The error message, as lua5.4 words it.
    pub fn message(self) -> &'static str {
        "invalid key to 'next'"
    }
}
