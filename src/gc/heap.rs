//! Allocation and ownership of every heap object.

use std::cell::Cell;
use std::marker::PhantomData;
use std::ptr::NonNull;
use std::rc::Rc;

use crate::shared::limits::gc_defaults;
use crate::vm::function::{FuncProto, LuaClosure, NativeClosure, UpVal};
use crate::vm::string::LuaString;
use crate::vm::table::{inline_slots, ArrayPart, Table};
use crate::vm::thread::Thread;
use crate::vm::userdata::UserData;
use crate::vm::value::{ObjKind, Value};

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
/// Black: marked and traced, so it must not come to point at an unmarked object without a
/// write barrier. Threads, open upvalues and weak tables are never black: the atomic phase
/// traces them again. In generational mode, old objects stay black between cycles.
pub const FLAG_BLACK: u8 = 4;

/// Where the incremental collector is in its cycle (`gcstate` in lgc.c, fewer states).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// No cycle under way: waiting for the heap to grow past the threshold.
    Pause,
    /// Marking in steps interleaved with the program; barriers keep the invariant.
    Propagate,
    /// Freeing unmarked objects of the detached list in steps.
    Sweep,
}

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
    pub(crate) fn header(&self) -> &GcHeader {
        // SAFETY: as for `deref`: the object is live; the header is its first field
        // (`repr(C)`), and the reference lives no longer than this `Gc`'s borrow.
        unsafe { &(*self.ptr.as_ptr()).header }
    }

    /// The object's data, as a pointer with the whole allocation's provenance (for
    /// objects with data past their struct: `Gc::<LuaClosure>::upvals`).
    #[inline(always)]
    pub(crate) fn data_ptr(self) -> *mut T {
        // SAFETY: in bounds of the live `GcBox` the pointer names (no dereference here).
        unsafe { std::ptr::addr_of_mut!((*self.ptr.as_ptr()).data) }
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

/// The types the heap holds, each with the kind its header records: the collector frees
/// and traces an object as the type its kind names, so the pairing is fixed here, once,
/// rather than passed by every caller.
pub(crate) trait GcObject: HeapSize {
    const KIND: GcKind;
}

macro_rules! gc_objects {
    ($($t:ty => $k:ident),* $(,)?) => {
        $(impl GcObject for $t {
            const KIND: GcKind = GcKind::$k;
        })*
    };
}
gc_objects! {
    LuaString => String,
    Table => Table,
    LuaClosure => LuaClosure,
    NativeClosure => NativeClosure,
    Thread => Thread,
    UserData => UserData,
    i64 => BoxedInt,
    UpVal => UpVal,
}

/// Collector settings and counters.
#[derive(Clone, Debug, Default)]
pub struct GcStats {
    /// Completed cycles of every kind (`major_cycles + minor_cycles + incremental cycles`).
    pub cycles: u64,
    /// Generational mode: full (major) collections.
    pub major_cycles: u64,
    /// Generational mode: young-only (minor) collections.
    pub minor_cycles: u64,
    /// Times the program was stopped for collector work (steps, atomic phases, minors).
    pub pauses: u64,
    /// Their total length, in nanoseconds.
    pub pause_total_ns: u64,
    /// The longest of them, in nanoseconds.
    pub pause_max_ns: u64,
    /// Write barriers that took the slow path (an object turned gray again).
    pub barriers: u64,
    /// Objects allocated so far.
    pub objects_allocated: u64,
    /// Objects freed so far.
    pub objects_freed: u64,
    /// Bytes allocated so far.
    pub bytes_allocated_total: u64,
    /// Bytes freed so far.
    pub bytes_freed_total: u64,
    /// `__gc` finalizers called.
    pub finalizers_run: u64,
    /// Entries of weak tables removed because their key or value was collected.
    pub weak_entries_cleared: u64,
    /// Objects kept alive by a finalizer after they became unreachable.
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
    /// Collect at the first safe point after every allocation (`--gc-stress`).
    pub(crate) stress: Cell<bool>,
    /// What `should_collect` compares against: the threshold, or the
    /// maximum while stopped, so the check at every safe point is one comparison.
    pub(crate) trigger: Cell<usize>,
    pub(crate) phase: Cell<Phase>,
    /// Objects to trace again in the atomic phase (or, in generational mode, at the next
    /// collection): containers a barrier turned gray, weak tables, closed upvalues.
    pub(crate) grayagain: std::cell::RefCell<Vec<*mut GcHeader>>,
    /// The list being swept, detached from `all` so allocation during the sweep is
    /// untouched by it; `sweep_prev` is its last survivor so far, `sweep_cur` the next
    /// object to look at.
    pub(crate) sweep_head: Cell<*mut GcHeader>,
    pub(crate) sweep_prev: Cell<*mut GcHeader>,
    pub(crate) sweep_cur: Cell<*mut GcHeader>,
    /// Generational mode: `all` is [young][survival][old]. `survival_start` is the first
    /// object that survived one minor collection (white, collected if unreachable at the
    /// next), `old_boundary` the first old one (marked and black); null is the list's end.
    pub(crate) survival_start: Cell<*mut GcHeader>,
    pub(crate) old_boundary: Cell<*mut GcHeader>,
    /// Generational mode: how many entries of `grayagain` the last collection put there
    /// itself; the ones after were pushed by barriers since.
    pub(crate) remembered_fixed: Cell<usize>,
    /// Incremental mode: log2 of the step size in bytes (`stepsize` in lua5.4).
    pub(crate) stepsize_log2: Cell<u32>,
    /// Generational mode: minor and major multipliers (percent), as lua5.4's.
    pub(crate) minormul: Cell<u32>,
    pub(crate) majormul: Cell<u32>,
    /// Bytes in use after the last major collection (`GCestimate`).
    pub(crate) estimate: Cell<usize>,
    /// Live objects by kind (indexed by `GcKind as usize`).
    pub(crate) live: [Cell<u64>; 8],
    /// `--gc-trace`: one JSON line per collector event.
    pub(crate) tracer: std::cell::RefCell<Option<crate::gc::trace::Tracer>>,
    /// The memory limit (`Lua::set_memory_limit`, `--max-memory`): bytes the heap may hold;
    /// `usize::MAX` for none.
    pub(crate) limit: Cell<usize>,
    /// An allocation whose size the program chose failed, or would have passed the limit:
    /// the operation was abandoned, and the VM raises "not enough memory" at its next check
    /// (right after the operation, or at the next safe point at the latest).
    pub(crate) alloc_failed: Cell<bool>,
    /// Freed table allocations with 1, 3, 5 or 7 inline slots (class `cap / 2`), kept for
    /// the next `alloc_table` of that size rather than returned to malloc: a list per
    /// class linked through each block's first word, at most `TABLE_CACHE_MAX` blocks
    /// long (papers/performance.md, `b7free`).
    table_cache: [Cell<*mut u8>; TABLE_CACHE_CLASSES],
    table_cache_len: [Cell<u32>; TABLE_CACHE_CLASSES],
    /// Boxed integers, in chunks of their own rather than on the object list.
    pub(crate) ints: std::cell::RefCell<crate::gc::int_arena::IntArena>,
}

/// The cache class of a table with `cap` inline slots (`inline_slots` gives odd counts,
/// or 0 for an array in a block of its own, which is not cached).
#[inline(always)]
fn table_class(cap: usize) -> Option<usize> {
    (cap % 2 == 1).then_some(cap / 2)
}

/// Size classes of `Heap::table_cache` (inline slots 1, 3, 5, 7).
const TABLE_CACHE_CLASSES: usize = 4;
/// Blocks a class keeps at most (about 1.5-2 MB each at most: binary_trees' trees are
/// freed tens of thousands at a time).
const TABLE_CACHE_MAX: u32 = 1 << 14;

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
            pause: Cell::new(gc_defaults::PAUSE),
            stepmul: Cell::new(gc_defaults::STEP_MUL),
            generational: Cell::new(false),
            stress: Cell::new(false),
            trigger: Cell::new(MIN_THRESHOLD),
            phase: Cell::new(Phase::Pause),
            grayagain: Default::default(),
            sweep_head: Cell::new(std::ptr::null_mut()),
            sweep_prev: Cell::new(std::ptr::null_mut()),
            sweep_cur: Cell::new(std::ptr::null_mut()),
            limit: Cell::new(usize::MAX),
            alloc_failed: Cell::new(false),
            table_cache: Default::default(),
            table_cache_len: Default::default(),
            ints: Default::default(),
            survival_start: Cell::new(std::ptr::null_mut()),
            old_boundary: Cell::new(std::ptr::null_mut()),
            remembered_fixed: Cell::new(0),
            stepsize_log2: Cell::new(gc_defaults::STEP_SIZE_LOG2),
            minormul: Cell::new(gc_defaults::MINOR_MUL),
            majormul: Cell::new(gc_defaults::MAJOR_MUL),
            estimate: Cell::new(0),
            live: Default::default(),
            tracer: Default::default(),
        }
    }

    /// Moves `data` into a new heap object.
    pub(crate) fn alloc<T: GcObject>(&self, data: T) -> Gc<T> {
        // Closures carry their upvalues in the same allocation (`alloc_lua_closure`), tables
        // their small arrays (`alloc_table`).
        // Boxed integers live in the integer arena (`alloc_int`).
        const {
            assert!(!matches!(
                T::KIND,
                GcKind::LuaClosure | GcKind::Table | GcKind::BoxedInt
            ))
        };
        let extra = data.extra_bytes();
        let b = Box::new(GcBox {
            header: GcHeader {
                next: Cell::new(self.all.get()),
                kind: T::KIND,
                marked: Cell::new(false),
                flags: Cell::new(0),
            },
            data,
        });
        let ptr = Box::into_raw(b);
        self.link(
            ptr as *mut GcHeader,
            T::KIND,
            std::mem::size_of::<GcBox<T>>() + extra,
        );
        // SAFETY: `ptr` came from `Box::into_raw` just above, so it is non-null and live.
        unsafe { Gc::from_addr(ptr as usize) }
    }

    /// A new boxed integer, in a slot of the integer arena (not on the object list).
    #[inline]
    pub(crate) fn alloc_int(&self, i: i64) -> Gc<i64> {
        let p = self.ints.borrow_mut().alloc(i);
        self.count_new(GcKind::BoxedInt, std::mem::size_of::<GcBox<i64>>());
        // SAFETY: `p` is a live slot the arena just filled.
        unsafe { Gc::from_addr(p.as_ptr() as usize) }
    }

    /// The layout of a closure with `n` upvalues: the box, then the upvalues.
    fn lua_closure_layout(n: usize) -> std::alloc::Layout {
        let cells = std::alloc::Layout::array::<Cell<Gc<UpVal>>>(n).expect("at most 255 upvalues");
        let (l, off) = std::alloc::Layout::new::<GcBox<LuaClosure>>()
            .extend(cells)
            .expect("small layout");
        debug_assert_eq!(off, std::mem::offset_of!(GcBox<LuaClosure>, data.ups));
        l.pad_to_align()
    }

    /// The layout of a table with `n` inline array slots: the box (64 bytes: a multiple of
    /// 16, which `inline_slots`' rounding assumes), then the slots.
    fn table_layout(n: usize) -> std::alloc::Layout {
        let slots = std::alloc::Layout::array::<Value>(n).expect("at most MAX_INLINE slots");
        let (l, _) = std::alloc::Layout::new::<GcBox<Table>>()
            .extend(slots)
            .expect("small layout");
        l.pad_to_align()
    }

    /// A new empty table with `narray` array slots and room for `nhash` keys; a small
    /// array lives in the same allocation, after the box (`ArrayPart`).
    pub(crate) fn alloc_table(&self, narray: usize, nhash: usize) -> Gc<Table> {
        let cap = inline_slots(narray);
        let layout = Heap::table_layout(cap);
        let (_, off) = std::alloc::Layout::new::<GcBox<Table>>()
            .extend(std::alloc::Layout::array::<Value>(cap).expect("small layout"))
            .expect("small layout");
        // The layout is non-zero-sized (it holds the box). The `cap` slots after the box are
        // set to nil before the array part points at them, and the box is written whole
        // before the pointer is used; the slots' pointer comes from the allocation's, so it
        // covers them (references to the box do not).
        // SAFETY: see above. A block from the cache has this layout (its class is `cap`'s).
        unsafe {
            let ptr = match self.take_cached_table(cap) {
                Some(p) => p,
                None => std::alloc::alloc(layout),
            } as *mut GcBox<Table>;
            if ptr.is_null() {
                std::alloc::handle_alloc_error(layout);
            }
            let array = if cap > 0 {
                let slots = (ptr as *mut u8).add(off) as *mut Value;
                for i in 0..cap {
                    slots.add(i).write(Value::NIL);
                }
                ArrayPart::inline(NonNull::new_unchecked(slots), cap, narray)
            } else {
                Table::block_array(narray)
            };
            let data = Table::with_array(array, nhash);
            let size = std::mem::size_of::<GcBox<Table>>() + data.extra_bytes();
            ptr.write(GcBox {
                header: GcHeader {
                    next: Cell::new(self.all.get()),
                    kind: GcKind::Table,
                    marked: Cell::new(false),
                    flags: Cell::new(0),
                },
                data,
            });
            self.link(ptr as *mut GcHeader, GcKind::Table, size);
            Gc::from_addr(ptr as usize)
        }
    }

    /// A cached table block for `cap` inline slots, if the cache has one.
    #[inline(always)]
    fn take_cached_table(&self, cap: usize) -> Option<*mut u8> {
        let head = self.table_cache.get(table_class(cap)?)?;
        let p = head.get();
        if p.is_null() {
            return None;
        }
        // SAFETY: a block in the cache is a freed table allocation whose first word holds
        // the next block's address (`cache_table`); nothing else uses it.
        head.set(unsafe { *(p as *mut *mut u8) });
        let n = &self.table_cache_len[cap / 2];
        n.set(n.get() - 1);
        Some(p)
    }

    /// Keeps a table block of `cap` inline slots (its contents dropped) for reuse;
    /// `false` if its class is full or not cached (the caller frees it).
    ///
    /// # Safety
    /// `p` must be an allocation of `table_layout(cap)` that nothing uses any more.
    #[inline(always)]
    unsafe fn cache_table(&self, p: *mut u8, cap: usize) -> bool {
        let Some(class) = table_class(cap) else {
            return false;
        };
        let (Some(head), Some(n)) = (self.table_cache.get(class), self.table_cache_len.get(class))
        else {
            return false;
        };
        if n.get() >= TABLE_CACHE_MAX {
            return false;
        }
        // SAFETY: the caller gives the block up; it is at least a pointer long and aligned.
        unsafe { *(p as *mut *mut u8) = head.get() };
        head.set(p);
        n.set(n.get() + 1);
        true
    }

    /// A new Lua closure of `proto` over `ups`, in one allocation (`luaF_newLclosure`).
    pub(crate) fn alloc_lua_closure(
        &self,
        proto: Rc<FuncProto>,
        ups: &[Gc<UpVal>],
    ) -> Gc<LuaClosure> {
        let n = ups.len();
        let layout = Heap::lua_closure_layout(n);
        // The layout is non-zero-sized (it holds the box). Every field of the box and each of
        // the `n` cells after it is written before the pointer is used; `ups` sits at the
        // struct's end, where `lua_closure_layout` put the cells (its debug assertion checks
        // the offset).
        // SAFETY: see above: a non-zero layout, all fields and cells written before use.
        unsafe {
            let ptr = std::alloc::alloc(layout) as *mut GcBox<LuaClosure>;
            if ptr.is_null() {
                std::alloc::handle_alloc_error(layout);
            }
            ptr.write(GcBox {
                header: GcHeader {
                    next: Cell::new(self.all.get()),
                    kind: GcKind::LuaClosure,
                    marked: Cell::new(false),
                    flags: Cell::new(0),
                },
                data: LuaClosure {
                    proto,
                    nups: n,
                    ups: [],
                },
            });
            let first = std::ptr::addr_of_mut!((*ptr).data.ups) as *mut Cell<Gc<UpVal>>;
            for (i, u) in ups.iter().enumerate() {
                first.add(i).write(Cell::new(*u));
            }
            self.link(ptr as *mut GcHeader, GcKind::LuaClosure, layout.size());
            Gc::from_addr(ptr as usize)
        }
    }

    /// Puts a new object (already pointing at the old list head) at the head of the list
    /// of all objects, and counts it.
    #[inline(always)]
    fn link(&self, ptr: *mut GcHeader, kind: GcKind, size: usize) {
        self.all.set(ptr);
        if kind == GcKind::Thread {
            self.threads.borrow_mut().push(ptr);
        }
        self.count_new(kind, size);
    }

    /// Counts a new object of `size` bytes.
    #[inline(always)]
    fn count_new(&self, kind: GcKind, size: usize) {
        self.bytes.set(self.bytes.get() + size);
        let mut s = self.stats.borrow_mut();
        s.objects_allocated += 1;
        s.bytes_allocated_total += size as u64;
        drop(s);
        let n = &self.live[kind as usize];
        n.set(n.get() + 1);
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

    /// Recomputes `trigger` after the threshold, `stopped`, `stress`, the memory limit or
    /// a failed allocation changed: the safe points check the limit and failures through
    /// the same one comparison.
    pub(crate) fn update_trigger(&self) {
        // A stopped collector does no work, stress or not (lua5.4's `gcstp`).
        let collect = if self.stopped.get() {
            usize::MAX
        } else {
            self.threshold.get()
        };
        self.trigger.set(if self.alloc_failed.get() {
            0
        } else {
            collect.min(self.limit.get())
        });
    }

    /// Records that an allocation the program asked for failed or would pass the limit
    /// (see `alloc_failed`).
    pub(crate) fn note_alloc_failure(&self) {
        self.alloc_failed.set(true);
        self.update_trigger();
    }

    /// Bytes that may still be allocated under the memory limit.
    #[inline]
    pub(crate) fn room(&self) -> usize {
        self.limit.get().saturating_sub(self.bytes.get())
    }

    pub fn set_memory_limit(&self, limit: Option<usize>) {
        self.limit.set(limit.unwrap_or(usize::MAX));
        self.update_trigger();
    }

    pub fn set_stopped(&self, stopped: bool) {
        self.stopped.set(stopped);
        self.update_trigger();
    }

    pub fn set_stress(&self, stress: bool) {
        self.stress.set(stress);
        if stress {
            self.set_threshold(0);
        }
    }

    pub fn bytes_in_use(&self) -> usize {
        self.bytes.get()
    }

    pub fn stats(&self) -> GcStats {
        self.stats.borrow().clone()
    }

    /// Incremental mode, at the end of a cycle: wait until the heap grows to `pause`
    /// percent of what survived (`setpause`).
    pub(crate) fn set_threshold_after_cycle(&self) {
        let live = self.bytes.get();
        let t = (live / 100).saturating_mul(self.pause.get() as usize);
        self.set_threshold(t.max(MIN_THRESHOLD));
    }

    pub(crate) fn set_threshold(&self, t: usize) {
        // Under stress, the first safe point after any allocation collects.
        let t = if self.stress.get() {
            self.bytes.get() + 1
        } else {
            t
        };
        self.threshold.set(t);
        self.update_trigger();
    }

    /// Bytes of allocation between incremental steps.
    pub(crate) fn stepsize(&self) -> usize {
        1usize << self.stepsize_log2.get().min(40)
    }

    /// Live objects of one kind.
    pub fn live_objects(&self, kind: GcKind) -> u64 {
        self.live[kind as usize].get()
    }

    pub fn phase(&self) -> Phase {
        self.phase.get()
    }

    /// The write barrier: `h`'s object is about to point at a value that may be unmarked.
    /// If the object is black, it turns gray again and is traced again later (lgc.c's
    /// `luaC_barrierback`, used here for every kind of container).
    #[inline(always)]
    pub(crate) fn barrier(&self, h: &GcHeader) {
        // `no-write-barrier` exists only to measure what the barrier costs, with the
        // collector stopped: without barriers an interleaved cycle frees live objects.
        if cfg!(feature = "no-write-barrier") {
            return;
        }
        if h.flags.get() & FLAG_BLACK != 0 {
            self.barrier_slow(h);
        }
    }

    /// Whether a store into `h`'s object needs `barrier`'s slow path (the object is
    /// black): for fast paths that leave that case to a general path rather than call.
    #[inline(always)]
    pub(crate) fn barrier_due(h: &GcHeader) -> bool {
        !cfg!(feature = "no-write-barrier") && h.flags.get() & FLAG_BLACK != 0
    }

    #[cold]
    #[inline(never)]
    fn barrier_slow(&self, h: &GcHeader) {
        h.flags.set(h.flags.get() & !FLAG_BLACK);
        if self.marking_continues() {
            self.grayagain
                .borrow_mut()
                .push(h as *const GcHeader as *mut GcHeader);
            self.stats.borrow_mut().barriers += 1;
        }
    }

    /// Whether marks made now still count later: while an incremental cycle marks, and
    /// always in generational mode (old objects stay marked). While sweeping, black only
    /// means "not swept yet", so there is nothing to trace again.
    fn marking_continues(&self) -> bool {
        self.phase.get() == Phase::Propagate || self.generational.get()
    }

    /// An open upvalue is closing: its value moves off the stack, which the atomic phase
    /// rescans, into the upvalue, which it might not; a marked upvalue is traced again.
    pub(crate) fn barrier_close(&self, h: &GcHeader) {
        if h.marked.get() && self.marking_continues() {
            h.flags.set(h.flags.get() & !FLAG_BLACK);
            self.grayagain
                .borrow_mut()
                .push(h as *const GcHeader as *mut GcHeader);
        }
    }

    /// A string found in the intern table while sweeping may be one this cycle found dead
    /// and has not freed yet: it is in use again, so it must survive the sweep.
    #[inline]
    pub(crate) fn revive_if_sweeping(&self, h: &GcHeader) {
        if self.phase.get() == Phase::Sweep && !h.marked.get() {
            h.marked.set(true);
        }
    }
}

const _: () = assert!(std::mem::size_of::<GcBox<Table>>() == 64);

/// Frees one object given its header.
///
/// Inlined into the sweep loops: out of line, its prologue and epilogue (the registers
/// the table and thread arms need) cost more than the frees of small objects themselves
/// (step `c4free`).
///
/// A table's block goes to `cache`'s table cache when there is one and it has room.
///
/// # Safety
/// `h` must be the header of a live object that nothing will use afterwards.
#[inline(always)]
pub(crate) unsafe fn free_object(h: *mut GcHeader, cache: Option<&Heap>) -> usize {
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
            GcKind::Table => {
                // Made by `alloc_table`: drop the struct (its parts' own blocks), free the
                // box with its inline slots.
                let p = h as *mut GcBox<Table>;
                let cap = (*p).data.inline_slots();
                let size = std::mem::size_of::<GcBox<Table>>() + (*p).data.extra_bytes();
                std::ptr::drop_in_place(std::ptr::addr_of_mut!((*p).data));
                if !cache.is_some_and(|heap| heap.cache_table(p as *mut u8, cap)) {
                    std::alloc::dealloc(p as *mut u8, Heap::table_layout(cap));
                }
                size
            }
            GcKind::LuaClosure => {
                // Made by `alloc_lua_closure`: drop the struct, free the whole block.
                let p = h as *mut GcBox<LuaClosure>;
                let layout = Heap::lua_closure_layout((*p).data.nups);
                std::ptr::drop_in_place(std::ptr::addr_of_mut!((*p).data));
                std::alloc::dealloc(p as *mut u8, layout);
                layout.size()
            }
            GcKind::NativeClosure => free!(NativeClosure),
            GcKind::Thread => free!(Thread),
            GcKind::UserData => free!(UserData),
            GcKind::BoxedInt => unreachable!("boxed integers are not on the object list"),
            GcKind::UpVal => free!(UpVal),
        }
    }
}

impl HeapSize for i64 {}

/// Live objects by the type name Lua would give them (upvalues and boxed integers apart:
/// "upvalue", "integer (boxed)").
pub fn live_by_type(heap: &Heap) -> Vec<(&'static str, u64)> {
    let n = |k: GcKind| heap.live_objects(k);
    vec![
        ("string", n(GcKind::String)),
        ("table", n(GcKind::Table)),
        ("function", n(GcKind::LuaClosure) + n(GcKind::NativeClosure)),
        ("thread", n(GcKind::Thread)),
        ("userdata", n(GcKind::UserData)),
        ("upvalue", n(GcKind::UpVal)),
        ("integer (boxed)", n(GcKind::BoxedInt)),
    ]
}

impl Drop for Heap {
    fn drop(&mut self) {
        // Mid-sweep, the list being swept holds the older objects.
        for list in [&self.all, &self.sweep_head] {
            let mut p = list.get();
            while !p.is_null() {
                // SAFETY: the two lists hold every live object exactly once between them; we
                // read the link before freeing, and nothing uses the heap's objects after it
                // is dropped.
                unsafe {
                    let next = (*p).next.get();
                    free_object(p, None);
                    p = next;
                }
            }
            list.set(std::ptr::null_mut());
        }
        for (class, head) in self.table_cache.iter().enumerate() {
            let mut p = head.get();
            while !p.is_null() {
                // SAFETY: the cache holds freed blocks of class `class` (`table_layout` of
                // `2 * class + 1` slots), each linked through its first word, once each.
                unsafe {
                    let next = *(p as *mut *mut u8);
                    std::alloc::dealloc(p, Heap::table_layout(2 * class + 1));
                    p = next;
                }
            }
            head.set(std::ptr::null_mut());
        }
    }
}
