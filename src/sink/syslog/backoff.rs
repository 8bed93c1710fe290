//! When to try connecting again, and for how long a write waits for it.
//!
//! An outage starts with the first failed attempt. Attempts follow each
//! other after a delay that starts at `min` and doubles up to `max`. A
//! write that finds the server away waits — sleeping between attempts —
//! until it connects or the outage is `give_up` old; from then on a write
//! makes at most one attempt, when one is due, and fails at once otherwise,
//! so a long outage costs each write nothing until the server is back.
//!
//! The outage ends when records get through, not when a connection is
//! made: a server that accepts and then resets every connection is an
//! outage too.

use std::io;
use std::time::{Duration, Instant};

/// The reconnection policy (see the module documentation).
#[derive(Clone, Copy, Debug)]
pub(super) struct Retry {
    pub(super) min: Duration,
    pub(super) max: Duration,
    /// `None`: wait for ever.
    pub(super) give_up: Option<Duration>,
}

/// The state of an outage.
#[derive(Debug, Default)]
pub(super) struct Outage {
    /// When the first attempt of this outage failed; `None`: no outage.
    since: Option<Instant>,
    next_try: Option<Instant>,
    delay: Duration,
    last_error: Option<io::ErrorKind>,
}

impl Outage {
    /// Connect with `attempt`, waiting between attempts as `retry` says.
    pub(super) fn connect<T>(
        &mut self,
        retry: &Retry,
        mut attempt: impl FnMut() -> io::Result<T>,
    ) -> io::Result<T> {
        loop {
            let now = Instant::now();
            let deadline = match (self.since, retry.give_up) {
                (Some(since), Some(g)) => Some(since + g),
                _ => None,
            };
            let given_up = deadline.is_some_and(|d| now >= d);
            if let Some(next) = self.next_try.filter(|&t| t > now) {
                if given_up {
                    return Err(io::Error::new(
                        self.last_error.unwrap_or(io::ErrorKind::NotConnected),
                        "syslog server unreachable; retrying in the background of later writes",
                    ));
                }
                let wake = deadline.map_or(next, |d| next.min(d));
                std::thread::sleep(wake.saturating_duration_since(now));
                continue;
            }
            match attempt() {
                Ok(t) => return Ok(t),
                Err(e) => {
                    self.failed(retry, e.kind());
                    if given_up {
                        return Err(e);
                    }
                }
            }
        }
    }

    /// An attempt (or a write on a fresh connection) failed.
    pub(super) fn failed(&mut self, retry: &Retry, kind: io::ErrorKind) {
        let now = Instant::now();
        self.since.get_or_insert(now);
        self.delay = if self.delay.is_zero() {
            retry.min
        } else {
            (self.delay * 2).min(retry.max)
        };
        self.next_try = Some(now + self.delay);
        self.last_error = Some(kind);
    }

    /// Records got through: the outage, if any, is over.
    pub(super) fn ended(&mut self) {
        if self.since.is_some() {
            *self = Outage::default();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUICK: Retry = Retry {
        min: Duration::from_millis(1),
        max: Duration::from_millis(4),
        give_up: Some(Duration::from_millis(30)),
    };

    #[test]
    fn retries_until_it_connects() {
        let mut o = Outage::default();
        let mut n = 0;
        let r = o.connect(&QUICK, || {
            n += 1;
            if n < 4 {
                Err(io::ErrorKind::ConnectionRefused.into())
            } else {
                Ok(n)
            }
        });
        assert_eq!(r.unwrap(), 4);
        assert!(o.since.is_some(), "ends when records get through");
        o.ended();
        assert!(o.since.is_none());
    }

    #[test]
    fn gives_up_then_fails_fast_until_an_attempt_is_due() {
        let mut o = Outage::default();
        let mut n = 0;
        let refuse = |n: &mut i32| -> io::Result<()> {
            *n += 1;
            Err(io::ErrorKind::ConnectionRefused.into())
        };
        let e = o.connect(&QUICK, || refuse(&mut n)).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::ConnectionRefused);
        let tries = n;
        assert!(tries > 3, "{tries}");
        // Given up: a write right after makes no attempt.
        let e = o.connect(&QUICK, || refuse(&mut n)).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::ConnectionRefused);
        assert!(n <= tries + 1);
        // Once an attempt is due, one attempt, and it may succeed.
        std::thread::sleep(Duration::from_millis(5));
        assert!(o.connect(&QUICK, || Ok(())).is_ok());
    }
}
