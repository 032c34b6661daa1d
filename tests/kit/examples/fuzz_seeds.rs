//! Writes the committed seed corpora of the fuzz targets (`fuzz/seeds/<target>/`), so they
//! can be remade when the binary-chunk format or the generator changes:
//! `cargo run -p moonlab-testkit --example fuzz_seeds` (from the workspace root).
//!
//! - `bytecode_load`: the first script of each tests/lua area, dumped whole and stripped,
//!   and a few structural inputs (`S` + generator bytes).
//! - `differential`, `gc_differential`: the generator bytes of the seeded tests' first seeds
//!   (for `differential`, behind a first byte that picks `generate` (0) or
//!   `generate_hostile` (1), as `fuzzgen::generate_any` reads it).
use moonlab_testkit::corpus::repo_dir;
use moonlab_testkit::fuzzgen;

fn main() {
    let root = repo_dir();
    let seeds = root.join("fuzz/seeds");
    for target in ["bytecode_load", "differential", "gc_differential"] {
        let dir = seeds.join(target);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
    }
    let mut areas: Vec<_> = std::fs::read_dir(root.join("tests/lua"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    areas.sort();
    for area in areas {
        let mut scripts: Vec<_> = std::fs::read_dir(&area)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "lua"))
            .collect();
        scripts.sort();
        let script = &scripts[0];
        let name = script.file_stem().unwrap().to_str().unwrap();
        let src = std::fs::read(script).unwrap();
        let src = moonlab::syntax::file_source(&src).into_owned();
        let chunkname = format!("@{name}.lua");
        let arena = bumpalo::Bump::new();
        let chunk = moonlab::syntax::parse(&arena, &src, chunkname.as_bytes()).unwrap();
        let proto = moonlab::compiler::compile(&chunk).unwrap();
        let dir = seeds.join("bytecode_load");
        for (strip, suffix) in [(false, ""), (true, "-stripped")] {
            let bytes = moonlab::compiler::dump::dump(&proto, strip);
            std::fs::write(dir.join(format!("{name}{suffix}.luac")), bytes).unwrap();
        }
    }
    for seed in 0..8u64 {
        let mut s = b"S".to_vec();
        s.extend_from_slice(&fuzzgen::seed_bytes(seed));
        std::fs::write(seeds.join(format!("bytecode_load/structural-{seed}")), s).unwrap();
    }
    for seed in 0..16u64 {
        let bytes = fuzzgen::seed_bytes(seed);
        std::fs::write(seeds.join(format!("gc_differential/seed-{seed}")), &bytes).unwrap();
        for (kind, first) in [("seed", 0u8), ("hostile", 1)] {
            let mut input = vec![first];
            input.extend_from_slice(&bytes);
            std::fs::write(seeds.join(format!("differential/{kind}-{seed}")), input).unwrap();
        }
    }
}
