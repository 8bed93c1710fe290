//! A file sink that rotates by size, by time or both, deletes old files,
//! keeps a stable link to the current file and notices when its file is
//! moved or deleted from outside.
//!
//! # Files
//!
//! Names are `<base>.<stamp>.<index>.<suffix>` with time rotation and
//! `<base>.<index>.<suffix>` with size rotation only, for example
//! `app.2026-12-01T14.000.log`, `app.2026-12-01T14.001.log`, `app.000000.log`
//! (see `naming.rs`: fixed widths, so `ls` lists them in the order they
//! were written). When the sink starts it lists the directory and starts a
//! *new* file after the highest index of the current period (or of all
//! files, with size rotation only): a restarted process never overwrites
//! nor appends to an earlier file, whose last line may have been cut by a
//! crash. Files are created with `O_EXCL`, so even two processes
//! configured alike never share a file (each takes the next free index).
//!
//! # When a file is rotated
//!
//! Before each write (a line, or a batch from a background writer) the
//! sink, in this order:
//!
//! 1. at most once per second of its clock, compares the `dev`/`inode` of
//!    the path it writes with the open file's; if the path is gone or names
//!    another file (logrotate's rename-and-create), it opens the path again
//!    (creating it if needed, appending if logrotate created it) and goes on
//!    there. [`RollingFile::reopen`] does the same on demand (on `SIGHUP`,
//!    say).
//! 2. with a [`Period`], starts the file of the new period once the clock
//!    has passed the period's end (the boundary is computed once per file
//!    with chrono, in UTC or the local offset, so a write costs one
//!    comparison). A clock set back by less than a period leaves lines in
//!    the current file, so that a small step around a boundary (NTP) does
//!    not make files flap between two periods; set back further (a clock
//!    that was wrong being fixed), the sink starts a file for the period
//!    the clock now shows, its index after that period's existing files.
//! 3. with a size limit, starts a new file of the same period *before* a
//!    line that would take the current file past the limit. A line is never
//!    split between files; a line longer than the limit goes alone into a
//!    fresh file. A batch is written with one `write` when it fits; only a
//!    batch that would cross the limit is scanned for `\n`, backwards from
//!    the limit, and cut at the last line boundary before it.
//!
//! # A cut line during a rotation
//!
//! Every write goes through `LineWriter` (`sink/lines.rs`): when a write is
//! cut short (disk full), the rest of the line is kept and written before
//! anything else. If a rotation or reopen comes while such a rest is
//! pending, the sink first tries to finish the line in the *old* file, so
//! each file holds whole lines. If the old file still refuses bytes, the
//! rest becomes the first bytes of the new file: the old file then ends in
//! the start of the line and the new one begins with its end, which read in
//! order is still the whole line, and no two records are ever glued
//! together. (Lines refused while the rest could not be written are
//! reported as lost, as in every built-in sink.)
//!
//! # Failures
//!
//! Nothing here panics; I/O errors are returned (the logger counts them).
//!
//! - If the next file cannot be created (directory not writable, no inodes
//!   left) while the current file is still in place, lines go on into the
//!   current file, past its size limit or period if need be, rather than
//!   nowhere, and the rotation is tried again at most once per second.
//! - If the current file is gone and no file can be opened (the directory
//!   was removed), every write fails with the error and tries again to open
//!   the file (or, when the period has changed, to start the new period's
//!   file), so logging resumes with the first write after the directory is
//!   back. The directory is created by `build` only, never later.
//! - Deleting old files and switching the link are best effort during
//!   logging (a failure there never costs a line); the link is switched
//!   again at the next rotation.
//! - Within the second before the sink notices that its file was deleted,
//!   lines go into the deleted file, as with any program that keeps a file
//!   open; [`reopen`](RollingFile::reopen) right after moving a file closes
//!   that window.
//!
//! Opening, listing the directory and deleting allocate; they happen only
//! when a file is rotated or reopened. The write path allocates nothing.

mod builder;
mod link;
mod naming;
mod policy;
mod retention;

pub use builder::RollingBuilder;
pub use policy::Period;

use super::lines::{count_lines, LineWriter, Out};
use super::{LinesError, Sink, DEFAULT_WRITE_TIMEOUT};
use crate::time::{Clock, Offset};
use naming::{Key, Naming};
use retention::{Entry, Older, Retention};
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// How many taken names in a row `create` steps over before giving up.
const CREATE_ATTEMPTS: u32 = 1_000;

/// Files rotated away from (or found moved or deleted) since the last
/// flush stay open until a flush puts them on disk; beyond this many, the
/// oldest is put on disk at the rotation.
pub(super) const MAX_UNSYNCED: usize = 4;

/// A [`Sink`] writing to files in one directory that it rotates by size,
/// by time (every minute, hour or day, in UTC or local time) or both,
/// whichever comes first.
///
/// - Files are named `<base>.<stamp>.<index>.<suffix>`
///   (`app.2026-12-01T14.000.log`, `app.2026-12-01T14.001.log`, ...) with a
///   [`Period`], `<base>.<index>.<suffix>` (`app.000000.log`) without; the
///   names sort in the order they were written, and a restarted process
///   continues after the highest index instead of overwriting.
/// - A size limit is never exceeded by splitting a line: the file is
///   rotated before a line that would not fit (a line longer than the limit
///   goes alone into a file of its own).
/// - Old files are deleted beyond [`keep_files`](RollingBuilder::keep_files)
///   files or [`keep_bytes`](RollingBuilder::keep_bytes) bytes (the current
///   file counts); only files of this sink's naming are ever deleted.
/// - An optional [`current_link`](RollingBuilder::current_link) always
///   points at the file being written.
/// - A file moved or deleted from outside (logrotate) is noticed within a
///   second of the sink's clock, or at [`reopen`](RollingFile::reopen), and
///   writing goes on in a fresh file at the same path.
/// - Lines are never torn or glued together, as in every built-in sink:
///   the rest of a line cut by a failed write is finished first.
///
/// Writes are serialised by one lock; a line is with the operating system
/// when `write_line` returns, and [`flush`](Sink::flush) additionally asks
/// it to put every file written since the last flush on disk
/// (`fdatasync`): the current one and those it rotated away from (the
/// sink keeps up to four of them open for that; past four rotations
/// between two flushes, the oldest is put on disk at the rotation).
///
/// ```
/// use spoolog::sink::{Period, RollingFile, Sink};
/// use spoolog::{Format, Logger};
///
/// # let dir = std::env::temp_dir().join(format!("spoolog-doc-rolling-{}", std::process::id()));
/// let sink = RollingFile::builder(&dir, "app")
///     .max_bytes(10 << 20)
///     .every(Period::Day)
///     .keep_files(14)
///     .build()?;
/// let log = Logger::builder().format(Format::Json).sink(sink).build();
/// spoolog::info!(logger: &log, "started");
/// log.flush()?;
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct RollingFile {
    config: Config,
    clock: Box<dyn Clock>,
    state: Mutex<State>,
}

/// What the builder decided; fixed for the sink's life.
#[derive(Debug)]
struct Config {
    dir: PathBuf,
    naming: Naming,
    max_bytes: Option<u64>,
    offset: Offset,
    retention: Retention,
    link: Option<String>,
}

/// Identifies a file across paths: device and inode on Unix. Elsewhere
/// every file looks the same, so only a deleted path is noticed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FileId(u64, u64);

impl FileId {
    fn of(meta: &fs::Metadata) -> FileId {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            FileId(meta.dev(), meta.ino())
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            FileId(0, 0)
        }
    }
}

/// The file being written.
#[derive(Debug)]
struct Current {
    file: File,
    id: FileId,
}

#[derive(Debug)]
struct State {
    /// `None` after the file vanished and could not be opened again.
    current: Option<Current>,
    /// The current file's place in the sequence, name and path (kept when
    /// `current` is `None`: that is the path opened again).
    key: Key,
    name: String,
    path: PathBuf,
    /// Bytes in the current file.
    size: u64,
    /// First second of the next period (`i64::MAX` without a period).
    next_period: i64,
    /// A clock set back before this second (one period before the current
    /// period began) starts the file of the period it shows (`i64::MIN`
    /// without a period).
    back_limit: i64,
    /// When to compare the path with the open file next (see [`due`]).
    next_check: i64,
    /// A failed rotation is not tried again before this second (see
    /// [`due`]).
    retry_at: i64,
    lines: LineWriter,
    older: Older,
    /// Files written to since the last flush that are no longer current
    /// (at most [`MAX_UNSYNCED`]): `flush` puts them on disk too.
    unsynced: Vec<File>,
}

impl State {
    /// Make `next` the current file. The file it replaces may hold lines
    /// written since the last flush, so it is kept for that flush to sync.
    fn set_current(&mut self, next: Option<Current>) {
        if let Some(old) = std::mem::replace(&mut self.current, next) {
            if self.unsynced.len() >= MAX_UNSYNCED {
                let oldest = self.unsynced.remove(0);
                let _ = oldest.sync_data();
            }
            self.unsynced.push(old.file); // within the capacity reserved at build
        }
    }

    /// Put every file written since the last flush but the current one on
    /// disk, and close them; the first error, if any.
    fn sync_unsynced(&mut self) -> io::Result<()> {
        let mut result = Ok(());
        for file in self.unsynced.drain(..) {
            if let Err(e) = file.sync_data() {
                if result.is_ok() {
                    result = Err(e);
                }
            }
        }
        result
    }
}

/// The open file as a line destination.
struct FileOut<'a>(&'a File);

impl Out for FileOut<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut file = self.0;
        io::Write::write(&mut file, buf)
    }
}

/// Whether a once-a-second action planned for second `at` is due at `now`:
/// when that second has come, or when the clock was set back so far that
/// waiting for it would mean never.
fn due(now: i64, at: i64) -> bool {
    now >= at || now.saturating_add(1) < at
}

/// Why lines fail while no file is open.
fn no_file() -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, "no log file open")
}

/// The next free index for `stamp` according to a listing.
fn next_index(listing: &[Entry], stamp: Option<i64>) -> u64 {
    listing
        .iter()
        .filter(|e| e.key.stamp == stamp)
        .map(|e| e.key.index.saturating_add(1))
        .max()
        .unwrap_or(0)
}

impl RollingFile {
    /// Start configuring a sink writing files named after `base` in `dir`.
    ///
    /// ```
    /// use spoolog::sink::RollingFile;
    /// # let dir = std::env::temp_dir().join(format!("spoolog-doc-builder-{}", std::process::id()));
    /// let sink = RollingFile::builder(&dir, "app").max_bytes(1 << 20).build()?;
    /// assert_eq!(sink.current_path(), dir.join("app.000000.log"));
    /// # drop(sink);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn builder(dir: impl AsRef<Path>, base: &str) -> RollingBuilder {
        RollingBuilder::new(dir.as_ref(), base)
    }

    /// Close the current file and open its path again (creating it if it
    /// is gone, appending if it exists): what a program does on `SIGHUP`
    /// after logrotate moved its file. The sink also does this by itself
    /// within a second of its clock of the path changing; call this to have
    /// it happen at once. A pending rest of a cut line is finished in the
    /// old file first if it can be.
    ///
    /// ```
    /// use spoolog::sink::{RollingFile, Sink};
    /// # let dir = std::env::temp_dir().join(format!("spoolog-doc-reopen-{}", std::process::id()));
    /// let sink = RollingFile::builder(&dir, "app").build()?;
    /// let path = sink.current_path();
    /// std::fs::rename(&path, dir.join("moved.log"))?;
    /// sink.reopen()?;
    /// sink.write_line(b"after\n")?;
    /// assert_eq!(std::fs::read(&path)?, b"after\n");
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn reopen(&self) -> io::Result<()> {
        let mut st = self.lock();
        let now = self.clock.now().secs;
        self.reopen_path(&mut st, now)
    }

    /// The path of the file being written (or, while no file can be opened,
    /// the path that will be tried again).
    ///
    /// ```
    /// use spoolog::sink::{Period, RollingFile};
    /// use spoolog::time::{ManualClock, UnixTime};
    /// # let dir = std::env::temp_dir().join(format!("spoolog-doc-current-{}", std::process::id()));
    /// let sink = RollingFile::builder(&dir, "app")
    ///     .every(Period::Hour)
    ///     .clock(ManualClock::new(UnixTime { secs: 1_796_137_200, nanos: 0 }))
    ///     .build()?;
    /// assert_eq!(sink.current_path(), dir.join("app.2026-12-01T15.000.log"));
    /// # drop(sink);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn current_path(&self) -> PathBuf {
        self.lock().path.clone()
    }

    /// The directory the files are in (made absolute when the sink was
    /// built).
    ///
    /// ```
    /// use spoolog::sink::RollingFile;
    /// # let dir = std::env::temp_dir().join(format!("spoolog-doc-dir-{}", std::process::id()));
    /// let sink = RollingFile::builder(&dir, "app").build()?;
    /// assert_eq!(sink.dir(), dir.as_path());
    /// # drop(sink);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn dir(&self) -> &Path {
        &self.config.dir
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The offset east of UTC at UTC second `t` that periods follow.
    fn offset_at(&self, t: i64) -> i32 {
        match self.config.offset {
            Offset::Utc => 0,
            Offset::Fixed(s) => s.clamp(-86_399, 86_399),
            Offset::Local => crate::time::local_offset_at(t),
        }
    }

    /// The stamp of second `t` (`None` without a period).
    fn stamp_at(&self, t: i64) -> Option<i64> {
        let period = self.config.naming.period()?;
        Some(policy::stamp_at(period, t, &|s| self.offset_at(s)))
    }

    /// The first second after `t` in another period.
    fn period_end(&self, t: i64) -> i64 {
        match self.config.naming.period() {
            Some(period) => policy::next_boundary(period, t, &|s| self.offset_at(s)),
            None => i64::MAX,
        }
    }

    /// List the sink's files (sizes only when a byte limit needs them).
    fn scan(&self) -> io::Result<Vec<Entry>> {
        let sizes = self.config.retention.bytes.is_some();
        retention::scan(&self.config.dir, &self.config.naming, sizes)
    }

    /// Create the file for `stamp` with the first free index from `index`
    /// on; never opens a file that exists.
    fn create(&self, stamp: Option<i64>, mut index: u64) -> io::Result<(File, Key, String)> {
        for _ in 0..CREATE_ATTEMPTS {
            let key = Key { stamp, index };
            let name = self.config.naming.name(key);
            let opened = OpenOptions::new()
                .append(true)
                .create_new(true)
                .open(self.config.dir.join(&name));
            match opened {
                Ok(file) => return Ok((file, key, name)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && index < u64::MAX => {
                    index += 1;
                }
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no free rolling file name",
        ))
    }

    /// Make a freshly created file the current one.
    fn install(&self, st: &mut State, file: File, key: Key, name: String, now: i64) {
        let id = file.metadata().map_or(FileId(0, 0), |m| FileId::of(&m));
        st.set_current(Some(Current { file, id }));
        st.path = self.config.dir.join(&name);
        st.key = key;
        st.name = name;
        st.size = 0;
        st.next_check = now.saturating_add(1);
        st.next_period = self.period_end(now);
        st.back_limit = match (self.config.naming.period(), key.stamp) {
            (Some(period), Some(stamp)) => stamp
                .saturating_sub(i64::from(self.offset_at(now)))
                .saturating_sub(period.secs()),
            _ => i64::MIN,
        };
    }

    /// The period to start a file for at `now`, if not the current one's:
    /// a later one, or an earlier one when the clock was set back by more
    /// than a period (a small step back leaves lines in the current file).
    fn period_change(&self, st: &State, now: i64) -> Option<Option<i64>> {
        let stamp = self.stamp_at(now);
        let change = stamp > st.key.stamp || (stamp < st.key.stamp && now < st.back_limit);
        change.then_some(stamp)
    }

    /// Whether the path still names the open file.
    fn in_place(&self, st: &State) -> bool {
        st.current
            .as_ref()
            .is_some_and(|c| fs::metadata(&st.path).is_ok_and(|m| FileId::of(&m) == c.id))
    }

    /// Finish a pending rest of a cut line in the current file, if it
    /// takes it (otherwise it goes first into the next file).
    fn finish_cut_line(&self, st: &mut State) {
        if let (Some(c), true) = (&st.current, st.lines.pending() > 0) {
            let _ = st
                .lines
                .finish(&mut FileOut(&c.file), DEFAULT_WRITE_TIMEOUT);
        }
    }

    /// Start the next file: of period `stamp`, or the next index of the
    /// current period. On failure the current file stays current if it is
    /// still in place (lines keep going there), else none is.
    fn rotate(&self, st: &mut State, now: i64, stamp: Option<i64>) -> io::Result<()> {
        self.finish_cut_line(st);
        match self.start_next(st, now, stamp) {
            Ok(()) => {
                if let Some(link) = &self.config.link {
                    let _ = link::point(&self.config.dir, link, &st.name);
                }
                Ok(())
            }
            Err(e) => {
                st.retry_at = now.saturating_add(1);
                if !self.in_place(st) {
                    st.set_current(None);
                }
                Err(e)
            }
        }
    }

    fn start_next(&self, st: &mut State, now: i64, stamp: Option<i64>) -> io::Result<()> {
        let same_period = stamp == st.key.stamp;
        let mut index = if same_period {
            st.key.index.saturating_add(1)
        } else {
            0
        };
        // A new period may already have files (from a run before a
        // restart, or before the clock was set back), and retention needs
        // the listing anyway.
        let listing = if self.config.retention.is_set() || !same_period {
            let listing = self.scan()?;
            index = index.max(next_index(&listing, stamp));
            Some(listing)
        } else {
            None
        };
        let (file, key, name) = self.create(stamp, index)?;
        self.install(st, file, key, name, now);
        if let Some(listing) = listing {
            if self.config.retention.is_set() {
                st.older.replace(listing, key);
            }
        }
        self.trim(st);
        Ok(())
    }

    /// Open the current path again (create or append).
    fn reopen_path(&self, st: &mut State, now: i64) -> io::Result<()> {
        self.finish_cut_line(st);
        st.next_check = now.saturating_add(1);
        let opened = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&st.path)
            .and_then(|file| file.metadata().map(|m| (file, m)));
        match opened {
            Ok((file, meta)) => {
                st.size = meta.len();
                st.set_current(Some(Current {
                    file,
                    id: FileId::of(&meta),
                }));
                if let Some(link) = &self.config.link {
                    let _ = link::point(&self.config.dir, link, &st.name);
                }
                Ok(())
            }
            Err(e) => {
                st.set_current(None);
                Err(e)
            }
        }
    }

    /// Steps 1 and 2 of the module docs: a vanished file, a new period.
    /// `Err` when there is no file to write to.
    fn before_write(&self, st: &mut State, now: i64) -> io::Result<()> {
        if st.current.is_none() {
            // Lost the file earlier: try again on every write.
            if let Some(stamp) = self.period_change(st, now) {
                return self.rotate(st, now, stamp);
            }
            self.reopen_path(st, now)?;
        } else if due(now, st.next_check) {
            st.next_check = now.saturating_add(1);
            if !self.in_place(st) {
                self.reopen_path(st, now)?;
            }
        }
        if (now >= st.next_period || now < st.back_limit) && due(now, st.retry_at) {
            match self.period_change(st, now) {
                Some(stamp) => {
                    if let Err(e) = self.rotate(st, now, stamp) {
                        if st.current.is_none() {
                            return Err(e);
                        }
                    }
                }
                // An early boundary (see `policy::next_boundary`): ask
                // again at the next one.
                None => st.next_period = self.period_end(now),
            }
        }
        Ok(())
    }

    /// Step 3: how many bytes at the start of `rest` go into the current
    /// file now, rotating first when not even the first line fits.
    fn take(&self, st: &mut State, rest: &[u8], now: i64) -> io::Result<usize> {
        let Some(max) = self.config.max_bytes else {
            return Ok(rest.len());
        };
        let used = st.size.saturating_add(st.lines.pending() as u64);
        let n = policy::fit(rest, max.saturating_sub(used));
        if n > 0 {
            return Ok(n);
        }
        if used == 0 {
            // A line longer than the limit, alone in a fresh file.
            return Ok(policy::first_line(rest));
        }
        if due(now, st.retry_at) {
            match self.rotate(st, now, st.key.stamp) {
                Ok(()) => {
                    let used = st.lines.pending() as u64;
                    let n = policy::fit(rest, max.saturating_sub(used));
                    return Ok(n.max(policy::first_line(rest)));
                }
                Err(e) if st.current.is_none() => return Err(e),
                Err(_) => {}
            }
        }
        // No next file (now or a moment ago): past the limit rather than
        // nowhere.
        Ok(rest.len())
    }

    /// Write `chunk` (whole lines) to the current file.
    fn put(&self, st: &mut State, chunk: &[u8]) -> Result<(), LinesError> {
        let State {
            current,
            lines,
            size,
            ..
        } = st;
        let Some(c) = current else {
            return Err(LinesError {
                lost: count_lines(chunk),
                error: no_file(),
            });
        };
        let pending = lines.pending() as u64;
        let result = lines.write(&mut FileOut(&c.file), chunk, DEFAULT_WRITE_TIMEOUT);
        if result.is_ok() && lines.pending() == 0 {
            *size += pending + chunk.len() as u64;
        } else if let Ok(m) = c.file.metadata() {
            // Cut short: the file knows how much it took.
            *size = m.len();
        }
        result
    }

    /// Delete old files beyond the limits.
    fn trim(&self, st: &mut State) {
        let limits = &self.config.retention;
        if limits.is_set() {
            let current = st.size.saturating_add(st.lines.pending() as u64);
            let dir = &self.config.dir;
            st.older
                .trim(limits, current, |name| fs::remove_file(dir.join(name)));
        }
    }

    fn write_locked(&self, st: &mut State, lines: &[u8]) -> Result<(), LinesError> {
        let now = self.clock.now().secs;
        if let Err(error) = self.before_write(st, now) {
            return Err(LinesError {
                lost: count_lines(lines),
                error,
            });
        }
        let mut rest = lines;
        let mut lost = 0;
        let mut first = None;
        while !rest.is_empty() {
            let n = match self.take(st, rest, now) {
                Ok(n) => n,
                Err(error) => {
                    lost += count_lines(rest);
                    first.get_or_insert(error);
                    break;
                }
            };
            let (chunk, after) = rest.split_at(n);
            if let Err(e) = self.put(st, chunk) {
                lost += e.lost;
                first.get_or_insert(e.error);
            }
            rest = after;
        }
        self.trim(st);
        match first {
            None => Ok(()),
            Some(error) => Err(LinesError { lost, error }),
        }
    }
}

impl Sink for RollingFile {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        self.write_lines(line).map_err(|e| e.error)
    }

    fn write_lines(&self, lines: &[u8]) -> Result<(), LinesError> {
        if lines.is_empty() {
            return Ok(());
        }
        let mut st = self.lock();
        self.write_locked(&mut st, lines)
    }

    fn flush(&self) -> io::Result<()> {
        let mut st = self.lock();
        let earlier = st.sync_unsynced();
        let State { current, lines, .. } = &mut *st;
        let now = match current {
            Some(c) => {
                lines.finish(&mut FileOut(&c.file), DEFAULT_WRITE_TIMEOUT)?;
                c.file.sync_data()
            }
            None if lines.pending() > 0 => Err(no_file()),
            None => Ok(()),
        };
        earlier.and(now)
    }
}

impl fmt::Debug for RollingFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let st = self.lock();
        f.debug_struct("RollingFile")
            .field("dir", &self.config.dir)
            .field("current", &st.name)
            .field("open", &st.current.is_some())
            .field("size", &st.size)
            .field("max_bytes", &self.config.max_bytes)
            .field("period", &self.config.naming.period())
            .field("offset", &self.config.offset)
            .finish_non_exhaustive()
    }
}
