//! The test trees under `tests/trees/`: small repositories, each showing one
//! class of issue 11 (or one mixed repository), linted as a team would lint
//! its own repository: committed, in a git repository of their own.
//!
//! A tree is never linted in place. In place it sits inside mlready's own work
//! tree, where its files are files of the enclosing repository: untracked until
//! they are committed there (and mlready does not take untracked files as
//! evidence), and subject to that repository's `.gitignore` and attributes. A
//! committed copy gives the same result in any checkout. Trees whose verdicts
//! depend on git (tracked `build/` folders, `.gitattributes`) need it anyway.
#![allow(dead_code)]

use super::common::*;
use super::work_tree::{age, copy_tree, git};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Path of a test tree: `tests/trees/<rel>` (e.g. `01-metrics-headings-tables/fires-2`).
pub fn tree_path(rel: &str) -> PathBuf {
    project_root().join("tests").join("trees").join(rel)
}

/// A copy of a test tree, committed in a temporary git repository of its own.
pub struct Tree {
    pub name: String,
    dir: tempfile::TempDir,
}

impl Tree {
    /// Every file of `tests/trees/<rel>` committed.
    pub fn committed(rel: &str) -> Tree {
        Tree::committed_except(rel, &[])
    }

    /// Every file committed but those under `untracked` (paths relative to the
    /// tree), which stay in the work tree, untracked and not ignored.
    pub fn committed_except(rel: &str, untracked: &[&str]) -> Tree {
        let source = tree_path(rel);
        assert!(source.is_dir(), "no test tree {}", source.display());
        let tree = Tree { name: rel.to_string(), dir: tempfile::tempdir().expect("temp dir") };
        copy_tree(&source, tree.root());
        git(tree.root(), &["init", "-q"]);
        age(tree.root());
        let excludes: Vec<String> = untracked.iter().map(|path| format!(":(exclude){path}")).collect();
        let mut add = vec!["add", "-A", "--", "."];
        add.extend(excludes.iter().map(String::as_str));
        git(tree.root(), &add);
        git(tree.root(), &["commit", "-q", "-m", "initial import"]);
        for path in untracked {
            assert!(tree.root().join(path).exists(), "{rel}: {path} should stay in the work tree");
        }
        tree
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// `mlready lint <tree> --format json --no-cache` (plus `extra`), parsed.
    pub fn lint(&self, extra: &[&str]) -> Value {
        let mut args = vec!["--no-cache"];
        args.extend_from_slice(extra);
        lint_json(self.root(), &args).0
    }

    /// The same with `--verbose`: the report and the verbose lines on stderr.
    pub fn lint_verbose(&self) -> (Value, String) {
        let root = self.root().to_str().expect("utf-8 path");
        let output = run(&["lint", root, "--format", "json", "--no-cache", "--verbose"]);
        assert_ne!(output.status.code(), Some(2), "mlready failed on {}: {}", self.name, stderr(&output));
        let report = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("invalid JSON on {} ({e}): {}", self.name, stdout(&output)));
        (report, stderr(&output))
    }
}
