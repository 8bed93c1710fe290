//! Records into the systemd journal through journald's native protocol.
//!
//! ```text
//! cargo run --example journald                      # /run/systemd/journal/socket
//! cargo run --example journald -- /run/systemd/journal.NS/socket
//! journalctl -t spoolog-example -o verbose          # read them back
//! ```
//!
//! Where no journald runs, building the sink fails with a message that says
//! so, and the example prints it.

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("the journald sink is Linux only");
}

#[cfg(target_os = "linux")]
fn main() {
    use spoolog::sink::{Journald, NonBlocking, JOURNALD_SOCKET};
    use spoolog::Logger;

    let socket = std::env::args()
        .nth(1)
        .unwrap_or_else(|| JOURNALD_SOCKET.into());
    let journal = match Journald::builder()
        .socket_path(&socket)
        .syslog_identifier("spoolog-example")
        .build()
    {
        Ok(j) => j,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    let log = Logger::builder()
        .sink(journal)
        .non_blocking(NonBlocking::builder())
        .build();
    let ctx = log.with(&[spoolog::Field::new("request_id", &42u64)]);
    spoolog::info!(logger: &ctx, target: "app::server", method = "GET", status = 200; "request handled");
    spoolog::warn!(logger: &ctx, target: "app::db", query_ms = 950; "slow query\nSELECT * FROM users");
    spoolog::error!(logger: &ctx, message = "a user field named message"; "stored as F_MESSAGE");
    log.flush().expect("flush");
    println!(
        "3 entries sent to {socket}; fields are named as in `{}`",
        Journald::field_name("query_ms")
    );
    println!("read them with: journalctl -t spoolog-example -o verbose");
}
