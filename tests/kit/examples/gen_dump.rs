//! Prints the program `moonlab_testkit::fuzzgen` generates for a seed (debugging aid):
//! `cargo run -p moonlab-testkit --example gen_dump -- SEED` (add `--gc` for the GC mode,
//! `--hostile` for `generate_hostile`); `-- --input FILE` prints the program a fuzz input
//! (a `differential` artifact, read by `generate_any`) stands for.
use moonlab_testkit::fuzzgen;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let gc = args.iter().any(|a| a == "--gc");
    let hostile = args.iter().any(|a| a == "--hostile");
    if let Some(i) = args.iter().position(|a| a == "--input") {
        let data = std::fs::read(&args[i + 1]).expect("the input file");
        print!("{}", fuzzgen::generate_any(&data));
        return;
    }
    let seed: u64 = args.iter().find_map(|s| s.parse().ok()).unwrap_or(0);
    let data = fuzzgen::seed_bytes(seed);
    if gc {
        print!("{}", fuzzgen::generate_gc(&data));
    } else if hostile {
        print!("{}", fuzzgen::generate_hostile(&data));
    } else {
        print!("{}", fuzzgen::generate(&data));
    }
}
