//! The benchmark programs (benches/lua/) print on both engines exactly what lua5.4 prints:
//! a benchmark whose output differs measures nothing. Each runs at a tiny size; the expected
//! output is benches/lua/expected.txt, written by benches/lua/regen_expected.sh with lua5.4,
//! and re-checked live where lua5.4 is installed.

use std::path::PathBuf;
use std::process::Command;

use moonlab_testkit::lua54;
use moonlab_testkit::sink::Sink;

fn bench_dir() -> PathBuf {
    moonlab_testkit::corpus::repo_dir().join("benches/lua")
}

/// (name, size, expected output) for every program in expected.txt.
fn expectations() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(bench_dir().join("expected.txt")).expect("expected.txt");
    let mut out: Vec<(String, String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(head) = line.strip_prefix("== ") {
            let (name, size) = head.split_once(' ').expect("== NAME SIZE");
            out.push((name.to_string(), size.to_string(), String::new()));
        } else {
            let last = out.last_mut().expect("a line after a header");
            last.2.push_str(line);
            last.2.push('\n');
        }
    }
    out
}

fn run_vm(src: &[u8], name: &str, size: &str) -> String {
    let sink = Sink::default();
    let mut lua = moonlab::api::Lua::with_output(Box::new(sink.clone()));
    lua.set_arg_table(&[(0, name.as_bytes().to_vec()), (1, size.as_bytes().to_vec())]);
    lua.exec_with_args(src, b"@bench.lua", vec![size.as_bytes().to_vec()])
        .unwrap_or_else(|e| panic!("{name} on the VM: {e:?}"));
    sink.text()
}

fn run_reference(src: &[u8], name: &str, size: &str) -> String {
    let sink = Sink::default();
    let mut lua = moonlab_reference::Lua::with_output(Box::new(sink.clone()));
    lua.set_arg_table(&[(0, name.as_bytes().to_vec()), (1, size.as_bytes().to_vec())]);
    lua.exec_with_args(src, b"@bench.lua", vec![size.as_bytes().to_vec()])
        .unwrap_or_else(|e| panic!("{name} on the reference: {e:?}"));
    sink.text()
}

#[test]
fn every_program_has_an_expectation() {
    let listed: Vec<String> = std::fs::read_to_string(bench_dir().join("sizes.txt"))
        .expect("sizes.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().next().unwrap_or_default().to_string())
        .collect();
    let expected: Vec<String> = expectations().into_iter().map(|(n, _, _)| n).collect();
    assert_eq!(listed, expected, "rerun benches/lua/regen_expected.sh");
}

#[test]
fn programs_print_what_lua54_prints() {
    let live = lua54::available(lua54::LUA);
    for (name, size, want) in expectations() {
        let path = bench_dir().join(format!("{name}.lua"));
        let src = std::fs::read(&path).expect("program source");
        if live {
            let out = Command::new(lua54::LUA)
                .arg(&path)
                .arg(&size)
                .output()
                .expect("lua5.4 runs");
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                want,
                "{name}: expected.txt is stale"
            );
        }
        assert_eq!(run_vm(&src, &name, &size), want, "{name} on the VM");
        assert_eq!(
            run_reference(&src, &name, &size),
            want,
            "{name} on the reference"
        );
    }
}
