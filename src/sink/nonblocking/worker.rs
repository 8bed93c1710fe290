//! The writer thread.

use super::queue::{Channel, Mode, Writer, NOTICE_ROOM};
use crate::level::Level;
use crate::sink::{LinesError, SinkError};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;

/// Take everything queued, write it in one call, repeat; sleep when there
/// is nothing to do. Runs until the channel is closed and drained.
/// `batch` is the writer's own buffer, of the channel's capacity (made by
/// the builder, so that its memory is mapped before the first line).
pub(super) fn run(ch: Arc<Channel>, mut batch: Vec<u8>) {
    #[cfg(target_os = "linux")]
    ch.counters.writer_tid.store(
        rustix::thread::gettid().as_raw_nonzero().get() as u64,
        Relaxed,
    );
    let mut notice: Vec<u8> = Vec::with_capacity(NOTICE_ROOM);
    let mut just_wrote = false;
    let mut st = ch.lock();
    loop {
        // Wait for lines, a flush, dropped lines to report, or close.
        loop {
            let idle = st.front.is_empty()
                && st.dropped_unreported == 0
                && st.flush_wanted == st.flush_done;
            if !idle || st.mode != Mode::Running {
                break;
            }
            if just_wrote && !ch.cfg.linger.is_zero() {
                // Stay awake a moment: lines that arrive now need no
                // wake-up call from the logging thread.
                st.writer = Writer::Lingering;
                st = ch
                    .wake_writer
                    .wait_timeout(st, ch.cfg.linger)
                    .unwrap_or_else(|p| p.into_inner())
                    .0;
                just_wrote = false;
            } else {
                st.writer = Writer::Sleeping;
                st = ch.wake_writer.wait(st).unwrap_or_else(|p| p.into_inner());
            }
            st.writer = Writer::Busy;
        }
        // Right after a batch, a few lines are waiting: gather more for up
        // to `linger` (or until the buffer is half full, a flush is asked
        // for, or a caller waits for room) rather than write a small batch
        // — at high rates this is what keeps writes per line low.
        if just_wrote
            && !ch.cfg.linger.is_zero()
            && st.front.len() < ch.cfg.capacity_bytes / 8
            && st.flush_wanted == st.flush_done
            && st.dropped_unreported == 0
            && st.producers_waiting == 0
            && st.mode == Mode::Running
        {
            st.writer = Writer::Lingering;
            st = ch
                .wake_writer
                .wait_timeout(st, ch.cfg.linger)
                .unwrap_or_else(|p| p.into_inner())
                .0;
            st.writer = Writer::Busy;
        }
        let idle =
            st.front.is_empty() && st.dropped_unreported == 0 && st.flush_wanted == st.flush_done;
        if idle && st.mode != Mode::Running {
            break; // closing, and everything is out
        }
        // Take the batch.
        std::mem::swap(&mut st.front, &mut batch);
        let lines = std::mem::take(&mut st.front_lines);
        st.in_flight_bytes = batch.len();
        st.in_flight_lines = lines;
        let dropped = std::mem::take(&mut st.dropped_unreported);
        let ticket = st.flush_wanted;
        let flush = ticket > st.flush_done;
        drop(st);

        let mut batch_lines = lines;
        if dropped > 0 {
            notice.clear();
            dropped_notice(&ch, &mut notice, dropped);
            batch.extend_from_slice(&notice); // within the reserved room
            batch_lines += 1;
        }
        let failed = !batch.is_empty() && !write_batch(&ch, &batch, batch_lines);
        if dropped > 0 {
            report(&ch, SinkError::Dropped(dropped), dropped);
        }
        let flush_failed = if flush {
            match catch_unwind(AssertUnwindSafe(|| ch.inner.flush())) {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(e.kind()),
                Err(_) => Some(std::io::ErrorKind::Other),
            }
        } else {
            None
        };
        batch.clear();
        note_cpu(&ch);

        st = ch.lock();
        st.in_flight_bytes = 0;
        st.in_flight_lines = 0;
        if failed {
            st.failed_batches += 1;
        }
        if flush && ticket > st.flush_done {
            st.flush_done = ticket;
            st.flush_failed = flush_failed;
            ch.done.notify_all();
        }
        if st.producers_waiting > 0 {
            ch.room.notify_all();
        }
        just_wrote = true;
    }
    // Closed and drained: from now on lines are written synchronously.
    st.mode = Mode::Sync;
    st.writer = Writer::Busy;
    ch.done.notify_all();
    ch.room.notify_all();
}

/// Hand one batch of `lines` lines to the destination; false if any of it
/// failed.
fn write_batch(ch: &Channel, batch: &[u8], lines: u64) -> bool {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // Lines the destination logs through the same logger are refused,
        // as on the synchronous path.
        let _scope = ch.attachment.get().and_then(|a| a.enter_sink());
        ch.inner.write_lines(batch)
    }));
    ch.counters.writes.fetch_add(1, Relaxed);
    match result {
        Ok(Ok(())) => {
            ch.counters.lines.fetch_add(lines, Relaxed);
            ch.counters.bytes.fetch_add(batch.len() as u64, Relaxed);
            if let Some(a) = ch.attachment.get() {
                a.report_success();
            }
            true
        }
        Ok(Err(LinesError { lost, error })) => {
            ch.counters
                .lines
                .fetch_add(lines.saturating_sub(lost), Relaxed);
            report(ch, SinkError::Io(error), lost);
            false
        }
        Err(_) => {
            report(ch, SinkError::Panicked, lines);
            false
        }
    }
}

fn report(ch: &Channel, error: SinkError, lost: u64) {
    match ch.attachment.get() {
        Some(a) => a.report(error, lost),
        None => {
            // Not behind a logger: nobody to tell but standard error.
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "spoolog: background writer: {error}");
        }
    }
}

/// `spoolog dropped N lines`, in the logger's format when there is one.
fn dropped_notice(ch: &Channel, buf: &mut Vec<u8>, n: u64) {
    match ch.attachment.get() {
        Some(a) => a.notice(
            buf,
            Level::Warn,
            format_args!("spoolog dropped {n} lines"),
            &[crate::Field::new("dropped", &n)],
        ),
        None => match ch.inner.encoder() {
            // A destination that speaks a protocol (journald, OTLP) takes
            // only records in its own framing: a plain line would not be
            // one.
            Some(enc) => {
                let head = crate::encode::Head {
                    time: None,
                    level: Level::Warn,
                    target: "spoolog",
                    message: format_args!("spoolog dropped {n} lines"),
                };
                enc.encode(buf, &head, &[crate::Field::new("dropped", &n)]);
            }
            None => {
                use std::io::Write;
                let _ = writeln!(buf, "spoolog dropped {n} lines");
            }
        },
    }
}

/// The writer thread's CPU time so far, for [`WriterStats`](super::WriterStats).
fn note_cpu(ch: &Channel) {
    #[cfg(unix)]
    {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
        let ns = (t.tv_sec as u64)
            .saturating_mul(1_000_000_000)
            .saturating_add(t.tv_nsec as u64);
        ch.counters.writer_cpu_ns.store(ns, Relaxed);
    }
    #[cfg(not(unix))]
    let _ = ch;
}
