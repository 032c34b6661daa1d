//! Lua 5.4 patterns over bytes (the matcher of lstrlib.c), for `string.find`, `match`,
//! `gmatch` and `gsub` in both engines.
//!
//! The language: single-byte classes (`.`, `%a %c %d %g %l %p %s %u %w %x` in the C locale,
//! their upper-case complements, `%z` for the zero byte, `%` + any other byte for that byte,
//! sets `[...]` with ranges, classes and `^` negation), each optionally followed by `*`, `+`,
//! `-` or `?`; captures `(...)` and position captures `()`; back references `%1`-`%9`;
//! balanced matches `%bxy`; frontiers `%f[set]`; `^` anchors at the start of the pattern (for
//! `find`, `match` and `gsub`, not `gmatch`) and `$` at its end.
//!
//! The matcher is the same backtracking algorithm as lstrlib.c, recursion for recursion:
//! the recursive call sits where C's sits (captures, `?`, each attempt of `*`/`+`/`-`), and
//! C's tail calls are loop iterations. That keeps two properties exact: errors in malformed
//! patterns are found at the same moment (a pattern is only checked as far as the matcher
//! reads it), and the recursion budget of `MAX_CALLS` nested calls runs out on the same
//! patterns ("pattern too complex"). The budget also bounds the Rust stack: repetition over
//! a long subject is iterative (`a*` or `.-x` over a megabyte nest two calls deep), and
//! nesting needs pattern items, of which at most 200 can be open at once.
//!
//! Positions are 0-based byte offsets into the subject; Lua's are these plus one.
//!
//! A pattern without captures, back references, `%b` or `%f` is matched by `simple`'s
//! matcher instead: the same algorithm over byte sets read once (and kept in a
//! `PatternCache` by callers that match the same patterns again, the VM's string library).
//!
//! `string.find` uses a plain substring search when asked to or when the pattern has no
//! special characters (`has_specials`), so a pattern such as `")"` is only malformed for
//! `match`, `gmatch` and `gsub`: engines call `find_plain` in that case and `find` otherwise.

use std::fmt;

use super::number::is_space;

mod simple;

pub use simple::PatternCache;
use simple::{Simple, SimpleMatcher};

/// Runs `$body` with `$ms` bound to the matcher for `$pattern`: `SimpleMatcher` when
/// `$simple` holds its items, the general `Matcher` otherwise; then stores the steps left.
macro_rules! with_matcher {
    ($subject:expr, $pattern:expr, $simple:expr, $steps:expr, |$ms:ident| $body:expr) => {
        match $simple {
            Some(simple) => {
                let mut $ms = SimpleMatcher::new($subject, simple, *$steps);
                let r = $body;
                *$steps = $ms.steps;
                r
            }
            None => {
                let mut $ms = Matcher::new($subject, $pattern, *$steps);
                let r = $body;
                *$steps = $ms.steps;
                r
            }
        }
    };
}

/// The most captures a pattern may open (`LUA_MAXCAPTURES`).
pub const MAX_CAPTURES: usize = 32;

/// How deep the matcher may nest (`MAXCCALLS` in lstrlib.c).
pub const MAX_CALLS: usize = 200;

/// The escape character of patterns and replacement strings.
const ESC: u8 = b'%';

/// Bytes that make `string.find` use the pattern matcher (`SPECIALS`; `has_specials`
/// spells them out).
#[cfg(test)]
const SPECIALS: &[u8] = b"^$*+?.([%-";

/// Errors in patterns and replacement strings, with lstrlib.c's messages (`Display`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternError {
    /// "malformed pattern (ends with '%')"
    EndsWithEscape,
    /// "malformed pattern (missing ']')"
    MissingBracket,
    /// "malformed pattern (missing arguments to '%b')"
    MissingBalanceArguments,
    /// "missing '[' after '%f' in pattern"
    MissingFrontierSet,
    /// "invalid capture index %N": a back reference or replacement `%N` naming a capture
    /// that does not exist (or, in a pattern, is still open). Holds N (0-9).
    InvalidCaptureIndex(usize),
    /// "invalid pattern capture": a `)` with no open capture.
    InvalidPatternCapture,
    /// "unfinished capture": a match whose capture was never closed is asked for it.
    UnfinishedCapture,
    /// "too many captures": more than `MAX_CAPTURES`.
    TooManyCaptures,
    /// "pattern too complex": the matcher nested more than `MAX_CALLS` deep.
    TooComplex,
    /// "invalid use of '%' in replacement string"
    InvalidReplacement,
    /// A result buffer could not grow (each engine raises its "not enough memory").
    NoMemory,
    /// The caller's step budget ran out (each engine turns this into its work-limit
    /// error, so a limit bounds a single long match too).
    OutOfSteps,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternError::EndsWithEscape => f.write_str("malformed pattern (ends with '%')"),
            PatternError::MissingBracket => f.write_str("malformed pattern (missing ']')"),
            PatternError::MissingBalanceArguments => {
                f.write_str("malformed pattern (missing arguments to '%b')")
            }
            PatternError::MissingFrontierSet => f.write_str("missing '[' after '%f' in pattern"),
            PatternError::InvalidCaptureIndex(n) => write!(f, "invalid capture index %{n}"),
            PatternError::InvalidPatternCapture => f.write_str("invalid pattern capture"),
            PatternError::UnfinishedCapture => f.write_str("unfinished capture"),
            PatternError::TooManyCaptures => f.write_str("too many captures"),
            PatternError::TooComplex => f.write_str("pattern too complex"),
            PatternError::InvalidReplacement => {
                f.write_str("invalid use of '%' in replacement string")
            }
            PatternError::OutOfSteps => f.write_str("work limit exceeded"),
            PatternError::NoMemory => f.write_str("not enough memory"),
        }
    }
}

impl std::error::Error for PatternError {}

/// The value of a capture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    /// The bytes `subject[start..end]`.
    Span {
        /// Offset of the capture's first byte.
        start: usize,
        /// Offset just past its last byte.
        end: usize,
    },
    /// A position capture `()`: the offset it was at (Lua's value is `offset + 1`).
    Position(usize),
}

/// A capture as the matcher keeps it: where it starts and what it is so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    /// Opened by `(` and not closed (yet, or ever).
    Open,
    /// `()`.
    Position,
    /// Closed, with its length.
    Closed(usize),
}

/// A successful match: `subject[start..end]`, and its captures. A capture may have been
/// left unfinished (`"(a"` matches `"a"`); asking for it is then an error, as in Lua, which
/// only complains when the capture's value is needed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Offset of the match's first byte in the subject.
    pub start: usize,
    /// Offset just past the match's last byte.
    pub end: usize,
    slots: Vec<(usize, Slot)>,
}

impl Match {
    /// The number of captures the pattern opened.
    pub fn level(&self) -> usize {
        self.slots.len()
    }

    /// Capture `i` (0-based) as `get_onecapture` gives it: with no captures at all,
    /// capture 0 is the whole match.
    pub fn capture(&self, i: usize) -> Result<Capture, PatternError> {
        match self.slots.get(i) {
            None if i == 0 => Ok(Capture::Span {
                start: self.start,
                end: self.end,
            }),
            None => Err(PatternError::InvalidCaptureIndex(i + 1)),
            Some(&(_, Slot::Open)) => Err(PatternError::UnfinishedCapture),
            Some(&(at, Slot::Position)) => Ok(Capture::Position(at)),
            Some(&(at, Slot::Closed(len))) => Ok(Capture::Span {
                start: at,
                end: at + len,
            }),
        }
    }

    /// What `string.match`, `gmatch` and a `gsub` replacement function receive: every
    /// capture, or the whole match if there are none.
    pub fn captures(&self) -> Result<Vec<Capture>, PatternError> {
        (0..self.level().max(1)).map(|i| self.capture(i)).collect()
    }

    /// What `string.find` returns after the two positions: the captures only.
    pub fn find_captures(&self) -> Result<Vec<Capture>, PatternError> {
        (0..self.level()).map(|i| self.capture(i)).collect()
    }
}

/// Whether `string.find` must treat `pattern` as a pattern (`nospecials` is false).
pub fn has_specials(pattern: &[u8]) -> bool {
    // One test per byte (a `matches!` is a bit test), not a search of `SPECIALS` per byte.
    pattern.iter().any(|&b| {
        matches!(
            b,
            b'^' | b'$' | b'*' | b'+' | b'?' | b'.' | b'(' | b'[' | b'%' | b'-'
        )
    })
}

/// Plain substring search from offset `init` (`lmemfind`): the offset of the first
/// occurrence of `needle`; the empty string is found at `init` itself.
pub fn find_plain(subject: &[u8], needle: &[u8], init: usize) -> Option<usize> {
    let hay = subject.get(init..)?;
    let Some((&first, rest)) = needle.split_first() else {
        return Some(init);
    };
    if needle.len() > hay.len() {
        return None;
    }
    let last_start = hay.len() - needle.len();
    let mut i = 0;
    while i <= last_start {
        let pos = hay[i..=last_start].iter().position(|&b| b == first)?;
        i += pos;
        if &hay[i + 1..i + needle.len()] == rest {
            return Some(init + i);
        }
        i += 1;
    }
    None
}

/// `string.find`/`string.match` with a pattern: the first match starting at offset `init`
/// or later (only at `init` if the pattern starts with `^`). `None` if there is none or
/// `init > subject.len()`.
///
/// `steps` is the work the caller allows (one unit per matcher call and per repetition
/// tried); what the match uses is subtracted, and running out is `OutOfSteps`.
pub fn find(
    subject: &[u8],
    pattern: &[u8],
    init: usize,
    steps: &mut u64,
) -> Result<Option<Match>, PatternError> {
    if init > subject.len() {
        return Ok(None);
    }
    let (anchor, pattern) = split_anchor(pattern);
    let simple = Simple::compile(pattern);
    with_matcher!(subject, pattern, simple.as_ref(), steps, |ms| {
        find_with(&mut ms, subject.len(), init, anchor)
    })
}

/// `find` with the patterns read into `cache`; `hash` is the pattern string's hash (see
/// `PatternCache`).
pub fn find_cached(
    subject: &[u8],
    pattern: &[u8],
    hash: u64,
    init: usize,
    steps: &mut u64,
    cache: &mut PatternCache,
) -> Result<Option<Match>, PatternError> {
    if init > subject.len() {
        return Ok(None);
    }
    let (anchor, pattern) = split_anchor(pattern);
    // (A pattern stripped of its `^` is kept apart from gmatch's unstripped one.)
    let simple = cache.get(pattern, hash ^ u64::from(anchor));
    with_matcher!(subject, pattern, simple, steps, |ms| {
        find_with(&mut ms, subject.len(), init, anchor)
    })
}

/// What `find`, `Gmatch` and `Gsub` ask of a matcher (the general one, or `SimpleMatcher`).
trait Attempts {
    /// One attempt at `start`.
    fn try_at(&mut self, start: usize) -> Result<Option<Match>, PatternError>;

    /// The first start at or after `start` where an attempt could succeed; the attempts
    /// passed over are charged as if made.
    fn skip(&mut self, start: usize) -> Result<usize, PatternError>;
}

impl Attempts for Matcher<'_> {
    fn try_at(&mut self, start: usize) -> Result<Option<Match>, PatternError> {
        Matcher::try_at(self, start)
    }

    fn skip(&mut self, start: usize) -> Result<usize, PatternError> {
        Ok(start)
    }
}

impl Attempts for SimpleMatcher<'_> {
    fn try_at(&mut self, start: usize) -> Result<Option<Match>, PatternError> {
        SimpleMatcher::try_at(self, start)
    }

    fn skip(&mut self, start: usize) -> Result<usize, PatternError> {
        SimpleMatcher::skip(self, start)
    }
}

/// `str_find_aux`'s loop over starts.
fn find_with(
    ms: &mut impl Attempts,
    len: usize,
    mut start: usize,
    anchor: bool,
) -> Result<Option<Match>, PatternError> {
    loop {
        if !anchor {
            start = ms.skip(start)?;
        }
        match ms.try_at(start)? {
            Some(m) => return Ok(Some(m)),
            None if anchor || start >= len => return Ok(None),
            None => start += 1,
        }
    }
}

/// Matches `pattern` at offset `start` only, with no special meaning for a leading `^`
/// (callers that want anchoring strip it). The building block of `gmatch` and `gsub`.
pub fn match_at(
    subject: &[u8],
    pattern: &[u8],
    start: usize,
    steps: &mut u64,
) -> Result<Option<Match>, PatternError> {
    if start > subject.len() {
        return Ok(None);
    }
    let simple = Simple::compile(pattern);
    with_matcher!(subject, pattern, simple.as_ref(), steps, |ms| ms
        .try_at(start))
}

fn split_anchor(pattern: &[u8]) -> (bool, &[u8]) {
    match pattern.split_first() {
        Some((b'^', rest)) => (true, rest),
        _ => (false, pattern),
    }
}

/// The state of a `string.gmatch` iterator (`GMatchState`): where to look next and where
/// the last match ended. In 5.4 a match may not end where the previous one ended, so an
/// empty match right after a match is skipped (`gmatch("abc", "%a*")` gives `"abc"` only).
/// A leading `^` is an ordinary character here, as in lstrlib.c 5.4.4.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gmatch {
    src: usize,
    last_match: Option<usize>,
}

impl Gmatch {
    /// An iterator over a subject of `subject_len` bytes starting at offset `init`.
    pub fn new(subject_len: usize, init: usize) -> Gmatch {
        Gmatch {
            src: init.min(subject_len + 1),
            last_match: None,
        }
    }

    /// The next match, or `None` when there are no more. The subject and pattern must be
    /// the same on every call.
    pub fn next_match(
        &mut self,
        subject: &[u8],
        pattern: &[u8],
        steps: &mut u64,
    ) -> Result<Option<Match>, PatternError> {
        let simple = Simple::compile(pattern);
        with_matcher!(subject, pattern, simple.as_ref(), steps, |ms| {
            self.next_with(&mut ms, subject.len())
        })
    }

    /// `next_match` with the patterns read into `cache` (`hash`: see `find_cached`).
    pub fn next_match_cached(
        &mut self,
        subject: &[u8],
        pattern: &[u8],
        hash: u64,
        steps: &mut u64,
        cache: &mut PatternCache,
    ) -> Result<Option<Match>, PatternError> {
        with_matcher!(subject, pattern, cache.get(pattern, hash), steps, |ms| {
            self.next_with(&mut ms, subject.len())
        })
    }

    fn next_with(
        &mut self,
        ms: &mut impl Attempts,
        len: usize,
    ) -> Result<Option<Match>, PatternError> {
        let mut src = self.src;
        while src <= len {
            src = ms.skip(src)?;
            if let Some(m) = ms.try_at(src)? {
                if Some(m.end) != self.last_match {
                    self.src = m.end;
                    self.last_match = Some(m.end);
                    return Ok(Some(m));
                }
            }
            src += 1;
        }
        Ok(None)
    }
}

impl Gmatch {
    /// Rebuilds an iterator from what `position` returned, for engines that keep the
    /// iterator's state in their own values.
    pub fn resume(src: usize, last_match: Option<usize>) -> Gmatch {
        Gmatch { src, last_match }
    }

    /// Where the next search starts, and where the last match ended.
    pub fn position(&self) -> (usize, Option<usize>) {
        (self.src, self.last_match)
    }
}

/// The matching half of `string.gsub` (`str_gsub`): yields the matches to replace, at most
/// `max` of them, with 5.4's rule that a match may not end where the previous one ended;
/// a leading `^` anchors at the start of the subject. The caller copies the bytes between
/// matches and after the last one unchanged:
///
/// ```
/// # use moonlab::shared::pattern::Gsub;
/// // string.gsub("hello world", "o", "0")
/// let (subject, pattern) = (&b"hello world"[..], &b"o"[..]);
/// let mut g = Gsub::new(i64::MAX);
/// let mut out = Vec::new();
/// let mut last = 0;
/// let mut steps = u64::MAX; // work allowed: each engine passes what its limit leaves
/// while let Some(m) = g.next_match(subject, pattern, &mut steps).unwrap() {
///     out.extend_from_slice(&subject[last..m.start]);
///     out.extend_from_slice(b"0"); // the replacement of m
///     last = m.end;
/// }
/// out.extend_from_slice(&subject[last..]);
/// assert_eq!((&out[..], g.count()), (&b"hell0 w0rld"[..], 2));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gsub {
    src: usize,
    last_match: Option<usize>,
    count: i64,
    max: i64,
    done: bool,
}

impl Gsub {
    /// A fresh substitution allowing `max` replacements (Lua's default is `len + 1`).
    pub fn new(max: i64) -> Gsub {
        Gsub {
            src: 0,
            last_match: None,
            count: 0,
            max,
            done: false,
        }
    }

    /// How many matches have been yielded: `gsub`'s second result.
    pub fn count(&self) -> i64 {
        self.count
    }

    /// The next match to replace. The subject and pattern must be the same on every call.
    pub fn next_match(
        &mut self,
        subject: &[u8],
        pattern: &[u8],
        steps: &mut u64,
    ) -> Result<Option<Match>, PatternError> {
        let (anchor, pattern) = split_anchor(pattern);
        let simple = Simple::compile(pattern);
        with_matcher!(subject, pattern, simple.as_ref(), steps, |ms| {
            self.next_with(&mut ms, subject.len(), anchor)
        })
    }

    /// `next_match` with the patterns read into `cache` (`hash`: see `find_cached`).
    pub fn next_match_cached(
        &mut self,
        subject: &[u8],
        pattern: &[u8],
        hash: u64,
        steps: &mut u64,
        cache: &mut PatternCache,
    ) -> Result<Option<Match>, PatternError> {
        let (anchor, pattern) = split_anchor(pattern);
        let simple = cache.get(pattern, hash ^ u64::from(anchor));
        with_matcher!(subject, pattern, simple, steps, |ms| {
            self.next_with(&mut ms, subject.len(), anchor)
        })
    }

    fn next_with(
        &mut self,
        ms: &mut impl Attempts,
        len: usize,
        anchor: bool,
    ) -> Result<Option<Match>, PatternError> {
        while !self.done && self.count < self.max {
            // Like lstrlib.c, an anchored pattern gets exactly one attempt.
            self.done = anchor;
            if !anchor {
                self.src = ms.skip(self.src)?;
            }
            match ms.try_at(self.src)? {
                Some(m) if Some(m.end) != self.last_match => {
                    self.count += 1;
                    self.src = m.end;
                    self.last_match = Some(m.end);
                    return Ok(Some(m));
                }
                _ if self.src < len => self.src += 1,
                _ => self.done = true,
            }
        }
        Ok(None)
    }
}

/// Appends `bytes`, or `NoMemory` if the buffer cannot grow (replacements can make a
/// result much larger than the subject).
fn append(out: &mut Vec<u8>, bytes: &[u8]) -> Result<(), PatternError> {
    out.try_reserve(bytes.len())
        .map_err(|_| PatternError::NoMemory)?;
    out.extend_from_slice(bytes);
    Ok(())
}

/// Appends `gsub`'s replacement for a string `repl` (`add_s`): `%0` is the whole match,
/// `%1`-`%9` the captures (`%1` is the whole match when there are none; position captures
/// appear as Lua integers), `%%` is `%`; any other `%` is an error.
pub fn expand_replacement(
    repl: &[u8],
    subject: &[u8],
    m: &Match,
    out: &mut Vec<u8>,
) -> Result<(), PatternError> {
    let mut i = 0;
    while let Some(j) = repl[i..].iter().position(|&b| b == ESC).map(|j| i + j) {
        append(out, &repl[i..j])?;
        let c = repl.get(j + 1).copied().unwrap_or(0);
        if c == ESC {
            append(out, &[ESC])?;
        } else if c == b'0' {
            append(out, &subject[m.start..m.end])?;
        } else if c.is_ascii_digit() {
            match m.capture(usize::from(c - b'1'))? {
                Capture::Span { start, end } => append(out, &subject[start..end]),
                Capture::Position(p) => append(out, (p + 1).to_string().as_bytes()),
            }?;
        } else {
            return Err(PatternError::InvalidReplacement);
        }
        i = j + 2;
    }
    append(out, &repl[i..])?;
    Ok(())
}

/// `match_class`: whether byte `c` is in the class named by the byte after a `%`. Letters
/// of the C locale's classes select them (upper case: the complement); any other byte
/// stands for itself.
fn match_class(c: u8, class: u8) -> bool {
    let res = match class.to_ascii_lowercase() {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c.is_ascii_control(),
        b'd' => c.is_ascii_digit(),
        b'g' => c.is_ascii_graphic(),
        b'l' => c.is_ascii_lowercase(),
        b'p' => c.is_ascii_punctuation(),
        b's' => is_space(c),
        b'u' => c.is_ascii_uppercase(),
        b'w' => c.is_ascii_alphanumeric(),
        b'x' => c.is_ascii_hexdigit(),
        b'z' => c == 0, // deprecated, still accepted by 5.4
        _ => return class == c,
    };
    if class.is_ascii_lowercase() {
        res
    } else {
        !res
    }
}

/// The matcher: C's `MatchState`.
struct Matcher<'a> {
    src: &'a [u8],
    pat: &'a [u8],
    /// Nested calls still allowed (`matchdepth`).
    budget: usize,
    /// Work still allowed (see `find`).
    steps: u64,
    /// The captures opened so far (`level` is its length).
    captures: Vec<(usize, Slot)>,
}

impl<'a> Matcher<'a> {
    fn new(src: &'a [u8], pat: &'a [u8], steps: u64) -> Matcher<'a> {
        Matcher {
            src,
            pat,
            budget: MAX_CALLS,
            steps,
            captures: Vec::new(),
        }
    }

    /// The pattern byte at `i`, or 0 at or past the end: C reads the terminating zero of
    /// the pattern string in several places, and reading 0 here reproduces what it sees.
    fn p(&self, i: usize) -> u8 {
        self.pat.get(i).copied().unwrap_or(0)
    }

    /// One attempt at `start` with no captures yet.
    fn try_at(&mut self, start: usize) -> Result<Option<Match>, PatternError> {
        self.captures.clear();
        Ok(self.do_match(start, 0)?.map(|end| Match {
            start,
            end,
            slots: self.captures.clone(),
        }))
    }

    /// C's `match`: where the match of `pat[p..]` at `src[s..]` ends, if it matches.
    fn do_match(&mut self, s: usize, p: usize) -> Result<Option<usize>, PatternError> {
        if self.budget == 0 {
            return Err(PatternError::TooComplex);
        }
        self.step()?;
        self.budget -= 1;
        let result = self.match_body(s, p);
        self.budget += 1;
        result
    }

    fn match_body(&mut self, mut s: usize, mut p: usize) -> Result<Option<usize>, PatternError> {
        // Each `continue` is one of C's `goto init` tail calls.
        loop {
            if p == self.pat.len() {
                return Ok(Some(s));
            }
            match self.pat[p] {
                b'(' => {
                    return if self.p(p + 1) == b')' {
                        self.start_capture(s, p + 2, Slot::Position)
                    } else {
                        self.start_capture(s, p + 1, Slot::Open)
                    };
                }
                b')' => return self.end_capture(s, p + 1),
                b'$' if p + 1 == self.pat.len() => {
                    return Ok((s == self.src.len()).then_some(s));
                }
                ESC if self.p(p + 1) == b'b' => match self.match_balance(s, p + 2)? {
                    Some(e) => {
                        s = e;
                        p += 4;
                        continue;
                    }
                    None => return Ok(None),
                },
                ESC if self.p(p + 1) == b'f' => {
                    p += 2;
                    if self.p(p) != b'[' {
                        return Err(PatternError::MissingFrontierSet);
                    }
                    let ep = self.class_end(p)?;
                    // At either end of the subject, the neighbour is C's terminating zero.
                    let previous = if s == 0 { 0 } else { self.src[s - 1] };
                    let current = self.src.get(s).copied().unwrap_or(0);
                    if !self.match_set(previous, p, ep - 1) && self.match_set(current, p, ep - 1) {
                        p = ep;
                        continue;
                    }
                    return Ok(None);
                }
                ESC if self.p(p + 1).is_ascii_digit() => {
                    match self.match_back_reference(s, self.p(p + 1))? {
                        Some(e) => {
                            s = e;
                            p += 2;
                            continue;
                        }
                        None => return Ok(None),
                    }
                }
                _ => {}
            }
            // A single-byte class and its optional suffix.
            let ep = self.class_end(p)?;
            let suffix = self.p(ep);
            if !self.single_match(s, p, ep) {
                if matches!(suffix, b'*' | b'?' | b'-') {
                    // Accept the empty repetition.
                    p = ep + 1;
                    continue;
                }
                return Ok(None);
            }
            match suffix {
                b'?' => {
                    if let Some(e) = self.do_match(s + 1, ep + 1)? {
                        return Ok(Some(e));
                    }
                    p = ep + 1;
                }
                b'+' => return self.max_expand(s + 1, p, ep),
                b'*' => return self.max_expand(s, p, ep),
                b'-' => return self.min_expand(s, p, ep),
                _ => {
                    s += 1;
                    p = ep;
                }
            }
        }
    }

    /// `classend`: the index just past the single-byte class starting at `p`.
    fn class_end(&self, p: usize) -> Result<usize, PatternError> {
        let c = self.pat[p];
        let mut p = p + 1;
        match c {
            ESC => {
                if p >= self.pat.len() {
                    return Err(PatternError::EndsWithEscape);
                }
                Ok(p + 1)
            }
            b'[' => {
                if self.p(p) == b'^' {
                    p += 1;
                }
                // The first byte of a set is never its end, so `[]]` is the set of `]`.
                loop {
                    if p >= self.pat.len() {
                        return Err(PatternError::MissingBracket);
                    }
                    let c = self.pat[p];
                    p += 1;
                    if c == ESC && p < self.pat.len() {
                        p += 1; // skip the escaped byte, which may be `]`
                    }
                    if self.p(p) == b']' {
                        return Ok(p + 1);
                    }
                }
            }
            _ => Ok(p),
        }
    }

    /// `matchbracketclass`: whether `c` is in the set `pat[p..=ec]` (`[` at `p`, `]` at `ec`).
    fn match_set(&self, c: u8, mut p: usize, ec: usize) -> bool {
        let mut found = true;
        if self.p(p + 1) == b'^' {
            found = false;
            p += 1;
        }
        p += 1;
        while p < ec {
            let b = self.pat[p];
            if b == ESC {
                p += 1;
                if match_class(c, self.p(p)) {
                    return found;
                }
            } else if self.p(p + 1) == b'-' && p + 2 < ec {
                if b <= c && c <= self.pat[p + 2] {
                    return found;
                }
                p += 2;
            } else if b == c {
                return found;
            }
            p += 1;
        }
        !found
    }

    /// `singlematch`: whether the subject byte at `s` is in the class `pat[p..ep]`.
    fn single_match(&self, s: usize, p: usize, ep: usize) -> bool {
        let Some(&c) = self.src.get(s) else {
            return false;
        };
        match self.pat[p] {
            b'.' => true,
            ESC => match_class(c, self.p(p + 1)),
            b'[' => self.match_set(c, p, ep - 1),
            b => b == c,
        }
    }

    /// `matchbalance`: `%bxy` with `x` and `y` at `pat[p]` and `pat[p + 1]`.
    fn match_balance(&self, s: usize, p: usize) -> Result<Option<usize>, PatternError> {
        if p + 1 >= self.pat.len() {
            return Err(PatternError::MissingBalanceArguments);
        }
        let (open, close) = (self.pat[p], self.pat[p + 1]);
        if self.src.get(s) != Some(&open) {
            return Ok(None);
        }
        let mut depth = 1;
        for (i, &b) in self.src.iter().enumerate().skip(s + 1) {
            // The closing byte is tested first, so `%bxx` matches from one x to the next.
            if b == close {
                depth -= 1;
                if depth == 0 {
                    return Ok(Some(i + 1));
                }
            } else if b == open {
                depth += 1;
            }
        }
        Ok(None)
    }

    /// One unit of work.
    #[inline]
    fn step(&mut self) -> Result<(), PatternError> {
        if self.steps == 0 {
            return Err(PatternError::OutOfSteps);
        }
        self.steps -= 1;
        Ok(())
    }

    /// `max_expand`: as many repetitions as possible, then fewer until the rest matches.
    fn max_expand(&mut self, s: usize, p: usize, ep: usize) -> Result<Option<usize>, PatternError> {
        let mut count = 0;
        while self.single_match(s + count, p, ep) {
            self.step()?;
            count += 1;
        }
        loop {
            if let Some(e) = self.do_match(s + count, ep + 1)? {
                return Ok(Some(e));
            }
            if count == 0 {
                return Ok(None);
            }
            count -= 1;
        }
    }

    /// `min_expand`: as few repetitions as possible, one more each time the rest fails.
    fn min_expand(
        &mut self,
        mut s: usize,
        p: usize,
        ep: usize,
    ) -> Result<Option<usize>, PatternError> {
        loop {
            if let Some(e) = self.do_match(s, ep + 1)? {
                return Ok(Some(e));
            }
            if !self.single_match(s, p, ep) {
                return Ok(None);
            }
            s += 1;
        }
    }

    fn start_capture(
        &mut self,
        s: usize,
        p: usize,
        what: Slot,
    ) -> Result<Option<usize>, PatternError> {
        if self.captures.len() >= MAX_CAPTURES {
            return Err(PatternError::TooManyCaptures);
        }
        self.captures.push((s, what));
        let result = self.do_match(s, p)?;
        if result.is_none() {
            self.captures.pop();
        }
        Ok(result)
    }

    fn end_capture(&mut self, s: usize, p: usize) -> Result<Option<usize>, PatternError> {
        // `capture_to_close`: the innermost capture still open.
        let l = self
            .captures
            .iter()
            .rposition(|&(_, slot)| slot == Slot::Open)
            .ok_or(PatternError::InvalidPatternCapture)?;
        let start = self.captures[l].0;
        self.captures[l].1 = Slot::Closed(s - start);
        let result = self.do_match(s, p)?;
        if result.is_none() {
            self.captures[l].1 = Slot::Open;
        }
        Ok(result)
    }

    /// `%1`-`%9` (and `%0`, always invalid) in a pattern: the text of a closed capture again.
    fn match_back_reference(&self, s: usize, digit: u8) -> Result<Option<usize>, PatternError> {
        let l = usize::from(digit).wrapping_sub(usize::from(b'1'));
        let (start, slot) = match self.captures.get(l) {
            Some(&(_, Slot::Open)) | None => {
                return Err(PatternError::InvalidCaptureIndex(usize::from(digit - b'0')))
            }
            Some(&c) => c,
        };
        // A position capture has no text; C compares with an impossible length and fails.
        let Slot::Closed(len) = slot else {
            return Ok(None);
        };
        let matches =
            self.src.len() - s >= len && self.src[start..start + len] == self.src[s..s + len];
        Ok(matches.then_some(s + len))
    }
}

#[cfg(test)]
mod tests {
    /// A step budget that never runs out.
    fn unlimited() -> u64 {
        u64::MAX
    }

    use super::*;
    use crate::shared::arith::float_to_int;
    use crate::shared::number::{str2number, Number};
    use crate::shared::string_lib::posrelat_start;

    use crate::shared::test_escapes::{decode, encode};

    /// A Lua integer argument as `luaL_optinteger` reads it.
    fn int_arg(field: Option<&Vec<u8>>) -> Option<i64> {
        match str2number(field?)? {
            Number::Int(i) => Some(i),
            Number::Float(f) => float_to_int(f),
        }
    }

    /// A capture as Lua shows it: its bytes, or the 1-based position.
    fn show(subject: &[u8], c: Capture) -> Vec<u8> {
        match c {
            Capture::Span { start, end } => subject[start..end].to_vec(),
            Capture::Position(p) => (p + 1).to_string().into_bytes(),
        }
    }

    fn join(parts: Vec<Vec<u8>>, sep: &[u8]) -> Vec<u8> {
        parts.join(sep)
    }

    /// The start offset of `find`/`match`/`gmatch` for an optional Lua `init`.
    fn start(init: Option<i64>, len: usize) -> usize {
        posrelat_start(init.unwrap_or(1), len) - 1
    }

    /// Runs one case of testdata/pattern_cases.txt like testdata/pattern.lua does.
    fn run(f: &[Vec<u8>]) -> Result<Vec<u8>, PatternError> {
        let kind = std::str::from_utf8(&f[0]).unwrap();
        let s = &f[1][..];
        let p = f.get(2).map_or(&b""[..], |p| &p[..]);
        match kind {
            "find" => {
                let init = start(int_arg(f.get(3)), s.len());
                let plain = f.get(4).is_some_and(|x| x == b"true");
                if init > s.len() {
                    return Ok(b"nil".to_vec());
                }
                if plain || !has_specials(p) {
                    return Ok(match find_plain(s, p, init) {
                        Some(at) => format!("{}|{}", at + 1, at + p.len()).into_bytes(),
                        None => b"nil".to_vec(),
                    });
                }
                Ok(match find(s, p, init, &mut unlimited())? {
                    Some(m) => {
                        let mut parts = vec![
                            (m.start + 1).to_string().into_bytes(),
                            m.end.to_string().into_bytes(),
                        ];
                        parts.extend(m.find_captures()?.into_iter().map(|c| show(s, c)));
                        join(parts, b"|")
                    }
                    None => b"nil".to_vec(),
                })
            }
            "match" => {
                let init = start(int_arg(f.get(3)), s.len());
                Ok(match find(s, p, init, &mut unlimited())? {
                    Some(m) => join(
                        m.captures()?.into_iter().map(|c| show(s, c)).collect(),
                        b"|",
                    ),
                    None => b"nil".to_vec(),
                })
            }
            "gmatch" => {
                let mut g = Gmatch::new(s.len(), start(int_arg(f.get(3)), s.len()));
                let mut out = Vec::new();
                while let Some(m) = g.next_match(s, p, &mut unlimited())? {
                    let caps = m.captures()?.into_iter().map(|c| show(s, c)).collect();
                    out.push(b'[');
                    out.extend(join(caps, b","));
                    out.push(b']');
                }
                Ok(out)
            }
            "gsub" | "gsubf" | "gsubt" => {
                let max_field = if kind == "gsub" { f.get(4) } else { f.get(3) };
                let max = int_arg(max_field).unwrap_or(s.len() as i64 + 1);
                let mut g = Gsub::new(max);
                let mut out = Vec::new();
                let mut last = 0;
                while let Some(m) = g.next_match(s, p, &mut unlimited())? {
                    out.extend_from_slice(&s[last..m.start]);
                    match kind {
                        "gsub" => expand_replacement(&f[3], s, &m, &mut out)?,
                        "gsubf" => {
                            let caps = m.captures()?.into_iter().map(|c| show(s, c)).collect();
                            out.push(b'<');
                            out.extend(join(caps, b","));
                            out.push(b'>');
                        }
                        _ => {
                            out.push(b'{');
                            out.extend(show(s, m.capture(0)?));
                            out.push(b'}');
                        }
                    }
                    last = m.end;
                }
                out.extend_from_slice(&s[last..]);
                out.extend_from_slice(format!("|{}", g.count()).as_bytes());
                Ok(out)
            }
            _ => panic!("unknown kind {kind}"),
        }
    }

    #[test]
    fn specials() {
        for b in 0..=255u8 {
            assert_eq!(has_specials(&[b'a', b]), SPECIALS.contains(&b), "{b}");
        }
    }

    #[test]
    fn against_lua() {
        // testdata/pattern_expected.txt is lua5.4's output for testdata/pattern_cases.txt:
        //   cd src/shared/testdata && lua5.4 pattern.lua < pattern_cases.txt > pattern_expected.txt
        let cases = include_str!("testdata/pattern_cases.txt");
        let expected = include_str!("testdata/pattern_expected.txt");
        assert_eq!(cases.lines().count(), expected.lines().count());
        let mut failures = Vec::new();
        for (case, want) in cases.lines().zip(expected.lines()) {
            let fields: Vec<Vec<u8>> = case.split('\t').map(decode).collect();
            let got = match run(&fields) {
                Ok(out) => encode(&out),
                Err(e) => format!("error: {e}"),
            };
            if got != want {
                failures.push(format!("{case:?}: got {got:?}, lua5.4 {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// `show(...)` of the generating scripts: values joined by `|`.
    fn show_all(subject: &[u8], caps: Vec<Capture>) -> Vec<u8> {
        join(caps.into_iter().map(|c| show(subject, c)).collect(), b"|")
    }

    #[test]
    fn random_against_lua() {
        // testdata/pattern_random.txt holds random cases and lua5.4's results:
        //   cd src/shared/testdata && lua5.4 pattern_random.lua > pattern_random.txt
        let mut failures = Vec::new();
        for line in include_str!("testdata/pattern_random.txt").lines() {
            let f: Vec<&str> = line.split('\t').collect();
            let (s, p) = (decode(f[0]), decode(f[1]));
            let init = start(Some(f[2].parse().unwrap()), s.len());
            let found = (|| -> Result<Vec<u8>, PatternError> {
                if init > s.len() {
                    return Ok(b"nil".to_vec());
                }
                if !has_specials(&p) {
                    return Ok(match find_plain(&s, &p, init) {
                        Some(at) => format!("{}|{}", at + 1, at + p.len()).into_bytes(),
                        None => b"nil".to_vec(),
                    });
                }
                Ok(match find(&s, &p, init, &mut unlimited())? {
                    Some(m) => {
                        let mut out = format!("{}|{}", m.start + 1, m.end).into_bytes();
                        for c in m.find_captures()? {
                            out.push(b'|');
                            out.extend(show(&s, c));
                        }
                        out
                    }
                    None => b"nil".to_vec(),
                })
            })();
            let subst = (|| -> Result<Vec<u8>, PatternError> {
                let mut g = Gsub::new(s.len() as i64 + 1);
                let (mut out, mut last) = (Vec::new(), 0);
                while let Some(m) = g.next_match(&s, &p, &mut unlimited())? {
                    out.extend_from_slice(&s[last..m.start]);
                    expand_replacement(b"<%0>", &s, &m, &mut out)?;
                    last = m.end;
                }
                out.extend_from_slice(&s[last..]);
                out.extend(format!("|{}", g.count()).bytes());
                Ok(out)
            })();
            let steps = (|| -> Result<Vec<u8>, PatternError> {
                let mut g = Gmatch::new(s.len(), 0);
                let mut out = Vec::new();
                while let Some(m) = g.next_match(&s, &p, &mut unlimited())? {
                    // `for a, b in gmatch(...)`: the first two values, nil if missing.
                    let caps = m.captures()?;
                    out.push(b'[');
                    out.extend(show_all(&s, caps[..1].to_vec()));
                    out.push(b'|');
                    match caps.get(1) {
                        Some(&c) => out.extend(show(&s, c)),
                        None => out.extend_from_slice(b"nil"),
                    }
                    out.push(b']');
                }
                Ok(out)
            })();
            let got: Vec<String> = [found, subst, steps]
                .into_iter()
                .map(|r| match r {
                    Ok(out) => encode(&out),
                    Err(e) => format!("error: {e}"),
                })
                .collect();
            if got != f[3..] {
                failures.push(format!(
                    "{:?} {:?} {}: got {got:?}, lua5.4 {:?}",
                    f[0],
                    f[1],
                    f[2],
                    &f[3..]
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn recursion_budget() {
        // lua5.4 -e 'print(pcall(string.find, string.rep("a", 300), string.rep("a?", 300)))'
        //   -> false  pattern too complex
        // lua5.4 -e 'print(string.find(string.rep("a", 300), string.rep("a?", 198)))' -> 1 198
        // lua5.4 -e 'print(string.find(string.rep("a", 300), string.rep("a?", 199)))' -> 1 199
        // lua5.4 -e 'print(pcall(string.find, string.rep("a", 300), string.rep("a?", 200)))'
        //   -> false  pattern too complex
        let s = vec![b'a'; 300];
        let q = |n: usize| b"a?".repeat(n);
        assert_eq!(
            find(&s, &q(300), 0, &mut unlimited()),
            Err(PatternError::TooComplex)
        );
        assert_eq!(
            find(&s, &q(198), 0, &mut unlimited())
                .unwrap()
                .map(|m| m.end),
            Some(198)
        );
        assert_eq!(
            find(&s, &q(199), 0, &mut unlimited())
                .unwrap()
                .map(|m| m.end),
            Some(199)
        );
        assert_eq!(
            find(&s, &q(200), 0, &mut unlimited()),
            Err(PatternError::TooComplex)
        );
        // Nested captures count too:
        // lua5.4 -e 'print(pcall(string.find, "a", string.rep("(", 32) .. "a" .. string.rep(")", 32)))'
        //   -> true 1 1 a a ... (32 captures)
        // lua5.4 -e 'print(pcall(string.find, "a", string.rep("(", 33) .. "a" .. string.rep(")", 33)))'
        //   -> false  too many captures
        let nest = |n: usize| [b"(".repeat(n), b"a".to_vec(), b")".repeat(n)].concat();
        assert_eq!(
            find(b"a", &nest(32), 0, &mut unlimited())
                .unwrap()
                .unwrap()
                .level(),
            32
        );
        assert_eq!(
            find(b"a", &nest(33), 0, &mut unlimited()),
            Err(PatternError::TooManyCaptures)
        );
        // lua5.4 -e 'print(pcall(string.find, "a", string.rep("()", 33)))' -> false  too many captures
        assert_eq!(
            find(b"a", &b"()".repeat(33), 0, &mut unlimited()),
            Err(PatternError::TooManyCaptures)
        );
        // A long literal pattern loops instead of recursing:
        // (string.match: string.find would do a plain search, the pattern having no specials)
        // lua5.4 -e 'print(#string.match(string.rep("ab", 5000), string.rep("ab", 5000)))' -> 10000
        let long = b"ab".repeat(5000);
        assert_eq!(
            find(&long, &long, 0, &mut unlimited())
                .unwrap()
                .map(|m| m.end),
            Some(10000)
        );
    }

    #[test]
    fn megabyte_subjects() {
        // lua5.4 -e 's = string.rep("a", 1 << 20) .. "x"; print(s:find(".-x"))' -> 1 1048577
        // lua5.4 -e 's = string.rep("a", 1 << 20); print(s:find("a*"))' -> 1 1048576
        // lua5.4 -e 's = string.rep("a", 1 << 20); print(#s:gsub("a", "bb"))' -> 2097152
        // lua5.4 -e 's = string.rep("a", 1 << 20); print(s:find("(a*)$"))' -> 1 1048576 (aaa...)
        // lua5.4 -e 's = string.rep("(", 1 << 19) .. string.rep(")", 1 << 19); print(s:find("%b()"))'
        //   -> 1 1048576
        let n = 1 << 20;
        let mut s = vec![b'a'; n];
        s.push(b'x');
        assert_eq!(
            find(&s, b".-x", 0, &mut unlimited())
                .unwrap()
                .map(|m| m.end),
            Some(n + 1)
        );
        s.pop();
        assert_eq!(
            find(&s, b"a*", 0, &mut unlimited()).unwrap().map(|m| m.end),
            Some(n)
        );
        let m = find(&s, b"(a*)$", 0, &mut unlimited()).unwrap().unwrap();
        assert_eq!(m.capture(0), Ok(Capture::Span { start: 0, end: n }));
        let mut g = Gsub::new(n as i64 + 1);
        let mut out = Vec::new();
        while let Some(m) = g.next_match(&s, b"a", &mut unlimited()).unwrap() {
            let _ = m;
            out.extend_from_slice(b"bb");
        }
        assert_eq!((out.len(), g.count()), (2 * n, n as i64));
        let nested = [vec![b'('; n / 2], vec![b')'; n / 2]].concat();
        assert_eq!(
            find(&nested, b"%b()", 0, &mut unlimited())
                .unwrap()
                .map(|m| m.end),
            Some(n)
        );
    }

    #[test]
    fn helpers() {
        // posrelatI as string.find sees it:
        // lua5.4 -e 'print(("hello"):find("", 0)) print(("hello"):find("", -2)) print(("hello"):find("", -9)) print(("hello"):find("", 9))'
        //   -> 1 0  4 3  1 0  nil (one print per call)
        assert_eq!(posrelat_start(0, 5), 1);
        assert_eq!(posrelat_start(-2, 5), 4);
        assert_eq!(posrelat_start(-9, 5), 1);
        assert_eq!(posrelat_start(9, 5), 9);
        assert_eq!(posrelat_start(i64::MIN, 5), 1);
        assert!(has_specials(b"a.b"));
        assert!(!has_specials(b"a)b]"));
        // lua5.4 -e 'print(("aaab"):find("aab", 1, true, &mut unlimited())) print(("abc"):find("c", 3, true, &mut unlimited())) print(("abc"):find("abcd", 1, true, &mut unlimited())) print(("abc"):find("", 4, true, &mut unlimited())) print(("abc"):find("", 5, true, &mut unlimited()))'
        //   -> 2 4  3 3  nil  4 3  nil
        assert_eq!(find_plain(b"aaab", b"aab", 0), Some(1));
        assert_eq!(find_plain(b"abc", b"c", 2), Some(2));
        assert_eq!(find_plain(b"abc", b"abcd", 0), None);
        assert_eq!(find_plain(b"abc", b"", 3), Some(3));
        assert_eq!(find_plain(b"abc", b"", 4), None);
        assert_eq!(
            PatternError::InvalidCaptureIndex(3).to_string(),
            "invalid capture index %3"
        );
    }
}
