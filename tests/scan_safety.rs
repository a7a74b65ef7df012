//! Scanning untrusted trees: special files, symlinks that loop or leave the
//! root, binary and non-UTF-8 files, ignored and excluded folders. mlready
//! must finish, read none of the dangerous entries, and say so under
//! `--verbose`.

mod common;
use common::*;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Run mlready, failing (instead of hanging forever) if it blocks, e.g. on opening a FIFO.
#[cfg(unix)]
fn run_guarded(args: &[&str]) -> (String, String, i32) {
    let mut child = mlready()
        .current_dir(project_root())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mlready");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("mlready blocked: it must never open a FIFO or follow a symlink loop");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    (stdout(&output), stderr(&output), output.status.code().unwrap())
}

#[cfg(unix)]
#[test]
fn special_files_and_escaping_symlinks_are_never_read() {
    use std::os::unix::fs::symlink;
    let outside = temp_repo(&[("secret/requirements.txt", "leaked-package>=1\n"), ("secret/dir/train.py", TRAIN_PY)]);
    let repo = temp_repo(&[
        ("train.py", TRAIN_PY),
        ("requirements.txt", "numpy==1.26.4\n"),
        ("inside/requirements-real.txt", "torch>=2\n"),
    ]);
    let root = repo.path();
    let fifo = root.join("requirements-fifo.txt");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    symlink(root.join("loop-b.txt"), root.join("loop-a.txt")).unwrap();
    symlink(root.join("loop-a.txt"), root.join("loop-b.txt")).unwrap();
    symlink(outside.path().join("secret/requirements.txt"), root.join("requirements-outside.txt")).unwrap();
    symlink(outside.path().join("secret/dir"), root.join("linked-dir")).unwrap();
    symlink(root.join("inside/requirements-real.txt"), root.join("requirements-inside.txt")).unwrap();
    symlink(root.join("does-not-exist.txt"), root.join("requirements-dangling.txt")).unwrap();

    let root_arg = root.to_str().unwrap();
    let (out, err, code) = run_guarded(&["lint", root_arg, "--format", "json", "--verbose", "--select", "DEP002"]);
    assert_ne!(code, 2, "{err}");
    assert!(err.contains("skipped requirements-fifo.txt: not a regular file (FIFO)"), "{err}");
    assert!(err.contains("skipped loop-a.txt: symlink that cannot be resolved"), "{err}");
    assert!(err.contains("skipped loop-b.txt: symlink that cannot be resolved"), "{err}");
    assert!(err.contains("skipped requirements-outside.txt: symlink that points outside the linted root"), "{err}");
    assert!(err.contains("skipped linked-dir: symlink that points outside the linted root"), "{err}");
    assert!(err.contains("skipped requirements-dangling.txt: symlink that cannot be resolved"), "{err}");
    assert!(!out.contains("leaked-package"), "a file outside the root was read");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    // The symlink to a file inside the root is read like the file itself.
    assert_eq!(
        findings(&json),
        expected(&[("DEP002", "inside/requirements-real.txt", 1), ("DEP002", "requirements-inside.txt", 1)])
    );
}

#[test]
fn binary_non_utf8_and_oversized_files_are_skipped_and_reported() {
    let repo = temp_repo(&[("requirements.txt", "pandas>=2\n"), ("mlready.toml", "max-file-size = 4096\n")]);
    let root = repo.path();
    std::fs::write(root.join("requirements-bin.txt"), b"torch>=2\n\x00\x01\x02").unwrap();
    std::fs::write(root.join("train.py"), b"# caf\xe9\nimport torch\n").unwrap();
    std::fs::write(root.join("requirements-big.txt"), "x>=1\n".repeat(2000)).unwrap();
    let (out, err, code) = lint_dir(root, &["--format", "json", "--verbose", "--select", "DEP002"]);
    assert_ne!(code, 2, "{err}");
    assert!(err.contains("skipped requirements-bin.txt: binary file (contains NUL bytes)"), "{err}");
    assert!(err.contains("skipped requirements-big.txt: 10000 bytes is over the size cap of 4096 bytes"), "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(findings(&json), expected(&[("DEP002", "requirements.txt", 1)]));
    let (_, err, _) = lint_dir(root, &["--verbose"]);
    assert!(err.contains("skipped train.py: not valid UTF-8"), "{err}");
}

#[test]
fn gitignored_virtualenv_and_cache_folders_are_not_scanned() {
    let repo = temp_repo(&[
        (".gitignore", "outputs/\n*.log\n"),
        ("requirements.txt", "numpy==1.26.4\n"),
        ("outputs/run1/requirements.txt", "ignored>=1\n"),
        ("node_modules/pkg/requirements.txt", "ignored>=1\n"),
        (".venv/lib/requirements.txt", "ignored>=1\n"),
        ("myenv/pyvenv.cfg", "home = /usr/bin\n"),
        ("myenv/lib/requirements.txt", "ignored>=1\n"),
        ("__pycache__/requirements.txt", "ignored>=1\n"),
        ("src/requirements.txt", "kept>=1\n"),
    ]);
    let (json, _) = lint_json(repo.path(), &["--select", "DEP002"]);
    assert_eq!(findings(&json), expected(&[("DEP002", "src/requirements.txt", 1)]));
}

#[test]
fn walk_errors_do_not_end_the_run() {
    let repo = temp_repo(&[("requirements.txt", "pandas>=2\n"), ("locked/requirements.txt", "torch>=2\n")]);
    let locked = repo.path().join("locked");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let (json, code) = lint_json(repo.path(), &["--select", "DEP002"]);
    assert_eq!(code, 0);
    let found = findings(&json);
    assert!(found.contains(&("DEP002".to_string(), "requirements.txt".to_string(), 1)), "{found:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// A copy of `from` with every text file's line breaks written as CRLF.
fn copy_with_crlf(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_with_crlf(&entry.path(), &target);
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        match String::from_utf8(bytes.clone()) {
            Ok(text) if !text.contains('\0') => std::fs::write(&target, text.replace('\n', "\r\n")).unwrap(),
            _ => std::fs::write(&target, bytes).unwrap(),
        }
    }
}

/// Files written on Windows end their lines with CRLF: patterns anchored at a
/// line's end (`==1.2.3$` pins) must find in them what they find with LF.
#[test]
fn crlf_line_endings_find_what_lf_finds() {
    for name in ["churn-service", "bare-research", "near-miss", "notebook-first", "dvc-pipeline", "hf-model"] {
        let crlf = tempfile::tempdir().unwrap();
        copy_with_crlf(&fixture(name), crlf.path());
        // Neither copy in git: in place, the fixture is a subfolder of this checkout (whose CI would count).
        let (lf_report, lf_code) = lint_json(&fixture(name), &["--no-git"]);
        let (crlf_report, crlf_code) = lint_json(crlf.path(), &["--no-git"]);
        assert_eq!(findings(&crlf_report), findings(&lf_report), "{name}");
        assert_eq!(verdicts(&crlf_report), verdicts(&lf_report), "{name}");
        assert_eq!(crlf_code, lf_code, "{name}");
    }
}
