//! Ctrl-C as lua.c handles it: while a chunk runs, the first SIGINT asks the engine to
//! stop it with the catchable "interrupted!" error; a second one during the same run, or
//! one while no chunk runs, ends the process as the signal's default action does.
//!
//! Only flags are set in the signal handler (signal-hook's `flag` actions), so this module
//! needs no unsafe code: the engines read the interrupt flag from their dispatch loops.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use signal_hook::consts::SIGINT;

pub struct Interrupt {
    /// Read (and cleared) by the engine.
    pub flag: Arc<AtomicBool>,
    /// Set while no chunk runs, and by the first signal during a run: the next signal
    /// terminates.
    spent: Arc<AtomicBool>,
}

impl Interrupt {
    /// Installs the handler. Where signals cannot be handled, Ctrl-C keeps its default.
    pub fn install() -> Interrupt {
        let flag = Arc::new(AtomicBool::new(false));
        let spent = Arc::new(AtomicBool::new(true));
        // The order matters: the default action is decided before this signal spends the
        // run's one interruption.
        let _ = signal_hook::flag::register_conditional_default(SIGINT, Arc::clone(&spent))
            .and_then(|_| signal_hook::flag::register(SIGINT, Arc::clone(&flag)))
            .and_then(|_| signal_hook::flag::register(SIGINT, Arc::clone(&spent)));
        Interrupt { flag, spent }
    }

    /// `docall`: runs `f` with Ctrl-C interrupting it.
    pub fn during<T>(&self, f: impl FnOnce() -> T) -> T {
        self.flag.store(false, Ordering::SeqCst);
        self.spent.store(false, Ordering::SeqCst);
        let r = f();
        self.spent.store(true, Ordering::SeqCst);
        self.flag.store(false, Ordering::SeqCst);
        r
    }
}
