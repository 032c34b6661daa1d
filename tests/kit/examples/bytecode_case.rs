//! Shows what a `bytecode_load` fuzz input does (debugging aid):
//! `cargo run -p moonlab-testkit --example bytecode_case -- FILE [LIMIT]`.
//! For a structural input (`S` + bytes) it prints the generated program and the listing of
//! the damaged prototype; then it loads the chunk on the VM, runs it under the instruction
//! limit (default 20,000, as the target) and prints the outcome and the time taken.
use std::time::Instant;

use moonlab_testkit::fuzzgen;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = std::fs::read(&args[0]).expect("an input file");
    let limit: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let bytes = match data.split_first() {
        Some((b'S', rest)) => {
            let Some((src, p, strip)) = fuzzgen::structural_chunk(rest) else {
                println!("(the generated program does not compile: the input does nothing)");
                return;
            };
            println!("--- program\n{src}--- damaged prototype (strip: {strip})");
            print!("{}", moonlab::compiler::disasm::disassemble(&p));
            moonlab::compiler::dump::dump(&p, strip)
        }
        _ => data,
    };
    use moonlab::api::LuaState;
    let mut lua = moonlab::api::Lua::new();
    lua.set_instruction_limit(Some(limit));
    let start = Instant::now();
    match lua
        .load(&bytes)
        .set_name("=fuzz")
        .set_mode("b")
        .into_function()
    {
        Err(e) => println!("--- load error: {e}"),
        Ok(_) => {
            println!("--- loaded; running");
            let r = lua.exec(&bytes, b"=fuzz");
            println!("\n--- outcome: {r:?}");
        }
    }
    println!(
        "--- {:.3} s, {} instructions",
        start.elapsed().as_secs_f64(),
        lua.instructions()
    );
}
