//! Quickening: arithmetic instructions that specialise themselves on the operand types
//! they see (as Luau's and CPython's interpreters do; papers/performance.md, "Seventh
//! round", q7).
//!
//! The generic handler of ADD, SUB, MUL, DIV, ADDK, SUBK, MULK, MODK, DIVK, IDIVK or ADDI, after two inline integers (or two
//! floats) took its fast path, rewrites the instruction's opcode field in the code the
//! interpreter runs (`FuncProto::quick`, a copy of the prototype's code) to one of the
//! numbers below, which lua5.4's instruction set leaves unused (83-127 of the 7-bit field).
//! Its handler tests only that case, in the form that case wants: whole words in integer
//! registers for integers, floats loaded into and stored from float registers. When the
//! operands no longer fit, it rewrites the instruction to the opcode's sticky generic form
//! (the generic body, which never quickens again, so an instruction whose types keep
//! changing is rewritten at most twice) and runs it.
//!
//! A quickened instruction keeps its operands and means the same as the lua5.4 one for
//! every operand type; only its handler differs. Nothing but the dispatch ever reads the
//! copy: error messages, hooks, `finish_op`, `string.dump`, the disassembler and the
//! verifier read `Proto::code`, which holds lua5.4's opcodes only. The `match` dispatch
//! never quickens (its `match` is over `OpCode`).
#![forbid(unsafe_code)]
#![cfg_attr(match_dispatch, allow(dead_code))]

use crate::compiler::opcode::{Instruction, NUM_OPCODES, SIZE_OP};

const BASE: u32 = NUM_OPCODES as u32;

/// ADD of two inline integers.
pub(crate) const ADD_II: u32 = BASE;
/// ADD of two floats.
pub(crate) const ADD_FF: u32 = BASE + 1;
/// ADD, generic, never quickened again.
pub(crate) const ADD_G: u32 = BASE + 2;
pub(crate) const MUL_II: u32 = BASE + 3;
pub(crate) const MUL_FF: u32 = BASE + 4;
pub(crate) const MUL_G: u32 = BASE + 5;
/// DIV of two floats (two integers stay generic: DIV of integers is rare).
pub(crate) const DIV_FF: u32 = BASE + 6;
pub(crate) const DIV_G: u32 = BASE + 7;
/// DIVK of an inline integer by an integer constant (a float result).
pub(crate) const DIVK_II: u32 = BASE + 8;
pub(crate) const DIVK_G: u32 = BASE + 9;
/// ADDI of an inline integer.
pub(crate) const ADDI_I: u32 = BASE + 10;
/// ADDI of a float.
pub(crate) const ADDI_F: u32 = BASE + 11;
pub(crate) const ADDI_G: u32 = BASE + 12;
pub(crate) const SUB_II: u32 = BASE + 13;
pub(crate) const SUB_FF: u32 = BASE + 14;
pub(crate) const SUB_G: u32 = BASE + 15;
/// The K forms: the register and the constant both inline integers, or both floats.
pub(crate) const ADDK_II: u32 = BASE + 16;
pub(crate) const ADDK_FF: u32 = BASE + 17;
pub(crate) const ADDK_G: u32 = BASE + 18;
pub(crate) const SUBK_II: u32 = BASE + 19;
pub(crate) const SUBK_FF: u32 = BASE + 20;
pub(crate) const SUBK_G: u32 = BASE + 21;
pub(crate) const MULK_II: u32 = BASE + 22;
pub(crate) const MULK_FF: u32 = BASE + 23;
pub(crate) const MULK_G: u32 = BASE + 24;
/// MODK and IDIVK of an inline integer by an integer constant (no float case: floats
/// call `fmod` and `floor`, in `arith_general`).
pub(crate) const MODK_II: u32 = BASE + 25;
pub(crate) const MODK_G: u32 = BASE + 26;
pub(crate) const IDIVK_II: u32 = BASE + 27;
pub(crate) const IDIVK_G: u32 = BASE + 28;

const LAST: u32 = IDIVK_G;
const _: () = assert!(
    LAST < 1 << SIZE_OP,
    "quickened opcodes fit the opcode field"
);

/// The lua5.4 opcode that opcode number `n` stands for, if `n` is a quickened one.
pub(crate) const fn generic_of(n: u32) -> Option<crate::compiler::opcode::OpCode> {
    use crate::compiler::opcode::OpCode;
    Some(match n {
        ADD_II | ADD_FF | ADD_G => OpCode::Add,
        MUL_II | MUL_FF | MUL_G => OpCode::Mul,
        DIV_FF | DIV_G => OpCode::Div,
        DIVK_II | DIVK_G => OpCode::DivK,
        ADDI_I | ADDI_F | ADDI_G => OpCode::AddI,
        SUB_II | SUB_FF | SUB_G => OpCode::Sub,
        ADDK_II | ADDK_FF | ADDK_G => OpCode::AddK,
        SUBK_II | SUBK_FF | SUBK_G => OpCode::SubK,
        MULK_II | MULK_FF | MULK_G => OpCode::MulK,
        MODK_II | MODK_G => OpCode::ModK,
        IDIVK_II | IDIVK_G => OpCode::IDivK,
        _ => return None,
    })
}

/// `i` with opcode number `n` in place of its own, operands unchanged.
#[inline(always)]
pub(crate) fn with_op(i: Instruction, n: u32) -> Instruction {
    (i & !((1 << SIZE_OP) - 1)) | n
}

/// `i` with a quickened opcode replaced by the lua5.4 one it stands for.
#[cfg(test)]
fn dequicken(i: Instruction) -> Instruction {
    match generic_of(crate::compiler::opcode::op_bits(i)) {
        Some(op) => with_op(i, op as u32),
        None => i,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compiler::opcode::{create_abck, op, OpCode};
    use crate::vm::state::Vm;

    #[test]
    fn quickened_numbers_are_outside_lua_and_map_back() {
        for n in 0..BASE {
            assert_eq!(generic_of(n), None);
        }
        for n in BASE..=LAST {
            let g = generic_of(n).expect("every number up to LAST is quickened");
            let i = create_abck(OpCode::Add, 3, 4, 5, true);
            let q = with_op(i, n);
            assert_eq!(op(dequicken(q)), g);
            assert_eq!(dequicken(q) & !0x7f, i & !0x7f, "operands unchanged");
        }
        assert_eq!(generic_of(LAST + 1), None);
    }

    /// Runs `src` (which defines global `f` and calls it); returns `f`'s prototype's
    /// code (lua5.4's) and the code the interpreter ran. What the programs print is
    /// checked against lua5.4 by the corpus (tests/lua/numbers/quickening.lua).
    fn run(src: &str) -> (Vec<Instruction>, Vec<Instruction>) {
        let mut vm = Vm::bare(Box::new(std::io::sink()));
        crate::stdlib::open_all(&mut vm);
        let main = vm.load(src.as_bytes(), b"=quick", None).expect("compiles");
        vm.call_function(main, &[]).expect("runs");
        let key = vm.str(b"f");
        let f = vm
            .globals()
            .get(key)
            .as_lua_closure()
            .expect("f is a Lua function");
        let fp = &f.proto;
        (
            fp.p.code.clone(),
            fp.quick.iter().map(|c| c.get()).collect(),
        )
    }

    fn quickened(code: &[Instruction]) -> Vec<u32> {
        code.iter()
            .map(|&i| crate::compiler::opcode::op_bits(i))
            .filter(|&n| n >= BASE)
            .collect()
    }

    #[test]
    fn stable_types_quicken_and_the_prototype_keeps_lua_opcodes() {
        let (orig, ran) = run("function f(a, b, x, y) \
               return a + b, a * b, a / 2, a + 1, x + y, x * y, x / y, x + 1, a - b, x - y, \
                 a + 1000, a - 1000, a * 3, x + 0.5, x - 0.5, x * 0.5, a % 3, a // 3 end \
             for n = 1, 3 do f(n, 2, n + 0.5, 0.25) end");
        let q = quickened(&ran);
        for n in [
            ADD_II, MUL_II, DIVK_II, ADDI_I, ADD_FF, MUL_FF, DIV_FF, ADDI_F, SUB_II, SUB_FF,
            ADDK_II, SUBK_II, MULK_II, ADDK_FF, SUBK_FF, MULK_FF, MODK_II, IDIVK_II,
        ] {
            assert!(q.contains(&n), "{n} in {q:?}");
        }
        assert!(
            quickened(&orig).is_empty(),
            "Proto::code keeps lua5.4's opcodes"
        );
        let back: Vec<_> = ran.iter().map(|&i| dequicken(i)).collect();
        assert_eq!(back, orig, "only opcodes were rewritten");
    }

    #[test]
    fn changing_types_fall_back_to_the_sticky_generic_form() {
        let (orig, ran) = run(
            "function f(a, b) return a + b, a * b, a / b, a + 1, a / 2, a - b, \
               a + 1000, a - 1000, a * 3, a % 3, a // 3 end \
             f(3, 4) f(3, 4) f(1.5, 2.5) f(1.5, 2.5) f(3, 4)",
        );
        let q = quickened(&ran);
        for n in [
            ADD_G, MUL_G, ADDI_G, DIVK_G, SUB_G, ADDK_G, SUBK_G, MULK_G, MODK_G, IDIVK_G,
        ] {
            assert!(q.contains(&n), "{n} in {q:?}");
        }
        let back: Vec<_> = ran.iter().map(|&i| dequicken(i)).collect();
        assert_eq!(back, orig);
    }
}
