//! Workload W2 through tracing-subscriber's JSON formatter `N` times
//! (argv[1], default 1 000 000) into the counting writer, the peer
//! counterpart of spoolog's `examples/callgrind.rs` for
//! `scripts/instructions.sh`.

use spoolog_compare::imps::tracing::Fmt;
use spoolog_compare::{Imp, Out};

fn main() {
    let n: u64 = match std::env::args().nth(1) {
        Some(a) => a.parse().expect("usage: callgrind_tracing_w2 [N]"),
        None => 1_000_000,
    };
    let imp = Fmt::<2>::new(Out::counting());
    imp.scope(|| {
        for i in 0..n {
            imp.call(i);
        }
    });
    let bytes = imp.out().bytes();
    eprintln!(
        "{n} lines, {bytes} bytes, {:.1} bytes/line",
        bytes as f64 / n.max(1) as f64
    );
}
