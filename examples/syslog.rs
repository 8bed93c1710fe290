//! Logging to syslog over TCP through the background writer.
//!
//! ```sh
//! cargo run --example syslog                      # a small receiver in this process prints what arrives
//! SYSLOG_ADDR=127.0.0.1:514 cargo run --example syslog   # your rsyslog (imtcp) or syslog-ng
//! ```
//!
//! Without `SYSLOG_ADDR`, the example listens on a free loopback port
//! itself and prints each octet-counted frame it reads, so you can see the
//! records exactly as a server gets them.
#[cfg(unix)]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    use spoolog::sink::{Facility, NonBlocking, Syslog};
    use spoolog::{Field, Logger};
    use std::io::Read;

    let (addr, receiver) = match std::env::var("SYSLOG_ADDR") {
        Ok(a) => (a, None),
        Err(_) => {
            let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
            let addr = listener.local_addr()?.to_string();
            let receiver = std::thread::spawn(move || -> std::io::Result<()> {
                let (mut conn, _) = listener.accept()?;
                let mut bytes = Vec::new();
                conn.read_to_end(&mut bytes)?;
                // Octet counting: `LEN SP MSG`, again and again.
                let mut rest = &bytes[..];
                while let Some(sp) = rest.iter().position(|&b| b == b' ') {
                    let len: usize = std::str::from_utf8(&rest[..sp])
                        .unwrap_or("0")
                        .parse()
                        .unwrap_or(0);
                    let msg = &rest[sp + 1..(sp + 1 + len).min(rest.len())];
                    println!("received {len:>3} bytes: {}", String::from_utf8_lossy(msg));
                    rest = &rest[(sp + 1 + len).min(rest.len())..];
                }
                Ok(())
            });
            (addr, Some(receiver))
        }
    };

    let syslog = Syslog::tcp(addr.as_str())
        .facility(Facility::Local0)
        .app_name("syslog-example")
        .msgid("DEMO")
        .build()?;
    let (sink, guard) = NonBlocking::new(syslog)?;
    let log = Logger::builder().sink(sink).build();
    let req = log.with(&[Field::new("request_id", "r-17")]);

    spoolog::info!(logger: &req, target: "app::server", method = "GET", path = "/api/v1/users/42",
        status = 200, latency_us = 1234, cache_hit = true; "request handled");
    spoolog::warn!(logger: &req, target: "app::db", ms = 950; "slow query");
    // Hostile values stay inside their SD-PARAM and on one line.
    spoolog::error!(logger: &log, target: "app::auth", user = "eve\"] [x@1 admin=\"yes\"]\nforged";
        "login failed");

    log.flush()?; // returns when the server's TCP has acknowledged every record
    drop((log, req));
    drop(guard); // closes the writer; the connection closes with the sink
    if let Some(r) = receiver {
        r.join().expect("receiver thread")?;
    } else {
        println!("sent 3 records to {addr}");
    }
    Ok(())
}

#[cfg(not(unix))]
fn main() {
    eprintln!("the syslog sink needs a Unix system");
}
