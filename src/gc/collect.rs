//! The collector: tri-colour marking, Lua 5.4's weak-table and finalizer rules, and two
//! ways of pacing the work, as lua5.4 has them (lgc.c).
//!
//! - **Incremental** (the default): a cycle marks in steps interleaved with the program
//!   (`Phase::Propagate`), finishes marking in one atomic phase, then frees in steps
//!   (`Phase::Sweep`). Write barriers (`Heap::barrier`) keep the invariant that a black
//!   object never points at a white one: a black container written to turns gray again
//!   and is traced again in the atomic phase.
//! - **Generational**: sticky mark bits and lua5.4's two ages. The object list is
//!   [young][survival][old]: an object that survives a minor collection becomes a
//!   survivor (white again), one that survives a second becomes old (it stays marked and
//!   black). A minor collection marks from the roots and from `grayagain`: old objects a
//!   barrier caught (kept for two minors, lgc.c's TOUCHED1/TOUCHED2), the objects just
//!   promoted, and weak tables; it sweeps only the young and survival segments. A major
//!   collection clears every mark first and is a full stop-the-world cycle.
//!
//! The atomic phase, in both modes:
//! 1. mark the roots again and trace again what must be (threads, barrier-grayed objects,
//!    weak tables, open upvalues' values), then propagate;
//! 2. resolve ephemerons (weak-key tables) to a fixpoint;
//! 3. clear weak values of dead objects;
//! 4. move unreachable objects with finalizers to the to-be-finalized queue (newest first,
//!    so finalizers run in reverse order of registration), mark them and what they reach,
//!    and resolve ephemerons again;
//! 5. clear weak keys, and weak values in tables reached only in step 4;
//! 6. close the open upvalues of dead threads.
//!
//! Finalizers run after the atomic phase, outside the pause (see `Vm::run_finalizers`).
//!
//! An emptied entry's key is not traced, so wherever a table is traced or cleared its
//! emptied entries' object keys become dead keys (lgc.c's `clearkey`, `Value::dead_key`):
//! never dereferenced once the object may be freed, yet `next` continues from them.

use std::time::Instant;

use crate::gc::heap::{free_object, GcBox, GcHeader, GcKind, Phase, FLAG_BLACK, FLAG_FINOBJ};
use crate::gc::int_arena::SweepMarks;
use crate::gc::Gc;
use crate::vm::function::{FuncProto, LuaClosure, NativeClosure, UpVal};
use crate::vm::table::Table;
use crate::vm::thread::{Thread, ThreadState};
use crate::vm::userdata::UserData;
use crate::vm::value::{ObjKind, Value};

#[derive(Clone, Copy, PartialEq, Eq)]
enum WeakMode {
    None,
    Keys,
    Values,
    Both,
}

/// Work charged per object the sweep looks at (lgc.c's `sweepstep` counts objects).
const SWEEP_COST: usize = 1;
/// Generational mode's floors: the smallest base for the major-collection rule, and the
/// least allocation between minor collections, so a tiny heap is not collected constantly.
const GEN_MIN_BASE: usize = 64 * 1024;
const GEN_MIN_MINOR: usize = 64 * 1024;
/// Bytes of allocation per unit of work at a step multiplier of 1 (`WORK2MEM`, the size
/// of a Lua 5.4 `TValue`).
const WORK2MEM: usize = 16;

/// The marking state of the cycle under way (it lives across incremental steps).
pub(crate) struct Marker {
    gray: Vec<*mut GcHeader>,
    /// Weak tables traced before the atomic phase, to trace again in it.
    again: Vec<*mut GcHeader>,
    weak_values: Vec<Gc<Table>>,
    ephemerons: Vec<Gc<Table>>,
    all_weak: Vec<Gc<Table>>,
    /// Cycle number, so a prototype shared by many closures is traced once per cycle.
    epoch: u64,
    mode_name: Value,
    /// In the atomic phase: nothing is left for later.
    atomic: bool,
    /// Units of marking work done (objects and slots traced).
    work: usize,
}

impl Default for Marker {
    fn default() -> Self {
        Marker {
            gray: Vec::new(),
            again: Vec::new(),
            weak_values: Vec::new(),
            ephemerons: Vec::new(),
            all_weak: Vec::new(),
            epoch: 0,
            mode_name: Value::NIL,
            atomic: false,
            work: 0,
        }
    }
}

/// The kinds of collection cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CycleKind {
    /// An incremental cycle, in steps interleaved with the program.
    Incremental,
    /// Generational mode: the young objects only, at once.
    Minor,
    /// Generational mode: every object, at once.
    Major,
}

impl CycleKind {
    /// The name the trace writes (`"kind"` of `cycle_start` and `cycle_end`).
    pub const fn name(self) -> &'static str {
        match self {
            CycleKind::Incremental => "incremental",
            CycleKind::Minor => "minor",
            CycleKind::Major => "major",
        }
    }
}

/// Objects and bytes freed, for the counters and the trace.
#[derive(Default)]
pub(crate) struct CycleFreed {
    objects: u64,
    bytes: usize,
}

impl CycleFreed {
    /// Frees `h` (already unlinked from every list), forgetting it in the intern table.
    /// Inlined into the sweeps, as `unlink_and_free` is: a call per freed object showed in
    /// the `closures` profile (step `c4sweep`).
    ///
    /// # Safety
    /// `h` heads an unreachable live object that nothing will use again.
    #[inline(always)]
    unsafe fn add(&mut self, heap: &crate::gc::Heap, h: *mut GcHeader) {
        // SAFETY: forwarded to the caller: `h` is live until `free_object`.
        unsafe {
            let kind = (*h).kind;
            if kind == GcKind::String {
                let s: Gc<crate::vm::string::LuaString> = Gc::from_header(h);
                if s.is_short() {
                    heap.strings.borrow_mut().remove(h, s.hash());
                }
            }
            let n = &heap.live[kind as usize];
            n.set(n.get().saturating_sub(1));
            self.bytes += free_object(h, Some(heap));
        }
        self.objects += 1;
    }

    /// Unlinks `cur` from the list starting at `head` (`prev` is its predecessor, null if
    /// it is first; `next` its successor) and frees it.
    ///
    /// # Safety
    /// As for `add`; `prev`, if not null, is a live object of the same list.
    #[inline(always)]
    unsafe fn unlink_and_free(
        &mut self,
        heap: &crate::gc::Heap,
        head: &std::cell::Cell<*mut GcHeader>,
        prev: *mut GcHeader,
        cur: *mut GcHeader,
        next: *mut GcHeader,
    ) {
        // SAFETY: forwarded to the caller.
        unsafe {
            if prev.is_null() {
                head.set(next);
            } else {
                (*prev).next.set(next);
            }
            self.add(heap, cur);
        }
    }

    fn merge(&mut self, other: &CycleFreed) {
        self.objects += other.objects;
        self.bytes += other.bytes;
    }

    fn account(&self, heap: &crate::gc::Heap) {
        heap.bytes.set(heap.bytes.get().saturating_sub(self.bytes));
        let mut s = heap.stats.borrow_mut();
        s.objects_freed += self.objects;
        s.bytes_freed_total += self.bytes as u64;
    }
}

/// # Safety
/// `h` heads a live object.
unsafe fn header_marked(h: *mut GcHeader) -> bool {
    // SAFETY: forwarded to the caller.
    unsafe { (*h).marked.get() }
}

/// Strings and boxed integers are values, never removed from weak tables.
fn is_value_like(v: Value) -> bool {
    v.is_object_of(ObjKind::String) || v.is_object_of(ObjKind::BoxedInt)
}

impl Marker {
    fn reset(&mut self, mode_name: Value) {
        let epoch = self.epoch + 1;
        *self = Marker::default();
        self.epoch = epoch;
        self.mode_name = mode_name;
    }

    /// Traces gray objects until `budget` units of work are done or none is left.
    fn propagate_some(&mut self, budget: usize) -> usize {
        let start = self.work;
        while self.work - start < budget {
            let Some(h) = self.gray.pop() else { break };
            // SAFETY: the gray list holds only objects marked this cycle, and nothing is freed while marking.
            unsafe { self.trace(h) };
        }
        self.work - start
    }

    pub(crate) fn mark_value(&mut self, v: Value) {
        if let Some(h) = v.gc_header() {
            // SAFETY: a value's object is live (values reachable at a safe point point to live objects).
            unsafe { self.mark_header(h) };
        }
    }

    /// Marks an object a `Gc` points to (live by the `Gc` invariant).
    fn mark_gc<T>(&mut self, g: Gc<T>) {
        // SAFETY: a `Gc` points to a live object.
        unsafe { self.mark_header(g.header_ptr()) }
    }

    /// # Safety
    /// `h` heads a live object.
    unsafe fn mark_header(&mut self, h: *mut GcHeader) {
        // SAFETY: forwarded to the caller.
        unsafe {
            if (*h).marked.get() {
                return;
            }
            (*h).marked.set(true);
            match (*h).kind {
                GcKind::String | GcKind::BoxedInt => {}
                _ => self.gray.push(h),
            }
        }
    }

    /// Whether a value counts as alive for weak-table purposes (marking strings on the way).
    fn alive(&mut self, v: Value) -> bool {
        match v.gc_header() {
            None => true,
            Some(h) => {
                if is_value_like(v) {
                    // SAFETY: a value's object is live (values reachable at a safe point point to live objects).
                    unsafe { self.mark_header(h) };
                    true
                } else {
                    // SAFETY: a value's object is live (values reachable at a safe point point to live objects).
                    unsafe { header_marked(h) }
                }
            }
        }
    }

    fn mark_proto(&mut self, p: &FuncProto) {
        if p.mark_epoch.get() == self.epoch {
            return;
        }
        p.mark_epoch.set(self.epoch);
        self.work += 1 + p.k.len() + p.children.len();
        for &k in p.k.iter() {
            self.mark_value(k);
        }
        for c in p.children.iter() {
            self.mark_proto(c);
        }
    }

    fn weak_mode(&self, t: &Table) -> WeakMode {
        let Some(mt) = t.metatable.get() else {
            return WeakMode::None;
        };
        let s = self.mode_name.as_string().expect("interned");
        let m = mt.get_short_str(self.mode_name, s.hash());
        let Some(ms) = m.as_string() else {
            return WeakMode::None;
        };
        let b = ms.as_bytes();
        match (b.contains(&b'k'), b.contains(&b'v')) {
            (true, true) => WeakMode::Both,
            (true, false) => WeakMode::Keys,
            (false, true) => WeakMode::Values,
            _ => WeakMode::None,
        }
    }

    fn trace_table(&mut self, t: Gc<Table>) {
        if let Some(mt) = t.metatable.get() {
            self.mark_gc(mt);
        }
        let mode = self.weak_mode(&t);
        if mode != WeakMode::None {
            let h = t.header();
            h.flags.set(h.flags.get() & !FLAG_BLACK);
            if !self.atomic {
                self.again.push(t.header_ptr());
            }
        }
        // SAFETY: marking touches other objects' headers and the marker's own lists, never
        // this table's contents, and no Lua code runs during a collector step.
        let d = unsafe { t.data_for_collector() };
        self.work += d.array.len() + 2 * d.entries().len();
        match mode {
            WeakMode::None => {
                for &v in d.array.iter() {
                    self.mark_value(v);
                }
                for e in d.entries_mut().iter_mut() {
                    if e.val.is_nil() {
                        // An emptied entry's key is not traced, so it must not be
                        // dereferenced after its object is freed (lgc.c's `clearkey`).
                        e.key = e.key.dead_key();
                        continue;
                    }
                    self.mark_value(e.key);
                    self.mark_value(e.val);
                }
            }
            WeakMode::Values => {
                for e in d.entries_mut().iter_mut() {
                    if e.val.is_nil() {
                        e.key = e.key.dead_key();
                    } else {
                        self.mark_value(e.key);
                    }
                }
                self.weak_values.push(t);
            }
            WeakMode::Keys => {
                for &v in d.array.iter() {
                    self.mark_value(v);
                }
                self.ephemerons.push(t);
                self.converge_one(t);
            }
            WeakMode::Both => self.all_weak.push(t),
        }
    }

    /// Marks the values of an ephemeron table whose keys are alive; true if any was marked.
    fn converge_one(&mut self, t: Gc<Table>) -> bool {
        let mut changed = false;
        // SAFETY: as in `trace_table`.
        let d = unsafe { t.data_for_collector() };
        let n = d.entries().len();
        for j in 0..n {
            let e = d.entries()[j];
            if e.val.is_nil() {
                continue;
            }
            if self.alive(e.key) {
                if let Some(h) = e.val.gc_header() {
                    // SAFETY: a value's object is live (values reachable at a safe point point to live objects).
                    if !unsafe { header_marked(h) } {
                        // SAFETY: a value's object is live (values reachable at a safe point point to live objects).
                        unsafe { self.mark_header(h) };
                        changed = true;
                    }
                }
            }
        }
        changed
    }

    /// # Safety
    /// `h` heads a live object of the kind its header records.
    unsafe fn trace(&mut self, h: *mut GcHeader) {
        // SAFETY: forwarded to the caller.
        unsafe {
            // Work is counted as lgc.c counts it: one unit per object plus one per slot.
            self.work += 1;
            // Black unless it must be traced again anyway (threads, open upvalues and weak
            // tables, below).
            (*h).flags.set((*h).flags.get() | FLAG_BLACK);
            match (*h).kind {
                GcKind::Table => self.trace_table(Gc::from_header(h)),
                GcKind::LuaClosure => {
                    let c: Gc<LuaClosure> = Gc::from_header(h);
                    self.work += c.upvals().len();
                    for u in c.upvals().iter() {
                        self.mark_header(u.get().header_ptr());
                    }
                    self.mark_proto(&c.proto);
                }
                GcKind::NativeClosure => {
                    let c: Gc<NativeClosure> = Gc::from_header(h);
                    self.work += c.upvals.len();
                    for u in c.upvals.iter() {
                        self.mark_value(u.get());
                    }
                }
                GcKind::UpVal => {
                    let u: Gc<UpVal> = Gc::from_header(h);
                    if u.open.get() {
                        (*h).flags.set((*h).flags.get() & !FLAG_BLACK);
                    }
                    self.mark_value(u.get());
                }
                GcKind::UserData => {
                    let u: Gc<UserData> = Gc::from_header(h);
                    if let Some(mt) = u.metatable.get() {
                        self.mark_header(mt.header_ptr());
                    }
                    self.mark_value(u.user_value.get());
                }
                GcKind::Thread => {
                    (*h).flags.set((*h).flags.get() & !FLAG_BLACK);
                    let t: Gc<Thread> = Gc::from_header(h);
                    // The running thread's state is in the VM (a root, `mark_roots`);
                    // its object holds none.
                    if !t.is_running() {
                        self.trace_thread_state(&mut t.parked_mut());
                    }
                    if let Some(e) = t.error.get() {
                        self.mark_value(e);
                    }
                }
                GcKind::String | GcKind::BoxedInt => {}
            }
        }
    }

    /// Marks what a thread's stack holds (its error is in the thread object).
    pub(crate) fn trace_thread_state(&mut self, s: &mut ThreadState) {
        self.work += s.stack.len();
        let live = s.top.min(s.stack.len());
        for j in 0..live {
            self.mark_value(s.stack[j]);
        }
        // Dead slots above the top could hold stale references: clear them, through the
        // buffer's raw pointer: a `&mut` to the slice would invalidate the open upvalues'
        // pointers into it (Stacked Borrows).
        let base = s.stack.as_mut_ptr();
        for j in live..s.stack.len() {
            // SAFETY: `j` is within the stack's length.
            unsafe { *base.add(j) = Value::NIL };
        }
    }

    fn propagate(&mut self) {
        while let Some(h) = self.gray.pop() {
            // SAFETY: the gray list holds only objects marked this cycle, and nothing is freed while marking.
            unsafe { self.trace(h) };
        }
    }

    /// Drops from the weak-table lists the tables this cycle traced but did not mark: a
    /// minor collection traces every remembered weak table, reachable or not, and one that
    /// became unreachable is freed by the coming sweep, so it must not be remembered for
    /// the next collection (lgc.c's `correctgraylist` removes white objects). Called after
    /// marking, before the sweep clears the survivors' marks.
    fn forget_dying_weak_tables(&mut self) {
        let marked = |t: &Gc<Table>| t.header().marked.get();
        self.weak_values.retain(marked);
        self.ephemerons.retain(marked);
        self.all_weak.retain(marked);
    }

    fn converge_ephemerons(&mut self) {
        loop {
            self.propagate();
            let mut changed = false;
            let mut j = 0;
            while j < self.ephemerons.len() {
                let t = self.ephemerons[j];
                if self.converge_one(t) {
                    changed = true;
                }
                j += 1;
            }
            if !changed && self.gray.is_empty() {
                break;
            }
        }
    }
}

/// Clears entries whose values died (from the tables in `ts`).
fn clear_by_values(m: &mut Marker, ts: &[Gc<Table>], cleared: &mut u64) {
    for t in ts {
        // SAFETY: clearing reads only marks of other objects; no Lua code runs meanwhile.
        let d = unsafe { t.data_for_collector() };
        for v in d.array.iter_mut() {
            if !m.alive(*v) {
                *v = Value::NIL;
                *cleared += 1;
            }
        }
        for e in d.entries_mut().iter_mut() {
            if e.val.is_nil() {
                e.key = e.key.dead_key();
                continue;
            }
            if !m.alive(e.val) {
                e.val = Value::NIL;
                *cleared += 1;
                // lgc.c's `clearkey`: not `alive`, which would mark a string key.
                e.key = e.key.dead_key();
            }
        }
    }
}

/// Clears entries whose keys died.
fn clear_by_keys(m: &mut Marker, ts: &[Gc<Table>], cleared: &mut u64) {
    for t in ts {
        // SAFETY: as in `clear_by_values`.
        let d = unsafe { t.data_for_collector() };
        for e in d.entries_mut().iter_mut() {
            if e.key.is_dead_key() {
                continue;
            }
            if e.val.is_nil() {
                e.key = e.key.dead_key();
            } else if !m.alive(e.key) {
                *cleared += 1;
                e.val = Value::NIL;
                e.key = e.key.dead_key();
            }
        }
    }
}

impl crate::vm::state::Vm {
    /// Collector work at a safe point, paced by the mode: an incremental step, or a minor
    /// (sometimes major) collection. Then the finalizers that became due.
    pub(crate) fn step_gc(&mut self) -> crate::vm::error::LResult<()> {
        if self.in_gc {
            return Ok(());
        }
        if self.heap.stress.get() {
            self.stress_step();
        } else if self.heap.generational.get() {
            self.timed(|vm| vm.gen_step());
        } else {
            let debt = self
                .heap
                .bytes
                .get()
                .saturating_sub(self.heap.threshold.get());
            let budget = self.step_budget(debt);
            self.timed(|vm| vm.inc_step(budget));
        }
        self.run_finalizers()?;
        self.check_memory()
    }

    /// `--gc-stress`: collector work at the first safe point after every allocation.
    /// Generational: a minor collection each time and a major one every eighth;
    /// incremental: a step of 1024 units (objects or slots), so cycles span many safe
    /// points and every write barrier is exercised.
    fn stress_step(&mut self) {
        if self.heap.generational.get() {
            let n = self.heap.stats.borrow().pauses;
            if n % 8 == 7 {
                self.timed(|vm| vm.major_collection());
            } else {
                self.timed(|vm| vm.young_collection());
            }
        } else {
            self.timed(|vm| vm.inc_step(1024));
        }
        self.heap.set_threshold(0);
    }

    /// Marking work for a step, given the bytes allocated past the trigger (lgc.c's
    /// `incstep`: the debt plus one step size, scaled by the step multiplier).
    fn step_budget(&self, debt: usize) -> usize {
        let mul = self.heap.stepmul.get().max(1) as usize;
        (debt.saturating_add(self.heap.stepsize()) / WORK2MEM)
            .saturating_mul(mul)
            .max(1)
    }

    /// Runs `f` as one pause: timed, counted and traced.
    fn timed(&mut self, f: impl FnOnce(&mut Self) -> usize) {
        let t0 = Instant::now();
        let work = f(self);
        let ns = t0.elapsed().as_nanos() as u64;
        {
            let mut s = self.heap.stats.borrow_mut();
            s.pauses += 1;
            s.pause_total_ns += ns;
            s.pause_max_ns = s.pause_max_ns.max(ns);
        }
        if self.heap.tracing() {
            if let Some(t) = self.heap.tracer.borrow_mut().as_mut() {
                let fields = format!(",\"dur_us\":{:.1},\"work\":{work}", ns as f64 / 1e3);
                t.event("step", t0, self.heap.bytes.get(), &fields);
            }
        }
    }

    /// One full collection, then the finalizers it made due (`collectgarbage()`).
    pub fn full_gc(&mut self) -> crate::vm::error::LResult<()> {
        if self.in_gc {
            return Ok(());
        }
        self.collect_all();
        self.run_finalizers()
    }

    /// A full collection whose finalizers are left queued (they run at the next step):
    /// the emergency collection before "not enough memory", which may not run Lua code.
    pub(crate) fn collect_all(&mut self) {
        if self.in_gc {
            return;
        }
        if self.heap.generational.get() {
            self.timed(|vm| vm.major_collection());
            // As lgc.c's `fullgen`: the next minor collection comes after `minormul`
            // percent of growth, not at whatever threshold was set before (at start-up,
            // the initial 256 KB: a program's first collection came only there).
            self.set_minor_threshold();
        } else {
            // A cycle under way marked from an old snapshot: finish it, then run a fresh
            // one, so everything unreachable now is collected.
            self.timed(|vm| {
                let mut work = 0;
                if vm.heap.phase.get() != Phase::Pause {
                    work += vm.inc_step(usize::MAX);
                }
                work + vm.inc_step(usize::MAX)
            });
        }
    }

    /// `collectgarbage("step", kb)`: whether a cycle finished. lua5.4 counts `kb` as
    /// allocation debt and steps only once the debt is positive; in generational mode it
    /// runs a collection and never reports a finished cycle.
    pub fn gc_step_api(&mut self, kb: i64) -> crate::vm::error::LResult<bool> {
        if self.in_gc {
            return Ok(false);
        }
        let heap = &self.heap;
        let credit = heap.threshold.get() as i64 - heap.bytes.get() as i64;
        let debt = if kb <= 0 {
            0
        } else {
            kb.saturating_mul(1024).saturating_sub(credit)
        };
        if kb > 0 && debt <= 0 {
            // Charge the debt: the next step comes that much sooner.
            let t = heap.threshold.get() - (kb as usize).saturating_mul(1024);
            heap.set_threshold(t);
            return Ok(false);
        }
        let finished = if self.heap.generational.get() {
            self.timed(|vm| vm.gen_step());
            false
        } else {
            let budget = self.step_budget(debt as usize);
            self.timed(|vm| vm.inc_step(budget));
            self.heap.phase.get() == Phase::Pause
        };
        self.run_finalizers()?;
        Ok(finished)
    }

    /// Switches the pacing mode; entering generational mode is a full collection
    /// (lua5.4's `entergen`), finalizers included, even while the collector is stopped.
    pub fn set_gc_mode(&mut self, generational: bool) -> crate::vm::error::LResult<()> {
        let was = self.heap.generational.get();
        if generational == was {
            return Ok(());
        }
        if generational {
            // Finish any incremental cycle so no list is half swept, then collect.
            if self.heap.phase.get() != Phase::Pause {
                self.timed(|vm| vm.inc_step(usize::MAX));
            }
            self.heap.generational.set(true);
            // The full collection sets the next minor one after `minormul` percent of
            // growth (`collect_all`), as lua5.4's `entergen` does.
            self.full_gc()
        } else {
            // Old objects are black and marked; an incremental cycle starts from white.
            self.heap.generational.set(false);
            self.clear_marks();
            self.heap.grayagain.borrow_mut().clear();
            self.heap.set_threshold_after_cycle();
            Ok(())
        }
    }

    // ------------------------------------------------------------------ incremental

    /// Does up to `budget` units of work on the current cycle (starting one if paused);
    /// returns the work done. Ends early when the cycle completes.
    pub(crate) fn inc_step(&mut self, budget: usize) -> usize {
        let mut work = 0;
        if self.heap.phase.get() == Phase::Pause {
            self.start_cycle(CycleKind::Incremental);
            self.heap.phase.set(Phase::Propagate);
        }
        loop {
            match self.heap.phase.get() {
                Phase::Pause => break,
                Phase::Propagate => {
                    work += self.marker.propagate_some(budget - work.min(budget));
                    if self.marker.gray.is_empty() {
                        self.heap
                            .trace_event("phase", || ",\"phase\":\"atomic\"".into());
                        self.atomic();
                        self.begin_sweep();
                    }
                }
                Phase::Sweep => {
                    let n = ((budget - work.min(budget)) / SWEEP_COST).saturating_add(1);
                    let (visited, done) = self.sweep_some(n);
                    work += visited * SWEEP_COST;
                    if done {
                        self.end_cycle(CycleKind::Incremental);
                        self.heap.set_threshold_after_cycle();
                        break;
                    }
                }
            }
            if work >= budget {
                break;
            }
        }
        if self.heap.phase.get() != Phase::Pause {
            // The next step comes after another step's worth of allocation.
            let next = self.heap.bytes.get().saturating_add(self.heap.stepsize());
            self.heap.set_threshold(next);
        }
        work
    }

    fn start_cycle(&mut self, kind: CycleKind) {
        self.marker.reset(self.tm_name(crate::shared::tm::Tm::Mode));
        self.cycle_freed = CycleFreed::default();
        self.heap
            .trace_event("cycle_start", || format!(",\"kind\":\"{}\"", kind.name()));
        self.mark_roots();
    }

    fn end_cycle(&mut self, kind: CycleKind) {
        let f = std::mem::take(&mut self.cycle_freed);
        {
            let mut s = self.heap.stats.borrow_mut();
            s.cycles += 1;
            match kind {
                CycleKind::Major => s.major_cycles += 1,
                CycleKind::Minor => s.minor_cycles += 1,
                CycleKind::Incremental => {}
            }
        }
        self.heap.trace_event("cycle_end", || {
            format!(
                ",\"kind\":\"{}\",\"freed_bytes\":{},\"freed_objects\":{}",
                kind.name(),
                f.bytes,
                f.objects
            )
        });
    }

    fn mark_roots(&mut self) {
        let m = &mut self.marker;
        m.mark_gc(self.registry);
        m.mark_gc(self.globals);
        m.mark_gc(self.main_thread);
        m.mark_gc(self.cur);
        m.trace_thread_state(&mut self.th);
        for mt in self.type_mt.iter().flatten() {
            m.mark_gc(*mt);
        }
        m.mark_value(self.mem_err_msg);
        for &v in self.tm_names.iter().chain(self.host_refs.slots.iter()) {
            m.mark_value(v);
        }
        for &h in self.heap.tobefnz.borrow().iter() {
            // SAFETY: objects waiting for their finalizer stay allocated until it has run.
            unsafe { m.mark_header(h) };
        }
    }

    /// Finishes marking in one go and clears weak tables (see the module comment).
    fn atomic(&mut self) {
        self.marker.atomic = true;
        self.marker.weak_values.clear();
        self.marker.ephemerons.clear();
        self.marker.all_weak.clear();
        self.mark_roots();
        let heap = &self.heap;
        let heap_again = std::mem::take(&mut *heap.grayagain.borrow_mut());
        let m = &mut self.marker;
        let again = std::mem::take(&mut m.again);
        m.gray.extend(heap_again);
        m.gray.extend(again);
        // Threads are never black: their stacks change without barriers.
        for &t in heap.threads.borrow().iter() {
            // SAFETY: `threads` holds every live thread (dead ones leave it before being freed).
            if unsafe { header_marked(t) } {
                m.gray.push(t);
            }
            // An open upvalue's value lives on a stack that may not be traced (a dead
            // thread's), and could have been assigned since the upvalue was traced.
            // SAFETY: every entry of `threads` is a live thread.
            let th: Gc<Thread> = unsafe { Gc::from_header(t) };
            // The running thread's are the VM's, below.
            if th.is_running() {
                continue;
            }
            for u in th.parked().open_upvals.iter() {
                if u.header().marked.get() {
                    m.mark_value(u.get());
                }
            }
        }
        for u in self.th.open_upvals.iter() {
            if u.header().marked.get() {
                m.mark_value(u.get());
            }
        }
        m.converge_ephemerons();

        let mut cleared = 0u64;
        let weak_v: Vec<_> = m.weak_values.clone();
        let all_w: Vec<_> = m.all_weak.clone();
        clear_by_values(m, &weak_v, &mut cleared);
        clear_by_values(m, &all_w, &mut cleared);
        let (orig_weak, orig_all) = (m.weak_values.len(), m.all_weak.len());

        // Unreachable finalizable objects, newest first.
        let mut resurrected = 0u64;
        {
            let mut finobj = heap.finobj.borrow_mut();
            let mut tobefnz = heap.tobefnz.borrow_mut();
            let mut keep = Vec::with_capacity(finobj.len());
            let mut due = Vec::new();
            for &h in finobj.iter() {
                // SAFETY: `finobj` holds live objects (they leave it before being freed).
                if unsafe { header_marked(h) } {
                    keep.push(h);
                } else {
                    due.push(h);
                }
            }
            for &h in due.iter().rev() {
                // SAFETY: a live object's header; it is no longer a "finobj".
                unsafe { (*h).flags.set((*h).flags.get() & !FLAG_FINOBJ) };
                tobefnz.push_back(h);
                resurrected += 1;
            }
            *finobj = keep;
            drop(tobefnz);
            for &h in due.iter() {
                // SAFETY: these came from `finobj` just above: live objects.
                unsafe { m.mark_header(h) };
            }
        }
        m.converge_ephemerons();
        let eph: Vec<_> = m.ephemerons.clone();
        let all_w: Vec<_> = m.all_weak.clone();
        clear_by_keys(m, &eph, &mut cleared);
        clear_by_keys(m, &all_w, &mut cleared);
        let new_weak: Vec<_> = m.weak_values[orig_weak..].to_vec();
        let new_all: Vec<_> = m.all_weak[orig_all..].to_vec();
        clear_by_values(m, &new_weak, &mut cleared);
        clear_by_values(m, &new_all, &mut cleared);

        // Threads: forget dead open upvalues; a dead thread closes the live ones first.
        heap.threads.borrow_mut().retain(|&h| {
            // SAFETY: every entry is a live thread (dead ones are removed here, before
            // they are freed).
            let t: Gc<Thread> = unsafe { Gc::from_header(h) };
            if t.is_running() {
                // Reachable (a root); its open upvalues are the VM's, below.
                return true;
            }
            let mut s = t.parked_mut();
            // SAFETY: as above: a live thread.
            let alive = unsafe { header_marked(h) };
            if alive {
                s.open_upvals.retain(|u| u.header().marked.get());
            } else {
                for u in s.open_upvals.drain(..) {
                    u.close();
                }
            }
            alive
        });

        // The running thread is alive (a root); its state is in the VM.
        self.th.open_upvals.retain(|u| u.header().marked.get());

        if cleared > 0 {
            heap.trace_event("weak_clear", || format!(",\"entries\":{cleared}"));
        }
        let mut s = heap.stats.borrow_mut();
        s.weak_entries_cleared += cleared;
        s.objects_resurrected += resurrected;
    }

    fn begin_sweep(&mut self) {
        // Boxed integers all at once: a sweep of their chunks reads no object list.
        let _ = self.sweep_ints(false, SweepMarks::Clear);
        let heap = &self.heap;
        heap.sweep_head.set(heap.all.get());
        heap.sweep_cur.set(heap.all.get());
        heap.sweep_prev.set(std::ptr::null_mut());
        heap.all.set(std::ptr::null_mut());
        heap.phase.set(Phase::Sweep);
        heap.trace_event("phase", || ",\"phase\":\"sweep\"".into());
    }

    /// Sweeps up to `n` objects of the detached list, clearing survivors' marks; returns
    /// how many it looked at and whether the sweep is complete.
    fn sweep_some(&mut self, n: usize) -> (usize, bool) {
        let heap = &self.heap;
        let mut prev = heap.sweep_prev.get();
        let mut cur = heap.sweep_cur.get();
        let mut visited = 0;
        let mut freed = CycleFreed::default();
        while !cur.is_null() && visited < n {
            // SAFETY: `cur` is on the detached list, so it is a live object; a marked one is
            // kept, an unmarked one is unreachable (weak tables, the intern table and upvalue
            // lists no longer refer to it) and is unlinked before it is freed.
            unsafe {
                let next = (*cur).next.get();
                if (*cur).marked.get() {
                    (*cur).marked.set(false);
                    (*cur).flags.set((*cur).flags.get() & !FLAG_BLACK);
                    prev = cur;
                } else {
                    freed.unlink_and_free(heap, &heap.sweep_head, prev, cur, next);
                }
                cur = next;
            }
            visited += 1;
        }
        heap.sweep_prev.set(prev);
        heap.sweep_cur.set(cur);
        self.cycle_freed.merge(&freed);
        freed.account(heap);
        if !cur.is_null() {
            return (visited, false);
        }
        // Done: the survivors follow whatever was allocated during the sweep.
        if !prev.is_null() {
            // SAFETY: `prev` is the last survivor, a live object.
            unsafe { (*prev).next.set(heap.all.get()) };
            heap.all.set(heap.sweep_head.get());
        }
        heap.sweep_head.set(std::ptr::null_mut());
        heap.phase.set(Phase::Pause);
        heap.trace_event("phase", || ",\"phase\":\"pause\"".into());
        (visited, true)
    }

    // ------------------------------------------------------------------ generational

    /// lgc.c's `genstep`: a major collection once the heap has grown by `majormul` percent
    /// since the last one, else a minor one; the next comes after `minormul` percent more.
    fn gen_step(&mut self) -> usize {
        // The same floor as incremental mode's threshold: with a tiny heap, the minor
        // collections' own floor would otherwise count as growth and make every one major.
        let base = self.heap.estimate.get().max(GEN_MIN_BASE);
        let inc = (base / 100).saturating_mul(self.heap.majormul.get() as usize);
        let work = if self.heap.bytes.get() > base.saturating_add(inc) {
            self.major_collection()
        } else {
            self.young_collection()
        };
        self.set_minor_threshold();
        work
    }

    /// Generational mode: the next collection after `minormul` percent of growth (at
    /// least `GEN_MIN_MINOR` bytes), lgc.c's `setminordebt`.
    fn set_minor_threshold(&self) {
        let bytes = self.heap.bytes.get();
        let minor = (bytes / 100).saturating_mul(self.heap.minormul.get() as usize);
        self.heap.set_threshold(bytes + minor.max(GEN_MIN_MINOR));
    }

    /// Collects the young objects only: old ones are marked already, and the old ones that
    /// were written to since are in `grayagain`.
    pub(crate) fn young_collection(&mut self) -> usize {
        // Old objects a barrier caught since the last collection point at objects that
        // are young now and will be survivors (white) after this collection: they are
        // traced again at the next one too (lgc.c's TOUCHED1 -> TOUCHED2).
        let touched: Vec<*mut GcHeader> =
            self.heap.grayagain.borrow()[self.heap.remembered_fixed.get()..].to_vec();
        self.start_cycle(CycleKind::Minor);
        self.atomic();
        self.marker.forget_dying_weak_tables();
        let (visited, promoted) = self.sweep_generations();
        let visited = visited + self.sweep_ints(true, SweepMarks::Keep);
        self.become_old(promoted.into_iter().chain(touched));
        self.end_cycle(CycleKind::Minor);
        visited * SWEEP_COST
    }

    /// Clears every mark and collects everything: a full stop-the-world cycle.
    pub(crate) fn major_collection(&mut self) -> usize {
        // `set_gc_mode` finishes any incremental cycle before generational mode starts.
        debug_assert_eq!(self.heap.phase.get(), Phase::Pause);
        self.clear_marks();
        self.heap.grayagain.borrow_mut().clear();
        self.start_cycle(CycleKind::Major);
        self.atomic();
        self.marker.forget_dying_weak_tables();
        let visited = self.sweep_keeping_marks() + self.sweep_ints(false, SweepMarks::Keep);
        let head = self.heap.all.get();
        self.heap.old_boundary.set(head);
        self.heap.survival_start.set(head);
        self.become_old(std::iter::empty());
        self.heap.estimate.set(self.heap.bytes.get());
        self.end_cycle(CycleKind::Major);
        visited * SWEEP_COST
    }

    /// After a generational collection, what the next minor collection must trace again
    /// although it is old: weak tables (never black, cleared every time), and `more` (the
    /// objects just promoted, which may point at survivors, and the touched ones).
    fn become_old(&mut self, more: impl Iterator<Item = *mut GcHeader>) {
        let heap = &self.heap;
        let m = &mut self.marker;
        let mut again = heap.grayagain.borrow_mut();
        again.clear();
        for t in m.weak_values.iter().chain(&m.ephemerons).chain(&m.all_weak) {
            again.push(t.header_ptr());
        }
        again.extend(more);
        heap.remembered_fixed.set(again.len());
        m.weak_values.clear();
        m.ephemerons.clear();
        m.all_weak.clear();
    }

    /// A minor collection's sweep over [young][survival]: frees the unmarked; young
    /// survivors become survivors (white again), survivors that survived again become old
    /// (they keep their marks). Returns how many objects it looked at and the promoted ones.
    fn sweep_generations(&mut self) -> (usize, Vec<*mut GcHeader>) {
        let heap = &self.heap;
        let (survival, old) = (heap.survival_start.get(), heap.old_boundary.get());
        let mut prev: *mut GcHeader = std::ptr::null_mut();
        let mut cur = heap.all.get();
        let mut in_survival = cur == survival;
        let (mut first_young, mut first_promoted) = (None, None);
        let mut promoted = Vec::new();
        let mut visited = 0;
        let mut freed = CycleFreed::default();
        while !cur.is_null() && cur != old {
            // SAFETY: as in `sweep_some`: walking live objects, freeing unreachable ones
            // after unlinking them.
            unsafe {
                let next = (*cur).next.get();
                if !(*cur).marked.get() {
                    freed.unlink_and_free(heap, &heap.all, prev, cur, next);
                } else if in_survival {
                    first_promoted.get_or_insert(cur);
                    promoted.push(cur);
                    prev = cur;
                } else {
                    first_young.get_or_insert(cur);
                    (*cur).marked.set(false);
                    (*cur).flags.set((*cur).flags.get() & !FLAG_BLACK);
                    prev = cur;
                }
                cur = next;
            }
            visited += 1;
            in_survival |= cur == survival;
        }
        let old = first_promoted.unwrap_or(old);
        heap.old_boundary.set(old);
        heap.survival_start.set(first_young.unwrap_or(old));
        self.cycle_freed.merge(&freed);
        freed.account(heap);
        (visited, promoted)
    }

    /// A major collection's sweep: frees every unmarked object; survivors keep their marks
    /// (they are old). Returns how many objects it looked at.
    fn sweep_keeping_marks(&mut self) -> usize {
        let heap = &self.heap;
        let mut prev: *mut GcHeader = std::ptr::null_mut();
        let mut cur = heap.all.get();
        let mut visited = 0;
        let mut freed = CycleFreed::default();
        while !cur.is_null() {
            // SAFETY: as in `sweep_some`: walking live objects, freeing unreachable ones
            // after unlinking them.
            unsafe {
                let next = (*cur).next.get();
                if (*cur).marked.get() {
                    prev = cur;
                } else {
                    freed.unlink_and_free(heap, &heap.all, prev, cur, next);
                }
                cur = next;
            }
            visited += 1;
        }
        self.cycle_freed.merge(&freed);
        freed.account(heap);
        visited
    }

    /// Frees the unmarked boxed integers (of the chunks allocated from since the last
    /// collection only, for a minor one: `int_arena`), and counts them; returns how many
    /// slots it looked at.
    fn sweep_ints(&mut self, young_only: bool, marks: SweepMarks) -> usize {
        let heap = &self.heap;
        let f = heap.ints.borrow_mut().sweep(young_only, marks);
        let freed = CycleFreed {
            objects: f.objects,
            bytes: f.objects as usize * std::mem::size_of::<GcBox<i64>>(),
        };
        let n = &heap.live[GcKind::BoxedInt as usize];
        n.set(n.get().saturating_sub(f.objects));
        self.cycle_freed.merge(&freed);
        freed.account(heap);
        f.slots_visited
    }

    /// Makes every object white again (leaving generational mode, or before a major
    /// collection).
    fn clear_marks(&mut self) {
        self.heap.ints.borrow_mut().clear_marks();
        let mut p = self.heap.all.get();
        while !p.is_null() {
            // SAFETY: walking the list of live objects.
            unsafe {
                (*p).marked.set(false);
                (*p).flags.set((*p).flags.get() & !FLAG_BLACK);
                p = (*p).next.get();
            }
        }
    }

    /// Registers `v` (a table or userdata whose new metatable has `__gc`) for finalization.
    pub(crate) fn register_finalizer(&mut self, v: Value) {
        if self.closing {
            return;
        }
        let Some(h) = v.gc_header() else { return };
        // SAFETY: `v` is a live object.
        unsafe {
            let f = (*h).flags.get();
            if f & FLAG_FINOBJ != 0 {
                return;
            }
            (*h).flags.set(f | FLAG_FINOBJ);
        }
        self.heap.finobj.borrow_mut().push(h);
    }

    /// Runs every due finalizer; errors become warnings.
    pub fn run_finalizers(&mut self) -> crate::vm::error::LResult<()> {
        if self.in_gc {
            return Ok(());
        }
        loop {
            let h = match self.heap.tobefnz.borrow_mut().pop_front() {
                Some(h) => h,
                None => break,
            };
            // SAFETY: queued objects are kept alive (they are roots) until popped here; we
            // rebuild a value of the kind the header records.
            let v = unsafe {
                match (*h).kind {
                    GcKind::Table => Value::from_table(Gc::from_header(h)),
                    GcKind::UserData => Value::from_userdata(Gc::from_header(h)),
                    _ => continue,
                }
            };
            self.call_finalizer(v)?;
        }
        Ok(())
    }

    fn call_finalizer(&mut self, v: Value) -> crate::vm::error::LResult<()> {
        let tm = self.metamethod(v, crate::shared::tm::Tm::Gc);
        if tm.is_nil() {
            return Ok(());
        }
        self.heap.stats.borrow_mut().finalizers_run += 1;
        self.heap.trace_event("finalizer", String::new);
        self.in_gc = true;
        let th = &mut self.th;
        let saved_top = th.top;
        // Keep the object reachable while its finalizer runs.
        let r = self.protected(|vm| {
            let func = vm.th.top;
            vm.check_stack(2)?;
            vm.push(tm)?;
            vm.push(v)?;
            // The frame the finalizer is called from is marked, so the finalizer is
            // named "__gc"; unmarked by its index afterwards, since a finalizer that fails
            // leaves its own frames on top until `protected` unwinds them (clearing the
            // top frame left the mark on, and later calls from that frame were '__gc').
            let caller = vm.th.frames.len().checked_sub(1);
            if let Some(f) = caller.and_then(|i| vm.th.frames.get_mut(i)) {
                f.status |= crate::vm::thread::cist::FIN;
            }
            let r = vm.call_at(func, 0);
            if let Some(f) = caller.and_then(|i| vm.th.frames.get_mut(i)) {
                f.status &= !crate::vm::thread::cist::FIN;
            }
            r
        });
        self.in_gc = false;
        self.th.top = saved_top;
        match r {
            Ok(()) => Ok(()),
            Err(Some(exc)) if matches!(exc.get(), crate::vm::error::Thrown::Error(_)) => {
                let crate::vm::error::Thrown::Error(e) = exc.get() else {
                    unreachable!("matched above")
                };
                if self.limit_hit {
                    return Err(crate::vm::error::Exc::Error(e));
                }
                let msg = match e.as_string() {
                    Some(s) => s.as_bytes().to_vec(),
                    None => b"error object is not a string".to_vec(),
                };
                let mut w = b"error in __gc (".to_vec();
                w.extend_from_slice(&msg);
                w.push(b')');
                self.warning(&w, false);
                Ok(())
            }
            Err(_) => Ok(()),
        }
    }

    /// Collects everything and runs every pending finalizer (state close). `Err` only for
    /// the instruction limit, hit inside a finalizer (the remaining ones do not run).
    pub fn close_state(&mut self) -> crate::vm::error::LResult<()> {
        // lua_close: all objects with finalizers are finalized, reachable or not.
        self.closing = true;
        let all: Vec<*mut GcHeader> = std::mem::take(&mut *self.heap.finobj.borrow_mut());
        for &h in all.iter().rev() {
            // SAFETY: registered objects are live (they are only freed after being queued).
            unsafe { (*h).flags.set((*h).flags.get() & !FLAG_FINOBJ) };
            self.heap.tobefnz.borrow_mut().push_back(h);
        }
        let r = self.run_finalizers();
        if let Some(t) = self.heap.tracer.borrow_mut().as_mut() {
            t.flush();
        }
        r
    }
}
