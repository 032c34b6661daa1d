//! The values a host holds: slots in a table of roots the collector marks, one per handle.
//!
//! A handle (`Table`, `Function`, ...) owns a reference-counted [`Ref`] to a slot. Dropping
//! the last clone cannot reach the state (a handle does not borrow it), so it queues the
//! slot on a list the state shares with its handles; the state frees the queued slots the
//! next time the host calls into it. The same shared list identifies the state: a handle
//! used with another state is refused (a panic, never a wrong object).

use std::cell::RefCell;
use std::rc::Rc;

use crate::vm::value::Value as RawValue;

/// The slots of a state (a field of the VM; the collector marks `slots`).
pub(crate) struct HostRefs {
    pub(crate) slots: Vec<RawValue>,
    free: Vec<u32>,
    dropped: Rc<RefCell<Vec<u32>>>,
    /// The metatables of the `UserData` types made in this state, built once each.
    pub(crate) type_metatables: crate::api::userdata::TypeMetatables,
}

impl Default for HostRefs {
    fn default() -> Self {
        HostRefs {
            slots: Vec::new(),
            free: Vec::new(),
            dropped: Rc::new(RefCell::new(Vec::new())),
            type_metatables: Default::default(),
        }
    }
}

/// One slot held by a handle and its clones.
pub(crate) struct Ref(Rc<RefSlot>);

struct RefSlot {
    slot: u32,
    owner: Rc<RefCell<Vec<u32>>>,
}

impl Drop for RefSlot {
    fn drop(&mut self) {
        self.owner.borrow_mut().push(self.slot);
    }
}

impl Clone for Ref {
    fn clone(&self) -> Self {
        Ref(Rc::clone(&self.0))
    }
}

impl HostRefs {
    /// A new handle's slot holding `v` (kept alive until the handle is dropped).
    pub(crate) fn hold(&mut self, v: RawValue) -> Ref {
        self.reclaim();
        let slot = match self.free.pop() {
            Some(s) => {
                self.slots[s as usize] = v;
                s
            }
            None => {
                self.slots.push(v);
                (self.slots.len() - 1) as u32
            }
        };
        Ref(Rc::new(RefSlot {
            slot,
            owner: Rc::clone(&self.dropped),
        }))
    }

    /// The value a handle holds. Panics when the handle belongs to another state.
    pub(crate) fn get(&self, r: &Ref) -> RawValue {
        assert!(
            Rc::ptr_eq(&r.0.owner, &self.dropped),
            "a moonlab handle was used with a state other than the one that made it"
        );
        self.slots[r.0.slot as usize]
    }

    /// Frees the slots of dropped handles.
    pub(crate) fn reclaim(&mut self) {
        let mut d = self.dropped.borrow_mut();
        for s in d.drain(..) {
            self.slots[s as usize] = RawValue::NIL;
            self.free.push(s);
        }
    }

    /// Slots in use (for tests).
    pub(crate) fn in_use(&self) -> usize {
        self.slots.len() - self.free.len() - self.dropped.borrow().len()
    }
}
