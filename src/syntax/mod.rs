//! The shared front end: Lua 5.4 source -> resolved AST in a bumpalo arena.
//!
//! ```
//! let arena = bumpalo::Bump::new();
//! let chunk = moonlab::syntax::parse(&arena, b"local x = 1 return x + y", b"=example").unwrap();
//! assert_eq!(chunk.main.locals[0].name, "x");
//! ```
//!
//! Nothing here knows about either back end. Errors are worded as `luac5.4 -p` words them.
#![forbid(unsafe_code)]

pub mod ast;
pub mod dump;
pub mod error;
mod expr;
pub mod fold;
pub mod lexer;
mod parser;
pub mod printer;
mod scope;
pub mod token;

use bumpalo::Bump;

pub use ast::Chunk;
pub use error::SyntaxError;

use crate::shared::chunkid::chunkid;

/// Options for [`parse_with`].
#[derive(Clone, Copy, Debug)]
pub struct ParseOptions {
    /// Nesting levels already in use by the caller, counted as Lua counts C calls: 1 for a
    /// file given to `luac -p` or `lua`. A `load` called from Lua code passes its own depth,
    /// which makes the nesting limit ("C stack overflow") hit a little earlier, as in Lua.
    pub levels_in_use: u32,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions { levels_in_use: 1 }
    }
}

/// Parses and resolves a chunk. `chunkname` is Lua's source name (`@file.lua`, `=stdin`, or
/// the source text itself); errors quote it as `luaO_chunkid` does.
///
/// The AST is allocated in `arena` and lives as long as it. A syntax error carries the
/// message `luac5.4 -p` would print:
///
/// ```
/// use moonlab::syntax::{ast::StatKind, parse};
///
/// let arena = bumpalo::Bump::new();
/// let chunk = parse(&arena, b"local t = {}\nt.x = 1", b"=example").unwrap();
/// assert_eq!(chunk.main.body.stats.len(), 2);
/// assert!(matches!(chunk.main.body.stats[1].kind, StatKind::Assign { .. }));
/// assert_eq!(chunk.last_line, 2);
///
/// let err = parse(&arena, b"x = = 1", b"=example").unwrap_err();
/// assert_eq!(err.to_string(), "example:1: unexpected symbol near '='");
/// assert_eq!(err.line, 1);
/// ```
pub fn parse<'a>(arena: &'a Bump, src: &[u8], chunkname: &[u8]) -> Result<Chunk<'a>, SyntaxError> {
    parse_with(arena, src, chunkname, ParseOptions::default())
}

/// [`parse`] with explicit [`ParseOptions`] (the nesting already in use by the caller).
pub fn parse_with<'a>(
    arena: &'a Bump,
    src: &[u8],
    chunkname: &[u8],
    options: ParseOptions,
) -> Result<Chunk<'a>, SyntaxError> {
    let lex = lexer::Lexer::new(src, chunkid(chunkname), arena);
    let mut parser = parser::Parser::new(lex, arena, options.levels_in_use);
    let main = parser.main_function()?;
    Ok(Chunk {
        main,
        last_line: parser.lastline,
        source: arena.alloc_slice_copy(chunkname),
    })
}

/// What `luaL_loadfile` does to a file before parsing: skip a UTF-8 byte order mark, and
/// blank out a first line starting with `#` (keeping its line break, so lines still count,
/// unless a binary chunk follows it).
pub fn file_source(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.first() != Some(&b'#') {
        return std::borrow::Cow::Borrowed(bytes);
    }
    match bytes.iter().position(|&b| b == b'\n') {
        // A binary chunk after the comment line: lua.c drops the newline too.
        Some(nl) if bytes.get(nl + 1) == Some(&0x1b) => {
            std::borrow::Cow::Borrowed(&bytes[nl + 1..])
        }
        Some(nl) => {
            let mut out = Vec::with_capacity(bytes.len() - nl);
            out.extend_from_slice(&bytes[nl..]);
            std::borrow::Cow::Owned(out)
        }
        None => std::borrow::Cow::Borrowed(&[]),
    }
}
