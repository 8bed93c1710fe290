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
    use std::io::Read;
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
    let reader = std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        for _ in 0..2 {
            let (mut s, _) = listener.accept().unwrap();
            while s.read(&mut buf).is_ok_and(|n| n > 0) {}
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
    reader.join().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    println!("alloc_syslog: ok");
}

#[cfg(not(unix))]
fn main() {}
