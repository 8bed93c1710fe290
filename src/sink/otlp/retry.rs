//! When to try a request again.

use std::time::Duration;

/// Exponential back-off with jitter: the first wait is about `initial`,
/// each next one about twice the last, never more than `max`; each is
/// drawn from the upper half of its step (`[d/2, d]`), so that many
/// processes that lost the same receiver do not come back in step.
#[derive(Clone, Debug)]
pub(super) struct Backoff {
    initial: Duration,
    max: Duration,
    next: Duration,
    rng: u64,
}

impl Backoff {
    pub(super) fn new(initial: Duration, max: Duration, seed: u64) -> Backoff {
        Backoff {
            initial,
            max: max.max(initial),
            next: initial,
            rng: seed | 1,
        }
    }

    /// Start over (a request went through).
    pub(super) fn reset(&mut self) {
        self.next = self.initial;
    }

    /// The wait before the next attempt.
    pub(super) fn wait(&mut self) -> Duration {
        let step = self.next;
        self.next = (step * 2).min(self.max);
        let half = step / 2;
        let spread = (step - half).as_nanos() as u64;
        let r = self.random();
        half + Duration::from_nanos(if spread == 0 { 0 } else { r % (spread + 1) })
    }

    /// xorshift64*: plenty for jitter.
    fn random(&mut self) -> u64 {
        let mut x = self.rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// Whether a status means "try again later" (OTLP/HTTP: 429, 502, 503,
/// 504); every other failure status drops the request.
pub(super) const fn retryable(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_cap_within_jitter() {
        let ms = Duration::from_millis;
        let mut b = Backoff::new(ms(100), ms(1000), 42);
        let steps = [100, 200, 400, 800, 1000, 1000, 1000];
        for _ in 0..50 {
            b.reset();
            for step in steps {
                let w = b.wait();
                assert!(w >= ms(step) / 2 && w <= ms(step), "{w:?} for {step}");
            }
        }
    }

    #[test]
    fn zero_initial_never_waits() {
        let mut b = Backoff::new(Duration::ZERO, Duration::ZERO, 0);
        assert_eq!(b.wait(), Duration::ZERO);
        assert_eq!(b.wait(), Duration::ZERO);
    }

    #[test]
    fn statuses() {
        for s in [429, 502, 503, 504] {
            assert!(retryable(s));
        }
        for s in [200, 400, 401, 404, 413, 500, 501] {
            assert!(!retryable(s));
        }
    }
}
