//! The main demo: the same records in JSON, logfmt and text, through the
//! crate's own macros and through the `log` facade.
//!
//! ```text
//! cargo run --release --example demo
//! ```

use spoolog::logger::ColorChoice;
use spoolog::{sink, Format, LevelFilter, Logger, TimeLayout};

/// Sends every `log` record to several spoolog loggers, so that one
/// `log::info!` shows up in all three formats.
struct Tee(Vec<Logger>);

impl log::Log for Tee {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        self.0.iter().any(|l| log::Log::enabled(l, metadata))
    }
    fn log(&self, record: &log::Record<'_>) {
        for l in &self.0 {
            log::Log::log(l, record);
        }
    }
    fn flush(&self) {
        for l in &self.0 {
            log::Log::flush(l);
        }
    }
}

fn logger(format: Format) -> Logger {
    Logger::builder()
        .format(format)
        .level(LevelFilter::Debug)
        .time(TimeLayout::rfc3339(6))
        .color(ColorChoice::Auto)
        .sink(sink::stdout())
        .build()
}

fn main() {
    let formats = [Format::Json, Format::Logfmt, Format::Text];
    let loggers: Vec<Logger> = formats.iter().map(|f| logger(*f)).collect();

    log::set_boxed_logger(Box::new(Tee(loggers.clone()))).expect("no other logger");
    log::set_max_level(log::LevelFilter::Debug);

    let user_id = 42;
    let err = std::io::Error::new(std::io::ErrorKind::NotFound, "config.toml not found");
    for (format, log) in formats.iter().zip(&loggers) {
        println!("--- {format:?}, through spoolog's macros ---");
        spoolog::info!(logger: log, target: "app::server",
            method = "GET", path = "/api/v1/users/42", status = 200, latency_us = 1234, cache_hit = true;
            "request handled");
        spoolog::warn!(logger: log, target: "app::auth", user_id, attempts = 3; "user {} locked out", user_id);
        spoolog::error!(logger: log, target: "app::config", err:err = err, retry_in_s = 2.5; "cannot load config");
        spoolog::debug!(logger: log, target: "app::input", raw = "line1\nline2 \"quoted\""; "hostile input is escaped");
        let child = log.with(&[spoolog::Field::new("request_id", "r-7f3a")]);
        spoolog::info!(logger: &child, target: "app::server", bytes = 512u32; "child logger carries context");
    }

    println!("--- the log facade: one log::info! call, every format ---");
    log::info!(target: "app::server", method = "GET", status = 200, cache_hit = true; "request handled via log::info!");
    log::warn!(target: "lib::db", elapsed_ms = 1532.5, query:? = ["users", "orders"]; "slow query");
    log::logger().flush();
}
