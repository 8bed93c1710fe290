//! Counting failures, telling the error handler, noticing recovery.

use super::reentry::Scope;
use crate::sink::{ErrorHandler, SinkError};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

/// A logger's failure state, shared by its clones and children.
pub(crate) struct Failures {
    handler: Box<dyn ErrorHandler>,
    /// Failures of any kind.
    errors: AtomicU64,
    /// Lines that never reached the sink.
    lost: AtomicU64,
    /// An outage is under way (set by the first I/O error or sink panic,
    /// cleared by the next successful write).
    failing: AtomicBool,
    /// `lost` when the outage began.
    lost_at_outage: AtomicU64,
}

impl Failures {
    pub(crate) fn new(handler: Box<dyn ErrorHandler>) -> Failures {
        Failures {
            handler,
            errors: AtomicU64::new(0),
            lost: AtomicU64::new(0),
            failing: AtomicBool::new(false),
            lost_at_outage: AtomicU64::new(0),
        }
    }

    pub(crate) fn errors(&self) -> u64 {
        self.errors.load(Relaxed)
    }

    pub(crate) fn lost(&self) -> u64 {
        self.lost.load(Relaxed)
    }

    /// Count a failure that lost `lost` lines and tell the handler — unless
    /// this thread is running logger `id`'s handler already (the failure is
    /// then one of the handler's own lines: counted, not reported).
    #[cold]
    #[inline(never)]
    pub(crate) fn fail(&self, id: usize, error: SinkError, lost: u64) {
        self.errors.fetch_add(1, Relaxed);
        let before = self.lost.fetch_add(lost, Relaxed);
        if error.is_outage() && !self.failing.swap(true, Relaxed) {
            self.lost_at_outage.store(before, Relaxed);
        }
        let Some(_scope) = Scope::handler(id) else {
            return;
        };
        // A panicking handler must not take the application down either.
        let _ = catch_unwind(AssertUnwindSafe(|| self.handler.on_error(&error)));
    }

    /// A line was written: if an outage was under way, it is over.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn note_success(&self, id: usize) {
        if self.failing.load(Relaxed) {
            self.recovered(id);
        }
    }

    #[cold]
    #[inline(never)]
    fn recovered(&self, id: usize) {
        if !self.failing.swap(false, Relaxed) {
            return; // another thread saw the recovery first
        }
        let lost = self
            .lost
            .load(Relaxed)
            .saturating_sub(self.lost_at_outage.load(Relaxed));
        let Some(_scope) = Scope::handler(id) else {
            return;
        };
        let _ = catch_unwind(AssertUnwindSafe(|| self.handler.on_recovered(lost)));
    }
}
