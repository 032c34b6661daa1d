//! Name resolution: what each name in a program resolves to, and what the resolver records
//! about locals, upvalues, labels and compile-time constants.

use moonlab::syntax::{self, ast::*};

fn with_chunk(src: &str, check: impl FnOnce(&Function<'_>)) {
    let arena = bumpalo::Bump::new();
    let chunk =
        syntax::parse(&arena, src.as_bytes(), b"=test").unwrap_or_else(|e| panic!("{src}: {e}"));
    check(chunk.main);
}

/// The expression returned by the `index`-th statement (a `return` or `local`) of `f`.
fn returned<'f, 'a>(f: &'f Function<'a>, index: usize) -> &'f Expr<'a> {
    match &f.body.stats[index].kind {
        StatKind::Return { exprs } => &exprs[0],
        StatKind::Local { exprs, .. } => &exprs[0],
        other => panic!("not a return: {other:?}"),
    }
}

fn inner_function<'f, 'a>(f: &'f Function<'a>, index: usize) -> &'f Function<'a> {
    match &f.body.stats[index].kind {
        StatKind::LocalFunction { func, .. } | StatKind::Function { func, .. } => func,
        StatKind::Local { exprs, .. } | StatKind::Return { exprs } => match exprs[0].kind {
            ExprKind::Function(func) => func,
            _ => panic!("not a function"),
        },
        other => panic!("not a function statement: {other:?}"),
    }
}

#[test]
fn main_chunk_has_env_upvalue_and_globals_use_it() {
    with_chunk("return x", |main| {
        assert!(main.is_vararg);
        assert_eq!(main.upvalues.len(), 1);
        assert_eq!(main.upvalues[0].name, "_ENV");
        assert_eq!(main.upvalues[0].source, UpvalueSource::Environment);
        match returned(main, 0).kind {
            ExprKind::Global { name, env } => {
                assert_eq!(name, "x");
                assert_eq!(env, Env::Upvalue(0));
            }
            other => panic!("{other:?}"),
        }
    });
}

#[test]
fn local_env_redirects_globals() {
    with_chunk("local _ENV = {} return x", |main| {
        match returned(main, 1).kind {
            ExprKind::Global { env, .. } => assert_eq!(env, Env::Local(0)),
            other => panic!("{other:?}"),
        }
    });
}

#[test]
fn upvalues_chain_through_enclosing_functions() {
    let src = "local x = 1
               local function f()
                 return function() return x end
               end";
    with_chunk(src, |main| {
        assert!(main.locals[0].captured, "x is captured");
        let f = inner_function(main, 1);
        assert_eq!(f.upvalues[0].name, "x");
        assert_eq!(f.upvalues[0].source, UpvalueSource::ParentLocal(0));
        let g = inner_function(f, 0);
        assert_eq!(g.upvalues[0].source, UpvalueSource::ParentUpvalue(0));
        assert!(matches!(returned(g, 0).kind, ExprKind::Upvalue(0)));
    });
}

#[test]
fn shadowing_picks_the_innermost_local() {
    with_chunk("local a = 1 local a = a + 1 return a", |main| {
        // The initialiser of the second `a` still sees the first.
        match returned(main, 1).kind {
            ExprKind::Binary { lhs, .. } => assert!(matches!(lhs.kind, ExprKind::Local(0))),
            other => panic!("{other:?}"),
        }
        assert!(matches!(returned(main, 2).kind, ExprKind::Local(1)));
        assert!(!main.locals[0].captured);
    });
}

#[test]
fn local_function_sees_itself_but_local_function_value_does_not() {
    with_chunk("local function f() return f end", |main| {
        let f = inner_function(main, 0);
        assert_eq!(f.upvalues[0].source, UpvalueSource::ParentLocal(0));
    });
    with_chunk("local f = function() return f end", |main| {
        let f = inner_function(main, 0);
        assert!(matches!(returned(f, 0).kind, ExprKind::Global { .. }));
    });
}

#[test]
fn compile_time_constants_are_folded_and_never_upvalues() {
    let src = "local k <const> = 2^10 + 1
               local s <const> = 'str'
               local r <const> = {}
               local z <const> = -0.0
               return function() return k, s, r end";
    with_chunk(src, |main| {
        assert_eq!(
            main.locals[0].kind,
            LocalKind::CompileTime(Constant::Float(1025.0))
        );
        assert_eq!(
            main.locals[1].kind,
            LocalKind::CompileTime(Constant::Str(b"str"))
        );
        assert_eq!(main.locals[2].kind, LocalKind::Const);
        // Lua does not fold to a float zero (it could be -0.0).
        assert_eq!(main.locals[3].kind, LocalKind::Const);
        let f = inner_function(main, 4);
        assert_eq!(
            f.upvalues.len(),
            1,
            "only the run-time constant is an upvalue"
        );
        assert_eq!(f.upvalues[0].name, "r");
        assert!(f.upvalues[0].readonly);
    });
}

#[test]
fn loops_declare_hidden_state_locals() {
    with_chunk("for i = 1, 2 do end for k, v in next, {} do end", |main| {
        let names: Vec<&str> = main.locals.iter().map(|l| l.name).collect();
        assert_eq!(
            names,
            [
                "(for state)",
                "(for state)",
                "(for state)",
                "i",
                "(for state)",
                "(for state)",
                "(for state)",
                "(for state)",
                "k",
                "v"
            ]
        );
    });
}

#[test]
fn methods_get_self_first() {
    with_chunk("function a.b:c(x) return self end", |main| {
        let f = inner_function(main, 0);
        let params: Vec<&str> = f
            .params
            .iter()
            .map(|&p| f.locals[p as usize].name)
            .collect();
        assert_eq!(params, ["self", "x"]);
        assert_eq!(f.line, 1);
    });
}

#[test]
fn gotos_resolve_to_their_labels() {
    let src = "do goto done end
               ::back::
               if x then goto back end
               ::done::";
    with_chunk(src, |main| {
        assert_eq!(main.gotos.len(), 2);
        let label = |id: LabelId| main.labels[id as usize].name;
        assert_eq!(label(main.gotos[0].label), "done");
        assert_eq!(label(main.gotos[1].label), "back");
        assert!(main.labels[main.gotos[0].label as usize].at_block_end);
    });
}

#[test]
fn lines_follow_lua() {
    with_chunk(
        "local t = {}\nlocal x = t\n.a\n.b\nreturn f\n(\n1\n)",
        |main| {
            assert_eq!(main.body.stats[1].line, 2);
            // A call is attributed to the line where its function expression starts.
            assert_eq!(returned(main, 2).line, 5);
        },
    );
}
