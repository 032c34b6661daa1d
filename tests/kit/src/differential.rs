//! The differential harness: one program on both engines (the reference interpreter and
//! the VM), each under a work budget, their observable outcomes compared; and the same
//! program on lua5.4. The seeded tests (`tests/differential.rs`) and the cargo-fuzz targets
//! (`fuzz/`: `differential`, `gc_differential`) share it, so a finding reproduces the same
//! way everywhere.
//!
//! An outcome is what a user sees: everything printed, then, if the program died, the
//! uncaught error's message (the final error value as lua.c shows it). A run that exhausts
//! its budget has no outcome: the comparison is inconclusive, never a finding.

use std::path::Path;

use crate::Sink;

/// Reference evaluation steps and VM instructions a run may take (library work, such as
/// bytes a string function or a concatenation makes, is charged to the same budgets).
pub const REFERENCE_STEPS: u64 = 5_000_000;
pub const VM_INSTRUCTIONS: u64 = 20_000_000;

/// The fuzz targets' budgets (`RunOptions::quick`): a run that exhausts its budget is
/// inconclusive whatever the budget, and at the seeded tests' budgets the few such runs took
/// nine tenths of the targets' time (papers/differential.md, "Throughput"). Halving them
/// from 200k/800k (issue 17) made one conclusive program in a hundred inconclusive and cut
/// the slowest program from 200 ms to 33 ms.
pub const QUICK_REFERENCE_STEPS: u64 = 100_000;
pub const QUICK_VM_INSTRUCTIONS: u64 = 400_000;

/// The VM's memory limit. A run that raises "not enough memory" (caught or not) is
/// inconclusive: the reference has no memory limit, only its step budget, which bounds the
/// bytes it can make to about 320 MB.
pub const VM_MEMORY: usize = 256 << 20;

/// lua5.4's address space (`ulimit -v`, KiB) and time (seconds): generated programs ask for
/// huge strings and tables on purpose, and lua5.4 has no work limit. A run that hits either
/// is inconclusive.
pub const LUA54_MEMORY_KB: u64 = 1 << 20;
pub const LUA54_SECONDS: u32 = 10;

/// How a run is set up.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunOptions {
    /// Start in generational mode, as `lua5.4` (lua.c) does.
    pub generational: bool,
    /// Close the state after a successful run, so pending finalizers run and print, as at
    /// the end of a `lua5.4` script.
    pub close: bool,
    /// The fuzz targets' small budgets (`QUICK_*`) instead of the seeded tests' ones.
    pub quick: bool,
    /// Run the VM with `--gc-stress` (collector work after every allocation), to check
    /// write barriers and roots on generated programs.
    pub stress: bool,
}

/// The output, then `error: MESSAGE` for an uncaught error (`r` carries its message);
/// `None` when the error is the engine's work limit (`limit_hit` recognises its message).
pub fn outcome(
    sink: &Sink,
    r: Result<(), Vec<u8>>,
    limit_hit: impl Fn(&[u8]) -> bool,
) -> Option<String> {
    let mut out = sink.text();
    match r {
        Ok(()) => {}
        Err(message) if limit_hit(&message) => return None,
        Err(message) => {
            out.push_str("error: ");
            out.push_str(&String::from_utf8_lossy(&message));
            out.push('\n');
        }
    }
    Some(out)
}

/// Runs `src` (chunk name `@prog.lua`) on the reference interpreter.
pub fn run_reference(src: &[u8], opts: RunOptions) -> Option<String> {
    let sink = Sink::default();
    let mut lua = moonlab_reference::Lua::with_output(Box::new(sink.clone()));
    if opts.generational {
        lua.set_generational();
    }
    lua.set_step_limit(Some(if opts.quick {
        QUICK_REFERENCE_STEPS
    } else {
        REFERENCE_STEPS
    }));
    let mut r = lua.exec(src, b"@prog.lua");
    if r.is_ok() && opts.close {
        r = lua.close();
    }
    let r = r.map_err(|e| e.message);
    outcome(&sink, r, |m| m.starts_with(b"instruction limit exceeded"))
}

/// Runs `src` (chunk name `@prog.lua`) on the VM (whose limit error carries a position).
pub fn run_vm(src: &[u8], opts: RunOptions) -> Option<String> {
    let sink = Sink::default();
    let mut lua = moonlab::api::Lua::with_output(Box::new(sink.clone()));
    if opts.generational {
        lua.set_generational();
    }
    lua.set_instruction_limit(Some(if opts.quick {
        QUICK_VM_INSTRUCTIONS
    } else {
        VM_INSTRUCTIONS
    }));
    lua.set_gc_stress(opts.stress);
    lua.set_memory_limit(Some(VM_MEMORY));
    let mut r = lua.exec(src, b"@prog.lua");
    if r.is_ok() && opts.close {
        r = lua.close();
    }
    if lua.memory_errors() > 0 {
        return None;
    }
    let r = r.map_err(|e| e.message);
    outcome(&sink, r, |m| {
        String::from_utf8_lossy(m).contains("instruction limit exceeded")
    })
}

/// Runs `src` as `lua5.4 prog.lua` in `dir` (within `LUA54_SECONDS` and
/// `LUA54_MEMORY_KB`): the output, then `error: MESSAGE` for an uncaught error, as the
/// engines' outcomes record it. `None` if lua5.4 could not be started, ran out of time, or
/// ran out of memory (its "not enough memory", caught or not, is a limit of this machine).
pub fn run_lua54(dir: &Path, src: &str) -> Option<String> {
    std::fs::write(dir.join("prog.lua"), src).unwrap();
    let script = format!(
        "ulimit -v {LUA54_MEMORY_KB} && exec timeout {LUA54_SECONDS} {} prog.lua",
        crate::lua54::LUA
    );
    let out = std::process::Command::new("sh")
        .args(["-c", &script])
        .current_dir(dir)
        .output()
        .ok()?;
    if out.status.code() == Some(124) || out.status.code().is_none() {
        return None;
    }
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    if s.contains("not enough memory")
        || String::from_utf8_lossy(&out.stderr).contains("not enough memory")
    {
        return None;
    }
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
/// reference does not reproduce: compare those messages without their position. Addresses
/// (`table: 0x55d0c4a8f2a0`, what `print` and `%p` show of objects, which generated programs
/// print when a library function such as `print` is a metamethod) become `ADDR`.
pub fn normalise(out: &str) -> String {
    out.lines()
        .map(mask_addresses)
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

/// The first line where two outcomes differ, labelled with the engines' names.
pub fn first_difference(a_name: &str, a: &str, b_name: &str, b: &str) -> String {
    let width = a_name.len().max(b_name.len());
    a.lines()
        .zip(b.lines())
        .find(|(x, y)| x != y)
        .map(|(x, y)| format!("{a_name:>width$}: {x}\n{b_name:>width$}: {y}"))
        .unwrap_or_else(|| "(outputs differ in length)".into())
}

/// Runs `src` on the VM, then, if the VM finished, on the reference: `None` if either ran
/// out of its budget or memory. A run the VM cannot finish is inconclusive whatever the
/// reference does, so the reference's run is skipped (at the fuzz budgets, the runs that
/// exhaust a budget take half the engines' time: papers/differential.md, "Throughput").
/// The VM, the engine with `unsafe` code, still runs every program, so a fuzzer still
/// checks it for crashes on all of them.
pub fn run_both(src: &[u8], opts: RunOptions) -> Option<(String, String)> {
    let vm = run_vm(src, opts)?;
    let reference = run_reference(src, opts)?;
    Some((reference, vm))
}

/// Runs `src` on both engines. `Ok(true)`: same outcome; `Ok(false)`: inconclusive (a
/// budget ran out); `Err`: the difference, for a report.
pub fn compare_engines(src: &[u8], opts: RunOptions) -> Result<bool, String> {
    let Some((reference, vm)) = run_both(src, opts) else {
        return Ok(false);
    };
    let (reference, vm) = (normalise(&reference), normalise(&vm));
    if reference == vm {
        Ok(true)
    } else {
        Err(first_difference("reference", &reference, "vm", &vm))
    }
}

/// Runs `src` on both engines and on lua5.4 linked in (`lua54_inproc`), the engines first:
/// lua5.4 runs only if both finished within their budgets, which also bounds its work.
/// `Ok(true)`: all three agree (or lua5.4 alone was inconclusive); `Ok(false)`:
/// inconclusive; `Err`: the first differing line of each, for a report. A difference
/// between lua5.4 and two engines that agree is a finding like one between the engines.
#[cfg(feature = "lua54-inproc")]
pub fn compare_three(src: &[u8], opts: RunOptions) -> Result<bool, String> {
    let Some((reference, vm)) = run_both(src, opts) else {
        return Ok(false);
    };
    let (reference, vm) = (normalise(&reference), normalise(&vm));
    let lua54 = crate::lua54_inproc::run_lua54(src, opts).map(|s| normalise(&s));
    match lua54 {
        _ if reference != vm => Err(format!(
            "the engines disagree\n{}",
            first_difference_of(&[
                ("reference", &reference),
                ("vm", &vm),
                ("lua5.4", lua54.as_deref().unwrap_or("(inconclusive)")),
            ])
        )),
        Some(lua54) if lua54 != vm => Err(format!(
            "lua5.4 differs from both engines\n{}",
            first_difference_of(&[("engines", &vm), ("lua5.4", &lua54)])
        )),
        _ => Ok(true),
    }
}

/// How far a three-way comparison with the `lua5.4` program got, when nothing differed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agreement {
    /// An engine ran out of its budget or memory: nothing to compare.
    Inconclusive,
    /// Both engines agree; lua5.4 was not run (or could not finish).
    Engines,
    /// Both engines and lua5.4 agree.
    WithLua54,
}

/// Runs `src` on both engines and, when `lua_dir` is given, on the `lua5.4` program (files
/// in that directory): the seeded tests' three-way check. `Err`: the first differing line,
/// labelled with the engines that differ.
pub fn compare_with_lua54_program(
    src: &str,
    opts: RunOptions,
    lua_dir: Option<&Path>,
) -> Result<Agreement, String> {
    let Some((reference, vm)) = run_both(src.as_bytes(), opts) else {
        return Ok(Agreement::Inconclusive);
    };
    let (reference, vm) = (normalise(&reference), normalise(&vm));
    if reference != vm {
        return Err(first_difference("reference", &reference, "vm", &vm));
    }
    let Some(theirs) = lua_dir.and_then(|dir| run_lua54(dir, src)) else {
        return Ok(Agreement::Engines);
    };
    let theirs = normalise(&theirs);
    if theirs != vm {
        return Err(format!(
            "lua5.4 differs from both engines\n{}",
            first_difference("lua5.4", &theirs, "engines", &vm)
        ));
    }
    Ok(Agreement::WithLua54)
}

/// The first line where any of several outcomes differ, each labelled with its name.
pub fn first_difference_of(outcomes: &[(&str, &str)]) -> String {
    let width = outcomes.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    let lines: Vec<Vec<&str>> = outcomes.iter().map(|(_, o)| o.lines().collect()).collect();
    let longest = lines.iter().map(Vec::len).max().unwrap_or(0);
    let at = (0..longest)
        .find(|&i| lines.iter().any(|l| l.get(i) != lines[0].get(i)))
        .unwrap_or(0);
    outcomes
        .iter()
        .zip(&lines)
        .map(|((name, _), l)| {
            let line = l.get(at).copied().unwrap_or("(no more output)");
            format!("{name:>width$} (line {}): {line}", at + 1)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `0x` followed by at least six hex digits, as engines print addresses, becomes `ADDR`.
fn mask_addresses(line: &str) -> String {
    let b = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"0x") {
            let digits = b[i + 2..]
                .iter()
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            if digits >= 6 {
                out.push_str("ADDR");
                i += 2 + digits;
                continue;
            }
        }
        let c = line[i..].chars().next().expect("a char");
        out.push(c);
        i += c.len_utf8();
    }
    out
}
