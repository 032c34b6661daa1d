//! Wide programs (issue 17, "Reach"): the constructs the corpus coverage table showed thin,
//! each in a `check` block of its own: `string.pack`/`unpack`/`packsize` with every kind of
//! format item, `string.format` with every conversion and flag, `goto` in nested loops
//! (and the compile errors of bad gotos), the whole set of metamethods with operands on
//! either side, coroutines that yield inside metamethods (and across C boundaries, an error),
//! `<close>` and `<const>` variables, integer/float edge values through every operator,
//! error objects that are not strings, text through `gmatch` and `utf8`, and the library
//! functions whose results can be fixed (seeded `math.random`, `io.tmpfile`, `os.date` in
//! UTC, `debug.getinfo`, `require` of a preload entry). Like [`super::generate`], everything
//! printed is fixed by the manual or by lua5.4 (no addresses, no `pairs` order).

use super::{Gen, PRELUDE};
use arbitrary::Unstructured;

/// Integer and float values at the edges: wrap-around, exact and inexact conversions,
/// signed zeros, infinities, and strings that convert.
const EDGES: &[&str] = &[
    "0",
    "1",
    "-1",
    "3",
    "-3",
    "3.0",
    "-3.5",
    "0.1",
    "-0.0",
    "0.0",
    "255",
    "-129",
    "2^53",
    "2^63",
    "-2^63",
    "1e308",
    "1/0",
    "-1/0",
    "math.maxinteger",
    "math.mininteger",
    "math.maxinteger - 1",
    "0x7fffffffffffffff",
    "0xffffffffffffffff",
    "\"10\"",
    "\"0x10\"",
    "\" 1e1 \"",
    "\"3.0\"",
];

const ARITH: &[&str] = &[
    "+", "-", "*", "/", "//", "%", "^", "&", "|", "~", "<<", ">>", "==", "<", "<=", "..",
];

/// `string.pack` items with a value each fits (or does not: overflow is an error).
const PACK_ITEMS: &[(&str, &[&str])] = &[
    ("b", &["0", "127", "-128", "128", "-129"]),
    ("B", &["0", "255", "256", "-1"]),
    ("h", &["-32768", "32767", "40000"]),
    ("H", &["65535", "0", "3.0"]),
    ("i3", &["8388607", "-8388608", "8388608"]),
    ("I3", &["16777215", "16777216"]),
    ("i4", &["0x7fffffff", "-0x80000000", "0x80000000"]),
    ("i8", &["math.maxinteger", "math.mininteger"]),
    ("i16", &["-1", "math.mininteger", "1"]),
    ("I16", &["1", "-1"]),
    ("j", &["math.mininteger", "42", "\"12\"", "3.5"]),
    ("J", &["-1", "0"]),
    ("T", &["10"]),
    ("l", &["-7"]),
    ("f", &["0.5", "-0.0", "1/0"]),
    ("d", &["0.1", "1e308", "-1/0"]),
    ("n", &["2^53", "-3.25", "1"]),
    ("s1", &["\"abc\"", "(\"x\"):rep(255)", "(\"x\"):rep(256)"]),
    ("s2", &["\"\"", "\"a\\0b\""]),
    ("z", &["\"zero\"", "\"a\\0b\""]),
    ("c3", &["\"abc\"", "\"ab\"", "\"abcd\""]),
    ("x", &[]),
    ("Xi4", &[]),
];

const PACK_PREFIXES: &[&str] = &["", "<", ">", "=", "!", "!4", "<!8", ">!2", " "];

/// `string.format` conversions with the arguments worth giving each.
const FORMATS: &[(&str, &[&str])] = &[
    (
        "%d",
        &[
            "42",
            "-0",
            "3.0",
            "3.5",
            "math.mininteger",
            "\"7\"",
            "\"x\"",
        ],
    ),
    ("%5d", &["42", "-42"]),
    ("%-5d|", &["42"]),
    ("%05d", &["-42"]),
    ("%+d", &["0", "5"]),
    ("% d", &["5"]),
    ("%i", &["2^53"]),
    ("%x", &["255", "-1", "math.mininteger"]),
    ("%#X", &["255"]),
    ("%#o", &["8"]),
    ("%c", &["65", "0", "255"]),
    ("%u", &["1"]),
    ("%f", &["1/3", "1e15", "-0.0", "1/0", "-1/0", "2^63"]),
    ("%.3f", &["2.0005", "1", "\"1.5\""]),
    ("%10.2f|", &["-3.14159"]),
    ("%-8.1f|", &["2.25"]),
    ("%e", &["0", "12345.678", "1e-310"]),
    ("%.0e", &["5e10"]),
    ("%+.1E", &["-1e100"]),
    ("%g", &["1e20", "0.0001", "1e-5", "100", "2^53", "1/0"]),
    ("%.3g", &["3.14159", "1234567"]),
    ("%G", &["1e-10"]),
    ("%a", &["1", "0.5", "-0.0"]),
    ("%A", &["255.5"]),
    (
        "%s",
        &[
            "nil",
            "true",
            "1.0",
            "-0.0",
            "math.mininteger",
            "2^63",
            "\"s\"",
        ],
    ),
    ("%10s|", &["\"right\""]),
    ("%-10s|", &["\"left\""]),
    ("%.2s", &["\"truncated\""]),
    ("%5.1s|", &["\"ab\""]),
    (
        "%q",
        &[
            "\"a\\nb\\0c\\\"d\\\\\"",
            "\"\\r\\t\\200\"",
            "1/0",
            "-1/0",
            "math.mininteger",
            "math.maxinteger",
            "0.1",
            "-0.0",
            "2^63",
            "1",
            "nil",
            "true",
            "{}",
        ],
    ),
    ("%%", &[]),
    ("%5%", &[]),
    ("%10.100f", &["1"]),
    ("%-+ #0d", &["1"]),
    ("%", &[]),
    ("%z", &["1"]),
];

/// Error values of every type, for `error` and for what handlers return.
const ERROR_VALUES: &[&str] = &[
    "nil",
    "42",
    "4.5",
    "-0.0",
    "true",
    "false",
    "{}",
    "{code = 7}",
    "setmetatable({}, {__tostring = function() return \"custom\" end})",
    "setmetatable({}, {__tostring = function() return 42 end})",
    "print",
    "coroutine.create(print)",
    "\"plain\"",
];

impl Gen<'_, '_> {
    fn open_check(&mut self) {
        self.line("check(function()");
        self.indent += 1;
    }

    fn close_check(&mut self) {
        self.indent -= 1;
        self.line("end)");
    }

    /// `string.pack` with one to three items, its bytes, `unpack` (from the start or a
    /// position) and `packsize`.
    fn wide_pack(&mut self) {
        let mut fmt = String::from(self.pick(PACK_PREFIXES));
        let mut vals = Vec::new();
        for _ in 0..self.range(1, 3) {
            let (item, values) = PACK_ITEMS[self.range(0, PACK_ITEMS.len() - 1)];
            fmt.push_str(item);
            if self.chance(30) {
                fmt.push(' ');
            }
            if !values.is_empty() {
                vals.push(self.pick(values).to_string());
            }
        }
        self.open_check();
        let args: String = vals.iter().map(|v| format!(", {v}")).collect();
        self.line(&format!("local s = string.pack({fmt:?}{args})"));
        self.line("show(#s, string.byte(s, 1, -1))");
        self.line(&format!("show(pcall(string.packsize, {fmt:?}))"));
        let pos = self.pick(&["", ", 1", ", 2", ", -1", ", #s + 1", ", #s + 2", ", 0"]);
        self.line(&format!("return string.unpack({fmt:?}, s{pos})"));
        self.close_check();
    }

    /// `string.format` with one to three conversions and their arguments.
    fn wide_format(&mut self) {
        let mut fmt = String::new();
        let mut args = Vec::new();
        for _ in 0..self.range(1, 3) {
            let (spec, values) = FORMATS[self.range(0, FORMATS.len() - 1)];
            fmt.push_str(spec);
            fmt.push(' ');
            if !values.is_empty() {
                args.push(self.pick(values).to_string());
            }
        }
        if self.chance(10) && !args.is_empty() {
            args.pop(); // a missing argument: "bad argument #n to 'format' (no value)"
        }
        let args: String = args.iter().map(|v| format!(", {v}")).collect();
        self.open_check();
        if self.chance(20) {
            // Through a __tostring and __name, as %s converts.
            self.line("local o = setmetatable({}, {__tostring = function() return \"OBJ\" end})");
            self.line(&format!(
                "return string.format(\"%s|%-5s|%.1s\", o, o, o), string.format({fmt:?}{args})"
            ));
        } else {
            self.line(&format!("return string.format({fmt:?}{args})"));
        }
        self.close_check();
    }

    /// `goto` out of and within nested loops (continue, break-out-of-two, backwards),
    /// closures capturing a loop variable left by `goto`, and gotos the compiler rejects.
    fn wide_goto(&mut self) {
        let x = self.range(1, 4);
        let y = self.range(1, 9);
        self.open_check();
        match self.range(0, 4) {
            0 => {
                let (inner, outer) = (self.fresh("next_j"), self.fresh("next_i"));
                let done = self.fresh("done");
                self.line("local out, fs = {}, {}");
                self.line("for i = 1, 3 do");
                self.line("  for j = 1, 3 do");
                self.line(&format!("    if j == {x} then goto {outer} end"));
                self.line(&format!("    if i * j == {y} then goto {done} end"));
                self.line(&format!("    if (i + j) % 2 == 0 then goto {inner} end"));
                self.line("    out[#out + 1] = i .. \":\" .. j");
                self.line("    fs[#fs + 1] = function() return i * 10 + j end");
                self.line(&format!("    ::{inner}::"));
                self.line("  end");
                self.line(&format!("  ::{outer}::"));
                self.line("end");
                self.line(&format!("::{done}::"));
                self.line("local sum = 0 for _, f in ipairs(fs) do sum = sum + f() end");
                self.line("return table.concat(out, \" \"), sum");
            }
            1 => {
                let top = self.fresh("top");
                self.line("local n, log = 0, {}");
                self.line(&format!("::{top}::"));
                self.line("n = n + 1");
                self.line("local k = 0");
                self.line("while true do");
                self.line("  k = k + 1");
                self.line(&format!("  if k > {x} then break end"));
                self.line("  repeat");
                self.line("    local m = k * n");
                self.line(&format!("    if m % {x} == 0 then goto skip end"));
                self.line("    log[#log + 1] = m");
                self.line("    ::skip::");
                self.line("  until true");
                self.line("end");
                self.line(&format!("if n < 3 then goto {top} end"));
                self.line("return n, table.concat(log, \",\")");
            }
            2 => {
                // A goto leaving blocks with upvalues and to-be-closed variables.
                let out = self.fresh("out");
                self.line("local fs = {}");
                self.line("for i = 1, 4 do");
                self.line("  local j = i * 2");
                self.line("  do");
                self.line("    local c <close> = setmetatable({}, {__close = function() show(\"close\", i) end})");
                self.line("    fs[#fs + 1] = function() j = j + 1 return j end");
                self.line(&format!("    if i == {x} then goto {out} end"));
                self.line("  end");
                self.line("end");
                self.line(&format!("::{out}::"));
                self.line("local r = {} for k, f in ipairs(fs) do r[k] = f() + f() end");
                self.line("return table.unpack(r)");
            }
            3 => {
                let bad = self.pick(&[
                    "goto nowhere",
                    "do goto x end local a ::x:: print(a)",
                    "::a:: ::a::",
                    "for i = 1, 2 do ::l:: end ::l:: goto l",
                    "repeat goto cont local z = 1 ::cont:: until z",
                    "while true do break end break",
                    "local x <const> = 1 x = 2",
                    "local x <close> = nil local y <foo> = 1",
                    "goto continue; local a; ::continue:: ; ;",
                    "do ::x:: end goto x",
                ]);
                self.line(&format!("return load({bad:?}, \"=bad\")"));
            }
            _ => {
                // Nested numeric and generic loops with the same label name in each.
                self.line("local acc = {}");
                self.line("for i = 1, 3 do");
                self.line("  for _, v in ipairs({10, 20, 30}) do");
                self.line(&format!("    if v // 10 == {x} then goto continue end"));
                self.line("    for k = i, 1, -1 do");
                self.line(&format!("      if k == {y} then goto continue end"));
                self.line("      acc[#acc + 1] = v + k");
                self.line("      ::continue::");
                self.line("    end");
                self.line("    ::continue::");
                self.line("  end");
                self.line("end");
                self.line("return #acc, table.concat(acc, \" \")");
            }
        }
        self.close_check();
    }

    /// Every metamethod, operands on either side, `__index`/`__newindex` chains, `__name`
    /// in messages, protected metatables and `__tostring` that does not return a string.
    fn wide_meta(&mut self) {
        self.open_check();
        self.line("local log = {}");
        self.line("local function ev(name) return function(a, b) log[#log + 1] = name return name end end");
        self.line("local mt = {__name = \"Thing\"}");
        for _ in 0..self.range(2, 8) {
            let e = self.pick(&[
                "__add", "__sub", "__mul", "__div", "__mod", "__pow", "__unm", "__idiv", "__band",
                "__bor", "__bxor", "__shl", "__shr", "__bnot", "__concat", "__len", "__eq", "__lt",
                "__le", "__call",
            ]);
            self.line(&format!("mt.{e} = ev(\"{e}\")"));
        }
        match self.range(0, 2) {
            0 => self.line("mt.__index = setmetatable({inherited = 1}, {__index = function(t, k) return k .. \"!\" end})"),
            1 => self.line("mt.__index = function(t, k) return type(k) end"),
            _ => {}
        }
        if self.chance(50) {
            self.line("local store = {} mt.__newindex = store");
        }
        if self.chance(20) {
            self.line("mt.__metatable = \"locked\"");
        }
        self.line("local a, b = setmetatable({}, mt), setmetatable({}, mt)");
        for _ in 0..self.range(2, 5) {
            let use_ = match self.range(0, 9) {
                0 | 1 => {
                    let op = self.pick(ARITH);
                    let x = self.pick(&["a", "1", "2.5", "\"s\"", "b", "nil", "{}"]);
                    let y = self.pick(&["a", "b", "3", "\"10\""]);
                    if self.chance(50) {
                        format!("return a {op} {x}")
                    } else {
                        format!("return {x} {op} {y}")
                    }
                }
                2 => "return -a, ~a, #a".to_string(),
                3 => "return a == b, a ~= b, a == a, rawequal(a, b)".to_string(),
                4 => "return a.inherited, a.missing, a[1], rawget(a, \"missing\")".to_string(),
                5 => "a.x = 1 a[2] = 2 return rawget(a, \"x\"), a.x".to_string(),
                6 => "return a(1, nil, 3), select('#', a())".to_string(),
                7 => "return getmetatable(a), pcall(setmetatable, a, {})".to_string(),
                8 => "return pcall(math.floor, a), pcall(string.rep, a), pcall(ipairs)".to_string(),
                _ => {
                    "mt.__tostring = function() return 42 end return pcall(tostring, a)".to_string()
                }
            };
            self.line(&format!("check(function() {use_} end)"));
        }
        self.line("return table.concat(log, \" \")");
        self.close_check();
    }

    /// A coroutine whose metamethods yield: the operation resumes where it left off. Also
    /// yields where a C function stands between (an error in lua5.4).
    fn wide_co_meta(&mut self) {
        self.open_check();
        self.line("local y = coroutine.yield");
        self.line("local mt = {");
        self.line("  __index = function(t, k) return y(\"index \" .. tostring(k)) end,");
        self.line("  __newindex = function(t, k, v) y(\"newindex\") rawset(t, k, v) end,");
        self.line("  __add = function(a, b) return y(\"add\") end,");
        self.line("  __lt = function(a, b) return y(\"lt\") end,");
        self.line("  __le = function(a, b) return y(\"le\") end,");
        self.line("  __eq = function(a, b) return y(\"eq\") end,");
        self.line("  __concat = function(a, b) return y(\"concat\") end,");
        self.line("  __len = function() return y(\"len\") end,");
        self.line("  __unm = function() return y(\"unm\") end,");
        self.line("  __call = function(self, ...) return y(\"call\", ...) end,");
        self.line("  __close = function() y(\"close\") end,");
        self.line("  __tostring = function() return y(\"tostring\") end,");
        self.line("}");
        let body = match self.range(0, 13) {
            0 => "return o.field, o[1]",
            1 => "o.k = 5 return rawget(o, \"k\")",
            2 => "return o + 1, 2 + o",
            3 => "return o < o2, o <= o2, not (o < o2)",
            4 => "return o == o2, o ~= o2",
            5 => "return o .. \"x\" .. 1",
            6 => "return #o, -o",
            7 => "return o(1, 2)",
            8 => "do local c <close> = o end return \"closed\"",
            9 => "return tostring(o)",
            10 => "local t = {3, 1, 2} table.sort(t, function(a, b) return y(\"sort\") end) return t[1]",
            11 => "return (\"abc\"):gsub(\"%w\", function(c) return y(c) end)",
            12 => "local n = 0 for k, v in function(_, c) c = (c or 0) + 1 if c > 3 then return nil end y(\"step \" .. c) return c, c * 2 end, nil, nil do n = n + k + v end return n",
            _ => "return pcall(function() return o + o2 end)",
        };
        self.line("local co = coroutine.wrap(function(o, o2)");
        self.line(&format!("  {body}"));
        self.line("end)");
        self.line("local o, o2 = setmetatable({}, mt), setmetatable({}, mt)");
        let answers = ["true", "false", "7", "\"s\"", "nil"];
        self.line("show(pcall(co, o, o2))");
        for _ in 0..self.range(1, 4) {
            let a = self.pick(&answers);
            self.line(&format!("show(pcall(co, {a}))"));
        }
        self.close_check();
    }

    /// `<close>` and `<const>`: closing order, values returned through closing, errors in
    /// handlers replacing the error, non-closable values, closing per loop iteration.
    fn wide_close(&mut self) {
        self.open_check();
        self.line("local function tbc(name, fail) return setmetatable({}, {__close = function(_, e) show(\"close\", name, e) if fail then error(fail, 0) end end}) end");
        match self.range(0, 4) {
            0 => {
                let fail = self.pick(&["nil", "\"boom\"", "{}", "42"]);
                self.line("local function f(...)");
                self.line("  local a <close> = tbc(\"a\")");
                self.line("  local k <const> = select('#', ...)");
                self.line(&format!("  local b <close> = tbc(\"b\", {fail})"));
                self.line("  local c <close> = nil");
                self.line("  return k, ...");
                self.line("end");
                self.line("return f(1, nil, 3)");
            }
            1 => {
                let v = self.pick(&["42", "{}", "\"s\"", "true", "false", "nil"]);
                self.line(&format!("local x <close> = {v}"));
                self.line("return \"accepted\"");
            }
            2 => {
                let stop = self.range(1, 4);
                self.line("for i = 1, 4 do");
                self.line("  local c <close> = tbc(i)");
                self.line(&format!("  if i == {stop} then break end"));
                self.line("end");
                self.line("local n = 0");
                self.line("while n < 3 do n = n + 1 local c <close> = tbc(\"w\" .. n) end");
                self.line("return n");
            }
            3 => {
                let e1 = self.pick(ERROR_VALUES);
                let e2 = self.pick(ERROR_VALUES);
                self.line(&format!("local a <close> = tbc(\"outer\", {e2})"));
                self.line("local b <close> = tbc(\"inner\")");
                self.line(&format!("error({e1})"));
            }
            _ => {
                self.line("local t = {}");
                self.line("do");
                self.line("  local c <close> = tbc(\"captured\")");
                self.line("  t.f = function() return c ~= nil end");
                self.line("end");
                self.line(
                    "return t.f(), select('#', pcall(load(\"local x <const> = 1; return x + 1\")))",
                );
            }
        }
        self.close_check();
    }

    /// Edge values through operators (with the result's subtype), conversions and numeric
    /// `for` loops at the integer limits.
    fn wide_numbers(&mut self) {
        self.open_check();
        match self.range(0, 3) {
            0 | 1 => {
                for _ in 0..self.range(1, 4) {
                    let a = self.pick(EDGES);
                    let op = self.pick(ARITH);
                    let b = self.pick(EDGES);
                    self.line(&format!(
                        "check(function() local r = {a} {op} {b} return r, math.type(r) end)"
                    ));
                }
                let a = self.pick(EDGES);
                self.line(&format!(
                    "check(function() return -({a}), math.type({a}), tostring({a}) end)"
                ));
                self.line(&format!("check(function() return ~({a}) end)"));
                self.line(&format!(
                    "check(function() return math.tointeger({a}), {a} // 1 end)"
                ));
                self.line(&format!(
                    "check(function() return math.ceil({a}), math.modf({a}), math.min({a}, 0), math.sqrt({a}) end)"
                ));
                let base = self.pick(&["", ", 2", ", 10", ", 8", ", 0.5"]);
                self.line(&format!(
                    "check(function() return math.log({a}{base}), math.exp({a}), math.atan({a}, -1), math.deg({a}), math.rad({a}) end)"
                ));
                self.line(&format!(
                    "return math.floor({a}), math.abs({a}), string.format(\"%.17g\", {a})"
                ));
            }
            2 => {
                let loop_ = self.pick(&[
                    "math.maxinteger - 2, math.maxinteger",
                    "math.mininteger, math.mininteger + 2",
                    "math.mininteger + 2, math.mininteger, -1",
                    "1, 3, 0.5",
                    "1.0, 3",
                    "1, 0",
                    "1, 2, 0",
                    "3, 1, -1",
                    "0.1, 0.35, 0.1",
                    "1, math.huge, 2^62",
                    "-1, -math.huge, math.mininteger",
                    "\"1\", 2",
                    "1, 2, math.maxinteger",
                ]);
                self.line("local out = {}");
                self.line(&format!(
                    "for i = {loop_} do out[#out + 1] = math.type(i) .. \" \" .. i if #out > 5 then break end end"
                ));
                self.line("return #out, table.concat(out, \",\")");
            }
            _ => {
                let s = self.pick(&[
                    "\"0x\"",
                    "\"1e\"",
                    "\" 10 \"",
                    "\"10\", 36",
                    "\"zz\", 36",
                    "\"8\", 8",
                    "\"-0x10\"",
                    "\"1e400\"",
                    "\"0x1p4\"",
                    "\"inf\"",
                    "\"  -7  \", 10",
                    "\"9223372036854775808\"",
                    "\"-9223372036854775808\"",
                    "\".5\"",
                    "\"5.\"",
                ]);
                let a = self.pick(EDGES);
                let b = self.pick(EDGES);
                self.line(&format!(
                    "return tonumber({s}), math.ult({a}, {b}), {a} == {b}, {a} < {b}, math.max({a}, {b}), math.fmod({a}, {b})"
                ));
            }
        }
        self.close_check();
    }

    /// Error values that are not strings: through `pcall`, `error` levels, nested pcalls,
    /// coroutines (`resume` and `wrap`), `xpcall` handlers and metamethods.
    fn wide_errors(&mut self) {
        let e = self.pick(ERROR_VALUES);
        self.open_check();
        match self.range(0, 5) {
            0 => {
                let level = self.pick(&["", ", 0", ", 1", ", 2"]);
                self.line(&format!("return pcall(error, {e}{level})"));
            }
            1 => self.line(&format!(
                "return pcall(function() local ok, v = pcall(error, {e}) error(v) end)"
            )),
            2 => self.line(&format!(
                "return coroutine.resume(coroutine.create(function() error({e}) end))"
            )),
            3 => self.line(&format!(
                "return pcall(coroutine.wrap(function() coroutine.yield(1) error({e}) end)), pcall(coroutine.wrap(function() error({e}) end))"
            )),
            4 => {
                let h = self.pick(&[
                    "function(m) return type(m), m end",
                    "function(m) return m end",
                    "function(m) error(m) end",
                    "tostring",
                ]);
                self.line(&format!(
                    "return xpcall(function() error({e}) end, {h})"
                ));
            }
            _ => self.line(&format!(
                "local o = setmetatable({{}}, {{__index = function() error({e}) end, __add = function() error({e}, 2) end}}) return pcall(function() return o.x end), pcall(function() return o + 1 end)"
            )),
        }
        self.close_check();
    }
}

/// Strings through case mapping, `gmatch` (anchors, position captures, a start), and
/// `utf8.codes`/`utf8.offset`/`utf8.len` on valid and invalid sequences.
const TEXTS: &[&str] = &[
    "\"Hello, World 42\"",
    "\"a,b,,c\"",
    "\"\"",
    "\"h\\195\\169llo \\226\\130\\172\"",
    "\"bad \\255 byte\"",
    "\"\\244\\144\\128\\128\"",
    "\"key=val; k2=v2\"",
];

impl Gen<'_, '_> {
    fn wide_strings(&mut self) {
        let s = self.pick(TEXTS);
        self.open_check();
        match self.range(0, 2) {
            0 => {
                let pat = self.pick(&[
                    "\"%a+\"",
                    "\"()(%w+)()\"",
                    "\"^%a\"",
                    "\"(%w+)=(%w+)\"",
                    "\"[^,]*\"",
                    "\"\"",
                    "\"%f[%w]%w+\"",
                    "\"(\"",
                ]);
                let init = self.pick(&["", ", 3", ", -4", ", 100"]);
                self.line("local out = {}");
                self.line(&format!(
                    "for a, b, c in string.gmatch({s}, {pat}{init}) do out[#out + 1] = tostring(a) .. \"/\" .. tostring(b) .. \"/\" .. tostring(c) if #out > 8 then break end end"
                ));
                self.line(&format!(
                    "return #out, table.concat(out, \" \"), string.lower({s}), string.upper({s})"
                ));
            }
            1 => {
                let lax = self.pick(&["", ", true"]);
                self.line("local cps = {}");
                self.line(&format!(
                    "for p, c in utf8.codes({s}{lax}) do cps[#cps + 1] = p .. \":\" .. c end"
                ));
                self.line("return table.concat(cps, \" \")");
            }
            _ => {
                let n = self.pick(&["1", "2", "-1", "0", "5", "-3"]);
                let i = self.pick(&["", ", 1", ", -1", ", 3", ", 100"]);
                self.line(&format!(
                    "return utf8.offset({s}, {n}{i}), utf8.len({s}), utf8.len({s}, -2), utf8.charpattern"
                ));
            }
        }
        self.close_check();
    }
}

impl Gen<'_, '_> {
    /// Library functions whose results can be made deterministic: seeded `math.random`,
    /// `io.tmpfile` round trips, `os.date` in UTC and `os.time` differences, `debug.getinfo`
    /// and `getlocal` of the program's own functions (not of active levels, nor
    /// `string.dump`, whose bytes differ between the engines), `require` of a
    /// `package.preload` entry, `package.searchpath`, `coroutine.running`.
    fn wide_libs(&mut self) {
        let n = self.pick(&["0", "42", "-1", "math.maxinteger", "3.5", "1e300"]);
        self.open_check();
        match self.range(0, 5) {
            0 => {
                let args = self.pick(&[
                    "",
                    "10",
                    "1, 6",
                    "-3, 3",
                    "0",
                    "math.mininteger, math.maxinteger",
                    "5, 1",
                    "1.5",
                ]);
                self.line(&format!("math.randomseed({n})"));
                self.line(&format!(
                    "return math.random({args}), math.random({args}), math.floor(math.random() * 1000)"
                ));
            }
            1 => {
                let data = self.pick(&["\"line1\\nline2\\n3.5 0x10\\n\"", "\"\"", "\"abc\""]);
                let fmt =
                    self.pick(&["\"l\"", "\"L\"", "\"n\"", "\"a\"", "2", "\"n\", \"l\"", "0"]);
                self.line("local f = io.tmpfile()");
                self.line(&format!("show(f:write({data}, 42, \"|\") == f)"));
                self.line("show(f:seek(\"cur\"), f:seek(\"set\", 1), f:seek(\"end\"))");
                self.line("f:seek(\"set\")");
                self.line(&format!("show(f:read({fmt}))"));
                self.line(
                    "local n = 0 f:seek(\"set\") for l in f:lines() do n = n + 1 end show(n)",
                );
                self.line("show(io.type(f), f:close(), io.type(f), pcall(f.read, f))");
                self.line("return io.type(42)");
            }
            2 => {
                let t = self.pick(&["0", "86399", "951782400", "-1", "2^31", "1e20"]);
                let f = self.pick(&[
                    "\"!%Y-%m-%d %H:%M:%S\"",
                    "\"!%c\"",
                    "\"!%j %a %b %p\"",
                    "\"!*t\"",
                    "\"!%Ez\"",
                    "\"!%%\"",
                ]);
                self.line(&format!("local d = os.date({f}, {t})"));
                self.line("if type(d) == \"table\" then return d.year, d.month, d.day, d.hour, d.yday, d.wday, d.isdst end");
                self.line("return d, os.time{year = 2020, month = 1, day = 2, hour = 12} - os.time{year = 2020, month = 1, day = 1, hour = 12}, os.difftime(10, 4)");
            }
            3 => {
                self.line("local function probe(a, b)");
                self.line("  local c = a");
                self.line("  local info = debug.getinfo(1, \"Slnu\")");
                self.line("  return info.currentline, info.linedefined, info.lastlinedefined, info.what, info.nparams, info.isvararg");
                self.line("end");
                self.line("show(probe(1, 2))");
                self.line("local i = debug.getinfo(print)");
                self.line("return i.what, i.short_src, i.currentline, debug.getinfo(probe, \"S\").short_src, debug.getlocal(probe, 1), debug.getinfo(100)");
            }
            4 => {
                self.line(
                    "package.preload.wide_mod = function(...) return {select('#', ...), ...} end",
                );
                self.line("local m, extra = require(\"wide_mod\")");
                self.line("show(m[1], m[2], m[3], extra, require(\"wide_mod\") == m, package.loaded.wide_mod == m)");
                self.line(
                    "return package.searchpath(\"no.such\", \"./?.lua;/nonexistent/?/init.lua\")",
                );
            }
            _ => {
                self.line("local co = coroutine.create(function() local t, main = coroutine.running() return type(t), main, coroutine.status(t) end)");
                self.line("local t, main = coroutine.running()");
                self.line("return type(t), main, coroutine.resume(co)");
            }
        }
        self.close_check();
    }
}

/// Builds a program of wide constructs only (the module comment lists them). The
/// `differential` fuzz target runs them for first bytes 2 mod 4 ([`super::generate_any`]).
pub fn generate_wide(data: &[u8]) -> String {
    let mut u = Unstructured::new(data);
    let mut g = Gen::new(&mut u, PRELUDE);
    for _ in 0..g.range(1, 8) {
        match g.range(0, 9) {
            9 => g.wide_libs(),
            8 => g.wide_strings(),
            0 => g.wide_pack(),
            1 => g.wide_format(),
            2 => g.wide_goto(),
            3 => g.wide_meta(),
            4 => g.wide_co_meta(),
            5 => g.wide_close(),
            6 => g.wide_numbers(),
            _ => g.wide_errors(),
        }
    }
    // Now and then the chunk itself ends with a non-string error object.
    if g.chance(10) {
        let e = g.pick(&[
            "{}",
            "42",
            "nil",
            "setmetatable({}, {__tostring = function() return \"custom\" end})",
        ]);
        g.line(&format!("error({e})"));
    }
    g.out
}
