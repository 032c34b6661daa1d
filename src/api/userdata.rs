//! Rust types as Lua userdata with methods, fields and metamethods ([`UserData`]).
//!
//! A type describes itself once (`add_fields`, `add_methods`); the state builds its
//! metatable the first time a value of the type is made and keeps it, keyed by `TypeId`,
//! for every later value. The value lives in an `Rc<RefCell<T>>` (`HostData`): a method
//! borrows it for the length of its call, so a second mutable borrow (a method that
//! re-enters itself through Lua) fails with a Lua error instead of aliasing.

use std::any::TypeId;
use std::cell::{Ref, RefCell, RefMut};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::rc::Rc;

use crate::api::callback::{self, Callback};
use crate::api::value::{Conversion, HostData};
use crate::api::{
    AnyUserData, Ctx, FromLua, FromLuaMulti, Function, IntoLua, IntoLuaMulti, LuaState, RunError,
    Table, Token, Value,
};

/// A Rust type that Lua code uses as a userdata with methods, fields and metamethods.
///
/// Values become userdata with [`LuaState::create_userdata`] or any conversion
/// ([`IntoLua`]); Rust functions take them back as [`UserDataRef`]. The metatable is built
/// once per type and state. `__gc` is the type's `Drop`, which runs when the collector
/// frees the userdata; `__index` and `__newindex` registered as metamethods are asked for
/// the keys that are no field or method.
///
/// ```
/// use moonlab::api::{Lua, LuaState, UserData, UserDataFields, UserDataMethods, UserDataRef};
///
/// struct Point { x: f64, y: f64 }
///
/// impl UserData for Point {
///     fn add_fields(fields: &mut UserDataFields<Self>) {
///         fields.add_field_method_get("x", |_, p| Ok(p.x));
///         fields.add_field_method_set("x", |_, p, x: f64| { p.x = x; Ok(()) });
///     }
///     fn add_methods(methods: &mut UserDataMethods<Self>) {
///         methods.add_method("norm", |_, p, ()| Ok((p.x * p.x + p.y * p.y).sqrt()));
///         methods.add_meta_function("__add", |ctx, (a, b): (UserDataRef<Point>, UserDataRef<Point>)| {
///             let (a, b) = (a.borrow()?, b.borrow()?);
///             Ok(ctx.create_userdata(Point { x: a.x + b.x, y: a.y + b.y }))
///         });
///     }
/// }
///
/// let mut lua = Lua::new();
/// lua.set_global("p", Point { x: 3.0, y: 0.0 }).unwrap();
/// let n: f64 = lua.load("p.x = 1; local q = p + p; return q:norm() + q.x").eval().unwrap();
/// assert_eq!(n, 4.0);
/// let e = lua.load("p.norm({})").exec().unwrap_err();
/// assert!(e.to_string().ends_with("bad argument #1 to 'norm' (Point expected, got table)"));
/// ```
pub trait UserData: Sized + 'static {
    /// The name Lua's messages use for the type (the metatable's `__name`): by default
    /// the type's own name without its module path.
    fn type_name() -> &'static str {
        short_name::<Self>()
    }

    /// Registers the fields (`ud.name` and `ud.name = v`).
    fn add_fields(_fields: &mut UserDataFields<Self>) {}

    /// Registers the methods (`ud:name(...)`) and metamethods (`__add`, `__eq`, ...).
    fn add_methods(_methods: &mut UserDataMethods<Self>) {}
}

/// The fields of a [`UserData`] type, registered by [`UserData::add_fields`].
pub struct UserDataFields<T> {
    getters: Vec<(Vec<u8>, Callback)>,
    setters: Vec<(Vec<u8>, Callback)>,
    _type: PhantomData<fn(T)>,
}

/// The methods and metamethods of a [`UserData`] type, registered by
/// [`UserData::add_methods`].
pub struct UserDataMethods<T> {
    methods: Vec<(Vec<u8>, Callback)>,
    meta: Vec<(String, Callback)>,
    _type: PhantomData<fn(T)>,
}

impl<T: UserData> UserDataFields<T> {
    /// `ud.name` reads the field with `get`, which borrows the value.
    pub fn add_field_method_get<R, F>(&mut self, name: &str, get: F)
    where
        R: IntoLua,
        F: Fn(&mut Ctx<'_>, &T) -> Result<R, RunError> + 'static,
    {
        let cb = method::<T, (), R, _>(move |ctx, this, ()| get(ctx, this));
        self.getters.push((name.as_bytes().to_vec(), cb));
    }

    /// `ud.name = v` sets the field with `set`, which borrows the value mutably.
    pub fn add_field_method_set<A, F>(&mut self, name: &str, set: F)
    where
        A: FromLua,
        F: Fn(&mut Ctx<'_>, &mut T, A) -> Result<(), RunError> + 'static,
    {
        let cb = method_mut::<T, A, (), _>(set);
        self.setters.push((name.as_bytes().to_vec(), cb));
    }
}

impl<T: UserData> UserDataMethods<T> {
    /// `ud:name(...)`: `f` gets the value borrowed, and the other arguments as `A`.
    pub fn add_method<A, R, F>(&mut self, name: &str, f: F)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: Fn(&mut Ctx<'_>, &T, A) -> Result<R, RunError> + 'static,
    {
        self.methods
            .push((name.as_bytes().to_vec(), method::<T, A, R, F>(f)));
    }

    /// `ud:name(...)` with the value borrowed mutably; while it runs, any other use of the
    /// value (from Lua code it calls, say) is a Lua error.
    pub fn add_method_mut<A, R, F>(&mut self, name: &str, f: F)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: Fn(&mut Ctx<'_>, &mut T, A) -> Result<R, RunError> + 'static,
    {
        self.methods
            .push((name.as_bytes().to_vec(), method_mut::<T, A, R, F>(f)));
    }

    /// `ud.name(...)`: a plain function in the type's table (a constructor, say); all its
    /// arguments are `A`.
    pub fn add_function<A, R, F>(&mut self, name: &str, f: F)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: Fn(&mut Ctx<'_>, A) -> Result<R, RunError> + 'static,
    {
        self.methods
            .push((name.as_bytes().to_vec(), function::<A, R, F>(f)));
    }

    /// A metamethod (`"__tostring"`, `"__len"`, `"__call"`, `"__close"`, `"__eq"`, ...)
    /// whose first operand is the value, borrowed. For binary operators whose userdata
    /// may be either operand (`2 * v`), use [`add_meta_function`](Self::add_meta_function).
    /// `"__gc"` is ignored: the type's `Drop` is its finalizer.
    pub fn add_meta_method<A, R, F>(&mut self, name: &str, f: F)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: Fn(&mut Ctx<'_>, &T, A) -> Result<R, RunError> + 'static,
    {
        self.meta.push((name.to_string(), method::<T, A, R, F>(f)));
    }

    /// A metamethod with the value borrowed mutably.
    pub fn add_meta_method_mut<A, R, F>(&mut self, name: &str, f: F)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: Fn(&mut Ctx<'_>, &mut T, A) -> Result<R, RunError> + 'static,
    {
        self.meta
            .push((name.to_string(), method_mut::<T, A, R, F>(f)));
    }

    /// A metamethod taking all its operands as `A` (arithmetic with the userdata on
    /// either side).
    pub fn add_meta_function<A, R, F>(&mut self, name: &str, f: F)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: Fn(&mut Ctx<'_>, A) -> Result<R, RunError> + 'static,
    {
        self.meta.push((name.to_string(), function::<A, R, F>(f)));
    }
}

/// A userdata known to hold a `T`: what a Rust function takes to use a userdata argument
/// (as a [`FromLua`] type), or [`AnyUserData::borrow`] gives. It keeps the userdata alive;
/// [`borrow`](Self::borrow) and [`borrow_mut`](Self::borrow_mut) lend the value, checked
/// at run time.
pub struct UserDataRef<T: 'static> {
    ud: AnyUserData,
    cell: Rc<RefCell<T>>,
}

impl<T: 'static> Clone for UserDataRef<T> {
    fn clone(&self) -> Self {
        UserDataRef {
            ud: self.ud.clone(),
            cell: Rc::clone(&self.cell),
        }
    }
}

impl<T: 'static> UserDataRef<T> {
    /// The value, shared; `Err` while a mutable borrow is out.
    pub fn borrow(&self) -> Result<Ref<'_, T>, RunError> {
        self.cell.try_borrow().map_err(|_| borrowed::<T>(false))
    }

    /// The value, exclusively; `Err` while any other borrow is out.
    pub fn borrow_mut(&self) -> Result<RefMut<'_, T>, RunError> {
        self.cell.try_borrow_mut().map_err(|_| borrowed::<T>(true))
    }

    /// The userdata itself.
    pub fn userdata(&self) -> &AnyUserData {
        &self.ud
    }
}

impl<T: UserData> FromLua for UserDataRef<T> {
    fn from_lua<L: LuaState + ?Sized>(v: Value, lua: &mut L) -> Result<Self, RunError> {
        match cell_of::<T>(lua, &v) {
            Some(cell) => {
                let Value::UserData(ud) = v else {
                    unreachable!("only userdata hold Rust values")
                };
                Ok(UserDataRef { ud, cell })
            }
            None => Err(not_a::<T>(&v)),
        }
    }
}

impl<T: 'static> IntoLua for UserDataRef<T> {
    fn into_lua<L: LuaState + ?Sized>(self, _: &mut L) -> Result<Value, RunError> {
        Ok(Value::UserData(self.ud))
    }
}

/// A value of a [`UserData`] type becomes a new userdata.
impl<T: UserData> IntoLua for T {
    fn into_lua<L: LuaState + ?Sized>(self, lua: &mut L) -> Result<Value, RunError> {
        Ok(Value::UserData(create(lua, self)))
    }
}

impl AnyUserData {
    /// The userdata as one holding a `T`; `Err` when it holds something else.
    pub fn borrow<T: 'static>(
        &self,
        lua: &mut (impl LuaState + ?Sized),
    ) -> Result<UserDataRef<T>, RunError> {
        let v = Value::UserData(self.clone());
        match cell_of::<T>(lua, &v) {
            Some(cell) => Ok(UserDataRef {
                ud: self.clone(),
                cell,
            }),
            None => Err(RunError::new("userdata holds another type")),
        }
    }
}

/// A new userdata holding `value`, with its type's metatable.
pub(crate) fn create<T: UserData, L: LuaState + ?Sized>(lua: &mut L, value: T) -> AnyUserData {
    let mt = metatable::<T, _>(lua);
    let vm = lua.vm(Token(()));
    let ud = callback::userdata(vm, value);
    ud.set_metatable(lua, Some(&mt));
    ud
}

/// The shared cell of the `T` that `v` holds, if it is a userdata holding one.
fn cell_of<T: 'static>(lua: &mut (impl LuaState + ?Sized), v: &Value) -> Option<Rc<RefCell<T>>> {
    let Value::UserData(ud) = v else {
        return None;
    };
    let vm = lua.vm(Token(()));
    let u = ud.userdata(vm);
    let data = u.data.try_borrow().ok()?;
    data.downcast_ref::<HostData<T>>().map(|d| Rc::clone(&d.0))
}

/// `luaL_checkudata`'s error, for argument 1 unless the caller says otherwise.
fn not_a<T: UserData>(v: &Value) -> RunError {
    let mut e = RunError::new(format!(
        "cannot convert a {} value to {}",
        v.type_name(),
        T::type_name()
    ));
    e.conversion = Some(Conversion {
        expected: T::type_name(),
        type_was_right: false,
        arg: None,
    });
    e
}

/// A type's name without its module path.
fn short_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    let end = full.find('<').unwrap_or(full.len());
    let start = full[..end].rfind("::").map_or(0, |i| i + 2);
    &full[start..]
}

fn borrowed<T>(mutably: bool) -> RunError {
    let name = short_name::<T>();
    RunError::new(if mutably {
        format!("cannot borrow a {name} userdata mutably: it is already borrowed")
    } else {
        format!("cannot borrow a {name} userdata: it is already mutably borrowed")
    })
}

/// The arguments after `self` count from 2.
fn shift_arg(mut e: RunError) -> RunError {
    if let Some(Conversion { arg: Some(n), .. }) = &mut e.conversion {
        *n += 1;
    }
    e
}

/// `self` and the other arguments of a method.
fn split_self<T: UserData>(
    ctx: &mut Ctx<'_>,
    args: Vec<Value>,
) -> Result<(Rc<RefCell<T>>, Vec<Value>), RunError> {
    let mut it = args.into_iter();
    let this = it.next().unwrap_or(Value::Nil);
    let cell = cell_of::<T>(ctx, &this).ok_or_else(|| {
        let mut e = not_a::<T>(&this);
        if let Some(c) = &mut e.conversion {
            c.arg = Some(1);
        }
        e
    })?;
    Ok((cell, it.collect()))
}

fn method<T, A, R, F>(f: F) -> Callback
where
    T: UserData,
    A: FromLuaMulti,
    R: IntoLuaMulti,
    F: Fn(&mut Ctx<'_>, &T, A) -> Result<R, RunError> + 'static,
{
    Rc::new(move |ctx: &mut Ctx<'_>, args: Vec<Value>| {
        let (cell, rest) = split_self::<T>(ctx, args)?;
        let a = A::from_lua_multi(rest, ctx).map_err(shift_arg)?;
        let r = {
            let this = cell.try_borrow().map_err(|_| borrowed::<T>(false))?;
            f(ctx, &this, a)?
        };
        r.into_lua_multi(ctx)
    })
}

fn method_mut<T, A, R, F>(f: F) -> Callback
where
    T: UserData,
    A: FromLuaMulti,
    R: IntoLuaMulti,
    F: Fn(&mut Ctx<'_>, &mut T, A) -> Result<R, RunError> + 'static,
{
    Rc::new(move |ctx: &mut Ctx<'_>, args: Vec<Value>| {
        let (cell, rest) = split_self::<T>(ctx, args)?;
        let a = A::from_lua_multi(rest, ctx).map_err(shift_arg)?;
        let r = {
            let mut this = cell.try_borrow_mut().map_err(|_| borrowed::<T>(true))?;
            f(ctx, &mut this, a)?
        };
        r.into_lua_multi(ctx)
    })
}

fn function<A, R, F>(f: F) -> Callback
where
    A: FromLuaMulti,
    R: IntoLuaMulti,
    F: Fn(&mut Ctx<'_>, A) -> Result<R, RunError> + 'static,
{
    Rc::new(move |ctx: &mut Ctx<'_>, args: Vec<Value>| {
        let a = A::from_lua_multi(args, ctx)?;
        f(ctx, a)?.into_lua_multi(ctx)
    })
}

/// The metatables of the `UserData` types a state has seen (a field of `HostRefs`).
pub(crate) type TypeMetatables = HashMap<TypeId, Table>;

/// `T`'s metatable in this state, built the first time.
fn metatable<T: UserData, L: LuaState + ?Sized>(lua: &mut L) -> Table {
    let key = TypeId::of::<T>();
    if let Some(mt) = lua.vm(Token(())).host_refs.type_metatables.get(&key) {
        return mt.clone();
    }
    let mut fields = UserDataFields::<T> {
        getters: Vec::new(),
        setters: Vec::new(),
        _type: PhantomData,
    };
    T::add_fields(&mut fields);
    let mut methods = UserDataMethods::<T> {
        methods: Vec::new(),
        meta: Vec::new(),
        _type: PhantomData,
    };
    T::add_methods(&mut methods);

    let mt = lua.create_table();
    let raw_set = |lua: &mut L, k: &str, v: Value| {
        mt.raw_set(lua, k, v).expect("a string key");
    };
    let mut user_index = None;
    let mut user_newindex = None;
    for (name, cb) in methods.meta {
        let f = callback::create_raw(lua.vm(Token(())), cb);
        match name.as_str() {
            "__index" => user_index = Some(f),
            "__newindex" => user_newindex = Some(f),
            "__gc" => {}
            _ => raw_set(lua, &name, Value::Function(f)),
        }
    }
    let name = lua.create_string(T::type_name().as_bytes());
    raw_set(lua, "__name", Value::String(name));
    // Scripts see `false` for the metatable, and cannot change it for every value.
    raw_set(lua, "__metatable", Value::Boolean(false));

    if fields.getters.is_empty() && methods.methods.is_empty() {
        if let Some(f) = user_index {
            raw_set(lua, "__index", Value::Function(f));
        }
    } else {
        let getters: HashMap<Vec<u8>, Callback> = fields.getters.into_iter().collect();
        let named: HashMap<Vec<u8>, Function> = methods
            .methods
            .into_iter()
            .map(|(k, cb)| (k, callback::create_raw(lua.vm(Token(())), cb)))
            .collect();
        let index: Callback = Rc::new(move |ctx: &mut Ctx<'_>, args: Vec<Value>| {
            let mut it = args.into_iter();
            let (ud, key) = (
                it.next().unwrap_or(Value::Nil),
                it.next().unwrap_or(Value::Nil),
            );
            if let Value::String(s) = &key {
                let k = s.to_bytes(ctx);
                if let Some(get) = getters.get(&k) {
                    return get(ctx, vec![ud]);
                }
                if let Some(m) = named.get(&k) {
                    return Ok(vec![Value::Function(m.clone())]);
                }
            }
            match &user_index {
                Some(f) => ctx.call_values(&Value::Function(f.clone()), &[ud, key]),
                None => Ok(vec![Value::Nil]),
            }
        });
        let index = callback::create_raw(lua.vm(Token(())), index);
        raw_set(lua, "__index", Value::Function(index));
    }

    if fields.setters.is_empty() {
        if let Some(f) = user_newindex {
            raw_set(lua, "__newindex", Value::Function(f));
        }
    } else {
        let setters: HashMap<Vec<u8>, Callback> = fields.setters.into_iter().collect();
        let newindex: Callback = Rc::new(move |ctx: &mut Ctx<'_>, args: Vec<Value>| {
            let mut it = args.into_iter();
            let (ud, key, v) = (
                it.next().unwrap_or(Value::Nil),
                it.next().unwrap_or(Value::Nil),
                it.next().unwrap_or(Value::Nil),
            );
            let k = match &key {
                Value::String(s) => Some(s.to_bytes(ctx)),
                _ => None,
            };
            if let Some(set) = k.as_ref().and_then(|k| setters.get(k)) {
                set(ctx, vec![ud, v])?;
                return Ok(Vec::new());
            }
            match &user_newindex {
                Some(f) => ctx.call_values(&Value::Function(f.clone()), &[ud, key, v]),
                None => Err(RunError::new(format!(
                    "cannot set field '{}' of a {} value",
                    String::from_utf8_lossy(k.as_deref().unwrap_or(b"?")),
                    T::type_name()
                ))),
            }
        });
        let newindex = callback::create_raw(lua.vm(Token(())), newindex);
        raw_set(lua, "__newindex", Value::Function(newindex));
    }

    lua.vm(Token(()))
        .host_refs
        .type_metatables
        .insert(key, mt.clone());
    mt
}
