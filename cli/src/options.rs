//! The command line's options, read as lua.c's `collectargs` reads them, with moonlab's
//! own `--name=value` options accepted among them.

/// Which engine runs the code.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Engine {
    Reference,
    Vm,
}

/// What `collect` found before any Lua code runs.
#[derive(Debug)]
pub struct Options {
    /// The index in argv of the script, or argv's length when there is none.
    pub script: usize,
    /// `-i`: the REPL after the script.
    pub interactive: bool,
    /// `-v` (or `-i`): the version line first.
    pub version: bool,
    /// `-e` was given (then no REPL and no stdin script without `-i`).
    pub has_e: bool,
    /// `-E`: no `LUA_INIT`, and the package library ignores `LUA_PATH` and friends.
    pub ignore_env: bool,
    pub engine: Engine,
    pub max_steps: Option<u64>,
    pub max_memory: Option<usize>,
    pub stats: bool,
    pub gc_stress: bool,
    pub gc_trace: Option<String>,
}

/// Why the command line was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// lua.c's bad option: the index of the argument shown by `print_usage`.
    BadOption(usize),
    /// One of moonlab's own options with a bad value: the message.
    BadValue(String),
}

/// `collectargs`: the options before the script (or before `--`, or `-`).
pub fn collect(argv: &[Vec<u8>]) -> Result<Options, Refused> {
    // `MOONLAB_ENGINE` picks the engine when no `--engine=` does (so that a command line
    // written for lua5.4, whose `arg` shows every option, runs unchanged on either).
    let engine = match std::env::var("MOONLAB_ENGINE").as_deref() {
        Err(_) | Ok("") | Ok("vm") => Engine::Vm,
        Ok("reference") => Engine::Reference,
        Ok(e) => {
            return Err(Refused::BadValue(format!(
                "unknown engine '{e}' in MOONLAB_ENGINE (reference or vm)"
            )))
        }
    };
    let mut o = Options {
        script: argv.len(),
        interactive: false,
        version: false,
        has_e: false,
        ignore_env: false,
        engine,
        max_steps: None,
        max_memory: None,
        stats: false,
        gc_stress: false,
        gc_trace: None,
    };
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_slice();
        o.script = i;
        if a.first() != Some(&b'-') {
            return Ok(o);
        }
        let exact = a.len() == 2;
        match a.get(1) {
            None => return Ok(o), // '-': the script is standard input
            Some(b'-') if a == b"--" => {
                o.script = i + 1;
                return Ok(o);
            }
            Some(b'-') => {
                moonlab_option(&mut o, a).map_err(|r| r.unwrap_or(Refused::BadOption(i)))?
            }
            Some(b'E') if exact => o.ignore_env = true,
            Some(b'W') if exact => {}
            Some(b'i') if exact => {
                o.interactive = true;
                o.version = true;
            }
            Some(b'v') if exact => o.version = true,
            Some(c @ (b'e' | b'l')) => {
                o.has_e |= *c == b'e';
                if exact {
                    // The argument is the next one, which must not look like an option.
                    i += 1;
                    if argv.get(i).is_none_or(|next| next.first() == Some(&b'-')) {
                        return Err(Refused::BadOption(o.script));
                    }
                }
            }
            _ => return Err(Refused::BadOption(i)),
        }
        i += 1;
    }
    o.script = argv.len();
    Ok(o)
}

/// One of moonlab's `--name[=value]` options. `Err(None)`: not one of them (lua.c's
/// "unrecognized option").
fn moonlab_option(o: &mut Options, a: &[u8]) -> Result<(), Option<Refused>> {
    let a = std::str::from_utf8(a).map_err(|_| None)?;
    let bad = |m: &str| Some(Refused::BadValue(m.to_string()));
    if let Some(e) = a.strip_prefix("--engine=") {
        o.engine = match e {
            "reference" => Engine::Reference,
            "vm" => Engine::Vm,
            _ => return Err(bad(&format!("unknown engine '{e}' (reference or vm)"))),
        };
    } else if let Some(n) = a.strip_prefix("--max-instructions=") {
        o.max_steps = Some(
            n.parse()
                .map_err(|_| bad("--max-instructions takes a number"))?,
        );
    } else if let Some(n) = a.strip_prefix("--max-memory=") {
        o.max_memory = Some(
            n.parse()
                .map_err(|_| bad("--max-memory takes a number of bytes"))?,
        );
    } else if a == "--stats" {
        o.stats = true;
    } else if a == "--gc-stress" {
        o.gc_stress = true;
    } else if let Some(f) = a.strip_prefix("--gc-trace=") {
        o.gc_trace = Some(f.to_string());
    } else {
        return Err(None);
    }
    Ok(())
}

/// What `runargs` does, in order: the `-e` chunks, the `-l` modules and `-W`.
#[derive(Debug, PartialEq, Eq)]
pub enum Action<'a> {
    Exec(&'a [u8]),
    /// `-l g=mod` or `-l mod`: (global, module).
    Require(&'a [u8], &'a [u8]),
    WarningsOn,
}

/// The actions of the options before `script` (which `collect` accepted).
pub fn actions(argv: &[Vec<u8>], script: usize) -> Vec<Action<'_>> {
    let mut out = Vec::new();
    let mut i = 1;
    while i < script {
        let a = argv[i].as_slice();
        match a.get(1) {
            Some(c @ (b'e' | b'l')) => {
                let arg: &[u8] = if a.len() > 2 {
                    &a[2..]
                } else {
                    i += 1;
                    &argv[i]
                };
                out.push(if *c == b'e' {
                    Action::Exec(arg)
                } else {
                    // `dolibrary`: 'g=mod' names the global; the module's name is the
                    // global's otherwise.
                    match arg.iter().position(|&b| b == b'=') {
                        Some(at) => Action::Require(&arg[..at], &arg[at + 1..]),
                        None => Action::Require(arg, arg),
                    }
                });
            }
            Some(b'W') => out.push(Action::WarningsOn),
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(args: &[&str]) -> Vec<Vec<u8>> {
        std::iter::once("moonlab")
            .chain(args.iter().copied())
            .map(|a| a.as_bytes().to_vec())
            .collect()
    }

    #[test]
    fn options_stop_at_the_script_and_after_double_dash() {
        let a = argv(&["-e", "x=1", "s.lua", "-i"]);
        let o = collect(&a).unwrap();
        assert_eq!(o.script, 3);
        assert!(!o.interactive);
        let a = argv(&["-i", "--", "-v"]);
        let o = collect(&a).unwrap();
        assert_eq!(o.script, 3);
        assert!(o.interactive && o.version);
        let a = argv(&["-W", "-"]);
        assert_eq!(collect(&a).unwrap().script, 2);
        let a = argv(&["--engine=reference", "--stats", "-v"]);
        let o = collect(&a).unwrap();
        assert_eq!((o.script, o.engine, o.stats), (4, Engine::Reference, true));
    }

    #[test]
    fn bad_options_name_the_argument_lua_c_names() {
        for (args, at) in [
            (&["-h"][..], 1),
            (&["---"], 1),
            (&["-Ex"], 1),
            (&["-vv"], 1),
            (&["-iv"], 1),
            (&["-e"], 1),
            (&["-v", "-l"], 2),
            (&["-e", "-v"], 1),
            (&["--nope"], 1),
        ] {
            assert_eq!(
                collect(&argv(args)).unwrap_err(),
                Refused::BadOption(at),
                "{args:?}"
            );
        }
        assert!(matches!(
            collect(&argv(&["--engine=x"])),
            Err(Refused::BadValue(_))
        ));
    }

    #[test]
    fn actions_keep_their_order() {
        let a = argv(&[
            "-ea=1", "-W", "-l", "g=m", "-lm", "-e", "b", "s.lua", "-e", "no",
        ]);
        let o = collect(&a).unwrap();
        assert_eq!(
            actions(&a, o.script),
            vec![
                Action::Exec(b"a=1"),
                Action::WarningsOn,
                Action::Require(b"g", b"m"),
                Action::Require(b"m", b"m"),
                Action::Exec(b"b"),
            ]
        );
    }
}
