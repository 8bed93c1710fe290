//! The background writer's queue is resident once it is built: its two
//! buffers are written once at start-up, so the first megabytes of lines
//! do not each pay a page fault on the logging thread (several
//! microseconds a page on a virtual machine). Measured with the process's
//! resident set (`/proc/self/statm`), so this binary runs alone, without
//! the test harness's other threads.

use spoolog::sink::{NonBlocking, Sink};

const MIB: u64 = 1024 * 1024;

/// Discards everything.
struct Discard;
impl Sink for Discard {
    fn write_line(&self, _: &[u8]) -> std::io::Result<()> {
        Ok(())
    }
}

/// Resident bytes of this process.
fn resident() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn main() {
    let Some(before) = resident() else {
        println!("test queue_is_resident_when_built ... skipped (no /proc/self/statm here)");
        return;
    };
    let cap = 64 * MIB;
    let (nb, guard) = NonBlocking::builder()
        .capacity_bytes(cap as usize)
        .spawn(Discard)
        .expect("writer");
    let resident_now = resident().expect("statm") - before;
    drop(guard);
    // Both buffers, the logging threads' and the writer's, are made and
    // mapped before `spawn` returns.
    assert!(
        resident_now >= 2 * cap * 9 / 10,
        "the queue is not resident when the writer is built: {} MiB of {} MiB",
        resident_now / MIB,
        2 * cap / MIB
    );
    drop(nb);
    println!("test queue_is_resident_when_built ... ok");
    println!("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}
