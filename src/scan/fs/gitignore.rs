//! Git's ignore rules for one walk, read by mlready itself.
//!
//! A walker that reads `.gitignore` files on its own opens them as any
//! program would: through symlinks, without a size cap, blocking on a FIFO.
//! In an untrusted tree that is a way to make mlready read `/dev/zero` until
//! memory runs out, wait forever, or apply rules from a file outside the
//! repository. Here every ignore file is opened the way git opens it, and
//! the way mlready opens every file ([`super::open`]): never through a link
//! (git refuses a symlinked `.gitignore` too), only if it is a regular file,
//! never more than [`MAX_IGNORE_FILE`] bytes. A file refused is not applied,
//! and the run says so under `--verbose`; nothing is hidden by it, since a
//! rule that is not applied only lists more files.
//!
//! The patterns keep git's meaning (they are matched by the `ignore` crate's
//! gitignore matcher): a `.gitignore` applies to its folder and below, a
//! deeper one overrides a shallower one, `$GIT_DIR/info/exclude` comes last,
//! and a folder that is ignored is not entered.

use super::open::read_text_no_links;
use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

/// The biggest ignore file applied: real ones are a few kilobytes.
pub const MAX_IGNORE_FILE: u64 = 1024 * 1024;

/// Where the rules of a walk come from, besides the `.gitignore` files of
/// the walked folders.
#[derive(Debug, Clone, Default)]
pub struct IgnoreSources {
    /// The work tree's top, when the root is a folder below it: the
    /// `.gitignore` files of the folders between it and the root apply too.
    pub top: Option<PathBuf>,
    /// `$GIT_DIR/info/exclude`.
    pub exclude_file: Option<PathBuf>,
}

/// One folder's `.gitignore`, and the nearest folder above with one.
struct Level {
    matcher: Gitignore,
    parent: Option<Arc<Level>>,
}

/// The ignore rules of one walk, filled in as the walk enters folders.
pub struct IgnoreRules {
    /// Per folder entered: the nearest `.gitignore` at or above it.
    folders: RwLock<HashMap<PathBuf, Option<Arc<Level>>>>,
    exclude: Option<Gitignore>,
    /// Ignore files that were not applied, and why (for `--verbose`).
    refused: Mutex<Vec<(PathBuf, String)>>,
}

impl IgnoreRules {
    /// The rules for a walk of `root` (canonical), with the rules of the
    /// folders above it and of `info/exclude` that `sources` names.
    pub fn new(root: &Path, sources: &IgnoreSources) -> IgnoreRules {
        let rules =
            IgnoreRules { folders: RwLock::new(HashMap::new()), exclude: None, refused: Mutex::new(Vec::new()) };
        let mut chain = None;
        if let Some(top) = &sources.top
            && let Ok(below) = root.strip_prefix(top)
        {
            // The folders from the top down to the root's parent; the root's own file comes with it.
            let mut folder = top.clone();
            for part in below.parent().into_iter().flat_map(Path::components) {
                chain = rules.level(&folder, chain);
                folder.push(part);
            }
            if below.parent().is_some() {
                chain = rules.level(&folder, chain);
            }
        }
        let chain = rules.level(root, chain);
        rules.write_folders().insert(root.to_path_buf(), chain);
        let exclude = sources.exclude_file.as_ref().and_then(|file| {
            let top = sources.top.as_deref().unwrap_or(root);
            rules.read(top, file)
        });
        IgnoreRules { exclude, ..rules }
    }

    /// Called when the walk decides to enter `folder` (whose parent it entered
    /// before): its `.gitignore`, if any, applies from now on.
    pub fn enter(&self, folder: &Path) {
        let parent = folder.parent().and_then(|p| self.chain_of(p));
        let chain = self.level(folder, parent);
        self.write_folders().insert(folder.to_path_buf(), chain);
    }

    /// Whether git ignores `path`, whose parent folder the walk entered.
    pub fn is_ignored(&self, path: &Path, is_dir: bool) -> bool {
        let mut level = path.parent().and_then(|p| self.chain_of(p));
        while let Some(current) = level {
            match current.matcher.matched(path, is_dir) {
                Match::Ignore(_) => return true,
                Match::Whitelist(_) => return false,
                Match::None => level = current.parent.clone(),
            }
        }
        self.exclude.as_ref().is_some_and(|exclude| exclude.matched(path, is_dir).is_ignore())
    }

    /// Ignore files that were not applied, with the reason.
    pub fn refused(&self) -> Vec<(PathBuf, String)> {
        std::mem::take(&mut *self.refused.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    fn chain_of(&self, folder: &Path) -> Option<Arc<Level>> {
        self.folders.read().unwrap_or_else(|poisoned| poisoned.into_inner()).get(folder).cloned().flatten()
    }

    fn write_folders(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<PathBuf, Option<Arc<Level>>>> {
        self.folders.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The chain for `folder`: its `.gitignore` over `parent`, or `parent` when it has none.
    fn level(&self, folder: &Path, parent: Option<Arc<Level>>) -> Option<Arc<Level>> {
        match self.read(folder, &folder.join(".gitignore")) {
            Some(matcher) => Some(Arc::new(Level { matcher, parent })),
            None => parent,
        }
    }

    /// The rules of the ignore file `file`, whose patterns are relative to `folder`.
    fn read(&self, folder: &Path, file: &Path) -> Option<Gitignore> {
        // Most folders have no `.gitignore`: one failed `open` says so.
        let text = match read_text_no_links(file, MAX_IGNORE_FILE) {
            Ok(text) => text,
            Err(super::open::SkipReason::Unreadable(_)) if !file.exists() => return None,
            Err(reason) => {
                self.refuse(file, reason.to_string());
                return None;
            }
        };
        match matcher_of(folder, file, &text) {
            Ok(matcher) if !matcher.is_empty() => Some(matcher),
            Ok(_) => None,
            Err(error) => {
                self.refuse(file, format!("its patterns cannot be compiled ({error})"));
                None
            }
        }
    }

    fn refuse(&self, file: &Path, why: String) {
        self.refused.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push((file.to_path_buf(), why));
    }
}

/// The rules of an ignore file's `text`, whose patterns are relative to `folder`.
pub fn matcher_of(folder: &Path, file: &Path, text: &str) -> Result<Gitignore, ignore::Error> {
    let mut builder = GitignoreBuilder::new(folder);
    for line in text.lines() {
        // Git skips a pattern it cannot read; so does mlready.
        let _ = builder.add_line(Some(file.to_path_buf()), line);
    }
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        for (path, text) in files {
            let full = root.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        (dir, root)
    }

    #[test]
    fn deeper_files_override_shallower_ones_and_exclude_comes_last() {
        let (_dir, root) = tree(&[
            (".gitignore", "*.log\nscratch/\n"),
            ("src/.gitignore", "!keep.log\n"),
            ("info-exclude", "*.tmp\n"),
        ]);
        let sources = IgnoreSources { top: None, exclude_file: Some(root.join("info-exclude")) };
        let rules = IgnoreRules::new(&root, &sources);
        rules.enter(&root.join("src"));
        assert!(rules.is_ignored(&root.join("run.log"), false));
        assert!(rules.is_ignored(&root.join("scratch"), true));
        assert!(!rules.is_ignored(&root.join("scratch"), false), "`scratch/` ignores only a folder");
        assert!(rules.is_ignored(&root.join("src/other.log"), false));
        assert!(!rules.is_ignored(&root.join("src/keep.log"), false));
        assert!(rules.is_ignored(&root.join("src/a.tmp"), false));
        assert!(!rules.is_ignored(&root.join("src/train.py"), false));
    }

    #[test]
    fn folders_above_the_root_apply_from_the_top() {
        let (_dir, top) = tree(&[(".gitignore", "/projects/a/data/\n*.ckpt\n"), ("projects/.gitignore", "*.csv\n")]);
        let root = top.join("projects/a");
        std::fs::create_dir_all(&root).unwrap();
        let rules = IgnoreRules::new(&root, &IgnoreSources { top: Some(top.clone()), exclude_file: None });
        assert!(rules.is_ignored(&root.join("data"), true));
        assert!(rules.is_ignored(&root.join("model.ckpt"), false));
        assert!(rules.is_ignored(&root.join("train.csv"), false));
        assert!(!rules.is_ignored(&root.join("train.py"), false));
    }

    #[cfg(unix)]
    #[test]
    fn linked_and_special_ignore_files_are_refused() {
        let (_dir, root) = tree(&[("real-ignore", "*.py\n")]);
        std::os::unix::fs::symlink("/dev/zero", root.join(".gitignore")).unwrap();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::os::unix::fs::symlink(root.join("real-ignore"), root.join("sub/.gitignore")).unwrap();
        assert!(std::process::Command::new("mkfifo").arg(root.join("fifo")).status().unwrap().success());
        let sources = IgnoreSources { top: None, exclude_file: Some(root.join("fifo")) };
        let rules = IgnoreRules::new(&root, &sources);
        rules.enter(&root.join("sub"));
        assert!(!rules.is_ignored(&root.join("sub/train.py"), false), "a linked .gitignore is not applied");
        let refused = rules.refused();
        assert_eq!(refused.len(), 3, "{refused:?}");
        assert!(refused.iter().any(|(p, why)| p.ends_with("fifo") && why.contains("FIFO")), "{refused:?}");
    }
}
