//! Property tests of the front end: printed ASTs parse back to the same AST, arbitrary and
//! mutated inputs never panic, and pathological nesting ends in an error instead of a crash.

use moonlab::syntax::{self, dump::dump_chunk, printer::print_chunk};

/// xorshift64*: a small deterministic generator, so failures reproduce from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'t>(&mut self, items: &[&'t str]) -> &'t str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Generates random, mostly valid Lua source covering every construct.
struct Gen {
    rng: Rng,
    out: String,
    labels: usize,
}

const NAMES: &[&str] = &["a", "b", "c", "x", "self", "_ENV", "t", "f"];
const BINOPS: &[&str] = &[
    "+", "-", "*", "/", "//", "%", "^", "..", "==", "~=", "<", "<=", ">", ">=", "and", "or", "&",
    "|", "~", "<<", ">>",
];
const UNOPS: &[&str] = &["-", "not ", "#", "~"];
const LITERALS: &[&str] = &[
    "nil",
    "true",
    "false",
    "0",
    "1",
    "42",
    "3.5",
    "1e10",
    "0x10",
    "0xffffffffffffffff",
    "9223372036854775807",
    "9223372036854775808",
    "0x1p-2",
    ".5",
    "1e308",
    "2^53",
    "'s'",
    "\"q\\\"uote\\n\"",
    "[[long\nstring]]",
    "[==[ ]] ]==]",
    "'\\0\\1\\255\\u{7FFFFFFF}'",
    "'\\z   \n   z'",
    "'\\x41\\65'",
    "...",
];

impl Gen {
    fn w(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn name(&mut self) {
        let n = self.rng.pick(NAMES);
        self.w(n);
    }

    fn expr(&mut self, depth: usize) {
        let choice = if depth == 0 {
            self.rng.below(3)
        } else {
            self.rng.below(12)
        };
        match choice {
            0 => {
                let l = self.rng.pick(LITERALS);
                self.w(l);
            }
            1 | 2 => self.suffixed(depth),
            3..=5 => {
                self.expr(depth - 1);
                self.w(" ");
                let op = self.rng.pick(BINOPS);
                self.w(op);
                self.w(" ");
                self.expr(depth - 1);
            }
            6 => {
                let op = self.rng.pick(UNOPS);
                self.w(op);
                // Avoid "--", which would start a comment.
                if op == "-" {
                    self.w(" ");
                }
                self.expr(depth - 1);
            }
            7 => {
                self.w("(");
                self.expr(depth - 1);
                self.w(")");
            }
            8 => {
                self.w("function(");
                if self.rng.chance(50) {
                    self.name();
                    self.w(", ");
                }
                self.w("...)");
                self.block(depth - 1);
                self.w(" end");
            }
            9 | 10 => {
                self.w("{");
                for i in 0..self.rng.below(4) {
                    if i > 0 {
                        let sep = self.rng.pick(&[", ", "; "]);
                        self.w(sep);
                    }
                    match self.rng.below(3) {
                        0 => {
                            self.name();
                            self.w(" = ");
                        }
                        1 => {
                            self.w("[");
                            self.expr(depth - 1);
                            self.w("] = ");
                        }
                        _ => {}
                    }
                    self.expr(depth - 1);
                }
                if self.rng.chance(20) {
                    self.w(",");
                }
                self.w("}");
            }
            _ => self.suffixed(depth),
        }
    }

    /// A prefix expression with a random suffix chain.
    fn suffixed(&mut self, depth: usize) {
        if depth > 0 && self.rng.chance(15) {
            self.w("(");
            self.expr(depth - 1);
            self.w(")");
        } else {
            self.name();
        }
        for _ in 0..self.rng.below(3) {
            self.suffix(depth);
        }
    }

    fn suffix(&mut self, depth: usize) {
        match self.rng.below(if depth == 0 { 2 } else { 6 }) {
            0 => {
                self.w(".");
                self.name();
            }
            1 => self.w("()"),
            2 => {
                self.w("[");
                self.expr(depth - 1);
                self.w("]");
            }
            3 => {
                self.w(":");
                self.name();
                self.w("(");
                self.expr(depth - 1);
                self.w(")");
            }
            4 => self.w("'arg'"),
            _ => self.w("{}"),
        }
    }

    fn call(&mut self, depth: usize) {
        self.suffixed(depth);
        self.w("(");
        if depth > 0 && self.rng.chance(50) {
            self.expr(depth - 1);
        }
        self.w(")");
    }

    fn block(&mut self, depth: usize) {
        for _ in 0..self.rng.below(4) {
            self.w("\n");
            self.stat(depth);
        }
        if self.rng.chance(10) {
            self.w("\nreturn ");
            self.expr(depth);
        }
    }

    fn stat(&mut self, depth: usize) {
        let d = depth.saturating_sub(1);
        match self.rng.below(if depth == 0 { 3 } else { 16 }) {
            0 => self.call(d),
            1 => {
                self.w("local ");
                self.name();
                let attrib = self.rng.pick(&["", "", " <const>", " <close>"]);
                self.w(attrib);
                if self.rng.chance(30) {
                    self.w(", ");
                    self.name();
                }
                self.w(" = ");
                self.expr(d);
            }
            2 => {
                self.suffixed(d);
                self.w(".");
                self.name();
                self.w(" = ");
                self.expr(d);
            }
            3 => {
                self.w("do");
                self.block(d);
                self.w("\nend");
            }
            4 => {
                self.w("while ");
                self.expr(d);
                self.w(" do");
                self.block(d);
                if self.rng.chance(30) {
                    self.w("\nbreak");
                }
                self.w("\nend");
            }
            5 => {
                self.w("repeat");
                self.block(d);
                self.w("\nuntil ");
                self.expr(d);
            }
            6 => {
                self.w("if ");
                self.expr(d);
                self.w(" then");
                self.block(d);
                if self.rng.chance(40) {
                    self.w("\nelseif ");
                    self.expr(d);
                    self.w(" then");
                    self.block(d);
                }
                if self.rng.chance(40) {
                    self.w("\nelse");
                    self.block(d);
                }
                self.w("\nend");
            }
            7 => {
                self.w("for ");
                self.name();
                self.w(" = ");
                self.expr(d);
                self.w(", ");
                self.expr(d);
                if self.rng.chance(50) {
                    self.w(", ");
                    self.expr(d);
                }
                self.w(" do");
                self.block(d);
                self.w("\nend");
            }
            8 => {
                self.w("for ");
                self.name();
                self.w(", ");
                self.name();
                self.w(" in ");
                self.expr(d);
                self.w(" do");
                self.block(d);
                self.w("\nend");
            }
            9 => {
                self.w("function ");
                self.name();
                if self.rng.chance(50) {
                    self.w(".");
                    self.name();
                }
                let sep = self.rng.pick(&[".", ":"]);
                self.w(sep);
                self.name();
                self.w("(a, b)");
                self.block(d);
                self.w("\nend");
            }
            10 => {
                self.w("local function ");
                self.name();
                self.w("(...)");
                self.block(d);
                self.w("\nend");
            }
            11 => {
                self.labels += 1;
                let n = self.labels;
                self.w(&format!("goto l{n}\n::l{n}::"));
            }
            12 => {
                self.labels += 1;
                let n = self.labels;
                self.w(&format!("do ::top{n}:: if x then goto top{n} end end"));
            }
            13 => {
                self.name();
                self.w(", ");
                self.suffixed(d);
                self.w(".f = ");
                self.expr(d);
                self.w(", ");
                self.expr(d);
            }
            14 => self.w(";"),
            _ => {
                self.w(";(");
                self.name();
                self.w(")()");
            }
        }
    }
}

fn round_trip(src: &[u8]) -> Result<bool, String> {
    moonlab::syntax::printer::check_round_trip(src)
}

#[test]
fn generated_programs_round_trip() {
    let mut parsed = 0;
    let total: usize = 3000;
    for seed in 1..=total as u64 {
        let mut g = Gen {
            rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
            out: String::new(),
            labels: 0,
        };
        g.block(4);
        match round_trip(g.out.as_bytes()) {
            Ok(true) => parsed += 1,
            Ok(false) => {}
            Err(e) => panic!("seed {seed}: {e}"),
        }
    }
    // Most generated programs are valid (a few assign to <const> names or use `...` inside
    // non-vararg functions); make sure the property was really exercised.
    assert!(
        parsed * 10 >= total * 6,
        "only {parsed} of {total} generated programs parsed"
    );
}

fn corpus_sources() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/syntax/valid");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "lua"))
        .collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[test]
fn mutated_and_random_inputs_never_panic() {
    let sources = corpus_sources();
    let mut rng = Rng(0xDEAD_BEEF_CAFE_F00D);
    const SNIPPETS: &[&[u8]] = &[
        b"(",
        b")",
        b"end",
        b"[[",
        b"]]",
        b"--[[",
        b"'",
        b"\\",
        b"goto x",
        b"::x::",
        b"local",
        b"<const>",
        b"...",
        b"\n",
        b"\r",
        b"0x",
        b"1e",
        b"function",
        b"=",
        b"..",
        b"{",
        b"}",
    ];
    let mut accepted = 0;
    for round in 0..4000 {
        let mut input = if round % 4 == 0 {
            (0..rng.below(200)).map(|_| rng.next() as u8).collect()
        } else {
            sources[rng.below(sources.len())].clone()
        };
        for _ in 0..1 + rng.below(4) {
            if input.is_empty() {
                break;
            }
            let at = rng.below(input.len());
            match rng.below(4) {
                0 => input[at] = rng.next() as u8,
                1 => {
                    input.remove(at);
                }
                2 => {
                    let s = SNIPPETS[rng.below(SNIPPETS.len())];
                    input.splice(at..at, s.iter().copied());
                }
                _ => {
                    let end = (at + rng.below(40)).min(input.len());
                    input.drain(at..end);
                }
            }
        }
        match round_trip(&input) {
            Ok(true) => accepted += 1,
            Ok(false) => {}
            Err(e) => panic!("round {round}: {e}"),
        }
    }
    assert!(
        accepted > 100,
        "mutations should leave some programs valid ({accepted})"
    );
}

fn parse_result(src: &[u8]) -> Result<(), String> {
    let arena = bumpalo::Bump::new();
    syntax::parse(&arena, src, b"=deep")
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[test]
fn pathological_nesting_is_an_error_not_a_crash() {
    let n = 200_000;
    let parens = format!("x = {}1{}", "(".repeat(n), ")".repeat(n));
    assert_eq!(
        parse_result(parens.as_bytes()),
        Err("C stack overflow".into())
    );
    let blocks = format!("{}{}", "do ".repeat(n), "end ".repeat(n));
    assert_eq!(
        parse_result(blocks.as_bytes()),
        Err("C stack overflow".into())
    );
    let tables = format!("x = {}{}", "{".repeat(n), "}".repeat(n));
    assert_eq!(
        parse_result(tables.as_bytes()),
        Err("C stack overflow".into())
    );
    let concat = format!("x = {}1", "a .. ".repeat(n));
    assert_eq!(
        parse_result(concat.as_bytes()),
        Err("C stack overflow".into())
    );
    let unary = format!("x = {}1", "not ".repeat(n));
    assert_eq!(
        parse_result(unary.as_bytes()),
        Err("C stack overflow".into())
    );
    let funcs = format!(
        "x = {}1{}",
        "function() return ".repeat(n),
        " end".repeat(n)
    );
    assert_eq!(
        parse_result(funcs.as_bytes()),
        Err("C stack overflow".into())
    );
    let targets = format!("{}x = 1", "x, ".repeat(n));
    assert_eq!(
        parse_result(targets.as_bytes()),
        Err("C stack overflow".into())
    );
}

#[test]
fn long_left_associative_chains_parse_print_and_dump() {
    // Lua accepts these without limit; every consumer in the front end must too.
    let n = 300_000;
    let chains = [
        format!("x = 1{}", " + 1".repeat(n)),
        format!("x = a{}", ".b".repeat(n)),
        format!("f{}", "()".repeat(n)),
        format!("x = t{}", "[1]".repeat(n)),
        format!("x = o{}", ":m()".repeat(n)),
        format!("local c <const> = 1{}\nreturn c", " + 1".repeat(n)),
    ];
    for src in &chains {
        let arena = bumpalo::Bump::new();
        let chunk = syntax::parse(&arena, src.as_bytes(), b"=chain").expect("chain parses");
        let printed = print_chunk(&chunk);
        let arena2 = bumpalo::Bump::new();
        let again = syntax::parse(&arena2, &printed, b"=printed").expect("printed chain parses");
        assert_eq!(dump_chunk(&chunk, false), dump_chunk(&again, false));
    }
    // The folded constant of the last chain is exact.
    let arena = bumpalo::Bump::new();
    let chunk = syntax::parse(&arena, chains[5].as_bytes(), b"=chain").unwrap();
    assert_eq!(
        chunk.main.locals[0].kind,
        syntax::ast::LocalKind::CompileTime(syntax::ast::Constant::Int(n as i64 + 1))
    );
}
