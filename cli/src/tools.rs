//! moonlab's own tools, run when their option comes first: `--check`, `--disasm`,
//! `--ast`/`--ast-lines`/`--print`, `--parse-stats`, `--gc-chart`.

use std::io::Write;
use std::process::ExitCode;

use moonlab::syntax;

use crate::gc_chart;
use crate::source::read_source;

/// The error line, `progname: message`, and status 1.
fn fail(message: &[u8]) -> ExitCode {
    crate::report::message(Some(&crate::progname()), message);
    ExitCode::FAILURE
}

/// Runs the tool named by `args[0]`, if it is one.
pub fn run(args: &[String]) -> Option<ExitCode> {
    let rest = args.get(1..).unwrap_or_default();
    Some(match args.first().map(String::as_str)? {
        "--check" => check(rest),
        "--disasm" => disasm(rest),
        "--parse-stats" => parse_stats(rest),
        "--gc-chart" => gc_chart_cmd(rest),
        mode @ ("--ast" | "--ast-lines" | "--print") => show(mode, rest),
        _ => return None,
    })
}

fn check(files: &[String]) -> ExitCode {
    if files.is_empty() {
        return fail(b"--check needs at least one file");
    }
    for path in files {
        let (name, src) = match read_source(path.as_bytes()) {
            Ok(x) => x,
            Err(msg) => return fail(msg.as_bytes()),
        };
        let arena = bumpalo::Bump::new();
        if let Err(e) = syntax::parse(&arena, &src, &name) {
            return fail(&e.message);
        }
    }
    ExitCode::SUCCESS
}

/// `--disasm FILE... ` (`-e CHUNK` among them lists that chunk, named as lua.c names it).
fn disasm(files: &[String]) -> ExitCode {
    if files.is_empty() {
        return fail(b"--disasm needs at least one file");
    }
    let mut items = files.iter();
    while let Some(path) = items.next() {
        let (name, src) = if path == "-e" {
            let Some(chunk) = items.next() else {
                return fail(b"'-e' needs argument");
            };
            (b"=(command line)".to_vec(), chunk.as_bytes().to_vec())
        } else {
            match read_source(path.as_bytes()) {
                Ok(x) => x,
                Err(msg) => return fail(msg.as_bytes()),
            }
        };
        let arena = bumpalo::Bump::new();
        let proto =
            match syntax::parse(&arena, &src, &name).and_then(|c| moonlab::compiler::compile(&c)) {
                Ok(p) => p,
                Err(e) => return fail(&e.message),
            };
        let listing = moonlab::compiler::disasm::disassemble(&proto);
        let _ = std::io::stdout().lock().write_all(listing.as_bytes());
    }
    ExitCode::SUCCESS
}

fn show(mode: &str, files: &[String]) -> ExitCode {
    let [path] = files else {
        return fail(format!("{mode} takes exactly one file").as_bytes());
    };
    let (name, src) = match read_source(path.as_bytes()) {
        Ok(x) => x,
        Err(msg) => return fail(msg.as_bytes()),
    };
    let arena = bumpalo::Bump::new();
    let chunk = match syntax::parse(&arena, &src, &name) {
        Ok(chunk) => chunk,
        Err(e) => return fail(&e.message),
    };
    let out = match mode {
        "--print" => syntax::printer::print_chunk(&chunk),
        _ => syntax::dump::dump_chunk(&chunk, mode == "--ast-lines").into_bytes(),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(&out);
    if mode == "--print" {
        let _ = stdout.write_all(b"\n");
    }
    ExitCode::SUCCESS
}

/// `--gc-chart TRACE OUT`: a `--gc-trace` file drawn as SVG.
fn gc_chart_cmd(args: &[String]) -> ExitCode {
    let [trace, out] = args else {
        return fail(b"--gc-chart takes a trace file and an output file");
    };
    let text = match std::fs::read_to_string(trace) {
        Ok(t) => t,
        Err(e) => return fail(format!("cannot read {trace}: {e}").as_bytes()),
    };
    let svg = match gc_chart::render(&text, &gc_chart::ChartOptions::default()) {
        Ok(s) => s,
        Err(e) => return fail(format!("{trace}: {e}").as_bytes()),
    };
    if let Err(e) = std::fs::write(out, svg) {
        return fail(format!("cannot write {out}: {e}").as_bytes());
    }
    ExitCode::SUCCESS
}

fn parse_stats(files: &[String]) -> ExitCode {
    let [path] = files else {
        return fail(b"--parse-stats takes exactly one file");
    };
    let (name, src) = match read_source(path.as_bytes()) {
        Ok(x) => x,
        Err(msg) => return fail(msg.as_bytes()),
    };
    let arena = bumpalo::Bump::new();
    let start = std::time::Instant::now();
    let result = syntax::parse(&arena, &src, &name);
    let elapsed = start.elapsed();
    if let Err(e) = result {
        return fail(&e.message);
    }
    println!("source bytes:      {}", src.len());
    println!("arena bytes:       {}", arena.allocated_bytes());
    println!(
        "arena / source:    {:.2}",
        arena.allocated_bytes() as f64 / src.len().max(1) as f64
    );
    println!("parse + resolve:   {:.1} ms", elapsed.as_secs_f64() * 1e3);
    println!(
        "throughput:        {:.1} MB/s",
        src.len() as f64 / 1e6 / elapsed.as_secs_f64().max(1e-9)
    );
    ExitCode::SUCCESS
}
