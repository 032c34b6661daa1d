//! `os.exit` through the command line on both engines: the status, the output flushed,
//! and with `close` the state closed first (to-be-closed variables, then finalizers).
//! Expected results: `tests/exit/NAME.stdout` and `NAME.status`, from
//! `tests/exit/regen.sh` (lua5.4).

mod common;

#[test]
fn os_exit_matches_lua54() {
    let checked = common::each_script_on_both_engines("exit", |run| {
        let what = format!("{} on {}", run.name, run.engine);
        let status: i32 = run.expected("status").trim().parse().unwrap();
        assert_eq!(run.stdout(), run.expected("stdout"), "{what}");
        assert!(run.out.stderr.is_empty(), "{what}");
        assert_eq!(run.out.status.code(), Some(status), "{what}");
    });
    assert_eq!(checked, 14);
}
