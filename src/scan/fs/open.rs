//! The one way mlready opens a file that the scanned tree or the user
//! controls.
//!
//! Every file in a linted tree may have been written by an attacker (a pull
//! request is untrusted input), and so may the files a user points mlready
//! at from a CI script. Whatever the file, opening it here:
//!
//! * never blocks: it is opened with `O_NONBLOCK`, so a FIFO does not wait for
//!   a writer, and anything that is not a regular file (FIFO, socket,
//!   device, folder) is refused after one `fstat`, before a byte is read;
//! * never reads more than a cap: the size `fstat` gives is checked first, and
//!   the read stops at the cap whatever the file claims (files under `/proc`
//!   report a size of 0);
//! * never follows a link it should not: scanned files only through links the
//!   listing resolved inside the root ([`Links::Follow`]), files git reads
//!   itself never through a link, as git does ([`Links::Refuse`]), and
//!   configuration files only through links that stay inside the root
//!   ([`read_inside_root`]).

use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// It contains NUL bytes.
    Binary,
    /// It is not valid UTF-8.
    NotUtf8,
    /// It is bigger than the size cap.
    TooLarge {
        /// The file's size.
        size: u64,
        /// The cap.
        limit: u64,
    },
    /// Reading it failed.
    Unreadable(String),
    /// It is not a regular file (FIFO, socket, device).
    NotRegular(&'static str),
    /// It is a symlink whose target is outside the linted root.
    SymlinkLeavesRoot,
    /// It is a symlink that cannot be resolved (dangling, or a loop).
    SymlinkUnresolvable(String),
    /// It is a symlink to a directory (directories are never followed through links).
    SymlinkToDirectory,
    /// It is a symlink where only a regular file will do (git reads no `.gitignore` through a link).
    Symlink,
    /// The walk could not enter or list it.
    WalkError(String),
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::Binary => write!(f, "binary file (contains NUL bytes)"),
            SkipReason::NotUtf8 => write!(f, "not valid UTF-8"),
            SkipReason::TooLarge { size, limit } => {
                write!(f, "{size} bytes is over the size cap of {limit} bytes (max-file-size)")
            }
            SkipReason::Unreadable(e) => write!(f, "unreadable: {e}"),
            SkipReason::NotRegular(kind) => write!(f, "not a regular file ({kind})"),
            SkipReason::SymlinkLeavesRoot => write!(f, "symlink that points outside the linted root"),
            SkipReason::SymlinkUnresolvable(e) => write!(f, "symlink that cannot be resolved ({e})"),
            SkipReason::SymlinkToDirectory => write!(f, "symlink to a directory (not followed)"),
            SkipReason::Symlink => write!(f, "a symlink (git does not read this file through a link either)"),
            SkipReason::WalkError(e) => write!(f, "could not be walked: {e}"),
        }
    }
}

impl SkipReason {
    /// The reason as an I/O error, for callers that report I/O errors.
    pub fn into_io(self) -> std::io::Error {
        std::io::Error::other(self.to_string())
    }
}

/// Whether reading a path follows a symlink at its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Read what the link points at (a link the listing resolved inside the root,
    /// or a file the user named).
    Follow,
    /// Refuse a link: only the regular file itself will do.
    Refuse,
}

/// Read a file as text, refusing anything that is not a regular, small, UTF-8 text file.
/// CRLF line breaks come back as `\n` (see [`decode_text`]).
pub fn read_text(abs: &Path, limit: u64) -> Result<String, SkipReason> {
    read(abs, limit, false, Links::Follow).0
}

/// [`read_text`], refusing a symlink at the end of the path.
pub fn read_text_no_links(abs: &Path, limit: u64) -> Result<String, SkipReason> {
    read(abs, limit, false, Links::Refuse).0
}

/// The bytes of a regular file of at most `limit` bytes (a file the user
/// named: a baseline, an index, a cache), opened without blocking.
pub fn read_bytes(abs: &Path, limit: u64) -> Result<Vec<u8>, SkipReason> {
    let (file, meta) = open_regular(abs, Links::Follow)?;
    if meta.len() > limit {
        return Err(SkipReason::TooLarge { size: meta.len(), limit });
    }
    read_capped(&file, &meta, limit)
}

/// [`read_bytes`], refusing a symlink at the end of the path.
pub fn read_bytes_no_links(abs: &Path, limit: u64) -> Result<Vec<u8>, SkipReason> {
    let (file, meta) = open_regular(abs, Links::Refuse)?;
    if meta.len() > limit {
        return Err(SkipReason::TooLarge { size: meta.len(), limit });
    }
    read_capped(&file, &meta, limit)
}

/// The text of `root/relative`, a file inside the linted root that mlready
/// reads for itself (a config file): a symlink is followed only when its
/// target is a regular file inside `root` (canonical), so that no link can
/// make mlready read, and print, a file outside the tree.
pub fn read_inside_root(root: &Path, relative: &str, limit: u64) -> Result<String, SkipReason> {
    let path = root.join(relative);
    let meta = std::fs::symlink_metadata(&path).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    if meta.file_type().is_symlink() {
        let target = std::fs::canonicalize(&path).map_err(|e| SkipReason::SymlinkUnresolvable(e.to_string()))?;
        if !target.starts_with(root) {
            return Err(SkipReason::SymlinkLeavesRoot);
        }
        // The resolved path holds no link: a link swapped in meanwhile is not followed.
        return read(&target, limit, false, Links::Refuse).0;
    }
    read(&path, limit, false, Links::Refuse).0
}

/// The text of `path` when it resolves, through any links, to a regular file
/// inside the canonical folder `boundary`, with its canonical path. A refusal
/// carries the canonical path when there was one (a link out of the boundary).
pub fn read_canonical_inside(
    boundary: &Path,
    path: &Path,
    limit: u64,
) -> Result<(PathBuf, String), (Option<PathBuf>, SkipReason)> {
    let canonical = std::fs::canonicalize(path).map_err(|e| (None, SkipReason::Unreadable(e.to_string())))?;
    if !canonical.starts_with(boundary) {
        return Err((Some(canonical), SkipReason::SymlinkLeavesRoot));
    }
    // The canonical path holds no link: one swapped in meanwhile is not followed.
    match read(&canonical, limit, false, Links::Refuse).0 {
        Ok(text) => Ok((canonical, text)),
        Err(reason) => Err((Some(canonical), reason)),
    }
}

/// Whether `root/relative` is a regular file, or a symlink to one inside `root`
/// (what [`read_inside_root`] would read). Nothing is opened.
pub fn is_file_inside_root(root: &Path, relative: &str) -> bool {
    let path = root.join(relative);
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(&path)
            .is_ok_and(|target| target.starts_with(root) && target.metadata().is_ok_and(|m| m.is_file())),
        Ok(meta) => meta.is_file(),
        Err(_) => false,
    }
}

/// [`read_text`], with what `fstat` said of the file when it was opened,
/// provided the file did not change while it was read (`None` otherwise, or
/// when it could not be opened). The text, or the reason it was refused,
/// is then exactly what that `stat` describes.
pub fn read_text_stamped(
    abs: &Path,
    limit: u64,
    links: Links,
) -> (Result<String, SkipReason>, Option<std::fs::Metadata>) {
    read(abs, limit, true, links)
}

/// Open `abs` without blocking and refuse it unless it is a regular file.
pub fn open_regular(abs: &Path, links: Links) -> Result<(std::fs::File, std::fs::Metadata), SkipReason> {
    let unreadable = |e: std::io::Error| SkipReason::Unreadable(e.to_string());
    let file = open_without_blocking(abs, links).map_err(|e| match links {
        // O_NOFOLLOW fails with ELOOP on a link: say what it is.
        Links::Refuse if std::fs::symlink_metadata(abs).is_ok_and(|m| m.file_type().is_symlink()) => {
            SkipReason::Symlink
        }
        _ => unreadable(e),
    })?;
    // Refuse special files before reading them; the open did not wait for a FIFO's writer.
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(SkipReason::NotRegular(special_kind(&meta.file_type())));
    }
    Ok((file, meta))
}

/// [`open_regular`] for callers that tell I/O errors apart (a file that does
/// not exist yet is not an error for them): the open's own error is kept.
pub fn open_regular_io(abs: &Path, links: Links) -> std::io::Result<(std::fs::File, std::fs::Metadata)> {
    let file = open_without_blocking(abs, links)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(SkipReason::NotRegular(special_kind(&meta.file_type())).into_io());
    }
    Ok((file, meta))
}

/// Read, and when `stamp`, `fstat` again to prove the file did not change meanwhile.
fn read(abs: &Path, limit: u64, stamp: bool, links: Links) -> (Result<String, SkipReason>, Option<std::fs::Metadata>) {
    let (file, meta) = match open_regular(abs, links) {
        Ok(opened) => opened,
        Err(reason) => return (Err(reason), None),
    };
    if meta.len() > limit {
        return (Err(SkipReason::TooLarge { size: meta.len(), limit }), Some(meta));
    }
    let bytes = match read_capped(&file, &meta, limit) {
        Ok(bytes) => bytes,
        Err(reason) => return (Err(reason), None),
    };
    let stable =
        (stamp && file.metadata().is_ok_and(|after| crate::scan::git::stamp::unchanged(&meta, &after))).then_some(meta);
    (decode_text(bytes, limit), stable)
}

/// Read the size `fstat` gave and stop there: asking the kernel once more only
/// to hear "end of file" would cost a system call per file. A file that grows
/// meanwhile is read as it was (and never cached: its `stat` changed). Only an
/// empty-looking file is read to its end, up to one byte past the cap, in case
/// its size is not reported (files under `/proc`).
fn read_capped(file: &std::fs::File, meta: &std::fs::Metadata, limit: u64) -> Result<Vec<u8>, SkipReason> {
    let expected = if meta.len() == 0 { limit.saturating_add(1) } else { meta.len() };
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize + 1);
    file.take(expected).read_to_end(&mut bytes).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(SkipReason::TooLarge { size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

/// The text of a file's bytes, or why it is not a text file mlready reads:
/// without a byte-order mark, CRLF line breaks as `\n`.
pub fn decode_text(bytes: Vec<u8>, limit: u64) -> Result<String, SkipReason> {
    if bytes.len() as u64 > limit {
        return Err(SkipReason::TooLarge { size: bytes.len() as u64, limit });
    }
    let sniff = &bytes[..bytes.len().min(8192)];
    if sniff.contains(&0) {
        return Err(SkipReason::Binary);
    }
    let mut text = String::from_utf8(bytes).map_err(|_| SkipReason::NotUtf8)?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    // Line breaks are read as `\n` whatever wrote them (an editor on Windows, git's
    // `eol=crlf`): patterns end lines with `$` or `\n`. Lines and columns stay the same.
    if memchr::memmem::find(text.as_bytes(), b"\r\n").is_some() {
        text = text.replace("\r\n", "\n");
    }
    Ok(text)
}

/// Open for reading without waiting: opening a FIFO for reading normally
/// blocks until something writes to it. One path lookup, then `fstat`.
#[cfg(unix)]
fn open_without_blocking(path: &Path, links: Links) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let no_follow = if links == Links::Refuse { libc::O_NOFOLLOW } else { 0 };
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | no_follow).open(path)
}

/// Open for reading; special files are refused before they are opened.
#[cfg(not(unix))]
fn open_without_blocking(path: &Path, links: Links) -> std::io::Result<std::fs::File> {
    if links == Links::Refuse && std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::other("a symlink"));
    }
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other(format!("not a regular file ({})", special_kind(&meta.file_type()))));
    }
    std::fs::File::open(path)
}

/// A name for a file type that is not a regular file.
pub fn special_kind(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "FIFO";
        }
        if file_type.is_socket() {
            return "socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "device";
        }
    }
    if file_type.is_dir() { "directory" } else { "special file" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn devices_fifos_and_proc_files_are_never_read_past_the_cap() {
        assert_eq!(read_bytes(Path::new("/dev/zero"), 1024), Err(SkipReason::NotRegular("device")));
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        assert_eq!(read_bytes(&fifo, 1024), Err(SkipReason::NotRegular("FIFO")));
        // /proc files say they are empty; the read still stops one byte past the cap.
        if let Err(reason) = read_bytes(Path::new("/proc/self/environ"), 0) {
            assert!(matches!(reason, SkipReason::TooLarge { .. }), "{reason:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn config_links_are_followed_only_inside_the_root() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.toml"), "token = 1\n").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(root.join("configs")).unwrap();
        std::fs::write(root.join("configs/mlready.toml"), "select = [\"ALL\"]\n").unwrap();
        std::os::unix::fs::symlink(root.join("configs/mlready.toml"), root.join("mlready.toml")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.toml"), root.join(".mlready.toml")).unwrap();
        std::os::unix::fs::symlink("/proc/self/environ", root.join("pyproject.toml")).unwrap();
        assert_eq!(read_inside_root(&root, "mlready.toml", 1024).unwrap(), "select = [\"ALL\"]\n");
        assert_eq!(read_inside_root(&root, ".mlready.toml", 1024), Err(SkipReason::SymlinkLeavesRoot));
        assert_eq!(read_inside_root(&root, "pyproject.toml", 1024), Err(SkipReason::SymlinkLeavesRoot));
        assert!(is_file_inside_root(&root, "mlready.toml"));
        assert!(!is_file_inside_root(&root, ".mlready.toml"));
        assert_eq!(read_text_no_links(&root.join("mlready.toml"), 1024), Err(SkipReason::Symlink));
    }
}
