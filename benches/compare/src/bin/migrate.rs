//! The same program under env_logger and under spoolog: `migrate
//! env_logger` or `migrate spoolog` installs that logger with its
//! `init()` and logs one record per (target, level) plus a few messages the
//! `/regex` part of `RUST_LOG` can select. `tests/migrate.rs` runs it with
//! several `RUST_LOG` values and compares which records come out;
//! `scripts/env_compat.sh` prints both outputs side by side.

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("env_logger") => env_logger::init(),
        Some("spoolog") => spoolog::init(),
        _ => {
            eprintln!("usage: migrate env_logger|spoolog");
            std::process::exit(2);
        }
    }
    for target in ["app", "app::db", "app::http", "ap", "upstream", "other"] {
        log::error!(target: target, "error from {target}");
        log::warn!(target: target, "warn from {target}");
        log::info!(target: target, "info from {target}");
        log::debug!(target: target, "debug from {target}");
        log::trace!(target: target, "trace from {target}");
    }
    log::info!(target: "app", "upstream timeout after 3 s");
    log::warn!(target: "other", "upstream refused");
}
