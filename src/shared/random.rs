//! `math.random`'s generator, as lmathlib.c defines it: xoshiro256**, its seeding, the
//! float conversion and the projection onto an interval. Both engines' math libraries use
//! it, so seeded sequences agree with each other and with lua5.4. Each engine keeps one
//! generator per Lua state, as lmathlib.c does.

use super::lib_error::LibError;

/// The generator state.
#[derive(Clone, Copy, Debug)]
pub struct Xoshiro([u64; 4]);

impl Xoshiro {
    /// Advances the state and returns the next 64 random bits (`nextrand`).
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.0;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// `setseed`: the state for `math.randomseed(n1, n2)`, with 16 discarded values.
    pub fn seeded(n1: u64, n2: u64) -> Self {
        let mut x = Xoshiro([n1, 0xff, n2, 0]);
        for _ in 0..16 {
            x.next_u64();
        }
        x
    }
}

/// The seed `math.randomseed()` uses without arguments: the time.
pub fn time_seed() -> (u64, u64) {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    (t, 0)
}

/// `I2d`: a float in [0, 1) from the top 53 bits of a random word.
pub fn to_unit_float(r: u64) -> f64 {
    (r >> 11) as f64 * (0.5f64).powi(53)
}

/// `project`: a uniform integer in `[lo, hi]` (`lo <= hi`) from the random word `first`,
/// drawing more words from `more` when one falls outside a power-of-two range.
pub fn project(lo: i64, hi: i64, first: u64, mut more: impl FnMut() -> u64) -> i64 {
    let n = (hi as u64).wrapping_sub(lo as u64);
    let mut ran = first;
    let v = if n & n.wrapping_add(1) == 0 {
        ran & n
    } else {
        // The smallest 2^b - 1 not below n.
        let mut lim = n;
        lim |= lim >> 1;
        lim |= lim >> 2;
        lim |= lim >> 4;
        lim |= lim >> 8;
        lim |= lim >> 16;
        lim |= lim >> 32;
        loop {
            ran &= lim;
            if ran <= n {
                break ran;
            }
            ran = more();
        }
    };
    v.wrapping_add(lo as u64) as i64
}

/// `math.random`'s arguments, as many as it was given (fetched as integers by the engine).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RandomArgs {
    /// `random()`: a float in [0, 1).
    None,
    /// `random(m)`: an integer in [1, m], or any integer for `m == 0`.
    UpTo(i64),
    /// `random(m, n)`: an integer in [m, n].
    Between(i64, i64),
    /// Three or more arguments, an error.
    TooMany,
}

/// What `math.random` returns.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RandomValue {
    /// A float in [0, 1) (`math.random()`).
    Float(f64),
    /// An integer in the requested interval (`math.random(m)`, `math.random(m, n)`).
    Int(i64),
}

/// `math.random`, given `first`, the word drawn from the state's generator before the
/// arguments were fetched (lmathlib.c draws first, so even a call with bad arguments
/// advances the generator), and `more` to draw further words.
pub fn random(
    first: u64,
    args: RandomArgs,
    more: impl FnMut() -> u64,
) -> Result<RandomValue, LibError> {
    let (lo, hi) = match args {
        RandomArgs::None => return Ok(RandomValue::Float(to_unit_float(first))),
        RandomArgs::UpTo(0) => return Ok(RandomValue::Int(first as i64)),
        RandomArgs::UpTo(up) => (1, up),
        RandomArgs::Between(lo, hi) => (lo, hi),
        RandomArgs::TooMany => return Err(LibError::plain("wrong number of arguments")),
    };
    if lo > hi {
        return Err(LibError::arg(1, "interval is empty"));
    }
    Ok(RandomValue::Int(project(lo, hi, first, more)))
}
