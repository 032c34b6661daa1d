//! No Lua program ends the process by a signal: every corpus script, every front-end case
//! and every hostile script in `tests/hostile/` runs through the command line on both
//! engines under a 4 GB address-space cap (`ulimit -v`) and a work limit, and each run must
//! end with an exit status (0, or 1 with a Lua error), never by SIGABRT or SIGSEGV, never
//! with a Rust panic, and within a time bound.
//!
//! The cap makes allocation failures real: a script that wants more than 4 GB must get
//! "not enough memory", not an abort from the allocator. What the scripts print is checked
//! elsewhere (the corpus against lua5.4); this test only asks how each run ended.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Address-space cap in KiB, as `ulimit -v` takes it.
const ADDRESS_SPACE_KIB: u64 = 4_000_000;
/// Units of work per run: enough for every corpus script, and what ends the endless ones.
const MAX_INSTRUCTIONS: u64 = 100_000_000;
/// A run that takes longer than this has hung.
const TIME_BOUND: Duration = Duration::from_secs(180);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn lua_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            lua_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "lua") {
            out.push(p);
        }
    }
}

/// How one run ended, when it ended badly.
fn bad_ending(engine: &str, file: &Path) -> Option<String> {
    let script = format!("ulimit -v {ADDRESS_SPACE_KIB} && exec \"$@\"");
    let mut child = Command::new("sh")
        .args(["-c", &script, "sh", env!("CARGO_BIN_EXE_moonlab")])
        .arg(format!("--engine={engine}"))
        .arg(format!("--max-instructions={MAX_INSTRUCTIONS}"))
        .arg(file.file_name().unwrap())
        .current_dir(file.parent().unwrap())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh runs");
    // Read stderr on a thread so a chatty script cannot block on a full pipe.
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut buf).ok();
        buf
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIME_BOUND {
            let _ = child.kill();
            let _ = child.wait();
            return Some(format!("still running after {TIME_BOUND:?}"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
    let tail: String = stderr.lines().take(3).collect::<Vec<_>>().join(" | ");
    match status.code() {
        None => Some(format!("ended by a signal ({status}): {tail}")),
        Some(_) if stderr.contains("panicked") || stderr.contains("fatal runtime error") => {
            Some(format!("panicked: {tail}"))
        }
        Some(0 | 1) => None,
        Some(c) => Some(format!("exit status {c}: {tail}")),
    }
}

#[test]
fn no_script_ends_the_process_by_a_signal() {
    let mut files = Vec::new();
    for dir in ["tests/hostile", "tests/lua", "tests/syntax"] {
        lua_files(&root().join(dir), &mut files);
    }
    assert!(files.len() > 300, "found only {} scripts", files.len());
    let jobs: Vec<(&str, PathBuf)> = ["vm", "reference"]
        .iter()
        .flat_map(|e| files.iter().map(move |f| (*e, f.clone())))
        .collect();
    let next = Mutex::new(jobs.into_iter());
    let failures = Mutex::new(Vec::new());
    // Two at a time: the slow ones are the hostile scripts, which wait on memory.
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let Some((engine, file)) = next.lock().unwrap().next() else {
                    return;
                };
                if let Some(why) = bad_ending(engine, &file) {
                    let name = file.strip_prefix(root()).unwrap_or(&file).display();
                    failures
                        .lock()
                        .unwrap()
                        .push(format!("{engine} {name}: {why}"));
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
