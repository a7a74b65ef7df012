//! Git facts on temporary repositories built with git2: what is committed,
//! CODEOWNERS with its locations and semantics, committed weights, owner
//! suggestions from history, `--changed-since`, and every way a repository
//! can be odd (bare, linked worktree, submodule, shallow, unborn, owned by
//! someone else, broken .git).

mod common;
use common::*;
use git2::{Repository, Signature};
use serde_json::Value;
use std::path::Path;

fn write(dir: &Path, path: &str, text: &str) {
    let full = dir.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, text).unwrap();
}

fn init(files: &[(&str, &str)]) -> (tempfile::TempDir, Repository) {
    let dir = tempfile::tempdir().unwrap();
    let repo = Repository::init(dir.path()).unwrap();
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    (dir, repo)
}

/// Stage every file (like `git add -A`).
fn stage(repo: &Repository) {
    let mut index = repo.index().unwrap();
    index.add_all(["*"].iter(), git2::IndexAddOption::DEFAULT, None).unwrap();
    index.update_all(["*"].iter(), None).unwrap();
    index.write().unwrap();
}

/// Commit everything in the work tree as `author`.
fn commit(repo: &Repository, author: &str, email: &str, message: &str) -> git2::Oid {
    stage(repo);
    let mut index = repo.index().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = Signature::now(author, email).unwrap();
    let parents: Vec<git2::Commit<'_>> = repo.head().ok().and_then(|h| h.peel_to_commit().ok()).into_iter().collect();
    let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parent_refs).unwrap()
}

fn lint(dir: &Path, args: &[&str]) -> (Value, String) {
    let mut all = vec!["lint", dir.to_str().unwrap(), "--format", "json", "--verbose"];
    all.extend_from_slice(args);
    let output = run(&all);
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
    (serde_json::from_slice(&output.stdout).unwrap(), stderr(&output))
}

fn finding<'a>(report: &'a Value, code: &str) -> Option<&'a Value> {
    report["findings"].as_array().unwrap().iter().find(|f| f["code"] == code)
}

const TRAIN: &str = "import torch\n\nmodel.fit(data)\n";

#[test]
fn the_file_list_is_the_index_plus_untracked_files_not_ignored() {
    let (dir, repo) =
        init(&[(".gitignore", "outputs/\n"), ("training/train.py", TRAIN), ("requirements.txt", "torch==2.2.0\n")]);
    commit(&repo, "A", "a@acme.com", "init");
    write(dir.path(), "new_module.py", "import torch\n");
    write(dir.path(), "outputs/run/requirements.txt", "junk>=1\n");
    // Tracked even though .gitignore would ignore it: git's index wins.
    write(dir.path(), "outputs/keep.txt", "x\n");
    let mut index = repo.index().unwrap();
    index.add_path(Path::new("outputs/keep.txt")).unwrap();
    index.write().unwrap();
    let (report, err) = lint(dir.path(), &[]);
    assert!(err.contains("listed 4 files from the git index and 1 untracked files that git does not ignore"), "{err}");
    assert_eq!(report["summary"]["files_scanned"], 5);
}

#[test]
fn untracked_and_ignored_ingredient_files_are_not_evidence() {
    let (dir, repo) = init(&[(".gitignore", "docs/CODEOWNERS\n"), ("training/train.py", TRAIN)]);
    commit(&repo, "A", "a@acme.com", "init");
    write(dir.path(), ".github/CODEOWNERS", "* @acme/ml\n");
    let (report, _) = lint(dir.path(), &["--select", "OWN"]);
    assert_eq!(verdict(&report, "owners")["status"], "missing");
    let f = finding(&report, "OWN002").expect("the untracked CODEOWNERS is reported");
    assert_eq!(f["path"], ".github/CODEOWNERS");
    assert_eq!(f["message"], ".github/CODEOWNERS exists but is not committed, so it is not owners evidence yet");
    assert_eq!(f["help"], "Commit it: `git add .github/CODEOWNERS`.");

    std::fs::remove_file(dir.path().join(".github/CODEOWNERS")).unwrap();
    write(dir.path(), "docs/CODEOWNERS", "* @acme/ml\n");
    let (report, _) = lint(dir.path(), &["--select", "OWN"]);
    let f = finding(&report, "OWN001").expect("an ignored CODEOWNERS is no owner");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .ends_with("(docs/CODEOWNERS exists but is ignored by .gitignore or excluded, so it does not count)"),
        "{f}"
    );

    // Once committed, it counts.
    write(dir.path(), ".gitignore", "");
    commit(&repo, "A", "a@acme.com", "owners");
    let (report, _) = lint(dir.path(), &["--select", "OWN"]);
    assert_eq!(verdict(&report, "owners")["status"], "present");
}

fn uncovered(report: &Value) -> Vec<(String, u64)> {
    finding(report, "OWN003")
        .map(|f| {
            f["details"]["uncovered"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| (g["folder"].as_str().unwrap().to_string(), g["files"].as_u64().unwrap()))
                .collect()
        })
        .unwrap_or_default()
}

fn source(report: &Value) -> String {
    finding(report, "OWN003").map(|f| f["details"]["source"].as_str().unwrap().to_string()).unwrap_or_default()
}

#[test]
fn codeowners_locations_follow_each_platforms_precedence() {
    let (dir, repo) = init(&[
        ("training/train.py", TRAIN),
        ("serving/app.py", "from fastapi import FastAPI\napp = FastAPI()\n"),
        (".github/CODEOWNERS", "/serving/ @acme/sre\n"),
        ("CODEOWNERS", "* @acme/everyone\n"),
        ("docs/CODEOWNERS", "/training/ @acme/ml\n"),
    ]);
    commit(&repo, "A", "a@acme.com", "init");
    // GitHub: .github/ first. It leaves training/ unowned.
    let (report, _) = lint(dir.path(), &["--select", "OWN003"]);
    assert_eq!(source(&report), ".github/CODEOWNERS");
    assert_eq!(uncovered(&report), [("training/".to_string(), 1)]);
    // Then the root.
    std::fs::remove_file(dir.path().join(".github/CODEOWNERS")).unwrap();
    commit(&repo, "A", "a@acme.com", "drop .github/CODEOWNERS");
    let (report, _) = lint(dir.path(), &["--select", "OWN003"]);
    assert!(finding(&report, "OWN003").is_none(), "* @acme/everyone owns everything");
    // Then docs/.
    std::fs::remove_file(dir.path().join("CODEOWNERS")).unwrap();
    commit(&repo, "A", "a@acme.com", "drop CODEOWNERS");
    let (report, _) = lint(dir.path(), &["--select", "OWN003"]);
    assert_eq!(source(&report), "docs/CODEOWNERS");
    assert_eq!(uncovered(&report), [("serving/".to_string(), 1)]);
    // GitLab projects: root, docs/, then .gitlab/.
    write(dir.path(), ".gitlab-ci.yml", "test:\n  script: pytest\n");
    write(dir.path(), ".gitlab/CODEOWNERS", "* @everyone\n");
    commit(&repo, "A", "a@acme.com", "gitlab");
    let (report, _) = lint(dir.path(), &["--select", "OWN003"]);
    assert_eq!(source(&report), "docs/CODEOWNERS", "docs/ comes before .gitlab/ on GitLab");
    std::fs::remove_file(dir.path().join("docs/CODEOWNERS")).unwrap();
    commit(&repo, "A", "a@acme.com", "drop docs");
    let (report, _) = lint(dir.path(), &["--select", "OWN003"]);
    assert!(finding(&report, "OWN003").is_none(), ".gitlab/CODEOWNERS owns everything");
}

#[test]
fn last_match_wins_and_a_pattern_without_owners_unowns() {
    let (dir, repo) = init(&[
        ("training/train.py", TRAIN),
        ("training/generated/train_gen.py", TRAIN),
        ("notebooks/eda.ipynb", "{\"cells\": [], \"nbformat\": 4}"),
        ("pipelines/dvc.yaml", "stages: {}\n"),
        (
            ".github/CODEOWNERS",
            "*                      @acme/platform\n/training/             @acme/ml\n/training/generated/\n*.ipynb\nnotebooks/ not-an-owner\n",
        ),
    ]);
    commit(&repo, "A", "a@acme.com", "init");
    let (report, _) = lint(dir.path(), &["--select", "OWN"]);
    assert_eq!(uncovered(&report), [("notebooks/".to_string(), 1), ("training/generated/".to_string(), 1)]);
    let f = finding(&report, "OWN003").unwrap();
    assert_eq!(
        f["message"],
        ".github/CODEOWNERS leaves ML files without an owner (2 in all): notebooks/ (1), training/generated/ (1)"
    );
    assert_eq!((f["path"].as_str(), f["line"].as_u64()), (Some(".github/CODEOWNERS"), Some(1)));
    // The malformed owner is a finding at its line and column.
    let bad = finding(&report, "OWN004").unwrap();
    assert_eq!((bad["line"].as_u64(), bad["column"].as_u64()), (Some(5), Some(12)));
    assert_eq!(
        bad["message"],
        "This CODEOWNERS line does not assign what it seems to: `not-an-owner` is not an owner: use @user, @org/team or an e-mail address"
    );
    assert_eq!(verdict(&report, "owners")["status"], "partial");
}

#[test]
fn kubernetes_owners_files_own_their_folder_and_below() {
    let (dir, repo) = init(&[
        ("training/train.py", TRAIN),
        ("training/deep/more.py", TRAIN),
        ("serving/predict.py", "def predict(x):\n    return model.predict(x)\n"),
        ("training/OWNERS", "approvers:\n  - alice\n"),
    ]);
    commit(&repo, "A", "a@acme.com", "init");
    let (report, _) = lint(dir.path(), &["--select", "OWN"]);
    assert_eq!(uncovered(&report), [("serving/".to_string(), 1)]);
    assert_eq!(source(&report), "1 OWNERS file");
}

#[test]
fn a_large_weights_file_committed_plainly_versus_through_git_lfs() {
    let (dir, repo) = init(&[("train.py", TRAIN), (".gitattributes", "data/** filter=lfs diff=lfs merge=lfs -text\n")]);
    let blob = vec![7u8; 20 * 1024 * 1024];
    std::fs::create_dir_all(dir.path().join("models")).unwrap();
    std::fs::write(dir.path().join("models/model.pt"), &blob).unwrap();
    let pointer =
        format!("version https://git-lfs.github.com/spec/v1\noid sha256:{}\nsize 20971520\n", "ab".repeat(32));
    write(dir.path(), "data/train.parquet", &pointer);
    commit(&repo, "A", "a@acme.com", "init");
    let (report, _) = lint(dir.path(), &["--select", "DATA"]);
    let f = finding(&report, "DATA004").expect("the plain 20 MB blob is reported");
    assert_eq!(f["path"], "models/model.pt");
    assert_eq!(
        f["message"],
        "`models/model.pt` (21.0 MB) is committed to git as a plain blob, not through git-lfs or DVC"
    );
    assert_eq!(report["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "DATA004").count(), 1);
    let evidence: Vec<&str> = verdict(&report, "data-versioning")["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["detail"].as_str().unwrap())
        .collect();
    assert!(evidence.contains(&"stored with git-lfs"), "{evidence:?}");
    assert!(evidence.iter().any(|d| d.starts_with("git-lfs pointer")), "{evidence:?}");
    // The threshold is a setting.
    write(dir.path(), "mlready.toml", "[settings]\nlarge-file-size = \"50MB\"\n");
    let (report, _) = lint(dir.path(), &["--select", "DATA004"]);
    assert!(finding(&report, "DATA004").is_none());
    // An untracked file is not committed: not a committed blob.
    std::fs::remove_file(dir.path().join("mlready.toml")).unwrap();
    std::fs::write(dir.path().join("models/other.pt"), &blob).unwrap();
    let (report, _) = lint(dir.path(), &["--select", "DATA004"]);
    assert_eq!(report["findings"].as_array().unwrap().len(), 1);
}

#[test]
fn owner_suggestions_come_from_the_history_of_the_unowned_folders() {
    let (dir, repo) = init(&[
        (".github/CODEOWNERS", "/serving/ @acme/sre\n"),
        ("serving/app.py", "from fastapi import FastAPI\napp = FastAPI()\n"),
    ]);
    commit(&repo, "Sam", "sam@acme.com", "serving");
    for i in 0..6 {
        write(dir.path(), &format!("training/step_{i}.py"), TRAIN);
        commit(&repo, "Alice", "4242+alice@users.noreply.github.com", "training");
    }
    for i in 0..2 {
        write(dir.path(), "training/step_0.py", &format!("{TRAIN}# {i}\n"));
        commit(&repo, "Bob", "bob@acme.com", "tweak");
    }
    write(dir.path(), "training/step_1.py", &format!("{TRAIN}# once\n"));
    commit(&repo, "Eve", "eve@acme.com", "one-off");
    write(dir.path(), "notebooks/eda.ipynb", "{\"cells\": [], \"nbformat\": 4}");
    commit(&repo, "Carol", "carol@acme.com", "notebook");
    let (report, _) = lint(dir.path(), &["--select", "OWN003"]);
    let f = finding(&report, "OWN003").unwrap();
    let lines: Vec<&str> =
        f["details"]["suggestions"].as_array().unwrap().iter().map(|s| s["line"].as_str().unwrap()).collect();
    // Eve (1 of 9 commits) is below the one-in-five bar.
    assert_eq!(lines, ["/notebooks/ carol@acme.com", "/training/ @alice bob@acme.com"]);
    assert_eq!(f["details"]["history"]["commits"], 11);
    let help = f["help"].as_str().unwrap();
    assert!(help.contains("Suggested from the last 11 commits (paste into .github/CODEOWNERS):\n/notebooks/ carol@acme.com\n/training/ @alice bob@acme.com"), "{help}");
}

#[test]
fn changed_since_reports_what_a_branch_changed() {
    let (dir, repo) = init(&[
        ("serving/app.py", "from fastapi import FastAPI\nfrom prometheus_client import Counter\napp = FastAPI()\n"),
        ("requirements.txt", "fastapi==0.110.0\n"),
        ("old/requirements.txt", "flask>=2\n"),
        (".github/CODEOWNERS", "* @acme/ml\n"),
    ]);
    let base = commit(&repo, "A", "a@acme.com", "main");
    repo.branch("main-base", &repo.find_commit(base).unwrap(), true).unwrap();
    // On the branch: a new unpinned requirement (committed), a renamed file, a staged change,
    // an unstaged training script, and CODEOWNERS deleted.
    write(dir.path(), "requirements.txt", "fastapi==0.110.0\npandas>=2\n");
    std::fs::rename(dir.path().join("old/requirements.txt"), dir.path().join("legacy/requirements.txt")).ok();
    write(dir.path(), "legacy/requirements.txt", "flask>=2\n");
    std::fs::remove_dir_all(dir.path().join("old")).unwrap();
    commit(&repo, "A", "a@acme.com", "branch work");
    std::fs::remove_file(dir.path().join(".github/CODEOWNERS")).unwrap();
    stage(&repo);
    write(dir.path(), "training/train.py", TRAIN);
    let (report, _) = lint(dir.path(), &["--changed-since", "main-base"]);
    let mut found: Vec<(String, String)> = findings(&report).into_iter().map(|(c, p, _)| (c, p)).collect();
    found.sort();
    let expect: Vec<(String, String)> = [
        ("DATA001", "training/train.py"),
        ("DEP002", "legacy/requirements.txt"),
        ("DEP002", "requirements.txt"),
        ("OWN001", "."),
        ("REP001", "training/train.py"),
    ]
    .iter()
    .map(|(c, p)| (c.to_string(), p.to_string()))
    .collect();
    // The first training script makes "no data versioning" and "no seed" new; validation,
    // metrics, CI and a model card were missing before it (the serving code needed them).
    assert_eq!(found, expect, "MET001, VAL001, CI001, CARD001 were there at the merge base");
    let changes = &report["changed_since"];
    assert_eq!(changes["ref"], "main-base");
    assert_eq!(changes["merge_base"], base.to_string());
    assert_eq!(changes["deleted_files"], 2, "CODEOWNERS and the rename's old path");
    assert_eq!(verdict(&report, "owners")["evidence_changed"], true);
    assert_eq!(verdict(&report, "monitoring")["evidence_changed"], false);
    // Whether any evidence changed needs all of it: nothing stops counting early.
    for i in 0..40 {
        write(dir.path(), &format!("pkg/mod_{i:02}.py"), "import random\nrandom.seed(7)\n");
    }
    let (report, _) = lint(dir.path(), &["--changed-since", "main-base"]);
    let rep = verdict(&report, "reproducibility");
    assert_eq!((rep["evidence_total"].as_u64(), rep["evidence_complete"].as_bool()), (Some(0), Some(true)));
    stage(&repo);
    let (report, _) = lint(dir.path(), &["--changed-since", "main-base"]);
    let rep = verdict(&report, "reproducibility");
    assert_eq!((rep["evidence_total"].as_u64(), rep["evidence_complete"].as_bool()), (Some(40), Some(true)));
    let (_, err, code) = lint_dir(dir.path(), &["--changed-since", "no-such-branch"]);
    assert_eq!(code, 2);
    assert!(err.contains("`no-such-branch` is not a commit in this repository"), "{err}");
}

// --- Odd repositories: never fail, degrade, and say so under --verbose ----------

#[test]
fn a_folder_outside_git_is_walked() {
    let repo = temp_repo(&[("train.py", TRAIN)]);
    let (report, err) = lint(repo.path(), &[]);
    assert!(err.contains("no git facts: not inside a git work tree; listed 1 files by walking the tree"), "{err}");
    assert_eq!(report["summary"]["files_scanned"], 1);
    let (_, err, code) = lint_dir(repo.path(), &["--changed-since", "HEAD"]);
    assert_eq!(code, 2);
    assert!(err.contains("--changed-since needs a git work tree"), "{err}");
}

#[test]
fn a_bare_repository_is_walked() {
    let dir = tempfile::tempdir().unwrap();
    Repository::init_bare(dir.path()).unwrap();
    let (report, err) = lint(dir.path(), &[]);
    assert!(err.contains("no git facts: the repository is bare (it has no work tree)"), "{err}");
    assert_eq!(report["ingredients"].as_array().unwrap().len(), 9);
}

#[test]
fn a_linked_worktree_reads_its_own_index() {
    let (dir, repo) = init(&[("train.py", TRAIN)]);
    commit(&repo, "A", "a@acme.com", "init");
    let wt_dir = tempfile::tempdir().unwrap();
    let wt_path = wt_dir.path().join("wt");
    repo.worktree("wt", &wt_path, None).unwrap();
    write(&wt_path, "extra.py", "import torch\n");
    let (report, err) = lint(&wt_path, &[]);
    assert!(err.contains("listed 1 files from the git index and 1 untracked files"), "{err}");
    assert_eq!(report["summary"]["files_scanned"], 2);
    drop(dir);
}

#[test]
fn submodules_are_other_repositories() {
    let (inner_dir, inner) = init(&[("lib/requirements.txt", "six>=1\n")]);
    commit(&inner, "A", "a@acme.com", "inner");
    let (dir, repo) = init(&[("train.py", TRAIN)]);
    commit(&repo, "A", "a@acme.com", "outer");
    let url = inner_dir.path().to_str().unwrap().to_string();
    let mut sub = repo.submodule(&url, Path::new("vendor/inner"), true).unwrap();
    sub.clone(None).unwrap();
    sub.add_finalize().unwrap();
    commit(&repo, "A", "a@acme.com", "add submodule");
    let (report, err) = lint(dir.path(), &["--select", "DEP002"]);
    assert!(err.contains("submodules not scanned (other repositories): vendor/inner"), "{err}");
    assert!(findings(&report).is_empty(), "the submodule's files are not this repository's");
    // Linting the submodule itself uses its own repository.
    let (report, err) = lint(&dir.path().join("vendor/inner"), &["--select", "DEP002"]);
    assert!(err.contains("from the git index"), "{err}");
    assert_eq!(findings(&report), expected(&[("DEP002", "lib/requirements.txt", 1)]));
}

#[test]
fn a_shallow_clone_says_history_is_too_short_to_suggest_owners() {
    let (dir, repo) = init(&[(".github/CODEOWNERS", "/serving/ @sre\n"), ("training/train.py", TRAIN)]);
    commit(&repo, "A", "a@acme.com", "one");
    write(dir.path(), "training/train.py", &format!("{TRAIN}# two\n"));
    let second = commit(&repo, "B", "b@acme.com", "two");
    // What `git clone --depth 1` leaves behind: the shallow boundary in .git/shallow.
    std::fs::write(dir.path().join(".git/shallow"), format!("{second}\n")).unwrap();
    let (report, err) = lint(dir.path(), &["--select", "OWN003"]);
    assert!(err.contains("the clone is shallow"), "{err}");
    let f = finding(&report, "OWN003").unwrap();
    assert!(
        f["help"]
            .as_str()
            .unwrap()
            .contains("No owner suggestions: the clone is shallow, so its history is too short to suggest owners"),
        "{f}"
    );
    assert!(f["details"]["history"]["unavailable"].is_string());
}

#[test]
fn an_unborn_branch_uses_the_index() {
    let (dir, repo) = init(&[(".github/CODEOWNERS", "/serving/ @sre\n"), ("training/train.py", TRAIN)]);
    stage(&repo);
    write(dir.path(), "notes.py", "x = 1\n");
    let (report, err) = lint(dir.path(), &["--select", "OWN003"]);
    assert!(err.contains("listed 2 files from the git index and 1 untracked files that git does not ignore; the branch has no commits yet"), "{err}");
    let f = finding(&report, "OWN003").unwrap();
    assert!(f["help"].as_str().unwrap().contains("No owner suggestions: the repository has no commits yet"), "{f}");
}

#[test]
fn a_broken_dot_git_falls_back_to_the_walk() {
    let dir = temp_repo(&[("train.py", TRAIN), (".git", "gitdir: /nonexistent/path/to/.git\n")]);
    let (report, err) = lint(dir.path(), &[]);
    assert!(err.contains("/.git exists but is not a usable repository"), "{err}");
    assert!(report["summary"]["files_scanned"].as_u64().unwrap() >= 1);

    let (dir, repo) = init(&[("train.py", TRAIN)]);
    commit(&repo, "A", "a@acme.com", "init");
    std::fs::write(dir.path().join(".git/index"), b"this is not an index").unwrap();
    let (report, err) = lint(dir.path(), &[]);
    assert!(err.contains("falling back to walking the tree") || err.contains("the git index cannot be read"), "{err}");
    assert_eq!(report["summary"]["files_scanned"], 1);
}

#[cfg(unix)]
#[test]
fn a_repository_owned_by_another_user_is_walked() {
    let uid = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    if uid.ok().as_deref() != Some("0") {
        eprintln!("SKIPPED a_repository_owned_by_another_user_is_walked: changing a folder's owner needs root");
        return;
    }
    let (dir, repo) = init(&[("train.py", TRAIN)]);
    commit(&repo, "A", "a@acme.com", "init");
    let status = std::process::Command::new("chown").args(["-R", "12345:12345"]).arg(dir.path()).status().unwrap();
    assert!(status.success());
    let (report, err) = lint(dir.path(), &[]);
    assert!(
        err.contains("owned by another user") || err.contains("from the git index"),
        "either libgit2 refuses the repository (and mlready says why) or it trusts root: {err}"
    );
    assert_eq!(report["summary"]["files_scanned"], 1);
}

#[test]
fn init_scaffolds_codeowners_from_history() {
    let (dir, repo) = init(&[("serving/app.py", "from fastapi import FastAPI\napp = FastAPI()\n")]);
    commit(&repo, "Sam", "sam@acme.com", "serving");
    for i in 0..3 {
        write(dir.path(), &format!("training/step_{i}.py"), TRAIN);
        commit(&repo, "Alice", "4242+alice@users.noreply.github.com", "training");
    }
    let output = run(&["init", dir.path().to_str().unwrap(), "--codeowners"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(dir.path().join(".github/CODEOWNERS")).unwrap();
    assert!(
        text.contains(
            "# ML code, owners suggested from the last 4 commits:\n/serving/ sam@acme.com\n/training/ @alice\n"
        ),
        "{text}"
    );
    // The scaffold is valid CODEOWNERS: once committed, every ML file is owned.
    commit(&repo, "Alice", "4242+alice@users.noreply.github.com", "owners");
    let (report, _) = lint(dir.path(), &["--select", "OWN"]);
    assert!(findings(&report).is_empty(), "{report}");
    assert_eq!(verdict(&report, "owners")["status"], "present");
}

/// The work tree decides, not the index: a file committed as a regular file
/// and replaced by a symlink that leaves the root is not read, whether the
/// walk sees its name or git ignores it.
#[cfg(unix)]
#[test]
fn a_committed_file_replaced_by_a_symlink_leaving_the_root_is_not_read() {
    const SPLIT: &str = "from sklearn.model_selection import train_test_split\na, b = train_test_split(x)\n";
    let (dir, repo) = init(&[
        ("README.md", "# Churn\n"),
        ("train.py", TRAIN),
        ("evaluate.py", "print('ok')\n"),
        ("scratch/notes.py", "print('ok')\n"),
        (".gitignore", "scratch/\n"),
    ]);
    // A tracked file inside an ignored folder (added with `git add -f`).
    let mut index = repo.index().unwrap();
    index.add_path(Path::new("scratch/notes.py")).unwrap();
    index.write().unwrap();
    commit(&repo, "Ada", "ada@example.com", "first");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.py"), SPLIT).unwrap();
    for path in ["evaluate.py", "scratch/notes.py"] {
        std::fs::remove_file(dir.path().join(path)).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.py"), dir.path().join(path)).unwrap();
    }
    let (report, err) = lint(dir.path(), &["--no-cache"]);
    assert!(finding(&report, "REP002").is_none(), "read through the symlink: {report:#}");
    for path in ["evaluate.py", "scratch/notes.py"] {
        assert!(err.contains(&format!("skipped {path}: symlink that points outside the linted root")), "{path}: {err}");
    }
}

/// Pull-request mode: a change that adds `.github/CODEOWNERS` makes the
/// unchanged root CODEOWNERS unread, and says so.
#[test]
fn changed_since_reports_a_codeowners_the_change_shadows() {
    let (dir, repo) = init(&[("README.md", "# Churn\n"), ("train.py", TRAIN), ("CODEOWNERS", "* @acme/ml\n")]);
    commit(&repo, "Ada", "ada@example.com", "first");
    write(dir.path(), ".github/CODEOWNERS", "* @acme/ml-platform\n");
    let (report, err) = lint(dir.path(), &["--changed-since", "HEAD"]);
    let shadowed = finding(&report, "OWN005").unwrap_or_else(|| panic!("{report:#}\n{err}"));
    assert_eq!(shadowed["path"], "CODEOWNERS");
    // Without the new file nothing is shadowed, and an unrelated change reports nothing.
    std::fs::remove_dir_all(dir.path().join(".github")).unwrap();
    write(dir.path(), "README.md", "# Churn model\n");
    let (report, _) = lint(dir.path(), &["--changed-since", "HEAD"]);
    assert!(finding(&report, "OWN005").is_none(), "{report:#}");
}

#[test]
fn machine_formats_a_platform_reads_give_paths_from_the_repository_top() {
    // The Action's `path:` input, or `mlready lint projects/b` in a monorepo.
    let (dir, repo) = init(&[
        ("README.md", "# Platform\n"),
        ("projects/b/train.py", TRAIN),
        ("projects/b/requirements.txt", "torch>=2\n"),
    ]);
    commit(&repo, "Ana", "ana@example.org", "projects");
    let sub = dir.path().join("projects/b");
    let top = std::fs::canonicalize(dir.path()).unwrap();

    let output = run(&["lint", sub.to_str().unwrap(), "--format", "github", "--select", "DEP001"]);
    let annotations = stdout(&output);
    assert!(annotations.contains("file=projects/b/requirements.txt,line=1,"), "{annotations}");

    let output = run(&["lint", sub.to_str().unwrap(), "--format", "sarif", "--select", "DEP001"]);
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    let run0 = &sarif["runs"][0];
    let location = &run0["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uri"], "projects/b/requirements.txt");
    assert_eq!(run0["originalUriBaseIds"]["%SRCROOT%"]["uri"], format!("file://{}/", top.display()));

    // GitLab's Code Quality report too: an array of issues, paths from the top, unique fingerprints.
    let output = run(&["lint", sub.to_str().unwrap(), "--format", "gitlab"]);
    let issues: Value = serde_json::from_slice(&output.stdout).unwrap();
    let issues = issues.as_array().unwrap();
    let dep001 = issues.iter().find(|i| i["check_name"] == "DEP001").unwrap();
    assert_eq!(dep001["location"]["path"], "projects/b/requirements.txt");
    assert_eq!(dep001["location"]["lines"]["begin"], 1);
    assert_eq!(dep001["severity"], "minor", "a warning");
    assert!(dep001["description"].as_str().unwrap().starts_with("DEP001 unpinned-dependencies: "));
    let own001 = issues.iter().find(|i| i["check_name"] == "OWN001").unwrap();
    assert_eq!(own001["severity"], "major", "an error");
    assert!(own001["location"]["path"].as_str().unwrap().starts_with("projects/b/"), "placed on a file of the root");
    let prints: std::collections::HashSet<&str> = issues.iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    assert_eq!(prints.len(), issues.len(), "fingerprints are unique");

    // Human, concise and JSON keep paths from the linted root; JSON says where that root is.
    let (json, _) = lint(&sub, &["--select", "DEP001"]);
    assert_eq!(finding(&json, "DEP001").unwrap()["path"], "requirements.txt");
    assert_eq!(json["root_from_top"], "projects/b");
    let output = run(&["lint", sub.to_str().unwrap(), "--format", "concise", "--select", "DEP001"]);
    assert!(stdout(&output).starts_with("requirements.txt:1:1: DEP001 "), "{}", stdout(&output));

    // At the top, nothing changes; outside git there is no top.
    let (json, _) = lint(dir.path(), &["--select", "DEP001"]);
    assert_eq!(json["root_from_top"], "");
    assert_eq!(finding(&json, "DEP001").unwrap()["path"], "projects/b/requirements.txt");
    let plain = temp_repo(&[("train.py", TRAIN), ("requirements.txt", "torch>=2\n")]);
    let (json, _) = lint(plain.path(), &["--select", "DEP001"]);
    assert_eq!(json["root_from_top"], Value::Null);
}

#[test]
fn a_subfolder_counts_the_codeowners_and_ci_its_platform_reads_at_the_top() {
    let workflow =
        "name: ci\non:\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n";
    let (dir, repo) = init(&[
        (".github/CODEOWNERS", "* @acme/platform\n/projects/b/ @acme/churn-ml\n"),
        (".github/workflows/ci.yml", workflow),
        ("projects/b/train.py", TRAIN),
        ("projects/b/requirements.txt", "torch==2.1.0\n"),
    ]);
    commit(&repo, "Ana", "ana@example.org", "monorepo");
    let sub = dir.path().join("projects/b");
    let (json, err) = lint(&sub, &[]);
    let status = |id: &str| json["ingredients"].as_array().unwrap().iter().find(|v| v["id"] == id).unwrap().clone();
    assert_eq!(status("owners")["status"], "present", "{err}");
    assert_eq!(status("owners")["evidence"][0]["path"], "/.github/CODEOWNERS", "a path from the top starts with /");
    assert_eq!(status("ci")["status"], "present");
    assert_eq!(status("ci")["evidence"][0]["path"], "/.github/workflows/ci.yml");
    assert!(finding(&json, "OWN001").is_none() && finding(&json, "CI001").is_none());
    assert!(err.contains("the root is a subfolder: the platform's files at the repository's top apply to it"), "{err}");

    // Near misses: what is not committed at the top is not what the platform reads,
    // and a sibling project's files are not the top's.
    let (dir, repo) = init(&[
        ("projects/a/.github/CODEOWNERS", "* @acme/a\n"),
        ("projects/b/train.py", TRAIN),
        ("projects/b/requirements.txt", "torch==2.1.0\n"),
    ]);
    commit(&repo, "Ana", "ana@example.org", "monorepo");
    write(dir.path(), ".github/workflows/ci.yml", workflow);
    write(dir.path(), "CODEOWNERS", "* @acme/platform\n");
    let (json, _) = lint(&dir.path().join("projects/b"), &[]);
    assert!(finding(&json, "OWN001").is_some() && finding(&json, "CI001").is_some(), "untracked at the top");
}

#[test]
fn changed_since_keeps_line_findings_on_the_lines_the_diff_touched() {
    let (dir, repo) = init(&[("train.py", TRAIN), ("requirements.txt", "torch>=2\nnumpy\npandas==2.1.0\n")]);
    let base = commit(&repo, "A", "a@acme.com", "main");
    repo.branch("main-base", &repo.find_commit(base).unwrap(), true).unwrap();
    let dep002 = |report: &Value| -> Vec<u64> {
        findings(report).into_iter().filter(|(c, _, _)| c == "DEP002").map(|(_, _, line)| line).collect()
    };
    // One unpinned line appended: that line's finding is new, the two already there are not.
    write(dir.path(), "requirements.txt", "torch>=2\nnumpy\npandas==2.1.0\nscipy>=1\n");
    let (report, _) = lint(dir.path(), &["--changed-since", "main-base"]);
    assert_eq!(dep002(&report), vec![4], "unstaged");
    stage(&repo);
    let (report, _) = lint(dir.path(), &["--changed-since", "main-base", "--staged"]);
    assert_eq!(dep002(&report), vec![4], "staged");
    commit(&repo, "A", "a@acme.com", "scipy");
    // A line edited in place is changed too; with CRLF line endings in the work tree
    // (a Windows checkout) the same line, not the whole file.
    write(dir.path(), "requirements.txt", "torch>=2.1\r\nnumpy\r\npandas==2.1.0\r\nscipy>=1\r\n");
    let (report, _) = lint(dir.path(), &["--changed-since", "main-base"]);
    assert_eq!(dep002(&report), vec![1, 4]);
    // A new file changed everywhere.
    write(dir.path(), "serving/requirements.txt", "flask\nredis\n");
    let (report, _) = lint(dir.path(), &["--changed-since", "main-base"]);
    let new_file: Vec<_> = findings(&report).into_iter().filter(|(_, p, _)| p == "serving/requirements.txt").collect();
    assert_eq!(new_file.len(), 2, "{new_file:?}");
    // The findings left out are the repository's as it was: the report says how to see them.
    let (out, _, _) = lint_dir(dir.path(), &["--changed-since", "main-base", "--format", "concise"]);
    assert!(
        out.contains("outside the changes not shown (`mlready lint` without `--changed-since` shows them)."),
        "{out}"
    );
}

/// Issue 13, item 10: pull-request mode (the default pre-commit hook) fails on
/// what the change makes worse. Editing a README that findings happen to
/// point at repeats none of them; taking the metrics out of it is new.
#[test]
fn changed_since_reports_what_the_change_makes_worse_not_where_findings_point() {
    let readme = "# Churn\n\nPredicts churn.\n\n## Metrics\n\n| metric | value |\n|---|---|\n| F1 | 0.91 |\n";
    let (dir, repo) = init(&[
        ("train.py", TRAIN),
        ("README.md", readme),
        ("docs/notes.md", "# Notes\n\nMeeting notes.\n"),
        ("requirements.txt", "torch==2.1.0\n"),
    ]);
    commit(&repo, "A", "a@acme.com", "main");
    let codes = |args: &[&str]| -> Vec<(String, String)> {
        let (report, _) = lint(dir.path(), args);
        findings(&report).into_iter().map(|(c, p, _)| (c, p)).collect()
    };
    let everything = codes(&[]);
    assert!(everything.iter().any(|(c, p)| c == "CARD001" && p == "README.md"), "{everything:?}");
    write(dir.path(), "README.md", &format!("{readme}\nSee docs/ for more.\n"));
    stage(&repo);
    assert_eq!(codes(&["--staged", "--changed-since", "HEAD"]), [], "all of them were there before the edit");
    // Deleting a document that never held metrics takes nothing away.
    std::fs::remove_file(dir.path().join("docs/notes.md")).unwrap();
    stage(&repo);
    assert_eq!(codes(&["--staged", "--changed-since", "HEAD"]), []);
    // Taking the metrics out of the README is new.
    write(dir.path(), "README.md", "# Churn\n\nPredicts churn.\n");
    stage(&repo);
    let new = codes(&["--staged", "--changed-since", "HEAD"]);
    assert_eq!(new, [("MET001".to_string(), "README.md".to_string())], "the metrics were in the README at HEAD");
}
