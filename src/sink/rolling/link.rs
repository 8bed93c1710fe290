//! The stable name: a symbolic link in the log directory that always names
//! the file being written (`app.log -> app.2026-12-01T14.003.log`).
//!
//! The link is switched atomically: a new link is made under a temporary
//! name (`.app.log.<pid>.tmp`, which no naming scheme matches) and renamed
//! over the old one, so a reader opening `app.log` always finds either the
//! previous file or the new one, never nothing. The target is the bare file
//! name (a relative link), so the link stays right if the directory is
//! moved or mounted elsewhere.
//!
//! A regular file or directory already at the link's name is never
//! replaced: that is someone's data (an `app.log` from before rotation was
//! turned on, say), and the switch fails instead.
//!
//! Symbolic links need Unix; elsewhere asking for one is an error at
//! build time.

use std::fs;
use std::io;
use std::path::Path;

/// Make `dir/link` a symbolic link to `target` (a name in `dir`).
#[cfg(unix)]
pub(crate) fn point(dir: &Path, link: &str, target: &str) -> io::Result<()> {
    let path = dir.join(link);
    match fs::symlink_metadata(&path) {
        Ok(m) if !m.file_type().is_symlink() => {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a symbolic link", path.display()),
            ));
        }
        _ => {}
    }
    let tmp = dir.join(format!(".{link}.{}.tmp", std::process::id()));
    let _ = fs::remove_file(&tmp);
    std::os::unix::fs::symlink(target, &tmp)?;
    fs::rename(&tmp, &path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

/// Symbolic links are not supported here.
#[cfg(not(unix))]
pub(crate) fn point(_dir: &Path, _link: &str, _target: &str) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "a rolling file's current link needs symbolic links (Unix)",
    ))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn switches_and_refuses_to_replace_a_file() {
        let dir = std::env::temp_dir().join(format!("spoolog-link-unit-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        point(&dir, "cur", "a").unwrap();
        assert_eq!(fs::read_link(dir.join("cur")).unwrap(), Path::new("a"));
        point(&dir, "cur", "b").unwrap();
        assert_eq!(fs::read_link(dir.join("cur")).unwrap(), Path::new("b"));
        fs::write(dir.join("real"), b"data").unwrap();
        let e = point(&dir, "real", "b").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(dir.join("real")).unwrap(), b"data");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no temporary link left behind");
        fs::remove_dir_all(&dir).unwrap();
    }
}
