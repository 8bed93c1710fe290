//! The syslog sink against small servers written here: batches split back
//! into records, TCP reconnection after a clean close and after a reset,
//! a server that is late or gone, Unix datagram restarts. (The real
//! rsyslog is in `syslog_rsyslog.rs`.)
#![cfg(unix)]

use spoolog::sink::{Sink, Syslog, SyslogBuilder};
use spoolog::{Logger, Value};
use std::io::{ErrorKind, Read};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::os::unix::net::UnixDatagram;
use std::sync::mpsc;
use std::time::Duration;

fn quick(b: SyslogBuilder) -> SyslogBuilder {
    b.hostname("h")
        .app_name("a")
        .procid("1")
        .backoff(Duration::from_millis(5), Duration::from_millis(20))
}

/// The records `sink` would make for `n` numbered messages, concatenated.
fn records(sink: &Syslog, from: u64, n: u64) -> Vec<u8> {
    let enc = sink.encoder().expect("syslog has an encoder");
    let mut batch = Vec::new();
    for i in from..from + n {
        let head = spoolog::encode::Head {
            time: None,
            level: spoolog::Level::Info,
            target: "t",
            message: format_args!("m"),
        };
        enc.encode(
            &mut batch,
            &head,
            &[spoolog::Field::with_value("i", Value::U64(i))],
        );
    }
    batch
}

/// Read octet-counted frames from `s` until EOF; the `i` of each.
fn read_frames(mut s: TcpStream) -> Vec<u64> {
    let mut all = Vec::new();
    let _ = s.read_to_end(&mut all);
    numbers(&all)
}

fn numbers(mut b: &[u8]) -> Vec<u64> {
    let mut out = Vec::new();
    while let Some(sp) = b.iter().position(|&c| c == b' ') {
        let len: usize = std::str::from_utf8(&b[..sp]).unwrap().parse().unwrap();
        let msg = std::str::from_utf8(&b[sp + 1..sp + 1 + len]).unwrap();
        let i = msg.split("i=\"").nth(1).unwrap().split('"').next().unwrap();
        out.push(i.parse().unwrap());
        b = &b[sp + 1 + len..];
    }
    assert!(b.is_empty(), "a cut frame at the end");
    out
}

#[test]
fn udp_gets_one_datagram_per_record_of_a_batch() {
    let server = UdpSocket::bind("127.0.0.1:0").unwrap();
    let sink = quick(Syslog::udp(server.local_addr().unwrap().to_string()))
        .build()
        .unwrap();
    sink.write_lines(&records(&sink, 0, 3)).unwrap();
    let mut buf = [0u8; 1024];
    for i in 0..3 {
        let n = server.recv(&mut buf).unwrap();
        let s = std::str::from_utf8(&buf[..n]).unwrap();
        assert!(s.starts_with("<14>1 - h a 1 - [spoolog@32473"), "{s}");
        assert!(s.ends_with(&format!("i=\"{i}\"] m")), "{s}");
    }
    assert_eq!(sink.stats().records, 3);
}

#[test]
fn bytes_that_are_not_records_are_refused_and_counted() {
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let sink = quick(Syslog::tcp(server.local_addr().unwrap().to_string()))
        .build()
        .unwrap();
    let mut batch = records(&sink, 0, 2);
    batch.extend_from_slice(b"{\"not\":\"syslog\"}\n");
    let e = sink.write_lines(&batch).unwrap_err();
    assert_eq!((e.lost, e.error.kind()), (1, ErrorKind::InvalidData));
    let e = sink.write_line(b"plain line\n").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidData);
    drop(sink);
    let (s, _) = server.accept().unwrap();
    assert_eq!(read_frames(s), [0, 1]);
}

#[test]
fn a_clean_close_by_the_server_resends_nothing_and_loses_nothing() {
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let sink = quick(Syslog::tcp(server.local_addr().unwrap().to_string()))
        .build()
        .unwrap();
    sink.write_lines(&records(&sink, 0, 100)).unwrap();
    sink.flush().unwrap(); // acknowledged
    let (mut first, _) = server.accept().unwrap();
    let mut got = vec![0u8; 1 << 16];
    let mut n = 0;
    // Read all 100 records, then close: a FIN with nothing unread.
    while numbers_complete(&got[..n]) < 100 {
        n += first.read(&mut got[n..]).unwrap();
    }
    drop(first);
    std::thread::sleep(Duration::from_millis(20)); // the FIN arrives
    sink.write_lines(&records(&sink, 100, 100)).unwrap();
    sink.flush().unwrap();
    drop(sink);
    let (second, _) = server.accept().unwrap();
    let mut all = numbers(&got[..n]);
    let again = read_frames(second);
    assert_eq!(
        again,
        (100..200).collect::<Vec<_>>(),
        "the second connection"
    );
    all.extend(again);
    assert_eq!(all, (0..200).collect::<Vec<_>>());
}

fn numbers_complete(b: &[u8]) -> usize {
    let mut count = 0;
    let mut rest = b;
    while let Some(sp) = rest.iter().position(|&c| c == b' ') {
        let len: usize = std::str::from_utf8(&rest[..sp]).unwrap().parse().unwrap();
        if rest.len() < sp + 1 + len {
            break;
        }
        rest = &rest[sp + 1 + len..];
        count += 1;
    }
    count
}

/// Close `s` with a reset (SO_LINGER 0), as a server that closes with
/// unread data does.
fn reset(s: TcpStream) {
    use std::os::fd::AsRawFd;
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: setsockopt on an open socket with a pointer to a live linger.
    #[allow(unsafe_code)]
    let r = unsafe {
        libc::setsockopt(
            s.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            &linger as *const libc::linger as *const libc::c_void,
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        )
    };
    assert_eq!(r, 0);
    drop(s);
}

#[test]
fn a_reset_by_the_server_sends_everything_kept_again() {
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let sink = quick(Syslog::tcp(server.local_addr().unwrap().to_string()))
        .build()
        .unwrap();
    sink.write_lines(&records(&sink, 0, 100)).unwrap();
    sink.flush().unwrap(); // acknowledged, but never read
    let (first, _) = server.accept().unwrap();
    reset(first);
    std::thread::sleep(Duration::from_millis(20));
    sink.write_lines(&records(&sink, 100, 100)).unwrap();
    sink.flush().unwrap();
    assert_eq!(sink.stats().resent, 100);
    assert_eq!((sink.stats().connects, sink.stats().disconnects), (2, 1));
    drop(sink);
    let (second, _) = server.accept().unwrap();
    assert_eq!(read_frames(second), (0..200).collect::<Vec<_>>());
}

#[test]
fn a_late_server_is_waited_for() {
    // Reserve a port, free it, and listen on it only later.
    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let sink = quick(Syslog::tcp(addr.to_string())).build().unwrap();
    let (tx, rx) = mpsc::channel();
    let server = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(150));
        let l = TcpListener::bind(addr).unwrap();
        tx.send(()).unwrap();
        read_frames(l.accept().unwrap().0)
    });
    sink.write_lines(&records(&sink, 0, 10)).unwrap();
    rx.recv().unwrap();
    drop(sink);
    assert_eq!(server.join().unwrap(), (0..10).collect::<Vec<_>>());
}

#[test]
fn a_server_that_stays_away_costs_lost_records_then_recovers() {
    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let sink = quick(Syslog::tcp(addr.to_string()))
        .retry_for(Some(Duration::from_millis(100)))
        .build()
        .unwrap();
    let log = Logger::builder()
        .no_time()
        .sink(sink)
        .on_error(|_: &spoolog::sink::SinkError| {})
        .build();
    spoolog::info!(logger: &log, i = 0u64; "m"); // waits 100 ms, then fails
    assert_eq!(log.lost(), 1);
    spoolog::info!(logger: &log, i = 0u64; "m"); // fails at once
    assert_eq!(log.lost(), 2);
    let listener = TcpListener::bind(addr).unwrap();
    std::thread::sleep(Duration::from_millis(30)); // an attempt is due
    spoolog::info!(logger: &log, i = 1u64; "m");
    log.flush().unwrap();
    drop(log);
    assert_eq!(
        read_frames(listener.accept().unwrap().0),
        [1],
        "0 was reported lost"
    );
}

#[test]
fn unix_datagrams_survive_a_restart_of_the_server() {
    let dir = std::env::temp_dir().join(format!("spoolog-syslog-unix-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("log.sock");
    let server = UnixDatagram::bind(&path).unwrap();
    let sink = quick(Syslog::unix(&path)).build().unwrap();
    sink.write_lines(&records(&sink, 0, 5)).unwrap();
    let mut buf = [0u8; 1024];
    for _ in 0..5 {
        server.recv(&mut buf).unwrap();
    }
    // The server restarts: a new socket at the same path, a little later.
    drop(server);
    std::fs::remove_file(&path).unwrap();
    let p = path.clone();
    let restarted = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        let s = UnixDatagram::bind(&p).unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 1024];
        for _ in 0..5 {
            let n = s.recv(&mut buf).unwrap();
            got.push(String::from_utf8_lossy(&buf[..n]).into_owned());
        }
        got
    });
    sink.write_lines(&records(&sink, 5, 5)).unwrap();
    let got = restarted.join().unwrap();
    for (k, s) in got.iter().enumerate() {
        assert!(s.ends_with(&format!("i=\"{}\"] m", 5 + k)), "{s}");
    }
    assert_eq!(sink.stats().connects, 2);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A key the macros pre-encoded gives the same record as the same key
/// through `Field::new`, short or longer than an SD-NAME may be.
#[test]
fn macro_keys_and_field_keys_make_the_same_record() {
    let server = UdpSocket::bind("127.0.0.1:0").unwrap();
    // Fails rather than waits for ever in a build that sends nothing
    // (`max_level_off`, which `--all-features` turns on).
    server
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let sink = quick(Syslog::udp(server.local_addr().unwrap().to_string()))
        .build()
        .unwrap();
    let log = Logger::builder().no_time().sink(sink).build();
    let this_key_is_longer_than_thirty_two_chars = 2;
    spoolog::info!(logger: &log, target: "t", status = 1, this_key_is_longer_than_thirty_two_chars; "m");
    log.log(
        spoolog::Level::Info,
        "t",
        format_args!("m"),
        &[
            spoolog::Field::new("status", &1),
            spoolog::Field::new("this_key_is_longer_than_thirty_two_chars", &2),
        ],
    );
    let mut buf = [0u8; 1024];
    let n = server.recv(&mut buf).unwrap();
    let a = String::from_utf8_lossy(&buf[..n]).into_owned();
    let n = server.recv(&mut buf).unwrap();
    let b = String::from_utf8_lossy(&buf[..n]).into_owned();
    assert_eq!(a, b);
    assert!(a.contains(" status=\"1\" this_key_is_longer_than~"), "{a}");
}
