//! Differential testing of the reference against lua5.4 with generated programs
//! (`moonlab::fuzzgen`). Without lua5.4 installed, the programs still run on the reference
//! (which must neither panic nor hang) and go through the printer's round trip.

mod common;
use common::Sink;

/// What a run shows: standard output, then the uncaught error's message, if any; `None`
/// when the error is the engine's work limit (`limit_hit` recognises its message).
fn outcome(
    sink: &Sink,
    r: Result<(), moonlab::api::RunError>,
    limit_hit: impl Fn(&[u8]) -> bool,
) -> Option<String> {
    let mut out = sink.text();
    match r {
        Ok(()) => {}
        Err(e) if limit_hit(&e.message) => return None,
        Err(e) => {
            out.push_str("error: ");
            out.push_str(&String::from_utf8_lossy(&e.message));
            out.push('\n');
        }
    }
    Some(out)
}

fn run_reference(src: &str) -> Option<String> {
    let sink = Sink::default();
    let mut lua = moonlab_reference::Lua::with_output(Box::new(sink.clone()));
    lua.set_step_limit(Some(5_000_000));
    let r = lua.exec(src.as_bytes(), b"@prog.lua");
    outcome(&sink, r, |m| m.starts_with(b"instruction limit exceeded"))
}

fn run_lua54(dir: &std::path::Path, src: &str) -> Option<String> {
    let path = dir.join("prog.lua");
    std::fs::write(&path, src).unwrap();
    let out = std::process::Command::new("timeout")
        .args(["10", "lua5.4", "prog.lua"])
        .current_dir(dir)
        .output()
        .ok()?;
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err.lines().next().unwrap_or("");
        s.push_str("error: ");
        s.push_str(first.strip_prefix("lua5.4: ").unwrap_or(first));
        s.push('\n');
    }
    Some(s)
}

/// lua5.4 reports integer division and modulo by zero at the line of the last instruction
/// that saved its position (often the function's first line), a quirk of its VM that the
/// reference does not reproduce: compare those messages without their position.
fn normalise(out: &str) -> String {
    out.lines()
        .map(|l| {
            for msg in ["attempt to divide by zero", "attempt to perform 'n%0'"] {
                if let Some(at) = l.find(msg) {
                    let head = &l[..at];
                    let cut = head.rfind("prog.lua:").unwrap_or(at);
                    return format!("{}{}", &l[..cut], &l[at..]);
                }
            }
            l.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn generated_programs_agree_with_lua54() {
    let have_lua = std::process::Command::new("lua5.4")
        .arg("-v")
        .output()
        .is_ok();
    if !have_lua {
        assert!(
            std::env::var_os("MOONLAB_REQUIRE_LUA").is_none(),
            "lua5.4 is required (MOONLAB_REQUIRE_LUA is set) but not installed"
        );
    }
    let dir = std::env::temp_dir().join(format!("moonlab-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let count: u64 = std::env::var("MOONLAB_DIFF_COUNT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let mut compared = 0;
    let mut mismatches = Vec::new();
    for seed in 0..count {
        let src = moonlab::fuzzgen::generate(&moonlab::fuzzgen::seed_bytes(seed));
        // Every generated program is valid Lua, and survives the printer's round trip.
        assert_eq!(
            moonlab::syntax::printer::check_round_trip(src.as_bytes()),
            Ok(true),
            "seed {seed}:\n{src}"
        );
        let Some(ours) = run_reference(&src) else {
            continue;
        };
        if !have_lua {
            continue;
        }
        let Some(theirs) = run_lua54(&dir, &src) else {
            continue;
        };
        compared += 1;
        let (ours, theirs) = (normalise(&ours), normalise(&theirs));
        if ours != theirs && mismatches.len() < 5 {
            let diff = ours
                .lines()
                .zip(theirs.lines())
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("reference: {a}\n   lua5.4: {b}"))
                .unwrap_or_else(|| "(outputs differ in length)".into());
            mismatches.push(format!("seed {seed}:\n{diff}\n--- program\n{src}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("differential: {compared} programs compared with lua5.4");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}

/// The same on the VM (whose limit error carries a position).
fn run_vm(src: &str) -> Option<String> {
    let sink = Sink::default();
    let mut lua = moonlab::api::Lua::with_output(Box::new(sink.clone()));
    lua.set_instruction_limit(Some(20_000_000));
    let r = lua.exec(src.as_bytes(), b"@prog.lua");
    outcome(&sink, r, |m| {
        String::from_utf8_lossy(m).contains("instruction limit exceeded")
    })
}

/// Generated programs give the same output on the VM as on the reference (and, where
/// lua5.4 is installed, a sample of them also as on lua5.4: a three-way check).
#[test]
fn generated_programs_agree_on_both_engines() {
    let have_lua = std::process::Command::new("lua5.4")
        .arg("-v")
        .output()
        .is_ok();
    let dir = std::env::temp_dir().join(format!("moonlab-diff3-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let count: u64 = std::env::var("MOONLAB_DIFF_COUNT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let (mut compared, mut three_way) = (0, 0);
    let mut mismatches = Vec::new();
    for seed in 0..count {
        let src = moonlab::fuzzgen::generate(&moonlab::fuzzgen::seed_bytes(seed));
        let (Some(reference), Some(vm)) = (run_reference(&src), run_vm(&src)) else {
            continue;
        };
        compared += 1;
        let (reference, vm) = (normalise(&reference), normalise(&vm));
        if reference != vm && mismatches.len() < 5 {
            let diff = reference
                .lines()
                .zip(vm.lines())
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("reference: {a}\n       vm: {b}"))
                .unwrap_or_else(|| "(outputs differ in length)".into());
            mismatches.push(format!("seed {seed}:\n{diff}\n--- program\n{src}"));
        }
        if have_lua && seed % 10 == 0 {
            if let Some(theirs) = run_lua54(&dir, &src) {
                three_way += 1;
                if normalise(&theirs) != vm && mismatches.len() < 5 {
                    mismatches.push(format!(
                        "seed {seed}: vm differs from lua5.4\n--- program\n{src}"
                    ));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("differential: {compared} programs on both engines, {three_way} also on lua5.4");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}

/// A GC program (`fuzzgen::generate_gc`) on the reference, the state closed afterwards so
/// pending finalizers run as at the end of a lua5.4 script.
fn run_reference_gc(src: &str) -> Option<String> {
    let sink = Sink::default();
    let mut lua = moonlab_reference::Lua::with_output(Box::new(sink.clone()));
    lua.set_generational();
    lua.set_step_limit(Some(5_000_000));
    let r = lua.exec(src.as_bytes(), b"@prog.lua");
    if r.is_ok() {
        lua.close();
    }
    outcome(&sink, r, |m| m.starts_with(b"instruction limit exceeded"))
}

fn run_vm_gc(src: &str) -> Option<String> {
    let sink = Sink::default();
    let mut lua = moonlab::api::Lua::with_output(Box::new(sink.clone()));
    lua.set_generational();
    lua.set_instruction_limit(Some(20_000_000));
    let r = lua.exec(src.as_bytes(), b"@prog.lua");
    if r.is_ok() {
        lua.close();
    }
    outcome(&sink, r, |m| {
        String::from_utf8_lossy(m).contains("instruction limit exceeded")
    })
}

/// Generated GC programs (weak tables, ephemerons, finalizers, resurrection, full
/// collections, mode switches) leave the same entries and run the same finalizers in the
/// same order on both engines and, where installed, on lua5.4.
#[test]
fn generated_gc_programs_agree() {
    let have_lua = std::process::Command::new("lua5.4")
        .arg("-v")
        .output()
        .is_ok();
    let dir = std::env::temp_dir().join(format!("moonlab-gcdiff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let count: u64 = std::env::var("MOONLAB_GC_DIFF_COUNT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let (mut compared, mut three_way) = (0, 0);
    let mut mismatches = Vec::new();
    for seed in 0..count {
        let src = moonlab::fuzzgen::generate_gc(&moonlab::fuzzgen::seed_bytes(seed));
        let (Some(reference), Some(vm)) = (run_reference_gc(&src), run_vm_gc(&src)) else {
            continue;
        };
        compared += 1;
        if reference != vm && mismatches.len() < 5 {
            let diff = reference
                .lines()
                .zip(vm.lines())
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("reference: {a}\n       vm: {b}"))
                .unwrap_or_else(|| "(outputs differ in length)".into());
            mismatches.push(format!("seed {seed}:\n{diff}\n--- program\n{src}"));
        }
        if have_lua {
            if let Some(theirs) = run_lua54(&dir, &src) {
                three_way += 1;
                if theirs != vm && mismatches.len() < 5 {
                    let diff = theirs
                        .lines()
                        .zip(vm.lines())
                        .find(|(a, b)| a != b)
                        .map(|(a, b)| format!("lua5.4: {a}\n    vm: {b}"))
                        .unwrap_or_else(|| "(outputs differ in length)".into());
                    mismatches.push(format!(
                        "seed {seed}: vm differs from lua5.4\n{diff}\n--- program\n{src}"
                    ));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("gc differential: {compared} programs on both engines, {three_way} also on lua5.4");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}
