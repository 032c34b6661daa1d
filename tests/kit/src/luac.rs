//! Compiler listings compared with luac5.4's: `luac5.4 -l -l` and moonlab's disassembler
//! print the same format, addresses aside (the compiler's tests, `tests/kit/tests/compiler_vs_luac.rs`
//! of the moonlab crate, and `tests/compiler_fuzz.rs` here).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::lua54::{self, LUAC};

/// Whether luac5.4 can be run (see [`lua54::available`]).
pub fn available() -> bool {
    lua54::available(LUAC)
}

/// A fresh scratch directory, or None when luac5.4 is missing.
pub fn workdir(tag: &str) -> Option<PathBuf> {
    if !available() {
        return None;
    }
    let dir = std::env::temp_dir().join(format!("moonlab-luac-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    Some(dir)
}

/// Replaces every `0x...` address by `ADDR`.
pub fn normalise(listing: &str) -> String {
    let mut out = String::with_capacity(listing.len());
    let mut rest = listing;
    while let Some(at) = rest.find("0x") {
        out.push_str(&rest[..at]);
        out.push_str("ADDR");
        rest = rest[at + 2..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out.push_str(rest);
    out
}

/// `luac5.4 -l -l -p FILE` run in `dir` (its error message if it fails), normalised.
pub fn listing(dir: &Path, file: &str) -> String {
    let out = Command::new(LUAC)
        .args(["-l", "-l", "-p", file])
        .current_dir(dir)
        .output()
        .expect("luac5.4 runs");
    if out.status.success() {
        normalise(&String::from_utf8_lossy(&out.stdout))
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        format!("error: {}", err.trim_end().trim_start_matches("luac5.4: "))
    }
}

/// Our listing of `src` (chunk name `name`), or the error, normalised like `listing`.
pub fn our_listing(src: &[u8], name: &[u8]) -> String {
    let arena = bumpalo::Bump::new();
    let src = moonlab::syntax::file_source(src);
    match moonlab::syntax::parse(&arena, &src, name).and_then(|c| moonlab::compiler::compile(&c)) {
        Ok(p) => normalise(&moonlab::compiler::disasm::disassemble(&p)),
        Err(e) => format!("error: {e}"),
    }
}

/// The first differing line of two listings, with some context.
pub fn first_difference(ours: &str, theirs: &str) -> Option<String> {
    if ours == theirs {
        return None;
    }
    let (a, b): (Vec<&str>, Vec<&str>) = (ours.lines().collect(), theirs.lines().collect());
    let i = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let from = i.saturating_sub(3);
    let show = |l: &[&str]| l[from.min(l.len())..(i + 2).min(l.len())].join("\n");
    Some(format!(
        "first difference at line {}\n--- moonlab\n{}\n--- luac5.4\n{}",
        i + 1,
        show(&a),
        show(&b)
    ))
}
