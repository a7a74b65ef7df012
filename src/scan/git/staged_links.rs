//! Symlinks in git's index, resolved the way the kernel resolves them in a
//! work tree, but from what is staged (`--staged`): a link's blob is the
//! path it points to, and the folders and files it names are index entries.
//!
//! A path is resolved one component at a time from the repository's top,
//! against the whole index (a link may pass through folders above a linted
//! subfolder): a component that is a staged link is replaced by its target
//! (relative to the link's folder), `..` then steps out of the folder
//! reached so far, not out of the text, and every component something
//! follows must be a staged folder. A link resolves when it ends at a staged
//! regular file inside the linted root; one that leaves the root, ends at a
//! folder, or names something not staged is skipped with that reason, as the
//! walk skips it on disk.

use crate::scan::FileEntry;
use crate::scan::Skipped;
use crate::scan::Tracking;
use crate::scan::fs::open::SkipReason;
use crate::scan::git::{BlobReader, IndexFile};
use std::collections::VecDeque;

/// Most links followed for one path, as Linux allows.
const MAX_HOPS: usize = 40;
/// Longest link target read (`PATH_MAX`).
const MAX_TARGET: u64 = 4096;

/// The index as resolution sees it.
struct Staged<'a> {
    /// The linted root's path in the repository (`""` or `"sub/dir/"`).
    prefix: &'a str,
    /// Every entry of the index, paths from the repository's top, sorted.
    index: &'a [IndexFile],
    blobs: &'a BlobReader,
}

/// Each staged link (root-relative paths) as a file entry with its target's
/// content, or as the reason it is skipped. `index` is the whole index,
/// paths from the repository's top, sorted.
pub fn resolve(
    links: &[String],
    prefix: &str,
    blobs: &BlobReader,
    index: &[IndexFile],
) -> Vec<Result<FileEntry, Skipped>> {
    let staged = Staged { prefix, index, blobs };
    links
        .iter()
        .map(|link| match staged.target_of(&format!("{prefix}{link}")) {
            Ok(target) => {
                let mut entry = FileEntry::new(link.clone(), Tracking::Tracked);
                // A sparse checkout may record no size for what it keeps out of the work tree.
                let size = match (target.sparse, &target.blob) {
                    (true, Some(blob)) => blobs.size(blob),
                    _ => Some(target.size),
                };
                (entry.size, entry.blob) = (size, target.blob);
                Ok(entry)
            }
            Err(reason) => Err(Skipped { path: link.clone(), reason }),
        })
        .collect()
}

impl Staged<'_> {
    /// The staged regular file the link at `link` (from the repository's top) ends at, inside the root.
    fn target_of(&self, link: &str) -> Result<&IndexFile, SkipReason> {
        let mut resolved: Vec<String> = Vec::new();
        let mut pending: VecDeque<String> = link.split('/').map(String::from).collect();
        let mut hops = 0;
        while let Some(part) = pending.pop_front() {
            // Whatever follows a component needs it to be a folder.
            let here = resolved.join("/");
            if !here.is_empty() && !self.is_folder(&here) {
                return Err(SkipReason::SymlinkUnresolvable(format!("{here} is not a staged folder")));
            }
            match part.as_str() {
                "" | "." => continue,
                ".." => {
                    resolved.pop().ok_or(SkipReason::SymlinkLeavesRoot)?;
                    continue;
                }
                _ => resolved.push(part),
            }
            let here = resolved.join("/");
            let Some(blob) = self.entry(&here).filter(|e| e.symlink).and_then(|e| e.blob) else { continue };
            hops += 1;
            if hops > MAX_HOPS {
                return Err(SkipReason::SymlinkUnresolvable("too many levels of symbolic links".into()));
            }
            let mut bytes =
                self.blobs.bytes(&blob, MAX_TARGET).map_err(|e| SkipReason::SymlinkUnresolvable(e.to_string()))?;
            // Git checks a target out as a C string: it ends at the first NUL.
            bytes.truncate(memchr::memchr(0, &bytes).unwrap_or(bytes.len()));
            let target = String::from_utf8(bytes)
                .map_err(|_| SkipReason::SymlinkUnresolvable(format!("{here} points at a path that is not UTF-8")))?;
            if target.is_empty() || target.starts_with('/') {
                return Err(SkipReason::SymlinkLeavesRoot);
            }
            // The link's folder, then the target's components, then what was left.
            resolved.pop();
            let rest = std::mem::take(&mut pending);
            pending = target.split('/').map(String::from).chain(rest).collect();
        }
        let end = resolved.join("/");
        let inside = self.prefix.is_empty() || end.starts_with(self.prefix) || end == self.prefix.trim_end_matches('/');
        if !inside {
            return Err(SkipReason::SymlinkLeavesRoot);
        }
        match self.entry(&end) {
            Some(file) if !file.symlink && file.blob.is_some() => Ok(file),
            _ if end.is_empty() || self.is_folder(&end) => Err(SkipReason::SymlinkToDirectory),
            _ => Err(SkipReason::SymlinkUnresolvable(format!(
                "{} is not staged",
                end.strip_prefix(self.prefix).unwrap_or(&end)
            ))),
        }
    }

    fn entry(&self, path: &str) -> Option<&IndexFile> {
        self.index.binary_search_by(|f| f.path.as_str().cmp(path)).ok().map(|i| &self.index[i])
    }

    /// Whether some staged path lies below `path`.
    fn is_folder(&self, path: &str) -> bool {
        let below = format!("{path}/");
        let i = self.index.partition_point(|f| f.path.as_str() < below.as_str());
        self.index.get(i).is_some_and(|f| f.path.starts_with(&below))
    }
}
