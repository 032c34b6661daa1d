//! A generated program (`moonlab::fuzzgen::generate`, steered by the fuzzer's bytes) on both
//! engines, each under a work budget: output, error messages and the final error value must
//! match. A run that exhausts its budget is inconclusive, never a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moonlab_reference::differential::{compare_engines, RunOptions};

fuzz_target!(|data: &[u8]| {
    let src = moonlab::fuzzgen::generate(data);
    if let Err(diff) = compare_engines(src.as_bytes(), RunOptions::default()) {
        panic!("the engines disagree\n{diff}\n--- program\n{src}");
    }
});
