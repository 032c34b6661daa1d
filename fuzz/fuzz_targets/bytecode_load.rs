//! Binary chunks from untrusted bytes: `load` in binary mode must return a function or an
//! error and never crash, and a loaded function runs (under an instruction limit) without
//! crashing. Two kinds of input:
//!
//! - anything else: the bytes themselves are the chunk (the seeds in `fuzz/seeds/
//!   bytecode_load` are valid dumps for libFuzzer to damage). What loads must also survive
//!   a second round: dumping it again and loading that gives the same prototype.
//! - `S` + bytes: structural (`fuzzgen::structural_chunk`). The bytes steer the program
//!   generator, the program is compiled, then damaged by `fuzzgen::mutate_proto` (opcodes,
//!   operands, sizes, flags, upvalues, constants) and dumped, so that code the compiler
//!   never emits reaches the verifier and, when it passes, the VM.
//!
//! To see what an input does: `cargo run -p moonlab-testkit --example bytecode_case FILE`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moonlab::compiler::{dump::dump, undump::undump};

/// Instructions a loaded chunk may run: enough for loops, small enough never to hang.
const LIMIT: u64 = 20_000;

fn run(bytes: &[u8]) {
    use moonlab::api::LuaState;
    let mut lua = moonlab::api::Lua::with_output(Box::new(std::io::sink()));
    lua.set_instruction_limit(Some(LIMIT));
    if lua
        .load(bytes)
        .set_name("=fuzz")
        .set_mode("b")
        .into_function()
        .is_ok()
    {
        let _ = lua.exec(bytes, b"=fuzz");
    }
}

fn raw(data: &[u8]) {
    if let Ok(p) = undump(data, b"=fuzz") {
        let again = dump(&p, false);
        let q = undump(&again, b"=fuzz").expect("a dump of a loaded chunk loads");
        assert!(*p == *q, "dump and undump do not round-trip");
        assert_eq!(dump(&q, false), again, "dumping is not deterministic");
    }
    run(data);
}

fn structural(data: &[u8]) {
    if let Some((_, p, strip)) = moonlab_testkit::fuzzgen::structural_chunk(data) {
        run(&dump(&p, strip));
    }
}

fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((b'S', rest)) => structural(rest),
        _ => raw(data),
    }
});
