//! A macro call site's cached line head (`encode::head_cache`): the lines
//! written from a call site — its first, which fills the cache, and every
//! later one — are byte for byte the lines `Logger::log` writes for the
//! same record, which never uses the cache. For every format, JSON preset,
//! colour choice and time setting, with a target and a message that need
//! escaping, and for the cases the cache must stay out of (a second
//! encoder at the same site, a message with arguments, a head too long to
//! keep).

use spoolog::encode::JsonKeys;
use spoolog::logger::{Builder, ColorChoice};
use spoolog::sink::Capture;
use spoolog::time::{Clock, UnixTime};
use spoolog::{Format, Level, LevelFilter, Logger, TimeLayout};
use std::sync::atomic::{AtomicI64, Ordering};

/// A clock that moves 1.234567 s at every reading, so that consecutive
/// lines differ in their seconds and their fraction.
struct Stepping(AtomicI64);

impl Clock for Stepping {
    fn now(&self) -> UnixTime {
        let n = self.0.fetch_add(1, Ordering::Relaxed);
        let ns = 1_764_000_000_000_000_000 + n * 1_234_567_000;
        UnixTime {
            secs: ns.div_euclid(1_000_000_000),
            nanos: ns.rem_euclid(1_000_000_000) as u32,
        }
    }
}

/// How one logger of a pair is configured.
#[derive(Clone, Copy, Debug)]
struct Setup {
    format: Format,
    keys: JsonKeys,
    color: bool,
    /// `None`: lines without a time.
    time: Option<&'static str>,
}

fn logger(s: Setup, sink: Capture) -> Logger {
    let b: Builder = Logger::builder()
        .format(s.format)
        .json_keys(s.keys)
        .color(if s.color {
            ColorChoice::Always
        } else {
            ColorChoice::Never
        })
        .level(LevelFilter::Trace)
        .clock(Stepping(AtomicI64::new(0)))
        .sink(sink);
    match s.time {
        Some(layout) => b.time(TimeLayout::parse(layout).expect("layout")),
        None => b.no_time(),
    }
    .build()
}

/// Every setup the cache distinguishes.
fn setups() -> Vec<Setup> {
    let mut v = Vec::new();
    for time in [None, Some("%Y-%m-%dT%H:%M:%S%.6fZ"), Some("%H:%M:%S %d.%m")] {
        for keys in [
            JsonKeys::Spoolog,
            JsonKeys::Ecs,
            JsonKeys::Gcp,
            JsonKeys::Otel,
        ] {
            v.push(Setup {
                format: Format::Json,
                keys,
                color: false,
                time,
            });
        }
        v.push(Setup {
            format: Format::Logfmt,
            keys: JsonKeys::Spoolog,
            color: false,
            time,
        });
        for color in [false, true] {
            v.push(Setup {
                format: Format::Text,
                keys: JsonKeys::Spoolog,
                color,
                time,
            });
        }
    }
    v
}

/// Log three lines from one fresh call site of `$level!` with target
/// `$target` and message `$msg` (a literal) through `log`, and the same
/// three through `Logger::log` on `plain`; returns both captures' lines.
macro_rules! three_from_one_site {
    ($log:expr, $plain:expr, $level:ident, $lvl:expr, $target:literal, $msg:literal) => {{
        for i in 0..3u64 {
            spoolog::$level!(logger: $log, target: $target, i, ok = true; $msg);
            $plain.log(
                $lvl,
                $target,
                format_args!($msg),
                &[spoolog::Field::new("i", &i), spoolog::Field::new("ok", &true)],
            );
        }
    }};
}

/// The lines of one site through `a`, against the same through `b`.
fn same_lines(setup: Setup, run: impl Fn(&Logger, &Logger)) {
    let (site, plain) = (Capture::new(), Capture::new());
    let (a, b) = (logger(setup, site.clone()), logger(setup, plain.clone()));
    run(&a, &b);
    let (got, want) = (site.lines(), plain.lines());
    assert_eq!(got.len(), 3, "{setup:?}");
    assert_eq!(got, want, "{setup:?}");
    // The clock moved: the three lines differ (in their time, when they have one).
    if setup.time.is_some() {
        assert_ne!(got[0], got[1], "{setup:?}");
    }
}

/// One fresh call site per entry (each expansion is a `static` of its
/// own), for the setups to have one each.
macro_rules! sites {
    ($($n:literal)+) => {
        [$({
            let _ = $n;
            |a: &Logger, b: &Logger| {
                three_from_one_site!(a, b, info, Level::Info, "app::server", "request handled")
            }
        } as fn(&Logger, &Logger)),+]
    };
}

#[test]
fn every_setup_writes_the_uncached_bytes() {
    let sites = sites!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23);
    let setups = setups();
    assert!(setups.len() <= sites.len());
    for (setup, site) in setups.into_iter().zip(sites) {
        same_lines(setup, site);
    }
}

/// The same, one site shared by every setup in turn: the first setup fills
/// it and hits; every other one misses and writes its head the ordinary way.
#[test]
fn a_site_shared_by_many_encoders() {
    fn site(a: &Logger, b: &Logger) {
        three_from_one_site!(a, b, warn, Level::Warn, "db", "slow query");
    }
    for setup in setups() {
        same_lines(setup, site);
    }
    // And again in the opposite order, after the slot is taken.
    for setup in setups().into_iter().rev() {
        same_lines(setup, site);
    }
}

#[test]
fn targets_and_messages_that_need_escaping() {
    for setup in setups() {
        same_lines(setup, |a, b| {
            three_from_one_site!(
                a,
                b,
                error,
                Level::Error,
                "a\"b\\c\n=d e",
                "line\nbreak \"quoted\" \u{1b}[2J tab\t= é"
            )
        });
        same_lines(setup, |a, b| {
            three_from_one_site!(a, b, debug, Level::Debug, "", "")
        });
    }
}

#[test]
fn heads_longer_than_the_cache_keeps() {
    for setup in setups() {
        same_lines(setup, |a, b| {
            three_from_one_site!(
                a,
                b,
                trace,
                Level::Trace,
                "some::rather::long::module::path::for::a::target",
                "a message long enough that the head after the time does not fit in the cache"
            )
        });
    }
}

#[test]
fn messages_with_arguments() {
    for setup in setups() {
        let (site, plain) = (Capture::new(), Capture::new());
        let (a, b) = (logger(setup, site.clone()), logger(setup, plain.clone()));
        for i in 0..3u64 {
            let who = ["x\"y", "z", "w\n"][i as usize];
            spoolog::info!(logger: &a, target: "app", i; "hello {who}");
            b.log(
                Level::Info,
                "app",
                format_args!("hello {who}"),
                &[spoolog::Field::new("i", &i)],
            );
        }
        assert_eq!(site.lines(), plain.lines(), "{setup:?}");
    }
}

/// Two outputs with different formats: one encoder per format, one slot
/// per site; both lines are right on every call.
#[test]
fn a_logger_with_two_formats() {
    use spoolog::logger::Output;
    let (j, t, pj, pt) = (
        Capture::new(),
        Capture::new(),
        Capture::new(),
        Capture::new(),
    );
    let two = |x: &Capture, y: &Capture| {
        Logger::builder()
            .time(TimeLayout::rfc3339(3))
            .clock(Stepping(AtomicI64::new(0)))
            .color(ColorChoice::Never)
            .output(Output::new(x.clone()).format(Format::Json))
            .output(Output::new(y.clone()).format(Format::Text))
            .build()
    };
    let (a, b) = (two(&j, &t), two(&pj, &pt));
    for i in 0..3u64 {
        spoolog::info!(logger: &a, target: "app", i; "both");
        b.log(
            Level::Info,
            "app",
            format_args!("both"),
            &[spoolog::Field::new("i", &i)],
        );
    }
    assert_eq!(j.lines().len(), 3);
    assert_eq!(j.lines(), pj.lines());
    assert_eq!(t.lines(), pt.lines());
}

/// Threads racing to fill one fresh site: one fills it, all lines are right.
#[test]
fn threads_racing_at_a_fresh_site() {
    let cap = Capture::new();
    let log = Logger::builder()
        .format(Format::Json)
        .no_time()
        .sink(cap.clone())
        .build();
    let start = std::sync::Barrier::new(8);
    std::thread::scope(|s| {
        for t in 0..8u64 {
            let (log, start) = (&log, &start);
            s.spawn(move || {
                start.wait();
                for i in 0..200u64 {
                    spoolog::info!(logger: log, target: "race", t, i; "go");
                }
            });
        }
    });
    let lines = cap.lines();
    assert_eq!(lines.len(), 1600);
    for l in &lines {
        assert!(
            l.starts_with(r#"{"level":"INFO","target":"race","msg":"go","t":"#),
            "{l}"
        );
    }
}
