//! Zero heap allocations per record through the protocol sinks: W2 into
//! journald (a private socket whose reader allocates nothing; dhat counts
//! every thread).
#[global_allocator]
static ALLOC: spoolog::testing::Alloc = spoolog::testing::Alloc;

use spoolog::{Field, Logger, TimeLayout};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// W2 through [`Logger::log`], which the compile-time level cap does not
/// remove (so the count means the same under `--all-features`).
fn w2(log: &Logger, i: u64) {
    let i = black_box(i);
    log.log(
        spoolog::Level::Info,
        "app::server",
        format_args!("request handled"),
        &[
            Field::new("method", "GET"),
            Field::new("path", "/api/v1/users/42"),
            Field::new("status", &200),
            Field::new("latency_us", &i),
            Field::new("cache_hit", &true),
        ],
    );
}

#[cfg(target_os = "linux")]
fn journald() {
    use std::os::unix::net::UnixDatagram;
    let path = std::env::temp_dir().join(format!("spoolog-alloc-journal-{}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let sock = UnixDatagram::bind(&path).unwrap();
    sock.set_read_timeout(Some(Duration::from_millis(20)))
        .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let got = Arc::new(AtomicU64::new(0));
    let (s, g) = (stop.clone(), got.clone());
    let reader = std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        while !s.load(Ordering::SeqCst) {
            match sock.recv(&mut buf) {
                Ok(_) => {
                    g.fetch_add(1, Ordering::SeqCst);
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => panic!("recv: {e}"),
            }
        }
    });
    let journal = spoolog::sink::Journald::builder()
        .socket_path(&path)
        .build()
        .unwrap();
    let log = Logger::builder()
        .time(TimeLayout::rfc3339(6))
        .sink(journal)
        .build();
    let mut i = 0;
    for _ in 0..1000 {
        i += 1;
        w2(&log, i);
    }
    spoolog::testing::assert_no_allocs("W2 into journald", 100, 20_000, || {
        i += 1;
        w2(&log, i);
    });
    assert_eq!(log.lost(), 0);
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while got.load(Ordering::SeqCst) < i && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    assert_eq!(got.load(Ordering::SeqCst), i, "every entry received");
    stop.store(true, Ordering::SeqCst);
    reader.join().unwrap();
    let _ = std::fs::remove_file(&path);
    println!("test journald_allocates_nothing ... ok");
}

fn main() {
    let _profiler = spoolog::testing::start();
    let mut n = 0;
    #[cfg(target_os = "linux")]
    {
        journald();
        n += 1;
    }
    println!("test result: ok. {n} passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}
