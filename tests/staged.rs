//! `--staged`: mlready lints what the next commit holds (git's index and its
//! blobs), not the work tree: unstaged edits and untracked files are not
//! seen, a file deleted but not staged still counts, and what is found is the
//! same with and without the result cache.

mod common;
#[path = "common/work_tree.rs"]
mod work_tree;
use common::*;
use std::process::Output;
use work_tree::*;

const SPLIT: &str = "from sklearn.model_selection import train_test_split\n\nX_train, X_test = train_test_split(X)\n";
const SEEDED_SPLIT: &str =
    "from sklearn.model_selection import train_test_split\n\nX_train, X_test = train_test_split(X, random_state=0)\n";
/// Training: what makes a repository an ML project that needs owners (a split alone does not).
const TRAINING: &str =
    "from sklearn.linear_model import LogisticRegression\n\nmodel = LogisticRegression().fit(X, y)\n";

fn codes(output: &Output) -> Vec<(String, String, u64)> {
    assert_ne!(output.status.code(), Some(2), "{}", stderr(output));
    findings(&serde_json::from_slice(&output.stdout).unwrap())
}

fn unseeded(path: &str) -> (String, String, u64) {
    ("REP002".to_string(), path.to_string(), 3)
}

#[test]
fn the_commit_is_judged_not_the_work_tree() {
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SEEDED_SPLIT)]);
    let staged = || repo.lint(&["--staged", "--format", "json"]);
    let work_tree = || repo.lint(&["--format", "json"]);

    // Edited, not staged: the commit still holds the seeded split.
    repo.write("train.py", SPLIT);
    assert!(codes(&work_tree()).contains(&unseeded("train.py")));
    assert!(!codes(&staged()).contains(&unseeded("train.py")), "{:?}", codes(&staged()));

    // Staged: now the commit holds it.
    git(repo.root(), &["add", "train.py"]);
    assert!(codes(&staged()).contains(&unseeded("train.py")));

    // Fixed in the work tree but not staged: the commit still has the problem, read from git's blob.
    repo.write("train.py", SEEDED_SPLIT);
    assert!(!codes(&work_tree()).contains(&unseeded("train.py")));
    assert!(codes(&staged()).contains(&unseeded("train.py")));
    let plain = repo.lint_without_cache(&["--staged", "--format", "json"]);
    assert_eq!(codes(&plain), codes(&staged()), "the cache changes nothing");
}

#[test]
fn untracked_files_are_not_part_of_the_commit() {
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SEEDED_SPLIT), ("fit.py", TRAINING)]);
    repo.write("scratch.py", SPLIT);
    std::fs::create_dir_all(repo.root().join(".github")).unwrap();
    repo.write(".github/CODEOWNERS", "* @ada\n");
    let work_tree = codes(&repo.lint(&["--format", "json"]));
    assert!(work_tree.contains(&unseeded("scratch.py")));
    assert!(work_tree.iter().any(|(code, _, _)| code == "OWN002"), "untracked CODEOWNERS: {work_tree:?}");

    let output = repo.lint(&["--staged", "--format", "json"]);
    let staged = codes(&output);
    assert!(!staged.iter().any(|(_, path, _)| path == "scratch.py"), "{staged:?}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let owners = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "OWN001").expect("OWN001");
    let message = owners["message"].as_str().unwrap();
    assert!(
        message.ends_with("(.github/CODEOWNERS exists but is not staged, so the commit does not hold it)"),
        "{message}"
    );
    assert!(owners["help"].as_str().unwrap().ends_with("Stage it: `git add .github/CODEOWNERS`."), "{owners}");

    git(repo.root(), &["add", ".github/CODEOWNERS"]);
    let staged = codes(&repo.lint(&["--staged", "--format", "json"]));
    assert!(!staged.iter().any(|(code, _, _)| code.starts_with("OWN")), "{staged:?}");
}

#[test]
fn a_file_deleted_but_not_staged_is_still_committed() {
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SPLIT)]);
    std::fs::remove_file(repo.root().join("train.py")).unwrap();
    assert!(!codes(&repo.lint(&["--format", "json"])).contains(&unseeded("train.py")));
    assert!(codes(&repo.lint(&["--staged", "--format", "json"])).contains(&unseeded("train.py")));
    git(repo.root(), &["rm", "-q", "--cached", "train.py"]);
    assert!(!codes(&repo.lint(&["--staged", "--format", "json"])).contains(&unseeded("train.py")));
}

#[test]
fn every_fixture_reports_the_same_staged_as_from_its_clean_work_tree() {
    for fixture in ["churn-service", "bare-research", "near-miss", "notebook-first", "dvc-pipeline", "hf-model"] {
        let repo = Repo::of_fixture(fixture);
        for format in ["json", "human", "sarif"] {
            let args = ["--format", format, "--color", "never"];
            let work_tree = repo.lint_without_cache(&args);
            let mut staged_args = vec!["--staged"];
            staged_args.extend_from_slice(&args);
            let cold = repo.lint_without_cache(&staged_args);
            let filling = repo.lint(&staged_args);
            let warm = repo.lint(&staged_args);
            for (name, run) in [("--no-cache", &cold), ("first", &filling), ("cached", &warm)] {
                assert_eq!(stdout(run), stdout(&work_tree), "{fixture} --format {format}: {name} --staged run differs");
                assert_eq!(run.status.code(), work_tree.status.code(), "{fixture}");
            }
        }
        // The staged run reused what it had recorded: nothing but ownership files was read again.
        let verbose = repo.lint(&["--staged", "--format", "json", "--verbose"]);
        assert!(from_cache(&verbose) > 0, "{fixture}: {}", stderr(&verbose));
        assert!(
            stderr(&verbose).contains("--staged: listed the")
                && stderr(&verbose).contains("untracked files and changes not staged are not seen"),
            "{}",
            stderr(&verbose)
        );
    }
}

#[test]
fn pull_request_mode_sees_the_staged_changes() {
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SEEDED_SPLIT)]);
    let changed = || repo.lint(&["--staged", "--changed-since", "HEAD", "--format", "json"]);
    repo.write("train.py", SPLIT);
    repo.write("scratch.py", SPLIT);
    assert_eq!(codes(&changed()), Vec::new(), "nothing staged changed");
    git(repo.root(), &["add", "train.py"]);
    assert_eq!(codes(&changed()), vec![unseeded("train.py")]);
}

#[test]
fn staged_needs_git() {
    let dir = temp_repo(&[("README.md", "# Churn\n"), ("train.py", SPLIT)]);
    let (_, err, code) = lint_dir(dir.path(), &["--staged"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--staged needs a git work tree (no git facts: not inside a git work tree)"), "{err}");
    let (_, err, code) = lint_dir(dir.path(), &["--staged", "--no-git"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot be used with"), "{err}");
}

/// Staged symlinks are resolved within the index as the work tree resolves
/// them on disk: to a staged file under the root, or skipped with the reason.
#[cfg(unix)]
#[test]
fn staged_symlinks_resolve_within_the_index() {
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SPLIT), ("docs/owners", "* @acme/ml\n")]);
    std::fs::create_dir_all(repo.root().join(".github")).unwrap();
    for (link, target) in [
        ("link.py", "train.py"),
        (".github/CODEOWNERS", "../docs/owners"),
        ("outside.py", "../../etc/hostname"),
        ("dangling.py", "missing.py"),
        ("folder.py", "docs"),
    ] {
        std::os::unix::fs::symlink(target, repo.root().join(link)).unwrap();
    }
    git(repo.root(), &["add", "-A"]);
    let work_tree = repo.lint(&["--format", "json"]);
    let staged = repo.lint(&["--staged", "--format", "json", "--verbose"]);
    assert_eq!(codes(&staged), codes(&work_tree));
    assert!(codes(&staged).contains(&unseeded("link.py")), "{:?}", codes(&staged));
    assert!(!codes(&staged).iter().any(|(code, _, _)| code.starts_with("OWN")), "{:?}", codes(&staged));
    for line in [
        "dangling.py: symlink that cannot be resolved (missing.py is not staged)",
        "folder.py: symlink to a directory (not followed)",
        "outside.py: symlink that points outside the linted root",
    ] {
        assert!(stderr(&staged).contains(line), "{line}: {}", stderr(&staged));
    }
}

#[test]
fn intent_to_add_stages_no_content() {
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SEEDED_SPLIT)]);
    repo.write("scratch.py", SPLIT);
    git(repo.root(), &["add", "--intent-to-add", "scratch.py"]);
    let output = repo.lint(&["--staged", "--format", "json", "--verbose"]);
    assert!(!codes(&output).iter().any(|(_, path, _)| path == "scratch.py"), "{:?}", codes(&output));
    assert!(
        stderr(&output).contains("; 1 file has no staged content (added with --intent-to-add, or unmerged): left out"),
        "{}",
        stderr(&output)
    );
}

/// `git commit -a` and `git commit <path>` stage into a temporary index that
/// git names in `GIT_INDEX_FILE` for the hooks: that one holds the commit.
#[cfg(unix)]
#[test]
fn a_hook_of_git_commit_all_judges_the_index_git_hands_it() {
    use std::os::unix::fs::PermissionsExt;
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SEEDED_SPLIT)]);
    let hook = repo.root().join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    let script = format!(
        "#!/bin/sh\nexec '{}' lint --staged --no-cache --select REP002 --fail-on warning --format concise\n",
        env!("CARGO_BIN_EXE_mlready")
    );
    std::fs::write(&hook, script).unwrap();
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    repo.write("train.py", SPLIT);
    let commit = |args: &[&str]| git_command(repo.root(), args).output().unwrap();
    for args in [&["commit", "-q", "-a", "-m", "unseeded"][..], &["commit", "-q", "-m", "unseeded", "train.py"]] {
        let output = commit(args);
        assert!(!output.status.success(), "git {args:?}: the hook lets the unseeded split through");
        assert!(String::from_utf8_lossy(&output.stderr).contains("train.py:3:"), "{output:?}");
    }
    repo.write("train.py", SEEDED_SPLIT);
    let output = commit(&["commit", "-q", "-a", "-m", "seeded", "--allow-empty"]);
    assert!(output.status.success(), "{output:?}");
}

/// Git converts line endings between the blob and the work tree
/// (`eol=crlf`): a file `stat` proves unchanged since it was staged is then
/// not its blob, so neither mode may take one's results for the other's.
#[test]
fn line_endings_git_converts_never_mix_work_tree_and_staged_results() {
    let repo = Repo::of_fixture("bare-research");
    repo.write(".gitattributes", "* text eol=crlf\n");
    git(repo.root(), &["add", ".gitattributes"]);
    git(repo.root(), &["commit", "-q", "-m", "crlf"]);
    // Checked out again, every text file now ends its lines with CRLF on disk (LF in its blob).
    git(repo.root(), &["rm", "-q", "--cached", "-r", "."]);
    git(repo.root(), &["reset", "-q", "--hard"]);
    assert!(std::fs::read_to_string(repo.root().join("requirements.txt")).unwrap().contains("\r\n"));
    std::thread::sleep(std::time::Duration::from_millis(30));
    git(repo.root(), &["update-index", "-q", "--refresh"]);
    let compare = |round: &str| {
        for mode in [&["--format", "json"][..], &["--staged", "--format", "json"]] {
            let plain = repo.lint_without_cache(mode);
            for run in 0..2 {
                assert_eq!(stdout(&repo.lint(mode)), stdout(&plain), "{round}, {mode:?}, cached run {run}");
            }
        }
    };
    compare("checked out");
    // Touched: `stat` no longer proves anything, the staged run reads blobs.
    for path in ["requirements.txt", "train.py", "README.md", "pyproject.toml"] {
        let file = std::fs::File::options().write(true).open(repo.root().join(path)).unwrap();
        file.set_modified(std::time::SystemTime::now()).unwrap();
    }
    compare("touched");
}

/// A sparse index (directory entries) is beyond what mlready reads: the run
/// lints the work tree instead and says so, rather than failing every commit.
#[test]
fn an_index_mlready_cannot_read_falls_back_to_the_work_tree() {
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SPLIT), ("configs/base.yaml", "lr: 0.1\n")]);
    git(repo.root(), &["sparse-checkout", "set", "--cone", "--sparse-index", "configs"]);
    let output = repo.lint(&["--staged", "--format", "json", "--verbose"]);
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("--staged: the git index cannot be read (unsupported mandatory extension: 'sdir'); linting the work tree instead"),
        "{}",
        stderr(&output)
    );
    // Said even without --verbose: the run is not what was asked for.
    let quiet = repo.lint(&["--staged", "--format", "json"]);
    assert!(
        stderr(&quiet).starts_with("mlready: warning: --staged: the git index cannot be read"),
        "{}",
        stderr(&quiet)
    );
}

/// A sparse checkout keeps files out of the work tree and may record their
/// size as 0: the commit still holds them, at their blob's size.
#[test]
fn files_a_sparse_checkout_leaves_out_keep_their_size() {
    let origin = Repo::new(&[
        ("README.md", "# Churn\n"),
        ("keep/train.py", SEEDED_SPLIT),
        ("mlready.toml", "[settings]\nlarge-file-size = \"1KB\"\n"),
        ("data/big.csv", &"id,label\n".repeat(500)),
    ]);
    let clones = tempfile::tempdir().unwrap();
    let clone = clones.path().join("clone");
    git(clones.path(), &["clone", "-q", "--sparse", "--no-local", origin.root().to_str().unwrap(), "clone"]);
    git(&clone, &["sparse-checkout", "set", "--no-sparse-index", "keep"]);
    assert!(!clone.join("data/big.csv").exists());
    let (report, _) = lint_json(&clone, &["--staged"]);
    assert!(
        findings(&report).contains(&("DATA004".to_string(), "data/big.csv".to_string(), 0)),
        "{:?}",
        findings(&report)
    );
}

/// The hint on a missing-owners finding says why an existing CODEOWNERS does
/// not count: excluded by the config is not the same as not staged.
#[test]
fn an_excluded_codeowners_is_called_excluded_not_unstaged() {
    let repo = Repo::new(&[
        ("README.md", "# Churn\n"),
        ("train.py", SEEDED_SPLIT),
        ("fit.py", TRAINING),
        (".github/CODEOWNERS", "* @acme/ml\n"),
        ("mlready.toml", "exclude = [\".github/**\"]\n"),
    ]);
    let output = repo.lint(&["--staged", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let owners = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "OWN001").expect("OWN001");
    assert!(
        owners["message"].as_str().unwrap().ends_with(
            "(.github/CODEOWNERS is staged but excluded by the config's `exclude` or a default folder exclusion, so it does not count)"
        ),
        "{owners}"
    );
    assert!(!owners["help"].as_str().unwrap().contains("git add"), "{owners}");
}

/// A file git converts to CRLF may be over the size cap on disk while its
/// blob is not: the commit's blob is linted, not skipped.
#[test]
fn a_converted_file_over_the_cap_on_disk_is_read_from_its_blob() {
    // Three lines: with CRLF, three bytes over a cap the LF blob meets.
    let cap = format!("max-file-size = {}\n", SPLIT.len() + 1);
    let repo = Repo::new(&[
        ("README.md", "# Churn\n"),
        (".gitattributes", "train.py text eol=crlf\n"),
        ("mlready.toml", &cap),
        ("train.py", SPLIT),
    ]);
    std::fs::remove_file(repo.root().join("train.py")).unwrap();
    git(repo.root(), &["checkout", "--", "train.py"]);
    std::thread::sleep(std::time::Duration::from_millis(30));
    git(repo.root(), &["update-index", "-q", "--refresh"]);
    assert_eq!(std::fs::read(repo.root().join("train.py")).unwrap().len(), SPLIT.len() + 3);
    for _ in 0..2 {
        let output = repo.lint(&["--staged", "--format", "json", "--verbose"]);
        assert!(codes(&output).contains(&unseeded("train.py")), "{:?} {}", codes(&output), stderr(&output));
    }
}

/// A relative `GIT_INDEX_FILE` names a file from the work tree's top, as git reads it.
#[test]
fn a_relative_git_index_file_is_read_from_the_top() {
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SEEDED_SPLIT), ("sub/notes.md", "# Notes\n")]);
    std::fs::copy(repo.root().join(".git/index"), repo.root().join(".git/alt-index")).unwrap();
    repo.write("train.py", SPLIT);
    let status = git_command(repo.root(), &["add", "train.py"]).env("GIT_INDEX_FILE", ".git/alt-index").status();
    assert!(status.unwrap().success());
    repo.write("train.py", SEEDED_SPLIT);
    let output = mlready()
        .args(["lint", "..", "--staged", "--format", "json", "--no-cache"])
        .current_dir(repo.root().join("sub"))
        .env("GIT_INDEX_FILE", ".git/alt-index")
        .output()
        .unwrap();
    assert!(codes(&output).contains(&unseeded("train.py")), "{:?} {}", codes(&output), stderr(&output));
}

/// A clean filter (nbstripout, a pinning script) makes the staged blob differ
/// from the work-tree file whatever `stat` says, wherever git reads the
/// attribute from: `.git/info/attributes`, or the top's `.gitattributes`
/// when a folder of the repository is linted.
#[test]
fn files_a_filter_rewrites_are_linted_from_their_blob() {
    for (attributes_file, linted) in [(".git/info/attributes", ""), (".gitattributes", "sub")] {
        let repo = Repo::new(&[("README.md", "# Churn\n"), ("sub/README.md", "# Sub\n")]);
        git(repo.root(), &["config", "filter.pin.clean", "sed 's/>=/==/'"]);
        git(repo.root(), &["config", "filter.pin.smudge", "cat"]);
        std::fs::create_dir_all(repo.root().join(".git/info")).unwrap();
        repo.write(attributes_file, "requirements.txt filter=pin\n");
        repo.write("sub/requirements.txt", "numpy>=1.0\n");
        git(repo.root(), &["add", "-A"]);
        let root = repo.root().join(linted);
        let unpinned = |args: &[&str]| {
            let mut all = vec!["lint", root.to_str().unwrap(), "--format", "json"];
            if !args.contains(&"--no-cache") {
                all.extend(["--cache-dir", repo.cache.path().to_str().unwrap()]);
            }
            all.extend_from_slice(args);
            codes(&run(&all)).iter().filter(|(code, _, _)| code == "DEP002").count()
        };
        assert_eq!(unpinned(&[]), 1, "{attributes_file}: the work tree has `numpy>=1.0`");
        for round in 0..2 {
            assert_eq!(unpinned(&["--staged"]), 0, "{attributes_file} round {round}: the blob pins `numpy==1.0`");
        }
        assert_eq!(unpinned(&["--staged", "--no-cache"]), 0, "{attributes_file}");
        assert_eq!(unpinned(&[]), 1, "{attributes_file}: the work tree again, after staged runs");
        // What was found in the blob is reused by the next staged run (nbstripout's notebooks are not
        // read again on every commit), never by a work-tree run.
        let verbose = |staged: bool| {
            let mut all = vec!["lint", root.to_str().unwrap(), "--verbose", "--cache-dir"];
            all.push(repo.cache.path().to_str().unwrap());
            all.extend(staged.then_some("--staged"));
            run(&all)
        };
        let (staged, work_tree) = (verbose(true), verbose(false));
        assert_eq!(from_cache(&staged), files_read(&staged), "{attributes_file}: {}", stderr(&staged));
        assert!(from_cache(&work_tree) < files_read(&work_tree), "{attributes_file}: {}", stderr(&work_tree));
    }
}

/// Links through linked folders, `..` after a linked folder (the kernel steps
/// out of the real folder, not out of the text), targets in excluded folders,
/// links inside a linted subfolder that leave and re-enter it: `--staged`
/// finds what the work tree finds.
#[cfg(unix)]
#[test]
fn staged_symlinks_resolve_as_the_kernel_resolves_them() {
    let repo = Repo::new(&[
        ("README.md", "# Churn\n"),
        ("real/CODEOWNERS", "* @acme/ml\n"),
        ("a/b/keep.txt", "kept\n"),
        ("a/requirements-top.txt", "numpy\n"),
        ("requirements-top.txt", "numpy==1.0\n"),
        ("vendor/reqs.txt", "pandas\n"),
        ("cfg.py", "x = 1\n"),
        ("cfg/base.py", "y = 2\n"),
        ("sub/r.txt", "torch\n"),
        ("file.txt", "plain\n"),
        ("mlready.toml", "exclude = [\"vendor/**\"]\n"),
    ]);
    std::fs::create_dir_all(repo.root().join(".github")).unwrap();
    for (link, target) in [
        ("r2", "real"),
        (".github/CODEOWNERS", "../r2/CODEOWNERS"),
        ("b2", "a/b"),
        ("requirements-x.txt", "b2/../requirements-top.txt"),
        ("requirements.txt", "vendor/reqs.txt"),
        ("link-cfg", "cfg"),
        ("link-here", "."),
        ("requirements-slash.txt", "requirements-top.txt/"),
        ("sub/requirements-up.txt", "../sub/r.txt"),
        // Through folders above the subfolder: missing, a file, a link back into it.
        ("sub/requirements-a.txt", "../nonexistent/../sub/r.txt"),
        ("sub/requirements-c.txt", "../file.txt/../sub/r.txt"),
        ("out2", "sub"),
        ("sub/requirements-b.txt", "../out2/r.txt"),
        // A chain through an excluded link.
        ("vendor/l", "reqs.txt"),
        ("requirements-d.txt", "vendor/l"),
    ] {
        std::os::unix::fs::symlink(target, repo.root().join(link)).unwrap();
    }
    git(repo.root(), &["add", "-A"]);
    for linted in ["", "sub"] {
        let root = repo.root().join(linted);
        let lint = |staged: bool| {
            let mut args = vec!["lint", root.to_str().unwrap(), "--format", "json", "--no-cache"];
            if staged {
                args.push("--staged");
            }
            codes(&run(&args))
        };
        let (work_tree, staged) = (lint(false), lint(true));
        assert_eq!(staged, work_tree, "linting `{linted}`");
        if linted.is_empty() {
            for expected in
                [("DEP002", "requirements-x.txt"), ("DEP002", "requirements.txt"), ("DEP002", "requirements-d.txt")]
            {
                assert!(
                    staged.iter().any(|(c, p, _)| (c.as_str(), p.as_str()) == expected),
                    "{expected:?}: {staged:?}"
                );
            }
            assert!(!staged.iter().any(|(c, _, _)| c.starts_with("OWN0")), "owners through r2: {staged:?}");
        } else {
            for linted in ["requirements-up.txt", "requirements-b.txt"] {
                assert!(staged.iter().any(|(c, p, _)| c == "DEP002" && p == linted), "{linted}: {staged:?}");
            }
            for skipped in ["requirements-a.txt", "requirements-c.txt"] {
                assert!(!staged.iter().any(|(_, p, _)| p == skipped), "{skipped}: {staged:?}");
            }
        }
    }
    let verbose = repo.lint(&["--staged", "--format", "json", "--verbose"]);
    for line in [
        "link-cfg: symlink to a directory (not followed)",
        "link-here: symlink to a directory (not followed)",
        "requirements-slash.txt: symlink that cannot be resolved (requirements-top.txt is not a staged folder)",
    ] {
        assert!(stderr(&verbose).contains(line), "{line}: {}", stderr(&verbose));
    }
}

/// Git reads a missing `GIT_INDEX_FILE` as an empty index; a hook that then
/// checked nothing would pass silently, so mlready says so and lints the work tree.
#[test]
fn a_missing_git_index_file_is_said_not_taken_for_an_empty_commit() {
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("train.py", SPLIT)]);
    let output = mlready()
        .args(["lint", repo.root().to_str().unwrap(), "--staged", "--format", "json", "--no-cache"])
        .env("GIT_INDEX_FILE", ".git/no-such-index")
        .output()
        .unwrap();
    assert!(stderr(&output).contains("--staged: GIT_INDEX_FILE names "), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("no-such-index, which does not exist; linting the work tree instead"),
        "{}",
        stderr(&output)
    );
    assert!(codes(&output).contains(&unseeded("train.py")));
}

/// Git reads no `.gitattributes` that is a symlink, above a linted subfolder
/// or in it: one pointing out of the repository must not be read at all.
#[cfg(unix)]
#[test]
fn a_symlinked_gitattributes_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("attrs"), "*.csv filter=lfs\n").unwrap();
    let repo = Repo::new(&[("README.md", "# Churn\n"), ("proj/train.py", SEEDED_SPLIT), ("proj/data/x.csv", "a,b\n")]);
    std::os::unix::fs::symlink(outside.path().join("attrs"), repo.root().join(".gitattributes")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("attrs"), repo.root().join("proj/.gitattributes")).unwrap();
    git(repo.root(), &["add", "-A"]);
    let plain = codes(&repo.lint_without_cache(&["--format", "json"]));
    for linted in ["", "proj"] {
        for staged in [false, true] {
            let root = repo.root().join(linted);
            let mut args = vec!["lint", root.to_str().unwrap(), "--format", "json", "--no-cache"];
            if staged {
                args.push("--staged");
            }
            let report: serde_json::Value = serde_json::from_slice(&run(&args).stdout).unwrap();
            assert_eq!(verdict(&report, "data-versioning")["status"], "not-applicable", "{linted} staged={staged}");
        }
    }
    assert!(!plain.is_empty());
}
