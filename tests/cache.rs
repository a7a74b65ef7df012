//! The result cache: a run that reuses what an earlier run found in files git
//! proves unchanged reports exactly what a run that reads everything does,
//! and anything that could make a stored result wrong (an edit, an untracked
//! file, a config change, a damaged cache file) makes mlready read again.
//! The cache never goes inside the linted root.

mod common;
#[path = "common/work_tree.rs"]
mod work_tree;
use common::*;
use std::path::Path;
use std::process::Output;
use std::time::Duration;
use work_tree::*;

/// CODEOWNERS and OWNERS files under `dir`.
fn ownership_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() != ".git")
        .map(|e| match e.file_type().unwrap().is_dir() {
            true => ownership_files(&e.path()),
            false => usize::from(e.file_name() == "CODEOWNERS" || e.file_name() == "OWNERS"),
        })
        .sum()
}

#[test]
fn every_fixture_reports_the_same_from_the_cache_as_from_its_files() {
    for fixture in ["churn-service", "bare-research", "near-miss", "notebook-first", "dvc-pipeline", "hf-model"] {
        let repo = Repo::of_fixture(fixture);
        for format in ["json", "human", "sarif"] {
            repo.cache_files().iter().for_each(|f| std::fs::remove_file(f).unwrap());
            let args = ["--format", format, "--color", "never", "--verbose"];
            let cold = repo.lint(&args);
            let warm = repo.lint(&args);
            let plain = repo.lint_without_cache(&args);
            assert_eq!(stdout(&warm), stdout(&plain), "{fixture} --format {format}: cached run differs");
            assert_eq!(stdout(&cold), stdout(&plain), "{fixture} --format {format}: first run differs");
            assert_eq!(warm.status.code(), plain.status.code(), "{fixture}");
            // Every file the rules read in the first run came from the cache in the second
            // (CODEOWNERS and OWNERS files, whose whole text is needed, are always read).
            let always_read = ownership_files(repo.root());
            assert_eq!(from_cache(&cold), 0, "{fixture}: {}", stderr(&cold));
            assert_eq!(from_cache(&warm) + always_read, files_read(&warm), "{fixture}: {}", stderr(&warm));
            assert!(from_cache(&warm) > 0, "{fixture}");
        }
        assert_eq!(repo.cache_files().len(), 1, "{fixture}: one cache file per linted root");
    }
}

const SPLIT: &str = "from sklearn.model_selection import train_test_split\n\nX_train, X_test = train_test_split(X)\n";
const SEEDED_SPLIT: &str =
    "from sklearn.model_selection import train_test_split\n\nX_train, X_test = train_test_split(X, random_state=0)\n";

fn codes(output: &Output) -> Vec<(String, String, u64)> {
    findings(&serde_json::from_slice(&output.stdout).unwrap())
}

#[test]
fn an_edited_file_is_read_again_and_reverting_it_finds_the_old_result() {
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SPLIT)]);
    let unseeded = ("REP002".to_string(), "train.py".to_string(), 3);
    let first = repo.lint(&["--format", "json", "--verbose"]);
    assert!(codes(&first).contains(&unseeded));

    // Edited, not staged: the index still names the old blob, but `stat` tells.
    repo.write("train.py", SEEDED_SPLIT);
    let edited = repo.lint(&["--format", "json", "--verbose"]);
    assert!(!codes(&edited).contains(&unseeded), "{:?}", codes(&edited));
    assert_eq!(from_cache(&edited) + 1, files_read(&edited), "only train.py is read: {}", stderr(&edited));

    // Staged: the index names the new blob.
    git(repo.root(), &["add", "train.py"]);
    let staged = repo.lint(&["--format", "json", "--verbose"]);
    assert_eq!(codes(&staged), codes(&edited));

    repo.write("train.py", SPLIT);
    let reverted = repo.lint(&["--format", "json", "--verbose"]);
    assert!(codes(&reverted).contains(&unseeded));
}

#[test]
fn untracked_files_are_always_read() {
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SEEDED_SPLIT)]);
    repo.lint(&["--format", "json"]);
    repo.write("split.py", SPLIT);
    for _ in 0..2 {
        let output = repo.lint(&["--format", "json"]);
        assert!(codes(&output).contains(&("REP002".to_string(), "split.py".to_string(), 3)));
    }
}

#[test]
fn a_config_change_starts_a_fresh_cache() {
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SPLIT)]);
    repo.lint(&["--format", "json"]);
    repo.write("mlready.toml", "ignore = [\"REP002\"]\n");
    let output = repo.lint(&["--format", "json", "--verbose"]);
    assert!(stderr(&output).contains("changed since the cache was written; starting afresh"), "{}", stderr(&output));
    assert_eq!(from_cache(&output), 0);
    assert!(!codes(&output).iter().any(|(code, _, _)| code == "REP002"));
    // The next run uses the cache written under the new config.
    assert!(from_cache(&repo.lint(&["--format", "json", "--verbose"])) > 0);
}

#[test]
fn a_damaged_cache_is_set_aside_and_rewritten() {
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SPLIT)]);
    let clean = repo.lint(&["--format", "json"]);
    let file = repo.cache_files().pop().expect("a cache file");
    let mut bytes = std::fs::read(&file).unwrap();
    bytes.truncate(bytes.len() - 7);
    std::fs::write(&file, &bytes).unwrap();
    let output = repo.lint(&["--format", "json", "--verbose"]);
    assert_eq!(stdout(&output), stdout(&clean));
    assert!(stderr(&output).contains("cache file damaged; starting afresh"), "{}", stderr(&output));
    std::fs::write(&file, b"not a cache at all").unwrap();
    let output = repo.lint(&["--format", "json", "--verbose"]);
    assert_eq!(stdout(&output), stdout(&clean));
    assert!(stderr(&output).contains("starting afresh"), "{}", stderr(&output));
    assert!(from_cache(&repo.lint(&["--format", "json", "--verbose"])) > 0, "rewritten");
}

#[test]
fn the_cache_never_goes_inside_the_linted_root() {
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SPLIT)]);
    let inside = repo.root().join(".mlready-cache");
    let output = run(&[
        "lint",
        repo.root().to_str().unwrap(),
        "--format",
        "json",
        "--verbose",
        "--cache-dir",
        inside.to_str().unwrap(),
    ]);
    assert!(
        stderr(&output).contains("is inside the linted root, and mlready never writes there"),
        "{}",
        stderr(&output)
    );
    assert!(!inside.exists());
    let status = git_command(repo.root(), &["status", "--porcelain", "--ignored"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&status.stdout), "", "the work tree is untouched");
}

#[test]
fn no_cache_reads_and_writes_none() {
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SPLIT)]);
    repo.lint_without_cache(&["--format", "json"]);
    assert!(repo.cache_files().is_empty());
    // MLREADY_NO_CACHE turns the default cache off, as --no-cache does.
    let output = mlready()
        .args(["lint", repo.root().to_str().unwrap(), "--format", "json"])
        .env("MLREADY_CACHE_DIR", repo.cache.path())
        .env("MLREADY_NO_CACHE", "1")
        .output()
        .unwrap();
    assert_ne!(output.status.code(), Some(2));
    assert!(repo.cache_files().is_empty());
    // MLREADY_CACHE_DIR picks the directory when the cache is on.
    let output = mlready()
        .args(["lint", repo.root().to_str().unwrap(), "--format", "json"])
        .env("MLREADY_CACHE_DIR", repo.cache.path())
        .env_remove("MLREADY_NO_CACHE")
        .output()
        .unwrap();
    assert_ne!(output.status.code(), Some(2));
    assert_eq!(repo.cache_files().len(), 1);
}

#[test]
fn without_git_there_is_no_cache() {
    let dir = temp_repo(&[("README.md", "# Churn\n"), ("train.py", SPLIT)]);
    let cache = tempfile::tempdir().unwrap();
    let output = run(&["lint", dir.path().to_str().unwrap(), "--cache-dir", cache.path().to_str().unwrap()]);
    assert_ne!(output.status.code(), Some(2));
    assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 0, "nothing proves a file unchanged without git");
}

#[test]
fn files_that_cannot_be_read_count_and_report_the_same_from_the_cache() {
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SPLIT)]);
    std::fs::write(repo.root().join("weights.py"), b"import torch\n\0\0\0binary").unwrap();
    std::fs::write(repo.root().join("latin1.py"), b"# caf\xe9\nx = 1\n").unwrap();
    repo.commit();
    let args = ["--format", "json", "--verbose"];
    let plain = repo.lint_without_cache(&args);
    let skipped =
        |o: &Output| stderr(o).lines().filter(|l| l.contains("skipped")).map(String::from).collect::<Vec<_>>();
    assert_eq!(skipped(&plain).len(), 2, "{}", stderr(&plain));
    for _ in 0..2 {
        let cached = repo.lint(&args);
        assert_eq!(stdout(&cached), stdout(&plain));
        assert_eq!(skipped(&cached), skipped(&plain));
        assert_eq!(files_read(&cached), files_read(&plain));
    }
}

/// What CI does: a fresh clone at the same path, with the cache of an earlier
/// job restored. Results are keyed by content, so they carry over.
#[test]
fn a_fresh_clone_at_the_same_path_reuses_the_cache() {
    let origin = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SPLIT), ("serve.py", SERVE_PY)]);
    let jobs = tempfile::tempdir().unwrap();
    let checkout = jobs.path().join("checkout");
    let clone = || {
        git(jobs.path(), &["clone", "-q", origin.root().to_str().unwrap(), checkout.to_str().unwrap()]);
        // A clone writes its last files in the same clock tick as its index: git counts them
        // racily clean (so does mlready) until something refreshes the index, as `git status` does.
        std::thread::sleep(Duration::from_millis(30));
        git(&checkout, &["update-index", "-q", "--refresh"]);
    };
    let lint = || {
        let output = run(&[
            "lint",
            checkout.to_str().unwrap(),
            "--format",
            "json",
            "--verbose",
            "--cache-dir",
            origin.cache.path().to_str().unwrap(),
        ]);
        assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
        output
    };
    clone();
    let first = lint();
    assert_eq!(from_cache(&first), 0);
    std::fs::remove_dir_all(&checkout).unwrap();
    clone();
    let second = lint();
    assert_eq!(from_cache(&second), files_read(&second), "{}", stderr(&second));
    assert_eq!(stdout(&second), stdout(&first));
}

/// Runs with other selections, pull-request mode and a baseline share one
/// cache; each reports what the same run without the cache reports.
#[test]
fn selections_pull_request_mode_and_baselines_agree_with_and_without_the_cache() {
    let repo = Repo::of_fixture("bare-research");
    // An uncommitted edit, for pull-request mode to report.
    let train = repo.root().join("train.py");
    let text = std::fs::read_to_string(&train).unwrap() + "\nX_a, X_b = train_test_split(X)\n";
    std::fs::write(&train, text).unwrap();
    let baseline = repo.cache.path().join("baseline.json");
    let written = repo.lint_without_cache(&["--write-baseline", baseline.to_str().unwrap()]);
    assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
    let runs: [&[&str]; 6] = [
        &["--select", "REP002"],
        &["--format", "json"],
        &["--ignore", "REP,DEP", "--format", "json"],
        &["--changed-since", "HEAD", "--format", "json"],
        &["--baseline", baseline.to_str().unwrap(), "--format", "json"],
        &["--select", "ALL", "--format", "sarif"],
    ];
    for _ in 0..2 {
        for args in runs {
            let cached = repo.lint(args);
            let plain = repo.lint_without_cache(args);
            assert_eq!(stdout(&cached), stdout(&plain), "{args:?}");
            assert_eq!(cached.status.code(), plain.status.code(), "{args:?}");
        }
    }
}
