//! How a finished line gets from a logging thread to a background writer:
//! the two designs `shared/DESIGN.md` names, measured on the same 190-byte
//! W2 line, producer side, in bursts that fit the queue (so the producer
//! never waits for the writer: this is the hand-off alone).
//!
//! - `pooled-mpsc`: the pooled buffer itself goes through a bounded
//!   channel (`std::sync::mpsc::sync_channel`); the writer writes it and
//!   drops it, and the buffer comes home through the pool's cross-thread
//!   return path (the spill list).
//! - `double-buffer`: what `spoolog::sink::NonBlocking` does — the line is
//!   copied into one shared buffer under a mutex; the writer swaps buffers
//!   and writes everything at once.
//!
//! (The third shape, per-thread byte rings, is not measured: see
//! `docs/architecture.md` for why it was not built.)
//!
//! Run: `cargo bench --manifest-path benches/compare/Cargo.toml --bench handoff`

use criterion::{criterion_group, criterion_main, Criterion};
use spoolog::pool::{Pool, PoolGuard};
use spoolog::sink::{NonBlocking, Sink, WriterSink};
use std::hint::black_box;
use std::io::Write;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Condvar, LazyLock, Mutex};
use std::time::{Duration, Instant};

const LINE: &[u8] = br#"{"ts":"2026-11-27T14:23:32.123456Z","level":"INFO","target":"app::server","msg":"request handled","method":"GET","path":"/api/v1/users/42","status":200,"latency_us":1234,"cache_hit":true}
"#;

/// Lines per timed burst: well below both queues' capacity.
const BURST: u64 = 2_000;

static POOL: LazyLock<Pool<Vec<u8>>> = LazyLock::new(|| {
    Pool::byte_buffers_builder(512, 64 * 1024)
        .spill(8192)
        .build()
});

/// Counts lines the writer has written, so a burst can be waited for.
#[derive(Default)]
struct Written {
    n: Mutex<u64>,
    cv: Condvar,
}

impl Written {
    fn add(&self, k: u64) {
        *self.n.lock().unwrap() += k;
        self.cv.notify_all();
    }
    fn wait_for(&self, target: u64) {
        let mut n = self.n.lock().unwrap();
        while *n < target {
            n = self.cv.wait(n).unwrap();
        }
    }
}

/// The writer side of `pooled-mpsc`: drain what is there, write each
/// buffer, drop it (home through the spill list).
fn mpsc_writer(rx: Receiver<PoolGuard<'static, Vec<u8>>>, written: Arc<Written>) {
    let mut sink = std::io::sink();
    while let Ok(first) = rx.recv() {
        let mut k = 1;
        let _ = sink.write_all(&first);
        drop(first);
        while let Ok(next) = rx.try_recv() {
            let _ = sink.write_all(&next);
            drop(next);
            k += 1;
        }
        written.add(k);
    }
}

fn handoff(c: &mut Criterion) {
    let mut g = c.benchmark_group("handoff");

    // pooled buffers through a channel
    let (tx, rx): (SyncSender<PoolGuard<'static, Vec<u8>>>, _) = sync_channel(16_384);
    let written = Arc::new(Written::default());
    let w2 = Arc::clone(&written);
    let writer = std::thread::spawn(move || mpsc_writer(rx, w2));
    let mut sent = 0u64;
    g.bench_function("pooled-mpsc", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut left = iters;
            while left > 0 {
                let n = left.min(BURST);
                let start = Instant::now();
                for _ in 0..n {
                    let mut buf = POOL.get();
                    buf.extend_from_slice(black_box(LINE));
                    let _ = tx.send(buf);
                }
                total += start.elapsed();
                sent += n;
                written.wait_for(sent);
                left -= n;
            }
            total
        })
    });
    drop(tx);
    writer.join().unwrap();

    // one shared buffer, swapped by the writer
    let (nb, guard) = NonBlocking::new(WriterSink::new(std::io::sink())).unwrap();
    g.bench_function("double-buffer", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut left = iters;
            while left > 0 {
                let n = left.min(BURST);
                let start = Instant::now();
                for _ in 0..n {
                    let _ = nb.write_line(black_box(LINE));
                }
                total += start.elapsed();
                nb.flush().unwrap();
                left -= n;
            }
            total
        })
    });
    drop(guard);
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = handoff
}
criterion_main!(benches);
