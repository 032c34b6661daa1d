//! Where the differential targets' time goes, per program: generation, parsing, each
//! engine's run (state creation and library opening measured apart, on an empty program)
//! and lua5.4 in process, with the share of runs that exhausted a budget, and how much of
//! the time the slowest programs take. As in the harness, the reference runs only the
//! programs the VM finished, and lua5.4 only those both finished.
//!
//! `cargo run --release -p moonlab-testkit --features lua54-inproc --example diff_profile --
//! [--gc] [N | --dir CORPUS_DIR]`: N seeded inputs (default 2,000; for `differential` half
//! of them hostile, as `generate_any` picks by the first byte), or every file of a
//! libFuzzer corpus directory. `--show` prints each disagreement's first differing line,
//! `--keep DIR` also writes its program there; `--quick` uses the fuzz targets' budgets.
use std::time::{Duration, Instant};

use moonlab_testkit::differential::{normalise, run_reference, run_vm, RunOptions};
use moonlab_testkit::fuzzgen;
use moonlab_testkit::lua54_inproc::run_lua54;

#[derive(Default)]
struct Phase {
    total: Duration,
    /// Time spent in runs that came out inconclusive (a budget or limit ran out).
    exhausted: Duration,
    exhausted_runs: u32,
}

impl Phase {
    fn add<T>(&mut self, f: impl FnOnce() -> Option<T>) -> Option<T> {
        let t = Instant::now();
        let r = f();
        let d = t.elapsed();
        self.total += d;
        if r.is_none() {
            self.exhausted += d;
            self.exhausted_runs += 1;
        }
        r
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let gc = args.iter().any(|a| a == "--gc");
    let show = args.iter().any(|a| a == "--show");
    let keep = args
        .iter()
        .position(|a| a == "--keep")
        .map(|i| args[i + 1].clone());
    let inputs: Vec<Vec<u8>> = if let Some(i) = args.iter().position(|a| a == "--dir") {
        std::fs::read_dir(&args[i + 1])
            .expect("the corpus directory")
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect()
    } else {
        let n: u64 = args.iter().find_map(|s| s.parse().ok()).unwrap_or(2000);
        (0..n)
            .map(|seed| {
                let mut data = fuzzgen::seed_bytes(seed);
                data[0] = (seed & 1) as u8;
                data
            })
            .collect()
    };
    let opts = RunOptions {
        generational: gc,
        close: gc,
        quick: args.iter().any(|a| a == "--quick"),
        stress: false,
    };

    // State creation and library opening, apart: an empty program, many times.
    let reps = 200;
    let setup = |f: &dyn Fn()| {
        let t = Instant::now();
        for _ in 0..reps {
            f();
        }
        t.elapsed() / reps
    };
    let setup_ref = setup(&|| {
        run_reference(b"", opts);
    });
    let setup_vm = setup(&|| {
        run_vm(b"", opts);
    });
    let setup_lua = setup(&|| {
        run_lua54(b"", opts);
    });

    let (mut generation, mut parse) = (Duration::ZERO, Duration::ZERO);
    let (mut reference, mut vm, mut lua) = (Phase::default(), Phase::default(), Phase::default());
    let mut lua_runs = 0;
    let mut disagreements = 0;
    // Each program's whole time (generation to lua5.4), for the tail's share.
    let mut per_program: Vec<(Duration, usize)> = Vec::with_capacity(inputs.len());
    let start = Instant::now();
    for data in &inputs {
        let t0 = Instant::now();
        let t = Instant::now();
        let src = if gc {
            fuzzgen::generate_gc(data)
        } else {
            fuzzgen::generate_any(data)
        };
        generation += t.elapsed();
        let t = Instant::now();
        let arena = bumpalo::Bump::new();
        let _ = moonlab::syntax::parse(&arena, src.as_bytes(), b"@prog.lua");
        parse += t.elapsed();
        // As `differential::run_both`: the reference only runs what the VM finished.
        let v = vm.add(|| run_vm(src.as_bytes(), opts));
        let r = v
            .as_ref()
            .and_then(|_| reference.add(|| run_reference(src.as_bytes(), opts)));
        if let (Some(r), Some(v)) = (r, v) {
            lua_runs += 1;
            if let Some(l) = lua.add(|| run_lua54(src.as_bytes(), opts)) {
                let (l, r, v) = (normalise(&l), normalise(&r), normalise(&v));
                if l != v || r != v {
                    disagreements += 1;
                    if show {
                        let d = moonlab_testkit::differential::first_difference_of(&[
                            ("reference", &r),
                            ("vm", &v),
                            ("lua5.4", &l),
                        ]);
                        eprintln!("--- disagreement\n{d}");
                        if let Some(dir) = &keep {
                            let path = format!("{dir}/case{disagreements}.lua");
                            std::fs::write(&path, &src).unwrap();
                            for (ext, o) in [("ref", &r), ("vm", &v), ("lua54", &l)] {
                                std::fs::write(format!("{path}.{ext}"), o).unwrap();
                            }
                        }
                    }
                }
            }
        }
        per_program.push((t0.elapsed(), src.len()));
    }
    let wall = start.elapsed();
    let n = inputs.len() as u32;
    let per = |d: Duration| d.as_secs_f64() * 1e6 / f64::from(n);
    println!(
        "{n} programs in {:.2} s: {:.0} programs/s (each phase in µs per program)",
        wall.as_secs_f64(),
        f64::from(n) / wall.as_secs_f64()
    );
    println!("generation       {:>9.1}", per(generation));
    println!("parse (once)     {:>9.1}", per(parse));
    for (name, p, s) in [
        ("reference", &reference, setup_ref),
        ("vm", &vm, setup_vm),
        ("lua5.4", &lua, setup_lua),
    ] {
        println!(
            "{name:<16} {:>9.1}  (of which in {} budget-exhausting runs: {:.1}; empty-program setup {:.1})",
            per(p.total),
            p.exhausted_runs,
            per(p.exhausted),
            s.as_secs_f64() * 1e6
        );
    }
    println!("lua5.4 ran on {lua_runs} programs; {disagreements} disagreed");
    per_program.sort();
    let all: Duration = per_program.iter().map(|p| p.0).sum();
    let at = |q: f64| {
        per_program[((per_program.len() as f64 * q) as usize).min(per_program.len() - 1)].0
    };
    let slowest = |share: f64| {
        let k = ((per_program.len() as f64 * share).ceil() as usize).max(1);
        let t: Duration = per_program.iter().rev().take(k).map(|p| p.0).sum();
        100.0 * t.as_secs_f64() / all.as_secs_f64()
    };
    let median_len = {
        let mut l: Vec<usize> = per_program.iter().map(|p| p.1).collect();
        l.sort_unstable();
        l[l.len() / 2]
    };
    println!(
        "per program: median {:.0} µs, 90th percentile {:.0} µs, slowest {:.0} µs; the slowest 1% / 5% / 10% take {:.0}% / {:.0}% / {:.0}% of the time; median source {median_len} bytes",
        at(0.5).as_secs_f64() * 1e6,
        at(0.9).as_secs_f64() * 1e6,
        per_program.last().unwrap().0.as_secs_f64() * 1e6,
        slowest(0.01),
        slowest(0.05),
        slowest(0.10)
    );
}
