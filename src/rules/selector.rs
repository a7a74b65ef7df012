//! Which matchers select a file, by their `files` globs.
//!
//! Most globs look only at the file name (`**/*.py`, `**/README.md`,
//! `**/test_*.py`), and names repeat across a repository (`__init__.py`,
//! `train.py`, `README.md` in every project of a monorepo). Those globs are
//! matched on the name, and each thread remembers the answer for a name; the
//! few globs that look at folders are matched on the whole path.

use super::RuleSet;
use crate::scan::fs::walk::compile_glob;
use globset::{GlobSet, GlobSetBuilder};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// Names remembered per thread before the memory is cleared.
const REMEMBERED_NAMES: usize = 1 << 16;

/// The compiled `files` globs of a rule set's active matchers.
pub struct FileSelector {
    /// Distinguishes selectors, so a thread's remembered names belong to one.
    id: u64,
    names: GlobSet,
    /// Per glob of `names`: the matchers that list it.
    name_owners: Vec<Vec<usize>>,
    paths: GlobSet,
    /// Per glob of `paths`: the matchers that list it.
    path_owners: Vec<Vec<usize>>,
    /// Per glob of `paths`: whether it names a place (does not start with `**`).
    path_anchored: Vec<bool>,
}

thread_local! {
    /// Per thread: the selector the names belong to, and name → matchers.
    static REMEMBERED: RefCell<(u64, HashMap<String, Vec<usize>>)> = RefCell::new((0, HashMap::new()));
}

impl FileSelector {
    /// Compile the globs of the matchers that are `active`.
    pub fn new(set: &RuleSet, active: &[bool]) -> FileSelector {
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        // Many matchers list the same glob (`**/*.py`): each distinct glob is compiled once.
        let mut distinct: HashMap<&str, (bool, usize)> = HashMap::new();
        let (mut names, mut paths) = (GlobSetBuilder::new(), GlobSetBuilder::new());
        let (mut name_owners, mut path_owners): (Vec<Vec<usize>>, Vec<Vec<usize>>) = (Vec::new(), Vec::new());
        let mut path_anchored = Vec::new();
        for (index, matcher) in set.matchers.iter().enumerate().filter(|(i, _)| active[*i]) {
            for glob in &matcher.files {
                if let Some(&(by_name, at)) = distinct.get(glob.as_str()) {
                    let owners = if by_name { &mut name_owners[at] } else { &mut path_owners[at] };
                    if owners.last() != Some(&index) {
                        owners.push(index);
                    }
                    continue;
                }
                // Globs were validated when the pack was read.
                let name = glob.strip_prefix("**/").filter(|name| !name.contains('/'));
                let (builder, owners) =
                    if name.is_some() { (&mut names, &mut name_owners) } else { (&mut paths, &mut path_owners) };
                if let Ok(compiled) = compile_glob(name.unwrap_or(glob)) {
                    builder.add(compiled);
                    if name.is_none() {
                        path_anchored.push(!glob.starts_with("**"));
                    }
                    distinct.insert(glob, (name.is_some(), owners.len()));
                    owners.push(vec![index]);
                }
            }
        }
        FileSelector {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            names: names.build().unwrap_or_else(|_| GlobSet::empty()),
            name_owners,
            paths: paths.build().unwrap_or_else(|_| GlobSet::empty()),
            path_owners,
            path_anchored,
        }
    }

    /// The matchers that select a platform file at the repository's top
    /// (`path` as if in the root): only those whose globs name its place
    /// (`.github/workflows/*.yml`), not any file of its kind (`**/*.yml`).
    /// The platform applies a workflow to the folders below; what else the
    /// workflow's text says is about the top, not the linted folder.
    pub fn select_at_top(&self, path: &str, scratch: &mut Vec<usize>, out: &mut Vec<usize>) {
        out.clear();
        scratch.clear();
        self.paths.matches_into(path, scratch);
        out.extend(scratch.iter().filter(|&&g| self.path_anchored[g]).flat_map(|&g| &self.path_owners[g]));
        out.sort_unstable();
        out.dedup();
    }

    /// The matchers whose globs select `path` (root-relative, `/`-separated),
    /// sorted and each once, into `out`; `scratch` is a buffer to reuse.
    pub fn select(&self, path: &str, scratch: &mut Vec<usize>, out: &mut Vec<usize>) {
        out.clear();
        let name = path.rsplit_once('/').map_or(path, |(_, name)| name);
        REMEMBERED.with(|remembered| {
            let mut remembered = remembered.borrow_mut();
            let (owner, by_name) = &mut *remembered;
            if *owner != self.id || by_name.len() >= REMEMBERED_NAMES {
                *owner = self.id;
                by_name.clear();
            }
            if let Some(matchers) = by_name.get(name) {
                out.extend_from_slice(matchers);
                return;
            }
            scratch.clear();
            self.names.matches_into(name, scratch);
            let mut matchers: Vec<usize> = scratch.iter().flat_map(|&g| &self.name_owners[g]).copied().collect();
            matchers.sort_unstable();
            matchers.dedup();
            out.extend_from_slice(&matchers);
            by_name.insert(name.to_string(), matchers);
        });
        scratch.clear();
        self.paths.matches_into(path, scratch);
        out.extend(scratch.iter().flat_map(|&g| &self.path_owners[g]));
        out.sort_unstable();
        out.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::pack::PackSet;

    #[test]
    fn names_and_paths_select_the_same_matchers_as_whole_globs() {
        let mut packs = PackSet::default();
        crate::rules::builtin::read_into(&mut packs).unwrap();
        let set = packs.resolve().unwrap();
        let active = vec![true; set.matchers.len()];
        let selector = FileSelector::new(&set, &active);
        let (mut scratch, mut out) = (Vec::new(), Vec::new());
        for path in [
            "train.py",
            "src/pkg/train.py",
            "tests/test_train.py",
            "README.md",
            "docs/README.md",
            "docs/guide/metrics.md",
            ".github/workflows/ci.yml",
            "conf/model/gbm.yaml",
            "data/raw/part-0.parquet",
            "requirements/dev.txt",
        ] {
            // The same path twice: the second answer comes from memory.
            for _ in 0..2 {
                selector.select(path, &mut scratch, &mut out);
                let expected: Vec<usize> = (0..set.matchers.len())
                    .filter(|&m| {
                        set.matchers[m].files.iter().any(|g| compile_glob(g).unwrap().compile_matcher().is_match(path))
                    })
                    .collect();
                assert_eq!(out, expected, "{path}");
            }
        }
    }
}
