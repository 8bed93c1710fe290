//! The sink of W0–W4: counts bytes and throws them away, optionally keeping
//! a copy for the output tests.

use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Inner {
    bytes: AtomicU64,
    writes: AtomicU64,
    keep: Option<Mutex<Vec<u8>>>,
}

/// A byte-counting writer. Clones share the counters. It is an
/// `io::Write` (for env_logger, slog-json), a tracing `MakeWriter` and a
/// spoolog `Sink`, so every implementation writes into the same thing.
#[derive(Clone, Default)]
pub struct Out {
    inner: Arc<Inner>,
}

impl Out {
    /// Counts and discards (the benches).
    pub fn counting() -> Out {
        Out::default()
    }

    /// Counts and keeps every byte (the output tests).
    pub fn capturing() -> Out {
        Out {
            inner: Arc::new(Inner {
                keep: Some(Mutex::new(Vec::new())),
                ..Inner::default()
            }),
        }
    }

    /// Bytes written so far.
    pub fn bytes(&self) -> u64 {
        self.inner.bytes.load(Ordering::Relaxed)
    }

    /// `write` calls so far.
    pub fn writes(&self) -> u64 {
        self.inner.writes.load(Ordering::Relaxed)
    }

    /// Everything kept so far, emptied (capturing writers only).
    pub fn take(&self) -> Vec<u8> {
        match &self.inner.keep {
            Some(k) => std::mem::take(&mut *k.lock().unwrap_or_else(|p| p.into_inner())),
            None => Vec::new(),
        }
    }

    #[inline]
    fn put(&self, buf: &[u8]) {
        self.inner
            .bytes
            .fetch_add(buf.len() as u64, Ordering::Relaxed);
        self.inner.writes.fetch_add(1, Ordering::Relaxed);
        if let Some(k) = &self.inner.keep {
            k.lock()
                .unwrap_or_else(|p| p.into_inner())
                .extend_from_slice(buf);
        }
    }
}

impl io::Write for &Out {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.put(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl io::Write for Out {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.put(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl spoolog::sink::Sink for Out {
    #[inline]
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        self.put(line);
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Out {
    type Writer = &'a Out;
    #[inline]
    fn make_writer(&'a self) -> &'a Out {
        self
    }
}
