//! STUB — replaced by the time-module work. Interface only.
use std::fmt;

/// A point in time as seconds and nanoseconds since the Unix epoch (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before it).
    pub secs: i64,
    /// Nanoseconds within the second, `0..1_000_000_000`.
    pub nanos: u32,
}

impl UnixTime {
    /// The current wall-clock time.
    pub fn now() -> UnixTime {
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        UnixTime {
            secs: d.as_secs() as i64,
            nanos: d.subsec_nanos(),
        }
    }
}

/// Where timestamps come from; injectable so that tests need not sleep.
pub trait Clock: Send + Sync + 'static {
    /// The current time.
    fn now(&self) -> UnixTime;
}

/// The system's wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> UnixTime {
        UnixTime::now()
    }
}

/// A build-time error in a time pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutError {
    /// Byte offset in the pattern.
    pub position: usize,
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad time pattern at byte {}", self.position)
    }
}
impl std::error::Error for LayoutError {}

/// A pre-parsed time layout.
#[derive(Clone, Debug)]
pub struct TimeLayout {
    pattern: String,
}

impl TimeLayout {
    /// Parse a strftime-style pattern.
    pub fn parse(pattern: &str) -> Result<TimeLayout, LayoutError> {
        Ok(TimeLayout {
            pattern: pattern.to_string(),
        })
    }
    /// RFC 3339, UTC, `digits` fraction digits (0, 3, 6 or 9).
    pub fn rfc3339(digits: u8) -> TimeLayout {
        let _ = digits;
        TimeLayout {
            pattern: "%Y-%m-%dT%H:%M:%S%.6fZ".into(),
        }
    }
    /// `HH:MM:SS`.
    pub fn hms() -> TimeLayout {
        TimeLayout {
            pattern: "%H:%M:%S".into(),
        }
    }
    /// Append the formatted time to `buf`.
    pub fn append(&self, buf: &mut Vec<u8>, t: UnixTime) {
        let dt = chrono::DateTime::from_timestamp(t.secs, t.nanos).unwrap_or_default();
        buf.extend_from_slice(dt.format(&self.pattern).to_string().as_bytes());
    }
    /// True when the output never needs escaping or quoting in any format:
    /// only ASCII letters, digits and `-:.+T_/,` appear in it.
    pub fn is_plain(&self) -> bool {
        true
    }
    /// The most bytes one `append` can write.
    pub fn max_len(&self) -> usize {
        64
    }
}
