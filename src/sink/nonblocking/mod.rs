//! A sink that writes on a background thread.
//!
//! [`NonBlocking`] wraps any other [`Sink`] (a file, a rotating file,
//! standard output, a [`WriterSink`](crate::sink::WriterSink) over any
//! `io::Write`). A logging thread copies its finished line into a shared
//! buffer and returns — no system call. One writer thread takes everything
//! queued at once and hands it to the wrapped sink in one
//! [`write_lines`](Sink::write_lines) call, so at saturation a single
//! `write` carries thousands of lines.
//!
//! # Guarantees
//!
//! - **Bounded memory.** At most [`capacity_bytes`](NonBlockingBuilder::capacity_bytes)
//!   bytes (and, if set, [`capacity_lines`](NonBlockingBuilder::capacity_lines)
//!   lines) are queued or being written at any time. Two buffers of that
//!   size are allocated up front; nothing allocates afterwards, on either
//!   side.
//! - **When full**, the builder decides: [`Full::Block`] (the default: the
//!   logging thread waits, no line is ever lost) or [`Full::Drop`] (the
//!   line is dropped and counted exactly — [`NonBlocking::dropped`], the
//!   logger's [`lost`](crate::Logger::lost) — and as soon as there is room
//!   the log itself gets one line `spoolog dropped N lines`). A line larger
//!   than the whole capacity is, in block mode, written by the logging
//!   thread itself once everything before it is out; in drop mode, dropped.
//! - **Order.** Lines of one thread reach the destination in the order
//!   they were logged. Across threads, lines are in the order their writes
//!   took the queue's lock: if one thread's log call returned before
//!   another's began, its line comes first.
//! - **Lines are never split or merged**: a batch is whole lines; the
//!   wrapped sink's rules for a failed write apply (the built-in sinks
//!   finish a cut line before anything else). Write errors go to the
//!   logger's error handler on the writer thread, counted as lost lines;
//!   the writer keeps running.
//! - **Idle costs nothing.** With nothing to do the writer sleeps on a
//!   condition variable (no timer, no spinning). After writing a batch it
//!   waits up to [`linger`](NonBlockingBuilder::linger) (default 1 ms) for
//!   more lines before sleeping, so a burst of lines wakes it once. A line
//!   logged into an idle writer wakes it at once: it is being written
//!   within the wake-up latency of a thread (microseconds), and at most
//!   `linger` after it was logged when the writer was lingering.
//! - **`flush()` is a promise**: it returns only when every line logged
//!   before it, from any thread, has been written (or counted as lost) and
//!   the destination flushed. Concurrent flushes from many threads, and a
//!   flush from inside a `Display` impl, are fine; a flush from the writer
//!   thread itself (a destination that logs and flushes) returns at once.
//! - **Close**: the [`WriterGuard`], [`Sink::close`] and the global
//!   logger's exit hooks (see [`Builder::init`](crate::logger::Builder::init))
//!   deliver everything, stop the thread, and switch the sink to writing
//!   on the calling thread, so lines logged afterwards (thread-local
//!   destructors at exit) are not lost. Closing waits at most
//!   [`close_timeout`](NonBlockingBuilder::close_timeout) (default 10 s)
//!   for a stuck destination.

mod queue;
mod worker;

use crate::sink::{count_lines, Attachment, LinesError, Sink};
use queue::{Channel, Config, Counters, Mode, Placed, State, Writer, NOTICE_ROOM};
use std::fmt;
use std::io;
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// What a full [`NonBlocking`] does with a new line.
///
/// ```
/// assert_eq!(spoolog::sink::Full::default(), spoolog::sink::Full::Block);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Full {
    /// The logging thread waits for room: no line is ever lost.
    #[default]
    Block,
    /// The line is dropped and counted; the log gets a
    /// `spoolog dropped N lines` line when there is room again.
    Drop,
}

/// Default queue capacity: 4 MiB of lines (two buffers of this size are
/// allocated; their pages are touched as lines fill them). At 1 MiB, a
/// writer into tmpfs made the caller wait a dozen times per 300,000 lines on
/// the development machine; at 4 MiB, about once (`examples/w5_sustained.rs`).
///
/// ```
/// assert_eq!(spoolog::sink::DEFAULT_QUEUE_BYTES, 4 << 20);
/// ```
pub const DEFAULT_QUEUE_BYTES: usize = 4 << 20;

/// Counters of a [`NonBlocking`] writer.
///
/// ```
/// let s = spoolog::sink::WriterStats::default();
/// assert_eq!(s.writes_per_line(), 0.0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WriterStats {
    /// Lines handed to the wrapped sink successfully.
    pub lines_written: u64,
    /// Calls to the wrapped sink's `write_lines` (one per batch).
    pub writes: u64,
    /// Bytes handed to the wrapped sink successfully.
    pub bytes_written: u64,
    /// Lines dropped because the queue was full (drop policy).
    pub dropped: u64,
    /// Times a logging thread had to wait for room (block policy): how
    /// often the writer could not keep up.
    pub caller_waits: u64,
    /// Times a logging thread woke the writer thread (each one a system
    /// call on the logging thread): about once per burst of lines into an
    /// idle writer, never once per line.
    pub wake_ups: u64,
    /// CPU time the writer thread has used so far.
    pub writer_cpu: Duration,
}

impl WriterStats {
    /// Batches per line written: how many `write_lines` calls (each one
    /// `write` for the built-in sinks) a line cost on average.
    ///
    /// ```
    /// # let mut s = spoolog::sink::WriterStats::default();
    /// # s.lines_written = 100; s.writes = 2;
    /// assert_eq!(s.writes_per_line(), 0.02);
    /// ```
    pub fn writes_per_line(&self) -> f64 {
        if self.lines_written == 0 {
            0.0
        } else {
            self.writes as f64 / self.lines_written as f64
        }
    }
}

/// Builds a [`NonBlocking`] writer.
///
/// ```
/// use spoolog::sink::{Full, NonBlocking, WriterSink};
/// let (sink, guard) = NonBlocking::builder()
///     .capacity_bytes(256 * 1024)
///     .full(Full::Drop)
///     .spawn(WriterSink::new(std::io::sink()))?;
/// # drop((sink, guard));
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct NonBlockingBuilder {
    capacity_bytes: usize,
    capacity_lines: Option<u64>,
    full: Full,
    linger: Duration,
    close_timeout: Duration,
    thread_name: String,
}

impl Default for NonBlockingBuilder {
    fn default() -> NonBlockingBuilder {
        NonBlockingBuilder {
            capacity_bytes: DEFAULT_QUEUE_BYTES,
            capacity_lines: None,
            full: Full::Block,
            linger: Duration::from_millis(1),
            close_timeout: Duration::from_secs(10),
            thread_name: "spoolog-writer".into(),
        }
    }
}

impl NonBlockingBuilder {
    /// The most bytes queued or being written at once (default
    /// [`DEFAULT_QUEUE_BYTES`]; at least 1). Two buffers of this size are
    /// allocated when the writer starts, and written once then so that
    /// their memory is resident before the first line: logging threads
    /// never take the page faults of a fresh allocation.
    ///
    /// ```
    /// let _ = spoolog::sink::NonBlocking::builder().capacity_bytes(64 * 1024);
    /// ```
    pub fn capacity_bytes(mut self, bytes: usize) -> NonBlockingBuilder {
        self.capacity_bytes = bytes.max(1);
        self
    }

    /// Also bound the number of lines queued or being written (default: no
    /// bound besides the bytes).
    ///
    /// ```
    /// let _ = spoolog::sink::NonBlocking::builder().capacity_lines(10_000);
    /// ```
    pub fn capacity_lines(mut self, lines: u64) -> NonBlockingBuilder {
        self.capacity_lines = Some(lines.max(1));
        self
    }

    /// What happens when the queue is full (default [`Full::Block`]).
    ///
    /// ```
    /// let _ = spoolog::sink::NonBlocking::builder().full(spoolog::sink::Full::Drop);
    /// ```
    pub fn full(mut self, full: Full) -> NonBlockingBuilder {
        self.full = full;
        self
    }

    /// How long the writer waits for more lines after a batch before it
    /// sleeps (default 1 ms; zero: sleep at once, so every line logged
    /// into an idle writer costs the logging thread a wake-up call).
    ///
    /// ```
    /// let _ = spoolog::sink::NonBlocking::builder().linger(std::time::Duration::ZERO);
    /// ```
    pub fn linger(mut self, linger: Duration) -> NonBlockingBuilder {
        self.linger = linger;
        self
    }

    /// How long closing waits for the writer to deliver what is queued
    /// (default 10 s). Past it, closing gives up on a stuck destination and
    /// switches to synchronous writes anyway.
    ///
    /// ```
    /// let _ = spoolog::sink::NonBlocking::builder().close_timeout(std::time::Duration::from_secs(2));
    /// ```
    pub fn close_timeout(mut self, timeout: Duration) -> NonBlockingBuilder {
        self.close_timeout = timeout;
        self
    }

    /// The writer thread's name (default `spoolog-writer`).
    ///
    /// ```
    /// let _ = spoolog::sink::NonBlocking::builder().thread_name("log-writer");
    /// ```
    pub fn thread_name(mut self, name: impl Into<String>) -> NonBlockingBuilder {
        self.thread_name = name.into();
        self
    }

    /// Start the writer thread in front of `inner`. The guard closes the
    /// writer when dropped (keep it alive for as long as you log); for a
    /// logger installed globally use [`spawn_unguarded`](Self::spawn_unguarded)
    /// or [`Builder::non_blocking`](crate::logger::Builder::non_blocking)
    /// instead, and the exit hooks close it.
    ///
    /// ```
    /// let (sink, _guard) = spoolog::sink::NonBlocking::builder()
    ///     .spawn(spoolog::sink::WriterSink::new(std::io::sink()))?;
    /// let log = spoolog::Logger::builder().sink(sink).build();
    /// spoolog::info!(logger: &log, "queued");
    /// log.flush()?; // written and flushed
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn spawn(self, inner: impl Sink) -> io::Result<(NonBlocking, WriterGuard)> {
        let sink = self.spawn_unguarded(inner)?;
        let guard = WriterGuard {
            channel: Arc::clone(&sink.channel),
        };
        Ok((sink, guard))
    }

    /// Start the writer thread with no guard: it runs until
    /// [`Sink::close`] (which the global logger's exit hooks call).
    ///
    /// ```
    /// use spoolog::sink::Sink;
    /// let sink = spoolog::sink::NonBlocking::builder()
    ///     .spawn_unguarded(spoolog::sink::WriterSink::new(std::io::sink()))?;
    /// sink.write_line(b"x\n")?;
    /// sink.close()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn spawn_unguarded(self, inner: impl Sink) -> io::Result<NonBlocking> {
        let (sink, started) = self.start(inner);
        started.map(|()| sink)
    }

    /// The writer in front of `inner`; if its thread cannot be started, a
    /// sink that writes on the calling thread, and the reason.
    pub(crate) fn start(self, inner: impl Sink) -> (NonBlocking, io::Result<()>) {
        let channel = Arc::new(Channel {
            state: Mutex::new(State {
                front: queue::prefaulted(self.capacity_bytes + NOTICE_ROOM),
                front_lines: 0,
                in_flight_bytes: 0,
                in_flight_lines: 0,
                dropped_unreported: 0,
                flush_wanted: 0,
                flush_done: 0,
                failed_batches: 0,
                flush_failed: None,
                writer: Writer::Busy,
                producers_waiting: 0,
                mode: Mode::Running,
            }),
            wake_writer: Condvar::new(),
            room: Condvar::new(),
            done: Condvar::new(),
            inner: Box::new(inner),
            cfg: Config {
                capacity_bytes: self.capacity_bytes,
                capacity_lines: self.capacity_lines.unwrap_or(u64::MAX),
                full: self.full,
                linger: self.linger,
            },
            attachment: OnceLock::new(),
            writer_id: OnceLock::new(),
            handle: Mutex::new(None),
            counters: Counters::default(),
            close_timeout: self.close_timeout,
        });
        let ch = Arc::clone(&channel);
        let batch = queue::prefaulted(self.capacity_bytes + NOTICE_ROOM);
        let started = std::thread::Builder::new()
            .name(self.thread_name)
            .spawn(move || worker::run(ch, batch));
        let started = match started {
            Ok(handle) => {
                let _ = channel.writer_id.set(handle.thread().id());
                *channel.handle.lock().unwrap_or_else(|p| p.into_inner()) = Some(handle);
                Ok(())
            }
            Err(e) => {
                channel.lock().mode = Mode::Sync;
                Err(e)
            }
        };
        (NonBlocking { channel }, started)
    }
}

/// A [`Sink`] that queues lines for a background writer thread (see the
/// [module documentation](self) for the guarantees).
///
/// ```
/// use spoolog::sink::{Capture, NonBlocking};
/// use spoolog::{Format, Logger};
///
/// let cap = Capture::new();
/// let (sink, guard) = NonBlocking::new(cap.clone())?;
/// let log = Logger::builder().format(Format::Json).no_time().sink(sink).build();
/// for i in 0..1000 {
///     spoolog::info!(logger: &log, i; "queued");
/// }
/// log.flush()?;
/// assert_eq!(cap.lines().len(), 1000);
/// drop(guard); // writes anything left and stops the thread
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone)]
pub struct NonBlocking {
    channel: Arc<Channel>,
}

impl fmt::Debug for NonBlocking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NonBlocking")
            .field("capacity_bytes", &self.channel.cfg.capacity_bytes)
            .field("full", &self.channel.cfg.full)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

impl NonBlocking {
    /// The defaults (4 MiB, block when full) in front of `inner`.
    ///
    /// ```
    /// let (_sink, _guard) = spoolog::sink::NonBlocking::new(spoolog::sink::stderr())?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new(inner: impl Sink) -> io::Result<(NonBlocking, WriterGuard)> {
        NonBlocking::builder().spawn(inner)
    }

    /// A builder with the defaults.
    ///
    /// ```
    /// let _ = spoolog::sink::NonBlocking::builder();
    /// ```
    pub fn builder() -> NonBlockingBuilder {
        NonBlockingBuilder::default()
    }

    /// Lines dropped so far because the queue was full (drop policy).
    ///
    /// ```
    /// let (sink, _g) = spoolog::sink::NonBlocking::new(spoolog::sink::Capture::new())?;
    /// assert_eq!(sink.dropped(), 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn dropped(&self) -> u64 {
        self.stats().dropped
    }

    /// The writer's counters.
    ///
    /// ```
    /// use spoolog::sink::Sink;
    /// let (sink, _g) = spoolog::sink::NonBlocking::new(spoolog::sink::Capture::new())?;
    /// sink.write_line(b"a\n")?;
    /// sink.flush()?;
    /// assert_eq!(sink.stats().lines_written, 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn stats(&self) -> WriterStats {
        self.channel.counters.snapshot()
    }

    /// Queue `lines` (`n` whole lines).
    #[inline]
    fn put(&self, lines: &[u8], n: u64) -> Result<(), LinesError> {
        let ch = &*self.channel;
        let mut st = ch.lock();
        if ch.queue_fast(&mut st, lines, n) {
            return Ok(());
        }
        let (st, placed) = ch.offer(st, lines, n);
        match placed {
            Placed::Queued | Placed::Dropped => Ok(()),
            Placed::Direct => {
                // Written here with the lock held, so that nothing queued
                // later overtakes it.
                let result = ch.inner.write_lines(lines);
                drop(st);
                result
            }
        }
    }
}

impl Sink for NonBlocking {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        self.put(line, 1).map_err(|e| e.error)
    }

    fn write_lines(&self, lines: &[u8]) -> Result<(), LinesError> {
        self.put(lines, count_lines(lines))
    }

    fn flush(&self) -> io::Result<()> {
        let ch = &*self.channel;
        if ch
            .writer_id
            .get()
            .is_some_and(|id| *id == std::thread::current().id())
        {
            // The destination itself asked: the writer cannot wait for
            // itself. It flushes after the batch it is writing.
            return Ok(());
        }
        match ch.wait_flushed(None) {
            Ok(false) => {
                if ch.lock().mode == Mode::Sync {
                    ch.inner.flush()
                } else {
                    Ok(())
                }
            }
            Ok(true) => Err(io::Error::other(
                "lines were lost or the flush failed while flushing (see the error handler)",
            )),
            Err(()) => Err(io::ErrorKind::TimedOut.into()),
        }
    }

    fn is_terminal(&self) -> bool {
        self.channel.inner.is_terminal()
    }

    fn encoder(&self) -> Option<crate::encode::Encoder> {
        self.channel.inner.encoder()
    }

    fn attach(&self, logger: &Attachment) {
        let _ = self.channel.attachment.set(logger.clone());
        self.channel.inner.attach(logger);
    }

    fn close(&self) -> io::Result<()> {
        self.channel.close()
    }
}

/// Closes a [`NonBlocking`] writer when dropped: everything queued is
/// written and flushed, the thread stops, and the sink writes on the
/// calling thread from then on (nothing logged later is lost).
///
/// ```
/// let (sink, guard) = spoolog::sink::NonBlocking::new(spoolog::sink::Capture::new())?;
/// drop(guard);
/// # drop(sink);
/// # Ok::<(), std::io::Error>(())
/// ```
#[must_use = "dropping the guard stops the background writer at once"]
pub struct WriterGuard {
    channel: Arc<Channel>,
}

impl fmt::Debug for WriterGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WriterGuard").finish_non_exhaustive()
    }
}

impl WriterGuard {
    /// Close now and say whether everything was delivered.
    ///
    /// ```
    /// let (_sink, guard) = spoolog::sink::NonBlocking::new(spoolog::sink::Capture::new())?;
    /// guard.close()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn close(self) -> io::Result<()> {
        self.channel.close()
    }
}

impl Drop for WriterGuard {
    fn drop(&mut self) {
        let _ = self.channel.close();
    }
}

impl Channel {
    /// Deliver everything, stop the writer (waiting at most the close
    /// timeout), and switch to synchronous writes.
    fn close(&self) -> io::Result<()> {
        let on_writer = self
            .writer_id
            .get()
            .is_some_and(|id| *id == std::thread::current().id());
        let deadline = Instant::now() + self.close_timeout;
        let mut st = self.lock();
        if st.mode == Mode::Running {
            st.mode = Mode::Closing;
            self.wake_writer.notify_one();
        }
        if !on_writer {
            while st.mode != Mode::Sync {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    // A stuck destination: stop waiting, write directly.
                    st.mode = Mode::Sync;
                    self.room.notify_all();
                    self.done.notify_all();
                    drop(st);
                    return Err(io::ErrorKind::TimedOut.into());
                }
                st = self
                    .done
                    .wait_timeout(st, left)
                    .unwrap_or_else(|p| p.into_inner())
                    .0;
            }
        }
        drop(st);
        if !on_writer {
            let handle = self.handle.lock().unwrap_or_else(|p| p.into_inner()).take();
            if let Some(h) = handle {
                let _ = h.join();
            }
        }
        self.inner.close()
    }
}
