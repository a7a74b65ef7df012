//! Helpers shared by the integration tests: they run the real `mlready`
//! binary and read its JSON output.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project root (where `fixtures/` lives).
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Path of a fixture repository.
pub fn fixture(name: &str) -> PathBuf {
    project_root().join("fixtures").join(name)
}

/// A `mlready` command with a clean, deterministic environment. It keeps no
/// result cache (tests must not write into the user's cache directory); the
/// cache tests pass `--cache-dir`.
pub fn mlready() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mlready"));
    // A CI runner may set FORCE_COLOR; outputs are asserted without colour.
    cmd.env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("MLREADY_CACHE_DIR")
        .env_remove("MLREADY_OUTPUT_FORMAT")
        .env("MLREADY_NO_CACHE", "1")
        .env("COLUMNS", "100");
    cmd
}

/// Run `mlready` with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    mlready().current_dir(dir).args(args).output().expect("run mlready")
}

/// Run `mlready` with `args` from the project root.
pub fn run(args: &[&str]) -> Output {
    run_in(&project_root(), args)
}

/// stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `mlready lint <path> --format json` (plus extra args), parsed. Panics with stderr on exit code 2.
pub fn lint_json(path: &Path, extra: &[&str]) -> (Value, i32) {
    let mut args = vec!["lint", path.to_str().expect("utf-8 path"), "--format", "json"];
    args.extend_from_slice(extra);
    let output = run(&args);
    let code = output.status.code().expect("exit code");
    assert_ne!(code, 2, "mlready failed: {}", stderr(&output));
    let json: Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("invalid JSON ({e}): {}", stdout(&output)));
    (json, code)
}

/// The verdicts of a JSON report, as (ingredient id, status).
pub fn verdicts(report: &Value) -> Vec<(String, String)> {
    report["ingredients"]
        .as_array()
        .expect("ingredients array")
        .iter()
        .map(|i| (i["id"].as_str().unwrap().to_string(), i["status"].as_str().unwrap().to_string()))
        .collect()
}

/// The verdict of one ingredient.
pub fn verdict<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["ingredients"].as_array().unwrap().iter().find(|i| i["id"] == id).unwrap_or_else(|| panic!("no {id}"))
}

/// The findings of a JSON report, as (code, path or ".", line or 0).
pub fn findings(report: &Value) -> Vec<(String, String, u64)> {
    report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap_or(".").to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// Build the expected findings list from `(code, path, line)` literals.
pub fn expected(items: &[(&str, &str, u64)]) -> Vec<(String, String, u64)> {
    items.iter().map(|(c, p, l)| (c.to_string(), p.to_string(), *l)).collect()
}

/// Build the expected verdicts from `(id, status)` literals.
pub fn expected_verdicts(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(i, s)| (i.to_string(), s.to_string())).collect()
}

/// Compare `actual` with the snapshot file `tests/snapshots/<name>`. With
/// `MLREADY_BLESS=1` the snapshot is (re)written instead.
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = project_root().join("tests").join("snapshots").join(name);
    if std::env::var_os("MLREADY_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing snapshot {}; run with MLREADY_BLESS=1 to create it", path.display()));
    if expected != actual {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .filter(|(_, (e, a))| e != a)
            .take(5)
            .map(|(i, (e, a))| format!("line {}:\n  expected: {e}\n  actual:   {a}", i + 1))
            .collect();
        panic!(
            "snapshot {} differs ({} vs {} lines); rerun with MLREADY_BLESS=1 if the change is intended\n{}",
            path.display(),
            expected.lines().count(),
            actual.lines().count(),
            diff.join("\n")
        );
    }
}

/// A temporary repository with these files (paths relative, `/`-separated).
pub fn temp_repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    dir
}

/// Run `mlready lint <dir> <args>` and return (stdout, stderr, exit code).
pub fn lint_dir(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let mut all = vec!["lint", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    let output = run(&all);
    (stdout(&output), stderr(&output), output.status.code().expect("exit code"))
}

/// A FastAPI app that serves a model (so monitoring applies).
pub const SERVE_PY: &str = "from fastapi import FastAPI\n\napp = FastAPI()\n";

/// A small ML project: training code with a seed, and a README.
pub const TRAIN_PY: &str = "import random\nfrom sklearn.linear_model import LogisticRegression\n\nrandom.seed(7)\nmodel = LogisticRegression()\nmodel.fit([[0], [1]], [0, 1])\n";
