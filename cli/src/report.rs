//! Error lines on standard error, as lua.c's `l_message` and `report` write them.

use std::io::Write;

use crate::runner::RunError;

/// `progname: message` (or the message alone, as in the REPL), and a newline.
pub fn message(progname: Option<&[u8]>, msg: &[u8]) {
    let mut line = Vec::with_capacity(msg.len() + 32);
    if let Some(p) = progname {
        line.extend_from_slice(p);
        line.extend_from_slice(b": ");
    }
    line.extend_from_slice(msg);
    line.push(b'\n');
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().write_all(&line);
}

/// An error that reached the top: its message, then the traceback lua.c's message
/// handler appended.
pub fn error(progname: Option<&[u8]>, e: &RunError) {
    let mut msg = e.message.clone();
    if let Some(tb) = &e.traceback {
        msg.push(b'\n');
        msg.extend_from_slice(tb.as_bytes());
    }
    message(progname, &msg);
}
