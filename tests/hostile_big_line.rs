//! A `Display` value that writes 10 MiB into one line: the line reaches the
//! sink whole and parses, and afterwards the grown buffer is *not* kept by
//! the logger's pool (it exceeds the 64 KiB cap), so live heap memory goes
//! back to where it was. Live bytes are counted exactly by a global
//! allocator, which is why this is its own test binary (one test function,
//! so nothing else allocates concurrently).

mod adv_support;

use adv_support::{checked_lines, get, parse_logfmt};
use spoolog::logger::ColorChoice;
use spoolog::sink::Sink;
use spoolog::{Format, Logger};
use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt;
use std::io;
use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY (of the impl and of each `unsafe` call in it): forwards to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Relaxed);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size() as isize, Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_add(new_size as isize - layout.size() as isize, Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const MIB: usize = 1 << 20;
const BIG: usize = 10 * MIB;

/// Writes `BIG` bytes in 64-byte chunks that need escaping in every format
/// (a quote, a backslash, a newline, a tab).
struct Huge;

const CHUNK: &str = "0123456789 \"quoted\" back\\slash new\nline tab\there 0123456789abcde";

impl fmt::Display for Huge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        assert_eq!(CHUNK.len(), 64);
        for _ in 0..BIG / CHUNK.len() {
            f.write_str(CHUNK)?;
        }
        Ok(())
    }
}

/// Checks each line as it arrives (so no copy of the big line outlives the
/// call) and remembers only the lengths.
struct Checker {
    format: Format,
    lens: Mutex<Vec<usize>>,
}

impl Sink for Checker {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        let lines = checked_lines(line);
        assert_eq!(lines.len(), 1, "one write_line, one line");
        let want = CHUNK.repeat(BIG / CHUNK.len());
        let big = line.len() > MIB;
        match self.format {
            Format::Json => {
                let v: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
                if big {
                    assert!(v["v"].as_str().unwrap() == want, "big value mangled");
                }
            }
            Format::Logfmt => {
                if big {
                    assert!(
                        get(&parse_logfmt(&lines[0]), "v") == want,
                        "big value mangled"
                    );
                }
            }
            _ => {
                if big {
                    // Text fields use the logfmt writer.
                    let at = lines[0].find(" v=").unwrap();
                    assert!(get(&parse_logfmt(&lines[0][at + 1..]), "v") == want);
                }
            }
        }
        self.lens.lock().unwrap().push(line.len());
        Ok(())
    }
}

fn live() -> isize {
    LIVE.load(Relaxed)
}

fn run(format: Format, max_buffer: Option<usize>) -> isize {
    let checker = Arc::new(Checker {
        format,
        lens: Mutex::new(Vec::with_capacity(1024)),
    });
    let mut b = Logger::builder()
        .format(format)
        .color(ColorChoice::Never)
        .sink(Arc::clone(&checker));
    if let Some(max) = max_buffer {
        b = b.buffers(512, max);
    }
    let log = b.build();
    let small = |n: usize| {
        for i in 0..n {
            spoolog::info!(logger: &log, i = i, s = "small"; "small line {}", i);
        }
    };
    small(50); // warm the pool
    let baseline = live();
    spoolog::info!(logger: &log, v:% = Huge; "big");
    let after_big = live() - baseline;
    small(200);
    let after_small = live() - baseline;
    let lens = std::mem::take(&mut *checker.lens.lock().unwrap());
    assert_eq!(lens.len(), 251);
    assert!(
        lens[50] > BIG,
        "the big line was written whole: {} bytes",
        lens[50]
    );
    assert_eq!(log.errors(), 0);
    eprintln!("{format:?} cap {max_buffer:?}: +{after_big} B after the big line, +{after_small} B after 200 small ones");
    after_big.max(after_small)
}

#[test]
fn a_10_mib_line_is_written_whole_and_its_buffer_is_not_kept() {
    for format in [Format::Json, Format::Logfmt, Format::Text] {
        // Default cap (64 KiB): the 16 MiB buffer the line grew into is freed.
        let kept = run(format, None);
        assert!(kept < 256 * 1024, "{format:?}: {kept} bytes still live");
    }
    // Control: with a cap above the line size the buffer *is* kept, which
    // shows the measurement above would have seen a retained buffer.
    let kept = run(Format::Json, Some(64 * MIB));
    assert!(kept > BIG as isize, "cap 64 MiB: only {kept} bytes kept");
}
