//! The verifier rejects each kind of code the VM cannot run safely (one test per rule of
//! `verify.rs`'s head comment), and accepts what the compiler emits for tricky programs.

use std::rc::Rc;

use super::opcode::*;
use super::proto::{Constant, Proto, UpvalDesc};
use super::verify::verify;
use crate::shared::limits::MAX_FUNCTION_NESTING;
use OpCode::*;

fn abc(o: OpCode, a: u32, b: u32, c: u32) -> Instruction {
    create_abck(o, a, b, c, false)
}

fn abck(o: OpCode, a: u32, b: u32, c: u32) -> Instruction {
    create_abck(o, a, b, c, true)
}

fn jmp(sj: i32) -> Instruction {
    create_sj(Jmp, sj)
}

/// A non-vararg function with 4 registers and the given code.
fn func(code: Vec<Instruction>) -> Proto {
    Proto {
        source: Rc::from(&b"=t"[..]),
        line_defined: 0,
        last_line_defined: 0,
        num_params: 0,
        is_vararg: false,
        max_stack: 4,
        lines: Vec::new(),
        code,
        constants: vec![Constant::Str(b"k".to_vec().into()), Constant::Int(1)],
        protos: Vec::new(),
        upvalues: vec![UpvalDesc {
            name: "_ENV".into(),
            in_stack: false,
            index: 0,
            kind: 0,
        }],
        locals: Vec::new(),
    }
}

fn vararg(code: Vec<Instruction>) -> Proto {
    Proto {
        is_vararg: true,
        ..func(code)
    }
}

/// A child function whose only upvalue is register `r` of its parent.
fn capturing(r: u8) -> Rc<Proto> {
    let mut c = func(vec![abc(Return0, 0, 0, 0)]);
    c.upvalues = vec![UpvalDesc {
        name: "x".into(),
        in_stack: true,
        index: r,
        kind: 0,
    }];
    Rc::new(c)
}

#[track_caller]
fn rejects(p: &Proto, words: &str) {
    match verify(p) {
        Ok(()) => panic!("accepted, expected an error with {words:?}"),
        Err(e) => assert!(e.contains(words), "{e:?} does not contain {words:?}"),
    }
}

#[track_caller]
fn accepts(p: &Proto) {
    if let Err(e) = verify(p) {
        panic!("rejected: {e}");
    }
}

#[test]
fn the_helpers_build_valid_functions() {
    accepts(&func(vec![abc(LoadI, 0, 0, 0), abc(Return1, 0, 0, 0)]));
    accepts(&vararg(vec![
        abc(VarArgPrep, 0, 0, 0),
        abc(Return, 0, 1, 1),
    ]));
}

#[test]
fn operands_must_exist() {
    rejects(
        &func(vec![abc(Move, 4, 0, 0), abc(Return0, 0, 0, 0)]),
        "register 4",
    );
    rejects(
        &func(vec![create_abx(LoadK, 0, 2), abc(Return0, 0, 0, 0)]),
        "constant 2",
    );
    rejects(
        &func(vec![abc(GetUpval, 0, 1, 0), abc(Return0, 0, 0, 0)]),
        "upvalue 1",
    );
    rejects(
        &func(vec![create_abx(Closure, 0, 0), abc(Return0, 0, 0, 0)]),
        "prototype 0",
    );
    rejects(
        &func(vec![abc(LoadNil, 2, 2, 0), abc(Return0, 0, 0, 0)]),
        "register 4",
    );
    rejects(
        &func(vec![abc(Call, 2, 3, 1), abc(Return0, 0, 0, 0)]),
        "register 4",
    );
    rejects(&func(vec![abc(Return, 2, 4, 0)]), "register 4");
    rejects(&func(vec![abc(Return0, 5, 0, 0)]), "register 5");
    rejects(
        &func(vec![0x7f, abc(Return0, 0, 0, 0)]),
        "unknown opcode 127",
    );
}

#[test]
fn field_keys_must_be_short_strings() {
    let mut p = func(vec![abc(GetField, 0, 0, 1), abc(Return0, 0, 0, 0)]);
    rejects(&p, "constant 1 is not a string");
    p.constants[1] = Constant::Str(vec![b'x'; 41].into());
    rejects(&p, "not a short string");
    p.constants[1] = Constant::Str(vec![b'x'; 40].into());
    accepts(&p);
    let p = func(vec![abck(SelfOp, 0, 0, 1), abc(Return0, 0, 0, 0)]);
    rejects(&p, "constant 1 is not a string");
}

#[test]
fn control_must_stay_in_the_code() {
    // Falling off the end.
    rejects(
        &func(vec![abc(LoadI, 0, 0, 0)]),
        "does not end with a return",
    );
    // A skip past the last instruction: LFALSESKIP, a test skipping its final JMP, an
    // arithmetic fast path skipping its final MMBIN.
    rejects(
        &func(vec![abc(LFalseSkip, 0, 0, 0), abc(Return0, 0, 0, 0)]),
        "control leaves the code",
    );
    rejects(
        &func(vec![abc(LoadI, 0, 0, 0), abc(Test, 0, 0, 0), jmp(-3)]),
        "control leaves the code",
    );
    rejects(
        &func(vec![abc(Add, 0, 0, 0), abc(MmBin, 0, 0, 6)]),
        "does not end with a return",
    );
    // FORPREP's exit, after its FORLOOP, must exist.
    let mut p = func(vec![
        create_abx(ForPrep, 0, 1),
        abc(Move, 0, 0, 0),
        create_abx(ForLoop, 0, 2),
    ]);
    p.code.push(abc(Return0, 0, 0, 0));
    accepts(&p);
    p.code[0] = create_abx(ForPrep, 0, 2);
    rejects(&p, "jump to 5 outside the code");
    // Jumps.
    rejects(
        &func(vec![jmp(1), abc(Return0, 0, 0, 0)]),
        "outside the code",
    );
    rejects(
        &func(vec![create_abx(ForLoop, 0, 3), abc(Return0, 0, 0, 0)]),
        "outside the code",
    );
}

#[test]
fn pairs_must_stay_together() {
    rejects(
        &func(vec![
            abc(Eq, 0, 1, 0),
            abc(Move, 0, 0, 0),
            abc(Return0, 0, 0, 0),
        ]),
        "followed by a jump",
    );
    rejects(
        &func(vec![
            abc(NewTable, 0, 0, 0),
            abc(Return0, 0, 0, 0),
            abc(Return0, 0, 0, 0),
        ]),
        "EXTRAARG expected",
    );
    rejects(
        &func(vec![create_abx(LoadKX, 0, 0), abc(Return0, 0, 0, 0)]),
        "EXTRAARG expected",
    );
    rejects(
        &func(vec![
            abc(Add, 0, 1, 2),
            abc(Return0, 0, 0, 0),
            abc(Return0, 0, 0, 0),
        ]),
        "MMBIN expected after arithmetic",
    );
    rejects(
        &func(vec![
            abc(AddI, 0, 1, 2),
            abc(MmBin, 0, 1, 6),
            abc(Return0, 0, 0, 0),
        ]),
        "MMBINI expected after arithmetic",
    );
    // An MMBIN writes the A of the instruction before it, which must be arithmetic.
    rejects(
        &func(vec![abc(MmBin, 0, 1, 6), abc(Return0, 0, 0, 0)]),
        "without the arithmetic",
    );
    rejects(
        &func(vec![
            abc(Move, 3, 0, 0),
            abc(MmBin, 0, 1, 6),
            abc(Return0, 0, 0, 0),
        ]),
        "without the arithmetic",
    );
    rejects(
        &func(vec![
            abc(Add, 0, 1, 2),
            abc(MmBin, 0, 1, 18),
            abc(Return0, 0, 0, 0),
        ]),
        "bad event 18",
    );
    accepts(&func(vec![
        abc(Add, 0, 1, 2),
        abc(MmBin, 1, 2, 6),
        abc(Return0, 0, 0, 0),
    ]));
    rejects(
        &func(vec![create_abx(TForPrep, 0, 0), abc(Return0, 0, 0, 0)]),
        "must jump to a TFORCALL",
    );
    let mut p = func(vec![abc(TForCall, 0, 0, 1), abc(Return0, 0, 0, 0)]);
    p.max_stack = 8;
    rejects(&p, "followed by TFORLOOP");
}

#[test]
fn the_top_must_be_set_before_it_is_used() {
    // CALL B=0 with nothing setting the top before it.
    rejects(
        &func(vec![
            abc(LoadNil, 0, 1, 0),
            abc(Call, 0, 0, 1),
            abc(Return0, 0, 0, 0),
        ]),
        "does not follow one that sets it",
    );
    rejects(
        &func(vec![abc(Return, 0, 0, 0)]),
        "reached without setting it",
    );
    // Set by a call with open results (C = 0) right before: fine...
    let ok = vec![
        abc(Call, 1, 1, 0),
        abc(Call, 0, 0, 1),
        abc(Return0, 0, 0, 0),
    ];
    accepts(&func(ok.clone()));
    // ...unless that call's results start at or below the function register.
    let mut low = ok.clone();
    low[0] = abc(Call, 0, 1, 0);
    rejects(&func(low), "the top is set below");
    // ...or another path reaches the consumer too.
    let mut p = ok.clone();
    p.insert(0, jmp(1));
    rejects(&func(p), "reached without setting it");
    // RETURN B=0 right after a VARARG with C=0 at the same register is what `return ...`
    // compiles to.
    accepts(&vararg(vec![
        abc(VarArgPrep, 0, 0, 0),
        abc(VarArg, 0, 0, 0),
        abc(Return, 0, 0, 1),
    ]));
    // Unreachable after a tail call (as the compiler leaves it): fine.
    accepts(&func(vec![abc(TailCall, 0, 1, 0), abc(Return, 0, 0, 0)]));
}

#[test]
fn vararg_functions_keep_their_frame_layout() {
    rejects(
        &vararg(vec![abc(Return, 0, 1, 1)]),
        "must start with VARARGPREP",
    );
    rejects(
        &func(vec![abc(VarArgPrep, 0, 0, 0), abc(Return0, 0, 0, 0)]),
        "not vararg",
    );
    rejects(
        &vararg(vec![
            abc(VarArgPrep, 0, 0, 0),
            abc(VarArgPrep, 0, 0, 0),
            abc(Return, 0, 1, 1),
        ]),
        "VARARGPREP after the start",
    );
    rejects(
        &vararg(vec![
            abc(VarArgPrep, 0, 0, 0),
            jmp(-2),
            abc(Return, 0, 1, 1),
        ]),
        "jump back to VARARGPREP",
    );
    // RETURN and TAILCALL move the frame back by C = parameters + 1.
    rejects(
        &vararg(vec![abc(VarArgPrep, 0, 0, 0), abc(Return, 0, 1, 0)]),
        "C does not match",
    );
    rejects(&func(vec![abc(Return, 0, 1, 1)]), "C does not match");
    rejects(&func(vec![abc(TailCall, 0, 1, 3)]), "C does not match");
    rejects(
        &vararg(vec![abc(VarArgPrep, 0, 0, 0), abc(Return0, 0, 0, 0)]),
        "RETURN0/RETURN1 in a vararg function",
    );
    rejects(
        &func(vec![abc(VarArg, 0, 2, 0), abc(Return0, 0, 0, 0)]),
        "VARARG in a function that is not vararg",
    );
}

#[test]
fn open_upvalues_are_closed_and_never_aliased() {
    // A function whose closures capture a register must close it when it returns.
    let mut p = func(vec![create_abx(Closure, 1, 0), abc(Return0, 0, 0, 0)]);
    p.protos.push(capturing(0));
    rejects(&p, "must close upvalues");
    p.code[1] = abc(Return, 0, 1, 0);
    rejects(&p, "must close upvalues");
    p.code[1] = abck(Return, 0, 1, 0);
    accepts(&p);
    // So must one with to-be-closed variables.
    rejects(
        &func(vec![abc(Tbc, 0, 0, 0), abc(Return1, 0, 0, 0)]),
        "must close upvalues",
    );
    // No call may start a frame over a register with an open upvalue.
    let mut p = func(vec![
        create_abx(Closure, 0, 0),
        abc(Call, 0, 1, 1),
        abck(Return, 0, 1, 0),
    ]);
    p.protos.push(capturing(2));
    rejects(&p, "a call over a register with an open upvalue");
    // Closed first: fine.
    p.code.insert(1, abc(Close, 2, 0, 0));
    accepts(&p);
    // The function slot itself counts: the callee could overwrite its own closure.
    let mut p = func(vec![
        create_abx(Closure, 1, 0),
        abc(Call, 1, 1, 1),
        abck(Return, 0, 1, 0),
    ]);
    p.protos.push(capturing(1));
    rejects(&p, "a call over a register with an open upvalue");
    p.protos[0] = capturing(0);
    accepts(&p);
}

#[test]
fn setlist_needs_the_table_newtable_made() {
    let table = |code: Vec<Instruction>| {
        let mut all = vec![abc(NewTable, 0, 0, 1), create_ax(ExtraArg, 0)];
        all.extend(code);
        all.push(abc(Return0, 0, 0, 0));
        func(all)
    };
    accepts(&table(vec![abc(LoadI, 1, 0, 0), abc(SetList, 0, 1, 0)]));
    rejects(
        &func(vec![
            abc(LoadI, 0, 0, 0),
            abc(SetList, 0, 1, 0),
            abc(Return0, 0, 0, 0),
        ]),
        "SETLIST on a register that may not hold a fresh table",
    );
    // Overwritten on the way.
    rejects(
        &table(vec![abc(LoadI, 0, 0, 0), abc(SetList, 0, 1, 0)]),
        "SETLIST on a register",
    );
    // Overwritten on one path only.
    rejects(
        &table(vec![
            abc(Test, 1, 0, 0),
            jmp(1),
            abc(LoadI, 0, 0, 0),
            abc(SetList, 0, 1, 0),
        ]),
        "SETLIST on a register",
    );
    // Captured by a closure that a call may run: the closure could assign it.
    let mut p = table(vec![
        create_abx(Closure, 1, 0),
        abc(Call, 1, 1, 1),
        abc(SetList, 0, 1, 0),
    ]);
    p.protos.push(capturing(0));
    p.code.push(abck(Return, 0, 1, 0));
    p.code.remove(p.code.len() - 2);
    rejects(&p, "SETLIST on a register");
}

#[test]
fn sizes_stay_sane() {
    // Table size hints larger than the code could fill.
    rejects(
        &func(vec![
            abc(NewTable, 0, 0, 200),
            create_ax(ExtraArg, 0),
            abc(Return0, 0, 0, 0),
        ]),
        "table size 200",
    );
    rejects(
        &func(vec![
            abck(NewTable, 0, 0, 0),
            create_ax(ExtraArg, MAXARG_AX),
            abc(Return0, 0, 0, 0),
        ]),
        "larger than the code could fill",
    );
    rejects(
        &func(vec![
            abc(NewTable, 0, 40, 0),
            create_ax(ExtraArg, 0),
            abc(Return0, 0, 0, 0),
        ]),
        "hash size 2^39",
    );
    rejects(
        &func(vec![
            abc(NewTable, 0, 0, 0),
            create_ax(ExtraArg, 0),
            abck(SetList, 0, 1, 0),
            create_ax(ExtraArg, 1 << 20),
            abc(Return0, 0, 0, 0),
        ]),
        "larger than the code could fill",
    );
    let mut p = func(vec![abc(Return0, 0, 0, 0)]);
    p.upvalues = vec![p.upvalues[0].clone(); 256];
    rejects(&p, "too many upvalues");
    let mut p = func(vec![abc(Return0, 0, 0, 0)]);
    p.lines = vec![1, 2];
    rejects(&p, "line information");
    p.lines = vec![1];
    accepts(&p);
    let mut p = func(vec![abc(Return0, 0, 0, 0)]);
    p.num_params = 5;
    rejects(&p, "more parameters than registers");
    let mut p = func(vec![abc(Return0, 0, 0, 0)]);
    for _ in 0..MAX_FUNCTION_NESTING + 1 {
        let mut parent = func(vec![abc(Return0, 0, 0, 0)]);
        parent.protos.push(Rc::new(p));
        p = parent;
    }
    rejects(&p, "nested too deeply");
}

/// Code the compiler emits for the cases the rules are about passes them.
#[test]
fn compiled_code_passes() {
    let programs = [
        // Closures in loops, break and goto out of blocks with captured locals.
        "local fs = {} for i = 1, 3 do local j = i fs[i] = function() return i + j end \
         if i == 2 then break end end",
        "local i = 0 ::top:: local x = i fs = function() return x end i = i + 1 \
         if i < 3 then goto top end",
        "local n = 0 repeat local x = n local f = function() return x end n = n + 1 \
         until f() > 2",
        "while true do local x = 1 g = function() return x end if x then break end end",
        // Open results into calls, returns and constructors.
        "local t = {...} print(select('#', ...), ...) return ...",
        "local function f(...) return ... end local t = {f(1, 2, f(3))} return f(f(4), f())",
        "local o = {} function o:m(...) return self, ... end return o:m(o:m(1))",
        // Tables built while closures are alive.
        "local x = 1 local f = function() x = x + 1 return x end local t = {f(), f(), x}",
        // To-be-closed variables and generic for.
        "do local c <close> = nil for k, v in pairs({}) do local y = v end end return 1",
        "local function g(...) local a <close> = nil return ... end",
        // Arithmetic families.
        "local a, b = ... return a + b, a - 1, a * 2.5, a // b, 1 << a, a >> 2, a & 3, -a",
    ];
    for src in programs {
        let arena = bumpalo::Bump::new();
        let chunk = crate::syntax::parse(&arena, src.as_bytes(), b"=t").unwrap();
        let p = super::compile(&chunk).unwrap();
        if let Err(e) = verify(&p) {
            panic!("{src}\n{e}\n{}", super::disasm::disassemble(&p));
        }
    }
}
