//! W2 through the logger `N` times (argv[1]) into a byte-counting sink,
//! made with the JSON encoder (argv[2] = `json`) or with the syslog sink's
//! RFC 5424 encoder (`syslog`), for instruction counts under callgrind: the
//! cost of making a syslog record next to a JSON line, without any I/O.
//!
//! ```text
//! cargo build --release --example callgrind_syslog
//! valgrind --tool=callgrind --callgrind-out-file=cg.out target/release/examples/callgrind_syslog 100000 syslog
//! ```
//!
//! Run it with two different `N` and divide the difference in instructions
//! by the difference in `N` to cancel start-up and set-up.

#[cfg(unix)]
fn main() {
    use spoolog::encode::Encoder;
    use spoolog::logger::ColorChoice;
    use spoolog::sink::{Sink, Syslog};
    use spoolog::{Format, Logger, TimeLayout};
    use std::hint::black_box;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;

    /// Counts bytes, throws them away; gives the logger `encoder`.
    struct CountingSink(AtomicU64, Option<Encoder>);

    impl Sink for CountingSink {
        fn write_line(&self, line: &[u8]) -> std::io::Result<()> {
            self.0.fetch_add(line.len() as u64, Ordering::Relaxed);
            Ok(())
        }
        fn encoder(&self) -> Option<Encoder> {
            self.1.clone()
        }
    }

    let mut args = std::env::args().skip(1);
    let n: u64 = args
        .next()
        .map_or(1_000_000, |a| a.parse().expect("usage: N [json|syslog]"));
    let encoder = match args.next().as_deref() {
        None | Some("syslog") => Syslog::udp("127.0.0.1:9")
            .hostname("web-1")
            .app_name("api")
            .procid("4242")
            .build()
            .expect("syslog sink")
            .encoder(),
        Some("json") => None,
        Some(other) => panic!("unknown encoder {other}"),
    };
    let sink = Arc::new(CountingSink(AtomicU64::new(0), encoder));
    let log = Logger::builder()
        .format(Format::Json)
        .time(TimeLayout::rfc3339(6))
        .color(ColorChoice::Never)
        .sink(Arc::clone(&sink))
        .build();
    const METHODS: [&str; 2] = ["GET", "PUT"];
    const PATHS: [&str; 2] = ["/api/v1/users/42", "/api/v1/users/43"];
    for i in 0..n {
        let i = black_box(i);
        let k = (i & 1) as usize;
        let (method, path) = (METHODS[k], PATHS[k]);
        let status = 200 + (i % 4) * 100;
        let latency_us = 1234 + i % 8000;
        let cache_hit = i != u64::MAX;
        spoolog::info!(logger: &log, target: "app::server", method, path, status, latency_us,
            cache_hit; "request handled");
    }
    let bytes = sink.0.load(Ordering::Relaxed);
    eprintln!(
        "{n} records, {bytes} bytes, {:.1} bytes/record",
        bytes as f64 / n.max(1) as f64
    );
}

#[cfg(not(unix))]
fn main() {}
