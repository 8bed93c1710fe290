//! The hand-off between logging threads and the writer thread: two byte
//! buffers under one mutex.
//!
//! A logging thread appends its finished line to the *front* buffer (a
//! `memcpy` under the lock) and returns. The writer thread swaps the front
//! buffer with its own empty one, releases the lock, and writes everything
//! it took with one `write_lines` call. Both buffers are allocated once, at
//! the capacity, so nothing allocates in steady state, and the lock is held
//! only for a copy or a swap, never during I/O.
//!
//! Why this shape and not a queue of pooled buffers or per-thread rings:
//! see `docs/architecture.md` ("The non-blocking writer").

use super::{Full, WriterStats};
use crate::sink::{Attachment, Sink};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock};
use std::thread::{JoinHandle, ThreadId};
use std::time::{Duration, Instant};

/// Bytes reserved on top of the capacity in the writer's buffer, for the
/// "lines dropped" notice it may add to a batch.
pub(super) const NOTICE_ROOM: usize = 1024;

/// An empty buffer with room for `bytes`, every page of it already written
/// once: a fresh allocation this size is mapped lazily, and without this
/// the first megabytes of lines would each pay a page fault (several
/// microseconds a page on a virtual machine) in the logging thread.
pub(super) fn prefaulted(bytes: usize) -> Vec<u8> {
    let mut buf = Vec::with_capacity(bytes);
    // One byte a page maps the page (`vec![0; n]` would not do: calloc's
    // fresh pages are mapped lazily). 4 KiB is the smallest page size in
    // use; larger pages are touched more than once, which is harmless.
    for b in buf.spare_capacity_mut().iter_mut().step_by(4096) {
        *b = std::mem::MaybeUninit::new(0);
    }
    std::hint::black_box(&mut buf);
    buf
}

/// What the writer thread is doing, as far as producers need to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Writer {
    /// Writing, or about to look at the buffer again: no wake-up needed.
    Busy,
    /// Waiting a little after a batch for more lines (see `linger`): woken
    /// only when the buffer passes half its capacity.
    Lingering,
    /// Waiting with no timeout: the next line wakes it.
    Sleeping,
}

/// Whether the background writer runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    Running,
    /// Asked to stop: it drains everything, then exits.
    Closing,
    /// No writer thread (stopped, or never started): lines are written on
    /// the calling thread.
    Sync,
}

pub(super) struct State {
    pub(super) front: Vec<u8>,
    pub(super) front_lines: u64,
    /// Bytes and lines the writer took and is writing now; they still count
    /// against the capacity.
    pub(super) in_flight_bytes: usize,
    pub(super) in_flight_lines: u64,
    /// Lines dropped (drop policy) since the writer last reported.
    pub(super) dropped_unreported: u64,
    /// Highest flush ticket handed out, and highest one completed.
    pub(super) flush_wanted: u64,
    pub(super) flush_done: u64,
    /// Batches that failed (in part) so far: a flush that saw this change
    /// while it waited reports an error.
    pub(super) failed_batches: u64,
    /// The last flush of the destination failed.
    pub(super) flush_failed: Option<std::io::ErrorKind>,
    pub(super) writer: Writer,
    pub(super) producers_waiting: usize,
    pub(super) mode: Mode,
}

pub(super) struct Config {
    pub(super) capacity_bytes: usize,
    pub(super) capacity_lines: u64,
    pub(super) full: Full,
    pub(super) linger: Duration,
}

/// Everything the logging threads, the writer thread and the guard share.
pub(super) struct Channel {
    pub(super) state: Mutex<State>,
    /// The writer waits here for lines, flushes and close.
    pub(super) wake_writer: Condvar,
    /// Producers (block policy) wait here for room.
    pub(super) room: Condvar,
    /// Flushers and `close` wait here.
    pub(super) done: Condvar,
    pub(super) inner: Box<dyn Sink>,
    pub(super) cfg: Config,
    pub(super) attachment: OnceLock<Attachment>,
    pub(super) writer_id: OnceLock<ThreadId>,
    pub(super) handle: Mutex<Option<JoinHandle<()>>>,
    pub(super) counters: Counters,
    pub(super) close_timeout: Duration,
}

/// Counters readable without the lock.
#[derive(Debug, Default)]
pub(super) struct Counters {
    pub(super) dropped: AtomicU64,
    pub(super) waits: AtomicU64,
    pub(super) wake_ups: AtomicU64,
    pub(super) lines: AtomicU64,
    pub(super) writes: AtomicU64,
    pub(super) bytes: AtomicU64,
    /// As the writer last measured itself (fallback for `writer_cpu`).
    pub(super) writer_cpu_ns: AtomicU64,
    /// The writer thread's kernel thread id (Linux), to read its CPU time.
    pub(super) writer_tid: AtomicU64,
}

impl Counters {
    pub(super) fn snapshot(&self) -> WriterStats {
        WriterStats {
            lines_written: self.lines.load(Relaxed),
            writes: self.writes.load(Relaxed),
            bytes_written: self.bytes.load(Relaxed),
            dropped: self.dropped.load(Relaxed),
            caller_waits: self.waits.load(Relaxed),
            wake_ups: self.wake_ups.load(Relaxed),
            writer_cpu: self.writer_cpu(),
        }
    }

    /// The writer thread's CPU time: from the kernel's scheduler statistics
    /// where they can be read (Linux), else as the writer last measured.
    fn writer_cpu(&self) -> Duration {
        let tid = self.writer_tid.load(Relaxed);
        if tid != 0 {
            let path = format!("/proc/self/task/{tid}/schedstat");
            if let Some(ns) = std::fs::read_to_string(path)
                .ok()
                .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
            {
                return Duration::from_nanos(ns);
            }
        }
        Duration::from_nanos(self.writer_cpu_ns.load(Relaxed))
    }
}

/// What became of lines offered to the channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Placed {
    /// Queued for the writer.
    Queued,
    /// Dropped and counted (drop policy, or no way to wait).
    Dropped,
    /// Not queued: write them on this thread, with the state lock still
    /// held so that nothing overtakes them (no writer thread, or a line
    /// larger than the whole capacity once everything before it is out).
    Direct,
}

impl Channel {
    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn on_writer_thread(&self) -> bool {
        self.writer_id
            .get()
            .is_some_and(|id| *id == std::thread::current().id())
    }

    /// Room for `bytes` more bytes and `lines` more lines?
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn fits(&self, st: &State, bytes: usize, lines: u64) -> bool {
        st.front.len() + st.in_flight_bytes + bytes <= self.cfg.capacity_bytes
            && st.front_lines + st.in_flight_lines + lines <= self.cfg.capacity_lines
    }

    /// Wake the writer if it sleeps, or if it lingers and the buffer is
    /// half full. The writer counts as busy from then on, so that the lines
    /// after this one make no second wake-up call (a system call each)
    /// before it has looked.
    fn wake_if_needed(&self, st: &mut State) {
        let wake = match st.writer {
            Writer::Busy => false,
            Writer::Sleeping => true,
            Writer::Lingering => st.front.len() >= self.cfg.capacity_bytes / 2,
        };
        if wake {
            self.wake(st);
        }
    }

    /// Wake the waiting writer, and count it as busy until it has looked
    /// again (it sets its state itself whenever it waits).
    fn wake(&self, st: &mut State) {
        st.writer = Writer::Busy;
        self.counters.wake_ups.fetch_add(1, Relaxed);
        self.wake_writer.notify_one();
    }

    /// The common case of [`offer`](Self::offer), inlined into the logging
    /// thread's call: the writer runs, there is room, and it needs no
    /// wake-up or only the usual one. False: nothing done, take `offer`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(super) fn queue_fast(&self, st: &mut State, bytes: &[u8], lines: u64) -> bool {
        if st.mode == Mode::Sync || !self.fits(st, bytes.len(), lines) {
            return false;
        }
        // No prefetch of the lines ahead: measured on 2026-12-04, it cost
        // bursts 30-50 ns a line and gained sustained runs 2-8%
        // (`docs/architecture.md`, "Fetched before it is written").
        st.front.extend_from_slice(bytes); // within reserved capacity
        st.front_lines += lines;
        if st.writer != Writer::Busy {
            self.wake_if_needed(st);
        }
        true
    }

    /// Queue `bytes` (`lines` whole lines), or say what to do instead.
    /// Called with the state locked; may wait (block policy).
    pub(super) fn offer<'a>(
        &'a self,
        mut st: MutexGuard<'a, State>,
        bytes: &[u8],
        lines: u64,
    ) -> (MutexGuard<'a, State>, Placed) {
        loop {
            if st.mode == Mode::Sync {
                return (st, Placed::Direct);
            }
            if self.queue_fast(&mut st, bytes, lines) {
                return (st, Placed::Queued);
            }
            let too_big = bytes.len() > self.cfg.capacity_bytes || lines > self.cfg.capacity_lines;
            let can_wait = self.cfg.full == Full::Block && !self.on_writer_thread();
            if !can_wait {
                st.dropped_unreported += lines;
                self.counters.dropped.fetch_add(lines, Relaxed);
                self.wake_if_needed(&mut st);
                return (st, Placed::Dropped);
            }
            if too_big && st.front.is_empty() && st.in_flight_bytes == 0 {
                // Larger than the whole buffer: everything before it is
                // out; write it from here, in order, with the lock held.
                return (st, Placed::Direct);
            }
            st.producers_waiting += 1;
            self.counters.waits.fetch_add(1, Relaxed);
            if st.writer != Writer::Busy {
                self.wake(&mut st);
            }
            st = self.room.wait(st).unwrap_or_else(|p| p.into_inner());
            st.producers_waiting -= 1;
        }
    }

    /// Wait until everything logged before this call is written and the
    /// destination flushed (or, with a deadline, until then: `Err(())`).
    /// `Ok(true)` when a write or the flush failed meanwhile.
    pub(super) fn wait_flushed(&self, deadline: Option<Instant>) -> Result<bool, ()> {
        let mut st = self.lock();
        if st.mode == Mode::Sync {
            return Ok(false);
        }
        st.flush_wanted += 1;
        let ticket = st.flush_wanted;
        let failed_before = st.failed_batches;
        if st.writer != Writer::Busy {
            // Sleeping or gathering: a flush does not wait for either.
            self.wake(&mut st);
        }
        while st.flush_done < ticket && st.mode != Mode::Sync {
            st = match deadline {
                None => self.done.wait(st).unwrap_or_else(|p| p.into_inner()),
                Some(d) => {
                    let left = d.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Err(());
                    }
                    self.done
                        .wait_timeout(st, left)
                        .unwrap_or_else(|p| p.into_inner())
                        .0
                }
            };
        }
        let failed = st.failed_batches != failed_before || st.flush_failed.is_some();
        Ok(failed)
    }
}
