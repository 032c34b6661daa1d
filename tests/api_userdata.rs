//! The `UserData` trait: a Rust type with fields, methods and metamethods, borrowed at run
//! time, dropped when collected.

use std::cell::Cell;
use std::rc::Rc;

use moonlab::api::{
    AnyUserData, FromLua, Function, Lua, LuaState, UserData, UserDataFields, UserDataMethods,
    UserDataRef, Value, Variadic,
};

fn quiet() -> Lua {
    Lua::with_output(Box::new(std::io::sink()))
}

fn eval_str(lua: &mut Lua, src: &str) -> String {
    lua.load(src).eval::<String>().unwrap()
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Vec2 {
    x: f64,
    y: f64,
}

type Pair = (UserDataRef<Vec2>, UserDataRef<Vec2>);

impl UserData for Vec2 {
    fn add_fields(fields: &mut UserDataFields<Self>) {
        fields.add_field_method_get("x", |_, v| Ok(v.x));
        fields.add_field_method_get("y", |_, v| Ok(v.y));
        fields.add_field_method_set("x", |_, v, x: f64| {
            v.x = x;
            Ok(())
        });
    }

    fn add_methods(methods: &mut UserDataMethods<Self>) {
        methods.add_function("new", |_, (x, y): (f64, f64)| Ok(Vec2 { x, y }));
        methods.add_method("dot", |_, a, b: UserDataRef<Vec2>| {
            let b = b.borrow()?;
            Ok(a.x * b.x + a.y * b.y)
        });
        methods.add_method_mut("scale", |_, v, k: f64| {
            v.x *= k;
            v.y *= k;
            Ok(())
        });
        // Calls back into Lua while the value is borrowed mutably.
        methods.add_method_mut("each", |ctx, v, f: Function| {
            v.x += 1.0;
            f.call::<_, ()>(ctx, ())
        });
        methods.add_meta_function("__add", |_, (a, b): Pair| {
            let (a, b) = (a.borrow()?, b.borrow()?);
            Ok(Vec2 {
                x: a.x + b.x,
                y: a.y + b.y,
            })
        });
        methods.add_meta_function("__mul", |ctx, (a, b): (Value, Value)| {
            // The vector may be either operand: `2 * v` and `v * 2`.
            let (v, k) = match &a {
                Value::UserData(_) => (a, b),
                _ => (b, a),
            };
            let v = UserDataRef::<Vec2>::from_lua(v, ctx)?;
            let k = f64::from_lua(k, ctx)?;
            let v = *v.borrow()?;
            Ok(Vec2 {
                x: v.x * k,
                y: v.y * k,
            })
        });
        methods.add_meta_method("__unm", |_, v, ()| Ok(Vec2 { x: -v.x, y: -v.y }));
        methods.add_meta_function("__eq", |_, (a, b): Pair| Ok(*a.borrow()? == *b.borrow()?));
        methods.add_meta_function("__lt", |_, (a, b): Pair| Ok(a.borrow()?.x < b.borrow()?.x));
        methods.add_meta_function("__le", |_, (a, b): Pair| Ok(a.borrow()?.x <= b.borrow()?.x));
        methods.add_meta_method("__len", |_, _, ()| Ok(2));
        methods.add_meta_method("__call", |_, v, k: f64| Ok(v.x * k));
        methods.add_meta_method("__tostring", |_, v, ()| Ok(format!("({}, {})", v.x, v.y)));
        methods.add_meta_method("__concat", |_, v, other: String| {
            Ok(format!("({}, {}){other}", v.x, v.y))
        });
    }
}

fn with_vec2() -> Lua {
    let mut lua = quiet();
    let proto = lua.create_userdata(Vec2 { x: 0.0, y: 0.0 });
    lua.set_global("proto", proto).unwrap();
    let ctor: Function = lua.load("proto.new").eval().unwrap();
    lua.set_global("V", ctor).unwrap();
    lua
}

#[test]
fn fields_and_methods() {
    let mut lua = with_vec2();
    let r = eval_str(
        &mut lua,
        "local v = V(3, 4); v.x = 6; v:scale(0.5)
         return v.x .. ' ' .. v.y .. ' ' .. v:dot(V(1, 1)) .. ' ' .. tostring(v.nothing)",
    );
    assert_eq!(r, "3.0 2.0 5.0 nil");
    // A field without a setter cannot be set.
    let e = lua.load("V(1, 2).y = 5").exec().unwrap_err();
    assert!(
        e.to_string()
            .contains("cannot set field 'y' of a Vec2 value"),
        "{e}"
    );
    // Scripts do not get the shared metatable (built once per type); `__name` names the
    // type.
    let r = eval_str(
        &mut lua,
        "return tostring(getmetatable(V(1, 2))) .. ' '
           .. tostring(debug.getmetatable(V(1, 2)) == debug.getmetatable(V(0, 0))) .. ' '
           .. debug.getmetatable(V(1, 2)).__name .. ' ' .. type(V(1, 2))",
    );
    assert_eq!(r, "false true Vec2 userdata");
}

#[test]
fn metamethods() {
    let mut lua = with_vec2();
    let r = eval_str(
        &mut lua,
        "local a, b = V(1, 2), V(3, 4)
         return tostring(a + b) .. tostring(2 * a) .. tostring(a * 3) .. tostring(-a)
           .. ' ' .. tostring(a == V(1, 2)) .. tostring(a == b) .. tostring(a < b)
           .. tostring(b <= a) .. ' ' .. #a .. ' ' .. a(10) .. ' ' .. a .. '!'",
    );
    assert_eq!(
        r,
        "(4, 6)(2, 4)(3, 6)(-1, -2) truefalsetruefalse 2 10.0 (1, 2)!"
    );
}

#[test]
fn wrong_types_read_as_lua_errors() {
    let mut lua = with_vec2();
    let len = lua.create_function(|_, v: UserDataRef<Vec2>| {
        let v = v.borrow()?;
        Ok((v.x * v.x + v.y * v.y).sqrt())
    });
    lua.set_global("len", len).unwrap();
    assert_eq!(lua.load("len(V(3, 4))").eval::<f64>().unwrap(), 5.0);
    let r: Vec<String> = lua
        .load(
            "local dot = V(0, 0).dot
             return select(2, pcall(len, {})), select(2, pcall(len)),
                    select(2, pcall(len, io.stdout)),
                    select(2, pcall(function() local t = {dot = dot} return t:dot(V(1, 1)) end)),
                    select(2, pcall(dot, V(1, 1), 5))",
        )
        .set_name("=chunk")
        .eval::<Variadic<String>>()
        .unwrap()
        .0;
    assert_eq!(
        r,
        [
            "bad argument #1 to 'len' (Vec2 expected, got table)",
            "bad argument #1 to 'len' (Vec2 expected, got no value)",
            "bad argument #1 to 'len' (Vec2 expected, got FILE*)",
            "chunk:4: calling 'dot' on bad self (Vec2 expected, got table)",
            // (Called by pcall, the function has no name, as in lua5.4.)
            "bad argument #2 to '?' (Vec2 expected, got number)",
        ]
    );
}

#[test]
fn a_second_mutable_borrow_is_a_lua_error() {
    let mut lua = with_vec2();
    // `each` holds the value mutably while Lua code runs: using it again from there fails
    // (a Lua error, caught by pcall), and the value is usable once `each` returned.
    let r = eval_str(
        &mut lua,
        "local v = V(1, 2)
         local seen
         v:each(function()
           local ok1, e1 = pcall(function() return v.x end)
           local ok2, e2 = pcall(v.scale, v, 2)
           local ok3, e3 = pcall(v.each, v, print)
           seen = tostring(ok1) .. ' ' .. e1 .. ' | ' .. tostring(ok2) .. ' ' .. e2
             .. ' | ' .. tostring(ok3)
         end)
         return seen .. ' | ' .. v.x",
    );
    assert_eq!(
        r,
        "false cannot borrow a Vec2 userdata: it is already mutably borrowed | \
         false cannot borrow a Vec2 userdata mutably: it is already borrowed | \
         false | 2.0"
    );
    // The host's borrow blocks Lua's mutable use of the value too.
    let v: UserDataRef<Vec2> = lua.load("V(5, 5)").eval().unwrap();
    lua.set_global("held", v.clone()).unwrap();
    let guard = v.borrow().unwrap();
    assert!(lua.load("held:scale(2)").exec().is_err());
    assert_eq!(lua.load("held.x").eval::<f64>().unwrap(), 5.0);
    assert!(v.borrow_mut().is_err());
    drop(guard);
    lua.load("held:scale(2)").exec().unwrap();
    assert_eq!(v.borrow().unwrap().x, 10.0);
    assert!(v.borrow_mut().is_ok());
}

struct Resource {
    closed: Rc<Cell<u32>>,
    dropped: Rc<Cell<u32>>,
}

impl Drop for Resource {
    fn drop(&mut self) {
        self.dropped.set(self.dropped.get() + 1);
    }
}

impl UserData for Resource {
    fn add_methods(methods: &mut UserDataMethods<Self>) {
        methods.add_meta_method("__close", |_, r, ()| {
            r.closed.set(r.closed.get() + 1);
            Ok(())
        });
        // Keys that are no field or method go to the type's own __index.
        methods.add_meta_function("__index", |_, (_, k): (AnyUserData, String)| {
            Ok(format!("no {k}"))
        });
    }
}

#[test]
fn close_drop_and_index_fallback() {
    let mut lua = quiet();
    let closed = Rc::new(Cell::new(0));
    let dropped = Rc::new(Cell::new(0));
    for _ in 0..3 {
        let r = Resource {
            closed: Rc::clone(&closed),
            dropped: Rc::clone(&dropped),
        };
        lua.set_global("r", r).unwrap();
        let s: String = lua
            .load("do local x <close> = r end; local s = r.anything; r = nil; return s")
            .eval()
            .unwrap();
        assert_eq!(s, "no anything");
    }
    assert_eq!(closed.get(), 3);
    lua.full_gc();
    assert_eq!(dropped.get(), 3);
    // The value outlives its userdata while the host borrows it.
    let r = lua.create_userdata(Resource {
        closed: Rc::clone(&closed),
        dropped: Rc::clone(&dropped),
    });
    let held = r.borrow::<Resource>(&mut lua).unwrap();
    assert!(r.borrow::<Vec2>(&mut lua).is_err());
    drop(r);
    lua.full_gc();
    assert_eq!(dropped.get(), 3);
    drop(held);
    lua.full_gc();
    assert_eq!(dropped.get(), 4);
}
