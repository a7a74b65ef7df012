//! Committed copies of files or fixtures in temporary git repositories,
//! linted with a result cache of their own (the cache and staged-mode tests).
#![allow(dead_code)]

use super::common::*;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, SystemTime};

/// A git command in `dir` with a neutral identity and no user or system config.
pub fn git_command(dir: &Path, args: &[&str]) -> std::process::Command {
    let mut command = std::process::Command::new("git");
    command
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com");
    command
}

/// Run git in `dir` (see [`git_command`]), which must succeed.
pub fn git(dir: &Path, args: &[&str]) {
    let status = git_command(dir, args).status().expect("these tests need the git command-line tool");
    assert!(status.success(), "git {args:?} failed");
}

/// Copy a folder's files, recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Files written a while ago, so that git's index does not count them as
/// racily clean (an entry as new as the index itself is never trusted).
pub fn age(dir: &Path) {
    let past = SystemTime::now() - Duration::from_secs(3600);
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == ".git" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            age(&entry.path());
        } else {
            std::fs::File::options().write(true).open(entry.path()).unwrap().set_modified(past).unwrap();
        }
    }
}

/// A committed copy of `files` (or of a fixture), and a cache directory beside it.
pub struct Repo {
    pub dir: tempfile::TempDir,
    pub cache: tempfile::TempDir,
}

impl Repo {
    pub fn new(files: &[(&str, &str)]) -> Repo {
        let repo = Repo { dir: temp_repo(files), cache: tempfile::tempdir().unwrap() };
        repo.commit();
        repo
    }

    pub fn of_fixture(name: &str) -> Repo {
        let repo = Repo { dir: tempfile::tempdir().unwrap(), cache: tempfile::tempdir().unwrap() };
        copy_tree(&fixture(name), repo.root());
        repo.commit();
        repo
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn commit(&self) {
        if !self.root().join(".git").exists() {
            git(self.root(), &["init", "-q"]);
        }
        age(self.root());
        git(self.root(), &["add", "-A"]);
        git(self.root(), &["commit", "-q", "-m", "snapshot"]);
    }

    pub fn write(&self, path: &str, text: &str) {
        std::fs::write(self.root().join(path), text).unwrap();
    }

    pub fn cache_files(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.cache.path()).unwrap().map(|e| e.unwrap().path()).collect()
    }

    /// `mlready lint` with the cache in its directory.
    pub fn lint(&self, args: &[&str]) -> Output {
        let mut all = vec!["lint", self.root().to_str().unwrap(), "--cache-dir", self.cache.path().to_str().unwrap()];
        all.extend_from_slice(args);
        let output = run(&all);
        assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
        output
    }

    /// `mlready lint` reading every file.
    pub fn lint_without_cache(&self, args: &[&str]) -> Output {
        let mut all = vec!["lint", self.root().to_str().unwrap(), "--no-cache"];
        all.extend_from_slice(args);
        run(&all)
    }
}

/// How many files the verbose report says came from the cache.
pub fn from_cache(output: &Output) -> usize {
    let err = stderr(output);
    let line = err.lines().find(|l| l.starts_with("mlready: read ")).unwrap_or_else(|| panic!("no read line: {err}"));
    line.split(" (").nth(1).and_then(|rest| rest.split(' ').next()).map_or(0, |n| n.parse().unwrap())
}

pub fn files_read(output: &Output) -> usize {
    let err = stderr(output);
    let line = err.lines().find(|l| l.starts_with("mlready: read ")).unwrap();
    line["mlready: read ".len()..].split(' ').next().unwrap().parse().unwrap()
}
