//! Ctrl-C as lua.c handles it (what lua5.4 does, checked by hand: `kill -INT` prints the
//! same lines): SIGINT during a run raises the catchable "interrupted!" error in the
//! running Lua code; a second SIGINT during the same run ends the process as the signal
//! does; in the REPL an interrupted line is reported and the loop goes on.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn sigint(child: &Child) {
    // (bash's builtin kill: no procps needed.)
    let ok = Command::new("bash")
        .args(["-c", &format!("kill -INT {}", child.id())])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -INT failed");
}

fn spawn(engine: &str, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_moonlab"))
        .arg(format!("--engine={engine}"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn ctrl_c_interrupts_the_running_code_and_pcall_catches_it() {
    for engine in ["vm", "reference"] {
        let mut child = spawn(
            engine,
            &[
                "-e",
                "print(pcall(function() print(12) while true do end end)) print(42)",
            ],
        );
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        assert_eq!(line, "12\n", "{engine}");
        std::thread::sleep(Duration::from_millis(200));
        sigint(&child);
        let mut rest = String::new();
        out.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "false\tinterrupted!\n42\n", "{engine}");
        assert_eq!(child.wait().unwrap().code(), Some(0), "{engine}");
    }
}

#[test]
fn a_second_ctrl_c_in_the_same_run_ends_the_process() {
    use std::os::unix::process::ExitStatusExt;
    for engine in ["vm", "reference"] {
        let mut child = spawn(
            engine,
            &[
                "-e",
                "pcall(function() print(1) while true do end end) print(2) while true do end",
            ],
        );
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        std::thread::sleep(Duration::from_millis(200));
        sigint(&child);
        line.clear();
        out.read_line(&mut line).unwrap();
        assert_eq!(line, "2\n", "{engine}");
        sigint(&child);
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(2), "{engine}: {status:?}");
    }
}

#[test]
fn ctrl_c_in_the_repl_stops_the_line_and_the_loop_goes_on() {
    for engine in ["vm", "reference"] {
        let mut child = spawn(engine, &["-i"]);
        let mut stdin = child.stdin.take().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap(); // the banner
        stdin.write_all(b"print('go') while true do end\n").unwrap();
        stdin.flush().unwrap();
        line.clear();
        out.read_line(&mut line).unwrap(); // the echoed line
        assert_eq!(line, "> print('go') while true do end\n", "{engine}");
        line.clear();
        out.read_line(&mut line).unwrap(); // the line runs: Ctrl-C now interrupts it
        assert_eq!(line, "go\n", "{engine}");
        std::thread::sleep(Duration::from_millis(100));
        sigint(&child);
        stdin.write_all(b"print('still here')\n").unwrap();
        drop(stdin);
        let mut rest = String::new();
        out.read_to_string(&mut rest).unwrap();
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert_eq!(rest, "> print('still here')\nstill here\n> \n", "{engine}");
        assert!(
            err.starts_with("interrupted!\nstack traceback:\n"),
            "{engine}: {err}"
        );
        assert_eq!(child.wait().unwrap().code(), Some(0), "{engine}");
    }
}
