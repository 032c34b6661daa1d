//! Binary chunks (`string.dump`, `load` in binary mode). The VM's format is documented in
//! `src/compiler/dump.rs`, the reference interpreter's (source text, not bytecode) in
//! `reference/src/chunk.rs`. Against lua5.4's output where the behaviour is observable
//! from Lua:
//!
//! - every script of the conformance corpus (tests/lua) compiled, dumped, loaded back and
//!   run gives lua5.4's output (tests/lua/*/NAME.out);
//! - tests/binary/NAME.lua, scripts that call `string.dump` and `load` themselves, give
//!   the output lua5.4 gave (tests/binary/regen.sh), on both engines;
//! - each engine refuses the other's chunks with lua5.4's "format mismatch";
//! - dumping and loading keeps a prototype exactly (stripped: all but debug information);
//! - thousands of mutated and truncated chunks (seeded, deterministic; the structural
//!   mutations are `fuzzgen::mutate_proto`'s, as in the `bytecode_load` fuzz target) are
//!   rejected with an error or run under an instruction limit, and never panic.
//!
//! `cargo test -p moonlab-testkit --test binary_chunks` runs just these.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use moonlab::compiler::dump::dump;
use moonlab::compiler::proto::Proto;
use moonlab::compiler::undump::undump;
use moonlab::compiler::verify::verify;
use moonlab_testkit::corpus::{
    chunkname, first_difference, known_failures, scripts, tests_dir, with_uncaught_error,
};
use moonlab_testkit::lua54::{self, LUA};
use moonlab_testkit::{fuzzgen, Sink};

/// The corpus runs in this process, and os/clock.lua measures the process's CPU time
/// across a sleep: no other test of this file may compute meanwhile.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

fn root() -> PathBuf {
    tests_dir().to_path_buf()
}

fn compile(src: &[u8], name: &[u8]) -> Result<Rc<Proto>, String> {
    let arena = bumpalo::Bump::new();
    let chunk = moonlab::syntax::parse(&arena, src, name).map_err(|e| e.to_string())?;
    moonlab::compiler::compile(&chunk).map_err(|e| e.to_string())
}

fn compile_file(path: &Path) -> Rc<Proto> {
    let src = std::fs::read(path).unwrap();
    let src = moonlab::syntax::file_source(&src).into_owned();
    compile(&src, &chunkname(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `chunk` (text or binary) as lua5.4 runs a script: output, then an uncaught error
/// the way tests/lua's runner records it.
fn run(chunk: &[u8], name: &[u8], limit: u64) -> Vec<u8> {
    let sink = Sink::default();
    let mut lua = moonlab::api::Lua::with_output(Box::new(sink.clone()));
    lua.set_generational();
    lua.set_instruction_limit(Some(limit));
    let mut r = lua.exec(chunk, name);
    if r.is_ok() {
        r = lua.close();
    }
    with_uncaught_error(sink.bytes(), r.map_err(|e| e.message))
}

/// Scripts the VM is known to get wrong even from source (tests/lua/vm_known_failures.txt).
fn known_vm_failures() -> Vec<String> {
    known_failures("vm")
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

#[test]
fn corpus_scripts_give_lua54_output_from_binary_chunks() {
    let _serial = serial();
    let dir = root().join("lua");
    let known = known_vm_failures();
    let all = scripts(&dir);
    assert!(all.len() > 50, "corpus not found under {}", dir.display());
    let mut failed = Vec::new();
    for path in &all {
        let rel = path.strip_prefix(&dir).unwrap().display().to_string();
        if known.contains(&rel) {
            continue;
        }
        let proto = compile_file(path);
        let bytes = dump(&proto, false);
        // From the script's directory, as lua5.4 ran it (the package scripts find their
        // modules there). No other test of this file depends on the working directory.
        let prev = std::env::current_dir().unwrap();
        std::env::set_current_dir(path.parent().unwrap()).unwrap();
        let got = run(&bytes, &chunkname(path), 2_000_000_000);
        std::env::set_current_dir(prev).unwrap();
        let want = std::fs::read(path.with_extension("out")).unwrap();
        if got != want {
            failed.push(format!("{rel}{}", first_difference(&got, &want)));
        }
    }
    assert!(
        failed.is_empty(),
        "{} scripts differ from lua5.4 when run from a binary chunk:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

#[test]
fn binary_chunk_scripts_match_lua54() {
    let _serial = serial();
    let dir = root().join("binary");
    let all = scripts(&dir);
    assert!(!all.is_empty(), "no scripts under {}", dir.display());
    for path in &all {
        let src = std::fs::read(path).unwrap();
        let got = run(&src, &chunkname(path), 2_000_000_000);
        let want = std::fs::read(path.with_extension("out")).unwrap();
        assert!(
            got == want,
            "{}{}",
            path.display(),
            first_difference(&got, &want)
        );
    }
}

/// The same scripts on the reference interpreter, whose chunks carry source text.
#[test]
fn binary_chunk_scripts_match_lua54_on_the_reference() {
    let dir = root().join("binary");
    for path in &scripts(&dir) {
        let src = std::fs::read(path).unwrap();
        let sink = Sink::default();
        let mut lua = moonlab_reference::Lua::with_output(Box::new(sink.clone()));
        lua.set_generational();
        lua.set_step_limit(Some(2_000_000_000));
        let mut r = lua.exec(&src, &chunkname(path));
        if r.is_ok() {
            r = lua.close();
        }
        let got = with_uncaught_error(sink.bytes(), r.map_err(|e| e.message));
        let want = std::fs::read(path.with_extension("out")).unwrap();
        assert!(
            got == want,
            "reference: {}{}",
            path.display(),
            first_difference(&got, &want)
        );
    }
}

/// A chunk of one engine is "format mismatch" to the other (and to lua5.4: the format
/// byte is 'M' for the VM, 'R' for the reference, 0 for PUC-Rio's).
#[test]
fn each_engine_refuses_the_others_chunks() {
    let src = b"return 1";
    let vm_chunk = dump(&compile(src, b"=c").unwrap(), false);
    let ref_chunk = {
        let arena = bumpalo::Bump::new();
        let chunk = moonlab::syntax::parse(&arena, src, b"=c").unwrap();
        moonlab_reference::chunk::dump(&moonlab_reference::ir::lower_chunk(&chunk, src), false)
    };
    assert_eq!(
        &vm_chunk[..5],
        &ref_chunk[..5],
        "same signature and version"
    );
    let want = "name: bad binary format (format mismatch)";
    let e = moonlab_reference::Lua::new()
        .exec(&vm_chunk, b"=name")
        .unwrap_err();
    assert_eq!(String::from_utf8_lossy(&e.message), want);
    let e = moonlab::api::Lua::new()
        .exec(&ref_chunk, b"=name")
        .unwrap_err();
    assert_eq!(String::from_utf8_lossy(&e.message), want);
    // Each runs its own.
    moonlab_reference::Lua::new()
        .exec(&ref_chunk, b"=name")
        .unwrap();
    moonlab::api::Lua::new().exec(&vm_chunk, b"=name").unwrap();
}

/// The committed outputs of tests/binary still agree with the real lua5.4, when installed
/// (CI installs it and sets MOONLAB_REQUIRE_LUA=1, which makes its absence a failure).
#[test]
fn live_lua54_agrees_with_committed_binary_outputs() {
    let _serial = serial();
    if !lua54::available(LUA) {
        return;
    }
    for path in scripts(&root().join("binary")) {
        let out = std::process::Command::new(LUA)
            .arg(path.file_name().unwrap())
            .current_dir(path.parent().unwrap())
            .output()
            .unwrap();
        assert!(
            out.stdout == std::fs::read(path.with_extension("out")).unwrap(),
            "{}: regenerate with tests/binary/regen.sh",
            path.display()
        );
    }
}

/// Every prototype of the corpora survives dumping exactly; stripped, it keeps everything
/// but the debug information; the compiler's output passes the verifier.
#[test]
fn dump_and_undump_keep_prototypes() {
    let _serial = serial();
    let mut paths = scripts(&root().join("lua"));
    for e in std::fs::read_dir(root().join("syntax/valid")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "lua") {
            paths.push(p);
        }
    }
    let mut checked = 0;
    for path in &paths {
        let src = std::fs::read(path).unwrap();
        let src = moonlab::syntax::file_source(&src).into_owned();
        // Some front-end tests are valid syntax the code generator refuses (limits).
        let Ok(proto) = compile(&src, &chunkname(path)) else {
            continue;
        };
        verify(&proto).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let bytes = dump(&proto, false);
        let back = undump(&bytes, b"=t")
            .unwrap_or_else(|e| panic!("{}: {}", path.display(), String::from_utf8_lossy(&e)));
        assert!(*back == *proto, "{}: round trip differs", path.display());
        assert_eq!(dump(&back, false), bytes);
        let stripped = undump(&dump(&proto, true), b"=t").unwrap();
        assert_same_code(&stripped, &proto, path);
        assert_eq!(&*stripped.source, b"=?");
        checked += 1;
    }
    assert!(checked > 100, "only {checked} programs checked");
}

fn assert_same_code(a: &Proto, b: &Proto, path: &Path) {
    assert!(
        a.code == b.code
            && a.constants == b.constants
            && a.line_defined == b.line_defined
            && a.num_params == b.num_params
            && a.is_vararg == b.is_vararg
            && a.max_stack == b.max_stack
            && a.lines.is_empty()
            && a.locals.is_empty()
            && a.protos.len() == b.protos.len(),
        "{}: stripped chunk differs in more than debug information",
        path.display()
    );
    for (x, y) in a.protos.iter().zip(&b.protos) {
        assert_same_code(x, y, path);
    }
}

// ------------------------------------------------------------------ malformed chunks

/// xorshift64*: the mutations are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Byte-level damage: bit flips, bytes set to edge values, truncation, insertion, deletion.
fn mutate_bytes(rng: &mut Rng, bytes: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(4) {
        if bytes.is_empty() {
            return;
        }
        let at = rng.below(bytes.len());
        match rng.below(6) {
            0 => bytes[at] ^= 1 << rng.below(8),
            1 => bytes[at] = [0, 1, 0x7f, 0x80, 0xff][rng.below(5)],
            2 => bytes.truncate(at),
            3 => bytes.insert(at, rng.next() as u8),
            4 => {
                let end = (at + 1 + rng.below(16)).min(bytes.len());
                bytes.drain(at..end);
            }
            _ => bytes[at] = rng.next() as u8,
        }
    }
}

#[test]
fn mutated_chunks_are_rejected_or_run_and_never_panic() {
    let _serial = serial();
    let n: u64 = std::env::var("MOONLAB_MUTANTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let protos: Vec<Rc<Proto>> = scripts(&root().join("lua"))
        .iter()
        .map(|p| compile_file(p))
        .collect();
    let (mut loaded, mut structural, mut panics) = (0u64, 0u64, Vec::new());
    for seed in 0..n {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let base = &protos[rng.below(protos.len())];
        let strip = rng.below(2) == 0;
        let bytes = if seed % 2 == 0 {
            let mut b = dump(base, strip);
            mutate_bytes(&mut rng, &mut b);
            b
        } else {
            structural += 1;
            let mut p = (**base).clone();
            let steer = fuzzgen::seed_bytes(seed);
            let mut u = arbitrary::Unstructured::new(&steer);
            for _ in 0..1 + rng.below(3) {
                let _ = fuzzgen::mutate_proto(&mut u, &mut p);
            }
            dump(&p, strip)
        };
        let r = catch_unwind(AssertUnwindSafe(|| {
            let sink = Sink::default();
            use moonlab::api::LuaState;
            let mut lua = moonlab::api::Lua::with_output(Box::new(sink));
            lua.set_instruction_limit(Some(20_000));
            // A mutant can grow a string exponentially in a few instructions (seed 15657
            // quotes its own result with string.format("%q") in a loop); the memory limit
            // ends it as "not enough memory", as it would any script.
            lua.set_memory_limit(Some(64 << 20));
            match lua
                .load(&bytes)
                .set_name("=mutant")
                .set_mode("b")
                .into_function()
            {
                Ok(_) => {
                    // Run it through the API, which loads it again.
                    let _ = lua.exec(&bytes, b"=mutant");
                    true
                }
                Err(e) => {
                    let msg = e.message;
                    // A damaged first byte makes it a text chunk, which mode "b" refuses.
                    let want: &[u8] = if bytes.first() == Some(&0x1b) {
                        b"mutant: bad binary format ("
                    } else {
                        b"attempt to load a text chunk (mode is 'b')"
                    };
                    assert!(
                        msg.starts_with(want),
                        "unexpected message {}",
                        String::from_utf8_lossy(&msg)
                    );
                    false
                }
            }
        }));
        match r {
            Ok(true) => loaded += 1,
            Ok(false) => {}
            Err(e) => {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panics.push(format!("seed {seed}: {msg}"));
            }
        }
    }
    eprintln!("{n} mutants ({structural} structural): {loaded} passed the verifier and ran");
    assert!(panics.is_empty(), "{}", panics.join("\n"));
    // The test only means something if a good share of structural mutants reach the VM.
    assert!(
        loaded * 10 >= structural,
        "only {loaded} of {structural} structural mutants loaded"
    );
}
