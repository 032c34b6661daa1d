//! A generated GC program (`moonlab_testkit::fuzzgen::generate_gc`: weak tables, ephemerons,
//! finalizers, resurrection, full collections, mode switches) on both engines, started in
//! generational mode and closed at the end as lua5.4 runs a script: which entries survive
//! and which finalizers run, in which order, must match.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moonlab_testkit::differential::{compare_three, RunOptions};
use moonlab_testkit::fuzzgen;

fuzz_target!(|data: &[u8]| {
    let src = fuzzgen::generate_gc(data);
    let opts = RunOptions {
        generational: true,
        close: true,
        quick: true,
        stress: false,
    };
    if let Err(diff) = compare_three(src.as_bytes(), opts) {
        panic!("{diff}\n--- program\n{src}");
    }
});
