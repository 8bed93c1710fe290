//! Records exported as OpenTelemetry logs over OTLP/HTTP (protobuf),
//! through the background writer.
//!
//! ```text
//! cargo run --features otlp --example otlp                   # a receiver in this process
//! cargo run --features otlp --example otlp -- http://127.0.0.1:4318/v1/logs
//! ```
//!
//! With an endpoint (an OpenTelemetry Collector's `otlphttp` receiver, say)
//! records go there. Without one, the example starts a small receiver on
//! loopback that counts the records it is sent, so that it runs anywhere.

use spoolog::sink::{NonBlocking, Otlp};
use spoolog::Logger;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

fn main() -> std::io::Result<()> {
    let (endpoint, received) = match std::env::args().nth(1) {
        Some(url) => (url, None),
        None => {
            let (url, n) = local_receiver()?;
            (url, Some(n))
        }
    };
    let otlp = Otlp::builder()
        .endpoint(&endpoint)
        .service_name("spoolog-example")
        .resource_attribute("deployment.environment.name", "dev")
        .build()?;
    let stats = otlp.clone();
    let log = Logger::builder()
        .sink(otlp)
        .non_blocking(NonBlocking::builder())
        .build();
    let ctx = log.with(&[
        spoolog::Field::new("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"),
        spoolog::Field::new("span_id", "00f067aa0ba902b7"),
    ]);
    for i in 0..1000u64 {
        spoolog::info!(logger: &ctx, target: "app::server", method = "GET", status = 200, latency_us = i; "request handled");
    }
    spoolog::warn!(logger: &log, target: "app::db", query_ms = 950.5; "slow query");
    log.flush()?;
    let s = stats.stats();
    println!(
        "sent to {endpoint}: {} records in {} requests ({} retries, {} lost)",
        s.records_sent, s.requests, s.retries, s.records_lost
    );
    if let Some(n) = received {
        println!(
            "the local receiver counted {} records",
            n.load(Ordering::SeqCst)
        );
    }
    Ok(())
}

/// A loopback receiver: reads each request, counts its records by their
/// tag (`ScopeLogs.log_records`, the only repeated field at that depth
/// that spoolog sends), answers 200.
fn local_receiver() -> std::io::Result<(String, Arc<AtomicU64>)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}/v1/logs", listener.local_addr()?);
    let count = Arc::new(AtomicU64::new(0));
    let c = Arc::clone(&count);
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten() {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 65536];
            loop {
                let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
                    match conn.read(&mut chunk) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                    continue;
                };
                let head = String::from_utf8_lossy(&buf[..end]).to_string();
                let len: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("Content-Length: "))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                while buf.len() < end + 4 + len {
                    match conn.read(&mut chunk) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                c.fetch_add(records(&buf[end + 4..end + 4 + len]), Ordering::SeqCst);
                buf.drain(..end + 4 + len);
                let ok = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
                if conn.write_all(ok).is_err() {
                    break;
                }
            }
        }
    });
    Ok((url, count))
}

/// Records in a request: walk `resource_logs` (1) → `scope_logs` (2) →
/// `log_records` (2).
fn records(body: &[u8]) -> u64 {
    fn fields(mut m: &[u8], want: u64, f: &mut dyn FnMut(&[u8])) {
        let varint = |b: &[u8]| -> (u64, usize) {
            let mut v = 0u64;
            for (i, &x) in b.iter().enumerate().take(10) {
                v |= u64::from(x & 0x7f) << (7 * i);
                if x < 0x80 {
                    return (v, i + 1);
                }
            }
            (0, b.len())
        };
        while !m.is_empty() {
            let (key, n) = varint(m);
            m = &m[n..];
            match key & 7 {
                0 => m = &m[varint(m).1..],
                1 => m = &m[8.min(m.len())..],
                5 => m = &m[4.min(m.len())..],
                2 => {
                    let (len, n) = varint(m);
                    let end = (n + len as usize).min(m.len());
                    if key >> 3 == want {
                        f(&m[n..end]);
                    }
                    m = &m[end..];
                }
                _ => return,
            }
        }
    }
    let mut n = 0;
    fields(body, 1, &mut |rl| {
        fields(rl, 2, &mut |sl| fields(sl, 2, &mut |_| n += 1))
    });
    n
}
