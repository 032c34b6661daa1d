//! Any bytes: the front end returns an AST or a syntax error, and never panics or overflows.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let arena = bumpalo::Bump::new();
    let _ = moonlab::syntax::parse(&arena, data, b"=fuzz");
});
