//! `mlready report`: the readiness matrix of many repositories, from their
//! JSON reports (issue 14, item 4).

mod common;
#[path = "common/work_tree.rs"]
mod work_tree;

use common::*;
use std::path::{Path, PathBuf};
use work_tree::Repo;

const FIXTURES: &[&str] =
    &["bare-research", "churn-service", "dvc-pipeline", "hf-model", "near-miss", "notebook-first", "platform-monorepo"];

/// The JSON report of each fixture (a committed copy, a repository of its own), named after it.
fn reports(into: &Path) -> Vec<PathBuf> {
    FIXTURES
        .iter()
        .map(|name| {
            let repo = Repo::of_fixture(name);
            let path = into.join(format!("{name}.json"));
            let output = mlready()
                .args(["lint", repo.root().to_str().unwrap(), "--format", "json", "--fail-on", "never", "-o"])
                .arg(&path)
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
            path
        })
        .collect()
}

fn report(args: &[&str], reports: &[PathBuf]) -> (String, String, i32) {
    let output = mlready().arg("report").args(args).args(reports).output().unwrap();
    (stdout(&output), stderr(&output), output.status.code().unwrap_or(-1))
}

#[test]
fn the_organisation_matrix_in_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let reports = reports(dir.path());
    let (markdown, err, code) = report(&[], &reports);
    assert_eq!(code, 0, "{err}");
    let expected = format!(
        "## mlready: production readiness of 7 repositories (4 ML projects in them)

| Repository | Project | owners | monitoring | data-versioning | metrics | validation | dependencies | reproducibility | ci | model-card | Errors | Warnings |
|---|---|:---:|:---:|:---:|:---:|:---:|:---:|:---:|:---:|:---:|---:|---:|
| `bare-research` | *(whole repository)* | ❌ | ➖ | ❌ | ❌ | ❌ | ❌ | ❌ | ❌ | ❌ | 4 | 12 |
| `churn-service` | *(whole repository)* | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ | 0 | 0 |
| `dvc-pipeline` | *(whole repository)* | ✅ | ✅ | ✅ | 🟡 | 🟡 | ✅ | ✅ | ✅ | ❌ | 0 | 3 |
| `hf-model` | *(whole repository)* | ✅ | ➖ | ➖ | 🟡 | ➖ | ➖ | ➖ | ➖ | ✅ | 0 | 1 |
| `near-miss` | *(whole repository)* | ❌ | ❌ | ❌ | ❌ | 🟡 | ✅ | ✅ | ❌ | 🟡 | 4 | 5 |
| `notebook-first` | *(whole repository)* | ❌ | ➖ | ❌ | 🟡 | 🟡 | 🟡 | ✅ | ❌ | ❌ | 2 | 11 |
| `platform-monorepo` | *(whole repository)* | 🟡 | ✅ | 🟡 | ✅ | ✅ | 🟡 | 🟡 | ✅ | ✅ | 5 | 26 |
|  | `courses/module-3` | ✅ | ➖ | ❌ | 🟡 | 🟡 | 🟡 | ✅ | ❌ | ❌ | | |
|  | `pipelines/forecast` | 🟡 | ✅ | ✅ | 🟡 | 🟡 | ✅ | ✅ | ✅ | ❌ | | |
|  | `research/sentiment` | ✅ | ➖ | ❌ | ❌ | ❌ | ❌ | ❌ | ❌ | ❌ | | |
|  | `services/churn` | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ | | |
| **Present** | | 6/10 | 4/5 | 4/9 | 2/10 | 2/9 | 5/9 | 7/9 | 4/9 | 3/10 | | |

✅ present · 🟡 partial · ❌ missing · ➖ not applicable · ⏸️ not checked. **Present** counts the ML projects where the ingredient applies: each project of a monorepo, and each other repository as one.

<sub>mlready {} · `mlready report`</sub>
",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(markdown, expected);
    // The page: one table, rows and cells as in Markdown, all text escaped.
    let (html, _, code) = report(&["--format", "html"], &reports);
    assert_eq!(code, 0);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert_eq!(html.matches("<tr class=\"repository\">").count(), 7);
    assert_eq!(html.matches("<tr class=\"project\">").count(), 4);
    assert!(!html.contains("http://") && !html.contains("https://"), "nothing is fetched");
}

#[test]
fn what_is_not_a_report_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"version\": 1, \"tool\": {\"name\": \"ruff\"}}").unwrap();
    let (_, err, code) = report(&[], std::slice::from_ref(&bad));
    assert_eq!(code, 2);
    assert!(err.contains("bad.json is not an mlready JSON report"), "{err}");
    std::fs::write(&bad, "[1, 2").unwrap();
    let (_, err, code) = report(&[], std::slice::from_ref(&bad));
    assert_eq!(code, 2);
    assert!(err.contains("bad.json is not an mlready JSON report"), "{err}");
    std::fs::write(&bad, "{\"version\": 99, \"tool\": {\"name\": \"mlready\"}, \"ingredients\": []}").unwrap();
    let (_, err, _) = report(&[], std::slice::from_ref(&bad));
    assert!(err.contains("schema version 99"), "{err}");
    // A project's root from a report is text, never markup.
    let hostile = dir.path().join("repo.json");
    std::fs::write(
        &hostile,
        "{\"version\": 1, \"tool\": {\"name\": \"mlready\"}, \"ingredients\": [], \
         \"projects\": [{\"root\": \"<img src=x onerror=alert(1)>|`x\", \"ingredients\": []}]}",
    )
    .unwrap();
    let (html, _, code) = report(&["--format", "html"], std::slice::from_ref(&hostile));
    assert_eq!(code, 0);
    assert!(!html.contains("<img") && html.contains("&lt;img src=x"), "{html}");
    // In Markdown, a code span (GitHub shows its content as text) that no backtick closes
    // and no `|` splits.
    let (markdown, _, _) = report(&[], std::slice::from_ref(&hostile));
    assert!(markdown.contains("| ``<img src=x onerror=alert(1)>\\|`x`` |"), "{markdown}");
}
