//! `tracing::info!` W2 (outside any span) or W6 (inside W6's two spans),
//! `N` times into the counting writer, through spoolog's layer or
//! tracing-subscriber's JSON formatter, for `scripts/instructions.sh`.
//!
//! `callgrind_layer <spoolog-w2|spoolog-w6|fmt-w6> [N]` (N default 1 000 000).

use spoolog_compare::imps::{spoolog_tracing::Layer, tracing::Fmt};
use spoolog_compare::{Imp, Out};

fn run(imp: &impl Imp, n: u64) {
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

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: callgrind_layer <spoolog-w2|spoolog-w6|fmt-w6> [N]";
    let which = args.next().expect(usage);
    let n: u64 = match args.next() {
        Some(a) => a.parse().expect(usage),
        None => 1_000_000,
    };
    match which.as_str() {
        "spoolog-w2" => run(&Layer::<2>::new(Out::counting(), None), n),
        "spoolog-w6" => run(&Layer::<6>::new(Out::counting(), None), n),
        "fmt-w6" => run(&Fmt::<6>::new(Out::counting()), n),
        _ => panic!("{usage}"),
    }
}
