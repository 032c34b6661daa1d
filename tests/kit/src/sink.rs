//! The output sink every test that runs Lua code prints to: an engine takes a `Box<dyn
//! Write>` it owns, so the test keeps a clone of the same shared buffer to read it back.

use std::io::Write;
use std::sync::{Arc, Mutex, MutexGuard};

/// A shared byte buffer: clones write to and read from the same bytes.
#[derive(Clone, Default)]
pub struct Sink(Arc<Mutex<Vec<u8>>>);

impl Sink {
    /// Everything written so far.
    pub fn bytes(&self) -> Vec<u8> {
        self.buffer().clone()
    }

    /// Everything written so far, as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.buffer()).into_owned()
    }

    /// The buffer, even if a thread panicked while writing (a test that catches panics
    /// still reads what was printed).
    fn buffer(&self) -> MutexGuard<'_, Vec<u8>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.buffer().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
