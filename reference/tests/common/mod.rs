//! Helpers shared by the reference's integration tests.
// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::io::Write;
use std::sync::{Arc, Mutex};

/// An output sink for `Lua::with_output` whose bytes the test can read back.
#[derive(Clone, Default)]
pub struct Sink(pub Arc<Mutex<Vec<u8>>>);

impl Sink {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
