//! Chunk names as they appear in messages (`luaO_chunkid` in lobject.c).
//!
//! A chunk's source name says where it came from: `@file.lua` is a file, `=name` is shown
//! literally, and anything else is the source text itself, shown as `[string "..."]`.
//! Messages show at most `LUA_IDSIZE - 1` bytes of it.

/// `LUA_IDSIZE`: the buffer size PUC-Rio Lua uses for chunk ids, terminator included.
pub const ID_SIZE: usize = 60;

const RETS: &[u8] = b"...";
const PRE: &[u8] = b"[string \"";
const POS: &[u8] = b"\"]";

/// `LUA_SIGNATURE`: the first bytes of every binary chunk (lua5.4's, the VM's and the
/// reference's formats all start with it).
pub const BINARY_SIGNATURE: &[u8; 4] = b"\x1bLua";

/// The chunk's name in a "bad binary format" message, as lundump.c's `luaU_undump` shows
/// it: without its `@` or `=`, and "binary string" for a chunk loaded from a string.
pub fn binary_load_name(chunkname: &[u8]) -> &[u8] {
    match chunkname.first() {
        Some(b'@') | Some(b'=') => &chunkname[1..],
        Some(&c) if c == BINARY_SIGNATURE[0] => b"binary string",
        _ => chunkname,
    }
}

/// The printable id of the chunk whose source name is `source`.
pub fn chunkid(source: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ID_SIZE);
    match source.first() {
        Some(b'=') => {
            let rest = &source[1..];
            // Lua copies at most ID_SIZE - 1 bytes (the last byte is the terminator).
            out.extend_from_slice(&rest[..rest.len().min(ID_SIZE - 1)]);
        }
        Some(b'@') => {
            let rest = &source[1..];
            if rest.len() < ID_SIZE {
                out.extend_from_slice(rest);
            } else {
                // Keep the end of a long file name: it is the part that tells files apart.
                let keep = ID_SIZE - RETS.len() - 1;
                out.extend_from_slice(RETS);
                out.extend_from_slice(&rest[rest.len() - keep..]);
            }
        }
        _ => {
            let budget = ID_SIZE - (PRE.len() + RETS.len() + POS.len()) - 1;
            let newline = source.iter().position(|&b| b == b'\n');
            out.extend_from_slice(PRE);
            if source.len() < budget && newline.is_none() {
                out.extend_from_slice(source);
            } else {
                let mut len = newline.unwrap_or(source.len());
                len = len.min(budget);
                out.extend_from_slice(&source[..len]);
                out.extend_from_slice(RETS);
            }
            out.extend_from_slice(POS);
        }
    }
    // C strings stop at the first zero byte.
    if let Some(nul) = out.iter().position(|&b| b == 0) {
        out.truncate(nul);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::chunkid;

    #[test]
    fn file_names() {
        assert_eq!(chunkid(b"@test.lua"), b"test.lua");
        let long = format!("@{}", "d/".repeat(40) + "x.lua");
        let id = chunkid(long.as_bytes());
        assert_eq!(id.len(), 59);
        assert!(id.starts_with(b"..."));
        assert!(id.ends_with(b"x.lua"));
    }

    #[test]
    fn literal_names() {
        assert_eq!(chunkid(b"=stdin"), b"stdin");
        assert_eq!(
            chunkid(format!("={}", "a".repeat(100)).as_bytes()).len(),
            59
        );
    }

    #[test]
    fn source_strings() {
        assert_eq!(chunkid(b"x = 1"), b"[string \"x = 1\"]");
        assert_eq!(chunkid(b"x = 1\ny = 2"), b"[string \"x = 1...\"]");
        let long = "a".repeat(80);
        assert_eq!(
            chunkid(long.as_bytes()),
            format!("[string \"{}...\"]", "a".repeat(45)).as_bytes()
        );
    }
}
