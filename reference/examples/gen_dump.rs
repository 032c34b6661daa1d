//! Prints the program `moonlab::fuzzgen` generates for a seed (debugging aid).
fn main() {
    let seed: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let data = moonlab::fuzzgen::seed_bytes(seed);
    print!("{}", moonlab::fuzzgen::generate(&data));
}
