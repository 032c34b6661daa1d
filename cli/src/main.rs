//! The `moonlab` command line: lua.c's stand-alone interpreter (`interpreter`, `repl`) on
//! either engine, and moonlab's own tools (`tools`) when their option comes first.
#![forbid(unsafe_code)]

use std::process::ExitCode;
use std::sync::OnceLock;

mod gc_chart;
mod interpreter;
mod interrupt;
mod options;
mod repl;
mod report;
mod runner;
mod source;
mod tools;

/// `--help`: lua.c's options, then moonlab's own.
const HELP: &str = "\
usage: moonlab [options] [script [args]]
Runs a Lua 5.4 script ('-' for standard input) as lua5.4 does; with no script, the REPL
on a terminal, standard input as a script otherwise.
  -e stat                  execute string 'stat'
  -i                       enter interactive mode after executing 'script'
  -l mod                   require library 'mod' into global 'mod'
  -l g=mod                 require library 'mod' into global 'g'
  -v                       show version information
  -E                       ignore environment variables (LUA_INIT, LUA_PATH, ...)
  -W                       turn warnings on
  --                       stop handling options
  -                        stop handling options and execute stdin
moonlab's own options (among the options above):
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
Tools (as the first argument):
  --check FILE...          parse and resolve FILEs like 'luac5.4 -p': silent if valid,
                           the syntax error and exit status 1 if not ('-' is stdin)
  --disasm FILE...         parse and compile FILEs (or '-e CHUNK') to Lua 5.4 bytecode and
                           print the listings in the format of 'luac5.4 -l -l' (addresses
                           are fake); the error and exit status 1 on errors
  --ast FILE               print the resolved AST of FILE (--ast-lines: with lines)
  --print FILE             print FILE back as Lua source from its AST
  --parse-stats FILE       parse FILE and report the AST arena's size and the time
  --gc-chart TRACE OUT     draw a --gc-trace file as an SVG chart (heap size over
                           time, cycles, pauses, finalizers, weak clears)
  --help                   show this help
";

static PROGNAME: OnceLock<Vec<u8>> = OnceLock::new();

/// The name errors are reported under: argv[0] as given, as lua.c's `progname` (or
/// "moonlab" when it is empty).
pub fn progname() -> Vec<u8> {
    PROGNAME
        .get()
        .cloned()
        .unwrap_or_else(|| b"moonlab".to_vec())
}

fn main() -> ExitCode {
    let argv: Vec<Vec<u8>> = std::env::args_os().map(interpreter::os_bytes).collect();
    if let Some(p) = argv.first().filter(|p| !p.is_empty()) {
        let _ = PROGNAME.set(p.clone());
    }
    let rest: Vec<String> = argv
        .iter()
        .skip(1)
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect();
    if rest.first().map(String::as_str) == Some("--help") {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    if let Some(code) = tools::run(&rest) {
        return code;
    }
    interpreter::main(argv)
}
