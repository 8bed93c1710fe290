//! `RollingFile` (issue 12, part 3): naming and restarts, size and time
//! rotation, retention, the current link, files moved or deleted from
//! outside, batches, a failing directory, and cut lines across a rotation.
//!
//! Time is a shared `ManualClock`: no test sleeps or measures time.
//! Cases that need a process-wide file-size limit run in a child: this
//! binary re-runs itself with `SPOOLOG_ROLLING` naming one `child_*` test
//! (which does nothing in a normal run).

use serde_json::Value as Json;
use spoolog::sink::{Period, RollingFile, Sink};
use spoolog::time::{ManualClock, Offset, UnixTime};
use spoolog::{Format, Logger};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread;

/// 2026-12-01T14:00:00Z.
const T14: i64 = 1_796_133_600;

const ENV: &str = "SPOOLOG_ROLLING";

/// A fresh (absent) directory for one test.
fn dir(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("spoolog-rolling-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&p);
    p
}

fn clock(secs: i64) -> Arc<ManualClock> {
    Arc::new(ManualClock::new(UnixTime { secs, nanos: 0 }))
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

/// The names of regular files in `dir` starting with `app.` and ending
/// with `.log`, sorted.
fn logs(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.starts_with("app.") && n.ends_with(".log"))
        .filter(|n| fs::symlink_metadata(dir.join(n)).unwrap().is_file())
        .collect()
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap()
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_str().unwrap().to_owned()
}

fn json_logger(sink: impl Sink) -> Logger {
    Logger::builder()
        .format(Format::Json)
        .no_time()
        .sink(sink)
        .build()
}

/// Every line of `text` parsed as JSON; panics (briefly) on a torn line.
fn parse(text: &str) -> Vec<Json> {
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "file ends in a cut line"
    );
    text.lines()
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|_| panic!("not one JSON record: {:?}", &l[..l.len().min(80)]))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Naming and restarts.

#[test]
fn size_only_names_and_a_restart_continues_the_index() {
    let d = dir("restart-size");
    let sink = RollingFile::builder(&d, "app")
        .max_bytes(10)
        .build()
        .unwrap();
    assert_eq!(file_name(&sink.current_path()), "app.000000.log");
    sink.write_line(b"one\n").unwrap();
    sink.write_line(b"two\n").unwrap();
    sink.write_line(b"three\n").unwrap();
    assert_eq!(file_name(&sink.current_path()), "app.000001.log");
    drop(sink);
    // A second process on the same directory starts after the last index
    // and leaves the earlier files as they were.
    let again = RollingFile::builder(&d, "app")
        .max_bytes(10)
        .build()
        .unwrap();
    assert_eq!(file_name(&again.current_path()), "app.000002.log");
    again.write_line(b"four\n").unwrap();
    assert_eq!(
        logs(&d),
        ["app.000000.log", "app.000001.log", "app.000002.log"]
    );
    assert_eq!(read(&d, "app.000000.log"), "one\ntwo\n");
    assert_eq!(read(&d, "app.000001.log"), "three\n");
    assert_eq!(read(&d, "app.000002.log"), "four\n");
    fs::remove_dir_all(&d).unwrap();
}

/// Files of `dir` this process has open (Linux: `/proc/self/fd`), sorted;
/// `None` where that cannot be read.
fn open_in(dir: &Path) -> Option<Vec<String>> {
    let mut v = Vec::new();
    for fd in fs::read_dir("/proc/self/fd").ok()? {
        if let Ok(target) = fs::read_link(fd.ok()?.path()) {
            if target.parent() == Some(dir) {
                v.push(file_name(&target));
            }
        }
    }
    v.sort();
    Some(v)
}

/// `flush` puts on disk every file written since the last flush, not only
/// the current one: the files rotated away from stay open until then (at
/// most four; a fifth rotation syncs and closes the oldest at once).
#[test]
fn flush_syncs_the_files_rotated_away_from_and_closes_them() {
    let d = dir("flush-rotated");
    let sink = RollingFile::builder(&d, "app")
        .max_bytes(10)
        .build()
        .unwrap();
    let Some(open) = open_in(&d) else {
        eprintln!("skipped: /proc/self/fd cannot be read here");
        return;
    };
    assert_eq!(open, ["app.000000.log"]);
    for line in ["one\n", "two\n", "three\n"] {
        sink.write_line(line.as_bytes()).unwrap();
    }
    // Two files so far: the first waits for the flush.
    assert_eq!(open_in(&d).unwrap(), ["app.000000.log", "app.000001.log"]);
    sink.flush().unwrap();
    assert_eq!(open_in(&d).unwrap(), ["app.000001.log"]);
    // Six more rotations between two flushes: four wait, the oldest two
    // were synced and closed when the fifth and sixth came.
    for i in 0..6 {
        sink.write_line(format!("line {i:03}\n").as_bytes())
            .unwrap();
    }
    assert_eq!(file_name(&sink.current_path()), "app.000007.log");
    assert_eq!(
        open_in(&d).unwrap(),
        [
            "app.000003.log",
            "app.000004.log",
            "app.000005.log",
            "app.000006.log",
            "app.000007.log"
        ]
    );
    sink.flush().unwrap();
    assert_eq!(open_in(&d).unwrap(), ["app.000007.log"]);
    drop(sink);
    fs::remove_dir_all(&d).unwrap();
}

#[test]
fn period_names_and_a_restart_in_the_same_period() {
    let d = dir("restart-time");
    let c = clock(T14 + 5 * 60 + 7);
    let build = |period| {
        RollingFile::builder(&d, "app")
            .every(period)
            .clock(Arc::clone(&c))
            .build()
            .unwrap()
    };
    assert_eq!(
        file_name(&build(Period::Hour).current_path()),
        "app.2026-12-01T14.000.log"
    );
    assert_eq!(
        file_name(&build(Period::Hour).current_path()),
        "app.2026-12-01T14.001.log"
    );
    assert_eq!(
        file_name(&build(Period::Minute).current_path()),
        "app.2026-12-01T14-05.000.log"
    );
    assert_eq!(
        file_name(&build(Period::Day).current_path()),
        "app.2026-12-01.000.log"
    );
    assert_eq!(
        file_name(&build(Period::Day).current_path()),
        "app.2026-12-01.001.log"
    );
    // Another period length's files do not hold the index back or count.
    assert_eq!(
        file_name(&build(Period::Minute).current_path()),
        "app.2026-12-01T14-05.001.log"
    );
    // A suffix of one's own, or none.
    let s = RollingFile::builder(&d, "app")
        .suffix("")
        .every(Period::Hour)
        .clock(Arc::clone(&c));
    assert_eq!(
        file_name(&s.build().unwrap().current_path()),
        "app.2026-12-01T14.000"
    );
    fs::remove_dir_all(&d).unwrap();
}

#[test]
fn local_time_names_follow_chrono_local() {
    use chrono::TimeZone as _;
    let d = dir("local");
    let t = T14 + 1_234;
    let sink = RollingFile::builder(&d, "app")
        .every(Period::Hour)
        .local_time()
        .clock(clock(t))
        .build()
        .unwrap();
    let local = chrono::Local.timestamp_opt(t, 0).unwrap();
    let want = format!("app.{}.000.log", local.format("%Y-%m-%dT%H"));
    assert_eq!(file_name(&sink.current_path()), want);
    drop(sink);
    fs::remove_dir_all(&d).unwrap();
}

#[test]
fn bad_configurations_are_refused() {
    let d = dir("bad");
    let kind = |b: spoolog::sink::RollingBuilder| b.build().unwrap_err().kind();
    let invalid = std::io::ErrorKind::InvalidInput;
    assert_eq!(kind(RollingFile::builder(&d, "app").max_bytes(0)), invalid);
    assert_eq!(kind(RollingFile::builder(&d, "app").keep_files(0)), invalid);
    assert_eq!(kind(RollingFile::builder(&d, "")), invalid);
    assert_eq!(kind(RollingFile::builder(&d, "a/b")), invalid);
    assert_eq!(kind(RollingFile::builder(&d, "app").suffix("x/y")), invalid);
    assert_eq!(
        kind(RollingFile::builder(&d, "app").current_link("a/b")),
        invalid
    );
    assert_eq!(
        kind(RollingFile::builder(&d, "app").current_link("app.000007.log")),
        invalid
    );
    assert!(!d.exists(), "nothing made for a refused configuration");
}

// ---------------------------------------------------------------------------
// Size rotation.

#[test]
fn many_threads_every_line_once_and_no_file_over_the_limit() {
    const THREADS: u64 = 8;
    const LINES: u64 = 1_500;
    const MAX: u64 = 4_096;
    let d = dir("threads");
    let sink = RollingFile::builder(&d, "app")
        .max_bytes(MAX)
        .build()
        .unwrap();
    let log = Arc::new(json_logger(sink));
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let log = Arc::clone(&log);
            thread::spawn(move || {
                let pad = "x".repeat(400);
                for n in 0..LINES {
                    // 60 to 460 bytes: many different cut points.
                    let pad = &pad[..((n * 37 + t * 11) % 400) as usize];
                    spoolog::info!(logger: &log, t, n, pad; "numbered");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    log.flush().unwrap();
    assert_eq!(log.errors(), 0);
    let files = logs(&d);
    assert_eq!(names(&d), files, "only the sink's files");
    assert!(files.len() > 100, "rotated {} times", files.len());
    let mut seen = HashSet::new();
    for name in &files {
        let text = read(&d, name);
        let records = parse(&text);
        let len = text.len() as u64;
        assert!(len <= MAX || records.len() == 1, "{name}: {len} bytes");
        assert!(!records.is_empty(), "{name} is empty");
        for r in records {
            let key = (r["t"].as_u64().unwrap(), r["n"].as_u64().unwrap());
            assert!(seen.insert(key), "{key:?} twice");
        }
    }
    assert_eq!(seen.len() as u64, THREADS * LINES);
    fs::remove_dir_all(&d).unwrap();
}

#[test]
fn a_line_longer_than_the_limit_goes_alone_into_a_file() {
    let d = dir("long");
    let sink = RollingFile::builder(&d, "app")
        .max_bytes(10)
        .build()
        .unwrap();
    sink.write_line(b"abc\n").unwrap();
    sink.write_line(b"0123456789abcdef\n").unwrap();
    sink.write_line(b"def\n").unwrap();
    sink.write_line(b"0123456789abcdef\n").unwrap();
    sink.write_line(b"0123456789abcdef\n").unwrap();
    let files = logs(&d);
    let contents: Vec<String> = files.iter().map(|n| read(&d, n)).collect();
    assert_eq!(
        contents,
        [
            "abc\n",
            "0123456789abcdef\n",
            "def\n",
            "0123456789abcdef\n",
            "0123456789abcdef\n"
        ]
    );
    fs::remove_dir_all(&d).unwrap();
}

#[test]
fn a_batch_crossing_the_limit_is_split_at_line_boundaries() {
    let d = dir("batch");
    let sink = RollingFile::builder(&d, "app")
        .max_bytes(100)
        .build()
        .unwrap();
    sink.write_line(b"first line\n").unwrap(); // 11 bytes
    let mut batch = Vec::new();
    for i in 0..10 {
        let mut line = format!("batch line {i:02} ");
        while line.len() < 29 {
            line.push('.');
        }
        line.push('\n');
        batch.extend_from_slice(line.as_bytes());
    }
    assert_eq!(batch.len(), 10 * 30);
    sink.write_lines(&batch).unwrap();
    // 11 + 2 * 30 = 71 fits, a third line would make 101; then 3 per file.
    let contents: Vec<String> = logs(&d).iter().map(|n| read(&d, n)).collect();
    let counts: Vec<usize> = contents.iter().map(|c| c.lines().count()).collect();
    assert_eq!(counts, [3, 3, 3, 2]);
    assert!(contents.iter().all(|c| c.len() <= 100 && c.ends_with('\n')));
    let all: String = contents.concat();
    assert_eq!(all.as_bytes()[11..], batch[..]);
    // A batch holding a line longer than the limit: that line is alone.
    let mut big = b"short\n".to_vec();
    big.extend_from_slice(&[b'x'; 150]);
    big.extend_from_slice(b"\nafter\n");
    sink.write_lines(&big).unwrap();
    let files = logs(&d);
    let tail: Vec<String> = files[files.len() - 3..]
        .iter()
        .map(|n| read(&d, n))
        .collect();
    assert_eq!(tail[0], format!("{}short\n", &contents[3]));
    assert_eq!(tail[1].len(), 151);
    assert_eq!(tail[2], "after\n");
    fs::remove_dir_all(&d).unwrap();
}

// ---------------------------------------------------------------------------
// Time rotation.

#[test]
fn crossing_an_hour_starts_the_new_periods_file() {
    let d = dir("hour");
    let c = clock(T14 - 2); // 13:59:58Z
    let sink = RollingFile::builder(&d, "app")
        .every(Period::Hour)
        .clock(Arc::clone(&c))
        .build()
        .unwrap();
    sink.write_line(b"at 13:59:58\n").unwrap();
    c.advance(1, 999_999_999);
    sink.write_line(b"at 13:59:59.999\n").unwrap();
    c.advance(0, 1);
    sink.write_line(b"at 14:00:00\n").unwrap();
    assert_eq!(file_name(&sink.current_path()), "app.2026-12-01T14.000.log");
    c.advance(3 * 3_600 + 60, 0); // hours without a line: no empty files
    sink.write_line(b"at 17:01\n").unwrap();
    assert_eq!(
        logs(&d),
        [
            "app.2026-12-01T13.000.log",
            "app.2026-12-01T14.000.log",
            "app.2026-12-01T17.000.log"
        ]
    );
    assert_eq!(
        read(&d, "app.2026-12-01T13.000.log"),
        "at 13:59:58\nat 13:59:59.999\n"
    );
    assert_eq!(read(&d, "app.2026-12-01T14.000.log"), "at 14:00:00\n");
    // The clock set back by less than a period: lines stay in the current
    // file (no flapping around a boundary).
    c.advance(-120, 0); // 16:59
    sink.write_line(b"a little back\n").unwrap();
    assert_eq!(
        read(&d, "app.2026-12-01T17.000.log"),
        "at 17:01\na little back\n"
    );
    // Set back further: the file of the period the clock shows, after
    // that period's existing files.
    c.advance(-3 * 3_600, 0); // 13:59
    sink.write_line(b"far back\n").unwrap();
    assert_eq!(file_name(&sink.current_path()), "app.2026-12-01T13.001.log");
    c.advance(3 * 3_600 + 120, 0); // 17:01 again
    sink.write_line(b"forward again\n").unwrap();
    assert_eq!(file_name(&sink.current_path()), "app.2026-12-01T17.001.log");
    fs::remove_dir_all(&d).unwrap();
}

#[test]
fn days_and_minutes_with_an_offset() {
    let d = dir("day");
    // +05:30: local midnight of 2026-12-02 is 18:30Z on the 1st.
    let c = clock(T14 + 4 * 3_600 + 1_799);
    let sink = RollingFile::builder(&d, "app")
        .every(Period::Day)
        .offset(Offset::Fixed(19_800))
        .clock(Arc::clone(&c))
        .build()
        .unwrap();
    sink.write_line(b"a\n").unwrap();
    c.advance(1, 0);
    sink.write_line(b"b\n").unwrap();
    assert_eq!(
        logs(&d),
        ["app.2026-12-01.000.log", "app.2026-12-02.000.log"]
    );
    drop(sink);
    let m = dir("minute");
    let c = clock(T14 + 59);
    let sink = RollingFile::builder(&m, "app")
        .every(Period::Minute)
        .clock(Arc::clone(&c))
        .build()
        .unwrap();
    sink.write_line(b"a\n").unwrap();
    c.advance(1, 0);
    sink.write_line(b"b\n").unwrap();
    assert_eq!(
        logs(&m),
        [
            "app.2026-12-01T14-00.000.log",
            "app.2026-12-01T14-01.000.log"
        ]
    );
    fs::remove_dir_all(&d).unwrap();
    fs::remove_dir_all(&m).unwrap();
}

#[test]
fn size_and_time_together() {
    let d = dir("both");
    let c = clock(T14 + 3_000);
    let sink = RollingFile::builder(&d, "app")
        .every(Period::Hour)
        .max_bytes(20)
        .clock(Arc::clone(&c))
        .build()
        .unwrap();
    for _ in 0..3 {
        sink.write_line(b"0123456789\n").unwrap(); // 11 bytes: one per file
    }
    c.advance(600, 0); // 15:00
    sink.write_line(b"new hour\n").unwrap();
    sink.write_line(b"same file\n").unwrap(); // 9 + 10 = 19
    sink.write_line(b"next\n").unwrap();
    assert_eq!(
        logs(&d),
        [
            "app.2026-12-01T14.000.log",
            "app.2026-12-01T14.001.log",
            "app.2026-12-01T14.002.log",
            "app.2026-12-01T15.000.log",
            "app.2026-12-01T15.001.log",
        ]
    );
    assert_eq!(
        read(&d, "app.2026-12-01T15.000.log"),
        "new hour\nsame file\n"
    );
    assert_eq!(read(&d, "app.2026-12-01T15.001.log"), "next\n");
    fs::remove_dir_all(&d).unwrap();
}

// ---------------------------------------------------------------------------
// Retention.

/// Files that are not the sink's, put in its directory before it starts.
const FOREIGN: [&str; 8] = [
    "app.log.gz",
    "app.1.log",
    "app.000000.log.1",
    "other.000000.log",
    "app.2026-12-01T14.log",
    "app.2026-12-01T14-00.000.log",
    "app.0000000.log",
    "notes.txt",
];

fn put_foreign(d: &Path) {
    fs::create_dir_all(d).unwrap();
    for n in FOREIGN {
        fs::write(d.join(n), b"keep me\n").unwrap();
    }
}

fn foreign_intact(d: &Path) {
    for n in FOREIGN {
        assert_eq!(fs::read(d.join(n)).unwrap(), b"keep me\n", "{n}");
    }
}

#[test]
fn keep_files_deletes_the_oldest_of_its_own_files_only() {
    let d = dir("keep-files");
    put_foreign(&d);
    // One of ours from an earlier run: it counts, and is the oldest.
    fs::write(d.join("app.000000.log"), b"old run\n").unwrap();
    let sink = RollingFile::builder(&d, "app")
        .max_bytes(8)
        .keep_files(3)
        .build()
        .unwrap();
    assert_eq!(file_name(&sink.current_path()), "app.000001.log");
    for i in 0..20 {
        sink.write_line(format!("line {i:02}\n").as_bytes())
            .unwrap();
        let ours: Vec<String> = logs(&d)
            .into_iter()
            .filter(|n| !FOREIGN.contains(&n.as_str()))
            .collect();
        assert!(ours.len() <= 3, "{} files", ours.len());
    }
    let ours: Vec<String> = logs(&d)
        .into_iter()
        .filter(|n| !FOREIGN.contains(&n.as_str()))
        .collect();
    assert_eq!(ours, ["app.000018.log", "app.000019.log", "app.000020.log"]);
    assert_eq!(read(&d, "app.000020.log"), "line 19\n");
    foreign_intact(&d);
    fs::remove_dir_all(&d).unwrap();
}

#[test]
fn keep_bytes_bounds_the_total_and_keeps_the_current_file() {
    let d = dir("keep-bytes");
    put_foreign(&d);
    let c = clock(T14);
    let sink = RollingFile::builder(&d, "app")
        .every(Period::Hour)
        .max_bytes(100)
        .keep_bytes(250)
        .clock(Arc::clone(&c))
        .build()
        .unwrap();
    let ours = |d: &Path| -> Vec<String> {
        logs(d)
            .into_iter()
            .filter(|n| !FOREIGN.contains(&n.as_str()))
            .collect()
    };
    let total = |d: &Path| -> u64 {
        ours(d)
            .iter()
            .map(|n| fs::metadata(d.join(n)).unwrap().len())
            .sum()
    };
    let line = [b'y'; 29]
        .iter()
        .copied()
        .chain([b'\n'])
        .collect::<Vec<u8>>();
    for i in 0..60 {
        sink.write_line(&line).unwrap();
        if i % 25 == 24 {
            c.advance(3_600, 0);
        }
        assert!(total(&d) <= 250, "{} bytes after line {i}", total(&d));
    }
    // 3 lines per file: the newest files, 240 bytes at most.
    assert!(ours(&d).len() >= 3);
    // A current file bigger than the limit is kept, everything older goes.
    let big = vec![b'z'; 400]
        .into_iter()
        .chain([b'\n'])
        .collect::<Vec<u8>>();
    sink.write_line(&big).unwrap();
    assert_eq!(ours(&d), [file_name(&sink.current_path())]);
    foreign_intact(&d);
    fs::remove_dir_all(&d).unwrap();
}

// ---------------------------------------------------------------------------
// The current link.

#[cfg(unix)]
#[test]
fn the_link_follows_every_rotation() {
    let d = dir("link");
    let c = clock(T14 + 3_590);
    let sink = RollingFile::builder(&d, "app")
        .every(Period::Hour)
        .max_bytes(30)
        .current_link("app.log")
        .clock(Arc::clone(&c))
        .build()
        .unwrap();
    let link = d.join("app.log");
    for i in 0..12 {
        if i == 6 {
            c.advance(60, 0);
        }
        sink.write_line(format!("line {i:02} of the test\n").as_bytes())
            .unwrap();
        let target = fs::read_link(&link).unwrap();
        assert_eq!(
            target,
            Path::new(&file_name(&sink.current_path())),
            "line {i}"
        );
        assert!(fs::read_to_string(&link)
            .unwrap()
            .ends_with(&format!("line {i:02} of the test\n")));
    }
    assert_eq!(
        file_name(&fs::read_link(&link).unwrap()),
        "app.2026-12-01T15.005.log"
    );
    // Only the link and the files: no temporary link left behind.
    let mut want = logs(&d);
    want.push("app.log".into());
    want.sort();
    assert_eq!(names(&d), want);
    drop(sink);
    // A regular file where the link should go is never replaced.
    let e = dir("link-file");
    fs::create_dir_all(&e).unwrap();
    fs::write(e.join("app.log"), b"precious\n").unwrap();
    let err = RollingFile::builder(&e, "app")
        .current_link("app.log")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    assert_eq!(fs::read(e.join("app.log")).unwrap(), b"precious\n");
    fs::remove_dir_all(&d).unwrap();
    fs::remove_dir_all(&e).unwrap();
}

// ---------------------------------------------------------------------------
// Files moved or deleted from outside.

#[test]
fn logrotate_rename_is_noticed_within_a_second() {
    let d = dir("rename");
    let c = clock(T14);
    let sink = RollingFile::builder(&d, "app")
        .clock(Arc::clone(&c))
        .build()
        .unwrap();
    let path = sink.current_path();
    let name = file_name(&path);
    sink.write_line(b"a\n").unwrap();
    fs::rename(&path, d.join(format!("{name}.1"))).unwrap();
    // Within the same second the sink has not looked: the line follows the
    // open file to its new name.
    c.advance(0, 999_999_999);
    sink.write_line(b"b\n").unwrap();
    c.advance(0, 1);
    sink.write_line(b"c\n").unwrap();
    assert_eq!(sink.current_path(), path);
    assert_eq!(read(&d, &format!("{name}.1")), "a\nb\n");
    assert_eq!(read(&d, &name), "c\n");
    // Rename and create (logrotate's `create`): the new empty file is
    // taken and appended to.
    fs::rename(&path, d.join(format!("{name}.2"))).unwrap();
    fs::write(&path, b"").unwrap();
    sink.write_line(b"d\n").unwrap();
    c.advance(1, 0);
    sink.write_line(b"e\n").unwrap();
    assert_eq!(read(&d, &format!("{name}.2")), "c\nd\n");
    assert_eq!(read(&d, &name), "e\n");
    // A clock set back does not put the next check off until it catches up.
    c.advance(-600, 0);
    fs::rename(&path, d.join(format!("{name}.3"))).unwrap();
    sink.write_line(b"f\n").unwrap();
    assert_eq!(read(&d, &name), "f\n");
    fs::remove_dir_all(&d).unwrap();
}

#[test]
fn a_deleted_file_is_recreated_and_reopen_works_at_once() {
    let d = dir("delete");
    let c = clock(T14);
    let sink = RollingFile::builder(&d, "app")
        .clock(Arc::clone(&c))
        .build()
        .unwrap();
    let path = sink.current_path();
    sink.write_line(b"a\n").unwrap();
    fs::remove_file(&path).unwrap();
    c.advance(1, 0);
    sink.write_line(b"b\n").unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "b\n");
    // Explicit reopen: no clock needed.
    let moved = d.join("moved.log");
    fs::rename(&path, &moved).unwrap();
    sink.reopen().unwrap();
    sink.write_line(b"c\n").unwrap();
    assert_eq!(fs::read_to_string(&moved).unwrap(), "b\n");
    assert_eq!(fs::read_to_string(&path).unwrap(), "c\n");
    // Reopening the same file appends.
    sink.reopen().unwrap();
    sink.write_line(b"d\n").unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "c\nd\n");
    fs::remove_dir_all(&d).unwrap();
}

#[test]
fn a_moved_file_during_size_rotation_loses_nothing() {
    let d = dir("move-size");
    let c = clock(T14);
    let sink = Arc::new(
        RollingFile::builder(&d, "app")
            .max_bytes(64)
            .keep_files(1_000)
            .clock(Arc::clone(&c))
            .build()
            .unwrap(),
    );
    let log = json_logger(Arc::clone(&sink));
    let mut moved = 0;
    for n in 0..300u64 {
        spoolog::info!(logger: &log, n; "l");
        if n % 17 == 0 {
            let p = sink.current_path();
            fs::rename(&p, d.join(format!("{}.moved{moved}", file_name(&p)))).unwrap();
            moved += 1;
            c.advance(1, 0);
        }
    }
    log.flush().unwrap();
    assert_eq!(log.errors(), 0);
    let mut seen = HashSet::new();
    for name in names(&d) {
        for r in parse(&read(&d, &name)) {
            assert!(seen.insert(r["n"].as_u64().unwrap()), "twice");
        }
    }
    assert_eq!(seen.len(), 300);
    fs::remove_dir_all(&d).unwrap();
}

// ---------------------------------------------------------------------------
// Failures.

#[test]
fn a_removed_directory_gives_errors_then_recovers() {
    let d = dir("gone");
    let c = clock(T14);
    let sink = Arc::new(
        RollingFile::builder(&d, "app")
            .max_bytes(1_000)
            .every(Period::Hour)
            .current_link("app.log")
            .clock(Arc::clone(&c))
            .build()
            .unwrap(),
    );
    let log = json_logger(Arc::clone(&sink));
    spoolog::info!(logger: &log, n = 0; "before");
    fs::remove_dir_all(&d).unwrap();
    c.advance(1, 0);
    spoolog::info!(logger: &log, n = 1; "dir gone");
    assert!(sink.write_line(b"{\"n\":2}\n").is_err());
    let e = sink.write_lines(b"{\"n\":3}\n{\"n\":4}\n").unwrap_err();
    assert_eq!(e.lost, 2);
    // Still gone across a period change.
    c.advance(3_600, 0);
    assert!(sink.write_line(b"{\"n\":5}\n").is_err());
    let _ = sink.flush();
    assert_eq!(log.errors(), 1);
    fs::create_dir_all(&d).unwrap();
    spoolog::info!(logger: &log, n = 6; "back");
    sink.write_line(b"{\"n\":7}\n").unwrap();
    log.flush().unwrap();
    assert_eq!(log.errors(), 1);
    assert_eq!(file_name(&sink.current_path()), "app.2026-12-01T15.000.log");
    let text = read(&d, "app.2026-12-01T15.000.log");
    let n: Vec<u64> = parse(&text)
        .iter()
        .map(|r| r["n"].as_u64().unwrap())
        .collect();
    assert_eq!(n, [6, 7]);
    #[cfg(unix)]
    assert_eq!(
        fs::read_link(d.join("app.log")).unwrap(),
        Path::new("app.2026-12-01T15.000.log")
    );
    fs::remove_dir_all(&d).unwrap();
}

#[test]
fn a_rotation_that_cannot_create_a_file_keeps_writing_the_current_one() {
    let d = dir("no-name");
    let c = clock(T14);
    let sink = RollingFile::builder(&d, "app")
        .max_bytes(10)
        .clock(Arc::clone(&c))
        .build()
        .unwrap();
    // Every name the next rotation could take is a directory.
    for i in 1..=1_000 {
        fs::create_dir(d.join(format!("app.{i:06}.log"))).unwrap();
    }
    sink.write_line(b"one 1\n").unwrap();
    sink.write_line(b"two 2\n").unwrap(); // no next file: written here
    sink.write_line(b"three\n").unwrap();
    assert_eq!(read(&d, "app.000000.log"), "one 1\ntwo 2\nthree\n");
    fs::remove_dir(d.join("app.000001.log")).unwrap();
    // Tried again after a second.
    sink.write_line(b"four\n").unwrap();
    assert_eq!(file_name(&sink.current_path()), "app.000000.log");
    c.advance(1, 0);
    sink.write_line(b"five\n").unwrap();
    assert_eq!(file_name(&sink.current_path()), "app.000001.log");
    assert_eq!(read(&d, "app.000001.log"), "five\n");
    fs::remove_dir_all(&d).unwrap();
}

// ---------------------------------------------------------------------------
// A line cut by a file-size limit (`RLIMIT_FSIZE`, in a child) while the
// file is rotated.

fn child_arg() -> Option<String> {
    std::env::var(ENV).ok()
}

/// Writes numbered lines under a 4,000-byte file-size limit until one is
/// cut, then (`stays`) lifts the limit before the hour changes, or
/// (`spills`) lets the hour change while the old file still refuses bytes;
/// then writes more without a limit. Prints how many lines failed.
#[test]
fn child_cut_line_across_rotation() {
    let Some(arg) = child_arg() else { return };
    let (mode, dir) = arg.split_once(':').unwrap();
    let c = clock(T14);
    let sink = RollingFile::builder(dir, "app")
        .every(Period::Hour)
        .clock(Arc::clone(&c))
        .build()
        .unwrap();
    let log = json_logger(sink);
    let pad = "p".repeat(90);
    // SAFETY (test): plain libc calls with valid arguments.
    let set = |limit: Option<u64>| unsafe {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::getrlimit(libc::RLIMIT_FSIZE, &mut lim);
        lim.rlim_cur = limit.map_or(lim.rlim_max, |l| l as libc::rlim_t);
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &lim), 0);
    };
    // SAFETY (test): ignoring SIGXFSZ so that writes fail with EFBIG.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    set(Some(4_000));
    let mut n = 0u64;
    while n < 60 {
        spoolog::info!(logger: &log, n, pad = pad.as_str(); "line");
        n += 1;
    }
    if mode == "stays" {
        set(None);
    }
    c.advance(3_600, 0);
    for _ in 0..10 {
        spoolog::info!(logger: &log, n, pad = pad.as_str(); "line");
        n += 1;
    }
    set(None);
    for _ in 0..10 {
        spoolog::info!(logger: &log, n, pad = pad.as_str(); "line");
        n += 1;
    }
    log.flush().unwrap();
    eprintln!("failed={}", log.lost());
    std::process::exit(0);
}

fn run_cut_line_child(mode: &str) -> (PathBuf, u64) {
    let d = dir(&format!("cut-{mode}"));
    fs::create_dir_all(&d).unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_cut_line_across_rotation",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(ENV, format!("{mode}:{}", d.display()))
        .output()
        .unwrap();
    assert!(out.status.success(), "child failed: {:?}", out.status);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let failed = stderr
        .lines()
        .find_map(|l| l.strip_prefix("failed="))
        .and_then(|s| s.trim().parse().ok())
        .expect("child reports failed=");
    (d, failed)
}

#[cfg(unix)]
#[test]
fn a_cut_line_is_finished_in_the_old_file_when_it_can_be() {
    let (d, failed) = run_cut_line_child("stays");
    let files = logs(&d);
    assert_eq!(
        files,
        ["app.2026-12-01T14.000.log", "app.2026-12-01T15.000.log"]
    );
    // Each file holds whole lines: the cut one was finished in the old file.
    let old = parse(&read(&d, &files[0]));
    let new = parse(&read(&d, &files[1]));
    let n: Vec<u64> = old
        .iter()
        .chain(&new)
        .map(|r| r["n"].as_u64().unwrap())
        .collect();
    assert!(n.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(new.first().unwrap()["n"], 60);
    assert_eq!(n.len() as u64 + failed, 80, "every line written or counted");
    fs::remove_dir_all(&d).unwrap();
}

#[cfg(unix)]
#[test]
fn a_cut_line_spills_into_the_new_file_when_the_old_one_refuses() {
    let (d, failed) = run_cut_line_child("spills");
    let files = logs(&d);
    assert_eq!(
        files,
        ["app.2026-12-01T14.000.log", "app.2026-12-01T15.000.log"]
    );
    let old = read(&d, &files[0]);
    let new = read(&d, &files[1]);
    // The old file ends in the start of the cut line, the new one starts
    // with its rest: read in order, every line is whole.
    assert!(!old.ends_with('\n'));
    assert!(!new.starts_with('{'));
    let records = parse(&format!("{old}{new}"));
    let n: Vec<u64> = records.iter().map(|r| r["n"].as_u64().unwrap()).collect();
    assert!(n.windows(2).all(|w| w[0] < w[1]));
    assert!(n.contains(&60) && n.ends_with(&[79]));
    assert_eq!(n.len() as u64 + failed, 80, "every line written or counted");
    fs::remove_dir_all(&d).unwrap();
}
