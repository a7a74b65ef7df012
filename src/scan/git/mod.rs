//! Git facts, read with libgit2 (no OpenSSL, no network, nothing executed):
//! which files are committed, what a pull request changed, and who has been
//! editing which folders.
//!
//! Every failure degrades: a folder that is not a work tree, a bare
//! repository, a repository owned by another user (libgit2's
//! `safe.directory` check), a broken `.git`: mlready falls back to walking
//! the tree and says why under `--verbose`.

pub mod attributes;
pub mod index_file;
pub mod staged_links;
pub mod stamp;

use crate::scan::fs::mapped::MappedFile;
use crate::scan::fs::open::SkipReason;
use git2::{Delta, DiffOptions, ErrorCode, Repository};
use index_file::Entry;
use stamp::BlobStamp;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The biggest index file read: 100k entries take about 10 MB.
pub const MAX_INDEX_SIZE: u64 = 2 << 30;

/// An index entry's mode for a submodule (gitlink).
const MODE_GITLINK: u32 = 0o160000;
/// An index entry's mode for a symbolic link.
const MODE_SYMLINK: u32 = 0o120000;

/// Files the platform reads at the repository's top and applies to every
/// folder below it: where GitHub and GitLab look for CODEOWNERS, and the CI
/// definitions each CI service reads (a `*` is one folder level's file
/// name, `*.yml`). Linting a subfolder, these count as if they were in it.
pub const PLATFORM_FILES: &[&str] = &[
    ".github/CODEOWNERS",
    "CODEOWNERS",
    "docs/CODEOWNERS",
    ".gitlab/CODEOWNERS",
    ".github/workflows/*.yml",
    ".github/workflows/*.yaml",
    ".gitlab-ci.yml",
    "azure-pipelines.yml",
    "azure-pipelines.yaml",
    ".azure-pipelines/*.yml",
    ".azure-pipelines/*.yaml",
    "Jenkinsfile",
    ".circleci/config.yml",
    "cloudbuild.yaml",
    "cloudbuild.yml",
    "bitbucket-pipelines.yml",
    ".buildkite/*.yml",
    ".drone.yml",
    ".travis.yml",
    ".woodpecker.yml",
    ".woodpecker/*.yml",
];

/// Whether `path` (from the top) is one of [`PLATFORM_FILES`].
pub fn is_platform_file(path: &str) -> bool {
    PLATFORM_FILES.iter().any(|pattern| match pattern.split_once('*') {
        Some((folder, extension)) => path
            .strip_prefix(folder)
            .and_then(|name| name.strip_suffix(extension))
            .is_some_and(|stem| !stem.is_empty() && !stem.contains('/')),
        None => path == *pattern,
    })
}

/// A repository whose work tree contains the linted root.
pub struct GitRepo {
    repo: Repository,
    /// The work tree, canonical.
    pub workdir: PathBuf,
    /// The linted root relative to the work tree, `/`-separated, with a trailing `/` (empty at the top).
    pub prefix: String,
    /// Whether the clone is shallow (history is cut off).
    pub shallow: bool,
    /// Whether HEAD points at a commit (false on an unborn branch).
    pub has_commits: bool,
    /// Whether object ids are SHA-1 (the index layout the direct reader knows).
    sha1: bool,
    /// The index file, and whether it is another than the repository's own:
    /// git hands hooks a temporary one in `GIT_INDEX_FILE` (`git commit -a`,
    /// `git commit <path>`), and that one holds what is being committed.
    index_path: PathBuf,
    other_index: bool,
    /// Whether libgit2's repository holds the index already (see `libgit2_index`).
    index_set: std::cell::Cell<bool>,
    /// Whether the index is a split index, once known.
    split_index: std::cell::Cell<Option<bool>>,
}

/// What discovery found.
pub enum Discovery {
    /// A usable work tree.
    Repo(Box<GitRepo>),
    /// No git facts, and why (for `--verbose`).
    NoRepo(String),
}

/// One file of the index under the linted root.
#[derive(Debug, Clone)]
pub struct IndexFile {
    /// Path relative to the linted root.
    pub path: String,
    /// Size of the committed blob (a git-lfs pointer's size for LFS files).
    pub size: u64,
    /// Whether the entry is a symbolic link.
    pub symlink: bool,
    /// The staged blob: a regular file's content, a symlink's target path.
    pub blob: Option<[u8; 20]>,
    /// Kept out of the work tree by a sparse checkout ("skip worktree"): its
    /// recorded size may be 0, whatever the blob's.
    pub sparse: bool,
    /// The `stat` data recorded, when they can be trusted.
    pub stamp: Option<BlobStamp>,
}

/// A libgit2 index entry in the shape the direct reader produces.
fn as_entry(entry: &git2::IndexEntry) -> Entry<'_> {
    let mut oid = [0u8; 20];
    if let Some(bytes) = entry.id.as_bytes().get(..20) {
        oid.copy_from_slice(bytes);
    }
    Entry {
        path: &entry.path,
        ctime: (entry.ctime.seconds() as u32, entry.ctime.nanoseconds()),
        mtime: (entry.mtime.seconds() as u32, entry.mtime.nanoseconds()),
        dev: entry.dev,
        ino: entry.ino,
        mode: entry.mode,
        size: entry.file_size,
        oid,
        flags: entry.flags,
        flags_extended: entry.flags_extended,
    }
}

/// The index entries under the linted root, as they are read.
struct Listing<'a> {
    prefix: &'a str,
    index_mtime: Option<stamp::IndexTime>,
    files: Vec<IndexFile>,
    submodules: Vec<String>,
}

impl Listing<'_> {
    fn add(&mut self, entry: &Entry<'_>) {
        // Conflicted entries appear once per stage; list the path once.
        if entry.stage() > 1 {
            return;
        }
        let Ok(path) = std::str::from_utf8(entry.path) else { return };
        // (Most roots are the top: no comparison per entry then.)
        let relative = match self.prefix.is_empty() {
            true => path,
            false => match path.strip_prefix(self.prefix) {
                Some(relative) => relative,
                None => return,
            },
        };
        // A crafted index must not make mlready read outside the work tree or inside `.git`.
        if !index_file::is_safe_path(path) {
            return;
        }
        if entry.mode == MODE_GITLINK {
            self.submodules.push(relative.to_string());
            return;
        }
        self.files.push(IndexFile {
            path: relative.to_string(),
            size: u64::from(entry.size),
            symlink: entry.mode == MODE_SYMLINK,
            blob: stamp::staged_blob(entry).or_else(|| stamp::staged_link(entry)),
            sparse: entry.flags_extended & stamp::FLAG_SKIP_WORKTREE != 0,
            stamp: self.index_mtime.and_then(|at| BlobStamp::of_entry(entry, at)),
        });
    }
}

/// Attribute files from outside the linted root ([`GitRepo::outer_attributes`]).
#[derive(Debug, Default)]
pub struct OuterAttributes {
    /// `core.attributesFile`.
    pub user: Option<String>,
    /// `$GIT_DIR/info/attributes`.
    pub repository: Option<String>,
    /// The `.gitattributes` of each folder above the root: (folder from the top, text).
    pub above: Vec<(String, String)>,
}

/// Staged blobs, read from git's object database: the content of the next
/// commit where the work tree differs from it (`--staged`). libgit2's
/// repository is not shared between threads, so reads take turns; they are
/// the few files changed since they were staged.
pub struct BlobReader {
    repo: std::sync::Mutex<Repository>,
}

impl std::fmt::Debug for BlobReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BlobReader")
    }
}

impl BlobReader {
    /// The size of blob `oid`, from its header (nothing is inflated).
    pub fn size(&self, oid: &[u8; 20]) -> Option<u64> {
        let oid = git2::Oid::from_bytes(oid).ok()?;
        let repo = self.repo.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        repo.odb().and_then(|odb| odb.read_header(oid)).ok().map(|(size, _)| size as u64)
    }

    /// The text of blob `oid`, refused as [`crate::scan::fs::open::read_text`]
    /// refuses a file: over `limit` bytes, binary, not UTF-8.
    pub fn text(&self, oid: &[u8; 20], limit: u64) -> Result<String, SkipReason> {
        crate::scan::fs::open::decode_text(self.bytes(oid, limit)?, limit)
    }

    /// The bytes of blob `oid`, unless it is over `limit` bytes.
    pub fn bytes(&self, oid: &[u8; 20], limit: u64) -> Result<Vec<u8>, SkipReason> {
        let unreadable = |e: git2::Error| SkipReason::Unreadable(format!("staged blob: {}", e.message()));
        let oid = git2::Oid::from_bytes(oid).map_err(unreadable)?;
        let repo = self.repo.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // The header says the size without inflating a large blob.
        let (size, _) = repo.odb().and_then(|odb| odb.read_header(oid)).map_err(unreadable)?;
        if size as u64 > limit {
            return Err(SkipReason::TooLarge { size: size as u64, limit });
        }
        let blob = repo.find_blob(oid).map_err(unreadable)?;
        Ok(blob.content().to_vec())
    }
}

/// Files changed between a merge base and the work tree.
#[derive(Debug, Clone, Default)]
pub struct ChangeSet {
    /// The revision the user named.
    pub reference: String,
    /// The merge base of that revision and HEAD (`None` before the first commit).
    pub merge_base: Option<String>,
    /// Added, modified, copied or renamed-to paths (relative to the linted root).
    pub changed: HashSet<String>,
    /// Deleted or renamed-from paths (relative to the linted root).
    pub deleted: HashSet<String>,
    /// For changed files that existed at the merge base: the lines (1-based,
    /// in the new version) of the diff's hunks. A changed file without an
    /// entry (new, binary, rewritten by a filter, too big) changed everywhere.
    pub lines: HashMap<String, Vec<std::ops::Range<usize>>>,
    /// For changed and deleted paths that were regular files at the merge
    /// base: their blob there, to tell what the change took away.
    pub before: HashMap<String, [u8; 20]>,
}

impl ChangeSet {
    /// Whether lines `first..=last` of `path` (relative to the root) changed:
    /// they overlap a hunk, or the file changed as a whole.
    pub fn touches_lines(&self, path: &str, first: usize, last: usize) -> bool {
        self.changed.contains(path)
            && self.lines.get(path).is_none_or(|hunks| hunks.iter().any(|h| h.start <= last && first < h.end))
    }
}

/// The most a changed file's diff reads; a bigger file changed as a whole.
const MAX_DIFFED: u64 = 4 * 1024 * 1024;

/// The new-side line ranges of a patch's hunks, or `None` for a binary patch.
fn hunk_lines(patch: &git2::Patch<'_>) -> Option<Vec<std::ops::Range<usize>>> {
    if patch.delta().flags().is_binary() {
        return None;
    }
    let mut lines = Vec::with_capacity(patch.num_hunks());
    for index in 0..patch.num_hunks() {
        let (hunk, _) = patch.hunk(index).ok()?;
        let start = hunk.new_start() as usize;
        // A hunk that only removes lines touches the line after the removal.
        let count = (hunk.new_lines() as usize).max(1);
        lines.push(start.max(1)..start.max(1) + count);
    }
    Some(lines)
}

/// Options for a line diff: no context, nothing but the text.
fn line_diff_options() -> DiffOptions {
    let mut options = DiffOptions::new();
    options.context_lines(0).ignore_submodules(true);
    options
}

/// Who has been committing to a set of folders.
#[derive(Debug, Clone, Default)]
pub struct AuthorStats {
    /// Per folder, authors (as CODEOWNERS owners: `@handle` or e-mail) with commit counts, most frequent first.
    pub by_folder: BTreeMap<String, Vec<(String, usize)>>,
    /// Commits looked at.
    pub commits: usize,
}

impl Discovery {
    /// Find the repository whose work tree contains `root` (canonical).
    pub fn find(root: &Path) -> Discovery {
        let repo = match Repository::discover(root) {
            Ok(repo) => repo,
            Err(e) => {
                // A `.git` that libgit2 cannot use reads as "no repository": say what is there.
                let dot_git = root.ancestors().map(|a| a.join(".git")).find(|p| p.exists());
                if let (Some(dot_git), ErrorCode::NotFound) = (dot_git, e.code()) {
                    return Discovery::NoRepo(format!(
                        "{} exists but is not a usable repository ({})",
                        dot_git.display(),
                        e.message()
                    ));
                }
                return Discovery::NoRepo(describe_open_error(&e));
            }
        };
        if repo.is_bare() {
            return Discovery::NoRepo("the repository is bare (it has no work tree)".into());
        }
        let Some(workdir) = repo.workdir().and_then(|w| std::fs::canonicalize(w).ok()) else {
            return Discovery::NoRepo("the repository's work tree cannot be found".into());
        };
        let Ok(relative) = root.strip_prefix(&workdir) else {
            return Discovery::NoRepo("the linted root is outside the repository's work tree".into());
        };
        let mut prefix = crate::scan::fs::walk::relative(&workdir, &workdir.join(relative)).unwrap_or_default();
        if !prefix.is_empty() {
            prefix.push('/');
        }
        // The linted root inside .git itself is not a work tree.
        if prefix == ".git/" || prefix.starts_with(".git/") {
            return Discovery::NoRepo("the linted root is inside the .git folder".into());
        }
        let shallow = repo.is_shallow();
        let has_commits = repo.head().ok().and_then(|h| h.target()).is_some();
        let format = repo.config().ok().and_then(|c| c.get_string("extensions.objectformat").ok());
        let sha1 = format.is_none_or(|f| f.eq_ignore_ascii_case("sha1"));
        let (index_path, other_index) = match std::env::var_os("GIT_INDEX_FILE").filter(|v| !v.is_empty()) {
            // Relative to the work tree's top, as git reads it.
            Some(path) => (workdir.join(path), true),
            None => (repo.path().join("index"), false),
        };
        Discovery::Repo(Box::new(GitRepo {
            repo,
            workdir,
            prefix,
            shallow,
            has_commits,
            sha1,
            index_path,
            other_index,
            index_set: std::cell::Cell::new(false),
            split_index: std::cell::Cell::new(None),
        }))
    }
}

/// Refuse an index file that is not a regular file (a FIFO, a device).
fn regular_index(path: &Path, meta: &std::fs::Metadata) -> Result<(), String> {
    if meta.is_file() {
        return Ok(());
    }
    let kind = crate::scan::fs::open::special_kind(&meta.file_type());
    Err(format!("the git index {} is not a regular file ({kind})", path.display()))
}

fn describe_open_error(e: &git2::Error) -> String {
    match e.code() {
        ErrorCode::NotFound => "not inside a git work tree".into(),
        ErrorCode::Owner => "the repository is owned by another user, and git's safe.directory check refuses it \
             (`git config --global --add safe.directory <path>` allows it)"
            .into(),
        _ => format!("the repository cannot be opened ({})", e.message()),
    }
}

impl GitRepo {
    /// Files in the index under the linted root, and the submodules skipped.
    pub fn index_files(&self) -> Result<(Vec<IndexFile>, Vec<String>), String> {
        self.index_files_under(&self.prefix)
    }

    /// Every file of the index, paths from the repository's top.
    pub fn index_files_from_top(&self) -> Result<Vec<IndexFile>, String> {
        self.index_files_under("").map(|(files, _)| files)
    }

    /// `GIT_INDEX_FILE`, when it names a file that does not exist. Git reads
    /// that as an empty index; a `--staged` run would then lint nothing.
    pub fn missing_index_file(&self) -> Option<&Path> {
        (self.other_index && !self.index_path.exists()).then_some(self.index_path.as_path())
    }

    fn index_files_under(&self, prefix: &str) -> Result<(Vec<IndexFile>, Vec<String>), String> {
        let index_path = &self.index_path;
        let meta = match std::fs::metadata(index_path) {
            Ok(meta) => meta,
            // No index yet (a fresh `git init`): nothing is tracked.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
            Err(e) => return Err(format!("the git index cannot be read ({e})")),
        };
        // Neither reader may wait on a FIFO or read a device forever (`GIT_INDEX_FILE` is the caller's to set).
        regular_index(index_path, &meta)?;
        // Taken before the read: if the index is rewritten meanwhile, an older
        // time only makes more entries count as racy.
        let index_mtime = stamp::index_mtime(&meta);
        let mut listing = Listing { prefix, index_mtime, files: Vec::new(), submodules: Vec::new() };
        if self.sha1 {
            let bytes = MappedFile::read(index_path, MAX_INDEX_SIZE)
                .map_err(|e| format!("the git index cannot be read ({e})"))?;
            listing.files.reserve(bytes.len() / 100);
            match index_file::read(&bytes, |entry| listing.add(entry)) {
                Ok(()) => return Ok((listing.files, listing.submodules)),
                Err(index_file::SPLIT_INDEX) => {
                    listing.files.clear();
                    listing.submodules.clear();
                    self.split_index.set(Some(true));
                    self.read_split_index(&bytes, |entry| listing.add(entry))?;
                    return Ok((listing.files, listing.submodules));
                }
                Err(_) => {}
            }
            listing.files.clear();
            listing.submodules.clear();
        }
        // What the direct reader declines, libgit2 reads (without keeping it in the repository).
        let index =
            git2::Index::open(index_path).map_err(|e| format!("the git index cannot be read ({})", e.message()))?;
        for entry in index.iter() {
            listing.add(&as_entry(&entry));
        }
        Ok((listing.files, listing.submodules))
    }

    /// The entries of a split index, merged with its shared index file, which
    /// git keeps in `$GIT_DIR` or beside the index (a temporary index of `git
    /// commit -a`). libgit2 reads no split index.
    fn read_split_index(&self, bytes: &[u8], each: impl FnMut(&Entry<'_>)) -> Result<(), String> {
        let declined = |why: &str| format!("the split git index cannot be read ({why})");
        let Some(id) = index_file::shared_index_id(bytes).map_err(declined)? else {
            return index_file::read_split(bytes, None, each).map_err(declined);
        };
        let name = format!("sharedindex.{}", id.iter().map(|b| format!("{b:02x}")).collect::<String>());
        let beside = self.index_path.parent().map(|dir| dir.join(&name));
        let shared = [Some(self.repo.path().join(&name)), beside]
            .into_iter()
            .flatten()
            .find(|path| path.exists())
            .ok_or_else(|| declined(&format!("{name} is missing")))?;
        let shared = MappedFile::read(&shared, MAX_INDEX_SIZE).map_err(|e| declined(&e.to_string()))?;
        index_file::read_split(bytes, Some(&shared), each).map_err(declined)
    }

    /// Whether the index is a split index (known once it was listed).
    fn is_split_index(&self) -> bool {
        if let Some(split) = self.split_index.get() {
            return split;
        }
        let split = MappedFile::read(&self.index_path, MAX_INDEX_SIZE)
            .is_ok_and(|bytes| index_file::read(&bytes, |_| {}) == Err(index_file::SPLIT_INDEX));
        self.split_index.set(Some(split));
        split
    }

    /// The index as an in-memory libgit2 index, built from what the direct
    /// reader read, for what libgit2 cannot open itself (a split index).
    fn built_index(&self) -> Result<git2::Index, git2::Error> {
        let bytes = MappedFile::read(&self.index_path, MAX_INDEX_SIZE)
            .map_err(|e| git2::Error::from_str(&format!("the git index cannot be read ({e})")))?;
        let convert = |entry: &Entry<'_>| {
            git2::IndexEntry {
                ctime: git2::IndexTime::new(entry.ctime.0 as i32, entry.ctime.1),
                mtime: git2::IndexTime::new(entry.mtime.0 as i32, entry.mtime.1),
                dev: entry.dev,
                ino: entry.ino,
                mode: entry.mode,
                uid: 0,
                gid: 0,
                file_size: entry.size,
                id: git2::Oid::from_bytes(&entry.oid).unwrap_or(git2::Oid::ZERO_SHA1),
                // The name length is recomputed from the path.
                flags: entry.flags & !0x0fff,
                flags_extended: entry.flags_extended,
                path: entry.path.to_vec(),
            }
        };
        let mut entries = Vec::new();
        match index_file::read(&bytes, |entry| entries.push(convert(entry))) {
            Ok(()) => {}
            Err(index_file::SPLIT_INDEX) => {
                // What the plain read passed on before it met the split index is discarded.
                entries.clear();
                self.read_split_index(&bytes, |entry| entries.push(convert(entry)))
                    .map_err(|e| git2::Error::from_str(&e))?;
            }
            Err(why) => return Err(git2::Error::from_str(why)),
        }
        let mut index = git2::Index::new()?;
        for entry in &entries {
            index.add(entry)?;
        }
        Ok(index)
    }

    /// A reader of this repository's staged blobs, for `--staged` runs: a
    /// handle of its own, shared by the threads that read files.
    pub fn blob_reader(&self) -> Result<BlobReader, String> {
        let repo = Repository::open(self.repo.path()).map_err(|e| e.message().to_string())?;
        Ok(BlobReader { repo: std::sync::Mutex::new(repo) })
    }

    /// The text of blob `oid`, refused as a file is: over `limit` bytes, binary, not UTF-8.
    pub fn blob_text(&self, oid: &[u8; 20], limit: u64) -> Option<String> {
        let blob = self.repo.find_blob(git2::Oid::from_bytes(oid).ok()?).ok()?;
        if blob.size() as u64 > limit {
            return None;
        }
        crate::scan::fs::open::decode_text(blob.content().to_vec(), limit).ok()
    }

    /// The committed (index) content of a file given by its path from the repository's top.
    pub fn index_blob(&self, repo_path: &str) -> Option<String> {
        self.index_blob_of(repo_path, false)
    }

    /// [`Self::index_blob`], for a regular file only (`regular_only`): git
    /// ignores a `.gitattributes` that is a symlink.
    fn index_blob_of(&self, repo_path: &str, regular_only: bool) -> Option<String> {
        let index = self.libgit2_index().ok()?;
        let entry = index.get_path(Path::new(repo_path), 0)?;
        if regular_only && entry.mode & 0o170000 != 0o100000 {
            return None;
        }
        let blob = self.repo.find_blob(entry.id).ok()?;
        String::from_utf8(blob.content().to_vec()).ok()
    }

    /// The files at the repository's top that the platform applies to every
    /// folder below it (CODEOWNERS, CI definitions; see [`PLATFORM_FILES`]),
    /// when the linted root is a subfolder: (path from the top, staged text).
    /// Only regular files git's index holds, up to 1 MiB each, outside the
    /// root (those inside it are listed already). What is read is the blob,
    /// never a path on disk: nothing outside the root is opened.
    pub fn platform_files_at_top(&self) -> Vec<(String, String)> {
        const LIMIT: u64 = 1024 * 1024;
        if self.prefix.is_empty() {
            return Vec::new();
        }
        let Ok(index) = self.libgit2_index() else { return Vec::new() };
        let mut found = Vec::new();
        let mut take = |entry: git2::IndexEntry| {
            let Ok(path) = String::from_utf8(entry.path.clone()) else { return };
            if path.starts_with(self.prefix.as_str())
                || entry.mode & 0o170000 != 0o100000
                || u64::from(entry.file_size) > LIMIT
                || !is_platform_file(&path)
            {
                return;
            }
            let text = self.repo.find_blob(entry.id).ok().and_then(|b| String::from_utf8(b.content().to_vec()).ok());
            found.extend(text.map(|text| (path, text)));
        };
        for pattern in PLATFORM_FILES {
            match pattern.rsplit_once('/') {
                // A folder's files: the index is sorted, so they are one run of entries.
                Some((folder, name)) if name.contains('*') => {
                    let folder = format!("{folder}/");
                    let Ok(start) = index.find_prefix(Path::new(&folder)) else { continue };
                    for position in start..index.len() {
                        let Some(entry) = index.get(position) else { break };
                        if !entry.path.starts_with(folder.as_bytes()) {
                            break;
                        }
                        take(entry);
                    }
                }
                _ => {
                    if let Some(entry) = index.get_path(Path::new(pattern), 0) {
                        take(entry);
                    }
                }
            }
        }
        found.sort();
        found.dedup_by(|a, b| a.0 == b.0);
        found
    }

    /// The attribute files that apply to the linted root from outside it:
    /// the user's `core.attributesFile`, `$GIT_DIR/info/attributes`, and the
    /// `.gitattributes` of the folders above the root (staged ones with
    /// `staged`, else the work tree's), as (folder from the top, text).
    pub fn outer_attributes(&self, staged: bool) -> OuterAttributes {
        const LIMIT: u64 = 1024 * 1024;
        let read = |path: &Path| crate::scan::fs::open::read_text(path, LIMIT).ok();
        let user = self
            .repo
            .config()
            .and_then(|c| c.get_path("core.attributesFile"))
            .ok()
            // A relative path is git's, which runs at the work tree's top.
            .map(|path| self.workdir.join(path))
            .or_else(|| {
                let config = std::env::var_os("XDG_CONFIG_HOME")
                    .filter(|d| !d.is_empty())
                    .map(PathBuf::from)
                    .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
                Some(config.join("git/attributes"))
            })
            .and_then(|path| read(&path));
        let repository = read(&self.repo.commondir().join("info/attributes"));
        let mut above = Vec::new();
        let mut folder = String::new();
        for part in self.prefix.trim_end_matches('/').split('/').filter(|p| !p.is_empty()) {
            let file = format!("{folder}.gitattributes");
            // Git reads no `.gitattributes` that is a symlink (which could lead out of the repository).
            let on_disk = self.workdir.join(&file);
            let text = if staged {
                self.index_blob_of(&file, true)
            } else {
                crate::scan::fs::open::read_text_no_links(&on_disk, LIMIT).ok()
            };
            above.extend(text.map(|t| (folder.trim_end_matches('/').to_string(), t)));
            folder = format!("{folder}{part}/");
        }
        OuterAttributes { user, repository, above }
    }

    /// The index as libgit2 reads it: the repository's, or the one `GIT_INDEX_FILE` names.
    fn libgit2_index(&self) -> Result<git2::Index, git2::Error> {
        // Parsed once: set as the repository's index, it is what libgit2 hands out
        // afterwards (and what diffs against "the index" use).
        if !self.index_set.get() {
            // libgit2 would wait on a FIFO, or read a device forever.
            if let Ok(meta) = std::fs::metadata(&self.index_path) {
                regular_index(&self.index_path, &meta).map_err(|e| git2::Error::from_str(&e))?;
            }
            // libgit2 misreads a split index (it ignores the shared entries' deletions):
            // that one is built from the direct reader's entries.
            let mut index = if self.is_split_index() {
                self.built_index()?
            } else if self.other_index {
                git2::Index::open(&self.index_path)?
            } else {
                self.repo.index()?
            };
            self.repo.set_index(&mut index)?;
            self.index_set.set(true);
        }
        self.repo.index()
    }

    /// Where a walk of the linted root finds git's ignore rules besides the
    /// `.gitignore` files below the root: those of the folders above it, up
    /// to the work tree's top, and `$GIT_DIR/info/exclude`.
    pub fn ignore_sources(&self) -> crate::scan::fs::gitignore::IgnoreSources {
        crate::scan::fs::gitignore::IgnoreSources {
            top: (!self.prefix.is_empty()).then(|| self.workdir.clone()),
            exclude_file: Some(self.repo.commondir().join("info/exclude")),
        }
    }

    /// Files changed between the merge base of `reference` and HEAD, and the
    /// work tree (committed, staged or not), or with `staged` the index (what
    /// the next commit holds). Untracked files are the caller's to add: they
    /// are new, and its listing knows them.
    /// `attributes` say which files git rewrites between blob and work tree.
    pub fn changed_since(
        &self,
        reference: &str,
        staged: bool,
        attributes: &attributes::Attributes,
    ) -> Result<ChangeSet, String> {
        // Before the first commit (a pre-commit hook on a new repository), everything is new.
        if !self.has_commits {
            return match staged {
                true => self.diff_from(None, reference, None),
                false => self.diff_to_work_tree(None, reference, None, attributes),
            };
        }
        let target = self
            .repo
            .revparse_single(reference)
            .and_then(|o| o.peel_to_commit())
            .map_err(|e| format!("`{reference}` is not a commit in this repository ({})", e.message()))?;
        let base = match self.repo.head().ok().and_then(|h| h.target()) {
            Some(head) => self.repo.merge_base(target.id(), head).map_err(|e| {
                let hint = if self.shallow {
                    " (the clone is shallow: fetch more history, e.g. `fetch-depth: 0`)"
                } else {
                    ""
                };
                format!("no merge base between `{reference}` and HEAD{hint}: {}", e.message())
            })?,
            None => target.id(),
        };
        let base_tree = self.repo.find_commit(base).and_then(|c| c.tree()).map_err(|e| e.message().to_string())?;
        match staged {
            true => self.diff_from(Some(&base_tree), reference, Some(base.to_string())),
            false => self.diff_to_work_tree(Some(&base_tree), reference, Some(base.to_string()), attributes),
        }
    }

    /// Changes from `base_tree` (or from nothing) to the work tree: what `git
    /// diff <base>` lists, computed here. libgit2's work-tree diff reads the
    /// work tree's `.gitignore` and `.gitattributes` files itself, through
    /// links, and waits forever on a FIFO put in their place; this reads
    /// only git's objects, its index, `stat` data, and the content of the
    /// files `stat` cannot prove unchanged (opened as every untrusted file is).
    fn diff_to_work_tree(
        &self,
        base_tree: Option<&git2::Tree<'_>>,
        reference: &str,
        merge_base: Option<String>,
        attributes: &attributes::Attributes,
    ) -> Result<ChangeSet, String> {
        let mut base: HashMap<String, git2::Oid> = HashMap::new();
        let mut regular: HashSet<git2::Oid> = HashSet::new();
        if let Some(tree) = base_tree {
            let walked = tree.walk(git2::TreeWalkMode::PreOrder, |folder, entry| {
                if entry.kind() == Some(git2::ObjectType::Blob)
                    && let Ok(name) = entry.name()
                    && let Some(path) = format!("{folder}{name}").strip_prefix(self.prefix.as_str())
                {
                    base.insert(path.to_string(), entry.id());
                    if entry.filemode() & 0o170000 == 0o100000 {
                        regular.insert(entry.id());
                    }
                }
                git2::TreeWalkResult::Ok
            });
            walked.map_err(|e| e.message().to_string())?;
        }
        let root = self.workdir.join(&self.prefix);
        let (index, _) = self.index_files()?;
        let mut changes = ChangeSet { reference: reference.to_string(), merge_base, ..Default::default() };
        let mut stamps = stamp::StampCheck::default();
        let mut inside = crate::scan::InsideRoot::default();
        let mut current: HashSet<&str> = HashSet::with_capacity(index.len());
        for file in &index {
            let now = if inside.holds(&root, &file.path) {
                work_tree_blob(&root, file, attributes.rewrites(&file.path), &mut stamps)
            } else {
                WorkTreeBlob::Unknown
            };
            match now {
                WorkTreeBlob::Missing => continue,
                WorkTreeBlob::Blob(oid) if base.get(&file.path) == Some(&oid) => {}
                now => {
                    changes.changed.insert(file.path.clone());
                    // Which lines changed: the base blob against the work tree's text
                    // (read as the linted text is: no links, line breaks as `\n`).
                    let old = base.get(&file.path).and_then(|id| self.repo.find_blob(*id).ok());
                    if let (Some(old), WorkTreeBlob::Blob(_)) = (old, now)
                        && old.size() as u64 <= MAX_DIFFED
                        && !attributes.rewrites(&file.path)
                        && let Ok(bytes) =
                            crate::scan::fs::open::read_bytes_no_links(&root.join(&file.path), MAX_DIFFED)
                    {
                        let crlf = !old.content().contains(&b'\r') && memchr::memmem::find(&bytes, b"\r\n").is_some();
                        let text = if crlf {
                            String::from_utf8_lossy(&bytes).replace("\r\n", "\n").into_bytes()
                        } else {
                            bytes
                        };
                        let patch =
                            git2::Patch::from_blob_and_buffer(&old, None, &text, None, Some(&mut line_diff_options()));
                        if let Some(lines) = patch.ok().and_then(|p| hunk_lines(&p)) {
                            changes.lines.insert(file.path.clone(), lines);
                        }
                    }
                }
            }
            current.insert(&file.path);
        }
        changes.deleted.extend(base.keys().filter(|path| !current.contains(path.as_str())).cloned());
        for path in changes.changed.iter().chain(&changes.deleted) {
            if let Some(id) = base.get(path).filter(|id| regular.contains(id))
                && let Ok(bytes) = <[u8; 20]>::try_from(id.as_bytes())
            {
                changes.before.insert(path.clone(), bytes);
            }
        }
        Ok(changes)
    }

    /// Changes from `base_tree` (or from nothing) to the index.
    fn diff_from(
        &self,
        base_tree: Option<&git2::Tree<'_>>,
        reference: &str,
        merge_base: Option<String>,
    ) -> Result<ChangeSet, String> {
        // No rename detection: a rename is its new path changed and its old path
        // deleted, which the plain deltas say already, without reading any content.
        let mut options = DiffOptions::new();
        options.include_typechange(true).skip_binary_check(true);
        if !self.prefix.is_empty() {
            options.pathspec(&self.prefix);
        }
        let index = self.libgit2_index().map_err(|e| e.message().to_string())?;
        let diff = self
            .repo
            .diff_tree_to_index(base_tree, Some(&index), Some(&mut options))
            .map_err(|e| e.message().to_string())?;
        let mut changes = ChangeSet { reference: reference.to_string(), merge_base, ..Default::default() };
        let relative = |p: Option<&Path>| -> Option<String> {
            let p = p?.to_str()?.replace('\\', "/");
            p.strip_prefix(self.prefix.as_str()).map(String::from)
        };
        for delta in diff.deltas() {
            let old = relative(delta.old_file().path());
            let new = relative(delta.new_file().path());
            let was_regular = matches!(delta.old_file().mode(), git2::FileMode::Blob | git2::FileMode::BlobExecutable);
            if let Some(path) = old.clone().filter(|_| was_regular && base_tree.is_some())
                && let Ok(bytes) = <[u8; 20]>::try_from(delta.old_file().id().as_bytes())
            {
                changes.before.insert(path, bytes);
            }
            match delta.status() {
                Delta::Deleted => changes.deleted.extend(old),
                Delta::Renamed => {
                    changes.deleted.extend(old);
                    changes.changed.extend(new);
                }
                Delta::Unmodified | Delta::Ignored => {}
                _ => changes.changed.extend(new),
            }
        }
        if let Some(tree) = base_tree {
            for path in &changes.changed {
                let full = format!("{}{path}", self.prefix);
                let blob = |id| self.repo.find_blob(id).ok().filter(|b| b.size() as u64 <= MAX_DIFFED);
                let old = tree.get_path(Path::new(&full)).ok().and_then(|e| blob(e.id()));
                let new = index.get_path(Path::new(&full), 0).and_then(|e| blob(e.id));
                let (Some(old), Some(new)) = (old, new) else { continue };
                let patch = git2::Patch::from_blobs(&old, None, &new, None, Some(&mut line_diff_options()));
                if let Some(lines) = patch.ok().and_then(|p| hunk_lines(&p)) {
                    changes.lines.insert(path.clone(), lines);
                }
            }
        }
        Ok(changes)
    }

    /// The most frequent authors of the last `limit` commits that touched each
    /// folder (paths relative to the linted root). `None` with a reason when
    /// history cannot say (a shallow clone, no commits).
    pub fn authors(&self, folders: &[String], limit: usize) -> Result<AuthorStats, String> {
        if !self.has_commits {
            return Err("the repository has no commits yet".into());
        }
        if self.shallow {
            return Err("the clone is shallow, so its history is too short to suggest owners (fetch full history, e.g. `fetch-depth: 0`, to get suggestions)".into());
        }
        let mailmap = self.repo.mailmap().ok();
        let mut walk = self.repo.revwalk().map_err(|e| e.message().to_string())?;
        walk.push_head().map_err(|e| e.message().to_string())?;
        walk.set_sorting(git2::Sort::TIME).map_err(|e| e.message().to_string())?;
        let repo_folders: Vec<String> = folders.iter().map(|f| format!("{}{f}", self.prefix)).collect();
        let mut counts: HashMap<String, HashMap<String, usize>> = HashMap::new();
        let mut commits = 0;
        for oid in walk.take(limit) {
            let Ok(oid) = oid else { break };
            let Ok(commit) = self.repo.find_commit(oid) else { continue };
            commits += 1;
            if commit.parent_count() > 1 {
                continue; // merges repeat their parents' changes
            }
            let Ok(tree) = commit.tree() else { continue };
            let parent_tree = commit.parent(0).ok().and_then(|p| p.tree().ok());
            let mut options = DiffOptions::new();
            for folder in &repo_folders {
                options.pathspec(folder);
            }
            let Ok(diff) = self.repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut options)) else {
                continue;
            };
            let mut touched: HashSet<usize> = HashSet::new();
            for delta in diff.deltas() {
                let path = delta.new_file().path().or(delta.old_file().path()).and_then(|p| p.to_str()).unwrap_or("");
                for (i, folder) in repo_folders.iter().enumerate() {
                    if path.starts_with(folder.as_str()) {
                        touched.insert(i);
                    }
                }
            }
            if touched.is_empty() {
                continue;
            }
            let author = match &mailmap {
                Some(map) => commit.author_with_mailmap(map).ok().map(|s| owner_handle(&s)),
                None => Some(owner_handle(&commit.author())),
            };
            let Some(author) = author.flatten() else { continue };
            for i in touched {
                *counts.entry(folders[i].clone()).or_default().entry(author.clone()).or_default() += 1;
            }
        }
        let by_folder = counts
            .into_iter()
            .map(|(folder, authors)| {
                let mut list: Vec<(String, usize)> = authors.into_iter().collect();
                list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                (folder, list)
            })
            .collect();
        Ok(AuthorStats { by_folder, commits })
    }
}

/// What the work tree holds for an index entry, as a blob id.
enum WorkTreeBlob {
    /// Nothing: deleted in the work tree.
    Missing,
    /// Content whose blob id this is.
    Blob(git2::Oid),
    /// Something mlready cannot or will not hash (rewritten by a filter, too
    /// big, a folder in its place, no content staged): counted as changed.
    Unknown,
}

/// The biggest work-tree file hashed to tell whether it changed; a bigger
/// one that `stat` cannot prove unchanged counts as changed.
const MAX_HASHED: u64 = 256 * 1024 * 1024;

/// The blob id of what the work tree holds at `file`'s path (under `root`):
/// the index's when `stat` proves the file unchanged since it was staged
/// (and git does not rewrite it), otherwise a hash of its content, as git
/// would store it (a text whose CRLF line breaks git converts on commit is
/// also tried with LF).
fn work_tree_blob(root: &Path, file: &IndexFile, rewritten: bool, stamps: &mut stamp::StampCheck) -> WorkTreeBlob {
    let path = root.join(&file.path);
    let Ok(meta) = std::fs::symlink_metadata(&path) else { return WorkTreeBlob::Missing };
    let Some(staged) = file.blob.and_then(|b| git2::Oid::from_bytes(&b).ok()) else { return WorkTreeBlob::Unknown };
    if meta.is_dir() {
        return WorkTreeBlob::Missing;
    }
    let hash = |bytes: &[u8]| git2::Oid::hash_object(git2::ObjectType::Blob, bytes).ok();
    if file.symlink {
        // A link's blob is its target's name.
        let target = std::fs::read_link(&path).ok().filter(|_| meta.file_type().is_symlink());
        return match target.and_then(|t| hash(t.as_os_str().as_encoded_bytes())) {
            Some(oid) => WorkTreeBlob::Blob(oid),
            None => WorkTreeBlob::Unknown,
        };
    }
    if file.stamp.is_some_and(|stamp| stamps.unchanged(root, &file.path, &stamp)) && !rewritten {
        return WorkTreeBlob::Blob(staged);
    }
    if rewritten || !meta.is_file() {
        return WorkTreeBlob::Unknown;
    }
    let Ok(bytes) = crate::scan::fs::open::read_bytes_no_links(&path, MAX_HASHED) else { return WorkTreeBlob::Unknown };
    let Some(raw) = hash(&bytes) else { return WorkTreeBlob::Unknown };
    if raw != staged && memchr::memmem::find(&bytes, b"\r\n").is_some() {
        let lf = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
        if let Some(converted) = hash(lf.as_bytes()).filter(|oid| *oid == staged) {
            return WorkTreeBlob::Blob(converted);
        }
    }
    WorkTreeBlob::Blob(raw)
}

/// An author as a CODEOWNERS owner: GitHub's no-reply addresses become
/// `@handle`; anything else is the e-mail address, which CODEOWNERS accepts.
fn owner_handle(signature: &git2::Signature<'_>) -> Option<String> {
    let email = signature.email().ok()?.trim().to_string();
    if email.is_empty() || !email.contains('@') {
        return None;
    }
    if let Some(local) = email.strip_suffix("@users.noreply.github.com") {
        let handle = local.rsplit('+').next().unwrap_or(local);
        return Some(format!("@{handle}"));
    }
    Some(email)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str]) {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .status()
            .expect("these tests need the git command-line tool");
        assert!(status.success(), "git {args:?} failed");
    }

    /// Every entry, read directly and by libgit2: (path, fields that matter, flags that matter).
    fn both_readers(dir: &Path) -> (Vec<String>, Vec<String>) {
        let show = |e: &Entry<'_>| {
            let flags = (e.stage(), e.flags & 0x8000, e.flags_extended & 0x6000);
            let path = String::from_utf8_lossy(e.path);
            format!(
                "{path} {:?} {:?} {} {} {:o} {} {:?} {flags:?}",
                e.ctime, e.mtime, e.dev, e.ino, e.mode, e.size, e.oid
            )
        };
        let path = dir.join(".git/index");
        let mut direct = Vec::new();
        index_file::read(&std::fs::read(&path).unwrap(), |e| direct.push(show(e))).expect("read directly");
        let index = git2::Index::open(&path).unwrap();
        let libgit2 = index.iter().map(|e| show(&as_entry(&e))).collect();
        (direct, libgit2)
    }

    #[test]
    fn the_direct_index_reader_agrees_with_libgit2_on_versions_2_3_and_4() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        git(root, &["init", "-q"]);
        let deep = format!("{}/model.py", ["pipelines", "fraud-scoring", "src", "fraud_scoring", "training"].join("/"));
        for (path, text) in [
            ("README.md", "# Model\n"),
            ("src/train.py", "import torch\n"),
            ("src/train_utils.py", "x = 1\n"),
            (deep.as_str(), "def fit(): ...\n"),
            ("data/raw/train.csv", "a,b\n1,2\n"),
            ("naïve/é.py", "x = 2\n"),
        ] {
            let full = root.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink("src/train.py", root.join("link.py")).unwrap();
        git(root, &["add", "-A"]);
        let (direct, libgit2) = both_readers(root);
        assert_eq!(direct, libgit2, "version 2");
        assert!(direct.len() >= 6);

        // An intent-to-add entry needs extended flags: version 3.
        std::fs::write(root.join("later.py"), "y = 1\n").unwrap();
        git(root, &["add", "-N", "later.py"]);
        git(root, &["update-index", "--skip-worktree", "README.md"]);
        let (direct, libgit2) = both_readers(root);
        assert_eq!(direct, libgit2, "version 3");
        assert!(direct.iter().any(|e| e.starts_with("later.py") && e.ends_with("8192)")), "{direct:#?}");

        // Version 4 compresses each path against the previous one.
        git(root, &["update-index", "--index-version", "4"]);
        let (direct, libgit2) = both_readers(root);
        assert_eq!(direct, libgit2, "version 4");
    }

    /// A split index (`core.splitIndex`) keeps most entries in a shared index
    /// file: merged with it, the listing is what git lists, after the split
    /// index replaced, deleted and added entries; libgit2 cannot read it.
    #[test]
    fn a_split_index_lists_what_git_lists() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        git(root, &["init", "-q"]);
        for i in 0..40 {
            std::fs::write(root.join(format!("m{i:02}.py")), format!("x = {i}\n")).unwrap();
        }
        git(root, &["add", "-A"]);
        git(root, &["update-index", "--split-index"]);
        // Changes after the split: a replaced entry, a deleted one, new ones.
        std::fs::write(root.join("m03.py"), "x = 'changed'\n").unwrap();
        std::fs::write(root.join("a-new.py"), "y = 1\n").unwrap();
        std::fs::write(root.join("zz-new.py"), "z = 1\n").unwrap();
        git(root, &["add", "m03.py", "a-new.py", "zz-new.py"]);
        git(root, &["rm", "-q", "--cached", "m07.py"]);
        let shared = std::fs::read_dir(root.join(".git"))
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("sharedindex."));
        assert!(shared, "git wrote a shared index");
        let bytes = std::fs::read(root.join(".git/index")).unwrap();
        assert_eq!(index_file::read(&bytes, |_| {}), Err(index_file::SPLIT_INDEX));
        assert!(git2::Index::open(&root.join(".git/index")).is_err(), "libgit2 reads no split index");

        let Discovery::Repo(repo) = Discovery::find(&std::fs::canonicalize(root).unwrap()) else {
            panic!("a repository")
        };
        let (files, _) = repo.index_files().expect("the split index is read");
        let ours: Vec<String> =
            files.iter().map(|f| format!("{} {}", git2::Oid::from_bytes(&f.blob.unwrap()).unwrap(), f.path)).collect();
        let listed = std::process::Command::new("git")
            .args(["ls-files", "--format=%(objectname) %(path)"])
            .current_dir(root)
            .output()
            .unwrap();
        let theirs: Vec<String> = String::from_utf8(listed.stdout).unwrap().lines().map(String::from).collect();
        assert_eq!(ours, theirs);
        assert!(ours.iter().any(|l| l.ends_with(" m03.py")) && !ours.iter().any(|l| l.ends_with(" m07.py")));
        // What libgit2 diffs against (pull-request mode) is built from the same entries.
        let index = repo.libgit2_index().expect("an index libgit2 can diff against");
        assert_eq!(index.len(), theirs.len());
    }

    #[test]
    fn github_noreply_addresses_become_handles() {
        let sig = git2::Signature::now("Alice", "12345+alice@users.noreply.github.com").unwrap();
        assert_eq!(owner_handle(&sig).as_deref(), Some("@alice"));
        let sig = git2::Signature::now("Bob", "bob@acme.com").unwrap();
        assert_eq!(owner_handle(&sig).as_deref(), Some("bob@acme.com"));
    }
}
