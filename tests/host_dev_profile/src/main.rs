//! A host built in the default dev profile: at opt-level 0 the threaded handlers' tail
//! calls stay calls, so build.rs must pick the `match` loop, and a long loop run through
//! the API must neither overflow the stack nor take forever.

use moonlab::api::{Lua, LuaState};

fn main() {
    assert_eq!(
        moonlab::api::DISPATCH,
        "match",
        "an opt-level 0 build must use the match dispatch"
    );
    let mut lua = Lua::new();
    let step = lua.create_function(|_, s: i64| Ok(s % 1_000_003));
    lua.set_global("step", step).unwrap();
    let start = std::time::Instant::now();
    let s: i64 = lua
        .load(
            "local s = 0
             for i = 1, 10000000 do
               s = s + i % 7
               if i % 1000000 == 0 then s = step(s) end
             end
             return s",
        )
        .eval()
        .unwrap();
    let mut expected = 0i64;
    for i in 1..=10_000_000i64 {
        expected += i % 7;
        if i % 1_000_000 == 0 {
            expected %= 1_000_003;
        }
    }
    assert_eq!(s, expected);
    println!(
        "host_dev_profile: 10M iterations on the {} dispatch in {:.1?}",
        moonlab::api::DISPATCH,
        start.elapsed()
    );
}
