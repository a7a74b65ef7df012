//! The picture of a repository that rules are evaluated against: which files
//! exist, which were skipped and why, and (lazily) what they contain.

pub mod formats;
pub mod fs;
pub mod git;
pub mod ownership;
pub mod source;
pub mod vendored;

use fs::open::{self, SkipReason};
use fs::walk;
use git::{attributes, staged_links};
use rayon::slice::ParallelSliceMut;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether git knows a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tracking {
    /// The root is not in a git work tree (or git could not be read).
    Unknown,
    /// The file is in git's index (committed or staged).
    Tracked,
    /// The file exists, is not ignored, but is not in the index.
    Untracked,
}

/// One file of the linted tree.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// Path relative to the root, `/`-separated. A path that starts with `/`
    /// is a file at the top of the repository that the platform applies to
    /// every folder below it (CODEOWNERS, CI; see [`Picture::top_files`]).
    pub path: String,
    /// What git knows about it.
    pub tracking: Tracking,
    /// Its size, when known without asking the file system (git's index records it).
    pub size: Option<u64>,
    /// The blob git's index stages for it (a regular file's content in the next commit).
    pub blob: Option<[u8; 20]>,
    /// What git's index recorded of it, when a `stat` can prove the file unchanged since.
    pub stamp: Option<git::stamp::BlobStamp>,
}

impl FileEntry {
    /// A file at `path` (relative to the root).
    pub fn new(path: String, tracking: Tracking) -> Self {
        FileEntry { path, tracking, size: None, blob: None, stamp: None }
    }

    /// The path rules' globs see: a platform file at the repository's top
    /// is matched as if it were in the linted root (`.github/workflows/ci.yml`).
    pub fn glob_path(&self) -> &str {
        self.path.strip_prefix('/').unwrap_or(&self.path)
    }
}

/// What git said about the linted tree.
#[derive(Debug, Clone)]
pub struct GitSummary {
    /// The linted root relative to the work tree (`""` or `"sub/dir/"`).
    pub prefix: String,
    /// The clone is shallow.
    pub shallow: bool,
    /// HEAD points at a commit.
    pub has_commits: bool,
    /// Submodules under the root (not scanned: they are other repositories).
    pub submodules: Vec<String>,
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
    /// Git facts, when the root is in a usable work tree.
    pub git: Option<GitSummary>,
    /// With `--staged` (the files are then the index's): what else that mode needs.
    pub staged: Option<Staged>,
    /// Linting a subfolder of a repository: the files at its top that the
    /// platform applies to every folder below it (CODEOWNERS, CI), by their
    /// entry's path (`/.github/CODEOWNERS`), with their committed text. They
    /// count as if they were in the root: the platform applies them there.
    pub top_files: std::collections::HashMap<String, String>,
}

/// What a `--staged` picture knows besides its files.
#[derive(Debug)]
pub struct Staged {
    /// Where staged contents are read from when the work tree no longer holds them.
    pub blobs: git::BlobReader,
    /// Staged paths the exclusions (config `exclude`, default folders) left out, sorted.
    pub excluded: Vec<String>,
    /// Staged symlinks (listed with their target's content when they resolve), sorted.
    pub links: Vec<String>,
}

/// How to build a picture.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Globs to leave out, relative to the root.
    pub excludes: walk::Excludes,
    /// Ask git which files are committed (`--no-git` turns it off).
    pub use_git: bool,
    /// List what the next commit holds (git's index) instead of the work tree (`--staged`).
    pub staged: bool,
    /// More paths that are someone else's code (the config's `vendored` globs).
    pub vendored: walk::Excludes,
    /// Lint vendored code like the project's own (`include-vendored`).
    pub include_vendored: bool,
}

impl Picture {
    /// Scan `root`, returning the repository too when git facts are available.
    /// Fails only when the root itself cannot be used, or (an `InvalidInput`
    /// error) when `--staged` is asked for outside a git work tree.
    pub fn scan(root: &Path, options: &ScanOptions) -> std::io::Result<(Picture, Option<git::GitRepo>)> {
        let root = std::fs::canonicalize(root)?;
        if !root.is_dir() {
            return Err(std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a directory"));
        }
        // A root that cannot be listed fails the run: it must not pass for an empty one.
        std::fs::read_dir(&root)?;
        let discovery =
            if options.use_git { git::Discovery::find(&root) } else { git::Discovery::NoRepo("--no-git".into()) };
        let mut notes = Vec::new();
        let mut staged = None;
        // `--staged` needs git; a repository whose index mlready cannot read (a sparse
        // index) is linted as its work tree, as every run falls back when git cannot help.
        let discovery = match discovery {
            git::Discovery::NoRepo(why) if options.staged => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    format!("--staged needs a git work tree (no git facts: {why})"),
                ));
            }
            git::Discovery::Repo(repo) if options.staged => {
                let listed = repo.blob_reader().and_then(|blobs| {
                    let listing = list_staged(&repo, &blobs, &options.excludes)?;
                    Ok((blobs, listing))
                });
                match listed {
                    Ok((blobs, ((files, skipped, summary, note), excluded, links))) => {
                        staged = Some(Staged { blobs, excluded, links });
                        notes.extend(note);
                        Source::Listed(repo, files, skipped, summary)
                    }
                    Err(why) => {
                        // A different mode than asked for is said even without --verbose.
                        let note = format!("--staged: {why}; linting the work tree instead");
                        // A closed stderr must not end the run.
                        let _ = writeln!(std::io::stderr(), "mlready: warning: {note}");
                        notes.push(note);
                        Source::Git(git::Discovery::Repo(repo))
                    }
                }
            }
            other => Source::Git(other),
        };
        let (mut files, skipped, repo, summary) = match discovery {
            Source::Listed(repo, files, skipped, summary) => (files, skipped, Some(*repo), Some(summary)),
            Source::Git(discovery) => match discovery {
                git::Discovery::Repo(repo) => match list_with_git(&root, &repo, &options.excludes) {
                    Ok((files, skipped, summary, listed)) => {
                        notes.extend(listed);
                        (files, skipped, Some(*repo), Some(summary))
                    }
                    Err(why) => {
                        notes.push(format!("git facts unavailable ({why}); falling back to walking the tree"));
                        let walked = walk::walk(&root, &options.excludes, &repo.ignore_sources())?;
                        notes.extend(walked.notes);
                        (untracked_unknown(walked.files), walked.skipped, None, None)
                    }
                },
                git::Discovery::NoRepo(why) => {
                    let walked = walk::walk(&root, &options.excludes, &ignore_sources_without_git(&root))?;
                    let files = untracked_unknown(walked.files);
                    notes.push(format!(
                        "no git facts: {why}; listed {} files by walking the tree (honouring .gitignore)",
                        files.len()
                    ));
                    notes.extend(walked.notes);
                    (files, walked.skipped, None, None)
                }
            },
        };
        let mut top_files = std::collections::HashMap::new();
        if let Some(repo) = &repo {
            for (path, text) in repo.platform_files_at_top() {
                let mut entry = FileEntry::new(format!("/{path}"), Tracking::Tracked);
                entry.size = Some(text.len() as u64);
                top_files.insert(entry.path.clone(), text);
                files.push(entry);
            }
            if !top_files.is_empty() {
                let mut listed: Vec<&str> = top_files.keys().map(String::as_str).collect();
                listed.sort_unstable();
                notes.push(format!(
                    "the root is a subfolder: the platform's files at the repository's top apply to it: {}",
                    listed.join(", ")
                ));
            }
        }
        files.par_sort_unstable_by(|a, b| a.path.cmp(&b.path));
        let attributes = read_attributes(&root, &files, staged.as_ref(), repo.as_ref());
        if !options.include_vendored {
            leave_out_vendored(&mut files, &attributes, &options.vendored, &mut notes);
        }
        Ok((Picture { root, files, skipped, notes, attributes, git: summary, staged, top_files }, repo))
    }

    /// Where a listed file is on disk.
    pub fn disk_path(&self, entry: &FileEntry) -> PathBuf {
        self.root.join(&entry.path)
    }

    /// The file at `path`, if listed.
    pub fn file(&self, path: &str) -> Option<&FileEntry> {
        self.files.binary_search_by(|f| f.path.as_str().cmp(path)).ok().map(|i| &self.files[i])
    }
}

/// A listing from git: files, skipped paths, git's facts, and notes for `--verbose`.
type GitListing = (Vec<FileEntry>, Vec<Skipped>, GitSummary, Vec<String>);

/// Where a picture's files come from: listed already (`--staged`), or to be listed from what git discovery found.
enum Source {
    Listed(Box<git::GitRepo>, Vec<FileEntry>, Vec<Skipped>, GitSummary),
    Git(git::Discovery),
}

/// The files git knows (index) plus untracked files that are not ignored:
/// what `git ls-files --cached --others --exclude-standard` lists.
fn list_with_git(root: &Path, repo: &git::GitRepo, excludes: &walk::Excludes) -> Result<GitListing, String> {
    // The walk lists what exists and is not ignored: the untracked files, and a cheap
    // check that tracked files still exist (only those it did not see need a stat).
    // It runs while git's index is read.
    let sources = repo.ignore_sources();
    let (index, walked) = std::thread::scope(|scope| {
        let walk = scope.spawn(|| walk::walk(root, excludes, &sources));
        let index = repo.index_files();
        (index, walk.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    let (mut index_files, submodules) = index?;
    let walk::Walked { files: mut walked, skipped: walk_skipped, notes: walk_notes } =
        walked.map_err(|e| format!("the tree cannot be walked ({e})"))?;
    // Both lists sorted by path, so that one merge pairs them (the index usually is already).
    index_files.sort_by(|a, b| a.path.cmp(&b.path));
    // A well-formed index names a path once; a crafted one must not list a file twice.
    index_files.dedup_by(|a, b| a.path == b.path);
    walked.par_sort_unstable();
    let in_index = |path: &str| index_files.binary_search_by(|f| f.path.as_str().cmp(path)).is_ok();
    let mut skipped: Vec<Skipped> = walk_skipped.into_iter().filter(|s| !in_index(&s.path)).collect();
    let venvs: std::collections::HashSet<String> =
        index_files.iter().filter_map(|f| f.path.strip_suffix("/pyvenv.cfg").map(String::from)).collect();
    let in_submodule =
        |path: &str| submodules.iter().any(|s| path.strip_prefix(s.as_str()).is_some_and(|rest| rest.starts_with('/')));
    let mut files = Vec::with_capacity(index_files.len() + walked.len() / 16);
    let (mut tracked_count, mut deleted) = (0usize, 0usize);
    let mut folder = walk::FolderExclusion::new(excludes, &venvs);
    let mut inside = InsideRoot::default();
    let mut walked = walked.into_iter().peekable();
    for f in index_files {
        // What the walk saw before this tracked file is untracked.
        while let Some(path) = walked.next_if(|w| *w < f.path) {
            if !in_submodule(&path) {
                files.push(FileEntry::new(path, Tracking::Untracked));
            }
        }
        let seen = walked.next_if(|w| *w == f.path).is_some();
        if folder.excludes_file(&f.path) {
            continue;
        }
        // What the work tree holds decides, not what the index recorded: a file
        // committed as a regular file may be a symlink now.
        let mut is_link = f.symlink;
        if !seen {
            // Not walked: ignored yet committed, deleted in the work tree, or skipped by
            // the walk. A path from the index is only used if no symlinked folder takes
            // it out of the root.
            if !inside.holds(root, &f.path) {
                skipped.push(Skipped { path: f.path, reason: SkipReason::SymlinkLeavesRoot });
                continue;
            }
            match root.join(&f.path).symlink_metadata() {
                Ok(meta) if !meta.is_dir() => is_link |= meta.file_type().is_symlink(),
                _ => {
                    deleted += 1; // deleted in the work tree (or a folder now), not yet in the index
                    continue;
                }
            }
        }
        if is_link && let Err(reason) = walk::resolve_symlink(root, &root.join(&f.path)) {
            skipped.push(Skipped { path: f.path, reason });
            continue;
        }
        let size = (!is_link).then_some(f.size);
        let mut entry = FileEntry::new(f.path, Tracking::Tracked);
        entry.size = size;
        // A symlink's blob is its target's name, not its content.
        entry.blob = f.blob.filter(|_| !f.symlink);
        entry.stamp = f.stamp;
        files.push(entry);
        tracked_count += 1;
    }
    for path in walked {
        if !in_submodule(&path) {
            files.push(FileEntry::new(path, Tracking::Untracked));
        }
    }
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    let untracked = files.len() - tracked_count;
    let mut note = format!(
        "listed {tracked_count} files from the git index and {untracked} untracked files that git does not ignore"
    );
    if repo.shallow {
        note.push_str("; the clone is shallow");
    }
    if !repo.has_commits {
        note.push_str("; the branch has no commits yet");
    }
    if deleted > 0 {
        note.push_str(&format!("; {deleted} files in the index are deleted in the work tree and not scanned"));
    }
    if !submodules.is_empty() {
        note.push_str(&format!("; submodules not scanned (other repositories): {}", submodules.join(", ")));
    }
    let summary =
        GitSummary { prefix: repo.prefix.clone(), shallow: repo.shallow, has_commits: repo.has_commits, submodules };
    Ok((files, skipped, summary, std::iter::once(note).chain(walk_notes).collect()))
}

/// The files of git's index: what the next commit holds, and nothing else
/// (`--staged`). The work tree is not walked; a file's content is its staged
/// blob, which the work tree still holds when `stat` proves it unchanged.
/// Also returns the staged paths the exclusions left out, and the staged symlinks.
fn list_staged(
    repo: &git::GitRepo,
    blobs: &git::BlobReader,
    excludes: &walk::Excludes,
) -> Result<(GitListing, Vec<String>, Vec<String>), String> {
    if let Some(missing) = repo.missing_index_file() {
        return Err(format!("GIT_INDEX_FILE names {}, which does not exist", missing.display()));
    }
    let (mut index_files, submodules) = repo.index_files()?;
    index_files.sort_by(|a, b| a.path.cmp(&b.path));
    index_files.dedup_by(|a, b| a.path == b.path);
    // Links are resolved against the whole index: a link may pass through folders above the root.
    let whole = match (index_files.iter().any(|f| f.symlink), repo.prefix.is_empty()) {
        (false, _) => Vec::new(),
        (true, true) => index_files.clone(),
        (true, false) => {
            let mut whole = repo.index_files_from_top()?;
            whole.sort_by(|a, b| a.path.cmp(&b.path));
            whole.dedup_by(|a, b| a.path == b.path);
            whole
        }
    };
    let venvs: std::collections::HashSet<String> =
        index_files.iter().filter_map(|f| f.path.strip_suffix("/pyvenv.cfg").map(String::from)).collect();
    let mut folder = walk::FolderExclusion::new(excludes, &venvs);
    let (mut files, mut skipped) = (Vec::with_capacity(index_files.len()), Vec::new());
    let (mut links, mut excluded) = (Vec::new(), Vec::new());
    let mut unstaged = 0usize;
    for f in index_files {
        if f.symlink {
            if folder.excludes_file(&f.path) {
                excluded.push(f.path);
            } else {
                links.push(f.path);
            }
            continue;
        }
        let Some(blob) = f.blob else {
            // `git add --intent-to-add`, or a merge conflict: the path is known, no content is staged.
            unstaged += usize::from(!folder.excludes_file(&f.path));
            continue;
        };
        let mut entry = FileEntry::new(f.path, Tracking::Tracked);
        // A sparse checkout may record no size for what it keeps out of the work tree.
        entry.size = if f.sparse { blobs.size(&blob) } else { Some(f.size) };
        entry.blob = Some(blob);
        entry.stamp = f.stamp;
        if folder.excludes_file(&entry.path) {
            excluded.push(entry.path);
        } else {
            files.push(entry);
        }
    }
    for link in staged_links::resolve(&links, &repo.prefix, blobs, &whole) {
        match link {
            Ok(entry) => files.push(entry),
            Err(skip) => skipped.push(skip),
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    excluded.sort();
    let mut note = format!(
        "--staged: listed the {} files of the git index, with their staged contents; untracked files and \
         changes not staged are not seen",
        files.len()
    );
    if unstaged > 0 {
        let files = if unstaged == 1 { "1 file has".to_string() } else { format!("{unstaged} files have") };
        note.push_str(&format!("; {files} no staged content (added with --intent-to-add, or unmerged): left out"));
    }
    if !submodules.is_empty() {
        note.push_str(&format!("; submodules not scanned (other repositories): {}", submodules.join(", ")));
    }
    let summary =
        GitSummary { prefix: repo.prefix.clone(), shallow: repo.shallow, has_commits: repo.has_commits, submodules };
    Ok(((files, skipped, summary, vec![note]), excluded, links))
}

/// Where a walk outside git finds ignore rules besides `.gitignore` files:
/// the root's own `.git/info/exclude`, when the root is a repository git
/// facts are not used for (`--no-git`), read only if it stays inside the root.
fn ignore_sources_without_git(root: &Path) -> fs::gitignore::IgnoreSources {
    let exclude = root.join(".git/info/exclude");
    let inside = std::fs::canonicalize(&exclude).is_ok_and(|real| real.starts_with(root));
    fs::gitignore::IgnoreSources { top: None, exclude_file: inside.then_some(exclude) }
}

/// Leave someone else's code out of the picture (see [`vendored`]), and say what was left out.
fn leave_out_vendored(
    files: &mut Vec<FileEntry>,
    attributes: &attributes::Attributes,
    extra: &walk::Excludes,
    notes: &mut Vec<String>,
) {
    let found = vendored::Vendored::find(files);
    if found.folders().is_empty() && attributes.is_empty() && extra.is_empty() {
        return;
    }
    // Each folder left out, with why and how many of its files, in path order.
    let mut left_out: std::collections::BTreeMap<(String, String), usize> = std::collections::BTreeMap::new();
    files.retain(|f| match found.why(&f.path, attributes, extra) {
        Some(key) => {
            *left_out.entry(key).or_default() += 1;
            false
        }
        None => true,
    });
    if left_out.is_empty() {
        return;
    }
    let total: usize = left_out.values().sum();
    let why: Vec<String> = left_out
        .iter()
        .map(|((folder, why), n)| format!("{folder} ({n} file{}: {why})", if *n == 1 { "" } else { "s" }))
        .collect();
    let plural = if total == 1 { "" } else { "s" };
    notes.push(format!(
        "vendored code not linted ({total} file{plural}; `include-vendored = true` lints it): {}",
        why.join(", ")
    ));
}

/// Walked paths as files git knows nothing about.
fn untracked_unknown(paths: Vec<String>) -> Vec<FileEntry> {
    paths.into_iter().map(|path| FileEntry::new(path, Tracking::Unknown)).collect()
}

/// Whether paths from git's index stay inside the root once their folders'
/// symlinks are resolved (the walk never follows a symlinked folder; a path
/// from the index could). Remembers each folder's answer.
#[derive(Debug, Default)]
pub struct InsideRoot {
    folders: std::collections::HashMap<String, bool>,
}

impl InsideRoot {
    /// Whether the file at `path` (relative to the canonical `root`) is inside it.
    pub fn holds(&mut self, root: &Path, path: &str) -> bool {
        let Some((folder, _)) = path.rsplit_once('/') else { return true };
        if let Some(&inside) = self.folders.get(folder) {
            return inside;
        }
        // A folder that does not exist holds nothing to read: the file counts as deleted.
        let inside = std::fs::canonicalize(root.join(folder)).map_or(true, |real| real.starts_with(root));
        self.folders.insert(folder.to_string(), inside);
        inside
    }
}

/// Read every `.gitattributes` of the tree (small files, needed to tell git-lfs data from plain blobs);
/// with `staged`, the staged ones.
/// With a repository, also the attribute files that apply from outside the root (see
/// [`git::GitRepo::outer_attributes`]).
fn read_attributes(
    root: &Path,
    files: &[FileEntry],
    staged: Option<&Staged>,
    repo: Option<&git::GitRepo>,
) -> attributes::Attributes {
    const LIMIT: u64 = 1024 * 1024;
    let prefix = repo.map_or("", |r| r.prefix.as_str());
    let mut attrs = attributes::Attributes::new(prefix);
    if let Some(repo) = repo {
        let outer = repo.outer_attributes(staged.is_some());
        outer.user.iter().for_each(|text| attrs.add_user_file(text));
        outer.repository.iter().for_each(|text| attrs.add_repository_file(text));
        outer.above.iter().for_each(|(dir, text)| attrs.add_file(dir, text));
    }
    for file in files.iter().filter(|f| f.path == ".gitattributes" || f.path.ends_with("/.gitattributes")) {
        // Git reads no `.gitattributes` that is a symlink.
        let text = match (staged, &file.blob) {
            (Some(staged), _) if staged.links.binary_search(&file.path).is_ok() => continue,
            (Some(staged), Some(blob)) => staged.blobs.text(blob, LIMIT),
            _ => open::read_text_no_links(&root.join(&file.path), LIMIT),
        };
        if let Ok(text) = text {
            let dir = format!("{prefix}{}", file.path.rsplit_once('/').map_or("", |(d, _)| d));
            attrs.add_file(dir.trim_end_matches('/'), &text);
        }
    }
    attrs
}
