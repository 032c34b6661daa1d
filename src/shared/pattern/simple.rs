//! Patterns without captures, matched over byte sets.
//!
//! Most patterns programs pass to `find` and `gsub` are a few single-byte classes with
//! suffixes (`[^ \t\r\n]`, `^-?%d+`, `[%c"\\]`). The general matcher reads such a pattern
//! byte by byte at every attempt: it finds the end of each class (`classend`) and walks a
//! set's members (`matchbracketclass`) for every subject byte it tries. Here the pattern is
//! read once, into one 256-bit set per item, and then matched by the same backtracking
//! algorithm over the items: the same recursive calls at the same places (`?`, each try of
//! `*`/`+`/`-`), so matches and the step count are exactly the general matcher's.
//!
//! Only patterns the general matcher would read to the end without an error are taken:
//! no captures, back references, `%b` or `%f`, every class well formed. Any other pattern
//! (including a malformed one, whose error depends on how far the matcher gets) goes to
//! the general matcher. At most `MAX_ITEMS` items, so nesting (one level per item) stays
//! far below `MAX_CALLS` and "pattern too complex" cannot happen here either.

use super::{match_class, Match, PatternError, ESC};

/// The most items a pattern may have to be matched here.
const MAX_ITEMS: usize = 12;

/// A set of bytes, one bit each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct ByteSet([u64; 4]);

impl ByteSet {
    const ALL: ByteSet = ByteSet([u64::MAX; 4]);

    #[inline(always)]
    fn contains(&self, c: u8) -> bool {
        (self.0[usize::from(c >> 6)] >> (c & 63)) & 1 != 0
    }

    fn single(c: u8) -> ByteSet {
        let mut set = ByteSet::default();
        set.insert(c);
        set
    }

    fn insert(&mut self, c: u8) {
        self.0[usize::from(c >> 6)] |= 1 << (c & 63);
    }

    fn union(&mut self, other: &ByteSet) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
    }

    fn complement(&self) -> ByteSet {
        ByteSet(self.0.map(|w| !w))
    }

    /// The bytes `match_class(_, class)` accepts.
    pub(super) fn of_class(class: u8) -> ByteSet {
        let lower = class.to_ascii_lowercase();
        match CLASS_LETTERS.iter().position(|&l| l == lower) {
            Some(i) if class.is_ascii_lowercase() => CLASSES[i],
            Some(i) => CLASSES[i].complement(),
            None => ByteSet::single(class),
        }
    }
}

/// The class letters of `match_class`, in the order of `CLASSES`.
const CLASS_LETTERS: [u8; 11] = *b"acdglpsuwxz";

/// The byte sets of the lower-case classes, computed from `match_class` itself (as a
/// `const` evaluation would need a copy of it): once, on first use.
static CLASSES: std::sync::LazyLock<[ByteSet; 11]> = std::sync::LazyLock::new(|| {
    CLASS_LETTERS.map(|class| {
        let mut set = ByteSet::default();
        for c in 0..=255u8 {
            if match_class(c, class) {
                set.insert(c);
            }
        }
        set
    })
});

/// How often an item may repeat: its suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rep {
    /// No suffix: exactly once.
    One,
    /// `?`
    Opt,
    /// `*`
    Star,
    /// `+`
    Plus,
    /// `-`
    Lazy,
}

#[derive(Clone, Copy, Debug)]
struct Item {
    set: ByteSet,
    rep: Rep,
}

/// A pattern read into items (without a leading `^`, which the callers strip).
pub(super) struct Simple {
    items: [Item; MAX_ITEMS],
    len: usize,
    /// Ends with `$`.
    end_anchor: bool,
}

impl Simple {
    /// The items of `pat`, or `None` if the general matcher must take it.
    pub(super) fn compile(pat: &[u8]) -> Option<Simple> {
        let mut simple = Simple {
            items: [Item {
                set: ByteSet::default(),
                rep: Rep::One,
            }; MAX_ITEMS],
            len: 0,
            end_anchor: false,
        };
        let mut p = 0;
        while p < pat.len() {
            // The cases of `match_body`, in its order.
            let set = match pat[p] {
                b'(' | b')' => return None,
                b'$' if p + 1 == pat.len() => {
                    simple.end_anchor = true;
                    break;
                }
                ESC => match pat.get(p + 1) {
                    Some(&c) if c == b'b' || c == b'f' || c.is_ascii_digit() => return None,
                    Some(&c) => {
                        p += 2;
                        ByteSet::of_class(c)
                    }
                    None => return None, // "ends with '%'"
                },
                b'[' => {
                    let ec = set_end(pat, p)?;
                    let set = set_bytes(pat, p, ec);
                    p = ec + 1;
                    set
                }
                b'.' => {
                    p += 1;
                    ByteSet::ALL
                }
                c => {
                    p += 1;
                    ByteSet::single(c)
                }
            };
            let rep = match pat.get(p) {
                Some(b'?') => Rep::Opt,
                Some(b'*') => Rep::Star,
                Some(b'+') => Rep::Plus,
                Some(b'-') => Rep::Lazy,
                _ => Rep::One,
            };
            if rep != Rep::One {
                p += 1;
            }
            if simple.len == MAX_ITEMS {
                return None;
            }
            simple.items[simple.len] = Item { set, rep };
            simple.len += 1;
        }
        Some(simple)
    }

    /// The set an attempt's first byte must be in, when every match needs one: the start
    /// of an attempt whose byte is not in it fails at once.
    fn first_set(&self) -> Option<&ByteSet> {
        match self.items[..self.len].first() {
            Some(item) if matches!(item.rep, Rep::One | Rep::Plus) => Some(&item.set),
            _ => None,
        }
    }
}

/// `classend` for a set starting at `pat[p] == '['`: the index of its closing `]`, or
/// `None` if it has none (an error the general matcher reports when it gets there).
fn set_end(pat: &[u8], p: usize) -> Option<usize> {
    let mut p = p + 1;
    if pat.get(p) == Some(&b'^') {
        p += 1;
    }
    loop {
        if p >= pat.len() {
            return None;
        }
        let c = pat[p];
        p += 1;
        if c == ESC && p < pat.len() {
            p += 1;
        }
        if pat.get(p) == Some(&b']') {
            return Some(p);
        }
    }
}

/// The bytes `matchbracketclass` accepts for the set `pat[p..=ec]`, member by member as it
/// reads them.
fn set_bytes(pat: &[u8], mut p: usize, ec: usize) -> ByteSet {
    let mut set = ByteSet::default();
    let negated = pat[p + 1] == b'^';
    if negated {
        p += 1;
    }
    p += 1;
    while p < ec {
        let b = pat[p];
        if b == ESC {
            p += 1;
            set.union(&ByteSet::of_class(pat[p]));
        } else if pat[p + 1] == b'-' && p + 2 < ec {
            for c in b..=pat[p + 2] {
                set.insert(c);
            }
            p += 2;
        } else {
            set.insert(b);
        }
        p += 1;
    }
    if negated {
        set.complement()
    } else {
        set
    }
}

/// Patterns read recently, so a program that calls `find` with the same few patterns
/// reads each one once: up to `CACHE_SIZE` of them, with their hashes, searched in order
/// and replaced in turn; it remembers too the patterns the general matcher must take.
#[derive(Default)]
pub struct PatternCache {
    entries: Vec<CacheEntry>,
    /// The entry the next new pattern replaces once all are taken.
    next: usize,
}

struct CacheEntry {
    hash: u64,
    pattern: Box<[u8]>,
    simple: Option<Simple>,
}

const CACHE_SIZE: usize = 8;

/// Longer patterns are read each time (and are rarely `Simple`).
const CACHE_MAX_LEN: usize = 48;

impl PatternCache {
    /// The items of `pat` (see `Simple::compile`), read now or earlier. `hash` is any hash
    /// of the pattern's string (equal strings, equal hashes), so the caller's string hash
    /// serves and the bytes are compared only when the hashes agree.
    pub(super) fn get(&mut self, pat: &[u8], hash: u64) -> Option<&Simple> {
        if pat.len() > CACHE_MAX_LEN {
            return None;
        }
        let i = match self
            .entries
            .iter()
            .position(|e| e.hash == hash && *e.pattern == *pat)
        {
            Some(i) => i,
            None => {
                let entry = CacheEntry {
                    hash,
                    pattern: pat.into(),
                    simple: Simple::compile(pat),
                };
                if self.entries.len() < CACHE_SIZE {
                    self.entries.push(entry);
                    self.entries.len() - 1
                } else {
                    let i = self.next;
                    self.next = (i + 1) % CACHE_SIZE;
                    self.entries[i] = entry;
                    i
                }
            }
        };
        self.entries[i].simple.as_ref()
    }
}

/// The matcher over a `Simple` pattern: `Matcher` without captures or a depth budget.
pub(super) struct SimpleMatcher<'a> {
    src: &'a [u8],
    pat: &'a Simple,
    pub(super) steps: u64,
}

impl<'a> SimpleMatcher<'a> {
    pub(super) fn new(src: &'a [u8], pat: &'a Simple, steps: u64) -> SimpleMatcher<'a> {
        SimpleMatcher { src, pat, steps }
    }

    /// The first start at or after `start` where an attempt could succeed, charging one
    /// step for each start passed over (each is an attempt that fails on its first step).
    pub(super) fn skip(&mut self, start: usize) -> Result<usize, PatternError> {
        let Some(first) = self.pat.first_set() else {
            return Ok(start);
        };
        let rest = self.src.get(start..).unwrap_or_default();
        let n = rest
            .iter()
            .position(|&c| first.contains(c))
            .unwrap_or(rest.len());
        if (n as u64) > self.steps {
            self.steps = 0;
            return Err(PatternError::OutOfSteps);
        }
        self.steps -= n as u64;
        Ok(start + n)
    }

    /// One attempt at `start`.
    pub(super) fn try_at(&mut self, start: usize) -> Result<Option<Match>, PatternError> {
        Ok(self.do_match(start, 0)?.map(|end| Match {
            start,
            end,
            slots: Vec::new(),
        }))
    }

    #[inline]
    fn step(&mut self) -> Result<(), PatternError> {
        if self.steps == 0 {
            return Err(PatternError::OutOfSteps);
        }
        self.steps -= 1;
        Ok(())
    }

    #[inline(always)]
    fn single(&self, s: usize, i: usize) -> bool {
        match self.src.get(s) {
            Some(&c) => self.pat.items[i].set.contains(c),
            None => false,
        }
    }

    /// `Matcher::do_match` from item `i`.
    fn do_match(&mut self, mut s: usize, mut i: usize) -> Result<Option<usize>, PatternError> {
        self.step()?;
        loop {
            if i == self.pat.len {
                return Ok((!self.pat.end_anchor || s == self.src.len()).then_some(s));
            }
            let rep = self.pat.items[i].rep;
            if !self.single(s, i) {
                if matches!(rep, Rep::Star | Rep::Opt | Rep::Lazy) {
                    i += 1;
                    continue;
                }
                return Ok(None);
            }
            match rep {
                Rep::Opt => {
                    if let Some(e) = self.do_match(s + 1, i + 1)? {
                        return Ok(Some(e));
                    }
                    i += 1;
                }
                Rep::Plus => return self.max_expand(s + 1, i),
                Rep::Star => return self.max_expand(s, i),
                Rep::Lazy => return self.min_expand(s, i),
                Rep::One => {
                    s += 1;
                    i += 1;
                }
            }
        }
    }

    fn max_expand(&mut self, s: usize, i: usize) -> Result<Option<usize>, PatternError> {
        let mut count = 0;
        while self.single(s + count, i) {
            self.step()?;
            count += 1;
        }
        loop {
            if let Some(e) = self.do_match(s + count, i + 1)? {
                return Ok(Some(e));
            }
            if count == 0 {
                return Ok(None);
            }
            count -= 1;
        }
    }

    fn min_expand(&mut self, mut s: usize, i: usize) -> Result<Option<usize>, PatternError> {
        loop {
            if let Some(e) = self.do_match(s, i + 1)? {
                return Ok(Some(e));
            }
            if !self.single(s, i) {
                return Ok(None);
            }
            s += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{find_with, Gmatch, Gsub, Matcher};
    use super::*;

    #[test]
    fn classes_are_match_class() {
        for class in 0..=255u8 {
            let set = ByteSet::of_class(class);
            for c in 0..=255u8 {
                assert_eq!(set.contains(c), match_class(c, class), "%{class} {c}");
            }
        }
    }

    /// A xorshift generator: the same cases on every run.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
            xs[self.below(xs.len())]
        }
    }

    const SET_PARTS: &[&str] = &[
        "a", "b", "-", "]", "^", "%a", "%d", "%]", "%-", "a-c", "c-a", "%S", "0-9", "_", ".",
    ];

    fn random_set(rng: &mut Rng) -> String {
        let mut p = String::from("[");
        if rng.below(3) == 0 {
            p.push('^');
        }
        for _ in 0..1 + rng.below(4) {
            p.push_str(rng.pick(SET_PARTS));
        }
        p.push(']');
        p
    }

    #[test]
    fn sets_are_matchbracketclass() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let p = random_set(&mut rng);
            let pat = p.as_bytes();
            let Some(ec) = set_end(pat, 0) else {
                continue;
            };
            let set = set_bytes(pat, 0, ec);
            let ms = Matcher::new(b"", pat, u64::MAX);
            for c in 0..=255u8 {
                assert_eq!(set.contains(c), ms.match_set(c, 0, ec), "{p:?} {c}");
            }
        }
    }

    const ITEMS: &[&str] = &[
        "a", "b", ".", "%a", "%d", "%A", "% ", "%%", "-", "^", "$", "[ab]", "[^a]", "[a-c]",
    ];
    const SUFFIXES: &[&str] = &["", "", "?", "*", "+", "-"];
    const SUBJECT: &[u8] = b"ab1_ -$^%";

    fn random_pattern(rng: &mut Rng) -> String {
        let mut p = String::new();
        if rng.below(4) == 0 {
            p.push('^');
        }
        for _ in 0..rng.below(5) {
            if rng.below(5) == 0 {
                p.push_str(&random_set(rng));
            } else {
                p.push_str(rng.pick(ITEMS));
            }
            p.push_str(rng.pick(SUFFIXES));
        }
        if rng.below(4) == 0 {
            p.push('$');
        }
        p
    }

    type Outcome = (Result<Vec<(usize, usize)>, PatternError>, u64);

    /// `find` from every start, then `gmatch` and `gsub` over the whole subject, with
    /// the matcher `ms` makes for each; what they find and the steps they leave.
    fn outcomes<'a, M: super::super::Attempts>(
        s: &'a [u8],
        p: &'a [u8],
        steps: u64,
        ms: impl Fn(&'a [u8], u64) -> (M, fn(&M) -> u64),
    ) -> Vec<Outcome> {
        let (anchor, stripped) = match p.split_first() {
            Some((b'^', rest)) => (true, rest),
            _ => (false, p),
        };
        let mut out = Vec::new();
        for init in 0..=s.len() {
            let (mut m, left) = ms(stripped, steps);
            let r = find_with(&mut m, s.len(), init, anchor)
                .map(|m| m.into_iter().map(|m| (m.start, m.end)).collect());
            out.push((r, left(&m)));
        }
        let (mut m, left) = ms(p, steps);
        let mut g = Gmatch::new(s.len(), 0);
        let r = (|| {
            let mut all = Vec::new();
            while let Some(x) = g.next_with(&mut m, s.len())? {
                all.push((x.start, x.end));
            }
            Ok(all)
        })();
        out.push((r, left(&m)));
        let (mut m, left) = ms(stripped, steps);
        let mut g = Gsub::new(i64::MAX);
        let r = (|| {
            let mut all = Vec::new();
            while let Some(x) = g.next_with(&mut m, s.len(), anchor)? {
                all.push((x.start, x.end));
            }
            Ok(all)
        })();
        out.push((r, left(&m)));
        out
    }

    #[test]
    fn same_as_the_general_matcher() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let mut simple_ones = 0;
        for case in 0..20000 {
            let p = random_pattern(&mut rng);
            let s: Vec<u8> = (0..rng.below(9))
                .map(|_| SUBJECT[rng.below(SUBJECT.len())])
                .collect();
            // Mostly unlimited; some with a few steps, to run out at the same moment.
            let steps = if case % 4 == 0 {
                rng.below(40) as u64
            } else {
                u64::MAX
            };
            let pat = p.as_bytes();
            let stripped = pat.strip_prefix(b"^").unwrap_or(pat);
            // Both the pattern (gmatch) and the stripped one (find, gsub) must be simple.
            let (Some(simple), Some(simple_whole)) =
                (Simple::compile(stripped), Simple::compile(pat))
            else {
                continue;
            };
            simple_ones += 1;
            let fast = outcomes(&s, pat, steps, |q, steps| {
                let items = if q.len() == pat.len() {
                    &simple_whole
                } else {
                    &simple
                };
                (SimpleMatcher::new(&s, items, steps), |m: &SimpleMatcher| {
                    m.steps
                })
            });
            let general = outcomes(&s, pat, steps, |q, steps| {
                (Matcher::new(&s, q, steps), |m: &Matcher| m.steps)
            });
            assert_eq!(fast, general, "pattern {p:?} subject {:?} steps {steps}", s);
        }
        assert!(simple_ones > 10000, "{simple_ones}");
    }

    #[test]
    fn not_simple() {
        for p in [
            "(a)", "a)", "%b()", "%f[a]", "%1", "%", "[a", "[]", "[^]", "a%",
        ] {
            assert!(Simple::compile(p.as_bytes()).is_none(), "{p}");
        }
        for p in ["", "$", "a$b", "[]]", "[^]]", "%]", "^a", "a-b*c+d?"] {
            assert!(Simple::compile(p.as_bytes()).is_some(), "{p}");
        }
    }

    #[test]
    fn cache_keeps_patterns_apart() {
        let mut cache = PatternCache::default();
        let mut steps = u64::MAX;
        for _ in 0..3 {
            for (p, want) in [
                ("[%d]", Some(1)),
                ("[%a]", Some(0)),
                ("(x)", None),
                ("b$", None),
            ] {
                // A poor hash: every pattern in the same slot.
                let simple = cache.get(p.as_bytes(), 7).is_some();
                assert_eq!(simple, p != "(x)", "{p}");
                let m =
                    super::super::find_cached(b"a1b2", p.as_bytes(), 7, 0, &mut steps, &mut cache)
                        .unwrap();
                assert_eq!(m.map(|m| m.start), want, "{p}");
            }
        }
    }
}
