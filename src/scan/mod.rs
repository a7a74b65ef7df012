//! The picture of a repository that rules are evaluated against: which files
//! exist, which were skipped and why, and (lazily) what they contain.

pub mod attributes;
pub mod document;
pub mod json;
pub mod lexer;
pub mod lines;
pub mod markdown;
pub mod notebook;
pub mod source;
pub mod toml_doc;
pub mod walk;
pub mod yaml;

use source::SkipReason;
use std::path::{Path, PathBuf};

/// Whether git knows a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tracking {
    /// The root is not in a git work tree (or git could not be read).
    Unknown,
    /// The file is in git's index.
    Tracked,
    /// The file exists, is not ignored, but is not in the index.
    Untracked,
}

/// One file of the linted tree.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// Path relative to the root, `/`-separated.
    pub path: String,
    /// Absolute path, for reading.
    pub abs: PathBuf,
    /// What git knows about it.
    pub tracking: Tracking,
}

impl FileEntry {
    /// A file at `path` (relative) / `abs` (absolute).
    pub fn new(path: String, abs: PathBuf, tracking: Tracking) -> Self {
        FileEntry { path, abs, tracking }
    }
}

/// A path that was seen but not used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Path relative to the root.
    pub path: String,
    /// Why it was skipped.
    pub reason: SkipReason,
}

/// Everything known about the linted tree before any rule runs.
#[derive(Debug)]
pub struct Picture {
    /// The canonical root.
    pub root: PathBuf,
    /// Files, sorted by path.
    pub files: Vec<FileEntry>,
    /// Paths not listed as files, with reasons (shown by `--verbose`).
    pub skipped: Vec<Skipped>,
    /// How the picture was built (shown by `--verbose`).
    pub notes: Vec<String>,
    /// What `.gitattributes` says (which files go through git-lfs).
    pub attributes: attributes::Attributes,
}

/// How to build a picture.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Globs to leave out, relative to the root.
    pub excludes: walk::Excludes,
}

impl Picture {
    /// Scan `root`. Fails only when the root itself cannot be used.
    pub fn scan(root: &Path, options: &ScanOptions) -> std::io::Result<Picture> {
        let root = std::fs::canonicalize(root)?;
        if !root.is_dir() {
            return Err(std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a directory"));
        }
        let (mut files, skipped) = walk::walk(&root, &options.excludes);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let notes = vec![format!("listed {} files by walking the tree (honouring .gitignore)", files.len())];
        let attributes = read_attributes(&files);
        Ok(Picture { root, files, skipped, notes, attributes })
    }
}

/// Read every `.gitattributes` of the tree (small files, needed to tell git-lfs data from plain blobs).
fn read_attributes(files: &[FileEntry]) -> attributes::Attributes {
    const LIMIT: u64 = 1024 * 1024;
    let mut attrs = attributes::Attributes::default();
    for file in files.iter().filter(|f| f.path == ".gitattributes" || f.path.ends_with("/.gitattributes")) {
        if let Ok(text) = source::read_text(&file.abs, LIMIT) {
            let dir = file.path.rsplit_once('/').map_or("", |(d, _)| d);
            attrs.add_file(dir, &text);
        }
    }
    attrs
}
