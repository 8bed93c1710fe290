//! spoolog and its peers on the standard workloads of `WORKLOADS.md`.
//!
//! Every implementation is a value with one method, [`Imp::call`], that emits
//! one line for loop counter `i` into an [`Out`]: a writer that counts the
//! bytes and throws them away (or, in the tests, also keeps them). The bench
//! (`benches/workloads.rs`), the output tests (`tests/output.rs`) and the
//! callgrind example share these constructors, so what is timed is what is
//! checked.

pub mod alloc;
pub mod imps;
pub mod input;
pub mod out;
pub mod wait;

pub use alloc::{AllocSnapshot, CountingAlloc};
pub use input::Req;
pub use out::Out;

/// One implementation of one workload.
pub trait Imp: Sync {
    /// Emit one line (or, for W0, nothing) for loop counter `i`.
    fn call(&self, i: u64);

    /// Where the lines go.
    fn out(&self) -> &Out;

    /// Run `f` with whatever per-thread setup the implementation needs
    /// (tracing's scoped dispatcher). Call it outside the timed loop.
    fn scope<R>(&self, f: impl FnOnce() -> R) -> R {
        f()
    }
}
