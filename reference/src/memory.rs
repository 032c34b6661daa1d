//! Memory accounting, pacing and the memory limit of the reference interpreter.
//!
//! gc-arena 0.7 paces its collector by the *number* of `Gc` objects and knows nothing of the
//! bytes they own (its changelog: "keep track of memory manually"). So the reference keeps
//! its own count, a per-state [`Meter`]:
//!
//! - every object is estimated at [`OBJECT_BYTES`];
//! - the buffers a program can size are *charged* to the meter while they exist: the bytes
//!   of a string made by the libraries or by `..` (`Ctx::new_string`), and the array and
//!   hash storage of a table made by a constructor or a library (`TableObj::charge`). A
//!   [`Charge`] gives its bytes back when it is dropped, that is, when the collector frees
//!   its object.
//!
//! That total is what `collectgarbage("count")` reports, what paces the driver's full
//! collections (Lua's `pause` rule over bytes, `Lua::maybe_collect`), and what the memory
//! limit (`Lua::set_memory_limit`) bounds. Past the limit the program gets lua5.4's
//! "not enough memory", which `pcall` catches and after which the state goes on:
//!
//! - a buffer that would pass the limit is refused before it is made (`Ctx::reserve`,
//!   `Ctx::new_string`; a table that cannot grow records the failure in the meter and the
//!   step that stored into it raises it, `Ctx::check_memory`);
//! - objects of a fixed size are allocated without a check; the loop ends its slice when the
//!   total passes the limit, the driver collects, and if the total is still past the limit
//!   the running thread gets the error (`Budget::memory_error_pending`).
//!
//! lua5.4 collects fully before it fails an allocation (an emergency collection). The
//! reference can collect only between steps, so it keeps garbage under half the room the
//! limit leaves (`Meter::due`) and, for library functions that reserve before they have done
//! anything observable (`string.rep`, `table.concat`, ...), retries the call once after a
//! collection (`Task::RetryNative`).

use std::cell::Cell;
use std::rc::Rc;

/// What each object is estimated to take besides the buffers charged for it.
pub const OBJECT_BYTES: usize = 64;

/// Strings shorter than this are not charged: their estimate covers them.
pub const CHARGE_FROM: usize = 64;

/// A state's memory count and limit.
#[derive(Default)]
pub struct Meter {
    /// Bytes charged by live buffers.
    external: Cell<usize>,
    /// Objects in the arena when last observed (each step, and after a collection).
    objects: Cell<usize>,
    /// The limit on the total, if any.
    limit: Cell<Option<usize>>,
    /// The total at which the loop should stop for the driver to collect.
    due_at: Cell<usize>,
    /// A table could not grow within the limit since the last check.
    failed: Cell<bool>,
}

impl Meter {
    pub fn new() -> Rc<Meter> {
        Rc::new(Meter {
            due_at: Cell::new(usize::MAX),
            ..Meter::default()
        })
    }

    pub fn external(&self) -> usize {
        self.external.get()
    }

    /// Records the arena's object count (`Metrics::total_gc_count`).
    pub fn observe(&self, objects: usize) {
        self.objects.set(objects);
    }

    /// The estimated bytes in use.
    pub fn total(&self) -> usize {
        self.objects
            .get()
            .saturating_mul(OBJECT_BYTES)
            .saturating_add(self.external.get())
    }

    pub fn limit(&self) -> Option<usize> {
        self.limit.get()
    }

    pub fn set_limit(&self, limit: Option<usize>) {
        self.limit.set(limit);
    }

    /// Whether `n` more bytes fit under the limit.
    pub fn fits(&self, n: usize) -> bool {
        match self.limit.get() {
            None => true,
            Some(l) => self.total().saturating_add(n) <= l,
        }
    }

    /// Whether the total is past the limit.
    pub fn over_limit(&self) -> bool {
        self.limit.get().is_some_and(|l| self.total() > l)
    }

    pub fn set_due_at(&self, bytes: usize) {
        self.due_at.set(bytes);
    }

    /// Whether the driver should collect now (by the pause rule or the limit).
    pub fn due(&self) -> bool {
        self.total() > self.due_at.get()
    }

    pub fn record_failure(&self) {
        self.failed.set(true);
    }

    pub fn take_failure(&self) -> bool {
        self.failed.replace(false)
    }

    fn add(&self, n: usize) {
        self.external.set(self.external.get().saturating_add(n));
    }

    fn sub(&self, n: usize) {
        self.external.set(self.external.get().saturating_sub(n));
    }
}

/// Bytes an object owns, charged to a meter until the object is dropped.
#[derive(Default)]
pub struct Charge {
    meter: Option<Rc<Meter>>,
    bytes: usize,
}

impl Charge {
    /// Nothing charged (objects the state makes for itself, and small strings).
    pub fn none() -> Self {
        Charge::default()
    }

    pub fn new(meter: &Rc<Meter>, bytes: usize) -> Self {
        meter.add(bytes);
        Charge {
            meter: Some(meter.clone()),
            bytes,
        }
    }

    pub fn meter(&self) -> Option<&Rc<Meter>> {
        self.meter.as_ref()
    }

    /// Changes the charged amount to `bytes`.
    pub fn set(&mut self, bytes: usize) {
        if let Some(m) = &self.meter {
            m.sub(self.bytes);
            m.add(bytes);
            self.bytes = bytes;
        }
    }
}

impl Drop for Charge {
    fn drop(&mut self) {
        if let Some(m) = &self.meter {
            m.sub(self.bytes);
        }
    }
}

use crate::machine::{Ctx, ErrKind, LuaError};
use crate::value::{new_str_charged, Value};

impl<'gc> Ctx<'gc, '_> {
    /// lua5.4's memory error: "not enough memory", with no position and no traceback.
    pub fn memory_error(&self, retry: bool) -> LuaError<'gc> {
        LuaError {
            value: Value::str(self.mc, b"not enough memory"),
            traceback: None,
            handled: false,
            kind: ErrKind::Memory { retry },
        }
    }

    /// Makes sure a buffer of `n` bytes may be made. Library functions call it before they
    /// have done anything observable, so the error allows a retry after a collection.
    pub fn reserve(&self, n: usize) -> Result<(), LuaError<'gc>> {
        if self.root.meter.fits(n) {
            Ok(())
        } else {
            Err(self.memory_error(true))
        }
    }

    /// A string a program sized (by a library function or `..`), charged to the meter;
    /// "not enough memory" past the limit.
    pub fn new_string(&self, bytes: Vec<u8>) -> Result<Value<'gc>, LuaError<'gc>> {
        if bytes.len() >= CHARGE_FROM && !self.root.meter.fits(bytes.len()) {
            return Err(self.memory_error(false));
        }
        Ok(Value::Str(new_str_charged(
            self.mc,
            &self.root.meter,
            bytes,
        )))
    }

    /// After each step: a table that could not grow within the limit, or (in a nested run,
    /// where the driver cannot collect) a heap past the limit, is "not enough memory".
    pub fn check_memory(&self, nested: bool) -> Result<(), LuaError<'gc>> {
        let meter = &self.root.meter;
        meter.observe(self.mc.metrics().total_gc_count());
        if meter.take_failure() || (nested && meter.over_limit()) {
            return Err(self.memory_error(false));
        }
        Ok(())
    }

    /// A new empty table charged to the meter, for tables a program makes.
    pub fn new_table_sized(
        &self,
        narray: usize,
        nhash: usize,
    ) -> Result<crate::value::Table<'gc>, LuaError<'gc>> {
        match crate::table::TableObj::new_charged(narray, nhash, &self.root.meter) {
            Some(t) => Ok(gc_arena::Gc::new(self.mc, gc_arena::lock::RefLock::new(t))),
            None => {
                self.root.meter.take_failure();
                Err(self.memory_error(false))
            }
        }
    }
}
