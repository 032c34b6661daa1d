//! Syntax errors, worded and positioned exactly as PUC-Rio Lua 5.4 words them.

use std::fmt;

/// A syntax error: the whole message Lua would produce, `chunk:line: what near 'token'`.
///
/// Messages are bytes, not UTF-8: Lua quotes source bytes verbatim in them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// The complete message, with the `chunk:line:` prefix (when Lua gives one).
    pub message: Vec<u8>,
    /// The line the error was reported at (0 for errors Lua reports without a position).
    pub line: u32,
}

impl SyntaxError {
    /// `chunk:line: msg`, optionally followed by ` near TOKEN` (`luaX_syntaxerror`).
    pub(crate) fn at(chunk_id: &[u8], line: u32, msg: &[u8], near: Option<&[u8]>) -> Self {
        let mut message = Vec::with_capacity(chunk_id.len() + msg.len() + 32);
        message.extend_from_slice(chunk_id);
        message.extend_from_slice(format!(":{line}: ").as_bytes());
        message.extend_from_slice(msg);
        if let Some(near) = near {
            message.extend_from_slice(b" near ");
            message.extend_from_slice(near);
        }
        SyntaxError { message, line }
    }

    /// Lua reports running out of nesting levels as a plain runtime error with no position.
    pub(crate) fn too_deep() -> Self {
        SyntaxError {
            message: b"C stack overflow".to_vec(),
            line: 0,
        }
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.message))
    }
}

impl std::error::Error for SyntaxError {}
