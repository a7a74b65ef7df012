//! One walk of the linted root, with git's ignore rules and without ever
//! leaving the root.

use super::gitignore::{IgnoreRules, IgnoreSources};
use crate::scan::Skipped;
use crate::scan::fs::open::{SkipReason, special_kind};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Directory names that never hold a project's own ingredients: VCS data,
/// virtualenvs, dependency trees, caches, build outputs, experiment run logs.
pub const DEFAULT_EXCLUDED_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    "__pypackages__",
    "site-packages",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".tox",
    ".nox",
    ".eggs",
    ".ipynb_checkpoints",
    ".cache",
    "build",
    "dist",
    "mlruns",
    "wandb",
    "lightning_logs",
];

/// Of [`DEFAULT_EXCLUDED_DIRS`], the folders that hold other projects'
/// environments or version control data: left out even when git tracks them.
/// The others (build output, caches, run logs) are left out only when git
/// does not track them: a tracked `build/` folder of CI configs, or a source
/// package named `build` or `dist`, is the project's own code.
pub const THIRD_PARTY_DIRS: &[&str] =
    &[".git", ".hg", ".svn", ".venv", "venv", "node_modules", "site-packages", "__pypackages__"];

/// Paths under the root that are caches even though their folder name is common.
const DEFAULT_EXCLUDED_PATHS: &[&str] = &[".dvc/cache", ".dvc/tmp"];

/// How to walk.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Extra globs (relative to the root) to leave out.
    pub exclude: Vec<String>,
}

/// A compiled set of exclusion globs. A glob `dir/**` also excludes `dir`
/// itself, so the walk does not even enter it; `dir/` means the same, as in
/// `.gitignore`. It remembers which globs excluded something, so that a glob
/// that matches nothing (a typo, a path from another root) can be reported.
#[derive(Debug, Clone, Default)]
pub struct Excludes {
    set: GlobSet,
    /// For each glob compiled into `set`, the index of the glob as written.
    written: Vec<usize>,
    globs: Vec<String>,
    /// Shared by clones (the walk filters on several threads).
    excluded_something: Arc<Vec<AtomicBool>>,
    /// How many globs have excluded nothing yet: once none, matches are not looked up.
    idle: Arc<AtomicUsize>,
}

impl Excludes {
    /// Compile exclusion globs; returns the first bad glob and its error.
    pub fn new(globs: &[String]) -> Result<Excludes, (String, String)> {
        let mut builder = GlobSetBuilder::new();
        let mut written = Vec::new();
        for (index, glob) in globs.iter().enumerate() {
            let folder = glob.strip_suffix("/**").or_else(|| glob.strip_suffix('/').filter(|d| !d.is_empty()));
            let whole = match folder {
                Some(_) if glob.ends_with("/**") => glob.clone(),
                Some(dir) => format!("{dir}/**"),
                None => glob.clone(),
            };
            builder.add(compile_glob(&whole).map_err(|e| (glob.clone(), e))?);
            written.push(index);
            if let Some(dir) = folder {
                builder.add(compile_glob(dir).map_err(|e| (glob.clone(), e))?);
                written.push(index);
            }
        }
        Ok(Excludes {
            set: builder.build().map_err(|e| (String::new(), e.to_string()))?,
            written,
            globs: globs.to_vec(),
            excluded_something: Arc::new(globs.iter().map(|_| AtomicBool::new(false)).collect()),
            idle: Arc::new(AtomicUsize::new(globs.len())),
        })
    }

    /// Whether a root-relative path is excluded.
    pub fn is_match(&self, path: &str) -> bool {
        let excluded = self.set.is_match(path);
        if excluded && self.idle.load(Ordering::Relaxed) > 0 {
            for compiled in self.set.matches(path) {
                if !self.excluded_something[self.written[compiled]].swap(true, Ordering::Relaxed) {
                    self.idle.fetch_sub(1, Ordering::Relaxed);
                }
            }
        }
        excluded
    }

    /// The globs, as written, that have excluded nothing so far.
    pub fn unmatched(&self) -> Vec<&str> {
        let hits = &self.excluded_something;
        self.globs
            .iter()
            .zip(hits.iter())
            .filter(|(_, hit)| !hit.load(Ordering::Relaxed))
            .map(|(g, _)| g.as_str())
            .collect()
    }

    /// Whether nothing is excluded.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

/// Compile one root-relative glob the way every mlready glob is read:
/// `*` stays inside one path component, `**` crosses them.
pub fn compile_glob(glob: &str) -> Result<Glob, String> {
    globset::GlobBuilder::new(glob)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map_err(|e| e.kind().to_string())
}

/// Whether a directory holds a Python virtualenv (whatever it is called).
fn is_virtualenv(dir: &Path) -> bool {
    dir.join("pyvenv.cfg").is_file()
}

/// Turn a path under `root` into the `/`-separated relative form used everywhere.
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    // Unix paths are `/`-separated already; the walker yields them without `.` or `..`.
    #[cfg(unix)]
    if let Some(text) = rel.to_str() {
        return Some(text.to_string());
    }
    let mut out = String::with_capacity(rel.as_os_str().len());
    for (i, part) in rel.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&part.as_os_str().to_string_lossy());
    }
    Some(out)
}

/// Whether paths listed by git (tracked files) are left out: by a config
/// `exclude` glob, or a folder of someone else's environment on their way
/// ([`THIRD_PARTY_DIRS`], a virtualenv, `.dvc/cache`). Build-output names
/// are not: git tracks only what someone committed. Git lists a folder's
/// files together, so the answer for the last folder is remembered.
pub struct FolderExclusion<'a> {
    excludes: &'a Excludes,
    venvs: &'a std::collections::HashSet<String>,
    last: Option<(String, bool)>,
}

impl<'a> FolderExclusion<'a> {
    /// Exclusions by `excludes` and the virtualenv folders `venvs`.
    pub fn new(excludes: &'a Excludes, venvs: &'a std::collections::HashSet<String>) -> Self {
        FolderExclusion { excludes, venvs, last: None }
    }

    /// Whether the file at `path` is excluded.
    pub fn excludes_file(&mut self, path: &str) -> bool {
        if !self.excludes.is_empty() && self.excludes.is_match(path) {
            return true;
        }
        let Some((folder, _)) = path.rsplit_once('/') else { return false };
        if let Some((last, verdict)) = &self.last
            && last == folder
        {
            return *verdict;
        }
        let verdict = self.excludes_folder(folder);
        self.last = Some((folder.to_string(), verdict));
        verdict
    }

    fn excludes_folder(&self, folder: &str) -> bool {
        let mut end = 0;
        for part in folder.split('/') {
            end += part.len();
            let dir = &folder[..end];
            if THIRD_PARTY_DIRS.contains(&part)
                || DEFAULT_EXCLUDED_PATHS.contains(&dir)
                || self.venvs.contains(dir)
                || (!self.excludes.is_empty() && self.excludes.is_match(dir))
            {
                return true;
            }
            end += 1;
        }
        false
    }
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Files (root-relative, `/`-separated paths), unsorted.
    pub files: Vec<String>,
    /// Paths seen but not listed, with reasons, sorted.
    pub skipped: Vec<Skipped>,
    /// Ignore files that were not applied, and why (for `--verbose`).
    pub notes: Vec<String>,
}

/// Walk `root` (already canonical) and list its files, honouring git's
/// ignore rules (see [`IgnoreRules`], which `sources` completes). Fails only
/// when the root itself cannot be listed: an unreadable root must not pass
/// for an empty one.
pub fn walk(root: &Path, excludes: &Excludes, sources: &IgnoreSources) -> std::io::Result<Walked> {
    std::fs::read_dir(root)?;
    let ignores = std::sync::Arc::new(IgnoreRules::new(root, sources));
    let filter_root = root.to_path_buf();
    let filter_excludes = excludes.clone();
    let filter_ignores = ignores.clone();
    // The walker reads no ignore file itself: `IgnoreRules` opens them as every untrusted file is opened.
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .follow_links(false)
        .filter_entry(move |entry| keep_entry(&filter_root, &filter_excludes, &filter_ignores, entry))
        .build_parallel();
    // ripgrep's parallel walker: one visitor per thread, results gathered then sorted by the caller.
    let (sender, receiver) = std::sync::mpsc::channel();
    walker.run(|| {
        let sender = sender.clone();
        let root = root.to_path_buf();
        Box::new(move |result| {
            if let Some(item) = classify(&root, result) {
                let _ = sender.send(item);
            }
            ignore::WalkState::Continue
        })
    });
    drop(sender);
    let mut walked = Walked::default();
    for item in receiver {
        match item {
            Ok(file) => walked.files.push(file),
            Err(skip) => walked.skipped.push(skip),
        }
    }
    walked.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    for (file, why) in ignores.refused() {
        walked.notes.push(format!("ignore rules of {} not applied: {why}", file.display()));
    }
    walked.notes.sort();
    Ok(walked)
}

/// One walked entry: a file to list, a path to report as skipped, or nothing (folders).
fn classify(root: &Path, result: Result<ignore::DirEntry, ignore::Error>) -> Option<Result<String, Skipped>> {
    let entry = match result {
        Ok(entry) => entry,
        Err(err) => {
            let path = error_path(&err).and_then(|p| relative(root, &p)).unwrap_or_default();
            return Some(Err(Skipped { path, reason: SkipReason::WalkError(root_free(&err.to_string(), root)) }));
        }
    };
    if entry.depth() == 0 {
        return None;
    }
    let path = relative(root, entry.path())?;
    let file_type = entry.file_type()?;
    if file_type.is_dir() {
        return None;
    }
    if file_type.is_symlink() {
        return Some(match resolve_symlink(root, entry.path()) {
            Ok(()) => Ok(path),
            Err(reason) => Err(Skipped { path, reason }),
        });
    }
    if !file_type.is_file() {
        return Some(Err(Skipped { path, reason: SkipReason::NotRegular(special_kind(&file_type)) }));
    }
    Some(Ok(path))
}

fn keep_entry(root: &Path, excludes: &Excludes, ignores: &IgnoreRules, entry: &ignore::DirEntry) -> bool {
    if entry.depth() == 0 {
        return true;
    }
    // `.git` is git's own data, whether a folder or (in worktrees and submodules) a file.
    if entry.file_name() == ".git" {
        return false;
    }
    let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
    // Most configs exclude nothing: then no relative path is needed.
    if !excludes.is_empty() || is_dir {
        let Some(rel) = relative(root, entry.path()) else { return false };
        if !excludes.is_empty() && excludes.is_match(&rel) {
            return false;
        }
        if is_dir {
            let name = entry.file_name().to_string_lossy();
            if DEFAULT_EXCLUDED_DIRS.contains(&name.as_ref())
                || name.ends_with(".egg-info")
                || DEFAULT_EXCLUDED_PATHS.contains(&rel.as_str())
                || is_virtualenv(entry.path())
            {
                return false;
            }
        }
    }
    if ignores.is_ignored(entry.path(), is_dir) {
        return false;
    }
    if is_dir {
        ignores.enter(entry.path());
    }
    true
}

/// A symlink is read only when it resolves to a regular file inside the root.
pub fn resolve_symlink(root: &Path, link: &Path) -> Result<(), SkipReason> {
    let target = std::fs::canonicalize(link).map_err(|e| SkipReason::SymlinkUnresolvable(e.to_string()))?;
    if !target.starts_with(root) {
        return Err(SkipReason::SymlinkLeavesRoot);
    }
    let meta = std::fs::metadata(&target).map_err(|e| SkipReason::SymlinkUnresolvable(e.to_string()))?;
    if meta.is_dir() {
        return Err(SkipReason::SymlinkToDirectory);
    }
    if !meta.is_file() {
        return Err(SkipReason::NotRegular(special_kind(&meta.file_type())));
    }
    Ok(())
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// Error texts name absolute paths; keep output relative to the root.
fn root_free(message: &str, root: &Path) -> String {
    let prefix = format!("{}/", root.display());
    message.replace(&prefix, "")
}
