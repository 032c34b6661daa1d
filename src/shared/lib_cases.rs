//! The library rules of this folder against lua5.4: every case of
//! `testdata/library_cases.txt` goes through the helpers the engines call, and must give
//! what lua5.4 printed for it (`testdata/library_expected.txt`, from
//! `lua5.4 library.lua < library_cases.txt > library_expected.txt`). Only the parts that
//! are the engines' own (argument fetching, element reads and writes) are simulated here.

use std::collections::BTreeMap;

use super::base_lib;
use super::cfmt;
use super::lib_error::LibError;
use super::math_lib;
use super::number::{str2number, Number};
use super::pattern::{self, Capture, Gmatch, Gsub};
use super::random::{self, RandomArgs, RandomValue, Xoshiro};
use super::string_lib::{self, TextPiece};
use super::table_lib::{self, InsertForm};
use super::test_escapes::{decode, encode};
use super::utf8_lib::{self, Utf8Len};

/// A value of a case, as `library.lua` spells it.
#[derive(Clone, Debug, PartialEq)]
enum V {
    Int(i64),
    Float(f64),
    Str(Vec<u8>),
    Bool(bool),
    Nil,
    /// `T:`: a table with these items.
    List(Vec<V>),
    /// `L:`: a table whose `__len` gives this value, and whose `t[k]` is "v" .. k.
    Len(Box<V>),
    /// `V:`: a function returning this value.
    Returns(Box<V>),
    /// `X:`: a table named "X" by `__name`.
    Named,
    /// A function result (`load`'s chunk), shown by its type only.
    Function,
}

fn parse(field: &str) -> V {
    let (tag, rest) = field.split_once(':').expect("typed field");
    match tag {
        "i" => V::Int(rest.parse().expect("integer")),
        "f" => V::Float(rest.parse().expect("float")),
        "s" => V::Str(decode(rest)),
        "b" => V::Bool(rest == "true"),
        "n" => V::Nil,
        "X" => V::Named,
        "T" => V::List(
            rest.split(',')
                .filter(|s| !s.is_empty())
                .map(parse)
                .collect(),
        ),
        "L" => V::Len(Box::new(parse(rest))),
        "V" => V::Returns(Box::new(parse(rest))),
        _ => panic!("bad field {field}"),
    }
}

fn show(v: &V) -> String {
    match v {
        V::Int(i) => format!("i:{i}"),
        V::Float(f) if f.is_nan() => "nan".into(),
        V::Float(f) => {
            let (spec, conv, _) = cfmt::parse_spec(b".17g").expect("spec");
            let mut out = b"f:".to_vec();
            cfmt::format_float(&spec, conv, *f, &mut out);
            String::from_utf8(out).expect("ascii")
        }
        V::Str(s) => format!("s:{}", encode(s)),
        V::Bool(b) => format!("b:{b}"),
        V::Nil => "n:".into(),
        V::Function => "function".into(),
        other => panic!("no results of kind {other:?}"),
    }
}

/// `lua_tonumber`: numbers, and strings that convert.
fn to_number(v: &V) -> Option<Number> {
    match v {
        V::Int(i) => Some(Number::Int(*i)),
        V::Float(f) => Some(Number::Float(*f)),
        V::Str(s) => str2number(s),
        _ => None,
    }
}

fn from_number(n: Number) -> V {
    match n {
        Number::Int(i) => V::Int(i),
        Number::Float(f) => V::Float(f),
    }
}

fn type_name(v: &V) -> &'static str {
    match v {
        V::Int(_) | V::Float(_) => "number",
        V::Str(_) => "string",
        V::Bool(_) => "boolean",
        V::Nil => "nil",
        V::Returns(_) | V::Function => "function",
        V::List(_) | V::Len(_) | V::Named => "table",
    }
}

/// `v` as the functions that join text see it.
fn text_piece(v: &V) -> TextPiece<'_> {
    match v {
        V::Str(s) => TextPiece::Str(s),
        V::Int(_) | V::Float(_) => TextPiece::Number(to_number(v).expect("number")),
        other => TextPiece::Other {
            type_name: type_name(other),
        },
    }
}

/// Argument fetching, simplified: the cases pass arguments of the right types.
struct Args(Vec<V>);

impl Args {
    fn get(&self, n: usize) -> &V {
        self.0.get(n - 1).unwrap_or(&V::Nil)
    }

    fn int(&self, n: usize) -> i64 {
        match self.get(n) {
            V::Int(i) => *i,
            other => panic!("argument {n} is {other:?}, not an integer"),
        }
    }

    fn opt_int(&self, n: usize) -> Option<i64> {
        (*self.get(n) != V::Nil).then(|| self.int(n))
    }

    fn float(&self, n: usize) -> f64 {
        match to_number(self.get(n)) {
            Some(Number::Int(i)) => i as f64,
            Some(Number::Float(f)) => f,
            None => panic!("argument {n} is not a number"),
        }
    }

    fn str(&self, n: usize) -> &[u8] {
        match self.get(n) {
            V::Str(s) => s,
            other => panic!("argument {n} is {other:?}, not a string"),
        }
    }

    fn truthy(&self, n: usize) -> bool {
        !matches!(self.get(n), V::Nil | V::Bool(false))
    }

    /// `#t` for a table argument: its items, or what its `__len` gives.
    fn len(&self, n: usize) -> Result<i64, LibError> {
        match self.get(n) {
            V::List(items) => Ok(items.len() as i64),
            V::Len(len) => table_lib::length_from(to_number(len)),
            other => panic!("argument {n} is {other:?}, not a table"),
        }
    }

    /// `t[k]` for a table argument.
    fn index(&self, n: usize, k: i64) -> V {
        match self.get(n) {
            V::List(items) => usize::try_from(k - 1)
                .ok()
                .and_then(|k| items.get(k))
                .cloned()
                .unwrap_or(V::Nil),
            V::Len(_) => V::Str(format!("v{k}").into_bytes()),
            other => panic!("argument {n} is {other:?}, not a table"),
        }
    }
}

/// The subject's bytes of a match capture.
fn capture_text(subject: &[u8], c: Capture) -> Vec<u8> {
    match c {
        Capture::Span { start, end } => subject[start..end].to_vec(),
        Capture::Position(p) => (p + 1).to_string().into_bytes(),
    }
}

/// Runs one case through the helpers. Panics on the engine's own errors (wrong argument
/// types), which the cases do not exercise.
fn call(name: &str, a: &Args) -> Result<Vec<V>, LibError> {
    let nargs = a.0.len();
    Ok(match name {
        "string.sub" => {
            let s = a.str(1);
            let r = string_lib::sub_range(s.len(), a.int(2), a.opt_int(3).unwrap_or(-1));
            vec![V::Str(s[r].to_vec())]
        }
        "string.byte" => {
            let s = a.str(1);
            let i = a.opt_int(2).unwrap_or(1);
            let r = string_lib::byte_range(s.len(), i, a.opt_int(3).unwrap_or(i))?;
            s[r].iter().map(|&b| V::Int(i64::from(b))).collect()
        }
        "string.rep" => {
            let sep = if nargs >= 3 { a.str(3) } else { b"" };
            vec![V::Str(string_lib::rep(a.str(1), a.int(2), sep, 1 << 31)?)]
        }
        "string.reverse" => vec![V::Str(string_lib::reverse(a.str(1))?)],
        "string.upper" => vec![V::Str(string_lib::upper(a.str(1))?)],
        "string.lower" => vec![V::Str(string_lib::lower(a.str(1))?)],
        "string.char" => {
            let bytes = (1..=nargs)
                .map(|n| string_lib::char_byte(n, a.int(n)))
                .collect::<Result<Vec<u8>, _>>()?;
            vec![V::Str(bytes)]
        }
        "string.find" => {
            // Plain searches only: where the search starts is what is tested.
            assert!(a.truthy(4), "plain finds only");
            let (s, p) = (a.str(1), a.str(2));
            let start = string_lib::search_start(a.opt_int(3).unwrap_or(1), s.len());
            match start.and_then(|init| pattern::find_plain(s, p, init)) {
                Some(at) => vec![V::Int(at as i64 + 1), V::Int((at + p.len()) as i64)],
                None => vec![V::Nil],
            }
        }
        "string.gmatch" => {
            let (s, p) = (a.str(1), a.str(2));
            let start = string_lib::gmatch_start(a.opt_int(3).unwrap_or(1), s.len());
            let mut g = Gmatch::resume(start, None);
            let mut found = Vec::new();
            while let Some(m) = g.next_match(s, p, &mut unlimited()).expect("valid pattern") {
                let caps = m.captures().expect("captures");
                found.push(capture_text(s, caps[0]));
            }
            vec![V::Str(found.join(&b','))]
        }
        "string.gsub" => {
            let (s, p) = (a.str(1), a.str(2));
            let V::Returns(value) = a.get(3) else {
                panic!("gsub cases replace with a function")
            };
            let mut g = Gsub::new(s.len() as i64 + 1);
            let (mut out, mut last) = (Vec::new(), 0);
            while let Some(m) = g.next_match(s, p, &mut unlimited()).expect("valid pattern") {
                out.extend_from_slice(&s[last..m.start]);
                let piece = match &**value {
                    V::Nil | V::Bool(false) => None,
                    v => Some(text_piece(v)),
                };
                string_lib::add_replacement(&mut out, &s[m.start..m.end], piece)?;
                last = m.end;
            }
            out.extend_from_slice(&s[last..]);
            vec![V::Str(out), V::Int(g.count())]
        }
        "table.concat" => {
            let sep = if *a.get(2) == V::Nil { b"" } else { a.str(2) };
            let i = a.opt_int(3).unwrap_or(1);
            let j = match a.opt_int(4) {
                Some(j) => j,
                None => a.len(1)?,
            };
            let mut out = Vec::new();
            for k in i..=j {
                table_lib::concat_piece(&mut out, text_piece(&a.index(1, k)), k, j, sep)?;
            }
            vec![V::Str(out)]
        }
        "table.insert" => {
            let first_empty = a.len(1)?.wrapping_add(1);
            if table_lib::insert_form(nargs)? == InsertForm::At {
                table_lib::check_insert_position(a.int(2), first_empty)?;
            }
            vec![]
        }
        "table.remove" => {
            let size = a.len(1)?;
            table_lib::check_remove_position(a.opt_int(2).unwrap_or(size), size)?;
            vec![]
        }
        "table.move" => {
            let (f, e, t) = (a.int(2), a.int(3), a.int(4));
            let mut table: BTreeMap<i64, V> = (1..=a.len(1)?).map(|k| (k, a.index(1, k))).collect();
            for i in table_lib::move_offsets(f, e, t, true)? {
                let v = table.get(&(f + i)).cloned().unwrap_or(V::Nil);
                table.insert(t + i, v);
            }
            (1..=5)
                .map(|k| table.get(&k).cloned().unwrap_or(V::Nil))
                .collect()
        }
        "table.sort" => {
            let n = a.len(1)?;
            if n > 1 {
                table_lib::check_sort_length(n)?;
            }
            vec![]
        }
        "utf8.char" => {
            let mut out = Vec::new();
            for n in 1..=nargs {
                utf8_lib::encode_char(n, a.int(n), &mut out)?;
            }
            vec![V::Str(out)]
        }
        "utf8.codepoint" => {
            let s = a.str(1);
            let range =
                utf8_lib::codepoint_range(s.len(), a.opt_int(2).unwrap_or(1), a.opt_int(3))?;
            utf8_lib::codepoints(s, range, a.truthy(4))
                .map(|c| c.map(|c| V::Int(i64::from(c))))
                .collect::<Result<_, _>>()?
        }
        "utf8.len" => {
            let s = a.str(1);
            let (i, j) = (a.opt_int(2).unwrap_or(1), a.opt_int(3).unwrap_or(-1));
            match utf8_lib::len(s, i, j, a.truthy(4))? {
                Utf8Len::Count(n) => vec![V::Int(n)],
                Utf8Len::Invalid(p) => vec![V::Nil, V::Int(p)],
            }
        }
        "utf8.offset" => match utf8_lib::offset(a.str(1), a.int(2), a.opt_int(3))? {
            Some(p) => vec![V::Int(p)],
            None => vec![V::Nil],
        },
        "utf8.codes" => {
            let s = a.str(1);
            let mut found = Vec::new();
            let mut n = 0;
            while let Some((pos, code)) = utf8_lib::codes_step(s, n, a.truthy(2))? {
                found.push(format!("{pos}:{code}"));
                n = pos;
            }
            vec![V::Str(found.join(",").into_bytes())]
        }
        "select" => {
            let count = nargs - 1;
            if let V::Str(s) = a.get(1) {
                assert!(base_lib::select_counts(s), "select's index is a number");
                vec![V::Int(count as i64)]
            } else {
                let n = base_lib::select_count(a.int(1), count)?;
                a.0[nargs - n..].to_vec()
            }
        }
        "tonumber" => match base_lib::tonumber_base(a.str(1), a.int(2))? {
            Some(i) => vec![V::Int(i)],
            None => vec![V::Nil],
        },
        "math.fmod" => match (a.get(1), a.get(2)) {
            (V::Int(m), V::Int(d)) => vec![V::Int(math_lib::fmod_int(*m, *d)?)],
            _ => vec![V::Float(math_lib::fmod_float(a.float(1), a.float(2)))],
        },
        "math.ult" => vec![V::Bool(math_lib::ult(a.int(1), a.int(2)))],
        "math.tointeger" => match math_lib::tointeger(to_number(a.get(1))) {
            Some(i) => vec![V::Int(i)],
            None => vec![V::Nil],
        },
        "math.floor" => vec![from_number(math_lib::floor(
            to_number(a.get(1)).expect("number"),
        ))],
        "math.ceil" => vec![from_number(math_lib::ceil(
            to_number(a.get(1)).expect("number"),
        ))],
        "math.modf" => match a.get(1) {
            V::Int(i) => vec![V::Int(*i), V::Float(0.0)],
            _ => {
                let (ip, frac) = math_lib::modf(a.float(1));
                vec![from_number(ip), V::Float(frac)]
            }
        },
        "math.log" => {
            let base = (*a.get(2) != V::Nil).then(|| a.float(2));
            vec![V::Float(math_lib::log(a.float(1), base))]
        }
        "math.deg" => vec![V::Float(math_lib::deg(a.float(1)))],
        "math.rad" => vec![V::Float(math_lib::rad(a.float(1)))],
        "load" => {
            let binary = a.str(1).first() == Some(&0x1b);
            match base_lib::check_load_mode(a.str(3), binary) {
                Ok(()) => vec![V::Function],
                Err(msg) => vec![V::Nil, V::Str(msg)],
            }
        }
        "random" => {
            let mut g = Xoshiro::seeded(a.int(1) as u64, 0);
            let first = g.next_u64();
            let args = match nargs - 1 {
                0 => RandomArgs::None,
                1 => RandomArgs::UpTo(a.int(2)),
                2 => RandomArgs::Between(a.int(2), a.int(3)),
                _ => RandomArgs::TooMany,
            };
            match random::random(first, args, || g.next_u64())? {
                RandomValue::Float(f) => vec![V::Float(f)],
                RandomValue::Int(i) => vec![V::Int(i)],
            }
        }
        _ => panic!("no case runner for {name}"),
    })
}

/// A result line as `library.lua` prints it.
fn render(name: &str, r: Result<Vec<V>, LibError>) -> String {
    match r {
        Ok(values) => {
            let shown = values.iter().map(show);
            let silent = matches!(name, "table.insert" | "table.remove" | "table.sort");
            std::iter::once("ok".to_string())
                .chain(shown.filter(|_| !silent))
                .collect::<Vec<_>>()
                .join("\t")
        }
        Err(LibError::Arg { arg, msg }) => format!("arg {arg}: {msg}"),
        Err(LibError::NoMemory) => "not enough memory".to_string(),
        Err(LibError::Plain(msg)) => format!("error: {msg}"),
    }
}

#[test]
fn library_rules_against_lua() {
    let cases = include_str!("testdata/library_cases.txt");
    let expected = include_str!("testdata/library_expected.txt");
    assert_eq!(
        cases.lines().count(),
        expected.lines().count(),
        "testdata/library_expected.txt is stale"
    );
    let mut failures = Vec::new();
    for (case, want) in cases.lines().zip(expected.lines()) {
        let mut fields = case.split('\t');
        let name = fields.next().expect("function name");
        let args = Args(fields.map(parse).collect());
        let got = render(name, call(name, &args));
        if got != want {
            failures.push(format!("{case}\n  lua5.4: {want}\n  helper: {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A step budget that never runs out.
fn unlimited() -> u64 {
    u64::MAX
}
