//! Allocation and ownership of every heap object.

use std::cell::Cell;
use std::marker::PhantomData;
use std::ptr::NonNull;

use crate::vm::function::{LuaClosure, NativeClosure, UpVal};
use crate::vm::string::LuaString;
use crate::vm::table::Table;
use crate::vm::thread::Thread;
use crate::vm::userdata::UserData;
use crate::vm::value::ObjKind;

/// What a header belongs to; the collector dispatches on it to trace and to free.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum GcKind {
    String,
    Table,
    LuaClosure,
    NativeClosure,
    Thread,
    UserData,
    BoxedInt,
    UpVal,
}

impl GcKind {
    pub fn obj_kind(self) -> Option<ObjKind> {
        Some(match self {
            GcKind::String => ObjKind::String,
            GcKind::Table => ObjKind::Table,
            GcKind::LuaClosure => ObjKind::LuaFunction,
            GcKind::NativeClosure => ObjKind::NativeFunction,
            GcKind::Thread => ObjKind::Thread,
            GcKind::UserData => ObjKind::UserData,
            GcKind::BoxedInt => ObjKind::BoxedInt,
            GcKind::UpVal => return None,
        })
    }
}

/// Header flags.
pub const FLAG_FINOBJ: u8 = 1;
/// The finalizer has run (or been scheduled): it never runs twice.
pub const FLAG_FINALIZED: u8 = 2;

#[repr(C)]
pub struct GcHeader {
    pub(crate) next: Cell<*mut GcHeader>,
    pub(crate) kind: GcKind,
    pub(crate) marked: Cell<bool>,
    pub(crate) flags: Cell<u8>,
}

#[repr(C)]
pub struct GcBox<T> {
    pub(crate) header: GcHeader,
    pub(crate) data: T,
}

/// A pointer to a live heap object.
///
/// Holding a `Gc` does not keep the object alive: it must also be reachable from a root
/// whenever the collector can run (a safe point). Between safe points every `Gc` the VM
/// holds stays valid.
pub struct Gc<T> {
    ptr: NonNull<GcBox<T>>,
    _marker: PhantomData<*const T>,
}

impl<T> Clone for Gc<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Gc<T> {}

impl<T> PartialEq for Gc<T> {
    fn eq(&self, other: &Self) -> bool {
        self.ptr == other.ptr
    }
}
impl<T> Eq for Gc<T> {}

impl<T> std::fmt::Debug for Gc<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Gc({:p})", self.ptr)
    }
}

impl<T> std::ops::Deref for Gc<T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        // SAFETY: a `Gc` is made only from a live allocation (by `Heap::alloc` or from a value
        // that points to one), and objects are freed only when unreachable at a safe point;
        // the VM never uses a `Gc` it did not keep reachable across the last safe point.
        unsafe { &self.ptr.as_ref().data }
    }
}

impl<T> Gc<T> {
    #[inline(always)]
    pub fn addr(self) -> usize {
        self.ptr.as_ptr() as usize
    }

    #[inline(always)]
    pub(crate) fn header(self) -> &'static GcHeader {
        // SAFETY: as for `deref`: the object is live; the header is its first field
        // (`repr(C)`). The 'static lifetime never outlives a safe point in practice: callers
        // use the reference immediately.
        unsafe { &(*self.ptr.as_ptr()).header }
    }

    pub(crate) fn header_ptr(self) -> *mut GcHeader {
        self.ptr.as_ptr() as *mut GcHeader
    }

    /// Rebuilds a `Gc` from an address taken from a value of the matching kind.
    ///
    /// # Safety
    /// `addr` must be the address of a live `GcBox<T>`.
    #[inline(always)]
    pub(crate) unsafe fn from_addr(addr: usize) -> Gc<T> {
        Gc {
            // SAFETY: the caller guarantees `addr` is a live, non-null allocation.
            ptr: unsafe { NonNull::new_unchecked(addr as *mut GcBox<T>) },
            _marker: PhantomData,
        }
    }

    /// # Safety
    /// `h` must be the header of a live `GcBox<T>`.
    pub(crate) unsafe fn from_header(h: *mut GcHeader) -> Gc<T> {
        // SAFETY: forwarded to the caller.
        unsafe { Gc::from_addr(h as usize) }
    }
}

/// Bytes charged for an object beyond its box, so `collectgarbage("count")` and the
/// collector's pacing see strings' and tables' contents.
pub trait HeapSize {
    fn extra_bytes(&self) -> usize {
        0
    }
}

/// Collector settings and counters.
#[derive(Clone, Debug, Default)]
pub struct GcStats {
    pub cycles: u64,
    pub objects_allocated: u64,
    pub objects_freed: u64,
    pub bytes_allocated_total: u64,
    pub bytes_freed_total: u64,
    pub finalizers_run: u64,
    pub weak_entries_cleared: u64,
    pub objects_resurrected: u64,
}

pub struct Heap {
    /// Every object, newest first.
    pub(crate) all: Cell<*mut GcHeader>,
    /// Bytes in use as last accounted.
    pub(crate) bytes: Cell<usize>,
    /// Collect when `bytes` exceeds this.
    pub(crate) threshold: Cell<usize>,
    pub(crate) strings: std::cell::RefCell<crate::vm::string::InternTable>,
    /// Objects with a finalizer, in the order they were registered.
    pub(crate) finobj: std::cell::RefCell<Vec<*mut GcHeader>>,
    /// Unreachable objects whose finalizers are due, in the order to run them.
    pub(crate) tobefnz: std::cell::RefCell<std::collections::VecDeque<*mut GcHeader>>,
    /// Every thread, so sweeping can close the open upvalues of dead ones.
    pub(crate) threads: std::cell::RefCell<Vec<*mut GcHeader>>,
    pub(crate) stats: std::cell::RefCell<GcStats>,
    /// `collectgarbage("stop")`.
    pub(crate) stopped: Cell<bool>,
    /// Pause, as lua5.4's `setpause` percentage.
    pub(crate) pause: Cell<u32>,
    pub(crate) stepmul: Cell<u32>,
    pub(crate) generational: Cell<bool>,
    /// Collect at every safe point (`--gc-stress`).
    pub(crate) stress: Cell<bool>,
    /// What `should_collect` compares against: the threshold, 0 under stress, or the
    /// maximum while stopped, so the check at every safe point is one comparison.
    pub(crate) trigger: Cell<usize>,
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

/// The smallest threshold, so tiny programs do not collect constantly.
const MIN_THRESHOLD: usize = 256 * 1024;

impl Heap {
    pub fn new() -> Heap {
        Heap {
            all: Cell::new(std::ptr::null_mut()),
            bytes: Cell::new(0),
            threshold: Cell::new(MIN_THRESHOLD),
            strings: Default::default(),
            finobj: Default::default(),
            tobefnz: Default::default(),
            threads: Default::default(),
            stats: Default::default(),
            stopped: Cell::new(false),
            pause: Cell::new(200),
            stepmul: Cell::new(100),
            generational: Cell::new(false),
            stress: Cell::new(false),
            trigger: Cell::new(MIN_THRESHOLD),
        }
    }

    /// Moves `data` into a new heap object.
    pub fn alloc<T: HeapSize>(&self, kind: GcKind, data: T) -> Gc<T> {
        let extra = data.extra_bytes();
        let b = Box::new(GcBox {
            header: GcHeader {
                next: Cell::new(self.all.get()),
                kind,
                marked: Cell::new(false),
                flags: Cell::new(0),
            },
            data,
        });
        let ptr = Box::into_raw(b);
        self.all.set(ptr as *mut GcHeader);
        let size = std::mem::size_of::<GcBox<T>>() + extra;
        self.bytes.set(self.bytes.get() + size);
        let mut s = self.stats.borrow_mut();
        s.objects_allocated += 1;
        s.bytes_allocated_total += size as u64;
        if kind == GcKind::Thread {
            self.threads.borrow_mut().push(ptr as *mut GcHeader);
        }
        // SAFETY: `ptr` came from `Box::into_raw` just above, so it is non-null and live.
        unsafe { Gc::from_addr(ptr as usize) }
    }

    /// Charges (or refunds) bytes an object grew (or shrank) by after allocation.
    pub fn account(&self, delta: isize) {
        let b = self.bytes.get() as isize + delta;
        self.bytes.set(b.max(0) as usize);
        if delta > 0 {
            self.stats.borrow_mut().bytes_allocated_total += delta as u64;
        }
    }

    /// Whether the VM should collect at its next safe point.
    #[inline(always)]
    pub fn should_collect(&self) -> bool {
        self.bytes.get() >= self.trigger.get()
    }

    /// Recomputes `trigger` after the threshold, `stopped` or `stress` changed.
    pub(crate) fn update_trigger(&self) {
        self.trigger.set(if self.stress.get() {
            0
        } else if self.stopped.get() {
            usize::MAX
        } else {
            self.threshold.get()
        });
    }

    pub fn set_stopped(&self, stopped: bool) {
        self.stopped.set(stopped);
        self.update_trigger();
    }

    pub fn set_stress(&self, stress: bool) {
        self.stress.set(stress);
        self.update_trigger();
    }

    pub fn bytes_in_use(&self) -> usize {
        self.bytes.get()
    }

    pub fn stats(&self) -> GcStats {
        self.stats.borrow().clone()
    }

    pub(crate) fn set_threshold_after_cycle(&self) {
        let live = self.bytes.get();
        let t = (live / 100).saturating_mul(self.pause.get() as usize);
        self.threshold.set(t.max(MIN_THRESHOLD));
        self.update_trigger();
    }
}

/// Frees one object given its header.
///
/// # Safety
/// `h` must be the header of a live object that nothing will use afterwards.
pub(crate) unsafe fn free_object(h: *mut GcHeader) -> usize {
    // SAFETY: the caller guarantees `h` heads a live `GcBox` of the kind its header says,
    // allocated by `Heap::alloc` with `Box`, and unreachable from now on.
    unsafe {
        macro_rules! free {
            ($t:ty) => {{
                let b = Box::from_raw(h as *mut GcBox<$t>);
                let size = std::mem::size_of::<GcBox<$t>>() + b.data.extra_bytes();
                drop(b);
                size
            }};
        }
        match (*h).kind {
            GcKind::String => free!(LuaString),
            GcKind::Table => free!(Table),
            GcKind::LuaClosure => free!(LuaClosure),
            GcKind::NativeClosure => free!(NativeClosure),
            GcKind::Thread => free!(Thread),
            GcKind::UserData => free!(UserData),
            GcKind::BoxedInt => free!(i64),
            GcKind::UpVal => free!(UpVal),
        }
    }
}

impl HeapSize for i64 {}

impl Drop for Heap {
    fn drop(&mut self) {
        let mut p = self.all.get();
        while !p.is_null() {
            // SAFETY: the list holds every live object exactly once; we read the link
            // before freeing, and nothing uses the heap's objects after it is dropped.
            unsafe {
                let next = (*p).next.get();
                free_object(p);
                p = next;
            }
        }
        self.all.set(std::ptr::null_mut());
    }
}
