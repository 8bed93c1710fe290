//! env_logger with a `Builder::format` closure that writes the intended
//! line, into the counting writer through `Target::Pipe`. The logger is not
//! installed globally (spoolog is); records are built as `log::info!` builds
//! them and handed to it with `log::Log::log`.

use super::TARGET;
use crate::{Imp, Out, Req};
use env_logger::fmt::Formatter;
use log::kv::{Key, Value, VisitSource};
use log::Record;
use std::io::{self, Write};

/// env_logger, workload `W` (1 or 3).
pub struct Fmt<const W: u8> {
    log: env_logger::Logger,
    out: Out,
}

/// Writes `key=value` pairs, each after a space.
struct Pairs<'a>(&'a mut Formatter);

impl<'kvs> VisitSource<'kvs> for Pairs<'_> {
    fn visit_pair(&mut self, key: Key<'kvs>, value: Value<'kvs>) -> Result<(), log::kv::Error> {
        write!(self.0, " {key}={value}").map_err(log::kv::Error::boxed)
    }
}

fn w1(buf: &mut Formatter, record: &Record<'_>) -> io::Result<()> {
    write!(
        buf,
        "{} : {}",
        chrono::Utc::now().format("%H:%M:%S"),
        record.args()
    )
}

fn w3(buf: &mut Formatter, record: &Record<'_>) -> io::Result<()> {
    let ts = buf.timestamp_micros();
    write!(
        buf,
        "{ts} {} {}: {}",
        record.level(),
        record.target(),
        record.args()
    )?;
    record
        .key_values()
        .visit(&mut Pairs(buf))
        .map_err(io::Error::other)?;
    writeln!(buf)
}

impl<const W: u8> Fmt<W> {
    /// A logger at `info` into `out`.
    pub fn new(out: Out) -> Self {
        let mut b = env_logger::Builder::new();
        b.filter_level(log::LevelFilter::Info)
            .target(env_logger::Target::Pipe(Box::new(out.clone())));
        if W == 1 {
            b.format(w1);
        } else {
            b.format(w3);
        }
        Fmt {
            log: b.build(),
            out,
        }
    }
}

impl<const W: u8> Imp for Fmt<W> {
    #[inline]
    fn call(&self, i: u64) {
        if W == 1 {
            log::Log::log(
                &self.log,
                &Record::builder()
                    .level(log::Level::Info)
                    .target(TARGET)
                    .args(format_args!("some log message"))
                    .build(),
            );
            return;
        }
        let r = Req::at(i);
        let kvs: [(&str, Value); 5] = [
            ("method", r.method.into()),
            ("path", r.path.into()),
            ("status", r.status.into()),
            ("latency_us", r.latency_us.into()),
            ("cache_hit", r.cache_hit.into()),
        ];
        log::Log::log(
            &self.log,
            &Record::builder()
                .level(log::Level::Info)
                .target(TARGET)
                .args(format_args!("request handled"))
                .key_values(&kvs)
                .build(),
        );
    }
    fn out(&self) -> &Out {
        &self.out
    }
}
