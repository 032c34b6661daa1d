//! Chooses how the interpreter dispatches its opcodes (see `src/vm/dispatch.rs`).
//!
//! Threaded dispatch needs the handlers' tail calls turned into jumps, which LLVM does at
//! every optimisation level but 0; unoptimised, each instruction would add a native stack
//! frame and a long loop would overflow the stack. So a build at opt-level 0 (cargo's
//! default `dev` profile in a host crate) gets the `match` loop, as the `match-dispatch`
//! feature asks for explicitly. Both set `cfg(match_dispatch)`.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(match_dispatch)");
    println!("cargo::rerun-if-env-changed=OPT_LEVEL");
    let feature = std::env::var_os("CARGO_FEATURE_MATCH_DISPATCH").is_some();
    let unoptimised = std::env::var("OPT_LEVEL").is_ok_and(|l| l == "0");
    if feature || unoptimised {
        println!("cargo::rustc-cfg=match_dispatch");
    }
}
