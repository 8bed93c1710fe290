//! Warm `Pool::get()` + drop against a fresh `Vec::with_capacity(256)` + drop.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use spoolog::pool::Pool;

fn bench_pool(c: &mut Criterion) {
    let mut g = c.benchmark_group("pool");

    let pool = Pool::byte_buffers(256, 64 * 1024);
    drop(pool.get()); // warm
    g.bench_function("warm_get_drop", |b| {
        b.iter(|| {
            let mut buf = pool.get();
            buf.push(black_box(b'x'));
            black_box(&*buf);
        })
    });

    g.bench_function("warm_get_nested_drop", |b| {
        b.iter(|| {
            let mut outer = pool.get();
            let mut inner = pool.get();
            inner.push(black_box(b'y'));
            outer.push(black_box(b'x'));
            black_box((&*outer, &*inner));
        })
    });

    g.bench_function("vec_with_capacity_256_drop", |b| {
        b.iter(|| {
            let mut buf: Vec<u8> = Vec::with_capacity(black_box(256));
            buf.push(black_box(b'x'));
            black_box(&buf);
        })
    });

    // W1-sized work between get and drop: what a log call does.
    const LINE: &[u8] = b"14:23:32 : some log message";
    g.bench_function("w1_line_pooled", |b| {
        b.iter(|| {
            let mut buf = pool.get();
            buf.extend_from_slice(black_box(LINE));
            black_box(&*buf);
        })
    });
    g.bench_function("w1_line_fresh_vec_256", |b| {
        b.iter(|| {
            let mut buf: Vec<u8> = Vec::with_capacity(black_box(256));
            buf.extend_from_slice(black_box(LINE));
            black_box(&buf);
        })
    });

    g.finish();
}

criterion_group!(benches, bench_pool);
criterion_main!(benches);
