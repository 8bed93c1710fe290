//! Differential test: spoolog's `RUST_LOG` handling against `env_filter`,
//! the crate `env_logger` filters with.
//!
//! Random directive strings from a grammar that reaches every quirk (names
//! that are prefixes of each other, levels in random case, `=`, `==`, empty
//! parts, spaces, `/` and `//`, commas, invalid levels, regexes valid and
//! not), each with random (target, level, message) queries. For every string:
//!
//! - `Filter::from_env_spec` decides every query as `env_filter::Filter`
//!   does (`enabled(&Metadata)` for the directives, `matches(&Record)` with
//!   the message filter), and `max_level()` equals `Filter::filter()`;
//! - the warnings spoolog would print equal, byte for byte, what
//!   `env_filter::Builder::parse` really prints to standard error (captured
//!   from a child process of this test binary);
//! - when the strict `Filter::parse` accepts the string, it builds the same
//!   filter and env_filter warns about nothing.
//!
//! Run with `-- --nocapture 2>/dev/null` to see the counts (without the
//! warnings env_filter prints while the decisions are compared).

use spoolog::filter::Filter;
use spoolog::Level;
use std::io::{Read, Write};
use std::process::{Command, Stdio};

/// A fixed-seed PRNG (SplitMix64), so every run tests the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Names that are prefixes of one another, look like levels, carry spaces or
/// characters no module path has.
const NAMES: &[&str] = &[
    "a",
    "ap",
    "app",
    "app::db",
    "app::dbx",
    "app::db::pool",
    "b",
    "example",
    "examples",
    "examples::and_more",
    "my_crate",
    "my_crate_extra",
    "x-y.z",
    "info",
    "offx",
    "é",
    "a b",
    "a\u{a0}",
    "hyper",
    "hyper::client",
];

const LEVELS: &[&str] = &["off", "error", "warn", "info", "debug", "trace"];

const BAD_LEVELS: &[&str] = &["loud", "3", "0", "inf", "warnn", "", "trace.", "é", "in fo"];

const PATTERNS: &[&str] = &[
    "",
    "a.c",
    "^x",
    "[",
    "up",
    "stream$",
    "(",
    "a|b",
    "\\d+",
    "\\w",
    "x{2}",
    ".*",
    "é",
    "(?i)up",
    "[[:alpha:]]+",
    " ",
    "a,b=c",
    "*",
    "\\",
    "abc",
    "^$",
];

const SPACES: &[&str] = &["", "", "", " ", "  ", "\t", "\u{a0}", "\n"];

const TARGETS: &[&str] = &[
    "",
    "a",
    "ab",
    "ap",
    "app",
    "apple",
    "app::db",
    "app::db::pool",
    "app::db::pool::x",
    "app::dbx",
    "b",
    "example",
    "examples::and_more_examples",
    "my_crate",
    "my_crate_extra::x",
    "info",
    "hyper::client::pool",
    "x",
    "é",
    "a b",
    "a\u{a0}x",
    "z::a",
];

const MESSAGES: &[&str] = &[
    "",
    "upstream timed out",
    "abc",
    "xabc",
    "a.c",
    "x",
    "xx",
    "é",
    "123",
    "a\nb",
    "[",
    "ABC",
    "Up",
    " ",
];

fn random_case(rng: &mut Rng, word: &str) -> String {
    word.chars()
        .map(|c| {
            if rng.chance(30) {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

fn level_word(rng: &mut Rng) -> String {
    if rng.chance(15) {
        rng.pick(BAD_LEVELS).to_owned()
    } else {
        let w = rng.pick(LEVELS);
        random_case(rng, w)
    }
}

fn pad(rng: &mut Rng, s: &str) -> String {
    let a = rng.pick(SPACES);
    let b = rng.pick(SPACES);
    format!("{a}{s}{b}")
}

fn random_part(rng: &mut Rng) -> String {
    let name = rng.pick(NAMES);
    let (l1, l2) = (level_word(rng), level_word(rng));
    let part = match rng.below(14) {
        0..=2 => l1,
        3..=4 => name.to_owned(),
        5..=8 => {
            let sp = rng.pick(SPACES);
            let n = if rng.chance(20) {
                pad(rng, name)
            } else {
                name.to_owned()
            };
            format!("{n}={sp}{l1}")
        }
        9 => format!("{name}="),
        10 => format!("={l1}"),
        11 => format!("{name}=={l1}"),
        12 => format!("{name}={l1}={l2}"),
        _ => return rng.pick(&["", " ", "=", "==", "\t"]).to_owned(),
    };
    pad(rng, &part)
}

fn random_char(rng: &mut Rng) -> char {
    let set = [
        'a', 'p', ':', '=', ',', '/', ' ', 'é', '.', '[', 'O', 'f', 'i', 'n',
    ];
    set[rng.below(set.len())]
}

fn random_spec(rng: &mut Rng) -> String {
    if rng.chance(3) {
        return (0..rng.below(12)).map(|_| random_char(rng)).collect();
    }
    let mut spec = String::new();
    for i in 0..rng.below(6) {
        if i > 0 {
            spec.push_str(rng.pick(&[",", ",", ",", ", ", ",,", " ,"]));
        }
        spec.push_str(&random_part(rng));
    }
    if rng.chance(35) {
        spec.push('/');
        spec.push_str(rng.pick(PATTERNS));
        if rng.chance(10) {
            spec.push('/');
            spec.push_str(rng.pick(PATTERNS));
        }
    }
    spec
}

/// Specs worth keeping whatever the generator does: the documented quirks,
/// and any input the `filter_env` fuzz target finds disagreeing (none so
/// far: 60 s runs found no difference).
const FIXED: &[&str] = &[
    "",
    " ",
    ",",
    "ap",
    "info/upstream",
    "foo=bar=baz",
    "warn,foo=bar=baz",
    "=info",
    "=",
    "==",
    "a==b",
    "a=",
    "debug/abc/a.c",
    "a b=info",
    "db =debug",
    " DeBuG ",
    "info,=debug",
    "=debug,info",
    "info,=debug,warn",
    "\u{a0}info\u{a0}",
    "example=trace",
    "off",
    "OFF,a=TRACE",
    "info/[",
    "info/",
    "/",
    "//",
    "3",
    "a=3",
    "info,a=warn,a=debug,a",
    "crate1::mod1=error=warn,crate2=debug/a.c",
    // Too big to compile (slow to find out in debug, so not in PATTERNS).
    "info/a{99999}{99999}",
];

#[derive(Clone, Copy)]
struct Query<'a> {
    target: &'a str,
    level: Level,
    message: &'a str,
}

fn queries<'a>(rng: &mut Rng, names: &'a [String]) -> Vec<Query<'a>> {
    let mut out = Vec::new();
    for _ in 0..24 {
        let target = if !names.is_empty() && rng.chance(40) {
            names[rng.below(names.len())].as_str()
        } else {
            rng.pick(TARGETS)
        };
        out.push(Query {
            target,
            level: Level::ALL[rng.below(5)],
            message: rng.pick(MESSAGES),
        });
    }
    out
}

/// Targets derived from the spec's own names: each name, with a suffix,
/// and shortened by one character.
fn derived_targets(spec: &str) -> Vec<String> {
    let mods = spec.split('/').next().unwrap_or_default();
    let mut out = Vec::new();
    for part in mods.split(',') {
        let name = part.trim().split('=').next().unwrap_or_default();
        out.push(name.to_owned());
        out.push(format!("{name}::sub"));
        out.push(format!("{name}x"));
        let mut short = name.to_owned();
        short.pop();
        out.push(short);
    }
    out
}

/// env_filter's filter for `spec`, as `env_logger` builds it. Its warnings
/// go to the harness's capture (or to stderr with `--nocapture`: run with
/// `--nocapture 2>/dev/null` to see only the counts).
fn env_filter(spec: &str) -> env_filter::Filter {
    env_filter::Builder::new().parse(spec).build()
}

fn to_log(level: Level) -> log::Level {
    level.into()
}

/// What the comparisons covered, to make sure the grammar reaches every
/// branch.
#[derive(Default)]
struct Coverage {
    cases: usize,
    passed: usize,
    strict_ok: usize,
    message_rejected: usize,
}

/// Compare one spec's decisions.
fn compare(spec: &str, rng: &mut Rng, cov: &mut Coverage) {
    let (ours, warnings) = Filter::from_env_spec(spec);
    let theirs = env_filter(spec);
    assert_eq!(
        log::LevelFilter::from(ours.max_level()),
        theirs.filter(),
        "max_level of {spec:?}"
    );
    if let Ok(strict) = Filter::parse(spec) {
        cov.strict_ok += 1;
        assert!(
            warnings.is_empty(),
            "{spec:?} strict ok, warned {warnings:?}"
        );
        assert_eq!(strict, ours, "{spec:?}: strict and lenient differ");
    }
    let names = derived_targets(spec);
    let qs = queries(rng, &names);
    for q in &qs {
        let meta = log::Metadata::builder()
            .level(to_log(q.level))
            .target(q.target)
            .build();
        assert_eq!(
            ours.enabled(q.level, q.target),
            theirs.enabled(&meta),
            "{spec:?}: enabled({}, {:?})",
            q.level,
            q.target
        );
        let ours_all = ours.enabled(q.level, q.target) && ours.message_matches(q.message);
        let theirs_all = theirs.matches(
            &log::Record::builder()
                .args(format_args!("{}", q.message))
                .level(to_log(q.level))
                .target(q.target)
                .build(),
        );
        assert_eq!(
            ours_all, theirs_all,
            "{spec:?}: matches({}, {:?}, {:?})",
            q.level, q.target, q.message
        );
        cov.cases += 1;
        cov.passed += usize::from(ours_all);
        cov.message_rejected +=
            usize::from(ours.enabled(q.level, q.target) && !ours.message_matches(q.message));
    }
}

const RANDOM_SPECS: usize = 10_000;
const SEED: u64 = 0x5eed_f11e_0000_0001;

fn all_specs() -> Vec<String> {
    let mut rng = Rng(SEED);
    let mut specs: Vec<String> = FIXED.iter().map(|s| s.to_string()).collect();
    specs.extend((0..RANDOM_SPECS).map(|_| random_spec(&mut rng)));
    specs
}

#[test]
fn decisions_equal_env_filters() {
    let started = std::time::Instant::now();
    let mut rng = Rng(SEED ^ 0xdead_beef);
    let specs = all_specs();
    let mut cov = Coverage::default();
    let mut warned = 0;
    let mut with_message = 0;
    for spec in &specs {
        compare(spec, &mut rng, &mut cov);
        let (f, w) = Filter::from_env_spec(spec);
        warned += usize::from(!w.is_empty());
        with_message += usize::from(f.has_message_filter());
    }
    let cases = cov.cases;
    assert!(cases >= 100_000, "only {cases} cases");
    // The grammar must reach both sides of every branch.
    let tenth = specs.len() / 10;
    assert!(warned > tenth, "{warned} specs warned");
    assert!(with_message > tenth, "{with_message} with a message filter");
    assert!(
        cov.strict_ok > tenth,
        "{} accepted by the strict parser",
        cov.strict_ok
    );
    assert!(
        cov.passed > cases / 10 && cov.passed < cases * 9 / 10,
        "{} passed",
        cov.passed
    );
    assert!(
        cov.message_rejected > cases / 100,
        "{} rejected by message",
        cov.message_rejected
    );
    println!(
        "filter_env_compat: {} specs, {cases} (spec, query) cases compared with env_filter, all agreed \
         ({warned} specs warned, {with_message} had a message filter, {} strict-parsed; \
         {} cases passed, {} stopped by the message filter) in {:?}",
        specs.len(),
        cov.strict_ok,
        cov.passed,
        cov.message_rejected,
        started.elapsed()
    );
}

const CHILD_VAR: &str = "SPOOLOG_ENV_COMPAT_CHILD";

/// Marks the start of one spec's warnings in the child's stderr (specs
/// never contain NUL).
fn marker(i: usize) -> String {
    format!("\0{i}\0\n")
}

/// In the child process only: parse every spec read from stdin with
/// `env_filter::Builder::parse`, letting it print to the real stderr.
#[test]
fn env_filter_warnings_child() {
    if std::env::var_os(CHILD_VAR).is_none() {
        return;
    }
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    for (i, spec) in input.split('\0').enumerate() {
        eprint!("{}", marker(i));
        env_filter::Builder::new().parse(spec);
    }
    eprint!("{}", marker(usize::MAX));
}

#[test]
fn warnings_equal_what_env_filter_prints() {
    let specs = all_specs();
    assert!(specs.iter().all(|s| !s.contains('\0')));
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "env_filter_warnings_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_VAR, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = specs.join("\0");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success(), "child failed: {:?}", out.status);
    let stderr = String::from_utf8(out.stderr).unwrap();

    let mut rest = stderr.as_str();
    let mut lines = 0;
    for (i, spec) in specs.iter().enumerate() {
        let start = marker(i);
        let at = rest.find(&start).unwrap_or_else(|| panic!("no marker {i}"));
        rest = &rest[at + start.len()..];
        let end = if i + 1 < specs.len() {
            marker(i + 1)
        } else {
            marker(usize::MAX)
        };
        let stop = rest
            .find(&end)
            .unwrap_or_else(|| panic!("no marker after {i}"));
        let printed = &rest[..stop];
        let (_, warnings) = Filter::from_env_spec(spec);
        let ours: String = warnings.iter().map(|w| format!("{w}\n")).collect();
        assert_eq!(ours, printed, "warnings for {spec:?}");
        lines += warnings.len();
    }
    assert!(lines > 500, "only {lines} warnings compared");
    println!(
        "filter_env_compat: warnings of {} specs equal env_filter's stderr ({lines} warnings)",
        specs.len()
    );
}

#[test]
fn documented_examples() {
    use spoolog::LevelFilter;
    let (f, w) = Filter::from_env_spec("ap");
    assert!(w.is_empty());
    assert_eq!(f.level_for("app"), LevelFilter::Trace);
    let (f, _) = Filter::from_env_spec("example");
    assert_eq!(
        f.level_for("examples::and_more_examples"),
        LevelFilter::Trace
    );
    let (f, _) = Filter::from_env_spec("info/upstream");
    assert!(f.enabled(Level::Info, "x") && f.message_matches("upstream timed out"));
    assert!(!f.message_matches("downstream"));
    let (f, w) = Filter::from_env_spec("warn,foo=bar=baz");
    assert_eq!(
        w,
        ["warning: invalid logging spec 'foo=bar=baz', ignoring it"]
    );
    assert_eq!(f.level_for("foo"), LevelFilter::Warn);
}
