//! `--gc-trace=FILE`: one JSON object per line for every collector event, with the time in
//! microseconds since the state was created and the heap size in bytes. `moonlab
//! --gc-chart TRACE OUT.svg` draws it. Events: `cycle_start`/`cycle_end` (with `kind`, a
//! [`CycleKind`](crate::gc::collect::CycleKind)'s name), `phase`, `step` (one pause:
//! `dur_us`, `work`), `finalizer`, `weak_clear` (`entries`).

use std::io::Write;
use std::time::Instant;

pub struct Tracer {
    out: Box<dyn Write>,
    start: Instant,
}

impl Tracer {
    pub fn new(out: Box<dyn Write>) -> Tracer {
        Tracer {
            out,
            start: Instant::now(),
        }
    }

    pub fn micros(&self, at: Instant) -> f64 {
        at.saturating_duration_since(self.start).as_secs_f64() * 1e6
    }

    /// Writes one event; `fields` is either empty or `,"name":value,...` already in JSON.
    /// A failed write is ignored: tracing must not change what the program does.
    pub fn event(&mut self, ev: &str, at: Instant, heap: usize, fields: &str) {
        let t = self.micros(at);
        let _ = writeln!(
            self.out,
            "{{\"ev\":\"{ev}\",\"t_us\":{t:.1},\"heap\":{heap}{fields}}}"
        );
    }

    pub fn flush(&mut self) {
        let _ = self.out.flush();
    }
}

impl crate::gc::Heap {
    /// Records an event if tracing is on (one branch when it is off).
    #[inline]
    pub(crate) fn trace_event(&self, ev: &str, fields: impl FnOnce() -> String) {
        if let Some(t) = self.tracer.borrow_mut().as_mut() {
            t.event(ev, Instant::now(), self.bytes.get(), &fields());
        }
    }

    pub(crate) fn tracing(&self) -> bool {
        self.tracer.borrow().is_some()
    }

    /// Starts writing the trace to `out` (replacing any earlier one).
    pub fn set_tracer(&self, out: Option<Box<dyn Write>>) {
        if let Some(t) = self.tracer.borrow_mut().as_mut() {
            t.flush();
        }
        *self.tracer.borrow_mut() = out.map(Tracer::new);
    }
}
