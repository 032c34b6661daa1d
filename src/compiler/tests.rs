//! Code generation cases that are easy to get subtly wrong. Expected code is what
//! `luac5.4 -l` prints for the same source (instruction and operands, without comments).

use super::disasm::disassemble;
use super::proto::{Constant, Proto};
use super::verify::verify;
use crate::syntax::parse;
use std::rc::Rc;

fn compile_src(src: &str) -> Result<Rc<Proto>, String> {
    let arena = bumpalo::Bump::new();
    let chunk = parse(&arena, src.as_bytes(), b"=test").map_err(|e| e.to_string())?;
    let p = super::compile(&chunk).map_err(|e| e.to_string())?;
    verify(&p).expect("compiled code verifies");
    Ok(p)
}

/// The instructions of function `index` in listing order (0 is the main function), as
/// `OPNAME args`.
fn code_of(src: &str, index: usize) -> Vec<String> {
    let listing = disassemble(&compile_src(src).expect("compiles"));
    let mut function = None;
    let mut out = Vec::new();
    for line in listing.lines() {
        if line.starts_with("main <") || line.starts_with("function <") {
            function = Some(function.map_or(0, |f| f + 1));
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if function == Some(index)
            && fields.len() >= 5
            && fields[0].is_empty()
            && fields[2].starts_with('[')
        {
            out.push(
                format!("{} {}", fields[3].trim_end(), fields[4])
                    .trim_end()
                    .to_string(),
            );
        }
    }
    out
}

fn code(src: &str) -> Vec<String> {
    code_of(src, 0)
}

fn lines(expected: &str) -> Vec<String> {
    expected
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn and_or_as_values_and_conditions() {
    let src = "local a, b, c = ...\nlocal x = a and b or c\nif a and not b or c then x = 1 end";
    let expected = "VARARGPREP 0
        VARARG 0 4
        TEST 0 0
        JMP 2
        TESTSET 3 1 1
        JMP 1
        MOVE 3 2
        TEST 0 0
        JMP 2
        TEST 1 0
        JMP 2
        TEST 2 0
        JMP 1
        LOADI 3 1
        RETURN 4 1 1";
    assert_eq!(code(src), lines(expected));
}

#[test]
fn comparisons_with_constants_use_immediate_and_k_forms() {
    let src = "local x = ...\nlocal r = x == 1, x == \"s\", 1 < x, x < 1.0, x > 1000, x ~= nil";
    let expected = "VARARGPREP 0
        VARARG 0 2
        EQI 0 1 1
        JMP 1
        LFALSESKIP 1
        LOADTRUE 1
        EQK 0 0 1
        JMP 1
        LFALSESKIP 2
        LOADTRUE 2
        GTI 0 1 1
        JMP 1
        LFALSESKIP 3
        LOADTRUE 3
        LTI 0 1 1
        JMP 1
        LFALSESKIP 4
        LOADTRUE 4
        LOADI 5 1000
        LT 5 0 1
        JMP 1
        LFALSESKIP 5
        LOADTRUE 5
        EQK 0 1 0
        JMP 1
        LFALSESKIP 6
        LOADTRUE 6
        RETURN 2 1 1";
    assert_eq!(code(src), lines(expected));
}

#[test]
fn constant_folding_stops_where_lcode_stops() {
    // 1/0 and 7//0.0 divide by zero, 0.0*-1 is -0.0, 3&1.5 has no integer: none is folded;
    // 2^53+1 and "a".."a" are (the latter by CONCAT at run time only).
    let src = "local x = ...\nlocal r = 1 / 0, 2 ^ 53 + 1, 0.0 * -1, x + 1000000, x + 1000000.0, \
               \"a\" .. \"a\", 7 // 0.0, 3 & 1.5";
    let expected = "VARARGPREP 0
        VARARG 0 2
        LOADI 1 1
        DIVK 1 1 0
        MMBINK 1 0 11 0
        LOADK 2 1
        LOADI 3 -1
        MULK 3 3 2
        MMBINK 3 2 8 1
        ADDK 4 0 3
        MMBINK 0 3 6 0
        ADDK 5 0 4
        MMBINK 0 4 6 0
        LOADK 6 5
        LOADK 7 5
        CONCAT 6 2
        LOADI 7 7
        IDIVK 7 7 2
        MMBINK 7 2 12 0
        LOADK 8 7
        BANDK 8 8 6
        MMBINK 8 6 13 1
        RETURN 2 1 1";
    assert_eq!(code(src), lines(expected));
}

#[test]
fn integer_and_float_constants_are_distinct_and_strings_are_shared() {
    let p = compile_src("local x = ...\nx = x + 1000000 + 1000000.0 + 1000000\nx = 's' .. 's'")
        .unwrap();
    assert_eq!(
        p.constants,
        vec![
            Constant::Int(1000000),
            Constant::Float(1000000.0),
            Constant::Str(b"s".to_vec().into()),
        ]
    );
    // 0 and 0.0 as well (lcode.c keys an integral float by a slightly different value).
    let p = compile_src("local t = {}\nt.a = 0.0\nt.b = 0\nt.c = 0.0\nt.d = 2^63").unwrap();
    let numbers: Vec<_> = p
        .constants
        .iter()
        .filter(|c| !matches!(c, Constant::Str(_)))
        .cloned()
        .collect();
    assert_eq!(
        numbers,
        vec![
            Constant::Float(0.0),
            Constant::Int(0),
            Constant::Float(9223372036854775808.0)
        ]
    );
}

#[test]
fn nested_functions_find_their_upvalues() {
    let src = "local a = 1\nlocal function f()\n  local b = 2\n  return function() return a + b end\nend\na = 2";
    let p = compile_src(src).unwrap();
    let f = &p.protos[0];
    let g = &f.protos[0];
    let ups = |p: &Proto| -> Vec<(String, bool, u8)> {
        p.upvalues
            .iter()
            .map(|u| (u.name.to_string(), u.in_stack, u.index))
            .collect()
    };
    assert_eq!(ups(&p), vec![("_ENV".to_string(), true, 0)]);
    assert_eq!(ups(f), vec![("a".to_string(), true, 0)]);
    assert_eq!(
        ups(g),
        vec![("a".to_string(), false, 0), ("b".to_string(), true, 0)]
    );
    // `a` is captured, so the main function closes it when returning.
    assert_eq!(code(src).last().unwrap(), "RETURN 2 1 1k");
    assert_eq!(
        code_of(src, 2),
        lines("GETUPVAL 0 0\nGETUPVAL 1 1\nADD 0 0 1\nMMBIN 0 1 6\nRETURN1 0\nRETURN0")
    );
}

#[test]
fn gotos_out_of_blocks_close_captured_locals() {
    let src = "for i = 1, 3 do
  local x = i
  local g = function() return x end
  if i == 2 then goto out end
end
::out::
do
  local y = 1
  ::again::
  local h = function() return y end
  if y then goto again end
end";
    let expected = "VARARGPREP 0
        LOADI 0 1
        LOADI 1 3
        LOADI 2 1
        FORPREP 0 6
        MOVE 4 3
        CLOSURE 5 0
        EQI 3 2 0
        JMP 1
        JMP 2
        CLOSE 4
        FORLOOP 0 7
        CLOSE 0
        LOADI 0 1
        CLOSURE 1 1
        TEST 0 0
        JMP 2
        CLOSE 1
        JMP -5
        CLOSE 0
        RETURN 0 1 1k";
    assert_eq!(code(src), lines(expected));
}

#[test]
fn constructors_flush_every_50_items_and_open_the_last_call() {
    let items: Vec<String> = (1..=52).map(|i| i.to_string()).collect();
    let src = format!("local t = {{{}, f()}}", items.join(", "));
    let got: Vec<String> = code(&src)
        .into_iter()
        .filter(|l| !l.starts_with("LOADI"))
        .collect();
    let expected = "VARARGPREP 0
        NEWTABLE 0 0 52
        EXTRAARG 0
        SETLIST 0 50 0
        GETTABUP 3 0 0
        CALL 3 1 0
        SETLIST 0 0 50
        RETURN 1 1 1";
    assert_eq!(got, lines(expected));
    // Past 255 items the array size and the SETLIST offset spill into EXTRAARG.
    let items: Vec<String> = (1..=600).map(|i| i.to_string()).collect();
    let c = code(&format!("local t = {{{}}}", items.join(", ")));
    let c: Vec<String> = c.into_iter().filter(|l| !l.starts_with("LOADI")).collect();
    let expected = "VARARGPREP 0
        NEWTABLE 0 0 88
        EXTRAARG 2
        SETLIST 0 50 0
        SETLIST 0 50 50
        SETLIST 0 50 100
        SETLIST 0 50 150
        SETLIST 0 50 200
        SETLIST 0 50 250
        SETLIST 0 50 44
        EXTRAARG 1
        SETLIST 0 50 94
        EXTRAARG 1
        SETLIST 0 50 144
        EXTRAARG 1
        SETLIST 0 50 194
        EXTRAARG 1
        SETLIST 0 50 244
        EXTRAARG 1
        SETLIST 0 50 38
        EXTRAARG 2
        RETURN 1 1 1";
    assert_eq!(c, lines(expected));
}

#[test]
fn too_many_registers_is_a_syntax_error() {
    let names: Vec<String> = (0..199).map(|i| format!("v{i}")).collect();
    let extra: Vec<String> = (0..60).map(|i| i.to_string()).collect();
    let src = format!(
        "local {}\nprint({}, {})",
        names.join(", "),
        names.join(", "),
        extra.join(", ")
    );
    assert_eq!(
        compile_src(&src).unwrap_err(),
        "test:2: function or expression needs too many registers"
    );
}

#[test]
fn returns_and_tail_calls_carry_close_and_vararg_flags() {
    let src = "local function f(a, ...) return g(a) end
local function h() local x <close> = nil; return g() end
local function k() return g() end";
    // Vararg: C = numparams + 1. A to-be-closed variable: no tail call, k set.
    let f = "VARARGPREP 1
        GETTABUP 1 0 0
        MOVE 2 0
        TAILCALL 1 2 2
        RETURN 1 0 2
        RETURN 1 1 2";
    assert_eq!(code_of(src, 1), lines(f));
    let h = "LOADNIL 0 0
        TBC 0
        GETTABUP 1 0 0
        CALL 1 1 0
        RETURN 1 0 0k
        RETURN 1 1 0k";
    assert_eq!(code_of(src, 2), lines(h));
    let k = "GETTABUP 0 0 0\nTAILCALL 0 1 0\nRETURN 0 0 0\nRETURN0";
    assert_eq!(code_of(src, 3), lines(k));
}

/// Runs `f` on a thread with a small stack, as test threads have.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn long_left_spines_do_not_use_the_stack() {
    on_small_stack(|| {
        let n = 300_000;
        for (head, piece) in [
            ("1", " + a"),
            ("a", ".b"),
            ("f", "()"),
            ("a", ":m()"),
            ("a", " == a"),
        ] {
            let src = format!("local a, f\nlocal x = {head}{}", piece.repeat(n));
            let p = compile_src(&src).unwrap();
            assert!(p.code.len() > n, "{piece}");
        }
    });
}

#[test]
fn the_deepest_nesting_the_parser_accepts_compiles() {
    on_small_stack(|| {
        for (open, close) in [
            ("(", ")"),
            ("{", "}"),
            ("function() return ", " end"),
            ("- ", ""),
            ("not ", ""),
            ("2 ^ ", ""),
            ("a .. ", ""),
        ] {
            let mut depth = 190;
            // Find the deepest nesting that parses (the limit depends on the construct).
            let src = loop {
                let src = format!(
                    "local a\nlocal x = {}a{}",
                    open.repeat(depth),
                    close.repeat(depth)
                );
                let arena = bumpalo::Bump::new();
                if parse(&arena, src.as_bytes(), b"=test").is_ok() {
                    break src;
                }
                depth -= 1;
            };
            assert!(depth > 50, "{open}");
            // Deeply nested operands may need more registers than exist; both outcomes
            // are fine as long as nothing overflows.
            let _ = compile_src(&src);
        }
    });
}

#[test]
fn verify_rejects_bad_operands() {
    use super::opcode::*;
    let good = compile_src("local a = 1\nlocal b = {a}\nreturn b").unwrap();
    let mut p = (*good).clone();
    assert!(verify(&p).is_ok());
    p.code[1] = create_abx(OpCode::LoadK, 0, 7);
    assert!(verify(&p).unwrap_err().contains("constant 7"));
    let mut p = (*good).clone();
    p.code[1] = create_abck(OpCode::Move, 0, p.max_stack as u32, 0, false);
    assert!(verify(&p).unwrap_err().contains("register"));
    let mut p = (*good).clone();
    p.code[1] = create_sj(OpCode::Jmp, 100);
    assert!(verify(&p).unwrap_err().contains("jump"));
    let mut p = (*good).clone();
    p.code[1] = create_abx(OpCode::Closure, 0, 0);
    assert!(verify(&p).unwrap_err().contains("prototype"));
}

/// The opcode property bits (opcode.rs) against the code the compiler emits for the test
/// corpus: a test is followed by its JMP, an instruction that sets the top by one that uses
/// it (and the other way round), and each arithmetic instruction by its MMBIN.
#[test]
fn opcode_properties_describe_compiled_code() {
    use super::opcode::*;
    fn check(p: &Proto, file: &str) {
        let code = &p.code;
        for (pc, &i) in code.iter().enumerate() {
            let o = op(i);
            let next = code.get(pc + 1).map(|&n| op(n));
            let prev = pc.checked_sub(1).map(|q| code[q]);
            let at = format!("{file}: {} at {}", o.name(), pc + 1);
            if o.is_test() {
                assert_eq!(next, Some(OpCode::Jmp), "{at}");
            }
            // TAILCALL leaves the function: what follows is never reached from it.
            if sets_top(i) && o != OpCode::TailCall {
                let n = code[pc + 1];
                assert!(
                    uses_top(n) || op(n) == OpCode::Return && arg_b(n) == 0,
                    "{at}"
                );
            }
            if uses_top(i) && o != OpCode::VarArgPrep {
                assert!(prev.is_some_and(sets_top), "{at}");
            }
            if let Some((_, mm)) = o.arith() {
                assert_eq!(next, Some(mm), "{at}");
            }
            if o.is_mm() {
                let before = prev.map(|q| op(q).arith().map(|(_, mm)| mm));
                assert_eq!(before, Some(Some(o)), "{at}");
            }
        }
        for child in &p.protos {
            check(child, file);
        }
    }
    fn lua_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("the test corpus") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                lua_files(&path, out);
            } else if path.extension().is_some_and(|x| x == "lua") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    lua_files(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/lua").as_ref(),
        &mut files,
    );
    assert!(files.len() > 10);
    let extra = "local t = {...}; print(...); local f = function(...) return ... end\n\
                 print(f(g())); t = {g()}; return g()";
    let mut checked = 0;
    for path in &files {
        let src = std::fs::read_to_string(path).expect("readable");
        // (Some files test syntax errors.)
        if let Ok(p) = compile_src(&src) {
            check(&p, &path.to_string_lossy());
            checked += 1;
        }
    }
    assert!(
        checked * 10 >= files.len() * 9,
        "{checked} of {} compile",
        files.len()
    );
    check(&compile_src(extra).expect("compiles"), "extra");
}
