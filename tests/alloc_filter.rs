//! Filter decisions allocate nothing: `enabled`, `level_for`, `max_level`
//! and, once warm, the regex message filter (own process without the test
//! harness, like the other allocation proofs).
#[global_allocator]
static ALLOC: spoolog::testing::Alloc = spoolog::testing::Alloc;

use spoolog::filter::Filter;
use spoolog::Level;
use std::hint::black_box;

fn main() {
    let _profiler = spoolog::testing::start();
    let (f, _) = Filter::from_env_spec("info,app=debug,app::db=off,ap=warn,=trace/up.*stream");
    let targets = ["app::db::pool", "apple", "other", "", "app::http"];
    let mut i = 0;
    spoolog::testing::assert_no_allocs(
        "Filter::enabled / level_for / max_level",
        10,
        10_000,
        || {
            i += 1;
            let t = black_box(targets[i % targets.len()]);
            black_box(f.enabled(Level::ALL[i % 5], t));
            black_box(f.level_for(t));
            black_box(f.max_level());
            black_box(f.default_level());
        },
    );
    let messages = ["upstream timed out", "downstream", ""];
    spoolog::testing::assert_no_allocs("Filter::message_matches", 10, 10_000, || {
        i += 1;
        black_box(f.message_matches(black_box(messages[i % messages.len()])));
    });
    println!("test filter_decisions_allocate_nothing ... ok");
    println!("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}
