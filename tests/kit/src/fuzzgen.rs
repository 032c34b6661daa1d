//! A generator of well-formed, terminating Lua programs for differential testing, driven by
//! bytes through `arbitrary` (so cargo-fuzz can steer it and `cargo test` can seed it).
//!
//! What the programs do is observable only through what they print, and they print only
//! what every correct Lua 5.4 must print the same way: numbers, strings, booleans, nil, and
//! the type names of other values (never addresses), error messages caught by `pcall`
//! (never tracebacks), no `pairs` order, no `#` of a table with holes, no clock or memory
//! readings. Termination comes from construction: loops have small constant bounds or
//! counters, functions call only functions defined before them, coroutines are resumed a
//! bounded number of times.
//!
//! [`generate_gc`] is a second mode for the collector: programs built around weak tables
//! (keys, values, both), ephemeron chains, finalizers (resurrecting ones too), full
//! `collectgarbage()` calls and mode switches, with automatic collection stopped so every
//! outcome (which entries survive, which finalizers run and in what order) is fixed.
//!
//! [`generate_hostile`] is a third mode for the programs that crashed the engines before
//! (issue 15): library functions as metamethods, callees and message handlers, `__close`
//! handlers that error and yield (in coroutines, loops, pcalls, for-in closing values), and
//! huge repetition counts and integer edges. These may ask for gigabytes or billions of
//! steps on purpose: the harness (`differential`) runs them under work and memory limits
//! and counts a run that hits one as inconclusive. They may print addresses (a library
//! `print` as a metamethod), which the harness masks. [`generate_wide`] (in `fuzzgen/wide.rs`)
//! is a fourth mode for the constructs the corpus coverage table showed thin (issue 17).
//! [`generate_any`] (the `differential` fuzz target's entry) picks between [`generate`],
//! [`generate_hostile`] and [`generate_wide`].
//!
//! The generator writes source text; engines parse it with the shared front end, and
//! `parse` + `printer::print_chunk` gives the printed form the fuzzer stores.
#![forbid(unsafe_code)]

use arbitrary::Unstructured;

mod wide;
pub use wide::generate_wide;

/// Definitions every generated program starts with: `show` prints values with non-printable
/// ones replaced by their type, `check` runs a function protected and shows the outcome.
pub const PRELUDE: &str = r##"local function show(...)
  local n = select("#", ...)
  local t = {...}
  for i = 1, n do
    local ty = type(t[i])
    if ty ~= "nil" and ty ~= "boolean" and ty ~= "number" and ty ~= "string" then t[i] = ty end
  end
  print(table.unpack(t, 1, n))
end
local function check(f, ...) show(pcall(f, ...)) end
"##;

/// The byte string the seeded tests (and `gen_dump`) turn into program number `seed`:
/// deterministic xorshift output, 64 to 1,600 bytes long.
pub fn seed_bytes(seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let len = 64 + (seed % 7) as usize * 256;
    (0..len)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

/// Builds one program from `data`.
pub fn generate(data: &[u8]) -> String {
    let mut u = Unstructured::new(data);
    let mut g = Gen::new(&mut u, PRELUDE);
    let blocks = g.range(1, 8);
    for _ in 0..blocks {
        g.line("check(function()");
        g.indent += 1;
        g.scopes.push(Vec::new());
        let n = g.range(1, 6);
        for _ in 0..n {
            g.stat(3);
        }
        g.pop_scope();
        g.indent -= 1;
        g.line("end)");
    }
    g.out
}

struct Gen<'u, 'a> {
    u: &'u mut Unstructured<'a>,
    out: String,
    indent: usize,
    /// Local variable names in scope, innermost scope last.
    scopes: Vec<Vec<String>>,
    next_id: usize,
    /// Functions defined so far and still in scope: (name, arity, scope depth).
    funcs: Vec<(String, usize, usize)>,
    statements: usize,
}

const STRINGS: &[&str] = &[
    "\"\"",
    "\"a\"",
    "\"hello\"",
    "\"10\"",
    "\"0x1F\"",
    "\" 3.5 \"",
    "\"1e2\"",
    "\"a\\nb\\t\\\\\"",
    "\"\\65\\066\\x43\\u{44}\"",
    "\"\\0z\"",
    "\"%d\"",
    "[[long\nstring]]",
    "[==[with ]] inside]==]",
    "'single'",
    "\"abc\\z\n     def\"",
];

const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "3",
    "7",
    "10",
    "255",
    "256",
    "1000000",
    "0.5",
    "-0.0",
    "1.5",
    "3.25",
    "1e15",
    "1e16",
    "1e308",
    "2^53",
    "2^63",
    "math.maxinteger",
    "math.mininteger",
    "math.huge",
    "-math.huge",
    "0x7fffffffffffffff",
    "0xffffffffffffffff",
    "9007199254740993",
    "1/3",
];

const BINOPS: &[&str] = &[
    "+", "-", "*", "/", "//", "%", "^", "..", "==", "~=", "<", "<=", ">", ">=", "and", "or", "&",
    "|", "~", "<<", ">>",
];

const UNOPS: &[&str] = &["- ", "not ", "#", "~ "];

impl<'u, 'a> Gen<'u, 'a> {
    /// A generator reading `u`, its program starting with `prelude`.
    fn new(u: &'u mut Unstructured<'a>, prelude: &str) -> Self {
        Gen {
            u,
            out: String::from(prelude),
            indent: 0,
            scopes: vec![Vec::new()],
            next_id: 0,
            funcs: Vec::new(),
            statements: 0,
        }
    }
}

impl Gen<'_, '_> {
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        self.u.int_in_range(lo..=hi).unwrap_or(lo)
    }

    fn chance(&mut self, percent: u8) -> bool {
        self.u.int_in_range(0..=99u8).unwrap_or(100) < percent
    }

    fn pick<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items[self.range(0, items.len() - 1)]
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{}", self.next_id)
    }

    fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn declare(&mut self, name: &str) {
        self.scopes
            .last_mut()
            .expect("a scope")
            .push(name.to_string());
    }

    fn var(&mut self) -> Option<String> {
        let all: Vec<String> = self.scopes.iter().flatten().cloned().collect();
        if all.is_empty() {
            return None;
        }
        let i = self.range(0, all.len() - 1);
        Some(all[i].clone())
    }

    fn block(&mut self, depth: usize) {
        self.indent += 1;
        self.scopes.push(Vec::new());
        let n = self.range(1, 3);
        for _ in 0..n {
            self.stat(depth);
        }
        self.pop_scope();
        self.indent -= 1;
    }

    fn pop_scope(&mut self) {
        self.scopes.pop();
        let depth = self.scopes.len();
        self.funcs.retain(|f| f.2 <= depth);
    }

    fn stat(&mut self, depth: usize) {
        self.statements += 1;
        if self.statements > 120 {
            return;
        }
        let choice = if depth == 0 {
            self.range(0, 3)
        } else {
            self.range(0, 16)
        };
        match choice {
            0 | 1 => {
                let name = self.fresh("v");
                let e = self.expr(2);
                self.line(&format!("local {name} = {e}"));
                self.declare(&name);
            }
            2 => {
                let a = self.expr(2);
                let b = self.expr(2);
                self.line(&format!("show({a}, {b})"));
            }
            3 => {
                if let Some(v) = self.var() {
                    let e = self.expr(2);
                    self.line(&format!("{v} = {e}"));
                } else {
                    let e = self.expr(2);
                    self.line(&format!("show({e})"));
                }
            }
            4 => {
                let c = self.expr(2);
                self.line(&format!("if {c} then"));
                self.block(depth - 1);
                if self.chance(50) {
                    let c2 = self.expr(2);
                    self.line(&format!("elseif {c2} then"));
                    self.block(depth - 1);
                }
                if self.chance(50) {
                    self.line("else");
                    self.block(depth - 1);
                }
                self.line("end");
            }
            5 => {
                let i = self.fresh("i");
                let a = self.range(0, 3) as i64 - 1;
                let b = self.range(0, 4) as i64;
                let step = *[1i64, 1, 2, -1].get(self.range(0, 3)).unwrap_or(&1);
                let (a, b) = if step < 0 { (b, a) } else { (a, b) };
                self.line(&format!("for {i} = {a}, {b}, {step} do"));
                self.scopes.push(vec![i.clone()]);
                self.block(depth - 1);
                self.pop_scope();
                self.line("end");
            }
            6 => {
                // A sequence built with table functions, then traversed in order.
                let t = self.fresh("t");
                let items: Vec<String> = (0..self.range(0, 4)).map(|_| self.expr(1)).collect();
                self.line(&format!("local {t} = {{{}}}", items.join(", ")));
                self.declare(&t);
                let e = self.expr(1);
                self.line(&format!("table.insert({t}, {e})"));
                let k = self.fresh("k");
                let v = self.fresh("x");
                self.line(&format!(
                    "for {k}, {v} in ipairs({t}) do show({k}, {v}) end"
                ));
                self.line(&format!("show(#{t}, select('#', table.unpack({t})))"));
            }
            7 => {
                // A function later code may call.
                let f = self.fresh("f");
                let arity = self.range(0, 2);
                let params: Vec<String> = (0..arity).map(|_| self.fresh("p")).collect();
                self.line(&format!("local function {f}({})", params.join(", ")));
                self.indent += 1;
                self.scopes.push(params.clone());
                let n = self.range(0, 2);
                for _ in 0..n {
                    self.stat(depth - 1);
                }
                let r = self.expr(2);
                self.line(&format!("return {r}"));
                self.pop_scope();
                self.indent -= 1;
                self.line("end");
                self.declare(&f);
                let depth_now = self.scopes.len();
                self.funcs.push((f, arity, depth_now));
            }
            8 => {
                let which = self.range(0, self.funcs.len().max(1) - 1);
                if let Some((f, arity, _)) = self.funcs.get(which).cloned() {
                    let args: Vec<String> = (0..arity).map(|_| self.expr(1)).collect();
                    let mut call = format!("check({f}");
                    for a in args {
                        call.push_str(", ");
                        call.push_str(&a);
                    }
                    call.push(')');
                    self.line(&call);
                } else {
                    let e = self.expr(2);
                    self.line(&format!("check(function() return {e} end)"));
                }
            }
            9 => {
                let e = self.expr(3);
                self.line(&format!("check(function() return {e} end)"));
            }
            10 => {
                // Metatables with a range of metamethods.
                let m = self.fresh("m");
                let r1 = self.expr(1);
                let r2 = self.expr(1);
                self.line(&format!("local {m} = setmetatable({{}}, {{"));
                self.indent += 1;
                self.line(&format!("__add = function(a, b) return {r1} end,"));
                self.line("__index = function(t, k) return k end,");
                self.line("__call = function(self, x) return x end,");
                self.line(&format!("__concat = function(a, b) return {r2} end,"));
                self.line("__len = function() return 42 end,");
                self.line("__unm = function() return \"neg\" end,");
                self.line("__eq = function() return true end,");
                self.line("__lt = function(a, b) return false end,");
                self.line("__tostring = function() return \"obj\" end,");
                self.line("__name = \"Obj\",");
                self.indent -= 1;
                self.line("})");
                self.declare(&m);
                let x = self.expr(1);
                self.line(&format!(
                    "show({m} + 1, {m}.field, {m}({x}), #{m}, -{m}, tostring({m}))"
                ));
                self.line(&format!("show({m} == setmetatable({{}}, getmetatable({m})), {m} < {m}, {m} <= {m}, {m} .. \"s\")"));
            }
            11 => {
                // A coroutine resumed a bounded number of times.
                let co = self.fresh("co");
                let y = self.expr(1);
                self.line(&format!("local {co} = coroutine.wrap(function(a)"));
                self.indent += 1;
                self.line(&format!("local b = coroutine.yield(a, {y})"));
                self.line("local c = coroutine.yield(b)");
                self.line("return c, \"done\"");
                self.indent -= 1;
                self.line("end)");
                let a = self.expr(1);
                self.line(&format!("check({co}, {a})"));
                self.line(&format!("check({co}, 2)"));
                self.line(&format!("check({co}, 3)"));
                self.line(&format!("check({co}, 4)"));
            }
            12 => {
                // To-be-closed variables and goto.
                let n = self.range(1, 9);
                self.line("do");
                self.indent += 1;
                self.line(&format!(
                    "local c <close> = setmetatable({{}}, {{__close = function(_, e) show(\"closed {n}\", e) end}})"
                ));
                self.block(depth - 1);
                self.indent -= 1;
                self.line("end");
                let i = self.fresh("i");
                let label = self.fresh("continue");
                self.line(&format!("for {i} = 1, 3 do"));
                self.indent += 1;
                self.line(&format!("if {i} == 2 then goto {label} end"));
                self.line(&format!("show(\"iteration\", {i})"));
                self.line(&format!("::{label}::"));
                self.indent -= 1;
                self.line("end");
            }
            13 => {
                let e = self.expr(1);
                let level = self.range(0, 2);
                self.line(&format!("check(function() error({e}, {level}) end)"));
            }
            14 => {
                let s = self.pick(STRINGS);
                let x = self.expr(1);
                let calls = [
                    format!("string.format(\"%d|%5.2f|%s|%q\", 7, 3.14159, type({x}), {s})"),
                    format!("({s}):upper(), ({s}):len(), ({s}):rep(2, \",\")"),
                    format!("string.byte({s}, 1, -1)"),
                    format!("({s}):find(\"%a+\"), ({s}):match(\"(%w)(%w*)\")"),
                    format!("({s}):gsub(\"%w\", \"<%0>\")"),
                    format!("type({x}), tonumber({s}), math.type({x})"),
                    format!("select(\"#\", {x}, nil, {s}), select(-1, {x}, {s})"),
                    format!(
                        "math.floor(3.7), math.max(1, 2.5), math.fmod(7, 3), math.tointeger({x})"
                    ),
                    format!("utf8.char(72, 228, 8364), utf8.len({s})"),
                    format!("string.rep({s}, 3), ({s}):sub(2, -2), ({s}):reverse()"),
                ];
                let c = calls[self.range(0, calls.len() - 1)].clone();
                self.line(&format!("check(function() return {c} end)"));
            }
            15 => {
                // Weak table and finalizer outcomes that do not depend on timing.
                let w = self.fresh("w");
                self.line(&format!(
                    "local {w} = setmetatable({{}}, {{__mode = \"k\"}})"
                ));
                self.line(&format!("do local key = {{}} {w}[key] = 1 end"));
                self.line(&format!("local keep = {{}} {w}[keep] = 2"));
                self.line("collectgarbage()");
                self.line(&format!(
                    "local n = 0 for _ in pairs({w}) do n = n + 1 end show(\"weak\", n, {w}[keep])"
                ));
            }
            _ => {
                let t = self.fresh("t");
                let k = self.pick(&["x", "y", "name"]);
                let e = self.expr(2);
                self.line(&format!(
                    "local {t} = {{{k} = {e}, [1] = 1, [\"two\"] = 2}}"
                ));
                self.declare(&t);
                let e2 = self.expr(1);
                self.line(&format!("{t}.{k} = {e2}"));
                self.line(&format!(
                    "show({t}.{k}, {t}[1], {t}.two, rawget({t}, \"{k}\"))"
                ));
            }
        }
    }

    fn expr(&mut self, depth: usize) -> String {
        let choice = if depth == 0 {
            self.range(0, 3)
        } else {
            self.range(0, 9)
        };
        match choice {
            0 => self.pick(NUMBERS).to_string(),
            1 => self.pick(STRINGS).to_string(),
            2 => match self.var() {
                Some(v) => v,
                None => self.pick(NUMBERS).to_string(),
            },
            3 => self
                .pick(&["nil", "true", "false", "1", "0.25"])
                .to_string(),
            4..=6 => {
                let a = self.expr(depth - 1);
                let op = self.pick(BINOPS);
                let b = self.expr(depth - 1);
                format!("({a} {op} {b})")
            }
            7 => {
                let op = self.pick(UNOPS);
                let a = self.expr(depth - 1);
                format!("({op}{a})")
            }
            8 => {
                let a = self.expr(depth - 1);
                let b = self.expr(depth - 1);
                format!("{{{a}, {b}, k = {a}}}")
            }
            _ => {
                let a = self.expr(depth - 1);
                // Not tostring: it would print addresses of tables and functions.
                let f = self.pick(&["type", "tonumber", "math.abs", "math.floor", "math.type"]);
                format!("{f}({a})")
            }
        }
    }
}

// ------------------------------------------------------------------ hostile programs

/// Library functions a metatable may hold instead of a Lua function (issue 15: a library
/// function used as a metamethod, a callee or a message handler recurses through native
/// code, gets arguments no Lua caller would pass, or runs where it cannot yield).
const LIB_FUNCS: &[&str] = &[
    "tostring",
    "print",
    "pcall",
    "xpcall",
    "error",
    "rawget",
    "rawset",
    "rawequal",
    "rawlen",
    "pairs",
    "ipairs",
    "next",
    "select",
    "type",
    "assert",
    "tonumber",
    "setmetatable",
    "getmetatable",
    "string.rep",
    "string.format",
    "string.len",
    "string.sub",
    "string.char",
    "table.concat",
    "table.unpack",
    "table.insert",
    "table.remove",
    "table.pack",
    "coroutine.wrap",
    "coroutine.yield",
    "coroutine.resume",
    "coroutine.status",
    "coroutine.close",
    "coroutine.isyieldable",
    "coroutine.running",
    "math.max",
    "math.type",
    "utf8.char",
];

/// Values other than library functions a metamethod slot may hold.
const META_VALUES: &[&str] = &[
    "42",
    "\"str\"",
    "true",
    "{}",
    "setmetatable({}, {__call = print})",
    "function(...) return ... end",
    "function(a, b) return 1 end",
    "function() error(\"from meta\") end",
];

/// Finalizers that print nothing, whenever they run (collection timing differs between
/// engines): an error in a finalizer is a warning, and warnings are off.
const SILENT_GC: &[&str] = &[
    "error",
    "rawequal",
    "type",
    "select",
    "coroutine.yield",
    "assert",
    "rawlen",
    "next",
    "42",
];

const EVENTS: &[&str] = &[
    "__tostring",
    "__call",
    "__index",
    "__newindex",
    "__pairs",
    "__close",
    "__eq",
    "__lt",
    "__le",
    "__concat",
    "__len",
    "__unm",
    "__add",
    "__sub",
    "__mul",
    "__div",
    "__mod",
    "__pow",
    "__idiv",
    "__band",
    "__shl",
    "__bnot",
    "__name",
    "__metatable",
    "__gc",
];

/// Ways to use an object `o` (with a second one, `o2`, sharing its metatable): each is a
/// function body, run by `check`.
const META_USES: &[&str] = &[
    "return tostring(o)",
    "print(o) return 'printed'",
    "return string.format('%s|%s', o, 1)",
    "return #o",
    "return -o",
    "return ~o",
    "return o + 1",
    "return 2 * o",
    "return o // 0",
    "return 2 ^ o",
    "return o & 1",
    "return 1 << o",
    "return o .. 's'",
    "return 's' .. o .. 1",
    "return o == o2, o ~= o2",
    "return o < o2",
    "return o <= 1",
    "return 1 < o",
    "return o.k, o[1]",
    "return o(1, 2)",
    "return pcall(o, 1)",
    "return select('#', o(o))",
    "return next(o)",
    "return rawlen(o)",
    "return table.concat(o, ',')",
    "return table.unpack(o)",
    "table.insert(o, 'v') return rawlen(o)",
    "return table.remove(o)",
    "local n = 0 for k, v in pairs(o) do n = n + 1 if n > 5 then break end end return n",
    "local n = 0 for i, v in ipairs(o) do n = n + 1 if n > 5 then break end end return n",
    "o.k = 1 o[1] = nil return rawget(o, 'k'), rawget(o, 1)",
    "do local c <close> = o end return 'closed'",
    "local c <close> = o error('with close', 0)",
    "return coroutine.wrap(o)(1)",
    "return coroutine.resume(coroutine.create(o), o)",
    "return getmetatable(o) == getmetatable(o2), setmetatable(o, nil)",
    "return rawequal(o, o2), rawget(o, o)",
];

/// Arguments for library calls in hostile programs (`o` is an object with metamethods).
const LIB_ARGS: &[&str] = &[
    "o",
    "o2",
    "nil",
    "1",
    "-1",
    "\"x\"",
    "\"%s\"",
    "{}",
    "math.maxinteger",
    "math.mininteger",
    "1e308",
    "print",
    "error",
    "pcall",
    "tostring",
];

/// Repetition counts and integer arguments, from harmless to absurd.
const HUGE: &[&str] = &[
    "0",
    "1",
    "-1",
    "3",
    "0.5",
    "1e5",
    "1e6",
    "1e7",
    "1e8",
    "2^31",
    "2^32 + 1",
    "2^53",
    "2^63",
    "-2^63",
    "1e300",
    "math.maxinteger",
    "math.mininteger",
    "math.maxinteger - 1",
    "math.mininteger + 1",
    "math.maxinteger // 2",
    "-1e5",
];

/// Non-empty strings for repetition (lua5.4 loops forever on `string.rep("", n, "")`).
const REP_STRINGS: &[&str] = &["\"x\"", "\"ab\"", "\"a\\0b\"", "\"%d\"", "\"hello world\""];

impl Gen<'_, '_> {
    /// A library function, or now and then another value, for a metamethod slot.
    fn meta_value(&mut self) -> &'static str {
        if self.chance(75) {
            self.pick(LIB_FUNCS)
        } else {
            self.pick(META_VALUES)
        }
    }

    /// Objects whose metamethods are library functions (and other odd values), used the
    /// ways a program uses objects, plus library functions called through each other.
    fn lib_meta(&mut self) {
        let base = self.pick(&["{}", "{1, 2, 3}", "{k = 1}", "{}"]);
        let mut fields = Vec::new();
        for _ in 0..self.range(1, 3) {
            let ev = self.pick(EVENTS);
            let v = match ev {
                "__gc" => self.pick(SILENT_GC),
                "__name" => "\"Named\"",
                _ => self.meta_value(),
            };
            fields.push(format!("{ev} = {v}"));
        }
        self.line("check(function()");
        self.indent += 1;
        self.line(&format!("local mt = {{{}}}", fields.join(", ")));
        self.line(&format!(
            "local o, o2 = setmetatable({base}, mt), setmetatable({{}}, mt)"
        ));
        for _ in 0..self.range(1, 4) {
            if self.chance(70) {
                let body = self.pick(META_USES);
                self.line(&format!("check(function() {body} end)"));
            } else {
                // Library functions as callees, handlers and arguments of each other.
                let f = self.meta_value();
                let args: Vec<&str> = (0..self.range(0, 3)).map(|_| self.pick(LIB_ARGS)).collect();
                match self.range(0, 3) {
                    0 => {
                        let tail: String = args.iter().map(|a| format!(", {a}")).collect();
                        self.line(&format!("check({f}{tail})"))
                    }
                    1 => {
                        let h = self.meta_value();
                        let mut call = format!("show(xpcall({f}, {h}");
                        for a in &args {
                            call.push_str(", ");
                            call.push_str(a);
                        }
                        call.push_str("))");
                        self.line(&call);
                    }
                    2 => {
                        let g = self.meta_value();
                        let mut call = format!("check({f}, {g}");
                        for a in &args {
                            call.push_str(", ");
                            call.push_str(a);
                        }
                        call.push(')');
                        self.line(&call);
                    }
                    _ => self.line(&format!(
                        "check(function() return select('#', coroutine.wrap({f})({})) end)",
                        args.join(", ")
                    )),
                }
            }
        }
        self.indent -= 1;
        self.line("end)");
    }

    /// A `__close` handler: printing, erroring, yielding, catching, a library function or
    /// a value that cannot be called. `tag` names it in the output.
    fn close_handler(&mut self, tag: usize) -> String {
        match self.range(0, 11) {
            0 | 1 => format!("function(_, e) show(\"close {tag}\", e) end"),
            2 => format!("function(_, e) show(\"close {tag}\", e) error(\"close {tag} failed\", 0) end"),
            3 => "function() error({}) end".to_string(),
            4 => "function(_, e) error(e, 0) end".to_string(),
            5 => format!(
                "function(_, e) show(\"close {tag} yields\", coroutine.yield(\"y{tag}\", e)) end"
            ),
            6 => format!(
                "function(_, e) show(\"close {tag}\", pcall(error, e)) show(pcall(coroutine.yield, {tag})) end"
            ),
            7 => format!(
                "function(_, e) for i = 1, 2 do local inner <close> = setmetatable({{}}, {{__close = function() show(\"inner {tag}\", i) end}}) end show(\"close {tag}\", e) end"
            ),
            8 => format!(
                "function(_, e) local ok, m = pcall(function() local x <close> = setmetatable({{}}, {{__close = function() error(\"nested {tag}\", 0) end}}) error(e, 0) end) show(\"close {tag}\", ok, m) end"
            ),
            9 => self
                .pick(&[
                    "print",
                    "error",
                    "pcall",
                    "coroutine.yield",
                    "tostring",
                    "rawequal",
                    "select",
                    "coroutine.close",
                    "coroutine.wrap",
                ])
                .to_string(),
            10 => self.pick(&["42", "\"str\"", "{}", "true"]).to_string(),
            _ => format!("function(_, e) show(\"close {tag}\", e) return coroutine.isyieldable() end"),
        }
    }

    /// A to-be-closed value: usually an object with a `__close` handler, sometimes nil,
    /// false, or a value that cannot be closed.
    fn tbc_value(&mut self, tag: usize) -> String {
        match self.range(0, 9) {
            0 => self.pick(&["nil", "false", "{}", "42"]).to_string(),
            _ => {
                let h = self.close_handler(tag);
                format!("setmetatable({{}}, {{__close = {h}, __tostring = function() return \"tbc{tag}\" end}})")
            }
        }
    }

    /// The body of a block with to-be-closed variables, left normally or by an error, a
    /// return, a yield, `break` (`in_loop`) or `goto` to `label`.
    fn close_body(&mut self, in_loop: bool, in_co: bool, label: Option<&str>) {
        for _ in 0..self.range(1, 3) {
            let tag = self.range(1, 9);
            let v = self.tbc_value(tag);
            let name = self.fresh("c");
            self.line(&format!("local {name} <close> = {v}"));
            if in_co && self.chance(40) {
                self.line(&format!(
                    "show(\"resumed\", coroutine.yield(\"body {tag}\"))"
                ));
            }
        }
        let mut exits = vec![
            "",
            "error(\"body failed\", 0)",
            "error(setmetatable({}, {__tostring = function() return \"E\" end}))",
            "do return \"returned\", 2 end",
            "local z = nil + 1",
        ];
        if in_loop {
            exits.push("break");
        }
        if in_co {
            exits.push("coroutine.yield(\"last\")");
        }
        let goto_line;
        if let Some(l) = label {
            goto_line = format!("goto {l}");
            exits.push(&goto_line);
        }
        let e = self.pick(&exits);
        if !e.is_empty() {
            self.line(e);
        }
    }

    /// To-be-closed variables whose handlers error and yield, in plain blocks, loops,
    /// coroutines (resumed, wrapped, closed half-way), nested pcalls, xpcalls and generic
    /// `for` loops (their closing value).
    fn close_case(&mut self) {
        self.line("check(function()");
        self.indent += 1;
        match self.range(0, 6) {
            0 => {
                let label = self.fresh("out");
                self.line("do");
                self.indent += 1;
                self.close_body(false, false, Some(&label));
                self.indent -= 1;
                self.line("end");
                self.line(&format!("::{label}::"));
                self.line("return \"after\"");
            }
            1 => {
                let label = self.fresh("next");
                self.line("for i = 1, 2 do");
                self.indent += 1;
                self.line("show(\"iteration\", i)");
                self.line("do");
                self.indent += 1;
                self.close_body(true, false, Some(&label));
                self.indent -= 1;
                self.line("end");
                self.line(&format!("::{label}::"));
                self.indent -= 1;
                self.line("end");
                self.line("return \"after loop\"");
            }
            2 => {
                self.line("local co = coroutine.wrap(function(a)");
                self.indent += 1;
                self.close_body(false, true, None);
                self.line("return \"co done\"");
                self.indent -= 1;
                self.line("end)");
                self.line("for i = 1, 4 do show(pcall(co, i)) end");
            }
            3 => {
                self.line("local co = coroutine.create(function(a)");
                self.indent += 1;
                let in_loop = self.chance(30);
                if in_loop {
                    self.line("while true do");
                    self.indent += 1;
                }
                self.close_body(in_loop, true, None);
                if in_loop {
                    self.indent -= 1;
                    self.line("end");
                }
                self.line("return \"co done\"");
                self.indent -= 1;
                self.line("end)");
                let resumes = self.range(0, 3);
                for i in 0..resumes {
                    self.line(&format!("show(coroutine.resume(co, {i}))"));
                }
                self.line("show(coroutine.status(co), coroutine.close(co))");
                self.line("show(coroutine.status(co), coroutine.resume(co))");
            }
            4 => {
                let h = self.pick(&[
                    "function(m) return \"handled\", m end",
                    "tostring",
                    "print",
                    "error",
                    "function(m) error(\"in handler\", 0) end",
                    "coroutine.yield",
                ]);
                self.line("show(xpcall(function()");
                self.indent += 1;
                self.close_body(false, false, None);
                self.indent -= 1;
                self.line(&format!("end, {h}))"));
                self.line("show(pcall(function()");
                self.indent += 1;
                self.close_body(false, false, None);
                self.indent -= 1;
                self.line("end))");
            }
            5 => {
                let tag = self.range(1, 9);
                let v = self.tbc_value(tag);
                let items = self.pick(&["{1, 2, 3}", "{}", "{\"a\"}"]);
                let stop = self.pick(&["break", "error(\"in loop\", 0)", "return \"left\"", ""]);
                self.line(&format!("for k, v in next, {items}, nil, {v} do"));
                self.indent += 1;
                self.line("show(\"for\", k, v)");
                if !stop.is_empty() {
                    self.line(&format!("if k == 2 then {stop} end"));
                }
                self.indent -= 1;
                self.line("end");
                self.line("return \"after for\"");
            }
            _ => {
                // A coroutine closing another from inside a __close handler, and a wrapped
                // generator that yields from a for-in loop's closing value.
                self.line("local inner = coroutine.create(function()");
                self.indent += 1;
                self.close_body(false, true, None);
                self.indent -= 1;
                self.line("end)");
                self.line("show(coroutine.resume(inner))");
                self.line("local c <close> = setmetatable({}, {__close = function() show(\"outer closes\", coroutine.close(inner)) end})");
                self.line("local gen = coroutine.wrap(function()");
                self.indent += 1;
                let tag = self.range(1, 9);
                let v = self.tbc_value(tag);
                self.line(&format!(
                    "for k in next, {{1, 2}}, nil, {v} do coroutine.yield(k) end"
                ));
                self.indent -= 1;
                self.line("end)");
                self.line("show(pcall(gen)) show(pcall(gen)) show(pcall(gen))");
            }
        }
        self.indent -= 1;
        self.line("end)");
    }

    /// Library calls with repetition counts and integer arguments from harmless to absurd:
    /// the engines must finish, raise a Lua error, or hit their work or memory limit.
    fn huge(&mut self) {
        let h = self.pick(HUGE);
        let h2 = self.pick(HUGE);
        let h3 = self.pick(HUGE);
        let s = self.pick(REP_STRINGS);
        let sep = self.pick(&["\"\"", "\",\"", "\"--\""]);
        let small = self.pick(&["0", "1", "3", "10", "100", "1000", "100000"]);
        let k = self.pick(&["1", "3", "10", "20", "25", "30", "40", "64"]);
        let body = match self.range(0, 27) {
            0 => format!("return #string.rep({s}, {h})"),
            1 => format!("return #string.rep({s}, {h}, {sep})"),
            2 => format!("return #({s}):rep({h})"),
            3 => format!(
                "local t = {{}} for i = 1, {small} do t[i] = {s} end return #table.concat(t, {sep}), #table.concat(t, {sep}, {h}, {h2})"
            ),
            4 => format!(
                "local t = {{1, 2, 3}} return select('#', table.unpack(t, {h}, {h2}))"
            ),
            5 => format!("return select({h}, 1, 2, 3)"),
            6 => format!("return select('#', select({h}, table.unpack({{}}, 1, {small})))"),
            7 => format!(
                "local t = {{1, 2, 3}} local r = table.move(t, {h}, {h2}, {h3}) return #r, r[1], r[{h3}]"
            ),
            8 => format!("return table.move({{1, 2, 3}}, 1, 3, {h}, {{}})[{h}]"),
            9 => {
                let spec = self.pick(&[
                    "%099d", "%99.99f", "%-99s", "%.99f", "%100d", "%0100d", "%5.3s", "%a", "%q",
                    "%x", "%g", "%.14g", "%i", "%c", "%10.3q",
                ]);
                format!("return string.format(\"{spec}\", {h})")
            }
            10 => format!(
                "local s = {s} for i = 1, {k} do s = s .. s end return #s"
            ),
            11 => format!(
                "local s = {s} for i = 1, {k} do s = s .. {sep} .. s end return #s, #(s .. s)"
            ),
            12 => {
                let pat = self.pick(&["a*", "a-", ".-", "%a*", "(a*)", "[a]*", "a?"]);
                format!(
                    "return (\"a\"):rep({small}):find(({pat:?}):rep({k}) .. \"b\")"
                )
            }
            13 => {
                let pat = self.pick(&["a*", ".-", "(a*)", "%w*"]);
                format!(
                    "return (\"a\"):rep({small}):gsub(({pat:?}):rep({k}) .. \"b\", \"x\")"
                )
            }
            14 => format!(
                "local n = 0 for w in (\"ab\"):rep({small}):gmatch(\"(a*).-b\") do n = n + 1 end return n"
            ),
            15 => format!(
                "local t = {{1, 2, 3}} table.insert(t, {h}, \"v\") return #t, t[{h}]"
            ),
            16 => format!("local t = {{1, 2, 3}} return table.remove(t, {h}), #t"),
            17 => format!("return string.sub({s}, {h}, {h2}), string.byte({s}, {h}, {h2})"),
            18 => format!(
                "return utf8.codepoint({s}, {h}, {h2}), utf8.offset({s}, {h}, {h2}), utf8.len({s}, {h}, {h2})"
            ),
            19 => format!("return utf8.char({h}), string.char({h} % 256)"),
            20 => format!(
                "return math.tointeger({h}), math.abs({h}), math.fmod({h}, {h2}), {h} // {h2}, {h} % {h2}"
            ),
            21 => format!(
                "return math.ult({h}, {h2}), {h} << {h2}, {h} >> 1, math.floor({h}), math.ceil({h2}), tostring({h})"
            ),
            22 => format!(
                "local n = 0 for i = {h}, {h2}, {h3} do n = n + 1 if n > 3 then break end end return n"
            ),
            23 => {
                let fmt = self.pick(&["i16", "i1", "j", "I3", "s1", "z", "i8i8", "!16i4"]);
                format!("return string.unpack(\"{fmt}\", string.pack(\"{fmt}\", {h}))")
            }
            24 => format!(
                "return select('#', coroutine.wrap(select)({h}, 1, 2)), math.max({h}, {h2}), ({s}):rep(2, {sep})"
            ),
            25 => format!(
                "local t = setmetatable({{}}, {{__index = function(_, i) return {s} end, __len = function() return {h} end}}) return #table.concat(t, {sep}, 1, {small})"
            ),
            26 => format!(
                "local t = {{}} t[{h}] = 1 t[{h2}] = 2 return #t >= 0, t[{h}], next({{}}, nil), rawlen({{n = {h}}})"
            ),
            _ => format!(
                "local t = {{}} for i = 1, {small} do t[#t + 1] = i end return #t, select('#', table.unpack(t))"
            ),
        };
        self.line(&format!("check(function() {body} end)"));
    }
}

/// What the `differential` fuzz target runs: the first byte chooses between [`generate`]
/// (0 mod 4), [`generate_hostile`] (odd) and [`generate_wide`] (2 mod 4), the rest steers
/// the generator.
pub fn generate_any(data: &[u8]) -> String {
    match data.split_first() {
        Some((b, rest)) if b & 1 == 1 => generate_hostile(rest),
        Some((b, rest)) if b & 3 == 2 => generate_wide(rest),
        Some((_, rest)) => generate(rest),
        None => generate(data),
    }
}

/// Builds a program of the kinds above only: library functions as metamethods, callees and
/// handlers; to-be-closed variables whose handlers error and yield; huge repetition counts
/// and integer edges. The `differential` fuzz target runs them half the time
/// ([`generate_any`]); the seeded tests run a fixed number so every `cargo test` does too.
pub fn generate_hostile(data: &[u8]) -> String {
    let mut u = Unstructured::new(data);
    let mut g = Gen::new(&mut u, PRELUDE);
    for _ in 0..g.range(1, 8) {
        match g.range(0, 2) {
            0 => g.lib_meta(),
            1 => g.close_case(),
            _ => g.huge(),
        }
    }
    g.out
}

// ------------------------------------------------------------------ GC programs

/// Definitions every GC program starts with. Automatic collection is stopped, so objects
/// die only at the program's explicit full `collectgarbage()` calls and what a weak table
/// holds or which finalizers have run is the same on every correct Lua 5.4 at every point.
/// Objects live in the root table `R` (dropping one is `R[i] = nil`, so no dead register
/// can keep it alive), weak tables in `W`; finalizers print, and resurrecting ones store
/// their object in `SAVED`. `dump` shows a table's entries sorted, objects by their `id`.
pub const GC_PRELUDE: &str = r##"collectgarbage("stop")
local R, W, SAVED = {}, {}, {}
local function desc(v)
  if type(v) == "table" then return "#" .. tostring(rawget(v, "id")) end
  return type(v) == "string" and v or tostring(v)
end
local function dump(t)
  local out = {}
  for k, v in pairs(t) do out[#out + 1] = desc(k) .. "=" .. desc(v) end
  table.sort(out)
  return "{" .. table.concat(out, " ") .. "}"
end
local function fin(o) print("gc", o.id) end
local function phoenix(o) print("gc saves", o.id) SAVED[#SAVED + 1] = o end
"##;

/// Root slots and weak-table slots a GC program uses.
const GC_ROOTS: usize = 8;
const GC_TABLES: usize = 4;

/// Builds a program about weak tables, ephemerons, finalizers and full collections from
/// `data`. Its output (and the finalizers' output when the state closes) is deterministic.
pub fn generate_gc(data: &[u8]) -> String {
    let mut u = Unstructured::new(data);
    let mut g = Gen::new(&mut u, GC_PRELUDE);
    // Start with a few weak tables so entries have somewhere to go.
    for j in 1..=g.range(1, GC_TABLES) {
        let mode = g.pick(&["k", "v", "kv", "k", "v"]);
        g.line(&format!(
            "W[{j}] = setmetatable({{}}, {{__mode = \"{mode}\"}})"
        ));
    }
    let n = g.range(4, 40);
    for _ in 0..n {
        g.gc_stat();
    }
    g.line("collectgarbage()");
    g.line(&format!(
        "for j = 1, {GC_TABLES} do print(\"W\" .. j, W[j] and dump(W[j])) end"
    ));
    g.line("print(\"saved\", dump(SAVED))");
    g.out
}

impl Gen<'_, '_> {
    fn root(&mut self) -> usize {
        self.range(1, GC_ROOTS)
    }

    fn table_slot(&mut self) -> usize {
        self.range(1, GC_TABLES)
    }

    /// A new object (a table with a fresh `id`), maybe registered for finalization.
    fn gc_object(&mut self) -> String {
        self.next_id += 1;
        let id = self.next_id;
        match self.range(0, 5) {
            0 | 1 => format!("{{id = {id}}}"),
            2 => format!("setmetatable({{id = {id}}}, {{__gc = fin}})"),
            3 => format!("setmetatable({{id = {id}}}, {{__gc = phoenix}})"),
            4 => {
                self.next_id += 1;
                let child = self.next_id;
                format!("setmetatable({{id = {id}, child = {{id = {child}}}}}, {{__gc = fin}})")
            }
            _ => {
                self.next_id += 1;
                let child = self.next_id;
                format!("{{id = {id}, child = {{id = {child}}}}}")
            }
        }
    }

    /// A value to store in a weak table, given the key expression `k` (ephemeron values
    /// may refer back to it).
    fn gc_value(&mut self, k: &str) -> String {
        match self.range(0, 7) {
            0 | 1 => format!("R[{}]", self.root()),
            2 => {
                self.next_id += 1;
                format!("{{id = {}}}", self.next_id)
            }
            3 => {
                self.next_id += 1;
                format!("{{id = {}, ref = {k}}}", self.next_id)
            }
            4 => format!("\"s{}\"", self.range(0, 9)),
            5 => self.pick(&["true", "1", "2.5"]).to_string(),
            6 => format!("W[{}]", self.table_slot()),
            _ => self.gc_object(),
        }
    }

    fn gc_stat(&mut self) {
        match self.range(0, 15) {
            0 | 1 => {
                let i = self.root();
                let o = self.gc_object();
                self.line(&format!("R[{i}] = {o}"));
            }
            2 | 3 => {
                // An entry keyed by a root object (if that slot holds one).
                let (j, i) = (self.table_slot(), self.root());
                let v = self.gc_value("k");
                self.line(&format!(
                    "do local k = R[{i}] if W[{j}] and k then W[{j}][k] = {v} end end"
                ));
            }
            4 => {
                // An entry keyed by a value that is never collected, or by a child object.
                let j = self.table_slot();
                let k = match self.range(0, 2) {
                    0 => format!("\"key{}\"", self.range(0, 5)),
                    1 => format!("{}", self.range(1, 5)),
                    _ => format!("(R[{}] or {{}}).child or 0", self.root()),
                };
                let v = self.gc_value("nil");
                self.line(&format!(
                    "do local k = {k} if W[{j}] then W[{j}][k] = {v} end end"
                ));
            }
            5 | 6 => {
                let i = self.root();
                self.line(&format!("R[{i}] = nil"));
            }
            7 | 8 => {
                let call = self.pick(&["collectgarbage()", "collectgarbage(\"collect\")"]);
                self.line(call);
            }
            9 => {
                let j = self.table_slot();
                self.line(&format!("print(\"W{j}\", W[{j}] and dump(W[{j}]))"));
            }
            10 => self.line("print(\"saved\", dump(SAVED))"),
            11 => {
                // A new weak (or, as a control, strong) table in a slot.
                let j = self.table_slot();
                let mode = self.pick(&["k", "v", "kv", ""]);
                if mode.is_empty() {
                    self.line(&format!("W[{j}] = {{}}"));
                } else {
                    self.line(&format!(
                        "W[{j}] = setmetatable({{}}, {{__mode = \"{mode}\"}})"
                    ));
                }
            }
            12 => {
                // A finalizer added to the metatable after setmetatable: never registered.
                self.next_id += 1;
                let (i, id) = (self.root(), self.next_id);
                self.line(&format!(
                    "do local mt = {{}} R[{i}] = setmetatable({{id = {id}}}, mt) mt.__gc = fin end"
                ));
            }
            13 => {
                let mode = self.pick(&["incremental", "generational"]);
                self.line(&format!("print(\"mode\", collectgarbage(\"{mode}\"))"));
            }
            14 => {
                // Forget the resurrected objects (their finalizers do not run again).
                self.line("for k in pairs(SAVED) do SAVED[k] = nil end");
            }
            _ => {
                // An ephemeron chain: each key's value is the next key.
                let j = self.table_slot();
                let (i1, i2) = (self.root(), self.root());
                self.line(&format!(
                    "do local a, b = R[{i1}], R[{i2}] if W[{j}] and a and b then W[{j}][a] = b W[{j}][b] = {{id = 0, ref = a}} end end"
                ));
            }
        }
    }
}

// ------------------------------------------------------------------ damaged prototypes

/// Damages one function of a compiled prototype tree, steered by `u`: an instruction (its
/// opcode, one operand, a flipped bit, or the whole word), the order or number of
/// instructions, the function's sizes and flags, an upvalue descriptor or a constant. Much
/// of what comes out still passes `compiler::verify` and runs, which exercises the VM and
/// the verifier on code the compiler never emits (the `bytecode_load` fuzz target and
/// tests/binary_chunks.rs use it).
pub fn mutate_proto(
    u: &mut Unstructured,
    p: &mut moonlab::compiler::proto::Proto,
) -> arbitrary::Result<()> {
    use moonlab::compiler::opcode::*;
    use moonlab::compiler::proto::Constant;
    if !p.protos.is_empty() && u.ratio(1, 3)? {
        let i = u.choose_index(p.protos.len())?;
        let mut child = (*p.protos[i]).clone();
        mutate_proto(u, &mut child)?;
        p.protos[i] = std::rc::Rc::new(child);
        return Ok(());
    }
    let n = p.code.len();
    let nudge = |u: &mut Unstructured, x: u32, max: u32| -> arbitrary::Result<u32> {
        let d: i64 = u.int_in_range(-2..=2)?;
        Ok((x as i64 + d).clamp(0, max as i64) as u32)
    };
    match u.int_in_range(0..=11u8)? {
        0..=6 if n > 0 => {
            let pc = u.choose_index(n)?;
            let mut i = p.code[pc];
            match u.int_in_range(0..=8u8)? {
                0 => set_op(&mut i, *u.choose(ALL_OPCODES)?),
                1 => {
                    let a = nudge(u, arg_a(i), MAXARG_A)?;
                    set_a(&mut i, a)
                }
                2 => {
                    let b = nudge(u, arg_b(i), MAXARG_B)?;
                    set_b(&mut i, b)
                }
                3 => {
                    let c = nudge(u, arg_c(i), MAXARG_C)?;
                    set_c(&mut i, c)
                }
                4 => {
                    let k = !arg_k(i);
                    set_k(&mut i, k)
                }
                5 => {
                    let bx = nudge(u, arg_bx(i), MAXARG_BX)?;
                    set_bx(&mut i, bx)
                }
                6 => i ^= 1 << u.int_in_range(0..=31u32)?,
                7 => i = u.arbitrary()?,
                _ => {
                    let other = u.choose_index(n)?;
                    p.code.swap(pc, other);
                    return Ok(());
                }
            }
            p.code[pc] = i;
        }
        7 if n > 1 => {
            let pc = u.choose_index(n)?;
            if u.arbitrary()? {
                p.code.remove(pc);
                if !p.lines.is_empty() {
                    p.lines.remove(pc);
                }
            } else {
                p.code.insert(pc, p.code[pc]);
                if !p.lines.is_empty() {
                    p.lines.insert(pc, p.lines[pc]);
                }
            }
        }
        8 => match u.int_in_range(0..=2u8)? {
            0 => p.max_stack = nudge(u, p.max_stack as u32, 255)? as u8,
            1 => p.num_params = nudge(u, p.num_params as u32, 255)? as u8,
            _ => p.is_vararg = !p.is_vararg,
        },
        9 if !p.upvalues.is_empty() => {
            let d = u.choose_index(p.upvalues.len())?;
            let up = &mut p.upvalues[d];
            if u.arbitrary()? {
                up.in_stack = !up.in_stack;
            } else {
                up.index = nudge(u, up.index as u32, 255)? as u8;
            }
        }
        10 if !p.constants.is_empty() => {
            let k = u.choose_index(p.constants.len())?;
            p.constants[k] = match u.int_in_range(0..=5u8)? {
                0 => Constant::Nil,
                1 => Constant::Bool(u.arbitrary()?),
                2 => Constant::Int(u.arbitrary()?),
                3 => Constant::Float(u.arbitrary()?),
                4 => Constant::Str(vec![b'k'; u.int_in_range(0..=48)?].into()),
                _ => Constant::Str(u.arbitrary::<Vec<u8>>()?.into()),
            };
        }
        _ => {
            // Lose the debug information, as a stripped chunk does.
            p.lines.clear();
            p.locals.clear();
        }
    }
    Ok(())
}

/// The structural input of the `bytecode_load` fuzz target (the bytes after its `S`):
/// they steer [`generate`] to a program, which is compiled and then damaged by
/// [`mutate_proto`] one to six times. Returns the program, the damaged prototype and
/// whether to strip its dump; `None` when the program does not compile.
pub fn structural_chunk(data: &[u8]) -> Option<(String, moonlab::compiler::proto::Proto, bool)> {
    let mut u = Unstructured::new(data);
    let len = u.int_in_range(0..=data.len().min(1024)).ok()?;
    let src = generate(u.bytes(len).ok()?);
    let arena = bumpalo::Bump::new();
    let chunk = moonlab::syntax::parse(&arena, src.as_bytes(), b"@prog.lua").ok()?;
    let proto = moonlab::compiler::compile(&chunk).ok()?;
    let mut p = (*proto).clone();
    for _ in 0..u.int_in_range(1..=6).unwrap_or(1) {
        if mutate_proto(&mut u, &mut p).is_err() {
            break;
        }
    }
    let strip = u.arbitrary().unwrap_or(false);
    Some((src, p, strip))
}
