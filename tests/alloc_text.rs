//! Zero heap allocations per call in the text format (own process: dhat
//! counts every thread's allocations, so this binary runs without the
//! test harness: no other thread exists while it measures).
#[global_allocator]
static ALLOC: spoolog::testing::Alloc = spoolog::testing::Alloc;

mod common;

fn main() {
    // text_allocates_nothing_per_call
    common::prove_zero_allocs(spoolog::Format::Text);
    println!("test text_allocates_nothing_per_call ... ok");
    println!("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}
