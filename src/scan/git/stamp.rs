//! Whether a work-tree file still holds the blob git's index recorded for it,
//! told without reading it.
//!
//! When git stages a file it records, beside the blob's id, what `stat` said
//! of the file (times, inode, device, size). A file whose `stat` still says
//! the same has not been written since, so its content is that blob: this is
//! how `git status` avoids reading a large tree, and how mlready reuses what
//! it found in a file on an earlier run (see `rules::cache`).
//!
//! Git's "racy" case is handled the way git handles it: an entry written in
//! the same instant as the index (its modification time is not older than
//! the index file's) may have changed without its times showing it, so it
//! gets no stamp and the file is always read.

use crate::scan::git::index_file::Entry;
use std::fs::Metadata;

/// Index entry flag: "assume valid" (`git update-index --assume-unchanged`).
const FLAG_ASSUME_VALID: u16 = 0x8000;
/// Extended index entry flag: the entry is kept out of the work tree (sparse checkout).
pub const FLAG_SKIP_WORKTREE: u16 = 0x4000;
/// Extended index entry flag: `git add --intent-to-add` (no content recorded).
const FLAG_INTENT_TO_ADD: u16 = 0x2000;

/// The `stat` data git's index recorded for a regular file, beside its blob
/// id ([`crate::scan::FileEntry::blob`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlobStamp {
    mtime: (u32, u32),
    ctime: (u32, u32),
    ino: u32,
    dev: u32,
    size: u32,
}

/// A moment as git's index records it: seconds and nanoseconds.
pub type IndexTime = (u32, u32);

/// An index entry's mode for a regular file (either permission).
const MODE_REGULAR: u32 = 0o100000;

/// The blob a symlink's index entry stages: the path it points to.
pub fn staged_link(entry: &Entry<'_>) -> Option<[u8; 20]> {
    const MODE_SYMLINK: u32 = 0o120000;
    (entry.stage() == 0 && entry.mode & 0o170000 == MODE_SYMLINK && entry.oid != [0; 20]).then_some(entry.oid)
}

/// The blob a regular file's index entry stages for the next commit: not a
/// conflicted stage, not `git add --intent-to-add` (which stages no content).
/// "Skip worktree" and "assume valid" entries have one too: the blob is
/// what git commits whatever the work tree holds.
pub fn staged_blob(entry: &Entry<'_>) -> Option<[u8; 20]> {
    let intent_only = entry.flags_extended & FLAG_INTENT_TO_ADD != 0;
    (entry.stage() == 0 && !intent_only && entry.mode & 0o170000 == MODE_REGULAR && entry.oid != [0; 20])
        .then_some(entry.oid)
}

impl BlobStamp {
    /// The stamp of an index entry, when its recorded `stat` data can be
    /// trusted: a regular file at stage 0, not flagged "assume valid",
    /// "skip worktree" or "intent to add", and not racily clean against an
    /// index file last modified at `index_mtime`.
    pub fn of_entry(entry: &Entry<'_>, index_mtime: IndexTime) -> Option<BlobStamp> {
        let untrusted = entry.flags & FLAG_ASSUME_VALID != 0 || entry.flags_extended & FLAG_SKIP_WORKTREE != 0;
        if untrusted || staged_blob(entry).is_none() {
            return None;
        }
        if entry.mtime >= index_mtime {
            return None; // racily clean: the file may have changed within the index's own timestamp
        }
        Some(BlobStamp { mtime: entry.mtime, ctime: entry.ctime, ino: entry.ino, dev: entry.dev, size: entry.size })
    }

    /// Whether `meta` (of the file, not following links) says the file has
    /// not changed since the index recorded it. Fields are compared as git
    /// stores them, truncated to 32 bits.
    #[cfg(unix)]
    pub fn matches(&self, meta: &Metadata) -> bool {
        use std::os::unix::fs::MetadataExt;
        meta.file_type().is_file()
            && (meta.mtime() as u32, meta.mtime_nsec() as u32) == self.mtime
            && (meta.ctime() as u32, meta.ctime_nsec() as u32) == self.ctime
            && meta.ino() as u32 == self.ino
            && meta.dev() as u32 == self.dev
            && meta.size() as u32 == self.size
    }

    /// Without Unix `stat` data nothing can be proven unchanged.
    #[cfg(not(unix))]
    pub fn matches(&self, _meta: &Metadata) -> bool {
        false
    }
}

/// Checks files against their stamps. On Linux a file is looked up from an
/// open handle on its folder rather than from the root (one path component
/// for the kernel to resolve instead of every one); files come in path
/// order, so consecutive checks share a folder. Elsewhere it is a plain
/// `lstat` of the path.
#[derive(Default)]
pub struct StampCheck {
    #[cfg(target_os = "linux")]
    folder: Option<(String, std::fs::File)>,
}

impl StampCheck {
    /// Whether the file at `path` (relative to `root`) is a regular file
    /// `stamp` says has not changed.
    #[cfg(target_os = "linux")]
    pub fn unchanged(&mut self, root: &std::path::Path, path: &str, stamp: &BlobStamp) -> bool {
        use std::os::fd::AsRawFd;
        use std::os::unix::fs::OpenOptionsExt;
        let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
        if self.folder.as_ref().is_none_or(|(open, _)| open != folder) {
            let handle = std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC)
                .open(root.join(folder));
            match handle {
                Ok(handle) => self.folder = Some((folder.to_string(), handle)),
                Err(_) => {
                    self.folder = None;
                    return false;
                }
            }
        }
        let Some((_, handle)) = &self.folder else { return false };
        // File names are short: a NUL-terminated copy on the stack, not an allocation per file.
        let mut buffer = [0u8; 256];
        let name = name.as_bytes();
        if name.len() >= buffer.len() || name.contains(&0) {
            return false;
        }
        buffer[..name.len()].copy_from_slice(name);
        let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
        // SAFETY: a valid directory descriptor, a NUL-terminated name (the
        // buffer is zeroed past it) and a buffer of the right type; the
        // buffer is read only when the call succeeds.
        let st = unsafe {
            let name = buffer.as_ptr().cast::<libc::c_char>();
            if libc::fstatat(handle.as_raw_fd(), name, st.as_mut_ptr(), libc::AT_SYMLINK_NOFOLLOW) != 0 {
                return false;
            }
            st.assume_init()
        };
        st.st_mode & libc::S_IFMT == libc::S_IFREG
            && (st.st_mtime as u32, st.st_mtime_nsec as u32) == stamp.mtime
            && (st.st_ctime as u32, st.st_ctime_nsec as u32) == stamp.ctime
            && st.st_ino as u32 == stamp.ino
            && st.st_dev as u32 == stamp.dev
            && st.st_size as u32 == stamp.size
    }

    /// Whether the file at `path` (relative to `root`) is a regular file
    /// `stamp` says has not changed.
    #[cfg(not(target_os = "linux"))]
    pub fn unchanged(&mut self, root: &std::path::Path, path: &str, stamp: &BlobStamp) -> bool {
        std::fs::symlink_metadata(root.join(path)).is_ok_and(|meta| stamp.matches(&meta))
    }
}

/// When the index file was last written, as git compares it with entries.
pub fn index_mtime(meta: &Metadata) -> Option<IndexTime> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.mtime() as u32, meta.mtime_nsec() as u32))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Whether two `stat`s of one open file say it did not change in between
/// (so what was read between them is what the first one describes).
#[cfg(unix)]
pub fn unchanged(before: &Metadata, after: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (before.mtime(), before.mtime_nsec(), before.ctime(), before.ctime_nsec(), before.size())
        == (after.mtime(), after.mtime_nsec(), after.ctime(), after.ctime_nsec(), after.size())
}

/// Without Unix `stat` data nothing can be proven unchanged.
#[cfg(not(unix))]
pub fn unchanged(_before: &Metadata, _after: &Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(mtime: (u32, u32)) -> Entry<'static> {
        Entry {
            path: b"src/train.py",
            ctime: mtime,
            mtime,
            dev: 1,
            ino: 2,
            mode: 0o100644,
            size: 10,
            oid: [7; 20],
            flags: 12,
            flags_extended: 0,
        }
    }

    #[test]
    fn only_settled_regular_files_get_a_stamp() {
        let index_written = (1_700_000_100, 0);
        assert!(BlobStamp::of_entry(&entry((1_700_000_000, 5)), index_written).is_some());
        // Racily clean: modified in the same instant as (or after) the index was written.
        assert!(BlobStamp::of_entry(&entry((1_700_000_100, 0)), index_written).is_none());
        assert!(BlobStamp::of_entry(&entry((1_700_000_100, 1)), index_written).is_none());
        let settled = entry((1_700_000_000, 5));
        for unsure in [
            Entry { flags: settled.flags | FLAG_ASSUME_VALID, ..settled.clone() },
            Entry { flags_extended: FLAG_SKIP_WORKTREE, ..settled.clone() },
            Entry { flags_extended: FLAG_INTENT_TO_ADD, ..settled.clone() },
            Entry { flags: settled.flags | (1 << 12), ..settled.clone() },
            Entry { mode: 0o120000, ..settled.clone() },
            Entry { oid: [0; 20], ..settled.clone() },
        ] {
            assert!(BlobStamp::of_entry(&unsure, index_written).is_none(), "{unsure:?}");
        }
    }

    #[test]
    fn staged_content_is_the_blob_of_a_settled_or_unsure_regular_file() {
        let settled = entry((1_700_000_000, 5));
        assert_eq!(staged_blob(&settled), Some([7; 20]));
        // The commit takes the blob whatever the work tree holds.
        for kept in [
            Entry { flags: settled.flags | FLAG_ASSUME_VALID, ..settled.clone() },
            Entry { flags_extended: FLAG_SKIP_WORKTREE, ..settled.clone() },
            Entry { mode: 0o100755, ..settled.clone() },
        ] {
            assert_eq!(staged_blob(&kept), Some([7; 20]), "{kept:?}");
        }
        for none in [
            Entry { flags_extended: FLAG_INTENT_TO_ADD, ..settled.clone() },
            Entry { flags: settled.flags | (1 << 12), ..settled.clone() },
            Entry { mode: 0o120000, ..settled.clone() },
            Entry { oid: [0; 20], ..settled.clone() },
        ] {
            assert_eq!(staged_blob(&none), None, "{none:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_rewrite_shows_even_when_size_and_mtime_are_put_back() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("train.py");
        std::fs::write(&path, "seed = 1\n").unwrap();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        let recorded = Entry {
            path: b"train.py",
            ctime: (meta.ctime() as u32, meta.ctime_nsec() as u32),
            mtime: (meta.mtime() as u32, meta.mtime_nsec() as u32),
            dev: meta.dev() as u32,
            ino: meta.ino() as u32,
            mode: 0o100644,
            size: meta.size() as u32,
            oid: [1; 20],
            flags: 8,
            flags_extended: 0,
        };
        let stamp = BlobStamp::of_entry(&recorded, (u32::MAX, 0)).unwrap();
        assert!(stamp.matches(&meta));
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, "seed = 2\n").unwrap();
        let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        file.set_modified(meta.modified().unwrap()).unwrap();
        let after = std::fs::symlink_metadata(&path).unwrap();
        assert_eq!((after.size(), after.mtime(), after.mtime_nsec()), (meta.size(), meta.mtime(), meta.mtime_nsec()));
        assert!(!stamp.matches(&after), "the change time gives the rewrite away");
    }
}
