//! The collector under pressure: a generated program (`fuzzgen::generate`, whose output
//! does not depend on when the collector runs) on the reference, and on the VM under
//! `--gc-stress` (collector work after every allocation) in incremental and in generational
//! mode. A missing write barrier or root shows as a crash, a wrong value or a difference.
//! (The GC programs of `gc_differential` stop the collector, and a stopped collector does
//! no work under stress either, so they would check nothing here.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use moonlab_testkit::differential::RunOptions;
use moonlab_testkit::differential::{first_difference_of, normalise, run_reference, run_vm};
use moonlab_testkit::fuzzgen;

fuzz_target!(|data: &[u8]| {
    let src = fuzzgen::generate(data);
    let opts = RunOptions {
        quick: true,
        ..RunOptions::default()
    };
    let Some(reference) = run_reference(src.as_bytes(), opts) else {
        return;
    };
    let reference = normalise(&reference);
    for generational in [false, true] {
        let stressed = RunOptions {
            generational,
            stress: true,
            ..opts
        };
        let Some(vm) = run_vm(src.as_bytes(), stressed) else {
            continue;
        };
        let vm = normalise(&vm);
        if vm != reference {
            let mode = if generational {
                "generational"
            } else {
                "incremental"
            };
            let diff = first_difference_of(&[("reference", &reference), ("vm", &vm)]);
            panic!("the VM under gc-stress ({mode}) differs\n{diff}\n--- program\n{src}");
        }
    }
});
