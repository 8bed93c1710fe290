//! Configuring a [`RollingFile`].

use super::naming::{self, Naming};
use super::retention::{Older, Retention};
use super::{link, next_index, policy::Period, Config, RollingFile, State};
use crate::sink::lines::LineWriter;
use crate::time::{Clock, Offset, SystemClock};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Configures a [`RollingFile`]; made by [`RollingFile::builder`].
///
/// Without [`max_bytes`](Self::max_bytes) or [`every`](Self::every) the
/// sink never rotates while running, but still starts a new file
/// (`app.000001.log`, ...) each time it is built.
///
/// ```
/// use spoolog::sink::{Period, RollingFile};
/// # let dir = std::env::temp_dir().join(format!("spoolog-doc-rb-{}", std::process::id()));
/// let sink = RollingFile::builder(&dir, "app")
///     .suffix("jsonl")
///     .max_bytes(64 << 20)
///     .every(Period::Hour)
///     .local_time()
///     .keep_files(48)
///     .keep_bytes(2 << 30)
///     .build()?;
/// # drop(sink);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct RollingBuilder {
    dir: PathBuf,
    base: String,
    suffix: String,
    max_bytes: Option<u64>,
    period: Option<Period>,
    offset: Offset,
    retention: Retention,
    link: Option<String>,
    clock: Box<dyn Clock>,
}

impl RollingBuilder {
    pub(super) fn new(dir: &Path, base: &str) -> RollingBuilder {
        RollingBuilder {
            dir: dir.to_path_buf(),
            base: base.to_owned(),
            suffix: "log".to_owned(),
            max_bytes: None,
            period: None,
            offset: Offset::Utc,
            retention: Retention::default(),
            link: None,
            clock: Box::new(SystemClock),
        }
    }

    /// The file name's ending, without the dot (default `log`; `""` for
    /// none).
    ///
    /// ```
    /// use spoolog::sink::RollingFile;
    /// # let dir = std::env::temp_dir().join(format!("spoolog-doc-suffix-{}", std::process::id()));
    /// let sink = RollingFile::builder(&dir, "app").suffix("json").build()?;
    /// assert!(sink.current_path().ends_with("app.000000.json"));
    /// # drop(sink);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn suffix(mut self, suffix: &str) -> RollingBuilder {
        suffix.clone_into(&mut self.suffix);
        self
    }

    /// Start a new file before a line that would take the current one past
    /// `bytes` (at least 1). A line longer than that goes alone into a file
    /// of its own.
    ///
    /// ```
    /// use spoolog::sink::{RollingFile, Sink};
    /// # let dir = std::env::temp_dir().join(format!("spoolog-doc-max-{}", std::process::id()));
    /// let sink = RollingFile::builder(&dir, "app").max_bytes(10).build()?;
    /// sink.write_line(b"12345\n")?;
    /// sink.write_line(b"12345\n")?; // would make 12 bytes: a new file
    /// assert!(sink.current_path().ends_with("app.000001.log"));
    /// # drop(sink);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn max_bytes(mut self, bytes: u64) -> RollingBuilder {
        self.max_bytes = Some(bytes);
        self
    }

    /// Start a new file at the start of every `period` (together with
    /// [`max_bytes`](Self::max_bytes), whichever comes first), in UTC
    /// unless [`local_time`](Self::local_time) or
    /// [`offset`](Self::offset) says otherwise.
    ///
    /// ```
    /// use spoolog::sink::{Period, RollingFile};
    /// use spoolog::time::{ManualClock, UnixTime};
    /// # let dir = std::env::temp_dir().join(format!("spoolog-doc-every-{}", std::process::id()));
    /// let sink = RollingFile::builder(&dir, "app")
    ///     .every(Period::Minute)
    ///     .clock(ManualClock::new(UnixTime { secs: 1_796_133_900, nanos: 0 }))
    ///     .build()?;
    /// assert!(sink.current_path().ends_with("app.2026-12-01T14-05.000.log"));
    /// # drop(sink);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn every(mut self, period: Period) -> RollingBuilder {
        self.period = Some(period);
        self
    }

    /// Periods and file names follow UTC (the default).
    ///
    /// ```
    /// # use spoolog::sink::{Period, RollingFile};
    /// let b = RollingFile::builder("logs", "app").every(Period::Day).utc();
    /// # let _ = b;
    /// ```
    pub fn utc(self) -> RollingBuilder {
        self.offset(Offset::Utc)
    }

    /// Periods and file names follow the system's local time (chrono's
    /// `Local`, asked once per rotation). Across a daylight-saving change
    /// the local clock decides: a day may have 23 or 25 hours, and the
    /// hour repeated in autumn is one file.
    ///
    /// ```
    /// # use spoolog::sink::{Period, RollingFile};
    /// let b = RollingFile::builder("logs", "app").every(Period::Day).local_time();
    /// # let _ = b;
    /// ```
    pub fn local_time(self) -> RollingBuilder {
        self.offset(Offset::Local)
    }

    /// Periods and file names follow `offset`: UTC, a fixed offset, or
    /// local time.
    ///
    /// ```
    /// use spoolog::sink::{Period, RollingFile};
    /// use spoolog::time::{ManualClock, Offset, UnixTime};
    /// # let dir = std::env::temp_dir().join(format!("spoolog-doc-offset-{}", std::process::id()));
    /// let sink = RollingFile::builder(&dir, "app")
    ///     .every(Period::Hour)
    ///     .offset(Offset::Fixed(19_800)) // +05:30
    ///     .clock(ManualClock::new(UnixTime { secs: 1_796_133_600, nanos: 0 })) // 14:00Z
    ///     .build()?;
    /// assert!(sink.current_path().ends_with("app.2026-12-01T19.000.log"));
    /// # drop(sink);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn offset(mut self, offset: Offset) -> RollingBuilder {
        self.offset = offset;
        self
    }

    /// Keep at most `files` files (at least 1), the current one included:
    /// the oldest of this sink's files are deleted when a new one starts.
    ///
    /// ```
    /// use spoolog::sink::{RollingFile, Sink};
    /// # let dir = std::env::temp_dir().join(format!("spoolog-doc-keep-{}", std::process::id()));
    /// let sink = RollingFile::builder(&dir, "app").max_bytes(4).keep_files(2).build()?;
    /// for _ in 0..5 {
    ///     sink.write_line(b"abc\n")?;
    /// }
    /// assert_eq!(std::fs::read_dir(&dir)?.count(), 2);
    /// # drop(sink);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn keep_files(mut self, files: usize) -> RollingBuilder {
        self.retention.files = Some(files);
        self
    }

    /// Keep at most `bytes` bytes in this sink's files, the current one
    /// included: the oldest files are deleted as soon as the total would
    /// pass it. The current file is never deleted, even when it alone is
    /// larger.
    ///
    /// ```
    /// use spoolog::sink::{RollingFile, Sink};
    /// # let dir = std::env::temp_dir().join(format!("spoolog-doc-kb-{}", std::process::id()));
    /// let sink = RollingFile::builder(&dir, "app").max_bytes(8).keep_bytes(16).build()?;
    /// for _ in 0..10 {
    ///     sink.write_line(b"abc\n")?;
    /// }
    /// let total: u64 = std::fs::read_dir(&dir)?.map(|e| e.unwrap().metadata().unwrap().len()).sum();
    /// assert!(total <= 16);
    /// # drop(sink);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn keep_bytes(mut self, bytes: u64) -> RollingBuilder {
        self.retention.bytes = Some(bytes);
        self
    }

    /// Keep a symbolic link named `name` in the directory that always
    /// points at the file being written, switched atomically at each
    /// rotation (Unix only: elsewhere `build` fails). `name` must be a
    /// plain file name that is not one of the rotated names; an existing
    /// regular file by that name is never replaced (`build` fails).
    ///
    /// ```
    /// use spoolog::sink::RollingFile;
    /// # let dir = std::env::temp_dir().join(format!("spoolog-doc-link-{}", std::process::id()));
    /// let sink = RollingFile::builder(&dir, "app").current_link("app.log").build()?;
    /// # #[cfg(unix)]
    /// assert_eq!(std::fs::read_link(dir.join("app.log"))?, std::path::Path::new("app.000000.log"));
    /// # drop(sink);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn current_link(mut self, name: &str) -> RollingBuilder {
        self.link = Some(name.to_owned());
        self
    }

    /// Where the sink reads the time (default [`SystemClock`]): for
    /// periods, and for checking at most once a second whether its file
    /// was moved. A [`ManualClock`](crate::time::ManualClock) (shared
    /// through an `Arc`) lets tests move time by hand.
    ///
    /// ```
    /// use spoolog::sink::RollingFile;
    /// use spoolog::time::{ManualClock, UnixTime};
    /// use std::sync::Arc;
    ///
    /// let clock = Arc::new(ManualClock::new(UnixTime { secs: 0, nanos: 0 }));
    /// let b = RollingFile::builder("logs", "app").clock(Arc::clone(&clock));
    /// # let _ = b;
    /// clock.advance(3_600, 0);
    /// ```
    pub fn clock(mut self, clock: impl Clock) -> RollingBuilder {
        self.clock = Box::new(clock);
        self
    }

    /// Create the directory if needed, start the first file (after the
    /// highest index already there for the current period, so nothing is
    /// overwritten), apply retention and make the link.
    ///
    /// Fails with `InvalidInput` for a zero `max_bytes` or `keep_files`, a
    /// base name, suffix or link name that is empty (the suffix may be) or
    /// holds a path separator, or a link name that is a rotated name; with
    /// the I/O error if the directory or the file cannot be made.
    ///
    /// ```
    /// use spoolog::sink::RollingFile;
    /// let e = RollingFile::builder("logs", "a/b").build().unwrap_err();
    /// assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
    /// ```
    pub fn build(self) -> io::Result<RollingFile> {
        let invalid = |msg: &str| io::Error::new(io::ErrorKind::InvalidInput, msg);
        if self.max_bytes == Some(0) {
            return Err(invalid("rolling file max_bytes must be at least 1"));
        }
        if self.retention.files == Some(0) {
            return Err(invalid("rolling file keep_files must be at least 1"));
        }
        let naming = Naming::new(&self.base, &self.suffix, self.period)?;
        if let Some(link) = &self.link {
            naming::check_part("current link", link, false)?;
            if link == "." || link == ".." || naming.parse(link).is_some() {
                return Err(invalid(
                    "rolling file current_link must be a file name other than a rotated name",
                ));
            }
        }
        fs::create_dir_all(&self.dir)?;
        let dir = std::path::absolute(&self.dir)?;
        let sink = RollingFile {
            config: Config {
                dir,
                naming,
                max_bytes: self.max_bytes,
                offset: self.offset,
                retention: self.retention,
                link: self.link,
            },
            clock: self.clock,
            state: Mutex::new(State {
                current: None,
                key: super::Key {
                    stamp: None,
                    index: 0,
                },
                name: String::new(),
                path: PathBuf::new(),
                size: 0,
                next_period: i64::MAX,
                back_limit: i64::MIN,
                next_check: i64::MIN,
                retry_at: i64::MIN,
                lines: LineWriter::new(),
                older: Older::default(),
                unsynced: Vec::with_capacity(super::MAX_UNSYNCED),
            }),
        };
        {
            let mut st = sink.lock();
            let now = sink.clock.now().secs;
            let stamp = sink.stamp_at(now);
            let listing = sink.scan()?;
            let (file, key, name) = sink.create(stamp, next_index(&listing, stamp))?;
            sink.install(&mut st, file, key, name, now);
            if sink.config.retention.is_set() {
                st.older.replace(listing, key);
            }
            sink.trim(&mut st);
            if let Some(link) = &sink.config.link {
                link::point(&sink.config.dir, link, &st.name)?;
            }
        }
        Ok(sink)
    }
}

impl fmt::Debug for RollingBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RollingBuilder")
            .field("dir", &self.dir)
            .field("base", &self.base)
            .field("suffix", &self.suffix)
            .field("max_bytes", &self.max_bytes)
            .field("period", &self.period)
            .field("offset", &self.offset)
            .field("keep_files", &self.retention.files)
            .field("keep_bytes", &self.retention.bytes)
            .field("current_link", &self.link)
            .finish_non_exhaustive()
    }
}
