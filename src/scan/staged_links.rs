//! Symlinks in git's index, resolved the way the kernel resolves them in a
//! work tree, but from what is staged (`--staged`): a link's blob is the
//! path it points to, and the folders and files it names are index entries.
//!
//! A path is resolved one component at a time from the repository's top: a
//! component that is a staged link is replaced by its target (relative to
//! the link's folder), and `..` then steps out of the folder reached so far,
//! not out of the text. A link resolves when it ends at a staged regular
//! file inside the linted root; one that leaves the root, ends at a folder,
//! or names something not staged is skipped with that reason, as the walk
//! skips it on disk.

use super::git::BlobReader;
use super::source::SkipReason;
use super::{FileEntry, Skipped, Tracking};
use std::collections::{HashMap, VecDeque};

/// Most links followed for one path, as Linux allows.
const MAX_HOPS: usize = 40;
/// Longest link target read (`PATH_MAX`).
const MAX_TARGET: u64 = 4096;

/// The index as resolution sees it: root-relative paths, each list sorted.
struct Staged<'a> {
    /// The linted root's path in the repository (`""` or `"sub/dir/"`).
    prefix: &'a str,
    /// Regular files: those linted and those the exclusions leave out.
    files: [&'a [FileEntry]; 2],
    /// Symlinks, with their blobs.
    links: HashMap<&'a str, [u8; 20]>,
    /// Symlink paths, sorted (for the folder test).
    link_paths: Vec<&'a str>,
    blobs: &'a BlobReader,
}

/// Each staged link (`(root-relative path, blob)`) as a file entry with its
/// target's content, or as the reason it is skipped. `files` and `excluded`
/// are the staged regular files, sorted by path.
pub fn resolve(
    links: Vec<(String, [u8; 20])>,
    prefix: &str,
    blobs: &BlobReader,
    files: &[FileEntry],
    excluded: &[FileEntry],
) -> Vec<Result<FileEntry, Skipped>> {
    if links.is_empty() {
        return Vec::new();
    }
    let mut link_paths: Vec<&str> = links.iter().map(|(path, _)| path.as_str()).collect();
    link_paths.sort_unstable();
    let staged = Staged {
        prefix,
        files: [files, excluded],
        links: links.iter().map(|(path, blob)| (path.as_str(), *blob)).collect(),
        link_paths,
        blobs,
    };
    links
        .iter()
        .map(|(path, _)| match staged.target_of(path) {
            Ok(target) => {
                let mut entry = FileEntry::new(path.clone(), Tracking::Tracked);
                (entry.size, entry.blob) = (target.size, target.blob);
                Ok(entry)
            }
            Err(reason) => Err(Skipped { path: path.clone(), reason }),
        })
        .collect()
}

impl Staged<'_> {
    /// The staged regular file the link at `link` (root-relative) ends at.
    fn target_of(&self, link: &str) -> Result<&FileEntry, SkipReason> {
        let mut resolved: Vec<String> = self.prefix.split('/').filter(|p| !p.is_empty()).map(String::from).collect();
        let mut pending: VecDeque<String> = link.split('/').map(String::from).collect();
        let mut hops = 0;
        while let Some(part) = pending.pop_front() {
            // Whatever follows a component needs it to be a folder.
            self.must_be_folder(&resolved)?;
            match part.as_str() {
                "" | "." => continue,
                ".." => {
                    resolved.pop().ok_or(SkipReason::SymlinkLeavesRoot)?;
                    continue;
                }
                _ => resolved.push(part),
            }
            let here = resolved.join("/");
            let Some(blob) = self.root_relative(&here).and_then(|rel| self.links.get(rel)) else { continue };
            hops += 1;
            if hops > MAX_HOPS {
                return Err(SkipReason::SymlinkUnresolvable("too many levels of symbolic links".into()));
            }
            let bytes =
                self.blobs.bytes(blob, MAX_TARGET).map_err(|e| SkipReason::SymlinkUnresolvable(e.to_string()))?;
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
        let rel = self.root_relative(&end).ok_or(SkipReason::SymlinkLeavesRoot)?;
        if let Some(file) = self.file(rel) {
            return Ok(file);
        }
        if rel.is_empty() || self.is_folder(rel) {
            return Err(SkipReason::SymlinkToDirectory);
        }
        Err(SkipReason::SymlinkUnresolvable(format!("{rel} is not staged")))
    }

    /// `path` (from the repository's top) relative to the linted root, if inside it.
    fn root_relative<'p>(&self, path: &'p str) -> Option<&'p str> {
        if self.prefix.is_empty() {
            return Some(path);
        }
        let inner = self.prefix.trim_end_matches('/');
        if path == inner { Some("") } else { path.strip_prefix(self.prefix) }
    }

    /// Fails when the path resolved so far is inside the root and not a staged folder.
    fn must_be_folder(&self, resolved: &[String]) -> Result<(), SkipReason> {
        let here = resolved.join("/");
        match self.root_relative(&here) {
            Some(rel) if !rel.is_empty() && !self.is_folder(rel) => {
                Err(SkipReason::SymlinkUnresolvable(format!("{rel} is not a staged folder")))
            }
            _ => Ok(()),
        }
    }

    fn file(&self, rel: &str) -> Option<&FileEntry> {
        self.files.iter().find_map(|list| list.binary_search_by(|f| f.path.as_str().cmp(rel)).ok().map(|i| &list[i]))
    }

    /// Whether some staged path lies below `rel`.
    fn is_folder(&self, rel: &str) -> bool {
        let below = format!("{rel}/");
        let starts = |paths: &[&str]| {
            let i = paths.partition_point(|p| *p < below.as_str());
            paths.get(i).is_some_and(|p| p.starts_with(&below))
        };
        self.files.iter().any(|list| {
            let i = list.partition_point(|f| f.path.as_str() < below.as_str());
            list.get(i).is_some_and(|f| f.path.starts_with(&below))
        }) || starts(&self.link_paths)
    }
}
