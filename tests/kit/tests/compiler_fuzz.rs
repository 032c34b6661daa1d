//! The compiler on generated programs (`moonlab_testkit::fuzzgen`): it must never panic,
//! its output must pass `verify`, and (when `luac5.4` is installed) a sample of the listings
//! must be identical to luac's.

use moonlab::compiler::{compile, disasm::disassemble, verify::verify};
use moonlab_testkit::{fuzzgen, luac};

fn count(var: &str, default: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

#[test]
fn generated_programs_compile_to_valid_code() {
    for seed in 0..count("MOONLAB_COMPILER_FUZZ_COUNT", 3000) {
        let src = fuzzgen::generate(&fuzzgen::seed_bytes(seed));
        let arena = bumpalo::Bump::new();
        let chunk = moonlab::syntax::parse(&arena, src.as_bytes(), b"@prog.lua")
            .unwrap_or_else(|e| panic!("seed {seed}: generated program does not parse: {e}"));
        let proto = compile(&chunk).unwrap_or_else(|e| panic!("seed {seed}: {e}\n{src}"));
        if let Err(msg) = verify(&proto) {
            panic!("seed {seed}: {msg}\n{}\n{src}", disassemble(&proto));
        }
    }
}

#[test]
fn generated_programs_compile_like_luac() {
    let Some(dir) = luac::workdir("fuzz") else {
        return;
    };
    let mut mismatches = Vec::new();
    let n = count("MOONLAB_COMPILER_LUAC_COUNT", 300);
    for seed in 0..n {
        let src = fuzzgen::generate(&fuzzgen::seed_bytes(seed));
        let path = dir.join("prog.lua");
        std::fs::write(&path, &src).unwrap();
        let theirs = luac::listing(&dir, "prog.lua");
        let ours = luac::our_listing(src.as_bytes(), b"@prog.lua");
        if let Some(diff) = luac::first_difference(&ours, &theirs) {
            mismatches.push(format!("seed {seed}: {diff}\n--- program\n{src}"));
            if mismatches.len() >= 3 {
                break;
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
    eprintln!("compiler_fuzz: {n} listings compared with luac5.4");
}
