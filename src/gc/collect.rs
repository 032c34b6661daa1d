//! A full, stop-the-world mark-and-sweep cycle with Lua 5.4's weak-table and finalizer
//! rules (the `atomic` phase of lgc.c):
//!
//! 1. mark from the roots and propagate;
//! 2. resolve ephemerons (weak-key tables) to a fixpoint;
//! 3. clear weak values of dead objects;
//! 4. move unreachable objects with finalizers to the to-be-finalized queue (newest first,
//!    so finalizers run in reverse order of registration), mark them and what they reach,
//!    and resolve ephemerons again;
//! 5. clear weak keys, and weak values in tables reached only in step 4;
//! 6. sweep: close open upvalues of dead threads, drop dead interned strings, free.
//!
//! Finalizers run after the cycle (see `Vm::run_finalizers`).

use crate::gc::heap::{free_object, GcHeader, GcKind, FLAG_FINOBJ};
use crate::gc::Gc;
use crate::vm::function::{FuncProto, LuaClosure, NativeClosure, UpVal};
use crate::vm::table::{Table, DEAD_KEY};
use crate::vm::thread::Thread;
use crate::vm::userdata::UserData;
use crate::vm::value::{ObjKind, Value};

#[derive(Clone, Copy, PartialEq, Eq)]
enum WeakMode {
    None,
    Keys,
    Values,
    Both,
}

pub(crate) struct Marker {
    gray: Vec<*mut GcHeader>,
    weak_values: Vec<Gc<Table>>,
    ephemerons: Vec<Gc<Table>>,
    all_weak: Vec<Gc<Table>>,
    epoch: u64,
    mode_name: Value,
}

fn header_marked(h: *mut GcHeader) -> bool {
    // SAFETY: the header belongs to a live object (marking never frees).
    unsafe { (*h).marked.get() }
}

/// Strings and boxed integers are values, never removed from weak tables.
fn is_value_like(v: Value) -> bool {
    v.is_object_of(ObjKind::String) || v.is_object_of(ObjKind::BoxedInt)
}

impl Marker {
    pub(crate) fn mark_value(&mut self, v: Value) {
        if let Some(h) = v.gc_header() {
            self.mark_header(h);
        }
    }

    pub(crate) fn mark_header(&mut self, h: *mut GcHeader) {
        // SAFETY: `h` heads a live object: values and `Gc`s reachable from roots point to
        // live objects, and nothing is freed while marking.
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
                    self.mark_header(h);
                    true
                } else {
                    header_marked(h)
                }
            }
        }
    }

    fn mark_proto(&mut self, p: &FuncProto) {
        if p.mark_epoch.get() == self.epoch {
            return;
        }
        p.mark_epoch.set(self.epoch);
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
            self.mark_header(mt.header_ptr());
        }
        let mode = self.weak_mode(&t);
        let d = t.data_mut();
        match mode {
            WeakMode::None => {
                for &v in &d.array {
                    self.mark_value(v);
                }
                for e in d.entries.iter_mut() {
                    if e.val.is_nil() {
                        continue;
                    }
                    self.mark_value(e.key);
                    self.mark_value(e.val);
                }
            }
            WeakMode::Values => {
                for e in d.entries.iter() {
                    if !e.val.is_nil() {
                        self.mark_value(e.key);
                    }
                }
                self.weak_values.push(t);
            }
            WeakMode::Keys => {
                for &v in &d.array {
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
        let n = t.data().entries.len();
        for j in 0..n {
            let e = t.data().entries[j];
            if e.val.is_nil() {
                continue;
            }
            if self.alive(e.key) {
                if let Some(h) = e.val.gc_header() {
                    if !header_marked(h) {
                        self.mark_header(h);
                        changed = true;
                    }
                }
            }
        }
        changed
    }

    fn trace(&mut self, h: *mut GcHeader) {
        // SAFETY: `h` heads a live object of the kind its header records.
        unsafe {
            match (*h).kind {
                GcKind::Table => self.trace_table(Gc::from_header(h)),
                GcKind::LuaClosure => {
                    let c: Gc<LuaClosure> = Gc::from_header(h);
                    for u in c.upvals.iter() {
                        self.mark_header(u.header_ptr());
                    }
                    self.mark_proto(&c.proto);
                }
                GcKind::NativeClosure => {
                    let c: Gc<NativeClosure> = Gc::from_header(h);
                    for u in c.upvals.iter() {
                        self.mark_value(u.get());
                    }
                }
                GcKind::UpVal => {
                    let u: Gc<UpVal> = Gc::from_header(h);
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
                    let t: Gc<Thread> = Gc::from_header(h);
                    let s = t.state();
                    let live = s.top.min(s.stack.len());
                    for j in 0..live {
                        self.mark_value(s.stack[j]);
                    }
                    // Dead slots above the top could hold stale references: clear them.
                    for slot in &mut s.stack[live..] {
                        *slot = Value::NIL;
                    }
                    if let Some(e) = s.error {
                        self.mark_value(e);
                    }
                }
                GcKind::String | GcKind::BoxedInt => {}
            }
        }
    }

    fn propagate(&mut self) {
        while let Some(h) = self.gray.pop() {
            self.trace(h);
        }
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
        let d = t.data_mut();
        for v in d.array.iter_mut() {
            if !m.alive(*v) {
                *v = Value::NIL;
                *cleared += 1;
            }
        }
        for e in d.entries.iter_mut() {
            if e.val.is_nil() {
                continue;
            }
            if !m.alive(e.val) {
                e.val = Value::NIL;
                *cleared += 1;
                if !m.alive(e.key) {
                    e.key = DEAD_KEY;
                }
            }
        }
    }
}

/// Clears entries whose keys died.
fn clear_by_keys(m: &mut Marker, ts: &[Gc<Table>], cleared: &mut u64) {
    for t in ts {
        let d = t.data_mut();
        for e in d.entries.iter_mut() {
            if e.key == DEAD_KEY {
                continue;
            }
            if !m.alive(e.key) {
                if !e.val.is_nil() {
                    *cleared += 1;
                }
                e.val = Value::NIL;
                e.key = DEAD_KEY;
            }
        }
    }
}

impl crate::vm::state::Vm {
    /// A collection at a safe point, if the collector is not already busy.
    pub(crate) fn step_gc(&mut self) -> crate::vm::error::LResult<()> {
        if self.in_gc {
            return Ok(());
        }
        self.full_gc()
    }

    /// One full cycle, then the finalizers it made due.
    pub fn full_gc(&mut self) -> crate::vm::error::LResult<()> {
        if self.in_gc {
            return Ok(());
        }
        self.collect_cycle();
        self.run_finalizers()
    }

    fn collect_cycle(&mut self) {
        let heap = &self.heap;
        let epoch = {
            let mut s = heap.stats.borrow_mut();
            s.cycles += 1;
            s.cycles
        };
        let mut m = Marker {
            gray: Vec::new(),
            weak_values: Vec::new(),
            ephemerons: Vec::new(),
            all_weak: Vec::new(),
            epoch,
            mode_name: self.tm_name(crate::vm::state::Tm::Mode),
        };
        // Roots.
        m.mark_header(self.registry.header_ptr());
        m.mark_header(self.globals.header_ptr());
        m.mark_header(self.main_thread.header_ptr());
        m.mark_header(self.cur.header_ptr());
        for mt in self.type_mt.iter().flatten() {
            m.mark_header(mt.header_ptr());
        }
        for &v in self.tm_names.iter().chain(self.pinned.iter()) {
            m.mark_value(v);
        }
        for &h in heap.tobefnz.borrow().iter() {
            m.mark_header(h);
        }
        m.converge_ephemerons();

        let mut cleared = 0u64;
        let weak_v: Vec<_> = m.weak_values.clone();
        let all_w: Vec<_> = m.all_weak.clone();
        clear_by_values(&mut m, &weak_v, &mut cleared);
        clear_by_values(&mut m, &all_w, &mut cleared);
        let (orig_weak, orig_all) = (m.weak_values.len(), m.all_weak.len());

        // Unreachable finalizable objects, newest first.
        let mut resurrected = 0u64;
        {
            let mut finobj = heap.finobj.borrow_mut();
            let mut tobefnz = heap.tobefnz.borrow_mut();
            let mut keep = Vec::with_capacity(finobj.len());
            let mut due = Vec::new();
            for &h in finobj.iter() {
                if header_marked(h) {
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
                m.mark_header(h);
            }
        }
        m.converge_ephemerons();
        let eph: Vec<_> = m.ephemerons.clone();
        let all_w: Vec<_> = m.all_weak.clone();
        clear_by_keys(&mut m, &eph, &mut cleared);
        clear_by_keys(&mut m, &all_w, &mut cleared);
        let new_weak: Vec<_> = m.weak_values[orig_weak..].to_vec();
        let new_all: Vec<_> = m.all_weak[orig_all..].to_vec();
        clear_by_values(&mut m, &new_weak, &mut cleared);
        clear_by_values(&mut m, &new_all, &mut cleared);

        self.sweep();
        let mut s = heap.stats.borrow_mut();
        s.weak_entries_cleared += cleared;
        s.objects_resurrected += resurrected;
        drop(s);
        heap.set_threshold_after_cycle();
    }

    fn sweep(&self) {
        let heap = &self.heap;
        // Threads: forget dead open upvalues; a dead thread closes the live ones first.
        {
            let mut threads = heap.threads.borrow_mut();
            threads.retain(|&h| {
                // SAFETY: every entry is a live thread (dead ones are removed here, before
                // they are freed).
                let t: Gc<Thread> = unsafe { Gc::from_header(h) };
                let s = t.state();
                s.open_upvals.retain(|u| u.header().marked.get());
                let alive = header_marked(h);
                if !alive {
                    for u in s.open_upvals.drain(..) {
                        u.close();
                    }
                }
                alive
            });
        }
        heap.strings.borrow_mut().remove_unmarked();
        let mut freed_objects = 0u64;
        let mut freed_bytes = 0usize;
        let mut prev: *mut GcHeader = std::ptr::null_mut();
        let mut p = heap.all.get();
        while !p.is_null() {
            // SAFETY: walking the list of live objects; an unmarked one is unreachable (and
            // not referenced by any table, upvalue list or intern table any more), so it can
            // be unlinked and freed.
            unsafe {
                let next = (*p).next.get();
                if (*p).marked.get() {
                    (*p).marked.set(false);
                    prev = p;
                } else {
                    if prev.is_null() {
                        heap.all.set(next);
                    } else {
                        (*prev).next.set(next);
                    }
                    freed_bytes += free_object(p);
                    freed_objects += 1;
                }
                p = next;
            }
        }
        heap.bytes.set(heap.bytes.get().saturating_sub(freed_bytes));
        let mut s = heap.stats.borrow_mut();
        s.objects_freed += freed_objects;
        s.bytes_freed_total += freed_bytes as u64;
    }

    /// Registers `v` (a table or userdata whose new metatable has `__gc`) for finalization.
    pub(crate) fn register_finalizer(&mut self, v: Value) {
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
        let tm = self.metamethod(v, crate::vm::state::Tm::Gc);
        if !tm.is_function() {
            return Ok(());
        }
        self.heap.stats.borrow_mut().finalizers_run += 1;
        self.in_gc = true;
        let th = self.th();
        let saved_top = th.top;
        // Keep the object reachable while its finalizer runs.
        let r = self.protected(|vm| {
            let func = vm.th().top;
            vm.check_stack(2)?;
            vm.push(tm)?;
            vm.push(v)?;
            if let Some(f) = vm.th().frames.last_mut() {
                f.status |= crate::vm::thread::cist::FIN;
            }
            let r = vm.call_at(func, 0);
            if let Some(f) = vm.th().frames.last_mut() {
                f.status &= !crate::vm::thread::cist::FIN;
            }
            r
        });
        self.in_gc = false;
        self.th().top = saved_top;
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

    /// Collects everything and runs every pending finalizer (state close).
    pub fn close_state(&mut self) {
        // lua_close: all objects with finalizers are finalized, reachable or not.
        let all: Vec<*mut GcHeader> = std::mem::take(&mut *self.heap.finobj.borrow_mut());
        for &h in all.iter().rev() {
            // SAFETY: registered objects are live (they are only freed after being queued).
            unsafe { (*h).flags.set((*h).flags.get() & !FLAG_FINOBJ) };
            self.heap.tobefnz.borrow_mut().push_back(h);
        }
        let _ = self.run_finalizers();
    }
}
