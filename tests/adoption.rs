//! Adopting mlready on an existing repository: the baseline, and `mlready init`.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

fn listing(dir: &Path) -> BTreeSet<String> {
    walk(dir, dir)
}

fn walk(root: &Path, dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(root, &path));
        } else {
            out.insert(path.strip_prefix(root).unwrap().display().to_string());
        }
    }
    out
}

#[test]
fn a_baseline_reports_only_new_findings_and_survives_line_shifts() {
    let repo = temp_repo(&[
        ("requirements.txt", "pandas>=2\nnumpy==1.26.4\ntorch>=2\n"),
        ("train.py", "from sklearn.model_selection import train_test_split\nX_tr, X_te = train_test_split(X)\n"),
    ]);
    let dir = repo.path();
    let baseline = dir.join("baseline.json");
    let (_, err, code) = lint_dir(dir, &["--write-baseline", baseline.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("recorded"), "{err}");
    let recorded: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    assert_eq!(recorded["version"], 1);
    let count = recorded["findings"].as_array().unwrap().len();
    assert!(count >= 5, "{recorded}");
    assert!(!listing(dir).iter().any(|p| p.ends_with(".tmp")), "no temporary file is left behind");

    // Nothing new: exit 0 even with --fail-on warning, and nothing reported.
    let base = baseline.to_str().unwrap();
    let (json, code) = lint_json(dir, &["--baseline", base, "--fail-on", "warning"]);
    assert_eq!(code, 0);
    assert!(findings(&json).is_empty());
    assert_eq!(json["summary"]["baselined"], count);
    assert_eq!(json["baseline"]["fixed"].as_array().unwrap().len(), 0);

    // Lines move, an unrelated line changes, one problem is fixed and a new one appears.
    std::fs::write(
        dir.join("requirements.txt"),
        "# runtime dependencies\n\nnumpy==1.26.5\ntorch==2.2.0\npandas>=2\nscipy\n",
    )
    .unwrap();
    let (json, code) = lint_json(dir, &["--baseline", base, "--fail-on", "warning"]);
    assert_eq!(code, 1, "the new finding fails");
    assert_eq!(findings(&json), expected(&[("DEP002", "requirements.txt", 6)]));
    let fixed: Vec<&str> =
        json["baseline"]["fixed"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(fixed, ["DEP002"], "torch>=2 is fixed");
    let (out, _, _) = lint_dir(dir, &["--baseline", base, "--format", "concise"]);
    assert!(out.contains("baseline entry is fixed: rewrite the baseline with --write-baseline to shrink it"), "{out}");

    // A baseline that is not one is an error, not a silent no-op.
    std::fs::write(&baseline, "{\"findings\": 3}").unwrap();
    let (_, err, code) = lint_dir(dir, &["--baseline", base]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown format"), "{err}");
    let (_, err, code) = lint_dir(dir, &["--baseline", dir.join("missing.json").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read baseline"), "{err}");
}

/// Issue 13: a finding about something absent is anchored at whichever
/// evidence sorts first; a new file that sorts earlier moves the anchor, and
/// must not make the recorded finding "fixed" and a new one appear.
#[test]
fn an_absence_finding_stays_baselined_when_its_anchor_moves() {
    let repo = temp_repo(&[
        ("requirements.txt", "torch>=2\n"),
        (
            "train.py",
            "import pandas as pd\nfrom sklearn.linear_model import LogisticRegression\ndf = pd.read_csv(\"data/train.csv\")\nLogisticRegression().fit(df, df)\n",
        ),
    ]);
    let dir = repo.path();
    let baseline = dir.join("baseline.json");
    let base = baseline.to_str().unwrap();
    let (_, err, code) = lint_dir(dir, &["--write-baseline", base]);
    assert_eq!(code, 0, "{err}");
    let (before, _) = lint_json(dir, &[]);
    assert!(findings(&before).contains(&("DEP001".to_string(), "requirements.txt".to_string(), 1)));

    // Another requirements file that sorts first: its own unpinned line is new, DEP001 is not.
    std::fs::create_dir(dir.join("a")).unwrap();
    std::fs::write(dir.join("a/requirements.txt"), "scipy>=1\n").unwrap();
    let (after, _) = lint_json(dir, &[]);
    assert!(
        findings(&after).contains(&("DEP001".to_string(), "a/requirements.txt".to_string(), 1)),
        "the anchor moved"
    );
    let (json, code) = lint_json(dir, &["--baseline", base, "--fail-on", "warning"]);
    assert_eq!(findings(&json), expected(&[("DEP002", "a/requirements.txt", 1)]), "only scipy>=1 is new");
    assert_eq!(json["baseline"]["fixed"].as_array().unwrap().len(), 0, "nothing is fixed");
    assert_eq!(code, 1);
}

#[test]
fn init_writes_a_config_that_reflects_the_repository_and_never_overwrites() {
    let repo = temp_repo(&[("fixture.txt", "")]);
    let dir = repo.path().join("repo");
    std::fs::create_dir(&dir).unwrap();
    for (path, text) in
        [("train.py", TRAIN_PY), ("requirements.txt", "scikit-learn==1.5.1\n"), ("README.md", "# churn\n")]
    {
        std::fs::write(dir.join(path), text).unwrap();
    }
    let before = listing(&dir);
    let output = run(&["init", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let after = listing(&dir);
    assert_eq!(after.difference(&before).cloned().collect::<Vec<_>>(), ["mlready.toml"], "nothing else is touched");
    let config = std::fs::read_to_string(dir.join("mlready.toml")).unwrap();
    assert!(config.contains("#   monitoring       not-applicable"), "{config}");
    assert!(config.contains("#   reproducibility  present"), "{config}");
    assert!(config.contains("# monitoring: mlready judged it not applicable: nothing here serves a model"), "{config}");
    assert!(config.contains("# monitoring = \"<why it does not apply to this repository>\""), "{config}");
    // The written config is valid.
    let (_, err, code) = lint_dir(&dir, &[]);
    assert_ne!(code, 2, "{err}");
    // A second init never overwrites: the config alone is refused (exit 2); with
    // --model-card the card is written and the config left alone, and init says so.
    std::fs::write(dir.join("mlready.toml"), "# mine\n").unwrap();
    let output = run(&["init", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("already configures mlready; `mlready init` never overwrites a file"));
    let output = run(&["init", dir.to_str().unwrap(), "--model-card"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(said.contains("mlready: wrote ") && said.contains("MODEL_CARD.md"), "{said}");
    assert!(
        said.contains("mlready: left ") && said.contains("mlready.toml alone: it already configures mlready"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(dir.join("mlready.toml")).unwrap(), "# mine\n");
    // Nothing left to write: an error that lists what is there.
    let output = run(&["init", dir.to_str().unwrap(), "--model-card"]);
    assert_eq!(output.status.code(), Some(2));
    let said = stderr(&output);
    assert!(said.contains("nothing to write") && said.contains("MODEL_CARD.md alone"), "{said}");
}

#[test]
fn init_appends_to_pyproject_when_asked() {
    let repo = temp_repo(&[
        ("pyproject.toml", "[project]\nname = \"churn\"\ndependencies = [\"pandas>=2\"]\n"),
        ("train.py", TRAIN_PY),
    ]);
    let output = run(&["init", repo.path().to_str().unwrap(), "--pyproject"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(repo.path().join("pyproject.toml")).unwrap();
    assert!(
        text.starts_with("[project]\nname = \"churn\"\ndependencies = [\"pandas>=2\"]\n\n# mlready configuration"),
        "{text}"
    );
    assert!(text.contains("\n[tool.mlready]\n"), "{text}");
    assert!(text.contains("\n[tool.mlready.not-applicable]\n"), "{text}");
    assert!(!repo.path().join("mlready.toml").exists());
    let (_, err, code) = lint_dir(repo.path(), &["--verbose"]);
    assert_ne!(code, 2, "{err}");
    assert!(err.contains("config: "), "{err}");
    assert!(err.contains("pyproject.toml"), "{err}");
    let output = run(&["init", repo.path().to_str().unwrap(), "--pyproject"]);
    assert_eq!(output.status.code(), Some(2), "[tool.mlready] exists now");
}

#[test]
fn init_scaffolds_a_model_card_naming_the_metrics_found_in_code() {
    let repo = temp_repo(&[
        ("train.py", TRAIN_PY),
        (
            "evaluate.py",
            "from sklearn.metrics import f1_score, roc_auc_score\nprint(roc_auc_score(y, p), f1_score(y, p > 0.5))\n",
        ),
    ]);
    let output = run(&["init", repo.path().to_str().unwrap(), "--model-card"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let card = std::fs::read_to_string(repo.path().join("MODEL_CARD.md")).unwrap();
    assert!(card.contains("| ROC AUC | [TODO] | [TODO] |\n| F1 | [TODO] | [TODO] |"), "{card}");
    assert!(card.contains("- **Owner:** [TODO:"), "{card}");
    let (json, _) = lint_json(repo.path(), &["--select", "CARD"]);
    assert_eq!(verdict(&json, "model-card")["status"], "partial", "a scaffold is a card, with placeholders left");
    assert_eq!(findings(&json)[0].0, "CARD002");
}

/// The evidence of one ingredient, as (path, line).
fn evidence(json: &serde_json::Value, ingredient: &str) -> Vec<(String, u64)> {
    verdict(json, ingredient)["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap_or("").to_string(), e["line"].as_u64().unwrap_or(0)))
        .collect()
}

#[test]
fn a_scaffolded_cards_placeholders_are_not_evidence() {
    let repo = temp_repo(&[("train.py", TRAIN_PY)]);
    let output = run(&["init", repo.path().to_str().unwrap(), "--model-card"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // "- **Owner:** [TODO: the team or person ..., e.g. @your-org/ml-team]" names nobody.
    let (json, _) = lint_json(repo.path(), &[]);
    assert_eq!(verdict(&json, "owners")["status"], "missing", "{json:#}");
    assert_eq!(evidence(&json, "owners"), vec![]);
    let found = findings(&json);
    assert!(found.contains(&("OWN001".into(), ".".into(), 0)), "{found:?}");
    assert!(found.contains(&("CARD002".into(), "MODEL_CARD.md".into(), 7)), "the placeholder itself is a finding");
    // The empty Metrics section is MET003's, not also MET001's: the heading is there.
    assert!(found.iter().any(|f| f.0 == "MET003") && !found.iter().any(|f| f.0 == "MET001"), "{found:?}");

    // Near miss: the same line filled in is evidence.
    let card = std::fs::read_to_string(repo.path().join("MODEL_CARD.md")).unwrap();
    let filled = card.replace(
        "- **Owner:** [TODO: the team or person who answers for this model, e.g. @your-org/ml-team]",
        "- **Owner:** @acme/churn-ml",
    );
    assert_ne!(card, filled, "the scaffold's owner line changed: update this test");
    std::fs::write(repo.path().join("MODEL_CARD.md"), filled).unwrap();
    let (json, _) = lint_json(repo.path(), &[]);
    assert_eq!(verdict(&json, "owners")["status"], "present");
    assert_eq!(evidence(&json, "owners"), vec![("MODEL_CARD.md".to_string(), 7)]);
}

#[test]
fn placeholders_are_never_evidence_in_any_signal() {
    // A maintainers section whose only handle is a template's example, an owners
    // line in angle brackets, and a user's own signal on a `Team:` line.
    let config =
        "[[signal]]\nid = \"team-line\"\nprovides = [\"owners\"]\nfiles = [\"NOTES.md\"]\npattern = '^Team: .+'\n";
    let repo = temp_repo(&[
        ("train.py", TRAIN_PY),
        ("README.md", "# Churn\n\n## Maintainers\n\n[TODO: the team, e.g. @your-org/ml-team]\n"),
        ("MODEL_CARD.md", "# Card\n\nOwner: <owner>\n"),
        ("NOTES.md", "Team: {{ cookiecutter.team }}\n"),
        (".mlready.toml", config),
    ]);
    let (json, _) = lint_json(repo.path(), &[]);
    assert_eq!(verdict(&json, "owners")["status"], "missing", "{:?}", evidence(&json, "owners"));

    // Near misses: real owners next to a TODO that is not a placeholder.
    let repo = temp_repo(&[
        ("train.py", TRAIN_PY),
        ("README.md", "# Churn\n\n## Maintainers\n\n@acme/churn-ml (TODO: add the on-call rota)\n"),
        ("NOTES.md", "Team: churn-squad\n"),
        (".mlready.toml", config),
    ]);
    let (json, _) = lint_json(repo.path(), &[]);
    assert_eq!(verdict(&json, "owners")["status"], "present");
    assert_eq!(
        evidence(&json, "owners"),
        vec![("NOTES.md".to_string(), 1), ("README.md".to_string(), 3)],
        "the user's signal and the maintainers section"
    );
}
