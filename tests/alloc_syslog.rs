//! A record through the syslog sink allocates nothing once warm: the
//! encoder on the logging thread, and the transports (UDP and Unix
//! datagrams, TCP with its kept window in steady state, and TCP behind the
//! background writer).
#[global_allocator]
static ALLOC: spoolog::testing::Alloc = spoolog::testing::Alloc;

#[cfg(unix)]
fn main() {
    use spoolog::sink::{NonBlocking, Syslog};
    use spoolog::Logger;
    use std::io::{Read, Write};
    use std::net::{TcpListener, UdpSocket};
    use std::os::unix::net::UnixDatagram;

    let _profiler = spoolog::testing::start();
    let w2 = |log: &Logger, i: u64| {
        spoolog::info!(logger: log, target: "app::server", method = "GET", path = "/api/v1/users/42",
            status = 200, latency_us = i, cache_hit = true; "request handled");
    };

    let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
    let sink = Syslog::udp(udp.local_addr().unwrap().to_string())
        .build()
        .unwrap();
    let log = Logger::builder().sink(sink).build();
    let mut i = 0;
    spoolog::testing::assert_no_allocs("a record over UDP", 100, 500, || {
        i += 1;
        w2(&log, i);
    });

    let dir = std::env::temp_dir().join(format!("spoolog-alloc-syslog-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("log.sock");
    let server = UnixDatagram::bind(&path).unwrap();
    let drain = std::thread::spawn(move || {
        let mut buf = vec![0u8; 4096];
        while let Ok(n) = server.recv(&mut buf) {
            if n == 4 {
                break; // "stop"
            }
        }
    });
    let sink = Syslog::unix(&path).build().unwrap();
    let log = Logger::builder().sink(sink).build();
    spoolog::testing::assert_no_allocs("a record to a Unix socket", 100, 500, || {
        i += 1;
        w2(&log, i);
    });
    UnixDatagram::unbound()
        .unwrap()
        .send_to(b"stop", &path)
        .unwrap();
    drain.join().unwrap();

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    // Reads every connection to its end, until one that says only "stop"
    // (sent below once both loggers are gone): a count of connections
    // would wait for ever if a build sent nothing (`max_level_off`, which
    // `--all-features` turns on).
    let reader = std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let (mut s, _) = listener.accept().unwrap();
            let mut first = Vec::new();
            while let Ok(n @ 1..) = s.read(&mut buf) {
                if first.len() < 4 {
                    first.extend_from_slice(&buf[..n.min(4)]);
                }
            }
            if first == b"stop" {
                break;
            }
        }
    });
    let tcp = || {
        Syslog::tcp(addr.clone())
            .resend_bytes(16 * 1024)
            .build()
            .unwrap()
    };
    let log = Logger::builder().sink(tcp()).build();
    spoolog::testing::assert_no_allocs("a record over TCP", 2000, 500, || {
        i += 1;
        w2(&log, i);
    });
    log.flush().unwrap();
    drop(log);

    let (sink, guard) = NonBlocking::new(tcp()).unwrap();
    let log = Logger::builder().sink(sink).build();
    spoolog::testing::assert_no_allocs(
        "a record over TCP behind the background writer",
        5000,
        2000,
        || {
            i += 1;
            w2(&log, i);
        },
    );
    log.flush().unwrap();
    drop(log);
    drop(guard);
    std::net::TcpStream::connect(&addr)
        .unwrap()
        .write_all(b"stop")
        .unwrap();
    reader.join().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    println!("alloc_syslog: ok");
}

#[cfg(not(unix))]
fn main() {}
