//! W7, OTLP half (WORKLOADS.md): W2 handed over OTLP/HTTP (protobuf) to a
//! receiver on loopback, through `NonBlocking` and spoolog's `Otlp` sink.
//!
//! The receiver runs in this process, on its own threads: it reads each
//! request (head, `Content-Length` body), counts the `LogRecord`s in it by
//! walking the protobuf (`ExportLogsServiceRequest` → `ResourceLogs` →
//! `ScopeLogs` → `log_records`), and answers `200` with an empty body.
//!
//! Reported, in one run:
//! - the in-memory W2 median (JSON into a counting sink) as the baseline,
//!   and W2 encoded as OTLP records into the same counting sink (the
//!   encoder's cost without any hand-off);
//! - front-end ns per call through the non-blocking writer into OTLP: in
//!   bursts of 2,000 calls that fit the queue (drained untimed between
//!   bursts) and in a tight loop (saturation: the caller waits for the
//!   writer);
//! - sustained records per second from the first call until the receiver
//!   has counted every record, with the requests made, records per
//!   request, protobuf bytes per record and the writer thread's CPU time.
//!
//! Run: `cargo bench --manifest-path benches/compare/Cargo.toml --bench w7_otlp`
//! (`W7_LINES=300000` records per sustained run by default). Results also
//! go to `target/spoolog-bench/w7_otlp.json`.

use criterion::Criterion;
use serde_json::{json, Value as Json};
use spoolog::sink::{NonBlocking, Otlp, Sink};
use spoolog::{Format, LevelFilter, Logger, TimeLayout};
use spoolog_compare::imps::TARGET;
use spoolog_compare::{Out, Req};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[inline(always)]
fn w2(log: &Logger, i: u64) {
    let r = Req::at(i);
    spoolog::info!(logger: log, target: TARGET, method = r.method, path = r.path,
        status = r.status, latency_us = r.latency_us, cache_hit = r.cache_hit; "request handled");
}

fn logger(sink: impl Sink) -> Logger {
    Logger::builder()
        .format(Format::Json)
        .level(LevelFilter::Info)
        .time(TimeLayout::rfc3339(6))
        .sink(sink)
        .build()
}

/// The counting sink, with the OTLP sink's encoder: records are made as
/// OTLP `LogRecord`s and thrown away.
struct OtlpInMemory {
    out: Out,
    encoder: spoolog::encode::Encoder,
}

impl Sink for OtlpInMemory {
    fn write_line(&self, line: &[u8]) -> std::io::Result<()> {
        self.out.write_line(line)
    }
    fn encoder(&self) -> Option<spoolog::encode::Encoder> {
        Some(self.encoder.clone())
    }
}

/// What the receiver has seen.
#[derive(Default)]
struct Counts {
    records: AtomicU64,
    requests: AtomicU64,
    body_bytes: AtomicU64,
}

/// A loopback OTLP/HTTP receiver that counts records.
fn receiver() -> (SocketAddr, Arc<Counts>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().unwrap();
    let counts = Arc::new(Counts::default());
    let c = Arc::clone(&counts);
    std::thread::Builder::new()
        .name("w7-receiver".into())
        .spawn(move || {
            for conn in listener.incoming().flatten() {
                let c = Arc::clone(&c);
                std::thread::spawn(move || serve(conn, &c));
            }
        })
        .unwrap();
    (addr, counts)
}

fn serve(mut conn: TcpStream, counts: &Counts) {
    let mut buf = Vec::with_capacity(8 << 20);
    let mut chunk = vec![0u8; 256 * 1024];
    loop {
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            match conn.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = std::str::from_utf8(&buf[..head_end]).expect("head");
        let len: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .expect("length")
            .parse()
            .unwrap();
        let start = head_end + 4;
        while buf.len() < start + len {
            match conn.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let n = count_records(&buf[start..start + len]).expect("a valid request");
        buf.drain(..start + len);
        let ok =
            b"HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n";
        if conn.write_all(ok).is_err() {
            return;
        }
        counts.body_bytes.fetch_add(len as u64, Ordering::Relaxed);
        counts.requests.fetch_add(1, Ordering::Relaxed);
        counts.records.fetch_add(n, Ordering::Relaxed);
    }
}

fn varint(b: &[u8]) -> Option<(u64, usize)> {
    let mut v = 0u64;
    for (i, &x) in b.iter().take(10).enumerate() {
        v |= u64::from(x & 0x7f) << (7 * i);
        if x < 0x80 {
            return Some((v, i + 1));
        }
    }
    None
}

/// The length-delimited fields numbered `field` of message `m`.
fn each_len_field<'a>(mut m: &'a [u8], field: u64, mut f: impl FnMut(&'a [u8])) -> Option<()> {
    while !m.is_empty() {
        let (key, n) = varint(m)?;
        m = &m[n..];
        match key & 7 {
            0 => m = &m[varint(m)?.1..],
            1 => m = m.get(8..)?,
            5 => m = m.get(4..)?,
            2 => {
                let (len, n) = varint(m)?;
                let body = m.get(n..n + len as usize)?;
                if key >> 3 == field {
                    f(body);
                }
                m = &m[n + len as usize..];
            }
            _ => return None,
        }
    }
    Some(())
}

/// LogRecords in an `ExportLogsServiceRequest`.
fn count_records(body: &[u8]) -> Option<u64> {
    let mut n = 0;
    let mut ok = true;
    each_len_field(body, 1, |rl| {
        ok &= each_len_field(rl, 2, |sl| {
            ok &= each_len_field(sl, 2, |_| n += 1).is_some();
        })
        .is_some();
    })?;
    ok.then_some(n)
}

fn otlp_logger(addr: SocketAddr) -> (Logger, Otlp, NonBlocking) {
    let otlp = Otlp::builder()
        .endpoint(format!("http://{addr}/v1/logs"))
        .service_name("w7")
        .build()
        .expect("otlp");
    let nb = NonBlocking::builder()
        .spawn_unguarded(otlp.clone())
        .expect("writer");
    (logger(nb.clone()), otlp, nb)
}

/// Lines per timed burst: well below the writer's queue capacity.
const BURST: u64 = 2_000;

fn bursts(iters: u64, mut call: impl FnMut(u64), mut drain: impl FnMut()) -> Duration {
    let mut total = Duration::ZERO;
    let mut done = 0;
    while done < iters {
        let n = (iters - done).min(BURST);
        let start = Instant::now();
        for i in done..done + n {
            call(i);
        }
        total += start.elapsed();
        done += n;
        drain();
    }
    total
}

fn wait_for(counts: &Counts, n: u64) {
    while counts.records.load(Ordering::Relaxed) < n {
        std::thread::sleep(Duration::from_micros(200));
    }
}

fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("target"))
}

fn median(group: &str) -> Option<f64> {
    let dir = match std::env::var_os("CRITERION_HOME") {
        Some(d) => PathBuf::from(d),
        None => target_dir().join("criterion"),
    };
    let f = dir.join(group).join("new/estimates.json");
    let v: Json = serde_json::from_str(&std::fs::read_to_string(f).ok()?).ok()?;
    v["median"]["point_estimate"].as_f64()
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let n: u64 = std::env::var("W7_LINES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300_000);

    let mem_out = Out::counting();
    let mem = logger(mem_out.clone());
    c.bench_function("W7/mem/spoolog-W2-in-memory", |b| {
        let mut i = 0u64;
        b.iter(|| {
            i += 1;
            w2(&mem, i)
        })
    });
    let json_bytes = {
        let before = mem_out.bytes();
        w2(&mem, 7);
        mem_out.bytes() - before
    };

    let proto_out = Out::counting();
    let encoder = Otlp::builder().build().expect("otlp").encoder();
    let proto_mem = logger(OtlpInMemory {
        out: proto_out.clone(),
        encoder: encoder.expect("an OTLP encoder"),
    });
    c.bench_function("W7/mem/spoolog-W2-otlp-records-in-memory", |b| {
        let mut i = 0u64;
        b.iter(|| {
            i += 1;
            w2(&proto_mem, i)
        })
    });
    let proto_bytes = {
        let before = proto_out.bytes();
        w2(&proto_mem, 7);
        proto_out.bytes() - before
    };

    let (addr, counts) = receiver();
    {
        let (log, _otlp, nb) = otlp_logger(addr);
        c.bench_function("W7-burst/otlp/spoolog", |b| {
            b.iter_custom(|iters| bursts(iters, |i| w2(&log, i), || log.flush().unwrap()))
        });
        c.bench_function("W7-loop/otlp/spoolog", |b| {
            let mut i = 0u64;
            b.iter(|| {
                i += 1;
                w2(&log, i)
            })
        });
        log.flush().unwrap();
        assert_eq!(log.lost(), 0, "nothing lost while timing");
        nb.close().unwrap();
    }
    c.final_summary();

    // Sustained: from the first call until the receiver counted them all.
    let mut rows = Vec::new();
    for run in 0..3 {
        let (log, otlp, nb) = otlp_logger(addr);
        let base = counts.records.load(Ordering::Relaxed);
        let req0 = counts.requests.load(Ordering::Relaxed);
        let bytes0 = counts.body_bytes.load(Ordering::Relaxed);
        let start = Instant::now();
        for i in 0..n {
            w2(&log, i);
        }
        wait_for(&counts, base + n);
        let secs = start.elapsed().as_secs_f64();
        let requests = counts.requests.load(Ordering::Relaxed) - req0;
        let bytes = counts.body_bytes.load(Ordering::Relaxed) - bytes0;
        let stats = nb.stats();
        assert_eq!((log.lost(), otlp.stats().records_lost), (0, 0));
        nb.close().unwrap();
        rows.push(json!({
            "run": run, "records": n, "records_per_sec": n as f64 / secs,
            "requests": requests, "records_per_request": n as f64 / requests as f64,
            "body_bytes_per_record": bytes as f64 / n as f64,
            "writer_cpu_ms": stats.writer_cpu.as_secs_f64() * 1e3,
            "caller_waits": stats.caller_waits,
        }));
    }

    let mem_ns = median("W7_mem_spoolog-W2-in-memory");
    let proto_ns = median("W7_mem_spoolog-W2-otlp-records-in-memory");
    let burst = median("W7-burst_otlp_spoolog");
    let tight = median("W7-loop_otlp_spoolog");
    let ratio = |t: Option<f64>| match (t, mem_ns) {
        (Some(t), Some(m)) => format!("{:.2}", t / m),
        _ => "n/a".into(),
    };
    let ns = |t: Option<f64>| t.map_or("n/a".into(), |t| format!("{t:.1}"));
    println!();
    println!("| path | ns/call (median) | × in-memory W2 |");
    println!("|---|---:|---:|");
    println!(
        "| in-memory W2 (JSON, {json_bytes} bytes/line) | {} | 1.00 |",
        ns(mem_ns)
    );
    println!(
        "| W2 as OTLP records, in memory ({proto_bytes} bytes/record) | {} | {} |",
        ns(proto_ns),
        ratio(proto_ns)
    );
    println!(
        "| NonBlocking → OTLP, bursts of {BURST} | {} | {} |",
        ns(burst),
        ratio(burst)
    );
    println!(
        "| NonBlocking → OTLP, tight loop | {} | {} |",
        ns(tight),
        ratio(tight)
    );
    println!();
    println!("| run | records | records/s until the receiver has all | requests | records/request | protobuf bytes/record | writer CPU ms | caller waits |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {:.0} | {} | {:.0} | {:.1} | {:.1} | {} |",
            r["run"],
            r["records"],
            r["records_per_sec"].as_f64().unwrap(),
            r["requests"],
            r["records_per_request"].as_f64().unwrap(),
            r["body_bytes_per_record"].as_f64().unwrap(),
            r["writer_cpu_ms"].as_f64().unwrap(),
            r["caller_waits"],
        );
    }
    let out = json!({
        "mem_w2_ns": mem_ns, "json_bytes_per_line": json_bytes,
        "mem_otlp_record_ns": proto_ns, "otlp_bytes_per_record": proto_bytes,
        "burst_median_ns": burst, "loop_median_ns": tight, "sustained": rows,
    });
    let dir = target_dir().join("spoolog-bench");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("w7_otlp.json");
    match std::fs::write(&path, serde_json::to_string_pretty(&out).unwrap()) {
        Ok(()) => println!("\nwrote {}", path.display()),
        Err(e) => eprintln!("could not write {}: {e}", path.display()),
    }
}
