//! A slice of the Lua corpus on the VM, small enough to run under Miri, which checks the
//! unsafe core (NaN-boxed values, object headers, the collector's frees, stack pointers held
//! by the interpreter and by open upvalues) against Stacked Borrows while real programs run:
//! coroutines switching stacks, closures and their upvalues, weak tables and ephemerons,
//! finalizers and resurrection, `<close>` variables on normal and error exits, tables
//! filled field by field.
//!
//! Natively these are ordinary corpus tests. Under Miri (`.ci/run`):
//!
//! ```sh
//! MIRIFLAGS=-Zmiri-permissive-provenance \
//!   cargo +nightly miri test -p moonlab-testkit --features moonlab/match-dispatch --test vm_under_miri
//! MIRIFLAGS=-Zmiri-permissive-provenance \
//!   cargo +nightly miri test -p moonlab-testkit --test vm_under_miri threaded_dispatch
//! ```
//!
//! The slice runs on the `match` dispatch: Miri does not turn the threaded handlers' tail
//! calls into jumps, so every instruction would keep a frame until the program ends. Two
//! short scripts run on the threaded dispatch too (one for quickening, which only it
//! does). Values carry object addresses in NaN
//! payloads, hence the permissive provenance flag. The scripts are compiled in, so the test
//! reads no files (Miri isolates the file system).

use moonlab_testkit::Sink;

/// Runs `src` as lua.c would (generational collector, the state closed at the end, so
/// pending finalizers print) and compares with lua5.4's output.
fn run(name: &str, src: &str, expected: &str) {
    let sink = Sink::default();
    let mut lua = moonlab::api::Lua::with_output(Box::new(sink.clone()));
    lua.set_generational();
    let chunkname = format!("@{name}");
    let r = lua
        .exec(src.as_bytes(), chunkname.as_bytes())
        .and_then(|()| lua.close());
    assert!(r.is_ok(), "{name}: {r:?}");
    assert_eq!(sink.text(), expected, "{name}");
}

macro_rules! corpus {
    ($($area:literal / $name:literal),* $(,)?) => {
        &[$((
            concat!($name, ".lua"),
            include_str!(concat!("../../lua/", $area, "/", $name, ".lua")),
            include_str!(concat!("../../lua/", $area, "/", $name, ".out")),
        )),*]
    };
}

/// The slice: each script exercises a part of the unsafe core.
const SLICE: &[(&str, &str, &str)] = corpus![
    "basics" / "closures",
    "coroutines" / "resume_yield",
    "coroutines" / "wrap",
    "coroutines" / "close",
    "gc" / "weak_keys",
    "gc" / "ephemeron_chains",
    "gc" / "finalizers",
    "gc" / "resurrection",
    "closing" / "close_basic",
    "closing" / "close_errors",
    // Field stores that insert in place (`Gc::<Table>::set_short_str`), a table that is
    // its own metatable included.
    "metatables" / "newindex_cache",
];

#[test]
fn corpus_slice_matches_lua54() {
    for (name, src, expected) in SLICE {
        run(name, src, expected);
    }
}

#[test]
fn threaded_dispatch_smoke() {
    let (name, src, expected) = SLICE[0];
    run(name, src, expected);
}

/// Quickening (src/vm/quick.rs) rewrites opcodes in a prototype's shared code through
/// `Cell`s, on the threaded dispatch only: its corpus script runs there under Miri.
#[test]
fn threaded_dispatch_quickening() {
    let (name, src, expected) = corpus!["numbers" / "quickening"][0];
    run(name, src, expected);
}
