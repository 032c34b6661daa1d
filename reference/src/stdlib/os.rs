//! The parts of the os library a test or benchmark script needs: `os.time`,
//! `os.clock`, `os.getenv` (the io library is io.rs).

use gc_arena::Mutation;

use moonlab::shared::os_lib;

use crate::machine::{Args, Ctx, Flow, Root};
use crate::stdlib::aux::{new_table, register, set_global, NResult};
use crate::value::*;

pub fn open<'gc>(mc: &Mutation<'gc>, root: &Root<'gc>) {
    let os = new_table(mc);
    register(
        mc,
        os,
        &[("time", time), ("clock", clock), ("getenv", getenv)],
    );
    set_global(mc, root, "os", Value::Table(os));
}

fn time<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    if !matches!(args.first(), None | Some(Value::Nil)) {
        return Err(ctx.lib_error(os_lib::TIME_TABLE_UNSUPPORTED));
    }
    Ok(Flow::Return(vec![Value::Int(os_lib::time_now())]))
}

fn clock<'gc>(_ctx: &mut Ctx<'gc, '_>, _args: Args<'gc>) -> NResult<'gc> {
    Ok(Flow::Return(vec![Value::Num(os_lib::clock())]))
}

fn getenv<'gc>(ctx: &mut Ctx<'gc, '_>, args: Args<'gc>) -> NResult<'gc> {
    let name = ctx.check_str(&args, 1)?;
    let v = std::env::var_os(String::from_utf8_lossy(&name).as_ref());
    Ok(Flow::Return(vec![match v {
        Some(v) => Value::str(ctx.mc, v.to_string_lossy().as_bytes()),
        None => Value::Nil,
    }]))
}
