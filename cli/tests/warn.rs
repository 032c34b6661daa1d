//! `warn` through the command line on both engines: off at startup as in lua.c, "@on" and
//! "@off", multi-piece messages, the warning of a failing finalizer and of a `__gc` that
//! cannot be called. Expected stderr: `tests/warn/NAME.stderr`, from `tests/warn/regen.sh`
//! (lua5.4).

mod common;

#[test]
fn warnings_match_lua54() {
    let checked = common::each_script_on_both_engines("warn", |run| {
        let what = format!("{} on {}", run.name, run.engine);
        assert_eq!(run.stderr(), run.expected("stderr"), "{what}");
        assert!(run.out.status.success(), "{what}");
    });
    assert_eq!(checked, 4);
}
