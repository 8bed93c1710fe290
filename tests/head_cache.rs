//! A macro call site's cached line head (`encode::head_cache`): the lines
//! written from a call site — its first, which fills the cache, and every
//! later one — are byte for byte the lines `Logger::log` writes for the
//! same record, which never uses the cache. For every format, JSON preset,
//! colour choice and time setting, with a target and a message that need
//! escaping, and for the cases the cache must stay out of (a second
//! encoder at the same site, a message with arguments, a head too long to
//! keep).

use spoolog::encode::{Encoder, Head, JsonKeys};
use spoolog::logger::{Builder, ColorChoice};
use spoolog::sink::Capture;
use spoolog::time::{Clock, UnixTime};
use spoolog::{Field, Format, Level, LevelFilter, Logger, TimeLayout};
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

/// Line `n` (counting from 0) of `setup` for this record as
/// `Encoder::encode` writes it: the encoder's public, uncached path.
fn reference(setup: Setup, level: Level, target: &str, message: &str, n: u64) -> String {
    let enc = Encoder::new(setup.format, setup.color).with_json_keys(setup.keys);
    let layout = setup.time.map(|l| TimeLayout::parse(l).expect("layout"));
    let t = Stepping(AtomicI64::new(n as i64)).now();
    let head = Head {
        time: layout.as_ref().map(|l| (l, t)),
        level,
        target,
        message: format_args!("{message}"),
    };
    let mut buf = Vec::new();
    enc.encode(
        &mut buf,
        &head,
        &[Field::new("i", &n), Field::new("ok", &true)],
    );
    String::from_utf8(buf)
        .expect("utf-8")
        .trim_end_matches('\n')
        .to_owned()
}

/// The lines of one site through `a` and the same records through `b`'s
/// `Logger::log`, against the encoder's uncached lines.
fn same_lines(
    setup: Setup,
    (level, target, message): (Level, &str, &str),
    run: impl Fn(&Logger, &Logger),
) {
    let (site, plain) = (Capture::new(), Capture::new());
    let (a, b) = (logger(setup, site.clone()), logger(setup, plain.clone()));
    run(&a, &b);
    let want: Vec<String> = (0..3)
        .map(|n| reference(setup, level, target, message, n))
        .collect();
    assert_eq!(site.lines(), want, "{setup:?}");
    assert_eq!(plain.lines(), want, "{setup:?}");
    // The clock moved: the three lines differ (in their time, when they have one).
    if setup.time.is_some() {
        assert_ne!(want[0], want[1], "{setup:?}");
    }
}

/// 24 fresh call sites of `$level!` for one record (each expansion is a
/// `static` of its own), for the setups to have one each.
macro_rules! sites {
    ($level:ident, $lvl:expr, $target:literal, $msg:literal) => {
        sites!(@each $level, $lvl, $target, $msg;
            0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23)
    };
    (@each $level:ident, $lvl:expr, $target:literal, $msg:literal; $($n:literal)+) => {
        [$({
            let _ = $n;
            |a: &Logger, b: &Logger| three_from_one_site!(a, b, $level, $lvl, $target, $msg)
        } as fn(&Logger, &Logger)),+]
    };
}

/// Every setup, each at a call site of its own (which it fills and then
/// hits), against the uncached lines.
fn every_setup_at_its_own_site(record: (Level, &str, &str), sites: [fn(&Logger, &Logger); 24]) {
    let setups = setups();
    assert!(setups.len() <= sites.len());
    for (setup, site) in setups.into_iter().zip(sites) {
        same_lines(setup, record, site);
    }
}

#[test]
fn every_setup_writes_the_uncached_bytes() {
    every_setup_at_its_own_site(
        (Level::Info, "app::server", "request handled"),
        sites!(info, Level::Info, "app::server", "request handled"),
    );
}

/// The same, one site shared by every setup in turn: the first setup fills
/// it and hits; every other one misses and writes its head the ordinary way.
#[test]
fn a_site_shared_by_many_encoders() {
    fn site(a: &Logger, b: &Logger) {
        three_from_one_site!(a, b, warn, Level::Warn, "db", "slow query");
    }
    let record = (Level::Warn, "db", "slow query");
    for setup in setups() {
        same_lines(setup, record, site);
    }
    // And again in the opposite order, after the slot is taken.
    for setup in setups().into_iter().rev() {
        same_lines(setup, record, site);
    }
}

#[test]
fn targets_and_messages_that_need_escaping() {
    every_setup_at_its_own_site(
        (
            Level::Error,
            "a\"b\\c\n=d e",
            "line\nbreak \"quoted\" \u{1b}[2J tab\t= é",
        ),
        sites!(
            error,
            Level::Error,
            "a\"b\\c\n=d e",
            "line\nbreak \"quoted\" \u{1b}[2J tab\t= é"
        ),
    );
    every_setup_at_its_own_site((Level::Debug, "", ""), sites!(debug, Level::Debug, "", ""));
}

#[test]
fn heads_longer_than_the_cache_keeps() {
    every_setup_at_its_own_site(
        (
            Level::Trace,
            "some::rather::long::module::path::for::a::target",
            "a message long enough that the head after the time does not fit in the cache",
        ),
        sites!(
            trace,
            Level::Trace,
            "some::rather::long::module::path::for::a::target",
            "a message long enough that the head after the time does not fit in the cache"
        ),
    );
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

/// Records without a call site (`Logger::log`) share this thread's head
/// cache: a target is compared by its bytes, so a target of the same
/// length, at the same address, with other bytes gets its own head; so do
/// another level and another message.
#[test]
fn per_thread_heads_compare_the_target_bytes() {
    for setup in setups() {
        let cap = Capture::new();
        let log = logger(setup, cap.clone());
        let mut target = String::with_capacity(16);
        let mut want = Vec::new();
        for (n, (name, level, message)) in [
            ("alpha", Level::Info, "m"),
            ("alpha", Level::Info, "m"),
            ("omega", Level::Info, "m"),
            ("omega", Level::Warn, "m"),
            ("omega", Level::Warn, "n"),
            ("alpha", Level::Info, "m"),
        ]
        .into_iter()
        .enumerate()
        {
            let n = n as u64;
            let at = target.as_ptr();
            target.clear();
            target.push_str(name);
            assert_eq!(target.as_ptr(), at, "the same address");
            let fields = [Field::new("i", &n), Field::new("ok", &true)];
            match message {
                "m" => log.log(level, &target, format_args!("m"), &fields),
                _ => log.log(level, &target, format_args!("n"), &fields),
            }
            want.push(reference(setup, level, name, message, n));
        }
        assert_eq!(cap.lines(), want, "{setup:?}");
    }
}
