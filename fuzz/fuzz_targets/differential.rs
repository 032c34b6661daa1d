//! A generated program (`moonlab_testkit::fuzzgen::generate`, steered by the fuzzer's bytes)
//! on both engines, each under a work budget: output, error messages and the final error
//! value must match. A run that exhausts its budget is inconclusive, never a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moonlab_testkit::differential::{compare_engines, RunOptions};
use moonlab_testkit::fuzzgen;

fuzz_target!(|data: &[u8]| {
    let src = fuzzgen::generate(data);
    if let Err(diff) = compare_engines(src.as_bytes(), RunOptions::default()) {
        panic!("the engines disagree\n{diff}\n--- program\n{src}");
    }
});
