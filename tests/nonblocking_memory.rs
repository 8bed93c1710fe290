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
    let front = resident().expect("statm") - before;
    // The writer thread's own buffer is made when it starts; a flush
    // returns only after it has taken a batch, so by then it exists.
    nb.write_line(b"x\n").expect("queued");
    nb.flush().expect("flush");
    let both = resident().expect("statm") - before;
    drop(guard);
    assert!(
        front >= cap * 9 / 10,
        "the front buffer is not resident when the writer is built: {} MiB of {} MiB",
        front / MIB,
        cap / MIB
    );
    assert!(
        both >= 2 * cap * 9 / 10,
        "the writer's buffer is not resident once it runs: {} MiB of {} MiB",
        both / MIB,
        2 * cap / MIB
    );
    println!("test queue_is_resident_when_built ... ok");
    println!("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}
