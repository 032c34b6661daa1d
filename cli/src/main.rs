//! The `moonlab` command line.
#![forbid(unsafe_code)]

use std::io::{Read, Write};
use std::process::ExitCode;

mod gc_chart;

use moonlab::syntax;

const USAGE: &str = "\
usage: moonlab [options] [script [args]]
Runs a Lua 5.4 script ('-' for standard input).
  -e chunk                 run chunk (a string) before the script
  -v                       show version information
  --engine=vm|reference    the engine to run on (default: vm, the fast engine)
  --max-instructions=N     stop a run after N units of work with an error (VM: bytecode
                           instructions; reference: evaluation steps; both also charge
                           library work such as bytes copied and pattern steps)
  --max-memory=BYTES       let the heap hold at most BYTES: past it, lua5.4's 'not enough
                           memory' error, which pcall catches (default: 3/4 of the
                           address-space limit, 'ulimit -v', when there is one)
  --stats                  (VM) print instructions executed and GC counters to stderr
  --gc-stress              (VM) collector work at the first safe point after every
                           allocation (a minor collection, or an incremental step)
  --gc-trace=FILE          (VM) write one JSON line per collector event to FILE
  --gc-chart TRACE OUT     draw a --gc-trace file as an SVG chart (heap size over
                           time, cycles, pauses, finalizers, weak clears)
  --check FILE...          parse and resolve FILEs like 'luac5.4 -p': silent if valid,
                           the syntax error and exit status 1 if not ('-' is stdin)
  --disasm FILE...         parse and compile FILEs to Lua 5.4 bytecode and print the
                           listings in the format of 'luac5.4 -l -l' (addresses are
                           fake); the error and exit status 1 on errors
  --ast FILE               print the resolved AST of FILE (--ast-lines: with lines)
  --print FILE             print FILE back as Lua source from its AST
  --parse-stats FILE       parse FILE and report the AST arena's size and the time
  -h, --help               show this help
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("-h") | Some("--help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("--check") => check(&args[1..]),
        Some("--disasm") => disasm(&args[1..]),
        Some("--parse-stats") => parse_stats(&args[1..]),
        Some("--gc-chart") => gc_chart_cmd(&args[1..]),
        Some(mode @ ("--ast" | "--ast-lines" | "--print")) => show(mode, &args[1..]),
        _ => run(&args),
    }
}

/// Reads a file as `luaL_loadfile` does; returns (chunk name, source).
fn read_source(path: &str) -> Result<(Vec<u8>, Vec<u8>), String> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
        return Ok((b"=stdin".to_vec(), syntax::file_source(&buf).into_owned()));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        let reason = match e.kind() {
            std::io::ErrorKind::NotFound => "No such file or directory".to_string(),
            std::io::ErrorKind::PermissionDenied => "Permission denied".to_string(),
            _ => e.to_string(),
        };
        format!("cannot open {path}: {reason}")
    })?;
    let mut name = b"@".to_vec();
    name.extend_from_slice(path.as_bytes());
    Ok((name, syntax::file_source(&bytes).into_owned()))
}

fn fail(message: &[u8]) -> ExitCode {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(b"moonlab: ");
    let _ = err.write_all(message);
    let _ = err.write_all(b"\n");
    ExitCode::FAILURE
}

enum Engine {
    Reference,
    Vm,
}

fn run(args: &[String]) -> ExitCode {
    let mut engine = Engine::Vm;
    let mut max_steps = None;
    let mut max_memory: Option<usize> = None;
    let mut stats = false;
    let mut gc_stress = false;
    let mut gc_trace: Option<String> = None;
    let mut chunks: Vec<String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if let Some(e) = a.strip_prefix("--engine=") {
            engine = match e {
                "reference" => Engine::Reference,
                "vm" => Engine::Vm,
                _ => return fail(format!("unknown engine '{e}' (reference or vm)").as_bytes()),
            };
        } else if let Some(n) = a.strip_prefix("--max-instructions=") {
            match n.parse::<u64>() {
                Ok(n) => max_steps = Some(n),
                Err(_) => return fail(b"--max-instructions takes a number"),
            }
        } else if let Some(n) = a.strip_prefix("--max-memory=") {
            match n.parse::<usize>() {
                Ok(n) => max_memory = Some(n),
                Err(_) => return fail(b"--max-memory takes a number of bytes"),
            }
        } else if a == "--stats" {
            stats = true;
        } else if a == "--gc-stress" {
            gc_stress = true;
        } else if let Some(f) = a.strip_prefix("--gc-trace=") {
            gc_trace = Some(f.to_string());
        } else if a == "-e" {
            i += 1;
            let Some(c) = args.get(i) else {
                return fail(b"'-e' needs argument");
            };
            chunks.push(c.clone());
        } else if a == "-v" {
            println!("moonlab 0.1 (Lua 5.4 semantics)");
        } else if a == "--" {
            i += 1;
            break;
        } else if a.starts_with("--") || (a.starts_with('-') && a != "-") {
            return fail(format!("unrecognized option '{a}'\n{USAGE}").as_bytes());
        } else {
            break;
        }
        i += 1;
    }
    let script = args.get(i).cloned();
    let script_args: Vec<Vec<u8>> = args
        .iter()
        .skip(i + 1)
        .map(|a| a.as_bytes().to_vec())
        .collect();
    let max_memory = max_memory.or_else(address_space_budget);
    match engine {
        Engine::Vm => {
            let mut lua = moonlab::api::Lua::new();
            lua.set_generational();
            lua.set_instruction_limit(max_steps);
            lua.set_memory_limit(max_memory);
            lua.set_gc_stress(gc_stress);
            if let Some(f) = &gc_trace {
                match std::fs::File::create(f) {
                    Ok(file) => lua.set_gc_trace(Some(Box::new(std::io::BufWriter::new(file)))),
                    Err(e) => return fail(format!("cannot open {f}: {e}").as_bytes()),
                }
            }
            run_script(&mut lua, &chunks, script, script_args, stats)
        }
        Engine::Reference => {
            let mut lua = moonlab_reference::Lua::new();
            lua.set_generational();
            lua.set_step_limit(max_steps);
            lua.set_memory_limit(max_memory);
            run_script(&mut lua, &chunks, script, script_args, stats)
        }
    }
}

/// Without `--max-memory`, three quarters of the process's address-space limit (`ulimit -v`,
/// read from /proc/self/limits), if it has one. lua5.4 raises "not enough memory" when
/// malloc fails; Rust's allocator aborts the process instead, so the heap must stop short
/// of the cap, leaving room for what the heap does not count (code, stacks, allocator
/// slack).
fn address_space_budget() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max address space"))?;
    let soft: usize = line
        .trim_start_matches("Max address space")
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    Some(soft / 4 * 3)
}

/// An error that ended a run on either engine (each has its own `RunError` of this shape).
struct RunError {
    message: Vec<u8>,
    traceback: Option<String>,
}

impl From<moonlab::api::RunError> for RunError {
    fn from(e: moonlab::api::RunError) -> Self {
        RunError {
            message: e.message,
            traceback: e.traceback,
        }
    }
}

impl From<moonlab_reference::RunError> for RunError {
    fn from(e: moonlab_reference::RunError) -> Self {
        RunError {
            message: e.message,
            traceback: e.traceback,
        }
    }
}

/// What the command line needs from either engine.
trait Runner {
    fn exec(&mut self, src: &[u8], chunkname: &[u8]) -> Result<(), RunError>;
    fn set_arg_table(&mut self, entries: &[(i64, Vec<u8>)]);
    fn exec_with_args(
        &mut self,
        src: &[u8],
        name: &[u8],
        args: Vec<Vec<u8>>,
    ) -> Result<(), RunError>;
    /// `lua_close`: pending finalizers run (`Err`: one ran past the work limit).
    fn close(&mut self) -> Result<(), RunError>;
    /// `--stats` to stderr.
    fn print_stats(&self);
    /// What `os.exit` asked for, once a run ended with it.
    fn exit_request(&self) -> Option<moonlab::shared::os_lib::ExitRequest>;
    /// lua5.4's `luaL_openlibs` seeds `math.random` from the time and an address, so each
    /// run of `lua` draws other numbers; a library state here starts from a fixed seed
    /// (the test harnesses rely on it), and the command line seeds it as `lua` does, with
    /// `math.randomseed()`.
    fn seed_random(&mut self) {
        let _ = self.exec(b"math.randomseed()", b"=(startup)");
    }
}

impl Runner for moonlab::api::Lua {
    fn exec(&mut self, src: &[u8], chunkname: &[u8]) -> Result<(), RunError> {
        moonlab::api::Lua::exec(self, src, chunkname).map_err(RunError::from)
    }
    fn set_arg_table(&mut self, entries: &[(i64, Vec<u8>)]) {
        moonlab::api::Lua::set_arg_table(self, entries)
    }
    fn exec_with_args(
        &mut self,
        src: &[u8],
        name: &[u8],
        args: Vec<Vec<u8>>,
    ) -> Result<(), RunError> {
        moonlab::api::Lua::exec_with_args(self, src, name, args).map_err(RunError::from)
    }
    fn close(&mut self) -> Result<(), RunError> {
        moonlab::api::Lua::close(self).map_err(RunError::from)
    }
    fn exit_request(&self) -> Option<moonlab::shared::os_lib::ExitRequest> {
        moonlab::api::Lua::exit_request(self)
    }
    fn print_stats(&self) {
        let s = self.gc_stats();
        eprintln!(
            "instructions: {} ({} dispatch)",
            self.instructions(),
            moonlab::api::DISPATCH
        );
        eprintln!(
            "gc cycles: {} (major {}, minor {})",
            s.cycles, s.major_cycles, s.minor_cycles
        );
        eprintln!(
            "gc pauses: {} (total {:.3} ms, max {:.3} ms)",
            s.pauses,
            s.pause_total_ns as f64 / 1e6,
            s.pause_max_ns as f64 / 1e6
        );
        eprintln!("write barriers (slow path): {}", s.barriers);
        eprintln!("objects allocated: {}", s.objects_allocated);
        eprintln!("objects freed: {}", s.objects_freed);
        eprintln!("bytes allocated: {}", s.bytes_allocated_total);
        eprintln!("bytes freed: {}", s.bytes_freed_total);
        eprintln!("bytes in use: {}", self.bytes_in_use());
        eprintln!("finalizers run: {}", s.finalizers_run);
        eprintln!("weak entries cleared: {}", s.weak_entries_cleared);
        eprintln!("objects resurrected: {}", s.objects_resurrected);
        let live: Vec<String> = self
            .live_objects()
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        eprintln!("live objects: {}", live.join(", "));
    }
}

impl Runner for moonlab_reference::Lua {
    fn exec(&mut self, src: &[u8], chunkname: &[u8]) -> Result<(), RunError> {
        moonlab_reference::Lua::exec(self, src, chunkname).map_err(RunError::from)
    }
    fn set_arg_table(&mut self, entries: &[(i64, Vec<u8>)]) {
        moonlab_reference::Lua::set_arg_table(self, entries)
    }
    fn exec_with_args(
        &mut self,
        src: &[u8],
        name: &[u8],
        args: Vec<Vec<u8>>,
    ) -> Result<(), RunError> {
        moonlab_reference::Lua::exec_with_args(self, src, name, args).map_err(RunError::from)
    }
    fn close(&mut self) -> Result<(), RunError> {
        moonlab_reference::Lua::close(self).map_err(RunError::from)
    }
    fn exit_request(&self) -> Option<moonlab::shared::os_lib::ExitRequest> {
        moonlab_reference::Lua::exit_request(self)
    }
    /// `--stats` reports the VM's counters; the reference has none to report.
    fn print_stats(&self) {}
}

/// Runs the `-e` chunks, then the script, as lua.c does: `arg` set, errors printed with
/// their traceback and exit status 1, the state closed at the end either way (pending
/// finalizers run, after an error's message).
fn run_script(
    lua: &mut impl Runner,
    chunks: &[String],
    script: Option<String>,
    script_args: Vec<Vec<u8>>,
    stats: bool,
) -> ExitCode {
    lua.seed_random();
    let report = |lua: &mut dyn Runner, e: RunError| {
        // `os.exit`: no message; the state is closed first if it asked (a finalizer may
        // call os.exit again, and the last request wins), and the process ends with the
        // status's low 8 bits, as C's `exit`. The engine flushed the program's output.
        if let Some(req) = lua.exit_request() {
            let mut code = req.code;
            if req.close {
                let _ = lua.close();
                code = lua.exit_request().map_or(code, |r| r.code);
            }
            if stats {
                lua.print_stats();
            }
            return ExitCode::from(code as u8);
        }
        if stats {
            lua.print_stats();
        }
        let mut msg = e.message.clone();
        if let Some(tb) = &e.traceback {
            msg.push(b'\n');
            msg.extend_from_slice(tb.as_bytes());
        }
        fail(&msg)
    };
    // After an error, the state is closed too (its finalizers run after the message); a
    // finalizer that runs past the work limit is an error of its own.
    let close_after_error = |lua: &mut dyn Runner, code: ExitCode| {
        if lua.exit_request().is_some() {
            return code;
        }
        if let Err(e) = lua.close() {
            report(lua, e);
        }
        code
    };
    for c in chunks {
        if let Err(e) = lua.exec(c.as_bytes(), b"=(command line)") {
            let code = report(lua, e);
            return close_after_error(lua, code);
        }
    }
    let Some(script) = script else {
        if chunks.is_empty() {
            print!("{USAGE}");
        }
        if let Err(e) = lua.close() {
            return report(lua, e);
        }
        if stats {
            lua.print_stats();
        }
        return ExitCode::SUCCESS;
    };
    let mut entries = vec![(0, script.as_bytes().to_vec())];
    for (k, a) in script_args.iter().enumerate() {
        entries.push((k as i64 + 1, a.clone()));
    }
    lua.set_arg_table(&entries);
    let (name, src) = match read_source(&script) {
        Ok(x) => x,
        Err(msg) => return fail(msg.as_bytes()),
    };
    match lua.exec_with_args(&src, &name, script_args) {
        Ok(()) => {
            if let Err(e) = lua.close() {
                return report(lua, e);
            }
            if stats {
                lua.print_stats();
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            let code = report(lua, e);
            close_after_error(lua, code)
        }
    }
}

fn check(files: &[String]) -> ExitCode {
    if files.is_empty() {
        return fail(b"--check needs at least one file");
    }
    for path in files {
        let (name, src) = match read_source(path) {
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

fn disasm(files: &[String]) -> ExitCode {
    if files.is_empty() {
        return fail(b"--disasm needs at least one file");
    }
    for path in files {
        let (name, src) = match read_source(path) {
            Ok(x) => x,
            Err(msg) => return fail(msg.as_bytes()),
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
    let (name, src) = match read_source(path) {
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
    let (name, src) = match read_source(path) {
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
