//! Git facts, read with libgit2 (no OpenSSL, no network, nothing executed):
//! which files are committed, what a pull request changed, and who has been
//! editing which folders.
//!
//! Every failure degrades: a folder that is not a work tree, a bare
//! repository, a repository owned by another user (libgit2's
//! `safe.directory` check), a broken `.git`: mlready falls back to walking
//! the tree and says why under `--verbose`.

use git2::{Delta, DiffFindOptions, DiffOptions, ErrorCode, Repository};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// An index entry's mode for a submodule (gitlink).
const MODE_GITLINK: u32 = 0o160000;
/// An index entry's mode for a symbolic link.
const MODE_SYMLINK: u32 = 0o120000;

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
    /// Renames, as (old, new).
    pub renamed: Vec<(String, String)>,
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
        let mut prefix = crate::scan::walk::relative(&workdir, &workdir.join(relative)).unwrap_or_default();
        if !prefix.is_empty() {
            prefix.push('/');
        }
        // The linted root inside .git itself is not a work tree.
        if prefix == ".git/" || prefix.starts_with(".git/") {
            return Discovery::NoRepo("the linted root is inside the .git folder".into());
        }
        let shallow = repo.is_shallow();
        let has_commits = repo.head().ok().and_then(|h| h.target()).is_some();
        Discovery::Repo(Box::new(GitRepo { repo, workdir, prefix, shallow, has_commits }))
    }
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
        // Read on its own rather than through the repository, which would keep
        // the parsed index (about 130 bytes per file) for the rest of the run.
        let index = git2::Index::open(&self.repo.path().join("index"))
            .map_err(|e| format!("the git index cannot be read ({})", e.message()))?;
        let mut files = Vec::with_capacity(index.len());
        let mut submodules = Vec::new();
        for entry in index.iter() {
            // Conflicted entries appear once per stage; list the path once.
            let stage = (entry.flags >> 12) & 0x3;
            if stage > 1 {
                continue;
            }
            let Ok(path) = std::str::from_utf8(&entry.path) else { continue };
            let Some(relative) = path.strip_prefix(self.prefix.as_str()) else { continue };
            if entry.mode == MODE_GITLINK {
                submodules.push(relative.to_string());
                continue;
            }
            files.push(IndexFile {
                path: relative.to_string(),
                size: u64::from(entry.file_size),
                symlink: entry.mode == MODE_SYMLINK,
            });
        }
        Ok((files, submodules))
    }

    /// The committed (index) content of a file given by its path from the repository's top.
    pub fn index_blob(&self, repo_path: &str) -> Option<String> {
        let index = self.repo.index().ok()?;
        let entry = index.get_path(Path::new(repo_path), 0)?;
        let blob = self.repo.find_blob(entry.id).ok()?;
        String::from_utf8(blob.content().to_vec()).ok()
    }

    /// Whether git ignores a path (relative to the linted root).
    pub fn is_ignored(&self, path: &str) -> bool {
        self.repo.status_should_ignore(Path::new(&format!("{}{path}", self.prefix))).unwrap_or(false)
    }

    /// Files changed between the merge base of `reference` and HEAD, and the
    /// work tree (committed, staged or not, and untracked files).
    pub fn changed_since(&self, reference: &str) -> Result<ChangeSet, String> {
        // Before the first commit (a pre-commit hook on a new repository), everything is new.
        if !self.has_commits {
            return self.diff_from(None, reference, None);
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
        self.diff_from(Some(&base_tree), reference, Some(base.to_string()))
    }

    /// Changes from `base_tree` (or from nothing) to the work tree, index included.
    fn diff_from(
        &self,
        base_tree: Option<&git2::Tree<'_>>,
        reference: &str,
        merge_base: Option<String>,
    ) -> Result<ChangeSet, String> {
        let mut options = DiffOptions::new();
        options.include_untracked(true).recurse_untracked_dirs(true).include_typechange(true);
        if !self.prefix.is_empty() {
            options.pathspec(&self.prefix);
        }
        let mut diff = self
            .repo
            .diff_tree_to_workdir_with_index(base_tree, Some(&mut options))
            .map_err(|e| e.message().to_string())?;
        let mut find = DiffFindOptions::new();
        find.renames(true).copies(false);
        diff.find_similar(Some(&mut find)).map_err(|e| e.message().to_string())?;
        let mut changes = ChangeSet { reference: reference.to_string(), merge_base, ..Default::default() };
        let relative = |p: Option<&Path>| -> Option<String> {
            let p = p?.to_str()?.replace('\\', "/");
            p.strip_prefix(self.prefix.as_str()).map(String::from)
        };
        for delta in diff.deltas() {
            let old = relative(delta.old_file().path());
            let new = relative(delta.new_file().path());
            match delta.status() {
                Delta::Deleted => changes.deleted.extend(old),
                Delta::Renamed => {
                    if let (Some(o), Some(n)) = (old.clone(), new.clone()) {
                        changes.renamed.push((o, n));
                    }
                    changes.deleted.extend(old);
                    changes.changed.extend(new);
                }
                Delta::Unmodified | Delta::Ignored => {}
                _ => changes.changed.extend(new),
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

    #[test]
    fn github_noreply_addresses_become_handles() {
        let sig = git2::Signature::now("Alice", "12345+alice@users.noreply.github.com").unwrap();
        assert_eq!(owner_handle(&sig).as_deref(), Some("@alice"));
        let sig = git2::Signature::now("Bob", "bob@acme.com").unwrap();
        assert_eq!(owner_handle(&sig).as_deref(), Some("bob@acme.com"));
    }
}
