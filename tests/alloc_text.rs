//! Zero heap allocations per call in the text format (own process: dhat
//! counts every thread's allocations).
#[global_allocator]
static ALLOC: spoolog::testing::Alloc = spoolog::testing::Alloc;

mod common;

#[test]
fn text_allocates_nothing_per_call() {
    common::prove_zero_allocs(spoolog::Format::Text);
}
