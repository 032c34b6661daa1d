//! lua.c's read-eval-print loop (`doREPL`). A line is first tried as `return <line>;`, so
//! an expression prints its values; otherwise as a statement, and while it is incomplete
//! (its syntax error ends at `<eof>`) continuation lines are read with the second prompt.
//! Results are passed to the global `print`; errors are reported without the program's
//! name, with their traceback, and the loop goes on. End of input ends it.
//!
//! On a terminal, lines come from rustyline (editing, history). Otherwise they are read
//! from standard input as they come, and each is echoed after its prompt, as lua5.4 linked
//! with readline (Debian's) echoes them, so that a piped session reads like a typed one.

use std::io::{BufRead, IsTerminal, Write};

use crate::interrupt::Interrupt;
use crate::report;
use crate::runner::Runner;

const PROMPT: &[u8] = b"> ";
const PROMPT2: &[u8] = b">> ";
/// lua.c's `EOFMARK`: how a syntax error of an incomplete chunk ends.
const EOF_MARK: &[u8] = b"<eof>";

/// What reading a line gave.
enum Input {
    Line(Vec<u8>),
    /// End of input (Ctrl-D).
    End,
    /// Ctrl-C at the prompt, in the line editor: the chunk being typed is dropped.
    Cancel,
}

/// Where lines come from.
trait LineSource {
    fn read(&mut self, prompt: &[u8]) -> Input;
    fn remember(&mut self, line: &[u8]);
}

/// A terminal: rustyline, history kept for the session.
struct Terminal(rustyline::DefaultEditor);

impl LineSource for Terminal {
    fn read(&mut self, prompt: &[u8]) -> Input {
        use rustyline::error::ReadlineError;
        let prompt = String::from_utf8_lossy(prompt).into_owned();
        match self.0.readline(prompt.as_str()) {
            Ok(line) => Input::Line(line.into_bytes()),
            Err(ReadlineError::Interrupted) => Input::Cancel,
            Err(_) => Input::End,
        }
    }
    fn remember(&mut self, line: &[u8]) {
        let _ = self
            .0
            .add_history_entry(String::from_utf8_lossy(line).as_ref());
    }
}

/// Standard input read plainly; `echo` when it is not a terminal (which echoes itself).
/// Standard input is locked for each line only: the code run may read it too (`io.read`).
struct Piped {
    echo: bool,
}

impl LineSource for Piped {
    fn read(&mut self, prompt: &[u8]) -> Input {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(prompt);
        let _ = out.flush();
        let mut line = Vec::new();
        match std::io::stdin().lock().read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => Input::End,
            Ok(_) => {
                if line.last() == Some(&b'\n') {
                    line.pop();
                }
                if self.echo {
                    let _ = out.write_all(&line);
                    let _ = out.write_all(b"\n");
                    let _ = out.flush();
                }
                Input::Line(line)
            }
        }
    }
    fn remember(&mut self, _line: &[u8]) {}
}

/// Runs the loop until the input ends. False if the loop itself failed (a prompt's
/// `__tostring` raised an error, which lua.c lets end the program).
pub fn run(lua: &mut dyn Runner, interrupt: &Interrupt) -> bool {
    let terminal = std::io::stdin().is_terminal();
    let plain = || Piped { echo: !terminal };
    let mut source: Box<dyn LineSource> = match terminal.then(rustyline::DefaultEditor::new) {
        Some(Ok(editor)) => Box::new(Terminal(editor)),
        _ => Box::new(plain()),
    };
    let ok = loop {
        let chunk = match load_line(lua, source.as_mut()) {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break true,
            Err(e) => {
                // No program name: lua.c's REPL has cleared it when this error escapes.
                report::message(None, &e);
                break false;
            }
        };
        match chunk {
            Chunk::Run(src) => match interrupt.during(|| lua.exec_and_print(&src, b"=stdin")) {
                Ok(None) => {}
                Ok(Some(msg)) => {
                    let mut m = b"error calling 'print' (".to_vec();
                    m.extend_from_slice(&msg);
                    m.push(b')');
                    report::message(None, &m);
                }
                Err(_) if lua.exit_request().is_some() => break true,
                Err(e) => report::error(None, &e),
            },
            Chunk::Error(msg) => report::message(None, &msg),
            Chunk::Cancelled => {}
        }
    };
    let _ = std::io::stdout().write_all(b"\n");
    let _ = std::io::stdout().flush();
    ok
}

/// What one turn of the loop runs.
enum Chunk {
    Run(Vec<u8>),
    /// lua.c's report of a chunk that does not load.
    Error(Vec<u8>),
    Cancelled,
}

/// The prompt: `_PROMPT`/`_PROMPT2` through `tostring` when set. `Err`: its
/// `__tostring` failed.
fn prompt(lua: &mut dyn Runner, first: bool) -> Result<Vec<u8>, Vec<u8>> {
    let (name, default) = if first {
        ("_PROMPT", PROMPT)
    } else {
        ("_PROMPT2", PROMPT2)
    };
    match lua.global_to_string(name) {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Ok(default.to_vec()),
        Err(e) => Err(e.message),
    }
}

/// `loadline`: a chunk to run, `None` at the end of input.
fn load_line(lua: &mut dyn Runner, source: &mut dyn LineSource) -> Result<Option<Chunk>, Vec<u8>> {
    let p = prompt(lua, true)?;
    let mut line = match source.read(&p) {
        Input::Line(l) => l,
        Input::End => return Ok(None),
        Input::Cancel => return Ok(Some(Chunk::Cancelled)),
    };
    if let Some(rest) = line.strip_prefix(b"=") {
        // 5.2's `=expr`, still accepted.
        line = [b"return ".as_slice(), rest].concat();
    }
    // `addreturn`: as an expression first.
    let as_return = [b"return ".as_slice(), &line, b";"].concat();
    if lua.compiles(&as_return, b"=stdin").is_ok() {
        if !line.is_empty() {
            source.remember(&line);
        }
        return Ok(Some(Chunk::Run(as_return)));
    }
    // `multiline`: as a statement, reading more while it is incomplete.
    loop {
        let err = match lua.compiles(&line, b"=stdin") {
            Ok(()) => {
                source.remember(&line);
                return Ok(Some(Chunk::Run(line)));
            }
            Err(e) => e,
        };
        if !err.ends_with(EOF_MARK) {
            source.remember(&line);
            return Ok(Some(Chunk::Error(err)));
        }
        let p = prompt(lua, false)?;
        match source.read(&p) {
            Input::Line(more) => {
                line.push(b'\n');
                line.extend_from_slice(&more);
            }
            Input::Cancel => return Ok(Some(Chunk::Cancelled)),
            Input::End => {
                source.remember(&line);
                // lua.c 5.4.4 has already dropped the syntax error here, and reports what
                // is left on its stack: the second prompt when `_PROMPT2` is set, else a
                // null string, which its printf writes as "(null)".
                let shown = match lua.global_to_string("_PROMPT2") {
                    Ok(Some(p)) => p,
                    _ => b"(null)".to_vec(),
                };
                return Ok(Some(Chunk::Error(shown)));
            }
        }
    }
}
