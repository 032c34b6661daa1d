//! A generated program (`moonlab_testkit::fuzzgen::generate_any`, steered by the fuzzer's
//! bytes: the first picks ordinary programs, hostile ones (library functions as
//! metamethods, erroring and yielding `__close` handlers, huge repetition counts) or wide
//! ones (string.pack/format, goto, every metamethod, non-string errors)) on both
//! engines, each under a work budget and the VM under a memory limit, then on lua5.4 linked
//! in: output, error messages and the final error value must match. A run that exhausts
//! its budget or hits the memory limit is inconclusive, never a finding, so the reference
//! runs only what the VM finished and lua5.4 only what both finished (`run_both`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use moonlab_testkit::differential::{compare_three, RunOptions};
use moonlab_testkit::fuzzgen;

fuzz_target!(|data: &[u8]| {
    let src = fuzzgen::generate_any(data);
    let opts = RunOptions {
        quick: true,
        ..RunOptions::default()
    };
    if let Err(diff) = compare_three(src.as_bytes(), opts) {
        panic!("{diff}\n--- program\n{src}");
    }
});
