//! The package library's rules that need no Lua values (loadlib.c): the configuration
//! constants, the initial `package.path`/`package.cpath` (environment variables with `;;`
//! standing for the default), `package.searchpath` (template expansion, the candidate
//! files in order, the readability test, the "no file" list), what the C searchers do in
//! an implementation without dynamic libraries, and the wording of `require`'s errors.
//!
//! Both engines call these; what stays in each is fetching `package.path` and friends,
//! calling the searchers and the loader, and storing the result in `package.loaded`.
//!
//! Strings reach loadlib.c's C code as C strings, so a name, path or separator is read up
//! to its first zero byte ([`c_str`]).

/// `LUA_DIRSEP`: the directory separator, what `.` in a module name becomes.
pub const DIRSEP: &[u8] = b"/";
/// `LUA_PATH_SEP`: separates the templates of a path.
pub const PATH_SEP: u8 = b';';
/// `LUA_PATH_MARK`: where a template takes the module name.
pub const PATH_MARK: &[u8] = b"?";

/// `package.config`: the directory separator, the template separator, the substitution
/// mark, the executable-directory mark and the ignore mark, one per line.
pub const CONFIG: &str = "/\n;\n?\n!\n-\n";

/// `package.path` without `LUA_PATH_5_4`/`LUA_PATH`: what Debian's lua5.4 prints.
pub const PATH_DEFAULT: &str =
    "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;\
/usr/local/lib/lua/5.4/?.lua;/usr/local/lib/lua/5.4/?/init.lua;\
/usr/share/lua/5.4/?.lua;/usr/share/lua/5.4/?/init.lua;./?.lua;./?/init.lua";

/// `package.cpath` without `LUA_CPATH_5_4`/`LUA_CPATH`: what Debian's lua5.4 prints.
pub const CPATH_DEFAULT: &str =
    "/usr/local/lib/lua/5.4/?.so;/usr/lib/x86_64-linux-gnu/lua/5.4/?.so;\
/usr/lib/lua/5.4/?.so;/usr/local/lib/lua/5.4/loadall.so;./?.so";

/// The environment variables read for `package.path` (the versioned one first).
pub const PATH_VARS: [&str; 2] = ["LUA_PATH_5_4", "LUA_PATH"];
/// The environment variables read for `package.cpath` (the versioned one first).
pub const CPATH_VARS: [&str; 2] = ["LUA_CPATH_5_4", "LUA_CPATH"];

/// `DLMSG`: what loading a C library says where lua5.4 is built without `dlopen`, as
/// moonlab is (it loads no native code).
pub const DLMSG: &str = "dynamic libraries not enabled; check your Lua installation";

/// `LIB_FAIL`: `package.loadlib`'s third result when the library could not be loaded, in
/// an implementation without dynamic libraries.
pub const LIB_FAIL: &str = "absent";

/// The second result of the preload searcher, which the loader receives.
pub const PRELOAD_DATA: &str = ":preload:";

/// `'package.searchers' must be a table`, raised by `require`.
pub const SEARCHERS_NOT_TABLE: &str = "'package.searchers' must be a table";

/// `s` as C code sees it: up to its first zero byte.
pub fn c_str(s: &[u8]) -> &[u8] {
    match s.iter().position(|&b| b == 0) {
        Some(i) => &s[..i],
        None => s,
    }
}

/// `luaL_gsub`: every occurrence of `pat` in `s` (left to right, not overlapping) replaced
/// by `rep`. An empty `pat` replaces nothing.
fn gsub(s: &[u8], pat: &[u8], rep: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    if pat.is_empty() {
        out.extend_from_slice(s);
        return out;
    }
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with(pat) {
            out.extend_from_slice(rep);
            i += pat.len();
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    out
}

/// `setpath`'s rule for a value taken from the environment: the first `;;` stands for the
/// default path (with a `;` joining it to what comes before and after, if anything does).
pub fn with_default(env: &[u8], default: &[u8]) -> Vec<u8> {
    let env = c_str(env);
    let Some(at) = env.windows(2).position(|w| w == [PATH_SEP, PATH_SEP]) else {
        return env.to_vec();
    };
    let mut out = Vec::with_capacity(env.len() + default.len());
    if at > 0 {
        out.extend_from_slice(&env[..at]);
        out.push(PATH_SEP);
    }
    out.extend_from_slice(default);
    if at + 2 < env.len() {
        out.push(PATH_SEP);
        out.extend_from_slice(&env[at + 2..]);
    }
    out
}

/// `setpath`: the initial value of a path from its variables (`versioned`, then
/// `unversioned`, as the environment holds them) and its default.
pub fn initial_path(
    versioned: Option<&[u8]>,
    unversioned: Option<&[u8]>,
    default: &str,
) -> Vec<u8> {
    match versioned.or(unversioned) {
        None => default.as_bytes().to_vec(),
        Some(v) => with_default(v, default.as_bytes()),
    }
}

/// An environment variable's bytes.
fn env_bytes(name: &str) -> Option<Vec<u8>> {
    let v = std::env::var_os(name)?;
    #[cfg(unix)]
    return Some(std::os::unix::ffi::OsStringExt::into_vec(v));
    #[cfg(not(unix))]
    return Some(v.to_string_lossy().into_owned().into_bytes());
}

/// A file name's bytes as the operating system takes them.
fn os_path(file: &[u8]) -> std::path::PathBuf {
    #[cfg(unix)]
    return std::path::PathBuf::from(
        <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(file),
    );
    #[cfg(not(unix))]
    return std::path::PathBuf::from(String::from_utf8_lossy(file).into_owned());
}

/// The registry field a host sets (to a true value) before the package library opens to
/// make it ignore the environment (`lua -E`), as loadlib.c's `noenv` reads it.
pub const NOENV_FIELD: &str = "LUA_NOENV";

/// The variables' bytes, or none of them when the environment is ignored (`noenv`).
fn vars(names: [&str; 2], noenv: bool) -> [Option<Vec<u8>>; 2] {
    if noenv {
        return [None, None];
    }
    names.map(env_bytes)
}

/// The initial `package.path`, from this process's environment (the default alone when
/// `noenv`, the registry's [`NOENV_FIELD`], is set).
pub fn path_from_env(noenv: bool) -> Vec<u8> {
    let [v, u] = vars(PATH_VARS, noenv);
    initial_path(v.as_deref(), u.as_deref(), PATH_DEFAULT)
}

/// The initial `package.cpath`, from this process's environment (or not: `noenv`).
pub fn cpath_from_env(noenv: bool) -> Vec<u8> {
    let [v, u] = vars(CPATH_VARS, noenv);
    initial_path(v.as_deref(), u.as_deref(), CPATH_DEFAULT)
}

/// `searchpath`'s list of candidates: `path` with every `?` replaced by `name`, in which
/// each `sep` has become `dirsep` (when `sep` is not empty).
pub fn expand(name: &[u8], path: &[u8], sep: &[u8], dirsep: &[u8]) -> Vec<u8> {
    let (name, path, sep, dirsep) = (c_str(name), c_str(path), c_str(sep), c_str(dirsep));
    let name = match sep.first() {
        Some(first) if name.contains(first) => gsub(name, sep, dirsep),
        _ => name.to_vec(),
    };
    gsub(path, PATH_MARK, &name)
}

/// The file names of an expanded path, in order (`getnextfilename`): the pieces between
/// `;`, empty ones included, and none at all for an empty path.
pub fn candidates(expanded: &[u8]) -> impl Iterator<Item = &[u8]> {
    let pieces = if expanded.is_empty() {
        None
    } else {
        Some(expanded.split(|&b| b == PATH_SEP))
    };
    pieces.into_iter().flatten()
}

/// `pusherrornotfound`: "no file 'a'\n\tno file 'b'" for an expanded path "a;b" (an empty
/// path gives "no file ''").
pub fn not_found_list(expanded: &[u8]) -> Vec<u8> {
    let mut m = b"no file '".to_vec();
    m.extend_from_slice(&gsub(expanded, &[PATH_SEP], b"'\n\tno file '"));
    m.push(b'\'');
    m
}

/// `readable`: whether the file can be opened for reading (`fopen(name, "r")`, which
/// succeeds on a directory too).
pub fn readable(file: &[u8]) -> bool {
    !file.is_empty() && std::fs::File::open(os_path(file)).is_ok()
}

/// `package.searchpath(name, path, sep, dirsep)`: the first readable candidate, or the
/// "no file" list of all of them.
pub fn search_path(
    name: &[u8],
    path: &[u8],
    sep: &[u8],
    dirsep: &[u8],
) -> Result<Vec<u8>, Vec<u8>> {
    search_path_with(name, path, sep, dirsep, readable)
}

/// [`search_path`] with the readability test given (the unit tests use a fake one).
pub fn search_path_with(
    name: &[u8],
    path: &[u8],
    sep: &[u8],
    dirsep: &[u8],
    readable: impl Fn(&[u8]) -> bool,
) -> Result<Vec<u8>, Vec<u8>> {
    let expanded = expand(name, path, sep, dirsep);
    if let Some(found) = candidates(&expanded).find(|f| readable(f)) {
        return Ok(found.to_vec());
    }
    Err(not_found_list(&expanded))
}

/// `'package.path' must be a string` (`field` is "path" or "cpath"), raised by a searcher.
pub fn path_not_string(field: &str) -> String {
    format!("'package.{field}' must be a string")
}

fn quoted_message(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// The preload searcher's message for a name `package.preload` lacks.
pub fn no_preload_field(name: &[u8]) -> Vec<u8> {
    quoted_message(&[b"no field package.preload['", c_str(name), b"']"])
}

/// `checkload`'s error: the module's file was found but could not be loaded.
pub fn error_loading(name: &[u8], file: &[u8], why: &[u8]) -> Vec<u8> {
    quoted_message(&[
        b"error loading module '",
        c_str(name),
        b"' from file '",
        c_str(file),
        b"':\n\t",
        c_str(why),
    ])
}

/// `findloader`'s error: no searcher found the module. `tried` is the searchers' messages,
/// each after "\n\t" (as [`SearcherMessages`] joins them).
pub fn module_not_found(name: &[u8], tried: &[u8]) -> Vec<u8> {
    quoted_message(&[b"module '", c_str(name), b"' not found:", tried])
}

/// The messages of the searchers that did not find a module, joined as `findloader`
/// joins them: each one that gave a message (a string or a number) after "\n\t".
#[derive(Default)]
pub struct SearcherMessages(Vec<u8>);

impl SearcherMessages {
    /// Appends one searcher's message, after "\n\t".
    pub fn add(&mut self, msg: &[u8]) {
        self.0.extend_from_slice(b"\n\t");
        self.0.extend_from_slice(msg);
    }

    /// The not-found error of module `name`.
    pub fn into_error(self, name: &[u8]) -> Vec<u8> {
        module_not_found(name, &self.0)
    }
}

/// What a C searcher does (`searcher_C`, or `searcher_Croot` when `root` is set) for
/// module `name` with `package.cpath` = `cpath`, where no library can be loaded:
/// `Ok(Some(msg))` when no file was found (the searcher returns the "no file" list),
/// `Ok(None)` when the root searcher has nothing to do (a name without `.`: it returns
/// nothing), and `Err(msg)` when a file was found: loading it fails with lua5.4's
/// no-`dlopen` message, raised as an error.
pub fn c_searcher(name: &[u8], cpath: &[u8], root: bool) -> Result<Option<Vec<u8>>, Vec<u8>> {
    c_searcher_with(name, cpath, root, readable)
}

/// [`c_searcher`] with the readability test given.
pub fn c_searcher_with(
    name: &[u8],
    cpath: &[u8],
    root: bool,
    readable: impl Fn(&[u8]) -> bool,
) -> Result<Option<Vec<u8>>, Vec<u8>> {
    let name = c_str(name);
    let target = if root {
        match name.iter().position(|&b| b == b'.') {
            None => return Ok(None),
            Some(dot) => &name[..dot],
        }
    } else {
        name
    };
    match search_path_with(target, cpath, b".", DIRSEP, readable) {
        Err(list) => Ok(Some(list)),
        Ok(file) => Err(error_loading(name, &file, DLMSG.as_bytes())),
    }
}

/// `luaL_loadfilex`'s message for a file it opened but could not read (a directory).
pub fn cannot_read(file: &[u8], e: &std::io::Error) -> Vec<u8> {
    let mut m = b"cannot read ".to_vec();
    m.extend_from_slice(file);
    m.extend_from_slice(b": ");
    m.extend_from_slice(super::os_lib::io_error_text(e).as_bytes());
    m
}

/// The source of a module file for the Lua searcher: the file's bytes, or the message
/// `luaL_loadfilex` gives when it cannot open or read it.
pub fn read_module(file: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    use std::io::Read;
    let mut f = std::fs::File::open(os_path(file))
        .map_err(|e| super::os_lib::cannot_open(&String::from_utf8_lossy(file), &e).into_bytes())?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes)
        .map_err(|e| cannot_read(file, &e))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(b: &[u8]) -> String {
        String::from_utf8_lossy(b).into_owned()
    }

    #[test]
    fn config_and_defaults() {
        assert_eq!(CONFIG.lines().count(), 5);
        assert!(PATH_DEFAULT.ends_with("./?.lua;./?/init.lua"));
        assert!(CPATH_DEFAULT.ends_with(";./?.so"));
    }

    #[test]
    fn candidate_lists() {
        let list = |p: &[u8]| candidates(p).map(s).collect::<Vec<_>>();
        assert_eq!(list(b""), Vec::<String>::new());
        assert_eq!(list(b"a"), ["a"]);
        assert_eq!(list(b"a;;b"), ["a", "", "b"]);
        assert_eq!(list(b";a"), ["", "a"]);
        assert_eq!(list(b"a;"), ["a", ""]);
        assert_eq!(list(b";"), ["", ""]);
    }

    #[test]
    fn expansion_replaces_separators_then_marks() {
        assert_eq!(
            s(&expand(b"a.b.c", b"./?.lua;?/x", b".", b"/")),
            "./a/b/c.lua;a/b/c/x"
        );
        assert_eq!(s(&expand(b"a.b", b"?", b"", b"/")), "a.b");
        assert_eq!(s(&expand(b"a::b:c", b"?", b"::", b"/")), "a/b:c");
        // Only the separator's first byte decides whether it is replaced at all.
        assert_eq!(s(&expand(b"a:b", b"?", b"::", b"/")), "a:b");
        assert_eq!(s(&expand(b"a.b", b"?", b".", b"")), "ab");
        assert_eq!(s(&expand(b"a\0b", b"x?y", b".", b"/")), "xay");
    }

    #[test]
    fn no_file_lists() {
        assert_eq!(s(&not_found_list(b"")), "no file ''");
        assert_eq!(
            s(&not_found_list(b"a;;b")),
            "no file 'a'\n\tno file ''\n\tno file 'b'"
        );
        let never = |_: &[u8]| false;
        assert_eq!(
            s(&search_path_with(b"m.n", b"./?.lua;/x/?/init.lua", b".", b"/", never).unwrap_err()),
            "no file './m/n.lua'\n\tno file '/x/m/n/init.lua'"
        );
        let only = |f: &[u8]| f == b"/x/m/n/init.lua";
        assert_eq!(
            s(&search_path_with(b"m.n", b"./?.lua;/x/?/init.lua", b".", b"/", only).unwrap()),
            "/x/m/n/init.lua"
        );
    }

    #[test]
    fn default_substitution() {
        let d = b"D1;D2";
        let w = |e: &[u8]| s(&with_default(e, d));
        assert_eq!(w(b"a;b"), "a;b");
        assert_eq!(w(b";;"), "D1;D2");
        assert_eq!(w(b"a;;"), "a;D1;D2");
        assert_eq!(w(b";;b"), "D1;D2;b");
        assert_eq!(w(b"a;;b;;c"), "a;D1;D2;b;;c");
        assert_eq!(w(b"a;;;b"), "a;D1;D2;;b");
        assert_eq!(s(&initial_path(None, None, "X")), "X");
        assert_eq!(s(&initial_path(Some(b"v;;"), Some(b"u"), "X")), "v;X");
        assert_eq!(s(&initial_path(None, Some(b"u"), "X")), "u");
        assert_eq!(s(&initial_path(Some(b""), Some(b"u"), "X")), "");
    }

    #[test]
    fn c_searchers_without_dlopen() {
        let never = |_: &[u8]| false;
        assert_eq!(c_searcher_with(b"a", b"./?.so", true, never), Ok(None));
        assert_eq!(
            c_searcher_with(b"a.b", b"./?.so", false, never).map(|m| s(&m.unwrap())),
            Ok("no file './a/b.so'".into())
        );
        assert_eq!(
            c_searcher_with(b"a.b", b"./?.so", true, never).map(|m| s(&m.unwrap())),
            Ok("no file './a.so'".into())
        );
        let all = |_: &[u8]| true;
        assert_eq!(
            c_searcher_with(b"a.b", b"./?.so", true, all).map_err(|m| s(&m)),
            Err(format!(
                "error loading module 'a.b' from file './a.so':\n\t{DLMSG}"
            ))
        );
    }

    #[test]
    fn messages() {
        assert_eq!(s(&no_preload_field(b"x")), "no field package.preload['x']");
        let mut m = SearcherMessages::default();
        m.add(b"one");
        m.add(b"two");
        assert_eq!(
            s(&m.into_error(b"x")),
            "module 'x' not found:\n\tone\n\ttwo"
        );
        assert_eq!(
            s(&SearcherMessages::default().into_error(b"x")),
            "module 'x' not found:"
        );
        assert_eq!(path_not_string("cpath"), "'package.cpath' must be a string");
    }
}
