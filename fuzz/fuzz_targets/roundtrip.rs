//! Any bytes that parse: printing the AST and parsing the text again gives the same AST.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = moonlab::syntax::printer::check_round_trip(data) {
        panic!("{e}");
    }
});
