//! Loading chunks: source -> AST -> prototype, or binary chunk -> verified prototype, then a
//! closure whose `_ENV` (first upvalue) is the globals table or the environment `load` was
//! given.

use std::rc::Rc;

use crate::compiler::proto::{Constant, Proto};
use crate::vm::function::{FuncProto, UpVal};
use crate::vm::state::Vm;
use crate::vm::value::Value;

impl Vm {
    /// Makes a prototype runnable: its constants become values on this heap.
    pub fn prepare_proto(&self, p: &Rc<Proto>) -> Rc<FuncProto> {
        self.prepare_proto_sharing(p, &mut std::collections::HashMap::new())
    }

    /// `prepare_proto`, with one string object per contents in the whole chunk: lua5.4's
    /// lexer anchors every string of a chunk in one table, so equal long strings in
    /// different functions are one object (`string.format("%p")` shows it; short strings
    /// are interned anyway).
    fn prepare_proto_sharing<'a>(
        &self,
        p: &'a Rc<Proto>,
        strings: &mut std::collections::HashMap<&'a [u8], Value>,
    ) -> Rc<FuncProto> {
        let k = p
            .constants
            .iter()
            .map(|c| match c {
                Constant::Nil => Value::NIL,
                Constant::Bool(b) => Value::from_bool(*b),
                Constant::Int(i) => self.heap.int(*i),
                Constant::Float(f) => Value::from_float(*f),
                Constant::Str(s) => *strings.entry(&s[..]).or_insert_with(|| self.str(s)),
            })
            .collect();
        let children = p
            .protos
            .iter()
            .map(|c| self.prepare_proto_sharing(c, strings))
            .collect();
        Rc::new(FuncProto::new(p.clone(), k, children))
    }

    /// Parses and compiles `src`; returns the main function as a closure with `env` (the
    /// globals table when `None`) as its first upvalue. Errors are syntax-error messages.
    pub fn load(
        &mut self,
        src: &[u8],
        chunkname: &[u8],
        env: Option<Value>,
    ) -> Result<Value, Vec<u8>> {
        let arena = bumpalo::Bump::new();
        let opts = crate::syntax::ParseOptions {
            levels_in_use: self.c_calls(),
        };
        let chunk =
            crate::syntax::parse_with(&arena, src, chunkname, opts).map_err(|e| e.message)?;
        let proto = crate::compiler::compile(&chunk).map_err(|e| e.message)?;
        Ok(self.closure_of(&proto, env))
    }

    /// Loads a text or binary chunk as `lua_load` does: a chunk starting with the signature's
    /// first byte (ESC) is binary. `mode` is `load`'s: the kinds of chunk accepted ("b", "t",
    /// "bt"). Binary chunks are read and verified by `compiler::undump`, so malformed bytes
    /// give an error, never a prototype the VM cannot run safely.
    pub fn load_chunk(
        &mut self,
        chunk: &[u8],
        chunkname: &[u8],
        mode: &[u8],
        env: Option<Value>,
    ) -> Result<Value, Vec<u8>> {
        let binary = chunk.first() == Some(&crate::compiler::dump::SIGNATURE[0]);
        crate::shared::base_lib::check_load_mode(mode, binary)?;
        if binary {
            let proto = crate::compiler::undump::undump(chunk, chunkname)?;
            return Ok(self.closure_of(&proto, env));
        }
        self.load(chunk, chunkname, env)
    }

    /// A closure of a main-chunk prototype, its upvalues closed: the first is `env`.
    pub fn closure_of(&mut self, proto: &Rc<Proto>, env: Option<Value>) -> Value {
        let fp = self.prepare_proto(proto);
        let env = env.unwrap_or(Value::from_table(self.globals));
        let upvals = (0..proto.upvalues.len())
            .map(|j| {
                let u = self.heap.alloc(UpVal {
                    v: std::cell::Cell::new(std::ptr::null_mut()),
                    closed: std::cell::Cell::new(if j == 0 { env } else { Value::NIL }),
                    index: std::cell::Cell::new(0),
                    open: std::cell::Cell::new(false),
                });
                u.v.set(u.closed.as_ptr());
                u
            })
            .collect::<Vec<_>>();
        let c = self.heap.alloc_lua_closure(fp, &upvals);
        Value::from_lua_closure(c)
    }
}
