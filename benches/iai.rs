//! Instruction-count benchmarks (iai-callgrind 0.16.1): the front end over each benchmark
//! program, and each program run on the fast VM and on the reference interpreter at the
//! same tiny size.
//!
//! `cargo bench` runs them (see benches/README.md for the one-time runner install). Counts
//! are deterministic: the same build gives the same numbers run after run.
//! Declared in tests/kit/Cargo.toml: the test kit is the crate that depends on both engines
//! (the reference interpreter depends on moonlab, so a bench of the moonlab crate could not
//! run it).

use std::hint::black_box;

use iai_callgrind::{library_benchmark, library_benchmark_group, main};

/// Program name and the size used for counting: tiny, since callgrind runs the reference
/// about fifty times slower than native.
const PROGRAMS: &[(&str, &str)] = &[
    ("recursive_calls", "12"),
    ("numeric_loops", "15"),
    ("float_fields", "10"),
    ("method_calls", "100"),
    ("closures", "500"),
    ("string_building", "300"),
    ("table_access", "400"),
    ("sorting", "200"),
    ("binary_trees", "5"),
    ("coroutine_pingpong", "2000"),
    ("nbody", "300"),
    ("spectral_norm", "10"),
    ("fannkuch", "1000"),
    ("mandelbrot", "10"),
    ("json", "10"),
    ("richards", "200"),
    ("weak_cache", "300"),
    ("ray_tracer", "6"),
    ("parser", "2"),
];

fn source(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../benches/lua/{name}.lua",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn size_of(name: &str) -> String {
    PROGRAMS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| s.to_string())
        .expect("a listed program")
}

// Lexes, parses and resolves one program.
#[library_benchmark]
#[benches::programs(
    "recursive_calls",
    "numeric_loops",
    "float_fields",
    "method_calls",
    "closures",
    "string_building",
    "table_access",
    "sorting",
    "binary_trees",
    "coroutine_pingpong",
    "nbody",
    "spectral_norm",
    "fannkuch",
    "mandelbrot",
    "json",
    "richards",
    "weak_cache",
    "ray_tracer",
    "parser"
)]
fn front_end(name: &str) -> usize {
    let src = source(name);
    let arena = bumpalo::Bump::new();
    let chunk = moonlab::syntax::parse(&arena, black_box(&src), b"@bench.lua").expect("valid");
    black_box(chunk.main.locals.len())
}

struct Discard;

impl std::io::Write for Discard {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// Runs one program on the reference interpreter.
#[library_benchmark]
#[benches::programs(
    "recursive_calls",
    "numeric_loops",
    "float_fields",
    "method_calls",
    "closures",
    "string_building",
    "table_access",
    "sorting",
    "binary_trees",
    "coroutine_pingpong",
    "nbody",
    "spectral_norm",
    "fannkuch",
    "mandelbrot",
    "json",
    "richards",
    "weak_cache",
    "ray_tracer",
    "parser"
)]
fn reference(name: &str) -> u64 {
    let src = source(name);
    let size = size_of(name);
    let mut lua = moonlab_reference::Lua::with_output(Box::new(Discard));
    lua.set_arg_table(&[(0, name.as_bytes().to_vec()), (1, size.as_bytes().to_vec())]);
    lua.exec_with_args(black_box(&src), b"@bench.lua", vec![size.into_bytes()])
        .expect("runs");
    black_box(lua.steps())
}

// Runs one program on the fast VM (compiling it included).
#[library_benchmark]
#[benches::programs(
    "recursive_calls",
    "numeric_loops",
    "float_fields",
    "method_calls",
    "closures",
    "string_building",
    "table_access",
    "sorting",
    "binary_trees",
    "coroutine_pingpong",
    "nbody",
    "spectral_norm",
    "fannkuch",
    "mandelbrot",
    "json",
    "richards",
    "weak_cache",
    "ray_tracer",
    "parser"
)]
fn vm(name: &str) -> u64 {
    let src = source(name);
    let size = size_of(name);
    let mut lua = moonlab::api::Lua::with_output(Box::new(Discard));
    lua.set_arg_table(&[(0, name.as_bytes().to_vec()), (1, size.as_bytes().to_vec())]);
    lua.exec_with_args(black_box(&src), b"@bench.lua", vec![size.into_bytes()])
        .expect("runs");
    black_box(lua.instructions())
}

library_benchmark_group!(name = engines; benchmarks = front_end, vm, reference);
main!(library_benchmark_groups = engines);
