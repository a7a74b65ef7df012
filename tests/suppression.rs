//! Inline suppressions: `mlready: ignore[CODE]` on a line,
//! `mlready: ignore-file[CODE]` for a file, in any comment syntax, and
//! MLR001 for a suppression that suppresses nothing.

mod common;
use common::*;

#[test]
fn line_suppressions_silence_only_their_line() {
    let repo = temp_repo(&[(
        "requirements.txt",
        "pandas>=2.0  # mlready: ignore[DEP002] pinned by the base image\nscikit-learn\nnumpy==1.26.4\n",
    )]);
    let (json, _) = lint_json(repo.path(), &["--select", "DEP002,MLR001"]);
    assert_eq!(findings(&json), expected(&[("DEP002", "requirements.txt", 2)]));
    assert_eq!(json["summary"]["suppressed"], 1);
}

#[test]
fn file_suppressions_in_any_comment_syntax() {
    let readme = "<!-- mlready: ignore-file[MET001, CARD001] -->\n# Churn model\n\nUsage: `python train.py`.\n";
    let repo = temp_repo(&[
        ("README.md", readme),
        ("train.py", TRAIN_PY),
        ("requirements.txt", "# mlready: ignore-file[DEP]\npandas>=2\ntorch\n"),
    ]);
    let (json, _) = lint_json(repo.path(), &["--select", "MET001,CARD001,DEP002,MLR001"]);
    assert_eq!(findings(&json), expected(&[]));
    assert_eq!(json["summary"]["suppressed"], 4);
    // Suppressed findings do not count against the verdict either.
    assert_eq!(verdict(&json, "metrics")["status"], "missing", "no evidence is still no evidence");
    assert_eq!(verdict(&json, "metrics")["findings"], 0);
}

#[test]
fn unused_suppressions_are_reported_where_they_are_written() {
    let repo = temp_repo(&[
        ("requirements.txt", "numpy==1.26.4  # mlready: ignore[DEP002]\npandas==2.2.2  # mlready: ignore[DEP999]\n"),
        ("train.py", "import torch  # mlready: ignore[MON001]\n"),
    ]);
    let (json, _) = lint_json(repo.path(), &["--select", "DEP,MON,MLR"]);
    let unused: Vec<_> = json["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "MLR001").collect();
    assert_eq!(unused.len(), 3, "{json}");
    assert_eq!(
        (unused[0]["path"].as_str(), unused[0]["line"].as_u64(), unused[0]["column"].as_u64()),
        (Some("requirements.txt"), Some(1), Some(34))
    );
    assert_eq!(unused[0]["message"], "`mlready: ignore[DEP002]` suppresses nothing: no DEP002 finding is on this line");
    assert_eq!(unused[1]["message"], "`DEP999` is not a rule code, so `mlready: ignore[DEP999]` suppresses nothing");
    // MON001 is a finding about the repository root, not about train.py:1.
    assert_eq!((unused[2]["path"].as_str(), unused[2]["line"].as_u64()), (Some("train.py"), Some(1)));
    assert!(unused[0]["ingredient"].is_null());

    // Suppressions for rules this run does not enable are not "unused".
    let (json, _) = lint_json(repo.path(), &["--select", "OWN,MLR"]);
    let unused: Vec<_> = findings(&json).into_iter().filter(|f| f.0 == "MLR001").collect();
    assert_eq!(unused.len(), 1, "only the unknown code: {unused:?}");
    // MLR001 can itself be ignored.
    let (json, _) = lint_json(repo.path(), &["--ignore", "MLR001"]);
    assert!(!findings(&json).iter().any(|f| f.0 == "MLR001"));
}

/// Issue 13: a directive without a bracketed code list suppresses nothing
/// and is reported, never silently ignored.
#[test]
fn a_directive_naming_no_code_is_reported() {
    let repo = temp_repo(&[(
        "requirements.txt",
        "pandas>=2  # mlready: ignore\nnumpy>=1  # mlready: ignore DEP002\ntorch>=2  # mlready: ignore[DEP002]\n",
    )]);
    let (json, _) = lint_json(repo.path(), &["--select", "DEP002,MLR"]);
    assert_eq!(
        findings(&json),
        expected(&[
            ("DEP002", "requirements.txt", 1),
            ("MLR001", "requirements.txt", 1),
            ("DEP002", "requirements.txt", 2),
            ("MLR001", "requirements.txt", 2),
        ])
    );
    let unused: Vec<_> = json["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "MLR001").collect();
    assert_eq!(
        unused[0]["message"],
        "`mlready: ignore` names no rule, so it suppresses nothing: the codes go in brackets, `mlready: ignore[DEP002]`"
    );
    assert_eq!(unused[0]["column"], 14, "points at the directive");
}

#[test]
fn suppressions_in_notebook_cells() {
    let notebook = r##"{
 "cells": [
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": [
    "from datasets import load_dataset\n",
    "ds = load_dataset(\"imdb\")  # mlready: ignore[DATA002]\n",
    "other = load_dataset(\"ag_news\")"
   ]
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
"##;
    let repo = temp_repo(&[("explore.ipynb", notebook)]);
    let (json, _) = lint_json(repo.path(), &["--select", "DATA002,MLR001"]);
    assert_eq!(findings(&json), expected(&[("DATA002", "explore.ipynb", 11)]));
    let finding = &json["findings"][0];
    assert_eq!(finding["cell"], serde_json::json!({"number": 1, "line": 3, "column": 9}));
    assert_eq!(finding["column"], 14);
}
