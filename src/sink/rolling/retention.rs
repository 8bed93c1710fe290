//! Deleting old files: keep the newest K files and/or at most N bytes in
//! total, the current file included.
//!
//! Only regular files whose names this sink's [`Naming`] writes are ever
//! counted or deleted: other files in the directory, the stable link,
//! files moved aside by logrotate (`app.2026-12-01T14.000.log.1`) and files
//! of another naming (another base name, suffix or period) are left alone.
//! "Oldest" means the smallest (stamp, index), the order the names were
//! written in; the current file is never deleted, even if the limits say
//! so (one file larger than the byte limit is kept until it is rotated).
//!
//! The directory is listed when a file is rotated; between rotations the
//! sink keeps the list of older files and their sizes, so the byte limit
//! is checked after every write with one addition and one comparison, and
//! files are deleted as soon as the current file's growth takes the total
//! past it.

use super::naming::{Key, Naming};
use std::collections::VecDeque;
use std::fs;
use std::io;
use std::path::Path;

/// The limits; `None` is no limit.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Retention {
    /// Most files kept, the current one included (at least 1).
    pub(crate) files: Option<usize>,
    /// Most bytes kept in all files, the current one included.
    pub(crate) bytes: Option<u64>,
}

impl Retention {
    /// Whether there is any limit.
    pub(crate) fn is_set(&self) -> bool {
        self.files.is_some() || self.bytes.is_some()
    }
}

/// One of the sink's files found in the directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) key: Key,
    pub(crate) name: String,
    /// Its size when listed (0 unless sizes were asked for).
    pub(crate) len: u64,
}

/// The sink's files in `dir`, oldest first; sizes only if `sizes`.
/// Entries that vanish while being listed are skipped.
pub(crate) fn scan(dir: &Path, naming: &Naming, sizes: bool) -> io::Result<Vec<Entry>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir)? {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name();
        let Some(key) = name.to_str().and_then(|n| naming.parse(n)) else {
            continue;
        };
        // Not following symbolic links: a link is never one of ours.
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let len = if sizes {
            match entry.metadata() {
                Ok(m) => m.len(),
                Err(_) => continue,
            }
        } else {
            0
        };
        found.push(Entry {
            key,
            name: name.to_str().unwrap_or_default().to_owned(),
            len,
        });
    }
    found.sort_by_key(|e| e.key);
    Ok(found)
}

/// The files older than the current one that retention may delete,
/// oldest first, and their total size.
#[derive(Debug, Default)]
pub(crate) struct Older {
    entries: VecDeque<Entry>,
    bytes: u64,
}

impl Older {
    /// Take a fresh listing, leaving out the current file.
    pub(crate) fn replace(&mut self, listing: Vec<Entry>, current: Key) {
        self.entries = listing.into_iter().filter(|e| e.key != current).collect();
        self.bytes = self.entries.iter().map(|e| e.len).sum();
    }

    /// Whether the limits are exceeded with a current file of `current`
    /// bytes (only the older files can be deleted to fix it).
    pub(crate) fn over(&self, limits: &Retention, current: u64) -> bool {
        if self.entries.is_empty() {
            return false;
        }
        let files = limits.files.is_some_and(|k| self.entries.len() + 1 > k);
        let bytes = limits
            .bytes
            .is_some_and(|n| self.bytes.saturating_add(current) > n);
        files || bytes
    }

    /// Delete the oldest files until the limits hold, with `remove` (a
    /// file that cannot be deleted is forgotten until the next listing,
    /// which will try again).
    pub(crate) fn trim(
        &mut self,
        limits: &Retention,
        current: u64,
        mut remove: impl FnMut(&str) -> io::Result<()>,
    ) {
        while self.over(limits, current) {
            let Some(oldest) = self.entries.pop_front() else {
                break;
            };
            self.bytes -= oldest.len;
            let _ = remove(&oldest.name);
        }
    }

    /// How many older files are known.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn older(lens: &[u64]) -> Older {
        let mut o = Older::default();
        let listing = lens
            .iter()
            .enumerate()
            .map(|(i, &len)| Entry {
                key: Key {
                    stamp: None,
                    index: i as u64,
                },
                name: format!("f{i}"),
                len,
            })
            .collect();
        o.replace(
            listing,
            Key {
                stamp: None,
                index: 99,
            },
        );
        o
    }

    fn trim(o: &mut Older, limits: Retention, current: u64) -> Vec<String> {
        let mut gone = Vec::new();
        o.trim(&limits, current, |n| {
            gone.push(n.to_owned());
            Ok(())
        });
        gone
    }

    #[test]
    fn keep_files_counts_the_current_one() {
        let limits = Retention {
            files: Some(3),
            bytes: None,
        };
        let mut o = older(&[1, 1, 1, 1]);
        assert_eq!(trim(&mut o, limits, 0), ["f0", "f1"]);
        assert_eq!(o.len(), 2);
        assert!(trim(&mut o, limits, 1_000).is_empty());
        let limits = Retention {
            files: Some(1),
            bytes: None,
        };
        assert_eq!(trim(&mut o, limits, 0), ["f2", "f3"]);
    }

    #[test]
    fn keep_bytes_counts_the_current_one() {
        let limits = Retention {
            files: None,
            bytes: Some(100),
        };
        let mut o = older(&[40, 30, 20]);
        assert!(trim(&mut o, limits, 10).is_empty());
        assert_eq!(trim(&mut o, limits, 11), ["f0"]);
        assert_eq!(trim(&mut o, limits, 60), ["f1"]);
        // The current file alone is over the limit: every older file goes,
        // the current one stays.
        assert_eq!(trim(&mut o, limits, 500), ["f2"]);
        assert!(!o.over(&limits, 500));
    }

    #[test]
    fn both_limits_and_failed_deletes() {
        let limits = Retention {
            files: Some(10),
            bytes: Some(50),
        };
        let mut o = older(&[30, 30, 30]);
        let mut tried = 0;
        o.trim(&limits, 0, |_| {
            tried += 1;
            Err(io::ErrorKind::PermissionDenied.into())
        });
        assert_eq!(tried, 2);
        assert!(!o.over(&limits, 0));
    }

    #[test]
    fn the_current_file_is_left_out_of_a_listing() {
        let mut o = older(&[]);
        let k = |index| Key {
            stamp: Some(0),
            index,
        };
        let e = |index| Entry {
            key: k(index),
            name: String::new(),
            len: 5,
        };
        o.replace(vec![e(0), e(1), e(2)], k(1));
        assert_eq!(o.len(), 2);
        assert_eq!(o.bytes, 10);
    }
}
